//! Checking parsed spec files and lowering them to the IR. Every problem is collected with its
//! location; lowering goes on after a problem so that one run reports as many as it can.
//!
//! An operation file is lowered together with its service's `service.yaml`, when the folder has
//! one: the service file states the protocol, auth, policies, shared errors and schemas, and the
//! operation file only its own facts. Problems point into whichever file states the fact.

use crate::diag::{Diagnostic, Reporter, with_hint};
use crate::ir;
use crate::names;
use crate::raw;
use rayon::prelude::*;
use serde_saphyr::{Location, Spanned};
use std::collections::BTreeMap;
use std::path::Path;

mod body;
mod headers;
mod http;
mod responses;
mod schemas;
mod service;

const TYPES: [&str; 9] = [
    "string",
    "integer",
    "number",
    "boolean",
    "timestamp",
    "blob",
    "array",
    "object",
    "union",
];
const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// One operation file, with the `service.yaml` beside it if there is one.
pub(crate) struct Input<'a> {
    pub file: &'a Path,
    pub spec: &'a raw::SpecFile,
    pub service: Option<(&'a Path, &'a raw::ServiceFile)>,
}

/// Lowers parsed files to one API, or returns every problem found in them.
pub(crate) fn lower(inputs: &[Input<'_>]) -> Result<ir::Api, Vec<Diagnostic>> {
    // Each file lowers on its own, on every core; only the check for operations that share a
    // Rust module needs them all, and it runs after, in the files' order.
    let lowered: Vec<(Option<ir::Operation>, Vec<Diagnostic>)> = inputs
        .par_iter()
        .map(|input| {
            let mut report = Reporter::new(input.file);
            let operation = Lowerer::new(&mut report, input).operation();
            (operation, report.into_diagnostics())
        })
        .collect();
    let mut problems = Vec::new();
    let mut operations = Vec::new();
    // Operations by their Rust module, `service::operation`: two that share one collide.
    let mut seen: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for (input, (operation, diagnostics)) in inputs.iter().zip(lowered) {
        let mut report = Reporter::new(input.file);
        let service = service_of(input.spec, input.service);
        let spec = input.spec;
        let name = format!("{service}.{}", spec.operation.value);
        let key = (
            names::field_name(service),
            names::field_name(&spec.operation.value),
        );
        let here = format!(
            "{}:{}:{}",
            input.file.display(),
            spec.operation.referenced.line(),
            spec.operation.referenced.column()
        );
        match seen.get(&key) {
            Some((first_name, first)) if *first_name == name => report.on(
                &spec.operation,
                format!("duplicate operation `{name}`: it is already defined at {first}"),
            ),
            Some((first_name, first)) => report.on(
                &spec.operation,
                format!(
                    "operation `{name}` would share the Rust module `{}::{}` with `{first_name}` at {first}; rename one of them",
                    key.0, key.1
                ),
            ),
            None => {
                seen.insert(key, (name, here));
            }
        }
        problems.extend(diagnostics);
        problems.extend(report.into_diagnostics());
        operations.extend(operation);
    }
    if problems.is_empty() {
        operations.sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));
        Ok(ir::Api { operations })
    } else {
        Err(problems)
    }
}

/// Which way a header travels.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

/// Where a value sits in a request or response, which decides its timestamp format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Body,
    Header,
    Query,
    Label,
}

/// A named schema, and whether `service.yaml` declares it.
#[derive(Clone, Copy)]
pub(super) struct Named<'s> {
    pub schema: &'s Spanned<raw::Schema>,
    pub in_service: bool,
}

struct Lowerer<'r, 'f, 's> {
    report: &'r mut Reporter<'f>,
    spec: &'s raw::SpecFile,
    service: Option<(&'f Path, &'s raw::ServiceFile)>,
    file: &'f Path,
    structs: Vec<ir::Struct>,
    /// Where each struct is declared, for problems found once all are lowered.
    declared_at: BTreeMap<String, (bool, Location)>,
    /// Every Rust name the emitter will write, by scope, with what claimed it first.
    claimed: BTreeMap<(String, String), String>,
    /// Whether problems currently point into `service.yaml`.
    in_service: bool,
    /// The protocol, which decides how timestamps are written where the spec does not say.
    protocol: ir::Protocol,
    /// The timestamp format of the part being lowered (body, header, query or label).
    timestamp_default: ir::TimestampFormat,
    /// The Rust names of the operation's items, assigned here once.
    names: ir::RustNames,
    /// The Rust names of the items its values need, assigned as members are lowered.
    items: ir::ItemNames,
    failed: bool,
}

