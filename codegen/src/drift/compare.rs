//! Compares one operation of the spec with the same operation of a model, both lowered to the
//! IR, and lists every difference. Members are matched by their path from the operation (wire
//! names), never by the names either side gives its structures, and never by order.

use super::places::escape;
use crate::ir::{
    Auth, Body, ErrorDef, ErrorNaming, Header, HeaderRule, Literal, Member, Operation, Origin,
    Param, Type,
};
use std::collections::BTreeSet;

/// One difference: the spec says `spec`, the model says `model`.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub rule: &'static str,
    /// The spec pointer of what differs, in the file of `spec_at`.
    pub subject: String,
    pub spec: Option<String>,
    pub model: Option<String>,
    pub spec_at: Option<Origin>,
    pub model_at: Option<Origin>,
}

/// Finds the spec pointer of an IR origin.
pub trait Pointers {
    fn pointer(&mut self, origin: &Origin) -> Option<String>;
}

/// Which way a value travels, which decides how a change of it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Direction {
    Request,
    Response,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// Headers every HTTP exchange may carry, which the documents list or leave out at will.
const PLUMBING: [&str; 3] = ["content-type", "content-length", "accept"];

struct Comparer<'a, 'p> {
    spec: &'a Operation,
    model: &'a Operation,
    pointers: &'p mut dyn Pointers,
    out: Vec<Difference>,
    /// Pairs of structs already compared, so a recursive type is walked once.
    seen: BTreeSet<(Direction, String, String)>,
    /// Whether the value being compared is a secret, whose allowed values are not shown.
    sensitive: bool,
}

/// Every difference between `spec` and `model`, which are the same operation.
pub fn operation(
    spec: &Operation,
    model: &Operation,
    pointers: &mut dyn Pointers,
) -> Vec<Difference> {
    let mut c = Comparer {
        spec,
        model,
        pointers,
        out: Vec::new(),
        seen: BTreeSet::new(),
        sensitive: false,
    };
    c.run();
    c.out
}

fn text(value: impl ToString) -> Option<String> {
    Some(value.to_string())
}

impl Comparer<'_, '_> {
    fn push(
        &mut self,
        rule: &'static str,
        subject: String,
        spec: Option<String>,
        model: Option<String>,
        spec_at: Option<&Origin>,
        model_at: Option<&Origin>,
    ) {
        self.out.push(Difference {
            rule,
            subject,
            spec,
            model,
            spec_at: spec_at.cloned(),
            model_at: model_at.cloned(),
        });
    }

    /// A finding of `rule` where the spec's `spec` and the model's `model` differ.
    fn differ(
        &mut self,
        rule: &'static str,
        subject: &str,
        spec: String,
        model: String,
        s: &Origin,
        m: &Origin,
    ) {
        if spec != model {
            self.push(
                rule,
                subject.to_string(),
                Some(spec),
                Some(model),
                Some(s),
                Some(m),
            );
        }
    }

