//! One pane: a table of exactly the rows in its window (nothing else is built), with the
//! urgency of each row shown by a marker and words as well as colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::text::{Theme, data, fit};
use crate::domain::deadline::Urgency;
use crate::domain::fields;
use crate::domain::ids::Kind;
use crate::store::Count;
use crate::tui::app::{App, Mode};

fn short_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

pub fn render(app: &App, index: usize, frame: &mut Frame, area: Rect, theme: Theme) {
    let pane = &app.panes[index];
    let focused = index == app.focus;
    let mut title = vec![Span::styled(
        format!(" {} {} ", index + 1, pane.title()),
        theme.title(),
    )];
    let position = match pane.position() {
        _ if pane.total == Count::Exact(0) => "0".to_string(),
        Some(at) => format!("{}/{}", at + 1, pane.total),
        // Past where a broad filter's counting stopped.
        None => format!("{} matches", pane.total),
    };
    title.push(Span::raw(format!("{position} ")));
    if pane.filter.overdue_only {
        title.push(Span::styled("· overdue only ", theme.overdue()));
    }
    if !pane.filter_text.is_empty() {
        title.push(Span::styled(
            format!("· filter “{}” ", fit(&data(&pane.filter_text), 24)),
            theme.key(),
        ));
    }
    if pane.filter.sort != Default::default() {
        title.push(Span::raw(format!("· {} ", pane.filter.sort.label())));
    }
    let block = Block::bordered()
        .title(Line::from(title))
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.dim()
        });
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

    let wide = inner.width >= 90;
    let who = match pane.kind {
        Kind::Letter => "From",
        _ => "Owner",
    };
    let mut header = vec!["", "ID", "Text (↻ times chased)", who, "Due"];
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(if wide { 18 } else { 10 }),
        Constraint::Length(11),
    ];
    if wide {
        header.push("Status");
        widths.push(Constraint::Length(14));
    }
    header.push("");
    widths.push(Constraint::Length(13));

    let text_width = inner.width.saturating_sub(if wide {
        7 + 18 + 11 + 14 + 13 + 1 + 6
    } else {
        7 + 12 + 11 + 13 + 1 + 5
    }) as usize;
    let rows = pane.rows.iter().enumerate().map(|(i, row)| {
        let item = &row.listed.item;
        let urgency = item.urgency(app.ctx.today, app.ctx.settings.due_soon_days);
        let marker = match urgency {
            Urgency::Overdue => "!",
            Urgency::DueSoon => "~",
            _ => " ",
        };
        let words = item.due_words(app.ctx.today, app.ctx.settings.due_soon_days);
        let style = match urgency {
            Urgency::Overdue => theme.overdue(),
            Urgency::DueSoon => theme.due_soon(),
            _ => Style::new(),
        };
        let mut headline = data(&item.headline());
        if row.listed.chases > 0 {
            headline = format!("↻{} {headline}", row.listed.chases);
        }
        let mut cells = vec![
            Cell::from(marker),
            Cell::from(item.id.to_string()),
            Cell::from(fit(&headline, text_width)),
            Cell::from(fit(
                &data(item.owner().unwrap_or_default()),
                if wide { 18 } else { 10 },
            )),
            Cell::from(short_date(item.due_on())),
        ];
        if wide {
            let status = fields::field(item.kind(), "status")
                .map(|s| s.display(item.get("status")))
                .unwrap_or_default();
            cells.push(Cell::from(fit(&status, 14)));
        }
        cells.push(Cell::from(words));
        let mut r = Row::new(cells).style(style);
        if focused && i == pane.cursor && !matches!(app.mode, Mode::Help { .. }) {
            r = r.style(style.patch(theme.selected()));
        } else if i == pane.cursor {
            r = r.style(style.add_modifier(ratatui::style::Modifier::UNDERLINED));
        }
        r
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim()))
        .column_spacing(1);
    frame.render_widget(table, inner);
}

/// Why a pane is empty, and what to do about it.
fn empty_text(app: &App, index: usize) -> String {
    let pane = &app.panes[index];
    if app.empty_database {
        return match index {
            0 => "Nothing tracked yet. Press a to add a recommendation, i to import a letter \
                  (or `oversight import FILE...`), or try the sample data: `oversight demo`."
                .into(),
            1 => "Empty: press i to import a letter, or a to log one.".into(),
            _ => "Empty: press a to add one.".into(),
        };
    }
    if !pane.filter_text.is_empty() {
        return format!(
            "No open item matches “{}” (Esc clears the filter).",
            data(&pane.filter_text)
        );
    }
    if pane.filter.overdue_only {
        return "Nothing overdue here (o shows every open item).".into();
    }
    match pane.kind {
        Kind::Recommendation => "No open recommendations. Press a to add one.".into(),
        Kind::Letter => "No letters awaiting reply. Press i to import one, a to log one.".into(),
        _ => "No open board actions. Press a to add one.".into(),
    }
}
