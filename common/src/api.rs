//! The API's envelopes: what the page and support's tools send to the server and get
//! back, around the probe reports of [`crate::probes`] and the verdict of
//! [`crate::verdict`]. Requests deny unknown fields.

use serde::{Deserialize, Serialize};

use crate::probes::ice::IceTransport;
use crate::probes::RunResults;
use crate::profile::Profile;
use crate::thresholds::Thresholds;
use crate::ua::UaSummary;
use crate::verdict::{Check, Verdict};

/// Longest session label accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 120;
/// Most simultaneous calls a session may ask to check.
pub const MAX_CALLS: u32 = 1000;
/// Largest request body the API accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The `performance.mark` the agent's page sets when its Start button can first be
/// pressed: its time to interactive, read by the lab and shown in developer tools.
pub const INTERACTIVE_MARK: &str = "callready-interactive";

/// `POST /api/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's name.
    pub name: String,
    /// Its password.
    pub password: String,
}

/// `GET /api/me` and `POST /api/login`: who is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The account's (or the token's) name.
    pub name: String,
    /// `admin`, `support`, or `token` for an API token.
    pub role: String,
}

/// `POST /api/sessions`; both fields optional, an empty body is allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionRequest {
    /// Free text naming the session (a site, an agent), at most [`MAX_LABEL_CHARS`]
    /// characters.
    #[serde(default)]
    pub label: Option<String>,
    /// Simultaneous calls the site must carry, 1 to [`MAX_CALLS`] (1 when absent): the
    /// bandwidth check's target; the page simulates as many, up to
    /// [`MAX_SIMULATED_CALLS`](crate::probes::media::MAX_SIMULATED_CALLS).
    #[serde(default)]
    pub calls: Option<u32>,
    /// The requirement profile the session's runs are judged against (its id, from
    /// `GET /api/profiles`); the default profile when absent.
    #[serde(default)]
    pub profile: Option<String>,
    /// The site the invite is for (free text, at most [`MAX_LABEL_CHARS`]).
    #[serde(default)]
    pub site: Option<String>,
    /// The agent the invite is for (free text, at most [`MAX_LABEL_CHARS`]).
    #[serde(default)]
    pub agent: Option<String>,
    /// The agent's language: `en`, `fr`, `it` or `ru`.
    #[serde(default)]
    pub language: Option<String>,
    /// How long the link takes new runs: `30d`, `12h`, `90m` (1 minute to 366 days;
    /// 30 days when absent).
    #[serde(default)]
    pub expires_in: Option<String>,
    /// Most runs the link takes, 1 to 500 (no limit but the server's 500 when absent).
    #[serde(default)]
    pub max_runs: Option<u32>,
    /// Up to [`MAX_FIELDS`] custom fields for the support team's own use (a ticket
    /// number, a CRM id): keys of 1 to 40 letters, digits, `-` or `_`, values of at
    /// most [`MAX_LABEL_CHARS`] characters.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
    /// Origins (`https://desk.example.com`) that may frame this invite's
    /// `/embed/t/<code>` page, besides the deployment's own list; at most
    /// [`MAX_EMBED_ORIGINS`].
    #[serde(default)]
    pub embed_origins: Vec<String>,
    /// The brand the invite's page, report and PDF wear (a brand id an admin made);
    /// `None`: the deployment's.
    #[serde(default)]
    pub brand: Option<String>,
    /// The region the test must run in (a name from `GET /api/regions`); `None`: the
    /// nearest one the page finds.
    #[serde(default)]
    pub region: Option<String>,
}

/// Most embedding origins one invite lists.
pub const MAX_EMBED_ORIGINS: usize = 5;

/// Most custom fields one invite carries.
pub const MAX_FIELDS: usize = 10;
/// The languages an invite may name.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "it", "ru"];
/// How long a link takes runs when the invite does not say (30 days).
pub const DEFAULT_EXPIRY_MS: i64 = 30 * 86_400_000;

