//! Success answers synthesized from the response schema: deterministic and valid against it.
//! Every value is drawn from a stream seeded by where it sits; a `dynamic` value (an id, a
//! link) draws from a digest of the request, so the same request always gets the same answer
//! and different requests get different ids. Lists and maps are never empty where the schema
//! allows an item.

use conform_codegen::cases::rng::{Rng, alnum, uuid};
use conform_codegen::cases::sample;
use conform_generated::runtime::{
    HeaderRule, HttpRequest, IntegerFormat, NumberFormat, Operation, Schema, StringFormat,
    StringRules, StructSchema, TimestampFormat, format_timestamp,
};
use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How deep a synthesized value goes before it leaves optional members out.
const DEPTH: usize = 4;

/// The instant synthesized timestamps name: 2026-01-01T00:00:00Z.
const INSTANT: i64 = 1_767_225_600;

/// What a success answer carries: its body (if the operation has one) and its headers.
pub struct Success {
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

struct Synth {
    /// The seed of values that stay the same from call to call.
    fixed: u64,
    /// The seed of `dynamic` values, from the request.
    varying: u64,
}

/// The success answer of `op` to `request`.
pub fn success(op: &Operation, request: &HttpRequest<'_>) -> Success {
    let digest = Sha256::new()
        .chain_update(request.method)
        .chain_update(request.path)
        .chain_update(request.query)
        .chain_update(request.body)
        .finalize();
    let mut seed = [0u8; 8];
    seed.copy_from_slice(&digest[..8]);
    let synth = Synth {
        fixed: 0x00c0_4f04_0000_0001,
        varying: u64::from_le_bytes(seed),
    };
    let body = op
        .response
        .body
        .map(|s| synth.structure(s, &op.id(), false, 0));
    let mut headers = Vec::new();
    for h in op.response.headers {
        // The HTTP layer writes the framing headers; the body decides the media type.
        let framing = [
            "content-type",
            "content-length",
            "transfer-encoding",
            "connection",
            "date",
        ];
        if framing.iter().any(|f| h.name.eq_ignore_ascii_case(f)) {
            continue;
        }
        let mut rng = Rng::new(
            if h.dynamic {
                synth.varying
            } else {
                synth.fixed
            },
            h.name,
        );
        let value = match &h.rule {
            HeaderRule::Const(v) | HeaderRule::MediaType(v) => Some(v.to_string()),
            HeaderRule::Pattern(p) => sampled(p.rust(), 16, &mut rng),
            HeaderRule::Typed(schema) => Some(text(&synth.value(schema, h.name, h.dynamic, 0))),
            HeaderRule::Any if h.required => Some("conform".to_string()),
            HeaderRule::Any => None,
        };
        if let Some(value) = value {
            headers.push((h.name, value));
        }
    }
    Success { body, headers }
}

/// A value as a header carries it.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

impl Synth {
    fn rng(&self, at: &str, dynamic: bool) -> Rng {
        Rng::new(if dynamic { self.varying } else { self.fixed }, at)
    }

    fn structure(&self, s: &StructSchema, at: &str, dynamic: bool, depth: usize) -> Value {
        let mut object = Map::new();
        let members = if s.union {
            &s.members[..s.members.len().min(1)]
        } else {
            s.members
        };
        for m in members {
            // A union always sets its one member, however deep it sits.
            if !m.required && !s.union && depth >= DEPTH {
                continue;
            }
            let here = format!("{at}/{}", m.name);
            let value = match m.example.and_then(|e| serde_json::from_str(e).ok()) {
                Some(example) => example,
                None => self.value(m.schema, &here, dynamic || m.dynamic, depth + 1),
            };
            object.insert(m.name.to_string(), value);
        }
        Value::Object(object)
    }

