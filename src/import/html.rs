//! HTML pages as agencies publish them: the report inside page chrome, Word content pasted into a
//! CMS (tables with merged cells, `&nbsp;` blanks, paragraphs inside cells, nested tables), in
//! UTF-8 or GBK.

use std::borrow::Cow;
use std::convert::Infallible;

use html5gum::{Emitter, Error, State, Tokenizer, naive_next_state};

use super::limits::Limit;
use crate::diagnostics::Diagnostic;

/// A page's text and, when its `<meta charset>` names an encoding its bytes are not in, that
/// declaration and the encoding used instead.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub lie: Option<(String, &'static str)>,
}

/// The page's text: the byte order mark, then the bytes themselves decide — UTF-8 when they are
/// valid UTF-8, else the declared charset when they are valid in it, else GB18030 (the superset
/// of GBK and GB2312). A declared UTF-16 is read as UTF-8, as browsers do: a page
/// that could say so in ASCII is not UTF-16.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Decoded {
            text: encoding.decode(bytes).0,
            lie: None,
        };
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.split("charset=").nth(1).map(|rest| {
        rest.trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    let declared_encoding = declared
        .as_deref()
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .map(|encoding| match encoding {
            e if e == encoding_rs::GBK => encoding_rs::GB18030,
            e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
            e => e,
        });
    // Text in GBK is next to never valid UTF-8, while UTF-8 text is often valid GB18030: valid
    // UTF-8 is UTF-8 whatever the page declares.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        let lie = declared_encoding
            .filter(|&e| e != encoding_rs::UTF_8 && !bytes.is_ascii())
            .and(declared);
        return Decoded {
            text: Cow::Borrowed(text),
            lie: lie.map(|label| (label, encoding_rs::UTF_8.name())),
        };
    }
    if let Some(encoding) = declared_encoding.filter(|&e| e != encoding_rs::UTF_8)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Decoded { text, lie: None };
    }
    Decoded {
        text: encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
        lie: declared_encoding
            .filter(|&e| e != encoding_rs::GB18030)
            .and(declared)
            .map(|label| (label, encoding_rs::GB18030.name())),
    }
}

/// The page as lines: block elements on lines of their own, each table row as `a | b | … |`
/// (a merged cell once, where it starts); the cells of layout tables are read as page content.
/// Scripts, styles and navigation are dropped.
///
/// The page is tokenized (html5gum) and read in one pass, without building a document tree:
/// reading a page as text needs only its tags and text, and a tree of a Word-pasted page, most
/// of whose bytes are inline `style` attributes, cost five times the rest of an import.
///
/// Tables may nest [`MAX_TABLE_NESTING`] deep: a page nesting them deeper is refused (X006).
pub fn to_text(page: &str) -> Result<String, Box<Diagnostic>> {
    let mut text = PageText::default();
    let lexer = Lexer {
        page: &mut text,
        tag: Vec::new(),
        end_tag: false,
        last_start_tag: Vec::new(),
        pending: Vec::new(),
        attributes: Vec::new(),
    };
    match Tokenizer::new_with_emitter(page, lexer).finish() {
        Ok(()) => {}
        Err(never) => match never {},
    }
    text.finish()
}

/// Tables open at once: each costs the reading a little memory, and pages nest a handful.
pub const MAX_TABLE_NESTING: usize = 256;

/// What a tag means for the page's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Table,
    Row,
    RowGroup,
    Cell,
    /// Starts and ends a line.
    Block,
    /// Sets its text apart from what is around it (a footnote mark: `9<sup>1</sup>`).
    Mark,
    /// Never report content: scripts, styles, navigation, controls.
    Skipped,
    Inline,
}

fn classify(name: &[u8]) -> Tag {
    match name {
        b"table" => Tag::Table,
        b"tr" => Tag::Row,
        b"thead" | b"tbody" | b"tfoot" => Tag::RowGroup,
        b"td" | b"th" => Tag::Cell,
        b"p" | b"div" | b"br" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"li"
        | b"section" | b"article" | b"title" => Tag::Block,
        b"sup" | b"sub" => Tag::Mark,
        b"script" | b"style" | b"noscript" | b"template" | b"nav" | b"header" | b"footer"
        | b"select" | b"button" | b"iframe" => Tag::Skipped,
        _ => Tag::Inline,
    }
}

