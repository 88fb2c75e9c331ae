//! The call-quality stream (docs/methods.md): packets shaped like G.711
//! voice (50 per second, 172 bytes), each carrying its sequence number and send time,
//! echoed by the server, which stamps its own echo time. From the echoes come RTT,
//! RFC 3550 jitter of the return direction, loss, the longest loss burst, and MOS.
//!
//! Jitter is the RFC 3550 §6.4.1 estimator (J += (|D(i-1,i)| − J)/16) averaged over
//! every echo of the stream. The estimator alone remembers about the last 16 packets
//! (a third of a second), so its final value would describe the end of a 10 s test,
//! not the test; its mean describes all of it and varies far less from run to run.
//! The mean includes the estimator's warm-up from 0, which reads about 16/N low over
//! N echoes (3 % for 500, one 10 s call); the truth lab's emulator averages the same
//! way, so the comparison holds.
//!
//! [`StreamMeter`] is a small state machine fed with send and arrival events and the
//! time they happened; it never reads a clock.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::stats::Summary;
use crate::text::Text;
use crate::thresholds::Thresholds;

/// Size of one probe packet: a G.711 20 ms frame plus RTP header.
pub const PACKET_BYTES: usize = 172;
/// Packets each simulated call sends per second: one per 20 ms frame.
pub const PACKETS_PER_SECOND: u32 = 50;
/// An echo arriving later than this after its send counts as lost.
pub const LOSS_DEADLINE_MS: f64 = 2_000.0;

/// How old a packet of the stream's end must be for its missing echo to count as
/// lost: four times the longest round trip seen, between half a second and
/// [`LOSS_DEADLINE_MS`]. An echo later than that would have missed any call's
/// jitter buffer by far.
pub fn final_wait_ms(longest_rtt_ms: f64) -> f64 {
    if longest_rtt_ms.is_finite() {
        (4.0 * longest_rtt_ms).clamp(500.0, LOSS_DEADLINE_MS)
    } else {
        LOSS_DEADLINE_MS
    }
}

/// How long the stream waits after its last send for outstanding echoes, at most.
/// On a slow path ([`final_wait_ms`] above it), packets whose echo may still come
/// are left out of the loss count instead ([`undecided_from`]), rather than the
/// agent waiting up to 1.5 s more.
pub const END_WAIT_MS: f64 = 500.0;

/// The send time from which the packets of `meters` are left out of the loss count
/// at `now_ms`: the earliest packet neither echoed nor `deadline_ms` old. Every
/// packet from there on is left out, echoed or not: keeping the echoed ones alone
/// would count the loss of the end of the stream low. `None` when every packet's
/// fate is known.
pub fn undecided_from(meters: &[StreamMeter], now_ms: f64, deadline_ms: f64) -> Option<f64> {
    meters
        .iter()
        .flat_map(|m| m.sent.iter().filter(|(seq, at)| now_ms - **at < deadline_ms && !m.received.contains(seq)))
        .map(|(_, at)| *at)
        .min_by(f64::total_cmp)
}

/// Most simultaneous calls one page simulates: 20 calls are ~1.4 Mbit/s each way
/// of payload, the size of a small contact-centre site on one link.
pub const MAX_SIMULATED_CALLS: u32 = 20;
/// Simulated calls share one sequence space: the call index sits above this bit.
const CALL_SHIFT: u32 = 20;

/// The sequence number of packet `n` of call `call`.
pub fn call_seq(call: u32, n: u32) -> u32 {
    (call << CALL_SHIFT) | (n & ((1 << CALL_SHIFT) - 1))
}

/// The call a sequence number belongs to.
pub fn call_of(seq: u32) -> usize {
    (seq >> CALL_SHIFT) as usize
}

/// One probe packet. Layout (big-endian): sequence `u32` at 0, client send time
/// `f64` ms at 4, server echo time `f64` ms at 12 (0 until stamped), zero padding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProbePacket {
    /// Sequence number; the call's index sits in its top bits (see [`call_seq`]).
    pub seq: u32,
    /// The page's clock when it sent the packet, ms.
    pub client_sent_ms: f64,
    /// The server's clock when it echoed the packet, ms; 0 until stamped.
    pub server_echo_ms: f64,
}

