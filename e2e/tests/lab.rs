//! The truth lab: each scenario imposes a known condition on the link between a real
//! browser and the server (each in a network namespace of the test's own) and checks
//! the figures the page stored against it. `cargo xtask test` runs these one at a
//! time, after the other tests, so no other load bends the figures. Each test prints
//! "imposed … measured …" lines: the figures in the issue notes come from them.

use callready_common::api::{RunView, SessionView};
use callready_common::probes::bandwidth::CountedAt;
use callready_common::stats::Summary;
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_e2e::holdup::{until_within, Excused};
use callready_e2e::lab::{tbf_burst_bytes, Impairment, Lab};
use callready_e2e::linkemu::DelayModel;
use callready_e2e::{init_logging, run_agent_test_at, Browser, BrowserSession};
use callready_server::config::Config;

/// Creates a session asking for `calls` simultaneous calls over the control link.
async fn create_session(lab: &Lab, calls: u32) -> anyhow::Result<callready_e2e::Invite> {
    let body: serde_json::Value = reqwest::Client::new()
        .post(lab.control_url("/api/sessions"))
        .json(&serde_json::json!({ "label": "truth lab", "calls": calls }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    callready_e2e::Invite::from_answer(&body)
}

/// Runs the agent test once more in `session` and returns the stored run.
async fn run_once(lab: &Lab, session: &BrowserSession, calls: u32) -> anyhow::Result<RunView> {
    let code = create_session(lab, calls).await?;
    run_agent_test_at(session, &lab.origin(), &code).await?;
    let stored: SessionView = reqwest::get(lab.control_url(&format!("/api/sessions/{}", code.report)))
        .await?
        .error_for_status()?
        .json()
        .await?;
    let run = stored.runs.into_iter().next().ok_or_else(|| anyhow::anyhow!("no run stored"))?;
    let paths: Vec<String> = run
        .results
        .ice
        .iter()
        .map(|p| {
            let how = p.connected.as_ref().map(|c| c.describe()).unwrap_or_else(|| format!("{:?}", p.failure));
            format!("{}: {how} (gathered in {:?} ms)", p.transport.label(), p.gathering_ms.map(f64::round))
        })
        .collect();
    println!(
        "[{}] ICE over the lab link: {}; calls connected in {:?} ms; whole test {:.1} s",
        session.browser.name(),
        paths.join("; "),
        run.results.media.as_ref().and_then(|m| m.connect_ms).map(f64::round),
        run.results.duration_ms / 1000.0
    );
    Ok(run)
}

async fn start(
    browser: Browser,
    impairment: Impairment,
    configure: impl FnOnce(&mut Config),
) -> anyhow::Result<(Lab, tempfile::TempDir, BrowserSession)> {
    init_logging();
    let (lab, dir) = Lab::start(impairment, configure)?;
    let session = BrowserSession::open_in(browser, &lab.browser, &lab.origin()).await?;
    Ok((lab, dir, session))
}

fn within(measured: f64, expected: f64, tolerance: f64) -> bool {
    (measured - expected).abs() <= tolerance
}

fn check(run: &RunView, id: CheckId) -> &callready_common::verdict::Check {
    run.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no {id:?} line in {:#?}", run.checks))
}

// ---- the page's first load ---------------------------------------------------------

/// The agent's page on the lab's 2 Mbit/s link, with a fresh browser's empty cache and
/// then again with what it kept: bytes over the wire per kind, and when Start could
/// first be pressed. The lab serves plain HTTP, where browsers ask for gzip, not
/// brotli (HTTPS deployments send brotli: `cargo xtask bench weight`).
async fn first_load(browser: Browser) -> anyhow::Result<()> {
    let kbit = 2_000;
    let (lab, _dir, session) = start(browser, Impairment::Rate { kbit, queue_ms: 50 }, |_| {}).await?;
    let mut loads = Vec::new();
    for cache in ["empty", "warm"] {
        let code = create_session(&lab, 1).await?;
        let load = callready_e2e::load_agent_page(&session, &lab.origin(), &code).await?;
        println!(
            "[{}] {kbit} kbit/s link, {cache} cache: interactive at {:.0} ms; over the wire: page {:.1} KB \
             (bodies at {:.0} % of their size), probes {:.1} KB, API {:.1} KB",
            browser.name(),
            load.interactive_ms,
            load.page_bytes / 1000.0,
            100.0 * load.compressed_to,
            load.probes_bytes / 1000.0,
            load.api_bytes / 1000.0
        );
        loads.push(load);
    }
    session.quit().await?;
    let (cold, warm) = (&loads[0], &loads[1]);
    assert!(cold.probes_bytes > 0.0, "the probes' module was fetched before Start: {cold:?}");
    assert!(cold.compressed_to < 0.5, "the page's files came compressed: {cold:?}");
    assert!(
        warm.page_bytes + warm.probes_bytes < 0.2 * (cold.page_bytes + cold.probes_bytes),
        "the second load reused the cache: {warm:?} after {cold:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_loads_the_page_on_a_2_mbit_link() -> anyhow::Result<()> {
    first_load(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_loads_the_page_on_a_2_mbit_link() -> anyhow::Result<()> {
    first_load(Browser::Firefox).await
}

// ---- rates (tc tbf) -------------------------------------------------------------

/// The TCP goodput a `kbit` kbit/s link carries: full segments of 1448 payload bytes
/// in 1514-byte frames (Ethernet, IPv4, TCP with timestamps), which tbf counts whole.
fn goodput_ceiling(kbit: u32) -> f64 {
    f64::from(kbit) * 1448.0 / 1514.0
}

/// Runs at `kbit`: each within ±3 % of the goodput ceiling, their mean within ±1.5 %.
/// Five on the 2 Mbit/s link, where a 2 s window holds 480 kB and a few segments
/// counted a moment late move one run by 0.5–1 % (Chromium's downloads read −1.2
/// to +0.2 % there, Firefox's −1.9 to +1.8 %); three at 20 and 50 Mbit/s, where runs
/// agree within 0.3 % but a first run at 50 Mbit/s has read +1.5 % (the shaper's
/// bucket, refilled in a pause, counted in the window's first second); two at 100
/// Mbit/s, where every run of the recent test commands read within 0.2 % of the
/// ceiling (each run costs the test command about 40 s across both browsers).
fn runs_per_rate(kbit: u32) -> usize {
    match kbit {
        0..=2_000 => 5,
        2_001..=50_000 => 3,
        _ => 2,
    }
}

/// Every rate on one server and one browser (the link's tbf replaced between rates),
/// at the product's defaults, so each run's duration is what an agent waits.
async fn rates(browser: Browser) -> anyhow::Result<()> {
    let (lab, _dir, session) = start(browser, Impairment::Rate { kbit: 2_000, queue_ms: 50 }, |_| {}).await?;
    let mut failures = Vec::new();
    let mut excused = Excused::default();
    for kbit in [2_000, 20_000, 50_000, 100_000] {
        lab.set_rate(kbit, 50)?;
        let ceiling = goodput_ceiling(kbit);
        let mut readings = Vec::new();
        let mut rerun = false;
        let mut attempt = 0;
        while readings.len() < runs_per_rate(kbit) {
            attempt += 1;
            let mut outside = Vec::new();
            lab.hold_ups().take_worst();
            let run = run_once(&lab, &session, 20).await?;
            let held_up = lab.hold_ups().take_worst();
            let b = run.results.bandwidth.as_ref().expect("bandwidth measured");
            let (down, up) = (b.down.kbps.unwrap_or(0.0), b.up.kbps.unwrap_or(0.0));
            let off = |v: f64| 100.0 * (v / ceiling - 1.0);
            println!(
                "[{}] {kbit} kbit/s run {attempt}: whole test {:.1} s; goodput ceiling {ceiling:.0}; down {down:.0} \
                 ({:+.2} %) in {:.1} s, up {up:.0} ({:+.2} %) in {:.1} s, counted at {:?}/{:?}; per second down {:?} \
                 up {:?}; {}; worst hold-up {held_up:?}",
                browser.name(),
                run.results.duration_ms / 1000.0,
                off(down),
                b.down.seconds,
                off(up),
                b.up.seconds,
                b.down.counted_at,
                b.up.counted_at,
                b.down.samples_kbps.iter().map(|v| v.round()).collect::<Vec<_>>(),
                b.up.samples_kbps.iter().map(|v| v.round()).collect::<Vec<_>>(),
                check(&run, CheckId::Bandwidth).summary
            );
            for (name, value, t) in [("down", down, &b.down), ("up", up, &b.up)] {
                if t.counted_at != Some(CountedAt::ServerSocket) {
                    outside.push(format!("{kbit} kbit/s run {attempt} {name}: counted at {:?}", t.counted_at));
                }
                if !within(value, ceiling, 0.03 * ceiling) {
                    outside.push(format!("{kbit} kbit/s run {attempt} {name}: {value:.0} vs {ceiling:.0} ±3 %"));
                }
                // The first second may also carry the bucket tbf filled while the link
                // was idle before the transfer.
                let burst_kbit = tbf_burst_bytes(kbit) as f64 * 8.0 / 1000.0;
                let most = |second: usize| f64::from(kbit) + if second == 0 { burst_kbit } else { 0.0 };
                if let Some((second, over)) = t.samples_kbps.iter().enumerate().find(|(i, s)| **s > most(*i)) {
                    outside.push(format!(
                        "{kbit} kbit/s run {attempt} {name}: second {second} read {over:.0}, above the link"
                    ));
                }
            }
            if kbit == 2_000 {
                // 18 or 19 calls: what ±3 % around the 1913 kbit/s ceiling holds.
                let capacity = b.capacity(100.0).expect("capacity");
                let bounds = (ceiling * 0.97 / 100.0).floor() as u32..=(ceiling * 1.03 / 100.0).floor() as u32;
                if !bounds.contains(&capacity) || capacity != (down.min(up) / 100.0).floor() as u32 {
                    outside.push(format!("capacity {capacity} calls at 100 kbit/s on {down:.0}/{up:.0} kbit/s"));
                }
            }
            let label = format!("[{}] {kbit} kbit/s run {attempt}", browser.name());
            if !outside.is_empty() && excused.rerun(&label, held_up) {
                continue;
            }
            // One run per rate may miss and be run again (printed above): Firefox's
            // uploads on the 2 Mbit/s link once read +3.3 %, the receiver's in-order
            // count still catching up on losses of the slow start (docs/methods.md).
            if !outside.is_empty() && !rerun {
                println!("[{}] {kbit} kbit/s run {attempt} outside the bounds, run again: {outside:?}", browser.name());
                rerun = true;
                continue;
            }
            failures.extend(outside);
            readings.push((down, up));
        }
        let mean = |pick: fn(&(f64, f64)) -> f64| readings.iter().map(pick).sum::<f64>() / readings.len() as f64;
        let (down, up) = (mean(|r| r.0), mean(|r| r.1));
        println!(
            "[{}] {kbit} kbit/s: mean of {} runs down {down:.0} ({:+.2} %), up {up:.0} ({:+.2} %)",
            browser.name(),
            readings.len(),
            100.0 * (down / ceiling - 1.0),
            100.0 * (up / ceiling - 1.0)
        );
        for (name, value) in [("down", down), ("up", up)] {
            if !within(value, ceiling, 0.015 * ceiling) {
                failures.push(format!("{kbit} kbit/s mean {name}: {value:.0} vs {ceiling:.0} ±1.5 %"));
            }
        }
    }
    session.quit().await?;
    assert!(failures.is_empty(), "outside the bounds: {failures:#?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_measures_each_link_rate() -> anyhow::Result<()> {
    rates(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_measures_each_link_rate() -> anyhow::Result<()> {
    rates(Browser::Firefox).await
}

// ---- bufferbloat (tbf with a deep queue) --------------------------------------

async fn deep_queue(browser: Browser) -> anyhow::Result<()> {
    let (lab, _dir, session) =
        start(browser, Impairment::Rate { kbit: 2_000, queue_ms: 600 }, |c| c.media_seconds = 3).await?;
    let run = run_once(&lab, &session, 5).await?;
    let b = run.results.bandwidth.as_ref().expect("bandwidth measured");
    let (increase, direction) = b.worst_increase().expect("idle and loaded round trips");
    let line = check(&run, CheckId::LoadedLatency);
    println!(
        "[{}] imposed tbf 2000 kbit/s with a 600 ms queue; measured idle {:?} ms, loaded down {:?} ms / up {:?} ms: \
         +{increase:.0} ms ({direction}); {:?}: {}",
        browser.name(),
        b.idle_rtt_ms.map(f64::round),
        b.down.loaded_rtt().map(f64::round),
        b.up.loaded_rtt().map(f64::round),
        line.status,
        line.summary
    );
    assert!(increase >= 200.0, "a 600 ms queue shows as at least 200 ms more round trip: {increase}");
    assert_eq!(line.status, Status::Warn, "{}", line.summary);
    assert!(line.fix.is_some());
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_warns_about_a_deep_queue() -> anyhow::Result<()> {
    deep_queue(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_warns_about_a_deep_queue() -> anyhow::Result<()> {
    deep_queue(Browser::Firefox).await
}

// ---- UDP loss (nftables numgen random) ----------------------------------------

async fn udp_loss(browser: Browser) -> anyhow::Result<()> {
    const PERCENT: u32 = 5;
    let (lab, _dir, session) = start(browser, Impairment::None, |c| c.bandwidth_seconds = 0).await?;
    let clean = run_once(&lab, &session, 5).await?;
    lab.add_udp_loss(PERCENT)?;
    let stream = |run: &RunView| run.results.media.as_ref().and_then(|m| m.stream.clone()).expect("a call stream");
    let mos = |run: &RunView| run.results.media.as_ref().and_then(|m| m.mos()).expect("a MOS for each run");
    let expected = 100.0 * (1.0 - (1.0 - f64::from(PERCENT) / 100.0).powi(2));
    let clean_stream = stream(&clean);
    // A run may miss and be run again (printed): on a fresh machine's first lab run
    // Chromium's page sent 2129 of its 2500 packets and 19.5 % went unanswered; the
    // same scenario alone read 9.60 % of 2500.
    let lossy = until_within(lab.hold_ups(), browser.name(), async |attempt| {
        let lossy = run_once(&lab, &session, 5).await?;
        let lossy_stream = stream(&lossy);
        println!(
            "[{}] imposed {PERCENT} % UDP loss each way ({expected:.2} % two-way), run {attempt}; measured {:.2} % \
             ({} of {} echoed, longest burst {}), MOS {:.2} vs {:.2} clean ({:.2} % loss)",
            browser.name(),
            lossy_stream.loss_pct,
            lossy_stream.received,
            lossy_stream.sent,
            lossy_stream.longest_loss_burst,
            mos(&lossy),
            mos(&clean),
            clean_stream.loss_pct
        );
        let outside = (!within(lossy_stream.loss_pct, expected, 2.0))
            .then(|| format!("loss {} vs {expected} ± 2 points", lossy_stream.loss_pct));
        Ok((lossy, outside.into_iter().collect()))
    })
    .await?;
    assert!(mos(&lossy) < mos(&clean), "MOS {} with loss, {} clean", mos(&lossy), mos(&clean));
    assert!(lab.dropped_udp_packets() > 0, "the firewall really dropped UDP");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_measures_udp_loss() -> anyhow::Result<()> {
    udp_loss(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_measures_udp_loss() -> anyhow::Result<()> {
    udp_loss(Browser::Firefox).await
}

// ---- delay and jitter (userspace link emulator on TUN devices) ----------------

struct RttFigures {
    https: f64,
    websocket: f64,
    call: f64,
}

fn rtts(run: &RunView) -> RttFigures {
    let median = |s: &[f64]| Summary::of(s).map(|s| s.median_ms).unwrap_or(f64::NAN);
    RttFigures {
        https: median(&run.results.https.rtt_ms),
        websocket: median(&run.results.websocket.echo_rtt_ms),
        call: run.results.media.as_ref().and_then(|m| m.stream.as_ref()?.rtt.map(|r| r.median_ms)).unwrap_or(f64::NAN),
    }
}

async fn delay(browser: Browser, one_way_ms: f64) -> anyhow::Result<()> {
    // No bandwidth test here: the emulator is a delay line without a rate, so a
    // saturating transfer would only measure the TUN devices' own queues.
    let (lab, _dir, session) =
        start(browser, Impairment::Delay(DelayModel::fixed(one_way_ms)), |c| c.bandwidth_seconds = 0).await?;
    let expected = 2.0 * one_way_ms;
    let tolerance = 2.0 + 0.05 * expected;
    // As with the rates, a run may miss and be run again (printed), twice at most: a
    // CI run once read every figure about 10 ms high (HTTPS 132.6 ms at 120 ms) on a
    // machine so stalled that the page had not started within 20 s, and a fresh
    // machine's first lab run read HTTPS 126.1 then 130.0 ms at 120 ms while the
    // emulator itself was held up to 40 ms (the same scenario read 125.1 alone).
    let run = until_within(lab.hold_ups(), browser.name(), async |attempt| {
        let run = run_once(&lab, &session, 5).await?;
        let r = rtts(&run);
        let (late_mean, late_max) = lab.emulator_lateness().expect("an emulated link");
        println!(
            "[{}] imposed {one_way_ms} ms each way ({expected} ms round trip), run {attempt}; measured HTTPS {:.1} ms, \
             WebSocket {:.1} ms, call stream {:.1} ms; verdict {:?}; emulator lateness so far mean {late_mean:?}, \
             max {late_max:?}",
            browser.name(),
            r.https,
            r.websocket,
            r.call,
            run.verdict
        );
        let mut outside: Vec<String> = [("HTTPS", r.https), ("WebSocket", r.websocket), ("call stream", r.call)]
            .into_iter()
            .filter(|(_, value)| !within(*value, expected, tolerance))
            .map(|(name, value)| format!("{name} RTT {value} vs {expected} ± {tolerance} ms"))
            .collect();
        // The HTTPS figure is the browser's Resource Timing (docs/methods.md); the
        // page's own clock stands in for a ping only when the browser gave no entry
        // in time, which a held-up machine may cause.
        let https = &run.results.https;
        if 2 * https.page_timed >= https.rtt_ms.len() as u32 {
            outside.push(format!(
                "{} of {} HTTPS pings timed by the page's clock",
                https.page_timed,
                https.rtt_ms.len()
            ));
        }
        Ok((run, outside))
    })
    .await?;
    let wanted = if expected < 150.0 { Status::Pass } else { Status::Warn };
    let overall = if expected < 150.0 { Verdict::Ready } else { Verdict::ReadyWithWarnings };
    assert_eq!(run.verdict, overall, "{:#?}", run.checks);
    for id in [CheckId::Https, CheckId::WebSocket] {
        assert_eq!(check(&run, id).status, wanted, "{}", check(&run, id).summary);
    }
    // Call quality also weighs jitter, loss and MOS; its RTT part alone decides here.
    assert_eq!(check(&run, CheckId::CallQuality).status, wanted, "{}", check(&run, CheckId::CallQuality).summary);
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_measures_60_ms_each_way() -> anyhow::Result<()> {
    delay(Browser::Chromium, 60.0).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_measures_60_ms_each_way() -> anyhow::Result<()> {
    delay(Browser::Firefox, 60.0).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_warns_at_100_ms_each_way() -> anyhow::Result<()> {
    delay(Browser::Chromium, 100.0).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_warns_at_100_ms_each_way() -> anyhow::Result<()> {
    delay(Browser::Firefox, 100.0).await
}

async fn jitter(browser: Browser) -> anyhow::Result<()> {
    let model = DelayModel::uniform(20.0, 60.0);
    let (lab, _dir, session) = start(browser, Impairment::Delay(model), |c| c.bandwidth_seconds = 0).await?;
    let run = run_once(&lab, &session, 1).await?;
    let page = run.results.media.as_ref().and_then(|m| m.stream.as_ref()?.jitter_ms).expect("jitter measured");
    // The page measures the return direction: server → browser.
    let emulator = lab.emulator_stats().expect("an emulated link").a_to_b.udp_jitter_ms;
    println!(
        "[{}] imposed delay uniform 20–60 ms each way; emulator mean RFC 3550 jitter server→browser {emulator:.2} ms, \
         page {page:.2} ms ({:+.0} %)",
        browser.name(),
        100.0 * (page / emulator - 1.0)
    );
    assert!(within(page, emulator, 0.30 * emulator), "page jitter {page} vs emulator {emulator} ± 30 %");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_measures_jitter() -> anyhow::Result<()> {
    jitter(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_measures_jitter() -> anyhow::Result<()> {
    jitter(Browser::Firefox).await
}

// ---- the harness itself ---------------------------------------------------------

/// The browser's namespace reaches the server over the measured link, and only there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_namespace_reaches_the_server_over_each_kind_of_link() -> anyhow::Result<()> {
    for impairment in [Impairment::None, Impairment::Delay(DelayModel::fixed(5.0))] {
        let (lab, _dir) = Lab::start(impairment, |_| {})?;
        let out = std::process::Command::new("ip")
            .args(["netns", "exec", &lab.browser.name, "curl", "-sS", "-m", "5"])
            .arg(format!("{}/healthz", lab.origin()))
            .output()?;
        let body = String::from_utf8_lossy(&out.stdout);
        println!("{impairment:?}: {body} {}", String::from_utf8_lossy(&out.stderr));
        assert!(body.contains("\"status\":\"ok\""), "{impairment:?}: {body}");
        let control: serde_json::Value = reqwest::get(lab.control_url("/healthz")).await?.json().await?;
        assert_eq!(control["status"], "ok");
    }
    Ok(())
}
