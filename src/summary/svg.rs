//! The page's charts as inline SVG: horizontal bars, stacked shares and box plots. Labels are
//! measured (a CJK character is one em, other characters about half), cut with "…" where they
//! would run into the bars, and given whole in a tooltip (`<title>`).

use std::fmt::Write;

/// Colours, distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito).
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999",
];

const FONT: f64 = 13.0;
const ROW: f64 = 22.0;
const WIDTH: f64 = 860.0;

/// Escapes text for HTML and SVG.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The width of `text` at the chart font, in pixels (estimated).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.58 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// `text` cut to fit `width` pixels, with "…" when cut. Labels run from the table down to the
/// cell, so the end is kept: it is what tells two rows apart.
fn fit(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = text_width("…");
    for c in text.chars().rev() {
        let w = if c.is_ascii() { 0.58 } else { 1.0 } * FONT;
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

fn label_column(labels: impl Iterator<Item = f64>) -> f64 {
    labels.fold(80.0_f64, f64::max).min(WIDTH * 0.45) + 12.0
}

fn open(height: f64, title: &str) -> String {
    format!(
        "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" font-size=\"{FONT}\"><title>{}</title>",
        escape(title)
    )
}

/// A label at the left of a row, cut to `width`, whole in its tooltip.
fn row_label(out: &mut String, label: &str, width: f64, y: f64) {
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\"><title>{}</title>{}</text>",
        width - 8.0,
        y + ROW * 0.68,
        escape(label),
        escape(&fit(label, width - 12.0))
    );
}

/// Horizontal bars: one per item, its value written after it.
pub fn bars(title: &str, items: &[(String, f64, String)], color: &str) -> String {
    let left = label_column(items.iter().map(|(l, ..)| text_width(l)));
    let max_value = items.iter().map(|(_, v, _)| *v).fold(0.0, f64::max);
    let value_space = 110.0;
    let span = WIDTH - left - value_space;
    let height = ROW * items.len() as f64 + 8.0;
    let mut out = open(height, title);
    for (i, (label, value, shown)) in items.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        row_label(&mut out, label, left, y);
        let w = if max_value > 0.0 {
            span * value / max_value
        } else {
            0.0
        };
        let _ = write!(
            out,
            "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 3.0,
            ROW - 6.0,
            escape(label),
            escape(shown),
            left + w + 5.0,
            y + ROW * 0.68,
            escape(shown)
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar per row split into shares (each row's parts add to 100%), with a legend; part `j`
/// is painted `colors[j]`.
pub fn shares(
    title: &str,
    legend: &[String],
    colors: &[&str],
    rows: &[(String, Vec<f64>)],
) -> String {
    let left = label_column(rows.iter().map(|(l, _)| text_width(l)));
    let span = WIDTH - left - 20.0;
    let legend_rows = legend_layout(legend);
    let legend_height = ROW
        * (legend_rows
            .last()
            .map_or(0.0, |(_, _, row)| *row as f64 + 1.0));
    let height = ROW * rows.len() as f64 + legend_height + 12.0;
    let mut out = open(height, title);
    for (i, (label, parts)) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        row_label(&mut out, label, left, y);
        let total: f64 = parts.iter().sum();
        let mut x = left;
        for (j, part) in parts.iter().enumerate() {
            if total <= 0.0 {
                break;
            }
            let w = span * part / total;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} · {}: {:.1}%</title></rect>",
                y + 3.0,
                ROW - 6.0,
                colors[j % colors.len()],
                escape(label),
                escape(legend.get(j).map_or("", String::as_str)),
                100.0 * part / total
            );
            x += w;
        }
    }
    let top = ROW * rows.len() as f64 + 12.0;
    draw_legend(&mut out, &legend_rows, colors, top);
    out.push_str("</svg>");
    out
}

/// Where each legend entry goes: (label, x, row).
fn legend_layout(legend: &[String]) -> Vec<(String, f64, usize)> {
    let mut placed = Vec::new();
    let (mut x, mut row) = (10.0, 0);
    for label in legend {
        let shown = fit(label, 260.0);
        let w = 18.0 + text_width(&shown) + 16.0;
        if x + w > WIDTH && x > 10.0 {
            x = 10.0;
            row += 1;
        }
        placed.push((shown, x, row));
        x += w;
    }
    placed
}

fn draw_legend(out: &mut String, placed: &[(String, f64, usize)], colors: &[&str], top: f64) {
    for (j, (label, x, row)) in placed.iter().enumerate() {
        let y = top + ROW * *row as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 4.0,
            colors[j % colors.len()],
            x + 17.0,
            y + 14.5,
            escape(label)
        );
    }
}

