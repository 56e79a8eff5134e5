//! The corpus gold labels (`tests/corpus/gold/*.tsv`, keys described in `tests/corpus/KEYS.md`)
//! mapped once onto this project's JSON Pointers.

use std::path::Path;

use serde_json::Value;
use xxgk::model::Edition;

/// One labelled cell of a gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldCell {
    pub key: String,
    pub raw: String,
    /// The number the cell states, as written in the gold file; `None` when it states none.
    pub value: Option<String>,
}

/// A gold file: meta rows and cells.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    pub report_year: Option<u16>,
    pub edition: Option<Edition>,
    pub agency: Option<String>,
    pub published_on: Option<String>,
    pub cells: Vec<GoldCell>,
}

pub fn read_gold(path: &Path) -> Gold {
    let text = super::read_text(path);
    let mut gold = Gold::default();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let key = fields.next().unwrap_or_default().to_owned();
        let raw = fields.next().unwrap_or_default().to_owned();
        let value = fields.next().unwrap_or_default().trim().to_owned();
        match key.as_str() {
            "meta.report_year" => gold.report_year = value.parse().ok(),
            "meta.edition" => gold.edition = Edition::from_tag(&value),
            "meta.agency" => gold.agency = Some(value),
            "meta.published_on" => gold.published_on = Some(value),
            // Completeness notes, and figures the prose states (for the checker's tests).
            key if key.starts_with("meta.") || key.starts_with("prose.") => {}
            _ => gold.cells.push(GoldCell {
                key,
                raw,
                value: (!value.is_empty()).then_some(value),
            }),
        }
    }
    gold
}

/// Where a gold key lives in a document of `edition`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoldTarget {
    /// An official cell at this pointer.
    Cell(String),
    /// A column of a local extra row of table 2, by printed label head and column label.
    Extra { label: String, column: String },
}

pub fn target(edition: Edition, key: &str) -> Option<GoldTarget> {
    if let Some(rest) = key.strip_prefix("t2.extra.") {
        let (label, column) = rest.rsplit_once('.')?;
        return Some(GoldTarget::Extra {
            label: label.into(),
            column: column.into(),
        });
    }
    let parts: Vec<&str> = key.split('.').collect();
    let pointer = match parts.as_slice() {
        ["t2", _block, row, column] => table2_pointer(edition, row, column)?,
        ["t3", row @ .., column] => format!(
            "/applications/{}/{}",
            table3_row(edition, row)?,
            applicant_column(column)?
        ),
        ["t4", group, column] => format!("/appeals/{}/{}", appeal_group(group)?, column),
        _ => return None,
    };
    Some(GoldTarget::Cell(pointer))
}

fn table2_pointer(edition: Edition, row: &str, column: &str) -> Option<String> {
    let row = match row {
        "regulations" => "regulations",
        "normative" => "normative_documents",
        "licensing" => "administrative_licensing",
        "other_services" => "other_administrative_services",
        "penalty" => "administrative_penalties",
        "enforcement" => "administrative_enforcement",
        "fees" => "administrative_fees",
        "procurement" => "centralized_procurement",
        _ => return None,
    };
    let column = match (edition, column) {
        (_, "made" | "published" | "decisions" | "change" | "issued" | "repealed") => column,
        (_, "total") => "total_published",
        (_, "prev_items") => "previous_items",
        (_, "effective") => "in_force",
        (_, "count") => "projects",
        (Edition::E2019, "amount") => "total_amount",
        (Edition::E2021, "amount") => "amount",
        _ => return None,
    };
    Some(format!("/proactive_disclosure/{row}/{column}"))
}

/// The n-th (1-based) row key of a group of table 3 rows, read from the cell catalog so the
/// mapping does not restate the model's row names.
fn nth_row_of_group(edition: Edition, group: &str, n: &str) -> Option<String> {
    let index: usize = n.parse().ok()?;
    let prefix = format!("/applications/outcomes/{group}/");
    let mut rows: Vec<&str> = Vec::new();
    for cell in xxgk::schema::cells::cells(edition) {
        if let Some(rest) = cell.pointer.strip_prefix(&prefix) {
            let row = rest.split('/').next()?;
            if rows.last() != Some(&row) {
                rows.push(row);
            }
        }
    }
    rows.get(index.checked_sub(1)?)
        .map(|row| format!("outcomes/{group}/{row}"))
}

fn table3_row(edition: Edition, row: &[&str]) -> Option<String> {
    Some(match row {
        ["new"] => "new_applications".into(),
        ["carried_over"] => "carried_over".into(),
        ["disclosed"] => "outcomes/disclosed".into(),
        ["partial"] => "outcomes/partially_disclosed".into(),
        ["withheld", n] => nth_row_of_group(edition, "withheld", n)?,
        ["unable", n] => nth_row_of_group(edition, "unavailable", n)?,
        ["not_processed", n] => nth_row_of_group(edition, "not_processed", n)?,
        ["other"] if edition == Edition::E2019 => "outcomes/other_handling".into(),
        ["other", n] if edition == Edition::E2021 => {
            nth_row_of_group(edition, "other_handling", n)?
        }
        ["total"] => "outcomes/total".into(),
        ["carried_forward"] => "carried_forward".into(),
        _ => return None,
    })
}

fn applicant_column(column: &str) -> Option<&'static str> {
    Some(match column {
        "np" => "natural_persons",
        "ce" => "commercial_enterprises",
        "ri" => "research_institutions",
        "pw" => "public_interest_organizations",
        "ls" => "legal_service_agencies",
        "oo" => "other_organizations",
        "total" => "total",
        _ => return None,
    })
}

fn appeal_group(group: &str) -> Option<&'static str> {
    Some(match group {
        "review" => "administrative_review",
        "lit_direct" => "litigation_without_review",
        "lit_after_review" => "litigation_after_review",
        _ => return None,
    })
}

/// The number a document states for a gold target, written plainly (`"-3"`, `"1424.4"`), or
/// `None` when the document states none. `Err` when the target is not in the document at all.
pub fn stated_value(document: &Value, target: &GoldTarget) -> Result<Option<String>, String> {
    let value = match target {
        GoldTarget::Cell(pointer) => document
            .pointer(pointer)
            .ok_or(format!("no cell {pointer}"))?,
        GoldTarget::Extra { label, column } => extra_value(document, label, column)?,
    };
    Ok(match value {
        Value::Null => None,
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Object(money) => money
            .get("amount")
            .and_then(Value::as_str)
            .map(str::to_owned),
        other => return Err(format!("unexpected cell value {other}")),
    })
}

fn extra_value<'a>(document: &'a Value, label: &str, column: &str) -> Result<&'a Value, String> {
    let rows = document["proactive_disclosure"]["extra_rows"]
        .as_array()
        .ok_or("no extra rows")?;
    let row = rows
        .iter()
        .find(|row| row["label"].as_str().is_some_and(|l| l.starts_with(label)))
        .ok_or(format!("no extra row {label}"))?;
    row["cells"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|cell| cell["column"] == column)
        .map(|cell| &cell["value"])
        .ok_or(format!("no column {column} in extra row {label}"))
}
