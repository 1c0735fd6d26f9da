//! Bearer tokens the mock issues: random, fresh for every login, valid for their lifetime (an
//! hour unless the mock is told otherwise), never logged. A refresh token lives twice as long
//! and works once. The store is bounded: tokens are forgotten in the order they were issued,
//! once expired (an access token after a grace period, so a late client hears "expired" rather
//! than "unknown") or once more than [`MAX_TOKENS`] of a kind are kept. Memory stays flat
//! however many logins arrive, and each login costs the same.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an access token lives unless the mock is told otherwise (Veeam's default: one
/// hour); a refresh token lives twice as long (Veeam's default: two hours).
pub const ACCESS_LIFETIME: Duration = Duration::from_secs(3600);

/// The most access tokens, and the most refresh tokens, the mock keeps. Past it, the oldest is
/// forgotten, and a client that still uses it is told the token is unknown.
pub const MAX_TOKENS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    Expired,
    Unknown,
}

pub struct Tokens {
    lifetime: Duration,
    capacity: usize,
    access: Mutex<Store>,
    refresh: Mutex<Store>,
}

/// One kind of token: each token's expiry, and the tokens in the order they were issued.
#[derive(Default)]
struct Store {
    expiry: HashMap<String, Instant>,
    issued: VecDeque<String>,
}

impl Store {
    /// Keeps `token` until `expiry`, first forgetting the oldest tokens that are past
    /// `forget_before` or over `capacity`.
    fn keep(&mut self, token: String, expiry: Instant, forget_before: Instant, capacity: usize) {
        while let Some(oldest) = self.issued.front() {
            let stale = self
                .expiry
                .get(oldest)
                .is_none_or(|at| *at <= forget_before);
            // Redeemed tokens still hold their place in the order, and count, until their turn.
            if !stale && self.issued.len() < capacity {
                break;
            }
            if let Some(oldest) = self.issued.pop_front() {
                self.expiry.remove(&oldest);
            }
        }
        self.issued.push_back(token.clone());
        self.expiry.insert(token, expiry);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.expiry.len()
    }
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens::new(ACCESS_LIFETIME)
    }
}

impl Tokens {
    /// Tokens whose access tokens live for `lifetime`.
    pub fn new(lifetime: Duration) -> Self {
        Tokens::with_capacity(lifetime, MAX_TOKENS)
    }

    /// Tokens whose access tokens live for `lifetime`, keeping at most `capacity` of each kind.
    pub fn with_capacity(lifetime: Duration, capacity: usize) -> Self {
        Tokens {
            lifetime,
            capacity: capacity.max(1),
            access: Mutex::default(),
            refresh: Mutex::default(),
        }
    }

    /// How long an access token lives: the `expires_in` of a login.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// How many access and refresh tokens are kept.
    #[cfg(test)]
    fn kept(&self) -> (usize, usize) {
        (lock(&self.access).len(), lock(&self.refresh).len())
    }

    /// A new access token and refresh token.
    pub fn issue(&self) -> Result<(String, String), getrandom::Error> {
        let access = token()?;
        let refresh = token()?;
        let now = Instant::now();
        self.keep_access(access.clone(), now + self.lifetime, now);
        lock(&self.refresh).keep(refresh.clone(), now + self.lifetime * 2, now, self.capacity);
        Ok((access, refresh))
    }

    /// An access token that has already expired, as one a client kept too long: what the suite
    /// sends to see the answer to an expired token.
    pub fn issue_expired(&self) -> Result<String, getrandom::Error> {
        let access = token()?;
        let now = Instant::now();
        let expired = now.checked_sub(Duration::from_secs(1)).unwrap_or(now);
        self.keep_access(access.clone(), expired, now);
        Ok(access)
    }

    fn keep_access(&self, access: String, expiry: Instant, now: Instant) {
        // Expired tokens stay a while, so a client is told "expired" rather than "unknown".
        let grace = self.lifetime.max(ACCESS_LIFETIME);
        let forget_before = now.checked_sub(grace).unwrap_or(now);
        lock(&self.access).keep(access, expiry, forget_before, self.capacity);
    }

    pub fn check(&self, access: &str) -> TokenState {
        state(lock(&self.access).expiry.get(access))
    }

    /// Uses up a refresh token: true if it was valid. Its place in the issue order is dropped
    /// when its turn to be forgotten comes.
    pub fn redeem(&self, refresh: &str) -> bool {
        let expiry = lock(&self.refresh).expiry.remove(refresh);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_bounded_and_forgets_the_oldest_first() {
        let tokens = Tokens::with_capacity(ACCESS_LIFETIME, 3);
        let issued: Vec<(String, String)> =
            (0..5).map(|_| tokens.issue().expect("random")).collect();
        assert_eq!(tokens.kept(), (3, 3));
        for (access, _) in &issued[..2] {
            assert_eq!(tokens.check(access), TokenState::Unknown);
        }
        for (access, _) in &issued[2..] {
            assert_eq!(tokens.check(access), TokenState::Valid);
        }
        assert!(!tokens.redeem(&issued[0].1), "a forgotten refresh token");
        assert!(tokens.redeem(&issued[4].1));
        assert!(!tokens.redeem(&issued[4].1), "a refresh token works once");
    }

    #[test]
    fn expired_tokens_are_forgotten_after_the_grace_and_not_before() {
        let tokens = Tokens::with_capacity(Duration::from_millis(1), 100);
        let expired = tokens.issue_expired().expect("random");
        tokens.issue().expect("random");
        // The grace is at least an hour, so the expired token is still known.
        assert_eq!(tokens.check(&expired), TokenState::Expired);
    }

    #[test]
    fn many_logins_keep_the_store_flat() {
        let tokens = Tokens::with_capacity(ACCESS_LIFETIME, 50);
        for _ in 0..1_000 {
            tokens.issue().expect("random");
        }
        assert_eq!(tokens.kept(), (50, 50));
    }
}
