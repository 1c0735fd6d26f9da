//! Members, shapes and structures as spec schemas, with the traits that constrain them.

use super::*;
use crate::import::write::{self, Schema, text};
use crate::import::yaml::{Node, Place};
use serde_json::Value;
use std::collections::BTreeSet;

impl write::Named for Importer<'_> {
    fn named(&self) -> &BTreeSet<String> {
        &self.schemas
    }

    fn write_named(&mut self, id: &str) -> Option<(String, Node)> {
        let spanned = self.shape(id)?;
        let node = self.structure(&spanned.value);
        Some((
            local(id).to_string(),
            node.at(Place::of(&spanned.referenced)),
        ))
    }
}

/// The name of a member in a JSON body: its `jsonName`, else the member's own.
pub(super) fn json_name(member: &str, traits: &Traits) -> String {
    traits
        .get("smithy.api#jsonName")
        .and_then(Value::as_str)
        .unwrap_or(member)
        .to_string()
}

impl<'m> Importer<'m> {
    /// A member: its target's schema under the member's traits, with its documentation,
    /// sensitivity and, where `defaults` (in a body or a query), its default.
    pub(super) fn member(&mut self, name: &str, m: &Member, defaults: bool) -> Node {
        let target = m.target.value.as_str();
        let shape_traits = self.shape(target).map(|s| &s.value.traits);
        let node = self.schema(target, &m.traits, name);
        // A structure's own documentation describes its schema; a member says only its own.
        let structured = matches!(self.ty(target), Some("structure" | "union"));
        let docs = if structured {
            self.documentation(&m.traits)
        } else {
            trait_of(&m.traits, shape_traits, DOCUMENTATION)
                .and_then(Value::as_str)
                .map(text)
                .filter(|t| !t.is_empty())
        };
        let idempotency_token = m.traits.get("smithy.api#idempotencyToken").is_some();
        let mut node = write::documented(node, docs.unwrap_or_default(), idempotency_token);
        if let Some(default) = m.traits.get("smithy.api#default") {
            match (default, defaults) {
                (Value::Null, _) => {}
                (_, false) => self
                    .refused
                    .push(format!("a default on a path label or a header ({name})")),
                (Value::String(s), true) => {
                    if self.keeps_default(&mut node, &Value::String(s.clone())) {
                        node = node.with("default", s.as_str());
                    }
                }
                (Value::Bool(b), true) => node = node.with("default", *b),
                (Value::Number(n), true) => {
                    if self.keeps_default(&mut node, default) {
                        node = match n.as_i64() {
                            Some(i) => node.with("default", i),
                            None => {
                                node.with("default", Node::Float(n.as_f64().unwrap_or_default()))
                            }
                        };
                    }
                }
                (_, true) => self
                    .refused
                    .push(format!("a list, map or document default ({name})")),
            }
        }
        if trait_of(&m.traits, shape_traits, "smithy.api#sensitive").is_some() {
            node = node.with("sensitive", true);
        }
        node
    }

    /// Whether to write a member's default. Models converted from Smithy 1.0 give members
    /// zero-value defaults that their own bounds may rule out (`@default(0)` with
    /// `@range(min: 1)`); the format cannot hold such a default, so it is left out, and the
    /// member's description says so.
    pub(super) fn keeps_default(&self, node: &mut Node, default: &Value) -> bool {
        let number = |key: &str| match node.get(key).map(Node::bare) {
            Some(Node::Int(i)) => Some(*i as f64),
            Some(Node::Float(f)) => Some(*f),
            _ => None,
        };
        let breaks = match default {
            Value::Number(n) => {
                let v = n.as_f64().unwrap_or_default();
                number("minimum").is_some_and(|min| v < min)
                    || number("maximum").is_some_and(|max| v > max)
            }
            Value::String(s) => {
                let chars = s.chars().count() as f64;
                let listed = match node.get("enum").map(Node::bare) {
                    Some(Node::List(values)) => values
                        .iter()
                        .any(|v| matches!(v.bare(), Node::Str(x) if x == s)),
                    _ => true,
                };
                !listed
                    || number("minLength").is_some_and(|min| chars < min)
                    || number("maxLength").is_some_and(|max| chars > max)
            }
            _ => false,
        };
        if breaks {
            let said = format!(
                "The model's default, {default}, is outside what the member allows, so it is left out."
            );
            let described = match node.get("description").map(Node::bare) {
                Some(Node::Str(d)) => format!("{d} {said}"),
                _ => said,
            };
            if let Node::Map(entries) = node.bare_mut() {
                entries.retain(|(k, _)| k != "description");
                entries.insert(0, ("description".into(), Node::Str(described)));
            }
        }
        !breaks
    }

