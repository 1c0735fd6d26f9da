//! `conform spec drift`: the levels a run applies (side, overrides, `--fail-on`) and the
//! report in each format: human, JSON, GitHub annotations and JUnit XML.

use conform_codegen::drift::rules::{self, Level, Side};
use conform_codegen::drift::{Finding, Report};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whose view decides a finding's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sides {
    Client,
    Server,
    /// The higher of the two.
    Both,
}

/// How a run weighs findings.
#[derive(Debug, Clone)]
pub struct Policy {
    pub side: Sides,
    /// Levels set on the command line, by rule id.
    pub overrides: BTreeMap<String, Level>,
    pub fail_on: Level,
}

/// Why a `--level` override is not one.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("`--level {0}` is not RULE=LEVEL")]
    Shape(String),
    #[error("`--level`: unknown rule `{0}`; `conform spec drift --list-rules` lists them")]
    Rule(String),
    #[error("`--level`: {0}")]
    Level(#[from] conform_codegen::drift::rules::UnknownLevel),
}

/// Parses `RULE=LEVEL` overrides.
pub fn overrides(args: &[String]) -> Result<BTreeMap<String, Level>, OverrideError> {
    let mut out = BTreeMap::new();
    for arg in args {
        let (rule, level) = arg
            .split_once('=')
            .ok_or_else(|| OverrideError::Shape(arg.clone()))?;
        if rules::rule(rule).is_none() {
            return Err(OverrideError::Rule(rule.to_string()));
        }
        let level = level.parse::<Level>().map_err(OverrideError::Level)?;
        out.insert(rule.to_string(), level);
    }
    Ok(out)
}

impl Policy {
    /// The level of `finding` for this run.
    pub fn level(&self, finding: &Finding) -> Level {
        if let Some(level) = self.overrides.get(&finding.rule.id) {
            return *level;
        }
        match self.side {
            Sides::Client => finding.rule.level(Side::Client),
            Sides::Server => finding.rule.level(Side::Server),
            Sides::Both => finding.rule.client.max(finding.rule.server),
        }
    }

    /// Whether `finding` fails the run: it reaches `--fail-on` and no deviation records it.
    pub fn fails(&self, finding: &Finding) -> bool {
        let level = self.level(finding);
        level != Level::Off && level >= self.fail_on && finding.recorded.is_none()
    }
}

/// The findings a run shows: every one whose level is not `off`.
pub fn shown<'r>(report: &'r Report, policy: &Policy) -> Vec<(&'r Finding, Level)> {
    report
        .findings
        .iter()
        .map(|f| (f, policy.level(f)))
        .filter(|(_, level)| *level != Level::Off)
        .collect()
}

fn place(at: &Option<conform_codegen::ir::Origin>) -> String {
    at.as_ref()
        .map_or_else(|| "-".to_string(), ToString::to_string)
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(absent)")
}

