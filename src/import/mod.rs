//! The importer: published reports (extracted text, HTML, Word) → canonical JSON.
//!
//! Every carrier is first turned into lines of text, tables as `cell | cell | …` rows; the text
//! is repaired (pinyin injections, traditional characters, full-width forms), cut into cells, and
//! the template's rows are found by their official labels. What the source states is placed;
//! what it leaves blank is null; what it does not contain is null too, and provenance in
//! `extensions["xxgk.import"]` tells the two apart. Nothing is guessed.

mod docx;
mod html;
mod metadata;
pub mod normalize;
pub mod tables;
pub mod tokens;
pub mod value;

use std::ops::Range;

use serde_json::{Map, Value, json};

use crate::check::{Diagnostic, Rule};
use crate::model::metadata::Carrier;
use crate::model::{Edition, FormatVersion, MoneyUnit, ReportYear};
use crate::schema::cells::{CellKind, TABLES, cells};

use tables::{Placed, TablesRead};
use tokens::Token;
use value::Printed;

/// The extension key under which the importer records provenance.
pub const PROVENANCE_KEY: &str = "xxgk.import";

/// The carrier of an input, from its first bytes and, failing that, its file name: a Word file,
/// an HTML page, or (anything else) text.
pub fn sniff_carrier(bytes: &[u8], name: &str) -> Carrier {
    let lower = name.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".docx") {
        return Carrier::Docx;
    }
    let head: Vec<u8> = bytes
        .iter()
        .take(2048)
        .map(u8::to_ascii_lowercase)
        .collect();
    let looks_html = head
        .windows(5)
        .any(|w| w == b"<html" || w == b"<body" || w == b"<tabl" || w == b"<!doc");
    if looks_html
        || [".html", ".htm", ".shtml"]
            .iter()
            .any(|e| lower.ends_with(e))
    {
        Carrier::Html
    } else {
        Carrier::Text
    }
}

/// The result of importing one input.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The canonical document (missing `report_year` or `agency` when the source does not state
    /// them — see the diagnostics).
    pub document: Value,
    pub diagnostics: Vec<Diagnostic>,
}

/// Imports one published report.
pub fn import(bytes: &[u8], name: &str) -> Imported {
    let carrier = sniff_carrier(bytes, name);
    let text = match carrier {
        Carrier::Docx => docx::to_text(bytes),
        Carrier::Html => Ok(html::to_text(&html::decode(bytes))),
        _ => Ok(decode_text(bytes)),
    };
    match text {
        Ok(text) => import_text(&text, carrier),
        Err(detail) => Imported {
            document: Value::Null,
            diagnostics: vec![Diagnostic::new(Rule::IoError, "").arg("detail", detail)],
        },
    }
}

/// Text files: UTF-8 (after a byte order mark), else GB18030, the superset of GBK and GB2312.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Imports a report from its text (tables as `|` rows).
pub fn import_text(text: &str, carrier: Carrier) -> Imported {
    let (text, repairs) = normalize::repair(text);
    let mut diagnostics = Vec::new();
    if repairs.pinyin + repairs.traditional > 0 {
        diagnostics.push(
            Diagnostic::new(Rule::TextRepaired, "")
                .arg("pinyin", repairs.pinyin)
                .arg("traditional", repairs.traditional),
        );
    }
    let tokens = tokens::tokenize(&text);
    let sections = metadata::sections(&text);
    let meta = metadata::read(&text, &sections, &mut diagnostics);
    let regions = table_regions(&tokens, &sections);
    if sections.headings_found == 0 && regions.iter().all(Option::is_none) {
        diagnostics.push(Diagnostic::new(Rule::NoReportContent, ""));
    }
    let edition = choose_edition(&tokens, meta.year, &mut diagnostics);
    let read = tables::read_tables(&tokens, edition, regions.clone());
    report_table_findings(&read, &regions, &tokens, &mut diagnostics);
    let document = assemble(
        edition,
        carrier,
        &meta,
        &sections,
        &read,
        &text,
        &mut diagnostics,
    );
    Imported {
        document,
        diagnostics,
    }
}

