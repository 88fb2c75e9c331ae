//! Bandwidth endpoints (docs/methods.md, "Bandwidth").
//!
//! `GET /api/download?bytes=N` streams N incompressible bytes cut from one random
//! buffer made at start-up (nothing is generated per request). `POST /api/upload`
//! reads the body, counts it, and answers what arrived and when, on the server's
//! clock, so the page's upload rate is what the server received, not what the
//! browser queued. Both are bounded in size and time and never compressed.
//!
//! A transfer belongs to a running test: it carries `token=`, the probe token
//! `/api/config` gave the page (alive two minutes), so the download is no free
//! traffic generator. Each counts against its address's transfers at once and
//! bytes a minute, and the server's hourly budget ([`crate::limits`]); a transfer
//! whose bytes run out mid-way is cut.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::probes::bandwidth::UploadReceipt;
use futures_util::StreamExt;

use callready_common::validate::Invalid;

use callready_common::api::is_probe_token;

use crate::error::ApiError;
use crate::metrics::Direction;
use crate::path::ClientConn;
use crate::zero_copy::PAYLOAD_BYTES;
use crate::AppState;

/// Largest single download or upload: ~25 s at 100 Mbit/s per stream.
pub const MAX_TRANSFER_BYTES: u64 = 256 << 20;
/// A transfer stops after this long, however much is left.
const MAX_TRANSFER_TIME: Duration = Duration::from_secs(20);
/// Download chunks: small enough that a slow link sees steady progress. 256 KiB
/// chunks saved no clear CPU on loopback (`cargo xtask bench transfers`, 1 stream:
/// 0.232 against 0.242 CPU s/GB), and in one lab run Chromium's downloads on the
/// 2 Mbit/s link then read 1.0–2.5 % under the goodput ceiling (64 KiB: +0.2 to −1.6 %).
const CHUNK_BYTES: usize = 64 << 10;

/// The server's clock for upload receipts: milliseconds since the first use.
pub(crate) fn clock_ms() -> f64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// Makes the buffer and starts the clock, so the first test does not pay for them.
pub fn warm_up() {
    let _ = crate::zero_copy::payload();
    let _ = clock_ms();
}

/// A transfer's query: `bytes=N` (downloads only) and `token=`.
#[derive(Debug, PartialEq, Eq)]
struct Query<'a> {
    bytes: u64,
    token: Option<&'a str>,
}

/// The `bytes` and `token` of `?bytes=N&token=T`; no other parameter is accepted.
fn parse_query(query: Option<&str>) -> Result<Query<'_>, String> {
    let mut parsed = Query { bytes: MAX_TRANSFER_BYTES, token: None };
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("bytes", n)) => {
                parsed.bytes = n.parse::<u64>().map_err(|_| "must be a whole number of bytes".to_string())?
            }
            Some(("token", token)) => parsed.token = Some(token),
            _ => return Err(format!("unknown parameter '{pair}'; only bytes=N and token=T are accepted")),
        }
    }
    if parsed.bytes > MAX_TRANSFER_BYTES {
        return Err(format!("at most {MAX_TRANSFER_BYTES}"));
    }
    Ok(parsed)
}

/// The transfer's place, when its token is a live one and its address within its
/// limits.
fn admit(
    state: &AppState,
    query: &Query<'_>,
    conn: &ClientConn,
    headers: &HeaderMap,
) -> Result<crate::limits::Transfer, ApiError> {
    let live = query.token.filter(|t| is_probe_token(t)).is_some_and(|token| state.probes.is_live(token));
    if !live {
        return Err(ApiError::TransferNotAllowed);
    }
    state.limits.transfer(crate::path::client_ip(state.proxy_hops, conn, headers))
}

