//! Masking never mangles a report. The same failing run (a mock that answers valid requests
//! with the wrong status) is made with many login passwords: single characters, common words,
//! parts of the operations' names, the placeholder itself. Every report (human, JSON, JUnit with
//! its curl reproducers, and the snapshots) must come out byte for byte as it does with a long,
//! unremarkable password, apart from where the target's own text holds the password, which is
//! masked whole. A password too short to look for is not looked for at all (its reports are
//! identical) and adds its one warning line.

#[path = "common/process.rs"]
mod process;

use process::MockProcess;
use std::path::{Path, PathBuf};
use std::process::Command;

const USER: &str = "lab";
const BASELINE: &str = "unremarkable-baseline-password";

/// Secrets that once turned reports into `e<redacted>pected`: letters, digits, words the reports
/// use, parts of the operations' ids, and the mask's own text.
const SECRETS: &[&str] = &[
    "e",
    "a",
    "x",
    "1",
    "0",
    "ee",
    "on",
    "ion",
    "the",
    "body",
    "case",
    "true",
    "valid",
    "expected",
    "Amazon",
    "Connection",
    "veeam",
    "outposts",
    "redacted",
    "<redacted>",
    "curl",
];

fn conform() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_conform"));
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    for var in [
        "CONFORM_TARGET",
        "CONFORM_BEARER",
        "CONFORM_LOGIN",
        "CONFORM_MOCK_PASSWORD",
        "CONFORM_MOCK_AWS_ACCESS_KEY_ID",
        "CONFORM_MOCK_AWS_SECRET_ACCESS_KEY",
        "INSTA_UPDATE",
    ] {
        command.env_remove(var);
    }
    command
}

/// `conform mock` whose token endpoint takes `password`, answering valid requests wrongly.
fn start_mock(password: &str) -> MockProcess {
    let mut command = conform();
    command
        .args(["mock", "--listen", "127.0.0.1:0", "--user", USER])
        .args(["--fault", "wrong-success-status"])
        .env("CONFORM_MOCK_PASSWORD", password)
        .env("RUST_LOG", "warn");
    MockProcess::spawn(command)
}

/// Every report of one run with `password`, with what differs between any two runs (the
/// mock's port, durations) made constant.
struct Reports {
    human: String,
    json: String,
    junit: String,
    snapshots: Vec<(String, String)>,
}

