//! Bearer tokens the mock issues: random, fresh for every login, valid for their lifetime (an
//! hour unless the mock is told otherwise), never logged. A refresh token lives twice as long
//! and works once. Expired tokens are dropped as new ones are issued, so memory stays flat.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
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
    issued: AtomicU64,
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
            issued: AtomicU64::new(0),
            access: Mutex::default(),
            refresh: Mutex::default(),
        }
    }

    /// How long an access token lives: the `expires_in` of a login.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A new access token and refresh token for `user`.
    pub fn issue(&self, user: &str) -> (String, String) {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        let access = token("access", user, n);
        let refresh = token("refresh", user, n);
        let now = Instant::now();
        self.keep_access(access.clone(), now + self.lifetime, now);
        let mut tokens = lock(&self.refresh);
        tokens.retain(|_, expiry| *expiry > now);
        tokens.insert(refresh.clone(), now + self.lifetime * 2);
        (access, refresh)
    }

    /// An access token for `user` that has already expired, as one a client kept too long: what
    /// the suite sends to see the answer to an expired token.
    pub fn issue_expired(&self, user: &str) -> String {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        let access = token("access", user, n);
        let now = Instant::now();
        let expired = now.checked_sub(Duration::from_secs(1)).unwrap_or(now);
        self.keep_access(access.clone(), expired, now);
        access
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

/// 32 bytes from the operating system's random source, as hex. Falls back to a digest of the
/// counter and the clock only if the system has no random source, which no supported one lacks.
fn token(kind: &str, user: &str, n: u64) -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = Sha256::new()
            .chain_update(kind)
            .chain_update(user)
            .chain_update(n.to_le_bytes())
            .chain_update(now.to_le_bytes())
            .finalize()
            .into();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
