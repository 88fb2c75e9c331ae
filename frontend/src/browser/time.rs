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
