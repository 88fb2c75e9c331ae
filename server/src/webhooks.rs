//! Webhooks: results pushed to a helpdesk or CRM. An admin configures a URL, a
//! secret and the events it takes (`run_stored`, `session_created`). Each event is
//! queued in an outbox table when it happens (saving a run never waits for a
//! delivery) and a worker POSTs it: retried with backoff for 24 hours, across
//! restarts; the console's delivery log shows each try and can send one again.
//!
//! Each delivery is signed: `X-CallReady-Timestamp: <Unix seconds>` and
//! `X-CallReady-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`;
//! a receiver recomputes it and refuses a timestamp older than a few minutes
//! (replays).
//!
//! Like the TURN relay, deliveries never go to internal addresses (loopback,
//! private and link-local networks, the cloud metadata address…) unless the
//! operator lists one with `--webhook-allow`. The name is resolved and checked at
//! every delivery, and the connection goes to the checked address (no DNS
//! rebinding); redirects are not followed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::rustls;

use crate::api::JsonBody;
use crate::error::ApiError;
use crate::metrics::DeliveryOutcome;
use crate::store::{Delivery, Store, MAX_WEBHOOKS};
use crate::{now_ms, AppState};

pub use callready_common::api::{DeliveryView, NewWebhook, WebhookView, WEBHOOK_EVENTS as EVENTS};
/// How long a delivery is retried.
pub const RETRY_FOR_MS: i64 = 24 * 3_600_000;
/// The longest wait between two tries.
pub const MAX_BACKOFF_MS: i64 = 3_600_000;
/// Connect, send and read the answer within this.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// Most of an answer read (its status line is all that counts).
const MAX_ANSWER_BYTES: usize = 8 * 1024;
/// Longest webhook URL.
const MAX_URL_CHARS: usize = 2000;

/// Where a webhook URL points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub https: bool,
    pub host: String,
    pub port: u16,
    /// Path and query, `/` at least.
    pub path: String,
}

/// An `http(s)://host[:port]/path` URL, strictly: no user name, no fragment.
pub fn parse_url(url: &str) -> Result<Target, String> {
    if url.len() > MAX_URL_CHARS || url.chars().any(|c| c.is_control() || c == ' ') {
        return Err(format!("a URL of at most {MAX_URL_CHARS} characters, without spaces"));
    }
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err("only http:// and https:// URLs".into());
    };
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    if authority.contains('@') || path.contains('#') {
        return Err("no user name and no #fragment in the URL".into());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']').ok_or("an IPv6 address in brackets")?;
            (host.to_string(), after.strip_prefix(':'))
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_string(), Some(port)),
            None => (authority.to_string(), None),
        },
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or("a port from 1 to 65535")?,
        None if https => 443,
        None => 80,
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || ".-:".contains(c);
    if host.is_empty() || !host.chars().all(plain) {
        return Err("a host name or address".into());
    }
    Ok(Target { https, host: host.to_ascii_lowercase(), port, path: path.to_string() })
}

/// Addresses a webhook may not reach unless the operator allows them: this host,
/// private and shared networks, link-local (cloud metadata), multicast and the
/// like.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064 && v6.segments()[1] == 0xff9b
        }
    }
}

/// The address to deliver to: every address the name has must be allowed (a name
/// mixing a public and an internal address is refused).
pub async fn resolve(target: &Target, allowed: &[IpAddr]) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> =
        tokio::time::timeout(DELIVERY_TIMEOUT, tokio::net::lookup_host((target.host.as_str(), target.port)))
            .await
            .map_err(|_| "name resolution timed out".to_string())?
            .map_err(|e| format!("cannot resolve {}: {e}", target.host))?
            .collect();
    let first = *addrs.first().ok_or_else(|| format!("{} has no address", target.host))?;
    if let Some(refused) = addrs.iter().find(|a| is_internal(a.ip()) && !allowed.contains(&a.ip())) {
        return Err(format!("{} is an internal address; an operator may allow it with --webhook-allow", refused.ip()));
    }
    Ok(first)
}

/// `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", crate::anon::encode_hex(&mac.finalize().into_bytes()))
}

async fn post_over<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, request: &[u8]) -> Result<u16, String> {
    stream.write_all(request).await.map_err(|e| format!("sending: {e}"))?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while answer.len() < MAX_ANSWER_BYTES && !answer.windows(2).any(|w| w == b"\r\n") {
        let n = stream.read(&mut buf).await.map_err(|e| format!("reading the answer: {e}"))?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&answer);
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    status.ok_or_else(|| "no HTTP answer".to_string())
}

fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: std::sync::OnceLock<Arc<rustls::ClientConfig>> = std::sync::OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut roots = rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .expect("ring supports the default versions")
                .with_root_certificates(roots)
                .with_no_client_auth();
            Arc::new(config)
        })
        .clone()
}

