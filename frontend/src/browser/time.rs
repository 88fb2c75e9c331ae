//! Monotonic time and timers.

use std::future::Future;

use futures::future::{select, Either};
use futures::FutureExt;
use wasm_bindgen_futures::JsFuture;

use super::window;

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Names this moment on the page's timeline (`performance.mark`), where the lab and
/// any browser's developer tools read it.
pub fn mark(name: &str) {
    use wasm_bindgen::JsCast;
    let Some(performance) = window().performance() else { return };
    let mark = js_sys::Reflect::get(&performance, &"mark".into()).ok();
    if let Some(mark) = mark.as_ref().and_then(|m| m.dyn_ref::<js_sys::Function>()) {
        let _ = mark.call1(&performance, &name.into());
    }
}

/// The network round trip of the request `response` answered, started at or after
/// `since_ms` ([`now_ms`]), as the browser's Resource Timing recorded it: from sending
/// the request to the response's first byte (`responseStart − requestStart`), free of
/// the page's own scheduling on either side (the server's own time stays in). The
/// entry is found by the response's URL, which is the request's when nothing
/// redirected. `None` when the browser gave no entry within [`ENTRY_WAIT_MS`] (its
/// buffer full, say), hides the timing (another origin without
/// `Timing-Allow-Origin` reads 0 for both), or the request was redirected.
pub async fn request_round_trip(response: &web_sys::Response, since_ms: f64) -> Option<f64> {
    let performance = window().performance()?;
    // The entry is made once the body has arrived, reported to the page as a
    // message of its own: read the body, then look until it shows.
    let _ = JsFuture::from(response.array_buffer().ok()?).await;
    let url = response.url();
    let read = || {
        let entries = performance.get_entries_by_name_with_entry_type(&url, "resource");
        let last = entries.get(entries.length().checked_sub(1)?);
        let at = |name: &str| js_sys::Reflect::get(&last, &name.into()).ok()?.as_f64();
        let (started, sent, first_byte) = (at("startTime")?, at("requestStart")?, at("responseStart")?);
        (started >= since_ms && sent > 0.0 && first_byte >= sent).then_some(first_byte - sent)
    };
    let give_up = now_ms() + ENTRY_WAIT_MS;
    loop {
        if let Some(ms) = read() {
            return Some(ms);
        }
        if now_ms() >= give_up {
            return None;
        }
        sleep(1).await;
    }
}

/// How long [`request_round_trip`] looks for the browser's entry.
pub const ENTRY_WAIT_MS: f64 = 50.0;

pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}

/// Runs `future` for at most `ms`; `None` when the time ran out.
pub async fn within<F: Future>(ms: u32, future: F) -> Option<F::Output> {
    match select(future.boxed_local(), sleep(ms).boxed_local()).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(_) => None,
    }
}
