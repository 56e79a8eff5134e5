//! The importer: published reports (extracted text, HTML, Word) → canonical JSON.
//!
//! Every carrier is first turned into lines of text, tables as `cell | cell | …` rows; the text
//! is repaired (pinyin injections, traditional characters, full-width forms), cut into cells, and
//! the template's rows are found by their official labels. What the source states is placed;
//! what it leaves blank is null; what it does not contain is null too, and provenance in
//! `extensions["xxgk.import"]` tells the two apart. Nothing is guessed.

mod document;
mod docx;
mod html;
mod layout;
pub mod limits;
mod metadata;
pub mod normalize;
mod pdf;
pub mod supplied;
pub mod tables;
pub mod targets;
pub mod tokens;
pub mod value;

use std::ops::Range;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Rule};
use crate::model::metadata::Carrier;
use crate::model::{Edition, ReportYear};
use crate::schema::cells::TABLES;

pub use supplied::{Manifest, Supplied};
use tables::TablesRead;
use tokens::Token;

/// The extension key under which the importer records provenance.
pub const PROVENANCE_KEY: &str = "xxgk.import";

/// One carrier the importer reads: the file extensions folders are searched for, how its bytes
/// announce it, and its reader (bytes → lines of text). A new carrier is one entry here and its
/// reader.
pub struct CarrierEntry {
    pub carrier: Carrier,
    /// Extensions (without the dot) of the files of this carrier, also what names it when the
    /// bytes do not.
    pub extensions: &'static [&'static str],
    /// Whether the bytes are this carrier, whatever the file is named.
    pub sniff: fn(&[u8]) -> bool,
    read: fn(&[u8]) -> Result<Extracted, Box<Diagnostic>>,
}

/// What a carrier's reader gives: the text, findings about the carrier itself, and whether the
/// text is paged by form feeds (each cell's provenance then records its page).
struct Extracted {
    text: String,
    diagnostics: Vec<Diagnostic>,
    paged: bool,
}

/// The carriers, in the order they are told apart: by their bytes first (PDF, Word zip, HTML
/// markup), then by the file's name in the same order; text is everything else.
pub const CARRIERS: &[CarrierEntry] = &[
    CarrierEntry {
        carrier: Carrier::Pdf,
        extensions: &["pdf"],
        sniff: pdf::is_pdf,
        read: read_pdf,
    },
    CarrierEntry {
        carrier: Carrier::Docx,
        extensions: &["docx"],
        sniff: |bytes| bytes.starts_with(b"PK\x03\x04"),
        read: |bytes| docx::to_text(bytes).map(Extracted::text),
    },
    CarrierEntry {
        carrier: Carrier::Html,
        extensions: &["html", "htm", "shtml"],
        sniff: looks_like_html,
        read: read_html,
    },
    CarrierEntry {
        carrier: Carrier::Text,
        extensions: &["txt"],
        sniff: |_| false,
        read: read_text,
    },
];

/// The file extensions read from folders, text first: extracted text, HTML pages, Word files,
/// PDF files.
pub fn extensions() -> Vec<&'static str> {
    CARRIERS
        .iter()
        .rev()
        .flat_map(|entry| entry.extensions.iter().copied())
        .collect()
}

/// The carrier of an input, from its bytes and, failing that, its file name: a PDF file, a Word
/// file, an HTML page, or (anything else) text. The bytes decide first: a page saved as `.txt`,
/// or an error page downloaded as `.pdf`, is read as the HTML it is.
pub fn sniff_carrier(bytes: &[u8], name: &str) -> Carrier {
    let lower = name.to_ascii_lowercase();
    let named = |entry: &&CarrierEntry| {
        entry.extensions.iter().any(|e| {
            lower
                .strip_suffix(e)
                .is_some_and(|stem| stem.ends_with('.'))
        })
    };
    CARRIERS
        .iter()
        .find(|entry| (entry.sniff)(bytes))
        .or_else(|| CARRIERS.iter().find(named))
        .map_or(Carrier::Text, |entry| entry.carrier)
}

impl Extracted {
    fn text(text: String) -> Extracted {
        Extracted {
            text,
            diagnostics: Vec::new(),
            paged: false,
        }
    }
}

fn read_text(bytes: &[u8]) -> Result<Extracted, Box<Diagnostic>> {
    Ok(Extracted::text(decode_text(bytes)))
}

