//! The `conform` command as a library: the CLI, the reference mock, case listing and masking,
//! so that tests and the binary share one implementation.

pub mod cli;
pub mod commands;
pub mod drift;
pub mod list;
pub mod mask;
pub mod mock;
pub mod mutation;
pub mod pointer;
pub mod run;
pub mod secret;
pub mod select;
