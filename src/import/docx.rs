//! Word (.docx) attachments: the paragraphs and tables of `word/document.xml`. A horizontally
//! merged cell (`gridSpan`) is one cell; a vertically merged continuation (`vMerge` without
//! `restart`) holds nothing and is left out, as a merged cell is printed once.

use std::io::Read;

use roxmltree::{Document, Node, ParsingOptions};

use super::limits::{Limit, MAX_INFLATED_BYTES, MAX_XML_NODES};
use crate::diagnostics::{Diagnostic, Rule};

const WORD: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The document's text: paragraphs as lines, table rows as `a | b | … |`. A file that is not a
/// Word file, or whose `word/document.xml` is over the limits (inflated size, XML nodes), is
/// refused with the diagnostic saying why.
pub fn to_text(bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    let unreadable =
        |detail: String| Box::new(Diagnostic::new(Rule::IoError, "").arg("detail", detail));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not a Word file: {e}")))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|e| unreadable(format!("not a Word file: {e}")))?;
    // The size the archive announces refuses a zip bomb before anything is inflated; the read
    // is still capped, as the announcement may lie.
    let announced = entry.size();
    if announced > MAX_INFLATED_BYTES {
        return Err(Box::new(Limit::InflatedBytes.exceeded()));
    }
    let mut xml = Vec::with_capacity(announced as usize + 1);
    entry
        .take(announced + 1)
        .read_to_end(&mut xml)
        .map_err(|e| unreadable(format!("unreadable word/document.xml: {e}")))?;
    if xml.len() as u64 > announced {
        return Err(unreadable(
            "unreadable word/document.xml: it inflates to more than the archive says".to_owned(),
        ));
    }
    // Validated with SIMD: `read_to_string` checks the UTF-8 a byte at a time.
    let xml = simdutf8::basic::from_utf8(&xml)
        .map_err(|_| unreadable("unreadable word/document.xml: not UTF-8".to_owned()))?;
    document_text(xml)
}

/// The text of `word/document.xml`.
fn document_text(xml: &str) -> Result<String, Box<Diagnostic>> {
    document_text_within(xml, MAX_XML_NODES)
}

/// The text of `word/document.xml`, refused past `nodes_limit` XML nodes.
fn document_text_within(xml: &str, nodes_limit: u32) -> Result<String, Box<Diagnostic>> {
    let options = ParsingOptions {
        nodes_limit,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(xml, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => Box::new(Limit::XmlNodes.exceeded()),
        e => Box::new(
            Diagnostic::new(Rule::IoError, "")
                .arg("detail", format!("malformed word/document.xml: {e}")),
        ),
    })?;
    let mut out = String::new();
    if let Some(body) = document.descendants().find(|n| is(n, "body")) {
        blocks(body, &mut out);
    }
    Ok(out)
}

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(WORD)
}

/// The paragraphs and tables under `parent`, in document order, however deeply other elements
/// (content controls, custom XML) wrap them. The walk keeps its own stack, one entry per
/// level, instead of recursing: a file may nest elements many thousands deep.
fn blocks(parent: Node, out: &mut String) {
    let mut levels = vec![parent.children()];
    while let Some(children) = levels.last_mut() {
        let Some(child) = children.next() else {
            levels.pop();
            continue;
        };
        if is(&child, "p") {
            out.push_str(&paragraph_text(child));
            out.push('\n');
        } else if is(&child, "tbl") {
            table(child, out);
        } else if child.is_element() {
            levels.push(child.children());
        }
    }
}

/// The text of a paragraph's runs, those of paragraphs inside it (a text box) included.
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
                let mut text = String::new();
                outermost_paragraphs(cell, |paragraph| text.push_str(&paragraph_text(paragraph)));
                text.replace('|', "/").trim().to_owned()
            })
            .collect();
        out.push_str(&cells.join(" | "));
        out.push_str(" |\n");
    }
}

/// The paragraphs under `node` that are not inside another of them, in document order: a
/// paragraph inside a paragraph (a text box) is read with the one that holds it, once, as in the
/// body; reading it again for itself would make the text grow with the square of the nesting.
fn outermost_paragraphs<'a, 'input>(
    node: Node<'a, 'input>,
    mut each: impl FnMut(Node<'a, 'input>),
) {
    let mut descendants = node.descendants();
    while let Some(next) = descendants.next() {
        if is(&next, "p") {
            each(next);
            // A subtree is a run of the document's nodes: skip the rest of the paragraph's.
            let rest = next.descendants().len() - 1;
            if rest > 0 {
                descendants.nth(rest - 1);
            }
        }
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
        assert_eq!(error.rule, Rule::IoError);
        let detail = error.args["detail"].as_str().unwrap();
        assert!(
            detail.starts_with("malformed word/document.xml"),
            "{detail}"
        );
    }

    /// Content controls nested 100,000 deep: the walk does not recurse, so it cannot overflow
    /// the stack (the recursive walk aborted the process at about 6,000 levels).
    #[test]
    fn elements_nested_very_deep_are_walked_without_recursion() {
        let depth = 100_000;
        let body = format!(
            "{}{}{}",
            "<w:sdt>".repeat(depth),
            p("深处"),
            "</w:sdt>".repeat(depth)
        );
        assert_eq!(document_text(&document(&body)).unwrap(), "深处\n");
    }

    /// Paragraphs nested in paragraphs inside a cell (text boxes) are read once, with the
    /// outermost, in time linear in their number (reading each for itself was quadratic).
    #[test]
    fn paragraphs_in_paragraphs_of_a_cell_are_read_once() {
        let text_box = format!(
            "<w:r><w:t>外</w:t><w:txbxContent>{}</w:txbxContent></w:r>",
            p("框")
        );
        let cell = format!("<w:tc><w:p>{text_box}</w:p></w:tc>");
        let body = format!("<w:tbl><w:tr>{cell}{}</w:tr></w:tbl>", tc("", "1"));
        assert_eq!(document_text(&document(&body)).unwrap(), "外框 | 1 |\n");

        let depth = 20_000;
        let nested = format!(
            "<w:tc>{}<w:r><w:t>7</w:t></w:r>{}</w:tc>",
            "<w:p>".repeat(depth),
            "</w:p>".repeat(depth)
        );
        let body = format!("<w:tbl><w:tr>{nested}</w:tr></w:tbl>");
        assert_eq!(document_text(&document(&body)).unwrap(), "7 |\n");
    }

    #[test]
    fn a_document_over_the_node_limit_is_refused() {
        let xml = document(&p("一"));
        let error = document_text_within(&xml, 5).unwrap_err();
        assert_eq!(error.rule, Rule::OverLimit);
        assert!(document_text_within(&xml, 100).is_ok());
    }
}
