//! `conform run` as a user runs it: against the built-in mock, against a mock with each fault
//! (the detection matrix), against targets that refuse, hang or answer garbage, and with bad
//! arguments. Every fault must be caught, for the right reason, and nothing may hang.

#[path = "common/process.rs"]
mod process;

use conform_generated::runtime::{Case, Operation};
use process::MockProcess;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

fn conform() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_conform"));
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    for var in [
        "CONFORM_TARGET",
        "CONFORM_BEARER",
        "CONFORM_LOGIN",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "INSTA_UPDATE",
    ] {
        command.env_remove(var);
    }
    command
}

/// `conform mock` in its own process, verifying signatures with the key pair the runner signs
/// with.
fn start_mock(faults: &[&str]) -> MockProcess {
    spawn_mock(faults, true)
}

fn spawn_mock(faults: &[&str], verifying: bool) -> MockProcess {
    let mut command = conform();
    command
        .args(["mock", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .env_remove("CONFORM_MOCK_AWS_ACCESS_KEY_ID")
        .env_remove("CONFORM_MOCK_AWS_SECRET_ACCESS_KEY");
    if verifying {
        command
            .env("CONFORM_MOCK_AWS_ACCESS_KEY_ID", AKID)
            .env("CONFORM_MOCK_AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }
    for fault in faults {
        command.args(["--fault", fault]);
    }
    MockProcess::spawn(command)
}

const AKID: &str = "AKIDRUNTESTEXAMPLE";
const SECRET_KEY: &str = "run-test/secret+access-key-example";

/// `conform run` against `url` with test credentials, as JSON.
fn run_against(url: &str, extra: &[&str]) -> (Output, serde_json::Value) {
    let out = conform()
        .args(["run", "--target", url, "--format", "json", "--no-snapshots"])
        .arg("--target-verifies-signatures")
        // A mock in another process cannot mint an expired token; one it never issued is
        // refused the same way.
        .args(["--expired-token", "conform-expired-token"])
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("conform run runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, report)
}

const LOGIN: [&str; 2] = ["--login", "conform:conform-password"];

fn failing(report: &serde_json::Value) -> BTreeSet<String> {
    report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["outcome"] != "pass")
        .map(|c| c["id"].as_str().expect("an id").to_string())
        .collect()
}

/// A case of the JSON report, by id.
fn case_of<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == id)
        .expect("the case")
}

/// The failures of a case, as the JSON report gives them: objects with a `kind`.
fn failures_of(report: &serde_json::Value, id: &str) -> Vec<serde_json::Value> {
    case_of(report, id)["failures"]
        .as_array()
        .expect("failures")
        .clone()
}

/// Whether a failure is a status failure that got `got` (any status when `None`).
fn status_failure(failure: &serde_json::Value, got: Option<u16>) -> bool {
    failure["kind"] == "status" && got.is_none_or(|got| failure["got"] == got)
}

/// Case ids chosen by a predicate on the generated cases.
fn ids(pick: impl Fn(&Case) -> bool) -> BTreeSet<String> {
    conform_generated::OPERATIONS
        .iter()
        .flat_map(|op| op.cases().iter())
        .filter(|c| pick(c))
        .map(|c| c.id.to_string())
        .collect()
}

fn valid(c: &Case) -> bool {
    c.violates.is_none()
}

#[test]
fn the_built_in_mock_passes_in_full_with_the_committed_snapshots() {
    let out = conform()
        .args(["run", "--format", "json"])
        .env("CI", "true")
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let total = conform_generated::OPERATIONS
        .iter()
        .map(|op| op.cases().len())
        .sum::<usize>();
    assert_eq!(report["summary"]["total"], total);
    assert_eq!(report["summary"]["passed"], total);
    for field in [
        "id",
        "service",
        "operation",
        "expect",
        "expected_status",
        "inferred",
        "status",
        "outcome",
        "failures",
        "duration_ms",
    ] {
        assert!(report["cases"][0].get(field).is_some(), "{field}");
    }
    assert!(
        report["target"]
            .as_str()
            .expect("a target")
            .starts_with("built-in mock")
    );
}

/// The operation of a case.
fn operation_of(c: &Case) -> &'static Operation {
    conform_generated::OPERATIONS
        .iter()
        .find(|op| op.service == c.service && op.name == c.operation)
        .expect("the case's operation")
}

/// What the spec says a case's request breaks, as the validators find it: the mock under test
/// answers from the same finding, so this only picks the cases a fault touches.
fn found_violations(c: &Case) -> Vec<conform_generated::runtime::Violation> {
    let mut headers = http::HeaderMap::new();
    for (name, value) in c.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    let request = conform_generated::runtime::HttpRequest {
        method: c.method,
        path: c.path,
        query: c.query,
        headers: &headers,
        body: c.body,
    };
    (operation_of(c).check_request)(&request)
}

/// Whether a case's JSON body holds, at a pointer the spec marks sensitive, a string of four
/// characters or more; the pointers are walked here apart from the runner's own code.
fn sends_a_sensitive_body_value(c: &Case) -> bool {
    fn strings(value: &serde_json::Value, tokens: &[&str], out: &mut Vec<String>) {
        match (tokens.split_first(), value) {
            (None, serde_json::Value::String(s)) => out.push(s.clone()),
            (Some((&"*", rest)), serde_json::Value::Array(items)) => {
                items.iter().for_each(|v| strings(v, rest, out));
            }
            (Some((&"*", rest)), serde_json::Value::Object(map)) => {
                map.values().for_each(|v| strings(v, rest, out));
            }
            (Some((token, rest)), serde_json::Value::Object(map)) => {
                let token = token.replace("~1", "/").replace("~0", "~");
                if let Some(v) = map.get(&token) {
                    strings(v, rest, out);
                }
            }
            _ => {}
        }
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(c.body) else {
        return false;
    };
    let mut found = Vec::new();
    for pointer in operation_of(c).sensitive_members {
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        strings(&body, &tokens, &mut found);
    }
    found.iter().any(|s| s.chars().count() >= 4)
}

/// Whether a case's request breaks the schema past its credentials and media type: what
/// `accept-invalid` lets through.
fn schema_case(c: &Case) -> bool {
    c.violates.is_some_and(|v| {
        v.location != conform_generated::runtime::Location::Auth
            && !(v.location == conform_generated::runtime::Location::Header
                && (v.pointer == "/content-type" || v.pointer == "/authorization"))
    })
}

/// Whether any value of a valid case sits at an upper bound of its schema, walked here apart
/// from the mock's own check.
fn at_an_upper_bound(c: &Case) -> bool {
    use conform_generated::runtime::Schema;
    fn walk(schema: &Schema, value: &serde_json::Value) -> bool {
        match (schema, value) {
            (Schema::String(r), serde_json::Value::String(s)) => {
                r.max_length == Some(s.chars().count() as u64) && r.min_length != r.max_length
            }
            (Schema::Integer(r), serde_json::Value::Number(n)) => {
                r.maximum.is_some() && n.as_i64() == r.maximum
            }
            (Schema::Number(r), serde_json::Value::Number(n)) => {
                r.maximum.is_some() && n.as_f64() == r.maximum
            }
            (Schema::Blob(r), serde_json::Value::String(s)) => {
                use base64::Engine;
                let length = base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .map_or(0, |b| b.len() as u64);
                r.max_length == Some(length) && r.min_length != r.max_length
            }
            (Schema::List(l), serde_json::Value::Array(items)) => {
                l.max_items == Some(items.len() as u64) || items.iter().any(|i| walk(l.items, i))
            }
            (Schema::Map(m), serde_json::Value::Object(entries)) => {
                m.max_properties == Some(entries.len() as u64)
                    || entries.values().any(|v| walk(m.values, v))
            }
            (Schema::Struct(s), serde_json::Value::Object(object)) => s
                .members
                .iter()
                .any(|m| object.get(m.name).is_some_and(|v| walk(m.schema, v))),
            _ => false,
        }
    }
    let op = operation_of(c);
    let body = match (
        op.bindings.body,
        serde_json::from_slice::<serde_json::Value>(c.body),
    ) {
        (Some(s), Ok(value)) => walk(&Schema::Struct(s), &value),
        _ => false,
    };
    let params = c.id.contains(".valid.path.") || c.id.contains(".valid.query.");
    let param_at_max = params
        && (c.id.ends_with(".maxLength")
            || c.id.ends_with(".maximum")
            || c.id.ends_with(".maxItems"));
    valid(c) && (body || param_at_max)
}

#[test]
fn detection_matrix_every_fault_is_caught_for_the_right_reason() {
    struct Row {
        fault: &'static str,
        expected: BTreeSet<String>,
        /// Holds for the failures of every case the fault makes fail.
        reason: fn(&[serde_json::Value]) -> bool,
    }
    let rows = vec![
        Row {
            fault: "accept-invalid",
            expected: ids(schema_case),
            reason: |f| f.iter().any(|f| status_failure(f, None)),
        },
        Row {
            fault: "wrong-validation-status",
            // A validation problem's documented status turns into 422; serialization keeps it.
            expected: ids(|c| {
                schema_case(c)
                    && !c.inferred
                    && !found_violations(c).iter().any(|v| v.is_serialization())
            }),
            reason: |f| f.iter().any(|f| status_failure(f, Some(422))),
        },
        Row {
            fault: "bad-response-schema",
            expected: ids(|c| valid(c) && operation_of(c).response.body.is_some()),
            reason: |f| {
                f.iter()
                    .any(|f| f["kind"] == "schema" && f["part"] == "response")
            },
        },
        Row {
            fault: "missing-error-type",
            expected: ids(|c| !valid(c)),
            reason: |f| {
                f.iter().any(|f| {
                    f["kind"] == "error_naming"
                        || (f["kind"] == "schema"
                            && f["part"] == "error_body"
                            && f["rule"] == "required")
                })
            },
        },
        Row {
            fault: "wrong-success-status",
            expected: ids(valid),
            reason: |f| f.iter().any(|f| status_failure(f, None)),
        },
        Row {
            fault: "skip-auth",
            expected: ids(|c| {
                c.id.ends_with(".invalid.auth.missing")
                    || matches!(
                        c.credentials,
                        conform_generated::runtime::Credentials::Literal(_)
                            | conform_generated::runtime::Credentials::WrongSignature
                            | conform_generated::runtime::Credentials::ExpiredToken
                    )
            }),
            reason: |f| f.iter().any(|f| status_failure(f, None)),
        },
        Row {
            fault: "echo-sensitive",
            // The validation errors of requests whose body carries a sensitive value long
            // enough to look for.
            expected: ids(|c| schema_case(c) && sends_a_sensitive_body_value(c)),
            reason: |f| f.iter().any(|f| f["kind"] == "sensitive_echo"),
        },
        Row {
            fault: "boundary-500",
            expected: ids(at_an_upper_bound),
            reason: |f| f.iter().any(|f| status_failure(f, Some(500))),
        },
    ];
    for row in rows {
        assert!(
            !row.expected.is_empty(),
            "{}: the matrix expects some failure",
            row.fault
        );
        let mock = start_mock(&[row.fault]);
        let (out, report) = run_against(&mock.url, &LOGIN);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            row.fault,
            String::from_utf8_lossy(&out.stderr)
        );
        let found = failing(&report);
        let missed: Vec<_> = row.expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&row.expected).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{}: the failing cases must be the ones the fault affects; not caught: {missed:?}; failing but unaffected: {extra:?}",
            row.fault
        );
        for id in &found {
            let failures = failures_of(&report, id);
            assert!(
                (row.reason)(&failures),
                "{}: {id} fails for the wrong reason: {failures:?}",
                row.fault
            );
        }
    }
}

