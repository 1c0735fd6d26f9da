//! An OpenAPI 3.1 document of every operation, rendered from the IR with a tera template, so that
//! the rest of the ecosystem (validators, Schemathesis, Prism) can use the specs. Output is
//! deterministic: every map is ordered.
//!
//! What OpenAPI cannot say travels in `x-conform-*` extensions: sensitive and dynamic members,
//! which statuses are inferred rather than documented, and how restJson1 names its errors.

mod schema;

use crate::ir::{Answer, Api, Auth, ErrorNaming, HeaderRule, Operation, Protocol};
use schema::{body_schema, header_schema, literal, object_schema, type_schema, union_schema};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

const TEMPLATE: &str = include_str!("openapi.json.tera");

/// Why the OpenAPI document could not be written: each is a bug in conform-codegen.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the OpenAPI template does not parse: {0:?}")]
    Template(#[source] tera::Error),
    #[error("the OpenAPI template does not render: {0:?}")]
    Render(#[source] tera::Error),
    #[error("the OpenAPI template made invalid JSON: {0}")]
    Json(#[source] serde_json::Error),
}

/// The OpenAPI document of `api`, as pretty JSON.
pub fn render(api: &Api) -> Result<String, RenderError> {
    let mut paths: Vec<PathItem> = Vec::new();
    let mut schemas: BTreeMap<String, Value> = BTreeMap::new();
    let mut security_schemes: BTreeMap<String, Value> = BTreeMap::new();
    for op in &api.operations {
        if let Some((name, scheme)) = security(op) {
            security_schemes.insert(name, scheme);
        }
        let view = operation(op, &mut schemas);
        // OpenAPI has no greedy label: `{Key+}` is `{Key}`, marked `x-conform-greedy`.
        let path = op.path.replace("+}", "}");
        match paths.iter_mut().find(|p| p.path == path) {
            Some(item) => item.operations.push(view),
            None => paths.push(PathItem {
                path,
                operations: vec![view],
            }),
        }
    }
    paths.sort_by(|a, b| a.path.cmp(&b.path));
    let mut context = tera::Context::new();
    context.insert("version", env!("CARGO_PKG_VERSION"));
    context.insert("paths", &paths);
    context.insert("schemas", &schemas);
    context.insert("security_schemes", &security_schemes);
    let mut tera = tera::Tera::default();
    tera.add_raw_template("openapi.json", TEMPLATE)
        .map_err(RenderError::Template)?;
    let rendered = tera
        .render("openapi.json", &context)
        .map_err(RenderError::Render)?;
    // Parse and print again: a check that the template made JSON, and one canonical layout.
    let value: Value = serde_json::from_str(&rendered).map_err(RenderError::Json)?;
    serde_json::to_string_pretty(&value)
        .map(|s| s + "\n")
        .map_err(RenderError::Json)
}

#[derive(Serialize)]
struct PathItem {
    path: String,
    operations: Vec<OperationView>,
}

#[derive(Serialize)]
struct OperationView {
    method: String,
    id: String,
    service: String,
    title: String,
    description: String,
    documentation: String,
    /// The security scheme's name; none (`security: []`) when the operation needs no credentials.
    security: Option<String>,
    protocol: &'static str,
    parameters: Vec<Parameter>,
    request_media_type: String,
    /// The request body's schema; empty when the operation takes no body.
    request_ref: String,
    responses: Vec<ResponseView>,
    expectations: Vec<Value>,
    sources: BTreeMap<String, Value>,
}

#[derive(Serialize)]
struct Parameter {
    name: String,
    /// `path`, `query` or `header`.
    location: &'static str,
    greedy: bool,
    required: bool,
    description: String,
    schema: Value,
}

#[derive(Serialize)]
struct ResponseView {
    status: String,
    description: String,
    headers: Value,
    content: Value,
    extensions: BTreeMap<String, Value>,
}

fn security(op: &Operation) -> Option<(String, Value)> {
    Some(match &op.auth {
        Auth::None => return None,
        Auth::AwsSigV4 { signing_name } => (
            format!("sigv4-{signing_name}"),
            json!({
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "description": format!("AWS Signature Version 4, signing name {signing_name}."),
                "x-amazon-apigateway-authtype": "awsSigv4",
                "x-conform-signing-name": signing_name,
            }),
        ),
        Auth::Bearer { token_path, .. } => (
            "bearer".to_string(),
            json!({
                "type": "http",
                "scheme": "bearer",
                "description": "A bearer token from the token endpoint.",
                "x-conform-token-path": token_path,
            }),
        ),
    })
}

fn component(op: &Operation, name: &str) -> String {
    format!("{}.{}.{}", op.service, op.name, name)
}

fn operation(op: &Operation, schemas: &mut BTreeMap<String, Value>) -> OperationView {
    for s in &op.structs {
        let schema = if s.union {
            union_schema(op, &s.members, s.description.as_deref())
        } else {
            object_schema(op, &s.members, s.description.as_deref(), &[])
        };
        schemas.insert(component(op, &s.name), schema);
    }
    let request = op.body().map(|body| {
        let name = component(op, "Request");
        schemas.insert(name.clone(), body_schema(op, body));
        name
    });
    let auth_header = match &op.auth {
        Auth::Bearer { header, .. } => Some(header.to_ascii_lowercase()),
        Auth::AwsSigV4 { .. } => Some("authorization".to_string()),
        Auth::None => None,
    };
    // OpenAPI carries Content-Type in the request body and credentials in `security`.
    let greedy = |name: &str| {
        op.segments
            .iter()
            .any(|s| matches!(s, crate::ir::Segment::Label { name: n, greedy: true } if n == name))
    };
    let params = |location: &'static str, params: &[crate::ir::Param]| -> Vec<Parameter> {
        params
            .iter()
            .map(|p| {
                let mut schema = type_schema(op, &p.ty);
                if p.sensitive
                    && let Some(object) = schema.as_object_mut()
                {
                    object.insert("x-conform-sensitive".into(), Value::Bool(true));
                }
                if let (Some(d), Some(object)) = (&p.default, schema.as_object_mut()) {
                    object.insert("default".into(), literal(d));
                }
                Parameter {
                    name: p.wire_name.clone(),
                    location,
                    greedy: greedy(&p.wire_name),
                    required: p.required,
                    description: p.description.clone().unwrap_or_default(),
                    schema,
                }
            })
            .collect()
    };
    let mut parameters = params("path", &op.request.labels);
    parameters.extend(params("query", &op.request.query));
    parameters.extend(
        op.request
            .headers
            .iter()
            .filter(|h| {
                !h.name.eq_ignore_ascii_case("content-type")
                    && Some(h.name.to_ascii_lowercase()) != auth_header
            })
            .map(|h| Parameter {
                name: h.name.clone(),
                location: "header",
                greedy: false,
                required: h.required,
                description: h.description.clone().unwrap_or_default(),
                schema: header_schema(op, &h.rule, h.sensitive),
            }),
    );
    let request_media_type = op
        .request
        .headers
        .iter()
        .find_map(|h| match &h.rule {
            HeaderRule::MediaType(m) if h.name.eq_ignore_ascii_case("content-type") => {
                Some(m.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| "application/json".to_string());
    let mut description = op.summary.clone().unwrap_or_default();
    if !op.deviations.is_empty() {
        description.push_str("\n\nWhere the page and the official model disagree:");
        for d in &op.deviations {
            let follows = d.follows.as_str();
            description.push_str(&format!(
                "\n- {}: page: {} Model: {} (follows the {follows})",
                d.subject, d.page, d.model
            ));
        }
    }
    OperationView {
        method: op.method.to_ascii_lowercase(),
        id: format!("{}.{}", op.service, op.name),
        service: op.service.clone(),
        title: op.title.clone(),
        description,
        documentation: op.documentation.clone(),
        security: security(op).map(|(name, _)| name),
        protocol: match op.protocol {
            Protocol::RestJson1 => "restJson1",
            Protocol::ProblemDetails => "json",
        },
        parameters,
        request_media_type,
        request_ref: request
            .map(|r| format!("#/components/schemas/{r}"))
            .unwrap_or_default(),
        responses: responses(op),
        expectations: expectations(op),
        sources: op
            .sources
            .iter()
            .map(|s| (s.id.clone(), json!({ "title": s.title, "url": s.url })))
            .collect(),
    }
}

fn responses(op: &Operation) -> Vec<ResponseView> {
    let mut out = Vec::new();
    let headers: Map<String, Value> = op
        .response
        .headers
        .iter()
        .filter(|h| !h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| {
            let mut header =
                json!({ "required": h.required, "schema": header_schema(op, &h.rule, false) });
            if let (Some(d), Some(object)) = (&h.description, header.as_object_mut()) {
                object.insert("description".into(), Value::from(d.as_str()));
            }
            (h.name.clone(), header)
        })
        .collect();
    let content = match &op.response.body {
        Some(body) => {
            let success = component(op, body);
            json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{success}") } } })
        }
        None => json!({}),
    };
    out.push(ResponseView {
        status: op.response.status.to_string(),
        description: "The documented success.".into(),
        headers: Value::Object(headers),
        content,
        extensions: BTreeMap::new(),
    });
    // Errors that share a status share a response, with every name they may carry.
    let mut by_status: BTreeMap<u16, Vec<&crate::ir::ErrorDef>> = BTreeMap::new();
    for e in &op.errors {
        by_status.entry(e.status).or_default().push(e);
    }
    for (status, errors) in by_status {
        let description = errors
            .iter()
            .map(|e| format!("{}: {}", e.name, e.when))
            .collect::<Vec<_>>()
            .join(" ");
        let mut refs: Vec<String> = errors
            .iter()
            .map(|e| format!("#/components/schemas/{}", component(op, &e.body)))
            .collect();
        refs.dedup();
        let schema = if refs.len() == 1 {
            json!({ "$ref": refs[0] })
        } else {
            json!({ "anyOf": refs.iter().map(|r| json!({ "$ref": r })).collect::<Vec<_>>() })
        };
        let mut headers = Map::new();
        let mut extensions = BTreeMap::new();
        let content = match op.protocol {
            Protocol::RestJson1 => {
                let names: Vec<&str> = errors
                    .iter()
                    .filter_map(|e| match &e.naming {
                        ErrorNaming::Header { value, .. } => Some(value.as_str()),
                        ErrorNaming::Member { .. } => None,
                    })
                    .collect();
                if let Some(ErrorNaming::Header { header, .. }) = errors.first().map(|e| &e.naming)
                {
                    headers.insert(header.clone(), json!({
                        "required": true,
                        "description": "Names the error; AWS SDKs read the part before any `:`.",
                        "schema": { "type": "string", "pattern": format!("^({})(:.*)?$", names.join("|")) },
                    }));
                    extensions.insert(
                        "x-conform-error-naming".into(),
                        json!({ "header": header, "values": names }),
                    );
                }
                json!({ "application/json": { "schema": schema } })
            }
            Protocol::ProblemDetails => {
                if let Some(ErrorNaming::Member {
                    member,
                    status_member,
                }) = errors.first().map(|e| &e.naming)
                {
                    extensions.insert(
                        "x-conform-error-naming".into(),
                        json!({ "member": member, "statusMember": status_member }),
                    );
                }
                json!({ "application/problem+json": { "schema": schema }, "application/json": { "schema": schema } })
            }
        };
        out.push(ResponseView {
            status: status.to_string(),
            description,
            headers: Value::Object(headers),
            content,
            extensions,
        });
    }
    let mut inferred = BTreeMap::new();
    inferred.insert("x-conform-inferred".to_string(), Value::Bool(true));
    out.push(ResponseView {
        status: "4XX".into(),
        description: "Inferred: the documents state no status for some bad requests (see x-conform-expectations); any 4xx answers them.".into(),
        headers: json!({}),
        content: json!({}),
        extensions: inferred,
    });
    out
}

/// Which documented error answers each kind of bad request, and which kinds only a class does.
fn expectations(op: &Operation) -> Vec<Value> {
    [
        Answer::Validation,
        Answer::Serialization,
        Answer::Unauthenticated,
        Answer::MediaType,
        Answer::Signature,
    ]
    .into_iter()
    // An operation that needs no credentials refuses none; only a signed one has a signature.
    .filter(|kind| match kind {
        Answer::Unauthenticated => op.auth != Auth::None,
        Answer::Signature => matches!(op.auth, Auth::AwsSigV4 { .. }),
        _ => true,
    })
        .map(|kind| match op.errors.iter().find(|e| e.answers.contains(&kind)) {
            Some(e) => json!({ "answers": kind.as_str(), "status": e.status, "error": e.name, "source": e.source, "inferred": false }),
            None => json!({ "answers": kind.as_str(), "status": "4XX", "inferred": true }),
        })
        .chain(std::iter::once(json!({ "answers": "header", "status": "4XX", "inferred": true })))
        .collect()
}
