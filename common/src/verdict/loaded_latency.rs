//! Latency under load (bufferbloat): the WebSocket round trip while each direction
//! of the bandwidth test fills the link, against the idle one. Always a line when the
//! bandwidth test ran: when it cannot be measured, it says why.

use super::{cause_of, Check, CheckId, Status};
use crate::probes::bandwidth::{BandwidthReport, TransferReport};
use crate::stats::ms;
use crate::thresholds::Thresholds;

const BLOAT_FIX: &str = "Calls will lag and break up whenever someone downloads or uploads: ask IT to enable \
     smart queue management (SQM, fq_codel/CAKE) or QoS for voice on the router.";

pub(super) fn check(b: &BandwidthReport, t: &Thresholds, earlier: &[Check]) -> Check {
    let Some(idle) = b.idle_rtt_ms else {
        if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
            return Check::not_run(
                CheckId::LoadedLatency,
                cause,
                "Not measured: it times WebSocket pings, and the WebSocket does not get through (see above).",
            );
        }
        return Check::new(
            CheckId::LoadedLatency,
            Status::Unknown,
            "Not measured: there was no idle round trip to compare with.",
            Some("Run the test again."),
        );
    };
    let Some((increase, direction)) = b.worst_increase() else {
        if b.down.kbps.is_none() && b.up.kbps.is_none() {
            if let Some(cause) = cause_of(earlier, CheckId::Bandwidth) {
                return Check::not_run(
                    CheckId::LoadedLatency,
                    cause,
                    "Not measured: no transfer filled the link (see the bandwidth line).",
                );
            }
        }
        return Check::new(
            CheckId::LoadedLatency,
            Status::Warn,
            format!(
                "Round trip idle {}, but no ping came back while the link was full: it stalls under load.",
                ms(idle)
            ),
            Some(BLOAT_FIX),
        );
    };
    let loaded = |d: &TransferReport| d.loaded_rtt().map(ms).unwrap_or_else(|| "unknown".into());
    let summary = format!(
        "Round trip idle {}, during download {}, during upload {}: up to {} more while the link is full ({direction}).",
        ms(idle),
        loaded(&b.down),
        loaded(&b.up),
        ms(increase.max(0.0)),
    );
    if increase <= t.loaded_increase_warn_ms {
        return Check::new(CheckId::LoadedLatency, Status::Pass, summary, None);
    }
    Check::new(CheckId::LoadedLatency, Status::Warn, summary, Some(BLOAT_FIX))
}

#[cfg(test)]
mod tests {
    use crate::probes::websocket::WsFailure;
    use crate::verdict::fixtures::{status_of, with_bandwidth};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn loaded_latency_warns_above_the_increase_threshold() {
        let calm = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 119.0), CheckId::LoadedLatency);
        assert_eq!(calm.status, Status::Pass, "{}", calm.summary);
        let bloated = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0), CheckId::LoadedLatency);
        assert_eq!(bloated.status, Status::Warn);
        assert!(bloated.summary.contains("up to 600 ms more"), "{}", bloated.summary);
        assert!(bloated.summary.contains("(download)"), "{}", bloated.summary);
        assert!(bloated.fix.is_some());
    }

    #[test]
    fn without_a_websocket_the_line_says_why_it_was_not_measured() {
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        let bandwidth = run.bandwidth.as_mut().unwrap();
        bandwidth.idle_rtt_ms = None;
        bandwidth.down.loaded_rtt_ms.clear();
        bandwidth.up.loaded_rtt_ms.clear();
        let check = status_of(&run, CheckId::LoadedLatency);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::WebSocket)));
        assert!(check.summary.starts_with("Not measured"), "{}", check.summary);
    }

    #[test]
    fn no_ping_answered_under_load_warns() {
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        let bandwidth = run.bandwidth.as_mut().unwrap();
        bandwidth.down.loaded_rtt_ms.clear();
        bandwidth.up.loaded_rtt_ms.clear();
        let check = status_of(&run, CheckId::LoadedLatency);
        assert_eq!(check.status, Status::Warn);
        assert!(check.summary.contains("no ping came back"), "{}", check.summary);
    }
}
