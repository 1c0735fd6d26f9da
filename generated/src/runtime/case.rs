//! Conformance cases as data: an id, the exact request, what it breaks and what the documents
//! say the service answers. The generator derives them from the spec; nobody writes them by hand.

use conform_model::case::{
    CaseRecord, CredentialsRecord, NamingRecord, StatusRecord, ViolatedRecord,
};
use conform_model::{Location, Rule};
use serde::Serialize;

/// Whether a case's request is one the service must accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Valid,
    Invalid,
}

/// How the runner authenticates a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "value")]
pub enum Credentials {
    /// Sign the request (SigV4) or send a valid bearer token.
    Valid,
    /// Send no credentials.
    Missing,
    /// Send this `Authorization` value instead of credentials.
    Literal(&'static str),
    /// Sign the request (SigV4), then change one hex digit of the signature. Only a target
    /// known to verify signatures is sent it.
    WrongSignature,
    /// Send a bearer token that has expired: the built-in mock mints one, another target is
    /// given one (`--expired-token`).
    ExpiredToken,
}

/// The constraint an invalid case breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Violated {
    pub location: Location,
    pub pointer: &'static str,
    pub rule: Rule,
}

/// The status a case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStatus {
    /// Exactly this status, as a document states it.
    Exact(u16),
    /// Any status of this class (4 for 4xx), where the documents state none.
    Class(u16),
}

impl ExpectedStatus {
    pub fn admits(self, status: u16) -> bool {
        match self {
            ExpectedStatus::Exact(s) => s == status,
            ExpectedStatus::Class(c) => status / 100 == c,
        }
    }
}

impl std::fmt::Display for ExpectedStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpectedStatus::Exact(s) => write!(f, "{s}"),
            ExpectedStatus::Class(c) => write!(f, "{c}xx"),
        }
    }
}

impl Serialize for ExpectedStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How the error in a response must be named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "by")]
pub enum ErrorNaming {
    /// restJson1: this header names the error (`X-Amzn-ErrorType: ValidationException`).
    Header {
        header: &'static str,
        value: &'static str,
    },
    /// A problem-details body: `member` carries the error code, `status_member` the status.
    Member {
        member: &'static str,
        status_member: Option<&'static str>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExpectedError {
    /// The error's name in the spec.
    pub name: &'static str,
    pub naming: ErrorNaming,
}

/// One request of the suite and its expected answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Case {
    /// `service.Operation.valid|invalid.subject.rule`.
    pub id: &'static str,
    pub service: &'static str,
    pub operation: &'static str,
    pub expect: Expect,
    pub summary: &'static str,
    pub method: &'static str,
    /// The path with every label filled in, percent-encoded.
    pub path: &'static str,
    /// The query string without the `?`, percent-encoded; empty when there is none.
    pub query: &'static str,
    /// Headers other than credentials, in order.
    pub headers: &'static [(&'static str, &'static str)],
    #[serde(skip)]
    pub body: &'static [u8],
    pub credentials: Credentials,
    pub violates: Option<Violated>,
    /// Other violations the same request cannot avoid.
    pub also: &'static [Violated],
    pub expected_status: ExpectedStatus,
    /// True where the documents state no status and only the class is expected.
    pub inferred: bool,
    /// Where the expected status comes from: a source id, or why it is inferred.
    pub basis: &'static str,
    pub error: Option<ExpectedError>,
}

impl Case {
    /// The cases in `data`, the JSON records the generator writes for an operation. The strings
    /// are kept for the life of the process, as static data would be: the generated `cases()`
    /// calls this once per operation.
    ///
    /// # Panics
    ///
    /// When `data` is not a list of records, which only a bug in the generator can cause: the
    /// same type writes and reads them, and a test reads every operation's cases.
    pub fn read_all(data: &'static str) -> &'static [Case] {
        let records: Vec<CaseRecord> = serde_json::from_str(data).unwrap_or_else(|e| {
            panic!("the generated case data does not read back ({e}): a bug in conform-codegen")
        });
        records
            .into_iter()
            .map(Case::from_record)
            .collect::<Vec<_>>()
            .leak()
    }

    fn from_record(r: CaseRecord) -> Case {
        let text = |s: String| -> &'static str { s.leak() };
        let violated = |v: ViolatedRecord| Violated {
            location: v.location,
            pointer: v.pointer.leak(),
            rule: v.rule,
        };
        Case {
            id: text(r.id),
            service: text(r.service),
            operation: text(r.operation),
            expect: if r.valid {
                Expect::Valid
            } else {
                Expect::Invalid
            },
            summary: text(r.summary),
            method: text(r.method),
            path: text(r.path),
            query: text(r.query),
            headers: r
                .headers
                .into_iter()
                .map(|(name, value)| (text(name), text(value)))
                .collect::<Vec<_>>()
                .leak(),
            body: r.body.into_bytes().leak(),
            credentials: match r.credentials {
                CredentialsRecord::Valid => Credentials::Valid,
                CredentialsRecord::Missing => Credentials::Missing,
                CredentialsRecord::Literal(v) => Credentials::Literal(text(v)),
                CredentialsRecord::WrongSignature => Credentials::WrongSignature,
                CredentialsRecord::ExpiredToken => Credentials::ExpiredToken,
            },
            violates: r.violates.map(violated),
            also: r.also.into_iter().map(violated).collect::<Vec<_>>().leak(),
            expected_status: match r.status {
                StatusRecord::Exact(s) => ExpectedStatus::Exact(s),
                StatusRecord::Class(c) => ExpectedStatus::Class(c),
            },
            inferred: r.inferred,
            basis: text(r.basis),
            error: r.error.map(|e| ExpectedError {
                name: text(e.name),
                naming: match e.naming {
                    NamingRecord::Header { header, value } => ErrorNaming::Header {
                        header: text(header),
                        value: text(value),
                    },
                    NamingRecord::Member {
                        member,
                        status_member,
                    } => ErrorNaming::Member {
                        member: text(member),
                        status_member: status_member.map(text),
                    },
                },
            }),
        }
    }
}
