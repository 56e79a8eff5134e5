/* Generated from schema/1.0/report.schema.json by schema/bindings/generate-typescript.mjs
 * (json-schema-to-typescript). Do not edit: run `bash schema/bindings/regenerate.sh`. */

/**
 * Report
 *
 * A 政府信息公开工作年度报告 in canonical form. `edition` names the template its tables follow (a fact of the report, not derived from its year).
 */
export type Report = Report2019 | Report2021;
/**
 * The version of this document format. Every document states the version it follows.
 */
export type FormatVersion = "1.0";
/**
 * Administrative level: `national` 国家级, `provincial` 省级, `prefectural` 地市级,
 * `county` 县级, `township` 乡镇（街道）级.
 */
export type AgencyLevel = "national" | "provincial" | "prefectural" | "county" | "township";
/**
 * Kind of report: `department` for a 部门 (a government department's own report),
 * `government` for a 本级政府 report of a people's government as a whole.
 */
export type ReportKind = "department" | "government";
/**
 * Publication form: `html` web page, `pdf`, `docx` or `doc` Word file, `image` scanned or
 * photographed pages, `text` plain text.
 */
export type Carrier = "html" | "pdf" | "docx" | "doc" | "image" | "text";
/**
 * The unit a money amount is written in: `yuan` is 元, `wan_yuan` is 万元 (10,000 元).
 */
export type MoneyUnit = "yuan" | "wan_yuan";
/**
 * A number in a local row: an integer, or an exact decimal written as a string.
 */
export type ExtraValue = number | string;

/**
 * A report whose tables follow the template edition named by `edition`.
 */
export interface Report2019 {
  /**
   * The template edition the tables follow.
   */
  edition: "2019";
  /**
   * The version of this document format the document follows.
   */
  format_version: FormatVersion;
  /**
   * 报告年度
   *
   * The calendar year the report covers.
   */
  report_year: number;
  /**
   * The agency that publishes the report.
   */
  agency: Agency;
  /**
   * The date the report was published, when known.
   */
  published_on?: string | null;
  /**
   * Where this document was taken from.
   */
  source?: Source | null;
  /**
   * The statistical period the report states.
   */
  period?: Period | null;
  /**
   * The prose of the six sections.
   */
  sections?: Sections;
  /**
   * 二、主动公开政府信息情况
   *
   * Table 2: proactive disclosure.
   */
  proactive_disclosure: ProactiveDisclosure2019;
  /**
   * 三、收到和处理政府信息公开申请情况
   *
   * Table 3: applications received and how they were handled.
   */
  applications: Applications2019;
  /**
   * 四、政府信息公开行政复议、行政诉讼情况
   *
   * Table 4: administrative reviews and lawsuits.
   */
  appeals: Appeals;
  /**
   * The one place for data outside this format. Keys should carry a namespace of their
   * owner (e.g. `"hubei.review_note"`); their content is not constrained.
   */
  extensions?: {
    [k: string]: unknown;
  } | null;
}
/**
 * The agency that publishes the report.
 */
export interface Agency {
  /**
   * The publishing agency's name as the report (or its publisher's page) gives it.
   */
  name: string;
  /**
   * 行政区划代码
   *
   * The 行政区划代码 of the agency's area.
   */
  division_code?: string | null;
  /**
   * 统一社会信用代码
   *
   * The agency's 统一社会信用代码.
   */
  credit_code?: string | null;
  /**
   * The administrative level the agency belongs to.
   */
  level?: AgencyLevel | null;
  /**
   * Whether this is a department's own report or a government's 本级政府 report.
   */
  kind?: ReportKind | null;
}
/**
 * Where the canonical document was taken from.
 */
export interface Source {
  /**
   * Address of the published report.
   */
  url?: string | null;
  /**
   * When the source was retrieved.
   */
  retrieved_at?: string | null;
  /**
   * The form the report was published in.
   */
  carrier?: Carrier | null;
}
/**
 * The statistical period the report states, both ends inclusive.
 */
export interface Period {
  /**
   * First day of the period.
   */
  start: string;
  /**
   * Last day of the period.
   */
  end: string;
}
/**
 * The prose of the report's six sections, as published (tables excluded).
 */
