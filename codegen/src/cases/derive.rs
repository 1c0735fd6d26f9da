//! Deriving the cases of an operation from its IR: valid requests at every bound, and invalid
//! requests that each break one thing.

use super::json::Json;
use super::rng::Rng;
use super::sample;
use super::{Case, Credentials, Expectation, ExpectedError, ExpectedStatus, Violated};
use crate::ir::{
    Answer, Api, Auth, Body, HeaderRule, IntegerFormat, Member, NullMembers, Operation,
    StringFormat, StringType, Type, UnknownMembers,
};

/// The seed every build uses, so the same spec always gives the same cases.
pub const DEFAULT_SEED: u64 = 0x00c0_4f04_2026_1121;

/// Every case of every operation, in operation order, each operation's cases in a fixed order.
pub fn derive(api: &Api, seed: u64) -> Vec<Case> {
    api.operations
        .iter()
        .flat_map(|op| Deriver::new(op, seed).all())
        .collect()
}

/// What kind of answer a broken rule calls for.
#[derive(Clone, Copy)]
enum Kind {
    Answer(Answer),
    /// A header the documents say nothing about answering.
    Header,
    /// Credentials that are present but wrong.
    BadCredentials,
}

struct Deriver<'o> {
    op: &'o Operation,
    seed: u64,
    cases: Vec<Case>,
}

impl<'o> Deriver<'o> {
    fn new(op: &'o Operation, seed: u64) -> Self {
        Deriver {
            op,
            seed,
            cases: Vec::new(),
        }
    }

    fn all(mut self) -> Vec<Case> {
        self.valid();
        self.members();
        self.one_of();
        self.body_as_a_whole();
        self.headers();
        self.auth();
        self.cases
    }

