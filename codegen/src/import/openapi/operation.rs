//! One operation of the document as a spec file: its path, parameters, body and answers.

use super::*;
use crate::import::write::{self, OperationFile};
use crate::import::yaml::Node;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

impl<'m> Importer<'m> {
    pub(super) fn operation(
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
    pub(super) fn base_path(&self) -> String {
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
    pub(super) fn success(&mut self, o: &Op<'m>) -> Node {
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
}
