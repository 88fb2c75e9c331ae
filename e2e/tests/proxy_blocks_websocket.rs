//! A real proxy (tinyproxy) that forwards HTTP but refuses the CONNECT tunnel
//! browsers use for WebSocket: the page must still load and measure HTTPS, and the
//! verdict must say, in plain words and once, that a proxy or firewall blocks
//! WebSocket. The checks that need a WebSocket (SIP, the media path's signalling, the
//! call stream, latency under load) say they could not run because of it, instead of
//! sending IT to open UDP and TCP ports that are already open.

use std::time::Duration;

use callready_common::api::SessionView;
use callready_common::probes::ice::IceFailure;
use callready_common::probes::websocket::WsFailure;
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_e2e::{create_session, run_agent_test, BlockingProxy, Browser, BrowserSession, Server};
use thirtyfour::prelude::*;

/// The WebSocket line names the proxy the server saw on the page's requests.
const BLOCKED: &str = "A web proxy (tinyproxy/1.11.1) blocks WebSocket: calls cannot connect.";

async fn proxy_that_refuses_websocket_is_named(browser: Browser) -> anyhow::Result<()> {
    let server = Server::start_with(|c| c.bandwidth_seconds = 2).await?;
    let proxy = BlockingProxy::start()?;
    let code = create_session(&server, "Behind a proxy").await?;
    let session = BrowserSession::open_with_proxy(browser, Some(proxy.port)).await?;
    let shown = run_agent_test(&session, &server, &code).await?;

    let stored: SessionView = reqwest::get(server.url(&format!("/api/sessions/{}", code.report))).await?.json().await?;
    let run = &stored.runs[0];
    println!(
        "[{}] behind tinyproxy: verdict {:?}; https {} of {} answered; websocket {:?}; sip {:?}",
        browser.name(),
        run.verdict,
        run.results.https.rtt_ms.len(),
        run.results.https.attempts,
        run.results.websocket.failure,
        run.results.websocket.sip.failure
    );
    assert_eq!(run.results.https.rtt_ms.len(), 10, "plain HTTP goes through the proxy");
    assert_eq!(run.results.websocket.failure, Some(WsFailure::ConnectFailed));
    let ws = run.checks.iter().find(|c| c.id == CheckId::WebSocket).unwrap();
    assert_eq!((ws.status, ws.summary.english().as_str()), (Status::Fail, BLOCKED));
    assert!(
        ws.fix
            .as_ref()
            .map(|f| f.english())
            .as_deref()
            .is_some_and(|f| f.contains("through the proxy (tinyproxy/1.11.1)")),
        "{:?}",
        ws.fix
    );
    let path = run.results.path.as_ref().expect("the server's view of the path");
    let seen = path.proxy.as_ref().expect("tinyproxy's Via header was seen");
    assert_eq!(seen.product.as_deref(), Some("tinyproxy/1.11.1"));
    assert_eq!(path.headers_intact, Some(true), "tinyproxy passes the page's own headers");
    let line = run.checks.iter().find(|c| c.id == CheckId::Proxy).unwrap();
    assert_eq!(line.status, Status::Unknown, "shown, the WebSocket line being the failure: {}", line.summary);
    assert!(line.summary.english().contains("does not let WebSocket through"), "{}", line.summary);
    assert_eq!(run.verdict, Verdict::NotReady);
    assert_eq!(shown, "not-ready");
    for check in &run.checks {
        println!(
            "[{}] behind tinyproxy: {:?} {:?} {:?}: {}",
            browser.name(),
            check.id,
            check.status,
            check.blocked_by,
            check.summary
        );
    }
    // One cause, named once: everything that needs a WebSocket says so.
    for id in [CheckId::SipOverWebSocket, CheckId::Connectivity, CheckId::CallQuality, CheckId::LoadedLatency] {
        let line = run.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("a {id:?} line"));
        assert_eq!(
            (line.status, line.blocked_by),
            (Status::NotRun, Some(CheckId::WebSocket)),
            "{id:?}: {}",
            line.summary
        );
        assert!(line.fix.is_none(), "{id:?} sends IT nowhere else: {:?}", line.fix);
    }
    let fixes: Vec<String> = run.checks.iter().filter_map(|c| c.fix.as_ref().map(|f| f.english())).collect();
    assert!(fixes.iter().all(|f| !f.contains("3478") && !f.contains("5349")), "no TURN port is blamed: {fixes:?}");
    // STUN/TURN themselves answered through the proxy's network: the run shows it.
    let turn_udp = run.results.ice.iter().find(|p| p.transport == callready_common::probes::ice::IceTransport::TurnUdp);
    let turn_udp = turn_udp.expect("TURN over UDP was probed");
    assert!(turn_udp.gathered(), "a relay candidate was gathered: {turn_udp:?}");
    assert_eq!(turn_udp.failure, Some(IceFailure::Signalling), "{turn_udp:?}");
    callready_e2e::rows_follow_their_checks(&session, &run.checks).await?;

    let page = session.driver.find(By::Css("li.check[data-check='websocket']")).await?.text().await?;
    assert!(page.contains(BLOCKED), "{page}");

    let log = proxy.log();
    assert!(log.contains("/api/ping"), "the page's requests went through the proxy:\n{log}");
    assert!(log.contains("CONNECT"), "the browser tried to tunnel WebSocket:\n{log}");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_behind_proxy_that_refuses_websocket_is_told_why() -> anyhow::Result<()> {
    tokio::time::timeout(Duration::from_secs(240), proxy_that_refuses_websocket_is_named(Browser::Chromium)).await?
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_behind_proxy_that_refuses_websocket_is_told_why() -> anyhow::Result<()> {
    tokio::time::timeout(Duration::from_secs(240), proxy_that_refuses_websocket_is_named(Browser::Firefox)).await?
}
