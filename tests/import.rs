//! The importer on real published texts: the seed imports to the hand-made example, and on the
//! corpus every placed number is right (precision 100%) and almost every labelled cell is found.

mod common;

use std::collections::BTreeMap;

use common::gold::{self, GoldTarget};
use serde_json::Value;
use xxgk::check::{Options, check_value};
use xxgk::diagnostics::Rule;
use xxgk::import::{PROVENANCE_KEY, import};
use xxgk::model::Edition;

fn import_file(path: &std::path::Path) -> xxgk::import::Imported {
    import(&common::read_data(path), &path.display().to_string())
}

#[test]
fn the_seed_imports_cell_for_cell_to_the_hand_made_example_and_checks_clean() {
    let imported = import_file(&common::seed_text_path());
    let example = common::seed_example();
    for table in ["proactive_disclosure", "applications", "appeals"] {
        assert_eq!(imported.document[table], example[table], "{table}");
    }
    for key in ["edition", "report_year", "period"] {
        assert_eq!(imported.document[key], example[key], "{key}");
    }
    assert_eq!(
        imported.document["agency"]["name"],
        example["agency"]["name"]
    );
    let checked = check_value(&imported.document, &Options { current_year: 2026 });
    assert_eq!(checked.diagnostics, vec![]);
    let spam: Vec<_> = imported
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::MirrorDamage)
        .collect();
    assert_eq!(spam.len(), 3, "the brand spliced into lines 2, 15 and 21");
}

/// Per file: (gold cells, cells placed and right, cells placed and wrong).
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    gold: usize,
    right: usize,
    wrong: usize,
}

/// Compares an imported document with a gold file. A gold cell with a value is right when the
/// document states that number; a gold blank is right when the document has null and its
/// provenance shows the blank was read in the source (not absent).
fn score(document: &Value, gold: &gold::Gold, edition: Edition, wrong: &mut Vec<String>) -> Score {
    let provenance = &document["extensions"][PROVENANCE_KEY]["cells"];
    let mut score = Score::default();
    for cell in &gold.cells {
        score.gold += 1;
        let Some(target) = gold::target(edition, &cell.key) else {
            wrong.push(format!("{}: no pointer", cell.key));
            continue;
        };
        let Ok(stated) = gold::stated_value(document, &target) else {
            continue;
        };
        let found_in_source = match &target {
            GoldTarget::Cell(pointer) => provenance.get(pointer).is_some(),
            GoldTarget::Extra { .. } => true,
        };
        match (&stated, &cell.value) {
            (Some(got), Some(want)) if got == want => score.right += 1,
            (None, None) if found_in_source => score.right += 1,
            (None, _) => {}
            (Some(got), want) => {
                score.wrong += 1;
                wrong.push(format!(
                    "{}: imported {got}, gold {want:?} (printed {:?})",
                    cell.key, cell.raw
                ));
            }
        }
    }
    score
}

/// Imports every file of `raw` and scores it against `gold/<stem>.tsv`; prints a table and
/// returns the totals and every wrong number.
fn score_folder(raw: &std::path::Path, gold_dir: &std::path::Path) -> (Score, Vec<String>) {
    let mut total = Score::default();
    let mut wrong = Vec::new();
    let mut editions_wrong = Vec::new();
    let mut report = BTreeMap::new();
    for path in common::list_data(raw) {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let gold = gold::read_gold(&gold_dir.join(format!("{stem}.tsv")));
        let imported = import_file(&path);
        let document = &imported.document;
        let edition = Edition::from_tag(document["edition"].as_str().unwrap_or_default());
        if let (Some(want), Some(got)) = (gold.edition, edition)
            && !gold.cells.is_empty()
            && want != got
        {
            editions_wrong.push(format!("{stem}: edition {got:?} for {want:?}"));
        }
        let mut file_wrong = Vec::new();
        let score = score(
            document,
            &gold,
            gold.edition.or(edition).unwrap_or(Edition::E2021),
            &mut file_wrong,
        );
        wrong.extend(file_wrong.into_iter().map(|w| format!("{stem}: {w}")));
        total.gold += score.gold;
        total.right += score.right;
        total.wrong += score.wrong;
        report.insert(stem, score);
    }
    println!("file  gold  right  wrong  recall");
    for (file, s) in &report {
        let recall = if s.gold == 0 {
            1.0
        } else {
            s.right as f64 / s.gold as f64
        };
        println!(
            "{file:>4}  {:>4}  {:>5}  {:>5}  {:>6.1}%",
            s.gold,
            s.right,
            s.wrong,
            100.0 * recall
        );
    }
    println!(
        "total {} gold cells: precision {:.2}%, recall {:.2}%",
        total.gold,
        100.0 * total.right as f64 / (total.right + total.wrong).max(1) as f64,
        100.0 * total.recall()
    );
    wrong.extend(editions_wrong);
    (total, wrong)
}