/// The service id of an operation file: its own, or its `service.yaml`'s.
fn service_of<'s>(
    spec: &'s raw::SpecFile,
    service: Option<(&Path, &'s raw::ServiceFile)>,
) -> &'s str {
    match (&spec.service, service) {
        (Some(s), _) => &s.value,
        (None, Some((_, service))) => &service.service.value,
        (None, None) => "",
    }
}

impl<'r, 'f> Lowerer<'r, 'f, 'f> {
    fn new(report: &'r mut Reporter<'f>, input: &Input<'f>) -> Self {
        Lowerer {
            report,
            spec: input.spec,
            service: input.service,
            file: input.file,
            structs: Vec::new(),
            declared_at: BTreeMap::new(),
            claimed: BTreeMap::new(),
            in_service: false,
            protocol: ir::Protocol::ProblemDetails,
            timestamp_default: ir::TimestampFormat::DateTime,
            names: ir::RustNames::of(
                service_of(input.spec, input.service),
                &input.spec.operation.value,
            ),
            items: ir::ItemNames::default(),
            failed: false,
        }
    }
}

impl<'r, 'f, 's> Lowerer<'r, 'f, 's> {
    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.failed = true;
        self.report.on(at, message);
    }

    fn error_at(&mut self, at: &Location, message: impl Into<String>) {
        self.failed = true;
        self.report.at(at, message);
    }

    fn file_error(&mut self, message: impl Into<String>) {
        self.failed = true;
        self.report.file_level(message);
    }

    /// Where `at` is, in the file being lowered (`service.yaml` inside [`Self::within`]).
    fn origin(&self, at: &Location) -> ir::Origin {
        let file = match (self.in_service, self.service) {
            (true, Some((file, _))) => file,
            _ => self.file,
        };
        ir::Origin {
            file: file.to_path_buf(),
            line: at.line(),
            column: at.column(),
        }
    }

    /// Runs `f` with problems pointing into `service.yaml` when `in_service` says so, and into
    /// the operation file otherwise.
    fn within<R>(&mut self, in_service: bool, f: impl FnOnce(&mut Self) -> R) -> R {
        let file = match (in_service, self.service) {
            (true, Some((file, _))) => file,
            _ => self.file,
        };
        let before = self.report.switch(file);
        let was = std::mem::replace(&mut self.in_service, in_service && self.service.is_some());
        let out = f(self);
        self.in_service = was;
        self.report.switch(before);
        out
    }

    /// Runs `f` with `format` as the timestamp format where a schema states none.
    fn timestamps<R>(&mut self, format: ir::TimestampFormat, f: impl FnOnce(&mut Self) -> R) -> R {
        let was = std::mem::replace(&mut self.timestamp_default, format);
        let out = f(self);
        self.timestamp_default = was;
        out
    }

    /// The protocol's timestamp format for a part of the request or response.
    fn timestamp_format(&self, part: Part) -> ir::TimestampFormat {
        match (self.protocol, part) {
            (ir::Protocol::RestJson1, Part::Body) => ir::TimestampFormat::EpochSeconds,
            (ir::Protocol::RestJson1, Part::Header) => ir::TimestampFormat::HttpDate,
            (ir::Protocol::RestJson1, Part::Query | Part::Label) => ir::TimestampFormat::DateTime,
            (ir::Protocol::ProblemDetails, _) => ir::TimestampFormat::DateTime,
        }
    }

    /// Claims the Rust name `name` in `scope` for `what`; two claims of one name are a problem,
    /// since the generated code would not compile. Returns whether the claim held.
    fn claim(&mut self, scope: &str, name: &str, what: String, at: &Location) -> bool {
        let key = (scope.to_string(), name.to_string());
        match self.claimed.get(&key) {
            Some(first) => {
                let message = format!(
                    "{what} would be named `{name}` in Rust, like {first}; rename one of them"
                );
                self.error_at(at, message);
                false
            }
            None => {
                self.claimed.insert(key, what);
                true
            }
        }
    }

    /// The service id, from the operation file or its `service.yaml`.
    fn service_id(&self) -> &'s str {
        service_of(self.spec, self.service)
    }

    /// A service-level key: stated in `service.yaml` or in a lone operation file, never both.
    fn shared<T>(
        &mut self,
        key: &str,
        here: Option<&'s Spanned<T>>,
        there: Option<&'s Spanned<T>>,
    ) -> Option<(&'s Spanned<T>, bool)> {
        match (here, there) {
            (Some(here), Some(_)) => {
                self.error(
                    here,
                    format!("`{key}` is stated in this service's service.yaml; remove it here"),
                );
                None
            }
            (Some(here), None) => Some((here, false)),
            (None, Some(there)) => Some((there, true)),
            (None, None) => {
                let message = if self.service.is_some() {
                    format!("`{key}` is missing from service.yaml")
                } else {
                    format!(
                        "`{key}` is missing: state it here, or in a service.yaml beside this file"
                    )
                };
                self.file_error(message);
                None
            }
        }
    }

    /// The schema `name` declares, from the operation file or `service.yaml`.
    pub(super) fn named(&self, name: &str) -> Option<Named<'s>> {
        if let Some(schema) = self.spec.schemas.get(name) {
            return Some(Named {
                schema,
                in_service: false,
            });
        }
        self.service
            .and_then(|(_, s)| s.schemas.get(name))
            .map(|schema| Named {
                schema,
                in_service: true,
            })
    }

    /// Every schema name a `$ref` may use, for hints.
    pub(super) fn schema_names(&self) -> Vec<&'s str> {
        let mut all: Vec<&str> = self.spec.schemas.keys().collect();
        if let Some((_, service)) = self.service {
            all.extend(service.schemas.keys());
        }
        all
    }

    fn operation(mut self) -> Option<ir::Operation> {
        let spec = self.spec;
        self.identifiers();
        let sources = self.sources();
        let protocol = self
            .shared(
                "protocol",
                spec.protocol.as_ref(),
                self.service.map(|(_, s)| &s.protocol),
            )
            .map(|(p, in_service)| {
                self.within(in_service, |l| l.source(p.value.source.as_ref()));
                match p.value.name.value {
                    raw::ProtocolName::RestJson1 => ir::Protocol::RestJson1,
                    raw::ProtocolName::Json => ir::Protocol::ProblemDetails,
                }
            })
            .unwrap_or(ir::Protocol::ProblemDetails);
        self.protocol = protocol;
        self.timestamp_default = self.timestamp_format(Part::Body);
        let auth = self.auth();
        let method = spec.http.method.value.clone();
        if !METHODS.contains(&method.as_str()) {
            let message = format!(
                "unknown HTTP method `{method}`; expected one of: {}",
                METHODS.join(", ")
            );
            self.error(&spec.http.method, with_hint(message, &method, METHODS));
        }
        let policies = self.policies();
        self.named_schemas();
        let segments = self.segments(&spec.http.path);
        let request = ir::Request {
            labels: self.labels(&segments),
            query: self.query(),
            headers: self.headers("headers", &spec.request.headers, Direction::Request),
            body: self.body(&method),
        };
        let at = spec.operation.referenced;
        if !request.labels.is_empty() || !request.query.is_empty() {
            let params = self.names.params.clone();
            self.claim("type", &params, "the operation's parameters".into(), &at);
        }
        let input = self.names.input.clone();
        self.claim("type", &input, "the operation's input".into(), &at);
        let response = self.response();
        let errors = self.errors(protocol);
        let deviations = self.deviations();
        self.cycles();
        if self.failed {
            return None;
        }
        let origin = self.origin(&spec.operation.referenced);
        Some(ir::Operation {
            file: self.file.to_path_buf(),
            service: self.service_id().to_string(),
            service_title: self.service.map(|(_, s)| s.title.clone()),
            name: spec.operation.value.clone(),
            rust: self.names.clone(),
            items: self.items,
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            documentation: spec.documentation.value.clone(),
            sources,
            protocol,
            auth,
            method,
            path: spec.http.path.value.clone(),
            segments,
            policies,
            request,
            response,
            errors,
            structs: self.structs,
            deviations,
            origin,
        })
    }

    /// A struct that holds itself (not through an array or a map) would have infinite size.
    fn cycles(&mut self) {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .structs
            .iter()
            .map(|s| {
                let direct = s.members.iter().filter_map(|m| match &m.ty {
                    ir::Type::Struct(name) if !s.union => Some(name.as_str()),
                    _ => None,
                });
                (s.name.as_str(), direct.collect())
            })
            .collect();
        let mut found = Vec::new();
        for start in edges.keys() {
            let mut path = vec![*start];
            if reaches(&edges, start, start, &mut path) {
                found.push((start.to_string(), path.join(" -> ")));
            }
        }
        for (name, path) in found {
            let (in_service, at) = self
                .declared_at
                .get(&name)
                .copied()
                .unwrap_or((false, Location::UNKNOWN));
            let message = format!(
                "schema `{name}` contains itself ({path}); a member that refers back must be an array, a map or a union member"
            );
            self.within(in_service, |l| l.error_at(&at, message));
        }
    }
}

/// Whether `to` can be reached from `from` through direct struct members; `path` records how.
fn reaches<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &str,
    path: &mut Vec<&'a str>,
) -> bool {
    for next in edges.get(from).into_iter().flatten() {
        if *next == to {
            path.push(next);
            return true;
        }
        if path.contains(next) {
            continue;
        }
        path.push(next);
        if reaches(edges, next, to, path) {
            return true;
        }
        path.pop();
    }
    false
}