impl ProbePacket {
    /// The packet's [`PACKET_BYTES`] bytes in the layout above.
    pub fn encode(&self) -> [u8; PACKET_BYTES] {
        let mut buf = [0u8; PACKET_BYTES];
        buf[0..4].copy_from_slice(&self.seq.to_be_bytes());
        buf[4..12].copy_from_slice(&self.client_sent_ms.to_be_bytes());
        buf[12..20].copy_from_slice(&self.server_echo_ms.to_be_bytes());
        buf
    }

    /// Reads a packet back; `None` unless `buf` is exactly [`PACKET_BYTES`] long.
    pub fn decode(buf: &[u8]) -> Option<ProbePacket> {
        if buf.len() != PACKET_BYTES {
            return None;
        }
        let f64_at = |i: usize| f64::from_be_bytes(buf[i..i + 8].try_into().expect("8 bytes"));
        Some(ProbePacket {
            seq: u32::from_be_bytes(buf[0..4].try_into().expect("4 bytes")),
            client_sent_ms: f64_at(4),
            server_echo_ms: f64_at(12),
        })
    }

    /// What the server does before echoing: write its clock into the packet.
    /// Returns false when `buf` is not a probe packet (then it is not echoed).
    pub fn stamp(buf: &mut [u8], server_now_ms: f64) -> bool {
        if buf.len() != PACKET_BYTES {
            return false;
        }
        buf[12..20].copy_from_slice(&server_now_ms.to_be_bytes());
        true
    }
}

/// What a stream measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamReport {
    /// Packets sent.
    pub sent: u32,
    /// Distinct packets echoed within [`LOSS_DEADLINE_MS`].
    pub received: u32,
    /// Share of the packets sent that were not echoed in time, %.
    pub loss_pct: f64,
    /// Most consecutive sequence numbers lost.
    pub longest_loss_burst: u32,
    /// Round trips of the timed echoes, ms; `None` when none was timed.
    pub rtt: Option<Summary>,
    /// RFC 3550 interarrival jitter of the return direction, averaged over the stream.
    pub jitter_ms: Option<f64>,
    /// Echoes that arrived "before" they were sent (the page's clock jumped back):
    /// counted as received, left out of the timings.
    #[serde(default)]
    pub clock_jumps: u32,
}

/// Counts one stream's packets and times their echoes; [`StreamMeter::report`] gives
/// the figures.
#[derive(Clone, Debug, Default)]
pub struct StreamMeter {
    sent: BTreeMap<u32, f64>,
    received: HashSet<u32>,
    rtts_ms: Vec<f64>,
    /// The running RFC 3550 estimate.
    jitter_ms: Option<f64>,
    /// Sum and count of the estimate's values, one per echo after the first.
    jitter_sum_ms: f64,
    jitter_samples: u32,
    last_transit_ms: Option<f64>,
    clock_jumps: u32,
}

impl StreamMeter {
    /// A meter that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Packet `seq` was sent at `now_ms` (a repeated send keeps the first time).
    pub fn on_sent(&mut self, seq: u32, now_ms: f64) {
        self.sent.entry(seq).or_insert(now_ms);
    }

    /// Records an echo. Duplicates, unknown sequence numbers and echoes past the
    /// loss deadline are ignored (the last count as lost). An echo timed before its
    /// send (the clock jumped back) counts as received but gives no timing, so no
    /// round trip is ever negative.
    pub fn on_echo(&mut self, packet: &ProbePacket, now_ms: f64) {
        let Some(&sent_ms) = self.sent.get(&packet.seq) else { return };
        if self.received.contains(&packet.seq) || now_ms - sent_ms > LOSS_DEADLINE_MS {
            return;
        }
        self.received.insert(packet.seq);
        if now_ms < sent_ms || !now_ms.is_finite() {
            self.clock_jumps += 1;
            // The next transit is measured against a clock that moved: start afresh.
            self.last_transit_ms = None;
            return;
        }
        self.rtts_ms.push(now_ms - sent_ms);
        // Return-direction transit: the two clocks' offset cancels in differences.
        let transit = now_ms - packet.server_echo_ms;
        if let Some(last) = self.last_transit_ms {
            let d = (transit - last).abs();
            let j = self.jitter_ms.unwrap_or(0.0);
            let j = j + (d - j) / 16.0;
            self.jitter_ms = Some(j);
            self.jitter_sum_ms += j;
            self.jitter_samples += 1;
        }
        self.last_transit_ms = Some(transit);
    }

