//! The summary page: one self-contained HTML file (inline CSS and SVG, no script, nothing
//! fetched), in Chinese or English. Cell and rule labels come from the cell catalog and the
//! rule catalog.

use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use super::svg::{self, PALETTE, escape};
use super::{Corpus, Verdict, quartiles};
use crate::diagnostics::{Lang, Rule};
use crate::export::record::State;
use crate::model::Edition;
use crate::schema::cells::cells;

/// How many rules and cells the charts show (the tables list every rule).
const CHART_ROWS: usize = 15;

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn level_name(level: &str, lang: Lang) -> String {
    let (zh, en) = match level {
        "national" => ("国家级", "national"),
        "provincial" => ("省级", "provincial"),
        "prefectural" => ("地市级", "prefectural"),
        "county" => ("县级", "county"),
        "township" => ("乡镇（街道）级", "township"),
        _ => ("未注明层级", "level not given"),
    };
    t(lang, zh, en).to_owned()
}

fn verdict_name(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Valid => t(lang, "有效", "valid"),
        Verdict::Invalid => t(lang, "无效（违反规则）", "invalid (rules broken)"),
        Verdict::Rejected => t(
            lang,
            "结构无效（非合规报告）",
            "not a valid report (structure)",
        ),
        Verdict::Unreadable => t(lang, "无法读取", "unreadable"),
    }
}