    fn value(&self, schema: &Schema, at: &str, dynamic: bool, depth: usize) -> Value {
        let mut rng = self.rng(at, dynamic);
        match schema {
            Schema::String(rules) => Value::String(string(rules, &mut rng)),
            Schema::Integer(rules) => {
                if let Some(first) = rules.enumeration.first() {
                    return Value::from(*first);
                }
                let (lo, hi) = match rules.format {
                    IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
                    IntegerFormat::Int64 => (i64::MIN, i64::MAX),
                };
                let lo = rules.minimum.unwrap_or(lo);
                let hi = rules.maximum.unwrap_or(hi);
                let span = (hi.saturating_sub(lo)).clamp(0, 1000) as usize;
                let n = if dynamic {
                    lo.saturating_add(rng.below(span + 1) as i64)
                } else {
                    1.clamp(lo, hi)
                };
                Value::from(n)
            }
            Schema::Number(rules) => {
                // 1.5 and small whole numbers are exact in f32 too; a bound is used as written
                // only where rounding to f32 keeps it inside.
                let mut n = 1.5_f64;
                if let Some(min) = rules.minimum {
                    n = n.max(min);
                }
                if let Some(max) = rules.maximum {
                    n = n.min(max);
                }
                if rules.format == NumberFormat::Float {
                    let rounded = f64::from(n as f32);
                    let inside = rules.minimum.is_none_or(|m| rounded >= m)
                        && rules.maximum.is_none_or(|m| rounded <= m);
                    n = if inside {
                        rounded
                    } else if rules.minimum.is_some_and(|m| rounded < m) {
                        f64::from((n as f32).next_up())
                    } else {
                        f64::from((n as f32).next_down())
                    };
                }
                Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
            Schema::Boolean => Value::Bool(true),
            Schema::Timestamp(format) => {
                let instant = time::OffsetDateTime::from_unix_timestamp(INSTANT)
                    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
                let written = format_timestamp(instant, *format);
                match format {
                    TimestampFormat::EpochSeconds => Value::from(INSTANT),
                    _ => Value::String(written),
                }
            }
            Schema::Blob(rules) => {
                use base64::Engine;
                let len = rules
                    .min_length
                    .unwrap_or(0)
                    .max(7)
                    .min(rules.max_length.unwrap_or(u64::MAX));
                let bytes: Vec<u8> = (0..len).map(|i| b"conform"[(i % 7) as usize]).collect();
                Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
            }
            Schema::List(list) => {
                let count = list
                    .min_items
                    .unwrap_or(1)
                    .max(1)
                    .min(list.max_items.unwrap_or(u64::MAX));
                let count = if depth >= DEPTH {
                    list.min_items.unwrap_or(0)
                } else {
                    count
                };
                let mut items: Vec<Value> = Vec::new();
                let mut i = 0;
                while (items.len() as u64) < count && i < count + 16 {
                    let item = self.value(list.items, &format!("{at}/{i}"), dynamic, depth + 1);
                    if !(list.unique_items && items.contains(&item)) {
                        items.push(item);
                    }
                    i += 1;
                }
                Value::Array(items)
            }
            Schema::Map(map) => {
                let count = map
                    .min_properties
                    .unwrap_or(1)
                    .max(1)
                    .min(map.max_properties.unwrap_or(u64::MAX));
                let count = if depth >= DEPTH {
                    map.min_properties.unwrap_or(0)
                } else {
                    count
                };
                let mut object = Map::new();
                let mut i = 0;
                while (object.len() as u64) < count && i < count + 16 {
                    let mut key_rng = self.rng(&format!("{at}#key{i}"), dynamic);
                    let key = string(map.keys, &mut key_rng);
                    let value = self.value(map.values, &format!("{at}/{key}"), dynamic, depth + 1);
                    object.insert(key, value);
                    i += 1;
                }
                Value::Object(object)
            }
            Schema::Struct(s) => self.structure(s, at, dynamic, depth),
            Schema::AnyObject => Value::Object(Map::new()),
        }
    }
}

/// A string that meets `rules`: an enum value, a UUID, a URI, a pattern sample, or letters.
fn string(rules: &StringRules, rng: &mut Rng) -> String {
    if let Some(first) = rules.enumeration.first() {
        return (*first).to_string();
    }
    let min = rules.min_length.unwrap_or(0) as usize;
    let max = rules.max_length.map_or(min.max(12) + 20, |m| m as usize);
    let want = 12.clamp(min.max(1).min(max), max);
    match rules.format {
        Some(StringFormat::Uuid) => return uuid(rng),
        Some(StringFormat::Uri) => {
            return format!(
                "https://example.com/{}",
                letters(want.saturating_sub(20).max(1), rng)
            );
        }
        Some(StringFormat::UriReference) => {
            return format!("/{}", letters(want.saturating_sub(1).max(1), rng));
        }
        None => {}
    }
    if let Some(pattern) = &rules.pattern {
        let found = (want..=max)
            .chain(min..want)
            .find_map(|len| sampled(pattern.rust(), len, rng));
        if let Some(text) = found {
            return text;
        }
    }
    letters(want, rng)
}

/// How many samples of each pattern and length an answer picks from.
const POOL: u64 = 32;

/// A string of `len` characters matching `rust`, picked by `rng` from samples drawn once per
/// thread from fixed seeds: drawing a sample costs far more than answering a request.
fn sampled(rust: &'static str, len: usize, rng: &mut Rng) -> Option<String> {
    type Pools = HashMap<(&'static str, usize), Rc<Vec<String>>>;
    thread_local! {
        static POOLS: RefCell<Pools> = RefCell::new(HashMap::new());
    }
    let pool = POOLS.with(|pools| {
        pools
            .borrow_mut()
            .entry((rust, len))
            .or_insert_with(|| {
                Rc::new(
                    (0..POOL)
                        .filter_map(|seed| sample::matching(rust, len, &mut Rng::new(seed, rust)))
                        .collect(),
                )
            })
            .clone()
    });
    rng.pick(&pool).cloned()
}

fn letters(len: usize, rng: &mut Rng) -> String {
    (0..len).map(|_| alnum(rng)).collect()
}
