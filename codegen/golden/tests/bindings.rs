//! Behaviour of golden bindings that the real spec does not exercise, and the regeneration
//! workflow: `doc_change` is the AWS spec after the documentation made DeviceSerialNumber
//! optional, and its bindings accept what today's bindings reject.

use conform_generated::runtime::Rule;
use serde_json::json;

fn rules(violations: &[conform_generated::runtime::Violation]) -> Vec<(String, Rule)> {
    violations
        .iter()
        .map(|v| (v.pointer.clone(), v.rule))
        .collect()
}

#[test]
fn the_doc_change_makes_device_serial_number_optional() {
    let body = json!({
        "AssetId": "asset1",
        "ClientPublicKey": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJK0123/+=",
        "NetworkInterfaceDeviceIndex": 1
    });
    let before = conform_generated::outposts::start_connection::validate_request_value(&body)
        .expect_err("the page requires DeviceSerialNumber");
    assert_eq!(
        rules(&before),
        vec![("/DeviceSerialNumber".to_string(), Rule::Required)]
    );
    let after =
        conform_golden::doc_change::outposts::start_connection::validate_request_value(&body)
            .expect("after the doc change it is optional");
    assert_eq!(after.device_serial_number, None);
}

#[test]
fn reject_policy_and_null_policy() {
    use conform_golden::policies::golden::policies as p;
    assert!(p::validate_request_value(&json!({"Name": "x"})).is_ok());
    assert!(
        p::validate_request_value(&json!({"name": "x"})).is_ok(),
        "the alias is read"
    );
    let violations =
        p::validate_request_value(&json!({"Name": "x", "Other": 1})).expect_err("unknown member");
    assert_eq!(
        rules(&violations),
        vec![("/Other".to_string(), Rule::AdditionalProperties)]
    );
    let violations =
        p::validate_request_value(&json!({"Name": null})).expect_err("null is invalid");
    assert_eq!(rules(&violations), vec![("/Name".to_string(), Rule::Type)]);
}

#[test]
fn nested_arrays_refs_and_free_objects() {
    use conform_golden::nested::golden::nested as n;
    let ok = json!({"items": [{"name": "a", "kind": "b"}], "tags": ["x"], "extra": {"k": [1]}, "inner": {"flag": true}});
    let model = n::validate_request_value(&ok).expect("valid");
    assert_eq!(model.items[0].kind, Some(n::ItemKind::B));
    let bad = json!({"items": [{"name": ""}, {"kind": "c"}, 3], "tags": ["long"], "extra": [], "inner": {"flag": 1}});
    let violations = n::validate_request_value(&bad).expect_err("invalid");
    assert_eq!(
        rules(&violations),
        vec![
            ("/items/0/name".to_string(), Rule::MinLength),
            ("/items/1/name".to_string(), Rule::Required),
            ("/items/1/kind".to_string(), Rule::Enum),
            ("/items/2".to_string(), Rule::Type),
            ("/tags/0".to_string(), Rule::MaxLength),
            ("/extra".to_string(), Rule::Type),
            ("/inner/flag".to_string(), Rule::Type),
        ]
    );
}

#[test]
fn integer_widths() {
    use conform_golden::integers::golden::integers as i;
    assert!(
        i::validate_request_value(&json!({"small": -1, "large": 9_007_199_254_740_993_i64}))
            .is_ok()
    );
    let violations =
        i::validate_request_value(&json!({"small": -2, "large": -1})).expect_err("invalid");
    assert_eq!(
        rules(&violations),
        vec![
            ("/small".to_string(), Rule::Minimum),
            ("/large".to_string(), Rule::Minimum)
        ]
    );
    let violations =
        i::validate_request_value(&json!({"small": 0, "large": 9_223_372_036_854_775_808_u64}))
            .expect_err("past i64");
    assert_eq!(
        rules(&violations),
        vec![("/large".to_string(), Rule::Format)]
    );
}

#[test]
fn string_formats_and_enums() {
    use conform_golden::strings::golden::strings as s;
    let ok = json!({"code": "AB_1", "id": "D98F4D37-7874-4BE1-9702-770078F5C9CD", "link": "https://x/y", "colour": "dark-blue"});
    let model = s::validate_request_value(&ok).expect("valid");
    assert_eq!(model.colour, Some(s::StringsRequestColour::DarkBlue));
    let bad = json!({"code": "ab", "id": "{d98f4d37-7874-4be1-9702-770078f5c9cd}", "link": "no scheme", "colour": "blue"});
    let violations = s::validate_request_value(&bad).expect_err("invalid");
    assert_eq!(
        rules(&violations),
        vec![
            ("/code".to_string(), Rule::Pattern),
            ("/id".to_string(), Rule::Format),
            ("/link".to_string(), Rule::Format),
            ("/colour".to_string(), Rule::Enum),
        ]
    );
}

#[test]
fn either_or_with_headers_masks_secrets() {
    use conform_golden::either_or::golden::either_or as e;
    let model =
        e::validate_request_value(&json!({"name": "n", "password": "hunter2", "note": "x"}))
            .expect("valid");
    let debug = format!("{model:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    let e::EitherOrRequest::Password(inner) = model else {
        panic!("the password variant");
    };
    assert_eq!(inner.note, "x");
    // A member both variants share carries its default into either of them.
    let token = e::validate_request_value(&json!({"name": "n", "token": "t"})).expect("valid");
    let e::EitherOrRequest::Token(inner) = token else {
        panic!("the token variant");
    };
    assert_eq!(inner.note, "none");
    assert!(
        e::validate_request_value(&json!({"name": "n", "password": "p", "token": "t"})).is_err()
    );
    assert_eq!(e::TOKEN_PATH, "/token");
}

/// Every case of every golden fixture (the every-construct one above all) replayed through its
/// own validators: valid cases pass, invalid ones fail with exactly what they name.
#[test]
fn every_golden_case_meets_its_validators() {
    let registries: [&[&conform_generated::runtime::Operation]; 7] = [
        conform_golden::constructs::OPERATIONS,
        conform_golden::doc_change::OPERATIONS,
        conform_golden::either_or::OPERATIONS,
        conform_golden::integers::OPERATIONS,
        conform_golden::nested::OPERATIONS,
        conform_golden::policies::OPERATIONS,
        conform_golden::strings::OPERATIONS,
    ];
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for op in registries.iter().flat_map(|r| r.iter()) {
        for case in op.cases() {
            if let Err(why) = conform_generated::runtime::replay::agrees(op, case) {
                disagreements.push(why.to_string());
            }
            if let Err(why) = conform_generated::runtime::replay::round_trips(op, case) {
                disagreements.push(why.to_string());
            }
            checked += 1;
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(checked > 300, "{checked}");
}
