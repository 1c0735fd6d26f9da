//! Validation at any depth: one walk over a value and its static [`Schema`], pushing every
//! violation it finds. Structures, unions, lists and maps recurse; scalars go to their checks.

use super::checks::{
    Pointer, any_object, boolean, broken, integer, member, missing, object, string,
};
use super::schema::{ListRules, MapRules, Member, Schema, StructSchema};
use super::values::{blob, number, timestamp};
use super::violation::{Expected, Rule, Violation};
use serde_json::{Map, Value};

/// Checks `value`, found at `pointer`, against `schema`.
#[inline]
pub fn check(schema: &Schema, value: &Value, pointer: &Pointer<'_>, out: &mut Vec<Violation>) {
    match schema {
        Schema::String(rules) => string(value, pointer, rules, out),
        Schema::Integer(rules) => integer(value, pointer, rules, out),
        Schema::Number(rules) => number(value, pointer, rules, out),
        Schema::Boolean => boolean(value, pointer, out),
        Schema::Timestamp(format) => timestamp(value, pointer, *format, out),
        Schema::Blob(rules) => blob(value, pointer, rules, out),
        Schema::List(rules) => list(value, pointer, rules, out),
        Schema::Map(rules) => map(value, pointer, rules, out),
        Schema::Struct(schema) => {
            structure(schema, value, pointer, out);
        }
        Schema::AnyObject => any_object(value, pointer, out),
    }
}

/// Checks a structure or union; for an either-or body, returns the index of the variant that
/// applies, if exactly one does.
pub fn structure(
    schema: &StructSchema,
    value: &Value,
    pointer: &Pointer<'_>,
    out: &mut Vec<Violation>,
) -> Option<usize> {
    let object = object(value, pointer, out)?;
    if schema.union {
        union(schema, object, pointer, out);
        return None;
    }
    // The object's keys, each found once by the schema's generated index: a member's value
    // under its own name, by the member's index.
    let mut on_stack = [None; 16];
    let mut on_heap = Vec::new();
    let found: &mut [Option<&Value>] = if schema.members.len() <= on_stack.len() {
        &mut on_stack[..schema.members.len()]
    } else {
        on_heap.resize(schema.members.len(), None);
        &mut on_heap
    };
    let mut known = 0;
    for (key, value) in object {
        if let Some(index) = (schema.index)(key) {
            found[index] = Some(value);
            known += 1;
        }
    }
    // A member's value under its own name, unless it is a `null` that counts as absent.
    let found = &*found;
    let own = |index: usize| found[index].filter(|v| !(schema.null_is_absent && v.is_null()));
    for (index, m) in schema.members.iter().enumerate() {
        let got = if m.aliases.is_empty() {
            own(index).map(|v| (m.name, v))
        } else {
            member(
                object,
                pointer,
                m.name,
                m.aliases,
                schema.null_is_absent,
                out,
            )
        };
        match got {
            Some((key, value)) => check(m.schema, value, &member_at(pointer, m, key), out),
            None if m.needed => missing(&member_at(pointer, m, m.name), out),
            None => {}
        }
    }
    // Keys the index did not know are aliases or members the schema does not declare.
    if schema.reject_unknown && known < object.len() {
        for key in object.keys() {
            if schema.member(key).is_none() {
                out.push(Violation::body(
                    Pointer::Member(pointer, key).render(),
                    Rule::AdditionalProperties,
                    Expected::Absent,
                    format_args!("is not a member the schema declares"),
                ));
            }
        }
    }
    if schema.variants.is_empty() {
        return None;
    }
    variants(schema, |index| own(*index).is_some(), pointer, out)
}

/// Where the member `m`, spelled `key` (its name or an alias), sits in the object at `parent`:
/// written as it is when no spelling of it needs escaping.
fn member_at<'a>(parent: &'a Pointer<'a>, m: &Member, key: &'a str) -> Pointer<'a> {
    if m.plain {
        Pointer::Name(parent, key)
    } else {
        Pointer::Member(parent, key)
    }
}