fn choose_edition(
    tokens: &[Token],
    year: Option<ReportYear>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Edition {
    match (tables::detect_edition(tokens), year) {
        (Some((edition, line)), Some(year)) => {
            let expected = Edition::prescribed_for(year);
            if expected != edition {
                diagnostics.push(
                    Diagnostic::new(Rule::ImportedEditionMismatch, "/edition")
                        .arg("edition", edition.tag())
                        .arg("line", line)
                        .arg("year", year.get())
                        .arg("expected", expected.tag()),
                );
            }
            edition
        }
        (Some((edition, _)), None) => edition,
        (None, year) => {
            let edition = year.map_or(Edition::E2021, Edition::prescribed_for);
            diagnostics.push(
                Diagnostic::new(Rule::EditionAssumed, "/edition").arg("edition", edition.tag()),
            );
            edition
        }
    }
}

/// The token ranges of tables 2, 3 and 4: sections 二, 三 and 四, or, without headings, from
/// the first 第二十条 block.
fn table_regions(tokens: &[Token], sections: &metadata::Sections) -> [Option<Range<usize>>; 3] {
    let token_at_line = |line: usize| {
        tokens
            .iter()
            .position(|t| t.line >= line)
            .unwrap_or(tokens.len())
    };
    let boundaries: Vec<Option<usize>> = (1..=6)
        .map(|n| sections.heading_line(n).map(token_at_line))
        .collect();
    let end_after = |n: usize| {
        boundaries[n..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(tokens.len())
    };
    let first_block = tokens.iter().position(|t| t.core().starts_with("第二十条"));
    let table2_start = boundaries[1].or(first_block);
    [
        table2_start.map(|start| start..end_after(2)),
        boundaries[2].map(|start| start..end_after(3)),
        boundaries[3].map(|start| start..end_after(4)),
    ]
}

fn report_table_findings(
    read: &TablesRead,
    regions: &[Option<Range<usize>>; 3],
    tokens: &[Token],
    out: &mut Vec<Diagnostic>,
) {
    for (&(table, _), region) in TABLES.iter().zip(regions) {
        let found = read.placed.iter().any(|p| p.cell.table == table)
            || read.unplaced.iter().any(|u| u.table == table);
        let missing: Vec<&String> = read
            .missing_rows
            .iter()
            .filter(|(t, _)| *t == table)
            .map(|(_, label)| label)
            .collect();
        if !found {
            out.push(Diagnostic::new(Rule::TableNotFound, "").arg("table", table));
            continue;
        }
        let runs_to_the_end = region.as_ref().is_some_and(|r| r.end == tokens.len());
        if runs_to_the_end && !missing.is_empty() {
            out.push(Diagnostic::new(Rule::InputTruncated, "").arg("table", table));
        }
        for label in missing {
            out.push(Diagnostic::new(Rule::RowNotFound, "").arg("row", label.clone()));
        }
    }
    for unplaced in &read.unplaced {
        out.push(
            Diagnostic::new(Rule::ValueNotPlaced, "")
                .arg("row", unplaced.label.clone())
                .arg("line", unplaced.line)
                .arg("reason", unplaced.reason.clone())
                .arg("raw", unplaced.raw.clone()),
        );
    }
}

/// The canonical document: metadata, prose, every cell (stated, blank, or absent), local rows,
/// and provenance.
fn assemble(
    edition: Edition,
    carrier: Carrier,
    meta: &metadata::Metadata,
    sections: &metadata::Sections,
    read: &TablesRead,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Value {
    let mut document = Map::new();
    document.insert("edition".into(), json!(edition.tag()));
    document.insert(
        "format_version".into(),
        json!(FormatVersion::CURRENT.as_str()),
    );
    if let Some(year) = meta.year {
        document.insert("report_year".into(), json!(year.get()));
    }
    if let Some(agency) = &meta.agency {
        document.insert("agency".into(), json!({ "name": agency }));
    }
    if let Some(date) = &meta.published_on {
        document.insert("published_on".into(), json!(date));
    }
    document.insert("source".into(), json!({ "carrier": carrier }));
    if let Some((start, end)) = &meta.period {
        document.insert("period".into(), json!({ "start": start, "end": end }));
    }
    document.insert("sections".into(), sections.prose(text, &read.spans));
    let mut document = Value::Object(document);
    if let (Value::Object(document), Value::Object(tables)) = (
        &mut document,
        crate::model::report::unstated_tables(edition),
    ) {
        document.extend(tables);
    }
    let mut provenance = Map::new();
    for placed in &read.placed {
        let value = cell_value(placed, diagnostics);
        *cell_slot(&mut document, &placed.cell.pointer).expect("a catalog pointer") = value;
        provenance.insert(placed.cell.pointer.clone(), provenance_of(placed));
    }
    let absent: Vec<&str> = cells(edition)
        .iter()
        .map(|c| c.pointer.as_str())
        .filter(|p| !provenance.contains_key(*p))
        .collect();
    if !read.local_rows.is_empty() {
        document["proactive_disclosure"]["extra_rows"] =
            Value::Array(read.local_rows.iter().map(local_row).collect());
    }
    // Built from the values at hand: `json!` would serialize the provenance map into a copy.
    let record = Map::from_iter([
        ("cells".to_owned(), Value::Object(provenance)),
        ("absent".to_owned(), Value::from(absent)),
    ]);
    document["extensions"] = Value::Object(Map::from_iter([(
        PROVENANCE_KEY.to_owned(),
        Value::Object(record),
    )]));
    document
}

/// Where a placed value came from: `{"raw": …, "line": …}`, built directly (`json!` would go
/// through a serializer).
fn provenance_of(placed: &Placed) -> Value {
    let mut record = Map::with_capacity(2);
    record.insert("raw".to_owned(), Value::String(placed.raw.clone()));
    record.insert("line".to_owned(), Value::from(placed.line));
    Value::Object(record)
}

/// The value at a catalog pointer. Catalog pointers are made of property names, which never need
/// RFC 6901 escapes, so the pointer is followed without unescaping (and allocating) each token.
fn cell_slot<'a>(document: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    pointer
        .split('/')
        .skip(1)
        .try_fold(document, |node, name| node.as_object_mut()?.get_mut(name))
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
        (Printed::Text, _) => Value::Null,
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
                Printed::Blank | Printed::Text => Value::Null,
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
