//! PDF reports: the text layer, read with positions, rebuilt as text the importer reads.
//!
//! Each page's content stream is walked (text state, graphics state, form XObjects) to place
//! every glyph: its text through the font's ToUnicode CMap or encoding, its origin, advance and
//! size on the page; and every axis-aligned line it paints (stroked, or filled as a thin bar).
//! The lines give the ruled tables and their cells ([`grid`]); [`write`] writes each such table
//! as rows of cells, like an HTML table, and the rest of the page as layout text (what
//! `pdftotext -layout` gives), a form feed ending each page. Pages with pictures and no text
//! (scans) are counted: OCR is not done.
//!
//! The file is untrusted: object nesting, references, decompressed stream sizes, form XObject
//! depth, pages, operators, glyphs and ruling lines are all bounded.

mod content;
mod font;
mod grid;
mod load;
mod unify;
mod write;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use font::Font;
use grid::Segment;

/// Largest decompressed size of one stream.
const MAX_STREAM: usize = 64 << 20;
/// Largest decompressed content read from one document: the limit of an input, as for the
/// inflated document.xml of a Word file (README: Limits).
const MAX_CONTENT: usize = crate::import::limits::MAX_INFLATED_BYTES as usize;
/// Pages read from one document.
const MAX_PAGES: usize = 5_000;
/// Content operators run in one document.
const MAX_OPERATIONS: usize = 20_000_000;
/// Glyphs placed in one document.
const MAX_GLYPHS: usize = 5_000_000;
/// Form XObjects drawn inside form XObjects.
const MAX_FORM_DEPTH: usize = 8;
/// Ruling segments kept for one page.
const MAX_SEGMENTS: usize = 100_000;

/// The text layer of a PDF as layout text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Layout text, a form feed between pages.
    pub text: String,
    /// Pages (1-based) that hold pictures and no text: scans, whose text is not read.
    pub pages_without_text: Vec<usize>,
}

/// Whether bytes are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
}

/// Reads the text layer of a PDF; an error tells why the file cannot be read (encrypted,
/// damaged, not a PDF).
pub fn to_text(bytes: &[u8]) -> Result<Extracted, String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let doc = load::load(bytes, options).map_err(|e| format!("not a readable PDF file ({e})"))?;
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err("the PDF file is encrypted and needs a password".to_owned());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("the PDF file has no pages".to_owned());
    }
    let mut reader = Reader {
        doc: &doc,
        fonts: HashMap::new(),
        content_read: 0,
        operations: 0,
        glyph_count: 0,
    };
    let mut written = Vec::new();
    let mut pages_without_text = Vec::new();
    for (index, (_, &page_id)) in pages.iter().take(MAX_PAGES).enumerate() {
        let page = reader.page(page_id);
        if page.glyphs.iter().all(|g| g.text.trim().is_empty()) && page.images > 0 {
            pages_without_text.push(index + 1);
        }
        written.push(write::read_page(&page));
    }
    write::join_rows_split_by_page_breaks(&mut written);
    Ok(Extracted {
        text: write::text(&written),
        pages_without_text,
    })
}

/// Follows references (a bounded number of them) to the object itself.
fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

/// An affine matrix `[a b c d e f]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: first self, then other.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The length of the unit vertical, the scale of a font size.
    fn vertical_scale(self) -> f32 {
        self.0[2].hypot(self.0[3])
    }
}

/// One placed glyph (or a code's text), in the page's upright coordinates (y up).
#[derive(Debug, Clone)]
struct Glyph {
    text: String,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    /// Inside the clipping path: shown. Text painted outside it (Chromium paints a table's
    /// repeated header so, at its first place, clipped away) is not on the page.
    visible: bool,
}

#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    /// Ruling lines: table borders, underlines.
    segments: Vec<Segment>,
    images: usize,
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Font>,
    content_read: usize,
    operations: usize,
    glyph_count: usize,
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<ObjectId>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    /// The clipping path's bounds (x0, y0, x1, y1), if one is set.
    clip: Option<[f32; 4]>,
    /// Text rendering mode (`Tr`): 3 and 7 paint nothing.
    render: i64,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            clip: None,
            render: 0,
        }
    }
}

fn num(object: Option<&Object>) -> f32 {
    match object {
        Some(Object::Integer(i)) => *i as f32,
        Some(Object::Real(r)) if r.is_finite() => *r,
        _ => 0.0,
    }
}

fn matrix_of(operands: &[Object]) -> Option<Matrix> {
    if operands.len() < 6 {
        return None;
    }
    let m: Vec<f32> = operands[..6].iter().map(|o| num(Some(o))).collect();
    Some(Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]))
}

