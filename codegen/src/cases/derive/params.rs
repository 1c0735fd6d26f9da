//! Cases of the path labels and query parameters: each label empty, broken or percent-encoded,
//! each query parameter missing, ill-typed or breaking a rule, and each at its bounds. The same
//! values serve typed headers.

use super::{Broken, Deriver, Kind, Request, bytes, violated};
use crate::cases::Credentials;
use crate::cases::json::Json;
use crate::cases::rng::Rng;
use crate::ir::{Answer, Param, Segment, Type};
use conform_model::{Location, Rule};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What RFC 3986 leaves unencoded: letters, digits and `-._~`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The same, keeping `/` for a greedy label.
const UNRESERVED_PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// One value a case puts in a parameter or header, valid or breaking one rule.
pub(super) struct ParamValue {
    pub valid: bool,
    /// The value's text; for a list, each item's.
    pub texts: Vec<String>,
    pub label: String,
    /// The rule it breaks; `None` when it is valid.
    pub rule: Option<Rule>,
    /// Other rules the same value cannot help breaking.
    pub also: Vec<Rule>,
    /// The broken rule is an item's (`/name/0`), not the whole value's.
    pub item: bool,
    pub answer: Answer,
    pub summary: String,
}

impl Deriver<'_> {
    /// The base path: every label with a valid value, percent-encoded.
    pub(super) fn base_path(&self, rng: &mut Rng) -> String {
        let values: Vec<(String, String)> = self
            .op
            .request
            .labels
            .iter()
            .map(|p| (p.wire_name.clone(), self.text(&self.value(&p.ty, rng))))
            .collect();
        self.path_with(&values)
    }

    /// The path with each label's text as `values` gives it, percent-encoded.
    fn path_with(&self, values: &[(String, String)]) -> String {
        self.op
            .segments
            .iter()
            .map(|segment| match segment {
                crate::ir::Segment::Literal(text) => text.clone(),
                crate::ir::Segment::Label { name, greedy } => {
                    let text = values
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or("", |(_, v)| v.as_str());
                    let set = if *greedy { UNRESERVED_PATH } else { UNRESERVED };
                    utf8_percent_encode(text, set).to_string()
                }
            })
            .collect()
    }

    /// The base query: every required parameter with a valid value.
    pub(super) fn base_query(&self, rng: &mut Rng) -> String {
        let pairs: Vec<(String, String)> = self
            .op
            .request
            .query
            .iter()
            .filter(|p| p.required)
            .flat_map(|p| self.query_pairs(p, &self.value(&p.ty, rng)))
            .collect();
        query_string(&pairs)
    }

    /// The `name=value` pairs that carry `value`: one per item for a list.
    fn query_pairs(&self, p: &Param, value: &Json) -> Vec<(String, String)> {
        match value {
            Json::Array(items) if items.is_empty() => Vec::new(),
            Json::Array(items) => items
                .iter()
                .map(|item| (p.wire_name.clone(), self.text(item)))
                .collect(),
            other => vec![(p.wire_name.clone(), self.text(other))],
        }
    }

    pub(super) fn params(&mut self) {
        let labels = self.op.request.labels.clone();
        for p in &labels {
            self.label_cases(p);
        }
        let query = self.op.request.query.clone();
        for p in &query {
            self.query_cases(p);
        }
    }

    /// The base request with the body it always has.
    fn base_request(&self) -> Request {
        let id = self.minimal_id();
        let body = match self.body() {
            Some(_) => bytes(&self.base(None, false, &mut self.rng(&id))),
            None => Vec::new(),
        };
        self.request(body)
    }

    fn label_cases(&mut self, p: &Param) {
        let subject = format!("path.{}", p.wire_name);
        let at = format!("/{}", p.wire_name);
        let mut rng = self.rng(&self.minimal_id());
        let base: Vec<(String, String)> = self
            .op
            .request
            .labels
            .iter()
            .map(|l| (l.wire_name.clone(), self.text(&self.value(&l.ty, &mut rng))))
            .collect();
        let with = |d: &Self, text: &str| -> String {
            let values: Vec<(String, String)> = base
                .iter()
                .map(|(n, v)| {
                    if *n == p.wire_name {
                        (n.clone(), text.to_string())
                    } else {
                        (n.clone(), v.clone())
                    }
                })
                .collect();
            d.path_with(&values)
        };
        // Empty.
        let id = self.id(false, &subject, "empty");
        let mut request = self.base_request();
        request.path = with(self, "");
        let broken = Broken::one(violated(Location::Path, &at, Rule::Required), Kind::Routing);
        self.push_request(
            id,
            format!("The label `{}` is empty.", p.wire_name),
            request,
            Credentials::Valid,
            Some(broken),
        );
        // Percent-encoded: a valid value with its first character written as `%XX`.
        let typical = base
            .iter()
            .find(|(n, _)| *n == p.wire_name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if let Some(first) = typical.chars().next() {
            let mut encoded = String::new();
            let mut buf = [0u8; 4];
            for b in first.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{b:02X}"));
            }
            let rest: String = typical.chars().skip(1).collect();
            let encoded = format!("{encoded}{}", utf8_percent_encode(&rest, UNRESERVED));
            let id = self.id(true, &subject, "percentEncoded");
            let mut request = self.base_request();
            let values: Vec<(String, String)> = base.clone();
            let plain = self.path_with(&values);
            let marker = utf8_percent_encode(&typical, UNRESERVED).to_string();
            request.path =
                replace_label(&plain, &self.op.segments, &p.wire_name, &marker, &encoded);
            let summary = format!(
                "The label `{}` with its first character percent-encoded.",
                p.wire_name
            );
            self.push_request(id, summary, request, Credentials::Valid, None);
        }
        // An empty label is the `empty` case above, whatever rule it breaks.
        for value in self
            .param_values(&subject, &p.wire_name, &p.ty)
            .into_iter()
            .filter(|v| v.texts.iter().any(|t| !t.is_empty()))
            // A URL parser removes `.` and `..` segments before they are sent.
            .filter(|v| v.texts.iter().all(|t| t != "." && t != ".."))
        {
            let id = self.id(value.valid, &subject, &value.label);
            let mut request = self.base_request();
            request.path = with(self, &value.texts.join(","));
            let broken = value.rule.map(|rule| Broken {
                violated: violated(Location::Path, &at, rule),
                also: value
                    .also
                    .iter()
                    .map(|r| violated(Location::Path, &at, *r))
                    .collect(),
                kind: Kind::Answer(value.answer),
            });
            self.push_request(id, value.summary, request, Credentials::Valid, broken);
        }
    }

    fn query_cases(&mut self, p: &Param) {
        let subject = format!("query.{}", p.wire_name);
        let at = format!("/{}", p.wire_name);
        let with = |d: &Self, request: &mut Request, pairs: Vec<(String, String)>| {
            let mut rng = d.rng(&d.minimal_id());
            let mut all: Vec<(String, String)> =
                d.op.request
                    .query
                    .iter()
                    .filter(|q| q.required && q.wire_name != p.wire_name)
                    .flat_map(|q| d.query_pairs(q, &d.value(&q.ty, &mut rng)))
                    .collect();
            all.extend(pairs);
            request.query = query_string(&all);
        };
        if p.required {
            let id = self.id(false, &subject, "required");
            let mut request = self.base_request();
            with(self, &mut request, Vec::new());
            let broken = Broken::one(
                violated(Location::Query, &at, Rule::Required),
                Kind::Answer(Answer::Validation),
            );
            self.push_request(
                id,
                format!("No `{}` query parameter.", p.wire_name),
                request,
                Credentials::Valid,
                Some(broken),
            );
        } else {
            let id = self.id(true, &subject, "present");
            let mut rng = self.rng(&id);
            let value = self.full_value(&p.ty, &mut rng);
            let mut request = self.base_request();
            with(self, &mut request, self.query_pairs(p, &value));
            let summary = format!(
                "The optional `{}` query parameter with a valid value.",
                p.wire_name
            );
            self.push_request(id, summary, request, Credentials::Valid, None);
        }
        for value in self.param_values(&subject, &p.wire_name, &p.ty) {
            let id = self.id(value.valid, &subject, &value.label);
            let mut request = self.base_request();
            let pairs: Vec<(String, String)> = value
                .texts
                .iter()
                .map(|t| (p.wire_name.clone(), t.clone()))
                .collect();
            with(self, &mut request, pairs);
            let broken = value.rule.map(|rule| {
                let at = if value.item {
                    format!("{at}/0")
                } else {
                    at.clone()
                };
                Broken {
                    violated: violated(Location::Query, &at, rule),
                    also: value
                        .also
                        .iter()
                        .map(|r| violated(Location::Query, &at, *r))
                        .collect(),
                    kind: Kind::Answer(value.answer),
                }
            });
            self.push_request(id, value.summary, request, Credentials::Valid, broken);
        }
    }

    /// The values of a parameter or header of type `ty`: ill-typed text, each broken rule and
    /// each bound. A list's items are given one by one: a query repeats the parameter, a header
    /// joins them with commas.
    pub(super) fn param_values(&self, subject: &str, name: &str, ty: &Type) -> Vec<ParamValue> {
        let mut out = Vec::new();
        let (scalar, list) = match ty {
            Type::Array(array) => (&array.items, Some(array)),
            other => (other, None),
        };
        let others = |d: &Self, first: String| -> Vec<String> {
            let mut texts = vec![first];
            if let Some(array) = list {
                let min = array.min_items.unwrap_or(1).max(1) as usize;
                let mut r = d.rng(subject);
                for i in 1..min {
                    texts.push(d.text(&d.item(&array.items, i, &mut r, false, 1)));
                }
            }
            texts
        };
        if !matches!(
            scalar,
            Type::String(_)
                | Type::Blob(_)
                | Type::Timestamp(
                    crate::ir::TimestampFormat::DateTime | crate::ir::TimestampFormat::HttpDate
                )
        ) {
            out.push(ParamValue {
                valid: false,
                texts: others(self, "conform".into()),
                label: "type".into(),
                rule: Some(Rule::Type),
                also: Vec::new(),
                item: list.is_some(),
                answer: Answer::Serialization,
                summary: format!("`{name}` is not a {}.", type_word(scalar)),
            });
        }
        // Text a lenient number reader takes; a float's `Infinity` and `NaN` are values in
        // restJson1, so only an integer gets them.
        let tokens = super::invalid::NOT_JSON_NUMBERS
            .iter()
            .filter(|(kind, _)| match scalar {
                Type::Integer(_) => true,
                Type::Number(_) => matches!(*kind, "letters" | "hexadecimal"),
                _ => false,
            });
        for (kind, token) in tokens {
            out.push(ParamValue {
                valid: false,
                texts: others(self, (*token).to_string()),
                label: format!("type.{kind}"),
                rule: Some(Rule::Type),
                also: Vec::new(),
                item: list.is_some(),
                answer: Answer::Serialization,
                summary: format!("`{name}` is `{token}`, not a {}.", type_word(scalar)),
            });
        }
        let prefix = if list.is_some() { "item." } else { "" };
        let id_of = |label: &str| self.id(false, subject, &format!("{prefix}{label}"));
        for miss in self.misses(name, scalar, &id_of) {
            out.push(ParamValue {
                valid: false,
                texts: others(self, self.text(&miss.value)),
                label: format!("{prefix}{}", miss.label),
                rule: Some(miss.rule),
                also: miss.also,
                item: list.is_some(),
                answer: miss.answer,
                summary: miss.summary,
            });
        }
        let valid_of = |label: &str| self.id(true, subject, &format!("{prefix}{label}"));
        for bound in self.bounds(name, scalar, &valid_of) {
            out.push(ParamValue {
                valid: true,
                texts: others(self, self.text(&bound.value)),
                label: format!("{prefix}{}", bound.label),
                rule: None,
                also: Vec::new(),
                item: false,
                answer: Answer::Validation,
                summary: bound.summary,
            });
        }
        if let Some(array) = list {
            let mut r = self.rng(subject);
            let item = |i: usize, r: &mut Rng| self.text(&self.item(&array.items, i, r, false, 1));
            if let Some(min) = array.min_items.filter(|m| *m > 1) {
                let texts: Vec<String> = (0..min as usize - 1).map(|i| item(i, &mut r)).collect();
                out.push(ParamValue {
                    valid: false,
                    texts,
                    label: "minItems".into(),
                    rule: Some(Rule::MinItems),
                    also: Vec::new(),
                    item: false,
                    answer: Answer::Validation,
                    summary: format!("`{name}` has {} values, under its minItems {min}.", min - 1),
                });
            }
            if let Some(max) = array.max_items {
                let texts: Vec<String> = (0..max as usize + 1).map(|i| item(i, &mut r)).collect();
                out.push(ParamValue {
                    valid: false,
                    texts,
                    label: "maxItems".into(),
                    rule: Some(Rule::MaxItems),
                    also: Vec::new(),
                    item: false,
                    answer: Answer::Validation,
                    summary: format!("`{name}` has {} values, over its maxItems {max}.", max + 1),
                });
            }
            if array.max_items.is_none_or(|m| m >= 2) {
                let texts: Vec<String> = (0..2).map(|i| item(i, &mut r)).collect();
                let unique = texts[0] != texts[1] || !array.unique_items;
                if unique {
                    out.push(ParamValue {
                        valid: true,
                        texts,
                        label: "many".into(),
                        rule: None,
                        also: Vec::new(),
                        item: false,
                        answer: Answer::Validation,
                        summary: format!("`{name}` with two values."),
                    });
                }
            }
        }
        out
    }
}

fn type_word(ty: &Type) -> &'static str {
    match ty {
        Type::Integer(_) => "whole number",
        Type::Number(_) => "number",
        Type::Boolean => "boolean",
        Type::Timestamp(_) => "timestamp",
        _ => "value of its type",
    }
}

/// `name=value` pairs, each percent-encoded, joined with `&`.
fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(n, UNRESERVED),
                utf8_percent_encode(v, UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` with the label `name`'s text `from` replaced by `to`.
fn replace_label(path: &str, segments: &[Segment], name: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    for segment in segments {
        match segment {
            Segment::Literal(text) => {
                out.push_str(text);
                rest = rest.strip_prefix(text.as_str()).unwrap_or(rest);
            }
            Segment::Label { name: label, .. } => {
                let end = rest.find('/').unwrap_or(rest.len());
                let (value, after) = if segments.last() == Some(segment) {
                    (rest, "")
                } else {
                    rest.split_at(end)
                };
                if label == name && value == from {
                    out.push_str(to);
                } else {
                    out.push_str(value);
                }
                rest = after;
            }
        }
    }
    out
}
