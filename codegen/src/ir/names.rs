//! The Rust names the lowering assigns to an operation's items, once, and the emitter reads:
//! the operation-level names, and a table of the names its values need.

use std::collections::BTreeMap;

/// The Rust names of an operation's items. The lowering assigns them, checks them for clashes,
/// and the emitter only reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustNames {
    /// The module of the operation's service, for example `outposts`.
    pub service_module: String,
    /// The module, for example `start_connection`.
    pub module: String,
    /// The struct of the path labels and query parameters (`StartConnectionParams`); it also
    /// owns their schema statics.
    pub params: String,
    /// The struct of everything a request carries besides its headers (`StartConnectionInput`).
    pub input: String,
    /// The enum of the documented errors (`StartConnectionError`).
    pub error_enum: String,
    /// The alias of the success body (`StartConnectionResponse`).
    pub response: String,
    /// The owner of the schema statics of the typed request headers.
    pub request_headers: String,
    /// The owner of the schema statics of the typed response headers.
    pub response_headers: String,
}

impl RustNames {
    /// The names of the operation `name` of the service `service`.
    pub fn of(service: &str, name: &str) -> RustNames {
        let ty = crate::names::type_name(name);
        RustNames {
            service_module: crate::names::field_name(service),
            module: crate::names::field_name(name),
            params: format!("{ty}Params"),
            input: format!("{ty}Input"),
            error_enum: format!("{ty}Error"),
            response: format!("{ty}Response"),
            request_headers: format!("{ty}headers"),
            response_headers: format!("{ty}response_headers"),
        }
    }

    /// The owner of the schema statics of the typed headers of `direction`.
    pub fn headers(&self, direction: HeadersOf) -> &str {
        match direction {
            HeadersOf::Request => &self.request_headers,
            HeadersOf::Response => &self.response_headers,
        }
    }
}

/// Where a value sits: the Rust name of the item that owns it, and its path inside that item
/// (`Tags`, `Tags item`, `Tags key`, `Tags value`).
pub type ValuePath = (String, String);

/// The Rust names of the items an operation's values need. The lowering assigns each name once
/// and checks it for clashes; the emitter looks them up, and a missing one is an error rather
/// than a name guessed again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemNames {
    /// The static of each value's rules (`START_CONNECTION_REQUEST_TAGS_ITEM`), and of each map's
    /// key rules.
    pub rules: BTreeMap<ValuePath, String>,
    /// The enum of each string value that lists its values.
    pub enums: BTreeMap<ValuePath, EnumNames>,
    /// The variant of each member of a tagged union, by the union's Rust name and the member's
    /// wire name.
    pub union_variants: BTreeMap<ValuePath, String>,
    /// The function that returns a member's default, by its owner's Rust name and wire name.
    pub defaults: BTreeMap<ValuePath, String>,
}

/// The names of a string enum: the type, and a variant per value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumNames {
    pub name: String,
    /// The variant of each value, by the value as the wire writes it.
    pub variants: BTreeMap<String, String>,
}

/// A name the emitter needs and the lowering never assigned: a bug in conform-codegen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no Rust name was assigned to the {what} of `{owner}` `{path}` (a bug in conform-codegen)")]
pub struct Unnamed {
    pub what: &'static str,
    pub owner: String,
    pub path: String,
}

impl ItemNames {
    /// The rules static of the value `path` of `owner`.
    pub fn rules(&self, owner: &str, path: &str) -> Result<&str, Unnamed> {
        lookup(&self.rules, "rules", owner, path).map(String::as_str)
    }

    /// The enum of the string value `path` of `owner`.
    pub fn enumeration(&self, owner: &str, path: &str) -> Result<&EnumNames, Unnamed> {
        lookup(&self.enums, "enum", owner, path)
    }

    /// The variant of the member `wire` of the union `owner`.
    pub fn union_variant(&self, owner: &str, wire: &str) -> Result<&str, Unnamed> {
        lookup(&self.union_variants, "union variant", owner, wire).map(String::as_str)
    }

    /// The default function of the member `wire` of `owner`.
    pub fn default_fn(&self, owner: &str, wire: &str) -> Result<&str, Unnamed> {
        lookup(&self.defaults, "default", owner, wire).map(String::as_str)
    }
}

impl EnumNames {
    /// The variant of `value`.
    pub fn variant(&self, value: &str) -> Result<&str, Unnamed> {
        self.variants
            .get(value)
            .map(String::as_str)
            .ok_or_else(|| Unnamed {
                what: "enum variant",
                owner: self.name.clone(),
                path: value.to_string(),
            })
    }
}

fn lookup<'a, T>(
    table: &'a BTreeMap<ValuePath, T>,
    what: &'static str,
    owner: &str,
    path: &str,
) -> Result<&'a T, Unnamed> {
    table
        .get(&(owner.to_string(), path.to_string()))
        .ok_or_else(|| Unnamed {
            what,
            owner: owner.to_string(),
            path: path.to_string(),
        })
}

/// Whose headers: the request's or the success response's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadersOf {
    Request,
    Response,
}
