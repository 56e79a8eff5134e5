//! A page's placed glyphs and ruling lines as text: ruled tables as rows of cells, the text
//! around them as layout text (lines by baseline, cells two or more spaces apart, vertical gaps
//! as blank lines: what `pdftotext -layout` gives), so that the importer reads a PDF's tables as
//! it reads an HTML page's and the rest as it reads layout text.

use std::collections::{HashMap, HashSet};

use super::grid::{self, Axis, Cell, Segment, Table};
use super::{Glyph, Page};
use crate::import::normalize::{core_span, label_key};
use crate::import::tokens;
use crate::import::value::read;

/// Marks digits that touch across a cell's edge (see [`overflowing_cells`]).
const OVERFLOW: char = '¦';
/// Blank lines that stand for one vertical gap.
const MOST_BLANK_LINES: usize = 6;

/// One rebuilt line: its baseline, and its glyphs left to right (indices into the glyphs it was
/// built from).
struct Line {
    y: f32,
    size: f32,
    members: Vec<usize>,
}

/// Glyphs gathered into lines by baseline, top to bottom.
fn lines_of(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        (glyphs[b].y)
            .total_cmp(&glyphs[a].y)
            .then(glyphs[a].x.total_cmp(&glyphs[b].x))
    });
    let mut lines: Vec<Line> = Vec::new();
    for index in order {
        let glyph = glyphs[index];
        match lines.last_mut() {
            Some(line) if (line.y - glyph.y).abs() <= 0.4 * line.size.min(glyph.size) => {
                line.size = line.size.max(glyph.size);
                line.members.push(index);
            }
            _ => lines.push(Line {
                y: glyph.y,
                size: glyph.size,
                members: vec![index],
            }),
        }
    }
    for line in &mut lines {
        line.members
            .sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
    }
    lines
}

/// Whether a glyph repeats the one before it in place: simulated bold draws each glyph twice.
fn drawn_twice(previous: &Glyph, glyph: &Glyph) -> bool {
    previous.text == glyph.text && (previous.x - glyph.x).abs() < 0.2 * glyph.size
}

/// Whether two glyphs of a line stand a space apart (a quarter em), no space drawn between.
fn words_apart(previous: &Glyph, glyph: &Glyph) -> bool {
    let gap = glyph.x - (previous.x + previous.width);
    gap > 0.25 * previous.size.max(glyph.size)
        && !previous.text.ends_with(' ')
        && !glyph.text.starts_with(' ')
}

/// Whether two glyphs are digits that touch: one number to the eye.
fn touching_digits(previous: &Glyph, glyph: &Glyph) -> bool {
    let gap = glyph.x - (previous.x + previous.width);
    let em = previous.size.max(glyph.size);
    (-0.5 * em..=0.1 * em).contains(&gap)
        && previous.text.ends_with(|c: char| c.is_ascii_digit())
        && glyph.text.starts_with(|c: char| c.is_ascii_digit())
}

/// Where a glyph of a page is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Cell {
        table: usize,
        cell: usize,
    },
    /// A line of layout text before this table (after the last table: the table count).
    Before(usize),
}

/// What a page holds, top to bottom.
#[derive(Debug)]
pub enum Block {
    /// Layout text: lines, cells two or more spaces apart.
    Text(String),
    Table(TableText),
}

/// A ruled table's cells and their text.
#[derive(Debug)]
pub struct TableText {
    /// The column lines, left to right.
    xs: Vec<f32>,
    rows: usize,
    cells: Vec<CellText>,
}

#[derive(Debug)]
struct CellText {
    cell: Cell,
    text: String,
    /// Its digits run on into a neighbour's (see [`overflowing_cells`]).
    overflowing: bool,
}

