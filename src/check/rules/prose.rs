//! T801: figures the prose states about table cells, compared with the cells.
//!
//! Precision comes before recall. A figure is read only where its wording names a quantity of the
//! tables unambiguously and in the way reports write it — a number of 件 right after the words
//! that name it ("予以公开258件", "新收政府信息公开申请75件", "现行有效行政规范性文件698件"), a
//! number before a carry-forward ("1件结转2021年度办理"), a result of the reviews and lawsuits just
//! counted ("均维持", "均已结案"), or an explicit "none" ("未收到政府信息公开申请",
//! "无…行政复议、行政诉讼的情况"). Everything else is left alone: numbers of 条, 项 or 个, approximate
//! numbers (约, 近, 余), figures "各" or "分别", clauses about another year or comparing with one,
//! subsets ("其中网上申请"), and figures about other things (主动公开政务信息, 投诉, 信访). A quantity
//! stated twice with different values is left alone too: the prose is then about several bodies
//! or periods, and no one figure can be held against the table.
//!
//! A figure that names several rows ("予以公开及部分公开258件") is compared with the sum of those
//! rows. A row's value is its 总计 when stated, else the sum of its stated applicant columns; a
//! quantity whose cells are all blank is not compared.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::check::layout::Sum;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;
use crate::model::{Edition, MoneyUnit, Report};
use crate::schema::section_title;

use super::Context;

/// Where in the tables a prose figure points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Selector {
    /// Every row (a [`Sum`] of the layout) whose total lies under this pointer: one row, or all
    /// the rows of a group such as （三）不予公开.
    Rows(&'static str),
    /// One cell.
    Cell(&'static str),
}

/// A quantity of the tables: one or more selectors, added up.
type Quantity = Vec<Selector>;

/// What a figure is about: the quantities it may mean (usually one; "办理申请N件" may mean
/// 新收, 新收 + 上年结转 or 办结, and is wrong only if it is none of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Subject {
    readings: Vec<Quantity>,
}

impl Subject {
    fn one(quantity: Quantity) -> Self {
        Subject {
            readings: vec![quantity],
        }
    }
}

/// A figure as stated: a count, or an amount of money in 元 scaled by 10^6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Count(i64),
    Money(i128),
}

/// One figure the prose states.
#[derive(Debug, Clone)]
struct Statement {
    section: &'static str,
    /// Character (Unicode scalar) offsets in the section's text, end exclusive.
    start: usize,
    end: usize,
    subject: Subject,
    figure: Figure,
    /// False for a figure that names its subject but only in part ("各部门收到申请10件", "其中…"):
    /// it is not compared, and it keeps any other figure of the subject from being compared.
    whole: bool,
}

const APPLICATIONS: &str = "/applications";
const NEW: &str = "/applications/new_applications";
const CARRIED_OVER: &str = "/applications/carried_over";
const CARRIED_FORWARD: &str = "/applications/carried_forward";
const CONCLUDED: &str = "/applications/outcomes/total";
const REVIEW: &str = "/appeals/administrative_review";
/// The two groups of lawsuits: 未经复议直接起诉 and 复议后起诉.
const LITIGATION: [&str; 2] = [
    "/appeals/litigation_without_review",
    "/appeals/litigation_after_review",
];

/// The outcome rows （一）–（六）: reports name them by their labels without numbering and notes
/// ("予以公开", "部分公开", …).
const OUTCOMES: [&str; 6] = [
    "/applications/outcomes/disclosed",
    "/applications/outcomes/partially_disclosed",
    "/applications/outcomes/withheld",
    "/applications/outcomes/unavailable",
    "/applications/outcomes/not_processed",
    "/applications/outcomes/other_handling",
];

/// Applicant columns of table 3 named by their labels. 其他 alone is too common a word to be read.
const NAMED_COLUMNS: [&str; 5] = [
    "natural_persons",
    "commercial_enterprises",
    "research_institutions",
    "public_interest_organizations",
    "legal_service_agencies",
];

/// The five organisation columns, which prose names together as 法人或其他组织 (or a variant).
const ORGANISATIONS: [&str; 5] = [
    "commercial_enterprises",
    "research_institutions",
    "public_interest_organizations",
    "legal_service_agencies",
    "other_organizations",
];
const ORGANISATION_WORDS: [&str; 4] = [
    "法人或其他组织",
    "法人和其他组织",
    "法人或者其他组织",
    "法人及其他组织",
];

/// Table 4 result columns by the words reports use.
const RESULTS: [(&str, &str); 7] = [
    ("维持", "upheld"),
    ("纠正", "corrected"),
    ("其他结果", "other"),
    ("尚未审结", "pending"),
    ("未审结", "pending"),
    ("正在审理", "pending"),
    ("审理中", "pending"),
];

/// Words between a subject and its number that do not change what it is ("共75件", "数量为").
const FILLERS: [&str; 23] = [
    "总数量",
    "总数",
    "数量",
    "总量",
    "总计",
    "合计",
    "累计",
    "共计",
    "共有",
    "共",
    "计",
    "为",
    "达",
    "有",
    "是",
    "的",
    "数",
    "答复",
    "：",
    ":",
    " ",
    "\u{3000}",
    "\u{a0}",
];

