//! Bearer tokens the mock issues: random, fresh for every login, valid for their lifetime (an
//! hour unless the mock is told otherwise), never logged. A refresh token lives twice as long
//! and works once. Expired tokens are dropped as new ones are issued, so memory stays flat.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an access token lives unless the mock is told otherwise (Veeam's default: one
/// hour); a refresh token lives twice as long (Veeam's default: two hours).
pub const ACCESS_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    Expired,
    Unknown,
}

pub struct Tokens {
    lifetime: Duration,
    access: Mutex<BTreeMap<String, Instant>>,
    refresh: Mutex<BTreeMap<String, Instant>>,
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens::new(ACCESS_LIFETIME)
    }
}

impl Tokens {
    /// Tokens whose access tokens live for `lifetime`.
    pub fn new(lifetime: Duration) -> Self {
        Tokens {
            lifetime,
            access: Mutex::default(),
            refresh: Mutex::default(),
        }
    }

    /// How long an access token lives: the `expires_in` of a login.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A new access token and refresh token.
    pub fn issue(&self) -> Result<(String, String), getrandom::Error> {
        let access = token()?;
        let refresh = token()?;
        let now = Instant::now();
        self.keep_access(access.clone(), now + self.lifetime, now);
        let mut tokens = lock(&self.refresh);
        tokens.retain(|_, expiry| *expiry > now);
        tokens.insert(refresh.clone(), now + self.lifetime * 2);
        Ok((access, refresh))
    }

    /// An access token for `user` that has already expired, as one a client kept too long: what
    /// the suite sends to see the answer to an expired token.
    pub fn issue_expired(&self) -> Result<String, getrandom::Error> {
        let access = token()?;
        let now = Instant::now();
        let expired = now.checked_sub(Duration::from_secs(1)).unwrap_or(now);
        self.keep_access(access.clone(), expired, now);
        Ok(access)
    }

    fn keep_access(&self, access: String, expiry: Instant, now: Instant) {
        let mut tokens = lock(&self.access);
        // Expired tokens stay a while, so a client is told "expired" rather than "unknown".
        let grace = self.lifetime.max(ACCESS_LIFETIME);
        tokens.retain(|_, at| *at + grace > now);
        tokens.insert(access, expiry);
    }

    pub fn check(&self, access: &str) -> TokenState {
        state(lock(&self.access).get(access))
    }

    /// Uses up a refresh token: true if it was valid.
    pub fn redeem(&self, refresh: &str) -> bool {
        let expiry = lock(&self.refresh).remove(refresh);
        state(expiry.as_ref()) == TokenState::Valid
    }
}

fn state(expiry: Option<&Instant>) -> TokenState {
    match expiry {
        None => TokenState::Unknown,
        Some(at) if *at > Instant::now() => TokenState::Valid,
        Some(_) => TokenState::Expired,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a map half-written; go on with it.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// 32 bytes from the operating system's random source, as hex; an error where it has none,
/// never a guessable token.
fn token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