/// Exactly one variant of an either-or body must apply: all its own members present, and no
/// member another variant owns.
fn variants(
    schema: &StructSchema,
    present: impl Fn(&usize) -> bool,
    pointer: &Pointer<'_>,
    out: &mut Vec<Violation>,
) -> Option<usize> {
    let variants = schema.variants;
    let (mut matching, mut chosen) = (0, None);
    for (i, variant) in variants.iter().enumerate() {
        if !variant.own.iter().all(&present) {
            continue;
        }
        let foreign = variants.iter().enumerate().any(|(j, other)| {
            j != i
                && other
                    .own
                    .iter()
                    .any(|m| !variant.own.contains(m) && present(m))
        });
        if !foreign {
            matching += 1;
            chosen = Some(i);
        }
    }
    if matching == 1 {
        return chosen;
    }
    let touched = variants
        .iter()
        .filter(|v| v.own.iter().any(&present))
        .count();
    let detail = match touched {
        0 => "matches none of the variants",
        1 => "has some but not all of one variant's members",
        _ => "mixes members of more than one variant",
    };
    let expected = Expected::Variants(variants);
    out.push(Violation::body(
        pointer.render(),
        Rule::OneOf,
        expected.clone(),
        format_args!("{detail}: it must have {expected}"),
    ));
    None
}

/// A tagged union: exactly one member it declares is set, and nothing else.
fn union(
    schema: &StructSchema,
    object: &Map<String, Value>,
    pointer: &Pointer<'_>,
    out: &mut Vec<Violation>,
) {
    let expected = || Expected::Members(schema.member_names);
    let unknown = object.keys().any(|k| schema.member(k).is_none());
    let set: Vec<(&String, &Value)> = object
        .iter()
        .filter(|(k, v)| schema.member(k).is_some() && !(schema.null_is_absent && v.is_null()))
        .collect();
    let detail = match (unknown, set.len()) {
        (true, _) => "has a member the union does not declare",
        (false, 0) => "has no member set",
        (false, 1) => "",
        (false, _) => "has more than one member set",
    };
    if !detail.is_empty() {
        let expected = expected();
        out.push(Violation::body(
            pointer.render(),
            Rule::Union,
            expected.clone(),
            format_args!("{detail}: it must have {expected}"),
        ));
    }
    for (key, value) in set {
        if let Some(m) = schema.member(key) {
            check(m.schema, value, &Pointer::Member(pointer, key), out);
        }
    }
}

fn list(value: &Value, pointer: &Pointer<'_>, rules: &ListRules, out: &mut Vec<Violation>) {
    let Value::Array(items) = value else {
        return super::checks::wrong_type(value, pointer, super::violation::JsonType::Array, out);
    };
    counts(
        items.len() as u64,
        rules.min_items,
        rules.max_items,
        "items",
        pointer,
        out,
    );
    if rules.unique_items {
        let repeated = items
            .iter()
            .enumerate()
            .find(|(i, item)| items[..*i].contains(item));
        if let Some((index, _)) = repeated {
            out.push(Violation::body(
                Pointer::Index(pointer, index).render(),
                Rule::UniqueItems,
                Expected::Unique,
                format_args!("repeats an earlier item; the items must be unique"),
            ));
        }
    }
    for (index, item) in items.iter().enumerate() {
        check(rules.items, item, &Pointer::Index(pointer, index), out);
    }
}

fn map(value: &Value, pointer: &Pointer<'_>, rules: &MapRules, out: &mut Vec<Violation>) {
    let Some(object) = object(value, pointer, out) else {
        return;
    };
    counts(
        object.len() as u64,
        rules.min_properties,
        rules.max_properties,
        "entries",
        pointer,
        out,
    );
    for (key, item) in object {
        let here = Pointer::Member(pointer, key);
        let mut broken = Vec::new();
        string(&Value::String(key.clone()), &here, rules.keys, &mut broken);
        out.extend(broken.into_iter().map(Violation::of_key));
        check(rules.values, item, &here, out);
    }
}

