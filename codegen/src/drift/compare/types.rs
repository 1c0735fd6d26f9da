//! Types and their constraints: bounds, enums, formats and patterns widened, narrowed or
//! changed, each with the rule id that names the change.

use super::*;

/// Where a type is compared: its subject, which way it travels, and both origins.
pub(super) struct At {
    subject: String,
    direction: Direction,
    s: Origin,
    m: Origin,
}

/// How a constraint changed from the spec to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    Widened,
    Narrowed,
    Changed,
}

pub(super) fn rule_id(direction: &str, kind: &str, how: Change) -> &'static str {
    let how = match how {
        Change::Widened if kind != "format" => "widened",
        Change::Narrowed if kind != "format" => "narrowed",
        _ => "changed",
    };
    let id = format!("{direction}-{kind}-{how}");
    crate::drift::rules::rule(&id).map_or("type-changed", |r| r.id.as_str())
}

/// How the bounds `spec` (least, greatest) became `model`; `None` where they are the same. An
/// absent bound is no bound.
pub(super) fn bounds(
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
pub(super) fn sets(a: &[String], b: &[String]) -> Option<Change> {
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

pub(super) fn range<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    let show = |v: Option<T>| v.map(|v| v.to_string()).unwrap_or_default();
    format!("{}..={}", show(min), show(max))
}

pub(super) fn list(values: &[String]) -> String {
    if values.is_empty() {
        "any".to_string()
    } else {
        values.join(", ")
    }
}

pub(super) fn literal(l: &Literal) -> String {
    match l {
        Literal::String(s) => s.clone(),
        Literal::Integer(n) => n.to_string(),
        Literal::Number(n) => n.to_string(),
        Literal::Boolean(b) => b.to_string(),
    }
}

pub(super) fn kind(ty: &Type) -> &'static str {
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

impl Comparer<'_, '_> {
    pub(super) fn ty(
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
    pub(super) fn bounded<T: Copy + std::fmt::Display>(
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

    pub(super) fn enumeration(&mut self, at: &At, spec: &[String], model: &[String]) {
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

    pub(super) fn format(&mut self, at: &At, spec: &str, model: &str) {
        let how = (spec != model).then_some(Change::Changed);
        self.constraint(at, "format", how, text(spec), text(model));
    }

    /// A finding for a change `how` of a constraint of kind `kind`, where there is one.
    pub(super) fn constraint(
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
}
