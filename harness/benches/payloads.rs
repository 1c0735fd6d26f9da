//! What the validator benches share: the payloads they judge (the JSON bodies of an operation's
//! own cases) and one pass of each side over them, so the timed and the counted runs do the same
//! work.

use conform_generated::runtime::{Expect, Location, Operation, Pointer, StructSchema, structure};
use serde_json::Value;
use std::hint::black_box;

/// The JSON bodies of `op`'s cases that `expect` selects, leaving out cases that break a rule
/// outside the body.
pub fn bodies(op: &Operation, expect: Expect) -> Vec<Value> {
    op.cases()
        .iter()
        .filter(|c| c.expect == expect && c.violates.is_none_or(|v| v.location == Location::Body))
        .filter_map(|c| serde_json::from_slice(c.body).ok())
        .collect()
}

/// One pass of the generated validator over `payloads`: how many violations it collects.
pub fn conform_pass(schema: &StructSchema, payloads: &[Value]) -> usize {
    payloads
        .iter()
        .map(|value| {
            let mut out = Vec::new();
            structure(schema, black_box(value), &Pointer::Root, &mut out);
            out.len()
        })
        .sum()
}

/// One pass of the `jsonschema` validator over `payloads`: how many violations it collects.
pub fn jsonschema_pass(validator: &jsonschema::Validator, payloads: &[Value]) -> usize {
    payloads
        .iter()
        .map(|value| validator.iter_errors(black_box(value)).count())
        .sum()
}
