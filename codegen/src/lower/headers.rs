//! Lowering headers and their rules.

use super::http::schema_of;
use super::{Direction, Lowerer, Part};
use crate::ir;
use crate::names;
use crate::pattern;
use crate::raw;
use serde_saphyr::Spanned;
use std::collections::BTreeSet;

impl Lowerer<'_, '_, '_> {
    pub(super) fn headers(
        &mut self,
        scope: &str,
        headers: &crate::entries::Entries<Spanned<raw::Parameter>>,
        direction: Direction,
    ) -> Vec<ir::Header> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (name, spanned) in headers.iter() {
            let header = &spanned.value;
            if !seen.insert(name.value.to_ascii_lowercase()) {
                self.error(
                    name,
                    format!(
                        "header `{}` is listed twice (header names ignore case)",
                        name.value
                    ),
                );
                continue;
            }
            let valid_name = !name.value.is_empty()
                && name
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !valid_name {
                self.error(
                    name,
                    format!("`{}` is not a valid HTTP header name", name.value),
                );
            }
            let rules = [
                header.const_value.as_ref().map(|v| ("const", v.referenced)),
                header
                    .media_type
                    .as_ref()
                    .map(|v| ("mediaType", v.referenced)),
                header.pattern.as_ref().map(|v| ("pattern", v.referenced)),
                header.ty.as_ref().map(|v| ("type", v.referenced)),
            ];
            let given: Vec<_> = rules.iter().flatten().collect();
            let typed_pattern =
                header.ty.is_some() && header.const_value.is_none() && header.media_type.is_none();
            if given.len() > 1 && !typed_pattern {
                let second = given[1];
                self.error_at(&second.1, format!("a header takes one of `const`, `mediaType`, `pattern` and `type`; `{}` has `{}` and `{}`", name.value, given[0].0, second.0));
            }
            if header.ty.is_none() {
                for (key, at) in [
                    ("format", header.format.as_ref().map(|v| v.referenced)),
                    ("enum", header.enumeration.as_ref().map(|v| v.referenced)),
                    (
                        "minLength",
                        header.min_length.as_ref().map(|v| v.referenced),
                    ),
                    (
                        "maxLength",
                        header.max_length.as_ref().map(|v| v.referenced),
                    ),
                    ("minimum", header.minimum.as_ref().map(|v| v.referenced)),
                    ("maximum", header.maximum.as_ref().map(|v| v.referenced)),
                    ("items", header.items.as_ref().map(|v| v.referenced)),
                    ("minItems", header.min_items.as_ref().map(|v| v.referenced)),
                    ("maxItems", header.max_items.as_ref().map(|v| v.referenced)),
                    (
                        "uniqueItems",
                        header.unique_items.as_ref().map(|v| v.referenced),
                    ),
                ] {
                    if let Some(at) = at {
                        self.error_at(
                            &at,
                            format!("`{key}` needs a `type` on the header `{}`", name.value),
                        );
                    }
                }
            }
            if let Some(default) = &header.default {
                self.error(
                    default,
                    format!(
                        "`default` applies to members and query parameters, not to the header `{}`",
                        name.value
                    ),
                );
            }
            if direction == Direction::Request && header.dynamic.is_some() {
                self.error(spanned, "`dynamic` applies to response headers");
            }
            let rule = if header.ty.is_some() {
                let format = self.timestamp_format(Part::Header);
                let rust = format!(
                    "{}Header{}",
                    names::type_name(&self.spec.operation.value),
                    names::type_name(&name.value)
                );
                match self.timestamps(format, |l| l.ty(&rust, &name.value, &schema_of(spanned))) {
                    Some(ty) => {
                        self.scalar_or_list(name, &ty, true);
                        let of = match direction {
                            Direction::Request => ir::HeadersOf::Request,
                            Direction::Response => ir::HeadersOf::Response,
                        };
                        let owner = self.names.headers(of).to_string();
                        self.claim_member_names(&owner, &name.value, &ty, &name.referenced);
                        ir::HeaderRule::Typed(ty)
                    }
                    None => ir::HeaderRule::Any,
                }
            } else if let Some(v) = &header.const_value {
                ir::HeaderRule::Const(v.value.clone())
            } else if let Some(v) = &header.media_type {
                if v.value
                    .split_once('/')
                    .is_none_or(|(t, s)| t.is_empty() || s.is_empty())
                {
                    self.error(
                        v,
                        format!("`{}` is not a media type such as application/json", v.value),
                    );
                }
                ir::HeaderRule::MediaType(v.value.to_ascii_lowercase())
            } else if let Some(v) = &header.pattern {
                match self.pattern(v) {
                    Some(p) => ir::HeaderRule::Pattern(p),
                    None => ir::HeaderRule::Any,
                }
            } else {
                ir::HeaderRule::Any
            };
            let const_name = names::const_name(&name.value);
            self.claim(
                scope,
                &const_name,
                format!("the header `{}`", name.value),
                &name.referenced,
            );
            out.push(ir::Header {
                name: name.value.clone(),
                const_name,
                description: header.description.clone(),
                required: header.required.as_ref().is_some_and(|r| r.value.0),
                sensitive: header.sensitive.0,
                dynamic: header.dynamic.as_ref().is_some_and(|d| d.value.0),
                rule,
                source: self.source(header.source.as_ref()),
                origin: self.origin(&name.referenced),
            });
        }
        out
    }

    pub(super) fn pattern(&mut self, pattern: &Spanned<String>) -> Option<ir::Pattern> {
        match pattern::translate(&pattern.value) {
            Ok(rust) => Some(ir::Pattern {
                source: pattern.value.clone(),
                rust,
            }),
            Err(message) => {
                self.error(pattern, message.to_string());
                None
            }
        }
    }
}