    fn run(&mut self) {
        let (spec, model) = (self.spec, self.model);
        let protocol = |p: crate::ir::Protocol| format!("{p:?}");
        // What the whole operation says: (rule, subject, the spec's, the model's, whether they
        // agree).
        let facts = [
            (
                "operation-renamed",
                "/operation",
                spec.name.clone(),
                model.name.clone(),
                spec.name == model.name,
            ),
            (
                "method-changed",
                "/http/method",
                spec.method.clone(),
                model.method.clone(),
                spec.method == model.method,
            ),
            (
                "path-changed",
                "/http/path",
                spec.path.clone(),
                model.path.clone(),
                normalised_path(&spec.path) == normalised_path(&model.path),
            ),
            (
                "protocol-changed",
                "/protocol",
                protocol(spec.protocol),
                protocol(model.protocol),
                spec.protocol == model.protocol,
            ),
            (
                "auth-changed",
                "/auth",
                auth(&spec.auth),
                auth(&model.auth),
                spec.auth == model.auth,
            ),
        ];
        for (rule, subject, a, b, same) in facts {
            if !same {
                self.push(
                    rule,
                    subject.into(),
                    Some(a),
                    Some(b),
                    Some(&spec.origin),
                    Some(&model.origin),
                );
            }
        }
        if spec.response.status != model.response.status {
            self.push(
                "status-changed",
                "/response/status".into(),
                text(spec.response.status),
                text(model.response.status),
                Some(&spec.response.origin),
                Some(&model.response.origin),
            );
        }
        self.labels(&spec.request.labels, &model.request.labels);
        self.params("/request/query", &spec.request.query, &model.request.query);
        self.headers(
            "/request/headers",
            &spec.request.headers,
            &model.request.headers,
            Direction::Request,
        );
        self.body(spec.request.body.as_ref(), model.request.body.as_ref());
        self.headers(
            "/response/headers",
            &spec.response.headers,
            &model.response.headers,
            Direction::Response,
        );
        match (&spec.response.body, &model.response.body) {
            (Some(a), Some(b)) => self.structs(a, b, "/response/body", Direction::Response),
            (Some(_), None) => self.push(
                "response-required-member-removed",
                "/response/body".into(),
                text("a body"),
                text("no body"),
                Some(&spec.response.origin),
                Some(&model.response.origin),
            ),
            (None, Some(_)) => self.push(
                "response-member-added",
                "/response/body".into(),
                text("no body"),
                text("a body"),
                Some(&spec.response.origin),
                Some(&model.response.origin),
            ),
            (None, None) => {}
        }
        self.errors();
    }

    fn params(&mut self, at: &str, spec: &[Param], model: &[Param]) {
        let spec: Vec<Member> = spec.iter().map(Param::as_member).collect();
        let model: Vec<Member> = model.iter().map(Param::as_member).collect();
        self.members(&spec, &model, at, "", Direction::Request);
    }

    /// Path labels are matched by their place in the path: their names never reach the wire.
    fn labels(&mut self, spec: &[Param], model: &[Param]) {
        if spec.len() != model.len() {
            return self.params("/request/path", spec, model);
        }
        for (s, m) in spec.iter().zip(model) {
            let (s, m) = (s.as_member(), m.as_member());
            let subject = self
                .pointers
                .pointer(&s.origin)
                .unwrap_or_else(|| format!("/request/path/{}", escape(&s.wire_name)));
            if s.wire_name != m.wire_name {
                self.push(
                    "label-renamed",
                    subject.clone(),
                    text(&s.wire_name),
                    text(&m.wire_name),
                    Some(&s.origin),
                    Some(&m.origin),
                );
            }
            self.member(&s, &m, &subject, Direction::Request);
        }
    }

    fn headers(&mut self, at: &str, spec: &[Header], model: &[Header], direction: Direction) {
        let auth_header = match &self.spec.auth {
            Auth::Bearer { header, .. } => Some(header.to_ascii_lowercase()),
            Auth::AwsSigV4 { .. } | Auth::None => None,
        };
        let plumbing = |h: &Header| {
            let name = h.name.to_ascii_lowercase();
            PLUMBING.contains(&name.as_str()) || auth_header.as_deref() == Some(name.as_str())
        };
        for s in spec {
            let subject = format!("{at}/{}", escape(&s.name));
            let Some(m) = model.iter().find(|m| m.name.eq_ignore_ascii_case(&s.name)) else {
                if !plumbing(s) {
                    self.removed(direction, subject, s.required, Some(&s.origin), None);
                }
                continue;
            };
            self.flags(
                direction,
                &subject,
                (s.required, s.sensitive),
                (m.required, m.sensitive),
                &s.origin,
                &m.origin,
            );
            match (&s.rule, &m.rule) {
                (HeaderRule::Typed(a), HeaderRule::Typed(b)) => {
                    self.sensitive = s.sensitive || m.sensitive;
                    self.ty(a, b, &subject, direction, &s.origin, &m.origin);
                    self.sensitive = false;
                }
                (a, b) => {
                    let secret = s.sensitive || m.sensitive;
                    let (a, b) = (header_rule(a, secret), header_rule(b, secret));
                    self.differ("header-value-changed", &subject, a, b, &s.origin, &m.origin);
                }
            }
            self.docs(
                &subject,
                s.description.as_deref(),
                m.description.as_deref(),
                &s.origin,
                &m.origin,
            );
        }
        for m in model {
            if !spec.iter().any(|s| s.name.eq_ignore_ascii_case(&m.name)) && !plumbing(m) {
                let subject = format!("{at}/{}", escape(&m.name));
                let near = spec.first().map(|h| h.origin.clone());
                self.added(direction, subject, m.required, &m.origin, near.as_ref());
            }
        }
    }

