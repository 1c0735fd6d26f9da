//! Checks of the scalar types beyond strings and integers (floating-point numbers, timestamps,
//! blobs), and the model types that read and write timestamps and blobs as the wire has them.

use super::checks::{Pointer, broken, wrong_type};
use super::schema::{BlobRules, NumberRules};
use super::violation::{Expected, JsonType, Rule, Violation};
use base64::Engine;
use conform_model::{NumberFormat, TimestampFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The words restJson1 uses for the floating-point values JSON cannot write.
pub const NON_FINITE: [&str; 3] = ["NaN", "Infinity", "-Infinity"];

pub fn number(value: &Value, pointer: &Pointer<'_>, rules: &NumberRules, out: &mut Vec<Violation>) {
    let n = match value {
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) if rules.non_finite_strings && NON_FINITE.contains(&s.as_str()) => {
            return;
        }
        other => return wrong_type(other, pointer, JsonType::Number, out),
    };
    if rules.format == NumberFormat::Float && n.is_finite() && n.abs() > f64::from(f32::MAX) {
        // A value the type cannot hold is a serialization problem; its bounds do not matter.
        out.push(Violation::body(
            pointer.render(),
            Rule::Format,
            Expected::Format("float"),
            format_args!("does not fit a 32-bit float"),
        ));
        return;
    }
    if let Some(min) = rules.minimum
        && n < min
    {
        broken(
            pointer,
            Rule::Minimum,
            Expected::Decimal(min.to_string()),
            out,
        );
    }
    if let Some(max) = rules.maximum
        && n > max
    {
        broken(
            pointer,
            Rule::Maximum,
            Expected::Decimal(max.to_string()),
            out,
        );
    }
}

/// A timestamp in JSON: a number for epoch seconds, a string for the text formats.
pub fn timestamp(
    value: &Value,
    pointer: &Pointer<'_>,
    format: TimestampFormat,
    out: &mut Vec<Violation>,
) {
    match (format, value) {
        (TimestampFormat::EpochSeconds, Value::Number(_)) => {}
        (TimestampFormat::EpochSeconds, other) => wrong_type(other, pointer, JsonType::Number, out),
        (_, Value::String(text)) => timestamp_text(text, pointer, format, out),
        (_, other) => wrong_type(other, pointer, JsonType::String, out),
    }
}

/// A timestamp written as text in `format`.
pub fn timestamp_text(
    text: &str,
    pointer: &Pointer<'_>,
    format: TimestampFormat,
    out: &mut Vec<Violation>,
) {
    if parse_timestamp(text, format).is_none() {
        out.push(Violation::body(
            pointer.render(),
            Rule::Format,
            Expected::Format(format.as_str()),
            format_args!("is not a {} timestamp", format.as_str()),
        ));
    }
}

/// The instant `text` names in `format`, if it is well formed.
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Option<time::OffsetDateTime> {
    match format {
        TimestampFormat::EpochSeconds => {
            let seconds: f64 = text.parse().ok().filter(|s: &f64| s.is_finite())?;
            let nanos = (seconds * 1e9).round();
            if nanos.abs() > 9.2e27 {
                return None;
            }
            time::OffsetDateTime::from_unix_timestamp_nanos(nanos as i128).ok()
        }
        TimestampFormat::DateTime => {
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
        }
        TimestampFormat::HttpDate => {
            let when = httpdate::parse_http_date(text).ok()?;
            Some(time::OffsetDateTime::from(when))
        }
    }
}

/// `instant` written in `format`.
pub fn format_timestamp(instant: time::OffsetDateTime, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::EpochSeconds => {
            let nanos = instant.unix_timestamp_nanos();
            if nanos % 1_000_000_000 == 0 {
                (nanos / 1_000_000_000).to_string()
            } else {
                format!("{:.3}", nanos as f64 / 1e9)
            }
        }
        TimestampFormat::DateTime => instant
            .to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z")),
        TimestampFormat::HttpDate => httpdate::fmt_http_date(instant.into()),
    }
}

pub fn blob(value: &Value, pointer: &Pointer<'_>, rules: &BlobRules, out: &mut Vec<Violation>) {
    let Value::String(text) = value else {
        return wrong_type(value, pointer, JsonType::String, out);
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
        out.push(Violation::body(
            pointer.render(),
            Rule::Format,
            Expected::Format("base64"),
            format_args!("is not base64"),
        ));
        return;
    };
    let length = bytes.len() as u64;
    if let Some(min) = rules.min_length
        && length < min
    {
        broken(pointer, Rule::MinLength, Expected::Bytes(min), out);
    }
    if let Some(max) = rules.max_length
        && length > max
    {
        broken(pointer, Rule::MaxLength, Expected::Bytes(max), out);
    }
}

macro_rules! timestamp_type {
    ($name:ident, $format:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub time::OffsetDateTime);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let text = format_timestamp(self.0, $format);
                if $format == TimestampFormat::EpochSeconds {
                    let n: f64 = text.parse().map_err(serde::ser::Error::custom)?;
                    if n.fract() == 0.0 {
                        serializer.serialize_i64(n as i64)
                    } else {
                        serializer.serialize_f64(n)
                    }
                } else {
                    serializer.serialize_str(&text)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                let text = match (&value, $format) {
                    (Value::Number(n), TimestampFormat::EpochSeconds) => n.to_string(),
                    (Value::String(s), f) if f != TimestampFormat::EpochSeconds => s.clone(),
                    _ => return Err(serde::de::Error::custom("not a timestamp of this format")),
                };
                parse_timestamp(&text, $format)
                    .map($name)
                    .ok_or_else(|| serde::de::Error::custom("not a timestamp of this format"))
            }
        }
    };
}

timestamp_type!(
    EpochSeconds,
    TimestampFormat::EpochSeconds,
    "A timestamp written as seconds since the Unix epoch."
);
timestamp_type!(
    DateTime,
    TimestampFormat::DateTime,
    "A timestamp written as an RFC 3339 `date-time`."
);
timestamp_type!(
    HttpDate,
    TimestampFormat::HttpDate,
    "A timestamp written as an RFC 9110 IMF-fixdate."
);

/// Bytes, written as base64 on the wire.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Blob(pub Vec<u8>);

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(Blob)
            .map_err(serde::de::Error::custom)
    }
}
