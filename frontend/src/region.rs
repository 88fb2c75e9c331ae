//! The region the test runs in. A deployment may have several nodes (regions) that
//! share one database; before the probes, the page asks its own node for them
//! (`GET /api/regions`) and, when more than one is healthy, measures each at once —
//! HTTPS pings and a STUN binding, within [`STEP_MS`] — then sends every call of the
//! test to the region the invite pins, else to the nearest (see
//! [`crate::browser::set_api_origin`]). What it measured goes with the run. A node
//! that lists one region, or none (an older server), changes nothing.

use callready_common::probes::region::{RegionList, RegionMeasurement, RegionView, RegionsReport, MAX_REGIONS};
use callready_common::stats::Summary;
use futures::future::{join_all, select, Either};
use leptos::prelude::*;

use crate::browser::http::ping;
use crate::browser::rtc::{Gathering, ServerSpec};
use crate::browser::set_api_origin;
use crate::browser::time::{now_ms, within};
use crate::i18n::{lang, t};
use crate::run::Row;

/// Longest the whole step takes, from asking for the list to the choice.
const STEP_MS: f64 = 3_000.0;
/// Longest the page waits for the list of regions.
const LIST_TIMEOUT_MS: u32 = 1_500;
/// HTTPS pings measured per region, after one that opens the connection.
const PINGS: usize = 3;
/// How long a STUN binding may still take once its region's HTTPS pings are done…
const STUN_GRACE_MS: f64 = 500.0;
/// …but never less than this from the start of the measurement.
const STUN_AT_LEAST_MS: f64 = 1_000.0;

/// The region the test runs in, and what was measured to choose it.
pub struct Chosen {
    pub report: RegionsReport,
    /// The node that served this page (the test falls back to it): name, display name.
    here: (String, String),
    /// The display name of the region used.
    used_display: String,
}

impl Chosen {
    /// The region chosen did not give the test's settings: the test runs against this
    /// page's own node instead, and the row says so. `false` when it already did.
    pub fn stay_here(&mut self, row: RwSignal<Option<Row>>) -> bool {
        let (name, display) = &self.here;
        if self.report.used == *name {
            return false;
        }
        set_api_origin("");
        self.report.used = name.clone();
        self.report.pinned = false;
        let text = crate::t!("region-fallback", region = display.clone(), chosen = self.used_display.clone());
        row.set(Some(Row::Done(text)));
        true
    }
}

/// Chooses the region the test runs in and points the test's calls at it; `None`
/// (and the calls left on this page's node, with no row shown) when the deployment
/// has one region, or the list did not come.
pub async fn choose(pinned: Option<String>, row: RwSignal<Option<Row>>) -> Option<Chosen> {
    set_api_origin("");
    row.set(None);
    let started = now_ms();
    let list = crate::api::regions(LIST_TIMEOUT_MS).await.ok()?;
    let healthy: Vec<&RegionView> = list.regions.iter().filter(|r| r.healthy).take(MAX_REGIONS).collect();
    let pin_elsewhere = pinned.as_deref().is_some_and(|p| !healthy.iter().any(|r| r.name == p));
    // One healthy region is measured only to say that the invite's is not available
    // (stopped, or silent: the server refuses to pin an invite to an unknown region).
    let worth_it = healthy.len() > 1 || (healthy.len() == 1 && pin_elsewhere);
    if !worth_it {
        return None;
    }
    row.set(Some(Row::Running(crate::t!("region-measuring", count = healthy.len()))));
    let deadline = (started + STEP_MS).max(now_ms() + STEP_MS / 2.0);
    let measured: Vec<RegionMeasurement> = join_all(healthy.iter().map(|r| measure(r, deadline))).await;
    let choice = pick(&measured, pinned.as_deref());
    let used = match choice {
        Choice::Pinned(i) | Choice::Nearest(i) => Some(&measured[i]),
        Choice::NoAnswer => None,
    };
    let here = here(&list);
    let (used_name, used_display) = match used {
        Some(m) => (m.name.clone(), m.display_name.clone()),
        None => here.clone(),
    };
    if used_name != here.0 {
        if let Some(region) = healthy.iter().find(|r| r.name == used_name) {
            set_api_origin(&region.http_url);
        }
    }
    let rtt = used
        .and_then(|m| m.https_rtt_ms.or(m.stun_rtt_ms))
        .map(|ms| lang().ms(ms))
        .unwrap_or_else(|| t("region-no-answer"));
    let region = used_display.clone();
    let text = match (choice, pinned) {
        (Choice::Pinned(_), _) => crate::t!("region-pinned", region = region, rtt = rtt),
        (Choice::NoAnswer, _) => crate::t!("region-none-answered", region = region),
        (Choice::Nearest(_), Some(pinned)) => {
            // Its display name while the list still has it (silent, not stopped).
            let pinned = list.regions.iter().find(|r| r.name == pinned).map_or(pinned, |r| r.display_name.clone());
            crate::t!("region-pin-unavailable", region = region, rtt = rtt, pinned = pinned)
        }
        (Choice::Nearest(_), None) => crate::t!("region-nearest", region = region, rtt = rtt),
    };
    row.set(Some(Row::Done(text)));
    let report = RegionsReport {
        measured,
        used: used_name,
        pinned: matches!(choice, Choice::Pinned(_)),
        selection_ms: now_ms() - started,
    };
    Some(Chosen { report, here, used_display })
}

