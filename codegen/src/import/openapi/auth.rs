//! The auth a document's security scheme states, as the spec format writes it.

use super::*;
use crate::import::yaml::Node;

impl<'m> Importer<'m> {
    /// The path of an operation that issues tokens by the OAuth2 password grant, for a scheme
    /// that names no token URL: a POST that needs no security and takes `grant_type`,
    /// `username` and `password` as form fields.
    pub(super) fn password_grant_path(&self) -> Option<String> {
        const FIELDS: [&str; 3] = ["grant_type", "username", "password"];
        self.doc.paths.iter().find_map(|(path, item)| {
            let op = &item.value.post.as_ref()?.value;
            if !op.security.as_ref().is_some_and(|s| s.value.is_empty()) {
                return None;
            }
            let form_fields: Vec<&str> = op
                .parameters
                .iter()
                .map(|p| &self.parameter(p).value)
                .filter(|p| p.location.as_deref() == Some("formData"))
                .filter_map(|p| p.name.as_deref())
                .chain(
                    op.request_body
                        .iter()
                        .flat_map(|b| b.value.content.iter())
                        .filter(|(media, _)| media.value == "application/x-www-form-urlencoded")
                        .filter_map(|(_, m)| m.value.schema.as_ref())
                        .flat_map(|schema| schema.value.properties.keys()),
                )
                .collect();
            FIELDS
                .iter()
                .all(|f| form_fields.contains(f))
                .then(|| path.value.clone())
        })
    }

    /// The auth the document's security scheme states.
    pub(super) fn auth(&self) -> Result<Node, Unsupported> {
        let schemes = if self.doc.is_swagger() {
            &self.doc.security_definitions
        } else {
            &self.doc.components.security_schemes
        };
        let used: Vec<&String> = self.doc.security.iter().flat_map(|s| s.keys()).collect();
        let chosen = schemes
            .iter()
            .find(|(k, _)| used.contains(&&k.value))
            .or_else(|| schemes.iter().next());
        let Some((_, scheme)) = chosen else {
            return Err(Unsupported(
                "the document states no security scheme; the spec format has SigV4 and bearer tokens"
                    .to_string(),
            ));
        };
        let s = &scheme.value;
        let token_url = s
            .token_url
            .clone()
            .or_else(|| s.flows.values().find_map(|f| f.token_url.clone()));
        let (header, token_url) = match s.ty.as_str() {
            "oauth2" => ("Authorization".to_string(), token_url),
            "http"
                if s.scheme
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("bearer")) =>
            {
                ("Authorization".to_string(), None)
            }
            "apiKey"
                if s.location.as_deref() == Some("header")
                    && s.description.as_deref().is_some_and(|d| {
                        d.trim_start().to_ascii_lowercase().starts_with("bearer")
                    }) =>
            {
                (
                    s.name.clone().unwrap_or_else(|| "Authorization".into()),
                    None,
                )
            }
            other => {
                return Err(Unsupported(format!(
                    "the document's security scheme is `{other}`{}; the spec format has SigV4 and bearer tokens",
                    s.scheme
                        .as_deref()
                        .map(|v| format!(" ({v})"))
                        .unwrap_or_default()
                )));
            }
        };
        let token_url = token_url.or_else(|| self.password_grant_path());
        let token_path = token_url.map(|u| match u.find("://") {
            Some(i) => u[i + 3..]
                .find('/')
                .map_or("/".to_string(), |j| u[i + 3 + j..].to_string()),
            None => u,
        });
        Ok(Node::map()
            .with("scheme", "bearer")
            .with("header", header)
            .with_some("tokenPath", token_path)
            .with("source", "model")
            .at(place(&scheme.referenced)))
    }
}
