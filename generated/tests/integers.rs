//! One answer on what an integer is: the generated validators agree with the `jsonschema` crate
//! (an independent JSON Schema implementation, and what the OpenAPI export's `type: integer`
//! means) on every way JSON can write a number. `1.0`, `-0` and `1e2` are integers; `1.5` is not.

use conform_generated::runtime::{IntegerFormat, IntegerRules, Pointer, Schema, check};
use serde_json::{Value, json};

/// Number tokens as a client may write them.
const TOKENS: [&str; 20] = [
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "1.0",
    "1e0",
    "1E2",
    "10e-1",
    "1.5",
    "1e-1",
    "-1.000",
    "2147483647",
    "2147483647.0",
    "2147483648",
    "2147483648.0",
    "-2147483648.0",
    "-2147483649",
    "9223372036854775807",
    "-9223372000000000000",
];

fn conform_accepts(value: &Value, format: IntegerFormat) -> bool {
    let schema = Schema::Integer(IntegerRules {
        format,
        minimum: None,
        maximum: None,
        enumeration: &[],
    });
    let mut out = Vec::new();
    check(&schema, value, &Pointer::Root, &mut out);
    out.is_empty()
}

#[test]
fn the_validators_and_json_schema_agree_on_integers() {
    // The export writes int32 as `type: integer` with its bounds, int64 as `type: integer` within
    // the signed 64-bit range.
    let formats = [
        (
            IntegerFormat::Int32,
            json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}),
        ),
        (
            IntegerFormat::Int64,
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}),
        ),
    ];
    for (format, schema) in formats {
        let oracle = jsonschema::validator_for(&schema).expect("a valid schema");
        for token in TOKENS {
            let value: Value = serde_json::from_str(token).expect("JSON");
            assert_eq!(
                conform_accepts(&value, format),
                oracle.is_valid(&value),
                "{token} as {format:?}"
            );
        }
    }
}

#[test]
fn integral_floats_are_integers_and_fractions_are_not() {
    for token in ["0.0", "-0", "1e0", "1.0"] {
        let value: Value = serde_json::from_str(token).expect("JSON");
        assert!(conform_accepts(&value, IntegerFormat::Int32), "{token}");
    }
    for token in ["1.5", "1e-1", "2147483648.0"] {
        let value: Value = serde_json::from_str(token).expect("JSON");
        assert!(!conform_accepts(&value, IntegerFormat::Int32), "{token}");
    }
}
