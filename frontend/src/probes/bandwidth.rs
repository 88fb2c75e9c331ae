//! Bandwidth probe (docs/methods.md, "Bandwidth"): download, then upload,
//! each for `seconds` on parallel HTTP streams (4, two more when the link is fast),
//! while a WebSocket pings every 200 ms to see how much the full link delays
//! everything else. Downloads are counted as the page reads them; uploads by the
//! server (`POST /api/upload` answers what it received and when, on its clock). The
//! ramp-up is left out of the rate (1.5 s down, 3 s up); the math is in
//! `callready_common::probes::bandwidth`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use callready_common::probes::bandwidth::{
    per_second_kbps, steady_kbps, BandwidthReport, Span, TransferReport, UploadReceipt,
};
use callready_common::probes::FetchFailure;
use callready_common::stats::{rate, Summary};
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{AbortController, Headers, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::time::{now_ms, sleep};
use crate::browser::ws::{Socket, WsEvent};
use crate::browser::{property, window, ws_url};

pub const PROBE: Probe =
    Probe { title: "Bandwidth", checks: &[CheckId::Bandwidth, CheckId::LoadedLatency], run: begin, figures };

fn figures(r: &RunResults, report: &ReportContext) -> Vec<Figure> {
    let Some(b) = &r.bandwidth else { return Vec::new() };
    let transfer = |t: &TransferReport| match t.kbps {
        Some(kbps) => {
            format!("{} ({} streams, {:.1} MB in {:.1} s)", rate(kbps), t.streams, t.bytes as f64 / 1e6, t.seconds)
        }
        None => format!("not measured ({:?})", t.failure.unwrap_or(FetchFailure::Timeout)),
    };
    let mut figures = vec![
        ("Download (steady state)".into(), transfer(&b.down)),
        ("Upload (counted by the server)".into(), transfer(&b.up)),
    ];
    if let Some(capacity) = b.capacity(report.per_call_kbps) {
        figures.push((
            "Simultaneous calls this link carries".into(),
            format!("about {capacity} at {} each", rate(report.per_call_kbps)),
        ));
    }
    figures.push((
        "Round trip idle / during download / during upload".into(),
        format!(
            "{} / {} / {}",
            ms_or_dash(b.idle_rtt_ms),
            ms_or_dash(b.down.loaded_rtt()),
            ms_or_dash(b.up.loaded_rtt())
        ),
    ));
    figures
}

fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        if ctx.config.bandwidth_seconds == 0 {
            return Outcome::NotOffered;
        }
        progress("starting".into());
        let idle =
            ctx.reports.borrow().websocket.as_ref().and_then(|w| Summary::of(&w.echo_rtt_ms)).map(|s| s.median_ms);
        let report = run(ctx.config.bandwidth_seconds, idle, progress).await;
        let shown = |kbps: Option<f64>| kbps.map(rate).unwrap_or_else(|| "failed".into());
        let row = format!("down {}, up {}", shown(report.down.kbps), shown(report.up.kbps));
        ctx.reports.borrow_mut().bandwidth = Some(report);
        Outcome::Done(row)
    })
}

const START_STREAMS: u32 = 4;
const MAX_STREAMS: u32 = 6;
/// Above this per stream, two streams are added (a fast link needs more to fill).
const FAST_PER_STREAM_KBPS: f64 = 25_000.0;
const DOWN_RAMP_MS: f64 = 1_500.0;
const UP_RAMP_MS: f64 = 3_000.0;
const PING_EVERY_MS: f64 = 200.0;
/// Pings sent this long after a transfer starts count as "loaded" (the queue has filled).
const LOADED_AFTER_MS: f64 = 1_000.0;
/// After the deadline, how long uploads may finish the request they are sending (its
/// bytes are counted only when the server's receipt comes back).
const UPLOAD_GRACE_MS: f64 = 1_500.0;
/// How long each upload request should take. Between requests a stream waits for
/// the answer and sends nothing: longer requests waste less of the link that way
/// (measured in the lab: upload within ~4 % of the tbf rate, was up to 8 % under), and keep
/// more data in flight, as a continuous upload would, for loaded latency.
const UPLOAD_REQUEST_MS: f64 = 1_000.0;
/// Largest upload body.
const MAX_UPLOAD_CHUNK: usize = 8 << 20;
const MIN_UPLOAD_CHUNK: usize = 16 << 10;

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Down,
    Up,
}

