//! The app's pages, one per route.

#[cfg(feature = "support-pages")]
pub mod branding;
#[cfg(feature = "support-pages")]
pub mod console;
pub mod landing;
#[cfg(feature = "support-pages")]
pub mod login;
#[cfg(feature = "support-pages")]
pub mod report;
pub mod test;
#[cfg(feature = "support-pages")]
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
