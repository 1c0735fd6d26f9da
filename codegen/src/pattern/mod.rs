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
//!
//! Look-around (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`) is outside what `regex` can run. A pattern
//! that uses it is translated in the same way, piece by piece, and runs on `fancy-regex`, a
//! backtracking engine that hands every part without look-around to `regex`.

mod lengths;

pub use lengths::can_match_length;
pub(crate) use lengths::{Budget, Lengths, lengths};
use regex_syntax::ast::{self, Ast, ClassPerlKind, ClassSetItem};
use std::sync::Arc;

/// Why a documented pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("pattern does not compile: {0}")]
    Syntax(String),
    #[error("pattern does not compile: unopened group")]
    UnopenedGroup,
    #[error("pattern uses a word boundary (\\b or \\B), which conform does not support")]
    WordBoundary,
    #[error(
        "pattern uses the `s` flag (`.` matching line terminators), which conform does not support; write `[\\s\\S]` instead"
    )]
    DotAll,
}

/// `pattern` rewritten for Rust's `regex` (or, with look-around, `fancy-regex`) with the
/// documents' semantics, or why it cannot be.
pub fn translate(pattern: &str) -> Result<String, PatternError> {
    let out = rewrite(pattern)?;
    let backtracking = !lookarounds(&out)?.is_empty();
    // The compiled pattern is kept: the cases compile the same pattern again.
    match compiled(&out).as_deref() {
        Some(Matcher::Backtracking(_)) if !backtracking => {}
        Some(_) => return Ok(out),
        None => {}
    }
    let why = if backtracking {
        fancy_regex::Regex::new(&out).err().map(|e| e.to_string())
    } else {
        regex::Regex::new(&out).err().map(|e| e.to_string())
    };
    Err(PatternError::Syntax(why.unwrap_or_else(|| {
        "the pattern compiles on neither regex engine".to_string()
    })))
}

