//! Requirement profiles: what one kind of platform asks of an agent's computer and
//! network, written down once by the operator (TOML files read by the server) and
//! applied to every run of a session: the thresholds and media policy the verdict
//! uses, the calls a site needs, and a checklist for IT of what a page cannot test.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::thresholds::Thresholds;

/// How a profile treats a network where only TURN over TCP or TLS carries media.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaPolicy {
    /// UDP must work: TCP relay alone fails.
    UdpRequired,
    /// UDP is expected: TCP relay alone warns (the built-in default).
    #[default]
    UdpPreferred,
    /// Relay over TCP or TLS is fine for this platform: it passes, with a note.
    RelayAcceptable,
    /// The platform has no TURN relay: media flows directly over UDP (peer to peer,
    /// or to media servers on public addresses). A TCP relay alone fails, and so
    /// does a symmetric NAT, which only a relay gets through.
    DirectOnly,
}

impl MediaPolicy {
    /// Whether media needs UDP to work: a TCP relay alone fails.
    pub fn needs_udp(self) -> bool {
        matches!(self, MediaPolicy::UdpRequired | MediaPolicy::DirectOnly)
    }
}

/// A TCP port the platform needs open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcpPort {
    /// The port, 1 to 65535.
    pub port: u16,
    /// What the platform uses it for, in the vendor's words.
    pub purpose: String,
    /// Whether the platform speaks TLS on it.
    #[serde(default)]
    pub tls: bool,
}

/// A UDP port range the platform's media uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UdpRange {
    /// First port of the range.
    pub from: u16,
    /// Last port of the range (included).
    pub to: u16,
    /// What the platform uses it for.
    pub purpose: String,
}

/// A web address the platform needs reachable (licensing, updates, push…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// An `https://` (or `http://`) URL.
    pub url: String,
    /// What the platform uses it for.
    pub purpose: String,
}

/// Something IT must see to that a web page cannot test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// The item, short ("SIP ALG off").
    pub item: String,
    /// What the vendor's document says, in its words.
    pub vendor_says: String,
    /// Why it matters for calls.
    pub why: String,
    /// The catalogue row it comes from (docs/requirements.md), e.g. "P7".
    #[serde(default)]
    pub row: Option<String>,
}

/// A profile as the page, the verdict and the report use it: everything resolved
/// (thresholds complete, the per-call rate from the codec).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Short identifier (`uc-pbx`), what a session names.
    pub id: String,
    /// Human name ("UC application with its own PBX").
    pub name: String,
    /// One or two sentences on which platforms it fits.
    pub description: String,
    /// The figures runs are judged against, media policy included.
    pub thresholds: Thresholds,
    /// Simultaneous calls a site needs when the session does not say.
    pub calls: Option<u32>,
    /// TCP ports the platform needs (shown to IT; not probed yet).
    #[serde(default)]
    pub tcp_ports: Vec<TcpPort>,
    /// UDP ranges the platform's media uses (shown to IT; not probed yet).
    #[serde(default)]
    pub udp_ranges: Vec<UdpRange>,
    /// Web addresses the platform needs (shown to IT; not probed yet).
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// What IT must check by hand.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// The profile's texts in other languages, by language code (`fr`): what the
    /// operator translated; [`Profile::in_language`] applies them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, ProfileTexts>,
}

/// A profile's texts in one language. Each list follows the profile's own (its
/// checklist, ports, ranges and addresses, in order); anything left out stays as
/// written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileTexts {
    /// The profile's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Which platforms it fits.
    #[serde(default)]
    pub description: Option<String>,
    /// The purpose of each TCP port.
    #[serde(default)]
    pub tcp_ports: Vec<String>,
    /// The purpose of each UDP range.
    #[serde(default)]
    pub udp_ranges: Vec<String>,
    /// The purpose of each web address.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Each checklist item.
    #[serde(default)]
    pub checklist: Vec<ChecklistText>,
}

