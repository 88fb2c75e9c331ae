//! Metrics for Prometheus: what the server stored, served and relayed, scraped at
//! `/metrics` on a listener of its own (`--metrics-listen`), never on the public one.
//!
//! Every label value comes from a short list the server knows in advance (verdicts,
//! check ids, route templates, status codes, a few fixed words), so no session code,
//! address or other text from a client can grow the number of series.

use std::hash::Hash;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use callready_common::verdict::{Check, CheckId, Status, Verdict};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{prometheus_text, DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::error::StartError;
use crate::AppState;

/// The route label of a request no route matched (assets, unknown paths).
const UNMATCHED_ROUTE: &str = "other";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabel {
    verdict: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CheckLabel {
    check: &'static str,
}

/// A request's route template (never its path, which may carry a session code) and
/// the status it was answered with.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DirectionLabel {
    direction: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabel {
    operation: &'static str,
}

/// The WebSockets the pages open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketKind {
    /// `/ws/echo`: round trips and SIP OPTIONS.
    Echo,
    /// `/ws/rtc`: signalling for the echo peer.
    Rtc,
}

impl SocketKind {
    fn label(self) -> KindLabel {
        KindLabel { kind: if self == SocketKind::Echo { "echo" } else { "rtc" } }
    }
}

/// Which way the bandwidth test moves bytes, seen from the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Download,
    Upload,
}

impl Direction {
    fn label(self) -> DirectionLabel {
        DirectionLabel { direction: if self == Direction::Download { "download" } else { "upload" } }
    }
}

/// How one webhook delivery attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered,
    /// It failed and will be tried again.
    Retry,
    /// It failed and its 24 hours of retries are over.
    Failed,
}

impl DeliveryOutcome {
    fn label(self) -> OutcomeLabel {
        let outcome = match self {
            DeliveryOutcome::Delivered => "delivered",
            DeliveryOutcome::Retry => "retry",
            DeliveryOutcome::Failed => "failed",
        };
        OutcomeLabel { outcome }
    }
}

/// The verdict's name as the API writes it (`not_ready`).
pub fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => "ready",
        Verdict::ReadyWithWarnings => "ready_with_warnings",
        Verdict::NotReady => "not_ready",
    }
}

fn verdict_label(verdict: Verdict) -> VerdictLabel {
    VerdictLabel { verdict: verdict_name(verdict) }
}

/// Database latency, by operation: one histogram for the whole process.
///
/// It is global, unlike the other metrics, because the storage code that times its
/// queries has no [`AppState`]: the store is opened before the state exists, and the
/// `callready user …` and `backup` commands, the retention task and the webhook
/// worker use it without one. Every [`Metrics`] registry exports this same family, so
/// two servers in one process (tests do this) share its figures.
static DB_SECONDS: LazyLock<DbHistograms> = LazyLock::new(|| Family::new_with_constructor(db_histogram));

/// One histogram per operation, each with [`db_histogram`]'s buckets.
type DbHistograms = Family<OperationLabel, Histogram, fn() -> Histogram>;

/// Buckets from 0.5 ms to about 4 s, doubling.
fn db_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

/// Records that the database operation `operation` (a fixed name such as
/// `insert_run`, never anything from a request) took `elapsed`.
pub fn observe_db(operation: &'static str, elapsed: Duration) {
    DB_SECONDS.get_or_create(&OperationLabel { operation }).observe(elapsed.as_secs_f64());
}

/// Figures other services keep themselves, copied at each scrape.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    /// Calls open through the echo peer; `None` without one.
    echo_peers: Option<u64>,
    /// TURN allocations live now and bytes relayed since start; `None` without TURN.
    turn: Option<(u64, u64)>,
}

/// Exports the latest [`Figures`].
#[derive(Debug, Default)]
struct ServiceFigures {
    latest: Mutex<Figures>,
}

impl ServiceFigures {
    fn set(&self, figures: Figures) {
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = figures;
    }
}

fn encode_one(encoder: &mut DescriptorEncoder, name: &str, help: &str, metric: impl EncodeMetric) -> std::fmt::Result {
    let sample = encoder.encode_descriptor(name, help, None, metric.metric_type())?;
    metric.encode(sample)
}

impl Collector for ServiceFigures {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let figures = *self.latest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(peers) = figures.echo_peers {
            let help = "Calls open through the WebRTC echo peer";
            encode_one(&mut encoder, "callready_echo_peers_open", help, ConstGauge::new(peers))?;
        }
        if let Some((allocations, relayed)) = figures.turn {
            let help = "TURN allocations live now";
            encode_one(&mut encoder, "callready_turn_allocations", help, ConstGauge::new(allocations))?;
            let help = "Bytes the TURN relay carried, both ways";
            encode_one(&mut encoder, "callready_turn_relayed_bytes", help, ConstCounter::new(relayed))?;
        }
        let help = "Download test bytes sent from the payload file without copying (sendfile)";
        let sent = ConstCounter::new(crate::zero_copy::sent_without_copy());
        encode_one(&mut encoder, "callready_download_zero_copy_bytes", help, sent)?;
        Ok(())
    }
}

