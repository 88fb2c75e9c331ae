//! Bandwidth and call capacity: the slower direction over the rate one call needs,
//! against the calls the session asks for.

use super::{Check, CheckId, Status};
use crate::probes::bandwidth::{BandwidthReport, TransferReport};
use crate::probes::FetchFailure;
use crate::stats::rate;
use crate::thresholds::Thresholds;

pub(super) fn check(b: &BandwidthReport, t: &Thresholds, calls_needed: u32) -> Check {
    let (Some(down), Some(up), Some(capacity)) = (b.down.kbps, b.up.kbps, b.capacity(t.per_call_kbps)) else {
        let failed: Vec<(&TransferReport, &str)> =
            [(&b.down, "download"), (&b.up, "upload")].into_iter().filter(|(d, _)| d.kbps.is_none()).collect();
        let names: Vec<&str> = failed.iter().map(|(_, name)| *name).collect();
        let why = match failed.iter().find_map(|(d, _)| d.failure) {
            Some(FetchFailure::Status { code }) => format!("the platform refused the transfers (HTTP {code})"),
            Some(FetchFailure::Network) => "transfers to the platform were cut off".to_string(),
            _ => "too little got through in the time allowed".to_string(),
        };
        return Check::new(
            CheckId::Bandwidth,
            Status::Warn,
            format!("The {} rate could not be measured: {why}.", names.join(" and ")),
            Some("Ask IT whether a proxy or firewall limits large HTTPS transfers to the platform, then run the test again."),
        );
    };
    let needed = calls_needed.max(1);
    let summary = format!(
        "Download {}, upload {}: this link carries about {capacity} simultaneous call{} at {} each; {needed} needed.",
        rate(down),
        rate(up),
        if capacity == 1 { "" } else { "s" },
        rate(t.per_call_kbps),
    );
    if capacity >= needed {
        return Check::new(CheckId::Bandwidth, Status::Pass, summary, None);
    }
    let slower = if up < down { "upload" } else { "download" };
    let fix = format!(
        "The {slower} rate is too low for {needed} simultaneous calls: ask for a faster internet link \
         (at least {} each way), or keep other traffic off it during calls.",
        rate(f64::from(needed) * t.per_call_kbps)
    );
    Check::new(CheckId::Bandwidth, Status::Fail, summary, Some(&fix))
}

#[cfg(test)]
mod tests {
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
            enough.summary,
            "Download 2.0 Mbit/s, upload 2.1 Mbit/s: this link carries about 20 simultaneous calls at 100 kbit/s each; 20 needed."
        );
        let short = evaluate(&run, &t, 21).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(short.status, Status::Fail);
        assert!(short.fix.as_deref().unwrap().contains("download rate is too low for 21"), "{:?}", short.fix);
        assert!(short.fix.as_deref().unwrap().contains("2.1 Mbit/s each way"), "{:?}", short.fix);
    }

    #[test]
    fn an_unmeasured_direction_warns_with_the_reason_the_page_recorded() {
        let cut = status_of(&with_bandwidth(Some(2000.0), None, 20.0, 30.0), CheckId::Bandwidth);
        assert_eq!(cut.status, Status::Warn);
        assert!(cut.summary.starts_with("The upload rate could not be measured"), "{}", cut.summary);
        let with_failure = |failure| {
            let mut run = with_bandwidth(Some(2000.0), None, 20.0, 30.0);
            run.bandwidth.as_mut().unwrap().up.failure = failure;
            status_of(&run, CheckId::Bandwidth).summary
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
}