/// Words that make a figure something else than the quantity its subject names.
const DISQUALIFIERS: [&str; 6] = ["各", "分别", "等", "约", "近", "超过"];

/// Markers of a clause about another period.
const OTHER_PERIOD: [&str; 9] = [
    "同比",
    "较上年",
    "比上年",
    "上年同期",
    "去年",
    "较20",
    "比20",
    "相比",
    "环比",
];

/// Words for rows, groups and columns, taken from the labels of the cell catalog.
struct Vocabulary {
    /// Outcome row words and row pointers.
    outcomes: Vec<(String, &'static str)>,
    /// Labels of the two lawsuit groups, in the order of [`LITIGATION`].
    lawsuits: [String; 2],
    /// Applicant column words and the columns they name.
    columns: Vec<(String, Vec<&'static str>)>,
}

/// A row or group label without its numbering and notes: "（二）部分公开（区分处理的，…）" → "部分公开".
fn bare_label(label: &str) -> String {
    let label = match label.split_once('）') {
        Some((number, rest)) if number.starts_with('（') => rest,
        _ => label,
    };
    label.split('（').next().unwrap_or(label).to_owned()
}

fn vocabulary() -> Vocabulary {
    let catalog = crate::schema::cells::cells(Edition::E2021);
    let label_under = |prefix: &str, depth: usize| -> String {
        catalog
            .iter()
            .find(|c| c.pointer.starts_with(prefix))
            .map(|c| c.labels[depth].clone())
            .expect("a row of the catalog")
    };
    let outcomes = OUTCOMES
        .iter()
        .map(|&row| (bare_label(&label_under(row, 1)), row))
        .collect();
    let lawsuits = LITIGATION.map(|group| label_under(group, 0));
    let mut columns: Vec<(String, Vec<&'static str>)> = NAMED_COLUMNS
        .iter()
        .map(|&column| {
            let word = label_under(&format!("{NEW}/{column}"), 1);
            (word, vec![column])
        })
        .collect();
    columns.extend(
        ORGANISATION_WORDS
            .iter()
            .map(|word| ((*word).to_owned(), ORGANISATIONS.to_vec())),
    );
    Vocabulary {
        outcomes,
        lawsuits,
        columns,
    }
}

struct Patterns {
    words: Vocabulary,
    outcomes: Regex,
    new: Regex,
    carried_over: Regex,
    carried_forward: Regex,
    carried_forward_after: Regex,
    concluded: Regex,
    handled: Regex,
    appeals: Regex,
    result: Regex,
    column: Regex,
    documents: Regex,
    decisions: Regex,
    fees: Regex,
    outcome_after: Regex,
    all_upheld: Regex,
    all_concluded: Regex,
    no_applications: Regex,
    no_appeals: Regex,
    year: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let words = vocabulary();
        let outcome = words
            .outcomes
            .iter()
            .map(|(word, _)| word.as_str())
            .collect::<Vec<_>>()
            .join("|");
        let outcome = format!("(?:{outcome}|全部或部分公开|全部或者部分公开)");
        let joiner = "(?:及|和|与|或|或者|以及|、)";
        let qualifier = "(?:政府信息依申请公开|政府信息公开|信息公开|依申请公开|公开)";
        let result = RESULTS.map(|(words, _)| words).join("|");
        let column = words
            .columns
            .iter()
            .map(|(word, _)| word.as_str())
            .collect::<Vec<_>>()
            .join("|");
        let appeal = format!(
            "(?:行政复议|行政诉讼|{}|{})",
            words.lawsuits[0], words.lawsuits[1]
        );
        let re = |pattern: &str| Regex::new(pattern).expect("a valid pattern");
        Patterns {
            words,
            outcomes: re(&format!("{outcome}(?:{joiner}{outcome})*$")),
            new: re(&format!(
                "(?:新收|收到|受理|接收|接到)(?:各类)?{qualifier}?(?:的)?(?:申请)?$"
            )),
            carried_over: re(&format!("上一?年度?结转(?:的)?{qualifier}?(?:申请)?$")),
            carried_forward: re(&format!(
                "结转(?:至|到|入)?下一?年度?(?:继续)?(?:办理)?(?:的)?{qualifier}?(?:申请)?$"
            )),
            carried_forward_after: re(
                r"^(?:均|已|将)?(?:结转|转入)(?:至|到)?(?:下一?年度?|(20[0-9]{2})年度?)(?:继续)?办理",
            ),
            concluded: re(&format!(
                "(?:办结|答复|办理完毕)(?:了)?{qualifier}?(?:的)?(?:申请)?$"
            )),
            handled: re(&format!("办理(?:了)?{qualifier}?(?:的)?(?:申请)?$")),
            appeals: re(&format!(
                "{appeal}(?:案件|申请)?(?:(?:及|和|与|、|以及)(?:提起|被提起|被申请)?{appeal}(?:案件|申请)?)?$"
            )),
            result: re(&format!(
                "(?:结果)?(?:{result})(?:原)?(?:行政行为|决定)?(?:的)?(?:案件)?$"
            )),
            column: re(&format!("(?:{column})(?:的)?(?:申请)?$")),
            documents: re(
                "(制发|印发|出台|制定|新制作|废止|现行有效)(?:的|了)?(?:行政)?(规范性文件|规章)$",
            ),
            decisions: re("行政(许可|处罚|强制)(?:决定|案件|措施)?$"),
            fees: re("(?:行政事业性收费|收费金额)(?:金额|收入|总额)?$"),
            outcome_after: re(&format!("^(?:均|已|全部)?(?:为|属于|系)?({outcome})")),
            all_upheld: re("(?:均|全部|都)(?:已|被|予以|为)*维持"),
            all_concluded: re("(?:均|全部|都)(?:已)?(?:结案|审结|办结)"),
            no_applications: re(&format!(
                "(?:未|没有|无)(?:收到|受理|接到|接收)(?:任何)?{qualifier}?申请"
            )),
            no_appeals: re(
                "(?:无|未发生|未出现|没有发生|没有出现|没有|未被|未因)(?:因|被|发生|出现|涉及)?[^。；;0-9０-９]{0,20}?(行政复议|行政诉讼)(?:[、，,和及与或]{1,2}(?:提起|被提起|被申请|申请)?(行政复议|行政诉讼))?[^。；;0-9０-９]{0,6}?(?:情况|情形|案件)",
            ),
            year: re("(20[0-9]{2})年"),
        }
    })
}

/// Which sections may state figures of which table: the overview and the section of the table.
fn reads(section: &str, table: u8) -> bool {
    match table {
        2 => matches!(
            section,
            "overview" | "proactive_disclosure" | "other_matters"
        ),
        3 => matches!(section, "overview" | "applications"),
        _ => matches!(section, "overview" | "applications" | "appeals"),
    }
}

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let common = context.report.common();
    let year = common.report_year.get();
    let mut statements = Vec::new();
    for (section, text) in common.sections.numbered() {
        if let Some(text) = text
            && worth_reading(section, text)
        {
            read_section(section, text, context.edition, year, &mut statements);
        }
    }
    if statements.is_empty() {
        return;
    }
    // A subject stated with different figures is left alone; one stated twice alike, once.
    let mut figures: HashMap<&Subject, Option<Figure>> = HashMap::new();
    for statement in &statements {
        let figure = statement.whole.then_some(statement.figure);
        figures
            .entry(&statement.subject)
            .and_modify(|seen| {
                if *seen != figure {
                    *seen = None;
                }
            })
            .or_insert(figure);
    }
    for statement in &statements {
        match figures.get_mut(&statement.subject) {
            Some(Some(_)) => {}
            _ => continue,
        }
        figures.insert(&statement.subject, None);
        if let Some(diagnostic) = compare(context, statement) {
            out.push(diagnostic);
        }
    }
}