/// A checklist item in another language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistText {
    /// The item, short.
    pub item: String,
    /// What the vendor's document says.
    pub vendor_says: String,
    /// Why it matters for calls.
    pub why: String,
}

/// The id of the profile a session without one uses.
pub const DEFAULT_PROFILE: &str = "default";

/// `GET /api/profiles`: one entry per profile the server knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSummary {
    /// What a session names.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Which platforms it fits.
    pub description: String,
}

impl Profile {
    /// What the platform needs open from the agents' computers, a line each, as the
    /// report's box for IT lists it: `TCP 443 (TLS): signalling`, `UDP 16384–32768:
    /// media`, `https://cdn.example.com: updates` (operator data, shown as written).
    pub fn open_lines(&self) -> Vec<String> {
        let mut open: Vec<String> = self
            .tcp_ports
            .iter()
            .map(|p| format!("TCP {}{}: {}", p.port, if p.tls { " (TLS)" } else { "" }, p.purpose))
            .collect();
        open.extend(self.udp_ranges.iter().map(|r| format!("UDP {}–{}: {}", r.from, r.to, r.purpose)));
        open.extend(self.domains.iter().map(|d| format!("{}: {}", d.url, d.purpose)));
        open
    }

    /// The entry of the profile list.
    pub fn summary(&self) -> ProfileSummary {
        ProfileSummary { id: self.id.clone(), name: self.name.clone(), description: self.description.clone() }
    }

    /// The profile as a reader of `lang` sees it: its texts in that language where
    /// the operator translated them, as written elsewhere.
    pub fn in_language(&self, lang: Lang) -> Profile {
        let mut profile = self.clone();
        let Some(texts) = self.translations.get(lang.code()) else {
            return profile;
        };
        if let Some(name) = &texts.name {
            profile.name = name.clone();
        }
        if let Some(description) = &texts.description {
            profile.description = description.clone();
        }
        for (port, purpose) in profile.tcp_ports.iter_mut().zip(&texts.tcp_ports) {
            port.purpose = purpose.clone();
        }
        for (range, purpose) in profile.udp_ranges.iter_mut().zip(&texts.udp_ranges) {
            range.purpose = purpose.clone();
        }
        for (domain, purpose) in profile.domains.iter_mut().zip(&texts.domains) {
            domain.purpose = purpose.clone();
        }
        for (item, text) in profile.checklist.iter_mut().zip(&texts.checklist) {
            item.item = text.item.clone();
            item.vendor_says = text.vendor_says.clone();
            item.why = text.why.clone();
        }
        profile
    }

    /// The calls a session needs: its own figure, else the profile's, else one.
    pub fn calls_needed(&self, session_calls: Option<u32>) -> u32 {
        session_calls.or(self.calls).unwrap_or(1).max(1)
    }
}

/// Most TCP ports one profile may name.
pub const MAX_TCP_PORTS: usize = 32;
/// Most UDP ranges one profile may name.
pub const MAX_UDP_RANGES: usize = 8;
/// Most web addresses one profile may name.
pub const MAX_DOMAINS: usize = 16;

/// How many ports of a UDP range the page samples.
pub const UDP_SAMPLE_PORTS: usize = 16;

/// Ports browsers refuse to open HTTP or WebSocket connections to (the Fetch
/// standard's "bad ports", which Chromium and Firefox both apply): a profile port
/// among them cannot be checked from a page.
const BAD_PORTS: [u16; 83] = [
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109,
    110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531,
    532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
    5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
];

/// Whether a page may open `https://host:port` and `wss://host:port`.
pub fn browser_connects_to_tcp(port: u16) -> bool {
    !BAD_PORTS.contains(&port)
}

/// Whether browsers send STUN/TURN to this UDP port: 53, 80, 443 and 1024 and up
/// (Chromium refuses TURN servers on the other privileged ports, Firefox too).
pub fn browser_sends_stun_to(port: u16) -> bool {
    matches!(port, 53 | 80 | 443) || port >= 1024
}