/// The rewrite itself. Each look-around is masked with filler of its own length while the rest
/// is parsed, and its body is rewritten on its own.
fn rewrite(pattern: &str) -> Result<String, PatternError> {
    let spans = lookarounds(pattern)?;
    let mut masked = pattern.to_string();
    for &(start, end, _) in &spans {
        let filler = format!("(?:{})", "a".repeat(end - start - 4));
        masked.replace_range(start..end, &filler);
    }
    let ast = ast::parse::Parser::new()
        .parse(&masked)
        .map_err(|e| PatternError::Syntax(e.kind().to_string()))?;
    let mut edits: Vec<(usize, usize, String)> = ast::visit(&ast, Rewrites::default())?
        .into_iter()
        .map(|(start, end, text)| (start, end, text.to_string()))
        .collect();
    for (start, end, prefix) in spans {
        let body = rewrite(&pattern[start + prefix.len()..end - 1])?;
        edits.push((start, end, format!("{prefix}{body})")));
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut at = 0;
    edits.sort_by_key(|(start, _, _)| *start);
    for (start, end, replacement) in edits {
        out.push_str(&pattern[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&pattern[at..]);
    Ok(out)
}

/// The outermost look-around groups of `pattern`: each group's byte span and its opening
/// (`(?=`, `(?!`, `(?<=` or `(?<!`).
fn lookarounds(pattern: &str) -> Result<Vec<(usize, usize, &'static str)>, PatternError> {
    const OPENINGS: [&str; 4] = ["(?<=", "(?<!", "(?=", "(?!"];
    let bytes = pattern.as_bytes();
    let mut spans = Vec::new();
    // For each open group: whether it is a look-around, with its start and opening.
    let mut groups: Vec<Option<(usize, &'static str)>> = Vec::new();
    let mut in_class = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class += 1,
            b']' if in_class > 0 => in_class -= 1,
            b'(' if in_class == 0 => {
                let opening = OPENINGS.into_iter().find(|o| pattern[i..].starts_with(o));
                groups.push(opening.map(|o| (i, o)));
            }
            b')' if in_class == 0 => {
                let group = groups.pop().ok_or(PatternError::UnopenedGroup)?;
                let outermost = groups.iter().all(Option::is_none);
                if let (Some((start, opening)), true) = (group, outermost) {
                    spans.push((start, i + 1, opening));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(spans)
}

/// A translated pattern without its look-arounds: what lengths and samples are worked out
/// from, since every string the whole pattern matches, this matches too.
pub fn core(rust: &str) -> String {
    let mut out = rust.to_string();
    for (start, end, _) in lookarounds(rust).unwrap_or_default().into_iter().rev() {
        out.replace_range(start..end, "");
    }
    out
}

pub use conform_model::pattern::Matcher;

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
    type Err = PatternError;

    fn finish(self) -> Result<Self::Output, PatternError> {
        Ok(self.edits)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), PatternError> {
        match ast {
            Ast::ClassPerl(class) => self.perl(class),
            Ast::Dot(span) => self.edits.push((
                span.start.offset,
                span.end.offset,
                r"[^\n\r\u{2028}\u{2029}]",
            )),
            Ast::Flags(flags) => refuse_dotall(&flags.flags)?,
            Ast::Group(group) => {
                if let ast::GroupKind::NonCapturing(flags) = &group.kind {
                    refuse_dotall(flags)?;
                }
            }
            Ast::Assertion(assertion) => match assertion.kind {
                ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary => {
                    return Err(PatternError::WordBoundary);
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), PatternError> {
        if let ClassSetItem::Perl(class) = item {
            self.perl(class);
        }
        Ok(())
    }
}

/// The compiled form of a translated pattern, compiled once per process and shared by the
/// threads: lowering checks each pattern, and case derivation asks for the same patterns
/// thousands of times. The matcher itself is shared, not cloned: a cloned `regex::Regex` starts
/// with empty caches, and would build its lazy DFA again for every match.
pub fn compiled(rust: &str) -> Option<Arc<Matcher>> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex, PoisonError};
    static CACHE: LazyLock<Mutex<HashMap<String, Option<Arc<Matcher>>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let cache = || CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = cache().get(rust) {
        return found.clone();
    }
    // Compiled outside the lock, so that threads compiling different patterns do not wait.
    let matcher = Matcher::new(rust).map(Arc::new);
    cache().insert(rust.to_string(), matcher.clone());
    matcher
}

/// `.` is rewritten to exclude line terminators, so the flag that would let it match them is
/// refused rather than silently ignored.
fn refuse_dotall(flags: &ast::Flags) -> Result<(), PatternError> {
    let dotall = flags.items.iter().any(|item| {
        matches!(
            item.kind,
            ast::FlagsItemKind::Flag(ast::Flag::DotMatchesNewLine)
        )
    });
    if dotall {
        return Err(PatternError::DotAll);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        let rust = translate(pattern).expect("pattern translates");
        compiled(&rust).expect("compiles").is_match(value)
    }

    #[test]
    fn look_around_runs_with_the_same_classes() {
        // AWS tag keys: anything but the reserved `aws:` prefix.
        let tag = r"^(?!aws:)[a-zA-Z+-=._:/]+$";
        assert!(matches(tag, "Name"));
        assert!(!matches(tag, "aws:Name"));
        // `\w` inside a look-around keeps its ASCII meaning.
        assert_eq!(translate(r"^(?=\w)x").as_deref(), Ok(r"^(?=[0-9A-Za-z_])x"));
        assert!(!matches(r"^(?=\w).$", "é"));
        assert!(matches(r"^.(?<!-)$", "a"));
        assert!(!matches(r"^.(?<!-)$", "-"));
        // Look-around inside a group, and nested look-around.
        assert!(matches(r"^(a(?=b(?!c))b)$", "ab"));
        assert_eq!(core(r"^(?!aws:)[a-z]+$"), "^[a-z]+$");
    }

    #[test]
    fn look_around_lengths_and_samples_come_from_the_rest() {
        let rust = translate(r"^(?!aws:)[a-z:]{4,8}$").expect("translates");
        assert!(can_match_length(&rust, 4, Some(8)));
        assert!(!can_match_length(&rust, 9, None));
        let mut rng = crate::cases::rng::Rng::new(7, "look-around");
        for len in 4..=8 {
            let sample = crate::cases::sample::matching(&rust, len, &mut rng).expect("a sample");
            assert!(!sample.starts_with("aws:"), "{sample}");
            assert_eq!(sample.chars().count(), len);
        }
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
        assert!(translate(r"(?s)^.$").is_err());
        assert!(translate(r"(?s:.)").is_err());
        assert!(translate(r"(unclosed").is_err());
    }

    #[test]
    fn a_pattern_too_big_to_compile_says_why() {
        let refused = translate(r"^(?:a|b){1000}{1000}$");
        assert!(
            matches!(&refused, Err(PatternError::Syntax(why)) if why.contains("size limit")),
            "{refused:?}"
        );
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
        assert!(!can_match_length(&long, 1025, Some(2000)));
        let huge = translate(r"^(a{0,60}|b){0,300}$").expect("translates");
        assert!(can_match_length(&huge, 10_000, Some(10_000)));
        assert!(!can_match_length(&huge, 18_301, Some(20_000)));
        let never = translate(r"^[^\x{0}-\x{10FFFF}]$").expect("translates");
        assert!(!can_match_length(&never, 0, Some(10)));
    }

    /// Small patterns over `a` and `b`: the analysis must agree with trying every string.
    fn small_pattern() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("a".to_string()),
            Just("b".to_string()),
            Just("[ab]".to_string()),
            Just("".to_string()),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("{x}{y}")),
                (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("(?:{x}|{y})")),
                (inner, 0u32..3, 0u32..3)
                    .prop_map(|(x, m, extra)| format!("(?:{x}){{{m},{}}}", m + extra)),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn length_analysis_agrees_with_brute_force(body in small_pattern(), min in 0u64..6, span in 0u64..4) {
            let pattern = format!("^(?:{body})$");
            let rust = translate(&pattern).expect("translates");
            let re = regex::Regex::new(&rust).expect("compiles");
            let max = min + span;
            let mut brute = false;
            for len in min..=max {
                for bits in 0..(1u32 << len) {
                    let text: String = (0..len).map(|i| if bits >> i & 1 == 1 { 'b' } else { 'a' }).collect();
                    brute |= re.is_match(&text);
                }
            }
            proptest::prop_assert_eq!(can_match_length(&rust, min, Some(max)), brute, "{}", pattern);
        }
    }
}
