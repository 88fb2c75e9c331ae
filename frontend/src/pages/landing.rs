//! `/`: an agent without a link starts a session here; support finds reports.

use leptos::prelude::*;
use leptos::task::spawn_local;

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
                    error.set(Some(format!("Could not start a test: {}.", failure.message())));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="hero">
            <h1>"Is this computer ready for calls?"</h1>
            <p class="lead">
                "CallReady checks your browser and network against what calling platforms require: "
                "reachability, WebSocket and SIP, latency. It takes about half a minute and needs no installation."
            </p>
            <button id="start-session" class="primary big" on:click=start disabled=move || busy.get()>
                {move || if busy.get() { "Starting…" } else { "Start a test" }}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="muted">"Were you sent a link? Open it instead: your support team will see the results."</p>
        </section>
    }
}
