//! What a report says about itself: its six sections, year, period, agency, publication date —
//! and text a mirror site spliced in.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::check::{Diagnostic, Rule};
use crate::model::ReportYear;

/// The section headings' numbers and the words that tell them from table rows (`三、本年度办理结果`
/// is a table row, `三、收到和处理政府信息公开申请情况` a heading).
const HEADINGS: [(char, &[&str]); 6] = [
    ('一', &["总体情况", "概述"]),
    ('二', &["主动公开"]),
    ('三', &["收到", "依申请", "申请情况"]),
    ('四', &["复议", "诉讼"]),
    ('五', &["问题", "改进"]),
    ('六', &["其他需要报告", "其他事项"]),
];

/// The keys of the six sections in the canonical document.
const SECTION_KEYS: [&str; 6] = [
    "overview",
    "proactive_disclosure",
    "applications",
    "appeals",
    "problems_and_improvements",
    "other_matters",
];

/// Where the section headings are (1-based line numbers).
#[derive(Debug, Clone, Default)]
pub struct Sections {
    lines: [Option<usize>; 6],
    /// The report's title line, when printed before section 一.
    title: Option<usize>,
    pub headings_found: usize,
}

/// Page chrome that CMS pages print around a report: never part of its prose.
const CHROME: [&str; 9] = [
    "分享到",
    "发布时间",
    "当前位置",
    "字号",
    "【打印",
    "打印本页",
    "关闭窗口",
    "无障碍",
    "来源：",
];

impl Sections {
    /// The line of heading `n` (1–6).
    pub fn heading_line(&self, n: usize) -> Option<usize> {
        self.lines[n - 1]
    }

    /// The prose of each section: its lines minus the headings, the table rows (lines with `|`)
    /// and the lines the tables span.
    pub fn prose(&self, text: &str, table_spans: &[(u8, Range<usize>)]) -> Value {
        let lines: Vec<&str> = text.lines().collect();
        let in_table = |line: usize| table_spans.iter().any(|(_, span)| span.contains(&line));
        let mut sections = Map::new();
        let first_heading = self.lines.iter().flatten().min().copied();
        if let Some(first) = first_heading {
            let start = self.title.map_or(1, |title| title + 1);
            let preamble = collect(&lines, start..first, &in_table);
            if !preamble.is_empty() {
                sections.insert("preamble".into(), json!(preamble));
            }
        }
        for (n, key) in SECTION_KEYS.iter().enumerate() {
            let Some(start) = self.lines[n] else { continue };
            let end = self
                .lines
                .iter()
                .flatten()
                .filter(|&&l| l > start)
                .min()
                .copied()
                .unwrap_or(lines.len() + 1);
            let prose = collect(&lines, start + 1..end, &in_table);
            if !prose.is_empty() {
                sections.insert((*key).into(), json!(prose));
            }
        }
        Value::Object(sections)
    }
}

fn collect(lines: &[&str], range: Range<usize>, in_table: &dyn Fn(usize) -> bool) -> String {
    range
        .filter(|&n| !in_table(n))
        .filter_map(|n| lines.get(n - 1))
        .map(|line| line.trim())
        .filter(|line| !line.is_empty() && !line.contains('|'))
        .filter(|line| line.len() > 240 || !CHROME.iter().any(|chrome| line.contains(chrome)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finds the section headings: `一、…` lines with a heading's words, each after the previous.
pub fn sections(text: &str) -> Sections {
    let mut found = Sections::default();
    let mut after = 0;
    let title = text
        .lines()
        .take(60)
        .position(|line| title_in(line).is_some());
    for (n, (numeral, words)) in HEADINGS.iter().enumerate() {
        let heading = text.lines().enumerate().skip(after).find(|(_, line)| {
            let line = line.trim_start();
            line.starts_with(*numeral)
                && line[numeral.len_utf8()..].starts_with(['、', ',', '.', '．'])
                && words.iter().any(|w| line.contains(w))
                && line.chars().count() < 60
        });
        if let Some((index, _)) = heading {
            found.lines[n] = Some(index + 1);
            found.headings_found += 1;
            after = index + 1;
        }
    }
    found.title = title
        .map(|index| index + 1)
        .filter(|&line| found.lines[0].is_none_or(|first| line < first));
    found
}

/// Report metadata found in the text.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub year: Option<ReportYear>,
    pub period: Option<(String, String)>,
    pub agency: Option<String>,
    pub published_on: Option<String>,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

fn period_pattern() -> &'static Regex {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    regex(
        &PERIOD,
        r"(\d{4})年1月1日(?:起)?\s*(?:至|到|-)\s*(?:(\d{4})年)?12月31日",
    )
}

fn title_pattern() -> &'static Regex {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    regex(
        &TITLE,
        r"^\s*(.{0,40}?)\s*(\d{4})\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告",
    )
}

/// The title's parts, when `line` is a report's title. Every title says 信息公开: looking for it
/// first spares the pattern nearly every line.
fn title_in(line: &str) -> Option<regex::Captures<'_>> {
    line.contains("信息公开")
        .then(|| title_pattern().captures(line))
        .flatten()
}

/// The site owner, when `line` is a page footer's 主办单位 line (looked for literally first: the
/// pattern, anchored at the end of the line, would read every line backwards).
fn footer_in(line: &str) -> Option<regex::Captures<'_>> {
    line.contains("主办单位")
        .then(|| footer_pattern().captures(line))
        .flatten()
}

fn published_pattern() -> &'static Regex {
    static PUBLISHED: OnceLock<Regex> = OnceLock::new();
    regex(
        &PUBLISHED,
        r"发布(?:时间|日期)\s*[:：]\s*(\d{4})-(\d{2})-(\d{2})",
    )
}

