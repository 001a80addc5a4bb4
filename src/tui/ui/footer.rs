//! The message line (what just happened, or why not) and the keys of the current mode,
//! both from the binding table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{Theme, data, fit};
use crate::tui::app::{App, Mode};
use crate::tui::keymap;

pub fn render(app: &App, frame: &mut Frame, message: Rect, footer: Rect, theme: Theme) {
    let width = footer.width as usize;
    let line = match (&app.mode, &app.message) {
        (Mode::Filter(input), _) => {
            let pane = app.pane();
            let typed = data(input.value());
            let cursor_at = input.visual_cursor();
            frame.set_cursor_position((message.x + 9 + cursor_at as u16, message.y));
            Line::from(vec![
                Span::styled(" Filter: ", theme.key()),
                Span::raw(typed),
                Span::styled(
                    if pane.pending.total {
                        "   counting…".to_string()
                    } else {
                        format!("   {} of {} open match", pane.total, pane.counts.open)
                    },
                    theme.dim(),
                ),
            ])
        }
        (_, Some(m)) => Line::styled(
            format!(" {}", fit(&data(&m.text), width.saturating_sub(1))),
            if m.error { theme.error() } else { theme.ok() },
        ),
        _ => Line::default(),
    };
    frame.render_widget(Paragraph::new(line), message);

    let mut spans = Vec::new();
    for (key, word) in keymap::footer(app.scope(), width) {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {word} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), footer);
}
