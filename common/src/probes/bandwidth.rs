//! Bandwidth (docs/methods.md, "Bandwidth"): the report types and their math. A transfer is a set of
//! spans: bytes that moved between two instants on one stream (a chunk the page read
//! for downloads; one request body, timed by the server, for uploads). Bytes are
//! spread evenly over their span. The rate is taken after the ramp-up, up to the
//! moment every stream's count is complete, so a stream cut off at the deadline does
//! not make the end of the window look slow. A stream that ended early (it failed,
//! or never got its last request answered) bounds nothing: its bytes count while it
//! moved them, and the other streams filled the link after it.

use serde::{Deserialize, Serialize};

use super::FetchFailure;

/// Bytes that moved on `stream` between `start_ms` and `end_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// Which of the direction's parallel HTTP streams moved the bytes (0, 1, 2…).
    pub stream: u32,
    /// Start of the span, ms: the page's clock for downloads, the server's for uploads.
    pub start_ms: f64,
    /// End of the span, ms, on the same clock as `start_ms`.
    pub end_ms: f64,
    /// Bytes that moved in the span.
    pub bytes: u64,
}

/// The bytes of `spans` that fall in `[from_ms, to_ms)`, each span's bytes spread
/// evenly over it (a span of no length counts where it ends).
pub fn bytes_between(spans: &[Span], from_ms: f64, to_ms: f64) -> f64 {
    spans
        .iter()
        .map(|s| {
            let length = s.end_ms - s.start_ms;
            if length <= 0.0 {
                return if s.end_ms >= from_ms && s.end_ms < to_ms { s.bytes as f64 } else { 0.0 };
            }
            let overlap = (s.end_ms.min(to_ms) - s.start_ms.max(from_ms)).max(0.0);
            s.bytes as f64 * overlap / length
        })
        .sum()
}

/// Where counting is complete: the earliest of the last span ends of the streams
/// that ran to the end (every stream not in `ended_early`).
pub fn complete_until(spans: &[Span], ended_early: &[u32]) -> Option<f64> {
    let mut last: Vec<(u32, f64)> = Vec::new();
    for s in spans.iter().filter(|s| !ended_early.contains(&s.stream)) {
        match last.iter_mut().find(|(stream, _)| *stream == s.stream) {
            Some((_, end)) => *end = end.max(s.end_ms),
            None => last.push((s.stream, s.end_ms)),
        }
    }
    last.into_iter().map(|(_, end)| end).min_by(f64::total_cmp)
}

/// kbit/s from bytes over milliseconds (8 bits per byte, 1000 ms per second, 1000
/// bits per kbit: the factors cancel to 8).
fn kbps(bytes: f64, ms: f64) -> f64 {
    bytes * 8.0 / ms
}

/// The steady-state rate: bytes after `start_ms + ramp_ms` until counting is
/// complete. `None` when less than half a second of steady state was seen.
pub fn steady_kbps(spans: &[Span], ended_early: &[u32], start_ms: f64, ramp_ms: f64) -> Option<f64> {
    let from = start_ms + ramp_ms;
    let to = complete_until(spans, ended_early)?;
    (to - from >= 500.0).then(|| kbps(bytes_between(spans, from, to), to - from))
}

/// The rate in each whole second from `start_ms` while counting is complete, for the
/// chart.
pub fn per_second_kbps(spans: &[Span], ended_early: &[u32], start_ms: f64) -> Vec<f64> {
    let Some(to) = complete_until(spans, ended_early) else { return Vec::new() };
    let seconds = ((to - start_ms) / 1000.0).floor().max(0.0) as usize;
    (0..seconds)
        .map(|i| {
            let from = start_ms + i as f64 * 1000.0;
            kbps(bytes_between(spans, from, from + 1000.0), 1000.0)
        })
        .collect()
}

/// How many simultaneous calls a link carries: the slower direction divided by the
/// rate of one call, rounded down.
pub fn capacity(down_kbps: f64, up_kbps: f64, per_call_kbps: f64) -> u32 {
    if per_call_kbps.is_nan() || per_call_kbps <= 0.0 {
        return 0;
    }
    if !down_kbps.is_finite() || !up_kbps.is_finite() {
        return 0;
    }
    let slower = down_kbps.min(up_kbps);
    if slower <= 0.0 {
        return 0;
    }
    (slower / per_call_kbps).floor().min(u32::MAX as f64) as u32
}

/// Download then upload over HTTPS on parallel streams, with WebSocket pings every
/// ~200 ms while each runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandwidthReport {
    /// Round trip on an idle link: the median WebSocket echo measured before the
    /// transfers.
    pub idle_rtt_ms: Option<f64>,
    /// The download, run first.
    pub down: TransferReport,
    /// The upload, run after the download.
    pub up: TransferReport,
}

impl BandwidthReport {
    /// Simultaneous calls the slower direction carries; `None` unless both were measured.
    pub fn capacity(&self, per_call_kbps: f64) -> Option<u32> {
        Some(capacity(self.down.kbps?, self.up.kbps?, per_call_kbps))
    }

    /// The largest rise of the loaded round trip over the idle one, and in which direction.
    pub fn worst_increase(&self) -> Option<(f64, &'static str)> {
        let idle = self.idle_rtt_ms?;
        [(&self.down, "download"), (&self.up, "upload")]
            .into_iter()
            .filter_map(|(t, name)| Some((t.loaded_rtt()? - idle, name)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }
}

/// One direction of the bandwidth test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferReport {
    /// Steady-state rate after the ramp-up (kbit/s); for uploads, what the server
    /// received. `None` when it could not be measured.
    pub kbps: Option<f64>,
    /// Bytes counted in the whole transfer.
    pub bytes: u64,
    /// How long the transfer ran.
    pub seconds: f64,
    /// Parallel HTTP streams used at the end.
    pub streams: u32,
    /// The rate in each second, for the chart: from the start when the page
    /// counted, from the end of the ramp-up when the server's socket did.
    pub samples_kbps: Vec<f64>,
    /// Round trips of the pings answered while the transfer ran, in order.
    pub loaded_rtt_ms: Vec<f64>,
    /// Why no rate was measured: the first failed request, or `Timeout` when none failed;
    /// `None` when `kbps` is set.
    pub failure: Option<FetchFailure>,
    /// Where the bytes were counted (`None` in runs stored before this was recorded:
    /// the page counted them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_at: Option<CountedAt>,
}

/// Where a transfer's bytes were counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountedAt {
    /// At the server's TCP socket: bytes the agent's side acknowledged (downloads) or
    /// that arrived (uploads), every 100 ms. Exact: TCP payload, what the link carried
    /// for the application (goodput).
    ServerSocket,
    /// By the page: chunks as the browser handed them over (downloads) and the
    /// server's receipts of whole requests (uploads). Used when the server could not
    /// meter the transfer.
    Page,
}

