//! Brands over HTTP: admins set them (`/api/brands/<id>`, the logo at
//! `/api/brands/<id>/logo`), every page reads the one it wears (`GET /api/brand`, and
//! a session's own in its view), and logos are served from `/brand/<id>/logo`.
//!
//! A logo is an image other people's browsers load from our origin, so an SVG is not
//! stored as uploaded: it is parsed and written again from an allowlist of shapes,
//! paint and text ([`sanitise_svg`]), which leaves no scripts, event handlers,
//! external references or foreign content; and it is served with a CSP that forbids
//! everything an image does not need.

use crate::api::Path;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use callready_common::brand::{brand_id, BrandSettings, BrandView, DEFAULT_BRAND, MAX_BRANDS, MAX_LOGO_BYTES};
use callready_common::validate::Invalid;

use crate::accounts::{admin_only, required};
use crate::api::JsonBody;
use crate::error::ApiError;
use crate::store::{BrandRow, Logo};
use crate::{now_ms, AppState};

const SVG: &str = "image/svg+xml";
const PNG: &str = "image/png";
/// Widest or tallest PNG logo, in pixels.
const MAX_PNG_SIDE: u32 = 2048;
/// Most XML nodes an SVG logo may have.
const MAX_SVG_NODES: u32 = 5_000;

/// How a page sees a stored brand.
pub fn view(row: &BrandRow) -> BrandView {
    BrandView {
        id: row.id.clone(),
        name: row.name.clone(),
        colour: row.colour.clone(),
        support: row.support.clone(),
        logo_url: row.logo_type.as_ref().map(|_| format!("/brand/{}/logo?v={}", row.id, row.updated_at_ms)),
    }
}

/// The brand a session's pages wear: its invite's (when that brand still exists),
/// else the deployment's, else none (CallReady's own look).
pub async fn effective(state: &AppState, invite_brand: Option<&str>) -> Result<Option<BrandRow>, ApiError> {
    if let Some(id) = invite_brand {
        if let Some(row) = state.store.brand(id).await? {
            return Ok(Some(row));
        }
    }
    Ok(state.store.brand(DEFAULT_BRAND).await?)
}

/// `GET /api/brand`: the deployment's brand, `null` when none is set.
pub async fn deployment(State(state): State<AppState>) -> Result<Json<Option<BrandView>>, ApiError> {
    Ok(Json(state.store.brand(DEFAULT_BRAND).await?.as_ref().map(view)))
}

/// `GET /api/brands`: every brand, for anyone signed in (invites name them).
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<BrandView>>, ApiError> {
    required(&state, &headers).await?;
    Ok(Json(state.store.brands().await?.iter().map(view).collect()))
}

/// `PUT /api/brands/<id>`: makes or changes a brand's name, colour and support line.
pub async fn put(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    JsonBody(settings): JsonBody<BrandSettings>,
) -> Result<Json<BrandView>, ApiError> {
    admin_only(&state, &headers).await?;
    let id = brand_id("id", &raw)?;
    let settings = settings.validated()?;
    if !state.store.put_brand(&id, &settings, now_ms()).await? {
        return Err(ApiError::invalid("id", format!("a deployment has at most {MAX_BRANDS} brands")));
    }
    stored(&state, &id).await
}

async fn stored(state: &AppState, id: &str) -> Result<Json<BrandView>, ApiError> {
    let row = state.store.brand(id).await?.ok_or_else(|| ApiError::NotFound("no brand has this id".into()))?;
    Ok(Json(view(&row)))
}

/// `DELETE /api/brands/<id>`.
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    admin_only(&state, &headers).await?;
    let id = brand_id("id", &raw)?;
    if state.store.remove_brand(&id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("no brand has this id".into()))
    }
}

