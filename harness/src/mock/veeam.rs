//! Veeam Backup for AWS as the appliance answers it: a password grant at `POST /api/v1/token`,
//! bearer tokens the mock issued, `x-api-version: 1.0-rev0`, the either-or body, and
//! problem-details errors.

use super::faults::{Fault, Faults};
use super::reply;
use super::tokens::{ACCESS_LIFETIME, TokenState, Tokens};
use axum::body::Body;
use axum::http::{HeaderMap, Response};
use conform_generated::runtime::{HeaderRule, Location, Operation, media_type_is};
use conform_generated::veeam::add_amazon_connection as add;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};

/// The API revision the appliance serves.
const API_VERSION: &str = "1.0-rev0";

/// The user and password the token endpoint accepts.
#[derive(Clone)]
pub struct Login {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("user", &self.user)
            .field("password", &conform_generated::runtime::REDACTED)
            .finish()
    }
}

pub struct Veeam {
    pub login: Login,
    pub tokens: Tokens,
    created: AtomicU64,
}

impl Veeam {
    pub fn new(login: Login) -> Self {
        Veeam {
            login,
            tokens: Tokens::default(),
            created: AtomicU64::new(0),
        }
    }

    /// `POST /api/v1/token`: a form-encoded password (or refresh-token) grant.
    pub fn token(&self, faults: &Faults, headers: &HeaderMap, body: &[u8]) -> Response<Body> {
        let name_it = !faults.on(Fault::MissingErrorType);
        if let Some(problem) = api_version(headers, name_it) {
            return problem;
        }
        let content_type = header(headers, "content-type");
        if !media_type_is(content_type, "application/x-www-form-urlencoded") {
            return reply::problem(
                415,
                "UnexpectedContent",
                "Unsupported Media Type",
                "The token request must be application/x-www-form-urlencoded.",
                name_it,
            );
        }
        let form: Vec<(String, String)> = form_urlencoded(body);
        let field = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let user = match field("grant_type") {
            Some("password") => {
                let (Some(user), Some(password)) = (field("username"), field("password")) else {
                    return reply::problem(
                        400,
                        "UnexpectedContent",
                        "Bad Request",
                        "The password grant needs username and password.",
                        name_it,
                    );
                };
                if user != self.login.user || password != self.login.password {
                    return reply::problem(
                        401,
                        "AccessDenied",
                        "Unauthorized",
                        "The user name or password is wrong.",
                        name_it,
                    );
                }
                user.to_string()
            }
            Some("refresh_token") => {
                let Some(refresh) = field("refresh_token") else {
                    return reply::problem(
                        400,
                        "UnexpectedContent",
                        "Bad Request",
                        "The refresh_token grant needs refresh_token.",
                        name_it,
                    );
                };
                if !self.tokens.redeem(refresh) {
                    return reply::problem(
                        401,
                        "InvalidToken",
                        "Unauthorized",
                        "The refresh token is not valid.",
                        name_it,
                    );
                }
                self.login.user.clone()
            }
            _ => {
                return reply::problem(
                    400,
                    "UnexpectedContent",
                    "Bad Request",
                    "grant_type must be password or refresh_token.",
                    name_it,
                );
            }
        };
        let (access, refresh) = self.tokens.issue(&user);
        let now = std::time::SystemTime::now();
        let body = serde_json::json!({
            "access_token": access,
            "token_type": "bearer",
            "refresh_token": refresh,
            "expires_in": ACCESS_LIFETIME.as_secs(),
            ".issued": rfc3339(now),
            ".expires": rfc3339(now + ACCESS_LIFETIME),
            "username": user,
            "roleName": "Portal Administrator",
            "mfa_enabled": false,
            "mfa_token": "",
        });
        reply::json(200, "application/json", &body)
    }

