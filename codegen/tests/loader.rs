//! The loader rejects each problem with its `file:line:column`. Each `rejects/*.yaml` spec holds
//! exactly one problem; the table says where it is and what the message must say.

use std::path::{Path, PathBuf};

fn rejects() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rejects")
}

const TABLE: &[(&str, u64, u64, &str)] = &[
    (
        "map_keys_cannot_be_met",
        24,
        24,
        "`tags` needs 3 entries, but its keys have 1 values",
    ),
    (
        "unique_items_cannot_be_met",
        20,
        58,
        "`flags` needs 3 different items, but its items have 2 values",
    ),
    (
        "bad_enum_value",
        7,
        19,
        "unknown value `restjson1`; expected one of: restJson1, json (did you mean `restJson1`?)",
    ),
    (
        "body_on_get",
        15,
        5,
        "a GET request has no body; bind the members to `path`, `query` or `headers`",
    ),
    (
        "default_wrong_type",
        19,
        64,
        "the value does not have the member's type",
    ),
    (
        "duplicate_error_status",
        25,
        51,
        "`BadTwo` is named on the wire like `BadOne` (status 400), so a client could not tell them apart",
    ),
    (
        "either_or_ambiguous",
        20,
        15,
        "one body could satisfy both `ByName` and `ByNameAndCount`: every member `ByName` requires is required by `ByNameAndCount` too",
    ),
    (
        "enum_value_collision",
        20,
        7,
        "the value `a_b` would be named `AB` in Rust, like the value `a-b`; rename one of them",
    ),
    (
        "error_status_2xx",
        24,
        27,
        "an error's status must be 4xx or 5xx, not 204",
    ),
    (
        "error_without_definition",
        24,
        11,
        "error `BadRequest` needs `status`, `naming`, `body` (or define it in the service.yaml beside this file, and name it here)",
    ),
    (
        "header_with_two_rules",
        15,
        32,
        "a header takes one of `const`, `mediaType`, `pattern` and `type`; `Content-Type` has `const` and `mediaType`",
    ),
    (
        "integer_bound_fraction",
        19,
        52,
        "5.5 is not a whole number; an integer's bounds are whole",
    ),
    (
        "keyword_of_another_type",
        19,
        65,
        "`minItems` does not apply to `count`, which is of type `integer`",
    ),
    (
        "label_inside_segment",
        9,
        29,
        "`demo-{DemoId}`: a label must be a whole path segment, such as `/{Name}`",
    ),
    (
        "label_not_declared",
        9,
        29,
        "the label `{DemoId}` needs an entry under `request.path`",
    ),
    (
        "map_and_structure",
        23,
        31,
        "`tags` has both `properties` and `additionalProperties`; a structure or a map, not both",
    ),
    (
        "min_length_above_max_length",
        18,
        40,
        "minLength 11 is greater than maxLength 10",
    ),
    (
        "minimum_above_maximum",
        19,
        40,
        "minimum 6 is greater than maximum 5",
    ),
    (
        "name_collision",
        15,
        5,
        "the request body would be named `DemoRequest` in Rust, like the schema `DemoRequest`; rename one of them",
    ),
    ("no_content_with_body", 22, 9, "a 204 response has no body"),
    (
        "one_of_outside_body",
        26,
        17,
        "`oneOf` is supported on the request body only, not on `DemoResponse`",
    ),
    (
        "path_entry_without_label",
        15,
        5,
        "`DemoId` is declared under `request.path`, but the path `/demo` has no label `{DemoId}`",
    ),
    (
        "pattern_cannot_match_bounds",
        18,
        67,
        "no string of 1 to 10 characters can match the pattern `^[a-z]{12}$`",
    ),
    (
        "query_list_of_lists",
        15,
        5,
        "`ids` must be a string, integer, number, boolean or timestamp, or an array of them",
    ),
    (
        "query_object",
        15,
        5,
        "`filter` must be a string, integer, number, boolean or timestamp, or an array of them",
    ),
    (
        "quoted_number",
        21,
        11,
        r#"expected a whole number, not the string "200""#,
    ),
    (
        "recursive_schema",
        24,
        3,
        "schema `Node` contains itself (Node -> Node); a member that refers back must be an array, a map or a union member",
    ),
    (
        "regex_does_not_compile",
        18,
        67,
        "pattern does not compile: unclosed group",
    ),
    (
        "required_names_unknown_member",
        16,
        16,
        "`required` names `nmae`, which is not a member of `DemoRequest` (did you mean `name`?)",
    ),
    (
        "rules_collision",
        21,
        44,
        "the schema of `count_x` would be named `DEMO_REQUEST_INNER_COUNT_X` in Rust, like the schema of `x`; rename one of them",
    ),
    (
        "sensitive_items",
        20,
        62,
        "`sensitive` applies to members, not to the items of `keys`; mark the member that holds it",
    ),
    (
        "sensitive_without_type",
        20,
        7,
        "`secret` is sensitive but has no type: give it `type: string` (or another type)",
    ),
    (
        "status_out_of_range",
        21,
        11,
        "status 600 is outside 100-599",
    ),
    (
        "timestamp_format_on_string",
        20,
        35,
        "`date-time` is a timestamp format: write `type: timestamp` with it",
    ),
    (
        "union_with_required",
        22,
        20,
        "a union has no required members: exactly one member of `DemoRequestShape` is set",
    ),
    (
        "unknown_key_typo",
        18,
        29,
        "unknown key `minLenght`; expected one of: $ref, type, description, format, minLength, maxLength, pattern, minimum, maximum, enum, items, minItems, maxItems, uniqueItems, properties, additionalProperties, propertyNames, minProperties, maxProperties, default, example, required, oneOf, sensitive, aliases, dynamic, source (did you mean `minLength`?)",
    ),
    (
        "unknown_ref",
        22,
        17,
        "`$ref` names `Missing`, which `schemas` does not declare",
    ),
    (
        "unknown_source",
        12,
        41,
        "unknown source `pgae`; `sources` declares: page (did you mean `page`?)",
    ),
    (
        "unknown_timestamp_format",
        20,
        38,
        "unknown timestamp format `unix`; expected one of: epoch-seconds, date-time, http-date",
    ),
    (
        "unknown_type",
        19,
        22,
        "unknown type `integr`; expected one of: string, integer, number, boolean, timestamp, blob, array, object, union (did you mean `integer`?)",
    ),
    ("wrong_shape", 16, 15, "expected a list"),
    (
        "wrong_value_type",
        19,
        40,
        r#"expected a number, not the string "zero""#,
    ),
    (
        "yaml_syntax",
        4,
        1,
        "invalid indentation in multiline quoted scalar",
    ),
];

