//! The Swagger 2.0 and OpenAPI 3.x document model, read with the location of every value: one
//! set of structures reads both, since the two name most things alike.

use crate::entries::Entries;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Document {
    #[serde(default)]
    pub swagger: Option<String>,
    #[serde(default)]
    pub openapi: Option<String>,
    #[serde(default)]
    pub info: Info,
    #[serde(default)]
    pub external_docs: Option<ExternalDocs>,
    #[serde(default)]
    pub base_path: Option<String>,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub consumes: Vec<String>,
    #[serde(default)]
    pub produces: Vec<String>,
    #[serde(default)]
    pub paths: Entries<Spanned<PathItem>>,
    #[serde(default)]
    pub definitions: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub parameters: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub security_definitions: Entries<Spanned<SecurityScheme>>,
    #[serde(default)]
    pub security: Vec<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Default, Deserialize)]
pub(in crate::import) struct Info {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Deserialize)]
pub(in crate::import) struct ExternalDocs {
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Deserialize)]
pub(in crate::import) struct Server {
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Components {
    #[serde(default)]
    pub schemas: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub parameters: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub request_bodies: Entries<Spanned<RequestBody>>,
    #[serde(default)]
    pub headers: Entries<Spanned<Schema>>,
    #[serde(default)]
    pub security_schemes: Entries<Spanned<SecurityScheme>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub get: Option<Spanned<Operation>>,
    #[serde(default)]
    pub put: Option<Spanned<Operation>>,
    #[serde(default)]
    pub post: Option<Spanned<Operation>>,
    #[serde(default)]
    pub delete: Option<Spanned<Operation>>,
    #[serde(default)]
    pub options: Option<Spanned<Operation>>,
    #[serde(default)]
    pub head: Option<Spanned<Operation>>,
    #[serde(default)]
    pub patch: Option<Spanned<Operation>>,
    #[serde(default)]
    pub trace: Option<Spanned<Operation>>,
}

impl PathItem {
    /// The operations of this path, by method, in a fixed order.
    pub(super) fn operations(&self) -> Vec<(&'static str, &Spanned<Operation>)> {
        [
            ("GET", &self.get),
            ("PUT", &self.put),
            ("POST", &self.post),
            ("DELETE", &self.delete),
            ("OPTIONS", &self.options),
            ("HEAD", &self.head),
            ("PATCH", &self.patch),
            ("TRACE", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
        .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Operation {
    #[serde(default)]
    pub operation_id: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub consumes: Option<Vec<String>>,
    #[serde(default)]
    pub produces: Option<Vec<String>>,
    #[serde(default)]
    pub parameters: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub request_body: Option<Spanned<RequestBody>>,
    #[serde(default)]
    pub responses: Entries<Spanned<Response>>,
    #[serde(default)]
    pub security: Option<Spanned<Vec<Requirement>>>,
}

/// A security requirement: each scheme it names, with its scopes.
pub(in crate::import) type Requirement = BTreeMap<String, Vec<String>>;

#[derive(Debug, Default, Deserialize)]
pub(in crate::import) struct RequestBody {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: Entries<Spanned<MediaType>>,
}

#[derive(Debug, Default, Deserialize)]
pub(in crate::import) struct MediaType {
    #[serde(default)]
    pub schema: Option<Spanned<Schema>>,
}

#[derive(Debug, Default, Deserialize)]
pub(in crate::import) struct Response {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    /// Swagger 2.0's response body.
    #[serde(default)]
    pub schema: Option<Spanned<Schema>>,
    /// OpenAPI 3's response bodies, by media type.
    #[serde(default)]
    pub content: Entries<Spanned<MediaType>>,
    #[serde(default)]
    pub headers: Entries<Spanned<Schema>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct SecurityScheme {
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub scheme: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Swagger 2.0's OAuth2 token endpoint.
    #[serde(default)]
    pub token_url: Option<String>,
    /// OpenAPI 3's OAuth2 flows, each with its token endpoint.
    #[serde(default)]
    pub flows: BTreeMap<String, Flow>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Flow {
    #[serde(default)]
    pub token_url: Option<String>,
}

/// A schema, a parameter or a header: Swagger 2.0 writes the schema of a parameter that is not
/// the body, and of a header, inline beside `name` and `in`, so one structure reads all three.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Schema {
    #[serde(default, rename = "$ref")]
    pub reference: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    pub ty: Option<Types>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub min_length: Option<f64>,
    #[serde(default)]
    pub max_length: Option<f64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(default)]
    pub exclusive_minimum: Option<Exclusive>,
    #[serde(default)]
    pub exclusive_maximum: Option<Exclusive>,
    #[serde(default)]
    pub multiple_of: Option<f64>,
    /// Read as the words written, so that `on` stays a word where YAML 1.1 would read a flag.
    #[serde(default, rename = "enum")]
    pub enumeration: Option<Vec<String>>,
    #[serde(default, rename = "const")]
    pub constant: Option<Value>,
    #[serde(default)]
    pub items: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub min_items: Option<f64>,
    #[serde(default)]
    pub max_items: Option<f64>,
    #[serde(default)]
    pub unique_items: bool,
    #[serde(default)]
    pub properties: Entries<Spanned<Schema>>,
    /// A schema's required members, or whether a parameter is required.
    #[serde(default)]
    pub required: Option<Required>,
    #[serde(default)]
    pub additional_properties: Option<Spanned<Additional>>,
    #[serde(default)]
    pub min_properties: Option<f64>,
    #[serde(default)]
    pub max_properties: Option<f64>,
    #[serde(default)]
    pub all_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub one_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub any_of: Vec<Spanned<Schema>>,
    #[serde(default)]
    pub not: Option<Value>,
    #[serde(default)]
    pub discriminator: Option<Value>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub write_only: bool,
    // Parameter fields.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    #[serde(default)]
    pub schema: Option<Box<Spanned<Schema>>>,
    #[serde(default)]
    pub collection_format: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub explode: Option<bool>,
    #[serde(default)]
    pub content: Option<Value>,
}

/// `type`: one name, or in OpenAPI 3.1 a list of them (`[string, "null"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(in crate::import) enum Types {
    One(String),
    Many(Vec<String>),
}

/// `exclusiveMinimum`: a flag on `minimum` (Swagger 2.0, OpenAPI 3.0) or the bound (3.1).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub(in crate::import) enum Exclusive {
    Flag(bool),
    Bound(f64),
}

/// `required`: a schema's member names, or a parameter's flag.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(in crate::import) enum Required {
    Flag(bool),
    Names(Vec<String>),
}

/// `additionalProperties`: a flag, or the schema of every value.
#[derive(Debug)]
pub(in crate::import) enum Additional {
    Allowed(bool),
    Values(Box<Schema>),
}

impl<'de> Deserialize<'de> for Additional {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AdditionalVisitor;

