//! The cases derived from `spec/`: a reviewable snapshot of the list, and proof of coverage.

use conform_codegen::cases::{self, Case, Credentials};
use std::path::Path;

fn all() -> Vec<Case> {
    let api = conform_codegen::load_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")])
        .expect("spec/ is valid");
    cases::derive(&api, cases::DEFAULT_SEED)
}

/// One line per case: what a documentation change does to the suite shows up as a diff here.
fn listing(cases: &[Case]) -> String {
    let mut out = String::new();
    for c in cases {
        let violates = c.violates.as_ref().map_or("-".to_string(), |v| {
            let mut s = format!("{} {} {}", v.location, v.pointer, v.rule);
            for also in &c.also {
                s.push_str(&format!(" +{}", also.rule));
            }
            s
        });
        let credentials = match &c.credentials {
            Credentials::Valid => String::new(),
            Credentials::Missing => " creds=none".to_string(),
            Credentials::Literal(_) => " creds=literal".to_string(),
        };
        let inferred = if c.expected.inferred {
            " (inferred)"
        } else {
            ""
        };
        let error = c
            .expected
            .error
            .as_ref()
            .map_or(String::new(), |e| format!(" {}", e.name));
        let headers: Vec<String> = c.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        out.push_str(&format!(
            "{}\n  expect {}{inferred}{error} [{}]\n  violates {violates}\n  {} {} [{}]{credentials}\n  {}\n",
            c.id,
            c.expected.status,
            c.expected.basis,
            c.method,
            c.path,
            headers.join("; "),
            String::from_utf8_lossy(&c.body)
        ));
    }
    out
}

#[test]
fn case_list() {
    insta::assert_snapshot!("case_list", listing(&all()));
}

fn api() -> conform_codegen::ir::Api {
    conform_codegen::load_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")])
        .expect("spec/ is valid")
}

/// Walks the IR: every constraint of every request member has an invalid case, and every bound
/// has a valid boundary case.
#[test]
fn every_constraint_and_bound_is_covered() {
    use conform_codegen::ir::{HeaderRule, Type};
    let api = api();
    let cases = cases::derive(&api, cases::DEFAULT_SEED);
    let mut missing = Vec::new();
    for op in &api.operations {
        let prefix = format!("{}.{}", op.service, op.name);
        let own: Vec<&Case> = cases
            .iter()
            .filter(|c| c.id.starts_with(&format!("{prefix}.")))
            .collect();
        let invalid = |pointer: &str, rule: &str| {
            own.iter().any(|c| {
                c.violates
                    .as_ref()
                    .is_some_and(|v| v.pointer == pointer && v.rule == rule)
            })
        };
        let valid = |id: &str| {
            own.iter()
                .any(|c| c.valid && c.id == format!("{prefix}.valid.{id}"))
        };
        let mut need = |ok: bool, what: String| {
            if !ok {
                missing.push(format!("{prefix}: {what}"));
            }
        };
        let body = &op.request.body;
        let variant_own = |wire: &str| {
            body.variants
                .iter()
                .any(|v| v.required.iter().any(|r| r == wire))
                && !body
                    .variants
                    .iter()
                    .all(|v| v.required.iter().any(|r| r == wire))
        };
        for m in &body.members {
            let p = format!("/{}", m.wire_name);
            let required = m.required
                || (!body.variants.is_empty()
                    && body
                        .variants
                        .iter()
                        .all(|v| v.required.contains(&m.wire_name)));
            if required {
                need(invalid(&p, "required"), format!("{p} required"));
            }
            if variant_own(&m.wire_name) {
                need(invalid("", "oneOf"), format!("{p} absence breaks oneOf"));
            }
            need(invalid(&p, "type"), format!("{p} type"));
            match &m.ty {
                Type::String(s) => {
                    if s.min_length.is_some_and(|n| n > 0) {
                        need(invalid(&p, "minLength"), format!("{p} minLength"));
                    }
                    if s.min_length.is_some() {
                        need(
                            valid(&format!("{}.minLength", m.wire_name)),
                            format!("{p} valid minLength"),
                        );
                    }
                    if s.max_length.is_some() {
                        need(invalid(&p, "maxLength"), format!("{p} maxLength"));
                        need(
                            valid(&format!("{}.maxLength", m.wire_name)),
                            format!("{p} valid maxLength"),
                        );
                    }
                    if s.pattern.is_some() {
                        for miss in ["nonAscii", "punctuation", "middle"] {
                            let id = format!("{prefix}.invalid.{}.pattern.{miss}", m.wire_name);
                            need(own.iter().any(|c| c.id == id), id.clone());
                        }
                        need(
                            valid(&format!("{}.pattern", m.wire_name)),
                            format!("{p} valid pattern sample"),
                        );
                    }
                    if s.format.is_some() {
                        need(invalid(&p, "format"), format!("{p} format"));
                    }
                    if !s.enumeration.is_empty() {
                        need(invalid(&p, "enum"), format!("{p} enum"));
                    }
                }
                Type::Integer(i) => {
                    for (rule, bound) in [("minimum", i.minimum), ("maximum", i.maximum)] {
                        if bound.is_some() {
                            need(invalid(&p, rule), format!("{p} {rule}"));
                            need(
                                valid(&format!("{}.{rule}", m.wire_name)),
                                format!("{p} valid {rule}"),
                            );
                        }
                    }
                    need(
                        invalid(&p, "format"),
                        format!("{p} format (past the integer's width)"),
                    );
                }
                Type::Boolean | Type::AnyObject => {}
                Type::Array(_) | Type::Struct(_) => {
                    need(
                        false,
                        format!("{p} is nested; cases for nested members are not derived yet"),
                    );
                }
            }
        }
        for v in &body.variants {
            need(
                valid(&format!("oneOf.{}", v.name)),
                format!("variant {}", v.name),
            );
        }
        if !body.variants.is_empty() {
            for id in ["both", "neither"] {
                need(
                    own.iter()
                        .any(|c| c.id == format!("{prefix}.invalid.oneOf.{id}")),
                    format!("oneOf.{id}"),
                );
            }
        }
        for h in &op.request.headers {
            let p = format!("/{}", h.name.to_ascii_lowercase());
            if h.required {
                need(
                    invalid(&p, "header") || invalid(&p, "auth"),
                    format!("header {} missing", h.name),
                );
            }
            if !matches!(h.rule, HeaderRule::Any) {
                let wrong = own.iter().any(|c| {
                    let sent = c
                        .headers
                        .iter()
                        .any(|(n, _)| n.eq_ignore_ascii_case(&h.name))
                        || matches!(
                            c.credentials,
                            conform_codegen::cases::Credentials::Literal(_)
                        );
                    sent && c
                        .violates
                        .as_ref()
                        .is_some_and(|v| v.pointer == p && v.rule == "header")
                });
                need(wrong, format!("header {} with a wrong value", h.name));
            }
        }
        need(
            own.iter()
                .any(|c| c.id == format!("{prefix}.invalid.auth.missing")),
            "auth.missing".into(),
        );
        for id in [
            "json.notJson",
            "json.truncated",
            "json.empty",
            "type.array",
            "type.string",
        ] {
            need(
                own.iter()
                    .any(|c| c.id == format!("{prefix}.invalid.body.{id}")),
                format!("body.{id}"),
            );
        }
        need(valid("body.minimal"), "body.minimal".to_string());
    }
    assert!(missing.is_empty(), "not covered:\n{}", missing.join("\n"));
}

