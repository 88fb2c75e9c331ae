//! Thin wrappers over the browser APIs the probes use, so probe code reads like the
//! measurement and not like web-sys plumbing.

pub mod http;
pub mod rtc;
pub mod time;
pub mod visibility;
pub mod ws;

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

/// Absolute `ws:`/`wss:` URL for a path on this server.
pub fn ws_url(path: &str) -> String {
    let location = window().location();
    let scheme = if location.protocol().unwrap_or_default() == "https:" { "wss" } else { "ws" };
    format!("{scheme}://{}{path}", location.host().unwrap_or_default())
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

pub fn host_name() -> String {
    window().location().hostname().unwrap_or_default()
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
