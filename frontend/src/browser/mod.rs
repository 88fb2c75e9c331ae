//! Thin wrappers over the browser APIs the probes use, so probe code reads like the
//! measurement and not like web-sys plumbing.

pub mod http;
pub mod rtc;
pub mod time;
pub mod visibility;
pub mod ws;

use std::cell::RefCell;

use wasm_bindgen::JsValue;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("CallReady runs in a browser window")
}

/// `location.pathname`.
pub fn path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Loads another page of the app.
pub fn go_to(path: &str) {
    let _ = window().location().assign(path);
}

thread_local! {
    /// The origin the test's calls go to (see [`set_api_origin`]); empty: this page's.
    static API_ORIGIN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sends the test's calls — every [`api_url`], [`ws_url`] and [`api_place`] —
/// to `origin` (`https://eu.callready.example.com`): the node of the region the test
/// runs in (see [`crate::region`]). `""`, or this page's own origin, sends them here.
pub fn set_api_origin(origin: &str) {
    let origin = origin.trim_end_matches('/');
    let own = window().location().origin().unwrap_or_default();
    let origin = if origin == own { "" } else { origin };
    API_ORIGIN.with_borrow_mut(|current| origin.clone_into(current));
}

/// `path` (`/api/ping`) on the API origin: the path as it is while that origin is
/// this page's own.
pub fn api_url(path: &str) -> String {
    API_ORIGIN.with_borrow(|origin| format!("{origin}{path}"))
}

/// Where the API origin is.
pub struct ApiPlace {
    /// `https:` (so `wss:` for sockets).
    pub secure: bool,
    /// Its host name (an IPv6 address in brackets).
    pub host_name: String,
    /// Its host name and port, as a URL writes them (`eu.example.com:8443`).
    pub host: String,
    /// Its port when the URL names one.
    pub port: Option<u16>,
}

pub fn api_place() -> ApiPlace {
    let other = API_ORIGIN.with_borrow(|origin| (!origin.is_empty()).then(|| web_sys::Url::new(origin).ok()).flatten());
    let (protocol, host_name, host, port) = match other {
        Some(url) => (url.protocol(), url.hostname(), url.host(), url.port()),
        None => {
            let here = window().location();
            let part = |value: Result<String, JsValue>| value.unwrap_or_default();
            (part(here.protocol()), part(here.hostname()), part(here.host()), part(here.port()))
        }
    };
    ApiPlace { secure: protocol == "https:", host_name, host, port: port.parse().ok() }
}

/// Absolute `ws:`/`wss:` URL for a path on the API origin.
pub fn ws_url(path: &str) -> String {
    let place = api_place();
    let scheme = if place.secure { "wss" } else { "ws" };
    format!("{scheme}://{}{path}", place.host)
}

/// An IPv6 address in brackets, as a URL writes it (`location.hostname` already
/// has them); anything else as it is.
pub fn bracketed(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// Random hex from the browser's CSPRNG; where it fails, from `Math.random` and
/// the clock. Never all zeros: run ids tell retried saves apart from new runs, so
/// two agents with the same id would lose one run.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    let filled = window().crypto().is_ok_and(|crypto| crypto.get_random_values_with_u8_array(&mut buf).is_ok());
    if !filled {
        let clock = js_sys::Date::now() as u64;
        for (i, byte) in buf.iter_mut().enumerate() {
            let noise = (js_sys::Math::random() * 256.0) as u64;
            *byte = (noise ^ (clock >> ((i % 8) * 8))) as u8;
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A property of a JS object, if present and not `undefined`.
pub fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

#[cfg(feature = "support-pages")]
/// Local date and time of a Unix timestamp in milliseconds, written the page
/// language's way.
pub fn local_time(unix_ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_ms as f64));
    String::from(date.to_locale_string(crate::i18n::lang().code(), &JsValue::UNDEFINED))
}

#[cfg(feature = "support-pages")]
pub fn print_page() {
    let _ = window().print();
}

/// `localStorage`, where a run waits until the server has it.
pub mod stash {
    fn storage() -> Option<web_sys::Storage> {
        super::window().local_storage().ok().flatten()
    }

    pub fn put(key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    pub fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); false when the
/// browser offers no clipboard here (an insecure page, a frame without permission).
pub fn copy_text(text: &str) -> bool {
    let navigator = window().navigator();
    let Some(clipboard) = property(&navigator, "clipboard") else { return false };
    let Some(write) = property(&clipboard, "writeText") else { return false };
    let write: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(write);
    write.call1(&clipboard, &JsValue::from_str(text)).is_ok()
}
