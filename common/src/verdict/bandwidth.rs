//! Bandwidth and call capacity: the slower direction over the rate one call needs,
//! against the calls the session asks for.

use super::{Check, CheckId, Status, Text};
use crate::probes::bandwidth::BandwidthReport;
use crate::probes::FetchFailure;
use crate::thresholds::Thresholds;

pub(super) fn check(b: &BandwidthReport, t: &Thresholds, calls_needed: u32) -> Check {
    let (Some(down), Some(up), Some(capacity)) = (b.down.kbps, b.up.kbps, b.capacity(t.per_call_kbps)) else {
        let (unmeasured, it) = match (b.down.kbps, b.up.kbps) {
            (None, None) => ("verdict-bandwidth-unmeasured-both", "verdict-bandwidth-unmeasured-both-it"),
            (None, Some(_)) => ("verdict-bandwidth-unmeasured-download", "verdict-bandwidth-unmeasured-download-it"),
            _ => ("verdict-bandwidth-unmeasured-upload", "verdict-bandwidth-unmeasured-upload-it"),
        };
        let why = match [&b.down, &b.up].into_iter().filter(|d| d.kbps.is_none()).find_map(|d| d.failure) {
            Some(FetchFailure::Status { code }) => Text::new("verdict-bandwidth-refused").data("code", code),
            Some(FetchFailure::Network) => Text::new("verdict-bandwidth-cut-off"),
            _ => Text::new("verdict-bandwidth-too-little"),
        };
        return Check::says(
            CheckId::Bandwidth,
            Status::Warn,
            Text::new(unmeasured).text("why", why.clone()),
            Some(Text::new("verdict-bandwidth-unmeasured-fix")),
        )
        .for_it(Text::new(it).text("why", why));
    };
    let needed = calls_needed.max(1);
    let summary = Text::new("verdict-bandwidth-capacity")
        .kbps("down", down)
        .kbps("up", up)
        .count("calls", capacity)
        .kbps("rate", t.per_call_kbps)
        .count("needed", needed);
    if capacity >= needed {
        return Check::says(CheckId::Bandwidth, Status::Pass, summary, None);
    }
    let (fix, it) = if up < down {
        ("verdict-bandwidth-upload-too-low", "verdict-bandwidth-upload-too-low-it")
    } else {
        ("verdict-bandwidth-download-too-low", "verdict-bandwidth-download-too-low-it")
    };
    let required = f64::from(needed) * t.per_call_kbps;
    let fix = Text::new(fix).count("needed", needed).kbps("rate", required);
    let it = Text::new(it)
        .kbps("down", down)
        .kbps("up", up)
        .kbps("rate", t.per_call_kbps)
        .count("calls", capacity)
        .count("needed", needed)
        .kbps("required", required);
    Check::says(CheckId::Bandwidth, Status::Fail, summary, Some(fix)).for_it(it)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::probes::FetchFailure;
    use crate::thresholds::Thresholds;
    use crate::verdict::fixtures::{status_of, with_bandwidth};
    use crate::verdict::{evaluate, CheckId, Status};

    #[test]
    fn capacity_against_the_calls_the_session_needs() {
        let run = with_bandwidth(Some(2000.0), Some(2100.0), 20.0, 30.0);
        let t = Thresholds::default();
        let enough = evaluate(&run, &t, 20).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(enough.status, Status::Pass, "{}", enough.summary);
        assert_eq!(
            enough.summary.english(),
            "Download 2.0 Mbit/s, upload 2.1 Mbit/s: this link carries about 20 simultaneous calls at 100 kbit/s each; 20 needed."
        );
        let short = evaluate(&run, &t, 21).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(short.status, Status::Fail);
        assert_eq!(
            short.fix.as_ref().map(|f| f.english()).as_deref(),
            Some(
                "The download rate is too low for 21 simultaneous calls: ask for a faster internet link (at least \
                 2.1 Mbit/s each way), or keep other traffic off it during calls."
            )
        );
        let one = status_of(&with_bandwidth(Some(150.0), Some(90.0), 20.0, 30.0), CheckId::Bandwidth);
        assert_eq!(
            one.summary.english(),
            "Download 150 kbit/s, upload 90 kbit/s: this link carries about 0 simultaneous calls at 100 kbit/s each; \
             1 needed."
        );
        assert!(one.fix.unwrap().english().starts_with("The upload rate is too low for 1 simultaneous calls"));
    }

    #[test]
    fn an_unmeasured_direction_warns_with_the_reason_the_page_recorded() {
        let cut = status_of(&with_bandwidth(Some(2000.0), None, 20.0, 30.0), CheckId::Bandwidth);
        assert_eq!(cut.status, Status::Warn);
        assert_eq!(
            cut.summary.english(),
            "The upload rate could not be measured: too little got through in the time allowed."
        );
        let both = status_of(&with_bandwidth(None, None, 20.0, 30.0), CheckId::Bandwidth);
        assert!(both.summary.english().starts_with("The download and upload rate could not be measured: "));
        let with_failure = |failure| {
            let mut run = with_bandwidth(Some(2000.0), None, 20.0, 30.0);
            run.bandwidth.as_mut().unwrap().up.failure = failure;
            status_of(&run, CheckId::Bandwidth).summary.english()
        };
        assert_eq!(
            with_failure(Some(FetchFailure::Network)),
            "The upload rate could not be measured: transfers to the platform were cut off."
        );
        assert_eq!(
            with_failure(Some(FetchFailure::Status { code: 413 })),
            "The upload rate could not be measured: the platform refused the transfers (HTTP 413)."
        );
        assert_eq!(
            with_failure(Some(FetchFailure::Timeout)),
            "The upload rate could not be measured: too little got through in the time allowed."
        );
    }

    #[test]
    fn capacity_is_written_with_each_language_s_plurals_and_decimal_mark() {
        let run = with_bandwidth(Some(2000.0), Some(2100.0), 20.0, 30.0);
        let check = evaluate(&run, &Thresholds::default(), 2).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(
            check.summary.render(Lang::Ru),
            "Приём 2,0\u{a0}Мбит/с, передача 2,1\u{a0}Мбит/с: канал выдержит около 20 одновременных звонков \
             при 100\u{a0}кбит/с на звонок; требуется 2."
        );
        assert_eq!(
            check.summary.render(Lang::Fr),
            "Réception 2,0\u{a0}Mbit/s, envoi 2,1\u{a0}Mbit/s\u{a0}: cette liaison peut porter environ 20 appels \
             simultanés à 100\u{a0}kbit/s chacun\u{a0}; 2 nécessaires."
        );
    }
}
