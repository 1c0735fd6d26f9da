//! The generated validators against the `jsonschema` crate, for every operation of the registry
//! that takes a body. Both read the same schema (the one `conform export openapi` writes, loaded
//! from the export, formats included), both judge the same payloads (the bodies of the suite's
//! own valid and invalid cases), and both collect every violation.
//!
//! Run: `cargo bench -p conform --bench validators` (`CONFORM_SPEC` picks the spec folder the
//! bindings were built from, as for the tests). `bench/validators.sh` turns the results into
//! ratios.

#[path = "../tests/common/oracle.rs"]
mod oracle;

use conform_generated::OPERATIONS;
use conform_generated::runtime::{Expect, Location, Operation, Pointer, structure};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;
use std::hint::black_box;

/// The JSON bodies of `op`'s cases that `expect` selects, leaving out cases that break a rule
/// outside the body.
fn bodies(op: &Operation, expect: Expect) -> Vec<Value> {
    op.cases()
        .iter()
        .filter(|c| c.expect == expect && c.violates.is_none_or(|v| v.location == Location::Body))
        .filter_map(|c| serde_json::from_slice(c.body).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    for op in OPERATIONS {
        let (Some(schema), Some(validator)) = (op.bindings.body, oracle::oracle(op)) else {
            continue;
        };
        for (label, payloads) in [
            ("valid", bodies(op, Expect::Valid)),
            ("invalid", bodies(op, Expect::Invalid)),
        ] {
            if payloads.is_empty() {
                continue;
            }
            let mut group = c.benchmark_group(format!("validate/{}/{label}", op.id()));
            group.bench_function("conform", |b| {
                b.iter(|| {
                    let mut count = 0;
                    for value in &payloads {
                        let mut out = Vec::new();
                        structure(schema, black_box(value), &Pointer::Root, &mut out);
                        count += out.len();
                    }
                    count
                })
            });
            group.bench_function("jsonschema", |b| {
                b.iter(|| {
                    let mut count = 0;
                    for value in &payloads {
                        count += validator.iter_errors(black_box(value)).count();
                    }
                    count
                })
            });
            group.finish();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