/// Cheap test before any work: a figure needs a digit, a "none" a negation. Section 五 states no
/// table figure.
fn worth_reading(section: &str, text: &str) -> bool {
    section != "problems_and_improvements"
        && (has_digit(text)
            || (reads_nones(section) && ["未", "无", "没有"].iter().any(|n| text.contains(n))))
}

/// Where a "none" is read: the sections of tables 3 and 4, which say it in so many words (section
/// 一, the longest, is left out: reading it whole for a negation costs more than it finds).
fn reads_nones(section: &str) -> bool {
    matches!(section, "applications" | "appeals")
}

/// Whether `text` holds an ASCII digit or a full-width one (U+FF10–FF19, encoded EF BC 90–99).
/// Blocks of 64 bytes are tested without branching, which the compiler vectorizes: most sections
/// of generated reports hold no digit at all and are read to their end.
fn has_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(last) = bytes.len().checked_sub(1) else {
        return false;
    };
    let (current, next) = (&bytes[..last], &bytes[1..]);
    let mut start = 0;
    while start < last {
        let end = (start + 64).min(last);
        // A byte and the one after it: an ASCII digit, or the last two bytes of a full-width digit.
        let found =
            current[start..end]
                .iter()
                .zip(&next[start..end])
                .fold(0u8, |any, (&byte, &after)| {
                    any | u8::from(byte.wrapping_sub(b'0') < 10)
                        | (u8::from(byte == 0xBC) & u8::from(after.wrapping_sub(0x90) < 10))
                });
        if found != 0 {
            return true;
        }
        start = end;
    }
    bytes[last].is_ascii_digit()
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Ends sentences: a figure's subject is looked for within its sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n')
}

/// Ends clauses: a subject and its number sit in one clause.
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')')
}

fn read_section(
    section: &'static str,
    text: &str,
    edition: Edition,
    year: u16,
    out: &mut Vec<Statement>,
) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|&c| ends_sentence(c))
            .map_or(chars.len(), |p| start + p + 1);
        Sentence {
            section,
            chars: &chars,
            start,
            end,
            edition,
            year,
        }
        .read(out);
        start = end;
    }
}

