//! Call-quality probe: one peer connection to the server's echo peer (signalling
//! over `/ws/rtc`) carrying, for the configured time,
//!
//! - one unordered, no-retransmit data channel per simulated call, each sending
//!   50 packets/s of 172 bytes; every echo feeds that call's `StreamMeter`;
//! - a real audio track (a synthesised tone, Opus-encoded by the browser) that the
//!   server loops back, whose `getStats()` figures are a second, independent view.
//!
//! The tone comes from Web Audio rather than the microphone: the network path is
//! the same, and the agent gets no permission prompt in the middle of the test.

use std::cell::RefCell;
use std::rc::Rc;

use callready_common::api::IceProbePlan;
use callready_common::probes::ice::RelayProtocol;
use callready_common::probes::media::{
    call_of, call_seq, combined, final_wait_ms, undecided_from, AudioStats, MediaFailure, MediaReport, ProbePacket,
    StreamMeter, END_WAIT_MS, MAX_SIMULATED_CALLS, PACKETS_PER_SECOND,
};
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AudioContext, MessageEvent, RtcDataChannel, RtcDataChannelInit, RtcDataChannelState, RtcDataChannelType,
    RtcPeerConnection,
};

use callready_common::probes::RunResults;

use super::ice::pair_text;
use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::rtc::{
    configuration, exchange_with_echo_peer, number, offer_and_gather, selected_pair, stats, text, ServerSpec,
};
use crate::browser::time::{now_ms, sleep};
use crate::i18n::{lang, num, t};

const CONNECT_TIMEOUT_MS: f64 = 10_000.0;

pub const PROBE: Probe = Probe {
    title_id: "probe-media-title",
    checks: &[CheckId::CallQuality],
    kind: Kind::Media,
    alongside_previous: true,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(media) = &r.media else { return Vec::new() };
    let mut figures = Vec::new();
    let value = match (media.stream.as_ref(), media.mos()) {
        (Some(stream), Some(mos)) => crate::t!(
            "figure-stream-value",
            mos = num(mos, 2),
            rtt = ms_or_dash(stream.rtt.map(|s| s.median_ms)),
            jitter = ms_or_dash(stream.jitter_ms),
            loss = lang().percent(stream.loss_pct, 1),
            received = stream.received,
            sent = stream.sent
        ),
        _ => t("figure-stream-none"),
    };
    let label = if media.calls > 1 {
        crate::t!("figure-stream-calls", calls = media.calls, packets = PACKETS_PER_SECOND)
    } else {
        crate::t!("figure-stream", packets = PACKETS_PER_SECOND)
    };
    figures.push((label, value));
    if let Some(path) = &media.path {
        figures.push((t("figure-media-path"), pair_text(path)));
    }
    if let Some(audio) = &media.audio {
        let loss = audio.loss_pct().map(|l| lang().percent(l, 1)).unwrap_or_else(|| "–".into());
        let count = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
        let mut value = crate::t!(
            "figure-audio-value",
            rtt = ms_or_dash(audio.rtt_ms),
            out = ms_or_dash(audio.jitter_out_ms),
            back = ms_or_dash(audio.jitter_back_ms),
            loss = loss,
            sent = count(audio.packets_sent),
            echoed = count(audio.packets_received),
        );
        match media.stream.as_ref().and_then(|s| audio.disagreement(s)) {
            Some(why) => {
                value.push_str(&format!(" — {}", crate::t!("figure-audio-disagrees", why = why.render(lang()))))
            }
            None if media.stream.is_some() => value.push_str(&format!(" — {}", t("figure-audio-agrees"))),
            None => {}
        }
        figures.push((t("figure-audio-loopback"), value));
    }
    figures
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        if ctx.config.media_seconds == 0 {
            return Outcome::NotOffered;
        }
        progress(t("probe-starting"));
        let report = run(ctx.config.media_seconds, ctx.calls, &ctx.config.ice, progress).await;
        let row = match (report.mos(), report.stream.as_ref()) {
            (Some(mos), Some(stream)) => {
                crate::t!("probe-media-summary", mos = num(mos, 1), loss = lang().percent(stream.loss_pct, 1))
            }
            _ => t("probe-media-no-stream"),
        };
        ctx.reports.borrow_mut().media = Some(report);
        Outcome::Done(row)
    })
}
const PACKET_INTERVAL_MS: f64 = 1000.0 / PACKETS_PER_SECOND as f64;
/// Most points kept for the RTT chart.
const MAX_CHART_POINTS: usize = 250;

