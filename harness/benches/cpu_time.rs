//! A criterion measurement of the CPU time the benchmarking thread spends, read from the kernel's
//! per-thread clock. On a shared machine, wall time also counts the time other processes hold the
//! core, which swings a pass over a few payloads by tens of percent from one run to the next;
//! both sides of a comparison are measured this way.

use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};
use rustix::time::{ClockId, clock_gettime};
use std::time::Duration;

/// The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`).
pub struct ThreadCpuTime;

fn now() -> Duration {
    let time = clock_gettime(ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(time.tv_sec).unwrap_or(0),
        u32::try_from(time.tv_nsec).unwrap_or(0),
    )
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        now()
    }

    fn end(&self, start: Duration) -> Duration {
        now().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Values in nanoseconds of CPU time, shown in the unit that suits their size.
struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns"),
            t if t < 1e6 => (1e-3, "µs"),
            t if t < 1e9 => (1e-6, "ms"),
            _ => (1e-9, "s"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let (per_iteration, unit) = match throughput {
            Throughput::Bits(n) => (*n, "bits/s"),
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => (*n, "B/s"),
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => {
                (*n, "elem/s")
            }
        };
        values
            .iter_mut()
            .for_each(|v| *v = per_iteration as f64 * 1e9 / *v);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