/// Frame bytes per TCP payload byte of a full-sized segment on Ethernet with a 1500
/// byte MTU: 1514 on the wire (14 of Ethernet header, 20 of IPv4, 32 of TCP with
/// timestamps) for 1448 of payload. The line rate a goodput suggests is an estimate:
/// other framings (PPPoE, VLAN tags, IPv6, Wi-Fi) differ by a few per cent.
pub const LINE_PER_GOODPUT: f64 = 1514.0 / 1448.0;

impl TransferReport {
    /// The line rate the goodput suggests (kbit/s), on the framing of [`LINE_PER_GOODPUT`].
    pub fn estimated_line_kbps(&self) -> Option<f64> {
        self.kbps.map(|k| k * LINE_PER_GOODPUT)
    }
}

/// A reading of the server's bandwidth meter: the bytes counted for one token and
/// direction since its first transfer, at `at_ms` on the server's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterPoint {
    /// When it was read, ms on the server's clock.
    pub at_ms: f64,
    /// Bytes counted since the token's first transfer that way.
    pub bytes: u64,
    /// Whether every byte that had arrived was counted: false while a connection
    /// may hold segments that arrived after a lost one (an upload's receiver counts
    /// bytes in order, so those count only once the retransmission fills the gap).
    /// A rate is taken between whole readings.
    #[serde(default = "whole_by_default", skip_serializing_if = "is_whole")]
    pub whole: bool,
}

fn whole_by_default() -> bool {
    true
}

fn is_whole(whole: &bool) -> bool {
    *whole
}

/// What the server pushes to the bandwidth pinger's WebSocket (`meter ` and this as
/// JSON): the points read since its last push.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterReading {
    /// In order of reading.
    pub points: Vec<MeterPoint>,
}

/// How far before a window's end (or after its start) a whole reading may stand in
/// for a reading with a gap open ([`MeterPoint::whole`]).
pub const WHOLE_WITHIN_MS: f64 = 500.0;

/// The rate between two readings of the server's meter.
fn rate_between(from: MeterPoint, to: MeterPoint) -> f64 {
    kbps(to.bytes.saturating_sub(from.bytes) as f64, to.at_ms - from.at_ms)
}

/// The server's running totals as spans between consecutive readings (one stream).
pub fn meter_spans(points: &[MeterPoint]) -> Vec<Span> {
    points
        .windows(2)
        .map(|w| Span {
            stream: 0,
            start_ms: w[0].at_ms,
            end_ms: w[1].at_ms,
            bytes: w[1].bytes.saturating_sub(w[0].bytes),
        })
        .collect()
}

impl TransferReport {
    /// The median round trip under load.
    pub fn loaded_rtt(&self) -> Option<f64> {
        crate::stats::Summary::of(&self.loaded_rtt_ms).map(|s| s.median_ms)
    }
}

/// What `POST /api/upload` answers: what the server received, timed on its clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadReceipt {
    /// Body bytes the server received.
    pub bytes: u64,
    /// Server clock (ms since it started): when the request (headers, then at once
    /// its body) arrived, and when the last body byte did.
    pub first_byte_ms: f64,
    /// When the last body byte arrived, on the same clock as `first_byte_ms`.
    pub last_byte_ms: f64,
}

/// Which way a transfer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Server to page: counted as the page reads the bytes.
    Down,
    /// Page to server: counted by the server, which answers each request with an
    /// [`UploadReceipt`] timed on its own clock.
    Up,
}

/// Streams each transfer starts with.
pub const START_STREAMS: u32 = 4;
/// Most streams a transfer uses (a browser opens at most six connections to one
/// server; the pinger's WebSocket is not one of them).
pub const MAX_STREAMS: u32 = 6;
/// Above this rate per stream the link is fast: the streams are raised to
/// [`MAX_STREAMS`] (a fast link needs more to fill).
pub const FAST_PER_STREAM_KBPS: f64 = 25_000.0;
/// Left out of the download rate: TCP's ramp-up.
pub const DOWN_RAMP_MS: f64 = 1_500.0;
/// Left out of the upload rate when the page counts (uploads ramp up through the
/// browser's buffers too).
pub const UP_RAMP_MS: f64 = 3_000.0;
/// Left out of either rate when the server's socket counts: TCP's ramp-up only (a
/// rate still rising after it does not settle, so the transfer goes on).
pub const SOCKET_RAMP_MS: f64 = 1_000.0;
/// A transfer counted at the server's socket ends early once its rate has settled:
/// over its last this long after the ramp-up…
pub const SETTLED_AFTER_MS: f64 = 2_000.0;
/// …each of the two halves within this fraction of the rate over the whole of it
/// (speed tests size their transfers the same way). That window's rate is reported.
pub const SETTLED_WITHIN: f64 = 0.015;
/// Pings sent this long after a transfer starts count as "loaded" (the queue has
/// filled).
pub const LOADED_AFTER_MS: f64 = 1_000.0;
/// A direction counted at the server's socket is cut short to keep the whole run
/// within its time ([`TransferMeter::start_until`]) no sooner than this after it
/// started: TCP's ramp-up, a settled window and half a second to spare. (With a
/// whole second to spare, a 2 Mbit/s lab run that spent 12.4 s outside its two
/// directions, a second longer than usual, ended at 20.4 s: both directions were
/// cut at this floor, not at their share.)
pub const MIN_BUDGETED_MS: f64 = SOCKET_RAMP_MS + SETTLED_AFTER_MS + 500.0;
/// What a run keeps of its time after the bandwidth test's shares: the meter stops
/// at its first 250 ms tick past a share, the streams unwind, and the public address
/// question follows. A second, not half of one: a run whose earlier probes ran long
/// then meets the floor ([`MIN_BUDGETED_MS`]) later, and ends within its time more
/// often (with half, 1 of 64 lab runs at 2 and 20 Mbit/s ended at 20.4 s).
pub const AFTER_BANDWIDTH_MS: f64 = 1_000.0;

