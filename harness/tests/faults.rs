//! Each `--fault` makes the mock misbehave in exactly its documented way.

use conform::mock::faults::Fault;
use conform::mock::{self, Config};
use conform_generated::outposts::start_connection as aws;
use conform_generated::runtime::{Case, Credentials};
use conform_generated::veeam::add_amazon_connection as veeam;
use std::time::Duration;

const SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/outposts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef";

struct Mock {
    running: mock::Running,
    token: String,
    client: reqwest::Client,
}

impl Mock {
    async fn with(faults: Vec<Fault>) -> Mock {
        let slow = faults.contains(&Fault::Slow);
        let config = Config {
            listen: "127.0.0.1:0".parse().expect("an address"),
            faults,
            ..Config::default()
        };
        let running = mock::start(config).await.expect("starts");
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client");
        if slow {
            return Mock {
                running,
                token: String::new(),
                client,
            };
        }
        let body: serde_json::Value = client
            .post(format!("{}/api/v1/token", running.url()))
            .header("x-api-version", "1.0-rev0")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=password&username=conform&password=conform-password")
            .send()
            .await
            .expect("answers")
            .json()
            .await
            .expect("JSON");
        let token = body["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        Mock {
            running,
            token,
            client,
        }
    }

    async fn send(&self, case: &Case) -> (u16, http::HeaderMap, Vec<u8>) {
        let mut request = self.client.request(
            case.method.parse().expect("a method"),
            format!("{}{}", self.running.url(), case.path),
        );
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        if case.credentials == Credentials::Valid {
            let value = if case.service == "outposts" {
                SIGV4.to_string()
            } else {
                format!("Bearer {}", self.token)
            };
            request = request
                .header("authorization", value)
                .header("x-amz-date", "20261122T000000Z");
        }
        let response = request
            .body(case.body.to_vec())
            .send()
            .await
            .expect("answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.bytes().await.expect("a body").to_vec(),
        )
    }

    async fn stop(self) {
        self.running.stop(Duration::from_millis(200)).await;
    }
}

fn case(cases: &'static [Case], suffix: &str) -> &'static Case {
    cases
        .iter()
        .find(|c| c.id.ends_with(suffix))
        .unwrap_or_else(|| panic!("no case ending {suffix}"))
}

#[tokio::test]
async fn accept_invalid() {
    let m = Mock::with(vec![Fault::AcceptInvalid]).await;
    assert_eq!(
        m.send(case(aws::CASES, "invalid.AssetId.maxLength"))
            .await
            .0,
        200
    );
    assert_eq!(
        m.send(case(veeam::CASES, "invalid.oneOf.both")).await.0,
        201
    );
    m.stop().await;
}

#[tokio::test]
async fn wrong_validation_status() {
    let m = Mock::with(vec![Fault::WrongValidationStatus]).await;
    assert_eq!(
        m.send(case(aws::CASES, "invalid.AssetId.maxLength"))
            .await
            .0,
        422
    );
    assert_eq!(
        m.send(case(aws::CASES, "invalid.body.json.notJson"))
            .await
            .0,
        400,
        "serialization errors keep 400"
    );
    assert_eq!(
        m.send(case(veeam::CASES, "invalid.oneOf.both")).await.0,
        422
    );
    m.stop().await;
}

#[tokio::test]
async fn bad_response_schema() {
    let m = Mock::with(vec![Fault::BadResponseSchema]).await;
    let (status, headers, body) = m.send(case(aws::CASES, "valid.body.minimal")).await;
    assert_eq!(status, 200);
    assert!(!(aws::ENTRY.check_success)(&headers, &body).is_empty());
    let (status, headers, body) = m.send(case(veeam::CASES, "valid.body.minimal")).await;
    assert_eq!(status, 201);
    let violations = (veeam::ENTRY.check_success)(&headers, &body);
    assert!(
        violations.iter().any(|v| v.pointer == "/id"),
        "{violations:?}"
    );
    m.stop().await;
}

#[tokio::test]
async fn missing_error_type() {
    let m = Mock::with(vec![Fault::MissingErrorType]).await;
    let (status, headers, _) = m.send(case(aws::CASES, "invalid.AssetId.maxLength")).await;
    assert_eq!(status, 400);
    assert!(headers.get("x-amzn-errortype").is_none());
    let (status, _, body) = m.send(case(veeam::CASES, "invalid.oneOf.both")).await;
    assert_eq!(status, 400);
    let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert!(body.get("errorCode").is_none());
    m.stop().await;
}

#[tokio::test]
async fn wrong_success_status() {
    let m = Mock::with(vec![Fault::WrongSuccessStatus]).await;
    assert_eq!(
        m.send(case(veeam::CASES, "valid.body.minimal")).await.0,
        200
    );
    assert_eq!(
        m.send(case(aws::CASES, "valid.body.minimal")).await.0,
        200,
        "AWS documents 200 anyway"
    );
    m.stop().await;
}

#[tokio::test]
async fn skip_auth() {
    let m = Mock::with(vec![Fault::SkipAuth]).await;
    assert_eq!(
        m.send(case(aws::CASES, "invalid.auth.missing")).await.0,
        200
    );
    assert_eq!(
        m.send(case(veeam::CASES, "invalid.auth.missing")).await.0,
        201
    );
    m.stop().await;
}

#[tokio::test]
async fn boundary_500() {
    let m = Mock::with(vec![Fault::Boundary500]).await;
    assert_eq!(
        m.send(case(aws::CASES, "valid.AssetId.maxLength")).await.0,
        500
    );
    assert_eq!(
        m.send(case(
            aws::CASES,
            "valid.NetworkInterfaceDeviceIndex.maximum"
        ))
        .await
        .0,
        500
    );
    assert_eq!(
        m.send(case(aws::CASES, "valid.AssetId.minLength")).await.0,
        200
    );
    m.stop().await;
}

#[tokio::test]
async fn slow() {
    let m = Mock::with(vec![Fault::Slow]).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("a client");
    let result = client
        .post(format!("{}/connections", m.running.url()))
        .body("{}")
        .send()
        .await;
    assert!(result.expect_err("times out").is_timeout());
    m.stop().await;
}
