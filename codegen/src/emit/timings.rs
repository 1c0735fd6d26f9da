//! Where generation's time went, stage by stage: what `conform generate --timings` prints, so
//! that a user whose build got slow, and the generation bench, can see which stage grew.

use std::ops::AddAssign;
use std::time::Duration;

/// The time of each stage of [`super::generate_timed`].
///
/// The operations are generated in parallel, so the per-operation stages are each the sum, over
/// the operations, of the time that stage took: thread time, which can add up to more than the
/// wall time. Joining the pieces runs once, on one thread, and is wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// How many operations the sums cover.
    pub operations: usize,
    /// The threads the operations were shared among.
    pub threads: usize,
    /// Deriving the conformance cases.
    pub derive: Duration,
    /// Building the Rust tokens with `quote`.
    pub emit: Duration,
    /// Parsing the tokens as a Rust file with `syn`.
    pub parse: Duration,
    /// Formatting the parsed file with `prettyplease`.
    pub format: Duration,
    /// Joining the formatted pieces into one text (wall time).
    pub join: Duration,
}

impl Timings {
    /// The per-operation stages, by name, in the order they run.
    pub fn stages(&self) -> [(&'static str, Duration); 4] {
        [
            ("derive the cases", self.derive),
            ("build tokens (quote)", self.emit),
            ("parse (syn)", self.parse),
            ("format (prettyplease)", self.format),
        ]
    }
}

/// Adds the stage times of `other`; the counts of operations and threads stay as they are.
impl AddAssign for Timings {
    fn add_assign(&mut self, other: Timings) {
        self.derive += other.derive;
        self.emit += other.emit;
        self.parse += other.parse;
        self.format += other.format;
        self.join += other.join;
    }
}
