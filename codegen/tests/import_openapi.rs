//! `conform spec import` from Swagger 2.0 and OpenAPI 3.1 documents written here: what it writes
//! is a spec that `spec check` accepts, every operation node carries its place in the document,
//! a dangling `$ref` is a parse error at its line, a refused construct is named, and the output
//! is the same every time.

mod common;

use common::{line_of, model, out};
use conform_codegen::import::{self, ImportError, Request};

#[test]
fn a_swagger_document_imports_to_a_valid_spec() {
    let file = model("swagger-demo.yaml");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let names: Vec<&str> = imported
        .operations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["GetThing", "create_thing"]);
    assert_eq!(imported.refusals.len(), 1);
    assert_eq!(imported.refusals[0].operation, "SetWeight");
    assert!(
        imported.refusals[0]
            .constructs
            .iter()
            .any(|c| c.contains("exclusiveMinimum on a number")),
        "{:?}",
        imported.refusals[0]
    );
    let auth = imported.service.get("auth").expect("auth");
    assert_eq!(
        auth.get("tokenPath").map(|n| n.bare().clone()),
        Some("/api/v1/token".into())
    );
    let dir = out("import-swagger-demo");
    import::write(&imported, &dir).expect("writes");
    let api = conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 2);
    let get = api
        .operations
        .iter()
        .find(|o| o.name == "GetThing")
        .expect("GetThing");
    assert_eq!(get.path, "/api/v1/things/{thingId}");
    assert_eq!(get.request.labels[0].wire_name, "thingId");
    let query: Vec<&str> = get
        .request
        .query
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(query, ["state", "limit"]);
    assert!(get.structs.iter().any(|s| s.name == "Part"));
    let errors: Vec<(&str, u16)> = get
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.status))
        .collect();
    assert_eq!(errors, [("BadRequest", 400), ("NotFound", 404)]);
    let create = api
        .operations
        .iter()
        .find(|o| o.name == "create_thing")
        .expect("create_thing");
    assert_eq!(create.response.status, 201);
    let body = create.request.body.as_ref().expect("a body");
    let secret = body
        .members
        .iter()
        .find(|m| m.wire_name == "secret")
        .expect("secret");
    assert!(secret.sensitive);
    for op in &api.operations {
        assert!(op.sources.iter().any(|s| s.id == "model"));
    }
}

#[test]
fn an_openapi_document_imports_and_names_what_it_refuses() {
    let file = model("openapi-demo.yaml");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let names: Vec<&str> = imported
        .operations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["getPet", "updatePet"]);
    assert_eq!(imported.refusals.len(), 1);
    assert_eq!(imported.refusals[0].operation, "addPet");
    assert_eq!(
        imported.refusals[0].constructs,
        ["oneOf as the request body"]
    );
    let dir = out("import-openapi-demo");
    import::write(&imported, &dir).expect("writes");
    let api = conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 2);
    let update = api
        .operations
        .iter()
        .find(|o| o.name == "updatePet")
        .expect("updatePet");
    assert_eq!(update.path, "/v2/pets/{petId}");
    let body = update.request.body.as_ref().expect("a body");
    let members: Vec<&str> = body.members.iter().map(|m| m.wire_name.as_str()).collect();
    assert_eq!(members, ["name", "tag"]);
}

#[test]
fn every_operation_node_records_its_place_in_the_document() {
    let file = model("swagger-demo.yaml");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let (_, get) = &imported.operations[0];
    let places = get.places();
    let operation = places
        .iter()
        .find(|(pointer, _)| pointer.is_empty())
        .expect("the operation's place");
    assert_eq!(operation.1.line, line_of(&file, "operationId: GetThing"));
    let label = places
        .iter()
        .find(|(pointer, _)| pointer == "/request/path/thingId")
        .expect("the label's place");
    assert_eq!(label.1.line, line_of(&file, "- name: thingId"));
    let part = places
        .iter()
        .find(|(pointer, _)| pointer == "/schemas/Part")
        .expect("the schema's place");
    assert_eq!(part.1.line, line_of(&file, "  Part:") + 1);
    let errors = imported.service.get("errors").expect("errors").places();
    assert_eq!(errors[0].1.line, line_of(&file, "'400':"));
}

