//! The JSON API under `/api`, plus the extractor that reads JSON bodies strictly.

pub mod bandwidth;
pub mod console;
pub mod meter;
pub mod sessions;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use callready_common::api::{
    is_probe_token, IceProbePlan, IceServer, NatProbePlan, PlatformPlan, ProbeHeard, TlsProbePlan, MAX_BODY_BYTES,
};
use callready_common::probes::ice::IceTransport;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::path::ClientConn;
use crate::probe_tokens::Via;
use crate::turn::{self, credentials};
use crate::AppState;

/// A JSON body read with a size limit; an empty body reads as `{}`. The request
/// must say `Content-Type: application/json` even then: another site's page can send
/// a form or a plain-text POST here without asking, but not that. Any failure
/// becomes an [`ApiError`] with a JSON body, never axum's plain-text rejections.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await.map_err(|_| ApiError::BodyTooLarge)?;
        if bytes.is_empty() {
            return parse(&Bytes::from_static(b"{}")).map(JsonBody);
        }
        parse(&bytes).map(JsonBody)
    }
}

/// A path parameter, as axum's `Path` reads it, but refused with a JSON error (a
/// code that is not UTF-8, say) rather than axum's plain text.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> axum::extract::FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::BadPath(rejection.body_text())),
        }
    }
}

fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadJson(e.to_string()))
}

/// `GET /api/profiles`: the requirement profiles a session may name.
pub async fn profiles(State(state): State<AppState>) -> Json<Vec<callready_common::profile::ProfileSummary>> {
    Json(state.profiles.all().map(|p| p.summary()).collect())
}

/// `GET /api/ping`: the smallest uncacheable answer, for round-trip timing. A page
/// of another origin (a region's node) may read its Resource Timing, which the page
/// times it by.
pub async fn ping() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::HeaderName::from_static("timing-allow-origin"), HeaderValue::from_static("*")),
        ],
    )
}

/// `GET /api/config`: thresholds, probe settings and ICE probes with fresh TURN
/// credentials for the page.
pub async fn config(State(state): State<AppState>, headers: HeaderMap) -> impl IntoResponse {
    let mut config = state.client_config.as_ref().clone();
    config.probe_token = state.probes.issue();
    // The host of our STUN/TURN, NAT probe and sampled UDP ports, as the page names it.
    let udp_host = state.turn_host.clone().unwrap_or_else(|| request_host_name(&state, &headers));
    if let Some(external) = &state.external_ice {
        let credentials = credentials::issue(&external.secret, turn::auth::now_unix(), "callready");
        for (transport, url) in &external.urls {
            config.ice.push(plan(*transport, url.clone(), &credentials, false));
        }
    } else if let (Some(turn), Some(secret)) = (&state.turn, &state.turn_secret) {
        // The TURN user name ends in the page's probe token: its TURN address joins the run's.
        let credentials = credentials::issue(secret, turn::auth::now_unix(), &config.probe_token);
        let tls_host = state.turn_tls_host.as_deref().unwrap_or(&udp_host);
        for (transport, url) in ice_urls(turn, &udp_host, tls_host) {
            config.ice.push(plan(
                transport,
                url,
                &credentials,
                transport == IceTransport::TurnTls && state.tls_self_signed,
            ));
        }
    }
    config.ice_servers = config.ice.iter().map(|probe| probe.ice_server.clone()).collect();
    if let Some(nat) = &state.nat_probe {
        config.nat_probe = Some(NatProbePlan { host: udp_host.clone(), ports: nat.ports.clone() });
    }
    config.tls_probe = tls_probe_plan(&state, &headers);
    if let Some(platform) = state.platform.as_ref().filter(|p| !p.tcp_ports.is_empty() || !p.udp_ports.is_empty()) {
        config.platform = Some(PlatformPlan {
            tcp_ports: platform.tcp_ports.clone(),
            self_signed: platform.self_signed,
            udp_ports: platform.udp_ports.clone(),
            udp_host,
            udp_token: if platform.udp_ports.is_empty() { String::new() } else { config.probe_token.clone() },
        });
    }
    ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(config))
}

