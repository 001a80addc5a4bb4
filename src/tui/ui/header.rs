//! The header: the database, today, and overdue / due-soon counts per pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{Theme, data, fit};
use crate::domain::dates;
use crate::tui::app::App;
use crate::tui::views::View;

/// Shown in the header when edits are refused.
const READ_ONLY: &str = "read-only ";

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width as usize;
    let today = dates::format_long(app.ctx.today);
    let room = width.saturating_sub(today.len() + 14);
    // The views, k9s-style: the one on screen highlighted, each with its key.
    let mut tabs: Vec<Span> = Vec::new();
    let full: usize = View::ALL.iter().map(|v| v.title().len() + 5).sum();
    let room = if width > full + today.len() + 30 {
        for (i, v) in View::ALL.iter().enumerate() {
            let style = if *v == app.view {
                theme.selected()
            } else {
                theme.dim()
            };
            tabs.push(Span::styled(format!(" F{} {} ", i + 1, v.title()), style));
        }
        room.saturating_sub(full)
    } else {
        tabs.push(Span::styled(
            format!(" {} (v: next view) ", app.view.title()),
            theme.selected(),
        ));
        room.saturating_sub(app.view.title().len() + 16)
    };
    // A database the user may only read says so before its name.
    let read_only = app.store.read_only().is_some();
    let room = if read_only {
        room.saturating_sub(READ_ONLY.len())
    } else {
        room
    };
    let mut first = vec![Span::styled(" oversight ", theme.title())];
    if read_only {
        first.push(Span::styled(READ_ONLY, theme.overdue()));
    }
    first.extend([
        Span::styled(fit(&data(&app.db_label), room), theme.dim()),
        Span::raw("  ·  "),
        Span::raw(today),
        Span::raw("  "),
    ]);
    first.extend(tabs);
    let first = Line::from(first);
    let mut counts = vec![Span::raw(" ")];
    for (i, pane) in app.panes.iter().enumerate() {
        if i > 0 {
            counts.push(Span::styled(" │ ", theme.dim()));
        }
        let short = pane.spec.short;
        counts.push(Span::styled(format!("{short} "), theme.title()));
        let c = pane.counts;
        if pane.pending.counts {
            // Counted after the rows are on screen.
            counts.push(Span::styled("…", theme.dim()));
            continue;
        }
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