/// Reads a page: each ruled table as its cells, the text around the tables as layout text.
pub fn read_page(page: &Page) -> Vec<Block> {
    let tables = grid::tables(&page.segments);
    let glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| g.size > 0.5).collect();
    let places: Vec<Place> = glyphs.iter().map(|g| place(&tables, g)).collect();
    let overflowing = overflowing_cells(&glyphs, &places);
    let left = glyphs
        .iter()
        .filter(|g| g.visible)
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min);
    let mut rules: Vec<Segment> = page
        .segments
        .iter()
        .filter(|s| s.axis == Axis::Vertical)
        .copied()
        .collect();
    rules.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Hidden glyphs are not on the page, but a number running out of its cell is still one
    // number: they count for `overflowing`, and are written nowhere.
    let mut by_place: HashMap<Place, Vec<&Glyph>> = HashMap::new();
    for (&glyph, &place) in glyphs.iter().zip(&places).filter(|(g, _)| g.visible) {
        by_place.entry(place).or_default().push(glyph);
    }
    let mut glyphs_at = |place: Place| by_place.remove(&place).unwrap_or_default();
    let mut blocks = Vec::new();
    let count = tables.len();
    for (t, table) in tables.into_iter().enumerate() {
        blocks.push(Block::Text(layout(
            &glyphs_at(Place::Before(t)),
            left,
            &rules,
        )));
        let cells = (0..table.cells.len())
            .map(|cell| CellText {
                cell: table.cells[cell].clone(),
                text: cell_text(&glyphs_at(Place::Cell { table: t, cell })),
                overflowing: overflowing.contains(&(t, cell)),
            })
            .collect();
        blocks.push(Block::Table(TableText {
            rows: table.ys.len() - 1,
            xs: table.xs,
            cells,
        }));
    }
    let after = glyphs_at(Place::Before(count));
    blocks.push(Block::Text(layout(&after, left, &rules)));
    blocks.retain(|b| !matches!(b, Block::Text(text) if text.trim().is_empty()));
    blocks
}

/// Where a row breaks across a page end (Word and LibreOffice allow it), its text continues in
/// the first row of the table on the next page: that row's cells hold only the rest of the
/// labels, no number, and no cell starts a numbered label. Its text is given to the cells of
/// the row it continues, and the row itself is dropped, so that the row is read whole.
pub fn join_rows_split_by_page_breaks(pages: &mut [Vec<Block>]) {
    for next in 1..pages.len() {
        let (before, after) = pages.split_at_mut(next);
        let (Some(Block::Table(upper)), Some(Block::Table(lower))) = (
            last_content(&mut before[next - 1]),
            first_content(&mut after[0]),
        ) else {
            continue;
        };
        let same_columns = upper.xs.len() == lower.xs.len()
            && upper
                .xs
                .iter()
                .zip(&lower.xs)
                .all(|(a, b)| (a - b).abs() <= 3.0);
        if !same_columns || !continues_a_row(lower) {
            continue;
        }
        let last_row = upper.rows - 1;
        for continued in lower.cells.iter_mut().filter(|c| c.cell.rows.start == 0) {
            let text = std::mem::take(&mut continued.text);
            if text.is_empty() {
                continue;
            }
            let column = continued.cell.columns.start;
            if let Some(cell) = upper
                .cells
                .iter_mut()
                .find(|c| c.cell.rows.contains(&last_row) && c.cell.columns.contains(&column))
            {
                cell.text.push(' ');
                cell.text.push_str(&text);
            }
        }
        lower
            .cells
            .retain(|c| c.cell.rows.start != 0 || c.cell.rows.len() > 1);
    }
}

/// Whether a table's first row is the rest of a row begun on the page before: some text, none
/// of it a value, none of it opening a numbered label.
fn continues_a_row(table: &TableText) -> bool {
    let first_row: Vec<&CellText> = table
        .cells
        .iter()
        .filter(|c| c.cell.rows.start == 0)
        .collect();
    first_row.iter().any(|c| !c.text.is_empty())
        && first_row.iter().all(|c| {
            c.text.is_empty()
                || !read(&c.text).is_value() && core_span(&label_key(&c.text)).start == 0
        })
}

