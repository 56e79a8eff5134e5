//! Extracted text as a stream of cells, whatever the layout: pipe rows, one cell per line with
//! lone `|` lines, one cell per paragraph, or space-separated rows.

use std::ops::Range;

use super::limits::{Limit, MAX_CELLS, MAX_CELLS_PER_LINE};
use super::normalize::{core_span, label_key};
use super::value::{Printed, read};
use crate::diagnostics::{Diagnostic, Rule};

/// One cell of text and the line it came from (1-based), read once: as a value, and as a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub line: usize,
    /// The input ends inside this cell (no delimiter after it): it may be cut short.
    pub cut: bool,
    pub printed: Printed,
    /// The text as a label key (see [`label_key`]); empty for values and prose, which are never
    /// compared as labels.
    pub key: String,
    /// The cell was cut from a line by the spaces around it (`规章 0 0 0`, layout-preserving
    /// text), not by `|` or a line end.
    pub spaced: bool,
    /// For a spaced cell, where its middle stands on its line, in columns (an ideograph is two
    /// columns wide, as a page shows it): values in one column of a page stand one under the
    /// other. Zero for other cells.
    pub column: usize,
    /// The page it is on (0-based): form feeds before it. Columns line up within a page.
    pub page: usize,
    /// Where the label core lies in `key` (see [`super::normalize::label_core`]).
    core: Range<usize>,
}

/// Longer cells (in bytes) are prose, never a label: their label core is left empty.
const LONGEST_LABEL: usize = 300;

impl Token {
    fn new(text: String, line: usize) -> Token {
        let printed = read(&text);
        let key = if !printed.is_value() && text.len() <= LONGEST_LABEL {
            label_key(&text)
        } else {
            String::new()
        };
        Token {
            printed,
            core: core_span(&key),
            key,
            text,
            line,
            cut: false,
            spaced: false,
            column: 0,
            page: 0,
        }
    }

    /// The text as a label core: its key without numbering and trailing remarks.
    pub fn core(&self) -> &str {
        &self.key[self.core.clone()]
    }
}

/// The cells of a text, and the lines cut short at [`MAX_CELLS_PER_LINE`] (I713).
#[derive(Debug)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub cut_lines: Vec<Diagnostic>,
}

/// Splits text into cells. A `|` separates cells (the last, empty piece after a trailing `|` is
/// not a cell; a lone `|` is one empty cell). A line without `|` whose last words are numbers
/// (`規章 0 0 0`) is a label followed by those numbers. Any other line is one cell.
///
/// Work and memory are bounded: a line keeps its first [`MAX_CELLS_PER_LINE`] cells (the rest
/// are reported, never held), and a text of more than [`MAX_CELLS`] cells is refused (X006).
pub fn tokenize(text: &str) -> Result<Tokenized, Box<Diagnostic>> {
    let mut tokens = Vec::new();
    let mut cut_lines = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    let mut page = 0;
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        let first = tokens.len();
        page += line.matches('\u{c}').count();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let at_page_break = line.contains('\u{c}')
            || lines
                .peek()
                .is_some_and(|(_, next)| next.starts_with('\u{c}'));
        if is_page_number(trimmed, at_page_break) {
            continue;
        }
        let cells = if trimmed.contains('|') {
            let pieces = trimmed.split('|').map(str::trim);
            // The last, empty piece after a trailing `|` is no cell (a lone `|` is one cell).
            let cells = pieces.clone().count() - usize::from(trimmed.ends_with('|'));
            tokens.extend(
                pieces
                    .take(cells.min(MAX_CELLS_PER_LINE))
                    .map(|p| Token::new(p.to_owned(), number)),
            );
            cells
        } else {
            let (cells, count) = space_separated(trimmed, MAX_CELLS_PER_LINE);
            let spaced = count > 1;
            // Only a row whose cells are all held has its columns told.
            let middles = if spaced && count == cells.len() {
                last_word_middles(line, cells.len())
            } else {
                Vec::new()
            };
            // The values are the line's last words; a label before them may join several.
            let first_middle = middles.len().saturating_sub(cells.len());
            tokens.extend(cells.into_iter().enumerate().map(|(i, p)| Token {
                spaced,
                column: middles.get(first_middle + i).copied().unwrap_or_default(),
                ..Token::new(p, number)
            }));
            count
        };
        if cells > MAX_CELLS_PER_LINE {
            cut_lines.push(
                Diagnostic::new(Rule::CellsDropped, "")
                    .arg("line", number)
                    .arg("cells", cells)
                    .arg("limit", MAX_CELLS_PER_LINE),
            );
        }
        tokens[first..].iter_mut().for_each(|t| t.page = page);
        if tokens.len() > MAX_CELLS {
            return Err(Box::new(Limit::Cells.exceeded()));
        }
    }
    let delimited = text.trim_end_matches([' ', '\t']).ends_with(['|', '\n']);
    if let Some(last) = tokens.last_mut() {
        last.cut = !delimited;
    }
    Ok(Tokenized { tokens, cut_lines })
}

