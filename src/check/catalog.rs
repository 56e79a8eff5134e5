//! The rule catalog: one table with every diagnostic the checker can report.
//!
//! Codes are stable and opaque: a code is never reused or renumbered. `xxgk rules` prints this
//! table, `conformance/RULES.md` is generated from it, and SARIF rule metadata comes from it.

use crate::model::Edition;

use super::diagnostic::Severity;

/// Every rule, by name. The discriminant order is the catalog order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    IoError,
    NotUtf8,
    InvalidJson,
    TooLarge,
    SchemaViolation,
    ModelViolation,
    UnknownEdition,
    DuplicateKey,
    Table3Balance,
    Table3OutcomeTotal,
    Table3RowTotal,
    Table4GroupTotal,
    BlankTotal,
    UnstatedCell,
    EditionYearMismatch,
    FutureYear,
    CreditCodeCheck,
    DivisionCodeProvince,
    PeriodOutsideYear,
    InvalidDate,
    PublishedExceedsTotal,
    NegativeItemCount,
    CarryOverMismatch,
    ItemCountChain,
    InForceStock,
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// The bytes could not be read as a JSON document: the file is unreadable.
    Input,
    /// The document does not have the published structure.
    Structure,
    /// A relation of the template (勾稽关系) does not hold.
    Arithmetic,
    /// A cell states no value.
    Null,
    /// Report metadata is implausible.
    Metadata,
    /// Table 2 values are implausible.
    Plausibility,
    /// Two years of the same agency disagree.
    CrossYear,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Structure => "structure",
            Family::Arithmetic => "arithmetic",
            Family::Null => "null",
            Family::Metadata => "metadata",
            Family::Plausibility => "plausibility",
            Family::CrossYear => "cross-year",
        }
    }
}

/// One row of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub rule: Rule,
    /// Stable opaque code, e.g. `A201`.
    pub code: &'static str,
    /// Stable readable name, e.g. `t3-balance`.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub editions: &'static [Edition],
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// Message templates; `{name}` is replaced by the diagnostic's argument `name`.
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// Where the rule comes from: the template, the 条例, a standard, or SPEC.md.
    pub reference: &'static str,
}

const BOTH: &[Edition] = &[Edition::E2019, Edition::E2021];
const ONLY_2019: &[Edition] = &[Edition::E2019];
const ONLY_2021: &[Edition] = &[Edition::E2021];

