//! Finding the template's tables in a stream of cells and placing their values.
//!
//! Rows are looked for in template order, by the official labels of the cell catalog (the same
//! titles the schema publishes). A row's values are the cells right after its label; a row whose
//! values cannot all be read — fewer cells than columns before the next label, a number of the
//! wrong kind — is not placed: it is reported instead. A number is never guessed.

use std::ops::Range;

use crate::model::{Edition, PerEdition};
use crate::schema::cells::{CellInfo, CellKind, TABLES, cells};

use super::layout::{self, RowValues};
use super::normalize::{label_core, label_key};
use super::tokens::Token;
use super::value::Printed;

/// A row of the template: its label and the cells it holds, in column order.
#[derive(Debug, Clone)]
pub struct RowSpec {
    pub table: u8,
    pub label: String,
    /// The label's core, to compare with printed labels.
    pub core: String,
    pub cells: Vec<&'static CellInfo>,
}

/// The rows of an edition, from the cell catalog (derived once per process).
pub fn row_specs(edition: Edition) -> &'static [RowSpec] {
    static ROWS: PerEdition<Vec<RowSpec>> = PerEdition::new();
    ROWS.get(edition, rows_of)
}

fn rows_of(edition: Edition) -> Vec<RowSpec> {
    let mut rows: Vec<RowSpec> = Vec::new();
    let mut last_row = String::new();
    for cell in cells(edition) {
        let (row, _) = cell.pointer.rsplit_once('/').expect("a cell below a row");
        if row != last_row {
            let label = cell.labels[cell.labels.len().saturating_sub(2)].clone();
            rows.push(RowSpec {
                table: cell.table,
                core: label_core(&label),
                label,
                cells: Vec::new(),
            });
            last_row = row.to_owned();
        }
        rows.last_mut().expect("a row").cells.push(cell);
    }
    rows
}

/// Whether a printed label is the template's label `spec`, numbering, spaces, punctuation and
/// remarks in parentheses aside. Short labels must match whole (`其他` is not `其他法律…`); long
/// ones by their first six characters, as printed labels get truncated or reworded at the end.
pub fn label_matches(printed: &str, spec: &str) -> bool {
    cores_match(&label_core(printed), &label_core(spec))
}

/// [`label_matches`] on label cores computed beforehand.
pub fn cores_match(printed: &str, spec: &str) -> bool {
    if printed.is_empty() || spec.is_empty() {
        return false;
    }
    let same = |printed: &str, spec: &str| match spec.char_indices().nth(6) {
        Some((end, _)) => printed.starts_with(&spec[..end]),
        None => printed == spec,
    };
    // 规范性文件 (2019) and 行政规范性文件 (2021) are printed either way.
    same(printed, spec)
        || printed
            .strip_prefix("行政")
            .is_some_and(|bare| same(bare, spec))
        || spec
            .strip_prefix("行政")
            .is_some_and(|bare| same(printed, bare))
}

/// One value placed in a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub cell: &'static CellInfo,
    pub printed: Printed,
    pub raw: String,
    pub line: usize,
}

/// A row found but not placed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub table: u8,
    pub label: String,
    pub line: usize,
    pub reason: String,
    pub raw: Vec<String>,
}

/// A local row of table 2: its printed label, block, column labels and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRow {
    pub label: String,
    pub under: Option<String>,
    pub columns: Vec<String>,
    pub values: Vec<(Printed, String)>,
    pub line: usize,
}

/// Everything read from the tables.
#[derive(Debug, Clone, Default)]
pub struct TablesRead {
    pub placed: Vec<Placed>,
    pub unplaced: Vec<Unplaced>,
    pub local_rows: Vec<LocalRow>,
    /// Rows of the template not found at all: (table, label).
    pub missing_rows: Vec<(u8, String)>,
    /// Rows placed without a printed label, by their place in the template: (label, line).
    pub label_less: Vec<(String, usize)>,
    /// Per table (2, 3, 4): the lines the table spans, when found.
    pub spans: Vec<(u8, Range<usize>)>,
}