fn reports(password: &str, dir: &Path) -> Reports {
    let mock = start_mock(password);
    let junit = dir.join("junit.xml");
    let snapshots = dir.join("snapshots");
    let out = conform()
        .args([
            "run", "--target", &mock.url, "--format", "json", "--jobs", "1",
        ])
        .args(["--login", &format!("{USER}:{password}")])
        .args(["--update-snapshots", "--snapshot-dir"])
        .arg(&snapshots)
        .arg("--junit")
        .arg(&junit)
        .env("AWS_ACCESS_KEY_ID", "AKIDMASKINGEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "masking-test-secret-access-key")
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("conform run runs");
    let constant = |text: String| text.replace(&mock.url, "http://TARGET");
    let human = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|line| !line.contains(" passed, "))
        .map(|line| format!("{line}\n"))
        .collect::<String>();
    let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    for case in json["cases"].as_array_mut().expect("cases") {
        case["duration_ms"] = 0.into();
    }
    let junit = std::fs::read_to_string(&junit).expect("a JUnit report");
    let junit = junit
        .split(' ')
        .filter(|attribute| !attribute.starts_with("time=") && !attribute.starts_with("timestamp="))
        .collect::<Vec<_>>()
        .join(" ");
    let mut files = Vec::new();
    collect(&snapshots, &snapshots, &mut files);
    files.sort();
    Reports {
        human: constant(human),
        json: constant(serde_json::to_string_pretty(&json).expect("JSON")),
        junit: constant(junit),
        snapshots: files,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            out.push((name, std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conform-masking-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

#[test]
fn no_secret_mangles_any_report() {
    let baseline = reports(BASELINE, &temp("baseline"));
    assert!(
        baseline.human.contains("FAIL ") && baseline.json.contains("\"reproduce\""),
        "the baseline run has failures to report:\n{}",
        baseline.human
    );
    assert!(!baseline.snapshots.is_empty(), "the run wrote snapshots");
    for (i, secret) in SECRETS.iter().enumerate() {
        let got = reports(secret, &temp(&i.to_string()));
        let warning = "conform: warning: the --login password is shorter than 4 characters";
        let short = secret.chars().count() < 4;
        let warned = got.human.lines().filter(|l| l.starts_with(warning)).count();
        assert_eq!(
            warned,
            usize::from(short),
            "secret {secret:?}:\n{}",
            got.human
        );
        let human: String = got
            .human
            .lines()
            .filter(|l| !l.starts_with(warning))
            .map(|l| format!("{l}\n"))
            .collect();
        let pairs = [
            ("human report", &human, &baseline.human),
            ("JSON report", &got.json, &baseline.json),
            ("JUnit report", &got.junit, &baseline.junit),
        ];
        for (what, got, want) in pairs {
            check(secret, short, what, want, got);
        }
        assert_eq!(
            got.snapshots
                .iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>(),
            baseline
                .snapshots
                .iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>(),
            "the snapshot files with secret {secret:?}"
        );
        for ((name, got), (_, want)) in got.snapshots.iter().zip(&baseline.snapshots) {
            check(secret, short, name, want, got);
        }
    }
}

/// `got` must be `want`, or for a secret long enough to look for, `want` with some whole
/// occurrences of the secret masked; never a letter of a word.
fn check(secret: &str, short: bool, what: &str, want: &str, got: &str) {
    let fine = if short {
        got == want
    } else {
        masked_only_where(secret, want, got)
    };
    if !fine {
        let line = want
            .lines()
            .zip(got.lines())
            .find(|(w, g)| w != g)
            .map(|(w, g)| format!("want: {w}\n got: {g}"))
            .unwrap_or_default();
        panic!("the {what} with secret {secret:?} differs where the secret is not:\n{line}");
    }
}

/// Whether `got` is `want` with some whole occurrences of `secret` replaced by the mask.
fn masked_only_where(secret: &str, want: &str, got: &str) -> bool {
    let mask = conform_generated::runtime::REDACTED;
    let (mut want, mut got) = (want, got);
    loop {
        if let (Some(w), Some(g)) = (want.strip_prefix(secret), got.strip_prefix(mask)) {
            (want, got) = (w, g);
            continue;
        }
        match (want.chars().next(), got.chars().next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g => {
                want = &want[w.len_utf8()..];
                got = &got[g.len_utf8()..];
            }
            _ => return false,
        }
    }
}

#[test]
fn the_check_tells_a_whole_mask_from_a_mangled_word() {
    assert!(masked_only_where(
        "body",
        "the body is",
        "the <redacted> is"
    ));
    assert!(masked_only_where("body", "the body is", "the body is"));
    assert!(!masked_only_where("body", "expected", "e<redacted>pected"));
    assert!(!masked_only_where("body", "the body is", "<redacted>"));
    assert!(!masked_only_where("body", "the body is", "the bod is"));
}

#[test]
fn a_failing_case_has_one_header_line() {
    let got = reports(BASELINE, &temp("headers"));
    let json: serde_json::Value = serde_json::from_str(&got.json).expect("JSON");
    for case in json["cases"].as_array().expect("cases") {
        if case["outcome"] == "fail" {
            let id = case["id"].as_str().expect("an id");
            let headers = got
                .human
                .lines()
                .filter(|line| line.starts_with("FAIL") && line.ends_with(id))
                .count();
            assert_eq!(headers, 1, "{id}:\n{}", got.human);
        }
    }
}
