//! A run's configuration: the options as the user gave them ([`Settings`], from the CLI or the
//! `cargo test` front-end's environment), checked and resolved into what the runner uses
//! ([`Config`]): targets, selection, timeouts, credentials, snapshots and known failures.

use super::auth::{AwsCredentials, BearerAuth};
use super::error::SetupError;
use super::target::Targets;
use super::{known, snapshot};
use clap::builder::FalseyValueParser;
use std::path::PathBuf;
use std::time::Duration;

/// The longest `--timeout`.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// The most `--jobs`.
pub const MAX_JOBS: usize = 1024;

/// The response body cap unless `--max-body` says otherwise.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// The `--slow-ms` default: an answer slower than a second is flagged.
pub const DEFAULT_SLOW_MS: u64 = 1000;

/// The `--timeout` default, in seconds.
pub const DEFAULT_TIMEOUT: f64 = 10.0;

/// Everything a run needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    pub targets: Targets,
    pub profile: String,
    pub snapshot_dir: PathBuf,
    pub snapshots: snapshot::Mode,
    /// The cases `--only` selects.
    pub selection: crate::select::Selection,
    pub jobs: usize,
    pub timeout: Duration,
    pub body_limit: usize,
    /// An answer slower than this is flagged in the reports.
    pub slow: Duration,
    /// The targets verify SigV4 signatures, so the wrong-signature case is sent.
    pub verifies_signatures: bool,
    /// A bearer token that has expired, for the expired-token cases; without one they are
    /// skipped.
    pub expired_token: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
    pub aws: Option<AwsCredentials>,
    pub bearer: BearerAuth,
    pub known: known::KnownFailures,
}

impl Config {
    /// The snapshot folder that ships with the project: `harness/snapshots`.
    pub fn default_snapshot_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots")
    }

    /// A sensible concurrency for the machine: enough to hide latency, not enough to flood it.
    pub fn default_jobs() -> usize {
        std::thread::available_parallelism()
            .map_or(4, |n| n.get() * 8)
            .min(64)
    }
}

