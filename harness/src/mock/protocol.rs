//! How each protocol answers a problem: restJson1 names the error in `X-Amzn-ErrorType` with a
//! `{"message": ...}` body; problem details (`json`) put a code, the status, a title and the
//! details in the body. The documented error that answers a kind of problem comes first; the
//! protocol's own defaults fill in where the spec names none.

use super::reply;
use super::sigv4::Mismatch;
use axum::body::Body;
use axum::http::Response;
use conform_generated::runtime::{Answer, ErrorInfo, ErrorNaming, Operation, Protocol, Schema};

/// A problem the mock answers with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No credentials, or a bearer token that is missing, unknown or expired.
    Unauthenticated(Credential),
    /// An `Authorization` header that is not a whole signature.
    IncompleteSignature,
    /// A whole SigV4 signature the verifying mock refuses.
    Signature(Mismatch),
    /// A `Content-Type` the operation does not take.
    MediaType,
    /// A body that is not JSON, or a value of the wrong type.
    Serialization,
    /// A well-typed value that breaks a constraint, or a header that breaks its rule.
    Validation,
    NotFound,
    MethodNotAllowed,
    TooLarge,
    Timeout,
    /// A body that could not be read.
    Unreadable,
    Internal,
}

/// What was wrong with the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    Missing,
    Malformed,
    Unknown,
    Expired,
}

impl Problem {
    /// The kind of bad request (`answers:` in the spec) this problem is, if it is one.
    fn answers(self) -> Option<Answer> {
        match self {
            Problem::Unauthenticated(Credential::Missing) => Some(Answer::Unauthenticated),
            Problem::Signature(Mismatch::Signature) => Some(Answer::Signature),
            Problem::MediaType => Some(Answer::MediaType),
            Problem::Serialization => Some(Answer::Serialization),
            Problem::Validation => Some(Answer::Validation),
            _ => None,
        }
    }

    fn default_status(self, protocol: Protocol) -> u16 {
        match self {
            // AWS's Common Errors: MissingAuthenticationToken is 403.
            Problem::Unauthenticated(_) if protocol == Protocol::RestJson1 => 403,
            Problem::Unauthenticated(_) => 401,
            // AWS's Common Errors: InvalidClientTokenId and a wrong signature are 403, an
            // expired request 400.
            Problem::IncompleteSignature | Problem::Signature(Mismatch::Expired) => 400,
            Problem::Signature(Mismatch::UnknownKey | Mismatch::Signature) => 403,
            Problem::MediaType => 415,
            Problem::Serialization | Problem::Validation | Problem::Unreadable => 400,
            Problem::NotFound => 404,
            Problem::MethodNotAllowed => 405,
            Problem::TooLarge => 413,
            Problem::Timeout => 408,
            Problem::Internal => 500,
        }
    }

    /// The exception restJson1 services name for it where the operation documents none.
    fn aws_name(self) -> &'static str {
        match self {
            Problem::Unauthenticated(_) => "MissingAuthenticationTokenException",
            Problem::IncompleteSignature => "IncompleteSignatureException",
            Problem::Signature(Mismatch::Signature) => "InvalidSignatureException",
            Problem::Signature(Mismatch::UnknownKey) => "InvalidClientTokenId",
            Problem::Signature(Mismatch::Expired) => "RequestExpired",
            Problem::MediaType => "UnsupportedMediaTypeException",
            Problem::Serialization => "SerializationException",
            Problem::Validation => "ValidationException",
            Problem::NotFound => "UnknownOperationException",
            Problem::MethodNotAllowed => "MethodNotAllowedException",
            Problem::TooLarge => "RequestEntityTooLargeException",
            Problem::Timeout => "RequestTimeoutException",
            Problem::Unreadable => "BadRequestException",
            Problem::Internal => "InternalFailure",
        }
    }

    /// The problem-details codes it prefers, most specific first.
    fn codes(self) -> &'static [&'static str] {
        match self {
            Problem::Unauthenticated(Credential::Missing | Credential::Malformed)
            | Problem::IncompleteSignature
            | Problem::Signature(_) => &["AccessDenied", "Unauthorized"],
            Problem::Unauthenticated(Credential::Unknown) => &["InvalidToken", "Unauthorized"],
            Problem::Unauthenticated(Credential::Expired) => &["ExpiredToken", "Unauthorized"],
            Problem::NotFound => &["NotFound"],
            Problem::MethodNotAllowed => &["MethodNotAllowed"],
            Problem::Internal => &["UnknownError", "InternalServerError"],
            _ => &["UnexpectedContent", "BadRequest"],
        }
    }
}

