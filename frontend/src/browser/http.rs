//! `fetch` with a timeout, returning status and text; never from the browser's cache
//! unless [`get_text`] asks.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestInit, RequestMode, Response};

use super::time::within;
use super::window;

#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// The browser gave no response (refused, reset, blocked, offline).
    Network,
    Timeout,
}

pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends a request, with one more request header if given; with `body` it is JSON.
/// Never served from cache.
pub async fn send_with(
    method: &str,
    url: &str,
    body: Option<&str>,
    header: Option<(&str, &str)>,
    timeout_ms: u32,
) -> Result<Answer, HttpError> {
    let body = body.map(|text| (wasm_bindgen::JsValue::from_str(text), "application/json"));
    read(start_with(method, url, body, header, RequestCache::NoStore, timeout_ms).await?, timeout_ms).await
}

/// A GET that the browser's HTTP cache may answer (after revalidating, as the
/// server's headers say).
pub async fn get_text(url: &str, timeout_ms: u32) -> Result<Answer, HttpError> {
    read(start_with("GET", url, None, None, RequestCache::Default, timeout_ms).await?, timeout_ms).await
}

/// Sends a file (a `Blob`) as the body, with its media type.
#[cfg(feature = "support-pages")]
pub async fn send_file(
    method: &str,
    url: &str,
    file: &web_sys::Blob,
    media_type: &str,
    timeout_ms: u32,
) -> Result<Answer, HttpError> {
    let body = Some((wasm_bindgen::JsValue::from(file.clone()), media_type));
    read(start_with(method, url, body, None, RequestCache::NoStore, timeout_ms).await?, timeout_ms).await
}

async fn read(response: Response, timeout_ms: u32) -> Result<Answer, HttpError> {
    let text = match response.text() {
        Ok(promise) => within(timeout_ms, JsFuture::from(promise)).await.ok_or(HttpError::Timeout)?,
        Err(_) => return Err(HttpError::Network),
    };
    let body = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
    Ok(Answer { status: response.status(), body })
}

/// Sends a request and resolves when the response headers arrive (for timing).
pub async fn start(method: &str, url: &str, body: Option<&str>, timeout_ms: u32) -> Result<Response, HttpError> {
    let body = body.map(|text| (wasm_bindgen::JsValue::from_str(text), "application/json"));
    start_with(method, url, body, None, RequestCache::NoStore, timeout_ms).await
}

/// A request to another origin (a region's node, see [`crate::region`]) goes in
/// `cors` mode without cookies or credentials: the page is signed in nowhere, and
/// the nodes allow each other's pages without them.
pub fn across_origins(init: &RequestInit, url: &str) {
    if url.starts_with("https://") || url.starts_with("http://") {
        init.set_mode(RequestMode::Cors);
        init.set_credentials(RequestCredentials::Omit);
    }
}

/// Starts a request; `body` is the value to send and its media type.
async fn start_with(
    method: &str,
    url: &str,
    body: Option<(wasm_bindgen::JsValue, &str)>,
    header: Option<(&str, &str)>,
    cache: RequestCache,
    timeout_ms: u32,
) -> Result<Response, HttpError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_cache(cache);
    across_origins(&init, url);
    let controller = AbortController::new().ok();
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    if body.is_some() || header.is_some() {
        let headers = web_sys::Headers::new().map_err(|_| HttpError::Network)?;
        if let Some((_, media_type)) = &body {
            let _ = headers.set("content-type", media_type);
        }
        if let Some((name, value)) = header {
            let _ = headers.set(name, value);
        }
        init.set_headers(&headers);
    }
    if let Some((body, _)) = &body {
        init.set_body(body);
    }
    let promise = window().fetch_with_str_and_init(url, &init);
    match within(timeout_ms, JsFuture::from(promise)).await {
        Some(Ok(value)) => value.dyn_into::<Response>().map_err(|_| HttpError::Network),
        Some(Err(_)) => Err(HttpError::Network),
        None => {
            if let Some(controller) = controller {
                controller.abort();
            }
            Err(HttpError::Timeout)
        }
    }
}

/// Whether `url` answers at all: a `no-cors` GET, whose opaque answer shows that the
/// server was reached (nothing of it can be read, nor is needed). Never from cache.
/// A `no-cors` request must follow redirects (the Fetch standard refuses any other
/// mode), so a redirect to an origin the page's policy does not list fails.
pub async fn reach(url: &str, timeout_ms: u32) -> Result<(), HttpError> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::NoCors);
    init.set_cache(RequestCache::NoStore);
    let controller = AbortController::new().ok();
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    let promise = window().fetch_with_str_and_init(url, &init);
    match within(timeout_ms, JsFuture::from(promise)).await {
        Some(Ok(_)) => Ok(()),
        Some(Err(_)) => Err(HttpError::Network),
        None => {
            if let Some(controller) = controller {
                controller.abort();
            }
            Err(HttpError::Timeout)
        }
    }
}

/// A round trip, and whether the page's clock timed it ([`ping`]).
pub struct Timed {
    pub ms: f64,
    /// The browser gave no Resource Timing entry: timed from just before the request
    /// to its response, the page's own scheduling included.
    pub by_page: bool,
}

thread_local! {
    static PINGS_SENT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// `GET {origin}/api/ping` (no-store; `origin` empty for the page's own), timed by
/// the browser's Resource Timing ([`super::time::request_round_trip`]), else by the
/// page's clock. Each carries a number of its own in the page's life, so its timing
/// entry is its own.
pub async fn ping(origin: &str, timeout_ms: u32) -> Result<Timed, callready_common::probes::FetchFailure> {
    use callready_common::probes::FetchFailure;
    let n = PINGS_SENT.with(|sent| {
        sent.set(sent.get().wrapping_add(1));
        sent.get()
    });
    let url = format!("{}/api/ping?n={n}", origin.trim_end_matches('/'));
    let sent = super::time::now_ms();
    let response = start("GET", &url, None, timeout_ms).await.map_err(|e| match e {
        HttpError::Network => FetchFailure::Network,
        HttpError::Timeout => FetchFailure::Timeout,
    })?;
    let waited = super::time::now_ms() - sent;
    if !response.ok() {
        return Err(FetchFailure::Status { code: response.status() });
    }
    Ok(match super::time::request_round_trip(&response, sent).await {
        Some(ms) => Timed { ms, by_page: false },
        None => Timed { ms: waited, by_page: true },
    })
}
