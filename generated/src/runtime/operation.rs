//! The registry entry of an operation: its wire facts, its cases, and its validators behind
//! plain function pointers, so a mock or a runner can serve and judge any operation alike.

use super::case::{Case, ErrorNaming};
use super::http::{Bindings, HttpRequest, ResponseBindings};
use super::schema::StructSchema;
use super::violation::Violation;
use conform_model::{Answer, Protocol};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    AwsSigV4 {
        signing_name: &'static str,
    },
    Bearer {
        header: &'static str,
        token_path: Option<&'static str>,
    },
    /// No credentials: the operation answers anyone.
    None,
}

/// One error an operation can return.
#[derive(Clone, Copy)]
pub struct ErrorInfo {
    pub name: &'static str,
    pub status: u16,
    pub naming: ErrorNaming,
    /// The kinds of bad request it answers.
    pub answers: &'static [Answer],
    /// The schema of its body.
    pub body: &'static StructSchema,
}

/// Names the error a response carries (status, headers, body), or says why it cannot.
pub type IdentifyError = fn(u16, &http::HeaderMap, &[u8]) -> Result<&'static str, Vec<Violation>>;

/// Everything the suite knows about an operation.
pub struct Operation {
    pub service: &'static str,
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub success_status: u16,
    pub protocol: Protocol,
    pub auth: Auth,
    pub errors: &'static [ErrorInfo],
    /// Where every part of a request lives, with the schema of each.
    pub bindings: &'static Bindings,
    /// What a successful response carries.
    pub response: &'static ResponseBindings,
    /// Request headers with secret values, in lower case.
    pub sensitive_headers: &'static [&'static str],
    /// JSON pointers of secret request body members.
    pub sensitive_members: &'static [&'static str],
    /// JSON pointers of response body members whose values differ from call to call.
    pub dynamic_members: &'static [&'static str],
    /// The operation's cases, read from their compact data on first use: see [`Operation::cases`].
    pub read_cases: fn() -> &'static [Case],
    /// Every violation of a request (labels, query, headers and raw body); empty when it is
    /// valid.
    pub check_request: fn(&HttpRequest<'_>) -> Vec<Violation>,
    /// Reads a valid request into the models and writes the body back as JSON (`None` for an
    /// operation without a body), or returns every violation.
    pub reencode: fn(&HttpRequest<'_>) -> Result<Option<serde_json::Value>, Vec<Violation>>,
    /// Every violation of a successful response's headers and body.
    pub check_success: fn(&http::HeaderMap, &[u8]) -> Vec<Violation>,
    /// The name of the error an error response carries, or why it cannot be identified.
    pub check_error: IdentifyError,
    /// Every violation of an error body whatever its status, where all the operation's errors
    /// share one body (problem details); empty otherwise.
    pub check_error_body: fn(u16, &[u8]) -> Vec<Violation>,
}

impl Operation {
    /// Every conformance case of the operation, in a fixed order.
    pub fn cases(&self) -> &'static [Case] {
        (self.read_cases)()
    }

    /// `service.Operation`.
    pub fn id(&self) -> String {
        format!("{}.{}", self.service, self.name)
    }

    /// The error that answers `kind`, if the documents name one.
    pub fn error_answering(&self, kind: Answer) -> Option<&'static ErrorInfo> {
        self.errors.iter().find(|e| e.answers.contains(&kind))
    }
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("service", &self.service)
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ErrorInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorInfo")
            .field("name", &self.name)
            .field("status", &self.status)
            .field("naming", &self.naming)
            .field("answers", &self.answers)
            .finish_non_exhaustive()
    }
}
