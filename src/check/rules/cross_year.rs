//! Y601–Y604: consecutive years of the same agency.
//!
//! A batch keeps one small [`YearFacts`] per report rather than the report itself, so checking a
//! whole country's reports does not hold their prose in memory. The prose of a pair is compared
//! (Y604, [`copied_sections`]) once the pair is known, from the two documents read again.

use crate::check::layout::layout;
use crate::check::values::CellValue;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;
use crate::model::metadata::Sections;
use crate::model::{Edition, Report};
use crate::schema::cells::cells;
use crate::schema::section_title;

const TABLE2: &str = "/proactive_disclosure";

/// The facts of one report that the next year's report is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearFacts {
    /// 统一社会信用代码 when the report has one, else the agency name.
    pub agency: String,
    pub year: u16,
    pub edition: Edition,
    carried_over: Vec<Option<i64>>,
    carried_forward: Vec<Option<i64>>,
    items: Vec<ItemCounts>,
    stock: Vec<DocumentStock>,
}

/// 2019 edition, one table 2 row: 上一年项目数量 and 本年增/减.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ItemCounts {
    row: &'static str,
    previous: Option<i64>,
    change: Option<i64>,
}

/// 2021 edition, one table 2 row: 本年制发件数, 本年废止件数 and 现行有效件数.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocumentStock {
    row: &'static str,
    issued: Option<i64>,
    repealed: Option<i64>,
    in_force: Option<i64>,
}

impl YearFacts {
    pub fn of(report: &Report, values: &[CellValue]) -> Self {
        let common = report.common();
        let edition = report.edition();
        let layout = layout(edition);
        let pick = |indices: &[usize]| indices.iter().map(|&i| values[i].int()).collect();
        let agency = match &common.agency.credit_code {
            Some(code) => code.as_str().to_owned(),
            None => common.agency.name.as_str().trim().to_owned(),
        };
        YearFacts {
            agency,
            year: common.report_year.get(),
            edition,
            carried_over: pick(&layout.carried_over),
            carried_forward: pick(&layout.carried_forward),
            items: items_of(report),
            stock: stock_of(report),
        }
    }

    /// Whether `self` is the report of the year before `next`, by the same agency.
    pub fn precedes(&self, next: &YearFacts) -> bool {
        self.agency == next.agency && self.year.checked_add(1) == Some(next.year)
    }
}

fn items_of(report: &Report) -> Vec<ItemCounts> {
    let Report::Edition2019(report) = report else {
        return Vec::new();
    };
    let t = &report.proactive_disclosure;
    let rows = [
        ("administrative_licensing", &t.administrative_licensing),
        (
            "other_administrative_services",
            &t.other_administrative_services,
        ),
        ("administrative_penalties", &t.administrative_penalties),
        ("administrative_enforcement", &t.administrative_enforcement),
    ];
    let fees = ItemCounts {
        row: "administrative_fees",
        previous: t.administrative_fees.previous_items.get().map(i64::from),
        change: t.administrative_fees.change.get().map(i64::from),
    };
    rows.into_iter()
        .map(|(row, matters)| ItemCounts {
            row,
            previous: matters.previous_items.get().map(i64::from),
            change: matters.change.get().map(i64::from),
        })
        .chain([fees])
        .collect()
}

fn stock_of(report: &Report) -> Vec<DocumentStock> {
    let Report::Edition2021(report) = report else {
        return Vec::new();
    };
    let t = &report.proactive_disclosure;
    [
        ("regulations", &t.regulations),
        ("normative_documents", &t.normative_documents),
    ]
    .into_iter()
    .map(|(row, documents)| DocumentStock {
        row,
        issued: documents.issued.get().map(i64::from),
        repealed: documents.repealed.get().map(i64::from),
        in_force: documents.in_force.get().map(i64::from),
    })
    .collect()
}

/// The cross-year diagnostics of `current` given the previous year's facts.
pub fn check_pair(previous: &YearFacts, current: &YearFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    carry_over(previous, current, &mut out);
    if previous.edition == Edition::E2019 && current.edition == Edition::E2019 {
        item_chain(previous, current, &mut out);
    }
    if previous.edition == Edition::E2021 && current.edition == Edition::E2021 {
        in_force_stock(previous, current, &mut out);
    }
    out
}

fn carry_over(previous: &YearFacts, current: &YearFacts, out: &mut Vec<Diagnostic>) {
    let current_cells = cells(current.edition);
    let indices = &layout(current.edition).carried_over;
    let pairs = current.carried_over.iter().zip(&previous.carried_forward);
    for (index, (reported, expected)) in indices.iter().zip(pairs) {
        if let (Some(reported), Some(expected)) = (reported, expected)
            && reported != expected
        {
            let cell = &current_cells[*index];
            out.push(
                Diagnostic::new(Rule::CarryOverMismatch, cell.pointer.as_str())
                    .arg("column", cell.column_label())
                    .arg("reported", *reported)
                    .arg("expected", *expected)
                    .arg("previous_year", previous.year),
            );
        }
    }
}

