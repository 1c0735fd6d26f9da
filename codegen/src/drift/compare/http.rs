//! The parameters and headers of both sides, matched by name.

use super::*;

impl Comparer<'_, '_> {
    pub(super) fn params(&mut self, at: &str, spec: &[Param], model: &[Param]) {
        let spec: Vec<Member> = spec.iter().map(Param::as_member).collect();
        let model: Vec<Member> = model.iter().map(Param::as_member).collect();
        self.members(&spec, &model, at, "", Direction::Request);
    }

    /// Path labels are matched by their place in the path: their names never reach the wire.
    pub(super) fn labels(&mut self, spec: &[Param], model: &[Param]) {
        if spec.len() != model.len() {
            return self.params("/request/path", spec, model);
        }
        for (s, m) in spec.iter().zip(model) {
            let (s, m) = (s.as_member(), m.as_member());
            let subject = self
                .pointers
                .pointer(&s.origin)
                .unwrap_or_else(|| format!("/request/path/{}", escape(&s.wire_name)));
            if s.wire_name != m.wire_name {
                self.push(
                    "label-renamed",
                    subject.clone(),
                    text(&s.wire_name),
                    text(&m.wire_name),
                    Some(&s.origin),
                    Some(&m.origin),
                );
            }
            self.member(&s, &m, &subject, Direction::Request);
        }
    }

    pub(super) fn headers(
        &mut self,
        at: &str,
        spec: &[Header],
        model: &[Header],
        direction: Direction,
    ) {
        let auth_header = match &self.spec.auth {
            Auth::Bearer { header, .. } => Some(header.to_ascii_lowercase()),
            Auth::AwsSigV4 { .. } | Auth::None => None,
        };
        let plumbing = |h: &Header| {
            let name = h.name.to_ascii_lowercase();
            PLUMBING.contains(&name.as_str()) || auth_header.as_deref() == Some(name.as_str())
        };
        for s in spec {
            let subject = format!("{at}/{}", escape(&s.name));
            let Some(m) = model.iter().find(|m| m.name.eq_ignore_ascii_case(&s.name)) else {
                if !plumbing(s) {
                    self.removed(direction, subject, s.required, Some(&s.origin), None);
                }
                continue;
            };
            self.flags(
                direction,
                &subject,
                (s.required, s.sensitive),
                (m.required, m.sensitive),
                &s.origin,
                &m.origin,
            );
            match (&s.rule, &m.rule) {
                (HeaderRule::Typed(a), HeaderRule::Typed(b)) => {
                    self.sensitive = s.sensitive || m.sensitive;
                    self.ty(a, b, &subject, direction, &s.origin, &m.origin);
                    self.sensitive = false;
                }
                (a, b) => {
                    let secret = s.sensitive || m.sensitive;
                    let (a, b) = (header_rule(a, secret), header_rule(b, secret));
                    self.differ("header-value-changed", &subject, a, b, &s.origin, &m.origin);
                }
            }
            self.docs(
                &subject,
                s.description.as_deref(),
                m.description.as_deref(),
                &s.origin,
                &m.origin,
            );
        }
        for m in model {
            if !spec.iter().any(|s| s.name.eq_ignore_ascii_case(&m.name)) && !plumbing(m) {
                let subject = format!("{at}/{}", escape(&m.name));
                let near = spec.first().map(|h| h.origin.clone());
                self.added(direction, subject, m.required, &m.origin, near.as_ref());
            }
        }
    }
}
