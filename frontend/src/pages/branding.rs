//! `/console/branding` (admins): the deployment's brand (id `default`) and the
//! brands invites may name: product name, primary colour (its contrast under white
//! text shown as it is typed, and checked again by the server), support line and
//! logo. The server sanitises logos; this page only sends the file.

use callready_common::brand::{BrandSettings, BrandView, Colour, DEFAULT_BRAND, MAX_LOGO_BYTES, MIN_CONTRAST};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::console::sign_in_if_needed;
use crate::api::{self, ApiFailure};
use crate::i18n::{lang, t};

/// The form's fields, filled from a brand to edit it.
#[derive(Clone, Copy)]
struct Form {
    id: RwSignal<String>,
    name: RwSignal<String>,
    colour: RwSignal<String>,
    support: RwSignal<String>,
}

impl Form {
    fn fill(&self, brand: &BrandView) {
        self.id.set(brand.id.clone());
        self.name.set(brand.name.clone());
        self.colour.set(brand.colour.clone());
        self.support.set(brand.support.clone().unwrap_or_default());
    }
}

fn failed(error: RwSignal<Option<String>>, failure: &ApiFailure) {
    sign_in_if_needed(failure);
    error.set(Some(crate::t!("branding-failed", reason = failure.message())));
}

/// The colour's contrast under white text, in words, and whether it passes.
fn contrast(raw: &str) -> (String, bool) {
    match Colour::parse(raw) {
        None => (t("branding-contrast-invalid"), false),
        Some(colour) => {
            let ratio = lang().decimal(colour.contrast_with(Colour::WHITE), 2);
            if colour.contrast_with(Colour::WHITE) >= MIN_CONTRAST {
                (crate::t!("branding-contrast-ok", ratio = ratio), true)
            } else {
                (crate::t!("branding-contrast-low", ratio = ratio, min = lang().decimal(MIN_CONTRAST, 1)), false)
            }
        }
    }
}

