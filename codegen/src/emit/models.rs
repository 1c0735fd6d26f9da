//! Models: one struct per structure, an enum per tagged union and per either-or body, enums for
//! string `enum` lists, the operation's parameters and input, defaults, and a `Debug` that
//! masks sensitive members.

use super::types::{default_value, field_type, has_default, string_enums, value_type};
use super::{EmitError, doc, ident};
use crate::ir::{EnumNames, Member, Operation, Param};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let mut defaults = Defaults::default();
    let structs: Vec<TokenStream> = op
        .structs
        .iter()
        .map(|s| {
            let text = s
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` shape.", s.name));
            if s.union {
                union(op, &s.rust_name, &text, &s.members, runtime)
            } else {
                model(
                    op,
                    &s.rust_name,
                    &s.rust_name,
                    &text,
                    &s.members,
                    runtime,
                    &mut defaults,
                )
            }
        })
        .collect::<Result<_, EmitError>>()?;
    let body = request_body(op, runtime, &mut defaults)?;
    let params = params(op, runtime, &mut defaults)?;
    let input = input(op);
    let mut seen = BTreeSet::new();
    let mut enums = Vec::new();
    for (owner, path, values) in string_enums(op) {
        let names = op.items.enumeration(&owner, &path)?;
        if seen.insert(&names.name) {
            enums.push(string_enum(names, &path, &values)?);
        }
    }
    let defaults = defaults.functions;
    let defaults = (!defaults.is_empty()).then(|| {
        quote! {
            /// The values models assume for members the wire leaves out.
            pub mod defaults {
                #[allow(unused_imports)]
                use super::*;
                #(#defaults)*
            }
        }
    });
    Ok(quote! {
        #(#structs)*
        #body
        #params
        #input
        #(#enums)*
        #defaults
    })
}

/// The functions of the `defaults` module, each written once: the variants of an either-or
/// body share the members no variant claims, and with them their defaults.
#[derive(Default)]
struct Defaults {
    names: BTreeSet<String>,
    functions: Vec<TokenStream>,
}

impl Defaults {
    fn add(&mut self, name: &str, function: TokenStream) {
        if self.names.insert(name.to_string()) {
            self.functions.push(function);
        }
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
    defaults: &mut Defaults,
) -> Result<TokenStream, EmitError> {
    let name_ident = ident(name);
    let struct_doc = doc(text);
    let mut fields = Vec::new();
    for m in members {
        let field = ident(&m.rust_name);
        let ty = field_type(op, owner, m, runtime)?;
        let wire = &m.wire_name;
        let aliases = m.aliases.iter().map(|a| quote!(#[serde(alias = #a)]));
        let serde_default = match (&m.default, has_default(m)) {
            (Some(default), true) => {
                let function = op.items.default_fn(owner, wire)?;
                let function_ident = ident(function);
                let inner = value_type(op, owner, wire, &m.ty, runtime)?;
                let value = default_value(op, owner, wire, &m.ty, default)?;
                defaults.add(
                    function,
                    quote! {
                        pub fn #function_ident() -> #inner {
                            #value
                        }
                    },
                );
                let path = format!("self::defaults::{function}");
                Some(quote!(#[serde(default = #path)]))
            }
            _ => None,
        };
        let optional = (!m.required && serde_default.is_none()).then(
            || quote!(#[serde(default, skip_serializing_if = "::core::option::Option::is_none")]),
        );
        let mut text = m
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{wire}` member."));
        if m.sensitive {
            text.push_str("\n\nSensitive: masked in `Debug` output.");
        }
        if let Some(d) = &m.default {
            text.push_str(&format!(
                "\n\nDefault: `{}`.",
                super::schema::literal_json(d)
            ));
        }
        let doc = doc(&text);
        fields.push(quote! {
            #doc
            #[serde(rename = #wire)]
            #(#aliases)*
            #optional
            #serde_default
            pub #field: #ty,
        });
    }
    let sensitive = members.iter().any(|m| m.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| masked_debug(name, members, runtime));
    Ok(quote! {
        #struct_doc
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name_ident {
            #(#fields)*
        }
        #debug
    })
}

