//! Problems found in spec files, each pinned to `file:line:column`.

use serde_saphyr::{Location, Spanned};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Every problem found in a set of spec files, in file and position order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub(crate) fn sort(&mut self) {
        self.0.sort();
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects the problems of one operation while it is checked. Problems point into the
/// operation's file, or into its service's `service.yaml` while that file's parts are checked.
pub(crate) struct Reporter<'a> {
    file: &'a Path,
    found: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(file: &'a Path) -> Self {
        Reporter {
            file,
            found: Vec::new(),
        }
    }

    /// Points the problems reported from now on into `file`; returns the file it replaces.
    pub(crate) fn switch(&mut self, file: &'a Path) -> &'a Path {
        std::mem::replace(&mut self.file, file)
    }

    pub(crate) fn at(&mut self, location: &Location, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            line: location.line().max(1),
            column: location.column().max(1),
            message: message.into(),
        });
    }

    pub(crate) fn on<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>) {
        self.at(&spanned.referenced, message);
    }

    pub(crate) fn file_level(&mut self, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            line: 1,
            column: 1,
            message: message.into(),
        });
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `word` followed by a "did you mean" hint when one of `candidates` is close.
pub(crate) fn with_hint<'c>(
    message: String,
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    match did_you_mean(word, candidates) {
        Some(best) => format!("{message} (did you mean `{best}`?)"),
        None => message,
    }
}
