//! `conform export openapi`: deterministic, carries the spec's constraints and extensions, and is
//! a valid OpenAPI 3.1 document: the `jsonschema` crate checks it against the OpenAPI Initiative's
//! own meta-schema (a committed copy, so no network), checks each of its schemas against JSON
//! Schema 2020-12, and the test checks what a schema cannot say (references resolve, path
//! templates have their parameters, operation ids are unique).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn export() -> String {
    export_of("spec")
}

/// The export of the spec folder (or file) `spec`, relative to the workspace.
fn export_of(spec: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["export", "openapi", "--spec", spec])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("conform runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_export_is_deterministic_and_carries_the_constraints() {
    let first = export();
    assert_eq!(first, export());
    let doc: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    let schemas = &doc["components"]["schemas"];
    let asset = &schemas["outposts.StartConnection.Request"]["properties"]["AssetId"];
    assert_eq!(asset["pattern"], "^(\\w+)$");
    assert_eq!(
        (asset["minLength"].as_u64(), asset["maxLength"].as_u64()),
        (Some(1), Some(100))
    );
    let index =
        &schemas["outposts.StartConnection.Request"]["properties"]["NetworkInterfaceDeviceIndex"];
    assert_eq!(
        (
            index["minimum"].as_i64(),
            index["maximum"].as_i64(),
            index["format"].as_str()
        ),
        (Some(0), Some(1), Some("int32"))
    );
    let veeam = &schemas["veeam.AddAmazonConnection.Request"];
    assert_eq!(veeam["oneOf"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        veeam["properties"]["secretKey"]["anyOf"][0]["x-conform-sensitive"],
        true
    );
    assert_eq!(veeam["properties"]["regionId"]["format"], "uuid");
    let post = &doc["paths"]["/api/v1/amazonConnections"]["post"];
    let version = post["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "x-api-version")
        .expect("x-api-version");
    assert_eq!(
        (
            version["required"].as_bool(),
            version["schema"]["const"].as_str()
        ),
        (Some(true), Some("1.0-rev0"))
    );
    assert!(post["responses"]["201"].is_object() && post["responses"]["401"].is_object());
    assert_eq!(post["responses"]["4XX"]["x-conform-inferred"], true);
    let aws = &doc["paths"]["/connections"]["post"];
    assert_eq!(
        aws["responses"]["400"]["x-conform-error-naming"]["header"],
        "X-Amzn-ErrorType"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["sigv4-outposts"]["x-conform-signing-name"],
        "outposts"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// The OpenAPI 3.1 meta-schema (`tests/fixtures/README.md` says where it comes from).
fn openapi_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openapi-3.1-schema-2022-10-07.json");
    let text = std::fs::read_to_string(&path).expect("the committed meta-schema");
    let schema: Value = serde_json::from_str(&text).expect("JSON");
    jsonschema::validator_for(&schema).expect("the meta-schema compiles")
}

/// Every way `doc` falls short of OpenAPI 3.1, as sentences; empty when it is valid.
fn problems(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            if let Err(e) = jsonschema::meta::validate(schema) {
                out.push(format!("schema {name} is not JSON Schema 2020-12: {e}"));
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(doc, &mut refs);
    for reference in refs {
        let resolves = reference
            .strip_prefix('#')
            .is_some_and(|pointer| doc.pointer(pointer).is_some());
        if !resolves {
            out.push(format!("$ref {reference} does not resolve in the document"));
        }
    }
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op["operationId"].as_str()
                && !ids.insert(id.to_string())
            {
                out.push(format!("operationId {id} is used twice"));
            }
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path" && p["required"] == true)
                .filter_map(|p| p["name"].as_str())
                .collect();
            let templated = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name));
            for name in templated {
                if !declared.contains(name) {
                    out.push(format!(
                        "{method} {path}: {{{name}}} has no required path parameter"
                    ));
                }
            }
        }
    }
    out
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The two spec folders, and the golden fixture that uses every construct of the format
/// (labels, query lists, typed headers, maps, unions, blobs, timestamps, defaults).
#[test]
fn the_export_is_a_valid_openapi_3_1_document() {
    let validator = openapi_validator();
    for spec in [
        "spec",
        "examples/specs",
        "codegen/tests/golden/constructs.yaml",
    ] {
        let doc: Value = serde_json::from_str(&export_of(spec)).expect("JSON");
        let found = problems(&validator, &doc);
        assert!(found.is_empty(), "{spec}:\n{}", found.join("\n"));
    }
}

/// A change that breaks a document in one place.
type Mutant = Box<dyn Fn(&mut Value)>;

/// The checks can fail: each mutant breaks exactly one rule of OpenAPI, and is caught.
#[test]
fn the_openapi_checks_catch_a_document_broken_in_one_place() {
    let validator = openapi_validator();
    let doc: Value = serde_json::from_str(&export()).expect("JSON");
    let first_path = doc["paths"]
        .as_object()
        .and_then(|p| p.keys().next().cloned())
        .expect("a path");
    let mutants: Vec<(&str, Mutant)> = vec![
        (
            "no info",
            Box::new(|d| drop(d.as_object_mut().map(|o| o.remove("info")))),
        ),
        ("openapi is a number", Box::new(|d| d["openapi"] = 3.into())),
        (
            "a response that is a string",
            Box::new(move |d| {
                let item = d["paths"][&first_path].as_object_mut().expect("an item");
                let op = item.values_mut().next().expect("an operation");
                op["responses"]["599"] = "broken".into();
            }),
        ),
        (
            "a schema with a type JSON Schema does not have",
            Box::new(|d| {
                let schemas = d["components"]["schemas"].as_object_mut().expect("schemas");
                let first = schemas.values_mut().next().expect("a schema");
                first["type"] = "text".into();
            }),
        ),
        (
            "a dangling reference",
            Box::new(|d| {
                d["components"]["schemas"]["conform.Dangling"] =
                    serde_json::json!({ "$ref": "#/components/schemas/nowhere" })
            }),
        ),
    ];
    for (what, mutate) in mutants {
        let mut broken = doc.clone();
        mutate(&mut broken);
        assert!(!problems(&validator, &broken).is_empty(), "{what} passes");
    }
}

#[test]
fn the_export_has_parameters_and_bodyless_operations() {
    let doc: serde_json::Value =
        serde_json::from_str(&export_of("codegen/tests/golden/constructs.yaml")).expect("JSON");
    let put = &doc["paths"]["/buckets/{Bucket}/versions/{Version}/{Key}"]["put"];
    let parameters = put["parameters"].as_array().expect("parameters");
    let find = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(find("Bucket")["in"], "path");
    assert_eq!(find("Key")["x-conform-greedy"], true);
    assert_eq!(find("tag")["in"], "query");
    assert_eq!(find("tag")["schema"]["maxItems"], 3);
    assert_eq!(find("limit")["schema"]["default"], 10);
    assert_eq!(find("X-Request-Count")["in"], "header");
    let shape = &doc["components"]["schemas"]["golden.PutThing.Shape"];
    assert_eq!(shape["oneOf"].as_array().map(Vec::len), Some(3));
    let examples: serde_json::Value =
        serde_json::from_str(&export_of("examples/specs")).expect("JSON");
    let delete = &examples["paths"]["/api/v1/amazonConnections/{amazonConnectionId}"]["delete"];
    assert!(delete.get("requestBody").is_none());
    assert_eq!(delete["responses"]["204"]["content"], serde_json::json!({}));
}
