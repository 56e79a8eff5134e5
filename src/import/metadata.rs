//! What a report says about itself: its six sections, year, period, agency, publication date —
//! and text a mirror site spliced in.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use super::supplied::Supplied;
use crate::diagnostics::{Diagnostic, Rule};
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
const CHROME: [&str; 12] = [
    "分享到",
    "网站标识码",
    "主办单位",
    "承办单位",
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
    // The title printed last before section 一 heads the report; earlier ones are the page's
    // (`<title>`, a breadcrumb).
    let before_first = found.lines[0].map_or(60, |first| first - 1);
    found.title = text
        .lines()
        .take(before_first.min(60))
        .enumerate()
        .filter(|(_, line)| title_in(line).is_some())
        .map(|(index, _)| index + 1)
        .last();
    found
}

/// Report metadata found in the text.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub year: Option<ReportYear>,
    pub period: Option<(String, String)>,
    pub agency: Option<String>,
    /// The agency's level and report kind (schema tags), where its name settles them.
    pub level: Option<&'static str>,
    pub kind: Option<&'static str>,
    /// The 行政区划代码 in the site's 政府网站标识码 (its first six digits).
    pub division_code: Option<String>,
    pub published_on: Option<String>,
    /// The report's address, when supplied.
    pub url: Option<String>,
    /// Where each value was taken from, and what every place states.
    pub from: Vec<Provenance>,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

fn period_pattern() -> &'static Regex {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    regex(
        &PERIOD,
        r"(?-u:\b)(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-)\s*(?:(?-u:\b)(\d{4})\s*年\s*)?12\s*月\s*31\s*日",
    )
}

/// "<agency><year>年度政府信息公开工作年度报告", and "<year>年<agency>政府信息公开工作年度报告".
fn title_patterns() -> &'static [Regex; 3] {
    static TITLES: OnceLock<[Regex; 3]> = OnceLock::new();
    TITLES.get_or_init(|| {
        [
            // A year is four digits of their own (`(?-u:\b)`): not the end of `00012021`.
            r"^\s*(?P<agency>.{0,40}?)\s*(?-u:\b)(?P<year>\d{4})\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告",
            r"^\s*(?P<year>\d{4})\s*年(?:度)?\s*(?P<agency>.{2,40}?)\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告",
            // A title without a year names the agency only when it is the whole line, or the
            // page's <title> with the site's name after a separator.
            r"^\s*(?P<agency>.{2,40}?)\s*政府信息公开工作年度报告\s*(?:[_|｜—-].*)?$",
        ]
        .map(|pattern| Regex::new(pattern).expect("a valid pattern"))
    })
}

/// The printed agency (possibly empty) and year (when printed), when `line` is a report's
/// title. Every title says 信息公开: looking for it first spares the patterns nearly every line.
fn title_in(line: &str) -> Option<(&str, Option<&str>)> {
    if !line.contains("信息公开") {
        return None;
    }
    title_patterns().iter().find_map(|pattern| {
        let caps = pattern.captures(line)?;
        Some((
            caps.name("agency")?.as_str(),
            caps.name("year").map(|year| year.as_str()),
        ))
    })
}

fn published_pattern() -> &'static Regex {
    static PUBLISHED: OnceLock<Regex> = OnceLock::new();
    regex(
        &PUBLISHED,
        r"发布(?:时间|日期)\s*[:：]\s*(\d{4})-(\d{2})-(\d{2})",
    )
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

