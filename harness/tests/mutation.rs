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
        let uncovered = mutation::uncovered(op);
        println!("{}", mutation::score(op, &runs, &uncovered));
        for constraint in uncovered {
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

/// The schema's constraints, read from the bindings, name every constraint a case breaks: if the
/// enumeration missed a kind of rule, a hole of that kind would go unreported.
#[test]
fn every_constraint_a_case_breaks_is_one_the_bindings_state() {
    let mut unknown = Vec::new();
    for op in conform_generated::OPERATIONS {
        let stated = mutation::constraints::of(op);
        for case in op.cases() {
            for v in case.violates.iter().chain(case.also) {
                if v.location == conform_generated::runtime::Location::Auth {
                    continue;
                }
                let c = mutation::constraints::of_violated(op, v);
                if !stated.contains(&c) {
                    unknown.push(format!("{}: {c}", case.id));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
}
