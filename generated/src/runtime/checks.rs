//! The checks generated validators call: one function per kind of value. Each pushes every
//! violation it finds onto `out` and never stops at the first.

use super::violation::{Expected, JsonType, Violation};
use conform_model::pattern::Matcher;
use conform_model::{IntegerFormat, Rule, StringFormat};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// A pattern as the documents write it, with its Rust translation compiled on first use.
pub struct Pattern {
    source: &'static str,
    rust: &'static str,
    compiled: OnceLock<Option<Matcher>>,
}

impl Pattern {
    /// `source` is the documents' pattern, `rust` its translation (checked by the generator).
    pub const fn new(source: &'static str, rust: &'static str) -> Self {
        Pattern {
            source,
            rust,
            compiled: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The pattern for Rust's `regex` crate (`fancy-regex` where it has look-around).
    pub fn rust(&self) -> &'static str {
        self.rust
    }

    /// Whether the pattern matches somewhere in `text` (patterns carry their own anchors). A
    /// backtracking match that runs out of steps counts as a match: a value is never called
    /// wrong for the engine's limits.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| Matcher::new(self.rust))
            .as_ref()
            .is_some_and(|m| m.is_match(text))
    }
}

/// The constraints on a string value.
pub struct StringRules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Pattern>,
    pub format: Option<StringFormat>,
    pub enumeration: &'static [&'static str],
}

/// The constraints on an integer value.
pub struct IntegerRules {
    pub format: IntegerFormat,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// The values allowed; empty when any value is.
    pub enumeration: &'static [i64],
}

// Generated schemas are written with the constants and methods below, so that each value
// states only the constraints it has.
impl StringRules {
    /// Any string.
    pub const ANY: StringRules = StringRules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
        enumeration: &[],
    };

    /// Strings that `pattern` matches.
    pub const fn matching(pattern: Pattern) -> Self {
        StringRules {
            min_length: None,
            max_length: None,
            pattern: Some(pattern),
            format: None,
            enumeration: &[],
        }
    }

    /// The rules, with at least `n` characters.
    pub const fn min_length(mut self, n: u64) -> Self {
        self.min_length = Some(n);
        self
    }

    /// The rules, with at most `n` characters.
    pub const fn max_length(mut self, n: u64) -> Self {
        self.max_length = Some(n);
        self
    }

    /// The rules, in `format`.
    pub const fn format(mut self, format: StringFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// The rules, with only these values allowed.
    pub const fn one_of(mut self, values: &'static [&'static str]) -> Self {
        self.enumeration = values;
        self
    }
}

impl IntegerRules {
    /// Any 32-bit integer.
    pub const INT32: IntegerRules = IntegerRules::any(IntegerFormat::Int32);
    /// Any 64-bit integer.
    pub const INT64: IntegerRules = IntegerRules::any(IntegerFormat::Int64);

    const fn any(format: IntegerFormat) -> Self {
        IntegerRules {
            format,
            minimum: None,
            maximum: None,
            enumeration: &[],
        }
    }

    /// The rules, with values of at least `n`.
    pub const fn minimum(mut self, n: i64) -> Self {
        self.minimum = Some(n);
        self
    }

    /// The rules, with values of at most `n`.
    pub const fn maximum(mut self, n: i64) -> Self {
        self.maximum = Some(n);
        self
    }

    /// The rules, with only these values allowed.
    pub const fn one_of(mut self, values: &'static [i64]) -> Self {
        self.enumeration = values;
        self
    }
}

