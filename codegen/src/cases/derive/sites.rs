//! Sites: every place in the request body a value can sit, at any depth. A member of the body
//! or of a nested structure or union, the item of a list and the value of a map entry each get
//! their own cases.

use super::Deriver;
use crate::ir::{Member, Type};

/// One place in the body.
pub(super) struct Site<'o> {
    /// The JSON pointer tokens from the body to the value: member names, `0` for a list's first
    /// item, the first key a case puts in a map for a map entry's value.
    pub path: Vec<String>,
    /// How case ids name it: `AssetId`, `LineItems.item.CatalogItemId`, `Tags.value`.
    pub subject: String,
    pub ty: &'o Type,
    /// The member, where the value is one.
    pub member: Option<&'o Member>,
    /// The member must be present where it sits.
    pub required: bool,
    /// The either-or variant of the top-level member the site is under.
    pub variant: Option<usize>,
}

impl<'o> Deriver<'o> {
    /// Every site of the body, depth first in the spec's member order.
    pub(super) fn sites(&self) -> Vec<Site<'o>> {
        let mut out = Vec::new();
        let Some(body) = self.body() else {
            return out;
        };
        for member in &body.members {
            let variant = self.variant_of(member);
            out.push(Site {
                path: vec![member.wire_name.clone()],
                subject: member.wire_name.clone(),
                ty: &member.ty,
                member: Some(member),
                required: self.effectively_required(member),
                variant,
            });
            let mut visiting = Vec::new();
            self.inside(
                &member.ty,
                std::slice::from_ref(&member.wire_name),
                &member.wire_name,
                variant,
                &mut visiting,
                &mut out,
            );
        }
        out
    }

    /// The sites inside a value of `ty` at `path`. `visiting` holds the structures on the way,
    /// so that a recursive shape is walked once.
    fn inside(
        &self,
        ty: &'o Type,
        path: &[String],
        subject: &str,
        variant: Option<usize>,
        visiting: &mut Vec<&'o str>,
        out: &mut Vec<Site<'o>>,
    ) {
        let op: &'o crate::ir::Operation = self.op;
        match ty {
            Type::Struct(name) => {
                if visiting.contains(&name.as_str()) {
                    return;
                }
                let Some(s) = op.struct_named(name) else {
                    return;
                };
                visiting.push(&s.name);
                for m in &s.members {
                    let mut here = path.to_vec();
                    here.push(m.wire_name.clone());
                    let sub = format!("{subject}.{}", m.wire_name);
                    out.push(Site {
                        path: here.clone(),
                        subject: sub.clone(),
                        ty: &m.ty,
                        member: Some(m),
                        required: m.required && !s.union,
                        variant,
                    });
                    self.inside(&m.ty, &here, &sub, variant, visiting, out);
                }
                visiting.pop();
            }
            Type::Array(array) => {
                let mut here = path.to_vec();
                here.push("0".to_string());
                let sub = format!("{subject}.item");
                out.push(Site {
                    path: here.clone(),
                    subject: sub.clone(),
                    ty: &array.items,
                    member: None,
                    required: false,
                    variant,
                });
                self.inside(&array.items, &here, &sub, variant, visiting, out);
            }
            Type::Map(map) => {
                let mut here = path.to_vec();
                here.push(self.map_key(&map.keys, 0, &mut self.rng(subject)));
                let sub = format!("{subject}.value");
                out.push(Site {
                    path: here.clone(),
                    subject: sub.clone(),
                    ty: &map.values,
                    member: None,
                    required: false,
                    variant,
                });
                self.inside(&map.values, &here, &sub, variant, visiting, out);
            }
            _ => {}
        }
    }

    /// Whether the either-or decides presence of the top-level `member` (it is some variant's
    /// own member).
    pub(super) fn is_variant_own(&self, member: &Member) -> bool {
        let Some(body) = self.body() else {
            return false;
        };
        body.is_variant_own(member)
    }

    pub(super) fn effectively_required(&self, member: &Member) -> bool {
        let Some(body) = self.body() else {
            return member.required;
        };
        body.requires(member)
    }
}