/// How an answer may be spoiled, for the faults that test the runner.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spoil {
    /// Leave out what names the error.
    pub unnamed: bool,
    /// Answer with this status instead.
    pub status: Option<u16>,
    /// The rule a mutant of the mock gets wrong.
    pub mutant: Option<super::mutant::Mutant>,
}

/// The error `op` documents for `problem`: the one that answers its kind, for a server failure
/// the one with status 500, else the one the protocol's own name for the problem names.
fn documented(op: &Operation, problem: Problem) -> Option<&'static ErrorInfo> {
    match problem.answers() {
        Some(kind) => op.error_answering(kind),
        None if problem == Problem::Internal => op.errors.iter().find(|e| e.status == 500),
        None => op.errors.iter().find(|e| {
            matches!(e.naming, ErrorNaming::Header { value, .. } if value == problem.aws_name())
        }),
    }
}

/// The answer to `problem` in the protocol of `op` (restJson1 without one), with `text` for
/// people.
pub fn error(op: Option<&Operation>, problem: Problem, text: &str, spoil: Spoil) -> Response<Body> {
    let error = op.and_then(|op| documented(op, problem));
    let protocol = op.map_or(Protocol::RestJson1, |op| op.protocol);
    let status = spoil
        .status
        .unwrap_or_else(|| error.map_or(problem.default_status(protocol), |e| e.status));
    match protocol {
        Protocol::RestJson1 => {
            let name = match error.map(|e| e.naming) {
                Some(ErrorNaming::Header { value, .. }) => value,
                _ => problem.aws_name(),
            };
            let name = match (spoil.mutant, op) {
                (Some(mutant), Some(op)) => mutant.error_name(op, name),
                _ => name,
            };
            reply::aws_error(status, name, text, !spoil.unnamed)
        }
        Protocol::ProblemDetails => {
            let op = op.expect("a problem-details answer has an operation");
            problem_details(op, error, problem, status, text, spoil)
        }
    }
}

/// A problem-details body: the members the error schema requires, with the naming member set
/// to a code its schema allows, the status member to the status, and the text in `details`
/// (or `detail`).
fn problem_details(
    op: &Operation,
    error: Option<&ErrorInfo>,
    problem: Problem,
    status: u16,
    text: &str,
    spoil: Spoil,
) -> Response<Body> {
    let naming = error.or_else(|| op.errors.first()).map(|e| e.naming);
    let (code_member, status_member) = match naming {
        Some(ErrorNaming::Member {
            member,
            status_member,
        }) => (member, status_member),
        _ => ("errorCode", Some("status")),
    };
    let schema = error.or_else(|| op.errors.first()).map(|e| e.body);
    let allowed: Vec<&str> = schema
        .and_then(|s| s.member(code_member))
        .and_then(|m| match m.schema {
            Schema::String(rules) => Some(rules.enumeration.to_vec()),
            _ => None,
        })
        .unwrap_or_default();
    let code = problem
        .codes()
        .iter()
        .find(|c| allowed.is_empty() || allowed.contains(c))
        .copied()
        .or_else(|| allowed.first().copied())
        .unwrap_or("UnexpectedContent");
    let title = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let mut body = serde_json::Map::new();
    let has = |name: &str| schema.is_none_or(|s| s.member(name).is_some());
    if has("type") {
        body.insert("type".into(), "about:blank".into());
    }
    if has("title") {
        body.insert("title".into(), title.into());
    }
    if let Some(member) = status_member {
        let stated = spoil
            .mutant
            .map_or(status, |m| m.problem_status(op, status));
        body.insert(member.into(), stated.into());
    }
    let detail = ["details", "detail", "message"]
        .into_iter()
        .find(|m| schema.is_some_and(|s| s.member(m).is_some()))
        .unwrap_or("details");
    body.insert(detail.into(), reply::clip(text).into());
    if !spoil.unnamed {
        body.insert(code_member.into(), code.into());
    }
    reply::json(
        status,
        "application/problem+json",
        &serde_json::Value::Object(body),
    )
}
