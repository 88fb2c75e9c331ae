//! The listeners a requirement profile's checks need beside the main ones: every
//! TCP port a selected profile names (HTTP(S) and the WebSocket echo, see [`tcp`])
//! and a sample of every UDP range (STUN/TURN that records which ports a page's
//! probes reached, see [`udp`]). Which profiles' ports are opened is the operator's
//! choice (`--profile-ports`); a port that cannot be bound is logged once at start
//! and its check says "not offered by this server".

pub mod tcp;
pub mod udp;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use callready_common::profile::{Profile, UDP_SAMPLE_PORTS};
use tokio::net::{TcpListener, UdpSocket};
use tokio::task::JoinHandle;
use tokio_rustls::rustls::ServerConfig;

use crate::error::StartError;
use crate::profiles::Profiles;

/// Which profiles' ports the server opens (`--profile-ports`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfilePorts {
    /// Every loaded profile's (the default).
    All,
    /// None: profile port checks say "not offered by this server".
    None,
    /// These profiles' only.
    Only(Vec<String>),
}

impl std::str::FromStr for ProfilePorts {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "all" => Ok(ProfilePorts::All),
            "none" | "" => Ok(ProfilePorts::None),
            list => {
                let ids: Vec<String> =
                    list.split(',').map(|id| id.trim().to_string()).filter(|id| !id.is_empty()).collect();
                match ids.iter().find(|id| !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
                    Some(bad) => {
                        Err(format!("{bad:?} is not a profile id (use all, none, or ids separated by commas)"))
                    }
                    None => Ok(ProfilePorts::Only(ids)),
                }
            }
        }
    }
}

/// Where and how the profile ports listen.
pub struct PortSettings {
    pub which: ProfilePorts,
    /// The address TCP ports bind on: that of the public TURN over TCP listener
    /// (--listen is often loopback behind a reverse proxy).
    pub tcp_ip: std::net::IpAddr,
    /// The main listener's port: a profile port equal to it is that listener.
    pub main_port: u16,
    /// The address UDP ports bind on.
    pub udp_ip: std::net::IpAddr,
    /// TLS for clients that start with a handshake.
    pub tls: Arc<ServerConfig>,
    pub self_signed: bool,
    pub limits: tcp::PortLimits,
    /// Where the UDP ports record what they hear.
    pub probes: Arc<crate::probe_tokens::ProbeTokens>,
}

/// The profile ports this server opened.
pub struct PlatformService {
    /// TCP ports that answer (the main listener's included when a profile names it).
    pub tcp_ports: Vec<u16>,
    /// UDP ports that answer.
    pub udp_ports: Vec<u16>,
    /// The TCP ports' certificate is self-signed.
    pub self_signed: bool,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for PlatformService {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// For each port, the profiles that name it ("uc-pbx, crm-integration").
fn wanted(profiles: &[&Profile]) -> (BTreeMap<u16, Vec<String>>, BTreeMap<u16, Vec<String>>) {
    let mut tcp: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    let mut udp: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for profile in profiles {
        for port in &profile.tcp_ports {
            tcp.entry(port.port).or_default().push(profile.id.clone());
        }
        for range in &profile.udp_ranges {
            for port in range.sample(UDP_SAMPLE_PORTS) {
                let ids = udp.entry(port).or_default();
                if !ids.contains(&profile.id) {
                    ids.push(profile.id.clone());
                }
            }
        }
    }
    (tcp, udp)
}

fn why(err: &std::io::Error, port: u16) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied if port < 1024 => {
            "ports below 1024 need root or CAP_NET_BIND_SERVICE".to_string()
        }
        std::io::ErrorKind::AddrInUse => "something else listens there".to_string(),
        _ => err.to_string(),
    }
}

