//! The values that break a string's rules: lengths (in code points, and outside the Basic
//! Multilingual Plane), formats, enums and patterns, including a run shaped to make a
//! backtracking engine slow.

use super::*;

impl Deriver<'_> {
    pub(super) fn string_misses(
        &self,
        name: &str,
        s: &StringType,
        id: &dyn Fn(&str) -> String,
    ) -> Vec<Miss> {
        let mut out = Vec::new();
        let validation = Answer::Validation;
        // A value of `len` characters that matches the pattern if one can, with the rules it breaks.
        let at_length = |len: usize, rng: &mut Rng| -> (String, Vec<Rule>) {
            let loose = StringType {
                min_length: None,
                max_length: None,
                ..s.clone()
            };
            let text = self
                .string_of_length(&loose, len, rng)
                .unwrap_or_else(|| (0..len).map(|_| alnum(rng)).collect());
            let mut broken = Vec::new();
            let n = len as u64;
            if s.min_length.is_some_and(|m| n < m) {
                broken.push(Rule::MinLength);
            }
            if s.max_length.is_some_and(|m| n > m) {
                broken.push(Rule::MaxLength);
            }
            if s.pattern
                .as_ref()
                .is_some_and(|p| !pattern_matches(&p.rust, &text))
            {
                broken.push(Rule::Pattern);
            }
            if s.format.is_some_and(|f| !format_ok(f, &text)) {
                broken.push(Rule::Format);
            }
            if !s.enumeration.is_empty() && !s.enumeration.contains(&text) {
                broken.push(Rule::Enum);
            }
            (text, broken)
        };
        let mut length_cases = Vec::new();
        if let Some(min) = s.min_length.filter(|m| *m > 0) {
            length_cases.push((Rule::MinLength, min as usize - 1));
        }
        if let Some(max) = s.max_length {
            length_cases.push((Rule::MaxLength, max as usize + 1));
        }
        for (rule, len) in length_cases {
            let mut rng = self.rng(&id(rule.as_str()));
            let (text, broken) = at_length(len, &mut rng);
            let also = broken.into_iter().filter(|r| *r != rule).collect();
            out.push(Miss {
                label: rule.as_str().to_string(),
                value: Json::str(text),
                rule,
                also,
                answer: validation,
                summary: format!("`{name}` has {len} characters, breaking {rule}."),
                rng,
            });
        }
        if let Some(min) = s.min_length.filter(|m| *m >= 2)
            && let Some(text) = astral(s, min as usize - 1)
        {
            let n = min - 1;
            out.push(Miss {
                label: "minLength.nonBmp".into(),
                value: Json::str(text),
                rule: Rule::MinLength,
                also: Vec::new(),
                answer: validation,
                summary: format!(
                    "`{name}` is {n} characters outside the Basic Multilingual Plane: under its minLength {min} in code points, though not in UTF-16 units ({}).",
                    2 * n
                ),
                rng: self.rng(&id("minLength.nonBmp")),
            });
        }
        if let Some(pattern) = &s.pattern {
            out.extend(self.pattern_misses(name, s, &pattern.rust, id));
        }
        if s.format == Some(StringFormat::Uuid) {
            let mut rng = self.rng(&id("format"));
            let mut text: Vec<char> = uuid(&mut rng).chars().collect();
            text[14] = 'g';
            out.push(Miss {
                label: "format".into(),
                value: Json::str(text.iter().collect::<String>()),
                rule: Rule::Format,
                also: Vec::new(),
                answer: validation,
                summary: format!("`{name}` is a malformed UUID (a `g` among the hex digits)."),
                rng,
            });
        }
        if matches!(
            s.format,
            Some(StringFormat::Uri | StringFormat::UriReference)
        ) {
            out.push(Miss {
                label: "format".into(),
                value: Json::str("not a uri"),
                rule: Rule::Format,
                also: Vec::new(),
                answer: validation,
                summary: format!("`{name}` is not a URI."),
                rng: self.rng(&id("format")),
            });
        }
        if !s.enumeration.is_empty() {
            out.push(Miss {
                label: "enum".into(),
                value: Json::str("conformNotAnEnumValue"),
                rule: Rule::Enum,
                also: Vec::new(),
                answer: validation,
                summary: format!("`{name}` is not one of its values."),
                rng: self.rng(&id("enum")),
            });
        }
        out
    }

    /// Values of a valid length that miss only the pattern: a non-ASCII letter first, a
    /// punctuation mark last, and a wrong character in the middle.
    pub(super) fn pattern_misses(
        &self,
        name: &str,
        s: &StringType,
        rust: &str,
        id: &dyn Fn(&str) -> String,
    ) -> Vec<Miss> {
        let misses: [PatternMiss; 3] = [
            (
                "nonAscii",
                &['é', 'ü', 'ж', 'ß', '字'],
                |_| 0,
                "a non-ASCII letter first",
            ),
            (
                "punctuation",
                &['-', '!', '@', '#', '%', '&', '*', '?', '~'],
                |n| n - 1,
                "a punctuation mark last",
            ),
            (
                "middle",
                &[' ', '-', '.', '=', '/', ':', 'é'],
                |n| n / 2,
                "a wrong character in the middle",
            ),
        ];
        let mut out = Vec::new();
        out.extend(self.backtracking_miss(name, s, rust, id));
        for (label, candidates, position, what) in misses {
            let label = format!("pattern.{label}");
            let mut rng = self.rng(&id(&label));
            let Some(valid) = self.typical_valid(s, &mut rng) else {
                continue;
            };
            let chars: Vec<char> = valid.chars().collect();
            if chars.is_empty() {
                continue;
            }
            let at = position(chars.len());
            let miss = candidates.iter().find_map(|c| {
                let mut changed = chars.clone();
                changed[at] = *c;
                let text: String = changed.into_iter().collect();
                (!pattern_matches(rust, &text) && s.format.is_none_or(|f| format_ok(f, &text)))
                    .then_some(text)
            });
            let Some(text) = miss else { continue };
            let also = if s.enumeration.is_empty() {
                Vec::new()
            } else {
                vec![Rule::Enum]
            };
            out.push(Miss {
                label,
                value: Json::str(text),
                rule: Rule::Pattern,
                also,
                answer: Answer::Validation,
                summary: format!(
                    "`{name}` has a valid length but {what}, so only the pattern fails."
                ),
                rng,
            });
        }
        out
    }

    /// A long run of one character the pattern takes, ended by one it does not: the input that
    /// makes a backtracking engine try every way of splitting the run (`^(a+)+$` and its kin).
    /// The runner reports how long the answer took, and flags it past `--slow-ms`.
    pub(super) fn backtracking_miss(
        &self,
        name: &str,
        s: &StringType,
        rust: &str,
        id: &dyn Fn(&str) -> String,
    ) -> Option<Miss> {
        if s.format.is_some() || !s.enumeration.is_empty() {
            return None;
        }
        let len = s
            .max_length
            .map_or(BACKTRACKING_LENGTH, |m| m as usize)
            .min(BACKTRACKING_LENGTH);
        if len < s.min_length.unwrap_or(0).max(8) as usize {
            return None;
        }
        let label = "pattern.backtracking";
        let mut rng = self.rng(&id(label));
        let valid = self.string_of_length(s, len, &mut rng)?;
        // A pattern of fixed shape has no run to split; its misses are the ones below.
        let run: String = valid
            .chars()
            .next()
            .map(|c| std::iter::repeat_n(c, len).collect())
            .filter(|run: &String| pattern_matches(rust, run))?;
        let head: String = run.chars().take(len - 1).collect();
        let text = ['!', '-', ' ', '@', 'é', '~', '0', 'a']
            .iter()
            .map(|c| format!("{head}{c}"))
            .find(|text| !pattern_matches(rust, text))?;
        Some(Miss {
            label: label.into(),
            value: Json::str(text),
            rule: Rule::Pattern,
            also: Vec::new(),
            answer: Answer::Validation,
            summary: format!(
                "`{name}` is {len} characters the pattern takes until the last, the input that makes a backtracking regex engine slow."
            ),
            rng,
        })
    }

    /// A valid value of a length that leaves room for a middle (three characters or more).
    pub(super) fn typical_valid(&self, s: &StringType, rng: &mut Rng) -> Option<String> {
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(min.max(12) + 20, |m| m as usize);
        let want = 12.clamp(min.max(3).min(max), max);
        (want..=max)
            .chain(min..want)
            .find_map(|len| self.string_of_length(s, len, rng))
    }
}
