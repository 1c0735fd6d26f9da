//! The text a finding shows for what it compares: auth schemes, header rules, error naming,
//! paths and documentation, normalised so that spelling alone is no difference.

use super::*;

pub(super) fn auth(auth: &Auth) -> String {
    match auth {
        Auth::AwsSigV4 { signing_name } => format!("aws-sigv4 (signing name {signing_name})"),
        Auth::Bearer { header, token_path } => match token_path {
            Some(path) => format!("bearer in {header} (tokens from {path})"),
            None => format!("bearer in {header}"),
        },
        Auth::None => "none".to_string(),
    }
}

pub(super) fn header_rule(rule: &HeaderRule, sensitive: bool) -> String {
    match rule {
        HeaderRule::Any => "any value".to_string(),
        HeaderRule::Const(_) if sensitive => "exactly one value (sensitive)".to_string(),
        HeaderRule::Const(v) => format!("exactly `{v}`"),
        HeaderRule::MediaType(v) => format!("media type {v}"),
        HeaderRule::Pattern(p) => format!("pattern {}", p.source),
        HeaderRule::Typed(t) => format!("a {}", kind(t)),
    }
}

pub(super) fn naming(naming: &ErrorNaming, name: &str) -> String {
    match naming {
        ErrorNaming::Header { header, value } => format!("{header}: {value}"),
        ErrorNaming::Member {
            member,
            status_member,
        } => match status_member {
            Some(status) => format!("{member} in the body (status in {status}), for {name}"),
            None => format!("{member} in the body, for {name}"),
        },
    }
}

pub(super) fn describe(error: &ErrorDef) -> String {
    format!("{} ({})", error.name, error.status)
}

/// A path template with its label names set aside: `/a/{X}` and `/a/{Y}` are one path.
pub(super) fn normalised_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_label = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_label = true;
                out.push_str("{}");
            }
            '}' => in_label = false,
            c if !in_label => out.push(c),
            _ => {}
        }
    }
    out
}

/// Documentation text without markup, with white space collapsed and a final period dropped.
pub fn normalised_text(text: &str) -> String {
    let mut words = crate::import::plain_text(&text.replace(['`', '*'], ""));
    for mark in [".", ",", ";", ":", ")"] {
        words = words.replace(&format!(" {mark}"), mark);
    }
    words.trim_end_matches('.').to_string()
}
