//! The generator's golden outputs, compiled with warnings denied. `codegen/tests/golden.rs`
//! keeps each file equal to what the generator emits for its spec, and fails when one is stale.
#![deny(warnings)]

pub mod doc_change {
    include!("../../tests/golden/doc_change.rs");
}
pub mod either_or {
    include!("../../tests/golden/either_or.rs");
}
pub mod integers {
    include!("../../tests/golden/integers.rs");
}
pub mod nested {
    include!("../../tests/golden/nested.rs");
}
pub mod policies {
    include!("../../tests/golden/policies.rs");
}
pub mod strings {
    include!("../../tests/golden/strings.rs");
}
pub mod constructs {
    include!("../../tests/golden/constructs.rs");
}