/// Reads the year, period, agency and publication date, reporting spliced-in spam. Each value is
/// taken from the most authoritative place that prints it — the report's own title first — and
/// a place that prints something else is reported, never silently preferred.
pub fn read(
    text: &str,
    sections: &Sections,
    supplied: &Supplied,
    diagnostics: &mut Vec<Diagnostic>,
) -> Metadata {
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
    let title = find_title(text);
    let period = period_pattern().captures(text).and_then(|caps| {
        let start: u16 = caps[1].parse().ok()?;
        let end = caps
            .get(2)
            .map_or(Some(start), |m| m.as_str().parse().ok())?;
        (start == end).then_some(start)
    });
    if let Some(year) = period {
        meta.period = Some((format!("{year}-01-01"), format!("{year}-12-31")));
    }
    let mut agreed = Agreement {
        diagnostics,
        from: &mut meta.from,
    };
    let years = [
        (SUPPLIED, supplied.report_year.map(ReportYear::get)),
        ("title", title.as_ref().and_then(|t| t.year)),
        ("period", period),
        (
            "overview",
            year_of_overview(text, sections).map(ReportYear::get),
        ),
    ];
    meta.year = agreed
        .first("/report_year", &years)
        .and_then(ReportYear::new);
    let agencies = [
        (
            SUPPLIED,
            supplied.agency.as_ref().map(|t| t.as_str().to_owned()),
        ),
        ("title", title.and_then(|t| t.agency)),
        ("source", text.lines().take(80).find_map(source_in)),
        // The footer only as a last resort: it is not compared with what comes before it.
    ];
    meta.agency = agreed.first("/agency/name", &agencies).or_else(|| {
        let owner = government_of_the_site(text)?;
        agreed.from.push(Provenance {
            pointer: "/agency/name",
            taken_from: "footer",
            stated: vec![("footer", owner.clone())],
        });
        Some(owner)
    });
    if let Some(name) = &meta.agency {
        (meta.level, meta.kind) = settled_by_name(name);
    }
    let codes = [
        (
            SUPPLIED,
            supplied
                .division_code
                .as_ref()
                .map(|c| c.as_str().to_owned()),
        ),
        ("site", division_of_the_site(text)),
    ];
    meta.division_code = agreed.first("/agency/division_code", &codes);
    let dates = [
        (
            SUPPLIED,
            supplied
                .published_on
                .as_ref()
                .map(|d| d.as_str().to_owned()),
        ),
        (
            "page",
            published_pattern()
                .captures(text)
                .map(|caps| format!("{}-{}-{}", &caps[1], &caps[2], &caps[3])),
        ),
    ];
    meta.published_on = agreed.first("/published_on", &dates);
    meta.url = agreed.first(
        "/source/url",
        &[(
            SUPPLIED,
            supplied.url.as_ref().map(|u| u.as_str().to_owned()),
        )],
    );
    if meta.year.is_none() {
        diagnostics.push(missing("报告年度", "report year", "/report_year"));
    }
    if meta.agency.is_none() {
        diagnostics.push(missing("发布机关名称", "agency name", "/agency"));
    }
    meta
}

/// Where a metadata value was taken from: its JSON pointer, the place (`title`, `period`,
/// `supplied`…), and every place that states a value, in order, with the value as it states it.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub pointer: &'static str,
    pub taken_from: &'static str,
    pub stated: Vec<(&'static str, String)>,
}

/// The place a supplied value comes from (`--agency`, a manifest…), in provenance and I712.
pub const SUPPLIED: &str = "supplied";

/// Chooses each metadata value among the places that state it, and records the choice.
struct Agreement<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    from: &'a mut Vec<Provenance>,
}

