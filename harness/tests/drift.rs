//! `conform spec drift` as a user runs it: exit codes, `--side`, `--level`, `--fail-on`, each
//! output format, `--junit`, `--list-rules`, and bad input. The spec is imported from the
//! codegen crate's botocore fixture, then one fact of it is changed.

use conform_codegen::drift::rules;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn conform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(args)
        .output()
        .expect("conform runs")
}

fn model() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/models/botocore-demo.json")
        .display()
        .to_string()
}

/// The fixture imported into a fresh folder, with `Weight` required in the spec only (the model
/// makes it optional): one `request-member-became-optional` finding, info for a client and an
/// error for the suite.
fn drifted(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let out = conform(&[
        "spec",
        "import",
        "--model",
        &model(),
        "--all",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    // The fixture has an operation the format cannot express, so the import exits 1, not 2.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.join("demo/PutThing.yaml");
    let text = std::fs::read_to_string(&file).expect("imported");
    let text = text.replacen(
        "    required:\n    - Name\n",
        "    required:\n    - Name\n    - Weight\n",
        1,
    );
    std::fs::write(&file, text).expect("writes");
    dir
}

fn drift(spec: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["spec", "drift", spec.to_str().expect("utf-8"), "--model"];
    let model = model();
    args.push(&model);
    args.extend_from_slice(extra);
    conform(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_side_and_the_levels_decide_the_exit_code() {
    let spec = drifted("drift-cli-levels");
    let both = drift(&spec, &[]);
    assert_eq!(both.status.code(), Some(1), "{}", stdout(&both));
    assert!(stdout(&both).contains("request-member-became-optional"));
    assert_eq!(drift(&spec, &["--side", "client"]).status.code(), Some(0));
    assert_eq!(drift(&spec, &["--side", "server"]).status.code(), Some(1));
    let lowered = ["--level", "request-member-became-optional=warning"];
    assert_eq!(drift(&spec, &lowered).status.code(), Some(0));
    let strict = [lowered[0], lowered[1], "--fail-on", "warning"];
    assert_eq!(drift(&spec, &strict).status.code(), Some(1));
}

#[test]
fn every_format_carries_the_finding_and_its_places() {
    let spec = drifted("drift-cli-formats");
    let json = drift(&spec, &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let findings = value["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{value:#}");
    let f = &findings[0];
    assert_eq!(f["rule"], "request-member-became-optional");
    assert_eq!(f["subject"], "/request/body/properties/Weight");
    assert_eq!(
        (f["client"].as_str(), f["server"].as_str()),
        (Some("info"), Some("error"))
    );
    assert!(
        f["spec"]["at"]["file"]
            .as_str()
            .is_some_and(|p| p.ends_with("PutThing.yaml"))
    );
    assert!(f["model"]["at"]["line"].as_u64().is_some_and(|l| l > 1));
    assert_eq!(f["fingerprint"].as_str().map(str::len), Some(16));

    let github = stdout(&drift(&spec, &["--format", "github"]));
    assert!(github.starts_with("::error file="), "{github}");
    assert!(github.contains("PutThing.yaml,line="), "{github}");

    let junit = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("drift-cli.xml");
    drift(&spec, &["--junit", junit.to_str().expect("utf-8")]);
    let xml = std::fs::read_to_string(&junit).expect("written");
    assert!(
        xml.contains("<failure") && xml.contains("request-member-became-optional"),
        "{xml}"
    );
}

#[test]
fn the_fingerprint_is_stable_from_run_to_run() {
    let spec = drifted("drift-cli-stable");
    let a = stdout(&drift(&spec, &["--format", "json"]));
    let b = stdout(&drift(&spec, &["--format", "json"]));
    assert_eq!(a, b);
}

#[test]
fn list_rules_names_every_rule_with_both_levels() {
    let out = conform(&["spec", "drift", "--list-rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for rule in rules::catalogue() {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id.as_str()))
            .unwrap_or_else(|| panic!("{} is listed", rule.id));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], rule.client.as_str(), "{line}");
        assert_eq!(words[2], rule.server.as_str(), "{line}");
    }
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let spec = drifted("drift-cli-bad");
    let cases: [&[&str]; 3] = [
        &["--level", "no-such-rule=info"],
        &["--level", "request-member-became-optional"],
        &["--fail-on", "loud"],
    ];
    for extra in cases {
        let out = drift(&spec, extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(!out.stderr.is_empty(), "{extra:?} says why");
    }
    let missing = conform(&[
        "spec",
        "drift",
        spec.to_str().expect("utf-8"),
        "--model",
        "/nonexistent/model.json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/model.json"));
}
