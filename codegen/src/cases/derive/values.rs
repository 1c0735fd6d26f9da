//! Valid values of every type: typical scalars, minimal and full bodies, the base body that
//! reaches a value at any depth, and how a scalar is written in a path, a query or a header.

use super::{Deriver, MAP_KEY};
use crate::cases::json::Json;
use crate::cases::rng::Rng;
use crate::cases::sample;
use crate::ir::{Member, StringFormat, StringType, TimestampFormat, Type};

/// How deep a full value goes before it stops adding optional members, for recursive shapes.
const FULL_DEPTH: usize = 6;

/// An instant every timestamp case uses: 2026-01-01T00:00:00Z.
pub(super) const INSTANT: i64 = 1_767_225_600;

/// [`INSTANT`] as RFC 3339 writes it.
const INSTANT_DATE_TIME: &str = "2026-01-01T00:00:00Z";

/// [`INSTANT`] as an HTTP date (IMF-fixdate).
const INSTANT_HTTP_DATE: &str = "Thu, 01 Jan 2026 00:00:00 GMT";

impl Deriver<'_> {
    /// A typical valid value of `ty`: required members only, and as few items as allowed.
    pub(super) fn value(&self, ty: &Type, rng: &mut Rng) -> Json {
        self.value_of(ty, rng, false, 0)
    }

    /// A valid value of `ty` with every member, and one item or entry in each list and map.
    pub(super) fn full_value(&self, ty: &Type, rng: &mut Rng) -> Json {
        self.value_of(ty, rng, true, 0)
    }

    fn value_of(&self, ty: &Type, rng: &mut Rng, full: bool, depth: usize) -> Json {
        let full = full && depth < FULL_DEPTH;
        match ty {
            Type::String(s) => Json::str(self.typical_string(s, rng)),
            Type::Integer(i) => match i.enumeration.first() {
                Some(first) => Json::int(*first),
                None => Json::int(
                    i.minimum
                        .unwrap_or(0)
                        .max(0)
                        .min(i.maximum.unwrap_or(i64::MAX)),
                ),
            },
            Type::Number(n) => {
                let typical = 1.5_f64;
                let v = match (n.minimum, n.maximum) {
                    (Some(min), _) if typical < min => min,
                    (_, Some(max)) if typical > max => max,
                    _ => typical,
                };
                Json::Number(number_text(v))
            }
            Type::Boolean => Json::Bool(true),
            Type::Timestamp(format) => timestamp(*format),
            Type::Blob(b) => {
                let len = b
                    .min_length
                    .unwrap_or(0)
                    .max(7)
                    .min(b.max_length.unwrap_or(u64::MAX));
                Json::str(blob(len as usize))
            }
            Type::Array(array) => {
                let min = array.min_items.unwrap_or(0) as usize;
                let count = if full { min.max(1) } else { min };
                let count = count.min(array.max_items.map_or(usize::MAX, |m| m as usize));
                Json::Array(
                    (0..count)
                        .map(|i| self.item(&array.items, i, rng, full, depth + 1))
                        .collect(),
                )
            }
            Type::Map(map) => {
                let min = map.min_properties.unwrap_or(0) as usize;
                let count = if full { min.max(1) } else { min };
                let count = count.min(map.max_properties.map_or(usize::MAX, |m| m as usize));
                Json::Object(
                    (0..count)
                        .map(|i| {
                            (
                                self.map_key(&map.keys, i, rng),
                                self.value_of(&map.values, rng, full, depth + 1),
                            )
                        })
                        .collect(),
                )
            }
            Type::Struct(name) => {
                let Some(s) = self.op.struct_named(name) else {
                    return Json::Object(Vec::new());
                };
                if s.union {
                    let Some(first) = s.members.first() else {
                        return Json::Object(Vec::new());
                    };
                    return Json::Object(vec![(
                        first.wire_name.clone(),
                        self.value_of(&first.ty, rng, full, depth + 1),
                    )]);
                }
                Json::Object(
                    s.members
                        .iter()
                        .filter(|m| m.required || full)
                        .map(|m| {
                            (
                                m.wire_name.clone(),
                                self.value_of(&m.ty, rng, full, depth + 1),
                            )
                        })
                        .collect(),
                )
            }
            Type::AnyObject => Json::Object(Vec::new()),
        }
    }

    /// The `index`th item of a list: different items where the type allows, so that lists
    /// whose items must be unique stay valid.
    pub(super) fn item(
        &self,
        ty: &Type,
        index: usize,
        rng: &mut Rng,
        full: bool,
        depth: usize,
    ) -> Json {
        match ty {
            Type::String(s) if !s.enumeration.is_empty() => {
                Json::str(s.enumeration[index % s.enumeration.len()].clone())
            }
            Type::Integer(i) if !i.enumeration.is_empty() => {
                Json::int(i.enumeration[index % i.enumeration.len()])
            }
            Type::Integer(i) => {
                let base = i.minimum.unwrap_or(0).max(0);
                Json::int(
                    base.saturating_add(index as i64)
                        .min(i.maximum.unwrap_or(i64::MAX)),
                )
            }
            // A structure's items differ where its members can: each member drawn as the
            // `index`th item of its own type.
            Type::Struct(name) if index > 0 => match self.op.struct_named(name) {
                Some(s) if !s.union => Json::Object(
                    s.members
                        .iter()
                        .filter(|m| m.required || full)
                        .map(|m| {
                            let value = self.item(&m.ty, index, rng, full, depth + 1);
                            (m.wire_name.clone(), value)
                        })
                        .collect(),
                ),
                _ => self.value_of(ty, rng, full, depth),
            },
            _ => self.value_of(ty, rng, full, depth),
        }
    }

    /// The key of the `index`th entry a case puts in a map.
    pub(super) fn map_key(&self, keys: &StringType, index: usize, rng: &mut Rng) -> String {
        if let Some(value) = keys.enumeration.get(index) {
            return value.clone();
        }
        let plain = format!(
            "{MAP_KEY}{}",
            if index == 0 {
                String::new()
            } else {
                index.to_string()
            }
        );
        if self.string_ok(keys, &plain) {
            plain
        } else {
            self.typical_string(keys, rng)
        }
    }

    /// The minimal body of `variant` (the first, where the body has variants and `None` is
    /// given), with every member when `full`.
    pub(super) fn base(&self, variant: Option<usize>, full: bool, rng: &mut Rng) -> Json {
        let Some(body) = self.body() else {
            return Json::Object(Vec::new());
        };
        let chosen = variant.or((!body.variants.is_empty()).then_some(0));
        let members = match chosen {
            Some(i) => body.variant_members(&body.variants[i]),
            None => body.members.clone(),
        };
        let mut object = Vec::new();
        for m in &members {
            if m.required || full {
                let value = if full {
                    self.full_value(&m.ty, rng)
                } else {
                    self.value(&m.ty, rng)
                };
                object.push((m.wire_name.clone(), value));
            }
        }
        Json::Object(object)
    }

    /// The minimal body of `variant`, holding whatever it takes to reach `path`: every
    /// structure, list item and map entry on the way is there, with its required members.
    pub(super) fn base_at(&self, path: &[String], variant: Option<usize>, rng: &mut Rng) -> Json {
        let base = self.base(variant, false, rng);
        let Some(body) = self.body() else {
            return base;
        };
        let Some((first, rest)) = path.split_first() else {
            return base;
        };
        let Some(member) = body.members.iter().find(|m| &m.wire_name == first) else {
            return base;
        };
        let value = self.fill(&member.ty, rest, rng);
        base.with(first, value)
    }

    /// A minimal value of `ty` in which `path` (but its last step) exists.
    fn fill(&self, ty: &Type, path: &[String], rng: &mut Rng) -> Json {
        let Some((first, rest)) = path.split_first() else {
            return self.value(ty, rng);
        };
        match ty {
            Type::Struct(name) => {
                let Some(s) = self.op.struct_named(name) else {
                    return self.value(ty, rng);
                };
                let Some(member) = s.members.iter().find(|m| &m.wire_name == first) else {
                    return self.value(ty, rng);
                };
                let inner = self.fill(&member.ty, rest, rng);
                if s.union {
                    Json::Object(vec![(first.clone(), inner)])
                } else {
                    self.value(ty, rng).with(first, inner)
                }
            }
            Type::Array(array) => {
                let inner = self.fill(&array.items, rest, rng);
                let min = array.min_items.unwrap_or(0) as usize;
                let mut items = vec![inner];
                for i in 1..min.max(1) {
                    items.push(self.item(&array.items, i, rng, false, 1));
                }
                Json::Array(items)
            }
            Type::Map(map) => {
                let inner = self.fill(&map.values, rest, rng);
                let min = map.min_properties.unwrap_or(0) as usize;
                let mut entries = vec![(first.clone(), inner)];
                for i in 1..min.max(1) {
                    entries.push((
                        self.map_key(&map.keys, i, rng),
                        self.value(&map.values, rng),
                    ));
                }
                Json::Object(entries)
            }
            _ => self.value(ty, rng),
        }
    }

    /// How `value` is written in a path label, a query parameter or a header.
    pub(super) fn text(&self, value: &Json) -> String {
        match value {
            Json::String(s) => s.clone(),
            Json::Number(n) => n.clone(),
            Json::Bool(b) => b.to_string(),
            Json::Null => String::new(),
            other => other.to_compact(),
        }
    }

    pub(super) fn typical_string(&self, s: &StringType, rng: &mut Rng) -> String {
        if s.format == Some(StringFormat::Uuid) {
            return uuid(rng);
        }
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(min.max(12) + 20, |m| m as usize);
        let typical = 12.clamp(min.max(1).min(max), max);
        self.string_of_length(s, typical, rng)
            .or_else(|| (min..=max).find_map(|len| self.string_of_length(s, len, rng)))
            .unwrap_or_default()
    }

    /// A valid string of exactly `len` characters, if the member's rules allow one.
    pub(super) fn string_of_length(
        &self,
        s: &StringType,
        len: usize,
        rng: &mut Rng,
    ) -> Option<String> {
        if let Some(first) = s.enumeration.first() {
            return s
                .enumeration
                .iter()
                .find(|v| v.chars().count() == len)
                .or((len == first.chars().count()).then_some(first))
                .cloned();
        }
        let text = match s.format {
            Some(StringFormat::Uuid) => uuid(rng),
            Some(StringFormat::Uri) => {
                let path: String = (0..len.saturating_sub(20)).map(|_| alnum(rng)).collect();
                format!("https://example.com/{path}")
            }
            Some(StringFormat::UriReference) => {
                let path: String = (0..len.saturating_sub(1)).map(|_| alnum(rng)).collect();
                if len == 0 {
                    String::new()
                } else {
                    format!("/{path}")
                }
            }
            None => match &s.pattern {
                Some(p) => sample::matching(&p.rust, len, rng)?,
                None => (0..len).map(|_| alnum(rng)).collect(),
            },
        };
        (text.chars().count() == len && self.string_ok(s, &text)).then_some(text)
    }

    pub(super) fn string_ok(&self, s: &StringType, text: &str) -> bool {
        let n = text.chars().count() as u64;
        s.min_length.is_none_or(|m| n >= m)
            && s.max_length.is_none_or(|m| n <= m)
            && s.pattern
                .as_ref()
                .is_none_or(|p| pattern_matches(&p.rust, text))
            && (s.enumeration.is_empty() || s.enumeration.iter().any(|v| v == text))
    }

    /// The variant whose base body a case about the top-level `member` starts from.
    pub(super) fn variant_of(&self, member: &Member) -> Option<usize> {
        let body = self.body()?;
        body.variants
            .iter()
            .position(|v| v.required.contains(&member.wire_name))
            .or((!body.variants.is_empty()).then_some(0))
    }
}

