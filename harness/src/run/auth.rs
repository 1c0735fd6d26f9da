//! Credentials: SigV4 signing for AWS operations (from the standard environment variables), and
//! a bearer token (given, or obtained from the token endpoint).

use super::http::TransportError;
use super::secrets::Secrets;
use crate::mock::sigv4::{HalfAKey, Key};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// AWS credentials and the region to sign for.
#[derive(Clone)]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub region: String,
}

impl std::fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &conform_generated::runtime::REDACTED)
            .field("secret_access_key", &conform_generated::runtime::REDACTED)
            .field(
                "session_token",
                &self
                    .session_token
                    .as_ref()
                    .map(|_| conform_generated::runtime::REDACTED),
            )
            .field("region", &self.region)
            .finish()
    }
}

/// Why the credentials in the environment or on the command line cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error(transparent)]
    HalfAKey(#[from] HalfAKey),
    #[error("AWS_REGION (or AWS_DEFAULT_REGION) is not set: SigV4 signs for a region")]
    NoRegion,
    #[error("--login must be USER:PASSWORD")]
    Login,
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot sign the request: {0}")]
pub struct SignError(String);

/// Why logging in at the token endpoint gave no token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("cannot log in at {url}: {error}")]
    Transport { url: String, error: TransportError },
    #[error("logging in at {url} failed with {status}: check --login")]
    Refused { url: String, status: u16 },
    #[error("the answer of {url} has no access_token")]
    NoToken { url: String },
}

impl AwsCredentials {
    /// From `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and `AWS_REGION` or
    /// `AWS_DEFAULT_REGION`; `None` when the keys are not set, an error when only part is.
    pub fn from_env() -> Result<Option<AwsCredentials>, CredentialsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let Some(Key {
            access_key_id,
            secret_access_key,
        }) = Key::from_env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")?
        else {
            return Ok(None);
        };
        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .ok_or(CredentialsError::NoRegion)?;
        Ok(Some(AwsCredentials {
            access_key_id,
            secret_access_key,
            session_token: var("AWS_SESSION_TOKEN"),
            region,
        }))
    }

    /// Fixed test credentials for the built-in mock, which verifies signatures with them.
    pub fn for_embedded_mock() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "AKIDCONFORMMOCK".into(),
            secret_access_key: "conform-mock-secret-access-key".into(),
            session_token: None,
            region: "us-east-1".into(),
        }
    }

    /// The key pair, as a verifying mock takes it.
    pub fn key(&self) -> Key {
        Key {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
        }
    }

    pub fn register(&self, secrets: &Secrets) {
        secrets.add(&self.access_key_id);
        secrets.add(&self.secret_access_key);
        if let Some(token) = &self.session_token {
            secrets.add(token);
        }
    }

    /// The headers that sign a request (`authorization`, `x-amz-date`, and the session token).
    pub fn sign(
        &self,
        signing_name: &str,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Vec<(String, String)>, SignError> {
        let identity = aws_credential_types::Credentials::new(
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            None,
            "conform",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(signing_name)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| SignError(e.to_string()))?
            .into();
        let request = SignableRequest::new(
            method,
            url,
            headers.iter().copied(),
            SignableBody::Bytes(body),
        )
        .map_err(|e| SignError(e.to_string()))?;
        let (instructions, _) = sign(request, &params)
            .map_err(|e| SignError(e.to_string()))?
            .into_parts();
        Ok(instructions
            .headers()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect())
    }
}

/// A SigV4 `Authorization` value with the last hex digit of its signature changed: still a
/// whole signature in form, but not the one the request gives.
pub fn wrong_signature(authorization: &str) -> String {
    let mut out = authorization.to_string();
    if let Some(last) = out.pop() {
        out.push(if last == '0' { '1' } else { '0' });
    }
    out
}

/// How the runner gets a bearer token.
#[derive(Clone)]
pub enum BearerAuth {
    None,
    Bearer(String),
    Login { user: String, password: String },
}

impl std::fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BearerAuth::None => f.write_str("None"),
            BearerAuth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            BearerAuth::Login { user, .. } => {
                write!(f, "Login {{ user: {user:?}, password: <redacted> }}")
            }
        }
    }
}

impl BearerAuth {
    /// `USER:PASSWORD`.
    pub fn parse_login(value: &str) -> Result<BearerAuth, CredentialsError> {
        match value.split_once(':') {
            Some((user, password)) if !user.is_empty() => Ok(BearerAuth::Login {
                user: user.to_string(),
                password: password.to_string(),
            }),
            _ => Err(CredentialsError::Login),
        }
    }
}

/// Obtains a token with the password grant at `url` + `token_path`.
pub async fn login(
    client: &reqwest::Client,
    base: &str,
    token_path: &str,
    fixed_headers: &[(&str, &str)],
    user: &str,
    password: &str,
) -> Result<String, LoginError> {
    let url = format!("{base}{token_path}");
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "password")
        .append_pair("username", user)
        .append_pair("password", password)
        .finish();
    let mut request = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form);
    for (name, value) in fixed_headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.map_err(|e| LoginError::Transport {
        url: url.clone(),
        error: super::http::transport(&e),
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(LoginError::Refused {
            url,
            status: status.as_u16(),
        });
    }
    // An answer that is not JSON has no token either.
    let body: Option<serde_json::Value> = response.json().await.ok();
    body.as_ref()
        .and_then(|b| b.get("access_token"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
        .ok_or(LoginError::NoToken { url })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_gives_sigv4_headers() {
        let creds = AwsCredentials::for_embedded_mock();
        let headers = creds
            .sign(
                "svc",
                "POST",
                "http://127.0.0.1:1/connections",
                &[("content-type", "application/json")],
                b"{}",
            )
            .expect("signs");
        let auth = headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .expect("authorization")
            .1
            .clone();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDCONFORMMOCK/"),
            "{auth}"
        );
        assert!(auth.contains("/us-east-1/svc/aws4_request"));
        assert!(headers.iter().any(|(n, _)| n == "x-amz-date"));
        // A GET with a query and no body is signed too, its query in the canonical request.
        let get = creds
            .sign(
                "svc",
                "GET",
                "http://127.0.0.1:1/things/a%20b?tag=x&tag=y",
                &[],
                b"",
            )
            .expect("signs");
        let signed = get
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        assert!(
            signed.starts_with("AWS4-HMAC-SHA256 Credential="),
            "{signed}"
        );
        assert!(signed.contains("SignedHeaders="), "{signed}");
        assert!(!format!("{creds:?}").contains("conform-mock-secret"));
    }
}
