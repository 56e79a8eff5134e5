//! Table 3 — 三、收到和处理政府信息公开申请情况 (both editions).
//!
//! Every row has the same seven applicant columns ([`ApplicantCounts`]). The editions differ only
//! in row （六）其他处理, which is one row in 2019 and three in 2021; that row's type is the
//! parameter `O`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cell::Count;
use super::extra::ExtraRow;

/// The seven columns of a table 3 row, under the header 申请人情况.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantCounts {
    /// Table 3, column 自然人: applications from natural persons.
    #[schemars(title = "自然人")]
    pub natural_persons: Count,
    /// Table 3, column 法人或其他组织 / 商业企业: applications from commercial enterprises.
    #[schemars(title = "商业企业")]
    pub commercial_enterprises: Count,
    /// Table 3, column 法人或其他组织 / 科研机构: applications from research institutions.
    #[schemars(title = "科研机构")]
    pub research_institutions: Count,
    /// Table 3, column 法人或其他组织 / 社会公益组织: applications from public-interest organisations.
    #[schemars(title = "社会公益组织")]
    pub public_interest_organizations: Count,
    /// Table 3, column 法人或其他组织 / 法律服务机构: applications from legal service agencies.
    #[schemars(title = "法律服务机构")]
    pub legal_service_agencies: Count,
    /// Table 3, column 法人或其他组织 / 其他: applications from other legal persons or organisations.
    #[schemars(title = "其他")]
    pub other_organizations: Count,
    /// Table 3, column 总计: all applicants of the row, as the report states it.
    #[schemars(title = "总计")]
    pub total: Count,
}

/// Table 3 of one edition. `EDITION` only names the schema definition (`Applications2019`, …).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Applications{EDITION}")]
pub struct Applications<O, const EDITION: u16> {
    /// Table 3, row 一: applications received in the report year.
    #[schemars(title = "一、本年新收政府信息公开申请数量")]
    pub new_applications: ApplicantCounts,
    /// Table 3, row 二: applications carried over from the previous year.
    #[schemars(title = "二、上年结转政府信息公开申请数量")]
    pub carried_over: ApplicantCounts,
    /// Table 3, row group 三: how the applications were concluded this year.
    #[schemars(title = "三、本年度办理结果")]
    pub outcomes: Outcomes<O, EDITION>,
    /// Table 3, row 四: applications still being handled, carried forward to next year.
    #[schemars(title = "四、结转下年度继续办理")]
    pub carried_forward: ApplicantCounts,
    /// Rows a locality added to table 3, as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub extra_rows: Vec<ExtraRow>,
}

/// Table 3, row group 三、本年度办理结果. Each application is counted in exactly one outcome row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Outcomes{EDITION}")]
pub struct Outcomes<O, const EDITION: u16> {
    /// Table 3, row 三（一）: information disclosed in full.
    #[schemars(title = "（一）予以公开")]
    pub disclosed: ApplicantCounts,
    /// Table 3, row 三（二）: information disclosed in part (counted here only).
    #[schemars(title = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
    pub partially_disclosed: ApplicantCounts,
    /// Table 3, row group 三（三）: disclosure refused, by reason.
    #[schemars(title = "（三）不予公开")]
    pub withheld: Withheld,
    /// Table 3, row group 三（四）: information cannot be provided, by reason.
    #[schemars(title = "（四）无法提供")]
    pub unavailable: Unavailable,
    /// Table 3, row group 三（五）: application not processed, by reason.
    #[schemars(title = "（五）不予处理")]
    pub not_processed: NotProcessed,
    /// Table 3, row 三（六）: other handling (one row in 2019, three rows from 2021).
    #[schemars(title = "（六）其他处理")]
    pub other_handling: O,
    /// Table 3, row 三（七）: all outcomes of the year, as the report states them.
    #[schemars(title = "（七）总计")]
    pub total: ApplicantCounts,
}

/// Table 3, rows 三（三）1–8: reasons for refusing disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    /// Table 3, row 三（三）1: the information is a state secret.
    #[schemars(title = "1.属于国家秘密")]
    pub state_secrets: ApplicantCounts,
    /// Table 3, row 三（三）2: other laws or administrative regulations forbid disclosure.
    #[schemars(title = "2.其他法律行政法规禁止公开")]
    pub prohibited_by_law: ApplicantCounts,
    /// Table 3, row 三（三）3: disclosure would endanger national, public or economic security or social stability.
    #[schemars(title = "3.危及“三安全一稳定”")]
    pub security_and_stability: ApplicantCounts,
    /// Table 3, row 三（三）4: withheld to protect the lawful rights of third parties.
    #[schemars(title = "4.保护第三方合法权益")]
    pub third_party_rights: ApplicantCounts,
    /// Table 3, row 三（三）5: internal affairs information (three kinds).
    #[schemars(title = "5.属于三类内部事务信息")]
    pub internal_affairs: ApplicantCounts,
    /// Table 3, row 三（三）6: process information (four kinds).
    #[schemars(title = "6.属于四类过程性信息")]
    pub process_information: ApplicantCounts,
    /// Table 3, row 三（三）7: administrative law-enforcement case files.
    #[schemars(title = "7.属于行政执法案卷")]
    pub enforcement_case_files: ApplicantCounts,
    /// Table 3, row 三（三）8: matters of administrative inquiry.
    #[schemars(title = "8.属于行政查询事项")]
    pub inquiry_matters: ApplicantCounts,
}

/// Table 3, rows 三（四）1–3: reasons the information cannot be provided.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    /// Table 3, row 三（四）1: the agency does not hold the information.
    #[schemars(title = "1.本机关不掌握相关政府信息")]
    pub not_held: ApplicantCounts,
    /// Table 3, row 三（四）2: no ready information exists; it would have to be compiled.
    #[schemars(title = "2.没有现成信息需要另行制作")]
    pub requires_compilation: ApplicantCounts,
    /// Table 3, row 三（四）3: the request is still unclear after amendment.
    #[schemars(title = "3.补正后申请内容仍不明确")]
    pub unclear_after_amendment: ApplicantCounts,
}

/// Table 3, rows 三（五）1–5: reasons the application was not processed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    /// Table 3, row 三（五）1: petitions, reports or complaints.
    #[schemars(title = "1.信访举报投诉类申请")]
    pub petitions_and_complaints: ApplicantCounts,
    /// Table 3, row 三（五）2: repeated applications.
    #[schemars(title = "2.重复申请")]
    pub duplicate_applications: ApplicantCounts,
    /// Table 3, row 三（五）3: requests for public publications.
    #[schemars(title = "3.要求提供公开出版物")]
    pub publications_requested: ApplicantCounts,
    /// Table 3, row 三（五）4: large numbers of repeated applications without good reason.
    #[schemars(title = "4.无正当理由大量反复申请")]
    pub excessive_repetition: ApplicantCounts,
    /// Table 3, row 三（五）5: requests to confirm or re-issue information already obtained.
    #[schemars(title = "5.要求行政机关确认或重新出具已获取信息")]
    pub confirmation_or_reissue: ApplicantCounts,
}
