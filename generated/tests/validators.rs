//! Behaviour tables for the generated validators: values just inside and just outside every
//! bound, each row with the exact violations (pointer and rule) it must produce.

use conform_generated::outposts::start_connection as aws;
use conform_generated::runtime::{HttpRequest, Location, Rule, Violation};
use conform_generated::veeam::add_amazon_connection as veeam;
use serde_json::{Value, json};

const KEY: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJK0123/+="; // 43 characters and `=`.

fn aws_body() -> Value {
    json!({
        "AssetId": "asset1",
        "ClientPublicKey": KEY,
        "DeviceSerialNumber": "dongle1",
        "NetworkInterfaceDeviceIndex": 0
    })
}

fn with(mut body: Value, member: &str, value: Value) -> Value {
    body[member] = value;
    body
}

fn without(mut body: Value, member: &str) -> Value {
    body.as_object_mut().expect("an object").remove(member);
    body
}

/// The pointer and rule of each violation: what every row asserts.
type Found = Vec<(String, Rule)>;
type Header = (&'static str, &'static str);

fn found(violations: &[Violation]) -> Vec<(String, Rule)> {
    violations
        .iter()
        .map(|v| (v.pointer.clone(), v.rule))
        .collect()
}

fn aws_violations(body: &Value) -> Vec<(String, Rule)> {
    match aws::validate_request_value(body) {
        Ok(_) => Vec::new(),
        Err(violations) => found(&violations),
    }
}

fn expect(pointer: &str, rules: &[Rule]) -> Vec<(String, Rule)> {
    rules.iter().map(|r| (pointer.to_string(), *r)).collect()
}

#[test]
fn the_valid_aws_body_is_accepted_as_a_typed_model() {
    let model = aws::validate_request_value(&aws_body()).expect("valid");
    assert_eq!(model.asset_id, "asset1");
    assert_eq!(model.network_interface_device_index, 0);
    assert_eq!(model.client_public_key.chars().count(), 44);
}

#[test]
fn asset_id_bounds() {
    let rows: Vec<(String, Vec<Rule>)> = vec![
        (String::new(), vec![Rule::MinLength, Rule::Pattern]),
        ("a".into(), vec![]),
        ("a".repeat(100), vec![]),
        ("a".repeat(101), vec![Rule::MaxLength]),
        ("abcé12".into(), vec![Rule::Pattern]),
        ("abc-12".into(), vec![Rule::Pattern]),
        ("abc 12".into(), vec![Rule::Pattern]),
        ("abc12\n".into(), vec![Rule::Pattern]),
        ("é".repeat(100), vec![Rule::Pattern]),
    ];
    for (value, rules) in rows {
        let body = with(aws_body(), "AssetId", json!(value));
        assert_eq!(
            aws_violations(&body),
            expect("/AssetId", &rules),
            "AssetId = {value:?}"
        );
    }
}

#[test]
fn client_public_key_bounds() {
    let rows: Vec<(String, Vec<Rule>)> = vec![
        (
            format!("{}=", "a".repeat(42)),
            vec![Rule::MinLength, Rule::Pattern],
        ),
        (format!("{}=", "a".repeat(43)), vec![]),
        (
            format!("{}=", "a".repeat(44)),
            vec![Rule::MaxLength, Rule::Pattern],
        ),
        ("a".repeat(44), vec![Rule::Pattern]),
        ("a".repeat(43), vec![Rule::MinLength, Rule::Pattern]),
        (format!("{}-=", "a".repeat(42)), vec![Rule::Pattern]),
    ];
    for (value, rules) in rows {
        let body = with(aws_body(), "ClientPublicKey", json!(value));
        assert_eq!(
            aws_violations(&body),
            expect("/ClientPublicKey", &rules),
            "ClientPublicKey = {value:?}"
        );
    }
}

