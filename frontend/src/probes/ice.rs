//! ICE probes: gather candidates against our STUN server and against our TURN
//! server over each transport (relay-only), all at once; as soon as a probe has a
//! useful candidate, connect it, through that server alone, to the echo peer and
//! read the pair ICE selected, while gathering goes on.
//! Only candidate types, protocols and timings leave this module; candidate
//! addresses never do.

use callready_common::api::IceProbePlan;
use callready_common::probes::ice::{CandidateType, IceFailure, IceReport, IceTransport};
use callready_common::verdict::CheckId;
use futures::future::{join_all, LocalBoxFuture};

use crate::browser::rtc::{
    exchange_with_echo_peer, selected_pair, stats, wait_connected, GatherEvent, Gathering, ServerSpec,
};
use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::time::now_ms;

pub const PROBE: Probe = Probe { title: "WebRTC media path", checks: &[CheckId::Connectivity], run: begin, figures };

fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    r.ice
        .iter()
        .map(|probe| {
            let types: Vec<&str> = probe.candidate_types.iter().map(|t| t.label()).collect();
            let outcome = match (probe.succeeded(), probe.untrusted_certificate) {
                (true, _) => "works",
                (false, true) => "not tested: self-signed certificate",
                (false, false) => "fails",
            };
            let timing = match (probe.first_candidate_ms, probe.gathering_ms) {
                (Some(first), Some(all)) => {
                    format!(", first candidate {}, gathered in {}", ms_or_dash(Some(first)), ms_or_dash(Some(all)))
                }
                (None, Some(all)) => format!(", gathered in {}", ms_or_dash(Some(all))),
                (Some(first), None) => format!(", first candidate {}", ms_or_dash(Some(first))),
                (None, None) => String::new(),
            };
            let types = if types.is_empty() { "no candidates".to_string() } else { types.join(" + ") };
            let pair = match (&probe.connected, probe.failure) {
                (Some(pair), _) => format!("; connected {}", pair.describe()),
                (None, Some(IceFailure::NotConnected)) => "; did not connect".into(),
                (None, Some(IceFailure::Signalling)) => "; connection not tried (signalling failed)".into(),
                _ => String::new(),
            };
            let server = probe.server().map(|s| format!(" to {}", s.describe())).unwrap_or_default();
            (format!("{}{server}", probe.transport.label()), format!("{outcome} ({types}{timing}){pair}"))
        })
        .collect()
}

fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let plans = &ctx.config.ice;
        if plans.is_empty() {
            return Outcome::NotOffered;
        }
        progress(format!("gathering over {} transports", plans.len()));
        let reports = run(plans).await;
        let working: Vec<&str> = reports.iter().filter(|r| r.succeeded()).map(|r| r.transport.label()).collect();
        ctx.reports.borrow_mut().ice = reports;
        Outcome::Done(if working.is_empty() { "no path works".into() } else { working.join(", ") })
    })
}

/// Longest a probe waits for its first useful candidate.
const GATHER_TIMEOUT_MS: f64 = 10_000.0;
/// Longest a probe waits for ICE to connect to the echo peer.
const CONNECT_TIMEOUT_MS: f64 = 8_000.0;
/// After connecting, how long gathering may still finish and count. Browsers keep
/// gathering on interfaces that lead nowhere (Chromium waits ~10 s for STUN answers
/// that never come on a VPN or a second network): the test does not wait for that.
const GATHER_GRACE_MS: f64 = 1_000.0;

fn record(report: &mut IceReport, event: GatherEvent, started: f64) {
    match event {
        (Some(candidate), at) => {
            report.first_candidate_ms.get_or_insert(at - started);
            if let Some(kind) = CandidateType::parse(&candidate.kind) {
                if !report.candidate_types.contains(&kind) {
                    report.candidate_types.push(kind);
                }
            }
        }
        (None, at) => {
            report.gathering_ms.get_or_insert(at - started);
        }
    }
}

/// Whether the candidates so far are enough to try connecting: a relay for TURN;
/// for STUN, a reflexive one (or any, once gathering ended).
fn ready_to_connect(report: &IceReport) -> bool {
    let types = &report.candidate_types;
    match report.transport {
        IceTransport::StunUdp => types.contains(&CandidateType::Srflx) || report.gathering_ms.is_some(),
        _ => types.contains(&CandidateType::Relay),
    }
}

async fn probe(plan: &IceProbePlan) -> IceReport {
    let started = now_ms();
    let mut report = IceReport {
        transport: plan.transport,
        url: plan.ice_server.urls.first().cloned(),
        untrusted_certificate: plan.untrusted_certificate,
        candidate_types: Vec::new(),
        first_candidate_ms: None,
        gathering_ms: None,
        connected: None,
        failure: None,
    };
    let server = ServerSpec {
        urls: &plan.ice_server.urls,
        username: plan.ice_server.username.as_deref(),
        credential: plan.ice_server.credential.as_deref(),
    };
    let Ok(mut gathering) = Gathering::start(server, plan.relay_only).await else {
        report.failure = Some(IceFailure::Unsupported);
        return report;
    };
    // STUN without NAT gives no reflexive candidate (it would equal the host one),
    // so STUN also tries once its host candidates had a moment, as a call would.
    let host_wait_until = started + GATHER_GRACE_MS;
    let mut timed_out = false;
    while !ready_to_connect(&report) && report.gathering_ms.is_none() {
        let stun_with_host = plan.transport == IceTransport::StunUdp && !report.candidate_types.is_empty();
        let until = if stun_with_host { host_wait_until } else { started + GATHER_TIMEOUT_MS };
        let left = until - now_ms();
        if left <= 0.0 {
            timed_out = !stun_with_host;
            break;
        }
        match gathering.next(left as u32).await {
            Ok(event) => record(&mut report, event, started),
            Err(()) => {
                timed_out = !stun_with_host;
                break;
            }
        }
    }
    report.candidate_types.sort();
    let worth_connecting = match plan.transport {
        IceTransport::StunUdp => !report.candidate_types.is_empty(),
        _ => report.candidate_types.contains(&CandidateType::Relay),
    };
    if !worth_connecting {
        report.failure = Some(if timed_out { IceFailure::Timeout } else { IceFailure::NoCandidate });
        return report;
    }
    let pc = gathering.peer_connection().clone();
    let offered = now_ms();
    // The socket keeps the echo peer alive until the stats are read.
    let signalling = exchange_with_echo_peer(&pc).await;
    if signalling.is_none() {
        // The connection was never tried: that is the WebSocket's failure, not the path's.
        report.failure = Some(IceFailure::Signalling);
    } else if wait_connected(&pc, CONNECT_TIMEOUT_MS).await {
        let connect_ms = now_ms() - offered;
        report.connected = selected_pair(&stats(&pc).await, connect_ms);
    } else {
        report.failure = Some(IceFailure::NotConnected);
    }
    drop(signalling);
    // Candidates that came while connecting, and the end of gathering if it comes soon.
    let grace_until = now_ms() + GATHER_GRACE_MS;
    while report.gathering_ms.is_none() {
        let left = grace_until - now_ms();
        if left <= 0.0 {
            break;
        }
        match gathering.next(left as u32).await {
            Ok(event) => record(&mut report, event, started),
            Err(()) => break,
        }
    }
    report.candidate_types.sort();
    report
}

/// Runs every planned probe concurrently.
pub async fn run(plans: &[IceProbePlan]) -> Vec<IceReport> {
    join_all(plans.iter().map(probe)).await
}
