//! What each command does. Exit codes: 0 success, 1 failure of the job (for `generate`, a
//! generator bug), 2 bad input (usage, an unreadable or invalid spec, an unwritable file).

mod drift;
mod generate;
mod mutate;
mod run;

use crate::cli::{Cli, Command, ExportCommand, ListFormat, SpecCommand};
use std::path::Path;
use std::process::ExitCode;

pub(crate) const BAD_INPUT: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Mutate => mutate::mutate(),
        Command::Spec {
            command: SpecCommand::Check { paths },
        } => spec_check(&paths),
        Command::Spec {
            command: SpecCommand::Drift(args),
        } => drift::drift(args),
        Command::Spec {
            command:
                SpecCommand::Import {
                    model,
                    operation,
                    all: _,
                    service,
                    url,
                    out,
                },
        } => spec_import(
            &model,
            &conform_codegen::import::Request {
                service,
                operations: operation,
                url,
            },
            &out,
        ),
        Command::Generate { spec, out, timings } => {
            generate::generate(&spec, out.as_deref(), timings)
        }
        Command::Export {
            command: ExportCommand::Openapi { spec, out },
        } => export_openapi(&spec, out.as_deref()),
        Command::List { only, format } => list(&only, format),
        Command::Mock {
            listen,
            user,
            password,
            fault,
            aws_credentials_env,
            token_lifetime,
        } => {
            let (id, secret) = if aws_credentials_env {
                ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
            } else {
                (
                    "CONFORM_MOCK_AWS_ACCESS_KEY_ID",
                    "CONFORM_MOCK_AWS_SECRET_ACCESS_KEY",
                )
            };
            let aws = match crate::mock::sigv4::Key::from_env(id, secret) {
                Ok(None) if aws_credentials_env => {
                    eprintln!(
                        "conform: --aws-credentials-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    );
                    return ExitCode::from(BAD_INPUT);
                }
                Ok(aws) => aws,
                Err(e) => {
                    eprintln!("conform: {e}");
                    return ExitCode::from(BAD_INPUT);
                }
            };
            mock(crate::mock::Config {
                listen,
                login: crate::mock::Login {
                    user,
                    password: password.expose().to_string(),
                },
                faults: fault,
                aws,
                token_lifetime: std::time::Duration::from_secs(token_lifetime),
                mutant: None,
            })
        }
    }
}

