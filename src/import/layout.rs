//! Rows of layout-preserving text (`pdftotext -layout`, tables copied out of a PDF).
//!
//! Such text keeps a table's geometry as lines and spaces, so a row's values may stand on a line
//! of their own: above, below or between the lines of a label that is taller than one line (a
//! label cell is vertically centred; a long label wraps). The order of the cells in the text says
//! nothing there. A values line is given to the label it is nearest to, a wrapped label's lines
//! counted as the label; a line as near to two labels, or nearer to text that is no label of the
//! template, belongs to no row, and a row whose values cannot be told is reported, not guessed.

use std::collections::HashMap;
use std::ops::Range;

use super::normalize::{label_core, label_key};
use super::tables::{RowSpec, cores_match};
use super::tokens::Token;

/// Values further from every label than this many lines are nobody's.
const FARTHEST: usize = 4;

/// A label wraps onto at most this many further lines.
const WRAPPED_LINES: usize = 6;

/// Whether a table region is laid out as a page: some line is cut into cells by spaces
/// (`规章    0    0    0`, a values line). Text with one cell per line or per `|` has no such
/// line, and there the order of the cells is the order of the table.
pub fn is_layout(tokens: &[Token], region: Range<usize>) -> bool {
    tokens[region].iter().any(|t| t.spaced)
}

/// What the layout says about a row of the template that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowValues {
    /// The row's value tokens, all from one line, column by column; `None` for a column where the
    /// line prints nothing, told by the columns of the table's full rows (see [`align`]).
    Found(Vec<Option<usize>>),
    /// The values cannot be told with certainty: why.
    Unsure(String),
}

/// A row of the template found in layout text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRow {
    /// The row's index in the specs given to [`read_rows`].
    pub spec: usize,
    /// The token of its (first) label line.
    pub label: usize,
    pub values: RowValues,
    /// Every token the row took: label lines and values.
    pub used: Vec<usize>,
}

/// One printed line of a region.
#[derive(Debug, Clone)]
struct Line {
    number: usize,
    tokens: Range<usize>,
}

fn lines_of(tokens: &[Token], region: Range<usize>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for index in region {
        match lines.last_mut() {
            Some(line) if line.number == tokens[index].line => line.tokens.end = index + 1,
            _ => lines.push(Line {
                number: tokens[index].line,
                tokens: index..index + 1,
            }),
        }
    }
    lines
}

/// A template row's label as printed: its line and the lines it wraps onto.
struct Block {
    spec: usize,
    label: usize,
    /// Indices into the region's lines.
    lines: Vec<usize>,
}

