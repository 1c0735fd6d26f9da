//! The command-line interface: every command, flag and default, in one place.

use crate::mock::faults::Fault;
use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
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
    /// List the conformance cases without sending anything. Secrets are masked.
    List {
        /// Only cases whose id matches this glob (`*` any run, `?` one character); repeatable.
        #[arg(long, value_name = "GLOB")]
        only: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Serve every operation as the documented services would: a reference mock.
    ///
    /// It prints the address it listens on, so `--listen 127.0.0.1:0` picks a free port. It stops
    /// on Ctrl-C or SIGTERM. The Veeam token endpoint (`POST /api/v1/token`) accepts the
    /// password grant for the configured user.
    Mock {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        listen: SocketAddr,
        /// The Veeam user the token endpoint accepts.
        #[arg(long, default_value = crate::mock::DEFAULT_VEEAM_USER, value_name = "USER")]
        veeam_user: String,
        /// The Veeam password the token endpoint accepts.
        #[arg(long, default_value = crate::mock::DEFAULT_VEEAM_PASSWORD, value_name = "PASSWORD", hide_default_value = false)]
        veeam_password: String,
        /// Misbehave on purpose, to test a runner; repeatable.
        #[arg(long, value_enum, value_name = "NAME")]
        fault: Vec<Fault>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
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
