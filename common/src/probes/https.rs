//! Round trips of small uncacheable HTTPS requests to the server.

use serde::{Deserialize, Serialize};

use super::FetchFailure;

/// Timed `GET /api/ping` requests (no-store), after one unmeasured warm-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpsReport {
    /// Round-trip times of the requests that succeeded.
    pub rtt_ms: Vec<f64>,
    /// Requests timed, the warm-up not included.
    pub attempts: u32,
    /// The last failure, if any request failed.
    pub failure: Option<FetchFailure>,
    /// Of the round trips, how many the page timed by its own clock around the
    /// request, the browser having given no Resource Timing entry for it (0 in runs
    /// stored before this was recorded).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub page_timed: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