/// What the streams of one direction share.
#[derive(Default)]
struct Shared {
    spans: RefCell<Vec<Span>>,
    failure: RefCell<Option<FetchFailure>>,
    /// Streams still running.
    running: RefCell<Vec<u32>>,
    /// Streams that stopped before the deadline, or whose last bytes were never
    /// counted: they do not bound the measuring window.
    ended_early: RefCell<Vec<u32>>,
    stop: Cell<bool>,
    controllers: RefCell<Vec<AbortController>>,
}

impl Shared {
    /// Marks as ended early every upload stream still running whose last receipt
    /// ended before `cutoff_ms` (the server's clock).
    fn mark_stalled(&self, cutoff_ms: f64) {
        let spans = self.spans.borrow();
        for stream in self.running.borrow().iter() {
            let last = spans.iter().filter(|s| s.stream == *stream).map(|s| s.end_ms).fold(f64::MIN, f64::max);
            if last < cutoff_ms {
                self.ended_early.borrow_mut().push(*stream);
            }
        }
    }

    /// Sends a request; a failure before the stop is recorded and gives `None`.
    async fn fetch(&self, url: &str, init: &RequestInit) -> Option<Response> {
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
        if !self.stop.get() {
            self.failure.borrow_mut().get_or_insert(failure);
        }
        None
    }
}

/// Reads downloads back to back on one stream until told to stop (a fast link can
/// finish one 256 MiB download well before the end).
async fn download_stream(shared: Rc<Shared>, stream: u32) {
    let Ok(controller) = AbortController::new() else { return };
    shared.controllers.borrow_mut().push(controller.clone());
    let mut last = now_ms();
    while !shared.stop.get() {
        let init = RequestInit::new();
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&controller.signal()));
        let Some(response) = shared.fetch("/api/download", &init).await else { return };
        let Some(body) = response.body() else { return };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        while !shared.stop.get() {
            let Ok(chunk) = JsFuture::from(reader.read()).await else { return };
            if property(&chunk, "done").and_then(|d| d.as_bool()).unwrap_or(true) {
                break;
            }
            let bytes =
                property(&chunk, "value").map(|v| v.unchecked_into::<js_sys::Uint8Array>().length()).unwrap_or(0);
            let now = now_ms();
            shared.spans.borrow_mut().push(Span { stream, start_ms: last, end_ms: now, bytes: u64::from(bytes) });
            last = now;
        }
        let _ = reader.cancel();
    }
}

async fn upload_stream(shared: Rc<Shared>, stream: u32, payload: js_sys::Uint8Array) {
    let Ok(controller) = AbortController::new() else { return };
    shared.controllers.borrow_mut().push(controller.clone());
    let mut size = 64 << 10;
    while !shared.stop.get() {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&controller.signal()));
        if let Ok(headers) = Headers::new() {
            let _ = headers.set("content-type", "application/octet-stream");
            init.set_headers(&headers);
        }
        init.set_body(&payload.subarray(0, size as u32));
        let Some(response) = shared.fetch("/api/upload", &init).await else { return };
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let Ok(receipt) = serde_json::from_str::<UploadReceipt>(&text) else {
            shared.failure.borrow_mut().get_or_insert(FetchFailure::Network);
            return;
        };
        shared.spans.borrow_mut().push(Span {
            stream,
            start_ms: receipt.first_byte_ms,
            end_ms: receipt.last_byte_ms,
            bytes: receipt.bytes,
        });
        let took = (receipt.last_byte_ms - receipt.first_byte_ms).max(1.0);
        let fitted = receipt.bytes as f64 * UPLOAD_REQUEST_MS / took;
        size = (fitted as usize).clamp(MIN_UPLOAD_CHUNK, MAX_UPLOAD_CHUNK);
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