/// `POST /api/sessions/bulk`: one invite per agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkInvite {
    /// What every agent's invite shares (its `agent` is replaced).
    #[serde(default)]
    pub invite: CreateSessionRequest,
    /// The agents, 1 to [`MAX_BULK_AGENTS`].
    pub agents: Vec<String>,
}

/// Most agents one bulk request invites.
pub const MAX_BULK_AGENTS: usize = 500;

/// Answer to `POST /api/sessions/bulk` (status 201), in the agents' order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkCreated {
    /// One link per agent.
    pub links: Vec<BulkLink>,
}

/// One agent's invite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkLink {
    /// The agent's name as given.
    pub agent: String,
    /// The session made for them.
    #[serde(flatten)]
    pub created: SessionCreated,
}

/// One session in `GET /api/sessions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The code, dashed.
    pub code: String,
    /// The label given at creation.
    pub label: Option<String>,
    /// The invite's site.
    pub site: Option<String>,
    /// The invite's agent.
    pub agent: Option<String>,
    /// The profile's id (`None`: the default one).
    pub profile: Option<String>,
    /// How many runs it holds.
    pub runs: u32,
    /// The latest run's verdict, `None` when not tested yet.
    pub latest_verdict: Option<crate::verdict::Verdict>,
    /// When the latest run was stored, Unix ms.
    pub latest_at_ms: Option<i64>,
    /// When the session was created, Unix ms.
    pub created_at_ms: i64,
}

/// `GET /api/sessions`: a page of sessions, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionList {
    /// This page's sessions.
    pub sessions: Vec<SessionSummary>,
    /// The page (from 1).
    pub page: u32,
    /// How many pages the filters give.
    pub pages: u32,
    /// How many sessions the filters give.
    pub total: u32,
}

/// `GET /api/sites/<site>`: every session of a site and where the site stands, from
/// each session's latest run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteView {
    /// The site's name.
    pub site: String,
    /// Its sessions, newest first.
    pub sessions: Vec<SessionSummary>,
    /// Sessions whose latest run is ready.
    pub ready: u32,
    /// … ready with warnings.
    pub warnings: u32,
    /// … not ready.
    pub not_ready: u32,
    /// Sessions not tested yet.
    pub untested: u32,
    /// The checks that warn or fail most often in the latest runs: (check key, its
    /// title, how many runs), most frequent first.
    pub failing: Vec<(String, String, u32)>,
    /// Medians over the latest runs: call round trip (the HTTPS one when no call
    /// stream ran), ms.
    pub median_rtt_ms: Option<f64>,
    /// … call loss, %.
    pub median_loss_pct: Option<f64>,
    /// … download, kbit/s.
    pub median_down_kbps: Option<f64>,
    /// … upload, kbit/s.
    pub median_up_kbps: Option<f64>,
}

/// Sessions per page of `GET /api/sessions`.
pub const SESSIONS_PER_PAGE: u32 = 50;

/// Answer to `POST /api/sessions` (status 201).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionCreated {
    /// The new session's agent code in its dashed form (`7KQ2-M9XD-4TPA`): it runs the
    /// test, and reads back nothing but the session's settings.
    pub code: String,
    /// The report code: it reads every run of the session (for support and sales).
    #[serde(default)]
    pub report_code: String,
    /// The link the agent opens to run the test (`{base}/t/{code}`).
    pub agent_url: String,
    /// The link that reads the session's runs (`{base}/r/{report_code}`).
    pub results_url: String,
}

