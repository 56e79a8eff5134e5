//! One report read for a dataset: its metadata, every table cell with its state, the rows a
//! locality added, and (when asked) the checker's findings. Built on a worker thread, written
//! by the one thread that owns the output.

use std::borrow::Cow;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::check::{self, Options};
use crate::diagnostics::Diagnostic;
use crate::import::PROVENANCE_KEY;
use crate::import::value::{Printed, read as read_printed};
use crate::model::{Edition, PerEdition, Report};
use crate::schema::cells::{CellKind, TABLES, cells};

/// What a cell of the dataset says about the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// The report states a number.
    Stated,
    /// The cell is printed and empty ("", "/", "—", "无"): import provenance says so.
    Blank,
    /// The source does not contain the cell (a table cut off, a row missing): import
    /// provenance says so.
    Absent,
    /// The cell is printed but holds no single number (several numbers, text): import
    /// provenance keeps what was printed.
    Unreadable,
    /// The document gives null and carries no provenance to tell blank from absent. (Not
    /// named `null`: pandas and pyarrow read that word in CSV as a missing value.)
    NotStated,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Stated,
        State::Blank,
        State::Absent,
        State::Unreadable,
        State::NotStated,
    ];

    pub fn name(self) -> &'static str {
        match self {
            State::Stated => "stated",
            State::Blank => "blank",
            State::Absent => "absent",
            State::Unreadable => "unreadable",
            State::NotStated => "not_stated",
        }
    }
}

/// The metadata every row of a report repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The first 16 hexadecimal digits of the SHA-256 of the file's bytes.
    pub report_id: String,
    /// The input as named on the command line or found in a folder.
    pub file: String,
    pub agency: String,
    pub credit_code: Option<String>,
    pub division_code: Option<String>,
    /// The province-level division: the first two digits of the division code, then `0000`.
    pub province: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub report_year: u16,
    pub edition: Edition,
    /// `YYYY-MM-DD`.
    pub published_on: Option<String>,
    pub carrier: Option<String>,
}

/// One cell of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRecord {
    pub table: u8,
    /// RFC 6901 pointer in the report document.
    pub pointer: Cow<'static, str>,
    /// The official row labels from the table down (joined by ` › `); for a local row, the
    /// printed block (if any) and label. Catalog labels are borrowed, not copied per report.
    pub row_label: Cow<'static, str>,
    /// The official column label; for a local row, the printed one.
    pub column_label: Cow<'static, str>,
    pub kind: &'static str,
    /// Counts and changes.
    pub value: Option<i64>,
    /// Money (and decimals in local rows), exactly as the document writes it.
    pub amount: Option<String>,
    /// `yuan` or `wan_yuan` for money cells that state one.
    pub unit: Option<String>,
    pub state: State,
    /// The text the source printed, from import provenance.
    pub raw: Option<String>,
}

/// A report ready to be written.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub meta: Meta,
    /// Template cells in catalog order, then local rows' cells.
    pub cells: Vec<CellRecord>,
    /// How many local rows the tables carry.
    pub extra_rows: usize,
    /// The checker's findings (when it was run).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one document. `Err` holds why it cannot be exported: the bytes are not a structurally
/// valid report (the checker's own diagnostics, as `xxgk check` gives them).
pub fn read_report(
    bytes: &[u8],
    file: String,
    check_options: Option<&Options>,
) -> Result<ReportRecord, Vec<Diagnostic>> {
    let options = check_options.copied().unwrap_or(Options {
        current_year: check::current_year(),
    });
    let rejected = || check::check_bytes(bytes, &options).diagnostics;
    let text = check::input::decode(bytes).map_err(|d| vec![*d])?;
    // The typed reading decides, as in `check`: it accepts exactly the published schema (and no
    // member named twice, which a JSON value would collapse).
    let report: Report = serde_json::from_str(text).map_err(|_| rejected())?;
    let document: Value = serde_json::from_str(text).map_err(|_| rejected())?;
    let diagnostics = match check_options {
        Some(options) => check::check_report(&report, options).0,
        None => Vec::new(),
    };
    let edition = report.edition();
    let meta = meta_of(&document, bytes, file, edition, &report);
    let provenance = document
        .get("extensions")
        .and_then(|e| e.get(PROVENANCE_KEY))
        .and_then(Value::as_object);
    let mut records = template_cells(&document, edition, provenance);
    let extra_rows = local_rows(&document, &mut records);
    Ok(ReportRecord {
        meta,
        cells: records,
        extra_rows,
        diagnostics,
    })
}

fn report_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn text_at(document: &Value, pointer: &str) -> Option<String> {
    document
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn meta_of(
    document: &Value,
    bytes: &[u8],
    file: String,
    edition: Edition,
    report: &Report,
) -> Meta {
    let common = report.common();
    let division_code = text_at(document, "/agency/division_code");
    let province = division_code
        .as_deref()
        .and_then(|code| code.get(..2))
        .map(|two| format!("{two}0000"));
    Meta {
        report_id: report_id(bytes),
        file,
        agency: common.agency.name.as_str().to_owned(),
        credit_code: text_at(document, "/agency/credit_code"),
        division_code,
        province,
        level: text_at(document, "/agency/level"),
        kind: text_at(document, "/agency/kind"),
        report_year: common.report_year.get(),
        edition,
        published_on: text_at(document, "/published_on"),
        carrier: text_at(document, "/source/carrier"),
    }
}

/// The row and column labels of every catalog cell of an edition, joined once per process.
fn labels(edition: Edition) -> &'static [(String, String)] {
    static LABELS: PerEdition<Vec<(String, String)>> = PerEdition::new();
    LABELS.get(edition, |edition| {
        cells(edition)
            .iter()
            .map(|cell| {
                let rows = &cell.labels[..cell.labels.len().saturating_sub(1)];
                (rows.join(" › "), cell.column_label().to_owned())
            })
            .collect()
    })
}

