//! What an operation states about itself and shares with its `service.yaml`: identifiers,
//! sources, auth and policies.

use super::*;
use crate::diag::with_hint;
use crate::ir;
use crate::raw;
use serde_saphyr::{Location, Spanned};

impl<'r, 'f, 's> Lowerer<'r, 'f, 's> {
    pub(super) fn identifiers(&mut self) {
        let spec = self.spec;
        let mut ids = vec![("operation", &spec.operation)];
        if let Some(service) = &spec.service {
            if self.service.is_some() {
                self.error(
                    service,
                    "`service` is stated in this service's service.yaml; remove it here",
                );
            }
            ids.push(("service", service));
        } else if self.service.is_none() {
            self.file_error(
                "`service` is missing: state it here, or in a service.yaml beside this file",
            );
        }
        let service_file = self.service.map(|(_, s)| &s.service);
        for (what, value) in ids {
            self.identifier(what, value);
        }
        if let Some(service) = service_file {
            self.within(true, |l| l.identifier("service", service));
            let doc = &self.service.map(|(_, s)| &s.documentation);
            if let Some(doc) = doc {
                self.within(true, |l| l.url(doc));
            }
        }
        self.url(&spec.documentation);
    }

    pub(super) fn identifier(&mut self, what: &str, value: &Spanned<String>) {
        let ok = value
            .value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && value
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.error(
                value,
                format!("the {what} must be letters, digits and `_`, starting with a letter"),
            );
        }
    }

    pub(super) fn url(&mut self, doc: &Spanned<String>) {
        if !(doc.value.starts_with("https://") || doc.value.starts_with("http://")) {
            self.error(
                doc,
                "documentation must be the URL of the page this spec copies",
            );
        }
    }

    pub(super) fn sources(&mut self) -> Vec<ir::Source> {
        if self.spec.sources.get("page").is_none() {
            self.file_error("`sources` must name the documentation page as `page`");
        }
        let mut out: Vec<ir::Source> = Vec::new();
        if let Some((_, service)) = self.service {
            for (id, s) in service.sources.iter() {
                if id.value == "page" {
                    self.within(true, |l| {
                        l.error(
                            id,
                            "`page` is each operation's own page; declare it in the operation file",
                        )
                    });
                }
                out.push(ir::Source {
                    id: id.value.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                });
            }
        }
        for (id, s) in self.spec.sources.iter() {
            if out.iter().any(|o| o.id == id.value) {
                self.error(
                    id,
                    format!(
                        "source `{}` is already declared in service.yaml; use it without declaring it again",
                        id.value
                    ),
                );
                continue;
            }
            out.push(ir::Source {
                id: id.value.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
            });
        }
        out
    }

    /// Every source id a `source:` may name.
    pub(super) fn source_ids(&self) -> Vec<&'s str> {
        let mut ids: Vec<&str> = self.spec.sources.keys().collect();
        if let Some((_, service)) = self.service {
            ids.extend(service.sources.keys());
        }
        ids
    }

    /// The source id `source` names, checked against `sources`; `page` when there is none.
    pub(super) fn source(&mut self, source: Option<&Spanned<String>>) -> String {
        let Some(source) = source else {
            return "page".to_string();
        };
        let ids = self.source_ids();
        if !ids.contains(&source.value.as_str()) {
            let message = format!(
                "unknown source `{}`; `sources` declares: {}",
                source.value,
                ids.join(", ")
            );
            let message = with_hint(message, &source.value, ids.iter().copied());
            self.error(source, message);
        }
        source.value.clone()
    }

    /// A source that service-level facts must name, since `service.yaml` copies no page.
    pub(super) fn required_source(
        &mut self,
        what: &str,
        at: &Location,
        source: Option<&Spanned<String>>,
    ) {
        if self.service.is_some() && source.is_none() {
            let message =
                format!("{what} in service.yaml needs a `source:`: service.yaml copies no page");
            self.error_at(at, message);
        }
    }

    pub(super) fn auth(&mut self) -> ir::Auth {
        let fallback = ir::Auth::Bearer {
            header: "Authorization".into(),
            token_path: None,
        };
        let here = self.spec.auth.as_ref();
        let there = self.service.map(|(_, s)| &s.auth);
        // `scheme: none` is the one auth an operation may state beside service.yaml: the
        // operation needs no credentials where the service's other operations do.
        let chosen = match (here, there) {
            (Some(h), Some(_)) if matches!(h.value.scheme.value, raw::AuthScheme::None) => {
                Some((h, false))
            }
            (Some(h), Some(_)) => {
                self.error(
                    h,
                    "`auth` is stated in this service's service.yaml; remove it here \
                     (an operation may state only `auth: { scheme: none }`, when it needs no credentials)",
                );
                None
            }
            _ => self.shared("auth", here, there),
        };
        let Some((auth, in_service)) = chosen else {
            return fallback;
        };
        self.within(in_service, |l| {
            let auth = &auth.value;
            l.source(auth.source.as_ref());
            match auth.scheme.value {
                raw::AuthScheme::None => {
                    let extras = [
                        ("signingName", auth.signing_name.as_ref()),
                        ("header", auth.header.as_ref()),
                        ("tokenPath", auth.token_path.as_ref()),
                    ];
                    for (key, value) in extras {
                        if let Some(value) = value {
                            l.error(
                                value,
                                format!("`scheme: none` sends no credentials; remove `{key}`"),
                            );
                        }
                    }
                    ir::Auth::None
                }
                raw::AuthScheme::AwsSigV4 => {
                    let Some(name) = &auth.signing_name else {
                        l.error(&auth.scheme, "aws-sigv4 needs `signingName`");
                        return fallback;
                    };
                    ir::Auth::AwsSigV4 {
                        signing_name: name.value.clone(),
                    }
                }
                raw::AuthScheme::Bearer => ir::Auth::Bearer {
                    header: auth
                        .header
                        .as_ref()
                        .map_or_else(|| "Authorization".to_string(), |h| h.value.clone()),
                    token_path: auth.token_path.as_ref().map(|p| p.value.clone()),
                },
            }
        })
    }

    pub(super) fn policies(&mut self) -> ir::Policies {
        let mut policies = ir::Policies {
            unknown_members: ir::UnknownMembers::Ignore,
            null_members: ir::NullMembers::Absent,
        };
        let Some((raw, in_service)) = self.shared(
            "policies",
            self.spec.policies.as_ref(),
            self.service.map(|(_, s)| &s.policies),
        ) else {
            return policies;
        };
        self.within(in_service, |l| {
            match &raw.value.unknown_members {
                Some(p) => {
                    l.source(Some(&p.source));
                    policies.unknown_members = match p.value {
                        raw::UnknownMembers::Ignore => ir::UnknownMembers::Ignore,
                        raw::UnknownMembers::Reject => ir::UnknownMembers::Reject,
                    };
                }
                None => l.error(raw, "`policies.unknownMembers` is missing"),
            }
            match &raw.value.null_members {
                Some(p) => {
                    l.source(Some(&p.source));
                    policies.null_members = match p.value {
                        raw::NullMembers::Absent => ir::NullMembers::Absent,
                        raw::NullMembers::Invalid => ir::NullMembers::Invalid,
                    };
                }
                None => l.error(raw, "`policies.nullMembers` is missing"),
            }
        });
        policies
    }
}
