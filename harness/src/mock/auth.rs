//! Credentials, checked first as the real services do: nothing is read for a caller without
//! them. SigV4 requests must carry a whole signature (its form is checked here; with a key pair
//! the mock verifies its value once the body is read, in `sigv4.rs`); bearer requests must carry a token the mock's token endpoint issued and that has not
//! expired. An operation whose scheme is `none` is served without reading any.

use super::protocol::Credential;
use super::tokens::{TokenState, Tokens};
use axum::http::HeaderMap;
use conform_generated::runtime::{Auth, HeaderRule, Operation};

/// Why a request's credentials are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No credentials, or bearer credentials that are wrong.
    Unauthenticated(Credential, &'static str),
    /// A SigV4 `Authorization` header that is not a whole signature.
    IncompleteSignature(&'static str),
}

/// The refusal of `op`'s credentials in `headers`, if they are refused.
pub fn check(op: &Operation, tokens: &Tokens, headers: &HeaderMap) -> Option<Refusal> {
    match op.auth {
        Auth::AwsSigV4 { .. } => sigv4(headers),
        Auth::Bearer { header, .. } => bearer(op, header, tokens, headers),
        // Anyone may call it; credentials sent anyway are not read.
        Auth::None => None,
    }
}

/// Whether the request carries a SigV4 signature: the algorithm, the three parts, and a date.
fn sigv4(headers: &HeaderMap) -> Option<Refusal> {
    let Some(value) = headers.get("authorization") else {
        return Some(Refusal::Unauthenticated(
            Credential::Missing,
            "Missing Authentication Token",
        ));
    };
    let Some(rest) = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("AWS4-HMAC-SHA256 "))
    else {
        return Some(Refusal::IncompleteSignature(
            "Authorization header requires the AWS4-HMAC-SHA256 algorithm.",
        ));
    };
    let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    for part in ["Credential=", "SignedHeaders=", "Signature="] {
        if !parts
            .iter()
            .any(|p| p.starts_with(part) && p.len() > part.len())
        {
            return Some(Refusal::IncompleteSignature(
                "Authorization header requires Credential, SignedHeaders and Signature.",
            ));
        }
    }
    if headers.get("x-amz-date").is_none() && headers.get("date").is_none() {
        return Some(Refusal::IncompleteSignature(
            "Authorization header requires existence of either a X-Amz-Date or a Date header.",
        ));
    }
    None
}

/// Whether the request carries, in `header`, a bearer token the mock issued.
fn bearer(op: &Operation, header: &str, tokens: &Tokens, headers: &HeaderMap) -> Option<Refusal> {
    let value = headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if value.is_empty() {
        return Some(Refusal::Unauthenticated(
            Credential::Missing,
            "The Authorization header is missing.",
        ));
    }
    // The form the spec gives the header, where it gives one.
    let form_ok = op
        .bindings
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(header))
        .is_none_or(|h| match &h.rule {
            HeaderRule::Pattern(form) => form.is_match(value),
            _ => true,
        });
    let scheme_ok = value
        .split_once(' ')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"));
    if !form_ok || !scheme_ok {
        return Some(Refusal::Unauthenticated(
            Credential::Malformed,
            "The Authorization header must be Bearer <access token>.",
        ));
    }
    let token = value.split_once(' ').map_or("", |(_, token)| token.trim());
    match tokens.check(token) {
        TokenState::Valid => None,
        TokenState::Expired => Some(Refusal::Unauthenticated(
            Credential::Expired,
            "The access token has expired.",
        )),
        TokenState::Unknown => Some(Refusal::Unauthenticated(
            Credential::Unknown,
            "The access token is not valid.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    /// Every operation of the registry, with its scheme turned to `none`, is served with no
    /// credentials and with any sent, where under its own scheme it refuses a request without.
    #[test]
    fn an_operation_without_credentials_is_never_refused() {
        let tokens = Tokens::default();
        let mut junk = HeaderMap::new();
        junk.insert(
            "authorization",
            HeaderValue::from_static("Bearer not-issued"),
        );
        for op in conform_generated::OPERATIONS {
            if op.auth != Auth::None {
                assert!(
                    check(op, &tokens, &HeaderMap::new()).is_some(),
                    "{}",
                    op.id()
                );
            }
            let open = Operation {
                auth: Auth::None,
                ..**op
            };
            assert_eq!(
                check(&open, &tokens, &HeaderMap::new()),
                None,
                "{}",
                op.id()
            );
            assert_eq!(check(&open, &tokens, &junk), None, "{}", op.id());
        }
    }
}
