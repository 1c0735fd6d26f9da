//! Mutation testing of the suite: the suite runs against every mutant of the built-in mock (see
//! [`crate::mock::mutant`]), and each mutant must fail exactly the cases on its rule. The score
//! of an operation is the share of its mutants the suite kills.

pub mod constraints;

use crate::mock::mutant::Mutant;
use crate::run::{Config, Outcome, Runner, Settings, session::StartError};
use conform_generated::runtime::{Case, Operation};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

/// What the suite did against one mutant.
#[derive(Debug, Clone)]
pub struct MutantRun {
    pub mutant: Mutant,
    /// The cases on the mutant's rule: the ones that must fail.
    pub expected: BTreeSet<&'static str>,
    /// The cases that failed.
    pub failed: BTreeSet<&'static str>,
    /// No request can tell the mutant from the mock (see [`Mutant::equivalent`]).
    pub equivalent: bool,
}

impl MutantRun {
    /// Some case failed: the suite notices the mutant.
    pub fn killed(&self) -> bool {
        !self.failed.is_empty()
    }

    /// Exactly the cases on the rule failed, and no others.
    pub fn exact(&self) -> bool {
        self.failed == self.expected
    }
}

/// Runs the suite of `op` against each of its mutants, in order.
pub async fn run(op: &'static Operation) -> Result<Vec<MutantRun>, StartError> {
    let mut runs = Vec::new();
    for mutant in Mutant::of(op) {
        let mock = crate::mock::start(crate::mock::Config {
            mutant: Some(mutant),
            ..crate::run::embedded_mock_config()
        })
        .await
        .map_err(StartError::Mock)?;
        let settings = Settings {
            only: vec![format!("{}.*", op.id())],
            no_snapshots: true,
            expired_token: Some(mock.expired_token().map_err(StartError::Token)?),
            ..Settings::default()
        };
        // The mutant stands in for the built-in mock, with its credentials.
        let config = Config::resolve(&settings, Some(&mock.url()))?;
        let runner = Arc::new(Runner::prepare(config).await?);
        let results = runner.run_all(&|_| {}).await;
        mock.stop(Duration::from_secs(1)).await;
        let failed = results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Fail | Outcome::Error))
            .map(|r| r.case.id)
            .collect();
        let expected = op
            .cases()
            .iter()
            .filter(|c| mutant.kills(op, c))
            .map(|c| c.id)
            .collect();
        runs.push(MutantRun {
            equivalent: mutant.equivalent(op),
            mutant,
            expected,
            failed,
        });
    }
    Ok(runs)
}

/// The score line of one operation: the share of its mutants the suite kills. A constraint no
/// case breaks counts as a mutant that lives; equivalent mutants (which no request can kill) are
/// left out and counted apart.
pub fn score(op: &Operation, runs: &[MutantRun], uncovered: &[constraints::Constraint]) -> String {
    let equivalent = runs.iter().filter(|r| r.equivalent).count();
    let scored: Vec<&MutantRun> = runs.iter().filter(|r| !r.equivalent).collect();
    let uncovered = uncovered.len();
    let killed = scored.iter().filter(|r| r.killed()).count();
    let exact = scored.iter().filter(|r| r.exact()).count();
    let total = scored.len() + uncovered;
    let percent = if total == 0 {
        100.0
    } else {
        killed as f64 * 100.0 / total as f64
    };
    format!(
        "{}: mutation score {percent:.1}% ({killed} of {total} mutants killed, {exact} by exactly the cases on their rule; {uncovered} constraints no case breaks; {equivalent} equivalent, not scored)",
        op.id(),
    )
}

/// The constraints of `op`'s request schema that none of its cases breaks: each is a mutant
/// (the mock not checking it) that no case can kill.
pub fn uncovered(op: &Operation) -> Vec<constraints::Constraint> {
    uncovered_by(op, op.cases())
}

/// The constraints of `op`'s request schema that none of `cases` breaks.
pub fn uncovered_by<'a>(
    op: &Operation,
    cases: impl IntoIterator<Item = &'a Case>,
) -> Vec<constraints::Constraint> {
    let broken: BTreeSet<constraints::Constraint> = cases
        .into_iter()
        .flat_map(|c| c.violates.iter().chain(c.also))
        .map(|v| constraints::of_violated(op, v))
        .collect();
    constraints::of(op)
        .into_iter()
        .filter(|c| !broken.contains(c))
        .collect()
}
