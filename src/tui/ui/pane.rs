//! One pane: a table of exactly the rows in its window (nothing else is built), with the
//! urgency of each row shown by a marker and words as well as colour.

use crate::domain::fields::Field;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::text::{Theme, data, fit};
use crate::domain::deadline::Urgency;
use crate::domain::fields;
use crate::domain::ids::Kind;
use crate::domain::item::Item;
use crate::domain::vocab;
use crate::store::{Count, Listed, ReportProgress};
use crate::tui::app::{App, Mode};
use crate::tui::pane::RowExtra;
use crate::tui::panes::Column;
use crate::tui::views::View;
use unicode_width::UnicodeWidthStr;

fn short_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

pub fn render(app: &App, index: usize, frame: &mut Frame, area: Rect, theme: Theme) {
    let pane = &app.panes[index];
    let focused = index == app.focus && !(app.view == View::Owners && app.owners.focused);
    let mut title = vec![Span::styled(
        format!(" {} {} ", pane.spec.key, data(pane.title())),
        theme.title(),
    )];
    let position = match pane.position() {
        // Counted after the rows are on screen.
        _ if pane.pending.total || pane.pending.counts => "…".to_string(),
        None if pane.pending.position => format!("…/{}", pane.total),
        _ if pane.total == Count::Exact(0) => "0".to_string(),
        Some(at) => format!("{}/{}", at + 1, pane.total),
        // Past where a broad filter's counting stopped.
        None => format!("{} matches", pane.total),
    };
    title.push(Span::raw(format!("{position} ")));
    if pane.filter.overdue_only {
        title.push(Span::styled("· overdue only ", theme.overdue()));
    }
    if pane.filter.finished {
        title.push(Span::styled("· with finished ", theme.key()));
    }
    if !pane.filter_text.is_empty() {
        title.push(Span::styled(
            format!("· filter “{}” ", fit(&data(&pane.filter_text), 24)),
            theme.key(),
        ));
    }
    if pane.filter.sort != Default::default() && pane.filter.owner.is_none() {
        title.push(Span::raw(format!("· {} ", pane.filter.sort.label())));
    }
    let mut block = Block::bordered()
        .title(Line::from(title))
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.dim()
        });
    // Overdue rows come first in due order; the ones scrolled below are never hidden
    // without a word.
    let below = pane.overdue_below();
    if below > 0 {
        block = block.title_bottom(
            Line::styled(format!(" ↓ {below} more overdue "), theme.overdue()).right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if pane.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(empty_text(app, index))
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }

    let today = app.ctx.today;
    let soon = app.ctx.settings.due_soon_days;
    let wide = inner.width >= 110;
    // A pane of several kinds says which response a report's row is owed.
    let mixed = pane.spec.source.parts.len() > 1;
    let mut cells: Vec<RowCells> = Vec::with_capacity(pane.rows.len());
    let mut previous: Option<chrono::NaiveDate> = None;
    for r in &pane.rows {
        let extra = pane.extras.get(&r.listed.item.id);
        cells.push(RowCells::of(&r.listed, extra, previous, wide, mixed, app));
        previous = r.listed.item.due_on();
    }
    let widths = widths(pane.spec.columns, pane.id_width, &cells, inner.width);
    let header: Vec<&str> = widths
        .iter()
        .map(|(c, _)| match c {
            Column::Text => "Text (↻ times chased)",
            Column::Id => "ID",
            Column::Who
                if pane
                    .spec
                    .source
                    .parts
                    .iter()
                    .any(|p| p.kind == Kind::Letter) =>
            {
                "From / to"
            }
            Column::Who if pane.spec.adds == Kind::Report => "From",
            Column::Who | Column::Owner => "Owner",
            Column::Due if pane.spec.adds == Kind::Report => "Last day",
            Column::Due => "Due",
            Column::Status => "Status",
            Column::Published => "Published",
            Column::Response => "Response",
            Column::Progress => "Recommendations",
            Column::Week => "Week",
            Column::Day => "Day",
            Column::Marker | Column::Urgency => "",
        })
        .collect();

    let rows = pane
        .rows
        .iter()
        .zip(&cells)
        .enumerate()
        .map(|(i, (row, c))| {
            let item = &row.listed.item;
            let urgency = item.urgency(today, soon);
            let style = match urgency {
                Urgency::Overdue => theme.overdue(),
                Urgency::DueSoon => theme.due_soon(),
                Urgency::Finished => theme.dim(),
                _ => Style::new(),
            };
            let line: Vec<Cell> = widths
                .iter()
                .map(|(col, w)| {
                    let w = *w as usize;
                    Cell::from(match col {
                        Column::Marker => match urgency {
                            Urgency::Overdue => "!".to_string(),
                            Urgency::DueSoon => "~".to_string(),
                            Urgency::Finished => "✓".to_string(),
                            _ => " ".to_string(),
                        },
                        // Never cut: the column is as wide as the widest ID of the pane's kinds.
                        Column::Id => item.id.to_string(),
                        Column::Text => fit(&c.text, w),
                        Column::Who => fit(&c.who, w),
                        Column::Owner => fit(&c.owner, w),
                        Column::Due => short_date(item.due_on()),
                        Column::Status => fit(&c.status, w),
                        Column::Urgency => c.urgency.clone(),
                        Column::Published => short_date(item.date(Field::PublishedOn)),
                        Column::Response => fit(&c.response, w),
                        Column::Progress => fit(&c.progress, w),
                        Column::Week => c.week.clone(),
                        Column::Day => c.day.clone(),
                    })
                })
                .collect();
            let mut r = Row::new(line).style(style);
            if focused && i == pane.cursor && !matches!(app.mode, Mode::Help { .. }) {
                r = r.style(style.patch(theme.selected()));
            } else if i == pane.cursor {
                r = r.style(style.add_modifier(ratatui::style::Modifier::UNDERLINED));
            }
            r
        });
    let table = Table::new(rows, widths.iter().map(|(_, w)| Constraint::Length(*w)))
        .header(Row::new(header).style(theme.dim()))
        .column_spacing(1);
    frame.render_widget(table, inner);
}

