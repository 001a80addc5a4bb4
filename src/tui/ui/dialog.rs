//! Forms, the status picker and confirmations, drawn over the panes. Each field shows its
//! error (✗) or what was understood (→) right under it, as it is typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::text::{Theme, data, fit};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::confirm::Confirm;
use crate::tui::form::Form;
use crate::tui::keymap::{self, Scope};
use crate::tui::picker::Picker;
use crate::tui::prompt::{OFFERED_SHOWN, PathPrompt};

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

pub fn form(_app: &App, form: &Form, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(100);
    // Two lines a field, then room for the whole of a long message; on a short terminal
    // the fields scroll so that the focused one and its error are always in view.
    let wanted = (form.fields.len() as u16) * 2 + 2 + 3;
    let rect = popup(area, width, wanted);
    let message_height = 3.min(rect.height.saturating_sub(4)).max(1);
    let shown = (rect.height.saturating_sub(2 + message_height) / 2).max(1) as usize;
    let first = (form.focus + 1).saturating_sub(shown);
    let last = (first + shown).min(form.fields.len());
    frame.render_widget(Clear, rect);
    let mut block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", data(&form.title)),
            theme.title(),
        ))
        .title_bottom(Line::from(
            " Enter saves (or goes to what is missing) · Esc cancels ",
        ))
        .border_style(theme.focused_border());
    if first > 0 {
        block = block.title(Line::styled(format!(" ↑ {first} more "), theme.key()).right_aligned());
    }
    if last < form.fields.len() {
        block = block.title_bottom(
            Line::styled(
                format!(" ↓ {} more ", form.fields.len() - last),
                theme.key(),
            )
            .right_aligned(),
        );
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [fields_area, message_area] = Layout::vertical([
        Constraint::Length((last - first) as u16 * 2),
        Constraint::Fill(1),
    ])
    .areas(inner);

    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(8)
        .min(28);
    let value_width = (inner.width as usize).saturating_sub(label_width + 3);
    let note_width = (inner.width as usize).saturating_sub(label_width + 3);
    let mut lines = Vec::new();
    for (row, (i, f)) in form
        .fields
        .iter()
        .enumerate()
        .skip(first)
        .take(last - first)
        .enumerate()
    {
        let focused = i == form.focus;
        // Only the field being typed in scrolls to its cursor; the others show their start.
        let scroll = if focused {
            f.input.visual_scroll(value_width.saturating_sub(1))
        } else {
            0
        };
        let shown: String = data(f.value()).chars().skip(scroll).collect();
        let marker = if f.error.is_some() { "✗" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.error()),
            Span::styled(
                format!("{:>label_width$} ", fit(&f.label, label_width)),
                if focused { theme.key() } else { theme.dim() },
            ),
            Span::styled(
                format!(" {}", fit(&shown, value_width)),
                if focused {
                    theme.selected()
                } else {
                    Default::default()
                },
            ),
        ]));
        let note = match (&f.error, &f.hint) {
            (Some(e), _) => Span::styled(fit(&format!("✗ {}", data(e)), note_width), theme.error()),
            // A reading in doubt (the import preview) stands out: it is what to check.
            (None, Some(h)) if f.doubt.as_ref() == Some(h) => {
                Span::styled(fit(&format!("→ {}", data(h)), note_width), theme.due_soon())
            }
            (None, Some(h)) => {
                Span::styled(fit(&format!("→ {}", data(h)), note_width), theme.dim())
            }
            _ => Span::raw(""),
        };
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(label_width + 3)),
            note,
        ]));
        if focused {
            let x = inner.x + label_width as u16 + 3 + (f.input.visual_cursor() - scroll) as u16;
            let y = inner.y + (row as u16) * 2;
            if x < inner.right() && y < inner.bottom() {
                frame.set_cursor_position((x, y));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), fields_area);

    // The whole message: the form's own, else the focused field's error in full.
    let full = match (&form.error, &form.fields[form.focus].error) {
        (Some(e), _) => Some(e.clone()),
        (None, Some(e)) => Some(format!("{}: {e}", form.fields[form.focus].label)),
        _ => None,
    };
    if let Some(text) = full {
        frame.render_widget(
            Paragraph::new(Line::styled(data(&text), theme.error())).wrap(Wrap { trim: true }),
            message_area,
        );
    }
}