/// When the run's directions still to measure (`directions_left`, this one
/// included) should end to keep the run within `ends_by_ms`: an equal share of the
/// time left each. A direction that settles sooner leaves its rest to the next.
pub fn budget_share(now_ms: f64, ends_by_ms: f64, directions_left: u32) -> f64 {
    now_ms + (ends_by_ms - AFTER_BANDWIDTH_MS - now_ms) / f64::from(directions_left.max(1))
}

/// After the deadline, how long uploads may finish the request they are sending
/// (its bytes count only when the server's receipt comes back).
pub const UPLOAD_GRACE_MS: f64 = 1_500.0;
/// How long each upload request should take. Between requests a stream waits for
/// the answer and sends nothing: longer requests waste less of the link (measured
/// in the lab: upload within ~4 % of the imposed rate, was up to 8 % under), and
/// keep more data in flight, as a continuous upload would, for loaded latency.
pub const UPLOAD_REQUEST_MS: f64 = 1_000.0;
/// Largest upload body.
pub const MAX_UPLOAD_CHUNK: usize = 8 << 20;
/// Smallest upload body.
pub const MIN_UPLOAD_CHUNK: usize = 16 << 10;
/// The first upload body of a stream started later (on a fast link).
pub const FIRST_UPLOAD_CHUNK: usize = 64 << 10;

/// The first upload body of stream `stream`: the streams started together carry a
/// quarter, a half, three quarters and all of [`FIRST_UPLOAD_CHUNK`], so their
/// requests end apart from then on (each next one is sized to take the same time).
/// Ended together, every stream would wait for its answer at once, the link would
/// idle for a round trip each second, and a shaper's token bucket would fill and let
/// the next burst through above the link's rate: on the lab's 2 Mbit/s link the
/// first second of the window read up to 7 % above the second.
pub fn first_upload_size(stream: u32) -> usize {
    if stream < START_STREAMS {
        (FIRST_UPLOAD_CHUNK * (stream as usize + 1) / START_STREAMS as usize).max(MIN_UPLOAD_CHUNK)
    } else {
        FIRST_UPLOAD_CHUNK
    }
}

/// The size of a stream's next upload body: what its last request would have carried
/// in [`UPLOAD_REQUEST_MS`].
pub fn next_upload_size(last: &UploadReceipt) -> usize {
    let took = (last.last_byte_ms - last.first_byte_ms).max(1.0);
    let fitted = last.bytes as f64 * UPLOAD_REQUEST_MS / took;
    (fitted as usize).clamp(MIN_UPLOAD_CHUNK, MAX_UPLOAD_CHUNK)
}

/// One direction of the bandwidth test as a state machine: the page tells it what
/// happened (streams started and ended, bytes counted, pings answered, failures) and
/// the time; it says when to add streams and when to stop, and makes the report.
/// It never reads a clock.
#[derive(Clone, Debug)]
pub struct TransferMeter {
    direction: Direction,
    started_ms: f64,
    deadline_ms: f64,
    /// When the run's time asks this direction to end ([`Self::start_until`]).
    budget_ms: Option<f64>,
    spans: Vec<Span>,
    streams: u32,
    running: Vec<u32>,
    /// Streams that stopped before the deadline, or whose last bytes were never
    /// counted: they do not bound the measuring window.
    ended_early: Vec<u32>,
    failure: Option<FetchFailure>,
    stopped_ms: Option<f64>,
    /// (sent, round trip) of each ping answered.
    pings: Vec<(f64, f64)>,
    /// The server's meter readings, when it meters this transfer.
    meter: Vec<MeterPoint>,
}

/// What the page should do after [`TransferMeter::tick`].
#[derive(Clone, Debug, PartialEq)]
pub enum Tick {
    /// Keep going; start these new streams (usually none). `recent_kbps` is the rate
    /// of the last second, for the progress text.
    Continue {
        /// The streams to start now, by number.
        start: Vec<u32>,
        /// The rate over the last second of counted bytes, kbit/s.
        recent_kbps: f64,
    },
    /// The deadline passed, or every stream ended: stop the streams.
    Stop,
}

impl TransferMeter {
    /// A transfer starting at `started_ms` for `seconds`; returns it with the streams
    /// to start at once.
    pub fn start(direction: Direction, started_ms: f64, seconds: u32) -> (TransferMeter, Vec<u32>) {
        TransferMeter::start_until(direction, started_ms, seconds, None)
    }

    /// As [`Self::start`], and when the server's socket counts, ending by `budget_ms`
    /// if that is sooner (a run that must give its verdict in time; see
    /// [`budget_share`]), though never before [`MIN_BUDGETED_MS`]. Unsettled then,
    /// the rate is that after the ramp-up, as at the deadline. The page's own count
    /// needs the whole time and ignores the budget.
    pub fn start_until(
        direction: Direction,
        started_ms: f64,
        seconds: u32,
        budget_ms: Option<f64>,
    ) -> (TransferMeter, Vec<u32>) {
        let mut meter = TransferMeter {
            direction,
            started_ms,
            deadline_ms: started_ms + f64::from(seconds) * 1000.0,
            budget_ms,
            spans: Vec::new(),
            streams: 0,
            running: Vec::new(),
            ended_early: Vec::new(),
            failure: None,
            stopped_ms: None,
            pings: Vec::new(),
            meter: Vec::new(),
        };
        let first = meter.add_streams(START_STREAMS);
        (meter, first)
    }

    fn add_streams(&mut self, count: u32) -> Vec<u32> {
        let new: Vec<u32> = (self.streams..self.streams + count).collect();
        self.streams += count;
        self.running.extend(&new);
        new
    }

    /// Streams started so far.
    pub fn streams(&self) -> u32 {
        self.streams
    }

    /// Whether the streams should stop (the deadline passed).
    pub fn stopped(&self) -> bool {
        self.stopped_ms.is_some()
    }

    /// Bytes moved on a stream (a chunk read, or an upload receipt).
    pub fn on_span(&mut self, span: Span) {
        self.spans.push(span);
    }

