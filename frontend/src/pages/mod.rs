//! The app's pages, one per route.

pub mod console;
pub mod landing;
pub mod login;
pub mod report;
pub mod test;
pub mod webhooks;

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"Check the link you were sent, or "<a href="/">"start a new test"</a>"."</p>
        </section>
    }
}
