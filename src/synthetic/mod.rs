//! A deterministic generator of realistic reports, for benchmarks and agreement tests.
//!
//! Reports of both editions, prose of realistic length, local extra rows, some blanks, and a
//! chosen share of invalid ones: most with one broken 勾稽关系, some structurally broken.

mod prose;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::check::layout::layout;
use crate::model::Edition;
use crate::schema::cells::{CellKind, cells};

/// SplitMix64: small, fast, and reproducible across platforms for a given seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Makes `values` (one per cell of `edition`, in catalog order) satisfy every relation of the
/// template: row totals, the （七） row, the column balance (一 is derived; 二 is capped so 一 stays
/// ≥ 0), table 4 totals; and in table 2 of 2019, 本年新公开 ≤ 对外公开总数 and items never below 0.
pub fn make_consistent(edition: Edition, values: &mut [i64]) {
    let catalog = cells(edition);
    let layout = layout(edition);
    for (index, cell) in catalog.iter().enumerate() {
        if cell.kind == CellKind::Change {
            let previous = values[index - 1];
            values[index] = values[index].max(-previous);
        }
        if cell.pointer.ends_with("/published") {
            values[index] = values[index].min(values[index + 1]);
        }
    }
    let sum = |v: &[i64], parts: &[usize]| parts.iter().map(|&i| v[i]).sum::<i64>();
    let row_totals = |v: &mut [i64]| {
        for row in &layout.row_totals {
            v[row.total] = sum(v, &row.parts);
        }
    };
    row_totals(values);
    for outcome in &layout.outcome_totals {
        values[outcome.total] = sum(values, &outcome.parts);
    }
    let total_cells: Vec<usize> = layout.row_totals.iter().map(|r| r.total).collect();
    for balance in layout
        .balances
        .iter()
        .filter(|b| !total_cells.contains(&b.anchor))
    {
        let [new, carried_over] = balance.left;
        let [outcome_total, carried_forward] = balance.right;
        let available = values[outcome_total] + values[carried_forward];
        values[carried_over] = values[carried_over].min(available);
        values[new] = available - values[carried_over];
    }
    row_totals(values);
    for group in &layout.group_totals {
        values[group.total] = sum(values, &group.parts);
    }
}

/// How a generated report was broken, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakage {
    None,
    /// One table 3 or 4 cell changed after the relations were made to hold.
    Relation,
    /// A value the schema refuses.
    Structure,
    /// `1.0` where an integer belongs: the schema accepts it, the model does not.
    IntegralFloat,
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub seed: u64,
    /// Share of reports with one broken relation or structure (0.0–1.0).
    pub invalid_share: f64,
}

