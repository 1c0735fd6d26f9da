//! The reference mock over HTTP: every case of the suite answered with the status the case
//! expects, malformed requests answered in each operation's protocol, the token endpoint, and
//! robustness. The tests iterate the registry; the one that names the Veeam fixture says so.

use conform::mock::{self, Config};
use conform_generated::runtime::{Case, Credentials, Expect, Operation};
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

/// Logs in at the first token endpoint of the registry, with the headers its operations fix;
/// an empty token where no operation uses one.
async fn login(url: &str) -> String {
    let Some((path, op)) = conform_generated::OPERATIONS
        .iter()
        .find_map(|op| match op.auth {
            conform_generated::runtime::Auth::Bearer {
                token_path: Some(path),
                ..
            } => Some((path, op)),
            _ => None,
        })
    else {
        return String::new();
    };
    let mut request = client()
        .post(format!("{url}{path}"))
        .header("content-type", "application/x-www-form-urlencoded");
    for h in op.bindings.headers.iter().filter(|h| h.required) {
        if let conform_generated::runtime::HeaderRule::Const(v) = h.rule {
            request = request.header(h.name, v);
        }
    }
    let response = request
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
    let query = if case.query.is_empty() {
        String::new()
    } else {
        format!("?{}", case.query)
    };
    let mut request = client().request(
        case.method.parse().expect("a method"),
        format!("{url}{}{query}", case.path),
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
        (Credentials::Valid, conform_generated::runtime::Auth::None) => None,
        (Credentials::Literal(value), _) => Some(value.to_string()),
        (Credentials::Missing | Credentials::WrongSignature | Credentials::ExpiredToken, _) => None,
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
    let expired = running.expired_token().expect("a random source");
    let mut sent = 0;
    for op in conform_generated::OPERATIONS {
        // This mock checks the form of a signature only; the verifying mock answers the
        // wrong-signature case in tests/aws_sdk.rs and tests/run.rs.
        for case in op
            .cases()
            .iter()
            .filter(|c| c.credentials != Credentials::WrongSignature)
        {
            let response = if case.credentials == Credentials::ExpiredToken {
                let as_sent = Case {
                    credentials: Credentials::Valid,
                    ..*case
                };
                send(&url, op, &as_sent, &expired).await
            } else {
                send(&url, op, case, &token).await
            };
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

/// Whether an answer is an error in the operation's protocol: restJson1 names it in a header,
/// problem details come as `application/problem+json`.
fn in_protocol(op: &Operation, headers: &reqwest::header::HeaderMap) -> bool {
    match op.protocol {
        conform_generated::runtime::Protocol::RestJson1 => headers.contains_key("x-amzn-errortype"),
        conform_generated::runtime::Protocol::ProblemDetails => headers
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json")),
    }
}

/// A label that is not UTF-8 once decoded, a query parameter that is not, and a body sent to an
/// operation that takes none, each on every operation that has them: a 4xx in the protocol's
/// form, never a panic or a hang.
#[tokio::test]
async fn malformed_labels_queries_and_bodies_get_the_protocols_error() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let mut tried = 0;
    for op in conform_generated::OPERATIONS {
        let base = op
            .cases()
            .iter()
            .find(|c| c.id.ends_with(".minimal"))
            .expect("a minimal case");
        let mut variants: Vec<(String, Case)> = Vec::new();
        if let Some(label) = op.bindings.labels.first() {
            let pieces: Vec<String> = op
                .bindings
                .path
                .iter()
                .map(|p| match p {
                    conform_generated::runtime::PathPiece::Literal(l) => l.to_string(),
                    conform_generated::runtime::PathPiece::Label(n)
                    | conform_generated::runtime::PathPiece::Greedy(n) => {
                        if *n == label.name {
                            "%FF%FE".to_string()
                        } else {
                            "conform".to_string()
                        }
                    }
                })
                .collect();
            let path: &'static str = Box::leak(pieces.join("/").into_boxed_str());
            variants.push(("a label that is not UTF-8".into(), Case { path, ..*base }));
        }
        if let Some(param) = op.bindings.query.first() {
            let query: &'static str = Box::leak(
                format!("{}&{}=%FF", base.query, param.name)
                    .trim_start_matches('&')
                    .to_string()
                    .into_boxed_str(),
            );
            variants.push((
                "a query value that is not UTF-8".into(),
                Case { query, ..*base },
            ));
        }
        if op.bindings.body.is_none() {
            variants.push((
                "a body where the operation takes none".into(),
                Case {
                    body: b"{\"conform\":true}",
                    ..*base
                },
            ));
        }
        for (what, case) in variants {
            let response = send(&url, op, &case, &token).await;
            let status = response.status().as_u16();
            assert!(
                (400..500).contains(&status),
                "{}: {what}: {status}",
                op.id()
            );
            assert!(
                in_protocol(op, response.headers()),
                "{}: {what}: not in the protocol's form",
                op.id()
            );
            tried += 1;
        }
    }
    assert!(
        tried > 0
            || conform_generated::OPERATIONS
                .iter()
                .all(|op| op.bindings.labels.is_empty()
                    && op.bindings.query.is_empty()
                    && op.bindings.body.is_some())
    );
    running.stop(Duration::from_secs(1)).await;
}

/// A test about the Veeam fixture in `spec/`: the token endpoint, then the documented ways a
/// create fails.
#[tokio::test]
async fn veeam_token_then_create_and_the_ways_to_fail() {
    let served = conform_generated::OPERATIONS
        .iter()
        .any(|op| op.method == "POST" && op.path == "/api/v1/amazonConnections");
    if !served {
        // Built from another spec folder, without the fixture.
        return;
    }
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
    let status = response.status().as_u16();
    let text = response.text().await.expect("text");
    // Both variants at once is a 400 whose problem says the body must match exactly one.
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("\"status\":400"), "{text}");
    assert!(text.contains("oneOf") || text.contains("variant"), "{text}");
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

/// The minimal case of an operation.
fn minimal(op: &Operation) -> &'static Case {
    op.cases()
        .iter()
        .find(|c| c.id.ends_with(".minimal"))
        .expect("a minimal case")
}

/// The status and error an operation documents for a serialization problem, or the protocol's.
fn serialization_status(op: &Operation) -> u16 {
    op.error_answering(conform_generated::runtime::Answer::Serialization)
        .map_or(400, |e| e.status)
}

#[tokio::test]
async fn malformed_requests_get_4xx_never_a_crash() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let deep: &'static [u8] = Box::leak(
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))
            .into_bytes()
            .into_boxed_slice(),
    );
    let huge: &'static [u8] = Box::leak(vec![b' '; mock::BODY_LIMIT + 1].into_boxed_slice());
    for op in conform_generated::OPERATIONS
        .iter()
        .filter(|op| op.bindings.body.is_some())
    {
        let base = minimal(op);
        for body in [&b"\xff\xfe\xfd"[..], b"{\"a\": \"abc", deep, b""] {
            let response = send(&url, op, &Case { body, ..*base }, &token).await;
            assert_eq!(
                response.status().as_u16(),
                serialization_status(op),
                "{}",
                op.id()
            );
            assert!(in_protocol(op, response.headers()), "{}", op.id());
        }
        let response = send(
            &url,
            op,
            &Case {
                body: huge,
                ..*base
            },
            &token,
        )
        .await;
        assert_eq!(response.status(), 413, "{}", op.id());
    }
    let nowhere = Case {
        path: "/conform/nowhere/at/all",
        ..*minimal(conform_generated::OPERATIONS[0])
    };
    let response = send(&url, conform_generated::OPERATIONS[0], &nowhere, &token).await;
    assert_eq!(response.status(), 404);
    // A method no operation serves at an operation's path: 405, with what is allowed.
    for op in conform_generated::OPERATIONS {
        let base = minimal(op);
        let served: Vec<&str> = conform_generated::OPERATIONS
            .iter()
            .filter(|other| {
                conform_generated::runtime::match_path(other.bindings.path, base.path).is_some()
            })
            .map(|other| other.method)
            .collect();
        let Some(method) = ["PATCH", "PUT", "DELETE", "GET", "POST"]
            .into_iter()
            .find(|m| !served.contains(m))
        else {
            continue;
        };
        let response = send(&url, op, &Case { method, ..*base }, &token).await;
        assert_eq!(response.status(), 405, "{}: {method}", op.id());
        let allow = response.headers()["allow"]
            .to_str()
            .expect("text")
            .to_string();
        assert!(allow.contains(op.method), "{}: {allow}", op.id());
    }
    // Still serving after all that.
    for op in conform_generated::OPERATIONS {
        let response = send(&url, op, minimal(op), &token).await;
        assert_eq!(
            response.status().as_u16(),
            op.response.status,
            "{}",
            op.id()
        );
    }
    running.stop(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn concurrent_clients_are_all_served() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let op = conform_generated::OPERATIONS[0];
    let case = minimal(op);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let url = url.clone();
        let token = token.clone();
        tasks.spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..10 {
                statuses.push(send(&url, op, case, &token).await.status().as_u16());
            }
            statuses
        });
    }
    let mut served = 0;
    while let Some(result) = tasks.join_next().await {
        for status in result.expect("the task ends") {
            assert_eq!(status, op.response.status);
            served += 1;
        }
    }
    assert_eq!(served, 640);
    running.stop(Duration::from_secs(1)).await;
}