fn list(only: &[String], format: ListFormat) -> ExitCode {
    let cases = match crate::select::Selection::new(only) {
        Ok(selection) => selection.cases(),
        Err(e) => {
            eprintln!("conform: --only {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    if cases.is_empty() {
        eprintln!(
            "conform: no case id matches {}; `conform list` shows them all",
            only.join(", ")
        );
        return ExitCode::from(BAD_INPUT);
    }
    let text = match format {
        ListFormat::Human => crate::list::human(&cases),
        ListFormat::Json => match crate::list::json(&cases) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("conform: cannot write the JSON listing: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        },
    };
    print(&text);
    ExitCode::SUCCESS
}

pub(crate) fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`conform list | head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// Which threads an async runtime runs its tasks on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threads {
    /// A worker per core: the mock, and a run that serves its own built-in mock.
    PerCore,
    /// The calling thread alone: a run against a target in another process mostly waits on
    /// sockets, and handing its tasks between workers costs more than it saves
    /// (docs/performance.md, section 2).
    One,
}

/// An async runtime on `threads`, or `failure` after saying why there is none.
pub(crate) fn async_runtime(
    threads: Threads,
    failure: ExitCode,
) -> Result<tokio::runtime::Runtime, ExitCode> {
    let mut builder = match threads {
        Threads::PerCore => tokio::runtime::Builder::new_multi_thread(),
        Threads::One => tokio::runtime::Builder::new_current_thread(),
    };
    builder.enable_all().build().map_err(|e| {
        eprintln!("conform: cannot start the async runtime: {e}");
        failure
    })
}

/// The checked spec folder, or exit code 2 after printing its problems.
pub(crate) fn load_spec(spec: &Path) -> Result<conform_codegen::ir::Api, ExitCode> {
    conform_codegen::load_paths(&[spec]).map_err(|problems| {
        eprintln!("{problems}");
        eprintln!("conform: the spec has problems; `conform spec check` lists them");
        ExitCode::from(BAD_INPUT)
    })
}

fn mock(config: crate::mock::Config) -> ExitCode {
    init_logs();
    let runtime = match async_runtime(Threads::PerCore, ExitCode::FAILURE) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let listen = config.listen;
        let faults: Vec<String> = config.faults.iter().map(|f| f.name()).collect();
        let verifying = config.aws.is_some();
        let running = match crate::mock::start(config).await {
            Ok(running) => running,
            Err(e) => {
                eprintln!("conform: cannot listen on {listen}: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        };
        let stop = shutdown_signal();
        print(&format!("conform mock: listening on {}", running.url()));
        if !faults.is_empty() {
            eprintln!("conform mock: faults on: {}", faults.join(", "));
        }
        let signed = conform_generated::OPERATIONS
            .iter()
            .any(|op| matches!(op.auth, conform_generated::runtime::Auth::AwsSigV4 { .. }));
        if signed && verifying {
            eprintln!(
                "conform mock: SigV4 signatures are verified with the given key pair (a wrong signature 403, an unknown key 403, a date 15 minutes off 400)"
            );
        } else if signed {
            eprintln!(
                "conform mock: SigV4 signatures are checked for form only; give a key pair (--aws-credentials-env) to verify them"
            );
        }
        stop.await;
        eprintln!("conform mock: stopping");
        running.stop(std::time::Duration::from_secs(5)).await;
        ExitCode::SUCCESS
    })
}

/// Logs to standard error, at `info` unless `RUST_LOG` says otherwise.
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one. The handlers are installed when this
/// is called, not when it is first awaited, so a signal sent right after start-up is not lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (mut terminate, mut interrupt) = signals;
            let term = async {
                match terminate.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            let int = async {
                match interrupt.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => drop(tokio::signal::ctrl_c().await),
                }
            };
            tokio::select! {
                () = term => {}
                () = int => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn spec_check(paths: &[std::path::PathBuf]) -> ExitCode {
    match conform_codegen::load_paths(paths) {
        Ok(api) => {
            let n = api.operations.len();
            eprintln!(
                "conform: {n} operation{} checked, no problems",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            println!("{problems}");
            eprintln!(
                "conform: {} problem{} found; fix them and run `conform spec check` again",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn spec_import(model: &Path, request: &conform_codegen::import::Request, out: &Path) -> ExitCode {
    let imported = match conform_codegen::import::import(model, request) {
        Ok(imported) => imported,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let written = match conform_codegen::import::write(&imported, out) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    for refusal in &imported.refusals {
        println!(
            "{}:{}: {} not imported: {}",
            model.display(),
            refusal.line,
            refusal.operation,
            refusal.constructs.join("; ")
        );
    }
    let n = imported.operations.len();
    eprintln!(
        "conform: imported {n} operation{} into {} ({} files); {} refused",
        if n == 1 { "" } else { "s" },
        out.display(),
        written.len(),
        imported.refusals.len()
    );
    if imported.refusals.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn export_openapi(spec: &Path, out: Option<&Path>) -> ExitCode {
    let api = match load_spec(spec) {
        Ok(api) => api,
        Err(code) => return code,
    };
    let document = match conform_codegen::openapi::render(&api) {
        Ok(document) => document,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::FAILURE;
        }
    };
    write_out(out, &document)
}

/// Writes `text` to `out`, or to standard output.
pub(crate) fn write_out(out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        None => {
            print(text);
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("conform: wrote {} ({} bytes)", path.display(), text.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("conform: cannot write {}: {e}", path.display());
                ExitCode::from(BAD_INPUT)
            }
        },
    }
}
