//! Proof that the cases cover the spec: an independent walk of the IR, for every operation of
//! both spec folders, lists every rule of every value (at any depth of the body, in every path
//! label, query parameter and header) and every bound, and finds a case for each.

use conform_codegen::cases::{self, Case};
use conform_codegen::ir::{Api, HeaderRule, Operation, Type};
use std::path::Path;

fn folder(name: &str) -> Api {
    conform_codegen::load_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)])
        .unwrap_or_else(|e| panic!("{name} is valid: {e}"))
}

/// What must be covered: an invalid case breaking `rule` at `pointer` (`*` matches any one
/// token) in `location`, or a valid case with the id suffix.
#[derive(Debug)]
enum Need {
    Invalid {
        location: &'static str,
        pointer: String,
        rule: &'static str,
    },
    Valid(String),
}

fn matches(pattern: &str, pointer: &str) -> bool {
    let a: Vec<&str> = pattern.split('/').collect();
    let b: Vec<&str> = pointer.split('/').collect();
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| *x == "*" || x == y)
}

struct Walk<'a> {
    op: &'a Operation,
    needs: Vec<Need>,
}

impl Walk<'_> {
    fn invalid(&mut self, location: &'static str, pointer: &str, rule: &'static str) {
        self.needs.push(Need::Invalid {
            location,
            pointer: pointer.to_string(),
            rule,
        });
    }

    fn valid(&mut self, subject: &str, rule: &str) {
        self.needs.push(Need::Valid(format!("{subject}.{rule}")));
    }

    /// The rules of a value of `ty` at `pointer`; `subject` is how valid case ids name it.
    fn value(
        &mut self,
        location: &'static str,
        pointer: &str,
        subject: &str,
        ty: &Type,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        match ty {
            Type::String(s) => {
                // An empty label is a missing one: minLength 1 is the `required` case there.
                let least = if location == "path" { 1 } else { 0 };
                if s.min_length.is_some_and(|n| n > least) {
                    self.invalid(location, pointer, "minLength");
                }
                if s.max_length.is_some() {
                    self.invalid(location, pointer, "maxLength");
                    self.valid(subject, "maxLength");
                }
                if s.min_length.is_some() {
                    self.valid(subject, "minLength");
                }
                if s.pattern.is_some() {
                    self.invalid(location, pointer, "pattern");
                    self.valid(subject, "pattern");
                }
                if s.format.is_some() {
                    self.invalid(location, pointer, "format");
                }
                if !s.enumeration.is_empty() {
                    self.invalid(location, pointer, "enum");
                }
            }
            Type::Integer(i) => {
                for (rule, bound) in [("minimum", i.minimum), ("maximum", i.maximum)] {
                    if bound.is_some() {
                        self.invalid(location, pointer, rule);
                        self.valid(subject, rule);
                    }
                }
                self.invalid(location, pointer, "format");
                if !i.enumeration.is_empty() {
                    self.invalid(location, pointer, "enum");
                }
            }
            Type::Number(n) => {
                for (rule, bound) in [("minimum", n.minimum), ("maximum", n.maximum)] {
                    if bound.is_some() {
                        self.invalid(location, pointer, rule);
                        self.valid(subject, rule);
                    }
                }
            }
            Type::Timestamp(format) => {
                let rule = match format {
                    conform_codegen::ir::TimestampFormat::EpochSeconds => "type",
                    _ => "format",
                };
                self.invalid(location, pointer, rule);
            }
            Type::Blob(_) => self.invalid(location, pointer, "format"),
            Type::Boolean | Type::AnyObject => {}
            Type::Array(array) => {
                // In a query or a header, no values at all is an absent parameter, not too few.
                let least = if location == "body" { 0 } else { 1 };
                if array.min_items.is_some_and(|n| n > least) {
                    self.invalid(location, pointer, "minItems");
                }
                if array.max_items.is_some() {
                    self.invalid(location, pointer, "maxItems");
                }
                if array.unique_items && location == "body" {
                    self.invalid(location, &format!("{pointer}/*"), "uniqueItems");
                }
                let item = format!("{pointer}/*");
                if location == "body" {
                    self.invalid(location, &item, "type");
                }
                let sub = format!("{subject}.item");
                self.value(location, &item, &sub, &array.items, depth + 1);
            }
            Type::Map(map) => {
                if map.min_properties.is_some_and(|n| n > 0) {
                    self.invalid(location, pointer, "minProperties");
                }
                if map.max_properties.is_some() {
                    self.invalid(location, pointer, "maxProperties");
                }
                let keyed = map.keys.min_length.is_some()
                    || map.keys.max_length.is_some()
                    || map.keys.pattern.is_some()
                    || !map.keys.enumeration.is_empty();
                if keyed {
                    self.invalid(location, &format!("{pointer}/*"), "propertyNames");
                }
                let value = format!("{pointer}/*");
                self.invalid(location, &value, "type");
                self.value(
                    location,
                    &value,
                    &format!("{subject}.value"),
                    &map.values,
                    depth + 1,
                );
            }
            Type::Struct(name) => {
                let Some(s) = self.op.struct_named(name) else {
                    panic!("{name} resolves");
                };
                if s.union {
                    self.invalid(location, pointer, "union");
                }
                for m in &s.members {
                    let p = format!("{pointer}/{}", m.wire_name);
                    if m.required && !s.union {
                        self.invalid(location, &p, "required");
                    }
                    self.invalid(location, &p, "type");
                    let sub = format!("{subject}.{}", m.wire_name);
                    self.value(location, &p, &sub, &m.ty, depth + 1);
                }
            }
        }
    }
}

