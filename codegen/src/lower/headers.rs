//! Lowering headers and their rules.

use super::Lowerer;
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
        headers: &crate::entries::Entries<raw::Header>,
    ) -> Vec<ir::Header> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (name, header) in headers.iter() {
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
                header.const_value.as_ref().map(|v| ("const", v)),
                header.media_type.as_ref().map(|v| ("mediaType", v)),
                header.pattern.as_ref().map(|v| ("pattern", v)),
            ];
            let given: Vec<_> = rules.iter().flatten().collect();
            if given.len() > 1 {
                let second = given[1];
                self.error(second.1, format!("a header takes one of `const`, `mediaType` and `pattern`; `{}` has `{}` and `{}`", name.value, given[0].0, second.0));
            }
            let rule = if let Some(v) = &header.const_value {
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
                required: header.required.0,
                sensitive: header.sensitive.0,
                rule,
                source: self.source(header.source.as_ref()),
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
                self.error(pattern, message);
                None
            }
        }
    }
}
