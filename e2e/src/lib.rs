//! Harness for real-browser tests: starts the CallReady server in-process on a
//! random loopback port with its own SQLite file, and a headless Chromium or Firefox
//! through its WebDriver (chromedriver / geckodriver started here, killed on drop).
//!
//! The browsers and drivers come from `cargo xtask test`, which installs them.

pub mod certs;
pub mod holdup;
pub mod lab;
pub mod linkemu;
pub mod netns;
pub mod squid;

pub use squid::InspectingProxy;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use callready_server::config::Config;
use callready_server::RunningServer;
use thirtyfour::common::capabilities::firefox::FirefoxPreferences;
use thirtyfour::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
        }
    }
}

/// The test run's certificate authority: test servers present a certificate it
/// signed for `localhost` and [`netns::TEST_HOST_NAME`], and test browsers trust it,
/// as agents' browsers trust a deployment's real certificate.
pub fn test_ca() -> &'static certs::TestCa {
    static CA: OnceLock<certs::TestCa> = OnceLock::new();
    CA.get_or_init(|| certs::TestCa::new(&["localhost", netns::TEST_HOST_NAME]).expect("a test certificate authority"))
}

/// Gives `config` the test CA's certificate for TURN over TLS.
pub fn with_test_certificate(config: &mut Config) {
    config.tls_cert = Some(test_ca().cert_pem.clone());
    config.tls_key = Some(test_ca().key_pem.clone());
}

/// With `CALLREADY_TEST_LOG=debug` (or info, trace…) the in-process server logs.
pub fn init_logging() {
    if let Some(level) = std::env::var("CALLREADY_TEST_LOG").ok().and_then(|l| l.parse().ok()) {
        callready_server::logging::init(level, false);
    }
}

/// A server with its own database folder.
pub struct Server {
    pub running: RunningServer,
    pub dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> anyhow::Result<Server> {
        Server::start_with(|_| {}).await
    }

    /// Starts with the test configuration changed by `configure`.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> anyhow::Result<Server> {
        init_logging();
        let dir = tempfile::tempdir()?;
        let running = RunningServer::start_for_tests(dir.path(), |config| {
            // Firefox connects TURN over TLS to a name only, never to a bare IP.
            config.turn_tls_host = Some("localhost".into());
            with_test_certificate(config);
            // The TLS inspection probe, which pages on `localhost` reach directly.
            config.tls_listen = Some("127.0.0.1:0".parse().expect("literal address"));
            configure(config);
        })
        .await?;
        if !callready_server::assets::frontend_built() {
            bail!("the server was built without the frontend: run `cargo xtask test`, which builds it first");
        }
        // Serve the precompressed assets, as the binary does once warmed up.
        tokio::task::spawn_blocking(callready_server::assets::precompress).await?;
        Ok(Server { running, dir })
    }

    pub fn url(&self, path: &str) -> String {
        self.running.url(path)
    }

    /// Everything the database holds: on SQLite every byte on disk (main file, WAL
    /// and shared memory), on PostgreSQL every row as text.
    pub async fn database_bytes(&self) -> anyhow::Result<Vec<u8>> {
        Ok(callready_server::store::Store::stored_bytes_for_tests(&self.dir.path().join("callready.db")).await?)
    }
}

/// A WebDriver process on a free loopback port, in a process group of its own that
/// the browser it starts joins; the whole group is killed when dropped, so a failed
/// test (which never reaches `quit`) leaves no browser behind to load the machine.
struct DriverProcess {
    child: Child,
    url: String,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        // The whole group: the driver and the browser it started.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub(crate) fn find_program(name: &str) -> anyhow::Result<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .with_context(|| format!("{name} is not installed: run `cargo xtask test`, which installs it"))
}

