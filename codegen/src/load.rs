//! Reading spec files: finding them, parsing the YAML, and turning parser errors into
//! `file:line:column` diagnostics. `lower` does the checks that need the whole file.

use crate::diag::{Diagnostic, Diagnostics, with_hint};
use crate::ir::Api;
use crate::lower;
use crate::raw::{ServiceFile, SpecFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads every `.yaml`/`.yml` file under each of `paths` (files or folders), checks them, and
/// lowers them to one [`Api`]. Fails with every problem found.
pub fn load_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Api, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        collect_files(path.as_ref(), &mut files, &mut problems);
    }
    files.sort();
    files.dedup();
    if files.is_empty() && problems.is_empty() {
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.as_ref().display().to_string())
            .collect();
        problems.push(Diagnostic {
            file: PathBuf::from(shown.join(", ")),
            line: 1,
            column: 1,
            message: "no spec files (*.yaml or *.yml) found".into(),
        });
    }
    let mut sources = Vec::new();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => sources.push((file, text)),
            Err(e) => problems.push(Diagnostic {
                file,
                line: 1,
                column: 1,
                message: format!("cannot read the file: {e}"),
            }),
        }
    }
    match load_sources(&sources) {
        Ok(api) if problems.is_empty() => Ok(api),
        Ok(_) => finish(problems),
        Err(more) => {
            problems.extend(more.0);
            finish(problems)
        }
    }
}

fn finish(problems: Vec<Diagnostic>) -> Result<Api, Diagnostics> {
    let mut all = Diagnostics(problems);
    all.sort();
    Err(all)
}

/// Checks and lowers spec texts already in memory, each named by its path. A file named
/// `service.yaml` (or `.yml`) holds what every operation file in its folder shares.
pub fn load_sources(sources: &[(PathBuf, String)]) -> Result<Api, Diagnostics> {
    // The files parse on every core; the results keep the files' order.
    let parsed: Vec<Result<Parsed, Diagnostic>> = sources
        .par_iter()
        .map(|(file, text)| {
            if is_service_file(file) {
                parse::<ServiceFile>(file, text).map(|s| Parsed::Service(Box::new(s)))
            } else {
                parse::<SpecFile>(file, text).map(|s| Parsed::Operation(Box::new(s)))
            }
        })
        .collect();
    let mut operations = Vec::new();
    let mut services: Vec<(&Path, ServiceFile)> = Vec::new();
    let mut problems = Vec::new();
    for ((file, _), result) in sources.iter().zip(parsed) {
        match result {
            Ok(Parsed::Service(s)) => services.push((file.as_path(), *s)),
            Ok(Parsed::Operation(s)) => operations.push((file.as_path(), *s)),
            Err(d) => problems.push(d),
        }
    }
    for (file, _) in &services {
        let folder = file.parent();
        if !operations.iter().any(|(op, _)| op.parent() == folder) {
            problems.push(Diagnostic {
                file: file.to_path_buf(),
                line: 1,
                column: 1,
                message:
                    "no operation file beside this service.yaml; add one, or remove the folder"
                        .into(),
            });
        }
    }
    let inputs: Vec<lower::Input<'_>> = operations
        .iter()
        .map(|(file, spec)| lower::Input {
            file,
            spec,
            service: services
                .iter()
                .find(|(service, _)| service.parent() == file.parent())
                .map(|(path, service)| (*path, service)),
        })
        .collect();
    match lower::lower(&inputs) {
        Ok(api) if problems.is_empty() => Ok(api),
        Ok(_) => finish(problems),
        Err(more) => {
            problems.extend(more);
            finish(problems)
        }
    }
}

/// One parsed file: a service's shared file or an operation's.
enum Parsed {
    Service(Box<ServiceFile>),
    Operation(Box<SpecFile>),
}

/// Whether `file` is a service's shared file rather than an operation's.
fn is_service_file(file: &Path) -> bool {
    matches!(
        file.file_name().and_then(|n| n.to_str()),
        Some("service.yaml" | "service.yml")
    )
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
    let problem = |message: String| Diagnostic {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return problems.push(problem(format!("cannot read: {e}"))),
    };
    if meta.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return problems.push(problem(format!("cannot list the folder: {e}"))),
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if child.is_dir() {
            collect_files(&child, files, problems);
        } else if matches!(
            child.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(child);
        }
    }
}

/// Parses one spec file. Syntax errors, unknown keys and values of the wrong type stop here.
fn parse<T: serde::de::DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.no_schema = true;
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: describe(error.without_snippet()),
        }
    })
}

/// The parser's message without its own location prefix, with a hint for likely typos.
fn describe(error: &serde_saphyr::Error) -> String {
    if let serde_saphyr::Error::SerdeUnknownField {
        field, expected, ..
    } = error
    {
        let message = format!(
            "unknown key `{field}`; expected one of: {}",
            expected.join(", ")
        );
        return with_hint(message, field, expected.iter().copied());
    }
    if let serde_saphyr::Error::SerdeUnknownVariant {
        variant, expected, ..
    } = error
    {
        let message = format!(
            "unknown value `{variant}`; expected one of: {}",
            expected.join(", ")
        );
        return with_hint(message, variant, expected.iter().copied());
    }
    let text = error.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // The parser writes "line L column C: message"; the diagnostic carries its own position.
    let message = match first.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") && prefix.contains(" column ") => rest,
        _ => first,
    };
    let message = match message.rsplit_once(" at line ") {
        Some((head, tail)) if tail.contains(", column ") => head,
        _ => message,
    };
    match message {
        "invalid i64" | "invalid u64" => "expected a whole number".to_string(),
        "invalid bool" => "expected true or false".to_string(),
        "expected sequence start" => "expected a list".to_string(),
        "expected mapping start" => "expected a mapping".to_string(),
        other => other.to_string(),
    }
}
