//! Generation time: the two real specs, and synthetic specs of 10, 100 and 1,000 operations (the
//! AWS spec copied under new operation names), to show how the cost grows.
//!
//! Run: `cargo bench -p conform-codegen --bench generate`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};

fn spec_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// `n` copies of the AWS spec, each a distinct operation.
fn synthetic(n: usize) -> Vec<(PathBuf, String)> {
    let text = std::fs::read_to_string(spec_root().join("outposts/StartConnection.yaml"))
        .expect("the AWS spec");
    (0..n)
        .map(|i| {
            let copy = text.replace(
                "operation: StartConnection",
                &format!("operation: StartConnection{i}"),
            );
            (PathBuf::from(format!("synthetic/op{i}.yaml")), copy)
        })
        .collect()
}

fn generate(sources: &[(PathBuf, String)]) -> usize {
    let api = conform_codegen::load_sources(sources).expect("valid specs");
    conform_codegen::generate(&api, &conform_codegen::Options::default())
        .expect("generates")
        .len()
}

fn bench(c: &mut Criterion) {
    let real: Vec<(PathBuf, String)> = [
        "outposts/StartConnection.yaml",
        "veeam/AddAmazonConnection.yaml",
    ]
    .iter()
    .map(|f| {
        (
            PathBuf::from(f),
            std::fs::read_to_string(spec_root().join(f)).expect("a spec"),
        )
    })
    .collect();
    c.bench_function("generate/spec", |b| b.iter(|| generate(&real)));
    let mut group = c.benchmark_group("generate/synthetic");
    group.sample_size(10);
    for n in [10, 100, 1000] {
        let sources = synthetic(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &sources, |b, s| {
            b.iter(|| generate(s))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
