//! A run's configuration: the options as the user gave them ([`Settings`], from the CLI or the
//! `cargo test` front-end's environment), checked and resolved into what the runner uses
//! ([`Config`]): targets, selection, timeouts, credentials, snapshots and known failures.

use super::auth::{AwsCredentials, BearerAuth};
use super::target::Targets;
use super::{known, snapshot};
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

/// The run's options as the user gave them, before they are checked and resolved.
#[derive(Clone, Default)]
pub struct Settings {
    pub targets: Vec<String>,
    pub only: Vec<String>,
    pub jobs: Option<usize>,
    pub timeout: f64,
    pub max_body: usize,
    /// `--slow-ms`, or [`DEFAULT_SLOW_MS`].
    pub slow_ms: Option<u64>,
    /// `--target-verifies-signatures`.
    pub verifies_signatures: bool,
    /// `--expired-token`, or one the built-in mock minted.
    pub expired_token: Option<String>,
    pub bearer: Option<String>,
    pub login: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
    pub profile: Option<String>,
    pub snapshot_dir: Option<PathBuf>,
    pub no_snapshots: bool,
    pub update_snapshots: bool,
    pub known_failures: Option<PathBuf>,
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
    pub fn resolve(args: &Settings, embedded: Option<&str>) -> Result<Config, String> {
        let mut targets = Targets::parse(&args.targets)?;
        if let Some(url) = embedded {
            targets.all = Some(url.to_string());
        }
        let timeout = Duration::try_from_secs_f64(args.timeout)
            .ok()
            .filter(|t| !t.is_zero() && *t <= MAX_TIMEOUT)
            .ok_or("--timeout must be a number of seconds above 0 and at most 3600")?;
        let jobs = args.jobs.unwrap_or_else(Config::default_jobs);
        if !(1..=MAX_JOBS).contains(&jobs) {
            return Err(format!("--jobs must be from 1 to {MAX_JOBS}"));
        }
        // The built-in mock has its own credentials; the user's are for real targets, and only
        // the services the selected cases use need them.
        let selection = crate::select::Selection::new(&args.only).map_err(|e| e.to_string())?;
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
            return Err(format!(
                "--profile `{profile}` must be letters, digits, `-`, `_` or `.`, not starting with `.`"
            ));
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
            slow: Duration::from_millis(args.slow_ms.unwrap_or(DEFAULT_SLOW_MS)),
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
