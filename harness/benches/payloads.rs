//! The payloads the validator benches judge: the JSON bodies of an operation's own cases.

use conform_generated::runtime::{Expect, Location, Operation};
use serde_json::Value;

/// The JSON bodies of `op`'s cases that `expect` selects, leaving out cases that break a rule
/// outside the body.
pub fn bodies(op: &Operation, expect: Expect) -> Vec<Value> {
    op.cases()
        .iter()
        .filter(|c| c.expect == expect && c.violates.is_none_or(|v| v.location == Location::Body))
        .filter_map(|c| serde_json::from_slice(c.body).ok())
        .collect()
}
