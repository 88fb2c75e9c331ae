//! `/t/<code>`: the agent's page. Shows the code, runs every probe on Start with live
//! progress, shows the verdict, and saves the run (retrying until it is stored or
//! telling the agent it was not).

use callready_common::stats::{ms, Summary};
use callready_common::verdict::{evaluate, overall, rate, Check, Verdict};
use callready_common::wire::{ClientConfig, RunResults, RunSubmission};
use callready_common::SessionCode as Code;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::browser::time::{now_ms, sleep};
use crate::browser::{go_to, random_hex, stash};
use crate::components::{CheckList, SessionCode, VerdictBanner};
use crate::probes;

/// Delays between save attempts, in seconds.
const SAVE_BACKOFF_S: [u32; 5] = [1, 2, 4, 8, 16];

#[derive(Clone, Debug, PartialEq)]
enum Row {
    Waiting,
    Running(String),
    Done(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Save {
    NotYet,
    Saving,
    Retrying { attempt: usize, message: String, wait_s: u32 },
    Saved { id: Option<i64> },
    Failed { message: String },
}

#[derive(Clone, Copy)]
struct Rows {
    browser: RwSignal<Row>,
    https: RwSignal<Row>,
    websocket: RwSignal<Row>,
    ice: RwSignal<Row>,
    media: RwSignal<Row>,
    bandwidth: RwSignal<Row>,
}

#[component]
pub fn TestPage(raw_code: String) -> impl IntoView {
    let code = match raw_code.parse::<Code>() {
        Ok(code) => code.to_string(),
        Err(_) => return view! { <InvalidLink/> }.into_any(),
    };
    let label = RwSignal::new(None::<String>);
    // Simultaneous calls the session asks to check (one when it does not say).
    let calls = RwSignal::new(1_u32);
    let missing = RwSignal::new(false);
    // Start waits for the session (so the test checks the calls it asks for) and for
    // the server's settings, below.
    let session_loaded = RwSignal::new(false);
    {
        let code = code.clone();
        spawn_local(async move {
            match api::session(&code).await {
                Ok(session) => {
                    label.set(session.label);
                    calls.set(session.calls.unwrap_or(1));
                }
                Err(failure) if failure.is_not_found() => missing.set(true),
                // Unreachable now: the test itself will say why; saving retries later.
                Err(_) => {}
            }
            session_loaded.set(true);
        });
    }
    // Settings fetched with the page, used when a fresh copy (new TURN credentials)
    // cannot be had at Start.
    let loaded_config = StoredValue::new(None::<ClientConfig>);
    let config_tried = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(config) = load_config().await {
            loaded_config.set_value(Some(config));
        }
        config_tried.set(true);
    });
    let config_failure = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let rows = Rows {
        browser: RwSignal::new(Row::Waiting),
        https: RwSignal::new(Row::Waiting),
        websocket: RwSignal::new(Row::Waiting),
        ice: RwSignal::new(Row::Waiting),
        media: RwSignal::new(Row::Waiting),
        bandwidth: RwSignal::new(Row::Waiting),
    };
    let outcome = RwSignal::new(None::<(Verdict, Vec<Check>)>);
    let save = RwSignal::new(Save::NotYet);
    let pending = StoredValue::new(None::<RunSubmission>);
    let started_at = RwSignal::new(None::<f64>);
    let elapsed_s = RwSignal::new(0.0);

    // A run that a previous visit could not save waits in localStorage: save it now.
    if let Some(run) = stash::get(&stash_key(&code)).and_then(|json| serde_json::from_str::<RunSubmission>(&json).ok())
    {
        let checks = evaluate(&run.results, &ClientConfig::default().thresholds, calls.get_untracked());
        outcome.set(Some((overall(&checks), checks)));
        elapsed_s.set(run.results.duration_ms / 1000.0);
        pending.set_value(Some(run.clone()));
        spawn_local(save_with_retries(code.clone(), run, save));
    }

