//! Meeting mode on screen: the board's actions with what the meeting recorded for each, and
//! the action under discussion in full (owner, due date, status, its latest note).

use crate::domain::fields::Field;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::text::{Theme, data, fit};
use crate::domain::dates;
use crate::domain::deadline::Urgency;
use crate::tui::app::App;
use crate::tui::meeting::Meeting;

pub fn render(app: &App, m: &Meeting, frame: &mut Frame, area: Rect, theme: Theme) {
    let held = m
        .meeting
        .date(Field::HeldOn)
        .map(dates::format_long)
        .unwrap_or_default();
    let position = if m.actions.is_empty() {
        " no open actions: a raises one ".to_string()
    } else {
        format!(" action {} of {} ", m.cursor + 1, m.actions.len())
    };
    // The board's name gives way first, so the ID, the day and the position stay whole.
    let id = format!(" Meeting {} ", m.meeting.id);
    let fixed = id.chars().count() + held.chars().count() + position.chars().count() + 9;
    let board = fit(
        &data(&m.board.headline()),
        (area.width as usize).saturating_sub(fixed),
    );
    let title = Line::from(vec![
        Span::styled(id, theme.title()),
        Span::raw(if board.is_empty() {
            format!("· {held} ")
        } else {
            format!("· {board} · {held} ")
        }),
    ]);
    let block = Block::bordered()
        .title(title)
        .title(Line::styled(position, theme.key()).right_aligned())
        .border_style(theme.focused_border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let wanted = m.actions.len() as u16 + 2;
    let [list_area, current_area] = Layout::vertical([
        Constraint::Length(wanted.min(inner.height / 2).max(3)),
        Constraint::Fill(1),
    ])
    .areas(inner);
    list(app, m, frame, list_area, theme);
    current(app, m, frame, current_area, theme);
}

/// The actions, the one under discussion highlighted, each with its owner, due date and what
/// was recorded.
fn list(app: &App, m: &Meeting, frame: &mut Frame, area: Rect, theme: Theme) {
    let h = area.height.saturating_sub(1).max(1) as usize;
    // Keep the cursor in view.
    let first = (m.cursor + 1).saturating_sub(h);
    let today = app.ctx.today;
    let soon = app.ctx.settings.due_soon_days;
    // The ID is never cut: its column is as wide as the widest ID on the board, and the
    // other columns share what is left (the due date first; owners are long job titles,
    // given room when the terminal has it; what was recorded shows as ✓ alone when narrow).
    let id_width = m
        .items
        .iter()
        .map(|i| i.id.to_string().len() as u16)
        .max()
        .unwrap_or(6)
        .max(6);
    let mut rest = area.width.saturating_sub(1 + id_width + 5);
    let due_width = 12.min(rest);
    rest -= due_width;
    let recorded_width: u16 = match rest {
        r if r >= 90 => 28,
        r if r >= 50 => 16,
        _ => 0,
    };
    rest -= recorded_width;
    let owner_width: u16 = if rest >= 60 { 30 } else { 20.min(rest / 3) };
    rest -= owner_width;
    let text_width = rest as usize;
    let rows = m
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, item)| {
            let outcomes: Vec<&str> = m.outcomes(item.id).iter().map(|o| o.word()).collect();
            let mark = if outcomes.is_empty() { " " } else { "✓" };
            let row = Row::new(vec![
                Cell::from(mark),
                Cell::from(item.id.to_string()),
                Cell::from(fit(&data(&item.headline()), text_width)),
                Cell::from(fit(
                    &data(item.text(Field::Owner).unwrap_or_default()),
                    owner_width as usize,
                )),
                Cell::from(due_cell(item, today, soon)),
                Cell::from(fit(&outcomes.join(", "), recorded_width as usize)),
            ]);
            if i == m.cursor {
                row.style(theme.selected())
            } else if outcomes.is_empty() {
                row.style(Style::new())
            } else {
                row.style(theme.dim())
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(id_width),
            Constraint::Length(text_width as u16),
            Constraint::Length(owner_width),
            Constraint::Length(due_width),
            Constraint::Length(recorded_width),
        ],
    )
    .header(Row::new(vec!["", "Action", "", "Owner", "Due", "Recorded"]).style(theme.dim()))
    .column_spacing(1);
    frame.render_widget(table, area);
}

/// The action under discussion, in full.
fn current(app: &App, m: &Meeting, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(item) = &m.current else {
        frame.render_widget(
            Paragraph::new("No action selected. a raises a new action; Esc ends the meeting.")
                .style(theme.dim()),
            area,
        );
        return;
    };
    let today = app.ctx.today;
    let soon = app.ctx.settings.due_soon_days;
    let label = |s: &str| Span::styled(format!("{s:<10}"), theme.dim());
    let due_style = match item.urgency(today, soon) {
        Urgency::Overdue => theme.overdue(),
        Urgency::DueSoon => theme.due_soon(),
        _ => Style::new(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", item.id), theme.title()),
            Span::raw(data(&item.headline())),
        ]),
        Line::default(),
        Line::from(vec![
            label("Owner"),
            Span::raw(data(item.text(Field::Owner).unwrap_or("(nobody)"))),
        ]),
        Line::from(vec![
            label("Due"),
            Span::styled(
                format!(
                    "{} {}",
                    item.due_on().map(dates::format_long).unwrap_or_default(),
                    item.due_words(today, soon)
                ),
                due_style,
            ),
        ]),
        Line::from(vec![
            label("Status"),
            Span::raw(
                item.status()
                    .map(crate::domain::vocab::label)
                    .unwrap_or_default(),
            ),
        ]),
    ];
    if let Some(note) = &m.latest_note {
        let when = note
            .date(Field::NotedOn)
            .map(dates::format_long)
            .unwrap_or_default();
        lines.push(Line::from(vec![
            label("Latest"),
            Span::raw(data(&format!(
                "{when} · {}: {}",
                note.text(Field::Author).unwrap_or_default(),
                note.text(Field::Text).unwrap_or_default()
            ))),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// An action's due date in its row: how late or how near when it is overdue or due soon,
/// else the day ("18 Jan 2027"), so a blank means no due date.
fn due_cell(item: &crate::domain::item::Item, today: chrono::NaiveDate, soon: i64) -> String {
    let words = item.due_words(today, soon);
    match item.due_on() {
        Some(due) if words.is_empty() => due.format("%-d %b %Y").to_string(),
        _ => words,
    }
}
