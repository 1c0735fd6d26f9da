//! Mutants of the mock, derived from the registry: each gets exactly one documented rule wrong.
//! Running the suite against every mutant proves the suite rather than the judge: each mutant
//! must fail exactly the cases on its rule, and a mutant no case fails is a hole in the suite.

use conform_generated::runtime::{
    Auth, Case, ErrorNaming, Location, Operation, Rule, Schema, StructSchema, Violated, Violation,
};
use std::fmt;

/// One rule the mock gets wrong, for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mutant {
    pub service: &'static str,
    pub operation: &'static str,
    pub rule: MutatedRule,
}

/// The rule a mutant gets wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutatedRule {
    /// This constraint of the operation's requests goes unchecked.
    Unchecked(Violated),
    /// This bound of a body value is enforced one unit too tight: a value at the bound is
    /// refused (`maxLength` 10 enforced as 9, `minimum` 0 as 1).
    Tightened(Violated),
    /// The success body leaves out this required member.
    MissingMember(&'static str),
    /// Each of these two documented error names is given where the other belongs.
    SwappedErrors(&'static str, &'static str),
    /// A problem-details body's status member disagrees with the HTTP status.
    ProblemStatusOff,
}

impl fmt::Display for Mutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: ", self.service, self.operation)?;
        match self.rule {
            MutatedRule::Unchecked(v) => {
                write!(f, "{} {} ({}) unchecked", v.location, v.pointer, v.rule)
            }
            MutatedRule::Tightened(v) => {
                write!(f, "{} {} ({}) one too tight", v.location, v.pointer, v.rule)
            }
            MutatedRule::MissingMember(member) => write!(f, "success body without `{member}`"),
            MutatedRule::SwappedErrors(a, b) => write!(f, "errors {a} and {b} swapped"),
            MutatedRule::ProblemStatusOff => {
                f.write_str("problem status member disagrees with the HTTP status")
            }
        }
    }
}

/// The error name a case expects in a header, for protocols that name errors there.
fn header_error(case: &Case) -> Option<&'static str> {
    match case.error?.naming {
        ErrorNaming::Header { value, .. } => Some(value),
        ErrorNaming::Member { .. } => None,
    }
}

impl Mutant {
    /// Every mutant of `op`:
    /// - one per constraint its invalid cases break; credentials are left to the auth faults,
    ///   since the auth scheme's own header is checked with the credentials;
    /// - one per required member of its success body;
    /// - one per pair of error names its cases expect in a header;
    /// - one whose problem status disagrees, where its errors carry a status member.
    pub fn of(op: &'static Operation) -> Vec<Mutant> {
        let auth_header = match op.auth {
            Auth::Bearer { header, .. } => Some(header),
            Auth::AwsSigV4 { .. } => Some("authorization"),
            Auth::None => None,
        };
        let is_credentials = |v: &Violated| {
            v.location == Location::Auth
                || (v.location == Location::Header
                    && auth_header.is_some_and(|h| v.pointer[1..].eq_ignore_ascii_case(h)))
        };
        let mut constraints: Vec<Violated> = op
            .cases()
            .iter()
            .filter_map(|c| c.violates)
            .filter(|v| !is_credentials(v))
            .collect();
        constraints.sort_by_key(|v| (v.location, v.pointer, v.rule));
        constraints.dedup();
        let members = op
            .response
            .body
            .into_iter()
            .flat_map(|s| s.members.iter())
            .filter(|m| m.required)
            .map(|m| MutatedRule::MissingMember(m.name));
        let mut names: Vec<&'static str> = op.cases().iter().filter_map(header_error).collect();
        names.sort_unstable();
        names.dedup();
        let pairs = names.iter().enumerate().flat_map(|(i, a)| {
            names[i + 1..]
                .iter()
                .map(|b| MutatedRule::SwappedErrors(a, b))
        });
        let status_member = op.errors.iter().any(|e| {
            matches!(
                e.naming,
                ErrorNaming::Member {
                    status_member: Some(_),
                    ..
                }
            )
        });
        // Floating-point bounds are left out: their breaking cases step by a fraction of the
        // bound, not by one unit.
        let tightened: Vec<MutatedRule> = constraints
            .iter()
            .filter(|v| v.location == Location::Body && Bound::of(v.rule).is_some())
            .filter(|v| {
                !matches!(
                    op.bindings.body.and_then(|s| schema_at(s, v.pointer)),
                    Some(Schema::Number(_))
                )
            })
            .map(|v| MutatedRule::Tightened(*v))
            .collect();
        constraints
            .into_iter()
            .map(MutatedRule::Unchecked)
            .chain(tightened)
            .chain(members)
            .chain(pairs)
            .chain(status_member.then_some(MutatedRule::ProblemStatusOff))
            .map(|rule| Mutant {
                service: op.service,
                operation: op.name,
                rule,
            })
            .collect()
    }