impl Score {
    fn recall(&self) -> f64 {
        self.right as f64 / self.gold.max(1) as f64
    }
}

#[test]
fn corpus_precision_is_total_and_recall_high() {
    let dir = common::corpus_path("");
    let (total, wrong) = score_folder(&dir.join("raw"), &dir.join("gold"));
    assert!(wrong.is_empty(), "wrong numbers or editions: {wrong:#?}");
    assert!(total.recall() >= 0.98, "recall {:.4}", total.recall());
}

/// The three complete pages printed to PDF by LibreOffice and read back with
/// `pdftotext -layout` (`tests/corpus/make-layout.sh`): labels centred in tall cells, labels
/// wrapped around their values, headers stacked one character per line. No number may be wrong;
/// recall is what layout text allows (75.3% before short rows were aligned by the columns of the
/// full ones and labels found beside group labels, 90.5% after).
#[test]
fn layout_text_of_real_pages_has_no_wrong_number() {
    let dir = common::corpus_path("");
    let (total, wrong) = score_folder(&dir.join("layout"), &dir.join("gold"));
    assert!(wrong.is_empty(), "wrong numbers or editions: {wrong:#?}");
    assert!(total.recall() >= 0.90, "recall {:.4}", total.recall());
}

/// The agency and year an imported report names are the report's: a value is either right or
/// absent, never another body's name (issue 21: the site owner taken for a department).
#[test]
fn corpus_metadata_is_right_or_absent() {
    let dir = common::corpus_path("");
    let mut agencies = (0, 0);
    let mut wrong = Vec::new();
    let paths = common::list_data(&dir.join("raw"))
        .into_iter()
        .chain(common::list_data(&dir.join("layout")))
        .chain([common::seed_text_path()]);
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let gold = gold::read_gold(&dir.join("gold").join(format!("{stem}.tsv")));
        let document = import_file(&path).document;
        let official = |name: &str| name.replace('(', "（").replace(')', "）");
        if let (Some(want), Some(got)) = (&gold.agency, document["agency"]["name"].as_str()) {
            // The gold names the agency in full where the report prints a short form (中村乡).
            let (want, got) = (official(want), official(got));
            agencies.1 += 1;
            if want.contains(&got) || got.contains(&want) {
                agencies.0 += 1;
            } else {
                wrong.push(format!("{stem}: agency {got} for {want}"));
            }
        }
        if let (Some(want), Some(got)) = (gold.report_year, document["report_year"].as_u64())
            && u64::from(want) != got
        {
            wrong.push(format!("{stem}: year {got} for {want}"));
        }
    }
    println!(
        "agency named in {} reports, right in {}",
        agencies.1, agencies.0
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Hostile or broken inputs give diagnostics, never a panic.
#[test]
fn bad_input_gives_diagnostics_not_panics() {
    let junk: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let deep = format!(
        "<html><body>{}二、主动公开政府信息情况{}</body></html>",
        "<div>".repeat(5_000),
        "</div>".repeat(5_000)
    );
    // Tables in cells, never closed: each level turns its row into page layout.
    let deep_tables = "<table><tr><td>规章".repeat(20_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("junk.txt", junk.clone()),
        ("empty.txt", Vec::new()),
        ("empty.html", Vec::new()),
        ("deep.html", deep.into_bytes()),
        ("deep-tables.html", deep_tables.into_bytes()),
        ("broken.docx", b"PK\x03\x04 not really a zip".to_vec()),
        ("junk.docx", junk),
        (
            "invalid-utf8-and-gbk.html",
            b"<html><body>\xff\xfe\xfd\x80\x80</body></html>".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let imported = import(&bytes, name);
        assert!(
            imported
                .diagnostics
                .iter()
                .any(|d| d.severity() == xxgk::diagnostics::Severity::Error),
            "{name}: {:?}",
            imported.diagnostics
        );
    }
}

#[test]
fn a_report_without_tables_invents_nothing() {
    let text = "示例县示例镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n2024年，本镇……\n二、主动公开政府信息情况\n详见图片。\n三、收到和处理政府信息公开申请情况\n详见图片。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n略。\n六、其他需要报告的事项\n无。\n";
    let imported = import(text.as_bytes(), "no-tables.txt");
    let document = &imported.document;
    assert_eq!(document["report_year"], 2024);
    assert_eq!(document["agency"]["name"], "示例县示例镇人民政府");
    let edition = Edition::from_tag(document["edition"].as_str().unwrap()).unwrap();
    for cell in xxgk::schema::cells::cells(edition) {
        assert_eq!(
            document.pointer(&cell.pointer),
            Some(&Value::Null),
            "{}",
            cell.pointer
        );
    }
    let absent = document["extensions"][PROVENANCE_KEY]["absent"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(absent, xxgk::schema::cells::cells(edition).len());
    let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "I701").count(),
        3,
        "{codes:?}"
    );
    assert!(
        codes.contains(&"I704"),
        "edition assumed from the year: {codes:?}"
    );
}

/// Fixtures for the carriers the corpus lacks (tests/fixtures/import/README.md): every cell comes
/// out as the fixture's author wrote it in `expected/` (a blank as null, read in the source), and
/// the whole document is snapshotted for review.
#[test]
fn fixtures_import_to_their_expected_cells() {
    let dir = common::repo_root().join("tests/fixtures/import");
    for name in [
        "html-2021-word-pasted.html",
        "html-2019-gbk.html",
        "docx-2021.docx",
        "text-tables-missing.txt",
        "html-2019-year-first-title.html",
        "html-2021-taiwan-mirror.html",
    ] {
        let imported = import_file(&dir.join(name));
        let stem = name.rsplit_once('.').unwrap().0;
        let expected = common::read_json(&dir.join("expected").join(format!("{stem}.json")));
        let document = &imported.document;
        let provenance = &document["extensions"][PROVENANCE_KEY]["cells"];
        let all_absent = expected["meta"]["all_absent"] == true;
        for (pointer, want) in expected["cells"].as_object().unwrap() {
            assert_eq!(document.pointer(pointer), Some(want), "{name} {pointer}");
            assert_eq!(
                provenance.get(pointer).is_some(),
                !all_absent,
                "{name} {pointer}: provenance"
            );
        }
        for key in ["edition", "report_year", "published_on"] {
            if let Some(want) = expected["meta"].get(key) {
                assert_eq!(&document[key], want, "{name} {key}");
            }
        }
        assert_eq!(
            document["agency"]["name"], expected["meta"]["agency"],
            "{name}"
        );
        let errors = check_value(document, &Options { current_year: 2026 }).diagnostics;
        assert!(
            errors
                .iter()
                .all(|d| d.severity() != xxgk::diagnostics::Severity::Error),
            "{name}: {errors:?}"
        );
        insta::assert_json_snapshot!(format!("import-{stem}"), document);
    }
}

/// A test whose data file is missing fails with the path it could not read.
#[test]
#[should_panic(expected = "tests/corpus/raw/not-in-the-corpus.txt: No such file")]
fn a_missing_data_file_fails_the_test_with_its_path() {
    common::read_data(&common::corpus_path("raw/not-in-the-corpus.txt"));
}

/// Issue 15: a cell that prints several numbers is left unstated and reported with its text;
/// the other cells of its row are still read.
#[test]
fn cells_printing_several_numbers_are_never_joined() {
    let page = "<html><body><p>示例县示例局2019年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>\
        <tr><td>第二十条第（一）项</td></tr>\
        <tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>\
        <tr><td>规章</td><td>9&nbsp;9</td><td><p>1</p><p>0</p></td><td>5</td></tr>\
        <tr><td>规范性文件</td><td>9<sup>1</sup></td><td>53，274</td><td>1,234</td></tr>\
        </table></body></html>";
    let imported = import(page.as_bytes(), "joined.html");
    let table = &imported.document["proactive_disclosure"];
    assert_eq!(table["regulations"]["made"], Value::Null);
    assert_eq!(table["regulations"]["published"], Value::Null);
    assert_eq!(table["regulations"]["total_published"], 5);
    assert_eq!(table["normative_documents"]["made"], Value::Null);
    assert_eq!(table["normative_documents"]["published"], Value::Null);
    assert_eq!(table["normative_documents"]["total_published"], 1234);
    let quoted: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.code() == "I703")
        .map(|d| d.args["raw"].to_string())
        .collect();
    assert_eq!(
        quoted,
        [r#"["9 9"]"#, r#"["1 0"]"#, r#"["9 1"]"#, r#"["53，274"]"#],
        "{:?}",
        imported.diagnostics
    );
}

/// Table 4 of a report whose text prints neither a year nor a table header that names the
/// edition (its title has no year, its table 4 is the same in both editions).
const NO_YEAR_NO_HEADER: &str = "某县审计局政府信息公开工作年度报告
一、总体情况
我局认真贯彻落实《条例》。
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计
2 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0
五、存在的主要问题及改进情况
无。
";

#[test]
fn without_a_year_or_a_header_the_edition_is_not_invented() {
    let imported =
        xxgk::import::import_text(NO_YEAR_NO_HEADER, xxgk::model::metadata::Carrier::Text);
    let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.contains(&"I716"), "{codes:?}");
    assert!(
        !codes.contains(&"I704"),
        "nothing to assume from: {codes:?}"
    );
    let document = &imported.document;
    assert!(document.get("edition").is_none());
    assert!(
        document.get("appeals").is_none(),
        "no cell without an edition"
    );
    assert_eq!(
        document["agency"]["name"], "某县审计局",
        "a title without a year"
    );
    assert!(document["sections"]["overview"].is_string());
}

