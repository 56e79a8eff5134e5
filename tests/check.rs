//! The checker library: rules fire where they must and stay quiet where they must.

mod common;

use serde_json::{Value, json};
use xxgk::check::values::{CellValue, cell_values};
use xxgk::check::{Checked, Diagnostic, Lang, Options, Rule, Severity, check_value};
use xxgk::model::{Edition, Report};
use xxgk::schema::cells::{CellKind, cells};

const OPTIONS: Options = Options { current_year: 2026 };

fn check(document: &Value) -> Checked {
    check_value(document, &OPTIONS)
}

fn codes(checked: &Checked) -> Vec<(&'static str, String)> {
    checked
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.pointer.clone()))
        .collect()
}

fn example(edition: Edition) -> Value {
    common::complete_example(edition)
}

fn increment(document: &mut Value, pointer: &str) {
    let current = document
        .pointer(pointer)
        .and_then(Value::as_i64)
        .expect("a stated count");
    common::set(document, pointer, json!(current + 1));
}

#[test]
fn cell_values_follow_the_catalog_order() {
    for edition in Edition::ALL {
        let mut document = example(edition);
        let catalog = cells(edition);
        for (index, cell) in catalog.iter().enumerate() {
            let marker = match cell.kind {
                CellKind::Count => json!(index),
                CellKind::Change => json!(-(index as i64)),
                CellKind::Money => json!({"amount": "1", "unit": null}),
            };
            common::set(&mut document, &cell.pointer, marker);
        }
        let report: Report = serde_json::from_value(document).unwrap();
        let values = cell_values(&report);
        assert_eq!(values.len(), catalog.len());
        for (index, (value, cell)) in values.iter().zip(catalog).enumerate() {
            let expected = match cell.kind {
                CellKind::Count => CellValue::Int(index as i64),
                CellKind::Change => CellValue::Int(-(index as i64)),
                CellKind::Money => CellValue::Money,
            };
            assert_eq!(*value, expected, "{}", cell.pointer);
        }
    }
}

#[test]
fn the_examples_are_valid_and_the_complete_ones_check_clean() {
    for (path, document) in common::example_documents() {
        let checked = check(&document);
        assert!(
            checked.is_valid() && !checked.is_unreadable(),
            "{}",
            path.display()
        );
    }
    for edition in Edition::ALL {
        assert_eq!(
            codes(&check(&example(edition))),
            vec![],
            "{}",
            edition.tag()
        );
    }
}

/// Every table 3 and table 4 cell, changed by +1, breaks a relation that points at it.
#[test]
fn every_table3_and_table4_cell_changed_by_one_is_caught_at_its_pointer() {
    for edition in Edition::ALL {
        let base = example(edition);
        let sums = cells(edition).iter().filter(|c| c.table >= 3);
        let mut tried = 0;
        for cell in sums {
            let mut document = base.clone();
            increment(&mut document, &cell.pointer);
            let checked = check(&document);
            assert!(!checked.is_valid(), "{}: +1 went unnoticed", cell.pointer);
            let involves_cell = |d: &Diagnostic| {
                d.severity() == Severity::Error
                    && (d.pointer == cell.pointer || d.related.contains(&cell.pointer))
            };
            assert!(
                checked.diagnostics.iter().any(involves_cell),
                "{}: {:?}",
                cell.pointer,
                codes(&checked)
            );
            tried += 1;
        }
        assert_eq!(tried, if edition == Edition::E2019 { 176 } else { 190 });
    }
}

#[test]
fn a_broken_row_total_names_both_numbers() {
    let mut document = example(Edition::E2019);
    common::set(
        &mut document,
        "/applications/new_applications/total",
        json!(27),
    );
    let checked = check(&document);
    let row_total = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::Table3RowTotal)
        .expect("A203");
    assert_eq!(row_total.pointer, "/applications/new_applications/total");
    assert_eq!(row_total.args["reported"], 27);
    assert_eq!(row_total.args["computed"], 26);
    assert_eq!(row_total.related.len(), 6);
    assert_eq!(
        row_total.message(Lang::Zh),
        "表三「一、本年新收政府信息公开申请数量」：总计填报 27，六类申请人之和为 26"
    );
    assert_eq!(
        row_total.message(Lang::En),
        "table 3, row 一、本年新收政府信息公开申请数量: 总计 states 27, the six applicant columns sum to 26"
    );
}

