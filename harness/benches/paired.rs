//! The generated validators against the `jsonschema` crate in pairs: rounds that alternate the
//! two sides over the same payloads, each round's ratio taken from two blocks of passes that ran
//! moments apart, and the median of the rounds' ratios reported with their spread. On a shared
//! machine whose speed drifts, criterion's figures for the two sides come from runs seconds
//! apart, and a pass of a few hundred nanoseconds moves by tens of percent between them; a ratio
//! taken pair by pair does not carry that drift. Times are the thread's CPU time, as in the
//! `validators` bench, over the same schema and payloads.
//!
//! Usage: `cargo bench -p conform --bench paired -- [ROUNDS]` (default 201). It prints one
//! Markdown row per operation that takes a body and kind of payload.

mod cpu_time;
#[path = "../tests/common/oracle.rs"]
mod oracle;
mod payloads;

use conform_generated::OPERATIONS;
use conform_generated::runtime::Expect;
use cpu_time::ThreadCpuTime;
use criterion::measurement::Measurement;
use std::hint::black_box;
use std::process::ExitCode;

/// The CPU time one block of passes of a side should take, so that the clock's resolution and
/// the cost of reading it stay far below what is measured.
const BLOCK_NS: f64 = 2_000_000.0;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rounds = match args.as_slice() {
        [] => 201,
        [rounds] => match rounds.parse::<usize>() {
            Ok(rounds) if rounds > 0 => rounds,
            _ => {
                eprintln!("`{rounds}` is not a number of rounds\nusage: paired [ROUNDS]");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: paired [ROUNDS]");
            return ExitCode::from(2);
        }
    };
    println!(
        "| operation | payloads | conform ns | jsonschema ns | jsonschema / conform (median) | min | max |"
    );
    println!("|---|---|---|---|---|---|---|");
    for op in OPERATIONS {
        let (Some(schema), Some(validator)) = (op.bindings.body, oracle::oracle(op)) else {
            continue;
        };
        for (label, expect) in [("valid", Expect::Valid), ("invalid", Expect::Invalid)] {
            let payloads = payloads::bodies(op, expect);
            if payloads.is_empty() {
                continue;
            }
            let conform = || payloads::conform_pass(schema, &payloads);
            let jsonschema = || payloads::jsonschema_pass(&validator, &payloads);
            let pairs = paired(rounds, conform, jsonschema);
            let median = |pick: fn(&Pair) -> f64| {
                let mut values: Vec<f64> = pairs.iter().map(pick).collect();
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let ratio = |p: &Pair| p.jsonschema / p.conform;
            let ratios = pairs.iter().map(ratio);
            let (min, max) = ratios.fold((f64::INFINITY, 0.0_f64), |(lo, hi), r| {
                (lo.min(r), hi.max(r))
            });
            println!(
                "| {} | {label} | {:.0} | {:.0} | {:.2} | {min:.2} | {max:.2} |",
                op.id(),
                median(|p| p.conform),
                median(|p| p.jsonschema),
                median(ratio),
            );
        }
    }
    ExitCode::SUCCESS
}

/// One round: each side's CPU time per pass, in nanoseconds.
struct Pair {
    conform: f64,
    jsonschema: f64,
}

/// `rounds` rounds of a block of passes of each side, the side that goes first alternating, so
/// that neither always runs on caches the other has just warmed.
fn paired(rounds: usize, conform: impl Fn() -> usize, jsonschema: impl Fn() -> usize) -> Vec<Pair> {
    let passes = (passes_per_block(&conform), passes_per_block(&jsonschema));
    (0..rounds)
        .map(|round| {
            let (conform, jsonschema) = if round % 2 == 0 {
                let conform = block(passes.0, &conform);
                (conform, block(passes.1, &jsonschema))
            } else {
                let jsonschema = block(passes.1, &jsonschema);
                (block(passes.0, &conform), jsonschema)
            };
            Pair {
                conform,
                jsonschema,
            }
        })
        .collect()
}

/// How many passes make a block of about [`BLOCK_NS`], after a warm-up block.
fn passes_per_block(pass: &impl Fn() -> usize) -> usize {
    let estimate = block(100, pass).max(1.0);
    ((BLOCK_NS / estimate) as usize).max(1)
}

/// The CPU time per pass of `passes` passes.
fn block(passes: usize, pass: &impl Fn() -> usize) -> f64 {
    let start = ThreadCpuTime.start();
    let mut found = 0;
    for _ in 0..passes {
        found += pass();
    }
    black_box(found);
    ThreadCpuTime.to_f64(&ThreadCpuTime.end(start)) / passes as f64
}
