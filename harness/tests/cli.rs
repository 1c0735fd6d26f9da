//! The `conform` commands as a user runs them: output, exit codes and files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn conform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("conform runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_prints_exactly_what_build_rs_wrote() {
    let out = conform(&["generate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), conform_generated::SOURCE);
}

#[test]
fn generate_timings_go_to_stderr_and_leave_the_source_alone() {
    let out = conform(&["generate", "--timings"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), conform_generated::SOURCE);
    let stderr = text(&out.stderr);
    let operations = conform_generated::OPERATIONS.len();
    assert!(
        stderr.starts_with(&format!("conform: timings of {operations} operations on ")),
        "{stderr}"
    );
    let output: Vec<&str> = stderr
        .lines()
        .find(|line| line.starts_with("output "))
        .unwrap_or_else(|| panic!("no output row in\n{stderr}"))
        .split_whitespace()
        .collect();
    assert_eq!(output[1], conform_generated::SOURCE.len().to_string());
    for stage in [
        "load and check",
        "derive",
        "quote",
        "syn",
        "prettyplease",
        "whole command",
    ] {
        assert!(stderr.contains(stage), "no {stage} row in\n{stderr}");
    }
}

#[test]
fn generate_writes_a_file() {
    let file = std::env::temp_dir().join(format!("conform-generate-{}.rs", std::process::id()));
    let out = conform(&["generate", "--out", file.to_str().expect("UTF-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        conform_generated::SOURCE
    );
    std::fs::remove_file(file).ok();
    let out = conform(&["generate", "--out", "/nonexistent/dir/x.rs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot write /nonexistent/dir/x.rs"));
}

#[test]
fn spec_check_passes_on_the_spec_folder() {
    let out = conform(&["spec", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("2 operations checked, no problems"));
}

#[test]
fn spec_check_lists_every_problem_and_exits_2() {
    let out = conform(&["spec", "check", "codegen/tests/rejects"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // Each rejected file has its own problem; checked together, the ones that parse also
    // define the same operation, and every repeat after the first is reported as well.
    let files = std::fs::read_dir(root().join("codegen/tests/rejects"))
        .expect("exists")
        .count();
    let own: Vec<&&str> = lines
        .iter()
        .filter(|l| !l.contains("duplicate operation"))
        .collect();
    assert_eq!(own.len(), files, "{stdout}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("codegen/tests/rejects/") && l.split(':').count() >= 4)
    );
    assert!(lines[0].starts_with("codegen/tests/rejects/bad_enum_value.yaml:7:19: unknown value"));
    assert!(text(&out.stderr).contains(&format!("{} problems found", lines.len())));
}

#[test]
fn spec_check_reports_a_missing_path() {
    let out = conform(&["spec", "check", "no/such/spec"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).starts_with("no/such/spec:1:1: cannot read:"));
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let out = conform(&["spec", "chek"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("check"));
    let out = conform(&["--help"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("generate"));
}

#[test]
fn list_prints_every_case_and_filters_by_glob() {
    let out = conform(&["list"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let total: usize = conform_generated::OPERATIONS
        .iter()
        .map(|op| op.cases().len())
        .sum();
    assert!(stdout.contains(&format!("{total} cases:")), "{stdout}");
    let out = conform(&[
        "list",
        "--only",
        "outposts.*.invalid.AssetId.*",
        "--only",
        "*.auth.missing",
    ]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().all(|l| l.contains(".invalid.AssetId.")
            || l.contains(".auth.missing")
            || l.ends_with("invalid")),
        "{stdout}"
    );
    assert!(stdout.contains("veeam.AddAmazonConnection.invalid.auth.missing"));
    let out = conform(&["list", "--only", "nothing.matches"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_json_has_the_documented_fields_and_masks_secrets() {
    let out = conform(&["list", "--format", "json"]);
    assert!(out.status.success());
    let cases: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let total: usize = conform_generated::OPERATIONS
        .iter()
        .map(|op| op.cases().len())
        .sum();
    assert_eq!(cases.len(), total);
    for case in &cases {
        for field in [
            "id",
            "service",
            "operation",
            "expect",
            "expected_status",
            "inferred",
            "violates",
            "request",
        ] {
            assert!(case.get(field).is_some(), "{field} in {case}");
        }
        for field in ["method", "path", "headers", "body"] {
            assert!(
                case["request"].get(field).is_some(),
                "request.{field} in {case}"
            );
        }
        let status = case["expected_status"].as_str().expect("a string");
        assert_eq!(
            case["inferred"].as_bool(),
            Some(status.ends_with("xx")),
            "{case}"
        );
    }
    // Every secret value a case sends is masked.
    let listed = text(&out.stdout);
    for op in conform_generated::OPERATIONS {
        for case in op.cases() {
            let Ok(body) = serde_json::from_slice::<serde_json::Value>(case.body) else {
                continue;
            };
            for pointer in op.sensitive_members {
                if let Some(secret) = body
                    .pointer(pointer)
                    .and_then(|v| v.as_str())
                    .filter(|s| s.len() > 3)
                {
                    assert!(!listed.contains(secret), "{}: a secret is listed", case.id);
                }
            }
        }
    }
    assert!(listed.contains("<redacted>"));
}

#[test]
fn a_mock_key_pair_must_be_whole_and_never_comes_from_argv() {
    let mock = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_conform"));
        command
            .args(["mock", "--listen", "127.0.0.1:0"])
            .args(extra)
            .current_dir(root());
        for var in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "CONFORM_MOCK_AWS_ACCESS_KEY_ID",
            "CONFORM_MOCK_AWS_SECRET_ACCESS_KEY",
        ] {
            command.env_remove(var);
        }
        command.envs(env.iter().copied());
        command.output().expect("conform runs")
    };
    let out = mock(&[], &["--aws-credentials-env"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("needs AWS_ACCESS_KEY_ID"),
        "{}",
        text(&out.stderr)
    );
    let out = mock(&[("CONFORM_MOCK_AWS_ACCESS_KEY_ID", "AKIDHALF")], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("CONFORM_MOCK_AWS_SECRET_ACCESS_KEY is not"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("AKIDHALF"),
        "the key id is not repeated: {stderr}"
    );
    // There is no option that takes a key on the command line.
    let out = mock(&[], &["--aws-secret-access-key", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_mock_says_at_start_up_whether_it_verifies_signatures() {
    use std::io::{BufRead, BufReader};
    let signed = conform_generated::OPERATIONS
        .iter()
        .any(|op| matches!(op.auth, conform_generated::runtime::Auth::AwsSigV4 { .. }));
    if !signed {
        return;
    }
    for (key, said) in [(false, "for form only"), (true, "are verified")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_conform"));
        command
            .args(["mock", "--listen", "127.0.0.1:0"])
            .current_dir(root())
            .env("RUST_LOG", "warn")
            .env_remove("CONFORM_MOCK_AWS_ACCESS_KEY_ID")
            .env_remove("CONFORM_MOCK_AWS_SECRET_ACCESS_KEY")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if key {
            command
                .env("CONFORM_MOCK_AWS_ACCESS_KEY_ID", "AKIDSTARTUP")
                .env("CONFORM_MOCK_AWS_SECRET_ACCESS_KEY", "start-up-secret");
        }
        let mut child = command.spawn().expect("the mock starts");
        let stderr = child.stderr.take().expect("stderr");
        let line = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .find(|l| l.contains("SigV4"))
            .unwrap_or_default();
        let _ = child.kill();
        let _ = child.wait();
        assert!(line.contains(said), "{line}");
        assert!(
            !line.contains("start-up-secret") && !line.contains("AKIDSTARTUP"),
            "{line}"
        );
    }
}

#[test]
fn a_glob_that_is_not_one_exits_2_and_names_it() {
    for args in [
        &["list", "--only", "*.["][..],
        &["run", "--only", "*.[", "--no-snapshots"][..],
    ] {
        let out = conform(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("`*.[` is not a glob"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn run_takes_every_option_from_its_conform_variable_and_a_flag_wins() {
    let ops = conform_generated::OPERATIONS;
    let first = ops[0].cases()[0].id;
    let last = ops[ops.len() - 1].cases()[0].id;
    // An empty snapshot folder: under CI, a case with its snapshot check on fails.
    let empty = std::env::temp_dir().join(format!("conform-env-snapshots-{}", std::process::id()));
    let run_with = |flags: &[&str], no_snapshots: &str| {
        Command::new(env!("CARGO_BIN_EXE_conform"))
            .args(["run", "--format", "json"])
            .args(flags)
            .env("CI", "true")
            .env("CONFORM_ONLY", first)
            .env("CONFORM_SNAPSHOT_DIR", &empty)
            .env("CONFORM_NO_SNAPSHOTS", no_snapshots)
            .current_dir(root())
            .output()
            .expect("conform runs")
    };
    let run = |flags: &[&str]| run_with(flags, "true");
    let cases = |out: &Output| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        report["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|c| c["id"].as_str().expect("an id").to_string())
            .collect()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(cases(&out), [first]);
    assert!(
        !root()
            .join("harness/snapshots/mock")
            .join(format!("{first}.snap.new"))
            .exists(),
        "CONFORM_NO_SNAPSHOTS turns the snapshot check off"
    );
    let out = run(&["--only", last]);
    assert_eq!(cases(&out), [last]);
    // A glob's alternatives are not split at their comma.
    let either = format!("{{{first},{last}}}");
    let out = run(&["--only", &either]);
    let mut both = vec![first.to_string(), last.to_string()];
    both.dedup();
    assert_eq!(cases(&out), both);
    // An on/off variable takes 1 for on, as shells and CI systems write it.
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["run", "--only", first, "--no-snapshots"])
        .env("CONFORM_INSECURE", "1")
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--insecure accepts any TLS certificate"));
    // A bad value names its flag, and exits 2 like a bad flag.
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["run"])
        .env("CONFORM_TIMEOUT", "soon")
        .output()
        .expect("conform runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--timeout"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn mutate_prints_a_score_for_every_operation_and_passes_on_a_whole_suite() {
    let out = conform(&["mutate"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    for op in conform_generated::OPERATIONS {
        assert!(
            stdout.contains(&format!("{}: mutation score 100.0%", op.id())),
            "{stdout}"
        );
    }
}

/// The `testcase` names of a JUnit report.
fn junit_cases(path: &Path) -> Vec<String> {
    let xml = std::fs::read_to_string(path).expect("the JUnit report");
    xml.split("<testcase ")
        .skip(1)
        .filter_map(|tag| {
            let name = tag.split("name=\"").nth(1)?;
            Some(name.split('"').next()?.to_string())
        })
        .collect()
}

#[test]
fn four_shards_are_the_whole_suite_each_case_once_and_balanced() {
    let dir = std::env::temp_dir().join(format!("conform-shards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let report = |name: &str, shard: Option<&str>| {
        let path = dir.join(name);
        let path_text = path.to_string_lossy().into_owned();
        let mut args = vec!["run", "--no-snapshots", "--junit", path_text.as_str()];
        if let Some(shard) = shard {
            args.extend(["--shard", shard]);
        }
        let out = conform(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        junit_cases(&path)
    };
    let mut whole = report("whole.xml", None);
    let mut shards = Vec::new();
    for k in 1..=4 {
        shards.push(report(&format!("shard{k}.xml"), Some(&format!("{k}/4"))));
    }
    let sizes: Vec<usize> = shards.iter().map(Vec::len).collect();
    let (least, most) = (sizes.iter().min().copied(), sizes.iter().max().copied());
    assert!(
        least.zip(most).is_some_and(|(l, m)| m - l <= 1),
        "unbalanced shards: {sizes:?}"
    );
    let mut union: Vec<String> = shards.concat();
    union.sort();
    whole.sort();
    assert_eq!(union, whole, "the shards together are one unsplit run");
    let out = conform(&["run", "--no-snapshots", "--shard", "5/4"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("`5/4` is not a shard"));
    std::fs::remove_dir_all(&dir).ok();
}
