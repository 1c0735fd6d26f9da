//! The Rust type of each member and parameter, named the way the lowering claimed the names.

use super::{EmitError, ident};
use crate::ir::{IntegerFormat, Literal, Member, NumberFormat, Operation, TimestampFormat, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a member of the struct `owner` (its Rust name): `Option` when optional,
/// unless a default stands in for an absent value.
pub(super) fn field_type(
    op: &Operation,
    owner: &str,
    member: &Member,
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    let inner = value_type(op, owner, &member.wire_name, &member.ty, runtime)?;
    Ok(if member.required || has_default(member) {
        inner
    } else {
        quote!(::core::option::Option<#inner>)
    })
}

/// Whether the model fills an absent member with its default.
pub(super) fn has_default(member: &Member) -> bool {
    member.default.is_some()
        && matches!(
            member.ty,
            Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean
        )
}

/// The Rust type of the value `path` of `owner`.
pub(super) fn value_type(
    op: &Operation,
    owner: &str,
    path: &str,
    ty: &Type,
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    Ok(match ty {
        Type::String(s) if !s.enumeration.is_empty() => {
            let name = ident(&op.items.enumeration(owner, path)?.name);
            quote!(#name)
        }
        Type::String(_) => quote!(::std::string::String),
        Type::Integer(i) => match i.format {
            IntegerFormat::Int32 => quote!(i32),
            IntegerFormat::Int64 => quote!(i64),
        },
        Type::Number(n) => match n.format {
            NumberFormat::Float => quote!(f32),
            NumberFormat::Double => quote!(f64),
        },
        Type::Boolean => quote!(bool),
        Type::Timestamp(TimestampFormat::EpochSeconds) => quote!(#runtime::EpochSeconds),
        Type::Timestamp(TimestampFormat::DateTime) => quote!(#runtime::DateTime),
        Type::Timestamp(TimestampFormat::HttpDate) => quote!(#runtime::HttpDate),
        Type::Blob(_) => quote!(#runtime::Blob),
        Type::Array(array) => {
            let item = value_type(op, owner, &format!("{path} item"), &array.items, runtime)?;
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map(map) => {
            let value = value_type(op, owner, &format!("{path} value"), &map.values, runtime)?;
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Struct(name) => {
            let rust = ident(&op.struct_by_name(name)?.rust_name);
            quote!(#rust)
        }
        Type::AnyObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
    })
}

/// The expression of a default value of `ty`.
pub(super) fn default_value(
    op: &Operation,
    owner: &str,
    path: &str,
    ty: &Type,
    literal: &Literal,
) -> Result<TokenStream, EmitError> {
    Ok(match (literal, ty) {
        (Literal::String(s), Type::String(rules)) if !rules.enumeration.is_empty() => {
            let names = op.items.enumeration(owner, path)?;
            let enum_name = ident(&names.name);
            let variant = ident(names.variant(s)?);
            quote!(#enum_name::#variant)
        }
        (Literal::String(s), _) => quote!(::std::string::String::from(#s)),
        (Literal::Integer(n), _) => super::number(*n),
        (Literal::Number(n), _) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(n.abs());
            if *n < 0.0 {
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        }
        (Literal::Boolean(b), _) => quote!(#b),
    })
}

/// Every string enum of an operation: the owner, the value's path and its values.
pub(super) fn string_enums(op: &Operation) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut visit = |owner: &str, wire: &str, ty: &Type| {
        let mut ty = ty;
        let mut path = wire.to_string();
        loop {
            match ty {
                Type::String(s) if !s.enumeration.is_empty() => {
                    out.push((owner.to_string(), path, s.enumeration.clone()));
                }
                Type::Array(array) => {
                    ty = &array.items;
                    path.push_str(" item");
                    continue;
                }
                Type::Map(map) => {
                    ty = &map.values;
                    path.push_str(" value");
                    continue;
                }
                _ => {}
            }
            break;
        }
    };
    for s in &op.structs {
        for m in &s.members {
            visit(&s.rust_name, &m.wire_name, &m.ty);
        }
    }
    if let Some(body) = op.body() {
        for m in &body.members {
            visit(&body.rust_name, &m.wire_name, &m.ty);
        }
    }
    let params = &op.rust.params;
    for p in op.request.labels.iter().chain(&op.request.query) {
        visit(params, &p.wire_name, &p.ty);
    }
    out
}
