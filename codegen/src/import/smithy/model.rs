//! The Smithy JSON AST model: shapes, members and traits with their locations, the prelude,
//! and the operations a service binds.

use crate::entries::Entries;
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
pub(in crate::import) struct Model {
    #[serde(default)]
    pub shapes: BTreeMap<String, Spanned<Shape>>,
}

/// A shape of any type; the fields a type does not use stay empty.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::import) struct Shape {
    #[serde(rename = "type")]
    pub ty: String,
    /// Members in the model's order, which is the documentation's.
    #[serde(default)]
    pub members: Entries<Member>,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub key: Option<Member>,
    #[serde(default)]
    pub value: Option<Member>,
    #[serde(default)]
    pub traits: Traits,
    #[serde(default)]
    pub mixins: Vec<Target>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    #[serde(default)]
    pub input: Option<Target>,
    #[serde(default)]
    pub output: Option<Target>,
    #[serde(default)]
    pub create: Option<Target>,
    #[serde(default)]
    pub put: Option<Target>,
    #[serde(default)]
    pub read: Option<Target>,
    #[serde(default)]
    pub update: Option<Target>,
    #[serde(default)]
    pub delete: Option<Target>,
    #[serde(default)]
    pub list: Option<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
}

/// A member: the shape it targets and its own traits.
#[derive(Debug, Deserialize)]
pub(in crate::import) struct Member {
    pub target: Spanned<String>,
    #[serde(default)]
    pub traits: Traits,
}

/// A reference to a shape by its absolute id.
#[derive(Debug, Deserialize)]
pub(in crate::import) struct Target {
    pub target: Spanned<String>,
}

/// Traits by absolute id, each with its value as the model writes it.
pub(in crate::import) type Traits = Entries<Value>;

pub(super) const HTTP: &str = "smithy.api#http";
pub(super) const DOCUMENTATION: &str = "smithy.api#documentation";

/// The type of a prelude shape, which models use without defining it.
pub(super) fn prelude(id: &str) -> Option<&'static str> {
    let name = id.strip_prefix("smithy.api#")?;
    Some(match name.strip_prefix("Primitive").unwrap_or(name) {
        "String" => "string",
        "Blob" => "blob",
        "BigInteger" => "bigInteger",
        "BigDecimal" => "bigDecimal",
        "Timestamp" => "timestamp",
        "Document" => "document",
        "Boolean" => "boolean",
        "Byte" => "byte",
        "Short" => "short",
        "Integer" => "integer",
        "Long" => "long",
        "Float" => "float",
        "Double" => "double",
        "Unit" => "unit",
        _ => return None,
    })
}

/// The name of a shape id without its namespace.
pub(super) fn local(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// The trait `name`, from the member where it has it, else from the shape it targets.
pub(super) fn trait_of<'a>(
    member: &'a Traits,
    shape: Option<&'a Traits>,
    name: &str,
) -> Option<&'a Value> {
    member.get(name).or_else(|| shape.and_then(|s| s.get(name)))
}

/// The `min` and `max` of a `length` or `range` trait.
pub(super) fn bounds(value: Option<&Value>) -> (Option<f64>, Option<f64>) {
    let get = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_f64);
    (get("min"), get("max"))
}

/// The first target in the model that names no shape, with where it is written.
pub(super) fn dangling(model: &Model) -> Option<(String, Location)> {
    for spanned in model.shapes.values() {
        let shape = &spanned.value;
        let members = shape
            .members
            .iter()
            .map(|(_, m)| m)
            .chain(&shape.member)
            .chain(&shape.key)
            .chain(&shape.value)
            .map(|m| &m.target);
        let targets = shape
            .mixins
            .iter()
            .chain(&shape.operations)
            .chain(&shape.resources)
            .chain(&shape.errors)
            .chain(&shape.collection_operations)
            .chain(&shape.input)
            .chain(&shape.output)
            .chain(&shape.create)
            .chain(&shape.put)
            .chain(&shape.read)
            .chain(&shape.update)
            .chain(&shape.delete)
            .chain(&shape.list)
            .map(|t| &t.target);
        for target in members.chain(targets) {
            if !model.shapes.contains_key(&target.value) && prelude(&target.value).is_none() {
                return Some((target.value.clone(), target.referenced));
            }
        }
    }
    None
}

/// The operations `service` binds, by name: its own and those of its resources, recursively.
pub(super) fn bound_operations<'m>(
    model: &'m Model,
    service: &'m Shape,
) -> Result<BTreeMap<&'m str, &'m str>, crate::import::Unsupported> {
    let mut operations = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&Shape> = vec![service];
    while let Some(shape) = pending.pop() {
        let own = shape
            .operations
            .iter()
            .chain(&shape.collection_operations)
            .chain(&shape.create)
            .chain(&shape.put)
            .chain(&shape.read)
            .chain(&shape.update)
            .chain(&shape.delete)
            .chain(&shape.list);
        for op in own {
            let id = op.target.value.as_str();
            if let Some(other) = operations.insert(local(id), id)
                && other != id
            {
                return Err(crate::import::Unsupported(format!(
                    "the service binds two operations named `{}`: `{other}` and `{id}`",
                    local(id)
                )));
            }
        }
        for resource in &shape.resources {
            let id = resource.target.value.as_str();
            if seen.insert(id)
                && let Some(r) = model.shapes.get(id)
            {
                pending.push(&r.value);
            }
        }
    }
    Ok(operations)
}