/// What a row shows, as text already made safe to draw.
struct RowCells {
    text: String,
    who: String,
    owner: String,
    status: String,
    urgency: String,
    response: String,
    progress: String,
    /// The week and day of its due date, on the first row of each (grouped rows).
    week: String,
    day: String,
}

impl RowCells {
    fn of(
        listed: &Listed,
        extra: Option<&RowExtra>,
        previous: Option<chrono::NaiveDate>,
        wide: bool,
        mixed: bool,
        app: &App,
    ) -> RowCells {
        let item = &listed.item;
        let today = app.ctx.today;
        let mut text = data(&row_text(item, mixed, app));
        if listed.chases > 0 {
            text = format!("↻{} {text}", listed.chases);
        }
        let status = fields::spec(item.kind(), Field::Status)
            .map(|s| s.display(item.get(Field::Status)))
            .unwrap_or_default();
        let urgency = if item.is_finished() {
            // "replied 20 Oct", "done Mar 2025": the day it was finished, where kept.
            let short = match item.status() {
                Some("no_reply_needed") => "no reply".to_string(),
                Some("complete") => "done".to_string(),
                Some("responded") => "sent".to_string(),
                _ => status.clone(),
            };
            match item.finished_on() {
                Some(day) if day.year() == today.year() => {
                    format!("{short} {}", day.format("%-d %b"))
                }
                Some(day) => format!("{short} {}", day.format("%b %Y")),
                None => short,
            }
        } else {
            item.due_words(today, app.ctx.settings.due_soon_days)
        };
        let (week, day) = grouping(item.due_on(), previous, app);
        RowCells {
            text,
            who: data(&item.waits_on()),
            owner: data(item.text(Field::Owner).unwrap_or_default()),
            status,
            urgency,
            response: response_words(item, extra, today),
            progress: match extra.and_then(|e| e.progress) {
                Some(p) => progress_words(&p, wide),
                // Read between keys, after the rows are on screen.
                None if item.kind() == Kind::Report => "…".into(),
                None => String::new(),
            },
            week,
            day,
        }
    }
}

