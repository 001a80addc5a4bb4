//! The header: the database, today, and overdue / due-soon counts per pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{Theme, data, fit};
use crate::domain::dates;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width as usize;
    let today = dates::format_long(app.ctx.today);
    let room = width.saturating_sub(today.len() + 14);
    let first = Line::from(vec![
        Span::styled(" oversight ", theme.title()),
        Span::styled(fit(&data(&app.db_label), room), theme.dim()),
        Span::raw("  ·  "),
        Span::raw(today),
    ]);
    let mut counts = vec![Span::raw(" ")];
    for (i, pane) in app.panes.iter().enumerate() {
        if i > 0 {
            counts.push(Span::styled(" │ ", theme.dim()));
        }
        let short = pane.spec.short;
        counts.push(Span::styled(format!("{short} "), theme.title()));
        let c = pane.counts;
        let (overdue, soon) = if width >= 110 {
            (
                format!("! {} overdue", c.overdue),
                format!(", ~ {} due soon", c.due_soon),
            )
        } else {
            (
                format!("{} overdue", c.overdue),
                format!("/{} soon", c.due_soon),
            )
        };
        counts.push(Span::styled(
            overdue,
            if c.overdue > 0 {
                theme.overdue()
            } else {
                theme.dim()
            },
        ));
        counts.push(Span::styled(
            soon,
            if c.due_soon > 0 {
                theme.due_soon()
            } else {
                theme.dim()
            },
        ));
        if width >= 130 {
            counts.push(Span::styled(format!(", {} open", c.open), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(vec![first, Line::from(counts)]), area);
}
