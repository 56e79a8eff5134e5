//! Layout-preserving text (`pdftotext -layout`): a row's values may stand on a line of their own,
//! above, below or inside a wrapped label. Whatever the arrangement, every value the importer
//! places is the one printed for that cell; a row it cannot tell is left unplaced and reported.

use proptest::prelude::*;
use serde_json::Value;
use xxgk::import::import;

/// A 2019-edition table 2 row in this test: label, pointer, and whether its middle column is a
/// signed change (本年增/减).
const ROWS: [(&str, &str, [&str; 3]); 6] = [
    (
        "规章",
        "regulations",
        ["made", "published", "total_published"],
    ),
    (
        "规范性文件",
        "normative_documents",
        ["made", "published", "total_published"],
    ),
    (
        "行政许可",
        "administrative_licensing",
        ["previous_items", "change", "decisions"],
    ),
    (
        "其他对外管理服务事项",
        "other_administrative_services",
        ["previous_items", "change", "decisions"],
    ),
    (
        "行政处罚",
        "administrative_penalties",
        ["previous_items", "change", "decisions"],
    ),
    (
        "行政强制",
        "administrative_enforcement",
        ["previous_items", "change", "decisions"],
    ),
];

/// Headings printed before rows 0, 2 and 4.
fn block_heading(row: usize) -> Option<&'static str> {
    match row {
        0 => Some(
            "第二十条第（一）项\n      信息内容          本年新制作数量    本年新公开数量    对外公开总数量",
        ),
        2 => Some(
            "第二十条第（五）项\n      信息内容          上一年项目数量    本年增/减    处理决定数量",
        ),
        4 => Some(
            "第二十条第（六）项\n      信息内容          上一年项目数量    本年增/减    处理决定数量",
        ),
        _ => None,
    }
}

const TITLE: &str = "示例县示例局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n";

fn cell(document: &Value, row: usize, column: usize) -> &Value {
    let (_, key, columns) = ROWS[row];
    &document["proactive_disclosure"][key][columns[column]]
}

fn import_text(text: &str) -> xxgk::import::Imported {
    import(text.as_bytes(), "layout.txt")
}

fn unplaced_reasons(imported: &xxgk::import::Imported) -> Vec<String> {
    imported
        .diagnostics
        .iter()
        .filter(|d| d.code() == "I703")
        .map(|d| format!("{:?}", d.args))
        .collect()
}

/// The reproducer: the label is centred in a tall cell, so each values line comes
/// before its label.
#[test]
fn values_above_their_labels_go_to_those_labels() {
    let text = format!(
        "{TITLE}第二十条第（一）项\n          信息内容                 本年新制作数量   本年新公开数量   对外公开总数量\n                                       0           0              0\n             规章\n\n                                      10              7           7\n         规范性文件\n"
    );
    let imported = import_text(&text);
    let document = &imported.document;
    for column in 0..3 {
        assert_eq!(cell(document, 0, column), 0, "规章");
    }
    let normative: Vec<&Value> = (0..3).map(|c| cell(document, 1, c)).collect();
    assert_eq!(normative, [10, 7, 7]);
    assert!(unplaced_reasons(&imported).is_empty());
}

#[test]
fn a_values_line_as_near_to_two_labels_goes_to_neither() {
    let text = format!(
        "{TITLE}第二十条第（一）项\n    信息内容     本年新制作数量   本年新公开数量   对外公开总数量\n  规章\n          10     7     7\n  规范性文件\n"
    );
    let imported = import_text(&text);
    for row in 0..2 {
        for column in 0..3 {
            assert_eq!(cell(&imported.document, row, column), &Value::Null);
        }
    }
    let reasons = unplaced_reasons(&imported);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons.iter().all(|r| r.contains("as near to")),
        "{reasons:?}"
    );
}

#[test]
fn values_above_some_labels_and_below_others_are_not_trusted() {
    let text = format!(
        "{TITLE}第二十条第（一）项\n    信息内容     本年新制作数量   本年新公开数量   对外公开总数量\n          1     2     3\n  规章\n\n\n  规范性文件\n          4     5     6\n"
    );
    let imported = import_text(&text);
    for row in 0..2 {
        for column in 0..3 {
            assert_eq!(cell(&imported.document, row, column), &Value::Null);
        }
    }
    let reasons = unplaced_reasons(&imported);
    assert!(
        reasons.len() == 2 && reasons.iter().all(|r| r.contains("above some labels")),
        "{reasons:?}"
    );
}

