//! The sensitive-echo check: an answer must not carry back a sensitive value its request sent.
//! What is sensitive is what the spec marks (body members, labels, query parameters, headers)
//! and the credentials the case sends; nothing is guessed from names.

use super::http::Answer;
use super::secrets::{SHORTEST, json_escaped};
use super::verdict::Failure;
use conform_generated::runtime::{Case, Credentials, Operation};

/// A sensitive value a request sends, and where it sends it.
#[derive(Clone, PartialEq, Eq)]
pub struct Sent {
    pub value: String,
    /// `body /secretKey`, `query token`, `header X-Key`, `credentials`.
    pub place: String,
}

impl std::fmt::Debug for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sent")
            .field("value", &conform_generated::runtime::REDACTED)
            .field("place", &self.place)
            .finish()
    }
}

/// Every sensitive value `case` sends, as sent and, for labels and query parameters, decoded.
pub fn sent(op: &Operation, case: &Case) -> Vec<Sent> {
    let mut out = Vec::new();
    let mut add = |value: String, place: String| {
        if !value.is_empty() && !out.iter().any(|s: &Sent| s.value == value) {
            out.push(Sent { value, place });
        }
    };
    if let Credentials::Literal(value) = case.credentials {
        add(value.to_string(), "credentials".into());
    }
    let labels = conform_generated::runtime::match_path(op.bindings.path, case.path)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, raw)| ("label", name.to_string(), raw));
    let query = conform_generated::runtime::parse_query(case.query)
        .into_iter()
        .flatten()
        .map(|(name, raw)| ("query", name, raw));
    for (kind, name, raw) in labels.chain(query) {
        let params = if kind == "label" {
            op.bindings.labels
        } else {
            op.bindings.query
        };
        if params.iter().any(|p| p.sensitive && p.name == name) {
            if let Some(decoded) = conform_generated::runtime::decode(&raw) {
                add(decoded, format!("{kind} {name}"));
            }
            add(raw, format!("{kind} {name}"));
        }
    }
    for (name, value) in case.headers {
        if op
            .sensitive_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
        {
            add((*value).to_string(), format!("header {name}"));
        }
    }
    if let Ok(body) = serde_json::from_slice::<serde_json::Value>(case.body) {
        for pointer in op.sensitive_members {
            for text in crate::pointer::strings_at(&body, pointer) {
                add(text, format!("body {pointer}"));
            }
        }
    }
    out
}

/// Where the answer carries back one of `sent`, as a failure that does not repeat the value;
/// `None` when it carries none of them.
pub fn echoed<'a>(sent: impl IntoIterator<Item = &'a Sent>, answer: &Answer) -> Option<Failure> {
    let contains = |needle: &str| {
        !needle.is_empty()
            && answer
                .body
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
    };
    sent.into_iter()
        .filter(|s| s.value.chars().count() >= SHORTEST)
        // As sent, or as JSON writes it inside a string.
        .find(|s| contains(&s.value) || contains(&json_escaped(&s.value)))
        .map(|s| Failure::SensitiveEcho {
            place: s.place.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::{Answer, Failure, Sent, echoed};

    fn answer(body: &str) -> Answer {
        Answer {
            status: 400,
            headers: http::HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn secret(value: &str) -> Vec<Sent> {
        vec![Sent {
            value: value.into(),
            place: "body /secretKey".into(),
        }]
    }

    #[test]
    fn a_body_that_repeats_the_secret_fails_without_showing_it() {
        let failure = echoed(
            &secret("wJalrXUtnFEMI"),
            &answer(r#"{"message":"bad key wJalrXUtnFEMI"}"#),
        )
        .expect("an echo");
        assert_eq!(
            failure,
            Failure::SensitiveEcho {
                place: "body /secretKey".into()
            }
        );
        assert!(!failure.to_string().contains("wJalrXUtnFEMI"), "{failure}");
    }

    #[test]
    fn a_secret_is_found_as_json_escaped_it() {
        assert!(echoed(&secret("a\"b/c\\d"), &answer(r#"{"m":"a\"b/c\\d"}"#)).is_some());
    }

    #[test]
    fn a_body_without_the_secret_passes() {
        assert!(
            echoed(
                &secret("wJalrXUtnFEMI"),
                &answer(r#"{"message":"bad key"}"#)
            )
            .is_none()
        );
    }

    #[test]
    fn a_value_too_short_to_tell_from_text_is_not_looked_for() {
        assert!(echoed(&secret("abc"), &answer("abcabc")).is_none());
    }
}
