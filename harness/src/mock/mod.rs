//! `conform mock`: a reference server for every operation in the spec, answering as the
//! documented services would, with switchable faults for testing the runner.
//!
//! Requests are matched against the generated registry (`conform_generated::OPERATIONS`) and the
//! Veeam token endpoint. An unknown path gets 404, a known path with another method 405 with
//! `Allow`; a body over the limit gets 413. Logs name the method, path, operation and status,
//! never a header value or a body.

pub mod faults;
mod outposts;
mod reply;
mod tokens;
mod veeam;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Response;
use conform_generated::runtime::{Operation, Protocol};
use faults::{Fault, Faults};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
pub use veeam::Login;

/// The largest request body the mock reads.
pub const BODY_LIMIT: usize = 1 << 20;

/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the `slow` fault waits.
pub const SLOW_DELAY: Duration = Duration::from_secs(30);

/// The user and password the mock's Veeam token endpoint accepts unless told otherwise.
pub const DEFAULT_VEEAM_USER: &str = "conform";
pub const DEFAULT_VEEAM_PASSWORD: &str = "conform-password";

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub login: Login,
    pub faults: Vec<Fault>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            login: Login {
                user: DEFAULT_VEEAM_USER.into(),
                password: DEFAULT_VEEAM_PASSWORD.into(),
            },
            faults: Vec::new(),
        }
    }
}

struct Mock {
    faults: Faults,
    veeam: veeam::Veeam,
}

/// A running mock: its address, and the way to stop it.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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
        veeam: veeam::Veeam::new(config.login),
    });
    let app = Router::new().fallback(dispatch).with_state(mock);
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
    let method = parts.method.as_str().to_string();
    let route = route(&path);
    let response = match route {
        Route::Unknown => not_found(&path),
        _ if method != route.method() => method_not_allowed(&route),
        _ => match authorize(&mock, &route, &parts.headers) {
            Some(denied) => denied,
            None => match read_body(&route, &parts.headers, body).await {
                Err(refused) => refused,
                Ok(bytes) => match &route {
                    Route::Operation(op) if op.service == "outposts" => {
                        outposts::answer(op, &mock.faults, &parts.headers, &bytes)
                    }
                    Route::Operation(op) => {
                        mock.veeam
                            .add_connection(op, &mock.faults, &parts.headers, &bytes)
                    }
                    Route::Token => mock.veeam.token(&mock.faults, &parts.headers, &bytes),
                    Route::Unknown => not_found(&path),
                },
            },
        },
    };
    tracing::info!(
        method = %method,
        path = %path,
        operation = route.label(),
        status = response.status().as_u16(),
        "request"
    );
    response
}

/// Credentials come first, as at the real services: nothing is read for a caller without them.
fn authorize(
    mock: &Mock,
    route: &Route,
    headers: &axum::http::HeaderMap,
) -> Option<Response<Body>> {
    match route {
        Route::Operation(op) if op.service == "outposts" => {
            outposts::authorize(op, &mock.faults, headers)
        }
        Route::Operation(_) => mock.veeam.authorize(&mock.faults, headers),
        Route::Token | Route::Unknown => None,
    }
}

/// The body, or the answer to a body that is too large (413), too slow (408) or broken (400).
async fn read_body(
    route: &Route,
    headers: &axum::http::HeaderMap,
    body: Body,
) -> Result<axum::body::Bytes, Response<Body>> {
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large(route));
    }
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Err(_) => Err(refused(
            route,
            408,
            "RequestTimeout",
            "Request Timeout",
            "The request body did not arrive in time.",
        )),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let over_limit = e
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if over_limit {
                Err(too_large(route))
            } else {
                Err(refused(
                    route,
                    400,
                    "BadRequest",
                    "Bad Request",
                    "The request body could not be read.",
                ))
            }
        }
    }
}

fn refused(
    route: &Route,
    status: u16,
    aws_name: &str,
    title: &str,
    details: &str,
) -> Response<Body> {
    if route.restjson() {
        reply::aws_error(status, &format!("{aws_name}Exception"), details, true)
    } else {
        reply::problem(status, "UnexpectedContent", title, details, true)
    }
}

enum Route {
    Operation(&'static Operation),
    Token,
    Unknown,
}

impl Route {
    fn method(&self) -> &'static str {
        match self {
            Route::Operation(op) => op.method,
            Route::Token | Route::Unknown => "POST",
        }
    }

    fn label(&self) -> String {
        match self {
            Route::Operation(op) => op.id(),
            Route::Token => "veeam.Token".into(),
            Route::Unknown => "-".into(),
        }
    }

    fn restjson(&self) -> bool {
        matches!(self, Route::Operation(op) if op.protocol == Protocol::RestJson1)
    }
}

fn route(path: &str) -> Route {
    if let Some(op) = conform_generated::OPERATIONS
        .iter()
        .find(|op| op.path == path)
    {
        return Route::Operation(op);
    }
    let token = conform_generated::OPERATIONS.iter().any(|op| {
        matches!(op.auth, conform_generated::runtime::Auth::Bearer { token_path: Some(p), .. } if p == path)
    });
    if token { Route::Token } else { Route::Unknown }
}

fn not_found(path: &str) -> Response<Body> {
    if path.starts_with("/api/") {
        reply::problem(
            404,
            "NotFound",
            "Not Found",
            "No resource at this path.",
            true,
        )
    } else {
        reply::aws_error(
            404,
            "UnknownOperationException",
            "No operation at this path.",
            true,
        )
    }
}

fn method_not_allowed(route: &Route) -> Response<Body> {
    let allow = route.method();
    let mut response = if route.restjson() {
        reply::aws_error(
            405,
            "MethodNotAllowedException",
            &format!("Use {allow}."),
            true,
        )
    } else {
        reply::problem(
            405,
            "MethodNotAllowed",
            "Method Not Allowed",
            &format!("Use {allow}."),
            true,
        )
    };
    reply::set(&mut response, "allow", allow);
    response
}

fn too_large(route: &Route) -> Response<Body> {
    let details = format!("The request body is over {BODY_LIMIT} bytes.");
    if route.restjson() {
        reply::aws_error(413, "RequestEntityTooLargeException", &details, true)
    } else {
        reply::problem(
            413,
            "UnexpectedContent",
            "Payload Too Large",
            &details,
            true,
        )
    }
}
