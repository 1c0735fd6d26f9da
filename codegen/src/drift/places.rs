//! Where each value of a YAML (or JSON) text is: an index from JSON pointers to `line:column`
//! and back. The IR knows the `line:column` of what it describes; drift names findings by
//! pointer (`/request/body/properties/Name`), which is what a deviation records.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::fmt;

/// Every key and value of a text, by pointer.
#[derive(Debug, Default)]
pub struct Places {
    /// A mapping's keys and a list's items, at the key (or the item).
    by_pointer: BTreeMap<String, (u64, u64)>,
    /// The pointer of the key (or item) at each `line:column`.
    by_place: BTreeMap<(u64, u64), String>,
    /// The pointer of the scalar value at each `line:column` (a `status: 200` by the `200`).
    by_value: BTreeMap<(u64, u64), String>,
}

impl Places {
    /// The places of `text`; an unreadable text has none.
    pub fn of(text: &str) -> Places {
        let mut options = serde_saphyr::Options::default();
        options.no_schema = true;
        let mut places = Places::default();
        if let Ok(tree) = serde_saphyr::from_str_with_options::<Tree>(text, options) {
            tree.index(String::new(), &mut places);
        }
        places
    }

    fn add(&mut self, pointer: &str, line: u64, column: u64) {
        self.by_pointer.insert(pointer.to_string(), (line, column));
        self.by_place
            .entry((line, column))
            .or_insert_with(|| pointer.to_string());
    }

    fn value(&mut self, pointer: &str, line: u64, column: u64) {
        self.by_value
            .entry((line, column))
            .or_insert_with(|| pointer.to_string());
    }

    /// The pointer of the key at `line:column`.
    pub fn pointer_at(&self, line: u64, column: u64) -> Option<&str> {
        self.by_place
            .get(&(line, column))
            .or_else(|| self.by_value.get(&(line, column)))
            .map(String::as_str)
    }
}

/// A value with the place of each of its children.
enum Tree {
    Map(Vec<(Spanned<String>, Spanned<Tree>)>),
    List(Vec<Spanned<Tree>>),
    Scalar,
}

impl Tree {
    fn index(self, pointer: String, places: &mut Places) {
        match self {
            Tree::Map(entries) => {
                for (key, value) in entries {
                    let child = format!("{pointer}/{}", escape(&key.value));
                    places.add(&child, key.referenced.line(), key.referenced.column());
                    if matches!(value.value, Tree::Scalar) {
                        places.value(&child, value.referenced.line(), value.referenced.column());
                    }
                    value.value.index(child, places);
                }
            }
            Tree::List(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    let child = format!("{pointer}/{i}");
                    places.add(&child, item.referenced.line(), item.referenced.column());
                    item.value.index(child, places);
                }
            }
            Tree::Scalar => {}
        }
    }
}

/// A pointer segment: `~` and `/` escaped as RFC 6901 says.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            let value = map.next_value::<Spanned<Tree>>()?;
            let key = Spanned {
                value: key.value.0,
                referenced: key.referenced,
                defined: key.defined,
            };
            entries.push((key, value));
        }
        Ok(Tree::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
            items.push(item);
        }
        Ok(Tree::List(items))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_str<E>(self, _: &str) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Scalar)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

/// A mapping key of any scalar kind, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar key")
            }

            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_and_places_agree() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n\"e/f\": 3\n";
        let places = Places::of(text);
        assert_eq!(places.by_pointer.get("/a/b"), Some(&(2, 3)));
        assert_eq!(places.pointer_at(2, 3), Some("/a/b"));
        assert_eq!(places.pointer_at(5, 8), Some("/a/c/1/d"));
        assert_eq!(places.pointer_at(6, 1), Some("/e~1f"));
        assert_eq!(places.pointer_at(2, 4), None);
    }
}
