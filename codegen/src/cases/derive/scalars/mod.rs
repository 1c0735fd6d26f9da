//! The values that break, or sit at, each rule of a value: what a case at a body site, a path
//! label, a query parameter or a header sends. Each row draws from the stream of its own case
//! id and hands the stream on, so the rest of the request draws from it too.

mod strings;

use super::Deriver;
use super::values::{INSTANT, alnum, blob, number_text, pattern_matches, uuid};
use crate::cases::json::Json;
use crate::cases::rng::Rng;
use crate::ir::{
    Answer, IntegerFormat, NumberFormat, StringFormat, StringType, TimestampFormat, Type,
};
use conform_model::Rule;

/// The longest run the backtracking case sends: long enough to take an exponential engine
/// minutes, short enough for any body limit.
const BACKTRACKING_LENGTH: usize = 256;

/// A value that breaks one rule.
pub(super) struct Miss {
    /// The last part of the case id: `maxLength`, `pattern.nonAscii`, `format.int32`.
    pub label: String,
    pub value: Json,
    /// The rule it breaks.
    pub rule: Rule,
    /// Other rules the same value cannot help breaking.
    pub also: Vec<Rule>,
    pub answer: Answer,
    pub summary: String,
    pub rng: Rng,
}

/// A valid value at a bound, or drawn from a pattern.
pub(super) struct Bound {
    pub label: String,
    pub value: Json,
    pub summary: String,
    pub rng: Rng,
}

/// A way to miss a pattern: its label, the characters to try, where to put one (given the
/// length), and how the summary says it.
type PatternMiss = (
    &'static str,
    &'static [char],
    fn(usize) -> usize,
    &'static str,
);

/// `n` characters outside the Basic Multilingual Plane that the string's rules take, but for
/// its length: each is one code point (which JSON Schema and Smithy count), two UTF-16 units
/// and four bytes of UTF-8, so the case shows what a server counts.
fn astral(s: &StringType, n: usize) -> Option<String> {
    if s.format.is_some() || !s.enumeration.is_empty() {
        return None;
    }
    ['\u{1D11E}', '\u{1F600}', '\u{20000}']
        .into_iter()
        .map(|c| std::iter::repeat_n(c, n).collect::<String>())
        .find(|text| {
            s.pattern
                .as_ref()
                .is_none_or(|p| pattern_matches(&p.rust, text))
        })
}

fn fits(value: i64, format: IntegerFormat) -> bool {
    match format {
        IntegerFormat::Int32 => i32::try_from(value).is_ok(),
        IntegerFormat::Int64 => true,
    }
}

pub(super) fn format_ok(format: StringFormat, text: &str) -> bool {
    match format {
        StringFormat::Uuid => {
            text.len() == 36
                && text.bytes().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => b == b'-',
                    _ => b.is_ascii_hexdigit(),
                })
        }
        StringFormat::Uri => text.contains(':') && !text.contains(char::is_whitespace),
        StringFormat::UriReference => !text.contains(char::is_whitespace),
    }
}