/// A page's last block, when nothing but a page number follows it.
fn last_content(blocks: &mut [Block]) -> Option<&mut Block> {
    let end = blocks.len()
        - blocks
            .iter()
            .rev()
            .take_while(|b| is_page_number(b))
            .count();
    blocks[..end].last_mut()
}

/// A page's first block, when nothing but a page number precedes it.
fn first_content(blocks: &mut [Block]) -> Option<&mut Block> {
    let start = blocks.iter().take_while(|b| is_page_number(b)).count();
    blocks[start..].first_mut()
}

/// Whether a block at a page's top or foot is its page number alone, as the text importer tells
/// one (a short heading between two tables is not: they are then not joined).
fn is_page_number(block: &Block) -> bool {
    matches!(block, Block::Text(text) if text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .all(|line| tokens::is_page_number(line, true)))
}

/// The text of the pages, a form feed between pages: layout text as it is, each table row as a
/// line of cells (`cell | cell |`, a blank cell empty, a merged cell once, in its first row:
/// the rows an HTML table is read as).
pub fn text(pages: &[Vec<Block>]) -> String {
    let mut out = String::new();
    for (index, blocks) in pages.iter().enumerate() {
        if index > 0 {
            out.push('\u{c}');
        }
        for block in blocks {
            match block {
                Block::Text(text) => out.push_str(text),
                Block::Table(table) => write_table(table, &mut out),
            }
            out.push('\n');
        }
    }
    out
}

fn write_table(table: &TableText, out: &mut String) {
    let mut row = None;
    for cell in &table.cells {
        if row.is_some_and(|r| r != cell.cell.rows.start) {
            out.push('\n');
        }
        row = Some(cell.cell.rows.start);
        out.push_str(&cell.text.replace('|', "/"));
        if cell.overflowing {
            out.push(OVERFLOW);
        }
        out.push_str(" | ");
    }
    out.push('\n');
}

/// The cell a glyph's middle lies in, or the table it stands above.
fn place(tables: &[Table], glyph: &Glyph) -> Place {
    let (x, y) = (glyph.x + glyph.width / 2.0, glyph.y + 0.3 * glyph.size);
    tables
        .iter()
        .enumerate()
        .find_map(|(table, t)| t.cell_at(x, y).map(|cell| Place::Cell { table, cell }))
        .unwrap_or_else(|| {
            Place::Before(
                tables
                    .iter()
                    .position(|t| y > t.top())
                    .unwrap_or(tables.len()),
            )
        })
}

/// Cells (table, cell) whose digits run on, touching, into a glyph outside the cell: a number
/// wider than its cell (or than the page), or two numbers with no room between them. Which,
/// cannot be told, so such a cell is marked with a sign that is no number (`523¦`) and its row
/// is left unread, rather than read as 523 (and 0) or as 5230.
fn overflowing_cells(glyphs: &[&Glyph], places: &[Place]) -> HashSet<(usize, usize)> {
    let mut marked = HashSet::new();
    for line in lines_of(glyphs) {
        for pair in line.members.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if places[a] == places[b] || !touching_digits(glyphs[a], glyphs[b]) {
                continue;
            }
            for index in [a, b] {
                if let Place::Cell { table, cell } = places[index] {
                    marked.insert((table, cell));
                }
            }
        }
    }
    marked
}

/// A cell's text: its lines top to bottom joined by a space (as a browser's text of a cell
/// whose paragraphs wrap), words apart where the glyphs stand apart.
fn cell_text(glyphs: &[&Glyph]) -> String {
    let mut text = String::new();
    for line in lines_of(glyphs) {
        if !text.is_empty() {
            text.push(' ');
        }
        let mut last: Option<&Glyph> = None;
        for glyph in line.members.iter().map(|&i| glyphs[i]) {
            if let Some(prev) = last {
                if drawn_twice(prev, glyph) {
                    continue;
                }
                if words_apart(prev, glyph) {
                    text.push(' ');
                }
            }
            text.push_str(&glyph.text);
            last = Some(glyph);
        }
    }
    text.trim().to_owned()
}

