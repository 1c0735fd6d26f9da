//! Lowering schemas: named and inline object shapes, members, and the types of values.

use super::{Lowerer, TYPES};
use crate::diag::with_hint;
use crate::ir;
use crate::names;
use crate::pattern;
use crate::raw;
use serde_saphyr::{Location, Spanned};
use std::collections::BTreeSet;

impl Lowerer<'_, '_, '_> {
    /// Registers the structs of `schemas`, so that `$ref`s resolve whatever their order.
    pub(super) fn named_schemas(&mut self) {
        let spec = self.spec;
        for (name, schema) in spec.schemas.iter() {
            self.struct_from(&name.value, name, schema, &names::type_name(&name.value));
        }
    }

    /// Lowers an object schema to a struct named `name` and records it.
    pub(super) fn struct_from<T>(
        &mut self,
        name: &str,
        at: &Spanned<T>,
        schema: &raw::Schema,
        rust_name: &str,
    ) {
        if let Some(ty) = &schema.ty
            && ty.value != "object"
        {
            self.error(
                ty,
                format!("`{name}` must be an object schema, not `{}`", ty.value),
            );
        }
        if schema.ty.is_none() {
            self.error(at, format!("`{name}` needs `type: object`"));
        }
        self.only_on_members(&format!("the schema `{name}`"), schema);
        if let Some(variant) = schema.one_of.first() {
            self.error(
                &variant.value.name,
                format!("`oneOf` is supported on the request body only, not on `{name}`"),
            );
        }
        self.claim(
            "type",
            rust_name,
            format!("the schema `{name}`"),
            &at.referenced,
        );
        self.declared_at.insert(name.to_string(), at.referenced);
        let members = self.members(name, rust_name, schema);
        let source = self.source(schema.source.as_ref());
        self.structs.push(ir::Struct {
            name: name.to_string(),
            rust_name: rust_name.to_string(),
            description: schema.description.clone(),
            members,
            source,
        });
    }

    /// `sensitive` and `aliases` describe a member; anywhere else they would be ignored.
    pub(super) fn only_on_members(&mut self, what: &str, schema: &raw::Schema) {
        if let Some(sensitive) = &schema.sensitive {
            self.error(
                sensitive,
                format!(
                    "`sensitive` applies to members, not to {what}; mark the member that holds it"
                ),
            );
        }
        if let Some(alias) = schema.aliases.first() {
            self.error(
                alias,
                format!("`aliases` applies to members, not to {what}"),
            );
        }
    }

    /// The members of an object schema, with `required` checked against `properties`. `owner`
    /// names the schema in messages; `rust_owner` is its Rust name, which generated names extend.
    pub(super) fn members(
        &mut self,
        owner: &str,
        rust_owner: &str,
        schema: &raw::Schema,
    ) -> Vec<ir::Member> {
        let empty = crate::entries::Entries::default();
        let properties = schema.properties.as_ref().unwrap_or(&empty);
        let known: Vec<&str> = properties.keys().collect();
        let mut required = BTreeSet::new();
        for name in &schema.required {
            if !known.contains(&name.value.as_str()) {
                let message = format!(
                    "`required` names `{}`, which is not a member of `{owner}`",
                    name.value
                );
                let message = with_hint(message, &name.value, known.iter().copied());
                self.error(name, message);
            }
            if !required.insert(name.value.as_str()) {
                self.error(
                    name,
                    format!("`{}` is listed twice in `required`", name.value),
                );
            }
        }
        let mut rust_names = BTreeSet::new();
        let mut members = Vec::new();
        for (wire, member) in properties.iter() {
            let rust_name = names::field_name(&wire.value);
            if !rust_names.insert(rust_name.clone()) {
                self.error(
                    wire,
                    format!(
                        "`{}` has the same Rust name `{rust_name}` as another member of `{owner}`",
                        wire.value
                    ),
                );
            }
            let owner_member = format!("{rust_owner}{}", names::type_name(&wire.value));
            let sensitive = member.value.sensitive.as_ref().is_some_and(|s| s.value.0);
            if sensitive && member.value.ty.is_none() && member.value.reference.is_none() {
                self.error(wire, format!("`{}` is sensitive but has no type: give it `type: string` (or another type)", wire.value));
                continue;
            }
            let Some(ty) = self.ty(&owner_member, &wire.value, member) else {
                continue;
            };
            self.claim_member_names(rust_owner, &wire.value, &ty, &wire.referenced);
            members.push(ir::Member {
                wire_name: wire.value.clone(),
                rust_name,
                aliases: member
                    .value
                    .aliases
                    .iter()
                    .map(|a| a.value.clone())
                    .collect(),
                description: member.value.description.clone(),
                required: required.contains(wire.value.as_str()),
                sensitive,
                dynamic: member.value.dynamic.as_ref().is_some_and(|d| d.value.0),
                ty,
                source: self.source(member.value.source.as_ref()),
            });
        }
        members
    }

    /// Claims the names of the statics and enums the emitter writes for a member.
    pub(super) fn claim_member_names(
        &mut self,
        rust_owner: &str,
        wire: &str,
        ty: &ir::Type,
        at: &Location,
    ) {
        let mut ty = ty;
        let mut depth = 0;
        loop {
            match ty {
                ir::Type::String(s) => {
                    let what = format!("the rules of `{wire}`");
                    self.claim(
                        "rules",
                        &names::rules_name(rust_owner, wire, depth),
                        what,
                        at,
                    );
                    if !s.enumeration.is_empty() {
                        let enum_name = names::enum_name(rust_owner, wire);
                        self.claim("type", &enum_name, format!("the enum of `{wire}`"), at);
                        for value in &s.enumeration {
                            let scope = format!("enum {enum_name}");
                            self.claim(
                                &scope,
                                &names::type_name(value),
                                format!("the value `{value}`"),
                                at,
                            );
                        }
                    }
                }
                ir::Type::Integer(_) => {
                    let what = format!("the rules of `{wire}`");
                    self.claim(
                        "rules",
                        &names::rules_name(rust_owner, wire, depth),
                        what,
                        at,
                    );
                }
                ir::Type::Array(item) => {
                    ty = item;
                    depth += 1;
                    continue;
                }
                ir::Type::Boolean | ir::Type::Struct(_) | ir::Type::AnyObject => {}
            }
            break;
        }
    }

    /// The type of a member schema; `name` is the Rust name a nested struct would take.
    pub(super) fn ty(
        &mut self,
        name: &str,
        member: &str,
        schema: &Spanned<raw::Schema>,
    ) -> Option<ir::Type> {
        let s = &schema.value;
        if let Some(reference) = &s.reference {
            if let Some(ty) = &s.ty {
                self.error(ty, format!("`{member}` has both `$ref` and `type`"));
            }
            if self.spec.schemas.get(&reference.value).is_none() {
                let message = format!(
                    "`$ref` names `{}`, which `schemas` does not declare",
                    reference.value
                );
                let message = with_hint(message, &reference.value, self.spec.schemas.keys());
                self.error(reference, message);
                return None;
            }
            return Some(ir::Type::Struct(reference.value.clone()));
        }
        let Some(ty) = &s.ty else {
            self.error(schema, format!("`{member}` needs a `type` or a `$ref`"));
            return None;
        };
        let not_for = |keyword: &str, present: bool| present.then(|| keyword.to_string());
        let misplaced: Vec<String> = match ty.value.as_str() {
            "string" => [
                not_for("minimum", s.minimum.is_some()),
                not_for("maximum", s.maximum.is_some()),
                not_for("items", s.items.is_some()),
                not_for("properties", s.properties.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            "integer" => [
                not_for("minLength", s.min_length.is_some()),
                not_for("maxLength", s.max_length.is_some()),
                not_for("pattern", s.pattern.is_some()),
                not_for("enum", s.enumeration.is_some()),
                not_for("items", s.items.is_some()),
                not_for("properties", s.properties.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            "boolean" | "array" | "object" => [
                not_for("minLength", s.min_length.is_some()),
                not_for("maxLength", s.max_length.is_some()),
                not_for("pattern", s.pattern.is_some()),
                not_for("minimum", s.minimum.is_some()),
                not_for("maximum", s.maximum.is_some()),
                not_for("enum", s.enumeration.is_some()),
                not_for("format", s.format.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            _ => Vec::new(),
        };
        for keyword in misplaced {
            self.error(
                ty,
                format!(
                    "`{keyword}` does not apply to `{member}`, which is of type `{}`",
                    ty.value
                ),
            );
        }
        match ty.value.as_str() {
            "string" => self.string(s).map(ir::Type::String),
            "integer" => self.integer(s).map(ir::Type::Integer),
            "boolean" => Some(ir::Type::Boolean),
            "array" => {
                let Some(items) = &s.items else {
                    self.error(ty, format!("`{member}` is an array and needs `items`"));
                    return None;
                };
                self.only_on_members(&format!("the items of `{member}`"), &items.value);
                let item = self.ty(&format!("{name}Item"), member, items)?;
                Some(ir::Type::Array(Box::new(item)))
            }
            "object" => {
                if s.properties.is_none() {
                    Some(ir::Type::AnyObject)
                } else {
                    self.struct_from(name, schema, s, name);
                    Some(ir::Type::Struct(name.to_string()))
                }
            }
            other => {
                let message = format!(
                    "unknown type `{other}`; expected one of: {}",
                    TYPES.join(", ")
                );
                self.error(ty, with_hint(message, other, TYPES));
                None
            }
        }
    }

    pub(super) fn string(&mut self, s: &raw::Schema) -> Option<ir::StringType> {
        let mut out = ir::StringType::default();
        for bound in [&s.min_length, &s.max_length].into_iter().flatten() {
            if bound.value.0 < 0 {
                self.error(
                    bound,
                    format!("a length cannot be negative ({})", bound.value.0),
                );
            }
        }
        out.min_length = s.min_length.as_ref().map(|v| v.value.0.max(0) as u64);
        out.max_length = s.max_length.as_ref().map(|v| v.value.0.max(0) as u64);
        if let (Some(min), Some(max)) = (&s.min_length, &s.max_length)
            && min.value.0 > max.value.0
        {
            self.error(
                min,
                format!(
                    "minLength {} is greater than maxLength {}",
                    min.value.0, max.value.0
                ),
            );
        }
        if let Some(format) = &s.format {
            out.format = match format.value.as_str() {
                "uuid" => Some(ir::StringFormat::Uuid),
                "uri" => Some(ir::StringFormat::Uri),
                "uri-reference" => Some(ir::StringFormat::UriReference),
                other => {
                    let message = format!(
                        "unknown string format `{other}`; expected uuid, uri or uri-reference"
                    );
                    self.error(
                        format,
                        with_hint(message, other, ["uuid", "uri", "uri-reference"]),
                    );
                    None
                }
            };
        }
        if let Some(values) = &s.enumeration {
            if values.value.is_empty() {
                self.error(values, "`enum` needs at least one value");
            }
            out.enumeration = values.value.clone();
        }
        if let Some(raw_pattern) = &s.pattern {
            let pattern = self.pattern(raw_pattern)?;
            let min = out.min_length.unwrap_or(0);
            if out.min_length <= out.max_length.or(Some(u64::MAX))
                && !pattern::can_match_length(&pattern.rust, min, out.max_length)
            {
                let bounds = match out.max_length {
                    Some(max) => format!("{min} to {max} characters"),
                    None => format!("at least {min} characters"),
                };
                self.error(
                    raw_pattern,
                    format!(
                        "no string of {bounds} can match the pattern `{}`",
                        pattern.source
                    ),
                );
            }
            out.pattern = Some(pattern);
        }
        Some(out)
    }

    pub(super) fn integer(&mut self, s: &raw::Schema) -> Option<ir::IntegerType> {
        let format = match s.format.as_ref() {
            None => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int32" => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int64" => ir::IntegerFormat::Int64,
            Some(f) => {
                let message = format!(
                    "unknown integer format `{}`; expected int32 or int64",
                    f.value
                );
                self.error(f, with_hint(message, &f.value, ["int32", "int64"]));
                return None;
            }
        };
        let (lo, hi) = match format {
            ir::IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            ir::IntegerFormat::Int64 => (i64::MIN, i64::MAX),
        };
        for bound in [&s.minimum, &s.maximum].into_iter().flatten() {
            if bound.value.0 < lo || bound.value.0 > hi {
                self.error(
                    bound,
                    format!(
                        "{} does not fit the format {}",
                        bound.value.0,
                        format.as_str()
                    ),
                );
            }
        }
        if let (Some(min), Some(max)) = (&s.minimum, &s.maximum)
            && min.value.0 > max.value.0
        {
            self.error(
                min,
                format!(
                    "minimum {} is greater than maximum {}",
                    min.value.0, max.value.0
                ),
            );
        }
        Some(ir::IntegerType {
            format,
            minimum: s.minimum.as_ref().map(|v| v.value.0),
            maximum: s.maximum.as_ref().map(|v| v.value.0),
        })
    }
}
