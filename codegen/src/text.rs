//! Text for people: bytes shown as text (valid UTF-8 as it is, and every byte that is not as
//! `\xNN`, so a body that is not UTF-8 reads the same in a listing, a report and a reproducer),
//! and counts and lists said as English says them (`1 item`, `2 items`, `a, b and c`).

use std::borrow::Cow;
use std::fmt::Write;

/// `n` and the noun, singular for one and plural otherwise.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `bytes` as text, with each byte that is not part of valid UTF-8 written `\xNN`.
pub fn escape_invalid_utf8(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02X}");
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{and_list, count, escape_invalid_utf8};

    #[test]
    fn one_is_singular_and_lists_end_with_and() {
        assert_eq!(count(1, "case", "cases"), "1 case");
        assert_eq!(count(0, "case", "cases"), "0 cases");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn valid_text_is_borrowed_and_unchanged() {
        assert!(matches!(
            escape_invalid_utf8("é\\x".as_bytes()),
            std::borrow::Cow::Borrowed("é\\x")
        ));
    }

    #[test]
    fn each_invalid_byte_is_escaped_and_valid_neighbours_kept() {
        assert_eq!(
            escape_invalid_utf8(b"{\"\xffa\xc3\xa9\xc3\"}"),
            "{\"\\xFFaé\\xC3\"}"
        );
    }
}