/// One sentence of a section.
struct Sentence<'a> {
    section: &'static str,
    chars: &'a [char],
    start: usize,
    end: usize,
    edition: Edition,
    year: u16,
}

/// A number followed by a unit.
struct Number {
    start: usize,
    /// After the unit.
    end: usize,
    figure: Figure,
}

impl Sentence<'_> {
    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    fn read(&self, out: &mut Vec<Statement>) {
        let first = out.len();
        let mut previous_end = self.start;
        let mut i = self.start;
        while i < self.end {
            let Some(number) = self.number_at(i) else {
                i += 1;
                continue;
            };
            if let Some(statement) = self.statement(&number, previous_end, &out[first..]) {
                out.push(statement);
            }
            previous_end = number.end;
            i = number.end;
        }
        self.all_results(first, out);
        self.nones(out);
    }

    /// The number starting at `i`, if it is a whole number of 件 (or 起, 宗) or an amount of 元 or
    /// 万元, stated plainly.
    fn number_at(&self, i: usize) -> Option<Number> {
        let chars = self.chars;
        digit(chars[i])?;
        if i > self.start {
            let before = chars[i - 1];
            if digit(before).is_some() || matches!(before, '.' | '．' | ',' | '，' | '第' | '-')
            {
                return None;
            }
        }
        let mut j = i;
        let mut value: i128 = 0;
        while j < self.end
            && let Some(d) = digit(chars[j])
        {
            value = value.checked_mul(10)?.checked_add(i128::from(d))?;
            j += 1;
        }
        let mut scale = 0u32;
        if j + 1 < self.end && matches!(chars[j], '.' | '．') && digit(chars[j + 1]).is_some() {
            j += 1;
            while j < self.end
                && let Some(d) = digit(chars[j])
            {
                value = value.checked_mul(10)?.checked_add(i128::from(d))?;
                scale += 1;
                j += 1;
            }
        }
        if scale > 6 {
            return None;
        }
        while j < self.end && matches!(chars[j], ' ' | '\u{3000}' | '\u{a0}') {
            j += 1;
        }
        let rest = &chars[j..self.end];
        let (figure, unit_len) = if rest.starts_with(&['万', '元']) {
            (Figure::Money(value * 10i128.pow(10 - scale)), 2)
        } else if rest.starts_with(&['元']) {
            (Figure::Money(value * 10i128.pow(6 - scale)), 1)
        } else if scale == 0 && matches!(rest.first(), Some('件' | '起' | '宗')) {
            // 一件事 is a service, not a count.
            if rest.get(1) == Some(&'事') {
                return None;
            }
            (Figure::Count(i64::try_from(value).ok()?), 1)
        } else {
            return None;
        };
        let end = j + unit_len;
        if matches!(chars.get(end), Some('余' | '多' | '左')) {
            return None;
        }
        Some(Number {
            start: i,
            end,
            figure,
        })
    }

    /// The clause around position `i`: from the last clause mark before it to the next one.
    fn clause(&self, i: usize) -> (usize, usize) {
        let from = self.chars[self.start..i]
            .iter()
            .rposition(|&c| ends_clause(c))
            .map_or(self.start, |p| self.start + p + 1);
        let to = self.chars[i..self.end]
            .iter()
            .position(|&c| ends_clause(c))
            .map_or(self.end, |p| i + p);
        (from, to)
    }

    /// Whether the clause speaks of another period than the report year (`next_year_ok`: the
    /// following year may be named, as where applications are carried forward to).
    fn other_period(&self, from: usize, to: usize, next_year_ok: bool) -> bool {
        let clause = self.text(from, to);
        if OTHER_PERIOD.iter().any(|m| clause.contains(m)) {
            return true;
        }
        patterns().year.captures_iter(&clause).any(|c| {
            let named: u16 = c[1].parse().unwrap_or(0);
            named != self.year && !(next_year_ok && named == self.year + 1)
        })
    }

    /// The statement a number makes, if its words name a quantity of the tables.
    fn statement(
        &self,
        number: &Number,
        previous_end: usize,
        earlier: &[Statement],
    ) -> Option<Statement> {
        let (clause_start, clause_end) = self.clause(number.start);
        let head_start = clause_start.max(previous_end);
        let head = self.text(head_start, number.start);
        let disqualified = DISQUALIFIERS.iter().any(|d| head.contains(d));
        let stripped = strip_fillers(&head);
        let (subject, phrase_len, table) = match self.subject_before(stripped, earlier) {
            Some(found) => found,
            None => {
                let (subject, table) = self.subject_after(number)?;
                let end = self.after_end(number);
                if !reads(self.section, table) || self.other_period(clause_start, clause_end, true)
                {
                    return None;
                }
                return Some(Statement {
                    section: self.section,
                    start: number.start,
                    end,
                    subject,
                    figure: number.figure,
                    whole: !disqualified,
                });
            }
        };
        if !reads(self.section, table) {
            return None;
        }
        let carried_forward = subject.readings[0] == [Selector::Rows(CARRIED_FORWARD)];
        if self.other_period(clause_start, clause_end, carried_forward) {
            return None;
        }
        let phrase_start = head_start + stripped.chars().count() - phrase_len;
        // A subset: "其中网上申请50件" is not all applications.
        let subset =
            self.text(clause_start, phrase_start).contains("其中") && counts_applications(&subject);
        // Amounts are read for the fee cell only, counts for every other cell.
        if is_fee(&subject) != matches!(number.figure, Figure::Money(_)) {
            return None;
        }
        Some(Statement {
            section: self.section,
            start: phrase_start,
            end: number.end,
            subject,
            figure: number.figure,
            whole: !(disqualified || subset),
        })
    }

    /// The subject named right before a number: (subject, length of its words in characters,
    /// table).
    fn subject_before(&self, head: &str, earlier: &[Statement]) -> Option<(Subject, usize, u8)> {
        let p = patterns();
        let found = |m: regex::Match| m.as_str().chars().count();
        if let Some(m) = p.outcomes.find(head) {
            let rows = outcome_rows(m.as_str());
            // "不予以公开" is not 予以公开.
            if head[..m.start()].ends_with('不') {
                return None;
            }
            return Some((Subject::one(rows), found(m), 3));
        }
        if let Some(c) = p.documents.captures(head) {
            let m = c.get(0).expect("the whole match");
            let row = if &c[2] == "规章" {
                "regulations"
            } else {
                "normative_documents"
            };
            let column = match (self.edition, &c[1]) {
                (Edition::E2019, "废止" | "现行有效") => return None,
                (Edition::E2019, _) => "made",
                (Edition::E2021, "废止") => "repealed",
                (Edition::E2021, "现行有效") => "in_force",
                (Edition::E2021, _) => "issued",
            };
            let pointer = proactive_pointer(row, column)?;
            return Some((Subject::one(vec![Selector::Cell(pointer)]), found(m), 2));
        }
        if let Some(c) = p.decisions.captures(head) {
            let m = c.get(0).expect("the whole match");
            let row = match &c[1] {
                "许可" => "administrative_licensing",
                "处罚" => "administrative_penalties",
                _ => "administrative_enforcement",
            };
            let pointer = proactive_pointer(row, "decisions")?;
            return Some((Subject::one(vec![Selector::Cell(pointer)]), found(m), 2));
        }
        if let Some(m) = p.fees.find(head) {
            return (self.edition == Edition::E2021)
                .then(|| (Subject::one(vec![Selector::Cell(FEES)]), found(m), 2));
        }
        if let Some(m) = p.appeals.find(head) {
            let words = m.as_str();
            // 复议后起诉 holds 复议 but is a lawsuit: the groups are read without it.
            let lawsuits = words.contains("行政诉讼");
            let [direct, after_review] = &p.words.lawsuits;
            let groups: Vec<Selector> = [
                (words.replace(after_review, "").contains("行政复议"), REVIEW),
                (lawsuits || words.contains(direct.as_str()), LITIGATION[0]),
                (
                    lawsuits || words.contains(after_review.as_str()),
                    LITIGATION[1],
                ),
            ]
            .into_iter()
            .filter(|(named, _)| *named)
            .map(|(_, group)| Selector::Rows(group))
            .collect();
            return Some((Subject::one(groups), found(m), 4));
        }
        if let Some(m) = p.result.find(head) {
            let groups = last_appeal(earlier)?;
            let column = RESULTS
                .iter()
                .find(|(words, _)| m.as_str().contains(words))
                .map(|(_, column)| *column)?;
            let cells = groups
                .iter()
                .map(|group| appeal_cell(group, column))
                .collect::<Option<Vec<_>>>()?;
            return Some((Subject::one(cells), found(m), 4));
        }
        if let Some(m) = p.column.find(head) {
            // Only inside a sentence about the applications received.
            if !earlier.iter().any(|s| s.subject == new_subject()) {
                return None;
            }
            let columns = &p
                .words
                .columns
                .iter()
                .find(|(word, _)| m.as_str().starts_with(word.as_str()))?
                .1;
            let cells = columns
                .iter()
                .map(|column| new_cell(column))
                .collect::<Option<Vec<_>>>()?;
            return Some((Subject::one(cells), found(m), 3));
        }
        let names_applications =
            |m: &regex::Match| m.as_str().contains("申请") || m.as_str().contains("依申请公开");
        if let Some(m) = p.carried_over.find(head) {
            return Some((
                Subject::one(vec![Selector::Rows(CARRIED_OVER)]),
                found(m),
                3,
            ));
        }
        if let Some(m) = p.carried_forward.find(head) {
            return Some((
                Subject::one(vec![Selector::Rows(CARRIED_FORWARD)]),
                found(m),
                3,
            ));
        }
        if let Some(m) = p.concluded.find(head)
            && (names_applications(&m)
                || self.section == "applications"
                || earlier.iter().any(|s| s.subject == new_subject()))
        {
            return Some((Subject::one(vec![Selector::Rows(CONCLUDED)]), found(m), 3));
        }
        if let Some(m) = p.handled.find(head)
            && names_applications(&m)
        {
            let subject = Subject {
                readings: vec![
                    vec![Selector::Rows(NEW)],
                    vec![Selector::Rows(NEW), Selector::Rows(CARRIED_OVER)],
                    vec![Selector::Rows(CONCLUDED)],
                ],
            };
            return Some((subject, found(m), 3));
        }
        if let Some(m) = p.new.find(head)
            && names_applications(&m)
        {
            return Some((new_subject(), found(m), 3));
        }
        None
    }

    /// The subject named right after a number's unit: "1件结转2021年度办理", "12件予以公开".
    fn subject_after(&self, number: &Number) -> Option<(Subject, u8)> {
        let p = patterns();
        let (_, clause_end) = self.clause(number.end.min(self.end.saturating_sub(1)));
        let tail = self.text(number.end, clause_end.max(number.end));
        if let Some(c) = p.carried_forward_after.captures(&tail) {
            if let Some(named) = c.get(1)
                && named.as_str().parse::<u16>().ok() != Some(self.year + 1)
            {
                return None;
            }
            return Some((Subject::one(vec![Selector::Rows(CARRIED_FORWARD)]), 3));
        }
        if let Some(c) = p.outcome_after.captures(&tail) {
            return Some((Subject::one(outcome_rows(&c[1])), 3));
        }
        None
    }

    /// The end of the words after a number that [`Self::subject_after`] read.
    fn after_end(&self, number: &Number) -> usize {
        let p = patterns();
        let (_, clause_end) = self.clause(number.end.min(self.end.saturating_sub(1)));
        let tail = self.text(number.end, clause_end.max(number.end));
        let len = p
            .carried_forward_after
            .find(&tail)
            .or_else(|| p.outcome_after.find(&tail))
            .map_or(0, |m| m.as_str().chars().count());
        number.end + len
    }

    /// "行政复议2件，均已结案", "共发生行政复议7件、行政诉讼9件，均维持": what the counts just
    /// stated in the sentence mean for their result columns.
    fn all_results(&self, first: usize, out: &mut Vec<Statement>) {
        let p = patterns();
        let appeals: Vec<(Vec<Selector>, Figure, usize)> = out[first..]
            .iter()
            .filter(|s| is_appeal_total(&s.subject))
            .map(|s| (s.subject.readings[0].clone(), s.figure, s.end))
            .collect();
        if appeals.is_empty() {
            return;
        }
        let text = self.text(self.start, self.end);
        let found = [
            (p.all_upheld.find(&text), "upheld"),
            (p.all_concluded.find(&text), "pending"),
        ];
        for (m, column) in found {
            let Some(m) = m else { continue };
            let start = self.start + text[..m.start()].chars().count();
            let end = start + m.as_str().chars().count();
            for (groups, figure, stated_end) in &appeals {
                if *stated_end > start {
                    continue;
                }
                let Figure::Count(count) = figure else {
                    continue;
                };
                let Some(cells) = groups
                    .iter()
                    .map(|group| match group {
                        Selector::Rows(group) => appeal_cell(group, column),
                        Selector::Cell(_) => None,
                    })
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                // All upheld: 维持 equals the count; all concluded: nothing pending.
                let figure = if column == "upheld" {
                    Figure::Count(*count)
                } else {
                    Figure::Count(0)
                };
                out.push(Statement {
                    section: self.section,
                    start,
                    end,
                    subject: Subject::one(cells),
                    figure,
                    whole: true,
                });
            }
        }
    }

    /// "未收到政府信息公开申请", "无因政府信息公开工作被申请行政复议、提起行政诉讼的情况": a zero.
    fn nones(&self, out: &mut Vec<Statement>) {
        if !reads_nones(self.section) {
            return;
        }
        let sentence = &self.chars[self.start..self.end];
        if !sentence.iter().any(|c| matches!(c, '未' | '无' | '没')) {
            return;
        }
        let text = self.text(self.start, self.end);
        // A sentence that also counts something is not a plain "none".
        let counts = (self.start..self.end).any(|i| self.number_at(i).is_some());
        if counts || self.other_period(self.start, self.end, false) {
            return;
        }
        let p = patterns();
        let position = |byte: usize| self.start + text[..byte].chars().count();
        if reads(self.section, 3)
            && let Some(m) = p.no_applications.find(&text)
        {
            out.push(Statement {
                section: self.section,
                start: position(m.start()),
                end: position(m.end()),
                subject: new_subject(),
                figure: Figure::Count(0),
                whole: true,
            });
        }
        if reads(self.section, 4)
            && let Some(c) = p.no_appeals.captures(&text)
        {
            let m = c.get(0).expect("the whole match");
            // "未经复议直接起诉" names a kind of lawsuit, not an absence.
            if m.as_str().starts_with("未经") {
                return;
            }
            let named: Vec<&str> = [c.get(1), c.get(2)]
                .into_iter()
                .flatten()
                .map(|g| g.as_str())
                .collect();
            let (start, end) = (position(m.start()), position(m.end()));
            if named.contains(&"行政复议") {
                out.push(Statement {
                    section: self.section,
                    start,
                    end,
                    subject: Subject::one(vec![Selector::Rows(REVIEW)]),
                    figure: Figure::Count(0),
                    whole: true,
                });
            }
            if named.contains(&"行政诉讼") {
                out.push(Statement {
                    section: self.section,
                    start,
                    end,
                    subject: Subject::one(LITIGATION.map(Selector::Rows).to_vec()),
                    figure: Figure::Count(0),
                    whole: true,
                });
            }
        }
    }
}

