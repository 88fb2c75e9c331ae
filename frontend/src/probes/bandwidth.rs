//! Bandwidth probe (docs/methods.md, "Bandwidth"): download, then upload,
//! each for at most `seconds` on parallel HTTP streams (4, two more when the link is
//! fast), while a WebSocket pings every 200 ms to see how much the full link delays
//! everything else. The bytes are counted at the server's TCP socket: the server
//! pushes its meter's points to that WebSocket every quarter second, and a direction
//! ends as soon as its rate has settled. When the server cannot meter (or the
//! WebSocket is blocked), the page counts: downloads as it reads them, uploads from
//! the server's receipts. The math is in `callready_common::probes::bandwidth`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use callready_common::probes::bandwidth::{
    budget_share, first_upload_size, next_upload_size, BandwidthReport, CountedAt, Direction, MeterReading, Span, Tick,
    TransferMeter, TransferReport, UploadReceipt, MAX_UPLOAD_CHUNK,
};
use callready_common::probes::FetchFailure;
use callready_common::stats::Summary;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{AbortController, Headers, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::http::across_origins;
use crate::browser::time::{now_ms, sleep};
use crate::browser::ws::{Socket, WsEvent};
use crate::browser::{api_url, property, window, ws_url};
use crate::i18n::{lang, num, t as tr};

pub const PROBE: Probe = Probe {
    title_id: "probe-bandwidth-title",
    checks: &[CheckId::Bandwidth, CheckId::LoadedLatency],
    kind: Kind::Bandwidth,
    alongside_previous: false,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, report: &ReportContext) -> Vec<Figure> {
    let Some(b) = &r.bandwidth else { return Vec::new() };
    let transfer = |t: &TransferReport| match t.kbps {
        Some(kbps) => crate::t!(
            "figure-transfer-value",
            rate = lang().rate(kbps),
            streams = t.streams,
            megabytes = num(t.bytes as f64 / 1e6, 1),
            seconds = lang().seconds(t.seconds)
        ),
        None => {
            crate::t!("figure-not-measured-because", why = failure_text(t.failure.unwrap_or(FetchFailure::Timeout)))
        }
    };
    let mut figures = vec![(tr("figure-download"), transfer(&b.down)), (tr("figure-upload"), transfer(&b.up))];
    if let (Some(down), Some(up)) = (b.down.estimated_line_kbps(), b.up.estimated_line_kbps()) {
        figures.push((
            tr("figure-line-rate"),
            crate::t!("figure-line-rate-value", down = lang().rate(down), up = lang().rate(up)),
        ));
    }
    let counted = |t: &TransferReport| match t.counted_at {
        Some(CountedAt::ServerSocket) => tr("figure-counted-server"),
        Some(CountedAt::Page) | None => tr("figure-counted-page"),
    };
    if b.down.kbps.is_some() || b.up.kbps.is_some() {
        let (down, up) = (counted(&b.down), counted(&b.up));
        let value = if down == up { down } else { format!("{down} / {up}") };
        figures.push((tr("figure-counted"), value));
    }
    if let Some(capacity) = b.capacity(report.per_call_kbps) {
        figures.push((
            tr("figure-capacity"),
            crate::t!("figure-capacity-value", calls = capacity, rate = lang().rate(report.per_call_kbps)),
        ));
    }
    figures.push((
        tr("figure-loaded-round-trip"),
        format!(
            "{} / {} / {}",
            ms_or_dash(b.idle_rtt_ms),
            ms_or_dash(b.down.loaded_rtt()),
            ms_or_dash(b.up.loaded_rtt())
        ),
    ));
    figures
}

/// Why a transfer gave no rate, in the page's language.
fn failure_text(failure: FetchFailure) -> String {
    match failure {
        FetchFailure::Network => tr("figure-failure-network"),
        FetchFailure::Timeout => tr("figure-failure-timeout"),
        FetchFailure::Status { code } => crate::t!("figure-failure-status", code = code.to_string()),
    }
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        if ctx.config.bandwidth_seconds == 0 {
            return Outcome::NotOffered;
        }
        progress(tr("probe-starting"));
        let idle =
            ctx.reports.borrow().websocket.as_ref().and_then(|w| Summary::of(&w.echo_rtt_ms)).map(|s| s.median_ms);
        let report =
            run(ctx.config.bandwidth_seconds, ctx.verdict_by_ms(), idle, &ctx.config.probe_token, progress).await;
        let shown = |kbps: Option<f64>| kbps.map(|k| lang().rate(k)).unwrap_or_else(|| tr("probe-bandwidth-failed"));
        let row = crate::t!("probe-bandwidth-summary", down = shown(report.down.kbps), up = shown(report.up.kbps));
        ctx.reports.borrow_mut().bandwidth = Some(report);
        Outcome::Done(row)
    })
}