fn invalid_bytes(reason: String) -> Response {
    ApiError::Invalid(Invalid { field: "bytes".into(), reason }).into_response()
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Random bytes: octet-stream, which the compression layer leaves alone.
fn random_bytes(mut response: Response) -> Response {
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    no_store(response)
}

/// `GET /api/download?token=T[&bytes=N]` (default and most: 256 MiB).
pub async fn download(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let query = match parse_query(uri.query()) {
        Ok(query) => query,
        Err(reason) => return invalid_bytes(reason),
    };
    let total = query.bytes;
    let transfer = match admit(&state, &query, &conn, &headers) {
        Ok(transfer) => transfer,
        Err(refused) => return refused.into_response(),
    };
    let attached = query.token.and_then(|token| state.meters.attach(token, Direction::Download, conn.socket));
    let deadline = Instant::now() + MAX_TRANSFER_TIME;
    let source = crate::zero_copy::payload().clone();
    let metrics = state.metrics.clone();
    // Parallel streams start at different places in the buffer, chunk-aligned.
    let mut draw = [0u8; 8];
    let start = match getrandom::fill(&mut draw) {
        Ok(()) => u64::from_le_bytes(draw) % (PAYLOAD_BYTES / CHUNK_BYTES) as u64 * CHUNK_BYTES as u64,
        Err(_) => 0,
    };
    // The transfer's place and its meter are held by the stream: let go when the
    // body ends or is dropped.
    let chunks = futures_util::stream::unfold((0u64, (transfer, attached)), move |(sent, (mut transfer, attached))| {
        let source = source.clone();
        let metrics = metrics.clone();
        async move {
            if sent >= total || Instant::now() > deadline {
                return None;
            }
            let offset = ((start + sent) % PAYLOAD_BYTES as u64) as usize;
            let len = CHUNK_BYTES.min(PAYLOAD_BYTES - offset).min((total - sent) as usize);
            if !transfer.spend(len) {
                tracing::info!(sent, "download cut: its address's or the server's bandwidth budget is spent");
                return Some((Err(std::io::Error::other("bandwidth budget spent")), (total, (transfer, attached))));
            }
            metrics.bandwidth_bytes(Direction::Download, len as u64);
            Some((
                Ok::<_, std::io::Error>(source.slice(offset..offset + len)),
                (sent + len as u64, (transfer, attached)),
            ))
        }
    });
    let mut response = Body::from_stream(chunks).into_response();
    response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(total));
    random_bytes(response)
}

/// `POST /api/upload?token=T`: counts the body (at most 256 MiB, 20 s) and answers
/// an [`UploadReceipt`].
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Response, ApiError> {
    let query = parse_query(uri.query()).map_err(|reason| ApiError::invalid("token", reason))?;
    let mut transfer = admit(&state, &query, &conn, &headers)?;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_TRANSFER_BYTES) {
        return Err(ApiError::TransferTooLarge);
    }
    // The body follows the headers at once, but its first chunk may be read later,
    // holding what the kernel buffered meanwhile: timing from that read squeezes the
    // request's bytes into too short a span and inflates rates at the window's edges.
    let headers_arrived_ms = clock_ms();
    let _attached = query.token.and_then(|token| state.meters.attach(token, Direction::Upload, conn.socket));
    let deadline = Instant::now() + MAX_TRANSFER_TIME;
    let mut stream = body.into_data_stream();
    let mut receipt = UploadReceipt { bytes: 0, first_byte_ms: 0.0, last_byte_ms: 0.0 };
    loop {
        let next = tokio::time::timeout_at(deadline.into(), stream.next()).await;
        let chunk = match next {
            Err(_) => {
                tracing::info!(bytes = receipt.bytes, "upload stopped at the time limit");
                return Err(ApiError::TransferTimeout);
            }
            Ok(None) => break,
            Ok(Some(Err(err))) => {
                tracing::info!(bytes = receipt.bytes, %err, "upload cut off by the client or the network");
                return Err(ApiError::TransferCut);
            }
            Ok(Some(Ok(chunk))) => chunk,
        };
        if chunk.is_empty() {
            continue;
        }
        let now = clock_ms();
        if receipt.bytes == 0 {
            receipt.first_byte_ms = headers_arrived_ms;
        }
        receipt.last_byte_ms = now;
        receipt.bytes += chunk.len() as u64;
        state.metrics.bandwidth_bytes(Direction::Upload, chunk.len() as u64);
        if receipt.bytes > MAX_TRANSFER_BYTES {
            return Err(ApiError::TransferTooLarge);
        }
        if !transfer.spend(chunk.len()) {
            tracing::info!(
                bytes = receipt.bytes,
                "upload cut: its address's or the server's bandwidth budget is spent"
            );
            return Err(ApiError::RateLimited { what: crate::limits::Guarded::Transfers.what(), retry_after: 60 });
        }
    }
    Ok(no_store((StatusCode::OK, Json(receipt)).into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_size_is_checked() {
        let bytes = |q: Option<&str>| parse_query(q).map(|q| q.bytes);
        assert_eq!(bytes(None), Ok(MAX_TRANSFER_BYTES));
        assert_eq!(bytes(Some("bytes=1000")), Ok(1000));
        assert!(bytes(Some("bytes=-1")).is_err());
        assert!(bytes(Some("bytes=1e6")).is_err());
        assert!(bytes(Some(&format!("bytes={}", MAX_TRANSFER_BYTES + 1))).is_err());
        assert!(bytes(Some("bytes=10&gzip=1")).is_err());
        assert_eq!(parse_query(Some("token=ab&bytes=5")), Ok(Query { bytes: 5, token: Some("ab") }));
    }
}
