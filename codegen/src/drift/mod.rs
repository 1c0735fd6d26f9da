//! `conform spec drift`: compares the spec with official models and reports every difference
//! as a finding, with the spec's and the model's `file:line:column`.
//!
//! A model is imported as `conform spec import` would (in memory) and lowered to the same IR
//! as the spec, so one comparison serves every model format. Each finding is named by a rule of
//! the catalogue ([`rules`]) and a spec pointer. Deviations the spec records are checked
//! suppressions: a finding a deviation matches is reported as recorded, and a deviation that
//! matches nothing is itself a finding.

mod compare;
mod places;
pub mod rules;

pub use compare::normalised_text;
use compare::{Difference, Pointers};
use places::Places;

use crate::import::{self, ImportError};
use crate::ir::{Api, Operation, Origin};
use crate::{Diagnostics, load_paths, load_sources};
use rules::Rule;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A model to compare with: a file, for one service of the spec or for any that it matches.
#[derive(Debug, Clone)]
pub struct Model {
    pub service: Option<String>,
    pub file: PathBuf,
}

/// One difference between the spec and a model.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub service: String,
    pub operation: String,
    /// The spec pointer of what differs (in the file of `spec_at`).
    pub subject: String,
    pub spec: Option<String>,
    pub model: Option<String>,
    pub spec_at: Option<Origin>,
    pub model_at: Option<Origin>,
    /// A stable id: the same difference has the same fingerprint from run to run.
    pub fingerprint: String,
    /// The deviation that records this finding, if one does.
    pub recorded: Option<Recorded>,
}

/// A deviation that suppresses a finding.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub at: Origin,
    pub source: String,
    pub follows: crate::ir::Follows,
}

/// What `drift` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, ordered by service, operation, subject and rule.
    pub findings: Vec<Finding>,
    /// The operations compared, each with the model file it was compared with.
    pub compared: Vec<(String, PathBuf)>,
    /// Operations of services no model covers.
    pub not_compared: Vec<String>,
    /// Deviations where the spec follows the page but names no `rule`, which drift cannot
    /// check.
    pub unchecked_deviations: usize,
}

/// Why drift could not run.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    #[error("{0}")]
    Spec(Diagnostics),
    #[error(transparent)]
    Model(#[from] ImportError),
    #[error(
        "{file}: the model imports to a spec conform cannot check (a conform bug; please report it):\n{problems}"
    )]
    Imported {
        file: PathBuf,
        problems: Diagnostics,
    },
}

/// A model, imported and lowered, with what maps its IR back to the model file.
struct Loaded {
    file: PathBuf,
    service: Option<String>,
    api: Api,
    /// The model place of each pointer of each imported file.
    places: BTreeMap<PathBuf, Vec<(String, import::yaml::Place)>>,
    refused: BTreeMap<String, Vec<String>>,
    /// The imported spec texts, which exist only in memory.
    texts: Vec<(PathBuf, String)>,
}

