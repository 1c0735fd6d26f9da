//! `conform export openapi`: deterministic, carries the spec's constraints and extensions, and a
//! real OpenAPI validator accepts it. The validator (openapi-spec-validator, from PyPI) is
//! installed by this test into a virtual environment under the target folder.

use std::path::{Path, PathBuf};
use std::process::Command;

const VALIDATOR: &str = "openapi-spec-validator==0.9.0";

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

/// A Python virtual environment with the validator, made once per target folder.
fn validator() -> PathBuf {
    let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-validator-venv");
    let bin = venv.join("bin").join("openapi-spec-validator");
    if !bin.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "python3 -m venv failed: this test needs Python 3 with venv"
        );
        let pip = venv.join("bin").join("pip");
        let installed = Command::new(&pip)
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                VALIDATOR,
            ])
            .status();
        assert!(
            installed.is_ok_and(|s| s.success()),
            "pip install {VALIDATOR} failed: this test needs PyPI"
        );
    }
    bin
}

/// The two spec folders, and the golden fixture that uses every construct of the format
/// (labels, query lists, typed headers, maps, unions, blobs, timestamps, defaults).
#[test]
fn a_real_openapi_validator_accepts_the_export() {
    for spec in [
        "spec",
        "examples/specs",
        "codegen/tests/golden/constructs.yaml",
    ] {
        let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("conform-openapi-{}.json", spec.replace('/', "-")));
        std::fs::write(&file, export_of(spec)).expect("writes");
        let out = Command::new(validator())
            .arg(&file)
            .output()
            .expect("the validator runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("OK"),
            "{spec}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
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
