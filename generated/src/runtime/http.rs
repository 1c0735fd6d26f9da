//! HTTP bindings: where each part of a request lives (path labels, query parameters, headers,
//! the JSON body), matching a path against its template, and checking a whole request or
//! response against an operation's bindings.

use super::checks::{Pointer, parse_json};
use super::headers::{HeaderRule, header};
use super::schema::{Schema, StructSchema};
use super::values::NON_FINITE;
use super::violation::{Expected, Location, Rule, Violation};
use super::walk::{check, structure};
use conform_model::TimestampFormat;
use serde_json::{Map, Number, Value};

/// One `/`-separated piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    Literal(&'static str),
    /// A label that fills one segment.
    Label(&'static str),
    /// A greedy label (`{Key+}`) that fills one or more segments.
    Greedy(&'static str),
}

/// A path label or query parameter.
pub struct Param {
    pub name: &'static str,
    pub required: bool,
    pub sensitive: bool,
    pub schema: &'static Schema,
}

/// A header and what its value must be.
pub struct HeaderParam {
    pub name: &'static str,
    pub required: bool,
    pub sensitive: bool,
    /// The value differs from call to call (response headers); snapshots redact it.
    pub dynamic: bool,
    pub rule: HeaderRule,
}

// Generated bindings are written with the methods below, so that each parameter states only
// what sets it apart.
impl Param {
    /// An optional parameter that is not sensitive.
    pub const fn new(name: &'static str, schema: &'static Schema) -> Self {
        Param {
            name,
            required: false,
            sensitive: false,
            schema,
        }
    }

    /// The parameter, which must be present.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The parameter, whose value is a secret.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
}

impl HeaderParam {
    /// An optional header that is neither sensitive nor dynamic.
    pub const fn new(name: &'static str, rule: HeaderRule) -> Self {
        HeaderParam {
            name,
            required: false,
            sensitive: false,
            dynamic: false,
            rule,
        }
    }

    /// The header, which must be present.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The header, whose value is a secret.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// The header, whose value differs from call to call.
    pub const fn dynamic(mut self) -> Self {
        self.dynamic = true;
        self
    }
}

/// Where every part of an operation's request lives.
pub struct Bindings {
    /// The path template, split at `/`.
    pub path: &'static [PathPiece],
    pub labels: &'static [Param],
    pub query: &'static [Param],
    pub headers: &'static [HeaderParam],
    /// The JSON body, if the operation takes one.
    pub body: Option<&'static StructSchema>,
}

/// What a successful response carries.
pub struct ResponseBindings {
    pub status: u16,
    pub headers: &'static [HeaderParam],
    /// The JSON body; `None` when the response has none.
    pub body: Option<&'static StructSchema>,
}

/// A request as it arrived: the path and query still percent-encoded.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    pub method: &'a str,
    /// The path, without the query string.
    pub path: &'a str,
    /// The query string, without the `?`; empty when there is none.
    pub query: &'a str,
    pub headers: &'a http::HeaderMap,
    pub body: &'a [u8],
}

/// A request's parts as JSON, after the checks: the parameters by name, and the body.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub params: Map<String, Value>,
    pub body: Option<Value>,
    /// The either-or variant that applies, for a body that has variants.
    pub variant: Option<usize>,
}

/// The labels of `path` if it fits `template`, each still percent-encoded.
pub fn match_path(template: &[PathPiece], path: &str) -> Option<Vec<(&'static str, String)>> {
    let segments: Vec<&str> = path.split('/').collect();
    let greedy = template.iter().any(|p| matches!(p, PathPiece::Greedy(_)));
    if !greedy && segments.len() != template.len() {
        return None;
    }
    if greedy && segments.len() < template.len() {
        return None;
    }
    let spare = segments.len() - template.len();
    let mut labels = Vec::new();
    let mut at = 0;
    for piece in template {
        match piece {
            PathPiece::Literal(text) => {
                if segments[at] != *text {
                    return None;
                }
                at += 1;
            }
            PathPiece::Label(name) => {
                labels.push((*name, segments[at].to_string()));
                at += 1;
            }
            PathPiece::Greedy(name) => {
                let taken = segments[at..=at + spare].join("/");
                labels.push((*name, taken));
                at += spare + 1;
            }
        }
    }
    Some(labels)
}

/// A query pair whose name or value is not UTF-8 once percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The pair's name, decoded where it can be, else as sent.
    pub name: String,
}

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the query pair `{}` is not UTF-8 once percent-decoded",
            self.name
        )
    }
}

impl std::error::Error for NotUtf8 {}

/// The `name=value` pairs of a query string, percent-decoded (`+` stays a plus sign, as
/// RFC 3986 has it). Pairs that are not UTF-8 after decoding come back as `Err`.
pub fn parse_query(query: &str) -> Vec<Result<(String, String), NotUtf8>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (decode(name), decode(value)) {
                (Some(name), Some(value)) => Ok((name, value)),
                (Some(name), None) => Err(NotUtf8 { name }),
                (None, _) => Err(NotUtf8 {
                    name: name.to_string(),
                }),
            }
        })
        .collect()
}