/// Where a value sits in a document, built on the stack as the checks descend and written out
/// as a JSON pointer (RFC 6901) only when a violation needs it, so a valid document costs no
/// allocation.
#[derive(Debug, Clone, Copy)]
pub enum Pointer<'a> {
    /// The whole document: `""`.
    Root,
    /// The member `key` of the object at the parent.
    Member(&'a Pointer<'a>, &'a str),
    /// The member `name` of the object at the parent, written as it is: the caller guarantees
    /// that it has no `~` or `/` to escape (a schema member whose `plain` flag is set).
    Name(&'a Pointer<'a>, &'a str),
    /// The item `index` of the array at the parent.
    Index(&'a Pointer<'a>, usize),
}

impl Pointer<'_> {
    /// The JSON pointer, with `~` and `/` escaped, written into a string sized for it.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.rendered_len());
        self.write(&mut out);
        out
    }

    fn rendered_len(&self) -> usize {
        match self {
            Pointer::Root => 0,
            // A key's escapes are rare enough to leave to the string's own growth.
            Pointer::Member(parent, key) | Pointer::Name(parent, key) => {
                parent.rendered_len() + 1 + key.len()
            }
            Pointer::Index(parent, index) => {
                let digits = index.checked_ilog10().map_or(1, |log| log as usize + 1);
                parent.rendered_len() + 1 + digits
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Pointer::Root => {}
            Pointer::Member(parent, key) => {
                parent.write(out);
                out.push('/');
                let mut rest = *key;
                while let Some(at) = memchr::memchr2(b'~', b'/', rest.as_bytes()) {
                    out.push_str(&rest[..at]);
                    out.push_str(if rest.as_bytes()[at] == b'~' {
                        "~0"
                    } else {
                        "~1"
                    });
                    rest = &rest[at + 1..];
                }
                out.push_str(rest);
            }
            Pointer::Name(parent, name) => {
                debug_assert!(!name.contains(['~', '/']), "`{name}` needs escaping");
                parent.write(out);
                out.push('/');
                out.push_str(name);
            }
            Pointer::Index(parent, index) => {
                parent.write(out);
                out.push('/');
                // Writing a number into a `String` cannot fail.
                let _ = write!(out, "{index}");
            }
        }
    }
}

pub(super) fn wrong_type(
    value: &Value,
    pointer: &Pointer<'_>,
    expected: JsonType,
    out: &mut Vec<Violation>,
) {
    out.push(Violation::wrong_type(
        pointer.render(),
        expected,
        JsonType::of(value),
    ));
}

/// The member `name` of the object at `pointer`, or the first of its `aliases` present, with the
/// key it was found under. `null` counts as absent when `null_is_absent` says so. A body that
/// spells the member more than one way gets a violation for each extra spelling.
pub fn member<'v>(
    object: &'v Map<String, Value>,
    pointer: &Pointer<'_>,
    name: &'v str,
    aliases: &[&'v str],
    null_is_absent: bool,
    out: &mut Vec<Violation>,
) -> Option<(&'v str, &'v Value)> {
    if aliases.is_empty() {
        let value = object.get(name)?;
        return (!(null_is_absent && value.is_null())).then_some((name, value));
    }
    let mut spellings = std::iter::once(name)
        .chain(aliases.iter().copied())
        .filter_map(|key| object.get_key_value(key));
    let (key, value) = spellings.next()?;
    for (extra, _) in spellings {
        out.push(Violation::body(
            Pointer::Member(pointer, extra).render(),
            Rule::AdditionalProperties,
            Expected::Absent,
            format_args!("is another spelling of `{key}`, which the body has too"),
        ));
    }
    if null_is_absent && value.is_null() {
        None
    } else {
        Some((key.as_str(), value))
    }
}

/// Records that the required member at `pointer` is missing.
pub fn missing(pointer: &Pointer<'_>, out: &mut Vec<Violation>) {
    broken(pointer, Rule::Required, Expected::Present, out);
}

/// Records that the value at `pointer` broke `rule`, whose words follow from `expected`.
pub(super) fn broken(
    pointer: &Pointer<'_>,
    rule: Rule,
    expected: Expected,
    out: &mut Vec<Violation>,
) {
    out.push(Violation::implied(pointer.render(), rule, expected));
}

/// `value` as an object, or a type violation.
pub fn object<'v>(
    value: &'v Value,
    pointer: &Pointer<'_>,
    out: &mut Vec<Violation>,
) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            wrong_type(other, pointer, JsonType::Object, out);
            None
        }
    }
}

pub fn boolean(value: &Value, pointer: &Pointer<'_>, out: &mut Vec<Violation>) {
    if !value.is_boolean() {
        wrong_type(value, pointer, JsonType::Boolean, out);
    }
}

