//! Every secret a run handles (credentials, tokens, sensitive body values), so that any text
//! leaving the runner can be scrubbed of them, whatever put them there.

use conform_generated::runtime::REDACTED;
use std::sync::RwLock;

/// The secrets of one run. Values shorter than four characters are not tracked: scrubbing them
/// would mangle ordinary text.
#[derive(Default)]
pub struct Secrets {
    values: RwLock<Vec<String>>,
}

impl Secrets {
    /// A secret found in data (a sensitive member's value), if it is long enough to scrub safely.
    pub fn add(&self, value: &str) {
        if value.chars().count() >= 4 {
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
        let escaped = serde_json::to_string(value).unwrap_or_default();
        let escaped = escaped.trim_matches('"').to_string();
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
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    fn scrub_value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => *text = self.scrub(text),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.scrub_value(v)),
            _ => {}
        }
    }

    /// XML with secrets scrubbed from text and attribute values only, never from its markup.
    pub fn scrub_xml(&self, xml: &str) -> String {
        // Split on markup and quotes: scrub the runs of text between `>` and `<`, and quoted
        // attribute values; leave names and syntax alone.
        let mut out = String::with_capacity(xml.len());
        let mut run = String::new();
        let mut in_tag = false;
        let mut in_quote = false;
        for c in xml.chars() {
            let boundary = match c {
                '<' if !in_tag => Some(true),
                '>' if in_tag && !in_quote => Some(false),
                '"' if in_tag => {
                    in_quote = !in_quote;
                    None
                }
                _ => None,
            };
            let text = !in_tag || in_quote;
            if text && boundary.is_none() && !(c == '"' && in_tag) {
                run.push(c);
                continue;
            }
            out.push_str(&self.scrub_with(&run, "&lt;redacted&gt;"));
            run.clear();
            out.push(c);
            if let Some(opening) = boundary {
                in_tag = opening;
            }
        }
        out.push_str(&self.scrub_with(&run, "&lt;redacted&gt;"));
        out
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
        self.scrub_with(text, REDACTED)
    }

    /// `text` with every secret replaced by `replacement`.
    fn scrub_with(&self, text: &str, replacement: &str) -> String {
        let values = self
            .values
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = text.to_string();
        for value in values.iter() {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), replacement);
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
        let xml = s.scrub_xml(r#"<?xml version="1.0"?><a b="abc" true="x">true abc</a>"#);
        assert_eq!(
            xml,
            r#"<?xml version="1.0"?><a b="&lt;redacted&gt;" true="x">&lt;redacted&gt; &lt;redacted&gt;</a>"#
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