fn footer_pattern() -> &'static Regex {
    static FOOTER: OnceLock<Regex> = OnceLock::new();
    regex(&FOOTER, r"主办单位\s*[:：]\s*(.+?)(?:办公室)?\s*$")
}

/// Runs of the words, digits and Latin letters that gambling mirrors splice into agency names
/// and prose ("365体育世界杯专用版_365bet娱乐app_best365官网体育投注").
fn spam_pattern() -> &'static Regex {
    static SPAM: OnceLock<Regex> = OnceLock::new();
    regex(
        &SPAM,
        r"(?:[0-9A-Za-z_]|体育|世界杯|专用版|娱乐|官网|投注|博彩|棋牌|彩票|百家乐|老虎机|真人|视讯|下载)+",
    )
}

/// Words no report uses, found in every spam brand seen on mirrors (ASCII case ignored).
fn telling_pattern() -> &'static Regex {
    static TELLING: OnceLock<Regex> = OnceLock::new();
    regex(
        &TELLING,
        "(?i:bet)|投注|博彩|棋牌|百家乐|老虎机|世界杯专用版",
    )
}

/// The spam in a line, if any: a run of those words holding one that no report uses.
fn spam_in(line: &str) -> Option<&str> {
    // Nearly no line is spam: only a line holding a telling word is cut into runs.
    if !telling_pattern().is_match(line) {
        return None;
    }
    spam_pattern()
        .find_iter(line)
        .map(|m| m.as_str())
        .find(|run| telling_pattern().is_match(run))
}

/// Reads the year, period, agency and publication date, reporting spliced-in spam.
pub fn read(text: &str, sections: &Sections, diagnostics: &mut Vec<Diagnostic>) -> Metadata {
    let mut meta = Metadata::default();
    let spammed = telling_pattern().is_match(text);
    for (index, line) in text.lines().enumerate().filter(|_| spammed) {
        if let Some(spam) = spam_in(line) {
            diagnostics.push(
                Diagnostic::new(Rule::MirrorDamage, "")
                    .arg("line", index + 1)
                    .arg("text", spam),
            );
        }
    }
    if let Some(caps) = period_pattern().captures(text) {
        let start: u16 = caps[1].parse().unwrap_or_default();
        let end = caps
            .get(2)
            .map_or(start, |m| m.as_str().parse().unwrap_or_default());
        if start == end {
            meta.year = ReportYear::new(start);
            meta.period = Some((format!("{start}-01-01"), format!("{start}-12-31")));
        }
    }
    let title = text.lines().take(40).find_map(title_in);
    if let Some(caps) = &title {
        meta.year = meta
            .year
            .or_else(|| caps[2].parse().ok().and_then(ReportYear::new));
        let name = caps[1].trim().trim_end_matches(['：', ':']);
        if name.chars().count() >= 4 && spam_in(name).is_none() && !name.contains("关于") {
            meta.agency = Some(official_parentheses(name));
        }
    }
    if meta.year.is_none() {
        meta.year = year_of_overview(text, sections);
    }
    if meta.agency.is_none() {
        meta.agency = text
            .lines()
            .find_map(footer_in)
            .map(|caps| official_parentheses(caps[1].trim()))
            .filter(|name| spam_in(name).is_none());
    }
    meta.published_on = published_pattern()
        .captures(text)
        .map(|caps| format!("{}-{}-{}", &caps[1], &caps[2], &caps[3]));
    if meta.year.is_none() {
        diagnostics.push(missing("报告年度", "report year", "/report_year"));
    }
    if meta.agency.is_none() {
        diagnostics.push(missing("发布机关名称", "agency name", "/agency"));
    }
    meta
}

/// Names of Chinese agencies are written with full-width parentheses.
fn official_parentheses(name: &str) -> String {
    name.replace('(', "（").replace(')', "）")
}

fn missing(zh: &str, en: &str, pointer: &str) -> Diagnostic {
    Diagnostic::new(Rule::MetadataMissing, pointer)
        .arg("field_zh", zh)
        .arg("field_en", en)
}

/// "2022年，区政府办公室…": the year a report's overview opens with.
fn year_of_overview(text: &str, sections: &Sections) -> Option<ReportYear> {
    static OPENING: OnceLock<Regex> = OnceLock::new();
    let opening = regex(&OPENING, r"^\s*(\d{4})年(?:度)?[,，]");
    let start = sections.heading_line(1)?;
    text.lines()
        .skip(start)
        .take(3)
        .find_map(|line| opening.captures(line))
        .and_then(|caps| caps[1].parse().ok())
        .and_then(ReportYear::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_told_from_table_rows() {
        let text = "一、总体情况\n文字\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n三、本年度办理结果\n四、结转下年度继续办理\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项";
        let found = sections(text);
        let lines: Vec<Option<usize>> = (1..=6).map(|n| found.heading_line(n)).collect();
        assert_eq!(
            lines,
            [Some(1), Some(3), Some(4), Some(7), Some(8), Some(9)]
        );
    }

    #[test]
    fn spam_in_a_name_is_found() {
        let line =
            "请与武汉365体育世界杯专用版_365bet娱乐app_best365官网体育投注(汉南区)行政审批局联系";
        assert_eq!(
            spam_in(line),
            Some("365体育世界杯专用版_365bet娱乐app_best365官网体育投注")
        );
        assert_eq!(spam_in("武汉经济技术开发区(汉南区)行政审批局"), None);
        assert_eq!(spam_in("开展全民健身体育活动，下载APP办理"), None);
    }
}
