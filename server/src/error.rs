//! `ApiError`: every way a request can fail, mapped to a status and the JSON body
//! `{"error": {"code": "...", "message": "..."}}` in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::validate::Invalid;
use callready_common::wire::{ErrorBody, ErrorDetail, MAX_BODY_BYTES};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON for this endpoint: {0}")]
    BadJson(String),
    #[error("the request body is larger than {MAX_BODY_BYTES} bytes")]
    BodyTooLarge,
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("'{0}' is not a session code: {1}")]
    BadCode(String, String),
    #[error("no session has the code {0}")]
    SessionNotFound(String),
    #[error("no such endpoint")]
    NoRoute,
    #[error("{0}")]
    SessionFull(String),
    #[error("a bandwidth transfer is limited to {} bytes", crate::api::bandwidth::MAX_TRANSFER_BYTES)]
    TransferTooLarge,
    #[error("the upload took longer than the server allows")]
    TransferTimeout,
    #[error("the upload was cut off before its end")]
    TransferCut,
    #[error("the server could not complete the request; it has been logged")]
    Internal(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            ApiError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            ApiError::BadCode(..) => (StatusCode::BAD_REQUEST, "invalid_code"),
            ApiError::SessionNotFound(_) => (StatusCode::NOT_FOUND, "session_not_found"),
            ApiError::NoRoute => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::SessionFull(_) => (StatusCode::CONFLICT, "session_full"),
            ApiError::TransferTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "transfer_too_large"),
            ApiError::TransferTimeout => (StatusCode::REQUEST_TIMEOUT, "transfer_timeout"),
            ApiError::TransferCut => (StatusCode::BAD_REQUEST, "transfer_cut"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::SessionFull => ApiError::SessionFull(err.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let body = ErrorBody { error: ErrorDetail { code: code.to_string(), message: self.to_string() } };
        (status, Json(body)).into_response()
    }
}
