//! Bearer tokens the mock issues: fresh for every login, valid for an hour, never logged.

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
        lock(&self.access).insert(access.clone(), now + ACCESS_LIFETIME);
        lock(&self.refresh).insert(refresh.clone(), now + REFRESH_LIFETIME);
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

/// A token that differs for every login and cannot be guessed from the ones before it without
/// the process's start time.
fn token(kind: &str, user: &str, n: u64) -> String {
    static EPOCH: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let epoch = EPOCH.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
    let digest = Sha256::new()
        .chain_update(kind)
        .chain_update(user)
        .chain_update(n.to_le_bytes())
        .chain_update(epoch.to_le_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
