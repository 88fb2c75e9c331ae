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

/// The network round trip of the request to `url` (absolute, as the response names
/// it) started at or after `since_ms` ([`now_ms`]), as the browser's Resource Timing
/// recorded it: from sending the request to the response's first byte
/// (`responseStart − requestStart`), free of the page's own scheduling on either
/// side. `None` when the browser kept no entry (its buffer full) or hides the timing
/// (another origin without `Timing-Allow-Origin` reads 0 for both).
pub async fn request_round_trip(url: &str, since_ms: f64) -> Option<f64> {
    let performance = window().performance()?;
    let read = || {
        let entries = performance.get_entries_by_name(url);
        let last = entries.get(entries.length().checked_sub(1)?);
        let at = |name: &str| js_sys::Reflect::get(&last, &name.into()).ok()?.as_f64();
        let (started, sent, first_byte) = (at("startTime")?, at("requestStart")?, at("responseStart")?);
        (started >= since_ms && sent > 0.0 && first_byte >= sent).then_some(first_byte - sent)
    };
    // The entry is queued as the response completes, which may be a task after the
    // fetch resolved.
    match read() {
        Some(ms) => Some(ms),
        None => {
            sleep(0).await;
            read()
        }
    }
}

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
