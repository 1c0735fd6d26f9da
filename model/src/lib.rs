//! The vocabulary conform's generator and the generated runtime share, so that nothing is
//! mirrored by convention: the protocols, the string, integer, number and timestamp formats, the
//! kinds of bad request an error answers, and where a violation sits and which rule it breaks.
//! The generator lowers the spec into these types and writes them into the bindings by their
//! variant names; the runtime and the harness read the same types. Patterns compile the same
//! way on both sides too ([`pattern::Matcher`]).

pub mod case;
pub mod pattern;

use serde::{Deserialize, Serialize};
use std::fmt;

/// The wire protocol of an operation, which decides how errors are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// AWS restJson1: errors are named by the `X-Amzn-ErrorType` header.
    RestJson1,
    /// JSON over HTTP with RFC 9457 problem-details errors (the spec's `json`).
    ProblemDetails,
}

/// A string format the validators know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StringFormat {
    /// The RFC 9562 text form: 8-4-4-4-12 hexadecimal digits.
    Uuid,
    /// An absolute URI: a scheme, a colon, and no white space or control characters.
    Uri,
    /// A URI or a relative reference (RFC 3986), possibly empty: no white space or control
    /// characters.
    UriReference,
}

impl StringFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            StringFormat::Uuid => "uuid",
            StringFormat::Uri => "uri",
            StringFormat::UriReference => "uri-reference",
        }
    }

    /// Whether `text` is in the format.
    #[inline]
    pub fn accepts(self, text: &str) -> bool {
        match self {
            StringFormat::Uuid => is_uuid(text),
            StringFormat::Uri => is_uri(text),
            StringFormat::UriReference => {
                !text.chars().any(|c| c.is_whitespace() || c.is_control())
            }
        }
    }
}

/// A hyphenated UUID (`8-4-4-4-12` hex digits). The 32 digits are read as four words of eight
/// bytes and checked a word at a time: validators check every UUID of every payload.
fn is_uuid(text: &str) -> bool {
    let Ok(bytes) = <&[u8; 36]>::try_from(text.as_bytes()) else {
        return false;
    };
    let word = |at: usize| {
        let mut eight = [0; 8];
        eight.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(eight)
    };
    let halves = |low: usize, high: usize| {
        let mut eight = [0; 8];
        eight[..4].copy_from_slice(&bytes[low..low + 4]);
        eight[4..].copy_from_slice(&bytes[high..high + 4]);
        u64::from_le_bytes(eight)
    };
    [8, 13, 18, 23].iter().all(|&at| bytes[at] == b'-')
        && [word(0), halves(9, 14), halves(19, 24), word(28)]
            .into_iter()
            .all(hex_digits)
}

/// Whether each of the eight bytes of `word` is an ASCII hex digit, in either case.
fn hex_digits(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // For bytes below 0x80, adding `0x80 - lo` sets a byte's high bit exactly when it is at
    // least `lo`, and no sum carries into the next byte.
    let within = |word: u64, lo: u8, hi: u8| {
        let at_least_lo = word + ONES * u64::from(0x80 - lo);
        let above_hi = word + ONES * u64::from(0x7f - hi);
        at_least_lo & !above_hi & HIGH
    };
    let lower = word | (ONES * 0x20);
    word & HIGH == 0 && (within(word, b'0', b'9') | within(lower, b'a', b'f')) == HIGH
}

fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The size of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegerFormat {
    Int32,
    Int64,
}

impl IntegerFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            IntegerFormat::Int32 => "int32",
            IntegerFormat::Int64 => "int64",
        }
    }

    /// The smallest and the largest value of the format.
    pub fn range(self) -> (i64, i64) {
        match self {
            IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            IntegerFormat::Int64 => (i64::MIN, i64::MAX),
        }
    }
}

/// The size of a floating-point number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumberFormat {
    Float,
    Double,
}

impl NumberFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberFormat::Float => "float",
            NumberFormat::Double => "double",
        }
    }
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// Seconds since 1970-01-01T00:00:00Z, a JSON number with an optional fraction (in text, the
    /// same digits).
    EpochSeconds,
    /// RFC 3339 `date-time`, for example `2026-11-30T18:00:00Z`.
    DateTime,
    /// The IMF-fixdate of RFC 9110, for example `Mon, 30 Nov 2026 18:00:00 GMT`.
    HttpDate,
}

impl TimestampFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

/// A kind of bad request, as the documents group them; an error lists those it answers. The
/// spec's `answers:` names them in camel case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    /// A well-typed value breaks a constraint.
    Validation,
    /// The body is not JSON, or a value has the wrong JSON type or does not fit its number type.
    Serialization,
    /// The request carries no credentials.
    Unauthenticated,
    /// The body's `Content-Type` is not one the operation takes.
    MediaType,
    /// A whole SigV4 signature that does not match the request.
    Signature,
}

impl Answer {
    /// The name the spec's `answers:` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Validation => "validation",
            Answer::Serialization => "serialization",
            Answer::Unauthenticated => "unauthenticated",
            Answer::MediaType => "mediaType",
            Answer::Signature => "signature",
        }
    }
}

