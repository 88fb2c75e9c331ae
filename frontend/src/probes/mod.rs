//! The probes, in the order they run: one module per probe, each with the same
//! shape — a [`Probe`] entry (its row title on the agent page and the verdict lines
//! it feeds) and a `run` that measures, reports progress, and leaves its report in
//! the [`ProbeContext`] for the probes after it. [`REGISTRY`] drives the agent page's
//! rows, the orchestration ([`crate::run`]) and the row colours after the verdict.

pub mod bandwidth;
pub mod browser;
pub mod https;
pub mod ice;
pub mod media;
pub mod nat;
pub mod path;
pub mod platform;
pub mod public;
pub mod tls;
pub mod websocket;

use std::cell::RefCell;

use callready_common::api::ClientConfig;
use callready_common::probes::bandwidth::BandwidthReport;
use callready_common::probes::browser::BrowserReport;
use callready_common::probes::https::HttpsReport;
use callready_common::probes::ice::IceReport;
use callready_common::probes::media::MediaReport;
use callready_common::probes::path::{PathReport, PublicReport};
use callready_common::probes::platform::PlatformReport;
use callready_common::probes::websocket::{SipReport, WebSocketReport};
use callready_common::probes::RunResults;
use callready_common::profile::Profile;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use crate::i18n::{lang, t};

/// Live text for the probe's row ("4 of 10 requests…").
pub type Progress<'a> = &'a dyn Fn(String);

/// How a probe ended, for its row.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Measured: a short summary for the row.
    Done(String),
    /// The server does not offer this test.
    NotOffered,
    /// Nothing to test here, and why ("the session's requirements name no ports"),
    /// in the page's language.
    NothingToTest(String),
}

/// One probe of the registry.
pub struct Probe {
    /// The message of its row's title on the agent page ([`Probe::title`]).
    pub title_id: &'static str,
    /// The verdict lines its report feeds: the row takes their colour.
    pub checks: &'static [CheckId],
    /// Which probe: [`Probe::begin`] and [`Probe::figures`] call its module's.
    pub kind: Kind,
    /// Runs at the same time as the probe before it. Only probes whose traffic cannot
    /// bend each other's figures share a group: the round-trip probes (HTTPS,
    /// WebSocket) with each other; the call stream with the reachability checks (a
    /// few small packets each). The bandwidth test fills the link and runs alone.
    pub alongside_previous: bool,
}

/// The probes by name. The registry holds no function pointers: the code that runs
/// a probe is called by name from [`Probe::begin`], so the agent's page can list the
/// probes without carrying their code (it arrives with Start, see [`crate::run`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Browser,
    Https,
    WebSocket,
    Path,
    Tls,
    Ice,
    Platform,
    Nat,
    Media,
    Bandwidth,
    Public,
}

impl Probe {
    /// Its row's title on the agent page, in the page's language.
    pub fn title(&self) -> String {
        t(self.title_id)
    }

    /// Measures, reports progress, and leaves its report in `ctx`.
    pub fn begin<'a>(&self, ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
        match self.kind {
            Kind::Browser => browser::begin(ctx, progress),
            Kind::Https => https::begin(ctx, progress),
            Kind::WebSocket => websocket::begin(ctx, progress),
            Kind::Path => path::begin(ctx, progress),
            Kind::Tls => tls::begin(ctx, progress),
            Kind::Ice => ice::begin(ctx, progress),
            Kind::Platform => platform::begin(ctx, progress),
            Kind::Nat => nat::begin(ctx, progress),
            Kind::Media => media::begin(ctx, progress),
            Kind::Bandwidth => bandwidth::begin(ctx, progress),
            Kind::Public => public::begin(ctx, progress),
        }
    }

    /// Its rows in the report's "Figures" table, from a stored run.
    #[cfg(feature = "support-pages")]
    pub fn figures(&self, r: &RunResults, report: &ReportContext) -> Vec<Figure> {
        match self.kind {
            Kind::Browser => Vec::new(),
            Kind::Https => https::figures(r, report),
            Kind::WebSocket => websocket::figures(r, report),
            Kind::Path => path::figures(r, report),
            Kind::Tls => tls::figures(r, report),
            Kind::Ice => ice::figures(r, report),
            Kind::Platform => platform::figures(r, report),
            Kind::Nat => nat::figures(r, report),
            Kind::Media => media::figures(r, report),
            Kind::Bandwidth => bandwidth::figures(r, report),
            Kind::Public => public::figures(r, report),
        }
    }
}