/// A label wrapped over two lines with its values on the line between: the values are inside
/// the label, whatever the other rows do.
#[test]
fn values_inside_a_wrapped_label_are_its_own() {
    let text = format!(
        "{TITLE}第二十条第（五）项\n    信息内容     上一年项目数量   本年增/减   处理决定数量\n  行政许可   5   1   6\n  其他对外管理\n          8     -2     6\n  服务事项\n"
    );
    let imported = import_text(&text);
    let other: Vec<&Value> = (0..3).map(|c| cell(&imported.document, 3, c)).collect();
    assert_eq!(other, [8, -2, 6]);
}

/// Issue 17: a borderless table printed to PDF leaves a blank cell as nothing at all. The
/// columns of the table's full rows tell which column the short row's values stand in.
#[test]
fn a_blank_cell_is_told_by_the_columns_of_the_full_rows() {
    let row = |label: &str, values: [&str; 3]| {
        format!(
            "  {label}{}{:>8}{:>16}{:>16}\n",
            " ".repeat(24 - 2 * label.chars().count()),
            values[0],
            values[1],
            values[2]
        )
    };
    let text = |middle: &str| {
        [
            TITLE.to_owned(),
            block_heading(0).unwrap().to_owned(),
            "\n".to_owned(),
            row("规章", ["1", "2", "3"]),
            row("规范性文件", ["4", "5", "6"]),
            block_heading(2).unwrap().to_owned(),
            "\n".to_owned(),
            row("行政许可", ["7", middle, "9"]),
            row("其他对外管理服务事项", ["10", "11", "12"]),
            block_heading(4).unwrap().to_owned(),
            "\n".to_owned(),
            row("行政处罚", ["13", "14", "15"]),
        ]
        .concat()
    };
    let imported = import_text(&text(""));
    let document = &imported.document;
    let licensing: Vec<&Value> = (0..3).map(|c| cell(document, 2, c)).collect();
    assert_eq!(licensing, [&Value::from(7), &Value::Null, &Value::from(9)]);
    let provenance = &document["extensions"][xxgk::import::PROVENANCE_KEY]["cells"];
    assert_eq!(
        provenance["/proactive_disclosure/administrative_licensing/change"]["raw"], "",
        "the blank is read in the source, not missing from it"
    );
    assert_eq!(cell(document, 4, 2), 15);
    assert!(
        unplaced_reasons(&imported).is_empty(),
        "{:?}",
        unplaced_reasons(&imported)
    );

    // Two values standing between columns: which is blank cannot be told.
    let between = text("").replace("7               ", "        7       ");
    let imported = import_text(&between);
    assert_eq!(cell(&imported.document, 2, 0), &Value::Null, "{between}");
    assert_eq!(unplaced_reasons(&imported).len(), 1);
}

/// How one row is printed.
#[derive(Debug, Clone, Copy)]
enum Arrangement {
    /// Label and values on one line.
    SameLine,
    /// The values `gap` blank lines above the label.
    Above { gap: usize },
    /// The values `gap` blank lines below the label.
    Below { gap: usize },
    /// The label wrapped after `at` characters, the values on the line between its parts.
    Wrapped { at: usize },
    /// The first value on a line above the label, the others beside it.
    Split,
    /// Every cell blank: only the label is printed.
    Blank,
}

fn arrangement() -> impl Strategy<Value = Arrangement> {
    prop_oneof![
        3 => Just(Arrangement::SameLine),
        2 => (0usize..3).prop_map(|gap| Arrangement::Above { gap }),
        2 => (0usize..3).prop_map(|gap| Arrangement::Below { gap }),
        1 => (1usize..5).prop_map(|at| Arrangement::Wrapped { at }),
        1 => Just(Arrangement::Split),
        1 => Just(Arrangement::Blank),
    ]
}

fn row_values() -> impl Strategy<Value = [i64; 3]> {
    (0i64..3000, -60i64..60, 0i64..3000).prop_map(|(a, b, c)| [a, b, c])
}

/// The values as printed in row `row`: only the 本年增/减 column of blocks (五) and (六) is signed.
fn printed(row: usize, values: [i64; 3]) -> [i64; 3] {
    if row < 2 {
        values.map(i64::abs)
    } else {
        values
    }
}