impl UdpRange {
    /// `count` ports spread evenly across the range, the first and the last
    /// included (every port when the range is smaller), leaving out ports browsers
    /// will not send STUN to. Sorted, without duplicates.
    pub fn sample(&self, count: usize) -> Vec<u16> {
        let (from, to) = (u32::from(self.from.min(self.to)), u32::from(self.to.max(self.from)));
        let span = to - from;
        let mut ports: Vec<u16> = if span < count as u32 || count < 2 {
            (from..=to).map(|p| p as u16).collect()
        } else {
            let steps = count as u32 - 1;
            (0..=steps).map(|i| (from + (i * span + steps / 2) / steps) as u16).collect()
        };
        ports.retain(|p| browser_sends_stun_to(*p));
        ports.dedup();
        ports
    }

    /// "UDP 16384–32768", or "UDP 5004" for a one-port range.
    pub fn describe(&self) -> String {
        if self.from == self.to {
            format!("UDP {}", self.from)
        } else {
            format!("UDP {}–{}", self.from, self.to)
        }
    }
}

/// The host of an `http(s)://` URL (without port or brackets), if it has one.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

/// The origin of an `http(s)://` URL (`https://host[:port]`), what a
/// Content-Security-Policy lists.
pub fn url_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let safe = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
    (!authority.is_empty() && authority.chars().all(safe))
        .then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: u16, to: u16) -> UdpRange {
        UdpRange { from, to, purpose: String::new() }
    }

    #[test]
    fn a_sample_spreads_evenly_with_both_ends() {
        let ports = range(16384, 32768).sample(16);
        assert_eq!(ports.len(), 16);
        assert_eq!((ports[0], ports[15]), (16384, 32768));
        let gaps: Vec<u16> = ports.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|g| (1092..=1093).contains(g)), "{gaps:?}");
    }

    #[test]
    fn a_small_range_is_sampled_whole_and_a_single_port_once() {
        assert_eq!(range(10000, 10003).sample(16), vec![10000, 10001, 10002, 10003]);
        assert_eq!(range(5004, 5004).sample(16), vec![5004]);
        assert_eq!(range(65530, 65535).sample(16), (65530..=65535).collect::<Vec<_>>());
    }

    #[test]
    fn a_sample_leaves_out_ports_browsers_will_not_use() {
        let ports = range(1000, 1030).sample(31);
        assert_eq!(ports[0], 1024);
        assert!(range(440, 450).sample(16) == vec![443]);
    }

    #[test]
    fn browsers_refuse_sip_ports_but_not_the_platform_ones() {
        assert!(!browser_connects_to_tcp(5060) && !browser_connects_to_tcp(5061) && !browser_connects_to_tcp(6000));
        for port in [443, 7443, 8000, 8077, 8078, 8443] {
            assert!(browser_connects_to_tcp(port), "{port}");
        }
        assert!(browser_sends_stun_to(443) && browser_sends_stun_to(3478) && !browser_sends_stun_to(500));
    }

    #[test]
    fn hosts_and_origins_come_from_urls() {
        assert_eq!(url_host("https://push.apple.com/"), Some("push.apple.com"));
        assert_eq!(url_host("https://user@lic.example.com:8443/x?y"), Some("lic.example.com"));
        assert_eq!(url_host("https://[2001:db8::1]:8443/"), Some("2001:db8::1"));
        assert_eq!(url_host("ftp://x/"), None);
        assert_eq!(url_origin("https://Lic.Example.com:8443/path"), Some("https://lic.example.com:8443".into()));
        assert_eq!(url_origin("http://a.test/"), Some("http://a.test".into()));
        assert_eq!(url_origin("https://a b/"), None);
        assert_eq!(url_origin("https://a.test;script-src/"), None);
    }
}
