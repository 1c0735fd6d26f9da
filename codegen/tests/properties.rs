//! The loader never panics, whatever text it is given.

use proptest::prelude::*;
use std::path::PathBuf;

const SPEC: &str = include_str!("../../spec/outposts/StartConnection.yaml");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*") {
        let _ = conform_codegen::load_sources(&[(PathBuf::from("any.yaml"), text)]);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "([a-zA-Z$]{1,8}: ?(\\[|\\{|'|-|[0-9]{1,3}|[a-z]{1,5})?\n {0,4}){0,30}") {
        let _ = conform_codegen::load_sources(&[(PathBuf::from("any.yaml"), text)]);
    }

    /// A real spec with a slice cut out or a character changed: a problem, never a panic.
    #[test]
    fn damaged_specs_never_panic(start in 0..SPEC.len(), len in 0usize..200, replacement in "\\PC{0,3}") {
        let mut text = SPEC.to_string();
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = ((start + len).min(text.len())..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(start..end, &replacement);
        if let Err(problems) = conform_codegen::load_sources(&[(PathBuf::from("cut.yaml"), text)]) {
            for problem in problems.iter() {
                prop_assert!(problem.line >= 1 && problem.column >= 1);
            }
        }
    }
}
