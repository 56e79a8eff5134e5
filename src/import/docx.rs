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
    let mut xml = Vec::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| format!("not a Word file: {e}"))?
        .take(256 * 1024 * 1024)
        .read_to_end(&mut xml)
        .map_err(|e| format!("unreadable word/document.xml: {e}"))?;
    // Validated with SIMD: `read_to_string` checks the UTF-8 a byte at a time.
    let xml = simdutf8::basic::from_utf8(&xml)
        .map_err(|_| "unreadable word/document.xml: not UTF-8".to_owned())?;
    document_text(xml)
}

/// The text of `word/document.xml`.
fn document_text(xml: &str) -> Result<String, String> {
    let document = Document::parse(xml).map_err(|e| format!("malformed word/document.xml: {e}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A `document.xml` with `body` inside its body element.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD}" xmlns:o="urn:other"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(properties: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{properties}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_are_lines_and_runs_join() {
        let body = format!(
            "{}<w:p><w:r><w:t>二、主动</w:t></w:r><w:r><w:t xml:space=\"preserve\">公开 </w:t></w:r></w:p><w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt>",
            p("一、总体情况"),
            p("在内容控件里")
        );
        assert_eq!(
            document_text(&document(&body)).unwrap(),
            "一、总体情况\n二、主动公开 \n在内容控件里\n"
        );
    }

    #[test]
    fn references_are_decoded_and_other_namespaces_ignored() {
        let body =
            "<w:p><w:r><w:t>A&amp;B &#x4E00;&#20108;&lt;</w:t><o:t>不是正文</o:t></w:r></w:p>";
        assert_eq!(document_text(&document(body)).unwrap(), "A&B 一二<\n");
    }

    #[test]
    fn rows_are_pipe_lines_with_merged_cells_once() {
        let row1 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc(r#"<w:vMerge w:val="restart"/>"#, "行政许可"),
            tc(r#"<w:gridSpan w:val="2"/>"#, "12"),
            tc("", "a|b")
        );
        let row2 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("<w:vMerge/>", ""),
            tc(r#"<w:vMerge w:val="continue"/>"#, ""),
            tc("", " 3 ")
        );
        let body = format!("<w:tbl><w:tblPr/>{row1}{row2}</w:tbl>{}", p("表后"));
        assert_eq!(
            document_text(&document(&body)).unwrap(),
            "行政许可 | 12 | a/b |\n3 |\n表后\n"
        );
    }

    #[test]
    fn a_table_in_a_cell_is_read_as_the_cells_text() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc("", "内"),
            tc("", "表")
        );
        let cell = format!("<w:tc>{}{inner}</w:tc>", p("外"));
        let body = format!("<w:tbl><w:tr>{cell}{}</w:tr></w:tbl>", tc("", "1"));
        assert_eq!(document_text(&document(&body)).unwrap(), "外内表 | 1 |\n");
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let error = document_text(&document("<w:p><w:t>未闭合</w:p>")).unwrap_err();
        assert!(error.starts_with("malformed word/document.xml"), "{error}");
    }
}
