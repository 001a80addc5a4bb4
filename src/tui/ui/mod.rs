//! Drawing: a pure function of the `App` state (it never reads the database). One file per
//! part of the screen.

pub mod detail;
mod dialog;
mod footer;
mod header;
mod help;
mod meeting;
mod owners;
mod pane;
mod summary;
pub mod text;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::app::{App, Mode};
use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use text::Theme;

pub fn render(app: &App, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    let screen = app.screen();
    if screen.too_small {
        let msg = format!(
            "Terminal too small ({}x{}): oversight needs {MIN_WIDTH}x{MIN_HEIGHT}.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(msg)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    header::render(app, frame, screen.header, theme);
    if let Some(m) = &app.meeting {
        // Meeting mode takes the whole body: the board's actions and the one discussed.
        let top = screen.header.bottom();
        let body = ratatui::layout::Rect::new(0, top, area.width, screen.message.y - top);
        meeting::render(app, m, frame, body, theme);
    } else {
        if let Some(rect) = screen.owners {
            owners::render(app, frame, rect, theme);
        }
        if let Some(rect) = screen.summary {
            summary::render(app, frame, rect, theme);
        }
        for (i, rect) in screen.panes.iter().enumerate() {
            pane::render(app, i, frame, *rect, theme);
        }
        if let Some(rect) = screen.detail {
            frame.render_widget(Clear, rect);
            detail::render(app, frame, rect, theme);
        }
    }
    footer::render(app, frame, screen.message, screen.footer, theme);
    match &app.mode {
        Mode::Help { scroll } => help::render(frame, area, *scroll, theme),
        Mode::Form(form) => dialog::form(app, form, frame, area, theme),
        Mode::Picker(p) => dialog::picker(p, frame, area, theme),
        Mode::Confirm(c) => dialog::confirm(c, frame, area, theme),
        Mode::Import(p) => dialog::import(p, frame, area, theme),
        Mode::Normal | Mode::Filter(_) => {}
    }
}