/// POSTs one delivery; the answer's status.
pub async fn deliver(delivery: &Delivery, allowed: &[IpAddr]) -> Result<u16, String> {
    let target = parse_url(&delivery.url)?;
    let addr = resolve(&target, allowed).await?;
    let timestamp = now_ms() / 1000;
    let host = if target.host.contains(':') { format!("[{}]", target.host) } else { target.host.clone() };
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: {host}:{}\r\nUser-Agent: CallReady-Webhook\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nX-CallReady-Event: {}\r\nX-CallReady-Delivery: {}\r\nX-CallReady-Timestamp: {timestamp}\r\n\
         X-CallReady-Signature: {}\r\nConnection: close\r\n\r\n{}",
        target.path,
        target.port,
        delivery.body.len(),
        delivery.event,
        delivery.id,
        signature(&delivery.secret, timestamp, &delivery.body),
        delivery.body
    );
    let attempt = async {
        let tcp = TcpStream::connect(addr).await.map_err(|e| format!("connecting to port {}: {e}", target.port))?;
        if target.https {
            let name = rustls::pki_types::ServerName::try_from(target.host.clone()).map_err(|e| e.to_string())?;
            let tls = tokio_rustls::TlsConnector::from(tls_config())
                .connect(name, tcp)
                .await
                .map_err(|e| format!("TLS: {e}"))?;
            post_over(tls, request.as_bytes()).await
        } else {
            post_over(tcp, request.as_bytes()).await
        }
    };
    tokio::time::timeout(DELIVERY_TIMEOUT, attempt).await.map_err(|_| "no answer in time".to_string())?
}

/// The wait before try `attempts + 1`: `first` doubled each time, at most an hour.
pub fn backoff_ms(first: Duration, attempts: i64) -> i64 {
    let first = first.as_millis() as i64;
    first.saturating_mul(1_i64 << attempts.clamp(0, 20)).min(MAX_BACKOFF_MS)
}

/// Deliveries one worker claims at a time.
const CLAIM_BATCH: i64 = 20;
/// How long a claimed delivery is kept from the other nodes' workers: longer than
/// a batch takes when every receiver times out.
const CLAIM_LEASE_MS: i64 = 10 * 60 * 1000;

/// The outbox worker: claims what is due (no other node's worker takes it
/// meanwhile), delivers it, sleeps until the next is due (or an event wakes it), and
/// prunes the old log. Runs until the server stops.
pub async fn work(
    store: Store,
    wake: Arc<tokio::sync::Notify>,
    allowed: Arc<Vec<IpAddr>>,
    first_retry: Duration,
    metrics: Arc<crate::metrics::Metrics>,
) {
    loop {
        let now = now_ms();
        let _ = store.prune_deliveries(now).await;
        match store.claim_deliveries(now, CLAIM_BATCH, CLAIM_LEASE_MS).await {
            Ok(due) => {
                for delivery in due {
                    let outcome = deliver(&delivery, &allowed).await;
                    let now = now_ms();
                    let result = match outcome {
                        Ok(status) if (200..300).contains(&status) => {
                            metrics.webhook_delivery(DeliveryOutcome::Delivered);
                            store.delivered(delivery.id, now).await
                        }
                        failed => {
                            let error = match failed {
                                Ok(status) => format!("the receiver answered HTTP {status}"),
                                Err(e) => e,
                            };
                            let retry_at = now + backoff_ms(first_retry, delivery.attempts);
                            let retry = (retry_at - delivery.created_at_ms < RETRY_FOR_MS).then_some(retry_at);
                            metrics.webhook_delivery(match retry {
                                Some(_) => DeliveryOutcome::Retry,
                                None => DeliveryOutcome::Failed,
                            });
                            store.attempt_failed(delivery.id, &error, retry, now).await
                        }
                    };
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "webhook outbox not updated");
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "webhook outbox unreadable"),
        }
        let wait = match store.next_due_ms().await {
            Ok(Some(at)) => Duration::from_millis((at - now_ms()).clamp(50, 60_000) as u64),
            _ => Duration::from_secs(60),
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
        }
    }
}

/// Queues `body` for the webhooks taking `event`, and wakes the worker. Failing to
/// queue is logged, never the request's failure.
pub async fn emit(state: &AppState, event: &str, body: serde_json::Value) {
    match state.store.enqueue(event, &body.to_string(), now_ms()).await {
        Ok(0) => {}
        Ok(_) => state.webhook_wake.notify_one(),
        Err(e) => tracing::warn!(error = %e, event, "webhook event not queued"),
    }
}

