//! The detail of the selected item: every field, its links, what belongs to it (a letter's
//! asks, a report's recommendations), its notes and its history. Long text wraps.

use crate::domain::fields::Field;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{Theme, data, data_lines, fit, wrap};
use crate::domain::deadline::Urgency;
use crate::domain::fields::{FieldType, Value};
use crate::domain::vocab;
use crate::domain::{dates, history};
use crate::tui::app::App;
use crate::tui::detail::Detail;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let title = if app.detail_pinned.is_some() {
        " Detail · in no pane · Enter closes "
    } else {
        " Detail (Enter closes, J/K scroll) "
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .border_style(theme.focused_border());
    let Some(d) = &app.detail else {
        frame.render_widget(
            Paragraph::new("Nothing selected.")
                .block(block)
                .style(theme.dim()),
            area,
        );
        return;
    };
    // The lines are built and wrapped once per detail and width, then only the rows on
    // screen are drawn: a long letter costs nothing while the dashboard sits idle.
    let inner = block.inner(area);
    let key = (app.detail_generation, inner.width, theme.color);
    let mut cache = app.detail_cache.borrow_mut();
    if cache.as_ref().is_none_or(|c| c.key != key) {
        *cache = Some(DetailCache {
            key,
            lines: wrap(lines(app, d, theme), inner.width),
        });
    }
    let all = &cache.as_ref().expect("just filled").lines;
    // J stops at the last line: the app learns how far the detail can scroll.
    let most = all
        .len()
        .saturating_sub(inner.height as usize)
        .min(u16::MAX as usize) as u16;
    app.detail_scroll_max.set(most);
    let start = app.detail_scroll.min(most) as usize;
    let end = (start + inner.height as usize).min(all.len());
    frame.render_widget(Paragraph::new(all[start..end].to_vec()).block(block), area);
}

/// The wrapped lines of a detail, kept until the detail is read again or the width changes.
pub struct DetailCache {
    key: (u64, u16, bool),
    lines: Vec<Line<'static>>,
}

/// Every line of the detail, before wrapping.
fn lines(app: &App, d: &Detail, theme: Theme) -> Vec<Line<'static>> {
    let item = &d.item;
    let today = app.ctx.today;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let status = item.status().map(vocab::label).unwrap_or_default();
    let mut head = vec![
        Span::styled(format!("{} ", item.id), theme.title()),
        Span::raw(format!("{} · {status}", item.kind().singular())),
    ];
    let soon = app.ctx.settings.due_soon_days;
    let (marker, style) = match item.urgency(today, soon) {
        Urgency::Overdue => ("!", theme.overdue()),
        Urgency::DueSoon => ("~", theme.due_soon()),
        _ => ("", theme.dim()),
    };
    if !marker.is_empty() {
        head.push(Span::styled(
            format!(" · {marker} {}", item.due_words(today, soon)),
            style,
        ));
    }
    lines.push(Line::from(head));
    lines.push(Line::default());

    // As wide as the longest label shown, so values start close to their labels.
    let label_width = item
        .specs()
        .iter()
        .zip(&item.values)
        .filter(|(s, v)| {
            !v.is_null() && !matches!(v, Value::Flag(false)) && s.field != Field::Status
        })
        .map(|(s, _)| s.label.chars().count())
        .max()
        .unwrap_or(8);
    let mut long = Vec::new();
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if value.is_null() || matches!(value, Value::Flag(false)) || spec.field == Field::Status {
            continue;
        }
        let shown = match (spec.ty, value) {
            (FieldType::Date, Value::Date(day)) => dates::format_long(*day),
            (FieldType::Link(_), Value::Link(_)) => d
                .links
                .iter()
                .find(|(label, _)| *label == spec.label)
                .map(|(_, s)| data(s))
                .unwrap_or_default(),
            _ => data(&spec.display(value)),
        };
        let is_long = matches!(spec.ty, FieldType::Text { max } if max > 300);
        if is_long {
            long.push((spec.label, value.canonical().unwrap_or_default()));
        } else {
            lines.push(Line::from(vec![
                Span::styled(format!("{:label_width$}  ", spec.label), theme.dim()),
                Span::raw(shown),
            ]));
        }
    }
    for (kind, children) in &d.children {
        if children.is_empty() {
            continue;
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{} ({})", kind.heading(), children.len()),
            theme.title(),
        ));
        for child in children {
            let c = &child.item;
            let status = c.status().map(vocab::label).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", c.id), theme.key()),
                Span::raw(data(&c.headline())),
                Span::styled(format!("  [{status}]"), theme.dim()),
            ]));
            if let Some(answer) = c.text(Field::Answer) {
                for l in data_lines(answer) {
                    lines.push(Line::styled(format!("    ↳ {l}"), theme.dim()));
                }
            }
        }
    }
    // Long text (a letter's body) after what belongs to the item: a letter's asks are what
    // the analyst needs first.
    for (label, text) in long {
        lines.push(Line::default());
        lines.push(Line::styled(label, theme.title()));
        lines.extend(data_lines(&text).into_iter().map(Line::from));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Notes ({}) · n adds one, C records a chase", d.notes.len()),
        theme.title(),
    ));
    for n in &d.notes {
        let when = n
            .date(Field::NotedOn)
            .map(dates::format_long)
            .unwrap_or_default();
        let who = n.text(Field::Author).unwrap_or_default();
        let chase = if n.text(Field::Kind) == Some("chase") {
            format!(
                " chased {} {}",
                n.text(Field::Chased).unwrap_or_default(),
                vocab::chase_how(n.text(Field::ChaseMethod).unwrap_or_default())
            )
        } else {
            String::new()
        };
        lines.push(Line::styled(
            data(&format!("{when} · {who}{chase}")),
            theme.dim(),
        ));
        lines.extend(
            data_lines(n.text(Field::Text).unwrap_or_default())
                .into_iter()
                .map(|l| Line::from(format!("  {l}"))),
        );
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("History ({} changes)", d.history.len()),
        theme.title(),
    ));
    let zone = history::local_zone();
    for h in d.history.iter().rev() {
        // The same words as `oversight history`: labels, values as people read them, local time.
        let change = history::describe(item.kind(), &h.touched, h.old.as_deref(), h.new.as_deref())
            .phrase(cut);
        let mut undo = if h.change == "change" {
            String::new()
        } else {
            format!(" ({})", h.change)
        };
        // Recorded at a board meeting (meeting mode), whatever day it was typed.
        if let Some(m) = h.meeting {
            undo.push_str(&format!(" at {m}"));
        }
        let reason = h
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                data(&format!("{} {}{undo} ", history::when(&h.at, &zone), h.who)),
                theme.dim(),
            ),
            Span::raw(data(&format!("{change}{reason}"))),
        ]));
    }
    lines
}

/// An old or new value on one line, cut to fit beside the others.
fn cut(s: &str) -> String {
    fit(&s.replace('\n', " "), 60)
}
