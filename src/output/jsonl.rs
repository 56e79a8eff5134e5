//! JSON Lines output: one record per line, each an envelope `{"type": …, "data": …}`.
//!
//! Per file: `begin`, its `diagnostic`s, `end`. After all files: cross-year `diagnostic`s, then
//! one `summary`. The record types below are the documented format; their JSON Schema is
//! generated into `schema/check-output-v1.schema.json`.

use std::io::{self, Write};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::batch::Source;
use crate::diagnostics::{Diagnostic, Lang, Severity};

use super::{Counts, FileView, Printer, Status, Summary};

/// One line of `xxgk check --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    tag = "type",
    content = "data",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Record {
    /// A file starts.
    Begin(Begin),
    /// One finding.
    Diagnostic(DiagnosticRecord),
    /// A file ends, with its verdict.
    End(End),
    /// The run ends.
    Summary(Summary),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Begin {
    /// The file as named on the command line (or `<stdin>`).
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticRecord {
    pub path: String,
    /// Stable opaque rule code, e.g. `A201`.
    pub code: String,
    /// Stable readable rule name, e.g. `t3-balance`.
    pub name: String,
    pub severity: Severity,
    /// RFC 6901 pointer into the document (`""` for the whole file).
    pub pointer: String,
    /// Pointers of the other values involved.
    pub related: Vec<String>,
    /// The numbers and names of the finding (`reported`, `computed`, …).
    pub args: Map<String, Value>,
    /// The message rendered in the requested language.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct End {
    pub path: String,
    /// The edition the document declares, when it declares a known one.
    pub edition: Option<String>,
    pub status: Status,
    pub counts: Counts,
    /// Diagnostics counted but not written (`--max-diagnostics`).
    pub omitted: u64,
}

impl DiagnosticRecord {
    pub fn new(path: &str, diagnostic: &Diagnostic, lang: Lang) -> Self {
        let info = diagnostic.info();
        DiagnosticRecord {
            path: path.to_owned(),
            code: info.code.to_owned(),
            name: info.name.to_owned(),
            severity: info.severity,
            pointer: diagnostic.pointer.clone(),
            related: diagnostic.related.clone(),
            args: diagnostic.args.clone(),
            message: diagnostic.message(lang),
        }
    }
}

pub struct JsonLines<W: Write> {
    out: W,
    lang: Lang,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        JsonLines { out, lang }
    }

    fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")
    }
}

/// One file's records between its `begin` and the next file: its diagnostics, then its `end`
/// (the verdict) — what `file` writes, and what `xxgk serve` answers for one document.
pub fn file_records(view: &FileView, lang: Lang) -> (Vec<DiagnosticRecord>, End) {
    let diagnostics = view
        .shown
        .iter()
        .map(|diagnostic| DiagnosticRecord::new(&view.path, diagnostic, lang))
        .collect();
    let end = End {
        path: view.path.clone(),
        edition: view.edition.map(str::to_owned),
        status: view.status,
        counts: view.counts,
        omitted: view.omitted as u64,
    };
    (diagnostics, end)
}

impl<W: Write> Printer for JsonLines<W> {
    fn file(&mut self, view: &FileView) -> io::Result<()> {
        self.write(&Record::Begin(Begin {
            path: view.path.clone(),
        }))?;
        let (diagnostics, end) = file_records(view, self.lang);
        for record in diagnostics {
            self.write(&Record::Diagnostic(record))?;
        }
        self.write(&Record::End(end))
    }

    fn cross_year(&mut self, source: &Source, diagnostics: &[&Diagnostic]) -> io::Result<()> {
        let path = source.display();
        for diagnostic in diagnostics {
            let record = DiagnosticRecord::new(&path, diagnostic, self.lang);
            self.write(&Record::Diagnostic(record))?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.write(&Record::Summary(*summary))?;
        self.out.flush()
    }
}

/// The JSON Schema of one output line.
pub fn output_schema() -> Value {
    crate::schema::with_id::<Record>(OUTPUT_SCHEMA_ID)
}

/// The `$id` of the output schema (its version is that of the output format).
pub const OUTPUT_SCHEMA_ID: &str = "urn:xxgk:check-output:1";
/// Where the output schema is published, relative to `schema/`.
pub const OUTPUT_SCHEMA_FILE: &str = "check-output-v1.schema.json";
