//! Generation time in process: loading, checking, deriving the cases and emitting formatted Rust,
//! for each spec folder of the repository (operations of different shapes: bodies, labels,
//! queries, lists, maps, nested structures, either-or bodies). Whole commands at scale, with
//! cold caches, are `bench/generation.sh`.
//!
//! Run: `cargo bench -p conform-codegen --bench generate`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(folder: &Path) -> usize {
    let api = conform_codegen::load_paths(&[folder.to_path_buf()]).expect("a valid spec folder");
    conform_codegen::generate(&api, &conform_codegen::Options::default())
        .expect("generates")
        .len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for folder in ["spec", "examples/specs"] {
        let path = root().join(folder);
        let operations = conform_codegen::load_paths(std::slice::from_ref(&path))
            .expect("a valid spec folder")
            .operations
            .len();
        group.bench_function(format!("{folder} ({operations} operations)"), |b| {
            b.iter(|| generate(&path))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
