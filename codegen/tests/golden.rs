//! Golden outputs: each `golden/*.yaml` spec (or `golden/NAME/` spec folder) has its generated
//! Rust beside it as `*.rs`, which the `conform-golden` crate compiles with warnings denied. A
//! stale file fails this test and, outside CI, is rewritten, so the next run passes and the diff
//! shows what changed (rust-analyzer's way). Under `CI=true` nothing is written.

use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("the golden folder exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

/// Whether the tests run in CI, as insta decides it.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn generate(spec: &Path) -> String {
    let api = conform_codegen::load_paths(&[spec])
        .unwrap_or_else(|e| panic!("golden spec {} has problems:\n{e}", spec.display()));
    let options = conform_codegen::Options {
        spec_root: Some(golden_dir()),
        ..conform_codegen::Options::default()
    };
    conform_codegen::generate(&api, &options).expect("generation succeeds")
}

#[test]
fn golden_outputs_are_fresh() {
    let mut stale = Vec::new();
    for spec in specs() {
        let expected = generate(&spec);
        let golden = spec.with_extension("rs");
        let current = std::fs::read_to_string(&golden).unwrap_or_default();
        if current != expected {
            if !in_ci() {
                std::fs::write(&golden, &expected).expect("the golden file is writable");
            }
            stale.push(golden.display().to_string());
        }
    }
    let what = if in_ci() {
        "these golden files are stale (nothing was written under CI); run the tests locally, review the diff and commit it"
    } else {
        "these golden files were stale and have been rewritten; review the diff, commit it, and run the tests again"
    };
    assert!(stale.is_empty(), "{what}:\n{}", stale.join("\n"));
}

#[test]
fn every_golden_is_compiled_by_the_golden_crate() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/src/lib.rs"))
            .expect("the golden crate exists");
    for spec in specs() {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name")
            .trim_end_matches(".yaml")
            .to_string()
            + ".rs";
        assert!(
            lib.contains(&format!("\"../../tests/golden/{name}\"")),
            "codegen/golden/src/lib.rs does not include {name}; add a module for it"
        );
    }
}

#[test]
fn the_doc_change_fixture_differs_from_the_spec_only_in_its_required_list() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/outposts");
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    assert_eq!(
        read(folder.join("service.yaml")),
        read(golden_dir().join("doc_change/service.yaml")),
        "doc_change/service.yaml must be spec/outposts/service.yaml; copy it again"
    );
    let spec = read(folder.join("StartConnection.yaml"));
    let fixture = read(golden_dir().join("doc_change/StartConnection.yaml"));
    let changed: Vec<(&str, &str)> = spec
        .lines()
        .zip(fixture.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(spec.lines().count(), fixture.lines().count());
    assert_eq!(
        changed,
        vec![(
            "    required: [AssetId, ClientPublicKey, DeviceSerialNumber, NetworkInterfaceDeviceIndex]",
            "    required: [AssetId, ClientPublicKey, NetworkInterfaceDeviceIndex]"
        )],
        "doc_change/StartConnection.yaml must be spec/outposts/StartConnection.yaml with DeviceSerialNumber made optional; copy the spec again and make that one change"
    );
}