/// A WebSocket ping this often while the link is full.
const PING_EVERY_MS: f64 = 200.0;

/// What the streams of one direction share: the meter that counts and decides, and
/// the abort handles of their requests.
struct Shared {
    meter: RefCell<TransferMeter>,
    /// The page's probe token: the server serves transfers of a running test only.
    token: String,
    controllers: RefCell<Vec<AbortController>>,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.meter.borrow().stopped()
    }

    /// Sends a request; a failure is recorded (the meter ignores those after the
    /// stop) and gives `None`.
    async fn fetch(&self, url: &str, init: &RequestInit) -> Option<Response> {
        across_origins(init, url);
        let failure = match JsFuture::from(window().fetch_with_str_and_init(url, init)).await {
            Ok(response) => {
                let response = response.unchecked_into::<Response>();
                if response.ok() {
                    return Some(response);
                }
                FetchFailure::Status { code: response.status() }
            }
            Err(_) => FetchFailure::Network,
        };
        self.meter.borrow_mut().on_failure(failure);
        None
    }
}

/// Reads downloads back to back on one stream until told to stop (a fast link can
/// finish one 256 MiB download well before the end).
async fn download_stream(shared: Rc<Shared>, stream: u32) {
    let Ok(controller) = AbortController::new() else { return };
    shared.controllers.borrow_mut().push(controller.clone());
    let mut last = now_ms();
    while !shared.stopped() {
        let init = RequestInit::new();
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&controller.signal()));
        let url = api_url(&format!("/api/download?token={}", shared.token));
        let Some(response) = shared.fetch(&url, &init).await else { return };
        let Some(body) = response.body() else { return };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        while !shared.stopped() {
            let Ok(chunk) = JsFuture::from(reader.read()).await else { return };
            if property(&chunk, "done").and_then(|d| d.as_bool()).unwrap_or(true) {
                break;
            }
            let bytes =
                property(&chunk, "value").map(|v| v.unchecked_into::<js_sys::Uint8Array>().length()).unwrap_or(0);
            let now = now_ms();
            shared.meter.borrow_mut().on_span(Span { stream, start_ms: last, end_ms: now, bytes: u64::from(bytes) });
            last = now;
        }
        let _ = reader.cancel();
    }
}

async fn upload_stream(shared: Rc<Shared>, stream: u32, payload: js_sys::Uint8Array) {
    let Ok(controller) = AbortController::new() else { return };
    shared.controllers.borrow_mut().push(controller.clone());
    let mut size = first_upload_size(stream);
    while !shared.stopped() {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&controller.signal()));
        if let Ok(headers) = Headers::new() {
            let _ = headers.set("content-type", "application/octet-stream");
            init.set_headers(&headers);
        }
        init.set_body(&payload.subarray(0, size as u32));
        let url = api_url(&format!("/api/upload?token={}", shared.token));
        let Some(response) = shared.fetch(&url, &init).await else { return };
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let Ok(receipt) = serde_json::from_str::<UploadReceipt>(&text) else {
            shared.meter.borrow_mut().on_failure(FetchFailure::Network);
            return;
        };
        shared.meter.borrow_mut().on_span(Span {
            stream,
            start_ms: receipt.first_byte_ms,
            end_ms: receipt.last_byte_ms,
            bytes: receipt.bytes,
        });
        size = next_upload_size(&receipt);
    }
}

/// Incompressible bytes for uploads (xorshift; made once per run).
fn payload() -> js_sys::Uint8Array {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (now_ms() as u64);
    let mut bytes = vec![0u8; MAX_UPLOAD_CHUNK];
    for chunk in bytes.chunks_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
    }
    js_sys::Uint8Array::from(bytes.as_slice())
}

