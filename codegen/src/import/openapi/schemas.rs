//! Schemas as spec nodes: named structures, members, parameters and inline schemas.

use super::*;
use crate::import::write;
use crate::import::yaml::Node;
use serde_saphyr::Spanned;
use std::collections::BTreeSet;

impl<'m> Importer<'m> {
    /// A request body: an object written out, its named schema's members in place.
    pub(super) fn body(&mut self, schema: &'m Spanned<Schema>, description: Option<&str>) -> Node {
        let node = self.top_object(schema, Direction::Request, "the request body");
        match (description, node.get("description")) {
            (Some(d), None)
                if !d.trim().is_empty()
                    && !matches!(node.bare(), Node::Map(m) if m.iter().any(|(k, _)| k == "$ref")) =>
            {
                Node::map().with("description", d.trim()).merge(node)
            }
            _ => node,
        }
    }

    /// A request or response body: an object, written out for a request and named (or written
    /// out) for a response.
    pub(super) fn top_object(
        &mut self,
        schema: &'m Spanned<Schema>,
        direction: Direction,
        what: &str,
    ) -> Node {
        let (resolved, name) = self.resolve(&schema.value);
        let (types, _) = resolved.types();
        if !resolved.one_of.is_empty() || !resolved.any_of.is_empty() {
            let which = if resolved.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            self.refused.push(format!("{which} as {what}"));
            return Node::map().with("type", "object");
        }
        if types.iter().any(|t| t == "file") {
            self.refused.push(format!("a file as {what} (type: file)"));
            return Node::map().with("type", "object");
        }
        if !resolved.is_structure() {
            let kind = types.first().map_or("untyped", String::as_str);
            self.refused
                .push(format!("{what} that is not an object ({kind})"));
            return Node::map().with("type", "object");
        }
        match (direction, name) {
            (Direction::Response, Some(name)) => {
                self.schemas.insert(name.to_string());
                Node::map()
                    .with("$ref", identifier(name))
                    .at(place(&schema.referenced))
            }
            _ => {
                let label = name.unwrap_or("body").to_string();
                self.structure(&label, resolved, Some(direction))
                    .at(place(&schema.referenced))
            }
        }
    }

    /// A schema with its `$ref` followed (through schemas only), and the name it was found by.
    pub(super) fn resolve(&self, s: &'m Schema) -> (&'m Schema, Option<&'m str>) {
        let mut s = s;
        let mut name = None;
        for _ in 0..16 {
            match s.reference.as_ref().map(|x| self.doc.target(&x.value)) {
                Some(Some(Target::Schema(n, next))) => {
                    s = &next.value;
                    name = Some(n);
                }
                _ => break,
            }
        }
        // `allOf` with one part, the usual way to put a description beside a `$ref`.
        if s.all_of.len() == 1 && s.properties.0.is_empty() {
            let (inner, inner_name) = self.resolve(&s.all_of[0].value);
            return (inner, inner_name.or(name));
        }
        (s, name)
    }

