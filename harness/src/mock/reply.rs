//! Building the mock's answers: restJson1 errors named by `X-Amzn-ErrorType`, problem-details
//! errors, and JSON successes. No answer ever repeats a header value or a body member it was
//! sent, so no secret can leave by way of an error.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Response, StatusCode};
use conform_generated::runtime::Violation;

/// The most characters of a restJson1 error message (the model's `ErrorMessage` maximum).
const MESSAGE_MAX: usize = 1000;

/// A JSON answer.
pub fn json(status: u16, content_type: &str, body: &serde_json::Value) -> Response<Body> {
    // A `Value` always serialises; the empty fallback is never taken.
    let bytes = body.to_string().into_bytes();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    set(&mut response, "content-type", content_type);
    response
}

/// An answer without a body.
pub fn empty(status: u16) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// Sets a header named at run time; a name or value that is not valid header text is skipped.
pub fn set_any(response: &mut Response<Body>, name: &str, value: &str) {
    if let (Ok(name), Ok(value)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        response.headers_mut().insert(name, value);
    }
}

/// Sets a header; values the mock writes are always valid header text.
pub fn set(response: &mut Response<Body>, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
}

/// A restJson1 error: the status, `X-Amzn-ErrorType` (unless `name_it` is false), and
/// `{"message": ...}`.
pub fn aws_error(status: u16, name: &str, message: &str, name_it: bool) -> Response<Body> {
    let message = clip(message);
    let mut response = json(
        status,
        "application/json",
        &serde_json::json!({ "message": message }),
    );
    if name_it {
        set(&mut response, "x-amzn-errortype", name);
    }
    response
}

/// A message that lists violations for people: each names the member and the rule, never a value.
pub fn describe(violations: &[Violation]) -> String {
    let count = violations.len();
    let mut out = format!(
        "{count} validation error{} detected: ",
        if count == 1 { "" } else { "s" }
    );
    for (i, v) in violations.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&v.to_string());
    }
    out
}

/// At most `MESSAGE_MAX` characters, with tabs and carriage returns (which the message pattern
/// refuses) turned into spaces.
pub fn clip(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .take(MESSAGE_MAX)
        .collect()
}
