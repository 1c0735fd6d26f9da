//! `conform mock`: a reference server for every operation in the registry, answering as the
//! documented services would, with switchable faults for testing the runner.
//!
//! One pipeline serves every operation, keyed on its protocol and auth scheme, never on its
//! name: route (method and path template), authorize, read the body, validate every part of
//! the request, answer (an error in the protocol's form, or a success synthesized from the
//! response schema). Logs name the method, path, operation and status, never a header value or
//! a body.

mod auth;
pub mod faults;
pub mod mutant;
mod protocol;
mod reply;
mod route;
pub mod sigv4;
mod synth;
mod token;
mod tokens;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Response;
use conform_generated::runtime::{
    HeaderRule, HttpRequest, Location, Operation, Violation, media_type_is,
};
use faults::{Fault, Faults};
use protocol::{Problem, Spoil};
use route::Route;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
pub use token::Login;

/// The largest request body the mock reads.
pub const BODY_LIMIT: usize = 1 << 20;

/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the `slow` fault waits.
pub const SLOW_DELAY: Duration = Duration::from_secs(30);

/// The user and password the mock's token endpoints accept unless told otherwise.
pub const DEFAULT_USER: &str = "conform";
pub const DEFAULT_PASSWORD: &str = "conform-password";

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub login: Login,
    pub faults: Vec<Fault>,
    /// The key pair SigV4 signatures are verified with; without one, only their form is checked.
    pub aws: Option<sigv4::Key>,
    /// How long an access token lives; a refresh token lives twice as long.
    pub token_lifetime: Duration,
    /// One rule to get wrong, for mutation testing.
    pub mutant: Option<mutant::Mutant>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            login: Login {
                user: DEFAULT_USER.into(),
                password: DEFAULT_PASSWORD.into(),
            },
            faults: Vec::new(),
            aws: None,
            token_lifetime: tokens::ACCESS_LIFETIME,
            mutant: None,
        }
    }
}

struct Mock {
    faults: Faults,
    mutant: Option<mutant::Mutant>,
    aws: Option<sigv4::Key>,
    login: Login,
    tokens: tokens::Tokens,
}

/// A running mock: its address, and the way to stop it.
pub struct Running {
    pub addr: SocketAddr,
    mock: Arc<Mock>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// An access token of the mock's user that has already expired, for the suite's
    /// expired-token cases.
    pub fn expired_token(&self) -> Result<String, getrandom::Error> {
        self.mock.tokens.issue_expired()
    }

    /// Stops accepting connections, lets requests in flight finish for up to `grace`, then
    /// drops whatever is left.
    pub async fn stop(mut self, grace: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(grace, &mut self.task).await.is_err() {
            self.task.abort();
        }
    }
}

/// Binds `config.listen` and serves in the background until stopped.
pub async fn start(config: Config) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let mock = Arc::new(Mock {
        faults: Faults::new(config.faults),
        mutant: config.mutant,
        aws: config.aws,
        login: config.login,
        tokens: tokens::Tokens::new(config.token_lifetime),
    });
    let app = Router::new()
        .fallback(dispatch)
        .with_state(Arc::clone(&mock));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Running {
        addr,
        mock,
        stop: Some(stop),
        task,
    })
}

async fn dispatch(State(mock): State<Arc<Mock>>, request: Request) -> Response<Body> {
    if mock.faults.on(Fault::Slow) {
        tokio::time::sleep(SLOW_DELAY).await;
    }
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let method = parts.method.as_str().to_string();
    let route = route::route(conform_generated::OPERATIONS, &method, &path);
    let spoil = Spoil {
        unnamed: mock.faults.on(Fault::MissingErrorType),
        status: None,
        mutant: mock.mutant,
    };
    let response = match &route {
        Route::NotFound { like } => protocol::error(
            *like,
            Problem::NotFound,
            "No operation at this path.",
            spoil,
        ),
        Route::MethodNotAllowed { allow, like, .. } => {
            let allow = allow.join(", ");
            let mut response = protocol::error(
                Some(like),
                Problem::MethodNotAllowed,
                &format!("Use {allow}."),
                spoil,
            );
            reply::set(&mut response, "allow", &allow);
            response
        }
        Route::Token(users) => match read_body(Some(users[0]), &parts.headers, body, spoil).await {
            Err(refused) => refused,
            Ok(bytes) => token::answer(
                users,
                &mock.login,
                &mock.tokens,
                &mock.faults,
                &parts.headers,
                &bytes,
            ),
        },
        Route::Operation(op) => match authorize(&mock, op, &parts.headers, spoil) {
            Some(denied) => denied,
            None => match read_body(Some(op), &parts.headers, body, spoil).await {
                Err(refused) => refused,
                Ok(bytes) => {
                    let request = HttpRequest {
                        method: &method,
                        path: &path,
                        query: &query,
                        headers: &parts.headers,
                        body: &bytes,
                    };
                    match signature_refusal(&mock, op, &request, spoil) {
                        Some(refused) => refused,
                        None => answer(&mock, op, &request, spoil),
                    }
                }
            },
        },
    };
    // A label may carry a secret: an operation's route is logged by its template.
    let logged = match &route {
        Route::Operation(op) => op.path.to_string(),
        _ => path.clone(),
    };
    tracing::info!(
        method = %method,
        path = %logged,
        operation = route.label(),
        status = response.status().as_u16(),
        "request"
    );
    response
}

