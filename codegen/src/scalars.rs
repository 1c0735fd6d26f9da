//! Scalars that keep their YAML type: a quoted `'200'` is a string, not the number 200, and
//! `yes` is not a boolean. A spec that writes a number as a string gets an error, not a guess.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// A whole number written as a YAML number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Int(pub i64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntVisitor;

        impl Visitor<'_> for IntVisitor {
            type Value = Int;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number (unquoted)")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                i64::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom("the number is too large"))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Int, E> {
                Err(E::custom("expected a whole number, not a fraction"))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int, E> {
                Err(E::custom(format!(
                    "expected a whole number, not the string {v:?}"
                )))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Int, E> {
                Err(E::custom("expected a whole number, not a boolean"))
            }
        }

        deserializer.deserialize_any(IntVisitor)
    }
}

/// `true` or `false`, written as a YAML boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;

        impl Visitor<'_> for FlagVisitor {
            type Value = Flag;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true or false (unquoted)")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                Err(E::custom(format!(
                    "expected true or false, not the string {v:?}"
                )))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Flag, E> {
                Err(E::custom("expected true or false, not a number"))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Flag, E> {
                Err(E::custom("expected true or false, not a number"))
            }
        }

        deserializer.deserialize_any(FlagVisitor)
    }
}

/// A number written as a YAML number: whole, or with a fraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// The value as a float, for comparisons between bounds.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Scalar::deserialize(deserializer)? {
            Scalar::Int(v) => Ok(Number::Int(v)),
            Scalar::Float(v) => Ok(Number::Float(v)),
            Scalar::String(v) => Err(de::Error::custom(format!(
                "expected a number, not the string {v:?}"
            ))),
            Scalar::Bool(_) => Err(de::Error::custom("expected a number, not a boolean")),
        }
    }
}

/// A YAML scalar with the type it was written with: an `enum` value or a `default`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;

        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                i64::try_from(v)
                    .map(Scalar::Int)
                    .map_err(|_| E::custom("the number is too large"))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::String(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
        }

        deserializer.deserialize_any(ScalarVisitor)
    }
}