/// A report's response: sent (on time or how late), or owed (how late so far).
fn response_words(item: &Item, extra: Option<&RowExtra>, today: chrono::NaiveDate) -> String {
    if item.kind() != Kind::Report {
        return String::new();
    }
    let due = item.due_on();
    match (item.status(), extra.and_then(|e| e.response_sent), due) {
        (_, Some(sent), Some(due)) => match (sent - due).num_days() {
            d if d <= 0 => "sent, on time".into(),
            d => format!("sent, {d}d late"),
        },
        (_, Some(_), None) => "sent".into(),
        (Some("awaiting_response"), None, Some(due)) if due < today => {
            format!("owed, {}d late", (today - due).num_days())
        }
        (Some("awaiting_response"), None, Some(_)) => "owed".into(),
        (Some("awaiting_response"), None, None) if item.get(Field::PublishedOn).is_null() => {
            "not published".into()
        }
        (Some("awaiting_response"), None, None) => "owed, no last day".into(),
        (Some(status), None, _) => vocab::label(status),
        (None, None, _) => String::new(),
    }
}

/// "3/12 done, 2 late, R1 A2 G0" (without RAG when narrow); "+" when counting stopped.
fn progress_words(p: &ReportProgress, wide: bool) -> String {
    let plus = if p.partial { "+" } else { "" };
    let mut words = format!("{}/{}{plus} done", p.complete, p.total);
    if p.overdue > 0 {
        words.push_str(&format!(", {} late", p.overdue));
    }
    if wide && p.red + p.amber + p.green > 0 {
        words.push_str(&format!(", R{} A{} G{}", p.red, p.amber, p.green));
    }
    words
}

/// The week ("w/c 30 Nov", or "Overdue") and the day ("Mon 30 Nov", marked "(BH)" for a
/// bank holiday and "(w/e)" for a weekend on the office's clock) of a due date, each only
/// on the first row that has it.
fn grouping(
    due: Option<chrono::NaiveDate>,
    previous: Option<chrono::NaiveDate>,
    app: &App,
) -> (String, String) {
    let Some(due) = due else {
        return (String::new(), String::new());
    };
    let today = app.ctx.today;
    let week_of = |d: chrono::NaiveDate| {
        (d >= today).then(|| d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64))
    };
    let week = match (week_of(due), previous.map(week_of)) {
        (w, Some(p)) if w == p => String::new(),
        (None, _) => "Overdue".into(),
        (Some(monday), _) => format!("w/c {}", monday.format("%-d %b")),
    };
    let day = if previous == Some(due) {
        String::new()
    } else {
        let clock = app.ctx.settings.letter_clock;
        let mark = match app.ctx.calendar.non_working_reason(due, clock) {
            Some(why) if why == "Saturday" || why == "Sunday" => " (w/e)",
            Some(_) => " (BH)",
            None => "",
        };
        format!("{}{mark}", due.format("%a %-d %b"))
    };
    (week, day)
}

/// The row's text: its headline; for a report in a pane of replies owed, which response it
/// owes, and a warning when the last day is not a working day (it does not move).
fn row_text(item: &Item, mixed: bool, app: &App) -> String {
    if item.kind() != Kind::Report || !mixed {
        return item.headline();
    }
    let rule = item.owed_response().unwrap_or("Response");
    let mut text = format!("{rule}: {}", item.headline());
    if let Some(day) = item.due_on().filter(|_| !item.is_finished()) {
        let on = app
            .ctx
            .calendar
            .non_working_reason(day, crate::domain::calendar::Clock::UkWide);
        if let Some(why) = on {
            text.push_str(&format!(" (last day a {why})"));
        }
    }
    text
}

