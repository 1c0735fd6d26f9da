//! The typed intermediate representation: what a checked spec means, with Rust names chosen
//! and every reference resolved. Everything here is ordered (`Vec` in document order, or sorted),
//! so whatever walks it produces the same output every time.

pub use conform_model::{
    Answer, IntegerFormat, NumberFormat, Protocol, StringFormat, TimestampFormat,
};
use std::path::PathBuf;

mod names;
pub use names::{EnumNames, HeadersOf, ItemNames, RustNames, Unnamed, ValuePath};

/// Every operation of a spec folder, sorted by service, then operation name.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub operations: Vec<Operation>,
}

/// Where the spec states something: its file and the `line:column` of the key or value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec file, as it was given to the loader.
    pub file: PathBuf,
    /// The service id, for example `outposts`.
    pub service: String,
    /// The service's title, where a `service.yaml` states it.
    pub service_title: Option<String>,
    /// The operation name, for example `StartConnection`.
    pub name: String,
    /// Every Rust name the operation gets, assigned once when it is lowered.
    pub rust: RustNames,
    /// The Rust names of the items its values need: rules statics, enums, union variants and
    /// default functions.
    pub items: ItemNames,
    pub title: String,
    pub summary: Option<String>,
    pub documentation: String,
    pub sources: Vec<Source>,
    pub protocol: Protocol,
    pub auth: Auth,
    pub method: String,
    /// The path template as the page writes it, with `{Label}` and greedy `{Label+}` labels.
    pub path: String,
    /// The path template split into literal text and labels.
    pub segments: Vec<Segment>,
    pub policies: Policies,
    pub request: Request,
    pub response: Response,
    pub errors: Vec<ErrorDef>,
    /// Named object shapes, in the order the spec declares them.
    pub structs: Vec<Struct>,
    pub deviations: Vec<Deviation>,
    /// Where the operation is named.
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    AwsSigV4 {
        signing_name: String,
    },
    Bearer {
        header: String,
        token_path: Option<String>,
    },
    /// The operation needs no credentials: nothing is signed or sent, nothing refused.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policies {
    pub unknown_members: UnknownMembers,
    pub null_members: NullMembers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownMembers {
    Ignore,
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullMembers {
    /// A JSON `null` counts as the member being absent.
    Absent,
    /// A JSON `null` is a value of the wrong type.
    Invalid,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, as the page writes it.
    Literal(String),
    /// A label: the value of the path parameter `name`. A greedy label (`{Key+}`) may span
    /// several segments; any other stops at the next `/`.
    Label { name: String, greedy: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The path labels, in the order the path names them.
    pub labels: Vec<Param>,
    /// The query parameters, in the page's order.
    pub query: Vec<Param>,
    pub headers: Vec<Header>,
    /// The JSON body, if the operation takes one.
    pub body: Option<Body>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    /// Where the status is stated.
    pub origin: Origin,
    pub headers: Vec<Header>,
    /// The name of the struct in [`Operation::structs`] that models the body; `None` when the
    /// success response has no body.
    pub body: Option<String>,
}

/// A path label or a query parameter: a scalar, or (query only) a list of scalars.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub description: Option<String>,
    /// Labels are always required.
    pub required: bool,
    pub sensitive: bool,
    pub ty: Type,
    pub default: Option<Literal>,
    pub source: String,
    /// Where it is declared (its key, or its `name`).
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The header name as the page writes it.
    pub name: String,
    /// The Rust constant name, for example `X_API_VERSION`.
    pub const_name: String,
    pub description: Option<String>,
    pub required: bool,
    pub sensitive: bool,
    /// The value differs from call to call (response headers); snapshots redact it.
    pub dynamic: bool,
    pub rule: HeaderRule,
    pub source: String,
    /// Where it is declared (its key, or its `name`).
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HeaderRule {
    /// Any value.
    Any,
    /// Exactly this value.
    Const(String),
    /// This media type; parameters such as `charset` are allowed.
    MediaType(String),
    /// A value matching this pattern.
    Pattern(Pattern),
    /// A typed value: a scalar, or a comma-separated list of scalars.
    Typed(Type),
}

/// The request body: one object, or exactly one of several variants of one object.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The Rust type name of the body: a struct, or an enum when there are variants.
    pub rust_name: String,
    /// The name of the static that holds its schema.
    pub static_name: String,
    pub description: Option<String>,
    /// Every member any variant may carry. `required` marks those every variant requires.
    pub members: Vec<Member>,
    /// The branches of an either-or body; empty for a plain object.
    pub variants: Vec<Variant>,
}

impl Body {
    /// Whether a request must carry `member`: it is required, or every variant requires it
    /// (the either-or body's common members).
    pub fn requires(&self, member: &Member) -> bool {
        member.required
            || (!self.variants.is_empty()
                && self
                    .variants
                    .iter()
                    .all(|v| v.required.contains(&member.wire_name)))
    }

    /// Whether `member` belongs to some variants and not to all: one of a variant's own.
    pub fn is_variant_own(&self, member: &Member) -> bool {
        self.variants
            .iter()
            .any(|v| v.required.contains(&member.wire_name))
            && !self.requires(member)
    }

    /// The members of `variant`: those it requires, and those no variant requires.
    pub fn variant_members(&self, variant: &Variant) -> Vec<Member> {
        let in_variant = |m: &Member| variant.required.contains(&m.wire_name);
        let claimed = |m: &Member| {
            self.variants
                .iter()
                .any(|v| v.required.contains(&m.wire_name))
        };
        self.members
            .iter()
            .filter(|m| in_variant(m) || !claimed(m))
            .map(|m| Member {
                required: m.required || in_variant(m),
                ..m.clone()
            })
            .collect()
    }
}

/// One branch of an either-or body.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    /// The Rust type name of this branch's struct.
    pub rust_name: String,
    /// Its variant in the body's enum.
    pub variant_name: String,
    pub description: Option<String>,
    /// Wire names of the members this branch requires, in the body's member order.
    pub required: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDef {
    pub name: String,
    /// Its variant in the operation's error enum, and its body's alias.
    pub rust_name: String,
    pub status: u16,
    pub when: String,
    pub naming: ErrorNaming,
    /// The name of the struct in [`Operation::structs`] that models the body.
    pub body: String,
    /// The kinds of bad request this error is the documented answer to.
    pub answers: Vec<Answer>,
    /// An error every action can return, rather than one the page lists.
    pub common: bool,
    pub source: String,
    /// Where it is declared (its key, or its `name`).
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorNaming {
    /// restJson1: a header names the error (`X-Amzn-ErrorType: ValidationException`).
    Header { header: String, value: String },
    /// Problem details: a body member carries an error code and another the status.
    Member {
        member: String,
        status_member: Option<String>,
    },
}

/// A named object shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The name in the spec (`ErrorMessage`, or a generated one such as `StartConnectionRequest`).
    pub name: String,
    pub rust_name: String,
    /// The name of the static that holds its schema.
    pub static_name: String,
    pub description: Option<String>,
    pub members: Vec<Member>,
    /// A tagged union: exactly one member is set.
    pub union: bool,
    pub source: String,
    /// Where it is declared (its key, or its `name`).
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub wire_name: String,
    pub rust_name: String,
    /// Other wire names a reader accepts for this member.
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub required: bool,
    pub sensitive: bool,
    /// The value differs from call to call (an id, a token, a date); snapshots redact it.
    pub dynamic: bool,
    pub ty: Type,
    /// The value a reader assumes when the member is absent.
    pub default: Option<Literal>,
    /// A value the reference mock answers with; not a constraint.
    pub example: Option<Literal>,
    pub source: String,
    /// Where it is declared (its key, or its `name`).
    pub origin: Origin,
}

/// A scalar value written in the spec: a `default`, or an `enum` value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String(StringType),
    Integer(IntegerType),
    /// A floating-point number.
    Number(NumberType),
    Boolean,
    Timestamp(TimestampFormat),
    /// Bytes, base64-encoded in JSON.
    Blob(BlobType),
    Array(Box<ArrayType>),
    Map(Box<MapType>),
    /// A named struct or union, by its spec name.
    Struct(String),
    /// Any JSON object.
    AnyObject,
}

