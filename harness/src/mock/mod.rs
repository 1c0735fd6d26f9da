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
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let method = parts.method.as_str().to_string();
    let route = route(&path);
    let response = match route {
        Route::Unknown => not_found(&path),
        _ if method != route.method() => method_not_allowed(&route),
        _ => match axum::body::to_bytes(body, BODY_LIMIT).await {
            Err(_) => too_large(&route),
            Ok(bytes) => {
                if mock.faults.on(Fault::Slow) {
                    tokio::time::sleep(SLOW_DELAY).await;
                }
                match &route {
                    Route::Operation(op) => match (op.service, op.name) {
                        ("outposts", "StartConnection") => {
                            outposts::answer(op, &mock.faults, &parts.headers, &bytes)
                        }
                        _ => mock
                            .veeam
                            .add_connection(op, &mock.faults, &parts.headers, &bytes),
                    },
                    Route::Token => mock.veeam.token(&mock.faults, &parts.headers, &bytes),
                    Route::Unknown => not_found(&path),
                }
            }
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
