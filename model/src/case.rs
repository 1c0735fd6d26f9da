//! A conformance case as compact data: the generator writes each operation's cases as JSON of
//! these records, and the runtime reads them back on first use. Writing the cases as data rather
//! than as Rust literals keeps generation and the generated crate's compile time small; one
//! definition serves both sides, so the two cannot drift apart.

use crate::{Location, Rule};
use serde::{Deserialize, Serialize};

/// One request of the suite and its expected answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: String,
    pub service: String,
    pub operation: String,
    pub valid: bool,
    pub summary: String,
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: BodyRecord,
    pub credentials: CredentialsRecord,
    pub violates: Option<ViolatedRecord>,
    pub also: Vec<ViolatedRecord>,
    pub status: StatusRecord,
    pub inferred: bool,
    pub basis: String,
    pub error: Option<ErrorRecord>,
}

/// A request body: text where it is UTF-8, which nearly every body is, and bytes otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyRecord {
    Text(String),
    Bytes(Vec<u8>),
}

impl BodyRecord {
    /// The record of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => BodyRecord::Text(text.to_string()),
            Err(_) => BodyRecord::Bytes(bytes.to_vec()),
        }
    }

    /// The body's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            BodyRecord::Text(text) => text.into_bytes(),
            BodyRecord::Bytes(bytes) => bytes,
        }
    }
}

/// How the runner authenticates a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialsRecord {
    Valid,
    Missing,
    Literal(String),
    WrongSignature,
    ExpiredToken,
}

/// The constraint an invalid case breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolatedRecord {
    pub location: Location,
    pub pointer: String,
    pub rule: Rule,
}

/// The status a case expects: exactly one, or any of a class (4 for 4xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusRecord {
    Exact(u16),
    Class(u16),
}

/// The error a case expects and how the response must name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub name: String,
    pub naming: NamingRecord,
}

/// How an error is named: by a header, or by a member of a problem-details body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NamingRecord {
    Header {
        header: String,
        value: String,
    },
    Member {
        member: String,
        status_member: Option<String>,
    },
}
