//! One well-behaved simulated agent: it runs the page's test again and again, each
//! step as the page takes it (its configuration, HTTP pings, a WebSocket echo, SIP
//! OPTIONS, a TURN allocation, a call to the echo peer, a download and an upload),
//! and saves each run in its own session. Any failure is an error of the soak.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use callready_common::api::{ClientConfig, IceProbePlan, SessionCreated};
use callready_common::probes::bandwidth::UploadReceipt;
use callready_common::probes::ice::IceTransport;
use callready_common::sip::{self, OptionsIds, SipMessage};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::call::call;
use crate::tally::AgentTally;

/// An agent starts a test at most this often: a page's test with a 3 s call takes
/// about 4 s, so an agent is busy about half the time.
pub const TEST_PERIOD: Duration = Duration::from_secs(10);
/// Longest any one step may take; a loaded machine is slow, not broken.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);
const DOWNLOAD_BYTES: u64 = 2_000_000;
const UPLOAD_BYTES: usize = 1_000_000;

/// A failed step of a test.
struct Failed {
    step: &'static str,
    error: anyhow::Error,
}

trait Step<T> {
    fn step(self, step: &'static str) -> Result<T, Failed>;
}

impl<T, E: Into<anyhow::Error>> Step<T> for Result<T, E> {
    fn step(self, step: &'static str) -> Result<T, Failed> {
        self.map_err(|error| Failed { step, error: error.into() })
    }
}

/// Runs `work` within [`STEP_TIMEOUT`].
async fn within<T>(work: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::time::timeout(STEP_TIMEOUT, work).await.map_err(|_| anyhow::anyhow!("no answer within {STEP_TIMEOUT:?}"))?
}

/// What one test measured, as the page would save it.
struct Measured {
    https_rtt_ms: Vec<f64>,
    ws_connect_ms: f64,
    ws_echo_rtt_ms: Vec<f64>,
    sip_rtt_ms: f64,
}

pub struct Agent {
    pub id: usize,
    http: reqwest::Client,
    base: String,
    /// The address this agent's TURN client sends from (see [`turn_address`]).
    turn_ip: Ipv4Addr,
    session: Option<String>,
    tests: u32,
    tally: Arc<AgentTally>,
}

/// Agents share 127.0.0.1 for HTTP and WebSockets (the server's flags raise those
/// limits for the soak), but TURN's per-address bounds are no flags: 16
/// unauthenticated requests a second from one address. Each agent's TURN client
/// sends from an address of its own in 127.1.0.0/16, as agents at home do.
fn turn_address(id: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 1, (id / 250) as u8, (id % 250 + 1) as u8)
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

impl Agent {
    pub fn new(id: usize, base: &str, tally: Arc<AgentTally>) -> anyhow::Result<Agent> {
        let http =
            reqwest::Client::builder().local_address(IpAddr::V4(Ipv4Addr::LOCALHOST)).timeout(STEP_TIMEOUT).build()?;
        Ok(Agent { id, http, base: base.into(), turn_ip: turn_address(id), session: None, tests: 0, tally })
    }

    /// Tests until `deadline`, one every [`TEST_PERIOD`] at most, the first after `delay`.
    pub async fn run(mut self, delay: Duration, deadline: Instant) {
        tokio::time::sleep(delay).await;
        while Instant::now() < deadline {
            let started = Instant::now();
            self.test_once().await;
            tokio::time::sleep_until((started + TEST_PERIOD).into()).await;
        }
    }

    /// One test, counted as passed or failed; the call's loss, when it ran, as its
    /// sent and echoed packets.
    pub async fn test_once(&mut self) -> Option<(u64, u64)> {
        self.tests += 1;
        let mut call_figures = None;
        match self.test(&mut call_figures).await {
            Ok(()) => self.tally.test_passed(),
            Err(Failed { step, error }) => {
                self.tally.error(format!("agent {} test {}: {step}: {error:#}", self.id, self.tests))
            }
        }
        call_figures
    }

