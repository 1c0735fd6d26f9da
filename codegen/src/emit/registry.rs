//! The registry: each operation's `ENTRY` with plain-function adapters over its
//! validators, and the crate-level `OPERATIONS` list.

use super::{EmitError, error_naming, ident, option_str, status_member};
use crate::ir::{Answer, Api, Auth, Operation, Protocol};
use proc_macro2::TokenStream;
use quote::quote;

/// The `ENTRY` static of one operation and the adapters it points to.
pub(super) fn operation(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let protocol = match op.protocol {
        Protocol::RestJson1 => quote!(#runtime::Protocol::RestJson1),
        Protocol::ProblemDetails => quote!(#runtime::Protocol::ProblemDetails),
    };
    let auth = match &op.auth {
        Auth::AwsSigV4 { signing_name } => {
            quote!(#runtime::Auth::AwsSigV4 { signing_name: #signing_name })
        }
        Auth::Bearer { header, token_path } => {
            let token_path = option_str(token_path.as_deref());
            quote!(#runtime::Auth::Bearer { header: #header, token_path: #token_path })
        }
        Auth::None => quote!(#runtime::Auth::None),
    };
    let errors: Vec<TokenStream> = op.errors.iter().map(|e| {
        let name = &e.name;
        let status = e.status;
        let naming = error_naming(&e.naming, runtime);
        let answers = e.answers.iter().map(|a| match a {
            Answer::Validation => quote!(#runtime::Answer::Validation),
            Answer::Serialization => quote!(#runtime::Answer::Serialization),
            Answer::Unauthenticated => quote!(#runtime::Answer::Unauthenticated),
            Answer::MediaType => quote!(#runtime::Answer::MediaType),
            Answer::Signature => quote!(#runtime::Answer::Signature),
        });
        let body = ident(&op.struct_by_name(&e.body)?.static_name);
        Ok(quote!(#runtime::ErrorInfo { name: #name, status: #status, naming: #naming, answers: &[#(#answers),*], body: &schema::#body }))
    }).collect::<Result<_, EmitError>>()?;
    let identify = if op.errors.is_empty() {
        quote! {
            fn check_error(_status: u16, _headers: &::http::HeaderMap, _body: &[u8]) -> ::core::result::Result<&'static str, ::std::vec::Vec<#runtime::Violation>> {
                ::core::result::Result::Err(::std::vec![#runtime::Violation::status(
                    #runtime::Expected::OneOfValues(&[]),
                    "is an error, but the operation documents none",
                )])
            }
        }
    } else {
        let enum_name = ident(&op.rust.error_enum);
        let call = match op.protocol {
            Protocol::RestJson1 => quote!(#enum_name::from_response(headers, body)),
            Protocol::ProblemDetails => quote!(#enum_name::from_response(status, body)),
        };
        let (status, headers) = match op.protocol {
            Protocol::RestJson1 => (ident("_status"), ident("headers")),
            Protocol::ProblemDetails => (ident("status"), ident("_headers")),
        };
        quote! {
            fn check_error(#status: u16, #headers: &::http::HeaderMap, body: &[u8]) -> ::core::result::Result<&'static str, ::std::vec::Vec<#runtime::Violation>> {
                #call.map(|error| error.name())
            }
        }
    };
    // A problem-details operation whose errors share one body: any error status carries it.
    let bodies: std::collections::BTreeSet<&str> =
        op.errors.iter().map(|e| e.body.as_str()).collect();
    let shared = match (op.protocol, bodies.len(), op.errors.first()) {
        (Protocol::ProblemDetails, 1, Some(first)) => Some(first),
        _ => None,
    };
    let error_body = match shared {
        Some(first) => {
            let body = ident(&op.struct_by_name(&first.body)?.rust_name);
            let status_member = status_member(&first.naming);
            quote! {
                fn check_error_body(status: u16, body: &[u8]) -> ::std::vec::Vec<#runtime::Violation> {
                    match #runtime::parse_problem::<#body>(body, #status_member, status) {
                        ::core::result::Result::Ok(_) => ::std::vec::Vec::new(),
                        ::core::result::Result::Err(violations) => violations,
                    }
                }
            }
        }
        None => quote! {
            fn check_error_body(_status: u16, _body: &[u8]) -> ::std::vec::Vec<#runtime::Violation> {
                ::std::vec::Vec::new()
            }
        },
    };
    let reencode_body = match op.body() {
        Some(_) => quote! {
            ::serde_json::to_value(&input.body)
                .map(::core::option::Option::Some)
                .map_err(|_| ::std::vec![#runtime::Violation::body(
                    "",
                    #runtime::Rule::Type,
                    #runtime::Expected::Json,
                    ::core::format_args!("passed its checks but its model cannot be written as JSON"),
                )])
        },
        None => quote!(::core::result::Result::Ok(::core::option::Option::None)),
    };
    Ok(quote! {
        #error_body

        fn check_request(request: &#runtime::HttpRequest<'_>) -> ::std::vec::Vec<#runtime::Violation> {
            let mut out = ::std::vec::Vec::new();
            #runtime::check_request(&BINDINGS, request, &mut out);
            out
        }

        fn reencode(request: &#runtime::HttpRequest<'_>) -> ::core::result::Result<::core::option::Option<::serde_json::Value>, ::std::vec::Vec<#runtime::Violation>> {
            #[allow(unused_variables)]
            let input = validate_request(request)?;
            #reencode_body
        }

        fn check_success(headers: &::http::HeaderMap, body: &[u8]) -> ::std::vec::Vec<#runtime::Violation> {
            let mut out = ::std::vec::Vec::new();
            #runtime::check_response(&RESPONSE, headers, body, &mut out);
            out
        }

        #identify

        /// The operation's registry entry.
        pub static ENTRY: #runtime::Operation = #runtime::Operation {
            service: SERVICE,
            name: OPERATION,
            method: METHOD,
            path: PATH,
            success_status: SUCCESS_STATUS,
            protocol: #protocol,
            auth: #auth,
            errors: &[#(#errors),*],
            bindings: &BINDINGS,
            response: &RESPONSE,
            sensitive_headers: SENSITIVE_HEADERS,
            sensitive_members: SENSITIVE_MEMBERS,
            dynamic_members: DYNAMIC_MEMBERS,
            read_cases: cases,
            check_request,
            reencode,
            check_success,
            check_error,
            check_error_body,
        };
    })
}

/// `OPERATIONS`: every operation's entry, in the API's order.
pub(super) fn all(api: &Api, runtime: &TokenStream) -> TokenStream {
    let entries = api.operations.iter().map(|op| {
        let service = ident(&op.rust.service_module);
        let module = ident(&op.rust.module);
        quote!(&#service::#module::ENTRY)
    });
    quote! {
        /// Every operation of the spec, sorted by service and name.
        pub static OPERATIONS: &[&#runtime::Operation] = &[#(#entries),*];
    }
}
