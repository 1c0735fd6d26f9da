//! Checking parsed spec files and lowering them to the IR. Every problem is collected with its
//! location; lowering goes on after a problem so that one run reports as many as it can.

use crate::diag::{Diagnostic, Reporter, with_hint};
use crate::ir;
use crate::names;
use crate::pattern;
use crate::raw;
use crate::scalars::Int;
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const TYPES: [&str; 5] = ["string", "integer", "boolean", "array", "object"];
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Lowers parsed files to one API, or returns every problem found in them.
pub(crate) fn lower(files: &[(&Path, raw::SpecFile)]) -> Result<ir::Api, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut operations = Vec::new();
    // Operations by their Rust module, `service::operation`: two that share one collide.
    let mut seen: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for (file, spec) in files {
        let mut report = Reporter::new(file);
        let name = format!("{}.{}", spec.service.value, spec.operation.value);
        let key = (
            names::field_name(&spec.service.value),
            names::field_name(&spec.operation.value),
        );
        let here = format!(
            "{}:{}:{}",
            file.display(),
            spec.operation.referenced.line(),
            spec.operation.referenced.column()
        );
        match seen.get(&key) {
            Some((first_name, first)) if *first_name == name => report.on(
                &spec.operation,
                format!("duplicate operation `{name}`: it is already defined at {first}"),
            ),
            Some((first_name, first)) => report.on(
                &spec.operation,
                format!(
                    "operation `{name}` would share the Rust module `{}::{}` with `{first_name}` at {first}; rename one of them",
                    key.0, key.1
                ),
            ),
            None => {
                seen.insert(key, (name, here));
            }
        }
        let operation = Lowerer::new(&mut report, spec).operation(file);
        problems.extend(report.into_diagnostics());
        operations.extend(operation);
    }
    if problems.is_empty() {
        operations.sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));
        Ok(ir::Api { operations })
    } else {
        Err(problems)
    }
}

struct Lowerer<'r, 'f, 's> {
    report: &'r mut Reporter<'f>,
    spec: &'s raw::SpecFile,
    structs: Vec<ir::Struct>,
    /// Where each struct is declared, for problems found once all are lowered.
    declared_at: BTreeMap<String, Location>,
    /// Every Rust name the emitter will write, by scope, with what claimed it first.
    claimed: BTreeMap<(String, String), String>,
    failed: bool,
}

impl<'r, 'f, 's> Lowerer<'r, 'f, 's> {
    fn new(report: &'r mut Reporter<'f>, spec: &'s raw::SpecFile) -> Self {
        Lowerer {
            report,
            spec,
            structs: Vec::new(),
            declared_at: BTreeMap::new(),
            claimed: BTreeMap::new(),
            failed: false,
        }
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.failed = true;
        self.report.on(at, message);
    }

    fn error_at(&mut self, at: &Location, message: impl Into<String>) {
        self.failed = true;
        self.report.at(at, message);
    }

    /// Claims the Rust name `name` in `scope` for `what`; two claims of one name are a problem,
    /// since the generated code would not compile.
    fn claim(&mut self, scope: &str, name: &str, what: String, at: &Location) {
        let key = (scope.to_string(), name.to_string());
        match self.claimed.get(&key) {
            Some(first) => {
                let message = format!(
                    "{what} would be named `{name}` in Rust, like {first}; rename one of them"
                );
                self.error_at(at, message);
            }
            None => {
                self.claimed.insert(key, what);
            }
        }
    }

    fn operation(mut self, file: &Path) -> Option<ir::Operation> {
        let spec = self.spec;
        self.identifiers();
        let sources = self.sources();
        let protocol = match spec.protocol.name.value {
            raw::ProtocolName::RestJson1 => ir::Protocol::RestJson1,
            raw::ProtocolName::Json => ir::Protocol::Json,
        };
        self.source(spec.protocol.source.as_ref());
        let auth = self.auth();
        let method = spec.http.method.value.clone();
        if !METHODS.contains(&method.as_str()) {
            let message = format!(
                "unknown HTTP method `{method}`; expected one of: {}",
                METHODS.join(", ")
            );
            self.error(&spec.http.method, with_hint(message, &method, METHODS));
        }
        if !spec.http.path.value.starts_with('/') {
            self.error(&spec.http.path, "the path must start with `/`");
        }
        let policies = self.policies();
        self.named_schemas();
        let request = ir::Request {
            headers: self.headers("headers", &spec.request.headers),
            body: self.body(),
        };
        let response = self.response();
        let errors = self.errors();
        let deviations = self.deviations();
        self.cycles();
        if self.failed {
            return None;
        }
        Some(ir::Operation {
            file: file.to_path_buf(),
            service: spec.service.value.clone(),
            name: spec.operation.value.clone(),
            module: names::field_name(&spec.operation.value),
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            documentation: spec.documentation.value.clone(),
            sources,
            protocol,
            auth,
            method,
            path: spec.http.path.value.clone(),
            policies,
            request,
            response,
            errors,
            structs: self.structs,
            deviations,
        })
    }