/// Where the mock has a key pair and `op` signs with SigV4, the refusal of a signature that
/// does not match the request, in AWS's words; `None` when it matches or is not verified.
fn signature_refusal(
    mock: &Mock,
    op: &Operation,
    request: &HttpRequest<'_>,
    spoil: Spoil,
) -> Option<Response<Body>> {
    let signed = matches!(op.auth, conform_generated::runtime::Auth::AwsSigV4 { .. });
    let key = mock
        .aws
        .as_ref()
        .filter(|_| signed && !mock.faults.on(Fault::SkipAuth))?;
    let target = if request.query.is_empty() {
        request.path.to_string()
    } else {
        format!("{}?{}", request.path, request.query)
    };
    let now = std::time::SystemTime::now();
    let mismatch = sigv4::verify(
        key,
        request.method,
        &target,
        request.headers,
        request.body,
        now,
    )
    .err()?;
    let text = match mismatch {
        sigv4::Mismatch::UnknownKey => "The security token included in the request is invalid.",
        sigv4::Mismatch::Expired => {
            "Signature expired: the request's date is more than 15 minutes from the server's time."
        }
        sigv4::Mismatch::Signature => {
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."
        }
    };
    Some(protocol::error(
        Some(op),
        Problem::Signature(mismatch),
        text,
        spoil,
    ))
}

/// Credentials come first, as at the real services: nothing is read for a caller without them.
fn authorize(
    mock: &Mock,
    op: &Operation,
    headers: &axum::http::HeaderMap,
    spoil: Spoil,
) -> Option<Response<Body>> {
    if mock.faults.on(Fault::SkipAuth) {
        return None;
    }
    auth::check(op, &mock.tokens, headers).map(|refusal| match refusal {
        auth::Refusal::Unauthenticated(why, text) => {
            protocol::error(Some(op), Problem::Unauthenticated(why), text, spoil)
        }
        auth::Refusal::IncompleteSignature(text) => {
            protocol::error(Some(op), Problem::IncompleteSignature, text, spoil)
        }
    })
}

/// The answer to a request whose credentials passed: its media type, then every part checked
/// against the operation's bindings, then the success.
fn answer(
    mock: &Mock,
    op: &'static Operation,
    request: &HttpRequest<'_>,
    spoil: Spoil,
) -> Response<Body> {
    let faults = &mock.faults;
    if op.bindings.body.is_some()
        && let Some(expected) = content_type(op)
    {
        let sent = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let unchecked = mock.mutant.is_some_and(|m| {
            let violation = Violation::header(
                "content-type",
                conform_generated::runtime::Expected::MediaType(expected),
                "names another media type",
            );
            m.unchecks(op, &violation)
        });
        if !media_type_is(sent, expected) && !unchecked {
            let text = format!("The request body must be {expected}.");
            return protocol::error(Some(op), Problem::MediaType, &text, spoil);
        }
    }
    let mut violations = Vec::new();
    let checked = conform_generated::runtime::check_request(op.bindings, request, &mut violations);
    // Credentials were checked already; the auth header's own rule is theirs.
    violations.retain(|v| !(v.location == Location::Header && is_auth_header(op, &v.pointer)));
    if let Some(mutant) = mock.mutant {
        violations.retain(|v| !mutant.unchecks(op, v));
        let breaks = |moved: &[u8], constraint: conform_generated::runtime::Violated| {
            let moved = HttpRequest {
                body: moved,
                ..*request
            };
            let mut found = Vec::new();
            conform_generated::runtime::check_request(op.bindings, &moved, &mut found);
            found
                .iter()
                .any(|v| v.pointer == constraint.pointer && v.rule == constraint.rule)
        };
        if violations.is_empty() && mutant.refuses(op, request.body, breaks) {
            violations.push(Violation::body(
                "",
                conform_generated::runtime::Rule::Const,
                conform_generated::runtime::Expected::Json,
                format_args!("is refused by a mutant that enforces a bound one unit too tight"),
            ));
        }
    }
    if !violations.is_empty() && !faults.on(Fault::AcceptInvalid) {
        let problem = if violations.iter().any(Violation::is_serialization) {
            Problem::Serialization
        } else {
            Problem::Validation
        };
        let spoil = Spoil {
            status: (problem == Problem::Validation && faults.on(Fault::WrongValidationStatus))
                .then_some(422),
            ..spoil
        };
        let mut text = reply::describe(&violations);
        if faults.on(Fault::EchoSensitive) {
            text.insert_str(0, &faults::echo(op, request.body));
        }
        return protocol::error(Some(op), problem, &text, spoil);
    }
    if faults.on(Fault::Boundary500) && faults::at_a_bound(op, &checked) {
        return protocol::error(
            Some(op),
            Problem::Internal,
            "An internal error has occurred.",
            spoil,
        );
    }
    success(op, mock, request)
}