/// The count rules of a list (`items`) or a map (`entries`).
fn counts(
    count: u64,
    min: Option<u64>,
    max: Option<u64>,
    what: &str,
    pointer: &Pointer<'_>,
    out: &mut Vec<Violation>,
) {
    let (min_rule, max_rule) = if what == "items" {
        (Rule::MinItems, Rule::MaxItems)
    } else {
        (Rule::MinProperties, Rule::MaxProperties)
    };
    if let Some(min) = min
        && count < min
    {
        broken(pointer, min_rule, Expected::Count(min), out);
    }
    if let Some(max) = max
        && count > max
    {
        broken(pointer, max_rule, Expected::Count(max), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::schema::{Member, Variant};
    use serde_json::json;

    const NAMES: [&str; 20] = [
        "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12", "m13",
        "m14", "m15", "m16", "m17", "m18", "m19",
    ];

    const fn flag(name: &'static str, needed: bool) -> Member {
        let member = Member::new(name, &BOOLEAN);
        if needed {
            member.required().needed()
        } else {
            member
        }
    }

    static BOOLEAN: Schema = Schema::Boolean;

    static MEMBERS: [Member; 20] = {
        let mut members = [const { flag("", false) }; 20];
        let mut i = 0;
        while i < 20 {
            members[i] = flag(NAMES[i], i == 19);
            i += 1;
        }
        members
    };

    fn index(key: &str) -> Option<usize> {
        NAMES.iter().position(|n| *n == key)
    }

    static WIDE: StructSchema = StructSchema::new("Wide", &MEMBERS, &NAMES, index)
        .null_is_absent()
        .reject_unknown();

    fn violations(value: &Value) -> Vec<(String, Rule)> {
        let mut out = Vec::new();
        structure(&WIDE, value, &Pointer::Root, &mut out);
        out.into_iter().map(|v| (v.pointer, v.rule)).collect()
    }

    #[test]
    fn a_structure_wider_than_the_stack_table_finds_every_member() {
        let mut all: serde_json::Map<String, Value> = NAMES
            .iter()
            .map(|n| (n.to_string(), Value::Bool(true)))
            .collect();
        assert_eq!(violations(&Value::Object(all.clone())), []);
        all.insert("m18".into(), Value::from(1));
        all.insert("extra".into(), Value::Bool(true));
        all.remove("m19");
        assert_eq!(
            violations(&Value::Object(all)),
            [
                ("/m18".to_string(), Rule::Type),
                ("/m19".to_string(), Rule::Required),
                ("/extra".to_string(), Rule::AdditionalProperties),
            ]
        );
    }

    const ESCAPED_NAMES: [&str; 5] = ["a/b", "c", "e", "f", "g/h"];

    static ESCAPED: [Member; 5] = [
        Member::new("a/b", &BOOLEAN).needed(),
        Member::new("c", &BOOLEAN).aliases(&["c~d"]),
        Member::new("e", &BOOLEAN),
        Member::new("f", &BOOLEAN).aliases(&["ff"]),
        Member::new("g/h", &BOOLEAN).aliases(&["gh"]),
    ];

    fn escaped_index(key: &str) -> Option<usize> {
        ESCAPED_NAMES.iter().position(|n| *n == key)
    }

    static NAMES_TO_ESCAPE: StructSchema =
        StructSchema::new("Escaped", &ESCAPED, &ESCAPED_NAMES, escaped_index)
            .null_is_absent()
            .reject_unknown();

    static WIDE_EITHER_OR: StructSchema =
        StructSchema::new("WideEitherOr", &MEMBERS, &NAMES, index)
            .variants(&[
                Variant {
                    name: "Seventeen",
                    required: &["m17", "m19"],
                    own: &[17],
                },
                Variant {
                    name: "Eighteen",
                    required: &["m18", "m19"],
                    own: &[18],
                },
            ])
            .null_is_absent();

    #[test]
    fn variants_see_members_past_the_stack_table() {
        let chosen = |value: Value| {
            let mut out = Vec::new();
            let variant = structure(&WIDE_EITHER_OR, &value, &Pointer::Root, &mut out);
            (variant, out.into_iter().map(|v| v.rule).collect::<Vec<_>>())
        };
        assert_eq!(chosen(json!({"m17": true, "m19": true})), (Some(0), vec![]));
        assert_eq!(chosen(json!({"m18": true, "m19": true})), (Some(1), vec![]));
        assert_eq!(
            chosen(json!({"m17": true, "m18": true, "m19": true})),
            (None, vec![Rule::OneOf])
        );
        // A null counts as absent, so it does not make its variant apply.
        assert_eq!(
            chosen(json!({"m17": null, "m18": true, "m19": true})),
            (Some(1), vec![])
        );
    }

    #[test]
    fn names_and_aliases_with_pointer_characters_are_escaped() {
        let plain: Vec<bool> = ESCAPED.iter().map(|m| m.plain).collect();
        assert_eq!(plain, [false, false, true, true, false]);
        let value = serde_json::json!({"c~d": 1, "e": 2, "ff": 3, "gh": 4});
        let mut out = Vec::new();
        structure(&NAMES_TO_ESCAPE, &value, &Pointer::Root, &mut out);
        let found: Vec<(String, Rule)> = out.into_iter().map(|v| (v.pointer, v.rule)).collect();
        assert_eq!(
            found,
            [
                ("/a~1b".to_string(), Rule::Required),
                ("/c~0d".to_string(), Rule::Type),
                ("/e".to_string(), Rule::Type),
                ("/ff".to_string(), Rule::Type),
                ("/gh".to_string(), Rule::Type),
            ]
        );
    }
}
