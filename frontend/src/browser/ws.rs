//! A WebSocket as an async stream of events.

use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use futures::StreamExt;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::time::within;

#[derive(Clone, Debug, PartialEq)]
pub enum WsEvent {
    Open,
    Text(String),
    Closed { code: u16 },
    Error,
}

pub struct Socket {
    ws: WebSocket,
    events: UnboundedReceiver<WsEvent>,
    _handlers: [Closure<dyn FnMut(JsValue)>; 4],
}

impl Socket {
    /// Starts connecting; the first event tells whether it opened.
    pub fn connect(url: &str, protocols: &[&str]) -> Result<Socket, JsValue> {
        let ws = if protocols.is_empty() {
            WebSocket::new(url)?
        } else {
            let list = js_sys::Array::new();
            for p in protocols {
                list.push(&JsValue::from_str(p));
            }
            WebSocket::new_with_str_sequence(url, &list)?
        };
        let (tx, events) = unbounded();
        let on = |f: fn(JsValue) -> WsEvent| {
            let tx = tx.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let _ = tx.unbounded_send(f(event));
            })
        };
        let open = on(|_| WsEvent::Open);
        let message = on(|event| {
            let text = event.dyn_into::<MessageEvent>().ok().and_then(|m| m.data().as_string());
            text.map(WsEvent::Text).unwrap_or(WsEvent::Error)
        });
        let close =
            on(|event| WsEvent::Closed { code: event.dyn_into::<CloseEvent>().map(|c| c.code()).unwrap_or(1006) });
        let error = on(|_| WsEvent::Error);
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        ws.set_onerror(Some(error.as_ref().unchecked_ref()));
        Ok(Socket { ws, events, _handlers: [open, message, close, error] })
    }

    /// The next event, or `None` if none came within `timeout_ms`.
    pub async fn next(&mut self, timeout_ms: u32) -> Option<WsEvent> {
        within(timeout_ms, self.events.next()).await.map(|e| e.unwrap_or(WsEvent::Closed { code: 1006 }))
    }

    pub fn send(&self, text: &str) -> bool {
        self.ws.send_with_str(text).is_ok()
    }

    /// The subprotocol the server selected ("" when none).
    pub fn protocol(&self) -> String {
        self.ws.protocol()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        let _ = self.ws.close();
    }
}