/// `text` percent-decoded, if the result is UTF-8.
pub fn decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The JSON a parameter's text stands for, so that one walk checks it: numbers and booleans
/// become JSON numbers and booleans where the text is one, and stay strings (a type violation)
/// where it is not.
pub fn text_value(schema: &Schema, text: &str) -> Value {
    let as_number = || -> Option<Value> {
        if let Ok(n) = text.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Value::Number(n.into()));
        }
        let f: f64 = text.parse().ok()?;
        Number::from_f64(f).map(Value::Number)
    };
    let string = || Value::String(text.to_string());
    match schema {
        Schema::Integer(_) => match text.parse::<i64>() {
            Ok(n) => Value::Number(n.into()),
            Err(_) if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !text.is_empty() => {
                as_number().unwrap_or_else(string)
            }
            Err(_) => string(),
        },
        Schema::Number(_) if NON_FINITE.contains(&text) => string(),
        Schema::Number(_) => as_number().unwrap_or_else(string),
        Schema::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => string(),
        },
        Schema::Timestamp(TimestampFormat::EpochSeconds) => as_number().unwrap_or_else(string),
        _ => string(),
    }
}

/// Checks a parameter's values (`values` holds every occurrence), and records its JSON.
fn param(
    location: Location,
    p: &Param,
    values: &[&str],
    params: &mut Map<String, Value>,
    out: &mut Vec<Violation>,
) {
    let pointer = Pointer::Member(&Pointer::Root, p.name);
    let value = match (p.schema, values) {
        (_, []) => {
            if p.required {
                out.push(
                    Violation::body(
                        pointer.render(),
                        Rule::Required,
                        Expected::Present,
                        format_args!("is required but missing"),
                    )
                    .at(location),
                );
            }
            return;
        }
        (Schema::List(list), values) => Value::Array(
            values
                .iter()
                .map(|text| text_value(list.items, text))
                .collect(),
        ),
        (schema, [one]) => text_value(schema, one),
        (schema, [first, ..]) => {
            out.push(
                Violation::body(
                    pointer.render(),
                    Rule::Type,
                    Expected::Count(1),
                    format_args!("is given more than once, but takes one value"),
                )
                .at(location),
            );
            text_value(schema, first)
        }
    };
    let before = out.len();
    check(p.schema, &value, &pointer, out);
    for v in &mut out[before..] {
        v.location = location;
    }
    params.insert(p.name.to_string(), value);
}

/// Checks every part of `request` against `bindings` and pushes every violation; the labels
/// come from matching the path (`None` when it does not fit the template).
pub fn check_request(
    bindings: &Bindings,
    request: &HttpRequest<'_>,
    out: &mut Vec<Violation>,
) -> Checked {
    let mut checked = Checked::default();
    match match_path(bindings.path, request.path) {
        Some(labels) => {
            for p in bindings.labels {
                let raw = labels
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map(|(_, v)| v.as_str());
                match raw.map(decode) {
                    Some(Some(text)) if !text.is_empty() => {
                        param(Location::Path, p, &[&text], &mut checked.params, out);
                    }
                    Some(Some(_)) => param(Location::Path, p, &[], &mut checked.params, out),
                    Some(None) => out.push(
                        Violation::body(
                            Pointer::Member(&Pointer::Root, p.name).render(),
                            Rule::Format,
                            Expected::Format("utf-8"),
                            format_args!("is not UTF-8 once percent-decoded"),
                        )
                        .at(Location::Path),
                    ),
                    None => param(Location::Path, p, &[], &mut checked.params, out),
                }
            }
        }
        None => out.push(
            Violation::body(
                "",
                Rule::Pattern,
                Expected::Value("the path template"),
                format_args!("does not fit the operation's path template"),
            )
            .at(Location::Path),
        ),
    }
    let pairs = parse_query(request.query);
    for broken in pairs.iter().filter_map(|p| p.as_ref().err()) {
        if bindings.query.iter().any(|q| q.name == broken.name) {
            out.push(
                Violation::body(
                    Pointer::Member(&Pointer::Root, &broken.name).render(),
                    Rule::Format,
                    Expected::Format("utf-8"),
                    format_args!("is not UTF-8 once percent-decoded"),
                )
                .at(Location::Query),
            );
        }
    }
    for p in bindings.query {
        let values: Vec<&str> = pairs
            .iter()
            .filter_map(|pair| pair.as_ref().ok())
            .filter(|(name, _)| name == p.name)
            .map(|(_, value)| value.as_str())
            .collect();
        param(Location::Query, p, &values, &mut checked.params, out);
    }
    check_headers(bindings.headers, request.headers, out);
    match bindings.body {
        Some(schema) => match parse_json(request.body) {
            Ok(value) => {
                checked.variant = structure(schema, &value, &Pointer::Root, out);
                checked.body = Some(value);
            }
            Err(violation) => out.push(violation),
        },
        None if !request.body.is_empty() => out.push(Violation::body(
            "",
            Rule::Type,
            Expected::Absent,
            format_args!("must be empty: the operation takes no body"),
        )),
        None => {}
    }
    checked
}

/// Checks the headers `params` describes.
pub fn check_headers(params: &[HeaderParam], headers: &http::HeaderMap, out: &mut Vec<Violation>) {
    for h in params {
        header(headers, h.name, h.required, &h.rule, out);
    }
}

/// Checks a successful response's headers and body, and returns the body's JSON.
pub fn check_response(
    bindings: &ResponseBindings,
    headers: &http::HeaderMap,
    body: &[u8],
    out: &mut Vec<Violation>,
) -> Option<Value> {
    check_headers(bindings.headers, headers, out);
    match bindings.body {
        Some(schema) => match parse_json(body) {
            Ok(value) => {
                structure(schema, &value, &Pointer::Root, out);
                Some(value)
            }
            Err(violation) => {
                out.push(violation);
                None
            }
        },
        None if !body.is_empty() => {
            out.push(Violation::body(
                "",
                Rule::Type,
                Expected::Absent,
                format_args!("must be empty: the response has no body"),
            ));
            None
        }
        None => None,
    }
}
