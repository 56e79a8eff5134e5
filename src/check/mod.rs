//! The reference checker: bytes → JSON → published schema → typed model → rules → diagnostics.
//!
//! Nothing here prints: every finding is a [`Diagnostic`] value, rendered by the caller.

pub mod catalog;
pub mod diagnostic;
pub mod input;
pub mod layout;
pub mod rules;
pub mod structure;
pub mod values;

use serde_json::Value;

use crate::model::{Edition, Report};

pub use catalog::{CATALOG, Family, Rule, RuleInfo};
pub use diagnostic::{Diagnostic, Lang, Severity};
pub use rules::cross_year::{YearFacts, check_pair};

/// What the checker needs to know about the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The current calendar year: a report year after it is an error.
    pub current_year: u16,
}

/// The result of checking one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The edition the document declares, when it declares a known one.
    pub edition: Option<Edition>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the next year's report of the same agency is compared with (valid structure only).
    pub facts: Option<YearFacts>,
}

impl Checked {
    fn failed(edition: Option<Edition>, diagnostics: Vec<Diagnostic>) -> Self {
        Checked {
            edition,
            diagnostics,
            facts: None,
        }
    }

    /// The bytes could not be read as JSON (exit status 2).
    pub fn is_unreadable(&self) -> bool {
        self.diagnostics.iter().any(|d| d.rule.makes_unreadable())
    }

    /// No diagnostic of severity error.
    pub fn is_valid(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

/// Checks a document given as bytes.
pub fn check_bytes(bytes: &[u8], options: &Options) -> Checked {
    match input::parse(bytes) {
        Ok(document) => check_value(&document, options),
        Err(diagnostic) => Checked::failed(None, vec![*diagnostic]),
    }
}

/// Checks a parsed JSON document.
pub fn check_value(document: &Value, options: &Options) -> Checked {
    let edition = match structure::declared_edition(document) {
        Ok(edition) => edition,
        Err(diagnostic) => return Checked::failed(None, vec![*diagnostic]),
    };
    let errors = structure::schema_errors(document, edition);
    if !errors.is_empty() {
        return Checked::failed(Some(edition), errors);
    }
    match structure::into_model(document, edition) {
        Ok(report) => {
            let (diagnostics, facts) = check_report(&report, options);
            Checked {
                edition: Some(edition),
                diagnostics,
                facts: Some(facts),
            }
        }
        Err(diagnostic) => Checked::failed(Some(edition), vec![*diagnostic]),
    }
}

/// Runs every single-report rule on a typed report.
pub fn check_report(report: &Report, options: &Options) -> (Vec<Diagnostic>, YearFacts) {
    let context = rules::Context::new(report, options.current_year);
    let mut diagnostics = Vec::new();
    rules::run(&context, &mut diagnostics);
    let facts = YearFacts::of(report, &context.values);
    (diagnostics, facts)
}
