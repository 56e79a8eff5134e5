//! Reads every table cell of a typed report into a flat list, in the order of the cell catalog.
//!
//! The list is filled by serializing the report with a serializer that keeps only table leaves:
//! serde's derived field order is the declaration order, which is also the schema's property
//! order, which is the catalog's order. So the i-th value is the cell `cells(edition)[i]`, with no
//! second list of field names to keep in step (a test checks the correspondence).

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

use crate::model::Report;
use crate::schema::cells::TABLES;

/// What one cell states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellValue {
    /// The report states no value.
    Null,
    /// A count or a signed change.
    Int(i64),
    /// A money amount (not used in sums).
    Money,
}

impl CellValue {
    pub fn int(self) -> Option<i64> {
        match self {
            CellValue::Int(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_null(self) -> bool {
        self == CellValue::Null
    }
}

/// The values of every table cell of `report`, in catalog order.
pub fn cell_values(report: &Report) -> Vec<CellValue> {
    let mut values = Vec::with_capacity(200);
    report
        .serialize(Collector {
            out: &mut values,
            depth: 0,
        })
        .expect("a canonical report serializes into cell values");
    values
}

/// Name of the property a table keeps local rows in; they take part in no relation.
const EXTRA_ROWS: &str = "extra_rows";
/// The struct name of money cells, which count as one leaf.
const MONEY: &str = "Money";

struct Collector<'a> {
    out: &'a mut Vec<CellValue>,
    depth: usize,
}

#[derive(Debug)]
pub struct Unexpected(String);

impl fmt::Display for Unexpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected value in a table: {}", self.0)
    }
}

impl std::error::Error for Unexpected {}

impl ser::Error for Unexpected {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Unexpected(msg.to_string())
    }
}

impl<'a> Collector<'a> {
    fn push(self, value: CellValue) -> Result<(), Unexpected> {
        self.out.push(value);
        Ok(())
    }

    fn unexpected(what: &str) -> Result<(), Unexpected> {
        Err(Unexpected(what.to_owned()))
    }
}

macro_rules! reject {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $ty),*) -> Result<(), Unexpected> {
            Collector::unexpected(stringify!($method))
        })*
    };
}

impl<'a> ser::Serializer for Collector<'a> {
    type Ok = ();
    type Error = Unexpected;
    type SerializeSeq = Impossible<(), Unexpected>;
    type SerializeTuple = Impossible<(), Unexpected>;
    type SerializeTupleStruct = Impossible<(), Unexpected>;
    type SerializeTupleVariant = Impossible<(), Unexpected>;
    type SerializeMap = Impossible<(), Unexpected>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), Unexpected>;

    fn serialize_u32(self, v: u32) -> Result<(), Unexpected> {
        self.push(CellValue::Int(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<(), Unexpected> {
        self.push(CellValue::Int(v.into()))
    }

    fn serialize_none(self) -> Result<(), Unexpected> {
        self.push(CellValue::Null)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Unexpected> {
        value.serialize(self)
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Fields<'a>, Unexpected> {
        let is_money = name == MONEY;
        if is_money {
            self.out.push(CellValue::Money);
        }
        Ok(Fields {
            out: self.out,
            depth: self.depth,
            skip_all: is_money,
        })
    }

    reject!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unexpected> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unexpected> {
        Collector::unexpected("newtype variant")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unexpected> {
        Err(Unexpected("sequence".into()))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unexpected> {
        Err(Unexpected("tuple".into()))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unexpected> {
        Err(Unexpected("tuple struct".into()))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unexpected> {
        Err(Unexpected("tuple variant".into()))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unexpected> {
        Err(Unexpected("map".into()))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unexpected> {
        Err(Unexpected("struct variant".into()))
    }
}

/// The fields of one struct: at the top level only the tables are read; below, every field
/// except local extra rows.
struct Fields<'a> {
    out: &'a mut Vec<CellValue>,
    depth: usize,
    skip_all: bool,
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Unexpected;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unexpected> {
        let is_table = TABLES.iter().any(|(_, property)| *property == key);
        let wanted = !self.skip_all && key != EXTRA_ROWS && (self.depth > 0 || is_table);
        if wanted {
            value.serialize(Collector {
                out: self.out,
                depth: self.depth + 1,
            })?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), Unexpected> {
        Ok(())
    }
}
