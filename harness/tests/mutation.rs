//! Mutation testing of the suite: for every operation in the registry, the suite runs against
//! each mutant of the mock (one documented rule wrong) and must fail exactly the cases on that
//! rule. It proves the cases complete, not only the judge right: a rule no case breaks leaves its
//! mutant alive. The mutation score of every operation is printed.

use conform::mutation;

#[tokio::test(flavor = "multi_thread")]
async fn every_mutant_of_every_operation_fails_exactly_the_cases_on_its_rule() {
    let mut problems = Vec::new();
    for op in conform_generated::OPERATIONS {
        let runs = mutation::run(op).await.expect("the mutants start");
        assert!(!runs.is_empty(), "{} has mutants", op.id());
        println!("{}", mutation::score(op, &runs));
        for constraint in mutation::uncovered(op) {
            problems.push(format!("{}: no case breaks {constraint}", op.id()));
        }
        for run in runs.iter().filter(|r| r.equivalent) {
            println!("  equivalent: {}", run.mutant);
        }
        for run in runs
            .iter()
            .filter(|r| !r.exact() || !(r.killed() || r.equivalent))
        {
            let missed: Vec<_> = run.expected.difference(&run.failed).collect();
            let extra: Vec<_> = run.failed.difference(&run.expected).collect();
            problems.push(format!(
                "{}: alive: {}; not failed: {missed:?}; failed though off the rule: {extra:?}",
                run.mutant,
                !run.killed()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The completeness check can fail: without the cases on one of its constraints, an operation's
/// suite leaves that constraint uncovered.
#[test]
fn a_suite_without_the_cases_on_a_constraint_leaves_it_uncovered() {
    for op in conform_generated::OPERATIONS {
        for constraint in mutation::constraints::of(op) {
            let on = |c: &&conform_generated::runtime::Case| {
                c.violates
                    .iter()
                    .chain(c.also)
                    .any(|v| mutation::constraints::of_violated(op, v) == constraint)
            };
            let rest = op.cases.iter().filter(|c| !on(c));
            // A case that breaks this constraint and another goes too, so others may show.
            assert!(
                mutation::uncovered_by(op, rest).contains(&constraint),
                "{}: dropping the cases on {constraint}",
                op.id()
            );
        }
    }
}