    fn body(&self) -> &'o Body {
        &self.op.request.body
    }

    fn rng(&self, id: &str) -> Rng {
        Rng::new(self.seed, id)
    }

    fn id(&self, valid: bool, subject: &str, rule: &str) -> String {
        let kind = if valid { "valid" } else { "invalid" };
        format!(
            "{}.{}.{kind}.{subject}.{rule}",
            self.op.service, self.op.name
        )
    }

    /// The headers every case sends unless it is about a header: each required header with a
    /// value that satisfies it. Credentials are the runner's business.
    fn base_headers(&self) -> Vec<(String, String)> {
        self.op
            .request
            .headers
            .iter()
            .filter(|h| h.required && !self.is_auth_header(&h.name))
            .filter_map(|h| good_header_value(&h.rule).map(|v| (h.name.clone(), v)))
            .collect()
    }

    fn is_auth_header(&self, name: &str) -> bool {
        match &self.op.auth {
            Auth::Bearer { header, .. } => header.eq_ignore_ascii_case(name),
            Auth::AwsSigV4 { .. } => name.eq_ignore_ascii_case("authorization"),
        }
    }

    fn push(&mut self, id: String, summary: String, body: Vec<u8>, broken: Option<Broken>) {
        self.push_with(
            id,
            summary,
            self.base_headers(),
            body,
            Credentials::Valid,
            broken,
        );
    }

    fn push_with(
        &mut self,
        id: String,
        summary: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        credentials: Credentials,
        broken: Option<Broken>,
    ) {
        let (violates, also, expected) = match broken {
            None => (None, Vec::new(), self.success()),
            Some(b) => {
                let expected = self.expectation(b.kind);
                (Some(b.violated), b.also, expected)
            }
        };
        self.cases.push(Case {
            id,
            service: self.op.service.clone(),
            operation: self.op.name.clone(),
            valid: violates.is_none(),
            summary,
            method: self.op.method.clone(),
            path: self.op.path.clone(),
            headers,
            body,
            credentials,
            violates,
            also,
            expected,
        });
    }

    fn success(&self) -> Expectation {
        Expectation {
            status: ExpectedStatus::Exact(self.op.response.status),
            inferred: false,
            basis: "page".to_string(),
            error: None,
        }
    }

    /// The documented answer to `kind`, or the 4xx class, marked as inferred, where there is none.
    fn expectation(&self, kind: Kind) -> Expectation {
        let documented = match kind {
            Kind::Answer(answer) => self.op.errors.iter().find(|e| e.answers.contains(&answer)),
            Kind::Header | Kind::BadCredentials => None,
        };
        match documented {
            Some(error) => Expectation {
                status: ExpectedStatus::Exact(error.status),
                inferred: false,
                basis: error.source.clone(),
                error: Some(ExpectedError {
                    name: error.name.clone(),
                    naming: error.naming.clone(),
                }),
            },
            None => {
                let what = match kind {
                    Kind::Answer(answer) => format!("a {} problem", answer.as_str()),
                    Kind::Header => "this header problem".to_string(),
                    Kind::BadCredentials => "credentials that are present but wrong".to_string(),
                };
                Expectation {
                    status: ExpectedStatus::Class(4),
                    inferred: true,
                    basis: format!("inferred: the documents state no status for {what}"),
                    error: None,
                }
            }
        }
    }

    // ----- Bodies -------------------------------------------------------------------------

    /// A valid body: the required members of `variant` (the first one when `None`), or every
    /// member when `full`.
    fn base(&self, variant: Option<usize>, full: bool, rng: &mut Rng) -> Json {
        let body = self.body();
        let chosen = variant.or((!body.variants.is_empty()).then_some(0));
        let members = match chosen {
            Some(i) => body.variant_members(&body.variants[i]),
            None => body.members.clone(),
        };
        let mut object = Vec::new();
        for m in &members {
            if m.required || full {
                object.push((m.wire_name.clone(), self.value(&m.ty, rng)));
            }
        }
        Json::Object(object)
    }

    /// The variant whose base body a case about `member` starts from.
    fn variant_of(&self, member: &Member) -> Option<usize> {
        let body = self.body();
        body.variants
            .iter()
            .position(|v| v.required.contains(&member.wire_name))
            .or((!body.variants.is_empty()).then_some(0))
    }

    /// A typical valid value of `ty`.
    fn value(&self, ty: &Type, rng: &mut Rng) -> Json {
        match ty {
            Type::String(s) => Json::str(self.typical_string(s, rng)),
            Type::Integer(i) => Json::int(
                i.minimum
                    .unwrap_or(0)
                    .max(0)
                    .min(i.maximum.unwrap_or(i64::MAX)),
            ),
            Type::Boolean => Json::Bool(true),
            Type::Array(item) => Json::Array(vec![self.value(item, rng)]),
            Type::Struct(name) => {
                let members = self
                    .op
                    .struct_named(name)
                    .map(|s| s.members.clone())
                    .unwrap_or_default();
                Json::Object(
                    members
                        .iter()
                        .filter(|m| m.required)
                        .map(|m| (m.wire_name.clone(), self.value(&m.ty, rng)))
                        .collect(),
                )
            }
            Type::AnyObject => Json::Object(Vec::new()),
        }
    }

    fn typical_string(&self, s: &StringType, rng: &mut Rng) -> String {
        if s.format == Some(StringFormat::Uuid) {
            return uuid(rng);
        }
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(min.max(12) + 20, |m| m as usize);
        let typical = 12.clamp(min.max(1).min(max), max);
        self.string_of_length(s, typical, rng)
            .or_else(|| (min..=max).find_map(|len| self.string_of_length(s, len, rng)))
            .unwrap_or_default()
    }

    /// A valid string of exactly `len` characters, if the member's rules allow one.
    fn string_of_length(&self, s: &StringType, len: usize, rng: &mut Rng) -> Option<String> {
        if let Some(first) = s.enumeration.first() {
            return s
                .enumeration
                .iter()
                .find(|v| v.chars().count() == len)
                .or((len == first.chars().count()).then_some(first))
                .cloned();
        }
        let text = match s.format {
            Some(StringFormat::Uuid) => uuid(rng),
            Some(StringFormat::Uri) => {
                let path: String = (0..len.saturating_sub(20)).map(|_| alnum(rng)).collect();
                format!("https://example.com/{path}")
            }
            Some(StringFormat::UriReference) => {
                let path: String = (0..len.saturating_sub(1)).map(|_| alnum(rng)).collect();
                if len == 0 {
                    String::new()
                } else {
                    format!("/{path}")
                }
            }
            None => match &s.pattern {
                Some(p) => sample::matching(&p.rust, len, rng)?,
                None => (0..len).map(|_| alnum(rng)).collect(),
            },
        };
        (text.chars().count() == len && self.string_ok(s, &text)).then_some(text)
    }

    fn string_ok(&self, s: &StringType, text: &str) -> bool {
        let n = text.chars().count() as u64;
        s.min_length.is_none_or(|m| n >= m)
            && s.max_length.is_none_or(|m| n <= m)
            && s.pattern
                .as_ref()
                .is_none_or(|p| pattern_matches(&p.rust, text))
    }

    // ----- Valid cases --------------------------------------------------------------------

    fn valid(&mut self) {
        let body = self.body();
        let id = self.id(true, "body", "minimal");
        let minimal = self.base(None, false, &mut self.rng(&id));
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
        for member in &body.members {
            self.valid_member(member);
        }
    }

    fn valid_member(&mut self, member: &Member) {
        let name = &member.wire_name;
        let variant = self.variant_of(member);
        match &member.ty {
            Type::String(s) => {
                let mut bounds = Vec::new();
                if let Some(min) = s.min_length {
                    bounds.push(("minLength", min as usize, true));
                }
                if let Some(max) = s.max_length {
                    bounds.push(("maxLength", max as usize, false));
                }
                for (rule, bound, upward) in bounds {
                    let id = self.id(true, name, rule);
                    let mut rng = self.rng(&id);
                    // The bound itself, or the nearest length inside the bounds a value can have.
                    let lengths: Vec<usize> = if upward {
                        (bound..=s.max_length.map_or(bound + 64, |m| m as usize)).collect()
                    } else {
                        (s.min_length.unwrap_or(0) as usize..=bound).rev().collect()
                    };
                    let Some(text) = lengths
                        .iter()
                        .find_map(|len| self.string_of_length(s, *len, &mut rng))
                    else {
                        continue;
                    };
                    let n = text.chars().count();
                    let json = self
                        .base(variant, false, &mut rng)
                        .with(name, Json::str(text));
                    let summary = format!("`{name}` at its {rule} bound: {n} characters.");
                    self.push(id, summary, bytes(&json), None);
                }
                if s.pattern.is_some() {
                    let id = self.id(true, name, "pattern");
                    let mut rng = self.rng(&id);
                    let min = s.min_length.unwrap_or(1) as usize;
                    let max = s.max_length.map_or(min + 40, |m| m as usize);
                    let len = min + rng.below(max - min + 1);
                    let found = (len..=max)
                        .chain(min..len)
                        .find_map(|l| self.string_of_length(s, l, &mut rng));
                    if let Some(text) = found {
                        let n = text.chars().count();
                        let json = self
                            .base(variant, false, &mut rng)
                            .with(name, Json::str(text));
                        let summary = format!("`{name}` drawn from its pattern: {n} characters.");
                        self.push(id, summary, bytes(&json), None);
                    }
                }
                if s.format == Some(StringFormat::Uuid) {
                    let id = self.id(true, name, "format");
                    let mut rng = self.rng(&id);
                    let upper = uuid(&mut rng).to_ascii_uppercase();
                    let json = self
                        .base(variant, false, &mut rng)
                        .with(name, Json::str(upper));
                    let summary = format!("`{name}` as an upper-case UUID.");
                    self.push(id, summary, bytes(&json), None);
                }
            }
            Type::Integer(i) => {
                for (rule, bound) in [("minimum", i.minimum), ("maximum", i.maximum)] {
                    let Some(bound) = bound else { continue };
                    let id = self.id(true, name, rule);
                    let json = self
                        .base(variant, false, &mut self.rng(&id))
                        .with(name, Json::int(bound));
                    let summary = format!("`{name}` at its {rule}, {bound}.");
                    self.push(id, summary, bytes(&json), None);
                }
            }
            Type::Boolean | Type::Array(_) | Type::Struct(_) | Type::AnyObject => {}
        }
    }

    // ----- Invalid members ----------------------------------------------------------------

    fn members(&mut self) {
        for member in &self.body().members {
            self.invalid_member(member);
        }
    }

    /// Whether the either-or decides presence of `member` (it is some variant's own member).
    fn is_variant_own(&self, member: &Member) -> bool {
        let variants = &self.body().variants;
        !variants.is_empty()
            && variants
                .iter()
                .any(|v| v.required.contains(&member.wire_name))
            && !variants
                .iter()
                .all(|v| v.required.contains(&member.wire_name))
    }

    fn effectively_required(&self, member: &Member) -> bool {
        let variants = &self.body().variants;
        member.required
            || (!variants.is_empty()
                && variants
                    .iter()
                    .all(|v| v.required.contains(&member.wire_name)))
    }

    fn invalid_member(&mut self, member: &Member) {
        let name = member.wire_name.clone();
        let pointer = format!("/{}", name.replace('~', "~0").replace('/', "~1"));
        let variant = self.variant_of(member);
        let base = |d: &Self, id: &str| d.base(variant, false, &mut d.rng(id));
        let body_violation = |rule: &str| Violated {
            location: "body",
            pointer: pointer.clone(),
            rule: rule.to_string(),
        };
        let one_of = || Violated {
            location: "body",
            pointer: String::new(),
            rule: "oneOf".to_string(),
        };

        // Absent, and null.
        if self.effectively_required(member) {
            let id = self.id(false, &name, "required");
            let json = base(self, &id).without(&name);
            let broken = Broken::one(body_violation("required"), Kind::Answer(Answer::Validation));
            self.push(
                id,
                format!("`{name}` left out."),
                bytes(&json),
                Some(broken),
            );
            self.contest_required(&name);
        }
        let null_broken = match self.op.policies.null_members {
            NullMembers::Invalid => Some(Broken::one(
                body_violation("type"),
                Kind::Answer(Answer::Serialization),
            )),
            NullMembers::Absent if self.effectively_required(member) => Some(Broken::one(
                body_violation("required"),
                Kind::Answer(Answer::Validation),
            )),
            NullMembers::Absent if self.is_variant_own(member) => {
                Some(Broken::one(one_of(), Kind::Answer(Answer::Validation)))
            }
            NullMembers::Absent => None,
        };
        if let Some(broken) = null_broken {
            let id = self.id(false, &name, "null");
            let json = base(self, &id).with(&name, Json::Null);
            let required = broken.violated.rule == "required";
            self.push(id, format!("`{name}` is null."), bytes(&json), Some(broken));
            if required {
                self.contest_required(&name);
            }
        }

        // Every JSON type the member is not.
        for (label, value) in wrong_types(&member.ty) {
            let id = self.id(false, &name, &format!("type.{label}"));
            let json = base(self, &id).with(&name, value);
            let broken = Broken::one(body_violation("type"), Kind::Answer(Answer::Serialization));
            self.push(
                id,
                format!("`{name}` is a JSON {label}."),
                bytes(&json),
                Some(broken),
            );
        }

        match &member.ty {
            Type::String(s) => self.invalid_string(&name, &pointer, s, variant),
            Type::Integer(i) => {
                let mut rows: Vec<(String, String, String, Kind, String)> = Vec::new();
                if let Some(min) = i.minimum
                    && let Some(below) = min.checked_sub(1).filter(|v| fits(*v, i.format))
                {
                    rows.push((
                        "minimum".into(),
                        below.to_string(),
                        "minimum".into(),
                        Kind::Answer(Answer::Validation),
                        format!("`{name}` is {below}, under its minimum {min}."),
                    ));
                }
                if let Some(max) = i.maximum
                    && let Some(above) = max.checked_add(1).filter(|v| fits(*v, i.format))
                {
                    rows.push((
                        "maximum".into(),
                        above.to_string(),
                        "maximum".into(),
                        Kind::Answer(Answer::Validation),
                        format!("`{name}` is {above}, over its maximum {max}."),
                    ));
                }
                if i.format == IntegerFormat::Int32 {
                    rows.push((
                        "format.int32".into(),
                        "2147483648".into(),
                        "format".into(),
                        Kind::Answer(Answer::Serialization),
                        format!("`{name}` is 2^31, past a 32-bit integer."),
                    ));
                }
                rows.push((
                    "format.int64".into(),
                    "9223372036854775808".into(),
                    "format".into(),
                    Kind::Answer(Answer::Serialization),
                    format!("`{name}` is 2^63, past a 64-bit integer."),
                ));
                for (label, number, rule, kind, summary) in rows {
                    let id = self.id(false, &name, &label);
                    let json = base(self, &id).with(&name, Json::Number(number));
                    self.push(
                        id,
                        summary,
                        bytes(&json),
                        Some(Broken::one(body_violation(&rule), kind)),
                    );
                }
            }
            Type::Boolean | Type::Array(_) | Type::Struct(_) | Type::AnyObject => {}
        }
    }

    /// Where the spec follows the page in requiring `member` against a model that makes it
    /// optional, the last case's basis says so: a service built from the model accepts it.
    fn contest_required(&mut self, member: &str) {
        let subject = format!("/request/body/required/{member}");
        let Some(deviation) = self
            .op
            .deviations
            .iter()
            .find(|d| d.subject == subject && d.follows_page)
        else {
            return;
        };
        if let Some(case) = self.cases.last_mut() {
            case.expected.basis = format!(
                "{}; contested by {}: {}",
                case.expected.basis, deviation.source, deviation.model
            );
        }
    }

    fn invalid_string(
        &mut self,
        name: &str,
        pointer: &str,
        s: &StringType,
        variant: Option<usize>,
    ) {
        let violated = |rule: &str| Violated {
            location: "body",
            pointer: pointer.to_string(),
            rule: rule.to_string(),
        };
        let validation = Kind::Answer(Answer::Validation);
        // A value of `len` characters that matches the pattern if one can, with the rules it breaks.
        let at_length = |d: &Self, len: usize, rng: &mut Rng| -> (String, Vec<String>) {
            let loose = StringType {
                min_length: None,
                max_length: None,
                ..s.clone()
            };
            let text = d
                .string_of_length(&loose, len, rng)
                .unwrap_or_else(|| (0..len).map(|_| alnum(rng)).collect());
            let mut broken = Vec::new();
            let n = len as u64;
            if s.min_length.is_some_and(|m| n < m) {
                broken.push("minLength".to_string());
            }
            if s.max_length.is_some_and(|m| n > m) {
                broken.push("maxLength".to_string());
            }
            if s.pattern
                .as_ref()
                .is_some_and(|p| !pattern_matches(&p.rust, &text))
            {
                broken.push("pattern".to_string());
            }
            if s.format.is_some_and(|f| !format_ok(f, &text)) {
                broken.push("format".to_string());
            }
            (text, broken)
        };
        let mut length_cases = Vec::new();
        if let Some(min) = s.min_length.filter(|m| *m > 0) {
            length_cases.push(("minLength", min as usize - 1));
        }
        if let Some(max) = s.max_length {
            length_cases.push(("maxLength", max as usize + 1));
        }
        for (rule, len) in length_cases {
            let id = self.id(false, name, rule);
            let mut rng = self.rng(&id);
            let (text, broken) = at_length(self, len, &mut rng);
            let also = broken
                .iter()
                .filter(|r| r.as_str() != rule)
                .map(|r| violated(r))
                .collect();
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text));
            let summary = format!("`{name}` has {len} characters, breaking {rule}.");
            let broken = Broken {
                violated: violated(rule),
                also,
                kind: validation,
            };
            self.push(id, summary, bytes(&json), Some(broken));
        }
        if let Some(pattern) = &s.pattern {
            self.pattern_misses(name, s, &pattern.rust, variant, &violated("pattern"));
        }
        if s.format == Some(StringFormat::Uuid) {
            let id = self.id(false, name, "format");
            let mut rng = self.rng(&id);
            let mut text: Vec<char> = uuid(&mut rng).chars().collect();
            text[14] = 'g';
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text.iter().collect::<String>()));
            let summary = format!("`{name}` is a malformed UUID (a `g` among the hex digits).");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("format"), validation)),
            );
        }
        if matches!(
            s.format,
            Some(StringFormat::Uri | StringFormat::UriReference)
        ) {
            let id = self.id(false, name, "format");
            let json = self
                .base(variant, false, &mut self.rng(&id))
                .with(name, Json::str("not a uri"));
            let summary = format!("`{name}` is not a URI.");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("format"), validation)),
            );
        }
        if !s.enumeration.is_empty() {
            let id = self.id(false, name, "enum");
            let json = self
                .base(variant, false, &mut self.rng(&id))
                .with(name, Json::str("conformNotAnEnumValue"));
            let summary = format!("`{name}` is not one of its values.");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("enum"), validation)),
            );
        }
    }

    /// Values of a valid length that miss only the pattern: a non-ASCII letter first, a
    /// punctuation mark last, and a wrong character in the middle.
    fn pattern_misses(
        &mut self,
        name: &str,
        s: &StringType,
        rust: &str,
        variant: Option<usize>,
        violated: &Violated,
    ) {
        let misses: [PatternMiss; 3] = [
            (
                "nonAscii",
                &['é', 'ü', 'ж', 'ß', '字'],
                |_| 0,
                "a non-ASCII letter first",
            ),
            (
                "punctuation",
                &['-', '!', '@', '#', '%', '&', '*', '?', '~'],
                |n| n - 1,
                "a punctuation mark last",
            ),
            (
                "middle",
                &[' ', '-', '.', '=', '/', ':', 'é'],
                |n| n / 2,
                "a wrong character in the middle",
            ),
        ];
        for (label, candidates, position, what) in misses {
            let id = self.id(false, name, &format!("pattern.{label}"));
            let mut rng = self.rng(&id);
            let Some(valid) = self.typical_valid(s, &mut rng) else {
                continue;
            };
            let chars: Vec<char> = valid.chars().collect();
            if chars.is_empty() {
                continue;
            }
            let at = position(chars.len());
            let miss = candidates.iter().find_map(|c| {
                let mut changed = chars.clone();
                changed[at] = *c;
                let text: String = changed.into_iter().collect();
                (!pattern_matches(rust, &text) && s.format.is_none_or(|f| format_ok(f, &text)))
                    .then_some(text)
            });
            let Some(text) = miss else { continue };
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text));
            let summary =
                format!("`{name}` has a valid length but {what}, so only the pattern fails.");
            let broken = Broken::one(violated.clone(), Kind::Answer(Answer::Validation));
            self.push(id, summary, bytes(&json), Some(broken));
        }
    }

    /// A valid value of a length that leaves room for a middle (three characters or more).
    fn typical_valid(&self, s: &StringType, rng: &mut Rng) -> Option<String> {
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(min.max(12) + 20, |m| m as usize);
        let want = 12.clamp(min.max(3).min(max), max);
        (want..=max)
            .chain(min..want)
            .find_map(|len| self.string_of_length(s, len, rng))
    }

    // ----- Either-or ----------------------------------------------------------------------

    fn one_of(&mut self) {
        let body = self.body();
        if body.variants.is_empty() {
            return;
        }
        let violated = Violated {
            location: "body",
            pointer: String::new(),
            rule: "oneOf".to_string(),
        };
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

    // ----- The body as a whole, headers, auth ---------------------------------------------

    fn body_as_a_whole(&mut self) {
        let id = self.id(true, "body", "minimal");
        let valid = bytes(&self.base(None, false, &mut self.rng(&id)));
        let whole = |rule: &str| Violated {
            location: "body",
            pointer: String::new(),
            rule: rule.to_string(),
        };
        let serialization = Kind::Answer(Answer::Serialization);
        let truncated = valid[..valid.len() / 2].to_vec();
        let rows: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            (
                "json.notJson",
                b"conform: this is not JSON".to_vec(),
                "json",
                "A body that is not JSON.",
            ),
            (
                "json.truncated",
                truncated,
                "json",
                "A valid body cut off half way.",
            ),
            ("json.empty", Vec::new(), "json", "An empty body."),
            (
                "type.array",
                b"[]".to_vec(),
                "type",
                "A JSON array instead of an object.",
            ),
            (
                "type.string",
                b"\"conform\"".to_vec(),
                "type",
                "A JSON string instead of an object.",
            ),
        ];
        for (rule, body, violated, summary) in rows {
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

    fn headers(&mut self) {
        let id = self.id(true, "body", "minimal");
        let body = bytes(&self.base(None, false, &mut self.rng(&id)));
        for header in &self.op.request.headers {
            if self.is_auth_header(&header.name) {
                // Leaving credentials out is the auth case; a wrong value is tried below.
                if let HeaderRule::Pattern(_) = header.rule {
                    let id = self.id(false, &format!("header.{}", header.name), "pattern");
                    let violated = header_violation(&header.name, "header");
                    let broken = Broken::one(violated, Kind::BadCredentials);
                    let summary = format!("`{}` is not a bearer token.", header.name);
                    self.push_with(
                        id,
                        summary,
                        self.base_headers(),
                        body.clone(),
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
                let headers: Vec<_> = self
                    .base_headers()
                    .into_iter()
                    .filter(|(n, _)| !n.eq_ignore_ascii_case(&header.name))
                    .collect();
                // A body without a Content-Type is not "another media type": the documents are silent.
                let missing_kind = if matches!(kind, Kind::Answer(Answer::MediaType)) {
                    Kind::Header
                } else {
                    kind
                };
                let broken = Broken::one(header_violation(&header.name, "header"), missing_kind);
                let summary = format!("No `{}` header.", header.name);
                self.push_with(
                    id,
                    summary,
                    headers,
                    body.clone(),
                    Credentials::Valid,
                    Some(broken),
                );
            }
            let wrong = match &header.rule {
                HeaderRule::Any => None,
                HeaderRule::Const(v) => Some(("const", format!("{v}-conform"))),
                HeaderRule::MediaType(_) => Some(("mediaType", "text/plain".to_string())),
                HeaderRule::Pattern(p) => ["conform wrong value", "-", "é"]
                    .iter()
                    .find(|c| !pattern_matches(&p.rust, c))
                    .map(|c| ("pattern", c.to_string())),
            };
            if let Some((rule, value)) = wrong {
                let id = self.id(false, &format!("header.{}", header.name), rule);
                let headers: Vec<_> = self
                    .base_headers()
                    .into_iter()
                    .map(|(n, v)| {
                        if n.eq_ignore_ascii_case(&header.name) {
                            (n, value.clone())
                        } else {
                            (n, v)
                        }
                    })
                    .collect();
                let broken = Broken::one(header_violation(&header.name, "header"), kind);
                let summary = format!(
                    "`{}: {value}`, which the operation does not take.",
                    header.name
                );
                self.push_with(
                    id,
                    summary,
                    headers,
                    body.clone(),
                    Credentials::Valid,
                    Some(broken),
                );
            }
        }
    }

    fn auth(&mut self) {
        let id = self.id(true, "body", "minimal");
        let body = bytes(&self.base(None, false, &mut self.rng(&id)));
        let (pointer, summary) = match &self.op.auth {
            Auth::AwsSigV4 { .. } => (
                "/authorization".to_string(),
                "An unsigned request: no SigV4 `Authorization` header.".to_string(),
            ),
            Auth::Bearer { header, .. } => (
                format!("/{}", header.to_ascii_lowercase()),
                format!("No `{header}` header: no bearer token."),
            ),
        };
        let id = self.id(false, "auth", "missing");
        let violated = Violated {
            location: "auth",
            pointer,
            rule: "auth".to_string(),
        };
        let broken = Broken::one(violated, Kind::Answer(Answer::Unauthenticated));
        self.push_with(
            id,
            summary,
            self.base_headers(),
            body,
            Credentials::Missing,
            Some(broken),
        );
    }
}

/// A way to miss a pattern: its label, the characters to try, where to put one (given the
/// length), and how the summary says it.
type PatternMiss = (
    &'static str,
    &'static [char],
    fn(usize) -> usize,
    &'static str,
);

/// What an invalid case breaks, and the kind of answer that calls for.
struct Broken {
    violated: Violated,
    also: Vec<Violated>,
    kind: Kind,
}

impl Broken {
    fn one(violated: Violated, kind: Kind) -> Self {
        Broken {
            violated,
            also: Vec::new(),
            kind,
        }
    }
}

fn header_violation(name: &str, rule: &str) -> Violated {
    Violated {
        location: "header",
        pointer: format!("/{}", name.to_ascii_lowercase()),
        rule: rule.to_string(),
    }
}

fn good_header_value(rule: &HeaderRule) -> Option<String> {
    match rule {
        HeaderRule::Any => None,
        HeaderRule::Const(v) => Some(v.clone()),
        HeaderRule::MediaType(m) => Some(m.clone()),
        HeaderRule::Pattern(p) => sample::matching(&p.rust, 16, &mut Rng::new(0, &p.source)),
    }
}

/// A value of every JSON type `ty` is not, labelled by that type.
fn wrong_types(ty: &Type) -> Vec<(&'static str, Json)> {
    let all = [
        (
            "number",
            Json::Number(if matches!(ty, Type::Integer(_)) {
                "1.5".into()
            } else {
                "42".into()
            }),
        ),
        (
            "string",
            Json::str(if matches!(ty, Type::Integer(_)) {
                "1"
            } else {
                "conform"
            }),
        ),
        ("boolean", Json::Bool(true)),
        ("array", Json::Array(vec![Json::str("conform")])),
        (
            "object",
            Json::Object(vec![("conform".into(), Json::str("conform"))]),
        ),
    ];
    let own = match ty {
        Type::String(_) => "string",
        // A non-integer number is the integer's wrong `number`.
        Type::Integer(_) => "",
        Type::Boolean => "boolean",
        Type::Array(_) => "array",
        Type::Struct(_) | Type::AnyObject => "object",
    };
    all.into_iter().filter(|(label, _)| *label != own).collect()
}

fn fits(value: i64, format: IntegerFormat) -> bool {
    match format {
        IntegerFormat::Int32 => i32::try_from(value).is_ok(),
        IntegerFormat::Int64 => true,
    }
}

fn pattern_matches(rust: &str, text: &str) -> bool {
    crate::pattern::compiled(rust).is_some_and(|re| re.is_match(text))
}

fn format_ok(format: StringFormat, text: &str) -> bool {
    match format {
        StringFormat::Uuid => {
            text.len() == 36
                && text.bytes().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => b == b'-',
                    _ => b.is_ascii_hexdigit(),
                })
        }
        StringFormat::Uri => text.contains(':') && !text.contains(char::is_whitespace),
        StringFormat::UriReference => !text.contains(char::is_whitespace),
    }
}

fn uuid(rng: &mut Rng) -> String {
    let hi = rng.next_u64();
    let lo = rng.next_u64();
    // Version 4, variant 1, as random UUIDs are.
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

fn alnum(rng: &mut Rng) -> char {
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char::from(ALNUM[rng.below(ALNUM.len())])
}

fn bytes(json: &Json) -> Vec<u8> {
    json.to_compact().into_bytes()
}
