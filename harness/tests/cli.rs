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
