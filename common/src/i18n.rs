//! The product's texts in English, French, Italian and Russian, as Fluent
//! catalogues (`common/locales/<lang>/*.ftl`, compiled in): the page, the report
//! and the console read them through [`text`] and [`tr!`](crate::tr). Plural forms
//! are Fluent's (CLDR rules: Russian has one, few and many); decimal numbers are
//! written by [`Lang::decimal`] with the language's decimal mark, and passed to a
//! message as text.
//!
//! The server compiles every catalogue in (feature `catalogues`, on by default) and
//! serves each at `/locales/<lang>.ftl`; the page is built without them and loads
//! its own language's only, before it shows anything ([`install`]).
//!
//! Every language has exactly the messages English has (a test says which one
//! misses or adds one). A message missing at run time falls back to English, then
//! to its id, so a gap shows instead of breaking the page.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use serde::{Deserialize, Serialize};

/// A language of the product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the fallback.
    #[default]
    En,
    /// French.
    Fr,
    /// Italian.
    It,
    /// Russian.
    Ru,
}

/// The catalogue files of each language, in the order they are read.
#[cfg(feature = "catalogues")]
macro_rules! catalogue {
    ($lang:literal) => {
        concat!(
            include_str!(concat!("../locales/", $lang, "/ui.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/probes.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/console.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/verdict.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/verdict-checks.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/verdict-path.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/verdict-platform.ftl")),
        )
    };
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::It, Lang::Ru];

    /// The ISO 639-1 code: `en`, `fr`, `it`, `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Ru => "ru",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::It => "Italiano",
            Lang::Ru => "Русский",
        }
    }

    /// The language of a tag such as `fr`, `fr-CA` or `RU`; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The language's catalogue, as compiled in (the server, and the page's tests).
    #[cfg(feature = "catalogues")]
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::En => catalogue!("en"),
            Lang::Fr => catalogue!("fr"),
            Lang::It => catalogue!("it"),
            Lang::Ru => catalogue!("ru"),
        }
    }

    #[cfg(feature = "catalogues")]
    fn source(self) -> &'static str {
        self.catalogue()
    }

    /// Without compiled-in catalogues (the page, which loads only its own
    /// language's): the one [`install`]ed, else nothing.
    #[cfg(not(feature = "catalogues"))]
    fn source(self) -> &'static str {
        INSTALLED[self.index()].get().map_or("", String::as_str)
    }

    /// `value` with `decimals` digits after the language's decimal mark (a comma in
    /// French, Italian and Russian) and its thousands separator from 10 000 on (a
    /// narrow no-break space in French, a no-break space in Russian, a dot in Italian,
    /// a comma in English).
    pub fn decimal(self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return "–".into();
        }
        let plain = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let (mark, group) = match self {
            Lang::En => ('.', ','),
            Lang::Fr => (',', '\u{202f}'),
            Lang::It => (',', '.'),
            Lang::Ru => (',', '\u{a0}'),
        };
        let mut text = String::new();
        if value < 0.0 && plain.chars().any(|c| c.is_ascii_digit() && c != '0') {
            text.push('-');
        }
        let digits = whole.len();
        for (i, c) in whole.chars().enumerate() {
            if digits >= 5 && i > 0 && (digits - i) % 3 == 0 {
                text.push(group);
            }
            text.push(c);
        }
        if !fraction.is_empty() {
            text.push(mark);
            text.push_str(fraction);
        }
        text
    }
}

impl Lang {
    /// A duration in milliseconds, as the report writes it: one decimal below 10 ms.
    pub fn ms(self, value: f64) -> String {
        let decimals = if value < 10.0 { 1 } else { 0 };
        crate::tr!(self, "unit-ms", value = self.decimal(value, decimals))
    }

    /// A rate: kbit/s below 1 Mbit/s, Mbit/s with one decimal up to 100, whole
    /// Mbit/s above, Gbit/s from 1 Gbit/s.
    pub fn rate(self, kbps: f64) -> String {
        if kbps < 1000.0 {
            crate::tr!(self, "unit-kbps", value = self.decimal(kbps, 0))
        } else if kbps < 100_000.0 {
            crate::tr!(self, "unit-mbps", value = self.decimal(kbps / 1000.0, 1))
        } else if kbps < 1_000_000.0 {
            crate::tr!(self, "unit-mbps", value = self.decimal(kbps / 1000.0, 0))
        } else {
            crate::tr!(self, "unit-gbps", value = self.decimal(kbps / 1_000_000.0, 1))
        }
    }

    /// A percentage with `decimals` digits.
    pub fn percent(self, value: f64, decimals: usize) -> String {
        crate::tr!(self, "unit-percent", value = self.decimal(value, decimals))
    }

    /// A duration in seconds with one decimal.
    pub fn seconds(self, value: f64) -> String {
        crate::tr!(self, "unit-seconds", value = self.decimal(value, 1))
    }
}

/// Catalogues given at run time, by [`install`].
#[cfg(not(feature = "catalogues"))]
static INSTALLED: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];