/// The report for a person: failures first, then the rest by level; documentation findings
/// only counted unless `docs` asks for them.
pub fn human(report: &Report, policy: &Policy, docs: bool) -> String {
    let mut out = String::new();
    let shown = shown(report, policy);
    let mut ordered: Vec<&(&Finding, Level)> = shown.iter().collect();
    // Unrecorded findings first, the worst first; recorded ones after, in the report's order.
    ordered.sort_by_key(|(f, level)| match f.recorded {
        None => (false, std::cmp::Reverse(*level)),
        Some(_) => (true, std::cmp::Reverse(Level::Off)),
    });
    let mut hidden_docs = 0;
    for (f, level) in ordered {
        if *level == Level::Docs && !docs {
            hidden_docs += 1;
            continue;
        }
        if let Some(r) = &f.recorded {
            // A recorded finding is one line: what it is, and where the spec records it.
            out.push_str(&format!(
                "recorded {}  {}.{} {}: spec {}, model {} (deviation at {}, follows the {})\n",
                f.rule.id,
                f.service,
                f.operation,
                f.subject,
                value(&f.spec),
                value(&f.model),
                r.at,
                r.follows.as_str()
            ));
            continue;
        }
        out.push_str(&format!(
            "{:<8} {}  {}.{} {}\n",
            level.as_str(),
            f.rule.id,
            f.service,
            f.operation,
            f.subject
        ));
        out.push_str(&format!(
            "         spec:  {}  ({})\n",
            value(&f.spec),
            place(&f.spec_at)
        ));
        out.push_str(&format!(
            "         model: {}  ({})\n",
            value(&f.model),
            place(&f.model_at)
        ));
        out.push_str(&format!("         fingerprint {}\n", f.fingerprint));
    }
    let counts = counts(&shown, policy);
    out.push_str(&format!(
        "\n{} compared, {} not compared; {} error(s), {} warning(s), {} info, {} docs, {} recorded; {} failing (--fail-on {})\n",
        plural(report.compared.len(), "operation"),
        report.not_compared.len(),
        counts.error,
        counts.warning,
        counts.info,
        counts.docs,
        counts.recorded,
        counts.failing,
        policy.fail_on
    ));
    if hidden_docs > 0 {
        out.push_str(&format!(
            "{} about documentation text not shown; --docs shows them\n",
            plural(hidden_docs, "finding")
        ));
    }
    if report.unchecked_deviations > 0 {
        out.push_str(&format!(
            "{} without a `rule` not checked; give each the rule of its finding\n",
            plural(report.unchecked_deviations, "deviation")
        ));
    }
    if !report.not_compared.is_empty() {
        out.push_str(&format!(
            "not compared (no model for their service): {}; pass --model SERVICE=FILE\n",
            report.not_compared.join(", ")
        ));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[derive(Debug, Default, Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
    docs: usize,
    recorded: usize,
    failing: usize,
}

fn counts(shown: &[(&Finding, Level)], policy: &Policy) -> Counts {
    let mut c = Counts::default();
    for (f, level) in shown {
        if f.recorded.is_some() {
            c.recorded += 1;
        } else {
            match level {
                Level::Error => c.error += 1,
                Level::Warning => c.warning += 1,
                Level::Info => c.info += 1,
                Level::Docs => c.docs += 1,
                Level::Off => {}
            }
        }
        if policy.fails(f) {
            c.failing += 1;
        }
    }
    c
}

#[derive(Serialize)]
struct JsonPlace {
    file: String,
    line: u64,
    column: u64,
}

fn json_place(at: &Option<conform_codegen::ir::Origin>) -> Option<JsonPlace> {
    at.as_ref().map(|o| JsonPlace {
        file: o.file.display().to_string(),
        line: o.line,
        column: o.column,
    })
}

#[derive(Serialize)]
struct JsonSide {
    value: Option<String>,
    at: Option<JsonPlace>,
}

#[derive(Serialize)]
struct JsonRecorded {
    at: JsonPlace,
    source: String,
    follows: &'static str,
}

#[derive(Serialize)]
struct JsonFinding {
    rule: String,
    level: &'static str,
    client: &'static str,
    server: &'static str,
    fails: bool,
    service: String,
    operation: String,
    subject: String,
    spec: JsonSide,
    model: JsonSide,
    fingerprint: String,
    recorded: Option<JsonRecorded>,
}

#[derive(Serialize)]
struct JsonReport {
    findings: Vec<JsonFinding>,
    summary: Counts,
    compared: Vec<BTreeMap<&'static str, String>>,
    not_compared: Vec<String>,
    unchecked_deviations: usize,
}

/// The report as JSON, every finding not `off` (documentation ones too).
pub fn json(report: &Report, policy: &Policy) -> Result<String, serde_json::Error> {
    let shown = shown(report, policy);
    let findings = shown
        .iter()
        .map(|(f, level)| JsonFinding {
            rule: f.rule.id.clone(),
            level: level.as_str(),
            client: f.rule.client.as_str(),
            server: f.rule.server.as_str(),
            fails: policy.fails(f),
            service: f.service.clone(),
            operation: f.operation.clone(),
            subject: f.subject.clone(),
            spec: JsonSide {
                value: f.spec.clone(),
                at: json_place(&f.spec_at),
            },
            model: JsonSide {
                value: f.model.clone(),
                at: json_place(&f.model_at),
            },
            fingerprint: f.fingerprint.clone(),
            recorded: f.recorded.as_ref().map(|r| JsonRecorded {
                at: JsonPlace {
                    file: r.at.file.display().to_string(),
                    line: r.at.line,
                    column: r.at.column,
                },
                source: r.source.clone(),
                follows: r.follows.as_str(),
            }),
        })
        .collect();
    let out = JsonReport {
        findings,
        summary: counts(&shown, policy),
        compared: report
            .compared
            .iter()
            .map(|(op, model)| {
                BTreeMap::from([
                    ("operation", op.clone()),
                    ("model", model.display().to_string()),
                ])
            })
            .collect(),
        not_compared: report.not_compared.clone(),
        unchecked_deviations: report.unchecked_deviations,
    };
    serde_json::to_string_pretty(&out)
}

/// GitHub workflow commands: one annotation per finding, on the spec line.
pub fn github(report: &Report, policy: &Policy) -> String {
    let mut out = String::new();
    for (f, level) in shown(report, policy) {
        let kind = match (level, f.recorded.is_some()) {
            (_, true) | (Level::Docs | Level::Info | Level::Off, _) => "notice",
            (Level::Warning, _) => "warning",
            (Level::Error, _) => "error",
        };
        let mut properties = Vec::new();
        if let Some(at) = &f.spec_at {
            properties.push(format!(
                "file={}",
                escape_property(&at.file.display().to_string())
            ));
            properties.push(format!("line={}", at.line));
            properties.push(format!("col={}", at.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("drift {}", f.rule.id))
        ));
        let recorded = if f.recorded.is_some() {
            " (recorded)"
        } else {
            ""
        };
        let message = format!(
            "{}.{} {}: spec {}, model {} (model at {}){recorded}",
            f.service,
            f.operation,
            f.subject,
            value(&f.spec),
            value(&f.model),
            place(&f.model_at)
        );
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: a test suite per operation, a test case per finding, failed where it fails the
/// run.
pub fn junit(report: &Report, policy: &Policy) -> Result<String, quick_junit::SerializeError> {
    use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};
    let mut suites: BTreeMap<String, TestSuite> = BTreeMap::new();
    for (f, level) in shown(report, policy) {
        let name = format!("{}.{}", f.service, f.operation);
        let detail = format!(
            "{level} {}: spec {} ({}), model {} ({})",
            f.rule.id,
            value(&f.spec),
            place(&f.spec_at),
            value(&f.model),
            place(&f.model_at)
        );
        let status = if policy.fails(f) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(detail);
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(format!("{} {}", f.rule.id, f.subject), status);
        case.set_classname(name.clone());
        suites
            .entry(name.clone())
            .or_insert_with(|| TestSuite::new(name))
            .add_test_case(case);
    }
    // An operation compared without a finding passes.
    for (operation, _) in &report.compared {
        suites.entry(operation.clone()).or_insert_with(|| {
            let mut suite = TestSuite::new(operation.clone());
            let mut case = TestCase::new("no drift", TestCaseStatus::success());
            case.set_classname(operation.clone());
            suite.add_test_case(case);
            suite
        });
    }
    let mut out = Junit::new("conform drift");
    out.add_test_suites(suites.into_values());
    out.to_string()
}
