//! Ruled tables: the grid a table's border lines draw, and its cells, merged ones included.
//!
//! Word, WPS, LibreOffice and browsers all print a bordered table as line segments (stroked paths
//! or thin filled rectangles). Segments that touch form one table; the distinct x of its vertical
//! lines and y of its horizontal lines cut it into elementary cells, and two neighbouring
//! elementary cells are one (merged) cell when no line runs between them. A cell's extent says
//! which row and column its text belongs to, however the text inside it wraps or is centred: the
//! facts that layout text (lines and spaces) loses.

/// Coordinates closer than this (points) are the same line; segments closer end to end are one.
const TOLERANCE: f32 = 2.0;
/// Past this many segments on one page, no grid is looked for: pairing them is quadratic.
const MOST_SEGMENTS: usize = 4_000;
/// Elementary cells of one table, at most: a grid of lines at every point is no table.
const MOST_CELLS: usize = 20_000;

/// Which way a ruling segment runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Horizontal,
    Vertical,
}

/// A ruling segment in the page's upright coordinates (y up): horizontal at y = `at` from x =
/// `from` to `to`, or vertical at x = `at` from y = `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub axis: Axis,
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

impl Segment {
    /// The segment from one point to another, if it runs along an axis and is longer than a dot.
    pub fn between((x0, y0): (f32, f32), (x1, y1): (f32, f32)) -> Option<Segment> {
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        if dx < 1.0 && dy > TOLERANCE {
            Some(Segment {
                axis: Axis::Vertical,
                at: (x0 + x1) / 2.0,
                from: y0.min(y1),
                to: y0.max(y1),
            })
        } else if dy < 1.0 && dx > TOLERANCE {
            Some(Segment {
                axis: Axis::Horizontal,
                at: (y0 + y1) / 2.0,
                from: x0.min(x1),
                to: x0.max(x1),
            })
        } else {
            None
        }
    }

    /// The line a thin filled rectangle draws (`x0 < x1`, `y0 < y1`): its long axis.
    pub fn of_bar(x0: f32, y0: f32, x1: f32, y1: f32) -> Option<Segment> {
        let (width, height) = (x1 - x0, y1 - y0);
        if width < 3.0 && height > TOLERANCE {
            Some(Segment {
                axis: Axis::Vertical,
                at: (x0 + x1) / 2.0,
                from: y0,
                to: y1,
            })
        } else if height < 3.0 && width > TOLERANCE {
            Some(Segment {
                axis: Axis::Horizontal,
                at: (y0 + y1) / 2.0,
                from: x0,
                to: x1,
            })
        } else {
            None
        }
    }

    /// Whether two segments of different axes meet (cross or touch).
    fn meets(&self, other: &Segment) -> bool {
        self.axis != other.axis
            && other.from - TOLERANCE <= self.at
            && self.at <= other.to + TOLERANCE
            && self.from - TOLERANCE <= other.at
            && other.at <= self.to + TOLERANCE
    }
}

/// A cell of a table: the elementary columns and rows it spans (rows counted from the top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub columns: std::ops::Range<usize>,
    pub rows: std::ops::Range<usize>,
}

/// A ruled table: its column lines left to right, its row lines top to bottom, its cells in
/// reading order (by first row, then first column).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub cells: Vec<Cell>,
    /// For each elementary cell (row-major), the index of the cell that holds it.
    owner: Vec<usize>,
}

impl Table {
    pub fn top(&self) -> f32 {
        self.ys[0]
    }

    /// The cell a point lies in, if it lies in the table.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let column = self.xs.windows(2).position(|w| w[0] <= x && x < w[1])?;
        let row = self.ys.windows(2).position(|w| w[0] >= y && y > w[1])?;
        Some(self.owner[row * (self.xs.len() - 1) + column])
    }
}

/// The ruled tables among a page's segments, top first. A table has at least two columns or two
/// rows; one whose merged cells are not rectangles is no table here (its text is laid out as
/// lines instead).
pub fn tables(segments: &[Segment]) -> Vec<Table> {
    if segments.len() > MOST_SEGMENTS {
        return Vec::new();
    }
    let merged = merge(segments);
    let mut tables: Vec<Table> = components(&merged)
        .into_iter()
        .filter_map(|component| table(&component))
        .collect();
    tables.sort_by(|a, b| b.top().total_cmp(&a.top()));
    tables
}