    fn body(&mut self, spec: Option<&Body>, model: Option<&Body>) {
        // A member every branch of an either-or body requires is required.
        let members = |b: Option<&Body>| -> Vec<Member> {
            let Some(b) = b else { return Vec::new() };
            b.members
                .iter()
                .map(|m| Member {
                    required: b.requires(m),
                    ..m.clone()
                })
                .collect()
        };
        let (spec_members, model_members) = (members(spec), members(model));
        self.members(
            &spec_members,
            &model_members,
            "/request/body",
            "/properties",
            Direction::Request,
        );
        let variants = |b: Option<&Body>| -> Vec<String> {
            let mut v: Vec<String> = b
                .map(|b| {
                    b.variants
                        .iter()
                        .map(|v| format!("{{{}}}", v.required.join(", ")))
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        let (a, b) = (variants(spec), variants(model));
        if a != b {
            let show = |v: &[String]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(" | ")
                }
            };
            self.push(
                "variants-changed",
                "/request/body/oneOf".into(),
                text(show(&a)),
                text(show(&b)),
                Some(&self.spec.origin),
                Some(&self.model.origin),
            );
        }
    }

    /// Compares the structs named `spec` and `model` (one in each operation).
    fn structs(&mut self, spec: &str, model: &str, at: &str, direction: Direction) {
        if !self
            .seen
            .insert((direction, spec.to_string(), model.to_string()))
        {
            return;
        }
        let (Some(a), Some(b)) = (self.spec.struct_named(spec), self.model.struct_named(model))
        else {
            return;
        };
        let (a, b) = (a.members.clone(), b.members.clone());
        self.members(&a, &b, at, "/properties", direction);
    }

    /// Compares two member lists. `at` is the owner's pointer; a member without a pointer of its
    /// own is `at` + `join` + `/name`.
    fn members(
        &mut self,
        spec: &[Member],
        model: &[Member],
        at: &str,
        join: &str,
        direction: Direction,
    ) {
        // A member's own pointer names its owner too, which is more exact than `at` where the
        // owner is a named schema.
        let owner = spec
            .iter()
            .find_map(|m| {
                let p = self.pointers.pointer(&m.origin)?;
                let tail = format!("{join}/{}", escape(&m.wire_name));
                p.strip_suffix(&tail).map(str::to_string)
            })
            .unwrap_or_else(|| at.to_string());
        let mut matched = BTreeSet::new();
        for s in spec {
            let subject = self
                .pointers
                .pointer(&s.origin)
                .unwrap_or_else(|| format!("{owner}{join}/{}", escape(&s.wire_name)));
            let found = model
                .iter()
                .position(|m| m.wire_name == s.wire_name)
                .or_else(|| {
                    model.iter().position(|m| {
                        m.wire_name.eq_ignore_ascii_case(&s.wire_name)
                            && !spec.iter().any(|o| o.wire_name == m.wire_name)
                    })
                });
            let Some(i) = found else {
                self.removed(direction, subject, s.required, Some(&s.origin), None);
                continue;
            };
            matched.insert(i);
            let m = &model[i];
            if m.wire_name != s.wire_name {
                self.push(
                    "member-case-changed",
                    subject.clone(),
                    text(&s.wire_name),
                    text(&m.wire_name),
                    Some(&s.origin),
                    Some(&m.origin),
                );
            }
            self.member(s, m, &subject, direction);
        }
        for (i, m) in model.iter().enumerate() {
            if !matched.contains(&i) {
                let subject = format!("{owner}{join}/{}", escape(&m.wire_name));
                let near = spec.first().map(|s| s.origin.clone());
                self.added(direction, subject, m.required, &m.origin, near.as_ref());
            }
        }
    }

    fn member(&mut self, s: &Member, m: &Member, subject: &str, direction: Direction) {
        self.flags(
            direction,
            subject,
            (s.required, s.sensitive),
            (m.required, m.sensitive),
            &s.origin,
            &m.origin,
        );
        // A reader never needs the default of a member that is always there.
        if s.default != m.default && !(s.required && m.required) {
            // The default of a secret is a secret too: say that it changed, not what it is.
            let show = |d: &Option<Literal>| match d {
                Some(_) if s.sensitive || m.sensitive => Some("(sensitive)".to_string()),
                d => d.as_ref().map(literal),
            };
            let (a, b) = (show(&s.default), show(&m.default));
            self.push(
                "default-changed",
                subject.to_string(),
                a,
                b,
                Some(&s.origin),
                Some(&m.origin),
            );
        }
        self.docs(
            subject,
            s.description.as_deref(),
            m.description.as_deref(),
            &s.origin,
            &m.origin,
        );
        self.sensitive = s.sensitive || m.sensitive;
        self.ty(&s.ty, &m.ty, subject, direction, &s.origin, &m.origin);
        self.sensitive = false;
    }

    fn flags(
        &mut self,
        direction: Direction,
        subject: &str,
        spec: (bool, bool),
        model: (bool, bool),
        s: &Origin,
        m: &Origin,
    ) {
        let word = |required: bool| if required { "required" } else { "optional" };
        if spec.0 != model.0 {
            let rule = match (direction, model.0) {
                (Direction::Request, false) => "request-member-became-optional",
                (Direction::Request, true) => "request-member-became-required",
                (Direction::Response, false) => "response-member-became-optional",
                (Direction::Response, true) => "response-member-became-required",
            };
            self.push(
                rule,
                subject.to_string(),
                text(word(spec.0)),
                text(word(model.0)),
                Some(s),
                Some(m),
            );
        }
        if spec.1 != model.1 {
            let word = |sensitive: bool| {
                if sensitive {
                    "sensitive"
                } else {
                    "not sensitive"
                }
            };
            let rule = if model.1 {
                "sensitive-added"
            } else {
                "sensitive-removed"
            };
            self.push(
                rule,
                subject.to_string(),
                text(word(spec.1)),
                text(word(model.1)),
                Some(s),
                Some(m),
            );
        }
    }

    fn removed(
        &mut self,
        direction: Direction,
        subject: String,
        required: bool,
        s: Option<&Origin>,
        m: Option<&Origin>,
    ) {
        let rule = match (direction, required) {
            (Direction::Request, _) => "request-member-removed",
            (Direction::Response, true) => "response-required-member-removed",
            (Direction::Response, false) => "response-member-removed",
        };
        let word = if required { "required" } else { "optional" };
        self.push(rule, subject, text(word), None, s, m);
    }

    /// `near` is where the spec states the owner of the added member, if anywhere.
    fn added(
        &mut self,
        direction: Direction,
        subject: String,
        required: bool,
        m: &Origin,
        near: Option<&Origin>,
    ) {
        let rule = match (direction, required) {
            (Direction::Request, true) => "request-required-member-added",
            (Direction::Request, false) => "request-member-added",
            (Direction::Response, _) => "response-member-added",
        };
        let word = if required { "required" } else { "optional" };
        let spec_at = near.cloned().unwrap_or_else(|| self.spec.origin.clone());
        self.push(rule, subject, None, text(word), Some(&spec_at), Some(m));
    }

    fn docs(
        &mut self,
        subject: &str,
        spec: Option<&str>,
        model: Option<&str>,
        s: &Origin,
        m: &Origin,
    ) {
        // The spec copies a page; where it says nothing there is nothing to compare.
        let (Some(a), Some(b)) = (spec, model) else {
            return;
        };
        let (a, b) = (normalised_text(a), normalised_text(b));
        if a != b {
            self.push(
                "documentation-changed",
                subject.to_string(),
                text(a),
                text(b),
                Some(s),
                Some(m),
            );
        }
    }

    fn ty(
        &mut self,
        spec: &Type,
        model: &Type,
        subject: &str,
        direction: Direction,
        s: &Origin,
        m: &Origin,
    ) {
        let at = At {
            subject: subject.to_string(),
            direction,
            s: s.clone(),
            m: m.clone(),
        };
        // A count's minimum of 0 is no minimum, however a document writes it.
        let count = |v: Option<u64>| v.filter(|&n| n > 0).map(i128::from);
        let int = |v: Option<i64>| v.map(i128::from);
        // Numbers are compared to a millionth, which is finer than any documented bound.
        let real = |v: Option<f64>| v.map(|v| (v * 1e6) as i128);
        match (spec, model) {
            (Type::String(a), Type::String(b)) => {
                let (pa, pb) = (
                    a.pattern.as_ref().map(|p| p.source.clone()),
                    b.pattern.as_ref().map(|p| p.source.clone()),
                );
                let pattern = match (&pa, &pb) {
                    _ if pa == pb => None,
                    (None, Some(_)) => Some(Change::Narrowed),
                    (Some(_), None) => Some(Change::Widened),
                    _ => Some(Change::Changed),
                };
                let format = |f: Option<crate::ir::StringFormat>| f.map_or("none", |f| f.as_str());
                self.bounded(
                    &at,
                    "length",
                    (a.min_length, a.max_length),
                    (b.min_length, b.max_length),
                    count,
                );
                self.constraint(&at, "pattern", pattern, pa, pb);
                self.enumeration(&at, &a.enumeration, &b.enumeration);
                self.format(&at, format(a.format), format(b.format));
            }
            (Type::Integer(a), Type::Integer(b)) => {
                let values = |t: &crate::ir::IntegerType| -> Vec<String> {
                    t.enumeration.iter().map(i64::to_string).collect()
                };
                self.bounded(
                    &at,
                    "range",
                    (a.minimum, a.maximum),
                    (b.minimum, b.maximum),
                    int,
                );
                self.enumeration(&at, &values(a), &values(b));
                self.format(&at, a.format.as_str(), b.format.as_str());
            }
            (Type::Number(a), Type::Number(b)) => {
                self.bounded(
                    &at,
                    "range",
                    (a.minimum, a.maximum),
                    (b.minimum, b.maximum),
                    real,
                );
                self.format(&at, a.format.as_str(), b.format.as_str());
            }
            (Type::Timestamp(a), Type::Timestamp(b)) => self.format(&at, a.as_str(), b.as_str()),
            (Type::Blob(a), Type::Blob(b)) => {
                self.bounded(
                    &at,
                    "length",
                    (a.min_length, a.max_length),
                    (b.min_length, b.max_length),
                    count,
                );
            }
            (Type::Array(a), Type::Array(b)) => {
                let counts = bounds(
                    (count(a.min_items), count(a.max_items)),
                    (count(b.min_items), count(b.max_items)),
                );
                let unique = match (a.unique_items, b.unique_items) {
                    (false, true) => Some(Change::Narrowed),
                    (true, false) => Some(Change::Widened),
                    _ => None,
                };
                let how = match (counts, unique) {
                    (Some(x), Some(y)) if x != y => Some(Change::Changed),
                    (x, y) => x.or(y),
                };
                let show = |t: &crate::ir::ArrayType| {
                    let unique = if t.unique_items { " unique" } else { "" };
                    format!("{}{unique}", range(t.min_items, t.max_items))
                };
                self.constraint(&at, "items", how, text(show(a)), text(show(b)));
                self.ty(
                    &a.items,
                    &b.items,
                    &format!("{subject}/items"),
                    direction,
                    s,
                    m,
                );
            }
            (Type::Map(a), Type::Map(b)) => {
                let (sa, sb) = (
                    (a.min_properties, a.max_properties),
                    (b.min_properties, b.max_properties),
                );
                self.bounded(&at, "entries", sa, sb, count);
                let (ka, kb) = (Type::String(a.keys.clone()), Type::String(b.keys.clone()));
                self.ty(
                    &ka,
                    &kb,
                    &format!("{subject}/propertyNames"),
                    direction,
                    s,
                    m,
                );
                let values = format!("{subject}/additionalProperties");
                self.ty(&a.values, &b.values, &values, direction, s, m);
            }
            (Type::Struct(a), Type::Struct(b)) => self.structs(a, b, subject, direction),
            (Type::Boolean, Type::Boolean) | (Type::AnyObject, Type::AnyObject) => {}
            (a, b) => {
                self.push(
                    "type-changed",
                    subject.into(),
                    text(kind(a)),
                    text(kind(b)),
                    Some(s),
                    Some(m),
                );
            }
        }
    }

    /// A pair of bounds of kind `kind` (`length`, `range`, `entries`), shown as `min..=max`.
    fn bounded<T: Copy + std::fmt::Display>(
        &mut self,
        at: &At,
        kind: &str,
        spec: (Option<T>, Option<T>),
        model: (Option<T>, Option<T>),
        scale: impl Fn(Option<T>) -> Option<i128>,
    ) {
        let how = bounds(
            (scale(spec.0), scale(spec.1)),
            (scale(model.0), scale(model.1)),
        );
        let (a, b) = (range(spec.0, spec.1), range(model.0, model.1));
        self.constraint(at, kind, how, text(a), text(b));
    }

    fn enumeration(&mut self, at: &At, spec: &[String], model: &[String]) {
        if self.sensitive {
            let shown = |v: &[String]| text(format!("{} values (sensitive)", v.len()));
            let (a, b) = (shown(spec), shown(model));
            return self.constraint(at, "enum", sets(spec, model), a, b);
        }
        self.constraint(
            at,
            "enum",
            sets(spec, model),
            text(list(spec)),
            text(list(model)),
        );
    }

    fn format(&mut self, at: &At, spec: &str, model: &str) {
        let how = (spec != model).then_some(Change::Changed);
        self.constraint(at, "format", how, text(spec), text(model));
    }

    /// A finding for a change `how` of a constraint of kind `kind`, where there is one.
    fn constraint(
        &mut self,
        at: &At,
        kind: &str,
        how: Option<Change>,
        spec: Option<String>,
        model: Option<String>,
    ) {
        if let Some(how) = how {
            let rule = rule_id(at.direction.as_str(), kind, how);
            self.push(
                rule,
                at.subject.clone(),
                spec,
                model,
                Some(&at.s),
                Some(&at.m),
            );
        }
    }

    fn errors(&mut self) {
        let (spec, model) = (self.spec, self.model);
        let mut matched = BTreeSet::new();
        for s in &spec.errors {
            let subject = format!("/errors/{}", escape(&s.name));
            let found = model
                .errors
                .iter()
                .position(|m| m.name == s.name)
                .or_else(|| {
                    let same: Vec<usize> = (0..model.errors.len())
                        .filter(|&i| {
                            model.errors[i].status == s.status
                                && !spec.errors.iter().any(|o| o.name == model.errors[i].name)
                        })
                        .collect();
                    (same.len() == 1).then(|| same[0])
                });
            let Some(i) = found else {
                // Errors every action of a protocol returns are not the model's to list.
                if s.common {
                    continue;
                }
                self.push(
                    "error-removed",
                    subject,
                    text(describe(s)),
                    None,
                    Some(&s.origin),
                    Some(&model.origin),
                );
                continue;
            };
            matched.insert(i);
            let m = &model.errors[i];
            let (a, b) = (s.status.to_string(), m.status.to_string());
            self.differ("error-status-changed", &subject, a, b, &s.origin, &m.origin);
            let (a, b) = (naming(&s.naming, &s.name), naming(&m.naming, &m.name));
            self.differ("error-naming-changed", &subject, a, b, &s.origin, &m.origin);
            self.structs(
                &s.body,
                &m.body,
                &format!("{subject}/body"),
                Direction::Response,
            );
        }
        for (i, m) in model.errors.iter().enumerate() {
            if !matched.contains(&i) {
                let subject = format!("/errors/{}", escape(&m.name));
                self.push(
                    "error-added",
                    subject,
                    None,
                    text(describe(m)),
                    Some(&spec.origin),
                    Some(&m.origin),
                );
            }
        }
    }
}

/// Where a type is compared: its subject, which way it travels, and both origins.
struct At {
    subject: String,
    direction: Direction,
    s: Origin,
    m: Origin,
}

/// How a constraint changed from the spec to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Widened,
    Narrowed,
    Changed,
}

