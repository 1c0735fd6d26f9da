//! The generator's golden outputs, compiled with warnings denied. `codegen/tests/golden.rs`
//! keeps each file equal to what the generator emits for its spec.
#![deny(warnings)]
