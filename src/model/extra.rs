//! Rows a locality added to a national table (e.g. Hubei's 其他主动公开文件 in table 2).
//!
//! The national template does not define them, so they are kept as printed: their label, the
//! label of the block they sit under, and one entry per column. Nothing in a report is dropped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cell::{Cell, Decimal};
use super::text::Text;

/// A row that is not in the national template, kept with its printed labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraRow {
    /// The row label exactly as printed, e.g. "其他主动公开文件".
    pub label: Text,
    /// The block or parent row it is printed under, as printed, e.g. "第二十条第（一）项".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under: Option<Text>,
    /// One entry per column of the row, in printed order.
    pub cells: Vec<ExtraCell>,
}

/// One column of an extra row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraCell {
    /// The column label as printed, e.g. "本年新制作数量".
    pub column: String,
    /// The number the cell states, or null when it states none.
    pub value: Cell<ExtraValue>,
    /// The cell text as printed when it carries more than the number (a unit, a sign word).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// A number in a local row: an integer, or an exact decimal written as a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ExtraValue {
    Integer(i64),
    Decimal(Decimal),
}