/// The header words that name an edition's table 2: a printed key containing one of
/// `contains`, equal to one of `equals` or starting with one of `starts_with`.
struct EditionWords {
    contains: &'static [&'static str],
    equals: &'static [&'static str],
    starts_with: &'static [&'static str],
}

impl EditionWords {
    fn name(&self, key: &str) -> bool {
        self.contains.iter().any(|h| key.contains(h))
            || self.equals.contains(&key)
            || self.starts_with.iter().any(|h| key.starts_with(h))
    }
}

/// The words of an edition's template that no other edition prints.
fn edition_words(edition: Edition) -> EditionWords {
    match edition {
        Edition::E2019 => EditionWords {
            contains: &[
                "本年新制作数量",
                "本年新公开数量",
                "上一年项目数量",
                "采购项目数量",
                "其他对外管理服务事项",
            ],
            equals: &["本年新"],
            starts_with: &[],
        },
        Edition::E2021 => EditionWords {
            contains: &[
                "本年制发件数",
                "本年废止件数",
                "现行有效件",
                "本年处理决定数量",
            ],
            equals: &[],
            starts_with: &["1.申请人无正当理由逾期不补正"],
        },
    }
}

/// The edition the tables follow, from their headers; `None` when no header is printed.
pub fn detect_edition(tokens: &[Token]) -> Option<(Edition, usize)> {
    for token in tokens {
        if token.printed.is_value() {
            continue;
        }
        // Prose longer than a label has no key; a header could still hide in it.
        let computed;
        let key = if token.key.is_empty() {
            computed = label_key(&token.text);
            &computed
        } else {
            &token.key
        };
        if let Some(edition) = Edition::ALL
            .into_iter()
            .find(|edition| edition_words(*edition).name(key))
        {
            return Some((edition, token.line));
        }
    }
    None
}

/// Reads every table of `edition` from the token ranges of sections 二, 三 and 四.
pub fn read_tables(
    tokens: &[Token],
    edition: Edition,
    regions: [Option<Range<usize>>; 3],
) -> TablesRead {
    let specs = row_specs(edition);
    let mut read = TablesRead::default();
    for (&(table, _), region) in TABLES.iter().zip(regions) {
        let table_specs: Vec<&RowSpec> = specs.iter().filter(|s| s.table == table).collect();
        let Some(region) = region else {
            read.missing_rows
                .extend(table_specs.iter().map(|s| (table, s.label.clone())));
            continue;
        };
        let before = read.placed.len() + read.unplaced.len();
        let laid_out = layout::is_layout(tokens, region.clone());
        let consumed = if table == 4 {
            read_appeals(tokens, region.clone(), &table_specs, &mut read)
        } else if laid_out {
            read_laid_out_rows(tokens, region.clone(), &table_specs, &mut read)
        } else {
            read_rows(tokens, region.clone(), &table_specs, &mut read)
        };
        if table == 2 {
            read_local_rows(
                tokens,
                region.clone(),
                &consumed,
                specs,
                laid_out,
                &mut read,
            );
        }
        if read.placed.len() + read.unplaced.len() > before
            && let (Some(first), Some(last)) = (consumed.first(), consumed.last())
        {
            read.spans
                .push((table, tokens[*first].line..tokens[*last].line + 1));
        }
    }
    read
}