/// `PUT /api/brands/<id>/logo`: the file itself as the body, `image/svg+xml` or
/// `image/png`, at most [`MAX_LOGO_BYTES`].
pub async fn put_logo(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    request: Request,
) -> Result<Json<BrandView>, ApiError> {
    admin_only(&state, &headers).await?;
    let id = brand_id("id", &raw)?;
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    let media_type = match media_type.as_deref() {
        Some(SVG) => SVG,
        Some(PNG) => PNG,
        _ => return Err(ApiError::UnsupportedMediaType),
    };
    let bytes = axum::body::to_bytes(request.into_body(), MAX_LOGO_BYTES).await.map_err(|_| ApiError::BodyTooLarge)?;
    let bytes = if media_type == SVG {
        sanitise_svg(&bytes).map_err(|reason| Invalid { field: "logo".into(), reason })?.into_bytes()
    } else {
        check_png(&bytes).map_err(|reason| Invalid { field: "logo".into(), reason })?;
        bytes.to_vec()
    };
    let logo = Logo { media_type: media_type.to_string(), bytes };
    if !state.store.set_brand_logo(&id, Some(&logo), now_ms()).await? {
        return Err(ApiError::NotFound("no brand has this id: save its name and colour first".into()));
    }
    stored(&state, &id).await
}

/// `DELETE /api/brands/<id>/logo`.
pub async fn remove_logo(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Json<BrandView>, ApiError> {
    admin_only(&state, &headers).await?;
    let id = brand_id("id", &raw)?;
    if !state.store.set_brand_logo(&id, None, now_ms()).await? {
        return Err(ApiError::NotFound("no brand has this id".into()));
    }
    stored(&state, &id).await
}

/// `GET /brand/<id>/logo`: public (agent pages show it), cached for a day (its URL
/// changes with each upload), and unable to run anything even if opened as a page.
pub async fn logo(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id = brand_id("id", &raw)?;
    let logo = state.store.brand_logo(&id).await?.ok_or_else(|| ApiError::NotFound("this brand has no logo".into()))?;
    let mut response = Bytes::from(logo.bytes).into_response();
    let headers = response.headers_mut();
    let media_type = if logo.media_type == SVG { SVG } else { PNG };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Ok(response)
}

/// A PNG's width and height, when the bytes start like a PNG of a sensible size.
pub fn check_png(bytes: &[u8]) -> Result<(u32, u32), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let refused = || "a PNG file (its header is not one)".to_string();
    if bytes.len() < 33 || !bytes.starts_with(SIGNATURE) || &bytes[12..16] != b"IHDR" {
        return Err(refused());
    }
    let side = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (width, height) = (side(16), side(20));
    if width == 0 || height == 0 || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE {
        return Err(format!("at most {MAX_PNG_SIDE}×{MAX_PNG_SIDE} pixels, got {width}×{height}"));
    }
    Ok((width, height))
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Elements a logo keeps: shapes, groups, paint servers, clipping and text. Not
/// `script`, `style`, `foreignObject`, `image`, `a`, animation or filters.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
];

/// Attributes a logo keeps: geometry and presentation (no event handlers, no
/// external references).
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "dx",
    "dy",
    "width",
    "height",
    "points",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "version",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "clip-path",
    "clip-rule",
    "mask",
    "style",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "visibility",
    "display",
    "vector-effect",
    "paint-order",
    "color",
];

/// Elements whose text is kept.
const TEXT_ELEMENTS: &[&str] = &["text", "tspan", "title", "desc"];

/// The SVG written again from [`ELEMENTS`] and [`ATTRIBUTES`]: any other element is
/// dropped with everything inside it, any other attribute dropped, links kept only
/// when they point inside the file (`#id`), paint only from inside the file
/// (`url(#id)`). A DTD (entities) is refused outright.
pub fn sanitise_svg(bytes: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "an SVG file in UTF-8".to_string())?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_SVG_NODES, ..Default::default() };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| format!("an SVG file that parses: {e}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err("an SVG file (its root element is not <svg> in the SVG namespace)".into());
    }
    let mut out = String::with_capacity(text.len());
    write_element(root, &mut out, 0)?;
    Ok(out)
}

/// Deepest nesting a logo may have (the writer recurses once per level).
const MAX_SVG_DEPTH: usize = 64;

