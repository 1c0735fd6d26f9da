//! How every reader writes spec files: the service and operation file skeletons, error entries,
//! the members of a request and a response, a member's schema from a description that names no
//! model format, named structures and the named schemas still to write. The readers say what a
//! model holds; this module alone says how the spec format writes it.

use super::yaml::Node;
use std::collections::BTreeSet;

/// The `min` and `max` of a length, a range or a count, where the model gives them.
pub(super) type Bounds = (Option<f64>, Option<f64>);

/// The words of a documentation string written in HTML: tags dropped, white space collapsed.
pub(crate) fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .join(" ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The first sentence of a documentation string.
pub(super) fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.to_string(),
    }
}

/// `node` with `key: true` first, where `value` is true.
pub(super) fn prepend(node: Node, key: &str, value: bool) -> Node {
    if value {
        Node::map().with(key, true).merge(node)
    } else {
        node
    }
}

/// A mapping or list, or `None` where it is empty, for a key written only when it has entries.
pub(super) fn filled(node: Node) -> Option<Node> {
    (!node.is_empty()).then_some(node)
}

/// A schema of `service.yaml`, which copies no page: `source: model` after its `type`.
pub(super) fn cited(mut node: Node) -> Node {
    if let Node::Map(entries) = &mut node {
        entries.insert(1.min(entries.len()), ("source".into(), "model".into()));
    }
    node
}

/// The `sources` entry of the model itself.
pub(super) fn model_source(title: &str, url: &str) -> Node {
    Node::map().with("model", Node::map().with("title", title).with("url", url))
}

/// The service file: who the service is, what it cites, how it speaks and signs, the policies
/// its unknown and null members follow, its errors and the schemas they name.
pub(super) struct ServiceFile {
    pub id: String,
    pub title: String,
    pub documentation: String,
    pub sources: Node,
    pub protocol: Node,
    pub auth: Node,
    /// The source the policies cite.
    pub policy_source: &'static str,
    pub errors: Vec<Node>,
    pub schemas: Node,
}

impl ServiceFile {
    /// A service that speaks restJson1 and signs with SigV4 as `signing`, citing the model
    /// (`title` at `url`) and the protocol's specification; errors and schemas still to add.
    pub(super) fn aws(id: &str, title: &str, url: &str, model_title: &str, signing: &str) -> Self {
        ServiceFile {
            id: id.to_string(),
            title: title.to_string(),
            documentation: url.to_string(),
            sources: model_source(model_title, url).with(
                "restJson1",
                Node::map()
                    .with("title", "Smithy restJson1 protocol specification")
                    .with(
                        "url",
                        "https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html",
                    ),
            ),
            protocol: Node::map()
                .with("name", "restJson1")
                .with("source", "model"),
            auth: Node::map()
                .with("scheme", "aws-sigv4")
                .with("signingName", signing)
                .with("source", "model"),
            policy_source: "restJson1",
            errors: Vec::new(),
            schemas: Node::map(),
        }
    }

    /// The file's tree.
    pub(super) fn node(self) -> Node {
        let policy = |value: &str| {
            Node::map()
                .with("value", value)
                .with("source", self.policy_source)
        };
        let policies = Node::map()
            .with("unknownMembers", policy("ignore"))
            .with("nullMembers", policy("absent"));
        Node::map()
            .with("service", self.id)
            .with("title", self.title)
            .with("documentation", self.documentation)
            .with("sources", self.sources)
            .with("protocol", self.protocol)
            .with("auth", self.auth)
            .with("policies", policies)
            .with("errors", Node::List(self.errors))
            .with_some("schemas", filled(self.schemas))
    }
}

/// An error of the service file: its name and status, when it is returned, how a response names
/// it, and the named schema of its body, all from the model.
pub(super) fn error(
    name: &str,
    status: i64,
    when: Option<String>,
    naming: Node,
    body: &str,
) -> Node {
    Node::map()
        .with("name", name)
        .with("status", status)
        .with_some("when", when)
        .with("naming", naming)
        .with("body", Node::map().with("$ref", body))
        .with("source", "model")
}

/// How a restJson1 response names its error: the `X-Amzn-ErrorType` header holding `code`.
pub(super) fn aws_naming(code: &str) -> Node {
    Node::map()
        .with("header", "X-Amzn-ErrorType")
        .with("value", code)
}

/// An operation file: its name and texts, the page it cites, its HTTP binding, request,
/// response, errors and the named schemas it uses.
pub(super) struct OperationFile<'a> {
    pub name: &'a str,
    pub title: String,
    pub summary: Option<String>,
    pub documentation: String,
    /// The model's title and address; the operation's page is the address at `#name`.
    pub model_title: &'a str,
    pub url: &'a str,
    /// The operation's own auth, where it differs from the service's (`scheme: none`).
    pub auth: Option<Node>,
    pub method: &'a str,
    pub path: String,
    pub request: Node,
    pub response: Node,
    pub errors: Vec<Node>,
    pub schemas: Node,
}

