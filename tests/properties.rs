//! Property-based tests: generated consistent reports of both editions, whose prose states their
//! figures, check clean, round-trip through serde, and satisfy the published schema; one broken
//! relation is caught exactly where it breaks.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value, json};
use xxgk::check::layout::{Layout, layout};
use xxgk::check::{Options, check_report};
use xxgk::diagnostics::Severity;
use xxgk::model::{Edition, Report};
use xxgk::schema::cells::{CellKind, cells};
use xxgk::synthetic::make_consistent;

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

/// Prose that states the figures of the tables the way reports do, for every figure the values
/// state (a figure any of whose cells is blank is not written).
fn figure_prose(edition: Edition, values: &[Option<i64>]) -> Value {
    let catalog = cells(edition);
    let at = |pointer: &str| -> Option<i64> {
        let index = catalog.iter().position(|c| c.pointer == pointer)?;
        values[index]
    };
    // The sum of the 总计 of every table 3 row under `prefix`.
    let rows = |prefix: &str| -> Option<i64> {
        catalog
            .iter()
            .filter(|c| c.pointer.starts_with(prefix) && c.pointer.ends_with("/total"))
            .map(|c| at(&c.pointer))
            .sum()
    };
    let mut applications = Vec::new();
    let mut say = |text: String, figure: Option<i64>| {
        if figure.is_some() {
            applications.push(text);
        }
    };
    let new = rows("/applications/new_applications/");
    say(
        format!("本年度新收政府信息公开申请{}件", new.unwrap_or(0)),
        new,
    );
    let np = at("/applications/new_applications/natural_persons");
    say(format!("其中自然人申请{}件", np.unwrap_or(0)), np.and(new));
    let carried = rows("/applications/carried_over/");
    say(format!("上年结转{}件", carried.unwrap_or(0)), carried);
    let concluded = rows("/applications/outcomes/total/");
    say(format!("办结{}件", concluded.unwrap_or(0)), concluded);
    let disclosed = rows("/applications/outcomes/disclosed/");
    let partial = rows("/applications/outcomes/partially_disclosed/");
    let both = disclosed.zip(partial).map(|(a, b)| a + b);
    say(format!("予以公开及部分公开{}件", both.unwrap_or(0)), both);
    for (words, row) in [
        ("不予公开", "withheld"),
        ("无法提供的", "unavailable"),
        ("不予处理", "not_processed"),
        ("其他处理", "other_handling"),
    ] {
        let figure = rows(&format!("/applications/outcomes/{row}/"));
        say(format!("{words}{}件", figure.unwrap_or(0)), figure);
    }
    let forward = rows("/applications/carried_forward/");
    say(
        format!("结转下年度继续办理{}件", forward.unwrap_or(0)),
        forward,
    );

    let review = at("/appeals/administrative_review/total");
    let lawsuits = at("/appeals/litigation_without_review/total")
        .zip(at("/appeals/litigation_after_review/total"))
        .map(|(a, b)| a + b);
    let mut appeals = Vec::new();
    if let Some(review) = review {
        appeals.push(format!("被申请行政复议{review}件"));
        if let Some(upheld) = at("/appeals/administrative_review/upheld") {
            appeals.push(format!("其中结果维持{upheld}件"));
        }
    }
    if let Some(lawsuits) = lawsuits {
        appeals.push(format!("被提起行政诉讼{lawsuits}件"));
    }
    let proactive = match edition {
        Edition::E2019 => at("/proactive_disclosure/normative_documents/made")
            .map(|made| format!("本年新制作规范性文件{made}件。")),
        Edition::E2021 => at("/proactive_disclosure/normative_documents/issued")
            .zip(at(
                "/proactive_disclosure/administrative_licensing/decisions",
            ))
            .map(|(issued, licensing)| {
                format!("本年度制发行政规范性文件{issued}件，作出行政许可决定{licensing}件。")
            }),
    };
    json!({
        "applications": format!("{}。", applications.join("，")),
        "appeals": format!("{}。", appeals.join("，")),
        "proactive_disclosure": proactive.unwrap_or_default(),
    })
}

fn document(m: &Material, values: &[Option<i64>]) -> Value {
    let mut document = base_document(m.edition);
    document["sections"] = figure_prose(m.edition, values);
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

    /// The prose states the tables' figures (figure_prose): no T801 either.
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
