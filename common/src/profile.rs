//! Requirement profiles: what one kind of platform asks of an agent's computer and
//! network, written down once by the operator (TOML files read by the server) and
//! applied to every run of a session: the thresholds and media policy the verdict
//! uses, the calls a site needs, and a checklist for IT of what a page cannot test.

use serde::{Deserialize, Serialize};

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
    /// The entry of the profile list.
    pub fn summary(&self) -> ProfileSummary {
        ProfileSummary { id: self.id.clone(), name: self.name.clone(), description: self.description.clone() }
    }

    /// The calls a session needs: its own figure, else the profile's, else one.
    pub fn calls_needed(&self, session_calls: Option<u32>) -> u32 {
        session_calls.or(self.calls).unwrap_or(1).max(1)
    }
}