/// The media type the operation's `Content-Type` header must name, if the spec gives one.
fn content_type(op: &Operation) -> Option<&'static str> {
    op.bindings.headers.iter().find_map(|h| match h.rule {
        HeaderRule::MediaType(m) if h.name.eq_ignore_ascii_case("content-type") => Some(m),
        _ => None,
    })
}

fn is_auth_header(op: &Operation, pointer: &str) -> bool {
    let name = match op.auth {
        conform_generated::runtime::Auth::Bearer { header, .. } => header,
        conform_generated::runtime::Auth::AwsSigV4 { .. } => "authorization",
        conform_generated::runtime::Auth::None => return false,
    };
    pointer.trim_start_matches('/').eq_ignore_ascii_case(name)
}

/// The success answer, synthesized from the response schema, spoiled as the faults say.
fn success(op: &Operation, mock: &Mock, request: &HttpRequest<'_>) -> Response<Body> {
    let faults = &mock.faults;
    let mut answer = synth::success(op, request);
    let missing = mock.mutant.and_then(|m| m.missing_member(op));
    if let (Some(member), Some(serde_json::Value::Object(body))) = (missing, &mut answer.body) {
        body.remove(member);
    }
    let status = if faults.on(Fault::WrongSuccessStatus) {
        if op.response.status == 201 { 200 } else { 201 }
    } else {
        op.response.status
    };
    let body = match answer.body {
        Some(body) if faults.on(Fault::BadResponseSchema) => Some(spoiled(body)),
        Some(body) => Some(body),
        None if faults.on(Fault::BadResponseSchema) => Some(serde_json::json!({ "conform": true })),
        None => None,
    };
    let mut response = match body {
        Some(body) => reply::json(status, "application/json", &body),
        None => reply::empty(status),
    };
    for (name, value) in answer.headers {
        reply::set_any(&mut response, name, &value);
    }
    response
}

/// A body with its first member given a value of the wrong type.
fn spoiled(body: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(mut object) = body else {
        return serde_json::json!({ "conform": true });
    };
    match object.iter_mut().next() {
        Some((_, value)) => {
            *value = if value.is_string() {
                serde_json::json!(["not", "a", "string"])
            } else {
                serde_json::Value::String("not of its type".into())
            };
        }
        None => {
            object.insert("conform".into(), serde_json::Value::Bool(true));
        }
    }
    serde_json::Value::Object(object)
}

/// The body, or the answer to a body that is too large (413), too slow (408) or broken (400).
async fn read_body(
    op: Option<&Operation>,
    headers: &axum::http::HeaderMap,
    body: Body,
    spoil: Spoil,
) -> Result<axum::body::Bytes, Response<Body>> {
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        let text = format!("The request body is over {BODY_LIMIT} bytes.");
        protocol::error(op, Problem::TooLarge, &text, spoil)
    };
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Err(_) => Err(protocol::error(
            op,
            Problem::Timeout,
            "The request body did not arrive in time.",
            spoil,
        )),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let over_limit = e
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if over_limit {
                Err(too_large())
            } else {
                Err(protocol::error(
                    op,
                    Problem::Unreadable,
                    "The request body could not be read.",
                    spoil,
                ))
            }
        }
    }
}
