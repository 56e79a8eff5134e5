//! Property-based tests: generated consistent reports of both editions check clean, round-trip
//! through serde, and satisfy the published schema; one broken relation is caught exactly where
//! it breaks.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value, json};
use xxgk::check::layout::{Layout, layout};
use xxgk::check::{Options, Severity, check_report};
use xxgk::generate::make_consistent;
use xxgk::model::{Edition, Report};
use xxgk::schema::cells::{CellKind, cells};

const OPTIONS: Options = Options { current_year: 2026 };

/// The random material one report is built from.
#[derive(Debug, Clone)]
struct Material {
    edition: Edition,
    /// A value per cell of the edition (totals are recomputed, the rest used as is).
    values: Vec<u32>,
    /// Which cells are blanked after the totals are computed.
    blanks: Vec<bool>,
    /// Local extra rows of table 2: (label, values).
    extra_rows: Vec<(String, Vec<Option<i64>>)>,
}

fn material(blank_rate: f64) -> impl Strategy<Value = Material> {
    prop_oneof![Just(Edition::E2019), Just(Edition::E2021)].prop_flat_map(move |edition| {
        let n = cells(edition).len();
        (
            prop::collection::vec(0u32..60, n),
            prop::collection::vec(prop::bool::weighted(blank_rate), n),
            prop::collection::vec(
                (
                    "[一-龥]{2,8}",
                    prop::collection::vec(prop::option::of(0i64..10_000), 0..4),
                ),
                0..3,
            ),
        )
            .prop_map(move |(values, blanks, extra_rows)| Material {
                edition,
                values,
                blanks,
                extra_rows,
            })
    })
}

/// Cell values (by catalog index) in which every relation of the layout holds.
/// Cell values (by catalog index) in which every relation of the layout holds: the generator's
/// construction (`make_consistent`), on proptest's material so failures shrink.
fn consistent_values(m: &Material) -> Vec<Option<i64>> {
    let mut v: Vec<i64> = m.values.iter().map(|&x| i64::from(x)).collect();
    // Changes drawn around zero, so decreases occur too.
    for (index, cell) in cells(m.edition).iter().enumerate() {
        if cell.kind == CellKind::Change {
            v[index] -= 30;
        }
    }
    make_consistent(m.edition, &mut v);
    v.into_iter()
        .zip(&m.blanks)
        .map(|(x, &blank)| (!blank).then_some(x))
        .collect()
}

fn base_document(edition: Edition) -> Value {
    common::complete_example(edition)
}

fn document(m: &Material, values: &[Option<i64>]) -> Value {
    let mut document = base_document(m.edition);
    for (cell, value) in cells(m.edition).iter().zip(values) {
        let value = match (cell.kind, value) {
            (_, None) => Value::Null,
            (CellKind::Money, Some(x)) => json!({"amount": format!("{x}.5"), "unit": "wan_yuan"}),
            (_, Some(x)) => json!(x),
        };
        common::set(&mut document, &cell.pointer, value);
    }
    let extra: Vec<Value> = m
        .extra_rows
        .iter()
        .map(|(label, values)| {
            let cells: Vec<Value> = values
                .iter()
                .enumerate()
                .map(|(i, v)| json!({"column": format!("列{i}"), "value": v}))
                .collect();
            json!({"label": label, "cells": cells})
        })
        .collect();
    let table2 = document["proactive_disclosure"]
        .as_object_mut()
        .expect("table 2");
    if extra.is_empty() {
        table2.shift_remove("extra_rows");
    } else {
        table2.insert("extra_rows".into(), json!(extra));
    }
    document
}

fn errors(report: &Report) -> BTreeSet<(String, String)> {
    check_report(report, &OPTIONS)
        .0
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| (d.code().to_owned(), d.pointer.clone()))
        .collect()
}

/// The (rule, pointer) of every relation of `layout` that contains any of `cells`.
fn relations_containing(
    edition: Edition,
    layout: &Layout,
    touched: &[usize],
) -> BTreeSet<(String, String)> {
    let catalog = cells(edition);
    let mut out = BTreeSet::new();
    let sums = [
        ("A203", &layout.row_totals),
        ("A202", &layout.outcome_totals),
        ("A204", &layout.group_totals),
    ];
    for (code, list) in sums {
        for sum in list
            .iter()
            .filter(|s| touched.iter().any(|t| s.total == *t || s.parts.contains(t)))
        {
            out.insert((code.to_owned(), catalog[sum.total].pointer.clone()));
        }
    }
    for balance in &layout.balances {
        let operands: Vec<usize> = balance.left.iter().chain(&balance.right).copied().collect();
        if touched.iter().any(|t| operands.contains(t)) {
            out.insert(("A201".to_owned(), catalog[balance.anchor].pointer.clone()));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn consistent_reports_check_without_errors_and_round_trip(m in material(0.08)) {
        let values = consistent_values(&m);
        let document = document(&m, &values);
        let report: Report = serde_json::from_value(document.clone()).expect("serde accepts it");
        prop_assert_eq!(errors(&report), BTreeSet::new());
        let written = serde_json::to_value(&report).unwrap();
        prop_assert_eq!(&written, &document);
        prop_assert_eq!(serde_json::from_value::<Report>(written).unwrap(), report);
        prop_assert!(xxgk::check::structure::is_schema_valid(&document), "the schema accepts it too");
    }

    #[test]
    fn without_blanks_a_consistent_report_has_no_diagnostic_at_all(m in material(0.0)) {
        let values = consistent_values(&m);
        let report: Report = serde_json::from_value(document(&m, &values)).unwrap();
        let diagnostics = check_report(&report, &OPTIONS).0;
        prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
    }

    #[test]
    fn one_changed_cell_breaks_exactly_the_relations_through_it(
        m in material(0.0),
        pick in any::<prop::sample::Index>(),
        delta in 1i64..5,
    ) {
        let mut values = consistent_values(&m);
        let candidates: Vec<usize> = cells(m.edition).iter().enumerate()
            .filter(|(_, c)| c.table >= 3).map(|(i, _)| i).collect();
        let index = candidates[pick.index(candidates.len())];
        values[index] = values[index].map(|x| x + delta);
        let report: Report = serde_json::from_value(document(&m, &values)).unwrap();
        prop_assert_eq!(errors(&report), relations_containing(m.edition, layout(m.edition), &[index]));
    }

    #[test]
    fn swapping_two_applicant_columns_is_caught_exactly_when_the_values_differ(
        m in material(0.0),
        row_pick in any::<prop::sample::Index>(),
        columns in (0usize..6, 0usize..6).prop_filter("two columns", |(a, b)| a != b),
    ) {
        let mut values = consistent_values(&m);
        let layout = layout(m.edition);
        let row = &layout.row_totals[row_pick.index(layout.row_totals.len())];
        let (a, b) = (row.parts[columns.0], row.parts[columns.1]);
        values.swap(a, b);
        let report: Report = serde_json::from_value(document(&m, &values)).unwrap();
        let expected = if values[a] == values[b] {
            BTreeSet::new()
        } else {
            // The row's own total holds (both cells are in it); each column relation through
            // exactly one of the two cells breaks.
            let through_a = relations_containing(m.edition, layout, &[a]);
            let through_b = relations_containing(m.edition, layout, &[b]);
            through_a.symmetric_difference(&through_b).cloned().collect()
        };
        prop_assert_eq!(errors(&report), expected);
    }
}
