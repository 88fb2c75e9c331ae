//! Summary statistics of round-trip samples, the way the report shows them.

use serde::{Deserialize, Serialize};

/// Median, 95th percentile and extremes of a set of samples (milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of finite samples summarised.
    pub count: usize,
    /// Smallest sample, ms.
    pub min_ms: f64,
    /// Median, ms: the mean of the middle two for an even count.
    pub median_ms: f64,
    /// 95th percentile, ms, by nearest rank: always a measured sample.
    pub p95_ms: f64,
    /// Largest sample, ms.
    pub max_ms: f64,
}

impl Summary {
    /// Summarises finite samples; `None` when there are none.
    pub fn of(samples_ms: &[f64]) -> Option<Summary> {
        let mut sorted: Vec<f64> = samples_ms.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        Some(Summary {
            count: sorted.len(),
            min_ms: sorted[0],
            median_ms: median_of_sorted(&sorted),
            p95_ms: percentile_of_sorted(&sorted, 95.0),
            max_ms: sorted[sorted.len() - 1],
        })
    }
}

/// A duration for people: one decimal below 10 ms (loopback and LAN figures), whole
/// milliseconds above, where decimals would be noise.
pub fn ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.1} ms")
    } else {
        format!("{value:.0} ms")
    }
}

/// A rate for people: kbit/s below 1 Mbit/s, Mbit/s with one decimal up to 100,
/// whole Mbit/s above, Gbit/s above 1 Gbit/s.
pub fn rate(kbps: f64) -> String {
    if kbps < 1000.0 {
        format!("{kbps:.0} kbit/s")
    } else if kbps < 100_000.0 {
        format!("{:.1} Mbit/s", kbps / 1000.0)
    } else if kbps < 1_000_000.0 {
        format!("{:.0} Mbit/s", kbps / 1000.0)
    } else {
        format!("{:.1} Gbit/s", kbps / 1_000_000.0)
    }
}

fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Nearest-rank percentile: the smallest sample with at least `pct` % of samples at
/// or below it. It never invents a value that was not measured.
fn percentile_of_sorted(sorted: &[f64], pct: f64) -> f64 {
    let rank = ((pct / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_naturally() {
        assert_eq!(rate(80.0), "80 kbit/s");
        assert_eq!(rate(1913.0), "1.9 Mbit/s");
        assert_eq!(rate(250_400.0), "250 Mbit/s");
        assert_eq!(rate(7_504_500.0), "7.5 Gbit/s");
    }

    #[test]
    fn ms_keeps_a_decimal_only_for_small_values() {
        assert_eq!(ms(0.34), "0.3 ms");
        assert_eq!(ms(9.96), "10.0 ms");
        assert_eq!(ms(10.4), "10 ms");
        assert_eq!(ms(152.6), "153 ms");
    }

    #[test]
    fn empty_or_non_finite_input_has_no_summary() {
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[f64::NAN, f64::INFINITY]), None);
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_pair() {
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median_ms, 2.5);
        assert_eq!((s.min_ms, s.max_ms, s.count), (1.0, 4.0, 4));
    }

    #[test]
    fn p95_is_nearest_rank() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        let s = Summary::of(&samples).unwrap();
        assert_eq!(s.p95_ms, 19.0);
        assert_eq!(s.median_ms, 10.5);
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(Summary::of(&ten).unwrap().p95_ms, 10.0);
        assert_eq!(Summary::of(&[7.0]).unwrap().p95_ms, 7.0);
    }

    #[test]
    fn one_slow_sample_moves_p95_not_median() {
        let mut samples = vec![10.0; 19];
        samples.push(500.0);
        let s = Summary::of(&samples).unwrap();
        assert_eq!(s.median_ms, 10.0);
        assert_eq!(s.p95_ms, 10.0);
        assert_eq!(s.max_ms, 500.0);
    }
}
