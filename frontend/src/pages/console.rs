//! `/console`: support's sessions, newest first, with filters that live in the URL
//! (a view can be shared), exports, and a form for new invites (one agent or a
//! list). `/console/site/<site>`: where one site stands. Both need an account: a
//! visitor without one is sent to `/login` and brought back.

use callready_common::api::{BulkInvite, CreateSessionRequest, SessionSummary, SiteView, MAX_BULK_AGENTS};
use callready_common::csv::{agents_from_csv, text_cell};
use callready_common::verdict::Verdict;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::browser::{go_to, local_time, window};
use crate::components::{verdict_class, verdict_word};
use crate::i18n::{lang, t};

/// `location.search` without its `?`.
fn query_string() -> String {
    window().location().search().unwrap_or_default().trim_start_matches('?').to_string()
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// A parameter of the page's query string, decoded.
fn param(name: &str) -> String {
    query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .and_then(|raw| js_sys::decode_uri_component(&raw.replace('+', " ")).ok())
        .map(String::from)
        .unwrap_or_default()
}

/// To sign in first, then come back here.
pub(super) fn sign_in_if_needed(failure: &ApiFailure) {
    if matches!(failure, ApiFailure::Refused { status: 401, .. }) {
        let here = format!("{}{}", crate::browser::path(), window().location().search().unwrap_or_default());
        go_to(&format!("/login?next={}", encode(&here)));
    }
}

fn verdict_pill(summary: &SessionSummary) -> impl IntoView {
    match summary.latest_verdict {
        Some(verdict) => {
            view! { <span class=format!("verdict-pill {}", verdict_class(verdict))>{verdict_word(verdict)}</span> }
                .into_any()
        }
        None => view! { <span class="verdict-pill untested">{t("console-not-tested-yet")}</span> }.into_any(),
    }
}

fn site_link(site: &Option<String>) -> impl IntoView {
    site.clone().map(|site| {
        let href = format!("/console/site/{}", encode(&site));
        view! { <a href=href>{site}</a> }
    })
}

/// The head of a table of sessions.
fn session_head() -> impl IntoView {
    view! {
        <thead><tr>
            <th>{t("console-col-code")}</th><th>{t("console-col-label")}</th><th>{t("console-col-site")}</th>
            <th>{t("console-col-agent")}</th><th>{t("console-col-profile")}</th><th>{t("console-col-runs")}</th>
            <th>{t("console-col-latest")}</th>
        </tr></thead>
    }
}

fn session_rows(sessions: Vec<SessionSummary>) -> impl IntoView {
    sessions
        .into_iter()
        .map(|s| {
            let latest = s.latest_at_ms.map(local_time).unwrap_or_default();
            view! {
                <tr>
                    <td><a class="code-link" href=format!("/r/{}", s.code)>{s.code.clone()}</a></td>
                    <td>{s.label.clone().unwrap_or_default()}</td>
                    <td>{site_link(&s.site)}</td>
                    <td>{s.agent.clone().unwrap_or_default()}</td>
                    <td>{s.profile.clone().unwrap_or_else(|| "default".into())}</td>
                    <td class="num">{s.runs}</td>
                    <td>{verdict_pill(&s)}" "<span class="muted">{latest}</span></td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn Console() -> impl IntoView {
    let query = query_string();
    let list = LocalResource::new(move || {
        let query = query_string();
        async move { api::sessions(&query).await }
    });
    let q = RwSignal::new(param("q"));
    let site = RwSignal::new(param("site"));
    let verdict = RwSignal::new(param("verdict"));
    let from = RwSignal::new(param("from"));
    let to = RwSignal::new(param("to"));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [("q", q), ("site", site), ("verdict", verdict), ("from", from), ("to", to)];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.get_untracked().trim().is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v.get_untracked().trim())))
            .collect();
        go_to(&format!("/console?{}", query.join("&")));
    };
    let without_page: String =
        query.split('&').filter(|p| !p.starts_with("page=") && !p.is_empty()).collect::<Vec<_>>().join("&");
    let page_link = {
        let without_page = without_page.clone();
        move |page: u32| {
            let joiner = if without_page.is_empty() { "" } else { "&" };
            format!("/console?{without_page}{joiner}page={page}")
        }
    };
    let me = LocalResource::new(api::me);
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::logout().await;
            go_to("/login?next=%2Fconsole");
        });
    };
    view! {
        {move || me.get().and_then(Result::ok).map(|me| view! {
            <p class="signed-in no-print">
                <span id="signed-in-as" class="muted">{crate::t!("console-signed-in-as", name = me.name.clone(), role = me.role.clone())}</span>
                {(me.role == "admin").then(|| view! {
                    <a id="branding-link" class="button" href="/console/branding">{t("console-branding-link")}</a>
                    <a id="webhooks-link" class="button" href="/console/webhooks">{t("console-webhooks-link")}</a>
                })}
                <button id="sign-out" class="button" on:click=sign_out>{t("console-sign-out")}</button>
            </p>
        })}
        <section class="card console">
            <div class="report-head">
                <h1>{t("console-title")}</h1>
                <div class="actions no-print">
                    <a id="export-csv" class="button" href=format!("/api/runs.csv?{without_page}") download="callready-runs.csv">{t("console-runs-csv")}</a>
                    <a class="button" href=format!("/api/runs.json?{without_page}") download="callready-runs.json">{t("console-runs-json")}</a>
                </div>
            </div>
            <form class="filters" on:submit=search>
                <input id="console-search" type="search" placeholder=t("console-search-placeholder") aria-label=t("console-search-label")
                    prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                <input type="text" placeholder=t("console-site-filter") aria-label=t("console-site-filter")
                    prop:value=move || site.get() on:input=move |ev| site.set(event_target_value(&ev))/>
                <select aria-label=t("console-verdict-filter") on:change=move |ev| verdict.set(event_target_value(&ev)) prop:value=move || verdict.get()>
                    <option value="">{t("console-any-verdict")}</option>
                    <option value="ready">{verdict_word(Verdict::Ready)}</option>
                    <option value="ready_with_warnings">{verdict_word(Verdict::ReadyWithWarnings)}</option>
                    <option value="not_ready">{verdict_word(Verdict::NotReady)}</option>
                    <option value="untested">{t("console-not-tested-yet")}</option>
                </select>
                <input type="date" aria-label=t("console-created-from") prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                <input type="date" aria-label=t("console-created-to") prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                <button id="console-search-submit" class="primary" type="submit">{t("console-search")}</button>
            </form>
            {move || list.get().map(|answer| match answer {
                Err(failure) => {
                    sign_in_if_needed(&failure);
                    view! { <p class="error" role="alert">{crate::t!("console-list-failed", reason = failure.message())}</p> }.into_any()
                }
                Ok(list) => {
                    let (page, pages, total) = (list.page, list.pages, list.total);
                    let prev = (page > 1).then(|| view! { <a class="button" href=page_link(page - 1)>{t("console-newer")}</a> });
                    let next = (page < pages).then(|| view! { <a class="button" href=page_link(page + 1)>{t("console-older")}</a> });
                    view! {
                        <p class="muted" id="console-total">{crate::t!("console-sessions-count", count = total)}</p>
                        <table class="sessions">
                            {session_head()}
                            <tbody>{session_rows(list.sessions)}</tbody>
                        </table>
                        <div class="pager">{prev}<span class="muted">{crate::t!("console-page", page = page, pages = pages)}</span>{next}</div>
                    }.into_any()
                }
            })}
        </section>
        <NewInvite made_some=move || list.refetch()/>
    }
}

