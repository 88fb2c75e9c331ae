//! Latency under load (bufferbloat): the WebSocket round trip while each direction
//! of the bandwidth test fills the link, against the idle one. Always a line when the
//! bandwidth test ran: when it cannot be measured, it says why.

use super::{cause_of, Check, CheckId, Status, Text};
use crate::probes::bandwidth::{BandwidthReport, TransferReport};
use crate::thresholds::Thresholds;

pub(super) fn check(b: &BandwidthReport, t: &Thresholds, earlier: &[Check]) -> Check {
    let bloat_fix = || Some(Text::new("verdict-loaded-latency-fix"));
    let Some(idle) = b.idle_rtt_ms else {
        if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
            return Check::not_run(CheckId::LoadedLatency, cause, Text::new("verdict-loaded-latency-no-websocket"));
        }
        return Check::says(
            CheckId::LoadedLatency,
            Status::Unknown,
            Text::new("verdict-loaded-latency-no-idle"),
            Some(Text::new("verdict-loaded-latency-run-again")),
        );
    };
    let Some((increase, direction)) = b.worst_increase() else {
        if b.down.kbps.is_none() && b.up.kbps.is_none() {
            if let Some(cause) = cause_of(earlier, CheckId::Bandwidth) {
                return Check::not_run(CheckId::LoadedLatency, cause, Text::new("verdict-loaded-latency-no-transfer"));
            }
        }
        return Check::says(
            CheckId::LoadedLatency,
            Status::Warn,
            Text::new("verdict-loaded-latency-stalls").ms("idle", idle),
            bloat_fix(),
        )
        .for_it(Text::new("verdict-loaded-latency-stalls-it").ms("idle", idle));
    };
    let loaded = |d: &TransferReport| match d.loaded_rtt() {
        Some(rtt) => Text::new("verdict-loaded-latency-round-trip").ms("rtt", rtt),
        None => Text::new("verdict-loaded-latency-unknown"),
    };
    // `worst_increase` names the direction "download" or "upload".
    let direction =
        if direction == "upload" { "verdict-loaded-latency-upload" } else { "verdict-loaded-latency-download" };
    let summary = Text::new("verdict-loaded-latency-summary")
        .ms("idle", idle)
        .text("down", loaded(&b.down))
        .text("up", loaded(&b.up))
        .ms("increase", increase.max(0.0))
        .text("direction", Text::new(direction));
    if increase <= t.loaded_increase_warn_ms {
        return Check::says(CheckId::LoadedLatency, Status::Pass, summary, None);
    }
    let it = Text::new("verdict-loaded-latency-it")
        .ms("idle", idle)
        .text("down", loaded(&b.down))
        .text("up", loaded(&b.up))
        .ms("increase", increase)
        .text("direction", Text::new(direction))
        .ms("limit", t.loaded_increase_warn_ms);
    Check::says(CheckId::LoadedLatency, Status::Warn, summary, bloat_fix()).for_it(it)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::probes::websocket::WsFailure;
    use crate::verdict::fixtures::{status_of, with_bandwidth};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn loaded_latency_warns_above_the_increase_threshold() {
        let calm = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 119.0), CheckId::LoadedLatency);
        assert_eq!(calm.status, Status::Pass, "{}", calm.summary);
        let bloated = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0), CheckId::LoadedLatency);
        assert_eq!(bloated.status, Status::Warn);
        assert_eq!(
            bloated.summary.english(),
            "Round trip idle 20 ms, during download 620 ms, during upload 25 ms: up to 600 ms more while the link is \
             full (download)."
        );
        assert!(bloated.fix.is_some_and(|f| f.english().contains("smart queue management (SQM, fq_codel/CAKE)")));
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
        assert_eq!(
            check.summary.english(),
            "Not measured: it times WebSocket pings, and the WebSocket does not get through (see above)."
        );
    }

    #[test]
    fn no_ping_answered_under_load_warns() {
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        let bandwidth = run.bandwidth.as_mut().unwrap();
        bandwidth.down.loaded_rtt_ms.clear();
        bandwidth.up.loaded_rtt_ms.clear();
        let check = status_of(&run, CheckId::LoadedLatency);
        assert_eq!(check.status, Status::Warn);
        assert_eq!(
            check.summary.english(),
            "Round trip idle 20 ms, but no ping came back while the link was full: it stalls under load."
        );
    }

    #[test]
    fn a_direction_without_pings_is_unknown_and_the_rise_takes_the_reader_s_decimal_mark() {
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 5.0, 5.0);
        run.bandwidth.as_mut().unwrap().down.loaded_rtt_ms.clear();
        let check = status_of(&run, CheckId::LoadedLatency);
        assert_eq!(
            check.summary.english(),
            "Round trip idle 5.0 ms, during download unknown, during upload 10 ms: up to 5.0 ms more while the link \
             is full (upload)."
        );
        assert_eq!(
            check.summary.render(Lang::Fr),
            "Aller-retour au repos 5,0\u{a0}ms, pendant la réception inconnu, pendant l’envoi 10\u{a0}ms\u{a0}: \
             jusqu’à 5,0\u{a0}ms de plus quand la liaison est saturée (envoi)."
        );
    }
}