fn render(rows: &[(Arrangement, [i64; 3], usize, usize)]) -> String {
    let mut text = TITLE.to_owned();
    for (row, &(arrangement, values, indent, gap_after)) in rows.iter().enumerate() {
        if let Some(heading) = block_heading(row) {
            text.push_str(heading);
            text.push('\n');
        }
        let label = ROWS[row].0;
        let pad = " ".repeat(indent);
        let [a, b, c] = printed(row, values);
        let values_line = format!("{pad}                    {a}      {b}      {c}");
        let blank_lines = |n: usize| "\n".repeat(n);
        match arrangement {
            Arrangement::SameLine => {
                text.push_str(&format!("{pad}{label}    {}\n", values_line.trim_start()))
            }
            Arrangement::Above { gap } => text.push_str(&format!(
                "{values_line}\n{}{pad}{label}\n",
                blank_lines(gap)
            )),
            Arrangement::Below { gap } => text.push_str(&format!(
                "{pad}{label}\n{}{values_line}\n",
                blank_lines(gap)
            )),
            Arrangement::Wrapped { at } => {
                let at = at.min(label.chars().count() - 1);
                let (head, tail): (String, String) = (
                    label.chars().take(at).collect(),
                    label.chars().skip(at).collect(),
                );
                text.push_str(&format!("{pad}{head}\n{values_line}\n{pad}{tail}\n"))
            }
            Arrangement::Split => text.push_str(&format!(
                "{pad}          {a}\n{pad}{label}      {b}      {c}\n"
            )),
            Arrangement::Blank => text.push_str(&format!("{pad}{label}\n")),
        }
        text.push_str(&blank_lines(gap_after));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the arrangement, a placed value is the one printed for its cell.
    #[test]
    fn every_placed_value_is_its_cells(
        rows in proptest::collection::vec((arrangement(), row_values(), 0usize..12, 0usize..3), 6)
    ) {
        let text = render(&rows);
        let imported = import_text(&text);
        let document = &imported.document;
        for (row, &(arrangement, values, _, _)) in rows.iter().enumerate() {
            for (column, printed) in printed(row, values).into_iter().enumerate() {
                let got = cell(document, row, column);
                let right = match arrangement {
                    Arrangement::Blank => got.is_null(),
                    _ => got.is_null() || *got == printed,
                };
                prop_assert!(right, "row {} column {column}: {got} for {printed:?} ({arrangement:?})\n{text}", ROWS[row].0);
            }
        }
    }

    /// Rows printed on their own lines are all read, whatever the spacing.
    #[test]
    fn same_line_rows_are_all_placed(
        rows in proptest::collection::vec((Just(Arrangement::SameLine), row_values(), 0usize..12, 0usize..3), 6)
    ) {
        let text = render(&rows);
        let document = import_text(&text).document;
        for (row, &(_, values, _, _)) in rows.iter().enumerate() {
            for (column, printed) in printed(row, values).into_iter().enumerate() {
                prop_assert_eq!(cell(&document, row, column), &Value::from(printed), "{}", text);
            }
        }
    }
}

/// Pages written for this test, printed to PDF by LibreOffice and read back with
/// `pdftotext -layout` (`tests/fixtures/layout/make.py`): a department's report on its
/// government's portal, the title wrapped after the year, table 2's values at the top (2019) or
/// the bottom (2021) of tall cells, table 3's labels wrapped in narrow columns. Every value placed
/// is the printed one, the agency is the department's (not the portal's), and most cells are read.
#[test]
fn layout_text_of_pdfs_places_only_printed_values() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout");
    for name in [
        "department-2019-values-top",
        "department-2021-values-bottom",
    ] {
        let text_path = dir.join(format!("{name}.txt"));
        let text =
            std::fs::read(&text_path).unwrap_or_else(|e| panic!("{}: {e}", text_path.display()));
        let expected_path = dir.join("expected").join(format!("{name}.json"));
        let expected: Value = serde_json::from_slice(
            &std::fs::read(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap();
        let document = import(&text, name).document;
        let meta = &expected["meta"];
        assert_eq!(document["agency"]["name"], meta["agency"], "{name}");
        assert_eq!(document["report_year"], meta["report_year"], "{name}");
        assert_eq!(document["edition"], meta["edition"], "{name}");
        let cells = expected["cells"].as_object().unwrap();
        let mut placed = 0;
        for (pointer, want) in cells {
            let got = document.pointer(pointer).unwrap_or(&Value::Null);
            assert!(
                got.is_null() || got == want,
                "{name} {pointer}: {got} for {want}"
            );
            placed += usize::from(!got.is_null());
        }
        println!("{name}: {placed} of {} cells placed", cells.len());
        assert!(
            placed * 100 >= cells.len() * 80,
            "{name}: recall {placed}/{}",
            cells.len()
        );
    }
}
