//! Document patterns (Java and ECMAScript regular expressions) carried over to Rust's `regex`.
//!
//! Two decisions, written down in spec/README.md:
//! - Classes keep their ASCII meaning: `\w` is `[A-Za-z0-9_]`, `\d` is `[0-9]` and `\s` is
//!   `[\t\n\x0B\f\r ]`, as in Java without `UNICODE_CHARACTER_CLASS` and in ECMAScript. Rust would
//!   read them as Unicode classes, so they are rewritten. `.` excludes the ECMAScript line
//!   terminators. Word boundaries are refused, since Rust's ASCII `\b` cannot run on text.
//! - Patterns are not anchored for you: a pattern matches if it matches anywhere in the value, as
//!   Smithy and JSON Schema say, so the documents' `^...$` is what anchors them. `$` matches only
//!   at the very end (ECMAScript), so a trailing newline breaks `^(\w+)$`.

use regex_syntax::ast::{self, Ast, ClassPerlKind, ClassSetItem};
use regex_syntax::hir::{Hir, HirKind, Look};

/// `pattern` rewritten for Rust's `regex` with the documents' semantics, or why it cannot be.
pub fn translate(pattern: &str) -> Result<String, String> {
    let ast = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("pattern does not compile: {}", e.kind()))?;
    let mut edits = ast::visit(&ast, Rewrites::default())?;
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut at = 0;
    edits.sort_by_key(|(start, _, _)| *start);
    for (start, end, replacement) in edits {
        out.push_str(&pattern[at..start]);
        out.push_str(replacement);
        at = end;
    }
    out.push_str(&pattern[at..]);
    regex::Regex::new(&out).map_err(|e| format!("pattern does not compile: {e}"))?;
    Ok(out)
}

