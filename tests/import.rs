//! The importer on real published texts: the seed imports to the hand-made example, and on the
//! corpus every placed number is right (precision 100%) and almost every labelled cell is found.

mod common;

use std::collections::BTreeMap;

use common::gold::{self, GoldTarget};
use serde_json::Value;
use xxgk::check::{Options, Rule, check_value};
use xxgk::import::{PROVENANCE_KEY, import};
use xxgk::model::Edition;

fn import_file(path: &std::path::Path) -> xxgk::import::Imported {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import(&bytes, &path.display().to_string())
}

#[test]
fn the_seed_imports_cell_for_cell_to_the_hand_made_example_and_checks_clean() {
    let imported = import_file(&gold::corpus_dir().join("../seeds/000_baa04b3ed7a09fb6.txt"));
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

#[test]
fn corpus_precision_is_total_and_recall_high() {
    let dir = gold::corpus_dir();
    let mut total = Score::default();
    let mut wrong = Vec::new();
    let mut editions_wrong = Vec::new();
    let mut report = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("raw")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let gold = gold::read_gold(&dir.join("gold").join(format!("{stem}.tsv")));
        let imported = import_file(&path);
        let document = &imported.document;
        let edition = Edition::from_tag(document["edition"].as_str().unwrap_or_default());
        if let (Some(want), Some(got)) = (gold.edition, edition)
            && !gold.cells.is_empty()
            && want != got
        {
            editions_wrong.push(format!("{stem}: {got:?} for {want:?}"));
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
    let precision = total.right as f64 / (total.right + total.wrong).max(1) as f64;
    let recall = total.right as f64 / total.gold.max(1) as f64;
    println!(
        "total {} gold cells: precision {:.2}%, recall {:.2}%",
        total.gold,
        100.0 * precision,
        100.0 * recall
    );
    assert!(wrong.is_empty(), "wrong numbers: {wrong:#?}");
    assert!(editions_wrong.is_empty(), "{editions_wrong:?}");
    assert!(recall >= 0.98, "recall {recall:.4}");
}
