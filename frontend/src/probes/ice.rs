//! ICE probes: gather candidates against our STUN server and against our TURN
//! server over each transport (relay-only), all at once; as soon as a probe has a
//! useful candidate, connect it, through that server alone, to the echo peer and
//! read the pair ICE selected, while gathering goes on.
//! Only candidate types, protocols and timings leave this module; candidate
//! addresses never do.

use callready_common::api::IceProbePlan;
use callready_common::probes::ice::{
    CandidateType, ConnectedPair, GatherStep, IceFailure, IceReport, IceTransport, GATHER_GRACE_MS,
};
use callready_common::verdict::CheckId;
use futures::future::{join_all, LocalBoxFuture};

use crate::browser::rtc::{
    exchange_with_echo_peer, selected_pair, stats, wait_connected, GatherEvent, Gathering, ServerSpec,
};
use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::time::now_ms;
use crate::i18n::{lang, t};

pub const PROBE: Probe =
    Probe { title_id: "probe-ice-title", checks: &[CheckId::Connectivity], kind: Kind::Ice, alongside_previous: true };

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    r.ice
        .iter()
        .map(|probe| {
            let types: Vec<&str> = probe.candidate_types.iter().map(|t| t.label()).collect();
            let outcome = match (probe.succeeded(), probe.untrusted_certificate) {
                (true, _) => t("figure-ice-works"),
                (false, true) => t("figure-not-tested-self-signed"),
                (false, false) => t("figure-ice-fails"),
            };
            let first = probe
                .first_candidate_ms
                .map(|first| format!(", {}", crate::t!("figure-ice-first-candidate", time = ms_or_dash(Some(first)))));
            let all = probe
                .gathering_ms
                .map(|all| format!(", {}", crate::t!("figure-ice-gathered", time = ms_or_dash(Some(all)))));
            let timing = format!("{}{}", first.unwrap_or_default(), all.unwrap_or_default());
            let types = if types.is_empty() { t("figure-ice-no-candidates") } else { types.join(" + ") };
            let pair = match (&probe.connected, probe.failure) {
                (Some(pair), _) => Some(crate::t!("figure-ice-connected", pair = pair_text(pair))),
                (None, Some(IceFailure::NotConnected)) => Some(t("figure-ice-not-connected")),
                (None, Some(IceFailure::Signalling)) => Some(t("figure-ice-signalling-failed")),
                _ => None,
            };
            let pair = pair.map(|pair| format!("{}{pair}", t("probe-separator"))).unwrap_or_default();
            let transport = transport_label(probe.transport);
            let label = match probe.server() {
                Some(server) => crate::t!("figure-ice-server", transport = transport, server = server.describe()),
                None => transport,
            };
            (label, format!("{outcome} ({types}{timing}){pair}"))
        })
        .collect()
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let plans = &ctx.config.ice;
        if plans.is_empty() {
            return Outcome::NotOffered;
        }
        progress(crate::t!("probe-ice-progress", count = plans.len()));
        let reports = run(plans).await;
        let working: Vec<String> =
            reports.iter().filter(|r| r.succeeded()).map(|r| transport_label(r.transport)).collect();
        ctx.reports.borrow_mut().ice = reports;
        Outcome::Done(if working.is_empty() { t("probe-ice-no-path") } else { working.join(", ") })
    })
}

/// "TURN over TCP", in the page's language.
pub fn transport_label(transport: IceTransport) -> String {
    t(match transport {
        IceTransport::StunUdp => "probe-ice-stun-udp",
        IceTransport::TurnUdp => "probe-ice-turn-udp",
        IceTransport::TurnTcp => "probe-ice-turn-tcp",
        IceTransport::TurnTls => "probe-ice-turn-tls",
    })
}

/// "relay (TCP) → host, 45 ms", as [`ConnectedPair::describe`] writes it, with the
/// page language's decimal mark (candidate types and protocols are kept as they are).
pub fn pair_text(pair: &ConnectedPair) -> String {
    let local = match pair.relay_protocol {
        Some(protocol) => format!("{} ({})", pair.local.label(), protocol.label()),
        None => pair.local.label().to_string(),
    };
    format!("{local} → {}, {}", pair.remote.label(), lang().ms(pair.connect_ms))
}

/// Longest a probe waits for ICE to connect to the echo peer.
const CONNECT_TIMEOUT_MS: f64 = 8_000.0;

fn record(report: &mut IceReport, event: GatherEvent, started: f64) {
    match event {
        (Some(candidate), at) => {
            if let Some(kind) = CandidateType::parse(&candidate.kind) {
                report.on_candidate(kind, at, started);
            }
        }
        (None, at) => report.on_gathering_done(at, started),
    }
}

async fn probe(plan: &IceProbePlan) -> IceReport {
    let started = now_ms();
    let mut report = IceReport::new(plan.transport, plan.ice_server.urls.first().cloned(), plan.untrusted_certificate);
    let server = ServerSpec {
        urls: &plan.ice_server.urls,
        username: plan.ice_server.username.as_deref(),
        credential: plan.ice_server.credential.as_deref(),
    };
    let Ok(mut gathering) = Gathering::start(server, plan.relay_only).await else {
        report.failure = Some(IceFailure::Unsupported);
        return report;
    };
    // Gather until the first useful candidate (see `IceReport::next_step`).
    loop {
        match report.next_step(started, now_ms()) {
            GatherStep::Connect => break,
            GatherStep::GiveUp(failure) => {
                report.failure = Some(failure);
                return report;
            }
            GatherStep::Wait { until_ms } => {
                let left = (until_ms - now_ms()).max(1.0);
                if let Ok(event) = gathering.next(left as u32).await {
                    record(&mut report, event, started);
                }
            }
        }
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
    report
}

/// Runs every planned probe concurrently.
pub async fn run(plans: &[IceProbePlan]) -> Vec<IceReport> {
    join_all(plans.iter().map(probe)).await
}
