//! The runner: replays every case against a target and judges each answer. `conform run` and the
//! `cargo test --test conformance` trials both drive this one implementation, so their verdicts
//! are the same.

pub mod auth;
pub mod check;
pub mod config;
pub mod echo;
pub mod error;
pub mod http;
pub mod known;
pub mod report;
pub mod secrets;
pub mod session;
pub mod snapshot;
pub mod target;
pub mod verdict;

use auth::{AwsCredentials, BearerAuth};
pub use config::{Config, DEFAULT_BODY_LIMIT, DEFAULT_SLOW_MS, MAX_JOBS, MAX_TIMEOUT, Settings};
use conform_generated::runtime::{Auth, Case, Credentials, HeaderRule, Operation};
pub use error::{RequestError, SetupError};
use secrets::Secrets;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use verdict::Failure;

/// Starts the built-in mock on a free loopback port.
pub async fn start_embedded_mock() -> std::io::Result<crate::mock::Running> {
    crate::mock::start(embedded_mock_config()).await
}

/// The built-in mock's configuration: a free loopback port, and signatures verified with the
/// key pair the runner signs with for it.
pub fn embedded_mock_config() -> crate::mock::Config {
    crate::mock::Config {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        aws: Some(AwsCredentials::for_embedded_mock().key()),
        ..crate::mock::Config::default()
    }
}

/// How one case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Error,
    /// Failed or errored, as the known-failures list says it does.
    Known,
    /// Not sent: the target cannot judge it (a wrong signature to a target not known to
    /// verify signatures).
    Skipped,
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub op: &'static Operation,
    pub case: &'static Case,
    pub outcome: Outcome,
    pub status: Option<u16>,
    /// What went wrong; text from outside the tool already scrubbed.
    pub failures: Vec<Failure>,
    /// Why the case was skipped, or why it is a known failure.
    pub reason: Option<String>,
    /// True when the transport failed because the target could not be reached.
    pub unreachable: bool,
    pub duration: Duration,
    /// The answer took longer than `--slow-ms`.
    pub slow: bool,
}

impl CaseResult {
    /// A case that got no answer to judge: skipped with a reason, or lost to a bug.
    fn unsent(
        op: &'static Operation,
        case: &'static Case,
        failures: Vec<Failure>,
        reason: Option<&str>,
    ) -> Self {
        CaseResult {
            op,
            case,
            outcome: if failures.is_empty() {
                Outcome::Skipped
            } else {
                Outcome::Error
            },
            status: None,
            failures,
            reason: reason.map(str::to_string),
            unreachable: false,
            duration: Duration::ZERO,
            slow: false,
        }
    }
}

/// A prepared run: clients, credentials and tokens in hand.
pub struct Runner {
    pub config: Config,
    pub secrets: Arc<Secrets>,
    client: reqwest::Client,
    bearer: Option<String>,
    /// Each selected service's base URL, parsed once.
    bases: BTreeMap<&'static str, reqwest::Url>,
    snapshots: snapshot::Store,
    /// The sensitive values each case sends, by case id, found once.
    sent: BTreeMap<&'static str, Vec<echo::Sent>>,
}