/// Writes glyphs as layout text: lines by baseline, top to bottom; cells two or more spaces
/// apart (or apart where a ruling line runs between them); vertical gaps as blank lines. `left`
/// is the page's left edge of text, from which indents are counted.
fn layout(glyphs: &[&Glyph], left: f32, rules: &[Segment]) -> String {
    let mut out = String::new();
    let lines = lines_of(glyphs);
    if lines.is_empty() {
        return out;
    }
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes[sizes.len() / 2];
    let column = body / 2.0;
    let mut previous_y: Option<f32> = None;
    for line in &lines {
        if let Some(previous) = previous_y {
            let gap = ((previous - line.y) / (body * 1.3)).round() as usize;
            for _ in 1..gap.clamp(1, MOST_BLANK_LINES + 1) {
                out.push('\n');
            }
        }
        previous_y = Some(line.y);
        let mut col = 0usize;
        let mut last: Option<&Glyph> = None;
        for glyph in line.members.iter().map(|&i| glyphs[i]) {
            let target = ((glyph.x - left) / column).round().max(0.0) as usize;
            if let Some(prev) = last {
                if drawn_twice(prev, glyph) {
                    continue;
                }
                let gap = glyph.x - (prev.x + prev.width);
                let em = prev.size.max(glyph.size);
                let (from, to) = (prev.x + prev.width * 0.5, glyph.x + glyph.width * 0.5);
                let first = rules.partition_point(|r| r.at <= from);
                let ruled = rules[first..]
                    .iter()
                    .take_while(|r| r.at < to)
                    .any(|r| r.from <= line.y + 0.5 * line.size && r.to >= line.y);
                // A rule through touching digits: see [`overflowing_cells`].
                if ruled && touching_digits(prev, glyph) {
                    out.push(OVERFLOW);
                    col += 1;
                } else if ruled || gap >= 0.8 * em {
                    let spaces = target.saturating_sub(col).max(2);
                    push_spaces(&mut out, spaces);
                    col += spaces;
                } else if words_apart(prev, glyph) {
                    out.push(' ');
                    col += 1;
                }
            } else {
                push_spaces(&mut out, target);
                col = target;
            }
            out.push_str(&glyph.text);
            col += glyph
                .text
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>();
            last = Some(glyph);
        }
        out.push('\n');
    }
    out
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glyphs of `text` from (x, y), one em (10 points) each.
    fn glyphs(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + 10.0 * i as f32,
                y,
                width: 10.0,
                size: 10.0,
                visible: true,
            })
            .collect()
    }

    /// A table of two rows under the line y = `top`, columns at `xs`, rows 30 points tall.
    fn grid(xs: &[f32], top: f32) -> Vec<Segment> {
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let mut segments: Vec<Segment> = [top, top - 30.0, top - 60.0]
            .iter()
            .filter_map(|&y| Segment::between((left, y), (right, y)))
            .collect();
        segments.extend(
            xs.iter()
                .filter_map(|&x| Segment::between((x, top), (x, top - 60.0))),
        );
        segments
    }

    fn page(cells: &[(&str, f32, f32)], segments: Vec<Segment>) -> Page {
        Page {
            glyphs: cells
                .iter()
                .flat_map(|&(text, x, y)| glyphs(text, x, y))
                .collect(),
            segments,
            images: 0,
        }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn a_ruled_table_is_written_as_rows_of_cells_with_blanks_kept() {
        let page = page(
            &[
                ("二、主动公开", 0.0, 720.0),
                ("规章", 5.0, 675.0),
                ("0", 105.0, 675.0),
                ("5", 105.0, 645.0),
                ("6", 205.0, 645.0),
            ],
            grid(&[0.0, 100.0, 200.0, 300.0], 700.0),
        );
        let text = text(&[read_page(&page)]);
        assert_eq!(
            lines(&text),
            ["二、主动公开", "规章 | 0 |  |", "| 5 | 6 |"],
            "{text}"
        );
    }

    /// `5230` printed past its cell's right edge (a table wider than the page): the cell holds
    /// `523` and is marked, never read as 523.
    #[test]
    fn digits_running_out_of_a_cell_mark_it() {
        let page = page(
            &[("规章", 5.0, 675.0), ("5230", 270.0, 675.0)],
            grid(&[0.0, 100.0, 200.0, 300.0], 700.0),
        );
        let text = text(&[read_page(&page)]);
        assert!(text.contains("523¦ |"), "{text}");
        assert!(!text.contains("523 |"), "{text}");

        // Cut off by the page's clipping path, the last digit is not shown, but still makes the
        // number one that runs out of its cell.
        let mut clipped = page;
        clipped
            .glyphs
            .iter_mut()
            .filter(|g| g.x >= 300.0)
            .for_each(|g| g.visible = false);
        let shown = super::text(&[read_page(&clipped)]);
        assert!(shown.contains("523¦ |") && !shown.contains('0'), "{shown}");
    }

    /// A row broken by a page end: its labels continue in the first row of the next page's
    /// table, which holds no number; that row joins the one it continues.
    #[test]
    fn a_row_broken_by_a_page_end_is_joined() {
        let xs = [0.0, 100.0, 200.0];
        let first = page(
            &[
                ("3.其他", 5.0, 675.0),
                ("0", 105.0, 675.0),
                ("1.申请人无正", 5.0, 645.0),
                ("2", 105.0, 645.0),
            ],
            grid(&xs, 700.0),
        );
        let second = page(
            &[
                ("当理由逾期", 5.0, 775.0),
                ("2.重复申请", 5.0, 745.0),
                ("1", 105.0, 745.0),
                ("- 2 -", 90.0, 30.0),
            ],
            grid(&xs, 800.0),
        );
        let mut pages = vec![read_page(&first), read_page(&second)];
        join_rows_split_by_page_breaks(&mut pages);
        let text = text(&pages);
        assert_eq!(
            lines(&text),
            [
                "3.其他 | 0 |",
                "1.申请人无正 当理由逾期 | 2 |",
                "2.重复申请 | 1 |",
                "- 2 -"
            ],
            "{text}"
        );
        assert_eq!(text.matches('\u{c}').count(), 1);
    }

    /// A heading between the tables (a block's title at the next page's top) ends the row: the
    /// first row after it is no continuation.
    #[test]
    fn a_heading_at_the_page_top_keeps_the_rows_apart() {
        let xs = [0.0, 100.0, 200.0];
        let first = page(
            &[("行政许可", 5.0, 675.0), ("6", 105.0, 675.0)],
            grid(&xs, 700.0),
        );
        let second = page(
            &[("第二十条第（六）项", 5.0, 820.0), ("信息内容", 5.0, 775.0)],
            grid(&xs, 800.0),
        );
        let mut pages = vec![read_page(&first), read_page(&second)];
        join_rows_split_by_page_breaks(&mut pages);
        let text = text(&pages);
        assert!(text.contains("行政许可 | 6 |"), "{text}");
        assert!(text.contains("信息内容 |"), "{text}");
    }

    /// A first row that opens a numbered label, or states a number, is a row of its own.
    #[test]
    fn a_row_of_its_own_at_a_page_top_is_not_joined() {
        let xs = [0.0, 100.0, 200.0];
        let first = page(&[("1.申请人无正", 5.0, 675.0)], grid(&xs, 700.0));
        for top_row in [("2.重复申请", 5.0, 775.0), ("7", 105.0, 775.0)] {
            let second = page(&[top_row], grid(&xs, 800.0));
            let mut pages = vec![read_page(&first), read_page(&second)];
            join_rows_split_by_page_breaks(&mut pages);
            let text = text(&pages);
            assert!(text.contains("1.申请人无正 |"), "{text}");
        }
    }
}