impl<'a> Reader<'a> {
    fn page(&mut self, page_id: ObjectId) -> Page {
        let mut page = Page::default();
        let doc = self.doc;
        let Ok(page_dict) = doc.get_dictionary(page_id) else {
            return page;
        };
        // Upright coordinates: the page's /Rotate undone.
        let rotate = page_dict
            .get(b"Rotate")
            .ok()
            .map(|o| num(Some(deref(doc, o))) as i64)
            .unwrap_or(0)
            .rem_euclid(360);
        let upright = match rotate {
            90 => Matrix([0.0, -1.0, 1.0, 0.0, 0.0, 0.0]),
            180 => Matrix([-1.0, 0.0, 0.0, -1.0, 0.0, 0.0]),
            270 => Matrix([0.0, 1.0, -1.0, 0.0, 0.0, 0.0]),
            _ => Matrix::IDENTITY,
        };
        let resources = page_resources(doc, page_id);
        let mut content = Vec::new();
        for id in doc.get_page_contents(page_id) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let budget = MAX_STREAM.min(MAX_CONTENT.saturating_sub(self.content_read));
            if let Ok(bytes) = stream.get_plain_content_with_limit(budget) {
                self.content_read += bytes.len();
                content.extend_from_slice(&bytes);
                content.push(b'\n');
            }
        }
        let state = GraphicsState {
            ctm: upright,
            ..GraphicsState::default()
        };
        self.run(&content, &resources, state, &mut page, &mut Vec::new());
        page
    }

    /// Runs a content stream: places its glyphs, rules and pictures on `page`. `forms` are the
    /// form XObjects being drawn (a form that draws itself is not drawn again).
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        mut gs: GraphicsState,
        page: &mut Page,
        forms: &mut Vec<ObjectId>,
    ) {
        let doc = self.doc;
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut line_start = Matrix::IDENTITY;
        let mut path = Path::default();
        // `W` makes the current path the clipping path once it is painted or ended.
        let mut clipping = false;
        for operation in content::operations(content) {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS || self.glyph_count > MAX_GLYPHS {
                break;
            }
            let ops = &operation.operands;
            match operation.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix_of(ops) {
                        gs.ctm = m.then(gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    line_start = tm;
                }
                "Tf" => {
                    gs.font = ops
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| find_resource(doc, resources, b"Font", name))
                        .and_then(|o| o.as_reference().ok());
                    gs.size = num(ops.get(1));
                }
                "Tc" => gs.char_spacing = num(ops.first()),
                "Tw" => gs.word_spacing = num(ops.first()),
                "Tz" => gs.scale = num(ops.first()) / 100.0,
                "TL" => gs.leading = num(ops.first()),
                "Ts" => gs.rise = num(ops.first()),
                "Tr" => gs.render = num(ops.first()) as i64,
                "Td" | "TD" => {
                    let (x, y) = (num(ops.first()), num(ops.get(1)));
                    if operation.operator == "TD" {
                        gs.leading = -y;
                    }
                    line_start = Matrix::translate(x, y).then(line_start);
                    tm = line_start;
                }
                "Tm" => {
                    if let Some(m) = matrix_of(ops) {
                        tm = m;
                        line_start = m;
                    }
                }
                "T*" => {
                    line_start = Matrix::translate(0.0, -gs.leading).then(line_start);
                    tm = line_start;
                }
                "Tj" | "'" | "\"" => {
                    if operation.operator != "Tj" {
                        if operation.operator == "\"" {
                            gs.word_spacing = num(ops.first());
                            gs.char_spacing = num(ops.get(1));
                        }
                        line_start = Matrix::translate(0.0, -gs.leading).then(line_start);
                        tm = line_start;
                    }
                    if let Some(Object::String(bytes, _)) = ops.last() {
                        self.show(bytes, &gs, &mut tm, page);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = ops.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(bytes, &gs, &mut tm, page),
                                other => {
                                    let adjust = -num(Some(other)) / 1000.0 * gs.size * gs.scale;
                                    tm = Matrix::translate(adjust, 0.0).then(tm);
                                }
                            }
                        }
                    }
                }
                "m" => path.move_to(gs.ctm.apply(num(ops.first()), num(ops.get(1)))),
                "l" => path.line_to(gs.ctm.apply(num(ops.first()), num(ops.get(1)))),
                // A curve is no ruling line: its end starts a new piece.
                "c" => path.move_to(gs.ctm.apply(num(ops.get(4)), num(ops.get(5)))),
                "v" | "y" => path.move_to(gs.ctm.apply(num(ops.get(2)), num(ops.get(3)))),
                "h" => path.close(),
                "re" => {
                    let (x, y, w, h) = (
                        num(ops.first()),
                        num(ops.get(1)),
                        num(ops.get(2)),
                        num(ops.get(3)),
                    );
                    path.rectangle(gs.ctm.apply(x, y), gs.ctm.apply(x + w, y + h));
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let operator = operation.operator.as_str();
                    let stroked = matches!(operator, "S" | "s" | "B" | "B*" | "b" | "b*");
                    let filled = !matches!(operator, "S" | "s");
                    // Past the bound, a page's further lines are not kept (one paint adds at
                    // most the path's bounded size).
                    if page.segments.len() < MAX_SEGMENTS {
                        page.segments.extend(path.ruling_segments(stroked, filled));
                    }
                    if std::mem::take(&mut clipping) {
                        gs.clip = path.clipped(gs.clip);
                    }
                    path = Path::default();
                }
                "W" | "W*" => clipping = true,
                "n" => {
                    if std::mem::take(&mut clipping) {
                        gs.clip = path.clipped(gs.clip);
                    }
                    path = Path::default();
                }
                "BI" | "EI" => page.images += usize::from(operation.operator == "EI"),
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let Some(object) = find_resource(doc, resources, b"XObject", name) else {
                        continue;
                    };
                    let id = object.as_reference().ok();
                    let Ok(stream) = deref(doc, object).as_stream() else {
                        continue;
                    };
                    match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Image") => page.images += 1,
                        Ok(b"Form") => {
                            let Some(id) = id else { continue };
                            if forms.len() >= MAX_FORM_DEPTH || forms.contains(&id) {
                                continue;
                            }
                            let budget =
                                MAX_STREAM.min(MAX_CONTENT.saturating_sub(self.content_read));
                            let Ok(bytes) = stream.get_plain_content_with_limit(budget) else {
                                continue;
                            };
                            self.content_read += bytes.len();
                            let mut inner: Vec<&'a Dictionary> = Vec::new();
                            if let Ok(own) = stream
                                .dict
                                .get(b"Resources")
                                .map(|o| deref(doc, o))
                                .and_then(Object::as_dict)
                            {
                                inner.push(own);
                            }
                            inner.extend_from_slice(resources);
                            let mut form_gs = gs.clone();
                            if let Some(m) = stream
                                .dict
                                .get(b"Matrix")
                                .ok()
                                .and_then(|o| deref(doc, o).as_array().ok())
                                .and_then(|a| matrix_of(a))
                            {
                                form_gs.ctm = m.then(gs.ctm);
                            }
                            // A form is clipped to its bounding box.
                            if let Some(bbox) = stream
                                .dict
                                .get(b"BBox")
                                .ok()
                                .and_then(|o| deref(doc, o).as_array().ok())
                                .filter(|a| a.len() == 4)
                            {
                                let [x0, y0, x1, y1] = [0, 1, 2, 3].map(|i| num(bbox.get(i)));
                                let mut outline = Path::default();
                                outline.rectangle(
                                    form_gs.ctm.apply(x0, y0),
                                    form_gs.ctm.apply(x1, y1),
                                );
                                form_gs.clip = outline.clipped(form_gs.clip);
                            }
                            forms.push(id);
                            self.run(&bytes, &inner, form_gs, page, forms);
                            forms.pop();
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    /// Shows a string: places its glyphs and advances the text matrix.
    fn show(&mut self, bytes: &[u8], gs: &GraphicsState, tm: &mut Matrix, page: &mut Page) {
        let Some(font_id) = gs.font else { return };
        let doc = self.doc;
        let font = self
            .fonts
            .entry(font_id)
            .or_insert_with(|| match doc.get_dictionary(font_id) {
                Ok(dict) => Font::read(doc, dict),
                Err(_) => Font::read(doc, &Dictionary::new()),
            });
        for (code, len) in font.codes(bytes) {
            let advance = (font.width(code) / 1000.0 * gs.size
                + gs.char_spacing
                + if font.is_word_space(code, len) {
                    gs.word_spacing
                } else {
                    0.0
                })
                * gs.scale;
            let render = Matrix([gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise])
                .then(*tm)
                .then(gs.ctm);
            let (x, y) = render.apply(0.0, 0.0);
            let next = Matrix::translate(advance, 0.0).then(*tm);
            let (x_end, _) = Matrix([gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise])
                .then(next)
                .then(gs.ctm)
                .apply(0.0, 0.0);
            *tm = next;
            let mut text = String::new();
            if !font.decode(code, len, &mut text) {
                continue;
            }
            let text: String = text
                .chars()
                .map(unify::unify)
                .filter(|c| !c.is_control())
                .collect();
            if text.is_empty() || !(x.is_finite() && y.is_finite()) {
                continue;
            }
            self.glyph_count += 1;
            let size = render.vertical_scale().abs();
            let (middle_x, middle_y) = ((x + x_end) / 2.0, y + 0.3 * size);
            page.glyphs.push(Glyph {
                text,
                x,
                y,
                width: (x_end - x).abs(),
                size,
                visible: !matches!(gs.render, 3 | 7)
                    && gs.clip.is_none_or(|[x0, y0, x1, y1]| {
                        (x0 - 1.0..=x1 + 1.0).contains(&middle_x)
                            && (y0 - 1.0..=y1 + 1.0).contains(&middle_y)
                    }),
            });
        }
    }
}

