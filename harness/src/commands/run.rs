//! `conform run`: set up the targets and credentials, replay the cases, and report.

use super::BAD_INPUT;
use crate::cli::{ListFormat, RunArgs};
use crate::run::report::{self, Summary};
use crate::run::target::Targets;
use crate::run::{Config, Outcome, Runner, Settings};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn run(args: RunArgs) -> ExitCode {
    let runtime = match super::async_runtime(ExitCode::from(BAD_INPUT)) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(run_async(args))
}

async fn run_async(args: RunArgs) -> ExitCode {
    let embedded_run = match Targets::parse(&args.target) {
        Ok(targets) => targets.is_embedded(),
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
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
    match crate::select::Selection::new(&args.only) {
        Err(e) => {
            eprintln!("conform: --only {e}");
            return ExitCode::from(BAD_INPUT);
        }
        Ok(selection) if selection.cases().is_empty() => {
            eprintln!(
                "conform: no case id matches {}; `conform list` shows them all",
                args.only.join(", ")
            );
            return ExitCode::from(BAD_INPUT);
        }
        Ok(_) => {}
    }
    let embedded = if embedded_run {
        match crate::run::start_embedded_mock().await {
            Ok(running) => Some(running),
            Err(e) => {
                eprintln!("conform: cannot start the built-in mock: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    } else {
        None
    };
    let embedded_url = embedded.as_ref().map(crate::mock::Running::url);
    let mut settings = settings(&args);
    if let Some(running) = &embedded {
        // The built-in mock mints the expired token its cases send.
        match running.expired_token() {
            Ok(token) => settings.expired_token = Some(token),
            Err(e) => {
                eprintln!("conform: the built-in mock cannot draw a token: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let config = match Config::resolve(&settings, embedded_url.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    if config.insecure {
        eprintln!(
            "conform: warning: --insecure accepts any TLS certificate; answers may not come from the server you think"
        );
    }
    let target = match &embedded_url {
        Some(url) => format!("built-in mock ({url})"),
        None => config.targets.describe(),
    };
    let runner = match Runner::prepare(config).await {
        Ok(runner) => Arc::new(runner),
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let total = runner.cases().len();
    eprintln!("conform: running {total} cases against {target}");
    let started = Instant::now();
    let bar = progress_bar(total as u64);
    let plain = bar.is_none();
    let results = runner
        .run_all(&|r| match &bar {
            Some(bar) => {
                bar.set_message(r.case.id.to_string());
                bar.inc(1);
            }
            None if plain && r.outcome != Outcome::Pass => {
                let label = match r.outcome {
                    Outcome::Pass | Outcome::Fail => "FAIL ",
                    Outcome::Error => "ERROR",
                    Outcome::Known => "KNOWN",
                    Outcome::Skipped => "SKIP ",
                };
                eprintln!("{label} {}", r.case.id);
            }
            None => {}
        })
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(running) = embedded {
        running.stop(Duration::from_secs(1)).await;
    }
    let summary = Summary::of(&results);
    let human = report::human(&runner, &results, args.show_secrets);
    let human = if args.show_secrets {
        human
    } else {
        runner.secrets.scrub(&human)
    };
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
            summary.slow, args.slow_ms
        )
    };
    eprintln!(
        "conform: {} passed, {} failed, {} errored, {} known failures, {} skipped of {} in {:.3}s{slow}",
        summary.passed,
        summary.failed,
        summary.errored,
        summary.known,
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

fn settings(args: &RunArgs) -> Settings {
    Settings {
        targets: args.target.clone(),
        only: args.only.clone(),
        jobs: args.jobs,
        timeout: args.timeout,
        max_body: args.max_body,
        slow_ms: Some(args.slow_ms),
        verifies_signatures: args.target_verifies_signatures,
        expired_token: args.expired_token.as_ref().map(|s| s.expose().to_string()),
        bearer: args.bearer.as_ref().map(|s| s.expose().to_string()),
        login: args.login.as_ref().map(|s| s.expose().to_string()),
        ca_cert: args.ca_cert.clone(),
        insecure: args.insecure,
        profile: args.profile.clone(),
        snapshot_dir: args.snapshot_dir.clone(),
        no_snapshots: args.no_snapshots,
        update_snapshots: args.update_snapshots,
        known_failures: args.known_failures.clone(),
    }
}
