//! The importer's limits. Every input is read with bounded work and memory, whatever its bytes:
//! past a limit the input is refused with a diagnostic (X004, X006). README.md lists them for
//! users.

use crate::check::{Diagnostic, Rule};

/// Bytes of one input, whatever its carrier (as `xxgk check`'s default `--max-file-size`).
pub const MAX_INPUT_BYTES: u64 = crate::check::input::DEFAULT_MAX_FILE_SIZE;

/// Bytes of a Word file's `word/document.xml` once inflated: the same as an input, so that a
/// small compressed file cannot make the importer read more than a large text would.
pub const MAX_INFLATED_BYTES: u64 = MAX_INPUT_BYTES;

/// XML nodes (elements, text, …) of a Word file's `word/document.xml`. A long report has some
/// hundred thousand; each costs the parsed document about 60 bytes.
pub const MAX_XML_NODES: u32 = 4_000_000;

/// What a limit counts, for the diagnostic that refuses an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    InflatedBytes,
    XmlNodes,
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
        }
    }

    fn value(self) -> u64 {
        match self {
            Limit::InflatedBytes => MAX_INFLATED_BYTES,
            Limit::XmlNodes => u64::from(MAX_XML_NODES),
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