impl Agreement<'_> {
    /// The first value found, in the order given, whose place is recorded; each later place that
    /// states another value is reported (I712).
    fn first<T: Clone + PartialEq + std::fmt::Display>(
        &mut self,
        pointer: &'static str,
        found: &[(&'static str, Option<T>)],
    ) -> Option<T> {
        let stated: Vec<(&'static str, &T)> = found
            .iter()
            .filter_map(|(from, v)| Some((*from, v.as_ref()?)))
            .collect();
        let (kept_from, kept) = *stated.first()?;
        self.from.push(Provenance {
            pointer,
            taken_from: kept_from,
            stated: stated.iter().map(|(p, v)| (*p, v.to_string())).collect(),
        });
        for &(other_from, other) in stated.iter().filter(|(_, other)| *other != kept) {
            self.diagnostics.push(
                Diagnostic::new(Rule::MetadataConflict, pointer)
                    .arg("field", pointer)
                    .arg("kept", kept.to_string())
                    .arg("kept_from", kept_from)
                    .arg("other", other.to_string())
                    .arg("other_from", other_from),
            );
        }
        Some(kept.clone())
    }
}

/// What a report's title says: the agency (when the title prints a name) and the year.
struct Title {
    agency: Option<String>,
    year: Option<u16>,
}

/// The report's title among the first lines: on one line, or wrapped after its agency
/// ("五常市民意乡" / "2021年政府信息公开工作年度报告") or after its year ("平潭综合实验区 2019 年" /
/// "政府信息公开工作年度报告", "…街道办事处2023年度政府" / "信息公开工作年度报告"). A title that names no agency is kept only if no later one does.
fn find_title(text: &str) -> Option<Title> {
    let lines: Vec<&str> = text
        .lines()
        .take(60)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut nameless = None;
    for (i, line) in lines.iter().enumerate() {
        let title = match title_parts(line) {
            Some(title)
                if title.agency.is_none() && i > 0 && agency_name(lines[i - 1]).is_some() =>
            {
                title_parts(&format!("{}{line}", lines[i - 1]))
            }
            Some(title) => Some(title),
            None if wrapped_after_the_year(line) => lines
                .get(i + 1)
                .filter(|next| next.contains("信息公开"))
                .and_then(|next| title_parts(&format!("{line}{next}"))),
            None => None,
        };
        match title {
            Some(title) if title.agency.is_some() => return Some(title),
            Some(title) => nameless = nameless.or(Some(title)),
            None => {}
        }
    }
    nameless
}

/// Whether a line ends where a title wrapped after its year ("…2023年度政府", "… 2019 年").
fn wrapped_after_the_year(line: &str) -> bool {
    static YEAR_END: OnceLock<Regex> = OnceLock::new();
    !line.contains("信息公开") && regex(&YEAR_END, r"\d{4}\s*年度?\s*(?:政府)?$").is_match(line)
}

/// The agency and year of a title line; a label before it ("标题：") is not part of the name.
fn title_parts(line: &str) -> Option<Title> {
    let (before_year, year) = title_in(line)?;
    let name = before_year
        .rsplit_once([':', '：'])
        .map_or(before_year, |(_, name)| name);
    Some(Title {
        agency: agency_name(name),
        year: year.and_then(|year| year.parse().ok()),
    })
}

/// The publisher a CMS page prints above the text ("来源：示例市财政局").
fn source_in(line: &str) -> Option<String> {
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    if !line.contains("来源") {
        return None;
    }
    let caps = regex(&SOURCE, r"(?:^|\s)(?:信息)?来源\s*[:：]\s*(\S+)").captures(line)?;
    agency_name(&caps[1])
}

/// The government that runs the site, named by the page footer (主办单位), when the report is
/// that government's own. A department's report is hosted on its government's portal too, so
/// the footer names the agency only as a last resort — no title or 来源 names one — and only
/// when the report speaks as a government (我区, 我县…) and never as a department (我局, 本委…).
fn government_of_the_site(text: &str) -> Option<String> {
    static FOOTER: OnceLock<Regex> = OnceLock::new();
    let footer = regex(&FOOTER, r"主办单位\s*[:：]\s*(\S+?)(?:办公室|办公厅)?\s*$");
    let owner = text
        .lines()
        .filter(|line| line.contains("主办单位"))
        .find_map(|line| footer.captures(line.trim()))
        .and_then(|caps| agency_name(&caps[1]))?;
    let government = ["人民政府", "人民政府）", "管理委员会", "管委会"]
        .iter()
        .any(|e| owner.ends_with(e));
    let count = |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
    let speaks_as_government =
        count(&["我区", "我市", "我县", "我州", "我镇", "我乡", "我旗"]) >= 2;
    let speaks_as_department = count(&[
        "我局",
        "本局",
        "我委",
        "本委",
        "我厅",
        "本厅",
        "我办",
        "本办",
        "我中心",
        "本中心",
        "我院",
        "本院",
        "我署",
        "本署",
        "我所",
        "本所",
    ]) > 0;
    (government && speaks_as_government && !speaks_as_department).then_some(owner)
}

/// The level and kind an agency's name settles: a people's government of a province, county,
/// district, banner, township or town reports as that government (本级政府); a name ending as a
/// department's does (局, 委员会, 办公室…) is a department's. A city's government (地级市 or
/// 县级市?) or a 街道办事处 leaves the level open.
fn settled_by_name(name: &str) -> (Option<&'static str>, Option<&'static str>) {
    if let Some(area) = name.strip_suffix("人民政府") {
        let level = match area.chars().last() {
            Some('省' | '区') if area.ends_with("自治区") || area.ends_with('省') => {
                Some("provincial")
            }
            Some('县' | '旗' | '区') => Some("county"),
            Some('乡' | '镇') => Some("township"),
            _ => None,
        };
        return (level, Some("government"));
    }
    let department = ["局", "委员会", "办公室", "办公厅", "厅", "委", "中心", "署"]
        .iter()
        .any(|ending| name.ends_with(ending));
    (None, department.then_some("department"))
}

/// The 行政区划代码 a government website's identifier (政府网站标识码, in its footer or its
/// `SiteIDCode` meta tag) begins with.
fn division_of_the_site(text: &str) -> Option<String> {
    static SITE: OnceLock<Regex> = OnceLock::new();
    let site = regex(
        &SITE,
        r"(?:网站标识码|SiteIDCode)\s*[:：]?\s*(\d{6})\d{4}\b",
    );
    text.lines()
        .filter(|line| line.contains("标识码") || line.contains("SiteIDCode"))
        .find_map(|line| site.captures(line))
        .map(|caps| caps[1].to_owned())
        .filter(|code| !code.starts_with('0'))
}

/// Endings of the names of agencies and governments that publish reports.
const NAME_ENDINGS: [&str; 27] = [
    "政府",
    "办公室",
    "办公厅",
    "局",
    "委员会",
    "委",
    "厅",
    "院",
    "中心",
    "办事处",
    "管委会",
    "街道",
    "镇",
    "乡",
    "区",
    "县",
    "市",
    "州",
    "盟",
    "旗",
    "所",
    "署",
    "会",
    "馆",
    "队",
    "处",
    "关",
];

/// `text` as an agency's name, or `None` when it is not one: a sentence, a phrase like 我局,
/// a title's leftovers, spam. A name that is not certain is not written.
fn agency_name(text: &str) -> Option<String> {
    let name: String = official_parentheses(text.trim().trim_end_matches(['：', ':']))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let length = name.chars().count();
    let sentence = name.contains([
        '，', ',', '。', '；', ';', '：', ':', '《', '》', '“', '”', '"', '、', '！', '？',
    ]);
    let phrase = ["我", "本", "根据", "关于", "按照", "依据", "现将", "为"]
        .iter()
        .any(|p| name.starts_with(p));
    // 武汉经济技术开发区管理委员会（汉南区人民政府）: a name may end with another in parentheses.
    let ending = name.strip_suffix('）').unwrap_or(&name);
    let ends_as_a_name = NAME_ENDINGS.iter().any(|e| ending.ends_with(e));
    let plain = !name.bytes().any(|b| b.is_ascii_alphanumeric()) && spam_in(&name).is_none();
    ((3..=40).contains(&length) && !sentence && !phrase && ends_as_a_name && plain).then_some(name)
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

    fn read_text(text: &str) -> (Metadata, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let meta = read(
            text,
            &sections(text),
            &Supplied::default(),
            &mut diagnostics,
        );
        (meta, diagnostics)
    }

    #[test]
    fn titles_are_read_on_one_line_or_wrapped() {
        let agency = |text: &str| read_text(text).0.agency;
        assert_eq!(
            agency("示例市财政金融局 2019 年度政府信息公开工作年度报告\n一、总体情况"),
            Some("示例市财政金融局".to_owned())
        );
        assert_eq!(
            agency("示例县示例镇\n2021年政府信息公开工作年度报告\n一、总体情况"),
            Some("示例县示例镇".to_owned())
        );
        assert_eq!(
            agency("示例区 2019 年\n政府信息公开工作年度报告\n一、总体情况"),
            Some("示例区".to_owned())
        );
        assert_eq!(
            agency("示例街道办事处2023年度政府\n信息公开工作年度报告"),
            Some("示例街道办事处".to_owned())
        );
        assert_eq!(
            agency("标题: 示例区2019年度政府信息公开工作年度报告"),
            Some("示例区".to_owned())
        );
        assert_eq!(
            agency("2019年示例市人民政府办公厅政府信息公开工作年度报告"),
            Some("示例市人民政府办公厅".to_owned())
        );
        // Without a year: the whole line, or a <title> with the site's name after it.
        assert_eq!(
            agency("示例县审计局政府信息公开工作年度报告\n一、总体情况"),
            Some("示例县审计局".to_owned())
        );
        assert_eq!(
            agency("示例县审计局政府信息公开工作年度报告_示例县人民政府门户网站"),
            Some("示例县审计局".to_owned())
        );
        assert_eq!(
            agency("现将示例县审计局政府信息公开工作年度报告公布如下"),
            None
        );
    }

    #[test]
    fn what_is_not_a_name_is_never_the_agency() {
        for text in [
            "根据《中华人民共和国政府信息公开条例》,现公开我局2020年政府信息公开工作年度报告",
            "我局2020年政府信息公开工作年度报告",
            "当前位置:首页 > 政府信息公开年报\n2020年政府信息公开工作年度报告",
            "关于印发2020年政府信息公开工作年度报告的通知",
        ] {
            assert_eq!(read_text(text).0.agency, None, "{text}");
        }
    }

    /// Issue 21: a department's report on its government's portal is not the government's.
    #[test]
    fn the_site_owner_names_only_a_government_report_that_names_nobody_else() {
        let footer = "\n主办单位：示例县人民政府办公室\n";
        let department = format!(
            "2019年政府信息公开工作年度报告\n一、总体情况\n2019年，我局认真落实我县部署，我县……{footer}"
        );
        assert_eq!(read_text(&department).0.agency, None);
        let government = format!(
            "2019年政府信息公开工作年度报告\n一、总体情况\n2019年，我县认真落实……我县各部门……{footer}"
        );
        assert_eq!(
            read_text(&government).0.agency,
            Some("示例县人民政府".to_owned())
        );
        let titled = format!("示例县财政局2019年政府信息公开工作年度报告\n我县……我县……{footer}");
        assert_eq!(read_text(&titled).0.agency, Some("示例县财政局".to_owned()));
    }

    #[test]
    fn places_that_disagree_are_reported_and_the_title_wins() {
        let text = "来源：示例县人民政府\n示例县财政局2019年政府信息公开工作年度报告\n本报告统计期限自2018年1月1日起至2018年12月31日止。";
        let (meta, diagnostics) = read_text(text);
        assert_eq!(meta.agency.as_deref(), Some("示例县财政局"));
        assert_eq!(meta.year.map(ReportYear::get), Some(2019));
        let conflicts: Vec<(&str, String)> = diagnostics
            .iter()
            .filter(|d| d.rule == Rule::MetadataConflict)
            .map(|d| (d.pointer.as_str(), d.args["other"].to_string()))
            .collect();
        assert_eq!(
            conflicts,
            [
                ("/report_year", "\"2018\"".to_owned()),
                ("/agency/name", "\"示例县人民政府\"".to_owned())
            ]
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
