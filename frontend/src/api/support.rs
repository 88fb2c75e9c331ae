//! Calls only support's app makes: the console's sessions and invites, accounts,
//! webhooks and brands.

use callready_common::api::{CreateSessionRequest, DeliveryView, NewWebhook, SessionCreated, WebhookView};
use callready_common::brand::{BrandSettings, BrandView};

use super::{answered, call, network_failure, ApiFailure, TIMEOUT_MS};

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
