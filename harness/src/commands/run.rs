//! `conform run`: set up the targets and credentials, replay the cases, and report.

use super::BAD_INPUT;
use crate::cli::{ListFormat, RunArgs};
use crate::run::report::{self, Summary};
use crate::run::session::Session;
use conform_codegen::text as words;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub fn run(args: RunArgs) -> ExitCode {
    // The built-in mock, when no target is given, serves from the same runtime on the other core.
    // Blank values give no target, as the session reads them; a bad one fails there.
    let embedded = crate::run::target::Targets::parse(&args.settings.targets)
        .map_or(true, |targets| targets.is_embedded());
    let threads = if embedded {
        super::Threads::PerCore
    } else {
        super::Threads::One
    };
    let runtime = match super::async_runtime(threads, ExitCode::from(BAD_INPUT)) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(run_async(args))
}

async fn run_async(args: RunArgs) -> ExitCode {
    // An unwritable report is a configuration error, found before anything is sent.
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        eprintln!("conform: cannot write {}: {e}", path.display());
        return ExitCode::from(BAD_INPUT);
    }
    let session = match Session::start(args.settings.clone()).await {
        Ok(session) => session,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    if session.runner.config.insecure {
        eprintln!(
            "conform: warning: --insecure accepts any TLS certificate; answers may not come from the server you think"
        );
    }
    let runner = Arc::clone(&session.runner);
    let target = session.target.clone();
    let unscanned = runner.secrets.unscanned();
    if !unscanned.is_empty() {
        eprintln!(
            "conform: warning: {} {} shorter than {} characters: masked wherever conform writes it, but not looked for in the target's answers",
            words::and_list(&unscanned),
            if unscanned.len() == 1 { "is" } else { "are" },
            crate::run::secrets::SHORTEST
        );
    }
    let total = runner.cases().len();
    let shown = crate::mask::targets(&target);
    match runner.config.selection.shard() {
        Some(shard) => {
            let all = runner.config.selection.unsharded().len();
            eprintln!(
                "conform: running {} (shard {shard} of {all}) against {shown}",
                words::count(total, "case", "cases")
            );
        }
        None => eprintln!(
            "conform: running {} against {shown}",
            words::count(total, "case", "cases")
        ),
    }
    let started = Instant::now();
    // Progress goes to a terminal only; a failing case is reported once, with its details, when
    // the run ends.
    let bar = progress_bar(total as u64);
    let results = runner
        .run_all(&|r| {
            if let Some(bar) = &bar {
                bar.set_message(r.case.id.to_string());
                bar.inc(1);
            }
        })
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    session.finish().await;
    let summary = Summary::of(&results);
    let human = report::human(&runner, &results, args.show_secrets);
    match args.format {
        ListFormat::Human => super::print(&human),
        ListFormat::Json => {
            eprint!("{human}");
            match report::json(&runner, &target, &results) {
                Ok(text) => super::print(&text),
                Err(e) => {
                    eprintln!("conform: cannot write the JSON report: {e}");
                    return ExitCode::from(BAD_INPUT);
                }
            }
        }
    }
    if let Some(path) = &args.junit {
        let written = report::junit(&runner, &results)
            .map_err(|e| format!("cannot write the JUnit report: {e}"))
            .and_then(|xml| {
                std::fs::write(path, xml)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            });
        if let Err(e) = written {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    }
    let slow = if summary.slow == 0 {
        String::new()
    } else {
        format!(
            "; {} answered after more than {} ms",
            summary.slow,
            runner.config.slow.as_millis()
        )
    };
    eprintln!(
        "conform: {} passed, {} failed, {} errored, {}, {} skipped of {} in {:.3}s{slow}",
        summary.passed,
        summary.failed,
        summary.errored,
        words::count(summary.known, "known failure", "known failures"),
        summary.skipped,
        summary.total,
        started.elapsed().as_secs_f64()
    );
    if summary.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A progress bar on a terminal; `None` elsewhere, where plain lines are printed instead.
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}
