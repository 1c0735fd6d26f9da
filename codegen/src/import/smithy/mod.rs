//! Smithy 2.0 JSON AST models, read with the location of every shape, member and trait, and
//! turned into the same spec files the botocore reader writes: a `service.yaml` with the
//! protocol, signing, policies and every error the chosen operations return, and one file per
//! operation. Operations are those the service binds, directly or through its resources (or,
//! in an excerpt whose service binds none, those the model defines).
//! Members are written by their path from the operation; a structure becomes a named schema
//! under its shape name. A member's traits override those of the shape it targets.

mod model;
mod operation;
mod schemas;

pub(super) use model::*;
use schemas::json_name;

use super::write::{self, ServiceFile, text};
use super::yaml::{Node, Place};
use super::{ImportError, Imported, Refusal, Request};
use serde_json::Value;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Imports what `request` asks for from a parsed Smithy model read from `file`.
pub(super) fn import(
    model: &Model,
    file: &Path,
    request: &Request,
) -> Result<Imported, ImportError> {
    let unsupported = |reason: String| ImportError::Unsupported {
        file: file.to_path_buf(),
        reason,
    };
    if let Some((id, at)) = dangling(model) {
        return Err(ImportError::Parse {
            file: file.to_path_buf(),
            line: at.line(),
            column: at.column().max(1),
            reason: format!("the shape id `{id}` names no shape in the model or the prelude"),
        });
    }
    let services: Vec<(&String, &Spanned<Shape>)> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.value.ty == "service")
        .collect();
    let [(service_id, service)] = services[..] else {
        return Err(unsupported(format!(
            "the Smithy model defines {} services; import reads a model with exactly one",
            services.len()
        )));
    };
    let traits = &service.value.traits;
    if traits.get("aws.protocols#restJson1").is_none() {
        let protocols: Vec<&str> = traits.keys().filter(|k| k.contains("protocols#")).collect();
        return Err(unsupported(format!(
            "the service's protocol is {}; the spec format has restJson1 (`aws.protocols#restJson1`) and problem-details JSON",
            if protocols.is_empty() {
                "not stated".to_string()
            } else {
                format!("`{}`", protocols.join("`, `"))
            }
        )));
    }
    let Some(signing) = traits
        .get("aws.auth#sigv4")
        .and_then(|v| v.get("name"))
        .and_then(Value::as_str)
    else {
        return Err(unsupported(
            "the service is not signed with SigV4 (`aws.auth#sigv4`); the spec format has SigV4 and bearer tokens".to_string(),
        ));
    };
    let aws = traits.get("aws.api#service");
    let aws_field = |key: &str| aws.and_then(|v| v.get(key)).and_then(Value::as_str);
    let mut bound = bound_operations(model, &service.value).map_err(|u| unsupported(u.0))?;
    if bound.is_empty() {
        // An excerpt of a model keeps the service's traits but not its bindings: its
        // operations are those it defines.
        for (id, shape) in &model.shapes {
            if shape.value.ty == "operation" && bound.insert(local(id), id).is_some() {
                return Err(unsupported(format!(
                    "the model defines two operations named `{}`",
                    local(id)
                )));
            }
        }
    }
    for name in &request.operations {
        if !bound.contains_key(name.as_str()) {
            let hint = crate::diag::with_hint(String::new(), name, bound.keys().copied());
            return Err(unsupported(format!(
                "the service `{service_id}` has no operation `{name}`{hint}"
            )));
        }
    }
    let chosen: Vec<(&str, &str)> = bound
        .iter()
        .filter(|(n, _)| {
            request.operations.is_empty() || request.operations.iter().any(|r| r == *n)
        })
        .map(|(n, id)| (*n, *id))
        .collect();
    let version = service.value.version.clone().unwrap_or_default();
    let url = request.url.clone().unwrap_or_else(|| match aws_field("sdkId") {
        Some(sdk) => {
            let sdk = sdk.to_lowercase().replace(' ', "-");
            format!(
                "https://github.com/aws/api-models-aws/tree/main/models/{sdk}/service/{version}/{sdk}-{version}.json"
            )
        }
        None => format!("file://{}", file.display()),
    });
    let service_name = traits
        .get("smithy.api#title")
        .and_then(Value::as_str)
        .or(aws_field("sdkId"))
        .unwrap_or(local(service_id))
        .to_string();
    let mut importer = Importer {
        model,
        url,
        title: format!("Smithy model {} {version}", local(service_id)),
        service_name,
        service_errors: service
            .value
            .errors
            .iter()
            .map(|e| e.target.value.clone())
            .collect(),
        schemas: BTreeSet::new(),
        names: BTreeMap::new(),
        refused: Vec::new(),
    };
    let mut errors_used = BTreeSet::new();
    for (_, id) in &chosen {
        errors_used.extend(importer.errors_of(id));
    }
    let id = request.service.clone().unwrap_or_else(|| {
        aws_field("endpointPrefix")
            .map(str::to_string)
            .unwrap_or_else(|| local(service_id).to_lowercase())
            .replace('-', "_")
    });
    let service_node = importer
        .service(&id, signing, &errors_used)
        .at(Place::of(&service.referenced));
    let shared: BTreeSet<String> = importer.schemas.union(&errors_used).cloned().collect();
    let mut operations = Vec::new();
    let mut refusals = Vec::new();
    for (name, id) in chosen {
        importer.schemas.clear();
        importer.refused.clear();
        let op = &model.shapes[id];
        let node = importer
            .operation(name, id, &op.value, &shared)
            .at(Place::of(&op.referenced));
        if importer.refused.is_empty() {
            operations.push((name.to_string(), node));
        } else {
            let mut constructs = Vec::new();
            for construct in importer.refused.drain(..) {
                if !constructs.contains(&construct) {
                    constructs.push(construct);
                }
            }
            refusals.push(Refusal {
                operation: name.to_string(),
                line: op.referenced.line(),
                constructs,
            });
        }
    }
    Ok(Imported {
        service: service_node,
        operations,
        refusals,
    })
}

