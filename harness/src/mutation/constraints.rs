//! Every constraint an operation's request schema states, read from the generated bindings (the
//! IR as the runtime holds it) rather than from the cases, so that a constraint no case breaks
//! shows as a surviving mutant. A constraint is where (`body`, `path`, `query`, `header`), the
//! member's shape (a JSON pointer with `*` for any list index or map key) and the rule.

use conform_generated::runtime::{
    HeaderRule, Location, NumberFormat, Operation, Param, Rule, Schema, StructSchema, Violated,
};
use std::collections::BTreeSet;

/// One constraint of a request schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Constraint {
    pub location: Location,
    /// A JSON pointer with `*` for every list index and map key.
    pub shape: String,
    pub rule: Rule,
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.location, self.shape, self.rule)
    }
}

/// The constraints found so far, and where the walk is.
struct Found {
    location: Location,
    out: BTreeSet<Constraint>,
    /// The structures the walk is inside, by name: a structure that holds itself is walked once
    /// per path, as the cases go no deeper.
    inside: Vec<&'static str>,
}

impl Found {
    fn add(&mut self, shape: &str, rule: Rule) {
        self.out.insert(Constraint {
            location: self.location,
            shape: shape.to_string(),
            rule,
        });
    }

    fn each(&mut self, at: &str, rules: &[(bool, Rule)]) {
        for (present, rule) in rules {
            if *present {
                self.add(at, *rule);
            }
        }
    }

    fn structure(&mut self, s: &'static StructSchema, at: &str) {
        if self.inside.contains(&s.name) {
            return;
        }
        self.inside.push(s.name);
        let rules = [
            (s.union, Rule::Union),
            (!s.variants.is_empty(), Rule::OneOf),
            (s.reject_unknown, Rule::AdditionalProperties),
        ];
        self.each(at, &rules);
        for m in s.members {
            let shape = format!("{at}/{}", m.name);
            // Required, or required by every variant of an either-or body.
            if s.requires(m.name) {
                self.add(&shape, Rule::Required);
            }
            self.schema(m.schema, &shape);
        }
        self.inside.pop();
    }

    /// Whether the walk is in text (a label, a query parameter, a header) rather than JSON.
    fn in_text(&self) -> bool {
        self.location != Location::Body
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
            self.add(at, Rule::Type);
        }
        // An empty label is no label at all, and an empty list of query values no parameter:
        // there a bound of one is the `required` rule, or no rule when the value is optional.
        // An empty query value (`?name=`) is a value, so a string's `minLength` of one holds.
        let in_path = self.location == Location::Path;
        let above_one = |bound: Option<u64>, empty_is_absent: bool| {
            bound.is_some_and(|b| b > 1 || !empty_is_absent)
        };
        match schema {
            Schema::String(r) => {
                let rules = [
                    (above_one(r.min_length, in_path), Rule::MinLength),
                    (r.max_length.is_some(), Rule::MaxLength),
                    (r.pattern.is_some(), Rule::Pattern),
                    (r.format.is_some(), Rule::Format),
                    (!r.enumeration.is_empty(), Rule::Enum),
                ];
                self.each(at, &rules);
            }
            Schema::Integer(r) => {
                let rules = [
                    (r.minimum.is_some(), Rule::Minimum),
                    (r.maximum.is_some(), Rule::Maximum),
                    (!r.enumeration.is_empty(), Rule::Enum),
                    (true, Rule::Format),
                ];
                self.each(at, &rules);
            }
            Schema::Number(r) => {
                let rules = [
                    (r.minimum.is_some(), Rule::Minimum),
                    (r.maximum.is_some(), Rule::Maximum),
                    // Any JSON number fits a double; a float can overflow.
                    (r.format == NumberFormat::Float, Rule::Format),
                ];
                self.each(at, &rules);
            }
            Schema::Timestamp(_) => self.add(at, Rule::Format),
            Schema::Blob(r) => {
                let rules = [
                    (true, Rule::Format),
                    (r.min_length.is_some(), Rule::MinLength),
                    (r.max_length.is_some(), Rule::MaxLength),
                ];
                self.each(at, &rules);
            }
            Schema::List(r) => {
                let rules = [
                    (above_one(r.min_items, self.in_text()), Rule::MinItems),
                    (r.max_items.is_some(), Rule::MaxItems),
                    (r.unique_items, Rule::UniqueItems),
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
                    (r.min_properties.is_some(), Rule::MinProperties),
                    (r.max_properties.is_some(), Rule::MaxProperties),
                    (keyed, Rule::PropertyNames),
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
                self.add(&shape, Rule::Required);
            }
            self.schema(p.schema, &shape);
        }
    }
}

/// Every constraint of `op`'s request: its labels, query parameters, headers and body.
pub fn of(op: &Operation) -> BTreeSet<Constraint> {
    let mut found = Found {
        location: Location::Path,
        out: BTreeSet::new(),
        inside: Vec::new(),
    };
    found.params(op.bindings.labels);
    found.location = Location::Query;
    found.params(op.bindings.query);
    found.location = Location::Header;
    for h in op.bindings.headers {
        let shape = format!("/{}", h.name.to_ascii_lowercase());
        // A missing required header breaks the header's own rule.
        if h.required {
            found.add(&shape, Rule::Header);
        }
        match h.rule {
            HeaderRule::Any => {}
            HeaderRule::Const(_) | HeaderRule::MediaType(_) | HeaderRule::Pattern(_) => {
                found.add(&shape, Rule::Header);
            }
            HeaderRule::Typed(schema) => found.schema(schema, &shape),
        }
    }
    found.location = Location::Body;
    if let Some(body) = op.bindings.body {
        found.add("", Rule::Json);
        found.add("", Rule::Type);
        found.structure(body, "");
    }
    found.out
}

/// The constraint a case's `violates` (or `also`) names, its pointer turned into a shape by the
/// schema it walks through.
pub fn of_violated(op: &Operation, v: &Violated) -> Constraint {
    let mut segments: Vec<&str> = v.pointer.split('/').skip(1).collect();
    // These rules point at the offending item or key; the rule belongs to the list or map.
    if matches!(v.rule, Rule::UniqueItems | Rule::PropertyNames) {
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
fn first(op: &Operation, location: Location, name: &str) -> Option<&'static Schema> {
    let param = |params: &'static [Param]| params.iter().find(|p| p.name == name).map(|p| p.schema);
    match location {
        Location::Body => op.bindings.body?.member(name).map(|m| m.schema),
        Location::Path => param(op.bindings.labels),
        Location::Query => param(op.bindings.query),
        Location::Header => op.bindings.headers.iter().find_map(|h| match h.rule {
            HeaderRule::Typed(schema) if h.name.eq_ignore_ascii_case(name) => Some(schema),
            _ => None,
        }),
        Location::Status | Location::Auth => None,
    }
}
