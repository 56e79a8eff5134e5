//! T801: figures the prose states, against the tables — what is read, what is compared, and what
//! is left alone.

mod common;

use serde_json::{Value, json};
use xxgk::check::{Options, check_value};
use xxgk::diagnostics::{Diagnostic, Lang, Rule};
use xxgk::model::Edition;

const OPTIONS: Options = Options { current_year: 2026 };

/// The city bureau's 2022 report (2021 edition) with only `section` as prose. Its tables: 一 181
/// (自然人 152, organisations 29), 二 6, （一）95, （二）11, （三）20, （四）31, （五）13, （六）8,
/// （七）178, 四 9; 行政复议 6 (维持 3, 尚未审结 1), lawsuits 4 + 2 (维持 2 + 1, 尚未审结 1 + 1);
/// 行政规范性文件 12 / 3 / 45; 行政许可 15234; fees 125.36 万元.
fn city(section: &str, text: &str) -> Value {
    let mut document = common::complete_example(Edition::E2021);
    document["sections"] = json!({ section: text });
    document
}

fn mismatches(document: &Value) -> Vec<Diagnostic> {
    check_value(document, &OPTIONS)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == Rule::ProseTableMismatch)
        .collect()
}

/// (excerpt, stated, table) of each T801.
fn found(section: &str, text: &str) -> Vec<(String, Value, Value)> {
    mismatches(&city(section, text))
        .iter()
        .map(|d| {
            (
                d.args["excerpt"].as_str().unwrap().to_owned(),
                d.args["stated"].clone(),
                d.args["table"].clone(),
            )
        })
        .collect()
}

fn quiet(section: &str, text: &str) {
    assert_eq!(found(section, text), vec![], "{text}");
}

#[test]
fn a_wrong_count_of_applications_is_reported_with_its_excerpt_and_range() {
    let text = "2022年，本局共收到政府信息公开申请180件，均按时答复。";
    let diagnostics = mismatches(&city("applications", text));
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.pointer, "/sections/applications");
    assert_eq!(d.args["excerpt"], "收到政府信息公开申请180件");
    let (start, end) = (
        d.args["start"].as_u64().unwrap(),
        d.args["end"].as_u64().unwrap(),
    );
    let excerpt: String = text
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(excerpt, "收到政府信息公开申请180件");
    assert_eq!(
        (&d.args["stated"], &d.args["table"]),
        (&json!(180), &json!(181))
    );
    assert_eq!(d.related, vec!["/applications/new_applications/total"]);
    assert_eq!(
        d.message(Lang::Zh),
        "「三、收到和处理政府信息公开申请情况」“收到政府信息公开申请180件”（字符 9–23）：正文为 180，表中「一、本年新收政府信息公开申请数量 › 总计」为 181"
    );
}

#[test]
fn figures_that_agree_say_nothing() {
    quiet(
        "applications",
        "本局新收政府信息公开申请181件，其中自然人申请152件，法人或其他组织申请29件；上年结转申请6件。全年办结178件，其中予以公开95件，部分公开11件，不予公开20件，无法提供31件，不予处理13件，其他处理8件；结转下年度继续办理9件。",
    );
    quiet(
        "appeals",
        "被申请行政复议6件，其中结果维持3件，结果纠正1件，其他结果1件，尚未审结1件。被提起行政诉讼6件，其中未经复议直接起诉4件、复议后起诉2件。",
    );
    quiet(
        "proactive_disclosure",
        "本局制发行政规范性文件12件，废止行政规范性文件3件，现行有效行政规范性文件45件；作出行政许可决定15234件。全年行政事业性收费金额125.36万元，即1253600元。",
    );
}

#[test]
fn each_outcome_row_and_the_carried_rows() {
    assert_eq!(
        found("applications", "其中予以公开96件，不予处理的12件。"),
        vec![
            ("予以公开96件".into(), json!(96), json!(95)),
            ("不予处理的12件".into(), json!(12), json!(13)),
        ]
    );
    // 不予公开 is the sum of its eight rows, 其他处理 of its three.
    assert_eq!(
        found("applications", "不予公开21件，其他处理7件。"),
        vec![
            ("不予公开21件".into(), json!(21), json!(20)),
            ("其他处理7件".into(), json!(7), json!(8)),
        ]
    );
    assert_eq!(
        found("applications", "上年结转5件；结转下年度继续办理10件。"),
        vec![
            ("上年结转5件".into(), json!(5), json!(6)),
            ("结转下年度继续办理10件".into(), json!(10), json!(9)),
        ]
    );
    // The number before the words: carried forward to the next year.
    assert_eq!(
        found("applications", "其中10件结转2023年度办理。"),
        vec![("10件结转2023年度办理".into(), json!(10), json!(9))]
    );
    quiet("applications", "其中9件结转2023年度办理。");
}

#[test]
fn combined_figures_are_compared_with_the_sum_of_the_rows_they_name() {
    assert_eq!(
        found("applications", "予以公开及部分公开258件，无法提供265件。"),
        vec![
            ("予以公开及部分公开258件".into(), json!(258), json!(106)),
            ("无法提供265件".into(), json!(265), json!(31)),
        ]
    );
    quiet("applications", "予以公开和部分公开106件。");
    quiet("applications", "全部或部分公开106件。");
    // "分别" gives one figure per row: not read.
    quiet("applications", "予以公开和部分公开分别为95件、12件。");
}

