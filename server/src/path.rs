//! What the server sees of a client's path on each request: the TCP maximum segment
//! size of its connection (read once, when the connection is accepted) and a web
//! proxy's marks on the request. `GET /api/whoami` shows it; a run's `path` is
//! replaced by it at ingest, from the request that saves the run.

use std::net::SocketAddr;

use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::IntoResponse;
use axum::serve::IncomingStream;
use axum::Json;
use callready_common::api::{WhoAmI, PROBE_HEADER};
use callready_common::probes::path::{PathReport, ProxyEvidence};
use callready_common::tls_hello::HelloSummary;
use tokio::net::TcpListener;

use crate::platform::tcp::SniffingListener;
use crate::AppState;

/// A client connection: its address, when the kernel says its TCP MSS, and on
/// CallReady's own TLS listener the client's ClientHello.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConn {
    pub addr: SocketAddr,
    pub mss: Option<u32>,
    pub tls: Option<HelloSummary>,
    /// The connection's socket, for the bandwidth meter (the HTTP listener's only).
    pub socket: Option<crate::api::meter::ConnSocket>,
}

impl ClientConn {
    /// A connection known by its address only (tests, tools).
    pub fn from_addr(addr: SocketAddr) -> ClientConn {
        ClientConn { addr, mss: None, tls: None, socket: None }
    }
}

impl Connected<IncomingStream<'_, TcpListener>> for ClientConn {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Self {
        let mss = socket2::SockRef::from(stream.io()).tcp_mss().ok().filter(|m| *m > 0);
        ClientConn {
            addr: *stream.remote_addr(),
            mss,
            tls: None,
            socket: Some(crate::api::meter::ConnSocket::of(stream.io())),
        }
    }
}

impl Connected<IncomingStream<'_, SniffingListener>> for ClientConn {
    fn connect_info(stream: IncomingStream<'_, SniffingListener>) -> Self {
        let connection = stream.io();
        ClientConn { addr: *stream.remote_addr(), mss: connection.mss, tls: connection.hello.clone(), socket: None }
    }
}

/// The client's address: the connection's, or behind `proxy_hops` reverse proxies
/// of the operator's the one the outermost of them saw (its X-Forwarded-For entry,
/// counted from the right: entries further left are the client's to write).
pub fn client_ip(proxy_hops: usize, conn: &ClientConn, headers: &HeaderMap) -> std::net::IpAddr {
    if proxy_hops == 0 {
        return conn.addr.ip();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    hops.len()
        .checked_sub(proxy_hops)
        .and_then(|i| hops.get(i))
        .and_then(|entry| entry.parse().ok())
        .unwrap_or(conn.addr.ip())
}

/// What this request shows of the path. `expected` is the value the page says it
/// put in the probe header; the headers count as intact or changed only when the
/// header arrived at all (a client that sets none, like curl, is not judged; a proxy
/// that strips it goes unseen).
pub fn observe(state: &AppState, conn: &ClientConn, headers: &HeaderMap, expected: Option<&str>) -> PathReport {
    let pairs = headers.iter().map(|(name, value)| (name.as_str(), value.to_str().unwrap_or("")));
    let ipv6 = match conn.addr.ip() {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().is_none(),
        std::net::IpAddr::V4(_) => false,
    };
    PathReport {
        proxy: ProxyEvidence::from_headers(pairs, state.proxy_hops),
        headers_intact: match (expected, headers.get(PROBE_HEADER)) {
            (Some(value), Some(arrived)) => Some(arrived.to_str().ok() == Some(value)),
            _ => None,
        },
        // Behind the operator's reverse proxy the connection is the proxy's.
        mss: if state.proxy_hops > 0 { None } else { conn.mss },
        ipv6,
    }
}

/// The `probe=` value of a query string, if it is a plain token.
fn probe_in(uri: &Uri) -> Option<&str> {
    let value = uri.query()?.split('&').find_map(|pair| pair.strip_prefix("probe="))?;
    (!value.is_empty() && value.len() <= 64 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then_some(value)
}

/// `GET /api/whoami[?probe=<token>]`: what the server sees; stores nothing.
pub async fn whoami(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ClientConn>,
    uri: Uri,
    headers: HeaderMap,
) -> impl IntoResponse {
    let path = observe(&state, &conn, &headers, probe_in(&uri));
    let client_prefix = state.anonymiser.anonymise(client_ip(state.proxy_hops, &conn, &headers), "").prefix;
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(WhoAmI { client_prefix, path, tls: conn.tls }),
    )
}

#[cfg(test)]
mod tests {
    use super::probe_in;

    #[test]
    fn behind_the_operator_s_proxies_the_client_is_the_entry_they_added() {
        use super::{client_ip, ClientConn};
        let conn = ClientConn::from_addr("10.0.0.2:40000".parse().unwrap());
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 198.51.100.7".parse().unwrap());
        assert_eq!(client_ip(0, &conn, &headers).to_string(), "10.0.0.2", "no proxy of ours: the connection");
        assert_eq!(client_ip(1, &conn, &headers).to_string(), "198.51.100.7", "not the entry the client wrote");
        headers.append("x-forwarded-for", "203.0.113.9".parse().unwrap());
        assert_eq!(client_ip(2, &conn, &headers).to_string(), "198.51.100.7");
        assert_eq!(client_ip(5, &conn, &headers).to_string(), "10.0.0.2", "fewer entries than hops");
    }

    #[test]
    fn only_a_plain_probe_token_is_taken() {
        let uri = |q: &str| q.parse::<axum::http::Uri>().unwrap();
        assert_eq!(probe_in(&uri("/api/whoami?probe=ab12-cd")), Some("ab12-cd"));
        assert_eq!(probe_in(&uri("/api/whoami?x=1&probe=ab12")), Some("ab12"));
        assert_eq!(probe_in(&uri("/api/whoami?probe=%0d%0a")), None);
        assert_eq!(probe_in(&uri("/api/whoami")), None);
    }
}
