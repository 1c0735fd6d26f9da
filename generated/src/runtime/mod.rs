//! The hand-written runtime that generated bindings call: constraint checks, violations as data,
//! and header rules. Generated code names these items by their full path,
//! `::conform_generated::runtime::...`.

mod case;
mod checks;
mod headers;
mod operation;
mod violation;

pub use case::{Case, Credentials, ErrorNaming, Expect, ExpectedError, ExpectedStatus, Violated};
pub use checks::{
    IntegerFormat, IntegerRules, Pattern, Pointer, StringFormat, StringRules, any_object, array,
    boolean, integer, into_model, member, missing, object, one_of, parse_json, parse_problem,
    parse_with, reject_unknown, string, validate_request,
};
pub use headers::{HeaderRule, aws_error_header, aws_error_name, header, media_type_is};
pub use operation::{Auth, ErrorInfo, Operation, Protocol};
pub use violation::{Expected, JsonType, Location, Rule, Violation};

/// The text that stands in for a sensitive value in `Debug` output, reports and snapshots.
pub const REDACTED: &str = "<redacted>";
