//! Compiled patterns, shared by the generator and the runtime. Most patterns in API documents
//! are anchored runs of character classes (`^[a-zA-Z0-9/+]{43}=$`, `^[0-9]+$`); those are
//! matched by a scan over the text's characters. Every other pattern goes to `regex`, or to
//! `fancy-regex` where it needs look-around.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A compiled pattern, on the cheapest engine that decides it exactly.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// An anchored sequence of character-class runs.
    Runs(Runs),
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

impl Matcher {
    /// Compiles `rust`, a pattern for Rust's `regex` crate (or `fancy-regex` where it has
    /// look-around); `None` when neither engine takes it.
    pub fn new(rust: &str) -> Option<Matcher> {
        if let Some(runs) = Runs::of(rust) {
            return Some(Matcher::Runs(runs));
        }
        regex::Regex::new(rust)
            .map(Matcher::Linear)
            .ok()
            .or_else(|| {
                fancy_regex::Regex::new(rust)
                    .ok()
                    .map(Matcher::Backtracking)
            })
    }

    /// Whether the pattern matches somewhere in `text`. A backtracking match that runs out of
    /// steps counts as a match: a value is never called wrong for the engine's limits.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Matcher::Runs(runs) => runs.is_match(text),
            Matcher::Linear(re) => re.is_match(text),
            Matcher::Backtracking(re) => re.is_match(text).unwrap_or(true),
        }
    }
}

/// A pattern anchored at both ends that is a sequence of runs, each a character class repeated
/// between `min` and `max` times. Where a run's length varies, no later run shares a character
/// with it, so a greedy scan finds the only way the text can split into the runs.
#[derive(Debug, Clone)]
pub struct Runs {
    runs: Vec<Run>,
}

#[derive(Debug, Clone)]
struct Run {
    class: CharClass,
    min: u32,
    max: Option<u32>,
}

/// A set of characters: a table of the ASCII ones (indexed by byte, so every byte of a
/// multi-byte character reads `false`), and sorted ranges of the rest.
#[derive(Debug, Clone, PartialEq)]
struct CharClass {
    ascii: [bool; 256],
    others: Vec<(char, char)>,
}

impl CharClass {
    fn of(class: &Class) -> Option<CharClass> {
        let Class::Unicode(class) = class else {
            return None;
        };
        let mut ascii = [false; 256];
        let mut others = Vec::new();
        for range in class.iter() {
            let (start, end) = (u32::from(range.start()), u32::from(range.end()));
            for c in start..=end.min(127) {
                ascii[c as usize] = true;
            }
            if end >= 128 {
                let start = char::from_u32(start.max(128))?;
                others.push((start, range.end()));
            }
        }
        Some(CharClass { ascii, others })
    }

    fn single(c: char) -> CharClass {
        let mut ascii = [false; 256];
        let mut others = Vec::new();
        if c.is_ascii() {
            ascii[c as usize] = true;
        } else {
            others.push((c, c));
        }
        CharClass { ascii, others }
    }

    /// How many bytes at the start of `bytes` are ASCII characters of the class. Groups of
    /// sixteen, then of four, are checked without a branch per byte, since a valid text is
    /// mostly long runs; only the four-byte group where the run ends, and the last few bytes, go
    /// one by one.
    fn admitted(&self, bytes: &[u8]) -> usize {
        let admits = |b: &u8| self.ascii[usize::from(*b)];
        // A sum rather than a fold of `&`, which the compiler turns back into a branch per byte.
        let whole = |group: &[u8]| {
            usize::from(group.iter().map(|b| u8::from(admits(b))).sum::<u8>()) == group.len()
        };
        let mut at = 16 * bytes.chunks_exact(16).take_while(|g| whole(g)).count();
        at += 4 * bytes[at..].chunks_exact(4).take_while(|g| whole(g)).count();
        at + bytes[at..]
            .iter()
            .position(|b| !admits(b))
            .unwrap_or(bytes.len() - at)
    }

