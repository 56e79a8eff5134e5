//! A picture of a corpus (`xxgk summary`): verdicts, diagnostics per rule, the cells most often
//! left empty, and the distributions of applications, outcomes, reviews and lawsuits by level
//! and year, as one self-contained HTML page with SVG charts ([`page`]).
//!
//! Reports are read as `xxgk export` reads them ([`crate::export::read_source`], the checker
//! on), in input order on the thread pool; only totals are kept, so memory grows with the
//! number of reports by one number per report and chart, not by their content.

pub mod page;
mod svg;

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;

use crate::batch::{self, Source};
use crate::check::{self};
use crate::diagnostics::{Rule, Severity};
use crate::export::record::{ReportRecord, State};
use crate::export::{FileOutcome, read_source};
use crate::model::{Edition, PerEdition};

/// What a report's verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Valid,
    /// A report whose rules of severity error fail.
    Invalid,
    /// Not a structurally valid report.
    Rejected,
    Unreadable,
}

/// Per rule: how many findings, in how many files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleCount {
    pub findings: u64,
    pub files: u64,
}

/// How often a cell is not stated, per state, among the reports of its edition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellGaps {
    pub by_state: BTreeMap<State, u64>,
}

impl CellGaps {
    pub fn unstated(&self) -> u64 {
        self.by_state
            .iter()
            .filter(|(s, _)| **s != State::Stated)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A report among those with the most errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worst {
    pub file: String,
    pub agency: Option<String>,
    pub report_year: Option<u16>,
    pub errors: u64,
    pub warnings: u64,
    /// The codes of its errors, most frequent first.
    pub codes: Vec<String>,
}

/// A group of reports: an agency level (or "unknown") and a report year.
pub type Group = (String, u16);

/// The totals of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub files: u64,
    /// Inputs not read as a report: unreadable, and not structurally valid.
    pub unreadable: u64,
    pub rejected: u64,
    pub verdicts: BTreeMap<Verdict, u64>,
    pub rules: BTreeMap<Rule, RuleCount>,
    pub reports_by_edition: BTreeMap<&'static str, u64>,
    /// Per edition and catalog position.
    pub gaps: BTreeMap<&'static str, Vec<CellGaps>>,
    /// 一、本年新收政府信息公开申请数量 › 总计 of every report that states it, by group.
    pub new_applications: BTreeMap<Group, Vec<i64>>,
    /// Sums of the 总计 column of each outcome category (by its official label), by level.
    pub outcomes: BTreeMap<String, BTreeMap<String, i64>>,
    /// The same sums by report year.
    pub outcomes_by_year: BTreeMap<u16, BTreeMap<String, i64>>,
    /// The outcome categories in template order, with their official labels.
    pub outcome_labels: Vec<String>,
    /// Reviews and lawsuits (行政复议, 未经复议直接起诉, 复议后起诉 › 总计): sums and reports
    /// stating them, by group.
    pub appeals: BTreeMap<Group, [(i64, u64); 3]>,
    pub appeal_labels: [String; 3],
    pub worst: Vec<Worst>,
}

/// How many reports the page lists by their errors.
pub const WORST_LISTED: usize = 20;

const NEW_APPLICATIONS: &str = "/applications/new_applications/total";
const APPEALS: [&str; 3] = [
    "/appeals/administrative_review/total",
    "/appeals/litigation_without_review/total",
    "/appeals/litigation_after_review/total",
];

/// Reads every source and adds it up; `each` is called once per input, in order (progress).
pub fn collect(
    sources: &[Source],
    options: &check::Options,
    max_file_size: u64,
    mut each: impl FnMut(&Source, Option<&FileOutcome>),
) -> Corpus {
    let mut corpus = Corpus {
        appeal_labels: APPEALS.map(|p| row_label(Edition::E2021, p)),
        outcome_labels: outcome_categories(Edition::E2021)
            .into_iter()
            .map(|(_, label, _)| label)
            .collect(),
        ..Corpus::default()
    };
    batch::in_order(
        sources,
        |source| read_source(source, max_file_size, Some(options)),
        |_, source, result| {
            each(source, result.as_ref().err());
            corpus.add(source, result);
            ControlFlow::Continue(())
        },
    );
    corpus
}

/// The label of a catalog cell's row (its labels but the column).
fn row_label(edition: Edition, pointer: &str) -> String {
    crate::schema::cells::cell_at(edition, pointer).map_or_else(
        || pointer.to_owned(),
        |cell| cell.labels[..cell.labels.len() - 1].join(" › "),
    )
}

/// The outcome categories of table 3 (（一）予以公开 … （六）其他处理), each with its official
/// label and the catalog positions of its 总计 cells (one, or one per sub-row).
/// An outcome category: its property name, official label, and the catalog positions of its
/// 总计 cells.
type Category = (String, String, Vec<usize>);

fn outcome_categories(edition: Edition) -> Vec<Category> {
    // (name, label, its own 总计 row, the 总计 of its sub-rows)
    let mut found: Vec<(String, String, Option<usize>, Vec<usize>)> = Vec::new();
    for (position, cell) in crate::schema::cells::cells(edition).iter().enumerate() {
        let Some(rest) = cell.pointer.strip_prefix("/applications/outcomes/") else {
            continue;
        };
        let names: Vec<&str> = rest.split('/').collect();
        if names[0] == "total" || names.last() != Some(&"total") {
            continue;
        }
        let index = match found.iter().position(|(n, ..)| n == names[0]) {
            Some(index) => index,
            None => {
                let label = cell.labels.get(1).cloned().unwrap_or_default();
                found.push((names[0].to_owned(), label, None, Vec::new()));
                found.len() - 1
            }
        };
        match names.len() {
            2 => found[index].2 = Some(position),
            3 => found[index].3.push(position),
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|(name, label, own, parts)| (name, label, own.map_or(parts, |p| vec![p])))
        .collect()
}

impl Corpus {
    fn add(&mut self, source: &Source, result: Result<ReportRecord, FileOutcome>) {
        self.files += 1;
        match result {
            Ok(report) => self.add_report(source, &report),
            Err(outcome) => {
                let verdict = if outcome.is_unreadable() {
                    Verdict::Unreadable
                } else {
                    Verdict::Rejected
                };
                *self.verdicts.entry(verdict).or_default() += 1;
                match verdict {
                    Verdict::Unreadable => self.unreadable += 1,
                    _ => self.rejected += 1,
                }
                if let FileOutcome::Rejected { diagnostics, .. } = &outcome {
                    self.count_rules(diagnostics);
                    let errors = diagnostics
                        .iter()
                        .filter(|d| d.severity() == Severity::Error)
                        .count() as u64;
                    self.consider_worst(Worst {
                        file: source.display(),
                        agency: None,
                        report_year: None,
                        errors,
                        warnings: 0,
                        codes: codes(diagnostics),
                    });
                }
            }
        }
    }

    fn count_rules(&mut self, diagnostics: &[crate::diagnostics::Diagnostic]) {
        let mut seen: HashMap<Rule, ()> = HashMap::new();
        for diagnostic in diagnostics {
            let count = self.rules.entry(diagnostic.rule).or_default();
            count.findings += 1;
            if seen.insert(diagnostic.rule, ()).is_none() {
                count.files += 1;
            }
        }
    }

    fn consider_worst(&mut self, worst: Worst) {
        if worst.errors == 0 {
            return;
        }
        self.worst.push(worst);
        self.worst.sort_by(|a, b| {
            b.errors
                .cmp(&a.errors)
                .then(b.warnings.cmp(&a.warnings))
                .then(a.file.cmp(&b.file))
        });
        self.worst.truncate(WORST_LISTED);
    }

    fn add_report(&mut self, source: &Source, report: &ReportRecord) {
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count() as u64;
        let warnings = report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
            .count() as u64;
        let verdict = if errors > 0 {
            Verdict::Invalid
        } else {
            Verdict::Valid
        };
        *self.verdicts.entry(verdict).or_default() += 1;
        self.count_rules(&report.diagnostics);
        let meta = &report.meta;
        self.consider_worst(Worst {
            file: source.display(),
            agency: Some(meta.agency.clone()),
            report_year: Some(meta.report_year),
            errors,
            warnings,
            codes: codes(&report.diagnostics),
        });
        let edition = meta.edition;
        *self.reports_by_edition.entry(edition.tag()).or_default() += 1;
        let catalog_len = crate::schema::cells::cells(edition).len();
        let gaps = self
            .gaps
            .entry(edition.tag())
            .or_insert_with(|| vec![CellGaps::default(); catalog_len]);
        for (gap, cell) in gaps.iter_mut().zip(&report.cells) {
            *gap.by_state.entry(cell.state).or_default() += 1;
        }
        let level = meta.level.clone().unwrap_or_else(|| "unknown".to_owned());
        let group = (level.clone(), meta.report_year);
        let value_at = |pointer: &str| {
            report.cells[..catalog_len]
                .iter()
                .find(|c| c.pointer == pointer)
                .and_then(|c| c.value)
        };
        if let Some(n) = value_at(NEW_APPLICATIONS) {
            self.new_applications
                .entry(group.clone())
                .or_default()
                .push(n);
        }
        let appeals = self.appeals.entry(group).or_default();
        for (slot, pointer) in appeals.iter_mut().zip(APPEALS) {
            if let Some(n) = value_at(pointer) {
                slot.0 += n;
                slot.1 += 1;
            }
        }
        for (_, label, positions) in outcome_categories_cached(edition) {
            let stated: Vec<i64> = positions
                .iter()
                .filter_map(|&p| report.cells[p].value)
                .collect();
            if !stated.is_empty() {
                let sum = stated.iter().sum::<i64>();
                let by_level = self.outcomes.entry(level.clone()).or_default();
                *by_level.entry(label.clone()).or_default() += sum;
                let by_year = self.outcomes_by_year.entry(meta.report_year).or_default();
                *by_year.entry(label.clone()).or_default() += sum;
            }
        }
    }
}

fn outcome_categories_cached(edition: Edition) -> &'static [Category] {
    static CATEGORIES: PerEdition<Vec<Category>> = PerEdition::new();
    CATEGORIES.get(edition, outcome_categories)
}

/// The codes of the errors, most frequent first.
fn codes(diagnostics: &[crate::diagnostics::Diagnostic]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
    {
        *counts.entry(d.code()).or_default() += 1;
    }
    let mut codes: Vec<(&str, usize)> = counts.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    codes.into_iter().map(|(c, _)| c.to_owned()).collect()
}

impl Corpus {
    /// 0 every input read as a report, 1 some not structurally valid, 2 some unreadable.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else {
            u8::from(self.rejected > 0)
        }
    }
}

/// Quartiles of a sample (nearest rank).
pub fn quartiles(values: &mut [i64]) -> Option<[i64; 5]> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Some([at(0.0), at(0.25), at(0.5), at(0.75), at(1.0)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_categories_follow_the_template() {
        for edition in Edition::ALL {
            let categories = outcome_categories(edition);
            let labels: Vec<&str> = categories.iter().map(|(_, l, _)| l.as_str()).collect();
            assert_eq!(labels.len(), 6, "{labels:?}");
            assert!(labels[0].contains("予以公开"), "{labels:?}");
            assert!(labels[5].contains("其他处理"), "{labels:?}");
            for (name, _, positions) in &categories {
                assert!(!positions.is_empty(), "{name}");
                for &p in positions {
                    let pointer = &crate::schema::cells::cells(edition)[p].pointer;
                    assert!(pointer.ends_with("/total") && pointer.contains(name.as_str()));
                }
            }
        }
    }

    #[test]
    fn quartiles_by_nearest_rank() {
        assert_eq!(quartiles(&mut []), None);
        assert_eq!(quartiles(&mut [5]), Some([5; 5]));
        assert_eq!(quartiles(&mut [4, 1, 3, 2, 0]), Some([0, 1, 2, 3, 4]));
    }
}
