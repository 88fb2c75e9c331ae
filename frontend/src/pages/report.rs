//! `/r` and `/r/<code>`: support reads every run of a session, newest first, with
//! each check's figures, the browser and the anonymised network facts. Prints cleanly.

use callready_common::api::{RunView, SessionView};
use callready_common::probes::region::RegionsReport;
use callready_common::SessionCode as Code;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::browser::{go_to, local_time, print_page};
use callready_common::verdict::{Check, CheckId};

use crate::components::{status_class, status_word, verdict_class, verdict_word, CheckList, ItBox};
use crate::i18n::{lang, num, t};
use crate::probes::{ms_or_dash, Figure, ReportContext, REGISTRY};

/// `/r`: type the code the agent reads out.
#[component]
pub fn ReportSearch() -> impl IntoView {
    let input = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move || match input.get_untracked().parse::<Code>() {
        Ok(code) => go_to(&format!("/r/{code}")),
        Err(e) => error.set(Some(crate::t!("report-not-a-code", reason = e.to_string()))),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        open();
    };
    view! {
        <section class="card narrow">
            <h1>{t("report-search-title")}</h1>
            <p>{crate::t!("report-search-intro", example = "7KQ2-M9XD-4TPA")}</p>
            <form class="code-form" on:submit=on_submit>
                <input id="code-input" type="text" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX"
                    aria-label=t("report-code-label")
                    prop:value=move || input.get()
                    on:input=move |ev| { input.set(event_target_value(&ev)); error.set(None); }/>
                <button class="primary" type="submit">{t("report-open")}</button>
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
            crate::brand::wear_deployment();
            return view! {
                <section class="card"><h1>{t("report-not-a-code-title")}</h1>
                <p>{crate::t!("report-not-a-code-detail", code = raw_code, reason = e.to_string())}</p>
                <p><a href="/r">{t("report-type-another-code")}</a></p></section>
            }
            .into_any();
        }
    };
    let load = RwSignal::new(Load::Loading);
    let refresh = {
        let code = code.clone();
        move || {
            let code = code.clone();
            spawn_local(async move {
                let answer = api::session(&code).await;
                match &answer {
                    Ok(session) => crate::brand::wear(session.brand.clone()),
                    Err(_) => crate::brand::wear_deployment(),
                }
                load.set(match answer {
                    Ok(session) => Load::Loaded(Box::new(session)),
                    Err(failure) if failure.is_not_found() => {
                        Load::Failed(crate::t!("report-no-such-session", code = code.clone()))
                    }
                    Err(failure) => Load::Failed(crate::t!("report-load-failed", reason = failure.message())),
                });
            });
        }
    };
    refresh();
    view! {
        {move || match load.get() {
            Load::Loading => view! { <section class="card"><p>{t("report-loading")}</p></section> }.into_any(),
            Load::Failed(message) => view! {
                <section class="card"><p class="error" role="alert">{message}</p><p><a href="/r">{t("report-type-another-code")}</a></p></section>
            }.into_any(),
            Load::Loaded(session) if session.runs_hidden => {
                let next = js_sys::encode_uri_component(&format!("/r/{}", session.code));
                view! {
                    <section class="card narrow" id="runs-hidden">
                        <h1>{t("report-runs-hidden-title")}</h1>
                        <p>{crate::t!("report-runs-hidden", code = session.code.clone())}</p>
                        <p>
                            <a class="button" href=format!("/login?next={next}")>{t("report-sign-in")}</a>" "
                            <a href="/r">{t("report-type-report-code")}</a>
                        </p>
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
    let pinned_region = session.region.clone();
    let runs = session
        .runs
        .into_iter()
        .map(|run| {
            view! { <RunCard run=run per_call_kbps=per_call_kbps code=code.clone() pinned_region=pinned_region.clone()/> }
        })
        .collect_view();
    let pdf_link = format!("/r/{}.pdf?lng={}", session.code, lang().code());
    view! {
        <section id="report" class="card report-head">
            <div>
                <p class="caption">{crate::t!("report-caption", product = crate::brand::product())}</p>
                <h1>{session.label.clone().unwrap_or_else(|| t("report-session"))}</h1>
                <p class="muted">
                    {crate::t!("report-code-created", code = session.code.clone(), created = local_time(session.created_at_ms))}
                    {session.calls.map(|c| format!(" · {}", crate::t!("report-site-needs-calls", count = c)))}
                    {session.profile.as_ref().map(|p| format!(" · {}", crate::t!("report-requirements", profile = p.in_language(lang()).name)))}
                </p>
                {session.report_code.clone().map(|report| {
                    let origin = crate::browser::window().location().origin().unwrap_or_default();
                    let link = format!("{origin}/r/{report}");
                    view! { <p class="muted no-print" id="report-link">{t("report-share-link")}" "<a href=link.clone()>{link.clone()}</a></p> }
                })}
                <crate::brand::SupportLine/>
            </div>
            <div class="actions no-print">
                <button class="secondary" on:click=move |_| on_refresh()>{t("report-refresh")}</button>
                <button class="secondary" on:click=|_| print_page()>{t("report-print")}</button>
                <a id="report-pdf" class="button" href=pdf_link download>{t("report-pdf")}</a>
            </div>
        </section>
        {session.profile.clone().filter(|p| !p.checklist.is_empty() || !p.tcp_ports.is_empty() || !p.udp_ranges.is_empty() || !p.domains.is_empty()).map(|p| view! { <ForIt profile=p.in_language(lang())/> })}
        {if count == 0 {
            view! { <section class="card"><p id="no-runs">{t("report-no-runs")}</p></section> }.into_any()
        } else {
            view! { {compare}<p class="muted run-count">{crate::t!("report-run-count", count = count)}</p>{runs} }.into_any()
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
                view! { <option value=n.to_string() selected=move || which.get() == n>{crate::t!("report-run-option", run = n)}</option> }
            })
            .collect_view();
        view! {
            <select id=id aria-label=t("report-run-to-compare")
                on:change=move |ev| which.set(event_target_value(&ev).parse().unwrap_or_default())>{options}</select>
        }
    };
    let cell = |check: Option<&Check>| {
        match check {
        Some(c) => view! {
            <td><span class=format!("badge {}", status_class(c.status))>{status_word(c.status)}</span>" "{c.summary.render(lang())}</td>
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
                <tr class="verdict-row"><th scope="row">{t("report-verdict")}</th>
                    <td><span class=format!("verdict-pill {}", verdict_class(a.verdict))>{verdict_word(a.verdict)}</span></td>
                    <td><span class=format!("verdict-pill {}", verdict_class(b.verdict))>{verdict_word(b.verdict)}</span></td></tr>
                {ids.into_iter().map(|id| {
                    let find_check = |run: &RunView| run.checks.iter().find(|c| c.id == id).cloned();
                    let (ca, cb) = (find_check(a), find_check(b));
                    let changed = ca.as_ref().map(|c| c.status) != cb.as_ref().map(|c| c.status);
                    view! {
                        <tr class:changed=changed><th scope="row">{id.name(lang())}</th>{cell(ca.as_ref())}{cell(cb.as_ref())}</tr>
                    }
                }).collect_view()}
            }
            .into_any();
            Some(rows)
        })
    };
    view! {
        <section id="compare" class="card compare">
            <h2>{t("report-compare-title")}</h2>
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
        crate::t!("it-box-code-run", code = code, run = run.number, time = local_time(run.created_at_ms)),
        crate::t!("it-box-browser", browser = run.results.browser.ua.label()),
        crate::t!("it-box-public-network", network = run.network.client_prefix.clone()),
    ];
    if let Some(host) = &run.results.server_host {
        lines.push(crate::t!("it-box-server-tested", host = host.clone()));
    }
    lines
}

/// `pinned_region`: the region the session's invite pins its test to.
#[component]
fn RunCard(run: RunView, per_call_kbps: f64, code: String, pinned_region: Option<String>) -> impl IntoView {
    let code = code.as_str();
    let r = &run.results;
    let context = ReportContext { per_call_kbps };
    let mut figures: Vec<Figure> = REGISTRY.iter().flat_map(|probe| probe.figures(r, &context)).collect();
    figures.push((t("report-test-duration"), lang().seconds(r.duration_ms / 1000.0)));
    if let Some(host) = &r.server_host {
        figures.push((t("report-server-tested"), host.clone()));
    }
    let browser = &r.browser;
    let facts = vec![
        ("report-browser-page", browser.ua.label()),
        ("report-browser-server", run.network.user_agent.label()),
        (
            "report-memory",
            browser
                .device_memory_gb
                .map(|g| crate::t!("report-memory-gb", value = num(g, decimals_of(g))))
                .unwrap_or_else(|| t("report-memory-unknown")),
        ),
        (
            "report-logical-processors",
            browser.hardware_concurrency.map(|c| c.to_string()).unwrap_or_else(|| t("report-unknown")),
        ),
        ("report-public-network", run.network.client_prefix.clone()),
        ("report-public-address-id", run.network.client_id.clone()),
    ];
    let facts: Vec<(String, String)> = facts.into_iter().map(|(k, v)| (t(k), v)).collect();
    let table = |rows: Vec<(String, String)>| {
        rows.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()
    };
    view! {
        <article class="card run" data-run-number=run.number.to_string()>
            <header class="run-head">
                <span class=format!("verdict-pill {}", verdict_class(run.verdict))>{verdict_word(run.verdict)}</span>
                <span class="run-title">
                    {crate::t!("report-run-title", run = run.number, time = local_time(run.created_at_ms))}
                </span>
            </header>
            <CheckList checks=run.checks.clone()/>
            <ItBox heading=it_heading(code, &run) verdict=run.verdict checks=run.checks.clone()
                subject=crate::t!("it-box-subject-run", product = crate::brand::product(), code = code, run = run.number, verdict = verdict_word(run.verdict))/>
            {r.media.as_ref().filter(|m| m.rtt_series.len() > 1).map(|m| view! { <RttChart points=m.rtt_series.clone()/> })}
            {r.bandwidth.as_ref().filter(|b| !b.down.samples_kbps.is_empty() || !b.up.samples_kbps.is_empty()).map(|b| view! {
                <RateChart down=b.down.samples_kbps.clone() up=b.up.samples_kbps.clone()/>
            })}
            <div class="tables">
                <table class="figures"><caption>{t("report-figures")}</caption><tbody>{table(figures)}</tbody></table>
                <table class="figures"><caption>{t("report-browser-network")}</caption><tbody>{table(facts)}</tbody></table>
            </div>
            {r.regions.clone().map(|regions| view! { <RegionTable regions=regions pinned_region=pinned_region/> })}
        </article>
    }
}

/// The regions the page measured before the test, and the one the test ran in
/// (see `crate::region`); `pinned_region` is the invite's.
#[component]
fn RegionTable(regions: RegionsReport, pinned_region: Option<String>) -> impl IntoView {
    let rows = regions
        .measured
        .iter()
        .map(|m| {
            let used = m.name == regions.used;
            let how = used.then(|| t(if regions.pinned { "report-region-pinned" } else { "report-region-used" }));
            view! {
                <tr class:used=used>
                    <th scope="row">{m.display_name.clone()}</th>
                    <td>{ms_or_dash(m.https_rtt_ms)}</td>
                    <td>{ms_or_dash(m.stun_rtt_ms)}</td>
                    <td class="region-used">{how.map(|how| view! { <span class="badge pass">{how}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    // The invite's region was not available (stopped, silent, or it gave no settings).
    let pin_note = pinned_region.filter(|_| !regions.pinned).map(|region| {
        let region = regions.measured.iter().find(|m| m.name == region).map_or(region, |m| m.display_name.clone());
        view! { <p class="muted region-note">{crate::t!("report-region-pin-unavailable", region = region)}</p> }
    });
    view! {
        <table class="figures regions">
            <caption>{crate::t!("report-regions-caption", duration = lang().seconds(regions.selection_ms / 1000.0))}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("report-region")}</th>
                    <th scope="col" class="num">{t("report-region-https")}</th>
                    <th scope="col" class="num">{t("report-region-stun")}</th>
                    <th scope="col" class="region-used">{t("report-region-test")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {pin_note}
    }
}

/// As many decimals as a memory size needs (0.25, 0.5, 8): at most two.
fn decimals_of(value: f64) -> usize {
    (0..2).find(|d| (value * 10f64.powi(*d as i32)).fract() == 0.0).unwrap_or(2)
}

/// The profile's items for IT: what the platform needs open (each run above checks
/// them from the agent's browser), and what a page cannot test at all.
#[component]
fn ForIt(profile: callready_common::profile::Profile) -> impl IntoView {
    let open = profile.open_lines();
    let opens = (!open.is_empty()).then(|| {
        view! {
            <p class="muted">{t("report-for-it-open")}</p>
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
            <h2>{crate::t!("report-for-it-title", profile = profile.name.clone())}</h2>
            {opens}
            {by_hand.then(|| view! { <p class="muted">{t("report-for-it-by-hand")}</p> })}
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
                aria-label=t("report-rtt-chart-label")>
                <polyline points=line.join(" ") fill="none" stroke="#1f5eff" stroke-width="1.5" vector-effect="non-scaling-stroke"/>
            </svg>
            <figcaption>
                {crate::t!("report-rtt-chart-caption", seconds = num(max_t, 0), top = lang().ms(max_rtt))}
            </figcaption>
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
                aria-label=t("report-rate-chart-label")>{bars}</svg>
            <figcaption>
                <span class="key key-down">{t("report-rate-chart-download")}</span>
                {format!(" {} ", t("report-rate-chart-then"))}
                <span class="key key-up">{t("report-rate-chart-upload")}</span>
                {crate::t!("report-rate-chart-caption", top = lang().rate(top))}
            </figcaption>
        </figure>
    }
}
