//! Calls to the CallReady JSON API.

use callready_common::api::{
    ClientConfig, CreateSessionRequest, DeliveryView, ErrorBody, NewWebhook, RunSaved, RunSubmission, SessionCreated,
    SessionView, WebhookView, PROBE_HEADER,
};
use callready_common::brand::{BrandSettings, BrandView};
use serde::de::DeserializeOwned;

use crate::browser::http::{send_with, HttpError};
use crate::i18n::t;

const TIMEOUT_MS: u32 = 10_000;

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

async fn call<T: DeserializeOwned>(method: &str, path: &str, body: Option<String>) -> Result<T, ApiFailure> {
    call_with(method, path, body, None).await
}

fn network_failure(e: HttpError) -> ApiFailure {
    match e {
        HttpError::Network => ApiFailure::Unreachable(t("api-unreachable")),
        HttpError::Timeout => ApiFailure::Unreachable(t("api-timeout")),
    }
}

/// [`call`] with the probe header set to `probe`, so the server can tell whether
/// something on the way changes request headers.
async fn call_with<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    probe: Option<&str>,
) -> Result<T, ApiFailure> {
    let header = probe.map(|value| (PROBE_HEADER, value));
    let answer = send_with(method, path, body.as_deref(), header, TIMEOUT_MS).await.map_err(network_failure)?;
    answered(answer)
}

/// The answer read: its JSON on success, else the server's error message.
fn answered<T: DeserializeOwned>(answer: crate::browser::http::Answer) -> Result<T, ApiFailure> {
    if (200..300).contains(&answer.status) {
        return serde_json::from_str(&answer.body).map_err(|e| ApiFailure::Unreadable {
            status: answer.status,
            message: crate::t!("api-unexpected-answer", error = e.to_string()),
        });
    }
    let message = serde_json::from_str::<ErrorBody>(&answer.body)
        .map(|b| b.error.message)
        .unwrap_or_else(|_| crate::t!("api-http-status", status = answer.status.to_string()));
    let retry = answer.status >= 500 || answer.status == 408 || answer.status == 429;
    Err(ApiFailure::Refused { status: answer.status, message, retry })
}

pub async fn config() -> Result<ClientConfig, ApiFailure> {
    call("GET", "/api/config", None).await
}

pub async fn session(code: &str) -> Result<SessionView, ApiFailure> {
    call("GET", &format!("/api/sessions/{code}"), None).await
}

pub async fn create_session() -> Result<SessionCreated, ApiFailure> {
    let body = serde_json::to_string(&CreateSessionRequest::default()).unwrap_or_default();
    call("POST", "/api/sessions", Some(body)).await
}

/// A page of sessions; `query` is the console's query string.
pub async fn sessions(query: &str) -> Result<callready_common::api::SessionList, ApiFailure> {
    call("GET", &format!("/api/sessions?{query}"), None).await
}

/// Where a site stands.
pub async fn site(site: &str) -> Result<callready_common::api::SiteView, ApiFailure> {
    call("GET", &format!("/api/sites/{}", String::from(js_sys::encode_uri_component(site))), None).await
}

pub async fn create_invite(request: &CreateSessionRequest) -> Result<SessionCreated, ApiFailure> {
    call("POST", "/api/sessions", Some(serde_json::to_string(request).unwrap_or_default())).await
}

pub async fn create_bulk(
    request: &callready_common::api::BulkInvite,
) -> Result<callready_common::api::BulkCreated, ApiFailure> {
    call("POST", "/api/sessions/bulk", Some(serde_json::to_string(request).unwrap_or_default())).await
}

/// Who is signed in.
pub async fn me() -> Result<callready_common::api::Me, ApiFailure> {
    call("GET", "/api/me", None).await
}

/// Signs out (the server ends the login and clears its cookie).
pub async fn logout() -> Result<(), ApiFailure> {
    call_without_answer("POST", "/api/logout", None).await
}

/// A call whose success has no body to read (204, 202).
async fn call_without_answer(method: &str, path: &str, body: Option<String>) -> Result<(), ApiFailure> {
    match call::<serde::de::IgnoredAny>(method, path, body).await {
        Ok(_) | Err(ApiFailure::Unreadable { .. }) => Ok(()),
        Err(failure) => Err(failure),
    }
}

/// The webhooks configured (admin).
pub async fn webhooks() -> Result<Vec<WebhookView>, ApiFailure> {
    call("GET", "/api/webhooks", None).await
}

pub async fn add_webhook(request: &NewWebhook) -> Result<WebhookView, ApiFailure> {
    call("POST", "/api/webhooks", Some(serde_json::to_string(request).unwrap_or_default())).await
}

pub async fn remove_webhook(id: i64) -> Result<(), ApiFailure> {
    call_without_answer("DELETE", &format!("/api/webhooks/{id}"), None).await
}

/// The delivery log, newest first.
pub async fn deliveries() -> Result<Vec<DeliveryView>, ApiFailure> {
    call("GET", "/api/webhooks/deliveries", None).await
}

pub async fn redeliver(id: i64) -> Result<(), ApiFailure> {
    call_without_answer("POST", &format!("/api/webhooks/deliveries/{id}/redeliver"), None).await
}

/// Signs in: the server sets its login cookie.
pub async fn login(name: &str, password: &str) -> Result<callready_common::api::Me, ApiFailure> {
    let request = callready_common::api::LoginRequest { name: name.to_string(), password: password.to_string() };
    let body = serde_json::to_string(&request).unwrap_or_default();
    call("POST", "/api/login", Some(body)).await
}

/// The deployment's brand, `None` when it has none.
pub async fn brand() -> Result<Option<BrandView>, ApiFailure> {
    call("GET", "/api/brand", None).await
}

/// Every brand (signed in).
pub async fn brands() -> Result<Vec<BrandView>, ApiFailure> {
    call("GET", "/api/brands", None).await
}

pub async fn put_brand(id: &str, settings: &BrandSettings) -> Result<BrandView, ApiFailure> {
    call("PUT", &format!("/api/brands/{id}"), Some(serde_json::to_string(settings).unwrap_or_default())).await
}

pub async fn remove_brand(id: &str) -> Result<(), ApiFailure> {
    call_without_answer("DELETE", &format!("/api/brands/{id}"), None).await
}

/// Uploads a logo file as it is (the server sanitises an SVG).
pub async fn put_logo(id: &str, file: &web_sys::File) -> Result<BrandView, ApiFailure> {
    let url = format!("/api/brands/{id}/logo");
    let answer =
        crate::browser::http::send_file("PUT", &url, file, &file.type_(), TIMEOUT_MS).await.map_err(network_failure)?;
    answered(answer)
}

pub async fn remove_logo(id: &str) -> Result<BrandView, ApiFailure> {
    call("DELETE", &format!("/api/brands/{id}/logo"), None).await
}

pub async fn save_run(code: &str, run: &RunSubmission) -> Result<RunSaved, ApiFailure> {
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
