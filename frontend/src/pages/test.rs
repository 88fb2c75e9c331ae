//! `/t/<code>`: the agent's page. Shows the code, runs every probe on Start with live
//! progress (see [`crate::run`]), against the region chosen first (see
//! [`crate::region`]), shows the verdict with each row coloured by it, and
//! saves the run (see [`crate::save`]).

use callready_common::api::{ClientConfig, EmbedEvent, RunSubmission, SessionView, INTERACTIVE_MARK};
use callready_common::verdict::{evaluate, overall, Check, CheckId, Status, Verdict};
use callready_common::SessionCode as Code;
use futures::future::{select, Either};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::IgnoredAny;

use crate::api::{self, ApiFailure};
use crate::browser::time::sleep;
use crate::browser::{api_place, go_to, random_hex, visibility, window};
use crate::components::{status_class, verdict_word, CheckList, ItBox, SessionCode, VerdictBanner};
use crate::embed::{autorun_asked, Parent};
use crate::i18n::{lang, t};
use crate::probes::{Probe, ProbeContext};
use crate::run::{after_start, choose_region, fetch_probes, row_status, run_all, Row, Rows};
use crate::save::{recover, save_with_retries, stashed, Save, Unsaved};

/// What a finished run shows.
#[derive(Clone, Debug, PartialEq)]
struct Finished {
    verdict: Verdict,
    checks: Vec<Check>,
    seconds: f64,
    /// `host:port` of the server the test ran against (this page's, or its region's).
    server_host: Option<String>,
}

after_start! {
    /// The run judged by the verdict rules, as it was (with its session's thresholds).
    fn judge(run: Unsaved) -> Finished {
        let results = &run.submission.results;
        let checks = evaluate(results, &run.thresholds, run.calls);
        Finished {
            verdict: overall(&checks),
            checks,
            seconds: results.duration_ms / 1000.0,
            server_host: results.server_host.clone(),
        }
    }
}

after_start! {
    /// The verdict, every check with its fixes, and the box for IT.
    fn result_view(done: Finished, code: String) -> AnyView {
        let host = done.server_host.clone().unwrap_or_else(|| window().location().host().unwrap_or_default());
        view! {
            <section class="card result">
                <VerdictBanner verdict=done.verdict/>
                <p class="muted">{crate::t!("test-finished-in", duration = lang().seconds(done.seconds))}</p>
                <CheckList checks=done.checks.clone()/>
                <ItBox
                    heading=vec![
                        crate::t!("it-box-code", code = code.clone()),
                        crate::t!("it-box-server-tested", host = host),
                    ]
                    verdict=done.verdict
                    checks=done.checks
                    subject=crate::t!("it-box-subject", product = crate::brand::product(), code = code, verdict = verdict_word(done.verdict))/>
                <crate::brand::SupportLine/>
            </section>
        }
        .into_any()
    }
}

/// How long the page waits for the probes' code before it says it did not arrive.
const PROBES_WAIT_MS: u32 = 20_000;

