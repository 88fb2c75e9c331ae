//! `/console/webhooks` (admins): the webhooks that push results to a helpdesk or
//! CRM, a form to add one, and the delivery log, where a delivery can be sent
//! again. The server signs and retries each delivery; this page only shows them.

use callready_common::api::{DeliveryView, NewWebhook, WebhookView, WEBHOOK_EVENTS};
use callready_common::i18n::{text_with, FluentArgs};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::console::sign_in_if_needed;
use crate::api::{self, ApiFailure};
use crate::browser::local_time;
use crate::i18n::{lang, t};

fn event_label(event: &str) -> String {
    t(match event {
        "run_stored" => "webhooks-event-run-stored",
        "session_created" => "webhooks-event-session-created",
        _ => "webhooks-event-other",
    })
}

/// `id`, a message that names what failed, with the failure's reason.
fn refused(id: &str, failure: &ApiFailure) -> AnyView {
    sign_in_if_needed(failure);
    view! { <p class="error" role="alert">{crate::t!(id, reason = failure.message())}</p> }.into_any()
}

/// Marks an argument's place in a message; private use, so no text has it.
const MARK: char = '\u{E000}';

/// The message `id` with each of `codes` (argument name, value) shown as code: the
/// translation places them where its language wants.
fn with_code(id: &str, codes: Vec<(&'static str, String)>) -> impl IntoView {
    let mut args = FluentArgs::new();
    for (i, (name, _)) in codes.iter().enumerate() {
        args.set(*name, format!("{MARK}{i}{MARK}"));
    }
    let text = text_with(lang(), id, Some(&args));
    // Between marks: an argument's index; elsewhere, the message's own words.
    text.split(MARK)
        .enumerate()
        .map(|(n, part)| match part.parse::<usize>().ok().and_then(|i| codes.get(i)).filter(|_| n % 2 == 1) {
            Some((_, code)) => view! { <code>{code.clone()}</code> }.into_any(),
            None => part.to_string().into_any(),
        })
        .collect_view()
}

fn hook_rows(hooks: Vec<WebhookView>, changed: RwSignal<u32>, error: RwSignal<Option<String>>) -> AnyView {
    if hooks.is_empty() {
        return view! { <p class="muted" id="no-webhooks">{t("webhooks-none")}</p> }.into_any();
    }
    let rows = hooks
        .into_iter()
        .map(|hook| {
            let id = hook.id;
            let remove = move |_| {
                spawn_local(async move {
                    match api::remove_webhook(id).await {
                        Ok(()) => changed.update(|n| *n += 1),
                        Err(failure) => error.set(Some(failure.message())),
                    }
                });
            };
            let events = hook.events.iter().map(|e| event_label(e)).collect::<Vec<_>>().join(", ");
            view! {
                <tr>
                    <td class="url">{hook.url.clone()}</td>
                    <td>{events}</td>
                    <td class="muted">{local_time(hook.created_at_ms)}</td>
                    <td><button class="button remove-webhook" on:click=remove>{t("webhooks-remove")}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="webhooks" class="sessions">
            <thead><tr>
                <th>{t("webhooks-col-url")}</th><th>{t("webhooks-col-events")}</th><th>{t("webhooks-col-added")}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn delivery_rows(log: Vec<DeliveryView>, changed: RwSignal<u32>, error: RwSignal<Option<String>>) -> AnyView {
    if log.is_empty() {
        return view! { <p class="muted" id="no-deliveries">{t("webhooks-no-deliveries")}</p> }.into_any();
    }
    let rows = log
        .into_iter()
        .map(|d| {
            let id = d.id;
            let again = move |_| {
                spawn_local(async move {
                    match api::redeliver(id).await {
                        Ok(()) => changed.update(|n| *n += 1),
                        Err(failure) => error.set(Some(failure.message())),
                    }
                });
            };
            let next = if d.status == "pending" { local_time(d.next_attempt_ms) } else { String::new() };
            view! {
                <tr class=format!("delivery {}", d.status)>
                    <td class="muted">{local_time(d.created_at_ms)}</td>
                    <td>{event_label(&d.event)}</td>
                    <td class="url">{d.url.clone()}</td>
                    <td><span class=format!("delivery-status {}", d.status)>{crate::t!("webhooks-status", status = d.status.clone())}</span></td>
                    <td class="num">{d.attempts}</td>
                    <td class="muted">{d.last_error.clone().unwrap_or_default()}</td>
                    <td class="muted">{next}</td>
                    <td><button class="button redeliver" on:click=again>{t("webhooks-send-again")}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="deliveries" class="sessions">
            <thead><tr>
                <th>{t("webhooks-col-queued")}</th><th>{t("webhooks-col-event")}</th><th>{t("webhooks-col-url")}</th>
                <th>{t("webhooks-col-status")}</th><th>{t("webhooks-col-tries")}</th><th>{t("webhooks-col-last-error")}</th>
                <th>{t("webhooks-col-next-try")}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn Webhooks() -> impl IntoView {
    // Bumped after each change, so both lists load again.
    let changed = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let hooks = LocalResource::new(move || {
        changed.track();
        api::webhooks()
    });
    let log = LocalResource::new(move || {
        changed.track();
        api::deliveries()
    });
    view! {
        <section class="card console">
            <p class="muted no-print"><a href="/console">{t("console-all-sessions")}</a></p>
            <h1>{t("webhooks-title")}</h1>
            <p class="muted">
                {with_code(
                    "webhooks-intro",
                    vec![
                        ("timestamp", "X-CallReady-Timestamp".to_string()),
                        ("signature", "X-CallReady-Signature".to_string()),
                    ],
                )}
            </p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || hooks.get().map(|answer| match answer {
                Err(failure) => refused("webhooks-list-failed", &failure),
                Ok(list) => hook_rows(list, changed, error),
            })}
            <AddWebhook changed=changed/>
            <div class="section-head">
                <h2>{t("webhooks-deliveries")}</h2>
                <button id="deliveries-refresh" class="button no-print" on:click=move |_| changed.update(|n| *n += 1)>
                    {t("webhooks-refresh")}
                </button>
            </div>
            {move || log.get().map(|answer| match answer {
                Err(failure) => refused("webhooks-log-failed", &failure),
                Ok(log) => delivery_rows(log, changed, error),
            })}
        </section>
    }
}

#[component]
fn AddWebhook(changed: RwSignal<u32>) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let events = RwSignal::new(vec![WEBHOOK_EVENTS[0].to_string()]);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let made_secret = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        made_secret.set(None);
        let request = NewWebhook {
            url: url.get_untracked().trim().to_string(),
            secret: Some(secret.get_untracked()).filter(|s| !s.is_empty()),
            events: events.get_untracked(),
        };
        spawn_local(async move {
            match api::add_webhook(&request).await {
                Ok(made) => {
                    made_secret.set(made.secret);
                    url.set(String::new());
                    secret.set(String::new());
                    changed.update(|n| *n += 1);
                }
                Err(failure) => {
                    sign_in_if_needed(&failure);
                    error.set(Some(failure.message()));
                }
            }
            busy.set(false);
        });
    };
    let boxes = WEBHOOK_EVENTS
        .iter()
        .map(|event| {
            let label = event_label(event);
            let event = event.to_string();
            let id = format!("event-{event}");
            let checked = {
                let event = event.clone();
                move || events.get().contains(&event)
            };
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                events.update(|list| {
                    list.retain(|e| e != &event);
                    if on {
                        list.push(event.clone());
                    }
                });
            };
            view! {
                <label class="event-choice">
                    <input type="checkbox" id=id prop:checked=checked on:change=toggle/>
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="invite-form no-print" id="webhook-form" on:submit=submit>
            <label class="wide">{t("webhooks-url")}
                <input id="webhook-url" type="url" required placeholder="https://helpdesk.example.com/hooks/callready"
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
            </label>
            <fieldset class="events"><legend>{t("webhooks-events")}</legend>{boxes}</fieldset>
            <label>{t("webhooks-secret")}
                <input id="webhook-secret" type="text" autocomplete="off" minlength="16"
                    prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
            </label>
            <button id="webhook-add" class="primary" type="submit" disabled=move || busy.get()>{t("webhooks-add")}</button>
        </form>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || made_secret.get().map(|s| view! {
            <p class="notice" id="webhook-secret-made">
                {with_code("webhooks-secret-made", vec![("secret", s)])}
            </p>
        })}
    }
}
