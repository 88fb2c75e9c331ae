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
    pub stream: u32,
    pub start_ms: f64,
    pub end_ms: f64,
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
    pub down: TransferReport,
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
    /// The rate in each second, for the chart.
    pub samples_kbps: Vec<f64>,
    /// Round trips of the pings answered while the transfer ran, in order.
    pub loaded_rtt_ms: Vec<f64>,
    pub failure: Option<FetchFailure>,
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
    pub bytes: u64,
    /// Server clock (ms since it started): when the request (headers, then at once
    /// its body) arrived, and when the last body byte did.
    pub first_byte_ms: f64,
    pub last_byte_ms: f64,
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
}
