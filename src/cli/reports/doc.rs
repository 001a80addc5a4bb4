//! A document that leaves the tool (the board pack, the minutes' action log), built once as
//! data and written as HTML or as Markdown. Every piece of data text is escaped by the
//! writer for its format, here and only here: HTML through `html-escape` (text and
//! attributes), Markdown with a backslash before each character Markdown would act on, and
//! both after [`clean`](super::clean) has made control characters visible.

use std::fmt::Write as _;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as esc};

/// The pack's style sheet: A4 pages, headers repeated on long tables, charts in colour.
const CSS: &str = include_str!("../../../assets/pack.css");

/// A document: a title, lines under it, sections.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: String,
    /// Short lines under the title (who it is for, as at when).
    pub meta: Vec<String>,
    pub sections: Vec<Section>,
    /// Sections follow on (a short log) rather than each starting a new page.
    pub flowing: bool,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The HTML id (a fixed word, never data).
    pub id: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(String),
    /// A heading one level under the section's.
    Sub(String),
    Table(Table),
    Chart(Chart),
    /// Lines of a list (the minutes' actions).
    List(Vec<String>),
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    /// What the table shows, in words (its caption).
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns of numbers (right-aligned).
    pub numeric: Vec<usize>,
    /// The column holding a RAG rating ("Red", "Amber", "Green"), coloured in HTML.
    pub rag: Option<usize>,
}

/// A chart: categories (rows) with one number per series. Bars are stacked, lines drawn
/// one per series.
#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    /// What the first column holds ("Owner", "Month").
    pub category: String,
    pub series: Vec<String>,
    pub rows: Vec<(String, Vec<usize>)>,
    /// Shown under the chart (and in the Markdown table's caption).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    StackedBars,
    Lines,
}

/// Series colours: distinguishable in colour-blindness and in greyscale print (from the
/// Okabe–Ito palette, darker first).
const COLOURS: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];

impl Chart {
    /// The chart in one sentence, every number in it: the alt text.
    pub fn alt(&self) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|(label, values)| {
                let parts: Vec<String> = self
                    .series
                    .iter()
                    .zip(values)
                    .map(|(s, v)| format!("{s} {v}"))
                    .collect();
                format!("{label}: {}", parts.join(", "))
            })
            .collect();
        if rows.is_empty() {
            format!("{}: nothing to show", self.title)
        } else {
            format!("{}. {}.", self.title, rows.join("; "))
        }
    }
}

// ---------------------------------------------------------------------------------------
// HTML

impl Doc {
    /// One self-contained HTML file: inline CSS, no scripts, nothing fetched.
    pub fn html(&self) -> String {
        let mut h = String::with_capacity(64 * 1024);
        h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(h, "<title>{}</title>", esc(&self.title));
        let body = if self.flowing { " class=\"flow\"" } else { "" };
        let _ = writeln!(h, "<style>\n{CSS}</style>\n</head>\n<body{body}>");
        let _ = writeln!(h, "<header>\n<h1>{}</h1>", esc(&self.title));
        for line in &self.meta {
            let _ = writeln!(h, "<p class=\"meta\">{}</p>", esc(line));
        }
        h.push_str("<nav aria-label=\"Contents\"><h2 class=\"toc\">Contents</h2><ol>\n");
        for s in &self.sections {
            let _ = writeln!(
                h,
                "<li><a href=\"#{}\">{}</a></li>",
                attr(s.id),
                esc(&s.heading)
            );
        }
        h.push_str("</ol></nav>\n</header>\n<main>\n");
        for s in &self.sections {
            let _ = writeln!(
                h,
                "<section id=\"{}\" aria-labelledby=\"{}-h\">\n<h2 id=\"{}-h\">{}</h2>",
                attr(s.id),
                attr(s.id),
                attr(s.id),
                esc(&s.heading)
            );
            let mut kept = false;
            for (i, b) in s.blocks.iter().enumerate() {
                match b {
                    Block::Para(p) => {
                        let _ = writeln!(h, "<p>{}</p>", esc(p));
                    }
                    Block::Sub(t) => {
                        // A heading stays on the page of the table under it (a heading at
                        // the foot of a page and its rows on the next reads as a missing
                        // table).
                        kept = matches!(s.blocks.get(i + 1), Some(Block::Table(_)));
                        if kept {
                            h.push_str("<div class=\"keep\">\n");
                        }
                        let _ = writeln!(h, "<h3>{}</h3>", esc(t));
                    }
                    Block::List(lines) => {
                        h.push_str("<ul class=\"log\">\n");
                        for l in lines {
                            let _ = writeln!(h, "<li>{}</li>", esc(l));
                        }
                        h.push_str("</ul>\n");
                    }
                    Block::Table(t) => {
                        table_html(&mut h, t);
                        if std::mem::take(&mut kept) {
                            h.push_str("</div>\n");
                        }
                    }
                    Block::Chart(c) => chart_html(&mut h, c),
                }
            }
            h.push_str("</section>\n");
        }
        h.push_str("</main>\n</body>\n</html>\n");
        h
    }
}

