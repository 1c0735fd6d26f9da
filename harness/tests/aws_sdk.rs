//! Interop with the official AWS SDK for Rust: `aws-sdk-outposts` calls every Outposts operation
//! of the registry (from whichever spec folder built the bindings) on the mock, and reads its
//! answers, successes and modelled errors alike. The SDK's builders are typed, so each operation
//! has its call here; a registry operation without one fails the test, naming it.

use aws_sdk_outposts::Client;
use aws_sdk_outposts::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_outposts::error::ProvideErrorMetadata;
use conform::mock::{self, Config};
use conform_generated::OPERATIONS;
use conform_generated::runtime::{Auth, Case, Expect, Operation, decode, match_path, parse_query};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

async fn client(url: &str) -> Client {
    client_with(url, ACCESS_KEY_ID, SECRET_ACCESS_KEY).await
}

async fn client_with(url: &str, access_key_id: &str, secret_access_key: &str) -> Client {
    let config = aws_sdk_outposts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "conform-test",
        ))
        .endpoint_url(url)
        .build();
    Client::from_conf(config)
}

/// The mock, verifying signatures with the SDK's key pair: every call that passes proves that
/// the mock's canonicalisation is the SDK's.
async fn start() -> mock::Running {
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        aws: Some(mock::sigv4::Key {
            access_key_id: ACCESS_KEY_ID.into(),
            secret_access_key: SECRET_ACCESS_KEY.into(),
        }),
        ..Config::default()
    };
    mock::start(config).await.expect("the mock starts")
}

/// A case's values: its body, and its labels and query parameters by name, decoded.
struct Values {
    body: Value,
    params: BTreeMap<String, Vec<String>>,
}

impl Values {
    fn of(op: &Operation, case: &Case) -> Values {
        let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, raw) in match_path(op.bindings.path, case.path).unwrap_or_default() {
            params
                .entry(name.to_string())
                .or_default()
                .push(decode(&raw).unwrap_or(raw));
        }
        for (name, value) in parse_query(case.query).into_iter().flatten() {
            params.entry(name).or_default().push(value);
        }
        Values {
            body: serde_json::from_slice(case.body).unwrap_or(Value::Null),
            params,
        }
    }

    fn str(&self, name: &str) -> Option<String> {
        self.params
            .get(name)
            .and_then(|v| v.first().cloned())
            .or_else(|| {
                self.body
                    .get(name)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
    }

    fn list(&self, name: &str) -> Option<Vec<String>> {
        self.params.get(name).cloned()
    }

    fn int(&self, name: &str) -> Option<i32> {
        self.str(name).and_then(|v| v.parse().ok()).or_else(|| {
            self.body
                .get(name)
                .and_then(Value::as_i64)
                .and_then(|n| i32::try_from(n).ok())
        })
    }
}

/// What a call came to: success, or the error's code and whether the SDK read it as a modelled
/// error of the operation.
type Outcome = Result<(), (String, bool)>;
type Call = for<'a> fn(&'a Client, &'a Values) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// What an SDK failure was: `construction` where the SDK refused to build the request (a value
/// it cannot send), the service's error code and whether the SDK read it as modelled, or the
/// whole failure where the SDK could not read the answer at all.
fn sdk_failure<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    error: aws_sdk_outposts::error::SdkError<E, R>,
    modelled: impl Fn(&E) -> bool,
) -> (String, bool) {
    use aws_sdk_outposts::error::SdkError;
    match error {
        SdkError::ConstructionFailure(_) => ("construction".to_string(), false),
        SdkError::ServiceError(failure) => {
            let error = failure.into_err();
            let known = modelled(&error);
            (error.code().unwrap_or("no code").to_string(), known)
        }
        other => (format!("{other:?}"), false),
    }
}