export interface Sections {
  /**
   * The introduction before section 一 (legal basis, structure, statistical period, contact).
   */
  preamble?: string | null;
  /**
   * 一、总体情况
   *
   * Section 一: overview of the year's disclosure work.
   */
  overview?: string | null;
  /**
   * 二、主动公开政府信息情况
   *
   * Section 二: prose around table 2.
   */
  proactive_disclosure?: string | null;
  /**
   * 三、收到和处理政府信息公开申请情况
   *
   * Section 三: prose around table 3.
   */
  applications?: string | null;
  /**
   * 四、政府信息公开行政复议、行政诉讼情况
   *
   * Section 四: prose around table 4.
   */
  appeals?: string | null;
  /**
   * 五、存在的主要问题及改进情况
   *
   * Section 五: main problems and how they were addressed.
   */
  problems_and_improvements?: string | null;
  /**
   * 六、其他需要报告的事项
   *
   * Section 六: other matters to report (e.g. 信息处理费 collected).
   */
  other_matters?: string | null;
}
/**
 * Table 2 of the 2019 edition (22 cells).
 */
export interface ProactiveDisclosure2019 {
  /**
   * 规章
   *
   * Table 2, block 第二十条第（一）项, row 规章: rules.
   */
  regulations: Documents2019;
  /**
   * 规范性文件
   *
   * Table 2, block 第二十条第（一）项, row 规范性文件: normative documents.
   */
  normative_documents: Documents2019;
  /**
   * 行政许可
   *
   * Table 2, block 第二十条第（五）项, row 行政许可: administrative licensing.
   */
  administrative_licensing: Matters2019;
  /**
   * 其他对外管理服务事项
   *
   * Table 2, block 第二十条第（五）项, row 其他对外管理服务事项: other external management and service matters.
   */
  other_administrative_services: Matters2019;
  /**
   * 行政处罚
   *
   * Table 2, block 第二十条第（六）项, row 行政处罚: administrative penalties.
   */
  administrative_penalties: Matters2019;
  /**
   * 行政强制
   *
   * Table 2, block 第二十条第（六）项, row 行政强制: administrative enforcement.
   */
  administrative_enforcement: Matters2019;
  /**
   * 行政事业性收费
   *
   * Table 2, block 第二十条第（八）项, row 行政事业性收费: administrative fees.
   */
  administrative_fees: FeeItems2019;
  /**
   * 政府集中采购
   *
   * Table 2, block 第二十条第（九）项, row 政府集中采购: centralized government procurement.
   */
  centralized_procurement: Procurement2019;
  /**
   * Rows a locality added to table 2 (e.g. Hubei's 其他主动公开文件), as printed.
   */
  extra_rows?: ExtraRow[];
}
/**
 * Table 2 (2019), block 第二十条第（一）项: documents made and published.
 */
export interface Documents2019 {
  /**
   * 本年新制作数量
   *
   * Table 2 (2019), column 本年新制作数量: documents newly made this year.
   */
  made: number | null;
  /**
   * 本年新公开数量
   *
   * Table 2 (2019), column 本年新公开数量: documents newly published this year.
   */
  published: number | null;
  /**
   * 对外公开总数量
   *
   * Table 2 (2019), column 对外公开总数量: all documents published to date.
   */
  total_published: number | null;
}
/**
 * Table 2 (2019), blocks 第二十条第（五）项 and 第（六）项: matters and decisions.
 */
export interface Matters2019 {
  /**
   * 上一年项目数量
   *
   * Table 2 (2019), column 上一年项目数量: matters listed at the end of the previous year.
   */
  previous_items: number | null;
  /**
   * 本年增/减
   *
   * Table 2 (2019), column 本年增/减: change in the number of matters this year (negative for a decrease).
   */
  change: number | null;
  /**
   * 处理决定数量
   *
   * Table 2 (2019), column 处理决定数量: decisions made this year.
   */
  decisions: number | null;
}
/**
 * Table 2 (2019), block 第二十条第（八）项: fee items.
 */