impl Deriver<'_> {
    /// The values that break each rule of a scalar of type `ty` named `name`; `id` turns a
    /// label into the case id whose stream the row draws from.
    pub(super) fn misses(&self, name: &str, ty: &Type, id: &dyn Fn(&str) -> String) -> Vec<Miss> {
        let mut out = Vec::new();
        let validation = Answer::Validation;
        let serialization = Answer::Serialization;
        let mut row =
            |label: &str, value: Json, rule: Rule, answer: Answer, summary: String, rng: Rng| {
                out.push(Miss {
                    label: label.to_string(),
                    value,
                    rule,
                    also: Vec::new(),
                    answer,
                    summary,
                    rng,
                });
            };
        match ty {
            Type::String(s) => return self.string_misses(name, s, id),
            Type::Integer(i) => {
                if let Some(min) = i.minimum
                    && let Some(below) = min.checked_sub(1).filter(|v| fits(*v, i.format))
                {
                    row(
                        "minimum",
                        Json::int(below),
                        Rule::Minimum,
                        validation,
                        format!("`{name}` is {below}, under its minimum {min}."),
                        self.rng(&id("minimum")),
                    );
                }
                if let Some(max) = i.maximum
                    && let Some(above) = max.checked_add(1).filter(|v| fits(*v, i.format))
                {
                    row(
                        "maximum",
                        Json::int(above),
                        Rule::Maximum,
                        validation,
                        format!("`{name}` is {above}, over its maximum {max}."),
                        self.rng(&id("maximum")),
                    );
                }
                if i.format == IntegerFormat::Int32 {
                    row(
                        "format.int32",
                        Json::Number("2147483648".into()),
                        Rule::Format,
                        serialization,
                        format!("`{name}` is 2^31, past a 32-bit integer."),
                        self.rng(&id("format.int32")),
                    );
                }
                if i.format == IntegerFormat::Int32 {
                    row(
                        "format.int32.negative",
                        Json::Number("-2147483649".into()),
                        Rule::Format,
                        serialization,
                        format!("`{name}` is -2^31 - 1, below a 32-bit integer."),
                        self.rng(&id("format.int32.negative")),
                    );
                }
                row(
                    "format.int64",
                    Json::Number("9223372036854775808".into()),
                    Rule::Format,
                    serialization,
                    format!("`{name}` is 2^63, past a 64-bit integer."),
                    self.rng(&id("format.int64")),
                );
                row(
                    "format.int64.negative",
                    Json::Number("-9223372036854775809".into()),
                    Rule::Format,
                    serialization,
                    format!("`{name}` is -2^63 - 1, below a 64-bit integer."),
                    self.rng(&id("format.int64.negative")),
                );
                // A reader that falls back to unsigned 64 bits still cannot hold 2^64.
                row(
                    "format.uint64",
                    Json::Number("18446744073709551616".into()),
                    Rule::Format,
                    serialization,
                    format!("`{name}` is 2^64, past even an unsigned 64-bit integer."),
                    self.rng(&id("format.uint64")),
                );
                if !i.enumeration.is_empty() {
                    let outside = (0..)
                        .map(|k: i64| {
                            i.enumeration
                                .iter()
                                .max()
                                .copied()
                                .unwrap_or(0)
                                .saturating_add(1 + k)
                        })
                        .find(|v| {
                            fits(*v, i.format)
                                && i.minimum.is_none_or(|m| *v >= m)
                                && i.maximum.is_none_or(|m| *v <= m)
                        });
                    if let Some(v) = outside.filter(|v| !i.enumeration.contains(v)) {
                        row(
                            "enum",
                            Json::int(v),
                            Rule::Enum,
                            validation,
                            format!("`{name}` is {v}, not one of its values."),
                            self.rng(&id("enum")),
                        );
                    }
                }
            }
            Type::Number(n) => {
                // One, or a millionth of the bound where that is more, so the step shows.
                let step = |v: f64| v.abs().max(1.0) * 1e-6_f64.max(1.0 / v.abs().max(1.0));
                if let Some(min) = n.minimum {
                    let below = min - step(min);
                    row(
                        "minimum",
                        Json::Number(number_text(below)),
                        Rule::Minimum,
                        validation,
                        format!("`{name}` is under its minimum {min}."),
                        self.rng(&id("minimum")),
                    );
                }
                if let Some(max) = n.maximum {
                    let above = max + step(max);
                    row(
                        "maximum",
                        Json::Number(number_text(above)),
                        Rule::Maximum,
                        validation,
                        format!("`{name}` is over its maximum {max}."),
                        self.rng(&id("maximum")),
                    );
                }
                if n.format == NumberFormat::Float {
                    row(
                        "format.float",
                        Json::Number("1e39".into()),
                        Rule::Format,
                        serialization,
                        format!("`{name}` is 10^39, past a 32-bit float."),
                        self.rng(&id("format.float")),
                    );
                }
            }
            Type::Timestamp(format) => {
                let (value, summary) = match format {
                    TimestampFormat::EpochSeconds => (
                        Json::str("2026-01-01T00:00:00Z"),
                        format!("`{name}` is a date-time string, not epoch seconds."),
                    ),
                    TimestampFormat::DateTime => (
                        Json::str("2026-13-45T25:61:00Z"),
                        format!("`{name}` is not a valid date-time."),
                    ),
                    TimestampFormat::HttpDate => (
                        Json::str("2026-01-01T00:00:00Z"),
                        format!("`{name}` is a date-time, not an HTTP date."),
                    ),
                };
                let rule = if *format == TimestampFormat::EpochSeconds {
                    Rule::Type
                } else {
                    Rule::Format
                };
                row(
                    &format!("format.{}", format.as_str()),
                    value,
                    rule,
                    serialization,
                    summary,
                    self.rng(&id(&format!("format.{}", format.as_str()))),
                );
            }
            Type::Blob(b) => {
                row(
                    "format.base64",
                    Json::str("not base64!"),
                    Rule::Format,
                    serialization,
                    format!("`{name}` is not base64."),
                    self.rng(&id("format.base64")),
                );
                if let Some(min) = b.min_length.filter(|m| *m > 0) {
                    let len = min as usize - 1;
                    row(
                        "minLength",
                        Json::str(blob(len)),
                        Rule::MinLength,
                        validation,
                        format!("`{name}` has {len} bytes, under its minimum."),
                        self.rng(&id("minLength")),
                    );
                }
                if let Some(max) = b.max_length {
                    let len = max as usize + 1;
                    row(
                        "maxLength",
                        Json::str(blob(len)),
                        Rule::MaxLength,
                        validation,
                        format!("`{name}` has {len} bytes, over its maximum."),
                        self.rng(&id("maxLength")),
                    );
                }
            }
            Type::Boolean | Type::Array(_) | Type::Map(_) | Type::Struct(_) | Type::AnyObject => {}
        }
        out
    }

    /// Valid values at each bound of a scalar, and one drawn from its pattern.
    pub(super) fn bounds(&self, name: &str, ty: &Type, id: &dyn Fn(&str) -> String) -> Vec<Bound> {
        let mut out = Vec::new();
        match ty {
            Type::String(s) => {
                let mut bounds = Vec::new();
                if let Some(min) = s.min_length {
                    bounds.push(("minLength", min as usize, true));
                }
                if let Some(max) = s.max_length {
                    bounds.push(("maxLength", max as usize, false));
                }
                for (rule, bound, upward) in bounds {
                    let mut rng = self.rng(&id(rule));
                    // The bound itself, or the nearest length inside the bounds a value can have.
                    let lengths: Vec<usize> = if upward {
                        (bound..=s.max_length.map_or(bound + 64, |m| m as usize)).collect()
                    } else {
                        (s.min_length.unwrap_or(0) as usize..=bound).rev().collect()
                    };
                    let Some(text) = lengths
                        .iter()
                        .find_map(|len| self.string_of_length(s, *len, &mut rng))
                    else {
                        continue;
                    };
                    let n = text.chars().count();
                    out.push(Bound {
                        label: rule.into(),
                        value: Json::str(text),
                        summary: format!(
                            "`{name}` at its {rule} bound: {}.",
                            crate::text::count(n, "character", "characters")
                        ),
                        rng,
                    });
                }
                if let Some(max) = s.max_length.filter(|m| *m > 0)
                    && let Some(text) = astral(s, max as usize)
                {
                    out.push(Bound {
                        label: "maxLength.nonBmp".into(),
                        value: Json::str(text),
                        summary: format!(
                            "`{name}` is {max} characters outside the Basic Multilingual Plane: at its maxLength in code points, over it in UTF-16 units ({}).",
                            2 * max
                        ),
                        rng: self.rng(&id("maxLength.nonBmp")),
                    });
                }
                if s.pattern.is_some() {
                    let mut rng = self.rng(&id("pattern"));
                    let min = s.min_length.unwrap_or(1) as usize;
                    let max = s.max_length.map_or(min + 40, |m| m as usize);
                    let len = min + rng.below(max - min + 1);
                    let found = (len..=max)
                        .chain(min..len)
                        .find_map(|l| self.string_of_length(s, l, &mut rng));
                    if let Some(text) = found {
                        let n = text.chars().count();
                        out.push(Bound {
                            label: "pattern".into(),
                            value: Json::str(text),
                            summary: format!(
                                "`{name}` drawn from its pattern: {}.",
                                crate::text::count(n, "character", "characters")
                            ),
                            rng,
                        });
                    }
                }
                if s.format == Some(StringFormat::Uuid) {
                    let mut rng = self.rng(&id("format"));
                    let upper = uuid(&mut rng).to_ascii_uppercase();
                    out.push(Bound {
                        label: "format".into(),
                        value: Json::str(upper),
                        summary: format!("`{name}` as an upper-case UUID."),
                        rng,
                    });
                }
            }
            Type::Integer(i) => {
                for (rule, bound) in [("minimum", i.minimum), ("maximum", i.maximum)] {
                    let Some(bound) = bound else { continue };
                    out.push(Bound {
                        label: rule.into(),
                        value: Json::int(bound),
                        summary: format!("`{name}` at its {rule}, {bound}."),
                        rng: self.rng(&id(rule)),
                    });
                }
            }
            Type::Number(n) => {
                for (rule, bound) in [("minimum", n.minimum), ("maximum", n.maximum)] {
                    let Some(bound) = bound else { continue };
                    out.push(Bound {
                        label: rule.into(),
                        value: Json::Number(number_text(bound)),
                        summary: format!("`{name}` at its {rule}, {bound}."),
                        rng: self.rng(&id(rule)),
                    });
                }
            }
            Type::Timestamp(TimestampFormat::DateTime) => {
                // RFC 3339 allows any offset; the instant is the same.
                out.push(Bound {
                    label: "format.offset".into(),
                    value: Json::str("2026-01-01T01:00:00+01:00"),
                    summary: format!("`{name}` with a time-zone offset."),
                    rng: self.rng(&id("format.offset")),
                });
            }
            Type::Timestamp(TimestampFormat::HttpDate) => {}
            Type::Timestamp(TimestampFormat::EpochSeconds) => {
                out.push(Bound {
                    label: "format.fraction".into(),
                    value: Json::Number(format!("{INSTANT}.5")),
                    summary: format!("`{name}` with a fraction of a second."),
                    rng: self.rng(&id("format.fraction")),
                });
            }
            Type::Blob(b) => {
                for (rule, bound) in [("minLength", b.min_length), ("maxLength", b.max_length)] {
                    let Some(bound) = bound else { continue };
                    out.push(Bound {
                        label: rule.into(),
                        value: Json::str(blob(bound as usize)),
                        summary: format!("`{name}` at its {rule}, {bound} bytes."),
                        rng: self.rng(&id(rule)),
                    });
                }
            }
            _ => {}
        }
        out
    }
}
