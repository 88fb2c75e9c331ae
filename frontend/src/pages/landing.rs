//! `/`: an agent without a link starts a session here; support finds reports.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::t;
use crate::{api, browser};

#[component]
pub fn Landing() -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::create_session().await {
                Ok(created) => browser::go_to(&format!("/t/{}", created.code)),
                Err(api::ApiFailure::Refused { status: 401, .. }) => browser::go_to("/login?next=/"),
                Err(failure) => {
                    error.set(Some(crate::t!("landing-start-failed", reason = failure.message())));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="hero">
            <h1>{t("landing-title")}</h1>
            <p class="lead">{t("landing-lead")}</p>
            <button id="start-session" class="primary big" on:click=start disabled=move || busy.get()>
                {move || if busy.get() { t("landing-starting") } else { t("landing-start") }}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="muted">{t("landing-have-link")}</p>
        </section>
    }
}