fn brand_rows(brands: Vec<BrandView>, form: Form, changed: RwSignal<u32>, error: RwSignal<Option<String>>) -> AnyView {
    if brands.is_empty() {
        return view! { <p class="muted" id="no-brands">{t("branding-none")}</p> }.into_any();
    }
    let rows = brands
        .into_iter()
        .map(|brand| {
            let id = brand.id.clone();
            let remove = move |_| {
                let id = id.clone();
                spawn_local(async move {
                    match api::remove_brand(&id).await {
                        Ok(()) => changed.update(|n| *n += 1),
                        Err(failure) => failed(error, &failure),
                    }
                });
            };
            let edited = brand.clone();
            let edit = move |_| form.fill(&edited);
            let scope =
                if brand.id == DEFAULT_BRAND { t("branding-scope-deployment") } else { t("branding-scope-invites") };
            view! {
                <tr data-brand=brand.id.clone()>
                    <td><span class="swatch" style:background=brand.colour.clone()></span>" "<strong>{brand.name.clone()}</strong></td>
                    <td><code>{brand.id.clone()}</code>" "<span class="muted">{scope}</span></td>
                    <td class="muted">{brand.support.clone().unwrap_or_default()}</td>
                    <td>{brand.logo_url.clone().map(|src| view! { <img class="logo-thumb" src=src alt=t("branding-logo")/> })}</td>
                    <td>
                        <button class="button edit-brand" on:click=edit>{t("branding-edit")}</button>" "
                        <button class="button remove-brand" on:click=remove>{t("branding-remove")}</button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="brands" class="sessions">
            <thead><tr>
                <th>{t("branding-col-brand")}</th><th>{t("branding-col-id")}</th><th>{t("branding-col-support")}</th>
                <th>{t("branding-col-logo")}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn Branding() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let brands = LocalResource::new(move || {
        changed.track();
        api::brands()
    });
    let form = Form {
        id: RwSignal::new(DEFAULT_BRAND.to_string()),
        name: RwSignal::new(String::new()),
        colour: RwSignal::new("#1f5eff".to_string()),
        support: RwSignal::new(String::new()),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        saved.set(None);
        let id = form.id.get_untracked().trim().to_ascii_lowercase();
        let settings = BrandSettings {
            name: form.name.get_untracked(),
            colour: form.colour.get_untracked(),
            support: Some(form.support.get_untracked()),
        };
        spawn_local(async move {
            match api::put_brand(&id, &settings).await {
                Ok(brand) => {
                    saved.set(Some(crate::t!("branding-saved", name = brand.name.clone())));
                    changed.update(|n| *n += 1);
                }
                Err(failure) => failed(error, &failure),
            }
            busy.set(false);
        });
    };
    let on_logo = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        let id = form.id.get_untracked().trim().to_ascii_lowercase();
        error.set(None);
        saved.set(None);
        spawn_local(async move {
            match api::put_logo(&id, &file).await {
                Ok(brand) => {
                    saved.set(Some(crate::t!("branding-saved", name = brand.name.clone())));
                    changed.update(|n| *n += 1);
                }
                Err(failure) => failed(error, &failure),
            }
            input.set_value("");
        });
    };
    let remove_logo = move |_| {
        let id = form.id.get_untracked().trim().to_ascii_lowercase();
        spawn_local(async move {
            match api::remove_logo(&id).await {
                Ok(_) => changed.update(|n| *n += 1),
                Err(failure) => failed(error, &failure),
            }
        });
    };
    let contrast_line = move || {
        let (words, ok) = contrast(&form.colour.get());
        view! { <p id="brand-contrast" class=if ok { "contrast ok" } else { "contrast low" } aria-live="polite">{words}</p> }
    };
    let picker_value = move || Colour::parse(&form.colour.get()).map(|c| c.to_string()).unwrap_or_default();
    view! {
        <section class="card console">
            <p class="muted no-print"><a href="/console">{t("console-all-sessions")}</a></p>
            <h1>{t("branding-title")}</h1>
            <p class="muted">{t("branding-intro")}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || saved.get().map(|s| view! { <p class="notice" id="brand-saved" role="status">{s}</p> })}
            {move || brands.get().map(|answer| match answer {
                Err(failure) => {
                    sign_in_if_needed(&failure);
                    view! { <p class="error" role="alert">{crate::t!("branding-failed", reason = failure.message())}</p> }.into_any()
                }
                Ok(list) => brand_rows(list, form, changed, error),
            })}
            <h2>{t("branding-form-title")}</h2>
            <form class="invite-form" id="brand-form" on:submit=submit>
                <label>{t("branding-id")}
                    <input id="brand-id" type="text" required pattern="[a-z0-9-]{1,40}" aria-describedby="brand-id-help"
                        prop:value=move || form.id.get() on:input=move |ev| form.id.set(event_target_value(&ev))/>
                </label>
                <label>{t("branding-name")}
                    <input id="brand-name" type="text" required maxlength="60"
                        prop:value=move || form.name.get() on:input=move |ev| form.name.set(event_target_value(&ev))/>
                </label>
                <p class="muted wide" id="brand-id-help">{t("branding-id-help")}</p>
                <label>{t("branding-colour")}
                    <span class="colour-pair">
                        <input id="brand-colour-picker" type="color" aria-label=t("branding-colour")
                            prop:value=picker_value on:input=move |ev| form.colour.set(event_target_value(&ev))/>
                        <input id="brand-colour" type="text" required maxlength="7"
                            prop:value=move || form.colour.get() on:input=move |ev| form.colour.set(event_target_value(&ev))/>
                    </span>
                </label>
                <div class="wide">
                    {contrast_line}
                    <span class="button-preview" style:background=picker_value>{t("branding-preview")}</span>
                </div>
                <label class="wide">{t("branding-support")}
                    <input id="brand-support" type="text" maxlength="200" placeholder=t("branding-support-placeholder")
                        prop:value=move || form.support.get() on:input=move |ev| form.support.set(event_target_value(&ev))/>
                </label>
                <button id="brand-save" class="primary" type="submit" disabled=move || busy.get() || !contrast(&form.colour.get()).1>
                    {t("branding-save")}
                </button>
            </form>
            <div class="invite-form">
                <label class="wide">{crate::t!("branding-logo-help", kib = MAX_LOGO_BYTES / 1024)}
                    <input id="brand-logo" type="file" accept=".svg,.png,image/svg+xml,image/png" on:change=on_logo/>
                </label>
                <button id="brand-logo-remove" class="button" type="button" on:click=remove_logo>{t("branding-logo-remove")}</button>
            </div>
        </section>
    }
}