impl DriverProcess {
    /// Starts the driver (inside `net`'s namespace, listening on its address, when given).
    fn start(browser: Browser, log_dir: &Path, net: Option<&netns::BrowserNet>) -> anyhow::Result<DriverProcess> {
        let port = free_port()?;
        let log = std::fs::File::create(log_dir.join(format!("{}-driver.log", browser.name())))?;
        let host = net.map(|n| n.browser_ip.to_string()).unwrap_or_else(|| "127.0.0.1".into());
        let mut command = match net {
            Some(net) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", &net.name]);
                c
            }
            None => Command::new("env"),
        };
        match browser {
            Browser::Chromium => {
                // Chromium reads its trusted certificates from $HOME/.pki/nssdb.
                command.env("HOME", log_dir.join("home"));
                command.arg(find_program("chromedriver")?).arg(format!("--port={port}"));
                if let Some(net) = net {
                    command.arg(format!("--allowed-ips={}", net.host_ip));
                }
            }
            Browser::Firefox => {
                command.arg(find_program("geckodriver")?).args(["--host", &host, "--port", &port.to_string()]);
            }
        };
        let child = command.process_group(0).stdout(log.try_clone()?).stderr(log).stdin(Stdio::null()).spawn()?;
        let driver = DriverProcess { child, url: format!("http://{host}:{port}") };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect((host.as_str(), port)).is_err() {
            if Instant::now() > deadline {
                bail!("{} did not start listening on port {port}", browser.name());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

/// A headless browser session; `quit` it at the end of a test.
pub struct BrowserSession {
    pub driver: WebDriver,
    pub browser: Browser,
    _process: DriverProcess,
    _profile: tempfile::TempDir,
}

impl BrowserSession {
    /// Opens a browser for a test server on loopback: the one allowance real browsers
    /// lack is ICE over the loopback interface, where that server lives.
    pub async fn open(browser: Browser) -> anyhow::Result<BrowserSession> {
        Self::open_with_proxy(browser, None).await
    }

    /// Opens a browser that sends all its traffic, loopback included, through the
    /// HTTP proxy on `proxy_port`.
    pub async fn open_with_proxy(browser: Browser, proxy_port: Option<u16>) -> anyhow::Result<BrowserSession> {
        Self::open_with(browser, proxy_port, None, true).await
    }

    /// A browser behind a TLS-inspecting proxy, trusting the CA it re-signs with, as
    /// a company's IT installs it on the agents' computers.
    pub async fn open_behind_inspecting_proxy(
        browser: Browser,
        proxy: &InspectingProxy,
    ) -> anyhow::Result<BrowserSession> {
        let session =
            Self::open_with_trusting(browser, Some(proxy.port), None, true, Some(&proxy.ca_pem), None).await?;
        Ok(session)
    }

    /// Opens a browser inside `net`'s namespace that treats `origin` (plain HTTP on
    /// the test link) as a secure context, as an HTTPS deployment would be.
    pub async fn open_in(browser: Browser, net: &netns::BrowserNet, origin: &str) -> anyhow::Result<BrowserSession> {
        Self::open_with(browser, None, Some((net, Some(origin))), false).await
    }

    /// [`BrowserSession::open_in`] treating each of `origins` as a secure context (the
    /// nodes of a lab with several regions, as an HTTPS deployment's would be).
    pub async fn open_in_with_origins(
        browser: Browser,
        net: &netns::BrowserNet,
        origins: &[String],
    ) -> anyhow::Result<BrowserSession> {
        Self::open_with(browser, None, Some((net, Some(&origins.join(",")))), false).await
    }

    /// Opens a browser inside `net`'s namespace exactly as an agent runs it: no
    /// allowance of any kind (the page it loads must be a secure context by itself,
    /// e.g. `http://localhost`).
    pub async fn open_as_agent_in(browser: Browser, net: &netns::BrowserNet) -> anyhow::Result<BrowserSession> {
        Self::open_with(browser, None, Some((net, None)), false).await
    }

    async fn open_with(
        browser: Browser,
        proxy_port: Option<u16>,
        net: Option<(&netns::BrowserNet, Option<&str>)>,
        loopback_ice: bool,
    ) -> anyhow::Result<BrowserSession> {
        Self::open_with_trusting(browser, proxy_port, net, loopback_ice, None, None).await
    }

    /// A browser whose user prefers `language` (`fr`, `ru`…): what it sends in
    /// `Accept-Language` and reports in `navigator.languages`.
    pub async fn open_in_language(browser: Browser, language: &str) -> anyhow::Result<BrowserSession> {
        Self::open_with_trusting(browser, None, None, true, None, Some(language)).await
    }

    async fn open_with_trusting(
        browser: Browser,
        proxy_port: Option<u16>,
        net: Option<(&netns::BrowserNet, Option<&str>)>,
        loopback_ice: bool,
        inspecting_ca: Option<&Path>,
        language: Option<&str>,
    ) -> anyhow::Result<BrowserSession> {
        let profile = tempfile::tempdir()?;
        // Trust the test CA (and an inspecting proxy's, when the test has one), and
        // nothing else that a real browser would not.
        let nss_db = match browser {
            Browser::Chromium => profile.path().join("home/.pki/nssdb"),
            Browser::Firefox => profile.path().join("firefox"),
        };
        test_ca().trusted_by_nss_db(&nss_db)?;
        if let Some(ca) = inspecting_ca {
            certs::trust_in_nss_db(&nss_db, ca, "Company TLS inspection CA")?;
        }
        let process = DriverProcess::start(browser, profile.path(), net.map(|(n, _)| n))?;
        let driver = match browser {
            Browser::Chromium => {
                let mut caps = DesiredCapabilities::chrome();
                caps.set_binary(find_program("chromium")?.to_str().context("path")?)?;
                for arg in [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream",
                    "--window-size=1280,1000",
                ] {
                    caps.add_arg(arg)?;
                }
                if loopback_ice {
                    // The test network is loopback; Chromium leaves it out of ICE by default.
                    caps.add_arg("--allow-loopback-in-peer-connection")?;
                }
                caps.add_arg(&format!("--user-data-dir={}", profile.path().join("chromium").display()))?;
                if let Some((_, Some(origin))) = net {
                    caps.add_arg(&format!("--unsafely-treat-insecure-origin-as-secure={origin}"))?;
                }
                if let Some(language) = language {
                    caps.add_arg(&format!("--lang={language}"))?;
                    caps.add_experimental_option("prefs", serde_json::json!({ "intl.accept_languages": language }))?;
                }
                if let Some(port) = proxy_port {
                    caps.add_arg(&format!("--proxy-server=http://127.0.0.1:{port}"))?;
                    // Chromium bypasses proxies for loopback unless told not to.
                    caps.add_arg("--proxy-bypass-list=<-loopback>")?;
                }
                WebDriver::new(&process.url, caps).await?
            }
            Browser::Firefox => {
                let mut caps = DesiredCapabilities::firefox();
                caps.set_headless()?;
                // The profile holding the NSS database that trusts the test CA.
                caps.add_arg("-profile")?;
                caps.add_arg(nss_db.to_str().context("profile path")?)?;
                caps.set_firefox_binary(
                    find_program("firefox-esr").or_else(|_| find_program("firefox"))?.to_str().context("path")?,
                )?;
                let mut prefs = FirefoxPreferences::new();
                prefs.set("media.navigator.streams.fake", true)?;
                prefs.set("media.navigator.permission.disabled", true)?;
                prefs.set("network.captive-portal-service.enabled", false)?;
                if loopback_ice {
                    // The test network is loopback; Firefox leaves it out of ICE by default.
                    prefs.set("media.peerconnection.ice.loopback", true)?;
                }
                // Firefox hides host candidates behind mDNS names until a page holds a
                // microphone permission; this sandbox has no multicast to resolve them.
                // An agent's Firefox keeps them hidden: the echo peer must cope.
                let as_agent = matches!(net, Some((_, None)));
                if !as_agent {
                    prefs.set("media.peerconnection.ice.obfuscate_host_addresses", false)?;
                }
                prefs.set("app.update.enabled", false)?;
                if let Some(language) = language {
                    prefs.set("intl.accept_languages", language.to_string())?;
                }
                prefs.set("datareporting.policy.dataSubmissionEnabled", false)?;
                if let Some((_, Some(origins))) = net {
                    let hosts: Vec<&str> = origins
                        .split(',')
                        .map(|origin| {
                            origin.split("://").nth(1).unwrap_or(origin).split(':').next().unwrap_or_default()
                        })
                        .collect();
                    prefs.set("dom.securecontext.allowlist", hosts.join(","))?;
                    prefs.set("media.devices.insecure.enabled", true)?;
                    prefs.set("media.getusermedia.insecure.enabled", true)?;
                }
                if let Some(port) = proxy_port {
                    prefs.set("network.proxy.type", 1)?;
                    for scheme in ["http", "ssl"] {
                        prefs.set(&format!("network.proxy.{scheme}"), "127.0.0.1")?;
                        prefs.set(&format!("network.proxy.{scheme}_port"), port)?;
                    }
                    prefs.set("network.proxy.no_proxies_on", "")?;
                    prefs.set("network.proxy.allow_hijacking_localhost", true)?;
                }
                caps.set_preferences(prefs)?;
                let driver = WebDriver::new(&process.url, caps).await?;
                driver.set_window_rect(0, 0, 1280, 1000).await?;
                driver
            }
        };
        Ok(BrowserSession { driver, browser, _process: process, _profile: profile })
    }

    pub async fn quit(self) -> anyhow::Result<()> {
        self.driver.quit().await?;
        Ok(())
    }
}

/// A session's two codes: the agent's (runs the test) and the report's (reads every
/// run). It reads as the agent's code.
#[derive(Clone, Debug)]
pub struct Invite {
    pub code: String,
    pub report: String,
}

impl std::ops::Deref for Invite {
    type Target = str;
    fn deref(&self) -> &str {
        &self.code
    }
}

impl std::fmt::Display for Invite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)
    }
}

