//! Extracted text as a stream of cells, whatever the layout: pipe rows, one cell per line with
//! lone `|` lines, one cell per paragraph, or space-separated rows.

use std::ops::Range;

use super::normalize::{core_span, label_key};
use super::value::{Printed, read};

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
        }
    }

    /// The text as a label core: its key without numbering and trailing remarks.
    pub fn core(&self) -> &str {
        &self.key[self.core.clone()]
    }
}

/// Splits text into cells. A `|` separates cells (the last, empty piece after a trailing `|` is
/// not a cell; a lone `|` is one empty cell). A line without `|` whose last words are numbers
/// (`规章 0 0 0`) is a label followed by those numbers. Any other line is one cell.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
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
        if trimmed.contains('|') {
            let mut pieces: Vec<&str> = trimmed.split('|').map(str::trim).collect();
            if pieces.len() > 1 && pieces.last() == Some(&"") {
                pieces.pop();
            }
            tokens.extend(pieces.into_iter().map(|p| Token::new(p.to_owned(), number)));
        } else {
            let cells = space_separated(trimmed);
            let spaced = cells.len() > 1;
            tokens.extend(cells.into_iter().map(|p| Token {
                spaced,
                ..Token::new(p, number)
            }));
        }
    }
    let delimited = text.trim_end_matches([' ', '\t']).ends_with(['|', '\n']);
    if let Some(last) = tokens.last_mut() {
        last.cut = !delimited;
    }
    tokens
}

/// Whether a line is a page number that a PDF-to-text tool left in the text: `- 3 -` anywhere,
/// `3`, `第3页` or `3/10` at a page break (a form feed on the line or at the start of the next).
/// Such a line is never a row's values.
fn is_page_number(line: &str, at_page_break: bool) -> bool {
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

/// `规章 0 0 0` → `规章`, `0`, `0`, `0`; a line that does not end in numbers stays whole.
fn space_separated(line: &str) -> Vec<String> {
    // Most lines are prose, whose last word is no number: they are not cut into words at all.
    let last_word = line.trim_end().rsplit(char::is_whitespace).next();
    if !last_word.is_some_and(|w| !w.is_empty() && read(w).is_value()) {
        return vec![line.to_owned()];
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let values = words
        .iter()
        .rev()
        .take_while(|w| read(w).is_value() && !w.is_empty())
        .count();
    if values == 0 || values == words.len() && words.len() == 1 {
        return vec![line.to_owned()];
    }
    let label = words[..words.len() - values].join(" ");
    let mut cells = Vec::with_capacity(values + 1);
    if !label.is_empty() {
        cells.push(label);
    }
    cells.extend(
        words[words.len() - values..]
            .iter()
            .map(|w| (*w).to_owned()),
    );
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
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
        let cut: Vec<bool> = tokenize("a | 1 | 2").iter().map(|t| t.cut).collect();
        assert_eq!(cut, [false, false, true]);
        assert!(!tokenize("a | 1 | 2 |").last().unwrap().cut);
        assert!(!tokenize("a\n1\n").last().unwrap().cut);
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
}