/// Compares the spec at `paths` with `models`.
pub fn drift<P: AsRef<Path>>(paths: &[P], models: &[Model]) -> Result<Report, DriftError> {
    let spec = load_paths(paths).map_err(DriftError::Spec)?;
    let mut loaded = models
        .iter()
        .map(load_model)
        .collect::<Result<Vec<_>, _>>()?;
    let mut texts = Texts::default();
    for model in &mut loaded {
        texts.memory.extend(std::mem::take(&mut model.texts));
    }
    let mut report = Report::default();
    let mut findings = Vec::new();
    let covered: BTreeSet<&str> = spec
        .operations
        .iter()
        .filter(|op| {
            loaded.iter().any(|m| match m.service.as_deref() {
                Some(service) => service == op.service,
                None => find(m, op).is_some(),
            })
        })
        .map(|op| op.service.as_str())
        .collect();
    // For each model, the spec's service and the model operations that spec operations matched.
    let mut matched: BTreeMap<PathBuf, (String, BTreeSet<String>)> = BTreeMap::new();
    for op in &spec.operations {
        let candidates: Vec<&Loaded> = loaded
            .iter()
            .filter(|m| m.service.as_deref().is_none_or(|s| s == op.service))
            .collect();
        let hit = candidates
            .iter()
            .find_map(|m| find(m, op).map(|found| (*m, found)));
        let Some((model, found)) = hit else {
            if !covered.contains(op.service.as_str()) {
                report
                    .not_compared
                    .push(format!("{}.{}", op.service, op.name));
                continue;
            }
            let refused = candidates.iter().find_map(|m| m.refused.get(&op.name));
            let (rule, model_value) = match refused {
                Some(constructs) => ("operation-refused", constructs.join("; ")),
                None => ("operation-removed", "no such operation".to_string()),
            };
            findings.push(finding(
                op,
                Difference {
                    rule: rule_static(rule),
                    subject: "/operation".into(),
                    spec: Some(op.name.clone()),
                    model: Some(model_value),
                    spec_at: Some(op.origin.clone()),
                    model_at: None,
                },
            ));
            continue;
        };
        matched
            .entry(model.file.clone())
            .or_insert_with(|| (op.service.clone(), BTreeSet::new()))
            .1
            .insert(found.name.clone());
        report
            .compared
            .push((format!("{}.{}", op.service, op.name), model.file.clone()));
        for mut difference in compare::operation(op, found, &mut texts) {
            difference.model_at = difference
                .model_at
                .and_then(|at| texts.model_place(model, &at));
            findings.push(finding(op, difference));
        }
    }
    for model in &loaded {
        let Some((service, names)) = matched.get(&model.file) else {
            continue;
        };
        for op in model
            .api
            .operations
            .iter()
            .filter(|o| !names.contains(&o.name))
        {
            let difference = Difference {
                rule: rule_static("operation-added"),
                subject: "/operation".into(),
                spec: None,
                model: Some(format!("{} {}", op.method, op.path)),
                spec_at: None,
                model_at: texts.model_place(model, &op.origin),
            };
            findings.push(finding_for(service, &op.name, difference));
        }
    }
    // A difference in something operations share (a schema of service.yaml) is one finding.
    let mut seen = BTreeSet::new();
    findings.retain(|f| {
        let file = f.spec_at.as_ref().map(|o| o.file.clone());
        seen.insert((
            f.service.clone(),
            f.rule.id.clone(),
            f.subject.clone(),
            file,
            f.spec.clone(),
            f.model.clone(),
        ))
    });
    suppress(&spec, &mut findings, &mut report);
    findings.sort_by(|a, b| {
        (&a.service, &a.operation, &a.subject, &a.rule.id).cmp(&(
            &b.service,
            &b.operation,
            &b.subject,
            &b.rule.id,
        ))
    });
    report.findings = findings;
    Ok(report)
}

/// Marks the findings deviations record, and adds a finding for each deviation that records
/// none. Only the deviations of operations compared are checked: one missing from its model has
/// nothing to record.
fn suppress(spec: &Api, findings: &mut Vec<Finding>, report: &mut Report) {
    let compared: BTreeSet<String> = report.compared.iter().map(|(id, _)| id.clone()).collect();
    let mut stale = Vec::new();
    let operation_files: BTreeSet<&PathBuf> = spec.operations.iter().map(|op| &op.file).collect();
    for op in spec
        .operations
        .iter()
        .filter(|op| compared.contains(&format!("{}.{}", op.service, op.name)))
    {
        for d in &op.deviations {
            let Some(rule) = &d.rule else {
                // Where the spec follows the model there is no difference to find.
                if d.follows != crate::ir::Follows::Model {
                    report.unchecked_deviations += 1;
                }
                continue;
            };
            let mut matched = false;
            // A deviation records its own operation's findings, and those of the files its
            // operation shares with others (service.yaml).
            let own = |f: &Finding| {
                f.operation == op.name
                    || f.spec_at
                        .as_ref()
                        .is_some_and(|at| !operation_files.contains(&at.file))
            };
            for f in findings
                .iter_mut()
                .filter(|f| f.service == op.service && own(f))
            {
                let values = (
                    f.spec.clone().unwrap_or_default(),
                    f.model.clone().unwrap_or_default(),
                );
                if f.rule.id == *rule
                    && f.subject == d.subject
                    && d.values.as_ref().is_none_or(|v| *v == values)
                {
                    matched = true;
                    f.recorded = Some(Recorded {
                        at: d.origin.clone(),
                        source: d.source.clone(),
                        follows: d.follows,
                    });
                }
            }
            if !matched {
                let values = d.values.clone();
                stale.push(finding(
                    op,
                    Difference {
                        rule: rule_static("deviation-stale"),
                        subject: d.subject.clone(),
                        spec: Some(match &values {
                            Some((spec, model)) => format!("{rule}: spec {spec}, model {model}"),
                            None => rule.clone(),
                        }),
                        model: Some("no such finding".to_string()),
                        spec_at: Some(d.origin.clone()),
                        model_at: None,
                    },
                ));
            }
        }
    }
    findings.extend(stale);
}

fn rule_static(id: &str) -> &'static str {
    rules::rule(id).map_or("type-changed", |r| r.id.as_str())
}