#[test]
fn a_slow_target_turns_cases_into_timeouts_and_the_run_ends() {
    let mock = start_mock(&["slow"]);
    let (out, report) = run_against(
        &mock.url,
        &["--timeout", "1", "--jobs", "128", "--bearer", "any-token"],
    );
    assert_eq!(out.status.code(), Some(1));
    let total = conform_generated::OPERATIONS
        .iter()
        .map(|op| op.cases().len())
        .sum::<usize>();
    assert_eq!(report["summary"]["errored"], total);
    let first = ids(valid).into_iter().next().expect("a valid case");
    assert_eq!(
        failures_of(&report, &first),
        [serde_json::json!({"kind": "transport", "problem": "timeout"})]
    );
}

/// A target that accepts connections and never answers.
#[test]
fn a_target_that_never_answers_does_not_hang_the_run() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let (out, report) = run_against(
        &url,
        &["--timeout", "1", "--jobs", "64", "--bearer", "any-token"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["summary"]["errored"], report["summary"]["total"]);
}

#[test]
fn a_refused_connection_gives_one_hint() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("an address")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = conform()
        .args([
            "run",
            "--target",
            &url,
            "--bearer",
            "any-token",
            "--no-snapshots",
        ])
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("could not reach").count(), 1, "{stdout}");
    assert!(stdout.contains("Is the server running"));
    for op in conform_generated::OPERATIONS {
        assert!(
            !stdout.contains(&format!("\nERROR {}.", op.service)),
            "no per-case error for an unreachable target: {stdout}"
        );
    }
}