/// The text of a page, built as its tags and text arrive.
#[derive(Default)]
struct PageText {
    out: String,
    skipping: Option<Skipped>,
    /// The open tables, innermost last.
    tables: Vec<Table>,
    /// A table opened inside [`MAX_TABLE_NESTING`] others: the page is refused.
    too_deep: bool,
}

/// The skipped element being read through, and how deeply it nests in itself.
struct Skipped {
    name: Vec<u8>,
    depth: usize,
}

/// An open table: the cells of its current row, until the row ends.
#[derive(Default)]
struct Table {
    cells: Vec<Cell>,
    open: Option<Cell>,
    /// The current row holds a table: its cells are page content, written as they come.
    layout: bool,
}

/// A cell's text, kept two ways until its row shows whether it is a table cell or a layout cell.
#[derive(Default)]
struct Cell {
    /// As a table cell, on one line: its text pieces trimmed and joined — with one space where
    /// the page shows them apart (spaces, a line break or paragraph, a footnote mark), so that
    /// `<p>9</p><p>9</p>` never reads as 99; spans that touch (`<span>1</span><span>2</span>`)
    /// read whole.
    joined: String,
    /// The next piece is shown apart from the last one.
    apart: bool,
    /// As page content: with its line breaks.
    content: String,
}

impl Cell {
    fn push(&mut self, text: &str) {
        let piece = text.trim();
        if piece.is_empty() {
            self.apart |= !text.is_empty();
        } else {
            if !self.joined.is_empty() && (self.apart || text.starts_with(char::is_whitespace)) {
                self.joined.push(' ');
            }
            self.joined.push_str(piece);
            self.apart = text.ends_with(char::is_whitespace);
        }
        self.content.push_str(text);
    }
}

impl PageText {
    /// One text node, outside skipped elements.
    fn text(&mut self, text: &str) {
        if let Some(table) = self.tables.last_mut()
            && table.open.is_none()
        {
            self.stray_table_text(text);
            return;
        }
        match self.buffering_cell() {
            Some(cell) => cell.push(text),
            None => self.out.push_str(text),
        }
    }

