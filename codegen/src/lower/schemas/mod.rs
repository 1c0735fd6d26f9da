//! Lowering schemas: named and inline object shapes, unions and members, with the names the
//! emitter will give them claimed against clashes.

mod types;

use super::{Lowerer, TYPES};
use crate::diag::with_hint;
use crate::ir;
use crate::names;
use crate::pattern;
use crate::raw;
use crate::scalars::{Number, Scalar};
use serde_saphyr::{Location, Spanned};
use std::collections::BTreeSet;

/// Whether a named schema is a struct: a union, or an object that is not a map. A named object
/// without `properties` is a struct without members.
pub(super) fn is_struct(schema: &raw::Schema) -> bool {
    match schema.ty.as_ref().map(|t| t.value.as_str()) {
        Some("union") => true,
        Some("object") => schema.additional_properties.is_none(),
        _ => false,
    }
}

/// The keywords each type takes, besides those every schema takes.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["minLength", "maxLength", "pattern", "format", "enum"],
        "integer" => &["format", "minimum", "maximum", "enum"],
        "number" => &["format", "minimum", "maximum"],
        "timestamp" => &["format"],
        "blob" => &["minLength", "maxLength"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "oneOf",
        ],
        // `required` on a union gets its own message below.
        "union" => &["properties", "required"],
        _ => &[],
    }
}

/// The type-specific keywords a schema states, with where each is written.
fn present(s: &raw::Schema) -> Vec<(&'static str, Location)> {
    fn at<T>(v: &Option<Spanned<T>>) -> Option<Location> {
        v.as_ref().map(|v| v.referenced)
    }
    let boxed = |v: &Option<Box<Spanned<raw::Schema>>>| v.as_ref().map(|v| v.referenced);
    let list = [
        ("minLength", at(&s.min_length)),
        ("maxLength", at(&s.max_length)),
        ("pattern", at(&s.pattern)),
        ("format", at(&s.format)),
        ("enum", at(&s.enumeration)),
        ("minimum", at(&s.minimum)),
        ("maximum", at(&s.maximum)),
        ("items", boxed(&s.items)),
        ("minItems", at(&s.min_items)),
        ("maxItems", at(&s.max_items)),
        ("uniqueItems", at(&s.unique_items)),
        (
            "properties",
            s.properties
                .as_ref()
                .map(|p| p.0.first().map_or(Location::UNKNOWN, |(k, _)| k.referenced)),
        ),
        ("required", s.required.first().map(|r| r.referenced)),
        ("additionalProperties", boxed(&s.additional_properties)),
        ("propertyNames", boxed(&s.property_names)),
        ("minProperties", at(&s.min_properties)),
        ("maxProperties", at(&s.max_properties)),
        ("oneOf", s.one_of.first().map(|v| v.referenced)),
    ];
    list.into_iter()
        .filter_map(|(k, at)| at.map(|at| (k, at)))
        .collect()
}