    fn applies_to(&self, op: &Operation) -> bool {
        self.service == op.service && self.operation == op.name
    }

    /// Whether the mutant leaves `violation` of a request to `op` unchecked.
    pub fn unchecks(&self, op: &Operation, violation: &Violation) -> bool {
        match self.rule {
            MutatedRule::Unchecked(constraint) if self.applies_to(op) => {
                constraint.location == violation.location
                    && constraint.pointer == violation.pointer
                    && constraint.rule == violation.rule
            }
            _ => false,
        }
    }

    /// For a tightened bound: whether `body` (a request to `op` that passed its checks) holds a
    /// value the mutant refuses, found by moving the value one unit past its bound and asking
    /// `breaks` whether that breaks the bound.
    pub fn refuses(
        &self,
        op: &Operation,
        body: &[u8],
        breaks: impl Fn(&[u8], Violated) -> bool,
    ) -> bool {
        let MutatedRule::Tightened(constraint) = self.rule else {
            return false;
        };
        let (true, Some(bound)) = (self.applies_to(op), Bound::of(constraint.rule)) else {
            return false;
        };
        let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
            return false;
        };
        let blob = is_blob(op, constraint.pointer);
        let Some(at) = value.pointer_mut(constraint.pointer) else {
            return false;
        };
        if !bound.step(at, blob) {
            return false;
        }
        serde_json::to_vec(&value).is_ok_and(|moved| breaks(&moved, constraint))
    }

    /// The required member the mutant leaves out of `op`'s success body, if any.
    pub fn missing_member(&self, op: &Operation) -> Option<&'static str> {
        match self.rule {
            MutatedRule::MissingMember(member) if self.applies_to(op) => Some(member),
            _ => None,
        }
    }

    /// The error name the mutant gives where `op` documents `name`.
    pub fn error_name(&self, op: &Operation, name: &'static str) -> &'static str {
        match self.rule {
            MutatedRule::SwappedErrors(a, b) if self.applies_to(op) => {
                if name == a {
                    b
                } else if name == b {
                    a
                } else {
                    name
                }
            }
            _ => name,
        }
    }

    /// The status a problem-details body of `op` states for an answer with `status`.
    pub fn problem_status(&self, op: &Operation, status: u16) -> u16 {
        match self.rule {
            MutatedRule::ProblemStatusOff if self.applies_to(op) => {
                if status == 400 {
                    422
                } else {
                    400
                }
            }
            _ => status,
        }
    }

    /// The cases the suite must fail against this mutant.
    pub fn kills(&self, op: &Operation, case: &Case) -> bool {
        if !self.applies_to(op) {
            return false;
        }
        match self.rule {
            // Those whose request breaks the unchecked constraint and nothing else.
            MutatedRule::Unchecked(constraint) => {
                case.violates == Some(constraint) && case.also.iter().all(|v| *v == constraint)
            }
            // The valid cases whose value sits at the bound, where the bound is one unit inside
            // the value of the case that breaks it.
            MutatedRule::Tightened(constraint) => {
                let Some(bound) = Bound::of(constraint.rule) else {
                    return false;
                };
                let blob = is_blob(op, constraint.pointer);
                let measure = |c: &Case| {
                    serde_json::from_slice::<serde_json::Value>(c.body)
                        .ok()
                        .and_then(|v| v.pointer(constraint.pointer).and_then(|v| measure(v, blob)))
                };
                let breaking = op
                    .cases()
                    .iter()
                    .find(|c| c.violates == Some(constraint))
                    .and_then(measure);
                match (case.violates, breaking, measure(case)) {
                    (None, Some(breaking), Some(value)) => bound.at(value, breaking),
                    _ => false,
                }
            }
            // Every case answered with the success body.
            MutatedRule::MissingMember(_) => case.violates.is_none(),
            // Those that expect either error by name.
            MutatedRule::SwappedErrors(a, b) => {
                header_error(case).is_some_and(|n| n == a || n == b)
            }
            // Every case answered with an error.
            MutatedRule::ProblemStatusOff => {
                case.expect == conform_generated::runtime::Expect::Invalid
            }
        }
    }

    /// Whether no request can tell the mutant from the mock:
    /// - unchecked: every case on the rule breaks another rule too (`also`), because any value
    ///   that breaks it does (a `minLength` that the pattern already demands);
    /// - tightened: no valid string sits at the length bound, because the pattern admits no
    ///   string of that length.
    pub fn equivalent(&self, op: &Operation) -> bool {
        match self.rule {
            MutatedRule::Tightened(constraint) => {
                let Some(Schema::String(rules)) = op
                    .bindings
                    .body
                    .and_then(|s| schema_at(s, constraint.pointer))
                else {
                    return false;
                };
                let bound = match constraint.rule {
                    Rule::MaxLength => rules.max_length,
                    Rule::MinLength => rules.min_length,
                    _ => None,
                };
                match (bound, &rules.pattern) {
                    (Some(n), Some(pattern)) => {
                        !conform_codegen::pattern::can_match_length(pattern.rust(), n, Some(n))
                    }
                    _ => false,
                }
            }
            MutatedRule::Unchecked(constraint) => {
                let on_rule: Vec<&Case> = op
                    .cases()
                    .iter()
                    .filter(|c| c.violates == Some(constraint))
                    .collect();
                !on_rule.is_empty()
                    && on_rule
                        .iter()
                        .all(|c| c.also.iter().any(|v| *v != constraint))
            }
            _ => false,
        }
    }
}

