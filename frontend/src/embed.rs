//! The test inside another site's page (`/embed/t/<code>`): its progress goes to the
//! parent window with `postMessage`, addressed to each origin allowed to frame the
//! page, so the browser delivers it only when the parent is one of them.

use callready_common::api::{EmbedEvent, EmbedMessage};
use wasm_bindgen::JsValue;

use crate::browser::window;

/// The page's parent window and the origins it may be; `None` when the page is not
/// framed.
#[derive(Clone)]
pub struct Parent {
    window: web_sys::Window,
    origins: Vec<String>,
}

impl Parent {
    pub fn of_this_page(origins: Vec<String>) -> Option<Parent> {
        let own = window();
        let parent = own.parent().ok().flatten()?;
        let framed = !js_sys::Object::is(&parent, &own);
        (framed && !origins.is_empty()).then_some(Parent { window: parent, origins })
    }

    pub fn post(&self, event: EmbedEvent) {
        let Ok(json) = serde_json::to_string(&EmbedMessage::new(event)) else { return };
        let message = js_sys::JSON::parse(&json).unwrap_or_else(|_| JsValue::from_str(&json));
        for origin in &self.origins {
            let _ = self.window.post_message(&message, origin);
        }
    }
}

/// `?autorun=1` in the page's address: start the test without a click.
pub fn autorun_asked() -> bool {
    let search = window().location().search().unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|pair| pair == "autorun=1" || pair == "autorun=true")
}
