//! WebSocket probe: connect time to `/ws/echo`, echo round trips, then a SIP
//! OPTIONS transaction over the `sip` subprotocol (RFC 7118).

use callready_common::probes::websocket::{SipFailure, SipReport, WebSocketReport, WsFailure};
use callready_common::sip::{self, OptionsIds, SipMessage};
use callready_common::stats::Summary;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::time::now_ms;
use crate::browser::ws::{Socket, WsEvent};
use crate::browser::{api_place, random_hex, ws_url};
use crate::i18n::{lang, t};

const CONNECT_TIMEOUT_MS: u32 = 5_000;
const REPLY_TIMEOUT_MS: u32 = 3_000;

pub const PROBE: Probe = Probe {
    title_id: "probe-websocket-title",
    checks: &[CheckId::WebSocket, CheckId::SipOverWebSocket],
    kind: Kind::WebSocket,
    alongside_previous: true,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let echo = Summary::of(&r.websocket.echo_rtt_ms);
    vec![
        (t("figure-websocket-connect"), ms_or_dash(r.websocket.connect_ms)),
        (
            t("figure-websocket-echo"),
            format!("{} / {}", ms_or_dash(echo.map(|s| s.median_ms)), ms_or_dash(echo.map(|s| s.p95_ms))),
        ),
        (
            t("figure-sip-options"),
            match r.websocket.sip.status {
                Some(status) => format!("{} ({status})", ms_or_dash(r.websocket.sip.rtt_ms)),
                None => t("figure-sip-no-answer"),
            },
        ),
    ]
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let report = run(ctx.config.ws_echoes, &ctx.config.probe_token, progress).await;
        let row = match (Summary::of(&report.echo_rtt_ms), report.sip.status) {
            (Some(s), Some(status)) => {
                crate::t!("probe-websocket-sip-answered", median = lang().ms(s.median_ms), status = status.to_string())
            }
            (Some(s), None) => crate::t!("probe-websocket-sip-failed", median = lang().ms(s.median_ms)),
            (None, _) => t("probe-websocket-blocked"),
        };
        ctx.reports.borrow_mut().websocket = Some(report);
        Outcome::Done(row)
    })
}

/// Connects (the probe token lets the server join this WebSocket's address to the
/// run's) and waits for the open event; returns the socket and the time it took.
async fn connect(protocols: &[&str], token: &str) -> Option<(Socket, f64)> {
    let started = now_ms();
    let path = if token.is_empty() { "/ws/echo".to_string() } else { format!("/ws/echo?token={token}") };
    let mut socket = Socket::connect(&ws_url(&path), protocols).ok()?;
    match socket.next(CONNECT_TIMEOUT_MS).await {
        Some(WsEvent::Open) => Some((socket, now_ms() - started)),
        _ => None,
    }
}

/// Waits for the next text message, skipping nothing: any other event is a failure.
async fn reply(socket: &mut Socket) -> Result<String, WsFailure> {
    match socket.next(REPLY_TIMEOUT_MS).await {
        Some(WsEvent::Text(text)) => Ok(text),
        Some(WsEvent::Closed { .. }) | Some(WsEvent::Error) => Err(WsFailure::ClosedEarly),
        Some(WsEvent::Open) => Err(WsFailure::BadEcho),
        None => Err(WsFailure::Timeout),
    }
}

pub async fn run(echoes: u32, token: &str, progress: Progress<'_>) -> WebSocketReport {
    progress(t("probe-websocket-connecting"));
    let mut report = WebSocketReport {
        connect_ms: None,
        echo_rtt_ms: Vec::new(),
        failure: None,
        sip: SipReport { rtt_ms: None, status: None, failure: None },
    };
    match connect(&[], token).await {
        None => report.failure = Some(WsFailure::ConnectFailed),
        Some((mut socket, connect_ms)) => {
            report.connect_ms = Some(connect_ms);
            for i in 0..echoes {
                progress(crate::t!("probe-websocket-echo", echo = i + 1, echoes = echoes));
                let payload = format!("callready echo {i} {}", random_hex(8));
                let sent = now_ms();
                if !socket.send(&payload) {
                    report.failure = Some(WsFailure::ClosedEarly);
                    break;
                }
                match reply(&mut socket).await {
                    Ok(text) if text == payload => report.echo_rtt_ms.push(now_ms() - sent),
                    Ok(_) => {
                        report.failure = Some(WsFailure::BadEcho);
                        break;
                    }
                    Err(failure) => {
                        report.failure = Some(failure);
                        break;
                    }
                }
            }
        }
    }
    progress("SIP OPTIONS".into());
    report.sip = sip_options(token).await;
    report
}

async fn sip_options(token: &str) -> SipReport {
    let failed = |failure| SipReport { rtt_ms: None, status: None, failure: Some(failure) };
    let Some((mut socket, _)) = connect(&[sip::SUBPROTOCOL], token).await else {
        return failed(SipFailure::ConnectFailed);
    };
    if socket.protocol() != sip::SUBPROTOCOL {
        return failed(SipFailure::SubprotocolRefused);
    }
    let ids = OptionsIds {
        instance: random_hex(6),
        branch_suffix: random_hex(8),
        from_tag: random_hex(4),
        call_id: format!("{}@callready", random_hex(10)),
    };
    let text = sip::options_request(&api_place().host_name, &ids);
    let Ok(request) = SipMessage::parse(&text) else {
        return failed(SipFailure::BadResponse);
    };
    let sent = now_ms();
    if !socket.send(&text) {
        return failed(SipFailure::ClosedEarly);
    }
    match reply(&mut socket).await {
        Ok(answer) => {
            let rtt = now_ms() - sent;
            match SipMessage::parse(&answer).ok().and_then(|response| sip::response_status_for(&request, &response)) {
                Some(status) => SipReport { rtt_ms: Some(rtt), status: Some(status), failure: None },
                None => failed(SipFailure::BadResponse),
            }
        }
        Err(WsFailure::Timeout) => failed(SipFailure::Timeout),
        Err(_) => failed(SipFailure::ClosedEarly),
    }
}