/// `GET /api/sessions/{code}`: the session and every run, newest first. `R` is how
/// a reader takes each run: the agent's page, which shows none, reads them as
/// `serde::de::IgnoredAny` and so carries no code to decode them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView<R = RunView> {
    /// The session's code in its dashed form.
    pub code: String,
    /// The label given at creation, trimmed; `None` when there was none.
    pub label: Option<String>,
    /// Simultaneous calls the site must carry, as given at creation.
    pub calls: Option<u32>,
    /// When the session was created, Unix time in ms (server clock).
    pub created_at_ms: i64,
    /// The per-call rate this server judges capacity with (kbit/s each way).
    #[serde(default = "default_per_call_kbps")]
    pub per_call_kbps: f64,
    /// The requirement profile its runs are judged against; the page judges its own
    /// run with it too.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The site the invite is for.
    #[serde(default)]
    pub site: Option<String>,
    /// The agent the invite is for.
    #[serde(default)]
    pub agent: Option<String>,
    /// The agent's language.
    #[serde(default)]
    pub language: Option<String>,
    /// The invite's custom fields.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
    /// When the link stops taking runs, Unix ms; `None`: never (sessions made before
    /// invites had expiry).
    #[serde(default)]
    pub expires_at_ms: Option<i64>,
    /// Most runs the link takes; `None`: the server's limit only.
    #[serde(default)]
    pub max_runs: Option<u32>,
    /// Why the link takes no more runs, which the page says in its language; `None`
    /// while it takes runs. Its report stays readable.
    #[serde(default)]
    pub closed: Option<LinkClosed>,
    /// The runs are left out: the session was opened with its agent code, which runs
    /// the test but does not read the others' results (the report code does, and so
    /// does a signed-in account).
    #[serde(default)]
    pub runs_hidden: bool,
    /// The report code, for a signed-in account (`None` otherwise, and for sessions
    /// made before report codes).
    #[serde(default)]
    pub report_code: Option<String>,
    /// The origins that may frame the session's `/embed/t/<code>` page (the
    /// deployment's and the invite's): the only ones the framed page posts its
    /// events to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embed_origins: Vec<String>,
    /// The brand its pages wear (the invite's, else the deployment's); `None`:
    /// CallReady's own look.
    #[serde(default)]
    pub brand: Option<crate::brand::BrandView>,
    /// The region the invite pins its test to; `None`: the nearest one the page finds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Every run of the session, newest first.
    pub runs: Vec<R>,
}

/// Why an invite's link takes no more runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkClosed {
    /// It expired on `date` (`YYYY-MM-DD`, UTC).
    Expired {
        /// The day it expired.
        date: String,
    },
    /// It took the `runs` it allows.
    UsedUp {
        /// How many runs it allowed.
        runs: u32,
    },
}

impl LinkClosed {
    /// The reason in words ("This test link expired on 2026-12-30. Ask your support
    /// team for a new one.").
    pub fn text(&self) -> crate::text::Text {
        match self {
            LinkClosed::Expired { date } => crate::text::Text::new("link-closed-expired").data("date", date),
            LinkClosed::UsedUp { runs } => crate::text::Text::new("link-closed-used").count("count", *runs),
        }
    }
}

fn default_per_call_kbps() -> f64 {
    Thresholds::default().per_call_kbps
}

/// One stored run as support reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    /// 1, 2, 3… within its session: "run 2" is the session's second run.
    pub number: u32,
    /// When the server saved the run, Unix time in ms.
    pub created_at_ms: i64,
    /// The overall verdict, computed by the server when the run was saved.
    pub verdict: Verdict,
    /// One line per check, computed by the server when the run was saved.
    pub checks: Vec<Check>,
    /// What the page measured, as it submitted it.
    pub results: RunResults,
    /// What the server saw of the agent's network when the run was saved.
    pub network: NetworkFacts,
    /// The profile the run was judged with, as it was then (`None` for runs saved
    /// before profiles existed).
    #[serde(default)]
    pub profile: Option<Profile>,
}

/// What the server saw of the agent's network, already anonymised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkFacts {
    /// The client address truncated to its network (IPv4 /24, IPv6 /48).
    pub client_prefix: String,
    /// Keyed hash of the full address: equal values mean the same public address.
    pub client_id: String,
    /// Browser family, major version and OS from the User-Agent header.
    pub user_agent: UaSummary,
}

/// `POST /api/sessions/{code}/runs`. `client_run_id` makes retries idempotent: a
/// second save of the same run returns the first one's number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSubmission {
    /// An id the page draws for the run: 8 to 64 letters, digits or dashes.
    pub client_run_id: String,
    /// What the probes measured.
    pub results: RunResults,
    /// The config's probe token, so the server adds what it saw of the probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_token: Option<String>,
}