impl Runner {
    /// Checks the configuration and gets credentials: fails before anything is sent when a
    /// target lacks what its operations need.
    pub async fn prepare(config: Config) -> Result<Runner, SetupError> {
        let secrets = Arc::new(Secrets::default());
        let client = http::client(
            config.timeout,
            config.ca_cert.as_deref(),
            config.insecure,
            !config.targets.plain_http_only(),
        )?;
        if let Some(aws) = &config.aws {
            aws.register(&secrets);
        }
        match &config.bearer {
            BearerAuth::Bearer(token) => secrets.add_given(token, "the --bearer token"),
            BearerAuth::Login { password, .. } => {
                secrets.add_given(password, "the --login password");
            }
            BearerAuth::None => {}
        }
        let mut bearer = None;
        let mut bases = BTreeMap::new();
        for op in config.selection.operations() {
            let base = config
                .targets
                .url(op.service)
                .ok_or_else(|| SetupError::NoTarget {
                    service: op.service.to_string(),
                })?;
            if !bases.contains_key(op.service) {
                bases.insert(op.service, target::parse_base(base)?);
            }
            match op.auth {
                Auth::AwsSigV4 { .. } if config.aws.is_none() => {
                    return Err(SetupError::NoAwsCredentials { operation: op.id() });
                }
                Auth::Bearer { token_path, .. } if bearer.is_none() => {
                    bearer = Some(match &config.bearer {
                        BearerAuth::Bearer(token) => token.clone(),
                        BearerAuth::Login { user, password } => {
                            let path = token_path.ok_or_else(|| SetupError::NoTokenEndpoint {
                                operation: op.id(),
                            })?;
                            // Headers every request must carry with one value (an API
                            // version) go to the token endpoint too.
                            let fixed: Vec<(&str, &str)> = op
                                .bindings
                                .headers
                                .iter()
                                .filter(|h| h.required)
                                .filter_map(|h| match h.rule {
                                    HeaderRule::Const(v) => Some((h.name, v)),
                                    _ => None,
                                })
                                .collect();
                            auth::login(&client, base, path, &fixed, user, password).await?
                        }
                        BearerAuth::None => {
                            return Err(SetupError::NoBearer { operation: op.id() });
                        }
                    });
                }
                _ => {}
            }
        }
        if let Some(token) = &bearer {
            secrets.add(token);
        }
        if let Some(token) = &config.expired_token {
            secrets.add_given(token, "the --expired-token token");
        }
        // Every case's sensitive values, so that no report can repeat them and the echo check
        // knows what to look for.
        let mut sent = BTreeMap::new();
        for op in conform_generated::OPERATIONS {
            for case in op.cases() {
                let values = echo::sent(op, case);
                for value in &values {
                    secrets.add(&value.value);
                }
                sent.insert(case.id, values);
            }
        }
        let snapshots =
            snapshot::Store::open(&config.snapshot_dir, &config.profile, config.snapshots);
        Ok(Runner {
            config,
            secrets,
            client,
            bearer,
            bases,
            snapshots,
            sent,
        })
    }

    /// Every selected case, in the suite's order.
    pub fn cases(&self) -> Vec<(&'static Operation, &'static Case)> {
        self.config.selection.cases()
    }

    /// Sends one case and judges the answer.
    pub async fn run_case(&self, op: &'static Operation, case: &'static Case) -> CaseResult {
        let started = Instant::now();
        let skipped = match case.credentials {
            Credentials::WrongSignature if !self.config.verifies_signatures => Some(
                "the target is not known to verify signatures; give --target-verifies-signatures if it does (a real AWS endpoint, or conform mock with a key pair)",
            ),
            Credentials::ExpiredToken if self.config.expired_token.is_none() => Some(
                "no expired token to send; give one with --expired-token (a token older than its expires_in)",
            ),
            _ => None,
        };
        if let Some(why) = skipped {
            return CaseResult::unsent(op, case, Vec::new(), Some(why));
        }
        let result = self.exchange(op, case).await;
        let (outcome, status, failures, unreachable) = match result {
            Err(error) => {
                let unreachable = error.unreachable();
                (
                    Outcome::Error,
                    None,
                    vec![Failure::Transport { error }],
                    unreachable,
                )
            }
            Ok(answer) => {
                let mut failures = check::judge(op, case, &answer);
                let token = match (case.credentials, op.auth, &self.bearer) {
                    (Credentials::Valid, Auth::Bearer { .. }, Some(token)) => Some(echo::Sent {
                        value: token.clone(),
                        place: "the bearer token".into(),
                    }),
                    _ => None,
                };
                let sent = self.sent.get(case.id).into_iter().flatten();
                failures.extend(echo::echoed(sent.chain(&token), &answer));
                if self.snapshots.enabled() {
                    let content = snapshot::normalise(op, &answer, &self.secrets);
                    if let snapshot::Verdict::Failed(problem) =
                        self.snapshots.check(case.id, &content)
                    {
                        failures.push(Failure::Snapshot { problem });
                    }
                }
                let outcome = if failures.is_empty() {
                    Outcome::Pass
                } else {
                    Outcome::Fail
                };
                (outcome, Some(answer.status), failures, false)
            }
        };
        let known = self.config.known.reason(case.id);
        let (outcome, failures, reason) = match (known, outcome) {
            (None, outcome) => (outcome, failures, None),
            (Some(reason), Outcome::Pass) => (
                Outcome::Fail,
                vec![Failure::KnownPasses {
                    reason: reason.to_string(),
                }],
                None,
            ),
            (Some(reason), _) => (Outcome::Known, failures, Some(reason.to_string())),
        };
        let failures = failures
            .into_iter()
            .map(|f| f.scrubbed(&self.secrets))
            .collect();
        let duration = started.elapsed();
        CaseResult {
            op,
            case,
            outcome,
            status,
            failures,
            reason,
            unreachable,
            duration,
            slow: duration > self.config.slow,
        }
    }

