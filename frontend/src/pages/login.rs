//! `/login`: support and admin accounts sign in (the server sets an `HttpOnly`
//! cookie); the page then goes where it was asked to (`?next=/…`, same site only).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::t;
use crate::{api, browser};

/// Where to go after signing in: a path on this site, never another origin.
fn next_path() -> String {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let next = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("next="))
        .and_then(|raw| js_sys::decode_uri_component(raw).ok())
        .map(String::from);
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.contains(':') && !path.contains('\\') =>
        {
            path
        }
        _ => "/".to_string(),
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::login(&name.get_untracked(), &password.get_untracked()).await {
                Ok(_) => browser::go_to(&next_path()),
                Err(failure) => {
                    error.set(Some(failure.message()));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="card narrow">
            <h1>{t("login-title")}</h1>
            <p class="muted">{t("login-intro")}</p>
            <form class="login-form" on:submit=on_submit>
                <label>{t("login-name")}
                    <input id="login-name" type="text" autocomplete="username" required
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>{t("login-password")}
                    <input id="login-password" type="password" autocomplete="current-password" required
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <button id="login-submit" class="primary" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { t("login-signing-in") } else { t("login-submit") }}
                </button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