fn rule_id(direction: &str, kind: &str, how: Change) -> &'static str {
    let how = match how {
        Change::Widened if kind != "format" => "widened",
        Change::Narrowed if kind != "format" => "narrowed",
        _ => "changed",
    };
    let id = format!("{direction}-{kind}-{how}");
    super::rules::rule(&id).map_or("type-changed", |r| r.id.as_str())
}

/// How the bounds `spec` (least, greatest) became `model`; `None` where they are the same. An
/// absent bound is no bound.
fn bounds(
    spec: (Option<i128>, Option<i128>),
    model: (Option<i128>, Option<i128>),
) -> Option<Change> {
    let side = |a: Option<i128>, b: Option<i128>, wider: fn(i128, i128) -> bool| match (a, b) {
        _ if a == b => None,
        (None, _) => Some(Change::Narrowed),
        (_, None) => Some(Change::Widened),
        (Some(x), Some(y)) => Some(if wider(x, y) {
            Change::Widened
        } else {
            Change::Narrowed
        }),
    };
    let lower = side(spec.0, model.0, |x, y| y < x);
    let upper = side(spec.1, model.1, |x, y| y > x);
    match (lower, upper) {
        (Some(x), Some(y)) if x != y => Some(Change::Changed),
        (x, y) => x.or(y),
    }
}

