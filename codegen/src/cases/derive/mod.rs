//! Deriving the cases of an operation from its IR: valid requests at every bound, and invalid
//! requests that each break one thing, at any depth of the body and in every parameter.
//!
//! A case starts from the base request (the labels, required query parameters and headers with
//! valid values, and the minimal body) and changes one value. Inside the body, the value sits at
//! a [`sites::Site`]: a member, a list item or a map value at any depth; the base body then holds
//! just enough to reach it.

mod invalid;
mod params;
mod scalars;
mod sites;
mod valid;
mod values;
mod whole;

use super::json::Json;
use super::rng::Rng;
use super::{Case, Credentials, Expectation, ExpectedError, ExpectedStatus, Violated};
use crate::ir::{Answer, Api, Auth, Body, HeaderRule, Operation};
use conform_model::{Location, Rule};

/// The seed every build uses, so the same spec always gives the same cases.
pub const DEFAULT_SEED: u64 = 0x00c0_4f04_2026_1121;

/// The key a case uses for a map entry it adds.
pub const MAP_KEY: &str = "conformKey";

/// Every case of every operation, in operation order, each operation's cases in a fixed order.
pub fn derive(api: &Api, seed: u64) -> Vec<Case> {
    api.operations
        .iter()
        .flat_map(|op| derive_operation(op, seed))
        .collect()
}

/// The cases of one operation, the same as its share of [`derive`]: each operation's cases
/// depend on that operation and the seed alone.
pub fn derive_operation(op: &Operation, seed: u64) -> Vec<Case> {
    Deriver::new(op, seed).all()
}

/// What kind of answer a broken rule calls for.
#[derive(Clone, Copy)]
enum Kind {
    Answer(Answer),
    /// A header the documents say nothing about answering.
    Header,
    /// Credentials that are present but wrong.
    BadCredentials,
    /// A request the routing may refuse before any rule: an empty path label.
    Routing,
}

/// The parts of a request a case sends besides its credentials.
#[derive(Clone)]
struct Request {
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
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
        self.params();
        self.headers();
        self.auth();
        self.cases
    }

    fn body(&self) -> Option<&'o Body> {
        self.op.request.body.as_ref()
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

    /// The id of the plainest valid request, whose values every other case starts from.
    fn minimal_id(&self) -> String {
        let subject = if self.body().is_some() {
            "body"
        } else {
            "request"
        };
        self.id(true, subject, "minimal")
    }

    /// The headers every case sends unless it is about a header: each required header with a
    /// value that satisfies it. Credentials are the runner's business.
    fn base_headers(&self) -> Vec<(String, String)> {
        let mut rng = self.rng("headers");
        self.op
            .request
            .headers
            .iter()
            .filter(|h| h.required && !self.is_auth_header(&h.name))
            .filter_map(|h| {
                self.good_header_value(&h.rule, &mut rng)
                    .map(|v| (h.name.clone(), v))
            })
            .collect()
    }

    fn good_header_value(&self, rule: &HeaderRule, rng: &mut Rng) -> Option<String> {
        match rule {
            HeaderRule::Any => None,
            HeaderRule::Const(v) => Some(v.clone()),
            HeaderRule::MediaType(m) => Some(m.clone()),
            HeaderRule::Pattern(p) => {
                super::sample::matching(&p.rust, 16, &mut Rng::new(0, &p.source))
            }
            HeaderRule::Typed(ty) => Some(self.text(&self.value(ty, rng))),
        }
    }

    fn is_auth_header(&self, name: &str) -> bool {
        match &self.op.auth {
            Auth::Bearer { header, .. } => header.eq_ignore_ascii_case(name),
            Auth::AwsSigV4 { .. } => name.eq_ignore_ascii_case("authorization"),
            Auth::None => false,
        }
    }

    /// The base request, with `body` as its body.
    fn request(&self, body: Vec<u8>) -> Request {
        let mut rng = self.rng(&self.minimal_id());
        Request {
            path: self.base_path(&mut rng),
            query: self.base_query(&mut rng),
            headers: self.base_headers(),
            body,
        }
    }

    /// Pushes a case that sends the base request with `body`.
    fn push(&mut self, id: String, summary: String, body: Vec<u8>, broken: Option<Broken>) {
        let request = self.request(body);
        self.push_request(id, summary, request, Credentials::Valid, broken);
    }

    fn push_request(
        &mut self,
        id: String,
        summary: String,
        request: Request,
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
            path: request.path,
            query: request.query,
            headers: request.headers,
            body: request.body,
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
            Kind::Header | Kind::BadCredentials | Kind::Routing => None,
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
                    Kind::Routing => {
                        "an empty path label, which a server may route to 404 or 405".to_string()
                    }
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
}

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

/// A violation of `rule` at `pointer` in `location`.
fn violated(location: Location, pointer: &str, rule: Rule) -> Violated {
    Violated {
        location,
        pointer: pointer.to_string(),
        rule,
    }
}

fn header_violation(name: &str, rule: Rule) -> Violated {
    violated(
        Location::Header,
        &format!("/{}", name.to_ascii_lowercase()),
        rule,
    )
}

/// A JSON pointer from its unescaped tokens.
fn pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn bytes(json: &Json) -> Vec<u8> {
    json.to_compact().into_bytes()
}
