//! The cases derived from `spec/`: a reviewable snapshot of the list, determinism, and where
//! their expected statuses come from. Coverage is proved in `coverage.rs`.

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
            Credentials::WrongSignature => " creds=wrongSignature".to_string(),
            Credentials::ExpiredToken => " creds=expiredToken".to_string(),
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
            if c.query.is_empty() { c.path.clone() } else { format!("{}?{}", c.path, c.query) },
            headers.join("; "),
            conform_codegen::text::escape_invalid_utf8(&c.body)
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
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/outposts");
    let without_answers = |file: &str| {
        std::fs::read_to_string(folder.join(file))
            .expect("the AWS spec")
            .lines()
            .filter(|l| !l.trim_start().starts_with("answers:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let api = conform_codegen::load_sources(&[
        (
            std::path::PathBuf::from("no-answers/service.yaml"),
            without_answers("service.yaml"),
        ),
        (
            std::path::PathBuf::from("no-answers/StartConnection.yaml"),
            without_answers("StartConnection.yaml"),
        ),
    ])
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
