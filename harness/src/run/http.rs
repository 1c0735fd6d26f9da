//! Sending one request: TLS by rustls (with an extra root, or no verification when asked), a
//! per-request timeout, and a cap on the response body.

use std::path::Path;
use std::time::Duration;

/// What came back.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

/// Why nothing usable came back. Each reason is short and the same for every request that
/// fails the same way; none carries the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum TransportError {
    #[error("timed out")]
    Timeout,
    /// A refused or failed connection: the target is not there.
    #[error("cannot connect: {cause}")]
    Unreachable { cause: String },
    #[error(
        "{cause} (trust the server's CA with --ca-cert FILE, or accept any certificate with --insecure)"
    )]
    Tls { cause: String },
    #[error("the response body is over {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the response body could not be read: {cause}")]
    UnreadableBody { cause: String },
    #[error("malformed or broken HTTP exchange: {cause}")]
    Exchange { cause: String },
    /// The case's request could not be built (a bug in the case or the credentials).
    #[error("cannot build the request: {cause}")]
    Request { cause: String },
    #[error("{cause}")]
    Other { cause: String },
}

impl TransportError {
    /// Whether the target could not be reached at all.
    pub fn unreachable(&self) -> bool {
        matches!(self, TransportError::Unreachable { .. })
    }

    /// The same error with its cause masked: causes quote what the peer or the network said.
    pub fn scrubbed(self, scrub: impl Fn(&str) -> String) -> TransportError {
        match self {
            TransportError::Unreachable { cause } => TransportError::Unreachable {
                cause: scrub(&cause),
            },
            TransportError::Tls { cause } => TransportError::Tls {
                cause: scrub(&cause),
            },
            TransportError::UnreadableBody { cause } => TransportError::UnreadableBody {
                cause: scrub(&cause),
            },
            TransportError::Exchange { cause } => TransportError::Exchange {
                cause: scrub(&cause),
            },
            TransportError::Request { cause } => TransportError::Request {
                cause: scrub(&cause),
            },
            TransportError::Other { cause } => TransportError::Other {
                cause: scrub(&cause),
            },
            kept @ (TransportError::Timeout | TransportError::TooLarge { .. }) => kept,
        }
    }
}

/// Why the HTTP client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot read --ca-cert {path}: {source}")]
    ReadCa {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("--ca-cert {path} is not a PEM certificate: {source}")]
    NotPem {
        path: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("--ca-cert {path} holds no certificate")]
    NoCertificate { path: String },
    #[error("cannot set up the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}

/// The run's HTTP client. When `tls` is false (every target is plain HTTP and no `--ca-cert` is
/// given), the system's TLS roots are not loaded: reading them is most of a short run's start-up.
pub fn client(
    timeout: Duration,
    ca_cert: Option<&Path>,
    insecure: bool,
    tls: bool,
) -> Result<reqwest::Client, ClientError> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("conform/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = ca_cert {
        let shown = path.display().to_string();
        let pem = std::fs::read(path).map_err(|source| ClientError::ReadCa {
            path: shown.clone(),
            source,
        })?;
        let certs =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|source| ClientError::NotPem {
                path: shown.clone(),
                source,
            })?;
        if certs.is_empty() {
            return Err(ClientError::NoCertificate { path: shown });
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    if insecure {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    if !tls && ca_cert.is_none() {
        builder = builder.tls_certs_only(Vec::new());
    }
    builder.build().map_err(ClientError::Build)
}

/// Sends `request` and reads at most `limit` bytes of the answer.
pub async fn send(
    request: reqwest::RequestBuilder,
    limit: usize,
) -> Result<Answer, TransportError> {
    let mut response = request.send().await.map_err(|e| transport(&e))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e))? {
        if body.len() + chunk.len() > limit {
            return Err(TransportError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// What a reqwest failure means for the run.
pub fn transport(e: &reqwest::Error) -> TransportError {
    let cause = root_cause(e);
    // A certificate the client refuses is not an absent server.
    if cause.contains("certificate") || cause.contains("Certificate") {
        TransportError::Tls { cause }
    } else if e.is_connect() {
        // A connection that times out is a target that is not there, not a slow answer.
        TransportError::Unreachable { cause }
    } else if e.is_timeout() {
        TransportError::Timeout
    } else if e.is_body() || e.is_decode() {
        TransportError::UnreadableBody { cause }
    } else if e.is_request() {
        TransportError::Exchange { cause }
    } else {
        TransportError::Other { cause }
    }
}

fn root_cause(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    let text = source.to_string();
    // reqwest puts the URL in its own message; the innermost cause says what went wrong.
    text.split(" for url (")
        .next()
        .unwrap_or_default()
        .to_string()
}
