//! The frontend, embedded in the binary at build time from `frontend/dist`, served
//! with the SPA fallback for the page routes and long caching for hashed assets.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use callready_common::i18n::Lang;
use sha2::{Digest, Sha256};

#[derive(rust_embed::Embed)]
#[folder = "../frontend/dist"]
struct Dist;

/// The agent's app: the landing page, the test page and its embed.
const INDEX: &str = "index.html";
/// Support's app: the report, the console, sign-in, webhooks, branding.
const SUPPORT_INDEX: &str = "support/index.html";

/// Brotli (quality 11) versions of the text and wasm assets, made once per process
/// in the background: the wasm shrinks to about a third, with no per-request CPU.
/// Until they are ready, the compression middleware compresses on the fly.
static BROTLI: OnceLock<HashMap<String, Vec<u8>>> = OnceLock::new();

fn compressible(path: &str) -> bool {
    [".wasm", ".js", ".css", ".html", ".svg"].iter().any(|ext| path.ends_with(ext))
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("compressing into memory cannot fail");
    out
}

/// Compresses every compressible asset and every language's texts now (blocking).
pub fn precompress() {
    for lang in Lang::ALL {
        catalogue(lang);
    }
    BROTLI.get_or_init(|| {
        Dist::iter()
            .filter(|path| compressible(path))
            .filter_map(|path| Some((path.to_string(), brotli(&Dist::get(&path)?.data))))
            .collect()
    });
}

/// Starts [`precompress`] on a background thread.
pub fn precompress_in_background() {
    std::thread::spawn(precompress);
}

fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| coding.split(';').next().is_some_and(|c| c.trim() == "br") && !coding.contains("q=0"))
}

/// Which app serves a page route: the agent's, support's, or neither (`None`).
fn page_of(path: &str) -> Option<&'static str> {
    if matches!(path, "" | "t") || path.starts_with("t/") || path.starts_with("embed/t/") {
        Some(INDEX)
    } else if matches!(path, "r" | "login" | "console" | "console/webhooks" | "console/branding")
        || path.starts_with("r/")
        || path.starts_with("console/site/")
    {
        Some(SUPPORT_INDEX)
    } else {
        None
    }
}

pub fn frontend_built() -> bool {
    Dist::get(INDEX).is_some() && Dist::get(SUPPORT_INDEX).is_some()
}

fn file_response(path: &str, file: rust_embed::EmbeddedFile, headers: &HeaderMap) -> Response {
    let mime = file.metadata.mimetype().to_string();
    // Assets are named after their contents (`<name>-<hash>.<ext>` by Trunk, or in a
    // `pkg-<hash>/` folder for the agent's wasm): they never change, cache them forever.
    let cache = if path == INDEX || path == SUPPORT_INDEX { "no-cache" } else { "public, max-age=31536000, immutable" };
    let content_type = HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    if let Some(compressed) = BROTLI.get().and_then(|m| m.get(path)).filter(|_| accepts_brotli(headers)) {
        return (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
                (header::VARY, HeaderValue::from_static("accept-encoding")),
            ],
            compressed.clone(),
        )
            .into_response();
    }
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

/// The page for an invite in `lang` (`en`, `fr`, `it`, `ru`, already validated):
/// index.html whose root element says the language (`lang` and `data-invite-lang`),
/// so the page starts in it. Not precompressed (a page of about 1.4 KB; the
/// compression layer compresses it).
pub fn page_in_language(lang: &str) -> Response {
    let Some(index) = Dist::get(INDEX) else {
        return serve_missing();
    };
    let html = String::from_utf8_lossy(&index.data);
    let marked = html.replacen("<html lang=\"en\">", &format!("<html lang=\"{lang}\" data-invite-lang=\"{lang}\">"), 1);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        marked,
    )
        .into_response()
}

/// A language's catalogue as the page loads it, with its ETag; brotli (quality 11)
/// made once per language, by [`precompress`] at start-up (or by the first request
/// that comes before it).
struct Catalogue {
    text: &'static str,
    brotli: Vec<u8>,
    etag: String,
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static CATALOGUES: [OnceLock<Catalogue>; 4] = [const { OnceLock::new() }; 4];
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    CATALOGUES[index].get_or_init(|| {
        let text = lang.catalogue();
        let digest = Sha256::digest(text.as_bytes());
        let etag = format!("\"{}\"", digest[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
        Catalogue { text, brotli: brotli(text.as_bytes()), etag }
    })
}

/// `GET /locales/<lang>.ftl`: the texts of one language, which the page loads before
/// it shows anything (it carries none of its own, so the first load holds one
/// language, not four). Revalidated on each load (`no-cache` with an ETag), so the
/// page never reads texts older than the server's.
pub async fn locale(crate::api::Path(file): crate::api::Path<String>, headers: HeaderMap) -> Response {
    let Some(lang) = file.strip_suffix(".ftl").and_then(Lang::from_tag).filter(|l| file == format!("{}.ftl", l.code()))
    else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let catalogue = catalogue(lang);
    let etag = HeaderValue::from_str(&catalogue.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
        (header::ETAG, etag),
    ];
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim().trim_start_matches("W/") == catalogue.etag));
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let content_type = (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    if accepts_brotli(&headers) {
        let encoding = (header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        return (common, [content_type, encoding], catalogue.brotli.clone()).into_response();
    }
    (common, [content_type], catalogue.text).into_response()
}

fn serve_missing() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, "The CallReady page has not been built into this binary: run `cargo xtask run`.")
        .into_response()
}

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = Dist::get(path).filter(|_| !path.is_empty()) {
        return file_response(path, file, &headers);
    }
    if let Some(page) = page_of(path) {
        return match Dist::get(page) {
            Some(index) => file_response(page, index, &headers),
            None => serve_missing(),
        };
    }
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// `'sha256-…'` sources for every inline `<script>` of both apps' pages (their wasm
/// loaders, written by Trunk and by `cargo xtask build-frontend`), so the CSP can forbid all other inline script.
pub fn inline_script_hashes() -> Vec<String> {
    let mut hashes = Vec::new();
    for page in [INDEX, SUPPORT_INDEX] {
        if let Some(index) = Dist::get(page) {
            script_hashes(&String::from_utf8_lossy(&index.data), &mut hashes);
        }
    }
    hashes
}

fn script_hashes(html: &str, hashes: &mut Vec<String>) {
    let mut rest = html;
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
            let digest = Sha256::digest(&body_and_rest.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_rest[close..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_accepted_unless_refused() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_brotli(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0"));
        assert!(!with("gzip"));
        assert!(!with("br;q=0"));
        assert!(!with("brotli"));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    #[test]
    fn brotli_output_decompresses_to_the_input() {
        let input = b"CallReady ".repeat(1000);
        let packed = brotli(&input);
        assert!(packed.len() < input.len() / 10);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, input);
    }

    #[test]
    fn page_routes_go_to_the_agent_s_app_or_support_s_and_others_to_neither() {
        for path in ["", "t/7KQ2-M9XD-4TPA", "embed/t/7KQ2-M9XD-4TPA"] {
            assert_eq!(page_of(path), Some(INDEX), "{path}");
        }
        for path in ["r", "r/abc", "login", "console", "console/site/Lyon%202", "console/webhooks", "console/branding"]
        {
            assert_eq!(page_of(path), Some(SUPPORT_INDEX), "{path}");
        }
        for path in ["api/x", "favicon.ico", "ws/echo", "rx", "consoles", "console/other", "support"] {
            assert_eq!(page_of(path), None, "{path}");
        }
    }
}
