//! Known failures: cases a target is known to fail, each with a reason. A listed case that fails
//! does not fail the run; a listed case that passes does, so the list cannot go stale.
//!
//! The file is YAML: a list of `{id, reason}`, where `id` is a case id or a glob.

use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownFailure {
    pub id: String,
    pub reason: String,
}

/// The list, each id compiled once.
#[derive(Debug, Clone, Default)]
pub struct KnownFailures(Vec<(globset::GlobMatcher, KnownFailure)>);

/// Why a known-failures file cannot be used; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum KnownFailuresError {
    #[error("cannot read --known-failures {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// `at` is `line:column:` when the parser knows where.
    #[error("{path}:{at} {message}")]
    Yaml {
        path: String,
        at: String,
        message: String,
    },
    #[error("{path}: the known failure {id} needs a reason")]
    NoReason { path: String, id: String },
    #[error("{path}: the known failure {source}")]
    BadGlob {
        path: String,
        #[source]
        source: crate::select::BadGlob,
    },
    #[error("{path}: the known failure {id} matches no case; `conform list` shows them")]
    NoMatch { path: String, id: String },
}

impl KnownFailures {
    pub fn load(path: &Path) -> Result<KnownFailures, KnownFailuresError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| KnownFailuresError::Read {
            path: shown.clone(),
            source,
        })?;
        let list: Vec<KnownFailure> =
            serde_saphyr::from_str(&text).map_err(|e| KnownFailuresError::Yaml {
                path: shown.clone(),
                at: e
                    .location()
                    .map(|l| format!("{}:{}:", l.line(), l.column()))
                    .unwrap_or_default(),
                message: e
                    .without_snippet()
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            })?;
        let mut compiled = Vec::with_capacity(list.len());
        for entry in list {
            if entry.reason.trim().is_empty() {
                return Err(KnownFailuresError::NoReason {
                    path: shown,
                    id: entry.id,
                });
            }
            let matcher = crate::select::matcher(&entry.id).map_err(|source| {
                KnownFailuresError::BadGlob {
                    path: shown.clone(),
                    source,
                }
            })?;
            let matches = conform_generated::OPERATIONS
                .iter()
                .flat_map(|op| op.cases().iter())
                .any(|c| matcher.is_match(c.id));
            if !matches {
                return Err(KnownFailuresError::NoMatch {
                    path: shown,
                    id: entry.id,
                });
            }
            compiled.push((matcher, entry));
        }
        Ok(KnownFailures(compiled))
    }

    /// The reason `id` is known to fail, if it is listed.
    pub fn reason(&self, id: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(matcher, _)| matcher.is_match(id))
            .map(|(_, k)| k.reason.as_str())
    }
}
