//! The importer's fidelity invariant, as a property: whatever the text, every number of the
//! document it outputs is a number printed in the source. Real report texts of the corpus are
//! damaged at random (numbers rewritten in other forms, lines cut, joined, repeated, cells and
//! noise inserted) and imported; each number of the document (outside `extensions`, which
//! holds line numbers) must be a token of the text: a run of digits, `.` and `,` read as the
//! importer reads values (full-width forms as ASCII, thousands separators and leading zeros
//! dropped, the sign apart).

mod common;

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::Value;
use xxgk::import::{import_text, normalize::half_width};
use xxgk::model::metadata::Carrier;

/// The texts damaged: the extracted texts of the corpus and the import fixture.
fn bases() -> &'static [String] {
    static BASES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        let mut paths = common::list_data(&common::corpus_path("raw"));
        paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        paths.push(common::seed_text_path());
        paths.iter().map(|path| common::read_text(path)).collect()
    })
}

/// One change to a text, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Edit {
    /// Rewrite the number found at or after the position, in another printed form.
    Renumber { at: f64, value: u64, form: u8 },
    /// Insert text.
    Insert { at: f64, text: String },
    /// Remove up to `len` bytes.
    Remove { at: f64, len: usize },
    /// Repeat the line at the position.
    RepeatLine { at: f64 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        4 => (at.clone(), 0u64..2_000_000, 0u8..8)
            .prop_map(|(at, value, form)| Edit::Renumber { at, value, form }),
        2 => (at.clone(), "[0-9０-９ |.,/—\\-+增减万元（）()\n件个]{1,12}")
            .prop_map(|(at, text)| Edit::Insert { at, text }),
        2 => (at.clone(), 1usize..400).prop_map(|(at, len)| Edit::Remove { at, len }),
        1 => at.prop_map(|at| Edit::RepeatLine { at }),
    ]
}

/// A number in one of the forms reports print them.
fn printed(value: u64, form: u8) -> String {
    let plain = value.to_string();
    match form {
        0 => plain,
        1 => plain
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect(),
        2 => format!("{value:0>8}"),
        3 => {
            let digits: Vec<char> = plain.chars().collect();
            let mut grouped = String::new();
            for (i, c) in digits.iter().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    grouped.push(',');
                }
                grouped.push(*c);
            }
            grouped
        }
        4 => format!("{}.{:02}万元", value / 100, value % 100),
        5 => format!("-{plain}"),
        6 => format!("增{plain}"),
        _ => format!("{plain}元"),
    }
}

/// The byte offset of `at` (a fraction) in `text`, on a character boundary.
fn offset(text: &str, at: f64) -> usize {
    let mut offset = ((text.len() as f64) * at) as usize;
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn apply(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Renumber { at, value, form } => {
            let start = offset(text, *at);
            let Some(found) = text[start..].find(|c: char| c.is_ascii_digit()) else {
                return;
            };
            let from = start + found;
            let len = text[from..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len() - from);
            text.replace_range(from..from + len, &printed(*value, *form));
        }
        Edit::Insert { at, text: inserted } => {
            let at = offset(text, *at);
            text.insert_str(at, inserted);
        }
        Edit::Remove { at, len } => {
            let from = offset(text, *at);
            let to = offset(text, (from + len) as f64 / text.len().max(1) as f64).max(from);
            text.replace_range(from..to, "");
        }
        Edit::RepeatLine { at } => {
            let at = offset(text, *at);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_owned();
            text.insert_str(end, &line);
        }
    }
}

/// A number as the importer reads it: digits without thousands separators and leading zeros.
fn normalized(digits: &str) -> String {
    let digits: String = digits.chars().filter(|&c| c != ',').collect();
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// Every number printed in a text: its runs of digits, `.` and `,` (full-width forms read as
/// ASCII).
fn source_numbers(text: &str) -> HashSet<String> {
    let half: String = text.chars().map(half_width).collect();
    half.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .filter(|run| run.bytes().any(|b| b.is_ascii_digit()))
        .map(normalized)
        .collect()
}

/// Every number of a document outside `extensions`, as text without its sign: JSON numbers and
/// the `amount` strings of money.
fn document_numbers(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Number(n) => out.push(n.to_string().trim_start_matches('-').to_owned()),
        Value::Object(members) => {
            for (name, member) in members {
                match (name.as_str(), member) {
                    ("extensions", _) => {}
                    ("amount", Value::String(amount)) => {
                        out.push(amount.trim_start_matches('-').to_owned());
                    }
                    _ => document_numbers(member, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| document_numbers(item, out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_number_imported_is_printed_in_the_source(
        base in 0usize..64,
        edits in prop::collection::vec(edit(), 0..24),
    ) {
        let bases = bases();
        let mut text = bases[base % bases.len()].clone();
        for edit in &edits {
            apply(&mut text, edit);
        }
        let imported = import_text(&text, Carrier::Text);
        let printed = source_numbers(&text);
        let mut numbers = Vec::new();
        document_numbers(&imported.document, &mut numbers);
        for number in numbers {
            prop_assert!(
                printed.contains(&normalized(&number)),
                "{number} is not printed in the source"
            );
        }
    }
}

/// The property's own parts: numbers are found in the forms reports print.
#[test]
fn source_numbers_are_read_as_the_importer_reads_values() {
    let numbers = source_numbers("行政许可 | １２ | 1,234 | 007 | 16359.26412(万元) | -5 |");
    for expected in ["12", "1234", "7", "16359.26412", "5"] {
        assert!(numbers.contains(expected), "{expected}: {numbers:?}");
    }
    let mut found = Vec::new();
    let document = serde_json::json!({
        "report_year": 2020,
        "t": { "a": 3, "money": { "amount": "1.50", "unit": "wan_yuan" }, "change": -4 },
        "extensions": { "xxgk.import": { "line": 99 } }
    });
    document_numbers(&document, &mut found);
    assert_eq!(found, ["2020", "3", "1.50", "4"]);
}

/// Found by the property: a year was read out of the end of a longer number in the title
/// (`00012021年…报告` gave 2021).
#[test]
fn a_year_is_never_the_end_of_a_longer_number() {
    let text = "示例区人民政府00012021年政府信息公开工作年度报告\n一、总体情况\n";
    let imported = import_text(text, Carrier::Text);
    assert!(
        imported.document.get("report_year").is_none(),
        "{}",
        imported.document
    );
    let text = "示例区人民政府2021年政府信息公开工作年度报告\n一、总体情况\n";
    assert_eq!(
        import_text(text, Carrier::Text).document["report_year"],
        2021
    );
}
