//! Regions: nodes that share one database, each with its own HTTPS, STUN/TURN and
//! echo peer. A node started with `--region` writes its row (name, public URLs) at
//! start and at every heartbeat, and reads everyone's back; a node silent for
//! [`MISSED_BEATS`] heartbeats is unhealthy and left out of what pages use. The list
//! it read is what `GET /api/regions` answers, and what CORS and WebSocket origins
//! are checked against: another node's page may call this node, nobody else's.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Json;
use callready_common::probes::ice::IceTransport;
use callready_common::probes::region::{RegionList, RegionView};

use crate::store::{NodeRow, Store};
use crate::AppState;

/// Heartbeats a node may miss before it counts as gone.
pub const MISSED_BEATS: u32 = 3;

/// This node's place among the regions, and the nodes it last read.
pub struct Regions {
    /// This node's row; `None` without `--region` (a deployment of one node).
    this: Option<NodeRow>,
    every: Duration,
    known: RwLock<Vec<NodeRow>>,
}

impl Regions {
    /// A node without a region: it lists itself only, and no other origin is allowed.
    pub fn single() -> Regions {
        Regions { this: None, every: Duration::from_secs(5), known: RwLock::new(Vec::new()) }
    }

    /// The node `this`, heartbeating every `every`.
    pub fn new(this: NodeRow, every: Duration) -> Regions {
        Regions { known: RwLock::new(vec![this.clone()]), this: Some(this), every }
    }

    /// How long a node may stay silent before it counts as gone.
    pub fn timeout(&self) -> Duration {
        self.every * MISSED_BEATS
    }

    fn healthy(&self, node: &NodeRow, now_ms: i64) -> bool {
        now_ms - node.last_seen_ms <= i64::try_from(self.timeout().as_millis()).unwrap_or(i64::MAX)
    }

    /// What `GET /api/regions` answers at `now_ms`: healthy nodes first, then by name.
    pub fn list(&self, now_ms: i64, fallback_origin: &str) -> RegionList {
        let Some(this) = &self.this else {
            return RegionList {
                this: "default".into(),
                regions: vec![RegionView {
                    name: "default".into(),
                    display_name: "default".into(),
                    http_url: fallback_origin.to_string(),
                    stun_url: None,
                    turn_urls: Vec::new(),
                    echo_url: None,
                    healthy: true,
                    last_seen_ms: now_ms,
                }],
            };
        };
        let known = self.known.read().map(|k| k.clone()).unwrap_or_default();
        let mut regions: Vec<RegionView> = known
            .iter()
            .map(|node| RegionView {
                name: node.name.clone(),
                display_name: node.display_name.clone(),
                http_url: node.http_url.clone(),
                stun_url: node.stun_url.clone(),
                turn_urls: node.turn_urls.clone(),
                echo_url: node.echo_url.clone(),
                healthy: self.healthy(node, now_ms),
                last_seen_ms: node.last_seen_ms,
            })
            .collect();
        regions.sort_by(|a, b| b.healthy.cmp(&a.healthy).then_with(|| a.name.cmp(&b.name)));
        RegionList { this: this.name.clone(), regions }
    }

    /// Whether `origin` (`https://eu.example.com`) is a healthy node's own origin.
    pub fn origin_allowed(&self, origin: &str, now_ms: i64) -> bool {
        self.this.is_some()
            && self.known.read().is_ok_and(|known| {
                known.iter().any(|node| self.healthy(node, now_ms) && node.http_url.eq_ignore_ascii_case(origin))
            })
    }

    /// What an agent page served here may connect to besides its own origin: every
    /// other node's HTTPS origin and its WebSocket twin.
    pub fn connect_sources(&self) -> Vec<String> {
        let Some(this) = &self.this else { return Vec::new() };
        let known = self.known.read().map(|k| k.clone()).unwrap_or_default();
        let mut sources = Vec::new();
        for node in known.iter().filter(|node| node.name != this.name) {
            sources.push(node.http_url.clone());
            sources.push(websocket_origin(&node.http_url));
        }
        sources
    }

    /// Writes this node's row and reads every node back.
    pub async fn beat(&self, store: &Store, now_ms: i64) -> Result<(), crate::store::StoreError> {
        let Some(this) = &self.this else { return Ok(()) };
        let row = NodeRow { last_seen_ms: now_ms, ..this.clone() };
        if !store.heartbeat(&row).await? {
            tracing::warn!(region = %this.name, "the database already lists the most nodes it keeps: this one is not listed");
        }
        let nodes = store.nodes().await?;
        if let Ok(mut known) = self.known.write() {
            *known = nodes;
        }
        Ok(())
    }
}

/// `https://host` as `wss://host`, `http://host` as `ws://host`.
pub fn websocket_origin(http_origin: &str) -> String {
    match http_origin.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", http_origin.strip_prefix("http://").unwrap_or(http_origin)),
    }
}

/// The origin of `--public-url` (`https://eu.example.com/` → `https://eu.example.com`).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next().filter(|a| !a.is_empty())?;
    matches!(scheme, "http" | "https").then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// This node's row, from its public URL and the services it runs.
