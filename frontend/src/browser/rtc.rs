//! WebRTC plumbing: ICE gathering with an `RTCPeerConnection` (candidates arrive as
//! a stream, the end of gathering as `None`), the offer/answer exchange with the
//! server's echo peer over `/ws/rtc`, and reading `getStats()`.

use callready_common::api::Signal;
use callready_common::probes::ice::{CandidateType, ConnectedPair, RelayProtocol};
use callready_common::sdp::for_server;
use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use futures::StreamExt;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    RtcConfiguration, RtcIceConnectionState, RtcIceGatheringState, RtcIceServer, RtcIceTransportPolicy,
    RtcPeerConnection, RtcPeerConnectionIceEvent, RtcSdpType, RtcSessionDescriptionInit,
};

use super::time::{now_ms, sleep, within};
use super::ws::{Socket, WsEvent};
use super::{api_place, property, ws_url};

/// One gathered candidate: its type (`host`, `srflx`, `prflx`, `relay`).
pub struct Candidate {
    pub kind: String,
}

/// A gathering event and when it happened (`now_ms`): a candidate, or `None` for
/// the end of gathering.
pub type GatherEvent = (Option<Candidate>, f64);

pub struct Gathering {
    pc: RtcPeerConnection,
    events: UnboundedReceiver<GatherEvent>,
    /// When the local description was set, gathering's start (`now_ms`).
    started_ms: f64,
    _on_candidate: Closure<dyn FnMut(RtcPeerConnectionIceEvent)>,
}

pub struct ServerSpec<'a> {
    pub urls: &'a [String],
    pub username: Option<&'a str>,
    pub credential: Option<&'a str>,
}

/// The type of a candidate: the `type` property where the browser has it, else
/// the `typ` token of the candidate line.
fn candidate_kind(candidate: &web_sys::RtcIceCandidate) -> String {
    if let Some(kind) = property(candidate.as_ref(), "type").and_then(|v| v.as_string()) {
        return kind;
    }
    let line = candidate.candidate();
    let mut tokens = line.split_whitespace();
    while let Some(token) = tokens.next() {
        if token == "typ" {
            return tokens.next().unwrap_or_default().to_string();
        }
    }
    String::new()
}

