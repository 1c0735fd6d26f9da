//! Generates the bindings from `../spec` into `OUT_DIR` on every build that needs it.

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new("../spec");
    println!("cargo::rerun-if-changed={}", spec.display());
    declare_inputs(spec);
    let api = match conform_codegen::load_paths(&[spec]) {
        Ok(api) => api,
        Err(problems) => fail(&format!(
            "the spec has problems; run `cargo run -- spec check` for the same list:\n{problems}"
        )),
    };
    let options = conform_codegen::Options {
        spec_root: Some(spec.to_path_buf()),
        ..conform_codegen::Options::default()
    };
    let source = conform_codegen::generate(&api, &options).unwrap_or_else(|e| fail(&e));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("bindings.rs");
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