#[inline]
pub fn string(value: &Value, pointer: &Pointer<'_>, rules: &StringRules, out: &mut Vec<Violation>) {
    let Value::String(text) = value else {
        return wrong_type(value, pointer, JsonType::String, out);
    };
    let length = length_of(text, rules.min_length, rules.max_length);
    if let Some(min) = rules.min_length
        && length < min
    {
        broken(pointer, Rule::MinLength, Expected::Length(min), out);
    }
    if let Some(max) = rules.max_length
        && length > max
    {
        broken(pointer, Rule::MaxLength, Expected::Length(max), out);
    }
    if let Some(pattern) = &rules.pattern
        && !pattern.is_match(text)
    {
        broken(
            pointer,
            Rule::Pattern,
            Expected::Pattern(pattern.source()),
            out,
        );
    }
    if let Some(format) = rules.format
        && !format.accepts(text)
    {
        broken(
            pointer,
            Rule::Format,
            Expected::Format(format.as_str()),
            out,
        );
    }
    if !rules.enumeration.is_empty() && !rules.enumeration.contains(&text.as_str()) {
        broken(
            pointer,
            Rule::Enum,
            Expected::OneOfValues(rules.enumeration),
            out,
        );
    }
}

/// The length of `text` in characters, or its length in bytes where that decides both bounds
/// alike (a text has no more characters than bytes, and at least a quarter as many), or where
/// every character is one byte.
fn length_of(text: &str, min: Option<u64>, max: Option<u64>) -> u64 {
    let bytes = text.len() as u64;
    let under_max = max.is_none_or(|max| bytes <= max);
    let over_min = min.is_none_or(|min| bytes.div_ceil(4) >= min);
    if (under_max && over_min) || text.is_ascii() {
        bytes
    } else {
        text.chars().count() as u64
    }
}

pub fn integer(
    value: &Value,
    pointer: &Pointer<'_>,
    rules: &IntegerRules,
    out: &mut Vec<Violation>,
) {
    let Value::Number(number) = value else {
        return wrong_type(value, pointer, JsonType::Integer, out);
    };
    let (lo, hi) = rules.format.range();
    let fits = |n: i64| (lo..=hi).contains(&n);
    let n = match (number.as_i64(), number.as_u64(), number.as_f64()) {
        (Some(n), _, _) if fits(n) => n,
        (Some(_), _, _) | (None, Some(_), _) => return overflow(pointer, rules.format, out),
        // serde_json reads integers beyond u64 as floats; they do not fit either format.
        (None, None, Some(f)) if f.fract() == 0.0 && f.abs() >= 9.2e18 => {
            return overflow(pointer, rules.format, out);
        }
        // A number without a fraction is an integer however JSON writes it (`1.0`, `-0`,
        // `1e2`), as JSON Schema says; the exported `type: integer` means the same.
        (None, None, Some(f)) if f.is_finite() && f.fract() == 0.0 => match f as i64 {
            n if fits(n) => n,
            _ => return overflow(pointer, rules.format, out),
        },
        _ => return wrong_type(value, pointer, JsonType::Integer, out),
    };
    if let Some(min) = rules.minimum
        && n < min
    {
        broken(pointer, Rule::Minimum, Expected::Integer(min), out);
    }
    if let Some(max) = rules.maximum
        && n > max
    {
        broken(pointer, Rule::Maximum, Expected::Integer(max), out);
    }
    if !rules.enumeration.is_empty() && !rules.enumeration.contains(&n) {
        broken(
            pointer,
            Rule::Enum,
            Expected::OneOfIntegers(rules.enumeration),
            out,
        );
    }
}

fn overflow(pointer: &Pointer<'_>, format: IntegerFormat, out: &mut Vec<Violation>) {
    // Fixed words for each format, so that finding the violation formats nothing.
    let detail = match format {
        IntegerFormat::Int32 => format_args!("does not fit a int32 integer"),
        IntegerFormat::Int64 => format_args!("does not fit a int64 integer"),
    };
    out.push(Violation::body(
        pointer.render(),
        Rule::Format,
        Expected::Format(format.as_str()),
        detail,
    ));
}