/// How the allowed values `a` became `b`, an empty list allowing anything.
fn sets(a: &[String], b: &[String]) -> Option<Change> {
    let (x, y): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    if x == y {
        return None;
    }
    Some(if x.is_empty() || (!y.is_empty() && y.is_superset(&x)) {
        if x.is_empty() {
            Change::Narrowed
        } else {
            Change::Widened
        }
    } else if y.is_empty() || y.is_subset(&x) {
        if y.is_empty() {
            Change::Widened
        } else {
            Change::Narrowed
        }
    } else {
        Change::Changed
    })
}

fn range<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    let show = |v: Option<T>| v.map(|v| v.to_string()).unwrap_or_default();
    format!("{}..={}", show(min), show(max))
}

fn list(values: &[String]) -> String {
    if values.is_empty() {
        "any".to_string()
    } else {
        values.join(", ")
    }
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::String(s) => s.clone(),
        Literal::Integer(n) => n.to_string(),
        Literal::Number(n) => n.to_string(),
        Literal::Boolean(b) => b.to_string(),
    }
}

fn kind(ty: &Type) -> &'static str {
    match ty {
        Type::String(_) => "string",
        Type::Integer(_) => "integer",
        Type::Number(_) => "number",
        Type::Boolean => "boolean",
        Type::Timestamp(_) => "timestamp",
        Type::Blob(_) => "blob",
        Type::Array(_) => "array",
        Type::Map(_) => "map",
        Type::Struct(_) => "object",
        Type::AnyObject => "any object",
    }
}

