//! `conform mock` as a process: it prints its address, serves, keeps every secret out of its
//! answers and its logs, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "pa55-W0rd-never-logged";
const ACCESS: &str = "AKIACONFORMNEVERSHOWN";
const SECRET: &str = "c0nform/SECRET+value-never-shown";
const REGION: &str = "35981651-f781-4041-9300-02967d13b944";

#[tokio::test]
async fn secrets_stay_out_of_answers_and_logs_and_sigterm_stops_it() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["mock", "--listen", "127.0.0.1:0", "--password", PASSWORD])
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("conform mock starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the address line");
    let url = line
        .trim()
        .strip_prefix("conform mock: listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let client = reqwest::Client::new();
    let mut answers = String::new();

    let token_answer = client
        .post(format!("{url}/api/v1/token"))
        .header("x-api-version", "1.0-rev0")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=password&username=conform&password={PASSWORD}"
        ))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    let login: serde_json::Value = serde_json::from_str(&token_answer).expect("JSON");
    let token = login["access_token"].as_str().expect("a token").to_string();
    let refresh = login["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_string();

    let bodies = [
        serde_json::json!({"accessKey": ACCESS, "secretKey": SECRET, "regionId": REGION}),
        serde_json::json!({"accessKey": ACCESS, "secretKey": SECRET}),
        serde_json::json!({"accessKey": ACCESS, "secretKey": SECRET, "amazonAccountId": SECRET, "regionId": SECRET}),
        serde_json::json!({"accessKey": 7, "secretKey": SECRET, "regionId": REGION}),
    ];
    for body in &bodies {
        for auth in [
            Some(format!("Bearer {token}")),
            Some(format!("Bearer {SECRET}")),
            None,
        ] {
            let mut request = client
                .post(format!("{url}/api/v1/amazonConnections"))
                .header("x-api-version", "1.0-rev0")
                .header("content-type", "application/json")
                .body(body.to_string());
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            let response = request.send().await.expect("answers");
            answers.push_str(&format!("{:?}", response.headers()));
            answers.push_str(&response.text().await.expect("text"));
        }
    }
    let truncated = format!(r#"{{"accessKey":"{ACCESS}","secretKey":"{SECRET}"#);
    let response = client
        .post(format!("{url}/api/v1/amazonConnections"))
        .header("authorization", format!("Bearer {token}"))
        .header("x-api-version", "1.0-rev0")
        .header("content-type", "application/json")
        .body(truncated)
        .send()
        .await
        .expect("answers");
    answers.push_str(&response.text().await.expect("text"));

    // SIGTERM, then the process must exit by itself, successfully.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("waits") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the mock did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit {exit:?}");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut logs)
        .expect("logs");
    assert!(
        logs.contains("request"),
        "the mock logs its requests: {logs}"
    );
    for secret in [PASSWORD, ACCESS, SECRET, token.as_str(), refresh.as_str()] {
        assert!(!logs.contains(secret), "a secret in the logs");
        if secret != token && secret != refresh {
            assert!(!answers.contains(secret), "a secret in an answer");
        }
    }
}