fn row_label(edition: Edition, row: &str) -> String {
    let prefix = format!("{TABLE2}/{row}/");
    cells(edition)
        .iter()
        .find(|c| c.pointer.starts_with(&prefix))
        .map(|c| c.labels[0].clone())
        .unwrap_or_default()
}

fn item_chain(previous: &YearFacts, current: &YearFacts, out: &mut Vec<Diagnostic>) {
    for (now, last) in current.items.iter().zip(&previous.items) {
        if let (Some(reported), Some(last_items), Some(last_change)) =
            (now.previous, last.previous, last.change)
        {
            let expected = last_items + last_change;
            if reported != expected {
                let row = now.row;
                out.push(
                    Diagnostic::new(
                        Rule::ItemCountChain,
                        format!("{TABLE2}/{row}/previous_items"),
                    )
                    .arg("row", row_label(current.edition, row))
                    .arg("reported", reported)
                    .arg("expected", expected)
                    .arg("previous_year", previous.year),
                );
            }
        }
    }
}

fn in_force_stock(previous: &YearFacts, current: &YearFacts, out: &mut Vec<Diagnostic>) {
    for (now, last) in current.stock.iter().zip(&previous.stock) {
        if let (Some(issued), Some(repealed), Some(reported), Some(last_stock)) =
            (now.issued, now.repealed, now.in_force, last.in_force)
        {
            let expected = last_stock + issued - repealed;
            if reported != expected {
                let row = now.row;
                out.push(
                    Diagnostic::new(Rule::InForceStock, format!("{TABLE2}/{row}/in_force"))
                        .related([
                            format!("{TABLE2}/{row}/issued"),
                            format!("{TABLE2}/{row}/repealed"),
                        ])
                        .arg("row", row_label(current.edition, row))
                        .arg("reported", reported)
                        .arg("expected", expected)
                        .arg("previous_year", previous.year),
                );
            }
        }
    }
}

/// Similarity at or above which a section counts as copied from the previous year (内容雷同).
pub const COPIED: f64 = 0.9;

/// Sections shorter than this many characters (letters and ideographs) are not compared: short
/// formulaic sections ("本年度未收取信息处理费。") are rightly the same every year.
pub const MIN_COMPARED: usize = 50;

/// The character bigrams of a text, as a sorted set: letters and ideographs only, so that
/// punctuation, spacing and figures (years, counts), which change every year without the text
/// being rewritten, do not count.
fn bigrams(text: &str) -> (Vec<u64>, usize) {
    let kept: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let mut pairs: Vec<u64> = kept
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, kept.len())
}

/// The Dice coefficient of the character-bigram sets of two texts, 2|A ∩ B| / (|A| + |B|), or
/// None when either holds fewer than [`MIN_COMPARED`] characters.
pub fn similarity(a: &str, b: &str) -> Option<f64> {
    let ((a, a_len), (b, b_len)) = (bigrams(a), bigrams(b));
    if a_len < MIN_COMPARED || b_len < MIN_COMPARED {
        return None;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(2.0 * common as f64 / (a.len() + b.len()) as f64)
}

/// Y604: each numbered section of `current` at least [`COPIED`] similar to the same section of
/// the previous year's report.
pub fn copied_sections(
    previous_year: u16,
    previous: &Sections,
    current: &Sections,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ((key, now), (_, before)) in current.numbered().into_iter().zip(previous.numbered()) {
        let (Some(now), Some(before)) = (now, before) else {
            continue;
        };
        if let Some(similarity) = similarity(now, before)
            && similarity >= COPIED
        {
            out.push(
                Diagnostic::new(Rule::CopiedSection, format!("/sections/{key}"))
                    .arg("section", section_title(key).unwrap_or(key))
                    .arg(
                        "similarity",
                        format!("{:.1}", (similarity * 1000.0).floor() / 10.0),
                    )
                    .arg("previous_year", previous_year),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::similarity;

    const TEXT: &str = "本机关坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，及时发布财政预决算、重大建设项目、公共资源配置等信息，依托政府门户网站政府信息公开专栏规范设置栏目。";

    #[test]
    fn the_same_text_with_other_figures_is_identical() {
        let this_year = format!("2023年，{TEXT}全年主动公开信息1234条。");
        let last_year = format!("2022年，{TEXT}全年主动公开信息987条。");
        assert_eq!(similarity(&this_year, &last_year), Some(1.0));
    }

    #[test]
    fn rewritten_text_is_far_below_the_threshold() {
        let other = "今年我局围绕优化营商环境，重点公开涉企政策和行政审批结果，新开设惠企政策专栏，组织政策解读活动多场，群众满意度明显提升。";
        let score = similarity(TEXT, other).unwrap();
        assert!(score < 0.3, "{score}");
    }

    #[test]
    fn a_sentence_added_lowers_the_figure_a_little() {
        let longer = format!("{TEXT}同时加强政策解读，采用图文、视频等多种形式。");
        let score = similarity(&longer, TEXT).unwrap();
        assert!((0.75..0.95).contains(&score), "{score}");
    }

    #[test]
    fn short_sections_are_not_compared() {
        assert_eq!(
            similarity("本年度未收取信息处理费。", "本年度未收取信息处理费。"),
            None
        );
    }
}
