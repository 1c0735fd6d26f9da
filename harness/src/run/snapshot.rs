//! Response snapshots in insta's file format, one per case and target profile, so that
//! `cargo insta review` can accept or reject them. A response is normalised first: its status,
//! an allow-list of headers, and its JSON body with dynamic values and secrets redacted.

use super::http::Answer;
use super::secrets::Secrets;
use super::verdict::SnapshotProblem;
use conform_generated::runtime::Operation;
use serde_json::Value;
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
    secrets.scrub_json(&snapshot)
}

/// The result of comparing with the stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Same,
    Written,
    /// A failure, with the file to look at.
    Failed(SnapshotProblem),
}

/// Compares `content` with the snapshot of `id`, writing files as `mode` says.
pub fn check(dir: &Path, id: &str, content: &str, mode: Mode) -> Verdict {
    let path = dir.join(format!("{id}.snap"));
    let pending = dir.join(format!("{id}.snap.new"));
    let stored = std::fs::read_to_string(&path)
        .ok()
        .map(|text| contents(&text));
    match (stored, mode) {
        (_, Mode::Off) => Verdict::Same,
        (Some(stored), _) if stored == content.trim_end() => {
            let _ = std::fs::remove_file(&pending);
            Verdict::Same
        }
        (_, Mode::Always) => match write(&path, id, content) {
            Ok(()) => {
                let _ = std::fs::remove_file(&pending);
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

/// The folder of a profile's snapshots.
pub fn folder(root: &Path, profile: &str) -> PathBuf {
    root.join(profile)
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
fn contents(text: &str) -> String {
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body);
    body.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_files_round_trip() {
        let dir = std::env::temp_dir().join(format!("conform-snap-{}", std::process::id()));
        let id = "svc.Op.valid.body.minimal";
        assert!(matches!(
            check(&dir, id, "{}", Mode::No),
            Verdict::Failed(SnapshotProblem::Missing { .. })
        ));
        assert!(matches!(
            check(&dir, id, "{}", Mode::New),
            Verdict::Failed(SnapshotProblem::New { .. })
        ));
        assert!(dir.join(format!("{id}.snap.new")).exists());
        assert_eq!(check(&dir, id, "{}", Mode::Always), Verdict::Written);
        assert!(!dir.join(format!("{id}.snap.new")).exists());
        assert_eq!(check(&dir, id, "{}\n", Mode::No), Verdict::Same);
        assert!(matches!(
            check(&dir, id, "{\"a\":1}", Mode::No),
            Verdict::Failed(SnapshotProblem::Differs { .. })
        ));
        assert!(matches!(
            check(&dir, id, "{\"a\":1}", Mode::New),
            Verdict::Failed(SnapshotProblem::Changed { .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }
}
