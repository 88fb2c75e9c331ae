//! The TLS listener of the TLS inspection check (`--tls-listen`). It terminates TLS
//! itself, with the operator's certificate, so the ClientHello it reads is the one
//! that crossed the agent's network: the browser's own, or that of a device which
//! decrypted the traffic and opened a connection of its own. The page fetches
//! `/api/tls-probe/<token>` on it; the handshake is recorded under the page's probe
//! token, and the run's ingest compares its stack with the browser the page runs in.
//! `/api/whoami` here shows the handshake too.
//!
//! Connections are bounded like the profile ports' (see [`crate::platform::tcp`]).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::api::Path;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use callready_common::api::{is_probe_token, TLS_PROBE_PATH};
use tokio::net::TcpListener;
use tokio_rustls::rustls::ServerConfig;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::StartError;
use crate::path::ClientConn;
use crate::platform::tcp::{self, PortLimits, SniffingListener};
use crate::probe_tokens::Via;
use crate::AppState;

/// The TLS listener: bound at start-up, served once the state it records into exists.
pub struct TlsProbe {
    pub port: u16,
    /// Its certificate is self-signed (no --tls-cert): browsers refuse it.
    pub self_signed: bool,
    listener: Mutex<Option<SniffingListener>>,
    serving: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl TlsProbe {
    /// Binds `addr`; a bind failure stops the start, the operator having asked for it.
    pub async fn bind(addr: SocketAddr, tls: Arc<ServerConfig>, self_signed: bool) -> Result<TlsProbe, StartError> {
        let failed = |source| StartError::Bind { flag: "--tls-listen", addr, source };
        let listener = TcpListener::bind(addr).await.map_err(failed)?;
        let port = listener.local_addr().map_err(failed)?.port();
        let limits = PortLimits::default();
        let listener = SniffingListener::new(listener, tls, tcp::slots(limits), limits).map_err(failed)?;
        if self_signed {
            tracing::warn!(
                "--tls-listen has a self-signed certificate, which browsers refuse: the TLS inspection check \
                 will say \"not determined\" until --tls-cert is set"
            );
        }
        tracing::info!(port, "TLS inspection probe listening");
        Ok(TlsProbe { port, self_signed, listener: Mutex::new(Some(listener)), serving: Mutex::new(None) })
    }

    /// Starts serving with `state` (once; later calls do nothing).
    pub fn serve(&self, state: AppState) {
        let Some(listener) = self.listener.lock().unwrap_or_else(|p| p.into_inner()).take() else { return };
        let service = router(state).into_make_service_with_connect_info::<ClientConn>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, service).await;
        });
        *self.serving.lock().unwrap_or_else(|p| p.into_inner()) = Some(task);
    }

    pub fn close(&self) {
        self.listener.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(task) = self.serving.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }
}

/// What the TLS listener serves. It is reached directly, never through the
/// operator's reverse proxies: no hop of theirs to leave out.
fn router(state: AppState) -> Router {
    let state = AppState { proxy_hops: 0, ..state };
    Router::new()
        .route(&format!("{TLS_PROBE_PATH}{{token}}"), get(heard))
        .route("/api/whoami", get(crate::path::whoami))
        .with_state(state)
        // The page fetches it cross-origin without CORS (`no-cors`); the connection
        // is not kept, its slot being for probes in progress.
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::CONNECTION, HeaderValue::from_static("close")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// `GET /api/tls-probe/<token>`: records the connection's handshake, and the address
/// it came from, under the page's token. Answers 204 whatever the token, telling
/// nothing of which tokens are live.
async fn heard(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    Path(token): Path<String>,
) -> impl IntoResponse {
    if let (true, Some(hello)) = (is_probe_token(&token), &conn.tls) {
        if state.probes.record(&token, Via::Https, conn.addr.ip()) {
            state.probes.record_tls(&token, hello);
        }
    }
    StatusCode::NO_CONTENT
}