#[test]
fn a_supplied_year_settles_the_edition_and_the_tables_are_read() {
    let supplied = xxgk::import::Supplied {
        report_year: xxgk::model::ReportYear::new(2020),
        ..Default::default()
    };
    let imported = xxgk::import::import_text_with(
        NO_YEAR_NO_HEADER,
        xxgk::model::metadata::Carrier::Text,
        &supplied,
    );
    let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
    assert!(
        codes.contains(&"I704") && !codes.contains(&"I716"),
        "{codes:?}"
    );
    let document = &imported.document;
    assert_eq!(document["edition"], "2019");
    assert_eq!(document["appeals"]["administrative_review"]["total"], 2);
    assert_eq!(
        document["appeals"]["litigation_without_review"]["upheld"],
        1
    );
}

/// Table 2's first block with 规章's label cell left empty, then `after` (the rest of the table).
fn label_less_text(first_row: &str, after: &str) -> String {
    format!(
        "示例县司法局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n\
         信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n{first_row}\n{after}\
         第二十条第（五）项\n信息内容 | 本年处理决定数量\n行政许可 | 12\n"
    )
}

fn regulations(document: &Value) -> Vec<Value> {
    ["issued", "repealed", "in_force"]
        .iter()
        .map(|column| document["proactive_disclosure"]["regulations"][column].clone())
        .collect()
}