#[test]
fn a_blank_total_is_read_as_the_sum_of_its_stated_columns() {
    let mut document = city("applications", "予以公开96件。");
    common::set(
        &mut document,
        "/applications/outcomes/disclosed/total",
        Value::Null,
    );
    let diagnostics = mismatches(&document);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].args["table"], 95);
}

#[test]
fn reviews_and_lawsuits_and_their_results() {
    assert_eq!(
        found("appeals", "共发生行政复议7件、行政诉讼9件。"),
        vec![
            ("行政复议7件".into(), json!(7), json!(6)),
            ("行政诉讼9件".into(), json!(9), json!(6)),
        ]
    );
    // "均维持" after the counts: every case upheld, which table 4 contradicts.
    assert_eq!(
        found(
            "appeals",
            "被申请行政复议6件、提起行政诉讼6件，均维持原行政行为。"
        ),
        vec![
            ("均维持".into(), json!(6), json!(3)),
            ("均维持".into(), json!(6), json!(3)),
        ]
    );
    assert_eq!(
        found("appeals", "行政复议6件，均已结案。"),
        vec![("均已结案".into(), json!(0), json!(1))]
    );
    assert_eq!(
        found("appeals", "行政复议6件，其中结果维持4件。"),
        vec![("结果维持4件".into(), json!(4), json!(3))]
    );
    // A result without a count of reviews or lawsuits before it names nothing.
    quiet("appeals", "结果维持4件。");
}

#[test]
fn an_explicit_none_is_a_zero() {
    assert_eq!(
        found("applications", "本年度未收到政府信息公开申请。"),
        vec![("未收到政府信息公开申请".into(), json!(0), json!(181))]
    );
    assert_eq!(
        found(
            "appeals",
            "2022年，本局未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
        )
        .len(),
        2
    );
    // "未经复议直接起诉" names a kind of lawsuit, not an absence.
    quiet("appeals", "未经复议直接起诉的行政诉讼案件正在审理。");
}

#[test]
fn table_2_figures() {
    assert_eq!(
        found(
            "proactive_disclosure",
            "本年度制发的行政规范性文件13件，现行有效规范性文件44件，作出行政处罚决定2311件。"
        ),
        vec![
            ("制发的行政规范性文件13件".into(), json!(13), json!(12)),
            ("现行有效规范性文件44件".into(), json!(44), json!(45)),
            ("行政处罚决定2311件".into(), json!(2311), json!(2310)),
        ]
    );
    assert_eq!(
        found("proactive_disclosure", "行政事业性收费金额125.3万元。"),
        vec![(
            "行政事业性收费金额125.3万元".into(),
            json!("125.3 万元"),
            json!("125.36 万元")
        )]
    );
    // Items (项) are not decisions, and 主动公开 counts are not table cells.
    quiet(
        "proactive_disclosure",
        "发布行政许可479项，主动公开政府信息3862条，公开规章12件。",
    );
}

#[test]
fn figures_about_other_things_are_left_alone() {
    quiet(
        "applications",
        "受理群众投诉101309件，市长专线转办件80882件，网上申请150件。",
    );
    quiet("applications", "推行“一件事”集成服务，2件事项实现一次办。");
    quiet("applications", "全年收到申请约200件。");
    quiet("applications", "收到申请100余件。");
    // Another year, or a comparison with one.
    quiet("applications", "2021年收到政府信息公开申请80件。");
    quiet(
        "applications",
        "收到申请181件，较上年收到申请170件有所增加。",
    );
    // A part: each department, or 其中.
    quiet("applications", "各部门收到政府信息公开申请10件。");
    quiet("applications", "收到申请181件，其中通过网络收到申请150件。");
    // The problems section states no table figures.
    quiet("problems_and_improvements", "收到政府信息公开申请1件。");
    // A table 3 figure in section 二 is not read.
    quiet("proactive_disclosure", "收到政府信息公开申请1件。");
}

#[test]
fn a_subject_stated_with_two_figures_is_left_alone() {
    // A government and its departments: neither figure alone is the table's.
    quiet(
        "applications",
        "管委会共收到依申请公开16件。各部门收到依申请公开10件，均已办结。",
    );
    quiet(
        "applications",
        "共收到政府信息公开申请16件。另收到政府信息公开申请10件。",
    );
}

#[test]
fn handled_may_mean_received_received_and_carried_or_concluded() {
    // 一 181, 一 + 二 187, （七）178: each is a fair reading of 办理.
    quiet("applications", "全年办理政府信息公开申请187件。");
    quiet("applications", "全年办理政府信息公开申请178件。");
    assert_eq!(
        found("applications", "全年办理政府信息公开申请200件。"),
        vec![("办理政府信息公开申请200件".into(), json!(200), json!(181))]
    );
}

#[test]
fn the_2019_edition() {
    let mut document = common::complete_example(Edition::E2019);
    document["sections"] = json!({
        "overview": "全年收到依申请公开26件，新制作规范性文件6件。",
    });
    let found: Vec<_> = mismatches(&document)
        .iter()
        .map(|d| (d.args["excerpt"].clone(), d.related.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            json!("新制作规范性文件6件"),
            vec!["/proactive_disclosure/normative_documents/made".to_owned()]
        )]
    );
}