/// Pings over a WebSocket every 200 ms until `stop`; answers (send time, RTT) into `out`.
async fn pinger(stop: Rc<Cell<bool>>, out: Rc<RefCell<Vec<(f64, f64)>>>) {
    let Ok(mut socket) = Socket::connect(&ws_url("/ws/echo"), &[]) else { return };
    if socket.next(3_000).await != Some(WsEvent::Open) {
        return;
    }
    let mut next = now_ms();
    while !stop.get() {
        let wait = (next - now_ms()).max(0.0);
        match socket.next(wait as u32).await {
            Some(WsEvent::Text(text)) => {
                if let Some(sent) = text.strip_prefix("ping ").and_then(|t| t.parse::<f64>().ok()) {
                    out.borrow_mut().push((sent, now_ms() - sent));
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

async fn transfer(direction: Direction, seconds: u32, progress: Progress<'_>) -> TransferReport {
    let shared = Rc::new(Shared::default());
    let pings = Rc::new(RefCell::new(Vec::new()));
    let stop_pings = Rc::new(Cell::new(false));
    spawn_local(pinger(stop_pings.clone(), pings.clone()));
    let payload = (direction == Direction::Up).then(payload);
    let started = now_ms();
    let mut streams = 0;
    let add = |count: u32, streams: &mut u32| {
        for _ in 0..count {
            let (shared, stream) = (shared.clone(), *streams);
            shared.running.borrow_mut().push(stream);
            let payload = payload.clone();
            spawn_local(async move {
                match payload {
                    Some(payload) => upload_stream(shared.clone(), stream, payload).await,
                    None => download_stream(shared.clone(), stream).await,
                }
                shared.running.borrow_mut().retain(|s| *s != stream);
                if !shared.stop.get() {
                    shared.ended_early.borrow_mut().push(stream);
                }
            });
            *streams += 1;
        }
    };
    add(START_STREAMS, &mut streams);
    let name = if direction == Direction::Down { "download" } else { "upload" };
    let deadline = started + f64::from(seconds) * 1000.0;
    while now_ms() < deadline && !shared.running.borrow().is_empty() {
        sleep(250).await;
        let recent = {
            let spans = shared.spans.borrow();
            let last_end = spans.iter().map(|s| s.end_ms).fold(f64::MIN, f64::max);
            callready_common::probes::bandwidth::bytes_between(&spans, last_end - 1000.0, last_end) * 8.0 / 1000.0
        };
        if now_ms() - started > 1_000.0 && streams < MAX_STREAMS && recent > FAST_PER_STREAM_KBPS * f64::from(streams) {
            add(MAX_STREAMS - streams, &mut streams);
        }
        progress(format!("{name} {} ({streams} streams)", rate(recent)));
    }
    shared.stop.set(true);
    let ended = now_ms();
    // A download stream that failed was marked when it ended. One that is merely
    // quiet is not stalled: Firefox hands a stream's chunks to the page in bursts, and
    // bytes it already received but had not handed over would go uncounted.
    if direction == Direction::Up {
        // Let each stream's last request be counted. One still sending after that
        // bounds the window at its last receipt (a slow uplink), unless that receipt
        // is much older than the others' (a stalled stream).
        while !shared.running.borrow().is_empty() && now_ms() - ended < UPLOAD_GRACE_MS {
            sleep(50).await;
        }
        let latest = shared.spans.borrow().iter().map(|s| s.end_ms).fold(f64::MIN, f64::max);
        shared.mark_stalled(latest - UPLOAD_GRACE_MS);
    }
    stop_pings.set(true);
    for controller in shared.controllers.borrow().iter() {
        controller.abort();
    }
    let spans = shared.spans.borrow();
    let ended_early = shared.ended_early.borrow();
    let origin = match direction {
        Direction::Down => started,
        // Uploads are timed on the server's clock: start where its first byte arrived.
        Direction::Up => spans.iter().map(|s| s.start_ms).fold(f64::INFINITY, f64::min),
    };
    let ramp = if direction == Direction::Down { DOWN_RAMP_MS } else { UP_RAMP_MS };
    let kbps = if origin.is_finite() { steady_kbps(&spans, &ended_early, origin, ramp) } else { None };
    let loaded: Vec<f64> = pings
        .borrow()
        .iter()
        .filter(|(sent, _)| *sent >= started + LOADED_AFTER_MS && *sent < ended)
        .map(|(_, rtt)| *rtt)
        .collect();
    TransferReport {
        kbps,
        bytes: spans.iter().map(|s| s.bytes).sum(),
        seconds: (ended - started) / 1000.0,
        streams,
        samples_kbps: if origin.is_finite() { per_second_kbps(&spans, &ended_early, origin) } else { Vec::new() },
        loaded_rtt_ms: loaded,
        failure: if kbps.is_none() { (*shared.failure.borrow()).or(Some(FetchFailure::Timeout)) } else { None },
    }
}

/// Download then upload; `idle_rtt_ms` is the WebSocket echo median measured before.
pub async fn run(seconds: u32, idle_rtt_ms: Option<f64>, progress: Progress<'_>) -> BandwidthReport {
    let down = transfer(Direction::Down, seconds, progress).await;
    let up = transfer(Direction::Up, seconds, progress).await;
    BandwidthReport { idle_rtt_ms, down, up }
}
