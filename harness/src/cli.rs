//! The command-line interface: every command, flag and default, in one place.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Turn a YAML copy of an HTTP API's documentation into typed bindings and a conformance suite.
#[derive(Debug, Parser)]
#[command(name = "conform", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with spec files.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// Print the Rust bindings generated from the spec, exactly as `generated/build.rs` writes them.
    Generate {
        /// The spec folder.
        #[arg(long, default_value = "spec", value_name = "DIR")]
        spec: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SpecCommand {
    /// Check spec files or folders and print every problem as `file:line:column: message`.
    /// Exits 0 when there is none and 2 otherwise.
    Check {
        /// Spec files or folders.
        #[arg(value_name = "PATH", default_value = "spec")]
        paths: Vec<PathBuf>,
    },
}