/// Answer to a saved run (201, or 200 when it was already saved). `C` is how a
/// reader takes each check: the agent's page needs only [`CheckStatus`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSaved<C = Check> {
    /// The run's number within its session.
    pub number: u32,
    /// The overall verdict the server computed.
    pub verdict: Verdict,
    /// The server's line for each check.
    pub checks: Vec<C>,
}

/// A check's id and status, all a stored run's line is read for by a page that
/// judged the run itself (it posts them to an embedding page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckStatus {
    /// Which check.
    pub id: crate::verdict::CheckId,
    /// How it went.
    pub status: crate::verdict::Status,
}

/// An entry of `RTCConfiguration.iceServers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IceServer {
    /// The server's `stun:`, `turn:` or `turns:` URLs; this server sends one per entry.
    pub urls: Vec<String>,
    /// TURN REST username (`<expiry unix time>:<tag>`), valid 10 minutes; absent for
    /// STUN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// TURN REST password for `username`; absent for STUN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// One ICE probe the page should run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IceProbePlan {
    /// The transport this probe tests.
    pub transport: IceTransport,
    /// The one server the probe's peer connection may use.
    pub ice_server: IceServer,
    /// `iceTransportPolicy: "relay"`.
    pub relay_only: bool,
    /// The server's TLS certificate is self-signed: browsers refuse it, so this
    /// probe cannot tell anything about the agent's network.
    #[serde(default)]
    pub untrusted_certificate: bool,
}

/// `GET /api/config`: what the page needs before it starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientConfig {
    /// The figures the page judges its run against: those the server judges with.
    pub thresholds: Thresholds,
    /// How many HTTPS requests the page times, after one unmeasured warm-up.
    pub https_pings: u32,
    /// How many WebSocket echoes the page times.
    pub ws_echoes: u32,
    /// ICE probes with fresh TURN credentials; empty without STUN/TURN.
    #[serde(default)]
    pub ice: Vec<IceProbePlan>,
    /// The same servers as one `RTCConfiguration.iceServers` list, ready for a
    /// softphone or a quick `new RTCPeerConnection({iceServers})` in a console.
    #[serde(default, rename = "iceServers")]
    pub ice_servers: Vec<IceServer>,
    /// Length of the call-quality stream; 0 = no echo peer.
    #[serde(default)]
    pub media_seconds: u32,
    /// Length of each bandwidth direction; 0 = no bandwidth test.
    #[serde(default)]
    pub bandwidth_seconds: u32,
    /// The run aims to give its verdict this long after Start: the bandwidth test
    /// shortens its directions to fit (`probes::bandwidth::budget_share`); 0 = no aim.
    #[serde(default)]
    pub verdict_within_seconds: u32,
    /// The ports this server opens for requirement profiles' checks; `None` when it
    /// opens none.
    #[serde(default)]
    pub platform: Option<PlatformPlan>,
    /// Ties this page's probes together on the server (the WebSocket's `token=`, the
    /// TURN user name, the sampled UDP ports) so it can tell whether they all leave
    /// through one public address. Empty from a server that does not.
    #[serde(default)]
    pub probe_token: String,
    /// Two UDP ports for the NAT mapping probe (one peer connection, TURN to both,
    /// under the probe token); `None` when the server opens none.
    #[serde(default)]
    pub nat_probe: Option<NatProbePlan>,
    /// CallReady's own TLS listener, whose view of the page's TLS handshake tells
    /// whether something on the way decrypts it; `None` when the server has none.
    #[serde(default)]
    pub tls_probe: Option<TlsProbePlan>,
}

/// Where the page sends its TLS inspection probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsProbePlan {
    /// `https://host:port`, on the page's host name.
    pub origin: String,
    /// The listener's certificate is self-signed: browsers refuse it.
    #[serde(default)]
    pub self_signed: bool,
}

/// The TLS probe's path on the TLS listener, before the probe token.
pub const TLS_PROBE_PATH: &str = "/api/tls-probe/";

