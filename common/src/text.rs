//! Text stored as data: a catalogue message with typed arguments, rendered in any
//! language when it is shown. A verdict line is written this way, so a report can be
//! read in another language than the one the agent ran the test in, and numbers take
//! the reader's decimal mark and units.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{FluentArgs, Lang};

/// A text: a message with arguments, or (runs stored before messages existed, and
/// data shown as it is) plain text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// A message of the catalogues (`key`) with its arguments.
    Message {
        /// The message id.
        key: String,
        /// Its arguments by name.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, Arg>,
    },
    /// Text shown as it is, in every language.
    Plain(String),
}

/// An argument of a message, typed so each language writes it its own way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// A duration in milliseconds (`1.7 ms`, `1,7 мс`).
    Ms(f64),
    /// A rate in kbit/s (`19.1 Mbit/s`).
    Kbps(f64),
    /// A percentage with one decimal (`2.5 %`).
    Pct(f64),
    /// A decimal number with `.1` digits.
    Decimal(f64, usize),
    /// A count: written as it is, and it chooses the message's plural form.
    Count(u64),
    /// Data shown as it is: a host, a port list, a product name.
    Data(String),
    /// Another text, rendered in the same language.
    Text(Box<Text>),
    /// Several texts, joined with the language's list separator (`; `).
    List(Vec<Text>),
}

impl Text {
    /// The message `key`, to which arguments are added with the builder methods.
    pub fn new(key: &str) -> Text {
        Text::Message { key: key.to_string(), args: BTreeMap::new() }
    }

    fn with(mut self, name: &str, arg: Arg) -> Text {
        if let Text::Message { args, .. } = &mut self {
            args.insert(name.to_string(), arg);
        }
        self
    }

    /// Adds a duration in milliseconds.
    pub fn ms(self, name: &str, value: f64) -> Text {
        self.with(name, Arg::Ms(value))
    }

    /// Adds a rate in kbit/s.
    pub fn kbps(self, name: &str, value: f64) -> Text {
        self.with(name, Arg::Kbps(value))
    }

    /// Adds a percentage (one decimal).
    pub fn pct(self, name: &str, value: f64) -> Text {
        self.with(name, Arg::Pct(value))
    }

    /// Adds a decimal number with `decimals` digits.
    pub fn decimal(self, name: &str, value: f64, decimals: usize) -> Text {
        self.with(name, Arg::Decimal(value, decimals))
    }

    /// Adds a count (it picks plural forms).
    pub fn count(self, name: &str, value: impl TryInto<u64>) -> Text {
        self.with(name, Arg::Count(value.try_into().unwrap_or(u64::MAX)))
    }

    /// Adds data shown as it is.
    pub fn data(self, name: &str, value: impl ToString) -> Text {
        self.with(name, Arg::Data(value.to_string()))
    }

    /// Adds another text.
    pub fn text(self, name: &str, value: Text) -> Text {
        self.with(name, Arg::Text(Box::new(value)))
    }

    /// Adds several texts, joined with the language's separator.
    pub fn list(self, name: &str, values: Vec<Text>) -> Text {
        self.with(name, Arg::List(values))
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Text::Plain(text) => text.clone(),
            Text::Message { key, args } => {
                if args.is_empty() {
                    return crate::i18n::text(lang, key);
                }
                let mut fluent = FluentArgs::new();
                for (name, arg) in args {
                    match arg {
                        Arg::Count(n) => fluent.set(name.as_str(), *n),
                        other => fluent.set(name.as_str(), other.render(lang)),
                    }
                }
                crate::i18n::text_with(lang, key, Some(&fluent))
            }
        }
    }

    /// The text in English (logs, CSV, webhooks).
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Ms(v) => lang.ms(*v),
            Arg::Kbps(v) => lang.rate(*v),
            Arg::Pct(v) => lang.percent(*v, 1),
            Arg::Decimal(v, d) => lang.decimal(*v, *d),
            Arg::Count(n) => n.to_string(),
            Arg::Data(s) => s.clone(),
            Arg::Text(t) => t.render(lang),
            Arg::List(items) => {
                let separator = crate::i18n::text(lang, "list-separator");
                items.iter().map(|t| t.render(lang)).collect::<Vec<_>>().join(&separator)
            }
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Plain(text.to_string())
    }
}

impl std::fmt::Display for Text {
    /// English, as logs and tests read it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_renders_its_typed_arguments_in_each_language() {
        let text = Text::new("unit-ms").decimal("value", 1234.5, 1);
        assert_eq!(text.render(Lang::En), "1234.5 ms");
        assert_eq!(text.render(Lang::Ru), "1234,5\u{a0}мс");
        let count = Text::new("console-sessions-count").count("count", 3u32);
        assert_eq!(count.render(Lang::Ru), "3 сессии");
        let nested = Text::new("unit-percent").text("value", Text::Plain("x".into()));
        assert_eq!(nested.render(Lang::Fr), "x\u{a0}%");
    }

    #[test]
    fn stored_plain_text_and_messages_both_read_back() {
        let old: Text = serde_json::from_str("\"WebSocket works.\"").unwrap();
        assert_eq!(old, Text::Plain("WebSocket works.".into()));
        let new = Text::new("unit-ms").ms("value", 12.0).list("l", vec![Text::Plain("a".into())]);
        let json = serde_json::to_string(&new).unwrap();
        assert_eq!(json, r#"{"key":"unit-ms","args":{"l":{"list":["a"]},"value":{"ms":12.0}}}"#);
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), new);
    }
}