impl Invite {
    /// The codes in an answer to `POST /api/sessions`.
    pub fn from_answer(body: &serde_json::Value) -> anyhow::Result<Invite> {
        let code = body["code"].as_str().context("no code in answer")?.to_string();
        let report = body["report_code"].as_str().context("no report code in answer")?.to_string();
        Ok(Invite { code, report })
    }
}

/// Creates a session through the API and returns its codes.
pub async fn create_session(server: &Server, label: &str) -> anyhow::Result<Invite> {
    create_invite(server, serde_json::json!({ "label": label, "calls": 5 })).await
}

/// Creates a session with `settings` (the body of `POST /api/sessions`).
pub async fn create_invite(server: &Server, settings: serde_json::Value) -> anyhow::Result<Invite> {
    let body: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&settings)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Invite::from_answer(&body)
}

/// Creates a session under `profile` (the default one with `None`), runs the agent
/// test in `session` and returns the run as stored, with the verdict the page showed.
pub async fn run_stored(
    session: &BrowserSession,
    server: &Server,
    profile: Option<&str>,
) -> anyhow::Result<(callready_common::api::RunView, String)> {
    run_stored_at(session, server, &server.url(""), profile).await
}

/// [`run_stored`] with the page opened on `origin` (`http://localhost:<port>`: a
/// host name, as agents reach a deployment).
pub async fn run_stored_at(
    session: &BrowserSession,
    server: &Server,
    origin: &str,
    profile: Option<&str>,
) -> anyhow::Result<(callready_common::api::RunView, String)> {
    let invite = create_invite(server, serde_json::json!({ "profile": profile })).await?;
    let shown = run_agent_test_at(session, origin, &invite).await?;
    let mut stored: callready_common::api::SessionView =
        reqwest::get(server.url(&format!("/api/sessions/{}", invite.report))).await?.json().await?;
    anyhow::ensure!(!stored.runs.is_empty(), "the run was not stored");
    Ok((stored.runs.remove(0), shown))
}

