//! Round trips of small uncacheable HTTPS requests to the server.

use serde::{Deserialize, Serialize};

use super::FetchFailure;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpsReport {
    /// Round-trip times of the requests that succeeded.
    pub rtt_ms: Vec<f64>,
    pub attempts: u32,
    /// The last failure, if any request failed.
    pub failure: Option<FetchFailure>,
}
