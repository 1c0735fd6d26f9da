//! Typed bindings for every operation in `spec/`, generated at build time, and the runtime they
//! call. Edit a spec file and rebuild: `build.rs` regenerates `bindings.rs` in `OUT_DIR`.
//!
//! Each operation lives at `conform_generated::<service>::<operation>`, with its models,
//! schemas, validators, typed errors, constants and cases; [`OPERATIONS`] lists them all.

// The generated code names the runtime by its full path, as other crates do.
extern crate self as conform_generated;

pub mod runtime;

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));

/// The generated source, exactly as `build.rs` wrote it.
pub const SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/bindings.rs"));
