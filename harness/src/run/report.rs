//! Reports of a run: a summary table and failure details for people, JSON for machines, and
//! JUnit XML for CI. The target's text in the results was scanned for secrets where it was
//! judged; everything the reports write themselves is masked where the secret sits (headers,
//! sensitive members, URL userinfo), and curl commands mask credentials unless asked not to.

use super::verdict::Failure;
use super::{CaseResult, Outcome, Runner};
use crate::mask;
use conform_generated::runtime::{Auth, Credentials, Expect};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    pub errored: usize,
    /// Failed as the known-failures list expects.
    pub known: usize,
    /// Not sent, because the target cannot judge them.
    pub skipped: usize,
    /// Answered after more than `--slow-ms`, whatever the outcome.
    pub slow: usize,
}

impl Summary {
    pub fn of<'a>(results: impl IntoIterator<Item = &'a CaseResult>) -> Summary {
        results.into_iter().fold(Summary::default(), add)
    }

    pub fn all_passed(&self) -> bool {
        self.failed == 0 && self.errored == 0
    }
}

/// The summary table, one row per operation, and the details of every case that did not pass.
pub fn human(runner: &Runner, results: &[CaseResult], show_secrets: bool) -> String {
    let mut out = String::new();
    let failing: Vec<&CaseResult> = results
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::Pass | Outcome::Skipped))
        .collect();
    for r in results.iter().filter(|r| r.outcome == Outcome::Skipped) {
        let why = r.reason.as_deref().unwrap_or_default();
        out.push_str(&format!("SKIP {} ({why})\n\n", r.case.id));
    }
    // Cases that could not even connect share one explanation, not one each.
    let unreachable: Vec<&&CaseResult> = failing.iter().filter(|r| r.unreachable).collect();
    for r in failing.iter().filter(|r| !r.unreachable) {
        out.push_str(&details(runner, r, show_secrets));
        out.push('\n');
    }
    if !unreachable.is_empty() {
        let mut by_target: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for r in &unreachable {
            let url = mask::url(runner.config.targets.url(r.op.service).unwrap_or("?"));
            let entry = by_target.entry(url).or_insert((0, first(r)));
            entry.0 += 1;
        }
        for (url, (count, reason)) in by_target {
            out.push_str(&format!(
                "ERROR {count} case{} could not reach {url}: {reason}\n  Is the server running, and is --target right?\n\n",
                if count == 1 { "" } else { "s" }
            ));
        }
    }
    out.push_str(&slow(runner, results));
    out.push_str(&table(results));
    out
}

/// The cases whose answers came after `--slow-ms`, slowest first: a pattern case among them
/// points at a regular expression that backtracks.
fn slow(runner: &Runner, results: &[CaseResult]) -> String {
    let mut slow: Vec<&CaseResult> = results.iter().filter(|r| r.slow).collect();
    if slow.is_empty() {
        return String::new();
    }
    slow.sort_by_key(|r| std::cmp::Reverse(r.duration));
    let mut out = format!(
        "SLOW {} case{} answered after more than {} ms:\n",
        slow.len(),
        if slow.len() == 1 { "" } else { "s" },
        runner.config.slow.as_millis()
    );
    for r in slow {
        out.push_str(&format!("  {} ms  {}\n", r.duration.as_millis(), r.case.id));
    }
    out.push('\n');
    out
}

fn table(results: &[CaseResult]) -> String {
    let mut rows: Vec<(String, Summary)> = Vec::new();
    for r in results {
        let id = r.op.id();
        match rows.iter_mut().find(|(op, _)| *op == id) {
            Some((_, s)) => *s = add(*s, r),
            None => rows.push((id, add(Summary::default(), r))),
        }
    }
    let total = Summary::of(results);
    let width = rows
        .iter()
        .map(|(op, _)| op.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>6}  {:>6}  {:>7}  {:>5}  {:>7}\n",
        "operation", "cases", "passed", "failed", "errored", "known", "skipped"
    );
    for (op, s) in rows
        .iter()
        .chain(std::iter::once(&("total".to_string(), total)))
    {
        out.push_str(&format!(
            "{op:<width$}  {:>5}  {:>6}  {:>6}  {:>7}  {:>5}  {:>7}\n",
            s.total, s.passed, s.failed, s.errored, s.known, s.skipped
        ));
    }
    out
}

fn add(mut s: Summary, r: &CaseResult) -> Summary {
    s.total += 1;
    s.slow += usize::from(r.slow);
    match r.outcome {
        Outcome::Pass => s.passed += 1,
        Outcome::Fail => s.failed += 1,
        Outcome::Error => s.errored += 1,
        Outcome::Known => s.known += 1,
        Outcome::Skipped => s.skipped += 1,
    }
    s
}

