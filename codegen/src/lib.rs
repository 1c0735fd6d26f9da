//! conform's generator core: load spec files, check them, lower them to a typed IR, and emit
//! Rust bindings. Front-ends (`generated/build.rs`, `conform generate`, `conform spec check`)
//! are thin wrappers around [`load_paths`] and [`emit::generate`].

pub mod cases;
mod diag;
pub mod drift;
pub mod emit;
mod entries;
pub mod import;
pub mod ir;
mod load;
mod lower;
pub mod names;
pub mod openapi;
pub mod pattern;
mod raw;
mod scalars;
pub mod text;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::{EmitError, Options, Timings, generate, generate_timed};
pub use load::{load_paths, load_sources};
