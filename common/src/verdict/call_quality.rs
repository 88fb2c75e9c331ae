//! Call quality: the call-like stream's round trip, jitter, loss and MOS. A stream
//! that could not start because the media path or its signalling failed names that
//! cause instead of a fix of its own.

use super::https::rtt_requirement;
use super::{cause_of, rtt_status, Check, CheckId, Status, Text};
use crate::probes::media::{MediaFailure, MediaReport, MosLabel};
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
            // The cause's heading, as `CheckId::name` reads it.
            Text::new("verdict-call-quality-blocked")
                .text("check", Text::new(&format!("check-{}", cause.key().replace('_', "-")))),
        ),
        (None, Some(MediaFailure::Signalling)) => Check::says(
            CheckId::CallQuality,
            Status::Warn,
            Text::new("verdict-call-quality-no-service"),
            Some(Text::new("verdict-checks-media-service-fix")),
        )
        .for_it(Text::new("verdict-call-quality-no-service-it")),
        (None, _) => Check::says(
            CheckId::CallQuality,
            Status::Fail,
            Text::new("verdict-call-quality-no-stream"),
            Some(Text::new("verdict-call-quality-no-stream-fix")),
        )
        .for_it(Text::new("verdict-call-quality-no-stream-it")),
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
    let rating = match MosLabel::of(mos, t) {
        MosLabel::Excellent => "verdict-call-quality-excellent",
        MosLabel::Good => "verdict-call-quality-good",
        MosLabel::Fair => "verdict-call-quality-fair",
        MosLabel::Poor => "verdict-call-quality-poor",
    };
    let mut summary = Text::new("verdict-call-quality-summary")
        .decimal("mos", mos, 1)
        .text("rating", Text::new(rating))
        .ms("median", rtt.median_ms)
        .ms("p95", rtt.p95_ms)
        .ms("max", rtt.max_ms)
        .ms("jitter", jitter)
        .pct("loss", stream.loss_pct)
        .count("burst", stream.longest_loss_burst)
        .count("packets", stream.sent);
    if media.calls > 1 {
        summary = Text::new("verdict-call-quality-calls").count("calls", media.calls).text("summary", summary);
    }
    if let Some(disagreement) = media.audio.as_ref().and_then(|a| a.disagreement(stream)) {
        summary =
            Text::new("verdict-call-quality-disagreement").text("summary", summary).text("disagreement", disagreement);
    }
    let fix = (status != Status::Pass).then(|| Text::new("verdict-call-quality-fix"));
    let check = Check::says(CheckId::CallQuality, status, summary, fix);
    if status == Status::Pass {
        return check;
    }
    // What broke which requirement, one part per figure that did not pass.
    let mut breaches = Vec::new();
    let round_trip = rtt_status(rtt.median_ms, t);
    if round_trip != Status::Pass {
        breaches.push(
            Text::new("verdict-call-quality-it-rtt")
                .ms("value", rtt.median_ms)
                .text("requirement", rtt_requirement(round_trip, t)),
        );
    }
    if loss_status != Status::Pass {
        let key = if loss_status == Status::Fail {
            "verdict-call-quality-it-loss-fail"
        } else {
            "verdict-call-quality-it-loss"
        };
        breaches.push(
            Text::new(key).pct("value", stream.loss_pct).pct("pass", t.loss_pass_pct).pct("fail", t.loss_fail_pct),
        );
    }
    if jitter_status != Status::Pass {
        breaches.push(Text::new("verdict-call-quality-it-jitter").ms("value", jitter).ms("pass", t.jitter_pass_ms));
    }
    if mos_status != Status::Pass {
        let key =
            if mos_status == Status::Fail { "verdict-call-quality-it-mos-fail" } else { "verdict-call-quality-it-mos" };
        breaches.push(
            Text::new(key).decimal("value", mos, 1).decimal("pass", t.mos_pass, 1).decimal("fail", t.mos_fail, 1),
        );
    }
    let pair = match &media.path {
        Some(pair) => Text::Plain(pair.describe()),
        None => Text::new("verdict-call-quality-it-no-pair"),
    };
    check.for_it(
        Text::new("verdict-call-quality-it")
            .count("calls", media.calls.max(1))
            .text("pair", pair)
            .decimal("mos", mos, 1)
            .ms("median", rtt.median_ms)
            .ms("p95", rtt.p95_ms)
            .ms("jitter", jitter)
            .pct("loss", stream.loss_pct)
            .count("burst", stream.longest_loss_burst)
            .count("packets", stream.sent)
            .list("breaches", breaches),
    )
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
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
        assert_eq!(
            clean.summary.english(),
            "MOS 4.4 (excellent): round trip median 20 ms, p95 20 ms, max 20 ms; jitter 1.0 ms; loss 0.0 % \
             (longest burst 0) over 500 packets."
        );
        assert_eq!(
            clean.summary.render(Lang::Fr),
            "MOS 4,4 (excellent)\u{a0}: aller-retour médian 20\u{a0}ms, p95 20\u{a0}ms, max 20\u{a0}ms\u{a0}; \
             gigue 1,0\u{a0}ms\u{a0}; perte 0,0\u{a0}% (plus longue série de pertes\u{a0}: 0) sur 500 paquets."
        );
        assert!(clean.fix.is_none());

        run.media = Some(media((t.loss_pass_pct + t.loss_fail_pct) / 2.0, 20.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(t.loss_fail_pct + 5.0, 20.0, 1.0));
        let lossy = status_of(&run, CheckId::CallQuality);
        assert_eq!(lossy.status, Status::Fail);
        assert!(lossy.fix.is_some_and(|f| f.english().contains("prioritise voice traffic (QoS)")));

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
        assert_eq!(
            check.summary.english(),
            "Not tested: the call-like stream needs what \"WebRTC media path (STUN/TURN)\" found missing."
        );
    }

    #[test]
    fn no_stream_with_a_working_media_path_is_its_own_failure() {
        let mut run = healthy_run();
        run.ice = vec![ice(IceTransport::TurnUdp, true)];
        run.media = Some(no_stream(MediaFailure::NotConnected));
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Fail);
        assert!(check.fix.unwrap().english().contains("WebRTC (DTLS/SRTP) traffic"));
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
        assert_eq!(
            check.summary.render(Lang::Ru),
            "Не проверено: потоку, имитирующему звонок, нужно то, отсутствие чего выявила проверка «WebSocket»."
        );
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
        assert!(
            check.summary.english().starts_with("20 simultaneous calls, MOS 4.4 (excellent): "),
            "{}",
            check.summary
        );
        assert!(!check.summary.english().contains("disagree"), "{}", check.summary);
        assert!(check.summary.render(Lang::Ru).starts_with("20 одновременных звонков, MOS 4,4 (отлично): "));
        m.audio.as_mut().unwrap().rtt_ms = Some(180.0);
        run.media = Some(m);
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Pass, "a disagreement is shown, not judged");
        assert!(
            check.summary.english().ends_with(
                " over 500 packets. The browser's own audio statistics disagree: round trip 180 ms (audio) vs 20 ms \
                 (stream)."
            ),
            "{}",
            check.summary
        );
    }
}