#[test]
fn network_interface_device_index_bounds() {
    let rows: Vec<(Value, Vec<(&str, Rule)>)> = vec![
        (
            json!(-1),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Minimum)],
        ),
        (json!(0), vec![]),
        (json!(1), vec![]),
        (
            json!(2),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Maximum)],
        ),
        (
            json!(2_147_483_648_i64),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Format)],
        ),
        (
            json!(9_223_372_036_854_775_808_u64),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Format)],
        ),
        (
            json!("1"),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Type)],
        ),
        (
            json!(1.5),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Type)],
        ),
        (
            json!(true),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Type)],
        ),
        (
            json!([1]),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Type)],
        ),
        (
            json!({}),
            vec![("/NetworkInterfaceDeviceIndex", Rule::Type)],
        ),
        // restJson1: a null member counts as absent, so a required one is missing.
        (
            Value::Null,
            vec![("/NetworkInterfaceDeviceIndex", Rule::Required)],
        ),
    ];
    for (value, expected) in rows {
        let body = with(aws_body(), "NetworkInterfaceDeviceIndex", value.clone());
        let expected: Vec<(String, Rule)> = expected
            .into_iter()
            .map(|(p, r)| (p.to_string(), r))
            .collect();
        assert_eq!(
            aws_violations(&body),
            expected,
            "NetworkInterfaceDeviceIndex = {value}"
        );
    }
}

#[test]
fn every_required_member_missing() {
    for member in [
        "AssetId",
        "ClientPublicKey",
        "DeviceSerialNumber",
        "NetworkInterfaceDeviceIndex",
    ] {
        let body = without(aws_body(), member);
        assert_eq!(
            aws_violations(&body),
            vec![(format!("/{member}"), Rule::Required)],
            "without {member}"
        );
    }
    let all = aws_violations(&json!({}));
    assert_eq!(all.len(), 4, "every missing member is reported: {all:?}");
}

#[test]
fn unknown_members_are_ignored_and_violations_are_all_collected() {
    let body = with(aws_body(), "Unknown", json!({"deep": [1, 2]}));
    assert_eq!(aws_violations(&body), vec![]);
    let body = json!({"AssetId": "", "ClientPublicKey": 1, "NetworkInterfaceDeviceIndex": 5});
    assert_eq!(
        aws_violations(&body),
        vec![
            ("/AssetId".to_string(), Rule::MinLength),
            ("/AssetId".to_string(), Rule::Pattern),
            ("/ClientPublicKey".to_string(), Rule::Type),
            ("/DeviceSerialNumber".to_string(), Rule::Required),
            ("/NetworkInterfaceDeviceIndex".to_string(), Rule::Maximum),
        ]
    );
}

#[test]
fn malformed_aws_bodies() {
    let headers = aws_headers();
    for (body, rule) in [
        (&b""[..], Rule::Json),
        (b"{\"AssetId\": ", Rule::Json),
        (b"not json", Rule::Json),
        (b"\xff\xfe", Rule::Json),
        (b"[]", Rule::Type),
        (b"\"text\"", Rule::Type),
    ] {
        let violations =
            aws::validate_request(&post_to(aws::PATH, &headers, body)).expect_err("invalid");
        assert_eq!(
            found(&violations),
            vec![(String::new(), rule)],
            "body {body:?}"
        );
        assert!(violations[0].is_serialization());
    }
}

/// A POST of `body` to `path` with `headers`, as the validators take a whole request.
fn post_to<'a>(path: &'a str, headers: &'a http::HeaderMap, body: &'a [u8]) -> HttpRequest<'a> {
    HttpRequest {
        method: "POST",
        path,
        query: "",
        headers,
        body,
    }
}

fn aws_headers() -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "content-type",
        "application/json".parse().expect("a header value"),
    );
    headers
}

