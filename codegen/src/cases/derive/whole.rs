//! Invalid cases of the request as a whole: the either-or, the body, the headers, the credentials.

use super::values::pattern_matches;
use super::{Broken, Deriver, Kind, Request, bytes, header_violation, pointer, violated};
use crate::cases::Credentials;
use crate::cases::json::Json;
use crate::ir::{Answer, Auth, HeaderRule};
use conform_model::{Location, Rule};

/// A registered media type that is JSON by its `+json` suffix, but not `application/json`.
const STRUCTURED_JSON: &str = "application/hal+json";

impl Deriver<'_> {
    pub(super) fn one_of(&mut self) {
        let Some(body) = self.body() else {
            return;
        };
        if body.variants.is_empty() {
            return;
        }
        let violated = violated(Location::Body, "", Rule::OneOf);
        let kind = Kind::Answer(Answer::Validation);
        let common: Vec<String> = body
            .members
            .iter()
            .filter(|m| self.effectively_required(m))
            .map(|m| m.wire_name.clone())
            .collect();
        // Both: every member of every variant.
        let id = self.id(false, "oneOf", "both");
        let mut rng = self.rng(&id);
        let mut both = Json::Object(Vec::new());
        for i in 0..body.variants.len() {
            if let Json::Object(members) = self.base(Some(i), false, &mut rng) {
                for (name, value) in members {
                    both = both.with(&name, value);
                }
            }
        }
        self.push(
            id,
            "Members of every variant at once.".into(),
            bytes(&both),
            Some(Broken::one(violated.clone(), kind)),
        );
        // Neither: only the members every variant requires.
        let id = self.id(false, "oneOf", "neither");
        let mut rng = self.rng(&id);
        let mut neither = self.base(Some(0), false, &mut rng);
        for m in &body.members {
            if !common.contains(&m.wire_name) {
                neither = neither.without(&m.wire_name);
            }
        }
        self.push(
            id,
            "No variant's own members.".into(),
            bytes(&neither),
            Some(Broken::one(violated.clone(), kind)),
        );
        // Partial: a variant with one of its own members left out (where it has two or more).
        for (i, variant) in body.variants.iter().enumerate() {
            let own: Vec<&String> = variant
                .required
                .iter()
                .filter(|r| !common.contains(r))
                .collect();
            if own.len() < 2 {
                continue;
            }
            for missing in own {
                let id = self.id(
                    false,
                    "oneOf",
                    &format!("partial.{}.without.{missing}", variant.name),
                );
                let json = self
                    .base(Some(i), false, &mut self.rng(&id))
                    .without(missing);
                let summary = format!("The `{}` variant without `{missing}`.", variant.name);
                self.push(
                    id,
                    summary,
                    bytes(&json),
                    Some(Broken::one(violated.clone(), kind)),
                );
            }
        }
    }

    pub(super) fn body_as_a_whole(&mut self) {
        if self.body().is_none() {
            return;
        }
        let id = self.minimal_id();
        let valid = bytes(&self.base(None, false, &mut self.rng(&id)));
        let whole = |rule: Rule| violated(Location::Body, "", rule);
        let serialization = Kind::Answer(Answer::Serialization);
        let truncated = valid[..valid.len() / 2].to_vec();
        let joined = |parts: &[&[u8]]| parts.concat();
        // The JSON of the valid body with its closing brace written `,}`.
        let trailing_comma = match valid.split_last() {
            Some((b'}', rest)) if rest.len() > 1 => joined(&[rest, b",}"]),
            _ => joined(&[&valid, b","]),
        };
        // A byte that is never UTF-8 inside the first string: JSON text is UTF-8 (RFC 8259 8.1).
        let not_utf8 = match valid.iter().position(|b| *b == b'"') {
            Some(at) => joined(&[&valid[..=at], b"\xff", &valid[at + 1..]]),
            None => joined(&[&valid, b"\xff"]),
        };
        let single_quotes: Vec<u8> = valid
            .iter()
            .map(|&b| if b == b'"' { b'\'' } else { b })
            .collect();
        // Smithy's restJson1 malformed-request tests send each of these.
        let malformed: Vec<(&str, Vec<u8>, Rule, &str)> = vec![
            (
                "json.trailingJunk",
                joined(&[&valid, b" conform"]),
                Rule::Json,
                "A valid body followed by text that is not JSON.",
            ),
            (
                "json.leadingJunk",
                joined(&[b"conform ", &valid]),
                Rule::Json,
                "A valid body after text that is not JSON.",
            ),
            (
                "json.trailingComma",
                trailing_comma,
                Rule::Json,
                "A valid body with a comma before its closing brace.",
            ),
            (
                "json.comment",
                joined(&[b"/* conform */ ", &valid]),
                Rule::Json,
                "A valid body after a comment, which JSON does not have.",
            ),
            (
                "json.singleQuotes",
                single_quotes,
                Rule::Json,
                "A valid body with its strings in single quotes.",
            ),
            (
                "json.notUtf8",
                not_utf8,
                Rule::Json,
                "A valid body with a byte that is not UTF-8 (0xFF) in its first string.",
            ),
            (
                "type.null",
                b"null".to_vec(),
                Rule::Type,
                "A JSON null instead of an object.",
            ),
            (
                "type.number",
                b"42".to_vec(),
                Rule::Type,
                "A JSON number instead of an object.",
            ),
            (
                "type.wrapped",
                joined(&[b"[", &valid, b"]"]),
                Rule::Type,
                "A valid body wrapped in a JSON array.",
            ),
        ];
        let rows: Vec<(&str, Vec<u8>, Rule, &str)> = vec![
            (
                "json.notJson",
                b"conform: this is not JSON".to_vec(),
                Rule::Json,
                "A body that is not JSON.",
            ),
            (
                "json.truncated",
                truncated,
                Rule::Json,
                "A valid body cut off half way.",
            ),
            ("json.empty", Vec::new(), Rule::Json, "An empty body."),
            (
                "type.array",
                b"[]".to_vec(),
                Rule::Type,
                "A JSON array instead of an object.",
            ),
            (
                "type.string",
                b"\"conform\"".to_vec(),
                Rule::Type,
                "A JSON string instead of an object.",
            ),
        ];
        // Every required member left out at once (Smithy's malformed-request tests send `{}`);
        // an either-or body's requirements are its variants' cases.
        if let Some(body) = self.body().filter(|b| b.variants.is_empty()) {
            let missing: Vec<_> = body
                .members
                .iter()
                .filter(|m| m.required)
                .map(|m| {
                    violated(
                        Location::Body,
                        &pointer(std::slice::from_ref(&m.wire_name)),
                        Rule::Required,
                    )
                })
                .collect();
            if let [first, rest @ ..] = missing.as_slice()
                && !rest.is_empty()
            {
                let broken = Broken {
                    violated: first.clone(),
                    also: rest.to_vec(),
                    kind: Kind::Answer(Answer::Validation),
                };
                let id = self.id(false, "body", "required.all");
                let summary = "Every required member left out: `{}`.".to_string();
                self.push(id, summary, b"{}".to_vec(), Some(broken));
            }
        }
        // A body the change left valid (no strings to quote) is no case.
        let malformed = malformed
            .into_iter()
            .filter(|(_, body, _, _)| *body != valid);
        for (rule, body, violated, summary) in rows.into_iter().chain(malformed) {
            let id = self.id(false, "body", rule);
            self.push(
                id,
                summary.into(),
                body,
                Some(Broken::one(whole(violated), serialization)),
            );
            if rule == "json.empty"
                && let Some(case) = self.cases.last_mut()
            {
                // The documents call a malformed body a serialization error; none says which
                // error an empty body gets, so only its status is expected.
                case.expected.error = None;
                case.expected.basis = format!(
                    "{} (status only: no document names the error for an empty body)",
                    case.expected.basis
                );
            }
        }
    }

    /// The base request with the header `name` set to `value` (in its place among the
    /// headers, or last), or left out.
    fn with_header(&self, name: &str, value: Option<String>) -> Request {
        let id = self.minimal_id();
        let body = match self.body() {
            Some(_) => bytes(&self.base(None, false, &mut self.rng(&id))),
            None => Vec::new(),
        };
        let mut request = self.request(body);
        let at = request
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name));
        match (at, value) {
            (Some(i), Some(value)) => request.headers[i].1 = value,
            (Some(i), None) => {
                request.headers.remove(i);
            }
            (None, Some(value)) => request.headers.push((name.to_string(), value)),
            (None, None) => {}
        }
        request
    }

    pub(super) fn headers(&mut self) {
        let id = self.minimal_id();
        let body = match self.body() {
            Some(_) => bytes(&self.base(None, false, &mut self.rng(&id))),
            None => Vec::new(),
        };
        for header in &self.op.request.headers {
            if self.is_auth_header(&header.name) {
                // Leaving credentials out is the auth case; a wrong value is tried below.
                if let HeaderRule::Pattern(_) = header.rule {
                    let id = self.id(false, &format!("header.{}", header.name), "pattern");
                    let violated = header_violation(&header.name, Rule::Header);
                    let broken = Broken::one(violated, Kind::BadCredentials);
                    let summary = format!("`{}` is not a bearer token.", header.name);
                    let request = self.request(body.clone());
                    self.push_request(
                        id,
                        summary,
                        request,
                        Credentials::Literal("Basic Y29uZm9ybTpjb25mb3Jt".into()),
                        Some(broken),
                    );
                }
                continue;
            }
            let kind = if header.name.eq_ignore_ascii_case("content-type") {
                Kind::Answer(Answer::MediaType)
            } else {
                Kind::Header
            };
            if header.required {
                let id = self.id(false, &format!("header.{}", header.name), "missing");
                // A body without a Content-Type is not "another media type": the documents are silent.
                let missing_kind = if matches!(kind, Kind::Answer(Answer::MediaType)) {
                    Kind::Header
                } else {
                    kind
                };
                let broken =
                    Broken::one(header_violation(&header.name, Rule::Header), missing_kind);
                let summary = format!("No `{}` header.", header.name);
                let request = self.with_header(&header.name, None);
                self.push_request(id, summary, request, Credentials::Valid, Some(broken));
            }
            let wrong = match &header.rule {
                HeaderRule::Any | HeaderRule::Typed(_) => None,
                HeaderRule::Const(v) => Some(("const", format!("{v}-conform"))),
                HeaderRule::MediaType(_) => Some(("mediaType", "text/plain".to_string())),
                HeaderRule::Pattern(p) => ["conform wrong value", "-", "é"]
                    .iter()
                    .find(|c| !pattern_matches(&p.rust, c))
                    .map(|c| ("pattern", c.to_string())),
            };
            // A structured-syntax suffix names another media type that is also JSON
            // (RFC 6839); Smithy's restJson1 malformed-request tests expect it refused.
            let suffixed = match &header.rule {
                HeaderRule::MediaType(media) if media != STRUCTURED_JSON => {
                    Some(("mediaType.jsonSuffix", STRUCTURED_JSON.to_string()))
                }
                _ => None,
            };
            for (rule, value) in wrong.into_iter().chain(suffixed) {
                let id = self.id(false, &format!("header.{}", header.name), rule);
                let broken = Broken::one(header_violation(&header.name, Rule::Header), kind);
                let summary = format!(
                    "`{}: {value}`, which the operation does not take.",
                    header.name
                );
                let request = self.with_header(&header.name, Some(value));
                self.push_request(id, summary, request, Credentials::Valid, Some(broken));
            }
            if let HeaderRule::Typed(ty) = &header.rule {
                self.typed_header(&header.name, ty);
            }
            // A media type with parameters is that media type (RFC 9110 8.3.1).
            if let HeaderRule::MediaType(media) = &header.rule {
                let id = self.id(true, &format!("header.{}", header.name), "parameters");
                let value = format!("{media}; charset=utf-8");
                let summary = format!(
                    "`{}: {value}`, the media type with a parameter.",
                    header.name
                );
                let request = self.with_header(&header.name, Some(value));
                self.push_request(id, summary, request, Credentials::Valid, None);
            }
        }
        self.wildcard_accepts();
    }

    /// `Accept: */*` and `Accept: application/*` admit the JSON every operation answers with
    /// (RFC 9110 12.5.1), so a server takes them, unless the spec pins `Accept` to one value.
    fn wildcard_accepts(&mut self) {
        let pinned =
            self.op.request.headers.iter().any(|h| {
                h.name.eq_ignore_ascii_case("accept") && !matches!(h.rule, HeaderRule::Any)
            });
        if pinned {
            return;
        }
        for (label, value) in [("any", "*/*"), ("typeRange", "application/*")] {
            let id = self.id(true, "header.Accept", label);
            let summary = format!("`Accept: {value}`, which admits JSON.");
            let request = self.with_header("Accept", Some(value.to_string()));
            self.push_request(id, summary, request, Credentials::Valid, None);
        }
    }

    /// The cases of a typed header: each broken rule of its value, and each bound.
    fn typed_header(&mut self, name: &str, ty: &crate::ir::Type) {
        let subject = format!("header.{name}");
        let lower = format!("/{}", name.to_ascii_lowercase());
        for value in self.param_values(&subject, name, ty) {
            let id = self.id(value.valid, &subject, &value.label);
            let request = self.with_header(name, Some(value.texts.join(",")));
            let broken = value.rule.map(|rule| {
                let at = if value.item {
                    format!("{lower}/0")
                } else {
                    lower.clone()
                };
                Broken {
                    violated: violated(Location::Header, &at, rule),
                    also: value
                        .also
                        .iter()
                        .map(|r| violated(Location::Header, &at, *r))
                        .collect(),
                    kind: Kind::Answer(value.answer),
                }
            });
            self.push_request(id, value.summary, request, Credentials::Valid, broken);
        }
    }

    pub(super) fn auth(&mut self) {
        // An operation that needs no credentials has nothing to leave out, nothing to refuse.
        if self.op.auth == Auth::None {
            return;
        }
        let id = self.minimal_id();
        let body = match self.body() {
            Some(_) => bytes(&self.base(None, false, &mut self.rng(&id))),
            None => Vec::new(),
        };
        let (pointer, summary) = match &self.op.auth {
            Auth::AwsSigV4 { .. } => (
                "/authorization".to_string(),
                "An unsigned request: no SigV4 `Authorization` header.".to_string(),
            ),
            Auth::Bearer { header, .. } => (
                format!("/{}", header.to_ascii_lowercase()),
                format!("No `{header}` header: no bearer token."),
            ),
            Auth::None => return,
        };
        let id = self.id(false, "auth", "missing");
        let broken = Broken::one(
            violated(Location::Auth, &pointer, Rule::Auth),
            Kind::Answer(Answer::Unauthenticated),
        );
        let request = self.request(body.clone());
        self.push_request(id, summary, request, Credentials::Missing, Some(broken));
        if let Auth::Bearer { header, .. } = &self.op.auth {
            let id = self.id(false, "auth", "expired");
            let broken = Broken::one(
                violated(
                    Location::Auth,
                    &format!("/{}", header.to_ascii_lowercase()),
                    Rule::Expired,
                ),
                Kind::Answer(Answer::Unauthenticated),
            );
            let summary = "A bearer token that has expired.".to_string();
            let request = self.request(body.clone());
            self.push_request(
                id,
                summary,
                request,
                Credentials::ExpiredToken,
                Some(broken),
            );
        }
        if let Auth::AwsSigV4 { .. } = self.op.auth {
            let id = self.id(false, "auth", "signature");
            let broken = Broken::one(
                violated(Location::Auth, "/authorization", Rule::Signature),
                Kind::Answer(Answer::Signature),
            );
            let summary = "A whole SigV4 signature that does not match the request: signed with the right key pair, then one hex digit changed.".to_string();
            let request = self.request(body);
            self.push_request(
                id,
                summary,
                request,
                Credentials::WrongSignature,
                Some(broken),
            );
        }
    }
}
