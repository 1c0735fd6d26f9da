//! Choosing cases by id: shell-style globs (`*` any run of characters, dots included, `?` one,
//! `[abc]` one of, `{a,b}` either), compiled once with `globset`; and splitting the chosen cases
//! into shards for runners that work in parallel.

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

/// One of `count` shards of a suite (`--shard 2/4`), as `cargo nextest run --partition
/// count:2/4` splits tests: the selected cases, in the registry's order, are dealt out in turn,
/// so case `i` (from 0) belongs to shard `i mod count + 1`. Shards differ by at most one case,
/// and the same suite splits the same way every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: usize,
    pub count: usize,
}

/// A `--shard` value that is not `K/N` with 1 ≤ K ≤ N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a shard: write K/N (or count:K/N), with 1 <= K <= N, such as 2/4")]
pub struct BadShard(pub String);

impl std::str::FromStr for Shard {
    type Err = BadShard;

    fn from_str(text: &str) -> Result<Shard, BadShard> {
        let bad = || BadShard(text.to_string());
        let spec = text.strip_prefix("count:").unwrap_or(text);
        let (index, count) = spec.split_once('/').ok_or_else(bad)?;
        let index: usize = index.trim().parse().map_err(|_| bad())?;
        let count: usize = count.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the `position`-th selected case (from 0) is this shard's.
    pub fn holds(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// The cases `--only` selects (every case when no glob is given), and of those, the shard's.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    patterns: Vec<String>,
    set: Option<GlobSet>,
    shard: Option<Shard>,
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
            shard: None,
        })
    }

    /// The same selection, cut down to `shard` when one is given.
    pub fn with_shard(self, shard: Option<Shard>) -> Selection {
        Selection { shard, ..self }
    }

    /// The shard, when the run is one.
    pub fn shard(&self) -> Option<Shard> {
        self.shard
    }

    /// Every case the globs select, with its operation, in the registry's order, before the
    /// shard is taken.
    pub fn unsharded(&self) -> Vec<(&'static Operation, &'static Case)> {
        conform_generated::OPERATIONS
            .iter()
            .flat_map(|op| op.cases().iter().map(move |case| (*op, case)))
            .filter(|(_, case)| self.matches(case.id))
            .collect()
    }

    /// The globs as given, for messages.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn matches(&self, id: &str) -> bool {
        self.set.as_ref().is_none_or(|set| set.is_match(id))
    }

    /// Every selected case of the shard with its operation, in the registry's order.
    pub fn cases(&self) -> Vec<(&'static Operation, &'static Case)> {
        let all = self.unsharded();
        match self.shard {
            None => all,
            Some(shard) => all
                .into_iter()
                .enumerate()
                .filter(|(position, _)| shard.holds(*position))
                .map(|(_, pair)| pair)
                .collect(),
        }
    }

    /// The operations of the selected cases, each once, in the registry's order.
    pub fn operations(&self) -> Vec<&'static Operation> {
        let cases = self.cases();
        conform_generated::OPERATIONS
            .iter()
            .copied()
            .filter(|op| cases.iter().any(|(o, _)| std::ptr::eq(*o, *op)))
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
    fn shards_deal_the_cases_out_in_turn() {
        use super::Shard;
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("count:1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "hash:1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let all = Selection::default().unsharded();
        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        for index in 1..=4 {
            let shard = Selection::default().with_shard(Some(Shard { index, count: 4 }));
            let cases = shard.cases();
            sizes.push(cases.len());
            seen.extend(cases.iter().map(|(_, c)| c.id));
        }
        seen.sort_unstable();
        let mut ids: Vec<&str> = all.iter().map(|(_, c)| c.id).collect();
        ids.sort_unstable();
        assert_eq!(
            seen, ids,
            "the shards together are the whole suite, each case once"
        );
        let (min, max) = (sizes.iter().min(), sizes.iter().max());
        assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{sizes:?}");
    }

    #[test]
    fn a_broken_glob_is_an_error_that_names_it() {
        let error = Selection::new(&["svc.[".to_string()]).expect_err("unclosed class");
        assert!(error.to_string().contains("`svc.[`"), "{error}");
    }
}
