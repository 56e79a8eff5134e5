//! The reference checker: bytes → JSON → published schema → typed model → rules → diagnostics.
//!
//! Nothing here prints: every finding is a [`Diagnostic`] value, rendered by the caller.

pub mod input;
pub mod layout;
pub mod rules;
pub mod structure;
pub mod values;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Rule, Severity};
use crate::model::metadata::Sections;
use crate::model::{Edition, Report};

pub use rules::cross_year::{YearFacts, check_pair, copied_sections};

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
///
/// The text is read straight into the typed model: the model accepts exactly what the published
/// schema accepts (tested on every conformance case and a generated corpus), so a report it
/// accepts needs no schema pass. Only a rejected text is parsed again as JSON and validated
/// against the schema, to explain where it is wrong.
pub fn check_bytes(bytes: &[u8], options: &Options) -> Checked {
    let text = match input::decode(bytes) {
        Ok(text) => text,
        Err(diagnostic) => return Checked::failed(None, vec![*diagnostic]),
    };
    match serde_json::from_str::<Report>(text) {
        Ok(report) => checked_report(&report, options),
        Err(typed_error) => explain_rejection(text, &typed_error, options),
    }
}

fn explain_rejection(text: &str, typed_error: &serde_json::Error, options: &Options) -> Checked {
    let document = match input::parse_json(text) {
        Ok(document) => document,
        Err(diagnostic) => return Checked::failed(None, vec![*diagnostic]),
    };
    let checked = check_value(&document, options);
    if checked.is_valid() {
        // The JSON value is a fine report, so the text itself is at fault: a member name given
        // twice, which a JSON value silently collapses. It is looked for again: the typed
        // reading may have stopped earlier, at the first of the two values (`report_year` out
        // of range, then given again in range).
        let diagnostic = input::duplicate_member(text).unwrap_or_else(|| {
            input::located(Diagnostic::new(Rule::DuplicateKey, ""), typed_error, text)
        });
        return Checked::failed(checked.edition, vec![diagnostic]);
    }
    checked
}

fn checked_report(report: &Report, options: &Options) -> Checked {
    let (diagnostics, facts) = check_report(report, options);
    Checked {
        edition: Some(report.edition()),
        diagnostics,
        facts: Some(facts),
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
    // A rule reports only on the editions its catalog row names.
    let edition = report.edition();
    diagnostics.retain(|d| d.info().editions.contains(&edition));
    let facts = YearFacts::of(report, &context.values);
    (diagnostics, facts)
}

/// The prose of a document given as bytes, for comparison with another year's report (Y604);
/// None when the bytes are not a JSON object whose `sections` the model reads. Nothing else of
/// the document is kept.
pub fn read_sections(bytes: &[u8]) -> Option<Sections> {
    #[derive(serde::Deserialize)]
    struct Prose {
        #[serde(default)]
        sections: Sections,
    }
    let text = input::decode(bytes).ok()?;
    serde_json::from_str::<Prose>(text)
        .ok()
        .map(|prose| prose.sections)
}

/// The current calendar year (UTC) from the system clock.
pub fn current_year() -> u16 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_year(seconds / 86_400)
}

/// The Gregorian year of a day count since 1970-01-01 (H. Hinnant's civil-from-days).
fn civil_year(days: u64) -> u16 {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    u16::try_from(year).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::civil_year;

    #[test]
    fn civil_year_at_boundaries() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(365), 1971);
        // 2026-11-26 is day 20_783; 2024-12-31 is day 20_088 and 2025-01-01 day 20_089.
        assert_eq!(civil_year(20_783), 2026);
        assert_eq!(civil_year(20_088), 2024);
        assert_eq!(civil_year(20_089), 2025);
    }
}