/// Creates the series of each of `labels` in `family`, at zero.
fn at_zero<S: Clone + Hash + Eq, M: Default>(family: &Family<S, M>, labels: impl IntoIterator<Item = S>) {
    for label in labels {
        drop(family.get_or_create(&label));
    }
}

/// The registry and every metric the server updates; one per [`AppState`].
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    runs_stored: Family<VerdictLabel, Counter>,
    check_failures: Family<CheckLabel, Counter>,
    http_requests: Family<HttpLabels, Counter>,
    websockets_open: Family<KindLabel, Gauge>,
    bandwidth_bytes: Family<DirectionLabel, Counter>,
    webhook_deliveries: Family<OutcomeLabel, Counter>,
    services: Arc<ServiceFigures>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Every metric registered, each known label value already at zero (a series
    /// that appears only on its first event hides that first event from `rate()`).
    pub fn new() -> Metrics {
        let metrics = Metrics {
            registry: Registry::default(),
            runs_stored: Family::default(),
            check_failures: Family::default(),
            http_requests: Family::default(),
            websockets_open: Family::default(),
            bandwidth_bytes: Family::default(),
            webhook_deliveries: Family::default(),
            services: Arc::default(),
        };
        let verdicts = [Verdict::Ready, Verdict::ReadyWithWarnings, Verdict::NotReady];
        at_zero(&metrics.runs_stored, verdicts.map(verdict_label));
        at_zero(&metrics.check_failures, CheckId::ALL.map(|id| CheckLabel { check: id.key() }));
        at_zero(&metrics.websockets_open, [SocketKind::Echo, SocketKind::Rtc].map(SocketKind::label));
        at_zero(&metrics.bandwidth_bytes, [Direction::Download, Direction::Upload].map(Direction::label));
        let outcomes = [DeliveryOutcome::Delivered, DeliveryOutcome::Retry, DeliveryOutcome::Failed];
        at_zero(&metrics.webhook_deliveries, outcomes.map(DeliveryOutcome::label));
        metrics.registered()
    }

    fn registered(mut self) -> Metrics {
        let r = &mut self.registry;
        r.register("callready_runs_stored", "Runs stored, by verdict", self.runs_stored.clone());
        r.register("callready_check_failures", "Failing checks of stored runs, by check", self.check_failures.clone());
        r.register("callready_http_requests", "HTTP requests, by route and status", self.http_requests.clone());
        r.register("callready_websockets_open", "WebSockets open, by kind", self.websockets_open.clone());
        r.register("callready_bandwidth_bytes", "Bandwidth test bytes, by direction", self.bandwidth_bytes.clone());
        r.register(
            "callready_webhook_deliveries",
            "Webhook delivery attempts, by outcome",
            self.webhook_deliveries.clone(),
        );
        r.register("callready_db_seconds", "Database operation latency, by operation", DB_SECONDS.clone());
        r.register_collector(Box::new(self.services.clone()));
        self
    }

    /// A new run was stored: its verdict, and each check that failed.
    pub fn run_stored(&self, verdict: Verdict, checks: &[Check]) {
        self.runs_stored.get_or_create(&verdict_label(verdict)).inc();
        for check in checks.iter().filter(|c| c.status == Status::Fail) {
            self.check_failures.get_or_create(&CheckLabel { check: check.id.key() }).inc();
        }
    }

    /// Bytes the bandwidth test moved.
    pub fn bandwidth_bytes(&self, direction: Direction, bytes: u64) {
        self.bandwidth_bytes.get_or_create(&direction.label()).inc_by(bytes);
    }

    /// One webhook delivery attempt ended.
    pub fn webhook_delivery(&self, outcome: DeliveryOutcome) {
        self.webhook_deliveries.get_or_create(&outcome.label()).inc();
    }

    /// A WebSocket of `kind` opened; it counts as open until the value is dropped.
    pub fn websocket_opened(&self, kind: SocketKind) -> OpenSocket {
        let gauge = self.websockets_open.get_or_create_owned(&kind.label());
        gauge.inc();
        OpenSocket { gauge }
    }

    fn request_answered(&self, route: &str, status: StatusCode) {
        self.http_requests.get_or_create(&HttpLabels { route: route.to_string(), status: status.as_u16() }).inc();
    }

    /// Everything in the Prometheus text format.
    fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// An open WebSocket, counted in `callready_websockets_open` while it lives.
#[derive(Debug)]
pub struct OpenSocket {
    gauge: Gauge,
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

/// The route template a request matched, carried on its response from the
/// router that matched it to [`count_requests`].
#[derive(Clone, Debug)]
struct MatchedRoute(MatchedPath);

/// Marks the response with the route template the request matched. Layered on each
/// router's routes, so a nested router's full template (`/api/sessions/{code}/runs`)
/// is what is kept; the outer router's nest route matches no template of its own.
pub async fn tag_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(MatchedRoute(matched));
    }
    response
}

