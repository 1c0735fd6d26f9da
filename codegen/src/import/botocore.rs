//! botocore's `service-2.json`, read with the location of every value, and turned into spec
//! files: a `service.yaml` with the protocol, signing, policies and every error the chosen
//! operations return, and one file per operation. Members are compared and written by their
//! path from the operation, never by botocore's shape names, except where a structure is shared
//! and becomes a named schema.

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

/// The words of a botocore documentation string: tags dropped, white space collapsed.
pub(crate) fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .join(" ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The first sentence of a documentation string.
pub(super) fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.to_string(),
    }
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
) -> Result<Imported, String> {
    if model
        .metadata
        .signature_version
        .as_deref()
        .is_some_and(|v| v != "v4")
    {
        return Err(format!(
            "the model signs with `{}`; the spec format has SigV4 (`v4`) and bearer tokens",
            model
                .metadata
                .signature_version
                .as_deref()
                .unwrap_or_default()
        ));
    }
    if model.metadata.protocol != "rest-json" {
        return Err(format!(
            "the model's protocol is `{}`; the spec format has restJson1 (`rest-json`) and problem-details JSON",
            model.metadata.protocol
        ));
    }
    for name in names {
        if !model.operations.contains_key(name) {
            let known: Vec<&str> = model.operations.keys().map(String::as_str).collect();
            let hint = crate::diag::with_hint(String::new(), name, known);
            return Err(format!("the model has no operation `{name}`{hint}"));
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

    fn service(&mut self, id: &str, errors: &BTreeSet<String>) -> Node {
        self.schemas.clear();
        let meta = &self.model.metadata;
        let signing = meta
            .signing_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone());
        let sources = Node::map()
            .with(
                "model",
                Node::map()
                    .with("title", self.model_title())
                    .with("url", self.url.clone()),
            )
            .with(
                "restJson1",
                Node::map()
                    .with("title", "Smithy restJson1 protocol specification")
                    .with(
                        "url",
                        "https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html",
                    ),
            );
        let policy = |value: &str| Node::map().with("value", value).with("source", "restJson1");
        let mut error_list = Vec::new();
        let mut schemas = Node::map();
        for name in errors {
            let Some(spanned) = self.model.shapes.get(name) else {
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
            let mut error = Node::map()
                .with("name", name.as_str())
                .with("status", status);
            if let Some(doc) = shape
                .documentation
                .as_deref()
                .map(text)
                .filter(|t| !t.is_empty())
            {
                error = error.with("when", doc);
            }
            error = error
                .with(
                    "naming",
                    Node::map()
                        .with("header", "X-Amzn-ErrorType")
                        .with("value", code),
                )
                .with("body", Node::map().with("$ref", name.as_str()))
                .with("source", "model");
            error_list.push(error.at(place));
            let mut body = self.structure(shape);
            if let Node::Map(entries) = &mut body {
                entries.insert(1, ("source".into(), "model".into()));
            }
            schemas = schemas.with(name, body.at(place));
        }
        // The structures the error bodies name, beside them, and those they name in turn.
        let mut written: BTreeSet<String> = errors.clone();
        loop {
            let pending: Vec<String> = self
                .schemas
                .iter()
                .filter(|s| !written.contains(*s))
                .cloned()
                .collect();
            if pending.is_empty() {
                break;
            }
            for name in pending {
                written.insert(name.clone());
                if let Some(spanned) = self.model.shapes.get(&name) {
                    let mut body = self.structure(&spanned.value);
                    if let Node::Map(entries) = &mut body {
                        entries.insert(1, ("source".into(), "model".into()));
                    }
                    schemas = schemas.with(&name, body.at(Place::of(&spanned.referenced)));
                }
            }
        }
        Node::map()
            .with("service", id)
            .with(
                "title",
                meta.service_full_name
                    .clone()
                    .unwrap_or_else(|| meta.endpoint_prefix.clone()),
            )
            .with("documentation", self.url.clone())
            .with("sources", sources)
            .with(
                "protocol",
                Node::map()
                    .with("name", "restJson1")
                    .with("source", "model"),
            )
            .with(
                "auth",
                Node::map()
                    .with("scheme", "aws-sigv4")
                    .with("signingName", signing)
                    .with("source", "model"),
            )
            .with(
                "policies",
                Node::map()
                    .with("unknownMembers", policy("ignore"))
                    .with("nullMembers", policy("absent")),
            )
            .with("errors", Node::List(error_list))
            .with_some("schemas", (!schemas.is_empty()).then_some(schemas))
    }

    fn operation(&mut self, name: &str, op: &Operation, shared: &BTreeSet<String>) -> Node {
        let meta = &self.model.metadata;
        let service_name = meta
            .service_full_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone());
        let doc = op.documentation.as_deref().map(text).unwrap_or_default();
        let (path, query_literal) = match op.http.request_uri.split_once('?') {
            Some((path, query)) => (path.to_string(), Some(query.to_string())),
            None => (op.http.request_uri.clone(), None),
        };
        if query_literal.is_some() {
            self.refused
                .push("a query string fixed in the request URI".to_string());
        }
        let mut request = Node::map();
        let mut labels = Node::map();
        let mut query = Node::map();
        let mut headers = Node::map();
        let mut body_members = Node::map();
        let mut body_required = Vec::new();
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
                    Some("uri") => labels = labels.with(&wire, value),
                    Some("querystring") => {
                        query = query.with(&wire, prepend(value, "required", required))
                    }
                    Some("header") => {
                        headers = headers.with(&wire, prepend(value, "required", required))
                    }
                    Some(other) => self
                        .refused
                        .push(format!("a member bound to `{other}` ({member})")),
                    None => {
                        if required {
                            body_required.push(Node::from(member.as_str()));
                        }
                        body_members = body_members.with(member, value);
                    }
                }
            }
        }
        let has_body = !body_members.is_empty();
        if has_body {
            headers = Node::map()
                .with(
                    "Content-Type",
                    Node::map()
                        .with("required", true)
                        .with("mediaType", "application/json")
                        .with("source", "restJson1"),
                )
                .merge(headers);
        }
        request = request
            .with_some("path", (!labels.is_empty()).then_some(labels))
            .with_some("query", (!query.is_empty()).then_some(query))
            .with_some("headers", (!headers.is_empty()).then_some(headers));
        if has_body {
            let body = Node::map()
                .with("type", "object")
                .with_some(
                    "required",
                    (!body_required.is_empty()).then_some(Node::List(body_required)),
                )
                .with("properties", body_members);
            request = request.with("body", body);
        }
        let mut response = Node::map().with("status", op.http.response_code.unwrap_or(200));
        let mut response_headers = Node::map();
        let mut response_members = Node::map();
        let mut response_required = Vec::new();
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
                    None => {
                        if output.required.contains(member) {
                            response_required.push(Node::from(member.as_str()));
                        }
                        response_members = response_members.with(member, value);
                    }
                }
            }
        }
        let status = op.http.response_code.unwrap_or(200);
        if !response_headers.is_empty() {
            response = response.with("headers", response_headers);
        }
        if status != 204 {
            let body = Node::map()
                .with("type", "object")
                .with_some(
                    "required",
                    (!response_required.is_empty()).then_some(Node::List(response_required)),
                )
                .with("properties", response_members);
            response = response.with("body", body);
        }
        let errors: Vec<Node> = op
            .errors
            .iter()
            .map(|e| Node::map().with("name", e.shape.as_str()))
            .collect();
        let mut schemas = Node::map();
        let mut written: BTreeSet<String> = shared.clone();
        loop {
            let pending: Vec<String> = self
                .schemas
                .iter()
                .filter(|s| !written.contains(*s))
                .cloned()
                .collect();
            if pending.is_empty() {
                break;
            }
            for name in pending {
                written.insert(name.clone());
                if let Some(spanned) = self.model.shapes.get(&name) {
                    let node = self.structure(&spanned.value);
                    schemas = schemas.with(&name, node.at(Place::of(&spanned.referenced)));
                }
            }
        }
        let url = format!("{}#{name}", self.url);
        Node::map()
            .with("operation", name)
            .with("title", format!("{name} - {service_name}"))
            .with_some("summary", (!doc.is_empty()).then(|| first_sentence(&doc)))
            .with("documentation", url.clone())
            .with(
                "sources",
                Node::map().with(
                    "page",
                    Node::map()
                        .with("title", format!("{}, operation {name}", self.model_title()))
                        .with("url", url),
                ),
            )
            .with(
                "http",
                Node::map()
                    .with("method", op.http.method.as_str())
                    .with("path", path),
            )
            .with("request", request)
            .with("response", response)
            .with_some("errors", (!errors.is_empty()).then_some(Node::List(errors)))
            .with_some("schemas", (!schemas.is_empty()).then_some(schemas))
    }

    /// A member: its shape's schema, with the member's documentation and sensitivity.
    fn member(&mut self, name: &str, r: &MemberRef) -> Node {
        let mut node = self.schema(&r.shape, r.timestamp_format.as_deref(), name);
        let mut doc = r.documentation.as_deref().map(text).unwrap_or_default();
        if r.idempotency_token {
            // The SDKs fill it in when a caller leaves it out; the format has no word for that.
            doc = format!("{doc} (An idempotency token: SDKs fill it in when it is left out.)")
                .trim()
                .to_string();
        }
        if !doc.is_empty() {
            node = Node::map().with("description", doc).merge(node);
        }
        if self.shape(&r.shape).is_some_and(|s| s.sensitive) {
            node = node.with("sensitive", true);
        }
        node
    }

    /// The schema of the shape `name` where a member uses it.
    fn schema(&mut self, name: &str, timestamp_format: Option<&str>, member: &str) -> Node {
        let Some(shape) = self.shape(name) else {
            self.refused.push(format!(
                "a member ({member}) of an undefined shape `{name}`"
            ));
            return Node::map().with("type", "string");
        };
        let bounds = |node: Node, min: &str, max: &str| {
            node.with_some(min, shape.min.map(|v| v as i64))
                .with_some(max, shape.max.map(|v| v as i64))
        };
        match shape.ty.as_str() {
            "string" => {
                let mut node = bounds(Node::map().with("type", "string"), "minLength", "maxLength");
                if let Some(p) = &shape.pattern {
                    if let Err(why) = crate::pattern::translate(p) {
                        self.refused
                            .push(format!("a pattern the format cannot run ({member}: {why})"));
                    }
                    node = node.with("pattern", p.as_str());
                }
                if !shape.enumeration.is_empty() {
                    node = node.with(
                        "enum",
                        Node::List(
                            shape
                                .enumeration
                                .iter()
                                .map(|v| Node::from(v.as_str()))
                                .collect(),
                        ),
                    );
                }
                node
            }
            "integer" | "long" => {
                let format = if shape.ty == "long" { "int64" } else { "int32" };
                bounds(
                    Node::map().with("type", "integer").with("format", format),
                    "minimum",
                    "maximum",
                )
            }
            "float" | "double" => {
                let mut node = Node::map()
                    .with("type", "number")
                    .with("format", shape.ty.as_str());
                if let Some(min) = shape.min {
                    node = node.with("minimum", Node::Float(min));
                }
                if let Some(max) = shape.max {
                    node = node.with("maximum", Node::Float(max));
                }
                node
            }
            "boolean" => Node::map().with("type", "boolean"),
            "timestamp" => {
                let format = timestamp_format.or(shape.timestamp_format.as_deref());
                let node = Node::map().with("type", "timestamp");
                match format {
                    Some("iso8601") => node.with("format", "date-time"),
                    Some("rfc822") => node.with("format", "http-date"),
                    Some("unixTimestamp") => node.with("format", "epoch-seconds"),
                    _ => node,
                }
            }
            "blob" => {
                if shape.streaming {
                    self.refused.push(format!("a streaming blob ({member})"));
                }
                bounds(Node::map().with("type", "blob"), "minLength", "maxLength")
            }
            "list" => {
                let items = match &shape.member {
                    Some(item) => self.schema(&item.shape, None, member),
                    None => Node::map().with("type", "string"),
                };
                bounds(
                    Node::map().with("type", "array").with("items", items),
                    "minItems",
                    "maxItems",
                )
            }
            "map" => {
                let keys = match &shape.key {
                    Some(k) => self.schema(&k.shape, None, member),
                    None => Node::map().with("type", "string"),
                };
                let values = match &shape.value {
                    Some(v) => self.schema(&v.shape, None, member),
                    None => Node::map().with("type", "string"),
                };
                bounds(
                    Node::map()
                        .with("type", "object")
                        .with("additionalProperties", values)
                        .with("propertyNames", keys),
                    "minProperties",
                    "maxProperties",
                )
            }
            "structure" => {
                self.schemas.insert(name.to_string());
                Node::map().with("$ref", name)
            }
            other => {
                self.refused
                    .push(format!("a member ({member}) of botocore type `{other}`"));
                Node::map().with("type", "string")
            }
        }
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
        let ty = if shape.union { "union" } else { "object" };
        Node::map()
            .with("type", ty)
            .with_some(
                "description",
                shape
                    .documentation
                    .as_deref()
                    .map(text)
                    .filter(|t| !t.is_empty()),
            )
            .with_some(
                "required",
                (!required.is_empty() && !shape.union).then_some(Node::List(required)),
            )
            .with("properties", properties)
    }
}

/// `node` with `key: value` first, where `value` is true.
fn prepend(node: Node, key: &str, value: bool) -> Node {
    if value {
        Node::map().with(key, true).merge(node)
    } else {
        node
    }
}
