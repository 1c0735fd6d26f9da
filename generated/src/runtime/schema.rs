//! Schemas as static data: what the generator knows about every value, in a form the validators,
//! the mock and the runner can all walk at run time. Generated code declares one static per
//! node, so patterns compile once and nodes can refer to each other, cycles included.

use super::checks::{IntegerRules, StringRules};
use conform_model::{NumberFormat, TimestampFormat};

/// The schema of one value.
pub enum Schema {
    String(StringRules),
    Integer(IntegerRules),
    Number(NumberRules),
    Boolean,
    Timestamp(TimestampFormat),
    /// Bytes, base64-encoded in JSON and in text.
    Blob(BlobRules),
    List(ListRules),
    Map(MapRules),
    /// A structure or a tagged union.
    Struct(&'static StructSchema),
    /// Any JSON object.
    AnyObject,
}

impl Schema {
    /// The structure this schema is, if it is one.
    pub fn as_struct(&self) -> Option<&'static StructSchema> {
        match self {
            Schema::Struct(s) => Some(s),
            _ => None,
        }
    }
}

/// A floating-point number's constraints.
pub struct NumberRules {
    pub format: NumberFormat,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The protocol writes NaN and the infinities as the strings `NaN`, `Infinity` and
    /// `-Infinity` (restJson1).
    pub non_finite_strings: bool,
}

/// Bounds on a blob, in bytes after base64 decoding.
pub struct BlobRules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

pub struct ListRules {
    pub items: &'static Schema,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
}

pub struct MapRules {
    pub keys: &'static StringRules,
    pub values: &'static Schema,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

// Generated schemas are written with the constants and methods below, so that each value
// states only the constraints it has.
impl NumberRules {
    /// Any 32-bit floating-point number.
    pub const FLOAT: NumberRules = NumberRules::any(NumberFormat::Float);
    /// Any 64-bit floating-point number.
    pub const DOUBLE: NumberRules = NumberRules::any(NumberFormat::Double);

    const fn any(format: NumberFormat) -> Self {
        NumberRules {
            format,
            minimum: None,
            maximum: None,
            non_finite_strings: false,
        }
    }

    /// The rules, with values of at least `n`.
    pub const fn minimum(mut self, n: f64) -> Self {
        self.minimum = Some(n);
        self
    }

    /// The rules, with values of at most `n`.
    pub const fn maximum(mut self, n: f64) -> Self {
        self.maximum = Some(n);
        self
    }

    /// The rules, where the protocol writes the non-finite values as strings.
    pub const fn non_finite_strings(mut self) -> Self {
        self.non_finite_strings = true;
        self
    }
}

impl BlobRules {
    /// Any blob.
    pub const ANY: BlobRules = BlobRules {
        min_length: None,
        max_length: None,
    };

    /// The rules, with at least `n` bytes.
    pub const fn min_length(mut self, n: u64) -> Self {
        self.min_length = Some(n);
        self
    }

    /// The rules, with at most `n` bytes.
    pub const fn max_length(mut self, n: u64) -> Self {
        self.max_length = Some(n);
        self
    }
}

impl ListRules {
    /// Any number of items, each of the schema `items`.
    pub const fn of(items: &'static Schema) -> Self {
        ListRules {
            items,
            min_items: None,
            max_items: None,
            unique_items: false,
        }
    }

    /// The rules, with at least `n` items.
    pub const fn min_items(mut self, n: u64) -> Self {
        self.min_items = Some(n);
        self
    }

    /// The rules, with at most `n` items.
    pub const fn max_items(mut self, n: u64) -> Self {
        self.max_items = Some(n);
        self
    }

    /// The rules, with no item twice.
    pub const fn unique_items(mut self) -> Self {
        self.unique_items = true;
        self
    }
}

impl MapRules {
    /// Any number of entries, keys and values of these rules.
    pub const fn of(keys: &'static StringRules, values: &'static Schema) -> Self {
        MapRules {
            keys,
            values,
            min_properties: None,
            max_properties: None,
        }
    }

    /// The rules, with at least `n` entries.
    pub const fn min_properties(mut self, n: u64) -> Self {
        self.min_properties = Some(n);
        self
    }

    /// The rules, with at most `n` entries.
    pub const fn max_properties(mut self, n: u64) -> Self {
        self.max_properties = Some(n);
        self
    }
}

/// A structure (members by wire name) or a tagged union (exactly one member set).
pub struct StructSchema {
    /// The schema's name in the spec.
    pub name: &'static str,
    pub members: &'static [Member],
    /// The members' wire names, in order.
    pub member_names: &'static [&'static str],
    /// The index of the member whose wire name (not an alias) is the key: generated for each
    /// schema, so that a walk finds every key of an object with one `match`.
    pub index: fn(&str) -> Option<usize>,
    /// A tagged union: exactly one member is set.
    pub union: bool,
    /// An either-or body: exactly one of these member sets.
    pub variants: &'static [Variant],
    /// A JSON `null` member counts as absent (the spec's `nullMembers` policy).
    pub null_is_absent: bool,
    /// Members the schema does not declare are violations (the spec's `unknownMembers` policy).
    pub reject_unknown: bool,
}

