//! Names and texts for spec files: identifiers, operation and error names, and the first
//! sentence of a description.

use crate::import::yaml::{Node, Place};
use serde_json::Value;
use serde_saphyr::Location;

/// `name` as a spec identifier: letters, digits and `_`, starting with a letter.
pub(super) fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_').to_string();
    if out.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("X{out}")
    }
}

/// An operation name made from its method and path, where the model gives no `operationId`.
pub(super) fn name_from_path(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name
}

/// The name the spec gives an error of `status`.
pub(super) fn status_name(status: i64) -> String {
    let name = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    name.to_string()
}

/// A response's description without a leading reason phrase (`Bad Request. The body ...`).
pub(super) fn when(description: &str, name: &str) -> String {
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((head, rest)) = text.split_once(". ") {
        let squeezed: String = head.chars().filter(|c| c.is_alphanumeric()).collect();
        if squeezed.eq_ignore_ascii_case(name) {
            return rest.to_string();
        }
    }
    text.trim_end_matches('.').to_string() + "."
}

/// The first sentence of a text.
pub(super) fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

/// A JSON value as a spec scalar, or `None` for a list, a mapping or `null`.
pub(super) fn scalar(value: &Value) -> Option<Node> {
    match value {
        Value::String(s) => Some(Node::Str(s.clone())),
        Value::Bool(b) => Some(Node::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(Node::Int(i)),
            None => n.as_f64().map(Node::Float),
        },
        _ => None,
    }
}

/// The text of a scalar JSON value, for a string enum.
pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn place(location: &Location) -> Option<Place> {
    Place::of(location)
}
