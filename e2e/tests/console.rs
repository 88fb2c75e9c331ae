//! Support's console in a real browser, with sessions closed to anonymous callers:
//! an admin signs in, adds a webhook, brands the deployment (support's pages then
//! wear it), creates a site's invites from a CSV file of agents in a prospect's
//! brand (the agent's page and the report wear that one), one agent runs the test from the link, the webhook's receiver gets the
//! run and the delivery log says so, support finds the run by typing the code in
//! lower case without dashes, opens the site view and downloads the site's CSV,
//! whose content is checked.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use callready_common::brand::BrandSettings;
use callready_e2e::{run_agent_test_at, Browser, BrowserSession, Server};
use callready_server::store::{Role, Store};
use thirtyfour::prelude::*;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const PASSWORD: &str = "correct horse battery";

async fn wait_for(driver: &WebDriver, by: By) -> anyhow::Result<WebElement> {
    Ok(driver.query(by).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?)
}

/// A webhook receiver on loopback: keeps each body it is sent and answers 204.
async fn start_receiver() -> anyhow::Result<(String, Arc<Mutex<Vec<String>>>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks/callready", listener.local_addr()?);
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            let mut line = String::new();
            while reader.read_line(&mut line).await.is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                line.clear();
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_ok() {
                kept.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
                let _ = reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n").await;
            }
        }
    });
    Ok((url, bodies))
}

