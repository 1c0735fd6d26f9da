//! Smithy 2.0 JSON AST models, read with the location of every shape, member and trait, and
//! turned into the same spec files the botocore reader writes: a `service.yaml` with the
//! protocol, signing, policies and every error the chosen operations return, and one file per
//! operation. Operations are those the service binds, directly or through its resources (or,
//! in an excerpt whose service binds none, those the model defines).
//! Members are written by their path from the operation; a structure becomes a named schema
//! under its shape name. A member's traits override those of the shape it targets.

use super::write::{self, OperationFile, Schema, ServiceFile, first_sentence, text};
use super::yaml::{Node, Place};
use super::{ImportError, Imported, Refusal, Request};
use crate::entries::Entries;
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Deserialize)]
pub(super) struct Model {
    #[serde(default)]
    pub shapes: BTreeMap<String, Spanned<Shape>>,
}

/// A shape of any type; the fields a type does not use stay empty.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Shape {
    #[serde(rename = "type")]
    pub ty: String,
    /// Members in the model's order, which is the documentation's.
    #[serde(default)]
    pub members: Entries<Member>,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub key: Option<Member>,
    #[serde(default)]
    pub value: Option<Member>,
    #[serde(default)]
    pub traits: Traits,
    #[serde(default)]
    pub mixins: Vec<Target>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    #[serde(default)]
    pub input: Option<Target>,
    #[serde(default)]
    pub output: Option<Target>,
    #[serde(default)]
    pub create: Option<Target>,
    #[serde(default)]
    pub put: Option<Target>,
    #[serde(default)]
    pub read: Option<Target>,
    #[serde(default)]
    pub update: Option<Target>,
    #[serde(default)]
    pub delete: Option<Target>,
    #[serde(default)]
    pub list: Option<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
}

/// A member: the shape it targets and its own traits.
#[derive(Debug, Deserialize)]
pub(super) struct Member {
    pub target: Spanned<String>,
    #[serde(default)]
    pub traits: Traits,
}

/// A reference to a shape by its absolute id.
#[derive(Debug, Deserialize)]
pub(super) struct Target {
    pub target: Spanned<String>,
}

/// Traits by absolute id, each with its value as the model writes it.
pub(super) type Traits = Entries<Value>;

const HTTP: &str = "smithy.api#http";
const DOCUMENTATION: &str = "smithy.api#documentation";

/// The type of a prelude shape, which models use without defining it.
fn prelude(id: &str) -> Option<&'static str> {
    let name = id.strip_prefix("smithy.api#")?;
    Some(match name.strip_prefix("Primitive").unwrap_or(name) {
        "String" => "string",
        "Blob" => "blob",
        "BigInteger" => "bigInteger",
        "BigDecimal" => "bigDecimal",
        "Timestamp" => "timestamp",
        "Document" => "document",
        "Boolean" => "boolean",
        "Byte" => "byte",
        "Short" => "short",
        "Integer" => "integer",
        "Long" => "long",
        "Float" => "float",
        "Double" => "double",
        "Unit" => "unit",
        _ => return None,
    })
}

/// The name of a shape id without its namespace.
fn local(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// The trait `name`, from the member where it has it, else from the shape it targets.
fn trait_of<'a>(member: &'a Traits, shape: Option<&'a Traits>, name: &str) -> Option<&'a Value> {
    member.get(name).or_else(|| shape.and_then(|s| s.get(name)))
}

/// The `min` and `max` of a `length` or `range` trait.
fn bounds(value: Option<&Value>) -> (Option<f64>, Option<f64>) {
    let get = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_f64);
    (get("min"), get("max"))
}

/// The first target in the model that names no shape, with where it is written.
fn dangling(model: &Model) -> Option<(String, Location)> {
    for spanned in model.shapes.values() {
        let shape = &spanned.value;
        let members = shape
            .members
            .iter()
            .map(|(_, m)| m)
            .chain(&shape.member)
            .chain(&shape.key)
            .chain(&shape.value)
            .map(|m| &m.target);
        let targets = shape
            .mixins
            .iter()
            .chain(&shape.operations)
            .chain(&shape.resources)
            .chain(&shape.errors)
            .chain(&shape.collection_operations)
            .chain(&shape.input)
            .chain(&shape.output)
            .chain(&shape.create)
            .chain(&shape.put)
            .chain(&shape.read)
            .chain(&shape.update)
            .chain(&shape.delete)
            .chain(&shape.list)
            .map(|t| &t.target);
        for target in members.chain(targets) {
            if !model.shapes.contains_key(&target.value) && prelude(&target.value).is_none() {
                return Some((target.value.clone(), target.referenced));
            }
        }
    }
    None
}

