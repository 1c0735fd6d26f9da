//! Masking secrets where they sit: body members by their JSON pointers (`*` for any array index
//! or map key), headers by name, and path labels and query parameters by name, as the spec marks
//! them sensitive; and the userinfo of a target URL. Each masks the whole value. Nothing is
//! guessed from names.

use conform_generated::runtime::{Auth, Operation, REDACTED};
use serde_json::Value;

/// The body as text, exactly as sent (member order and spacing kept), with every sensitive
/// member's string value replaced by `<redacted>`. A body that is not JSON is shown as it is,
/// less any sensitive member's value a text search can find; a byte that is not UTF-8 is shown
/// as `\xNN`.
pub fn body(op: &Operation, bytes: &[u8]) -> String {
    conform_codegen::text::escape_invalid_utf8(&body_bytes(op, bytes)).into_owned()
}

/// The body's bytes as sent, with every sensitive member's value replaced by `<redacted>`: what
/// a reproducer sends.
pub fn body_bytes(op: &Operation, bytes: &[u8]) -> Vec<u8> {
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return redact_raw(op, bytes);
    };
    let secrets = op
        .sensitive_members
        .iter()
        .flat_map(|pointer| crate::pointer::strings_at(&value, pointer));
    // serde_json took the body, so it is UTF-8.
    let mut out = String::from_utf8_lossy(bytes).into_owned();
    for secret in secrets {
        // The value as JSON wrote it, quotes and escapes included.
        let written = serde_json::Value::from(secret.as_str()).to_string();
        out = out.replace(&written, &format!("\"{REDACTED}\""));
    }
    out.into_bytes()
}

/// The percent-encoded path with every sensitive label's value replaced by `<redacted>`.
pub fn path(op: &Operation, path: &str) -> String {
    path_in(op.bindings, path)
}

fn path_in(bindings: &conform_generated::runtime::Bindings, path: &str) -> String {
    use conform_generated::runtime::PathPiece;
    let sensitive = |name: &str| {
        bindings
            .labels
            .iter()
            .any(|p| p.sensitive && p.name == name)
    };
    if conform_generated::runtime::match_path(bindings.path, path).is_none() {
        return path.to_string();
    }
    let segments: Vec<&str> = path.split('/').collect();
    let spare = segments.len() - bindings.path.len();
    let mut out = Vec::new();
    let mut at = 0;
    for piece in bindings.path {
        let taken = match piece {
            PathPiece::Greedy(_) => spare + 1,
            _ => 1,
        };
        let text = segments[at..at + taken].join("/");
        out.push(match piece {
            PathPiece::Label(name) | PathPiece::Greedy(name) if sensitive(name) => {
                REDACTED.to_string()
            }
            _ => text,
        });
        at += taken;
    }
    out.join("/")
}

/// The percent-encoded query string with every sensitive parameter's value replaced.
pub fn query(op: &Operation, query: &str) -> String {
    query_in(op.bindings, query)
}

fn query_in(bindings: &conform_generated::runtime::Bindings, query: &str) -> String {
    let sensitive = |name: &str| bindings.query.iter().any(|p| p.sensitive && p.name == name);
    query
        .split('&')
        .map(|pair| {
            let (name, _) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded = conform_generated::runtime::decode(name).unwrap_or_default();
            if sensitive(&decoded) {
                format!("{name}={REDACTED}")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The value to show for header `name`: masked if the spec marks the header sensitive, or if
/// the operation's auth scheme carries credentials in it.
pub fn header<'v>(op: &Operation, name: &str, value: &'v str) -> &'v str {
    if sensitive_header(op, name) {
        REDACTED
    } else {
        value
    }
}

/// Whether header `name` carries a secret of `op`.
pub fn sensitive_header(op: &Operation, name: &str) -> bool {
    let credential = match op.auth {
        Auth::AwsSigV4 { .. } => ["authorization", "x-amz-security-token"]
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name)),
        Auth::Bearer { header, .. } => header.eq_ignore_ascii_case(name),
        Auth::None => false,
    };
    credential
        || op
            .sensitive_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
}

