//! The suite cannot accuse a server of rejecting a valid request: every valid case passes the
//! generated validators, and every invalid case fails them with exactly the violations it names.

use conform_generated::runtime::{Case, Credentials, Expect, Violation};
use conform_generated::{outposts, veeam};

type Validate = fn(&http::HeaderMap, &[u8]) -> Result<(), Vec<Violation>>;

fn operations() -> Vec<(&'static [Case], Validate, bool)> {
    vec![
        (
            outposts::start_connection::CASES,
            |h, b| outposts::start_connection::validate_request(h, b).map(|_| ()),
            false,
        ),
        (
            veeam::add_amazon_connection::CASES,
            |h, b| veeam::add_amazon_connection::validate_request(h, b).map(|_| ()),
            true,
        ),
    ]
}

/// The headers a case sends, with a stand-in bearer token where the runner would add one.
fn headers(case: &Case, bearer: bool) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in case.headers {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            http::HeaderValue::from_str(value).expect("a header value"),
        );
    }
    let authorization = match (case.credentials, bearer) {
        (Credentials::Valid, true) => Some("Bearer conform-test-token"),
        (Credentials::Literal(v), _) => Some(v),
        _ => None,
    };
    if let Some(v) = authorization {
        map.insert(
            http::header::AUTHORIZATION,
            v.parse().expect("a header value"),
        );
    }
    map
}

#[test]
fn every_case_meets_the_validators() {
    let mut checked = 0;
    for (cases, validate, bearer) in operations() {
        for case in cases {
            let result = validate(&headers(case, bearer), case.body);
            match case.expect {
                Expect::Valid => {
                    assert!(
                        result.is_ok(),
                        "{}: a valid case is rejected: {:?}",
                        case.id,
                        result.err()
                    );
                }
                Expect::Invalid => {
                    let violates = case.violates.expect("an invalid case names what it breaks");
                    if violates.location == "auth" && !bearer {
                        // SigV4 is the runner's and the server's business; the body is valid.
                        assert!(result.is_ok(), "{}: {:?}", case.id, result.err());
                        continue;
                    }
                    let mut expected: Vec<(String, String)> = std::iter::once(violates)
                        .chain(case.also.iter().copied())
                        .map(|v| {
                            (
                                v.pointer.to_string(),
                                if v.rule == "auth" {
                                    "header".into()
                                } else {
                                    v.rule.to_string()
                                },
                            )
                        })
                        .collect();
                    let mut found: Vec<(String, String)> = result
                        .expect_err(case.id)
                        .iter()
                        .map(|v| (v.pointer.clone(), v.rule.as_str().to_string()))
                        .collect();
                    expected.sort();
                    found.sort();
                    assert_eq!(found, expected, "{}", case.id);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} cases");
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = std::collections::BTreeSet::new();
    for (cases, _, _) in operations() {
        for case in cases {
            assert!(seen.insert(case.id), "duplicate id {}", case.id);
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
                matches!(
                    case.expected_status,
                    conform_generated::runtime::ExpectedStatus::Class(_)
                ),
                "{}",
                case.id
            );
        }
    }
}

/// A valid body read into its model and written back is still valid, and keeps every value.
#[test]
fn valid_bodies_survive_a_round_trip_through_the_models() {
    fn round_trip<T: serde::Serialize>(
        case: &Case,
        validate: fn(&serde_json::Value) -> Result<T, Vec<Violation>>,
    ) {
        let value: serde_json::Value = serde_json::from_slice(case.body).expect("valid JSON");
        let model = validate(&value).unwrap_or_else(|v| panic!("{}: {v:?}", case.id));
        let again = serde_json::to_value(&model).expect("serialises");
        assert!(validate(&again).is_ok(), "{}", case.id);
        let mut original = value.clone();
        if let Some(object) = original.as_object_mut() {
            object.remove("conformUnknownMember");
        }
        assert_eq!(again, original, "{}", case.id);
    }
    for case in outposts::start_connection::CASES
        .iter()
        .filter(|c| c.expect == Expect::Valid)
    {
        round_trip(case, outposts::start_connection::validate_request_value);
    }
    for case in veeam::add_amazon_connection::CASES
        .iter()
        .filter(|c| c.expect == Expect::Valid)
    {
        round_trip(case, veeam::add_amazon_connection::validate_request_value);
    }
}
