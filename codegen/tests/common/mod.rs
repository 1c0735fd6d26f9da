//! Helpers the import tests share: the fixtures, a fresh output folder, a line of a fixture,
//! and the check that an import is the same every time and picks the operations asked for.

// Each test file uses only some of these helpers.
#![allow(dead_code)]

use conform_codegen::import::{self, Request};
use std::path::{Path, PathBuf};

/// The fixture `name` under `tests/models`.
pub fn model(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/models")
        .join(name)
}

/// An empty output folder `name` for one test.
pub fn out(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The line (from 1) of the first line of `file` that contains `text`.
pub fn line_of(file: &Path, text: &str) -> u64 {
    let source = std::fs::read_to_string(file).expect("reads");
    let index = source
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} is not in {}", file.display()));
    index as u64 + 1
}

/// Imports only `operation` from `file` twice into folders named after `label`, checks that
/// both wrote the same bytes for the service and the operation, and gives the first service
/// folder (`service` under it).
pub fn imports_the_same_twice(file: &Path, operation: &str, service: &str, label: &str) -> PathBuf {
    let one = Request {
        operations: vec![operation.into()],
        ..Request::default()
    };
    let a = out(&format!("{label}-a"));
    let b = out(&format!("{label}-b"));
    import::write(&import::import(file, &one).expect("imports"), &a).expect("writes");
    import::write(&import::import(file, &one).expect("imports"), &b).expect("writes");
    for written in ["service.yaml".to_string(), format!("{operation}.yaml")] {
        let x = std::fs::read(a.join(service).join(&written)).expect("written");
        let y = std::fs::read(b.join(service).join(&written)).expect("written");
        assert_eq!(x, y, "{written}");
    }
    a.join(service)
}

/// Asking `file` for the misspelt `GetThng` is an error that suggests `GetThing`.
pub fn a_misspelt_operation_is_suggested(file: &Path) {
    let missing = Request {
        operations: vec!["GetThng".into()],
        ..Request::default()
    };
    let error = import::import(file, &missing).expect_err("no such operation");
    assert!(
        error.to_string().contains("did you mean `GetThing`"),
        "{error}"
    );
}