    /// Text in a table but in none of its cells (a caption, or markup browsers move out of the
    /// table): a line of its own, never part of a row.
    fn stray_table_text(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.out.push('\n');
            self.out.push_str(text);
            self.out.push('\n');
        }
    }

    /// A `<meta>` tag that a government CMS declares (《政府网站发展指引》, 国办发〔2017〕47号):
    /// written as the line the page would print for it, where the text importer reads
    /// metadata — the article's title, 发布时间, 来源 and 网站标识码.
    fn declared(&mut self, attributes: &[(Vec<u8>, Vec<u8>)]) {
        let value = |key: &[u8]| {
            attributes
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| String::from_utf8_lossy(value).trim().to_owned())
        };
        let (Some(name), Some(content)) = (value(b"name"), value(b"content")) else {
            return;
        };
        let line = match name.to_ascii_lowercase().as_str() {
            "articletitle" => content,
            "pubdate" => format!("发布时间：{content}"),
            "contentsource" => format!("来源：{content}"),
            "siteidcode" => format!("网站标识码：{content}"),
            _ => return,
        };
        if !line.trim().is_empty() && self.tables.is_empty() {
            self.out.push('\n');
            self.out.push_str(&line.replace('\n', " "));
            self.out.push('\n');
        }
    }

    fn start_tag(&mut self, name: &[u8]) {
        if let Some(skipped) = &mut self.skipping {
            if skipped.name == name {
                skipped.depth += 1;
            }
            return;
        }
        let in_table = !self.tables.is_empty();
        match classify(name) {
            Tag::Skipped => {
                self.skipping = Some(Skipped {
                    name: name.to_vec(),
                    depth: 1,
                });
            }
            Tag::Table => self.open_table(),
            Tag::Row if in_table => self.end_row(),
            Tag::Cell => self.open_cell(),
            Tag::Block | Tag::Row => self.line_break(),
            Tag::Mark => self.set_apart(),
            Tag::RowGroup | Tag::Inline => {}
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        if let Some(skipped) = &mut self.skipping {
            if skipped.name == name {
                skipped.depth -= 1;
                if skipped.depth == 0 {
                    self.skipping = None;
                }
            }
            return;
        }
        let in_table = !self.tables.is_empty();
        match classify(name) {
            Tag::Table => self.close_table(),
            Tag::Row | Tag::RowGroup if in_table => self.end_row(),
            Tag::Cell => self.end_cell(),
            Tag::Block | Tag::Row => self.line_break(),
            Tag::Mark => self.set_apart(),
            Tag::RowGroup | Tag::Skipped | Tag::Inline => {}
        }
    }

    /// The cell whose text is held back until its row ends.
    fn buffering_cell(&mut self) -> Option<&mut Cell> {
        let table = self.tables.last_mut()?;
        if table.layout {
            return None;
        }
        table.open.as_mut()
    }

    fn line_break(&mut self) {
        match self.buffering_cell() {
            Some(cell) => {
                cell.content.push('\n');
                cell.apart = true;
            }
            None => self.out.push('\n'),
        }
    }

    fn set_apart(&mut self) {
        if let Some(cell) = self.buffering_cell() {
            cell.apart = true;
        }
    }

    fn open_table(&mut self) {
        if self.tables.len() == MAX_TABLE_NESTING {
            self.too_deep = true;
            return;
        }
        if let Some(table) = self.tables.last_mut()
            && table.open.is_some()
            && !table.layout
        {
            // A table inside a cell: the row lays the page out, and its cells are content.
            table.layout = true;
            for cell in table.cells.iter().chain(&table.open) {
                self.out.push_str(&cell.content);
                self.out.push('\n');
            }
            // The open cell goes on: its line ends with the cell.
            self.out.pop();
            table.cells.clear();
        }
        self.out.push('\n');
        self.tables.push(Table::default());
    }

    fn close_table(&mut self) {
        if self.tables.is_empty() {
            return;
        }
        self.end_row();
        self.tables.pop();
    }

    fn open_cell(&mut self) {
        if self.tables.is_empty() {
            return;
        }
        self.end_cell();
        if let Some(table) = self.tables.last_mut() {
            table.open = Some(Cell::default());
        }
    }

    fn end_cell(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = table.open.take() else {
            return;
        };
        if table.layout {
            self.out.push('\n');
        } else {
            table.cells.push(cell);
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        if !table.layout && !table.cells.is_empty() {
            for cell in &table.cells {
                push_row_cell(&mut self.out, &cell.joined);
                self.out.push_str(" | ");
            }
            self.out.pop();
            self.out.push('\n');
        }
        table.cells.clear();
        table.layout = false;
    }

    fn finish(mut self) -> Result<String, Box<Diagnostic>> {
        if self.too_deep {
            return Err(Box::new(Limit::TableNesting.exceeded()));
        }
        while !self.tables.is_empty() {
            self.close_table();
        }
        Ok(self.out)
    }
}

/// A table cell on its row's line: `|` replaced so it cannot split the row.
fn push_row_cell(out: &mut String, joined: &str) {
    let cell = joined.trim();
    if cell.contains(['|', '\u{a0}']) {
        out.push_str(&cell.replace('|', "/").replace('\u{a0}', " "));
    } else {
        out.push_str(cell);
    }
}

/// The tokenizer's side: tag names and text go to [`PageText`]; attributes, comments and doctypes
/// are dropped, since none of them changes how a report reads.
struct Lexer<'a> {
    page: &'a mut PageText,
    tag: Vec<u8>,
    end_tag: bool,
    last_start_tag: Vec<u8>,
    /// Text since the last tag or comment: one text node.
    pending: Vec<u8>,
    /// The attributes of the current tag, kept for `<meta>` only.
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Lexer<'_> {
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if self.page.skipping.is_none() {
            // Line breaks and tabs in HTML text are spacing, not lines. They are ASCII, so
            // replacing them byte by byte keeps the text UTF-8.
            for byte in &mut self.pending {
                if matches!(*byte, b'\n' | b'\r' | b'\t') {
                    *byte = b' ';
                }
            }
            // The page was decoded to a `str` and the tokenizer splits it at ASCII bytes only,
            // so this is valid UTF-8; reading it lossily keeps that from being a reason to panic.
            match simdutf8::basic::from_utf8(&self.pending) {
                Ok(text) => self.page.text(text),
                Err(_) => self.page.text(&String::from_utf8_lossy(&self.pending)),
            }
        }
        self.pending.clear();
    }
}

