//! Starting a run from its options, the same way for every front-end: the built-in mock when no
//! target is given (with the expired token it mints), the resolved configuration, credentials
//! and tokens. `conform run` and the `cargo test` front-end both start here.

use super::{Config, Runner, Settings, SetupError};
use crate::mock::Running;
use std::sync::Arc;
use std::time::Duration;

/// A prepared run, and the built-in mock it runs against when no target was given.
pub struct Session {
    pub runner: Arc<Runner>,
    /// How the reports name the target.
    pub target: String,
    mock: Option<Running>,
}

/// Why a session could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error("cannot start the built-in mock: {0}")]
    Mock(#[source] std::io::Error),
    #[error("the built-in mock cannot draw a token: {0}")]
    Token(#[source] getrandom::Error),
}

impl Session {
    /// Resolves `settings` and prepares the runner, starting the built-in mock first when the
    /// settings name no target.
    pub async fn start(mut settings: Settings) -> Result<Session, StartError> {
        let targets = super::target::Targets::parse(&settings.targets).map_err(SetupError::from)?;
        let mock = if targets.is_embedded() {
            let running = super::start_embedded_mock()
                .await
                .map_err(StartError::Mock)?;
            // The built-in mock mints the expired token its cases send.
            settings.expired_token = Some(running.expired_token().map_err(StartError::Token)?);
            Some(running)
        } else {
            None
        };
        let url = mock.as_ref().map(Running::url);
        let config = Config::resolve(&settings, url.as_deref())?;
        let target = match &url {
            Some(url) => format!("built-in mock ({url})"),
            None => config.targets.describe(),
        };
        let runner = Arc::new(Runner::prepare(config).await?);
        Ok(Session {
            runner,
            target,
            mock,
        })
    }

    /// Stops the built-in mock, if the session started one.
    pub async fn finish(self) {
        if let Some(running) = self.mock {
            running.stop(Duration::from_secs(1)).await;
        }
    }
}
