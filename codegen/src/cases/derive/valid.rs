//! Valid cases: the minimal and full requests, each variant, an unknown member, and every bound
//! of every site: lengths, ranges, patterns, list and map counts, and each union member.

use super::sites::Site;
use super::{Deriver, bytes};
use crate::cases::json::Json;
use crate::ir::{Type, UnknownMembers};

impl Deriver<'_> {
    pub(super) fn valid(&mut self) {
        let id = self.minimal_id();
        let minimal = self.base(None, false, &mut self.rng(&id));
        let Some(body) = self.body() else {
            self.push(id, "Only the required parameters.".into(), Vec::new(), None);
            return;
        };
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
        for site in self.sites() {
            self.valid_site(&site);
        }
    }

    fn valid_site(&mut self, site: &Site<'_>) {
        let subject = site.subject.clone();
        let id_of = |label: &str| self.id(true, &subject, label);
        for mut bound in self.bounds(&subject, site.ty, &id_of) {
            let id = self.id(true, &subject, &bound.label);
            let json = self
                .base_at(&site.path, site.variant, &mut bound.rng)
                .with_path(&site.path, bound.value);
            self.push(id, bound.summary, bytes(&json), None);
        }
        match site.ty {
            Type::Array(array) => {
                let mut counts = Vec::new();
                if let Some(min) = array.min_items.filter(|m| *m > 0) {
                    counts.push(("minItems", min));
                }
                if let Some(max) = array.max_items.filter(|m| *m > 1) {
                    counts.push(("maxItems", max));
                }
                for (rule, n) in counts {
                    let id = self.id(true, &subject, rule);
                    let mut rng = self.rng(&id);
                    let items: Vec<Json> = (0..n as usize)
                        .map(|i| self.item(&array.items, i, &mut rng, false, 1))
                        .collect();
                    if array.unique_items
                        && items
                            .iter()
                            .enumerate()
                            .any(|(i, item)| items[..i].contains(item))
                    {
                        continue;
                    }
                    let json = self
                        .base_at(&site.path, site.variant, &mut rng)
                        .with_path(&site.path, Json::Array(items));
                    let summary = format!(
                        "`{subject}` at its {rule}, {}.",
                        crate::text::count(n as usize, "item", "items")
                    );
                    self.push(id, summary, bytes(&json), None);
                }
            }
            Type::Map(map) => {
                if let Some(max) = map.max_properties.filter(|m| *m > 1) {
                    let id = self.id(true, &subject, "maxProperties");
                    let mut rng = self.rng(&id);
                    let mut entries: Vec<(String, Json)> = Vec::new();
                    let mut i = 0;
                    while entries.len() < max as usize && i < max as usize + 64 {
                        let key = self.map_key(&map.keys, i, &mut rng);
                        if !entries.iter().any(|(k, _)| *k == key) {
                            entries.push((key, self.value(&map.values, &mut rng)));
                        }
                        i += 1;
                    }
                    if entries.len() == max as usize {
                        let json = self
                            .base_at(&site.path, site.variant, &mut rng)
                            .with_path(&site.path, Json::Object(entries));
                        let summary = format!("`{subject}` at its maxProperties, {max} entries.");
                        self.push(id, summary, bytes(&json), None);
                    }
                }
            }
            Type::Struct(name) => {
                let Some(s) = self.op.struct_named(name).filter(|s| s.union) else {
                    return;
                };
                for m in &s.members {
                    let id = self.id(true, &subject, &format!("union.{}", m.wire_name));
                    let mut rng = self.rng(&id);
                    let value =
                        Json::Object(vec![(m.wire_name.clone(), self.value(&m.ty, &mut rng))]);
                    let json = self
                        .base_at(&site.path, site.variant, &mut rng)
                        .with_path(&site.path, value);
                    let summary = format!("`{subject}` with its `{}` member set.", m.wire_name);
                    self.push(id, summary, bytes(&json), None);
                }
            }
            _ => {}
        }
    }
}
