//! `conform spec drift` against a botocore model written here. An imported spec drifts from
//! its own model by nothing; each mutant that changes exactly one fact of it gives exactly one
//! finding, of the expected rule, at the mutated line of the spec and at the model's member;
//! a deviation that records the finding suppresses it, and one that records nothing is stale.

use conform_codegen::drift::{self, DriftError, Finding, Model};
use conform_codegen::import::{self, Request};
use std::path::{Path, PathBuf};

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models/botocore-demo.json")
}

/// The demo model imported into a fresh folder `name`; returns the service folder.
fn imported(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let imported = import::import(&model(), &Request::default()).expect("imports");
    import::write(&imported, &dir).expect("writes");
    dir.join("demo")
}

fn run(spec: &Path) -> Vec<Finding> {
    let models = [Model {
        service: None,
        file: model(),
    }];
    drift::drift(&[spec], &models)
        .unwrap_or_else(|e| panic!("{e}"))
        .findings
}

/// Replaces the one occurrence of `from` in `file` with `to`; returns the line it is on.
fn mutate(file: &Path, from: &str, to: &str) -> u64 {
    let text = std::fs::read_to_string(file).expect("reads");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} once in {}",
        file.display()
    );
    let at = text.find(from).expect("present");
    std::fs::write(file, text.replacen(from, to, 1)).expect("writes");
    text[..at].matches('\n').count() as u64 + 1
}

/// The 1-based line of the first occurrence of `needle` in the model.
fn model_line(needle: &str) -> u64 {
    let text = std::fs::read_to_string(model()).expect("reads");
    let at = text.find(needle).expect("in the model");
    text[..at].matches('\n').count() as u64 + 1
}

/// Every model fixture, one per format.
const MODELS: [&str; 5] = [
    "botocore-demo.json",
    "smithy-demo.json",
    "swagger-demo.yaml",
    "openapi-demo.yaml",
    "swagger-open.yaml",
];

#[test]
fn an_imported_spec_drifts_from_its_own_model_by_nothing_in_every_format() {
    for name in MODELS {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/models")
            .join(name);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("drift-own-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        let request = Request {
            url: Some("https://example.com/model".into()),
            ..Request::default()
        };
        let imported = import::import(&file, &request).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!imported.operations.is_empty(), "{name} imports operations");
        import::write(&imported, &dir).expect("writes");
        let models = [Model {
            service: None,
            file: file.clone(),
        }];
        let report = drift::drift(&[&dir], &models).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            report.compared.len(),
            imported.operations.len(),
            "{name}: every imported operation is compared"
        );
        assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
    }
}

struct Mutant {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    rule: &'static str,
    subject: &'static str,
    /// How many lines after the mutated one the finding points at.
    offset: u64,
}

#[test]
fn each_mutant_gives_exactly_its_finding() {
    let mutants = [
        Mutant {
            file: "PutThing.yaml",
            from: "    required:\n    - Name\n",
            to: "",
            rule: "request-member-became-required",
            subject: "/request/body/properties/Name",
            offset: 1,
        },
        Mutant {
            file: "PutThing.yaml",
            from: "      Name:\n        type: string\n        minLength: 1\n        maxLength: 100\n",
            to: "      Name:\n        type: string\n        minLength: 1\n        maxLength: 50\n",
            rule: "request-length-widened",
            subject: "/request/body/properties/Name",
            offset: 0,
        },
        Mutant {
            file: "PutThing.yaml",
            from: "        sensitive: true\n",
            to: "",
            rule: "sensitive-added",
            subject: "/request/body/properties/Secret",
            offset: 0,
        },
        Mutant {
            file: "GetThing.yaml",
            from: "  status: 200\n",
            to: "  status: 202\n",
            rule: "status-changed",
            subject: "/response/status",
            offset: 0,
        },
        Mutant {
            file: "GetThing.yaml",
            from: "      minimum: 1\n      maximum: 100\n",
            to: "      minimum: 1\n      maximum: 1000\n",
            rule: "request-range-narrowed",
            subject: "/request/query/maxResults",
            offset: 0,
        },
        Mutant {
            file: "GetThing.yaml",
            from: "        - \"OFF\"\n",
            to: "",
            rule: "request-enum-widened",
            subject: "/request/query/state/items",
            offset: 0,
        },
        Mutant {
            file: "service.yaml",
            from: "  status: 400\n",
            to: "  status: 422\n",
            rule: "error-status-changed",
            subject: "/errors/ValidationException",
            offset: 0,
        },
    ];
    for (i, m) in mutants.iter().enumerate() {
        let spec = imported(&format!("drift-mutant-{i}"));
        let line = mutate(&spec.join(m.file), m.from, m.to);
        let findings = run(&spec);
        assert_eq!(
            findings.len(),
            1,
            "mutant {i} ({}) gives one finding: {findings:#?}",
            m.rule
        );
        let f = &findings[0];
        assert_eq!(f.rule.id, m.rule, "mutant {i}");
        assert_eq!(f.subject, m.subject, "mutant {i}");
        let spec_at = f.spec_at.as_ref().expect("a spec place");
        assert!(spec_at.file.ends_with(m.file), "mutant {i}: {spec_at}");
        // The finding names the member, which the mutant changed on its line or just below it.
        assert!(
            spec_at.line + 8 >= line + m.offset && spec_at.line <= line + m.offset,
            "mutant {i}: mutated line {line}, finding at {spec_at}"
        );
        assert!(f.model_at.is_some(), "mutant {i}: a model place");
        assert!(f.recorded.is_none());
    }
}