    let save_code = code.clone();
    let save_now = move || {
        let code = save_code.clone();
        if let Some(run) = pending.get_value() {
            spawn_local(save_with_retries(code, run, save));
        }
    };
    let save_after_run = save_now.clone();
    let start = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        outcome.set(None);
        save.set(Save::NotYet);
        for row in [rows.browser, rows.https, rows.websocket, rows.ice, rows.media, rows.bandwidth] {
            row.set(Row::Waiting);
        }
        started_at.set(Some(now_ms()));
        let save_after_run = save_after_run.clone();
        config_failure.set(None);
        spawn_local(async move {
            // Without the server's settings the WebRTC and bandwidth probes would be
            // skipped and the verdict could read Ready: say so and run nothing. With
            // the copy loaded with the page, the probes run and find the server gone.
            let config: ClientConfig = match load_config().await {
                Ok(config) => config,
                Err(_) if loaded_config.with_value(Option::is_some) => loaded_config.get_value().unwrap_or_default(),
                Err(failure) => {
                    config_failure.set(Some(describe(&failure)));
                    started_at.set(None);
                    running.set(false);
                    return;
                }
            };
            let calls = calls.get_untracked();
            let results = run_probes(rows, &config, calls).await;
            if let Some(t0) = started_at.get_untracked() {
                elapsed_s.set((now_ms() - t0) / 1000.0);
            }
            let checks = evaluate(&results, &config.thresholds, calls);
            outcome.set(Some((overall(&checks), checks)));
            pending.set_value(Some(RunSubmission { client_run_id: format!("run-{}", random_hex(12)), results }));
            running.set(false);
            save_after_run();
        });
    };

    view! {
        <section class="card test">
            <div class="test-head">
                <div>
                    <h1>"Call readiness test"</h1>
                    {move || label.get().map(|l| view! { <p class="label">{l}</p> })}
                    <p class="muted">"Keep this tab open until the result appears. It takes about half a minute."</p>
                </div>
                <SessionCode code=code.clone()/>
            </div>
            {move || missing.get().then(|| view! {
                <p class="error" role="alert">
                    "This code does not match any session: results cannot be saved. Ask support for a new link or "
                    <a href="/">"start a new test"</a>"."
                </p>
            })}
            {move || config_failure.get().map(|why| view! {
                <p class="error" role="alert">
                    {format!("The test could not start: its settings did not load from the server ({why}). \
                              Check the connection and press Start again.")}
                </p>
            })}
            <button id="start" class="primary big" on:click=start
                disabled=move || running.get() || missing.get() || !session_loaded.get() || !config_tried.get()>
                {move || if running.get() { "Testing…" } else if outcome.with(Option::is_some) { "Test again" } else { "Start" }}
            </button>
            <ul class="probes">
                <ProbeRow name="Browser and computer" row=rows.browser/>
                <ProbeRow name="HTTPS to the platform" row=rows.https/>
                <ProbeRow name="WebSocket and SIP" row=rows.websocket/>
                <ProbeRow name="WebRTC media path" row=rows.ice/>
                <ProbeRow name="Call quality" row=rows.media/>
                <ProbeRow name="Bandwidth" row=rows.bandwidth/>
            </ul>
        </section>
        {move || outcome.get().map(|(verdict, checks)| view! {
            <section class="card result">
                <VerdictBanner verdict=verdict/>
                <p class="muted">{format!("Finished in {:.1} s.", elapsed_s.get_untracked())}</p>
                <CheckList checks=checks/>
            </section>
        })}
        {move || {
            let retry = save_now.clone();
            save_status(save.get(), retry)
        }}
    }
    .into_any()
}

#[component]
fn InvalidLink() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"This link is not valid"</h1>
            <p>"The code in the address is not a CallReady code. Check the link you were sent, or "
               <a href="/" on:click=|_| go_to("/")>"start a new test"</a>"."</p>
        </section>
    }
}

#[component]
fn ProbeRow(name: &'static str, row: RwSignal<Row>) -> impl IntoView {
    let class = move || match row.get() {
        Row::Waiting => "probe waiting",
        Row::Running(_) => "probe running",
        Row::Done(_) => "probe done",
    };
    let detail = move || match row.get() {
        Row::Waiting => "waiting".to_string(),
        Row::Running(what) => what,
        Row::Done(summary) => summary,
    };
    view! {
        <li class=class>
            <span class="dot"></span>
            <span class="probe-name">{name}</span>
            <span class="probe-detail">{detail}</span>
        </li>
    }
}

fn save_status(state: Save, retry: impl Fn() + Clone + 'static) -> impl IntoView {
    let (class, text, show_retry) = match state {
        Save::NotYet => return None,
        Save::Saving => ("saving", "Saving the result…".to_string(), false),
        Save::Retrying { attempt, message, wait_s } => {
            ("retrying", format!("Saving failed ({message}); retrying in {wait_s} s (attempt {attempt})…"), false)
        }
        Save::Saved { id } => {
            let which = id.map(|id| format!(" as run #{id}")).unwrap_or_default();
            ("saved", format!("Saved{which}. Support can read it with your code."), false)
        }
        Save::Failed { message } => (
            "failed",
            format!("The result was NOT saved: {message}. Press Retry, or read the code and the result to support."),
            true,
        ),
    };
    Some(view! {
        <p id="save-status" class=format!("save {class}") data-state=class role="status">
            {text}
            {show_retry.then(|| view! { <button class="secondary" on:click=move |_| retry()>"Retry saving"</button> })}
        </p>
    })
}

fn stash_key(code: &str) -> String {
    format!("callready.unsaved.{code}")
}