/// The operations `service` binds, by name: its own and those of its resources, recursively.
fn bound_operations<'m>(
    model: &'m Model,
    service: &'m Shape,
) -> Result<BTreeMap<&'m str, &'m str>, super::Unsupported> {
    let mut operations = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&Shape> = vec![service];
    while let Some(shape) = pending.pop() {
        let own = shape
            .operations
            .iter()
            .chain(&shape.collection_operations)
            .chain(&shape.create)
            .chain(&shape.put)
            .chain(&shape.read)
            .chain(&shape.update)
            .chain(&shape.delete)
            .chain(&shape.list);
        for op in own {
            let id = op.target.value.as_str();
            if let Some(other) = operations.insert(local(id), id)
                && other != id
            {
                return Err(super::Unsupported(format!(
                    "the service binds two operations named `{}`: `{other}` and `{id}`",
                    local(id)
                )));
            }
        }
        for resource in &shape.resources {
            let id = resource.target.value.as_str();
            if seen.insert(id)
                && let Some(r) = model.shapes.get(id)
            {
                pending.push(&r.value);
            }
        }
    }
    Ok(operations)
}

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
    fn shape(&self, id: &str) -> Option<&'m Spanned<Shape>> {
        self.model.shapes.get(id)
    }

    /// The type of the shape `id`, defined in the model or the prelude.
    fn ty(&self, id: &str) -> Option<&'m str> {
        match self.shape(id) {
            Some(s) => Some(s.value.ty.as_str()),
            None => prelude(id),
        }
    }

    /// The errors of the operation `id`: its own, then the service's.
    fn errors_of(&self, id: &str) -> Vec<String> {
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
    fn name(&mut self, id: &str) -> String {
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

    fn service(&mut self, id: &str, signing: &str, errors: &BTreeSet<String>) -> Node {
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
    fn documentation(&self, traits: &Traits) -> Option<String> {
        traits
            .get(DOCUMENTATION)
            .and_then(Value::as_str)
            .map(text)
            .filter(|t| !t.is_empty())
    }

    /// The members of a structure, in the model's order; none for `smithy.api#Unit`.
    fn members_of(&mut self, target: Option<&Target>, what: &str) -> Option<&'m Shape> {
        let id = &target?.target.value;
        let shape = &self.shape(id)?.value;
        if !shape.mixins.is_empty() {
            self.refused
                .push(format!("mixins on the {what} structure (`{id}`)"));
        }
        Some(shape)
    }

    fn operation(&mut self, name: &str, id: &str, op: &Shape, shared: &BTreeSet<String>) -> Node {
        let doc = self.documentation(&op.traits).unwrap_or_default();
        for (construct, what) in [
            (
                "smithy.api#endpoint",
                "a host prefix (`smithy.api#endpoint`)",
            ),
            (
                "smithy.api#auth",
                "an operation's own auth schemes (`smithy.api#auth`)",
            ),
            (
                "smithy.api#optionalAuth",
                "optional auth (`smithy.api#optionalAuth`)",
            ),
            (
                "aws.auth#unsignedPayload",
                "an unsigned payload (`aws.auth#unsignedPayload`)",
            ),
        ] {
            if op.traits.get(construct).is_some() {
                self.refused.push(what.to_string());
            }
        }
        let http = op.traits.get(HTTP);
        let field = |key: &str| http.and_then(|h| h.get(key));
        let method = field("method").and_then(Value::as_str).unwrap_or_default();
        let uri = field("uri").and_then(Value::as_str).unwrap_or_default();
        let status = field("code").and_then(Value::as_i64).unwrap_or(200);
        if http.is_none() {
            self.refused
                .push("an operation without an HTTP binding (`smithy.api#http`)".to_string());
        }
        let (path, query_literal) = match uri.split_once('?') {
            Some((path, query)) => (path.to_string(), Some(query.to_string())),
            None => (uri.to_string(), None),
        };
        if query_literal.is_some() {
            self.refused
                .push("a query string fixed in the request URI".to_string());
        }
        let mut request = write::Request::new();
        let mut body = write::Members::new();
        if let Some(input) = self.members_of(op.input.as_ref(), "input") {
            for (key, m) in input.members.iter() {
                let member = &key.value;
                let required = m.traits.get("smithy.api#required").is_some();
                let place = Place::of(&key.referenced);
                match binding(&m.traits) {
                    Binding::Label => {
                        let value = self.member(member, m, false).at(place);
                        request.label(member, value);
                    }
                    Binding::Query(wire) => {
                        let value = self.member(member, m, true).at(place);
                        request.query(&wire, value, required);
                    }
                    Binding::Header(wire) => {
                        let value = self.member(member, m, false).at(place);
                        request.header(&wire, value, required);
                    }
                    Binding::Other(what) => self.refused.push(format!("{what} ({member})")),
                    Binding::Body => {
                        let wire = json_name(member, &m.traits);
                        let value = self.member(member, m, true).at(place);
                        body.add(&wire, value, required);
                    }
                }
            }
        }
        let declared: BTreeSet<String> = match request.labels.bare() {
            Node::Map(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
            _ => BTreeSet::new(),
        };
        let written = labels(&path);
        for label in written.difference(&declared) {
            self.refused
                .push(format!("a URI label with no `httpLabel` member ({label})"));
        }
        for label in declared.difference(&written) {
            self.refused.push(format!(
                "an `httpLabel` member the URI does not hold ({label})"
            ));
        }
        let request = write::aws_request(request, body);
        let mut response_headers = Node::map();
        let mut response_body = write::Members::new();
        if let Some(output) = self.members_of(op.output.as_ref(), "output") {
            for (key, m) in output.members.iter() {
                let member = &key.value;
                let place = Place::of(&key.referenced);
                match binding(&m.traits) {
                    Binding::Header(wire) => {
                        let value = self.member(member, m, false).at(place);
                        response_headers = response_headers.with(&wire, value);
                    }
                    Binding::Body => {
                        let wire = json_name(member, &m.traits);
                        let required = m.traits.get("smithy.api#required").is_some();
                        let value = self.member(member, m, true).at(place);
                        response_body.add(&wire, value, required);
                    }
                    Binding::Label | Binding::Query(_) => self.refused.push(format!(
                        "a response member bound to the request URI ({member})"
                    )),
                    Binding::Other(what) => self
                        .refused
                        .push(format!("{what} in the response ({member})")),
                }
            }
        }
        let response = write::aws_response(status, response_headers, response_body);
        let mut errors = Vec::new();
        for error in self.errors_of(id) {
            let name = self.name(&error);
            errors.push(Node::map().with("name", name));
        }
        let mut written: BTreeSet<String> = shared.clone();
        let schemas = write::pending(self, &mut written, false);
        OperationFile {
            name,
            title: format!("{name} - {}", self.service_name),
            summary: (!doc.is_empty()).then(|| first_sentence(&doc)),
            documentation: format!("{}#{name}", self.url),
            model_title: &self.title,
            url: &self.url,
            auth: None,
            method,
            path,
            request,
            response,
            errors,
            schemas,
        }
        .node()
    }

    /// A member: its target's schema under the member's traits, with its documentation,
    /// sensitivity and, where `defaults` (in a body or a query), its default.
    fn member(&mut self, name: &str, m: &Member, defaults: bool) -> Node {
        let target = m.target.value.as_str();
        let shape_traits = self.shape(target).map(|s| &s.value.traits);
        let node = self.schema(target, &m.traits, name);
        // A structure's own documentation describes its schema; a member says only its own.
        let structured = matches!(self.ty(target), Some("structure" | "union"));
        let docs = if structured {
            self.documentation(&m.traits)
        } else {
            trait_of(&m.traits, shape_traits, DOCUMENTATION)
                .and_then(Value::as_str)
                .map(text)
                .filter(|t| !t.is_empty())
        };
        let idempotency_token = m.traits.get("smithy.api#idempotencyToken").is_some();
        let mut node = write::documented(node, docs.unwrap_or_default(), idempotency_token);
        if let Some(default) = m.traits.get("smithy.api#default") {
            match (default, defaults) {
                (Value::Null, _) => {}
                (_, false) => self
                    .refused
                    .push(format!("a default on a path label or a header ({name})")),
                (Value::String(s), true) => {
                    if self.keeps_default(&mut node, &Value::String(s.clone())) {
                        node = node.with("default", s.as_str());
                    }
                }
                (Value::Bool(b), true) => node = node.with("default", *b),
                (Value::Number(n), true) => {
                    if self.keeps_default(&mut node, default) {
                        node = match n.as_i64() {
                            Some(i) => node.with("default", i),
                            None => {
                                node.with("default", Node::Float(n.as_f64().unwrap_or_default()))
                            }
                        };
                    }
                }
                (_, true) => self
                    .refused
                    .push(format!("a list, map or document default ({name})")),
            }
        }
        if trait_of(&m.traits, shape_traits, "smithy.api#sensitive").is_some() {
            node = node.with("sensitive", true);
        }
        node
    }

    /// Whether to write a member's default. Models converted from Smithy 1.0 give members
    /// zero-value defaults that their own bounds may rule out (`@default(0)` with
    /// `@range(min: 1)`); the format cannot hold such a default, so it is left out, and the
    /// member's description says so.
    fn keeps_default(&self, node: &mut Node, default: &Value) -> bool {
        let number = |key: &str| match node.get(key).map(Node::bare) {
            Some(Node::Int(i)) => Some(*i as f64),
            Some(Node::Float(f)) => Some(*f),
            _ => None,
        };
        let breaks = match default {
            Value::Number(n) => {
                let v = n.as_f64().unwrap_or_default();
                number("minimum").is_some_and(|min| v < min)
                    || number("maximum").is_some_and(|max| v > max)
            }
            Value::String(s) => {
                let chars = s.chars().count() as f64;
                let listed = match node.get("enum").map(Node::bare) {
                    Some(Node::List(values)) => values
                        .iter()
                        .any(|v| matches!(v.bare(), Node::Str(x) if x == s)),
                    _ => true,
                };
                !listed
                    || number("minLength").is_some_and(|min| chars < min)
                    || number("maxLength").is_some_and(|max| chars > max)
            }
            _ => false,
        };
        if breaks {
            let said = format!(
                "The model's default, {default}, is outside what the member allows, so it is left out."
            );
            let described = match node.get("description").map(Node::bare) {
                Some(Node::Str(d)) => format!("{d} {said}"),
                _ => said,
            };
            if let Node::Map(entries) = node.bare_mut() {
                entries.retain(|(k, _)| k != "description");
                entries.insert(0, ("description".into(), Node::Str(described)));
            }
        }
        !breaks
    }

    /// The schema of the shape `id` where a member with `traits` uses it; the member's traits
    /// take the place of the shape's.
    fn schema(&mut self, id: &str, traits: &Traits, member: &str) -> Node {
        let Some(ty) = self.ty(id) else {
            self.refused
                .push(format!("a member ({member}) of an undefined shape `{id}`"));
            return Node::map().with("type", "string");
        };
        let shape = self.shape(id).map(|s| &s.value);
        let shape_traits = shape.map(|s| &s.traits);
        let get = |name: &str| trait_of(traits, shape_traits, name);
        let (min_length, max_length) = bounds(get("smithy.api#length"));
        let (minimum, maximum) = bounds(get("smithy.api#range"));
        if get("smithy.api#streaming").is_some() {
            self.refused.push(format!("a streaming {ty} ({member})"));
        }
        let schema = match ty {
            "string" | "enum" => {
                let values: Vec<Node> = if ty == "enum" {
                    shape
                        .map(|s| {
                            s.members
                                .iter()
                                .map(|(k, m)| {
                                    let value = m.traits.get("smithy.api#enumValue");
                                    Node::from(value.and_then(Value::as_str).unwrap_or(&k.value))
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                } else {
                    get("smithy.api#enum")
                        .and_then(Value::as_array)
                        .map(|values| {
                            values
                                .iter()
                                .filter_map(|v| v.get("value").and_then(Value::as_str))
                                .map(Node::from)
                                .collect()
                        })
                        .unwrap_or_default()
                };
                Schema::String {
                    length: (min_length, max_length),
                    pattern: get("smithy.api#pattern").and_then(Value::as_str),
                    values,
                }
            }
            "intEnum" => Schema::Integer {
                format: "int32",
                range: (None, None),
                values: Some(
                    shape
                        .map(|s| {
                            s.members
                                .iter()
                                .filter_map(|(_, m)| m.traits.get("smithy.api#enumValue"))
                                .filter_map(Value::as_i64)
                                .map(Node::from)
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
            },
            "integer" | "long" | "short" | "byte" => Schema::Integer {
                format: if ty == "long" { "int64" } else { "int32" },
                range: match ty {
                    "short" => (minimum.or(Some(-32768.0)), maximum.or(Some(32767.0))),
                    "byte" => (minimum.or(Some(-128.0)), maximum.or(Some(127.0))),
                    _ => (minimum, maximum),
                },
                values: None,
            },
            "float" | "double" => Schema::Number {
                format: ty,
                range: (minimum, maximum),
            },
            "boolean" => Schema::Boolean,
            "timestamp" => Schema::Timestamp(
                match get("smithy.api#timestampFormat").and_then(Value::as_str) {
                    Some(f @ ("date-time" | "http-date" | "epoch-seconds")) => Some(f),
                    _ => None,
                },
            ),
            "blob" => Schema::Blob((min_length, max_length)),
            "list" | "set" => Schema::List {
                items: match shape.and_then(|s| s.member.as_ref()) {
                    Some(item) => self.schema(&item.target.value, &item.traits, member),
                    None => Node::map().with("type", "string"),
                },
                length: (min_length, max_length),
                unique: ty == "set" || get("smithy.api#uniqueItems").is_some(),
            },
            "map" => {
                let keys = match shape.and_then(|s| s.key.as_ref()) {
                    Some(k) => self.schema(&k.target.value, &k.traits, member),
                    None => Node::map().with("type", "string"),
                };
                let values = match shape.and_then(|s| s.value.as_ref()) {
                    Some(v) => self.schema(&v.target.value, &v.traits, member),
                    None => Node::map().with("type", "string"),
                };
                Schema::Map {
                    keys: Some(keys),
                    values,
                    length: (min_length, max_length),
                }
            }
            "structure" | "union" => {
                if shape.is_some_and(|s| !s.mixins.is_empty()) {
                    self.refused
                        .push(format!("mixins on a structure ({member}: `{id}`)"));
                }
                self.schemas.insert(id.to_string());
                let name = self.name(id);
                return Node::map().with("$ref", name);
            }
            "unit" => {
                self.refused.push(format!("a unit member ({member})"));
                return Node::map().with("type", "string");
            }
            other => {
                self.refused
                    .push(format!("a member ({member}) of Smithy type `{other}`"));
                return Node::map().with("type", "string");
            }
        };
        schema.node(member, &mut self.refused)
    }

    /// A named structure or union.
    fn structure(&mut self, shape: &Shape) -> Node {
        let union = shape.ty == "union";
        let mut properties = Node::map();
        let mut required = Vec::new();
        for (key, m) in shape.members.iter() {
            let member = &key.value;
            if !matches!(binding(&m.traits), Binding::Body) {
                continue;
            }
            let wire = json_name(member, &m.traits);
            if m.traits.get("smithy.api#required").is_some() {
                required.push(Node::from(wire.as_str()));
            }
            let value = self.member(member, m, true).at(Place::of(&key.referenced));
            properties = properties.with(&wire, value);
        }
        write::structure(
            union,
            self.documentation(&shape.traits),
            required,
            properties,
        )
    }
}

impl write::Named for Importer<'_> {
    fn named(&self) -> &BTreeSet<String> {
        &self.schemas
    }

    fn write_named(&mut self, id: &str) -> Option<(String, Node)> {
        let spanned = self.shape(id)?;
        let node = self.structure(&spanned.value);
        Some((
            local(id).to_string(),
            node.at(Place::of(&spanned.referenced)),
        ))
    }
}

/// The name of a member in a JSON body: its `jsonName`, else the member's own.
fn json_name(member: &str, traits: &Traits) -> String {
    traits
        .get("smithy.api#jsonName")
        .and_then(Value::as_str)
        .unwrap_or(member)
        .to_string()
}
