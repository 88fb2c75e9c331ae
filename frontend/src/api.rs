//! Calls to the CallReady JSON API.

use callready_common::api::{
    CheckStatus, ClientConfig, CreateSessionRequest, ErrorBody, RunSaved, RunSubmission, SessionCreated, SessionView,
    PROBE_HEADER,
};
use callready_common::brand::BrandView;
use callready_common::probes::region::RegionList;
use serde::de::DeserializeOwned;

use crate::browser::api_url;
use crate::browser::http::{send_with, HttpError};
use crate::i18n::t;

pub(crate) const TIMEOUT_MS: u32 = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// No answer: worth retrying.
    Unreachable(String),
    /// The server answered with an error; `retry` when it may pass later (5xx, 408, 429).
    Refused { status: u16, message: String, retry: bool },
    /// The server accepted the request (2xx) but its answer could not be read.
    Unreadable { status: u16, message: String },
}

impl ApiFailure {
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable(why) => why.clone(),
            ApiFailure::Refused { message, .. } | ApiFailure::Unreadable { message, .. } => message.clone(),
        }
    }

    /// The failure in a sentence for the agent.
    pub fn describe(&self) -> String {
        match self {
            ApiFailure::Refused { status, message, .. } => {
                crate::t!("api-refused", status = status.to_string(), message = message.clone())
            }
            ApiFailure::Unreachable(why) => why.clone(),
            ApiFailure::Unreadable { message, .. } => message.clone(),
        }
    }

    pub fn worth_retrying(&self) -> bool {
        match self {
            ApiFailure::Unreachable(_) => true,
            ApiFailure::Refused { retry, .. } => *retry,
            ApiFailure::Unreadable { .. } => false,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiFailure::Refused { status: 404, .. })
    }
}

pub(crate) async fn call<T: DeserializeOwned>(method: &str, path: &str, body: Option<String>) -> Result<T, ApiFailure> {
    call_with(method, path, body, None).await
}

pub(crate) fn network_failure(e: HttpError) -> ApiFailure {
    match e {
        HttpError::Network => ApiFailure::Unreachable(t("api-unreachable")),
        HttpError::Timeout => ApiFailure::Unreachable(t("api-timeout")),
    }
}

/// [`call`] with the probe header set to `probe`, so the server can tell whether
/// something on the way changes request headers. Every call goes to the API origin
/// (the region the test runs in, see [`crate::browser::set_api_origin`]).
async fn call_with<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    probe: Option<&str>,
) -> Result<T, ApiFailure> {
    let header = probe.map(|value| (PROBE_HEADER, value));
    let answer =
        send_with(method, &api_url(path), body.as_deref(), header, TIMEOUT_MS).await.map_err(network_failure)?;
    answered(answer)
}

/// An API error in the page's language, by its code (`api-error-<code>`; the
/// server's English message is the `detail` of the ones that name a field); the
/// server's message as it is for a code this page does not know.
fn error_text(code: &str, message: String) -> String {
    let id = format!("api-error-{}", code.replace('_', "-"));
    let text = crate::t!(&id, detail = message.clone());
    if text == id {
        message
    } else {
        text
    }
}

/// The answer read: its JSON on success, else the server's error message.
pub(crate) fn answered<T: DeserializeOwned>(answer: crate::browser::http::Answer) -> Result<T, ApiFailure> {
    if (200..300).contains(&answer.status) {
        return serde_json::from_str(&answer.body).map_err(|e| ApiFailure::Unreadable {
            status: answer.status,
            message: crate::t!("api-unexpected-answer", error = e.to_string()),
        });
    }
    let message = serde_json::from_str::<ErrorBody>(&answer.body)
        .map(|b| error_text(&b.error.code, b.error.message))
        .unwrap_or_else(|_| crate::t!("api-http-status", status = answer.status.to_string()));
    let retry = answer.status >= 500 || answer.status == 408 || answer.status == 429;
    Err(ApiFailure::Refused { status: answer.status, message, retry })
}

#[cfg(feature = "support-pages")]
mod support;
#[cfg(feature = "support-pages")]
pub use support::*;

/// The deployment's regions, as this page's own node lists them (whichever node
/// the test then runs in); no answer within `timeout_ms` is a failure.
pub async fn regions(timeout_ms: u32) -> Result<RegionList, ApiFailure> {
    answered(send_with("GET", "/api/regions", None, None, timeout_ms).await.map_err(network_failure)?)
}

pub async fn config() -> Result<ClientConfig, ApiFailure> {
    call("GET", "/api/config", None).await
}

/// The session; `R` is how its runs are read (see [`SessionView`]).
pub async fn session<R: DeserializeOwned>(code: &str) -> Result<SessionView<R>, ApiFailure> {
    call("GET", &format!("/api/sessions/{code}"), None).await
}

pub async fn create_session() -> Result<SessionCreated, ApiFailure> {
    let body = serde_json::to_string(&CreateSessionRequest::default()).unwrap_or_default();
    call("POST", "/api/sessions", Some(body)).await
}

/// The deployment's brand, `None` when it has none.
pub async fn brand() -> Result<Option<BrandView>, ApiFailure> {
    call("GET", "/api/brand", None).await
}

/// Saves a run; the page judged it already, so of the server's lines it reads each
/// check's status only.
pub async fn save_run(code: &str, run: &RunSubmission) -> Result<RunSaved<CheckStatus>, ApiFailure> {
    let body = serde_json::to_string(run).map_err(|e| ApiFailure::Refused {
        status: 0,
        message: e.to_string(),
        retry: false,
    })?;
    call_with("POST", &format!("/api/sessions/{code}/runs"), Some(body), Some(&run.client_run_id)).await
}

/// What the server sees of this page's path (`probe` also goes in the probe header).
pub async fn whoami(probe: &str) -> Result<callready_common::api::WhoAmI, ApiFailure> {
    call_with("GET", &format!("/api/whoami?probe={probe}"), None, Some(probe)).await
}

/// The UDP ports the server heard this page's probes on (`token` from the config).
pub async fn probe_heard(token: &str) -> Result<callready_common::api::ProbeHeard, ApiFailure> {
    call("GET", &format!("/api/probe/{token}"), None).await
}
