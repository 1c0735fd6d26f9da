//! Compares one operation of the spec with the same operation of a model, both lowered to the
//! IR, and lists every difference. Members are matched by their path from the operation (wire
//! names), never by the names either side gives its structures, and never by order.

mod http;
mod members;
mod show;
mod types;

pub use show::normalised_text;
use show::*;
use types::*;

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
    pub(super) fn push(
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
    pub(super) fn differ(
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

    pub(super) fn run(&mut self) {
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

    pub(super) fn errors(&mut self) {
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
