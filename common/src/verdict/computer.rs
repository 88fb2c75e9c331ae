//! Computer: memory (where the browser tells) and processor count.

use super::{Check, CheckId, Status};
use crate::probes::RunResults;
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let cores = b
        .hardware_concurrency
        .map(|c| format!("{c} logical processors"))
        .unwrap_or_else(|| "processor count unknown".into());
    let recommended = t.recommended_memory_gb;
    match b.device_memory_gb {
        None => Check::new(
            CheckId::Computer,
            Status::Unknown,
            format!("Memory: unknown (this browser does not report it); {cores}."),
            Some(&format!("Check in the system settings that the computer has at least {recommended} GB of memory.")),
        ),
        Some(gb) if gb < recommended => Check::new(
            CheckId::Computer,
            Status::Warn,
            format!("The browser reports {gb} GB of memory; softphones ask for {recommended} GB; {cores}."),
            Some(&format!(
                "Close other applications during calls, or use a computer with at least {recommended} GB of memory."
            )),
        ),
        Some(gb) => Check::new(CheckId::Computer, Status::Pass, format!("At least {gb} GB of memory; {cores}."), None),
    }
}

#[cfg(test)]
mod tests {
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn unknown_memory_does_not_change_the_verdict() {
        let mut run = healthy_run();
        run.browser.device_memory_gb = None;
        let check = status_of(&run, CheckId::Computer);
        assert_eq!(check.status, Status::Unknown);
        assert!(check.summary.contains("unknown"));
        run.browser.device_memory_gb = Some(4.0);
        assert_eq!(status_of(&run, CheckId::Computer).status, Status::Warn);
    }
}
