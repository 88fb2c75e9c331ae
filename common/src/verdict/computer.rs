//! Computer: memory (where the browser tells) and processor count.

use super::{Check, CheckId, Status, Text};
use crate::probes::RunResults;
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let cores = match b.hardware_concurrency {
        Some(count) => Text::new("verdict-computer-processors").count("count", count),
        None => Text::new("verdict-computer-processors-unknown"),
    };
    let recommended = t.recommended_memory_gb;
    match b.device_memory_gb {
        None => Check::says(
            CheckId::Computer,
            Status::Unknown,
            Text::new("verdict-computer-memory-unknown").text("cores", cores),
            Some(gigabytes(Text::new("verdict-computer-memory-unknown-fix"), "recommended", recommended)),
        ),
        Some(gb) if gb < recommended => Check::says(
            CheckId::Computer,
            Status::Warn,
            gigabytes(gigabytes(Text::new("verdict-computer-memory-low"), "gb", gb), "recommended", recommended)
                .text("cores", cores.clone()),
            Some(gigabytes(Text::new("verdict-computer-memory-low-fix"), "recommended", recommended)),
        )
        .for_it(
            gigabytes(gigabytes(Text::new("verdict-computer-memory-low-it"), "gb", gb), "recommended", recommended)
                .text("cores", cores),
        ),
        Some(gb) => Check::says(
            CheckId::Computer,
            Status::Pass,
            gigabytes(Text::new("verdict-computer-memory"), "gb", gb).text("cores", cores),
            None,
        ),
    }
}

/// `text` with an amount of memory in GB, with the decimals it has (`0.5`, `8`): the
/// browser reports powers of two.
fn gigabytes(text: Text, name: &str, gb: f64) -> Text {
    let decimals = gb.to_string().split_once('.').map_or(0, |(_, fraction)| fraction.len());
    text.decimal(name, gb, decimals)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn unknown_memory_does_not_change_the_verdict() {
        let mut run = healthy_run();
        run.browser.device_memory_gb = None;
        let check = status_of(&run, CheckId::Computer);
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.summary.english(), "Memory: unknown (this browser does not report it); 8 logical processors.");
        run.browser.device_memory_gb = Some(4.0);
        assert_eq!(status_of(&run, CheckId::Computer).status, Status::Warn);
    }

    #[test]
    fn memory_keeps_its_decimals_and_processors_their_plural() {
        let mut run = healthy_run();
        run.browser.device_memory_gb = Some(0.5);
        run.browser.hardware_concurrency = Some(2);
        let check = status_of(&run, CheckId::Computer);
        assert_eq!(
            check.summary.english(),
            "The browser reports 0.5 GB of memory; softphones ask for 8 GB; 2 logical processors."
        );
        assert_eq!(
            check.summary.render(Lang::Ru),
            "Браузер сообщает о 0,5\u{a0}ГБ памяти; софтфонам нужно 8\u{a0}ГБ; 2 логических процессора."
        );
        assert_eq!(
            check.fix.unwrap().english(),
            "Close other applications during calls, or use a computer with at least 8 GB of memory."
        );
    }
}