/// Raw requests a library client would not send: a broken chunked body, and a declared length
/// over the limit, to every operation that takes a body.
#[tokio::test]
async fn broken_and_oversized_bodies_over_a_raw_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = start(Vec::new()).await;
    let token = login(&running.url()).await;
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
    for op in conform_generated::OPERATIONS
        .iter()
        .filter(|op| op.bindings.body.is_some())
    {
        let case = minimal(op);
        let authorization = match op.auth {
            conform_generated::runtime::Auth::AwsSigV4 { .. } => SIGV4.to_string(),
            conform_generated::runtime::Auth::Bearer { .. } => format!("Bearer {token}"),
            // Credentials an operation does not need are not read: any will do.
            conform_generated::runtime::Auth::None => "Bearer conform-not-read".to_string(),
        };
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: x\r\nAuthorization: {authorization}\r\nX-Amz-Date: {AMZ_DATE}\r\n",
            case.method, case.path
        );
        for (name, value) in case.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let chunked = raw(format!(
            "{head}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
        ))
        .await;
        assert!(
            chunked.starts_with("HTTP/1.1 400"),
            "{}: {chunked}",
            op.id()
        );
        let declared = raw(format!("{head}Content-Length: 99999999999\r\n\r\n{{}}")).await;
        assert!(
            declared.starts_with("HTTP/1.1 413"),
            "{}: {declared}",
            op.id()
        );
    }
    running.stop(Duration::from_secs(1)).await;
}