/// Finds the template's rows in layout text and tells which values are theirs. `headers` are
/// the keys of the table's column and group labels: lines made of them are headings, not rows.
pub fn read_rows(
    tokens: &[Token],
    region: Range<usize>,
    specs: &[&RowSpec],
    headers: &[String],
) -> Vec<LayoutRow> {
    let lines = lines_of(tokens, region.clone());
    let blocks = find_labels(tokens, &lines, specs);
    let mut in_block = vec![false; lines.len()];
    blocks
        .iter()
        .flat_map(|b| &b.lines)
        .for_each(|&l| in_block[l] = true);
    let first_line = lines.first().map(|l| l.number);
    let is_values = |line: &Line| {
        tokens[line.tokens.clone()]
            .iter()
            .all(|t| t.printed.is_value())
    };
    // Lines that are neither a template row, nor values, nor a heading may be rows of their own
    // (a local row, a label printed differently): values as near to them as to a row are unsure.
    let others: Vec<usize> = (0..lines.len())
        .filter(|&l| !in_block[l] && !is_values(&lines[l]))
        .filter(|&l| Some(lines[l].number) != first_line)
        .filter(|&l| !is_heading(&tokens[lines[l].tokens.start].text, headers))
        .map(|l| lines[l].number)
        .collect();
    let mut owned: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
    let mut ties: Vec<Option<String>> = vec![None; blocks.len()];
    for (l, line) in lines.iter().enumerate() {
        if in_block[l] || !is_values(line) {
            continue;
        }
        let distance = |block: &Block| {
            block
                .lines
                .iter()
                .map(|&b| lines[b].number.abs_diff(line.number))
                .min()
                .unwrap_or(usize::MAX)
        };
        let nearest = blocks.iter().map(distance).min().unwrap_or(usize::MAX);
        let nearest_other = others.iter().map(|&n| n.abs_diff(line.number)).min();
        if nearest > FARTHEST || nearest_other.is_some_and(|d| d < nearest) {
            continue;
        }
        let closest: Vec<usize> = (0..blocks.len())
            .filter(|&b| distance(&blocks[b]) == nearest)
            .collect();
        if closest.len() == 1 && nearest_other != Some(nearest) {
            owned[closest[0]].push(l);
            continue;
        }
        let other_line = nearest_other
            .filter(|&d| d == nearest)
            .and_then(|d| others.iter().find(|&&n| n.abs_diff(line.number) == d));
        for &b in &closest {
            let rival = closest
                .iter()
                .find(|&&r| r != b)
                .map(|&r| lines[blocks[r].lines[0]].number)
                .or(other_line.copied())
                .unwrap_or_default();
            ties[b] = Some(format!(
                "the values on line {} are as near to line {rival} as to this row's label",
                line.number
            ));
        }
    }
    let mut evidence: Vec<Evidence> = blocks
        .iter()
        .zip(owned)
        .zip(ties)
        .map(|((block, owned), tie)| {
            let columns = specs[block.spec].cells.len();
            evidence(tokens, &lines, block, columns, &owned, tie)
        })
        .collect();
    trust_the_pattern(&mut evidence);
    let columns = |block: &Block| specs[block.spec].cells.len();
    let anchors = column_anchors(
        tokens,
        blocks
            .iter()
            .zip(&evidence)
            .filter_map(|(block, e)| e.values().map(|v| (columns(block), v))),
    );
    blocks
        .iter()
        .zip(evidence)
        .map(|(block, evidence)| {
            let mut used: Vec<usize> = block.lines.iter().map(|&l| lines[l].tokens.start).collect();
            let values = match evidence {
                Evidence::Beside(values)
                | Evidence::Within(values)
                | Evidence::Detached { values, .. } => {
                    used.extend(&values);
                    let count = columns(block);
                    let aligned = (values.len() < count && !values.is_empty())
                        .then(|| {
                            align(
                                tokens,
                                &values,
                                anchors.get(&(tokens[values[0]].page, count))?,
                            )
                        })
                        .flatten();
                    RowValues::Found(
                        aligned.unwrap_or_else(|| values.into_iter().map(Some).collect()),
                    )
                }
                Evidence::Split(reason) | Evidence::Unsure(reason) => RowValues::Unsure(reason),
            };
            LayoutRow {
                spec: block.spec,
                label: block.label,
                values,
                used,
            }
        })
        .collect()
}

/// Where the values of each column stand (see [`Token::column`]), for each page and count of
/// columns among the rows: the median of the full rows' values, when there are two full rows
/// or more and each of their values stands within a quarter of the narrowest column gap of its
/// column's median. A table whose full rows do not line up has none.
fn column_anchors<'r>(
    tokens: &[Token],
    rows: impl Iterator<Item = (usize, &'r [usize])>,
) -> HashMap<(usize, usize), Vec<usize>> {
    let mut full: HashMap<(usize, usize), Vec<Vec<usize>>> = HashMap::new();
    for (count, values) in rows {
        let middles: Vec<usize> = values.iter().map(|&i| tokens[i].column).collect();
        if values.len() == count && count > 1 && middles.iter().all(|&m| m > 0) {
            full.entry((tokens[values[0]].page, count))
                .or_default()
                .push(middles);
        }
    }
    full.into_iter()
        .filter(|(_, rows)| rows.len() >= 2)
        .filter_map(|((page, count), rows)| {
            let anchors: Vec<usize> = (0..count)
                .map(|c| {
                    let mut at: Vec<usize> = rows.iter().map(|r| r[c]).collect();
                    at.sort_unstable();
                    at[at.len() / 2]
                })
                .collect();
            let reach = tolerance(&anchors)?;
            rows.iter()
                .all(|r| r.iter().zip(&anchors).all(|(m, a)| m.abs_diff(*a) <= reach))
                .then_some(((page, count), anchors))
        })
        .collect()
}