fn failed(calls: u32, failure: MediaFailure) -> MediaReport {
    MediaReport {
        calls,
        connect_ms: None,
        path: None,
        stream: None,
        rtt_series: Vec::new(),
        audio: None,
        failure: Some(failure),
    }
}

/// A 440 Hz tone as a `MediaStream`, or `None` without Web Audio. The context is
/// returned too: closing it ends the track.
fn tone() -> Option<(AudioContext, web_sys::MediaStream)> {
    let context = AudioContext::new().ok()?;
    let oscillator = context.create_oscillator().ok()?;
    let destination = context.create_media_stream_destination().ok()?;
    oscillator.connect_with_audio_node(&destination).ok()?;
    oscillator.start().ok()?;
    // Started outside a click, the context may be suspended; RTP still flows.
    let _ = context.resume();
    Some((context, destination.stream()))
}

/// The audio figures of `getStats()`, in ms where the browser gives seconds.
fn audio_stats(entries: &[JsValue]) -> Option<AudioStats> {
    let audio = |kind: &str| {
        entries.iter().find(|e| {
            text(e, "type").as_deref() == Some(kind)
                && text(e, "kind").or_else(|| text(e, "mediaType")).as_deref() == Some("audio")
        })
    };
    let count = |e: Option<&JsValue>, name: &str| e.and_then(|e| number(e, name));
    let outbound = audio("outbound-rtp");
    let remote = audio("remote-inbound-rtp");
    let inbound = audio("inbound-rtp");
    if outbound.is_none() && inbound.is_none() {
        return None;
    }
    Some(AudioStats {
        packets_sent: count(outbound, "packetsSent").map(|n| n as u64),
        rtt_ms: count(remote, "roundTripTime").map(|s| s * 1000.0),
        jitter_out_ms: count(remote, "jitter").map(|s| s * 1000.0),
        lost_out: count(remote, "packetsLost").map(|n| n as i64),
        packets_received: count(inbound, "packetsReceived").map(|n| n as u64),
        jitter_back_ms: count(inbound, "jitter").map(|s| s * 1000.0),
        lost_back: count(inbound, "packetsLost").map(|n| n as i64),
    })
}

/// Echoes as they arrive: bytes and arrival time.
type Arrivals = Rc<RefCell<Vec<(Vec<u8>, f64)>>>;

fn open_channels(
    pc: &RtcPeerConnection,
    calls: u32,
    arrivals: &Arrivals,
) -> (Vec<RtcDataChannel>, Closure<dyn FnMut(MessageEvent)>) {
    let sink = arrivals.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let at = now_ms();
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        sink.borrow_mut().push((bytes, at));
    });
    let init = RtcDataChannelInit::new();
    init.set_ordered(false);
    init.set_max_retransmits(0);
    let channels = (0..calls)
        .map(|call| {
            let channel = pc.create_data_channel_with_data_channel_dict(&format!("call-{call}"), &init);
            channel.set_binary_type(RtcDataChannelType::Arraybuffer);
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            channel
        })
        .collect();
    (channels, on_message)
}