/// Every integer of `value` written with a fraction of zero (`3` as `3.0`); whether it had any.
fn as_floats(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(n) if n.is_i64() => {
            let f = n.as_f64().unwrap_or_default();
            *value = serde_json::Value::from(f);
            true
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().map(as_floats).fold(false, |a, b| a | b)
        }
        serde_json::Value::Object(members) => members
            .values_mut()
            .map(as_floats)
            .fold(false, |a, b| a | b),
        _ => false,
    }
}

/// JSON Schema, the exported `type: integer` and the validators agree that `3.0` is the integer
/// 3, so the mock accepts every valid request with its integers written that way.
#[tokio::test]
async fn integers_written_with_a_zero_fraction_are_integers() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let mut rewritten = 0;
    for op in conform_generated::OPERATIONS {
        for case in op.cases().iter().filter(|c| c.expect == Expect::Valid) {
            let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(case.body) else {
                continue;
            };
            if !as_floats(&mut body) {
                continue;
            }
            let text = serde_json::to_vec(&body).expect("JSON");
            let floated = Case {
                body: Box::leak(text.into_boxed_slice()),
                ..*case
            };
            let response = send(&url, op, &floated, &token).await;
            assert_eq!(
                response.status().as_u16(),
                op.response.status,
                "{} with {}",
                case.id,
                String::from_utf8_lossy(floated.body)
            );
            rewritten += 1;
        }
    }
    assert!(rewritten > 0, "some valid case carries an integer");
    running.stop(Duration::from_secs(1)).await;
}

/// A JSON object with a key written twice means its last value, as serde_json, the `jsonschema`
/// crate and Jackson's default read it: a wrong first value is overwritten and accepted, and a
/// wrong last value is refused.
#[tokio::test]
async fn a_key_written_twice_means_its_last_value() {
    let running = start(Vec::new()).await;
    let url = running.url();
    let token = login(&url).await;
    let mut tried = 0;
    for op in conform_generated::OPERATIONS {
        let case = minimal(op);
        let Ok(serde_json::Value::Object(members)) =
            serde_json::from_slice::<serde_json::Value>(case.body)
        else {
            continue;
        };
        let Some((key, _)) = members.iter().next() else {
            continue;
        };
        let text = String::from_utf8_lossy(case.body);
        let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
        // An array is the wrong type for every member a minimal case carries here.
        let wrong = format!("{}: [[]]", serde_json::Value::from(key.as_str()));
        for (body, accepted) in [
            (format!("{{{wrong}, {inner}}}"), true),
            (format!("{{{inner}, {wrong}}}"), false),
        ] {
            let twice = Case {
                body: Box::leak(body.into_bytes().into_boxed_slice()),
                ..*case
            };
            let status = send(&url, op, &twice, &token).await.status().as_u16();
            let body = String::from_utf8_lossy(twice.body);
            if accepted {
                assert_eq!(status, op.response.status, "{}: {body}", op.id());
            } else {
                assert!(
                    (400..500).contains(&status),
                    "{}: {body} got {status}",
                    op.id()
                );
            }
        }
        tried += 1;
    }
    assert!(tried > 0, "some operation takes a JSON object");
    running.stop(Duration::from_secs(1)).await;
}

