//! Call quality: the call-like stream's round trip, jitter, loss and MOS. A stream
//! that could not start because the media path or its signalling failed names that
//! cause instead of a fix of its own.

use super::{cause_of, rtt_status, Check, CheckId, Status};
use crate::probes::media::{MediaFailure, MediaReport, MosLabel};
use crate::stats::ms;
use crate::thresholds::Thresholds;

fn not_streamed(media: &MediaReport, earlier: &[Check]) -> Check {
    // A media path that only warns (TCP relay) still carries a stream: not a cause.
    let path_failed =
        earlier.iter().any(|c| c.id == CheckId::Connectivity && matches!(c.status, Status::Fail | Status::NotRun));
    let cause = match media.failure {
        Some(MediaFailure::Signalling) => cause_of(earlier, CheckId::WebSocket),
        _ => None,
    }
    .or_else(|| path_failed.then(|| cause_of(earlier, CheckId::Connectivity)).flatten());
    match (cause, media.failure) {
        (Some(cause), _) => Check::not_run(
            CheckId::CallQuality,
            cause,
            format!("Not tested: the call-like stream needs what \"{}\" found missing.", cause.title()),
        ),
        (None, Some(MediaFailure::Signalling)) => Check::new(
            CheckId::CallQuality,
            Status::Warn,
            "The call-like stream could not be set up: the server's media test service did not answer.",
            Some("Run the test again in a minute. If this stays, tell support: the server may be overloaded."),
        ),
        (None, _) => Check::new(
            CheckId::CallQuality,
            Status::Fail,
            "No call-like stream could be set up with the server although the media path checks passed: \
             something drops WebRTC media after the connection starts.",
            Some("Ask IT whether a firewall or VPN inspects or blocks WebRTC (DTLS/SRTP) traffic to the platform."),
        ),
    }
}

pub(super) fn check(media: &MediaReport, t: &Thresholds, earlier: &[Check]) -> Check {
    let (Some(stream), Some(rtt), Some(mos)) =
        (media.stream.as_ref(), media.stream.as_ref().and_then(|s| s.rtt), media.mos())
    else {
        return not_streamed(media, earlier);
    };
    let jitter = stream.jitter_ms.unwrap_or(0.0);
    let loss_status = if stream.loss_pct < t.loss_pass_pct {
        Status::Pass
    } else if stream.loss_pct > t.loss_fail_pct {
        Status::Fail
    } else {
        Status::Warn
    };
    let jitter_status = if jitter < t.jitter_pass_ms { Status::Pass } else { Status::Warn };
    let mos_status = if mos >= t.mos_pass {
        Status::Pass
    } else if mos < t.mos_fail {
        Status::Fail
    } else {
        Status::Warn
    };
    let status = rtt_status(rtt.median_ms, t).max(loss_status).max(jitter_status).max(mos_status);
    let calls = match media.calls {
        0 | 1 => String::new(),
        n => format!("{n} simultaneous calls, "),
    };
    let mut summary = format!(
        "{calls}MOS {mos:.1} ({}): round trip median {}, p95 {}, max {}; jitter {}; loss {:.1} % (longest burst {}) over {} packets.",
        MosLabel::of(mos, t).label(),
        ms(rtt.median_ms),
        ms(rtt.p95_ms),
        ms(rtt.max_ms),
        ms(jitter),
        stream.loss_pct,
        stream.longest_loss_burst,
        stream.sent
    );
    if let Some(disagreement) = media.audio.as_ref().and_then(|a| a.disagreement(stream)) {
        summary.push_str(&format!(" The browser's own audio statistics disagree: {disagreement}."));
    }
    let fix = (status != Status::Pass).then_some(
        "Calls will sound degraded: use a wired connection, stop large downloads or video during calls, \
         and ask IT to prioritise voice traffic (QoS) toward the platform.",
    );
    Check::new(CheckId::CallQuality, status, summary, fix)
}

#[cfg(test)]
mod tests {
    use crate::probes::ice::{IceFailure, IceTransport};
    use crate::probes::media::{AudioStats, MediaFailure};
    use crate::probes::websocket::WsFailure;
    use crate::thresholds::Thresholds;
    use crate::verdict::fixtures::{healthy_run, ice, media, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn call_quality_follows_rtt_jitter_loss_and_mos() {
        let t = Thresholds::default();
        let mut run = healthy_run();
        run.media = Some(media(0.0, 20.0, 1.0));
        let clean = status_of(&run, CheckId::CallQuality);
        assert_eq!(clean.status, Status::Pass, "{}", clean.summary);
        assert!(clean.summary.starts_with("MOS 4.4 (excellent)"), "{}", clean.summary);
        assert!(clean.fix.is_none());

        run.media = Some(media((t.loss_pass_pct + t.loss_fail_pct) / 2.0, 20.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(t.loss_fail_pct + 5.0, 20.0, 1.0));
        let lossy = status_of(&run, CheckId::CallQuality);
        assert_eq!(lossy.status, Status::Fail);
        assert!(lossy.fix.is_some());

        run.media = Some(media(0.0, 20.0, t.jitter_pass_ms + 5.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(0.0, (t.rtt_pass_ms + t.rtt_fail_ms) / 2.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(0.0, t.rtt_fail_ms + 200.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Fail);
    }

    fn no_stream(failure: MediaFailure) -> crate::probes::media::MediaReport {
        let mut failed = media(0.0, 20.0, 1.0);
        failed.stream = None;
        failed.failure = Some(failure);
        failed
    }

    #[test]
    fn no_stream_because_no_media_path_names_that_cause() {
        let mut run = healthy_run();
        run.ice = vec![ice(IceTransport::TurnUdp, false), ice(IceTransport::TurnTcp, false)];
        run.media = Some(no_stream(MediaFailure::NotConnected));
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::Connectivity)));
        assert!(check.fix.is_none());
    }

    #[test]
    fn no_stream_with_a_working_media_path_is_its_own_failure() {
        let mut run = healthy_run();
        run.ice = vec![ice(IceTransport::TurnUdp, true)];
        run.media = Some(no_stream(MediaFailure::NotConnected));
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Fail);
        assert!(check.fix.unwrap().contains("DTLS"));
    }

    #[test]
    fn no_stream_because_signalling_failed_blames_the_websocket_once() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        let mut probe = ice(IceTransport::TurnUdp, true);
        probe.failure = Some(IceFailure::Signalling);
        run.ice = vec![probe];
        run.media = Some(no_stream(MediaFailure::Signalling));
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::WebSocket)));
    }

    #[test]
    fn call_quality_names_the_calls_and_a_disagreeing_audio_view() {
        let mut run = healthy_run();
        let mut m = media(0.0, 20.0, 1.0);
        m.calls = 20;
        m.audio = Some(AudioStats {
            packets_sent: Some(500),
            rtt_ms: Some(22.0),
            jitter_out_ms: Some(1.0),
            lost_out: Some(0),
            packets_received: Some(500),
            jitter_back_ms: Some(1.0),
            lost_back: Some(0),
        });
        run.media = Some(m.clone());
        let check = status_of(&run, CheckId::CallQuality);
        assert!(check.summary.starts_with("20 simultaneous calls, MOS"), "{}", check.summary);
        assert!(!check.summary.contains("disagree"), "{}", check.summary);
        m.audio.as_mut().unwrap().rtt_ms = Some(180.0);
        run.media = Some(m);
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Pass, "a disagreement is shown, not judged");
        assert!(check.summary.contains("disagree: round trip 180 ms (audio) vs 20 ms (stream)"), "{}", check.summary);
    }
}
