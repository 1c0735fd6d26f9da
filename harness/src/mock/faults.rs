//! Deliberate defects the mock can switch on, so the runner's power to catch them can be tested.

use clap::ValueEnum;
use conform_generated::runtime::{Checked, Operation, Schema, StructSchema};
use serde_json::Value;

/// A defect `conform mock --fault NAME` puts into its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Fault {
    /// Accept a request whose body breaks the schema, answering as if it were valid.
    AcceptInvalid,
    /// Answer a validation error with 422 instead of the documented 400.
    WrongValidationStatus,
    /// Send a success body that breaks the response schema: its first member of the wrong type.
    /// A success without a body (204) is left alone: HTTP drops a body sent with it.
    BadResponseSchema,
    /// Leave out what names the error: the X-Amzn-ErrorType header, or the errorCode member.
    MissingErrorType,
    /// Answer a success with another 2xx status than the documented one (200 for 201, else 201).
    WrongSuccessStatus,
    /// Skip the authentication check: accept requests without credentials.
    SkipAuth,
    /// Answer 500 when any value of the request sits at its maxLength, maximum, maxItems or
    /// maxProperties.
    #[value(name = "boundary-500")]
    Boundary500,
    /// Wait 30 seconds before answering, longer than a client's timeout.
    Slow,
    /// Repeat the request's sensitive body values in the message of a validation error.
    EchoSensitive,
}

impl Fault {
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// The faults switched on, for quick questions.
#[derive(Debug, Clone, Default)]
pub struct Faults(Vec<Fault>);

impl Faults {
    pub fn new(mut faults: Vec<Fault>) -> Self {
        faults.sort();
        faults.dedup();
        Faults(faults)
    }

    pub fn on(&self, fault: Fault) -> bool {
        self.0.contains(&fault)
    }
}

/// What `echo-sensitive` puts before an error message: the request's sensitive body values, as
/// a careless server that quotes its input would.
pub fn echo(op: &Operation, body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return String::new();
    };
    let echoed: Vec<String> = op
        .sensitive_members
        .iter()
        .flat_map(|pointer| crate::pointer::strings_at(&value, pointer))
        .collect();
    if echoed.is_empty() {
        String::new()
    } else {
        format!("You sent: {}. ", echoed.join(", "))
    }
}

/// Whether any value of the request sits at an upper bound its schema sets: the trigger of
/// `boundary-500`. The values are the checked request's parameters and body.
pub fn at_a_bound(op: &Operation, checked: &Checked) -> bool {
    let params = op.bindings.labels.iter().chain(op.bindings.query).any(|p| {
        checked
            .params
            .get(p.name)
            .is_some_and(|v| at_bound(p.schema, v, 0))
    });
    let body = match (op.bindings.body, &checked.body) {
        (Some(schema), Some(value)) => structure_at_bound(schema, value, 0),
        _ => false,
    };
    params || body
}

fn structure_at_bound(schema: &StructSchema, value: &Value, depth: usize) -> bool {
    let Value::Object(object) = value else {
        return false;
    };
    schema.members.iter().any(|m| {
        object
            .get(m.name)
            .is_some_and(|v| at_bound(m.schema, v, depth + 1))
    })
}

fn at_bound(schema: &Schema, value: &Value, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match (schema, value) {
        (Schema::String(rules), Value::String(text)) => {
            let length = text.chars().count() as u64;
            rules.max_length == Some(length) && rules.min_length != rules.max_length
        }
        (Schema::Integer(rules), Value::Number(n)) => {
            rules.maximum.is_some() && n.as_i64() == rules.maximum
        }
        (Schema::Number(rules), Value::Number(n)) => {
            rules.maximum.is_some() && n.as_f64() == rules.maximum
        }
        (Schema::Blob(rules), Value::String(text)) => {
            use base64::Engine;
            let length = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_or(0, |b| b.len() as u64);
            rules.max_length == Some(length) && rules.min_length != rules.max_length
        }
        (Schema::List(list), Value::Array(items)) => {
            list.max_items == Some(items.len() as u64)
                || items
                    .iter()
                    .any(|item| at_bound(list.items, item, depth + 1))
        }
        (Schema::Map(map), Value::Object(entries)) => {
            map.max_properties == Some(entries.len() as u64)
                || entries
                    .values()
                    .any(|item| at_bound(map.values, item, depth + 1))
        }
        (Schema::Struct(s), value) => structure_at_bound(s, value, depth),
        _ => false,
    }
}
