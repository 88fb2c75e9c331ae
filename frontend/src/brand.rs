//! The brand the page wears: on a test or report page, the one its session carries
//! (the invite's, else the deployment's); on other pages, or when the session cannot
//! be read, the deployment's (`GET /api/brand`). It sets the page's primary colour
//! (`--brand`), its title, and the name (and logo) in the header; the support line
//! shows on the test page and the report.

use callready_common::brand::BrandView;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The product's own name, when no brand is set.
pub const PRODUCT: &str = "CallReady";

/// Keeps the page's colour and title in step with the brand worn, and (unless the
/// page reads a session, which carries its brand) starts wearing the deployment's.
/// Called once, by the app.
pub fn provide(session_page: bool) {
    let worn = RwSignal::new(None::<BrandView>);
    WORN.with(|w| w.set(Some(worn)));
    if !session_page {
        wear_deployment();
    }
    Effect::new(move |_| {
        let brand = worn.get();
        let document = crate::browser::window().document();
        if let Some(root) = document.as_ref().and_then(|d| d.document_element()) {
            if let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) {
                let style = root.style();
                let _ = match &brand {
                    Some(brand) => style.set_property("--brand", &brand.colour),
                    None => style.remove_property("--brand").map(|_| ()),
                };
            }
        }
        if let Some(document) = document {
            document.set_title(brand.as_ref().map_or(PRODUCT, |b| b.name.as_str()));
        }
    });
}

thread_local! {
    /// The page's one brand, reachable from tasks that run outside any component
    /// (a context would not be).
    static WORN: std::cell::Cell<Option<RwSignal<Option<BrandView>>>> = const { std::cell::Cell::new(None) };
}

fn worn() -> Option<RwSignal<Option<BrandView>>> {
    WORN.with(std::cell::Cell::get)
}

/// Wears a session's brand (`None`: the session's deployment has none).
pub fn wear(brand: Option<BrandView>) {
    if let Some(worn) = worn() {
        worn.set(brand);
    }
}

/// Wears the deployment's brand, once `GET /api/brand` answers.
pub fn wear_deployment() {
    spawn_local(async move {
        if let (Some(worn), Ok(brand)) = (worn(), crate::api::brand().await) {
            worn.set(brand);
        }
    });
}

/// The brand worn now (tracked).
pub fn current() -> Option<BrandView> {
    worn().and_then(|w| w.get())
}

/// The product's name as the page shows it now (not tracked).
pub fn product() -> String {
    worn().and_then(|w| w.get_untracked()).map_or_else(|| PRODUCT.to_string(), |b| b.name)
}

/// The header's name (with the logo when there is one), linking home.
#[component]
pub fn BrandMark() -> impl IntoView {
    move || match current() {
        Some(BrandView { name, logo_url: Some(logo), .. }) => view! {
            <a class="brand with-logo" href="/"><img src=logo alt="" height="28"/>{name}</a>
        }
        .into_any(),
        Some(brand) => view! { <a class="brand" href="/">{brand.name}</a> }.into_any(),
        None => view! { <a class="brand" href="/">{PRODUCT}</a> }.into_any(),
    }
}

/// The brand's support line, when it has one.
#[component]
pub fn SupportLine() -> impl IntoView {
    move || current().and_then(|b| b.support).map(|line| view! { <p class="support-line" id="support-line">{line}</p> })
}
