//! Brands over HTTP against a real server: only admins change them; a colour white
//! text cannot be read on is refused; an SVG logo is served sanitised and unable to
//! run anything; logos are bounded in size and type; an invite wears its brand (and
//! the deployment's when it names none) in its session view and in its PDF, logo
//! included; a deployment keeps a bounded number of brands.

mod signed_in;

use callready_server::store::Role;
use callready_server::RunningServer;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use signed_in::{add_user, cookie_of, run_body, send};

async fn put_logo(
    server: &RunningServer,
    cookie: &str,
    id: &str,
    media_type: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let answer = reqwest::Client::new()
        .put(server.url(&format!("/api/brands/{id}/logo")))
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, media_type)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A real PNG, `width`×`height`, one flat colour, its pixels in a stored (not
/// compressed) zlib stream.
fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    // Each row: filter type 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0).chain((0..width).flat_map(|_| rgb)).collect();
    let raw = row.repeat(height as usize);
    assert!(raw.len() < 65_535, "one stored deflate block");
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    let len = raw.len() as u16;
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], ihdr), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(&data);
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    out
}

const SVG_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="fetch('/api/me')">
<script>document.cookie</script><circle cx="5" cy="5" r="4" fill="#0b57d0"/></svg>"##;

#[tokio::test]
async fn admins_brand_the_deployment_and_invites_and_pages_and_pdfs_wear_it() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "root", Role::Admin).await;
    add_user(dir.path(), "sam", Role::Support).await;
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let (root, sam) = (cookie_of(&server, "root").await, cookie_of(&server, "sam").await);
    let put = reqwest::Method::PUT;

    // Nobody set one yet: the pages look like CallReady.
    assert_eq!(send(&server, reqwest::Method::GET, "/api/brand", None, None).await, (StatusCode::OK, Value::Null));

    // Support reads brands (to name one in an invite) but does not change them.
    let acme = json!({"name": "Acme Voice", "colour": "#0B57D0", "support": "Acme IT: +33 1 23 45 67 89"});
    let (status, body) = send(&server, put.clone(), "/api/brands/acme", Some(&sam), Some(acme.clone())).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("admin_only")));
    let (status, _) = send(&server, put.clone(), "/api/brands/acme", None, Some(acme.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A yellow under white text fails WCAG AA: refused, with the ratio.
    let (status, body) =
        send(&server, put.clone(), "/api/brands/acme", Some(&root), Some(json!({"name": "Acme", "colour": "#ffcc00"})))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("1.51:1"), "{body}");

    let (status, body) = send(&server, put.clone(), "/api/brands/acme", Some(&root), Some(acme)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["name"].as_str(), body["colour"].as_str()), (Some("Acme Voice"), Some("#0b57d0")));
    let deployment = json!({"name": "Contoso Desk", "colour": "#6d28d9"});
    let (status, _) = send(&server, put.clone(), "/api/brands/default", Some(&root), Some(deployment)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = send(&server, reqwest::Method::GET, "/api/brands", Some(&sam), None).await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");

    // An SVG logo is stored sanitised and served so that it cannot run anything.
    let (status, body) = put_logo(&server, &root, "default", "image/svg+xml", SVG_LOGO.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let logo_url = body["logo_url"].as_str().unwrap().to_string();
    let served = reqwest::get(server.url(&logo_url)).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let csp = served.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"), "{csp}");
    let svg = served.text().await.unwrap();
    assert!(svg.contains("<circle") && !svg.contains("script") && !svg.contains("onload"), "{svg}");

    // Logos are bounded in size and type, and must be what they say.
    let (status, body) = put_logo(&server, &root, "acme", "image/png", vec![0; 70 * 1024]).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large")));
    let (status, _) = put_logo(&server, &root, "acme", "image/gif", b"GIF89a".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, body) = put_logo(&server, &root, "acme", "image/png", b"<svg/>".to_vec()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_field")));
    let (status, _) = put_logo(&server, &root, "nobody", "image/png", png(4, 2, [0, 0, 0])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = put_logo(&server, &root, "acme", "image/png", png(60, 20, [0x0b, 0x57, 0xd0])).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // An invite names a brand that exists, or is refused.
    let (status, body) =
        send(&server, reqwest::Method::POST, "/api/sessions", Some(&sam), Some(json!({"brand": "nope"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, branded) = send(
        &server,
        reqwest::Method::POST,
        "/api/sessions",
        Some(&sam),
        Some(json!({"brand": "acme", "label": "Acme pilot"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{branded}");
    let (_, plain) = send(&server, reqwest::Method::POST, "/api/sessions", Some(&sam), Some(json!({}))).await;

    // The agent's page reads its brand with the session: the invite's, else the deployment's.
    let code = branded["code"].as_str().unwrap();
    let (_, view) = send(&server, reqwest::Method::GET, &format!("/api/sessions/{code}"), None, None).await;
    assert_eq!(view["brand"]["name"], "Acme Voice");
    assert_eq!(view["brand"]["support"], "Acme IT: +33 1 23 45 67 89");
    assert!(view["brand"]["logo_url"].as_str().unwrap().starts_with("/brand/acme/logo?v="));
    let (_, view) =
        send(&server, reqwest::Method::GET, &format!("/api/sessions/{}", plain["code"].as_str().unwrap()), None, None)
            .await;
    assert_eq!(
        (view["brand"]["name"].as_str(), view["brand"]["colour"].as_str()),
        (Some("Contoso Desk"), Some("#6d28d9"))
    );

    // The PDF wears the invite's brand: its name, support line and PNG logo.
    let (status, saved) = send(
        &server,
        reqwest::Method::POST,
        &format!("/api/sessions/{code}/runs"),
        None,
        Some(run_body("run-branding-0001")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let report = branded["report_code"].as_str().unwrap();
    let pdf = reqwest::get(server.url(&format!("/r/{report}.pdf?lng=fr"))).await.unwrap().bytes().await.unwrap();
    let file = dir.path().join("branded.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext").arg(&file).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("Acme Voice") && text.contains("Acme IT: +33 1 23 45 67 89"), "{text}");
    assert!(!text.contains("CallReady"), "the brand replaces the product name: {text}");
    let images = std::process::Command::new("pdfimages").arg("-list").arg(&file).output().unwrap();
    let images = String::from_utf8_lossy(&images.stdout).to_string();
    assert!(images.lines().any(|l| l.contains(" 60 ") && l.contains(" 20 ")), "the 60×20 logo: {images}");

    // Without its brand, the invite wears the deployment's.
    let (status, _) = send(&server, reqwest::Method::DELETE, "/api/brands/acme", Some(&root), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, view) = send(&server, reqwest::Method::GET, &format!("/api/sessions/{code}"), None, None).await;
    assert_eq!(view["brand"]["name"], "Contoso Desk");
}

#[tokio::test]
async fn a_deployment_keeps_a_bounded_number_of_brands() {
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "root", Role::Admin).await;
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let root = cookie_of(&server, "root").await;
    let brand = json!({"name": "Brand", "colour": "#000000"});
    for n in 0..callready_common::brand::MAX_BRANDS {
        let (status, body) =
            send(&server, reqwest::Method::PUT, &format!("/api/brands/b{n}"), Some(&root), Some(brand.clone())).await;
        assert_eq!(status, StatusCode::OK, "{n}: {body}");
    }
    let (status, body) =
        send(&server, reqwest::Method::PUT, "/api/brands/one-more", Some(&root), Some(brand.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // An existing one still changes.
    let (status, _) = send(&server, reqwest::Method::PUT, "/api/brands/b0", Some(&root), Some(brand)).await;
    assert_eq!(status, StatusCode::OK);
}
