//! `/r` and `/r/<code>`: support reads every run of a session, newest first, with
//! each check's figures, the browser and the anonymised network facts. Prints cleanly.

use callready_common::api::{RunView, SessionView};
use callready_common::stats::{ms, rate};
use callready_common::SessionCode as Code;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::browser::{go_to, local_time, print_page};
use callready_common::verdict::{Check, CheckId};

use crate::components::{status_class, status_word, verdict_class, CheckList, ItBox};
use crate::probes::{Figure, ReportContext, REGISTRY};

/// `/r`: type the code the agent reads out.
#[component]
pub fn ReportSearch() -> impl IntoView {
    let input = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move || match input.get_untracked().parse::<Code>() {
        Ok(code) => go_to(&format!("/r/{code}")),
        Err(e) => error.set(Some(format!("That is not a session code: {e}."))),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        open();
    };
    view! {
        <section class="card narrow">
            <h1>"Read a report"</h1>
            <p>"Type the report code from the report link (for example 7KQ2-M9XD-4TPA). Signed in, the code an \
                agent reads out from their screen opens it too."</p>
            <form class="code-form" on:submit=on_submit>
                <input id="code-input" type="text" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX"
                    aria-label="Session code"
                    prop:value=move || input.get()
                    on:input=move |ev| { input.set(event_target_value(&ev)); error.set(None); }/>
                <button class="primary" type="submit">"Open report"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

#[derive(Clone)]
enum Load {
    Loading,
    Loaded(Box<SessionView>),
    Failed(String),
}

#[component]
pub fn ReportPage(raw_code: String) -> impl IntoView {
    let code = match raw_code.parse::<Code>() {
        Ok(code) => code.to_string(),
        Err(e) => {
            return view! {
                <section class="card"><h1>"Not a session code"</h1><p>{format!("{raw_code}: {e}.")}</p>
                <p><a href="/r">"Type another code"</a></p></section>
            }
            .into_any()
        }
    };
    let load = RwSignal::new(Load::Loading);
    let refresh = {
        let code = code.clone();
        move || {
            let code = code.clone();
            spawn_local(async move {
                load.set(match api::session(&code).await {
                    Ok(session) => Load::Loaded(Box::new(session)),
                    Err(failure) if failure.is_not_found() => {
                        Load::Failed(format!("No session has the code {code}. Check it with the agent."))
                    }
                    Err(failure) => Load::Failed(format!("The report could not be loaded: {}.", failure.message())),
                });
            });
        }
    };
    refresh();
    view! {
        {move || match load.get() {
            Load::Loading => view! { <section class="card"><p>"Loading the report…"</p></section> }.into_any(),
            Load::Failed(message) => view! {
                <section class="card"><p class="error" role="alert">{message}</p><p><a href="/r">"Type another code"</a></p></section>
            }.into_any(),
            Load::Loaded(session) if session.runs_hidden => {
                let next = js_sys::encode_uri_component(&format!("/r/{}", session.code));
                view! {
                    <section class="card narrow" id="runs-hidden">
                        <h1>"This code runs the test"</h1>
                        <p>{format!("{} is the code an agent runs the test with. The results open with the \
                                    session's report code (the report link support was given), or after signing in.",
                                    session.code)}</p>
                        <p><a class="button" href=format!("/login?next={next}")>"Sign in"</a>" "<a href="/r">"Type the report code"</a></p>
                    </section>
                }.into_any()
            }
            Load::Loaded(session) => {
                let refresh = refresh.clone();
                view! { <Report session=*session on_refresh=move || refresh()/> }.into_any()
            }
        }}
    }
    .into_any()
}

#[component]
fn Report(session: SessionView, on_refresh: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let count = session.runs.len();
    let per_call_kbps = session.per_call_kbps;
    let compare = (count >= 2).then(|| view! { <Compare runs=session.runs.clone()/> });
    let code = session.code.clone();
    let runs = session
        .runs
        .into_iter()
        .map(|run| view! { <RunCard run=run per_call_kbps=per_call_kbps code=code.clone()/> })
        .collect_view();
    view! {
        <section id="report" class="card report-head">
            <div>
                <p class="caption">"CallReady report"</p>
                <h1>{session.label.clone().unwrap_or_else(|| "Session".into())}</h1>
                <p class="muted">
                    {format!("Code {} · created {}", session.code, local_time(session.created_at_ms))}
                    {session.calls.map(|c| format!(" · site needs {c} simultaneous calls"))}
                    {session.profile.as_ref().map(|p| format!(" · requirements: {}", p.name))}
                </p>
                {session.report_code.clone().map(|report| {
                    let origin = crate::browser::window().location().origin().unwrap_or_default();
                    let link = format!("{origin}/r/{report}");
                    view! { <p class="muted no-print" id="report-link">"Report link to share: "<a href=link.clone()>{link.clone()}</a></p> }
                })}
            </div>
            <div class="actions no-print">
                <button class="secondary" on:click=move |_| on_refresh()>"Refresh"</button>
                <button class="secondary" on:click=|_| print_page()>"Print"</button>
            </div>
        </section>
        {session.profile.clone().filter(|p| !p.checklist.is_empty() || !p.tcp_ports.is_empty() || !p.udp_ranges.is_empty() || !p.domains.is_empty()).map(|p| view! { <ForIt profile=p/> })}
        {if count == 0 {
            view! { <section class="card"><p id="no-runs">"No run yet. Ask the agent to open the link and press Start."</p></section> }.into_any()
        } else {
            view! { {compare}<p class="muted run-count">{format!("{count} run(s), newest first.")}</p>{runs} }.into_any()
        }}
    }
}

/// Two runs side by side, check by check (before and after a fix): the newest and
/// the one before it unless support picks others.
#[component]
fn Compare(runs: Vec<RunView>) -> impl IntoView {
    let numbers: Vec<u32> = runs.iter().map(|r| r.number).collect();
    let left = RwSignal::new(numbers.get(1).copied().unwrap_or_default());
    let right = RwSignal::new(numbers.first().copied().unwrap_or_default());
    let runs = StoredValue::new(runs);
    let picker = move |which: RwSignal<u32>, id: &'static str| {
        let options = numbers
            .iter()
            .map(|n| {
                let n = *n;
                view! { <option value=n.to_string() selected=move || which.get() == n>{format!("Run {n}")}</option> }
            })
            .collect_view();
        view! {
            <select id=id aria-label="Run to compare"
                on:change=move |ev| which.set(event_target_value(&ev).parse().unwrap_or_default())>{options}</select>
        }
    };
    let cell = |check: Option<&Check>| {
        match check {
        Some(c) => view! {
            <td><span class=format!("badge {}", status_class(c.status))>{status_word(c.status)}</span>" "{c.summary.clone()}</td>
        }
        .into_any(),
        None => view! { <td class="muted">"–"</td> }.into_any(),
    }
    };
    let rows = move || {
        let (a, b) = (left.get(), right.get());
        runs.with_value(|runs| {
            let find = |n: u32| runs.iter().find(|r| r.number == n);
            let (Some(a), Some(b)) = (find(a), find(b)) else { return None };
            let ids: Vec<CheckId> =
                CheckId::ALL.into_iter().filter(|id| a.checks.iter().chain(&b.checks).any(|c| c.id == *id)).collect();
            let rows: AnyView = view! {
                <tr class="verdict-row"><th scope="row">"Verdict"</th>
                    <td><span class=format!("verdict-pill {}", verdict_class(a.verdict))>{a.verdict.label()}</span></td>
                    <td><span class=format!("verdict-pill {}", verdict_class(b.verdict))>{b.verdict.label()}</span></td></tr>
                {ids.into_iter().map(|id| {
                    let find_check = |run: &RunView| run.checks.iter().find(|c| c.id == id).cloned();
                    let (ca, cb) = (find_check(a), find_check(b));
                    let changed = ca.as_ref().map(|c| c.status) != cb.as_ref().map(|c| c.status);
                    view! {
                        <tr class:changed=changed><th scope="row">{id.title()}</th>{cell(ca.as_ref())}{cell(cb.as_ref())}</tr>
                    }
                }).collect_view()}
            }
            .into_any();
            Some(rows)
        })
    };
    view! {
        <section id="compare" class="card compare">
            <h2>"Two runs side by side"</h2>
            <table class="compare-table">
                <thead><tr><th></th><th>{picker(left, "compare-left")}</th><th>{picker(right, "compare-right")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The heading lines of a run's text for IT.
fn it_heading(code: &str, run: &RunView) -> Vec<String> {
    let mut lines = vec![
        format!("Code {code}, run {}, {}", run.number, local_time(run.created_at_ms)),
        format!("Browser: {}", run.results.browser.ua.label()),
        format!("Public network: {}", run.network.client_prefix),
    ];
    if let Some(host) = &run.results.server_host {
        lines.push(format!("Server tested: {host}"));
    }
    lines
}

#[component]
fn RunCard(run: RunView, per_call_kbps: f64, code: String) -> impl IntoView {
    let code = code.as_str();
    let r = &run.results;
    let context = ReportContext { per_call_kbps };
    let mut figures: Vec<Figure> = REGISTRY.iter().flat_map(|probe| (probe.figures)(r, &context)).collect();
    figures.push(("Test duration".into(), format!("{:.1} s", r.duration_ms / 1000.0)));
    if let Some(host) = &r.server_host {
        figures.push(("Server tested".into(), host.clone()));
    }
    let browser = &r.browser;
    let facts = vec![
        ("Browser (page)", browser.ua.label()),
        ("Browser (server saw)", run.network.user_agent.label()),
        (
            "Memory",
            browser
                .device_memory_gb
                .map(|g| format!("{g} GB"))
                .unwrap_or_else(|| "unknown (not reported by this browser)".into()),
        ),
        ("Logical processors", browser.hardware_concurrency.map(|c| c.to_string()).unwrap_or_else(|| "unknown".into())),
        ("Public network", run.network.client_prefix.clone()),
        ("Public address id", run.network.client_id.clone()),
    ];
    let facts: Vec<(String, String)> = facts.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let table = |rows: Vec<(String, String)>| {
        rows.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()
    };
    view! {
        <article class="card run" data-run-number=run.number.to_string()>
            <header class="run-head">
                <span class=format!("verdict-pill {}", verdict_class(run.verdict))>{run.verdict.label()}</span>
                <span class="run-title">{format!("Run {} · {}", run.number, local_time(run.created_at_ms))}</span>
            </header>
            <CheckList checks=run.checks.clone()/>
            <ItBox heading=it_heading(code, &run) verdict=run.verdict checks=run.checks.clone()
                subject=format!("CallReady test {code}, run {}: {}", run.number, run.verdict.label())/>
            {r.media.as_ref().filter(|m| m.rtt_series.len() > 1).map(|m| view! { <RttChart points=m.rtt_series.clone()/> })}
            {r.bandwidth.as_ref().filter(|b| !b.down.samples_kbps.is_empty() || !b.up.samples_kbps.is_empty()).map(|b| view! {
                <RateChart down=b.down.samples_kbps.clone() up=b.up.samples_kbps.clone()/>
            })}
            <div class="tables">
                <table class="figures"><caption>"Figures"</caption><tbody>{table(figures)}</tbody></table>
                <table class="figures"><caption>"Browser and network (anonymised)"</caption><tbody>{table(facts)}</tbody></table>
            </div>
        </article>
    }
}

/// The profile's items for IT: what the platform needs open (each run above checks
/// them from the agent's browser), and what a page cannot test at all.
#[component]
fn ForIt(profile: callready_common::profile::Profile) -> impl IntoView {
    let mut open: Vec<String> = profile
        .tcp_ports
        .iter()
        .map(|p| format!("TCP {}{}: {}", p.port, if p.tls { " (TLS)" } else { "" }, p.purpose))
        .collect();
    open.extend(profile.udp_ranges.iter().map(|r| format!("UDP {}–{}: {}", r.from, r.to, r.purpose)));
    open.extend(profile.domains.iter().map(|d| format!("{}: {}", d.url, d.purpose)));
    let opens = (!open.is_empty()).then(|| {
        view! {
            <p class="muted">"The platform needs these open from the agents' computers; each run checks them from the agent's browser:"</p>
            <ul class="for-it">{open.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
        }
    });
    let by_hand = !profile.checklist.is_empty();
    let items = profile
        .checklist
        .into_iter()
        .map(|c| {
            let row = c.row.map(|r| format!(" ({r})")).unwrap_or_default();
            view! {
                <li><strong>{format!("{}{row}", c.item)}</strong>" — "{c.vendor_says}" "<span class="muted">{c.why}</span></li>
            }
        })
        .collect_view();
    view! {
        <section id="for-it" class="card">
            <h2>{format!("For your IT team: {}", profile.name)}</h2>
            {opens}
            {by_hand.then(|| view! { <p class="muted">"A web page cannot test these; check them by hand:"</p> })}
            <ul class="for-it">{items}</ul>
        </section>
    }
}

/// Round-trip time of the call-like stream over time, as a small SVG line.
#[component]
fn RttChart(points: Vec<[f64; 2]>) -> impl IntoView {
    const WIDTH: f64 = 600.0;
    const HEIGHT: f64 = 120.0;
    let max_t = points.iter().map(|p| p[0]).fold(0.0_f64, f64::max).max(0.001);
    let max_rtt = points.iter().map(|p| p[1]).fold(0.0_f64, f64::max).max(1.0);
    let line: Vec<String> = points
        .iter()
        .map(|[t, rtt]| format!("{:.1},{:.1}", t / max_t * WIDTH, HEIGHT - rtt / max_rtt * (HEIGHT - 10.0)))
        .collect();
    view! {
        <figure class="rtt-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img"
                aria-label="Round-trip time of the call-like stream over time">
                <polyline points=line.join(" ") fill="none" stroke="#1f5eff" stroke-width="1.5" vector-effect="non-scaling-stroke"/>
            </svg>
            <figcaption>{format!("Round trip over {max_t:.0} s of call-like stream (top of chart = {})", ms(max_rtt))}</figcaption>
        </figure>
    }
}

/// Download then upload rate, one bar per second, as a small SVG.
#[component]
fn RateChart(down: Vec<f64>, up: Vec<f64>) -> impl IntoView {
    const WIDTH: f64 = 600.0;
    const HEIGHT: f64 = 120.0;
    let top = down.iter().chain(up.iter()).copied().fold(1.0_f64, f64::max);
    let slots = (down.len() + up.len() + 1).max(2) as f64;
    let slot = WIDTH / slots;
    let bars = down
        .iter()
        .map(|v| (*v, "bar-down"))
        .chain(std::iter::once((0.0, "bar-gap")))
        .chain(up.iter().map(|v| (*v, "bar-up")))
        .enumerate()
        .map(|(i, (v, class))| {
            let h = v / top * (HEIGHT - 10.0);
            view! {
                <rect class=class x=format!("{:.1}", i as f64 * slot + 1.0) y=format!("{:.1}", HEIGHT - h)
                    width=format!("{:.1}", (slot - 2.0).max(1.0)) height=format!("{h:.1}")/>
            }
        })
        .collect_view();
    view! {
        <figure class="rate-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img"
                aria-label="Download then upload rate, per second">{bars}</svg>
            <figcaption>
                <span class="key key-down">"download"</span>" then "<span class="key key-up">"upload"</span>
                {format!(", per second (top of chart = {})", rate(top))}
            </figcaption>
        </figure>
    }
}