/// Removes the words between a subject and its number ("共", "数量为", …) from the end of `head`.
fn strip_fillers(head: &str) -> &str {
    let mut head = head;
    loop {
        match FILLERS.iter().find(|f| head.ends_with(*f)) {
            Some(filler) => head = &head[..head.len() - filler.len()],
            None => return head,
        }
    }
}

fn new_subject() -> Subject {
    Subject::one(vec![Selector::Rows(NEW)])
}

/// The outcome rows a run of outcome words names, e.g. "予以公开及部分公开".
fn outcome_rows(words: &str) -> Quantity {
    let outcomes = &patterns().words.outcomes;
    if words.contains("全部或部分公开") || words.contains("全部或者部分公开") {
        return vec![Selector::Rows(outcomes[0].1), Selector::Rows(outcomes[1].1)];
    }
    outcomes
        .iter()
        .filter(|(word, _)| words.contains(word.as_str()))
        .map(|(_, row)| Selector::Rows(row))
        .collect()
}

fn is_fee(subject: &Subject) -> bool {
    subject.readings[0] == [Selector::Cell(FEES)]
}

/// Whether a subject counts applications as a whole (received, concluded or handled): "其中"
/// before such words introduces a part of them.
fn counts_applications(subject: &Subject) -> bool {
    subject
        .readings
        .iter()
        .flatten()
        .any(|s| matches!(s, Selector::Rows(r) if *r == NEW || *r == CONCLUDED))
}