/// The node that answered the list: its name and display name.
fn here(list: &RegionList) -> (String, String) {
    let display = list.regions.iter().find(|r| r.name == list.this).map(|r| r.display_name.clone());
    (list.this.clone(), display.unwrap_or_else(|| list.this.clone()))
}

/// One region's HTTPS round trip and STUN binding, measured at the same time until
/// `deadline` (`now_ms`). Once the HTTPS pings are done the STUN binding gets
/// [`STUN_GRACE_MS`] more (and [`STUN_AT_LEAST_MS`] in all): a browser with a public
/// address of its own gives no server-reflexive candidate at all, and the step must
/// not wait for one until its deadline.
async fn measure(region: &RegionView, deadline: f64) -> RegionMeasurement {
    let started = now_ms();
    let https = Box::pin(https_rtt(&region.http_url, deadline));
    let stun = Box::pin(async {
        let url = region.stun_url.as_deref()?;
        within((deadline - now_ms()).max(0.0) as u32, stun_rtt(url, deadline)).await.flatten()
    });
    let (https_rtt_ms, stun_rtt_ms) = match select(https, stun).await {
        Either::Left((https, stun)) => {
            let cut = deadline.min((now_ms() + STUN_GRACE_MS).max(started + STUN_AT_LEAST_MS));
            (https, within((cut - now_ms()).max(0.0) as u32, stun).await.flatten())
        }
        Either::Right((stun, https)) => (https.await, stun),
    };
    RegionMeasurement {
        name: region.name.clone(),
        display_name: region.display_name.clone(),
        https_rtt_ms,
        stun_rtt_ms,
    }
}

/// The lowest of [`PINGS`] cross-origin `GET {origin}/api/ping` (no-store, no
/// cookies), sent one after the other once a first one has opened the connection;
/// `None` when none came back (refused, blocked, or no CORS answer) before `deadline`.
/// The lowest, not the median: the regions are measured at once, so a ping may
/// wait behind another region's work in the page, and the choice wants each path's
/// own round trip (as speed tests choose their server), not that wait. Each is timed
/// by Resource Timing where the browser gives it, as the HTTPS probe's are.
async fn https_rtt(origin: &str, deadline: f64) -> Option<f64> {
    let mut rtts = Vec::with_capacity(PINGS);
    for n in 0..=PINGS {
        let left = deadline - now_ms();
        if left < 1.0 {
            break;
        }
        match ping(origin, left as u32).await {
            Ok(rtt) => {
                if n > 0 {
                    rtts.push(rtt.ms);
                }
            }
            _ => break,
        }
    }
    Summary::of(&rtts).map(|s| s.min_ms)
}