impl Emitter for Lexer<'_> {
    type Token = Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }

    fn emit_string(&mut self, text: &[u8]) {
        self.pending.extend_from_slice(text);
    }

    fn init_start_tag(&mut self) {
        self.tag.clear();
        self.end_tag = false;
        self.attributes.clear();
    }

    fn init_end_tag(&mut self) {
        self.tag.clear();
        self.end_tag = true;
    }

    fn init_comment(&mut self) {
        self.flush_text();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_text();
        if self.end_tag {
            self.page.end_tag(&self.tag);
            self.last_start_tag.clear();
            None
        } else {
            if self.tag == b"meta" {
                self.page.declared(&self.attributes);
            }
            self.page.start_tag(&self.tag);
            // Script, style and similar elements hold raw text, not markup, up to their end tag.
            let next = naive_next_state(&self.tag);
            if next.is_some() {
                self.last_start_tag.clone_from(&self.tag);
            }
            next
        }
    }

    fn emit_current_comment(&mut self) {}

    fn emit_current_doctype(&mut self) {}

    fn set_self_closing(&mut self) {}

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, name: &[u8]) {
        self.tag.extend_from_slice(name);
    }

    fn push_comment(&mut self, _: &[u8]) {}

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        if self.tag == b"meta" {
            self.attributes.push((Vec::new(), Vec::new()));
        }
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        if let Some((attribute, _)) = self.attributes.last_mut().filter(|_| self.tag == b"meta") {
            attribute.extend(name.iter().map(u8::to_ascii_lowercase));
        }
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        if let Some((_, content)) = self.attributes.last_mut().filter(|_| self.tag == b"meta") {
            content.extend_from_slice(value);
        }
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.end_tag && !self.last_start_tag.is_empty() && self.tag == self.last_start_tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(page: &str) -> Vec<String> {
        to_text(page)
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn tables_become_pipe_rows_with_blanks_kept() {
        let page = "<html><body><nav>首页</nav><p>一、总体情况</p><table><tr><td rowspan=2>规章</td><td>0</td><td>&nbsp;</td><td><p>1</p><p>2</p></td></tr></table><script>x()</script></body></html>";
        assert_eq!(lines(page), ["一、总体情况", "规章 | 0 |  | 1 2 |"]);
    }

    #[test]
    fn cells_read_whole_whatever_the_markup_inside() {
        let page = "<table>\n  <tr>\n    <td><p><span style=\"a:b\">规范性</span></p>\n<p>文件</p></td>\n    <td>3<!-- x -->4</td><td>a|b</td>\n  </tr>\n</table>";
        assert_eq!(lines(page), ["规范性 文件 | 34 | a/b |"]);
        // Word wraps long lines of its HTML: a line break inside a cell is a space, not a row.
        assert_eq!(
            lines("<table><tr><td>商业\n企业</td><td>1</td></tr></table>"),
            ["商业 企业 | 1 |"]
        );
    }

    /// Issue 15: what the page shows apart stays apart, so that no two numbers become one.
    #[test]
    fn numbers_the_page_shows_apart_stay_apart() {
        let cell = |html: &str| lines(&format!("<table><tr><td>{html}</td></tr></table>"));
        for (html, text) in [
            ("9 9", "9 9 |"),
            ("9<br>9", "9 9 |"),
            ("<p>9</p><p>9</p>", "9 9 |"),
            ("9 <span>9</span>", "9 9 |"),
            ("9<sup>1</sup>", "9 1 |"),
            ("<div>1</div><div>0</div>", "1 0 |"),
            ("<span>1</span><span>2</span>", "12 |"),
        ] {
            assert_eq!(cell(html), [text], "{html}");
        }
    }

    #[test]
    fn the_meta_tags_of_government_sites_are_read_as_the_lines_they_stand_for() {
        let page = "<html><head><meta name=\"ArticleTitle\" content=\"示例县财政局2022年政府信息公开工作年度报告\"><META NAME=\"PubDate\" CONTENT=\"2023-01-20 09:30\"><meta name=\"ContentSource\" content=\"示例县财政局\"><meta name=\"SiteIDCode\" content=\"4201130014\"><meta name=\"keywords\" content=\"x\"></head><body><p>正文</p></body></html>";
        assert_eq!(
            lines(page),
            [
                "示例县财政局2022年政府信息公开工作年度报告",
                "发布时间：2023-01-20 09:30",
                "来源：示例县财政局",
                "网站标识码：4201130014",
                "正文"
            ]
        );
    }

    /// Issue 15: a `<meta charset>` that lies loses nothing; it is reported.
    #[test]
    fn the_bytes_decide_when_the_declared_charset_lies() {
        let page = |charset: &str, body: &[u8]| {
            let mut bytes =
                format!("<html><head><meta charset=\"{charset}\"></head><body>").into_bytes();
            bytes.extend_from_slice(body);
            bytes
        };
        let (gbk, _, _) = encoding_rs::GBK.encode("规章 12");
        let utf8_declared_gbk = page("gbk", "规章 12".as_bytes());
        let gbk_declared_utf8 = page("utf-8", &gbk);
        let utf16 = page("utf-16", "规章 12".as_bytes());
        let honest = page("gbk", &gbk);
        for (bytes, lie) in [
            (&utf8_declared_gbk, Some(("gbk".to_owned(), "UTF-8"))),
            (&gbk_declared_utf8, Some(("utf-8".to_owned(), "gb18030"))),
            (&utf16, None),
            (&honest, None),
        ] {
            let decoded = decode(bytes);
            assert!(decoded.text.ends_with("规章 12"), "{}", decoded.text);
            assert_eq!(decoded.lie, lie);
        }
    }

    #[test]
    fn end_tags_browsers_imply_are_implied() {
        let page = "<TABLE><TR><TD>a<TD>b<TR><TD>c</TABLE><p>after";
        assert_eq!(lines(page), ["a | b |", "c |", "after"]);
    }

    #[test]
    fn text_in_a_table_but_in_no_cell_is_a_line_of_its_own() {
        let page = "<table><caption>表四</caption><tr><td>行政复议</td><td>1</td></tr></table>";
        assert_eq!(lines(page), ["表四", "行政复议 | 1 |"]);
    }

    #[test]
    fn a_row_holding_a_table_lays_the_page_out() {
        let page = "<table><tr><td>左栏</td><td><p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr></table><p>二、主动公开</p></td><td>右栏</td></tr></table>";
        assert_eq!(
            lines(page),
            ["左栏", "一、总体情况", "规章 | 1 |", "二、主动公开", "右栏"]
        );
    }

    #[test]
    fn scripts_styles_and_navigation_are_dropped_whole() {
        let page = "<style>td{}</style><nav>首页<nav>内</nav>尾</nav><script>var t = \"<table><tr><td>9</td></tr></table>\";</script><select><option>选项</option></select><p>正文</p>";
        assert_eq!(lines(page), ["正文"]);
    }

    #[test]
    fn references_are_decoded() {
        assert_eq!(lines("<p>结尾&amp;&#20013;&lt;</p>"), ["结尾&中<"]);
    }

    #[test]
    fn gbk_pages_are_decoded() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<html><head><meta charset=\"gb2312\"></head><body>行政许可</body></html>");
        assert!(decode(&bytes).text.contains("行政许可"));
        let (undeclared, _, _) = encoding_rs::GBK.encode("<p>行政处罚</p>");
        assert!(decode(&undeclared).text.contains("行政处罚"));
    }
}