    /// Distinct packets echoed so far.
    pub fn received(&self) -> usize {
        self.received.len()
    }

    /// Packets sent so far.
    pub fn sent(&self) -> usize {
        self.sent.len()
    }

    /// Leaves the packets sent at or after `from_ms` out of the counts (see
    /// [`undecided_from`]); their round trips stay in the timings.
    pub fn leave_out_from(&mut self, from_ms: f64) {
        self.sent.retain(|_, at| *at < from_ms);
        self.received.retain(|seq| self.sent.contains_key(seq));
    }

    /// The figures so far; call once every packet's fate is known, or the undecided
    /// ones are left out ([`StreamMeter::leave_out_from`]).
    pub fn report(&self) -> StreamReport {
        let sent = self.sent.len() as u32;
        let received = self.received.len() as u32;
        let mut longest = 0;
        let mut run = 0;
        for seq in self.sent.keys() {
            if self.received.contains(seq) {
                run = 0;
            } else {
                run += 1;
                longest = longest.max(run);
            }
        }
        let loss_pct = if sent == 0 { 0.0 } else { f64::from(sent - received) * 100.0 / f64::from(sent) };
        StreamReport {
            sent,
            received,
            loss_pct,
            longest_loss_burst: longest,
            rtt: Summary::of(&self.rtts_ms),
            jitter_ms: (self.jitter_samples > 0).then(|| self.jitter_sum_ms / f64::from(self.jitter_samples)),
            clock_jumps: self.clock_jumps,
        }
    }
}

/// The report of several simultaneous calls taken together: packets summed, RTT
/// over every echo, and the worst call's jitter and longest loss burst (a site is
/// as good as its worst call).
pub fn combined(meters: &[StreamMeter]) -> StreamReport {
    let reports: Vec<StreamReport> = meters.iter().map(StreamMeter::report).collect();
    let sent: u32 = reports.iter().map(|r| r.sent).sum();
    let received: u32 = reports.iter().map(|r| r.received).sum();
    let rtts: Vec<f64> = meters.iter().flat_map(|m| m.rtts_ms.iter().copied()).collect();
    StreamReport {
        sent,
        received,
        loss_pct: if sent == 0 { 0.0 } else { f64::from(sent - received) * 100.0 / f64::from(sent) },
        longest_loss_burst: reports.iter().map(|r| r.longest_loss_burst).max().unwrap_or(0),
        rtt: Summary::of(&rtts),
        jitter_ms: reports.iter().filter_map(|r| r.jitter_ms).reduce(f64::max),
        clock_jumps: reports.iter().map(|r| r.clock_jumps).sum(),
    }
}

/// Mean opinion score from the simplified E-model (docs/methods.md; loss in %).
pub fn mos(rtt_ms: f64, jitter_ms: f64, loss_pct: f64) -> f64 {
    // Figures come from browsers: none may be negative or NaN (`f64::max` drops NaN),
    // so no input raises the score above a clean stream's or makes it NaN.
    let (rtt_ms, jitter_ms, loss_pct) = (rtt_ms.max(0.0), jitter_ms.max(0.0), loss_pct.max(0.0));
    let effective_latency = rtt_ms + 2.0 * jitter_ms + 10.0;
    let r = if effective_latency < 160.0 {
        94.768 - effective_latency / 40.0
    } else {
        94.768 - (effective_latency - 120.0) / 10.0
    };
    let r = (r - 2.5 * loss_pct).max(0.0);
    (1.0 + 0.035 * r + 7e-6 * r * (r - 60.0) * (100.0 - r)).clamp(1.0, 4.5)
}

/// The word the report puts on a MOS (see [`MosLabel::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MosLabel {
    /// At or above [`EXCELLENT_MOS`].
    Excellent,
    /// At or above the pass threshold.
    Good,
    /// At or above the fail threshold: a warning.
    Fair,
    /// Below the fail threshold.
    Poor,
}

/// MOS at or above this reads "excellent" (the E-model's "very satisfied" users).
pub const EXCELLENT_MOS: f64 = 4.2;