fn write_element(node: roxmltree::Node, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_SVG_DEPTH {
        return Err(format!("an SVG nested at most {MAX_SVG_DEPTH} levels deep"));
    }
    let name = node.tag_name().name();
    out.push('<');
    out.push_str(name);
    if depth == 0 {
        out.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    for attribute in node.attributes() {
        let kept = match (attribute.namespace(), attribute.name()) {
            (None, "href") | (Some(XLINK_NS), "href") => attribute.value().starts_with('#').then_some("href"),
            (None, other) if ATTRIBUTES.contains(&other) && safe_value(attribute.value()) => Some(other),
            _ => None,
        };
        if let Some(kept) = kept {
            out.push(' ');
            out.push_str(kept);
            out.push_str("=\"");
            escape(attribute.value(), out);
            out.push('"');
        }
    }
    out.push('>');
    for child in node.children() {
        if child.is_element() {
            if child.tag_name().namespace() == Some(SVG_NS) && ELEMENTS.contains(&child.tag_name().name()) {
                write_element(child, out, depth + 1)?;
            }
        } else if child.is_text() && TEXT_ELEMENTS.contains(&name) {
            escape(child.text().unwrap_or_default(), out);
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// A value that cannot reach outside the file or run anything: every `url(` points
/// at `#id`, and nothing names a script scheme, an import or an expression.
fn safe_value(value: &str) -> bool {
    let lower: String = value.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let urls_internal = lower.match_indices("url(").all(|(at, _)| {
        let rest = lower[at + 4..].trim_start_matches(['"', '\'']);
        rest.starts_with('#')
    });
    urls_internal
        && !lower.contains("javascript:")
        && !lower.contains("expression(")
        && !lower.contains('@')
        && !lower.contains('\\')
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 40" onload="alert(1)">
  <title>Acme &amp; Co</title>
  <script>alert(2)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#0b57d0"/></linearGradient></defs>
  <circle cx="20" cy="20" r="18" fill="url(#g)" onclick="alert(3)"/>
  <rect width="10" height="10" fill="url(https://evil.example/x)" style="fill:red"/>
  <use href="#g" xlink:href="https://evil.example/sprite.svg#x"/>
  <a href="javascript:alert(4)"><path d="M0 0L1 1"/></a>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <image href="https://evil.example/track.png"/>
  <text x="1" style="background:url(//evil.example/t)">Acme</text>
</svg>"##;

    #[test]
    fn an_svg_logo_keeps_its_drawing_and_loses_scripts_handlers_and_outside_references() {
        let clean = sanitise_svg(LOGO.as_bytes()).unwrap();
        for gone in ["script", "alert", "onload", "onclick", "evil.example", "foreignObject", "<a", "<image", "xhtml"] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        for kept in [
            "viewBox=\"0 0 40 40\"",
            "<title>Acme &amp; Co</title>",
            "fill=\"url(#g)\"",
            "stop-color=\"#0b57d0\"",
            "<use href=\"#g\">",
            "style=\"fill:red\"",
            "<text x=\"1\">Acme</text>",
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
        // What it writes is itself an SVG that sanitises to the same text.
        assert_eq!(sanitise_svg(clean.as_bytes()).unwrap(), clean);
    }

    #[test]
    fn entities_other_roots_and_non_xml_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
            <svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(sanitise_svg(bomb.as_bytes()).is_err());
        let external = r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#;
        assert!(sanitise_svg(external.as_bytes()).is_err());
        assert!(sanitise_svg(b"<html><script>alert(1)</script></html>").is_err());
        assert!(sanitise_svg(b"<svg>no namespace</svg>").is_err());
        assert!(sanitise_svg(b"\xff\xfe<svg").is_err());
        let deep = format!("<svg xmlns=\"{SVG_NS}\">{}</svg>", "<g>".repeat(6000) + &"</g>".repeat(6000));
        assert!(sanitise_svg(deep.as_bytes()).is_err(), "more than {MAX_SVG_NODES} nodes");
        let nested = format!("<svg xmlns=\"{SVG_NS}\">{}</svg>", "<g>".repeat(100) + &"</g>".repeat(100));
        assert!(sanitise_svg(nested.as_bytes()).unwrap_err().contains("64 levels"));
    }

    #[test]
    fn a_png_is_read_from_its_header_and_bounded() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&120u32.to_be_bytes());
        png.extend_from_slice(&40u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(check_png(&png), Ok((120, 40)));
        let mut huge = png.clone();
        huge[16..20].copy_from_slice(&5000u32.to_be_bytes());
        assert!(check_png(&huge).unwrap_err().contains("5000"));
        assert!(check_png(b"GIF89a............................").is_err());
        assert!(check_png(&png[..20]).is_err());
    }
}