#[test]
fn aws_content_type_is_checked() {
    let body = serde_json::to_vec(&aws_body()).expect("serialises");
    assert!(aws::validate_request(&post_to(aws::PATH, &aws_headers(), &body)).is_ok());
    let mut charset = http::HeaderMap::new();
    charset.insert(
        "content-type",
        "Application/JSON; charset=utf-8".parse().expect("value"),
    );
    assert!(aws::validate_request(&post_to(aws::PATH, &charset, &body)).is_ok());
    let mut wrong = http::HeaderMap::new();
    wrong.insert("content-type", "text/plain".parse().expect("value"));
    let violations =
        aws::validate_request(&post_to(aws::PATH, &wrong, &body)).expect_err("wrong media type");
    assert_eq!(violations[0].location, Location::Header);
    assert_eq!(
        found(&violations),
        vec![("/content-type".to_string(), Rule::Header)]
    );
    let violations = aws::validate_request(&post_to(aws::PATH, &http::HeaderMap::new(), &body))
        .expect_err("missing");
    assert_eq!(
        found(&violations),
        vec![("/content-type".to_string(), Rule::Header)]
    );
}

const ACCOUNT: &str = "d98f4d37-7874-4be1-9702-770078f5c9cd";
const REGION: &str = "35981651-f781-4041-9300-02967d13b944";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const ACCESS: &str = "AKIAIOSFODNN7EXAMPLE";

fn veeam_violations(body: &Value) -> Vec<(String, Rule)> {
    match veeam::validate_request_value(body) {
        Ok(_) => Vec::new(),
        Err(violations) => found(&violations),
    }
}

#[test]
fn either_or_variants() {
    let one_of = vec![(String::new(), Rule::OneOf)];
    let rows: Vec<(&str, Value, Found)> = vec![
        (
            "IAM role only",
            json!({"amazonAccountId": ACCOUNT, "regionId": REGION}),
            vec![],
        ),
        (
            "keys only",
            json!({"accessKey": ACCESS, "secretKey": SECRET, "regionId": REGION}),
            vec![],
        ),
        (
            "both",
            json!({"amazonAccountId": ACCOUNT, "accessKey": ACCESS, "secretKey": SECRET, "regionId": REGION}),
            one_of.clone(),
        ),
        ("neither", json!({"regionId": REGION}), one_of.clone()),
        (
            "access key without secret key",
            json!({"accessKey": ACCESS, "regionId": REGION}),
            one_of.clone(),
        ),
        (
            "secret key without access key",
            json!({"secretKey": SECRET, "regionId": REGION}),
            one_of.clone(),
        ),
        (
            "IAM role and a partial keys variant",
            json!({"amazonAccountId": ACCOUNT, "secretKey": SECRET, "regionId": REGION}),
            one_of.clone(),
        ),
        (
            "regionId missing",
            json!({"amazonAccountId": ACCOUNT}),
            vec![("/regionId".to_string(), Rule::Required)],
        ),
        (
            "a non-UUID regionId",
            json!({"amazonAccountId": ACCOUNT, "regionId": "35981651-f781-4041-9300-02967d13b94"}),
            vec![("/regionId".to_string(), Rule::Format)],
        ),
        (
            "a non-UUID amazonAccountId",
            json!({"amazonAccountId": "not-a-uuid", "regionId": REGION}),
            vec![("/amazonAccountId".to_string(), Rule::Format)],
        ),
        (
            "a null secret key counts as absent",
            json!({"accessKey": ACCESS, "secretKey": null, "regionId": REGION}),
            one_of.clone(),
        ),
        (
            "not an object",
            json!([]),
            vec![(String::new(), Rule::Type)],
        ),
    ];
    for (what, body, expected) in rows {
        assert_eq!(veeam_violations(&body), expected, "{what}");
    }
}

#[test]
fn either_or_gives_the_typed_variant() {
    let iam =
        veeam::validate_request_value(&json!({"amazonAccountId": ACCOUNT, "regionId": REGION}))
            .expect("valid");
    assert!(
        matches!(iam, veeam::AddAmazonConnectionRequest::IamRole(ref v) if v.amazon_account_id == ACCOUNT)
    );
    let keys = veeam::validate_request_value(
        &json!({"accessKey": ACCESS, "secretKey": SECRET, "regionId": REGION}),
    )
    .expect("valid");
    let veeam::AddAmazonConnectionRequest::AccessKeys(keys) = keys else {
        panic!("the keys variant");
    };
    assert_eq!(keys.secret_key, SECRET);
}

