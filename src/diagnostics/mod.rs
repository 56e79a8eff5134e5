//! What the checker and the importer report, below both: a [`Diagnostic`] is a value — a rule,
//! a location and the numbers. Messages are rendered from the rule [`catalog`] on demand, so no
//! text is built for reports nobody reads.

pub mod catalog;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use catalog::{CATALOG, Family, Rule, RuleInfo};

/// How serious a diagnostic is. Only errors make a report invalid.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The language messages are rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Bytes of a text argument quoted in full; a longer one is cut to its start (see
/// [`Diagnostic::arg`]).
pub const MAX_QUOTED: usize = 1000;

/// The start of `text` (at most [`MAX_QUOTED`] bytes, whole characters) and `…`.
fn quoted(text: &str) -> String {
    let mut end = MAX_QUOTED;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// One finding about one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: Rule,
    /// RFC 6901 pointer of the value the finding is about (`""` for the whole document).
    pub pointer: String,
    /// Pointers of the other values involved, e.g. the operands of a failed sum.
    pub related: Vec<String>,
    /// The numbers and names the message is built from (`reported`, `computed`, `label`, …).
    pub args: Map<String, Value>,
}

impl Diagnostic {
    pub fn new(rule: Rule, pointer: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            pointer: pointer.into(),
            related: Vec::new(),
            args: Map::new(),
        }
    }

    /// Adds an argument. A text longer than [`MAX_QUOTED`] bytes (a value of a document, a
    /// cell of an import) is quoted by its start and `…`: a 60 MiB value is not echoed in full
    /// in every format.
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Self {
        let value = match value.into() {
            Value::String(text) if text.len() > MAX_QUOTED => Value::String(quoted(&text)),
            value => value,
        };
        self.args.insert(name.to_owned(), value);
        self
    }

    /// Adds related pointers.
    pub fn related<I: IntoIterator<Item = S>, S: Into<String>>(mut self, pointers: I) -> Self {
        self.related.extend(pointers.into_iter().map(Into::into));
        self
    }

    pub fn info(&self) -> &'static RuleInfo {
        self.rule.info()
    }

    pub fn code(&self) -> &'static str {
        self.info().code
    }

    pub fn severity(&self) -> Severity {
        self.info().severity
    }

    /// The message in `lang`, with the catalog template's `{name}` placeholders filled from args.
    pub fn message(&self, lang: Lang) -> String {
        let template = match lang {
            Lang::Zh => self.info().message_zh,
            Lang::En => self.info().message_en,
        };
        fill_template(template, &self.args)
    }
}

/// Replaces each `{name}` in `template` by the argument `name` (strings without quotes).
pub fn fill_template(template: &str, args: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.get(name) {
                    Some(Value::String(text)) => out.push_str(text),
                    Some(value) => out.push_str(&value.to_string()),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
