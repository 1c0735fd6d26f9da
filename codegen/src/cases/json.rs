//! A minimal JSON value that keeps member order, for writing case bodies byte for byte.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number, written as given (`1`, `1.5`, `9223372036854775808`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn int(n: i64) -> Json {
        Json::Number(n.to_string())
    }

    pub fn str(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    /// Compact JSON, as SDKs send it.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (name, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(name, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// This object with `name` set to `value` (replaced in place, or appended).
    pub fn with(&self, name: &str, value: Json) -> Json {
        let Json::Object(members) = self else {
            return self.clone();
        };
        let mut members = members.clone();
        match members.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => members.push((name.to_string(), value)),
        }
        Json::Object(members)
    }

    /// This object without `name`.
    pub fn without(&self, name: &str) -> Json {
        let Json::Object(members) = self else {
            return self.clone();
        };
        Json::Object(members.iter().filter(|(n, _)| n != name).cloned().collect())
    }

    /// This value with the value at `path` (object member names and array indexes) set to
    /// `value`. Every step but the last must already exist.
    pub fn with_path(&self, path: &[String], value: Json) -> Json {
        match path {
            [] => value,
            [last] => match self {
                Json::Array(items) => {
                    let mut items = items.clone();
                    if let Some(slot) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        *slot = value;
                    }
                    Json::Array(items)
                }
                _ => self.with(last, value),
            },
            [first, rest @ ..] => match self {
                Json::Array(items) => {
                    let mut items = items.clone();
                    if let Some(slot) = first.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        *slot = slot.with_path(rest, value);
                    }
                    Json::Array(items)
                }
                Json::Object(members) => {
                    let mut members = members.clone();
                    if let Some(slot) = members.iter_mut().find(|(n, _)| n == first) {
                        slot.1 = slot.1.with_path(rest, value);
                    }
                    Json::Object(members)
                }
                other => other.clone(),
            },
        }
    }

    /// This value without the object member at `path`.
    pub fn without_path(&self, path: &[String]) -> Json {
        match path {
            [] => self.clone(),
            [last] => self.without(last),
            [first, rest @ ..] => match self {
                Json::Array(items) => {
                    let mut items = items.clone();
                    if let Some(slot) = first.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        *slot = slot.without_path(rest);
                    }
                    Json::Array(items)
                }
                Json::Object(members) => {
                    let mut members = members.clone();
                    if let Some(slot) = members.iter_mut().find(|(n, _)| n == first) {
                        slot.1 = slot.1.without_path(rest);
                    }
                    Json::Object(members)
                }
                other => other.clone(),
            },
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn compact_and_ordered() {
        let j = Json::Object(vec![
            ("b".into(), Json::int(1)),
            (
                "a".into(),
                Json::Array(vec![Json::Null, Json::Bool(true), Json::str("x\"\n\u{1}é")]),
            ),
        ]);
        assert_eq!(j.to_compact(), r#"{"b":1,"a":[null,true,"x\"\n\u0001é"]}"#);
        assert_eq!(
            j.with("b", Json::int(2)).without("a").to_compact(),
            r#"{"b":2}"#
        );
    }
}
