//! The Owners view's list of people: open, overdue and due-soon counts, the longest overdue
//! item and when the person was last chased. Built from the rows in the window only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::text::{Theme, data, fit};
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let list = &app.owners;
    let title = Line::from(vec![
        Span::styled(" People with open items ", theme.title()),
        Span::raw("(Enter: their items · Tab: into them) "),
    ]);
    let more = match (list.more_above, list.more_below) {
        (true, true) => Some(" ↑ more above · ↓ more below "),
        (true, false) => Some(" ↑ more above "),
        (false, true) => Some(" ↓ more below "),
        (false, false) => None,
    };
    let mut block = Block::bordered().title(title);
    if let Some(more) = more {
        block = block.title_bottom(Line::styled(more, theme.dim()));
    }
    let block = block.border_style(if list.focused {
        theme.focused_border()
    } else {
        theme.dim()
    });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if list.rows.is_empty() {
        frame.render_widget(
            Paragraph::new("Nobody has an open item.")
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let today = app.ctx.today;
    let name_width = inner
        .width
        .saturating_sub(6 + 8 + 9 + 24 + 13 + 5)
        .clamp(10, 40) as usize;
    let rows = list.rows.iter().enumerate().map(|(i, o)| {
        let name = match &o.name {
            Some(n) => data(n),
            None => "(nobody)".to_string(),
        };
        let oldest = o
            .oldest_overdue
            .map(|(id, due)| format!("{id}, {}d", (today - due).num_days()))
            .unwrap_or_default();
        let chased = o
            .last_chased
            .map(|d| match (today - d).num_days() {
                0 => "today".to_string(),
                1 => "yesterday".to_string(),
                n => format!("{n}d ago"),
            })
            .unwrap_or_else(|| "never".into());
        let style = if o.overdue > 0 {
            theme.overdue()
        } else if o.due_soon > 0 {
            theme.due_soon()
        } else {
            Style::new()
        };
        let mut row = Row::new(vec![
            Cell::from(fit(&name, name_width)),
            Cell::from(o.open.to_string()),
            Cell::from(o.overdue.to_string()),
            Cell::from(o.due_soon.to_string()),
            Cell::from(oldest),
            Cell::from(chased),
        ])
        .style(style);
        if i == list.cursor {
            row = row.style(if list.focused {
                style.patch(theme.selected())
            } else {
                style.add_modifier(ratatui::style::Modifier::UNDERLINED)
            });
        }
        row
    });
    let widths = [
        Constraint::Length(name_width as u16),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(24),
        Constraint::Length(13),
    ];
    let header = Row::new(vec![
        "Owner",
        "Open",
        "Overdue",
        "Due soon",
        "Longest overdue",
        "Last chased",
    ])
    .style(theme.dim());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}
