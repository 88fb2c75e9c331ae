//! ICE probes: gather candidates against our STUN server and against our TURN
//! server over each transport (relay-only), all at once; as soon as a probe has a
//! useful candidate, connect it, through that server alone, to the echo peer and
//! read the pair ICE selected, while gathering goes on.
//! Only candidate types, protocols and timings leave this module; candidate
//! addresses never do.

use callready_common::wire::{CandidateType, IceFailure, IceProbePlan, IceReport, IceTransport};
use futures::future::join_all;

use crate::browser::rtc::{
    exchange_with_echo_peer, selected_pair, stats, wait_connected, GatherEvent, Gathering, ServerSpec,
};
use crate::browser::time::now_ms;

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
    if signalling.is_some() && wait_connected(&pc, CONNECT_TIMEOUT_MS).await {
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