#[test]
fn a_row_without_its_label_is_placed_only_where_its_place_is_certain() {
    let text = xxgk::model::metadata::Carrier::Text;
    let normative = "行政规范性文件 | 5 | 2 | 8\n";
    for first_row in [" | 1 | 0 | 3", "1 | 0 | 3"] {
        let imported = xxgk::import::import_text(&label_less_text(first_row, normative), text);
        assert_eq!(regulations(&imported.document), [1, 0, 3], "{first_row:?}");
        let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
        assert!(codes.contains(&"I717"), "{codes:?}");
    }
    // The row after it not found: the values could be either row's.
    let imported = xxgk::import::import_text(&label_less_text(" | 1 | 0 | 3", ""), text);
    assert_eq!(
        regulations(&imported.document),
        [Value::Null, Value::Null, Value::Null]
    );
    // A label of the page's own before the values: they are that row's.
    let local = label_less_text("其他文件 | 1 | 0 | 3", normative);
    let imported = xxgk::import::import_text(&local, text);
    assert_eq!(
        regulations(&imported.document),
        [Value::Null, Value::Null, Value::Null]
    );
    // Not as many values as the row has cells.
    let imported = xxgk::import::import_text(&label_less_text(" | 1 | 0", normative), text);
    assert_eq!(
        regulations(&imported.document),
        [Value::Null, Value::Null, Value::Null]
    );
}