#[test]
fn model_places_point_at_the_member_in_the_model() {
    let spec = imported("drift-model-place");
    mutate(
        &spec.join("PutThing.yaml"),
        "    required:\n    - Name\n",
        "",
    );
    let findings = run(&spec);
    let at = findings[0].model_at.as_ref().expect("a model place");
    assert_eq!(at.file, model());
    // `Name` is the second member of PutThingRequest, after ThingId.
    let request = model_line("\"PutThingRequest\"");
    let text = std::fs::read_to_string(model()).expect("reads");
    let member = text
        .lines()
        .enumerate()
        .skip(request as usize)
        .find(|(_, l)| l.trim_start().starts_with("\"Name\""))
        .map(|(i, _)| i as u64 + 1)
        .expect("the member");
    assert_eq!(at.line, member, "{at}");
}

#[test]
fn a_deviation_records_its_finding_and_a_stale_one_is_a_finding() {
    let deviation = |values: &str| {
        format!(
            "deviations:\n  - subject: /request/body/properties/Name\n    rule: request-member-became-required\n    values: {values}\n    page: Name is optional.\n    model: Name is required.\n    follows: page\n    source: page\n"
        )
    };
    let spec = imported("drift-recorded");
    let file = spec.join("PutThing.yaml");
    mutate(&file, "    required:\n    - Name\n", "");
    let text = std::fs::read_to_string(&file).expect("reads");
    std::fs::write(
        &file,
        format!("{text}{}", deviation("{ spec: optional, model: required }")),
    )
    .expect("writes");
    let findings = run(&spec);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].recorded.is_some(), "{findings:#?}");

    // The same deviation with other values records nothing: the finding stands, and the
    // deviation is stale.
    std::fs::write(
        &file,
        format!("{text}{}", deviation("{ spec: optional, model: absent }")),
    )
    .expect("writes");
    let mut rules: Vec<String> = run(&spec).iter().map(|f| f.rule.id.clone()).collect();
    rules.sort();
    assert_eq!(rules, ["deviation-stale", "request-member-became-required"]);
}

#[test]
fn a_deviation_naming_an_unknown_rule_is_a_spec_problem() {
    let spec = imported("drift-unknown-rule");
    let file = spec.join("PutThing.yaml");
    let text = std::fs::read_to_string(&file).expect("reads");
    std::fs::write(
        &file,
        format!("{text}deviations:\n  - subject: /request/body/properties/Name\n    rule: request-member-became-optinal\n    page: a\n    model: b\n    follows: page\n    source: page\n"),
    )
    .expect("writes");
    let models = [Model {
        service: None,
        file: model(),
    }];
    let err = drift::drift(&[&spec], &models).expect_err("a spec problem");
    let text = err.to_string();
    assert!(matches!(err, DriftError::Spec(_)), "{text}");
    assert!(
        text.contains("unknown drift rule") && text.contains("request-member-became-optional"),
        "{text}"
    );
}