    /// The 401 for a request without a token the mock issued, if it lacks one. This comes before
    /// the body is read.
    pub fn authorize(&self, faults: &Faults, headers: &HeaderMap) -> Option<Response<Body>> {
        if faults.on(Fault::SkipAuth) {
            return None;
        }
        let name_it = !faults.on(Fault::MissingErrorType);
        let value = header(headers, add::headers::AUTHORIZATION);
        // The form the spec gives the header: `Bearer`, one space, the token.
        let form_ok = match &add::rules::REQUEST_AUTHORIZATION {
            HeaderRule::Pattern(form) => form.is_match(value),
            _ => true,
        };
        let denied = if value.is_empty() {
            Some(("AccessDenied", "The Authorization header is missing."))
        } else if !form_ok {
            Some((
                "AccessDenied",
                "The Authorization header must be Bearer <access token>.",
            ))
        } else {
            let token = value.split_once(' ').map_or("", |(_, token)| token);
            match self.tokens.check(token) {
                TokenState::Valid => None,
                TokenState::Expired => Some(("ExpiredToken", "The access token has expired.")),
                TokenState::Unknown => Some(("InvalidToken", "The access token is not valid.")),
            }
        };
        denied.map(|(code, details)| reply::problem(401, code, "Unauthorized", details, name_it))
    }

    /// `POST /api/v1/amazonConnections`, for a request that passed [`Veeam::authorize`].
    pub fn add_connection(
        &self,
        op: &Operation,
        faults: &Faults,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Response<Body> {
        let name_it = !faults.on(Fault::MissingErrorType);
        if let Some(problem) = api_version(headers, name_it) {
            return problem;
        }
        if !media_type_is(header(headers, "content-type"), "application/json") {
            return reply::problem(
                415,
                "UnexpectedContent",
                "Unsupported Media Type",
                "The request body must be application/json.",
                name_it,
            );
        }
        let violations: Vec<_> = (op.check_request)(headers, body)
            .into_iter()
            .filter(|v| v.location == Location::Body)
            .collect();
        if !violations.is_empty() && !faults.on(Fault::AcceptInvalid) {
            let status = if faults.on(Fault::WrongValidationStatus) {
                422
            } else {
                400
            };
            return reply::problem(
                status,
                "UnexpectedContent",
                "Bad Request",
                &reply::describe(&violations),
                name_it,
            );
        }
        let n = self.created.fetch_add(1, Ordering::Relaxed);
        let id = if faults.on(Fault::BadResponseSchema) {
            format!("connection-{n}")
        } else {
            uuid(body, n)
        };
        let answer = add::AmazonConnection {
            id: id.clone(),
            links: Some(vec![add::Link {
                rel: "self".into(),
                href: format!("{}/{id}", add::PATH),
                method: add::LinkMethod::Get,
            }]),
        };
        let status = if faults.on(Fault::WrongSuccessStatus) {
            200
        } else {
            op.success_status
        };
        let mut response = reply::json(
            status,
            "application/json",
            &serde_json::to_value(&answer).unwrap_or_default(),
        );
        reply::set(&mut response, "location", &format!("{}/{id}", add::PATH));
        response
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The problem for a missing or wrong `x-api-version`, if it is.
fn api_version(headers: &HeaderMap, name_it: bool) -> Option<Response<Body>> {
    let version = header(headers, add::headers::X_API_VERSION);
    (version != API_VERSION).then(|| {
        let details = if version.is_empty() {
            format!("The x-api-version header is required; this server serves {API_VERSION}.")
        } else {
            format!("This server serves x-api-version {API_VERSION}.")
        };
        reply::problem(400, "UnexpectedContent", "Bad Request", &details, name_it)
    })
}

/// A version-4-shaped UUID drawn from the request and a counter.
fn uuid(body: &[u8], n: u64) -> String {
    let digest = Sha256::new()
        .chain_update(body)
        .chain_update(n.to_le_bytes())
        .finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let variant = ["8", "9", "a", "b"][usize::from(digest[8] & 3)];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// `application/x-www-form-urlencoded` pairs.
fn form_urlencoded(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `SystemTime` as RFC 3339 in UTC, to the second.
fn rfc3339(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_forms() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_305_600);
        assert_eq!(rfc3339(t), "2026-11-22T00:00:00Z");
        assert_eq!(rfc3339(std::time::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            form_urlencoded(b"grant_type=password&username=a%40b&password=p+q%2%+1"),
            vec![
                ("grant_type".to_string(), "password".to_string()),
                ("username".to_string(), "a@b".to_string()),
                ("password".to_string(), "p q%2% 1".to_string()),
            ]
        );
        let id = uuid(b"{}", 3);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
