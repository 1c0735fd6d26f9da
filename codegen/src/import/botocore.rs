//! botocore's `service-2.json`, read with the location of every value, and turned into spec
//! files: a `service.yaml` with the protocol, signing, policies and every error the chosen
//! operations return, and one file per operation. Members are compared and written by their
//! path from the operation, never by botocore's shape names, except where a structure is shared
//! and becomes a named schema.

use super::write::{self, OperationFile, Schema, ServiceFile, first_sentence, text};
use super::yaml::{Node, Place};
use super::{Imported, Refusal};
use crate::entries::Entries;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
pub(super) struct Model {
    pub metadata: Metadata,
    pub operations: BTreeMap<String, Spanned<Operation>>,
    pub shapes: BTreeMap<String, Spanned<Shape>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub protocol: String,
    #[serde(default)]
    pub service_full_name: Option<String>,
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub signature_version: Option<String>,
    #[serde(default)]
    pub uid: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Operation {
    pub http: Http,
    #[serde(default)]
    pub input: Option<ShapeRef>,
    #[serde(default)]
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    #[serde(default)]
    pub documentation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Http {
    pub method: String,
    pub request_uri: String,
    #[serde(default)]
    pub response_code: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ShapeRef {
    pub shape: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Shape {
    #[serde(rename = "type")]
    pub ty: String,
    /// Members in the model's order, which is the documentation's.
    #[serde(default)]
    pub members: Entries<MemberRef>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub member: Option<ShapeRef>,
    #[serde(default)]
    pub key: Option<ShapeRef>,
    #[serde(default)]
    pub value: Option<ShapeRef>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default, rename = "enum")]
    pub enumeration: Vec<String>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub error: Option<ErrorTrait>,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub documentation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ErrorTrait {
    #[serde(default)]
    pub http_status_code: Option<i64>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub sender_fault: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MemberRef {
    pub shape: String,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub timestamp_format: Option<String>,
}

struct Importer<'m> {
    model: &'m Model,
    /// The model's URL, for `documentation` and `sources`.
    url: String,
    /// Structures the current operation names, to write as its schemas.
    schemas: BTreeSet<String>,
    /// Why the current operation cannot be imported, if it cannot.
    refused: Vec<String>,
}

/// Imports `names` (every operation when empty) from a parsed botocore model.
pub(super) fn import(
    model: &Model,
    service: Option<&str>,
    url: &str,
    names: &[String],
) -> Result<Imported, super::Unsupported> {
    if model
        .metadata
        .signature_version
        .as_deref()
        .is_some_and(|v| v != "v4")
    {
        return Err(super::Unsupported(format!(
            "the model signs with `{}`; the spec format has SigV4 (`v4`) and bearer tokens",
            model
                .metadata
                .signature_version
                .as_deref()
                .unwrap_or_default()
        )));
    }
    if model.metadata.protocol != "rest-json" {
        return Err(super::Unsupported(format!(
            "the model's protocol is `{}`; the spec format has restJson1 (`rest-json`) and problem-details JSON",
            model.metadata.protocol
        )));
    }
    for name in names {
        if !model.operations.contains_key(name) {
            let known: Vec<&str> = model.operations.keys().map(String::as_str).collect();
            let hint = crate::diag::with_hint(String::new(), name, known);
            return Err(super::Unsupported(format!(
                "the model has no operation `{name}`{hint}"
            )));
        }
    }
    let chosen: Vec<&String> = model
        .operations
        .keys()
        .filter(|n| names.is_empty() || names.contains(n))
        .collect();
    let mut importer = Importer {
        model,
        url: url.to_string(),
        schemas: BTreeSet::new(),
        refused: Vec::new(),
    };
    let errors_used: BTreeSet<String> = chosen
        .iter()
        .flat_map(|n| {
            model.operations[*n]
                .value
                .errors
                .iter()
                .map(|e| e.shape.clone())
        })
        .collect();
    let service_id = service
        .map(str::to_string)
        .unwrap_or_else(|| model.metadata.endpoint_prefix.replace('-', "_"));
    let service_node = importer.service(&service_id, &errors_used);
    let shared: BTreeSet<String> = importer.schemas.union(&errors_used).cloned().collect();
    let mut operations = Vec::new();
    let mut refusals = Vec::new();
    for name in chosen {
        importer.schemas.clear();
        importer.refused.clear();
        let op = &model.operations[name];
        let node = importer
            .operation(name, &op.value, &shared)
            .at(Place::of(&op.referenced));
        if importer.refused.is_empty() {
            operations.push((name.clone(), node));
        } else {
            let mut constructs = importer.refused.clone();
            constructs.dedup();
            refusals.push(Refusal {
                operation: name.clone(),
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

impl<'m> Importer<'m> {
    fn shape(&self, name: &str) -> Option<&'m Shape> {
        self.model.shapes.get(name).map(|s| &s.value)
    }

    fn model_title(&self) -> String {
        let uid = self.model.metadata.uid.clone().unwrap_or_else(|| {
            format!(
                "{}-{}",
                self.model.metadata.endpoint_prefix, self.model.metadata.api_version
            )
        });
        format!("botocore service-2.json, {uid}")
    }

    /// The service's name, for its title and the operations'.
    fn service_name(&self) -> String {
        let meta = &self.model.metadata;
        meta.service_full_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone())
    }

    fn service(&mut self, id: &str, errors: &BTreeSet<String>) -> Node {
        self.schemas.clear();
        let model = self.model;
        let meta = &model.metadata;
        let signing = meta
            .signing_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone());
        let mut file = ServiceFile::aws(
            id,
            &self.service_name(),
            &self.url,
            &self.model_title(),
            &signing,
        );
        for name in errors {
            let Some(spanned) = model.shapes.get(name) else {
                continue;
            };
            let shape = &spanned.value;
            if !(shape.exception || shape.error.is_some()) {
                continue;
            }
            let place = Place::of(&spanned.referenced);
            let status = shape
                .error
                .as_ref()
                .and_then(|e| e.http_status_code)
                .unwrap_or(
                    if shape.error.as_ref().and_then(|e| e.sender_fault) == Some(false) {
                        500
                    } else {
                        400
                    },
                );
            let code = shape
                .error
                .as_ref()
                .and_then(|e| e.code.clone())
                .unwrap_or_else(|| name.clone());
            let when = shape
                .documentation
                .as_deref()
                .map(text)
                .filter(|t| !t.is_empty());
            let naming = write::aws_naming(&code);
            file.errors
                .push(write::error(name, status, when, naming, name).at(place));
            let body = write::cited(self.structure(shape));
            file.schemas = file.schemas.with(name, body.at(place));
        }
        // The structures the error bodies name, beside them, and those they name in turn.
        let mut written: BTreeSet<String> = errors.clone();
        file.schemas = file.schemas.merge(write::pending(self, &mut written, true));
        file.node()
    }

    fn operation(&mut self, name: &str, op: &Operation, shared: &BTreeSet<String>) -> Node {
        let doc = op.documentation.as_deref().map(text).unwrap_or_default();
        let (path, query_literal) = match op.http.request_uri.split_once('?') {
            Some((path, query)) => (path.to_string(), Some(query.to_string())),
            None => (op.http.request_uri.clone(), None),
        };
        if query_literal.is_some() {
            self.refused
                .push("a query string fixed in the request URI".to_string());
        }
        let mut request = write::Request::new();
        let mut body = write::Members::new();
        if let Some(input) = op.input.as_ref().and_then(|i| self.shape(&i.shape)) {
            if input.payload.is_some() {
                self.refused.push("an HTTP payload member".to_string());
            }
            for (key, r) in input.members.iter() {
                let member = &key.value;
                let required = input.required.contains(member);
                let wire = r.location_name.clone().unwrap_or_else(|| member.clone());
                let value = self.member(member, r).at(Place::of(&key.referenced));
                match r.location.as_deref() {
                    Some("uri") => request.label(&wire, value),
                    Some("querystring") => request.query(&wire, value, required),
                    Some("header") => request.header(&wire, value, required),
                    Some(other) => self
                        .refused
                        .push(format!("a member bound to `{other}` ({member})")),
                    None => body.add(member, value, required),
                }
            }
        }
        let request = write::aws_request(request, body);
        let mut response_headers = Node::map();
        let mut response_body = write::Members::new();
        if let Some(output) = op.output.as_ref().and_then(|o| self.shape(&o.shape)) {
            if output.payload.is_some() {
                self.refused
                    .push("an HTTP payload member in the response".to_string());
            }
            for (key, r) in output.members.iter() {
                let member = &key.value;
                let value = self.member(member, r).at(Place::of(&key.referenced));
                match r.location.as_deref() {
                    Some("header") => {
                        let wire = r.location_name.clone().unwrap_or_else(|| member.clone());
                        response_headers = response_headers.with(&wire, value);
                    }
                    Some(other) => self
                        .refused
                        .push(format!("a response member bound to `{other}` ({member})")),
                    None => response_body.add(member, value, output.required.contains(member)),
                }
            }
        }
        let status = op.http.response_code.unwrap_or(200);
        let response = write::aws_response(status, response_headers, response_body);
        let errors: Vec<Node> = op
            .errors
            .iter()
            .map(|e| Node::map().with("name", e.shape.as_str()))
            .collect();
        let mut written: BTreeSet<String> = shared.clone();
        let schemas = write::pending(self, &mut written, false);
        OperationFile {
            name,
            title: format!("{name} - {}", self.service_name()),
            summary: (!doc.is_empty()).then(|| first_sentence(&doc)),
            documentation: format!("{}#{name}", self.url),
            model_title: &self.model_title(),
            url: &self.url,
            auth: None,
            method: &op.http.method,
            path,
            request,
            response,
            errors,
            schemas,
        }
        .node()
    }

    /// A member: its shape's schema, with the member's documentation and sensitivity.
    fn member(&mut self, name: &str, r: &MemberRef) -> Node {
        let node = self.schema(&r.shape, r.timestamp_format.as_deref(), name);
        let doc = r.documentation.as_deref().map(text).unwrap_or_default();
        let node = write::documented(node, doc, r.idempotency_token);
        if self.shape(&r.shape).is_some_and(|s| s.sensitive) {
            node.with("sensitive", true)
        } else {
            node
        }
    }

    /// The schema of the shape `name` where a member uses it.
    fn schema(&mut self, name: &str, timestamp_format: Option<&str>, member: &str) -> Node {
        let Some(shape) = self.shape(name) else {
            self.refused.push(format!(
                "a member ({member}) of an undefined shape `{name}`"
            ));
            return Node::map().with("type", "string");
        };
        let bounds = (shape.min, shape.max);
        let schema = match shape.ty.as_str() {
            "string" => Schema::String {
                length: bounds,
                pattern: shape.pattern.as_deref(),
                values: shape
                    .enumeration
                    .iter()
                    .map(|v| Node::from(v.as_str()))
                    .collect(),
            },
            "integer" | "long" => Schema::Integer {
                format: if shape.ty == "long" { "int64" } else { "int32" },
                range: bounds,
                values: None,
            },
            "float" | "double" => Schema::Number {
                format: &shape.ty,
                range: bounds,
            },
            "boolean" => Schema::Boolean,
            "timestamp" => Schema::Timestamp(
                match timestamp_format.or(shape.timestamp_format.as_deref()) {
                    Some("iso8601") => Some("date-time"),
                    Some("rfc822") => Some("http-date"),
                    Some("unixTimestamp") => Some("epoch-seconds"),
                    _ => None,
                },
            ),
            "blob" => {
                if shape.streaming {
                    self.refused.push(format!("a streaming blob ({member})"));
                }
                Schema::Blob(bounds)
            }
            "list" => Schema::List {
                items: match &shape.member {
                    Some(item) => self.schema(&item.shape, None, member),
                    None => Node::map().with("type", "string"),
                },
                length: bounds,
                unique: false,
            },
            "map" => {
                let keys = match &shape.key {
                    Some(k) => self.schema(&k.shape, None, member),
                    None => Node::map().with("type", "string"),
                };
                let values = match &shape.value {
                    Some(v) => self.schema(&v.shape, None, member),
                    None => Node::map().with("type", "string"),
                };
                Schema::Map {
                    keys: Some(keys),
                    values,
                    length: bounds,
                }
            }
            "structure" => {
                self.schemas.insert(name.to_string());
                return Node::map().with("$ref", name);
            }
            other => {
                self.refused
                    .push(format!("a member ({member}) of botocore type `{other}`"));
                return Node::map().with("type", "string");
            }
        };
        schema.node(member, &mut self.refused)
    }

    /// A named structure or union.
    fn structure(&mut self, shape: &Shape) -> Node {
        let mut properties = Node::map();
        for (key, r) in shape.members.iter() {
            let member = &key.value;
            if r.location.is_some() {
                continue;
            }
            let value = self.member(member, r).at(Place::of(&key.referenced));
            properties = properties.with(member, value);
        }
        let required: Vec<Node> = shape
            .required
            .iter()
            .filter(|r| shape.members.get(r).is_some_and(|m| m.location.is_none()))
            .map(|r| Node::from(r.as_str()))
            .collect();
        let description = shape
            .documentation
            .as_deref()
            .map(text)
            .filter(|t| !t.is_empty());
        write::structure(shape.union, description, required, properties)
    }
}

impl write::Named for Importer<'_> {
    fn named(&self) -> &BTreeSet<String> {
        &self.schemas
    }

    fn write_named(&mut self, name: &str) -> Option<(String, Node)> {
        let spanned = self.model.shapes.get(name)?;
        let node = self.structure(&spanned.value);
        Some((name.to_string(), node.at(Place::of(&spanned.referenced))))
    }
}
