//! ICE probes: gather candidates against our STUN server and against our TURN
//! server over each transport (relay-only), all at once. Only candidate types and
//! timings leave this module; candidate addresses never do.

use callready_common::wire::{CandidateType, IceFailure, IceProbePlan, IceReport};
use futures::future::join_all;

use crate::browser::rtc::{Gathering, ServerSpec};
use crate::browser::time::now_ms;

/// Longest a probe waits for gathering to finish.
const GATHER_TIMEOUT_MS: f64 = 10_000.0;

fn candidate_type(kind: &str) -> Option<CandidateType> {
    match kind {
        "host" => Some(CandidateType::Host),
        "srflx" => Some(CandidateType::Srflx),
        "prflx" => Some(CandidateType::Prflx),
        "relay" => Some(CandidateType::Relay),
        _ => None,
    }
}

async fn probe(plan: &IceProbePlan) -> IceReport {
    let started = now_ms();
    let mut report = IceReport {
        transport: plan.transport,
        candidate_types: Vec::new(),
        first_candidate_ms: None,
        gathering_ms: None,
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
                if let Some(kind) = candidate_type(&candidate.kind) {
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
    if !report.succeeded() {
        report.failure = Some(if timed_out { IceFailure::Timeout } else { IceFailure::NoCandidate });
    }
    report
}

/// Runs every planned probe concurrently.
pub async fn run(plans: &[IceProbePlan]) -> Vec<IceReport> {
    join_all(plans.iter().map(probe)).await
}
