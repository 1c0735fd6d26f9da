//! The spec file as written: serde structures that mirror the YAML one to one, with the
//! location of every value the checks may need to point at. `lower` turns them into the IR.

use crate::entries::Entries;
use crate::scalars::{Flag, Int, Number, Scalar};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One operation's spec file. Beside a `service.yaml`, the service-level keys (`service`,
/// `protocol`, `auth`, `policies`) come from that file and may not be repeated here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SpecFile {
    #[serde(default)]
    pub service: Option<Spanned<String>>,
    pub operation: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub documentation: Spanned<String>,
    pub sources: Entries<Source>,
    #[serde(default)]
    pub protocol: Option<Spanned<Protocol>>,
    #[serde(default)]
    pub auth: Option<Spanned<Auth>>,
    pub http: Http,
    #[serde(default)]
    pub policies: Option<Spanned<Policies>>,
    pub request: Request,
    pub response: Response,
    #[serde(default)]
    pub errors: Vec<Error>,
    #[serde(default)]
    pub schemas: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub deviations: Vec<Deviation>,
}

/// `service.yaml`: what every operation of a service shares.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceFile {
    pub service: Spanned<String>,
    pub title: String,
    pub documentation: Spanned<String>,
    #[serde(default)]
    pub sources: Entries<Source>,
    pub protocol: Spanned<Protocol>,
    pub auth: Spanned<Auth>,
    pub policies: Spanned<Policies>,
    #[serde(default)]
    pub errors: Vec<Spanned<Error>>,
    #[serde(default)]
    pub schemas: Entries<Spanned<Schema>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    pub name: Spanned<ProtocolName>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub enum ProtocolName {
    #[serde(rename = "restJson1")]
    RestJson1,
    #[serde(rename = "json")]
    Json,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Auth {
    pub scheme: Spanned<AuthScheme>,
    #[serde(default)]
    pub signing_name: Option<Spanned<String>>,
    #[serde(default)]
    pub header: Option<Spanned<String>>,
    #[serde(default)]
    pub token_path: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub enum AuthScheme {
    #[serde(rename = "aws-sigv4")]
    AwsSigV4,
    #[serde(rename = "bearer")]
    Bearer,
    /// No credentials: the operation answers anyone (a version or login endpoint).
    #[serde(rename = "none")]
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Http {
    pub method: Spanned<String>,
    pub path: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policies {
    #[serde(default)]
    pub unknown_members: Option<Policy<UnknownMembers>>,
    #[serde(default)]
    pub null_members: Option<Policy<NullMembers>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy<T> {
    pub value: T,
    pub source: Spanned<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownMembers {
    Ignore,
    Reject,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NullMembers {
    Absent,
    Invalid,
}

/// The request: path labels, query parameters, headers and the body, each as the page lists
/// them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub path: Entries<Spanned<Parameter>>,
    #[serde(default)]
    pub query: Entries<Spanned<Parameter>>,
    #[serde(default)]
    pub headers: Entries<Spanned<Parameter>>,
    #[serde(default)]
    pub body: Option<Spanned<Schema>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status: Spanned<Int>,
    #[serde(default)]
    pub headers: Entries<Spanned<Parameter>>,
    #[serde(default)]
    pub body: Option<Spanned<Schema>>,
}

/// A path label, query parameter or header: a scalar (or, for query parameters and headers, a
/// list of scalars) with the schema keywords that apply to it. A header may instead take
/// `const` or `mediaType`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Parameter {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub required: Option<Spanned<Flag>>,
    #[serde(default)]
    pub sensitive: Flag,
    #[serde(default, rename = "const")]
    pub const_value: Option<Spanned<String>>,
    #[serde(default)]
    pub media_type: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    pub ty: Option<Spanned<String>>,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub min_length: Option<Spanned<Int>>,
    #[serde(default)]
    pub max_length: Option<Spanned<Int>>,
    #[serde(default)]
    pub minimum: Option<Spanned<Number>>,
    #[serde(default)]
    pub maximum: Option<Spanned<Number>>,
    #[serde(default, rename = "enum")]
    pub enumeration: Option<Spanned<Vec<Scalar>>>,
    #[serde(default)]
    pub items: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub min_items: Option<Spanned<Int>>,
    #[serde(default)]
    pub max_items: Option<Spanned<Int>>,
    #[serde(default)]
    pub unique_items: Option<Spanned<Flag>>,
    #[serde(default)]
    pub default: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub dynamic: Option<Spanned<Flag>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// An error. In `service.yaml` it is a definition; in an operation file it is either a whole
/// definition or, naming an error `service.yaml` defines, only what the page adds (`when`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    pub name: Spanned<String>,
    #[serde(default)]
    pub status: Option<Spanned<Int>>,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub naming: Option<Spanned<Naming>>,
    #[serde(default)]
    pub body: Option<Spanned<Schema>>,
    #[serde(default)]
    pub answers: Vec<Spanned<Answer>>,
    #[serde(default)]
    pub common: Flag,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// A kind of bad request an error is the documented answer to.
pub use conform_model::Answer;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Naming {
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub status_member: Option<String>,
}

/// A JSON-Schema-like description of a value. Keywords keep JSON Schema's names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Schema {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    pub ty: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub min_length: Option<Spanned<Int>>,
    #[serde(default)]
    pub max_length: Option<Spanned<Int>>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub minimum: Option<Spanned<Number>>,
    #[serde(default)]
    pub maximum: Option<Spanned<Number>>,
    #[serde(default, rename = "enum")]
    pub enumeration: Option<Spanned<Vec<Scalar>>>,
    #[serde(default)]
    pub items: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub min_items: Option<Spanned<Int>>,
    #[serde(default)]
    pub max_items: Option<Spanned<Int>>,
    #[serde(default)]
    pub unique_items: Option<Spanned<Flag>>,
    #[serde(default)]
    pub properties: Option<Entries<Spanned<Schema>>>,
    #[serde(default)]
    pub additional_properties: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub property_names: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub min_properties: Option<Spanned<Int>>,
    #[serde(default)]
    pub max_properties: Option<Spanned<Int>>,
    #[serde(default)]
    pub default: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub example: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub required: Vec<Spanned<String>>,
    #[serde(default)]
    pub one_of: Vec<Spanned<Variant>>,
    #[serde(default)]
    pub sensitive: Option<Spanned<Flag>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub dynamic: Option<Spanned<Flag>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// One branch of an either-or body: the members it requires.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub required: Vec<Spanned<String>>,
}

/// Where the page and an official model disagree, and which one the spec follows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    pub subject: Spanned<String>,
    /// The drift rule whose finding this records; `conform spec drift` checks it.
    #[serde(default)]
    pub rule: Option<Spanned<String>>,
    /// The two values of that finding, where the deviation is about values.
    #[serde(default)]
    pub values: Option<DeviationValues>,
    pub page: String,
    pub model: String,
    pub follows: Spanned<Follows>,
    pub source: Spanned<String>,
}

/// What the spec and the model say, as `conform spec drift` shows them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviationValues {
    pub spec: String,
    pub model: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Follows {
    Page,
    Model,
    /// A stated policy of the project, where the page is silent and the model's own words
    /// disagree with its keywords.
    Policy,
}