/// Where a request or response member travels.
enum Binding {
    Label,
    Query(String),
    Header(String),
    Body,
    /// A binding the format has no way to say, named.
    Other(&'static str),
}

fn binding(traits: &Traits) -> Binding {
    let string = |name: &str| traits.get(name).and_then(Value::as_str).map(str::to_string);
    if traits.get("smithy.api#httpLabel").is_some() {
        Binding::Label
    } else if let Some(name) = string("smithy.api#httpQuery") {
        Binding::Query(name)
    } else if let Some(name) = string("smithy.api#httpHeader") {
        Binding::Header(name)
    } else if traits.get("smithy.api#httpPayload").is_some() {
        Binding::Other("an HTTP payload member")
    } else if traits.get("smithy.api#httpPrefixHeaders").is_some() {
        Binding::Other("a prefix-headers map")
    } else if traits.get("smithy.api#httpQueryParams").is_some() {
        Binding::Other("a query-parameters map")
    } else if traits.get("smithy.api#httpResponseCode").is_some() {
        Binding::Other("a member holding the response status")
    } else {
        Binding::Body
    }
}

/// The labels of a URI path, without braces or the greedy `+`.
fn labels(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(label, _)| label.trim_end_matches('+').to_string())
        .collect()
}

struct Importer<'m> {
    model: &'m Model,
    /// The model's URL, for `documentation` and `sources`.
    url: String,
    /// The model's title in `sources`.
    title: String,
    /// The service's name, for operation titles.
    service_name: String,
    /// The errors every operation of the service may return.
    service_errors: Vec<String>,
    /// Structures the current operation names, by shape id, to write as its schemas.
    schemas: BTreeSet<String>,
    /// The shape id each schema name stands for, across the whole import.
    names: BTreeMap<String, String>,
    /// Why the current operation cannot be imported, if it cannot.
    refused: Vec<String>,
}

impl<'m> Importer<'m> {
    pub(super) fn shape(&self, id: &str) -> Option<&'m Spanned<Shape>> {
        self.model.shapes.get(id)
    }

    /// The type of the shape `id`, defined in the model or the prelude.
    pub(super) fn ty(&self, id: &str) -> Option<&'m str> {
        match self.shape(id) {
            Some(s) => Some(s.value.ty.as_str()),
            None => prelude(id),
        }
    }

    /// The errors of the operation `id`: its own, then the service's.
    pub(super) fn errors_of(&self, id: &str) -> Vec<String> {
        let mut errors: Vec<String> = self
            .shape(id)
            .map(|op| {
                op.value
                    .errors
                    .iter()
                    .map(|e| e.target.value.clone())
                    .collect()
            })
            .unwrap_or_default();
        for error in &self.service_errors {
            if !errors.contains(error) {
                errors.push(error.clone());
            }
        }
        errors
    }

    /// The schema name of the structure `id`, its shape name, refused where another shape has it.
    pub(super) fn name(&mut self, id: &str) -> String {
        let name = local(id).to_string();
        match self.names.get(&name) {
            Some(other) if other != id => self
                .refused
                .push(format!("two shapes named `{name}` (`{other}` and `{id}`)")),
            Some(_) => {}
            None => {
                self.names.insert(name.clone(), id.to_string());
            }
        }
        name
    }

    pub(super) fn service(&mut self, id: &str, signing: &str, errors: &BTreeSet<String>) -> Node {
        self.schemas.clear();
        let mut file = ServiceFile::aws(id, &self.service_name, &self.url, &self.title, signing);
        for error_id in errors {
            let Some(spanned) = self.shape(error_id) else {
                continue;
            };
            let shape = &spanned.value;
            let Some(fault) = shape.traits.get("smithy.api#error").and_then(Value::as_str) else {
                continue;
            };
            let place = Place::of(&spanned.referenced);
            let status = shape
                .traits
                .get("smithy.api#httpError")
                .and_then(Value::as_i64)
                .unwrap_or(if fault == "server" { 500 } else { 400 });
            let name = self.name(error_id);
            // The format needs a `when`; where the model gives none, the spec says so.
            let when = self
                .documentation(&shape.traits)
                .unwrap_or_else(|| format!("The model does not document when {name} is returned."));
            let naming = write::aws_naming(&name);
            file.errors
                .push(write::error(&name, status, Some(when), naming, &name).at(place));
            let body = write::cited(self.structure(shape));
            file.schemas = file.schemas.with(&name, body.at(place));
        }
        // The structures the error bodies name, beside them, and those they name in turn.
        let mut written: BTreeSet<String> = errors.clone();
        file.schemas = file.schemas.merge(write::pending(self, &mut written, true));
        file.node()
    }

    /// The text of a `documentation` trait, where there is any.
    pub(super) fn documentation(&self, traits: &Traits) -> Option<String> {
        traits
            .get(DOCUMENTATION)
            .and_then(Value::as_str)
            .map(text)
            .filter(|t| !t.is_empty())
    }

    /// The members of a structure, in the model's order; none for `smithy.api#Unit`.
    pub(super) fn members_of(&mut self, target: Option<&Target>, what: &str) -> Option<&'m Shape> {
        let id = &target?.target.value;
        let shape = &self.shape(id)?.value;
        if !shape.mixins.is_empty() {
            self.refused
                .push(format!("mixins on the {what} structure (`{id}`)"));
        }
        Some(shape)
    }
}
