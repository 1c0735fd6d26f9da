//! `conform generate`: the Rust bindings `generated/build.rs` writes, printed or written to a file,
//! and with `--timings`, how long each stage took.

use conform_codegen::Timings;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn generate(spec: &Path, out: Option<&Path>, timings: bool) -> ExitCode {
    let start = Instant::now();
    let api = match super::load_spec(spec) {
        Ok(api) => api,
        Err(code) => return code,
    };
    let loaded = start.elapsed();
    // File names in the header are relative to the spec folder (a file's own folder).
    let root = if spec.is_file() {
        spec.parent().unwrap_or(spec)
    } else {
        spec
    };
    let options = conform_codegen::Options {
        spec_root: Some(root.to_path_buf()),
        ..conform_codegen::Options::default()
    };
    let (source, stages) = match conform_codegen::generate_timed(&api, &options) {
        Ok(generated) => generated,
        Err(e) => {
            eprintln!("conform: {e}");
            return ExitCode::FAILURE;
        }
    };
    let writing = Instant::now();
    let code = super::write_out(out, &source);
    if timings {
        let whole = Whole {
            load: loaded,
            write: writing.elapsed(),
            total: start.elapsed(),
            bytes: source.len(),
        };
        eprint!("{}", render(&stages, &whole));
    }
    code
}

/// The command's own stages around the generator's: wall times, and the size of what it wrote.
struct Whole {
    load: Duration,
    write: Duration,
    total: Duration,
    bytes: usize,
}

/// The timings as a table: seconds, and milliseconds per operation.
fn render(stages: &Timings, whole: &Whole) -> String {
    let n = stages.operations.max(1);
    let mut rows = vec![("load and check the spec", whole.load, "wall")];
    rows.extend(
        stages
            .stages()
            .into_iter()
            .map(|(name, time)| (name, time, "thread")),
    );
    rows.push(("join the pieces", stages.join, "wall"));
    rows.push(("write the file", whole.write, "wall"));
    rows.push(("whole command", whole.total, "wall"));
    let mut out = format!(
        "conform: timings of {} operations on {} threads\n{:<26} {:>10} {:>18}  {}\n",
        stages.operations, stages.threads, "stage", "s", "ms per operation", "time"
    );
    for (name, time, kind) in rows {
        let seconds = time.as_secs_f64();
        let _ = writeln!(
            out,
            "{name:<26} {seconds:>10.3} {:>18.3}  {kind}",
            seconds * 1000.0 / n as f64
        );
    }
    let _ = writeln!(
        out,
        "{:<26} {:>10} {:>18}  bytes of Rust",
        "output",
        whole.bytes,
        whole.bytes / n
    );
    out.push_str(
        "Thread time is summed over the operations, which run in parallel, so it can exceed the \
         wall time.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_each_stage_per_operation() {
        let ms = Duration::from_millis;
        let stages = Timings {
            operations: 4,
            threads: 2,
            derive: ms(8),
            emit: ms(12),
            parse: ms(20),
            format: ms(4),
            join: ms(1),
        };
        let whole = Whole {
            load: ms(2),
            write: ms(3),
            total: ms(30),
            bytes: 4000,
        };
        let table = render(&stages, &whole);
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows[0], "conform: timings of 4 operations on 2 threads");
        let row = |name: &str| {
            rows.iter()
                .find(|r| r.starts_with(name))
                .unwrap_or_else(|| panic!("no row {name} in\n{table}"))
                .split_whitespace()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
        };
        assert_eq!(row("parse (syn)"), ["thread", "5.000", "0.020"]);
        assert_eq!(row("derive the cases"), ["thread", "2.000", "0.008"]);
        assert_eq!(row("load and check"), ["wall", "0.500", "0.002"]);
        assert_eq!(row("whole command"), ["wall", "7.500", "0.030"]);
        assert_eq!(row("output"), ["Rust", "of", "bytes"]);
        assert!(table.contains(" 4000 "), "{table}");
        assert!(table.contains(" 1000 "), "{table}");
    }
}