impl MosLabel {
    /// The word for `mos`: "good" from the pass threshold, "fair" from the fail
    /// threshold, "poor" below it.
    pub fn of(mos: f64, t: &Thresholds) -> MosLabel {
        if mos >= EXCELLENT_MOS {
            MosLabel::Excellent
        } else if mos >= t.mos_pass {
            MosLabel::Good
        } else if mos >= t.mos_fail {
            MosLabel::Fair
        } else {
            MosLabel::Poor
        }
    }

    /// The word in lower case ("good").
    pub fn label(self) -> &'static str {
        match self {
            MosLabel::Excellent => "excellent",
            MosLabel::Good => "good",
            MosLabel::Fair => "fair",
            MosLabel::Poor => "poor",
        }
    }
}

/// The call-quality stream as the page reports it: G.711-like packets over an
/// unordered, no-retransmit data channel to the server's echo peer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaReport {
    /// Simultaneous simulated calls, each its own 50 packet/s stream.
    #[serde(default = "one_call")]
    pub calls: u32,
    /// Time from the offer to the open data channel.
    pub connect_ms: Option<f64>,
    /// The pair the calls went over.
    #[serde(default)]
    pub path: Option<crate::probes::ice::ConnectedPair>,
    /// All calls together: sums of packets, RTT over every echo, the worst call's
    /// jitter and longest loss burst.
    pub stream: Option<StreamReport>,
    /// `[seconds since the first packet, round trip ms]`, at most a few hundred points.
    pub rtt_series: Vec<[f64; 2]>,
    /// The browser's own statistics of a real audio track looped back by the server.
    #[serde(default)]
    pub audio: Option<AudioStats>,
    /// Why no stream ran; `None` when it did.
    pub failure: Option<MediaFailure>,
}

fn one_call() -> u32 {
    1
}

impl MediaReport {
    /// MOS from the median RTT, jitter and loss.
    pub fn mos(&self) -> Option<f64> {
        let stream = self.stream.as_ref()?;
        let rtt = stream.rtt.as_ref()?.median_ms;
        Some(mos(rtt, stream.jitter_ms.unwrap_or(0.0), stream.loss_pct))
    }
}

/// Why the call-quality stream could not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaFailure {
    /// `/ws/rtc` could not be used: the offer never reached the echo peer.
    Signalling,
    /// The peer connection never opened its data channel.
    NotConnected,
}

/// `getStats()` of the looped-back audio track: `remote-inbound-rtp` (what the
/// server's receiver reports say of our sending) and `inbound-rtp` (the echo).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioStats {
    /// `outbound-rtp.packetsSent`.
    pub packets_sent: Option<u64>,
    /// `remote-inbound-rtp.roundTripTime`, in ms.
    pub rtt_ms: Option<f64>,
    /// `remote-inbound-rtp.jitter` (toward the server), in ms.
    pub jitter_out_ms: Option<f64>,
    /// `remote-inbound-rtp.packetsLost` (toward the server).
    pub lost_out: Option<i64>,
    /// `inbound-rtp.packetsReceived` (the echo).
    pub packets_received: Option<u64>,
    /// `inbound-rtp.jitter` (the echo's way back), in ms.
    pub jitter_back_ms: Option<f64>,
    /// `inbound-rtp.packetsLost` (on the way back).
    pub lost_back: Option<i64>,
}

impl AudioStats {
    /// Round-trip loss as the browser's counters give it: lost one way, then lost
    /// on the way back out of what arrived.
    pub fn loss_pct(&self) -> Option<f64> {
        let out = loss_fraction(self.lost_out?, self.packets_sent?)?;
        let received = self.packets_received?;
        let back = loss_fraction(self.lost_back?, received + self.lost_back?.max(0) as u64)?;
        Some((1.0 - (1.0 - out) * (1.0 - back)) * 100.0)
    }

    /// Where this view and the call-quality stream disagree beyond what the two
    /// methods explain ("round trip 180 ms (audio) vs 20 ms (stream)", in any
    /// language); `None` when they agree or cannot be compared.
    pub fn disagreement(&self, stream: &StreamReport) -> Option<Text> {
        let mut found = Vec::new();
        if let (Some(audio), Some(rtt)) = (self.rtt_ms, stream.rtt.as_ref()) {
            // RTCP round trips are sampled every few seconds: allow 20 ms plus half.
            let tolerance = 20.0 + 0.5 * audio.max(rtt.median_ms);
            if (audio - rtt.median_ms).abs() > tolerance {
                found.push(Text::new("media-disagreement-rtt").ms("audio", audio).ms("stream", rtt.median_ms));
            }
        }
        if let Some(loss) = self.loss_pct() {
            if (loss - stream.loss_pct).abs() > 2.0 + 0.25 * loss.max(stream.loss_pct) {
                found.push(Text::new("media-disagreement-loss").pct("audio", loss).pct("stream", stream.loss_pct));
            }
        }
        (!found.is_empty()).then(|| Text::new("media-disagreement").list("found", found))
    }
}

