//! The conformance cases of an operation as static data.

use crate::cases::{Case, Credentials, ExpectedStatus, Violated};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `pub static CASES` for one operation's cases.
pub(super) fn emit(cases: &[&Case], runtime: &TokenStream) -> TokenStream {
    let items = cases.iter().map(|c| case(c, runtime));
    quote! {
        /// Every conformance case of the operation, derived from the spec, in a fixed order.
        pub static CASES: &[#runtime::Case] = &[#(#items),*];
    }
}

fn case(c: &Case, runtime: &TokenStream) -> TokenStream {
    let Case {
        id,
        service,
        operation,
        summary,
        method,
        path,
        query,
        ..
    } = c;
    let expect = if c.valid {
        quote!(#runtime::Expect::Valid)
    } else {
        quote!(#runtime::Expect::Invalid)
    };
    let headers = c.headers.iter().map(|(n, v)| quote!((#n, #v)));
    let body = Literal::byte_string(&c.body);
    let credentials = match &c.credentials {
        Credentials::Valid => quote!(#runtime::Credentials::Valid),
        Credentials::Missing => quote!(#runtime::Credentials::Missing),
        Credentials::WrongSignature => quote!(#runtime::Credentials::WrongSignature),
        Credentials::ExpiredToken => quote!(#runtime::Credentials::ExpiredToken),
        Credentials::Literal(v) => quote!(#runtime::Credentials::Literal(#v)),
    };
    let violates = match &c.violates {
        Some(v) => {
            let v = violated(v, runtime);
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    };
    let also = c.also.iter().map(|v| violated(v, runtime));
    let status = match c.expected.status {
        ExpectedStatus::Exact(s) => quote!(#runtime::ExpectedStatus::Exact(#s)),
        ExpectedStatus::Class(s) => quote!(#runtime::ExpectedStatus::Class(#s)),
    };
    let inferred = c.expected.inferred;
    let basis = &c.expected.basis;
    let error = match &c.expected.error {
        None => quote!(::core::option::Option::None),
        Some(e) => {
            let name = &e.name;
            let naming = super::error_naming(&e.naming, runtime);
            quote!(::core::option::Option::Some(#runtime::ExpectedError { name: #name, naming: #naming }))
        }
    };
    quote! {
        #runtime::Case {
            id: #id,
            service: #service,
            operation: #operation,
            expect: #expect,
            summary: #summary,
            method: #method,
            path: #path,
            query: #query,
            headers: &[#(#headers),*],
            body: #body,
            credentials: #credentials,
            violates: #violates,
            also: &[#(#also),*],
            expected_status: #status,
            inferred: #inferred,
            basis: #basis,
            error: #error,
        }
    }
}

fn violated(v: &Violated, runtime: &TokenStream) -> TokenStream {
    let Violated {
        location,
        pointer,
        rule,
    } = v;
    let (location, rule) = (variant(location), variant(rule));
    quote!(#runtime::Violated {
        location: #runtime::Location::#location,
        pointer: #pointer,
        rule: #runtime::Rule::#rule,
    })
}

/// The variant name of a fieldless enum of the shared model, which its `Debug` form is; the
/// compiled goldens would fail on a name the runtime does not have.
fn variant(value: &impl std::fmt::Debug) -> proc_macro2::Ident {
    proc_macro2::Ident::new(&format!("{value:?}"), proc_macro2::Span::call_site())
}
