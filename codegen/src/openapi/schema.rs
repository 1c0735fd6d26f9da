//! The JSON Schemas of the export: bodies, objects, unions, every type with its constraints, and
//! header values, refusing what the validators refuse (integer and float ranges, canonical
//! base64) so the export and the validators agree.

use super::component;
use crate::ir::{
    Body, HeaderRule, IntegerFormat, Member, NullMembers, NumberFormat, Operation, TimestampFormat,
    Type, UnknownMembers,
};
use serde_json::{Map, Value, json};

/// Canonical base64 with padding: whole quads, then at most one padded quad whose unused bits
/// are zero (RFC 4648 section 3.5).
const BASE64: &str =
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

pub(super) fn header_schema(op: &Operation, rule: &HeaderRule, sensitive: bool) -> Value {
    let mut schema = match rule {
        HeaderRule::Typed(ty) => type_schema(op, ty),
        HeaderRule::Any => json!({ "type": "string" }),
        HeaderRule::Const(v) => json!({ "type": "string", "const": v }),
        HeaderRule::MediaType(m) => {
            json!({ "type": "string", "pattern": format!("^{}(;.*)?$", regex_escape(m)) })
        }
        HeaderRule::Pattern(p) => json!({ "type": "string", "pattern": p.source }),
    };
    if sensitive && let Some(object) = schema.as_object_mut() {
        object.insert("x-conform-sensitive".into(), Value::Bool(true));
    }
    schema
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// The request body: its members, with `oneOf` variants that each require their own members
/// and forbid the others'.
pub(super) fn body_schema(op: &Operation, body: &Body) -> Value {
    let common: Vec<String> = body
        .members
        .iter()
        .filter(|m| body.requires(m))
        .map(|m| m.wire_name.clone())
        .collect();
    let mut schema = object_schema(op, &body.members, body.description.as_deref(), &common);
    if !body.variants.is_empty()
        && let Some(object) = schema.as_object_mut()
    {
        let own = |v: &crate::ir::Variant| -> Vec<String> {
            v.required
                .iter()
                .filter(|r| !common.contains(r))
                .cloned()
                .collect()
        };
        let variants: Vec<Value> = body
            .variants
            .iter()
            .map(|v| {
                let mine = own(v);
                // A null member counts as absent, so "present" means present and not null.
                let present = |m: &String| json!({ "required": [m], "properties": { m.as_str(): { "not": { "type": "null" } } } });
                let foreign: Vec<Value> = body
                    .variants
                    .iter()
                    .flat_map(&own)
                    .filter(|m| !mine.contains(m))
                    .map(|m| present(&m))
                    .collect();
                let non_null: Map<String, Value> = mine.iter().map(|m| (m.clone(), json!({ "not": { "type": "null" } }))).collect();
                let mut variant = json!({ "title": v.name, "required": mine, "properties": non_null });
                if !foreign.is_empty() {
                    variant["not"] = json!({ "anyOf": foreign });
                }
                variant
            })
            .collect();
        object.insert("oneOf".into(), Value::Array(variants));
    }
    schema
}

pub(super) fn object_schema(
    op: &Operation,
    members: &[Member],
    description: Option<&str>,
    required: &[String],
) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<String> = required.to_vec();
    for m in members {
        if m.required && !required.contains(&m.wire_name) {
            required.push(m.wire_name.clone());
        }
        let mut schema = type_schema(op, &m.ty);
        if let Some(object) = schema.as_object_mut() {
            if let Some(d) = &m.description {
                object.insert("description".into(), Value::from(d.as_str()));
            }
            if m.sensitive {
                object.insert("writeOnly".into(), Value::Bool(true));
                object.insert("x-conform-sensitive".into(), Value::Bool(true));
            }
            if m.dynamic {
                object.insert("x-conform-dynamic".into(), Value::Bool(true));
            }
            if !m.aliases.is_empty() {
                object.insert("x-conform-aliases".into(), json!(m.aliases));
            }
            if let Some(d) = &m.default {
                object.insert("default".into(), literal(d));
            }
            if let Some(e) = &m.example {
                object.insert("examples".into(), json!([literal(e)]));
            }
        }
        if op.policies.null_members == NullMembers::Absent && !required.contains(&m.wire_name) {
            // A null optional member counts as absent, so null is accepted there.
            schema = json!({ "anyOf": [schema, { "type": "null" }] });
        }
        properties.insert(m.wire_name.clone(), schema);
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if let Some(object) = schema.as_object_mut() {
        if !required.is_empty() {
            object.insert("required".into(), json!(required));
        }
        if let Some(d) = description {
            object.insert("description".into(), Value::from(d));
        }
        if op.policies.unknown_members == UnknownMembers::Reject {
            object.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
    schema
}

pub(super) fn type_schema(op: &Operation, ty: &Type) -> Value {
    match ty {
        Type::String(s) => {
            let mut schema = json!({ "type": "string" });
            let object = schema.as_object_mut().expect("an object literal");
            if let Some(n) = s.min_length {
                object.insert("minLength".into(), json!(n));
            }
            if let Some(n) = s.max_length {
                object.insert("maxLength".into(), json!(n));
            }
            if let Some(p) = &s.pattern {
                object.insert("pattern".into(), json!(p.source));
            }
            if let Some(f) = s.format {
                object.insert("format".into(), json!(f.as_str()));
            }
            if !s.enumeration.is_empty() {
                object.insert("enum".into(), json!(s.enumeration));
            }
            schema
        }
        Type::Integer(i) => {
            let mut schema = json!({ "type": "integer", "format": match i.format { IntegerFormat::Int32 => "int32", IntegerFormat::Int64 => "int64" } });
            let object = schema.as_object_mut().expect("an object literal");
            // JSON Schema has no `int32` or `int64`: the format's own range is written as bounds
            // wherever the spec sets none, so the export refuses what the validators refuse.
            let (lo, hi) = match i.format {
                IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
                IntegerFormat::Int64 => (i64::MIN, i64::MAX),
            };
            object.insert("minimum".into(), json!(i.minimum.unwrap_or(lo)));
            object.insert("maximum".into(), json!(i.maximum.unwrap_or(hi)));
            if !i.enumeration.is_empty() {
                object.insert("enum".into(), json!(i.enumeration));
            }
            schema
        }
        Type::Number(n) => {
            let mut schema = json!({ "type": "number", "format": n.format.as_str() });
            let object = schema.as_object_mut().expect("an object literal");
            // A `float` holds no more than f32::MAX either way, which the validators enforce.
            let range = (n.format == NumberFormat::Float).then_some(f64::from(f32::MAX));
            if let Some(v) = n.minimum.or(range.map(|r| -r)) {
                object.insert("minimum".into(), json!(v));
            }
            if let Some(v) = n.maximum.or(range) {
                object.insert("maximum".into(), json!(v));
            }
            schema
        }
        Type::Timestamp(TimestampFormat::EpochSeconds) => {
            json!({ "type": "number", "x-conform-timestamp": "epoch-seconds" })
        }
        Type::Timestamp(TimestampFormat::DateTime) => {
            json!({ "type": "string", "format": "date-time" })
        }
        Type::Timestamp(TimestampFormat::HttpDate) => {
            json!({ "type": "string", "x-conform-timestamp": "http-date" })
        }
        Type::Blob(b) => {
            // `contentEncoding` is only an annotation in JSON Schema 2020-12; the pattern is
            // canonical padded base64, what the validators decode.
            let mut schema = json!({
                "type": "string",
                "contentEncoding": "base64",
                "pattern": BASE64,
            });
            let object = schema.as_object_mut().expect("an object literal");
            if let Some(n) = b.min_length {
                object.insert("x-conform-min-bytes".into(), json!(n));
            }
            if let Some(n) = b.max_length {
                object.insert("x-conform-max-bytes".into(), json!(n));
            }
            schema
        }
        Type::Boolean => json!({ "type": "boolean" }),
        Type::Array(array) => {
            let mut schema = json!({ "type": "array", "items": type_schema(op, &array.items) });
            let object = schema.as_object_mut().expect("an object literal");
            if let Some(n) = array.min_items {
                object.insert("minItems".into(), json!(n));
            }
            if let Some(n) = array.max_items {
                object.insert("maxItems".into(), json!(n));
            }
            if array.unique_items {
                object.insert("uniqueItems".into(), Value::Bool(true));
            }
            schema
        }
        Type::Map(map) => {
            let mut schema = json!({
                "type": "object",
                "additionalProperties": type_schema(op, &map.values),
                "propertyNames": type_schema(op, &Type::String(map.keys.clone())),
            });
            let object = schema.as_object_mut().expect("an object literal");
            if let Some(n) = map.min_properties {
                object.insert("minProperties".into(), json!(n));
            }
            if let Some(n) = map.max_properties {
                object.insert("maxProperties".into(), json!(n));
            }
            schema
        }
        Type::Struct(name) => {
            json!({ "$ref": format!("#/components/schemas/{}", component(op, name)) })
        }
        Type::AnyObject => json!({ "type": "object" }),
    }
}

/// A tagged union: an object with exactly one of its members.
pub(super) fn union_schema(op: &Operation, members: &[Member], description: Option<&str>) -> Value {
    let variants: Vec<Value> = members
        .iter()
        .map(|m| {
            let mut properties = Map::new();
            properties.insert(m.wire_name.clone(), type_schema(op, &m.ty));
            json!({
                "type": "object",
                "required": [m.wire_name],
                "properties": properties,
                "additionalProperties": false,
            })
        })
        .collect();
    let mut schema = json!({ "type": "object", "oneOf": variants, "x-conform-union": true });
    if let (Some(d), Some(object)) = (description, schema.as_object_mut()) {
        object.insert("description".into(), Value::from(d));
    }
    schema
}

pub(super) fn literal(literal: &crate::ir::Literal) -> Value {
    match literal {
        crate::ir::Literal::String(s) => json!(s),
        crate::ir::Literal::Integer(n) => json!(n),
        crate::ir::Literal::Number(n) => json!(n),
        crate::ir::Literal::Boolean(b) => json!(b),
    }
}
