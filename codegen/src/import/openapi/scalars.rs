//! String, integer and number schemas as spec nodes, refusing what the format cannot hold.

use super::*;
use crate::import::write;
use crate::import::yaml::Node;

impl<'m> Importer<'m> {
    pub(super) fn string(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let mut node = match v.format.as_deref() {
            Some("date-time") => {
                return node.with("type", "timestamp").with("format", "date-time");
            }
            Some("byte") => node.with("type", "blob"),
            Some(f @ ("uuid" | "uri" | "uri-reference")) => {
                node.with("type", "string").with("format", f)
            }
            None | Some("password") => node.with("type", "string"),
            Some(other) => {
                self.refused.push(format!(
                    "a string of format `{other}`, which the spec format cannot check ({what})"
                ));
                node.with("type", "string")
            }
        };
        node = write::bounded(
            node,
            ("minLength", "maxLength"),
            (v.min_length, v.max_length),
        );
        if let Some(p) = &v.pattern {
            node = write::pattern(node, p, what, &mut self.refused);
        }
        if let Some(values) = &v.enumeration {
            let null = v.types().1;
            let values: Vec<Node> = values
                .iter()
                .filter(|e| !(null && *e == "null"))
                .map(|e| Node::Str(e.clone()))
                .collect();
            if values.is_empty() {
                self.refused
                    .push(format!("an enum with no values ({what})"));
            } else {
                node = node.with("enum", Node::List(values));
            }
        }
        node
    }

    pub(super) fn integer(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let format = match v.format.as_deref() {
            Some("int32") => "int32",
            Some("int64") | None => "int64",
            Some(other) => {
                self.refused
                    .push(format!("an integer of format `{other}` ({what})"));
                "int64"
            }
        };
        let mut minimum = v.minimum.map(|m| m.ceil());
        let mut maximum = v.maximum.map(|m| m.floor());
        match v.exclusive_minimum {
            Some(Exclusive::Flag(true)) => minimum = minimum.map(|m| m + 1.0),
            Some(Exclusive::Bound(b)) => minimum = Some(b.floor() + 1.0),
            _ => {}
        }
        match v.exclusive_maximum {
            Some(Exclusive::Flag(true)) => maximum = maximum.map(|m| m - 1.0),
            Some(Exclusive::Bound(b)) => maximum = Some(b.ceil() - 1.0),
            _ => {}
        }
        let values = v.enumeration.as_ref().map(|enumeration| {
            let values: Vec<Node> = enumeration
                .iter()
                .filter_map(|e| e.parse::<i64>().ok().map(Node::Int))
                .collect();
            if values.len() != enumeration.len() {
                self.refused.push(format!(
                    "an integer enum with a value that is not an integer ({what})"
                ));
            }
            values
        });
        let schema = write::Schema::Integer {
            format,
            range: (minimum, maximum),
            values,
        };
        node.merge(schema.node(what, &mut self.refused))
    }

    pub(super) fn number(&mut self, node: Node, v: &Schema, what: &str) -> Node {
        let format = match v.format.as_deref() {
            Some("float") => "float",
            Some("double") | None => "double",
            Some(other) => {
                self.refused
                    .push(format!("a number of format `{other}` ({what})"));
                "double"
            }
        };
        for (bound, key) in [
            (v.exclusive_minimum, "exclusiveMinimum"),
            (v.exclusive_maximum, "exclusiveMaximum"),
        ] {
            if matches!(
                bound,
                Some(Exclusive::Flag(true)) | Some(Exclusive::Bound(_))
            ) {
                self.refused.push(format!(
                    "{key} on a number, which the format bounds inclusively ({what})"
                ));
            }
        }
        if v.enumeration.is_some() {
            self.refused.push(format!("an enum of numbers ({what})"));
        }
        let schema = write::Schema::Number {
            format,
            range: (v.minimum, v.maximum),
        };
        node.merge(schema.node(what, &mut self.refused))
    }
}
