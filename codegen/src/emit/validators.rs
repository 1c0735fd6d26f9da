//! Validators: the rules of every member as statics, a `check` per struct that collects every
//! violation, and the request and response entry points.

use super::types::{owners, rules_name};
use super::{doc, ident, number};
use crate::ir::{
    Header, HeaderRule, IntegerFormat, Member, Operation, StringFormat, Type, UnknownMembers,
};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let rules = rules(op, runtime);
    let checks = op
        .structs
        .iter()
        .map(|s| struct_check(op, &s.rust_name, &s.name, &s.members, runtime));
    let body = &op.request.body;
    let body_check = body
        .variants
        .is_empty()
        .then(|| struct_check(op, &body.rust_name, &body.rust_name, &body.members, runtime));
    let request = request(op, runtime);
    let response = response(op, runtime);
    quote! {
        #rules
        #(#checks)*
        #body_check
        #request
        #response
    }
}

/// `check` and `from_json` for the struct `rust_name`.
fn struct_check(
    op: &Operation,
    rust_name: &str,
    name: &str,
    members: &[Member],
    runtime: &TokenStream,
) -> TokenStream {
    let ty = ident(rust_name);
    let body = member_checks(op, rust_name, members, runtime);
    let check_doc = doc(&format!(
        "Checks `value`, found at `pointer`, against the `{name}` schema, and pushes every violation onto `out`."
    ));
    quote! {
        impl #ty {
            #check_doc
            pub fn check(value: &::serde_json::Value, pointer: &#runtime::Pointer<'_>, out: &mut ::std::vec::Vec<#runtime::Violation>) {
                #body
            }
            /// Reads a JSON document into this model, or returns every violation it has.
            pub fn from_json(body: &[u8]) -> ::core::result::Result<Self, ::std::vec::Vec<#runtime::Violation>> {
                #runtime::parse_with(body, Self::check)
            }
        }
    }
}