    async fn exchange(
        &self,
        op: &'static Operation,
        case: &'static Case,
    ) -> Result<http::Answer, http::TransportError> {
        let request = self
            .request(op, case)
            .map_err(|e| http::TransportError::Request {
                cause: e.to_string(),
            })?;
        http::send(request, self.config.body_limit).await
    }

    /// The request of a case, with its credentials.
    pub fn request(
        &self,
        op: &Operation,
        case: &Case,
    ) -> Result<reqwest::RequestBuilder, RequestError> {
        let base = self
            .bases
            .get(op.service)
            .ok_or_else(|| RequestError::NoTarget(op.service.to_string()))?;
        let url = target::request_url(base, case.path, case.query);
        let method: reqwest::Method = case
            .method
            .parse()
            .map_err(|_| RequestError::Method(case.method.to_string()))?;
        let credentials = self.credentials(op, case, url.as_str())?;
        let mut request = self.client.request(method, url);
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        for (name, value) in credentials {
            request = request.header(name, value);
        }
        Ok(request.body(case.body))
    }

    /// The credential headers a case sends.
    pub fn credentials(
        &self,
        op: &Operation,
        case: &Case,
        url: &str,
    ) -> Result<Vec<(String, String)>, RequestError> {
        match (case.credentials, op.auth) {
            (Credentials::Missing, _) => Ok(Vec::new()),
            (Credentials::Literal(value), Auth::Bearer { header, .. }) => {
                Ok(vec![(header.to_string(), value.to_string())])
            }
            (Credentials::Literal(value), Auth::AwsSigV4 { .. } | Auth::None) => {
                Ok(vec![("authorization".into(), value.to_string())])
            }
            (Credentials::Valid, Auth::Bearer { header, .. }) => {
                let token = self.bearer.as_deref().ok_or(RequestError::NoToken)?;
                Ok(vec![(header.to_string(), format!("Bearer {token}"))])
            }
            (Credentials::Valid, Auth::AwsSigV4 { signing_name }) => {
                let aws = self
                    .config
                    .aws
                    .as_ref()
                    .ok_or(RequestError::NoAwsCredentials)?;
                Ok(aws.sign(signing_name, case.method, url, case.headers, case.body)?)
            }
            (Credentials::WrongSignature, Auth::AwsSigV4 { signing_name }) => {
                let aws = self
                    .config
                    .aws
                    .as_ref()
                    .ok_or(RequestError::NoAwsCredentials)?;
                let mut headers =
                    aws.sign(signing_name, case.method, url, case.headers, case.body)?;
                for (name, value) in &mut headers {
                    if name.eq_ignore_ascii_case("authorization") {
                        *value = auth::wrong_signature(value);
                    }
                }
                Ok(headers)
            }
            (Credentials::WrongSignature, Auth::Bearer { .. } | Auth::None) => {
                Err(RequestError::Mismatch {
                    credentials: "a wrong signature",
                })
            }
            (Credentials::ExpiredToken, Auth::Bearer { header, .. }) => {
                let token = self
                    .config
                    .expired_token
                    .as_deref()
                    .ok_or(RequestError::NoExpiredToken)?;
                Ok(vec![(header.to_string(), format!("Bearer {token}"))])
            }
            (Credentials::ExpiredToken, Auth::AwsSigV4 { .. } | Auth::None) => {
                Err(RequestError::Mismatch {
                    credentials: "an expired token",
                })
            }
            // The operation needs no credentials: nothing signed, no token.
            (Credentials::Valid, Auth::None) => Ok(Vec::new()),
        }
    }

    /// Runs every selected case, `jobs` at a time; results come back in the suite's order.
    /// `progress` is told of each finished case.
    pub async fn run_all(
        self: &Arc<Self>,
        progress: &(dyn Fn(&CaseResult) + Sync),
    ) -> Vec<CaseResult> {
        let cases = self.cases();
        let permits = Arc::new(tokio::sync::Semaphore::new(self.config.jobs.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for (index, (op, case)) in cases.iter().copied().enumerate() {
            let runner = Arc::clone(self);
            let permits = Arc::clone(&permits);
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                (index, runner.run_case(op, case).await)
            });
        }
        let mut results: Vec<Option<CaseResult>> = vec![None; cases.len()];
        while let Some(joined) = tasks.join_next().await {
            if let Ok((index, result)) = joined {
                progress(&result);
                results[index] = Some(result);
            }
        }
        // A task that panicked still gets a line in every report.
        results
            .into_iter()
            .zip(cases)
            .map(|(result, (op, case))| {
                result
                    .unwrap_or_else(|| CaseResult::unsent(op, case, vec![Failure::Internal], None))
            })
            .collect()
    }
}
