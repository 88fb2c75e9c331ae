//! Call-quality probe: a peer connection to the server's echo peer (signalling over
//! `/ws/rtc`), an unordered, no-retransmit data channel, and 50 packets/s of 172
//! bytes for the configured time; every echo feeds the `StreamMeter` from `common`.

use std::cell::RefCell;
use std::rc::Rc;

use callready_common::media::{ProbePacket, StreamMeter, LOSS_DEADLINE_MS, PACKETS_PER_SECOND};
use callready_common::wire::{IceProbePlan, MediaFailure, MediaReport};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, RtcDataChannelInit, RtcDataChannelState, RtcDataChannelType, RtcIceGatheringState, RtcPeerConnection,
    RtcSdpType, RtcSessionDescriptionInit,
};

use super::Progress;
use crate::browser::rtc::{configuration, ServerSpec};
use crate::browser::time::{now_ms, sleep};
use crate::browser::ws::{Socket, WsEvent};
use crate::browser::ws_url;

const CONNECT_TIMEOUT_MS: f64 = 10_000.0;
const PACKET_INTERVAL_MS: f64 = 1000.0 / PACKETS_PER_SECOND as f64;
/// Most points kept for the RTT chart.
const MAX_CHART_POINTS: usize = 250;

fn failed(failure: MediaFailure) -> MediaReport {
    MediaReport { connect_ms: None, stream: None, rtt_series: Vec::new(), failure: Some(failure) }
}

/// Sends our offer (after gathering, so it carries our candidates) and returns the
/// answer SDP with the signalling socket, which must stay open: the server removes
/// the echo peer when it closes.
async fn negotiate(pc: &RtcPeerConnection) -> Option<(String, Socket)> {
    let mut socket = Socket::connect(&ws_url("/ws/rtc"), &[]).ok()?;
    if socket.next(5_000).await != Some(WsEvent::Open) {
        return None;
    }
    let offer = JsFuture::from(pc.create_offer()).await.ok()?;
    JsFuture::from(pc.set_local_description(offer.unchecked_ref::<RtcSessionDescriptionInit>())).await.ok()?;
    let started = now_ms();
    while pc.ice_gathering_state() != RtcIceGatheringState::Complete && now_ms() - started < 3_000.0 {
        sleep(50).await;
    }
    let sdp = pc.local_description().map(|d| d.sdp())?;
    let message = serde_json::json!({"type": "offer", "sdp": sdp}).to_string();
    if !socket.send(&message) {
        return None;
    }
    let Some(WsEvent::Text(reply)) = socket.next(10_000).await else { return None };
    let reply: serde_json::Value = serde_json::from_str(&reply).ok()?;
    let sdp = reply["sdp"].as_str().filter(|_| reply["type"] == "answer")?.to_string();
    Some((sdp, socket))
}

/// Streams for `seconds` through the echo peer; ICE may use every server in `plans`
/// (so a network that blocks UDP still gets a stream, relayed over TCP, as a call would).
pub async fn run(seconds: u32, plans: &[IceProbePlan], progress: Progress<'_>) -> MediaReport {
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
        return failed(MediaFailure::NotConnected);
    };
    let init = RtcDataChannelInit::new();
    init.set_ordered(false);
    init.set_max_retransmits(0);
    let channel = pc.create_data_channel_with_data_channel_dict("media", &init);
    channel.set_binary_type(RtcDataChannelType::Arraybuffer);
    let arrivals: Rc<RefCell<Vec<(Vec<u8>, f64)>>> = Rc::default();
    let sink = arrivals.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let at = now_ms();
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        sink.borrow_mut().push((bytes, at));
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

    progress("connecting to the echo peer".into());
    let Some((answer_sdp, _signalling)) = negotiate(&pc).await else {
        pc.close();
        return failed(MediaFailure::Signalling);
    };
    let answer = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
    answer.set_sdp(&answer_sdp);
    if JsFuture::from(pc.set_remote_description(&answer)).await.is_err() {
        pc.close();
        return failed(MediaFailure::Signalling);
    }
    while channel.ready_state() != RtcDataChannelState::Open {
        if now_ms() - started > CONNECT_TIMEOUT_MS {
            pc.close();
            return failed(MediaFailure::NotConnected);
        }
        sleep(20).await;
    }
    let connect_ms = now_ms() - started;

    let mut meter = StreamMeter::new();
    let mut series = Vec::new();
    let total = seconds * PACKETS_PER_SECOND;
    let t0 = now_ms();
    let take_echoes = |meter: &mut StreamMeter, series: &mut Vec<[f64; 2]>| {
        for (bytes, at) in arrivals.borrow_mut().drain(..) {
            if let Some(packet) = ProbePacket::decode(&bytes) {
                let before = meter.received();
                meter.on_echo(&packet, at);
                if meter.received() > before {
                    series.push([(at - t0) / 1000.0, at - packet.client_sent_ms]);
                }
            }
        }
    };
    for seq in 0..total {
        let due = t0 + f64::from(seq) * PACKET_INTERVAL_MS;
        let wait = due - now_ms();
        if wait > 1.0 {
            sleep(wait as u32).await;
        }
        let sent = now_ms();
        let packet = ProbePacket { seq, client_sent_ms: sent, server_echo_ms: 0.0 };
        if channel.send_with_u8_array(&packet.encode()).is_ok() {
            meter.on_sent(seq, sent);
        }
        take_echoes(&mut meter, &mut series);
        if seq % PACKETS_PER_SECOND == 0 {
            progress(format!("call stream {} of {seconds} s", seq / PACKETS_PER_SECOND + 1));
        }
    }
    let last = now_ms();
    while now_ms() - last < LOSS_DEADLINE_MS && meter.received() < meter.sent() {
        sleep(50).await;
        take_echoes(&mut meter, &mut series);
    }
    channel.set_onmessage(None);
    pc.close();
    let step = series.len().div_ceil(MAX_CHART_POINTS).max(1);
    let rtt_series = series.into_iter().step_by(step).collect();
    MediaReport { connect_ms: Some(connect_ms), stream: Some(meter.report()), rtt_series, failure: None }
}
