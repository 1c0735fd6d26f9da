//! Every secret a run handles (credentials, tokens, sensitive body values), for the one place
//! masking cannot be structural: text that came from the target, which may echo a secret inside
//! a message. Everything the tool writes itself (headers, sensitive members, form fields, URL
//! userinfo) is masked where the secret sits, by [`crate::mask`]; [`Secrets::scrub`] only ever
//! runs over the target's text, once, and replaces whole occurrences.

use conform_generated::runtime::REDACTED;
use std::sync::RwLock;

/// Secrets shorter than this (in characters) are not looked for in the target's text: scanning
/// for them would mask ordinary words, and the echo check would find them anywhere. They are
/// still masked wherever the tool itself writes them.
pub const SHORTEST: usize = 4;

/// A value as JSON writes it inside a string: its escapes, without the quotes.
pub fn json_escaped(value: &str) -> String {
    let quoted = serde_json::Value::from(value).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// The secrets of one run. Values shorter than [`SHORTEST`] are not tracked.
#[derive(Default)]
pub struct Secrets {
    values: RwLock<Vec<String>>,
    unscanned: RwLock<Vec<&'static str>>,
}

impl Secrets {
    /// A secret found in data (a sensitive member's value), if it is long enough to scrub safely.
    pub fn add(&self, value: &str) {
        if value.chars().count() >= SHORTEST {
            self.track(value);
        }
    }

    /// A secret the user gave (a token, a password), named by `what` (`the --login password`).
    /// One too short to scan for is remembered, so the run can say so once at start-up.
    pub fn add_given(&self, value: &str, what: &'static str) {
        if value.chars().count() >= SHORTEST {
            self.track(value);
        } else if !value.is_empty() {
            self.unscanned
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(what);
        }
    }

    /// The secrets the user gave that are too short to look for in the target's text.
    pub fn unscanned(&self) -> Vec<&'static str> {
        self.unscanned
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Tracks `value` and its JSON-escaped form, longest first, so a secret that contains
    /// another is masked whole.
    fn track(&self, value: &str) {
        let escaped = json_escaped(value);
        let mut values = self
            .values
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for form in [value.to_string(), escaped] {
            if !values.contains(&form) {
                values.push(form);
            }
        }
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// A JSON document, pretty, with every string in it scrubbed: replacing text inside the
    /// serialised form could break it (a secret that reads `true` or `4000`).
    pub fn scrub_json(&self, value: &serde_json::Value) -> String {
        let mut value = value.clone();
        self.scrub_value(&mut value);
        // A Value's alternate form is pretty JSON, and cannot fail.
        format!("{value:#}")
    }

    fn scrub_value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => *text = self.scrub(text),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.scrub_value(v)),
            _ => {}
        }
    }

    /// `text`, which came from the target, with every whole occurrence of a secret replaced by
    /// `<redacted>`. Never call it on the tool's own words or on its output: it runs once, over
    /// the target's text alone.
    pub fn scrub(&self, text: &str) -> String {
        let values = self
            .values
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = text.to_string();
        for value in values.iter() {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), REDACTED);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Secrets;

    #[test]
    fn structured_scrubbing_keeps_documents_valid() {
        let s = Secrets::default();
        s.add_given("true", "a token");
        s.add_given("abc", "a password");
        let json = s.scrub_json(&serde_json::json!({"ok": true, "text": "abc true"}));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).expect("still JSON")["text"],
            "abc <redacted>"
        );
        assert_eq!(s.unscanned(), ["a password"]);
    }

    #[test]
    fn scrubs_every_form() {
        let s = Secrets::default();
        s.add("abc");
        s.add("wJalr/K7MDENG\"x");
        s.add("token-123");
        assert_eq!(s.scrub("abc token-123"), "abc <redacted>");
        assert_eq!(
            s.scrub(r#"{"k":"wJalr/K7MDENG\"x"}"#),
            r#"{"k":"<redacted>"}"#
        );
    }
}