/// How far a value may stand from its column's anchor: a quarter of the narrowest gap between
/// anchors, which must be at least four columns apart.
fn tolerance(anchors: &[usize]) -> Option<usize> {
    let gap = anchors.windows(2).map(|w| w[1].checked_sub(w[0])).min()??;
    (gap >= 4).then_some(gap / 4)
}

/// A short row's values given to the columns they stand in, the others blank: each value within
/// the tolerance of one anchor, in order, never two in one column. `None` when any is not.
fn align(tokens: &[Token], values: &[usize], anchors: &[usize]) -> Option<Vec<Option<usize>>> {
    let reach = tolerance(anchors)?;
    let mut row = vec![None; anchors.len()];
    let mut next = 0;
    for &value in values {
        let middle = tokens[value].column;
        let column = (next..anchors.len()).find(|&c| anchors[c].abs_diff(middle) <= reach)?;
        row[column] = Some(value);
        next = column + 1;
    }
    Some(row)
}

/// The template's row labels in template order, each with the lines it wraps onto.
fn find_labels(tokens: &[Token], lines: &[Line], specs: &[&RowSpec]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut next = 0;
    for (spec_index, spec) in specs.iter().enumerate() {
        let spec_key = label_key(&spec.label);
        let found = (next..lines.len()).find_map(|l| {
            let first = &tokens[lines[l].tokens.start];
            if first.printed.is_value() {
                return None;
            }
            let (wrapped, printed) = wrapped_lines(tokens, lines, l, &spec_key);
            let matches = label_keys(&first.text).any(|key| {
                let starts_official = key.chars().count() >= 2 && spec_key.starts_with(&key);
                cores_match(&label_core(&key), &spec.core)
                    || starts_official && cores_match(&label_core(&printed), &spec.core)
            });
            matches.then_some(wrapped)
        });
        if let Some(wrapped) = found {
            next = wrapped.last().map_or(next, |&l| l + 1);
            blocks.push(Block {
                spec: spec_index,
                label: lines[wrapped[0]].tokens.start,
                lines: wrapped,
            });
        }
    }
    blocks
}

/// The keys a line's label may have: its whole text's, and — where a group's label stands to
/// its left, as a merged cell's text does in layout text (`（三）   合法权益`) — its last word's.
fn label_keys(text: &str) -> impl Iterator<Item = String> {
    let whole = label_key(text);
    let last = text
        .split_whitespace()
        .last()
        .map(label_key)
        .filter(|last| !last.is_empty() && *last != whole);
    std::iter::once(whole).chain(last)
}

/// Line `start` and the lines its label wraps onto: the next label-led lines (values lines may
/// stand between them) whose text continues the official label, and nothing that does not;
/// and the label's key as printed over those lines.
fn wrapped_lines(
    tokens: &[Token],
    lines: &[Line],
    start: usize,
    spec_key: &str,
) -> (Vec<usize>, String) {
    let mut wrapped = vec![start];
    let first = &tokens[lines[start].tokens.start].text;
    let mut printed = label_keys(first)
        .find(|key| spec_key.starts_with(key.as_str()))
        .unwrap_or_else(|| label_key(first));
    for (l, line) in lines.iter().enumerate().skip(start + 1).take(WRAPPED_LINES) {
        let first = &tokens[line.tokens.start];
        if first.printed.is_value() {
            continue;
        }
        let continued = label_keys(&first.text).find_map(|key| {
            let longer = format!("{printed}{key}");
            (longer.len() > printed.len() && spec_key.starts_with(&longer)).then_some(longer)
        });
        match continued {
            Some(longer) => {
                printed = longer;
                wrapped.push(l);
            }
            None => break,
        }
    }
    (wrapped, printed)
}

/// Whether a line is a column or group heading: each of its words is (part of) one of the
/// table's header labels, or it opens a block of table 2.
fn is_heading(text: &str, headers: &[String]) -> bool {
    let key = label_key(text);
    if key.starts_with("第二十条") || key.starts_with("信息内容") {
        return true;
    }
    text.split_whitespace().map(label_key).all(|word| {
        !word.is_empty()
            && headers.iter().any(|h| {
                h.contains(&word) || word.chars().count() >= 3 && word.contains(h.as_str())
            })
    })
}

impl Evidence {
    fn values(&self) -> Option<&[usize]> {
        match self {
            Evidence::Beside(values)
            | Evidence::Within(values)
            | Evidence::Detached { values, .. } => Some(values),
            Evidence::Split(_) | Evidence::Unsure(_) => None,
        }
    }
}