fn finding(op: &Operation, d: Difference) -> Finding {
    // What a shared file states is fingerprinted by the file, not by the operation that
    // happened to reach it first.
    let owner = match &d.spec_at {
        Some(at) if at.file != op.file => at
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        _ => op.name.clone(),
    };
    let mut f = finding_for(&op.service, &owner, d);
    f.operation = op.name.clone();
    f
}

fn finding_for(service: &str, operation: &str, d: Difference) -> Finding {
    use sha2::{Digest, Sha256};
    let rule = rules::rule(d.rule).expect("every difference names a rule of the catalogue");
    let mut hash = Sha256::new();
    // Two stale deviations of one subject differ in the rule they name, which is the spec value.
    let named = match d.rule {
        "deviation-stale" => d.spec.as_deref().unwrap_or_default(),
        _ => "",
    };
    for part in [service, operation, d.rule, d.subject.as_str(), named] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let fingerprint: String = hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Finding {
        rule,
        service: service.to_string(),
        operation: operation.to_string(),
        subject: d.subject,
        spec: d.spec,
        model: d.model,
        spec_at: d.spec_at,
        model_at: d.model_at,
        fingerprint,
        recorded: None,
    }
}

/// The operation of `model` that is `op`: by name, or else by method and path.
fn find<'m>(model: &'m Loaded, op: &Operation) -> Option<&'m Operation> {
    let ops = &model.api.operations;
    ops.iter().find(|m| m.name == op.name).or_else(|| {
        let key = |o: &Operation| {
            (
                o.method.clone(),
                o.segments
                    .iter()
                    .map(|s| match s {
                        crate::ir::Segment::Literal(l) => l.clone(),
                        crate::ir::Segment::Label { greedy, .. } => {
                            if *greedy {
                                "{+}".into()
                            } else {
                                "{}".into()
                            }
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        };
        ops.iter().find(|m| key(m) == key(op))
    })
}

/// Imports the whole model in memory and lowers it.
fn load_model(model: &Model) -> Result<Loaded, DriftError> {
    // The imported spec is never written, so where no reader finds an address of its own, a
    // reserved one stands in for the model's.
    let name = model
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let request = import::Request {
        service: model.service.clone(),
        operations: Vec::new(),
        url: Some(format!("https://model.invalid/{name}")),
    };
    let imported = import::import(&model.file, &request)?;
    let folder = PathBuf::from(format!("{}#imported", model.file.display()));
    let folder = folder.join(imported.service_id());
    let mut sources = Vec::new();
    let mut places = BTreeMap::new();
    let mut nodes = vec![(folder.join("service.yaml"), &imported.service)];
    for (name, node) in &imported.operations {
        nodes.push((folder.join(format!("{name}.yaml")), node));
    }
    for (file, node) in nodes {
        let text = node.to_yaml().map_err(|e| ImportError::Write {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        places.insert(file.clone(), node.places());
        sources.push((file, text));
    }
    let api = load_sources(&sources).map_err(|problems| DriftError::Imported {
        file: model.file.clone(),
        problems,
    })?;
    let refused = imported
        .refusals
        .iter()
        .map(|r| (r.operation.clone(), r.constructs.clone()))
        .collect();
    Ok(Loaded {
        file: model.file.clone(),
        service: model.service.clone(),
        api,
        places,
        refused,
        texts: sources,
    })
}

/// The places of spec files (read from disk) and imported model texts, read once each.
#[derive(Default)]
struct Texts {
    places: BTreeMap<PathBuf, Places>,
    memory: BTreeMap<PathBuf, String>,
}

impl Texts {
    fn places(&mut self, file: &Path) -> &Places {
        let memory = &self.memory;
        self.places.entry(file.to_path_buf()).or_insert_with(|| {
            let text = memory
                .get(file)
                .cloned()
                .or_else(|| std::fs::read_to_string(file).ok())
                .unwrap_or_default();
            Places::of(&text)
        })
    }

    /// The place in the model file that an origin in its imported text was read from.
    fn model_place(&mut self, model: &Loaded, at: &Origin) -> Option<Origin> {
        let pointer = self
            .places(&at.file)
            .pointer_at(at.line, at.column)?
            .to_string();
        let places = model.places.get(&at.file)?;
        // The deepest node at or above the pointer that the importer placed.
        let place = places
            .iter()
            .filter(|(p, _)| pointer == *p || pointer.starts_with(&format!("{p}/")) || p.is_empty())
            .max_by_key(|(p, _)| p.len())?
            .1;
        Some(Origin {
            file: model.file.clone(),
            line: place.line,
            column: place.column,
        })
    }
}

impl Pointers for Texts {
    fn pointer(&mut self, origin: &Origin) -> Option<String> {
        self.places(&origin.file)
            .pointer_at(origin.line, origin.column)
            .map(str::to_string)
    }
}
