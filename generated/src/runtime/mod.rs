//! The hand-written runtime that generated bindings call: constraint checks, violations as data,
//! and header rules. Each generated operation module imports this module as `rt` and names
//! these items through it.

mod case;
mod checks;
mod headers;
mod http;
mod model;
mod operation;
pub mod replay;
mod schema;
mod values;
mod violation;
mod walk;

pub use case::{Case, Credentials, ErrorNaming, Expect, ExpectedError, ExpectedStatus, Violated};
pub use checks::{
    IntegerRules, Pattern, Pointer, StringRules, any_object, boolean, integer, into_model, member,
    missing, object, parse_json, parse_problem, string,
};
pub use conform_model::{
    Answer, IntegerFormat, Location, NumberFormat, Protocol, Rule, StringFormat, TimestampFormat,
};
pub use headers::{HeaderRule, aws_error_header, aws_error_name, header, media_type_is};
pub use http::{
    Bindings, Checked, HeaderParam, HttpRequest, NotUtf8, Param, PathPiece, ResponseBindings,
    check_headers, check_request, check_response, decode, match_path, parse_query, text_value,
};
pub use model::{Model, from_json};
pub use operation::{Auth, ErrorInfo, Operation};
pub use schema::{
    BlobRules, ListRules, MapRules, Member, NumberRules, Schema, StructSchema, Variant,
};
pub use values::{
    Blob, DateTime, EpochSeconds, HttpDate, NON_FINITE, format_timestamp, parse_timestamp,
};
pub use violation::{Expected, JsonType, Violation};
pub use walk::{check, structure};

/// The text that stands in for a sensitive value in `Debug` output, reports and snapshots.
pub const REDACTED: &str = "<redacted>";