/// Time from setting the local description to the first server-reflexive candidate
/// with `stun_url` as the only ICE server: one STUN binding's round trip.
async fn stun_rtt(stun_url: &str, deadline: f64) -> Option<f64> {
    let urls = [stun_url.to_string()];
    let server = ServerSpec { urls: &urls, username: None, credential: None };
    let mut gathering = Gathering::start(server, false).await.ok()?;
    loop {
        let left = deadline - now_ms();
        if left < 1.0 {
            return None;
        }
        match gathering.next(left as u32).await {
            Ok((Some(candidate), at)) if candidate.kind == "srflx" => return Some(at - gathering.started_ms()),
            Ok((Some(_), _)) => {}
            Ok((None, _)) | Err(()) => return None,
        }
    }
}

/// Which measured region the test runs in (an index into the measurements).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Choice {
    /// The invite's (only healthy regions are measured).
    Pinned(usize),
    /// The lowest HTTPS round trip (the STUN round trip breaks ties, and decides when
    /// no HTTPS ping came back).
    Nearest(usize),
    /// Nothing answered.
    NoAnswer,
}

fn pick(measured: &[RegionMeasurement], pinned: Option<&str>) -> Choice {
    if let Some(i) = pinned.and_then(|p| measured.iter().position(|m| m.name == p)) {
        return Choice::Pinned(i);
    }
    let key = |m: &RegionMeasurement| {
        (m.https_rtt_ms.is_none(), m.https_rtt_ms.unwrap_or(f64::INFINITY), m.stun_rtt_ms.unwrap_or(f64::INFINITY))
    };
    measured
        .iter()
        .enumerate()
        .filter(|(_, m)| m.https_rtt_ms.is_some() || m.stun_rtt_ms.is_some())
        .min_by(|(_, a), (_, b)| {
            let (a, b) = (key(a), key(b));
            a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.total_cmp(&b.2))
        })
        .map_or(Choice::NoAnswer, |(i, _)| Choice::Nearest(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str, https: Option<f64>, stun: Option<f64>) -> RegionMeasurement {
        RegionMeasurement { name: name.into(), display_name: name.into(), https_rtt_ms: https, stun_rtt_ms: stun }
    }

    #[test]
    fn the_lowest_https_round_trip_wins() {
        let measured = [region("eu", Some(40.0), Some(5.0)), region("us", Some(20.0), Some(90.0))];
        assert_eq!(pick(&measured, None), Choice::Nearest(1));
    }

    #[test]
    fn stun_breaks_ties_and_stands_in_without_https() {
        let tied = [region("eu", Some(20.0), Some(30.0)), region("us", Some(20.0), Some(10.0))];
        assert_eq!(pick(&tied, None), Choice::Nearest(1));
        let stun_only = [region("eu", None, Some(30.0)), region("us", None, Some(10.0)), region("ap", None, None)];
        assert_eq!(pick(&stun_only, None), Choice::Nearest(1));
        let one_https = [region("eu", None, Some(1.0)), region("us", Some(200.0), None)];
        assert_eq!(pick(&one_https, None), Choice::Nearest(1));
    }

    #[test]
    fn a_measured_pin_wins_even_when_farther_or_silent() {
        let measured = [region("eu", Some(20.0), None), region("us", None, None)];
        assert_eq!(pick(&measured, Some("us")), Choice::Pinned(1));
    }

    #[test]
    fn a_pin_that_was_not_measured_falls_back_to_the_nearest() {
        let measured = [region("eu", Some(20.0), None), region("us", Some(80.0), None)];
        assert_eq!(pick(&measured, Some("ap")), Choice::Nearest(0));
    }

    #[test]
    fn nothing_answered_chooses_nothing() {
        assert_eq!(pick(&[region("eu", None, None), region("us", None, None)], None), Choice::NoAnswer);
        assert_eq!(pick(&[], None), Choice::NoAnswer);
    }
}
