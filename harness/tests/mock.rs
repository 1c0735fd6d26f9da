//! The reference mock over HTTP: both operations, the token endpoint, robustness, and every case
//! of the suite answered with the status the case expects.

use conform::mock::{self, Config};
use conform_generated::runtime::{Case, Credentials, Operation};
use std::time::Duration;

const SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/outposts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef";
const AMZ_DATE: &str = "20261122T000000Z";
const ACCOUNT: &str = "d98f4d37-7874-4be1-9702-770078f5c9cd";
const REGION: &str = "35981651-f781-4041-9300-02967d13b944";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

async fn start(faults: Vec<mock::faults::Fault>) -> mock::Running {
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        faults,
        ..Config::default()
    };
    mock::start(config).await.expect("the mock starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

async fn login(url: &str) -> String {
    let response = client()
        .post(format!("{url}/api/v1/token"))
        .header("x-api-version", "1.0-rev0")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=password&username={}&password={}",
            mock::DEFAULT_USER,
            mock::DEFAULT_PASSWORD
        ))
        .send()
        .await
        .expect("the token endpoint answers");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    for field in [
        "access_token",
        "token_type",
        "refresh_token",
        "expires_in",
        ".issued",
        ".expires",
        "username",
        "roleName",
        "mfa_enabled",
        "mfa_token",
    ] {
        assert!(body.get(field).is_some(), "RESTLogin has {field}: {body}");
    }
    body["access_token"].as_str().expect("a token").to_string()
}

/// Sends a case as the runner would: its headers and body, with credentials where it asks.
async fn send(url: &str, op: &Operation, case: &Case, token: &str) -> reqwest::Response {
    let mut request = client().request(
        case.method.parse().expect("a method"),
        format!("{url}{}", case.path),
    );
    for (name, value) in case.headers {
        request = request.header(*name, *value);
    }
    let authorization = match (case.credentials, op.auth) {
        (Credentials::Valid, conform_generated::runtime::Auth::AwsSigV4 { .. }) => {
            Some(SIGV4.to_string())
        }
        (Credentials::Valid, conform_generated::runtime::Auth::Bearer { .. }) => {
            Some(format!("Bearer {token}"))
        }
        (Credentials::Literal(value), _) => Some(value.to_string()),
        (Credentials::Missing, _) => None,
    };
    if let Some(value) = authorization {
        request = request
            .header("authorization", value)
            .header("x-amz-date", AMZ_DATE);
    }
    request
        .body(case.body.to_vec())
        .send()
        .await
        .expect("the mock answers")
}

