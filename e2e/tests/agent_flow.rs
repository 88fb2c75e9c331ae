//! The walking skeleton in real browsers: support creates a session, the agent runs
//! the test at `/t/<code>`, the run is stored (anonymised), and support reads it at
//! `/r/<code>`. Each browser is its own test so the output names it.

use std::time::Duration;

use callready_common::api::SessionView;
use callready_common::probes::ice::{CandidateType, IceTransport, RelayProtocol};
use callready_common::ua::BrowserFamily;
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_e2e::{create_session, run_agent_test, Browser, BrowserSession, Server};
use thirtyfour::prelude::*;

async fn agent_runs_test_and_support_reads_report(browser: Browser) -> anyhow::Result<()> {
    let server = Server::start_with(|c| c.bandwidth_seconds = 5).await?;
    wasm_is_served_brotli_compressed(&server).await?;
    let code = create_session(&server, &format!("E2E {}", browser.name())).await?;
    let session = BrowserSession::open(browser).await?;
    landing_page_starts_a_session(&session, &server).await?;
    let shown_verdict = run_agent_test(&session, &server, &code).await?;

    let stored: SessionView = reqwest::get(server.url(&format!("/api/sessions/{}", code.report))).await?.json().await?;
    assert_eq!(stored.runs.len(), 1, "exactly one run is stored");
    let run = &stored.runs[0];
    let r = &run.results;
    println!(
        "[{}] verdict {:?}; https rtt {:?} ms; ws connect {:?} ms, echo {:?} ms; sip {:?} in {:?} ms; duration {:.0} ms",
        browser.name(),
        run.verdict,
        r.https.rtt_ms.iter().map(|v| (v * 10.0).round() / 10.0).collect::<Vec<_>>(),
        r.websocket.connect_ms.map(|v| v.round()),
        r.websocket.echo_rtt_ms.iter().map(|v| (v * 10.0).round() / 10.0).collect::<Vec<_>>(),
        r.websocket.sip.status,
        r.websocket.sip.rtt_ms,
        r.duration_ms
    );
    for probe in &r.ice {
        println!(
            "[{}] ICE {:?}: {:?}, first candidate {:?} ms, gathering {:?} ms, connected {}, failure {:?}",
            browser.name(),
            probe.transport,
            probe.candidate_types,
            probe.first_candidate_ms.map(|v| v.round()),
            probe.gathering_ms.map(|v| v.round()),
            probe.connected.as_ref().map(|p| p.describe()).unwrap_or_else(|| "no".into()),
            probe.failure
        );
    }
    println!(
        "[{}] media report: {:?}",
        browser.name(),
        r.media.as_ref().map(|m| (m.failure, m.connect_ms, m.stream.as_ref().map(|s| (s.sent, s.received))))
    );
    let expected_family = match browser {
        Browser::Chromium => BrowserFamily::Chrome,
        Browser::Firefox => BrowserFamily::Firefox,
    };
    assert_eq!(r.browser.ua.family, expected_family);
    assert_eq!(run.network.user_agent.family, expected_family, "the server's own view of the User-Agent");
    assert!(r.browser.has_rtc_peer_connection && r.browser.has_get_user_media && r.browser.has_websocket);
    match browser {
        Browser::Chromium => assert!(r.browser.device_memory_gb.is_some(), "Chromium reports deviceMemory"),
        Browser::Firefox => assert_eq!(r.browser.device_memory_gb, None, "Firefox memory must stay unknown"),
    }
    assert_eq!((r.https.attempts, r.https.rtt_ms.len()), (10, 10), "10 pings, all answered on loopback");
    assert_eq!(r.websocket.echo_rtt_ms.len(), 20, "20 WebSocket echoes");
    assert!(r.websocket.connect_ms.is_some() && r.websocket.failure.is_none());
    assert_eq!(r.websocket.sip.status, Some(200), "SIP OPTIONS answered 200 OK");
    assert!(r.websocket.sip.rtt_ms.is_some());
    // Every check has its line (but those of a requirement profile's ports: the
    // default profile names none). Those that only ask "does it work" (or read the
    // machine) pass on loopback; those judged on timings (round trips, rates, loaded
    // latency) are judged here by a busy two-core machine, not a network, so their
    // thresholds are proven in the truth lab instead and only printed here.
    let ids: Vec<CheckId> = run.checks.iter().map(|c| c.id).collect();
    for id in CheckId::ALL {
        assert_eq!(ids.contains(&id), !id.from_profile(), "{id:?} line: {:#?}", run.checks);
    }
    for check in &run.checks {
        println!("[{}] on loopback: {:?} {:?}: {}", browser.name(), check.id, check.status, check.summary);
    }
    for id in [CheckId::Browser, CheckId::SipOverWebSocket, CheckId::Connectivity] {
        let line = run.checks.iter().find(|c| c.id == id).expect("checked above");
        assert_eq!(line.status, Status::Pass, "{id:?}: {}", line.summary);
    }
    let computer = run.checks.iter().find(|c| c.id == CheckId::Computer).expect("checked above");
    assert!(matches!(computer.status, Status::Pass | Status::Unknown), "{}", computer.summary);
    let shown = match run.verdict {
        Verdict::Ready => "ready",
        Verdict::ReadyWithWarnings => "warnings",
        Verdict::NotReady => "not-ready",
    };
    assert_eq!(shown_verdict, shown, "the page shows the verdict the server stored");
    callready_e2e::rows_follow_their_checks(&session, &run.checks).await?;
    assert_eq!(run.network.client_prefix, "127.0.0.0/24");
    let probe = |transport| r.ice.iter().find(|p| p.transport == transport).expect("every transport is probed");
    assert!(probe(IceTransport::StunUdp).connected.is_some(), "STUN/UDP connects: {:?}", r.ice);
    for (transport, protocol) in [
        (IceTransport::TurnUdp, RelayProtocol::Udp),
        (IceTransport::TurnTcp, RelayProtocol::Tcp),
        (IceTransport::TurnTls, RelayProtocol::Tls),
    ] {
        let p = probe(transport);
        assert!(p.succeeded(), "{transport:?} works: {p:?}");
        let pair = p.connected.as_ref().unwrap_or_else(|| panic!("{transport:?} connects to the echo peer: {p:?}"));
        assert_eq!(
            (pair.local, pair.remote, pair.relay_protocol),
            (CandidateType::Relay, CandidateType::Host, Some(protocol)),
            "{transport:?} connects through a {protocol:?} relay to the echo peer's host candidate"
        );
    }
    let media = run.checks.iter().find(|c| c.id == CheckId::Connectivity).expect("a media-path line");
    assert_eq!(media.status, Status::Pass, "{}", media.summary);
    let call = r.media.as_ref().expect("a call-quality stream");
    let stream = call.stream.as_ref().unwrap_or_else(|| panic!("the stream ran: {call:?}"));
    let rtt = stream.rtt.expect("echoes came back");
    println!(
        "[{}] call stream: {} sent, {} echoed, loss {:.1} %, RTT median {:.2} ms p95 {:.2} ms max {:.2} ms, jitter {:.2} ms, MOS {:.2}, connect {:.0} ms",
        browser.name(),
        stream.sent,
        stream.received,
        stream.loss_pct,
        rtt.median_ms,
        rtt.p95_ms,
        rtt.max_ms,
        stream.jitter_ms.unwrap_or(0.0),
        call.mos().unwrap_or(0.0),
        call.connect_ms.unwrap_or(0.0)
    );
    assert_eq!(call.calls, 5, "the session asks for 5 simultaneous calls");
    assert_eq!(stream.sent, 750, "5 calls, 3 s at 50 packets/s");
    assert_eq!((stream.received, stream.loss_pct), (750, 0.0), "no loss on loopback");
    let path = call.path.as_ref().expect("the calls' selected pair");
    println!("[{}] calls went {}", browser.name(), path.describe());
    let audio = call.audio.as_ref().expect("the looped-back audio track's getStats() view");
    println!("[{}] audio loopback: {audio:?}; disagreement {:?}", browser.name(), audio.disagreement(stream));
    assert!(audio.packets_sent.unwrap_or(0) >= 100, "about 50 audio packets/s for 3 s went out: {audio:?}");
    assert!(audio.packets_received.unwrap_or(0) >= 100, "and came back from the echo peer: {audio:?}");
    assert!(audio.rtt_ms.is_some(), "the echo peer's receiver reports give remote-inbound-rtp an RTT: {audio:?}");
    assert_eq!(audio.lost_out, Some(0), "no audio lost on loopback: {audio:?}");
    assert_eq!(audio.disagreement(stream), None, "the two views agree on a clean link");
    // Plausible: measured, and inside the 2 s after which a packet counts as lost.
    assert!(rtt.median_ms > 0.0 && rtt.max_ms < 2000.0, "plausible RTT: {rtt:?}");
    assert!(!call.rtt_series.is_empty());
    let quality = run.checks.iter().find(|c| c.id == CheckId::CallQuality).expect("a call-quality line");
    assert!(quality.summary.english().starts_with("5 simultaneous calls, MOS"), "{}", quality.summary);

    let bandwidth = r.bandwidth.as_ref().expect("the bandwidth test ran");
    for (name, t) in [("download", &bandwidth.down), ("upload", &bandwidth.up)] {
        println!(
            "[{}] {name}: {:?} kbit/s steady, {} bytes in {:.1} s on {} streams, per second {:?}, loaded RTT {:?} ms (idle {:?})",
            browser.name(),
            t.kbps.map(f64::round),
            t.bytes,
            t.seconds,
            t.streams,
            t.samples_kbps.iter().map(|v| v.round()).collect::<Vec<_>>(),
            t.loaded_rtt().map(|v| (v * 10.0).round() / 10.0),
            bandwidth.idle_rtt_ms.map(|v| (v * 10.0).round() / 10.0),
        );
        assert!(t.kbps.is_some_and(|k| k > 0.0), "{name} over loopback: {t:?}");
        assert!(t.failure.is_none() && !t.samples_kbps.is_empty() && !t.loaded_rtt_ms.is_empty(), "{name}: {t:?}");
    }
    let capacity = run.checks.iter().find(|c| c.id == CheckId::Bandwidth).expect("a bandwidth line");
    assert!(capacity.summary.english().contains("5 needed"), "{}", capacity.summary);
    assert!(run.checks.iter().any(|c| c.id == CheckId::LoadedLatency), "{:#?}", run.checks);

    echo_peers_are_cleaned_up(&server, browser).await?;

    let on_disk = String::from_utf8_lossy(&server.database_bytes().await?).into_owned();
    assert!(on_disk.contains("127.0.0.0/24"));
    // The server's own addresses are stored (the ICE servers' URLs, the ports the
    // fixes name); on loopback they share the client's IP, so every one of its ports
    // is taken as its own.
    let state = &server.running.state;
    let turn = state.turn.clone().ok_or_else(|| anyhow::anyhow!("TURN runs"))?;
    let mut ports: Vec<u16> =
        [turn.udp_addr, turn.tcp_addr, turn.tls_addr].iter().flatten().map(|a| a.port()).collect();
    ports.push(server.running.addr.port());
    ports.extend(state.echo.iter().map(|e| e.advertised.port()));
    ports.extend(state.tls_probe.iter().map(|t| t.port));
    ports.extend(state.platform.iter().flat_map(|p| p.tcp_ports.iter().chain(&p.udp_ports).copied()));
    ports.extend(state.nat_probe.iter().flat_map(|n| n.ports.iter().copied()));
    if let Some(leak) = client_address_in(&on_disk, &ports) {
        panic!("the full client address must not be in the SQLite files; found in: {leak}");
    }
    assert!(!on_disk.contains("Mozilla/5.0"), "the raw User-Agent must not be in the SQLite files");

    // The agent's own code does not open the others' results.
    let driver = &session.driver;
    driver.goto(server.url(&format!("/r/{code}"))).await?;
    let hidden =
        driver.query(By::Id("runs-hidden")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    assert!(hidden.text().await?.contains("is the code an agent runs the test with"));
    assert!(driver.find(By::Css("article.run")).await.is_err(), "no run shown");

    // Support types the report code (lower case, no dashes) on /r and reads the report.
    driver.goto(server.url("/r")).await?;
    let input =
        driver.query(By::Id("code-input")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    input.send_keys(code.report.to_lowercase().replace('-', "")).await?;
    driver.find(By::Css("form.code-form button")).await?.click().await?;
    let card = driver
        .query(By::Css(format!("article.run[data-run-number='{}']", run.number)))
        .wait(Duration::from_secs(20), Duration::from_millis(100))
        .first()
        .await?;
    assert!(driver.current_url().await?.as_str().ends_with(&format!("/r/{}", code.report)));
    let text = card.text().await?;
    assert_eq!(run.number, 1, "the session's first run is run 1");
    assert!(text.contains("Run 1 ·"), "{text}");
    assert!(text.contains(run.verdict.label()), "{text}");
    assert!(text.contains("SIP OPTIONS answered 200 OK"), "{text}");
    assert!(text.contains("127.0.0.0/24"), "{text}");
    assert!(text.contains("TURN over UDP") && text.contains("UDP reaches the media servers"), "{text}");
    assert!(text.contains("connected relay (TLS) → host"), "{text}");
    assert!(text.contains("first candidate"), "time to first candidate is shown: {text}");
    assert!(text.contains("Audio loopback (browser getStats)"), "{text}");
    assert!(text.contains("Upload goodput (steady state)"), "{text}");
    assert!(text.contains("Bytes counted at") && text.contains("the server's TCP socket"), "{text}");
    assert!(text.contains("Line rate (estimated from the goodput, Ethernet framing)"), "{text}");
    assert!(text.contains("Simultaneous calls this link carries"), "{text}");
    assert!(driver.find(By::Css("figure.rate-chart rect.bar-up")).await.is_ok(), "the rate chart is drawn");
    let line = driver.find(By::Css("figure.rtt-chart polyline")).await?.attr("points").await?.unwrap_or_default();
    assert!(line.split_whitespace().count() >= 10, "the RTT chart draws the stream's round trips: {line}");
    let report_head = driver.find(By::Id("report")).await?.text().await?;
    assert!(report_head.contains(&format!("E2E {}", browser.name())), "{report_head}");
    println!("[{}] report /r/{} shows run {}", browser.name(), code.report, run.number);
    session.quit().await
}

/// The page closes its peer connections and signalling sockets when it is done, and
/// the server then drops every echo peer.
async fn echo_peers_are_cleaned_up(server: &Server, browser: Browser) -> anyhow::Result<()> {
    let mut seen = Vec::new();
    let echo = server.running.state.echo.clone().ok_or_else(|| anyhow::anyhow!("the echo peer runs"))?;
    // The count is polled, not timed: a few seconds for the last sockets to close.
    for _ in 0..100 {
        let peers = echo.peers();
        seen.push(peers);
        if peers == 0 {
            println!("[{}] echo peers after the run: {seen:?}", browser.name());
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("echo peers were never removed: {seen:?}")
}

/// The page's WebAssembly goes out precompressed with brotli.
async fn wasm_is_served_brotli_compressed(server: &Server) -> anyhow::Result<()> {
    let index = reqwest::get(server.url("/")).await?.text().await?;
    let wasm_path = index
        .split(['\'', '"'])
        .find(|s| s.ends_with("_bg.wasm"))
        .ok_or_else(|| anyhow::anyhow!("no wasm in index.html"))?
        .to_string();
    let plain = reqwest::get(server.url(&wasm_path)).await?.bytes().await?;
    let compressed = reqwest::Client::new().get(server.url(&wasm_path)).header("accept-encoding", "br").send().await?;
    assert_eq!(compressed.headers()["content-encoding"], "br");
    let compressed = compressed.bytes().await?;
    assert!(plain.starts_with(b"\0asm"), "uncompressed answer is the wasm module");
    println!("wasm {wasm_path}: {} bytes raw, {} bytes brotli", plain.len(), compressed.len());
    assert!(compressed.len() < plain.len() / 2);
    Ok(())
}

/// An agent without a link presses "Start a test" on `/` and lands on `/t/<code>`
/// with a session that exists.
async fn landing_page_starts_a_session(session: &BrowserSession, server: &Server) -> anyhow::Result<()> {
    let driver = &session.driver;
    driver.goto(server.url("/")).await?;
    driver
        .query(By::Id("start-session"))
        .wait(Duration::from_secs(20), Duration::from_millis(100))
        .first()
        .await?
        .click()
        .await?;
    let shown =
        driver.query(By::Id("session-code")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    let code = shown.text().await?;
    assert!(driver.current_url().await?.as_str().ends_with(&format!("/t/{code}")), "{code}");
    let response = reqwest::get(server.url(&format!("/api/sessions/{code}"))).await?;
    assert_eq!(response.status(), reqwest::StatusCode::OK, "the landing page created session {code}");
    println!("[{}] landing page created session {code}", session.browser.name());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_agent_runs_test_and_support_reads_report() -> anyhow::Result<()> {
    agent_runs_test_and_support_reads_report(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_agent_runs_test_and_support_reads_report() -> anyhow::Result<()> {
    agent_runs_test_and_support_reads_report(Browser::Firefox).await
}

/// Where `127.0.0.1` stands in `on_disk` other than as one of the server's own
/// `ports` (with its surroundings), if anywhere. SQLite spreads a long value over
/// pages, so an address may be cut at a page's end: a port cut short there (its
/// digits a prefix of an own port's, then a byte no text holds) is the server's too.
fn client_address_in(on_disk: &str, ports: &[u16]) -> Option<String> {
    let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
    on_disk.match_indices("127.0.0.1").find_map(|(at, found)| {
        let rest = &on_disk[at + found.len()..];
        let own = match rest.strip_prefix(':') {
            Some(after) => {
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                let cut = after[digits.len()..].chars().next().is_none_or(|c| c.is_control() || c == '\u{fffd}');
                ports.iter().any(|p| *p == digits || (cut && p.starts_with(&digits)))
            }
            // A bare address is the client's: the server's are stored with their port.
            None => false,
        };
        (!own).then(|| {
            on_disk[on_disk.floor_char_boundary(at.saturating_sub(120))..]
                .chars()
                .take(260)
                .map(|c| if c.is_control() { '·' } else { c })
                .collect()
        })
    })
}

#[test]
fn the_server_s_own_addresses_are_told_from_a_client_s() {
    let ports = [40625, 53465];
    assert_eq!(client_address_in(r#"{"server_host":"127.0.0.1:40625","url":"stun:127.0.0.1:53465"}"#, &ports), None);
    // Cut at a page's end within the port, or right after its colon.
    assert_eq!(client_address_in("\"turn:127.0.0.1:534\u{1}\u{0}\u{fffd}", &ports), None);
    assert_eq!(client_address_in("\"turn:127.0.0.1:\u{0}", &ports), None);
    // A bare address, even where a byte that is no text follows it.
    assert!(client_address_in("127.0.0.1\u{3}", &ports).is_some());
    // A client's own address, with or without a port.
    assert!(client_address_in(r#"{"client":"127.0.0.1"}"#, &ports).is_some());
    assert!(client_address_in(r#"{"seen":"127.0.0.1:51234"}"#, &ports).is_some());
    assert!(client_address_in(r#"{"seen":"127.0.0.1:534"}"#, &ports).is_some(), "a whole port, not cut");
}
