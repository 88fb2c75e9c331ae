//! The frontend, embedded in the binary at build time from `frontend/dist`, served
//! with the SPA fallback for the page routes and long caching for hashed assets.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

#[derive(rust_embed::Embed)]
#[folder = "../frontend/dist"]
struct Dist;

const INDEX: &str = "index.html";

/// Page routes served by the single-page app.
fn is_page_route(path: &str) -> bool {
    matches!(path, "" | "r" | "t") || path.starts_with("t/") || path.starts_with("r/")
}

pub fn frontend_built() -> bool {
    Dist::get(INDEX).is_some()
}

fn file_response(path: &str, file: rust_embed::EmbeddedFile) -> Response {
    let mime = file.metadata.mimetype().to_string();
    // Trunk names assets `<name>-<hash>.<ext>`: they never change, cache them forever.
    let cache = if path == INDEX { "no-cache" } else { "public, max-age=31536000, immutable" };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        file.data.into_owned(),
    )
        .into_response()
}

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = Dist::get(path).filter(|_| !path.is_empty()) {
        return file_response(path, file);
    }
    if is_page_route(path) {
        return match Dist::get(INDEX) {
            Some(index) => file_response(INDEX, index),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The CallReady page has not been built into this binary: run `cargo xtask run`.",
            )
                .into_response(),
        };
    }
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// `'sha256-…'` sources for every inline `<script>` in index.html (Trunk's loader),
/// so the CSP can forbid all other inline script.
pub fn inline_script_hashes() -> Vec<String> {
    let Some(index) = Dist::get(INDEX) else {
        return Vec::new();
    };
    let html = String::from_utf8_lossy(&index.data);
    let mut hashes = Vec::new();
    let mut rest = html.as_ref();
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(body_and_rest[..close].as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_rest[close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_routes_are_the_spa_ones_only() {
        for path in ["", "r", "t/7KQ2-M9XD-4TPA", "r/abc"] {
            assert!(is_page_route(path), "{path}");
        }
        for path in ["api/x", "favicon.ico", "ws/echo", "rx"] {
            assert!(!is_page_route(path), "{path}");
        }
    }
}