/// Opens `/t/<code>`, presses Start and waits for the verdict and the saved state.
/// Returns the verdict shown on the page.
pub async fn run_agent_test(session: &BrowserSession, server: &Server, code: &str) -> anyhow::Result<String> {
    run_agent_test_at(session, &server.url(""), code).await
}

/// [`run_agent_test`] on the server at `origin`.
pub async fn run_agent_test_at(session: &BrowserSession, origin: &str, code: &str) -> anyhow::Result<String> {
    let start = open_agent_page(session, origin, code).await?;
    start.click().await?;
    agent_run_result(session).await
}

/// [`run_agent_test_at`] as an agent without a mouse: Tab from the top of the page
/// until the Start button has the focus (each stop must show its focus), then Enter.
/// Returns the verdict and the ids (or tags) the focus went through.
pub async fn run_agent_test_by_keyboard(
    session: &BrowserSession,
    origin: &str,
    code: &str,
) -> anyhow::Result<(String, Vec<String>)> {
    open_agent_page(session, origin, code).await?;
    let driver = &session.driver;
    let mut stops = Vec::new();
    for _ in 0..20 {
        driver.action_chain().send_keys(Key::Tab).perform().await?;
        let (stop, outline): (String, String) = driver
            .execute(
                "const e = document.activeElement; \
                 return [e.id || e.tagName.toLowerCase(), getComputedStyle(e).outlineStyle];",
                vec![],
            )
            .await?
            .convert()?;
        ensure!(outline != "none", "{stop} has the focus but shows no outline");
        stops.push(stop.clone());
        if stop == "start" {
            driver.action_chain().send_keys(Key::Enter).perform().await?;
            return Ok((agent_run_result(session).await?, stops));
        }
    }
    bail!("Tab never reached the Start button; it went through {stops:?}")
}