#[test]
fn sensitive_members_never_show_in_debug_or_messages() {
    let body = json!({"accessKey": ACCESS, "secretKey": SECRET, "regionId": REGION});
    let model = veeam::validate_request_value(&body).expect("valid");
    let debug = format!("{model:?} {model:#?}");
    assert!(
        !debug.contains(SECRET) && !debug.contains(ACCESS),
        "{debug}"
    );
    assert!(debug.contains(conform_generated::runtime::REDACTED));
    // A broken body that holds the secrets: no message may quote them.
    let bad = json!({"accessKey": ACCESS, "secretKey": SECRET, "amazonAccountId": SECRET, "regionId": SECRET});
    let violations = veeam::validate_request_value(&bad).expect_err("invalid");
    let text = format!("{violations:?}");
    assert!(!text.contains(SECRET) && !text.contains(ACCESS), "{text}");
    assert_eq!(veeam::SENSITIVE_MEMBERS, &["/accessKey", "/secretKey"]);
    assert_eq!(veeam::SENSITIVE_HEADERS, &["authorization"]);
}

fn veeam_headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, value.parse().expect("a header value"));
    }
    headers
}

#[test]
fn veeam_headers_are_checked() {
    let body = serde_json::to_vec(&json!({"amazonAccountId": ACCOUNT, "regionId": REGION}))
        .expect("serialises");
    let good = [
        ("authorization", "Bearer abc.def"),
        ("x-api-version", "1.0-rev0"),
        ("content-type", "application/json"),
    ];
    assert!(veeam::validate_request(&post_to(veeam::PATH, &veeam_headers(&good), &body)).is_ok());
    let rows: Vec<(&str, Vec<Header>, &str)> = vec![
        ("no Authorization", vec![good[1], good[2]], "/authorization"),
        (
            "not a bearer token",
            vec![("authorization", "Basic abc"), good[1], good[2]],
            "/authorization",
        ),
        ("no x-api-version", vec![good[0], good[2]], "/x-api-version"),
        (
            "a wrong x-api-version",
            vec![good[0], ("x-api-version", "1.1-rev0"), good[2]],
            "/x-api-version",
        ),
        ("no Content-Type", vec![good[0], good[1]], "/content-type"),
    ];
    for (what, headers, pointer) in rows {
        let violations =
            veeam::validate_request(&post_to(veeam::PATH, &veeam_headers(&headers), &body))
                .expect_err(what);
        assert_eq!(
            found(&violations),
            vec![(pointer.to_string(), Rule::Header)],
            "{what}"
        );
    }
    let basic = veeam_headers(&[("authorization", "Basic c2VjcmV0")]);
    let violations =
        veeam::validate_request(&post_to(veeam::PATH, &basic, &body)).expect_err("bad");
    assert!(!format!("{violations:?}").contains("c2VjcmV0"));
}

#[test]
fn aws_response_validators() {
    let good = br#"{"ConnectionId": "abc+/=", "UnderlayIpAddress": "10.0.0.1"}"#;
    let model = aws::validate_response_body(good).expect("valid");
    assert_eq!(model.underlay_ip_address.as_deref(), Some("10.0.0.1"));
    let bad = br#"{"ConnectionId": "not valid!", "UnderlayIpAddress": "1.2.3"}"#;
    let violations = aws::validate_response_body(bad).expect_err("invalid");
    assert_eq!(
        found(&violations),
        vec![
            ("/ConnectionId".to_string(), Rule::Pattern),
            ("/UnderlayIpAddress".to_string(), Rule::MinLength),
            ("/UnderlayIpAddress".to_string(), Rule::Pattern),
        ]
    );
}

