//! The conformance cases of an operation as compact data: one JSON string of
//! [`conform_model::case::CaseRecord`]s, which the runtime reads once, on first use. Struct
//! literals for thousands of cases cost most of generation and of the generated crate's compile
//! time; a string literal costs neither.

use super::EmitError;
use crate::cases::{Case, Credentials, ExpectedStatus, Violated};
use conform_model::case::{
    BodyRecord, CaseRecord, CredentialsRecord, ErrorRecord, NamingRecord, StatusRecord,
    ViolatedRecord,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `pub fn cases()` for one operation's cases, with the data it reads.
pub(super) fn emit(cases: &[&Case], runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let data = data(cases)?;
    Ok(quote! {
        /// Every conformance case of the operation, derived from the spec, in a fixed order.
        pub fn cases() -> &'static [#runtime::Case] {
            static CASES: ::std::sync::OnceLock<&'static [#runtime::Case]> =
                ::std::sync::OnceLock::new();
            CASES.get_or_init(|| #runtime::Case::read_all(CASE_DATA))
        }
        /// The cases as JSON records, which [`cases`] reads.
        const CASE_DATA: &str = #data;
    })
}

/// The cases as a raw string literal of a JSON array with one record on each line, so that a
/// change to the spec shows in the generated file as a change to the lines of its cases.
fn data(cases: &[&Case]) -> Result<Literal, EmitError> {
    let mut json = String::from("[\n");
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            json.push_str(",\n");
        }
        json.push_str(&serde_json::to_string(&record(case)).map_err(EmitError::Cases)?);
    }
    json.push_str("\n]");
    // A raw string ends at a quote followed by as many `#` as it opened with, so it opens with
    // one more than the longest such run in the data.
    let hashes = "#".repeat(longest_hash_run(&json) + 1);
    let literal = ["r", &hashes, "\"", &json, "\"", &hashes].concat();
    literal
        .parse()
        .map_err(|e: proc_macro2::LexError| EmitError::Layout(e.to_string()))
}

/// The longest run of `#` that follows a `"` in `text`.
fn longest_hash_run(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.bytes().take_while(|b| *b == b'#').count())
        .max()
        .unwrap_or(0)
}

fn record(c: &Case) -> CaseRecord {
    CaseRecord {
        id: c.id.clone(),
        service: c.service.clone(),
        operation: c.operation.clone(),
        valid: c.valid,
        summary: c.summary.clone(),
        method: c.method.clone(),
        path: c.path.clone(),
        query: c.query.clone(),
        headers: c.headers.clone(),
        body: BodyRecord::of(&c.body),
        credentials: match &c.credentials {
            Credentials::Valid => CredentialsRecord::Valid,
            Credentials::Missing => CredentialsRecord::Missing,
            Credentials::WrongSignature => CredentialsRecord::WrongSignature,
            Credentials::ExpiredToken => CredentialsRecord::ExpiredToken,
            Credentials::Literal(v) => CredentialsRecord::Literal(v.clone()),
        },
        violates: c.violates.as_ref().map(violated),
        also: c.also.iter().map(violated).collect(),
        status: match c.expected.status {
            ExpectedStatus::Exact(s) => StatusRecord::Exact(s),
            ExpectedStatus::Class(s) => StatusRecord::Class(s),
        },
        inferred: c.expected.inferred,
        basis: c.expected.basis.clone(),
        error: c.expected.error.as_ref().map(|e| ErrorRecord {
            name: e.name.clone(),
            naming: match &e.naming {
                crate::ir::ErrorNaming::Header { header, value } => NamingRecord::Header {
                    header: header.clone(),
                    value: value.clone(),
                },
                crate::ir::ErrorNaming::Member {
                    member,
                    status_member,
                } => NamingRecord::Member {
                    member: member.clone(),
                    status_member: status_member.clone(),
                },
            },
        }),
    }
}

fn violated(v: &Violated) -> ViolatedRecord {
    ViolatedRecord {
        location: v.location,
        pointer: v.pointer.clone(),
        rule: v.rule,
    }
}

#[cfg(test)]
mod tests {
    use super::longest_hash_run;

    #[test]
    fn the_raw_string_outlasts_every_quote_and_hash_run_in_the_data() {
        assert_eq!(longest_hash_run("no quotes"), 0);
        assert_eq!(longest_hash_run(r#"{"a":"b"}"#), 0);
        assert_eq!(longest_hash_run(r####"{"a":"#b", "c":"###"}"####), 3);
        let data = r###"["x"#, "y"##]"###;
        let hashes = "#".repeat(longest_hash_run(data) + 1);
        let literal: syn::LitStr =
            syn::parse_str(&["r", &hashes, "\"", data, "\"", &hashes].concat()).expect("parses");
        assert_eq!(literal.value(), data);
    }
}