/// The SDK call of each Outposts operation the spec folders hold.
fn call(name: &str) -> Option<Call> {
    use aws_sdk_outposts::types::{
        AssetState, AssetType, LineItemRequest, PaymentOption, PaymentTerm,
    };
    let call: Call = match name {
        "StartConnection" => |client, v| {
            Box::pin(async move {
                client
                    .start_connection()
                    .set_asset_id(v.str("AssetId"))
                    .set_client_public_key(v.str("ClientPublicKey"))
                    .set_device_serial_number(v.str("DeviceSerialNumber"))
                    .set_network_interface_device_index(v.int("NetworkInterfaceDeviceIndex"))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| sdk_failure(e, |e| e.is_validation_exception()))
            })
        },
        "GetConnection" => |client, v| {
            Box::pin(async move {
                client
                    .get_connection()
                    .set_connection_id(v.str("ConnectionId"))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| sdk_failure(e, |e| e.is_validation_exception()))
            })
        },
        "ListAssets" => |client, v| {
            Box::pin(async move {
                client
                    .list_assets()
                    .set_outpost_identifier(v.str("OutpostId"))
                    .set_host_id_filter(v.list("HostIdFilter"))
                    .set_max_results(v.int("MaxResults"))
                    .set_next_token(v.str("NextToken"))
                    .set_status_filter(
                        v.list("StatusFilter")
                            .map(|l| l.iter().map(|s| AssetState::from(s.as_str())).collect()),
                    )
                    .set_asset_type_filter(
                        v.list("AssetTypeFilter")
                            .map(|l| l.iter().map(|s| AssetType::from(s.as_str())).collect()),
                    )
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| sdk_failure(e, |e| e.is_validation_exception()))
            })
        },
        "CreateOrder" => |client, v| {
            Box::pin(async move {
                let items = v
                    .body
                    .get("LineItems")
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .map(|item| {
                                LineItemRequest::builder()
                                    .set_catalog_item_id(
                                        item.get("CatalogItemId")
                                            .and_then(Value::as_str)
                                            .map(str::to_string),
                                    )
                                    .set_quantity(
                                        item.get("Quantity")
                                            .and_then(Value::as_i64)
                                            .and_then(|n| i32::try_from(n).ok()),
                                    )
                                    .build()
                            })
                            .collect()
                    });
                client
                    .create_order()
                    .set_outpost_identifier(v.str("OutpostIdentifier"))
                    .set_quote_identifier(v.str("QuoteIdentifier"))
                    .set_quote_option_identifier(v.str("QuoteOptionIdentifier"))
                    .set_line_items(items)
                    .set_payment_option(
                        v.str("PaymentOption")
                            .map(|s| PaymentOption::from(s.as_str())),
                    )
                    .set_payment_term(v.str("PaymentTerm").map(|s| PaymentTerm::from(s.as_str())))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| sdk_failure(e, |e| e.is_validation_exception()))
            })
        },
        _ => return None,
    };
    Some(call)
}

/// The registry's operations signed for the Outposts service.
fn outposts_operations() -> Vec<&'static Operation> {
    OPERATIONS
        .iter()
        .copied()
        .filter(|op| {
            matches!(
                op.auth,
                Auth::AwsSigV4 {
                    signing_name: "outposts"
                }
            )
        })
        .collect()
}

#[tokio::test]
async fn the_sdk_calls_every_outposts_operation_and_reads_its_answers() {
    let running = start().await;
    let client = client(&running.url()).await;
    let mut checked = 0;
    let mut refused_checked = 0;
    for op in outposts_operations() {
        let call = call(op.name)
            .unwrap_or_else(|| panic!("{}: add its aws-sdk-outposts call to this test", op.id()));
        for case in op.cases().iter().filter(|c| c.expect == Expect::Valid) {
            let values = Values::of(op, case);
            let outcome = call(&client, &values).await;
            // The SDK refuses on its own what it cannot send, such as a value it has no enum
            // variant for; every valid case it sends must come back a success.
            if let Err((code, _)) = &outcome {
                assert!(
                    code == "construction",
                    "{}: the SDK did not accept the mock's answer: {code}",
                    case.id
                );
            }
            if case.id.ends_with(".minimal") {
                assert_eq!(outcome, Ok(()), "{}", case.id);
            }
            checked += usize::from(outcome.is_ok());
        }
        // Values the SDK sends but the service refuses (over a maximum length, or missing a
        // pattern) are read as the modelled ValidationException.
        let refused = op.cases().iter().filter(|c| {
            c.expect == Expect::Invalid
                && (c.id.ends_with(".maxLength") || c.id.contains(".pattern."))
                && c.violates
                    .is_some_and(|v| v.location != conform_generated::runtime::Location::Header)
        });
        for case in refused {
            let outcome = call(&client, &Values::of(op, case)).await;
            assert_eq!(
                outcome,
                Err(("ValidationException".to_string(), true)),
                "{}",
                case.id
            );
            refused_checked += 1;
        }
    }
    assert!(checked > 0, "some Outposts operation was called");
    assert!(refused_checked > 0, "some refusal was read");
    running.stop(Duration::from_secs(1)).await;
}

