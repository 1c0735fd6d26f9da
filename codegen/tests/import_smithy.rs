//! `conform spec import` from a Smithy 2.0 JSON AST model written here: operations bound
//! through resources are found, service errors reach every operation, a member's traits win
//! over its target's, each node points at the model line it was read from, a shape id that
//! names nothing is an error at its line, and the output is the same every time.

mod common;

use common::out;
use conform_codegen::import::yaml::Node;
use conform_codegen::import::{self, ImportError, Request};
use std::path::PathBuf;

fn model() -> PathBuf {
    common::model("smithy-demo.json")
}

/// The node at `path` (keys from the root) of `node`.
fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    path.iter().fold(node, |n, key| {
        n.get(key)
            .unwrap_or_else(|| panic!("no `{key}` in {path:?}"))
    })
}

/// The line (from 1) of the first line of the fixture that contains `text`.
fn line_of(text: &str) -> u64 {
    common::line_of(&model(), text)
}

#[test]
fn bound_operations_import_into_a_valid_spec_and_refusals_name_their_construct() {
    let imported = import::import(&model(), &Request::default()).expect("imports");
    let names: Vec<&str> = imported
        .operations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["GetThing", "ListThings", "Ping", "PutThing"]);
    assert_eq!(imported.refusals.len(), 1);
    assert_eq!(imported.refusals[0].operation, "TagPart");
    assert!(
        imported.refusals[0].constructs[0].contains("prefix-headers"),
        "{:?}",
        imported.refusals[0]
    );
    assert_eq!(
        imported.refusals[0].line,
        line_of("\"example.demo#TagPart\": {")
    );
    let dir = out("import-smithy-demo");
    import::write(&imported, &dir).expect("writes");
    let api = conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 4);
    let get = &api.operations[0];
    assert_eq!(get.service, "demo_svc");
    assert_eq!(get.method, "GET");
    assert_eq!(get.request.labels[0].wire_name, "ThingId");
    assert_eq!(get.request.query[0].wire_name, "maxResults");
    assert!(get.structs.iter().any(|s| s.name == "ThingDetail"));
    // The service's error reaches every operation, after the operation's own.
    for op in &api.operations {
        let errors: Vec<&str> = op.errors.iter().map(|e| e.name.as_str()).collect();
        assert!(errors.contains(&"Throttled"), "{}: {errors:?}", op.name);
        for e in &op.errors {
            assert_eq!(e.source, "model", "{}", e.name);
        }
        assert!(op.sources.iter().any(|s| s.id == "model"));
    }
    assert_eq!(
        get.errors
            .iter()
            .map(|e| (e.name.as_str(), e.status))
            .collect::<Vec<_>>(),
        [("NotFound", 404), ("Throttled", 429)]
    );
    let put = &api.operations[3];
    assert_eq!(put.response.status, 201);
    let body = put.request.body.as_ref().expect("a body");
    let secret = body
        .members
        .iter()
        .find(|m| m.wire_name == "Secret")
        .expect("Secret");
    assert!(secret.sensitive);
    assert!(body.members.iter().any(|m| m.wire_name == "display_name"));
    assert!(matches!(
        body.members
            .iter()
            .find(|m| m.wire_name == "Created")
            .map(|m| &m.ty),
        Some(conform_codegen::ir::Type::Timestamp(
            conform_codegen::ir::TimestampFormat::EpochSeconds
        ))
    ));
}

#[test]
fn a_members_traits_override_its_targets() {
    let imported = import::import(&model(), &Request::default()).expect("imports");
    let put = &imported.operations[3].1;
    let properties = at(put, &["request", "body", "properties"]);
    let name = at(properties, &["Name"]);
    assert_eq!(name.get("maxLength").map(Node::bare), Some(&Node::Int(8)));
    assert_eq!(
        name.get("description").map(Node::bare),
        Some(&Node::from("The thing's short name."))
    );
    // Without traits of its own, a member takes its target's.
    let display = at(properties, &["display_name"]);
    assert_eq!(
        display.get("maxLength").map(Node::bare),
        Some(&Node::Int(64))
    );
    assert_eq!(
        display.get("description").map(Node::bare),
        Some(&Node::from("A name."))
    );
    assert!(properties.get("DisplayName").is_none());
    assert_eq!(
        at(properties, &["Color", "enum"]).bare(),
        &Node::List(vec!["red".into(), "green".into()])
    );
    assert_eq!(at(properties, &["Count", "default"]).bare(), &Node::Int(1));
}