fn table_html(h: &mut String, t: &Table) {
    h.push_str("<table>\n");
    let _ = writeln!(h, "<caption>{}</caption>", esc(&t.caption));
    h.push_str("<thead><tr>");
    for (i, col) in t.head.iter().enumerate() {
        let class = if t.numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", esc(col));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        h.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let mut classes = Vec::new();
            if is_day(cell) || cell.chars().count() <= 6 {
                // "28 Mar 2019" or a ref ("CoC 1") on one line, never broken.
                classes.push("date".to_string());
            }
            if t.numeric.contains(&i) {
                classes.push("num".to_string());
            }
            if t.rag == Some(i) && !cell.is_empty() {
                classes.push(format!("rag rag-{}", cell.to_ascii_lowercase()));
            }
            let class = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", attr(&classes.join(" ")))
            };
            if i == 0 {
                let _ = write!(h, "<th scope=\"row\"{class}>{}</th>", esc(cell));
            } else {
                let _ = write!(h, "<td{class}>{}</td>", esc(cell));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

/// A day as the documents write it ("28 Mar 2019", "6 Nov 2026").
fn is_day(cell: &str) -> bool {
    let parts: Vec<&str> = cell.split(' ').collect();
    matches!(parts.as_slice(), [d, m, y]
        if (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
            && m.len() == 3 && m.bytes().all(|b| b.is_ascii_alphabetic())
            && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// A number in SVG coordinates, without needless decimals.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The series' colour keys from `x0`, wrapped onto a further line rather than running past
/// `width` (a key cut off by the edge of the chart reads as another name). Returns how far
/// below `y` the last line is.
fn legend(h: &mut String, series: &[String], x0: f64, y: f64, width: f64) -> f64 {
    let mut x = x0;
    let mut y = y;
    let mut below = 0.0;
    for (i, s) in series.iter().enumerate() {
        // About 6 px a character at 11 px in the pack's sans-serif.
        let w = 14.0 + 6.0 * s.chars().count() as f64;
        if x > x0 && x + w > width {
            x = x0;
            y += 16.0;
            below += 16.0;
        }
        let _ = write!(
            h,
            "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            n(x),
            n(y - 9.0),
            COLOURS[i % COLOURS.len()],
            n(x + 14.0),
            n(y),
            esc(s)
        );
        x += w + 14.0;
    }
    h.push('\n');
    below
}

/// A label in at most two lines of `chars` characters, broken between words; what still
/// does not fit is cut with an ellipsis (the table or the alt text has it whole).
fn label_lines(label: &str, chars: usize) -> Vec<String> {
    if label.chars().count() <= chars {
        return vec![label.to_string()];
    }
    let mut first = String::new();
    let mut rest = label;
    for (i, c) in label.char_indices() {
        if label[..i].chars().count() > chars {
            break;
        }
        if c == ' ' {
            first = label[..i].to_string();
            rest = label[i + 1..].trim_start();
        }
    }
    if first.is_empty() {
        first = label.chars().take(chars).collect();
        rest = &label[first.len()..];
    }
    vec![first, fit(rest, chars)]
}

/// A label cut to fit a chart's margin (the table beside the chart has it whole).
fn fit(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        label.to_string()
    } else {
        let cut: String = label.chars().take(chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn chart_html(h: &mut String, c: &Chart) {
    h.push_str("<figure class=\"chart\">\n");
    match c.kind {
        ChartKind::StackedBars => bars_svg(h, c),
        ChartKind::Lines => lines_svg(h, c),
    }
    let _ = write!(h, "<figcaption>{}", esc(&c.title));
    if let Some(note) = &c.note {
        let _ = write!(h, " <span class=\"note\">{}</span>", esc(note));
    }
    h.push_str("</figcaption>\n</figure>\n");
}

fn svg_open(h: &mut String, c: &Chart, width: f64, height: f64) {
    let _ = writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" \
         viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">\n<title>{}</title>",
        attr(&c.alt()),
        n(width),
        n(height),
        n(width),
        n(height),
        esc(&c.title)
    );
}

fn bars_svg(h: &mut String, c: &Chart) {
    const WIDTH: f64 = 660.0;
    const LABEL: f64 = 220.0;
    const BAR: f64 = 18.0;
    const CHARS: usize = 34;
    // Room between the bars for labels in two lines, when any is.
    let two = c.rows.iter().any(|(l, _)| l.chars().count() > CHARS);
    let gap = if two { 16.0 } else { 10.0 };
    // The legend first, to know how far down the bars start.
    let mut key = String::new();
    let top = 28.0 + legend(&mut key, &c.series, LABEL, 14.0, WIDTH);
    let height = top + c.rows.len().max(1) as f64 * (BAR + gap) + 4.0;
    svg_open(h, c, WIDTH, height);
    h.push_str(&key);
    let max = c
        .rows
        .iter()
        .map(|(_, v)| v.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let span = WIDTH - LABEL - 60.0;
    for (row, (label, values)) in c.rows.iter().enumerate() {
        let y = top + row as f64 * (BAR + gap);
        let lines = label_lines(label, CHARS);
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">",
            n(LABEL - 8.0),
            n(y + BAR * 0.7),
        );
        if lines.len() == 1 {
            let _ = write!(h, "{}", esc(&lines[0]));
        } else {
            for (i, line) in lines.iter().enumerate() {
                let _ = write!(
                    h,
                    "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                    n(LABEL - 8.0),
                    n(y + BAR * 0.7 + if i == 0 { -6.0 } else { 6.5 }),
                    esc(line)
                );
            }
        }
        let _ = write!(h, "<title>{}</title></text>", esc(label));
        let mut x = LABEL;
        for (i, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let w = span * *v as f64 / max;
            let _ = write!(
                h,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\">\
                 <title>{}, {}: {v}</title></rect>",
                n(x),
                n(y),
                n(w.max(0.5)),
                n(BAR),
                COLOURS[i % COLOURS.len()],
                esc(label),
                esc(&c.series[i]),
            );
            if w >= 22.0 {
                let _ = write!(
                    h,
                    "<text x=\"{}\" y=\"{}\" class=\"in\" text-anchor=\"middle\">{v}</text>",
                    n(x + w / 2.0),
                    n(y + BAR * 0.7)
                );
            }
            x += w;
        }
        let total: usize = values.iter().sum();
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" class=\"total\">{total}</text>",
            n(x + 6.0),
            n(y + BAR * 0.7)
        );
    }
    h.push_str("</svg>\n");
}

fn lines_svg(h: &mut String, c: &Chart) {
    const WIDTH: f64 = 660.0;
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 40.0;
    svg_open(h, c, WIDTH, HEIGHT);
    legend(h, &c.series, LEFT, 14.0, WIDTH);
    let max = c
        .rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    // Grid lines every 1, 2 or 5 times a power of ten: at most five steps to the top.
    let mut step = 1usize;
    'found: for power in [1usize, 10, 100, 1_000, 10_000, 100_000, 1_000_000] {
        for base in [1, 2, 5] {
            step = base * power;
            if step * 5 >= max {
                break 'found;
            }
        }
    }
    let top = max.div_ceil(step) * step;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let y_of = |v: usize| TOP + plot_h - plot_h * v as f64 / top as f64;
    let count = c.rows.len().max(1);
    let x_of = |i: usize| {
        if count == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (count - 1) as f64
        }
    };
    // Grid and axis numbers.
    let mut v = 0;
    while v <= top {
        let _ = write!(
            h,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>\
             <text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{v}</text>",
            n(LEFT),
            n(WIDTH - RIGHT),
            n(LEFT - 6.0),
            n(y_of(v) + 4.0),
            y = n(y_of(v)),
        );
        v += step;
    }
    h.push('\n');
    for (i, (label, _)) in c.rows.iter().enumerate() {
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
            n(x_of(i)),
            n(HEIGHT - BOTTOM + 16.0),
            esc(label)
        );
    }
    h.push('\n');
    // Where each point's number goes: the highest value's above its point, the others'
    // below theirs unless that would reach the month names or another number, then above
    // the numbers already placed; a value equal to one already written is not written twice
    // (its circle's title and the alt text carry it).
    let bottom = TOP + plot_h;
    let placed: Vec<Vec<Option<f64>>> = c
        .rows
        .iter()
        .map(|(_, values)| {
            let mut order: Vec<usize> = (0..c.series.len()).collect();
            order.sort_by_key(|&s| (std::cmp::Reverse(values[s]), s));
            let mut at: Vec<Option<f64>> = vec![None; c.series.len()];
            let mut taken: Vec<f64> = Vec::new();
            let mut written: Vec<usize> = Vec::new();
            for (rank, &s) in order.iter().enumerate() {
                if written.contains(&values[s]) {
                    continue;
                }
                let y = y_of(values[s]);
                let clear = |t: f64, taken: &[f64]| taken.iter().all(|o| (o - t).abs() >= 12.0);
                let below = y + 15.0;
                let mut ty = if rank > 0 && below <= bottom - 3.0 && clear(below, &taken) {
                    below
                } else {
                    y - 8.0
                };
                while !clear(ty, &taken) {
                    ty -= 12.0;
                }
                taken.push(ty);
                written.push(values[s]);
                at[s] = Some(ty);
            }
            at
        })
        .collect();
    for (s, name) in c.series.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        let points: Vec<String> = c
            .rows
            .iter()
            .enumerate()
            .map(|(i, (_, v))| format!("{},{}", n(x_of(i)), n(y_of(v[s]))))
            .collect();
        let _ = writeln!(
            h,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            points.join(" ")
        );
        for (i, (label, v)) in c.rows.iter().enumerate() {
            let (x, y) = (x_of(i), y_of(v[s]));
            let _ = write!(
                h,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{colour}\">\
                 <title>{}, {}: {}</title></circle>",
                n(x),
                n(y),
                esc(name),
                esc(label),
                v[s],
            );
            if let Some(ty) = placed[i][s] {
                let _ = write!(
                    h,
                    "<text x=\"{}\" y=\"{}\" class=\"point\" text-anchor=\"middle\">{}</text>",
                    n(x),
                    n(ty),
                    v[s]
                );
            }
        }
        h.push('\n');
    }
    h.push_str("</svg>\n");
}

// ---------------------------------------------------------------------------------------
// Markdown

/// Data text for Markdown: a backslash before every character Markdown (CommonMark and
/// GitHub's tables) could read as markup, so text shows as written and never as a link,
/// an image, emphasis, HTML or a new table cell.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let markup = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => true,
            // "&amp;" would read as "&": an entity starts with a letter or '#'.
            '&' => chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
            _ => false,
        };
        if markup {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A list line that starts with a number and a dot ("12. ") would become a numbered list.
fn md_line(text: &str) -> String {
    let escaped = md(text);
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && escaped[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &escaped[..digits], &escaped[digits..])
    } else if escaped.starts_with(['-', '+', '#', '=', ' ']) {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

fn md_table(m: &mut String, caption: &str, head: &[String], rows: &[Vec<String>], num: &[usize]) {
    let _ = writeln!(m, "*{}*\n", md(caption));
    let cells: Vec<String> = head.iter().map(|c| md(c)).collect();
    let _ = writeln!(m, "| {} |", cells.join(" | "));
    let rule: Vec<&str> = (0..head.len())
        .map(|i| if num.contains(&i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(m, "| {} |", rule.join(" | "));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
        let _ = writeln!(m, "| {} |", cells.join(" | "));
    }
    m.push('\n');
}

impl Doc {
    /// Markdown for a plain editor and for pasting into Word: headings, pipe tables, no
    /// HTML. Charts are tables of their numbers.
    pub fn markdown(&self) -> String {
        let mut m = String::with_capacity(32 * 1024);
        let _ = writeln!(m, "# {}\n", md(&self.title));
        for line in &self.meta {
            let _ = writeln!(m, "{}  ", md_line(line));
        }
        m.push('\n');
        for s in &self.sections {
            let _ = writeln!(m, "## {}\n", md(&s.heading));
            for b in &s.blocks {
                match b {
                    Block::Para(p) => {
                        let _ = writeln!(m, "{}\n", md_line(p));
                    }
                    Block::Sub(t) => {
                        let _ = writeln!(m, "### {}\n", md(t));
                    }
                    Block::List(lines) => {
                        for l in lines {
                            let _ = writeln!(m, "- {}", md_line(l));
                        }
                        m.push('\n');
                    }
                    Block::Table(t) => md_table(&mut m, &t.caption, &t.head, &t.rows, &t.numeric),
                    Block::Chart(c) => {
                        let mut head = vec![c.category.clone()];
                        head.extend(c.series.iter().cloned());
                        let stacked = c.kind == ChartKind::StackedBars && c.series.len() > 1;
                        if stacked {
                            head.push("Total".into());
                        }
                        let rows: Vec<Vec<String>> = c
                            .rows
                            .iter()
                            .map(|(label, values)| {
                                let mut row = vec![label.clone()];
                                row.extend(values.iter().map(usize::to_string));
                                if stacked {
                                    row.push(values.iter().sum::<usize>().to_string());
                                }
                                row
                            })
                            .collect();
                        let caption = match &c.note {
                            Some(note) => format!("{} ({note})", c.title),
                            None => c.title.clone(),
                        };
                        let num: Vec<usize> = (1..head.len()).collect();
                        md_table(&mut m, &caption, &head, &rows, &num);
                    }
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_would_be_markup() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(
            md("[x](javascript:y) <b> *e* &amp; & (a)"),
            "\\[x\\](javascript:y) \\<b\\> \\*e\\* \\&amp; & (a)"
        );
        assert_eq!(md_line("12. Twelve"), "12\\. Twelve");
        assert_eq!(md_line("- dash"), "\\- dash");
    }

    #[test]
    fn html_escapes_text_and_attributes_and_the_alt_text_has_every_number() {
        let doc = Doc {
            title: "<b>Pack</b>".into(),
            meta: vec!["a & b".into()],
            sections: vec![Section {
                id: "one",
                heading: "Owners".into(),
                blocks: vec![Block::Chart(Chart {
                    title: "By owner".into(),
                    kind: ChartKind::StackedBars,
                    category: "Owner".into(),
                    series: vec!["Overdue".into(), "Not overdue".into()],
                    rows: vec![("\"Ann\" <x>".into(), vec![3, 4])],
                    note: None,
                })],
            }],
            flowing: false,
        };
        let h = doc.html();
        assert!(h.contains("<title>&lt;b&gt;Pack&lt;/b&gt;</title>"), "{h}");
        assert!(!h.contains("<x>"));
        assert!(
            h.contains(
                "aria-label=\"By owner. &quot;Ann&quot; &lt;x&gt;: Overdue 3, Not overdue 4.\""
            ),
            "{h}"
        );
        assert!(h.contains(">7</text>"), "the total is written: {h}");
    }
}
