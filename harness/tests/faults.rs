//! Each `--fault` makes the mock misbehave in exactly its documented way, on every operation in
//! the registry: the tests pick each operation's cases by kind, never by name.

use conform::mock::faults::Fault;
use conform::mock::{self, Config};
use conform_generated::OPERATIONS;
use conform_generated::runtime::{Auth, Case, Credentials, Expect, Location, Operation, Rule};
use std::time::Duration;

const SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/svc/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

struct Mock {
    running: mock::Running,
    /// A bearer token per token endpoint.
    tokens: Vec<(&'static str, String)>,
    client: reqwest::Client,
}

impl Mock {
    async fn with(faults: Vec<Fault>) -> Mock {
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
        Mock {
            running,
            tokens: Vec::new(),
            client,
        }
    }

    /// Logs in at every token endpoint the registry names, with the headers its operations fix.
    async fn login(mut self) -> Mock {
        for op in OPERATIONS {
            let Auth::Bearer {
                token_path: Some(path),
                ..
            } = op.auth
            else {
                continue;
            };
            if self.tokens.iter().any(|(p, _)| *p == path) {
                continue;
            }
            let mut request = self
                .client
                .post(format!("{}{path}", self.running.url()))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=password&username=conform&password=conform-password");
            for h in op.bindings.headers.iter().filter(|h| h.required) {
                if let conform_generated::runtime::HeaderRule::Const(v) = h.rule {
                    request = request.header(h.name, v);
                }
            }
            let body: serde_json::Value = request
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
            self.tokens.push((path, token));
        }
        self
    }