fn needs(op: &Operation) -> Vec<Need> {
    let mut walk = Walk {
        op,
        needs: Vec::new(),
    };
    if let Some(body) = &op.request.body {
        for m in &body.members {
            let p = format!("/{}", m.wire_name);
            let required = m.required
                || (!body.variants.is_empty()
                    && body
                        .variants
                        .iter()
                        .all(|v| v.required.contains(&m.wire_name)));
            if required {
                walk.invalid("body", &p, "required");
            }
            walk.invalid("body", &p, "type");
            walk.value("body", &p, &m.wire_name, &m.ty, 0);
        }
        for v in &body.variants {
            walk.needs.push(Need::Valid(format!("oneOf.{}", v.name)));
        }
        if !body.variants.is_empty() {
            walk.invalid("body", "", "oneOf");
        }
        walk.invalid("body", "", "json");
        walk.invalid("body", "", "type");
        walk.needs.push(Need::Valid("body.minimal".into()));
    } else {
        walk.needs.push(Need::Valid("request.minimal".into()));
    }
    for p in &op.request.labels {
        let at = format!("/{}", p.wire_name);
        walk.invalid("path", &at, "required");
        walk.needs
            .push(Need::Valid(format!("path.{}.percentEncoded", p.wire_name)));
        walk.value("path", &at, &format!("path.{}", p.wire_name), &p.ty, 0);
    }
    for p in &op.request.query {
        let at = format!("/{}", p.wire_name);
        if p.required {
            walk.invalid("query", &at, "required");
        } else {
            walk.needs
                .push(Need::Valid(format!("query.{}.present", p.wire_name)));
        }
        walk.value("query", &at, &format!("query.{}", p.wire_name), &p.ty, 0);
    }
    for h in &op.request.headers {
        let at = format!("/{}", h.name.to_ascii_lowercase());
        let is_auth = h.name.eq_ignore_ascii_case("authorization");
        if h.required {
            walk.invalid(
                if is_auth { "auth" } else { "header" },
                &at,
                if is_auth { "auth" } else { "header" },
            );
        }
        match &h.rule {
            HeaderRule::Any => {}
            HeaderRule::Typed(ty) => {
                walk.value("header", &at, &format!("header.{}", h.name), ty, 0);
            }
            _ => walk.invalid("header", &at, "header"),
        }
    }
    let auth_header = match &op.auth {
        conform_codegen::ir::Auth::AwsSigV4 { .. } => Some("authorization".to_string()),
        conform_codegen::ir::Auth::Bearer { header, .. } => Some(header.to_ascii_lowercase()),
        // Nothing to leave out: no case is needed.
        conform_codegen::ir::Auth::None => None,
    };
    if let Some(auth_header) = auth_header {
        walk.invalid("auth", &format!("/{auth_header}"), "auth");
    }
    walk.needs
}

