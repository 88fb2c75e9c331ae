//! The abusive client: from 127.0.0.2, so that its limits are its own, it hammers
//! each limited endpoint as fast as the server answers (session creation, the
//! configuration, logins with a wrong password, `whoami`, downloads without a
//! token), and every few seconds opens more bandwidth transfers and WebSockets at
//! once than one address may have, holds them, and lets them go.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use callready_server::limits::LimitSettings;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::tally::{Abuse, AbuseTally, Answer};

pub const ABUSER_IP: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
/// Requests in flight per hammered endpoint.
const WORKERS: usize = 2;
/// How many connections past the limit each round of held ones asks for.
const PAST_THE_LIMIT: u32 = 8;
/// How often a round of held connections starts, and how long it holds them.
const ROUND_EVERY: Duration = Duration::from_secs(15);
const HOLD: Duration = Duration::from_secs(2);
/// A held download asks for more than any socket buffer holds, and reads nothing.
const HELD_DOWNLOAD_BYTES: u64 = 64 << 20;

/// The probe token of the last configuration the abuser was served: its held
/// downloads carry it, as a script that once loaded the page would.
type Token = Arc<Mutex<Option<String>>>;

pub struct Abuser {
    server: SocketAddr,
    limits: LimitSettings,
    tally: Arc<AbuseTally>,
    token: Token,
}

impl Abuser {
    pub fn new(server: SocketAddr, limits: LimitSettings, tally: Arc<AbuseTally>) -> Abuser {
        Abuser { server, limits, tally, token: Token::default() }
    }

    /// Abuses the server until `deadline`.
    pub async fn run(self, deadline: Instant) {
        let mut tasks = Vec::new();
        for abuse in [Abuse::Sessions, Abuse::Configs, Abuse::Logins, Abuse::Whoami, Abuse::TokenlessDownloads] {
            for _ in 0..WORKERS {
                let (server, tally, token) = (self.server, self.tally.clone(), self.token.clone());
                tasks.push(tokio::spawn(hammer(abuse, server, tally, token, deadline)));
            }
        }
        let mut next_round = Instant::now() + Duration::from_secs(1);
        while next_round + HOLD < deadline {
            tokio::time::sleep_until(next_round.into()).await;
            let token = self.token.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if let Some(token) = token {
                self.held_downloads(&token).await;
            }
            self.held_websockets().await;
            next_round += ROUND_EVERY;
        }
        for task in tasks {
            let _ = task.await;
        }
    }

    async fn held_downloads(&self, token: &str) {
        let mut held = Vec::new();
        for _ in 0..self.limits.transfers_per_address + PAST_THE_LIMIT {
            let answer = match held_download(self.server, token).await {
                Ok((status, stream)) if status == StatusCode::OK => {
                    held.push(stream);
                    Answer::Served
                }
                Ok((status, _)) if status == StatusCode::TOO_MANY_REQUESTS => Answer::Refused,
                _ => Answer::Unexpected,
            };
            self.tally.answer(Abuse::HeldDownloads, answer);
        }
        self.tally.held(Abuse::HeldDownloads, held.len() as u64);
        tokio::time::sleep(HOLD).await;
    }

    async fn held_websockets(&self) {
        let mut held = Vec::new();
        for _ in 0..self.limits.websockets_per_address + PAST_THE_LIMIT {
            let answer = match connect(self.server).await {
                Ok(stream) => {
                    match tokio_tungstenite::client_async(format!("ws://{}/ws/echo", self.server), stream).await {
                        Ok((ws, _)) => {
                            held.push(ws);
                            Answer::Served
                        }
                        Err(tokio_tungstenite::tungstenite::Error::Http(response))
                            if response.status() == StatusCode::TOO_MANY_REQUESTS =>
                        {
                            Answer::Refused
                        }
                        Err(_) => Answer::Unexpected,
                    }
                }
                Err(_) => Answer::Unexpected,
            };
            self.tally.answer(Abuse::HeldWebsockets, answer);
        }
        self.tally.held(Abuse::HeldWebsockets, held.len() as u64);
        tokio::time::sleep(HOLD).await;
        for mut ws in held {
            let _ = ws.close(None).await;
        }
    }
}

/// A TCP connection from the abuser's address, with a small receive buffer so a
/// download it does not read stalls at once.
async fn connect(server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(ABUSER_IP), 0))?;
    socket.set_recv_buffer_size(4096)?;
    socket.connect(server).await
}

/// A download that is never read: its status, and the connection holding it open.
async fn held_download(server: SocketAddr, token: &str) -> std::io::Result<(StatusCode, TcpStream)> {
    let mut stream = connect(server).await?;
    let request = format!(
        "GET /api/download?bytes={HELD_DOWNLOAD_BYTES}&token={token} HTTP/1.1\r\nHost: {server}\r\n\
         Accept-Encoding: identity\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut head = [0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut head)).await??;
    // "HTTP/1.1 200 OK": the status is the second word.
    let status = String::from_utf8_lossy(&head[..n]).split_whitespace().nth(1).and_then(|s| s.parse().ok());
    let status = status.and_then(|s| StatusCode::from_u16(s).ok()).ok_or(std::io::ErrorKind::InvalidData)?;
    Ok((status, stream))
}

/// One worker hammering `abuse` until `deadline`, one request after another.
async fn hammer(abuse: Abuse, server: SocketAddr, tally: Arc<AbuseTally>, token: Token, deadline: Instant) {
    let Ok(http) =
        reqwest::Client::builder().local_address(IpAddr::V4(ABUSER_IP)).timeout(Duration::from_secs(10)).build()
    else {
        return;
    };
    let url = |path: &str| format!("http://{server}{path}");
    while Instant::now() < deadline {
        let request = match abuse {
            Abuse::Sessions => http.post(url("/api/sessions")).header("content-type", "application/json").body("{}"),
            Abuse::Configs => http.get(url("/api/config")),
            Abuse::Logins => http
                .post(url("/api/login"))
                .header("content-type", "application/json")
                .body(r#"{"name":"soak-nobody","password":"not-the-password"}"#),
            Abuse::Whoami => http.get(url("/api/whoami")),
            Abuse::TokenlessDownloads => http.get(url("/api/download?bytes=1000000")),
            Abuse::HeldDownloads | Abuse::HeldWebsockets => return,
        };
        let Ok(response) = request.send().await else {
            tally.answer(abuse, Answer::Unexpected);
            continue;
        };
        let status = response.status();
        let served = match abuse {
            Abuse::Sessions => StatusCode::CREATED,
            Abuse::Logins => StatusCode::UNAUTHORIZED,
            _ => StatusCode::OK,
        };
        let refused = match abuse {
            Abuse::TokenlessDownloads => StatusCode::FORBIDDEN,
            _ => StatusCode::TOO_MANY_REQUESTS,
        };
        let body = response.bytes().await.unwrap_or_default();
        let answer = match status {
            s if s == refused => Answer::Refused,
            s if s == served => Answer::Served,
            _ => Answer::Unexpected,
        };
        if abuse == Abuse::Configs && answer == Answer::Served {
            let config = serde_json::from_slice::<serde_json::Value>(&body).ok();
            if let Some(fresh) = config.as_ref().and_then(|c| c["probe_token"].as_str()) {
                *token.lock().unwrap_or_else(|e| e.into_inner()) = Some(fresh.to_string());
            }
        }
        tally.answer(abuse, answer);
    }
}
