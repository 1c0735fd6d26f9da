//! Response snapshots in insta's file format, one per case and target profile, so that
//! `cargo insta review` can accept or reject them. A response is normalised first: its status,
//! an allow-list of headers, and its JSON body with dynamic values and secrets redacted.

use super::http::Answer;
use super::secrets::Secrets;
use super::verdict::SnapshotProblem;
use conform_generated::runtime::Operation;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The headers a snapshot keeps; the rest (dates, request ids, lengths) vary or do not matter.
const KEPT_HEADERS: [&str; 3] = ["content-type", "x-amzn-errortype", "allow"];

/// The most characters of a body that is not JSON a snapshot keeps.
const TEXT_LIMIT: usize = 2000;

/// What a snapshot check does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No snapshot check.
    Off,
    /// Compare; write `.snap.new` for a new or different one (insta's `auto` outside CI).
    New,
    /// Compare only; a missing snapshot fails (insta under `CI=true`, or `INSTA_UPDATE=no`).
    No,
    /// Write every snapshot and pass (`--update-snapshots`, `INSTA_UPDATE=always`).
    Always,
    /// Write missing snapshots straight away; a different one gets a `.snap.new`
    /// (`INSTA_UPDATE=unseen`).
    Unseen,
}

impl Mode {
    /// The mode `INSTA_UPDATE` and `CI` ask for, as insta reads them.
    pub fn from_env() -> Mode {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        match std::env::var("INSTA_UPDATE").as_deref() {
            Ok("always") | Ok("1") => Mode::Always,
            Ok("no") | Ok("0") => Mode::No,
            Ok("new") => Mode::New,
            Ok("unseen") => Mode::Unseen,
            _ if ci => Mode::No,
            _ => Mode::New,
        }
    }
}

/// The normalised form of an answer.
pub fn normalise(op: &Operation, answer: &Answer, secrets: &Secrets) -> String {
    let mut headers = serde_json::Map::new();
    for name in KEPT_HEADERS {
        if let Some(value) = answer.headers.get(name).and_then(|v| v.to_str().ok()) {
            headers.insert(name.to_string(), Value::from(value));
        }
    }
    let body = if answer.body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(&answer.body) {
            Ok(mut value) => {
                for pointer in op.dynamic_members {
                    crate::pointer::replace_at(&mut value, pointer, "[dynamic]");
                }
                value
            }
            Err(_) => Value::from(
                conform_codegen::text::escape_invalid_utf8(&answer.body)
                    .chars()
                    .take(TEXT_LIMIT)
                    .collect::<String>(),
            ),
        }
    };
    let snapshot = serde_json::json!({ "status": answer.status, "headers": headers, "body": body });
    secrets.scrub_json(snapshot)
}

/// The result of comparing with the stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Same,
    Written,
    /// A failure, with the file to look at.
    Failed(SnapshotProblem),
}

/// One profile's snapshot folder during a run. The pending (`.snap.new`) files already there are
/// listed once, when the run starts, so that a matching answer removes a stale one without a
/// system call for every case that has none.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    mode: Mode,
    pending: BTreeSet<String>,
}

impl Store {
    /// The folder of `profile`'s snapshots under `root`.
    pub fn open(root: &Path, profile: &str, mode: Mode) -> Store {
        let dir = root.join(profile);
        let pending = match (mode, std::fs::read_dir(&dir)) {
            (Mode::Off, _) | (_, Err(_)) => BTreeSet::new(),
            (_, Ok(entries)) => entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().into_string().ok()?;
                    name.strip_suffix(".snap.new").map(str::to_string)
                })
                .collect(),
        };
        Store { dir, mode, pending }
    }

    /// Whether the run compares snapshots at all.
    pub fn enabled(&self) -> bool {
        self.mode != Mode::Off
    }

    /// Compares `content` with the snapshot of `id`, writing files as the mode says.
    pub fn check(&self, id: &str, content: &str) -> Verdict {
        let path = self.dir.join(format!("{id}.snap"));
        let pending = self.dir.join(format!("{id}.snap.new"));
        let stale = || {
            if self.pending.contains(id) {
                let _ = std::fs::remove_file(&pending);
            }
        };
        let stored = std::fs::read_to_string(&path).ok();
        let stored = stored.as_deref().map(contents);
        match (stored, self.mode) {
            (_, Mode::Off) => Verdict::Same,
            (Some(stored), _) if stored == content.trim_end() => {
                stale();
                Verdict::Same
            }
            (_, Mode::Always) => match write(&path, id, content) {
                Ok(()) => {
                    stale();
                    Verdict::Written
                }
                Err(problem) => Verdict::Failed(problem),
            },
            (None, Mode::Unseen) => match write(&path, id, content) {
                Ok(()) => Verdict::Written,
                Err(problem) => Verdict::Failed(problem),
            },
            (None, Mode::No) => Verdict::Failed(SnapshotProblem::Missing {
                path: path.display().to_string(),
            }),
            (Some(_), Mode::No) => Verdict::Failed(SnapshotProblem::Differs {
                path: path.display().to_string(),
            }),
            (stored, Mode::New | Mode::Unseen) => match write(&pending, id, content) {
                Ok(()) => {
                    let path = pending.display().to_string();
                    Verdict::Failed(match stored {
                        None => SnapshotProblem::New { path },
                        Some(_) => SnapshotProblem::Changed { path },
                    })
                }
                Err(problem) => Verdict::Failed(problem),
            },
        }
    }
}

fn write(path: &Path, id: &str, content: &str) -> Result<(), SnapshotProblem> {
    let unwritable = |at: &Path, e: std::io::Error| SnapshotProblem::Unwritable {
        path: at.display().to_string(),
        error: e.to_string(),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| unwritable(parent, e))?;
    }
    // The id is quoted, so the header stays valid YAML whatever the id holds.
    let expression = serde_json::Value::from(id).to_string();
    let text = format!(
        "---\nsource: conform run\nexpression: {expression}\n---\n{}\n",
        content.trim_end()
    );
    std::fs::write(path, text).map_err(|e| unwritable(path, e))
}

/// The snapshot itself, after insta's `---` header.
fn contents(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body)
        .trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_files_round_trip() {
        let root = std::env::temp_dir().join(format!("conform-snap-{}", std::process::id()));
        let dir = root.join("mock");
        let id = "svc.Op.valid.body.minimal";
        let check = |content: &str, mode| Store::open(&root, "mock", mode).check(id, content);
        assert!(matches!(
            check("{}", Mode::No),
            Verdict::Failed(SnapshotProblem::Missing { .. })
        ));
        assert!(matches!(
            check("{}", Mode::New),
            Verdict::Failed(SnapshotProblem::New { .. })
        ));
        assert!(dir.join(format!("{id}.snap.new")).exists());
        assert_eq!(check("{}", Mode::Always), Verdict::Written);
        assert!(!dir.join(format!("{id}.snap.new")).exists());
        assert_eq!(check("{}\n", Mode::No), Verdict::Same);
        assert!(matches!(
            check("{\"a\":1}", Mode::No),
            Verdict::Failed(SnapshotProblem::Differs { .. })
        ));
        assert!(matches!(
            check("{\"a\":1}", Mode::New),
            Verdict::Failed(SnapshotProblem::Changed { .. })
        ));
        // A pending file left by an earlier run goes once the answer matches again.
        assert!(dir.join(format!("{id}.snap.new")).exists());
        assert_eq!(check("{}", Mode::New), Verdict::Same);
        assert!(!dir.join(format!("{id}.snap.new")).exists());
        std::fs::remove_dir_all(&root).ok();
    }
}