fn is_appeal_total(subject: &Subject) -> bool {
    subject.readings[0]
        .iter()
        .all(|s| matches!(s, Selector::Rows(r) if r.starts_with("/appeals/")))
}

/// The table 4 groups the last count of reviews or lawsuits in the sentence named.
fn last_appeal(earlier: &[Statement]) -> Option<Vec<&'static str>> {
    let last = earlier.iter().rev().find(|s| is_appeal_total(&s.subject))?;
    last.subject.readings[0]
        .iter()
        .map(|s| match s {
            Selector::Rows(group) => Some(*group),
            Selector::Cell(_) => None,
        })
        .collect()
}

const FEES: &str = "/proactive_disclosure/administrative_fees/amount";

/// The pointer of a cell, as a `'static` string of the cell catalog.
fn catalog_pointer(edition: Edition, pointer: &str) -> Option<&'static str> {
    crate::schema::cells::cell_at(edition, pointer).map(|cell| cell.pointer.as_str())
}

fn proactive_pointer(row: &str, column: &str) -> Option<&'static str> {
    // Both editions name these rows and columns alike where they exist; the 2021 catalog is
    // asked first, then the 2019 one.
    let pointer = format!("/proactive_disclosure/{row}/{column}");
    Edition::ALL
        .iter()
        .rev()
        .find_map(|&edition| catalog_pointer(edition, &pointer))
}