/// Collinear segments that overlap or nearly touch, joined; the result sorted by axis, then
/// position, then start.
fn merge(segments: &[Segment]) -> Vec<Segment> {
    let mut sorted = segments.to_vec();
    sorted.sort_by(|a, b| {
        (a.axis as u8)
            .cmp(&(b.axis as u8))
            .then(a.at.total_cmp(&b.at))
    });
    let mut joined: Vec<Segment> = Vec::with_capacity(sorted.len());
    // Lines within the tolerance of one another are one: a border drawn as two thin strokes,
    // or cell by cell with a little offset, or as a bar whose two sides are each a line.
    for line in sorted.chunk_by_mut(|a, b| a.axis == b.axis && b.at - a.at <= TOLERANCE) {
        let at = line[line.len() / 2].at;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let first = joined.len();
        for segment in line.iter() {
            match joined[first..].last_mut() {
                Some(last) if segment.from <= last.to + TOLERANCE => {
                    last.to = last.to.max(segment.to);
                }
                _ => joined.push(Segment { at, ..*segment }),
            }
        }
    }
    joined
}

/// Groups of segments connected by meeting one another.
fn components(segments: &[Segment]) -> Vec<Vec<Segment>> {
    let mut sets = Sets::new(segments.len());
    let split = segments.partition_point(|s| s.axis == Axis::Horizontal);
    for h in 0..split {
        for v in split..segments.len() {
            if segments[h].meets(&segments[v]) {
                sets.join(h, v);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Segment>> = Default::default();
    for (i, &segment) in segments.iter().enumerate() {
        groups.entry(sets.root(i)).or_default().push(segment);
    }
    groups.into_values().collect()
}

/// The table a group of connected segments (sorted as [`merge`] sorts them) draws, if it is one.
fn table(segments: &[Segment]) -> Option<Table> {
    let positions = |axis: Axis| -> Vec<f32> {
        let mut at: Vec<f32> = segments
            .iter()
            .filter(|s| s.axis == axis)
            .map(|s| s.at)
            .collect();
        at.sort_by(f32::total_cmp);
        at.dedup_by(|b, a| *b - *a <= TOLERANCE);
        at
    };
    let mut xs = positions(Axis::Vertical);
    let mut ys = positions(Axis::Horizontal);
    // Where a table breaks across pages, its rows at the break have no line above (or below)
    // them; a table without side borders has none at its ends: the other lines' ends are
    // its edges there.
    open_edges(&mut xs, segments, Axis::Horizontal);
    open_edges(&mut ys, segments, Axis::Vertical);
    ys.reverse();
    let (columns, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if columns == 0 || rows == 0 || columns * rows == 1 || columns * rows > MOST_CELLS {
        return None;
    }
    let ruled = |axis: Axis, at: f32, from: f32, to: f32| {
        // A line runs between two cells when segments there cover the middle of their border.
        let (low, high) = (from.min(to), from.max(to));
        let inset = ((high - low) / 4.0).min(TOLERANCE * 2.0);
        // Segments are sorted by axis and position: only those on this line are looked at.
        let first =
            segments.partition_point(|s| (s.axis as u8, s.at) < (axis as u8, at - TOLERANCE));
        segments[first..]
            .iter()
            .take_while(|s| s.axis == axis && s.at <= at + TOLERANCE)
            .any(|s| s.from <= low + inset && s.to >= high - inset)
    };
    let index = |row: usize, column: usize| row * columns + column;
    let mut sets = Sets::new(columns * rows);
    for row in 0..rows {
        for column in 0..columns - 1 {
            if !ruled(Axis::Vertical, xs[column + 1], ys[row], ys[row + 1]) {
                sets.join(index(row, column), index(row, column + 1));
            }
        }
    }
    for row in 0..rows - 1 {
        let lines: Vec<bool> = (0..columns)
            .map(|column| ruled(Axis::Horizontal, ys[row + 1], xs[column], xs[column + 1]))
            .collect();
        // A line under one column's text alone, in a table of three columns or more, is an
        // underline: no row of the template is one column's alone.
        let underline = columns >= 3 && lines.iter().filter(|&&l| l).count() == 1;
        for (column, &line) in lines.iter().enumerate() {
            if !line || underline {
                sets.join(index(row, column), index(row + 1, column));
            }
        }
    }
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell_of_root: std::collections::HashMap<usize, usize> = Default::default();
    let mut owner = vec![0; columns * rows];
    let mut sizes: Vec<usize> = Vec::new();
    for row in 0..rows {
        for column in 0..columns {
            let r = sets.root(index(row, column));
            let cell = *cell_of_root.entry(r).or_insert_with(|| {
                cells.push(Cell {
                    columns: column..column + 1,
                    rows: row..row + 1,
                });
                sizes.push(0);
                cells.len() - 1
            });
            let c = &mut cells[cell];
            c.columns = c.columns.start.min(column)..c.columns.end.max(column + 1);
            c.rows = c.rows.start.min(row)..c.rows.end.max(row + 1);
            sizes[cell] += 1;
            owner[index(row, column)] = cell;
        }
    }
    let rectangular = cells
        .iter()
        .zip(&sizes)
        .all(|(c, &size)| c.columns.len() * c.rows.len() == size);
    (rectangular && cells.len() > 1).then_some(Table {
        xs,
        ys,
        cells,
        owner,
    })
}

/// Disjoint sets of indices (union-find).
struct Sets(Vec<usize>);

impl Sets {
    fn new(size: usize) -> Sets {
        Sets((0..size).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.0[a] = b;
    }
}

/// Adds to the ascending `positions` of one axis's lines the ends of the other axis's
/// segments that reach past them.
fn open_edges(positions: &mut Vec<f32>, segments: &[Segment], other: Axis) {
    let crossing = segments.iter().filter(|s| s.axis == other);
    let low = crossing
        .clone()
        .map(|s| s.from)
        .fold(f32::INFINITY, f32::min);
    let high = crossing.map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
    if let (Some(&first), Some(&last)) = (positions.first(), positions.last()) {
        if low < first - TOLERANCE {
            positions.insert(0, low);
        }
        if high > last + TOLERANCE {
            positions.push(high);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, from: f32, to: f32) -> Segment {
        Segment {
            axis: Axis::Horizontal,
            at: y,
            from,
            to,
        }
    }

    fn v(x: f32, from: f32, to: f32) -> Segment {
        Segment {
            axis: Axis::Vertical,
            at: x,
            from,
            to,
        }
    }

    /// A 3 × 2 grid whose first column's two cells are one (no line between them).
    fn merged_first_column() -> Vec<Segment> {
        vec![
            h(100.0, 0.0, 300.0),
            h(50.0, 100.0, 300.0),
            h(0.0, 0.0, 300.0),
            v(0.0, 0.0, 100.0),
            v(100.0, 0.0, 100.0),
            v(200.0, 0.0, 100.0),
            v(300.0, 0.0, 100.0),
        ]
    }

    #[test]
    fn a_missing_line_merges_cells() {
        let [table] = tables(&merged_first_column()).try_into().unwrap();
        assert_eq!(table.xs, [0.0, 100.0, 200.0, 300.0]);
        assert_eq!(table.ys, [100.0, 50.0, 0.0]);
        let spans: Vec<(_, _)> = table
            .cells
            .iter()
            .map(|c| (c.columns.clone(), c.rows.clone()))
            .collect();
        assert_eq!(
            spans,
            [
                (0..1, 0..2),
                (1..2, 0..1),
                (2..3, 0..1),
                (1..2, 1..2),
                (2..3, 1..2)
            ]
        );
        assert_eq!(table.cell_at(50.0, 10.0), Some(0));
        assert_eq!(table.cell_at(150.0, 10.0), Some(3));
        assert_eq!(table.cell_at(350.0, 10.0), None);
    }

    /// Borders drawn cell by cell (short, slightly offset strokes) are one line.
    #[test]
    fn borders_drawn_piecewise_are_joined() {
        let mut pieces = Vec::new();
        for (i, x) in [0.0f32, 100.0, 200.0].into_iter().enumerate() {
            let wobble = i as f32 * 0.4;
            pieces.push(h(100.0 + wobble, x, x + 100.0));
            pieces.push(h(0.0 - wobble, x, x + 100.0));
            pieces.push(v(x + wobble, 0.0, 100.0));
        }
        pieces.push(v(300.0, 0.0, 100.0));
        let [table] = tables(&pieces).try_into().unwrap();
        assert_eq!(table.xs.len(), 4);
        assert_eq!(table.cells.len(), 3);
    }

    /// A frame around a paragraph, an underline, lines that do not meet: no table.
    #[test]
    fn boxes_and_loose_lines_are_no_tables() {
        let frame = [
            h(100.0, 0.0, 300.0),
            h(0.0, 0.0, 300.0),
            v(0.0, 0.0, 100.0),
            v(300.0, 0.0, 100.0),
        ];
        assert!(tables(&frame).is_empty());
        assert!(tables(&[h(10.0, 0.0, 300.0), v(400.0, 0.0, 100.0)]).is_empty());
    }

    /// An L-shaped merged cell cannot be told apart from two cells: the grid is not used.
    #[test]
    fn a_grid_with_a_non_rectangular_cell_is_no_table() {
        let segments = vec![
            h(100.0, 0.0, 200.0),
            h(50.0, 100.0, 200.0),
            h(0.0, 0.0, 200.0),
            v(0.0, 0.0, 100.0),
            v(100.0, 50.0, 100.0),
            v(200.0, 0.0, 100.0),
        ];
        assert!(tables(&segments).is_empty());
    }

    /// LibreOffice draws underlined text's underline as a line: one under a label's line, from
    /// border to border of its cell, splits no row.
    #[test]
    fn a_line_within_one_column_is_an_underline() {
        let mut segments = vec![
            h(100.0, 0.0, 300.0),
            h(0.0, 0.0, 300.0),
            v(0.0, 0.0, 100.0),
            v(100.0, 0.0, 100.0),
            v(200.0, 0.0, 100.0),
            v(300.0, 0.0, 100.0),
        ];
        segments.push(h(60.0, 0.0, 100.0));
        let [table] = tables(&segments).try_into().unwrap();
        assert_eq!(table.cells.len(), 3, "{table:?}");
        assert_eq!(table.cell_at(50.0, 80.0), table.cell_at(50.0, 20.0));
        // A line across two columns of three is a row's border.
        segments.push(h(60.0, 100.0, 200.0));
        let [table] = tables(&segments).try_into().unwrap();
        assert_ne!(table.cell_at(50.0, 80.0), table.cell_at(50.0, 20.0));
    }

    /// The rows of a table broken by a page end have no line below the last: the column lines'
    /// ends close them.
    #[test]
    fn column_lines_past_the_last_row_line_make_an_open_row() {
        let segments = vec![
            h(100.0, 0.0, 200.0),
            h(50.0, 0.0, 200.0),
            v(0.0, 10.0, 100.0),
            v(100.0, 10.0, 100.0),
            v(200.0, 10.0, 100.0),
        ];
        let [table] = tables(&segments).try_into().unwrap();
        assert_eq!(table.ys, [100.0, 50.0, 10.0]);
        assert_eq!(table.cells.len(), 4);
        assert_eq!(table.cell_at(150.0, 20.0), Some(3));
    }

    #[test]
    fn segments_come_from_axis_aligned_strokes_and_thin_bars() {
        assert_eq!(
            Segment::between((10.0, 5.0), (10.2, 90.0)).map(|s| s.axis),
            Some(Axis::Vertical)
        );
        assert_eq!(Segment::between((0.0, 0.0), (50.0, 50.0)), None);
        assert_eq!(
            Segment::of_bar(0.0, 10.0, 200.0, 10.5).map(|s| (s.axis, s.at)),
            Some((Axis::Horizontal, 10.25))
        );
        assert_eq!(Segment::of_bar(0.0, 0.0, 200.0, 100.0), None);
    }
}
