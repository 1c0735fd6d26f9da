//! Counting in words: `1 case`, `2 cases`, and lists joined with `and`.

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

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_lists_end_with_and() {
        assert_eq!(super::count(1, "case", "cases"), "1 case");
        assert_eq!(super::count(0, "case", "cases"), "0 cases");
        assert_eq!(super::and_list(&["a", "b", "c"]), "a, b and c");
    }
}
