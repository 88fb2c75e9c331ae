//! ICE probes: gather candidates against our STUN server and against our TURN
//! server over each transport (relay-only), all at once; then connect each probe,
//! through that server alone, to the echo peer and read the pair ICE selected.
//! Only candidate types, protocols and timings leave this module; candidate
//! addresses never do.

use callready_common::wire::{CandidateType, IceFailure, IceProbePlan, IceReport, IceTransport};
use futures::future::join_all;

use crate::browser::rtc::{exchange_with_echo_peer, selected_pair, stats, wait_connected, Gathering, ServerSpec};
use crate::browser::time::now_ms;

/// Longest a probe waits for gathering to finish.
const GATHER_TIMEOUT_MS: f64 = 10_000.0;
/// Longest a probe waits for ICE to connect to the echo peer.
const CONNECT_TIMEOUT_MS: f64 = 8_000.0;

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
    let mut timed_out = false;
    loop {
        let left = GATHER_TIMEOUT_MS - (now_ms() - started);
        if left <= 0.0 {
            timed_out = true;
            break;
        }
        match gathering.next(left as u32).await {
            Ok(Some(candidate)) => {
                report.first_candidate_ms.get_or_insert(now_ms() - started);
                if let Some(kind) = CandidateType::parse(&candidate.kind) {
                    if !report.candidate_types.contains(&kind) {
                        report.candidate_types.push(kind);
                    }
                }
            }
            Ok(None) => {
                report.gathering_ms = Some(now_ms() - started);
                break;
            }
            Err(()) => {
                timed_out = true;
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
    let pc = gathering.peer_connection();
    let offered = now_ms();
    // The socket keeps the echo peer alive until the stats are read.
    let signalling = exchange_with_echo_peer(pc).await;
    if signalling.is_some() && wait_connected(pc, CONNECT_TIMEOUT_MS).await {
        let connect_ms = now_ms() - offered;
        report.connected = selected_pair(&stats(pc).await, connect_ms);
    } else {
        report.failure = Some(IceFailure::NotConnected);
    }
    drop(signalling);
    report
}

/// Runs every planned probe concurrently.
pub async fn run(plans: &[IceProbePlan]) -> Vec<IceReport> {
    join_all(plans.iter().map(probe)).await
}