pub fn this_node(config: &crate::config::Config, state: &AppState, region: &str, now_ms: i64) -> Option<NodeRow> {
    let http_url = origin_of(config.public_url.as_deref()?)?;
    let public_host = crate::api::host_without_port(http_url.split_once("://").map(|(_, a)| a).unwrap_or_default());
    let ice_host = state.turn_host.clone().unwrap_or(public_host.clone());
    let tls_host = state.turn_tls_host.as_deref().unwrap_or(&public_host);
    let urls = state.turn.as_ref().map(|turn| crate::api::ice_urls(turn, &ice_host, tls_host)).unwrap_or_default();
    let stun_url = urls.iter().find(|(t, _)| *t == IceTransport::StunUdp).map(|(_, url)| url.clone());
    let turn_urls = urls.into_iter().filter(|(t, _)| *t != IceTransport::StunUdp).map(|(_, url)| url).collect();
    Some(NodeRow {
        name: region.to_string(),
        display_name: config.region_display_name.clone().unwrap_or_else(|| region.to_string()),
        echo_url: state.echo.as_ref().map(|_| format!("{}/ws/rtc", websocket_origin(&http_url))),
        http_url,
        stun_url,
        turn_urls,
        started_at_ms: now_ms,
        last_seen_ms: now_ms,
    })
}

/// Heartbeats until aborted: a failed one is logged and tried again at the next.
pub fn start(regions: Arc<Regions>, store: Store) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if regions.this.is_none() {
            return;
        }
        let mut ticks = tokio::time::interval(regions.every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(err) = regions.beat(&store, crate::now_ms()).await {
                tracing::warn!(%err, "region heartbeat failed; trying again at the next");
            }
        }
    })
}

/// CORS for the API: exactly the healthy nodes' origins may call it from their
/// pages (for a test that runs against this node), with the methods and headers the
/// page sends; any other origin gets no `Access-Control-Allow-Origin`, which
/// browsers take as a refusal.
pub fn cors(regions: Arc<Regions>) -> tower_http::cors::CorsLayer {
    use axum::http::{HeaderName, Method};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origin.to_str().is_ok_and(|origin| regions.origin_allowed(origin, crate::now_ms()))
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, HeaderName::from_static(callready_common::api::PROBE_HEADER)])
        .max_age(Duration::from_secs(600))
}

/// Takes this node out of the list at once (a clean stop).
pub async fn leave(regions: &Regions, store: &Store) {
    if let Some(this) = &regions.this {
        if let Err(err) = store.leave(&this.name).await {
            tracing::warn!(%err, "could not take this node out of the region list");
        }
    }
}

/// `GET /api/regions`.
pub async fn list(State(state): State<AppState>, headers: axum::http::HeaderMap) -> impl IntoResponse {
    let host = crate::api::request_host_name(&state, &headers);
    let fallback = match &state.public_url {
        Some(url) => origin_of(url).unwrap_or_default(),
        None => format!("//{host}"),
    };
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(state.regions.list(crate::now_ms(), &fallback)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, url: &str, last_seen_ms: i64) -> NodeRow {
        NodeRow {
            name: name.into(),
            display_name: name.to_uppercase(),
            http_url: url.into(),
            stun_url: None,
            turn_urls: Vec::new(),
            echo_url: None,
            started_at_ms: 0,
            last_seen_ms,
        }
    }

    #[test]
    fn a_node_silent_for_three_beats_is_listed_unhealthy_and_its_origin_refused() {
        let regions = Regions::new(node("eu", "https://eu.example.com", 0), Duration::from_secs(5));
        *regions.known.write().unwrap() =
            vec![node("eu", "https://eu.example.com", 100_000), node("us", "https://us.example.com", 84_000)];
        let list = regions.list(100_000, "");
        assert_eq!(list.this, "eu");
        let healthy: Vec<(&str, bool)> = list.regions.iter().map(|r| (r.name.as_str(), r.healthy)).collect();
        assert_eq!(healthy, [("eu", true), ("us", false)], "15 s is the limit; 16 s is past it");
        assert!(regions.origin_allowed("https://eu.example.com", 100_000));
        assert!(!regions.origin_allowed("https://us.example.com", 100_000));
        assert!(regions.origin_allowed("https://us.example.com", 99_000));
        assert!(!regions.origin_allowed("https://evil.example.com", 100_000));
        assert_eq!(regions.connect_sources(), ["https://us.example.com", "wss://us.example.com"]);
    }

    #[test]
    fn a_single_node_lists_itself_and_allows_no_other_origin() {
        let regions = Regions::single();
        let list = regions.list(5, "https://cr.example.com");
        assert_eq!(list.regions.len(), 1);
        assert_eq!(list.regions[0].http_url, "https://cr.example.com");
        assert!(!regions.origin_allowed("https://cr.example.com", 5));
        assert!(regions.connect_sources().is_empty());
    }

    #[test]
    fn origins_of_public_urls() {
        assert_eq!(origin_of("https://EU.example.com/").as_deref(), Some("https://eu.example.com"));
        assert_eq!(origin_of("http://10.0.0.1:8080/x").as_deref(), Some("http://10.0.0.1:8080"));
        assert_eq!(origin_of("ftp://x"), None);
        assert_eq!(websocket_origin("https://a.b"), "wss://a.b");
        assert_eq!(websocket_origin("http://a.b:8080"), "ws://a.b:8080");
    }
}