    /// A request failed; failures after the stop (the page aborting) do not count.
    pub fn on_failure(&mut self, failure: FetchFailure) {
        if !self.stopped() {
            self.failure.get_or_insert(failure);
        }
    }

    /// A stream ended; before the stop, it ended early (failed, or the server cut it).
    pub fn on_stream_ended(&mut self, stream: u32) {
        self.running.retain(|s| *s != stream);
        if !self.stopped() && !self.ended_early.contains(&stream) {
            self.ended_early.push(stream);
        }
    }

    /// A ping sent at `sent_ms` came back after `rtt_ms`.
    pub fn on_ping(&mut self, sent_ms: f64, rtt_ms: f64) {
        self.pings.push((sent_ms, rtt_ms));
    }

    /// The server's meter readings that arrived (in order, from the first).
    /// Points read after the stop are left out: they show the streams being cut.
    pub fn on_meter(&mut self, points: &[MeterPoint]) {
        if !self.stopped() {
            self.meter.extend_from_slice(points);
        }
    }

    /// Readings of the server's meter so far (the next reading asks from here).
    pub fn meter_points(&self) -> usize {
        self.meter.len()
    }

    /// Whether the server's socket counts this transfer: two readings, bytes in them.
    fn metered(&self) -> bool {
        self.meter.len() >= 2 && self.meter.last().is_some_and(|p| p.bytes > 0)
    }

