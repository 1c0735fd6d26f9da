//! A differential property test of the request validators: bodies made by changing one value of
//! a case's body at random are judged by the generated validators and by the `jsonschema` crate
//! against the OpenAPI export's schema of the same body. The two must agree on valid or invalid
//! for every operation of the registry. They share no code: one is generated Rust, the other an
//! independent JSON Schema implementation reading what the export says.

mod common;

use common::oracle::oracle;
use conform_generated::OPERATIONS;
use conform_generated::runtime::{Case, HttpRequest, Location, Operation};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Whether the generated validators find the body of `case`, with `body` in its place, valid.
fn conform_accepts(op: &Operation, case: &Case, body: &[u8]) -> bool {
    let headers = conform_generated::runtime::replay::headers(op, case);
    let request = HttpRequest {
        method: case.method,
        path: case.path,
        query: case.query,
        headers: &headers,
        body,
    };
    (op.check_request)(&request)
        .iter()
        .all(|v| v.location != Location::Body)
}

/// A JSON value of any kind: what a careless or hostile client puts in a member.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-3i64..=3).prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        (0u32..4).prop_map(|n| json!(f64::from(n))),
        "[a-zA-Z0-9_/+=-]{0,40}".prop_map(Value::String),
        "\\PC{0,12}".prop_map(Value::String),
        Just(json!("de88cf31-88b5-4bc2-8fbe-ca94244ed891")),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// How one value of a body changes.
#[derive(Debug, Clone)]
enum Change {
    /// Any JSON at all.
    Set(Value),
    /// The member or item left out.
    Remove,
    /// The value another valid case of the operation has at the same place, which keeps many
    /// bodies valid.
    Donor(prop::sample::Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => any_json().prop_map(Change::Set),
        1 => Just(Change::Remove),
        3 => any::<prop::sample::Index>().prop_map(Change::Donor),
    ]
}

/// `body` with `change` made at `path`.
fn apply(op: &Operation, body: &Value, path: &[String], change: Change) -> Value {
    match change {
        Change::Set(value) => changed(body, path, Some(value)),
        Change::Remove => changed(body, path, None),
        Change::Donor(pick) => {
            let pointer: String = path
                .iter()
                .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
                .collect();
            let donors: Vec<Value> = op
                .cases()
                .iter()
                .filter(|c| c.expect == conform_generated::runtime::Expect::Valid)
                .filter_map(|c| serde_json::from_slice::<Value>(c.body).ok())
                .filter_map(|b| b.pointer(&pointer).cloned())
                .collect();
            if donors.is_empty() {
                body.clone()
            } else {
                changed(body, path, Some(donors[pick.index(donors.len())].clone()))
            }
        }
    }
}

/// Every path to a value inside `value`, as object keys and array indices.
fn paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(key.clone());
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(i.to_string());
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `value` with the value at `path` replaced by `with`, or removed when `with` is `None`.
fn changed(value: &Value, path: &[String], with: Option<Value>) -> Value {
    let mut out = value.clone();
    let Some((last, parent)) = path.split_last() else {
        return with.unwrap_or(Value::Null);
    };
    let mut node = &mut out;
    for token in parent {
        node = match node {
            Value::Object(map) => map.get_mut(token).expect("a path of the value"),
            Value::Array(items) => &mut items[token.parse::<usize>().expect("an index")],
            _ => unreachable!("paths only go through containers"),
        };
    }
    match (node, with) {
        (Value::Object(map), Some(with)) => {
            map.insert(last.clone(), with);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Array(items), Some(with)) => items[last.parse::<usize>().expect("an index")] = with,
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().expect("an index"));
        }
        _ => unreachable!("paths only go through containers"),
    }
    out
}

/// The cases with a JSON object body, each with its operation and the export's oracle.
fn subjects() -> &'static [(
    &'static Operation,
    &'static Case,
    Value,
    jsonschema::Validator,
)] {
    static SUBJECTS: OnceLock<Vec<(&Operation, &Case, Value, jsonschema::Validator)>> =
        OnceLock::new();
    SUBJECTS.get_or_init(|| {
        let mut out = Vec::new();
        for op in OPERATIONS {
            let Some(validator) = oracle(op) else {
                continue;
            };
            for case in op.cases() {
                if let Ok(body @ Value::Object(_)) = serde_json::from_slice::<Value>(case.body) {
                    out.push((*op, case, body, validator.clone()));
                }
            }
        }
        out
    })
}

#[test]
fn every_operation_with_a_body_is_judged() {
    let judged: Vec<&str> = subjects().iter().map(|(op, ..)| op.name).collect();
    for op in OPERATIONS {
        let has_body = op.cases().iter().any(|c| !c.body.is_empty());
        assert!(
            !has_body || judged.contains(&op.name),
            "{}: the export gives no body schema",
            op.id()
        );
    }
}

proptest! {
    // A fixed seed: the same bodies on every run, as every random choice of conform's is.
    #![proptest_config(ProptestConfig {
        cases: 2000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x00c0_4f04_2026_1201),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_validators_and_json_schema_agree_on_changed_bodies(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        with in change(),
    ) {
        let subjects = subjects();
        prop_assume!(!subjects.is_empty());
        let (op, case, body, validator) = &subjects[pick.index(subjects.len())];
        let mut all = Vec::new();
        paths(body, &mut Vec::new(), &mut all);
        prop_assume!(!all.is_empty());
        let path = &all[at.index(all.len())];
        let mutant = apply(op, body, path, with);
        let bytes = serde_json::to_vec(&mutant).expect("JSON");
        let ours = conform_accepts(op, case, &bytes);
        let theirs = validator.is_valid(&mutant);
        prop_assert_eq!(
            ours,
            theirs,
            "{} with /{} changed: {}\nconform says {}, jsonschema says {}",
            case.id,
            path.join("/"),
            mutant,
            ours,
            theirs
        );
    }
}

/// The property is not vacuous: with a fixed seed, the changed bodies include both ones the two
/// validators accept and ones they refuse, for every operation that has a body.
#[test]
fn the_changed_bodies_are_both_valid_and_invalid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (any::<prop::sample::Index>(), change());
    for (op, case, body, validator) in subjects() {
        if case.expect == conform_generated::runtime::Expect::Valid {
            assert!(
                validator.is_valid(body),
                "{}: the export refuses a valid case",
                case.id
            );
        }
        if !case.id.ends_with(".minimal") {
            continue;
        }
        let mut all = Vec::new();
        paths(body, &mut Vec::new(), &mut all);
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..200 {
            let (at, with) = strategy.new_tree(&mut runner).expect("a value").current();
            let mutant = apply(op, body, &all[at.index(all.len())], with);
            if validator.is_valid(&mutant) {
                accepted += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            accepted > 0 && refused > 0,
            "{}: {accepted} accepted, {refused} refused",
            op.id()
        );
    }
}
