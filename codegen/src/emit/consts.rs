//! Constants of an operation: service, method, path, statuses, header names and what is sensitive.

use super::{doc, ident, number};
use crate::ir::{Auth, Header, Operation, Protocol, Type};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(op: &Operation) -> TokenStream {
    let service = &op.service;
    let name = &op.name;
    let title = &op.title;
    let documentation = &op.documentation;
    let method = &op.method;
    let path = &op.path;
    let status = number(i64::from(op.response.status));
    let protocol = match op.protocol {
        Protocol::RestJson1 => "restJson1",
        Protocol::ProblemDetails => "json",
    };
    let auth = match &op.auth {
        Auth::AwsSigV4 { signing_name } => quote! {
            /// The authentication scheme.
            pub const AUTH_SCHEME: &str = "aws-sigv4";
            /// The SigV4 signing name.
            pub const SIGNING_NAME: &str = #signing_name;
        },
        Auth::Bearer { header, token_path } => {
            let token = token_path.as_ref().map(|p| {
                quote! {
                    /// Where a client obtains a bearer token.
                    pub const TOKEN_PATH: &str = #p;
                }
            });
            quote! {
                /// The authentication scheme.
                pub const AUTH_SCHEME: &str = "bearer";
                /// The header that carries the bearer token.
                pub const AUTH_HEADER: &str = #header;
                #token
            }
        }
        Auth::None => quote! {
            /// The authentication scheme: none, the operation needs no credentials.
            pub const AUTH_SCHEME: &str = "none";
        },
    };
    let error_statuses = op.errors.iter().map(|e| {
        let name = &e.name;
        let status = number(i64::from(e.status));
        quote!((#name, #status))
    });
    let request_headers = header_consts(&op.request.headers);
    let response_headers = header_consts(&op.response.headers);
    let sensitive_headers = op
        .request
        .headers
        .iter()
        .chain(&op.response.headers)
        .filter(|h| h.sensitive)
        .map(|h| h.name.to_ascii_lowercase());
    let sensitive_members = sensitive_pointers(op);
    let dynamic_members = dynamic_pointers(op);
    let null_is_absent = matches!(op.policies.null_members, crate::ir::NullMembers::Absent);
    quote! {
        /// The service id.
        pub const SERVICE: &str = #service;
        /// The operation name.
        pub const OPERATION: &str = #name;
        /// The title of the documentation page.
        pub const TITLE: &str = #title;
        /// The documentation page this binding copies.
        pub const DOCUMENTATION: &str = #documentation;
        /// The wire protocol.
        pub const PROTOCOL: &str = #protocol;
        #auth
        /// The HTTP method.
        pub const METHOD: &str = #method;
        /// The request path.
        pub const PATH: &str = #path;
        /// The status of a successful response.
        pub const SUCCESS_STATUS: u16 = #status;
        /// Each error's name and status.
        pub const ERROR_STATUSES: &[(&str, u16)] = &[#(#error_statuses),*];
        /// Request headers with sensitive values, in lower case. Mask them wherever they appear.
        pub const SENSITIVE_HEADERS: &[&str] = &[#(#sensitive_headers),*];
        /// JSON pointers of sensitive request body members (`*` is any array index). Mask them wherever they appear.
        pub const SENSITIVE_MEMBERS: &[&str] = &[#(#sensitive_members),*];
        /// JSON pointers of response body members whose values differ from call to call (`*` is
        /// any array index). Snapshots redact them.
        pub const DYNAMIC_MEMBERS: &[&str] = &[#(#dynamic_members),*];
        /// Whether a JSON `null` member counts as absent (the spec's `nullMembers` policy).
        pub const NULL_IS_ABSENT: bool = #null_is_absent;
        /// Request header names.
        pub mod headers {
            #request_headers
        }
        /// Response header names.
        pub mod response_headers {
            #response_headers
        }
    }
}

fn header_consts(headers: &[Header]) -> TokenStream {
    let consts = headers.iter().map(|h| {
        let name = ident(&h.const_name);
        let value = &h.name;
        let doc = doc(h
            .description
            .as_deref()
            .unwrap_or("A header of the operation."));
        quote! {
            #doc
            pub const #name: &str = #value;
        }
    });
    quote!(#(#consts)*)
}

/// Pointers of the sensitive members of the request body and of the structs it holds, at any
/// depth. `*` stands for any array index.
fn sensitive_pointers(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    for member in op.body().map(|b| b.members.as_slice()).unwrap_or_default() {
        collect(
            op,
            &pointer_to("", &member.wire_name),
            member.sensitive,
            &member.ty,
            &mut out,
            0,
        );
    }
    out
}

fn collect(
    op: &Operation,
    pointer: &str,
    sensitive: bool,
    ty: &Type,
    out: &mut Vec<String>,
    depth: usize,
) {
    if sensitive {
        out.push(pointer.to_string());
        return;
    }
    // Structs cannot hold themselves except through arrays; the depth bound covers those.
    if depth > 16 {
        return;
    }
    match ty {
        Type::Struct(name) => {
            for m in op
                .struct_named(name)
                .map(|s| s.members.as_slice())
                .unwrap_or_default()
            {
                collect(
                    op,
                    &pointer_to(pointer, &m.wire_name),
                    m.sensitive,
                    &m.ty,
                    out,
                    depth + 1,
                );
            }
        }
        Type::Array(array) => {
            collect(
                op,
                &format!("{pointer}/*"),
                false,
                &array.items,
                out,
                depth + 1,
            );
        }
        Type::Map(map) => collect(
            op,
            &format!("{pointer}/*"),
            false,
            &map.values,
            out,
            depth + 1,
        ),
        _ => {}
    }
}

/// Pointers of the dynamic members of the success body and every error body.
fn dynamic_pointers(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    let bodies = op
        .response
        .body
        .iter()
        .chain(op.errors.iter().map(|e| &e.body));
    for body in bodies {
        let Some(s) = op.struct_named(body) else {
            continue;
        };
        for m in &s.members {
            dynamic(op, &pointer_to("", &m.wire_name), m, &mut out, 0);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

fn dynamic(
    op: &Operation,
    pointer: &str,
    member: &crate::ir::Member,
    out: &mut Vec<String>,
    depth: usize,
) {
    if member.dynamic {
        out.push(pointer.to_string());
        return;
    }
    if depth > 16 {
        return;
    }
    let mut ty = &member.ty;
    let mut pointer = pointer.to_string();
    loop {
        match ty {
            Type::Array(array) => ty = &array.items,
            Type::Map(map) => ty = &map.values,
            _ => break,
        }
        pointer.push_str("/*");
    }
    if let Type::Struct(name) = ty {
        for m in op
            .struct_named(name)
            .map(|s| s.members.as_slice())
            .unwrap_or_default()
        {
            dynamic(op, &pointer_to(&pointer, &m.wire_name), m, out, depth + 1);
        }
    }
}

fn pointer_to(parent: &str, token: &str) -> String {
    format!("{parent}/{}", token.replace('~', "~0").replace('/', "~1"))
}