/// The built-in STUN/TURN server's URLs, each with its transport: `host` names its
/// UDP and TCP listeners, `tls_host` its TLS one (the name its certificate covers).
pub fn ice_urls(turn: &crate::turn::TurnService, host: &str, tls_host: &str) -> Vec<(IceTransport, String)> {
    let (host, tls_host) = (bracketed(host), bracketed(tls_host));
    let mut urls = Vec::new();
    if let Some(udp) = turn.udp_addr {
        urls.push((IceTransport::StunUdp, format!("stun:{host}:{}", udp.port())));
        urls.push((IceTransport::TurnUdp, format!("turn:{host}:{}?transport=udp", udp.port())));
    }
    if let Some(tcp) = turn.tcp_addr {
        urls.push((IceTransport::TurnTcp, format!("turn:{host}:{}?transport=tcp", tcp.port())));
    }
    if let Some(tls) = turn.tls_addr {
        urls.push((IceTransport::TurnTls, format!("turns:{tls_host}:{}?transport=tcp", tls.port())));
    }
    urls
}

/// Where the page finds the TLS listener: the page's own host name (the one the
/// certificate covers) on the listener's port.
pub fn tls_probe_plan(state: &AppState, headers: &HeaderMap) -> Option<TlsProbePlan> {
    let probe = state.tls_probe.as_ref()?;
    let host = request_host_name(state, headers);
    let valid = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c));
    valid.then(|| TlsProbePlan {
        origin: format!("https://{}:{}", bracketed(&host), probe.port),
        self_signed: probe.self_signed,
    })
}

/// `GET /api/probe/<token>`: the profile UDP ports a page's probes reached, and the
/// public addresses they came from (this request counting as HTTPS), anonymised.
pub async fn probe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if !is_probe_token(&token) {
        return Err(ApiError::BadToken);
    }
    let ports = state.probes.heard(&token).ok_or(ApiError::UnknownToken)?;
    let public = state
        .probes
        .public(
            &token,
            (Via::Https, crate::path::client_ip(state.proxy_hops, &conn, &headers)),
            &state.anonymiser,
            &token,
        )
        .ok_or(ApiError::UnknownToken)?;
    let nat = state.probes.nat(&token);
    let tls = state.probes.tls(&token);
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(ProbeHeard { ports, public, nat, tls })))
}

/// One ICE probe: STUN goes without credentials and may gather any candidate; TURN
/// carries the REST credentials and gathers relays only.
fn plan(
    transport: IceTransport,
    url: String,
    credentials: &credentials::Credentials,
    untrusted_certificate: bool,
) -> IceProbePlan {
    let turn = transport != IceTransport::StunUdp;
    IceProbePlan {
        transport,
        ice_server: IceServer {
            urls: vec![url],
            username: turn.then(|| credentials.username.clone()),
            credential: turn.then(|| credentials.password.clone()),
        },
        relay_only: turn,
        untrusted_certificate,
    }
}

/// The host name (without port) the page used to reach us, or of --public-url.
pub fn request_host_name(state: &AppState, headers: &HeaderMap) -> String {
    let from_url = state
        .public_url
        .as_deref()
        .and_then(|url| url.split("://").nth(1))
        .map(|rest| rest.split('/').next().unwrap_or_default().to_string());
    let authority = from_url
        .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string))
        .unwrap_or_else(|| "localhost".into());
    host_without_port(&authority)
}

/// An IPv6 address in brackets, as a URL writes it; anything else as it is.
pub fn bracketed(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

pub fn host_without_port(authority: &str) -> String {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_string();
    }
    authority.split(':').next().unwrap_or_default().to_string()
}

/// Unknown `/api/...` paths answer JSON, not the SPA.
pub async fn no_route() -> ApiError {
    ApiError::NoRoute
}

#[cfg(test)]
mod tests {
    use super::host_without_port;

    #[test]
    fn host_is_taken_without_port() {
        assert_eq!(host_without_port("callready.example.com:8443"), "callready.example.com");
        assert_eq!(host_without_port("10.0.0.2"), "10.0.0.2");
        assert_eq!(host_without_port("[2001:db8::1]:8080"), "2001:db8::1");
    }
}