export interface FeeItems2019 {
  /**
   * 上一年项目数量
   *
   * Table 2 (2019), column 上一年项目数量: fee items listed at the end of the previous year.
   */
  previous_items: number | null;
  /**
   * 本年增/减
   *
   * Table 2 (2019), column 本年增/减: change in the number of fee items this year (negative for a decrease).
   */
  change: number | null;
}
/**
 * Table 2 (2019), block 第二十条第（九）项: centralized procurement.
 */
export interface Procurement2019 {
  /**
   * 采购项目数量
   *
   * Table 2 (2019), column 采购项目数量: projects bought through centralized procurement.
   */
  projects: number | null;
  /**
   * 采购总金额
   *
   * Table 2 (2019), column 采购总金额: total amount paid, in the unit the report states.
   */
  total_amount: Money | null;
}
/**
 * An amount of money exactly as the report states it, with the unit it states.
 */
export interface Money {
  /**
   * The amount as printed, without unit or grouping.
   */
  amount: string;
  /**
   * The unit the report writes (in the cell or its header); null when the report gives none.
   */
  unit: MoneyUnit | null;
}
/**
 * A row that is not in the national template, kept with its printed labels.
 */
export interface ExtraRow {
  /**
   * The row label exactly as printed, e.g. "其他主动公开文件".
   */
  label: string;
  /**
   * The block or parent row it is printed under, as printed, e.g. "第二十条第（一）项".
   */
  under?: string | null;
  /**
   * One entry per column of the row, in printed order.
   */
  cells: ExtraCell[];
}
/**
 * One column of an extra row.
 */
export interface ExtraCell {
  /**
   * The column label as printed, e.g. "本年新制作数量".
   */
  column: string;
  /**
   * The number the cell states, or null when it states none.
   */
  value: ExtraValue | null;
  /**
   * The cell text as printed when it carries more than the number (a unit, a sign word).
   */
  raw?: string | null;
}
/**
 * Table 3 of one edition. `EDITION` only names the schema definition (`Applications2019`, …).
 */
export interface Applications2019 {
  /**
   * 一、本年新收政府信息公开申请数量
   *
   * Table 3, row 一: applications received in the report year.
   */
  new_applications: ApplicantCounts;
  /**
   * 二、上年结转政府信息公开申请数量
   *
   * Table 3, row 二: applications carried over from the previous year.
   */
  carried_over: ApplicantCounts;
  /**
   * 三、本年度办理结果
   *
   * Table 3, row group 三: how the applications were concluded this year.
   */
  outcomes: Outcomes2019;
  /**
   * 四、结转下年度继续办理
   *
   * Table 3, row 四: applications still being handled, carried forward to next year.
   */
  carried_forward: ApplicantCounts;
  /**
   * Rows a locality added to table 3, as printed.
   */
  extra_rows?: ExtraRow[];
}
/**
 * The seven columns of a table 3 row, under the header 申请人情况.
 */
export interface ApplicantCounts {
  /**
   * 自然人
   *
   * Table 3, column 自然人: applications from natural persons.
   */
  natural_persons: number | null;
  /**
   * 商业企业
   *
   * Table 3, column 法人或其他组织 / 商业企业: applications from commercial enterprises.
   */
  commercial_enterprises: number | null;
  /**
   * 科研机构
   *
   * Table 3, column 法人或其他组织 / 科研机构: applications from research institutions.
   */
  research_institutions: number | null;
  /**
   * 社会公益组织
   *
   * Table 3, column 法人或其他组织 / 社会公益组织: applications from public-interest organisations.
   */
  public_interest_organizations: number | null;
  /**
   * 法律服务机构
   *
   * Table 3, column 法人或其他组织 / 法律服务机构: applications from legal service agencies.
   */
  legal_service_agencies: number | null;
  /**
   * 其他
   *
   * Table 3, column 法人或其他组织 / 其他: applications from other legal persons or organisations.
   */
  other_organizations: number | null;
  /**
   * 总计
   *
   * Table 3, column 总计: all applicants of the row, as the report states it.
   */
  total: number | null;
}
/**
 * Table 3, row group 三、本年度办理结果. Each application is counted in exactly one outcome row.
 */
