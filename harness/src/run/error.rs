//! Why a run cannot start, and why one case's request cannot be built. A setup error is always
//! the user's to fix (exit code 2); each says what to change.

use super::auth::{CredentialsError, LoginError, SignError};
use super::http::ClientError;
use super::known::KnownFailuresError;
use super::target::TargetError;
use crate::select::BadGlob;

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("--only {0}")]
    Selection(#[from] BadGlob),
    #[error("no case id matches {only}; `conform list` shows them all")]
    NoCase { only: String },
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    #[error(transparent)]
    KnownFailures(#[from] KnownFailuresError),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Login(#[from] LoginError),
    /// An option's value is out of its range; `rule` says what it must be.
    #[error("{option} {rule}")]
    Option { option: &'static str, rule: String },
    #[error(
        "no target for the `{service}` service: add --target {service}=URL, or a --target URL for every service"
    )]
    NoTarget { service: String },
    #[error(
        "{operation} is signed with SigV4, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (and AWS_REGION)"
    )]
    NoAwsCredentials { operation: String },
    #[error("{operation} has no token endpoint in its spec: use --bearer")]
    NoTokenEndpoint { operation: String },
    #[error("{operation} needs a bearer token: give --bearer TOKEN or --login USER:PASSWORD")]
    NoBearer { operation: String },
}

/// Why one case's request could not be built: the run's setup should have made each impossible,
/// so each is a bug in the case or in conform.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("no target for the `{0}` service")]
    NoTarget(String),
    #[error("`{0}` is not an HTTP method")]
    Method(String),
    #[error("no bearer token")]
    NoToken,
    #[error("no AWS credentials")]
    NoAwsCredentials,
    #[error("no expired token")]
    NoExpiredToken,
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The case sends credentials of a kind the operation's auth scheme does not have.
    #[error("the case's credentials ({credentials}) do not fit the operation's auth scheme")]
    Mismatch { credentials: &'static str },
}
