//! Verdicts as data: every way an answer can fall short of its case, with the fields a machine
//! reads in the JSON report and a sentence for people. Text that came from the target is kept
//! apart from the tool's own words, so masking touches only what the target said.

use super::http::TransportError;
use super::secrets::Secrets;
use conform_generated::runtime::Violation;
use serde::Serialize;
use std::fmt;

/// Which answer a schema violation was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The documented success answer: its headers and body.
    Response,
    /// An error answer's body.
    ErrorBody,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Response => "response",
            Part::ErrorBody => "error body",
        })
    }
}

/// What went wrong with a snapshot, and the file to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum SnapshotProblem {
    /// No stored snapshot, and the mode does not record one (CI).
    Missing { path: String },
    /// The answer differs from the stored snapshot, and the mode writes nothing (CI).
    Differs { path: String },
    /// No stored snapshot: a `.snap.new` waits for review.
    New { path: String },
    /// The answer differs from the stored snapshot: a `.snap.new` waits for review.
    Changed { path: String },
    /// The snapshot file could not be written.
    Unwritable { path: String, error: String },
}

impl fmt::Display for SnapshotProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotProblem::Missing { path } => write!(
                f,
                "no snapshot {path} (CI runs do not record them): record it with --update-snapshots and commit it"
            ),
            SnapshotProblem::Differs { path } => write!(
                f,
                "the response differs from the snapshot {path}: run without CI to get a .snap.new to review"
            ),
            SnapshotProblem::New { path } => write!(
                f,
                "new snapshot {path}: review it with `cargo insta review`, or run with --update-snapshots"
            ),
            SnapshotProblem::Changed { path } => write!(
                f,
                "the response differs from the snapshot: review {path} with `cargo insta review`"
            ),
            SnapshotProblem::Unwritable { path, error } => {
                write!(f, "cannot write {path}: {error}")
            }
        }
    }
}

/// One way a case failed. The JSON report carries each as an object whose `kind` is the
/// variant's name in snake case, with the variant's fields beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Failure {
    /// The status is not one the case admits.
    Status {
        /// The status or class the case admits (`400`, `4XX`).
        expected: String,
        /// The documents state no status; the class is inferred.
        inferred: bool,
        got: u16,
        /// The error name the target gave, when it gave one.
        #[serde(skip_serializing_if = "Option::is_none")]
        error_name: Option<String>,
    },
    /// An error answer's media type is not one its protocol allows.
    ContentType {
        expected: &'static [&'static str],
        /// The answer's `Content-Type`, or none.
        got: Option<String>,
    },
    /// An error answer does not name its error as the spec says.
    ErrorNaming {
        /// The header that carries the name.
        header: &'static str,
        /// The name the spec gives this case's error; none when the case names no error.
        expected: Option<&'static str>,
        /// The name the answer gave, or none.
        got: Option<String>,
    },
    /// The answer breaks its schema.
    Schema {
        part: Part,
        #[serde(flatten)]
        violation: Violation,
    },
    /// The answer's body carries back a sensitive value the request sent.
    SensitiveEcho {
        /// Where the request sent it (`body /secretKey`, `header X-Key`); never the value.
        place: String,
    },
    /// The answer does not match its snapshot.
    Snapshot {
        #[serde(flatten)]
        problem: SnapshotProblem,
    },
    /// No answer to judge: the request could not be sent, or the answer not read.
    Transport {
        #[serde(flatten)]
        error: TransportError,
    },
    /// The case is listed as a known failure, and it passes.
    KnownPasses { reason: String },
    /// The runner itself failed on this case.
    Internal,
}

impl Failure {
    /// The failure with every text that came from the target scanned for secrets: what it sent
    /// back, and what the transport reported about it. The tool's words around them, and the
    /// reasons users wrote, are never touched.
    pub fn scrubbed(self, secrets: &Secrets) -> Failure {
        let scrub = |text: String| secrets.scrub(&text);
        match self {
            Failure::Status {
                expected,
                inferred,
                got,
                error_name,
            } => Failure::Status {
                expected,
                inferred,
                got,
                error_name: error_name.map(scrub),
            },
            Failure::ContentType { expected, got } => Failure::ContentType {
                expected,
                got: got.map(scrub),
            },
            Failure::ErrorNaming {
                header,
                expected,
                got,
            } => Failure::ErrorNaming {
                header,
                expected,
                got: got.map(scrub),
            },
            Failure::Transport { error } => Failure::Transport {
                error: error.scrubbed(|text| secrets.scrub(text)),
            },
            // A violation never quotes a value, but its pointer can hold a key the target sent
            // (an undeclared member, a map key); its message is written from the pointer when
            // it is read, so the words around it stay the tool's.
            Failure::Schema {
                part,
                mut violation,
            } => {
                violation.pointer = secrets.scrub(&violation.pointer);
                Failure::Schema { part, violation }
            }
            // Places, paths and the users' reasons are not the target's text.
            kept @ (Failure::KnownPasses { .. }
            | Failure::SensitiveEcho { .. }
            | Failure::Snapshot { .. }
            | Failure::Internal) => kept,
        }
    }
}