/// Saves `run`, retrying with backoff; until the server has it, the run also waits in
/// localStorage so that closing the tab or reloading does not lose it.
async fn save_with_retries(code: String, run: RunSubmission, save: RwSignal<Save>) {
    save.set(Save::Saving);
    if let Ok(json) = serde_json::to_string(&run) {
        stash::put(&stash_key(&code), &json);
    }
    let saved = |id| {
        stash::remove(&stash_key(&code));
        save.set(Save::Saved { id });
    };
    let mut attempt = 1;
    loop {
        match api::save_run(&code, &run).await {
            Ok(answer) => return saved(Some(answer.id)),
            // Accepted, but the answer was unreadable (e.g. a newer server): it is stored.
            Err(ApiFailure::Unreadable { status: 200..=299, .. }) => return saved(None),
            Err(failure) if failure.worth_retrying() && attempt <= SAVE_BACKOFF_S.len() => {
                let wait_s = SAVE_BACKOFF_S[attempt - 1];
                save.set(Save::Retrying { attempt, message: failure.message(), wait_s });
                sleep(wait_s * 1000).await;
                attempt += 1;
            }
            Err(failure) => {
                // A refusal (4xx) will not pass later: do not keep retrying it on every visit.
                if !failure.worth_retrying() {
                    stash::remove(&stash_key(&code));
                }
                save.set(Save::Failed { message: describe(&failure) });
                return;
            }
        }
    }
}

/// The server's test settings, with two quick retries for a passing hiccup.
async fn load_config() -> Result<ClientConfig, ApiFailure> {
    let mut attempt = 0;
    loop {
        match api::config().await {
            Ok(config) => return Ok(config),
            Err(failure) if attempt < 2 && failure.worth_retrying() => {
                attempt += 1;
                sleep(500 * attempt).await;
            }
            Err(failure) => return Err(failure),
        }
    }
}

fn describe(failure: &ApiFailure) -> String {
    match failure {
        ApiFailure::Refused { status, message, .. } => format!("the server refused it (HTTP {status}: {message})"),
        ApiFailure::Unreachable(why) => why.clone(),
        ApiFailure::Unreadable { message, .. } => message.clone(),
    }
}

/// Runs every probe in order, updating the rows as they go.
async fn run_probes(rows: Rows, config: &ClientConfig, calls: u32) -> RunResults {
    let started = now_ms();

    rows.browser.set(Row::Running("checking".into()));
    let browser = probes::browser::run();
    let memory = browser.device_memory_gb.map(|gb| format!("{gb} GB")).unwrap_or_else(|| "memory unknown".into());
    rows.browser.set(Row::Done(format!("{}, {memory}", browser.ua.label())));

    rows.https.set(Row::Running("starting".into()));
    let https = probes::https::run(config.https_pings, &|text| rows.https.set(Row::Running(text))).await;
    rows.https.set(Row::Done(match Summary::of(&https.rtt_ms) {
        Some(s) => format!("median {}, p95 {}", ms(s.median_ms), ms(s.p95_ms)),
        None => "unreachable".into(),
    }));

    rows.websocket.set(Row::Running("starting".into()));
    let websocket = probes::websocket::run(config.ws_echoes, &|text| rows.websocket.set(Row::Running(text))).await;
    let ws_text = match (Summary::of(&websocket.echo_rtt_ms), websocket.sip.status) {
        (Some(s), Some(status)) => {
            format!("echo median {}; SIP answered {status}", ms(s.median_ms))
        }
        (Some(s), None) => format!("echo median {}; SIP failed", ms(s.median_ms)),
        (None, _) => "blocked".into(),
    };
    rows.websocket.set(Row::Done(ws_text));

    let ice = if config.ice.is_empty() {
        rows.ice.set(Row::Done("not offered by this server".into()));
        Vec::new()
    } else {
        rows.ice.set(Row::Running(format!("gathering over {} transports", config.ice.len())));
        let ice = probes::ice::run(&config.ice).await;
        let working: Vec<&str> = ice.iter().filter(|r| r.succeeded()).map(|r| r.transport.label()).collect();
        rows.ice.set(Row::Done(if working.is_empty() { "no path works".into() } else { working.join(", ") }));
        ice
    };

    let media = if config.media_seconds == 0 {
        rows.media.set(Row::Done("not offered by this server".into()));
        None
    } else {
        rows.media.set(Row::Running("starting".into()));
        let media =
            probes::media::run(config.media_seconds, calls, &config.ice, &|text| rows.media.set(Row::Running(text)))
                .await;
        rows.media.set(Row::Done(match (media.mos(), media.stream.as_ref()) {
            (Some(mos), Some(stream)) => format!("MOS {mos:.1}, loss {:.1} %", stream.loss_pct),
            _ => "no media stream".into(),
        }));
        Some(media)
    };

    let bandwidth = if config.bandwidth_seconds == 0 {
        rows.bandwidth.set(Row::Done("not offered by this server".into()));
        None
    } else {
        rows.bandwidth.set(Row::Running("starting".into()));
        let idle = Summary::of(&websocket.echo_rtt_ms).map(|s| s.median_ms);
        let report =
            probes::bandwidth::run(config.bandwidth_seconds, idle, &|text| rows.bandwidth.set(Row::Running(text)))
                .await;
        let shown = |kbps: Option<f64>| kbps.map(rate).unwrap_or_else(|| "failed".into());
        rows.bandwidth.set(Row::Done(format!("down {}, up {}", shown(report.down.kbps), shown(report.up.kbps))));
        Some(report)
    };

    RunResults { duration_ms: now_ms() - started, browser, https, websocket, ice, media, bandwidth }
}
