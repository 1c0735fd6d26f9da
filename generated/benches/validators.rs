//! The generated validators against the `jsonschema` crate, on the same schema (StartConnection's
//! request body, as `conform export openapi` writes it) and the same valid and invalid payloads
//! (the bodies of the suite's cases). Both collect every violation.
//!
//! Run: `cargo bench -p conform-generated --bench validators`.

use conform_generated::outposts::start_connection as aws;
use conform_generated::runtime::{Case, Expect, Location, Pointer};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;

/// StartConnection's request body as a standalone JSON Schema (draft 2020-12).
fn schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["AssetId", "ClientPublicKey", "DeviceSerialNumber", "NetworkInterfaceDeviceIndex"],
        "properties": {
            "AssetId": { "type": "string", "minLength": 1, "maxLength": 100, "pattern": "^(\\w+)$" },
            "ClientPublicKey": { "type": "string", "minLength": 44, "maxLength": 44, "pattern": "^[a-zA-Z0-9/+]{43}=$" },
            "DeviceSerialNumber": { "type": "string", "minLength": 1, "maxLength": 100, "pattern": "^(\\w+)$" },
            "NetworkInterfaceDeviceIndex": { "type": "integer", "minimum": 0, "maximum": 1 }
        }
    })
}

/// The JSON bodies of the cases that `expect` selects.
fn bodies(expect: Expect) -> Vec<Value> {
    aws::CASES
        .iter()
        .filter(|c: &&Case| {
            c.expect == expect && c.violates.is_none_or(|v| v.location == Location::Body)
        })
        .filter_map(|c| serde_json::from_slice(c.body).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let validator = jsonschema::validator_for(&schema()).expect("a valid schema");
    for (label, payloads) in [
        ("valid", bodies(Expect::Valid)),
        ("invalid", bodies(Expect::Invalid)),
    ] {
        let mut group = c.benchmark_group(format!("validate/{label}"));
        group.bench_function("conform", |b| {
            b.iter(|| {
                let mut count = 0;
                for value in &payloads {
                    let mut out = Vec::new();
                    aws::StartConnectionRequest::check(black_box(value), &Pointer::Root, &mut out);
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

criterion_group!(benches, bench);
criterion_main!(benches);