const DUE: u16 = 11;
const URGENCY: u16 = 15;
const STATUS: u16 = 14;
/// A letter's owner column is only added when the text keeps at least this much.
const TEXT_ROOMY: u16 = 36;
const WHO_MAX: u16 = 24;
const RESPONSE: u16 = 16;
const PROGRESS_MAX: u16 = 28;
const WEEK: u16 = 10;
const DAY: u16 = 16;
const OWNER_MAX: u16 = 18;

/// The width of each column the pane shows. IDs are never cut; dates and urgency words keep
/// their width; status shows from 90 columns; the person columns take what their longest
/// value in view needs (up to a limit): the owner column goes first when room is short,
/// then the person column narrows to two fifths of what it shares with the text, which
/// takes the rest.
fn widths(
    columns: &[Column],
    id_width: usize,
    rows: &[RowCells],
    width: u16,
) -> Vec<(Column, u16)> {
    let widest = |f: &dyn Fn(&RowCells) -> &str, title: &str| {
        rows.iter()
            .map(|r| f(r).width())
            .chain([title.width()])
            .max()
            .unwrap_or(0) as u16
    };
    let wide = width >= 90;
    let very_wide = width >= 110;
    let progress = widest(&|r| &r.progress, "Recommendations").min(PROGRESS_MAX);
    let mut who = widest(&|r| &r.who, "From / to").min(WHO_MAX);
    let mut owner = if wide {
        widest(&|r| &r.owner, "Owner").min(OWNER_MAX)
    } else {
        0
    };
    let fixed = |owner_shown: bool| {
        columns
            .iter()
            .map(|c| match c {
                Column::Marker => 1 + 1,
                Column::Id => id_width as u16 + 1,
                Column::Due => DUE + 1,
                Column::Urgency => URGENCY + 1,
                Column::Status if wide => STATUS + 1,
                Column::Owner if owner_shown => 1,
                Column::Text | Column::Who => 1,
                Column::Published if very_wide => DUE + 1,
                Column::Response => RESPONSE + 1,
                Column::Progress => progress + 1,
                Column::Week => WEEK + 1,
                Column::Day => DAY + 1,
                _ => 0,
            })
            .sum::<u16>()
            .saturating_sub(1)
    };
    if !columns.contains(&Column::Owner) || width < fixed(true) + who + owner + TEXT_ROOMY {
        owner = 0;
    }
    let fixed = fixed(owner > 0);
    // The person column takes at most two fifths of what text and person share.
    let shared = width.saturating_sub(fixed + owner);
    who = who.min(10.max(shared * 2 / 5));
    let text = width.saturating_sub(fixed + who + owner);
    columns
        .iter()
        .filter_map(|c| {
            let w = match c {
                Column::Marker => 1,
                Column::Id => id_width as u16,
                Column::Text => text,
                Column::Who => who,
                Column::Owner if owner > 0 => owner,
                Column::Due => DUE,
                Column::Status if wide => STATUS,
                Column::Urgency => URGENCY,
                Column::Published if very_wide => DUE,
                Column::Response => RESPONSE,
                Column::Progress => progress,
                Column::Week => WEEK,
                Column::Day => DAY,
                _ => return None,
            };
            Some((*c, w))
        })
        .collect()
}

/// Why a pane is empty, and what to do about it.
fn empty_text(app: &App, index: usize) -> String {
    let pane = &app.panes[index];
    if app.empty_database {
        return pane.spec.first_use.into();
    }
    if !pane.filter_text.is_empty() {
        return format!(
            "Nothing here matches “{}” (Esc clears the filter).",
            data(&pane.filter_text)
        );
    }
    if pane.filter.overdue_only {
        return "Nothing overdue here (o shows every open item).".into();
    }
    if pane.filter.owner.is_some() {
        return "Nothing of theirs here.".into();
    }
    if pane.filter.report.is_some() {
        return "None of this report's here.".into();
    }
    if pane.filter.from.is_some() {
        return "None here falls in this band.".into();
    }
    pane.spec.empty.into()
}
