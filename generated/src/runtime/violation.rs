//! Constraint violations as data: where (a JSON pointer in the body, or a header), which rule,
//! what was expected, and a message for people. Messages never quote the offending value, so a
//! sensitive value cannot leak through them.

use serde::Serialize;
use std::fmt;

pub use conform_model::{Location, Rule};

/// The JSON types, with `integer` apart from `number` as JSON Schema has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }

    /// The type of `value`; a number is an `integer` when it has no fraction, however JSON
    /// writes it (`1`, `1.0`, `1e0`), as JSON Schema says.
    pub fn of(value: &serde_json::Value) -> JsonType {
        match value {
            serde_json::Value::Null => JsonType::Null,
            serde_json::Value::Bool(_) => JsonType::Boolean,
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => JsonType::Integer,
            serde_json::Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                JsonType::Integer
            }
            serde_json::Value::Number(_) => JsonType::Number,
            serde_json::Value::String(_) => JsonType::String,
            serde_json::Value::Array(_) => JsonType::Array,
            serde_json::Value::Object(_) => JsonType::Object,
        }
    }
}

/// The bound or value a rule expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Expected {
    /// Valid JSON.
    Json,
    /// The member or header is present.
    Present,
    /// The member is absent.
    Absent,
    Type(JsonType),
    /// A length in characters (Unicode scalar values).
    Length(u64),
    /// A length in bytes.
    Bytes(u64),
    /// A number of items or entries.
    Count(u64),
    Integer(i64),
    /// A bound of a floating-point number, as the spec writes it.
    Decimal(String),
    OneOfIntegers(&'static [i64]),
    /// Items that are all different.
    Unique,
    /// Exactly one of these union members.
    Members(&'static [&'static str]),
    Pattern(&'static str),
    Format(&'static str),
    OneOfValues(&'static [&'static str]),
    /// Exactly this text.
    Value(&'static str),
    /// This media type, with any parameters.
    MediaType(&'static str),
    /// Exactly one of these member sets.
    Variants(&'static [super::schema::Variant]),
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Json => f.write_str("valid JSON"),
            Expected::Present => f.write_str("present"),
            Expected::Absent => f.write_str("absent"),
            Expected::Type(t) => f.write_str(t.as_str()),
            Expected::Length(n) => write!(f, "{n} characters"),
            Expected::Bytes(n) => write!(f, "{n} bytes"),
            Expected::Count(n) => write!(f, "{n}"),
            Expected::Integer(n) => write!(f, "{n}"),
            Expected::Decimal(n) => write!(f, "{n}"),
            Expected::OneOfIntegers(values) => {
                let values: Vec<String> = values.iter().map(i64::to_string).collect();
                write!(f, "one of {}", values.join(", "))
            }
            Expected::Unique => f.write_str("unique items"),
            Expected::Members(members) => write!(f, "exactly one of {}", members.join(", ")),
            Expected::Pattern(p) => write!(f, "a match for {p}"),
            Expected::Format(p) => write!(f, "format {p}"),
            Expected::OneOfValues(values) => write!(f, "one of {}", values.join(", ")),
            Expected::Value(v) => write!(f, "{v}"),
            Expected::MediaType(m) => write!(f, "media type {m}"),
            Expected::Variants(variants) => {
                let sets: Vec<String> = variants
                    .iter()
                    .map(|v| format!("{{{}}}", v.required.join(", ")))
                    .collect();
                write!(f, "exactly one of {}", sets.join(" or "))
            }
        }
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub location: Location,
    /// A JSON pointer (RFC 6901) using wire names, or `/` and a header name.
    pub pointer: String,
    pub rule: Rule,
    pub expected: Expected,
    /// A sentence for people. It never contains the value that broke the rule.
    pub message: String,
}

impl Violation {
    /// A violation in the body. `detail` finishes the sentence that starts with the member.
    pub fn body(
        pointer: impl Into<String>,
        rule: Rule,
        expected: Expected,
        detail: fmt::Arguments<'_>,
    ) -> Self {
        let pointer = pointer.into();
        let message = if pointer.is_empty() {
            format!("the body {detail}")
        } else {
            format!("`{pointer}` {detail}")
        };
        Violation {
            location: Location::Body,
            pointer,
            rule,
            expected,
            message,
        }
    }

    pub fn header(name: &str, expected: Expected, detail: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        Violation {
            location: Location::Header,
            pointer: format!("/{lower}"),
            rule: Rule::Header,
            expected,
            message: format!("header `{name}` {detail}"),
        }
    }

    pub fn status(expected: Expected, detail: &str) -> Self {
        Violation {
            location: Location::Status,
            pointer: String::new(),
            rule: Rule::Enum,
            expected,
            message: format!("the status {detail}"),
        }
    }

    /// Whether a restJson1 service reports this as a `SerializationException` rather than a
    /// `ValidationException`: the body is not JSON, a value has the wrong JSON type, or a number
    /// does not fit its integer type.
    pub fn is_serialization(&self) -> bool {
        match self.rule {
            Rule::Json | Rule::Type | Rule::Union => true,
            Rule::Format => matches!(
                self.expected,
                Expected::Format(
                    "int32"
                        | "int64"
                        | "float"
                        | "epoch-seconds"
                        | "date-time"
                        | "http-date"
                        | "base64"
                )
            ),
            _ => false,
        }
    }

    /// The same violation, found in another part of the request than the body.
    pub fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
