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
    pub fn add(&self, value: &str) {
        if value.chars().count() < 4 {
            return;
        }
        let mut values = self
            .values
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !values.iter().any(|v| v == value) {
            values.push(value.to_string());
            // Longest first, so a secret that contains another is masked whole.
            values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        }
        // JSON escapes some characters; track the escaped form too.
        let escaped = serde_json::to_string(value).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        if escaped != value && !values.iter().any(|v| v == escaped) {
            values.push(escaped.to_string());
            values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        }
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
