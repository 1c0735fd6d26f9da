//! Schemas as statics: one `runtime::Schema` per node of every struct, union, parameter and
//! typed header, and one `runtime::StructSchema` per struct, so that validators, the mock and
//! the runner walk the same description of every value.

use super::{EmitError, ident, number};
use crate::ir::{
    Header, HeaderRule, HeadersOf, IntegerFormat, Literal, Member, NullMembers, NumberFormat,
    Operation, Param, Protocol, StringFormat, StringType, TimestampFormat, Type, UnknownMembers,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The `schema` module of an operation.
pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    // `Some` and `None` go by the prelude's names: the module declares only uppercase statics,
    // which cannot shadow them.
    let mut out = Emitter {
        op,
        runtime,
        items: Vec::new(),
        values: Vec::new(),
    };
    for s in &op.structs {
        out.structure(
            &s.rust_name,
            &s.static_name,
            &s.name,
            &s.members,
            s.union,
            None,
        )?;
    }
    if let Some(body) = op.body() {
        out.structure(
            &body.rust_name,
            &body.static_name,
            &body.rust_name,
            &body.members,
            false,
            Some(body),
        )?;
    }
    let params = &op.rust.params;
    for p in op.request.labels.iter().chain(&op.request.query) {
        out.node(params, &p.wire_name, &p.ty)?;
    }
    for (of, headers) in [
        (HeadersOf::Request, &op.request.headers),
        (HeadersOf::Response, &op.response.headers),
    ] {
        let owner = op.rust.headers(of);
        for h in headers {
            if let HeaderRule::Typed(ty) = &h.rule {
                out.node(owner, &h.name, ty)?;
            }
        }
    }
    let (items, values) = (out.items, out.values);
    // Each module imports the operation module's `rt`, and only where its statics use it.
    let items_use = (!items.is_empty()).then(|| quote! { use super::rt; });
    let values_use = (!values.is_empty()).then(|| quote! { use super::super::rt; });
    Ok(quote! {
        /// The schema of every structure the operation exchanges, as data the runtime walks.
        pub mod schema {
            #items_use
            #(#items)*
            /// The schema of every member, parameter and header value.
            pub mod values {
                #values_use
                #(#values)*
            }
        }
    })
}

struct Emitter<'a> {
    op: &'a Operation,
    runtime: &'a TokenStream,
    /// The structures' statics, in `schema`.
    items: Vec<TokenStream>,
    /// The values' statics, in `schema::values`.
    values: Vec<TokenStream>,
}

