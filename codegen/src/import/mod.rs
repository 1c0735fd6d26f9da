//! `conform spec import`: spec files from an official model, every fact citing its source.
//! Whatever an operation uses that the format cannot express is reported for that operation,
//! with the construct named; such an operation is left out whole, never half imported.
//!
//! Readers: botocore's `service-2.json`, Smithy 2.0's JSON AST, and Swagger 2.0 and OpenAPI
//! 3.0/3.1 documents.

mod botocore;
mod openapi;
mod smithy;
mod write;
pub mod yaml;

use std::path::{Path, PathBuf};
pub(crate) use write::text as plain_text;
use yaml::Node;

/// An operation the format cannot express, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub operation: String,
    /// Where the model defines it.
    pub line: u64,
    /// Each construct it uses that the format has no way to say.
    pub constructs: Vec<String>,
}

/// What an import produced: the service file, an operation file each, and the refusals.
#[derive(Debug)]
pub struct Imported {
    pub service: Node,
    pub operations: Vec<(String, Node)>,
    pub refusals: Vec<Refusal>,
}

impl Imported {
    /// The service id the service file gives, which names the folder the spec is written to.
    pub fn service_id(&self) -> String {
        match self.service.get("service").map(Node::bare) {
            Some(Node::Str(id)) => id.clone(),
            _ => "service".to_string(),
        }
    }
}

/// Why a model could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot read the model: {reason}")]
    Read { file: PathBuf, reason: String },
    #[error("{file}:{line}:{column}: {reason}")]
    Parse {
        file: PathBuf,
        line: u64,
        column: u64,
        reason: String,
    },
    #[error("{file}: {reason}")]
    Unsupported { file: PathBuf, reason: String },
    #[error("{file}: cannot write: {reason}")]
    Write { file: PathBuf, reason: String },
}

/// Why a model, or the part of it asked for, cannot be imported: said of the model, for
/// [`ImportError::Unsupported`] to name the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

/// What to import from a model.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The service id the spec gives the service; the model's own where `None`.
    pub service: Option<String>,
    /// The operations to import; every one when empty.
    pub operations: Vec<String>,
    /// The model's public address, cited as the source of every fact.
    pub url: Option<String>,
}

/// Reads the model at `file` and imports what `request` asks for. Every operation it returns
/// passes `conform spec check`; one the checks refuse is reported with their words instead.
pub fn import(file: &Path, request: &Request) -> Result<Imported, ImportError> {
    let imported = read(file, request)?;
    Ok(checked(imported))
}

/// Moves each operation the spec checks refuse (beside the service file) to the refusals, so an
/// import never writes a spec that does not check.
fn checked(mut imported: Imported) -> Imported {
    let folder = PathBuf::from("imported");
    let Ok(service) = imported.service.to_yaml() else {
        return imported;
    };
    let service = (folder.join("service.yaml"), service);
    let mut texts = Vec::new();
    for (name, node) in std::mem::take(&mut imported.operations) {
        match node.to_yaml() {
            Ok(text) => texts.push((name, node, text)),
            Err(e) => imported
                .refusals
                .push(refusal(&name, &node, vec![e.to_string()])),
        }
    }
    // Operations are lowered one by one, so checking them all at once answers for each; only
    // when that fails is each checked beside the service file on its own.
    let all: Vec<(PathBuf, String)> = std::iter::once(service.clone())
        .chain(
            texts
                .iter()
                .map(|(name, _, text)| (folder.join(format!("{name}.yaml")), text.clone())),
        )
        .collect();
    if texts.is_empty() || crate::load_sources(&all).is_ok() {
        imported.operations = texts
            .into_iter()
            .map(|(name, node, _)| (name, node))
            .collect();
        imported
            .refusals
            .sort_by(|a, b| a.operation.cmp(&b.operation));
        return imported;
    }
    let mut kept = Vec::new();
    for (name, node, text) in texts {
        let sources = [service.clone(), (folder.join(format!("{name}.yaml")), text)];
        match crate::load_sources(&sources) {
            Ok(_) => kept.push((name, node)),
            Err(problems) => {
                let mut constructs: Vec<String> = problems
                    .0
                    .iter()
                    .map(|p| format!("what the spec checks refuse: {}", p.message))
                    .collect();
                constructs.dedup();
                imported.refusals.push(refusal(&name, &node, constructs));
            }
        }
    }
    imported.operations = kept;
    imported
        .refusals
        .sort_by(|a, b| a.operation.cmp(&b.operation));
    imported
}

fn refusal(name: &str, node: &Node, constructs: Vec<String>) -> Refusal {
    let line = match node {
        Node::At(_, place) => place.line,
        _ => 1,
    };
    Refusal {
        operation: name.to_string(),
        line,
        constructs,
    }
}

