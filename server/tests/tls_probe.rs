//! The TLS listener of the TLS inspection check (`--tls-listen`), on the real
//! server: curl's ClientHello (OpenSSL) is told apart from a browser's, a page's
//! probe is recorded under its token and read back, the agent page may fetch it, and
//! a self-signed certificate is said.

use std::path::Path;

use callready_common::api::{ClientConfig, ProbeHeard, TLS_PROBE_PATH};
use callready_common::tls_hello::TlsFamily;
use callready_server::RunningServer;
use serde_json::Value;
use tokio::process::Command;
use tokio_rustls::rustls;

mod support;

/// A certificate for `localhost`, written as the operator's PEM files.
fn write_certificate(dir: &Path) -> rustls::pki_types::CertificateDer<'static> {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.join("cert.pem"), certified.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), certified.signing_key.serialize_pem()).unwrap();
    certified.cert.der().clone()
}

async fn server_with_tls_listener(dir: &Path, certificate: bool) -> RunningServer {
    RunningServer::start_for_tests(dir, |c| {
        c.tls_listen = Some("127.0.0.1:0".parse().unwrap());
        if certificate {
            c.tls_cert = Some(dir.join("cert.pem"));
            c.tls_key = Some(dir.join("key.pem"));
        }
    })
    .await
    .unwrap()
}

/// `/api/config` as a page on `localhost` gets it.
async fn page_config(server: &RunningServer) -> ClientConfig {
    let client = reqwest::Client::new();
    let request = client.get(server.url("/api/config")).header("host", format!("localhost:{}", server.addr.port()));
    request.send().await.unwrap().json().await.unwrap()
}

async fn curl(args: &[&str]) -> Value {
    let out = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "10"])
        .args(args)
        .output()
        .await
        .expect("curl (installed by `cargo xtask test`)");
    assert!(out.status.success(), "curl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test]
async fn curl_s_hello_is_not_a_browser_s_and_a_via_header_is_proxy_evidence() {
    let dir = tempfile::tempdir().unwrap();
    write_certificate(dir.path());
    let server = server_with_tls_listener(dir.path(), true).await;
    let plan = page_config(&server).await.tls_probe.expect("the TLS listener is offered");
    assert!(!plan.self_signed, "the operator's certificate is used");
    assert!(plan.origin.starts_with("https://localhost:"), "on the page's host name: {}", plan.origin);

    let cafile = dir.path().join("cert.pem");
    let via = "Via: 1.1 gw.corp.example (squid/5.7)";
    let url = format!("{}/api/whoami", plan.origin);
    let seen = curl(&["--cacert", cafile.to_str().unwrap(), "-H", via, &url]).await;
    println!("curl on the TLS listener: {seen}");
    assert_eq!(seen["tls"]["family"], "other", "OpenSSL is neither Chromium nor Firefox: {seen}");
    assert!(seen["tls"]["summary"].as_str().unwrap().starts_with("TLS 1.3"), "{seen}");
    assert_eq!(seen["path"]["proxy"]["product"], "squid/5.7");
    assert!(seen["client_prefix"].as_str().unwrap().starts_with("127.0.0."), "anonymised: {seen}");

    // The main listener is plain HTTP here (TLS, when there is any, is the reverse proxy's).
    let plain = curl(&["-H", via, &server.url("/api/whoami")]).await;
    assert!(plain["tls"].is_null(), "{plain}");
    assert_eq!(plain["path"]["proxy"]["product"], "squid/5.7");
}

/// A minimal HTTPS GET that trusts `root`, returning the status line.
async fn get_over_tls(origin: &str, path: &str, root: rustls::pki_types::CertificateDer<'static>) -> String {
    let port: u16 = origin.rsplit(':').next().unwrap().parse().unwrap();
    let tls = support::tls_to_localhost(port, root).await;
    support::status_line(tls, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")).await
}

#[tokio::test]
async fn a_page_s_probe_is_recorded_under_its_token_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = write_certificate(dir.path());
    let server = server_with_tls_listener(dir.path(), true).await;
    let config = page_config(&server).await;
    let plan = config.tls_probe.expect("offered");
    let token = config.probe_token;
    let heard = |token: String| {
        let url = server.url(&format!("/api/probe/{token}"));
        async move { reqwest::get(url).await.unwrap().json::<ProbeHeard>().await.unwrap() }
    };
    assert_eq!(heard(token.clone()).await.tls, None, "nothing before the probe");

    let answered = get_over_tls(&plan.origin, &format!("{TLS_PROBE_PATH}{token}"), root.clone()).await;
    assert_eq!(answered, "HTTP/1.1 204 No Content");
    let seen = heard(token.clone()).await;
    let hello = seen.tls.expect("the handshake was recorded under the token");
    assert_eq!(hello.family, TlsFamily::Other, "rustls is no browser: {hello:?}");
    assert!(seen.public.seen.iter().any(|s| s.via == "HTTPS"), "its address counts as HTTPS: {:?}", seen.public);

    // An unknown token is answered alike, and records nothing anywhere.
    let unknown = "0".repeat(32);
    assert_eq!(
        get_over_tls(&plan.origin, &format!("{TLS_PROBE_PATH}{unknown}"), root).await,
        "HTTP/1.1 204 No Content"
    );
    assert_eq!(reqwest::get(server.url(&format!("/api/probe/{unknown}"))).await.unwrap().status(), 404);

    // The agent page may fetch the listener, and only it beyond its own origin.
    let client = reqwest::Client::new();
    let created: Value = client
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let page = client
        .get(server.url(&format!("/t/{}", created["code"].as_str().unwrap())))
        .header("host", format!("localhost:{}", server.addr.port()))
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    let connect = csp.split(';').map(str::trim).find(|d| d.starts_with("connect-src")).unwrap();
    assert_eq!(connect, format!("connect-src 'self' {}", plan.origin));
}

#[tokio::test]
async fn a_self_signed_listener_is_said_to_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_tls_listener(dir.path(), false).await;
    let plan = page_config(&server).await.tls_probe.expect("offered");
    assert!(plan.self_signed, "browsers refuse it: the page is told");
    let other = tempfile::tempdir().unwrap();
    let without = RunningServer::start_for_tests(other.path(), |_| {}).await.unwrap();
    assert_eq!(page_config(&without).await.tls_probe, None, "off unless --tls-listen");
}
