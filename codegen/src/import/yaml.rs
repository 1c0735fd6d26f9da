//! An ordered YAML tree for writing spec files: mappings keep the order the importer gives
//! them, so an imported spec reads like a hand-written one and the same model always gives the
//! same bytes. `serde-saphyr` writes it. A node may carry the place in the model it was read
//! from ([`Node::At`]); writing ignores it, and `drift` uses it to point findings at the model.

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
    /// A node read from `line:column` of the model; written as the node itself.
    At(Box<Node>, Place),
}

/// A `line:column` in a model file, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub line: u64,
    pub column: u64,
}

impl Place {
    /// The place of a value `serde-saphyr` read; `None` where it has none.
    pub fn of(location: &serde_saphyr::Location) -> Option<Place> {
        (location.line() > 0).then(|| Place {
            line: location.line(),
            column: location.column().max(1),
        })
    }
}

impl Node {
    /// An empty mapping.
    pub fn map() -> Node {
        Node::Map(Vec::new())
    }

    /// This node, read from `place` in the model; unchanged where the place is unknown.
    pub fn at(self, place: Option<Place>) -> Node {
        match place {
            Some(place) => Node::At(Box::new(self), place),
            None => self,
        }
    }

    /// The node without its place.
    pub fn bare(&self) -> &Node {
        match self {
            Node::At(node, _) => node.bare(),
            node => node,
        }
    }

    /// The node without its place, to change.
    pub fn bare_mut(&mut self) -> &mut Node {
        match self {
            Node::At(node, _) => node.bare_mut(),
            node => node,
        }
    }

    /// This mapping with `key` set to `value` (appended; keys are written once each).
    pub fn with(mut self, key: &str, value: impl Into<Node>) -> Node {
        if let Node::Map(entries) = self.bare_mut() {
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
        let place = match &other {
            Node::At(_, place) => Some(*place),
            _ => None,
        };
        let other = match other {
            Node::At(node, _) => *node,
            node => node,
        };
        if let (Node::Map(entries), Node::Map(more)) = (self.bare_mut(), other) {
            entries.extend(more);
        }
        match (&self, place) {
            (Node::At(..), _) | (_, None) => self,
            (_, place) => self.at(place),
        }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self.bare() {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Every place this tree was read from, by the JSON pointer of its node in the written YAML
    /// (`/request/body/properties/Name`), in document order.
    pub fn places(&self) -> Vec<(String, Place)> {
        let mut out = Vec::new();
        self.collect_places(String::new(), &mut out);
        out
    }

    fn collect_places(&self, pointer: String, out: &mut Vec<(String, Place)>) {
        match self {
            Node::At(node, place) => {
                out.push((pointer.clone(), *place));
                node.collect_places(pointer, out);
            }
            Node::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.collect_places(format!("{pointer}/{i}"), out);
                }
            }
            Node::Map(entries) => {
                for (key, value) in entries {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    value.collect_places(format!("{pointer}/{key}"), out);
                }
            }
            _ => {}
        }
    }

    /// Whether a mapping or list has no entries.
    pub fn is_empty(&self) -> bool {
        match self.bare() {
            Node::Map(entries) => entries.is_empty(),
            Node::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The YAML text.
    pub fn to_yaml(&self) -> Result<String, serde_saphyr::ser::Error> {
        serde_saphyr::to_string(self)
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
            Node::At(node, _) => node.serialize(serializer),
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
