//! Bodies, structures and members of both sides, matched by their wire path: what was added,
//! removed, made required or optional, and how their documentation differs.

use super::*;

impl Comparer<'_, '_> {
    pub(super) fn body(&mut self, spec: Option<&Body>, model: Option<&Body>) {
        // A member every branch of an either-or body requires is required.
        let members = |b: Option<&Body>| -> Vec<Member> {
            let Some(b) = b else { return Vec::new() };
            b.members
                .iter()
                .map(|m| Member {
                    required: b.requires(m),
                    ..m.clone()
                })
                .collect()
        };
        let (spec_members, model_members) = (members(spec), members(model));
        self.members(
            &spec_members,
            &model_members,
            "/request/body",
            "/properties",
            Direction::Request,
        );
        let variants = |b: Option<&Body>| -> Vec<String> {
            let mut v: Vec<String> = b
                .map(|b| {
                    b.variants
                        .iter()
                        .map(|v| format!("{{{}}}", v.required.join(", ")))
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        let (a, b) = (variants(spec), variants(model));
        if a != b {
            let show = |v: &[String]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(" | ")
                }
            };
            self.push(
                "variants-changed",
                "/request/body/oneOf".into(),
                text(show(&a)),
                text(show(&b)),
                Some(&self.spec.origin),
                Some(&self.model.origin),
            );
        }
    }

    /// Compares the structs named `spec` and `model` (one in each operation).
    pub(super) fn structs(&mut self, spec: &str, model: &str, at: &str, direction: Direction) {
        if !self
            .seen
            .insert((direction, spec.to_string(), model.to_string()))
        {
            return;
        }
        let (Some(a), Some(b)) = (self.spec.struct_named(spec), self.model.struct_named(model))
        else {
            return;
        };
        let (a, b) = (a.members.clone(), b.members.clone());
        self.members(&a, &b, at, "/properties", direction);
    }

    /// Compares two member lists. `at` is the owner's pointer; a member without a pointer of its
    /// own is `at` + `join` + `/name`.
    pub(super) fn members(
        &mut self,
        spec: &[Member],
        model: &[Member],
        at: &str,
        join: &str,
        direction: Direction,
    ) {
        // A member's own pointer names its owner too, which is more exact than `at` where the
        // owner is a named schema.
        let owner = spec
            .iter()
            .find_map(|m| {
                let p = self.pointers.pointer(&m.origin)?;
                let tail = format!("{join}/{}", escape(&m.wire_name));
                p.strip_suffix(&tail).map(str::to_string)
            })
            .unwrap_or_else(|| at.to_string());
        let mut matched = BTreeSet::new();
        for s in spec {
            let subject = self
                .pointers
                .pointer(&s.origin)
                .unwrap_or_else(|| format!("{owner}{join}/{}", escape(&s.wire_name)));
            let found = model
                .iter()
                .position(|m| m.wire_name == s.wire_name)
                .or_else(|| {
                    model.iter().position(|m| {
                        m.wire_name.eq_ignore_ascii_case(&s.wire_name)
                            && !spec.iter().any(|o| o.wire_name == m.wire_name)
                    })
                });
            let Some(i) = found else {
                self.removed(direction, subject, s.required, Some(&s.origin), None);
                continue;
            };
            matched.insert(i);
            let m = &model[i];
            if m.wire_name != s.wire_name {
                self.push(
                    "member-case-changed",
                    subject.clone(),
                    text(&s.wire_name),
                    text(&m.wire_name),
                    Some(&s.origin),
                    Some(&m.origin),
                );
            }
            self.member(s, m, &subject, direction);
        }
        for (i, m) in model.iter().enumerate() {
            if !matched.contains(&i) {
                let subject = format!("{owner}{join}/{}", escape(&m.wire_name));
                let near = spec.first().map(|s| s.origin.clone());
                self.added(direction, subject, m.required, &m.origin, near.as_ref());
            }
        }
    }

    pub(super) fn member(&mut self, s: &Member, m: &Member, subject: &str, direction: Direction) {
        self.flags(
            direction,
            subject,
            (s.required, s.sensitive),
            (m.required, m.sensitive),
            &s.origin,
            &m.origin,
        );
        // A reader never needs the default of a member that is always there.
        if s.default != m.default && !(s.required && m.required) {
            // The default of a secret is a secret too: say that it changed, not what it is.
            let show = |d: &Option<Literal>| match d {
                Some(_) if s.sensitive || m.sensitive => Some("(sensitive)".to_string()),
                d => d.as_ref().map(literal),
            };
            let (a, b) = (show(&s.default), show(&m.default));
            self.push(
                "default-changed",
                subject.to_string(),
                a,
                b,
                Some(&s.origin),
                Some(&m.origin),
            );
        }
        self.docs(
            subject,
            s.description.as_deref(),
            m.description.as_deref(),
            &s.origin,
            &m.origin,
        );
        self.sensitive = s.sensitive || m.sensitive;
        self.ty(&s.ty, &m.ty, subject, direction, &s.origin, &m.origin);
        self.sensitive = false;
    }

    pub(super) fn flags(
        &mut self,
        direction: Direction,
        subject: &str,
        spec: (bool, bool),
        model: (bool, bool),
        s: &Origin,
        m: &Origin,
    ) {
        let word = |required: bool| if required { "required" } else { "optional" };
        if spec.0 != model.0 {
            let rule = match (direction, model.0) {
                (Direction::Request, false) => "request-member-became-optional",
                (Direction::Request, true) => "request-member-became-required",
                (Direction::Response, false) => "response-member-became-optional",
                (Direction::Response, true) => "response-member-became-required",
            };
            self.push(
                rule,
                subject.to_string(),
                text(word(spec.0)),
                text(word(model.0)),
                Some(s),
                Some(m),
            );
        }
        if spec.1 != model.1 {
            let word = |sensitive: bool| {
                if sensitive {
                    "sensitive"
                } else {
                    "not sensitive"
                }
            };
            let rule = if model.1 {
                "sensitive-added"
            } else {
                "sensitive-removed"
            };
            self.push(
                rule,
                subject.to_string(),
                text(word(spec.1)),
                text(word(model.1)),
                Some(s),
                Some(m),
            );
        }
    }

    pub(super) fn removed(
        &mut self,
        direction: Direction,
        subject: String,
        required: bool,
        s: Option<&Origin>,
        m: Option<&Origin>,
    ) {
        let rule = match (direction, required) {
            (Direction::Request, _) => "request-member-removed",
            (Direction::Response, true) => "response-required-member-removed",
            (Direction::Response, false) => "response-member-removed",
        };
        let word = if required { "required" } else { "optional" };
        self.push(rule, subject, text(word), None, s, m);
    }

    /// `near` is where the spec states the owner of the added member, if anywhere.
    pub(super) fn added(
        &mut self,
        direction: Direction,
        subject: String,
        required: bool,
        m: &Origin,
        near: Option<&Origin>,
    ) {
        let rule = match (direction, required) {
            (Direction::Request, true) => "request-required-member-added",
            (Direction::Request, false) => "request-member-added",
            (Direction::Response, _) => "response-member-added",
        };
        let word = if required { "required" } else { "optional" };
        let spec_at = near.cloned().unwrap_or_else(|| self.spec.origin.clone());
        self.push(rule, subject, None, text(word), Some(&spec_at), Some(m));
    }

    pub(super) fn docs(
        &mut self,
        subject: &str,
        spec: Option<&str>,
        model: Option<&str>,
        s: &Origin,
        m: &Origin,
    ) {
        // The spec copies a page; where it says nothing there is nothing to compare.
        let (Some(a), Some(b)) = (spec, model) else {
            return;
        };
        let (a, b) = (normalised_text(a), normalised_text(b));
        if a != b {
            self.push(
                "documentation-changed",
                subject.to_string(),
                text(a),
                text(b),
                Some(s),
                Some(m),
            );
        }
    }
}