/// The catalog, in code order.
pub static CATALOG: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::IoError,
        code: "X001",
        name: "io-error",
        family: Family::Input,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "无法读取文件",
        title_en: "File cannot be read",
        message_zh: "无法读取文件：{detail}",
        message_en: "cannot read the file: {detail}",
        reference: "SPEC.md §3.1",
    },
    RuleInfo {
        rule: Rule::NotUtf8,
        code: "X002",
        name: "not-utf8",
        family: Family::Input,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "文件不是 UTF-8 编码",
        title_en: "File is not UTF-8",
        message_zh: "文件不是 UTF-8 文本（第 {offset} 字节起无效）{hint_zh}",
        message_en: "the file is not UTF-8 text (invalid from byte {offset}){hint_en}",
        reference: "SPEC.md §3.1; RFC 8259 §8.1",
    },
    RuleInfo {
        rule: Rule::InvalidJson,
        code: "X003",
        name: "invalid-json",
        family: Family::Input,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "不是有效的 JSON",
        title_en: "Not valid JSON",
        message_zh: "不是有效的 JSON（第 {line} 行第 {column} 列）：{detail}",
        message_en: "not valid JSON at line {line}, column {column}: {detail}",
        reference: "SPEC.md §3.1; RFC 8259",
    },
    RuleInfo {
        rule: Rule::TooLarge,
        code: "X004",
        name: "too-large",
        family: Family::Input,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "文件过大",
        title_en: "File too large",
        message_zh: "文件有 {size} 字节，超过上限 {limit} 字节，未检查",
        message_en: "the file has {size} bytes, more than the limit of {limit}; not checked",
        reference: "xxgk check --max-file-size",
    },
    RuleInfo {
        rule: Rule::SchemaViolation,
        code: "S101",
        name: "schema-violation",
        family: Family::Structure,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "不符合发布的 JSON Schema",
        title_en: "Does not match the published JSON Schema",
        message_zh: "不符合 JSON Schema（{keyword}）：{detail}",
        message_en: "does not match the JSON Schema ({keyword}): {detail}",
        reference: "schema/1.0/report.schema.json; SPEC.md §3",
    },
    RuleInfo {
        rule: Rule::ModelViolation,
        code: "S102",
        name: "model-violation",
        family: Family::Structure,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "数值写法不合规范",
        title_en: "Value not in canonical form",
        message_zh: "数值写法不合规范（整数须写成不带小数点和指数的形式）：{detail}",
        message_en: "value not in canonical form (integers are written without fraction or exponent): {detail}",
        reference: "SPEC.md §4.2",
    },
    RuleInfo {
        rule: Rule::UnknownEdition,
        code: "S103",
        name: "unknown-edition",
        family: Family::Structure,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "缺少或无法识别的版式",
        title_en: "Missing or unknown edition",
        message_zh: "edition 缺失或无法识别（{found}），应为 \"2019\" 或 \"2021\"",
        message_en: "edition missing or unknown ({found}); expected \"2019\" or \"2021\"",
        reference: "SPEC.md §8",
    },
    RuleInfo {
        rule: Rule::DuplicateKey,
        code: "S104",
        name: "duplicate-key",
        family: Family::Structure,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "对象中有重复的键",
        title_en: "Duplicate member name",
        message_zh: "对象中有重复的键（第 {line} 行第 {column} 列）：{detail}",
        message_en: "duplicate member name at line {line}, column {column}: {detail}",
        reference: "SPEC.md §3.1; RFC 8259 §4",
    },
    RuleInfo {
        rule: Rule::Table3Balance,
        code: "A201",
        name: "t3-balance",
        family: Family::Arithmetic,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "表三本列：第一项加第二项之和，等于第三项加第四项之和",
        title_en: "Table 3 column balance: 一 + 二 = 三（七） + 四",
        message_zh: "表三「{column}」列：一＋二＝{left}，三（七）总计＋四＝{right}，两者应相等",
        message_en: "table 3, column {column}: 一 + 二 = {left} but 三（七）总计 + 四 = {right}; they must be equal",
        reference: "国办公开办函〔2019〕60号、〔2021〕30号 表三：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”",
    },
    RuleInfo {
        rule: Rule::Table3OutcomeTotal,
        code: "A202",
        name: "t3-outcome-total",
        family: Family::Arithmetic,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "表三（七）总计等于各办理结果之和",
        title_en: "Table 3 （七）总计 equals the sum of the outcome rows",
        message_zh: "表三「{column}」列：（七）总计填报 {reported}，各办理结果之和为 {computed}",
        message_en: "table 3, column {column}: （七）总计 states {reported}, the outcome rows sum to {computed}",
        reference: "表三 三、本年度办理结果：各申请只计一种情形（“只计这一情形，不计其他情形”）",
    },
    RuleInfo {
        rule: Rule::Table3RowTotal,
        code: "A203",
        name: "t3-row-total",
        family: Family::Arithmetic,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "表三每行总计等于各类申请人之和",
        title_en: "Table 3 row 总计 equals the sum of the applicant columns",
        message_zh: "表三「{row}」：总计填报 {reported}，六类申请人之和为 {computed}",
        message_en: "table 3, row {row}: 总计 states {reported}, the six applicant columns sum to {computed}",
        reference: "表三 申请人情况：总计 = 自然人 + 法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）",
    },
    RuleInfo {
        rule: Rule::Table4GroupTotal,
        code: "A204",
        name: "t4-group-total",
        family: Family::Arithmetic,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "表四各组总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        title_en: "Table 4 group 总计 equals 维持 + 纠正 + 其他 + 尚未审结",
        message_zh: "表四「{group}」：总计填报 {reported}，各项之和为 {computed}",
        message_en: "table 4, {group}: 总计 states {reported}, the results sum to {computed}",
        reference: "表四 行政复议、行政诉讼：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    },
    RuleInfo {
        rule: Rule::BlankTotal,
        code: "A205",
        name: "blank-total",
        family: Family::Arithmetic,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "合计栏空白而分项有数",
        title_en: "Blank total with stated parts",
        message_zh: "「{label}」空白，但各分项均已填报，合计应为 {computed}",
        message_en: "{label} is blank although every part is stated; the parts sum to {computed}",
        reference: "SPEC.md §4.3, §9: totals are stored as reported, never derived",
    },
    RuleInfo {
        rule: Rule::UnstatedCell,
        code: "N301",
        name: "unstated-cell",
        family: Family::Null,
        severity: Severity::Info,
        editions: BOTH,
        title_zh: "单元格未填报数值",
        title_en: "Cell states no value",
        message_zh: "「{label}」未填报数值（空白、“/”、“—”或“无”）",
        message_en: "{label} states no value (blank, \"/\", \"—\" or \"无\")",
        reference: "SPEC.md §4.3",
    },
    RuleInfo {
        rule: Rule::EditionYearMismatch,
        code: "M401",
        name: "edition-year-mismatch",
        family: Family::Metadata,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "版式与报告年度不符",
        title_en: "Edition does not match the report year",
        message_zh: "{year} 年度报告应使用 {expected} 版式（{instrument}），本报告使用 {edition} 版式",
        message_en: "a report for {year} follows the {expected} edition ({instrument}); this one follows {edition}",
        reference: "国办公开办函〔2019〕60号（2019–2020 年度）；国办公开办函〔2021〕30号（2021 年度起）",
    },
    RuleInfo {
        rule: Rule::FutureYear,
        code: "M402",
        name: "future-year",
        family: Family::Metadata,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "报告年度在未来",
        title_en: "Report year in the future",
        message_zh: "报告年度 {year} 晚于当前年份 {current}",
        message_en: "report year {year} is after the current year {current}",
        reference: "《政府信息公开条例》第四十九条（年度报告在次年公布）",
    },
    RuleInfo {
        rule: Rule::CreditCodeCheck,
        code: "M403",
        name: "credit-code-check",
        family: Family::Metadata,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "统一社会信用代码校验位不符",
        title_en: "统一社会信用代码 check character mismatch",
        message_zh: "统一社会信用代码 {code} 的校验位应为 {expected}，实为 {found}",
        message_en: "统一社会信用代码 {code}: the check character should be {expected}, not {found}",
        reference: "GB 32100-2015 第 5 章（少数已发代码校验不通过，故为警告）",
    },
    RuleInfo {
        rule: Rule::DivisionCodeProvince,
        code: "M404",
        name: "division-code-province",
        family: Family::Metadata,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "行政区划代码的省级代码不存在",
        title_en: "行政区划代码 has no such province",
        message_zh: "行政区划代码 {code} 的前两位 {province} 不是省级行政区代码",
        message_en: "行政区划代码 {code}: {province} is not a province-level code",
        reference: "GB/T 2260",
    },
    RuleInfo {
        rule: Rule::PeriodOutsideYear,
        code: "M405",
        name: "period-outside-year",
        family: Family::Metadata,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "统计期限与报告年度不符",
        title_en: "Statistical period does not match the report year",
        message_zh: "统计期限 {start} 至 {end} 不在报告年度 {year} 之内，或起止颠倒",
        message_en: "statistical period {start} to {end} is not within report year {year}, or is reversed",
        reference: "SPEC.md §3.4",
    },
    RuleInfo {
        rule: Rule::InvalidDate,
        code: "M406",
        name: "invalid-date",
        family: Family::Metadata,
        severity: Severity::Error,
        editions: BOTH,
        title_zh: "日期不存在",
        title_en: "No such date",
        message_zh: "{date} 不是公历中存在的日期",
        message_en: "{date} is not a date of the Gregorian calendar",
        reference: "SPEC.md §3.4",
    },
    RuleInfo {
        rule: Rule::PublishedExceedsTotal,
        code: "P501",
        name: "published-exceeds-total",
        family: Family::Plausibility,
        severity: Severity::Warning,
        editions: ONLY_2019,
        title_zh: "本年新公开数量大于对外公开总数量",
        title_en: "Newly published exceeds total published",
        message_zh: "表二「{row}」：本年新公开数量 {published} 大于对外公开总数量 {total}",
        message_en: "table 2, {row}: 本年新公开数量 {published} exceeds 对外公开总数量 {total}",
        reference: "国办公开办函〔2019〕60号 表二 第二十条第（一）项",
    },
    RuleInfo {
        rule: Rule::NegativeItemCount,
        code: "P502",
        name: "negative-item-count",
        family: Family::Plausibility,
        severity: Severity::Error,
        editions: ONLY_2019,
        title_zh: "上一年项目数量加本年增/减为负",
        title_en: "Previous items plus change is negative",
        message_zh: "表二「{row}」：上一年项目数量 {previous} 加本年增/减 {change} 得 {computed}，项目数不能为负",
        message_en: "table 2, {row}: 上一年项目数量 {previous} plus 本年增/减 {change} is {computed}; a number of items cannot be negative",
        reference: "国办公开办函〔2019〕60号 表二 第二十条第（五）（六）（八）项",
    },
    RuleInfo {
        rule: Rule::CarryOverMismatch,
        code: "Y601",
        name: "carry-over-mismatch",
        family: Family::CrossYear,
        severity: Severity::Warning,
        editions: BOTH,
        title_zh: "上年结转与上一年度结转下年度不符",
        title_en: "Carried over differs from last year's carried forward",
        message_zh: "表三「{column}」列：二、上年结转 {reported}，而 {previous_year} 年度报告四、结转下年度继续办理为 {expected}",
        message_en: "table 3, column {column}: 二、上年结转 is {reported} but the {previous_year} report carried forward {expected}",
        reference: "表三 二、上年结转 与上一年度 四、结转下年度继续办理",
    },
    RuleInfo {
        rule: Rule::ItemCountChain,
        code: "Y602",
        name: "item-count-chain",
        family: Family::CrossYear,
        severity: Severity::Warning,
        editions: ONLY_2019,
        title_zh: "上一年项目数量与上一年度报告不衔接",
        title_en: "Previous items do not follow from last year's report",
        message_zh: "表二「{row}」：上一年项目数量 {reported}，按 {previous_year} 年度报告应为 {expected}",
        message_en: "table 2, {row}: 上一年项目数量 is {reported}; the {previous_year} report gives {expected}",
        reference: "国办公开办函〔2019〕60号 表二：上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1)",
    },
    RuleInfo {
        rule: Rule::InForceStock,
        code: "Y603",
        name: "in-force-stock",
        family: Family::CrossYear,
        severity: Severity::Warning,
        editions: ONLY_2021,
        title_zh: "现行有效件数与上一年度不衔接",
        title_en: "Documents in force do not follow from last year",
        message_zh: "表二「{row}」：现行有效件数 {reported}，按 {previous_year} 年度现行有效件数加本年制发、减本年废止应为 {expected}",
        message_en: "table 2, {row}: 现行有效件数 is {reported}; {previous_year}'s stock plus issued minus repealed gives {expected}",
        reference: "国办公开办函〔2021〕30号 表二 第二十条第（一）项",
    },
];

impl Rule {
    /// The catalog row of this rule.
    pub fn info(self) -> &'static RuleInfo {
        &CATALOG[self as usize]
    }

    /// The rule with this code or name.
    pub fn find(code_or_name: &str) -> Option<Rule> {
        CATALOG
            .iter()
            .find(|info| info.code == code_or_name || info.name == code_or_name)
            .map(|info| info.rule)
    }

    /// Whether a diagnostic of this rule makes the file unreadable rather than invalid.
    pub fn makes_unreadable(self) -> bool {
        self.info().family == Family::Input
    }
}
