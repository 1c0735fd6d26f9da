//! Invalid cases at every site of the body: absent, null, each wrong type, each broken rule of
//! a scalar, list counts and repeats, map counts and keys, and unions with no, two or an
//! unknown member set.

use super::sites::Site;
use super::{Broken, Deriver, Kind, bytes, pointer, violated};
use crate::cases::json::Json;
use crate::ir::{Answer, NullMembers, Type};
use conform_model::{Location, Rule};

impl Deriver<'_> {
    pub(super) fn members(&mut self) {
        for site in self.sites() {
            self.invalid_site(&site);
        }
    }

    fn invalid_site(&mut self, site: &Site<'_>) {
        let subject = site.subject.clone();
        let at = pointer(&site.path);
        let variant = site.variant;
        let body_violation = |rule: Rule| violated(Location::Body, &at, rule);
        let label = match site.member {
            Some(_) => format!("`{subject}`"),
            None => format!("`{}`", at),
        };

        // Absent, and null.
        if site.required {
            let id = self.id(false, &subject, "required");
            let json = self
                .base_at(&site.path, variant, &mut self.rng(&id))
                .without_path(&site.path);
            let broken = Broken::one(
                body_violation(Rule::Required),
                Kind::Answer(Answer::Validation),
            );
            self.push(id, format!("{label} left out."), bytes(&json), Some(broken));
            self.contest_required(&subject);
        }
        let is_member = site.member.is_some();
        let null_broken = match self.op.policies.null_members {
            _ if !is_member => Some(Broken::one(
                body_violation(Rule::Type),
                Kind::Answer(Answer::Serialization),
            )),
            NullMembers::Invalid => Some(Broken::one(
                body_violation(Rule::Type),
                Kind::Answer(Answer::Serialization),
            )),
            NullMembers::Absent if site.required => Some(Broken::one(
                body_violation(Rule::Required),
                Kind::Answer(Answer::Validation),
            )),
            NullMembers::Absent
                if site.path.len() == 1 && site.member.is_some_and(|m| self.is_variant_own(m)) =>
            {
                Some(Broken::one(
                    violated(Location::Body, "", Rule::OneOf),
                    Kind::Answer(Answer::Validation),
                ))
            }
            NullMembers::Absent => None,
        };
        if let Some(broken) = null_broken {
            let id = self.id(false, &subject, "null");
            let json = self
                .base_at(&site.path, variant, &mut self.rng(&id))
                .with_path(&site.path, Json::Null);
            let required = broken.violated.rule == Rule::Required;
            self.push(id, format!("{label} is null."), bytes(&json), Some(broken));
            if required {
                self.contest_required(&subject);
            }
        }

        // Every JSON type the value is not.
        for (kind, value) in wrong_types(site.ty) {
            let id = self.id(false, &subject, &format!("type.{kind}"));
            let json = self
                .base_at(&site.path, variant, &mut self.rng(&id))
                .with_path(&site.path, value);
            let broken = Broken::one(
                body_violation(Rule::Type),
                Kind::Answer(Answer::Serialization),
            );
            self.push(
                id,
                format!("{label} is a JSON {kind}."),
                bytes(&json),
                Some(broken),
            );
        }

        // Number tokens JSON does not have, bare (the body is then no JSON at all) and, for an
        // integer, as a string; a float's special values are strings in restJson1.
        if matches!(site.ty, Type::Integer(_) | Type::Number(_)) {
            for (kind, token) in NOT_JSON_NUMBERS {
                let id = self.id(false, &subject, &format!("json.{kind}"));
                let json = self
                    .base_at(&site.path, variant, &mut self.rng(&id))
                    .with_path(&site.path, Json::Number(token.into()));
                let broken = Broken::one(
                    violated(Location::Body, "", Rule::Json),
                    Kind::Answer(Answer::Serialization),
                );
                let summary = format!("{label} is `{token}`, a number JSON does not have.");
                self.push(id, summary, bytes(&json), Some(broken));
            }
        }
        if matches!(site.ty, Type::Integer(_)) {
            for (kind, token) in NOT_JSON_NUMBERS {
                let id = self.id(false, &subject, &format!("type.string.{kind}"));
                let json = self
                    .base_at(&site.path, variant, &mut self.rng(&id))
                    .with_path(&site.path, Json::str(token));
                let broken = Broken::one(
                    body_violation(Rule::Type),
                    Kind::Answer(Answer::Serialization),
                );
                let summary = format!("{label} is the string \"{token}\", not an integer.");
                self.push(id, summary, bytes(&json), Some(broken));
            }
        }

        // Each rule of a scalar.
        let id_of = |label: &str| self.id(false, &subject, label);
        let misses = self.misses(&subject, site.ty, &id_of);
        for mut miss in misses {
            let id = self.id(false, &subject, &miss.label);
            let json = self
                .base_at(&site.path, variant, &mut miss.rng)
                .with_path(&site.path, miss.value);
            let broken = Broken {
                violated: body_violation(miss.rule),
                also: miss.also.iter().map(|r| body_violation(*r)).collect(),
                kind: Kind::Answer(miss.answer),
            };
            self.push(id, miss.summary, bytes(&json), Some(broken));
        }

        match site.ty {
            Type::Array(array) => self.invalid_list(site, array),
            Type::Map(map) => self.invalid_map(site, map),
            Type::Struct(name) => {
                if let Some(s) = self.op.struct_named(name).filter(|s| s.union) {
                    let members: Vec<String> =
                        s.members.iter().map(|m| m.wire_name.clone()).collect();
                    let types: Vec<Type> = s.members.iter().map(|m| m.ty.clone()).collect();
                    self.invalid_union(site, &members, &types);
                }
            }
            _ => {}
        }
    }

    /// A list with one item too few or too many, or a repeated item where items are unique.
    fn invalid_list(&mut self, site: &Site<'_>, array: &crate::ir::ArrayType) {
        let at = pointer(&site.path);
        let mut rows: Vec<(Rule, usize, String)> = Vec::new();
        if let Some(min) = array.min_items.filter(|m| *m > 0) {
            let n = min as usize - 1;
            rows.push((
                Rule::MinItems,
                n,
                format!(
                    "`{}` has {}, under its minItems {min}.",
                    site.subject,
                    crate::text::count(n, "item", "items")
                ),
            ));
        }
        if let Some(max) = array.max_items {
            let n = max as usize + 1;
            rows.push((
                Rule::MaxItems,
                n,
                format!(
                    "`{}` has {}, over its maxItems {max}.",
                    site.subject,
                    crate::text::count(n, "item", "items")
                ),
            ));
        }
        for (rule, n, summary) in rows {
            let id = self.id(false, &site.subject, rule.as_str());
            let mut rng = self.rng(&id);
            let items: Vec<Json> = (0..n)
                .map(|i| self.item(&array.items, i, &mut rng, false, 1))
                .collect();
            let mut also = Vec::new();
            if array.unique_items && has_repeats(&items) {
                also.push(violated(
                    Location::Body,
                    &format!("{at}/{}", first_repeat(&items)),
                    Rule::UniqueItems,
                ));
            }
            let json = self
                .base_at(&site.path, site.variant, &mut rng)
                .with_path(&site.path, Json::Array(items));
            let broken = Broken {
                violated: violated(Location::Body, &at, rule),
                also,
                kind: Kind::Answer(Answer::Validation),
            };
            self.push(id, summary, bytes(&json), Some(broken));
        }
        if array.unique_items && array.max_items.is_none_or(|m| m >= 2) {
            let id = self.id(false, &site.subject, "uniqueItems");
            let mut rng = self.rng(&id);
            let item = self.item(&array.items, 0, &mut rng, false, 1);
            let min = array.min_items.unwrap_or(0).max(2) as usize;
            let mut items = vec![item.clone(), item];
            for i in 2..min {
                items.push(self.item(&array.items, i, &mut rng, false, 1));
            }
            let json = self
                .base_at(&site.path, site.variant, &mut rng)
                .with_path(&site.path, Json::Array(items));
            let broken = Broken::one(
                violated(Location::Body, &format!("{at}/1"), Rule::UniqueItems),
                Kind::Answer(Answer::Validation),
            );
            let summary = format!(
                "`{}` repeats an item, where items must be unique.",
                site.subject
            );
            self.push(id, summary, bytes(&json), Some(broken));
        }
    }

    /// A map with one entry too few or too many, or a key that breaks the key rules.
    fn invalid_map(&mut self, site: &Site<'_>, map: &crate::ir::MapType) {
        let at = pointer(&site.path);
        let mut rows: Vec<(Rule, usize, String)> = Vec::new();
        if let Some(min) = map.min_properties.filter(|m| *m > 0) {
            let n = min as usize - 1;
            rows.push((
                Rule::MinProperties,
                n,
                format!(
                    "`{}` has {n} entries, under its minProperties {min}.",
                    site.subject
                ),
            ));
        }
        if let Some(max) = map.max_properties {
            let n = max as usize + 1;
            rows.push((
                Rule::MaxProperties,
                n,
                format!(
                    "`{}` has {n} entries, over its maxProperties {max}.",
                    site.subject
                ),
            ));
        }
        for (rule, n, summary) in rows {
            let id = self.id(false, &site.subject, rule.as_str());
            let mut rng = self.rng(&id);
            let mut entries: Vec<(String, Json)> = Vec::new();
            let mut i = 0;
            while entries.len() < n && i < n + 64 {
                let key = self.map_key(&map.keys, i, &mut rng);
                if !entries.iter().any(|(k, _)| *k == key) {
                    entries.push((key, self.value(&map.values, &mut rng)));
                }
                i += 1;
            }
            if entries.len() != n {
                continue;
            }
            let json = self
                .base_at(&site.path, site.variant, &mut rng)
                .with_path(&site.path, Json::Object(entries));
            let broken = Broken::one(
                violated(Location::Body, &at, rule),
                Kind::Answer(Answer::Validation),
            );
            self.push(id, summary, bytes(&json), Some(broken));
        }
        let key_type = Type::String(map.keys.clone());
        let misses = {
            let key_id = |label: &str| self.id(false, &site.subject, &format!("key.{label}"));
            self.misses(&format!("a key of {}", site.subject), &key_type, &key_id)
        };
        for mut miss in misses {
            let Json::String(key) = &miss.value else {
                continue;
            };
            let key = key.clone();
            let id = self.id(false, &site.subject, &format!("key.{}", miss.label));
            let value = self.value(&map.values, &mut miss.rng);
            let json = self
                .base_at(&site.path, site.variant, &mut miss.rng)
                .with_path(&site.path, Json::Object(vec![(key.clone(), value)]));
            let mut key_path = site.path.clone();
            key_path.push(key);
            let broken = Broken::one(
                violated(Location::Body, &pointer(&key_path), Rule::PropertyNames),
                Kind::Answer(Answer::Validation),
            );
            self.push(id, miss.summary, bytes(&json), Some(broken));
        }
    }

    /// A union with no member set, two set, or one it does not declare.
    fn invalid_union(&mut self, site: &Site<'_>, members: &[String], types: &[Type]) {
        let at = pointer(&site.path);
        let mut rows: Vec<(&str, String)> = vec![
            (
                "union.none",
                format!("`{}` has no member set.", site.subject),
            ),
            (
                "union.unknown",
                format!("`{}` sets a member it does not declare.", site.subject),
            ),
        ];
        if members.len() >= 2 {
            rows.insert(
                1,
                (
                    "union.two",
                    format!("`{}` has two members set.", site.subject),
                ),
            );
        }
        for (label, summary) in rows {
            let id = self.id(false, &site.subject, label);
            let mut rng = self.rng(&id);
            let value = match label {
                "union.none" => Json::Object(Vec::new()),
                "union.two" => Json::Object(vec![
                    (members[0].clone(), self.value(&types[0], &mut rng)),
                    (members[1].clone(), self.value(&types[1], &mut rng)),
                ]),
                _ => Json::Object(vec![("conformUnknownMember".into(), Json::str("conform"))]),
            };
            let json = self
                .base_at(&site.path, site.variant, &mut rng)
                .with_path(&site.path, value);
            let broken = Broken::one(
                violated(Location::Body, &at, Rule::Union),
                Kind::Answer(Answer::Serialization),
            );
            self.push(id, summary, bytes(&json), Some(broken));
        }
    }

    /// Where the spec follows the page in requiring `member` against a model that makes it
    /// optional, the last case's basis says so: a service built from the model accepts it.
    pub(super) fn contest_required(&mut self, member: &str) {
        let subject = format!("/request/body/properties/{member}");
        let Some(deviation) = self.op.deviations.iter().find(|d| {
            d.subject == subject
                && d.follows == crate::ir::Follows::Page
                && d.rule.as_deref() == Some("request-member-became-optional")
        }) else {
            return;
        };
        if let Some(case) = self.cases.last_mut() {
            case.expected.basis = format!(
                "{}; contested by {}: {}",
                case.expected.basis, deviation.source, deviation.model
            );
        }
    }
}