/// Whether a line is a page number that a PDF-to-text tool left in the text: `- 3 -` anywhere,
/// `3`, `第3页` or `3/10` at a page break (a form feed on the line or at the start of the next).
/// Such a line is never a row's values.
pub fn is_page_number(line: &str, at_page_break: bool) -> bool {
    let dashes: &[char] = &['-', '—', '–', '－', '─'];
    let number_only = |s: &str| (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let inner = line.trim_matches(dashes).trim();
    if line.starts_with(dashes) && line.ends_with(dashes) && number_only(inner) {
        return true;
    }
    if !at_page_break {
        return false;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let page_of = compact
        .strip_prefix('第')
        .and_then(|rest| rest.split_once('页'))
        .is_some_and(|(n, rest)| number_only(n) && (rest.is_empty() || rest.starts_with('共')));
    let fraction = compact
        .split_once('/')
        .is_some_and(|(n, of)| number_only(n) && number_only(of));
    number_only(line) || page_of || fraction
}

/// Where the middles of the last `count` whitespace-separated words of a line stand, in columns:
/// an ASCII character one column wide, any other two. Only those are held, however long the line.
fn last_word_middles(line: &str, count: usize) -> Vec<usize> {
    let mut middles = std::collections::VecDeque::with_capacity(count + 1);
    let mut column: usize = 0;
    let mut start = None;
    for c in line.chars().chain([' ']) {
        if c.is_whitespace() {
            if let Some(from) = start.take() {
                middles.push_back((from + column) / 2);
                if middles.len() > count {
                    middles.pop_front();
                }
            }
        } else if start.is_none() {
            start = Some(column);
        }
        column += if c.is_ascii() { 1 } else { 2 };
    }
    middles.into()
}

/// `规章 0 0 0` → `规章`, `0`, `0`, `0`; a line that does not end in numbers stays whole. The
/// first `limit` cells, and how many there are: the words are counted, never all held.
fn space_separated(line: &str, limit: usize) -> (Vec<String>, usize) {
    // Most lines are prose, whose last word is no number: they are not cut into words at all.
    let last_word = line.trim_end().rsplit(char::is_whitespace).next();
    if !last_word.is_some_and(|w| !w.is_empty() && read(w).is_value()) {
        return (vec![line.to_owned()], 1);
    }
    let words = line.split_whitespace();
    let values = words
        .clone()
        .rev()
        .take_while(|w| read(w).is_value() && !w.is_empty())
        .count();
    let count = words.clone().count();
    if values == 0 || values == count && count == 1 {
        return (vec![line.to_owned()], 1);
    }
    let mut label = String::new();
    for word in words.clone().take(count - values) {
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(word);
    }
    let mut cells = Vec::with_capacity((values + 1).min(limit));
    if !label.is_empty() {
        cells.push(label);
    }
    let total = cells.len() + values;
    let room = limit.saturating_sub(cells.len());
    cells.extend(words.skip(count - values).take(room).map(|w| w.to_owned()));
    (cells, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        tokenize(text).unwrap().tokens
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn pipe_rows_keep_blank_cells() {
        assert_eq!(texts("规章 | 0 | 0 | |"), ["规章", "0", "0", ""]);
        assert_eq!(texts("| | 2.其他 | 0 |"), ["", "", "2.其他", "0"]);
    }

    #[test]
    fn one_cell_per_line_with_lone_pipes() {
        assert_eq!(texts("规章 |\n0 |\n0 |\n|\n|"), ["规章", "0", "0", "", ""]);
    }

    #[test]
    fn a_last_cell_without_delimiter_may_be_cut() {
        let cut: Vec<bool> = tokens("a | 1 | 2").iter().map(|t| t.cut).collect();
        assert_eq!(cut, [false, false, true]);
        assert!(!tokens("a | 1 | 2 |").last().unwrap().cut);
        assert!(!tokens("a\n1\n").last().unwrap().cut);
    }

    #[test]
    fn page_numbers_are_not_cells() {
        assert_eq!(
            texts("规章 0 0 0\n- 3 -\n规范性文件 1 1 1"),
            ["规章", "0", "0", "0", "规范性文件", "1", "1", "1"]
        );
        assert_eq!(
            texts("规章 0 0 0\n    12\n\u{c}行政许可 5"),
            ["规章", "0", "0", "0", "行政许可", "5"]
        );
        assert_eq!(texts("a\n第 2 页 共 9 页\n\u{c}b"), ["a", "b"]);
        // Away from a page break, a lone number is a cell (one cell per line).
        assert_eq!(texts("规章\n12\n"), ["规章", "12"]);
        // Two numbers at a page break are a row's values, not a page number.
        assert_eq!(texts("a\n\u{c}  0    0\n"), ["a", "0", "0"]);
    }

    /// Where a spaced cell stands (its middle, an ideograph two columns wide), and its page.
    #[test]
    fn spaced_cells_know_their_column_and_page() {
        let tokens = tokens("  规章  10   7\n\u{c}规章 1 2");
        let at: Vec<(usize, usize)> = tokens.iter().map(|t| (t.column, t.page)).collect();
        assert_eq!(at, [(4, 0), (9, 0), (13, 0), (3, 1), (6, 1), (8, 1)]);
        // Cells cut by `|` stand nowhere.
        assert!(
            super::tokenize("规章 | 1 |")
                .unwrap()
                .tokens
                .iter()
                .all(|t| t.column == 0)
        );
    }

    #[test]
    fn space_separated_rows() {
        assert_eq!(texts("规章 0 0 0"), ["规章", "0", "0", "0"]);
        assert_eq!(texts("行政许可 13 -3 847"), ["行政许可", "13", "-3", "847"]);
        assert_eq!(
            texts("2019年,我镇公开各类信息121条。"),
            ["2019年,我镇公开各类信息121条。"]
        );
        assert_eq!(texts("  5  "), ["5"]);
    }

    /// A line of 1,000 cells keeps its first 256, and says so; 64 MiB of `|` held 64 million
    /// cells (9 GB).
    #[test]
    fn a_line_keeps_its_first_cells_up_to_the_limit() {
        let line = format!("规章 |{}\n", " 1 |".repeat(999));
        let tokenized = tokenize(&line).unwrap();
        assert_eq!(tokenized.tokens.len(), MAX_CELLS_PER_LINE);
        assert_eq!(tokenized.tokens[0].text, "规章");
        let [cut] = tokenized.cut_lines.as_slice() else {
            panic!("{:?}", tokenized.cut_lines)
        };
        assert_eq!(cut.rule, Rule::CellsDropped);
        assert_eq!(
            (cut.args["line"].clone(), cut.args["cells"].clone()),
            (1.into(), 1000.into())
        );

        let spaced = format!("规章{}", " 0".repeat(1000));
        let tokenized = tokenize(&spaced).unwrap();
        assert_eq!(tokenized.tokens.len(), MAX_CELLS_PER_LINE);
        assert_eq!(tokenized.cut_lines[0].args["cells"], 1001);
        assert!(tokenize("规章 | 1 |").unwrap().cut_lines.is_empty());
    }

    /// `1\n` 32 million times held as many cells (5 GB): past the limit the text is refused.
    #[test]
    fn a_text_of_too_many_cells_is_refused() {
        let refused = tokenize(&"1\n".repeat(MAX_CELLS + 1)).unwrap_err();
        assert_eq!(refused.rule, Rule::OverLimit);
        assert_eq!(tokens(&"1\n".repeat(MAX_CELLS)).len(), MAX_CELLS);
    }
}