        impl<'de> Visitor<'de> for AdditionalVisitor {
            type Value = Additional;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or a schema")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Additional, E> {
                Ok(Additional::Allowed(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Additional, A::Error> {
                Schema::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|s| Additional::Values(Box::new(s)))
            }
        }

        deserializer.deserialize_any(AdditionalVisitor)
    }
}

impl Schema {
    pub(super) fn names_required(&self) -> Vec<String> {
        match &self.required {
            Some(Required::Names(names)) => names.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn flag_required(&self) -> bool {
        matches!(self.required, Some(Required::Flag(true)))
    }

    /// The types it states, `null` left out, and whether `null` was among them.
    pub(super) fn types(&self) -> (Vec<String>, bool) {
        let all = match &self.ty {
            None => Vec::new(),
            Some(Types::One(t)) => vec![t.clone()],
            Some(Types::Many(ts)) => ts.clone(),
        };
        let null = all.iter().any(|t| t == "null");
        (all.into_iter().filter(|t| t != "null").collect(), null)
    }

    /// Whether it describes a structure: an object that is not a map.
    pub(super) fn is_structure(&self) -> bool {
        let (types, _) = self.types();
        let object = types.iter().any(|t| t == "object")
            || (types.is_empty() && (!self.properties.0.is_empty() || !self.all_of.is_empty()));
        let map = matches!(
            self.additional_properties.as_ref().map(|a| &a.value),
            Some(Additional::Values(_))
        ) && self.properties.0.is_empty();
        object && !map
    }
}
