//! Runs a fixed number of passes of one validator over one operation's payloads, for
//! `bench/instructions.sh` to count their instructions under cachegrind. Instruction counts do
//! not move when other processes share the machine, so they show a change that wall or CPU time
//! on a noisy machine would hide.
//!
//! Usage: `passes <conform|jsonschema> <operation id> <valid|invalid> <passes>`, or `passes list`
//! for the operations that take a body. Run without arguments (as `cargo bench` does), it does
//! nothing.

#[path = "../tests/common/oracle.rs"]
mod oracle;
mod payloads;

use conform_generated::OPERATIONS;
use conform_generated::runtime::Expect;
use std::process::ExitCode;

const USAGE: &str =
    "usage: passes <conform|jsonschema> <operation id> <valid|invalid> <passes> | passes list";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.is_empty() {
        return ExitCode::SUCCESS;
    }
    if args == ["list"] {
        for op in OPERATIONS.iter().filter(|op| op.bindings.body.is_some()) {
            println!("{}", op.id());
        }
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(violations) => {
            println!("{violations} violations");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The passes, returning how many violations they found in all.
fn run(args: &[String]) -> Result<usize, String> {
    let [side, id, label, passes] = args else {
        return Err(format!("expected 4 arguments, got {}", args.len()));
    };
    let op = OPERATIONS
        .iter()
        .find(|op| op.id().as_str() == id)
        .ok_or_else(|| format!("no operation `{id}` in the registry"))?;
    let expect = match label.as_str() {
        "valid" => Expect::Valid,
        "invalid" => Expect::Invalid,
        other => return Err(format!("`{other}` is neither valid nor invalid")),
    };
    let passes: usize = passes
        .parse()
        .map_err(|_| format!("`{passes}` is not a number of passes"))?;
    let schema = op
        .bindings
        .body
        .ok_or_else(|| format!("`{id}` takes no body"))?;
    let payloads = payloads::bodies(op, expect);
    // The oracle for `jsonschema`, none for the generated validator.
    let validator = match side.as_str() {
        "conform" => None,
        "jsonschema" => {
            Some(oracle::oracle(op).ok_or_else(|| format!("the export has no body for `{id}`"))?)
        }
        other => return Err(format!("`{other}` is neither conform nor jsonschema")),
    };
    let count = (0..passes)
        .map(|_| match &validator {
            None => payloads::conform_pass(schema, &payloads),
            Some(validator) => payloads::jsonschema_pass(validator, &payloads),
        })
        .sum();
    Ok(count)
}
