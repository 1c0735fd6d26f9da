//! The generated validators against the `jsonschema` crate, for every operation of the registry
//! that takes a body. Both read the same schema (the one `conform export openapi` writes, loaded
//! from the export, formats included), both judge the same payloads (the bodies of the suite's
//! own valid and invalid cases), and both collect every violation.
//!
//! Times are the benchmarking thread's CPU time ([`cpu_time`]), for both sides.
//!
//! Run: `cargo bench -p conform --bench validators` (`CONFORM_SPEC` picks the spec folder the
//! bindings were built from, as for the tests). Section 7 of `bench/peers.sh` turns the results
//! into ratios.

mod cpu_time;
#[path = "../tests/common/oracle.rs"]
mod oracle;
mod payloads;

use conform_generated::OPERATIONS;
use conform_generated::runtime::Expect;
use cpu_time::ThreadCpuTime;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion<ThreadCpuTime>) {
    for op in OPERATIONS {
        let (Some(schema), Some(validator)) = (op.bindings.body, oracle::oracle(op)) else {
            continue;
        };
        for (label, payloads) in [
            ("valid", payloads::bodies(op, Expect::Valid)),
            ("invalid", payloads::bodies(op, Expect::Invalid)),
        ] {
            if payloads.is_empty() {
                continue;
            }
            let mut group = c.benchmark_group(format!("validate/{}/{label}", op.id()));
            group.bench_function("conform", |b| {
                b.iter(|| payloads::conform_pass(schema, &payloads))
            });
            group.bench_function("jsonschema", |b| {
                b.iter(|| payloads::jsonschema_pass(&validator, &payloads))
            });
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = bench
}
criterion_main!(benches);