#[test]
fn a_dangling_ref_is_a_parse_error_at_its_line() {
    let dir = out("import-openapi-dangling");
    std::fs::create_dir_all(&dir).expect("a folder");
    let text = std::fs::read_to_string(model("openapi-demo.yaml"))
        .expect("reads")
        .replace(
            "$ref: '#/components/schemas/PetBase'\n        - type: object\n          required: [id]",
            "$ref: '#/components/schemas/PetBse'\n        - type: object\n          required: [id]",
        );
    assert!(text.contains("PetBse"));
    let file = dir.join("dangling.yaml");
    std::fs::write(&file, &text).expect("writes");
    let error = import::import(&file, &Request::default()).expect_err("dangling");
    match &error {
        ImportError::Parse { line, reason, .. } => {
            assert_eq!(*line, line_of(&file, "PetBse"));
            assert!(reason.contains("#/components/schemas/PetBse"), "{reason}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn the_import_is_deterministic_and_picks_operations() {
    for (file, name, service) in [
        ("swagger-demo.yaml", "GetThing", "demo_things_api"),
        ("openapi-demo.yaml", "updatePet", "demo_pets_api"),
    ] {
        let label = format!("import-openapi-{name}");
        let folder = common::imports_the_same_twice(&model(file), name, service, &label);
        let files = std::fs::read_dir(folder).expect("a folder").count();
        assert_eq!(files, 2, "{file}");
    }
    common::a_misspelt_operation_is_suggested(&model("swagger-demo.yaml"));
}

#[test]
fn a_bearer_scheme_without_a_token_url_takes_the_password_grant_operation() {
    let file = out("import-token-operation").with_extension("yaml");
    let text = std::fs::read_to_string(model("swagger-demo.yaml")).expect("reads");
    let text = text.replace(
        "  oauth:\n    type: oauth2\n    flow: password\n    tokenUrl: https://demo.example.com/api/v1/token\n",
        "  oauth:\n    type: apiKey\n    in: header\n    name: Authorization\n    description: Bearer <JWT>\n",
    );
    let token = "  /session/issue:\n    post:\n      operationId: IssueToken\n      consumes: [application/x-www-form-urlencoded]\n      security: []\n      parameters:\n        - { in: formData, name: grant_type, type: string, required: true }\n        - { in: formData, name: username, type: string }\n        - { in: formData, name: password, type: string, format: password }\n      responses:\n        '200': { description: A token. }\n";
    let text = text.replacen("paths:\n", &format!("paths:\n{token}"), 1);
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("creates");
    std::fs::write(&file, text).expect("writes");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let auth = imported.service.get("auth").expect("auth");
    assert_eq!(
        auth.get("tokenPath").map(|n| n.bare().clone()),
        Some("/session/issue".into())
    );
}

#[test]
fn an_operation_the_spec_checks_would_refuse_is_refused_whole() {
    // A structure that holds itself directly would have infinite size, which the checks refuse.
    let file = out("import-self-holding").with_extension("yaml");
    let text = std::fs::read_to_string(model("swagger-demo.yaml")).expect("reads");
    let chain = "  /chains:\n    get:\n      operationId: GetChain\n      responses:\n        '200':\n          description: A chain.\n          schema: { $ref: '#/definitions/Link' }\n";
    let text = text
        .replacen("paths:\n", &format!("paths:\n{chain}"), 1)
        .replacen(
            "definitions:\n",
            "definitions:\n  Link:\n    type: object\n    required: [next]\n    properties:\n      next: { $ref: '#/definitions/Link' }\n",
            1,
        );
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("creates");
    std::fs::write(&file, text).expect("writes");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let refused = imported
        .refusals
        .iter()
        .find(|r| r.operation == "GetChain")
        .expect("GetChain is refused");
    assert!(
        refused
            .constructs
            .iter()
            .any(|c| c.contains("contains itself")),
        "{refused:?}"
    );
    assert!(imported.operations.iter().all(|(n, _)| n != "GetChain"));
    let dir = out("import-self-holding-spec");
    import::write(&imported, &dir).expect("writes");
    conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_operation_with_no_security_imports_as_needing_no_credentials() {
    let file = model("swagger-open.yaml");
    let imported = import::import(&file, &Request::default()).expect("imports");
    let names: Vec<&str> = imported
        .operations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["GetVersion", "ListThings"]);
    // Other refusals still apply to an operation without security, and only they are named.
    assert_eq!(imported.refusals.len(), 1);
    assert_eq!(imported.refusals[0].operation, "Login");
    assert_eq!(
        imported.refusals[0].constructs,
        [
            "a parameter in `formData` (grant_type)",
            "a parameter in `formData` (password)",
            "a parameter in `formData` (username)",
        ]
    );
    let (_, version) = &imported.operations[0];
    let auth = version.get("auth").expect("its own auth");
    assert_eq!(
        auth.get("scheme").map(|n| n.bare().clone()),
        Some("none".into())
    );
    assert_eq!(
        auth.get("source").map(|n| n.bare().clone()),
        Some("model".into())
    );
    let place = version
        .places()
        .into_iter()
        .find(|(pointer, _)| pointer == "/auth")
        .expect("the auth's place");
    assert_eq!(place.1.line, line_of(&file, "      security: []"));
    let (_, list) = &imported.operations[1];
    assert!(list.get("auth").is_none(), "the service's auth applies");
    let dir = out("import-swagger-open");
    import::write(&imported, &dir).expect("writes");
    let api = conform_codegen::load_paths(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    let auth = |name: &str| {
        api.operations
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.auth.clone())
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(auth("GetVersion"), conform_codegen::ir::Auth::None);
    assert!(matches!(
        auth("ListThings"),
        conform_codegen::ir::Auth::Bearer { .. }
    ));
}