fn has_repeats(items: &[Json]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, item)| items[..i].contains(item))
}

fn first_repeat(items: &[Json]) -> usize {
    items
        .iter()
        .enumerate()
        .find(|(i, item)| items[..*i].contains(item))
        .map_or(0, |(i, _)| i)
}

/// A value of every JSON type `ty` is not, labelled by that type.
/// Number tokens that are not JSON, which lenient readers take anyway; Smithy's restJson1
/// malformed-request tests send each of them.
pub(super) const NOT_JSON_NUMBERS: [(&str, &str); 5] = [
    ("letters", "2ABC"),
    ("hexadecimal", "0x42"),
    ("infinity", "Infinity"),
    ("negativeInfinity", "-Infinity"),
    ("nan", "NaN"),
];

pub(super) fn wrong_types(ty: &Type) -> Vec<(&'static str, Json)> {
    let integer_like = matches!(ty, Type::Integer(_));
    let all = [
        (
            "number",
            Json::Number(if integer_like {
                "1.5".into()
            } else {
                "42".into()
            }),
        ),
        (
            "string",
            Json::str(if integer_like { "1" } else { "conform" }),
        ),
        ("boolean", Json::Bool(true)),
        ("array", Json::Array(vec![Json::str("conform")])),
        (
            "object",
            Json::Object(vec![("conform".into(), Json::str("conform"))]),
        ),
    ];
    let own = match ty {
        Type::String(_) | Type::Blob(_) => "string",
        // A non-integer number is the integer's wrong `number`.
        Type::Integer(_) => "",
        Type::Number(_) => "number",
        Type::Timestamp(crate::ir::TimestampFormat::EpochSeconds) => "number",
        Type::Timestamp(_) => "string",
        Type::Boolean => "boolean",
        Type::Array(_) => "array",
        Type::Map(_) | Type::AnyObject => "object",
        Type::Struct(_) => "object",
    };
    all.into_iter().filter(|(label, _)| *label != own).collect()
}
