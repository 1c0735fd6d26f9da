//! Every generated validator takes arbitrary bytes and arbitrary JSON without panicking, and a
//! body it accepts is one whose model serialises back to a body it accepts again.

use conform_generated::outposts::start_connection as aws;
use conform_generated::veeam::add_amazon_connection as veeam;
use proptest::prelude::*;
use serde_json::Value;

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,120}".prop_map(Value::String),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let names = prop_oneof![
            Just("AssetId".to_string()),
            Just("ClientPublicKey".to_string()),
            Just("DeviceSerialNumber".to_string()),
            Just("NetworkInterfaceDeviceIndex".to_string()),
            Just("amazonAccountId".to_string()),
            Just("accessKey".to_string()),
            Just("secretKey".to_string()),
            Just("regionId".to_string()),
            Just("_links".to_string()),
            Just("status".to_string()),
            "\\PC{0,10}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(names, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn every_validator(body: &[u8]) {
    let headers = http::HeaderMap::new();
    let _ = aws::validate_request(&headers, body);
    let _ = aws::validate_response_body(body);
    let _ = aws::StartConnectionError::from_response(&headers, body);
    let _ = veeam::validate_request(&headers, body);
    let _ = veeam::validate_response_body(body);
    for status in [400, 401, 404, 500] {
        let _ = veeam::AddAmazonConnectionError::from_response(status, body);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        every_validator(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        let body = serde_json::to_vec(&value).expect("serialises");
        every_validator(&body);
        if let Ok(model) = aws::validate_request_value(&value) {
            let again = serde_json::to_value(&model).expect("serialises");
            prop_assert!(aws::validate_request_value(&again).is_ok());
        }
        if let Ok(model) = veeam::validate_request_value(&value) {
            let again = serde_json::to_value(&model).expect("serialises");
            prop_assert!(veeam::validate_request_value(&again).is_ok());
        }
    }

    #[test]
    fn deep_nesting_never_panics(depth in 1usize..200) {
        let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        every_validator(body.as_bytes());
        let object = format!("{}1{}", "{\"AssetId\":".repeat(depth), "}".repeat(depth));
        every_validator(object.as_bytes());
    }
}
