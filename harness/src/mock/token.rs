//! The token endpoint a bearer scheme names (`tokenPath`): the OAuth 2.0 password grant and
//! the refresh-token grant, form-encoded, answered with a fresh access token and refresh token.
//! The headers every operation behind it requires with a fixed value (an API version) are
//! required here too.

use super::faults::{Fault, Faults};
use super::protocol::{self, Problem, Spoil};
use super::reply;
use super::tokens::Tokens;
use axum::body::Body;
use axum::http::{HeaderMap, Response};
use conform_generated::runtime::{HeaderRule, Operation, media_type_is};

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

/// Answers `POST tokenPath` for the operations in `users`.
pub fn answer(
    users: &[&'static Operation],
    login: &Login,
    tokens: &Tokens,
    faults: &Faults,
    headers: &HeaderMap,
    body: &[u8],
) -> Response<Body> {
    let op = users.first().copied();
    let spoil = Spoil {
        unnamed: faults.on(Fault::MissingErrorType),
        ..Spoil::default()
    };
    let refuse = |problem: Problem, text: &str| protocol::error(op, problem, text, spoil);
    for op in users {
        for h in op.bindings.headers.iter().filter(|h| h.required) {
            if let HeaderRule::Const(value) = h.rule {
                let sent = headers.get(h.name).and_then(|v| v.to_str().ok());
                if sent != Some(value) {
                    return refuse(
                        Problem::Validation,
                        &format!("The {} header must be {value}.", h.name),
                    );
                }
            }
        }
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !media_type_is(content_type, "application/x-www-form-urlencoded") {
        return refuse(
            Problem::MediaType,
            "The token request must be application/x-www-form-urlencoded.",
        );
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let user = match field("grant_type") {
        Some("password") => {
            let (Some(user), Some(password)) = (field("username"), field("password")) else {
                return refuse(
                    Problem::Validation,
                    "The password grant needs username and password.",
                );
            };
            if user != login.user || password != login.password {
                return refuse(
                    Problem::Unauthenticated(protocol::Credential::Malformed),
                    "The user name or password is wrong.",
                );
            }
            user.to_string()
        }
        Some("refresh_token") => {
            let Some(refresh) = field("refresh_token") else {
                return refuse(
                    Problem::Validation,
                    "The refresh_token grant needs refresh_token.",
                );
            };
            // A refresh token works once: a second use is as unknown as a made-up one.
            if !tokens.redeem(refresh) {
                return refuse(
                    Problem::Unauthenticated(protocol::Credential::Unknown),
                    "The refresh token is not valid.",
                );
            }
            login.user.clone()
        }
        // The Swagger's other grants: the mock issues no authorization codes and runs no MFA,
        // so any code or MFA token is unknown to it.
        Some(grant @ ("authorization_code" | "mfa")) => {
            let needed: &[&str] = if grant == "mfa" {
                &["mfa_token", "mfa_code"]
            } else {
                &["code"]
            };
            if let Some(missing) = needed.iter().find(|f| field(f).is_none()) {
                return refuse(
                    Problem::Validation,
                    &format!("The {grant} grant needs {missing}."),
                );
            }
            return refuse(
                Problem::Unauthenticated(protocol::Credential::Unknown),
                &format!("The {} is not valid.", needed[0]),
            );
        }
        _ => {
            return refuse(
                Problem::Validation,
                "grant_type must be password, refresh_token, authorization_code or mfa.",
            );
        }
    };
    let Ok((access, refresh)) = tokens.issue() else {
        return refuse(
            Problem::Internal,
            "No token could be drawn: the system has no random source.",
        );
    };
    let now = time::OffsetDateTime::now_utc();
    let (Ok(issued), Ok(expires)) = (rfc3339(now), rfc3339(now + tokens.lifetime())) else {
        return refuse(
            Problem::Internal,
            "The clock is outside the years RFC 3339 can write.",
        );
    };
    let body = serde_json::json!({
        "access_token": access,
        "token_type": "bearer",
        "refresh_token": refresh,
        "expires_in": tokens.lifetime().as_secs(),
        ".issued": issued,
        ".expires": expires,
        "username": user,
        "roleName": "Portal Administrator",
        "mfa_enabled": false,
        "mfa_token": "",
    });
    reply::json(200, "application/json", &body)
}

/// An instant as RFC 3339 in UTC, to the second.
fn rfc3339(instant: time::OffsetDateTime) -> Result<String, time::error::Format> {
    instant
        .replace_nanosecond(0)
        .unwrap_or(instant)
        .format(&time::format_description::well_known::Rfc3339)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_rfc3339_to_the_second() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_795_305_600).expect("in range");
        assert_eq!(super::rfc3339(t).expect("formats"), "2026-11-22T00:00:00Z");
    }
}
