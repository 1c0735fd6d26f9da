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

impl KnownFailures {
    pub fn load(path: &Path) -> Result<KnownFailures, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --known-failures {}: {e}", path.display()))?;
        let list: Vec<KnownFailure> = serde_saphyr::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("{}:{}:", l.line(), l.column()))
                .unwrap_or_default();
            format!(
                "{}:{at} {}",
                path.display(),
                e.without_snippet()
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
            )
        })?;
        let mut compiled = Vec::with_capacity(list.len());
        for entry in list {
            if entry.reason.trim().is_empty() {
                return Err(format!(
                    "{}: the known failure {} needs a reason",
                    path.display(),
                    entry.id
                ));
            }
            let matcher = crate::select::matcher(&entry.id)
                .map_err(|e| format!("{}: the known failure {e}", path.display()))?;
            let matches = conform_generated::OPERATIONS
                .iter()
                .flat_map(|op| op.cases.iter())
                .any(|c| matcher.is_match(c.id));
            if !matches {
                return Err(format!(
                    "{}: the known failure {} matches no case; `conform list` shows them",
                    path.display(),
                    entry.id
                ));
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