#[test]
fn each_rejected_spec_gives_exactly_its_problem_at_its_position() {
    for (name, line, column, message) in TABLE {
        let file = rejects().join(format!("{name}.yaml"));
        let problems = conform_codegen::load_paths(&[&file]).expect_err(name);
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(found, vec![(*line, *column, *message)], "{name}.yaml");
        let shown = problems.to_string();
        assert_eq!(
            shown,
            format!("{}:{line}:{column}: {message}", file.display())
        );
    }
}

#[test]
fn every_reject_file_is_in_the_table() {
    let mut files: Vec<String> = std::fs::read_dir(rejects())
        .expect("the rejects folder exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .replace(".yaml", "")
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = TABLE.iter().map(|(n, ..)| n.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

fn valid_spec() -> String {
    std::fs::read_to_string(rejects().join("status_out_of_range.yaml"))
        .expect("readable")
        .replace("status: 600", "status: 200")
}

#[test]
fn the_base_of_the_rejects_is_valid() {
    conform_codegen::load_sources(&[(PathBuf::from("base.yaml"), valid_spec())]).expect("valid");
}

#[test]
fn duplicate_operations_are_rejected_at_the_second_one() {
    let sources = vec![
        (PathBuf::from("a.yaml"), valid_spec()),
        (PathBuf::from("b.yaml"), valid_spec()),
    ];
    let problems = conform_codegen::load_sources(&sources).expect_err("duplicate");
    assert_eq!(
        problems.to_string(),
        "b.yaml:2:12: duplicate operation `demo.Demo`: it is already defined at a.yaml:2:12"
    );
}

#[test]
fn problems_in_one_file_are_all_reported_in_order() {
    let text = valid_spec()
        .replace(
            "minLength: 1, maxLength: 10",
            "minLength: 11, maxLength: 10",
        )
        .replace("minimum: 0, maximum: 5", "minimum: 6, maximum: 5")
        .replace("status: 200", "status: 42");
    let problems =
        conform_codegen::load_sources(&[(PathBuf::from("many.yaml"), text)]).expect_err("invalid");
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "many.yaml:18:40: minLength 11 is greater than maxLength 10",
            "many.yaml:19:40: minimum 6 is greater than maximum 5",
            "many.yaml:21:11: status 42 is outside 100-599",
        ]
    );
}

#[test]
fn missing_and_empty_paths_are_reported_not_panicked_on() {
    let problems = conform_codegen::load_paths(&["/nonexistent/spec"]).expect_err("missing");
    assert!(
        problems
            .to_string()
            .starts_with("/nonexistent/spec:1:1: cannot read:"),
        "{problems}"
    );
    let empty = std::env::temp_dir().join(format!("conform-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("a temp folder");
    let problems = conform_codegen::load_paths(&[&empty]).expect_err("empty");
    assert!(
        problems
            .to_string()
            .ends_with("no spec files (*.yaml or *.yml) found"),
        "{problems}"
    );
    std::fs::remove_dir_all(&empty).ok();
}

#[test]
fn non_utf8_and_empty_files_are_reported() {
    let problems = conform_codegen::load_sources(&[(PathBuf::from("empty.yaml"), String::new())])
        .expect_err("empty");
    assert_eq!(problems.len(), 1);
    assert!(
        problems.to_string().starts_with("empty.yaml:"),
        "{problems}"
    );
}

/// A service folder in memory: `service.yaml` and operation files, by name.
fn folder(
    files: &[(&str, &str)],
) -> Result<conform_codegen::ir::Api, conform_codegen::Diagnostics> {
    let sources: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(name, text)| (PathBuf::from("demo").join(name), text.to_string()))
        .collect();
    conform_codegen::load_sources(&sources)
}

const SERVICE: &str = "service: demo
title: Demo
documentation: https://example.com/demo
sources:
  model: { title: A made-up model }
protocol: { name: json, source: model }
auth: { scheme: bearer, source: model }
policies:
  unknownMembers: { value: ignore, source: model }
  nullMembers: { value: absent, source: model }
errors:
  - name: BadRequest
    status: 400
    naming: { member: code }
    body: { $ref: Problem }
    source: model
schemas:
  Problem:
    type: object
    source: model
    properties:
      code: { type: string }
";

const OPERATION: &str = "operation: Demo
title: Demo
documentation: https://example.com/demo
sources:
  page: { title: A made-up page }
http: { method: GET, path: '/demo/{id}' }
request:
  path:
    id: { type: string, minLength: 1 }
response:
  status: 200
  body: { $ref: Problem }
errors:
  - name: BadRequest
    when: The id is wrong.
";

#[test]
fn an_operation_takes_what_its_service_file_shares() {
    let api = folder(&[("service.yaml", SERVICE), ("Demo.yaml", OPERATION)]).expect("valid");
    let op = &api.operations[0];
    assert_eq!(op.service, "demo");
    assert_eq!(op.service_title.as_deref(), Some("Demo"));
    assert_eq!(op.errors.len(), 1);
    assert_eq!(op.errors[0].status, 400);
    assert_eq!(op.errors[0].when, "The id is wrong.");
    assert_eq!(op.errors[0].source, "model");
    assert!(op.sources.iter().any(|s| s.id == "model"));
}

#[test]
fn service_file_problems_point_into_the_file_that_states_them() {
    let repeated = OPERATION.replace("http:", "protocol: { name: json, source: page }\nhttp:");
    let problems = folder(&[("service.yaml", SERVICE), ("Demo.yaml", &repeated)])
        .expect_err("protocol is the service's")
        .to_string();
    assert_eq!(
        problems,
        "demo/Demo.yaml:6:11: `protocol` is stated in this service's service.yaml; remove it here"
    );
    let unsourced = SERVICE.replace(
        "    body: { $ref: Problem }\n    source: model\n",
        "    body: { $ref: Problem }\n",
    );
    let problems = folder(&[("service.yaml", &unsourced), ("Demo.yaml", OPERATION)])
        .expect_err("service facts need a source")
        .to_string();
    assert_eq!(
        problems,
        "demo/service.yaml:12:11: the error `BadRequest` in service.yaml needs a `source:`: service.yaml copies no page"
    );
    let second = OPERATION.replace("operation: Demo", "operation: Other");
    let problems = folder(&[
        ("service.yaml", &unsourced),
        ("Demo.yaml", OPERATION),
        ("Other.yaml", &second),
    ])
    .expect_err("reported once");
    assert_eq!(problems.len(), 1, "{problems}");
    let alone = folder(&[("service.yaml", SERVICE)]).expect_err("no operation");
    assert!(
        alone
            .to_string()
            .contains("no operation file beside this service.yaml")
    );
}

#[test]
fn an_operation_beside_service_yaml_may_need_no_credentials() {
    let open = OPERATION.replace("http:", "auth: { scheme: none, source: model }\nhttp:");
    let api = folder(&[("service.yaml", SERVICE), ("Demo.yaml", &open)]).expect("valid");
    assert_eq!(api.operations[0].auth, conform_codegen::ir::Auth::None);
    // Another operation of the service keeps the service's scheme.
    let other = OPERATION.replace("operation: Demo", "operation: Other");
    let api = folder(&[
        ("service.yaml", SERVICE),
        ("Demo.yaml", &open),
        ("Other.yaml", &other),
    ])
    .expect("valid");
    let schemes: Vec<(&str, &conform_codegen::ir::Auth)> = api
        .operations
        .iter()
        .map(|op| (op.name.as_str(), &op.auth))
        .collect();
    assert!(schemes.contains(&("Demo", &conform_codegen::ir::Auth::None)));
    assert!(
        schemes.iter().any(|(name, auth)| *name == "Other"
            && matches!(auth, conform_codegen::ir::Auth::Bearer { .. })),
        "{schemes:?}"
    );
    // Any other scheme stays the service's to state, reported where the operation states it.
    let signed = OPERATION.replace(
        "http:",
        "auth: { scheme: aws-sigv4, signingName: demo, source: model }\nhttp:",
    );
    let problems = folder(&[("service.yaml", SERVICE), ("Demo.yaml", &signed)])
        .expect_err("only `none` may override the service's auth")
        .to_string();
    assert_eq!(
        problems,
        "demo/Demo.yaml:6:7: `auth` is stated in this service's service.yaml; remove it here \
         (an operation may state only `auth: { scheme: none }`, when it needs no credentials)"
    );
    let bearer = OPERATION.replace("http:", "auth:\n  scheme: bearer\n  source: model\nhttp:");
    let problems = folder(&[("service.yaml", SERVICE), ("Demo.yaml", &bearer)])
        .expect_err("bearer is the service's")
        .to_string();
    assert!(
        problems.starts_with("demo/Demo.yaml:7:3: `auth` is stated"),
        "{problems}"
    );
    // `none` takes no settings of another scheme.
    let stray = OPERATION.replace(
        "http:",
        "auth: { scheme: none, header: X-Key, source: model }\nhttp:",
    );
    let problems = folder(&[("service.yaml", SERVICE), ("Demo.yaml", &stray)])
        .expect_err("a header with no credentials")
        .to_string();
    assert_eq!(
        problems,
        "demo/Demo.yaml:6:31: `scheme: none` sends no credentials; remove `header`"
    );
}

#[test]
fn a_lone_operation_may_need_no_credentials() {
    let spec = valid_spec();
    let auth_line = spec
        .lines()
        .find(|l| l.starts_with("auth:"))
        .expect("the base states auth")
        .to_string();
    let open = spec.replace(&auth_line, "auth: { scheme: none }");
    let api = conform_codegen::load_sources(&[(PathBuf::from("open.yaml"), open)]).expect("valid");
    assert_eq!(api.operations[0].auth, conform_codegen::ir::Auth::None);
}
