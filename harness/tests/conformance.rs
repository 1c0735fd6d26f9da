//! The conformance suite as `cargo test`: one trial per case, named by its id, judged by the same
//! runner as `conform run`, started the same way from the same options: the `CONFORM_*`
//! variables `conform run` reads (`CONFORM_TARGET`, `CONFORM_LOGIN`, the AWS variables...);
//! without a target, the built-in mock is started once and used.
//!
//! `cargo test -p conform --test conformance -- --list`, filters and nextest all work.

use conform::run::session::Session;
use conform::run::{Outcome, Settings};
use libtest_mimic::{Arguments, Failed, Trial};
use std::sync::OnceLock;

struct Shared {
    runtime: tokio::runtime::Runtime,
    // Kept alive for the whole run, with the built-in mock it may have started.
    session: Session,
}

/// `conform run`'s options, from the same `CONFORM_*` variables it reads; parsed once.
fn settings() -> &'static Result<Settings, String> {
    static SETTINGS: OnceLock<Result<Settings, String>> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        Settings::from_env().map_err(|e| {
            format!("a CONFORM_* variable is wrong (they are `conform run`'s options): {e}")
        })
    })
}

fn shared() -> &'static Result<Shared, String> {
    static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let settings = settings().clone()?;
        let session = runtime
            .block_on(Session::start(settings))
            .map_err(|e| e.to_string())?;
        Ok(Shared { runtime, session })
    })
}

fn main() {
    let args = Arguments::from_args();
    // One trial per case `CONFORM_ONLY` selects, as `conform run` would send; a selection that
    // does not parse leaves every case, and each trial reports why the run cannot start.
    let selection = settings()
        .as_ref()
        .ok()
        .and_then(|s| conform::select::Selection::new(&s.only).ok())
        .unwrap_or_default();
    let trials = selection
        .cases()
        .into_iter()
        .map(|(op, case)| {
            Trial::test(case.id, move || {
                let shared = shared().as_ref().map_err(|e| Failed::from(e.as_str()))?;
                let result = shared
                    .runtime
                    .block_on(shared.session.runner.run_case(op, case));
                match result.outcome {
                    Outcome::Pass | Outcome::Known | Outcome::Skipped => Ok(()),
                    Outcome::Fail | Outcome::Error => Err(Failed::from(
                        result
                            .failures
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )),
                }
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
