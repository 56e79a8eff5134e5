//! The checker library: rules fire where they must and stay quiet where they must.

mod common;

use serde_json::{Value, json};
use xxgk::check::values::{CellValue, cell_values};
use xxgk::check::{Checked, Options, check_value};
use xxgk::diagnostics::{Diagnostic, Lang, Rule, Severity};
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
fn a_blank_total_with_some_parts_blank_gives_the_stated_sum() {
    let mut document = example(Edition::E2019);
    let row = "/applications/outcomes/disclosed";
    common::set(&mut document, &format!("{row}/total"), Value::Null);
    common::set(
        &mut document,
        &format!("{row}/commercial_enterprises"),
        Value::Null,
    );
    let checked = check(&document);
    let partial = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::BlankTotalPartial)
        .expect("A206");
    assert_eq!(partial.pointer, format!("{row}/total"));
    assert_eq!(partial.args["stated_sum"], 10);
    assert_eq!(partial.args["blank_parts"], 1);
    assert_eq!(partial.severity(), Severity::Warning);
    assert!(!codes(&checked).iter().any(|(code, _)| *code == "A205"));
    assert_eq!(
        partial.message(Lang::Zh),
        "「三、本年度办理结果 › （一）予以公开 › 总计」空白，而已填报的分项之和为 10（另有 1 个分项空白），合计至少应为 10"
    );
}

#[test]
fn a_relation_that_fails_with_blanks_read_as_zero_is_a_warning_with_both_sides() {
    let mut document = example(Edition::E2021);
    common::set(
        &mut document,
        "/appeals/administrative_review/pending",
        Value::Null,
    );
    let checked = check(&document);
    let found: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::RelationFailsBlanksAsZero)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let warning = found[0];
    assert_eq!(warning.pointer, "/appeals/administrative_review/total");
    assert_eq!(warning.args["relation"], "A204");
    assert_eq!(warning.args["left"], 6);
    assert_eq!(warning.args["right"], 5);
    assert_eq!(warning.args["blanks"], 1);
    assert!(checked.is_valid(), "A207 is a warning");
    assert_eq!(
        warning.message(Lang::En),
        "行政复议 › 总计: reading blanks as 0, A204 (Table 4 group 总计 equals 维持 + 纠正 + 其他 + 尚未审结) still fails: 6 against 5 (blank cells: 1)"
    );
}

#[test]
fn a_relation_that_holds_with_blanks_read_as_zero_says_nothing() {
    let mut document = example(Edition::E2021);
    // 0 in the source, printed blank: every relation still holds reading it as 0.
    common::set(
        &mut document,
        "/applications/carried_over/research_institutions",
        Value::Null,
    );
    assert_eq!(
        codes(&check(&document)),
        vec![(
            "N301",
            "/applications/carried_over/research_institutions".to_owned()
        )]
    );
}

#[test]
fn the_balance_read_with_blank_carry_rows() {
    let mut document = example(Edition::E2019);
    // 四、结转 其他 is 1 in the seed: blank, the balance of column 其他 fails reading it as 0.
    common::set(
        &mut document,
        "/applications/carried_forward/other_organizations",
        Value::Null,
    );
    let checked = check(&document);
    let balance = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::RelationFailsBlanksAsZero && d.args["relation"] == "A201")
        .expect("the balance read with blanks as 0");
    assert_eq!(
        balance.pointer,
        "/applications/outcomes/total/other_organizations"
    );
    assert_eq!(
        (&balance.args["left"], &balance.args["right"]),
        (&json!(1), &json!(0))
    );
    // Without 一 stated, the balance is not read at all.
    common::set(
        &mut document,
        "/applications/new_applications/other_organizations",
        Value::Null,
    );
    assert!(
        !check(&document)
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::RelationFailsBlanksAsZero && d.args["relation"] == "A201")
    );
}

#[test]
fn publication_deadline_by_kind_and_level() {
    let late = |kind: Option<&str>, level: &str, published: &str| -> Vec<String> {
        let mut document = example(Edition::E2021);
        match kind {
            Some(kind) => common::set(&mut document, "/agency/kind", json!(kind)),
            None => {
                document["agency"].as_object_mut().unwrap().remove("kind");
            }
        }
        common::set(&mut document, "/agency/level", json!(level));
        common::set(&mut document, "/published_on", json!(published));
        check(&document)
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::LatePublication)
            .map(|d| d.message(Lang::Zh))
            .collect()
    };
    // The 2022 report: departments by 2023-01-31, governments by 2023-03-31.
    assert!(late(Some("department"), "county", "2023-01-31").is_empty());
    assert_eq!(
        late(Some("department"), "county", "2023-03-01"),
        vec![
            "2022 年度报告发布于 2023-03-01，晚于《政府信息公开条例》第四十九条规定的 2023-01-31（县级以上人民政府部门：每年1月31日前）29 天"
        ]
    );
    assert!(late(Some("government"), "county", "2023-03-31").is_empty());
    assert_eq!(
        late(Some("government"), "prefectural", "2023-04-02").len(),
        1
    );
    // No rule where the article does not reach or the kind is unknown.
    assert!(late(Some("government"), "township", "2023-12-01").is_empty());
    assert!(late(Some("department"), "township", "2023-12-01").is_empty());
    assert!(late(None, "county", "2023-12-01").is_empty());
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
    common::set(&mut document, "/published_on", json!("2020-02-29"));
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