impl Emitter<'_> {
    /// The `StructSchema` static of a struct, union or request body, and its members' nodes.
    fn structure(
        &mut self,
        rust_name: &str,
        static_name: &str,
        name: &str,
        members: &[Member],
        union: bool,
        body: Option<&crate::ir::Body>,
    ) -> Result<(), EmitError> {
        let runtime = self.runtime;
        let static_name = ident(static_name);
        let member_items: Vec<TokenStream> = members
            .iter()
            .map(|m| {
                let node = self.node(rust_name, &m.wire_name, &m.ty)?;
                let wire = &m.wire_name;
                let aliases = &m.aliases;
                let (required, sensitive, dynamic) = (m.required, m.sensitive, m.dynamic);
                let needed = body.map_or(m.required, |b| b.requires(m));
                // Each member states only what sets it apart from `Member::new`.
                let mut member = quote!(#runtime::Member::new(#wire, &values::#node));
                member.extend(setter("aliases", slice(aliases)));
                member.extend(flags(&[
                    (required, "required"),
                    (needed, "needed"),
                    (sensitive, "sensitive"),
                    (dynamic, "dynamic"),
                ]));
                let json = |literal: &Literal| {
                    let text = literal_json(literal);
                    quote!(#text)
                };
                member.extend(setter("default_json", m.default.as_ref().map(json)));
                member.extend(setter("example_json", m.example.as_ref().map(json)));
                Ok(member)
            })
            .collect::<Result<_, EmitError>>()?;
        let member_names = members.iter().map(|m| &m.wire_name);
        let indexed = members.iter().enumerate().map(|(index, m)| {
            let wire = &m.wire_name;
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#wire => Some(#index))
        });
        let index = if members.is_empty() {
            quote!(|_| None)
        } else {
            quote! {
                |key| match key {
                    #(#indexed,)*
                    _ => None,
                }
            }
        };
        let variants = body.into_iter().flat_map(|b| &b.variants).map(|v| {
            let body = body.expect("variants belong to a body");
            let own = body
                .members
                .iter()
                .enumerate()
                .filter(|(_, m)| v.required.contains(&m.wire_name) && !body.requires(m))
                .map(|(index, _)| proc_macro2::Literal::usize_unsuffixed(index));
            let required = &v.required;
            let name = &v.name;
            quote! {
                #runtime::Variant { name: #name, required: &[#(#required),*], own: &[#(#own),*] }
            }
        });
        let variants = setter("variants", slice(&variants.collect::<Vec<_>>()));
        let flags = flags(&[
            (union, "union"),
            (
                matches!(self.op.policies.null_members, NullMembers::Absent),
                "null_is_absent",
            ),
            (
                matches!(self.op.policies.unknown_members, UnknownMembers::Reject),
                "reject_unknown",
            ),
        ]);
        let doc = super::doc(&format!("The schema of `{name}`."));
        self.items.push(quote! {
            #doc
            pub static #static_name: #runtime::StructSchema = #runtime::StructSchema::new(
                #name,
                &[#(#member_items),*],
                &[#(#member_names),*],
                #index,
            ) #variants #flags;
        });
        Ok(())
    }

    /// Writes the static of the value `path` (a member, or `member item`, `member value`...) of
    /// `owner`, and the statics it refers to; returns its name.
    fn node(
        &mut self,
        owner: &str,
        path: &str,
        ty: &Type,
    ) -> Result<proc_macro2::Ident, EmitError> {
        let runtime = self.runtime;
        let name = ident(self.op.items.rules(owner, path)?);
        let value = match ty {
            Type::String(s) => {
                let rules = string_rules(s, runtime);
                quote!(#runtime::Schema::String(#rules))
            }
            Type::Integer(i) => {
                let mut rules = match i.format {
                    IntegerFormat::Int32 => quote!(#runtime::IntegerRules::INT32),
                    IntegerFormat::Int64 => quote!(#runtime::IntegerRules::INT64),
                };
                rules.extend(setter("minimum", i.minimum.map(number)));
                rules.extend(setter("maximum", i.maximum.map(number)));
                let values: Vec<TokenStream> = i.enumeration.iter().map(|v| number(*v)).collect();
                rules.extend(setter("one_of", slice(&values)));
                quote!(#runtime::Schema::Integer(#rules))
            }
            Type::Number(n) => {
                let mut rules = match n.format {
                    NumberFormat::Float => quote!(#runtime::NumberRules::FLOAT),
                    NumberFormat::Double => quote!(#runtime::NumberRules::DOUBLE),
                };
                let signed = |v: f64| {
                    let lit = proc_macro2::Literal::f64_unsuffixed(v.abs());
                    if v < 0.0 { quote!(-#lit) } else { quote!(#lit) }
                };
                rules.extend(setter("minimum", n.minimum.map(signed)));
                rules.extend(setter("maximum", n.maximum.map(signed)));
                rules.extend(flags(&[(
                    self.op.protocol == Protocol::RestJson1,
                    "non_finite_strings",
                )]));
                quote!(#runtime::Schema::Number(#rules))
            }
            Type::Boolean => quote!(#runtime::Schema::Boolean),
            Type::Timestamp(format) => {
                let format = timestamp_format(*format, runtime);
                quote!(#runtime::Schema::Timestamp(#format))
            }
            Type::Blob(b) => {
                let min = setter("min_length", b.min_length.map(unsigned));
                let max = setter("max_length", b.max_length.map(unsigned));
                quote!(#runtime::Schema::Blob(#runtime::BlobRules::ANY #min #max))
            }
            Type::Array(array) => {
                let items = self.node(owner, &format!("{path} item"), &array.items)?;
                let min = setter("min_items", array.min_items.map(unsigned));
                let max = setter("max_items", array.max_items.map(unsigned));
                let unique = flags(&[(array.unique_items, "unique_items")]);
                quote!(#runtime::Schema::List(#runtime::ListRules::of(&#items) #min #max #unique))
            }
            Type::Map(map) => {
                let keys = ident(self.op.items.rules(owner, &format!("{path} key"))?);
                let key_rules = string_rules(&map.keys, runtime);
                self.values.push(quote! {
                    pub static #keys: #runtime::StringRules = #key_rules;
                });
                let values = self.node(owner, &format!("{path} value"), &map.values)?;
                let min = setter("min_properties", map.min_properties.map(unsigned));
                let max = setter("max_properties", map.max_properties.map(unsigned));
                quote!(#runtime::Schema::Map(#runtime::MapRules::of(&#keys, &#values) #min #max))
            }
            Type::Struct(target) => {
                let target = ident(&self.op.struct_by_name(target)?.static_name);
                quote!(#runtime::Schema::Struct(&super::#target))
            }
            Type::AnyObject => quote!(#runtime::Schema::AnyObject),
        };
        self.values.push(quote! {
            pub static #name: #runtime::Schema = #value;
        });
        Ok(name)
    }
}

/// String rules as the runtime's constant for any string, or the constructor for a pattern,
/// followed by a method for each other constraint.
fn string_rules(s: &StringType, runtime: &TokenStream) -> TokenStream {
    let mut rules = match &s.pattern {
        Some(p) => {
            let (source, rust) = (&p.source, &p.rust);
            quote!(#runtime::StringRules::matching(#runtime::Pattern::new(#source, #rust)))
        }
        None => quote!(#runtime::StringRules::ANY),
    };
    rules.extend(setter("min_length", s.min_length.map(unsigned)));
    rules.extend(setter("max_length", s.max_length.map(unsigned)));
    rules.extend(setter(
        "format",
        s.format.map(|f| match f {
            StringFormat::Uuid => quote!(#runtime::StringFormat::Uuid),
            StringFormat::Uri => quote!(#runtime::StringFormat::Uri),
            StringFormat::UriReference => quote!(#runtime::StringFormat::UriReference),
        }),
    ));
    rules.extend(setter("one_of", slice(&s.enumeration)));
    rules
}

/// A call of the builder method `method` with `value`, when there is one.
fn setter(method: &str, value: Option<TokenStream>) -> TokenStream {
    value.map_or_else(TokenStream::new, |value| {
        let method = ident(method);
        quote!(.#method(#value))
    })
}

/// A slice of `items`, or nothing when there are none: the builders start from an empty one.
fn slice<T: quote::ToTokens>(items: &[T]) -> Option<TokenStream> {
    (!items.is_empty()).then(|| quote!(&[#(#items),*]))
}

/// A call of each builder method whose flag is set, in order.
pub(super) fn flags(flags: &[(bool, &str)]) -> TokenStream {
    flags
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, method)| {
            let method = ident(method);
            quote!(.#method())
        })
        .collect()
}

pub(super) fn timestamp_format(format: TimestampFormat, runtime: &TokenStream) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(#runtime::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(#runtime::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(#runtime::TimestampFormat::HttpDate),
    }
}

fn unsigned(v: u64) -> TokenStream {
    let v = proc_macro2::Literal::u64_unsuffixed(v);
    quote!(#v)
}

/// A literal as JSON text.
pub(super) fn literal_json(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => serde_json::Value::String(s.clone()).to_string(),
        Literal::Integer(n) => n.to_string(),
        Literal::Number(n) => {
            serde_json::Number::from_f64(*n).map_or_else(|| "null".to_string(), |n| n.to_string())
        }
        Literal::Boolean(b) => b.to_string(),
    }
}

/// The header rule of `h` as a runtime expression.
pub(super) fn header_rule(
    op: &Operation,
    h: &Header,
    of: HeadersOf,
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    Ok(match &h.rule {
        HeaderRule::Any => quote!(#runtime::HeaderRule::Any),
        HeaderRule::Const(v) => quote!(#runtime::HeaderRule::Const(#v)),
        HeaderRule::MediaType(m) => quote!(#runtime::HeaderRule::MediaType(#m)),
        HeaderRule::Pattern(p) => {
            let (source, rust) = (&p.source, &p.rust);
            quote!(#runtime::HeaderRule::Pattern(#runtime::Pattern::new(#source, #rust)))
        }
        HeaderRule::Typed(_) => {
            let node = ident(op.items.rules(op.rust.headers(of), &h.name)?);
            quote!(#runtime::HeaderRule::Typed(&schema::values::#node))
        }
    })
}

/// The `runtime::Param` of a label or query parameter.
pub(super) fn param(
    op: &Operation,
    p: &Param,
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    let name = &p.wire_name;
    let node = ident(op.items.rules(&op.rust.params, &p.wire_name)?);
    let flags = flags(&[(p.required, "required"), (p.sensitive, "sensitive")]);
    Ok(quote!(#runtime::Param::new(#name, &schema::values::#node) #flags))
}