#[test]
fn the_seed_decides_the_samples_and_nothing_else() {
    let api = api();
    let a = cases::derive(&api, cases::DEFAULT_SEED);
    let b = cases::derive(&api, cases::DEFAULT_SEED);
    let c = cases::derive(&api, 42);
    assert_eq!(a, b);
    let ids = |cases: &[Case]| cases.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&a),
        ids(&c),
        "the same cases in the same order whatever the seed"
    );
    assert_ne!(a, c, "a different seed draws different values");
}

#[test]
fn statuses_are_exact_only_where_a_document_states_them() {
    let api = api();
    for case in cases::derive(&api, cases::DEFAULT_SEED) {
        let op = api
            .operations
            .iter()
            .find(|op| op.service == case.service && op.name == case.operation)
            .expect("the case's operation");
        // The source the expectation cites comes first in its basis.
        let source = case
            .expected
            .basis
            .split([';', ' '])
            .next()
            .unwrap_or_default();
        match case.expected.status {
            cases::ExpectedStatus::Exact(status) if case.valid => {
                assert_eq!(status, op.response.status, "{}", case.id);
                assert_eq!(
                    source, "page",
                    "{}: the success status is the page's",
                    case.id
                );
            }
            cases::ExpectedStatus::Exact(status) => {
                assert!(!case.expected.inferred, "{}", case.id);
                // Some error the spec declares has this status, and comes from the cited source.
                let documented = op
                    .errors
                    .iter()
                    .any(|e| e.status == status && e.source == source && !e.answers.is_empty());
                assert!(
                    documented,
                    "{}: no declared error with status {status} answers it from `{source}`",
                    case.id
                );
                assert!(
                    op.sources.iter().any(|s| s.id == source),
                    "{}: `{source}` is not a declared source",
                    case.id
                );
                if let Some(error) = &case.expected.error {
                    assert!(
                        op.errors
                            .iter()
                            .any(|e| e.name == error.name && e.status == status),
                        "{}",
                        case.id
                    );
                }
            }
            cases::ExpectedStatus::Class(4) => {
                assert!(
                    case.expected.inferred && case.expected.basis.starts_with("inferred: "),
                    "{}",
                    case.id
                );
                assert!(
                    case.expected.error.is_none(),
                    "{}: an inferred class names no error",
                    case.id
                );
            }
            other => panic!("{}: unexpected {other}", case.id),
        }
    }
}

/// A spec whose errors answer nothing: every invalid case must come out as an inferred 4xx.
#[test]
fn without_documented_answers_every_invalid_case_is_an_inferred_4xx() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/outposts/StartConnection.yaml"),
    )
    .expect("the AWS spec")
    .lines()
    .filter(|l| !l.trim_start().starts_with("answers:"))
    .collect::<Vec<_>>()
    .join("\n");
    let api = conform_codegen::load_sources(&[(std::path::PathBuf::from("no-answers.yaml"), text)])
        .expect("valid");
    for case in cases::derive(&api, cases::DEFAULT_SEED)
        .iter()
        .filter(|c| !c.valid)
    {
        assert_eq!(
            case.expected.status,
            cases::ExpectedStatus::Class(4),
            "{}",
            case.id
        );
        assert!(case.expected.inferred, "{}", case.id);
    }
}
