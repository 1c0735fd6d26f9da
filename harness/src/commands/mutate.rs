//! `conform mutate`: the suite against every mutant of the built-in mock, one score line per
//! operation of the registry, and what survived.

use super::BAD_INPUT;
use crate::mutation;
use std::process::ExitCode;

pub fn mutate() -> ExitCode {
    let runtime = match super::async_runtime(super::Threads::PerCore, ExitCode::from(BAD_INPUT)) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let mut holes = 0;
    for op in conform_generated::OPERATIONS {
        let runs = match runtime.block_on(mutation::run(op)) {
            Ok(runs) => runs,
            Err(e) => {
                eprintln!("conform: {e}");
                return ExitCode::FAILURE;
            }
        };
        let uncovered = mutation::uncovered(op);
        println!("{}", mutation::score(op, &runs, &uncovered));
        for constraint in uncovered {
            holes += 1;
            println!("  no case breaks {constraint}: add one to the spec's cases or examples");
        }
        for run in &runs {
            if run.equivalent && !run.killed() {
                println!("  equivalent: {}", run.mutant);
            } else if !run.exact() {
                holes += 1;
                let missed: Vec<_> = run.expected.difference(&run.failed).collect();
                let extra: Vec<_> = run.failed.difference(&run.expected).collect();
                println!(
                    "  {}: {}; not failed: {missed:?}; failed though off the rule: {extra:?}",
                    run.mutant,
                    if run.killed() { "killed" } else { "alive" }
                );
            }
        }
    }
    if holes == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "conform: {holes} hole{} in the suite",
            if holes == 1 { "" } else { "s" }
        );
        ExitCode::FAILURE
    }
}
