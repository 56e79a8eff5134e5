//! The rule catalog for `xxgk rules`: an aligned table, or JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostics::{CATALOG, Lang, RuleInfo};

/// The catalog as a table: a header, then one line per rule, columns aligned. The title comes
/// last, so that its Chinese characters (two columns wide on a terminal) shift nothing.
pub fn write_table(out: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let header = match lang {
        Lang::Zh => ["代码", "名称", "严重性", "类别", "版式", "标题"],
        Lang::En => ["code", "name", "severity", "family", "editions", "title"],
    };
    let header = header.map(str::to_owned);
    let rows: Vec<[String; 6]> = CATALOG.iter().map(|info| row(info, lang)).collect();
    let lines = || std::iter::once(&header).chain(&rows);
    let mut widths = [0; 5];
    for (column, width) in widths.iter_mut().enumerate() {
        *width = lines()
            .map(|cells| display_width(&cells[column]))
            .max()
            .unwrap_or(0);
    }
    for cells in lines() {
        let mut line = String::new();
        for (column, width) in widths.iter().enumerate() {
            let cell = &cells[column];
            let padding = width - display_width(cell);
            line.push_str(cell);
            line.push_str(&" ".repeat(padding + 2));
        }
        line.push_str(&cells[5]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn row(info: &RuleInfo, lang: Lang) -> [String; 6] {
    let title = match lang {
        Lang::Zh => info.title_zh,
        Lang::En => info.title_en,
    };
    [
        info.code.to_owned(),
        info.name.to_owned(),
        info.severity.name().to_owned(),
        info.family.name().to_owned(),
        editions(info).join(","),
        title.to_owned(),
    ]
}

/// Columns a text takes on a terminal: CJK characters (the Chinese header) take two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn editions(info: &RuleInfo) -> Vec<&'static str> {
    info.editions.iter().map(|e| e.tag()).collect()
}

/// The catalog as one JSON array, every field of every rule, in code order.
pub fn write_json(out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = CATALOG.iter().map(rule_json).collect();
    serde_json::to_writer_pretty(&mut *out, &rules)?;
    writeln!(out)
}

fn rule_json(info: &RuleInfo) -> Value {
    json!({
        "code": info.code,
        "name": info.name,
        "family": info.family.name(),
        "severity": info.severity.name(),
        "editions": editions(info),
        "title_zh": info.title_zh,
        "title_en": info.title_en,
        "message_zh": info.message_zh,
        "message_en": info.message_en,
        "reference": info.reference,
    })
}
