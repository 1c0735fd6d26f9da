//! Lowering the HTTP bindings: the path template and its labels, and the query parameters.

use super::{Lowerer, Part};
use crate::diag::with_hint;
use crate::ir;
use crate::names;
use crate::raw;
use serde_saphyr::Spanned;
use std::collections::BTreeSet;

/// The schema keywords of a parameter, as a schema the type lowering reads.
pub(super) fn schema_of(p: &Spanned<raw::Parameter>) -> Spanned<raw::Schema> {
    let v = &p.value;
    let schema = raw::Schema {
        ty: v.ty.clone(),
        description: v.description.clone(),
        format: v.format.clone(),
        min_length: v.min_length.clone(),
        max_length: v.max_length.clone(),
        pattern: v.pattern.clone(),
        minimum: v.minimum.clone(),
        maximum: v.maximum.clone(),
        enumeration: v.enumeration.clone(),
        items: v.items.clone(),
        min_items: v.min_items.clone(),
        max_items: v.max_items.clone(),
        unique_items: v.unique_items.clone(),
        source: v.source.clone(),
        ..raw::Schema::default()
    };
    Spanned::new(schema, p.referenced, p.defined)
}

impl Lowerer<'_, '_, '_> {
    /// Splits the path template into literal text and labels, checking its form.
    pub(super) fn segments(&mut self, path: &Spanned<String>) -> Vec<ir::Segment> {
        let text = &path.value;
        if !text.starts_with('/') {
            self.error(path, "the path must start with `/`");
            return Vec::new();
        }
        if text.contains('?') || text.contains('#') {
            self.error(
                path,
                "the path holds a query or fragment; declare query parameters under `request.query`",
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut literal = String::new();
        let mut greedy_seen = false;
        let mut names_seen = BTreeSet::new();
        for (i, part) in text.split('/').enumerate() {
            if i > 0 {
                literal.push('/');
            }
            if !(part.contains('{') || part.contains('}')) {
                // RFC 3986 pchar: unreserved, sub-delims, ':', '@' and percent-encodings.
                let bad = part
                    .chars()
                    .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(*c)));
                if let Some(c) = bad {
                    self.error(
                        path,
                        format!("`{c}` cannot stand in a path as it is; percent-encode it"),
                    );
                }
                literal.push_str(part);
                continue;
            }
            let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                self.error(
                    path,
                    format!("`{part}`: a label must be a whole path segment, such as `/{{Name}}`"),
                );
                continue;
            };
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            let well_formed = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                self.error(
                    path,
                    format!(
                        "`{part}`: a label name is letters, digits and `_`, starting with a letter"
                    ),
                );
                continue;
            }
            if !names_seen.insert(name.to_string()) {
                self.error(path, format!("the label `{name}` appears twice"));
            }
            if greedy && greedy_seen {
                self.error(path, "a path may have one greedy label (`{Name+}`) at most");
            }
            greedy_seen |= greedy;
            if !literal.is_empty() {
                out.push(ir::Segment::Literal(std::mem::take(&mut literal)));
            }
            out.push(ir::Segment::Label {
                name: name.to_string(),
                greedy,
            });
        }
        if !literal.is_empty() {
            out.push(ir::Segment::Literal(literal));
        }
        out
    }

    /// The path parameters: one per label, each declared under `request.path`.
    pub(super) fn labels(&mut self, segments: &[ir::Segment]) -> Vec<ir::Param> {
        let spec = self.spec;
        let labels: Vec<&str> = segments
            .iter()
            .filter_map(|s| match s {
                ir::Segment::Label { name, .. } => Some(name.as_str()),
                ir::Segment::Literal(_) => None,
            })
            .collect();
        for (name, _) in spec.request.path.iter() {
            if !labels.contains(&name.value.as_str()) {
                let message = format!(
                    "`{}` is declared under `request.path`, but the path `{}` has no label `{{{}}}`",
                    name.value, spec.http.path.value, name.value
                );
                let message = with_hint(message, &name.value, labels.iter().copied());
                self.error(name, message);
            }
        }
        let mut out = Vec::new();
        for label in &labels {
            let Some((name, param)) = spec.request.path.0.iter().find(|(k, _)| k.value == *label)
            else {
                self.error(
                    &spec.http.path,
                    format!("the label `{{{label}}}` needs an entry under `request.path`"),
                );
                continue;
            };
            if let Some(required) = &param.value.required
                && !required.value.0
            {
                self.error(required, "a path label is always required");
            }
            if let Some(default) = &param.value.default {
                self.error(
                    default,
                    "a path label is always sent, so it has no `default`",
                );
            }
            let format = self.timestamp_format(Part::Label);
            if let Some(p) = self.timestamps(format, |l| l.param(name, param, "label", false)) {
                out.push(ir::Param {
                    required: true,
                    ..p
                });
            }
        }
        out
    }

    pub(super) fn query(&mut self) -> Vec<ir::Param> {
        let spec = self.spec;
        let mut out = Vec::new();
        let format = self.timestamp_format(Part::Query);
        for (name, param) in spec.request.query.iter() {
            if let Some(p) = self.timestamps(format, |l| l.param(name, param, "query", true)) {
                out.push(p);
            }
        }
        out
    }

    /// One path label or query parameter. `lists` says whether a list of scalars is allowed.
    pub(super) fn param(
        &mut self,
        name: &Spanned<String>,
        param: &Spanned<raw::Parameter>,
        scope: &str,
        lists: bool,
    ) -> Option<ir::Param> {
        let v = &param.value;
        for (key, at) in [
            ("const", v.const_value.as_ref().map(|c| c.referenced)),
            ("mediaType", v.media_type.as_ref().map(|c| c.referenced)),
            ("dynamic", v.dynamic.as_ref().map(|c| c.referenced)),
        ] {
            if let Some(at) = at {
                self.error_at(
                    &at,
                    format!("`{key}` applies to headers, not to `{}`", name.value),
                );
            }
        }
        if v.ty.is_none() {
            self.error(param, format!("`{}` needs a `type`", name.value));
            return None;
        }
        let rust = format!(
            "{}{}",
            names::type_name(&self.spec.operation.value),
            names::type_name(&name.value)
        );
        let ty = self.ty(&rust, &name.value, &schema_of(param))?;
        self.scalar_or_list(name, &ty, lists);
        let rust_name = names::field_name(&name.value);
        self.claim(
            "params",
            &rust_name,
            format!("the {scope} parameter `{}`", name.value),
            &name.referenced,
        );
        let params = self.names.params.clone();
        self.claim_member_names(&params, &name.value, &ty, &name.referenced);
        let default = v.default.as_ref().and_then(|d| self.literal(d, &ty));
        if default.is_some() {
            self.claim_default_fn(&params, &name.value, &rust_name, &name.referenced);
        }
        Some(ir::Param {
            wire_name: name.value.clone(),
            rust_name,
            description: v.description.clone(),
            required: v.required.as_ref().is_some_and(|r| r.value.0),
            sensitive: v.sensitive.0,
            ty,
            default,
            source: self.source(v.source.as_ref()),
            origin: self.origin(&name.referenced),
        })
    }

    /// A parameter carries a scalar, or where `lists` allows, a list of scalars.
    pub(super) fn scalar_or_list(&mut self, name: &Spanned<String>, ty: &ir::Type, lists: bool) {
        let ok = match ty {
            ir::Type::Array(array) => lists && array.items.is_scalar(),
            other => other.is_scalar(),
        };
        if !ok {
            let allowed = if lists {
                "a string, integer, number, boolean or timestamp, or an array of them"
            } else {
                "a string, integer, number, boolean or timestamp"
            };
            self.error(name, format!("`{}` must be {allowed}", name.value));
        }
    }
}
