//! Every secret a run handles (credentials, tokens, sensitive body values), so that any text
//! leaving the runner can be scrubbed of them, whatever put them there.

use conform_generated::runtime::REDACTED;
use std::sync::RwLock;

/// Values found in data shorter than this are not tracked: scrubbing them would mangle ordinary
/// text, and looking for them (the echo check) would find them anywhere.
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
}

impl Secrets {
    /// A secret found in data (a sensitive member's value), if it is long enough to scrub safely.
    pub fn add(&self, value: &str) {
        if value.chars().count() >= SHORTEST {
            self.track(value);
        }
    }

    /// A secret the user gave explicitly (a token, a password): tracked however short it is.
    pub fn add_given(&self, value: &str) {
        if !value.is_empty() {
            self.track(value);
        }
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

    /// `bytes` with every secret replaced by `<redacted>`, the bytes that are not UTF-8 kept: a
    /// secret is text, so it lies whole inside one valid run.
    pub fn scrub_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            out.extend_from_slice(self.scrub(chunk.valid()).as_bytes());
            out.extend_from_slice(chunk.invalid());
        }
        out
    }

    /// `text` with every secret replaced by `<redacted>`.
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
        s.add_given("true");
        s.add_given("abc");
        let json = s.scrub_json(&serde_json::json!({"ok": true, "text": "abc true"}));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).expect("still JSON")["text"],
            "<redacted> <redacted>"
        );
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
