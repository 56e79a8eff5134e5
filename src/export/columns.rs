//! The column sets of the dataset (long, wide, diagnostics): names, types and what each holds.
//! DATASET.md is generated from these lists, so the documentation cannot drift from the files.

use std::sync::OnceLock;

use crate::model::Edition;
use crate::schema::cells::{CellKind, cells};

/// The version of the column sets. MINOR adds columns; MAJOR renames, retypes or removes one.
pub const DATASET_VERSION: &str = "1.0";

/// Decimal columns (money): precision and scale, as Parquet and Arrow declare them.
pub const DECIMAL_PRECISION: u8 = 38;
pub const DECIMAL_SCALE: i8 = 10;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// 64-bit signed integer.
    Int64,
    /// 16-bit integer (years, table numbers).
    Int16,
    /// Exact decimal (38, 10); in CSV and JSON Lines the decimal as the document writes it
    /// (a JSON string in JSON Lines).
    Decimal,
    /// Text, dictionary-encoded in Parquet (few distinct values).
    Label,
    /// Text.
    Text,
    /// A calendar date; `YYYY-MM-DD` in CSV and JSON Lines.
    Date,
}

impl ColumnType {
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Int64 => "int64",
            ColumnType::Int16 => "int16",
            ColumnType::Decimal => "decimal(38,10)",
            ColumnType::Label => "string (dictionary)",
            ColumnType::Text => "string",
            ColumnType::Date => "date",
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: ColumnType,
    pub doc: String,
}

fn column(name: &str, ty: ColumnType, doc: &str) -> Column {
    Column {
        name: name.to_owned(),
        ty,
        doc: doc.to_owned(),
    }
}

/// Columns every report-level layout starts with.
fn report_columns() -> Vec<Column> {
    use ColumnType::*;
    vec![
        column(
            "report_id",
            Label,
            "first 16 hexadecimal digits of the SHA-256 of the document's bytes: the same document gives the same id on any machine",
        ),
        column(
            "file",
            Label,
            "the input file, as named on the command line or found in a folder",
        ),
        column("agency", Label, "`/agency/name`"),
        column(
            "credit_code",
            Label,
            "`/agency/credit_code` (统一社会信用代码), null when not given",
        ),
        column(
            "division_code",
            Label,
            "`/agency/division_code` (行政区划代码), null when not given",
        ),
        column(
            "province",
            Label,
            "the province-level division of `division_code`: its first two digits and `0000`; null without a division code",
        ),
        column(
            "level",
            Label,
            "`/agency/level`: national, provincial, prefectural, county, township; null when not given",
        ),
        column(
            "kind",
            Label,
            "`/agency/kind`: department or government; null when not given",
        ),
        column("report_year", Int16, "`/report_year`"),
        column("edition", Label, "`/edition`: 2019 or 2021"),
        column("published_on", Date, "`/published_on`, null when not given"),
    ]
}

/// The long layout: one row per report and cell.
pub fn long() -> &'static [Column] {
    static COLUMNS: OnceLock<Vec<Column>> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        use ColumnType::*;
        let mut columns = report_columns();
        columns.extend([
            column("table", Int16, "the template's table: 2, 3 or 4"),
            column("pointer", Label, "RFC 6901 JSON Pointer of the cell in the document (SPEC.md's label table); local rows: `/<table>/extra_rows/<row>/cells/<column>/value`"),
            column("row_label", Label, "official row labels from the table down, joined by ` › ` (from the cell catalog); local rows: the printed block and label"),
            column("column_label", Label, "official column label; local rows: the printed column label"),
            column("cell_kind", Label, "count (≥ 0), change (signed 本年增/减), money, or extra (a local row's cell)"),
            column("value", Int64, "the integer the cell states (count, change, integer in a local row); null when it states none"),
            column("amount", Decimal, "the money amount (or a local row's decimal) exactly as stated; null when none"),
            column("unit", Label, "money unit: yuan (元) or wan_yuan (万元); null when the report gives none"),
            column("state", Label, "stated; blank (printed empty: \"\", /, —, 无); absent (not in the source); unreadable (printed, but not one number); not_stated (the document gives null and no import provenance tells which of these)"),
            column("raw", Text, "the text the source printed in the cell, from import provenance; null otherwise"),
        ]);
        columns
    })
}

/// A wide column's name for a cell pointer: the pointer's names joined by `__`.
pub fn wide_name(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', "__")
}

/// A cell of the union of both editions, as the wide layout has it.
#[derive(Debug, Clone)]
pub struct WideCell {
    pub pointer: String,
    pub kind: CellKind,
    /// The label path in each edition that has the cell.
    pub labels: Vec<(Edition, String)>,
}

/// The union of both editions' cells, by table: the 2019 edition's in catalog order, then the
/// 2021 edition's that 2019 does not have.
pub fn wide_cells() -> &'static [WideCell] {
    static CELLS: OnceLock<Vec<WideCell>> = OnceLock::new();
    CELLS.get_or_init(|| {
        let mut union: Vec<WideCell> = Vec::new();
        for table in [2, 3, 4] {
            for edition in Edition::ALL {
                for cell in cells(edition).iter().filter(|c| c.table == table) {
                    match union.iter_mut().find(|w| w.pointer == cell.pointer) {
                        Some(existing) => existing.labels.push((edition, cell.label_path())),
                        None => union.push(WideCell {
                            pointer: cell.pointer.clone(),
                            kind: cell.kind,
                            labels: vec![(edition, cell.label_path())],
                        }),
                    }
                }
            }
        }
        union
    })
}

/// The wide layout: one row per report.
pub fn wide() -> &'static [Column] {
    static COLUMNS: OnceLock<Vec<Column>> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        use ColumnType::*;
        let mut columns = report_columns();
        columns.extend([
            column("carrier", Label, "`/source/carrier`: html, pdf, docx, doc, image, text; null when not given"),
            column("errors", Int64, "the checker's diagnostics of severity error"),
            column("warnings", Int64, "… of severity warning"),
            column("infos", Int64, "… of severity info"),
            column("extra_rows", Int64, "how many local rows (`extra_rows`) the tables carry; their cells are in the long layout"),
        ]);
        for cell in wide_cells() {
            let name = wide_name(&cell.pointer);
            let editions = cell
                .labels
                .iter()
                .map(|(e, _)| e.tag())
                .collect::<Vec<_>>()
                .join(", ");
            let doc = format!("`{}` (edition {editions})", cell.pointer);
            match cell.kind {
                CellKind::Money => {
                    columns.push(column(&name, Decimal, &doc));
                    columns.push(column(
                        &format!("{name}__unit"),
                        Label,
                        "its unit: yuan or wan_yuan; null when none is given",
                    ));
                }
                _ => columns.push(column(&name, Int64, &doc)),
            }
        }
        columns
    })
}

/// The diagnostics table: one row per finding of the checker.
pub fn diagnostics() -> &'static [Column] {
    static COLUMNS: OnceLock<Vec<Column>> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        use ColumnType::*;
        vec![
            column("report_id", Label, "as in the long and wide layouts"),
            column("file", Label, "the input file"),
            column(
                "report_year",
                Int16,
                "`/report_year`; null when the file is not a structurally valid report",
            ),
            column(
                "code",
                Label,
                "the rule's code (conformance/RULES.md), e.g. A201",
            ),
            column("name", Label, "the rule's name, e.g. t3-row-total"),
            column("severity", Label, "error, warning or info"),
            column(
                "pointer",
                Label,
                "JSON Pointer of what the finding is about; null for the whole document",
            ),
            column("message", Text, "the message, in the language of `--lang`"),
        ]
    })
}
