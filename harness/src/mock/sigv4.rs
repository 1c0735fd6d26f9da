//! Verifying SigV4 signatures. Given a key pair, the mock recomputes the signature of every
//! signed request with `aws-sigv4`, the crate the AWS SDK for Rust signs with, over the headers
//! the request says it signed, and refuses what AWS's Common Errors page says a service refuses:
//! an access key id it does not know, a date more than 15 minutes off, and a signature that does
//! not match. Without a key pair the mock checks only the form of a signature (`auth.rs`).

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use axum::http::HeaderMap;
use std::time::{Duration, SystemTime};

/// How far a request's date may be from the mock's clock, as AWS allows.
pub const CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// The key pair the mock verifies signatures with.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("access_key_id", &conform_generated::runtime::REDACTED)
            .field("secret_access_key", &conform_generated::runtime::REDACTED)
            .finish()
    }
}

/// One half of a key pair is in the environment, the other is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{set} is set but {unset} is not")]
pub struct HalfAKey {
    pub set: String,
    pub unset: String,
}

impl Key {
    /// The key pair in `id_var` and `secret_var`: `None` when neither is set, an error when
    /// only one is.
    pub fn from_env(id_var: &str, secret_var: &str) -> Result<Option<Key>, HalfAKey> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (var(id_var), var(secret_var)) {
            (None, None) => Ok(None),
            (Some(access_key_id), Some(secret_access_key)) => Ok(Some(Key {
                access_key_id,
                secret_access_key,
            })),
            (Some(_), None) => Err(HalfAKey {
                set: id_var.to_string(),
                unset: secret_var.to_string(),
            }),
            (None, Some(_)) => Err(HalfAKey {
                set: secret_var.to_string(),
                unset: id_var.to_string(),
            }),
        }
    }
}