/// An HTML page: its charset told by the bytes (a declaration that lies is reported).
fn read_html(bytes: &[u8]) -> Result<Extracted, Box<Diagnostic>> {
    let decoded = html::decode(bytes);
    let mut extracted = Extracted::text(html::to_text(&decoded.text)?);
    if let Some((declared, used)) = decoded.lie {
        extracted.diagnostics.push(
            Diagnostic::new(Rule::CharsetMismatch, "")
                .arg("declared", declared)
                .arg("used", used),
        );
    }
    Ok(extracted)
}

/// A PDF file: its text layer as layout text, paged; pages that are pictures without text are
/// reported, as is a file that cannot be read.
fn read_pdf(bytes: &[u8]) -> Result<Extracted, Box<Diagnostic>> {
    let extracted = pdf::to_text(bytes)
        .map_err(|detail| Box::new(Diagnostic::new(Rule::IoError, "").arg("detail", detail)))?;
    let mut diagnostics = Vec::new();
    if !extracted.pages_without_text.is_empty() {
        let pages: Vec<String> = extracted
            .pages_without_text
            .iter()
            .map(usize::to_string)
            .collect();
        diagnostics.push(Diagnostic::new(Rule::NoTextLayer, "").arg("pages", pages.join(", ")));
    }
    Ok(Extracted {
        text: extracted.text,
        diagnostics,
        paged: true,
    })
}

/// How far into a file its markup is looked for: saved pages may open with kilobytes of
/// comments, scripts or a crawler's header before `<html>`.
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether bytes are an HTML page, whatever the file is called (a page saved as `.txt`): a
/// document tag (`<!doctype html`, `<html`, `<body`, `<table`) near the start, or markup
/// throughout it (paragraph, cell, line-break and block tags), which extracted text never has.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let tag_at = |at: usize, name: &[u8]| {
        head[at + 1..]
            .iter()
            .zip(name)
            .all(|(byte, letter)| byte.to_ascii_lowercase() == *letter)
            && head.len() > at + 1 + name.len()
            && matches!(
                head[at + 1 + name.len()],
                b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/'
            )
    };
    let opening: Vec<usize> = head
        .iter()
        .enumerate()
        .filter(|(_, byte)| **byte == b'<')
        .map(|(at, _)| at)
        .collect();
    let document = opening.iter().any(|&at| {
        [&b"!doctype"[..], b"html", b"body", b"table"]
            .iter()
            .any(|name| tag_at(at, name))
    });
    let markup = opening
        .iter()
        .filter(|&&at| {
            [&b"p"[..], b"td", b"tr", b"br", b"div", b"span"]
                .iter()
                .any(|name| tag_at(at, name))
        })
        .count();
    document || markup >= 3
}

/// The result of importing one input.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The canonical document (missing `report_year` or `agency` when the source does not state
    /// them — see the diagnostics).
    pub document: Value,
    pub diagnostics: Vec<Diagnostic>,
}

impl Imported {
    /// The import's findings, in the form the printers of check results take.
    pub fn into_checked(self) -> crate::check::Checked {
        let edition = self.document["edition"]
            .as_str()
            .and_then(Edition::from_tag);
        crate::check::Checked {
            edition,
            diagnostics: self.diagnostics,
            facts: None,
        }
    }
}

/// Imports one published report, its carrier told from its bytes and name.
pub fn import(bytes: &[u8], name: &str) -> Imported {
    import_as(bytes, sniff_carrier(bytes, name))
}

/// Imports one published report of a known carrier.
pub fn import_as(bytes: &[u8], carrier: Carrier) -> Imported {
    import_with(bytes, carrier, &Supplied::default())
}

/// Imports one published report of a known carrier, with the metadata a user supplies for it.
/// An input over the limits (see [`limits`]) is refused: the document is null and the
/// diagnostic says which limit.
pub fn import_with(bytes: &[u8], carrier: Carrier, supplied: &Supplied) -> Imported {
    let refused = |diagnostic: Box<Diagnostic>| Imported {
        document: Value::Null,
        diagnostics: vec![*diagnostic],
    };
    if bytes.len() as u64 > limits::MAX_INPUT_BYTES {
        return refused(Box::new(crate::check::input::too_large(
            bytes.len() as u64,
            limits::MAX_INPUT_BYTES,
        )));
    }
    // A carrier without a reader of its own (a .doc or an image named by --carrier) is read
    // as text.
    let read = CARRIERS
        .iter()
        .find(|entry| entry.carrier == carrier)
        .map_or(read_text as fn(&[u8]) -> _, |entry| entry.read);
    match read(bytes) {
        Ok(extracted) => {
            let mut imported = import_text_with(&extracted.text, carrier, supplied);
            if extracted.paged {
                add_pages(&mut imported.document, &extracted.text);
            }
            imported.diagnostics.extend(extracted.diagnostics);
            imported
        }
        Err(diagnostic) => refused(diagnostic),
    }
}

