//! Lowering the types of values: scalars with their bounds, patterns and formats, lists, maps
//! and inline objects.

use super::*;

impl Lowerer<'_, '_, '_> {
    /// The type of a member schema; `name` is the Rust name a nested struct would take.
    pub(in crate::lower) fn ty(
        &mut self,
        name: &str,
        member: &str,
        schema: &Spanned<raw::Schema>,
    ) -> Option<ir::Type> {
        let s = &schema.value;
        if let Some(reference) = &s.reference {
            if let Some(ty) = &s.ty {
                self.error(ty, format!("`{member}` has both `$ref` and `type`"));
            }
            for (keyword, at) in present(s) {
                self.error_at(
                    &at,
                    format!(
                        "`{keyword}` beside `$ref` would be ignored; put it on the schema `{}`",
                        reference.value
                    ),
                );
            }
            let Some(named) = self.named(&reference.value) else {
                let message = format!(
                    "`$ref` names `{}`, which `schemas` does not declare",
                    reference.value
                );
                let names = self.schema_names();
                let message = with_hint(message, &reference.value, names);
                self.error(reference, message);
                return None;
            };
            let target = &named.schema.value;
            if is_struct(target) {
                return Some(ir::Type::Struct(reference.value.clone()));
            }
            if target.reference.is_some() {
                self.error(
                    reference,
                    format!(
                        "`{}` is itself a `$ref`; point at the schema it names",
                        reference.value
                    ),
                );
                return None;
            }
            let rust = names::type_name(&reference.value);
            return self.within(named.in_service, |l| {
                l.ty(&rust, &reference.value, named.schema)
            });
        }
        let Some(ty) = &s.ty else {
            self.error(schema, format!("`{member}` needs a `type` or a `$ref`"));
            return None;
        };
        if TYPES.contains(&ty.value.as_str()) {
            self.misplaced(member, ty, s);
        }
        match ty.value.as_str() {
            "string" => self.string(s).map(ir::Type::String),
            "integer" => self.integer(s).map(ir::Type::Integer),
            "number" => self.number(s).map(ir::Type::Number),
            "boolean" => Some(ir::Type::Boolean),
            "timestamp" => self.timestamp(s.format.as_ref()).map(ir::Type::Timestamp),
            "blob" => {
                let (min_length, max_length) =
                    self.bounds("minLength", &s.min_length, "maxLength", &s.max_length);
                Some(ir::Type::Blob(ir::BlobType {
                    min_length,
                    max_length,
                }))
            }
            "array" => {
                let Some(items) = &s.items else {
                    self.error(ty, format!("`{member}` is an array and needs `items`"));
                    return None;
                };
                self.only_on_members(&format!("the items of `{member}`"), &items.value);
                let item = self.ty(&format!("{name}Item"), member, items)?;
                let (min_items, max_items) =
                    self.bounds("minItems", &s.min_items, "maxItems", &s.max_items);
                let unique = s.unique_items.as_ref().is_some_and(|u| u.value.0);
                let distinct = match &item {
                    ir::Type::Boolean => Some(2),
                    ir::Type::String(t) if !t.enumeration.is_empty() => {
                        Some(t.enumeration.len() as u64)
                    }
                    ir::Type::Integer(t) if !t.enumeration.is_empty() => {
                        Some(t.enumeration.len() as u64)
                    }
                    _ => None,
                };
                if let (true, Some(n), Some(min)) = (unique, distinct, min_items)
                    && min > n
                    && let Some(at) = &s.min_items
                {
                    self.error(
                        at,
                        format!(
                            "`{member}` needs {min} different items, but its items have {n} values"
                        ),
                    );
                }
                Some(ir::Type::Array(Box::new(ir::ArrayType {
                    items: item,
                    min_items,
                    max_items,
                    unique_items: s.unique_items.as_ref().is_some_and(|u| u.value.0),
                })))
            }
            "object" | "union" => self.object(name, member, ty, schema),
            other => {
                let message = format!(
                    "unknown type `{other}`; expected one of: {}",
                    TYPES.join(", ")
                );
                self.error(ty, with_hint(message, other, TYPES));
                None
            }
        }
    }

    /// An object: a struct with `properties`, a map with `additionalProperties`, or any object.
    pub(in crate::lower) fn object(
        &mut self,
        name: &str,
        member: &str,
        ty: &Spanned<String>,
        schema: &Spanned<raw::Schema>,
    ) -> Option<ir::Type> {
        let s = &schema.value;
        if ty.value == "union" || s.properties.is_some() {
            if let Some(values) = &s.additional_properties {
                self.error(
                    values,
                    format!("`{member}` has both `properties` and `additionalProperties`; a structure or a map, not both"),
                );
            }
            self.struct_from(name, schema, s, name);
            return Some(ir::Type::Struct(name.to_string()));
        }
        if let Some(first) = s.required.first() {
            self.error(
                first,
                format!("`required` needs `properties` on `{member}`"),
            );
        }
        let Some(values) = &s.additional_properties else {
            for (keyword, at) in [
                (
                    "propertyNames",
                    s.property_names.as_ref().map(|v| v.referenced),
                ),
                (
                    "minProperties",
                    s.min_properties.as_ref().map(|v| v.referenced),
                ),
                (
                    "maxProperties",
                    s.max_properties.as_ref().map(|v| v.referenced),
                ),
            ] {
                if let Some(at) = at {
                    self.error_at(
                        &at,
                        format!("`{keyword}` needs `additionalProperties` on `{member}`"),
                    );
                }
            }
            return Some(ir::Type::AnyObject);
        };
        self.only_on_members(&format!("the values of `{member}`"), &values.value);
        let value = self.ty(&format!("{name}Value"), member, values)?;
        let keys = match &s.property_names {
            None => ir::StringType::default(),
            Some(keys) => {
                if let Some(t) = &keys.value.ty
                    && t.value != "string"
                {
                    self.error(t, "map keys are strings: `propertyNames` takes `type: string` and string keywords");
                }
                self.only_on_members(&format!("the keys of `{member}`"), &keys.value);
                self.string(&keys.value)?
            }
        };
        let (min_properties, max_properties) = self.bounds(
            "minProperties",
            &s.min_properties,
            "maxProperties",
            &s.max_properties,
        );
        if !keys.enumeration.is_empty()
            && let (Some(min), Some(at)) = (min_properties, &s.min_properties)
            && min > keys.enumeration.len() as u64
        {
            self.error(
                at,
                format!(
                    "`{member}` needs {min} entries, but its keys have {} values",
                    keys.enumeration.len()
                ),
            );
        }
        Some(ir::Type::Map(Box::new(ir::MapType {
            keys,
            values: value,
            min_properties,
            max_properties,
        })))
    }

    /// Two non-negative bounds, the lower not above the upper.
    pub(in crate::lower) fn bounds(
        &mut self,
        min_name: &str,
        min: &Option<Spanned<crate::scalars::Int>>,
        max_name: &str,
        max: &Option<Spanned<crate::scalars::Int>>,
    ) -> (Option<u64>, Option<u64>) {
        for bound in [min, max].into_iter().flatten() {
            if bound.value.0 < 0 {
                self.error(
                    bound,
                    format!("a count cannot be negative ({})", bound.value.0),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo.value.0 > hi.value.0
        {
            self.error(
                lo,
                format!(
                    "{min_name} {} is greater than {max_name} {}",
                    lo.value.0, hi.value.0
                ),
            );
        }
        (
            min.as_ref().map(|v| v.value.0.max(0) as u64),
            max.as_ref().map(|v| v.value.0.max(0) as u64),
        )
    }

    /// A timestamp's format: the one stated, or the protocol's default where it sits.
    pub(in crate::lower) fn timestamp(
        &mut self,
        format: Option<&Spanned<String>>,
    ) -> Option<ir::TimestampFormat> {
        let Some(format) = format else {
            return Some(self.timestamp_default);
        };
        match format.value.as_str() {
            "epoch-seconds" => Some(ir::TimestampFormat::EpochSeconds),
            "date-time" => Some(ir::TimestampFormat::DateTime),
            "http-date" => Some(ir::TimestampFormat::HttpDate),
            other => {
                let known = ["epoch-seconds", "date-time", "http-date"];
                let message = format!(
                    "unknown timestamp format `{other}`; expected one of: {}",
                    known.join(", ")
                );
                self.error(format, with_hint(message, other, known));
                None
            }
        }
    }

    pub(in crate::lower) fn string(&mut self, s: &raw::Schema) -> Option<ir::StringType> {
        let mut out = ir::StringType::default();
        for bound in [&s.min_length, &s.max_length].into_iter().flatten() {
            if bound.value.0 < 0 {
                self.error(
                    bound,
                    format!("a length cannot be negative ({})", bound.value.0),
                );
            }
        }
        out.min_length = s.min_length.as_ref().map(|v| v.value.0.max(0) as u64);
        out.max_length = s.max_length.as_ref().map(|v| v.value.0.max(0) as u64);
        if let (Some(min), Some(max)) = (&s.min_length, &s.max_length)
            && min.value.0 > max.value.0
        {
            self.error(
                min,
                format!(
                    "minLength {} is greater than maxLength {}",
                    min.value.0, max.value.0
                ),
            );
        }
        if let Some(format) = &s.format {
            out.format = match format.value.as_str() {
                "uuid" => Some(ir::StringFormat::Uuid),
                "uri" => Some(ir::StringFormat::Uri),
                "uri-reference" => Some(ir::StringFormat::UriReference),
                "date-time" | "http-date" | "epoch-seconds" => {
                    self.error(
                        format,
                        format!(
                            "`{}` is a timestamp format: write `type: timestamp` with it",
                            format.value
                        ),
                    );
                    None
                }
                other => {
                    let message = format!(
                        "unknown string format `{other}`; expected uuid, uri or uri-reference"
                    );
                    self.error(
                        format,
                        with_hint(message, other, ["uuid", "uri", "uri-reference"]),
                    );
                    None
                }
            };
        }
        if let Some(values) = &s.enumeration {
            if values.value.is_empty() {
                self.error(values, "`enum` needs at least one value");
            }
            for value in &values.value {
                match value {
                    Scalar::String(v) => out.enumeration.push(v.clone()),
                    _ => {
                        self.error(
                            values,
                            "the `enum` of a string lists strings; quote the values",
                        );
                        break;
                    }
                }
            }
        }
        if let Some(raw_pattern) = &s.pattern {
            let pattern = self.pattern(raw_pattern)?;
            let min = out.min_length.unwrap_or(0);
            if out.min_length <= out.max_length.or(Some(u64::MAX))
                && !pattern::can_match_length(&pattern.rust, min, out.max_length)
            {
                let bounds = match out.max_length {
                    Some(max) => format!("{min} to {max} characters"),
                    None => format!("at least {min} characters"),
                };
                self.error(
                    raw_pattern,
                    format!(
                        "no string of {bounds} can match the pattern `{}`",
                        pattern.source
                    ),
                );
            }
            out.pattern = Some(pattern);
        }
        Some(out)
    }

    pub(in crate::lower) fn integer(&mut self, s: &raw::Schema) -> Option<ir::IntegerType> {
        let format = match s.format.as_ref() {
            None => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int32" => ir::IntegerFormat::Int32,
            Some(f) if f.value == "int64" => ir::IntegerFormat::Int64,
            Some(f) => {
                let message = format!(
                    "unknown integer format `{}`; expected int32 or int64",
                    f.value
                );
                self.error(f, with_hint(message, &f.value, ["int32", "int64"]));
                return None;
            }
        };
        let (lo, hi) = match format {
            ir::IntegerFormat::Int32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            ir::IntegerFormat::Int64 => (i64::MIN, i64::MAX),
        };
        let whole = |l: &mut Self, bound: &Option<Spanned<Number>>| -> Option<i64> {
            let bound = bound.as_ref()?;
            match bound.value {
                Number::Int(v) => {
                    if v < lo || v > hi {
                        l.error(
                            bound,
                            format!("{v} does not fit the format {}", format.as_str()),
                        );
                    }
                    Some(v)
                }
                Number::Float(v) => {
                    l.error(
                        bound,
                        format!("{v} is not a whole number; an integer's bounds are whole"),
                    );
                    None
                }
            }
        };
        let minimum = whole(self, &s.minimum);
        let maximum = whole(self, &s.maximum);
        if let (Some(min), Some(max)) = (minimum, maximum)
            && min > max
            && let Some(at) = &s.minimum
        {
            self.error(at, format!("minimum {min} is greater than maximum {max}"));
        }
        let mut enumeration = Vec::new();
        if let Some(values) = &s.enumeration {
            if values.value.is_empty() {
                self.error(values, "`enum` needs at least one value");
            }
            for value in &values.value {
                match value {
                    Scalar::Int(v) if (lo..=hi).contains(v) => enumeration.push(*v),
                    _ => {
                        self.error(
                            values,
                            format!(
                                "the `enum` of an integer lists {} integers",
                                format.as_str()
                            ),
                        );
                        break;
                    }
                }
            }
        }
        Some(ir::IntegerType {
            format,
            minimum,
            maximum,
            enumeration,
        })
    }

    pub(in crate::lower) fn number(&mut self, s: &raw::Schema) -> Option<ir::NumberType> {
        let format = match s.format.as_ref() {
            None => ir::NumberFormat::Double,
            Some(f) if f.value == "double" => ir::NumberFormat::Double,
            Some(f) if f.value == "float" => ir::NumberFormat::Float,
            Some(f) => {
                let message = format!(
                    "unknown number format `{}`; expected float or double",
                    f.value
                );
                self.error(f, with_hint(message, &f.value, ["float", "double"]));
                return None;
            }
        };
        for bound in [&s.minimum, &s.maximum].into_iter().flatten() {
            if !bound.value.as_f64().is_finite() {
                self.error(bound, "a bound must be a finite number");
                return None;
            }
        }
        let minimum = s.minimum.as_ref().map(|v| v.value.as_f64());
        let maximum = s.maximum.as_ref().map(|v| v.value.as_f64());
        if let (Some(min), Some(max)) = (minimum, maximum)
            && min > max
            && let Some(at) = &s.minimum
        {
            self.error(at, format!("minimum {min} is greater than maximum {max}"));
        }
        Some(ir::NumberType {
            format,
            minimum,
            maximum,
        })
    }
}
