//! Checking parsed spec files and lowering them to the IR. Every problem is collected with its
//! location; lowering goes on after a problem so that one run reports as many as it can.

use crate::diag::{Diagnostic, Reporter, with_hint};
use crate::ir;
use crate::names;
use crate::raw;
use serde_saphyr::{Location, Spanned};
use std::collections::BTreeMap;
use std::path::Path;

mod body;
mod headers;
mod responses;
mod schemas;

const TYPES: [&str; 5] = ["string", "integer", "boolean", "array", "object"];
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Lowers parsed files to one API, or returns every problem found in them.
pub(crate) fn lower(files: &[(&Path, raw::SpecFile)]) -> Result<ir::Api, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut operations = Vec::new();
    // Operations by their Rust module, `service::operation`: two that share one collide.
    let mut seen: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for (file, spec) in files {
        let mut report = Reporter::new(file);
        let name = format!("{}.{}", spec.service.value, spec.operation.value);
        let key = (
            names::field_name(&spec.service.value),
            names::field_name(&spec.operation.value),
        );
        let here = format!(
            "{}:{}:{}",
            file.display(),
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
        let operation = Lowerer::new(&mut report, spec).operation(file);
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

struct Lowerer<'r, 'f, 's> {
    report: &'r mut Reporter<'f>,
    spec: &'s raw::SpecFile,
    structs: Vec<ir::Struct>,
    /// Where each struct is declared, for problems found once all are lowered.
    declared_at: BTreeMap<String, Location>,
    /// Every Rust name the emitter will write, by scope, with what claimed it first.
    claimed: BTreeMap<(String, String), String>,
    failed: bool,
}

impl<'r, 'f, 's> Lowerer<'r, 'f, 's> {
    fn new(report: &'r mut Reporter<'f>, spec: &'s raw::SpecFile) -> Self {
        Lowerer {
            report,
            spec,
            structs: Vec::new(),
            declared_at: BTreeMap::new(),
            claimed: BTreeMap::new(),
            failed: false,
        }
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.failed = true;
        self.report.on(at, message);
    }

    fn error_at(&mut self, at: &Location, message: impl Into<String>) {
        self.failed = true;
        self.report.at(at, message);
    }

    /// Claims the Rust name `name` in `scope` for `what`; two claims of one name are a problem,
    /// since the generated code would not compile.
    fn claim(&mut self, scope: &str, name: &str, what: String, at: &Location) {
        let key = (scope.to_string(), name.to_string());
        match self.claimed.get(&key) {
            Some(first) => {
                let message = format!(
                    "{what} would be named `{name}` in Rust, like {first}; rename one of them"
                );
                self.error_at(at, message);
            }
            None => {
                self.claimed.insert(key, what);
            }
        }
    }

    fn operation(mut self, file: &Path) -> Option<ir::Operation> {
        let spec = self.spec;
        self.identifiers();
        let sources = self.sources();
        let protocol = match spec.protocol.name.value {
            raw::ProtocolName::RestJson1 => ir::Protocol::RestJson1,
            raw::ProtocolName::Json => ir::Protocol::Json,
        };
        self.source(spec.protocol.source.as_ref());
        let auth = self.auth();
        let method = spec.http.method.value.clone();
        if !METHODS.contains(&method.as_str()) {
            let message = format!(
                "unknown HTTP method `{method}`; expected one of: {}",
                METHODS.join(", ")
            );
            self.error(&spec.http.method, with_hint(message, &method, METHODS));
        }
        if !spec.http.path.value.starts_with('/') {
            self.error(&spec.http.path, "the path must start with `/`");
        }
        let policies = self.policies();
        self.named_schemas();
        let request = ir::Request {
            headers: self.headers("headers", &spec.request.headers),
            body: self.body(),
        };
        let response = self.response();
        let errors = self.errors();
        let deviations = self.deviations();
        self.cycles();
        if self.failed {
            return None;
        }
        Some(ir::Operation {
            file: file.to_path_buf(),
            service: spec.service.value.clone(),
            name: spec.operation.value.clone(),
            module: names::field_name(&spec.operation.value),
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            documentation: spec.documentation.value.clone(),
            sources,
            protocol,
            auth,
            method,
            path: spec.http.path.value.clone(),
            policies,
            request,
            response,
            errors,
            structs: self.structs,
            deviations,
        })
    }

    /// A struct that holds itself (not through an array) would have infinite size.
    fn cycles(&mut self) {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .structs
            .iter()
            .map(|s| {
                let direct = s.members.iter().filter_map(|m| match &m.ty {
                    ir::Type::Struct(name) => Some(name.as_str()),
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
            let at = self
                .declared_at
                .get(&name)
                .copied()
                .unwrap_or(Location::UNKNOWN);
            let message = format!(
                "schema `{name}` contains itself ({path}); a member that refers back must be an array"
            );
            self.error_at(&at, message);
        }
    }

    fn identifiers(&mut self) {
        let spec = self.spec;
        for (what, value) in [("service", &spec.service), ("operation", &spec.operation)] {
            let ok = value
                .value
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && value
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                self.error(
                    value,
                    format!("the {what} must be letters, digits and `_`, starting with a letter"),
                );
            }
        }
        let doc = &spec.documentation;
        if !(doc.value.starts_with("https://") || doc.value.starts_with("http://")) {
            self.error(
                doc,
                "documentation must be the URL of the page this spec copies",
            );
        }
    }

    fn sources(&mut self) -> Vec<ir::Source> {
        if self.spec.sources.get("page").is_none() {
            self.failed = true;
            self.report
                .file_level("`sources` must name the documentation page as `page`");
        }
        self.spec
            .sources
            .iter()
            .map(|(id, s)| ir::Source {
                id: id.value.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect()
    }

    /// The source id `source` names, checked against `sources`; `page` when there is none.
    fn source(&mut self, source: Option<&Spanned<String>>) -> String {
        let Some(source) = source else {
            return "page".to_string();
        };
        if self.spec.sources.get(&source.value).is_none() {
            let message = format!(
                "unknown source `{}`; `sources` declares: {}",
                source.value,
                self.spec.sources.keys().collect::<Vec<_>>().join(", ")
            );
            let message = with_hint(message, &source.value, self.spec.sources.keys());
            self.error(source, message);
        }
        source.value.clone()
    }

    fn auth(&mut self) -> ir::Auth {
        let auth = &self.spec.auth;
        self.source(auth.source.as_ref());
        match auth.scheme.value {
            raw::AuthScheme::AwsSigV4 => {
                let Some(name) = &auth.signing_name else {
                    self.error(&auth.scheme, "aws-sigv4 needs `signingName`");
                    return ir::Auth::AwsSigV4 {
                        signing_name: String::new(),
                    };
                };
                ir::Auth::AwsSigV4 {
                    signing_name: name.value.clone(),
                }
            }
            raw::AuthScheme::Bearer => ir::Auth::Bearer {
                header: auth
                    .header
                    .as_ref()
                    .map_or_else(|| "Authorization".to_string(), |h| h.value.clone()),
                token_path: auth.token_path.as_ref().map(|p| p.value.clone()),
            },
        }
    }

    fn policies(&mut self) -> ir::Policies {
        let mut policies = ir::Policies {
            unknown_members: ir::UnknownMembers::Ignore,
            null_members: ir::NullMembers::Absent,
        };
        let Some(raw) = &self.spec.policies else {
            self.failed = true;
            self.report.file_level(
                "`policies` is missing: say what the service does with unknown members and with null members, and cite a source",
            );
            return policies;
        };
        match &raw.unknown_members {
            Some(p) => {
                self.source(Some(&p.source));
                policies.unknown_members = match p.value {
                    raw::UnknownMembers::Ignore => ir::UnknownMembers::Ignore,
                    raw::UnknownMembers::Reject => ir::UnknownMembers::Reject,
                };
            }
            None => {
                self.failed = true;
                self.report
                    .file_level("`policies.unknownMembers` is missing");
            }
        }
        match &raw.null_members {
            Some(p) => {
                self.source(Some(&p.source));
                policies.null_members = match p.value {
                    raw::NullMembers::Absent => ir::NullMembers::Absent,
                    raw::NullMembers::Invalid => ir::NullMembers::Invalid,
                };
            }
            None => {
                self.failed = true;
                self.report.file_level("`policies.nullMembers` is missing");
            }
        }
        policies
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