impl PlatformService {
    /// Opens the selected profiles' ports; `Err` only for a `--profile-ports` id no
    /// profile has.
    pub async fn start(profiles: &Profiles, settings: PortSettings) -> Result<PlatformService, StartError> {
        let selected: Vec<&Profile> = match &settings.which {
            ProfilePorts::All => profiles.all().collect(),
            ProfilePorts::None => Vec::new(),
            ProfilePorts::Only(ids) => {
                let mut chosen = Vec::new();
                for id in ids {
                    let profile = profiles
                        .get(id)
                        .ok_or_else(|| StartError::Config(format!("--profile-ports: no profile has the id {id:?}")))?;
                    chosen.push(profile);
                }
                chosen
            }
        };
        let (tcp_wanted, udp_wanted) = wanted(&selected);
        let mut service = PlatformService {
            tcp_ports: Vec::new(),
            udp_ports: Vec::new(),
            self_signed: settings.self_signed,
            tasks: Vec::new(),
        };
        let slots = tcp::slots(settings.limits);
        for (port, ids) in tcp_wanted {
            if port == settings.main_port {
                // The main listener answers the same paths.
                service.tcp_ports.push(port);
                continue;
            }
            let addr = SocketAddr::new(settings.tcp_ip, port);
            let bound = match TcpListener::bind(addr).await {
                Ok(listener) => {
                    tcp::SniffingListener::new(listener, settings.tls.clone(), slots.clone(), settings.limits)
                }
                Err(err) => Err(err),
            };
            match bound {
                Ok(listener) => {
                    service.tcp_ports.push(port);
                    service.tasks.push(tokio::spawn(async move {
                        let _ = axum::serve(listener, tcp::router()).await;
                    }));
                }
                Err(err) => tracing::warn!(
                    "profile port TCP {port} ({}) is not offered: {}; its check will say \"not offered by this server\"",
                    ids.join(", "),
                    why(&err, port)
                ),
            }
        }
        for (port, ids) in udp_wanted {
            let addr = SocketAddr::new(settings.udp_ip, port);
            match UdpSocket::bind(addr).await {
                Ok(socket) => {
                    service.udp_ports.push(port);
                    service.tasks.push(tokio::spawn(udp::serve(Arc::new(socket), settings.probes.clone(), false)));
                }
                Err(err) => tracing::warn!(
                    "profile port UDP {port} ({}) is not offered: {}; its sample will say \"not offered by this server\"",
                    ids.join(", "),
                    why(&err, port)
                ),
            }
        }
        if !service.tcp_ports.is_empty() || !service.udp_ports.is_empty() {
            tracing::info!(tcp = ?service.tcp_ports, udp = service.udp_ports.len(), "requirement profile ports open");
        }
        Ok(service)
    }

    /// Stops every profile port.
    pub fn close(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The two NAT probe ports (`--nat-probe-udp`).
pub struct NatProbe {
    pub ports: Vec<u16>,
    tasks: Vec<JoinHandle<()>>,
}

impl NatProbe {
    /// Binds both addresses (or none); a failure names the flag.
    pub async fn start(
        addrs: &[SocketAddr],
        probes: Arc<crate::probe_tokens::ProbeTokens>,
    ) -> Result<NatProbe, StartError> {
        if !matches!(addrs.len(), 0 | 2) {
            return Err(StartError::Config(format!(
                "--nat-probe-udp takes two addresses (or none, to turn the probe off), not {}",
                addrs.len()
            )));
        }
        let mut probe = NatProbe { ports: Vec::new(), tasks: Vec::new() };
        for addr in addrs {
            let socket = UdpSocket::bind(addr).await.map_err(|source| StartError::Bind {
                flag: "--nat-probe-udp",
                addr: *addr,
                source,
            })?;
            let port = socket
                .local_addr()
                .map_err(|source| StartError::Bind { flag: "--nat-probe-udp", addr: *addr, source })?
                .port();
            probe.ports.push(port);
            probe.tasks.push(tokio::spawn(udp::serve(Arc::new(socket), probes.clone(), true)));
        }
        Ok(probe)
    }

    /// Stops answering.
    pub fn close(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Drop for NatProbe {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::ProfilePorts;

    #[test]
    fn profile_ports_are_all_none_or_ids() {
        assert_eq!("all".parse(), Ok(ProfilePorts::All));
        assert_eq!("none".parse(), Ok(ProfilePorts::None));
        assert_eq!(
            "uc-pbx, crm-integration".parse(),
            Ok(ProfilePorts::Only(vec!["uc-pbx".into(), "crm-integration".into()]))
        );
        assert!("uc pbx".parse::<ProfilePorts>().is_err());
    }
}
