//! The brand the page wears: the deployment's (`GET /api/brand`), or the one a test
//! or report page's session names, which wins. It sets the page's primary colour
//! (`--brand`), its title, and the name (and logo) in the header; the support line
//! shows on the test page and the report.

use callready_common::brand::BrandView;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The product's own name, when no brand is set.
pub const PRODUCT: &str = "CallReady";

#[derive(Clone, Copy)]
struct Worn {
    brand: RwSignal<Option<BrandView>>,
    /// A session's brand has been set: the deployment's arrives too late to count.
    from_session: RwSignal<bool>,
}

/// Starts wearing the deployment's brand, and keeps the page's colour and title in
/// step with whichever brand is worn. Called once, by the app.
pub fn provide() {
    let worn = Worn { brand: RwSignal::new(None), from_session: RwSignal::new(false) };
    WORN.with(|w| w.set(Some(worn)));
    spawn_local(async move {
        if let Ok(brand) = crate::api::brand().await {
            if !worn.from_session.get_untracked() {
                worn.brand.set(brand);
            }
        }
    });
    Effect::new(move |_| {
        let brand = worn.brand.get();
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
    static WORN: std::cell::Cell<Option<Worn>> = const { std::cell::Cell::new(None) };
}

fn worn() -> Option<Worn> {
    WORN.with(std::cell::Cell::get)
}

/// Wears a session's brand (`None`: the deployment's stays).
pub fn wear(brand: Option<BrandView>) {
    if let (Some(worn), Some(brand)) = (worn(), brand) {
        worn.from_session.set(true);
        worn.brand.set(Some(brand));
    }
}

/// The brand worn now (tracked).
pub fn current() -> Option<BrandView> {
    worn().and_then(|w| w.brand.get())
}

/// The product's name as the page shows it now (not tracked).
pub fn product() -> String {
    worn().and_then(|w| w.brand.get_untracked()).map_or_else(|| PRODUCT.to_string(), |b| b.name)
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
