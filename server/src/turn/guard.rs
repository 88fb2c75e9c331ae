//! Relay safety at the protocol level: a `Conn` in front of each TURN listener that
//! answers CreatePermission and ChannelBind requests naming a forbidden peer with
//! `403 Forbidden IP` (as coturn does) instead of passing them to the TURN server,
//! so no permission to an internal address ever exists. Requests whose credentials
//! do not check out pass through, and the server answers them 401.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use stun::attributes::{ATTR_USERNAME, ATTR_XOR_PEER_ADDRESS};
use stun::error_code::{ErrorCodeAttribute, CODE_FORBIDDEN};
use stun::fingerprint::FINGERPRINT;
use stun::integrity::MessageIntegrity;
use stun::message::{
    Message, MessageType, Setter, CLASS_ERROR_RESPONSE, CLASS_REQUEST, METHOD_CHANNEL_BIND, METHOD_CREATE_PERMISSION,
};
use webrtc_util::Conn;

use super::auth::now_unix;
use super::credentials::expected_password;
use super::policy::PeerPolicy;

const MAGIC_COOKIE: u32 = 0x2112_A442;

/// Peer addresses named by XOR-PEER-ADDRESS attributes (RFC 5766 §14.3).
pub fn xor_peer_addresses(m: &Message) -> Vec<IpAddr> {
    let cookie = MAGIC_COOKIE.to_be_bytes();
    m.attributes
        .0
        .iter()
        .filter(|a| a.typ == ATTR_XOR_PEER_ADDRESS)
        .filter_map(|a| {
            let v = &a.value;
            match (v.get(1), v.len()) {
                (Some(1), 8) => {
                    let o: Vec<u8> = v[4..8].iter().zip(cookie).map(|(b, k)| b ^ k).collect();
                    Some(IpAddr::V4(Ipv4Addr::new(o[0], o[1], o[2], o[3])))
                }
                (Some(2), 20) => {
                    let key: Vec<u8> = cookie.iter().chain(m.transaction_id.0.iter()).copied().collect();
                    let o: Vec<u8> = v[4..20].iter().zip(key).map(|(b, k)| b ^ k).collect();
                    let bytes: [u8; 16] = o.try_into().ok()?;
                    Some(IpAddr::V6(Ipv6Addr::from(bytes)))
                }
                _ => None,
            }
        })
        .collect()
}

/// The 403 answer for `packet` if it is a CreatePermission or ChannelBind request
/// naming a peer the policy forbids and carrying valid REST credentials.
pub fn refusal_for(packet: &[u8], policy: &PeerPolicy, secret: &[u8], realm: &str, now: u64) -> Option<Vec<u8>> {
    if !stun::message::is_message(packet) {
        return None;
    }
    let mut request = Message::new();
    request.unmarshal_binary(packet).ok()?;
    let method = request.typ.method;
    if request.typ.class != CLASS_REQUEST || (method != METHOD_CREATE_PERMISSION && method != METHOD_CHANNEL_BIND) {
        return None;
    }
    if xor_peer_addresses(&request).iter().all(|ip| policy.permits(*ip)) {
        return None;
    }
    let username = String::from_utf8(request.get(ATTR_USERNAME).ok()?).ok()?;
    let password = expected_password(secret, &username, now).ok()?;
    let mut response = Message::new();
    let setters: Vec<Box<dyn Setter>> = vec![
        Box::new(request.transaction_id),
        Box::new(MessageType::new(method, CLASS_ERROR_RESPONSE)),
        Box::new(ErrorCodeAttribute { code: CODE_FORBIDDEN, reason: b"Forbidden IP".to_vec() }),
        Box::new(MessageIntegrity::new_long_term_integrity(username, realm.to_string(), password)),
        Box::new(FINGERPRINT),
    ];
    response.build(&setters).ok()?;
    Some(response.raw)
}

/// Wraps a listener's `Conn`; see the module documentation.
pub struct GuardedConn {
    pub inner: Arc<dyn Conn + Send + Sync>,
    pub policy: PeerPolicy,
    pub secret: Vec<u8>,
    pub realm: String,
    pub refused: Arc<AtomicU64>,
}

