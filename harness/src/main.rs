//! The `conform` binary: parses arguments and hands the command to the library.

use clap::Parser;
use std::process::ExitCode;

// Generation, the mock and the runner allocate many small, short-lived values (token streams,
// JSON values, requests); mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    conform::commands::run(conform::cli::Cli::parse())
}
