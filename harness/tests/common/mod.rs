//! Code the integration tests and the benches share.

pub mod oracle;
