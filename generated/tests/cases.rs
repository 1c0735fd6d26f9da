//! The suite cannot accuse a server of rejecting a valid request: for every operation in the
//! registry, every valid case passes the generated validators (path, query, headers and body),
//! and every invalid case fails them with exactly the violations it names.

use conform_generated::OPERATIONS;
use conform_generated::runtime::{Case, Expect, ExpectedStatus, Operation, replay};

fn every_case() -> impl Iterator<Item = (&'static Operation, &'static Case)> {
    OPERATIONS
        .iter()
        .flat_map(|op| op.cases().iter().map(move |c| (*op, c)))
}

#[test]
fn every_case_meets_the_validators() {
    let disagreements: Vec<String> = every_case()
        .filter_map(|(op, case)| replay::agrees(op, case).err().map(|d| d.to_string()))
        .collect();
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(every_case().count() >= OPERATIONS.len() * 5);
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = std::collections::BTreeSet::new();
    for (op, case) in every_case() {
        assert!(seen.insert(case.id), "duplicate id {}", case.id);
        assert_eq!((case.service, case.operation), (op.service, op.name));
        let prefix = format!(
            "{}.{}.{}.",
            case.service,
            case.operation,
            if case.expect == Expect::Valid {
                "valid"
            } else {
                "invalid"
            }
        );
        assert!(case.id.starts_with(&prefix), "{}", case.id);
        assert!(case.id.split('.').count() >= 5, "{}", case.id);
        assert_eq!(
            case.expect == Expect::Valid,
            case.violates.is_none(),
            "{}",
            case.id
        );
        assert_eq!(
            case.inferred,
            matches!(case.expected_status, ExpectedStatus::Class(_)),
            "{}",
            case.id
        );
        assert_eq!(case.method, op.method, "{}", case.id);
        assert!(
            conform_generated::runtime::match_path(op.bindings.path, case.path).is_some()
                || case
                    .violates
                    .is_some_and(|v| v.location == conform_generated::runtime::Location::Path),
            "{}: the path fits the template",
            case.id
        );
    }
}

/// A valid request read into its models and written back keeps every value of its body.
#[test]
fn valid_bodies_survive_a_round_trip_through_the_models() {
    let broken: Vec<String> = every_case()
        .filter_map(|(op, case)| replay::round_trips(op, case).err().map(|d| d.to_string()))
        .collect();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
