//! PDF reports (`tests/fixtures/pdf/make.sh`): the repository's own reports printed to PDF by
//! LibreOffice and by Chromium, read back from their text layer. Every number placed is the
//! source's (precision 100%); recall is pinned per file by a floor; a scan yields no number and
//! says why; a damaged or encrypted file is unreadable, never a panic.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::gold::{self, GoldTarget};
use serde_json::{Value, json};
use xxgk::import::{PROVENANCE_KEY, import};
use xxgk::model::Edition;

/// What a PDF must import to.
enum Source {
    /// `tests/fixtures/import/expected/NAME.json` or `tests/fixtures/layout/expected/NAME.json`:
    /// pointer → value, a blank as null.
    Expected(&'static str),
    /// `tests/corpus/gold/NAME.tsv`.
    Gold(&'static str),
    /// No number at all: the tables are pictures.
    NoNumbers,
}

/// Each PDF, its source, and the least share of the source's cells it must place (percent): the
/// recall measured when the floor was set. Every table with ruling lines is read whole; two files
/// fall short for what they are: LibreOffice prints the GB2312 page's tables wider than the page,
/// their last columns cut off, so little of that file can be read; and the seed is a text file
/// printed as text, whose long label lines wrap onto a second line that holds the values. A table
/// without ruling lines is read from where its text stands, as layout text: there a label wrapped
/// over a group label's lines is found, but not every one.
const PDFS: [(&str, Source, u32); 22] = [
    (
        "lo-html-2019-gbk",
        Source::Expected("import/expected/html-2019-gbk"),
        8,
    ),
    (
        "chromium-html-2019-gbk",
        Source::Expected("import/expected/html-2019-gbk"),
        100,
    ),
    (
        "chromium-table-across-pages-2019",
        Source::Expected("import/expected/html-2019-gbk"),
        100,
    ),
    (
        "lo-html-2021-word-pasted",
        Source::Expected("import/expected/html-2021-word-pasted"),
        100,
    ),
    (
        "chromium-html-2021-word-pasted",
        Source::Expected("import/expected/html-2021-word-pasted"),
        100,
    ),
    (
        "chromium-repeated-header-2021",
        Source::Expected("import/expected/html-2021-word-pasted"),
        93,
    ),
    (
        "chromium-borderless-2021",
        Source::Expected("import/expected/html-2021-word-pasted"),
        93,
    ),
    (
        "chromium-landscape-2021",
        Source::Expected("import/expected/html-2021-word-pasted"),
        100,
    ),
    (
        "lo-docx-2021",
        Source::Expected("import/expected/docx-2021"),
        100,
    ),
    (
        "lo-department-2019-values-top",
        Source::Expected("layout/expected/department-2019-values-top"),
        100,
    ),
    (
        "chromium-department-2019-values-top",
        Source::Expected("layout/expected/department-2019-values-top"),
        100,
    ),
    (
        "lo-department-2021-values-bottom",
        Source::Expected("layout/expected/department-2021-values-bottom"),
        100,
    ),
    (
        "chromium-department-2021-values-bottom",
        Source::Expected("layout/expected/department-2021-values-bottom"),
        100,
    ),
    ("lo-seed", Source::Gold("000_baa04b3ed7a09fb6"), 95),
    ("lo-101", Source::Gold("101"), 100),
    ("chromium-101", Source::Gold("101"), 100),
    ("lo-104", Source::Gold("104"), 100),
    ("chromium-104", Source::Gold("104"), 100),
    ("lo-106", Source::Gold("106"), 100),
    ("chromium-106", Source::Gold("106"), 100),
    ("chromium-scan-2021", Source::NoNumbers, 100),
    ("chromium-table-images-2021", Source::NoNumbers, 100),
];

fn pdf_path(name: &str) -> PathBuf {
    common::repo_root().join(format!("tests/fixtures/pdf/{name}.pdf"))
}

/// (source cells, placed right, placed wrong), and every wrong one.
#[derive(Debug, Default)]
struct Score {
    cells: usize,
    right: usize,
    wrong: Vec<String>,
    /// Edition or year unlike the source's.
    metadata_wrong: Vec<String>,
}

fn score_expected(document: &Value, expected: &Value) -> Score {
    let provenance = &document["extensions"][PROVENANCE_KEY]["cells"];
    let mut score = Score::default();
    for (pointer, want) in expected["cells"].as_object().unwrap() {
        score.cells += 1;
        let got = document.pointer(pointer).unwrap_or(&Value::Null);
        if got.is_null() {
            // A blank is right when it was read in the source, not merely absent.
            score.right += usize::from(want.is_null() && provenance.get(pointer).is_some());
        } else if got == want {
            score.right += 1;
        } else {
            score.wrong.push(format!("{pointer}: {got} for {want}"));
        }
    }
    score
}

fn score_gold(document: &Value, gold: &gold::Gold) -> Score {
    let provenance = &document["extensions"][PROVENANCE_KEY]["cells"];
    let edition = gold.edition.unwrap_or(Edition::E2021);
    let mut score = Score::default();
    for cell in &gold.cells {
        score.cells += 1;
        let Some(target) = gold::target(edition, &cell.key) else {
            score.wrong.push(format!("{}: no pointer", cell.key));
            continue;
        };
        let Ok(stated) = gold::stated_value(document, &target) else {
            continue;
        };
        let read_in_source = match &target {
            GoldTarget::Cell(pointer) => provenance.get(pointer).is_some(),
            GoldTarget::Extra { .. } => true,
        };
        match (&stated, &cell.value) {
            (Some(got), Some(want)) if got == want => score.right += 1,
            (None, None) if read_in_source => score.right += 1,
            (None, _) => {}
            (Some(got), want) => score
                .wrong
                .push(format!("{}: {got} for {want:?}", cell.key)),
        }
    }
    score
}

/// Every number a document's tables state, by pointer.
fn numbers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Number(_) => out.push(at.to_owned()),
        Value::Object(map) => {
            for (key, v) in map {
                numbers(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                numbers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Scores a document imported from PDF `name` against its source, and compares its metadata.
fn score(name: &str, source: &Source, document: &Value) -> Score {
    let root = common::repo_root();
    let mut metadata = Vec::new();
    let mut compare = |key: &str, got: &Value, want: Value| {
        if *got != want {
            metadata.push(format!("{name} {key}: {got} for {want}"));
        }
    };
    let mut score = match source {
        Source::Expected(relative) => {
            let expected = common::read_json(&root.join(format!("tests/fixtures/{relative}.json")));
            for key in ["edition", "report_year"] {
                if let Some(want) = expected["meta"].get(key) {
                    compare(key, &document[key], want.clone());
                }
            }
            score_expected(document, &expected)
        }
        Source::Gold(stem) => {
            let gold = gold::read_gold(&root.join(format!("tests/corpus/gold/{stem}.tsv")));
            if let Some(want) = gold.edition {
                compare("edition", &document["edition"], want.tag().into());
            }
            if let Some(want) = gold.report_year {
                compare("report_year", &document["report_year"], want.into());
            }
            score_gold(document, &gold)
        }
        Source::NoNumbers => {
            let mut found = Vec::new();
            for table in ["proactive_disclosure", "applications", "appeals"] {
                numbers(&document[table], table, &mut found);
            }
            Score {
                wrong: found,
                ..Score::default()
            }
        }
    };
    score.metadata_wrong = metadata;
    score
}

#[test]
fn pdfs_import_only_their_sources_numbers() {
    let mut summary = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, source, floor) in &PDFS {
        let path = pdf_path(name);
        let imported = import(&common::read_data(&path), &path.display().to_string());
        let document = &imported.document;
        let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(document["source"]["carrier"], "pdf", "{name}");
        let score = score(name, source, document);
        let recall = (score.right * 100).checked_div(score.cells).unwrap_or(100);
        println!(
            "{name:40} cells {:4}  right {:4}  wrong {:2}  recall {recall:3}%",
            score.cells,
            score.right,
            score.wrong.len()
        );
        if !score.wrong.is_empty() || !score.metadata_wrong.is_empty() {
            failures.push(format!(
                "{name}: wrong {:#?} {:#?}",
                score.wrong, score.metadata_wrong
            ));
        }
        if recall < *floor as usize {
            failures.push(format!("{name}: recall {recall}% under its floor {floor}%"));
        }
        summary.insert(
            *name,
            json!({
                "edition": document["edition"],
                "report_year": document["report_year"],
                "agency": document["agency"]["name"],
                "cells": score.cells,
                "right": score.right,
                "diagnostics": codes,
            }),
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
    insta::assert_json_snapshot!("pdf-summary", summary);
}

/// A scan: every page a picture. No number, and the reason.
#[test]
fn a_scan_says_its_pages_have_no_text_layer() {
    let imported = import(
        &common::read_data(&pdf_path("chromium-scan-2021")),
        "scan.pdf",
    );
    let scan = imported
        .diagnostics
        .iter()
        .find(|d| d.code() == "I714")
        .expect("I714");
    let message = scan.message(xxgk::diagnostics::Lang::En);
    assert!(message.contains("OCR is not done"), "{message}");
    let mut found = Vec::new();
    numbers(&imported.document, "", &mut found);
    assert!(
        found
            .iter()
            .all(|p| !p.contains("/applications") && !p.contains("/appeals")),
        "{found:?}"
    );
}

/// Provenance names the page each value was printed on, and the text printed there.
#[test]
fn provenance_names_the_page_and_the_printed_text() {
    let imported = import(
        &common::read_data(&pdf_path("lo-html-2021-word-pasted")),
        "report.pdf",
    );
    let cells = &imported.document["extensions"][PROVENANCE_KEY]["cells"];
    let licensing = &cells["/proactive_disclosure/administrative_licensing/decisions"];
    assert_eq!(licensing["raw"], "1862");
    // LibreOffice printed the page header alone on page 1: the table is on page 4.
    assert_eq!(licensing["page"], 4, "{licensing}");
    let total = &cells["/applications/new_applications/total"];
    assert!(total["page"].as_u64().unwrap() >= 2, "{total}");
}

/// Damaged, truncated or encrypted files are unreadable (exit 2 in the CLI): never a panic, never
/// a number.
#[test]
fn broken_pdfs_are_unreadable() {
    let good = common::read_data(&pdf_path("lo-html-2019-gbk"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("header only", b"%PDF-1.7\n".to_vec()),
        ("truncated", good[..good.len() / 3].to_vec()),
        ("garbage", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec()),
    ];
    for (what, bytes) in cases {
        let imported = import(&bytes, "broken.pdf");
        let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code()).collect();
        let mut found = Vec::new();
        numbers(&imported.document, "", &mut found);
        assert!(
            codes.contains(&"X001") || found.is_empty(),
            "{what}: {codes:?} {found:?}"
        );
    }
}

#[test]
fn pdf_files_are_told_by_their_bytes() {
    let bytes = common::read_data(&pdf_path("lo-docx-2021"));
    assert_eq!(
        xxgk::import::sniff_carrier(&bytes, "download.bin"),
        xxgk::model::metadata::Carrier::Pdf
    );
}

/// Scores the documents bench/pdf.py wrote (`$XXGK_PDF_BENCH/<reader>/<name>.json`) for each
/// reader, on the same sources as above; prints `SCORE reader cells right wrong`.
#[test]
#[ignore = "run by bench/pdf.py"]
fn bench_outputs_score() {
    let dir = PathBuf::from(std::env::var("XXGK_PDF_BENCH").expect("XXGK_PDF_BENCH"));
    for reader in ["xxgk", "pdftotext", "pdfplumber"] {
        let (mut cells, mut right, mut wrong) = (0, 0, 0);
        for (name, source, _) in &PDFS {
            let path = dir.join(reader).join(format!("{name}.json"));
            let document: Value = std::fs::read(&path)
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .unwrap_or(Value::Null);
            let score =
                std::panic::catch_unwind(|| score(name, source, &document)).unwrap_or_default();
            if !score.wrong.is_empty() {
                println!("{reader} {name}: wrong {:?}", score.wrong);
            }
            cells += score.cells;
            right += score.right;
            wrong += score.wrong.len();
        }
        println!("SCORE {reader} {cells} {right} {wrong}");
    }
}

/// A minimal PDF of one page whose resources, content and extra objects are given.
fn handmade_pdf(resources: &str, content: &[u8], extra: &[&str]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources {resources} >>").into_bytes(),
        [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    objects.extend(extra.iter().map(|o| o.as_bytes().to_vec()));
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Hostile files end, without a panic or a stack overflow: arrays nested 200,000 deep in the
/// content, dictionaries nested 50,000 deep, a font that is a reference to itself, a form
/// XObject that draws itself. What text there is, is read.
#[test]
fn hostile_pdfs_end_without_a_panic() {
    let text = b"BT /F1 12 Tf 72 700 Td (Hello 123) Tj ET";
    let deep_content = [
        b"[".repeat(200_000),
        b"]".repeat(200_000),
        b" ".to_vec(),
        text.to_vec(),
    ]
    .concat();
    let deep_dict = format!(
        "<< /Font << /F1 5 0 R >> /X {}1{} >>",
        "<< /A ".repeat(50_000),
        " >>".repeat(50_000)
    );
    let self_drawing = "<< /Length 6 /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources 7 0 R >>\nstream\n/X Do \nendstream";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep content",
            handmade_pdf("<< /Font << /F1 5 0 R >> >>", &deep_content, &[]),
        ),
        ("deep dictionary", handmade_pdf(&deep_dict, text, &[])),
        (
            "loops",
            handmade_pdf(
                "7 0 R",
                &[b"/X Do ".as_slice(), text].concat(),
                &[
                    "6 0 R",
                    "<< /Font << /F1 8 0 R >> /XObject << /X 6 0 R >> >>",
                    "8 0 R",
                ],
            ),
        ),
        (
            "a form drawing itself",
            handmade_pdf(
                "<< /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>",
                &[b"/X Do ".as_slice(), text].concat(),
                &[self_drawing, "<< /XObject << /X 6 0 R >> >>"],
            ),
        ),
    ];
    for (what, bytes) in cases {
        let text = xxgk::import::pdf_layout_text(&bytes);
        if what == "a form drawing itself" {
            assert!(
                text.as_deref().is_ok_and(|t| t.contains("Hello 123")),
                "{what}: {text:?}"
            );
        }
        let imported = import(&bytes, "hostile.pdf");
        assert!(!imported.diagnostics.is_empty(), "{what}");
    }
}

/// Text the page does not show is not read: outside the clipping path, or in an invisible
/// rendering mode (the text layer an OCR tool lays over a scan is read only where it is shown).
#[test]
fn text_the_page_does_not_show_is_not_read() {
    let content = b"BT /F1 12 Tf 72 700 Td (shown 12) Tj ET \
        q 0 0 100 100 re W n BT /F1 12 Tf 300 300 Td (clipped 99) Tj ET Q \
        BT 3 Tr /F1 12 Tf 72 600 Td (invisible 77) Tj ET \
        BT 0 Tr /F1 12 Tf 72 500 Td (after 34) Tj ET";
    let bytes = handmade_pdf("<< /Font << /F1 5 0 R >> >>", content, &[]);
    let text = xxgk::import::pdf_layout_text(&bytes).unwrap();
    assert!(
        text.contains("shown 12") && text.contains("after 34"),
        "{text}"
    );
    assert!(!text.contains("99") && !text.contains("77"), "{text}");
}