#[derive(Default)]
struct Rewrites {
    edits: Vec<(usize, usize, &'static str)>,
}

impl Rewrites {
    fn perl(&mut self, class: &ast::ClassPerl) {
        let replacement = match (&class.kind, class.negated) {
            (ClassPerlKind::Digit, false) => "[0-9]",
            (ClassPerlKind::Digit, true) => "[^0-9]",
            (ClassPerlKind::Word, false) => "[0-9A-Za-z_]",
            (ClassPerlKind::Word, true) => "[^0-9A-Za-z_]",
            (ClassPerlKind::Space, false) => r"[\t\n\x0B\x0C\r ]",
            (ClassPerlKind::Space, true) => r"[^\t\n\x0B\x0C\r ]",
        };
        self.edits
            .push((class.span.start.offset, class.span.end.offset, replacement));
    }
}

impl ast::Visitor for Rewrites {
    type Output = Vec<(usize, usize, &'static str)>;
    type Err = String;

    fn finish(self) -> Result<Self::Output, String> {
        Ok(self.edits)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), String> {
        match ast {
            Ast::ClassPerl(class) => self.perl(class),
            Ast::Dot(span) => self.edits.push((
                span.start.offset,
                span.end.offset,
                r"[^\n\r\u{2028}\u{2029}]",
            )),
            Ast::Assertion(assertion) => match assertion.kind {
                ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary => {
                    return Err(
                        "pattern uses a word boundary (\\b or \\B), which conform does not support"
                            .into(),
                    );
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), String> {
        if let ClassSetItem::Perl(class) = item {
            self.perl(class);
        }
        Ok(())
    }
}

/// Whether some string of `min..=max` characters matches the translated pattern `rust`.
/// `max` of `None` means no upper bound.
pub fn can_match_length(rust: &str, min: u64, max: Option<u64>) -> bool {
    let Ok(hir) = regex_syntax::Parser::new().parse(rust) else {
        return true;
    };
    // Lengths are tracked up to `cap`; the last slot stands for "cap or more".
    let cap = max.map_or(min, |m| m.saturating_add(1)).min(1 << 16) as usize;
    let lengths = lengths(&hir, cap);
    let props = hir.properties();
    let anchored = props.look_set_prefix().contains(Look::Start)
        && props.look_set_suffix().contains(Look::End);
    let upper = max.map_or(cap, |m| (m as usize).min(cap));
    if anchored {
        let lower = (min as usize).min(cap);
        (lower..=upper).any(|n| lengths[n])
    } else {
        // Other characters may surround an unanchored match, so only the shortest matters.
        (0..=upper).any(|n| lengths[n])
    }
}

/// The set of match lengths (in characters) of `hir`, as flags `0..=cap` with `cap` saturating.
fn lengths(hir: &Hir, cap: usize) -> Vec<bool> {
    let mut set = vec![false; cap + 1];
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => set[0] = true,
        HirKind::Literal(lit) => {
            let chars = String::from_utf8_lossy(&lit.0).chars().count();
            set[chars.min(cap)] = true;
        }
        HirKind::Class(class) => {
            let empty = match class {
                regex_syntax::hir::Class::Unicode(c) => c.ranges().is_empty(),
                regex_syntax::hir::Class::Bytes(c) => c.ranges().is_empty(),
            };
            if !empty {
                set[1.min(cap)] = true;
            }
        }
        HirKind::Capture(capture) => return lengths(&capture.sub, cap),
        HirKind::Concat(parts) => {
            set[0] = true;
            for part in parts {
                set = sum(&set, &lengths(part, cap), cap);
            }
        }
        HirKind::Alternation(parts) => {
            for part in parts {
                union(&mut set, &lengths(part, cap));
            }
        }
        HirKind::Repetition(rep) => {
            let one = lengths(&rep.sub, cap);
            let mut reached = vec![false; cap + 1];
            reached[0] = true;
            let mut count: u32 = 0;
            loop {
                if count >= rep.min {
                    union(&mut set, &reached);
                }
                if rep.max.is_some_and(|max| count >= max) {
                    break;
                }
                let next = sum(&reached, &one, cap);
                if next.iter().all(|on| !on) {
                    break;
                }
                if next == reached {
                    // Every further repetition gives the same lengths again.
                    union(&mut set, &next);
                    break;
                }
                reached = next;
                count += 1;
            }
        }
    }
    set
}

fn union(set: &mut [bool], other: &[bool]) {
    for (slot, on) in set.iter_mut().zip(other) {
        *slot |= *on;
    }
}

/// The lengths `a + b` for every `a` in `left` and `b` in `right`, saturating at `cap`.
fn sum(left: &[bool], right: &[bool], cap: usize) -> Vec<bool> {
    let mut out = vec![false; cap + 1];
    for (a, _) in left.iter().enumerate().filter(|(_, on)| **on) {
        for (b, _) in right.iter().enumerate().filter(|(_, on)| **on) {
            out[(a + b).min(cap)] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        let rust = translate(pattern).expect("pattern translates");
        regex::Regex::new(&rust).expect("compiles").is_match(value)
    }

    #[test]
    fn word_class_is_ascii() {
        assert!(matches(r"^(\w+)$", "abc_09"));
        assert!(!matches(r"^(\w+)$", "abcé"));
        assert!(!matches(r"^(\w+)$", "ab-c"));
        assert!(!matches(r"^(\w+)$", "abc\n"));
    }

    #[test]
    fn classes_inside_brackets_are_ascii() {
        assert!(matches(r"^[\S \n]+$", "héllo world\n"));
        assert!(!matches(r"^[\S \n]+$", "tab\there"));
        assert!(!matches(r"^[\d]+$", "١٢"));
    }

    #[test]
    fn word_boundaries_are_refused() {
        assert!(translate(r"\bx").is_err());
        assert!(translate(r"(unclosed").is_err());
    }

    #[test]
    fn length_satisfiability() {
        let key = translate(r"^[a-zA-Z0-9/+]{43}=$").expect("translates");
        assert!(can_match_length(&key, 44, Some(44)));
        assert!(!can_match_length(&key, 45, Some(50)));
        assert!(!can_match_length(&key, 1, Some(43)));
        let word = translate(r"^(\w+)$").expect("translates");
        assert!(can_match_length(&word, 1, Some(100)));
        assert!(!can_match_length(&word, 0, Some(0)));
        let gaps = translate(r"^(a{2}|a{10})$").expect("translates");
        assert!(!can_match_length(&gaps, 5, Some(6)));
        assert!(can_match_length(&gaps, 5, Some(10)));
        let unanchored = translate(r"abc").expect("translates");
        assert!(can_match_length(&unanchored, 10, Some(20)));
        assert!(!can_match_length(&unanchored, 0, Some(2)));
        let ip = translate(r"^([0-9]{1,3}\.){3}[0-9]{1,3}$").expect("translates");
        assert!(can_match_length(&ip, 7, Some(15)));
        assert!(!can_match_length(&ip, 16, Some(20)));
        let long = translate(r"^[a-zA-Z0-9+/=]{1,1024}$").expect("translates");
        assert!(can_match_length(&long, 1, Some(1024)));
        assert!(can_match_length(&long, 1, None));
    }
}