/// Posts `form` to the token endpoint of `op`, with the headers its operations fix.
async fn token_request(
    url: &str,
    op: &Operation,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client()
        .post(format!("{url}{path}"))
        .header("content-type", "application/x-www-form-urlencoded");
    for h in op.bindings.headers.iter().filter(|h| h.required) {
        if let conform_generated::runtime::HeaderRule::Const(v) = h.rule {
            request = request.header(h.name, v);
        }
    }
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    request
        .body(body)
        .send()
        .await
        .expect("the token endpoint answers")
}

/// Every bearer operation with a token endpoint: tokens expire at their `expires_in`, a refresh
/// token works once, and the Swagger's other grants are refused for what they lack.
#[tokio::test]
async fn tokens_expire_at_expires_in_and_refresh_tokens_work_once() {
    let bearer: Vec<(&Operation, &str)> = conform_generated::OPERATIONS
        .iter()
        .filter_map(|op| match op.auth {
            conform_generated::runtime::Auth::Bearer {
                token_path: Some(path),
                ..
            } => Some((*op, path)),
            _ => None,
        })
        .collect();
    if bearer.is_empty() {
        return;
    }
    let running = mock::start(Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        token_lifetime: Duration::from_secs(2),
        ..Config::default()
    })
    .await
    .expect("the mock starts");
    let url = running.url();
    for (op, path) in bearer {
        let unauthenticated = op
            .error_answering(conform_generated::runtime::Answer::Unauthenticated)
            .map_or(401, |e| e.status);
        let password = [
            ("grant_type", "password"),
            ("username", mock::DEFAULT_USER),
            ("password", mock::DEFAULT_PASSWORD),
        ];
        let login: serde_json::Value = token_request(&url, op, path, &password)
            .await
            .json()
            .await
            .expect("JSON");
        assert_eq!(login["expires_in"], 2, "{}", op.id());
        let token = login["access_token"].as_str().expect("a token");
        let refresh = login["refresh_token"].as_str().expect("a refresh token");
        let case = minimal(op);
        let fresh = send(&url, op, case, token).await;
        assert_eq!(fresh.status(), op.success_status, "{}", op.id());
        tokio::time::sleep(Duration::from_millis(2200)).await;
        let stale = send(&url, op, case, token).await;
        assert_eq!(
            stale.status(),
            unauthenticated,
            "{}: an expired token",
            op.id()
        );
        let text = stale.text().await.expect("a body");
        assert!(text.contains("expired"), "{}: {text}", op.id());
        // The refresh token outlives the access token, and works once.
        let grant = [("grant_type", "refresh_token"), ("refresh_token", refresh)];
        let renewed = token_request(&url, op, path, &grant).await;
        assert_eq!(renewed.status(), 200, "{}", op.id());
        let again = token_request(&url, op, path, &grant).await;
        assert_eq!(
            again.status(),
            unauthenticated,
            "{}: a reused refresh token",
            op.id()
        );
        // The other grants: a missing field is a bad request, an unknown code unauthenticated.
        for (form, status) in [
            (vec![("grant_type", "authorization_code")], 400),
            (
                vec![("grant_type", "authorization_code"), ("code", "made-up")],
                unauthenticated,
            ),
            (vec![("grant_type", "mfa"), ("mfa_token", "made-up")], 400),
            (
                vec![
                    ("grant_type", "mfa"),
                    ("mfa_token", "made-up"),
                    ("mfa_code", "123456"),
                ],
                unauthenticated,
            ),
            (vec![("grant_type", "client_credentials")], 400),
        ] {
            let answer = token_request(&url, op, path, &form).await;
            assert_eq!(answer.status(), status, "{}: {form:?}", op.id());
        }
    }
    running.stop(Duration::from_secs(1)).await;
}
