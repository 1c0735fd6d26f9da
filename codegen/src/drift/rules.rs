//! The catalogue of drift rules: every kind of difference between a spec and an official model,
//! with how much it matters to a client of the API and to a server the suite judges.
//!
//! A difference reads "the spec says A, the model says B": the model is the newer word. A
//! request constraint the model widened is harmless to a client, which sends what it always
//! sent, but the suite would still send the newly valid values and expect them refused, so it
//! would accuse a correct server.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

/// How much a finding matters, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Off,
    /// Documentation text only.
    Docs,
    Info,
    Warning,
    Error,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Off,
        Level::Docs,
        Level::Info,
        Level::Warning,
        Level::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Docs => "docs",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A level name that is none of the levels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`; expected off, docs, info, warning or error")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Level, UnknownLevel> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_string()))
    }
}

/// Whose view a level takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A program that calls the API.
    Client,
    /// A server the conformance suite judges.
    Server,
}

/// One kind of difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A stable id, used in output, in `--level` overrides and in `deviations: rule`.
    pub id: String,
    pub client: Level,
    pub server: Level,
    /// What the difference is, in a sentence.
    pub summary: String,
}

impl Rule {
    pub fn level(&self, side: Side) -> Level {
        match side {
            Side::Client => self.client,
            Side::Server => self.server,
        }
    }
}

use Level::{Docs, Error, Info, Off, Warning};

/// The kinds of constraint whose change can be a widening or a narrowing.
const CONSTRAINTS: [(&str, &str); 7] = [
    ("length", "a length bound (minLength, maxLength)"),
    ("range", "a numeric bound (minimum, maximum)"),
    (
        "items",
        "a count of items (minItems, maxItems, uniqueItems)",
    ),
    (
        "entries",
        "a count of map entries (minProperties, maxProperties)",
    ),
    ("pattern", "a pattern"),
    ("enum", "the allowed values"),
    (
        "format",
        "a format (int32/int64, float/double, uuid, uri, timestamp format)",
    ),
];

/// Every rule, in a fixed order.
pub fn catalogue() -> &'static [Rule] {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(build);
    &RULES
}

/// The rule `id`, if there is one.
pub fn rule(id: &str) -> Option<&'static Rule> {
    catalogue().iter().find(|r| r.id == id)
}

fn build() -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut add = |id: &str, client: Level, server: Level, summary: &str| {
        rules.push(Rule {
            id: id.to_string(),
            client,
            server,
            summary: summary.to_string(),
        });
    };
    add(
        "operation-removed",
        Error,
        Error,
        "The model has no operation the spec describes (by name, or by method and path).",
    );
    add(
        "operation-added",
        Off,
        Off,
        "The model has an operation the spec does not describe.",
    );
    add(
        "operation-renamed",
        Info,
        Info,
        "The operation is found by method and path, under another name.",
    );
    add(
        "operation-refused",
        Warning,
        Warning,
        "The model's operation uses what the spec format cannot express, so it was not compared.",
    );
    add("method-changed", Error, Error, "The HTTP method differs.");
    add("path-changed", Error, Error, "The path template differs.");
    add("protocol-changed", Error, Error, "The protocol differs.");
    add(
        "auth-changed",
        Error,
        Error,
        "The authentication scheme or its settings differ.",
    );
    add(
        "status-changed",
        Error,
        Error,
        "The success status differs.",
    );
    add(
        "request-member-added",
        Info,
        Info,
        "The model takes an optional request member (body, path, query or header) the spec lacks.",
    );
    add(
        "request-required-member-added",
        Error,
        Error,
        "The model requires a request member the spec lacks.",
    );
    add(
        "request-member-removed",
        Warning,
        Warning,
        "The spec has a request member the model does not take.",
    );
    add(
        "request-member-became-optional",
        Info,
        Error,
        "A request member the spec requires is optional in the model: the suite would expect a correct server to refuse a request without it.",
    );
    add(
        "request-member-became-required",
        Error,
        Error,
        "A request member the spec makes optional is required in the model.",
    );
    add(
        "response-member-added",
        Info,
        Warning,
        "The model's response has a member the spec lacks.",
    );
    add(
        "response-member-removed",
        Info,
        Warning,
        "The spec's response has an optional member the model lacks.",
    );
    add(
        "response-required-member-removed",
        Error,
        Error,
        "The spec's response always has a member the model lacks.",
    );
    add(
        "response-member-became-optional",
        Error,
        Error,
        "A response member the spec says is always present is optional in the model.",
    );
    add(
        "response-member-became-required",
        Info,
        Info,
        "A response member the spec makes optional is always present in the model.",
    );
    add("type-changed", Error, Error, "A member's type differs.");
    add(
        "label-renamed",
        Info,
        Info,
        "A path label has another name; the name never reaches the wire.",
    );
    add(
        "member-case-changed",
        Warning,
        Warning,
        "A member's name differs only in letter case.",
    );
    add(
        "default-changed",
        Warning,
        Warning,
        "A member's default value differs.",
    );
    add(
        "sensitive-added",
        Error,
        Error,
        "The model marks a member sensitive that the spec does not: conform would show its value.",
    );
    add(
        "sensitive-removed",
        Info,
        Info,
        "The spec marks a member sensitive that the model does not.",
    );
    add(
        "header-value-changed",
        Warning,
        Error,
        "What a header must carry differs (a fixed value, a media type, a pattern, a type or a default).",
    );
    add(
        "variants-changed",
        Warning,
        Error,
        "The either-or branches of the request body differ.",
    );
    for (direction, what) in [("request", "request"), ("response", "response")] {
        for (kind, name) in CONSTRAINTS {
            let (widened, narrowed, changed) = match direction {
                // The suite still sends what is newly valid and expects a refusal; a client
                // that sends what the narrowed model refuses fails.
                "request" => ((Info, Error), (Error, Error), (Warning, Error)),
                // A client that validates answers refuses what is newly possible; the suite
                // accuses a server that sends it.
                _ => ((Error, Error), (Info, Info), (Warning, Error)),
            };
            let decidable = !matches!(kind, "format");
            if decidable {
                add(
                    &format!("{direction}-{kind}-widened"),
                    widened.0,
                    widened.1,
                    &format!("The model widens {name} of a {what} value."),
                );
                add(
                    &format!("{direction}-{kind}-narrowed"),
                    narrowed.0,
                    narrowed.1,
                    &format!("The model narrows {name} of a {what} value."),
                );
            }
            add(
                &format!("{direction}-{kind}-changed"),
                changed.0,
                changed.1,
                &format!(
                    "The model changes {name} of a {what} value, neither a widening nor a narrowing."
                ),
            );
        }
    }
    add(
        "error-added",
        Info,
        Warning,
        "The model lists an error the spec does not.",
    );
    add(
        "error-removed",
        Info,
        Warning,
        "The spec lists an error the model does not.",
    );
    add(
        "error-status-changed",
        Warning,
        Error,
        "An error's status differs.",
    );
    add(
        "error-naming-changed",
        Warning,
        Error,
        "How an error is named on the wire differs.",
    );
    add(
        "documentation-changed",
        Docs,
        Docs,
        "A description differs, after white space and markup are set aside.",
    );
    add(
        "deviation-stale",
        Error,
        Error,
        "A recorded deviation matches no finding any more: the model or the spec changed, so update or remove it.",
    );
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule id the comparison names is in the catalogue, and ids are unique.
    #[test]
    fn the_catalogue_has_every_rule_the_comparison_names() {
        let ids: Vec<&str> = catalogue().iter().map(|r| r.id.as_str()).collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "rule ids are unique");
        for source in [
            include_str!("compare/mod.rs"),
            include_str!("compare/http.rs"),
            include_str!("compare/members.rs"),
            include_str!("compare/types.rs"),
            include_str!("compare/show.rs"),
            include_str!("mod.rs"),
        ] {
            for literal in source.split('"').skip(1).step_by(2) {
                let looks_like_rule = [
                    "-added",
                    "-removed",
                    "-changed",
                    "-renamed",
                    "-stale",
                    "-refused",
                    "-optional",
                    "-required",
                ]
                .iter()
                .any(|end| literal.ends_with(end))
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                if looks_like_rule {
                    assert!(
                        rule(literal).is_some(),
                        "`{literal}` is not in the catalogue"
                    );
                }
            }
        }
    }

    #[test]
    fn every_constraint_change_has_its_rule() {
        for direction in ["request", "response"] {
            for (kind, _) in CONSTRAINTS {
                let hows: &[&str] = match kind {
                    "format" => &["changed"],
                    _ => &["widened", "narrowed", "changed"],
                };
                for how in hows {
                    let id = format!("{direction}-{kind}-{how}");
                    assert!(rule(&id).is_some(), "{id}");
                }
            }
        }
    }

    #[test]
    fn levels_pad_in_columns() {
        assert_eq!(format!("{:<8}|", Level::Info), "info    |");
    }
}