/// Reads labelled rows in template order; returns the indices of the tokens it used.
fn read_rows(
    tokens: &[Token],
    region: Range<usize>,
    specs: &[&RowSpec],
    read: &mut TablesRead,
) -> Vec<usize> {
    let headings = heading_keys(specs);
    let mut consumed = Vec::new();
    let mut position = region.start;
    // Whether the row before (or the table's start) is where `position` is.
    let mut anchored = true;
    for (k, spec) in specs.iter().enumerate() {
        let Some(label_index) = find_label(tokens, position..region.end, spec) else {
            let next_label = specs
                .get(k + 1)
                .and_then(|next| find_label(tokens, position..region.end, next));
            let label_less = next_label
                .filter(|_| anchored)
                .and_then(|next| label_less_row(tokens, position..next, spec, &headings));
            match label_less {
                Some((anchor, values)) => {
                    read.label_less
                        .push((spec.label.clone(), tokens[anchor].line));
                    consumed.extend(&values);
                    position = values.last().map_or(position, |last| last + 1);
                    place_row(tokens, anchor, &every(&values), spec, Cut::NotAllowed, read);
                }
                None => {
                    read.missing_rows.push((spec.table, spec.label.clone()));
                    anchored = false;
                }
            }
            continue;
        };
        let values: Vec<usize> = (label_index + 1..region.end)
            .take_while(|&i| tokens[i].printed.is_value())
            .take(spec.cells.len())
            .collect();
        consumed.push(label_index);
        consumed.extend(&values);
        position = values.last().map_or(label_index + 1, |last| last + 1);
        anchored = true;
        place_row(
            tokens,
            label_index,
            &every(&values),
            spec,
            Cut::Allowed,
            read,
        );
    }
    consumed
}

/// Whether a label key is a section's heading ("二、主动公开政府信息情况").
fn is_section_heading(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| "一二三四五六".contains(c))
        && chars.next() == Some(',')
        && ["情况", "事项"].iter().any(|end| key.ends_with(end))
}

/// Where a row's label is: a label token followed by its first value (or by the end of a
/// truncated input).
fn find_label(tokens: &[Token], range: Range<usize>, spec: &RowSpec) -> Option<usize> {
    range.into_iter().find(|&i| {
        !tokens[i].printed.is_value()
            && cores_match(tokens[i].core(), &spec.core)
            && tokens.get(i + 1).is_none_or(|next| next.printed.is_value())
    })
}

/// The values of a row whose label cell is empty ("| | 1 | 0 | 3" where 规章 should be), when
/// its place is certain: the row before it in the template (or the table's start) ends where
/// `between` starts, the row after it is found where `between` ends, and in between stand only
/// the table's headings and exactly one run of the row's values (led, perhaps, by the empty
/// label cell). Headings are the table's column and group labels, its 第二十条 blocks, 信息内容,
/// and the section's own heading. Returns a token to name the row by (its line) and the values.
fn label_less_row(
    tokens: &[Token],
    between: Range<usize>,
    spec: &RowSpec,
    headings: &[String],
) -> Option<(usize, Vec<usize>)> {
    let is_heading = |token: &Token| {
        let key = label_key(&token.text);
        headings.contains(&key)
            || key == "信息内容"
            || token.core().starts_with("第二十条")
            || is_section_heading(&key)
    };
    let is_value = |i: &usize| tokens[*i].printed.is_value();
    let first = between.clone().find(is_value)?;
    let end = (first..between.end)
        .find(|i| !is_value(i))
        .unwrap_or(between.end);
    let surrounded_by_headings = (between.start..first)
        .chain(end..between.end)
        .all(|i| is_heading(&tokens[i]));
    if !surrounded_by_headings {
        return None;
    }
    // A blank first cell is the label's: the row's own cells follow it (" | 1 | 0" is a short
    // row, never 规章 with a blank 本年制发件数).
    let start = if tokens[first].printed == Printed::Blank {
        first + 1
    } else {
        first
    };
    let values: Vec<usize> = (start..end).collect();
    (values.len() == spec.cells.len()).then_some((first, values))
}

/// Reads the rows of layout-preserving text, where a row's values may stand on a line of their
/// own (see [`layout`]); returns the indices of the tokens it used.
fn read_laid_out_rows(
    tokens: &[Token],
    region: Range<usize>,
    specs: &[&RowSpec],
    read: &mut TablesRead,
) -> Vec<usize> {
    let rows = layout::read_rows(tokens, region, specs, &heading_keys(specs));
    let mut found = vec![false; specs.len()];
    let mut consumed = Vec::new();
    for row in rows {
        let spec = specs[row.spec];
        found[row.spec] = true;
        consumed.extend(&row.used);
        match row.values {
            // Layout text keeps a row's cells on its lines: a short row is not a cut one.
            RowValues::Found(values) => {
                place_row(tokens, row.label, &values, spec, Cut::NotAllowed, read)
            }
            RowValues::Unsure(reason) => read.unplaced.push(Unplaced {
                table: spec.table,
                label: spec.label.clone(),
                line: tokens[row.label].line,
                reason,
                raw: Vec::new(),
            }),
        }
    }
    for (spec, _) in specs.iter().zip(found).filter(|(_, found)| !found) {
        read.missing_rows.push((spec.table, spec.label.clone()));
    }
    consumed.sort_unstable();
    consumed
}

