//! The command-line interface: every command, flag and default, in one place.

use crate::mock::faults::Fault;
use crate::secret::Secret;
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
    /// Replay every case against a target (the built-in mock by default) and judge the answers.
    ///
    /// Exit codes: 0 when every case passed, 1 when any failed or errored, 2 for a usage or
    /// configuration error (a bad URL, an unreadable file, a missing credential).
    Run(RunArgs),
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
    /// Test the suite itself: run it against mutants of the built-in mock, each getting one
    /// documented rule wrong, and print every operation's mutation score.
    ///
    /// A mutant the suite does not kill, or a constraint no case breaks, is a hole in the
    /// suite. Exit codes: 0 when every mutant fails exactly the cases on its rule, 1 otherwise.
    Mutate,
    /// Serve every operation as the documented services would: a reference mock.
    ///
    /// It prints the address it listens on, so `--listen 127.0.0.1:0` picks a free port. It stops
    /// on Ctrl-C or SIGTERM. The token endpoint of every bearer scheme (`tokenPath` in the
    /// spec) accepts the password grant for the configured user.
    Mock {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        listen: SocketAddr,
        /// The user the token endpoints accept.
        #[arg(long, default_value = crate::mock::DEFAULT_USER, value_name = "USER")]
        user: String,
        /// The password the token endpoints accept [default: conform-password].
        #[arg(
            long,
            default_value = crate::mock::DEFAULT_PASSWORD,
            value_name = "PASSWORD",
            env = "CONFORM_MOCK_PASSWORD",
            hide_env_values = true,
            hide_default_value = true
        )]
        password: Secret,
        /// Misbehave on purpose, to test a runner; repeatable.
        #[arg(long, value_enum, value_name = "NAME")]
        fault: Vec<Fault>,
        /// Verify SigV4 signatures with the key pair in AWS_ACCESS_KEY_ID and
        /// AWS_SECRET_ACCESS_KEY. CONFORM_MOCK_AWS_ACCESS_KEY_ID and
        /// CONFORM_MOCK_AWS_SECRET_ACCESS_KEY give one without this flag. Without either, only
        /// the form of a signature is checked.
        #[arg(long)]
        aws_credentials_env: bool,
        /// How long, in seconds, an access token the token endpoint issues lives (its
        /// `expires_in`); a refresh token lives twice as long.
        #[arg(long, value_name = "SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
        token_lifetime: u64,
    },
    /// Export the spec in another format.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Print the Rust bindings generated from the spec, exactly as `generated/build.rs` writes them.
    Generate {
        /// The spec folder.
        #[arg(long, default_value = "spec", value_name = "DIR")]
        spec: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print to standard error how long each stage took.
        #[arg(long)]
        timings: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An OpenAPI 3.1 document (JSON) of every operation, with `x-conform-*` extensions for what
    /// OpenAPI cannot say.
    Openapi {
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
    /// Compare the spec with official models (botocore service-2.json, the Smithy JSON AST,
    /// Swagger 2.0, OpenAPI 3.x) and report every difference: rule, spec pointer, both values,
    /// both `file:line:column`s and a fingerprint. Deviations recorded in the spec with a `rule`
    /// suppress their finding; one that matches nothing is reported as stale. Exits 0 when no
    /// finding reaches `--fail-on`, 1 when one does, 2 for bad input.
    Drift(DriftArgs),
    /// Write spec files from an official model (botocore's service-2.json, a Smithy 2.0 JSON
    /// AST, or a Swagger 2.0 / OpenAPI 3.x document): a service.yaml and
    /// one file per operation, every fact citing the model. Operations that use what the format
    /// cannot express are listed with the construct, and left out whole. Exits 0 when every
    /// chosen operation was imported, 1 when some were refused, 2 for bad input.
    Import {
        /// The model file.
        #[arg(long, value_name = "FILE")]
        model: PathBuf,
        /// The operations to import; repeatable.
        #[arg(long, value_name = "NAME", required_unless_present = "all")]
        operation: Vec<String>,
        /// Import every operation of the model.
        #[arg(long, conflicts_with = "operation")]
        all: bool,
        /// The service id to give the service [default: the model's].
        #[arg(long, value_name = "ID")]
        service: Option<String>,
        /// The model's public address, cited as the source [default: its place in botocore].
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The folder to write into; the service's files go in a folder named for it.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// Spec files or folders.
    #[arg(value_name = "PATH", default_value = "spec")]
    pub paths: Vec<PathBuf>,
    /// A model: FILE for whichever spec operations it has, SERVICE=FILE for one service of the
    /// spec; repeatable.
    #[arg(
        long,
        value_name = "[SERVICE=]FILE",
        required_unless_present = "list_rules"
    )]
    pub model: Vec<String>,
    /// Whose view sets each rule's level: a client of the API, a server the suite judges, or
    /// the higher of the two.
    #[arg(long, value_enum, default_value_t = crate::drift::Sides::Both)]
    pub side: crate::drift::Sides,
    /// Set a rule's level (off, docs, info, warning, error); repeatable.
    #[arg(long, value_name = "RULE=LEVEL")]
    pub level: Vec<String>,
    /// The lowest level that fails the run.
    #[arg(long, value_name = "LEVEL", default_value = "error")]
    pub fail_on: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Human)]
    pub format: DriftFormat,
    /// Show findings about documentation text too (human format).
    #[arg(long)]
    pub docs: bool,
    /// Also write the findings as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print the rules, with their client and server levels, and exit.
    #[arg(long)]
    pub list_rules: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (annotations on the spec lines).
    Github,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub settings: crate::run::Settings,
    /// Output on standard output.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Also write a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Show credentials and sensitive values in reproduce commands.
    #[arg(long)]
    pub show_secrets: bool,
}
