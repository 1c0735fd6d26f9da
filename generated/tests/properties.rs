//! Every operation's validators take arbitrary bytes, paths, queries and JSON without
//! panicking, and a request they accept is one whose model serialises back to a body they
//! accept again. The member names the JSON strategy draws are every wire name in the registry.

use conform_generated::OPERATIONS;
use conform_generated::runtime::{HttpRequest, Operation, Schema, StructSchema};
use proptest::prelude::*;
use serde_json::Value;

/// Every member name of every structure an operation's requests and responses hold.
fn wire_names() -> Vec<String> {
    fn walk(s: &StructSchema, out: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        for m in s.members {
            out.push(m.name.to_string());
            let mut schema = m.schema;
            loop {
                match schema {
                    Schema::List(l) => schema = l.items,
                    Schema::Map(m) => schema = m.values,
                    _ => break,
                }
            }
            if let Schema::Struct(inner) = schema {
                walk(inner, out, depth + 1);
            }
        }
    }
    let mut out = Vec::new();
    for op in OPERATIONS {
        for s in op.bindings.body.iter().chain(op.response.body.iter()) {
            walk(s, &mut out, 0);
        }
        for e in op.errors {
            walk(e.body, &mut out, 0);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,120}".prop_map(Value::String),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let known = wire_names();
        let names = prop_oneof![prop::sample::select(known), "\\PC{0,10}",];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(names, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every check of every operation, on a request to its path with `body`.
fn every_validator(body: &[u8], path: Option<&str>, query: &str) {
    let headers = http::HeaderMap::new();
    for op in OPERATIONS {
        let request = HttpRequest {
            method: op.method,
            path: path.unwrap_or(op.path),
            query,
            headers: &headers,
            body,
        };
        let _ = (op.check_request)(&request);
        let _ = (op.reencode)(&request);
        let _ = (op.check_success)(&headers, body);
        for e in op.errors {
            let _ = (op.check_error)(e.status, &headers, body);
            let _ = (op.check_error_body)(e.status, body);
        }
    }
}

/// A request accepted once is accepted again after its model writes it back.
fn round_trips(op: &Operation, value: &Value) -> bool {
    let body = serde_json::to_vec(value).expect("serialises");
    let headers = http::HeaderMap::new();
    // The first case's path and query fill the labels and required parameters validly.
    let base = op.cases().first();
    let request = HttpRequest {
        method: op.method,
        path: base.map_or(op.path, |c| c.path),
        query: base.map_or("", |c| c.query),
        headers: &headers,
        body: &body,
    };
    let Ok(Some(again)) = (op.reencode)(&request) else {
        return true;
    };
    let body = serde_json::to_vec(&again).expect("serialises");
    let request = HttpRequest {
        body: &body,
        ..request
    };
    (op.reencode)(&request).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        every_validator(&body, None, "");
    }

    #[test]
    fn arbitrary_paths_and_queries_never_panic(path in "/[\\PC%/]{0,60}", query in "[\\PC%&=+]{0,60}") {
        every_validator(b"{}", Some(&path), &query);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        let body = serde_json::to_vec(&value).expect("serialises");
        every_validator(&body, None, "");
        for op in OPERATIONS {
            prop_assert!(round_trips(op, &value), "{}", op.id());
        }
    }

    #[test]
    fn deep_nesting_never_panics(depth in 1usize..200) {
        let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        every_validator(body.as_bytes(), None, "");
        let object = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        every_validator(object.as_bytes(), None, "");
    }
}
