//! Swagger 2.0 and OpenAPI 3.0/3.1 documents, read with the location of every value, and turned
//! into spec files: a `service.yaml` with the problem-details protocol, bearer auth, policies and
//! one error per non-success status the chosen operations answer with, and one file per
//! operation. Local `$ref`s are resolved; a named object schema stays a named `schemas:` entry,
//! so a schema that holds itself never loops.

use super::write::{self, OperationFile, ServiceFile};
use super::yaml::{Node, Place};
use super::{Imported, Refusal};
use crate::entries::Entries;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Document {
    #[serde(default)]
    pub swagger: Option<String>,
    #[serde(default)]
    pub openapi: Option<String>,
    #[serde(default)]
    pub info: Info,
    #[serde(default)]
    pub external_docs: Option<ExternalDocs>,
    #[serde(default)]
    pub base_path: Option<String>,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub consumes: Vec<String>,
    #[serde(default)]
    pub produces: Vec<String>,
    #[serde(default)]
    pub paths: Entries<Spanned<PathItem>>,
    #[serde(default)]
    pub definitions: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub parameters: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub security_definitions: Entries<Spanned<SecurityScheme>>,
    #[serde(default)]
    pub security: Vec<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Info {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct ExternalDocs {
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Server {
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Components {
    #[serde(default)]
    pub schemas: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub parameters: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub request_bodies: Entries<Spanned<RequestBody>>,
    #[serde(default)]
    pub headers: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub security_schemes: Entries<Spanned<SecurityScheme>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub get: Option<Spanned<Operation>>,
    #[serde(default)]
    pub put: Option<Spanned<Operation>>,
    #[serde(default)]
    pub post: Option<Spanned<Operation>>,
    #[serde(default)]
    pub delete: Option<Spanned<Operation>>,
    #[serde(default)]
    pub options: Option<Spanned<Operation>>,
    #[serde(default)]
    pub head: Option<Spanned<Operation>>,
    #[serde(default)]
    pub patch: Option<Spanned<Operation>>,
    #[serde(default)]
    pub trace: Option<Spanned<Operation>>,
}

impl PathItem {
    /// The operations of this path, by method, in a fixed order.
    fn operations(&self) -> Vec<(&'static str, &Spanned<Operation>)> {
        [
            ("GET", &self.get),
            ("PUT", &self.put),
            ("POST", &self.post),
            ("DELETE", &self.delete),
            ("OPTIONS", &self.options),
            ("HEAD", &self.head),
            ("PATCH", &self.patch),
            ("TRACE", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
        .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Operation {
    #[serde(default)]
    pub operation_id: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub consumes: Option<Vec<String>>,
    #[serde(default)]
    pub produces: Option<Vec<String>>,
    #[serde(default)]
    pub parameters: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub request_body: Option<Spanned<RequestBody>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub security: Option<Spanned<Vec<Requirement>>>,
}

/// A security requirement: each scheme it names, with its scopes.
pub(super) type Requirement = BTreeMap<String, Vec<String>>;

#[derive(Debug, Default, Deserialize)]
pub(super) struct RequestBody {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: Entries<Spanned<MediaType>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct MediaType {
    #[serde(default)]
    pub schema: Option<Spanned<Schema>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Response {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    /// Swagger 2.0's response body.
    #[serde(default)]
    pub schema: Option<Spanned<Schema>>,
    /// OpenAPI 3's response bodies, by media type.
    #[serde(default)]
    pub content: Entries<Spanned<MediaType>>,
    #[serde(default)]
    pub headers: Entries<Spanned<Schema>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SecurityScheme {
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub scheme: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Swagger 2.0's OAuth2 token endpoint.
    #[serde(default)]
    pub token_url: Option<String>,
    /// OpenAPI 3's OAuth2 flows, each with its token endpoint.
    #[serde(default)]
    pub flows: BTreeMap<String, Flow>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Flow {
    #[serde(default)]
    pub token_url: Option<String>,
}

/// A schema, a parameter or a header: Swagger 2.0 writes the schema of a parameter that is not
/// the body, and of a header, inline beside `name` and `in`, so one structure reads all three.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Schema {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    pub ty: Option<Types>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub min_length: Option<f64>,
    #[serde(default)]
    pub max_length: Option<f64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(default)]
    pub exclusive_minimum: Option<Exclusive>,
    #[serde(default)]
    pub exclusive_maximum: Option<Exclusive>,
    #[serde(default)]
    pub multiple_of: Option<f64>,
    /// Read as the words written, so that `on` stays a word where YAML 1.1 would read a flag.
    #[serde(default, rename = "enum")]
    pub enumeration: Option<Vec<String>>,
    #[serde(default, rename = "const")]
    pub constant: Option<Value>,
    #[serde(default)]
    pub items: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub min_items: Option<f64>,
    #[serde(default)]
    pub max_items: Option<f64>,
    #[serde(default)]
    pub unique_items: bool,
    #[serde(default)]
    pub properties: Entries<Spanned<Schema>>,
    /// A schema's required members, or whether a parameter is required.
    #[serde(default)]
    pub required: Option<Required>,
    #[serde(default)]
    pub additional_properties: Option<Spanned<Additional>>,
    #[serde(default)]
    pub min_properties: Option<f64>,
    #[serde(default)]
    pub max_properties: Option<f64>,
    #[serde(default)]
    pub all_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub one_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub any_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub not: Option<Value>,
    #[serde(default)]
    pub discriminator: Option<Value>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub write_only: bool,
    // Parameter fields.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub schema: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub collection_format: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub explode: Option<bool>,
    #[serde(default)]
    pub content: Option<Value>,
}

/// `type`: one name, or in OpenAPI 3.1 a list of them (`[string, "null"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Types {
    One(String),
    Many(Vec<String>),
}

/// `exclusiveMinimum`: a flag on `minimum` (Swagger 2.0, OpenAPI 3.0) or the bound (3.1).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub(super) enum Exclusive {
    Flag(bool),
    Bound(f64),
}

/// `required`: a schema's member names, or a parameter's flag.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Required {
    Flag(bool),
    Names(Vec<String>),
}

/// `additionalProperties`: a flag, or the schema of every value.
#[derive(Debug)]
pub(super) enum Additional {
    Allowed(bool),
    Values(Box<Schema>),
}

impl<'de> Deserialize<'de> for Additional {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AdditionalVisitor;

        impl<'de> Visitor<'de> for AdditionalVisitor {
            type Value = Additional;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or a schema")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Additional, E> {
                Ok(Additional::Allowed(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Additional, A::Error> {
                Schema::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|s| Additional::Values(Box::new(s)))
            }
        }

        deserializer.deserialize_any(AdditionalVisitor)
    }
}

impl Schema {
    fn names_required(&self) -> Vec<String> {
        match &self.required {
            Some(Required::Names(names)) => names.clone(),
            _ => Vec::new(),
        }
    }

    fn flag_required(&self) -> bool {
        matches!(self.required, Some(Required::Flag(true)))
    }

    /// The types it states, `null` left out, and whether `null` was among them.
    fn types(&self) -> (Vec<String>, bool) {
        let all = match &self.ty {
            None => Vec::new(),
            Some(Types::One(t)) => vec![t.clone()],
            Some(Types::Many(ts)) => ts.clone(),
        };
        let null = all.iter().any(|t| t == "null");
        (all.into_iter().filter(|t| t != "null").collect(), null)
    }

    /// Whether it describes a structure: an object that is not a map.
    fn is_structure(&self) -> bool {
        let (types, _) = self.types();
        let object = types.iter().any(|t| t == "object")
            || (types.is_empty() && (!self.properties.0.is_empty() || !self.all_of.is_empty()));
        let map = matches!(
            self.additional_properties.as_ref().map(|a| &a.value),
            Some(Additional::Values(_))
        ) && self.properties.0.is_empty();
        object && !map
    }
}

/// A `$ref` that names nothing in the document.
#[derive(Debug)]
pub(super) struct Dangling {
    pub line: u64,
    pub column: u64,
    pub reason: String,
}

/// What a `$ref` names.
#[derive(Clone, Copy)]
enum Target<'m> {
    Schema(&'m str, &'m Spanned<Schema>),
    Parameter(&'m Spanned<Schema>),
    Response(&'m Spanned<Response>),
    RequestBody(&'m Spanned<RequestBody>),
}

/// The words of a JSON pointer segment.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

impl Document {
    fn is_swagger(&self) -> bool {
        self.swagger.is_some()
    }

    fn target(&self, reference: &str) -> Option<Target<'_>> {
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
    pub(super) fn check_refs(&self) -> Result<(), Dangling> {
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
enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
}

fn schema_refs<'m>(s: &'m Schema, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
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

fn parameter_refs<'m>(p: &'m Schema, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
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

fn response_refs<'m>(r: &'m Response, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
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

fn body_refs<'m>(b: &'m RequestBody, out: &mut Vec<(&'m Spanned<String>, Kind)>) {
    if let Some(reference) = &b.reference {
        out.push((reference, Kind::RequestBody));
    }
    for (_, m) in b.content.iter() {
        if let Some(s) = &m.value.schema {
            schema_refs(&s.value, out);
        }
    }
}

/// `name` as a spec identifier: letters, digits and `_`, starting with a letter.
pub(super) fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_').to_string();
    if out.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("X{out}")
    }
}

/// An operation name made from its method and path, where the model gives no `operationId`.
fn name_from_path(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name
}

/// The name the spec gives an error of `status`.
fn status_name(status: i64) -> String {
    let name = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    name.to_string()
}

/// A response's description without a leading reason phrase (`Bad Request. The body ...`).
fn when(description: &str, name: &str) -> String {
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((head, rest)) = text.split_once(". ") {
        let squeezed: String = head.chars().filter(|c| c.is_alphanumeric()).collect();
        if squeezed.eq_ignore_ascii_case(name) {
            return rest.to_string();
        }
    }
    text.trim_end_matches('.').to_string() + "."
}

/// The first sentence of a text.
fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

/// A JSON value as a spec scalar, or `None` for a list, a mapping or `null`.
fn scalar(value: &Value) -> Option<Node> {
    match value {
        Value::String(s) => Some(Node::Str(s.clone())),
        Value::Bool(b) => Some(Node::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(Node::Int(i)),
            None => n.as_f64().map(Node::Float),
        },
        _ => None,
    }
}

/// The text of a scalar JSON value, for a string enum.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn place(location: &Location) -> Option<Place> {
    Place::of(location)
}

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
) -> Result<Imported, String> {
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
            return Err(format!("the document has no operation `{name}`{hint}"));
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
    fn response(&self, r: &'m Spanned<Response>) -> &'m Spanned<Response> {
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
    fn parameter(&self, p: &'m Spanned<Schema>) -> &'m Spanned<Schema> {
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
    fn response_schema(&self, r: &'m Response) -> Option<&'m Spanned<Schema>> {
        if let Some(s) = &r.schema {
            return Some(s);
        }
        json_content(&r.content).and_then(|m| m.value.schema.as_ref())
    }

    /// The path of an operation that issues tokens by the OAuth2 password grant, for a scheme
    /// that names no token URL: a POST that needs no security and takes `grant_type`,
    /// `username` and `password` as form fields.
    fn password_grant_path(&self) -> Option<String> {
        const FIELDS: [&str; 3] = ["grant_type", "username", "password"];
        self.doc.paths.iter().find_map(|(path, item)| {
            let op = &item.value.post.as_ref()?.value;
            if !op.security.as_ref().is_some_and(|s| s.value.is_empty()) {
                return None;
            }
            let form_fields: Vec<&str> = op
                .parameters
                .iter()
                .map(|p| &self.parameter(p).value)
                .filter(|p| p.location.as_deref() == Some("formData"))
                .filter_map(|p| p.name.as_deref())
                .chain(
                    op.request_body
                        .iter()
                        .flat_map(|b| b.value.content.iter())
                        .filter(|(media, _)| media.value == "application/x-www-form-urlencoded")
                        .filter_map(|(_, m)| m.value.schema.as_ref())
                        .flat_map(|schema| schema.value.properties.keys()),
                )
                .collect();
            FIELDS
                .iter()
                .all(|f| form_fields.contains(f))
                .then(|| path.value.clone())
        })
    }

    /// The auth the document's security scheme states.
    fn auth(&self) -> Result<Node, String> {
        let schemes = if self.doc.is_swagger() {
            &self.doc.security_definitions
        } else {
            &self.doc.components.security_schemes
        };
        let used: Vec<&String> = self.doc.security.iter().flat_map(|s| s.keys()).collect();
        let chosen = schemes
            .iter()
            .find(|(k, _)| used.contains(&&k.value))
            .or_else(|| schemes.iter().next());
        let Some((_, scheme)) = chosen else {
            return Err("the document states no security scheme; the spec format has SigV4 and bearer tokens".to_string());
        };
        let s = &scheme.value;
        let token_url = s
            .token_url
            .clone()
            .or_else(|| s.flows.values().find_map(|f| f.token_url.clone()));
        let (header, token_url) = match s.ty.as_str() {
            "oauth2" => ("Authorization".to_string(), token_url),
            "http"
                if s.scheme
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("bearer")) =>
            {
                ("Authorization".to_string(), None)
            }
            "apiKey"
                if s.location.as_deref() == Some("header")
                    && s.description.as_deref().is_some_and(|d| {
                        d.trim_start().to_ascii_lowercase().starts_with("bearer")
                    }) =>
            {
                (
                    s.name.clone().unwrap_or_else(|| "Authorization".into()),
                    None,
                )
            }
            other => {
                return Err(format!(
                    "the document's security scheme is `{other}`{}; the spec format has SigV4 and bearer tokens",
                    s.scheme
                        .as_deref()
                        .map(|v| format!(" ({v})"))
                        .unwrap_or_default()
                ));
            }
        };
        let token_url = token_url.or_else(|| self.password_grant_path());
        let token_path = token_url.map(|u| match u.find("://") {
            Some(i) => u[i + 3..]
                .find('/')
                .map_or("/".to_string(), |j| u[i + 3 + j..].to_string()),
            None => u,
        });
        Ok(Node::map()
            .with("scheme", "bearer")
            .with("header", header)
            .with_some("tokenPath", token_path)
            .with("source", "model")
            .at(place(&scheme.referenced)))
    }

    fn service(
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
    fn naming(&self, body: &str) -> Option<Node> {
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
    fn named_schemas(&mut self, skip: &BTreeSet<String>, in_service: bool) -> Node {
        let mut written = skip.clone();
        write::pending(self, &mut written, in_service)
    }

    fn operation(
        &mut self,
        o: &Op<'m>,
        errors: &BTreeMap<i64, ErrorUse<'m>>,
        shared: &BTreeSet<String>,
    ) -> Node {
        let op = &o.op.value;
        let name = &o.name;
        if !["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"].contains(&o.method) {
            self.refused.push(format!("the HTTP method {}", o.method));
        }
        // `security: []`: the operation needs no credentials where the service's others do.
        let auth = op
            .security
            .as_ref()
            .filter(|s| s.value.is_empty())
            .map(|s| {
                Node::map()
                    .with("scheme", "none")
                    .with("source", "model")
                    .at(place(&s.referenced))
            });
        let path = format!("{}{}", self.base_path(), o.path);
        // Path-level parameters, then the operation's, which override them by name and place.
        let mut params: Vec<&'m Spanned<Schema>> = Vec::new();
        for p in o.item.parameters.iter().chain(&op.parameters) {
            let p = self.parameter(p);
            params.retain(|q| {
                !(q.value.name == p.value.name && q.value.location == p.value.location)
            });
            params.push(p);
        }
        let mut labels = Node::map();
        let mut query = Node::map();
        let mut headers = Node::map();
        let mut body: Option<Node> = None;
        for p in params {
            let v = &p.value;
            let wire = v.name.clone().unwrap_or_default();
            let what = format!("{} parameter {wire}", v.location.as_deref().unwrap_or("a"));
            match v.location.as_deref() {
                Some("path") => {
                    let node = self.parameter_node(p, &what, false);
                    labels = labels.with(&wire, node);
                }
                Some("query") => {
                    let node = self.parameter_node(p, &what, true);
                    query = query.with(&wire, node);
                }
                Some("header") => {
                    let node = self.parameter_node(p, &what, true);
                    headers = headers.with(&wire, node);
                }
                Some("body") => {
                    if let Some(schema) = &v.schema {
                        body = Some(self.body(schema, v.description.as_deref()));
                    }
                }
                Some(other) => self
                    .refused
                    .push(format!("a parameter in `{other}` ({wire})")),
                None => self
                    .refused
                    .push(format!("a parameter with no `in` ({wire})")),
            }
        }
        for label in path.split('{').skip(1).filter_map(|s| s.split_once('}')) {
            let label = label.0.trim_end_matches('+');
            if labels.get(label).is_none() {
                self.refused
                    .push(format!("a path label with no parameter ({{{label}}})"));
            }
        }
        if let Some(request_body) = &op.request_body {
            let mut rb = request_body;
            for _ in 0..16 {
                match rb
                    .value
                    .reference
                    .as_ref()
                    .map(|x| self.doc.target(&x.value))
                {
                    Some(Some(Target::RequestBody(next))) => rb = next,
                    _ => break,
                }
            }
            match json_content(&rb.value.content) {
                Some(media) => match &media.value.schema {
                    Some(schema) => body = Some(self.body(schema, rb.value.description.as_deref())),
                    None => self
                        .refused
                        .push("a JSON request body with no schema".to_string()),
                },
                None => {
                    let types: Vec<&str> = rb.value.content.keys().collect();
                    self.refused
                        .push(format!("a request body of media type {}", types.join(", ")));
                }
            }
        } else if body.is_some() && self.doc.is_swagger() {
            let consumes = op.consumes.as_ref().unwrap_or(&self.doc.consumes);
            if !consumes.is_empty() && !consumes.iter().any(|c| is_json(c)) {
                self.refused.push(format!(
                    "a request body of media type {}",
                    consumes.join(", ")
                ));
            }
        }
        let request = write::Request {
            labels,
            query,
            headers,
        }
        .node(body, "model");
        let response = self.success(o);
        let mut error_names = Vec::new();
        for (status, r) in op.responses.iter() {
            let code = match status.value.parse::<i64>() {
                Ok(code) => code,
                Err(_) if status.value == "default" => {
                    self.refused.push("a `default` response".to_string());
                    continue;
                }
                Err(_) => {
                    self.refused.push(format!(
                        "a response for a range of statuses ({})",
                        status.value
                    ));
                    continue;
                }
            };
            if code < 300 {
                continue;
            }
            if code < 400 {
                self.refused.push(format!("a {code} redirect response"));
                continue;
            }
            let Some(error) = errors.get(&code) else {
                continue;
            };
            let r = self.response(r);
            let schema = self.response_schema(&r.value);
            let named = schema
                .and_then(|s| s.value.reference.as_ref())
                .and_then(|x| match self.doc.target(&x.value) {
                    Some(Target::Schema(n, s)) if s.value.is_structure() => Some(n.to_string()),
                    _ => None,
                });
            match (&named, &error.body) {
                (None, _) if schema.is_none() => self
                    .refused
                    .push(format!("a {code} response with no body to name the error")),
                (None, _) => self.refused.push(format!(
                    "a {code} response whose body is not a named object schema"
                )),
                (Some(n), Some(first)) if n != first => self.refused.push(format!(
                    "a {code} response with the body {n} where other operations answer {code} with {first}"
                )),
                (Some(n), _) if self.naming(n).is_none() => self.refused.push(format!(
                    "a {code} response whose body {n} has no member naming the error (errorCode, code, error or type)"
                )),
                _ => {}
            }
            let mut entry = Node::map().with("name", error.name.as_str());
            let description = r.value.description.clone().unwrap_or_default();
            if !description.trim().is_empty() && description != error.description {
                entry = entry.with("when", when(&description, &error.name));
            }
            error_names.push(entry.at(place(&status.referenced)));
        }
        let schemas = self.named_schemas(shared, false);
        let summary = op
            .summary
            .clone()
            .or_else(|| op.description.clone())
            .filter(|s| !s.trim().is_empty())
            .map(|s| first_sentence(&s));
        let title = op
            .summary
            .clone()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| name.clone());
        OperationFile {
            name,
            title,
            summary,
            documentation: format!("{}#{name}", self.documentation),
            model_title: &self.title,
            url: &self.url,
            auth,
            method: o.method,
            path,
            request,
            response,
            errors: error_names,
            schemas,
        }
        .node()
    }

    /// The path every operation's path is under: Swagger's `basePath`, or the path of
    /// OpenAPI's one server.
    fn base_path(&self) -> String {
        let base = match (&self.doc.base_path, self.doc.servers.as_slice()) {
            (Some(base), _) => base.clone(),
            (None, [server]) => {
                let url = &server.url;
                let rest = match url.find("://") {
                    Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
                    None => url.as_str(),
                };
                rest.to_string()
            }
            _ => String::new(),
        };
        base.trim_end_matches('/').to_string()
    }

    /// The success response: the lowest 2xx status, and its body.
    fn success(&mut self, o: &Op<'m>) -> Node {
        let op = &o.op.value;
        let success = op
            .responses
            .iter()
            .filter_map(|(k, r)| k.value.parse::<i64>().ok().map(|c| (c, k, r)))
            .filter(|(c, _, _)| (200..300).contains(c))
            .min_by_key(|(c, _, _)| *c);
        let Some((status, key, r)) = success else {
            self.refused.push("no 2xx response".to_string());
            return Node::map().with("status", 200);
        };
        if ![200, 201, 202, 204].contains(&status) {
            self.refused.push(format!("a {status} success response"));
        }
        let r = self.response(r);
        let mut node = Node::map().with("status", status);
        let mut headers = Node::map();
        for (name, h) in r.value.headers.iter() {
            let h = self.parameter(h);
            let what = format!("response header {}", name.value);
            let value = self.parameter_node(h, &what, false);
            headers = headers.with(&name.value, value.at(place(&name.referenced)));
        }
        if !headers.is_empty() {
            node = node.with("headers", headers);
        }
        if self.doc.is_swagger() && r.value.schema.is_some() {
            let produces = op.produces.as_ref().unwrap_or(&self.doc.produces);
            if !produces.is_empty() && !produces.iter().any(|c| is_json(c)) {
                self.refused
                    .push(format!("a response of media type {}", produces.join(", ")));
            }
        }
        if !self.doc.is_swagger()
            && !r.value.content.0.is_empty()
            && json_content(&r.value.content).is_none()
        {
            let types: Vec<&str> = r.value.content.keys().collect();
            self.refused
                .push(format!("a response of media type {}", types.join(", ")));
        }
        if let Some(schema) = self.response_schema(&r.value) {
            if status == 204 {
                self.refused.push("a 204 response with a body".to_string());
            }
            let body = self.top_object(schema, Direction::Response, "the response body");
            node = node.with("body", body.at(place(&key.referenced)));
        }
        node
    }

    /// A request body: an object written out, its named schema's members in place.
    fn body(&mut self, schema: &'m Spanned<Schema>, description: Option<&str>) -> Node {
        let node = self.top_object(schema, Direction::Request, "the request body");
        match (description, node.get("description")) {
            (Some(d), None)
                if !d.trim().is_empty()
                    && !matches!(node.bare(), Node::Map(m) if m.iter().any(|(k, _)| k == "$ref")) =>
            {
                Node::map().with("description", d.trim()).merge(node)
            }
            _ => node,
        }
    }

    /// A request or response body: an object, written out for a request and named (or written
    /// out) for a response.
    fn top_object(
        &mut self,
        schema: &'m Spanned<Schema>,
        direction: Direction,
        what: &str,
    ) -> Node {
        let (resolved, name) = self.resolve(&schema.value);
        let (types, _) = resolved.types();
        if !resolved.one_of.is_empty() || !resolved.any_of.is_empty() {
            let which = if resolved.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            self.refused.push(format!("{which} as {what}"));
            return Node::map().with("type", "object");
        }
        if types.iter().any(|t| t == "file") {
            self.refused.push(format!("a file as {what} (type: file)"));
            return Node::map().with("type", "object");
        }
        if !resolved.is_structure() {
            let kind = types.first().map_or("untyped", String::as_str);
            self.refused
                .push(format!("{what} that is not an object ({kind})"));
            return Node::map().with("type", "object");
        }
        match (direction, name) {
            (Direction::Response, Some(name)) => {
                self.schemas.insert(name.to_string());
                Node::map()
                    .with("$ref", identifier(name))
                    .at(place(&schema.referenced))
            }
            _ => {
                let label = name.unwrap_or("body").to_string();
                self.structure(&label, resolved, Some(direction))
                    .at(place(&schema.referenced))
            }
        }
    }

    /// A schema with its `$ref` followed (through schemas only), and the name it was found by.
    fn resolve(&self, s: &'m Schema) -> (&'m Schema, Option<&'m str>) {
        let mut s = s;
        let mut name = None;
        for _ in 0..16 {
            match s.reference.as_ref().map(|x| self.doc.target(&x.value)) {
                Some(Some(Target::Schema(n, next))) => {
                    s = &next.value;
                    name = Some(n);
                }
                _ => break,
            }
        }
        // `allOf` with one part, the usual way to put a description beside a `$ref`.
        if s.all_of.len() == 1 && s.properties.0.is_empty() {
            let (inner, inner_name) = self.resolve(&s.all_of[0].value);
            return (inner, inner_name.or(name));
        }
        (s, name)
    }

    /// An object schema's members: `{type: object, description, required, properties}`, with
    /// `allOf` parts merged where each is an object. `direction` is where an object written out
    /// in place is used; a named schema has none, and is refused `readOnly` and `writeOnly`.
    fn structure(&mut self, name: &str, schema: &'m Schema, direction: Option<Direction>) -> Node {
        let mut parts: Vec<&'m Schema> = Vec::new();
        self.flatten(name, schema, &mut parts, 0);
        let mut properties = Node::map();
        let mut required: Vec<String> = Vec::new();
        let mut description = None;
        for v in parts {
            if description.is_none() {
                description = v.description.clone();
            }
            if !v.one_of.is_empty() || !v.any_of.is_empty() {
                self.refused
                    .push(format!("oneOf or anyOf in the schema {name}"));
            }
            if v.discriminator.is_some() {
                self.refused.push(format!("a discriminator ({name})"));
            }
            match v.additional_properties.as_ref().map(|a| &a.value) {
                Some(Additional::Allowed(false)) => self.refused.push(format!(
                    "additionalProperties: false ({name}); the service's policy ignores unknown members"
                )),
                Some(Additional::Values(_)) if !v.properties.0.is_empty() => {
                    self.refused.push(format!(
                        "an object with both properties and additionalProperties ({name})"
                    ))
                }
                _ => {}
            }
            for (key, prop) in v.properties.iter() {
                let member = &key.value;
                let (target, _) = self.resolve(&prop.value);
                let (read_only, write_only) = (
                    prop.value.read_only || target.read_only,
                    prop.value.write_only || target.write_only,
                );
                match direction {
                    Some(Direction::Request) if read_only => continue,
                    Some(Direction::Response) if write_only => continue,
                    None if read_only || write_only => {
                        self.refused.push(format!(
                            "readOnly or writeOnly in a shared schema ({name}.{member})"
                        ));
                    }
                    _ => {}
                }
                if properties.get(member).is_some() {
                    self.refused
                        .push(format!("allOf parts that both declare {name}.{member}"));
                    continue;
                }
                let value = self.member(prop, &format!("{name}.{member}"));
                properties = properties.with(member, value.at(place(&key.referenced)));
            }
            for r in v.names_required() {
                if properties.get(&r).is_some() && !required.contains(&r) {
                    required.push(r);
                }
            }
        }
        let required: Vec<Node> = required.into_iter().map(Node::from).collect();
        Node::map()
            .with("type", "object")
            .with_some(
                "description",
                description
                    .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|d| !d.is_empty()),
            )
            .with_some(
                "required",
                (!required.is_empty()).then_some(Node::List(required)),
            )
            .with_some("properties", (!properties.is_empty()).then_some(properties))
    }

    /// The object parts of `schema`: itself, and each part of its `allOf`, refs followed.
    fn flatten(&mut self, name: &str, schema: &'m Schema, out: &mut Vec<&'m Schema>, depth: usize) {
        let (schema, _) = self.resolve(schema);
        if depth > 16 || out.iter().any(|s| std::ptr::eq(*s, schema)) {
            self.refused
                .push(format!("an allOf that includes itself ({name})"));
            return;
        }
        let (types, _) = schema.types();
        if types.iter().any(|t| t != "object") {
            self.refused.push(format!(
                "allOf of a non-object ({name}: {})",
                types.join(", ")
            ));
            return;
        }
        out.push(schema);
        for part in &schema.all_of {
            self.flatten(name, &part.value, out, depth + 1);
        }
    }

    /// A member of an object: its schema, with the sensitivity a password format states.
    fn member(&mut self, prop: &'m Spanned<Schema>, what: &str) -> Node {
        let (target, _) = self.resolve(&prop.value);
        let mut node = self.schema(prop, what);
        if prop.value.reference.is_some()
            && let Some(d) = prop
                .value
                .description
                .as_deref()
                .filter(|d| !d.trim().is_empty())
            && node.get("description").is_none()
            && node.get("$ref").is_none()
        {
            node = Node::map().with("description", d.trim()).merge(node);
        }
        if target.format.as_deref() == Some("password") {
            node = node.with("sensitive", true);
        }
        if let Some(default) = prop.value.default.as_ref().or(target.default.as_ref()) {
            match scalar(default) {
                Some(v) if node.get("$ref").is_none() => node = node.with("default", v),
                _ if default.is_null() => {}
                _ => self
                    .refused
                    .push(format!("a default that is not a scalar ({what})")),
            }
        }
        node
    }

    /// A path label, query parameter or header: its schema's keywords and `required`.
    fn parameter_node(&mut self, p: &'m Spanned<Schema>, what: &str, takes_required: bool) -> Node {
        let v = &p.value;
        let schema_place = place(&p.referenced);
        if v.content.is_some() {
            self.refused
                .push(format!("a parameter serialised by media type ({what})"));
        }
        let is_array;
        let mut node = match &v.schema {
            Some(inner) => {
                let (target, _) = self.resolve(&inner.value);
                is_array = target.types().0.iter().any(|t| t == "array");
                let mut node = self.schema(inner, what);
                if target.format.as_deref() == Some("password") {
                    node = node.with("sensitive", true);
                }
                if let Some(d) = target.default.as_ref().and_then(scalar) {
                    node = node.with("default", d);
                }
                node
            }
            None => {
                is_array = v.types().0.iter().any(|t| t == "array");
                let mut node = self.inline(v, what);
                if v.format.as_deref() == Some("password") {
                    node = node.with("sensitive", true);
                }
                if let Some(d) = v.default.as_ref().and_then(scalar) {
                    node = node.with("default", d);
                }
                node
            }
        };
        if node.get("$ref").is_some() {
            self.refused
                .push(format!("an object as a parameter ({what})"));
        }
        let location = v.location.as_deref().unwrap_or("header");
        if is_array {
            let repeated = match (location, &v.collection_format, &v.style, v.explode) {
                ("query", Some(f), _, _) => f == "multi",
                ("query", None, None | Some(_), explode) if !self.doc.is_swagger() => {
                    v.style.as_deref().is_none_or(|s| s == "form") && explode != Some(false)
                }
                ("query", None, _, _) => false,
                ("header", f, s, e) => {
                    f.as_deref().is_none_or(|f| f == "csv")
                        && s.as_deref().is_none_or(|s| s == "simple")
                        && e != Some(true)
                }
                _ => false,
            };
            if !repeated {
                let how = v
                    .collection_format
                    .clone()
                    .or_else(|| v.style.clone())
                    .unwrap_or_else(|| "csv, Swagger 2.0's default".to_string());
                self.refused.push(format!(
                    "an array {what} sent as `{how}` (the format sends query arrays repeated and header arrays comma-separated)"
                ));
            }
        }
        if location == "header" && node.get("default").is_some() {
            // The format takes no `default` on a header: the model's is kept as its words.
            let default = v
                .default
                .as_ref()
                .or_else(|| v.schema.as_ref().and_then(|s| s.value.default.as_ref()))
                .and_then(text)
                .unwrap_or_default();
            if let Node::Map(entries) = node.bare_mut() {
                entries.retain(|(k, _)| k != "default");
                let said = format!("The model's default is `{default}`.");
                match entries.iter_mut().find(|(k, _)| k == "description") {
                    Some((_, Node::Str(d))) => *d = format!("{d} {said}"),
                    _ => entries.insert(0, ("description".into(), Node::Str(said))),
                }
            }
        }
        let mut out = Node::map();
        if let Some(d) = v.description.as_deref().filter(|d| !d.trim().is_empty())
            && node.get("description").is_none()
        {
            out = out.with(
                "description",
                d.split_whitespace().collect::<Vec<_>>().join(" "),
            );
        }
        if takes_required && v.flag_required() {
            out = out.with("required", true);
        }
        out.merge(node).at(schema_place)
    }

    /// The schema `s` where a member, item or parameter uses it: a named object becomes a
    /// `$ref` to a named schema; anything else is written in place.
    fn schema(&mut self, s: &'m Spanned<Schema>, what: &str) -> Node {
        if let Some(reference) = &s.value.reference {
            let Some(Target::Schema(name, target)) = self.doc.target(&reference.value) else {
                self.refused.push(format!("a $ref to no schema ({what})"));
                return Node::map().with("type", "string");
            };
            if target.value.is_structure() && target.value.all_of.len() != 1 {
                self.schemas.insert(name.to_string());
                return Node::map()
                    .with("$ref", identifier(name))
                    .at(place(&s.referenced));
            }
            if self.inlining.iter().any(|n| n == name) {
                self.refused.push(format!(
                    "a schema that holds itself other than through an object ({name})"
                ));
                return Node::map().with("type", "string");
            }
            self.inlining.push(name.to_string());
            let node = self.schema(target, what);
            self.inlining.pop();
            return node.at(place(&s.referenced));
        }
        self.inline(&s.value, what).at(place(&s.referenced))
    }

    /// A schema written in place.
    fn inline(&mut self, v: &'m Schema, what: &str) -> Node {
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let parts: Vec<&Spanned<Schema>> = v.one_of.iter().chain(&v.any_of).collect();
            let not_null: Vec<&&Spanned<Schema>> = parts
                .iter()
                .filter(|p| !(p.value.types().1 && p.value.types().0.is_empty()))
                .collect();
            if let [only] = not_null.as_slice() {
                return self.schema(only, what);
            }
            let which = if v.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            self.refused.push(format!("{which} ({what})"));
            return Node::map().with("type", "string");
        }
        if v.not.is_some() {
            self.refused.push(format!("not ({what})"));
        }
        if !v.all_of.is_empty() {
            if v.all_of.len() == 1 && v.properties.0.is_empty() {
                return self.schema(&v.all_of[0], what);
            }
            return self.structure(what, v, None);
        }
        if v.multiple_of.is_some() {
            self.refused.push(format!("multipleOf ({what})"));
        }
        if v.constant.is_some() {
            self.refused.push(format!("const ({what})"));
        }
        let (types, _) = v.types();
        let ty = match types.as_slice() {
            [one] => one.as_str(),
            [] if !v.properties.0.is_empty() || v.additional_properties.is_some() => "object",
            [] if v.items.is_some() => "array",
            [] => {
                self.refused
                    .push(format!("a value of any type, with no `type` ({what})"));
                return Node::map().with("type", "string");
            }
            _ => {
                self.refused.push(format!(
                    "a value of several types ({what}: {})",
                    types.join(", ")
                ));
                return Node::map().with("type", "string");
            }
        };
        let description = v
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|d| !d.is_empty());
        let node = Node::map().with_some("description", description);
        match ty {
            "string" => self.string(node, v, what),
            "integer" => self.integer(node, v, what),
            "number" => self.number(node, v, what),
            "boolean" => {
                if v.enumeration.is_some() {
                    self.refused.push(format!("an enum of booleans ({what})"));
                }
                node.with("type", "boolean")
            }
            "array" => {
                let items = match &v.items {
                    Some(items) => self.schema(items, &format!("{what}[]")),
                    None => {
                        self.refused
                            .push(format!("an array without items ({what})"));
                        Node::map().with("type", "string")
                    }
                };
                let schema = write::Schema::List {
                    items,
                    length: (v.min_items, v.max_items),
                    unique: v.unique_items,
                };
                node.merge(schema.node(what, &mut self.refused))
            }
            "object" => {
                match v.additional_properties.as_ref().map(|a| &a.value) {
                    Some(Additional::Values(values)) if v.properties.0.is_empty() => {
                        let values = self.map_values(values, what);
                        let schema = write::Schema::Map {
                            keys: None,
                            values,
                            length: (v.min_properties, v.max_properties),
                        };
                        return node.merge(schema.node(what, &mut self.refused));
                    }
                    Some(Additional::Values(_)) => self.refused.push(format!(
                        "an object with both properties and additionalProperties ({what})"
                    )),
                    Some(Additional::Allowed(false)) => self.refused.push(format!(
                        "additionalProperties: false ({what}); the service's policy ignores unknown members"
                    )),
                    _ => {}
                }
                if v.properties.0.is_empty() {
                    return node.with("type", "object");
                }
                self.structure(what, v, None)
            }
            "file" => {
                self.refused.push(format!("a file (type: file) ({what})"));
                node.with("type", "string")
            }
            other => {
                self.refused.push(format!("the type `{other}` ({what})"));
                node.with("type", "string")
            }
        }
    }

    /// The schema of a map's values, which have no place of their own in the model.
    fn map_values(&mut self, values: &'m Schema, what: &str) -> Node {
        let what = format!("{what}{{}}");
        match &values.reference {
            Some(reference) => match self.doc.target(&reference.value) {
                Some(Target::Schema(name, target)) if target.value.is_structure() => {
                    self.schemas.insert(name.to_string());
                    Node::map().with("$ref", identifier(name))
                }
                Some(Target::Schema(_, target)) => self.schema(target, &what),
                _ => {
                    self.refused.push(format!("a $ref to no schema ({what})"));
                    Node::map().with("type", "string")
                }
            },
            None => self.inline(values, &what),
        }
    }

    fn string(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let mut node = match v.format.as_deref() {
            Some("date-time") => {
                return node.with("type", "timestamp").with("format", "date-time");
            }
            Some("byte") => node.with("type", "blob"),
            Some(f @ ("uuid" | "uri" | "uri-reference")) => {
                node.with("type", "string").with("format", f)
            }
            None | Some("password") => node.with("type", "string"),
            Some(other) => {
                self.refused.push(format!(
                    "a string of format `{other}`, which the spec format cannot check ({what})"
                ));
                node.with("type", "string")
            }
        };
        node = write::bounded(
            node,
            ("minLength", "maxLength"),
            (v.min_length, v.max_length),
        );
        if let Some(p) = &v.pattern {
            node = write::pattern(node, p, what, &mut self.refused);
        }
        if let Some(values) = &v.enumeration {
            let null = v.types().1;
            let values: Vec<Node> = values
                .iter()
                .filter(|e| !(null && *e == "null"))
                .map(|e| Node::Str(e.clone()))
                .collect();
            if values.is_empty() {
                self.refused
                    .push(format!("an enum with no values ({what})"));
            } else {
                node = node.with("enum", Node::List(values));
            }
        }
        node
    }

    fn integer(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let format = match v.format.as_deref() {
            Some("int32") => "int32",
            Some("int64") | None => "int64",
            Some(other) => {
                self.refused
                    .push(format!("an integer of format `{other}` ({what})"));
                "int64"
            }
        };
        let mut minimum = v.minimum.map(|m| m.ceil());
        let mut maximum = v.maximum.map(|m| m.floor());
        match v.exclusive_minimum {
            Some(Exclusive::Flag(true)) => minimum = minimum.map(|m| m + 1.0),
            Some(Exclusive::Bound(b)) => minimum = Some(b.floor() + 1.0),
            _ => {}
        }
        match v.exclusive_maximum {
            Some(Exclusive::Flag(true)) => maximum = maximum.map(|m| m - 1.0),
            Some(Exclusive::Bound(b)) => maximum = Some(b.ceil() - 1.0),
            _ => {}
        }
        let values = v.enumeration.as_ref().map(|enumeration| {
            let values: Vec<Node> = enumeration
                .iter()
                .filter_map(|e| e.parse::<i64>().ok().map(Node::Int))
                .collect();
            if values.len() != enumeration.len() {
                self.refused.push(format!(
                    "an integer enum with a value that is not an integer ({what})"
                ));
            }
            values
        });
        let schema = write::Schema::Integer {
            format,
            range: (minimum, maximum),
            values,
        };
        node.merge(schema.node(what, &mut self.refused))
    }

    fn number(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let format = match v.format.as_deref() {
            Some("float") => "float",
            Some("double") | None => "double",
            Some(other) => {
                self.refused
                    .push(format!("a number of format `{other}` ({what})"));
                "double"
            }
        };
        for (bound, key) in [
            (v.exclusive_minimum, "exclusiveMinimum"),
            (v.exclusive_maximum, "exclusiveMaximum"),
        ] {
            if matches!(
                bound,
                Some(Exclusive::Flag(true)) | Some(Exclusive::Bound(_))
            ) {
                self.refused.push(format!(
                    "{key} on a number, which the format bounds inclusively ({what})"
                ));
            }
        }
        if v.enumeration.is_some() {
            self.refused.push(format!("an enum of numbers ({what})"));
        }
        let schema = write::Schema::Number {
            format,
            range: (v.minimum, v.maximum),
        };
        node.merge(schema.node(what, &mut self.refused))
    }
}

impl write::Named for Importer<'_> {
    fn named(&self) -> &BTreeSet<String> {
        &self.schemas
    }

    fn write_named(&mut self, name: &str) -> Option<(String, Node)> {
        let doc = self.doc;
        let target = doc
            .target(&format!("#/definitions/{name}"))
            .or_else(|| doc.target(&format!("#/components/schemas/{name}")));
        let Some(Target::Schema(_, spanned)) = target else {
            return None;
        };
        let node = self.structure(name, &spanned.value, None);
        Some((identifier(name), node.at(place(&spanned.referenced))))
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
