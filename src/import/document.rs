//! The canonical document from what was read: metadata, prose, every cell (stated, blank or
//! absent), local rows, and the provenance that tells blank from absent.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Rule};
use crate::model::metadata::Carrier;
use crate::model::report::unstated_tables;
use crate::model::{Edition, FormatVersion, MoneyUnit, PerEdition};
use crate::schema::cells::{CellKind, cells};

use super::PROVENANCE_KEY;
use super::metadata;
use super::tables::{self, Placed, TablesRead};
use super::value::Printed;

/// The canonical document: metadata, prose, every cell (stated, blank, or absent), local rows,
/// and provenance.
pub(super) fn assemble(
    edition: Option<Edition>,
    carrier: Carrier,
    meta: &metadata::Metadata,
    sections: &metadata::Sections,
    read: &TablesRead,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Value {
    let mut document = Map::new();
    if let Some(edition) = edition {
        document.insert("edition".into(), json!(edition.tag()));
    }
    document.insert(
        "format_version".into(),
        json!(FormatVersion::CURRENT.as_str()),
    );
    if let Some(year) = meta.year {
        document.insert("report_year".into(), json!(year.get()));
    }
    if let Some(agency) = &meta.agency {
        let mut record = Map::from_iter([("name".to_owned(), json!(agency))]);
        let settled = [
            ("division_code", meta.division_code.as_deref()),
            ("level", meta.level),
            ("kind", meta.kind),
        ];
        for (key, value) in settled {
            if let Some(value) = value {
                record.insert(key.to_owned(), json!(value));
            }
        }
        document.insert("agency".into(), Value::Object(record));
    }
    if let Some(date) = &meta.published_on {
        document.insert("published_on".into(), json!(date));
    }
    let mut source = Map::from_iter([("carrier".to_owned(), json!(carrier))]);
    if let Some(url) = &meta.url {
        source.insert("url".to_owned(), json!(url));
    }
    document.insert("source".into(), Value::Object(source));
    if let Some((start, end)) = &meta.period {
        document.insert("period".into(), json!({ "start": start, "end": end }));
    }
    document.insert("sections".into(), sections.prose(text, &read.spans));
    let (provenance, absent) = match edition {
        Some(edition) => {
            let (tables, provenance, absent) = fill_tables(edition, &read.placed, diagnostics);
            document.extend(tables);
            (provenance, absent)
        }
        None => (Map::new(), Vec::new()),
    };
    let mut document = Value::Object(document);
    if edition.is_some() && !read.local_rows.is_empty() {
        document["proactive_disclosure"]["extra_rows"] =
            Value::Array(read.local_rows.iter().map(local_row).collect());
    }
    // Built from the values at hand: `json!` would serialize the provenance map into a copy.
    let metadata = meta.from.iter().map(|provenance| {
        let stated = provenance
            .stated
            .iter()
            .map(|(place, value)| ((*place).to_owned(), Value::from(value.as_str())));
        let record = json!({
            "taken_from": provenance.taken_from,
            "stated": Value::Object(stated.collect()),
        });
        (provenance.pointer.to_owned(), record)
    });
    let record = Map::from_iter([
        ("metadata".to_owned(), Value::Object(metadata.collect())),
        ("cells".to_owned(), Value::Object(provenance)),
        ("absent".to_owned(), Value::from(absent)),
    ]);
    document["extensions"] = Value::Object(Map::from_iter([(
        PROVENANCE_KEY.to_owned(),
        Value::Object(record),
    )]));
    document
}

/// The tables with every placed value in its cell, the provenance of each, and the pointers of
/// the cells the source does not contain.
fn fill_tables(
    edition: Edition,
    placed: &[Placed],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Map<String, Value>, Map<String, Value>, Vec<&'static str>) {
    let Value::Object(mut tables) = unstated_tables(edition) else {
        unreachable!("the tables are an object")
    };
    // The catalog is one slice, so ordering by address is catalog order: one walk of the
    // catalog then meets every placed value. Stable: of two values for one cell, the later wins.
    let mut placed: Vec<&Placed> = placed.iter().collect();
    placed.sort_by_key(|p| std::ptr::from_ref(p.cell));
    let mut placed = placed.into_iter().peekable();
    let mut provenance = Map::with_capacity(placed.len());
    let mut absent = Vec::new();
    for (cell, positions) in cells(edition).iter().zip(cell_positions(edition)) {
        let mut stated = false;
        while let Some(value) = placed.next_if(|p| std::ptr::eq(p.cell, cell)) {
            *slot_at(&mut tables, positions) = cell_value(value, diagnostics);
            provenance.insert(cell.pointer.clone(), provenance_of(value));
            stated = true;
        }
        if !stated {
            absent.push(cell.pointer.as_str());
        }
    }
    debug_assert!(placed.next().is_none(), "a placed cell outside the catalog");
    (tables, provenance, absent)
}

/// Where each catalog cell lies in the unstated tables: the position of the property at each
/// level. The maps keep their order, so a cell is reached without hashing its pointer's names.
fn cell_positions(edition: Edition) -> &'static [Vec<usize>] {
    static POSITIONS: PerEdition<Vec<Vec<usize>>> = PerEdition::new();
    POSITIONS.get(edition, positions_in_tables)
}