fn state_name(state: State, lang: Lang) -> &'static str {
    match state {
        State::Stated => t(lang, "已填报", "stated"),
        State::Blank => t(lang, "空白", "blank"),
        State::Absent => t(lang, "源文件中缺失", "absent from the source"),
        State::Unreadable => t(lang, "无法识别", "unreadable"),
        State::NotStated => t(lang, "为空（来源不明）", "null (no provenance)"),
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The page for `corpus`, to be written at `out` (links to report files are relative to it).
pub fn render(corpus: &Corpus, lang: Lang, out: &Path) -> String {
    let mut html = String::with_capacity(64 * 1024);
    let title = t(
        lang,
        "政府信息公开工作年度报告 · 语料概览",
        "Annual government-information-disclosure reports · corpus summary",
    );
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body><main>",
        t(lang, "zh-CN", "en"),
        escape(title),
        STYLE
    );
    let _ = write!(
        html,
        "<h1>{}</h1><p class=\"lead\">{}</p>",
        escape(title),
        escape(&match lang {
            Lang::Zh => format!(
                "共 {} 个文件，由 xxgk {} 生成。空白单元格不计为 0：合计与分布只计填报的数值。",
                corpus.files,
                env!("CARGO_PKG_VERSION")
            ),
            Lang::En => format!(
                "{} files, summarized by xxgk {}. A blank cell is never counted as 0: sums and distributions take stated values only.",
                corpus.files,
                env!("CARGO_PKG_VERSION")
            ),
        })
    );
    verdicts(&mut html, corpus, lang);
    rules(&mut html, corpus, lang);
    gaps(&mut html, corpus, lang);
    new_applications(&mut html, corpus, lang);
    outcomes(&mut html, corpus, lang);
    appeals(&mut html, corpus, lang);
    worst(&mut html, corpus, lang, out);
    html.push_str("</main></body></html>\n");
    html
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;color:#222;background:#fff;margin:0}\
main{max-width:900px;margin:0 auto;padding:16px 20px 48px}\
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}\
p.lead,p.note{color:#555;font-size:13px}\
table{border-collapse:collapse;font-size:13px;margin:8px 0;width:100%}\
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{background:#f3f3f3}svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}\
svg text{fill:#222}details{margin:6px 0}summary{cursor:pointer;color:#0072B2}";

fn section(html: &mut String, id: &str, heading: &str) {
    let _ = write!(html, "<section id=\"{id}\"><h2>{}</h2>", escape(heading));
}

fn verdicts(html: &mut String, corpus: &Corpus, lang: Lang) {
    section(html, "verdicts", t(lang, "检查结论", "Verdicts"));
    let items: Vec<(String, f64, String)> = [
        Verdict::Valid,
        Verdict::Invalid,
        Verdict::Rejected,
        Verdict::Unreadable,
    ]
    .into_iter()
    .map(|v| {
        let n = corpus.verdicts.get(&v).copied().unwrap_or(0);
        (
            verdict_name(v, lang).to_owned(),
            n as f64,
            format!("{n} ({:.1}%)", percent(n, corpus.files)),
        )
    })
    .collect();
    html.push_str(&svg::bars(
        t(lang, "检查结论", "Verdicts"),
        &items,
        PALETTE[0],
    ));
    html.push_str("</section>");
}

fn rules(html: &mut String, corpus: &Corpus, lang: Lang) {
    section(
        html,
        "rules",
        t(lang, "各规则的诊断", "Diagnostics per rule"),
    );
    let mut rules: Vec<(&Rule, &super::RuleCount)> = corpus.rules.iter().collect();
    rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
    if rules.is_empty() {
        let _ = write!(
            html,
            "<p>{}</p></section>",
            t(lang, "没有诊断。", "No diagnostics.")
        );
        return;
    }
    let items: Vec<(String, f64, String)> = rules
        .iter()
        .take(CHART_ROWS)
        .map(|(rule, count)| {
            let info = rule.info();
            let title = t(lang, info.title_zh, info.title_en);
            (
                format!("{} {title}", info.code),
                count.findings as f64,
                count.findings.to_string(),
            )
        })
        .collect();
    html.push_str(&svg::bars(
        t(lang, "诊断最多的规则", "Rules with the most diagnostics"),
        &items,
        PALETTE[3],
    ));
    let _ = write!(
        html,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t(lang, "代码", "code"),
        t(lang, "名称", "name"),
        t(lang, "严重性", "severity"),
        t(lang, "规则", "rule"),
        t(lang, "诊断数", "diagnostics"),
        t(lang, "文件数", "files")
    );
    for (rule, count) in rules {
        let info = rule.info();
        let severity = match info.severity {
            crate::diagnostics::Severity::Error => t(lang, "错误", "error"),
            crate::diagnostics::Severity::Warning => t(lang, "警告", "warning"),
            crate::diagnostics::Severity::Info => t(lang, "提示", "info"),
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{severity}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            info.code,
            escape(info.name),
            escape(t(lang, info.title_zh, info.title_en)),
            count.findings,
            count.files
        );
    }
    html.push_str("</tbody></table></section>");
}

fn gaps(html: &mut String, corpus: &Corpus, lang: Lang) {
    section(
        html,
        "gaps",
        t(lang, "最常空缺的单元格", "Cells most often not stated"),
    );
    let _ = write!(
        html,
        "<p class=\"note\">{}</p>",
        t(
            lang,
            "每个版式中未填报数值的报告所占比例。空白、源文件中缺失、无法识别三种情形依据导入记录区分；无导入记录的文件只知其为空。",
            "Share of the edition's reports in which the cell states no number. Blank, absent and unreadable are told apart by import provenance; without it a cell is only known to be null."
        )
    );
    for edition in Edition::ALL {
        let tag = edition.tag();
        let (Some(gaps), Some(&reports)) =
            (corpus.gaps.get(tag), corpus.reports_by_edition.get(tag))
        else {
            continue;
        };
        let catalog = cells(edition);
        let mut order: Vec<usize> = (0..gaps.len())
            .filter(|&i| gaps[i].unstated() > 0)
            .collect();
        order.sort_by(|&a, &b| gaps[b].unstated().cmp(&gaps[a].unstated()).then(a.cmp(&b)));
        let heading = match lang {
            Lang::Zh => format!("{tag} 版式（{reports} 份报告）"),
            Lang::En => format!("Edition {tag} ({reports} reports)"),
        };
        let _ = write!(html, "<h3>{}</h3>", escape(&heading));
        if order.is_empty() {
            let _ = write!(
                html,
                "<p>{}</p>",
                t(lang, "每个单元格都已填报。", "Every cell is stated.")
            );
            continue;
        }
        let states = [
            State::Blank,
            State::Absent,
            State::Unreadable,
            State::NotStated,
        ];
        let legend: Vec<String> = states
            .iter()
            .map(|s| state_name(*s, lang).to_owned())
            .collect();
        let rows: Vec<(String, Vec<f64>)> = order
            .iter()
            .take(CHART_ROWS)
            .map(|&i| {
                let mut parts: Vec<f64> = states
                    .iter()
                    .map(|s| gaps[i].by_state.get(s).copied().unwrap_or(0) as f64)
                    .collect();
                // The stated remainder, unpainted, keeps bars comparable across cells.
                parts.push(gaps[i].by_state.get(&State::Stated).copied().unwrap_or(0) as f64);
                (catalog[i].label_path(), parts)
            })
            .collect();
        let mut legend_with_stated = legend.clone();
        legend_with_stated.push(state_name(State::Stated, lang).to_owned());
        // Stated in light grey: the painted parts are the gaps.
        let colors = [PALETTE[1], PALETTE[3], PALETTE[4], PALETTE[0], "#e4e4e4"];
        html.push_str(&svg::shares(&heading, &legend_with_stated, &colors, &rows));
        let _ = write!(
            html,
            "<details><summary>{}</summary><table><thead><tr><th>{}</th><th>JSON Pointer</th>",
            t(lang, "全部未填报的单元格", "Every cell not always stated"),
            t(lang, "单元格（官方标签）", "cell (official labels)")
        );
        for name in &legend {
            let _ = write!(html, "<th class=\"n\">{}</th>", escape(name));
        }
        let _ = write!(html, "<th class=\"n\">%</th></tr></thead><tbody>");
        for &i in &order {
            let _ = write!(
                html,
                "<tr><td>{}</td><td><code>{}</code></td>",
                escape(&catalog[i].label_path()),
                escape(&catalog[i].pointer)
            );
            for state in states {
                let _ = write!(
                    html,
                    "<td class=\"n\">{}</td>",
                    gaps[i].by_state.get(&state).copied().unwrap_or(0)
                );
            }
            let _ = write!(
                html,
                "<td class=\"n\">{:.1}</td></tr>",
                percent(gaps[i].unstated(), reports)
            );
        }
        html.push_str("</tbody></table></details>");
    }
    html.push_str("</section>");
}

fn group_label(level: &str, year: u16, lang: Lang) -> String {
    format!("{} · {year}", level_name(level, lang))
}

const LEVEL_ORDER: [&str; 6] = [
    "national",
    "provincial",
    "prefectural",
    "county",
    "township",
    "unknown",
];

fn level_rank(level: &str) -> usize {
    LEVEL_ORDER
        .iter()
        .position(|l| *l == level)
        .unwrap_or(LEVEL_ORDER.len())
}

fn new_applications(html: &mut String, corpus: &Corpus, lang: Lang) {
    let label = super::row_label(Edition::E2021, super::NEW_APPLICATIONS);
    section(
        html,
        "new-applications",
        t(lang, "新收申请数量的分布", "New applications: distribution"),
    );
    let _ = write!(
        html,
        "<p class=\"note\">「{}」 {}</p>",
        escape(&label),
        t(
            lang,
            "按层级和年度：最小值、四分位数、中位数、最大值（对数刻度）。",
            "by level and year: minimum, quartiles, median, maximum (log scale)."
        )
    );
    let mut groups: Vec<_> = corpus.new_applications.iter().collect();
    groups.sort_by(|a, b| {
        level_rank(&a.0.0)
            .cmp(&level_rank(&b.0.0))
            .then(a.0.1.cmp(&b.0.1))
    });
    let rows: Vec<(String, [i64; 5], usize)> = groups
        .into_iter()
        .filter_map(|((level, year), values)| {
            let mut values = values.clone();
            quartiles(&mut values).map(|q| (group_label(level, *year, lang), q, values.len()))
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(
            html,
            "<p>{}</p>",
            t(lang, "没有填报的数值。", "No stated values.")
        );
    } else {
        html.push_str(&svg::boxes(&label, &rows));
    }
    html.push_str("</section>");
}

fn outcomes(html: &mut String, corpus: &Corpus, lang: Lang) {
    section(
        html,
        "outcomes",
        t(lang, "办理结果构成", "Outcomes: shares"),
    );
    let _ = write!(
        html,
        "<p class=\"note\">{}</p>",
        t(
            lang,
            "表三「三、本年度办理结果」各类「总计」列之和，按层级，再按年度（只计填报的数值）。",
            "Sums of the 总计 column of each category of table 3 「三、本年度办理结果」, by level, then by year (stated values only)."
        )
    );
    let mut levels: Vec<_> = corpus
        .outcomes
        .iter()
        .filter(|(_, sums)| !sums.is_empty())
        .collect();
    levels.sort_by_key(|(level, _)| level_rank(level));
    let parts = |sums: &std::collections::BTreeMap<String, i64>| -> Vec<f64> {
        corpus
            .outcome_labels
            .iter()
            .map(|l| sums.get(l).copied().unwrap_or(0) as f64)
            .collect()
    };
    let mut rows: Vec<(String, Vec<f64>)> = levels
        .iter()
        .map(|(level, sums)| (level_name(level, lang), parts(sums)))
        .collect();
    rows.extend(
        corpus
            .outcomes_by_year
            .iter()
            .filter(|(_, sums)| !sums.is_empty())
            .map(|(year, sums)| (year.to_string(), parts(sums))),
    );
    if rows.is_empty() {
        let _ = write!(
            html,
            "<p>{}</p>",
            t(lang, "没有填报的数值。", "No stated values.")
        );
    } else {
        html.push_str(&svg::shares(
            t(lang, "办理结果构成", "Outcomes"),
            &corpus.outcome_labels,
            &PALETTE,
            &rows,
        ));
    }
    html.push_str("</section>");
}

fn appeals(html: &mut String, corpus: &Corpus, lang: Lang) {
    section(
        html,
        "appeals",
        t(
            lang,
            "行政复议和行政诉讼",
            "Administrative reviews and lawsuits",
        ),
    );
    let _ = write!(
        html,
        "<p class=\"note\">{}</p>",
        t(
            lang,
            "表四各项「总计」：按层级和年度，每份填报该项的报告的平均数。",
            "Table 4 总计 of each: mean per report stating it, by level and year."
        )
    );
    let mut groups: Vec<_> = corpus
        .appeals
        .iter()
        .filter(|(_, v)| v.iter().any(|s| s.1 > 0))
        .collect();
    groups.sort_by(|a, b| {
        level_rank(&a.0.0)
            .cmp(&level_rank(&b.0.0))
            .then(a.0.1.cmp(&b.0.1))
    });
    let rows: Vec<(String, Vec<f64>)> = groups
        .iter()
        .map(|((level, year), sums)| {
            (
                group_label(level, *year, lang),
                sums.iter()
                    .map(|(sum, n)| {
                        if *n == 0 {
                            0.0
                        } else {
                            *sum as f64 / *n as f64
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(
            html,
            "<p>{}</p>",
            t(lang, "没有填报的数值。", "No stated values.")
        );
    } else {
        html.push_str(&svg::grouped(
            t(lang, "行政复议和行政诉讼", "Reviews and lawsuits"),
            &corpus.appeal_labels,
            &rows,
        ));
        let _ = write!(html, "<table><thead><tr><th></th>");
        for label in &corpus.appeal_labels {
            let _ = write!(
                html,
                "<th class=\"n\">{} {}</th>",
                escape(label),
                t(lang, "合计", "sum")
            );
        }
        html.push_str("</tr></thead><tbody>");
        for ((level, year), sums) in groups {
            let _ = write!(
                html,
                "<tr><td>{}</td>",
                escape(&group_label(level, *year, lang))
            );
            for (sum, n) in sums {
                let _ = write!(html, "<td class=\"n\">{sum} <small>(n={n})</small></td>");
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
    }
    html.push_str("</section>");
}

fn worst(html: &mut String, corpus: &Corpus, lang: Lang, out: &Path) {
    section(
        html,
        "worst",
        t(lang, "错误最多的报告", "Reports with the most errors"),
    );
    if corpus.worst.is_empty() {
        let _ = write!(
            html,
            "<p>{}</p></section>",
            t(lang, "没有错误。", "No errors.")
        );
        return;
    }
    let _ = write!(
        html,
        "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        t(lang, "文件", "file"),
        t(lang, "机关", "agency"),
        t(lang, "年度", "year"),
        t(lang, "错误", "errors"),
        t(lang, "警告", "warnings"),
        t(lang, "规则", "rules")
    );
    let base = out.parent().map(absolute).unwrap_or_default();
    for worst in &corpus.worst {
        let href = relative_href(&base, &absolute(Path::new(&worst.file)));
        let _ = write!(
            html,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&href),
            escape(&worst.file),
            escape(worst.agency.as_deref().unwrap_or("—")),
            worst.report_year.map_or("—".to_owned(), |y| y.to_string()),
            worst.errors,
            worst.warnings,
            escape(&worst.codes.join(", "))
        );
    }
    html.push_str("</tbody></table></section>");
}

/// `path` made absolute against the current folder, `.` and `..` resolved by name.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A relative URL from the folder `base` to `target`, percent-encoded.
fn relative_href(base: &Path, target: &Path) -> String {
    let base: Vec<_> = base.components().collect();
    let target_parts: Vec<_> = target.components().collect();
    let common = base
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); base.len() - common];
    parts.extend(
        target_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let path = parts.join("/");
    let mut href = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            href.push(byte as char);
        } else {
            let _ = write!(href, "%{byte:02X}");
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_and_encoded() {
        assert_eq!(
            relative_href(Path::new("/a/out"), Path::new("/a/corpus/报告 1.json")),
            "../corpus/%E6%8A%A5%E5%91%8A%201.json"
        );
        assert_eq!(
            relative_href(Path::new("/a"), Path::new("/a/x#.json")),
            "x%23.json"
        );
    }
}
