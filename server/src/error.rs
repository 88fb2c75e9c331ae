//! `ApiError`: every way a request can fail, mapped to a status and the JSON body
//! `{"error": {"code": "...", "message": "..."}}` in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::api::{ErrorBody, ErrorDetail, MAX_BODY_BYTES};
use callready_common::validate::Invalid;

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
    #[error("no profile is called \"{0}\"; this server has: {1}")]
    UnknownProfile(String, String),
    #[error("a UDP probe token is 32 hexadecimal digits, as /api/config gives it")]
    BadToken,
    #[error("no UDP probe has this token (it lives two minutes)")]
    UnknownToken,
    #[error("{0}")]
    LinkClosed(String),
    #[error("log in (POST /api/login) or send an API token (Authorization: Bearer …) first")]
    LoginRequired,
    #[error("wrong name or password")]
    LoginFailed,
    #[error("too many failed logins: try again in {0} seconds")]
    TooManyLogins(u64),
    #[error("only an administrator may do this")]
    AdminOnly,
    #[error("{0}")]
    NotFound(String),
    #[error("the server could not complete the request; it has been logged")]
    Internal(String),
    #[error("too many {what} from your address: try again in {retry_after} s")]
    RateLimited { what: &'static str, retry_after: u64 },
    #[error("bandwidth transfers belong to a running test: add the token= that /api/config gave the page")]
    TransferNotAllowed,
    #[error("this endpoint answers pages of this server only")]
    ForeignOrigin,
    #[error("the address is not valid: {0}")]
    BadPath(String),
    /// The database reached `--max-db-mb`: the message says so and what to do.
    #[error("{0}")]
    StorageFull(String),
}

impl ApiError {
    /// A refused field (`422 invalid_field`): which, and why.
    pub fn invalid(field: &str, reason: impl Into<String>) -> ApiError {
        ApiError::Invalid(Invalid { field: field.to_string(), reason: reason.into() })
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            ApiError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            ApiError::BadCode(..) => (StatusCode::BAD_REQUEST, "invalid_code"),
            ApiError::SessionNotFound(_) => (StatusCode::NOT_FOUND, "session_not_found"),
            ApiError::NoRoute => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadToken => (StatusCode::BAD_REQUEST, "invalid_token"),
            ApiError::UnknownToken => (StatusCode::NOT_FOUND, "token_not_found"),
            ApiError::SessionFull(_) => (StatusCode::CONFLICT, "session_full"),
            ApiError::TransferTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "transfer_too_large"),
            ApiError::TransferTimeout => (StatusCode::REQUEST_TIMEOUT, "transfer_timeout"),
            ApiError::TransferCut => (StatusCode::BAD_REQUEST, "transfer_cut"),
            ApiError::UnknownProfile(..) => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_profile"),
            ApiError::LinkClosed(_) => (StatusCode::GONE, "link_closed"),
            ApiError::LoginRequired => (StatusCode::UNAUTHORIZED, "login_required"),
            ApiError::LoginFailed => (StatusCode::UNAUTHORIZED, "login_failed"),
            ApiError::TooManyLogins(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::AdminOnly => (StatusCode::FORBIDDEN, "admin_only"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            ApiError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::TransferNotAllowed => (StatusCode::FORBIDDEN, "transfer_not_allowed"),
            ApiError::ForeignOrigin => (StatusCode::FORBIDDEN, "foreign_origin"),
            ApiError::BadPath(_) => (StatusCode::BAD_REQUEST, "invalid_path"),
            ApiError::StorageFull(_) => (StatusCode::INSUFFICIENT_STORAGE, "storage_full"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::SessionFull => ApiError::SessionFull(err.to_string()),
            StoreError::StorageFull { .. } => ApiError::StorageFull(err.to_string()),
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
        let mut response = (status, Json(body)).into_response();
        if let ApiError::TooManyLogins(seconds) | ApiError::RateLimited { retry_after: seconds, .. } = self {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
        }
        response
    }
}

/// Why the server could not start: one line that names the flag or file at fault.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{flag} {addr}: {}", bind_message(source))]
    Bind { flag: &'static str, addr: std::net::SocketAddr, source: std::io::Error },
    #[error("storage: {0}")]
    Storage(#[from] StoreError),
    #[error("{0}")]
    Config(String),
    #[error("{path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error("TLS certificate: {0}")]
    Tls(String),
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error("the TURN server could not start: {0}")]
    Turn(String),
    #[error("invalid requirement profile:\n{0}")]
    Profiles(#[from] crate::profiles::ProfileErrors),
}

fn bind_message(err: &std::io::Error) -> String {
    let hint = match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            ": another program (or another CallReady) already uses it; stop it or give this flag another port"
        }
        std::io::ErrorKind::PermissionDenied => ": ports below 1024 need root or the CAP_NET_BIND_SERVICE capability",
        std::io::ErrorKind::AddrNotAvailable => ": this machine has no such address; give one of its own, or 0.0.0.0",
        _ => "",
    };
    format!("cannot listen there ({err}){hint}")
}

#[cfg(test)]
mod tests {
    use super::StartError;

    #[test]
    fn a_port_in_use_names_the_flag_and_address_in_one_line() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let source = std::net::TcpListener::bind(addr).unwrap_err();
        let message = StartError::Bind { flag: "--listen", addr, source }.to_string();
        assert!(message.starts_with(&format!("--listen {addr}: cannot listen there")), "{message}");
        assert!(message.contains("already uses it"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }
}