    /// An object schema's members: `{type: object, description, required, properties}`, with
    /// `allOf` parts merged where each is an object. `direction` is where an object written out
    /// in place is used; a named schema has none, and is refused `readOnly` and `writeOnly`.
    pub(super) fn structure(
        &mut self,
        name: &str,
        schema: &'m Schema,
        direction: Option<Direction>,
    ) -> Node {
        let mut parts: Vec<&'m Schema> = Vec::new();
        self.flatten(name, schema, &mut parts, 0);
        let mut properties = Node::map();
        let mut required: Vec<String> = Vec::new();
        let mut description = None;
        for v in parts {
            if description.is_none() {
                description = v.description.clone();
            }
            if !v.one_of.is_empty() || !v.any_of.is_empty() {
                self.refused
                    .push(format!("oneOf or anyOf in the schema {name}"));
            }
            if v.discriminator.is_some() {
                self.refused.push(format!("a discriminator ({name})"));
            }
            match v.additional_properties.as_ref().map(|a| &a.value) {
                Some(Additional::Allowed(false)) => self.refused.push(format!(
                    "additionalProperties: false ({name}); the service's policy ignores unknown members"
                )),
                Some(Additional::Values(_)) if !v.properties.0.is_empty() => {
                    self.refused.push(format!(
                        "an object with both properties and additionalProperties ({name})"
                    ))
                }
                _ => {}
            }
            for (key, prop) in v.properties.iter() {
                let member = &key.value;
                let (target, _) = self.resolve(&prop.value);
                let (read_only, write_only) = (
                    prop.value.read_only || target.read_only,
                    prop.value.write_only || target.write_only,
                );
                match direction {
                    Some(Direction::Request) if read_only => continue,
                    Some(Direction::Response) if write_only => continue,
                    None if read_only || write_only => {
                        self.refused.push(format!(
                            "readOnly or writeOnly in a shared schema ({name}.{member})"
                        ));
                    }
                    _ => {}
                }
                if properties.get(member).is_some() {
                    self.refused
                        .push(format!("allOf parts that both declare {name}.{member}"));
                    continue;
                }
                let value = self.member(prop, &format!("{name}.{member}"));
                properties = properties.with(member, value.at(place(&key.referenced)));
            }
            for r in v.names_required() {
                if properties.get(&r).is_some() && !required.contains(&r) {
                    required.push(r);
                }
            }
        }
        let required: Vec<Node> = required.into_iter().map(Node::from).collect();
        Node::map()
            .with("type", "object")
            .with_some(
                "description",
                description
                    .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|d| !d.is_empty()),
            )
            .with_some(
                "required",
                (!required.is_empty()).then_some(Node::List(required)),
            )
            .with_some("properties", (!properties.is_empty()).then_some(properties))
    }

    /// The object parts of `schema`: itself, and each part of its `allOf`, refs followed.
    pub(super) fn flatten(
        &mut self,
        name: &str,
        schema: &'m Schema,
        out: &mut Vec<&'m Schema>,
        depth: usize,
    ) {
        let (schema, _) = self.resolve(schema);
        if depth > 16 || out.iter().any(|s| std::ptr::eq(*s, schema)) {
            self.refused
                .push(format!("an allOf that includes itself ({name})"));
            return;
        }
        let (types, _) = schema.types();
        if types.iter().any(|t| t != "object") {
            self.refused.push(format!(
                "allOf of a non-object ({name}: {})",
                types.join(", ")
            ));
            return;
        }
        out.push(schema);
        for part in &schema.all_of {
            self.flatten(name, &part.value, out, depth + 1);
        }
    }

    /// A member of an object: its schema, with the sensitivity a password format states.
    pub(super) fn member(&mut self, prop: &'m Spanned<Schema>, what: &str) -> Node {
        let (target, _) = self.resolve(&prop.value);
        let mut node = self.schema(prop, what);
        if prop.value.reference.is_some()
            && let Some(d) = prop
                .value
                .description
                .as_deref()
                .filter(|d| !d.trim().is_empty())
            && node.get("description").is_none()
            && node.get("$ref").is_none()
        {
            node = Node::map().with("description", d.trim()).merge(node);
        }
        if target.format.as_deref() == Some("password") {
            node = node.with("sensitive", true);
        }
        if let Some(default) = prop.value.default.as_ref().or(target.default.as_ref()) {
            match scalar(default) {
                Some(v) if node.get("$ref").is_none() => node = node.with("default", v),
                _ if default.is_null() => {}
                _ => self
                    .refused
                    .push(format!("a default that is not a scalar ({what})")),
            }
        }
        node
    }

    /// A path label, query parameter or header: its schema's keywords and `required`.
    pub(super) fn parameter_node(
        &mut self,
        p: &'m Spanned<Schema>,
        what: &str,
        takes_required: bool,
    ) -> Node {
        let v = &p.value;
        let schema_place = place(&p.referenced);
        if v.content.is_some() {
            self.refused
                .push(format!("a parameter serialised by media type ({what})"));
        }
        let is_array;
        let mut node = match &v.schema {
            Some(inner) => {
                let (target, _) = self.resolve(&inner.value);
                is_array = target.types().0.iter().any(|t| t == "array");
                let mut node = self.schema(inner, what);
                if target.format.as_deref() == Some("password") {
                    node = node.with("sensitive", true);
                }
                if let Some(d) = target.default.as_ref().and_then(scalar) {
                    node = node.with("default", d);
                }
                node
            }
            None => {
                is_array = v.types().0.iter().any(|t| t == "array");
                let mut node = self.inline(v, what);
                if v.format.as_deref() == Some("password") {
                    node = node.with("sensitive", true);
                }
                if let Some(d) = v.default.as_ref().and_then(scalar) {
                    node = node.with("default", d);
                }
                node
            }
        };
        if node.get("$ref").is_some() {
            self.refused
                .push(format!("an object as a parameter ({what})"));
        }
        let location = v.location.as_deref().unwrap_or("header");
        if is_array {
            let repeated = match (location, &v.collection_format, &v.style, v.explode) {
                ("query", Some(f), _, _) => f == "multi",
                ("query", None, None | Some(_), explode) if !self.doc.is_swagger() => {
                    v.style.as_deref().is_none_or(|s| s == "form") && explode != Some(false)
                }
                ("query", None, _, _) => false,
                ("header", f, s, e) => {
                    f.as_deref().is_none_or(|f| f == "csv")
                        && s.as_deref().is_none_or(|s| s == "simple")
                        && e != Some(true)
                }
                _ => false,
            };
            if !repeated {
                let how = v
                    .collection_format
                    .clone()
                    .or_else(|| v.style.clone())
                    .unwrap_or_else(|| "csv, Swagger 2.0's default".to_string());
                self.refused.push(format!(
                    "an array {what} sent as `{how}` (the format sends query arrays repeated and header arrays comma-separated)"
                ));
            }
        }
        if location == "header" && node.get("default").is_some() {
            // The format takes no `default` on a header: the model's is kept as its words.
            let default = v
                .default
                .as_ref()
                .or_else(|| v.schema.as_ref().and_then(|s| s.value.default.as_ref()))
                .and_then(text)
                .unwrap_or_default();
            if let Node::Map(entries) = node.bare_mut() {
                entries.retain(|(k, _)| k != "default");
                let said = format!("The model's default is `{default}`.");
                match entries.iter_mut().find(|(k, _)| k == "description") {
                    Some((_, Node::Str(d))) => *d = format!("{d} {said}"),
                    _ => entries.insert(0, ("description".into(), Node::Str(said))),
                }
            }
        }
        let mut out = Node::map();
        if let Some(d) = v.description.as_deref().filter(|d| !d.trim().is_empty())
            && node.get("description").is_none()
        {
            out = out.with(
                "description",
                d.split_whitespace().collect::<Vec<_>>().join(" "),
            );
        }
        if takes_required && v.flag_required() {
            out = out.with("required", true);
        }
        out.merge(node).at(schema_place)
    }

    /// The schema `s` where a member, item or parameter uses it: a named object becomes a
    /// `$ref` to a named schema; anything else is written in place.
    pub(super) fn schema(&mut self, s: &'m Spanned<Schema>, what: &str) -> Node {
        if let Some(reference) = &s.value.reference {
            let Some(Target::Schema(name, target)) = self.doc.target(&reference.value) else {
                self.refused.push(format!("a $ref to no schema ({what})"));
                return Node::map().with("type", "string");
            };
            if target.value.is_structure() && target.value.all_of.len() != 1 {
                self.schemas.insert(name.to_string());
                return Node::map()
                    .with("$ref", identifier(name))
                    .at(place(&s.referenced));
            }
            if self.inlining.iter().any(|n| n == name) {
                self.refused.push(format!(
                    "a schema that holds itself other than through an object ({name})"
                ));
                return Node::map().with("type", "string");
            }
            self.inlining.push(name.to_string());
            let node = self.schema(target, what);
            self.inlining.pop();
            return node.at(place(&s.referenced));
        }
        self.inline(&s.value, what).at(place(&s.referenced))
    }

    /// A schema written in place.
    pub(super) fn inline(&mut self, v: &'m Schema, what: &str) -> Node {
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let parts: Vec<&Spanned<Schema>> = v.one_of.iter().chain(&v.any_of).collect();
            let not_null: Vec<&&Spanned<Schema>> = parts
                .iter()
                .filter(|p| !(p.value.types().1 && p.value.types().0.is_empty()))
                .collect();
            if let [only] = not_null.as_slice() {
                return self.schema(only, what);
            }
            let which = if v.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            self.refused.push(format!("{which} ({what})"));
            return Node::map().with("type", "string");
        }
        if v.not.is_some() {
            self.refused.push(format!("not ({what})"));
        }
        if !v.all_of.is_empty() {
            if v.all_of.len() == 1 && v.properties.0.is_empty() {
                return self.schema(&v.all_of[0], what);
            }
            return self.structure(what, v, None);
        }
        if v.multiple_of.is_some() {
            self.refused.push(format!("multipleOf ({what})"));
        }
        if v.constant.is_some() {
            self.refused.push(format!("const ({what})"));
        }
        let (types, _) = v.types();
        let ty = match types.as_slice() {
            [one] => one.as_str(),
            [] if !v.properties.0.is_empty() || v.additional_properties.is_some() => "object",
            [] if v.items.is_some() => "array",
            [] => {
                self.refused
                    .push(format!("a value of any type, with no `type` ({what})"));
                return Node::map().with("type", "string");
            }
            _ => {
                self.refused.push(format!(
                    "a value of several types ({what}: {})",
                    types.join(", ")
                ));
                return Node::map().with("type", "string");
            }
        };
        let description = v
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|d| !d.is_empty());
        let node = Node::map().with_some("description", description);
        match ty {
            "string" => self.string(node, v, what),
            "integer" => self.integer(node, v, what),
            "number" => self.number(node, v, what),
            "boolean" => {
                if v.enumeration.is_some() {
                    self.refused.push(format!("an enum of booleans ({what})"));
                }
                node.with("type", "boolean")
            }
            "array" => {
                let items = match &v.items {
                    Some(items) => self.schema(items, &format!("{what}[]")),
                    None => {
                        self.refused
                            .push(format!("an array without items ({what})"));
                        Node::map().with("type", "string")
                    }
                };
                let schema = write::Schema::List {
                    items,
                    length: (v.min_items, v.max_items),
                    unique: v.unique_items,
                };
                node.merge(schema.node(what, &mut self.refused))
            }
            "object" => {
                match v.additional_properties.as_ref().map(|a| &a.value) {
                    Some(Additional::Values(values)) if v.properties.0.is_empty() => {
                        let values = self.map_values(values, what);
                        let schema = write::Schema::Map {
                            keys: None,
                            values,
                            length: (v.min_properties, v.max_properties),
                        };
                        return node.merge(schema.node(what, &mut self.refused));
                    }
                    Some(Additional::Values(_)) => self.refused.push(format!(
                        "an object with both properties and additionalProperties ({what})"
                    )),
                    Some(Additional::Allowed(false)) => self.refused.push(format!(
                        "additionalProperties: false ({what}); the service's policy ignores unknown members"
                    )),
                    _ => {}
                }
                if v.properties.0.is_empty() {
                    return node.with("type", "object");
                }
                self.structure(what, v, None)
            }
            "file" => {
                self.refused.push(format!("a file (type: file) ({what})"));
                node.with("type", "string")
            }
            other => {
                self.refused.push(format!("the type `{other}` ({what})"));
                node.with("type", "string")
            }
        }
    }

    /// The schema of a map's values, which have no place of their own in the model.
    pub(super) fn map_values(&mut self, values: &'m Schema, what: &str) -> Node {
        let what = format!("{what}{{}}");
        match &values.reference {
            Some(reference) => match self.doc.target(&reference.value) {
                Some(Target::Schema(name, target)) if target.value.is_structure() => {
                    self.schemas.insert(name.to_string());
                    Node::map().with("$ref", identifier(name))
                }
                Some(Target::Schema(_, target)) => self.schema(target, &what),
                _ => {
                    self.refused.push(format!("a $ref to no schema ({what})"));
                    Node::map().with("type", "string")
                }
            },
            None => self.inline(values, &what),
        }
    }
}

impl write::Named for Importer<'_> {
    fn named(&self) -> &BTreeSet<String> {
        &self.schemas
    }

    fn write_named(&mut self, name: &str) -> Option<(String, Node)> {
        let doc = self.doc;
        let target = doc
            .target(&format!("#/definitions/{name}"))
            .or_else(|| doc.target(&format!("#/components/schemas/{name}")));
        let Some(Target::Schema(_, spanned)) = target else {
            return None;
        };
        let node = self.structure(name, &spanned.value, None);
        Some((identifier(name), node.at(place(&spanned.referenced))))
    }
}