export interface Outcomes2019 {
  /**
   * （一）予以公开
   *
   * Table 3, row 三（一）: information disclosed in full.
   */
  disclosed: ApplicantCounts;
  /**
   * （二）部分公开（区分处理的，只计这一情形，不计其他情形）
   *
   * Table 3, row 三（二）: information disclosed in part (counted here only).
   */
  partially_disclosed: ApplicantCounts;
  /**
   * （三）不予公开
   *
   * Table 3, row group 三（三）: disclosure refused, by reason.
   */
  withheld: Withheld;
  /**
   * （四）无法提供
   *
   * Table 3, row group 三（四）: information cannot be provided, by reason.
   */
  unavailable: Unavailable;
  /**
   * （五）不予处理
   *
   * Table 3, row group 三（五）: application not processed, by reason.
   */
  not_processed: NotProcessed;
  /**
   * （六）其他处理
   *
   * Table 3, row 三（六）: other handling (one row in 2019, three rows from 2021).
   */
  other_handling: ApplicantCounts;
  /**
   * （七）总计
   *
   * Table 3, row 三（七）: all outcomes of the year, as the report states them.
   */
  total: ApplicantCounts;
}
/**
 * Table 3, rows 三（三）1–8: reasons for refusing disclosure.
 */
export interface Withheld {
  /**
   * 1.属于国家秘密
   *
   * Table 3, row 三（三）1: the information is a state secret.
   */
  state_secrets: ApplicantCounts;
  /**
   * 2.其他法律行政法规禁止公开
   *
   * Table 3, row 三（三）2: other laws or administrative regulations forbid disclosure.
   */
  prohibited_by_law: ApplicantCounts;
  /**
   * 3.危及“三安全一稳定”
   *
   * Table 3, row 三（三）3: disclosure would endanger national, public or economic security or social stability.
   */
  security_and_stability: ApplicantCounts;
  /**
   * 4.保护第三方合法权益
   *
   * Table 3, row 三（三）4: withheld to protect the lawful rights of third parties.
   */
  third_party_rights: ApplicantCounts;
  /**
   * 5.属于三类内部事务信息
   *
   * Table 3, row 三（三）5: internal affairs information (three kinds).
   */
  internal_affairs: ApplicantCounts;
  /**
   * 6.属于四类过程性信息
   *
   * Table 3, row 三（三）6: process information (four kinds).
   */
  process_information: ApplicantCounts;
  /**
   * 7.属于行政执法案卷
   *
   * Table 3, row 三（三）7: administrative law-enforcement case files.
   */
  enforcement_case_files: ApplicantCounts;
  /**
   * 8.属于行政查询事项
   *
   * Table 3, row 三（三）8: matters of administrative inquiry.
   */
  inquiry_matters: ApplicantCounts;
}
/**
 * Table 3, rows 三（四）1–3: reasons the information cannot be provided.
 */
export interface Unavailable {
  /**
   * 1.本机关不掌握相关政府信息
   *
   * Table 3, row 三（四）1: the agency does not hold the information.
   */
  not_held: ApplicantCounts;
  /**
   * 2.没有现成信息需要另行制作
   *
   * Table 3, row 三（四）2: no ready information exists; it would have to be compiled.
   */
  requires_compilation: ApplicantCounts;
  /**
   * 3.补正后申请内容仍不明确
   *
   * Table 3, row 三（四）3: the request is still unclear after amendment.
   */
  unclear_after_amendment: ApplicantCounts;
}
/**
 * Table 3, rows 三（五）1–5: reasons the application was not processed.
 */
export interface NotProcessed {
  /**
   * 1.信访举报投诉类申请
   *
   * Table 3, row 三（五）1: petitions, reports or complaints.
   */
  petitions_and_complaints: ApplicantCounts;
  /**
   * 2.重复申请
   *
   * Table 3, row 三（五）2: repeated applications.
   */
  duplicate_applications: ApplicantCounts;
  /**
   * 3.要求提供公开出版物
   *
   * Table 3, row 三（五）3: requests for public publications.
   */
  publications_requested: ApplicantCounts;
  /**
   * 4.无正当理由大量反复申请
   *
   * Table 3, row 三（五）4: large numbers of repeated applications without good reason.
   */
  excessive_repetition: ApplicantCounts;
  /**
   * 5.要求行政机关确认或重新出具已获取信息
   *
   * Table 3, row 三（五）5: requests to confirm or re-issue information already obtained.
   */
  confirmation_or_reissue: ApplicantCounts;
}
/**
 * Table 4: administrative reviews and lawsuits about the agency's information disclosure.
 */