    async fn test(&mut self, call_figures: &mut Option<(u64, u64)>) -> Result<(), Failed> {
        let started = Instant::now();
        let config = within(self.config()).await.step("GET /api/config")?;
        let token = config.probe_token.clone();
        let https_rtt_ms = within(self.pings(config.https_pings)).await.step("GET /api/ping")?;
        let (ws_connect_ms, ws_echo_rtt_ms) = within(self.echo(&token, config.ws_echoes)).await.step("/ws/echo")?;
        let sip_rtt_ms = within(self.sip_options()).await.step("SIP OPTIONS over /ws/echo")?;
        let turn = config.ice.iter().find(|plan| plan.transport == IceTransport::TurnUdp);
        let turn = turn.context("no TURN over UDP in /api/config").step("TURN allocation")?;
        within(self.turn_allocation(turn)).await.step("TURN allocation")?;
        self.tally.turn_allocation();
        let ws_rtc = format!("{}/ws/rtc", self.base.replacen("http", "ws", 1));
        let length = Duration::from_secs(config.media_seconds.into());
        let figures = call(&ws_rtc, length).await.step("call to the echo peer")?;
        self.tally.call(figures.sent, figures.echoed);
        *call_figures = Some((figures.sent, figures.echoed));
        within(self.download(&token)).await.step("GET /api/download")?;
        within(self.upload(&token)).await.step("POST /api/upload")?;
        let measured = Measured { https_rtt_ms, ws_connect_ms, ws_echo_rtt_ms, sip_rtt_ms };
        let code = match &self.session {
            Some(code) => code.clone(),
            None => within(self.create_session()).await.step("POST /api/sessions")?,
        };
        self.session = Some(code.clone());
        within(self.save_run(&code, &token, ms_since(started), measured)).await.step("POST /api/sessions/<code>/runs")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn config(&self) -> anyhow::Result<ClientConfig> {
        let response = self.http.get(self.url("/api/config")).send().await?.error_for_status()?;
        Ok(response.json().await?)
    }

    /// One unmeasured warm-up, then `count` timed pings.
    async fn pings(&self, count: u32) -> anyhow::Result<Vec<f64>> {
        let mut rtts = Vec::new();
        for i in 0..=count {
            let sent = Instant::now();
            let status = self.http.get(self.url("/api/ping")).send().await?.status();
            if status != reqwest::StatusCode::NO_CONTENT {
                bail!("answered {status}");
            }
            if i > 0 {
                rtts.push(ms_since(sent));
            }
        }
        Ok(rtts)
    }

    fn ws_url(&self, path: &str) -> String {
        format!("{}{path}", self.base.replacen("http", "ws", 1))
    }

    /// Connect time and the echo round trips of `count` text messages.
    async fn echo(&self, token: &str, count: u32) -> anyhow::Result<(f64, Vec<f64>)> {
        let started = Instant::now();
        let (mut ws, _) = tokio_tungstenite::connect_async(self.ws_url(&format!("/ws/echo?token={token}"))).await?;
        let connect_ms = ms_since(started);
        let mut rtts = Vec::new();
        for i in 0..count {
            let text = format!("echo {i}");
            let sent = Instant::now();
            ws.send(Message::text(text.clone())).await?;
            match ws.next().await {
                Some(Ok(Message::Text(reply))) if reply.as_str() == text => rtts.push(ms_since(sent)),
                other => bail!("echo {i} came back as {other:?}"),
            }
        }
        ws.close(None).await?;
        Ok((connect_ms, rtts))
    }

    async fn sip_options(&self) -> anyhow::Result<f64> {
        let mut request = self.ws_url("/ws/echo").into_client_request()?;
        request.headers_mut().insert("sec-websocket-protocol", sip::SUBPROTOCOL.parse()?);
        let (mut ws, _) = tokio_tungstenite::connect_async(request).await?;
        let n = self.tests;
        let ids = OptionsIds {
            instance: format!("soak{}", self.id),
            branch_suffix: format!("b{n}"),
            from_tag: format!("f{n}"),
            call_id: format!("soak-{}-{n}@callready.invalid", self.id),
        };
        let text = sip::options_request("127.0.0.1", &ids);
        let sent = Instant::now();
        ws.send(Message::text(text.clone())).await?;
        let Some(Ok(Message::Text(reply))) = ws.next().await else { bail!("no SIP answer") };
        let rtt = ms_since(sent);
        let status = sip::response_status_for(&SipMessage::parse(&text)?, &SipMessage::parse(reply.as_str())?);
        if status != Some(200) {
            bail!("answered {status:?}: {reply}");
        }
        ws.close(None).await?;
        Ok(rtt)
    }

    /// Allocates a relay with the page's REST credentials, then gives it back.
    async fn turn_allocation(&self, plan: &IceProbePlan) -> anyhow::Result<()> {
        let url = plan.ice_server.urls.first().context("a TURN URL")?;
        let server = url.strip_prefix("turn:").and_then(|rest| rest.split('?').next()).context("turn:host:port")?;
        server.parse::<SocketAddr>().with_context(|| format!("{url}: not an address and port"))?;
        let socket = tokio::net::UdpSocket::bind((self.turn_ip, 0)).await?;
        let client = turn::client::Client::new(turn::client::ClientConfig {
            stun_serv_addr: server.into(),
            turn_serv_addr: server.into(),
            username: plan.ice_server.username.clone().unwrap_or_default(),
            password: plan.ice_server.credential.clone().unwrap_or_default(),
            realm: String::new(),
            software: String::new(),
            rto_in_ms: 0,
            conn: Arc::new(socket),
            vnet: None,
        })
        .await?;
        client.listen().await?;
        let allocated = client.allocate().await;
        if let Ok(relay) = &allocated {
            use webrtc_util::Conn;
            // A Refresh with lifetime 0: the allocation ends now, not at its expiry.
            relay.close().await?;
        }
        client.close().await?;
        allocated.map(|_| ()).context("Allocate")
    }

    async fn download(&self, token: &str) -> anyhow::Result<()> {
        let url = self.url(&format!("/api/download?bytes={DOWNLOAD_BYTES}&token={token}"));
        let mut response = self.http.get(url).send().await?.error_for_status()?;
        let mut bytes = 0u64;
        while let Some(chunk) = response.chunk().await? {
            bytes += chunk.len() as u64;
        }
        if bytes != DOWNLOAD_BYTES {
            bail!("{bytes} bytes of {DOWNLOAD_BYTES}");
        }
        self.tally.moved(bytes);
        Ok(())
    }

    async fn upload(&self, token: &str) -> anyhow::Result<()> {
        let response = self
            .http
            .post(self.url(&format!("/api/upload?token={token}")))
            .header("content-type", "application/octet-stream")
            .body(vec![0u8; UPLOAD_BYTES])
            .send()
            .await?
            .error_for_status()?;
        let receipt: UploadReceipt = response.json().await?;
        if receipt.bytes != UPLOAD_BYTES as u64 {
            bail!("the server received {} bytes of {UPLOAD_BYTES}", receipt.bytes);
        }
        self.tally.moved(receipt.bytes);
        Ok(())
    }

    async fn create_session(&self) -> anyhow::Result<String> {
        let response = self
            .http
            .post(self.url("/api/sessions"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await?;
        if response.status() != reqwest::StatusCode::CREATED {
            bail!("answered {}: {}", response.status(), response.text().await.unwrap_or_default());
        }
        Ok(response.json::<SessionCreated>().await?.code)
    }

    async fn save_run(&self, code: &str, token: &str, duration_ms: f64, measured: Measured) -> anyhow::Result<()> {
        let body = json!({
            "client_run_id": format!("soak-{}-{}", self.id, self.tests),
            "probe_token": token,
            "results": {
                "duration_ms": duration_ms.min(119_000.0),
                "browser": {
                    "ua": {"family": "firefox", "major": 128, "os": "linux"},
                    "has_rtc_peer_connection": true,
                    "has_get_user_media": true,
                    "has_websocket": true,
                    "device_memory_gb": null,
                    "hardware_concurrency": 2
                },
                "https": {"rtt_ms": measured.https_rtt_ms, "attempts": measured.https_rtt_ms.len(), "failure": null},
                "websocket": {
                    "connect_ms": measured.ws_connect_ms,
                    "echo_rtt_ms": measured.ws_echo_rtt_ms,
                    "failure": null,
                    "sip": {"rtt_ms": measured.sip_rtt_ms, "status": 200, "failure": null}
                }
            }
        });
        let response = self.http.post(self.url(&format!("/api/sessions/{code}/runs"))).json(&body).send().await?;
        if response.status() != reqwest::StatusCode::CREATED {
            bail!("answered {}: {}", response.status(), response.text().await.unwrap_or_default());
        }
        Ok(())
    }
}
