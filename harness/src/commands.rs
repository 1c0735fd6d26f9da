//! What each command does. Exit codes: 0 success, 1 failure of the job (for `generate`, a
//! generator bug), 2 bad input (usage, an unreadable or invalid spec, an unwritable file).

use crate::cli::{Cli, Command, SpecCommand};
use std::path::Path;
use std::process::ExitCode;

const BAD_INPUT: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Spec {
            command: SpecCommand::Check { paths },
        } => spec_check(&paths),
        Command::Generate { spec, out } => generate(&spec, out.as_deref()),
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

fn generate(spec: &Path, out: Option<&Path>) -> ExitCode {
    let api = match conform_codegen::load_paths(&[spec]) {
        Ok(api) => api,
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("conform: the spec has problems; `conform spec check` lists them");
            return ExitCode::from(BAD_INPUT);
        }
    };
    // File names in the header are relative to the spec folder (a file's own folder).
    let root = if spec.is_file() {
        spec.parent().unwrap_or(spec)
    } else {
        spec
    };
    let options = conform_codegen::Options {
        spec_root: Some(root.to_path_buf()),
        ..conform_codegen::Options::default()
    };
    let source = match conform_codegen::generate(&api, &options) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::FAILURE;
        }
    };
    match out {
        None => {
            use std::io::Write;
            // A closed pipe (`conform generate | head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(source.as_bytes());
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, &source) {
            Ok(()) => {
                eprintln!("conform: wrote {} ({} bytes)", path.display(), source.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("conform: cannot write {}: {e}", path.display());
                ExitCode::from(BAD_INPUT)
            }
        },
    }
}
