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

/// One broken constraint. Its message is kept as data until someone reads it, so finding a
/// violation costs its pointer and no formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub location: Location,
    /// A JSON pointer (RFC 6901) using wire names, or `/` and a header name.
    pub pointer: String,
    pub rule: Rule,
    pub expected: Expected,
    text: Text,
}

/// The words of a violation's message. All but `Whole` follow a subject: the member at the
/// pointer (`` `/AssetId` ``), or `the body` at the root.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    /// The words the rule and the expected value imply (`is shorter than 1 characters`).
    Implied,
    /// Fixed words.
    Fixed(&'static str),
    /// Words written when the violation was found.
    Detail(Box<str>),
    /// `must be a string, not a number`.
    WrongType { expected: JsonType, found: JsonType },
    /// `the key of` before the words of a map key's violation, which broke `rule`.
    Key { rule: Rule, inner: Box<Text> },
    /// `header` before the words of a typed header value's violation.
    InHeader(Box<Text>),
    /// The whole message, in the tool's own words.
    Whole(Box<str>),
}

impl Violation {
    /// A violation in the body. `detail` finishes the sentence that starts with the member.
    pub fn body(
        pointer: impl Into<String>,
        rule: Rule,
        expected: Expected,
        detail: fmt::Arguments<'_>,
    ) -> Self {
        let text = match detail.as_str() {
            Some(fixed) => Text::Fixed(fixed),
            None => Text::Detail(detail.to_string().into_boxed_str()),
        };
        Violation {
            location: Location::Body,
            pointer: pointer.into(),
            rule,
            expected,
            text,
        }
    }

    /// A violation in the body whose words follow from `rule` and `expected`: a length, count,
    /// bound, pattern, format or enumeration broken, or a required member missing.
    pub fn implied(pointer: String, rule: Rule, expected: Expected) -> Self {
        Violation {
            location: Location::Body,
            pointer,
            rule,
            expected,
            text: Text::Implied,
        }
    }

    /// A value of the JSON type `found` where the schema wants `expected`.
    pub fn wrong_type(pointer: String, expected: JsonType, found: JsonType) -> Self {
        Violation {
            location: Location::Body,
            pointer,
            rule: Rule::Type,
            expected: Expected::Type(expected),
            text: Text::WrongType { expected, found },
        }
    }

    pub fn header(name: &str, expected: Expected, detail: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        Violation {
            location: Location::Header,
            pointer: format!("/{lower}"),
            rule: Rule::Header,
            expected,
            text: Text::Whole(format!("header `{name}` {detail}").into_boxed_str()),
        }
    }

    pub fn status(expected: Expected, detail: &str) -> Self {
        Violation {
            location: Location::Status,
            pointer: String::new(),
            rule: Rule::Enum,
            expected,
            text: Text::Whole(format!("the status {detail}").into_boxed_str()),
        }
    }

    /// A sentence for people. It never contains the value that broke the rule.
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The same violation, found in a map's key rather than its value.
    pub fn of_key(mut self) -> Self {
        let inner = Box::new(std::mem::replace(&mut self.text, Text::Implied));
        let rule = std::mem::replace(&mut self.rule, Rule::PropertyNames);
        self.text = Text::Key { rule, inner };
        self
    }