/// A tagged union: one variant per member, written on the wire as `{"Member": value}`.
fn union(
    op: &Operation,
    name: &str,
    text: &str,
    members: &[Member],
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    let ty = ident(name);
    let union_doc = doc(&format!(
        "{text}\n\nA tagged union: exactly one member is set."
    ));
    let labels: Vec<&str> = members
        .iter()
        .map(|m| op.items.union_variant(name, &m.wire_name))
        .collect::<Result<_, _>>()?;
    let mut variants = Vec::new();
    for (m, label) in members.iter().zip(&labels) {
        let variant = ident(label);
        let wire = &m.wire_name;
        let inner = value_type(op, name, wire, &m.ty, runtime)?;
        let text = m
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{wire}` member."));
        let doc = doc(&text);
        variants.push(quote! {
            #doc
            #[serde(rename = #wire)]
            #variant(#inner),
        });
    }
    let sensitive = members.iter().any(|m| m.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| {
        let arms = members.iter().zip(&labels).map(|(m, label)| {
            let variant = ident(label);
            if m.sensitive {
                quote!(#ty::#variant(_) => f.debug_tuple(#label).field(&#runtime::REDACTED).finish(),)
            } else {
                quote!(#ty::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl ::core::fmt::Debug for #ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    Ok(quote! {
        #union_doc
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #ty {
            #(#variants)*
        }
        #debug
    })
}

fn masked_debug(name: &str, members: &[Member], runtime: &TokenStream) -> TokenStream {
    let ty = ident(name);
    let fields = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let label = &m.rust_name;
        match (m.sensitive, m.required || has_default(m)) {
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

fn request_body(
    op: &Operation,
    runtime: &TokenStream,
    defaults: &mut Defaults,
) -> Result<TokenStream, EmitError> {
    let Some(body) = op.body() else {
        return Ok(TokenStream::new());
    };
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
            defaults,
        );
    }
    let structs: Vec<TokenStream> = body
        .variants
        .iter()
        .map(|v| {
            let members = body.variant_members(v);
            let text = match &v.description {
                Some(d) => format!("The `{}` variant of the request body. {d}", v.name),
                None => format!("The `{}` variant of the request body.", v.name),
            };
            model(
                op,
                &v.rust_name,
                &body.rust_name,
                &text,
                &members,
                runtime,
                defaults,
            )
        })
        .collect::<Result<_, EmitError>>()?;
    let variants = body.variants.iter().map(|v| {
        let variant = ident(&v.variant_name);
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
    Ok(quote! {
        #(#structs)*
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// The path and query parameters as one struct, when the operation has any.
fn params(
    op: &Operation,
    runtime: &TokenStream,
    defaults: &mut Defaults,
) -> Result<TokenStream, EmitError> {
    let all: Vec<&Param> = op.request.labels.iter().chain(&op.request.query).collect();
    if all.is_empty() {
        return Ok(TokenStream::new());
    }
    let members: Vec<Member> = all.iter().map(|p| p.as_member()).collect();
    let name = op.rust.params.clone();
    let text = format!("The path labels and query parameters of `{}`.", op.name);
    model(op, &name, &name, &text, &members, runtime, defaults)
}

/// Everything a request carries besides its headers: the parameters and the body.
fn input(op: &Operation) -> TokenStream {
    let name = ident(&op.rust.input);
    let params = (!op.request.labels.is_empty() || !op.request.query.is_empty()).then(|| {
        let ty = ident(&op.rust.params);
        quote! {
            /// The path labels and query parameters.
            pub params: #ty,
        }
    });
    let body = op.body().map(|b| {
        let ty = ident(&b.rust_name);
        quote! {
            /// The JSON body.
            pub body: #ty,
        }
    });
    let doc = doc(&format!(
        "A request to `{}` that passed every check, read into its models.",
        op.name
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #params
            #body
        }
    }
}

fn string_enum(names: &EnumNames, wire: &str, values: &[String]) -> Result<TokenStream, EmitError> {
    let ty = ident(&names.name);
    let doc = doc(&format!(
        "The values `{}` may take.",
        wire.split(' ').next().unwrap_or(wire)
    ));
    let variants: Vec<_> = values
        .iter()
        .map(|v| Ok(ident(names.variant(v)?)))
        .collect::<Result<_, EmitError>>()?;
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
    Ok(quote! {
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
    })
}
