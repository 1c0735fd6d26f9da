//! The independent oracle of the request validators: the `jsonschema` crate, reading the schema
//! of an operation's request body from the OpenAPI export of the spec folder the bindings were
//! built from. The differential test and the validator bench both judge against it.

use conform_generated::runtime::Operation;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::OnceLock;

/// The export of the spec folder the bindings were built from.
pub fn export() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec = std::env::var("CONFORM_SPEC").unwrap_or_else(|_| "spec".into());
        let api = conform_codegen::load_paths(&[root.join(spec)]).expect("the spec loads");
        let text = conform_codegen::openapi::render(&api).expect("the export renders");
        serde_json::from_str(&text).expect("JSON")
    })
}

/// A validator of `op`'s request body as the export states it, formats included.
pub fn oracle(op: &Operation) -> Option<jsonschema::Validator> {
    let doc = export();
    // Found by its id: the export writes a greedy label `{Key+}` as `{Key}`.
    let operation = doc["paths"]
        .as_object()?
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|o| o["operationId"] == op.id().as_str())?;
    let body = operation["requestBody"]["content"]
        .as_object()?
        .values()
        .next()?["schema"]
        .clone();
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
    });
    for (key, value) in body.as_object()? {
        root[key] = value.clone();
    }
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .with_keyword("x-conform-min-bytes", bytes_keyword::<true>)
            .with_keyword("x-conform-max-bytes", bytes_keyword::<false>)
            .build(&root)
            .expect("the export's schema compiles"),
    )
}

type Factory<'a> =
    Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>>;

/// The factory of `x-conform-min-bytes` (`MIN`) or `x-conform-max-bytes`.
fn bytes_keyword<'a, const MIN: bool>(
    _: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _: jsonschema::paths::Location,
) -> Factory<'a> {
    byte_bound(MIN, value)
}

fn byte_bound(min: bool, value: &Value) -> Factory<'static> {
    let n = value
        .as_u64()
        .ok_or_else(|| jsonschema::ValidationError::custom("a byte count"))?;
    Ok(Box::new(ByteBound { min, n }))
}

/// The export's `x-conform-min-bytes` and `x-conform-max-bytes`, which JSON Schema cannot say:
/// bounds on the bytes a base64 string stands for, counted here from its length and padding.
struct ByteBound {
    min: bool,
    n: u64,
}

impl<'i> jsonschema::Keyword<'i> for ByteBound {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "the bytes are out of bounds",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        let Some(text) = instance.as_str() else {
            return true;
        };
        let padding = text.bytes().rev().take_while(|b| *b == b'=').count();
        let bytes = (text.len() / 4 * 3).saturating_sub(padding) as u64;
        if self.min {
            bytes >= self.n
        } else {
            bytes <= self.n
        }
    }
}
