//! Typed errors: a name per error (an alias where errors share a body shape), and an enum that
//! identifies which error a response carries, the way the protocol names it.

use super::{EmitError, doc, ident, number};
use crate::ir::{ErrorNaming, Operation};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(op: &Operation, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    if op.errors.is_empty() {
        return Ok(TokenStream::new());
    }
    let bodies: Vec<&str> = op
        .errors
        .iter()
        .map(|e| Ok(op.struct_by_name(&e.body)?.rust_name.as_str()))
        .collect::<Result<_, EmitError>>()?;
    let aliases = op.errors.iter().zip(&bodies).filter_map(|(e, body)| {
        let alias = e.rust_name.clone();
        (alias != *body).then(|| {
            let alias = ident(&alias);
            let body = ident(body);
            let doc = doc(&format!("`{}` ({}): {}", e.name, e.status, e.when));
            quote! {
                #doc
                pub type #alias = #body;
            }
        })
    });
    let enum_name = ident(&op.rust.error_enum);
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.rust_name);
        let doc = doc(&format!("{} {}: {}", e.status, e.name, e.when));
        quote! {
            #doc
            #variant(#variant),
        }
    });
    let name_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.rust_name);
        let name = &e.name;
        quote!(#enum_name::#variant(_) => #name,)
    });
    let status_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.rust_name);
        let status = number(i64::from(e.status));
        quote!(#enum_name::#variant(_) => #status,)
    });
    let from_response = from_response(op, &enum_name, runtime, &bodies);
    let doc = doc(&format!("The errors `{}` can return.", op.name));
    Ok(quote! {
        #(#aliases)*
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #enum_name {
            #(#variants)*
        }
        impl #enum_name {
            /// The error's name.
            pub const fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }
            /// The status the spec gives this error.
            pub const fn status(&self) -> u16 {
                match self {
                    #(#status_arms)*
                }
            }
            #from_response
        }
    })
}

fn from_response(
    op: &Operation,
    enum_name: &proc_macro2::Ident,
    runtime: &TokenStream,
    bodies: &[&str],
) -> TokenStream {
    let by_header = op
        .errors
        .iter()
        .all(|e| matches!(e.naming, ErrorNaming::Header { .. }));
    if by_header {
        let header = match &op.errors[0].naming {
            ErrorNaming::Header { header, .. } => header.clone(),
            ErrorNaming::Member { .. } => String::new(),
        };
        let names: Vec<&str> = op
            .errors
            .iter()
            .filter_map(|e| match &e.naming {
                ErrorNaming::Header { value, .. } => Some(value.as_str()),
                ErrorNaming::Member { .. } => None,
            })
            .collect();
        let arms = op.errors.iter().zip(&names).zip(bodies).map(|((e, value), body)| {
            let variant = ident(&e.rust_name);
            let body = ident(body);
            quote! {
                ::core::option::Option::Some(#value) => #runtime::from_json::<#body>(body).map(#enum_name::#variant),
            }
        });
        quote! {
            /// Identifies the error a response carries as AWS SDKs do (the `X-Amzn-ErrorType`
            /// header, then the body's `code`, `Code` or `__type`), and checks its body against
            /// that error's schema.
            pub fn from_response(headers: &::http::HeaderMap, body: &[u8]) -> ::core::result::Result<Self, ::std::vec::Vec<#runtime::Violation>> {
                match #runtime::aws_error_name(headers, #header, body).as_deref() {
                    #(#arms)*
                    _ => ::core::result::Result::Err(::std::vec![#runtime::Violation::header(
                        #header,
                        #runtime::Expected::OneOfValues(&[#(#names),*]),
                        "does not name an error of this operation",
                    )]),
                }
            }
        }
    } else {
        let statuses: Vec<String> = op.errors.iter().map(|e| e.status.to_string()).collect();
        let arms = op.errors.iter().zip(bodies).map(|(e, body)| {
            let variant = ident(&e.rust_name);
            let body = ident(body);
            let status = number(i64::from(e.status));
            let status_member = super::status_member(&e.naming);
            quote! {
                #status => #runtime::parse_problem::<#body>(body, #status_member, #status).map(#enum_name::#variant),
            }
        });
        quote! {
            /// Identifies the error a response carries by its status, checks its body against
            /// that error's schema, and checks that the body's status agrees with the response's.
            pub fn from_response(status: u16, body: &[u8]) -> ::core::result::Result<Self, ::std::vec::Vec<#runtime::Violation>> {
                match status {
                    #(#arms)*
                    _ => ::core::result::Result::Err(::std::vec![#runtime::Violation::status(
                        #runtime::Expected::OneOfValues(&[#(#statuses),*]),
                        "is not a status of an error of this operation",
                    )]),
                }
            }
        }
    }
}