    /// The same violation, found in a typed header's value.
    pub fn in_header(mut self) -> Self {
        let text = std::mem::replace(&mut self.text, Text::Implied);
        self.location = Location::Header;
        self.text = Text::InHeader(Box::new(text));
        self
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

    /// The words `rule` and `expected` imply, after the subject.
    fn implied_words(&self, rule: Rule, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count =
            |n: &u64, one: &str, many: &str| format!("{n} {}", if *n == 1 { one } else { many });
        match (rule, &self.expected) {
            (Rule::Required, _) => f.write_str("is required but missing"),
            (Rule::MinLength, Expected::Length(n)) => {
                write!(f, "is shorter than {}", count(n, "character", "characters"))
            }
            (Rule::MaxLength, Expected::Length(n)) => {
                write!(f, "is longer than {}", count(n, "character", "characters"))
            }
            (Rule::MinLength, Expected::Bytes(n)) => {
                write!(f, "is shorter than {}", count(n, "byte", "bytes"))
            }
            (Rule::MaxLength, Expected::Bytes(n)) => {
                write!(f, "is longer than {}", count(n, "byte", "bytes"))
            }
            (Rule::Pattern, Expected::Pattern(p)) => write!(f, "does not match the pattern {p}"),
            (Rule::Format, Expected::Format(format)) => write!(f, "is not a valid {format}"),
            (Rule::Minimum, bound) => write!(f, "is less than the minimum {bound}"),
            (Rule::Maximum, bound) => write!(f, "is greater than the maximum {bound}"),
            (Rule::MinItems, Expected::Count(n)) => {
                write!(f, "has fewer than {}", count(n, "item", "items"))
            }
            (Rule::MaxItems, Expected::Count(n)) => {
                write!(f, "has more than {}", count(n, "item", "items"))
            }
            (Rule::MinProperties, Expected::Count(n)) => {
                write!(f, "has fewer than {}", count(n, "entry", "entries"))
            }
            (Rule::MaxProperties, Expected::Count(n)) => {
                write!(f, "has more than {}", count(n, "entry", "entries"))
            }
            (Rule::Enum, Expected::OneOfValues(values)) => {
                write!(f, "must be one of {}", values.join(", "))
            }
            (_, expected) => write!(f, "must be {expected}"),
        }
    }

    /// The message of `text`, whose words are those of `rule`.
    fn render(&self, text: &Text, rule: Rule, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match text {
            Text::Whole(message) => return f.write_str(message),
            Text::Key { rule, inner } => {
                f.write_str("the key of ")?;
                return self.render(inner, *rule, f);
            }
            Text::InHeader(inner) => {
                f.write_str("header ")?;
                return self.render(inner, rule, f);
            }
            _ => {}
        }
        if self.pointer.is_empty() {
            f.write_str("the body ")?;
        } else {
            write!(f, "`{}` ", self.pointer)?;
        }
        match text {
            Text::Implied => self.implied_words(rule, f),
            Text::Fixed(words) => f.write_str(words),
            Text::Detail(words) => f.write_str(words),
            Text::WrongType { expected, found } => {
                write!(f, "must be {}, not {}", article(*expected), article(*found))
            }
            Text::Whole(_) | Text::Key { .. } | Text::InHeader(_) => Ok(()),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(&self.text, self.rule, f)
    }
}

/// The type with its article, as a message says it.
fn article(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// A violation as reports write it: its fields, and its message in words.
impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Violation", 5)?;
        out.serialize_field("location", &self.location)?;
        out.serialize_field("pointer", &self.pointer)?;
        out.serialize_field("rule", &self.rule)?;
        out.serialize_field("expected", &self.expected)?;
        out.serialize_field("message", &self.message())?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(rule: Rule, expected: Expected) -> String {
        Violation::implied("/a".into(), rule, expected).message()
    }

    /// The words kept as data come out as the sentences reports have always printed.
    #[test]
    fn implied_messages_read_as_sentences() {
        assert_eq!(
            message(Rule::MinLength, Expected::Length(2)),
            "`/a` is shorter than 2 characters"
        );
        assert_eq!(
            message(Rule::MaxLength, Expected::Bytes(3)),
            "`/a` is longer than 3 bytes"
        );
        assert_eq!(
            message(Rule::Pattern, Expected::Pattern("^x$")),
            "`/a` does not match the pattern ^x$"
        );
        assert_eq!(
            message(Rule::Minimum, Expected::Decimal("0.5".into())),
            "`/a` is less than the minimum 0.5"
        );
        assert_eq!(
            message(Rule::Enum, Expected::OneOfIntegers(&[1, 2])),
            "`/a` must be one of 1, 2"
        );
        assert_eq!(
            message(Rule::Enum, Expected::OneOfValues(&["x", "y"])),
            "`/a` must be one of x, y"
        );
        assert_eq!(
            message(Rule::MaxProperties, Expected::Count(1)),
            "`/a` has more than 1 entry"
        );
        assert_eq!(
            Violation::wrong_type(String::new(), JsonType::Object, JsonType::Array).message(),
            "the body must be an object, not an array"
        );
        let key =
            Violation::implied("/tags/k".into(), Rule::MaxLength, Expected::Length(1)).of_key();
        assert_eq!(key.rule, Rule::PropertyNames);
        assert_eq!(
            key.message(),
            "the key of `/tags/k` is longer than 1 character"
        );
        let header =
            Violation::implied("/x-n".into(), Rule::Minimum, Expected::Integer(2)).in_header();
        assert_eq!(header.location, Location::Header);
        assert_eq!(header.message(), "header `/x-n` is less than the minimum 2");
        let json = serde_json::to_value(&header).expect("serializes");
        assert_eq!(json["message"], "header `/x-n` is less than the minimum 2");
    }
}