#[test]
fn a_blank_total_with_stated_parts_is_its_own_warning_not_a_sum_error() {
    let mut document = example(Edition::E2019);
    let total = "/applications/outcomes/disclosed/total";
    common::set(&mut document, total, Value::Null);
    let checked = check(&document);
    let found: Vec<_> = codes(&checked);
    assert!(found.contains(&("A205", total.to_owned())), "{found:?}");
    assert!(found.contains(&("N301", total.to_owned())), "{found:?}");
    // The outcome-total equation of column 总计 has a null operand now: not evaluated.
    assert!(
        !found
            .iter()
            .any(|(code, _)| ["A202", "A203", "A201"].contains(code)),
        "{found:?}"
    );
    let blank = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::BlankTotal)
        .unwrap();
    assert_eq!(blank.args["computed"], 12);
    assert_eq!(blank.severity(), Severity::Warning);
    assert!(checked.is_valid(), "a blank total is a warning");
}

#[test]
fn a_blank_total_with_zero_parts_is_only_a_null() {
    let mut document = example(Edition::E2019);
    let total = "/applications/carried_over/total";
    common::set(&mut document, total, Value::Null);
    assert_eq!(codes(&check(&document)), vec![("N301", total.to_owned())]);
}

#[test]
fn a_null_part_suspends_the_equation() {
    let mut document = example(Edition::E2021);
    common::set(
        &mut document,
        "/applications/new_applications/natural_persons",
        Value::Null,
    );
    common::set(
        &mut document,
        "/applications/new_applications/total",
        json!(999),
    );
    let found = codes(&check(&document));
    assert!(!found.iter().any(
        |(code, pointer)| *code == "A203" && pointer == "/applications/new_applications/total"
    ));
    // The balance of column 总计 still has all four operands and is broken.
    assert!(
        found.contains(&("A201", "/applications/outcomes/total/total".to_owned())),
        "{found:?}"
    );
}

#[test]
fn edition_year_mismatch_and_future_year() {
    let mut document = example(Edition::E2019);
    common::set(&mut document, "/report_year", json!(2023));
    common::set(
        &mut document,
        "/period",
        json!({"start": "2023-01-01", "end": "2023-12-31"}),
    );
    let checked = check(&document);
    assert_eq!(codes(&checked), vec![("M401", "/edition".to_owned())]);
    let message = checked.diagnostics[0].message(Lang::Zh);
    assert_eq!(
        message,
        "2023 年度报告应使用 2021 版式（国办公开办函〔2021〕30号），本报告使用 2019 版式"
    );

    common::set(&mut document, "/report_year", json!(2027));
    common::set(
        &mut document,
        "/period",
        json!({"start": "2027-01-01", "end": "2027-12-31"}),
    );
    let found = codes(&check(&document));
    assert!(
        found.contains(&("M402", "/report_year".to_owned())),
        "{found:?}"
    );
}

#[test]
fn table2_plausibility_in_2019() {
    let mut document = example(Edition::E2019);
    common::set(
        &mut document,
        "/proactive_disclosure/regulations/published",
        json!(1),
    );
    common::set(
        &mut document,
        "/proactive_disclosure/administrative_fees/change",
        json!(-18),
    );
    let checked = check(&document);
    assert_eq!(
        codes(&checked),
        vec![
            (
                "P501",
                "/proactive_disclosure/regulations/published".to_owned()
            ),
            (
                "P502",
                "/proactive_disclosure/administrative_fees/change".to_owned()
            ),
        ]
    );
    assert_eq!(checked.diagnostics[1].args["computed"], -1);
    // Exactly reaching zero is allowed.
    common::set(
        &mut document,
        "/proactive_disclosure/administrative_fees/change",
        json!(-17),
    );
    common::set(
        &mut document,
        "/proactive_disclosure/regulations/published",
        json!(0),
    );
    assert_eq!(codes(&check(&document)), vec![]);
}