impl StructSchema {
    /// A structure that takes a JSON `null` member at its face value and ignores members it
    /// does not declare; the methods below say what differs. Generated schemas are written
    /// this way.
    pub const fn new(
        name: &'static str,
        members: &'static [Member],
        member_names: &'static [&'static str],
        index: fn(&str) -> Option<usize>,
    ) -> Self {
        StructSchema {
            name,
            members,
            member_names,
            index,
            union: false,
            variants: &[],
            null_is_absent: false,
            reject_unknown: false,
        }
    }

    /// The schema, as a tagged union.
    pub const fn union(mut self) -> Self {
        self.union = true;
        self
    }

    /// The schema, as an either-or body of these variants.
    pub const fn variants(mut self, variants: &'static [Variant]) -> Self {
        self.variants = variants;
        self
    }

    /// The schema, where a JSON `null` member counts as absent.
    pub const fn null_is_absent(mut self) -> Self {
        self.null_is_absent = true;
        self
    }

    /// The schema, where members it does not declare are violations.
    pub const fn reject_unknown(mut self) -> Self {
        self.reject_unknown = true;
        self
    }

    /// The member whose wire name or alias is `name`.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members
            .iter()
            .find(|m| m.name == name || m.aliases.contains(&name))
    }

    /// Whether `member` must be present: required, or required by every variant.
    pub fn requires(&self, member: &str) -> bool {
        self.members.iter().any(|m| m.name == member && m.required)
            || self.required_by_every_variant(member)
    }

    /// Whether `member` is one of an either-or body's common members: every variant requires it.
    pub fn required_by_every_variant(&self, member: &str) -> bool {
        !self.variants.is_empty() && self.variants.iter().all(|v| v.required.contains(&member))
    }
}

/// One member of a structure or union.
pub struct Member {
    /// The wire name.
    pub name: &'static str,
    /// Other wire names a reader accepts.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// The member must be present: it is required, or every variant of the either-or body
    /// requires it.
    pub needed: bool,
    /// The value is a secret: never shown in messages, reports or logs.
    pub sensitive: bool,
    /// The value differs from call to call; snapshots redact it.
    pub dynamic: bool,
    /// The value a reader assumes when the member is absent, as JSON text.
    pub default: Option<&'static str>,
    /// A value the reference mock answers with, as JSON text; not a constraint.
    pub example: Option<&'static str>,
    pub schema: &'static Schema,
    /// The name and its aliases have no `~` or `/`, so a JSON pointer takes them as they are.
    pub plain: bool,
}

impl Member {
    /// An optional member named `name` on the wire, neither sensitive nor dynamic, without
    /// aliases, default or example; the methods below say what differs. Generated schemas are
    /// written this way, so that each member states only what sets it apart.
    pub const fn new(name: &'static str, schema: &'static Schema) -> Self {
        Member {
            name,
            aliases: &[],
            required: false,
            needed: false,
            sensitive: false,
            dynamic: false,
            default: None,
            example: None,
            schema,
            plain: is_plain(name),
        }
    }

    /// The member with other wire names a reader accepts.
    pub const fn aliases(self, aliases: &'static [&'static str]) -> Self {
        let mut plain = is_plain(self.name);
        let mut i = 0;
        while i < aliases.len() {
            plain = plain && is_plain(aliases[i]);
            i += 1;
        }
        Member {
            aliases,
            plain,
            ..self
        }
    }

    /// The member, required by its structure.
    pub const fn required(self) -> Self {
        Member {
            required: true,
            ..self
        }
    }

    /// The member, which must be present (see the `needed` field).
    pub const fn needed(self) -> Self {
        Member {
            needed: true,
            ..self
        }
    }

    /// The member, whose value is a secret.
    pub const fn sensitive(self) -> Self {
        Member {
            sensitive: true,
            ..self
        }
    }

    /// The member, whose value differs from call to call.
    pub const fn dynamic(self) -> Self {
        Member {
            dynamic: true,
            ..self
        }
    }

    /// The member with the value a reader assumes when it is absent, as JSON text.
    pub const fn default_json(self, json: &'static str) -> Self {
        Member {
            default: Some(json),
            ..self
        }
    }

    /// The member with a value the reference mock answers with, as JSON text.
    pub const fn example_json(self, json: &'static str) -> Self {
        Member {
            example: Some(json),
            ..self
        }
    }
}

/// Whether `name` has no character a JSON pointer escapes.
const fn is_plain(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'~' || bytes[i] == b'/' {
            return false;
        }
        i += 1;
    }
    true
}

/// One branch of an either-or body.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Variant {
    pub name: &'static str,
    /// The members this branch requires, as the spec lists them.
    pub required: &'static [&'static str],
    /// The members only this branch requires (those not every branch requires), by their
    /// index in the body's members.
    #[serde(skip)]
    pub own: &'static [usize],
}