    async fn send(&self, op: &Operation, case: &Case) -> (u16, http::HeaderMap, Vec<u8>) {
        let query = if case.query.is_empty() {
            String::new()
        } else {
            format!("?{}", case.query)
        };
        let mut request = self.client.request(
            case.method.parse().expect("a method"),
            format!("{}{}{query}", self.running.url(), case.path),
        );
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        let value = match op.auth {
            _ if case.credentials != Credentials::Valid => None,
            Auth::AwsSigV4 { .. } => Some(SIGV4.to_string()),
            Auth::Bearer { token_path, .. } => {
                let token = self
                    .tokens
                    .iter()
                    .find(|(p, _)| Some(*p) == token_path)
                    .map_or("", |(_, t)| t.as_str());
                Some(format!("Bearer {token}"))
            }
            Auth::None => None,
        };
        if let Some(value) = value {
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

/// The plainest valid case of `op`.
fn minimal(op: &Operation) -> &'static Case {
    op.cases()
        .iter()
        .find(|c| c.id.ends_with(".valid.body.minimal") || c.id.ends_with(".valid.request.minimal"))
        .unwrap_or_else(|| panic!("{} has a minimal case", op.id()))
}

/// A case of `op` that breaks a constraint, of the kind its violation names.
fn invalid(op: &Operation, serialization: bool) -> Option<&'static Case> {
    op.cases().iter().find(|c| {
        c.expect == Expect::Invalid
            && c.violates.is_some_and(|v| {
                let types = [Rule::Type, Rule::Json, Rule::Union];
                v.location != Location::Auth
                    && v.location != Location::Header
                    && types.contains(&v.rule) == serialization
                    && !(v.location == Location::Path && v.rule == Rule::Required)
            })
    })
}

#[tokio::test]
async fn accept_invalid() {
    let m = Mock::with(vec![Fault::AcceptInvalid]).await.login().await;
    for op in OPERATIONS {
        let case = invalid(op, false).or_else(|| invalid(op, true));
        let Some(case) = case else { continue };
        assert_eq!(m.send(op, case).await.0, op.response.status, "{}", case.id);
    }
    m.stop().await;
}

#[tokio::test]
async fn wrong_validation_status() {
    let m = Mock::with(vec![Fault::WrongValidationStatus])
        .await
        .login()
        .await;
    for op in OPERATIONS {
        if let Some(case) = invalid(op, false) {
            assert_eq!(m.send(op, case).await.0, 422, "{}", case.id);
        }
        if let Some(case) = invalid(op, true) {
            assert_ne!(
                m.send(op, case).await.0,
                422,
                "{}: serialization keeps its status",
                case.id
            );
        }
    }
    m.stop().await;
}

#[tokio::test]
async fn skip_auth() {
    let m = Mock::with(vec![Fault::SkipAuth]).await.login().await;
    // An operation that needs no credentials has nothing for the fault to skip.
    for op in OPERATIONS.iter().filter(|op| op.auth != Auth::None) {
        let case = op
            .cases()
            .iter()
            .find(|c| c.credentials == Credentials::Missing)
            .expect("an unauthenticated case");
        assert_eq!(m.send(op, case).await.0, op.response.status, "{}", case.id);
    }
    m.stop().await;
}

#[tokio::test]
async fn boundary_500() {
    let m = Mock::with(vec![Fault::Boundary500]).await.login().await;
    let mut fired = 0;
    for op in OPERATIONS {
        for case in op.cases().iter().filter(|c| c.expect == Expect::Valid) {
            let at_max = case.id.ends_with(".maxLength")
                || case.id.ends_with(".maximum")
                || case.id.ends_with(".maxItems")
                || case.id.ends_with(".maxProperties");
            let status = m.send(op, case).await.0;
            if at_max {
                // A bound equal to the lower one (minLength = maxLength) does not count.
                assert!(status == 500 || status == op.response.status, "{}", case.id);
                fired += usize::from(status == 500);
            } else if case.id.ends_with(".minimal") {
                assert_eq!(status, op.response.status, "{}", case.id);
            }
        }
    }
    assert!(fired > 0, "the fault fired at some maximum");
    m.stop().await;
}

#[tokio::test]
async fn bad_response_schema() {
    let m = Mock::with(vec![Fault::BadResponseSchema])
        .await
        .login()
        .await;
    // A success with no body (a 204) has nothing to break: HTTP drops a body sent with it.
    for op in OPERATIONS.iter().filter(|op| op.response.body.is_some()) {
        let (status, headers, body) = m.send(op, minimal(op)).await;
        assert_eq!(status, op.response.status, "{}", op.id());
        assert!(
            !(op.check_success)(&headers, &body).is_empty(),
            "{}: the success breaks its schema",
            op.id()
        );
    }
    m.stop().await;
}

#[tokio::test]
async fn missing_error_type() {
    let m = Mock::with(vec![Fault::MissingErrorType])
        .await
        .login()
        .await;
    for op in OPERATIONS {
        let Some(case) = invalid(op, false) else {
            continue;
        };
        let (status, headers, body) = m.send(op, case).await;
        assert!((400..500).contains(&status), "{}", case.id);
        assert!(
            (op.check_error)(status, &headers, &body).is_err(),
            "{}: the error cannot be identified",
            case.id
        );
    }
    m.stop().await;
}

#[tokio::test]
async fn wrong_success_status() {
    let m = Mock::with(vec![Fault::WrongSuccessStatus])
        .await
        .login()
        .await;
    for op in OPERATIONS {
        let status = m.send(op, minimal(op)).await.0;
        assert_ne!(status, op.response.status, "{}", op.id());
        assert!((200..300).contains(&status), "{}", op.id());
    }
    m.stop().await;
}

#[tokio::test]
async fn slow() {
    let m = Mock::with(vec![Fault::Slow]).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("a client");
    for op in OPERATIONS {
        let case = minimal(op);
        let result = client
            .request(
                case.method.parse().expect("a method"),
                format!("{}{}", m.running.url(), case.path),
            )
            .send()
            .await;
        assert!(result.expect_err("times out").is_timeout(), "{}", op.id());
    }
    m.stop().await;
}