    /// The schema of the shape `id` where a member with `traits` uses it; the member's traits
    /// take the place of the shape's.
    pub(super) fn schema(&mut self, id: &str, traits: &Traits, member: &str) -> Node {
        let Some(ty) = self.ty(id) else {
            self.refused
                .push(format!("a member ({member}) of an undefined shape `{id}`"));
            return Node::map().with("type", "string");
        };
        let shape = self.shape(id).map(|s| &s.value);
        let shape_traits = shape.map(|s| &s.traits);
        let get = |name: &str| trait_of(traits, shape_traits, name);
        let (min_length, max_length) = bounds(get("smithy.api#length"));
        let (minimum, maximum) = bounds(get("smithy.api#range"));
        if get("smithy.api#streaming").is_some() {
            self.refused.push(format!("a streaming {ty} ({member})"));
        }
        let schema = match ty {
            "string" | "enum" => {
                let values: Vec<Node> = if ty == "enum" {
                    shape
                        .map(|s| {
                            s.members
                                .iter()
                                .map(|(k, m)| {
                                    let value = m.traits.get("smithy.api#enumValue");
                                    Node::from(value.and_then(Value::as_str).unwrap_or(&k.value))
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                } else {
                    get("smithy.api#enum")
                        .and_then(Value::as_array)
                        .map(|values| {
                            values
                                .iter()
                                .filter_map(|v| v.get("value").and_then(Value::as_str))
                                .map(Node::from)
                                .collect()
                        })
                        .unwrap_or_default()
                };
                Schema::String {
                    length: (min_length, max_length),
                    pattern: get("smithy.api#pattern").and_then(Value::as_str),
                    values,
                }
            }
            "intEnum" => Schema::Integer {
                format: "int32",
                range: (None, None),
                values: Some(
                    shape
                        .map(|s| {
                            s.members
                                .iter()
                                .filter_map(|(_, m)| m.traits.get("smithy.api#enumValue"))
                                .filter_map(Value::as_i64)
                                .map(Node::from)
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
            },
            "integer" | "long" | "short" | "byte" => Schema::Integer {
                format: if ty == "long" { "int64" } else { "int32" },
                range: match ty {
                    "short" => (minimum.or(Some(-32768.0)), maximum.or(Some(32767.0))),
                    "byte" => (minimum.or(Some(-128.0)), maximum.or(Some(127.0))),
                    _ => (minimum, maximum),
                },
                values: None,
            },
            "float" | "double" => Schema::Number {
                format: ty,
                range: (minimum, maximum),
            },
            "boolean" => Schema::Boolean,
            "timestamp" => Schema::Timestamp(
                match get("smithy.api#timestampFormat").and_then(Value::as_str) {
                    Some(f @ ("date-time" | "http-date" | "epoch-seconds")) => Some(f),
                    _ => None,
                },
            ),
            "blob" => Schema::Blob((min_length, max_length)),
            "list" | "set" => Schema::List {
                items: match shape.and_then(|s| s.member.as_ref()) {
                    Some(item) => self.schema(&item.target.value, &item.traits, member),
                    None => Node::map().with("type", "string"),
                },
                length: (min_length, max_length),
                unique: ty == "set" || get("smithy.api#uniqueItems").is_some(),
            },
            "map" => {
                let keys = match shape.and_then(|s| s.key.as_ref()) {
                    Some(k) => self.schema(&k.target.value, &k.traits, member),
                    None => Node::map().with("type", "string"),
                };
                let values = match shape.and_then(|s| s.value.as_ref()) {
                    Some(v) => self.schema(&v.target.value, &v.traits, member),
                    None => Node::map().with("type", "string"),
                };
                Schema::Map {
                    keys: Some(keys),
                    values,
                    length: (min_length, max_length),
                }
            }
            "structure" | "union" => {
                if shape.is_some_and(|s| !s.mixins.is_empty()) {
                    self.refused
                        .push(format!("mixins on a structure ({member}: `{id}`)"));
                }
                self.schemas.insert(id.to_string());
                let name = self.name(id);
                return Node::map().with("$ref", name);
            }
            "unit" => {
                self.refused.push(format!("a unit member ({member})"));
                return Node::map().with("type", "string");
            }
            other => {
                self.refused
                    .push(format!("a member ({member}) of Smithy type `{other}`"));
                return Node::map().with("type", "string");
            }
        };
        schema.node(member, &mut self.refused)
    }

    /// A named structure or union.
    pub(super) fn structure(&mut self, shape: &Shape) -> Node {
        let union = shape.ty == "union";
        let mut properties = Node::map();
        let mut required = Vec::new();
        for (key, m) in shape.members.iter() {
            let member = &key.value;
            if !matches!(binding(&m.traits), Binding::Body) {
                continue;
            }
            let wire = json_name(member, &m.traits);
            if m.traits.get("smithy.api#required").is_some() {
                required.push(Node::from(wire.as_str()));
            }
            let value = self.member(member, m, true).at(Place::of(&key.referenced));
            properties = properties.with(&wire, value);
        }
        write::structure(
            union,
            self.documentation(&shape.traits),
            required,
            properties,
        )
    }
}