export interface Appeals {
  /**
   * 行政复议
   *
   * Table 4, column group 行政复议: administrative reviews.
   */
  administrative_review: AppealResults;
  /**
   * 未经复议直接起诉
   *
   * Table 4, column group 行政诉讼 / 未经复议直接起诉: lawsuits filed without prior review.
   */
  litigation_without_review: AppealResults;
  /**
   * 复议后起诉
   *
   * Table 4, column group 行政诉讼 / 复议后起诉: lawsuits filed after an administrative review.
   */
  litigation_after_review: AppealResults;
  /**
   * Rows a locality added to table 4, as printed.
   */
  extra_rows?: ExtraRow[];
}
/**
 * The five columns of one table 4 group.
 */
export interface AppealResults {
  /**
   * 结果维持
   *
   * Table 4, column 结果维持: the agency's handling was upheld.
   */
  upheld: number | null;
  /**
   * 结果纠正
   *
   * Table 4, column 结果纠正: the agency's handling was corrected.
   */
  corrected: number | null;
  /**
   * 其他结果
   *
   * Table 4, column 其他结果: concluded with another result.
   */
  other: number | null;
  /**
   * 尚未审结
   *
   * Table 4, column 尚未审结: not yet concluded.
   */
  pending: number | null;
  /**
   * 总计
   *
   * Table 4, column 总计: all cases of the group, as the report states it.
   */
  total: number | null;
}
/**
 * A report whose tables follow the template edition named by `edition`.
 */
export interface Report2021 {
  /**
   * The template edition the tables follow.
   */
  edition: "2021";
  /**
   * The version of this document format the document follows.
   */
  format_version: FormatVersion;
  /**
   * 报告年度
   *
   * The calendar year the report covers.
   */
  report_year: number;
  /**
   * The agency that publishes the report.
   */
  agency: Agency;
  /**
   * The date the report was published, when known.
   */
  published_on?: string | null;
  /**
   * Where this document was taken from.
   */
  source?: Source | null;
  /**
   * The statistical period the report states.
   */
  period?: Period | null;
  /**
   * The prose of the six sections.
   */
  sections?: Sections;
  /**
   * 二、主动公开政府信息情况
   *
   * Table 2: proactive disclosure.
   */
  proactive_disclosure: ProactiveDisclosure2021;
  /**
   * 三、收到和处理政府信息公开申请情况
   *
   * Table 3: applications received and how they were handled.
   */
  applications: Applications2021;
  /**
   * 四、政府信息公开行政复议、行政诉讼情况
   *
   * Table 4: administrative reviews and lawsuits.
   */
  appeals: Appeals;
  /**
   * The one place for data outside this format. Keys should carry a namespace of their
   * owner (e.g. `"hubei.review_note"`); their content is not constrained.
   */
  extensions?: {
    [k: string]: unknown;
  } | null;
}
/**
 * Table 2 of the 2021 edition (10 cells).
 */
export interface ProactiveDisclosure2021 {
  /**
   * 规章
   *
   * Table 2, block 第二十条第（一）项, row 规章: rules.
   */
  regulations: Documents2021;
  /**
   * 行政规范性文件
   *
   * Table 2, block 第二十条第（一）项, row 行政规范性文件: administrative normative documents.
   */
  normative_documents: Documents2021;
  /**
   * 行政许可
   *
   * Table 2, block 第二十条第（五）项, row 行政许可: administrative licensing.
   */
  administrative_licensing: Decisions2021;
  /**
   * 行政处罚
   *
   * Table 2, block 第二十条第（六）项, row 行政处罚: administrative penalties.
   */
  administrative_penalties: Decisions2021;
  /**
   * 行政强制
   *
   * Table 2, block 第二十条第（六）项, row 行政强制: administrative enforcement.
   */
  administrative_enforcement: Decisions2021;
  /**
   * 行政事业性收费
   *
   * Table 2, block 第二十条第（八）项, row 行政事业性收费: administrative fees.
   */
  administrative_fees: Fees2021;
  /**
   * Rows a locality added to table 2, as printed.
   */
  extra_rows?: ExtraRow[];
}
/**
 * Table 2 (2021), block 第二十条第（一）项: documents issued, repealed and in force.
 */