/// The keys of a table's column and group labels: every label of its cells but the rows' own.
fn heading_keys(specs: &[&RowSpec]) -> Vec<String> {
    let mut keys: Vec<String> = specs
        .iter()
        .flat_map(|spec| &spec.cells)
        .flat_map(|cell| {
            let row = cell.labels.len().saturating_sub(2);
            cell.labels
                .iter()
                .enumerate()
                .filter(move |&(i, _)| i != row)
                .map(|(_, label)| label_key(label))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether a row that ends the input with fewer values than columns may have been cut there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Allowed,
    NotAllowed,
}

/// Values read one after the other, each in its column.
fn every(values: &[usize]) -> Vec<Option<usize>> {
    values.iter().copied().map(Some).collect()
}

/// Places a row's values, or reports the row when they cannot all be placed with certainty. A
/// `None` is a column where the row prints nothing (layout text whose columns tell it): blank.
fn place_row(
    tokens: &[Token],
    label_index: usize,
    values: &[Option<usize>],
    spec: &RowSpec,
    cut: Cut,
    read: &mut TablesRead,
) {
    let label = &tokens[label_index];
    let raw: Vec<String> = values
        .iter()
        .map(|v| v.map_or_else(String::new, |i| tokens[i].text.clone()))
        .collect();
    let unplaced = |reason: String| Unplaced {
        table: spec.table,
        label: spec.label.clone(),
        line: label.line,
        reason,
        raw: raw.clone(),
    };
    let mut values = values;
    if values.len() > spec.cells.len() {
        let reason = format!("{} values for {} columns", values.len(), spec.cells.len());
        read.unplaced.push(unplaced(reason));
        return;
    }
    if values.len() < spec.cells.len() {
        // Cut by the end of the input, a row loses cells only at its end: the ones read are in
        // their columns — except a last cell the input may have cut short.
        let last = values.iter().rev().find_map(|v| *v);
        let cut_by_the_end =
            cut == Cut::Allowed && last.map_or(label_index + 1, |last| last + 1) == tokens.len();
        if !cut_by_the_end {
            let reason = format!("{} values for {} columns", values.len(), spec.cells.len());
            read.unplaced.push(unplaced(reason));
            return;
        }
        if last.is_some_and(|last| tokens[last].cut) {
            values = &values[..values.len() - 1];
        }
    }
    let mut row = Vec::with_capacity(values.len());
    let mut several = Vec::new();
    for (value, cell) in values.iter().zip(&spec.cells) {
        let Some(index) = *value else {
            row.push(Placed {
                cell,
                printed: Printed::Blank,
                raw: String::new(),
                line: label.line,
            });
            continue;
        };
        let printed = tokens[index].printed.clone();
        if printed == Printed::Several {
            several.push(several_numbers(spec, cell, &tokens[index]));
            continue;
        }
        if !fits(cell.kind, &printed) {
            let reason = format!(
                "{:?} is not a {} for {}",
                tokens[index].text,
                cell.kind.name(),
                cell.column_label()
            );
            read.unplaced.push(unplaced(reason));
            return;
        }
        row.push(Placed {
            cell,
            printed,
            raw: tokens[index].text.clone(),
            line: tokens[index].line,
        });
    }
    read.placed.extend(row);
    read.unplaced.extend(several);
}

/// A cell printing several numbers ("9 9", "53，274"): left unstated, and reported with what it
/// prints; the row's other cells are still placed.
fn several_numbers(spec: &RowSpec, cell: &CellInfo, token: &Token) -> Unplaced {
    Unplaced {
        table: spec.table,
        label: cell.label_path(),
        line: token.line,
        reason: format!("the cell prints several numbers: {:?}", token.text),
        raw: vec![token.text.clone()],
    }
}

/// Whether a printed value can go into a cell of `kind`.
fn fits(kind: CellKind, printed: &Printed) -> bool {
    match (kind, printed) {
        (_, Printed::Blank) => true,
        (CellKind::Count, Printed::Integer { value, .. }) => {
            *value >= 0 && *value <= i64::from(u32::MAX)
        }
        (CellKind::Change, Printed::Integer { value, .. }) => i32::try_from(*value).is_ok(),
        (CellKind::Money, Printed::Integer { value, .. }) => *value >= 0,
        (CellKind::Money, Printed::Amount { .. }) => true,
        _ => false,
    }
}

/// How table 4 is named in import diagnostics.
const TABLE4: &str = "四、行政复议、行政诉讼";

/// Table 4: the one row of fifteen values (three groups of five), as the template prints it.
fn read_appeals(
    tokens: &[Token],
    region: Range<usize>,
    specs: &[&RowSpec],
    read: &mut TablesRead,
) -> Vec<usize> {
    let columns: usize = specs.iter().map(|s| s.cells.len()).sum();
    let mut index = region.start;
    while index < region.end {
        let whole: Vec<usize> = (index..region.end)
            .take_while(|&i| tokens[i].printed.is_value())
            .collect();
        // A line of exactly the row's cells is the row, blanks included (an HTML row whose last
        // cells are &nbsp;). Elsewhere blank cells padding the header or closing the row are not
        // values of the row.
        let is_blank = |i: &usize| tokens[*i].printed == Printed::Blank;
        let first = whole
            .iter()
            .position(|i| !is_blank(i))
            .unwrap_or(whole.len());
        let last = whole
            .iter()
            .rposition(|i| !is_blank(i))
            .map_or(first, |p| p + 1);
        let run = match whole_line_of(tokens, &whole, columns) {
            Some(line) => line,
            None => &whole[first..last],
        };
        let stated = run.len();
        if stated >= columns {
            if stated > columns {
                read.unplaced.push(Unplaced {
                    table: 4,
                    label: TABLE4.into(),
                    line: tokens[run[0]].line,
                    reason: format!("{stated} values in a row of {columns} columns"),
                    raw: run.iter().map(|&i| tokens[i].text.clone()).collect(),
                });
                return run.to_vec();
            }
            let cells = specs.iter().flat_map(|s| s.cells.iter());
            for (&i, cell) in run.iter().zip(cells) {
                let printed = &tokens[i].printed;
                if !fits(cell.kind, printed) && *printed != Printed::Several {
                    read.unplaced.push(Unplaced {
                        table: 4,
                        label: TABLE4.into(),
                        line: tokens[i].line,
                        reason: format!("{:?} is not a count", tokens[i].text),
                        raw: vec![tokens[i].text.clone()],
                    });
                    return run.to_vec();
                }
            }
            let cells = specs
                .iter()
                .flat_map(|s| s.cells.iter().map(move |c| (*s, c)));
            for (&i, (spec, cell)) in run.iter().zip(cells) {
                if tokens[i].printed == Printed::Several {
                    read.unplaced.push(several_numbers(spec, cell, &tokens[i]));
                    continue;
                }
                read.placed.push(Placed {
                    cell,
                    printed: tokens[i].printed.clone(),
                    raw: tokens[i].text.clone(),
                    line: tokens[i].line,
                });
            }
            return run[..columns].to_vec();
        }
        if stated >= 3 && whole.last().is_some_and(|&last| last + 1 == tokens.len()) {
            read.unplaced.push(Unplaced {
                table: 4,
                label: TABLE4.into(),
                line: tokens[run[0]].line,
                reason: format!("{stated} values in a row of {columns} columns (input ends)"),
                raw: run.iter().map(|&i| tokens[i].text.clone()).collect(),
            });
        }
        index = whole.last().map_or(index + 1, |last| last + 1);
    }
    read.missing_rows
        .extend(specs.iter().map(|s| (4, s.label.clone())));
    Vec::new()
}

/// The tokens of `run` that make up one whole line of exactly `columns` cells, at least one of
/// them stated.
fn whole_line_of<'r>(tokens: &[Token], run: &'r [usize], columns: usize) -> Option<&'r [usize]> {
    run.chunk_by(|&a, &b| tokens[a].line == tokens[b].line)
        .find(|line| {
            let (first, last) = (line[0], line[line.len() - 1]);
            let alone = first
                .checked_sub(1)
                .is_none_or(|before| tokens[before].line != tokens[first].line)
                && tokens
                    .get(last + 1)
                    .is_none_or(|after| after.line != tokens[last].line);
            line.len() == columns
                && alone
                && line.iter().any(|&i| tokens[i].printed != Printed::Blank)
        })
}