impl Lowerer<'_, '_, '_> {
    /// Registers the structs of `schemas` (the service's, then the operation's), so that
    /// `$ref`s resolve whatever their order.
    pub(super) fn named_schemas(&mut self) {
        if let Some((_, service)) = self.service {
            for (name, schema) in service.schemas.iter() {
                self.within(true, |l| {
                    let what = format!("the schema `{}`", name.value);
                    l.required_source(&what, &name.referenced, schema.value.source.as_ref());
                    l.named_schema(name, schema);
                });
                if self.spec.schemas.get(&name.value).is_some() {
                    let (here, _) = self
                        .spec
                        .schemas
                        .0
                        .iter()
                        .find(|(k, _)| k.value == name.value)
                        .expect("found above");
                    let message = format!(
                        "schema `{}` is already declared in service.yaml; use it, or give this one another name",
                        name.value
                    );
                    self.error(here, message);
                }
            }
        }
        for (name, schema) in self.spec.schemas.iter() {
            if self
                .service
                .is_some_and(|(_, s)| s.schemas.get(&name.value).is_some())
            {
                continue;
            }
            self.named_schema(name, schema);
        }
    }

    /// A named schema that is a structure or a union becomes a struct; any other type is
    /// lowered where a `$ref` names it.
    pub(super) fn named_schema(&mut self, name: &Spanned<String>, schema: &Spanned<raw::Schema>) {
        if is_struct(&schema.value) {
            self.struct_from(
                &name.value,
                name,
                &schema.value,
                &names::type_name(&name.value),
            );
        } else {
            self.only_on_members(&format!("the schema `{}`", name.value), &schema.value);
        }
    }

    /// Lowers an object or union schema to a struct named `name` and records it.
    pub(super) fn struct_from<T>(
        &mut self,
        name: &str,
        at: &Spanned<T>,
        schema: &raw::Schema,
        rust_name: &str,
    ) {
        let union = schema.ty.as_ref().is_some_and(|t| t.value == "union");
        self.only_on_members(&format!("the schema `{name}`"), schema);
        if let Some(variant) = schema.one_of.first() {
            self.error(
                &variant.value.name,
                format!("`oneOf` is supported on the request body only, not on `{name}`"),
            );
        }
        if union && schema.properties.as_ref().is_none_or(|p| p.0.is_empty()) {
            self.error(at, format!("the union `{name}` needs `properties`"));
        }
        let named = self.claim(
            "type",
            rust_name,
            format!("the schema `{name}`"),
            &at.referenced,
        );
        let static_name = names::struct_static(rust_name);
        if named {
            self.claim(
                "shapes",
                &static_name,
                format!("the schema `{name}`"),
                &at.referenced,
            );
        }
        let in_service = self.in_service;
        self.declared_at
            .insert(name.to_string(), (in_service, at.referenced));
        let members = self.members(name, rust_name, schema);
        let source = self.source(schema.source.as_ref());
        self.structs.push(ir::Struct {
            name: name.to_string(),
            rust_name: rust_name.to_string(),
            static_name,
            description: schema.description.clone(),
            members,
            union,
            source,
            origin: self.origin(&at.referenced),
        });
    }

    /// `sensitive`, `aliases`, `dynamic` and `default` describe a member; anywhere else they
    /// would be ignored.
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
        if let Some(dynamic) = &schema.dynamic {
            self.error(
                dynamic,
                format!("`dynamic` applies to members, not to {what}"),
            );
        }
        if let Some(default) = &schema.default {
            self.error(
                default,
                format!("`default` applies to members, not to {what}"),
            );
        }
        if let Some(example) = &schema.example {
            self.error(
                example,
                format!("`example` applies to members, not to {what}"),
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
        let union = schema.ty.as_ref().is_some_and(|t| t.value == "union");
        let mut required = BTreeSet::new();
        for name in &schema.required {
            if union {
                self.error(
                    name,
                    format!(
                        "a union has no required members: exactly one member of `{owner}` is set"
                    ),
                );
                break;
            }
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
            if union {
                self.claim_union_variant(rust_owner, &wire.value, &wire.referenced);
            }
            if member.value.default.is_some() {
                self.claim_default_fn(rust_owner, &wire.value, &rust_name, &wire.referenced);
            }
            let default = member
                .value
                .default
                .as_ref()
                .and_then(|d| self.literal(d, &ty));
            let example = member
                .value
                .example
                .as_ref()
                .and_then(|d| self.literal(d, &ty));
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
                default,
                example,
                source: self.source(member.value.source.as_ref()),
                origin: self.origin(&wire.referenced),
            });
        }
        members
    }

    /// A `default` or `enum` value, checked against the type it belongs to.
    pub(super) fn literal(&mut self, at: &Spanned<Scalar>, ty: &ir::Type) -> Option<ir::Literal> {
        let value = match (&at.value, ty) {
            (Scalar::String(s), ir::Type::String(rules)) => {
                if !rules.enumeration.is_empty() && !rules.enumeration.contains(s) {
                    self.error(at, format!("`{s}` is not one of the `enum` values"));
                }
                let n = s.chars().count() as u64;
                let fits = rules.min_length.is_none_or(|m| n >= m)
                    && rules.max_length.is_none_or(|m| n <= m)
                    && rules.pattern.as_ref().is_none_or(|p| {
                        pattern::compiled(&p.rust).is_some_and(|re| re.is_match(s))
                    });
                if !fits {
                    self.error(
                        at,
                        format!("`{s}` breaks the member's own length or pattern"),
                    );
                }
                ir::Literal::String(s.clone())
            }
            (Scalar::String(s), ir::Type::Timestamp(_)) => ir::Literal::String(s.clone()),
            (Scalar::Int(n), ir::Type::Integer(rules)) => {
                if !rules.enumeration.is_empty() && !rules.enumeration.contains(n) {
                    self.error(at, format!("{n} is not one of the `enum` values"));
                }
                if rules.minimum.is_some_and(|m| *n < m) || rules.maximum.is_some_and(|m| *n > m) {
                    self.error(at, format!("{n} is outside the member's own range"));
                }
                ir::Literal::Integer(*n)
            }
            (Scalar::Int(n), ir::Type::Number(_)) => ir::Literal::Number(*n as f64),
            (Scalar::Float(n), ir::Type::Number(_)) => ir::Literal::Number(*n),
            (Scalar::Bool(b), ir::Type::Boolean) => ir::Literal::Boolean(*b),
            _ => {
                self.error(at, "the value does not have the member's type");
                return None;
            }
        };
        Some(value)
    }

    /// Assigns and claims the names of the statics and enums the emitter writes for the value
    /// `wire` of `rust_owner`, and of the values inside it.
    pub(super) fn claim_member_names(
        &mut self,
        rust_owner: &str,
        wire: &str,
        ty: &ir::Type,
        at: &Location,
    ) {
        let mut ty = ty;
        let mut path = wire.to_string();
        loop {
            let rules = names::rules_name(rust_owner, &path);
            self.claim("rules", &rules, format!("the schema of `{wire}`"), at);
            self.items
                .rules
                .insert((rust_owner.to_string(), path.clone()), rules);
            match ty {
                ir::Type::String(s) if !s.enumeration.is_empty() => {
                    let enum_name = names::enum_name(rust_owner, &path);
                    self.claim("type", &enum_name, format!("the enum of `{wire}`"), at);
                    let scope = format!("enum {enum_name}");
                    let mut variants = std::collections::BTreeMap::new();
                    for value in &s.enumeration {
                        let variant = names::type_name(value);
                        self.claim(&scope, &variant, format!("the value `{value}`"), at);
                        variants.insert(value.clone(), variant);
                    }
                    let names = ir::EnumNames {
                        name: enum_name,
                        variants,
                    };
                    self.items
                        .enums
                        .insert((rust_owner.to_string(), path.clone()), names);
                }
                ir::Type::Array(array) => {
                    ty = &array.items;
                    path.push_str(" item");
                    continue;
                }
                ir::Type::Map(map) => {
                    let key_path = format!("{path} key");
                    let key = names::rules_name(rust_owner, &key_path);
                    self.claim("rules", &key, format!("the keys of `{wire}`"), at);
                    self.items
                        .rules
                        .insert((rust_owner.to_string(), key_path), key);
                    ty = &map.values;
                    path.push_str(" value");
                    continue;
                }
                _ => {}
            }
            break;
        }
    }

    /// Assigns and claims the variant of the member `wire` of the union `rust_owner`.
    fn claim_union_variant(&mut self, rust_owner: &str, wire: &str, at: &Location) {
        let variant = names::type_name(wire);
        let scope = format!("enum {rust_owner}");
        self.claim(&scope, &variant, format!("the member `{wire}`"), at);
        self.items
            .union_variants
            .insert((rust_owner.to_string(), wire.to_string()), variant);
    }

    /// Assigns and claims the function that returns the default of the member `wire` of
    /// `rust_owner`, whose field is `field`.
    pub(super) fn claim_default_fn(
        &mut self,
        rust_owner: &str,
        wire: &str,
        field: &str,
        at: &Location,
    ) {
        let function = format!(
            "default_{}_{}",
            names::field_name(rust_owner),
            field.trim_start_matches("r#")
        );
        self.claim(
            "defaults",
            &function,
            format!("the default of `{wire}`"),
            at,
        );
        self.items
            .defaults
            .insert((rust_owner.to_string(), wire.to_string()), function);
    }

    /// Keywords the type `ty` does not take are problems.
    pub(super) fn misplaced(&mut self, member: &str, ty: &Spanned<String>, schema: &raw::Schema) {
        let allowed = keywords_of(&ty.value);
        for (keyword, at) in present(schema) {
            if !allowed.contains(&keyword) {
                self.error_at(
                    &at,
                    format!(
                        "`{keyword}` does not apply to `{member}`, which is of type `{}`",
                        ty.value
                    ),
                );
            }
        }
    }
}