    fn contains(&self, c: char) -> bool {
        let code = u32::from(c);
        if code < 128 {
            return self.ascii[code as usize];
        }
        self.others
            .binary_search_by(|&(start, end)| {
                if end < c {
                    std::cmp::Ordering::Less
                } else if start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    fn overlaps(&self, other: &CharClass) -> bool {
        self.ascii.iter().zip(&other.ascii).any(|(a, b)| *a && *b)
            || self
                .others
                .iter()
                .any(|&(a, b)| other.others.iter().any(|&(c, d)| a <= d && c <= b))
    }
}

impl Runs {
    /// The runs of `rust`, when it is one anchored sequence of them that a greedy scan decides.
    pub fn of(rust: &str) -> Option<Runs> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(rust)
            .ok()?;
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let (first, rest) = parts.split_first()?;
        let (last, middle) = rest.split_last()?;
        if !matches!(first.kind(), HirKind::Look(Look::Start))
            || !matches!(last.kind(), HirKind::Look(Look::End))
        {
            return None;
        }
        let mut runs = Vec::new();
        for part in middle {
            push_runs(part, &mut runs)?;
        }
        let decided = runs.iter().enumerate().all(|(i, run)| {
            run.max == Some(run.min) || runs[i + 1..].iter().all(|r| !r.class.overlaps(&run.class))
        });
        decided.then_some(Runs { runs })
    }

    /// Whether `text`, whole, is the sequence of runs. The scan reads bytes and looks each up
    /// in the run's table; at the first byte of a non-ASCII character it starts again over
    /// characters.
    pub fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut at = 0;
        for run in &self.runs {
            let limit = run
                .max
                .map_or(bytes.len(), |max| bytes.len().min(at + max as usize));
            let taken = run.class.admitted(&bytes[at..limit]);
            at += taken;
            if bytes.get(at).is_some_and(|b| !b.is_ascii()) {
                return self.char_match(text);
            }
            if taken < run.min as usize {
                return false;
            }
        }
        at == bytes.len()
    }

    fn char_match(&self, text: &str) -> bool {
        let mut chars = text.chars().peekable();
        for run in &self.runs {
            let mut taken = 0u32;
            while run.max.is_none_or(|max| taken < max) {
                match chars.peek() {
                    Some(&c) if run.class.contains(c) => {
                        chars.next();
                        taken += 1;
                    }
                    _ => break,
                }
            }
            if taken < run.min {
                return false;
            }
        }
        chars.next().is_none()
    }
}

/// Appends the runs `hir` stands for, or gives up on a construct that is not a run.
fn push_runs(hir: &Hir, runs: &mut Vec<Run>) -> Option<()> {
    match hir.kind() {
        HirKind::Capture(capture) => push_runs(&capture.sub, runs),
        HirKind::Concat(parts) => parts.iter().try_for_each(|p| push_runs(p, runs)),
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            runs.extend(text.chars().map(|c| Run {
                class: CharClass::single(c),
                min: 1,
                max: Some(1),
            }));
            Some(())
        }
        HirKind::Class(class) => {
            runs.push(Run {
                class: CharClass::of(class)?,
                min: 1,
                max: Some(1),
            });
            Some(())
        }
        HirKind::Repetition(repetition) => {
            let class = match repetition.sub.kind() {
                HirKind::Class(class) => CharClass::of(class)?,
                HirKind::Literal(literal) => {
                    let text = std::str::from_utf8(&literal.0).ok()?;
                    let mut chars = text.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        return None;
                    };
                    CharClass::single(c)
                }
                _ => return None,
            };
            runs.push(Run {
                class,
                min: repetition.min,
                max: repetition.max,
            });
            Some(())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn anchored_class_runs_are_scanned() {
        for pattern in [
            r"^[a-zA-Z0-9/+]{43}=$",
            r"^([0-9A-Za-z_]+)$",
            r"^[0-9]+$",
            r"^[a-zA-Z0-9+/=]{1,1024}$",
            r"^(?i:bearer) [^\t\n\x0B\x0C\r ]+$",
            r"^ab?c*$",
            r"^é{2}x$",
            r"^(a|b)=?$",
        ] {
            assert!(Runs::of(pattern).is_some(), "{pattern}");
        }
    }

    #[test]
    fn anything_else_goes_to_regex() {
        for pattern in [
            r"[0-9]+",
            r"^[0-9]+",
            r"^(ab|cd)$",
            r"^[a-z]+[a-c]$",
            r"^(ab)+$",
            r"^[a-z]*[0-9]?[a-z]$",
            r"^(?=a)a$",
        ] {
            assert!(Runs::of(pattern).is_none(), "{pattern}");
        }
    }

    /// The patterns the scan takes, tried against `regex` on texts made of the characters they
    /// use and a few they do not.
    const PATTERNS: &[&str] = &[
        r"^[a-zA-Z0-9/+]{3}=$",
        r"^([0-9A-Za-z_]+)$",
        r"^[0-9]+$",
        r"^[a-c]{1,4}$",
        r"^(?i:ab) [^\t\n\x0B\x0C\r ]+$",
        r"^ab?c*$",
        r"^é{2}x$",
        r"^(a|b)=?$",
        r"^[a-z]{0,3}-[0-9]{2,}$",
        r"^$",
        r"^[0-9a-c]{33}=?$",
        r"^[a-c]+-?[0-9]*$",
        r"^[a-cé]+$",
        r"^[a-c]{2}[0-9]{1,3}$",
        r"^x{2}[a-cé]{0,2}$",
    ];

    /// `admitted` against a byte-by-byte count, for every length up to 40 and every position
    /// of the first refused byte, or none: every boundary of the sixteen- and four-byte groups.
    #[test]
    fn admitted_counts_the_leading_bytes_the_class_takes() {
        let Some(Matcher::Runs(runs)) = Matcher::new(r"^[a-c]+$") else {
            panic!("a run pattern");
        };
        let class = &runs.runs[0].class;
        for len in 0..=40 {
            for refused in (0..len).map(Some).chain([None]) {
                let text: Vec<u8> = (0..len)
                    .map(|i| {
                        if Some(i) == refused {
                            b'z'
                        } else {
                            b"abc"[i % 3]
                        }
                    })
                    .collect();
                assert_eq!(
                    class.admitted(&text),
                    refused.unwrap_or(len),
                    "{len} {refused:?}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn the_scan_agrees_with_regex(index in 0..PATTERNS.len(), text in "[a-cA-B0-9/+=_ é\\-x\t]{0,8}|[a-c0-9=-]{0,6}|[a-c0-9]{0,40}[=é-]?[a-c0-9]{0,3}|[a-c]{0,9}|x{0,3}[a-cé]{0,3}") {
            let pattern = PATTERNS[index];
            let runs = Runs::of(pattern).expect("a run pattern");
            let re = regex::Regex::new(pattern).expect("valid");
            prop_assert_eq!(runs.is_match(&text), re.is_match(&text), "{} on {:?}", pattern, text);
        }
    }
}