/// Points held by the path being built, at most.
const MAX_PATH_POINTS: usize = 100_000;

/// The path being built, in page coordinates: its pieces of straight lines and its rectangles.
#[derive(Debug, Default)]
struct Path {
    /// Each subpath's points, joined by straight lines.
    subpaths: Vec<Vec<(f32, f32)>>,
    rectangles: Vec<((f32, f32), (f32, f32))>,
    points: usize,
}

impl Path {
    fn room(&mut self) -> bool {
        self.points += 1;
        self.points <= MAX_PATH_POINTS
    }

    fn move_to(&mut self, point: (f32, f32)) {
        if self.room() {
            self.subpaths.push(vec![point]);
        }
    }

    fn line_to(&mut self, point: (f32, f32)) {
        if !self.room() {
            return;
        }
        match self.subpaths.last_mut() {
            Some(subpath) => subpath.push(point),
            None => self.subpaths.push(vec![point]),
        }
    }

    fn close(&mut self) {
        if let Some(&start) = self.subpaths.last().and_then(|s| s.first()) {
            self.line_to(start);
        }
    }

    fn rectangle(&mut self, corner: (f32, f32), opposite: (f32, f32)) {
        if self.room() {
            self.rectangles.push((corner, opposite));
            // The current point after `re` is its corner.
            self.subpaths.push(vec![corner]);
        }
    }