#[tokio::test]
async fn every_case_gets_its_expected_status() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let mut sent = 0;
    for op in conform_generated::OPERATIONS {
        for case in op.cases {
            let response = send(&url, op, case, &token).await;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.bytes().await.expect("a body");
            assert!(
                case.expected_status.admits(status),
                "{}: expected {}, got {status}: {}",
                case.id,
                case.expected_status,
                String::from_utf8_lossy(&body)
            );
            if status == op.success_status {
                assert_eq!(
                    (op.check_success)(&headers, &body),
                    vec![],
                    "{}: the success answer breaks its schema",
                    case.id
                );
            } else if let Some(error) = case.error {
                let name = (op.check_error)(status, &headers, &body)
                    .unwrap_or_else(|v| panic!("{}: {v:?}", case.id));
                assert_eq!(name, error.name, "{}", case.id);
            }
            sent += 1;
        }
    }
    assert!(sent > 100);
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn veeam_token_then_create_and_the_ways_to_fail() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    assert_ne!(token, login(&url).await, "a fresh token per login");
    let create = |auth: Option<String>, version: Option<&'static str>, body: serde_json::Value| {
        let mut request = client()
            .post(format!("{url}/api/v1/amazonConnections"))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(version) = version {
            request = request.header("x-api-version", version);
        }
        request.send()
    };
    let iam = serde_json::json!({"amazonAccountId": ACCOUNT, "regionId": REGION});
    let keys = serde_json::json!({"accessKey": "AKIAIOSFODNN7EXAMPLE", "secretKey": SECRET, "regionId": REGION});
    let bearer = Some(format!("Bearer {token}"));
    for body in [&iam, &keys] {
        let response = create(bearer.clone(), Some("1.0-rev0"), body.clone())
            .await
            .expect("answers");
        assert_eq!(response.status(), 201);
        let created: serde_json::Value = response.json().await.expect("JSON");
        let id = created["id"].as_str().expect("an id");
        assert_eq!(id.len(), 36, "a UUID");
        assert_eq!(created["_links"][0]["rel"], "self", "the spec's example");
        assert!(created["_links"][0]["href"].is_string());
        assert!(!created.to_string().contains(SECRET));
    }
    let problem = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(body["status"], status);
        (
            status,
            body["errorCode"].as_str().unwrap_or_default().to_string(),
        )
    };
    let missing = create(None, Some("1.0-rev0"), iam.clone())
        .await
        .expect("answers");
    assert_eq!(problem(missing).await, (401, "AccessDenied".to_string()));
    let wrong = create(
        Some("Bearer not-a-token".into()),
        Some("1.0-rev0"),
        iam.clone(),
    )
    .await
    .expect("answers");
    assert_eq!(problem(wrong).await, (401, "InvalidToken".to_string()));
    let no_version = create(bearer.clone(), None, iam.clone())
        .await
        .expect("answers");
    assert_eq!(problem(no_version).await.0, 400);
    let both = serde_json::json!({"amazonAccountId": ACCOUNT, "accessKey": "AKIA", "secretKey": SECRET, "regionId": REGION});
    let response = create(bearer.clone(), Some("1.0-rev0"), both)
        .await
        .expect("answers");
    let text = response.text().await.expect("text");
    assert!(
        text.contains("\"status\":400") && text.contains("oneOf") || text.contains("variant"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "a secret in a response: {text}");
    let bad_login = client()
        .post(format!("{url}/api/v1/token"))
        .header("x-api-version", "1.0-rev0")
        .body("grant_type=password&username=conform&password=wrong")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("answers");
    assert_eq!(problem(bad_login).await.0, 401);
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn malformed_requests_get_4xx_never_a_crash() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let post = |path: &str, body: Vec<u8>| {
        client()
            .post(format!("{url}{path}"))
            .header("content-type", "application/json")
            .header("authorization", SIGV4)
            .header("x-amz-date", AMZ_DATE)
            .body(body)
            .send()
    };
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes();
    for body in [
        b"\xff\xfe\xfd".to_vec(),
        b"{\"AssetId\": \"abc".to_vec(),
        deep,
        Vec::new(),
    ] {
        let response = post("/connections", body).await.expect("answers");
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "SerializationException"
        );
    }
    let huge = vec![b' '; mock::BODY_LIMIT + 1];
    assert_eq!(
        post("/connections", huge).await.expect("answers").status(),
        413
    );
    assert_eq!(
        post("/nowhere", Vec::new())
            .await
            .expect("answers")
            .status(),
        404
    );
    let get = client()
        .get(format!("{url}/connections"))
        .send()
        .await
        .expect("answers");
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers()["allow"], "POST");
    // Still serving after all that.
    assert_eq!(
        post("/connections", b"{}".to_vec())
            .await
            .expect("answers")
            .status(),
        400
    );
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn concurrent_clients_are_all_served() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let case = conform_generated::outposts::start_connection::CASES
        .iter()
        .find(|c| c.id.ends_with("valid.body.minimal"))
        .expect("the minimal case");
    let op = &conform_generated::outposts::start_connection::ENTRY;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let url = url.clone();
        tasks.spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..10 {
                statuses.push(send(&url, op, case, "").await.status().as_u16());
            }
            statuses
        });
    }
    let mut served = 0;
    while let Some(result) = tasks.join_next().await {
        for status in result.expect("the task ends") {
            assert_eq!(status, 200);
            served += 1;
        }
    }
    assert_eq!(served, 640);
    running.stop(Duration::from_secs(1)).await;
}

/// Raw requests a library client would not send: a broken chunked body, and a declared length
/// over the limit.
#[tokio::test]
async fn broken_and_oversized_bodies_over_a_raw_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = start(Vec::new()).await;
    let raw = |request: String| {
        let addr = running.addr;
        async move {
            let mut stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("connects");
            stream.write_all(request.as_bytes()).await.expect("writes");
            let mut answer = vec![0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
                .await
                .expect("an answer in time")
                .expect("reads");
            String::from_utf8_lossy(&answer[..n]).into_owned()
        }
    };
    let head = format!(
        "POST /connections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: {SIGV4}\r\nX-Amz-Date: 20261122T000000Z\r\n"
    );
    let chunked = raw(format!(
        "{head}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
    ))
    .await;
    assert!(chunked.starts_with("HTTP/1.1 400"), "{chunked}");
    let declared = raw(format!("{head}Content-Length: 99999999999\r\n\r\n{{}}")).await;
    assert!(declared.starts_with("HTTP/1.1 413"), "{declared}");
    running.stop(Duration::from_secs(1)).await;
}