fn check(api: &Api) {
    let cases = cases::derive(api, cases::DEFAULT_SEED);
    let mut missing = Vec::new();
    for op in &api.operations {
        let prefix = format!("{}.{}", op.service, op.name);
        let own: Vec<&Case> = cases
            .iter()
            .filter(|c| c.service == op.service && c.operation == op.name)
            .collect();
        assert!(!own.is_empty(), "{prefix} has cases");
        for need in needs(op) {
            let found = match &need {
                Need::Invalid {
                    location,
                    pointer,
                    rule,
                } => own.iter().any(|c| {
                    c.violates.as_ref().is_some_and(|v| {
                        v.location.as_str() == *location
                            && v.rule.as_str() == *rule
                            && matches(pointer, &v.pointer)
                    }) || c.also.iter().any(|v| {
                        v.location.as_str() == *location
                            && v.rule.as_str() == *rule
                            && matches(pointer, &v.pointer)
                    })
                }),
                Need::Valid(suffix) => own
                    .iter()
                    .any(|c| c.valid && c.id == format!("{prefix}.valid.{suffix}")),
            };
            if !found {
                missing.push(format!("{prefix}: {need:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "not covered:\n{}", missing.join("\n"));
}

#[test]
fn every_rule_and_bound_of_spec_is_covered() {
    check(&folder("spec"));
}

#[test]
fn every_rule_and_bound_of_the_examples_is_covered() {
    check(&folder("examples/specs"));
}

/// The walk above finds what it should: a spec with a nested list of structures, a map and a
/// union needs cases at every depth.
#[test]
fn the_walk_reaches_every_depth() {
    let api = folder("examples/specs");
    let op = api
        .operations
        .iter()
        .find(|op| {
            op.request
                .body
                .as_ref()
                .is_some_and(|b| b.members.iter().any(|m| matches!(m.ty, Type::Array(_))))
        })
        .expect("an example with a list in its body");
    let deep = needs(op)
        .iter()
        .filter(|n| matches!(n, Need::Invalid { pointer, .. } if pointer.matches('/').count() >= 3))
        .count();
    assert!(deep > 0, "needs inside list items");
}

/// An operation whose scheme is `none` has nothing to refuse: no case leaves credentials out or
/// sends wrong ones, and every case sends the runner's (empty) credentials. Its operations are
/// found by their scheme, and the examples hold at least one.
#[test]
fn an_operation_without_credentials_gets_no_credential_cases() {
    let api = folder("examples/specs");
    let cases = cases::derive(&api, cases::DEFAULT_SEED);
    let open: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.auth == conform_codegen::ir::Auth::None)
        .collect();
    assert!(!open.is_empty(), "an example needs no credentials");
    for op in &open {
        let own: Vec<&Case> = cases
            .iter()
            .filter(|c| c.service == op.service && c.operation == op.name)
            .collect();
        assert!(own.iter().any(|c| c.valid), "{}: valid cases", op.name);
        assert!(own.iter().any(|c| !c.valid), "{}: invalid cases", op.name);
        for case in own {
            assert_eq!(case.credentials, cases::Credentials::Valid, "{}", case.id);
            let locations: Vec<&str> = case
                .violates
                .iter()
                .chain(&case.also)
                .map(|v| v.location.as_str())
                .collect();
            assert!(!locations.contains(&"auth"), "{}: {locations:?}", case.id);
            assert!(!case.id.contains(".auth."), "{}", case.id);
        }
    }
    // The other operations of their services keep theirs.
    for op in api
        .operations
        .iter()
        .filter(|op| op.auth != conform_codegen::ir::Auth::None)
    {
        if open.iter().any(|o| o.service == op.service) {
            assert!(
                cases.iter().any(|c| c.service == op.service
                    && c.operation == op.name
                    && c.credentials == cases::Credentials::Missing),
                "{}: an unauthenticated case",
                op.name
            );
        }
    }
}