/// Box plots on a log scale (counts run from 0 to thousands): whiskers at the minimum and
/// maximum, the box from the first to the third quartile, the median marked; `n` after each.
pub fn boxes(title: &str, rows: &[(String, [i64; 5], usize)]) -> String {
    let left = label_column(rows.iter().map(|(l, ..)| text_width(l)));
    let right = 70.0;
    let span = WIDTH - left - right;
    let max = rows.iter().map(|(_, q, _)| q[4]).max().unwrap_or(1).max(1);
    let top_power = (max as f64 + 1.0).log10().ceil().max(1.0);
    let scale = |v: i64| left + span * ((v.max(0) as f64) + 1.0).log10() / top_power;
    let height = ROW * rows.len() as f64 + 30.0;
    let mut out = open(height, title);
    // Ticks at 0, 1, 10, 100, …
    let axis_y = ROW * rows.len() as f64 + 6.0;
    let mut tick: i64 = 0;
    loop {
        let x = scale(tick);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"2\" x2=\"{x:.1}\" y2=\"{axis_y:.1}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{tick}</text>",
            axis_y + 16.0
        );
        tick = if tick == 0 { 1 } else { tick * 10 };
        if (tick as f64 + 1.0).log10() > top_power + 1e-9 {
            break;
        }
    }
    for (i, (label, q, n)) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let mid = y + ROW / 2.0;
        row_label(&mut out, label, left, y);
        let [lo, q1, median, q3, hi] = q.map(scale);
        let _ = write!(
            out,
            "<g><title>{}: min {} · P25 {} · median {} · P75 {} · max {} (n = {n})</title>\
             <line x1=\"{lo:.1}\" y1=\"{mid:.1}\" x2=\"{hi:.1}\" y2=\"{mid:.1}\" stroke=\"#333\"/>\
             <rect x=\"{q1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#333\"/>\
             <line x1=\"{median:.1}\" y1=\"{:.1}\" x2=\"{median:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"2\"/></g>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#555\">n={n}</text>",
            escape(label),
            q[0],
            q[1],
            q[2],
            q[3],
            q[4],
            y + 4.0,
            (q3 - q1).max(1.0),
            ROW - 8.0,
            PALETTE[5],
            y + 3.0,
            y + ROW - 3.0,
            WIDTH - right + 6.0,
            y + ROW * 0.68,
        );
    }
    out.push_str("</svg>");
    out
}

/// Grouped horizontal bars: per row, one bar per series, with a legend.
pub fn grouped(title: &str, legend: &[String], rows: &[(String, Vec<f64>)]) -> String {
    let series = legend.len().max(1);
    let left = label_column(rows.iter().map(|(l, _)| text_width(l)));
    let value_space = 70.0;
    let span = WIDTH - left - value_space;
    let max = rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0, f64::max);
    let bar = 9.0;
    let row_height = bar * series as f64 + 10.0;
    let legend_rows = legend_layout(legend);
    let legend_height = ROW
        * (legend_rows
            .last()
            .map_or(0.0, |(_, _, row)| *row as f64 + 1.0));
    let height = row_height * rows.len() as f64 + legend_height + 12.0;
    let mut out = open(height, title);
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = 4.0 + row_height * i as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            left - 8.0,
            y + row_height / 2.0 + 4.0,
            escape(label),
            escape(&fit(label, left - 12.0))
        );
        for (j, value) in values.iter().enumerate() {
            let w = if max > 0.0 { span * value / max } else { 0.0 };
            let by = y + bar * j as f64;
            let _ = write!(
                out,
                "<rect x=\"{left:.1}\" y=\"{by:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} · {}: {value:.2}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#555\">{value:.2}</text>",
                bar - 1.0,
                PALETTE[j % PALETTE.len()],
                escape(label),
                escape(legend.get(j).map_or("", String::as_str)),
                left + w + 4.0,
                by + bar - 1.5
            );
        }
    }
    let top = row_height * rows.len() as f64 + 12.0;
    draw_legend(&mut out, &legend_rows, &PALETTE, top);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_to_fit_and_escaped() {
        let label = "三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密";
        let cut = fit(label, 100.0);
        assert!(
            cut.starts_with('…') && cut.ends_with("国家秘密") && text_width(&cut) <= 100.0 + FONT
        );
        let chart = bars("t", &[(format!("{label}<x>"), 3.0, "3".into())], PALETTE[0]);
        assert!(chart.contains("&lt;x&gt;") && !chart.contains("<x>"));
    }
}