/// For a body that is not JSON (a truncated body, bytes that are not UTF-8): masks what follows
/// `"name":` for each top-level sensitive member, up to the next quote or the end. It works on
/// bytes, since every delimiter it looks for is ASCII.
fn redact_raw(op: &Operation, bytes: &[u8]) -> Vec<u8> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let masked = format!("\"{REDACTED}\"");
    let mut out = bytes.to_vec();
    for pointer in op.sensitive_members {
        let Some(name) = crate::pointer::last_token(pointer) else {
            continue;
        };
        let key = format!("\"{name}\"");
        let mut from = 0;
        while let Some(found) = find(&out[from..], key.as_bytes()) {
            let after_key = from + found + key.len();
            let Some(colon) = out[after_key..].iter().position(|b| *b == b':') else {
                break;
            };
            let value_start = after_key + colon + 1;
            let start = out[value_start..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .map_or(out.len(), |i| value_start + i);
            let end = if out.get(start) == Some(&b'"') {
                out[start + 1..]
                    .iter()
                    .position(|b| *b == b'"')
                    .map_or(out.len(), |i| start + 1 + i + 1)
            } else {
                out[start..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}'))
                    .map_or(out.len(), |i| start + i)
            };
            out.splice(start..end, masked.bytes());
            from = start + masked.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sensitive labels and query values are masked where they stand, the rest kept.
    #[test]
    fn sensitive_labels_and_query_values_are_masked() {
        use conform_generated::runtime::{Bindings, Param, PathPiece, Schema};
        static TEXT: Schema = Schema::Boolean;
        static LABELS: [Param; 2] = [
            Param {
                name: "Key",
                required: true,
                sensitive: true,
                schema: &TEXT,
            },
            Param {
                name: "Rest",
                required: true,
                sensitive: false,
                schema: &TEXT,
            },
        ];
        static QUERY: [Param; 2] = [
            Param {
                name: "token",
                required: false,
                sensitive: true,
                schema: &TEXT,
            },
            Param {
                name: "page",
                required: false,
                sensitive: false,
                schema: &TEXT,
            },
        ];
        static BINDINGS: Bindings = Bindings {
            path: &[
                PathPiece::Literal(""),
                PathPiece::Literal("keys"),
                PathPiece::Label("Key"),
                PathPiece::Greedy("Rest"),
            ],
            labels: &LABELS,
            query: &QUERY,
            headers: &[],
            body: None,
        };
        assert_eq!(
            path_in(&BINDINGS, "/keys/s3cr3t/a/b%2Fc"),
            format!("/keys/{REDACTED}/a/b%2Fc")
        );
        assert_eq!(path_in(&BINDINGS, "/elsewhere"), "/elsewhere");
        assert_eq!(
            query_in(&BINDINGS, "page=2&token=s3cr3t&tok%65n=again"),
            format!("page=2&token={REDACTED}&tok%65n={REDACTED}")
        );
        // Operations without sensitive parameters show their paths and queries as they are.
        for op in conform_generated::OPERATIONS {
            for case in op.cases() {
                if !op.bindings.labels.iter().any(|p| p.sensitive) {
                    assert_eq!(path(op, case.path), case.path, "{}", case.id);
                }
                if !op.bindings.query.iter().any(|p| p.sensitive) {
                    assert_eq!(query(op, case.query), case.query, "{}", case.id);
                }
            }
        }
    }

    /// Every operation with a top-level sensitive member: its members masked in JSON, and in
    /// JSON cut short.
    #[test]
    fn sensitive_members_are_masked_in_json_and_in_broken_json() {
        for op in conform_generated::OPERATIONS {
            let top: Vec<&str> = op
                .sensitive_members
                .iter()
                .filter(|p| p.matches('/').count() == 1)
                .map(|p| &p[1..])
                .collect();
            let Some(last) = top.last() else { continue };
            let mut json = String::from("{");
            for name in &top {
                json.push_str(&format!("\"{name}\":\"s3cr3t-{name}\","));
            }
            json.push_str("\"conformPlain\":\"shown\"}");
            let shown = body(op, json.as_bytes());
            assert!(!shown.contains("s3cr3t"), "{}: {shown}", op.id());
            assert!(shown.contains("\"conformPlain\":\"shown\""), "{shown}");
            let broken = format!("{{\"{last}\":\"s3cr3t/K");
            let shown = body(op, broken.as_bytes());
            assert!(!shown.contains("s3cr3t"), "{}: {shown}", op.id());
        }
        for op in conform_generated::OPERATIONS {
            for name in op.sensitive_headers {
                assert_eq!(header(op, name, "Bearer abc"), REDACTED);
            }
            assert_eq!(header(op, "x-conform-plain", "shown"), "shown");
        }
    }
}

/// `url` with its userinfo (`user:password@`) masked whole; any other URL, or text that is not
/// one, unchanged.
pub fn url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!(
            "{scheme}://{}@{}",
            conform_generated::runtime::REDACTED,
            &rest[at + 1..]
        ),
        None => url.to_string(),
    }
}

/// A description of targets (`URL`, or `service=URL, ...`) with each URL's userinfo masked.
pub fn targets(description: &str) -> String {
    description
        .split(", ")
        .map(|part| match part.split_once('=') {
            Some((service, address)) if !service.contains("://") => {
                format!("{service}={}", url(address))
            }
            _ => url(part),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn userinfo_is_masked_whole_and_nothing_else() {
        assert_eq!(
            super::url("https://admin:e@veeam.example:11005/api?x=1"),
            "https://<redacted>@veeam.example:11005/api?x=1"
        );
        assert_eq!(
            super::url("http://127.0.0.1:80/a@b"),
            "http://127.0.0.1:80/a@b"
        );
        assert_eq!(
            super::targets("veeam=https://u:p@h, outposts=http://o"),
            "veeam=https://<redacted>@h, outposts=http://o"
        );
    }
}