/// Expected against actual, the constraint the case exercises, what was wrong, and a curl
/// command that sends the same request.
fn details(runner: &Runner, r: &CaseResult, show_secrets: bool) -> String {
    let case = r.case;
    let label = match r.outcome {
        Outcome::Error => "ERROR",
        Outcome::Known => "KNOWN",
        Outcome::Skipped => "SKIP",
        Outcome::Pass | Outcome::Fail => "FAIL",
    };
    let mut out = format!("{label} {}\n", case.id);
    out.push_str(&format!("  sends:    {}\n", case.summary));
    if let Some(v) = case.violates {
        out.push_str(&format!(
            "  breaks:   {} {} ({})\n",
            v.location,
            if v.pointer.is_empty() {
                "the whole body"
            } else {
                v.pointer
            },
            v.rule
        ));
    }
    let inferred = if case.inferred { " (inferred)" } else { "" };
    let error = case
        .error
        .map(|e| format!(" {}", e.name))
        .unwrap_or_default();
    out.push_str(&format!(
        "  expected: {}{inferred}{error} [{}]\n",
        case.expected_status, case.basis
    ));
    out.push_str(&format!(
        "  got:      {}\n",
        r.status.map_or("no answer".to_string(), |s| s.to_string())
    ));
    if let (Outcome::Known, Some(reason)) = (r.outcome, &r.reason) {
        out.push_str(&format!("  - known failure: {reason}\n"));
    }
    for failure in &r.failures {
        out.push_str(&format!("  - {failure}\n"));
    }
    out.push_str(&format!("  reproduce: {}\n", curl(runner, r, show_secrets)));
    out
}