#[async_trait]
impl Conn for GuardedConn {
    async fn connect(&self, addr: SocketAddr) -> webrtc_util::Result<()> {
        self.inner.connect(addr).await
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        self.inner.recv(buf).await
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        loop {
            let (n, src) = self.inner.recv_from(buf).await?;
            match refusal_for(&buf[..n], &self.policy, &self.secret, &self.realm, now_unix()) {
                Some(answer) => {
                    self.refused.fetch_add(1, Ordering::Relaxed);
                    tracing::info!(%src, "refused a TURN permission to an internal address");
                    let _ = self.inner.send_to(&answer, src).await;
                }
                None => return Ok((n, src)),
            }
        }
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        self.inner.send(buf).await
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        self.inner.send_to(buf, target).await
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        self.inner.local_addr()
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        self.inner.remote_addr()
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        self.inner.close().await
    }

    fn as_any(&self) -> &(dyn std::any::Any + Send + Sync) {
        self
    }
}

#[cfg(test)]
mod tests {
    use stun::agent::TransactionId;
    use stun::error_code::ErrorCodeAttribute;
    use stun::message::Getter;
    use stun::textattrs::TextAttribute;
    use stun::xoraddr::XorMappedAddress;

    use super::*;
    use crate::turn::credentials;

    fn request(method: stun::message::Method, peer: &str, username: &str) -> Vec<u8> {
        let mut m = Message::new();
        let peer = XorMappedAddress { ip: peer.parse().unwrap(), port: 9 };
        let mut setters: Vec<Box<dyn Setter>> =
            vec![Box::new(TransactionId::new()), Box::new(MessageType::new(method, CLASS_REQUEST))];
        setters.push(Box::new(TextAttribute::new(ATTR_USERNAME, username.to_string())));
        m.build(&setters).unwrap();
        let mut with_peer = m.clone();
        peer.add_to_as(&mut with_peer, ATTR_XOR_PEER_ADDRESS).unwrap();
        with_peer.raw
    }

    fn username() -> String {
        credentials::issue(b"secret", now_unix(), "test").username
    }

    #[test]
    fn xor_peer_address_decodes_ipv4_and_ipv6() {
        for peer in ["169.254.169.254", "2001:db8::7"] {
            let mut m = Message::new();
            m.unmarshal_binary(&request(METHOD_CREATE_PERMISSION, peer, "u")).unwrap();
            assert_eq!(xor_peer_addresses(&m), vec![peer.parse::<IpAddr>().unwrap()]);
        }
    }

    #[test]
    fn permission_to_internal_address_gets_403_with_integrity() {
        for peer in ["127.0.0.1", "10.0.0.1", "169.254.169.254"] {
            let answer = refusal_for(
                &request(METHOD_CREATE_PERMISSION, peer, &username()),
                &PeerPolicy::default(),
                b"secret",
                "r",
                now_unix(),
            )
            .unwrap_or_else(|| panic!("{peer} must be refused"));
            let mut m = Message::new();
            m.unmarshal_binary(&answer).unwrap();
            assert_eq!(m.typ, MessageType::new(METHOD_CREATE_PERMISSION, CLASS_ERROR_RESPONSE));
            let mut code = ErrorCodeAttribute::default();
            code.get_from(&m).unwrap();
            assert!(code.code == CODE_FORBIDDEN, "expected 403");
            let password = credentials::expected_password(b"secret", &username(), now_unix()).unwrap();
            MessageIntegrity::new_long_term_integrity(username(), "r".into(), password).check(&mut m).unwrap();
        }
    }

    #[test]
    fn channel_bind_to_internal_address_is_refused_too() {
        let packet = request(METHOD_CHANNEL_BIND, "192.168.0.10", &username());
        assert!(refusal_for(&packet, &PeerPolicy::default(), b"secret", "r", now_unix()).is_some());
    }

    #[test]
    fn public_and_allowed_peers_pass_through() {
        let policy = PeerPolicy::new(vec!["10.1.1.1".parse().unwrap()]);
        for peer in ["8.8.8.8", "10.1.1.1"] {
            let packet = request(METHOD_CREATE_PERMISSION, peer, &username());
            assert_eq!(refusal_for(&packet, &policy, b"secret", "r", now_unix()), None, "{peer}");
        }
    }

    #[test]
    fn requests_with_bad_credentials_pass_through_for_the_server_to_refuse() {
        let packet = request(METHOD_CREATE_PERMISSION, "10.0.0.1", "not-a-rest-username");
        assert_eq!(refusal_for(&packet, &PeerPolicy::default(), b"secret", "r", now_unix()), None);
    }

    #[test]
    fn non_stun_data_passes_through() {
        assert_eq!(refusal_for(b"\x40\x00\x00\x04abcd", &PeerPolicy::default(), b"s", "r", 0), None);
    }
}