/// Gives `lang` its catalogue (the text of its `.ftl` files), before any of its
/// texts is read; a second call changes nothing.
#[cfg(not(feature = "catalogues"))]
pub fn install(lang: Lang, source: String) {
    let _ = INSTALLED[lang.index()].set(source);
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 4] = [const { OnceLock::new() }; 4];
    BUNDLES[lang.index()].get_or_init(|| {
        let id = lang.code().parse().unwrap_or_default();
        let mut bundle = Bundle::new_concurrent(vec![id]);
        // Plain text: no bidi isolation marks around arguments (no language here is
        // right-to-left, and the marks would end up in CSV files and mails).
        bundle.set_use_isolating(false);
        // A catalogue error is caught by the tests; whatever parsed is kept.
        let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// The message `id` in `lang` with `args`; English when `lang` lacks it, and the id
/// itself when English does too.
pub fn text_with(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    for lang in [lang, Lang::En] {
        let bundle = bundle(lang);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, args, &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// The message `id` in `lang`, without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    text_with(lang, id, None)
}

/// `tr!(lang, "id")` or `tr!(lang, "id", name = value, …)`: the message with its
/// arguments (numbers choose plural forms; write decimals with [`Lang::decimal`]).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr) => {
        $crate::i18n::text($lang, $id)
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $value);)+
        $crate::i18n::text_with($lang, $id, Some(&args))
    }};
}

pub use fluent_bundle::FluentArgs;

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// Each message's id with the variables it uses.
    fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match FluentResource::try_new(lang.source().to_string()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{}: the catalogue does not parse: {errors:?}", lang.code()),
        };
        let mut found = BTreeMap::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_variables(pattern, &mut variables);
                }
                let id = message.id.name.to_string();
                assert!(found.insert(id.clone(), variables).is_none(), "{}: {id} twice", lang.code());
            }
        }
        found
    }

    fn collect_variables(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_from(expression, into);
            }
        }
    }

    fn collect_from(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Inline(inline) => collect_inline(inline, into),
            ast::Expression::Select { selector, variants } => {
                collect_inline(selector, into);
                for variant in variants {
                    collect_variables(&variant.value, into);
                }
            }
        }
    }

    fn collect_inline(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                into.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => collect_from(expression, into),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for argument in &arguments.positional {
                    collect_inline(argument, into);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_language_has_exactly_the_messages_and_variables_of_english() {
        let english = messages(Lang::En);
        assert!(english.len() > 10, "the English catalogue is read");
        for lang in [Lang::Fr, Lang::It, Lang::Ru] {
            let other = messages(lang);
            let missing: Vec<&String> = english.keys().filter(|id| !other.contains_key(*id)).collect();
            let extra: Vec<&String> = other.keys().filter(|id| !english.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{} misses {missing:?}", lang.code());
            assert!(extra.is_empty(), "{} has messages English lacks: {extra:?}", lang.code());
            for (id, variables) in &other {
                assert!(
                    variables.is_subset(&english[id]),
                    "{}: {id} uses {variables:?}, English offers {:?}",
                    lang.code(),
                    english[id]
                );
            }
        }
    }

    #[test]
    fn russian_plurals_take_one_few_and_many() {
        let agents = |n: u32| tr!(Lang::Ru, "console-sessions-count", count = n);
        assert_eq!(agents(1), "1 сессия");
        assert_eq!(agents(3), "3 сессии");
        assert_eq!(agents(5), "5 сессий");
        assert_eq!(agents(21), "21 сессия");
        assert_eq!(tr!(Lang::En, "console-sessions-count", count = 1), "1 session");
        assert_eq!(tr!(Lang::Fr, "console-sessions-count", count = 2), "2 sessions");
    }

    #[test]
    fn decimals_take_the_language_s_marks() {
        assert_eq!(Lang::En.decimal(12345.678, 1), "12,345.7");
        assert_eq!(Lang::Fr.decimal(12345.678, 1), "12\u{202f}345,7");
        assert_eq!(Lang::It.decimal(1234.5, 2), "1234,50");
        assert_eq!(Lang::Ru.decimal(98765.0, 0), "98\u{a0}765");
        assert_eq!(Lang::Fr.decimal(-0.04, 1), "0,0");
        assert_eq!(Lang::En.decimal(f64::NAN, 1), "–");
    }

    #[test]
    fn units_are_written_in_each_language() {
        assert_eq!(Lang::En.ms(1.66), "1.7 ms");
        assert_eq!(Lang::Fr.ms(1.66), "1,7\u{a0}ms");
        assert_eq!(Lang::Ru.rate(19_130.0), "19,1\u{a0}Мбит/с");
        assert_eq!(Lang::It.percent(2.5, 1), "2,5\u{a0}%");
        assert_eq!(Lang::En.rate(820.0), "820 kbit/s");
    }

    #[test]
    fn languages_are_read_from_tags_and_missing_messages_fall_back() {
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("de-DE"), None);
        assert_eq!(text(Lang::Fr, "no-such-message"), "no-such-message");
    }
}
