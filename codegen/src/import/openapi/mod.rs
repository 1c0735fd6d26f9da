//! Swagger 2.0 and OpenAPI 3.0/3.1 documents, read with the location of every value, and turned
//! into spec files: a `service.yaml` with the problem-details protocol, bearer auth, policies and
//! one error per non-success status the chosen operations answer with, and one file per
//! operation. Local `$ref`s are resolved; a named object schema stays a named `schemas:` entry,
//! so a schema that holds itself never loops.

mod auth;
mod document;
mod operation;
mod refs;
mod scalars;
mod schemas;
mod text;

use super::write::{self, ServiceFile};
use super::yaml::{Node, Place};
use super::{Imported, Refusal, Unsupported};
use crate::entries::Entries;
pub(in crate::import) use document::*;
use refs::*;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use text::*;

/// One error the service answers with: a non-success status and its body's schema.
struct ErrorUse<'m> {
    name: String,
    description: String,
    /// The named schema of its body, and where the first response states it.
    body: Option<String>,
    place: Option<Place>,
    response: &'m Spanned<Response>,
}

/// Where a schema is used, for what `readOnly` and `writeOnly` mean there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct Importer<'m> {
    doc: &'m Document,
    /// The model's address, cited as the source of every fact.
    url: String,
    /// The web page of the API's documentation, which operation files link to.
    documentation: String,
    title: String,
    /// Named schemas the current file uses, by their model name.
    schemas: BTreeSet<String>,
    /// Named schemas being written inline now, to stop a schema that holds itself.
    inlining: Vec<String>,
    /// Why the current operation cannot be imported, if it cannot.
    refused: Vec<String>,
}

/// One operation of the document.
struct Op<'m> {
    name: String,
    method: &'static str,
    path: &'m str,
    item: &'m PathItem,
    op: &'m Spanned<Operation>,
}

