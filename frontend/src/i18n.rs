//! The page's language, chosen once when it loads: the agent's own choice in this
//! browser (the switcher, kept in localStorage), then the invite's language (the server writes it into the
//! agent page), then `?lng=xx`, then the browser's languages, then English. The
//! switcher reloads the page, so texts need not follow a change while shown.
//!
//! `t("id")` and `t!("id", name = value)` read the catalogues of
//! [`callready_common::i18n`] in that language; [`num`] writes a decimal number.

use std::cell::Cell;

use callready_common::i18n::Lang;

use crate::browser::{stash, window};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Where the agent's choice is kept.
const CHOSEN_KEY: &str = "callready.lang";

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The message `id` in the page's language.
pub fn t(id: &str) -> String {
    callready_common::i18n::text(lang(), id)
}

/// `t!("id", name = value, …)`: the message with its arguments.
#[macro_export]
macro_rules! t {
    ($id:expr) => {
        $crate::i18n::t($id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        callready_common::tr!($crate::i18n::lang(), $id, $($name = $value),+)
    };
}

/// `value` with `decimals` digits and the page language's decimal mark.
pub fn num(value: f64, decimals: usize) -> String {
    lang().decimal(value, decimals)
}

/// Chooses the page's language (see the module's description) and marks the
/// document with it.
pub fn choose() {
    let document = window().document();
    let root = document.as_ref().and_then(|d| d.document_element());
    let invite = root.as_ref().and_then(|r| r.get_attribute("data-invite-lang"));
    let query = window().location().search().unwrap_or_default();
    let asked = query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("lng=")).map(str::to_string);
    let browser: Vec<String> = window().navigator().languages().iter().filter_map(|l| l.as_string()).collect();
    let chosen = stash::get(CHOSEN_KEY)
        .into_iter()
        .chain(invite)
        .chain(asked)
        .chain(browser)
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    LANG.with(|l| l.set(chosen));
    if let Some(root) = root {
        let _ = root.set_attribute("lang", chosen.code());
    }
}

/// How long the page waits for its texts before it gives up on a try.
const LOAD_TIMEOUT_MS: u32 = 15_000;

/// Loads the page language's texts from the server (`/locales/<lang>.ftl`), trying
/// three times; without them the page still works, showing message ids.
pub async fn load() {
    let lang = lang();
    let url = format!("/locales/{}.ftl", lang.code());
    for attempt in 0..3 {
        if attempt > 0 {
            crate::browser::time::sleep(500 * attempt).await;
        }
        // A revalidated GET: the server answers 304 while the texts are the same.
        match crate::browser::http::get_text(&url, LOAD_TIMEOUT_MS).await {
            Ok(answer) if answer.status == 200 => {
                callready_common::i18n::install(lang, answer.body);
                return;
            }
            _ => continue,
        }
    }
}

/// The agent picks a language: kept in this browser, and the page reloads in it.
pub fn switch_to(lang: Lang) {
    stash::put(CHOSEN_KEY, lang.code());
    let _ = window().location().reload();
}
