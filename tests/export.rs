//! `xxgk export`: the dataset holds what the documents say, cell for cell, in every format and
//! layout; states come from import provenance; bad input is reported, never skipped silently;
//! nothing is overwritten without --force. (CI reads the Parquet and CSV files back with
//! pyarrow and DuckDB too: tests/python/check_export_independently.py.)

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use xxgk::model::Edition;
use xxgk::schema::cells::cells;

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .env("XXGK_LANG", "en")
        .output()
        .expect("xxgk runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn documents_dir() -> String {
    common::repo_root()
        .join("conformance/documents")
        .display()
        .to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn jsonl(path: &Path) -> Vec<serde_json::Map<String, Value>> {
    common::read_text(path)
        .lines()
        .map(|line| match serde_json::from_str(line).unwrap() {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        })
        .collect()
}

/// Imports real published pages (with provenance) into `dir`.
fn import_real_pages(dir: &Path) {
    let raw = common::corpus_path("raw");
    let pages: Vec<String> = ["101.html", "104.html", "106.html", "005.txt", "014.txt"]
        .iter()
        .map(|name| raw.join(name).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(pages.iter().map(String::as_str));
    let out = dir.display().to_string();
    args.extend(["--out", &out]);
    let output = xxgk(&args);
    assert!(
        dir.join("101.json").exists(),
        "import failed: {}",
        stderr(&output)
    );
}

#[test]
fn long_jsonl_holds_every_cell_of_every_document_as_stated() {
    let dir = scratch("long-jsonl");
    let out = dir.join("long.jsonl");
    let output = xxgk(&["export", &documents_dir(), "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = jsonl(&out);
    let documents = common::example_documents();
    let mut expected_rows = 0;
    for (path, document) in &documents {
        let edition = Edition::from_tag(document["edition"].as_str().unwrap()).unwrap();
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| {
                r["file"]
                    .as_str()
                    .unwrap()
                    .ends_with(path.file_name().unwrap().to_str().unwrap())
            })
            .collect();
        let template: Vec<_> = mine.iter().filter(|r| r["cell_kind"] != "extra").collect();
        assert_eq!(template.len(), cells(edition).len(), "{}", path.display());
        for (row, cell) in template.iter().zip(cells(edition)) {
            // Same order as the catalog, the catalog's labels, the document's value.
            assert_eq!(row["pointer"], cell.pointer.as_str());
            assert_eq!(row["column_label"], cell.column_label());
            assert_eq!(
                row["row_label"].as_str().unwrap(),
                cell.labels[..cell.labels.len() - 1].join(" › ")
            );
            let stated = &document.pointer(&cell.pointer).unwrap();
            match stated {
                Value::Null => {
                    assert_eq!(row["value"], Value::Null);
                    assert_eq!(row["amount"], Value::Null);
                    // No provenance in these documents: null, never 0, never "blank" invented.
                    assert_eq!(row["state"], "not_stated", "{}", cell.pointer);
                }
                Value::Object(money) => {
                    assert_eq!(row["amount"], money["amount"]);
                    assert_eq!(row["unit"], money["unit"]);
                    assert_eq!(row["value"], Value::Null);
                    assert_eq!(row["state"], "stated");
                }
                number => {
                    assert_eq!(&row["value"], *number);
                    assert_eq!(row["state"], "stated");
                }
            }
            assert_eq!(row["agency"], document["agency"]["name"]);
            assert_eq!(row["report_year"], document["report_year"]);
            assert_eq!(row["edition"], document["edition"]);
        }
        // Local rows follow, with their printed labels.
        let extras: Vec<_> = mine.iter().filter(|r| r["cell_kind"] == "extra").collect();
        let mut expected_extras = 0;
        for table in ["proactive_disclosure", "applications", "appeals"] {
            for (r, row) in document[table]["extra_rows"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                for (c, cell) in row["cells"].as_array().unwrap().iter().enumerate() {
                    let pointer = format!("/{table}/extra_rows/{r}/cells/{c}/value");
                    let exported = extras
                        .iter()
                        .find(|e| e["pointer"] == pointer.as_str())
                        .unwrap_or_else(|| panic!("{pointer} missing"));
                    assert_eq!(exported["column_label"], cell["column"]);
                    assert!(
                        exported["row_label"]
                            .as_str()
                            .unwrap()
                            .ends_with(row["label"].as_str().unwrap())
                    );
                    match &cell["value"] {
                        Value::String(decimal) => assert_eq!(exported["amount"], **decimal),
                        other => assert_eq!(&exported["value"], other),
                    }
                    expected_extras += 1;
                }
            }
        }
        assert_eq!(extras.len(), expected_extras, "{}", path.display());
        expected_rows += template.len() + expected_extras;
    }
    assert!(
        documents
            .iter()
            .any(|(p, _)| p.ends_with("county-extra-rows-2024.json"))
    );
    assert_eq!(rows.len(), expected_rows);
}

#[test]
fn csv_and_jsonl_hold_the_same_rows_and_csv_is_rfc_4180() {
    let dir = scratch("csv");
    let csv_path = dir.join("long.csv");
    let jsonl_path = dir.join("long.jsonl");
    for out in [&csv_path, &jsonl_path] {
        let output = xxgk(&["export", &documents_dir(), "--out", out.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let bytes = common::read_data(&csv_path);
    assert!(
        !bytes.starts_with("\u{feff}".as_bytes()),
        "no BOM without --excel"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let names: Vec<&str> = xxgk::export::columns::long()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(header, names);
    let rows = jsonl(&jsonl_path);
    let mut count = 0;
    for (record, row) in reader.records().zip(&rows) {
        let record = record.unwrap();
        for (name, field) in header.iter().zip(record.iter()) {
            let expected = match &row[name] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(field, expected, "{name}");
        }
        count += 1;
    }
    assert_eq!(count, rows.len());

    let excel = dir.join("excel.csv");
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        excel.to_str().unwrap(),
        "--excel",
    ]);
    assert!(output.status.success());
    assert!(common::read_data(&excel).starts_with("\u{feff}report_id,".as_bytes()));
}

#[test]
fn states_come_from_import_provenance() {
    let dir = scratch("states");
    let imported = dir.join("imported");
    import_real_pages(&imported);
    let out = dir.join("long.jsonl");
    let output = xxgk(&[
        "export",
        imported.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    // Excerpts without their agency are not reports yet: reported and left out (exit 1).
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let rows = jsonl(&out);
    assert!(!rows.is_empty());
    let mut states = BTreeMap::new();
    for path in common::list_data(&imported) {
        let document = common::read_json(&path);
        let provenance = &document["extensions"]["xxgk.import"];
        let name = path.file_name().unwrap().to_str().unwrap();
        for row in rows
            .iter()
            .filter(|r| r["file"].as_str().unwrap().ends_with(name) && r["cell_kind"] != "extra")
        {
            let pointer = row["pointer"].as_str().unwrap();
            let value = document.pointer(pointer).unwrap();
            let printed = &provenance["cells"][pointer];
            let listed_absent = provenance["absent"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == pointer);
            let state = row["state"].as_str().unwrap();
            match state {
                "stated" => {
                    assert!(!value.is_null());
                    assert_eq!(
                        row["raw"].as_str().map(str::trim),
                        printed["raw"].as_str().map(str::trim)
                    );
                }
                "blank" | "unreadable" => {
                    assert!(value.is_null() && printed.is_object(), "{name} {pointer}");
                    assert_eq!(row["value"], Value::Null, "blank is null, never 0");
                }
                "absent" => assert!(value.is_null() && listed_absent, "{name} {pointer}"),
                other => panic!("{name} {pointer}: state {other} in an imported document"),
            }
            *states.entry(state.to_owned()).or_insert(0) += 1;
        }
    }
    // The real pages exercise stated and blank cells, and the cut excerpts absent ones.
    assert!(
        states.get("stated").copied().unwrap_or(0) > 100,
        "{states:?}"
    );
    assert!(states.contains_key("absent"), "{states:?}");
}

#[test]
fn wide_has_one_row_per_report_and_a_column_per_cell_of_both_editions() {
    let dir = scratch("wide");
    let out = dir.join("wide.jsonl");
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        out.to_str().unwrap(),
        "--layout",
        "wide",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = jsonl(&out);
    let documents = common::example_documents();
    assert_eq!(rows.len(), documents.len());
    let wide_columns = xxgk::export::columns::wide();
    for row in &rows {
        assert_eq!(row.len(), wide_columns.len());
        let (_, document) = documents
            .iter()
            .find(|(p, _)| {
                row["file"]
                    .as_str()
                    .unwrap()
                    .ends_with(p.file_name().unwrap().to_str().unwrap())
            })
            .unwrap();
        let edition = Edition::from_tag(document["edition"].as_str().unwrap()).unwrap();
        for cell in xxgk::export::columns::wide_cells() {
            let name = xxgk::export::columns::wide_name(&cell.pointer);
            match document.pointer(&cell.pointer) {
                Some(Value::Object(money)) => {
                    assert_eq!(row[&name], money["amount"]);
                    assert_eq!(row[&format!("{name}__unit")], money["unit"]);
                }
                Some(value) => assert_eq!(&row[&name], value, "{name}"),
                // A cell of the other edition.
                None => {
                    assert!(cells(edition).iter().all(|c| c.pointer != cell.pointer));
                    assert_eq!(row[&name], Value::Null);
                }
            }
        }
        let errors = xxgk(&["check", "--format", "json", row["file"].as_str().unwrap()]);
        let found = String::from_utf8_lossy(&errors.stdout)
            .matches("\"severity\":\"error\"")
            .count();
        assert_eq!(row["errors"], found as u64, "{}", row["file"]);
    }
}

#[test]
fn bad_files_are_reported_and_the_rest_exported() {
    let dir = scratch("bad");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let seed = common::repo_root().join("conformance/documents/seed-wuhan-etdz-2020.json");
    std::fs::copy(&seed, corpus.join("a-good.json")).unwrap();
    std::fs::write(corpus.join("b-not-json.json"), b"{ not json").unwrap();
    std::fs::write(corpus.join("c-not-utf8.json"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(corpus.join("d-not-a-report.json"), br#"{"edition":"2021"}"#).unwrap();
    let out = dir.join("long.csv");
    let output = xxgk(&[
        "export",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "unreadable files: exit 2");
    let messages = stderr(&output);
    for name in ["b-not-json.json", "c-not-utf8.json", "d-not-a-report.json"] {
        assert!(
            messages.contains(&format!("{name}: not exported")),
            "{messages}"
        );
    }
    assert!(!messages.contains("a-good.json: not exported"));
    assert!(messages.contains("exported 1 reports"), "{messages}");
    let text = common::read_text(&out);
    assert!(text.lines().skip(1).all(|l| l.contains("a-good.json")));

    // Only structurally invalid: exit 1.
    std::fs::remove_file(corpus.join("b-not-json.json")).unwrap();
    std::fs::remove_file(corpus.join("c-not-utf8.json")).unwrap();
    let output = xxgk(&[
        "export",
        corpus.to_str().unwrap(),
        "--out",
        dir.join("again.csv").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn an_existing_output_is_replaced_only_with_force() {
    let dir = scratch("force");
    let out = dir.join("long.parquet");
    std::fs::write(&out, b"precious").unwrap();
    let output = xxgk(&["export", &documents_dir(), "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"));
    assert_eq!(common::read_data(&out), b"precious");
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = common::read_data(&out);
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // No temporary file is left beside it.
    let left: Vec<_> = common::list_data(&dir);
    assert_eq!(left, vec![out.clone()]);
    // Without an extension, the format must be given.
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        dir.join("x").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format"));
}

#[test]
fn partitions_are_hive_folders_without_their_column() {
    let dir = scratch("partitions");
    let out = dir.join("dataset");
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jsonl",
        "--partition-by",
        "report_year,province",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut total = 0;
    for (_, document) in common::example_documents() {
        let year = document["report_year"].as_u64().unwrap();
        let province = document["agency"]["division_code"]
            .as_str()
            .map_or("__HIVE_DEFAULT_PARTITION__".to_owned(), |c| {
                format!("{}0000", &c[..2])
            });
        let part = out
            .join(format!("report_year={year}"))
            .join(format!("province={province}"))
            .join("part-0.jsonl");
        let rows = jsonl(&part);
        assert!(
            rows.iter()
                .all(|r| !r.contains_key("report_year") && !r.contains_key("province"))
        );
        assert!(
            rows.iter()
                .any(|r| r["agency"] == document["agency"]["name"])
        );
        total += 1;
    }
    assert!(total > 0);
    // The folder is there whole, and refused next time without --force.
    let output = xxgk(&[
        "export",
        &documents_dir(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jsonl",
        "--partition-by",
        "report_year",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn diagnostics_are_one_row_each_with_rule_and_pointer() {
    let dir = scratch("diagnostics");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let mut seed = common::read_json(
        &common::repo_root().join("conformance/documents/seed-wuhan-etdz-2020.json"),
    );
    seed["applications"]["new_applications"]["total"] = Value::from(999_999);
    std::fs::write(
        corpus.join("broken.json"),
        serde_json::to_vec(&seed).unwrap(),
    )
    .unwrap();
    std::fs::write(corpus.join("not-json.json"), b"[").unwrap();
    let out = dir.join("long.csv");
    let diagnostics = dir.join("diagnostics.jsonl");
    let output = xxgk(&[
        "export",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--diagnostics",
        diagnostics.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let rows = jsonl(&diagnostics);
    let broken: Vec<_> = rows
        .iter()
        .filter(|r| r["file"].as_str().unwrap().ends_with("broken.json"))
        .collect();
    assert!(broken.iter().any(|r| r["code"] == "A203"
        && r["pointer"] == "/applications/new_applications/total"
        && r["severity"] == "error"
        && r["name"].is_string()
        && r["message"].as_str().unwrap().contains("999999")));
    assert!(
        broken
            .iter()
            .all(|r| r["report_id"].is_string() && r["report_year"] == 2020)
    );
    // The unreadable file's finding is there too, without a report id.
    assert!(
        rows.iter()
            .any(|r| r["file"].as_str().unwrap().ends_with("not-json.json")
                && r["report_id"].is_null()
                && r["code"] == "X003")
    );
}
