//! The Rust type of each member, and the names of the statics and enums that go with it.

use super::ident;
use crate::ir::{Member, Operation, Type};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a member of the struct `owner` (its Rust name), `Option` when optional.
pub(super) fn field_type(op: &Operation, owner: &str, member: &Member) -> TokenStream {
    let inner = value_type(op, owner, member, &member.ty);
    if member.required {
        inner
    } else {
        quote!(::core::option::Option<#inner>)
    }
}

fn value_type(op: &Operation, owner: &str, member: &Member, ty: &Type) -> TokenStream {
    match ty {
        Type::String(s) if !s.enumeration.is_empty() => {
            let name = ident(&enum_name(owner, member));
            quote!(#name)
        }
        Type::String(_) => quote!(::std::string::String),
        Type::Integer(i) => match i.format {
            crate::ir::IntegerFormat::Int32 => quote!(i32),
            crate::ir::IntegerFormat::Int64 => quote!(i64),
        },
        Type::Boolean => quote!(bool),
        Type::Array(item) => {
            let item = value_type(op, owner, member, item);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Struct(name) => {
            let rust = op
                .struct_named(name)
                .map_or_else(|| names::type_name(name), |s| s.rust_name.clone());
            let rust = ident(&rust);
            quote!(#rust)
        }
        Type::AnyObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
    }
}

/// The name of the enum for a string member with an `enum` list.
pub(super) fn enum_name(owner: &str, member: &Member) -> String {
    names::enum_name(owner, &member.wire_name)
}

/// The name of the static that holds a member's rules; `depth` counts array levels.
pub(super) fn rules_name(owner: &str, member: &Member, depth: usize) -> String {
    names::rules_name(owner, &member.wire_name, depth)
}

/// Every struct whose members an operation's code must describe: each named struct, and the
/// request body under its own name.
pub(super) fn owners(op: &Operation) -> Vec<(String, Vec<Member>)> {
    let mut out: Vec<(String, Vec<Member>)> = op
        .structs
        .iter()
        .map(|s| (s.rust_name.clone(), s.members.clone()))
        .collect();
    out.push((
        op.request.body.rust_name.clone(),
        op.request.body.members.clone(),
    ));
    out
}
