//! Lowering the success response, the errors and how they are named, and the deviations.

use super::Lowerer;
use crate::diag::with_hint;
use crate::ir;
use crate::names;
use crate::raw;
use crate::scalars::Int;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

impl Lowerer<'_, '_, '_> {
    pub(super) fn status(&mut self, status: &Spanned<Int>) -> u16 {
        if !(100..=599).contains(&status.value.0) {
            self.error(
                status,
                format!("status {} is outside 100-599", status.value.0),
            );
            return 0;
        }
        status.value.0 as u16
    }

    /// The struct that models `schema`: a named schema by `$ref`, or a new one named `name`.
    pub(super) fn body_struct(&mut self, name: &str, schema: &Spanned<raw::Schema>) -> String {
        if let Some(reference) = &schema.value.reference {
            if self.spec.schemas.get(&reference.value).is_none() {
                let message = format!(
                    "`$ref` names `{}`, which `schemas` does not declare",
                    reference.value
                );
                let message = with_hint(message, &reference.value, self.spec.schemas.keys());
                self.error(reference, message);
            }
            return reference.value.clone();
        }
        self.struct_from(name, schema, &schema.value, &names::type_name(name));
        name.to_string()
    }

    pub(super) fn response(&mut self) -> ir::Response {
        let spec = self.spec;
        let status = self.status(&spec.response.status);
        if status != 0 && !(200..=299).contains(&status) {
            self.error(
                &spec.response.status,
                format!("the success status must be 2xx, not {status}"),
            );
        }
        let name = format!("{}Response", names::type_name(&spec.operation.value));
        let body = self.body_struct(&name, &spec.response.body);
        if body != name && names::type_name(&body) != name {
            let at = spec.response.body.referenced;
            self.claim("type", &name, "the success body's alias".to_string(), &at);
        }
        ir::Response {
            status,
            headers: self.headers("response_headers", &spec.response.headers),
            body,
        }
    }

    pub(super) fn errors(&mut self) -> Vec<ir::ErrorDef> {
        let spec = self.spec;
        let mut seen = BTreeSet::new();
        let mut answered = BTreeSet::new();
        let mut wire_names: BTreeMap<String, String> = BTreeMap::new();
        let mut error_header: Option<String> = None;
        let mut out = Vec::new();
        if !spec.errors.is_empty() {
            let enum_name = format!("{}Error", names::type_name(&spec.operation.value));
            let at = spec.operation.referenced;
            self.claim(
                "type",
                &enum_name,
                "the operation's error enum".to_string(),
                &at,
            );
        }
        for error in &spec.errors {
            let name = &error.name.value;
            if !seen.insert(names::type_name(name)) {
                self.error(&error.name, format!("error `{name}` is declared twice"));
            }
            let status = self.status(&error.status);
            if status != 0 && !(400..=599).contains(&status) {
                self.error(
                    &error.status,
                    format!("an error's status must be 4xx or 5xx, not {status}"),
                );
            }
            let body = self.body_struct(name, &error.body);
            let body_rust = names::type_name(&body);
            if body_rust != names::type_name(name) {
                let what = format!("the error `{name}`");
                self.claim(
                    "type",
                    &names::type_name(name),
                    what,
                    &error.name.referenced,
                );
            }
            let naming = self.naming(error, &body);
            if let ir::ErrorNaming::Header { header, .. } = &naming {
                match &error_header {
                    Some(first) if !first.eq_ignore_ascii_case(header) => {
                        let message = format!(
                            "every error must be named by the same header; the first uses `{first}`"
                        );
                        self.error(&error.naming, message);
                    }
                    Some(_) => {}
                    None => error_header = Some(header.clone()),
                }
            }
            // Two errors named alike on the wire could never be told apart.
            let wire = match &naming {
                ir::ErrorNaming::Header { value, .. } => value.clone(),
                ir::ErrorNaming::Member { .. } => format!("status {status}"),
            };
            if let Some(first) = wire_names.insert(wire.clone(), name.clone()) {
                let message = format!(
                    "`{name}` is named on the wire like `{first}` ({wire}), so a client could not tell them apart"
                );
                self.error(&error.naming, message);
            }
            let mut answers = Vec::new();
            for answer in &error.answers {
                let kind = match answer.value {
                    raw::Answer::Validation => ir::Answer::Validation,
                    raw::Answer::Serialization => ir::Answer::Serialization,
                    raw::Answer::Unauthenticated => ir::Answer::Unauthenticated,
                    raw::Answer::MediaType => ir::Answer::MediaType,
                };
                if !answered.insert(kind) {
                    self.error(
                        answer,
                        format!("another error already answers `{}`", kind.as_str()),
                    );
                }
                answers.push(kind);
            }
            out.push(ir::ErrorDef {
                name: name.clone(),
                status,
                when: error.when.clone(),
                naming,
                body,
                answers,
                common: error.common.0,
                source: self.source(error.source.as_ref()),
            });
        }
        out
    }

    pub(super) fn naming(&mut self, error: &raw::Error, body: &str) -> ir::ErrorNaming {
        let n = &error.naming.value;
        match (self.spec.protocol.name.value, n) {
            (
                raw::ProtocolName::RestJson1,
                raw::Naming {
                    header: Some(header),
                    value,
                    member: None,
                    status_member: None,
                },
            ) => ir::ErrorNaming::Header {
                header: header.clone(),
                value: value.clone().unwrap_or_else(|| error.name.value.clone()),
            },
            (
                raw::ProtocolName::Json,
                raw::Naming {
                    header: None,
                    value: None,
                    member: Some(member),
                    status_member,
                },
            ) => {
                let members: Vec<String> = self
                    .structs
                    .iter()
                    .find(|s| s.name == body)
                    .map(|s| s.members.iter().map(|m| m.wire_name.clone()).collect())
                    .unwrap_or_default();
                for name in std::iter::once(member).chain(status_member) {
                    if !members.is_empty() && !members.contains(name) {
                        let message = format!(
                            "`naming` uses `{name}`, which is not a member of the error body `{body}`"
                        );
                        let message = with_hint(message, name, members.iter().map(String::as_str));
                        self.error(&error.naming, message);
                    }
                }
                ir::ErrorNaming::Member {
                    member: member.clone(),
                    status_member: status_member.clone(),
                }
            }
            (raw::ProtocolName::RestJson1, _) => {
                self.error(&error.naming, "restJson1 errors are named by a header: write `naming: { header: X-Amzn-ErrorType, value: <name> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
            (raw::ProtocolName::Json, _) => {
                self.error(&error.naming, "json errors are named by a body member: write `naming: { member: <code member>, statusMember: <status member> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
        }
    }

    pub(super) fn deviations(&mut self) -> Vec<ir::Deviation> {
        let spec = self.spec;
        spec.deviations
            .iter()
            .map(|d| ir::Deviation {
                subject: d.subject.clone(),
                page: d.page.clone(),
                model: d.model.clone(),
                follows_page: matches!(d.follows.value, raw::Follows::Page),
                source: self.source(Some(&d.source)),
            })
            .collect()
    }
}
