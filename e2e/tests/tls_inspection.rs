//! TLS inspection: a real TLS-inspecting proxy (Squid with SSL-Bump, re-signing with
//! a CA of its own that the test browser trusts, as a company's computers do) in
//! front of the browser. The server's own TLS listener receives Squid's OpenSSL
//! handshake instead of the browser's, and the report says that a device decrypts
//! TLS. Then the same browser kind without the proxy: the handshake is its own, and
//! nothing is claimed.

use callready_common::tls_hello::TlsFamily;
use callready_common::verdict::{CheckId, Status};
use callready_e2e::{run_stored_at, Browser, BrowserSession, InspectingProxy, Server};

async fn inspection_is_detected_and_direct_tls_is_not(browser: Browser) -> anyhow::Result<()> {
    let server = Server::start_with(|c| c.bandwidth_seconds = 2).await?;
    let proxy = InspectingProxy::start()?;
    let session = BrowserSession::open_behind_inspecting_proxy(browser, &proxy).await?;
    // By name, as agents reach a deployment (the certificate names `localhost`).
    let origin = format!("http://localhost:{}", server.running.addr.port());
    let (run, shown) = run_stored_at(&session, &server, &origin, None).await?;
    for check in &run.checks {
        println!("[{}] behind squid ssl-bump: {:?} {:?}: {}", browser.name(), check.id, check.status, check.summary);
    }
    let tls = run.results.tls.as_ref().expect("the server has a TLS listener");
    let hello = tls.hello.as_ref().expect("a handshake reached the TLS listener");
    println!(
        "[{}] behind squid ssl-bump: verdict {shown}; handshake {hello:?}; run {:.1} s",
        browser.name(),
        run.results.duration_ms / 1000.0
    );
    assert_eq!(hello.family, TlsFamily::Other, "Squid's OpenSSL, not the browser: {hello:?}");
    let line = run.checks.iter().find(|c| c.id == CheckId::TlsInspection).expect("a TLS inspection line");
    assert_eq!(line.status, Status::Warn, "{}", line.summary);
    assert!(line.summary.english().starts_with("A device on your network decrypts TLS"), "{}", line.summary);
    assert!(
        line.fix.as_ref().map(|f| f.english()).as_deref().is_some_and(|f| f.contains("TLS inspection")),
        "{:?}",
        line.fix
    );
    assert!(line.it.as_ref().is_some_and(|it| it.english().contains(&format!("port {}", tls.port))), "{:?}", line.it);
    // Squid really decrypted the probe: it logged the request inside the tunnel.
    let log = proxy.access_log();
    let decrypted = format!("GET https://localhost:{}/api/tls-probe/", tls.port);
    assert!(log.contains(&decrypted), "squid's log shows the decrypted probe:\n{log}");
    // The page itself went through the proxy too, which the proxy line names.
    let named = run.checks.iter().find(|c| c.id == CheckId::Proxy).unwrap();
    assert!(named.summary.english().contains("squid/5.7"), "{}", named.summary);
    callready_e2e::rows_follow_their_checks(&session, &run.checks).await?;
    session.quit().await?;

    let direct = BrowserSession::open(browser).await?;
    let (run, _) = run_stored_at(&direct, &server, &origin, None).await?;
    let hello = run.results.tls.as_ref().and_then(|t| t.hello.clone()).expect("a handshake reached the listener");
    let line = run.checks.iter().find(|c| c.id == CheckId::TlsInspection).unwrap();
    println!(
        "[{}] direct: handshake {hello:?}; run {:.1} s; {:?}: {}",
        browser.name(),
        run.results.duration_ms / 1000.0,
        line.status,
        line.summary
    );
    let own = match browser {
        Browser::Chromium => TlsFamily::Chromium,
        Browser::Firefox => TlsFamily::Firefox,
    };
    assert_eq!(hello.family, own, "the browser's own stack");
    assert_eq!(line.status, Status::Pass, "{}", line.summary);
    direct.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_behind_a_tls_inspecting_proxy_is_told_so() -> anyhow::Result<()> {
    inspection_is_detected_and_direct_tls_is_not(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_behind_a_tls_inspecting_proxy_is_told_so() -> anyhow::Result<()> {
    inspection_is_detected_and_direct_tls_is_not(Browser::Firefox).await
}
