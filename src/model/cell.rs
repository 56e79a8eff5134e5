//! The value kinds a table cell can hold.
//!
//! Every cell of the national template is a [`Cell`]: a value, or `null` when the published report
//! states none. The key itself is always required, so a document that forgets a cell is malformed
//! rather than silently "unstated".

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::text::pattern_string;

/// A cell of an official table: `Some(value)` when the report states one, `None` when it does not
/// (blank, "/", "—", "无", or absent from the source).
///
/// Serialized as the bare value or `null`. Unlike `Option<T>`, a missing key is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cell<T>(pub Option<T>);

/// The default cell states nothing: a table built from defaults invents no number.
impl<T> Default for Cell<T> {
    fn default() -> Self {
        Cell(None)
    }
}

impl<T> Cell<T> {
    /// A cell that states `value`.
    pub const fn stated(value: T) -> Self {
        Cell(Some(value))
    }

    /// A cell that states no value.
    pub const fn unstated() -> Self {
        Cell(None)
    }

    /// The stated value, if any.
    pub fn value(&self) -> Option<&T> {
        self.0.as_ref()
    }
}

impl<T: Copy> Cell<T> {
    /// The stated value, copied.
    pub fn get(&self) -> Option<T> {
        self.0
    }
}

impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Cell<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any` (not `deserialize_option`) so that a missing field is reported as
        // missing instead of being read as `null`.
        deserializer.deserialize_any(CellVisitor(PhantomData))
    }
}

struct CellVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for CellVisitor<T> {
    type Value = Cell<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a cell value or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cell(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cell(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize(deserializer).map(Cell::stated)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Cell::stated)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Cell::stated)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Cell::stated)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Cell::stated)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Cell::stated)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Cell::stated)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Cell::stated)
    }
}

impl<T: JsonSchema> JsonSchema for Cell<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        <Option<T>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("xxgk::Cell<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// A count cell: an integer from 0 to 2³²−1, or null.
pub type Count = Cell<u32>;

/// A signed change cell (2019 edition 本年增/减): decreases are negative, or null.
pub type Change = Cell<i32>;

pattern_string!(
    /// An exact non-negative decimal written as a JSON string, e.g. `"16359.26412"`.
    ///
    /// Kept as text so no digit is ever lost to binary floating point: the digits are the ones the
    /// report printed, trailing zeros included. No sign, exponent, grouping or leading zero.
    Decimal,
    pattern = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$",
    max_length = 32,
    expecting = "a decimal written as a string of digits, e.g. \"1424.4\""
);

/// The unit a money amount is written in: `yuan` is 元, `wan_yuan` is 万元 (10,000 元).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MoneyUnit {
    Yuan,
    WanYuan,
}

/// An amount of money exactly as the report states it, with the unit it states.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount as printed, without unit or grouping.
    pub amount: Decimal,
    /// The unit the report writes (in the cell or its header); null when the report gives none.
    pub unit: Cell<MoneyUnit>,
}
