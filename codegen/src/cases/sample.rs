//! Strings that match a pattern with an exact length, drawn from a seeded stream: how the cases
//! get a 100-character `\w` AssetId or a 44-character public key that is not all `a`s.

use super::rng::Rng;
use crate::pattern::{Budget, Lengths, lengths};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A string of exactly `len` characters that matches the translated pattern `rust`, if one exists
/// and can be found.
pub fn matching(rust: &str, len: usize, rng: &mut Rng) -> Option<String> {
    let prepared = prepared(rust)?;
    let mut sampler = Sampler {
        cap: len + 1,
        rng,
        budget: Budget(20_000_000),
    };
    for _ in 0..prepared.tries {
        let mut out = String::new();
        sampler.fill(&prepared.core, len, &mut out)?;
        if out.chars().count() == len && prepared.whole.is_match(&out) {
            return Some(out);
        }
    }
    None
}

/// What sampling needs of a translated pattern, worked out once per thread.
struct Prepared {
    /// The pattern without its look-arounds, parsed: samples come from it.
    core: Hir,
    /// The whole pattern, which picks a sample that also satisfies the look-arounds.
    whole: std::sync::Arc<crate::pattern::Matcher>,
    /// How many draws of the same seeded stream to try: one when there are no look-arounds.
    tries: usize,
}

/// The prepared form of a translated pattern, or `None` when it does not parse or compile.
fn prepared(rust: &str) -> Option<Rc<Prepared>> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<Rc<Prepared>>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(found) = cache.borrow().get(rust) {
            return found.clone();
        }
        let core = crate::pattern::core(rust);
        let tries = if core == rust { 1 } else { 32 };
        let made = regex_syntax::Parser::new()
            .parse(&core)
            .ok()
            .zip(crate::pattern::compiled(rust))
            .map(|(core, whole)| Rc::new(Prepared { core, whole, tries }));
        cache.borrow_mut().insert(rust.to_string(), made.clone());
        made
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
    static LENGTHS: Remembered<(usize, usize), Rc<Lengths>> = RefCell::new(HashMap::new());
    /// The lengths of each number of repetitions of a node, by node, cap and limit.
    static COUNTS: Remembered<(usize, usize, usize), Rc<Vec<Lengths>>> = RefCell::new(HashMap::new());
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
    fn lengths(&mut self, hir: &Hir) -> Option<Rc<Lengths>> {
        let cap = self.cap;
        let key = (std::ptr::from_ref(hir) as usize, cap);
        remembered(&LENGTHS, key, &mut self.budget, |budget| {
            lengths(hir, cap, budget).map(Rc::new)
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
                if let Some(width) = one.only().filter(|w| *w > 0) {
                    return self.fill_fixed(rep, width, limit, len, out);
                }
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
                    Some(Rc::new(by_count))
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

    /// A repetition whose every copy has the same length `width`: the one count that fills `len`,
    /// if there is one, drawn from the stream as the general search would draw it (a pick among
    /// one count, then a pick among one length for each copy), so samples do not depend on which
    /// path found them.
    fn fill_fixed(
        &mut self,
        rep: &regex_syntax::hir::Repetition,
        width: usize,
        limit: usize,
        len: usize,
        out: &mut String,
    ) -> Option<()> {
        let k = len / width;
        let fits =
            len.is_multiple_of(width) && (rep.min as usize..=limit).contains(&k) && k < self.cap;
        if !fits {
            return None;
        }
        self.rng.below(1);
        for _ in 0..k {
            self.rng.below(1);
            self.fill(&rep.sub, width, out)?;
        }
        Some(())
    }

    /// Fills `parts` in order with lengths that add up to `len`.
    fn split(
        &mut self,
        parts: Vec<&Hir>,
        sets: &[Rc<Lengths>],
        len: usize,
        out: &mut String,
    ) -> Option<()> {
        // Parts of one length each leave no choice: the stream is drawn once per part, as the
        // search below would draw it.
        if let Some(widths) = sets.iter().map(|s| s.only()).collect::<Option<Vec<_>>>() {
            if widths.iter().sum::<usize>() != len {
                return None;
            }
            for (part, width) in parts.iter().zip(widths) {
                self.rng.below(1);
                self.fill(part, width, out)?;
            }
            return Some(());
        }
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

    /// A character of `class`: a preferred one if the class has any, else a printable ASCII
    /// one, else its first.
    fn char_in(&mut self, class: &Class) -> Option<char> {
        let choices = CHOICES.with(|cache| {
            let key = std::ptr::from_ref(class) as usize;
            Rc::clone(
                cache
                    .borrow_mut()
                    .entry(key)
                    .or_insert_with(|| Rc::new(Choices::of(class))),
            )
        });
        for tier in [&choices.preferred, &choices.printable] {
            if let Some(c) = self.rng.pick(tier) {
                return Some(*c);
            }
        }
        choices.first
    }
}

/// The characters a class offers a sample, in the order they are drawn from.
struct Choices {
    /// The class's characters among [`PREFERRED`], in its order.
    preferred: Vec<char>,
    /// The class's printable ASCII characters, from the space on.
    printable: Vec<char>,
    /// The class's first character.
    first: Option<char>,
}

impl Choices {
    fn of(class: &Class) -> Self {
        let contains = |c: &char| match class {
            Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= *c && *c <= r.end()),
            Class::Bytes(b) => {
                c.is_ascii()
                    && b.ranges()
                        .iter()
                        .any(|r| r.start() <= *c as u8 && *c as u8 <= r.end())
            }
        };
        Choices {
            preferred: PREFERRED.chars().filter(contains).collect(),
            printable: (' '..='~').filter(contains).collect(),
            first: match class {
                Class::Unicode(u) => u.ranges().first().map(|r| r.start()),
                Class::Bytes(b) => b.ranges().first().map(|r| char::from(r.start())),
            },
        }
    }
}

thread_local! {
    /// The choices of each class of a parsed pattern, by its address (parsed patterns are kept
    /// for the thread's life).
    static CHOICES: RefCell<HashMap<usize, Rc<Choices>>> = RefCell::new(HashMap::new());
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