/// The `index`-th report of a corpus: the same spec and index always give the same document.
pub fn report(spec: &Spec, index: u64) -> (Value, Breakage) {
    let mut rng = Rng::new(spec.seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
    let edition = if rng.chance(0.3) {
        Edition::E2019
    } else {
        Edition::E2021
    };
    let year = match edition {
        Edition::E2019 => 2019 + rng.below(2) as u16,
        Edition::E2021 => 2021 + rng.below(5) as u16,
    };
    let mut document = skeleton(edition, year, index, &mut rng);
    let catalog = cells(edition);
    let busy = 1 + rng.below(200) as i64;
    let mut values: Vec<i64> = catalog
        .iter()
        .map(|cell| match cell.kind {
            CellKind::Change => rng.below(61) as i64 - 30,
            _ if cell.table == 2 => rng.below(busy as u64 * 50) as i64,
            _ if rng.chance(0.6) => 0,
            _ => rng.below(busy as u64) as i64,
        })
        .collect();
    make_consistent(edition, &mut values);
    let blank_rate = if rng.chance(0.2) { 0.03 } else { 0.0 };
    for (cell, value) in catalog.iter().zip(&values) {
        let stated = !rng.chance(blank_rate);
        let cell_value = match (stated, cell.kind) {
            (false, _) => Value::Null,
            (true, CellKind::Money) => {
                json!({"amount": format!("{}.{:02}", value, rng.below(100)), "unit": "wan_yuan"})
            }
            (true, _) => json!(value),
        };
        set(&mut document, &cell.pointer, cell_value);
    }
    if rng.chance(0.15) {
        add_extra_row(&mut document, &mut rng);
    }
    let breakage = if rng.chance(spec.invalid_share) {
        break_one(&mut document, edition, &mut rng)
    } else {
        Breakage::None
    };
    (document, breakage)
}

fn skeleton(edition: Edition, year: u16, index: u64, rng: &mut Rng) -> Value {
    // A distinct agency per report: a corpus of one year per agency, like a national crawl.
    let agency = format!(
        "{}第{index}{}",
        rng.pick(prose::PLACES),
        rng.pick(prose::AGENCIES)
    );
    let metadata = json!({
        "format_version": "1.0",
        "report_year": year,
        "agency": { "name": agency, "level": *rng.pick(&["county", "prefectural", "township"]), "kind": "department" },
        "published_on": format!("{}-01-{:02}", year + 1, 10 + rng.below(19)),
        "source": { "carrier": "html" },
        "period": { "start": format!("{year}-01-01"), "end": format!("{year}-12-31") },
        "sections": prose::sections(rng, &agency, year),
    });
    // The tables start from the model's defaults (every cell present, stating nothing).
    let tables = crate::model::report::unstated_tables(edition);
    let mut document = json!({ "edition": edition.tag() });
    let object = document.as_object_mut().expect("an object");
    object.extend(metadata.as_object().expect("an object").clone());
    object.extend(tables.as_object().expect("an object").clone());
    document
}

fn add_extra_row(document: &mut Value, rng: &mut Rng) {
    let columns = ["本年新制作数量", "本年新公开数量", "对外公开总数量"];
    let cells: Vec<Value> = columns
        .iter()
        .map(|column| json!({"column": column, "value": rng.below(500)}))
        .collect();
    let row = json!({ "label": "其他主动公开文件", "under": "第二十条第（一）项", "cells": cells });
    document["proactive_disclosure"]["extra_rows"] = json!([row]);
}

fn break_one(document: &mut Value, edition: Edition, rng: &mut Rng) -> Breakage {
    let catalog = cells(edition);
    let table34: Vec<&str> = catalog
        .iter()
        .filter(|c| c.table >= 3)
        .map(|c| c.pointer.as_str())
        .collect();
    let pointer = *rng.pick(&table34);
    let current = document.pointer(pointer).and_then(Value::as_i64);
    match (rng.below(10), current) {
        (0, _) => {
            set(document, pointer, json!(-1));
            Breakage::Structure
        }
        (1, _) => {
            set(document, pointer, json!("3"));
            Breakage::Structure
        }
        (2, Some(value)) => {
            set(document, pointer, json!(value as f64));
            Breakage::IntegralFloat
        }
        (_, Some(value)) => {
            set(document, pointer, json!(value + 1 + rng.below(5) as i64));
            Breakage::Relation
        }
        (_, None) => {
            document["unexpected_key"] = json!(true);
            Breakage::Structure
        }
    }
}

fn set(document: &mut Value, pointer: &str, value: Value) {
    *document
        .pointer_mut(pointer)
        .expect("the pointer of a catalog cell") = value;
}

/// The file of the `index`-th report under `dir`: a thousand files per folder.
pub fn path_of(dir: &Path, index: u64) -> PathBuf {
    dir.join(format!("{:04}", index / 1000))
        .join(format!("report-{index:07}.json"))
}

/// How many reports of each kind a corpus holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub reports: u64,
    pub broken_relation: u64,
    pub broken_structure: u64,
    pub integral_float: u64,
}

/// Writes reports `0..count` under `dir` (pretty JSON, as published files usually are).
pub fn write_corpus(dir: &Path, spec: &Spec, count: u64) -> std::io::Result<Written> {
    use rayon::prelude::*;
    let breakages = (0..count)
        .into_par_iter()
        .map(|index| {
            let (document, breakage) = report(spec, index);
            let path = path_of(dir, index);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let text = serde_json::to_vec_pretty(&document).expect("documents serialize");
            std::fs::write(&path, text)?;
            Ok(breakage)
        })
        .collect::<std::io::Result<Vec<Breakage>>>()?;
    let mut written = Written {
        reports: count,
        ..Written::default()
    };
    for breakage in breakages {
        match breakage {
            Breakage::None => {}
            Breakage::Relation => written.broken_relation += 1,
            Breakage::Structure => written.broken_structure += 1,
            Breakage::IntegralFloat => written.integral_float += 1,
        }
    }
    Ok(written)
}