/// Opens the agent page of `code` and waits until its Start button can be pressed.
async fn open_agent_page(session: &BrowserSession, origin: &str, code: &str) -> anyhow::Result<WebElement> {
    let driver = &session.driver;
    let url = format!("{origin}/t/{code}");
    driver.goto(&url).await?;
    let mut start = None;
    for attempt in 0..2 {
        match driver.query(By::Id("start")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await {
            Ok(found) => {
                start = Some(found);
                break;
            }
            Err(err) if attempt == 0 => {
                // Say what the page held, then give a slow first load one more chance.
                let page = driver.source().await.unwrap_or_default();
                eprintln!("no Start button on {url} after 20 s ({err}); reloading. The page held:\n{page}");
                driver.goto(&url).await?;
            }
            Err(err) => bail!("no Start button on {url} after a reload: {err}"),
        }
    }
    let start = start.context("no Start button")?;
    start.wait_until().enabled().await?;
    Ok(start)
}

/// What loading the agent's page cost, from the browser's own resource timing.
#[derive(Debug, Clone)]
pub struct PageLoad {
    /// Bytes over the wire (headers and bodies as sent) of the page and the files it
    /// shows with: HTML, script, wasm, stylesheet, texts.
    pub page_bytes: f64,
    /// The same for the probes' module, fetched in the background before Start.
    pub probes_bytes: f64,
    /// The same for the API calls made before Start (session, settings, regions).
    pub api_bytes: f64,
    /// The page's files' bodies as received over decoded (below 1: compressed).
    pub compressed_to: f64,
    /// When Start could first be pressed, in milliseconds from the navigation.
    pub interactive_ms: f64,
}

/// Opens the agent page of `code` and reads what it loaded until Start could first be
/// pressed (the page's `performance.mark`, [`callready_common::api::INTERACTIVE_MARK`]).
pub async fn load_agent_page(session: &BrowserSession, origin: &str, code: &str) -> anyhow::Result<PageLoad> {
    open_agent_page(session, origin, code).await?;
    let script = "const mark = performance.getEntriesByName(arguments[0])[0]; \
         if (!mark) return null; \
         const nav = performance.getEntriesByType('navigation')[0]; \
         const files = performance.getEntriesByType('resource').filter(e => e.startTime <= mark.startTime) \
           .map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize]); \
         files.push([nav.name, nav.transferSize, nav.encodedBodySize, nav.decodedBodySize]); \
         return JSON.stringify([mark.startTime, files]);";
    let deadline = Instant::now() + Duration::from_secs(10);
    let text = loop {
        let answer = session.driver.execute(script, vec![callready_common::api::INTERACTIVE_MARK.into()]).await?;
        if let Some(text) = answer.json().as_str() {
            break text.to_string();
        }
        ensure!(
            Instant::now() < deadline,
            "Start is enabled but the page set no '{}' mark",
            callready_common::api::INTERACTIVE_MARK
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let (interactive_ms, files): (f64, Vec<(String, f64, f64, f64)>) = serde_json::from_str(&text)?;
    let mut load = PageLoad { page_bytes: 0.0, probes_bytes: 0.0, api_bytes: 0.0, compressed_to: 0.0, interactive_ms };
    let (mut encoded, mut decoded) = (0.0, 0.0);
    for (url, wire, body, plain) in files {
        if url.contains("/api/") {
            load.api_bytes += wire;
        } else if url.contains("/split_") {
            load.probes_bytes += wire;
        } else {
            load.page_bytes += wire;
            encoded += body;
            decoded += plain;
        }
    }
    load.compressed_to = encoded / f64::max(decoded, 1.0);
    Ok(load)
}

/// Waits for a started run's verdict and for the page to say it was saved.
async fn agent_run_result(session: &BrowserSession) -> anyhow::Result<String> {
    let driver = &session.driver;
    let verdict =
        driver.query(By::Id("verdict")).wait(Duration::from_secs(90), Duration::from_millis(200)).first().await?;
    let saved = driver
        .query(By::Css("#save-status[data-state='saved']"))
        .wait(Duration::from_secs(30), Duration::from_millis(200))
        .first()
        .await;
    if saved.is_err() {
        let status = match driver.find(By::Id("save-status")).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => "no save status shown".into(),
        };
        bail!("the run was not reported as saved: {status}");
    }
    Ok(verdict.attr("data-verdict").await?.unwrap_or_default())
}

/// A real HTTP proxy (Debian's tinyproxy) on a free loopback port that forwards
/// plain HTTP requests but refuses CONNECT to any port but 443, which is how many
/// corporate proxies break WebSocket: browsers tunnel WebSocket through CONNECT.
pub struct BlockingProxy {
    pub port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

impl BlockingProxy {
    pub fn start() -> anyhow::Result<BlockingProxy> {
        let dir = tempfile::tempdir()?;
        let port = free_port()?;
        let config = dir.path().join("tinyproxy.conf");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nConnectPort 443\nMaxClients 50\n\
                 LogLevel Info\nLogFile \"{}\"\n",
                dir.path().join("tinyproxy.log").display()
            ),
        )?;
        let child = Command::new(find_program("tinyproxy")?)
            .arg("-d")
            .arg("-c")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let proxy = BlockingProxy { port, child, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("tinyproxy did not start listening on port {port}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(proxy)
    }

    /// The proxy's log, to prove traffic really went through it.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("tinyproxy.log")).unwrap_or_default()
    }
}

impl Drop for BlockingProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Each row of the agent page's probe list takes the colour of the worst verdict line
/// it feeds: a failed or untested check never shows a green dot.
pub async fn rows_follow_their_checks(
    session: &BrowserSession,
    checks: &[callready_common::verdict::Check],
) -> anyhow::Result<()> {
    let rows = session.driver.find_all(By::Css("ul.probes li.probe")).await?;
    assert_eq!(rows.len(), 11, "one row per probe");
    for row in rows {
        let key = row.attr("data-probe").await?.unwrap_or_default();
        let class = row.attr("class").await?.unwrap_or_default();
        let fed: &[&str] = match key.as_str() {
            "browser" => &["browser", "computer"],
            "websocket" => &["websocket", "sip"],
            "bandwidth" => &["bandwidth", "loaded_latency"],
            "tcp_ports" => &["tcp_ports", "udp_ports", "domains"],
            "proxy" => &["proxy", "path_mtu"],
            other => &[other][..1],
        };
        let worst = checks.iter().filter(|c| fed.contains(&c.id.key())).map(|c| c.status).max();
        use callready_common::verdict::Status;
        let expected = match worst {
            Some(Status::Pass) => "pass",
            Some(Status::Unknown) => "unknown",
            Some(Status::NotRun) => "not-run",
            Some(Status::Warn) => "warn",
            Some(Status::Fail) => "fail",
            None => "not-offered",
        };
        // A probe that ran but fed no line (nothing to judge) is grey like one not offered.
        let grey = worst.is_none() && class == "probe done";
        assert!(class == format!("probe {expected}") || grey, "row {key}: {class}, expected {expected}");
    }
    Ok(())
}
