//! `conform export openapi`: deterministic, carries the spec's constraints and extensions, and a
//! real OpenAPI validator accepts it. The validator (openapi-spec-validator, from PyPI) is
//! installed by this test into a virtual environment under the target folder.

use std::path::{Path, PathBuf};
use std::process::Command;

const VALIDATOR: &str = "openapi-spec-validator==0.9.0";

fn export() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(["export", "openapi"])
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

#[test]
fn a_real_openapi_validator_accepts_the_export() {
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conform-openapi.json");
    std::fs::write(&file, export()).expect("writes");
    let out = Command::new(validator())
        .arg(&file)
        .output()
        .expect("the validator runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("OK"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
