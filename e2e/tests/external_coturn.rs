//! An operator points CallReady at a coturn fleet instead of the built-in TURN
//! server: the page gets coturn's URLs and REST credentials (our secret = coturn's
//! `static-auth-secret`) from `/api/config`, gathers relays through coturn and reaches
//! the echo peer through them.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use callready_common::api::SessionView;
use callready_common::probes::ice::IceTransport;
use callready_e2e::{create_session, run_agent_test, Browser, BrowserSession, Server};
use callready_server::config::Config;
use callready_server::RunningServer;

const SECRET: &str = "fleet-secret";

struct Coturn {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_coturn() -> anyhow::Result<Coturn> {
    let dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = dir.path().join("coturn.log");
    let child = Command::new("turnserver")
        .args(["-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--realm=callready"])
        .arg(format!("--listening-port={port}"))
        .args(["--use-auth-secret", &format!("--static-auth-secret={SECRET}")])
        // Our echo peer listens on loopback here; in production coturn reaches its
        // public address, which needs no such option.
        .arg("--allow-loopback-peers")
        .args(["--no-tls", "--no-dtls", "--no-cli", "--simple-log", "--verbose"])
        .arg(format!("--log-file={}", log.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let coturn = Coturn { child, port, log, _dir: dir };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        anyhow::ensure!(Instant::now() < deadline, "coturn did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(coturn)
}

async fn page_reaches_coturn(browser: Browser) -> anyhow::Result<()> {
    let coturn = start_coturn()?;
    let dir = tempfile::tempdir()?;
    let p = coturn.port;
    let config = Config {
        no_turn: true,
        external_turn: vec![format!("turn:127.0.0.1:{p}?transport=udp"), format!("turn:127.0.0.1:{p}?transport=tcp")],
        external_turn_secret: Some(SECRET.into()),
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        ..Config::for_tests(&dir.path().join("callready.db"))
    };
    let server = Server { running: RunningServer::start(config).await?, dir };
    let code = create_session(&server, "coturn fleet").await?;
    let session = BrowserSession::open(browser).await?;
    run_agent_test(&session, &server, &code).await?;

    let stored: SessionView = reqwest::get(server.url(&format!("/api/sessions/{}", code.report))).await?.json().await?;
    let ice = &stored.runs[0].results.ice;
    println!(
        "[{}] through coturn: {:?}",
        browser.name(),
        ice.iter().map(|p| (p.transport, p.succeeded())).collect::<Vec<_>>()
    );
    for transport in [IceTransport::TurnUdp, IceTransport::TurnTcp] {
        let probe = ice.iter().find(|p| p.transport == transport).expect("probed");
        assert!(probe.succeeded(), "{transport:?} through coturn: {ice:?}");
        let pair = probe.connected.as_ref().expect("connected to the echo peer through coturn");
        assert_eq!(pair.local, callready_common::probes::ice::CandidateType::Relay, "{pair:?}");
    }
    let log = std::fs::read_to_string(&coturn.log)?;
    let allocations = log.matches("ALLOCATE processed, success").count();
    println!("[{}] coturn logged {allocations} successful allocations", browser.name());
    assert!(allocations >= 2, "coturn itself allocated the relays:\n{log}");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_reaches_coturn_as_external_turn() -> anyhow::Result<()> {
    page_reaches_coturn(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_reaches_coturn_as_external_turn() -> anyhow::Result<()> {
    page_reaches_coturn(Browser::Firefox).await
}
