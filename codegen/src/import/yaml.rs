//! An ordered YAML tree for writing spec files: mappings keep the order the importer gives
//! them, so an imported spec reads like a hand-written one and the same model always gives the
//! same bytes. `serde-saphyr` writes it.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// An empty mapping.
    pub fn map() -> Node {
        Node::Map(Vec::new())
    }

    /// This mapping with `key` set to `value` (appended; keys are written once each).
    pub fn with(mut self, key: &str, value: impl Into<Node>) -> Node {
        if let Node::Map(entries) = &mut self {
            entries.push((key.to_string(), value.into()));
        }
        self
    }

    /// This mapping with `key` set to `value` where there is one.
    pub fn with_some(self, key: &str, value: Option<impl Into<Node>>) -> Node {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// This mapping followed by the entries of `other`.
    pub fn merge(mut self, other: Node) -> Node {
        if let (Node::Map(entries), Node::Map(more)) = (&mut self, other) {
            entries.extend(more);
        }
        self
    }

    /// Whether a mapping or list has no entries.
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Map(entries) => entries.is_empty(),
            Node::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The YAML text.
    pub fn to_yaml(&self) -> Result<String, String> {
        serde_saphyr::to_string(self).map_err(|e| e.to_string())
    }
}

impl From<&str> for Node {
    fn from(v: &str) -> Node {
        Node::Str(v.to_string())
    }
}

impl From<String> for Node {
    fn from(v: String) -> Node {
        Node::Str(v)
    }
}

impl From<i64> for Node {
    fn from(v: i64) -> Node {
        Node::Int(v)
    }
}

impl From<bool> for Node {
    fn from(v: bool) -> Node {
        Node::Bool(v)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Str(s) => serializer.serialize_str(s),
            Node::Int(n) => serializer.serialize_i64(*n),
            Node::Float(n) => serializer.serialize_f64(*n),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}
