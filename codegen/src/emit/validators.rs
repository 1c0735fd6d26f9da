//! Validators: a `check` per struct and union that walks its static schema, the bindings of
//! the request and the success response, and the entry points that read a checked request or
//! response into its models.

use super::schema::{flags, header_rule, param};
use super::{EmitError, doc, ident};
use crate::ir::{Header, HeadersOf, Operation};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let checks = op
        .structs
        .iter()
        .map(|s| model_impl(&s.rust_name, &s.static_name, &s.name, runtime));
    let body_check = op
        .body()
        .filter(|b| b.variants.is_empty())
        .map(|b| model_impl(&b.rust_name, &b.static_name, &b.rust_name, runtime));
    let bindings = bindings(op, runtime)?;
    let request = request(op, runtime);
    let response = response(op, runtime)?;
    Ok(quote! {
        #(#checks)*
        #body_check
        #bindings
        #request
        #response
    })
}

/// The `Model` implementation of the struct or union `rust_name`, which gives it `check` and
/// `from_json` over its schema.
fn model_impl(
    rust_name: &str,
    static_name: &str,
    name: &str,
    runtime: &TokenStream,
) -> TokenStream {
    let ty = ident(rust_name);
    let schema = ident(static_name);
    let doc = doc(&format!("The `{name}` schema."));
    quote! {
        impl #runtime::Model for #ty {
            #doc
            const SCHEMA: &'static #runtime::StructSchema = &schema::#schema;
        }
    }
}

