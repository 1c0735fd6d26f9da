//! Bearer tokens the mock issues: random, fresh for every login, valid for an hour, never
//! logged. Expired tokens are dropped as new ones are issued, so memory stays flat.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long an access token lives (Veeam's default: one hour).
pub const ACCESS_LIFETIME: Duration = Duration::from_secs(3600);
/// How long a refresh token lives (Veeam's default: two hours).
pub const REFRESH_LIFETIME: Duration = Duration::from_secs(7200);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    Expired,
    Unknown,
}

#[derive(Default)]
pub struct Tokens {
    issued: AtomicU64,
    access: Mutex<BTreeMap<String, Instant>>,
    refresh: Mutex<BTreeMap<String, Instant>>,
}

impl Tokens {
    /// A new access token and refresh token for `user`.
    pub fn issue(&self, user: &str) -> (String, String) {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        let access = token("access", user, n);
        let refresh = token("refresh", user, n);
        let now = Instant::now();
        let mut tokens = lock(&self.access);
        // Expired tokens stay a while, so a client is told "expired" rather than "unknown".
        tokens.retain(|_, expiry| *expiry + ACCESS_LIFETIME > now);
        tokens.insert(access.clone(), now + ACCESS_LIFETIME);
        drop(tokens);
        let mut tokens = lock(&self.refresh);
        tokens.retain(|_, expiry| *expiry > now);
        tokens.insert(refresh.clone(), now + REFRESH_LIFETIME);
        (access, refresh)
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
