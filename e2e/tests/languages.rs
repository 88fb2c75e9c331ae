//! The pages in the agent's language, in real browsers: a browser whose user
//! prefers French gets the agent page and its result in French; `?lng=ru` opens the
//! report in Russian (with decimal commas and Russian units) whatever language the
//! agent ran in; an invite's language beats the browser's; and the switcher's choice
//! beats everything, kept for the next page. The French run is made with the
//! keyboard alone.

use std::time::Duration;

use callready_common::i18n::{text, Lang};
use callready_e2e::{create_invite, run_agent_test_by_keyboard, Browser, BrowserSession, Server};
use thirtyfour::prelude::*;

async fn page_language(driver: &WebDriver) -> anyhow::Result<String> {
    Ok(driver.execute("return document.documentElement.lang;", vec![]).await?.convert()?)
}

async fn wait_for(driver: &WebDriver, by: By) -> anyhow::Result<WebElement> {
    Ok(driver.query(by).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?)
}

async fn languages(browser: Browser) -> anyhow::Result<()> {
    let server = Server::start_with(|c| c.bandwidth_seconds = 2).await?;
    let session = BrowserSession::open_in_language(browser, "fr-FR").await?;
    let driver = &session.driver;

    // French from the browser's languages: the page, then the result.
    // An invite for one run: afterwards its link says so, in French too.
    let invite = create_invite(&server, serde_json::json!({"label": "langues", "max_runs": 1})).await?;
    driver.goto(&server.url(&format!("/t/{}", invite.code))).await?;
    let start = wait_for(driver, By::Id("start")).await?;
    assert_eq!(page_language(driver).await?, "fr");
    assert_eq!(start.text().await?, text(Lang::Fr, "test-start"));
    assert_eq!(driver.find(By::Tag("h1")).await?.text().await?, text(Lang::Fr, "test-title"));
    // Run without a mouse: Tab reaches Start (past the skip link, the header's
    // links and the language switcher), each stop showing its focus, and Enter runs it.
    let (verdict, stops) = run_agent_test_by_keyboard(&session, &server.url(""), &invite.code).await?;
    assert_eq!(stops.first().map(String::as_str), Some("skip-link"), "{stops:?}");
    assert!(stops.contains(&"language".to_string()), "the switcher is on the way: {stops:?}");
    println!("[{}] keyboard: {}", browser.name(), stops.join(" → "));
    let banner = driver.find(By::Css("#verdict strong")).await?.text().await?;
    let expected = match verdict.as_str() {
        "ready" => "verdict-ready",
        "warnings" => "verdict-ready-with-warnings",
        _ => "verdict-not-ready",
    };
    assert_eq!(banner, text(Lang::Fr, expected));
    println!("[{}] French result: {banner}", browser.name());
    driver.goto(&server.url(&format!("/t/{}", invite.code))).await?;
    let closed = wait_for(driver, By::Id("link-closed")).await?.text().await?;
    assert!(closed.starts_with("Ce lien de test permettait 1 test, déjà effectué."), "{closed}");

    // The same run's report in Russian, from ?lng=ru.
    driver.goto(&server.url(&format!("/r/{}?lng=ru", invite.report))).await?;
    let run = wait_for(driver, By::Css("article.run")).await?;
    assert_eq!(page_language(driver).await?, "ru");
    // The requirement profile in the reader's language (the built-in profiles carry it).
    let page = driver.find(By::Tag("main")).await?.text().await?;
    assert!(page.contains("Звонки из браузера (по умолчанию)"), "{page}");
    let figures = run.find(By::Css("table.figures")).await?.text().await?;
    assert!(figures.contains(&text(Lang::Ru, "figure-https-round-trip")), "{figures}");
    // WebDriver reads no-break spaces as spaces.
    let decimal_ms = figures.split(" мс").any(|before| {
        before.rsplit(' ').next().is_some_and(|n| n.contains(',') && n.chars().all(|c| c.is_ascii_digit() || c == ','))
    });
    assert!(decimal_ms, "a duration with a decimal comma and Russian units: {figures}");
    // The PDF button asks for the report in the page's language.
    let pdf = driver.find(By::Id("report-pdf")).await?.attr("href").await?.unwrap_or_default();
    assert_eq!(pdf, format!("/r/{}.pdf?lng=ru", invite.report));
    println!("[{}] Russian figures: {}", browser.name(), figures.lines().take(3).collect::<Vec<_>>().join(" | "));

    // An invite in Italian opens in Italian in this French browser.
    let italian = create_invite(&server, serde_json::json!({"label": "lingua", "language": "it"})).await?;
    driver.goto(&server.url(&format!("/t/{}", italian.code))).await?;
    let start = wait_for(driver, By::Id("start")).await?;
    assert_eq!((page_language(driver).await?, start.text().await?), ("it".into(), text(Lang::It, "test-start")));

    // The switcher: English, now and on the next page.
    let switcher = driver.find(By::Id("language")).await?;
    switcher.find(By::Css("option[value=en]")).await?.click().await?;
    let mut tries = 0;
    while page_language(driver).await.unwrap_or_default() != "en" {
        tries += 1;
        anyhow::ensure!(tries < 100, "the page did not reload in English");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(wait_for(driver, By::Id("start")).await?.text().await?, "Start");
    driver.goto(&server.url(&format!("/t/{}", invite.code))).await?;
    wait_for(driver, By::Id("start")).await?;
    assert_eq!(page_language(driver).await?, "en", "the choice is kept");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_pages_follow_the_agent_s_language() -> anyhow::Result<()> {
    languages(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_pages_follow_the_agent_s_language() -> anyhow::Result<()> {
    languages(Browser::Firefox).await
}
