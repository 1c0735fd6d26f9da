//! Judging one answer against its case, in order: status, content type, body schema, error
//! naming. Every failure is a sentence that says what was expected and what came back.

use super::http::Answer;
use conform_generated::runtime::{
    Case, ErrorNaming, Operation, Protocol, Violation, aws_error_header, media_type_is,
};

/// Every way `answer` falls short of `case`.
pub fn judge(op: &Operation, case: &Case, answer: &Answer) -> Vec<String> {
    let mut failures = Vec::new();
    let status = answer.status;
    if !case.expected_status.admits(status) {
        let inferred = if case.inferred {
            " (inferred: the documents state no status)"
        } else {
            ""
        };
        failures.push(format!(
            "status: expected {}{inferred}, got {status}{}",
            case.expected_status,
            error_hint(op, answer)
        ));
    }
    if status == op.success_status {
        let violations = (op.check_success)(&answer.headers, &answer.body);
        failures.extend(
            violations
                .iter()
                .map(|v| format!("response: {}", describe(v))),
        );
    } else if (400..600).contains(&status) && case.method != "HEAD" {
        // HTTP sends no body with an answer to HEAD, so only the status can be judged.
        error_answer(op, case, answer, &mut failures);
    }
    // Any other status the case admits (an undocumented success) needs no further check.
    failures
}

/// Checks an error answer: its content type, its body, and how it names the error.
fn error_answer(op: &Operation, case: &Case, answer: &Answer, failures: &mut Vec<String>) {
    let documented = op.errors.iter().any(|e| e.status == answer.status);
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match op.protocol {
        Protocol::RestJson1 => {
            if !answer.body.is_empty() && !media_type_is(content_type, "application/json") {
                failures.push(format!(
                    "content-type: expected application/json for a restJson1 error, got {}",
                    shown(content_type)
                ));
            }
            let named = aws_error_header(&answer.headers, "x-amzn-errortype");
            match (case.error.map(|e| e.naming), &named) {
                (Some(ErrorNaming::Header { header, value }), Some(found)) if found != value => {
                    failures.push(format!("error type: expected {header}: {value}, got {found}"));
                }
                (Some(ErrorNaming::Header { header, value }), None) => {
                    failures.push(format!("error type: expected {header}: {value}, but the header is missing"));
                }
                (_, None) => failures.push(
                    "error type: a restJson1 error names its type in X-Amzn-ErrorType, and this answer has none".to_string(),
                ),
                _ => {}
            }
            if named.is_some()
                && let Err(violations) =
                    (op.check_error)(answer.status, &answer.headers, &answer.body)
            {
                // An error this operation does not model cannot be checked against a schema.
                let modelled = named.as_deref().is_some_and(|n| {
                    op.errors.iter().any(
                        |e| matches!(e.naming, ErrorNaming::Header { value, .. } if value == n),
                    )
                });
                if modelled {
                    failures.extend(
                        violations
                            .iter()
                            .map(|v| format!("error body: {}", describe(v))),
                    );
                }
            }
        }
        Protocol::Json => {
            if !media_type_is(content_type, "application/problem+json")
                && !media_type_is(content_type, "application/json")
            {
                failures.push(format!(
                    "content-type: expected application/problem+json or application/json for an error, got {}",
                    shown(content_type)
                ));
            }
            let violations = if documented {
                (op.check_error)(answer.status, &answer.headers, &answer.body)
                    .err()
                    .unwrap_or_default()
            } else {
                // A status the documents do not list still carries the operation's error body.
                (op.check_error_body)(answer.status, &answer.body)
            };
            failures.extend(
                violations
                    .iter()
                    .map(|v| format!("error body: {}", describe(v))),
            );
        }
    }
}

fn shown(value: &str) -> &str {
    if value.is_empty() { "none" } else { value }
}

fn describe(v: &Violation) -> String {
    v.message.clone()
}

/// What the service said, for a status failure: its error name, when it gives one.
fn error_hint(op: &Operation, answer: &Answer) -> String {
    if answer.status < 400 {
        return String::new();
    }
    let name = match op.protocol {
        Protocol::RestJson1 => aws_error_header(&answer.headers, "x-amzn-errortype"),
        Protocol::Json => {
            let member = op.errors.iter().find_map(|e| match e.naming {
                conform_generated::runtime::ErrorNaming::Member { member, .. } => Some(member),
                conform_generated::runtime::ErrorNaming::Header { .. } => None,
            });
            serde_json::from_slice::<serde_json::Value>(&answer.body)
                .ok()
                .and_then(|v| v.get(member?).and_then(|c| c.as_str()).map(str::to_string))
        }
    };
    name.map(|n| format!(" ({n})")).unwrap_or_default()
}