#[test]
fn a_model_that_is_not_json_or_yaml_is_bad_input() {
    let spec = imported("drift-bad-model");
    let bad = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-model.json");
    std::fs::write(&bad, "{ \"metadata\": [1, 2\n").expect("writes");
    let models = [Model {
        service: None,
        file: bad,
    }];
    let err = drift::drift(&[&spec], &models).expect_err("bad input");
    assert!(matches!(err, DriftError::Model(_)), "{err}");
    assert!(
        err.to_string().contains(":2:") || err.to_string().contains(":1:"),
        "{err}"
    );
}

#[test]
fn a_deviation_records_only_its_own_operation() {
    let spec = imported("drift-own-operation");
    for file in ["GetThing.yaml", "PutThing.yaml"] {
        mutate(
            &spec.join(file),
            "      maxLength: 64\n",
            "      maxLength: 32\n",
        );
    }
    let get = spec.join("GetThing.yaml");
    let text = std::fs::read_to_string(&get).expect("reads");
    std::fs::write(
        &get,
        format!("{text}deviations:\n  - subject: /request/path/ThingId\n    rule: request-length-widened\n    page: At most 32.\n    model: At most 64.\n    follows: page\n    source: page\n"),
    )
    .expect("writes");
    let findings = run(&spec);
    let recorded: Vec<(&str, bool)> = findings
        .iter()
        .map(|f| (f.operation.as_str(), f.recorded.is_some()))
        .collect();
    assert_eq!(
        recorded,
        [("GetThing", true), ("PutThing", false)],
        "{findings:#?}"
    );
}

#[test]
fn what_never_reaches_the_wire_or_means_nothing_makes_no_noise() {
    // A minimum count of 0 is no minimum; a label's name is not on the wire (it is reported,
    // but only as information).
    let spec = imported("drift-no-noise");
    let put = spec.join("PutThing.yaml");
    mutate(
        &put,
        "      Secret:\n        type: string\n",
        "      Secret:\n        type: string\n        minLength: 0\n",
    );
    assert!(run(&spec).is_empty(), "{:#?}", run(&spec));
    let get = spec.join("GetThing.yaml");
    mutate(
        &get,
        "  path: /things/{ThingId}\n",
        "  path: /things/{Id}\n",
    );
    mutate(&get, "    ThingId:\n", "    Id:\n");
    let findings = run(&spec);
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.id.as_str(), f.subject.as_str()))
        .collect();
    assert_eq!(
        rules,
        [("label-renamed", "/request/path/Id")],
        "{findings:#?}"
    );
}

#[test]
fn an_operation_without_credentials_shows_none_and_drifts_when_they_disagree() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models/swagger-open.yaml");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("drift-open");
    let _ = std::fs::remove_dir_all(&dir);
    let imported = import::import(&file, &Request::default()).expect("imports");
    import::write(&imported, &dir).expect("writes");
    let models = [Model {
        service: None,
        file: file.clone(),
    }];
    let findings = |dir: &Path| {
        drift::drift(&[dir], &models)
            .unwrap_or_else(|e| panic!("{e}"))
            .findings
            .into_iter()
            .map(|f| (f.operation, f.rule.id.clone(), f.subject, f.spec, f.model))
            .collect::<Vec<_>>()
    };
    assert_eq!(findings(&dir), []);
    let service = dir.join("demo_open_api");
    // The spec needs the service's bearer token where the model needs none.
    let version = service.join("GetVersion.yaml");
    mutate(&version, "auth:\n  scheme: none\n  source: model\n", "");
    // The spec needs no credentials where the model needs the bearer token.
    let list = service.join("ListThings.yaml");
    mutate(
        &list,
        "http:",
        "auth:\n  scheme: none\n  source: model\nhttp:",
    );
    let found = findings(&dir);
    let bearer = "bearer in Authorization (tokens from /token)".to_string();
    assert_eq!(
        found,
        [
            (
                "GetVersion".to_string(),
                "auth-changed".to_string(),
                "/auth".to_string(),
                Some(bearer.clone()),
                Some("none".to_string()),
            ),
            (
                "ListThings".to_string(),
                "auth-changed".to_string(),
                "/auth".to_string(),
                Some("none".to_string()),
                Some(bearer),
            ),
        ]
    );
}
