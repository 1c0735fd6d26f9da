//! Which lengths a translated pattern can match: a set of lengths worked out over the pattern's
//! syntax tree, within a budget, so the loader can refuse a pattern no value of the member's
//! length can match and the case derivation can find a length that works.

use super::core;
use regex_syntax::hir::{Hir, HirKind, Look};

/// Whether some string of `min..=max` characters matches the translated pattern `rust`.
/// `max` of `None` means no upper bound. When the answer would take too long to work out, the
/// answer is `true`: the loader only refuses a pattern it has proved unsatisfiable.
pub fn can_match_length(rust: &str, min: u64, max: Option<u64>) -> bool {
    let Ok(hir) = regex_syntax::Parser::new().parse(&core(rust)) else {
        return true;
    };
    // Lengths are tracked up to `cap`; the last slot stands for "cap or more".
    let cap = max.map_or(min, |m| m.saturating_add(1)).min(1 << 16) as usize;
    let mut budget = Budget(50_000_000);
    let Some(lengths) = lengths(&hir, cap, &mut budget) else {
        return true;
    };
    let props = hir.properties();
    let anchored = props.look_set_prefix().contains(Look::Start)
        && props.look_set_suffix().contains(Look::End);
    let upper = max.map_or(cap, |m| (m as usize).min(cap));
    let lower = if anchored { (min as usize).min(cap) } else { 0 };
    // Other characters may surround an unanchored match, so then only the shortest matters.
    (lower..=upper).any(|n| lengths.has(n))
}

/// How many word operations the length analysis may still spend.
pub(crate) struct Budget(pub(crate) u64);

impl Budget {
    fn spend(&mut self, words: usize) -> Option<()> {
        self.0 = self.0.checked_sub(words as u64)?;
        Some(())
    }
}

/// A set of lengths `0..=cap`, where `cap` stands for every length from `cap` on.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Lengths {
    cap: usize,
    words: Vec<u64>,
}

impl Lengths {
    fn empty(cap: usize) -> Self {
        Lengths {
            cap,
            words: vec![0; cap / 64 + 1],
        }
    }

    pub(crate) fn single(cap: usize, n: usize) -> Self {
        let mut set = Lengths::empty(cap);
        set.insert(n);
        set
    }

    fn insert(&mut self, n: usize) {
        let n = n.min(self.cap);
        self.words[n / 64] |= 1 << (n % 64);
    }

    pub(crate) fn has(&self, n: usize) -> bool {
        n <= self.cap && self.words[n / 64] & (1 << (n % 64)) != 0
    }

    /// The one length of a set that has exactly one.
    pub(crate) fn only(&self) -> Option<usize> {
        let mut members = self.members();
        let first = members.next()?;
        members.next().is_none().then_some(first)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    pub(crate) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, word)| {
            let mut rest = *word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    i * 64 + bit
                })
            })
        })
    }

    fn largest(&self) -> Option<usize> {
        let (i, word) = self
            .words
            .iter()
            .enumerate()
            .rev()
            .find(|(_, w)| **w != 0)?;
        Some(i * 64 + 63 - word.leading_zeros() as usize)
    }

    fn union(&mut self, other: &Lengths) {
        for (word, o) in self.words.iter_mut().zip(&other.words) {
            *word |= o;
        }
    }

    /// `self` with every length increased by `by`, saturating at `cap`.
    fn shifted(&self, by: usize) -> Lengths {
        let mut out = Lengths::empty(self.cap);
        if by > self.cap {
            if !self.is_empty() {
                out.insert(self.cap);
            }
            return out;
        }
        let (skip, bits) = (by / 64, by % 64);
        for i in (skip..out.words.len()).rev() {
            let low = self.words[i - skip];
            let carry = if bits > 0 && i > skip {
                self.words[i - skip - 1] >> (64 - bits)
            } else {
                0
            };
            out.words[i] = (low << bits) | carry;
        }
        // Whatever moved past `cap` lands in the saturated slot.
        let overflow = self.largest().is_some_and(|n| n + by >= self.cap);
        let last = self.cap / 64;
        let keep = if self.cap % 64 == 63 {
            u64::MAX
        } else {
            (1u64 << (self.cap % 64 + 1)) - 1
        };
        out.words[last] &= keep;
        if overflow {
            out.insert(self.cap);
        }
        out
    }

    /// Every `a + b` for `a` in `self` and `b` in `other`, saturating at `cap`.
    pub(crate) fn sum(&self, other: &Lengths, budget: &mut Budget) -> Option<Lengths> {
        let mut out = Lengths::empty(self.cap);
        for b in other.members() {
            budget.spend(2 * self.words.len())?;
            out.union(&self.shifted(b));
        }
        Some(out)
    }
}

/// The set of match lengths (in characters) of `hir`, or `None` past the budget.
pub(crate) fn lengths(hir: &Hir, cap: usize, budget: &mut Budget) -> Option<Lengths> {
    budget.spend(1)?;
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lengths::single(cap, 0),
        HirKind::Literal(lit) => {
            Lengths::single(cap, String::from_utf8_lossy(&lit.0).chars().count())
        }
        HirKind::Class(class) => {
            let empty = match class {
                regex_syntax::hir::Class::Unicode(c) => c.ranges().is_empty(),
                regex_syntax::hir::Class::Bytes(c) => c.ranges().is_empty(),
            };
            if empty {
                Lengths::empty(cap)
            } else {
                Lengths::single(cap, 1)
            }
        }
        HirKind::Capture(capture) => lengths(&capture.sub, cap, budget)?,
        HirKind::Concat(parts) => {
            let mut set = Lengths::single(cap, 0);
            for part in parts {
                set = set.sum(&lengths(part, cap, budget)?, budget)?;
            }
            set
        }
        HirKind::Alternation(parts) => {
            let mut set = Lengths::empty(cap);
            for part in parts {
                set.union(&lengths(part, cap, budget)?);
            }
            set
        }
        HirKind::Repetition(rep) => {
            let one = lengths(&rep.sub, cap, budget)?;
            let mut set = Lengths::empty(cap);
            let mut reached = Lengths::single(cap, 0);
            let mut count: u32 = 0;
            loop {
                if count >= rep.min {
                    set.union(&reached);
                }
                if rep.max.is_some_and(|max| count >= max) {
                    break;
                }
                let next = reached.sum(&one, budget)?;
                if next.is_empty() {
                    break;
                }
                if next == reached {
                    // Every further repetition gives the same lengths again.
                    set.union(&next);
                    break;
                }
                reached = next;
                count += 1;
            }
            set
        }
    })
}
