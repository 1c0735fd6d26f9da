//! Rust names for wire names: `AssetId` becomes the field `asset_id`, `_links` becomes `links`,
//! `type` becomes `r#type`, and `x-api-version` becomes the constant `X_API_VERSION`.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// The snake_case field or module name for `wire`.
pub fn field_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let snake = cleaned.trim_matches('_').to_snake_case();
    match snake.chars().next() {
        None => "field".to_string(),
        Some(c) if c.is_ascii_digit() => format!("_{snake}"),
        Some(_) => snake,
    }
}

/// The UpperCamelCase type name for `name`.
pub fn type_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let camel = cleaned.to_upper_camel_case();
    match camel.chars().next() {
        None => "Type".to_string(),
        Some(c) if c.is_ascii_digit() => format!("T{camel}"),
        Some(_) => camel,
    }
}

/// The SHOUTY_SNAKE_CASE constant name for `name`.
pub fn const_name(name: &str) -> String {
    field_name(name).to_shouty_snake_case()
}

/// An identifier for `name`, raw (`r#type`) where `name` is a keyword.
pub fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "try"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("AssetId"), "asset_id");
        assert_eq!(field_name("_links"), "links");
        assert_eq!(field_name(".issued"), "issued");
        assert_eq!(
            field_name("NetworkInterfaceDeviceIndex"),
            "network_interface_device_index"
        );
        assert_eq!(type_name("StartConnection"), "StartConnection");
        assert_eq!(type_name("start_connection"), "StartConnection");
        assert_eq!(const_name("x-api-version"), "X_API_VERSION");
        assert_eq!(const_name("Content-Type"), "CONTENT_TYPE");
        assert_eq!(ident("type").to_string(), "r#type");
    }
}