    /// A struct that holds itself (not through an array) would have infinite size.
    fn cycles(&mut self) {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .structs
            .iter()
            .map(|s| {
                let direct = s.members.iter().filter_map(|m| match &m.ty {
                    ir::Type::Struct(name) => Some(name.as_str()),
                    _ => None,
                });
                (s.name.as_str(), direct.collect())
            })
            .collect();
        let mut found = Vec::new();
        for start in edges.keys() {
            let mut path = vec![*start];
            if reaches(&edges, start, start, &mut path) {
                found.push((start.to_string(), path.join(" -> ")));
            }
        }
        for (name, path) in found {
            let at = self
                .declared_at
                .get(&name)
                .copied()
                .unwrap_or(Location::UNKNOWN);
            let message = format!(
                "schema `{name}` contains itself ({path}); a member that refers back must be an array"
            );
            self.error_at(&at, message);
        }
    }

    fn identifiers(&mut self) {
        let spec = self.spec;
        for (what, value) in [("service", &spec.service), ("operation", &spec.operation)] {
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
        let doc = &spec.documentation;
        if !(doc.value.starts_with("https://") || doc.value.starts_with("http://")) {
            self.error(
                doc,
                "documentation must be the URL of the page this spec copies",
            );
        }
    }

    fn sources(&mut self) -> Vec<ir::Source> {
        if self.spec.sources.get("page").is_none() {
            self.failed = true;
            self.report
                .file_level("`sources` must name the documentation page as `page`");
        }
        self.spec
            .sources
            .iter()
            .map(|(id, s)| ir::Source {
                id: id.value.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect()
    }

    /// The source id `source` names, checked against `sources`; `page` when there is none.
    fn source(&mut self, source: Option<&Spanned<String>>) -> String {
        let Some(source) = source else {
            return "page".to_string();
        };
        if self.spec.sources.get(&source.value).is_none() {
            let message = format!(
                "unknown source `{}`; `sources` declares: {}",
                source.value,
                self.spec.sources.keys().collect::<Vec<_>>().join(", ")
            );
            let message = with_hint(message, &source.value, self.spec.sources.keys());
            self.error(source, message);
        }
        source.value.clone()
    }

    fn auth(&mut self) -> ir::Auth {
        let auth = &self.spec.auth;
        self.source(auth.source.as_ref());
        match auth.scheme.value {
            raw::AuthScheme::AwsSigV4 => {
                let Some(name) = &auth.signing_name else {
                    self.error(&auth.scheme, "aws-sigv4 needs `signingName`");
                    return ir::Auth::AwsSigV4 {
                        signing_name: String::new(),
                    };
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
    }

    fn policies(&mut self) -> ir::Policies {
        let mut policies = ir::Policies {
            unknown_members: ir::UnknownMembers::Ignore,
            null_members: ir::NullMembers::Absent,
        };
        let Some(raw) = &self.spec.policies else {
            self.failed = true;
            self.report.file_level(
                "`policies` is missing: say what the service does with unknown members and with null members, and cite a source",
            );
            return policies;
        };
        match &raw.unknown_members {
            Some(p) => {
                self.source(Some(&p.source));
                policies.unknown_members = match p.value {
                    raw::UnknownMembers::Ignore => ir::UnknownMembers::Ignore,
                    raw::UnknownMembers::Reject => ir::UnknownMembers::Reject,
                };
            }
            None => {
                self.failed = true;
                self.report
                    .file_level("`policies.unknownMembers` is missing");
            }
        }
        match &raw.null_members {
            Some(p) => {
                self.source(Some(&p.source));
                policies.null_members = match p.value {
                    raw::NullMembers::Absent => ir::NullMembers::Absent,
                    raw::NullMembers::Invalid => ir::NullMembers::Invalid,
                };
            }
            None => {
                self.failed = true;
                self.report.file_level("`policies.nullMembers` is missing");
            }
        }
        policies
    }

    fn headers(
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

    fn pattern(&mut self, pattern: &Spanned<String>) -> Option<ir::Pattern> {
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

    /// Registers the structs of `schemas`, so that `$ref`s resolve whatever their order.
    fn named_schemas(&mut self) {
        let spec = self.spec;
        for (name, schema) in spec.schemas.iter() {
            self.struct_from(&name.value, name, schema, &names::type_name(&name.value));
        }
    }

    /// Lowers an object schema to a struct named `name` and records it.
    fn struct_from<T>(
        &mut self,
        name: &str,
        at: &Spanned<T>,
        schema: &raw::Schema,
        rust_name: &str,
    ) {
        if let Some(ty) = &schema.ty
            && ty.value != "object"
        {
            self.error(
                ty,
                format!("`{name}` must be an object schema, not `{}`", ty.value),
            );
        }
        if schema.ty.is_none() {
            self.error(at, format!("`{name}` needs `type: object`"));
        }
        self.only_on_members(&format!("the schema `{name}`"), schema);
        if let Some(variant) = schema.one_of.first() {
            self.error(
                &variant.value.name,
                format!("`oneOf` is supported on the request body only, not on `{name}`"),
            );
        }
        self.claim(
            "type",
            rust_name,
            format!("the schema `{name}`"),
            &at.referenced,
        );
        self.declared_at.insert(name.to_string(), at.referenced);
        let members = self.members(name, rust_name, schema);
        let source = self.source(schema.source.as_ref());
        self.structs.push(ir::Struct {
            name: name.to_string(),
            rust_name: rust_name.to_string(),
            description: schema.description.clone(),
            members,
            source,
        });
    }

    /// `sensitive` and `aliases` describe a member; anywhere else they would be ignored.
    fn only_on_members(&mut self, what: &str, schema: &raw::Schema) {
        if let Some(sensitive) = &schema.sensitive {
            self.error(
                sensitive,
                format!(
                    "`sensitive` applies to members, not to {what}; mark the member that holds it"
                ),
            );
        }
        if let Some(alias) = schema.aliases.first() {
            self.error(
                alias,
                format!("`aliases` applies to members, not to {what}"),
            );
        }
    }

    /// The members of an object schema, with `required` checked against `properties`. `owner`
    /// names the schema in messages; `rust_owner` is its Rust name, which generated names extend.
    fn members(&mut self, owner: &str, rust_owner: &str, schema: &raw::Schema) -> Vec<ir::Member> {
        let empty = crate::entries::Entries::default();
        let properties = schema.properties.as_ref().unwrap_or(&empty);
        let known: Vec<&str> = properties.keys().collect();
        let mut required = BTreeSet::new();
        for name in &schema.required {
            if !known.contains(&name.value.as_str()) {
                let message = format!(
                    "`required` names `{}`, which is not a member of `{owner}`",
                    name.value
                );
                let message = with_hint(message, &name.value, known.iter().copied());
                self.error(name, message);
            }
            if !required.insert(name.value.as_str()) {
                self.error(
                    name,
                    format!("`{}` is listed twice in `required`", name.value),
                );
            }
        }
        let mut rust_names = BTreeSet::new();
        let mut members = Vec::new();
        for (wire, member) in properties.iter() {
            let rust_name = names::field_name(&wire.value);
            if !rust_names.insert(rust_name.clone()) {
                self.error(
                    wire,
                    format!(
                        "`{}` has the same Rust name `{rust_name}` as another member of `{owner}`",
                        wire.value
                    ),
                );
            }
            let owner_member = format!("{rust_owner}{}", names::type_name(&wire.value));
            let sensitive = member.value.sensitive.as_ref().is_some_and(|s| s.value.0);
            if sensitive && member.value.ty.is_none() && member.value.reference.is_none() {
                self.error(wire, format!("`{}` is sensitive but has no type: give it `type: string` (or another type)", wire.value));
                continue;
            }
            let Some(ty) = self.ty(&owner_member, &wire.value, member) else {
                continue;
            };
            self.claim_member_names(rust_owner, &wire.value, &ty, &wire.referenced);
            members.push(ir::Member {
                wire_name: wire.value.clone(),
                rust_name,
                aliases: member
                    .value
                    .aliases
                    .iter()
                    .map(|a| a.value.clone())
                    .collect(),
                description: member.value.description.clone(),
                required: required.contains(wire.value.as_str()),
                sensitive,
                dynamic: member.value.dynamic.as_ref().is_some_and(|d| d.value.0),
                ty,
                source: self.source(member.value.source.as_ref()),
            });
        }
        members
    }

    /// Claims the names of the statics and enums the emitter writes for a member.
    fn claim_member_names(&mut self, rust_owner: &str, wire: &str, ty: &ir::Type, at: &Location) {
        let mut ty = ty;
        let mut depth = 0;
        loop {
            match ty {
                ir::Type::String(s) => {
                    let what = format!("the rules of `{wire}`");
                    self.claim(
                        "rules",
                        &names::rules_name(rust_owner, wire, depth),
                        what,
                        at,
                    );
                    if !s.enumeration.is_empty() {
                        let enum_name = names::enum_name(rust_owner, wire);
                        self.claim("type", &enum_name, format!("the enum of `{wire}`"), at);
                        for value in &s.enumeration {
                            let scope = format!("enum {enum_name}");
                            self.claim(
                                &scope,
                                &names::type_name(value),
                                format!("the value `{value}`"),
                                at,
                            );
                        }
                    }
                }
                ir::Type::Integer(_) => {
                    let what = format!("the rules of `{wire}`");
                    self.claim(
                        "rules",
                        &names::rules_name(rust_owner, wire, depth),
                        what,
                        at,
                    );
                }
                ir::Type::Array(item) => {
                    ty = item;
                    depth += 1;
                    continue;
                }
                ir::Type::Boolean | ir::Type::Struct(_) | ir::Type::AnyObject => {}
            }
            break;
        }
    }

    /// The type of a member schema; `name` is the Rust name a nested struct would take.
    fn ty(&mut self, name: &str, member: &str, schema: &Spanned<raw::Schema>) -> Option<ir::Type> {
        let s = &schema.value;
        if let Some(reference) = &s.reference {
            if let Some(ty) = &s.ty {
                self.error(ty, format!("`{member}` has both `$ref` and `type`"));
            }
            if self.spec.schemas.get(&reference.value).is_none() {
                let message = format!(
                    "`$ref` names `{}`, which `schemas` does not declare",
                    reference.value
                );
                let message = with_hint(message, &reference.value, self.spec.schemas.keys());
                self.error(reference, message);
                return None;
            }
            return Some(ir::Type::Struct(reference.value.clone()));
        }
        let Some(ty) = &s.ty else {
            self.error(schema, format!("`{member}` needs a `type` or a `$ref`"));
            return None;
        };
        let not_for = |keyword: &str, present: bool| present.then(|| keyword.to_string());
        let misplaced: Vec<String> = match ty.value.as_str() {
            "string" => [
                not_for("minimum", s.minimum.is_some()),
                not_for("maximum", s.maximum.is_some()),
                not_for("items", s.items.is_some()),
                not_for("properties", s.properties.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            "integer" => [
                not_for("minLength", s.min_length.is_some()),
                not_for("maxLength", s.max_length.is_some()),
                not_for("pattern", s.pattern.is_some()),
                not_for("enum", s.enumeration.is_some()),
                not_for("items", s.items.is_some()),
                not_for("properties", s.properties.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            "boolean" | "array" | "object" => [
                not_for("minLength", s.min_length.is_some()),
                not_for("maxLength", s.max_length.is_some()),
                not_for("pattern", s.pattern.is_some()),
                not_for("minimum", s.minimum.is_some()),
                not_for("maximum", s.maximum.is_some()),
                not_for("enum", s.enumeration.is_some()),
                not_for("format", s.format.is_some()),
            ]
            .into_iter()
            .flatten()
            .collect(),
            _ => Vec::new(),
        };
        for keyword in misplaced {
            self.error(
                ty,
                format!(
                    "`{keyword}` does not apply to `{member}`, which is of type `{}`",
                    ty.value
                ),
            );
        }
        match ty.value.as_str() {
            "string" => self.string(s).map(ir::Type::String),
            "integer" => self.integer(s).map(ir::Type::Integer),
            "boolean" => Some(ir::Type::Boolean),
            "array" => {
                let Some(items) = &s.items else {
                    self.error(ty, format!("`{member}` is an array and needs `items`"));
                    return None;
                };
                self.only_on_members(&format!("the items of `{member}`"), &items.value);
                let item = self.ty(&format!("{name}Item"), member, items)?;
                Some(ir::Type::Array(Box::new(item)))
            }
            "object" => {
                if s.properties.is_none() {
                    Some(ir::Type::AnyObject)
                } else {
                    self.struct_from(name, schema, s, name);
                    Some(ir::Type::Struct(name.to_string()))
                }
            }
            other => {
                let message = format!(
                    "unknown type `{other}`; expected one of: {}",
                    TYPES.join(", ")
                );
                self.error(ty, with_hint(message, other, TYPES));
                None
            }
        }
    }

    fn string(&mut self, s: &raw::Schema) -> Option<ir::StringType> {
        let mut out = ir::StringType::default();
        for bound in [&s.min_length, &s.max_length].into_iter().flatten() {
            if bound.value.0 < 0 {
                self.error(
                    bound,
                    format!("a length cannot be negative ({})", bound.value.0),
                );
            }
        }
        out.min_length = s.min_length.as_ref().map(|v| v.value.0.max(0) as u64);
        out.max_length = s.max_length.as_ref().map(|v| v.value.0.max(0) as u64);
        if let (Some(min), Some(max)) = (&s.min_length, &s.max_length)
            && min.value.0 > max.value.0
        {
            self.error(
                min,
                format!(
                    "minLength {} is greater than maxLength {}",
                    min.value.0, max.value.0
                ),
            );
        }
        if let Some(format) = &s.format {
            out.format = match format.value.as_str() {
                "uuid" => Some(ir::StringFormat::Uuid),
                "uri" => Some(ir::StringFormat::Uri),
                "uri-reference" => Some(ir::StringFormat::UriReference),
                other => {
                    let message = format!(
                        "unknown string format `{other}`; expected uuid, uri or uri-reference"
                    );
                    self.error(
                        format,
                        with_hint(message, other, ["uuid", "uri", "uri-reference"]),
                    );
                    None
                }
            };
        }
        if let Some(values) = &s.enumeration {
            if values.value.is_empty() {
                self.error(values, "`enum` needs at least one value");
            }
            out.enumeration = values.value.clone();
        }
        if let Some(raw_pattern) = &s.pattern {
            let pattern = self.pattern(raw_pattern)?;
            let min = out.min_length.unwrap_or(0);
            if out.min_length <= out.max_length.or(Some(u64::MAX))
                && !pattern::can_match_length(&pattern.rust, min, out.max_length)
            {
                let bounds = match out.max_length {
                    Some(max) => format!("{min} to {max} characters"),
                    None => format!("at least {min} characters"),
                };
                self.error(
                    raw_pattern,
                    format!(
                        "no string of {bounds} can match the pattern `{}`",
                        pattern.source
                    ),
                );
            }
            out.pattern = Some(pattern);
        }
        Some(out)
    }

    fn integer(&mut self, s: &raw::Schema) -> Option<ir::IntegerType> {
        let format = match s.format.as_ref() {
            None => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int32" => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int64" => ir::IntegerFormat::Int64,
            Some(f) => {
                let message = format!(
                    "unknown integer format `{}`; expected int32 or int64",
                    f.value
                );
                self.error(f, with_hint(message, &f.value, ["int32", "int64"]));
                return None;
            }
        };
        let (lo, hi) = match format {
            ir::IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            ir::IntegerFormat::Int64 => (i64::MIN, i64::MAX),
        };
        for bound in [&s.minimum, &s.maximum].into_iter().flatten() {
            if bound.value.0 < lo || bound.value.0 > hi {
                self.error(
                    bound,
                    format!(
                        "{} does not fit the format {}",
                        bound.value.0,
                        format.as_str()
                    ),
                );
            }
        }
        if let (Some(min), Some(max)) = (&s.minimum, &s.maximum)
            && min.value.0 > max.value.0
        {
            self.error(
                min,
                format!(
                    "minimum {} is greater than maximum {}",
                    min.value.0, max.value.0
                ),
            );
        }
        Some(ir::IntegerType {
            format,
            minimum: s.minimum.as_ref().map(|v| v.value.0),
            maximum: s.maximum.as_ref().map(|v| v.value.0),
        })
    }

    fn body(&mut self) -> ir::Body {
        let spec = self.spec;
        let body = &spec.request.body;
        let rust_name = format!("{}Request", names::type_name(&spec.operation.value));
        if let Some(reference) = &body.value.reference {
            self.error(
                reference,
                "the request body must be written out, not a `$ref`",
            );
        }
        match &body.value.ty {
            Some(ty) if ty.value == "object" => {}
            Some(ty) => self.error(ty, "the request body must be `type: object`"),
            None => self.error(body, "the request body needs `type: object`"),
        }
        self.only_on_members("the request body", &body.value);
        self.claim(
            "type",
            &rust_name,
            "the request body".to_string(),
            &body.referenced,
        );
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
        ir::Body {
            rust_name,
            description: body.value.description.clone(),
            members,
            variants,
        }
    }

    fn variants(
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
            self.claim(
                &enum_scope,
                &names::type_name(&v.name.value),
                format!("the variant `{}`", v.name.value),
                &v.name.referenced,
            );
            variants.push(ir::Variant {
                name: v.name.value.clone(),
                rust_name,
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

    fn status(&mut self, status: &Spanned<Int>) -> u16 {
        if !(100..=599).contains(&status.value.0) {
            self.error(
                status,
                format!("status {} is outside 100-599", status.value.0),
            );
            return 0;
        }
        status.value.0 as u16
    }

    /// The struct that models `schema`: a named schema by `$ref`, or a new one named `name`.
    fn body_struct(&mut self, name: &str, schema: &Spanned<raw::Schema>) -> String {
        if let Some(reference) = &schema.value.reference {
            if self.spec.schemas.get(&reference.value).is_none() {
                let message = format!(
                    "`$ref` names `{}`, which `schemas` does not declare",
                    reference.value
                );
                let message = with_hint(message, &reference.value, self.spec.schemas.keys());
                self.error(reference, message);
            }
            return reference.value.clone();
        }
        self.struct_from(name, schema, &schema.value, &names::type_name(name));
        name.to_string()
    }

    fn response(&mut self) -> ir::Response {
        let spec = self.spec;
        let status = self.status(&spec.response.status);
        if status != 0 && !(200..=299).contains(&status) {
            self.error(
                &spec.response.status,
                format!("the success status must be 2xx, not {status}"),
            );
        }
        let name = format!("{}Response", names::type_name(&spec.operation.value));
        let body = self.body_struct(&name, &spec.response.body);
        if body != name && names::type_name(&body) != name {
            let at = spec.response.body.referenced;
            self.claim("type", &name, "the success body's alias".to_string(), &at);
        }
        ir::Response {
            status,
            headers: self.headers("response_headers", &spec.response.headers),
            body,
        }
    }

    fn errors(&mut self) -> Vec<ir::ErrorDef> {
        let spec = self.spec;
        let mut seen = BTreeSet::new();
        let mut answered = BTreeSet::new();
        let mut wire_names: BTreeMap<String, String> = BTreeMap::new();
        let mut error_header: Option<String> = None;
        let mut out = Vec::new();
        if !spec.errors.is_empty() {
            let enum_name = format!("{}Error", names::type_name(&spec.operation.value));
            let at = spec.operation.referenced;
            self.claim(
                "type",
                &enum_name,
                "the operation's error enum".to_string(),
                &at,
            );
        }
        for error in &spec.errors {
            let name = &error.name.value;
            if !seen.insert(names::type_name(name)) {
                self.error(&error.name, format!("error `{name}` is declared twice"));
            }
            let status = self.status(&error.status);
            if status != 0 && !(400..=599).contains(&status) {
                self.error(
                    &error.status,
                    format!("an error's status must be 4xx or 5xx, not {status}"),
                );
            }
            let body = self.body_struct(name, &error.body);
            let body_rust = names::type_name(&body);
            if body_rust != names::type_name(name) {
                let what = format!("the error `{name}`");
                self.claim(
                    "type",
                    &names::type_name(name),
                    what,
                    &error.name.referenced,
                );
            }
            let naming = self.naming(error, &body);
            if let ir::ErrorNaming::Header { header, .. } = &naming {
                match &error_header {
                    Some(first) if !first.eq_ignore_ascii_case(header) => {
                        let message = format!(
                            "every error must be named by the same header; the first uses `{first}`"
                        );
                        self.error(&error.naming, message);
                    }
                    Some(_) => {}
                    None => error_header = Some(header.clone()),
                }
            }
            // Two errors named alike on the wire could never be told apart.
            let wire = match &naming {
                ir::ErrorNaming::Header { value, .. } => value.clone(),
                ir::ErrorNaming::Member { .. } => format!("status {status}"),
            };
            if let Some(first) = wire_names.insert(wire.clone(), name.clone()) {
                let message = format!(
                    "`{name}` is named on the wire like `{first}` ({wire}), so a client could not tell them apart"
                );
                self.error(&error.naming, message);
            }
            let mut answers = Vec::new();
            for answer in &error.answers {
                let kind = match answer.value {
                    raw::Answer::Validation => ir::Answer::Validation,
                    raw::Answer::Serialization => ir::Answer::Serialization,
                    raw::Answer::Unauthenticated => ir::Answer::Unauthenticated,
                    raw::Answer::MediaType => ir::Answer::MediaType,
                };
                if !answered.insert(kind) {
                    self.error(
                        answer,
                        format!("another error already answers `{}`", kind.as_str()),
                    );
                }
                answers.push(kind);
            }
            out.push(ir::ErrorDef {
                name: name.clone(),
                status,
                when: error.when.clone(),
                naming,
                body,
                answers,
                common: error.common.0,
                source: self.source(error.source.as_ref()),
            });
        }
        out
    }

    fn naming(&mut self, error: &raw::Error, body: &str) -> ir::ErrorNaming {
        let n = &error.naming.value;
        match (self.spec.protocol.name.value, n) {
            (
                raw::ProtocolName::RestJson1,
                raw::Naming {
                    header: Some(header),
                    value,
                    member: None,
                    status_member: None,
                },
            ) => ir::ErrorNaming::Header {
                header: header.clone(),
                value: value.clone().unwrap_or_else(|| error.name.value.clone()),
            },
            (
                raw::ProtocolName::Json,
                raw::Naming {
                    header: None,
                    value: None,
                    member: Some(member),
                    status_member,
                },
            ) => {
                let members: Vec<String> = self
                    .structs
                    .iter()
                    .find(|s| s.name == body)
                    .map(|s| s.members.iter().map(|m| m.wire_name.clone()).collect())
                    .unwrap_or_default();
                for name in std::iter::once(member).chain(status_member) {
                    if !members.is_empty() && !members.contains(name) {
                        let message = format!(
                            "`naming` uses `{name}`, which is not a member of the error body `{body}`"
                        );
                        let message = with_hint(message, name, members.iter().map(String::as_str));
                        self.error(&error.naming, message);
                    }
                }
                ir::ErrorNaming::Member {
                    member: member.clone(),
                    status_member: status_member.clone(),
                }
            }
            (raw::ProtocolName::RestJson1, _) => {
                self.error(&error.naming, "restJson1 errors are named by a header: write `naming: { header: X-Amzn-ErrorType, value: <name> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
            (raw::ProtocolName::Json, _) => {
                self.error(&error.naming, "json errors are named by a body member: write `naming: { member: <code member>, statusMember: <status member> }`");
                ir::ErrorNaming::Member {
                    member: String::new(),
                    status_member: None,
                }
            }
        }
    }

    fn deviations(&mut self) -> Vec<ir::Deviation> {
        let spec = self.spec;
        spec.deviations
            .iter()
            .map(|d| ir::Deviation {
                subject: d.subject.clone(),
                page: d.page.clone(),
                model: d.model.clone(),
                follows_page: matches!(d.follows.value, raw::Follows::Page),
                source: self.source(Some(&d.source)),
            })
            .collect()
    }
}

/// Whether `to` can be reached from `from` through direct struct members; `path` records how.
fn reaches<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &str,
    path: &mut Vec<&'a str>,
) -> bool {
    for next in edges.get(from).into_iter().flatten() {
        if *next == to {
            path.push(next);
            return true;
        }
        if path.contains(next) {
            continue;
        }
        path.push(next);
        if reaches(edges, next, to, path) {
            return true;
        }
        path.pop();
    }
    false
}