impl OperationFile<'_> {
    /// The file's tree.
    pub(super) fn node(self) -> Node {
        let name = self.name;
        let page = Node::map()
            .with("title", format!("{}, operation {name}", self.model_title))
            .with("url", format!("{}#{name}", self.url));
        Node::map()
            .with("operation", name)
            .with("title", self.title)
            .with_some("summary", self.summary)
            .with("documentation", self.documentation)
            .with("sources", Node::map().with("page", page))
            .with_some("auth", self.auth)
            .with(
                "http",
                Node::map()
                    .with("method", self.method)
                    .with("path", self.path),
            )
            .with("request", self.request)
            .with("response", self.response)
            .with_some(
                "errors",
                (!self.errors.is_empty()).then_some(Node::List(self.errors)),
            )
            .with_some("schemas", filled(self.schemas))
    }
}

/// The members of a JSON object body, and which are required, in the model's order.
pub(super) struct Members {
    pub properties: Node,
    pub required: Vec<Node>,
}

impl Members {
    pub(super) fn new() -> Self {
        Members {
            properties: Node::map(),
            required: Vec::new(),
        }
    }

    /// Adds the member `wire`.
    pub(super) fn add(&mut self, wire: &str, value: Node, required: bool) {
        if required {
            self.required.push(Node::from(wire));
        }
        self.properties = std::mem::replace(&mut self.properties, Node::map()).with(wire, value);
    }

    /// The body: an object with the members.
    pub(super) fn object(self) -> Node {
        Node::map()
            .with("type", "object")
            .with_some(
                "required",
                (!self.required.is_empty()).then_some(Node::List(self.required)),
            )
            .with("properties", self.properties)
    }
}

/// A request's path labels, query parameters and headers, in the model's order.
pub(super) struct Request {
    pub labels: Node,
    pub query: Node,
    pub headers: Node,
}

impl Request {
    pub(super) fn new() -> Self {
        Request {
            labels: Node::map(),
            query: Node::map(),
            headers: Node::map(),
        }
    }

    /// Adds a path label.
    pub(super) fn label(&mut self, wire: &str, value: Node) {
        self.labels = std::mem::replace(&mut self.labels, Node::map()).with(wire, value);
    }

    /// Adds a query parameter, `required: true` first where it is.
    pub(super) fn query(&mut self, wire: &str, value: Node, required: bool) {
        self.query = std::mem::replace(&mut self.query, Node::map())
            .with(wire, prepend(value, "required", required));
    }

    /// Adds a header, `required: true` first where it is.
    pub(super) fn header(&mut self, wire: &str, value: Node, required: bool) {
        self.headers = std::mem::replace(&mut self.headers, Node::map())
            .with(wire, prepend(value, "required", required));
    }

    /// The request's tree; a JSON `body` comes with a required `Content-Type` that `source`
    /// states.
    pub(super) fn node(self, body: Option<Node>, source: &str) -> Node {
        let mut headers = self.headers;
        if body.is_some() {
            headers = Node::map()
                .with(
                    "Content-Type",
                    Node::map()
                        .with("required", true)
                        .with("mediaType", "application/json")
                        .with("source", source),
                )
                .merge(headers);
        }
        Node::map()
            .with_some("path", filled(self.labels))
            .with_some("query", filled(self.query))
            .with_some("headers", filled(headers))
            .with_some("body", body)
    }
}

/// A restJson1 request: its bound members, and a body where it has members.
pub(super) fn aws_request(request: Request, body: Members) -> Node {
    let body = (!body.properties.is_empty()).then(|| body.object());
    request.node(body, "restJson1")
}

/// A restJson1 response: its status, headers, and a body unless the status is 204.
pub(super) fn aws_response(status: i64, headers: Node, body: Members) -> Node {
    Node::map()
        .with("status", status)
        .with_some("headers", filled(headers))
        .with_some("body", (status != 204).then(|| body.object()))
}

/// A member's documentation first in its schema, where it has any; an idempotency token says
/// what the SDKs do with it, which the format has no word for.
pub(super) fn documented(node: Node, doc: String, idempotency_token: bool) -> Node {
    let mut doc = doc;
    if idempotency_token {
        doc = format!("{doc} (An idempotency token: SDKs fill it in when it is left out.)")
            .trim()
            .to_string();
    }
    if doc.is_empty() {
        node
    } else {
        Node::map().with("description", doc).merge(node)
    }
}

/// A named structure or union of a shape model: its documentation, required members (none for a
/// union) and properties.
pub(super) fn structure(
    union: bool,
    description: Option<String>,
    required: Vec<Node>,
    properties: Node,
) -> Node {
    let ty = if union { "union" } else { "object" };
    Node::map()
        .with("type", ty)
        .with_some("description", description)
        .with_some(
            "required",
            (!required.is_empty() && !union).then_some(Node::List(required)),
        )
        .with("properties", properties)
}

