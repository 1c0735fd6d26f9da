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
        Some(c) if c.is_ascii_digit() => format!("n_{snake}"),
        Some(_) if is_reserved(&snake) => format!("{snake}_"),
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
        Some(_) if is_reserved(&camel) => format!("{camel}_"),
        Some(_) => camel,
    }
}

/// The SHOUTY_SNAKE_CASE constant name for `name`.
pub fn const_name(name: &str) -> String {
    field_name(name).to_shouty_snake_case()
}

/// The name of the static that holds the rules of the value `path` (a member, or `member item`,
/// `member key`...) of `owner` (a Rust type name).
pub fn rules_name(owner: &str, path: &str) -> String {
    const_name(&format!("{owner}_{path}"))
}

/// The name of the enum of the string member `wire` of the struct `owner` (a Rust type name).
pub fn enum_name(owner: &str, wire: &str) -> String {
    format!("{owner}{}", type_name(wire))
}

/// Keywords that cannot be raw identifiers, so a name that is one gets a trailing `_`.
fn is_reserved(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate" | "_")
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

/// The name of the static that holds the schema of the struct `rust_name`.
pub fn struct_static(rust_name: &str) -> String {
    const_name(rust_name)
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
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("1abc"), "n_1abc");
        assert_eq!(const_name("1abc"), "N_1ABC");
        assert_eq!(type_name("1abc"), "T1abc");
        assert_eq!(field_name("_"), "field");
    }
}
