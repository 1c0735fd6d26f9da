//! Header checks. Header values are never quoted in messages: some headers carry credentials.

use super::checks::{Pattern, Pointer};
use super::schema::Schema;
use super::violation::{Expected, Violation};

/// What a header's value must be.
pub enum HeaderRule {
    /// Any value.
    Any,
    /// Exactly this value.
    Const(&'static str),
    /// This media type; parameters such as `charset=utf-8` are allowed.
    MediaType(&'static str),
    /// A value matching this pattern.
    Pattern(Pattern),
    /// A typed value: a scalar, or a comma-separated list of scalars.
    Typed(&'static Schema),
}

/// Checks the header `name` in `headers` against `rule`.
pub fn header(
    headers: &http::HeaderMap,
    name: &'static str,
    required: bool,
    rule: &HeaderRule,
    out: &mut Vec<Violation>,
) {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        if required {
            let expected = match rule {
                HeaderRule::Any => Expected::Present,
                HeaderRule::Const(v) => Expected::Value(v),
                HeaderRule::MediaType(m) => Expected::MediaType(m),
                HeaderRule::Pattern(p) => Expected::Pattern(p.source()),
                HeaderRule::Typed(_) => Expected::Present,
            };
            out.push(Violation::header(name, expected, "is required but missing"));
        }
        return;
    };
    if values.next().is_some() && !matches!(rule, HeaderRule::Any) {
        out.push(Violation::header(
            name,
            Expected::Present,
            "is sent more than once",
        ));
        return;
    }
    let Ok(text) = first.to_str() else {
        out.push(Violation::header(
            name,
            Expected::Present,
            "is not visible ASCII text",
        ));
        return;
    };
    match rule {
        HeaderRule::Any => {}
        HeaderRule::Const(expected) => {
            if text != *expected {
                out.push(Violation::header(
                    name,
                    Expected::Value(expected),
                    &format!("must be {expected}"),
                ));
            }
        }
        HeaderRule::MediaType(expected) => {
            if !media_type_is(text, expected) {
                out.push(Violation::header(
                    name,
                    Expected::MediaType(expected),
                    &format!("must be the media type {expected}"),
                ));
            }
        }
        HeaderRule::Pattern(pattern) => {
            if !pattern.is_match(text) {
                out.push(Violation::header(
                    name,
                    Expected::Pattern(pattern.source()),
                    &format!("does not match the pattern {}", pattern.source()),
                ));
            }
        }
        HeaderRule::Typed(schema) => typed(name, schema, text, out),
    }
}

/// A typed header: its text read as the scalar (or comma-separated list) the schema says.
fn typed(name: &str, schema: &Schema, text: &str, out: &mut Vec<Violation>) {
    let value = match schema {
        Schema::List(list) => serde_json::Value::Array(
            split_list(list.items, text)
                .iter()
                .map(|item| super::http::text_value(list.items, item.trim()))
                .collect(),
        ),
        schema => super::http::text_value(schema, text.trim()),
    };
    let lower = name.to_ascii_lowercase();
    let before = out.len();
    super::walk::check(
        schema,
        &value,
        &Pointer::Member(&Pointer::Root, &lower),
        out,
    );
    let found: Vec<Violation> = out.drain(before..).map(Violation::in_header).collect();
    out.extend(found);
}

/// Whether the `Content-Type`-style value `value` names `expected`, ignoring case and parameters.
pub fn media_type_is(value: &str, expected: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(expected)
}

/// The error name a restJson1 response carries, read as AWS SDKs read it: the `header`
/// (`X-Amzn-ErrorType`) first, then the body's `code`, `Code` or `__type`; of the value, the part
/// before any `:` and after the last `#`.
pub fn aws_error_name(headers: &http::HeaderMap, header: &str, body: &[u8]) -> Option<String> {
    let from_header = headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_body = || {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        ["code", "Code", "__type"]
            .iter()
            .find_map(|key| value.get(key).and_then(serde_json::Value::as_str))
            .map(str::to_string)
    };
    let raw = from_header.or_else(from_body)?;
    let name = raw.split(':').next().unwrap_or_default();
    let name = name.rsplit('#').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The value of `header` as restJson1 error naming reads it, without the body fallback: what a
/// conformance check of the header itself needs.
pub fn aws_error_header(headers: &http::HeaderMap, header: &str) -> Option<String> {
    let raw = headers.get(header)?.to_str().ok()?;
    let name = raw.split(':').next().unwrap_or_default();
    let name = name.rsplit('#').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The items of a comma-separated header list. An HTTP date holds a comma of its own
/// (`Tue, 01 Dec 2026 ...`), so a list of them splits at every second comma, as Smithy's
/// clients write them.
pub fn split_list(items: &Schema, text: &str) -> Vec<String> {
    let parts: Vec<&str> = text.split(',').collect();
    if matches!(
        items,
        Schema::Timestamp(conform_model::TimestampFormat::HttpDate)
    ) {
        parts.chunks(2).map(|pair| pair.join(",")).collect()
    } else {
        parts.iter().map(|p| p.to_string()).collect()
    }
}