/// Why a signature whose form is whole is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The access key id is not the mock's (`InvalidClientTokenId`).
    UnknownKey,
    /// The request's date is more than [`CLOCK_SKEW`] from now (`RequestExpired`).
    Expired,
    /// The signature is not the one the request's content gives (`InvalidSignatureException`).
    Signature,
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` value.
struct Authorization<'a> {
    access_key_id: &'a str,
    /// `YYYYMMDD`, the date of the credential scope.
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let part = |name: &str| {
        rest.split(',')
            .map(str::trim)
            .find_map(|p| p.strip_prefix(name))
    };
    let mut scope = part("Credential=")?.split('/');
    let (access_key_id, date, region, service, terminator) = (
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
    );
    if terminator != "aws4_request" || scope.next().is_some() {
        return None;
    }
    Some(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: part("SignedHeaders=")?.split(';').collect(),
        signature: part("Signature=")?,
    })
}

/// `YYYYMMDD'T'HHMMSS'Z'`, the form of `X-Amz-Date`, checked when conform is compiled.
const AMZ_DATE: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!(version = 2, "[year][month][day]T[hour][minute][second]Z");

fn request_time(value: &str) -> Option<SystemTime> {
    let at = time::PrimitiveDateTime::parse(value, AMZ_DATE).ok()?;
    Some(at.assume_utc().into())
}

/// Checks the signature of a request whose `Authorization` header has the whole form of one.
/// `path_and_query` is the request target as sent.
pub fn verify(
    key: &Key,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Mismatch> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let auth = text("authorization")
        .and_then(parse)
        .ok_or(Mismatch::Signature)?;
    if auth.access_key_id != key.access_key_id {
        return Err(Mismatch::UnknownKey);
    }
    let stamp = text("x-amz-date").ok_or(Mismatch::Signature)?;
    let at = request_time(stamp).ok_or(Mismatch::Signature)?;
    let skew = now
        .duration_since(at)
        .or_else(|_| at.duration_since(now))
        .unwrap_or_default();
    if skew > CLOCK_SKEW {
        return Err(Mismatch::Expired);
    }
    if !stamp.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(Mismatch::Signature);
    }
    // Exactly the headers the request says it signed, each value as sent; `aws-sigv4` adds
    // `x-amz-date` from the time given.
    let mut signed = Vec::new();
    for name in &auth.signed_headers {
        if name.eq_ignore_ascii_case("x-amz-date") {
            continue;
        }
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().map_err(|_| Mismatch::Signature))
            .collect::<Result<_, _>>()?;
        if values.is_empty() {
            return Err(Mismatch::Signature);
        }
        signed.extend(values.into_iter().map(|v| (*name, v)));
    }
    let host = text("host").unwrap_or("localhost");
    let uri = format!("http://{host}{path_and_query}");
    let body = match text("x-amz-content-sha256") {
        Some("UNSIGNED-PAYLOAD") => SignableBody::UnsignedPayload,
        _ => SignableBody::Bytes(body),
    };
    let request = SignableRequest::new(method, &uri, signed.into_iter(), body)
        .map_err(|_| Mismatch::Signature)?;
    let identity = aws_credential_types::Credentials::new(
        &key.access_key_id,
        &key.secret_access_key,
        None,
        None,
        "conform-mock",
    )
    .into();
    let mut settings = SigningSettings::default();
    // The request names what it signed; nothing it names is left out.
    settings.excluded_headers = None;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(auth.service)
        .time(at)
        .settings(settings)
        .build()
        .map_err(|_| Mismatch::Signature)?
        .into();
    let expected = sign(request, &params).map_err(|_| Mismatch::Signature)?;
    if expected.signature() == auth.signature {
        Ok(())
    } else {
        Err(Mismatch::Signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::auth::AwsCredentials;

    fn key() -> Key {
        Key {
            access_key_id: "AKIDVERIFYEXAMPLE".into(),
            secret_access_key: "verify/secret+key".into(),
        }
    }

    fn signed(body: &[u8], key: &Key) -> HeaderMap {
        let creds = AwsCredentials {
            access_key_id: key.access_key_id.clone(),
            secret_access_key: key.secret_access_key.clone(),
            session_token: None,
            region: "us-east-1".into(),
        };
        let sent = [("content-type", "application/json")];
        let mut headers = HeaderMap::new();
        headers.insert("host", "127.0.0.1:9".parse().expect("a value"));
        headers.insert("content-type", "application/json".parse().expect("a value"));
        for (name, value) in creds
            .sign("svc", "POST", "http://127.0.0.1:9/a%20b?x=1", &sent, body)
            .expect("signs")
        {
            headers.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a name"),
                value.parse().expect("a value"),
            );
        }
        headers
    }

    fn check(headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), Mismatch> {
        verify(&key(), "POST", "/a%20b?x=1", headers, body, now)
    }

    #[test]
    fn the_signature_of_the_request_as_signed_is_accepted() {
        let headers = signed(b"{\"a\":1}", &key());
        assert_eq!(check(&headers, b"{\"a\":1}", SystemTime::now()), Ok(()));
    }

    #[test]
    fn a_one_byte_change_to_the_body_is_refused() {
        let headers = signed(b"{\"a\":1}", &key());
        assert_eq!(
            check(&headers, b"{\"a\":2}", SystemTime::now()),
            Err(Mismatch::Signature)
        );
    }

    #[test]
    fn a_changed_signed_header_path_or_method_is_refused() {
        let mut headers = signed(b"{}", &key());
        let now = SystemTime::now();
        assert_eq!(
            verify(&key(), "PUT", "/a%20b?x=1", &headers, b"{}", now),
            Err(Mismatch::Signature)
        );
        assert_eq!(
            verify(&key(), "POST", "/a%20b?x=2", &headers, b"{}", now),
            Err(Mismatch::Signature)
        );
        headers.insert("content-type", "text/plain".parse().expect("a value"));
        assert_eq!(check(&headers, b"{}", now), Err(Mismatch::Signature));
    }

    #[test]
    fn another_secret_is_refused_and_another_key_id_is_unknown() {
        let other_secret = Key {
            secret_access_key: "another".into(),
            ..key()
        };
        let now = SystemTime::now();
        assert_eq!(
            check(&signed(b"{}", &other_secret), b"{}", now),
            Err(Mismatch::Signature)
        );
        let other_id = Key {
            access_key_id: "AKIDSOMEONEELSE".into(),
            ..key()
        };
        assert_eq!(
            check(&signed(b"{}", &other_id), b"{}", now),
            Err(Mismatch::UnknownKey)
        );
    }

    #[test]
    fn a_date_more_than_fifteen_minutes_off_has_expired_either_way() {
        let headers = signed(b"{}", &key());
        let now = SystemTime::now();
        let minutes = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(check(&headers, b"{}", now + minutes(14)), Ok(()));
        assert_eq!(
            check(&headers, b"{}", now + minutes(16)),
            Err(Mismatch::Expired)
        );
        assert_eq!(
            check(&headers, b"{}", now - minutes(16)),
            Err(Mismatch::Expired)
        );
    }
}
