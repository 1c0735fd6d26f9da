//! Judging one answer against its case, in order: status, content type, body schema, error
//! naming. Every failure is a [`Failure`], data first and a sentence on demand.

use super::http::Answer;
use super::verdict::{Failure, Part};
use conform_generated::runtime::{
    Case, ErrorNaming, Operation, Protocol, aws_error_header, media_type_is,
};

/// The header a restJson1 error names its type in.
const AWS_ERROR_HEADER: &str = "x-amzn-errortype";

/// The media types an error answer may have, by protocol.
fn error_media_types(protocol: Protocol) -> &'static [&'static str] {
    match protocol {
        Protocol::RestJson1 => &["application/json"],
        Protocol::ProblemDetails => &["application/problem+json", "application/json"],
    }
}

/// Every way `answer` falls short of `case`.
pub fn judge(op: &Operation, case: &Case, answer: &Answer) -> Vec<Failure> {
    let mut failures = Vec::new();
    let status = answer.status;
    if !case.expected_status.admits(status) {
        failures.push(Failure::Status {
            expected: case.expected_status.to_string(),
            inferred: case.inferred,
            got: status,
            error_name: error_name(op, answer),
        });
    }
    if status == op.success_status {
        let violations = (op.check_success)(&answer.headers, &answer.body);
        failures.extend(violations.into_iter().map(|violation| Failure::Schema {
            part: Part::Response,
            violation,
        }));
    } else if (400..600).contains(&status) && case.method != "HEAD" {
        // HTTP sends no body with an answer to HEAD, so only the status can be judged.
        error_answer(op, case, answer, &mut failures);
    }
    // Any other status the case admits (an undocumented success) needs no further check.
    failures
}

/// Checks an error answer: its content type, its body, and how it names the error.
fn error_answer(op: &Operation, case: &Case, answer: &Answer, failures: &mut Vec<Failure>) {
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    let expected = error_media_types(op.protocol);
    let body_optional = op.protocol == Protocol::RestJson1 && answer.body.is_empty();
    if !body_optional
        && !expected
            .iter()
            .any(|m| media_type_is(content_type.unwrap_or_default(), m))
    {
        failures.push(Failure::ContentType {
            expected,
            got: content_type.map(str::to_string),
        });
    }
    let violations = match op.protocol {
        Protocol::RestJson1 => {
            let named = aws_error_header(&answer.headers, AWS_ERROR_HEADER);
            let (header, expected) = match case.error.map(|e| e.naming) {
                Some(ErrorNaming::Header { header, value }) => (header, Some(value)),
                _ => (AWS_ERROR_HEADER, None),
            };
            if named.is_none() || expected.is_some_and(|e| named.as_deref() != Some(e)) {
                failures.push(Failure::ErrorNaming {
                    header,
                    expected,
                    got: named.clone(),
                });
            }
            // An error this operation does not model cannot be checked against a schema.
            let modelled = named.as_deref().is_some_and(|n| {
                op.errors
                    .iter()
                    .any(|e| matches!(e.naming, ErrorNaming::Header { value, .. } if value == n))
            });
            if modelled {
                (op.check_error)(answer.status, &answer.headers, &answer.body)
                    .err()
                    .unwrap_or_default()
            } else {
                Vec::new()
            }
        }
        Protocol::ProblemDetails => {
            if op.errors.iter().any(|e| e.status == answer.status) {
                (op.check_error)(answer.status, &answer.headers, &answer.body)
                    .err()
                    .unwrap_or_default()
            } else {
                // A status the documents do not list still carries the operation's error body.
                (op.check_error_body)(answer.status, &answer.body)
            }
        }
    };
    failures.extend(violations.into_iter().map(|violation| Failure::Schema {
        part: Part::ErrorBody,
        violation,
    }));
}

/// The error name the service gave, for a status failure.
fn error_name(op: &Operation, answer: &Answer) -> Option<String> {
    if answer.status < 400 {
        return None;
    }
    match op.protocol {
        Protocol::RestJson1 => aws_error_header(&answer.headers, AWS_ERROR_HEADER),
        Protocol::ProblemDetails => {
            let member = op.errors.iter().find_map(|e| match e.naming {
                ErrorNaming::Member { member, .. } => Some(member),
                ErrorNaming::Header { .. } => None,
            })?;
            serde_json::from_slice::<serde_json::Value>(&answer.body)
                .ok()?
                .get(member)?
                .as_str()
                .map(str::to_string)
        }
    }
}
