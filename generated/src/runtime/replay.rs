//! Replaying a case through an operation's own validators: the request it sends, and whether
//! the validators find exactly what the case says it breaks. The case derivation and the
//! validators are written apart; this is where they must agree.

use super::case::{Case, Credentials, Expect};
use super::http::HttpRequest;
use super::operation::{Auth, Operation};

/// The headers a case sends, with a stand-in bearer token where the runner would add one.
pub fn headers(op: &Operation, case: &Case) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in case.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    let authorization = match (case.credentials, op.auth) {
        (Credentials::Valid, Auth::Bearer { .. }) => Some("Bearer conform-test-token"),
        (Credentials::Literal(v), _) => Some(v),
        _ => None,
    };
    if let Some(value) = authorization.and_then(|v| http::HeaderValue::from_str(v).ok()) {
        map.insert(http::header::AUTHORIZATION, value);
    }
    map
}

/// The request a case sends, over `headers`.
pub fn request<'a>(case: &'a Case, headers: &'a http::HeaderMap) -> HttpRequest<'a> {
    HttpRequest {
        method: case.method,
        path: case.path,
        query: case.query,
        headers,
        body: case.body,
    }
}

/// Checks that `op`'s validators find exactly what `case` names: nothing for a valid case, and
/// for an invalid one its violation and the ones it cannot avoid (by location, pointer and
/// rule). Returns what differs, for a test to show.
pub fn agrees(op: &Operation, case: &Case) -> Result<(), String> {
    let headers = headers(op, case);
    let found = (op.check_request)(&request(case, &headers));
    let mut found: Vec<(String, String, String)> = found
        .iter()
        .map(|v| {
            let location = serde_json::to_value(v.location)
                .ok()
                .and_then(|l| l.as_str().map(str::to_string))
                .unwrap_or_default();
            (location, v.pointer.clone(), v.rule.as_str().to_string())
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String, String)> = match (case.expect, case.violates) {
        (Expect::Valid, _) | (Expect::Invalid, None) => Vec::new(),
        // Credentials are the runner's and the server's business: the validators see a missing
        // bearer token only where the spec lists its header as required.
        (Expect::Invalid, Some(v)) if v.location == "auth" && !auth_header_required(op) => {
            Vec::new()
        }
        (Expect::Invalid, Some(v)) => std::iter::once(v)
            .chain(case.also.iter().copied())
            .map(|v| {
                let (location, rule) = if v.rule == "auth" {
                    ("header", "header")
                } else {
                    (v.location, v.rule)
                };
                (
                    location.to_string(),
                    v.pointer.to_string(),
                    rule.to_string(),
                )
            })
            .collect(),
    };
    expected.sort();
    if case.expect == Expect::Invalid && case.violates.is_none() {
        return Err(format!(
            "{}: an invalid case names nothing it breaks",
            case.id
        ));
    }
    if found == expected {
        Ok(())
    } else {
        Err(format!(
            "{}: the validators find {found:?}, the case names {expected:?}",
            case.id
        ))
    }
}

/// Whether the spec lists the bearer scheme's header among the required request headers.
fn auth_header_required(op: &Operation) -> bool {
    match op.auth {
        Auth::AwsSigV4 { .. } => false,
        Auth::Bearer { header, .. } => op
            .bindings
            .headers
            .iter()
            .any(|h| h.required && h.name.eq_ignore_ascii_case(header)),
    }
}