fn auth(auth: &Auth) -> String {
    match auth {
        Auth::AwsSigV4 { signing_name } => format!("aws-sigv4 (signing name {signing_name})"),
        Auth::Bearer { header, token_path } => match token_path {
            Some(path) => format!("bearer in {header} (tokens from {path})"),
            None => format!("bearer in {header}"),
        },
        Auth::None => "none".to_string(),
    }
}

fn header_rule(rule: &HeaderRule, sensitive: bool) -> String {
    match rule {
        HeaderRule::Any => "any value".to_string(),
        HeaderRule::Const(_) if sensitive => "exactly one value (sensitive)".to_string(),
        HeaderRule::Const(v) => format!("exactly `{v}`"),
        HeaderRule::MediaType(v) => format!("media type {v}"),
        HeaderRule::Pattern(p) => format!("pattern {}", p.source),
        HeaderRule::Typed(t) => format!("a {}", kind(t)),
    }
}

fn naming(naming: &ErrorNaming, name: &str) -> String {
    match naming {
        ErrorNaming::Header { header, value } => format!("{header}: {value}"),
        ErrorNaming::Member {
            member,
            status_member,
        } => match status_member {
            Some(status) => format!("{member} in the body (status in {status}), for {name}"),
            None => format!("{member} in the body, for {name}"),
        },
    }
}

