//! Metadata a user supplies with an input: what a crawler already knows from the listing page
//! (the agency, the year, the date, the address), given on the command line for one input or in
//! a manifest for a batch.
//!
//! A supplied value is written into the document ahead of what the page prints, and recorded as
//! supplied; where the page prints something else, the importer reports both (I712) — nothing is
//! overridden silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::ReportYear;
use crate::model::metadata::{Date, DivisionCode};
use crate::model::text::Text;

/// The metadata supplied for one input. Every member is optional; the values are validated as
/// the document's own (a year from 2019, a `YYYY-MM-DD` date, a six-digit code, a non-blank name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplied {
    pub agency: Option<Text>,
    pub report_year: Option<ReportYear>,
    pub published_on: Option<Date>,
    pub division_code: Option<DivisionCode>,
    pub url: Option<Text>,
}

/// One row of a manifest: the input's path and what is known of it. (Not `Supplied` flattened:
/// serde's `flatten` neither denies unknown columns nor lets csv read a code as a string.)
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    path: PathBuf,
    agency: Option<Text>,
    report_year: Option<ReportYear>,
    published_on: Option<Date>,
    division_code: Option<DivisionCode>,
    url: Option<Text>,
}

impl Row {
    fn split(self) -> (PathBuf, Supplied) {
        let supplied = Supplied {
            agency: self.agency,
            report_year: self.report_year,
            published_on: self.published_on,
            division_code: self.division_code,
            url: self.url,
        };
        (self.path, supplied)
    }
}

/// A manifest: supplied metadata per input file, read from CSV (with a header row) or JSON Lines.
/// Paths are relative to the manifest's folder.
#[derive(Debug, Default)]
pub struct Manifest {
    /// In the manifest's order: each path (as the manifest names it, joined to its folder), the
    /// line it is on, and what it supplies.
    rows: Vec<(PathBuf, usize, Supplied)>,
    /// Canonical path → index in `rows`.
    by_file: HashMap<PathBuf, usize>,
}

impl Manifest {
    /// Reads a manifest: JSON Lines when the file name ends in `.jsonl` or `.ndjson`, or when
    /// its first non-blank character is `{`; CSV otherwise. The error names the line.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .map_err(|e| format!("{}: not UTF-8 ({e})", path.display()))?;
        let folder = path.parent().unwrap_or(Path::new(""));
        let rows = if is_json_lines(path, text) {
            json_lines(text)
        } else {
            csv_rows(text)
        }
        .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut manifest = Manifest::default();
        for (line, row) in rows {
            let (named, supplied) = row.split();
            let file = folder.join(&named);
            let key = canonical(&file);
            if let Some(&earlier) = manifest.by_file.get(&key) {
                return Err(format!(
                    "{}: line {line} names {} again (first on line {})",
                    path.display(),
                    named.display(),
                    manifest.rows[earlier].1
                ));
            }
            manifest.by_file.insert(key, manifest.rows.len());
            manifest.rows.push((file, line, supplied));
        }
        Ok(manifest)
    }

    /// The files the manifest names, in its order.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.rows.iter().map(|(file, _, _)| file.as_path())
    }

    /// What the manifest supplies for a file, found by its canonical path.
    pub fn supplied_for(&self, file: &Path) -> Option<&Supplied> {
        let index = *self.by_file.get(&canonical(file))?;
        Some(&self.rows[index].2)
    }

    /// The rows whose file is none of `inputs` (by canonical path): line and path as written.
    pub fn unmatched<'a>(&'a self, inputs: &[&Path]) -> Vec<(usize, &'a Path)> {
        let inputs: std::collections::HashSet<PathBuf> =
            inputs.iter().map(|p| canonical(p)).collect();
        self.rows
            .iter()
            .filter(|(file, _, _)| !inputs.contains(&canonical(file)))
            .map(|(file, line, _)| (*line, file.as_path()))
            .collect()
    }
}

fn is_json_lines(path: &Path, text: &str) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    named || text.trim_start().starts_with('{')
}

fn json_lines(text: &str) -> Result<Vec<(usize, Row)>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line)
                .map(|row| (index + 1, row))
                .map_err(|e| format!("line {}: {e}", index + 1))
        })
        .collect()
}

fn csv_rows(text: &str) -> Result<Vec<(usize, Row)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_reason(&e))?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_reason(&e))?;
        let line = record.position().map_or(0, csv::Position::line) as usize;
        let row = record
            .deserialize(Some(&headers))
            .map_err(|e| format!("line {line}: {}", csv_reason(&e)))?;
        rows.push((line, row));
    }
    Ok(rows)
}

/// The csv crate's message without the position it also prints (the caller names the line).
fn csv_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!("field {}: {}", field + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => error.to_string(),
    }
}

/// A path compared with another: canonical when it exists, as given otherwise.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_from(name: &str, text: &str) -> Result<Manifest, String> {
        let dir = std::env::temp_dir().join(format!("xxgk-manifest-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        Manifest::read(&path)
    }

    #[test]
    fn a_csv_manifest_supplies_typed_values_and_leaves_blanks_unsupplied() {
        let manifest = manifest_from(
            "m.csv",
            "path,agency,report_year,published_on,division_code,url\n\
             a.html,武汉市汉阳区人民政府办公室,2022,2023-01-19,420105,https://example.org/a\n\
             \"b, with comma.html\",,2021,,,\n",
        )
        .unwrap();
        let files: Vec<&Path> = manifest.files().collect();
        assert_eq!(files.len(), 2);
        let first = manifest.supplied_for(files[0]).unwrap();
        assert_eq!(
            first.agency.as_ref().map(Text::as_str),
            Some("武汉市汉阳区人民政府办公室")
        );
        assert_eq!(first.report_year.map(ReportYear::get), Some(2022));
        assert_eq!(
            first.division_code.as_ref().map(DivisionCode::as_str),
            Some("420105")
        );
        let second = manifest.supplied_for(files[1]).unwrap();
        assert!(files[1].ends_with("b, with comma.html"));
        assert_eq!(second.agency, None);
        assert_eq!(second.report_year.map(ReportYear::get), Some(2021));
    }

    #[test]
    fn a_json_lines_manifest_is_read_by_its_content() {
        let manifest = manifest_from(
            "m.txt",
            "{\"path\": \"x.pdf\", \"report_year\": 2020}\n\n{\"path\": \"y.pdf\"}\n",
        )
        .unwrap();
        assert_eq!(manifest.files().count(), 2);
    }

    #[test]
    fn bad_values_and_repeated_paths_name_their_line() {
        let year =
            manifest_from("year.csv", "path,report_year\na.html,2021\nb.html,2018\n").unwrap_err();
        assert!(year.contains("line 3"), "{year}");
        assert!(year.contains("2018"), "{year}");
        let date = manifest_from(
            "date.jsonl",
            "{\"path\":\"a\",\"published_on\":\"2023/01/19\"}\n",
        )
        .unwrap_err();
        assert!(date.contains("line 1"), "{date}");
        let column = manifest_from("column.csv", "path,agnecy\na.html,x\n").unwrap_err();
        assert!(column.contains("agnecy"), "{column}");
        let repeated = manifest_from("again.csv", "path\na.html\nb.html\n./a.html\n").unwrap_err();
        assert!(
            repeated.contains("line 4") && repeated.contains("line 2"),
            "{repeated}"
        );
    }
}
