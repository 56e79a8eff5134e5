//! The importer's limits. Every input is read with bounded work and memory, whatever its bytes:
//! past a limit the input is refused (X004, X006) or, for one overlong line, the line is cut
//! (I713), always with a diagnostic. README.md lists them for users.
//!
//! The limits are far above what a report needs: the largest report of the development corpus
//! has 16 cells on a line and about 1,000 cells and lines in all.

use crate::diagnostics::{Diagnostic, Rule};

/// Bytes of one input, whatever its carrier (as `xxgk check`'s default `--max-file-size`).
pub const MAX_INPUT_BYTES: u64 = crate::check::input::DEFAULT_MAX_FILE_SIZE;

/// Bytes of a Word file's `word/document.xml` once inflated, and of all the content streams of a
/// PDF file once decompressed: the same as an input, so that a small compressed file cannot
/// make the importer read more than a large text would.
pub const MAX_INFLATED_BYTES: u64 = MAX_INPUT_BYTES;

/// XML nodes (elements, text, …) of a Word file's `word/document.xml`, each of which costs the
/// parsed document about 70 bytes. Word writes a node per 20 bytes or so: a full report (the
/// fixture, 80 KB) has 4,000, and this many would take some 20 MB of XML.
pub const MAX_XML_NODES: u32 = 1_000_000;

/// Cells and lines of text an input is cut into (each table cell and each line of prose is
/// one): a report has about a thousand.
pub const MAX_CELLS: usize = 200_000;

/// Cells on one line: a table row has at most a few dozen. The cells after these are dropped.
pub const MAX_CELLS_PER_LINE: usize = 256;

/// What a limit counts, for the diagnostic that refuses an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    InflatedBytes,
    XmlNodes,
    TableNesting,
    Cells,
}

impl Limit {
    fn what(self) -> (&'static str, &'static str) {
        match self {
            Limit::InflatedBytes => (
                "word/document.xml 解压后的字节数",
                "the inflated size of word/document.xml in bytes",
            ),
            Limit::XmlNodes => (
                "word/document.xml 的 XML 节点数",
                "the number of XML nodes of word/document.xml",
            ),
            Limit::TableNesting => ("HTML 表格的嵌套层数", "the nesting depth of HTML tables"),
            Limit::Cells => (
                "文本的单元格和行数",
                "the number of cells and lines of text",
            ),
        }
    }

    fn value(self) -> u64 {
        match self {
            Limit::InflatedBytes => MAX_INFLATED_BYTES,
            Limit::XmlNodes => u64::from(MAX_XML_NODES),
            Limit::TableNesting => super::html::MAX_TABLE_NESTING as u64,
            Limit::Cells => MAX_CELLS as u64,
        }
    }

    /// The diagnostic refusing an input over this limit (X006).
    pub fn exceeded(self) -> Diagnostic {
        let (what_zh, what_en) = self.what();
        Diagnostic::new(Rule::OverLimit, "")
            .arg("what_zh", what_zh)
            .arg("what_en", what_en)
            .arg("limit", self.value())
    }
}
