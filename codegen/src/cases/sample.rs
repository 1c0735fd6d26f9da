//! Strings that match a pattern with an exact length, drawn from a seeded stream: how the cases
//! get a 100-character `\w` AssetId or a 44-character public key that is not all `a`s.

use super::rng::Rng;
use crate::pattern::{Budget, Lengths, lengths};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::cell::RefCell;
use std::collections::HashMap;

/// A string of exactly `len` characters that matches the translated pattern `rust`, if one exists
/// and can be found.
pub fn matching(rust: &str, len: usize, rng: &mut Rng) -> Option<String> {
    // Samples come from the pattern without its look-arounds; the whole pattern then picks one
    // that also satisfies them, from a few draws of the same seeded stream.
    let core = crate::pattern::core(rust);
    let hir = parsed(&core)?;
    let re = crate::pattern::compiled(rust)?;
    let tries = if core == rust { 1 } else { 32 };
    let mut sampler = Sampler {
        cap: len + 1,
        rng,
        budget: Budget(20_000_000),
    };
    for _ in 0..tries {
        let mut out = String::new();
        sampler.fill(&hir, len, &mut out)?;
        if out.chars().count() == len && re.is_match(&out) {
            return Some(out);
        }
    }
    None
}

/// The parsed form of a translated pattern, parsed once per thread.
fn parsed(rust: &str) -> Option<std::rc::Rc<Hir>> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::BTreeMap<String, Option<std::rc::Rc<Hir>>>> =
            const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
    }
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(rust.to_string())
            .or_insert_with(|| {
                regex_syntax::Parser::new()
                    .parse(rust)
                    .ok()
                    .map(std::rc::Rc::new)
            })
            .clone()
    })
}

/// Characters a sample prefers, so that values stay readable: letters and digits first.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+/=.-";

struct Sampler<'r> {
    cap: usize,
    rng: &'r mut Rng,
    budget: Budget,
}

/// Results with the budget they cost, by key.
type Remembered<K, V> = RefCell<HashMap<K, (V, u64)>>;

thread_local! {
    /// The lengths of a node of a parsed pattern (by its address: parsed patterns are kept for
    /// the thread's life) up to a cap.
    static LENGTHS: Remembered<(usize, usize), Lengths> = RefCell::new(HashMap::new());
    /// The lengths of each number of repetitions of a node, by node, cap and limit.
    static COUNTS: Remembered<(usize, usize, usize), Vec<Lengths>> = RefCell::new(HashMap::new());
}

/// A result worked out once and looked up after, spending the budget it cost each time, so the
/// sample, and whether the budget runs out, are what they would be without the cache.
fn remembered<K: std::hash::Hash + Eq, V: Clone>(
    cache: &'static std::thread::LocalKey<Remembered<K, V>>,
    key: K,
    budget: &mut Budget,
    work: impl FnOnce(&mut Budget) -> Option<V>,
) -> Option<V> {
    if let Some((value, cost)) = cache.with(|c| c.borrow().get(&key).cloned()) {
        budget.0 = budget.0.checked_sub(cost)?;
        return Some(value);
    }
    let before = budget.0;
    let value = work(budget)?;
    let cost = before - budget.0;
    cache.with(|c| c.borrow_mut().insert(key, (value.clone(), cost)));
    Some(value)
}

