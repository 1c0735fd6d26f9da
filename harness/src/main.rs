//! The `conform` binary: parses arguments and hands the command to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    conform::commands::run(conform::cli::Cli::parse())
}
