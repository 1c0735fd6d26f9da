//! Routing: a request's method and path against every operation's path template, and the token
//! endpoints the bearer schemes name. A path that fits a template but not with this method gets
//! 405 with `Allow`; a path that fits none gets 404.

use conform_generated::runtime::{Auth, Operation, PathPiece, match_path};

/// Where a request goes.
pub enum Route {
    /// An operation of the spec.
    Operation(&'static Operation),
    /// The token endpoint of a bearer scheme; the operations that use it.
    Token(Vec<&'static Operation>),
    /// A path some operation serves, but not with this method.
    MethodNotAllowed {
        allow: Vec<&'static str>,
        like: &'static Operation,
    },
    /// No operation serves this path.
    NotFound { like: Option<&'static Operation> },
}

impl Route {
    /// How logs name the route.
    pub fn label(&self) -> String {
        match self {
            Route::Operation(op) => op.id(),
            Route::Token(ops) => ops
                .first()
                .map_or_else(|| "token".into(), |op| format!("{}.token", op.service)),
            Route::MethodNotAllowed { .. } | Route::NotFound { .. } => "-".into(),
        }
    }
}

/// How many literal pieces a template has: the more, the more specific it is.
fn literals(op: &Operation) -> usize {
    op.bindings
        .path
        .iter()
        .filter(|p| matches!(p, PathPiece::Literal(_)))
        .count()
}

/// The route of `method` and the still percent-encoded `path` among `operations`.
pub fn route(operations: &'static [&'static Operation], method: &str, path: &str) -> Route {
    let mut fitting: Vec<&'static Operation> = operations
        .iter()
        .copied()
        .filter(|op| match_path(op.bindings.path, path).is_some())
        .collect();
    // The most specific template wins: literal pieces before labels.
    fitting.sort_by_key(|op| std::cmp::Reverse(literals(op)));
    if let Some(op) = fitting.iter().find(|op| op.method == method) {
        return Route::Operation(op);
    }
    // HEAD is GET without the body (RFC 9110 9.3.2); HTTP drops the body of the answer.
    if method == "HEAD"
        && let Some(op) = fitting.iter().find(|op| op.method == "GET")
    {
        return Route::Operation(op);
    }
    let token_users: Vec<&'static Operation> = operations
        .iter()
        .copied()
        .filter(|op| matches!(op.auth, Auth::Bearer { token_path: Some(p), .. } if p == path))
        .collect();
    if !token_users.is_empty() {
        return if method == "POST" {
            Route::Token(token_users)
        } else {
            Route::MethodNotAllowed {
                allow: vec!["POST"],
                like: token_users[0],
            }
        };
    }
    if let Some(first) = fitting.first() {
        let mut allow: Vec<&'static str> = fitting.iter().map(|op| op.method).collect();
        allow.sort_unstable();
        allow.dedup();
        return Route::MethodNotAllowed { allow, like: first };
    }
    Route::NotFound {
        like: nearest(operations, path),
    }
}

/// The operation whose template shares the longest literal prefix with `path`, so an unknown
/// path is answered in the protocol of the service it seems to be for.
fn nearest(operations: &'static [&'static Operation], path: &str) -> Option<&'static Operation> {
    let segments: Vec<&str> = path.split('/').collect();
    operations.iter().copied().max_by_key(|op| {
        op.bindings
            .path
            .iter()
            .zip(&segments)
            .take_while(|(piece, segment)| matches!(piece, PathPiece::Literal(l) if l == *segment))
            .count()
    })
}
