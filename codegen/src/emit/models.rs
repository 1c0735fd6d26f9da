//! Models: one struct per object shape, an enum for an either-or body, enums for string `enum`
//! lists, and a `Debug` that masks sensitive members.

use super::types::{enum_name, field_type, owners};
use super::{doc, ident};
use crate::ir::{Member, Operation, Type};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let structs = op.structs.iter().map(|s| {
        let text = s
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{}` shape.", s.name));
        model(op, &s.rust_name, &s.rust_name, &text, &s.members, runtime)
    });
    let body = request_body(op, runtime);
    let enums = string_enums(op);
    quote! {
        #(#structs)*
        #body
        #enums
    }
}

/// A struct named `name` whose member types are named after `owner`.
fn model(
    op: &Operation,
    name: &str,
    owner: &str,
    text: &str,
    members: &[Member],
    runtime: &TokenStream,
) -> TokenStream {
    let name_ident = ident(name);
    let struct_doc = doc(text);
    let fields = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let ty = field_type(op, owner, m);
        let wire = &m.wire_name;
        let aliases = m.aliases.iter().map(|a| quote!(#[serde(alias = #a)]));
        let optional = (!m.required).then(
            || quote!(#[serde(default, skip_serializing_if = "::core::option::Option::is_none")]),
        );
        let mut text = m
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{wire}` member."));
        if m.sensitive {
            text.push_str("\n\nSensitive: masked in `Debug` output.");
        }
        let doc = doc(&text);
        quote! {
            #doc
            #[serde(rename = #wire)]
            #(#aliases)*
            #optional
            pub #field: #ty,
        }
    });
    let sensitive = members.iter().any(|m| m.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| masked_debug(name, members, runtime));
    quote! {
        #struct_doc
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name_ident {
            #(#fields)*
        }
        #debug
    }
}

fn masked_debug(name: &str, members: &[Member], runtime: &TokenStream) -> TokenStream {
    let ty = ident(name);
    let fields = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let label = &m.rust_name;
        match (m.sensitive, m.required) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => quote!(.field(#label, &#runtime::REDACTED)),
            (true, false) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| #runtime::REDACTED)))
            }
        }
    });
    quote! {
        impl ::core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

fn request_body(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let body = &op.request.body;
    let text = body
        .description
        .clone()
        .unwrap_or_else(|| format!("The request body of `{}`.", op.name));
    if body.variants.is_empty() {
        return model(
            op,
            &body.rust_name,
            &body.rust_name,
            &text,
            &body.members,
            runtime,
        );
    }
    let structs = body.variants.iter().map(|v| {
        let members = body.variant_members(v);
        let text = match &v.description {
            Some(d) => format!("The `{}` variant of the request body. {d}", v.name),
            None => format!("The `{}` variant of the request body.", v.name),
        };
        model(op, &v.rust_name, &body.rust_name, &text, &members, runtime)
    });
    let variants = body.variants.iter().map(|v| {
        let variant = ident(&names::type_name(&v.name));
        let ty = ident(&v.rust_name);
        let doc = doc(&format!("Requires {}.", v.required.join(", ")));
        quote! {
            #doc
            #variant(#ty),
        }
    });
    let name = ident(&body.rust_name);
    let doc = doc(&format!(
        "{text}\n\nExactly one variant applies. Build it from JSON with `validate_request_value`, which \
         rejects a body that has members of more than one variant, or of none."
    ));
    quote! {
        #(#structs)*
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// One Rust enum per string member with an `enum` list.
fn string_enums(op: &Operation) -> TokenStream {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (owner, members) in owners(op) {
        for member in &members {
            let mut ty = &member.ty;
            while let Type::Array(item) = ty {
                ty = item;
            }
            let Type::String(s) = ty else { continue };
            if s.enumeration.is_empty() {
                continue;
            }
            let name = enum_name(&owner, member);
            if seen.insert(name.clone()) {
                out.push(string_enum(&name, &member.wire_name, &s.enumeration));
            }
        }
    }
    quote!(#(#out)*)
}

fn string_enum(name: &str, wire: &str, values: &[String]) -> TokenStream {
    let ty = ident(name);
    let doc = doc(&format!("The values `{wire}` may take."));
    let variants: Vec<_> = values.iter().map(|v| ident(&names::type_name(v))).collect();
    let decls = values.iter().zip(&variants).map(|(value, variant)| {
        quote! {
            #[serde(rename = #value)]
            #variant,
        }
    });
    let arms = values
        .iter()
        .zip(&variants)
        .map(|(value, variant)| quote!(#ty::#variant => #value,));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #ty {
            #(#decls)*
        }
        impl #ty {
            /// The value as it is written on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
