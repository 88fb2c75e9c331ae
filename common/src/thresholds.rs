//! The figures a run is judged against, in one place: the verdict rules and the
//! labels the report shows (MOS words) read them from here.

use serde::{Deserialize, Serialize};

use crate::profile::MediaPolicy;

/// The default requirement profile: what browser-softphone vendors ask of an
/// agent's computer and network (docs/requirements.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Round trips below this pass.
    pub rtt_pass_ms: f64,
    /// Round trips above this fail; in between is a warning.
    pub rtt_fail_ms: f64,
    /// Jitter at or above this warns.
    pub jitter_pass_ms: f64,
    /// Loss below this passes.
    pub loss_pass_pct: f64,
    /// Loss above this fails; in between is a warning.
    pub loss_fail_pct: f64,
    /// MOS at or above this passes ("good").
    pub mos_pass: f64,
    /// MOS below this fails ("poor"); in between is "fair", a warning.
    pub mos_fail: f64,
    /// Bandwidth one call needs each way (kbit/s).
    pub per_call_kbps: f64,
    /// A rise of the round trip under load above this hurts calls (bufferbloat).
    pub loaded_increase_warn_ms: f64,
    /// Memory softphones ask for.
    pub recommended_memory_gb: f64,
    /// Oldest Chrome that passes.
    pub min_chrome_major: u32,
    /// Oldest Firefox that passes.
    pub min_firefox_major: u32,
    /// What a network with only TCP relay for media gets.
    #[serde(default)]
    pub media: MediaPolicy,
    /// The path MTU the platform asks for (1500 for some PBXs); a smaller path then
    /// warns. `None`: the MTU is shown as a fact only.
    #[serde(default)]
    pub required_mtu: Option<u32>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            rtt_pass_ms: 150.0,
            rtt_fail_ms: 300.0,
            jitter_pass_ms: 30.0,
            loss_pass_pct: 1.0,
            loss_fail_pct: 3.0,
            mos_pass: 3.6,
            mos_fail: 3.1,
            per_call_kbps: 100.0,
            loaded_increase_warn_ms: 100.0,
            recommended_memory_gb: 8.0,
            min_chrome_major: 109,
            min_firefox_major: 115,
            media: MediaPolicy::UdpPreferred,
            required_mtu: None,
        }
    }
}
