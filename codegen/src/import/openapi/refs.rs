//! Following local `$ref`s: what a reference names, every reference an operation reaches, and
//! the check that none names nothing.

use super::*;
use crate::entries::Entries;
use serde_saphyr::Spanned;

/// A `$ref` that names nothing in the document.
#[derive(Debug)]
pub(in crate::import) struct Dangling {
    pub line: u64,
    pub column: u64,
    pub reason: String,
}

/// What a `$ref` names.
#[derive(Clone, Copy)]
pub(super) enum Target<'m> {
    Schema(&'m str, &'m Spanned<Schema>),
    Parameter(&'m Spanned<Schema>),
    Response(&'m Spanned<Response>),
    RequestBody(&'m Spanned<RequestBody>),
}

/// The words of a JSON pointer segment.
pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

impl Document {
    pub(super) fn is_swagger(&self) -> bool {
        self.swagger.is_some()
    }

    pub(super) fn target(&self, reference: &str) -> Option<Target<'_>> {
        let (prefix, name) = reference.rsplit_once('/')?;
        let name = unescape(name);
        fn find_schema<'d>(
            entries: &'d Entries<Spanned<Schema>>,
            name: &str,
        ) -> Option<(&'d str, &'d Spanned<Schema>)> {
            entries
                .0
                .iter()
                .find(|(k, _)| k.value == name)
                .map(|(k, v)| (k.value.as_str(), v))
        }
        match prefix {
            "#/definitions" => {
                find_schema(&self.definitions, &name).map(|(n, s)| Target::Schema(n, s))
            }
            "#/components/schemas" => {
                find_schema(&self.components.schemas, &name).map(|(n, s)| Target::Schema(n, s))
            }
            "#/parameters" => self.parameters.get(&name).map(Target::Parameter),
            "#/components/parameters" => {
                self.components.parameters.get(&name).map(Target::Parameter)
            }
            "#/components/headers" => self.components.headers.get(&name).map(Target::Parameter),
            "#/responses" => self.responses.get(&name).map(Target::Response),
            "#/components/responses" => self.components.responses.get(&name).map(Target::Response),
            "#/components/requestBodies" => self
                .components
                .request_bodies
                .get(&name)
                .map(Target::RequestBody),
            _ => None,
        }
    }

    /// Every `$ref` in the document must name something of the kind its place expects.
    pub(in crate::import) fn check_refs(&self) -> Result<(), Dangling> {
        let mut refs: Vec<(&Spanned<String>, Kind)> = Vec::new();
        for (_, s) in self
            .definitions
            .iter()
            .chain(self.components.schemas.iter())
        {
            schema_refs(&s.value, &mut refs);
        }
        for (_, p) in self
            .parameters
            .iter()
            .chain(self.components.parameters.iter())
            .chain(self.components.headers.iter())
        {
            parameter_refs(&p.value, &mut refs);
        }
        for (_, r) in self
            .responses
            .iter()
            .chain(self.components.responses.iter())
        {
            response_refs(&r.value, &mut refs);
        }
        for (_, b) in self.components.request_bodies.iter() {
            body_refs(&b.value, &mut refs);
        }
        for (_, item) in self.paths.iter() {
            for p in &item.value.parameters {
                parameter_refs(&p.value, &mut refs);
            }
            for (_, op) in item.value.operations() {
                for p in &op.value.parameters {
                    parameter_refs(&p.value, &mut refs);
                }
                if let Some(b) = &op.value.request_body {
                    body_refs(&b.value, &mut refs);
                }
                for (_, r) in op.value.responses.iter() {
                    response_refs(&r.value, &mut refs);
                }
            }
        }
        for (reference, kind) in refs {
            let found = self.target(&reference.value);
            let fits = matches!(
                (kind, found),
                (Kind::Schema, Some(Target::Schema(..)))
                    | (Kind::Parameter, Some(Target::Parameter(_)))
                    | (Kind::Response, Some(Target::Response(_)))
                    | (Kind::RequestBody, Some(Target::RequestBody(_)))
            );
            if !fits {
                let what = match kind {
                    Kind::Schema => "a schema",
                    Kind::Parameter => "a parameter",
                    Kind::Response => "a response",
                    Kind::RequestBody => "a request body",
                };
                let reason = if reference.value.starts_with("#/") {
                    format!(
                        "`$ref: {}` names no {} in this document",
                        reference.value,
                        what.trim_start_matches("a ")
                    )
                } else {
                    format!(
                        "`$ref: {}` points outside this document; only local references (`#/...`) to {what} are read",
                        reference.value
                    )
                };
                return Err(Dangling {
                    line: reference.referenced.line(),
                    column: reference.referenced.column(),
                    reason,
                });
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
}

pub(super) fn schema_refs<'m>(s: &'m Schema, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
    if let Some(r) = &s.reference {
        out.push((r, Kind::Schema));
    }
    if let Some(items) = &s.items {
        schema_refs(&items.value, out);
    }
    if let Some(inner) = &s.schema {
        schema_refs(&inner.value, out);
    }
    for (_, p) in s.properties.iter() {
        schema_refs(&p.value, out);
    }
    if let Some(Additional::Values(values)) = s.additional_properties.as_ref().map(|a| &a.value) {
        schema_refs(values, out);
    }
    for part in s.all_of.iter().chain(&s.one_of).chain(&s.any_of) {
        schema_refs(&part.value, out);
    }
}

pub(super) fn parameter_refs<'m>(p: &'m Schema, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
    match &p.reference {
        Some(r) => out.push((r, Kind::Parameter)),
        None => {
            if let Some(items) = &p.items {
                schema_refs(&items.value, out);
            }
            if let Some(inner) = &p.schema {
                schema_refs(&inner.value, out);
            }
        }
    }
}

pub(super) fn response_refs<'m>(r: &'m Response, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
    if let Some(reference) = &r.reference {
        out.push((reference, Kind::Response));
    }
    if let Some(s) = &r.schema {
        schema_refs(&s.value, out);
    }
    for (_, m) in r.content.iter() {
        if let Some(s) = &m.value.schema {
            schema_refs(&s.value, out);
        }
    }
    for (_, h) in r.headers.iter() {
        parameter_refs(&h.value, out);
    }
}

pub(super) fn body_refs<'m>(b: &'m RequestBody, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
    if let Some(reference) = &b.reference {
        out.push((reference, Kind::RequestBody));
    }
    for (_, m) in b.content.iter() {
        if let Some(s) = &m.value.schema {
            schema_refs(&s.value, out);
        }
    }
}
