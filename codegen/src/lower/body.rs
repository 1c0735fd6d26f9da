//! Lowering the request body, and its either-or variants.

use super::Lowerer;
use crate::diag::with_hint;
use crate::ir;
use crate::names;
use crate::raw;

impl Lowerer<'_, '_, '_> {
    pub(super) fn body(&mut self, method: &str) -> Option<ir::Body> {
        let spec = self.spec;
        let body = spec.request.body.as_ref()?;
        if matches!(method, "GET" | "HEAD") {
            self.error(body, format!("a {method} request has no body; bind the members to `path`, `query` or `headers`"));
        }
        let rust_name = format!("{}Request", names::type_name(&spec.operation.value));
        if let Some(reference) = &body.value.reference {
            self.error(
                reference,
                "the request body must be written out, not a `$ref`",
            );
        }
        match &body.value.ty {
            Some(ty) if ty.value == "object" && body.value.additional_properties.is_none() => {}
            Some(ty) => self.error(ty, "the request body must be `type: object`"),
            None => self.error(body, "the request body needs `type: object`"),
        }
        self.only_on_members("the request body", &body.value);
        let named = self.claim(
            "type",
            &rust_name,
            "the request body".to_string(),
            &body.referenced,
        );
        let static_name = names::struct_static(&rust_name);
        if named {
            self.claim(
                "shapes",
                &static_name,
                "the request body".to_string(),
                &body.referenced,
            );
        }
        let members = self.members(&rust_name, &rust_name, &body.value);
        let variants = self.variants(&body.value, &members, &rust_name);
        for name in &body.value.required {
            if variants.iter().any(|v| v.required.contains(&name.value)) {
                let message = format!(
                    "`{}` is in `required` and in a variant's `required`; list it in every variant, or only in `required`",
                    name.value
                );
                self.error(name, message);
            }
        }
        Some(ir::Body {
            rust_name,
            static_name,
            description: body.value.description.clone(),
            members,
            variants,
        })
    }

    pub(super) fn variants(
        &mut self,
        body: &raw::Schema,
        members: &[ir::Member],
        body_name: &str,
    ) -> Vec<ir::Variant> {
        if body.one_of.len() == 1 {
            self.error(
                &body.one_of[0].value.name,
                "an either-or body needs at least two variants",
            );
        }
        let known: Vec<&str> = members.iter().map(|m| m.wire_name.as_str()).collect();
        let mut variants = Vec::new();
        for variant in &body.one_of {
            let v = &variant.value;
            let mut required = Vec::new();
            for name in &v.required {
                if !known.contains(&name.value.as_str()) {
                    let message = format!(
                        "variant `{}` requires `{}`, which is not a member of the body",
                        v.name.value, name.value
                    );
                    let message = with_hint(message, &name.value, known.iter().copied());
                    self.error(name, message);
                } else if !required.contains(&name.value) {
                    required.push(name.value.clone());
                }
            }
            // Keep the body's member order, so generated code does not depend on list order.
            required.sort_by_key(|r| known.iter().position(|k| k == r));
            let rust_name = format!("{body_name}{}", names::type_name(&v.name.value));
            self.claim(
                "type",
                &rust_name,
                format!("the variant `{}`", v.name.value),
                &v.name.referenced,
            );
            let enum_scope = format!("enum {body_name}");
            let variant_name = names::type_name(&v.name.value);
            self.claim(
                &enum_scope,
                &variant_name,
                format!("the variant `{}`", v.name.value),
                &v.name.referenced,
            );
            variants.push(ir::Variant {
                name: v.name.value.clone(),
                rust_name,
                variant_name,
                description: v.description.clone(),
                required,
            });
        }
        // One body must never satisfy two variants: each needs a member no other variant requires.
        for (i, variant) in variants.iter().enumerate() {
            let own = variant.required.iter().any(|m| {
                variants
                    .iter()
                    .enumerate()
                    .all(|(j, other)| i == j || !other.required.contains(m))
            });
            if !own {
                let others: Vec<&str> = variants
                    .iter()
                    .enumerate()
                    .filter(|(j, other)| {
                        *j != i && variant.required.iter().all(|m| other.required.contains(m))
                    })
                    .map(|(_, other)| other.name.as_str())
                    .collect();
                let message = if others.is_empty() {
                    format!(
                        "variant `{}` has no member of its own, so one body could satisfy it and another variant",
                        variant.name
                    )
                } else {
                    format!(
                        "one body could satisfy both `{}` and `{}`: every member `{}` requires is required by `{}` too",
                        variant.name, others[0], variant.name, others[0]
                    )
                };
                self.error(&body.one_of[i].value.name, message);
            }
        }
        variants
    }
}
