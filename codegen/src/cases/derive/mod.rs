//! Deriving the cases of an operation from its IR: valid requests at every bound, and invalid
//! requests that each break one thing.

mod invalid;
mod valid;
mod whole;

use super::json::Json;
use super::rng::Rng;
use super::sample;
use super::{Case, Credentials, Expectation, ExpectedError, ExpectedStatus, Violated};
use crate::ir::{
    Answer, Api, Auth, Body, HeaderRule, IntegerFormat, Member, Operation, StringFormat,
    StringType, Type,
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
