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

    /// Adds to `out` every length of `self` increased by `by`, saturating at `cap`; `out` has
    /// the same cap.
    fn shift_into(&self, by: usize, out: &mut Lengths) {
        if by >= self.cap {
            if !self.is_empty() {
                out.insert(self.cap);
            }
            return;
        }
        let (skip, bits) = (by / 64, by % 64);
        for i in skip..out.words.len() {
            let low = self.words[i - skip] << bits;
            let carry = if bits > 0 && i > skip {
                self.words[i - skip - 1] >> (64 - bits)
            } else {
                0
            };
            out.words[i] |= low | carry;
        }
        // Whatever moved past `cap` lands in the saturated slot, and the bits above it go.
        if self.cap % 64 != 63 {
            out.words[self.cap / 64] &= (1u64 << (self.cap % 64 + 1)) - 1;
        }
        if self.largest().is_some_and(|n| n + by >= self.cap) {
            out.insert(self.cap);
        }
    }

    /// How many lengths the set holds.
    fn count(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Every `a + b` for `a` in `self` and `b` in `other`, saturating at `cap`. The sum is
    /// symmetric, so the set with fewer lengths is the one walked.
    pub(crate) fn sum(&self, other: &Lengths, budget: &mut Budget) -> Option<Lengths> {
        debug_assert_eq!(self.cap, other.cap, "sets of one analysis share their cap");
        let (walked, shifted) = if other.count() <= self.count() {
            (other, self)
        } else {
            (self, other)
        };
        let mut out = Lengths::empty(self.cap);
        for b in walked.members() {
            budget.spend(2 * self.words.len())?;
            shifted.shift_into(b, &mut out);
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
            let copies = Copies {
                min: rep.min,
                max: rep.max,
            };
            match one.only() {
                Some(width) => counted(width, copies, cap, budget)?,
                None => summed(&one, copies, budget)?,
            }
        }
    })
}

/// How many copies a repetition allows: `min..=max`, and no bound without `max`.
#[derive(Clone, Copy, Debug)]
struct Copies {
    min: u32,
    max: Option<u32>,
}

/// The lengths of the copies of something with the lengths `one`, one more copy at a time until
/// the lengths stop changing.
fn summed(one: &Lengths, Copies { min, max }: Copies, budget: &mut Budget) -> Option<Lengths> {
    let mut set = Lengths::empty(one.cap);
    let mut reached = Lengths::single(one.cap, 0);
    let mut count: u32 = 0;
    loop {
        if count >= min {
            set.union(&reached);
        }
        if max.is_some_and(|max| count >= max) {
            break;
        }
        let next = reached.sum(one, budget)?;
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
    Some(set)
}

/// The lengths of the copies of something `width` long, counted out rather than summed, since a
/// class repeated up to a large bound is the common case.
fn counted(
    width: usize,
    Copies { min, max }: Copies,
    cap: usize,
    budget: &mut Budget,
) -> Option<Lengths> {
    // regex-syntax refuses `{n,m}` with m below n, so no repetition allows fewer than none.
    debug_assert!(max.is_none_or(|max| max >= min));
    let mut set = Lengths::empty(cap);
    if width == 0 {
        set.insert(0);
        return Some(set);
    }
    let mut count = min as usize;
    loop {
        budget.spend(1)?;
        let length = count.saturating_mul(width);
        set.insert(length);
        if length >= cap || max.is_some_and(|max| count >= max as usize) {
            return Some(set);
        }
        count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{Budget, Copies, Lengths, counted, summed};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn set(cap: usize, members: &BTreeSet<usize>) -> Lengths {
        let mut set = Lengths::empty(cap);
        for n in members {
            set.insert(*n);
        }
        set
    }

    proptest! {
        /// The sum of two sets is every pairwise sum, saturated at the cap, in either order
        /// and wherever the cap falls in its word.
        #[test]
        fn sums_are_pairwise_and_saturate(
            cap in prop_oneof![1usize..10, 60usize..70, 125usize..131, 190usize..260],
            a in proptest::collection::btree_set(0usize..300, 0..12),
            b in proptest::collection::btree_set(0usize..300, 0..40),
        ) {
            let (a, b): (BTreeSet<usize>, BTreeSet<usize>) = (
                a.into_iter().map(|n| n.min(cap)).collect(),
                b.into_iter().map(|n| n.min(cap)).collect(),
            );
            let expected: BTreeSet<usize> =
                a.iter().flat_map(|x| b.iter().map(move |y| (x + y).min(cap))).collect();
            let mut budget = Budget(u64::MAX);
            for sum in [
                set(cap, &a).sum(&set(cap, &b), &mut budget).expect("within budget"),
                set(cap, &b).sum(&set(cap, &a), &mut budget).expect("within budget"),
            ] {
                prop_assert_eq!(sum.members().collect::<BTreeSet<_>>(), expected.clone());
                prop_assert!(sum.words.iter().enumerate().all(|(i, w)| i * 64 + 64 - w.leading_zeros() as usize <= cap + 1 || *w == 0));
            }
        }

        /// Shifting a set adds the shift to each length, saturated at the cap, and leaves what
        /// the output already held.
        #[test]
        fn shifts_add_and_saturate(
            cap in prop_oneof![1usize..10, 60usize..70, 125usize..131, 190usize..260],
            a in proptest::collection::btree_set(0usize..300, 0..20),
            held in proptest::collection::btree_set(0usize..300, 0..5),
            by in 0usize..300,
        ) {
            let clamp = |s: BTreeSet<usize>| -> BTreeSet<usize> {
                s.into_iter().map(|n| n.min(cap)).collect()
            };
            let (a, held) = (clamp(a), clamp(held));
            let mut out = set(cap, &held);
            set(cap, &a).shift_into(by, &mut out);
            let expected: BTreeSet<usize> =
                held.iter().copied().chain(a.iter().map(|n| (n + by).min(cap))).collect();
            prop_assert_eq!(out.members().collect::<BTreeSet<_>>(), expected);
        }

        /// Counting out the copies of something of one length gives what adding one copy at a
        /// time gives.
        #[test]
        fn counted_repetitions_are_summed_ones(
            cap in prop_oneof![1usize..10, 60usize..70, 125usize..200],
            width in 0usize..5,
            min in 0u32..50,
            extra in proptest::option::of(0u32..80),
        ) {
            let copies = Copies { min, max: extra.map(|extra| min + extra) };
            let mut budget = Budget(u64::MAX);
            let one = Lengths::single(cap, width);
            prop_assert!(
                counted(width, copies, cap, &mut budget) == summed(&one, copies, &mut budget)
            );
        }
    }
}