#[test]
fn an_html_row_with_an_empty_label_cell_is_placed_by_its_place() {
    let page = "<html><body><h1>示例县司法局2022年政府信息公开工作年度报告</h1>\
        <p>二、主动公开政府信息情况</p><table>\
        <tr><td colspan=4>第二十条第（一）项</td></tr>\
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\
        <tr><td><p>&nbsp;</p></td><td>1</td><td>0</td><td>3</td></tr>\
        <tr><td>行政规范性文件</td><td>5</td><td>2</td><td>8</td></tr>\
        <tr><td colspan=4>第二十条第（五）项</td></tr>\
        <tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>\
        <tr><td>行政许可</td><td colspan=3>12</td></tr></table></body></html>";
    let imported = import(page.as_bytes(), "page.html");
    assert_eq!(regulations(&imported.document), [1, 0, 3]);
    assert_eq!(
        imported.document["proactive_disclosure"]["normative_documents"]["in_force"],
        8
    );
}

/// Table 4 as PDF flipbooks print it: every header stacked one character per line, the fifteen
/// values one per line, on one line apart by spaces, or by runs of spaces.
#[test]
fn table_4_under_headers_stacked_one_character_per_line_is_read() {
    let mut lines = vec![
        "示例县司法局2022年政府信息公开工作年度报告".to_owned(),
        "四、政府信息公开行政复议、行政诉讼情况".to_owned(),
        "行政复议".to_owned(),
        "行政诉讼".to_owned(),
    ];
    let group = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    for title in ["", "未经复议直接起诉", "复议后起诉"] {
        if !title.is_empty() {
            lines.push(title.to_owned());
        }
        lines.extend(group.iter().flat_map(|h| h.chars().map(String::from)));
    }
    let values = [
        "3", "1", "0", "0", "4", "2", "0", "0", "1", "3", "0", "0", "0", "0", "0",
    ];
    for arrangement in [values.join("\n"), values.join(" "), values.join("   ")] {
        let text = format!(
            "{}\n{arrangement}\n五、存在的主要问题及改进情况\n无。\n",
            lines.join("\n")
        );
        let imported = xxgk::import::import_text(&text, xxgk::model::metadata::Carrier::Text);
        let appeals = &imported.document["appeals"];
        assert_eq!(
            appeals["administrative_review"]["total"], 4,
            "{arrangement:?}"
        );
        assert_eq!(appeals["litigation_without_review"]["pending"], 1);
        assert_eq!(appeals["litigation_without_review"]["total"], 3);
        assert_eq!(appeals["litigation_after_review"]["total"], 0);
    }
}
