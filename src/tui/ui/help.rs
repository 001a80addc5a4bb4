//! The `?` overlay: every binding, straight from the binding table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::Theme;
use crate::tui::keymap::{self, BINDINGS, Scope};
use crate::tui::panes::PANES;

pub fn render(frame: &mut Frame, area: Rect, scroll: u16, theme: Theme) {
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(scope.title(), theme.title()));
        if scope == Scope::Normal {
            // The panes' own keys, from the pane table.
            let keys: Vec<String> = PANES.iter().map(|p| p.key.to_string()).collect();
            let titles: Vec<&str> = PANES.iter().map(|p| p.title).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys.join("/")), theme.key()),
                Span::raw(format!("Focus a pane: {}", titles.join(", "))),
            ]));
        }
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keymap::keys_label(b)), theme.key()),
                Span::raw(b.help),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::raw(
        "Mouse: click selects a row, the wheel scrolls. Dates: 2027-06-30, 30/06/2027, \
         30 Jun 2027, 26 Jan, friday, today, +14d, +2w.",
    ));
    let [popup] = Layout::horizontal([Constraint::Max(90)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::bordered()
                    .title(Span::styled(
                        " Keys (Esc closes, j/k scroll) ",
                        theme.title(),
                    ))
                    .border_style(theme.focused_border()),
            ),
        popup,
    );
}
