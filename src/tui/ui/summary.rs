//! The Summary view's charts, drawn from the figures already counted (never the database):
//! open items by age (the selected bar's items fill the panes below), by owner and by
//! report; the 12-month trend as sparklines; how replies and statutory responses went.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline, Wrap};

use super::text::{Theme, data, fit};
use crate::domain::dates;
use crate::store::summary::{AgeBuckets, Loads, ReplyCounts, total};
use crate::tui::app::App;
use crate::tui::summary::{Chart, MONTHS, Summary};

/// The age bars' labels under the bars (the full names are in the title).
const AGE_SHORT: [&str; 7] = [
    "later", "soon", "1–30", "31–90", "91–365", ">365", "no date",
];
/// The same where bars are narrow ("≤90": 31 to 90 days overdue).
const AGE_TINY: [&str; 7] = ["later", "soon", "≤30", "≤90", "≤365", ">365", "none"];

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let s = &app.summary;
    if area.height < 5 {
        // No room for a bar: say so rather than draw empty frames.
        let text = "The charts need a taller terminal (about 24 rows); the items are below.";
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    if area.height < 14 {
        // Short terminal: the chart whose bars are chosen, beside the trend.
        let [chosen, trend] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(area);
        match s.chart {
            Chart::Age => age_chart(app, s, frame, chosen, theme),
            chart => loads_chart(s, chart, frame, chosen, theme),
        }
        trend_chart(s, frame, trend, theme);
        return;
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
    let [age, trend] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(top);
    let [owners, reports, replies] = Layout::horizontal([
        Constraint::Percentage(36),
        Constraint::Percentage(36),
        Constraint::Fill(1),
    ])
    .areas(bottom);
    age_chart(app, s, frame, age, theme);
    trend_chart(s, frame, trend, theme);
    loads_chart(s, Chart::Owners, frame, owners, theme);
    loads_chart(s, Chart::Reports, frame, reports, theme);
    replies_panel(s, frame, replies, theme);
}

/// A chart's frame: highlighted when its bars have the keys.
fn chart_block(
    s: &Summary,
    chart: Option<Chart>,
    title: Line<'static>,
    theme: Theme,
) -> Block<'static> {
    let chosen = chart.is_some_and(|c| s.focused && s.chart == c);
    Block::bordered().title(title).border_style(if chosen {
        theme.focused_border()
    } else {
        theme.dim()
    })
}