/// The run's options as the user gave them, before they are checked and resolved. `conform run`
/// reads them from its flags and the environment; the `cargo test` front-end, which has no flags
/// of its own, from the environment alone. Every option has its `CONFORM_*` variable.
#[derive(Clone, clap::Args)]
pub struct Settings {
    /// Where to send requests: URL for every service, or SERVICE=URL for one service of the
    /// spec; repeatable. Without it, the built-in mock is started and used.
    #[arg(
        long = "target",
        value_name = "[SERVICE=]URL",
        env = "CONFORM_TARGET",
        value_delimiter = ','
    )]
    pub targets: Vec<String>,
    /// Only cases whose id matches this glob; repeatable.
    /// `CONFORM_ONLY` holds one glob; `{a,b}` matches either.
    #[arg(long, value_name = "GLOB", env = "CONFORM_ONLY")]
    pub only: Vec<String>,
    /// Run shard K of N (`2/4`, or `count:2/4` as nextest writes it): the selected cases, in
    /// the registry's order, dealt out in turn, so N runners share a suite evenly.
    #[arg(long, value_name = "K/N", env = "CONFORM_SHARD")]
    pub shard: Option<crate::select::Shard>,
    /// How many requests are in flight at once [default: 8 per core, at most 64].
    #[arg(long, value_name = "N", env = "CONFORM_JOBS")]
    pub jobs: Option<usize>,
    /// Seconds to wait for each answer.
    #[arg(
        long,
        value_name = "SECS",
        env = "CONFORM_TIMEOUT",
        default_value_t = DEFAULT_TIMEOUT
    )]
    pub timeout: f64,
    /// Flag an answer that takes longer than this many milliseconds in every report (a pattern
    /// case shaped for catastrophic backtracking is the usual cause); it does not fail the case.
    #[arg(long, value_name = "MS", env = "CONFORM_SLOW_MS", default_value_t = DEFAULT_SLOW_MS)]
    pub slow_ms: u64,
    /// The largest response body to read, in bytes; a larger one fails the case.
    #[arg(
        long = "max-body",
        value_name = "BYTES",
        env = "CONFORM_MAX_BODY",
        default_value_t = DEFAULT_BODY_LIMIT
    )]
    pub max_body: usize,
    /// A bearer token, for the operations whose auth scheme is bearer.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "CONFORM_BEARER",
        hide_env_values = true
    )]
    pub bearer: Option<String>,
    /// Log in at the bearer scheme's token endpoint first, as USER:PASSWORD; wins over --bearer.
    #[arg(
        long,
        value_name = "USER:PASSWORD",
        env = "CONFORM_LOGIN",
        hide_env_values = true
    )]
    pub login: Option<String>,
    /// A bearer token that has expired, for the expired-token cases, which are skipped without
    /// one; the built-in mock mints its own.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "CONFORM_EXPIRED_TOKEN",
        hide_env_values = true
    )]
    pub expired_token: Option<String>,
    /// The targets verify SigV4 signatures (a real AWS endpoint, or `conform mock` with a key
    /// pair): send them the wrong-signature case, which is skipped otherwise. The built-in mock
    /// always verifies.
    #[arg(
        long = "target-verifies-signatures",
        env = "CONFORM_TARGET_VERIFIES_SIGNATURES",
        value_parser = FalseyValueParser::new()
    )]
    pub verifies_signatures: bool,
    /// An extra root certificate (PEM) to trust.
    #[arg(long, value_name = "FILE", env = "CONFORM_CA_CERT")]
    pub ca_cert: Option<PathBuf>,
    /// Accept any TLS certificate, such as an appliance's self-signed one.
    #[arg(long, env = "CONFORM_INSECURE", value_parser = FalseyValueParser::new())]
    pub insecure: bool,
    /// The target profile: snapshots are kept per profile [default: mock for the built-in mock,
    /// otherwise default].
    #[arg(long, value_name = "NAME", env = "CONFORM_PROFILE")]
    pub profile: Option<String>,
    /// The folder of snapshot profiles [default: harness/snapshots in the source tree].
    #[arg(long, value_name = "DIR", env = "CONFORM_SNAPSHOT_DIR")]
    pub snapshot_dir: Option<PathBuf>,
    /// Skip the snapshot check (it wins over --update-snapshots).
    #[arg(long, env = "CONFORM_NO_SNAPSHOTS", value_parser = FalseyValueParser::new())]
    pub no_snapshots: bool,
    /// Record snapshots instead of comparing them (INSTA_UPDATE=always).
    #[arg(
        long,
        env = "CONFORM_UPDATE_SNAPSHOTS",
        value_parser = FalseyValueParser::new()
    )]
    pub update_snapshots: bool,
    /// A YAML list of `{id, reason}`: cases the target is known to fail. They do not fail the run;
    /// a listed case that passes does.
    #[arg(long, value_name = "FILE", env = "CONFORM_KNOWN_FAILURES")]
    pub known_failures: Option<PathBuf>,
}

impl Default for Settings {
    /// The defaults `conform run` has with no flag and no variable.
    fn default() -> Settings {
        Settings {
            targets: Vec::new(),
            only: Vec::new(),
            shard: None,
            jobs: None,
            timeout: DEFAULT_TIMEOUT,
            slow_ms: DEFAULT_SLOW_MS,
            max_body: DEFAULT_BODY_LIMIT,
            bearer: None,
            login: None,
            expired_token: None,
            verifies_signatures: false,
            ca_cert: None,
            insecure: false,
            profile: None,
            snapshot_dir: None,
            no_snapshots: false,
            update_snapshots: false,
            known_failures: None,
        }
    }
}

/// The options alone, for a front-end without flags of its own: parsed from the environment.
#[derive(clap::Parser)]
#[command(name = "conform")]
struct FromEnvironment {
    #[command(flatten)]
    settings: Settings,
}