/// Adds to each cell's provenance the page (1-based) its line was printed on: pages are
/// separated by form feeds in the text.
fn add_pages(document: &mut Value, text: &str) {
    let mut page = 1;
    let pages: Vec<usize> = text
        .lines()
        .map(|line| {
            page += line.matches('\u{c}').count();
            page
        })
        .collect();
    let pointer = format!("/extensions/{PROVENANCE_KEY}/cells");
    let Some(cells) = document
        .pointer_mut(&pointer)
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for record in cells.values_mut() {
        let line = record["line"].as_u64().unwrap_or(0) as usize;
        if let Some(&page) = pages.get(line.wrapping_sub(1)) {
            record["page"] = Value::from(page);
        }
    }
}

/// The layout text a PDF's text layer is read as (the text [`import`] gives the text importer),
/// or why the file cannot be read.
pub fn pdf_layout_text(bytes: &[u8]) -> Result<String, String> {
    pdf::to_text(bytes).map(|extracted| extracted.text)
}

/// Text files: UTF-8 (after a byte order mark), else GB18030, the superset of GBK and GB2312.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Imports a report from its text (tables as `|` rows).
pub fn import_text(text: &str, carrier: Carrier) -> Imported {
    import_text_with(text, carrier, &Supplied::default())
}

/// Imports a report from its text, with the metadata a user supplies for it.
pub fn import_text_with(text: &str, carrier: Carrier, supplied: &Supplied) -> Imported {
    let (text, repairs) = normalize::repair(text);
    let mut diagnostics = Vec::new();
    if repairs.pinyin + repairs.traditional > 0 {
        diagnostics.push(
            Diagnostic::new(Rule::TextRepaired, "")
                .arg("pinyin", repairs.pinyin)
                .arg("traditional", repairs.traditional),
        );
    }
    let tokens = match tokens::tokenize(&text) {
        Ok(tokenized) => {
            diagnostics.extend(tokenized.cut_lines);
            tokenized.tokens
        }
        Err(refused) => {
            return Imported {
                document: Value::Null,
                diagnostics: vec![*refused],
            };
        }
    };
    let sections = metadata::sections(&text);
    let meta = metadata::read(&text, &sections, supplied, &mut diagnostics);
    let regions = table_regions(&tokens, &sections);
    if sections.headings_found == 0 && regions.iter().all(Option::is_none) {
        diagnostics.push(Diagnostic::new(Rule::NoReportContent, ""));
    }
    let edition = choose_edition(&tokens, meta.year, &mut diagnostics);
    // Without an edition the tables are still looked for, so that their text is not taken for
    // prose, but nothing is placed.
    let read = tables::read_tables(&tokens, edition.unwrap_or(Edition::E2021), regions.clone());
    if edition.is_some() {
        report_table_findings(&read, &regions, &tokens, &mut diagnostics);
    }
    let document = document::assemble(
        edition,
        carrier,
        &meta,
        &sections,
        &read,
        &text,
        &mut diagnostics,
    );
    Imported {
        document,
        diagnostics,
    }
}