fn read(file: &Path, request: &Request) -> Result<Imported, ImportError> {
    let text = std::fs::read_to_string(file).map_err(|e| ImportError::Read {
        file: file.to_path_buf(),
        reason: e.to_string(),
    })?;
    // A model is JSON (botocore, Smithy's AST) or YAML (Swagger, OpenAPI); YAML reads both.
    let probe: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(json) => serde_saphyr::from_str(&text).map_err(|_| ImportError::Parse {
            file: file.to_path_buf(),
            line: json.line() as u64,
            column: json.column() as u64,
            reason: format!("neither JSON nor YAML: {json}"),
        })?,
    };
    let unsupported = |reason: &str| ImportError::Unsupported {
        file: file.to_path_buf(),
        reason: reason.to_string(),
    };
    if probe.get("metadata").is_some()
        && probe.get("shapes").is_some()
        && probe.get("smithy").is_none()
    {
        let model: botocore::Model = parse(file, &text)?;
        let url = request.url.clone().unwrap_or_else(|| {
            format!(
                "https://github.com/boto/botocore/tree/develop/botocore/data/{}/{}/service-2.json",
                model.metadata.endpoint_prefix, model.metadata.api_version
            )
        });
        return botocore::import(
            &model,
            request.service.as_deref(),
            &url,
            &request.operations,
        )
        .map_err(|reason| unsupported(&reason.0));
    }
    if let Some(version) = probe.get("smithy") {
        if !version.as_str().is_some_and(|v| v.starts_with("2.")) {
            return Err(unsupported(&format!(
                "a Smithy JSON AST model of version {version}; import reads version 2.0"
            )));
        }
        let model: smithy::Model = parse(file, &text)?;
        return smithy::import(&model, file, request);
    }
    if probe.get("swagger").is_some() || probe.get("openapi").is_some() {
        let version = probe
            .get("swagger")
            .or_else(|| probe.get("openapi"))
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        if !(version == "2.0" || version.starts_with("3.0") || version.starts_with("3.1")) {
            return Err(unsupported(&format!(
                "a Swagger or OpenAPI document of version {version}; conform reads Swagger 2.0 and OpenAPI 3.0 and 3.1"
            )));
        }
        // The Swagger reader takes scalars as the parser types them by default.
        let doc: openapi::Document =
            serde_saphyr::from_str(&text).map_err(|e| parse_error(file, &e))?;
        doc.check_refs().map_err(|d| ImportError::Parse {
            file: file.to_path_buf(),
            line: d.line,
            column: d.column,
            reason: d.reason,
        })?;
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let web = |u: &&String| u.starts_with("https://") || u.starts_with("http://");
        let Some(documentation) = request
            .url
            .as_ref()
            .filter(web)
            .or(doc.external_docs.as_ref().map(|d| &d.url).filter(web))
            .cloned()
        else {
            return Err(unsupported(
                "the document names no web address for its documentation (`externalDocs`); pass the model's public URL with --url",
            ));
        };
        let url = request.url.clone().unwrap_or(name);
        return openapi::import(
            &doc,
            request.service.as_deref(),
            &url,
            &documentation,
            &request.operations,
        )
        .map_err(|reason| unsupported(&reason.0));
    }
    Err(unsupported(
        "not a model conform knows: expected botocore's service-2.json (metadata, operations, shapes), a Smithy JSON AST (smithy, shapes), or a Swagger 2.0 / OpenAPI 3.x document (swagger or openapi, paths)",
    ))
}

/// The model in `text`, read with the location of every value, or where it breaks.
fn parse<T: serde::de::DeserializeOwned>(file: &Path, text: &str) -> Result<T, ImportError> {
    let mut options = serde_saphyr::Options::default();
    options.no_schema = true;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| parse_error(file, &e))
}

/// A parser error at its place in the model.
fn parse_error(file: &Path, e: &serde_saphyr::Error) -> ImportError {
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    ImportError::Parse {
        file: file.to_path_buf(),
        line,
        column,
        reason: e.without_snippet().to_string(),
    }
}

/// Writes `imported` under `out/<service>/`: `service.yaml` and one file per operation.
/// Nothing is written when every operation was refused: a `service.yaml` alone does not check.
pub fn write(imported: &Imported, out: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if imported.operations.is_empty() {
        return Ok(Vec::new());
    }
    let folder = out.join(imported.service_id());
    let failed = |file: &Path, e: String| ImportError::Write {
        file: file.to_path_buf(),
        reason: e,
    };
    std::fs::create_dir_all(&folder).map_err(|e| failed(&folder, e.to_string()))?;
    let mut written = Vec::new();
    let header =
        "# Imported by `conform spec import` from an official model; every fact cites it.\n";
    let mut files = vec![(folder.join("service.yaml"), &imported.service)];
    for (name, node) in &imported.operations {
        files.push((folder.join(format!("{name}.yaml")), node));
    }
    for (file, node) in files {
        let text = node.to_yaml().map_err(|e| failed(&file, e.to_string()))?;
        std::fs::write(&file, format!("{header}{text}"))
            .map_err(|e| failed(&file, e.to_string()))?;
        written.push(file);
    }
    Ok(written)
}