impl Settings {
    /// The options the `CONFORM_*` variables give, with each default as `conform run` has it.
    pub fn from_env() -> Result<Settings, clap::Error> {
        use clap::Parser;
        FromEnvironment::try_parse_from(["conform"]).map(|parsed| parsed.settings)
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted =
            |s: &Option<String>| s.as_ref().map(|_| conform_generated::runtime::REDACTED);
        f.debug_struct("Settings")
            .field("targets", &self.targets)
            .field("only", &self.only)
            .field("bearer", &redacted(&self.bearer))
            .field("login", &redacted(&self.login))
            .field("expired_token", &redacted(&self.expired_token))
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The configuration the arguments and the environment describe, or why they do not add up.
    pub fn resolve(args: &Settings, embedded: Option<&str>) -> Result<Config, SetupError> {
        let mut targets = Targets::parse(&args.targets)?;
        if let Some(url) = embedded {
            targets.all = Some(url.to_string());
        }
        let timeout = Duration::try_from_secs_f64(args.timeout)
            .ok()
            .filter(|t| !t.is_zero() && *t <= MAX_TIMEOUT)
            .ok_or(SetupError::Option {
                option: "--timeout",
                rule: "must be a number of seconds above 0 and at most 3600".into(),
            })?;
        let jobs = args.jobs.unwrap_or_else(Config::default_jobs);
        if !(1..=MAX_JOBS).contains(&jobs) {
            return Err(SetupError::Option {
                option: "--jobs",
                rule: format!("must be from 1 to {MAX_JOBS}"),
            });
        }
        // The built-in mock has its own credentials; the user's are for real targets, and only
        // the services the selected cases use need them.
        let selection = crate::select::Selection::new(&args.only)?.with_shard(args.shard);
        if selection.unsharded().is_empty() {
            return Err(SetupError::NoCase {
                only: selection.patterns().join(", "),
            });
        }
        let needs_sigv4 = selection
            .operations()
            .iter()
            .any(|op| matches!(op.auth, conform_generated::runtime::Auth::AwsSigV4 { .. }));
        let aws = match embedded {
            Some(_) => Some(AwsCredentials::for_embedded_mock()),
            None if needs_sigv4 => AwsCredentials::from_env()?,
            None => None,
        };
        let bearer_auth = match (embedded, &args.login, &args.bearer) {
            (Some(_), _, _) => BearerAuth::Login {
                user: crate::mock::DEFAULT_USER.into(),
                password: crate::mock::DEFAULT_PASSWORD.into(),
            },
            (None, Some(login), _) => BearerAuth::parse_login(login)?,
            (None, None, Some(token)) => BearerAuth::Bearer(token.clone()),
            (None, None, None) => BearerAuth::None,
        };
        let snapshots = if args.no_snapshots {
            snapshot::Mode::Off
        } else if args.update_snapshots {
            snapshot::Mode::Always
        } else {
            snapshot::Mode::from_env()
        };
        let profile = args.profile.clone().unwrap_or_else(|| {
            if embedded.is_some() {
                "mock".into()
            } else {
                "default".into()
            }
        });
        if profile.is_empty()
            || profile.starts_with('.')
            || !profile
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(SetupError::Option {
                option: "--profile",
                rule: format!(
                    "`{profile}` must be letters, digits, `-`, `_` or `.`, not starting with `.`"
                ),
            });
        }
        Ok(Config {
            targets,
            profile,
            snapshot_dir: args
                .snapshot_dir
                .clone()
                .unwrap_or_else(Config::default_snapshot_dir),
            snapshots,
            selection,
            jobs,
            timeout,
            body_limit: args.max_body,
            slow: Duration::from_millis(args.slow_ms),
            // The built-in mock verifies with the key pair the runner signs with for it.
            verifies_signatures: args.verifies_signatures || embedded.is_some(),
            expired_token: args.expired_token.clone(),
            ca_cert: args.ca_cert.clone(),
            insecure: args.insecure,
            aws,
            bearer: bearer_auth,
            known: match &args.known_failures {
                Some(path) => known::KnownFailures::load(path)?,
                None => known::KnownFailures::default(),
            },
        })
    }
}