/// `node` with whole-number bounds under `keys`, where there are any.
pub(super) fn bounded(node: Node, (min, max): (&str, &str), (lo, hi): Bounds) -> Node {
    node.with_some(min, lo.map(|v| v as i64))
        .with_some(max, hi.map(|v| v as i64))
}

/// `node` with the pattern `p`, refused (for `what`) where the format cannot run it.
pub(super) fn pattern(node: Node, p: &str, what: &str, refused: &mut Vec<String>) -> Node {
    if let Err(why) = crate::pattern::translate(p) {
        refused.push(format!("a pattern the format cannot run ({what}: {why})"));
    }
    node.with("pattern", p)
}

/// A member's schema, described apart from the model it comes from.
pub(super) enum Schema<'a> {
    String {
        length: Bounds,
        pattern: Option<&'a str>,
        values: Vec<Node>,
    },
    /// A whole number of `format`; `values` is its enumeration, written even when empty.
    Integer {
        format: &'a str,
        range: Bounds,
        values: Option<Vec<Node>>,
    },
    Number {
        format: &'a str,
        range: Bounds,
    },
    Boolean,
    /// A timestamp in one of the format's own formats, where the model states one.
    Timestamp(Option<&'a str>),
    Blob(Bounds),
    List {
        items: Node,
        length: Bounds,
        unique: bool,
    },
    /// A map; `keys` is the schema of its keys where the model states one.
    Map {
        keys: Option<Node>,
        values: Node,
        length: Bounds,
    },
}

impl Schema<'_> {
    /// The schema's tree; a pattern the format cannot run is refused for `member`.
    pub(super) fn node(self, member: &str, refused: &mut Vec<String>) -> Node {
        match self {
            Schema::String {
                length,
                pattern: p,
                values,
            } => {
                let mut node = bounded(
                    Node::map().with("type", "string"),
                    ("minLength", "maxLength"),
                    length,
                );
                if let Some(p) = p {
                    node = pattern(node, p, member, refused);
                }
                node.with_some("enum", (!values.is_empty()).then_some(Node::List(values)))
            }
            Schema::Integer {
                format,
                range,
                values,
            } => bounded(
                Node::map().with("type", "integer").with("format", format),
                ("minimum", "maximum"),
                range,
            )
            .with_some("enum", values.map(Node::List)),
            Schema::Number {
                format,
                range: (lo, hi),
            } => Node::map()
                .with("type", "number")
                .with("format", format)
                .with_some("minimum", lo.map(Node::Float))
                .with_some("maximum", hi.map(Node::Float)),
            Schema::Boolean => Node::map().with("type", "boolean"),
            Schema::Timestamp(format) => Node::map()
                .with("type", "timestamp")
                .with_some("format", format),
            Schema::Blob(length) => bounded(
                Node::map().with("type", "blob"),
                ("minLength", "maxLength"),
                length,
            ),
            Schema::List {
                items,
                length,
                unique,
            } => bounded(
                Node::map().with("type", "array").with("items", items),
                ("minItems", "maxItems"),
                length,
            )
            .with_some("uniqueItems", unique.then_some(true)),
            Schema::Map {
                keys,
                values,
                length,
            } => bounded(
                Node::map()
                    .with("type", "object")
                    .with("additionalProperties", values)
                    .with_some("propertyNames", keys),
                ("minProperties", "maxProperties"),
                length,
            ),
        }
    }
}

/// The named schemas a file needs and has not written yet, each written in turn; writing one
/// may name more.
pub(super) trait Named {
    /// The named schemas the current file uses so far.
    fn named(&self) -> &BTreeSet<String>;

    /// The schema `name` under its spec name, or `None` where the model has no such schema.
    fn write_named(&mut self, name: &str) -> Option<(String, Node)>;
}

/// The named schemas not yet `written`, and those they name in turn, `cited` in `service.yaml`.
pub(super) fn pending(
    importer: &mut impl Named,
    written: &mut BTreeSet<String>,
    cite: bool,
) -> Node {
    let mut schemas = Node::map();
    loop {
        let pending: Vec<String> = importer
            .named()
            .iter()
            .filter(|s| !written.contains(*s))
            .cloned()
            .collect();
        if pending.is_empty() {
            return schemas;
        }
        for name in pending {
            written.insert(name.clone());
            if let Some((key, node)) = importer.write_named(&name) {
                let node = if cite { cited_at(node) } else { node };
                schemas = schemas.with(&key, node);
            }
        }
    }
}

/// `cited` applied beneath the place a named schema carries.
fn cited_at(node: Node) -> Node {
    match node {
        Node::At(inner, place) => Node::At(Box::new(cited(*inner)), place),
        node => cited(node),
    }
}