/// Brings back a run a previous visit could not save (`raw`, from [`stashed`]):
/// shows it as it was judged and saves it (to the end when `wait_for_save`).
/// `false` when the probes' code, which reads it, could not be fetched: the stash
/// stays as it is.
async fn bring_back(
    code: String,
    raw: String,
    finished: RwSignal<Option<Finished>>,
    pending: StoredValue<Option<Unsaved>>,
    save: RwSignal<Save>,
    wait_for_save: bool,
) -> bool {
    let run = match recover(raw).await {
        Ok(Some(run)) => run,
        // Unreadable (an older page's format): nothing to bring back.
        Ok(None) => return true,
        Err(_) => return false,
    };
    if let Ok(done) = judge(run.clone()).await {
        finished.set(Some(done));
    }
    pending.set_value(Some(run.clone()));
    if wait_for_save {
        save_with_retries(code, run, save).await;
    } else {
        spawn_local(save_with_retries(code, run, save));
    }
    true
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

/// `embedded`: the page is `/embed/t/<code>`, framed by another site's page, and
/// tells it how the test goes (see [`crate::embed`]).
#[component]
pub fn TestPage(raw_code: String, #[prop(optional)] embedded: bool) -> impl IntoView {
    let code = match raw_code.parse::<Code>() {
        Ok(code) => code.to_string(),
        Err(_) => {
            crate::brand::wear_deployment();
            return view! { <InvalidLink/> }.into_any();
        }
    };
    // Start waits for the session (so the test checks the calls it asks for) and for
    // the server's settings (fetched again at Start for fresh TURN credentials).
    let session = {
        let code = code.clone();
        LocalResource::new(move || {
            let code = code.clone();
            async move {
                // The test page shows no runs: it reads past them.
                let view = api::session::<IgnoredAny>(&code).await;
                match &view {
                    Ok(view) => crate::brand::wear(view.brand.clone()),
                    Err(_) => crate::brand::wear_deployment(),
                }
                view
            }
        })
    };
    let loaded_config = LocalResource::new(load_config);
    let missing = move || session.get().is_some_and(|s| s.err().is_some_and(|f| f.is_not_found()));
    let label = move || session.get().and_then(|s| s.ok()).and_then(|s| s.label);
    // An expired or used-up link: said plainly, and no test to start.
    let closed = move || session.get().and_then(|s| s.ok()).and_then(|s| s.closed).map(|why| why.text().render(lang()));
    let calls = move || {
        session.get().and_then(|s| s.ok()).map(|s| match &s.profile {
            Some(profile) => profile.calls_needed(s.calls),
            None => s.calls.unwrap_or(1),
        })
    };
    // The session's requirement profile judges the run (the server's thresholds for
    // an older server that sends none).
    let profile = move || session.get().and_then(|s| s.ok()).and_then(|s| s.profile).map(|p| p.in_language(lang()));
    let profile_thresholds = move || profile().map(|p| p.thresholds);
    // The probes' code comes in a second file, fetched with the session while the
    // agent reads the page: Start needs no request to the server that a failing
    // network could refuse, and the run then tells what is wrong.
    // A fetch that stalls is given up after PROBES_WAIT_MS: the page says so, and
    // Start (which fetches it again) is not left disabled without a word.
    let code_failure = RwSignal::new(false);
    let probes_fetched = LocalResource::new(move || async move {
        let fetched = select(Box::pin(fetch_probes()), Box::pin(sleep(PROBES_WAIT_MS))).await;
        code_failure.set(!matches!(fetched, Either::Left((Ok(()), _))));
    });

    let rows = Rows::new();
    // The region the test runs in, when the deployment has several (`None`: no row).
    let region_row = RwSignal::new(None::<Row>);
    let finished = RwSignal::new(None::<Finished>);
    let save = RwSignal::new(Save::NotYet);
    let pending = StoredValue::new(None::<Unsaved>);
    let config_failure = RwSignal::new(None::<String>);

    // A run that a previous visit could not save waits in localStorage: show it as it
    // was judged, and save it now. Reading it takes the probes' code: when that did
    // not load, Start reads it first (see `run_test`).
    let recovery = {
        let code = code.clone();
        LocalResource::new(move || {
            let code = code.clone();
            async move {
                match stashed(&code) {
                    Some(raw) => bring_back(code, raw, finished, pending, save, false).await,
                    None => true,
                }
            }
        })
    };
    let ready = move || {
        session.get().is_some()
            && loaded_config.get().is_some()
            && probes_fetched.get().is_some()
            && recovery.get().is_some()
    };
    // When Start can first be pressed: the page's time to interactive, which the
    // lab reads on its 2 Mbit/s link (`callready-interactive`).
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        let now_ready = ready();
        if now_ready {
            crate::browser::time::mark(INTERACTIVE_MARK);
        }
        now_ready
    });

    let save_code = code.clone();
    let save_now = move || {
        if let Some(run) = pending.get_value() {
            spawn_local(save_with_retries(save_code.clone(), run, save));
        }
    };
    let save_after_run = save_now.clone();
    let run_test_code = code.clone();
    let run_test = Action::new_local(move |_: &()| {
        let save_after_run = save_after_run.clone();
        let started_code = run_test_code.clone();
        let calls = calls().unwrap_or(1);
        let profile_thresholds = profile_thresholds();
        let profile = profile();
        let pinned_region = session.get_untracked().and_then(|s| s.ok()).and_then(|s| s.region);
        async move {
            // The stash the page could not read when it opened: saved before this
            // run's result takes its place in localStorage.
            if recovery.get_untracked() == Some(false) && pending.get_value().is_none() {
                if let Some(raw) = stashed(&started_code) {
                    bring_back(started_code.clone(), raw, finished, pending, save, true).await;
                }
            }
            post(EmbedEvent::Started { code: started_code.clone() });
            finished.set(None);
            save.set(Save::NotYet);
            config_failure.set(None);
            code_failure.set(false);
            rows.reset();
            // From here every call of the test goes to the region chosen.
            let Ok(mut region) = choose_region(pinned_region, region_row).await else {
                code_failure.set(true);
                return;
            };
            // Without the server's settings the WebRTC and bandwidth probes would be
            // skipped and the verdict could read Ready: say so and run nothing. With
            // the copy loaded with the page, the probes run and find the server gone.
            // Settings are a node's own (its probe token): when the region chosen
            // gives none, the test runs against this page's node.
            let config = loop {
                let failure = match load_config().await {
                    Ok(config) => break config,
                    Err(failure) => failure,
                };
                if region.as_mut().is_some_and(|chosen| chosen.stay_here(region_row)) {
                    continue;
                }
                match loaded_config.get_untracked().and_then(Result::ok) {
                    Some(config) => break config,
                    None => {
                        config_failure.set(Some(failure.describe()));
                        return;
                    }
                }
            };
            let server_host = api_place().host;
            let thresholds = profile_thresholds.unwrap_or_else(|| config.thresholds.clone());
            let probe_token = config.probe_token.clone();
            let context = ProbeContext::new(config, calls, server_host, profile);
            let Ok(mut results) = run_all(context, rows).await else {
                code_failure.set(true);
                return;
            };
            results.regions = region.map(|chosen| chosen.report);
            let run = Unsaved {
                submission: RunSubmission {
                    client_run_id: format!("run-{}", random_hex(12)),
                    results,
                    probe_token: Some(probe_token).filter(|t| !t.is_empty()),
                },
                thresholds,
                calls,
            };
            let Ok(done) = judge(run.clone()).await else {
                code_failure.set(true);
                return;
            };
            finished.set(Some(done));
            pending.set_value(Some(run));
            save_after_run();
        }
    });
    let running = run_test.pending();
    visibility::watch();
    announce(&code, embedded, session, ready, rows, save, finished, run_test);

    let result_code = code.clone();
    view! {
        <section class="card test">
            <div class="test-head">
                <div>
                    <h1>{t("test-title")}</h1>
                    {move || label().map(|l| view! { <p class="label">{l}</p> })}
                    <p class="muted">{t("test-keep-tab-open")}</p>
                </div>
                <SessionCode code=code.clone()/>
            </div>
            {move || missing().then(|| view! {
                <p class="error" role="alert">
                    {t("test-unknown-code")}" "
                    <a href="/">{t("test-start-new-test")}</a>{t("test-unknown-code-end")}
                </p>
            })}
            {move || closed().map(|why| view! { <p id="link-closed" class="error" role="alert">{why}</p> })}
            {move || code_failure.get().then(|| view! {
                <p id="code-failure" class="error" role="alert">{t("test-code-not-loaded")}</p>
            })}
            {move || config_failure.get().map(|why| view! {
                <p class="error" role="alert">
                    {crate::t!("test-settings-failed", reason = why)}
                </p>
            })}
            <button id="start" class="primary big" on:click=move |_| { run_test.dispatch_local(()); }
                disabled=move || running.get() || missing() || closed().is_some() || !ready()>
                {move || {
                    if running.get() {
                        t("test-testing")
                    } else if finished.with(Option::is_some) {
                        t("test-again")
                    } else {
                        t("test-start")
                    }
                }}
            </button>
            <p id="progress-live" class="sr-only" aria-live="polite">{move || announcement(rows, finished)}</p>
            <ul class="probes">
                {move || region_row.get().map(|row| view! { <RegionRow row=row/> })}
                {rows.iter().map(|(probe, row)| view! { <ProbeRow probe=probe row=row finished=finished/> }).collect_view()}
            </ul>
        </section>
        <Suspense>
            {move || finished.get().map(|done| {
                let code = result_code.clone();
                Suspend::new(async move { result_view(done, code).await.ok() })
            })}
        </Suspense>
        {move || save_status(save.get(), save_now.clone())}
    }
    .into_any()
}