/// A bound a value can sit at, and the direction that breaks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// `maxLength`, `maximum`, `maxItems`: one more breaks it.
    Upper,
    /// `minLength`, `minimum`, `minItems`: one less breaks it.
    Lower,
}

impl Bound {
    fn of(rule: Rule) -> Option<Bound> {
        match rule {
            Rule::MaxLength | Rule::Maximum | Rule::MaxItems => Some(Bound::Upper),
            Rule::MinLength | Rule::Minimum | Rule::MinItems => Some(Bound::Lower),
            _ => None,
        }
    }

    /// Moves `value` one unit toward breaking the bound: a character (a byte of a base64
    /// `blob`), one, or an item.
    fn step(self, value: &mut serde_json::Value, blob: bool) -> bool {
        use base64::Engine;
        use serde_json::Value;
        let engine = base64::engine::general_purpose::STANDARD;
        match (self, value) {
            (bound, Value::String(s)) if blob => {
                let Ok(mut bytes) = engine.decode(s.as_bytes()) else {
                    return false;
                };
                let moved = if bound == Bound::Upper {
                    bytes.push(bytes.last().copied().unwrap_or(0));
                    true
                } else {
                    bytes.pop().is_some()
                };
                *s = engine.encode(&bytes);
                moved
            }
            (Bound::Upper, Value::String(s)) => {
                let last = s.chars().last().unwrap_or('a');
                s.push(last);
                true
            }
            (Bound::Lower, Value::String(s)) => s.pop().is_some(),
            (bound, Value::Number(n)) => {
                let delta = if bound == Bound::Upper { 1 } else { -1 };
                let moved = match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => i.checked_add(delta).map(serde_json::Number::from),
                    (None, Some(f)) => serde_json::Number::from_f64(f + delta as f64),
                    _ => None,
                };
                match moved {
                    Some(moved) => {
                        *n = moved;
                        true
                    }
                    None => false,
                }
            }
            (Bound::Upper, Value::Array(items)) => match items.last().cloned() {
                Some(last) => {
                    items.push(last);
                    true
                }
                None => false,
            },
            (Bound::Lower, Value::Array(items)) => items.pop().is_some(),
            _ => false,
        }
    }

    /// Whether a valid value measuring `value` sits within one unit of the bound that a value
    /// measuring `breaking` breaks.
    fn at(self, value: f64, breaking: f64) -> bool {
        match self {
            Bound::Upper => value > breaking - 2.0,
            Bound::Lower => value < breaking + 2.0,
        }
    }
}

/// Whether the member a pointer reaches in `op`'s body holds bytes (base64 in JSON).
fn is_blob(op: &Operation, pointer: &str) -> bool {
    op.bindings
        .body
        .and_then(|s| schema_at(s, pointer))
        .is_some_and(|s| matches!(s, Schema::Blob(_)))
}

/// What a bound measures in a value: characters (bytes of a base64 `blob`), the number, or
/// items.
fn measure(value: &serde_json::Value, blob: bool) -> Option<f64> {
    use base64::Engine;
    match value {
        serde_json::Value::String(s) if blob => base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .ok()
            .map(|b| b.len() as f64),
        serde_json::Value::String(s) => Some(s.chars().count() as f64),
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Array(items) => Some(items.len() as f64),
        _ => None,
    }
}

/// The schema of the member a JSON pointer reaches in a body of `root`: members by name, items
/// by any index, map values by any key.
fn schema_at(root: &'static StructSchema, pointer: &str) -> Option<&'static Schema> {
    let mut segments = pointer.split('/').skip(1);
    let mut at: &'static Schema = root.member(segments.next()?)?.schema;
    for segment in segments {
        at = match at {
            Schema::Struct(s) => s.member(segment)?.schema,
            Schema::List(list) => list.items,
            Schema::Map(map) => map.values,
            _ => return None,
        };
    }
    Some(at)
}