fn choose_edition(
    tokens: &[Token],
    year: Option<ReportYear>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Edition> {
    match (tables::detect_edition(tokens), year) {
        (Some((edition, line)), Some(year)) => {
            let expected = Edition::prescribed_for(year);
            if expected != edition {
                diagnostics.push(
                    Diagnostic::new(Rule::ImportedEditionMismatch, "/edition")
                        .arg("edition", edition.tag())
                        .arg("line", line)
                        .arg("year", year.get())
                        .arg("expected", expected.tag()),
                );
            }
            Some(edition)
        }
        (Some((edition, _)), None) => Some(edition),
        (None, Some(year)) => {
            let edition = Edition::prescribed_for(year);
            diagnostics.push(
                Diagnostic::new(Rule::EditionAssumed, "/edition").arg("edition", edition.tag()),
            );
            Some(edition)
        }
        // Nothing to assume from: the edition is not invented.
        (None, None) => {
            diagnostics.push(Diagnostic::new(Rule::EditionUnknown, "/edition"));
            None
        }
    }
}

/// The token ranges of tables 2, 3 and 4: sections 二, 三 and 四, or, without headings, from
/// the first 第二十条 block.
fn table_regions(tokens: &[Token], sections: &metadata::Sections) -> [Option<Range<usize>>; 3] {
    let token_at_line = |line: usize| {
        tokens
            .iter()
            .position(|t| t.line >= line)
            .unwrap_or(tokens.len())
    };
    let boundaries: Vec<Option<usize>> = (1..=6)
        .map(|n| sections.heading_line(n).map(token_at_line))
        .collect();
    // A region ends at the next section's heading, but never before it starts: without the
    // heading of section 二, its 第二十条 block may come after that of section 三 (found by
    // fuzzing: the reversed range panicked).
    let region = |start: usize, n: usize| {
        let end = boundaries[n..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(tokens.len());
        start..end.max(start)
    };
    let first_block = tokens.iter().position(|t| t.core().starts_with("第二十条"));
    let table2_start = boundaries[1].or(first_block);
    [
        table2_start.map(|start| region(start, 2)),
        boundaries[2].map(|start| region(start, 3)),
        boundaries[3].map(|start| region(start, 4)),
    ]
}

fn report_table_findings(
    read: &TablesRead,
    regions: &[Option<Range<usize>>; 3],
    tokens: &[Token],
    out: &mut Vec<Diagnostic>,
) {
    for (&(table, _), region) in TABLES.iter().zip(regions) {
        let found = read.placed.iter().any(|p| p.cell.table == table)
            || read.unplaced.iter().any(|u| u.table == table);
        let missing: Vec<&String> = read
            .missing_rows
            .iter()
            .filter(|(t, _)| *t == table)
            .map(|(_, label)| label)
            .collect();
        if !found {
            out.push(Diagnostic::new(Rule::TableNotFound, "").arg("table", table));
            continue;
        }
        let runs_to_the_end = region.as_ref().is_some_and(|r| r.end == tokens.len());
        if runs_to_the_end && !missing.is_empty() {
            out.push(Diagnostic::new(Rule::InputTruncated, "").arg("table", table));
        }
        for label in missing {
            out.push(Diagnostic::new(Rule::RowNotFound, "").arg("row", label.clone()));
        }
    }
    for (label, line) in &read.label_less {
        out.push(
            Diagnostic::new(Rule::LabelLessRow, "")
                .arg("row", label.clone())
                .arg("line", *line),
        );
    }
    for unplaced in &read.unplaced {
        out.push(
            Diagnostic::new(Rule::ValueNotPlaced, "")
                .arg("row", unplaced.label.clone())
                .arg("line", unplaced.line)
                .arg("reason", unplaced.reason.clone())
                .arg("raw", unplaced.raw.clone()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_html_whatever_its_name_and_however_late_its_markup() {
        let page = "<!DOCTYPE html><html><body><table><tr><td>规章</td></tr></table></body></html>";
        assert_eq!(sniff_carrier(page.as_bytes(), "report.txt"), Carrier::Html);
        assert_eq!(sniff_carrier(page.as_bytes(), "report.pdf"), Carrier::Html);
        // A crawler's header and 10 KB of comment before the document.
        let late = format!(
            "# saved 2026-11-28\n<!--{}-->\n<HTML>\n",
            "x".repeat(10_000)
        );
        assert_eq!(sniff_carrier(late.as_bytes(), "saved"), Carrier::Html);
        // A fragment: no document tag, markup throughout.
        let fragment = "<p>一、总体情况</p><p>本年度…</p><div>二、主动公开</div>";
        assert_eq!(sniff_carrier(fragment.as_bytes(), "x.txt"), Carrier::Html);
    }

    #[test]
    fn text_that_mentions_a_tag_or_compares_stays_text() {
        let text = "一、总体情况\n收到申请<5件的机关…\n转载时请保留<br>标记\n规章 | 1 | 0 | 3\n";
        assert_eq!(sniff_carrier(text.as_bytes(), "report.txt"), Carrier::Text);
        assert_eq!(sniff_carrier(text.as_bytes(), "report"), Carrier::Text);
        // The name decides only when the bytes do not.
        assert_eq!(sniff_carrier(text.as_bytes(), "report.html"), Carrier::Html);
        assert_eq!(sniff_carrier(b"%PDF-1.7\n", "report.txt"), Carrier::Pdf);
    }
}
