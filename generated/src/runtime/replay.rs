//! Replaying a case through an operation's own validators: the request it sends, and whether
//! the validators find exactly what the case says it breaks. The case derivation and the
//! validators are written apart; this is where they must agree.

use super::case::{Case, Credentials, Expect};
use super::http::HttpRequest;
use super::operation::{Auth, Operation};
use conform_model::{Location, Rule};

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
        // Well-formed, so only the server can tell it has expired.
        (Credentials::ExpiredToken, Auth::Bearer { .. }) => Some("Bearer conform-expired-token"),
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

/// Where a case and its operation's validators disagree; each names the case.
#[derive(Debug, Clone, PartialEq)]
pub enum Disagreement {
    /// The validators find other violations than the case names.
    Violations {
        case: &'static str,
        found: Vec<(Location, String, Rule)>,
        named: Vec<(Location, String, Rule)>,
    },
    /// An invalid case names nothing it breaks.
    NothingNamed { case: &'static str },
    /// A valid case's body does not read into the models.
    Unreadable { case: &'static str, why: String },
    /// A valid case's body is not JSON, or the models keep none of it.
    NotKept { case: &'static str, why: String },
    /// The models write back other values than the case sent.
    Changed {
        case: &'static str,
        again: String,
        original: String,
    },
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Disagreement::Violations { case, found, named } => write!(
                f,
                "{case}: the validators find {found:?}, the case names {named:?}"
            ),
            Disagreement::NothingNamed { case } => {
                write!(f, "{case}: an invalid case names nothing it breaks")
            }
            Disagreement::Unreadable { case, why } => {
                write!(
                    f,
                    "{case}: a valid case does not read into its models: {why}"
                )
            }
            Disagreement::NotKept { case, why } => write!(f, "{case}: {why}"),
            Disagreement::Changed {
                case,
                again,
                original,
            } => write!(f, "{case}: {again} after a round trip of {original}"),
        }
    }
}

impl std::error::Error for Disagreement {}

/// Checks that `op`'s validators find exactly what `case` names: nothing for a valid case, and
/// for an invalid one its violation and the ones it cannot avoid (by location, pointer and
/// rule).
pub fn agrees(op: &Operation, case: &Case) -> Result<(), Disagreement> {
    let headers = headers(op, case);
    let found = (op.check_request)(&request(case, &headers));
    let mut found: Vec<(Location, String, Rule)> = found
        .iter()
        .map(|v| (v.location, v.pointer.clone(), v.rule))
        .collect();
    found.sort();
    let mut named: Vec<(Location, String, Rule)> = match (case.expect, case.violates) {
        (Expect::Valid, _) | (Expect::Invalid, None) => Vec::new(),
        // Credentials are the runner's and the server's business: the validators see a missing
        // bearer token only where the spec lists its header as required, and never a whole
        // credential that is wrong (a signature that does not match, a token that expired).
        (Expect::Invalid, Some(v))
            if v.location == Location::Auth
                && (v.rule != Rule::Auth || !auth_header_required(op)) =>
        {
            Vec::new()
        }
        (Expect::Invalid, Some(v)) => std::iter::once(v)
            .chain(case.also.iter().copied())
            .map(|v| {
                // A missing bearer token is, to the validators, a missing required header.
                let (location, rule) = if v.rule == Rule::Auth {
                    (Location::Header, Rule::Header)
                } else {
                    (v.location, v.rule)
                };
                (location, v.pointer.to_string(), rule)
            })
            .collect(),
    };
    named.sort();
    if case.expect == Expect::Invalid && case.violates.is_none() {
        return Err(Disagreement::NothingNamed { case: case.id });
    }
    if found == named {
        Ok(())
    } else {
        Err(Disagreement::Violations {
            case: case.id,
            found,
            named,
        })
    }
}

/// Whether the spec lists the bearer scheme's header among the required request headers.
fn auth_header_required(op: &Operation) -> bool {
    match op.auth {
        Auth::AwsSigV4 { .. } | Auth::None => false,
        Auth::Bearer { header, .. } => op
            .bindings
            .headers
            .iter()
            .any(|h| h.required && h.name.eq_ignore_ascii_case(header)),
    }
}

/// Checks that a valid case's body, read into the models and written back, keeps every value:
/// the same JSON up to number spelling (`1.0` and `1`), with members the case left out written
/// back only with their defaults, and the unknown member the case adds dropped.
pub fn round_trips(op: &Operation, case: &Case) -> Result<(), Disagreement> {
    if case.expect != Expect::Valid {
        return Ok(());
    }
    let headers = headers(op, case);
    let again = (op.reencode)(&request(case, &headers)).map_err(|v| Disagreement::Unreadable {
        case: case.id,
        why: format!("{v:?}"),
    })?;
    let (Some(again), Some(schema)) = (again, op.bindings.body) else {
        return if case.body.is_empty() {
            Ok(())
        } else {
            Err(Disagreement::NotKept {
                case: case.id,
                why: "a body the models do not keep".into(),
            })
        };
    };
    let original: serde_json::Value =
        serde_json::from_slice(case.body).map_err(|e| Disagreement::NotKept {
            case: case.id,
            why: format!("the case body is not JSON: {e}"),
        })?;
    if same(&super::schema::Schema::Struct(schema), &again, &original) {
        Ok(())
    } else {
        Err(Disagreement::Changed {
            case: case.id,
            again: again.to_string(),
            original: original.to_string(),
        })
    }
}

/// Whether `again` (written by the models) says what `original` (sent) says under `schema`.
fn same(
    schema: &super::schema::Schema,
    again: &serde_json::Value,
    original: &serde_json::Value,
) -> bool {
    use super::schema::Schema;
    use serde_json::Value;
    match (schema, again, original) {
        (_, Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        // A timestamp is the instant it names, whatever offset wrote it.
        (Schema::Timestamp(format), Value::String(x), Value::String(y)) => {
            let instant = |t: &str| super::values::parse_timestamp(t, *format);
            instant(x).is_some() && instant(x) == instant(y)
        }
        (Schema::List(list), Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(list.items, x, y))
        }
        (Schema::Map(map), Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same(map.values, v, w)))
        }
        (Schema::Struct(s), Value::Object(x), Value::Object(y)) => {
            let kept = y.iter().all(|(k, w)| match s.member(k) {
                Some(m) => x.get(m.name).is_some_and(|v| same(m.schema, v, w)),
                // A member the schema does not declare is dropped by the models.
                None => true,
            });
            let added = x.iter().all(|(k, v)| {
                let sent = s.member(k).is_some_and(|m| {
                    y.contains_key(m.name) || m.aliases.iter().any(|a| y.contains_key(*a))
                });
                sent || s.member(k).and_then(|m| m.default).is_some_and(|d| {
                    serde_json::from_str::<Value>(d).is_ok_and(|d| {
                        same(s.member(k).map_or(&Schema::AnyObject, |m| m.schema), v, &d)
                    })
                })
            });
            kept && added
        }
        _ => again == original,
    }
}