#[test]
fn agency_identifiers() {
    let mut document = example(Edition::E2021);
    common::set(
        &mut document,
        "/agency/credit_code",
        json!("91350100M000100Y43"),
    );
    assert_eq!(codes(&check(&document)), vec![]);
    common::set(
        &mut document,
        "/agency/credit_code",
        json!("91350100M000100Y44"),
    );
    common::set(&mut document, "/agency/division_code", json!("990100"));
    let checked = check(&document);
    assert_eq!(
        codes(&checked),
        vec![
            ("M403", "/agency/credit_code".to_owned()),
            ("M404", "/agency/division_code".to_owned())
        ]
    );
    assert_eq!(checked.diagnostics[0].args["expected"], "3");
}

#[test]
fn impossible_dates_and_periods() {
    let mut document = example(Edition::E2021);
    common::set(&mut document, "/published_on", json!("2023-02-29"));
    assert_eq!(
        codes(&check(&document)),
        vec![("M406", "/published_on".to_owned())]
    );
    common::set(&mut document, "/published_on", json!("2024-02-29"));
    common::set(&mut document, "/period/end", json!("2022-06-30"));
    assert_eq!(codes(&check(&document)), vec![]);
    common::set(&mut document, "/period/end", json!("2023-01-31"));
    assert_eq!(
        codes(&check(&document)),
        vec![("M405", "/period".to_owned())]
    );
}

#[test]
fn structural_errors_come_from_the_declared_editions_branch() {
    let mut document = example(Edition::E2021);
    common::set(
        &mut document,
        "/applications/carried_over/natural_persons",
        json!(-1),
    );
    let checked = check(&document);
    assert_eq!(
        codes(&checked),
        vec![(
            "S101",
            "/applications/carried_over/natural_persons".to_owned()
        )]
    );
    assert_eq!(checked.diagnostics[0].args["keyword"], "minimum");
    assert!(!checked.is_unreadable());
}

#[test]
fn unknown_or_missing_edition() {
    let mut document = example(Edition::E2021);
    common::set(&mut document, "/edition", json!("2020"));
    assert_eq!(
        codes(&check(&document)),
        vec![("S103", "/edition".to_owned())]
    );
    common::remove(&mut document, "/edition");
    assert_eq!(codes(&check(&document)), vec![("S103", String::new())]);
    assert_eq!(codes(&check(&json!([1]))), vec![("S101", String::new())]);
}

#[test]
fn an_integral_float_is_a_structural_error_at_its_pointer() {
    let mut document = example(Edition::E2019);
    let pointer = "/applications/outcomes/withheld/state_secrets/total";
    common::set(&mut document, pointer, json!(0.0));
    let checked = check(&document);
    assert_eq!(codes(&checked), vec![("S102", pointer.to_owned())]);
}

#[test]
fn consecutive_years_are_compared() {
    let options = OPTIONS;
    let earlier = example(Edition::E2019);
    let mut later = earlier.clone();
    common::set(&mut later, "/report_year", json!(2021));
    common::set(
        &mut later,
        "/period",
        json!({"start": "2021-01-01", "end": "2021-12-31"}),
    );
    // The 2020 report carried 1 forward in column 其他 and in 总计; 2021 claims 0 and 2.
    common::set(&mut later, "/applications/carried_over/total", json!(2));
    let chain = [
        ("administrative_licensing", 750 - 257),
        ("other_administrative_services", 2799 + 164),
        ("administrative_penalties", 1653 + 417),
        ("administrative_enforcement", 160 - 33),
        ("administrative_fees", 17 - 5),
    ];
    for (row, items) in chain {
        common::set(
            &mut later,
            &format!("/proactive_disclosure/{row}/previous_items"),
            json!(items),
        );
    }
    common::set(
        &mut later,
        "/proactive_disclosure/administrative_fees/previous_items",
        json!(13),
    );
    let facts = |document: &Value| check_value(document, &options).facts.expect("valid");
    let (earlier, later) = (facts(&earlier), facts(&later));
    assert!(earlier.precedes(&later) && !later.precedes(&earlier));
    let found: Vec<_> = xxgk::check::check_pair(&earlier, &later)
        .iter()
        .map(|d| (d.code(), d.pointer.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "Y601",
                "/applications/carried_over/other_organizations".to_owned()
            ),
            ("Y601", "/applications/carried_over/total".to_owned()),
            (
                "Y602",
                "/proactive_disclosure/administrative_fees/previous_items".to_owned()
            ),
        ],
        "only the 行政事业性收费 chain (17 − 5 ≠ 13) is broken"
    );
}