/// A curl command for the case's request. Credentials come from environment variables (SigV4)
/// or are masked, unless `show_secrets`.
pub fn curl(runner: &Runner, r: &CaseResult, show_secrets: bool) -> String {
    let (op, case) = (r.op, r.case);
    let target = runner.config.targets.url(op.service).unwrap_or("");
    let base = if show_secrets {
        target.to_string()
    } else {
        mask::url(target)
    };
    let mut parts = vec![
        "curl -sS -i".to_string(),
        format!("-X {}", case.method),
        quote(&{
            let (path, query) = if show_secrets {
                (case.path.to_string(), case.query.to_string())
            } else {
                (mask::path(op, case.path), mask::query(op, case.query))
            };
            if query.is_empty() {
                format!("{base}{path}")
            } else {
                format!("{base}{path}?{query}")
            }
        }),
    ];
    if runner.config.insecure {
        parts.push("--insecure".into());
    }
    for (name, value) in case.headers {
        let value = if show_secrets {
            value
        } else {
            mask::header(op, name, value)
        };
        parts.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    match (case.credentials, op.auth) {
        (Credentials::Missing, _)
        | (Credentials::Valid, Auth::None)
        | (Credentials::WrongSignature, Auth::None | Auth::Bearer { .. })
        | (Credentials::ExpiredToken, Auth::None | Auth::AwsSigV4 { .. }) => {}
        // The expired token stays in the environment, as the valid one does.
        (Credentials::ExpiredToken, Auth::Bearer { header, .. }) => {
            if show_secrets {
                let token = runner.config.expired_token.clone().unwrap_or_default();
                parts.push(format!(
                    "-H {}",
                    quote(&format!("{header}: Bearer {token}"))
                ));
            } else {
                parts.push(format!("-H \"{header}: Bearer $CONFORM_EXPIRED_TOKEN\""));
            }
        }
        // A wrong secret gives a signature that does not match, as the case's changed digit does.
        (Credentials::WrongSignature, Auth::AwsSigV4 { signing_name }) => {
            parts.push(aws_sigv4(runner, signing_name));
            parts.push("--user \"$AWS_ACCESS_KEY_ID:not-the-secret-access-key\"".into());
        }
        (Credentials::Valid, Auth::AwsSigV4 { signing_name }) => {
            parts.push(aws_sigv4(runner, signing_name));
            if show_secrets && let Some(aws) = &runner.config.aws {
                parts.push(format!(
                    "--user {}",
                    quote(&format!("{}:{}", aws.access_key_id, aws.secret_access_key))
                ));
            } else {
                parts.push("--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"".into());
            }
            if let Some(token) = runner
                .config
                .aws
                .as_ref()
                .and_then(|a| a.session_token.as_ref())
            {
                if show_secrets {
                    parts.push(format!(
                        "-H {}",
                        quote(&format!("x-amz-security-token: {token}"))
                    ));
                } else {
                    parts.push("-H \"x-amz-security-token: $AWS_SESSION_TOKEN\"".into());
                }
            }
        }
        (Credentials::Valid, Auth::Bearer { header, .. }) => {
            if show_secrets {
                let token = runner.bearer.clone().unwrap_or_default();
                parts.push(format!(
                    "-H {}",
                    quote(&format!("{header}: Bearer {token}"))
                ));
            } else {
                // The token stays in the environment: set CONFORM_BEARER to one (log in first
                // if the run used --login).
                parts.push(format!("-H \"{header}: Bearer $CONFORM_BEARER\""));
            }
        }
        (Credentials::Literal(value), _) => {
            let value = if show_secrets {
                value
            } else {
                conform_generated::runtime::REDACTED
            };
            parts.push(format!("-H {}", quote(&format!("Authorization: {value}"))));
        }
    }
    let mut printf = None;
    if !case.body.is_empty() {
        let body = if show_secrets {
            case.body.to_vec()
        } else {
            mask::body_bytes(op, case.body)
        };
        match std::str::from_utf8(&body) {
            Ok(text) if !text.contains('\0') => {
                parts.push(format!("--data-binary {}", quote(text)));
            }
            // A shell word holds neither a NUL nor, portably, bytes that are not text: printf
            // writes them from octal escapes, and curl reads its standard input.
            _ => {
                printf = Some(format!("printf {} | ", quote(&printf_format(&body))));
                parts.push("--data-binary @-".into());
            }
        }
    }
    format!("{}{}", printf.unwrap_or_default(), parts.join(" "))
}

/// curl's `--aws-sigv4` option for the run's region and `signing_name`.
fn aws_sigv4(runner: &Runner, signing_name: &str) -> String {
    let region = runner
        .config
        .aws
        .as_ref()
        .map_or("us-east-1", |a| a.region.as_str());
    format!(
        "--aws-sigv4 {}",
        quote(&format!("aws:amz:{region}:{signing_name}"))
    )
}

/// A POSIX `printf` format that writes exactly `bytes`: printable ASCII as it is (`%` and `\`
/// doubled), every other byte as a three-digit octal escape.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(b)),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

/// The first failure of a result, as a sentence.
fn first(r: &CaseResult) -> String {
    r.failures
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// `text` in single quotes for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    target: String,
    profile: &'a str,
    summary: Summary,
    cases: Vec<JsonCase<'a>>,
}

#[derive(Serialize)]
struct JsonCase<'a> {
    id: &'a str,
    service: &'a str,
    operation: &'a str,
    expect: Expect,
    expected_status: String,
    inferred: bool,
    status: Option<u16>,
    outcome: Outcome,
    failures: &'a [Failure],
    /// Why the case was skipped, or why it is a known failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    duration_ms: u64,
    /// The answer took longer than `--slow-ms`.
    slow: bool,
    /// A curl command that sends the case's request again, masked, for every case that did not
    /// pass; bytes that are not text are written as printf octal escapes.
    #[serde(skip_serializing_if = "Option::is_none")]
    reproduce: Option<String>,
}

/// The run as JSON.
pub fn json(
    runner: &Runner,
    target: &str,
    results: &[CaseResult],
) -> Result<String, serde_json::Error> {
    let report = JsonReport {
        target: mask::targets(target),
        profile: &runner.config.profile,
        summary: Summary::of(results),
        cases: results
            .iter()
            .map(|r| JsonCase {
                id: r.case.id,
                service: r.case.service,
                operation: r.case.operation,
                expect: r.case.expect,
                expected_status: r.case.expected_status.to_string(),
                inferred: r.case.inferred,
                status: r.status,
                outcome: r.outcome,
                failures: &r.failures,
                reason: r.reason.as_deref(),
                duration_ms: u64::try_from(r.duration.as_millis()).unwrap_or(u64::MAX),
                slow: r.slow,
                reproduce: (r.outcome != Outcome::Pass).then(|| curl(runner, r, false)),
            })
            .collect(),
    };
    // The target's text in the failures is already scanned, and everything else is masked where
    // it was written; the fields keep their documented order.
    serde_json::to_string_pretty(&report)
}

/// The run as JUnit XML: a test suite per operation, a test case per case. Every text that
/// could hold a secret is masked before it goes in, so the XML itself is never rewritten.
pub fn junit(
    runner: &Runner,
    results: &[CaseResult],
) -> Result<String, quick_junit::SerializeError> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("conform");
    let mut suites: Vec<TestSuite> = Vec::new();
    for r in results {
        let status = match r.outcome {
            Outcome::Pass => TestCaseStatus::success(),
            Outcome::Known | Outcome::Skipped => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(r.reason.clone().unwrap_or_default());
                status
            }
            Outcome::Fail | Outcome::Error => {
                let kind = if r.outcome == Outcome::Fail {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(first(r));
                let mut description: Vec<String> =
                    r.failures.iter().map(ToString::to_string).collect();
                description.push(format!("reproduce: {}", curl(runner, r, false)));
                status.set_description(description.join("\n"));
                status
            }
        };
        let mut case = TestCase::new(r.case.id, status);
        case.set_classname(r.op.id());
        case.set_time(r.duration);
        let suite_name = r.op.id();
        match suites.iter_mut().find(|s| s.name.as_str() == suite_name) {
            Some(suite) => {
                suite.add_test_case(case);
            }
            None => {
                let mut suite = TestSuite::new(suite_name);
                suite.add_test_case(case);
                suites.push(suite);
            }
        }
    }
    report.add_test_suites(suites);
    report.to_string()
}