#[test]
fn the_wrong_signature_case_is_sent_only_to_a_target_said_to_verify() {
    let wrong = ids(|c| c.credentials == conform_generated::runtime::Credentials::WrongSignature);
    assert!(!wrong.is_empty(), "a SigV4 operation has the case");
    let only: Vec<&str> = wrong
        .iter()
        .flat_map(|id| ["--only", id.as_str()])
        .collect();
    let form_only = spawn_mock(&[], false);
    let run = |verifies: bool| {
        let mut command = conform();
        command
            .args(["run", "--target", &form_only.url, "--format", "json"])
            .args(["--no-snapshots", "--bearer", "any-token"])
            .args(&only)
            .env("AWS_ACCESS_KEY_ID", AKID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1");
        if verifies {
            command.arg("--target-verifies-signatures");
        }
        let out = command.output().expect("conform run runs");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
        (out.status.code(), report)
    };
    // Not said to verify: skipped, and the run passes.
    let (code, report) = run(false);
    assert_eq!(code, Some(0));
    assert_eq!(report["summary"]["skipped"], wrong.len());
    // Said to verify, a mock that checks the form only takes the wrong signature: caught.
    let (code, report) = run(true);
    assert_eq!(code, Some(1));
    assert_eq!(failing(&report), wrong);
    for id in &wrong {
        assert!(
            failures_of(&report, id)
                .iter()
                .any(|f| status_failure(f, None) && f["expected"] == "403"),
            "{:?}",
            failures_of(&report, id)
        );
    }
    // The verifying mock refuses it as documented.
    let verifying = start_mock(&[]);
    let (out, report) = run_against(
        &verifying.url,
        &[&only[..], &["--bearer", "any-token"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{report}");
}

#[test]
fn answers_past_slow_ms_are_flagged_in_every_report_without_failing() {
    // Any answer takes longer than 0 ms, so every case is flagged and none fails for it.
    let out = conform()
        .args([
            "run",
            "--format",
            "json",
            "--no-snapshots",
            "--slow-ms",
            "0",
        ])
        .args(["--only", "*.pattern.backtracking"])
        .output()
        .expect("conform run runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let cases = report["cases"].as_array().expect("cases");
    assert!(!cases.is_empty(), "the suite has backtracking cases");
    assert!(
        cases
            .iter()
            .all(|c| c["slow"] == true && c["outcome"] == "pass")
    );
    assert_eq!(report["summary"]["slow"], report["summary"]["total"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("answered after more than 0 ms"), "{stderr}");
    assert!(stderr.contains("SLOW "), "{stderr}");
}

#[test]
fn bytes_that_are_not_text_are_escaped_in_the_json_report_and_replayed_exactly() {
    let cases: Vec<&Case> = conform_generated::OPERATIONS
        .iter()
        .flat_map(|op| op.cases().iter())
        .filter(|c| std::str::from_utf8(c.body).is_err())
        .collect();
    assert!(
        !cases.is_empty(),
        "the suite sends a body that is not UTF-8"
    );
    // A closed port errors every case, so each one carries its reproducer.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("an address")
        .port();
    let mut args = vec!["--bearer", "any-token"];
    for c in &cases {
        args.extend(["--only", c.id]);
    }
    let (out, report) = run_against(&format!("http://127.0.0.1:{port}"), &args);
    assert_eq!(out.status.code(), Some(1));
    for c in cases {
        let entry = report["cases"]
            .as_array()
            .expect("a JSON report")
            .iter()
            .find(|e| e["id"] == c.id)
            .expect("every case is in the report");
        let reproduce = entry["reproduce"].as_str().expect("a reproducer");
        let (printf, curl) = reproduce
            .split_once(" | curl ")
            .expect("the body is piped in");
        assert!(printf.starts_with("printf '"), "{reproduce}");
        assert!(curl.ends_with("--data-binary @-"), "{reproduce}");
        let written = Command::new("sh")
            .args(["-c", printf])
            .output()
            .expect("sh runs");
        let expected = conform::mask::body_bytes(operation_of(c), c.body);
        assert_eq!(written.stdout, expected, "{} replays its bytes", c.id);
    }
}

/// A server that answers every request with bytes that are not HTTP.
#[test]
fn malformed_http_is_an_error_not_a_crash() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 4096];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"HELLO THIS IS NOT HTTP\r\n\r\n");
        }
    });
    let (out, report) = run_against(
        &url,
        &[
            "--timeout",
            "2",
            "--bearer",
            "any-token",
            "--only",
            &format!("{}.*", conform_generated::OPERATIONS[0].id()),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["summary"]["errored"], report["summary"]["total"]);
}

#[test]
fn oversized_answers_fail_the_case() {
    // The smallest valid request of an operation whose success answer has a body.
    let id = ids(|c| {
        valid(c)
            && (c.id.ends_with(".valid.body.minimal") || c.id.ends_with(".valid.request.minimal"))
            && operation_of(c).response.body.is_some()
    })
    .into_iter()
    .next()
    .expect("an operation answers with a body");
    let mock = start_mock(&[]);
    let (out, report) = run_against(
        &mock.url,
        &["--max-body", "16", "--only", &id, LOGIN[0], LOGIN[1]],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        failures_of(&report, &id),
        [serde_json::json!({"kind": "transport", "problem": "too_large", "limit": 16})]
    );
}

/// Logs in over a plain TCP connection, as a client would, so the test knows the token the run uses.
fn login(url: &str) -> String {
    let address = url.trim_start_matches("http://");
    let body = "grant_type=password&username=conform&password=conform-password";
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "POST /api/v1/token HTTP/1.1\r\nHost: {address}\r\nx-api-version: 1.0-rev0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    let json = answer.split("\r\n\r\n").nth(1).expect("a body");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    value["access_token"].as_str().expect("a token").to_string()
}

#[test]
fn secrets_never_reach_any_report() {
    let mock = start_mock(&["missing-error-type"]);
    let token = login(&mock.url);
    let junit = std::env::temp_dir().join(format!("conform-junit-{}.xml", std::process::id()));
    let (out, _) = run_against(
        &mock.url,
        &[
            "--bearer",
            &token,
            "--junit",
            junit.to_str().expect("UTF-8"),
        ],
    );
    let human = conform()
        .args([
            "run",
            "--target",
            &mock.url,
            "--bearer",
            &token,
            "--no-snapshots",
        ])
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("runs");
    let junit_text = std::fs::read_to_string(&junit).expect("the JUnit file");
    std::fs::remove_file(&junit).ok();
    assert!(
        junit_text.contains("<testsuite") && junit_text.contains("<testcase"),
        "{junit_text}"
    );
    let everything = format!(
        "{}{}{}{}{junit_text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&human.stdout),
        String::from_utf8_lossy(&human.stderr)
    );
    assert!(
        everything.contains("reproduce: curl"),
        "failures come with a reproduce command"
    );
    let mut secrets = vec![token.clone(), AKID.to_string(), SECRET_KEY.to_string()];
    for op in conform_generated::OPERATIONS {
        for case in op.cases() {
            let Ok(body) = serde_json::from_slice::<serde_json::Value>(case.body) else {
                continue;
            };
            for pointer in op.sensitive_members {
                if let Some(s) = body
                    .pointer(pointer)
                    .and_then(|v| v.as_str())
                    .filter(|s| s.len() >= 4)
                {
                    secrets.push(s.to_string());
                }
            }
        }
    }
    for secret in &secrets {
        assert!(
            !everything.contains(secret.as_str()),
            "a secret reached a report"
        );
    }
}

#[test]
fn configuration_errors_exit_2_with_a_clear_message() {
    // The arguments, the environment, and what standard error must say.
    type Row<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Row> = vec![
        (vec!["run", "--target", "not a url"], vec![], "is not a URL"),
        (
            vec!["run", "--target", "http://127.0.0.1:9"],
            vec![],
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
        ),
        (
            vec!["run", "--target", "http://127.0.0.1:9"],
            vec![
                ("AWS_ACCESS_KEY_ID", "a"),
                ("AWS_SECRET_ACCESS_KEY", "b"),
                ("AWS_REGION", "us-east-1"),
            ],
            "needs a bearer token",
        ),
        (
            vec![
                "run",
                "--ca-cert",
                "/nonexistent.pem",
                "--target",
                "http://127.0.0.1:9",
            ],
            vec![],
            "cannot read --ca-cert",
        ),
        (
            vec!["run", "--jobs", "0"],
            vec![],
            "--jobs must be from 1 to 1024",
        ),
        (
            vec!["run", "--jobs", "18446744073709551615"],
            vec![],
            "--jobs must be from 1 to 1024",
        ),
        (
            vec!["run", "--timeout", "1e300"],
            vec![],
            "--timeout must be",
        ),
        (
            vec!["run", "--target", "ftp://admin:hunter22@x"],
            vec![],
            "must be an http",
        ),
        (vec!["run", "--profile", ".."], vec![], "--profile"),
        (
            vec!["run", "--only", "no.such.case"],
            vec![],
            "no case id matches",
        ),
        (
            vec!["run", "--target", "nope=http://127.0.0.1:9"],
            vec![],
            "does not have",
        ),
    ];
    for (args, env, message) in cases {
        let mut command = conform();
        command.args(&args);
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn known_failures_are_reported_but_do_not_fail_the_run_and_a_listed_pass_does() {
    let mock = start_mock(&["wrong-success-status"]);
    let list = std::env::temp_dir().join(format!("conform-known-{}.yaml", std::process::id()));
    std::fs::write(
        &list,
        "- id: '*.valid.*'\n  reason: The service answers another 2xx to a valid request.\n",
    )
    .expect("writes");
    let path = list.to_str().expect("UTF-8");
    let (out, report) = run_against(&mock.url, &["--known-failures", path, LOGIN[0], LOGIN[1]]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let known = ids(valid);
    assert_eq!(report["summary"]["known"], known.len());
    let first = known.iter().next().expect("a valid case");
    let case = case_of(&report, first);
    assert!(
        case["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("The service answers another 2xx")),
        "{case}"
    );
    assert!(
        case["failures"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| status_failure(f, None))),
        "{case}"
    );

    let minimal =
        ids(|c| c.id.ends_with(".valid.body.minimal") || c.id.ends_with(".valid.request.minimal"));
    let listed = minimal.iter().next().expect("a minimal case");
    std::fs::write(
        &list,
        format!("- id: {listed}\n  reason: Thought broken.\n"),
    )
    .expect("writes");
    let healthy = start_mock(&[]);
    let (out, report) = run_against(
        &healthy.url,
        &["--known-failures", path, LOGIN[0], LOGIN[1]],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        failures_of(&report, listed),
        [serde_json::json!({"kind": "known_passes", "reason": "Thought broken."})]
    );

    std::fs::write(&list, "- id: no.such.case\n  reason: x\n").expect("writes");
    let (out, _) = run_against(&mock.url, &["--known-failures", path]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_file(&list).ok();
}