fn positions_in_tables(edition: Edition) -> Vec<Vec<usize>> {
    let tables = unstated_tables(edition);
    cells(edition)
        .iter()
        .map(|cell| {
            let mut node = &tables;
            let mut positions = Vec::new();
            for name in cell.pointer.split('/').skip(1) {
                let map = node.as_object().expect("objects down to every cell");
                positions.push(map.keys().position(|k| k == name).expect("a catalog cell"));
                node = &map[name];
            }
            positions
        })
        .collect()
}

/// The value at `positions` (from [`cell_positions`]) in the unstated tables.
fn slot_at<'a>(tables: &'a mut Map<String, Value>, positions: &[usize]) -> &'a mut Value {
    let (&first, rest) = positions.split_first().expect("a cell is below a table");
    let mut node = tables.values_mut().nth(first);
    for &position in rest {
        node = node
            .and_then(Value::as_object_mut)
            .and_then(|map| map.values_mut().nth(position));
    }
    node.expect("positions taken from the same tables")
}

/// Where a placed value came from: `{"raw": …, "line": …}`, built directly (`json!` would go
/// through a serializer).
fn provenance_of(placed: &Placed) -> Value {
    let mut record = Map::with_capacity(2);
    record.insert("raw".to_owned(), Value::String(placed.raw.clone()));
    record.insert("line".to_owned(), Value::from(placed.line));
    Value::Object(record)
}

fn cell_value(placed: &Placed, diagnostics: &mut Vec<Diagnostic>) -> Value {
    let pointer = placed.cell.pointer.as_str();
    let normalized = |value: String| {
        Diagnostic::new(Rule::ValueNormalized, pointer)
            .arg("label", placed.cell.label_path())
            .arg("raw", placed.raw.clone())
            .arg("value", value)
    };
    match (&placed.printed, placed.cell.kind) {
        (Printed::Blank, _) => Value::Null,
        (Printed::Integer { value, .. }, CellKind::Money) => {
            let unit = default_unit(placed);
            json!({ "amount": value.to_string(), "unit": unit })
        }
        (Printed::Amount { amount, unit }, _) => {
            let unit = unit.or_else(|| default_unit(placed));
            if placed.raw.trim() != amount.as_str() {
                diagnostics.push(normalized(format!("{amount} {}", unit_name(unit))));
            }
            json!({ "amount": amount.as_str(), "unit": unit })
        }
        (
            Printed::Integer {
                value,
                explicit_sign,
            },
            _,
        ) => {
            if *explicit_sign && placed.raw.trim() != value.to_string() {
                diagnostics.push(normalized(value.to_string()));
            }
            json!(value)
        }
        (Printed::Several | Printed::Text, _) => Value::Null,
    }
}

/// The unit a money cell's header fixes: 本年收费金额（单位：万元）.
fn default_unit(placed: &Placed) -> Option<MoneyUnit> {
    placed
        .cell
        .column_label()
        .contains("万元")
        .then_some(MoneyUnit::WanYuan)
}

fn unit_name(unit: Option<MoneyUnit>) -> &'static str {
    match unit {
        Some(MoneyUnit::WanYuan) => "万元",
        Some(MoneyUnit::Yuan) => "元",
        None => "(no unit)",
    }
}

fn local_row(row: &tables::LocalRow) -> Value {
    let cells: Vec<Value> = row
        .columns
        .iter()
        .zip(&row.values)
        .map(|(column, (printed, raw))| {
            let value = match printed {
                Printed::Integer { value, .. } => json!(value),
                Printed::Amount { amount, .. } => json!(amount.as_str()),
                Printed::Blank | Printed::Several | Printed::Text => Value::Null,
            };
            let mut cell = json!({ "column": column, "value": value });
            if value_text(&value) != raw.trim() {
                cell["raw"] = json!(raw);
            }
            cell
        })
        .collect();
    let mut out = json!({ "label": row.label, "cells": cells });
    if let Some(under) = &row.under {
        out["under"] = json!(under);
    }
    out
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