/// An `RTCConfiguration` with these ICE servers.
pub fn configuration(servers: &[ServerSpec<'_>], relay_only: bool) -> RtcConfiguration {
    let list = js_sys::Array::new();
    for server in servers {
        let ice_server = RtcIceServer::new();
        let urls = js_sys::Array::new();
        for url in server.urls {
            urls.push(&JsValue::from_str(url));
        }
        ice_server.set_urls(&urls);
        if let Some(username) = server.username {
            ice_server.set_username(username);
        }
        if let Some(credential) = server.credential {
            ice_server.set_credential(credential);
        }
        list.push(&ice_server);
    }
    let config = RtcConfiguration::new();
    config.set_ice_servers(&list);
    if relay_only {
        config.set_ice_transport_policy(RtcIceTransportPolicy::Relay);
    }
    config
}

impl Gathering {
    /// Starts gathering against one ICE server; `Err` when the browser refuses it.
    pub async fn start(server: ServerSpec<'_>, relay_only: bool) -> Result<Gathering, JsValue> {
        let pc = RtcPeerConnection::new_with_configuration(&configuration(&[server], relay_only))?;
        let (tx, events) = unbounded();
        let on_candidate =
            Closure::<dyn FnMut(RtcPeerConnectionIceEvent)>::new(move |event: RtcPeerConnectionIceEvent| {
                let item = event.candidate().map(|c| Candidate { kind: candidate_kind(&c) });
                // An empty candidate line also marks the end in some browsers.
                let item = item.filter(|c| !c.kind.is_empty());
                let _ = tx.unbounded_send((item, now_ms()));
            });
        pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
        let _channel = pc.create_data_channel("gather");
        let offer = JsFuture::from(pc.create_offer()).await?;
        let started_ms = now_ms();
        JsFuture::from(pc.set_local_description(offer.unchecked_ref::<RtcSessionDescriptionInit>())).await?;
        Ok(Gathering { pc, events, started_ms, _on_candidate: on_candidate })
    }

    /// The next event; `Err(())` on timeout (or if the peer connection is gone).
    pub async fn next(&mut self, timeout_ms: u32) -> Result<GatherEvent, ()> {
        within(timeout_ms, self.events.next()).await.flatten().ok_or(())
    }
}

impl Gathering {
    /// Lets gathering run until the browser says it is done or `deadline_ms`
    /// (`now_ms`) passes, whichever comes first.
    pub async fn finish_by(&mut self, deadline_ms: f64) {
        loop {
            let left = deadline_ms - now_ms();
            if left <= 0.0 {
                return;
            }
            match self.next(left as u32).await {
                Ok((None, _)) | Err(()) => return,
                Ok((Some(_), _)) => {}
            }
        }
    }

    pub fn peer_connection(&self) -> &RtcPeerConnection {
        &self.pc
    }

    /// When gathering started: the moment the local description was set (`now_ms`).
    pub fn started_ms(&self) -> f64 {
        self.started_ms
    }
}

/// Creates the offer and waits (at most `max_wait_ms`) for gathering to finish, so
/// the offer carries what candidates may leave the browser: the echo peer takes no
/// trickled candidates. Only relay candidates leave (see `common::sdp`), so the wait
/// also ends once there is one relayed over each of `relays` (the stats'
/// `relayProtocol`), in the offer too; gathering may go on much longer, for
/// addresses nobody answers.
pub async fn offer_and_gather(
    pc: &RtcPeerConnection,
    max_wait_ms: f64,
    relays: &[RelayProtocol],
) -> Result<(), JsValue> {
    let offer = JsFuture::from(pc.create_offer()).await?;
    JsFuture::from(pc.set_local_description(offer.unchecked_ref::<RtcSessionDescriptionInit>())).await?;
    let started = now_ms();
    while pc.ice_gathering_state() != RtcIceGatheringState::Complete && now_ms() - started < max_wait_ms {
        if !relays.is_empty() && has_relays(pc, relays).await {
            break;
        }
        sleep(50).await;
    }
    Ok(())
}

/// Whether a relay candidate over each of `relays` has been gathered and is in the
/// local description.
async fn has_relays(pc: &RtcPeerConnection, relays: &[RelayProtocol]) -> bool {
    let in_offer = pc.local_description().map(|d| d.sdp().matches(" typ relay").count()).unwrap_or(0);
    if in_offer < relays.len() {
        return false;
    }
    let gathered: Vec<RelayProtocol> = stats(pc)
        .await
        .iter()
        .filter(|e| {
            text(e, "type").as_deref() == Some("local-candidate")
                && text(e, "candidateType").as_deref() == Some("relay")
        })
        .filter_map(|e| text(e, "relayProtocol").and_then(|p| RelayProtocol::parse(&p)))
        .collect();
    relays.iter().all(|r| gathered.contains(r))
}

/// Sends the local description, without the agent's addresses, to the echo peer
/// over `/ws/rtc` (on the API origin) and applies its answer. The returned socket must stay open: the
/// server removes the echo peer when it closes.
pub async fn exchange_with_echo_peer(pc: &RtcPeerConnection) -> Option<Socket> {
    let mut socket = Socket::connect(&ws_url("/ws/rtc"), &[]).ok()?;
    if socket.next(5_000).await != Some(WsEvent::Open) {
        return None;
    }
    // Host and reflexive addresses stay on the agent's machine (see `common::sdp`).
    let sdp = for_server(&pc.local_description().map(|d| d.sdp())?, &api_place().host_name);
    if !socket.send(&serde_json::to_string(&Signal::Offer { sdp }).ok()?) {
        return None;
    }
    let Some(WsEvent::Text(reply)) = socket.next(10_000).await else { return None };
    let Ok(Signal::Answer { sdp }) = serde_json::from_str::<Signal>(&reply) else { return None };
    let answer = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
    answer.set_sdp(&sdp);
    JsFuture::from(pc.set_remote_description(&answer)).await.ok()?;
    Some(socket)
}

/// Waits until ICE has connected; false on failure or after `timeout_ms`.
pub async fn wait_connected(pc: &RtcPeerConnection, timeout_ms: f64) -> bool {
    let started = now_ms();
    loop {
        match pc.ice_connection_state() {
            RtcIceConnectionState::Connected | RtcIceConnectionState::Completed => return true,
            RtcIceConnectionState::Failed | RtcIceConnectionState::Closed => return false,
            _ if now_ms() - started > timeout_ms => return false,
            _ => sleep(20).await,
        }
    }
}

/// Every entry of `getStats()`.
pub async fn stats(pc: &RtcPeerConnection) -> Vec<JsValue> {
    let Ok(report) = JsFuture::from(pc.get_stats()).await else { return Vec::new() };
    let mut entries = Vec::new();
    report.unchecked_into::<js_sys::Map>().for_each(&mut |value, _key| entries.push(value));
    entries
}

pub fn text(entry: &JsValue, name: &str) -> Option<String> {
    property(entry, name).and_then(|v| v.as_string())
}

pub fn number(entry: &JsValue, name: &str) -> Option<f64> {
    property(entry, name).and_then(|v| v.as_f64()).filter(|v| v.is_finite())
}

fn flag(entry: &JsValue, name: &str) -> bool {
    property(entry, name).and_then(|v| v.as_bool()).unwrap_or(false)
}

/// The selected candidate pair's types and relay protocol. Chromium names it from
/// the transport entry (`selectedCandidatePairId`); Firefox marks the pair
/// `selected`; both mark it nominated and succeeded.
pub fn selected_pair(entries: &[JsValue], connect_ms: f64) -> Option<ConnectedPair> {
    let of_type = |kind: &'static str| entries.iter().filter(move |e| text(e, "type").as_deref() == Some(kind));
    let by_id = |id: &str| entries.iter().find(|e| text(e, "id").as_deref() == Some(id));
    let pair = of_type("transport")
        .find_map(|t| text(t, "selectedCandidatePairId"))
        .and_then(|id| by_id(&id))
        .or_else(|| of_type("candidate-pair").find(|p| flag(p, "selected")))
        .or_else(|| {
            of_type("candidate-pair").find(|p| flag(p, "nominated") && text(p, "state").as_deref() == Some("succeeded"))
        })?;
    let local = by_id(&text(pair, "localCandidateId")?)?;
    let remote = by_id(&text(pair, "remoteCandidateId")?)?;
    let local_type = CandidateType::parse(&text(local, "candidateType")?)?;
    Some(ConnectedPair {
        local: local_type,
        remote: CandidateType::parse(&text(remote, "candidateType")?)?,
        relay_protocol: (local_type == CandidateType::Relay)
            .then(|| text(local, "relayProtocol").and_then(|p| RelayProtocol::parse(&p)))
            .flatten(),
        connect_ms,
    })
}

impl Drop for Gathering {
    fn drop(&mut self) {
        self.pc.set_onicecandidate(None);
        self.pc.close();
    }
}