/// The minimal valid case of an operation.
fn minimal(op: &Operation) -> &'static Case {
    op.cases()
        .iter()
        .find(|c| c.expect == Expect::Valid && c.id.ends_with(".minimal"))
        .expect("every operation has a minimal case")
}

#[tokio::test]
async fn the_verifying_mock_refuses_the_sdk_with_a_wrong_secret_or_an_unknown_key() {
    let running = start().await;
    let wrong_secret = client_with(&running.url(), ACCESS_KEY_ID, "not-the-secret").await;
    let unknown_key = client_with(&running.url(), "AKIDUNKNOWN", SECRET_ACCESS_KEY).await;
    let ops = outposts_operations();
    assert!(!ops.is_empty(), "the registry has a SigV4 operation");
    for op in ops {
        let call = call(op.name).expect("a call");
        let values = Values::of(op, minimal(op));
        let (code, _) = call(&wrong_secret, &values).await.expect_err("refused");
        assert_eq!(code, "InvalidSignatureException", "{}", op.id());
        let (code, _) = call(&unknown_key, &values).await.expect_err("refused");
        assert_eq!(code, "InvalidClientTokenId", "{}", op.id());
    }
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_one_byte_change_to_a_signed_body_is_refused_over_the_wire() {
    let running = start().await;
    let url = running.url();
    let signer = conform::run::auth::AwsCredentials {
        access_key_id: ACCESS_KEY_ID.into(),
        secret_access_key: SECRET_ACCESS_KEY.into(),
        session_token: None,
        region: "us-east-1".into(),
    };
    let http = reqwest::Client::new();
    let mut checked = 0;
    for op in OPERATIONS
        .iter()
        .filter(|op| matches!(op.auth, Auth::AwsSigV4 { .. }))
    {
        let Auth::AwsSigV4 { signing_name } = op.auth else {
            continue;
        };
        let case = minimal(op);
        if case.body.is_empty() {
            continue;
        }
        let target = if case.query.is_empty() {
            format!("{url}{}", case.path)
        } else {
            format!("{url}{}?{}", case.path, case.query)
        };
        let signed = signer
            .sign(signing_name, case.method, &target, case.headers, case.body)
            .expect("signs");
        let send = |body: Vec<u8>| {
            let mut request = http.request(case.method.parse().expect("a method"), &target);
            for (name, value) in case.headers {
                request = request.header(*name, *value);
            }
            for (name, value) in &signed {
                request = request.header(name, value);
            }
            request.body(body).send()
        };
        let as_signed = send(case.body.to_vec()).await.expect("an answer");
        assert_eq!(as_signed.status(), op.success_status, "{}", case.id);
        // The last byte before the closing brace, one bit changed.
        let mut changed = case.body.to_vec();
        let at = changed.len().saturating_sub(2);
        changed[at] ^= 1;
        let refused = send(changed).await.expect("an answer");
        assert_eq!(refused.status(), 403, "{}", case.id);
        assert_eq!(
            refused
                .headers()
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok()),
            Some("InvalidSignatureException"),
            "{}",
            case.id
        );
        checked += 1;
    }
    assert!(checked > 0, "some signed operation has a body");
    running.stop(Duration::from_secs(1)).await;
}