/// [`INSTANT`], written in `format`.
pub(super) fn timestamp(format: TimestampFormat) -> Json {
    match format {
        TimestampFormat::EpochSeconds => Json::int(INSTANT),
        TimestampFormat::DateTime => Json::str(INSTANT_DATE_TIME),
        TimestampFormat::HttpDate => Json::str(INSTANT_HTTP_DATE),
    }
}

/// `len` bytes, base64-encoded.
pub(super) fn blob(len: usize) -> String {
    use base64::Engine;
    let bytes: Vec<u8> = (0..len).map(|i| b"conform"[i % 7]).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A number as JSON writes it: whole numbers with `.0` kept off only where they are whole.
pub(super) fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub(super) fn pattern_matches(rust: &str, text: &str) -> bool {
    crate::pattern::compiled(rust).is_some_and(|re| re.is_match(text))
}

pub(super) use crate::cases::rng::{alnum, uuid};

#[cfg(test)]
mod tests {
    use super::{INSTANT, INSTANT_DATE_TIME, INSTANT_HTTP_DATE};

    #[test]
    fn the_instant_is_written_as_each_format_writes_it() {
        let instant = time::OffsetDateTime::from_unix_timestamp(INSTANT).expect("in range");
        let rfc3339 = instant
            .format(&time::format_description::well_known::Rfc3339)
            .expect("formats");
        assert_eq!(rfc3339, INSTANT_DATE_TIME);
        assert_eq!(httpdate::fmt_http_date(instant.into()), INSTANT_HTTP_DATE);
    }
}