fn loss_fraction(lost: i64, total: u64) -> Option<f64> {
    (total > 0).then(|| (lost.max(0) as f64 / total as f64).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn packets_whose_echo_may_still_come_are_left_out_with_all_sent_after_them() {
        // 10 packets every 20 ms from t = 0 on a slow path: by t = 700 ms only the
        // first one was echoed.
        let mut meter = StreamMeter::new();
        for n in 0..10u32 {
            meter.on_sent(n, f64::from(n) * 20.0);
        }
        meter.on_echo(&ProbePacket { seq: 0, client_sent_ms: 0.0, server_echo_ms: 300.0 }, 650.0);
        // Deadline 2 s: packets 1–9 are undecided; from 20 ms on they are left out.
        assert_eq!(undecided_from(&[meter.clone()], 700.0, 2_000.0), Some(20.0));
        // With a 0.5 s deadline, every packet is decided at 700 ms: the last one,
        // sent at 180 ms, is 520 ms old, and the missing echoes count as lost.
        assert_eq!(undecided_from(&[meter.clone()], 700.0, 500.0), None);
        meter.leave_out_from(20.0);
        let report = meter.report();
        assert_eq!((report.sent, report.received, report.loss_pct), (1, 1, 0.0));
        assert_eq!(report.rtt.map(|r| r.count), Some(1));

        // Echoed packets after the first undecided one go too: the loss of the
        // kept packets is not counted low.
        let mut meters = vec![StreamMeter::new(), StreamMeter::new()];
        for n in 0..10u32 {
            for m in &mut meters {
                m.on_sent(n, f64::from(n) * 20.0);
            }
        }
        for n in [0u32, 1, 2, 4, 5, 6, 7, 8, 9] {
            meters[1].on_echo(&ProbePacket { seq: n, client_sent_ms: 0.0, server_echo_ms: 0.0 }, 300.0);
        }
        for n in 0..10u32 {
            meters[0].on_echo(&ProbePacket { seq: n, client_sent_ms: 0.0, server_echo_ms: 0.0 }, 300.0);
        }
        let from = undecided_from(&meters, 400.0, 2_000.0).expect("packet 3 of the second call is out");
        assert_eq!(from, 60.0);
        for m in &mut meters {
            m.leave_out_from(from);
        }
        let report = combined(&meters);
        assert_eq!((report.sent, report.received), (6, 6), "3 packets of each call kept, all echoed");
    }

    #[test]
    fn the_last_echoes_are_awaited_four_round_trips_within_bounds() {
        assert_eq!(final_wait_ms(20.0), 500.0);
        assert_eq!(final_wait_ms(300.0), 1_200.0);
        assert_eq!(final_wait_ms(900.0), LOSS_DEADLINE_MS);
        assert_eq!(final_wait_ms(f64::NAN), LOSS_DEADLINE_MS, "no echo seen: the whole deadline");
    }

    use super::*;

    /// Sends `count` packets every 20 ms and echoes those `deliver` keeps, with the
    /// server stamping at send + `forward` and arrival at stamp + `back`.
    fn stream(count: u32, deliver: impl Fn(u32) -> Option<(f64, f64)>) -> StreamMeter {
        let mut meter = StreamMeter::new();
        let mut arrivals = Vec::new();
        for seq in 0..count {
            let sent = f64::from(seq) * 20.0;
            meter.on_sent(seq, sent);
            if let Some((forward, back)) = deliver(seq) {
                let packet = ProbePacket { seq, client_sent_ms: sent, server_echo_ms: 1_000_000.0 + sent + forward };
                arrivals.push((sent + forward + back, packet));
            }
        }
        arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (at, packet) in arrivals {
            meter.on_echo(&packet, at);
        }
        meter
    }

    #[test]
    fn calls_share_the_sequence_space_without_overlap() {
        assert_eq!(call_of(call_seq(0, 499)), 0);
        assert_eq!(call_of(call_seq(19, 0)), 19);
        assert_ne!(call_seq(1, 0), call_seq(0, 1 << 19));
    }

    #[test]
    fn combined_calls_sum_packets_and_keep_the_worst_call() {
        let clean = stream(100, |_| Some((5.0, 5.0)));
        // Every 10th packet lost, and jittery: return transit alternates 5 and 25 ms.
        let rough = stream(100, |seq| (seq % 10 != 0).then_some((5.0, if seq % 2 == 0 { 5.0 } else { 25.0 })));
        let both = combined(&[clean.clone(), rough.clone()]);
        assert_eq!((both.sent, both.received), (200, 190));
        assert!((both.loss_pct - 5.0).abs() < 1e-9);
        assert_eq!(both.longest_loss_burst, 1);
        assert_eq!(both.jitter_ms, rough.report().jitter_ms);
        assert!(both.jitter_ms > clean.report().jitter_ms);
        let rtt = both.rtt.unwrap();
        assert_eq!((rtt.min_ms, rtt.max_ms), (10.0, 30.0));
        assert_eq!(
            combined(&[]),
            StreamReport {
                sent: 0,
                received: 0,
                loss_pct: 0.0,
                longest_loss_burst: 0,
                rtt: None,
                jitter_ms: None,
                clock_jumps: 0
            }
        );
    }

    #[test]
    fn packet_round_trips_and_has_voice_size() {
        let p = ProbePacket { seq: 7, client_sent_ms: 1234.5, server_echo_ms: 0.0 };
        let mut bytes = p.encode();
        assert_eq!(bytes.len(), 172);
        assert!(ProbePacket::stamp(&mut bytes, 99.25));
        assert_eq!(ProbePacket::decode(&bytes), Some(ProbePacket { server_echo_ms: 99.25, ..p }));
        assert_eq!(ProbePacket::decode(&bytes[..100]), None);
        assert!(!ProbePacket::stamp(&mut [0u8; 10], 1.0));
    }

    #[test]
    fn clean_stream_has_no_loss_and_no_jitter() {
        let r = stream(500, |_| Some((20.0, 20.0))).report();
        assert_eq!((r.sent, r.received, r.loss_pct, r.longest_loss_burst), (500, 500, 0.0, 0));
        assert_eq!(r.rtt.unwrap().median_ms, 40.0);
        assert_eq!(r.jitter_ms, Some(0.0));
    }

    #[test]
    fn jitter_follows_rfc3550_smoothing_averaged_over_the_stream() {
        // Return transit alternates 10 and 30 ms: |D| = 20 on every packet after the first.
        let meter = stream(2, |seq| Some((5.0, if seq % 2 == 0 { 10.0 } else { 30.0 })));
        assert_eq!(meter.report().jitter_ms, Some(20.0 / 16.0));
        let three = stream(3, |seq| Some((5.0, if seq % 2 == 0 { 10.0 } else { 30.0 })));
        // Estimates 1.25 then 1.25 + (20 − 1.25)/16 = 2.421875; their mean:
        assert_eq!(three.report().jitter_ms, Some((1.25 + 2.421875) / 2.0));
        // The estimate after k differences is 20·(1 − (15/16)^k); the report is its mean.
        let long = stream(2000, |seq| Some((5.0, if seq % 2 == 0 { 10.0 } else { 30.0 })));
        let expected = (1..2000).map(|k| 20.0 * (1.0 - (15.0_f64 / 16.0).powi(k))).sum::<f64>() / 1999.0;
        assert!((long.report().jitter_ms.unwrap() - expected).abs() < 1e-9);
        assert!((expected - 20.0).abs() < 0.2, "converges on |D|: {expected}");
    }

    #[test]
    fn a_late_jitter_burst_counts_for_its_share_of_the_stream() {
        // 490 steady echoes, then 10 alternating by 40 ms: the running estimate ends
        // high (a snapshot would say ~19 ms); over the whole stream it is small.
        let r = stream(500, |seq| Some((5.0, if seq >= 490 && seq % 2 == 1 { 50.0 } else { 10.0 }))).report();
        let jitter = r.jitter_ms.unwrap();
        assert!(jitter > 0.0 && jitter < 2.0, "{jitter}");
    }

    #[test]
    fn forward_delay_changes_do_not_count_as_return_jitter() {
        let r = stream(200, |seq| Some((if seq % 2 == 0 { 5.0 } else { 45.0 }, 10.0))).report();
        assert_eq!(r.jitter_ms, Some(0.0));
        assert_eq!(r.rtt.unwrap().max_ms, 55.0);
    }

    #[test]
    fn loss_and_longest_burst_are_counted_by_sequence() {
        // Lose 10, 11 and 12 (a burst of 3) and 50 (alone): 4 of 100.
        let r = stream(100, |seq| (!matches!(seq, 10..=12 | 50)).then_some((10.0, 10.0))).report();
        assert_eq!((r.received, r.longest_loss_burst), (96, 3));
        assert!((r.loss_pct - 4.0).abs() < 1e-9);
    }

    #[test]
    fn reordered_packets_are_not_lost() {
        let r = stream(50, |seq| Some((10.0, if seq % 5 == 0 { 50.0 } else { 10.0 }))).report();
        assert_eq!((r.received, r.loss_pct), (50, 0.0));
    }

    #[test]
    fn duplicates_and_unknown_sequences_are_ignored() {
        let mut meter = StreamMeter::new();
        meter.on_sent(1, 0.0);
        let p = ProbePacket { seq: 1, client_sent_ms: 0.0, server_echo_ms: 5.0 };
        meter.on_echo(&p, 10.0);
        meter.on_echo(&p, 11.0);
        meter.on_echo(&ProbePacket { seq: 99, ..p }, 12.0);
        let r = meter.report();
        assert_eq!((r.sent, r.received, r.rtt.unwrap().count), (1, 1, 1));
    }

    #[test]
    fn echoes_after_the_deadline_count_as_lost() {
        let r = stream(10, |seq| Some((10.0, if seq == 3 { 2_500.0 } else { 10.0 }))).report();
        assert_eq!(r.received, 9);
        assert_eq!(r.longest_loss_burst, 1);
    }

    #[test]
    fn total_loss_and_empty_stream() {
        let r = stream(20, |_| None).report();
        assert_eq!((r.loss_pct, r.longest_loss_burst, r.rtt, r.jitter_ms), (100.0, 20, None, None));
        let empty = StreamMeter::new().report();
        assert_eq!((empty.sent, empty.loss_pct, empty.rtt), (0, 0.0, None));
    }

    #[test]
    fn mos_matches_the_e_model_by_hand() {
        // Leff = 30 → R = 94.018 → MOS = 1 + 3.29063 + 7e-6·94.018·34.018·5.982
        assert!((mos(20.0, 0.0, 0.0) - 4.4246).abs() < 1e-3);
        // Leff = 310 → R = 75.768
        assert!((mos(300.0, 0.0, 0.0) - 3.8546).abs() < 1e-3);
        assert_eq!(mos(20.0, 0.0, 100.0), 1.0);
        // Both branches meet at Leff = 160.
        assert!((mos(150.0, 0.0, 0.0) - mos(149.999, 0.0, 0.0)).abs() < 1e-3);
    }

    #[test]
    fn mos_falls_with_loss_and_jitter() {
        assert!(mos(50.0, 0.0, 5.0) < mos(50.0, 0.0, 0.0));
        assert!(mos(50.0, 40.0, 0.0) < mos(50.0, 0.0, 0.0));
        // Impossible figures neither raise the score nor make it NaN.
        assert_eq!(mos(50.0, -500.0, 0.0), mos(50.0, 0.0, 0.0));
        assert_eq!(mos(-500.0, 0.0, -10.0), mos(0.0, 0.0, 0.0));
        assert!(mos(f64::NAN, f64::NAN, f64::NAN).is_finite());
        assert_eq!(mos(50.0, f64::INFINITY, 0.0), 1.0);
    }

    #[test]
    fn mos_labels_have_no_gaps() {
        let t = Thresholds::default();
        assert_eq!(MosLabel::of(4.5, &t), MosLabel::Excellent);
        assert_eq!(MosLabel::of(4.2, &t), MosLabel::Excellent);
        assert_eq!(MosLabel::of(4.19999, &t), MosLabel::Good);
        assert_eq!(MosLabel::of(t.mos_pass, &t), MosLabel::Good);
        assert_eq!(MosLabel::of(t.mos_pass - 0.01, &t), MosLabel::Fair);
        assert_eq!(MosLabel::of(t.mos_fail, &t), MosLabel::Fair);
        assert_eq!(MosLabel::of(t.mos_fail - 0.0001, &t), MosLabel::Poor);
        assert_eq!(MosLabel::of(1.0, &t), MosLabel::Poor);
        let strict = Thresholds { mos_pass: 4.0, ..t };
        assert_eq!(MosLabel::of(3.8, &strict), MosLabel::Fair, "labels follow the thresholds");
    }

    fn audio(sent: u64, lost_out: i64, received: u64, lost_back: i64) -> AudioStats {
        AudioStats {
            packets_sent: Some(sent),
            rtt_ms: Some(10.0),
            jitter_out_ms: None,
            lost_out: Some(lost_out),
            packets_received: Some(received),
            jitter_back_ms: None,
            lost_back: Some(lost_back),
        }
    }

    #[test]
    fn audio_round_trip_loss_compounds_both_ways() {
        assert_eq!(audio(1000, 0, 1000, 0).loss_pct(), Some(0.0));
        // 5 % lost out, then 5 % of the 950 echoes lost back: 9.75 % round trip.
        let loss = audio(1000, 50, 903, 47).loss_pct().unwrap();
        assert!((loss - 9.7).abs() < 0.1, "{loss}");
        assert_eq!(audio(0, 0, 0, 0).loss_pct(), None, "nothing sent: no figure");
        // Negative packetsLost (duplicates) counts as none.
        assert_eq!(audio(100, -2, 100, 0).loss_pct(), Some(0.0));
    }

    #[test]
    fn audio_view_disagreement_is_named_beyond_tolerance() {
        let stream = |loss_pct: f64, rtt: f64| StreamReport {
            sent: 500,
            received: 500,
            loss_pct,
            longest_loss_burst: 0,
            rtt: Summary::of(&[rtt]),
            jitter_ms: Some(1.0),
            clock_jumps: 0,
        };
        let a = audio(1000, 50, 903, 47);
        assert_eq!(a.disagreement(&stream(10.0, 15.0)), None, "same loss, RTT within 20 ms + 50 %");
        let both = a.disagreement(&stream(0.0, 120.0)).unwrap();
        assert_eq!(both.english(), "round trip 10 ms (audio) vs 120 ms (stream); loss 9.7 % (audio) vs 0.0 % (stream)");
        assert_eq!(
            both.render(crate::i18n::Lang::Fr),
            "aller-retour 10\u{a0}ms (audio) contre 120\u{a0}ms (flux)\u{a0}; perte 9,7\u{a0}% (audio) contre 0,0\u{a0}% (flux)"
        );
        let unknown = AudioStats::default();
        assert_eq!(unknown.disagreement(&stream(50.0, 500.0)), None, "nothing to compare");
    }

    #[test]
    fn a_clock_that_jumps_back_gives_no_negative_round_trip() {
        let mut meter = StreamMeter::new();
        for seq in 0..4 {
            meter.on_sent(seq, 1000.0 + f64::from(seq) * 20.0);
        }
        let echo = |seq: u32, server: f64| ProbePacket { seq, client_sent_ms: 0.0, server_echo_ms: server };
        meter.on_echo(&echo(0, 5000.0), 1030.0);
        // The clock jumped back by a second before these two arrived.
        meter.on_echo(&echo(1, 5020.0), 60.0);
        meter.on_echo(&echo(2, 5040.0), 80.0);
        meter.on_echo(&echo(3, 5060.0), 1090.0);
        let report = meter.report();
        assert_eq!((report.received, report.clock_jumps, report.loss_pct), (4, 2, 0.0), "{report:?}");
        let rtt = report.rtt.unwrap();
        assert!(rtt.min_ms >= 0.0 && rtt.count == 2, "{rtt:?}");
        let mut submission = crate::api::RunSubmission {
            client_run_id: "run-clock-jump-01".into(),
            results: crate::verdict::fixtures::healthy_run(),
            probe_token: None,
        };
        submission.results.media = Some(crate::probes::media::MediaReport {
            calls: 1,
            connect_ms: Some(10.0),
            path: None,
            stream: Some(report),
            rtt_series: Vec::new(),
            audio: None,
            failure: None,
        });
        assert_eq!(submission.validate(), Ok(()), "a jump never costs the whole run");
    }
}