impl Type {
    /// Whether the type is a scalar: what a label, a query parameter or a header can carry.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Type::String(_)
                | Type::Integer(_)
                | Type::Number(_)
                | Type::Boolean
                | Type::Timestamp(_)
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArrayType {
    pub items: Type,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
}

/// An object with keys of one string schema and values of one type.
#[derive(Debug, Clone, PartialEq)]
pub struct MapType {
    pub keys: StringType,
    pub values: Type,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumberType {
    pub format: NumberFormat,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BlobType {
    /// Bounds in bytes, before base64.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StringType {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Pattern>,
    pub format: Option<StringFormat>,
    pub enumeration: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntegerType {
    pub format: IntegerFormat,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// The values allowed, where the spec lists them.
    pub enumeration: Vec<i64>,
}

/// A pattern as the documents write it, and the same pattern for Rust's `regex` crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    pub rust: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// A spec pointer (`/request/body/properties/Name`).
    pub subject: String,
    /// The drift rule whose finding it records, for `conform spec drift` to check.
    pub rule: Option<String>,
    /// The spec's and the model's values in that finding.
    pub values: Option<(String, String)>,
    pub page: String,
    pub model: String,
    pub follows: Follows,
    pub source: String,
    pub origin: Origin,
}

/// Which document the spec follows where the page and a model disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    Page,
    Model,
    Policy,
}

impl Follows {
    pub fn as_str(self) -> &'static str {
        match self {
            Follows::Page => "page",
            Follows::Model => "model",
            Follows::Policy => "policy",
        }
    }
}

impl Param {
    /// The parameter as a member of the operation's parameters struct.
    pub fn as_member(&self) -> Member {
        Member {
            wire_name: self.wire_name.clone(),
            rust_name: self.rust_name.clone(),
            aliases: Vec::new(),
            description: self.description.clone(),
            required: self.required,
            sensitive: self.sensitive,
            dynamic: false,
            ty: self.ty.clone(),
            default: self.default.clone(),
            example: None,
            source: self.source.clone(),
            origin: self.origin.clone(),
        }
    }
}

impl Operation {
    /// The named struct `name`; lowering guarantees every reference resolves.
    pub fn struct_named(&self, name: &str) -> Option<&Struct> {
        self.structs.iter().find(|s| s.name == name)
    }

    /// The named struct `name`, or the error that it has no Rust name.
    pub fn struct_by_name(&self, name: &str) -> Result<&Struct, Unnamed> {
        self.struct_named(name).ok_or_else(|| Unnamed {
            what: "struct",
            owner: self.name.clone(),
            path: name.to_string(),
        })
    }

    /// The request body, or an empty one for an operation that takes none.
    pub fn body(&self) -> Option<&Body> {
        self.request.body.as_ref()
    }
}