/// "counting…" (or why it could not be counted) where a figure is not in yet.
fn waiting(s: &Summary, frame: &mut Frame, area: Rect, theme: Theme) {
    let text = match &s.failed {
        Some(why) => format!("Could not count: {}", data(why)),
        None => "counting…".to_string(),
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn age_chart(app: &App, s: &Summary, frame: &mut Frame, area: Rect, theme: Theme) {
    let soon = app.ctx.settings.due_soon_days;
    let labels = AgeBuckets::labels(soon);
    let chosen = s.selected_bar(Chart::Age);
    let all = s.figures.age.as_ref().map(|v| total(v));
    let mut title = vec![Span::styled(" Open items by age ", theme.title())];
    if let Some(all) = &all {
        title.push(Span::raw(format!(
            "· {}: {} ",
            labels[chosen],
            all.counts()[chosen]
        )));
    }
    let block = chart_block(s, Some(Chart::Age), Line::from(title), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(all) = all else {
        return waiting(s, frame, inner, theme);
    };
    let counts = all.counts();
    let bar_width = ((inner.width + 1) / 7).saturating_sub(1).clamp(3, 9);
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let style = match i {
                2..=5 => theme.overdue(),
                1 => theme.due_soon(),
                _ => Style::new(),
            };
            let label_style = if i == chosen {
                theme.key().add_modifier(Modifier::UNDERLINED)
            } else {
                theme.dim()
            };
            let names = if bar_width >= 7 { AGE_SHORT } else { AGE_TINY };
            // The chosen bar is marked where there is room (and underlined anyway).
            let label = if i == chosen && names[i].chars().count() < bar_width as usize {
                format!("›{}", names[i])
            } else {
                names[i].to_string()
            };
            Bar::default()
                .value(*n as u64)
                .label(Line::styled(label, label_style))
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1);
    frame.render_widget(chart, inner);
}

/// The last twelve months' open and overdue counts, each month a few columns wide.
fn trend_chart(s: &Summary, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut title = vec![Span::styled(" Open and overdue, 12 months ", theme.title())];
    if let Some(t) = &s.figures.trend {
        if let (Some(first), Some(last)) = (t.points.first(), t.points.last()) {
            title.push(Span::raw(format!(
                "· open {} → {}, overdue {} → {} ",
                first.open, last.open, first.overdue, last.overdue
            )));
        }
    }
    let block = chart_block(s, None, Line::from(title), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(t) = &s.figures.trend else {
        return waiting(s, frame, inner, theme);
    };
    if inner.height < 3 || t.points.is_empty() {
        return;
    }
    let name_w = 9u16;
    let per = ((inner.width.saturating_sub(name_w)) / MONTHS as u16).max(1) as usize;
    let widen = |v: Vec<u64>| -> Vec<u64> {
        v.into_iter()
            .flat_map(|n| std::iter::repeat_n(n, per))
            .collect()
    };
    let open = widen(t.points.iter().map(|p| p.open as u64).collect());
    let overdue = widen(t.points.iter().map(|p| p.overdue as u64).collect());
    let max = t.points.iter().map(|p| p.open).max().unwrap_or(0).max(1) as u64;
    let rows = inner.height.saturating_sub(1);
    let [open_area, overdue_area, axis] = Layout::vertical([
        Constraint::Length(rows - rows / 2),
        Constraint::Length(rows / 2),
        Constraint::Length(1),
    ])
    .areas(inner);
    for (area, name, values, style) in [
        (open_area, "open", open, Style::new()),
        (overdue_area, "overdue", overdue, theme.overdue()),
    ] {
        let [label, spark] =
            Layout::horizontal([Constraint::Length(name_w), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(name).style(theme.dim()), label);
        // One scale for both, so overdue reads against open.
        frame.render_widget(
            Sparkline::default().data(&values).max(max).style(style),
            spark,
        );
    }
    // Month initials under the columns: "D J F M …", the last point being today.
    let mut axis_text = " ".repeat(name_w as usize);
    for p in &t.points {
        let name = dates::format_day(p.on);
        let month = name.split(' ').nth(1).unwrap_or("");
        // "Dec" where a month has room for it and a space, else "D".
        let cell: String = month.chars().take(if per >= 4 { 3 } else { 1 }).collect();
        axis_text.push_str(&format!("{cell:<per$}"));
    }
    frame.render_widget(Paragraph::new(axis_text).style(theme.dim()), axis);
}

/// The heaviest owners or reports: open items as bars, overdue in the value.
fn loads_chart(s: &Summary, chart: Chart, frame: &mut Frame, area: Rect, theme: Theme) {
    let (name, loads): (&str, Option<&Loads>) = match chart {
        Chart::Owners => (" By owner ", s.figures.owners.as_ref()),
        _ => (" By report (recommendations) ", s.figures.reports.as_ref()),
    };
    let mut title = vec![Span::styled(name, theme.title())];
    if let Some(l) = loads {
        if l.others > 0 {
            title.push(Span::raw(format!(
                "· {} more: {} open ",
                l.others, l.others_open
            )));
        }
    }
    let block = chart_block(s, Some(chart), Line::from(title), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(loads) = loads else {
        return waiting(s, frame, inner, theme);
    };
    if loads.top.is_empty() {
        frame.render_widget(Paragraph::new("Nothing open.").style(theme.dim()), inner);
        return;
    }
    let chosen = s.selected_bar(chart);
    let label_w = (inner.width * 2 / 5).clamp(6, 28) as usize;
    // The chosen bar kept in view when more bars than rows.
    let rows = inner.height.max(1) as usize;
    let first = (chosen + 1).saturating_sub(rows);
    let bars: Vec<Bar> = loads
        .top
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, l)| {
            let who = match chart {
                Chart::Owners => data(&l.name),
                _ => format!("{} {}", l.key, data(&l.name)),
            };
            let (mark, label_style) = if i == chosen && s.chart == chart {
                ("›", theme.key())
            } else if i == chosen {
                ("›", Style::new())
            } else {
                (" ", theme.dim())
            };
            let style = if l.overdue > 0 {
                theme.overdue()
            } else {
                Style::new()
            };
            let value = if l.overdue > 0 {
                format!("{} ({} overdue)", l.open, l.overdue)
            } else {
                l.open.to_string()
            };
            Bar::default()
                .value(l.open as u64)
                .text_value(value)
                .label(Line::styled(
                    format!("{mark}{}", fit(&who, label_w - 1)),
                    label_style,
                ))
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED))
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0);
    frame.render_widget(chart, inner);
}

/// "14 on time · 3 late · median 12 days"
fn reply_words(c: &ReplyCounts) -> String {
    if c.replied == 0 {
        return "none".into();
    }
    let mut parts = vec![format!("{} on time", c.on_time), format!("{} late", c.late)];
    if c.not_judged > 0 {
        parts.push(format!("{} no due date", c.not_judged));
    }
    if let Some(m) = c.median_days {
        parts.push(format!("median {m:.0} days"));
    }
    parts.join(" · ")
}

fn replies_panel(s: &Summary, frame: &mut Frame, area: Rect, theme: Theme) {
    let block = chart_block(
        s,
        None,
        Line::styled(" Replies, last 12 months ", theme.title()),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (Some(replies), Some(responses)) = (&s.figures.replies, &s.figures.responses) else {
        return waiting(s, frame, inner, theme);
    };
    let on_time = responses.iter().filter(|r| r.days_late == Some(0)).count();
    let late: Vec<_> = responses
        .iter()
        .filter(|r| r.days_late.is_some_and(|d| d > 0))
        .collect();
    let mut lines = vec![
        Line::styled("Letters the office answered", theme.dim()),
        Line::raw(format!("  {}", reply_words(&replies.by_office))),
        Line::styled("Answers to the office's letters", theme.dim()),
        Line::raw(format!("  {}", reply_words(&replies.to_office))),
        Line::styled("Statutory responses sent", theme.dim()),
        Line::raw(if responses.is_empty() {
            "  none".to_string()
        } else {
            format!("  {on_time} on time · {} late", late.len())
        }),
    ];
    // Each late response: how late, the latest first.
    let mut late = late;
    late.sort_by_key(|r| std::cmp::Reverse(r.sent_on));
    for r in late {
        lines.push(Line::from(vec![
            Span::raw(format!("  {} ", r.report)),
            Span::styled(
                format!("{}d late", r.days_late.unwrap_or(0)),
                theme.overdue(),
            ),
            Span::raw(format!(", sent {}", dates::format_date(r.sent_on))),
        ]));
    }
    // Wrapped, not cut: "median 26 days" is the figure a board asks about.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
