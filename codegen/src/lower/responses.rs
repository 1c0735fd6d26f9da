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
            match self.named(&reference.value) {
                None => {
                    let message = format!(
                        "`$ref` names `{}`, which `schemas` does not declare",
                        reference.value
                    );
                    let names = self.schema_names();
                    let message = with_hint(message, &reference.value, names);
                    self.error(reference, message);
                }
                Some(named) => {
                    let target = &named.schema.value;
                    let object = target.ty.as_ref().is_some_and(|t| t.value == "object");
                    if !object || !super::schemas::is_struct(target) {
                        self.error(
                            reference,
                            format!(
                                "a body is an object (not a map or a union); `{}` is not",
                                reference.value
                            ),
                        );
                    }
                }
            }
            return reference.value.clone();
        }
        match &schema.value.ty {
            Some(ty) if ty.value == "object" && schema.value.additional_properties.is_none() => {}
            Some(ty) => self.error(ty, "a body must be `type: object` with `properties`"),
            None => self.error(schema, "a body needs `type: object`"),
        }
        self.struct_from(name, schema, &schema.value, &names::type_name(name));
        name.to_string()
    }

    pub(super) fn response(&mut self) -> ir::Response {
        let spec = self.spec;
        let status = self.status(&spec.response.status);
        if status != 0 && ![200, 201, 202, 204].contains(&status) {
            self.error(
                &spec.response.status,
                format!("the success status must be 200, 201, 202 or 204, not {status}"),
            );
        }
        let name = self.names.response.clone();
        let body = spec.response.body.as_ref().map(|schema| {
            let body = self.body_struct(&name, schema);
            if body != name && names::type_name(&body) != name {
                let at = schema.referenced;
                self.claim("type", &name, "the success body's alias".to_string(), &at);
            }
            body
        });
        if status == 204
            && let Some(schema) = &spec.response.body
        {
            self.error(schema, "a 204 response has no body");
        }
        if spec.http.method.value == "HEAD"
            && let Some(schema) = &spec.response.body
        {
            self.error(schema, "an answer to HEAD has no body");
        }
        let headers = self.headers(
            "response_headers",
            &spec.response.headers,
            super::Direction::Response,
        );
        ir::Response {
            status,
            origin: self.origin(&spec.response.status.referenced),
            headers,
            body,
        }
    }

    /// The operation's errors: its own entries in order (each a whole definition, or a name
    /// `service.yaml` defines with what the page adds), then the service's common errors.
    pub(super) fn errors(&mut self, protocol: ir::Protocol) -> Vec<ir::ErrorDef> {
        let spec = self.spec;
        let defined: Vec<&Spanned<raw::Error>> = self
            .service
            .map(|(_, s)| s.errors.iter().collect())
            .unwrap_or_default();
        let mut out: Vec<(ir::ErrorDef, ErrorAt)> = Vec::new();
        for error in &spec.errors {
            let name = &error.name.value;
            if out
                .iter()
                .any(|(e, _)| names::type_name(&e.name) == names::type_name(name))
            {
                self.error(&error.name, format!("error `{name}` is declared twice"));
                continue;
            }
            let lowered = match defined.iter().find(|d| d.value.name.value == *name) {
                Some(definition) => {
                    for (key, at) in [
                        ("status", error.status.as_ref().map(|v| v.referenced)),
                        ("naming", error.naming.as_ref().map(|v| v.referenced)),
                        ("body", error.body.as_ref().map(|v| v.referenced)),
                    ] {
                        if let Some(at) = at {
                            self.error_at(&at, format!("error `{name}` is defined in service.yaml, which states its `{key}`; state only `when` (and `source`) here"));
                        }
                    }
                    let mut def =
                        self.within(true, |l| l.error_def(&definition.value, protocol, true));
                    if let Some(when) = &error.when {
                        def.when = when.clone();
                    }
                    if error.source.is_some() {
                        def.source = self.source(error.source.as_ref());
                    }
                    if !error.answers.is_empty() {
                        def.answers = self.answers(&error.answers);
                    }
                    if def.when.is_empty() {
                        self.error(
                            &error.name,
                            format!("error `{name}` needs `when`: what the page says about it"),
                        );
                    }
                    def.common = def.common || error.common.0;
                    def
                }
                None => {
                    let def = self.error_def(error, protocol, false);
                    if error.when.is_none() {
                        let hint = if defined.is_empty() {
                            String::new()
                        } else {
                            let known: Vec<&str> = defined
                                .iter()
                                .map(|d| d.value.name.value.as_str())
                                .collect();
                            with_hint(String::new(), name, known)
                        };
                        self.error(&error.name, format!("error `{name}` needs `when`{hint}"));
                    }
                    def
                }
            };
            let defined_here = defined.iter().find(|d| d.value.name.value == *name);
            let at = match (defined_here, &error.naming) {
                (Some(d), None) => ErrorAt::of(&d.value, true),
                _ => ErrorAt::of(error, false),
            };
            let at = ErrorAt {
                answers: error
                    .answers
                    .first()
                    .map_or(at.answers, |a| (false, a.referenced)),
                ..at
            };
            out.push((lowered, at));
        }
        for definition in &defined {
            let def = &definition.value;
            if spec.errors.iter().any(|e| e.name.value == def.name.value) {
                continue;
            }
            let lowered = self.within(true, |l| {
                let lowered = l.error_def(def, protocol, true);
                if lowered.common && def.when.is_none() {
                    l.error(
                        &def.name,
                        format!("the common error `{}` needs `when`", def.name.value),
                    );
                }
                lowered
            });
            if lowered.common {
                out.push((lowered, ErrorAt::of(def, true)));
            }
        }
        self.error_checks(&out);
        if !out.is_empty() {
            let enum_name = self.names.error_enum.clone();
            let at = spec.operation.referenced;
            self.claim(
                "type",
                &enum_name,
                "the operation's error enum".to_string(),
                &at,
            );
        }
        out.into_iter().map(|(e, _)| e).collect()
    }

    /// Checks across the errors: one naming header, no two named alike on the wire, and each
    /// kind of bad request answered at most once.
    fn error_checks(&mut self, errors: &[(ir::ErrorDef, ErrorAt)]) {
        let mut wire_names: BTreeMap<String, String> = BTreeMap::new();
        let mut error_header: Option<String> = None;
        let mut answered = BTreeSet::new();
        for (error, at) in errors {
            let (in_service, naming_at) = at.naming;
            let name = &error.name;
            if let ir::ErrorNaming::Header { header, .. } = &error.naming {
                match &error_header {
                    Some(first) if !first.eq_ignore_ascii_case(header) => {
                        let message = format!(
                            "every error must be named by the same header; the first uses `{first}`"
                        );
                        self.within(in_service, |l| l.error_at(&naming_at, message));
                    }
                    Some(_) => {}
                    None => error_header = Some(header.clone()),
                }
            }
            // Two errors named alike on the wire could never be told apart.
            let wire = match &error.naming {
                ir::ErrorNaming::Header { value, .. } => value.clone(),
                ir::ErrorNaming::Member { .. } => format!("status {}", error.status),
            };
            if let Some(first) = wire_names.insert(wire.clone(), name.clone()) {
                let message = format!(
                    "`{name}` is named on the wire like `{first}` ({wire}), so a client could not tell them apart"
                );
                self.within(in_service, |l| l.error_at(&naming_at, message));
            }
            for kind in &error.answers {
                if !answered.insert(*kind) {
                    let (in_service, answers_at) = at.answers;
                    let message = format!("another error already answers `{}`", kind.as_str());
                    self.within(in_service, |l| l.error_at(&answers_at, message));
                }
            }
        }
    }

    fn answers(&mut self, answers: &[Spanned<raw::Answer>]) -> Vec<ir::Answer> {
        let mut out = Vec::new();
        for answer in answers {
            let kind = answer.value;
            if out.contains(&kind) {
                self.error(answer, format!("`{}` is listed twice", kind.as_str()));
            }
            out.push(kind);
        }
        out
    }

    /// One whole error definition. `when` may be left empty where `service.yaml` defines it
    /// for operations to describe.
    fn error_def(
        &mut self,
        error: &raw::Error,
        protocol: ir::Protocol,
        definition: bool,
    ) -> ir::ErrorDef {
        let name = &error.name.value;
        if definition {
            let what = format!("the error `{name}`");
            self.required_source(&what, &error.name.referenced, error.source.as_ref());
        }
        let missing: Vec<&str> = [
            ("status", error.status.is_none()),
            ("naming", error.naming.is_none()),
            ("body", error.body.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, absent)| absent.then_some(key))
        .collect();
        if !missing.is_empty() {
            let hint = if definition {
                ""
            } else {
                " (or define it in the service.yaml beside this file, and name it here)"
            };
            self.error(
                &error.name,
                format!("error `{name}` needs `{}`{hint}", missing.join("`, `")),
            );
        }
        let status = match &error.status {
            Some(at) => {
                let status = self.status(at);
                if status != 0 && !(400..=599).contains(&status) {
                    self.error(
                        at,
                        format!("an error's status must be 4xx or 5xx, not {status}"),
                    );
                }
                status
            }
            None => 0,
        };
        let body = match &error.body {
            Some(body) => self.body_struct(name, body),
            None => String::new(),
        };
        let body_rust = names::type_name(&body);
        let rust_name = names::type_name(name);
        if !body.is_empty() && body_rust != rust_name {
            let what = format!("the error `{name}`");
            self.claim("type", &rust_name, what, &error.name.referenced);
        }
        let naming = match &error.naming {
            Some(naming) => self.naming(protocol, naming, &body),
            None => ir::ErrorNaming::Member {
                member: String::new(),
                status_member: None,
            },
        };
        ir::ErrorDef {
            name: name.clone(),
            rust_name,
            status,
            when: error.when.clone().unwrap_or_default(),
            naming,
            body,
            answers: self.answers(&error.answers),
            common: error.common.0,
            source: self.source(error.source.as_ref()),
            origin: self.origin(&error.name.referenced),
        }
    }

    pub(super) fn naming(
        &mut self,
        protocol: ir::Protocol,
        naming: &Spanned<raw::Naming>,
        body: &str,
    ) -> ir::ErrorNaming {
        let n = &naming.value;
        match (protocol, n) {
            (
                ir::Protocol::RestJson1,
                raw::Naming {
                    header: Some(header),
                    value: Some(value),
                    member: None,
                    status_member: None,
                },
            ) => ir::ErrorNaming::Header {
                header: header.clone(),
                value: value.clone(),
            },
            (
                ir::Protocol::ProblemDetails,
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
                        self.error(naming, message);
                    }
                }
                ir::ErrorNaming::Member {
                    member: member.clone(),
                    status_member: status_member.clone(),
                }
            }
            (ir::Protocol::RestJson1, _) => {
                self.error(naming, "restJson1 errors are named by a header: write `naming: { header: X-Amzn-ErrorType, value: <name> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
            (ir::Protocol::ProblemDetails, _) => {
                self.error(naming, "json errors are named by a body member: write `naming: { member: <code member>, statusMember: <status member> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
        }
    }

    pub(super) fn deviations(&mut self) -> Vec<ir::Deviation> {
        let spec = self.spec;
        let mut out = Vec::new();
        for d in &spec.deviations {
            if !d.subject.value.starts_with('/') {
                self.error(
                    &d.subject,
                    "a deviation's `subject` is a spec pointer, such as /request/body/properties/Name",
                );
            }
            if let Some(rule) = &d.rule
                && crate::drift::rules::rule(&rule.value).is_none()
            {
                let ids = crate::drift::rules::catalogue()
                    .iter()
                    .map(|r| r.id.as_str());
                let message = format!(
                    "unknown drift rule `{}`; `conform spec drift --list-rules` lists them",
                    rule.value
                );
                let message = with_hint(message, &rule.value, ids);
                self.error(rule, message);
            }
            if d.values.is_some() && d.rule.is_none() {
                self.error(
                    &d.subject,
                    "a deviation with `values` needs the `rule` whose finding they are",
                );
            }
            out.push(ir::Deviation {
                subject: d.subject.value.clone(),
                rule: d.rule.as_ref().map(|r| r.value.clone()),
                values: d.values.as_ref().map(|v| (v.spec.clone(), v.model.clone())),
                page: d.page.clone(),
                model: d.model.clone(),
                follows: match d.follows.value {
                    raw::Follows::Page => ir::Follows::Page,
                    raw::Follows::Model => ir::Follows::Model,
                    raw::Follows::Policy => ir::Follows::Policy,
                },
                source: self.source(Some(&d.source)),
                origin: self.origin(&d.subject.referenced),
            });
        }
        out
    }
}

/// Where an error's parts are written, and whether in `service.yaml`.
#[derive(Clone, Copy)]
struct ErrorAt {
    naming: (bool, serde_saphyr::Location),
    answers: (bool, serde_saphyr::Location),
}

impl ErrorAt {
    fn of(error: &raw::Error, in_service: bool) -> Self {
        let name = error.name.referenced;
        ErrorAt {
            naming: (
                in_service,
                error.naming.as_ref().map_or(name, |n| n.referenced),
            ),
            answers: (
                in_service,
                error.answers.first().map_or(name, |a| a.referenced),
            ),
        }
    }
}