async fn console_flow(browser: Browser) -> anyhow::Result<()> {
    let server = Server::start_with(|c| {
        c.open_sessions = false;
        c.bandwidth_seconds = 2;
        c.webhook_allow = vec!["127.0.0.1".parse().expect("an address")];
    })
    .await?;
    let (receiver_url, received) = start_receiver().await?;
    let store = Store::for_tests(&server.dir.path().join("callready.db")).await?;
    let hash = callready_server::accounts::hash_password(PASSWORD).map_err(anyhow::Error::msg)?;
    store.add_user("lead", Role::Admin, &hash, callready_server::now_ms()).await?;
    // A brand sales made for a prospect; the site's invites will name it.
    let pilot = BrandSettings {
        name: "Pilot Telecom".into(),
        colour: "#1d6b3a".into(),
        support: Some("Pilot helpdesk: 555 0199".into()),
    };
    store.put_brand("pilot", &pilot, callready_server::now_ms()).await?;

    let session = BrowserSession::open(browser).await?;
    let driver = &session.driver;
    // The console sends a visitor without an account to sign in, then back.
    driver.goto(&server.url("/console")).await?;
    wait_for(driver, By::Id("login-name")).await?.send_keys("lead").await?;
    driver.find(By::Id("login-password")).await?.send_keys(PASSWORD).await?;
    driver.find(By::Id("login-submit")).await?.click().await?;
    wait_for(driver, By::Id("console-total")).await?;
    assert!(driver.current_url().await?.path().starts_with("/console"), "back in the console");

    // An admin adds a webhook: the server makes its secret and shows it once.
    wait_for(driver, By::Id("webhooks-link")).await?.click().await?;
    wait_for(driver, By::Id("no-webhooks")).await?;
    driver.find(By::Id("webhook-url")).await?.send_keys(&receiver_url).await?;
    driver.find(By::Id("webhook-add")).await?.click().await?;
    let secret = wait_for(driver, By::Css("#webhook-secret-made code")).await?.text().await?;
    assert!(secret.len() >= 16, "{secret}");
    let hook = wait_for(driver, By::Css("#webhooks tbody tr")).await?.text().await?;
    assert!(hook.contains(&receiver_url) && hook.contains("A run is stored"), "{hook}");

    // The deployment's brand: a colour white text cannot be read on is refused as it
    // is typed; a readable one is saved, and an SVG logo uploaded.
    driver.goto(&server.url("/console")).await?;
    wait_for(driver, By::Id("branding-link")).await?.click().await?;
    wait_for(driver, By::Css("#brands tr[data-brand=pilot]")).await?;
    driver.find(By::Id("brand-name")).await?.send_keys("Acme Voice").await?;
    let colour = driver.find(By::Id("brand-colour")).await?;
    colour.clear().await?;
    colour.send_keys("#ffcc00").await?;
    let contrast = driver.find(By::Id("brand-contrast")).await?;
    assert_eq!(contrast.class_name().await?.as_deref(), Some("contrast low"), "{}", contrast.text().await?);
    assert!(!driver.find(By::Id("brand-save")).await?.is_enabled().await?, "a failing colour cannot be saved");
    colour.clear().await?;
    colour.send_keys("#0b57d0").await?;
    assert_eq!(driver.find(By::Id("brand-contrast")).await?.class_name().await?.as_deref(), Some("contrast ok"));
    driver.find(By::Id("brand-support")).await?.send_keys("Acme IT: 555 0100").await?;
    driver.find(By::Id("brand-save")).await?.click().await?;
    wait_for(driver, By::Css("#brands tr[data-brand=default]")).await?;
    let logo = server.dir.path().join("logo.svg");
    std::fs::write(
        &logo,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" onload="alert(1)"><circle cx="4" cy="4" r="3" fill="#0b57d0"/></svg>"##,
    )?;
    driver.find(By::Id("brand-logo")).await?.send_keys(logo.to_string_lossy()).await?;
    wait_for(driver, By::Css("#brands tr[data-brand=default] img.logo-thumb")).await?;
    // The swatch shows the colour (set through the CSSOM: the policy forbids inline styles).
    let swatch: String = driver
        .execute(
            "return getComputedStyle(document.querySelector('tr[data-brand=default] .swatch')).backgroundColor;",
            vec![],
        )
        .await?
        .convert()?;
    assert_eq!(swatch, "rgb(11, 87, 208)");
    // Support's own pages wear the deployment's brand.
    driver.goto(&server.url("/console")).await?;
    let mark = wait_for(driver, By::Css("header .brand img")).await?;
    assert!(mark.attr("src").await?.unwrap_or_default().starts_with("/brand/default/logo?v="));
    assert_eq!(driver.find(By::Css("header .brand")).await?.text().await?, "Acme Voice");

    // The site's invites, from a CSV file of agents.
    driver.goto(&server.url("/console")).await?;
    wait_for(driver, By::Id("invite-label")).await?.send_keys("Onboarding").await?;
    driver.find(By::Id("invite-site")).await?.send_keys("Lyon").await?;
    wait_for(driver, By::Css("#invite-brand option[value=pilot]")).await?.click().await?;
    let file = server.dir.path().join("agents.csv");
    // As Excel saves it in French: a byte-order mark, semicolons, a heading in French.
    std::fs::write(&file, "\u{feff}Site;Nom\r\nLyon;Ana Lima\r\nLyon;\"Chen; Bo\"\r\n")?;
    driver.find(By::Id("invite-file")).await?.send_keys(file.to_string_lossy()).await?;
    let note = wait_for(driver, By::Id("invite-file-note")).await?.text().await?;
    assert_eq!(note, "2 agents read from agents.csv.");
    driver.find(By::Id("invite-submit")).await?.click().await?;
    wait_for(driver, By::Css("#invite-links tbody tr:nth-child(2)")).await?;
    let rows = driver.find_all(By::Css("#invite-links tbody tr")).await?;
    assert_eq!(rows.len(), 2);
    assert!(rows[1].text().await?.starts_with("Chen; Bo"));
    let cells = rows[0].find_all(By::Tag("td")).await?;
    assert_eq!(cells[0].text().await?, "Ana Lima");
    let code = cells[1].text().await?;
    let link = cells[2].text().await?;
    assert!(link.ends_with(&format!("/t/{code}")), "{link}");
    // The list above shows the new sessions without a reload.
    let mut tries = 0;
    while driver.find(By::Id("console-total")).await?.text().await? != "2 sessions" {
        tries += 1;
        anyhow::ensure!(tries < 100, "the session list did not show the new invites");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The agent runs the test from the link.
    let shown = run_agent_test_at(&session, &server.url(""), &code).await?;
    println!("[{}] the agent's run: {shown}", browser.name());
    // The agent's page wears the invite's brand: name, (no) logo, colour, title, support line.
    let worn: Vec<String> = driver
        .execute(
            "return [document.querySelector('header .brand').textContent, \
             String(!!document.querySelector('header .brand img')), \
             getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(), document.title, \
             (document.getElementById('support-line') || {}).textContent || ''];",
            vec![],
        )
        .await?
        .convert()?;
    assert_eq!(worn, ["Pilot Telecom", "false", "#1d6b3a", "Pilot Telecom", "Pilot helpdesk: 555 0199"]);

    // The webhook's receiver got the run, and the delivery log says it was delivered.
    driver.goto(&server.url("/console/webhooks")).await?;
    wait_for(driver, By::Id("deliveries-refresh")).await?;
    let mut tries = 0;
    while driver.find_all(By::Css("#deliveries .delivery-status.delivered")).await?.is_empty() {
        tries += 1;
        anyhow::ensure!(tries < 60, "no delivery shown as delivered");
        tokio::time::sleep(Duration::from_millis(500)).await;
        driver.find(By::Id("deliveries-refresh")).await?.click().await?;
    }
    let bodies = received.lock().unwrap().clone();
    assert!(bodies.iter().any(|b| b.contains("run_stored") && b.contains(&code)), "{bodies:?}");

    // Support: the code as read out over the phone.
    driver.goto(&server.url("/console")).await?;
    let search = wait_for(driver, By::Id("console-search")).await?;
    search.send_keys(code.to_lowercase().replace('-', "")).await?;
    driver.find(By::Id("console-search-submit")).await?.click().await?;
    let total = wait_for(driver, By::Id("console-total")).await?;
    assert_eq!(total.text().await?, "1 session");
    let row = driver.find(By::Css("table.sessions tbody tr")).await?;
    let text = row.text().await?;
    assert!(text.contains(&code) && text.contains("Lyon") && text.contains("Ana Lima"), "{text}");
    assert!(driver.current_url().await?.query().is_some_and(|q| q.starts_with("q=")), "the filter is in the URL");

    let signed_in = wait_for(driver, By::Id("signed-in-as")).await?.text().await?;
    assert_eq!(signed_in, "Signed in as lead (admin)");
    row.find(By::LinkText("Lyon")).await?.click().await?;
    let counts = wait_for(driver, By::Id("site-counts")).await?.text().await?;
    println!("[{}] site view: {}", browser.name(), counts.replace('\n', " "));
    // The agent's one run counts where its verdict says, and nowhere else.
    let counted = match shown.as_str() {
        "ready" => "1 ready",
        "warnings" => "1 with warnings",
        _ => "1 not ready",
    };
    let counts = counts.replace('\n', " ");
    let ones = counts.split(' ').filter(|w| *w == "1").count();
    assert!(counts.contains(counted) && counts.contains("1 not tested yet") && ones == 2, "{counts}");

    // The CSV the site view offers, fetched as the link would download it.
    let csv_link = wait_for(driver, By::Id("site-csv")).await?;
    let href = csv_link.attr("href").await?.unwrap_or_default();
    let fetched = driver
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));",
            vec![serde_json::Value::String(href)],
        )
        .await?;
    let csv: String = fetched.convert()?;
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("session_code,label,site,agent,profile,run,run_at_utc,verdict,"), "{csv}");
    assert_eq!(lines.len(), 2, "one run (the other agent has none): {csv}");
    assert!(lines[1].starts_with(&format!("\"{code}\",\"Onboarding\",\"Lyon\",\"Ana Lima\",\"default\",1,")), "{csv}");

    // Signed in, the agent's code opens the full report, with the link to share, in
    // the invite's brand.
    driver.goto(&server.url(&format!("/r/{code}"))).await?;
    wait_for(driver, By::Css("article.run")).await?;
    let caption = driver.find(By::Css(".report-head .caption")).await?.text().await?;
    assert_eq!(caption.to_lowercase(), "pilot telecom report");
    assert_eq!(driver.find(By::Css("header .brand")).await?.text().await?, "Pilot Telecom");
    let share = wait_for(driver, By::Id("report-link")).await?.text().await?;
    assert!(share.contains("/r/") && !share.contains(&code), "the report code, not the agent's: {share}");

    // Signing out ends the login: the console asks to sign in again.
    driver.goto(&server.url("/console")).await?;
    wait_for(driver, By::Id("sign-out")).await?.click().await?;
    wait_for(driver, By::Id("login-name")).await?;
    driver.goto(&server.url("/console")).await?;
    wait_for(driver, By::Id("login-name")).await?;
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_support_finds_a_site_s_run_in_the_console() -> anyhow::Result<()> {
    console_flow(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_support_finds_a_site_s_run_in_the_console() -> anyhow::Result<()> {
    console_flow(Browser::Firefox).await
}
