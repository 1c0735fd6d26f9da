//! Choosing cases by id: shell-style globs (`*` any run of characters, dots included, `?` one,
//! `[abc]` one of, `{a,b}` either), compiled once with `globset`.

use conform_generated::runtime::{Case, Operation};
use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

/// A glob that is not one, said with the pattern.
#[derive(Debug, thiserror::Error)]
#[error("`{pattern}` is not a glob: {source}")]
pub struct BadGlob {
    pub pattern: String,
    #[source]
    pub source: globset::Error,
}

/// One compiled glob.
fn glob(pattern: &str) -> Result<Glob, BadGlob> {
    GlobBuilder::new(pattern)
        .literal_separator(false)
        .build()
        .map_err(|source| BadGlob {
            pattern: pattern.to_string(),
            source,
        })
}

/// The matcher of one glob, for a list (such as the known failures) that matches one by one.
pub fn matcher(pattern: &str) -> Result<GlobMatcher, BadGlob> {
    glob(pattern).map(|g| g.compile_matcher())
}

/// The cases `--only` selects: every case when no glob is given.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    patterns: Vec<String>,
    set: Option<GlobSet>,
}

impl Selection {
    /// The cases `patterns` select. An empty pattern (an empty `CONFORM_ONLY`) is no pattern.
    pub fn new(patterns: &[String]) -> Result<Selection, BadGlob> {
        let patterns: Vec<String> = patterns.iter().filter(|p| !p.is_empty()).cloned().collect();
        let patterns = patterns.as_slice();
        if patterns.is_empty() {
            return Ok(Selection::default());
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            builder.add(glob(pattern)?);
        }
        let set = builder.build().map_err(|source| BadGlob {
            pattern: patterns.join(", "),
            source,
        })?;
        Ok(Selection {
            patterns: patterns.to_vec(),
            set: Some(set),
        })
    }

    /// The globs as given, for messages.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn matches(&self, id: &str) -> bool {
        self.set.as_ref().is_none_or(|set| set.is_match(id))
    }

    /// Every selected case with its operation, in the registry's order.
    pub fn cases(&self) -> Vec<(&'static Operation, &'static Case)> {
        conform_generated::OPERATIONS
            .iter()
            .flat_map(|op| op.cases.iter().map(move |case| (*op, case)))
            .filter(|(_, case)| self.matches(case.id))
            .collect()
    }

    /// The operations of the selected cases, each once, in the registry's order.
    pub fn operations(&self) -> Vec<&'static Operation> {
        conform_generated::OPERATIONS
            .iter()
            .copied()
            .filter(|op| op.cases.iter().any(|c| self.matches(c.id)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Selection;

    fn selects(patterns: &[&str], id: &str) -> bool {
        let patterns: Vec<String> = patterns.iter().map(|p| (*p).to_string()).collect();
        Selection::new(&patterns).expect("globs").matches(id)
    }

    #[test]
    fn stars_cross_dots_and_question_marks_take_one_character() {
        assert!(selects(&["svc.*"], "svc.Op.valid.body.minimal"));
        assert!(selects(
            &["*.invalid.Name.*"],
            "svc.Op.invalid.Name.maxLength"
        ));
        assert!(selects(
            &["svc.Op.valid.body.minima?"],
            "svc.Op.valid.body.minimal"
        ));
        assert!(!selects(&["*.valid.*"], "svc.Op.invalid.Name.maxLength"));
        assert!(selects(
            &["*.{minLength,maxLength}"],
            "svc.Op.invalid.Name.maxLength"
        ));
        assert!(selects(&[], "anything"));
        assert!(selects(&["nope", "svc.*"], "svc.Op"));
    }

    #[test]
    fn a_broken_glob_is_an_error_that_names_it() {
        let error = Selection::new(&["svc.[".to_string()]).expect_err("unclosed class");
        assert!(error.to_string().contains("`svc.[`"), "{error}");
    }
}
