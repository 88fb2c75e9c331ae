//! The JSON API under `/api`, plus the extractor that reads JSON bodies strictly.

pub mod sessions;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use callready_common::wire::{ClientConfig, MAX_BODY_BYTES};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::AppState;

/// A JSON body read with a size limit; an empty body reads as `{}`. Any failure
/// becomes an [`ApiError`] with a JSON body, never axum's plain-text rejections.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(header::CONTENT_TYPE).cloned();
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|_| ApiError::BodyTooLarge)?;
        if bytes.is_empty() {
            return parse(&Bytes::from_static(b"{}")).map(JsonBody);
        }
        let is_json = content_type
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        parse(&bytes).map(JsonBody)
    }
}

fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadJson(e.to_string()))
}

/// `GET /api/ping`: the smallest uncacheable answer, for round-trip timing.
pub async fn ping() -> impl IntoResponse {
    (StatusCode::NO_CONTENT, [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))])
}

/// `GET /api/config`: thresholds and probe settings for the page.
pub async fn config(State(state): State<AppState>) -> Json<ClientConfig> {
    Json(state.client_config.as_ref().clone())
}

/// Unknown `/api/...` paths answer JSON, not the SPA.
pub async fn no_route() -> ApiError {
    ApiError::NoRoute
}
