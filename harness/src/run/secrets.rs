//! Every secret a run handles (credentials, tokens, sensitive body values), for the one place
//! masking cannot be structural: text that came from the target, which may echo a secret inside
//! a message. Everything the tool writes itself (headers, sensitive members, form fields, URL
//! userinfo) is masked where the secret sits, by [`crate::mask`]; [`Secrets::scrub`] only ever
//! runs over the target's text, once, and replaces whole occurrences.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use conform_generated::runtime::REDACTED;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::{OnceLock, RwLock};

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
    tracked: RwLock<Tracked>,
    unscanned: RwLock<Vec<&'static str>>,
}

/// The tracked values, and the automaton that finds them, built on the first scrub after a
/// change: a run adds every secret before it sends anything, so it is built once.
#[derive(Default)]
struct Tracked {
    values: BTreeSet<String>,
    finder: OnceLock<Option<AhoCorasick>>,
}

impl Tracked {
    /// Finds every occurrence of every value, overlapping ones included. `None` when the values
    /// outgrow the automaton's limits (then [`spans`] searches for each value in turn).
    fn finder(&self) -> Option<&AhoCorasick> {
        self.finder
            .get_or_init(|| {
                // A run may track thousands of values (every case's sensitive members), and a
                // DFA of them takes far longer to build than a run spends searching.
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&self.values)
                    .ok()
            })
            .as_ref()
    }
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

    /// Tracks `value` and its JSON-escaped form.
    fn track(&self, value: &str) {
        let escaped = json_escaped(value);
        let mut tracked = self
            .tracked
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let added = tracked.values.insert(value.to_string());
        if tracked.values.insert(escaped) || added {
            tracked.finder = OnceLock::new();
        }
    }

    /// A JSON document, pretty, with every string in it scrubbed: replacing text inside the
    /// serialised form could break it (a secret that reads `true` or `4000`).
    pub fn scrub_json(&self, mut value: serde_json::Value) -> String {
        self.scrub_value(&mut value);
        // A Value's alternate form is pretty JSON, and cannot fail.
        format!("{value:#}")
    }

    fn scrub_value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => {
                if let Some(scrubbed) = self.scrubbed(text) {
                    *text = scrubbed;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.scrub_value(v)),
            _ => {}
        }
    }

    /// `text`, which came from the target, with every whole occurrence of a secret replaced by
    /// `<redacted>`. Never call it on the tool's own words or on its output: it runs once, over
    /// the target's text alone.
    pub fn scrub(&self, text: &str) -> String {
        self.scrubbed(text).unwrap_or_else(|| text.to_string())
    }

    /// The scrubbed text, or `None` when `text` holds no secret. Where secrets overlap (one
    /// ends with what another starts with), the union of their occurrences is masked as one, so
    /// no part of either shows.
    fn scrubbed(&self, text: &str) -> Option<String> {
        let tracked = self
            .tracked
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tracked.values.is_empty() {
            return None;
        }
        masked(text, spans(tracked.finder(), &tracked.values, text))
    }
}

/// Where `values` occur in `text`, overlapping occurrences included: found by `finder`, an
/// automaton of `values`, or without one by a search for each value at every character.
fn spans(finder: Option<&AhoCorasick>, values: &BTreeSet<String>, text: &str) -> Vec<Range<usize>> {
    match finder {
        Some(finder) if !finder.is_match(text) => Vec::new(),
        Some(finder) => finder
            .find_overlapping_iter(text)
            .map(|hit| hit.span().range())
            .collect(),
        None => values
            .iter()
            .filter(|value| !value.is_empty())
            .flat_map(|value| {
                text.char_indices()
                    .filter(|(at, _)| text[*at..].starts_with(value.as_str()))
                    .map(|(at, _)| at..at + value.len())
            })
            .collect(),
    }
}

/// `text` with each maximal run of overlapping or touching `spans` replaced by one
/// `<redacted>`; `None` when there are no spans.
fn masked(text: &str, mut spans: Vec<Range<usize>>) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable_by_key(|span| span.start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut spans = spans.into_iter().peekable();
    while let Some(mut span) = spans.next() {
        while let Some(next) = spans.next_if(|next| next.start <= span.end) {
            span.end = span.end.max(next.end);
        }
        out.push_str(&text[copied..span.start]);
        out.push_str(REDACTED);
        copied = span.end;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::Secrets;

    #[test]
    fn structured_scrubbing_keeps_documents_valid() {
        let s = Secrets::default();
        s.add_given("true", "a token");
        s.add_given("abc", "a password");
        let json = s.scrub_json(serde_json::json!({"ok": true, "text": "abc true"}));
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

    #[test]
    fn overlapping_secrets_are_masked_as_one() {
        let s = Secrets::default();
        s.add("xabc");
        s.add("abcdef");
        assert_eq!(s.scrub("1xabcdef2"), "1<redacted>2");
        assert_eq!(s.scrub("abcdefxabc"), "<redacted>");
        assert_eq!(s.scrub("nothing here"), "nothing here");
        s.add("abab");
        assert_eq!(s.scrub("ababab!"), "<redacted>!");
    }

    #[test]
    fn a_secret_added_after_a_scrub_is_found() {
        let s = Secrets::default();
        s.add("first-secret");
        assert_eq!(
            s.scrub("first-secret second-secret"),
            "<redacted> second-secret"
        );
        s.add("second-secret");
        assert_eq!(
            s.scrub("first-secret second-secret"),
            "<redacted> <redacted>"
        );
    }

    /// The oracle marks every byte that any occurrence of any secret covers, and masks each
    /// run of marked bytes: what the automaton must do, written the slow way.
    fn marked(text: &str, secrets: &[String]) -> String {
        let mut covered = vec![false; text.len()];
        for secret in secrets
            .iter()
            .filter(|s| s.chars().count() >= super::SHORTEST)
        {
            for forms in [secret.clone(), super::json_escaped(secret)] {
                for at in 0..text.len() {
                    if text[at..].starts_with(forms.as_str()) {
                        covered[at..at + forms.len()].fill(true);
                    }
                }
            }
        }
        let mut out = String::new();
        for (at, c) in text.char_indices() {
            match (covered[at], at > 0 && covered[at - 1]) {
                (false, _) => out.push(c),
                (true, false) => out.push_str(super::REDACTED),
                (true, true) => {}
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn scrubbing_masks_every_byte_of_every_occurrence(
            secrets in proptest::collection::vec(r#"[ab"\\]{1,6}"#, 0..5),
            text in r#"[ab"\\x]{0,40}"#,
        ) {
            let s = Secrets::default();
            for secret in &secrets {
                s.add(secret);
            }
            proptest::prop_assert_eq!(s.scrub(&text), marked(&text, &secrets));
        }

        /// The search without an automaton, for values past its limits, finds the same spans.
        #[test]
        fn the_search_without_an_automaton_finds_the_same(
            secrets in proptest::collection::vec("[ab]{4,6}", 1..5),
            text in "[abx]{0,40}",
        ) {
            let values: std::collections::BTreeSet<String> = secrets.into_iter().collect();
            let finder = aho_corasick::AhoCorasick::new(&values).expect("a small automaton");
            let mut with = super::spans(Some(&finder), &values, &text);
            let mut without = super::spans(None, &values, &text);
            with.sort_by_key(|span| (span.start, span.end));
            without.sort_by_key(|span| (span.start, span.end));
            proptest::prop_assert_eq!(with, without);
        }
    }
}