/// Imports `names` (every operation when empty) from a parsed Swagger or OpenAPI document.
pub(super) fn import(
    doc: &Document,
    service: Option<&str>,
    url: &str,
    documentation: &str,
    names: &[String],
) -> Result<Imported, Unsupported> {
    let mut ops: Vec<Op<'_>> = Vec::new();
    for (path, item) in doc.paths.iter() {
        for (method, op) in item.value.operations() {
            let name = match &op.value.operation_id {
                Some(id) => identifier(&id.value),
                None => identifier(&name_from_path(method, &path.value)),
            };
            ops.push(Op {
                name,
                method,
                path: &path.value,
                item: &item.value,
                op,
            });
        }
    }
    for name in names {
        let known = ops.iter().any(|o| {
            o.name == *name
                || o.op
                    .value
                    .operation_id
                    .as_ref()
                    .is_some_and(|id| id.value == *name)
        });
        if !known {
            let all: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
            let hint = crate::diag::with_hint(String::new(), name, all);
            return Err(Unsupported(format!(
                "the document has no operation `{name}`{hint}"
            )));
        }
    }
    let chosen: Vec<&Op<'_>> = ops
        .iter()
        .filter(|o| {
            names.is_empty()
                || names.iter().any(|n| {
                    o.name == *n
                        || o.op
                            .value
                            .operation_id
                            .as_ref()
                            .is_some_and(|id| id.value == *n)
                })
        })
        .collect();
    let title = if doc.info.title.is_empty() {
        "the API".to_string()
    } else {
        doc.info.title.clone()
    };
    let version = match (&doc.swagger, &doc.openapi) {
        (Some(v), _) => format!("Swagger {v}"),
        (_, Some(v)) => format!("OpenAPI {v}"),
        _ => String::new(),
    };
    let mut importer = Importer {
        doc,
        url: url.to_string(),
        documentation: documentation.to_string(),
        title: format!("{title} {} ({version} document)", doc.info.version).replace("  ", " "),
        schemas: BTreeSet::new(),
        inlining: Vec::new(),
        refused: Vec::new(),
    };
    let auth = importer.auth()?;
    // Every non-success status the chosen operations answer with, with its first body.
    let mut errors: BTreeMap<i64, ErrorUse<'_>> = BTreeMap::new();
    for op in &chosen {
        for (status, response) in op.op.value.responses.iter() {
            let Ok(code) = status.value.parse::<i64>() else {
                continue;
            };
            if code < 400 || errors.contains_key(&code) {
                continue;
            }
            let response = importer.response(response);
            let name = status_name(code);
            let description = response.value.description.clone().unwrap_or_default();
            let body = importer
                .response_schema(&response.value)
                .and_then(|s| s.value.reference.as_ref())
                .and_then(|r| match doc.target(&r.value) {
                    Some(Target::Schema(n, s)) if s.value.is_structure() => Some(n.to_string()),
                    _ => None,
                });
            errors.insert(
                code,
                ErrorUse {
                    name,
                    description,
                    body,
                    place: place(&status.referenced),
                    response,
                },
            );
        }
    }
    let service_id = service
        .map(str::to_string)
        .unwrap_or_else(|| identifier(&title).to_ascii_lowercase());
    let service_node = importer.service(&service_id, &title, documentation, auth, &errors);
    let shared = importer.schemas.clone();
    let mut operations = Vec::new();
    let mut refusals = Vec::new();
    let mut seen = BTreeSet::new();
    for op in chosen {
        importer.schemas.clear();
        importer.refused.clear();
        importer.inlining.clear();
        let node = importer
            .operation(op, &errors, &shared)
            .at(place(&op.op.referenced));
        if !seen.insert(op.name.clone()) {
            importer.refused.push(format!(
                "an operation name another operation also has ({})",
                op.name
            ));
        }
        if importer.refused.is_empty() {
            operations.push((op.name.clone(), node));
        } else {
            let mut constructs = importer.refused.clone();
            constructs.sort();
            constructs.dedup();
            refusals.push(Refusal {
                operation: op.name.clone(),
                line: op.op.referenced.line(),
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

impl<'m> Importer<'m> {
    /// A response, its `$ref` followed.
    pub(super) fn response(&self, r: &'m Spanned<Response>) -> &'m Spanned<Response> {
        let mut r = r;
        for _ in 0..16 {
            match r
                .value
                .reference
                .as_ref()
                .map(|x| self.doc.target(&x.value))
            {
                Some(Some(Target::Response(next))) => r = next,
                _ => break,
            }
        }
        r
    }

    /// A parameter, its `$ref` followed.
    pub(super) fn parameter(&self, p: &'m Spanned<Schema>) -> &'m Spanned<Schema> {
        let mut p = p;
        for _ in 0..16 {
            match p
                .value
                .reference
                .as_ref()
                .map(|x| self.doc.target(&x.value))
            {
                Some(Some(Target::Parameter(next))) => p = next,
                _ => break,
            }
        }
        p
    }

    /// The JSON schema of a response: Swagger's `schema`, or OpenAPI's JSON content.
    pub(super) fn response_schema(&self, r: &'m Response) -> Option<&'m Spanned<Schema>> {
        if let Some(s) = &r.schema {
            return Some(s);
        }
        json_content(&r.content).and_then(|m| m.value.schema.as_ref())
    }

    pub(super) fn service(
        &mut self,
        id: &str,
        title: &str,
        documentation: &str,
        auth: Node,
        errors: &BTreeMap<i64, ErrorUse<'m>>,
    ) -> Node {
        self.schemas.clear();
        let mut file = ServiceFile {
            id: id.to_string(),
            title: title.to_string(),
            documentation: documentation.to_string(),
            sources: write::model_source(&self.title, &self.url).with(
                "policy",
                Node::map().with(
                    "title",
                    "A stated policy of this project where the documents are silent (spec/README.md, \"Policies\")",
                ),
            ),
            protocol: Node::map().with("name", "json").with("source", "model"),
            auth,
            policy_source: "policy",
            errors: Vec::new(),
            schemas: Node::map(),
        };
        for (status, error) in errors {
            let Some(body) = &error.body else {
                continue;
            };
            let Some(naming) = self.naming(body) else {
                continue;
            };
            self.schemas.insert(body.clone());
            let when = (!error.description.trim().is_empty())
                .then(|| when(&error.description, &error.name));
            let node = write::error(&error.name, *status, when, naming, &identifier(body));
            file.errors
                .push(node.at(error.place.or(place(&error.response.referenced))));
        }
        file.schemas = self.named_schemas(&BTreeSet::new(), true);
        file.node()
    }

    /// How an error body names the error, where its schema has members to say it.
    pub(super) fn naming(&self, body: &str) -> Option<Node> {
        let Some(Target::Schema(_, schema)) = self
            .doc
            .target(&format!("#/definitions/{body}"))
            .or_else(|| self.doc.target(&format!("#/components/schemas/{body}")))
        else {
            return None;
        };
        let members: Vec<&str> = schema.value.properties.keys().collect();
        let member = ["errorCode", "code", "error", "type"]
            .into_iter()
            .find(|m| members.contains(m))?;
        Some(Node::map().with("member", member).with_some(
            "statusMember",
            members.contains(&"status").then_some("status"),
        ))
    }

    /// The named schemas in `self.schemas` not in `skip`, and those they name in turn.
    pub(super) fn named_schemas(&mut self, skip: &BTreeSet<String>, in_service: bool) -> Node {
        let mut written = skip.clone();
        write::pending(self, &mut written, in_service)
    }
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, `...; charset`).
fn is_json(media: &str) -> bool {
    let base = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base == "application/json" || base.ends_with("+json") || base == "*/*"
}

/// The JSON entry of an OpenAPI `content` mapping.
fn json_content(content: &Entries<Spanned<MediaType>>) -> Option<&Spanned<MediaType>> {
    content
        .iter()
        .find(|(k, _)| k.value.split(';').next().unwrap_or("").trim() == "application/json")
        .or_else(|| content.iter().find(|(k, _)| is_json(&k.value)))
        .map(|(_, v)| v)
}