/// What the live region says for screen readers: the probe that runs, then the verdict.
fn announcement(rows: Rows, finished: RwSignal<Option<Finished>>) -> String {
    if let Some(done) = finished.get() {
        return crate::t!("test-finished-announcement", verdict = verdict_word(done.verdict));
    }
    rows.iter()
        .find(|(_, row)| matches!(row.get(), Row::Running(_)))
        .map(|(probe, _)| crate::t!("test-testing-probe", probe = probe.title()))
        .unwrap_or_default()
}

thread_local! {
    /// The framing page, once the session says which origins may frame this one.
    static EMBED_PARENT: std::cell::RefCell<Option<Parent>> = const { std::cell::RefCell::new(None) };
}

fn post(event: EmbedEvent) {
    EMBED_PARENT.with_borrow(|parent| {
        if let Some(parent) = parent {
            parent.post(event);
        }
    });
}

/// What the page tells a framing page (`ready`, `progress`, `check`, `finished`;
/// `started` is told by the run itself), and `?autorun=1`: the test starts once the
/// session, the settings and the probes' code are loaded (and a stashed run is
/// brought back), without a click.
#[allow(clippy::too_many_arguments)]
fn announce(
    code: &str,
    embedded: bool,
    session: LocalResource<Result<SessionView<IgnoredAny>, ApiFailure>>,
    ready: impl Fn() -> bool + 'static,
    rows: Rows,
    save: RwSignal<Save>,
    finished: RwSignal<Option<Finished>>,
    run_test: Action<(), ()>,
) {
    let autorun = autorun_asked();
    let ready_code = code.to_string();
    Effect::new(move |announced: Option<bool>| {
        if announced == Some(true) || !ready() {
            return announced.unwrap_or(false);
        }
        let view = session.get_untracked().and_then(Result::ok);
        if embedded {
            let origins = view.as_ref().map(|v| v.embed_origins.clone()).unwrap_or_default();
            EMBED_PARENT.with_borrow_mut(|parent| *parent = Parent::of_this_page(origins));
        }
        post(EmbedEvent::Ready { code: ready_code.clone() });
        let open = view.is_some_and(|v| v.closed.is_none());
        if autorun && open {
            run_test.dispatch_local(());
        }
        true
    });
    let total = rows.iter().count();
    for (probe, row) in rows.iter() {
        let check = probe.checks.first().map(|c| c.key()).unwrap_or_default().to_string();
        Effect::new(move |was: Option<u8>| {
            let state = match row.get() {
                Row::Waiting => 0,
                Row::Running(_) => 1,
                Row::Done(_) | Row::NotOffered(_) => 2,
            };
            if was.is_some_and(|was| was != state) && state != 0 {
                let done =
                    rows.iter().filter(|(_, r)| matches!(r.get_untracked(), Row::Done(_) | Row::NotOffered(_))).count();
                let percent = u8::try_from(done * 100 / total.max(1)).unwrap_or(100);
                post(EmbedEvent::Progress { check: check.clone(), percent });
            }
            state
        });
    }
    let code = code.to_string();
    Effect::new(move |_| {
        let (verdict, checks): (_, Vec<(CheckId, Status)>) = match save.get() {
            Save::Saved { answer: Some(answer) } => {
                (answer.verdict, answer.checks.iter().map(|c| (c.id, c.status)).collect())
            }
            Save::Saved { answer: None } | Save::Failed { .. } => match finished.get_untracked() {
                Some(done) => (done.verdict, done.checks.iter().map(|c| (c.id, c.status)).collect()),
                None => return,
            },
            _ => return,
        };
        for (id, status) in checks {
            post(EmbedEvent::Check { id: id.key().to_string(), status });
        }
        let stored = matches!(save.get_untracked(), Save::Saved { .. });
        let report = session.get_untracked().and_then(Result::ok).and_then(|v| v.report_code).unwrap_or(code.clone());
        let origin = window().location().origin().unwrap_or_default();
        let report_url = stored.then(|| format!("{origin}/r/{report}"));
        post(EmbedEvent::Finished { code: code.clone(), verdict, report_url });
    });
}