/// Largest CSV file of agents read (500 names fit in far less).
const MAX_AGENTS_FILE_BYTES: f64 = 256.0 * 1024.0;

/// The agents a CSV file lists, checked against what one bulk request takes.
async fn read_agents(file: &web_sys::File) -> Result<Vec<String>, String> {
    if file.size() > MAX_AGENTS_FILE_BYTES {
        return Err(crate::t!("invite-file-too-large", kib = MAX_AGENTS_FILE_BYTES as u32 / 1024));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| t("invite-file-unreadable"))?;
    let names = agents_from_csv(&text.as_string().unwrap_or_default())?;
    match names.len() {
        0 => Err(t("invite-file-no-agent")),
        n if n > MAX_BULK_AGENTS => Err(crate::t!("invite-file-too-many", count = n, max = MAX_BULK_AGENTS)),
        _ => Ok(names),
    }
}

/// The links just made, as a CSV file the browser downloads (for a mail merge).
fn offer_csv(rows: &[(String, String, String)]) {
    let mut csv = String::from("agent,code,agent_url\r\n");
    for (agent, code, url) in rows {
        csv.push_str(&format!("{},{},{}\r\n", text_cell(agent), text_cell(code), text_cell(url)));
    }
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(document) = window().document() {
        if let Ok(anchor) = document.create_element("a") {
            let _ = anchor.set_attribute("href", &url);
            let _ = anchor.set_attribute("download", "callready-invites.csv");
            if let Some(anchor) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&anchor) {
                anchor.click();
            }
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// `made_some` runs once links are made (the list shows them).
#[component]
fn NewInvite(made_some: impl Fn() + Copy + 'static) -> impl IntoView {
    let label = RwSignal::new(String::new());
    let site = RwSignal::new(String::new());
    let agents = RwSignal::new(String::new());
    let expires = RwSignal::new("30d".to_string());
    let max_runs = RwSignal::new(String::new());
    let brand = RwSignal::new(String::new());
    let brands = LocalResource::new(api::brands);
    let region = RwSignal::new(String::new());
    let regions = LocalResource::new(|| api::regions(api::TIMEOUT_MS));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let made = RwSignal::new(Vec::<(String, String, String)>::new());
    let file_note = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        spawn_local(async move {
            match read_agents(&file).await {
                Ok(names) => {
                    file_note.set(Some(crate::t!("invite-file-note", count = names.len(), file = file.name())));
                    error.set(None);
                    agents.set(names.join("\n"));
                }
                Err(why) => {
                    file_note.set(None);
                    error.set(Some(crate::t!("invite-file-error", file = file.name(), reason = why)));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|t| !t.is_empty());
        let max_runs = match text(max_runs).map(|m| m.parse::<u32>()) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                error.set(Some(t("invite-max-runs-invalid")));
                busy.set(false);
                return;
            }
            None => None,
        };
        let invite = CreateSessionRequest {
            label: text(label),
            site: text(site),
            expires_in: text(expires),
            max_runs,
            brand: text(brand),
            region: text(region),
            ..CreateSessionRequest::default()
        };
        let names: Vec<String> =
            agents.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        spawn_local(async move {
            let result = if names.len() <= 1 {
                let request = CreateSessionRequest { agent: names.first().cloned(), ..invite };
                api::create_invite(&request)
                    .await
                    .map(|c| vec![(names.first().cloned().unwrap_or_default(), c.code, c.agent_url)])
            } else {
                api::create_bulk(&BulkInvite { invite, agents: names })
                    .await
                    .map(|b| b.links.into_iter().map(|l| (l.agent, l.created.code, l.created.agent_url)).collect())
            };
            match result {
                Ok(rows) => {
                    made.set(rows);
                    made_some();
                }
                Err(failure) => {
                    sign_in_if_needed(&failure);
                    error.set(Some(failure.message()));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card no-print">
            <h2>{t("invite-title")}</h2>
            <form class="invite-form" on:submit=submit>
                <label>{t("invite-label")}<input id="invite-label" type="text" on:input=move |ev| label.set(event_target_value(&ev))/></label>
                <label>{t("invite-site")}<input id="invite-site" type="text" on:input=move |ev| site.set(event_target_value(&ev))/></label>
                <label class="wide">{t("invite-agents")}
                    <textarea id="invite-agents" rows="3" prop:value=move || agents.get()
                        on:input=move |ev| agents.set(event_target_value(&ev))></textarea>
                </label>
                <label class="wide">{t("invite-agents-file")}
                    <input id="invite-file" type="file" accept=".csv,text/csv,text/plain" on:change=on_file/>
                </label>
                {move || file_note.get().map(|note| view! { <p class="muted wide" id="invite-file-note">{note}</p> })}
                <label>{t("invite-expires")}<input id="invite-expires" type="text" prop:value=move || expires.get()
                    on:input=move |ev| expires.set(event_target_value(&ev))/></label>
                <label>{t("invite-max-runs")}<input id="invite-max-runs" type="text" placeholder=t("invite-no-limit")
                    on:input=move |ev| max_runs.set(event_target_value(&ev))/></label>
                {move || brands.get().and_then(Result::ok).filter(|list| !list.is_empty()).map(|list| view! {
                    <label>{t("invite-brand")}
                        <select id="invite-brand" on:change=move |ev| brand.set(event_target_value(&ev))>
                            <option value="">{t("invite-brand-deployment")}</option>
                            {list.into_iter().filter(|b| b.id != callready_common::brand::DEFAULT_BRAND).map(|b| view! {
                                <option value=b.id.clone()>{format!("{} ({})", b.name, b.id)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                // Only a deployment with several regions can pin an invite to one.
                {move || regions.get().and_then(Result::ok).filter(|list| list.regions.len() > 1).map(|list| view! {
                    <label>{t("invite-region")}
                        <select id="invite-region" on:change=move |ev| region.set(event_target_value(&ev))>
                            <option value="">{t("invite-region-nearest")}</option>
                            {list.regions.into_iter().map(|r| {
                                let text = if r.display_name == r.name { r.name.clone() } else { format!("{} ({})", r.display_name, r.name) };
                                view! { <option value=r.name>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <button id="invite-submit" class="primary" type="submit" disabled=move || busy.get()>{t("invite-submit")}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || (!made.get().is_empty()).then(|| {
                let rows = made.get();
                view! {
                    <table id="invite-links" class="sessions">
                        <thead><tr>
                            <th>{t("invite-col-agent")}</th><th>{t("invite-col-code")}</th><th>{t("invite-col-link")}</th>
                        </tr></thead>
                        <tbody>{rows.iter().map(|(agent, code, url)| view! {
                            <tr><td>{agent.clone()}</td><td class="code-link">{code.clone()}</td><td><a href=url.clone()>{url.clone()}</a></td></tr>
                        }).collect_view()}</tbody>
                    </table>
                    <button class="button" on:click=move |_| offer_csv(&made.get_untracked())>{t("invite-download-csv")}</button>
                }
            })}
        </section>
    }
}

fn figure(value: Option<f64>, show: impl Fn(f64) -> String) -> String {
    value.map(show).unwrap_or_else(|| "–".into())
}

#[component]
pub fn SitePage(site: String) -> impl IntoView {
    let name = site.clone();
    let view_of = LocalResource::new(move || {
        let site = site.clone();
        async move { api::site(&site).await }
    });
    view! {
        <section class="card console">
            <p class="muted"><a href="/console">{t("console-all-sessions")}</a></p>
            <h1>{crate::t!("site-title", site = name)}</h1>
            {move || view_of.get().map(|answer| match answer {
                Err(failure) => {
                    sign_in_if_needed(&failure);
                    view! { <p class="error" role="alert">{failure.message()}</p> }.into_any()
                }
                Ok(site) => site_summary(site).into_any(),
            })}
        </section>
    }
}

/// The words after a site's count, a space first (the count is in a span before).
fn count_words(id: &str, count: u32) -> String {
    format!(" {}", crate::t!(id, count = count))
}

fn site_summary(site: SiteView) -> impl IntoView {
    let csv = format!("/api/runs.csv?site={}", encode(&site.site));
    view! {
        <div class="site-counts" id="site-counts">
            <div class="count ready"><span class="n">{site.ready}</span>{count_words("site-count-ready", site.ready)}</div>
            <div class="count warnings"><span class="n">{site.warnings}</span>{count_words("site-count-warnings", site.warnings)}</div>
            <div class="count not-ready"><span class="n">{site.not_ready}</span>{count_words("site-count-not-ready", site.not_ready)}</div>
            <div class="count untested"><span class="n">{site.untested}</span>{count_words("site-count-untested", site.untested)}</div>
        </div>
        <table class="figures">
            <tr><th>{t("site-median-rtt")}</th><td>{figure(site.median_rtt_ms, |v| lang().ms(v))}</td></tr>
            <tr><th>{t("site-median-loss")}</th><td>{figure(site.median_loss_pct, |v| lang().percent(v, 1))}</td></tr>
            <tr><th>{t("site-median-down")}</th><td>{figure(site.median_down_kbps, |v| lang().rate(v))}</td></tr>
            <tr><th>{t("site-median-up")}</th><td>{figure(site.median_up_kbps, |v| lang().rate(v))}</td></tr>
        </table>
        {(!site.failing.is_empty()).then(|| view! {
            <h2>{t("site-failing-title")}</h2>
            <ul class="failing">{site.failing.iter().map(|(key, title, n)| {
                let title = callready_common::verdict::CheckId::ALL
                    .into_iter()
                    .find(|id| id.key() == key)
                    .map_or_else(|| title.clone(), |id| id.name(lang()));
                view! {
                <li>{crate::t!("site-failing-check", title = title, count = *n)}</li>
                }
            }).collect_view()}</ul>
        })}
        <h2>{t("site-sessions")}</h2>
        <p class="no-print"><a id="site-csv" class="button" href=csv download="callready-site.csv">{t("console-runs-csv")}</a></p>
        <table class="sessions">
            {session_head()}
            <tbody>{session_rows(site.sessions)}</tbody>
        </table>
    }
}
