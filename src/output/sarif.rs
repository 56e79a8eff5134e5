//! SARIF 2.1.0 output: one log with one run; rule metadata comes from the catalog.
//!
//! A SARIF log is one JSON document, so results are gathered and written at the end.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::batch::Source;
use crate::diagnostics::{CATALOG, Diagnostic, Lang, RuleInfo, Severity};

use super::{FileView, Printer, Summary};

pub struct Sarif<W: Write> {
    out: W,
    lang: Lang,
    results: Vec<Value>,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        Sarif {
            out,
            lang,
            results: Vec::new(),
        }
    }

    fn push(&mut self, path: &str, diagnostic: &Diagnostic) {
        let info = diagnostic.info();
        let logical = if diagnostic.pointer.is_empty() {
            "/"
        } else {
            &diagnostic.pointer
        };
        self.results.push(json!({
            "ruleId": info.code,
            "ruleIndex": diagnostic.rule as usize,
            "level": level(info.severity),
            "message": { "text": diagnostic.message(self.lang) },
            "locations": [{
                "physicalLocation": { "artifactLocation": { "uri": uri(path) } },
                "logicalLocations": [{ "fullyQualifiedName": logical, "kind": "member" }],
            }],
            "relatedLocations": diagnostic.related.iter().enumerate().map(|(id, pointer)| json!({
                "id": id,
                "physicalLocation": { "artifactLocation": { "uri": uri(path) } },
                "logicalLocations": [{ "fullyQualifiedName": pointer, "kind": "member" }],
            })).collect::<Vec<_>>(),
            "properties": { "pointer": diagnostic.pointer, "args": diagnostic.args },
        }));
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI reference for a path (RFC 3986): every byte but the unreserved characters, `/` and the
/// sub-delimiters is percent-encoded, so that `#`, `?`, a line break or a backslash in a file
/// name stays part of the name (a backslash is a character of a Unix name, not a separator).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn rule_descriptor(info: &RuleInfo) -> Value {
    json!({
        "id": info.code,
        "name": info.name,
        "shortDescription": { "text": info.title_en },
        "fullDescription": { "text": format!("{} / {}", info.title_zh, info.title_en) },
        "messageStrings": {
            "zh": { "text": info.message_zh },
            "en": { "text": info.message_en },
        },
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "family": info.family.name(), "reference": info.reference },
    })
}

impl<W: Write> Printer for Sarif<W> {
    fn file(&mut self, view: &FileView) -> io::Result<()> {
        for diagnostic in &view.shown {
            self.push(&view.path, diagnostic);
        }
        Ok(())
    }

    fn cross_year(&mut self, source: &Source, diagnostics: &[&Diagnostic]) -> io::Result<()> {
        let path = source.display();
        for diagnostic in diagnostics {
            self.push(&path, diagnostic);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "xxgk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": CATALOG.iter().map(rule_descriptor).collect::<Vec<_>>(),
                }},
                "results": std::mem::take(&mut self.results),
                "properties": { "summary": summary },
            }],
        });
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_are_percent_encoded_as_uri_references() {
        assert_eq!(uri("reports/a b%.json"), "reports/a%20b%25.json");
        assert_eq!(uri("a#1?.json"), "a%231%3F.json");
        assert_eq!(uri("line\nbreak\\x.json"), "line%0Abreak%5Cx.json");
        assert_eq!(uri("/tmp/报告.json"), "/tmp/%E6%8A%A5%E5%91%8A.json");
        assert_eq!(uri("C:x"), "C%3Ax");
    }
}
