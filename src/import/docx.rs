//! Word (.docx) attachments: the paragraphs and tables of `word/document.xml`. A horizontally
//! merged cell (`gridSpan`) is one cell; a vertically merged continuation (`vMerge` without
//! `restart`) holds nothing and is left out, as a merged cell is printed once.

use std::io::Read;

use roxmltree::{Document, Node};

const WORD: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The document's text: paragraphs as lines, table rows as `a | b | … |`.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a Word file: {e}"))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| format!("not a Word file: {e}"))?
        .take(256 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| format!("unreadable word/document.xml: {e}"))?;
    let document =
        Document::parse(&xml).map_err(|e| format!("malformed word/document.xml: {e}"))?;
    let mut out = String::new();
    if let Some(body) = document.descendants().find(|n| is(n, "body")) {
        blocks(body, &mut out);
    }
    Ok(out)
}

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(WORD)
}

fn blocks(parent: Node, out: &mut String) {
    for child in parent.children() {
        if is(&child, "p") {
            out.push_str(&paragraph_text(child));
            out.push('\n');
        } else if is(&child, "tbl") {
            table(child, out);
        } else if child.is_element() {
            blocks(child, out);
        }
    }
}

fn paragraph_text(paragraph: Node) -> String {
    paragraph
        .descendants()
        .filter(|n| is(n, "t"))
        .filter_map(|n| n.text())
        .collect()
}

fn table(tbl: Node, out: &mut String) {
    for row in tbl.children().filter(|n| is(n, "tr")) {
        let cells: Vec<String> = row
            .children()
            .filter(|n| is(n, "tc"))
            .filter(|cell| !continues_vertical_merge(cell))
            .map(|cell| {
                let text: Vec<String> = cell
                    .descendants()
                    .filter(|n| is(n, "p"))
                    .map(paragraph_text)
                    .collect();
                text.join("").replace('|', "/").trim().to_owned()
            })
            .collect();
        out.push_str(&cells.join(" | "));
        out.push_str(" |\n");
    }
}

fn continues_vertical_merge(cell: &Node) -> bool {
    cell.descendants()
        .find(|n| is(n, "vMerge"))
        .is_some_and(|merge| {
            merge
                .attribute((WORD, "val"))
                .is_none_or(|v| v == "continue")
        })
}
