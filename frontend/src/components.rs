//! Pieces shared by the test page and the report, named after what the user sees.

use callready_common::verdict::{Check, CheckId, Status, Verdict};
use leptos::prelude::*;

use crate::i18n::{lang, t};

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Unknown => "unknown",
        Status::NotRun => "not-run",
        Status::Warn => "warn",
        Status::Fail => "fail",
    }
}

fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Unknown => "?",
        Status::NotRun => "–",
        Status::Warn => "!",
        Status::Fail => "✕",
    }
}

/// The status in a word ("Pass", "Warning"…), in the page's language.
pub fn status_word(status: Status) -> String {
    status.word(lang())
}

/// The verdict in words ("Ready with warnings"), in the page's language: what the
/// banner, the pills and the announcements show.
pub fn verdict_word(verdict: Verdict) -> String {
    verdict.word(lang())
}

pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => "ready",
        Verdict::ReadyWithWarnings => "warnings",
        Verdict::NotReady => "not-ready",
    }
}

/// The session code in large type, for reading out over the phone.
#[component]
pub fn SessionCode(code: String) -> impl IntoView {
    view! {
        <div class="session-code">
            <span class="caption">{t("test-your-code")}</span>
            <span id="session-code" class="code">{code}</span>
            <span class="caption">{t("test-read-code-to-support")}</span>
        </div>
    }
}

#[component]
pub fn VerdictBanner(verdict: Verdict) -> impl IntoView {
    let explanation = verdict.explanation(lang());
    view! {
        <div id="verdict" class=format!("verdict {}", verdict_class(verdict)) data-verdict=verdict_class(verdict)>
            <strong>{verdict_word(verdict)}</strong>
            <span>{explanation}</span>
        </div>
    }
}

/// One line per check, with its fix (and the exact text for IT) under it when there is one.
#[component]
pub fn CheckList(checks: Vec<Check>) -> impl IntoView {
    let rows = checks
        .into_iter()
        .map(|check| {
            let class = status_class(check.status);
            let cause =
                check.blocked_by.map(|cause: CheckId| crate::t!("checklist-blocked-by", check = cause.name(lang())));
            view! {
                <li class=format!("check {class}") data-check=check.id.key() data-status=class>
                    <span class="mark" title=status_word(check.status)>{status_mark(check.status)}</span>
                    <div class="check-body">
                        <div class="check-head">
                            <span class="check-title">{check.id.name(lang())}</span>
                            <span class=format!("badge {class}")>{status_word(check.status)}</span>
                        </div>
                        <p class="check-summary">{check.summary.render(lang())}</p>
                        {check.fix.map(|fix| view! { <p class="fix"><strong>{t("checklist-what-to-do")}" "</strong>{fix.render(lang())}</p> })}
                        {check.it.map(|it| view! { <p class="fix it"><strong>{t("checklist-for-it")}" "</strong>{it.render(lang())}</p> })}
                        {cause.map(|cause| view! { <p class="cause">{cause}</p> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="checks">{rows}</ul> }
}

/// "Send this to your IT team": every warning and failure of a run with its exact
/// text for IT, as plain text, with a button that copies it and a `mailto:` link.
/// Nothing when the run needs nothing from IT.
#[component]
pub fn ItBox(heading: Vec<String>, verdict: Verdict, checks: Vec<Check>, subject: String) -> impl IntoView {
    let text = callready_common::verdict::it_text(lang(), &crate::brand::product(), &heading, verdict, &checks)?;
    let copied = RwSignal::new(false);
    let to_copy = text.clone();
    let copy = move |_| {
        if crate::browser::copy_text(&to_copy) {
            copied.set(true);
        }
    };
    let encode = |t: &str| String::from(js_sys::encode_uri_component(t));
    let mailto = format!("mailto:?subject={}&body={}", encode(&subject), encode(&text));
    Some(view! {
        <section class="it-box">
            <h3>{t("it-box-heading")}</h3>
            <pre class="it-text">{text}</pre>
            <p class="no-print it-actions">
                <button class="button it-copy" on:click=copy>{move || if copied.get() { t("it-box-copied") } else { t("it-box-copy") }}</button>
                <a class="button" href=mailto>{t("it-box-email")}</a>
            </p>
        </section>
    })
}
