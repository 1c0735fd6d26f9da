//! Invalid cases of single members: absent, null, each wrong type, each broken constraint.

use super::{
    Broken, Deriver, Kind, PatternMiss, alnum, bytes, fits, format_ok, pattern_matches, uuid,
    wrong_types,
};
use crate::cases::Violated;
use crate::cases::json::Json;
use crate::cases::rng::Rng;
use crate::ir::{Answer, IntegerFormat, Member, NullMembers, StringFormat, StringType, Type};

impl Deriver<'_> {
    pub(super) fn members(&mut self) {
        for member in &self.body().members {
            self.invalid_member(member);
        }
    }

    /// Whether the either-or decides presence of `member` (it is some variant's own member).
    pub(super) fn is_variant_own(&self, member: &Member) -> bool {
        let variants = &self.body().variants;
        !variants.is_empty()
            && variants
                .iter()
                .any(|v| v.required.contains(&member.wire_name))
            && !variants
                .iter()
                .all(|v| v.required.contains(&member.wire_name))
    }

    pub(super) fn effectively_required(&self, member: &Member) -> bool {
        let variants = &self.body().variants;
        member.required
            || (!variants.is_empty()
                && variants
                    .iter()
                    .all(|v| v.required.contains(&member.wire_name)))
    }

    pub(super) fn invalid_member(&mut self, member: &Member) {
        let name = member.wire_name.clone();
        let pointer = format!("/{}", name.replace('~', "~0").replace('/', "~1"));
        let variant = self.variant_of(member);
        let base = |d: &Self, id: &str| d.base(variant, false, &mut d.rng(id));
        let body_violation = |rule: &str| Violated {
            location: "body",
            pointer: pointer.clone(),
            rule: rule.to_string(),
        };
        let one_of = || Violated {
            location: "body",
            pointer: String::new(),
            rule: "oneOf".to_string(),
        };

        // Absent, and null.
        if self.effectively_required(member) {
            let id = self.id(false, &name, "required");
            let json = base(self, &id).without(&name);
            let broken = Broken::one(body_violation("required"), Kind::Answer(Answer::Validation));
            self.push(
                id,
                format!("`{name}` left out."),
                bytes(&json),
                Some(broken),
            );
            self.contest_required(&name);
        }
        let null_broken = match self.op.policies.null_members {
            NullMembers::Invalid => Some(Broken::one(
                body_violation("type"),
                Kind::Answer(Answer::Serialization),
            )),
            NullMembers::Absent if self.effectively_required(member) => Some(Broken::one(
                body_violation("required"),
                Kind::Answer(Answer::Validation),
            )),
            NullMembers::Absent if self.is_variant_own(member) => {
                Some(Broken::one(one_of(), Kind::Answer(Answer::Validation)))
            }
            NullMembers::Absent => None,
        };
        if let Some(broken) = null_broken {
            let id = self.id(false, &name, "null");
            let json = base(self, &id).with(&name, Json::Null);
            let required = broken.violated.rule == "required";
            self.push(id, format!("`{name}` is null."), bytes(&json), Some(broken));
            if required {
                self.contest_required(&name);
            }
        }

        // Every JSON type the member is not.
        for (label, value) in wrong_types(&member.ty) {
            let id = self.id(false, &name, &format!("type.{label}"));
            let json = base(self, &id).with(&name, value);
            let broken = Broken::one(body_violation("type"), Kind::Answer(Answer::Serialization));
            self.push(
                id,
                format!("`{name}` is a JSON {label}."),
                bytes(&json),
                Some(broken),
            );
        }

        match &member.ty {
            Type::String(s) => self.invalid_string(&name, &pointer, s, variant),
            Type::Integer(i) => {
                let mut rows: Vec<(String, String, String, Kind, String)> = Vec::new();
                if let Some(min) = i.minimum
                    && let Some(below) = min.checked_sub(1).filter(|v| fits(*v, i.format))
                {
                    rows.push((
                        "minimum".into(),
                        below.to_string(),
                        "minimum".into(),
                        Kind::Answer(Answer::Validation),
                        format!("`{name}` is {below}, under its minimum {min}."),
                    ));
                }
                if let Some(max) = i.maximum
                    && let Some(above) = max.checked_add(1).filter(|v| fits(*v, i.format))
                {
                    rows.push((
                        "maximum".into(),
                        above.to_string(),
                        "maximum".into(),
                        Kind::Answer(Answer::Validation),
                        format!("`{name}` is {above}, over its maximum {max}."),
                    ));
                }
                if i.format == IntegerFormat::Int32 {
                    rows.push((
                        "format.int32".into(),
                        "2147483648".into(),
                        "format".into(),
                        Kind::Answer(Answer::Serialization),
                        format!("`{name}` is 2^31, past a 32-bit integer."),
                    ));
                }
                rows.push((
                    "format.int64".into(),
                    "9223372036854775808".into(),
                    "format".into(),
                    Kind::Answer(Answer::Serialization),
                    format!("`{name}` is 2^63, past a 64-bit integer."),
                ));
                for (label, number, rule, kind, summary) in rows {
                    let id = self.id(false, &name, &label);
                    let json = base(self, &id).with(&name, Json::Number(number));
                    self.push(
                        id,
                        summary,
                        bytes(&json),
                        Some(Broken::one(body_violation(&rule), kind)),
                    );
                }
            }
            Type::Boolean | Type::Array(_) | Type::Struct(_) | Type::AnyObject => {}
        }
    }

    /// Where the spec follows the page in requiring `member` against a model that makes it
    /// optional, the last case's basis says so: a service built from the model accepts it.
    pub(super) fn contest_required(&mut self, member: &str) {
        let subject = format!("/request/body/required/{member}");
        let Some(deviation) = self
            .op
            .deviations
            .iter()
            .find(|d| d.subject == subject && d.follows_page)
        else {
            return;
        };
        if let Some(case) = self.cases.last_mut() {
            case.expected.basis = format!(
                "{}; contested by {}: {}",
                case.expected.basis, deviation.source, deviation.model
            );
        }
    }

    pub(super) fn invalid_string(
        &mut self,
        name: &str,
        pointer: &str,
        s: &StringType,
        variant: Option<usize>,
    ) {
        let violated = |rule: &str| Violated {
            location: "body",
            pointer: pointer.to_string(),
            rule: rule.to_string(),
        };
        let validation = Kind::Answer(Answer::Validation);
        // A value of `len` characters that matches the pattern if one can, with the rules it breaks.
        let at_length = |d: &Self, len: usize, rng: &mut Rng| -> (String, Vec<String>) {
            let loose = StringType {
                min_length: None,
                max_length: None,
                ..s.clone()
            };
            let text = d
                .string_of_length(&loose, len, rng)
                .unwrap_or_else(|| (0..len).map(|_| alnum(rng)).collect());
            let mut broken = Vec::new();
            let n = len as u64;
            if s.min_length.is_some_and(|m| n < m) {
                broken.push("minLength".to_string());
            }
            if s.max_length.is_some_and(|m| n > m) {
                broken.push("maxLength".to_string());
            }
            if s.pattern
                .as_ref()
                .is_some_and(|p| !pattern_matches(&p.rust, &text))
            {
                broken.push("pattern".to_string());
            }
            if s.format.is_some_and(|f| !format_ok(f, &text)) {
                broken.push("format".to_string());
            }
            (text, broken)
        };
        let mut length_cases = Vec::new();
        if let Some(min) = s.min_length.filter(|m| *m > 0) {
            length_cases.push(("minLength", min as usize - 1));
        }
        if let Some(max) = s.max_length {
            length_cases.push(("maxLength", max as usize + 1));
        }
        for (rule, len) in length_cases {
            let id = self.id(false, name, rule);
            let mut rng = self.rng(&id);
            let (text, broken) = at_length(self, len, &mut rng);
            let also = broken
                .iter()
                .filter(|r| r.as_str() != rule)
                .map(|r| violated(r))
                .collect();
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text));
            let summary = format!("`{name}` has {len} characters, breaking {rule}.");
            let broken = Broken {
                violated: violated(rule),
                also,
                kind: validation,
            };
            self.push(id, summary, bytes(&json), Some(broken));
        }
        if let Some(pattern) = &s.pattern {
            self.pattern_misses(name, s, &pattern.rust, variant, &violated("pattern"));
        }
        if s.format == Some(StringFormat::Uuid) {
            let id = self.id(false, name, "format");
            let mut rng = self.rng(&id);
            let mut text: Vec<char> = uuid(&mut rng).chars().collect();
            text[14] = 'g';
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text.iter().collect::<String>()));
            let summary = format!("`{name}` is a malformed UUID (a `g` among the hex digits).");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("format"), validation)),
            );
        }
        if matches!(
            s.format,
            Some(StringFormat::Uri | StringFormat::UriReference)
        ) {
            let id = self.id(false, name, "format");
            let json = self
                .base(variant, false, &mut self.rng(&id))
                .with(name, Json::str("not a uri"));
            let summary = format!("`{name}` is not a URI.");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("format"), validation)),
            );
        }
        if !s.enumeration.is_empty() {
            let id = self.id(false, name, "enum");
            let json = self
                .base(variant, false, &mut self.rng(&id))
                .with(name, Json::str("conformNotAnEnumValue"));
            let summary = format!("`{name}` is not one of its values.");
            self.push(
                id,
                summary,
                bytes(&json),
                Some(Broken::one(violated("enum"), validation)),
            );
        }
    }

    /// Values of a valid length that miss only the pattern: a non-ASCII letter first, a
    /// punctuation mark last, and a wrong character in the middle.
    pub(super) fn pattern_misses(
        &mut self,
        name: &str,
        s: &StringType,
        rust: &str,
        variant: Option<usize>,
        violated: &Violated,
    ) {
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
        for (label, candidates, position, what) in misses {
            let id = self.id(false, name, &format!("pattern.{label}"));
            let mut rng = self.rng(&id);
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
            let json = self
                .base(variant, false, &mut rng)
                .with(name, Json::str(text));
            let summary =
                format!("`{name}` has a valid length but {what}, so only the pattern fails.");
            let broken = Broken::one(violated.clone(), Kind::Answer(Answer::Validation));
            self.push(id, summary, bytes(&json), Some(broken));
        }
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
