//! HTML pages as agencies publish them: the report inside page chrome, Word content pasted into a
//! CMS (tables with merged cells, `&nbsp;` blanks, paragraphs inside cells, nested tables), in
//! UTF-8 or GBK.

use scraper::{ElementRef, Html, Node};

/// The page's text: the byte order mark, then `<meta charset>`, then the bytes themselves decide
/// (valid UTF-8, else GB18030, the superset of GBK and GB2312).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode(bytes).0.into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head
        .split("charset=")
        .nth(1)
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = match declared {
        Some(encoding) if encoding == encoding_rs::GBK || encoding.name() == "gb18030" => {
            encoding_rs::GB18030
        }
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    encoding.decode(bytes).0.into_owned()
}

/// The page as lines: block elements on lines of their own, each table row as `a | b | … |`
/// (a merged cell once, where it starts); the cells of layout tables are read as page content.
/// Scripts, styles and navigation are dropped.
pub fn to_text(page: &str) -> String {
    let document = Html::parse_document(page);
    let mut out = String::new();
    walk(document.root_element(), 0, &mut out);
    out
}

/// Beyond this depth an element's text is taken whole: real pages nest a few dozen levels, and
/// recursion must not be what a hostile page can exhaust.
const MAX_DEPTH: usize = 200;

const SKIPPED: [&str; 8] = [
    "script", "style", "noscript", "nav", "header", "footer", "select", "button",
];
const BLOCKS: [&str; 14] = [
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr", "title",
];

fn walk(element: ElementRef, depth: usize, out: &mut String) {
    let name = element.value().name();
    if SKIPPED.contains(&name) {
        return;
    }
    if depth > MAX_DEPTH {
        out.extend(element.text());
        return;
    }
    if name == "table" {
        table(element, depth, out);
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        out.push('\n');
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&text.replace(['\n', '\r', '\t'], " ")),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    if block {
        out.push('\n');
    }
}

fn table(element: ElementRef, depth: usize, out: &mut String) {
    out.push('\n');
    let rows = element
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "tr");
    for row in rows {
        // Rows of a nested table belong to the innermost table: skip them here.
        let owner = row
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "table");
        if owner != Some(element) {
            continue;
        }
        let cells: Vec<ElementRef> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        // A layout table (a page laid out in table cells) holds the report: read its cells as
        // page content, so the tables inside them become rows of their own.
        let holds_tables = |cell: &ElementRef| {
            cell.descendants()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "table")
        };
        if cells.iter().any(holds_tables) {
            for cell in cells {
                walk(cell, depth + 1, out);
                out.push('\n');
            }
        } else if !cells.is_empty() {
            let texts: Vec<String> = cells.into_iter().map(cell_text).collect();
            out.push_str(&texts.join(" | "));
            out.push_str(" |\n");
        }
    }
}

/// A cell's text on one line (paragraphs inside a cell joined), `|` removed so it cannot split.
fn cell_text(cell: ElementRef) -> String {
    let text: Vec<&str> = cell
        .text()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    text.join("")
        .replace('|', "/")
        .replace('\u{a0}', " ")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_pipe_rows_with_blanks_kept() {
        let page = "<html><body><nav>首页</nav><p>一、总体情况</p><table><tr><td rowspan=2>规章</td><td>0</td><td>&nbsp;</td><td><p>1</p><p>2</p></td></tr></table><script>x()</script></body></html>";
        let text = to_text(page);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, ["一、总体情况", "规章 | 0 |  | 12 |"]);
    }

    #[test]
    fn gbk_pages_are_decoded() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<html><head><meta charset=\"gb2312\"></head><body>行政许可</body></html>");
        assert!(decode(&bytes).contains("行政许可"));
        let (undeclared, _, _) = encoding_rs::GBK.encode("<p>行政处罚</p>");
        assert!(decode(&undeclared).contains("行政处罚"));
    }
}