fn or_none(value: Option<&str>) -> &str {
    match value {
        Some(v) if !v.is_empty() => v,
        _ => "none",
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Status {
                expected,
                inferred,
                got,
                error_name,
            } => {
                write!(f, "status: expected {expected}")?;
                if *inferred {
                    f.write_str(" (inferred: the documents state no status)")?;
                }
                write!(f, ", got {got}")?;
                match error_name {
                    Some(name) => write!(f, " ({name})"),
                    None => Ok(()),
                }
            }
            Failure::ContentType { expected, got } => write!(
                f,
                "content-type: expected {} for an error, got {}",
                expected.join(" or "),
                or_none(got.as_deref())
            ),
            Failure::ErrorNaming {
                header,
                expected,
                got,
            } => match (expected, got) {
                (Some(expected), Some(got)) => {
                    write!(f, "error type: expected {header}: {expected}, got {got}")
                }
                (Some(expected), None) => write!(
                    f,
                    "error type: expected {header}: {expected}, but the header is missing"
                ),
                (None, _) => write!(
                    f,
                    "error type: the protocol names an error's type in {header}, and this answer has none"
                ),
            },
            Failure::Schema { part, violation } => write!(f, "{part}: {violation}"),
            Failure::SensitiveEcho { place } => write!(
                f,
                "echo: the answer's body carries back the sensitive value sent in {place}; a server must not repeat a secret"
            ),
            Failure::Snapshot { problem } => write!(f, "snapshot: {problem}"),
            Failure::Transport { error } => write!(f, "{error}"),
            Failure::KnownPasses { reason } => write!(
                f,
                "listed as a known failure ({reason}), but it passes: remove it from the known-failures file"
            ),
            Failure::Internal => f.write_str("the runner failed on this case (a bug in conform)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Failure, Part, SnapshotProblem, TransportError};
    use crate::run::secrets::Secrets;
    use conform_generated::runtime::{Expected, Rule, Violation};

    /// One failure of every kind, each carrying `text` wherever the target can put text.
    fn every_kind_with(text: &str) -> Vec<Failure> {
        vec![
            Failure::Status {
                expected: "400".into(),
                inferred: true,
                got: 200,
                error_name: Some(text.into()),
            },
            Failure::ContentType {
                expected: &["application/json"],
                got: Some(text.into()),
            },
            Failure::ErrorNaming {
                header: "X-Amzn-ErrorType",
                expected: Some("ValidationException"),
                got: Some(text.into()),
            },
            Failure::Schema {
                part: Part::Response,
                violation: Violation::body(
                    format!("/{text}"),
                    Rule::AdditionalProperties,
                    Expected::Absent,
                    format_args!("is not a member the schema declares"),
                ),
            },
            Failure::SensitiveEcho {
                place: "body /secret".into(),
            },
            Failure::Snapshot {
                problem: SnapshotProblem::Changed {
                    path: "s/id.snap.new".into(),
                },
            },
            Failure::Transport {
                error: TransportError::Exchange { cause: text.into() },
            },
            Failure::KnownPasses {
                reason: "a known bug".into(),
            },
            Failure::Internal,
        ]
    }

    fn every_kind() -> Vec<Failure> {
        every_kind_with("e")
    }

    #[test]
    fn every_kind_serialises_with_the_documented_kind_name() {
        let kinds: Vec<String> = every_kind()
            .iter()
            .map(|f| serde_json::to_value(f).expect("serialises")["kind"].to_string())
            .collect();
        assert_eq!(
            kinds,
            [
                "\"status\"",
                "\"content_type\"",
                "\"error_naming\"",
                "\"schema\"",
                "\"sensitive_echo\"",
                "\"snapshot\"",
                "\"transport\"",
                "\"known_passes\"",
                "\"internal\"",
            ]
        );
        let readme = include_str!("../../../README.md");
        for kind in kinds {
            let row = format!("| `{}` |", kind.trim_matches('"'));
            assert!(readme.contains(&row), "the README documents {row}");
        }
    }

    #[test]
    fn a_schema_failure_carries_the_violation_fields() {
        let value = serde_json::to_value(&every_kind()[3]).expect("serialises");
        assert_eq!(value["part"], "response");
        assert_eq!(value["location"], "body");
        assert_eq!(value["pointer"], "/e");
        assert_eq!(value["rule"], "additionalProperties");
        assert_eq!(value["expected"]["kind"], "absent");
    }

    #[test]
    fn scrubbing_masks_the_targets_text_and_never_the_tools_own_words() {
        let redacted = conform_generated::runtime::REDACTED;
        // The secret is a word the tool itself uses in each kind of failure, and the target's
        // text is the secret itself.
        for secret in [
            "expected",
            "declares",
            "sensitive",
            "review",
            "exchange",
            "known",
            "runner",
        ] {
            let secrets = Secrets::default();
            secrets.add_given(secret, "a test secret");
            for (failure, plain) in every_kind_with(secret)
                .into_iter()
                .zip(every_kind_with("QQQ"))
            {
                let after = failure.clone().scrubbed(&secrets).to_string();
                let from_target = !matches!(
                    failure,
                    Failure::SensitiveEcho { .. }
                        | Failure::Snapshot { .. }
                        | Failure::KnownPasses { .. }
                        | Failure::Internal
                );
                // Where the target's text was, the secret is masked; every other byte is what
                // the same failure says about a harmless text.
                let expected = plain.to_string().replace("QQQ", redacted);
                assert_eq!(after, expected, "secret {secret}");
                assert_eq!(after.contains(redacted), from_target, "{secret}: {after}");
            }
        }
    }

    #[test]
    fn a_secret_too_short_to_scan_for_is_not_looked_for() {
        let secrets = Secrets::default();
        secrets.add_given("e", "the --login password");
        for failure in every_kind() {
            let before = failure.to_string();
            assert_eq!(failure.scrubbed(&secrets).to_string(), before);
        }
        assert_eq!(secrets.unscanned(), ["the --login password"]);
    }
}
