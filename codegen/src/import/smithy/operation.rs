//! One operation of the model as a spec file: its HTTP binding, members and errors.

use super::*;
use crate::import::write::{self, OperationFile, first_sentence};
use crate::import::yaml::{Node, Place};
use serde_json::Value;
use std::collections::BTreeSet;

impl<'m> Importer<'m> {
    pub(super) fn operation(
        &mut self,
        name: &str,
        id: &str,
        op: &Shape,
        shared: &BTreeSet<String>,
    ) -> Node {
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
}