/// Any JSON object.
pub fn any_object(value: &Value, pointer: &Pointer<'_>, out: &mut Vec<Violation>) {
    object(value, pointer, out);
}

/// Parses a body, or says why it is not JSON.
pub fn parse_json(body: &[u8]) -> Result<Value, Violation> {
    serde_json::from_slice(body).map_err(|e| {
        let detail = if body.iter().all(u8::is_ascii_whitespace) {
            "is empty".to_string()
        } else if std::str::from_utf8(body).is_err() {
            "is not UTF-8 text".to_string()
        } else {
            format!(
                "is not valid JSON ({} at line {} column {})",
                classify(&e),
                e.line(),
                e.column()
            )
        };
        Violation::body("", Rule::Json, Expected::Json, format_args!("{detail}"))
    })
}

fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "it ends too early",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "a data error",
        serde_json::error::Category::Io => "a read error",
    }
}

/// Parses a body, runs `check` on it and, if `check` finds nothing, reads it into `T`.
pub(super) fn parse_with<T: serde::de::DeserializeOwned>(
    body: &[u8],
    check: impl FnOnce(&Value, &mut Vec<Violation>),
) -> Result<T, Vec<Violation>> {
    let value = parse_json(body).map_err(|v| vec![v])?;
    let mut out = Vec::new();
    check(&value, &mut out);
    if !out.is_empty() {
        return Err(out);
    }
    into_model(value)
}

/// Checks an error body against the schema of `T`, checks that its `status_member` (if any)
/// equals `status`, and reads it into `T`.
pub fn parse_problem<T: super::Model>(
    body: &[u8],
    status_member: Option<&str>,
    status: u16,
) -> Result<T, Vec<Violation>> {
    parse_with(body, |value, out| {
        T::check(value, &Pointer::Root, out);
        if let Some(name) = status_member
            && let Some(found) = value.get(name).and_then(Value::as_i64)
            && found != i64::from(status)
        {
            out.push(Violation::body(
                Pointer::Member(&Pointer::Root, name).render(),
                Rule::Const,
                Expected::Integer(i64::from(status)),
                format_args!("must equal the response status {status}"),
            ));
        }
    })
}

/// Reads a value that passed its checks into its model.
pub fn into_model<T: serde::de::DeserializeOwned>(mut value: Value) -> Result<T, Vec<Violation>> {
    // The checks accept only what the model can hold, so this fails only if they disagree. An
    // integer written with a fraction of zero (`1.0`) passes them, and Rust's integers take it
    // once it is written as an integer; floating-point members take integers as they are.
    integral(&mut value);
    serde_json::from_value(value).map_err(|_| {
        vec![Violation::body(
            "",
            Rule::Type,
            Expected::Type(JsonType::Object),
            format_args!("passed its checks but does not fit the model"),
        )]
    })
}

/// Rewrites every number without a fraction, within the 64-bit range, as an integer.
fn integral(value: &mut Value) {
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18) {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral),
        Value::Object(members) => members.values_mut().for_each(integral),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn pointers_escape_their_keys() {
        let root = Pointer::Root;
        let tilde = Pointer::Member(&root, "a~b/c//~");
        let first = Pointer::Index(&tilde, 0);
        let tenth = Pointer::Index(&first, 10);
        let big = Pointer::Index(&tenth, 9_999);
        let plain = Pointer::Member(&big, "é");
        let named = Pointer::Name(&plain, "x");
        let in_item = Pointer::Name(&first, "y");
        for (pointer, expected) in [
            (root, ""),
            (tilde, "/a~0b~1c~1~1~0"),
            (first, "/a~0b~1c~1~1~0/0"),
            (tenth, "/a~0b~1c~1~1~0/0/10"),
            (big, "/a~0b~1c~1~1~0/0/10/9999"),
            (plain, "/a~0b~1c~1~1~0/0/10/9999/é"),
            (named, "/a~0b~1c~1~1~0/0/10/9999/é/x"),
            (in_item, "/a~0b~1c~1~1~0/0/y"),
        ] {
            assert_eq!(pointer.render(), expected);
        }
    }
}