    /// The spans the rate comes from: the server's when it meters, else the page's.
    fn counted(&self) -> std::borrow::Cow<'_, [Span]> {
        if self.metered() {
            std::borrow::Cow::Owned(meter_spans(&self.meter))
        } else {
            std::borrow::Cow::Borrowed(&self.spans)
        }
    }

    /// The rate over the last second of counted bytes.
    fn recent_kbps(&self) -> f64 {
        let spans = self.counted();
        let last_end = spans.iter().map(|s| s.end_ms).fold(f64::MIN, f64::max);
        if last_end == f64::MIN {
            return 0.0;
        }
        kbps(bytes_between(&spans, last_end - 1000.0, last_end), 1000.0)
    }

    /// The rate of the last [`SETTLED_AFTER_MS`] of the server's count, once it has
    /// settled there: after the ramp-up, each of its two seconds within
    /// [`SETTLED_WITHIN`] of it. Only that window counts then: a second of the
    /// ramp-up's loss recovery (the receiver's in-order count catching up at once)
    /// may fall after the ramp-up, and would bend a rate taken from there.
    pub fn settled_kbps(&self) -> Option<f64> {
        self.settled_window().map(|(from, to)| rate_between(from, to))
    }

    /// The ends of the settled window: the reading to end on at the last one, and
    /// the one to start on [`SETTLED_AFTER_MS`] before that ([`Self::reading_at`]),
    /// after the ramp-up.
    fn settled_window(&self) -> Option<(MeterPoint, MeterPoint)> {
        if !self.metered() {
            return None;
        }
        let to = self.reading_at(self.meter.last()?.at_ms)?;
        let from = self.reading_at(to.at_ms - SETTLED_AFTER_MS)?;
        if from.at_ms < self.meter.first()?.at_ms + SOCKET_RAMP_MS {
            return None;
        }
        let steady = rate_between(from, to);
        let spans = meter_spans(&self.meter);
        let half = (from.at_ms + to.at_ms) / 2.0;
        let close = |a: f64, b: f64| {
            steady > 0.0 && (kbps(bytes_between(&spans, a, b), b - a) / steady - 1.0).abs() <= SETTLED_WITHIN
        };
        (close(from.at_ms, half) && close(half, to.at_ms)).then_some((from, to))
    }

    /// Stopped at the deadline unsettled: from the first reading after the ramp-up
    /// (a whole one within [`WHOLE_WITHIN_MS`] if any) to the reading to end on at
    /// the last one, when half a second or more apart.
    fn window_after_ramp(&self) -> Option<(MeterPoint, MeterPoint)> {
        let earliest = self.meter.first()?.at_ms + SOCKET_RAMP_MS;
        let mut after = self.meter.iter().filter(|p| p.at_ms >= earliest);
        let from =
            *after.clone().find(|p| p.whole && p.at_ms <= earliest + WHOLE_WITHIN_MS).or_else(|| after.next())?;
        let to = self.reading_at(self.meter.last()?.at_ms)?;
        (to.at_ms - from.at_ms >= 500.0).then_some((from, to))
    }

    /// The reading a window ends or starts on at `at_ms`: the latest whole one at
    /// or before it, no more than [`WHOLE_WITHIN_MS`] earlier; else the latest
    /// reading at or before it (on a lossy link a gap may be open at every reading,
    /// and those readings are all there is).
    fn reading_at(&self, at_ms: f64) -> Option<MeterPoint> {
        let before = self.meter.iter().rev().filter(|p| p.at_ms <= at_ms);
        before
            .clone()
            .find(|p| p.whole && p.at_ms >= at_ms - WHOLE_WITHIN_MS)
            .or_else(|| before.clone().next())
            .copied()
    }

    /// When to stop unsettled: the deadline, or the run's budget when the server's
    /// socket counts ([`Self::start_until`]).
    fn deadline(&self) -> f64 {
        match self.budget_ms {
            Some(budget) if self.metered() => self.deadline_ms.min(budget.max(self.started_ms + MIN_BUDGETED_MS)),
            _ => self.deadline_ms,
        }
    }

    /// Called every few hundred ms: stop at the deadline or when no stream runs;
    /// after the first second, raise the streams to [`MAX_STREAMS`] on a fast link.
    pub fn tick(&mut self, now_ms: f64) -> Tick {
        if now_ms >= self.deadline() || self.running.is_empty() || self.settled_kbps().is_some() {
            self.stopped_ms.get_or_insert(now_ms);
            return Tick::Stop;
        }
        let recent_kbps = self.recent_kbps();
        let fast = recent_kbps > FAST_PER_STREAM_KBPS * f64::from(self.streams);
        let start = if now_ms - self.started_ms > 1_000.0 && self.streams < MAX_STREAMS && fast {
            self.add_streams(MAX_STREAMS - self.streams)
        } else {
            Vec::new()
        };
        Tick::Continue { start, recent_kbps }
    }

    /// After the stop, whether to keep waiting for uploads' last receipts (each
    /// stream's last request counts once its receipt is back, for at most
    /// [`UPLOAD_GRACE_MS`]). Downloads never wait.
    pub fn waiting_for_receipts(&self, now_ms: f64) -> bool {
        let Some(stopped) = self.stopped_ms else { return false };
        self.direction == Direction::Up
            && !self.metered()
            && !self.running.is_empty()
            && now_ms - stopped < UPLOAD_GRACE_MS
    }

    /// Streams at their limit at the stop: each stream that ran to the end bounds the
    /// window at its last counted byte. An upload stream still sending after the
    /// grace does too (a slow uplink), unless its last receipt is much older than the
    /// others' (a stalled stream), which would cut the window short. A download stream
    /// that is merely quiet is not stalled: Firefox hands a stream's chunks over in
    /// bursts, and bytes received but not yet handed over would go uncounted.
    fn mark_stalled(&mut self) {
        if self.direction != Direction::Up {
            return;
        }
        let latest = self.spans.iter().map(|s| s.end_ms).fold(f64::MIN, f64::max);
        let cutoff = latest - UPLOAD_GRACE_MS;
        for stream in self.running.clone() {
            let last = self.spans.iter().filter(|s| s.stream == stream).map(|s| s.end_ms).fold(f64::MIN, f64::max);
            if last < cutoff && !self.ended_early.contains(&stream) {
                self.ended_early.push(stream);
            }
        }
    }

    /// The report, once the streams have stopped (and uploads' grace has passed).
    pub fn report(mut self, ended_ms: f64) -> TransferReport {
        if self.metered() {
            return self.metered_report(ended_ms);
        }
        self.mark_stalled();
        let origin = match self.direction {
            Direction::Down => self.started_ms,
            // Uploads are timed on the server's clock: start where its first byte arrived.
            Direction::Up => self.spans.iter().map(|s| s.start_ms).fold(f64::INFINITY, f64::min),
        };
        let ramp = if self.direction == Direction::Down { DOWN_RAMP_MS } else { UP_RAMP_MS };
        let measured = origin.is_finite();
        let kbps = if measured { steady_kbps(&self.spans, &self.ended_early, origin, ramp) } else { None };
        let stopped = self.stopped_ms.unwrap_or(ended_ms);
        TransferReport {
            kbps,
            bytes: self.spans.iter().map(|s| s.bytes).sum(),
            seconds: (stopped - self.started_ms).max(0.0) / 1000.0,
            streams: self.streams,
            samples_kbps: if measured { per_second_kbps(&self.spans, &self.ended_early, origin) } else { Vec::new() },
            loaded_rtt_ms: self.loaded_rtts(stopped),
            failure: if kbps.is_none() { self.failure.or(Some(FetchFailure::Timeout)) } else { None },
            counted_at: Some(CountedAt::Page),
        }
    }

    /// Round trips of the pings sent under load: after [`LOADED_AFTER_MS`], before the stop.
    fn loaded_rtts(&self, stopped_ms: f64) -> Vec<f64> {
        let loaded_from = self.started_ms + LOADED_AFTER_MS;
        self.pings.iter().filter(|(sent, _)| *sent >= loaded_from && *sent < stopped_ms).map(|(_, rtt)| *rtt).collect()
    }

    /// The report from the server's count: every connection is read at the same
    /// instants, so counting is complete up to the last reading.
    fn metered_report(self, ended_ms: f64) -> TransferReport {
        let spans = meter_spans(&self.meter);
        // The settled window, or (stopped at the deadline) all after the ramp-up.
        let window = self.settled_window().or_else(|| self.window_after_ramp());
        let kbps = window.map(|(from, to)| rate_between(from, to));
        let from = window.map_or(self.meter[0].at_ms + SOCKET_RAMP_MS, |(from, _)| from.at_ms);
        let stopped = self.stopped_ms.unwrap_or(ended_ms);
        TransferReport {
            kbps,
            bytes: self.meter.last().map(|p| p.bytes).unwrap_or(0),
            seconds: (stopped - self.started_ms).max(0.0) / 1000.0,
            streams: self.streams,
            // The seconds of the window the rate comes from: during the ramp-up, a
            // segment lost in slow start holds the receiver's in-order count back
            // until its retransmission arrives, which moves bytes from one second
            // to the next.
            samples_kbps: per_second_kbps(&spans, &[], from),
            loaded_rtt_ms: self.loaded_rtts(stopped),
            failure: if kbps.is_none() { self.failure.or(Some(FetchFailure::Timeout)) } else { None },
            counted_at: Some(CountedAt::ServerSocket),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(stream: u32, start_ms: f64, end_ms: f64, bytes: u64) -> Span {
        Span { stream, start_ms, end_ms, bytes }
    }

    #[test]
    fn bytes_are_spread_over_their_span() {
        let spans = [span(0, 0.0, 1000.0, 1000)];
        assert_eq!(bytes_between(&spans, 0.0, 1000.0), 1000.0);
        assert_eq!(bytes_between(&spans, 250.0, 500.0), 250.0);
        assert_eq!(bytes_between(&spans, 1000.0, 2000.0), 0.0);
        assert_eq!(bytes_between(&[span(0, 300.0, 300.0, 7)], 0.0, 1000.0), 7.0);
        assert_eq!(bytes_between(&[], 0.0, 1000.0), 0.0);
    }

    #[test]
    fn steady_rate_skips_the_ramp_and_stops_where_a_stream_was_cut_off() {
        // Two streams of 125 kB/s (1000 kbit/s) each, after a slow first second.
        let mut spans = vec![span(0, 0.0, 1000.0, 10_000), span(1, 0.0, 1000.0, 10_000)];
        for i in 1..8 {
            let t = i as f64 * 1000.0;
            spans.push(span(0, t, t + 1000.0, 125_000));
            spans.push(span(1, t, t + 1000.0, 125_000));
        }
        // Stream 1 has one more second that stream 0 lacks (its request was aborted).
        spans.push(span(1, 8000.0, 9000.0, 125_000));
        assert_eq!(complete_until(&spans, &[]), Some(8000.0));
        let rate = steady_kbps(&spans, &[], 0.0, 1500.0).unwrap();
        assert!((rate - 2000.0).abs() < 1e-9, "{rate}");
        let samples = per_second_kbps(&spans, &[], 0.0);
        assert_eq!(samples.len(), 8);
        assert!((samples[0] - 160.0).abs() < 1e-9, "{samples:?}");
        assert!(samples[1..].iter().all(|s| (s - 2000.0).abs() < 1e-9), "{samples:?}");
    }

    #[test]
    fn a_stream_that_ended_early_does_not_cut_the_window_short() {
        // Streams 0 and 1 carry 1000 kbit/s each for 8 s; stream 2 moved 50 kB in its
        // first second, then its next request never came back.
        let mut spans = vec![span(2, 0.0, 1000.0, 50_000)];
        for i in 0..8 {
            let t = i as f64 * 1000.0;
            spans.push(span(0, t, t + 1000.0, 125_000));
            spans.push(span(1, t, t + 1000.0, 125_000));
        }
        assert_eq!(complete_until(&spans, &[]), Some(1000.0), "bounded by the stalled stream");
        assert_eq!(steady_kbps(&spans, &[], 0.0, 1500.0), None, "no steady state before 1 s");
        assert_eq!(complete_until(&spans, &[2]), Some(8000.0));
        let rate = steady_kbps(&spans, &[2], 0.0, 1500.0).unwrap();
        assert!((rate - 2000.0).abs() < 1e-9, "{rate}");
        let samples = per_second_kbps(&spans, &[2], 0.0);
        assert_eq!(samples.len(), 8);
        assert!((samples[0] - 2400.0).abs() < 1e-9, "its bytes count while it moved them: {samples:?}");
        assert_eq!(complete_until(&spans, &[0, 1, 2]), None, "every stream ended early: nothing to bound");
    }

    #[test]
    fn too_short_or_empty_transfers_give_no_rate() {
        assert_eq!(steady_kbps(&[], &[], 0.0, 1500.0), None);
        assert_eq!(steady_kbps(&[span(0, 0.0, 1800.0, 1000)], &[], 0.0, 1500.0), None);
        assert!(per_second_kbps(&[], &[], 0.0).is_empty());
    }

    #[test]
    fn capacity_is_the_slower_direction_over_the_call_rate() {
        assert_eq!(capacity(2000.0, 2100.0, 100.0), 20);
        assert_eq!(capacity(20_000.0, 1999.0, 100.0), 19);
        assert_eq!(capacity(0.0, 5000.0, 100.0), 0);
        assert_eq!(capacity(f64::NAN, 5000.0, 100.0), 0);
        assert_eq!(capacity(5000.0, 5000.0, 0.0), 0);
    }

    fn second(meter: &mut TransferMeter, stream: u32, at: f64, bytes: u64) {
        meter.on_span(span(stream, at, at + 1000.0, bytes));
    }

    #[test]
    fn a_transfer_starts_four_streams_and_stops_at_its_deadline() {
        let (mut meter, first) = TransferMeter::start(Direction::Down, 0.0, 7);
        assert_eq!(first, vec![0, 1, 2, 3]);
        assert_eq!(meter.tick(250.0), Tick::Continue { start: vec![], recent_kbps: 0.0 });
        assert_eq!(meter.tick(7000.0), Tick::Stop);
        assert!(meter.stopped() && !meter.waiting_for_receipts(7000.0), "downloads never wait");
    }

    #[test]
    fn a_fast_link_gets_six_streams_after_the_first_second_only() {
        let (mut meter, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        for stream in 0..4 {
            second(&mut meter, stream, 0.0, 5_000_000); // 40 Mbit/s each
        }
        assert!(matches!(meter.tick(900.0), Tick::Continue { ref start, .. } if start.is_empty()), "not yet");
        match meter.tick(1100.0) {
            Tick::Continue { start, recent_kbps } => {
                assert_eq!(start, vec![4, 5]);
                assert!((recent_kbps - 160_000.0).abs() < 1e-6, "{recent_kbps}");
            }
            Tick::Stop => panic!("not at the deadline"),
        }
        assert!(matches!(meter.tick(1400.0), Tick::Continue { ref start, .. } if start.is_empty()), "at most six");
        let slow = TransferMeter::start(Direction::Down, 0.0, 7).0.tick(1100.0);
        assert_eq!(slow, Tick::Continue { start: vec![], recent_kbps: 0.0 });
    }

    #[test]
    fn every_stream_ending_stops_the_transfer_and_early_ends_do_not_bound_the_rate() {
        let (mut meter, streams) = TransferMeter::start(Direction::Down, 0.0, 7);
        for at in 0..7 {
            for stream in [0, 1] {
                second(&mut meter, stream, f64::from(at) * 1000.0, 125_000);
            }
        }
        second(&mut meter, 2, 0.0, 50_000);
        meter.on_failure(FetchFailure::Network);
        meter.on_stream_ended(2);
        meter.on_stream_ended(3);
        assert!(matches!(meter.tick(3000.0), Tick::Continue { .. }));
        assert_eq!(meter.tick(7000.0), Tick::Stop);
        for stream in streams {
            meter.on_stream_ended(stream);
        }
        let report = meter.report(7000.0);
        assert!((report.kbps.unwrap() - 2000.0).abs() < 1e-6, "{report:?}");
        assert_eq!(report.failure, None, "a rate was measured: the failure is not the story");
        let (mut idle, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        for stream in 0..4 {
            idle.on_stream_ended(stream);
        }
        assert_eq!(idle.tick(100.0), Tick::Stop, "nothing runs any more");
    }

    #[test]
    fn failures_after_the_stop_are_the_page_aborting_not_the_network() {
        let (mut meter, _) = TransferMeter::start(Direction::Down, 0.0, 1);
        assert_eq!(meter.tick(1000.0), Tick::Stop);
        meter.on_failure(FetchFailure::Network);
        assert_eq!(meter.report(1000.0).failure, Some(FetchFailure::Timeout), "nothing measured, nothing failed");
    }

    #[test]
    fn uploads_wait_for_their_last_receipts_and_a_stalled_stream_does_not_cut_the_window() {
        let (mut meter, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        // Server clock: streams 0-2 send 1 Mbit/s each for 8 s; stream 3's last
        // receipt is from its first second.
        for at in 0..8 {
            for stream in 0..3 {
                second(&mut meter, stream, 10_000.0 + f64::from(at) * 1000.0, 125_000);
            }
        }
        second(&mut meter, 3, 10_000.0, 125_000);
        assert_eq!(meter.tick(7000.0), Tick::Stop);
        assert!(meter.waiting_for_receipts(7000.0) && meter.waiting_for_receipts(8000.0));
        assert!(!meter.waiting_for_receipts(8500.0), "the grace is 1.5 s");
        for stream in 0..3 {
            meter.on_stream_ended(stream);
        }
        let report = meter.report(8500.0);
        let rate = report.kbps.expect("measured");
        assert!((rate - 3000.0).abs() < 1e-6, "stream 3 stalled and bounds nothing: {rate}");
    }

    #[test]
    fn only_pings_after_the_first_second_and_before_the_stop_are_loaded() {
        let (mut meter, _) = TransferMeter::start(Direction::Down, 0.0, 3);
        for (sent, rtt) in [(200.0, 10.0), (1200.0, 80.0), (2800.0, 90.0), (3100.0, 15.0)] {
            meter.on_ping(sent, rtt);
        }
        assert_eq!(meter.tick(3000.0), Tick::Stop);
        assert_eq!(meter.report(3200.0).loaded_rtt_ms, vec![80.0, 90.0]);
    }

    #[test]
    fn the_first_upload_bodies_end_apart() {
        let firsts: Vec<usize> = (0..START_STREAMS).map(first_upload_size).collect();
        assert_eq!(firsts, [16 << 10, 32 << 10, 48 << 10, 64 << 10]);
        assert_eq!(first_upload_size(START_STREAMS), FIRST_UPLOAD_CHUNK, "a stream added later");
    }

    #[test]
    fn upload_bodies_aim_at_one_second_within_bounds() {
        let receipt = |bytes, ms| UploadReceipt { bytes, first_byte_ms: 0.0, last_byte_ms: ms };
        assert_eq!(next_upload_size(&receipt(250_000, 500.0)), 500_000);
        assert_eq!(next_upload_size(&receipt(10, 1000.0)), MIN_UPLOAD_CHUNK);
        assert_eq!(next_upload_size(&receipt(8 << 20, 10.0)), MAX_UPLOAD_CHUNK);
        assert_eq!(
            next_upload_size(&receipt(100_000, 0.0)),
            MAX_UPLOAD_CHUNK,
            "an instant receipt is no zero division"
        );
    }

    /// Running totals every 100 ms from `at` for `ms`, at `kbps_of(t)` (t from `at`).
    fn readings(at: f64, ms: u32, kbps_of: impl Fn(f64) -> f64) -> Vec<MeterPoint> {
        let mut bytes = 0.0;
        (0..=ms / 100)
            .map(|i| {
                let t = f64::from(i) * 100.0;
                if i > 0 {
                    bytes += kbps_of(t) * 100.0 / 8.0;
                }
                MeterPoint { at_ms: at + t, bytes: bytes as u64, whole: true }
            })
            .collect()
    }

    #[test]
    fn a_metered_transfer_stops_once_settled_and_reports_the_socket_count() {
        let (mut meter, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        // The server's clock is elsewhere; a slow first second, then 20 Mbit/s.
        let points = readings(5_000.0, 3_600, |t| if t <= 1000.0 { 5_000.0 } else { 20_000.0 });
        meter.on_meter(&points[..20]);
        assert_eq!(meter.meter_points(), 20);
        assert!(matches!(meter.tick(2_000.0), Tick::Continue { .. }), "not settled after 1.9 s");
        meter.on_meter(&points[20..]);
        let settled = meter.settled_kbps().expect("2 s of steady state");
        assert!((settled - 20_000.0).abs() < 1.0, "{settled}");
        assert_eq!(meter.tick(3_500.0), Tick::Stop);
        assert!(!meter.waiting_for_receipts(3_500.0), "the socket counted every byte: no receipt to wait for");
        // Page spans are ignored once the server meters.
        meter.on_span(span(0, 3_000.0, 3_001.0, 10_000_000));
        let report = meter.report(3_600.0);
        assert_eq!(report.counted_at, Some(CountedAt::ServerSocket));
        assert!((report.kbps.unwrap() - 20_000.0).abs() < 1.0, "{report:?}");
        assert_eq!(report.bytes, points.last().unwrap().bytes);
        assert_eq!(report.samples_kbps.len(), 2, "the steady window's whole seconds: {:?}", report.samples_kbps);
        assert!(report.samples_kbps.iter().all(|s| (s - 20_000.0).abs() < 1.0), "{:?}", report.samples_kbps);
        assert!((report.estimated_line_kbps().unwrap() - 20_000.0 * 1514.0 / 1448.0).abs() < 1.0);
    }

    #[test]
    fn a_rising_or_swinging_rate_is_not_settled() {
        let (mut rising, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        rising.on_meter(&readings(0.0, 5_000, |t| 1_000.0 + t));
        assert_eq!(rising.settled_kbps(), None, "still ramping up");
        let (mut swinging, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        swinging.on_meter(&readings(0.0, 5_000, |t| {
            if ((t / 1000.0).floor() as u32).is_multiple_of(2) {
                9_000.0
            } else {
                11_000.0
            }
        }));
        assert_eq!(swinging.settled_kbps(), None, "±10 % from one second to the next");
        let (mut unmetered, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        unmetered.on_meter(&[MeterPoint { at_ms: 0.0, bytes: 0, whole: true }]);
        assert_eq!(unmetered.settled_kbps(), None);
        unmetered.on_span(span(0, 0.0, 3_000.0, 750_000));
        assert_eq!(unmetered.report(3_000.0).counted_at, Some(CountedAt::Page), "one reading: the page's count");
    }

    #[test]
    fn the_rate_comes_from_the_settled_window_only() {
        let (mut meter, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        // A slow start, then half a second of the in-order count catching up after
        // the ramp-up, then 20 Mbit/s.
        let points = readings(0.0, 3_500, |t| match t {
            t if t <= 1000.0 => 10_000.0,
            t if t <= 1500.0 => 30_000.0,
            _ => 20_000.0,
        });
        meter.on_meter(&points);
        assert!((meter.settled_kbps().unwrap() - 20_000.0).abs() < 1.0);
        assert_eq!(meter.tick(3_600.0), Tick::Stop);
        // Points read after the stop show the streams being cut: left out.
        meter.on_meter(&[MeterPoint { at_ms: 3_600.0, bytes: points.last().unwrap().bytes, whole: true }]);
        let report = meter.report(3_700.0);
        assert!((report.kbps.unwrap() - 20_000.0).abs() < 1.0, "{report:?}");
        assert_eq!(report.samples_kbps.len(), 2, "{:?}", report.samples_kbps);
        assert!(report.samples_kbps.iter().all(|s| (s - 20_000.0).abs() < 1.0), "{:?}", report.samples_kbps);
    }

    /// `points` with the count held back by `lag` bytes at the readings of `at`
    /// (segments that arrived after a lost one, not yet counted), marked not whole.
    fn held_back(mut points: Vec<MeterPoint>, at: &[f64], lag: u64) -> Vec<MeterPoint> {
        for p in points.iter_mut().filter(|p| at.contains(&p.at_ms)) {
            p.bytes -= lag;
            p.whole = false;
        }
        points
    }

    #[test]
    fn a_window_ends_only_on_whole_readings() {
        // 2 Mbit/s; at 1.4 s a hole holds back 12 kB: taken from there to the last
        // reading, 3.4 s, the window would read 2.4 % high.
        let points = held_back(readings(0.0, 3_400, |_| 2_000.0), &[1_400.0], 12_000);
        let (mut meter, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        meter.on_meter(&points);
        let settled = meter.settled_kbps().expect("settled between the whole readings at 1.3 s and 3.4 s");
        assert!((settled - 2_000.0).abs() < 1.0, "{settled}");
        assert_eq!(meter.tick(3_500.0), Tick::Stop);
        let report = meter.report(3_500.0);
        assert!((report.kbps.unwrap() - 2_000.0).abs() < 1.0, "{report:?}");
        // Held back at the last reading: the window ends on the one before.
        let (mut meter, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        meter.on_meter(&held_back(readings(0.0, 3_400, |_| 2_000.0), &[3_400.0], 12_000));
        let settled = meter.settled_kbps().expect("settled between the whole readings at 1.3 s and 3.3 s");
        assert!((settled - 2_000.0).abs() < 1.0, "{settled}");

        // A gap open at every reading after the ramp-up (a lossy link): the
        // readings are used as they are.
        let (mut lossy, _) = TransferMeter::start(Direction::Up, 0.0, 7);
        let late: Vec<f64> = (11..=40).map(|i| f64::from(i) * 100.0).collect();
        lossy.on_meter(&held_back(readings(0.0, 4_000, |_| 2_000.0), &late, 1_000));
        let settled = lossy.settled_kbps().expect("settled on readings with gaps open");
        assert!((settled - 2_000.0).abs() < 1.0, "{settled}");
    }

    #[test]
    fn a_meter_point_is_whole_unless_it_says_otherwise() {
        let point: MeterPoint = serde_json::from_str(r#"{"at_ms":1.0,"bytes":2}"#).unwrap();
        assert!(point.whole);
        assert_eq!(serde_json::to_string(&point).unwrap(), r#"{"at_ms":1.0,"bytes":2}"#);
        let held: MeterPoint = serde_json::from_str(r#"{"at_ms":1.0,"bytes":2,"whole":false}"#).unwrap();
        assert!(!held.whole);
    }

    #[test]
    fn the_run_budget_shares_the_time_left_and_cuts_only_a_metered_direction() {
        // 8.5 s left of the run at the download's start: 3.75 s each, 1 s kept after.
        assert_eq!(budget_share(11_500.0, 20_000.0, 2), 15_250.0);
        assert_eq!(budget_share(15_000.0, 20_000.0, 1), 19_000.0);
        let swinging = |t: f64| if ((t / 1000.0).floor() as u32).is_multiple_of(2) { 9_000.0 } else { 11_000.0 };

        let (mut metered, _) = TransferMeter::start_until(Direction::Up, 0.0, 7, Some(4_200.0));
        metered.on_meter(&readings(0.0, 4_200, swinging));
        assert!(matches!(metered.tick(4_100.0), Tick::Continue { .. }));
        assert_eq!(metered.tick(4_250.0), Tick::Stop, "unsettled at the budget");
        let report = metered.report(4_300.0);
        assert!((report.kbps.unwrap() - 10_000.0).abs() < 300.0, "all after the ramp-up: {report:?}");

        // A budget already spent still leaves the least time a rate needs.
        let (mut late, _) = TransferMeter::start_until(Direction::Down, 0.0, 7, Some(1_000.0));
        late.on_meter(&readings(0.0, 4_100, swinging));
        assert!(matches!(late.tick(MIN_BUDGETED_MS - 100.0), Tick::Continue { .. }));
        assert_eq!(late.tick(MIN_BUDGETED_MS), Tick::Stop);
        assert_eq!(MIN_BUDGETED_MS, 3_500.0, "the floor the README and --help state");

        // Counted by the page, the direction needs its whole time.
        let (mut page, _) = TransferMeter::start_until(Direction::Down, 0.0, 7, Some(4_200.0));
        page.on_span(span(0, 0.0, 4_000.0, 5_000_000));
        assert!(matches!(page.tick(5_000.0), Tick::Continue { .. }));
        assert_eq!(page.tick(7_000.0), Tick::Stop);
    }

    #[test]
    fn unsettled_at_the_deadline_the_rate_is_all_after_the_ramp_up() {
        let (mut meter, _) = TransferMeter::start(Direction::Down, 0.0, 7);
        let swinging = |t: f64| if ((t / 1000.0).floor() as u32).is_multiple_of(2) { 9_000.0 } else { 11_000.0 };
        meter.on_meter(&readings(0.0, 7_000, swinging));
        assert_eq!(meter.settled_kbps(), None);
        assert_eq!(meter.tick(7_000.0), Tick::Stop);
        let report = meter.report(7_000.0);
        assert!((report.kbps.unwrap() - 10_000.0).abs() < 1.0, "{report:?}");
        assert_eq!(report.samples_kbps.len(), 6);
    }
}