pub fn picker(p: &Picker, frame: &mut Frame, area: Rect, theme: Theme) {
    let height = p.choices.len() as u16 + 2;
    let width = p
        .choices
        .iter()
        .map(|(_, label)| label.chars().count() + 6)
        .chain([p.title.chars().count() + 4, 30])
        .max()
        .unwrap_or(30) as u16;
    let rect = popup(area, width, height);
    frame.render_widget(Clear, rect);
    let lines: Vec<Line> = p
        .choices
        .iter()
        .enumerate()
        .map(|(i, (_, label))| {
            let text = format!(" {} {label}", if i == p.cursor { "›" } else { " " });
            if i == p.cursor {
                Line::styled(text, theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Span::styled(format!(" {} ", p.title), theme.title()))
                .border_style(theme.focused_border()),
        ),
        rect,
    );
}

pub fn confirm(c: &Confirm, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(72);
    let inner = width.saturating_sub(2).max(1) as usize;
    let question = data(&c.question);
    let lines = question.chars().count().div_ceil(inner) as u16 + 1;
    let rect = popup(area, width, lines + 4);
    frame.render_widget(Clear, rect);
    // The keys come from the binding table, the words from what is being confirmed.
    let yes = keymap::keys_for(Scope::Confirm, Action::Yes);
    let no = keymap::keys_for(Scope::Confirm, Action::No);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(question),
            Line::default(),
            Line::from(vec![
                Span::styled(format!(" {yes}"), theme.key()),
                Span::raw(format!(" {}   ", c.yes)),
                Span::styled(no, theme.key()),
                Span::raw(format!(" {}", c.no)),
            ]),
        ])
        .wrap(Wrap { trim: true })
        .block(
            Block::bordered()
                .title(Span::styled(format!(" {} ", data(&c.title)), theme.title()))
                .border_style(theme.error()),
        ),
        rect,
    );
}

/// The import prompt: the path being typed, what Tab offered, and why the last try failed.
pub fn import(p: &PathPrompt, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(90);
    let inner_width = width.saturating_sub(2) as usize;
    let offered = p.offered.len().min(OFFERED_SHOWN) + usize::from(p.offered.len() > OFFERED_SHOWN);
    let error_lines = p
        .error
        .as_ref()
        .map_or(0, |e| (e.chars().count() + 2).div_ceil(inner_width.max(1)));
    let height = (2 + 2 + error_lines + offered) as u16 + 2;
    let rect = popup(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Import a letter ", theme.title()))
        .title_bottom(Line::from(" Enter imports · Tab completes · Esc cancels "))
        .border_style(theme.focused_border());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let field_width = inner_width.saturating_sub(3);
    let scroll = p.input.visual_scroll(field_width.saturating_sub(1));
    let shown: String = data(p.input.value()).chars().skip(scroll).collect();
    let mut lines = vec![
        Line::styled(
            fit(
                &format!(
                    "Path of a letter (.txt), from {}:",
                    data(&p.cwd.display().to_string())
                ),
                inner_width,
            ),
            theme.dim(),
        ),
        Line::from(vec![
            Span::styled(" › ", theme.key()),
            Span::styled(fit(&shown, field_width), theme.selected()),
        ]),
        Line::default(),
    ];
    let x = inner.x + 3 + (p.input.visual_cursor().saturating_sub(scroll)) as u16;
    if x < inner.right() {
        frame.set_cursor_position((x, inner.y + 1));
    }
    if let Some(e) = &p.error {
        lines.push(Line::styled(format!("✗ {}", data(e)), theme.error()));
    }
    for name in p.offered.iter().take(OFFERED_SHOWN) {
        lines.push(Line::raw(format!("   {}", fit(&data(name), field_width))));
    }
    if p.offered.len() > OFFERED_SHOWN {
        lines.push(Line::styled(
            format!(
                "   … and {} more: type more of the name",
                p.offered.len() - OFFERED_SHOWN
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
