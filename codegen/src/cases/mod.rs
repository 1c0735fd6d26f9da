//! Conformance cases derived from the IR: every valid and invalid request the suite replays,
//! each with a stable id, the exact request, the constraint it breaks and what the documents say
//! the service answers.

mod derive;
pub mod json;
pub mod rng;
pub mod sample;

pub use derive::{DEFAULT_SEED, derive, derive_operation};

use conform_model::{Location, Rule};

/// One request the suite sends, and what the documents say the service answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `service.Operation.valid|invalid.subject.rule`, stable across runs.
    pub id: String,
    pub service: String,
    pub operation: String,
    pub valid: bool,
    /// A sentence saying what the case sends.
    pub summary: String,
    pub method: String,
    /// The path with every label filled in, percent-encoded.
    pub path: String,
    /// The query string without the `?`, percent-encoded; empty when there is none.
    pub query: String,
    /// Headers other than credentials, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub credentials: Credentials,
    /// The constraint an invalid case breaks.
    pub violates: Option<Violated>,
    /// Other violations the same request cannot avoid (an empty `AssetId` also misses the pattern).
    pub also: Vec<Violated>,
    pub expected: Expectation,
}

/// How the runner authenticates a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Sign the request (SigV4) or send a valid bearer token.
    Valid,
    /// Send no credentials at all.
    Missing,
    /// Send this literal `Authorization` value instead of credentials.
    Literal(String),
    /// Sign the request (SigV4), then change one hex digit of the signature.
    WrongSignature,
    /// Send a bearer token that has expired.
    ExpiredToken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violated {
    pub location: Location,
    pub pointer: String,
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub status: ExpectedStatus,
    /// True where the documents state no status and the expectation is only the class.
    pub inferred: bool,
    /// The source id (`page`, `model`, ...) the status comes from, or why it is inferred.
    pub basis: String,
    pub error: Option<ExpectedError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStatus {
    Exact(u16),
    /// The class, as its first digit: 4 for 4xx.
    Class(u16),
}

impl std::fmt::Display for ExpectedStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpectedStatus::Exact(s) => write!(f, "{s}"),
            ExpectedStatus::Class(c) => write!(f, "{c}xx"),
        }
    }
}

/// How the error in the response must be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedError {
    /// The error's name in the spec.
    pub name: String,
    pub naming: crate::ir::ErrorNaming,
}