/// The property names down to every catalog cell of an edition (`Value::pointer` would unescape
/// every name into a new string, for each cell of each report).
fn paths(edition: Edition) -> &'static [Vec<&'static str>] {
    static PATHS: PerEdition<Vec<Vec<&'static str>>> = PerEdition::new();
    PATHS.get(edition, |edition| {
        cells(edition)
            .iter()
            .map(|cell| {
                debug_assert!(!cell.pointer.contains('~'), "names need no unescaping");
                cell.pointer.split('/').skip(1).collect()
            })
            .collect()
    })
}

fn at_path<'v>(document: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(document, |node, name| node.get(name))
}

fn template_cells(
    document: &Value,
    edition: Edition,
    provenance: Option<&Map<String, Value>>,
) -> Vec<CellRecord> {
    let printed = provenance
        .and_then(|p| p.get("cells"))
        .and_then(Value::as_object);
    let absent: Vec<&str> = provenance
        .and_then(|p| p.get("absent"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let catalog = cells(edition);
    let mut records = Vec::with_capacity(catalog.len() + 8);
    let cell_paths = paths(edition);
    for ((cell, (row_label, column_label)), path) in
        catalog.iter().zip(labels(edition)).zip(cell_paths)
    {
        let found = at_path(document, path).unwrap_or(&Value::Null);
        let raw = printed
            .and_then(|p| p.get(&cell.pointer))
            .and_then(|r| r.get("raw"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (value, amount, unit) = match (cell.kind, found) {
            (CellKind::Money, Value::Object(money)) => (
                None,
                money
                    .get("amount")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                money.get("unit").and_then(Value::as_str).map(str::to_owned),
            ),
            (_, number) => (number.as_i64(), None, None),
        };
        let state = if value.is_some() || amount.is_some() {
            State::Stated
        } else {
            null_state(raw.as_deref(), absent.contains(&cell.pointer.as_str()))
        };
        records.push(CellRecord {
            table: cell.table,
            pointer: Cow::Borrowed(cell.pointer.as_str()),
            row_label: Cow::Borrowed(row_label.as_str()),
            column_label: Cow::Borrowed(column_label.as_str()),
            kind: cell.kind.name(),
            value,
            amount,
            unit,
            state,
            raw,
        });
    }
    records
}

/// Why a cell is null: what the importer recorded of it.
fn null_state(raw: Option<&str>, listed_absent: bool) -> State {
    match raw {
        Some(raw) => match read_printed(raw) {
            Printed::Blank => State::Blank,
            _ => State::Unreadable,
        },
        None if listed_absent => State::Absent,
        None => State::NotStated,
    }
}

/// Appends the cells of every table's local rows; returns how many rows there are.
fn local_rows(document: &Value, records: &mut Vec<CellRecord>) -> usize {
    let mut count = 0;
    for (table, property) in TABLES {
        let Some(rows) = document
            .get(property)
            .and_then(|t| t.get("extra_rows"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (r, row) in rows.iter().enumerate() {
            count += 1;
            let label = row.get("label").and_then(Value::as_str).unwrap_or_default();
            let row_label = match row.get("under").and_then(Value::as_str) {
                Some(under) => format!("{under} › {label}"),
                None => label.to_owned(),
            };
            let row_cells = row.get("cells").and_then(Value::as_array);
            for (c, cell) in row_cells.into_iter().flatten().enumerate() {
                let found = cell.get("value").unwrap_or(&Value::Null);
                let raw = cell.get("raw").and_then(Value::as_str).map(str::to_owned);
                let (value, amount) = match found {
                    Value::String(decimal) => (None, Some(decimal.clone())),
                    number => (number.as_i64(), None),
                };
                let state = if value.is_some() || amount.is_some() {
                    State::Stated
                } else {
                    // A local row is printed: its cell is there, empty unless its text says
                    // otherwise.
                    match raw.as_deref().map(read_printed) {
                        None | Some(Printed::Blank) => State::Blank,
                        Some(_) => State::Unreadable,
                    }
                };
                records.push(CellRecord {
                    table,
                    pointer: Cow::Owned(format!("/{property}/extra_rows/{r}/cells/{c}/value")),
                    row_label: Cow::Owned(row_label.clone()),
                    column_label: Cow::Owned(
                        cell.get("column")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                    ),
                    kind: "extra",
                    value,
                    amount,
                    unit: None,
                    state,
                    raw,
                });
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_states_follow_provenance() {
        assert_eq!(null_state(Some("/"), false), State::Blank);
        assert_eq!(null_state(Some(""), false), State::Blank);
        assert_eq!(null_state(Some("9 9"), false), State::Unreadable);
        assert_eq!(null_state(None, true), State::Absent);
        assert_eq!(null_state(None, false), State::NotStated);
    }
}