/// Which part of the request or response a violation points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// The JSON body; the pointer is an RFC 6901 JSON pointer (`""` is the whole body).
    Body,
    /// A path label; the pointer is `/` followed by the label's name.
    Path,
    /// A query parameter; the pointer is `/` followed by the parameter's name.
    Query,
    /// A header; the pointer is `/` followed by the header name in lower case.
    Header,
    /// The response status; the pointer is empty.
    Status,
    /// The credentials: the auth scheme's header or signature.
    Auth,
}

impl Location {
    /// The name reports and case ids give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Status => "status",
            Location::Auth => "auth",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rule a value broke, named as JSON Schema names its keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// The body is not JSON.
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "required")]
    Required,
    #[serde(rename = "type")]
    Type,
    #[serde(rename = "minLength")]
    MinLength,
    #[serde(rename = "maxLength")]
    MaxLength,
    #[serde(rename = "pattern")]
    Pattern,
    #[serde(rename = "minimum")]
    Minimum,
    #[serde(rename = "maximum")]
    Maximum,
    #[serde(rename = "format")]
    Format,
    #[serde(rename = "enum")]
    Enum,
    #[serde(rename = "const")]
    Const,
    #[serde(rename = "oneOf")]
    OneOf,
    /// A tagged union without exactly one member set.
    #[serde(rename = "union")]
    Union,
    #[serde(rename = "minItems")]
    MinItems,
    #[serde(rename = "maxItems")]
    MaxItems,
    #[serde(rename = "uniqueItems")]
    UniqueItems,
    #[serde(rename = "minProperties")]
    MinProperties,
    #[serde(rename = "maxProperties")]
    MaxProperties,
    /// A map key breaks the key schema.
    #[serde(rename = "propertyNames")]
    PropertyNames,
    #[serde(rename = "header")]
    Header,
    /// A member the schema does not declare, where the spec's policy rejects them.
    #[serde(rename = "additionalProperties")]
    AdditionalProperties,
    /// Credentials that are missing or not of the scheme's form.
    #[serde(rename = "auth")]
    Auth,
    /// A whole SigV4 signature that does not match the request.
    #[serde(rename = "signature")]
    Signature,
    /// A bearer token past its lifetime.
    #[serde(rename = "expired")]
    Expired,
}

impl Rule {
    /// The keyword as the spec and reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Json => "json",
            Rule::Required => "required",
            Rule::Type => "type",
            Rule::MinLength => "minLength",
            Rule::MaxLength => "maxLength",
            Rule::Pattern => "pattern",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::Format => "format",
            Rule::Enum => "enum",
            Rule::Const => "const",
            Rule::OneOf => "oneOf",
            Rule::Union => "union",
            Rule::MinItems => "minItems",
            Rule::MaxItems => "maxItems",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinProperties => "minProperties",
            Rule::MaxProperties => "maxProperties",
            Rule::PropertyNames => "propertyNames",
            Rule::Header => "header",
            Rule::AdditionalProperties => "additionalProperties",
            Rule::Auth => "auth",
            Rule::Signature => "signature",
            Rule::Expired => "expired",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::StringFormat;

    #[test]
    fn uuids_are_the_hyphenated_form_in_any_case() {
        let accepts = |text: &str| StringFormat::Uuid.accepts(text);
        assert!(accepts("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(accepts("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
        assert!(!accepts("3fa85f64-5717-4562-b3fc-2c963f66afa"));
        assert!(!accepts("3fa85f64-5717-4562-b3fc-2c963f66afa6a"));
        assert!(!accepts("3fa85f64a5717-4562-b3fc-2c963f66afa6"));
        assert!(!accepts("3fa85f6-45717-4562-b3fc-2c963f66afa6"));
        assert!(!accepts("3fa85f64-5717-4562-b3fc-2c963f66afaé"));
        assert!(!accepts("3fa85f64571745629b3fc92c963f66afa6ab"));
        // Every byte at every position: only a hex digit, or a hyphen where one belongs, passes.
        let good = *b"3fa85f64-5717-4562-b3fc-2c963f66afa6";
        for at in 0..good.len() {
            for byte in 0..=127u8 {
                let mut bytes = good;
                bytes[at] = byte;
                let text = std::str::from_utf8(&bytes).expect("ASCII");
                let hyphen_here = matches!(at, 8 | 13 | 18 | 23);
                let expected = if hyphen_here {
                    byte == b'-'
                } else {
                    byte.is_ascii_hexdigit()
                };
                assert_eq!(accepts(text), expected, "{text:?}");
            }
        }
        // A two-byte character anywhere, whose bytes have the high bit that a word check masks.
        for at in 0..good.len() - 1 {
            let mut bytes = good;
            bytes[at..at + 2].copy_from_slice("é".as_bytes());
            let text = std::str::from_utf8(&bytes).expect("UTF-8");
            assert!(!accepts(text), "{text:?}");
        }
    }
}
