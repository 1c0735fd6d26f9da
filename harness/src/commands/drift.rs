//! `conform spec drift`: reads the arguments, runs the comparison and writes the report.

use super::{BAD_INPUT, print};
use crate::cli::{DriftArgs, DriftFormat};
use crate::drift::{self, Policy};
use conform_codegen::drift::rules::{self, Level};
use conform_codegen::drift::{Model, drift as compare};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn drift(args: DriftArgs) -> ExitCode {
    if args.list_rules {
        print(&list_rules());
        return ExitCode::SUCCESS;
    }
    let bad = |message: String| {
        eprintln!("conform: {message}");
        ExitCode::from(BAD_INPUT)
    };
    let overrides = match drift::overrides(&args.level) {
        Ok(overrides) => overrides,
        Err(e) => return bad(e.to_string()),
    };
    let fail_on = match args.fail_on.parse::<Level>() {
        Ok(Level::Off) => {
            return bad(
                "`--fail-on off` would fail on everything; use docs, info, warning or error".into(),
            );
        }
        Ok(level) => level,
        Err(e) => return bad(format!("`--fail-on`: {e}")),
    };
    let models: Vec<Model> = args
        .model
        .iter()
        .map(|m| match m.split_once('=') {
            Some((service, file)) if !service.contains(['/', '\\']) => Model {
                service: Some(service.to_string()),
                file: PathBuf::from(file),
            },
            _ => Model {
                service: None,
                file: PathBuf::from(m),
            },
        })
        .collect();
    let report = match compare(&args.paths, &models) {
        Ok(report) => report,
        Err(e) => return bad(e.to_string()),
    };
    if report.compared.is_empty() && report.findings.is_empty() {
        return bad(format!(
            "no operation of the spec is in the models ({} not compared); name each model's service with --model SERVICE=FILE",
            report.not_compared.len()
        ));
    }
    let policy = Policy {
        side: args.side,
        overrides,
        fail_on,
    };
    let text = match args.format {
        DriftFormat::Human => drift::human(&report, &policy, args.docs),
        DriftFormat::Json => match drift::json(&report, &policy) {
            Ok(text) => text,
            Err(e) => return bad(format!("cannot write the JSON report: {e}")),
        },
        DriftFormat::Github => drift::github(&report, &policy),
    };
    print(&text);
    if let Some(file) = &args.junit {
        let xml = match drift::junit(&report, &policy) {
            Ok(xml) => xml,
            Err(e) => return bad(format!("cannot write the JUnit report: {e}")),
        };
        if let Err(e) = std::fs::write(file, xml) {
            return bad(format!("cannot write {}: {e}", file.display()));
        }
    }
    if report.findings.iter().any(|f| policy.fails(f)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn list_rules() -> String {
    let mut out = format!("{:<40} {:<8} {:<8} summary\n", "rule", "client", "server");
    for rule in rules::catalogue() {
        out.push_str(&format!(
            "{:<40} {:<8} {:<8} {}\n",
            rule.id, rule.client, rule.server, rule.summary
        ));
    }
    out
}