fn describe(error: &ErrorDef) -> String {
    format!("{} ({})", error.name, error.status)
}

/// A path template with its label names set aside: `/a/{X}` and `/a/{Y}` are one path.
fn normalised_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_label = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_label = true;
                out.push_str("{}");
            }
            '}' => in_label = false,
            c if !in_label => out.push(c),
            _ => {}
        }
    }
    out
}

/// Documentation text without markup, with white space collapsed and a final period dropped.
pub fn normalised_text(text: &str) -> String {
    let mut words = crate::import::plain_text(&text.replace(['`', '*'], ""));
    for mark in [".", ",", ";", ":", ")"] {
        words = words.replace(&format!(" {mark}"), mark);
    }
    words.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_widened_narrowed_or_changed() {
        assert_eq!(
            bounds((Some(1), Some(100)), (Some(0), Some(100))),
            Some(Change::Widened)
        );
        assert_eq!(
            bounds((Some(1), Some(100)), (Some(1), None)),
            Some(Change::Widened)
        );
        assert_eq!(
            bounds((Some(1), None), (Some(1), Some(10))),
            Some(Change::Narrowed)
        );
        assert_eq!(
            bounds((Some(1), Some(100)), (Some(0), Some(50))),
            Some(Change::Changed)
        );
        assert_eq!(bounds((None, None), (None, None)), None);
    }

    #[test]
    fn enums_are_widened_narrowed_or_changed() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(sets(&v(&["a"]), &v(&["a", "b"])), Some(Change::Widened));
        assert_eq!(sets(&v(&["a", "b"]), &v(&["a"])), Some(Change::Narrowed));
        assert_eq!(sets(&v(&["a"]), &v(&["b"])), Some(Change::Changed));
        assert_eq!(sets(&v(&[]), &v(&["b"])), Some(Change::Narrowed));
        assert_eq!(sets(&v(&["a"]), &v(&[])), Some(Change::Widened));
        assert_eq!(sets(&v(&["b", "a"]), &v(&["a", "b"])), None);
    }

    #[test]
    fn documentation_ignores_markup_and_spacing() {
        assert_eq!(
            normalised_text("<p>The  ID of\n the <code>Outpost</code>.</p>"),
            "The ID of the Outpost"
        );
    }
}