/// Where a row's values were found, and how much that says.
enum Evidence {
    /// On a line of the label itself.
    Beside(Vec<usize>),
    /// On a line of their own between two lines of a wrapped label.
    Within(Vec<usize>),
    /// On a line of their own above or below the label: trusted only if the whole table follows
    /// that pattern (see [`trust_the_pattern`]).
    Detached { values: Vec<usize>, above: bool },
    /// On more than one line: why. The row is not placed, but its lines are its own.
    Split(String),
    /// None found, or as near to another row: why.
    Unsure(String),
}

/// What a row's label lines and the values lines it owns say about its values.
fn evidence(
    tokens: &[Token],
    lines: &[Line],
    block: &Block,
    columns: usize,
    owned: &[usize],
    tie: Option<String>,
) -> Evidence {
    let beside: Vec<usize> = block
        .lines
        .iter()
        .flat_map(|&l| lines[l].tokens.clone())
        .filter(|&i| tokens[i].printed.is_value())
        .collect();
    let line_of = |i: usize| tokens[i].line;
    match (beside.as_slice(), owned) {
        ([], [only]) => {
            let values: Vec<usize> = lines[*only].tokens.clone().collect();
            let at = lines[*only].number;
            let first = lines[block.lines[0]].number;
            let last = lines[block.lines[block.lines.len() - 1]].number;
            if first < at && at < last {
                Evidence::Within(values)
            } else {
                Evidence::Detached {
                    values,
                    above: at < first,
                }
            }
        }
        ([], []) => Evidence::Unsure(
            tie.unwrap_or_else(|| "no values on or beside the label's lines".to_owned()),
        ),
        ([], [first, second, ..]) => Evidence::Split(format!(
            "values on two lines ({} and {})",
            lines[*first].number, lines[*second].number
        )),
        // A row whose own line fills every column has no room for a line as near to another.
        ([_, ..], []) if tie.is_some() && beside.len() < columns => {
            Evidence::Unsure(tie.unwrap_or_default())
        }
        ([first, ..], []) if beside.iter().all(|&i| line_of(i) == line_of(*first)) => {
            Evidence::Beside(beside.clone())
        }
        ([first, ..], _) => {
            let elsewhere = beside
                .iter()
                .map(|&i| line_of(i))
                .chain(owned.iter().map(|&l| lines[l].number))
                .find(|&n| n != line_of(*first))
                .unwrap_or_default();
            Evidence::Split(format!(
                "values on two lines ({} and {elsewhere})",
                line_of(*first)
            ))
        }
    }
}

/// Values on a line of their own above (or below) a label are that row's only if the table
/// follows one pattern: every row found has values of its own (on one line or split over two),
/// none is as near to two rows, and those standing apart are all on the same side of their
/// labels. Then the order of the lines forces the reading; otherwise (a row without values,
/// values above some labels and below others) a values line may be a neighbour's, and no
/// detached row is trusted.
fn trust_the_pattern(evidence: &mut [Evidence]) {
    let unsure = evidence.iter().any(|e| matches!(e, Evidence::Unsure(_)));
    let above = evidence
        .iter()
        .any(|e| matches!(e, Evidence::Detached { above: true, .. }));
    let below = evidence
        .iter()
        .any(|e| matches!(e, Evidence::Detached { above: false, .. }));
    let reason = if above && below {
        "this table prints values above some labels and below others"
    } else if unsure {
        "values printed apart from their label, in a table where another row's values cannot be told"
    } else {
        return;
    };
    for e in evidence.iter_mut() {
        if matches!(e, Evidence::Detached { .. }) {
            *e = Evidence::Unsure(reason.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merged group cell's text stands to the left of the row label's lines it spans.
    #[test]
    fn a_label_line_may_carry_a_group_label_to_its_left() {
        let keys: Vec<String> = label_keys("（三）   合法权益").collect();
        assert_eq!(keys, ["(三)合法权益", "合法权益"]);
        let keys: Vec<String> = label_keys("无法提 握相关政府信").collect();
        assert_eq!(keys, ["无法提握相关政府信", "握相关政府信"]);
        assert_eq!(label_keys("规章").count(), 1);
    }
}