/// Streams `calls` simulated calls (capped) for `seconds` through the echo peer;
/// ICE may use every server in `plans` (so a network that blocks UDP still gets a
/// stream, relayed over TCP, as a call would).
pub async fn run(seconds: u32, calls: u32, plans: &[IceProbePlan], progress: Progress<'_>) -> MediaReport {
    let calls = calls.clamp(1, MAX_SIMULATED_CALLS);
    let started = now_ms();
    let servers: Vec<ServerSpec> = plans
        .iter()
        .map(|p| ServerSpec {
            urls: &p.ice_server.urls,
            username: p.ice_server.username.as_deref(),
            credential: p.ice_server.credential.as_deref(),
        })
        .collect();
    let Ok(pc) = RtcPeerConnection::new_with_configuration(&configuration(&servers, false)) else {
        return failed(calls, MediaFailure::NotConnected);
    };
    let arrivals: Arrivals = Rc::default();
    let (channels, _on_message) = open_channels(&pc, calls, &arrivals);
    let tone = tone();
    if let Some((_, stream)) = &tone {
        if let Ok(track) = stream.get_audio_tracks().get(0).dyn_into::<web_sys::MediaStreamTrack>() {
            pc.add_track_0(&track, stream);
        }
    }
    let finish = |report: MediaReport| {
        for channel in &channels {
            channel.set_onmessage(None);
        }
        pc.close();
        if let Some((context, _)) = &tone {
            let _ = context.close();
        }
        report
    };

    progress(t("probe-media-connecting"));
    // The offer carries only relay candidates (see `common::sdp`) and the echo peer
    // learns the others from the browser's checks: a short wait is enough.
    let relays: Vec<RelayProtocol> =
        plans.iter().filter(|p| !p.untrusted_certificate).filter_map(|p| p.transport.relay_protocol()).collect();
    if offer_and_gather(&pc, 1_000.0, &relays).await.is_err() {
        return finish(failed(calls, MediaFailure::Signalling));
    }
    let Some(_signalling) = exchange_with_echo_peer(&pc).await else {
        return finish(failed(calls, MediaFailure::Signalling));
    };
    while channels.iter().any(|c| c.ready_state() != RtcDataChannelState::Open) {
        if now_ms() - started > CONNECT_TIMEOUT_MS {
            return finish(failed(calls, MediaFailure::NotConnected));
        }
        sleep(20).await;
    }
    let connect_ms = now_ms() - started;

    let mut meters = vec![StreamMeter::new(); calls as usize];
    let mut series = Vec::new();
    let total = seconds * PACKETS_PER_SECOND;
    let t0 = now_ms();
    let longest_rtt = std::cell::Cell::new(f64::NAN);
    let take_echoes = |meters: &mut [StreamMeter], series: &mut Vec<[f64; 2]>| {
        for (bytes, at) in arrivals.borrow_mut().drain(..) {
            let Some(packet) = ProbePacket::decode(&bytes) else { continue };
            let call = call_of(packet.seq);
            let Some(meter) = meters.get_mut(call) else { continue };
            let before = meter.received();
            meter.on_echo(&packet, at);
            if meter.received() > before {
                longest_rtt.set(longest_rtt.get().max(at - packet.client_sent_ms));
            }
            if call == 0 && meter.received() > before {
                series.push([(at - t0) / 1000.0, at - packet.client_sent_ms]);
            }
        }
    };
    for n in 0..total {
        let due = t0 + f64::from(n) * PACKET_INTERVAL_MS;
        let wait = due - now_ms();
        if wait > 1.0 {
            sleep(wait as u32).await;
        }
        for (call, channel) in channels.iter().enumerate() {
            let seq = call_seq(call as u32, n);
            let sent = now_ms();
            let packet = ProbePacket { seq, client_sent_ms: sent, server_echo_ms: 0.0 };
            if channel.send_with_u8_array(&packet.encode()).is_ok() {
                meters[call].on_sent(seq, sent);
            }
        }
        take_echoes(&mut meters, &mut series);
        if n % PACKETS_PER_SECOND == 0 {
            let second = n / PACKETS_PER_SECOND + 1;
            progress(if calls > 1 {
                crate::t!("probe-media-stream-calls", calls = calls, second = second, seconds = seconds)
            } else {
                crate::t!("probe-media-stream", second = second, seconds = seconds)
            });
        }
    }
    // Outstanding echoes get END_WAIT_MS; those still undecided then are left out
    // of the loss count, unless they reach back over half the stream (a short one
    // on a slow path), which waits for the whole deadline instead.
    // (The deadline grows with the longest round trip seen, echoes still arriving.)
    let last = now_ms();
    let half = t0 + (last - t0) / 2.0;
    let deadline = || final_wait_ms(longest_rtt.get());
    while now_ms() - last < deadline()
        && meters.iter().any(|m| m.received() < m.sent())
        && (now_ms() - last < END_WAIT_MS || undecided_from(&meters, now_ms(), deadline()).is_some_and(|f| f < half))
    {
        sleep(50).await;
        take_echoes(&mut meters, &mut series);
    }
    if let Some(from) = undecided_from(&meters, now_ms(), deadline()) {
        for meter in &mut meters {
            meter.leave_out_from(from);
        }
    }
    let entries = stats(&pc).await;
    let path = selected_pair(&entries, connect_ms);
    let audio = tone.as_ref().and_then(|_| audio_stats(&entries));
    let step = series.len().div_ceil(MAX_CHART_POINTS).max(1);
    let rtt_series = series.into_iter().step_by(step).collect();
    finish(MediaReport {
        calls,
        connect_ms: Some(connect_ms),
        path,
        stream: Some(combined(&meters)),
        rtt_series,
        audio,
        failure: None,
    })
}
