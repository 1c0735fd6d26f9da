//! `conform spec import` from a botocore model written here: what it writes is a spec that
//! `spec check` accepts, every fact cites the model, it is the same every time, and an operation
//! that uses what the format cannot express is refused whole, naming the construct.

mod common;

use common::out;
use conform_codegen::import::{self, Request};
use std::path::PathBuf;

fn model() -> PathBuf {
    common::model("botocore-demo.json")
}

#[test]
fn an_imported_model_is_a_valid_spec_and_refusals_name_their_construct() {
    let imported = import::import(&model(), &Request::default()).expect("imports");
    let names: Vec<&str> = imported
        .operations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    // TagThing's tag keys use look-around, which runs on the backtracking engine.
    assert_eq!(names, ["GetThing", "PutThing", "TagThing"]);
    assert_eq!(imported.refusals.len(), 1);
    assert_eq!(imported.refusals[0].operation, "UploadThing");
    assert!(
        imported.refusals[0]
            .constructs
            .iter()
            .any(|c| c.contains("payload")),
        "{:?}",
        imported.refusals[0]
    );
    let dir = out("import-demo");
    import::write(&imported, &dir).expect("writes");
    let api = conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 3);
    let get = &api.operations[0];
    assert_eq!(get.service, "demo");
    assert_eq!(get.method, "GET");
    assert_eq!(get.request.labels[0].wire_name, "ThingId");
    let query: Vec<&str> = get
        .request
        .query
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(query, ["maxResults", "state"]);
    assert!(get.structs.iter().any(|s| s.name == "Thing"));
    let put = &api.operations[1];
    assert_eq!(put.response.status, 201);
    let body = put.request.body.as_ref().expect("a body");
    let secret = body
        .members
        .iter()
        .find(|m| m.wire_name == "Secret")
        .expect("Secret");
    assert!(secret.sensitive);
    assert!(matches!(
        body.members
            .iter()
            .find(|m| m.wire_name == "Created")
            .map(|m| &m.ty),
        Some(conform_codegen::ir::Type::Timestamp(
            conform_codegen::ir::TimestampFormat::EpochSeconds
        ))
    ));
    // Every fact cites the model (or the protocol for the policies and the media type).
    for op in &api.operations {
        assert!(op.sources.iter().any(|s| s.id == "model"));
        for e in &op.errors {
            assert_eq!(e.source, "model", "{}", e.name);
        }
    }
}

#[test]
fn the_import_is_deterministic_and_picks_operations() {
    let folder = common::imports_the_same_twice(&model(), "PutThing", "demo", "import");
    assert!(!folder.join("GetThing.yaml").exists());
    common::a_misspelt_operation_is_suggested(&model());
}

#[test]
fn models_it_cannot_read_are_errors_with_their_location() {
    let dir = out("import-bad");
    std::fs::create_dir_all(&dir).expect("a folder");
    let cases = [
        ("not-json.json", "{ \"metadata\": ", "neither JSON nor YAML"),
        (
            "unknown.json",
            "{ \"hello\": 1 }",
            "not a model conform knows",
        ),
        (
            "smithy.json",
            "{ \"smithy\": \"2.0\", \"shapes\": {} }",
            "Smithy",
        ),
    ];
    for (name, text, message) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("writes");
        let error = import::import(&file, &Request::default()).expect_err(name);
        assert!(error.to_string().contains(message), "{name}: {error}");
        assert!(
            error.to_string().starts_with(&file.display().to_string()),
            "{error}"
        );
    }
}