impl Sampler<'_> {
    fn lengths(&mut self, hir: &Hir) -> Option<Lengths> {
        let cap = self.cap;
        let key = (std::ptr::from_ref(hir) as usize, cap);
        remembered(&LENGTHS, key, &mut self.budget, |budget| {
            lengths(hir, cap, budget)
        })
    }

    fn fill(&mut self, hir: &Hir, len: usize, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => (len == 0).then_some(()),
            HirKind::Literal(lit) => {
                let text = String::from_utf8_lossy(&lit.0);
                (text.chars().count() == len).then(|| out.push_str(&text))
            }
            HirKind::Class(class) => {
                if len != 1 {
                    return None;
                }
                out.push(self.char_in(class)?);
                Some(())
            }
            HirKind::Capture(capture) => self.fill(&capture.sub, len, out),
            HirKind::Alternation(parts) => {
                let mut fitting = Vec::new();
                for part in parts {
                    if self.lengths(part)?.has(len) {
                        fitting.push(part);
                    }
                }
                let part = *self.rng.pick(&fitting)?;
                self.fill(part, len, out)
            }
            HirKind::Concat(parts) => {
                let sets = parts
                    .iter()
                    .map(|p| self.lengths(p))
                    .collect::<Option<Vec<_>>>()?;
                self.split(parts.iter().collect(), &sets, len, out)
            }
            HirKind::Repetition(rep) => {
                let one = self.lengths(&rep.sub)?;
                // The lengths k repetitions can have, for every k up to the most that can help.
                let limit = rep.max.map_or(len + rep.min as usize + 1, |m| m as usize);
                let cap = self.cap;
                let key = (std::ptr::from_ref(rep.sub.as_ref()) as usize, cap, limit);
                let by_count = remembered(&COUNTS, key, &mut self.budget, |budget| {
                    let mut by_count = vec![Lengths::single(cap, 0)];
                    while by_count.len() <= limit {
                        let next = by_count[by_count.len() - 1].sum(&one, budget)?;
                        if next.is_empty() {
                            break;
                        }
                        by_count.push(next);
                    }
                    Some(by_count)
                })?;
                let counts: Vec<usize> = (rep.min as usize..by_count.len())
                    .filter(|k| by_count[*k].has(len))
                    .collect();
                let k = *self.rng.pick(&counts)?;
                let parts = vec![rep.sub.as_ref(); k];
                let sets = vec![one; k];
                self.split(parts, &sets, len, out)
            }
        }
    }

    /// Fills `parts` in order with lengths that add up to `len`.
    fn split(
        &mut self,
        parts: Vec<&Hir>,
        sets: &[Lengths],
        len: usize,
        out: &mut String,
    ) -> Option<()> {
        // rest[i]: the lengths parts i.. can have together.
        let mut rest = vec![Lengths::single(self.cap, 0); parts.len() + 1];
        for i in (0..parts.len()).rev() {
            rest[i] = sets[i].sum(&rest[i + 1], &mut self.budget)?;
        }
        if !rest[0].has(len) {
            return None;
        }
        let mut left = len;
        for (i, part) in parts.iter().enumerate() {
            let choices: Vec<usize> = sets[i]
                .members()
                .filter(|l| *l <= left && rest[i + 1].has(left - l))
                .collect();
            let chosen = *self.rng.pick(&choices)?;
            self.fill(part, chosen, out)?;
            left -= chosen;
        }
        (left == 0).then_some(())
    }

    fn char_in(&mut self, class: &Class) -> Option<char> {
        let contains = |c: char| match class {
            Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
            Class::Bytes(b) => {
                c.is_ascii()
                    && b.ranges()
                        .iter()
                        .any(|r| r.start() <= c as u8 && c as u8 <= r.end())
            }
        };
        let preferred: Vec<char> = PREFERRED.chars().filter(|c| contains(*c)).collect();
        if let Some(c) = self.rng.pick(&preferred) {
            return Some(*c);
        }
        let printable: Vec<char> = (' '..='~').filter(|c| contains(*c)).collect();
        if let Some(c) = self.rng.pick(&printable) {
            return Some(*c);
        }
        match class {
            Class::Unicode(u) => u.ranges().first().map(|r| r.start()),
            Class::Bytes(b) => b.ranges().first().map(|r| char::from(r.start())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::translate;

    fn sample(pattern: &str, len: usize, seed: u64) -> Option<String> {
        let rust = translate(pattern).expect("translates");
        matching(&rust, len, &mut Rng::new(seed, pattern))
    }

    #[test]
    fn samples_have_the_length_and_match() {
        let id = sample(r"^(\w+)$", 100, 1).expect("a sample");
        assert_eq!(id.chars().count(), 100);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        assert!(
            id.chars().collect::<std::collections::BTreeSet<_>>().len() > 10,
            "not trivial: {id}"
        );
        let key = sample(r"^[a-zA-Z0-9/+]{43}=$", 44, 2).expect("a sample");
        assert!(key.ends_with('=') && key.len() == 44);
        let ip = sample(r"^([0-9]{1,3}\.){3}[0-9]{1,3}$", 15, 3).expect("a sample");
        assert_eq!(ip.len(), 15);
        assert_eq!(ip.split('.').count(), 4);
        assert_eq!(sample(r"^[a-zA-Z0-9/+]{43}=$", 45, 2), None);
        assert_eq!(sample(r"^(\w+)$", 0, 1), None);
        let message = sample(r"^[\S \n]+$", 20, 4).expect("a sample");
        assert_eq!(message.chars().count(), 20);
    }

    #[test]
    fn samples_are_deterministic() {
        assert_eq!(sample(r"^(\w+)$", 30, 9), sample(r"^(\w+)$", 30, 9));
        assert_ne!(sample(r"^(\w+)$", 30, 9), sample(r"^(\w+)$", 30, 10));
    }
}