/// Where the page sends its NAT mapping probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatProbePlan {
    /// The host for the `turn:` URLs.
    pub host: String,
    /// The two ports.
    pub ports: Vec<u16>,
}

/// What this server offers for the checks a requirement profile adds: the page
/// probes the profile's ports that are listed here and reports the others as not
/// offered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlatformPlan {
    /// TCP ports with HTTPS (or HTTP) and the WebSocket echo, on the page's host.
    pub tcp_ports: Vec<u16>,
    /// Those ports' TLS certificate is self-signed: a page on HTTPS cannot test them.
    #[serde(default)]
    pub self_signed: bool,
    /// UDP ports answering STUN/TURN, on `udp_host`.
    pub udp_ports: Vec<u16>,
    /// The host name for `turn:` URLs to the UDP ports.
    pub udp_host: String,
    /// Identifies this page's UDP probes (their TURN user name), and asks
    /// `GET /api/probe/<token>` which ports the server heard them on.
    pub udp_token: String,
}

/// `GET /api/whoami`: what the server sees of the connection and request that asked,
/// for the page, support and tests. Nothing of it is stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// The client's network, anonymised as stored runs show it (`203.0.113.0/24`).
    pub client_prefix: String,
    /// The proxy, the header check and the MSS.
    pub path: crate::probes::path::PathReport,
    /// The TLS ClientHello's fingerprint and stack, on the TLS listener of
    /// CallReady's own (`--tls-listen`); `None` on plain HTTP and behind a reverse
    /// proxy (whose TLS is not ours to see).
    #[serde(default)]
    pub tls: Option<crate::tls_hello::HelloSummary>,
}

/// Whether `token` has the form of a probe token the server issues (32 hex digits).
pub fn is_probe_token(token: &str) -> bool {
    token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// The header the page sets to a value it also sends in the query (`probe=`) or
/// the body (`client_run_id`): whether it arrives unchanged shows a rewriting proxy.
pub const PROBE_HEADER: &str = "x-callready-probe";

/// `GET /api/probe/<token>`: what the server saw of a page's probes under its token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeHeard {
    /// The sampled UDP ports the probes reached, sorted.
    pub ports: Vec<u16>,
    /// The public addresses the probes came from, on which paths (this request
    /// itself counting as HTTPS), anonymised.
    #[serde(default)]
    pub public: crate::probes::path::PublicReport,
    /// The NAT's mapping toward the two NAT probe ports, when both were heard.
    #[serde(default)]
    pub nat: Option<crate::probes::path::NatMapping>,
    /// The TLS handshake the server's TLS listener received under this token.
    #[serde(default)]
    pub tls: Option<crate::tls_hello::HelloSummary>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            thresholds: Thresholds::default(),
            https_pings: 10,
            ws_echoes: 20,
            ice: Vec::new(),
            ice_servers: Vec::new(),
            media_seconds: 0,
            bandwidth_seconds: 0,
            verdict_within_seconds: 0,
            platform: None,
            probe_token: String::new(),
            nat_probe: None,
            tls_probe: None,
        }
    }
}

/// A `/ws/rtc` message, either way. The page sends one `Offer` per peer connection
/// and gets its `Answer` (or an `Error`). The offer carries no trickled candidates
/// and may carry none at all: outside `localhost` the page removes its own
/// addresses (see [`crate::sdp`]), and the echo peer learns them from the browser's
/// connectivity checks as peer-reflexive candidates. The answer therefore does not
/// offer trickle ICE either. Closing the socket ends the peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Signal {
    /// The page's SDP offer for one peer connection.
    Offer {
        /// The offer's SDP, without trickled candidates.
        sdp: String,
    },
    /// The echo peer's SDP answer to the offer.
    Answer {
        /// The answer's SDP, without trickle ICE.
        sdp: String,
    },
    /// The server will not answer: no echo peer, not an offer, or invalid SDP.
    Error {
        /// Why, in words.
        message: String,
    },
}

