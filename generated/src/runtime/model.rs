//! What every generated structure and union is: a serde model with the static schema its JSON is
//! checked against. The methods live here once, so the generated code states only the schema.

use super::checks::{Pointer, parse_with};
use super::schema::StructSchema;
use super::violation::Violation;
use super::walk::structure;
use serde_json::Value;

/// A structure or union of the spec, read from JSON only after its schema passes it.
pub trait Model: serde::de::DeserializeOwned {
    /// The schema the model's JSON is checked against.
    const SCHEMA: &'static StructSchema;

    /// Checks `value`, found at `pointer`, against the model's schema, and pushes every violation
    /// onto `out`.
    fn check(value: &Value, pointer: &Pointer<'_>, out: &mut Vec<Violation>) {
        structure(Self::SCHEMA, value, pointer, out);
    }

    /// Reads a JSON document into the model, or returns every violation it has.
    fn from_json(body: &[u8]) -> Result<Self, Vec<Violation>> {
        parse_with(body, |value, out| Self::check(value, &Pointer::Root, out))
    }
}

/// Reads a JSON document into the model `T`, or returns every violation it has: the same as
/// [`Model::from_json`], for callers that name `T` only by what they do with the result.
pub fn from_json<T: Model>(body: &[u8]) -> Result<T, Vec<Violation>> {
    T::from_json(body)
}