/// Counts every answer by route template (`other` when none matched) and status.
pub async fn count_requests(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let route = response.extensions().get::<MatchedRoute>().map_or(UNMATCHED_ROUTE, |r| r.0.as_str());
    metrics.request_answered(route, response.status());
    response
}

/// What the other services say now.
async fn current_figures(state: &AppState) -> Figures {
    let turn = match &state.turn {
        Some(turn) => Some((turn.allocations().await as u64, turn.stats().relayed_bytes)),
        None => None,
    };
    Figures { echo_peers: state.echo.as_ref().map(|echo| echo.peers() as u64), turn }
}

/// `GET /metrics` on the metrics listener.
async fn scrape(State(state): State<AppState>) -> Response {
    state.metrics.services.set(current_figures(&state).await);
    match state.metrics.encode() {
        Ok(text) => ([(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The metrics listener's whole surface.
pub fn router(state: AppState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

/// Scrapers are few: a handful of connections is plenty, and bounds what a stray
/// client of this port can hold.
const LISTENER_LIMITS: crate::http::ConnectionLimits =
    crate::http::ConnectionLimits { max_connections: 16, header_timeout: Duration::from_secs(10) };

/// The metrics listener, serving until dropped.
pub struct MetricsListener {
    /// The address it is bound to (a port of 0 in `--metrics-listen` is chosen here).
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for MetricsListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `addr` (`--metrics-listen`) and serves `/metrics` there on a task of its
/// own; nothing without the flag.
pub async fn start(addr: Option<SocketAddr>, state: &AppState) -> Result<Option<MetricsListener>, StartError> {
    let Some(addr) = addr else {
        return Ok(None);
    };
    let failed = |source| StartError::Bind { flag: "--metrics-listen", addr, source };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(failed)?;
    let bound = listener.local_addr().map_err(failed)?;
    tracing::info!("metrics for Prometheus at http://{bound}/metrics");
    let served = crate::http::serve(listener, router(state.clone()), LISTENER_LIMITS, std::future::pending());
    Ok(Some(MetricsListener { addr: bound, task: tokio::spawn(served) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_line<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
        text.lines().find(|line| line.starts_with(prefix))
    }

    #[test]
    fn known_label_values_start_at_zero_and_runs_count_their_failures() {
        let metrics = Metrics::new();
        let text = metrics.encode().unwrap();
        assert!(sample_line(&text, "callready_runs_stored_total{verdict=\"not_ready\"} 0").is_some(), "{text}");
        let line = |id, status| Check { id, status, summary: "".into(), fix: None, it: None, blocked_by: None };
        metrics.run_stored(
            Verdict::NotReady,
            &[line(CheckId::WebSocket, Status::Fail), line(CheckId::Https, Status::Warn)],
        );
        let text = metrics.encode().unwrap();
        assert!(sample_line(&text, "callready_runs_stored_total{verdict=\"not_ready\"} 1").is_some(), "{text}");
        assert!(sample_line(&text, "callready_check_failures_total{check=\"websocket\"} 1").is_some(), "{text}");
        assert!(
            sample_line(&text, "callready_check_failures_total{check=\"https\"} 0").is_some(),
            "a warning is no failure"
        );
    }

    #[test]
    fn an_open_socket_counts_until_dropped() {
        let metrics = Metrics::new();
        let open = metrics.websocket_opened(SocketKind::Rtc);
        assert!(sample_line(&metrics.encode().unwrap(), "callready_websockets_open{kind=\"rtc\"} 1").is_some());
        drop(open);
        assert!(sample_line(&metrics.encode().unwrap(), "callready_websockets_open{kind=\"rtc\"} 0").is_some());
    }

    #[test]
    fn service_figures_appear_only_for_services_that_run() {
        let metrics = Metrics::new();
        assert!(!metrics.encode().unwrap().contains("callready_turn_allocations"));
        metrics.services.set(Figures { echo_peers: Some(3), turn: Some((2, 4096)) });
        let text = metrics.encode().unwrap();
        assert!(sample_line(&text, "callready_echo_peers_open 3").is_some(), "{text}");
        assert!(sample_line(&text, "callready_turn_allocations 2").is_some(), "{text}");
        assert!(sample_line(&text, "callready_turn_relayed_bytes_total 4096").is_some(), "{text}");
    }
}