    /// The clipping bounds once this path is intersected with `clip`: the bounds of its points
    /// (a clipping path that is no rectangle is taken as its bounding box, which shows more,
    /// never less). An empty path leaves the clip as it is.
    fn clipped(&self, clip: Option<[f32; 4]>) -> Option<[f32; 4]> {
        let points = self
            .subpaths
            .iter()
            .flatten()
            .chain(self.rectangles.iter().flat_map(|(a, b)| [a, b]));
        let [x0, y0, x1, y1] = bounds(points);
        if !(x0 <= x1 && y0 <= y1) {
            return clip;
        }
        Some(match clip {
            Some([a0, b0, a1, b1]) => [x0.max(a0), y0.max(b0), x1.min(a1), y1.min(b1)],
            None => [x0, y0, x1, y1],
        })
    }

    /// The axis-aligned lines the path draws when painted: its stroked straight pieces and
    /// sides of stroked rectangles, and any thin bar it fills (a border drawn as a filled
    /// rectangle or quadrilateral).
    fn ruling_segments(&self, stroked: bool, filled: bool) -> Vec<Segment> {
        let mut segments: Vec<Segment> = Vec::new();
        for subpath in &self.subpaths {
            if stroked {
                segments.extend(
                    subpath
                        .windows(2)
                        .filter_map(|w| Segment::between(w[0], w[1])),
                );
            }
            if filled && subpath.len() >= 3 {
                let [x0, y0, x1, y1] = bounds(subpath);
                segments.extend(Segment::of_bar(x0, y0, x1, y1));
            }
        }
        for &(corner, opposite) in &self.rectangles {
            let [x0, y0, x1, y1] = bounds(&[corner, opposite]);
            if let Some(bar) = Segment::of_bar(x0, y0, x1, y1).filter(|_| filled) {
                segments.push(bar);
            } else if stroked {
                let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
                segments.extend(
                    corners
                        .windows(2)
                        .filter_map(|w| Segment::between(w[0], w[1])),
                );
            }
        }
        segments
    }
}

/// The PDF fixtures of the repository (`tests/fixtures/pdf/`), for the unit tests.
#[cfg(test)]
fn fixture_pdfs() -> Vec<std::path::PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
    let mut pdfs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 20, "{pdfs:?}");
    pdfs
}

/// The box around points (x0, y0, x1, y1); with no point, an empty one (x0 > x1).
fn bounds<'p>(points: impl IntoIterator<Item = &'p (f32, f32)>) -> [f32; 4] {
    points.into_iter().fold(
        [
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ],
        |[x0, y0, x1, y1], &(x, y)| [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
    )
}

/// The page's resource dictionaries, its own first, then those inherited from its parents.
fn page_resources(doc: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    match doc.get_page_resources(page_id) {
        Ok((own, inherited)) => own
            .into_iter()
            .chain(
                inherited
                    .into_iter()
                    .filter_map(|id| doc.get_dictionary(id).ok()),
            )
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// A named resource of a kind (`Font`, `XObject`), as it is written (a reference, usually).
fn find_resource<'a>(
    doc: &'a Document,
    resources: &[&'a Dictionary],
    kind: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    resources.iter().find_map(|dict| {
        dict.get(kind)
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(name).ok())
    })
}
