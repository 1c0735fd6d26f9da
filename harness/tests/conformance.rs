//! The conformance suite as `cargo test`: one trial per case, named by its id, judged by the same
//! runner as `conform run`. The target comes from `CONFORM_TARGET` (and the AWS and Veeam
//! variables `conform run` reads); without it, the built-in mock is started once and used.
//!
//! `cargo test -p harness --test conformance -- --list`, filters and nextest all work.

use conform::run::{Config, Outcome, Runner, Settings};
use libtest_mimic::{Arguments, Failed, Trial};
use std::sync::{Arc, OnceLock};

struct Shared {
    runtime: tokio::runtime::Runtime,
    runner: Arc<Runner>,
    // Kept alive for the whole run.
    _mock: Option<conform::mock::Running>,
}

fn shared() -> &'static Result<Shared, String> {
    static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let settings = Settings {
            targets: var("CONFORM_TARGET").map(|t| vec![t]).unwrap_or_default(),
            timeout: var("CONFORM_TIMEOUT")
                .and_then(|t| t.parse().ok())
                .unwrap_or(10.0),
            max_body: conform::run::DEFAULT_BODY_LIMIT,
            bearer: var("CONFORM_BEARER"),
            login: var("CONFORM_LOGIN"),
            ca_cert: var("CONFORM_CA_CERT").map(Into::into),
            profile: var("CONFORM_PROFILE"),
            known_failures: var("CONFORM_KNOWN_FAILURES").map(Into::into),
            insecure: var("CONFORM_INSECURE").is_some_and(|v| v != "0" && v != "false"),
            snapshot_dir: var("CONFORM_SNAPSHOT_DIR").map(Into::into),
            expired_token: var("CONFORM_EXPIRED_TOKEN"),
            no_snapshots: var("CONFORM_NO_SNAPSHOTS").is_some_and(|v| v != "0" && v != "false"),
            ..Settings::default()
        };
        let (runner, mock) = runtime.block_on(async {
            let mock = if settings.targets.is_empty() {
                Some(
                    conform::run::start_embedded_mock()
                        .await
                        .map_err(|e| format!("cannot start the built-in mock: {e}"))?,
                )
            } else {
                None
            };
            let settings = Settings {
                expired_token: match &mock {
                    Some(mock) => Some(
                        mock.expired_token()
                            .map_err(|e| format!("no expired token: {e}"))?,
                    ),
                    None => settings.expired_token,
                },
                ..settings
            };
            let config = Config::resolve(&settings, mock.as_ref().map(|m| m.url()).as_deref())?;
            let runner = Runner::prepare(config).await.map_err(|e| e.to_string())?;
            Ok::<_, String>((runner, mock))
        })?;
        Ok(Shared {
            runtime,
            runner: Arc::new(runner),
            _mock: mock,
        })
    })
}

fn main() {
    let args = Arguments::from_args();
    let trials = conform::select::Selection::default()
        .cases()
        .into_iter()
        .map(|(op, case)| {
            Trial::test(case.id, move || {
                let shared = shared().as_ref().map_err(|e| Failed::from(e.as_str()))?;
                let result = shared.runtime.block_on(shared.runner.run_case(op, case));
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