fn appeal_cell(group: &str, column: &str) -> Option<Selector> {
    catalog_pointer(Edition::E2021, &format!("{group}/{column}")).map(Selector::Cell)
}

fn new_cell(column: &str) -> Option<Selector> {
    catalog_pointer(Edition::E2021, &format!("{NEW}/{column}")).map(Selector::Cell)
}

/// The table's value of a quantity, with how many rows or cells were blank and read as 0; None
/// when every one of them is blank.
fn table_value(context: &Context, quantity: &Quantity) -> Option<(i64, usize)> {
    let mut value = 0;
    let mut blank = 0;
    let mut stated = false;
    for selector in quantity {
        match selector {
            Selector::Cell(pointer) => {
                let index = context.cells.iter().position(|c| c.pointer == *pointer)?;
                match context.values[index].int() {
                    Some(v) => {
                        value += v;
                        stated = true;
                    }
                    None => blank += 1,
                }
            }
            Selector::Rows(prefix) => {
                let rows = rows_under(context, prefix);
                if rows.is_empty() {
                    return None;
                }
                for sum in rows {
                    match row_value(context, sum) {
                        Some(v) => {
                            value += v;
                            stated = true;
                        }
                        None => blank += 1,
                    }
                }
            }
        }
    }
    stated.then_some((value, blank))
}