// ---- the admin API -----------------------------------------------------------------

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<NewWebhook>,
) -> Result<impl IntoResponse, ApiError> {
    crate::accounts::admin_only(&state, &headers).await?;
    let target = parse_url(&request.url).map_err(|e| ApiError::invalid("url", e))?;
    resolve(&target, &state.webhook_allow).await.map_err(|e| ApiError::invalid("url", e))?;
    let mut events: Vec<String> = Vec::new();
    for event in &request.events {
        if !EVENTS.contains(&event.as_str()) {
            return Err(ApiError::invalid("events", format!("each one of {}", EVENTS.join(", "))));
        }
        if !events.contains(event) {
            events.push(event.clone());
        }
    }
    if events.is_empty() {
        return Err(ApiError::invalid("events", format!("one or more of {}", EVENTS.join(", "))));
    }
    let (secret, made) = match request.secret {
        Some(secret) if (16..=256).contains(&secret.chars().count()) && !secret.chars().any(char::is_control) => {
            (secret, false)
        }
        Some(_) => return Err(ApiError::invalid("secret", "16 to 256 characters")),
        None => (crate::accounts::new_secret().map_err(ApiError::Internal)?, true),
    };
    let now = now_ms();
    let id = state
        .store
        .add_webhook(&request.url, &secret, &events.join(" "), now)
        .await?
        .ok_or_else(|| ApiError::invalid("url", format!("a deployment has at most {MAX_WEBHOOKS} webhooks")))?;
    let view = WebhookView { id, url: request.url, events, created_at_ms: now, secret: made.then_some(secret) };
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<WebhookView>>, ApiError> {
    crate::accounts::admin_only(&state, &headers).await?;
    let hooks = state.store.webhooks().await?;
    Ok(Json(
        hooks
            .into_iter()
            .map(|w| WebhookView {
                id: w.id,
                url: w.url,
                events: w.events.split(' ').map(str::to_string).collect(),
                created_at_ms: w.created_at_ms,
                secret: None,
            })
            .collect(),
    ))
}

pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    crate::accounts::admin_only(&state, &headers).await?;
    if state.store.remove_webhook(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("no webhook has this id".into()))
    }
}

/// `GET /api/webhooks/deliveries`: the last 200 deliveries, newest first.
pub async fn deliveries(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    crate::accounts::admin_only(&state, &headers).await?;
    let log = state.store.deliveries(200).await?;
    Ok(Json(
        log.into_iter()
            .map(|d| DeliveryView {
                id: d.id,
                webhook_id: d.webhook_id,
                url: d.url,
                event: d.event,
                status: d.status,
                attempts: d.attempts,
                last_error: d.last_error,
                created_at_ms: d.created_at_ms,
                next_attempt_ms: d.next_attempt_ms,
            })
            .collect(),
    ))
}

/// `POST /api/webhooks/deliveries/<id>/redeliver`.
pub async fn redeliver(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    crate::accounts::admin_only(&state, &headers).await?;
    if state.store.redeliver(id, now_ms()).await? {
        state.webhook_wake.notify_one();
        Ok(StatusCode::ACCEPTED)
    } else {
        Err(ApiError::NotFound("no delivery has this id".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_strictly() {
        let t = parse_url("https://hooks.example.com/callready?x=1").unwrap();
        assert_eq!(
            (t.https, t.host.as_str(), t.port, t.path.as_str()),
            (true, "hooks.example.com", 443, "/callready?x=1")
        );
        let t = parse_url("http://[2001:db8::1]:8080").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.path.as_str()), ("2001:db8::1", 8080, "/"));
        for bad in [
            "ftp://x",
            "https://user@x/",
            "https://x:0/",
            "https://x:99999/",
            "https://x/#f",
            "https:///p",
            "http://a b/",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn internal_addresses_are_refused_and_public_ones_pass() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(is_internal(internal.parse().unwrap()), "{internal}");
        }
        for public in ["203.0.114.7", "8.8.8.8", "2a00:1450::1"] {
            assert!(!is_internal(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn the_signature_binds_the_timestamp_and_the_body() {
        let one = signature("s3cret-s3cret-s3cret", 1_796_036_070, "{\"a\":1}");
        assert!(one.starts_with("sha256=") && one.len() == 7 + 64);
        assert_ne!(one, signature("s3cret-s3cret-s3cret", 1_796_036_071, "{\"a\":1}"));
        assert_ne!(one, signature("s3cret-s3cret-s3cret", 1_796_036_070, "{\"a\":2}"));
        assert_ne!(one, signature("another-secret-here", 1_796_036_070, "{\"a\":1}"));
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let first = Duration::from_secs(5);
        assert_eq!(backoff_ms(first, 0), 5_000);
        assert_eq!(backoff_ms(first, 3), 40_000);
        assert_eq!(backoff_ms(first, 50), MAX_BACKOFF_MS);
    }
}