#[test]
fn aws_errors_are_identified_by_their_header() {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "x-amzn-errortype",
        "ValidationException:http://internal.amazon.com/coral/com.amazonaws.outposts/"
            .parse()
            .expect("value"),
    );
    let error = aws::StartConnectionError::from_response(
        &headers,
        br#"{"message": "AssetId is too long"}"#,
    )
    .expect("identified");
    assert_eq!(error.name(), "ValidationException");
    assert_eq!(error.status(), 400);
    let aws::StartConnectionError::ValidationException(body) = error else {
        panic!("ValidationException");
    };
    assert_eq!(body.message.as_deref(), Some("AssetId is too long"));
    // The model's own casing `Message` is read too.
    headers.insert(
        "x-amzn-errortype",
        "aws.protocoltests#AccessDeniedException"
            .parse()
            .expect("value"),
    );
    let error = aws::StartConnectionError::from_response(&headers, br#"{"Message": "no"}"#)
        .expect("identified");
    assert_eq!(error.name(), "AccessDeniedException");
    let unnamed = aws::StartConnectionError::from_response(&http::HeaderMap::new(), b"{}")
        .expect_err("unnamed");
    assert_eq!(
        found(&unnamed),
        vec![("/x-amzn-errortype".to_string(), Rule::Header)]
    );
}

#[test]
fn veeam_errors_are_checked_against_the_error_schema_and_status() {
    let body = br#"{"type": "about:blank", "title": "Unauthorized", "status": 401, "errorCode": "InvalidToken"}"#;
    let error = veeam::AddAmazonConnectionError::from_response(401, body).expect("a 401");
    assert_eq!(error.name(), "Unauthorized");
    let veeam::AddAmazonConnectionError::Unauthorized(problem) = error else {
        panic!("Unauthorized");
    };
    assert_eq!(problem.error_code, veeam::ErrorErrorCode::InvalidToken);
    let violations =
        veeam::AddAmazonConnectionError::from_response(400, body).expect_err("status disagrees");
    assert_eq!(
        found(&violations),
        vec![("/status".to_string(), Rule::Const)]
    );
    let broken = br#"{"type": "not a uri", "status": 700, "errorCode": "Nope"}"#;
    let violations =
        veeam::AddAmazonConnectionError::from_response(400, broken).expect_err("broken");
    assert_eq!(
        found(&violations),
        vec![
            ("/type".to_string(), Rule::Format),
            ("/title".to_string(), Rule::Required),
            ("/status".to_string(), Rule::Maximum),
            ("/errorCode".to_string(), Rule::Enum),
            ("/status".to_string(), Rule::Const),
        ]
    );
    let violations =
        veeam::AddAmazonConnectionError::from_response(404, body).expect_err("undocumented");
    assert_eq!(violations[0].location, Location::Status);
}

#[test]
fn veeam_success_body() {
    let body = format!(
        r#"{{"id": "{ACCOUNT}", "_links": [{{"rel": "self", "href": "/api/v1/amazonConnections/{ACCOUNT}", "method": "GET"}}]}}"#
    );
    let model = veeam::validate_response_body(body.as_bytes()).expect("valid");
    assert_eq!(model.links.as_ref().map(Vec::len), Some(1));
    let bad = br#"{"id": "x", "_links": [{"rel": "self", "method": "PATCH"}]}"#;
    let violations = veeam::validate_response_body(bad).expect_err("invalid");
    assert_eq!(
        found(&violations),
        vec![
            ("/id".to_string(), Rule::Format),
            ("/_links/0/href".to_string(), Rule::Required),
            ("/_links/0/method".to_string(), Rule::Enum),
        ]
    );
}

#[test]
fn generated_constants() {
    assert_eq!(
        (aws::METHOD, aws::PATH, aws::SUCCESS_STATUS),
        ("POST", "/connections", 200)
    );
    assert_eq!(aws::SIGNING_NAME, "outposts");
    assert_eq!(
        (veeam::METHOD, veeam::PATH, veeam::SUCCESS_STATUS),
        ("POST", "/api/v1/amazonConnections", 201)
    );
    assert_eq!(veeam::headers::X_API_VERSION, "x-api-version");
    assert_eq!(veeam::TOKEN_PATH, "/api/v1/token");
}
