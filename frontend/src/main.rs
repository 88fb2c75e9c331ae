//! The CallReady page (Leptos, client-side rendered), built twice: the agent's app
//! (the landing page, the test page `/t/<code>` and its embed), which agents load
//! on links of any speed, so it carries nothing else; and, with the feature
//! `support-pages`, support's app (the report `/r/<code>`, the console, sign-in,
//! webhooks and branding), served from `/support/`.

mod api;
mod brand;
mod browser;
mod components;
mod embed;
mod i18n;
mod pages;
mod probes;
mod region;
mod run;
mod save;

use callready_common::i18n::Lang;
use leptos::prelude::*;

use crate::i18n::t;

/// Which page the path asks for (the agent's build reads no support page's value).
#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
enum Route {
    Landing,
    Login,
    Console,
    Site(String),
    Embed(String),
    Webhooks,
    Branding,
    Test(String),
    ReportSearch,
    Report(String),
    NotFound,
}

fn route(path: &str) -> Route {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => Route::Landing,
        ["login"] => Route::Login,
        ["console"] => Route::Console,
        ["console", "webhooks"] => Route::Webhooks,
        ["console", "branding"] => Route::Branding,
        ["console", "site", site] => {
            Route::Site(js_sys::decode_uri_component(site).map(String::from).unwrap_or_else(|_| site.to_string()))
        }
        ["t", code] => Route::Test(code.to_string()),
        ["embed", "t", code] => Route::Embed(code.to_string()),
        ["r"] => Route::ReportSearch,
        ["r", code] => Route::Report(code.to_string()),
        _ => Route::NotFound,
    }
}

#[component]
fn App() -> impl IntoView {
    let route = route(&browser::path());
    brand::provide(matches!(route, Route::Test(_) | Route::Embed(_) | Route::Report(_)));
    let embedded = matches!(route, Route::Embed(_));
    let page = match route {
        Route::Landing => view! { <pages::landing::Landing/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Login => view! { <pages::login::Login/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Console => view! { <pages::console::Console/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Site(site) => view! { <pages::console::SitePage site=site/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Webhooks => view! { <pages::webhooks::Webhooks/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Branding => view! { <pages::branding::Branding/> }.into_any(),
        Route::Test(code) => view! { <pages::test::TestPage raw_code=code/> }.into_any(),
        Route::Embed(code) => view! { <pages::test::TestPage raw_code=code embedded=true/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::ReportSearch => view! { <pages::report::ReportSearch/> }.into_any(),
        #[cfg(feature = "support-pages")]
        Route::Report(code) => view! { <pages::report::ReportPage raw_code=code/> }.into_any(),
        // The agent's build leaves support's pages out; the server never sends it there.
        #[cfg(not(feature = "support-pages"))]
        Route::Login
        | Route::Console
        | Route::Site(_)
        | Route::Webhooks
        | Route::Branding
        | Route::ReportSearch
        | Route::Report(_) => view! { <pages::NotFound/> }.into_any(),
        Route::NotFound => view! { <pages::NotFound/> }.into_any(),
    };
    // Framed in another site's page, the test shows without the site's header.
    let header = (!embedded).then(|| {
        view! {
            <a id="skip-link" class="skip-link" href="#main">{t("nav-skip")}</a>
            <header class="top">
                <brand::BrandMark/>
                <nav>
                    <a href="/r">{t("nav-read-report")}</a>" · "<a href="/console">{t("nav-console")}</a>
                    <LanguageSwitcher/>
                </nav>
            </header>
        }
    });
    view! {
        {header}
        <main id="main" tabindex="-1" class:embedded=embedded>{page}</main>
        {embedded.then(|| view! { <p class="embedded-language"><LanguageSwitcher/></p> })}
    }
}

/// The language picker of every page: the choice is kept in this browser and the
/// page reloads in it.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let current = i18n::lang();
    let options = Lang::ALL
        .into_iter()
        .map(|lang| view! { <option value=lang.code() selected=lang == current>{lang.own_name()}</option> })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            i18n::switch_to(lang);
        }
    };
    view! {
        <select id="language" class="language" aria-label=t("nav-language") on:change=change>{options}</select>
    }
}

fn main() {
    i18n::choose();
    // The page carries no texts: its language's arrive first, then it shows. (Not
    // Leptos' spawn_local: its executor starts with the mount.)
    wasm_bindgen_futures::spawn_local(async {
        i18n::load().await;
        leptos::mount::mount_to_body(App);
    });
}
