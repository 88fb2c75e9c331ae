//! ICE gathering with an `RTCPeerConnection`: candidates arrive as a stream, and
//! the end of gathering as `None`.

use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use futures::StreamExt;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    RtcConfiguration, RtcIceServer, RtcIceTransportPolicy, RtcPeerConnection, RtcPeerConnectionIceEvent,
    RtcSessionDescriptionInit,
};

use super::property;
use super::time::within;

/// One gathered candidate: its type (`host`, `srflx`, `prflx`, `relay`).
pub struct Candidate {
    pub kind: String,
}

pub struct Gathering {
    pc: RtcPeerConnection,
    events: UnboundedReceiver<Option<Candidate>>,
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
                let _ = tx.unbounded_send(item);
            });
        pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
        let _channel = pc.create_data_channel("gather");
        let offer = JsFuture::from(pc.create_offer()).await?;
        JsFuture::from(pc.set_local_description(offer.unchecked_ref::<RtcSessionDescriptionInit>())).await?;
        Ok(Gathering { pc, events, _on_candidate: on_candidate })
    }

    /// The next candidate; `Ok(None)` at the end of gathering, `Err(())` on timeout.
    pub async fn next(&mut self, timeout_ms: u32) -> Result<Option<Candidate>, ()> {
        match within(timeout_ms, self.events.next()).await {
            Some(Some(item)) => Ok(item),
            Some(None) => Ok(None),
            None => Err(()),
        }
    }
}

impl Drop for Gathering {
    fn drop(&mut self) {
        self.pc.set_onicecandidate(None);
        self.pc.close();
    }
}