/// A module of statics: the rules of every constrained member and header.
fn rules(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let mut items = Vec::new();
    for (owner, members) in owners(op) {
        for member in &members {
            let mut ty = &member.ty;
            let mut depth = 0;
            loop {
                let name = ident(&rules_name(&owner, member, depth));
                match ty {
                    Type::String(s) => {
                        let min = option_u64(s.min_length);
                        let max = option_u64(s.max_length);
                        let pattern = match &s.pattern {
                            Some(p) => {
                                let (source, rust) = (&p.source, &p.rust);
                                quote!(::core::option::Option::Some(#runtime::Pattern::new(#source, #rust)))
                            }
                            None => quote!(::core::option::Option::None),
                        };
                        let format = match s.format {
                            Some(StringFormat::Uuid) => {
                                quote!(::core::option::Option::Some(#runtime::StringFormat::Uuid))
                            }
                            Some(StringFormat::Uri) => {
                                quote!(::core::option::Option::Some(#runtime::StringFormat::Uri))
                            }
                            Some(StringFormat::UriReference) => {
                                quote!(::core::option::Option::Some(#runtime::StringFormat::UriReference))
                            }
                            None => quote!(::core::option::Option::None),
                        };
                        let values = &s.enumeration;
                        items.push(quote! {
                            pub static #name: #runtime::StringRules = #runtime::StringRules {
                                min_length: #min,
                                max_length: #max,
                                pattern: #pattern,
                                format: #format,
                                enumeration: &[#(#values),*],
                            };
                        });
                    }
                    Type::Integer(i) => {
                        let format = match i.format {
                            IntegerFormat::Int32 => quote!(#runtime::IntegerFormat::Int32),
                            IntegerFormat::Int64 => quote!(#runtime::IntegerFormat::Int64),
                        };
                        let min = option_i64(i.minimum);
                        let max = option_i64(i.maximum);
                        items.push(quote! {
                            pub static #name: #runtime::IntegerRules = #runtime::IntegerRules {
                                format: #format,
                                minimum: #min,
                                maximum: #max,
                            };
                        });
                    }
                    Type::Array(item) => {
                        ty = item;
                        depth += 1;
                        continue;
                    }
                    Type::Boolean | Type::Struct(_) | Type::AnyObject => {}
                }
                break;
            }
        }
    }
    let headers = op
        .request
        .headers
        .iter()
        .map(|h| (format!("REQUEST_{}", h.const_name), h))
        .chain(
            op.response
                .headers
                .iter()
                .map(|h| (format!("RESPONSE_{}", h.const_name), h)),
        )
        .map(|(name, h)| {
            let name = ident(&name);
            let rule = header_rule(h, runtime);
            quote!(pub static #name: #runtime::HeaderRule = #rule;)
        });
    quote! {
        /// The rules of every constrained member and header, as the spec states them.
        pub mod rules {
            #(#items)*
            #(#headers)*
        }
    }
}

fn header_rule(h: &Header, runtime: &TokenStream) -> TokenStream {
    match &h.rule {
        HeaderRule::Any => quote!(#runtime::HeaderRule::Any),
        HeaderRule::Const(v) => quote!(#runtime::HeaderRule::Const(#v)),
        HeaderRule::MediaType(m) => quote!(#runtime::HeaderRule::MediaType(#m)),
        HeaderRule::Pattern(p) => {
            let (source, rust) = (&p.source, &p.rust);
            quote!(#runtime::HeaderRule::Pattern(#runtime::Pattern::new(#source, #rust)))
        }
    }
}

/// The parameter names of a header check: underscored when there is no header to check.
fn header_params(headers: &[Header]) -> (proc_macro2::Ident, proc_macro2::Ident) {
    if headers.is_empty() {
        (ident("_headers"), ident("_out"))
    } else {
        (ident("headers"), ident("out"))
    }
}

fn option_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = proc_macro2::Literal::u64_unsuffixed(v);
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn option_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = number(v);
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    }
}

/// The statements that check an object's members; `value`, `pointer` and `out` are in scope.
fn member_checks(
    op: &Operation,
    owner: &str,
    members: &[Member],
    runtime: &TokenStream,
) -> TokenStream {
    let reject = matches!(op.policies.unknown_members, UnknownMembers::Reject);
    if members.is_empty() && !reject {
        return quote!(#runtime::object(value, pointer, out););
    }
    let checks = members.iter().map(|m| {
        let wire = &m.wire_name;
        let aliases = &m.aliases;
        let check = value_check(op, owner, m, &m.ty, 0, runtime);
        let found = quote! {
            #runtime::member(object, pointer, #wire, &[#(#aliases),*], NULL_IS_ABSENT, out)
        };
        if m.required {
            quote! {
                match #found {
                    ::core::option::Option::Some((key, value)) => {
                        let pointer = #runtime::Pointer::Member(pointer, key);
                        #check
                    }
                    ::core::option::Option::None => #runtime::missing(pointer, #wire, out),
                }
            }
        } else {
            quote! {
                if let ::core::option::Option::Some((key, value)) = #found {
                    let pointer = #runtime::Pointer::Member(pointer, key);
                    #check
                }
            }
        }
    });
    let unknown = reject.then(|| {
        let known = members
            .iter()
            .flat_map(|m| std::iter::once(&m.wire_name).chain(&m.aliases));
        quote!(#runtime::reject_unknown(object, pointer, &[#(#known),*], out);)
    });
    quote! {
        let ::core::option::Option::Some(object) = #runtime::object(value, pointer, out) else {
            return;
        };
        #(#checks)*
        #unknown
    }
}

/// The check of one value of type `ty`, bound to `value` at the `String` pointer `pointer`.
fn value_check(
    op: &Operation,
    owner: &str,
    member: &Member,
    ty: &Type,
    depth: usize,
    runtime: &TokenStream,
) -> TokenStream {
    let rules = || {
        let name = ident(&rules_name(owner, member, depth));
        quote!(&rules::#name)
    };
    match ty {
        Type::String(_) => {
            let rules = rules();
            quote!(#runtime::string(value, &pointer, #rules, out);)
        }
        Type::Integer(_) => {
            let rules = rules();
            quote!(#runtime::integer(value, &pointer, #rules, out);)
        }
        Type::Boolean => quote!(#runtime::boolean(value, &pointer, out);),
        Type::AnyObject => quote!(#runtime::any_object(value, &pointer, out);),
        Type::Struct(name) => {
            let ty = op
                .struct_named(name)
                .map_or_else(|| names::type_name(name), |s| s.rust_name.clone());
            let ty = ident(&ty);
            quote!(#ty::check(value, &pointer, out);)
        }
        Type::Array(item) => {
            let inner = value_check(op, owner, member, item, depth + 1, runtime);
            quote! {
                if let ::core::option::Option::Some(items) = #runtime::array(value, &pointer, out) {
                    for (index, value) in items.iter().enumerate() {
                        let pointer = #runtime::Pointer::Index(&pointer, index);
                        #inner
                    }
                }
            }
        }
    }
}

fn request(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let body = &op.request.body;
    let ty = ident(&body.rust_name);
    let header_checks = op.request.headers.iter().map(|h| {
        let name = ident(&h.const_name);
        let rule = ident(&format!("REQUEST_{}", h.const_name));
        let required = h.required;
        quote!(#runtime::header(headers, self::headers::#name, #required, &rules::#rule, out);)
    });
    let (headers, out) = header_params(&op.request.headers);
    let value_fn = if body.variants.is_empty() {
        quote! {
            /// Checks a request body that is already JSON, and reads it into the model.
            pub fn validate_request_value(value: &::serde_json::Value) -> ::core::result::Result<#ty, ::std::vec::Vec<#runtime::Violation>> {
                let mut out = ::std::vec::Vec::new();
                #ty::check(value, &#runtime::Pointer::Root, &mut out);
                if !out.is_empty() {
                    return ::core::result::Result::Err(out);
                }
                #runtime::into_model(value.clone())
            }
        }
    } else {
        either_or(op, runtime)
    };
    quote! {
        /// Checks the request headers the spec constrains, and pushes every violation onto `out`.
        pub fn check_request_headers(#headers: &::http::HeaderMap, #out: &mut ::std::vec::Vec<#runtime::Violation>) {
            #(#header_checks)*
        }

        #value_fn

        /// Checks a whole request, headers and raw body, and reads the body into the model.
        /// On failure it returns every violation, headers first.
        pub fn validate_request(headers: &::http::HeaderMap, body: &[u8]) -> ::core::result::Result<#ty, ::std::vec::Vec<#runtime::Violation>> {
            #runtime::validate_request(headers, body, check_request_headers, validate_request_value)
        }
    }
}

/// The body check of an either-or body: members first, then exactly one variant.
fn either_or(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let body = &op.request.body;
    let ty = ident(&body.rust_name);
    // A member every variant requires is checked as `required`, not as part of `oneOf`.
    let members: Vec<Member> = body
        .members
        .iter()
        .map(|m| Member {
            required: m.required
                || body
                    .variants
                    .iter()
                    .all(|v| v.required.contains(&m.wire_name)),
            ..m.clone()
        })
        .collect();
    let common: Vec<&str> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| m.wire_name.as_str())
        .collect();
    let checks = member_checks(op, &body.rust_name, &members, runtime);
    let own = body.variants.iter().map(|v| {
        let names = v.required.iter().filter(|r| !common.contains(&r.as_str()));
        quote!(&[#(#names),*])
    });
    let described = body.variants.iter().map(|v| {
        let names = &v.required;
        quote!(&[#(#names),*])
    });
    let arms = body.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&names::type_name(&v.name));
        quote!(::core::option::Option::Some(#i) => #runtime::into_model(value.clone()).map(#ty::#variant),)
    });
    quote! {
        /// Each variant's own members: those it requires that not every variant requires.
        const VARIANT_MEMBERS: &[&[&str]] = &[#(#own),*];
        /// Each variant's required members, as the spec lists them.
        const VARIANTS: &[&[&str]] = &[#(#described),*];

        /// Checks the members of a request body, then that exactly one variant applies, and
        /// returns that variant's index.
        pub fn check_request_body(value: &::serde_json::Value, out: &mut ::std::vec::Vec<#runtime::Violation>) -> ::core::option::Option<usize> {
            check_members(value, &#runtime::Pointer::Root, out);
            let ::serde_json::Value::Object(object) = value else {
                return ::core::option::Option::None;
            };
            #runtime::one_of(object, VARIANT_MEMBERS, VARIANTS, NULL_IS_ABSENT, out)
        }

        /// Checks each member of the request body on its own.
        fn check_members(value: &::serde_json::Value, pointer: &#runtime::Pointer<'_>, out: &mut ::std::vec::Vec<#runtime::Violation>) {
            #checks
        }

        /// Checks a request body that is already JSON, and reads it into the variant it matches.
        pub fn validate_request_value(value: &::serde_json::Value) -> ::core::result::Result<#ty, ::std::vec::Vec<#runtime::Violation>> {
            let mut out = ::std::vec::Vec::new();
            let chosen = check_request_body(value, &mut out);
            if !out.is_empty() {
                return ::core::result::Result::Err(out);
            }
            match chosen {
                #(#arms)*
                _ => ::core::result::Result::Err(out),
            }
        }
    }
}

fn response(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let body = op.struct_named(&op.response.body).map_or_else(
        || names::type_name(&op.response.body),
        |s| s.rust_name.clone(),
    );
    let body = ident(&body);
    let response_name = format!("{}Response", names::type_name(&op.name));
    let alias = (body != response_name).then(|| {
        let alias = ident(&response_name);
        quote! {
            /// The body of a successful response.
            pub type #alias = #body;
        }
    });
    let header_checks = op.response.headers.iter().map(|h| {
        let name = ident(&h.const_name);
        let rule = ident(&format!("RESPONSE_{}", h.const_name));
        let required = h.required;
        quote!(#runtime::header(headers, self::response_headers::#name, #required, &rules::#rule, out);)
    });
    let (headers, out) = header_params(&op.response.headers);
    quote! {
        #alias
        /// Checks the headers of a successful response, and pushes every violation onto `out`.
        pub fn check_response_headers(#headers: &::http::HeaderMap, #out: &mut ::std::vec::Vec<#runtime::Violation>) {
            #(#header_checks)*
        }
        /// Checks the body of a successful response and reads it into the model.
        pub fn validate_response_body(body: &[u8]) -> ::core::result::Result<#body, ::std::vec::Vec<#runtime::Violation>> {
            #body::from_json(body)
        }
    }
}
