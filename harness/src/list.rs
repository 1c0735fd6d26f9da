//! `conform list`: the cases, as a table for people or as JSON, without sending anything.
//! Secrets are masked.

use crate::mask;
use conform_generated::runtime::{Case, Credentials, Expect, Operation};
use serde::Serialize;

#[derive(Serialize)]
struct CaseView<'a> {
    id: &'a str,
    service: &'a str,
    operation: &'a str,
    expect: Expect,
    summary: &'a str,
    expected_status: String,
    inferred: bool,
    basis: &'a str,
    violates: Option<conform_generated::runtime::Violated>,
    error: Option<&'a str>,
    request: RequestView,
}

#[derive(Serialize)]
struct RequestView {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    credentials: &'static str,
    body: String,
}

fn view<'a>(op: &Operation, case: &'a Case) -> CaseView<'a> {
    let mut headers: Vec<(String, String)> = case
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), mask::header(op, n, v).to_string()))
        .collect();
    let credentials = match case.credentials {
        Credentials::Valid => "valid",
        Credentials::Missing => "none",
        Credentials::WrongSignature => "wrong signature",
        Credentials::ExpiredToken => "expired token",
        Credentials::Literal(value) => {
            headers.push((
                "Authorization".into(),
                mask::header(op, "Authorization", value).into(),
            ));
            "literal"
        }
    };
    CaseView {
        id: case.id,
        service: case.service,
        operation: case.operation,
        expect: case.expect,
        summary: case.summary,
        expected_status: case.expected_status.to_string(),
        inferred: case.inferred,
        basis: case.basis,
        violates: case.violates,
        error: case.error.as_ref().map(|e| e.name),
        request: RequestView {
            method: case.method.to_string(),
            path: mask::path(op, case.path),
            query: mask::query(op, case.query),
            headers,
            credentials,
            body: mask::body(op, case.body),
        },
    }
}

/// The cases as a JSON array.
pub fn json(cases: &[(&'static Operation, &'static Case)]) -> Result<String, serde_json::Error> {
    let views: Vec<CaseView> = cases.iter().map(|(op, case)| view(op, case)).collect();
    serde_json::to_string_pretty(&views)
}

/// The cases as a table: id, expected status, and what the case sends.
pub fn human(cases: &[(&'static Operation, &'static Case)]) -> String {
    let width = cases.iter().map(|(_, c)| c.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (_, case) in cases {
        let status = if case.inferred {
            format!("{} (inferred)", case.expected_status)
        } else {
            case.expected_status.to_string()
        };
        out.push_str(&format!(
            "{:<width$}  {:<14}  {}\n",
            case.id, status, case.summary
        ));
    }
    let valid = cases
        .iter()
        .filter(|(_, c)| c.expect == Expect::Valid)
        .count();
    out.push_str(&format!(
        "{}: {valid} valid, {} invalid\n",
        conform_codegen::text::count(cases.len(), "case", "cases"),
        cases.len() - valid
    ));
    out
}