/// Rows of table 2 that are not in the template (e.g. Hubei's 其他主动公开文件): a label right
/// after a template row, followed by as many values as the block has columns.
fn read_local_rows(
    tokens: &[Token],
    region: Range<usize>,
    consumed: &[usize],
    specs: &[RowSpec],
    laid_out: bool,
    read: &mut TablesRead,
) {
    let mut block: Option<String> = None;
    let mut columns: Vec<String> = Vec::new();
    let mut used = vec![false; tokens.len()];
    consumed.iter().for_each(|&i| used[i] = true);
    let mut index = region.start;
    while index < region.end {
        if tokens[index].printed.is_value() {
            index += 1;
            continue;
        }
        let key = tokens[index].core();
        if key.starts_with("第二十条") {
            block = Some(tokens[index].text.clone());
        } else if key == "信息内容" {
            columns = (index + 1..region.end)
                .map(|i| &tokens[i])
                .take_while(|t| {
                    !t.printed.is_value() && !specs.iter().any(|s| cores_match(t.core(), &s.core))
                })
                .map(|t| t.core().to_owned())
                .take(3)
                .collect();
        }
        let is_local_label = !used[index]
            && !tokens[index].printed.is_value()
            && !key.starts_with("第二十条")
            && key != "信息内容"
            && !columns.iter().any(|c| c == key)
            && !specs
                .iter()
                .any(|s| cores_match(tokens[index].core(), &s.core))
            && index > 0
            && used[index - 1];
        if is_local_label && !columns.is_empty() {
            // In layout text only values on the label's own line are known to be its.
            let values: Vec<usize> = (index + 1..region.end)
                .take_while(|&i| tokens[i].printed.is_value())
                .take_while(|&i| !laid_out || tokens[i].line == tokens[index].line)
                .take(columns.len())
                .collect();
            if values.len() == columns.len() {
                read.local_rows.push(LocalRow {
                    label: tokens[index].text.clone(),
                    under: block.clone(),
                    columns: columns.clone(),
                    values: values
                        .iter()
                        .map(|&i| (tokens[i].printed.clone(), tokens[i].text.clone()))
                        .collect(),
                    line: tokens[index].line,
                });
                index = values[values.len() - 1];
            }
        }
        index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_their_printed_forms() {
        assert!(label_matches(
            "规章(设区的市、自治州人民政府应提供相关数据)",
            "规章"
        ));
        assert!(label_matches("规范性文件", "行政规范性文件"));
        assert!(label_matches("行政规范性文件", "规范性文件"));
        assert!(label_matches(
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ));
        assert!(label_matches(
            "3.危及\"三安全一稳定\"",
            "3.危及“三安全一稳定”"
        ));
        assert!(label_matches("3.其他", "3.其他"));
        assert!(!label_matches("其他法律行政法规禁止公开", "3.其他"));
        assert!(!label_matches("行政许可479项", "行政处罚"));
        assert!(label_matches(
            "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        ));
    }

    #[test]
    fn every_edition_has_its_rows() {
        let rows = |e| {
            row_specs(e).iter().map(|r| (r.table, r.cells.len())).fold(
                [0usize; 5],
                |mut acc, (t, n)| {
                    acc[t as usize] += n;
                    acc
                },
            )
        };
        assert_eq!(rows(Edition::E2019)[2..], [22, 161, 15]);
        assert_eq!(rows(Edition::E2021)[2..], [10, 175, 15]);
    }
}
