//! The app's pages, one per route.

pub mod branding;
pub mod console;
pub mod landing;
pub mod login;
pub mod report;
pub mod test;
pub mod webhooks;

use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t("notfound-title")}</h1>
            <p>{t("notfound-check-link")}" "<a href="/">{t("notfound-start-new-test")}</a>{t("notfound-check-link-end")}</p>
        </section>
    }
}