export interface Documents2021 {
  /**
   * 本年制发件数
   *
   * Table 2 (2021), column 本年制发件数: documents issued this year.
   */
  issued: number | null;
  /**
   * 本年废止件数
   *
   * Table 2 (2021), column 本年废止件数: documents repealed this year.
   */
  repealed: number | null;
  /**
   * 现行有效件数
   *
   * Table 2 (2021), column 现行有效件数: documents in force at the end of the year.
   */
  in_force: number | null;
}
/**
 * Table 2 (2021), blocks 第二十条第（五）项 and 第（六）项: decisions made.
 */
export interface Decisions2021 {
  /**
   * 本年处理决定数量
   *
   * Table 2 (2021), column 本年处理决定数量: decisions made this year.
   */
  decisions: number | null;
}
/**
 * Table 2 (2021), block 第二十条第（八）项: fees collected.
 */
export interface Fees2021 {
  /**
   * 本年收费金额（单位：万元）
   *
   * Table 2 (2021), column 本年收费金额（单位：万元）: fees collected this year; the template's unit is 万元.
   */
  amount: Money | null;
}
/**
 * Table 3 of one edition. `EDITION` only names the schema definition (`Applications2019`, …).
 */
export interface Applications2021 {
  /**
   * 一、本年新收政府信息公开申请数量
   *
   * Table 3, row 一: applications received in the report year.
   */
  new_applications: ApplicantCounts;
  /**
   * 二、上年结转政府信息公开申请数量
   *
   * Table 3, row 二: applications carried over from the previous year.
   */
  carried_over: ApplicantCounts;
  /**
   * 三、本年度办理结果
   *
   * Table 3, row group 三: how the applications were concluded this year.
   */
  outcomes: Outcomes2021;
  /**
   * 四、结转下年度继续办理
   *
   * Table 3, row 四: applications still being handled, carried forward to next year.
   */
  carried_forward: ApplicantCounts;
  /**
   * Rows a locality added to table 3, as printed.
   */
  extra_rows?: ExtraRow[];
}
/**
 * Table 3, row group 三、本年度办理结果. Each application is counted in exactly one outcome row.
 */
export interface Outcomes2021 {
  /**
   * （一）予以公开
   *
   * Table 3, row 三（一）: information disclosed in full.
   */
  disclosed: ApplicantCounts;
  /**
   * （二）部分公开（区分处理的，只计这一情形，不计其他情形）
   *
   * Table 3, row 三（二）: information disclosed in part (counted here only).
   */
  partially_disclosed: ApplicantCounts;
  /**
   * （三）不予公开
   *
   * Table 3, row group 三（三）: disclosure refused, by reason.
   */
  withheld: Withheld;
  /**
   * （四）无法提供
   *
   * Table 3, row group 三（四）: information cannot be provided, by reason.
   */
  unavailable: Unavailable;
  /**
   * （五）不予处理
   *
   * Table 3, row group 三（五）: application not processed, by reason.
   */
  not_processed: NotProcessed;
  /**
   * （六）其他处理
   *
   * Table 3, row 三（六）: other handling (one row in 2019, three rows from 2021).
   */
  other_handling: OtherHandling2021;
  /**
   * （七）总计
   *
   * Table 3, row 三（七）: all outcomes of the year, as the report states them.
   */
  total: ApplicantCounts;
}
/**
 * Table 3 (2021), rows 三（六）1–3: other handling.
 */
export interface OtherHandling2021 {
  /**
   * 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
   *
   * Table 3, row 三（六）1: the applicant did not amend the application in time without good reason.
   */
  amendment_overdue: ApplicantCounts;
  /**
   * 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
   *
   * Table 3, row 三（六）2: the applicant did not pay the fee notified in time.
   */
  fee_unpaid: ApplicantCounts;
  /**
   * 3.其他
   *
   * Table 3, row 三（六）3: other handling.
   */
  other: ApplicantCounts;
}