/// Every API error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error's code and message.
    pub error: ErrorDetail,
}

/// The `error` object of an [`ErrorBody`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `session_not_found` or `invalid_field`.
    pub code: String,
    /// What went wrong, in words for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::Signal;

    #[test]
    fn signals_read_as_the_page_and_str0m_write_them() {
        let offer: Signal = serde_json::from_str(r#"{"type":"offer","sdp":"v=0"}"#).unwrap();
        assert_eq!(offer, Signal::Offer { sdp: "v=0".into() });
        let error = serde_json::to_string(&Signal::Error { message: "busy".into() }).unwrap();
        assert_eq!(error, r#"{"type":"error","message":"busy"}"#);
        assert!(serde_json::from_str::<Signal>(r#"{"type":"candidate","candidate":"x"}"#).is_err());
    }
}

/// The events a webhook may take.
pub const WEBHOOK_EVENTS: [&str; 2] = ["run_stored", "session_created"];

/// `POST /api/webhooks` (admin).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are POSTed: `http` or `https`.
    pub url: String,
    /// 16 to 256 characters; made (and shown once) when absent.
    #[serde(default)]
    pub secret: Option<String>,
    /// One or more of [`WEBHOOK_EVENTS`].
    pub events: Vec<String>,
}

/// A webhook as listed (its secret never shown again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookView {
    /// Its id, for `DELETE /api/webhooks/<id>`.
    pub id: i64,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The events it takes.
    pub events: Vec<String>,
    /// When it was added (Unix ms).
    pub created_at_ms: i64,
    /// Only in the answer that created it, when the server made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// One delivery of the log (`GET /api/webhooks/deliveries`, newest first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    /// Its id, for `POST /api/webhooks/deliveries/<id>/redeliver`.
    pub id: i64,
    /// The webhook it goes to.
    pub webhook_id: i64,
    /// That webhook's URL.
    pub url: String,
    /// One of [`WEBHOOK_EVENTS`].
    pub event: String,
    /// `pending`, `delivered` or `failed` (gave up after 24 hours).
    pub status: String,
    /// Tries made so far.
    pub attempts: i64,
    /// Why the last try failed (an HTTP status or a connection error).
    pub last_error: Option<String>,
    /// When the event was queued (or queued again), Unix ms.
    pub created_at_ms: i64,
    /// When the next try is due, while pending (Unix ms).
    pub next_attempt_ms: i64,
}

/// What a framed test page (`/embed/t/<code>`) tells its parent, with
/// `postMessage`, only to the origins allowed to frame it. Each message is a JSON
/// object: `{"source": "callready", "type": "…", …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EmbedEvent {
    /// The page is loaded and knows its session; the test can start.
    Ready {
        /// The agent's code.
        code: String,
    },
    /// The test started.
    Started {
        /// The agent's code.
        code: String,
    },
    /// A probe started or finished.
    Progress {
        /// The key of the first check the probe feeds (`https`, `websocket`, …).
        check: String,
        /// How much of the test is done, 0 to 100.
        percent: u8,
    },
    /// One check's outcome (the server's, once the run is stored).
    Check {
        /// The check's key.
        id: String,
        /// Its status: `pass`, `unknown`, `not_run`, `warn` or `fail`.
        status: crate::verdict::Status,
    },
    /// The run is judged and stored.
    Finished {
        /// The agent's code.
        code: String,
        /// The verdict the server stored: `ready`, `ready_with_warnings` or `not_ready`.
        verdict: Verdict,
        /// The report of this session, for support (absent when the page does not know it).
        report_url: Option<String>,
    },
}

/// One message of [`EmbedEvent`] with its `source` marker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmbedMessage {
    /// Always `callready`: lets the host page tell these messages from others.
    pub source: String,
    /// The event, flattened into the same object.
    #[serde(flatten)]
    pub event: EmbedEvent,
}

impl EmbedMessage {
    /// The message for `event`.
    pub fn new(event: EmbedEvent) -> EmbedMessage {
        EmbedMessage { source: "callready".into(), event }
    }
}