#[component]
fn InvalidLink() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t("test-invalid-link-title")}</h1>
            <p>{t("test-invalid-link")}" "
               <a href="/" on:click=|_| go_to("/")>{t("test-start-new-test")}</a>{t("test-invalid-link-end")}</p>
        </section>
    }
}

/// One probe's row: its progress while it runs, then its summary, its dot coloured by
/// the verdict lines it feeds (grey when it was not offered or could not run).
#[component]
fn ProbeRow(probe: &'static Probe, row: RwSignal<Row>, finished: RwSignal<Option<Finished>>) -> impl IntoView {
    let class = move || {
        let state = match row.get() {
            Row::Waiting => "waiting",
            Row::Running(_) => "running",
            Row::NotOffered(_) => "not-offered",
            Row::Done(_) => match finished.with(|f| f.as_ref().and_then(|f| row_status(probe, &f.checks))) {
                Some(status) => status_class(status),
                None => "done",
            },
        };
        format!("probe {state}")
    };
    let detail = move || match row.get() {
        Row::Waiting => t("test-probe-waiting"),
        Row::Running(what) => what,
        Row::Done(summary) => summary,
        Row::NotOffered(why) => why.to_string(),
    };
    view! {
        <li class=class data-probe=probe.checks.first().map(|c| c.key()).unwrap_or_default()>
            <span class="dot"></span>
            <span class="probe-name">{probe.title()}</span>
            <span class="probe-detail">{detail}</span>
        </li>
    }
}