fn header_params(
    op: &Operation,
    headers: &[Header],
    of: HeadersOf,
    runtime: &TokenStream,
) -> Result<Vec<TokenStream>, EmitError> {
    headers
        .iter()
        .map(|h| {
            let name = &h.name;
            let rule = header_rule(op, h, of, runtime)?;
            let flags = flags(&[
                (h.required, "required"),
                (h.sensitive, "sensitive"),
                (h.dynamic, "dynamic"),
            ]);
            Ok(quote!(#runtime::HeaderParam::new(#name, #rule) #flags))
        })
        .collect()
}

/// The request and response bindings as statics.
fn bindings(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let pieces = op.path.split('/').map(|piece| {
        match piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(label) => match label.strip_suffix('+') {
                Some(label) => quote!(#runtime::PathPiece::Greedy(#label)),
                None => quote!(#runtime::PathPiece::Label(#label)),
            },
            None => quote!(#runtime::PathPiece::Literal(#piece)),
        }
    });
    let params = |list: &[crate::ir::Param]| {
        list.iter()
            .map(|p| param(op, p, runtime))
            .collect::<Result<Vec<_>, _>>()
    };
    let (labels, query) = (params(&op.request.labels)?, params(&op.request.query)?);
    let request_headers = header_params(op, &op.request.headers, HeadersOf::Request, runtime)?;
    let response_headers = header_params(op, &op.response.headers, HeadersOf::Response, runtime)?;
    let (n_request, n_response) = (request_headers.len(), response_headers.len());
    let body = match op.body() {
        Some(b) => {
            let schema = ident(&b.static_name);
            quote!(::core::option::Option::Some(&schema::#schema))
        }
        None => quote!(::core::option::Option::None),
    };
    let response_body = match &op.response.body {
        Some(b) => {
            let schema = ident(&op.struct_by_name(b)?.static_name);
            quote!(::core::option::Option::Some(&schema::#schema))
        }
        None => quote!(::core::option::Option::None),
    };
    let status = op.response.status;
    Ok(quote! {
        /// The request headers the spec describes, and what each must be.
        pub static REQUEST_HEADERS: [#runtime::HeaderParam; #n_request] = [#(#request_headers),*];
        /// The success response's headers, and what each must be.
        pub static RESPONSE_HEADERS: [#runtime::HeaderParam; #n_response] = [#(#response_headers),*];
        /// Where every part of a request lives.
        pub static BINDINGS: #runtime::Bindings = #runtime::Bindings {
            path: &[#(#pieces),*],
            labels: &[#(#labels),*],
            query: &[#(#query),*],
            headers: &REQUEST_HEADERS,
            body: #body,
        };
        /// What a successful response carries.
        pub static RESPONSE: #runtime::ResponseBindings = #runtime::ResponseBindings {
            status: #status,
            headers: &RESPONSE_HEADERS,
            body: #response_body,
        };
    })
}

fn request(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let input = ident(&op.rust.input);
    let params = (!op.request.labels.is_empty() || !op.request.query.is_empty()).then(
        || quote!(params: #runtime::into_model(::serde_json::Value::Object(checked.params))?,),
    );
    let (body_field, value_fn) = match op.body() {
        None => (None, None),
        Some(body) if body.variants.is_empty() => {
            let ty = ident(&body.rust_name);
            let schema = ident(&body.static_name);
            let value_fn = quote! {
                /// Checks a request body that is already JSON, and reads it into the model.
                pub fn validate_request_value(value: &::serde_json::Value) -> ::core::result::Result<#ty, ::std::vec::Vec<#runtime::Violation>> {
                    let mut out = ::std::vec::Vec::new();
                    #runtime::structure(&schema::#schema, value, &#runtime::Pointer::Root, &mut out);
                    if !out.is_empty() {
                        return ::core::result::Result::Err(out);
                    }
                    #runtime::into_model(value.clone())
                }
            };
            (
                Some(quote!(body: #runtime::into_model(checked.body.unwrap_or_default())?,)),
                Some(value_fn),
            )
        }
        Some(body) => {
            let ty = ident(&body.rust_name);
            let schema = ident(&body.static_name);
            let arms = body.variants.iter().enumerate().map(|(i, v)| {
                let variant = ident(&v.variant_name);
                quote!(::core::option::Option::Some(#i) => #runtime::into_model(value.clone()).map(#ty::#variant),)
            });
            let value_fn = quote! {
                /// Checks a request body that is already JSON, and reads it into the variant it matches.
                pub fn validate_request_value(value: &::serde_json::Value) -> ::core::result::Result<#ty, ::std::vec::Vec<#runtime::Violation>> {
                    let mut out = ::std::vec::Vec::new();
                    let chosen = #runtime::structure(&schema::#schema, value, &#runtime::Pointer::Root, &mut out);
                    if !out.is_empty() {
                        return ::core::result::Result::Err(out);
                    }
                    match chosen {
                        #(#arms)*
                        _ => ::core::result::Result::Err(out),
                    }
                }
            };
            (
                Some(quote!(body: validate_request_value(&checked.body.unwrap_or_default())?,)),
                Some(value_fn),
            )
        }
    };
    quote! {
        /// Checks the request headers the spec constrains, and pushes every violation onto `out`.
        pub fn check_request_headers(headers: &::http::HeaderMap, out: &mut ::std::vec::Vec<#runtime::Violation>) {
            #runtime::check_headers(&REQUEST_HEADERS, headers, out);
        }

        #value_fn

        /// Checks a whole request (path labels, query, headers and body) and reads it into the
        /// models. On failure it returns every violation, in that order.
        pub fn validate_request(request: &#runtime::HttpRequest<'_>) -> ::core::result::Result<#input, ::std::vec::Vec<#runtime::Violation>> {
            let mut out = ::std::vec::Vec::new();
            #[allow(unused_variables)]
            let checked = #runtime::check_request(&BINDINGS, request, &mut out);
            if !out.is_empty() {
                return ::core::result::Result::Err(out);
            }
            ::core::result::Result::Ok(#input {
                #params
                #body_field
            })
        }
    }
}

fn response(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let response_name = op.rust.response.clone();
    let body_struct = match &op.response.body {
        Some(b) => Some(op.struct_by_name(b)?.rust_name.clone()),
        None => None,
    };
    let alias = body_struct
        .as_ref()
        .filter(|b| **b != response_name)
        .map(|body| {
            let alias = ident(&response_name);
            let body = ident(body);
            quote! {
                /// The body of a successful response.
                pub type #alias = #body;
            }
        });
    let validate = match &body_struct {
        Some(body) => {
            let body = ident(body);
            quote! {
                /// Checks the body of a successful response and reads it into the model.
                pub fn validate_response_body(body: &[u8]) -> ::core::result::Result<#body, ::std::vec::Vec<#runtime::Violation>> {
                    #runtime::from_json(body)
                }
            }
        }
        None => quote! {
            /// Checks that a successful response has no body, as the spec says.
            pub fn validate_response_body(body: &[u8]) -> ::core::result::Result<(), ::std::vec::Vec<#runtime::Violation>> {
                let mut out = ::std::vec::Vec::new();
                #runtime::check_response(&RESPONSE, &::http::HeaderMap::new(), body, &mut out);
                out.retain(|v| v.location == #runtime::Location::Body);
                if out.is_empty() { ::core::result::Result::Ok(()) } else { ::core::result::Result::Err(out) }
            }
        },
    };
    Ok(quote! {
        #alias
        /// Checks the headers of a successful response, and pushes every violation onto `out`.
        pub fn check_response_headers(headers: &::http::HeaderMap, out: &mut ::std::vec::Vec<#runtime::Violation>) {
            #runtime::check_headers(&RESPONSE_HEADERS, headers, out);
        }
        #validate
    })
}