/// The rows (sums of the layout) whose total lies under `prefix`.
fn rows_under<'l>(context: &'l Context, prefix: &str) -> Vec<&'l Sum> {
    let layout = context.layout;
    let under = |sum: &&Sum| {
        context
            .pointer(sum.total)
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    if prefix.starts_with(APPLICATIONS) {
        layout.row_totals.iter().filter(under).collect()
    } else {
        layout.group_totals.iter().filter(under).collect()
    }
}

/// A row's 总计 when stated, else the sum of its stated parts; None when it states nothing.
fn row_value(context: &Context, sum: &Sum) -> Option<i64> {
    if let Some(total) = context.values[sum.total].int() {
        return Some(total);
    }
    let parts: Vec<i64> = sum
        .parts
        .iter()
        .filter_map(|&i| context.values[i].int())
        .collect();
    (!parts.is_empty()).then(|| parts.iter().sum())
}

/// The label of a quantity, from the cell catalog: "（一）予以公开 › 总计 + （二）部分公开… › 总计".
fn label(context: &Context, quantity: &Quantity) -> String {
    quantity
        .iter()
        .filter_map(|selector| match selector {
            Selector::Cell(pointer) => context
                .cells
                .iter()
                .find(|c| c.pointer == *pointer)
                .map(|c| c.label_path()),
            Selector::Rows(prefix) => {
                let sum = rows_under(context, prefix).into_iter().next()?;
                let cell = &context.cells[sum.total];
                // The labels down to the row or group the prefix names, then the 总计 column.
                let depth = prefix.split('/').count() - 2;
                let names = &cell.labels[..depth.min(cell.labels.len() - 1)];
                Some(format!(
                    "{} › {}",
                    names.last().map_or("", String::as_str),
                    cell.column_label()
                ))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The fee amount of table 2 (2021) in 元 × 10^6, the template's unit 万元 where none is given.
fn fee_amount(report: &Report) -> Option<i128> {
    let Report::Edition2021(report) = report else {
        return None;
    };
    let money = report
        .proactive_disclosure
        .administrative_fees
        .amount
        .value()?;
    let text = money.amount.as_str();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 6 {
        return None;
    }
    let digits: i128 = format!("{whole}{fraction}").parse().ok()?;
    let scaled = digits * 10i128.pow(6 - fraction.len() as u32);
    Some(match money.unit.get() {
        Some(MoneyUnit::Yuan) => scaled,
        Some(MoneyUnit::WanYuan) | None => scaled * 10_000,
    })
}

/// An amount (元 × 10^6) in 万元, the template's unit.
fn money_text(amount: i128) -> String {
    let wan = amount / 10_000_000_000;
    let fraction = amount % 10_000_000_000;
    if fraction == 0 {
        format!("{wan} 万元")
    } else {
        let fraction = format!("{fraction:010}");
        format!("{wan}.{} 万元", fraction.trim_end_matches('0'))
    }
}

/// The diagnostic for a statement the table contradicts.
fn compare(context: &Context, statement: &Statement) -> Option<Diagnostic> {
    let section_pointer = format!("/sections/{}", statement.section);
    let section_text = context
        .report
        .common()
        .sections
        .numbered()
        .into_iter()
        .find(|(key, _)| *key == statement.section)
        .and_then(|(_, text)| text)?;
    let excerpt: String = section_text
        .chars()
        .skip(statement.start)
        .take(statement.end - statement.start)
        .collect();
    let base = |quantity: &Quantity| {
        Diagnostic::new(Rule::ProseTableMismatch, section_pointer.clone())
            .related(quantity.iter().flat_map(|s| pointers(context, s)))
            .arg(
                "section",
                section_title(statement.section).unwrap_or(statement.section),
            )
            .arg("excerpt", excerpt.clone())
            .arg("start", statement.start)
            .arg("end", statement.end)
            .arg("label", label(context, quantity))
    };
    match statement.figure {
        Figure::Money(stated) => {
            let table = fee_amount(context.report)?;
            (table != stated).then(|| {
                base(&statement.subject.readings[0])
                    .arg("stated", money_text(stated))
                    .arg("table", money_text(table))
                    .arg("blank_read_as_zero", 0)
            })
        }
        Figure::Count(stated) => {
            let values: Vec<(&Quantity, (i64, usize))> = statement
                .subject
                .readings
                .iter()
                .filter_map(|q| Some((q, table_value(context, q)?)))
                .collect();
            let (quantity, (table, blank)) = *values.first()?;
            if values.iter().any(|(_, (value, _))| *value == stated) {
                return None;
            }
            Some(
                base(quantity)
                    .arg("stated", stated)
                    .arg("table", table)
                    .arg("blank_read_as_zero", blank),
            )
        }
    }
}

/// The pointers of the cells a selector reads.
fn pointers(context: &Context, selector: &Selector) -> Vec<String> {
    match selector {
        Selector::Cell(pointer) => vec![(*pointer).to_owned()],
        Selector::Rows(prefix) => rows_under(context, prefix)
            .into_iter()
            .map(|sum| context.pointer(sum.total).to_owned())
            .collect(),
    }
}