/// The region the test runs in and why (see [`crate::region`]), above the probes.
#[component]
fn RegionRow(row: Row) -> impl IntoView {
    let (state, detail) = match row {
        Row::Waiting => ("waiting", t("test-probe-waiting")),
        Row::Running(what) => ("running", what),
        Row::Done(summary) | Row::NotOffered(summary) => ("done", summary),
    };
    view! {
        <li id="region" class=format!("region-row {state}")>
            <span class="dot"></span>
            <span class="probe-name">{t("region-title")}</span>
            <span class="probe-detail">{detail}</span>
        </li>
    }
}

fn save_status(state: Save, retry: impl Fn() + Clone + 'static) -> impl IntoView {
    let (class, text, show_retry) = match state {
        Save::NotYet => return None,
        Save::Saving => ("saving", t("save-saving"), false),
        Save::Retrying { attempt, message, wait_s } => {
            ("retrying", crate::t!("save-retrying", reason = message, seconds = wait_s, attempt = attempt), false)
        }
        Save::Saved { answer: Some(answer) } => ("saved", crate::t!("save-saved-as-run", run = answer.number), false),
        Save::Saved { answer: None } => ("saved", t("save-saved"), false),
        Save::Failed { message } => ("failed", crate::t!("save-failed", reason = message), true),
    };
    Some(view! {
        <p id="save-status" class=format!("save {class}") data-state=class role="status">
            {text}
            {show_retry.then(|| view! { <button class="secondary" on:click=move |_| retry()>{t("save-retry")}</button> })}
        </p>
    })
}