/// A row of the report's figures: what, and its value.
pub type Figure = (String, String);

/// What the report knows beside the run.
pub struct ReportContext {
    /// The rate one call needs, as the server judged capacity.
    pub per_call_kbps: f64,
}

/// A duration in the page's language, or a dash when there is none.
pub fn ms_or_dash(value: Option<f64>) -> String {
    value.map(|v| lang().ms(v)).unwrap_or_else(|| "–".into())
}

/// Every probe, in the order they run.
pub const REGISTRY: [Probe; 11] = [
    browser::PROBE,
    https::PROBE,
    websocket::PROBE,
    path::PROBE,
    tls::PROBE,
    ice::PROBE,
    platform::PROBE,
    nat::PROBE,
    media::PROBE,
    bandwidth::PROBE,
    public::PROBE,
];

/// What a probe may read: the server's settings, the session, and what the probes
/// before it reported.
pub struct ProbeContext {
    pub config: ClientConfig,
    /// Simultaneous calls the session asks to check.
    pub calls: u32,
    /// `host:port` of the page, named by the fixes.
    pub server_host: String,
    /// The session's requirement profile (its ports and addresses are probed).
    pub profile: Option<Profile>,
    pub reports: RefCell<Reports>,
    /// The checks fed by probes that ran while the tab was hidden.
    pub hidden_during: RefCell<Vec<CheckId>>,
    /// When the probes started (the page's clock): the run aims at its verdict
    /// `config.verdict_within_seconds` later.
    pub started_ms: std::cell::Cell<f64>,
}

/// The reports so far.
#[derive(Default)]
pub struct Reports {
    pub browser: Option<BrowserReport>,
    pub https: Option<HttpsReport>,
    pub websocket: Option<WebSocketReport>,
    pub ice: Vec<IceReport>,
    pub media: Option<MediaReport>,
    pub bandwidth: Option<BandwidthReport>,
    pub platform: Option<PlatformReport>,
    pub path: Option<PathReport>,
    pub public: Option<PublicReport>,
    pub nat: Option<callready_common::probes::path::NatMapping>,
    pub tls: Option<callready_common::probes::path::TlsReport>,
}

impl ProbeContext {
    pub fn new(config: ClientConfig, calls: u32, server_host: String, profile: Option<Profile>) -> ProbeContext {
        ProbeContext {
            config,
            calls,
            server_host,
            profile,
            reports: RefCell::default(),
            hidden_during: RefCell::default(),
            started_ms: std::cell::Cell::new(0.0),
        }
    }

    /// When the run aims to give its verdict, if it aims at a time.
    pub fn verdict_by_ms(&self) -> Option<f64> {
        let within = self.config.verdict_within_seconds;
        (within > 0).then(|| self.started_ms.get() + f64::from(within) * 1000.0)
    }

    /// The run, once every probe has reported.
    pub fn results(&self, duration_ms: f64) -> RunResults {
        let reports = std::mem::take(&mut *self.reports.borrow_mut());
        RunResults {
            duration_ms,
            server_host: Some(self.server_host.clone()),
            browser: reports.browser.unwrap_or_else(browser::measure),
            https: reports.https.unwrap_or(HttpsReport {
                rtt_ms: Vec::new(),
                attempts: 0,
                failure: None,
                page_timed: 0,
            }),
            websocket: reports.websocket.unwrap_or(WebSocketReport {
                connect_ms: None,
                echo_rtt_ms: Vec::new(),
                failure: None,
                sip: SipReport { rtt_ms: None, status: None, failure: None },
            }),
            ice: reports.ice,
            media: reports.media,
            bandwidth: reports.bandwidth,
            platform: reports.platform,
            path: reports.path,
            public: reports.public,
            nat: reports.nat,
            tls: reports.tls,
            hidden_during: std::mem::take(&mut *self.hidden_during.borrow_mut()),
            regions: None,
        }
    }
}
