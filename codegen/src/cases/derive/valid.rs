//! Valid cases: the minimal and full bodies, each variant, an unknown member, and every bound.

use super::{Deriver, bytes, uuid};
use crate::cases::json::Json;
use crate::ir::{Member, StringFormat, Type, UnknownMembers};

impl Deriver<'_> {
    pub(super) fn valid(&mut self) {
        let body = self.body();
        let id = self.id(true, "body", "minimal");
        let minimal = self.base(None, false, &mut self.rng(&id));
        self.push(
            id,
            "Only the required members.".into(),
            bytes(&minimal),
            None,
        );
        if body.variants.is_empty() {
            let id = self.id(true, "body", "full");
            let full = self.base(None, true, &mut self.rng(&id));
            self.push(id, "Every member.".into(), bytes(&full), None);
        }
        for (i, variant) in body.variants.iter().enumerate() {
            let id = self.id(true, "oneOf", &variant.name);
            let json = self.base(Some(i), false, &mut self.rng(&id));
            let summary = format!(
                "The `{}` variant: {}.",
                variant.name,
                variant.required.join(", ")
            );
            self.push(id, summary, bytes(&json), None);
        }
        if self.op.policies.unknown_members == UnknownMembers::Ignore {
            let id = self.id(true, "body", "unknownMember");
            let json = self
                .base(None, false, &mut self.rng(&id))
                .with("conformUnknownMember", Json::str("ignored"));
            let summary = "A member the schema does not declare, which the service ignores.".into();
            self.push(id, summary, bytes(&json), None);
        }
        for member in &body.members {
            self.valid_member(member);
        }
    }

    pub(super) fn valid_member(&mut self, member: &Member) {
        let name = &member.wire_name;
        let variant = self.variant_of(member);
        match &member.ty {
            Type::String(s) => {
                let mut bounds = Vec::new();
                if let Some(min) = s.min_length {
                    bounds.push(("minLength", min as usize, true));
                }
                if let Some(max) = s.max_length {
                    bounds.push(("maxLength", max as usize, false));
                }
                for (rule, bound, upward) in bounds {
                    let id = self.id(true, name, rule);
                    let mut rng = self.rng(&id);
                    // The bound itself, or the nearest length inside the bounds a value can have.
                    let lengths: Vec<usize> = if upward {
                        (bound..=s.max_length.map_or(bound + 64, |m| m as usize)).collect()
                    } else {
                        (s.min_length.unwrap_or(0) as usize..=bound).rev().collect()
                    };
                    let Some(text) = lengths
                        .iter()
                        .find_map(|len| self.string_of_length(s, *len, &mut rng))
                    else {
                        continue;
                    };
                    let n = text.chars().count();
                    let json = self
                        .base(variant, false, &mut rng)
                        .with(name, Json::str(text));
                    let summary = format!("`{name}` at its {rule} bound: {n} characters.");
                    self.push(id, summary, bytes(&json), None);
                }
                if s.pattern.is_some() {
                    let id = self.id(true, name, "pattern");
                    let mut rng = self.rng(&id);
                    let min = s.min_length.unwrap_or(1) as usize;
                    let max = s.max_length.map_or(min + 40, |m| m as usize);
                    let len = min + rng.below(max - min + 1);
                    let found = (len..=max)
                        .chain(min..len)
                        .find_map(|l| self.string_of_length(s, l, &mut rng));
                    if let Some(text) = found {
                        let n = text.chars().count();
                        let json = self
                            .base(variant, false, &mut rng)
                            .with(name, Json::str(text));
                        let summary = format!("`{name}` drawn from its pattern: {n} characters.");
                        self.push(id, summary, bytes(&json), None);
                    }
                }
                if s.format == Some(StringFormat::Uuid) {
                    let id = self.id(true, name, "format");
                    let mut rng = self.rng(&id);
                    let upper = uuid(&mut rng).to_ascii_uppercase();
                    let json = self
                        .base(variant, false, &mut rng)
                        .with(name, Json::str(upper));
                    let summary = format!("`{name}` as an upper-case UUID.");
                    self.push(id, summary, bytes(&json), None);
                }
            }
            Type::Integer(i) => {
                for (rule, bound) in [("minimum", i.minimum), ("maximum", i.maximum)] {
                    let Some(bound) = bound else { continue };
                    let id = self.id(true, name, rule);
                    let json = self
                        .base(variant, false, &mut self.rng(&id))
                        .with(name, Json::int(bound));
                    let summary = format!("`{name}` at its {rule}, {bound}.");
                    self.push(id, summary, bytes(&json), None);
                }
            }
            Type::Boolean | Type::Array(_) | Type::Struct(_) | Type::AnyObject => {}
        }
    }
}
