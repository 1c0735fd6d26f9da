//! Every constraint an operation's request schema states, read from the generated bindings (the
//! IR as the runtime holds it) rather than from the cases, so that a constraint no case breaks
//! shows as a surviving mutant. A constraint is where (`body`, `path`, `query`, `header`), the
//! member's shape (a JSON pointer with `*` for any list index or map key) and the rule.

use conform_generated::runtime::{HeaderRule, Operation, Param, Schema, StructSchema, Violated};
use std::collections::BTreeSet;

/// One constraint of a request schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Constraint {
    pub location: &'static str,
    /// A JSON pointer with `*` for every list index and map key.
    pub shape: String,
    pub rule: &'static str,
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.location, self.shape, self.rule)
    }
}

/// The constraints found so far, and where the walk is.
struct Found {
    location: &'static str,
    out: BTreeSet<Constraint>,
}

impl Found {
    fn add(&mut self, shape: &str, rule: &'static str) {
        self.out.insert(Constraint {
            location: self.location,
            shape: shape.to_string(),
            rule,
        });
    }

    fn each(&mut self, at: &str, rules: &[(bool, &'static str)]) {
        for (present, rule) in rules {
            if *present {
                self.add(at, rule);
            }
        }
    }

    fn structure(&mut self, s: &StructSchema, at: &str) {
        let rules = [(s.union, "union"), (!s.variants.is_empty(), "oneOf")];
        self.each(at, &rules);
        for m in s.members {
            let shape = format!("{at}/{}", m.name);
            if m.required {
                self.add(&shape, "required");
            }
            self.schema(m.schema, &shape);
        }
    }

    /// Whether the walk is in text (a label, a query parameter, a header) rather than JSON.
    fn in_text(&self) -> bool {
        self.location != "body"
    }

    fn schema(&mut self, schema: &Schema, at: &str) {
        // In text, any value is a string: only numbers and booleans have a type to break.
        let typed = if self.in_text() {
            matches!(
                schema,
                Schema::Integer(_) | Schema::Number(_) | Schema::Boolean
            )
        } else {
            !matches!(schema, Schema::AnyObject)
        };
        if typed {
            self.add(at, "type");
        }
        // An empty label or an empty list of query values is no value at all: below one, a
        // length or count is the `required` rule, or no rule when the value is optional.
        let above_one = |bound: Option<u64>| bound.is_some_and(|b| b > 1 || !self.in_text());
        match schema {
            Schema::String(r) => {
                let rules = [
                    (above_one(r.min_length), "minLength"),
                    (r.max_length.is_some(), "maxLength"),
                    (r.pattern.is_some(), "pattern"),
                    (r.format.is_some(), "format"),
                    (!r.enumeration.is_empty(), "enum"),
                ];
                self.each(at, &rules);
            }
            Schema::Integer(r) => {
                let rules = [
                    (r.minimum.is_some(), "minimum"),
                    (r.maximum.is_some(), "maximum"),
                    (!r.enumeration.is_empty(), "enum"),
                    (true, "format"),
                ];
                self.each(at, &rules);
            }
            Schema::Number(r) => {
                let rules = [
                    (r.minimum.is_some(), "minimum"),
                    (r.maximum.is_some(), "maximum"),
                    (true, "format"),
                ];
                self.each(at, &rules);
            }
            Schema::Timestamp(_) => self.add(at, "format"),
            Schema::Blob(r) => {
                let rules = [
                    (true, "format"),
                    (r.min_length.is_some(), "minLength"),
                    (r.max_length.is_some(), "maxLength"),
                ];
                self.each(at, &rules);
            }
            Schema::List(r) => {
                let rules = [
                    (above_one(r.min_items), "minItems"),
                    (r.max_items.is_some(), "maxItems"),
                    (r.unique_items, "uniqueItems"),
                ];
                self.each(at, &rules);
                self.schema(r.items, &format!("{at}/*"));
            }
            Schema::Map(r) => {
                let k = r.keys;
                let keyed = k.min_length.is_some()
                    || k.max_length.is_some()
                    || k.pattern.is_some()
                    || k.format.is_some()
                    || !k.enumeration.is_empty();
                let rules = [
                    (r.min_properties.is_some(), "minProperties"),
                    (r.max_properties.is_some(), "maxProperties"),
                    (keyed, "propertyNames"),
                ];
                self.each(at, &rules);
                self.schema(r.values, &format!("{at}/*"));
            }
            Schema::Struct(s) => self.structure(s, at),
            Schema::Boolean | Schema::AnyObject => {}
        }
    }

    fn params(&mut self, params: &[Param]) {
        for p in params {
            let shape = format!("/{}", p.name);
            if p.required {
                self.add(&shape, "required");
            }
            self.schema(p.schema, &shape);
        }
    }
}

/// Every constraint of `op`'s request: its labels, query parameters, headers and body.
pub fn of(op: &Operation) -> BTreeSet<Constraint> {
    let mut found = Found {
        location: "path",
        out: BTreeSet::new(),
    };
    found.params(op.bindings.labels);
    found.location = "query";
    found.params(op.bindings.query);
    found.location = "header";
    for h in op.bindings.headers {
        let shape = format!("/{}", h.name.to_ascii_lowercase());
        match h.rule {
            HeaderRule::Any => {}
            HeaderRule::Const(_) | HeaderRule::MediaType(_) | HeaderRule::Pattern(_) => {
                found.add(&shape, "header");
            }
            HeaderRule::Typed(schema) => found.schema(schema, &shape),
        }
    }
    found.location = "body";
    if let Some(body) = op.bindings.body {
        found.add("", "json");
        found.add("", "type");
        found.structure(body, "");
    }
    found.out
}

/// The constraint a case's `violates` (or `also`) names, its pointer turned into a shape by the
/// schema it walks through.
pub fn of_violated(op: &Operation, v: &Violated) -> Constraint {
    let mut segments: Vec<&str> = v.pointer.split('/').skip(1).collect();
    // These rules point at the offending item or key; the rule belongs to the list or map.
    if matches!(v.rule, "uniqueItems" | "propertyNames") {
        segments.pop();
    }
    let mut shape = String::new();
    let mut at: Option<&'static Schema> = None;
    for (i, segment) in segments.iter().enumerate() {
        let (next, shown) = match (at, i) {
            (None, 0) => (first(op, v.location, segment), *segment),
            (Some(Schema::Struct(s)), _) => (s.member(segment).map(|m| m.schema), *segment),
            (Some(Schema::List(l)), _) => (Some(l.items), "*"),
            (Some(Schema::Map(m)), _) => (Some(m.values), "*"),
            _ => (None, *segment),
        };
        shape.push('/');
        shape.push_str(shown);
        at = next;
    }
    Constraint {
        location: v.location,
        shape,
        rule: v.rule,
    }
}

/// The schema the first segment of a pointer names: a body member, a label, a query parameter
/// or a typed header.
fn first(op: &Operation, location: &str, name: &str) -> Option<&'static Schema> {
    let param = |params: &'static [Param]| params.iter().find(|p| p.name == name).map(|p| p.schema);
    match location {
        "body" => op.bindings.body?.member(name).map(|m| m.schema),
        "path" => param(op.bindings.labels),
        "query" => param(op.bindings.query),
        "header" => op.bindings.headers.iter().find_map(|h| match h.rule {
            HeaderRule::Typed(schema) if h.name.eq_ignore_ascii_case(name) => Some(schema),
            _ => None,
        }),
        _ => None,
    }
}
