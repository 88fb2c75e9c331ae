//! The test inside another site's page, in real browsers: a host page on another
//! origin (a loopback port of its own, as a vendor's agent desktop) frames
//! `/embed/t/<code>?autorun=1`; the test starts without a click and the host page
//! receives `ready`, `started`, `progress`, `check` and `finished`, whose verdict is
//! the one the server stored. A page on an origin nobody listed cannot frame it.
//! And a run during which the agent's tab was hidden is marked, not trusted.

use std::time::Duration;

use callready_e2e::{create_session, Browser, BrowserSession, Server};
use thirtyfour::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `page` to every request on a loopback port of its own; its origin.
async fn host_page(listener: tokio::net::TcpListener, page: String) -> anyhow::Result<()> {
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let page = page.clone();
            tokio::spawn(async move {
                let mut request = vec![0; 4096];
                let _ = stream.read(&mut request).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
                     connection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    Ok(())
}

/// An agent desktop that frames `src` and keeps every CallReady message it gets.
fn desktop(src: &str) -> String {
    format!(
        "<!doctype html><meta charset=utf-8><title>Agent desktop</title><h1>Agent desktop</h1>\
         <iframe id=callready src=\"{src}\" width=960 height=900></iframe>\
         <script>window.events = []; addEventListener('message', e => {{ \
           if (e.data && e.data.source === 'callready') window.events.push({{origin: e.origin, data: e.data}}); }});\
         </script>"
    )
}

async fn events(driver: &WebDriver) -> anyhow::Result<Vec<serde_json::Value>> {
    Ok(driver.execute("return window.events;", vec![]).await?.convert()?)
}

async fn framed_test(browser: Browser) -> anyhow::Result<()> {
    let allowed = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let allowed_origin = format!("http://{}", allowed.local_addr()?);
    let other_origin = format!("http://{}", other.local_addr()?);
    let listed = allowed_origin.clone();
    let server = Server::start_with(move |c| {
        c.bandwidth_seconds = 2;
        c.embed_origins = vec![listed];
    })
    .await?;
    let invite = create_session(&server, "embedded").await?;
    let src = server.url(&format!("/embed/t/{}?autorun=1", invite.code));
    host_page(allowed, desktop(&src)).await?;
    host_page(other, desktop(&src)).await?;

    let session = BrowserSession::open(browser).await?;
    let driver = &session.driver;
    driver.goto(&allowed_origin).await?;
    let mut seen = Vec::new();
    for _ in 0..1200 {
        seen = events(driver).await?;
        if seen.iter().any(|e| e["data"]["type"] == "finished") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let types: Vec<&str> = seen.iter().filter_map(|e| e["data"]["type"].as_str()).collect();
    println!("[{}] the host page got: {types:?}", browser.name());
    let server_origin = server.url("");
    assert!(seen.iter().all(|e| e["origin"] == server_origin.as_str()), "{seen:?}");
    assert_eq!(types.first(), Some(&"ready"), "{types:?}");
    assert_eq!(types.get(1), Some(&"started"), "autorun started the test without a click: {types:?}");
    assert_eq!(types.last(), Some(&"finished"), "{types:?}");
    let progress: Vec<u64> = seen.iter().filter_map(|e| e["data"]["percent"].as_u64()).collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]) && progress.last() == Some(&100), "{progress:?}");

    // The verdict and checks told are the ones the server stored.
    let stored: serde_json::Value =
        reqwest::get(server.url(&format!("/api/sessions/{}", invite.report))).await?.json().await?;
    let run = &stored["runs"][0];
    let finished = &seen.last().expect("events")["data"];
    assert_eq!(finished["verdict"], run["verdict"], "{finished} vs {run}");
    assert_eq!(finished["code"], invite.code.as_str());
    let report_url = finished["report_url"].as_str().unwrap_or_default();
    assert_eq!(report_url, server.url(&format!("/r/{}", invite.code)));
    let told: Vec<(String, String)> = seen
        .iter()
        .filter(|e| e["data"]["type"] == "check")
        .map(|e| (e["data"]["id"].as_str().unwrap_or("").into(), e["data"]["status"].as_str().unwrap_or("").into()))
        .collect();
    let kept: Vec<(String, String)> = run["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| (c["id"].as_str().unwrap_or("").into(), c["status"].as_str().unwrap_or("").into()))
        .collect();
    assert_eq!(told, kept);

    // Another origin: the browser refuses to show the page in its frame, and nothing
    // is posted to it.
    driver.goto(&other_origin).await?;
    let frame =
        driver.query(By::Id("callready")).wait(Duration::from_secs(10), Duration::from_millis(100)).first().await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    frame.enter_frame().await?;
    let inside: String =
        driver.execute("return document.URL + ' ' + !!document.getElementById('start');", vec![]).await?.convert()?;
    driver.enter_default_frame().await?;
    println!("[{}] the unlisted origin's frame holds: {inside}", browser.name());
    let shown = inside.starts_with(&server_origin) || inside.ends_with(" true");
    assert!(!shown, "the page showed in an unlisted origin's frame: {inside}");
    assert!(events(driver).await?.is_empty());
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_host_page_frames_the_test_and_hears_how_it_went() -> anyhow::Result<()> {
    framed_test(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_host_page_frames_the_test_and_hears_how_it_went() -> anyhow::Result<()> {
    framed_test(Browser::Firefox).await
}

/// The agent switches to another tab while the call is measured: the call quality
/// line says it was not measured reliably (a warning asking for a new run), and the
/// stored run says which checks ran hidden.
async fn hidden_tab(browser: Browser) -> anyhow::Result<()> {
    // An 8 s call stream (the tests' default is 3 s): the tab must be switched away
    // while it runs, and the checks beside it may take seconds on a loaded machine
    // before the live region names it (a CI run once switched after it had ended).
    let server = Server::start_with(|c| {
        c.bandwidth_seconds = 2;
        c.media_seconds = 8;
    })
    .await?;
    let invite = create_session(&server, "hidden tab").await?;
    let session = BrowserSession::open(browser).await?;
    let driver = &session.driver;
    driver.goto(&server.url(&format!("/t/{}", invite.code))).await?;
    let start = driver.query(By::Id("start")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    start.wait_until().enabled().await?;
    start.click().await?;
    driver
        .query(By::Css("li.probe.running[data-probe=call_quality]"))
        .wait(Duration::from_secs(60), Duration::from_millis(50))
        .first()
        .await?;
    // Screen readers hear which probe runs: the first of a group still running (the
    // reachability checks end within the call stream's first seconds).
    let mut heard = Vec::new();
    for _ in 0..100 {
        let live = driver.find(By::Id("progress-live")).await?.text().await?;
        if heard.last() != Some(&live) {
            heard.push(live.clone());
        }
        if live == "Testing Call quality…" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(heard.last().map(String::as_str), Some("Testing Call quality…"), "heard {heard:?}");
    let test_tab = driver.window().await?;
    let other_tab = driver.new_tab().await?;
    driver.switch_to_window(other_tab).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    driver.close_window().await?;
    driver.switch_to_window(test_tab).await?;
    let line = driver
        .query(By::Css("li.check[data-check=call_quality]"))
        .wait(Duration::from_secs(90), Duration::from_millis(100))
        .first()
        .await?;
    let text = line.find(By::ClassName("check-summary")).await?.text().await?;
    println!("[{}] call quality, measured in a hidden tab: {text}", browser.name());
    assert_eq!(line.attr("data-status").await?.as_deref(), Some("warn"), "{text}");
    assert!(text.starts_with("Not measured reliably: this tab was in the background"), "{text}");
    driver
        .query(By::Css("#save-status[data-state=saved]"))
        .wait(Duration::from_secs(30), Duration::from_millis(100))
        .first()
        .await?;
    // The box for IT carries the warning, ready to copy or mail.
    let it = driver.find(By::Css(".it-box .it-text")).await?.text().await?;
    assert!(it.contains("Call quality (warning): Not measured reliably"), "{it}");
    let mailto = driver.find(By::Css(".it-box a")).await?.attr("href").await?.unwrap_or_default();
    assert!(
        mailto.starts_with("mailto:?subject=CallReady%20test%20") && mailto.contains("Not%20measured%20reliably"),
        "{mailto}"
    );
    let live = driver.find(By::Id("progress-live")).await?.text().await?;
    assert!(live.starts_with("Test finished: "), "{live}");
    let stored: serde_json::Value =
        reqwest::get(server.url(&format!("/api/sessions/{}", invite.report))).await?.json().await?;
    let hidden = &stored["runs"][0]["results"]["hidden_during"];
    assert!(hidden.as_array().is_some_and(|h| h.contains(&"call_quality".into())), "{hidden}");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_a_run_in_a_hidden_tab_is_marked() -> anyhow::Result<()> {
    hidden_tab(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_a_run_in_a_hidden_tab_is_marked() -> anyhow::Result<()> {
    hidden_tab(Browser::Firefox).await
}
