//! PDF reports: the text layer, read with positions, rebuilt as layout-preserving text.
//!
//! Each page's content stream is walked (text state, graphics state, form XObjects) to place
//! every glyph: its text through the font's ToUnicode CMap or encoding, its origin, advance and
//! size on the page. Glyphs are gathered into lines by baseline, and a line into cells where the
//! glyphs stand apart or a ruling line runs between them; cells are set at least two spaces
//! apart, blank lines stand for the vertical gaps, and a form feed ends each page — the text
//! `pdftotext -layout` gives, so the layout rules of the text importer apply unchanged. Pages
//! with pictures and no text (scans) are counted: OCR is not done.
//!
//! The file is untrusted: object nesting, references, decompressed stream sizes, form XObject
//! depth, pages, operators and glyphs are all bounded.

mod content;
mod font;
mod load;
mod unify;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use font::Font;

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
/// Joins glyphs that touch across a ruling line (see [`layout`]).
const OVERFLOW: char = '¦';
/// Blank lines that stand for one vertical gap.
const MOST_BLANK_LINES: usize = 6;

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
    let mut text = String::new();
    let mut pages_without_text = Vec::new();
    for (index, (_, &page_id)) in pages.iter().take(MAX_PAGES).enumerate() {
        let page = reader.page(page_id);
        if index > 0 {
            text.push('\u{c}');
        }
        if page.glyphs.iter().all(|g| g.text.trim().is_empty()) && page.images > 0 {
            pages_without_text.push(index + 1);
        }
        layout(&page, &mut text);
    }
    Ok(Extracted {
        text,
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
}

/// A vertical ruling line: x, and the y range it spans.
#[derive(Debug, Clone, Copy)]
struct Rule {
    x: f32,
    bottom: f32,
    top: f32,
}

#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
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
        let mut path: Vec<((f32, f32), (f32, f32))> = Vec::new();
        let mut rects: Vec<(f32, f32, f32, f32)> = Vec::new();
        let mut current = (0.0f32, 0.0f32);
        let mut subpath_start = (0.0f32, 0.0f32);
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
                "m" => {
                    current = gs.ctm.apply(num(ops.first()), num(ops.get(1)));
                    subpath_start = current;
                }
                "l" => {
                    let to = gs.ctm.apply(num(ops.first()), num(ops.get(1)));
                    if path.len() < 100_000 {
                        path.push((current, to));
                    }
                    current = to;
                }
                "h" => {
                    if path.len() < 100_000 {
                        path.push((current, subpath_start));
                    }
                    current = subpath_start;
                }
                "re" => {
                    let (x, y, w, h) = (
                        num(ops.first()),
                        num(ops.get(1)),
                        num(ops.get(2)),
                        num(ops.get(3)),
                    );
                    let (x0, y0) = gs.ctm.apply(x, y);
                    let (x1, y1) = gs.ctm.apply(x + w, y + h);
                    if rects.len() < 100_000 {
                        rects.push((x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)));
                    }
                    current = (x0, y0);
                    subpath_start = current;
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let stroked = matches!(
                        operation.operator.as_str(),
                        "S" | "s" | "B" | "B*" | "b" | "b*"
                    );
                    for &((x0, y0), (x1, y1)) in &path {
                        if stroked && (x0 - x1).abs() < 1.0 && (y0 - y1).abs() > 2.0 {
                            page.rules.push(Rule {
                                x: (x0 + x1) / 2.0,
                                bottom: y0.min(y1),
                                top: y0.max(y1),
                            });
                        }
                    }
                    for &(x0, y0, x1, y1) in &rects {
                        if x1 - x0 < 3.0 && y1 - y0 > 2.0 {
                            page.rules.push(Rule {
                                x: (x0 + x1) / 2.0,
                                bottom: y0,
                                top: y1,
                            });
                        } else if stroked {
                            for x in [x0, x1] {
                                page.rules.push(Rule {
                                    x,
                                    bottom: y0,
                                    top: y1,
                                });
                            }
                        }
                    }
                    path.clear();
                    rects.clear();
                }
                "n" => {
                    path.clear();
                    rects.clear();
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
            page.glyphs.push(Glyph {
                text,
                x,
                y,
                width: (x_end - x).abs(),
                size: render.vertical_scale().abs(),
            });
        }
    }
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

/// One rebuilt line: its baseline and glyphs, left to right.
struct Line<'g> {
    y: f32,
    size: f32,
    glyphs: Vec<&'g Glyph>,
}

/// Writes a page as layout text: lines by baseline, top to bottom; cells two or more spaces
/// apart; vertical gaps as blank lines.
fn layout(page: &Page, out: &mut String) {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| g.size > 0.5).collect();
    if glyphs.is_empty() {
        return;
    }
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = Vec::new();
    for glyph in glyphs {
        match lines.last_mut() {
            Some(line) if (line.y - glyph.y).abs() <= 0.4 * line.size.min(glyph.size) => {
                line.size = line.size.max(glyph.size);
                line.glyphs.push(glyph);
            }
            _ => lines.push(Line {
                y: glyph.y,
                size: glyph.size,
                glyphs: vec![glyph],
            }),
        }
    }
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes[sizes.len() / 2];
    let left = page
        .glyphs
        .iter()
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min);
    let column = body / 2.0;
    let mut rules = page.rules.clone();
    rules.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut previous_y: Option<f32> = None;
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        if let Some(previous) = previous_y {
            let gap = ((previous - line.y) / (body * 1.3)).round() as usize;
            for _ in 1..gap.clamp(1, MOST_BLANK_LINES + 1) {
                out.push('\n');
            }
        }
        previous_y = Some(line.y);
        let mut col = 0usize;
        let mut last: Option<&Glyph> = None;
        for glyph in &line.glyphs {
            let target = ((glyph.x - left) / column).round().max(0.0) as usize;
            if let Some(prev) = last {
                // The same glyph drawn twice (simulated bold) is one glyph.
                if prev.text == glyph.text && (prev.x - glyph.x).abs() < 0.2 * glyph.size {
                    continue;
                }
                let gap = glyph.x - (prev.x + prev.width);
                let em = prev.size.max(glyph.size);
                let (from, to) = (prev.x + prev.width * 0.5, glyph.x + glyph.width * 0.5);
                let first = rules.partition_point(|r| r.x <= from);
                let ruled = rules[first..]
                    .iter()
                    .take_while(|r| r.x < to)
                    .any(|r| r.bottom <= line.y + 0.5 * line.size && r.top >= line.y);
                // A rule through touching digits: a number overflowing its cell (a table wider
                // than its page) or two cells with no room between them. Which, cannot be
                // told, so the two sides are joined by a mark that is no number: `523¦0` is
                // neither 5230 nor 523 and 0, and its row is left unread.
                let digits = prev.text.ends_with(|c: char| c.is_ascii_digit())
                    && glyph.text.starts_with(|c: char| c.is_ascii_digit());
                if ruled && digits && gap <= 0.1 * em {
                    out.push(OVERFLOW);
                    col += 1;
                } else if ruled || gap >= 0.8 * em {
                    let spaces = target.saturating_sub(col).max(2);
                    push_spaces(out, spaces);
                    col += spaces;
                } else if gap > 0.25 * em
                    && !prev.text.ends_with(' ')
                    && !glyph.text.starts_with(' ')
                {
                    out.push(' ');
                    col += 1;
                }
            } else {
                push_spaces(out, target);
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
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}