/// Pings over a WebSocket every 200 ms until `stop`; each answer, and each of the
/// server's meter points of direction `way` pushed to it, goes to the meter.
async fn pinger(stop: Rc<Cell<bool>>, shared: Rc<Shared>, mut socket: Socket) {
    let mut next = now_ms();
    while !stop.get() {
        let wait = (next - now_ms()).max(0.0);
        match socket.next(wait as u32).await {
            Some(WsEvent::Text(text)) => {
                if let Some(sent) = text.strip_prefix("ping ").and_then(|t| t.parse::<f64>().ok()) {
                    shared.meter.borrow_mut().on_ping(sent, now_ms() - sent);
                } else if let Some(reading) =
                    text.strip_prefix("meter ").and_then(|t| serde_json::from_str::<MeterReading>(t).ok())
                {
                    shared.meter.borrow_mut().on_meter(&reading.points);
                }
            }
            Some(WsEvent::Closed { .. }) | Some(WsEvent::Error) => return,
            Some(WsEvent::Open) => {}
            None => {
                socket.send(&format!("ping {}", now_ms()));
                next += PING_EVERY_MS;
            }
        }
    }
}

/// Opens the pinger's WebSocket for direction `way`, before the streams start: once
/// they fill a slow link, its handshake would queue behind their first bursts, and
/// could be lost with them (a 2 Mbit/s lab run lost its upload meter that way).
async fn open_pinger(token: &str, way: &str) -> Option<Socket> {
    let mut socket = Socket::connect(&ws_url(&format!("/ws/echo?token={token}&meter={way}")), &[]).ok()?;
    (socket.next(3_000).await == Some(WsEvent::Open)).then_some(socket)
}

/// One direction: streams started and stopped as the meter says, pings alongside.
/// `verdict_by_ms`: when the run aims to end, shared with the directions after this
/// one (`directions_left` counts this one too).
async fn transfer(
    direction: Direction,
    seconds: u32,
    verdict_by_ms: Option<f64>,
    directions_left: u32,
    token: &str,
    progress: Progress<'_>,
) -> TransferReport {
    let payload = (direction == Direction::Up).then(payload);
    let way = match direction {
        Direction::Down => "down",
        Direction::Up => "up",
    };
    let socket = open_pinger(token, way).await;
    let started = now_ms();
    let budget = verdict_by_ms.map(|by| budget_share(started, by, directions_left));
    let (meter, first) = TransferMeter::start_until(direction, started, seconds, budget);
    let shared =
        Rc::new(Shared { meter: RefCell::new(meter), token: token.to_string(), controllers: RefCell::default() });
    let stop_pings = Rc::new(Cell::new(false));
    if let Some(socket) = socket {
        spawn_local(pinger(stop_pings.clone(), shared.clone(), socket));
    }
    let start = |streams: Vec<u32>| {
        for stream in streams {
            let (shared, payload) = (shared.clone(), payload.clone());
            spawn_local(async move {
                match payload {
                    Some(payload) => upload_stream(shared.clone(), stream, payload).await,
                    None => download_stream(shared.clone(), stream).await,
                }
                shared.meter.borrow_mut().on_stream_ended(stream);
            });
        }
    };
    start(first);
    loop {
        sleep(250).await;
        let tick = shared.meter.borrow_mut().tick(now_ms());
        match tick {
            Tick::Stop => break,
            Tick::Continue { start: more, recent_kbps } => {
                start(more);
                let streams = shared.meter.borrow().streams();
                let id = match direction {
                    Direction::Down => "probe-bandwidth-download",
                    Direction::Up => "probe-bandwidth-upload",
                };
                progress(crate::t!(id, rate = lang().rate(recent_kbps), streams = streams));
            }
        }
    }
    while shared.meter.borrow().waiting_for_receipts(now_ms()) {
        sleep(50).await;
    }
    stop_pings.set(true);
    for controller in shared.controllers.borrow().iter() {
        controller.abort();
    }
    // Streams and the pinger may still hold the meter while their requests unwind.
    let meter = shared.meter.borrow().clone();
    meter.report(now_ms())
}

/// Download then upload, each within `seconds` and together by `verdict_by_ms` when
/// the run aims at a time; `idle_rtt_ms` is the WebSocket echo median measured
/// before, `token` the page's probe token.
pub async fn run(
    seconds: u32,
    verdict_by_ms: Option<f64>,
    idle_rtt_ms: Option<f64>,
    token: &str,
    progress: Progress<'_>,
) -> BandwidthReport {
    let down = transfer(Direction::Down, seconds, verdict_by_ms, 2, token, progress).await;
    let up = transfer(Direction::Up, seconds, verdict_by_ms, 1, token, progress).await;
    BandwidthReport { idle_rtt_ms, down, up }
}
