//! JSON pointers as the spec lists them (`/accessKey`, `/_links/*/href`; `*` is any array index
//! or any map key): reading the strings they reach, and replacing the values they reach.

use serde_json::Value;

/// The unescaped tokens of `pointer`.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The last token of `pointer`: the member name it ends in.
pub fn last_token(pointer: &str) -> Option<String> {
    tokens(pointer).pop()
}

/// Every string value `pointer` reaches in `value`.
pub fn strings_at(value: &Value, pointer: &str) -> Vec<String> {
    fn walk(value: &Value, path: &[String], out: &mut Vec<String>) {
        match path.split_first() {
            None => {
                if let Some(text) = value.as_str() {
                    out.push(text.to_string());
                }
            }
            Some((first, rest)) if first == "*" => {
                for item in value.as_array().into_iter().flatten() {
                    walk(item, rest, out);
                }
                for item in value.as_object().into_iter().flat_map(|m| m.values()) {
                    walk(item, rest, out);
                }
            }
            Some((first, rest)) => {
                if let Some(inner) = value.get(first) {
                    walk(inner, rest, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(value, &tokens(pointer), &mut out);
    out
}

/// Replaces every non-null value `pointer` reaches in `value` with `replacement`.
pub fn replace_at(value: &mut Value, pointer: &str, replacement: &str) {
    fn walk(value: &mut Value, path: &[String], replacement: &str) {
        let Some((first, rest)) = path.split_first() else {
            if !value.is_null() {
                *value = Value::from(replacement);
            }
            return;
        };
        match value {
            Value::Object(map) if first == "*" => {
                map.values_mut()
                    .for_each(|item| walk(item, rest, replacement));
            }
            Value::Object(map) => {
                if let Some(inner) = map.get_mut(first) {
                    walk(inner, rest, replacement);
                }
            }
            Value::Array(items) if first == "*" => {
                items
                    .iter_mut()
                    .for_each(|item| walk(item, rest, replacement));
            }
            _ => {}
        }
    }
    walk(value, &tokens(pointer), replacement);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_with_wildcards() {
        let mut v = json!({"a/b": "x", "l": [{"h": "1"}, {"h": "2"}, {"h": null}]});
        assert_eq!(strings_at(&v, "/a~1b"), vec!["x"]);
        assert_eq!(strings_at(&v, "/l/*/h"), vec!["1", "2"]);
        replace_at(&mut v, "/l/*/h", "[dynamic]");
        assert_eq!(
            v["l"],
            json!([{"h": "[dynamic]"}, {"h": "[dynamic]"}, {"h": null}])
        );
        assert_eq!(last_token("/x/secretKey").as_deref(), Some("secretKey"));
        let mut map = json!({"m": {"k1": {"s": "a"}, "k2": {"s": "b"}}});
        assert_eq!(strings_at(&map, "/m/*/s"), vec!["a", "b"]);
        replace_at(&mut map, "/m/*/s", "[dynamic]");
        assert_eq!(map["m"]["k2"]["s"], "[dynamic]");
    }
}
