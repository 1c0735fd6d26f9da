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

/// Why nothing usable came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// A short reason, the same for every request that fails the same way.
    pub reason: String,
    /// True for a refused or failed connection: the target is not there.
    pub unreachable: bool,
}

pub fn client(
    timeout: Duration,
    ca_cert: Option<&Path>,
    insecure: bool,
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("conform/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| format!("cannot read --ca-cert {}: {e}", path.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("--ca-cert {} is not a PEM certificate: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("--ca-cert {} holds no certificate", path.display()));
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    if insecure {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))
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
            return Err(TransportError {
                reason: format!("the response body is over {limit} bytes"),
                unreachable: false,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn transport(e: &reqwest::Error) -> TransportError {
    let reason = describe(e);
    // A certificate the client refuses is not an absent server.
    let tls = reason.contains("certificate") || reason.contains("Certificate");
    TransportError {
        reason: if tls {
            format!(
                "{reason} (trust the server's CA with --ca-cert FILE, or accept any certificate with --insecure)"
            )
        } else {
            reason
        },
        unreachable: e.is_connect() && !tls,
    }
}

/// A one-line reason for a failed request, without the URL.
pub fn describe(e: &reqwest::Error) -> String {
    let root = root_cause(e);
    if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        format!("cannot connect: {root}")
    } else if e.is_body() || e.is_decode() {
        format!("the response body could not be read: {root}")
    } else if e.is_request() {
        format!("malformed or broken HTTP exchange: {root}")
    } else {
        root
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