#[test]
fn nodes_point_at_the_model_lines_they_were_read_from() {
    let imported = import::import(&model(), &Request::default()).expect("imports");
    let put = &imported.operations[3].1;
    let places = put.places();
    let line = |pointer: &str| {
        places
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, place)| place.line)
            .unwrap_or_else(|| panic!("no place at {pointer}: {places:?}"))
    };
    assert_eq!(line(""), line_of("\"example.demo#PutThing\": {"));
    // The member key `Name` stands three lines above its documentation.
    let name_key = line_of("\"smithy.api#documentation\": \"<p>The thing's") - 3;
    assert_eq!(line("/request/body/properties/Name"), name_key);
    assert_eq!(
        line("/request/body/properties/display_name"),
        line_of("\"DisplayName\": {")
    );
    let service = imported.service.places();
    let error = service
        .iter()
        .find(|(p, _)| p == "/errors/0")
        .expect("a place for the first error");
    assert_eq!(error.1.line, line_of("\"example.demo#NotFound\": {"));
    let get = &imported.operations[0].1;
    let schema = get
        .places()
        .into_iter()
        .find(|(p, _)| p == "/schemas/ThingDetail")
        .expect("a place for the schema");
    assert_eq!(schema.1.line, line_of("\"example.demo#ThingDetail\": {"));
}

#[test]
fn a_shape_id_that_names_nothing_is_an_error_at_its_line() {
    let dir = out("import-smithy-dangling");
    std::fs::create_dir_all(&dir).expect("a folder");
    let text = std::fs::read_to_string(model()).expect("the fixture");
    let broken = text.replace(
        "\"Secret\": { \"target\": \"example.demo#Secret\" }",
        "\"Secret\": { \"target\": \"example.demo#Secrets\" }",
    );
    assert_ne!(text, broken);
    let file = dir.join("dangling.json");
    std::fs::write(&file, &broken).expect("writes");
    let error = import::import(&file, &Request::default()).expect_err("dangling");
    let ImportError::Parse { line, reason, .. } = &error else {
        panic!("not a parse error: {error}");
    };
    assert_eq!(
        *line,
        line_of("\"Secret\": { \"target\": \"example.demo#Secret\" }")
    );
    assert!(reason.contains("example.demo#Secrets"), "{reason}");
}

#[test]
fn the_import_is_deterministic_and_picks_operations() {
    let folder = common::imports_the_same_twice(&model(), "PutThing", "demo_svc", "import-smithy");
    assert!(!folder.join("GetThing.yaml").exists());
    common::a_misspelt_operation_is_suggested(&model());
}

#[test]
fn a_default_the_member_rules_out_is_left_out_and_said() {
    let text = std::fs::read_to_string(model()).expect("reads");
    let text = text.replacen(
        "\"smithy.api#default\": 1,",
        "\"smithy.api#default\": 0,",
        1,
    );
    let file = out("smithy-zero-default").with_extension("json");
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("creates");
    std::fs::write(&file, text).expect("writes");
    let imported = import::import(&file, &Request::default()).expect("imports");
    // The fixture's one refusal is another construct's; the default refuses nothing.
    assert!(
        imported
            .refusals
            .iter()
            .all(|r| r.constructs.iter().all(|c| !c.contains("default"))),
        "{:?}",
        imported.refusals
    );
    let (_, op) = imported
        .operations
        .iter()
        .find(|(_, node)| {
            node.get("request")
                .and_then(|r| r.get("body"))
                .and_then(|b| b.get("properties"))
                .is_some_and(|p| p.get("Count").is_some())
        })
        .expect("the operation with Count");
    let count = at(op, &["request", "body", "properties", "Count"]);
    assert!(count.get("default").is_none());
    let Some(Node::Str(description)) = count.get("description").map(Node::bare) else {
        panic!("a description: {count:?}");
    };
    assert!(
        description.contains("The model's default, 0, is outside"),
        "{description}"
    );
}
