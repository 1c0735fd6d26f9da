//! Generates the bindings into `OUT_DIR` on every build that needs it, from `../spec`, or from
//! the folder `CONFORM_SPEC` names (relative to the workspace root, or absolute).

use std::path::{Path, PathBuf};

// Generation allocates many small, short-lived values (token streams, syntax trees); mimalloc
// serves them faster than the system allocator, as in the `conform` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    println!("cargo::rerun-if-env-changed=CONFORM_SPEC");
    let spec = match std::env::var_os("CONFORM_SPEC").filter(|v| !v.is_empty()) {
        Some(folder) => {
            let folder = PathBuf::from(folder);
            if folder.is_absolute() {
                folder
            } else {
                Path::new("..").join(folder)
            }
        }
        None => PathBuf::from("../spec"),
    };
    println!("cargo::rerun-if-changed={}", spec.display());
    declare_inputs(&spec);
    let api = match conform_codegen::load_paths(&[&spec]) {
        Ok(api) => api,
        Err(problems) => fail(&format!(
            "the spec in {} has problems; run `cargo run -- spec check {}` for the same list:\n{problems}",
            spec.display(),
            spec.display()
        )),
    };
    let options = conform_codegen::Options {
        spec_root: Some(spec.clone()),
        ..conform_codegen::Options::default()
    };
    let source = conform_codegen::generate(&api, &options).unwrap_or_else(|e| fail(&e.to_string()));
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set: build this crate with cargo");
    };
    let out = PathBuf::from(out_dir).join("bindings.rs");
    if let Err(e) = std::fs::write(&out, source) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
}

/// Every spec file and folder, so that adding, editing or removing one reruns the generator.
fn declare_inputs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            declare_inputs(&path);
        }
    }
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo::error={line}");
    }
    std::process::exit(1);
}
