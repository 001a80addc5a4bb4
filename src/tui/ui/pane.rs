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
use crate::domain::item::Item;
use crate::store::Count;
use crate::tui::app::{App, Mode};
use unicode_width::UnicodeWidthStr;

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
    let mut block = Block::bordered()
        .title(Line::from(title))
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.dim()
        });
    // Overdue rows come first in due order; the ones scrolled below are never hidden
    // without a word.
    let below = pane.overdue_below();
    if below > 0 {
        block = block.title_bottom(
            Line::styled(format!(" ↓ {below} more overdue "), theme.overdue()).right_aligned(),
        );
    }
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

    let today = app.ctx.today;
    let soon = app.ctx.settings.due_soon_days;
    let items: Vec<&Item> = pane.rows.iter().map(|r| &r.listed.item).collect();
    let cols = Columns::fit(pane.kind, pane.max_id, &items, inner.width);
    let mut header = vec!["", "ID", "Text (↻ times chased)", cols.who_title];
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(cols.id),
        Constraint::Fill(1),
        Constraint::Length(cols.who),
    ];
    if cols.owner > 0 {
        header.push("Owner");
        widths.push(Constraint::Length(cols.owner));
    }
    header.push("Due");
    widths.push(Constraint::Length(DUE));
    if cols.status > 0 {
        header.push("Status");
        widths.push(Constraint::Length(cols.status));
    }
    header.push("");
    widths.push(Constraint::Length(WORDS));

    let rows = pane.rows.iter().enumerate().map(|(i, row)| {
        let item = &row.listed.item;
        let urgency = item.urgency(today, soon);
        let marker = match urgency {
            Urgency::Overdue => "!",
            Urgency::DueSoon => "~",
            _ => " ",
        };
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
            // Never cut: the column is as wide as the largest ID of the kind.
            Cell::from(item.id.to_string()),
            Cell::from(fit(&headline, cols.text as usize)),
            Cell::from(fit(&data(&who(item)), cols.who as usize)),
        ];
        if cols.owner > 0 {
            let owner = item.text("owner").unwrap_or_default();
            cells.push(Cell::from(fit(&data(owner), cols.owner as usize)));
        }
        cells.push(Cell::from(short_date(item.due_on())));
        if cols.status > 0 {
            let status = fields::field(item.kind(), "status")
                .map(|s| s.display(item.get("status")))
                .unwrap_or_default();
            cells.push(Cell::from(fit(&status, cols.status as usize)));
        }
        cells.push(Cell::from(item.due_words(today, soon)));
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

const DUE: u16 = 11;
const WORDS: u16 = 13;
const STATUS: u16 = 14;
/// A letter's owner column is only added when the text keeps at least this much.
const TEXT_ROOMY: u16 = 36;
const WHO_MAX: u16 = 24;
const OWNER_MAX: u16 = 18;

/// Whom a row is about: the owner; for a letter, its sender, or for one the office sent,
/// "to" its recipient (the one who owes the reply).
fn who(item: &Item) -> String {
    match item.kind() {
        Kind::Letter if item.text("direction") == Some("outgoing") => {
            format!("to {}", item.text("recipient").unwrap_or_default())
        }
        Kind::Letter => item.text("sender").unwrap_or_default().to_string(),
        _ => item.text("owner").unwrap_or_default().to_string(),
    }
}

/// How wide each column of a pane is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    id: u16,
    text: u16,
    who_title: &'static str,
    who: u16,
    /// A letter's owner beside its sender, where there is room (0: not shown).
    owner: u16,
    /// 0: not shown.
    status: u16,
}

impl Columns {
    /// IDs are never cut; dates and urgency words keep their width; the person columns
    /// take what their longest value in view needs (up to a limit) and give way before
    /// the text shrinks below [`TEXT_MIN`].
    fn fit(kind: Kind, max_id: i64, items: &[&Item], width: u16) -> Columns {
        let widest = |f: &dyn Fn(&Item) -> String, title: &str| {
            items
                .iter()
                .map(|i| data(&f(i)).width())
                .chain([title.width()])
                .max()
                .unwrap_or(0) as u16
        };
        let longest_id = max_id.max(items.iter().map(|i| i.id.num).max().unwrap_or(0));
        let id = (kind.prefix().len() + 1 + longest_id.max(1).to_string().len()).max(2) as u16;
        let who_title = if kind == Kind::Letter {
            "From / to"
        } else {
            "Owner"
        };
        // Every letter in the pane awaits a reply, so a letter's status says nothing: its
        // owner takes that place.
        let status = if width >= 90 && kind != Kind::Letter {
            STATUS
        } else {
            0
        };
        let mut owner = if kind == Kind::Letter && width >= 90 {
            widest(
                &|i| i.text("owner").unwrap_or_default().to_string(),
                "Owner",
            )
            .min(OWNER_MAX)
        } else {
            0
        };
        let mut who = widest(&who, who_title).min(WHO_MAX);
        // Everything but the text and person columns: marker, ID, due, status, urgency
        // words and the spaces between columns.
        let fixed = |owner_shown: bool| {
            let columns = 6 + u16::from(owner_shown) + u16::from(status > 0);
            1 + id + DUE + WORDS + status + (columns - 1)
        };
        // Give way: first the owner column goes (it is the least needed, and a subject
        // needs room to be read), then the person column narrows.
        if width < fixed(owner > 0) + who + owner + TEXT_ROOMY {
            owner = 0;
        }
        let fixed = fixed(owner > 0);
        // The person column takes at most two fifths of what text and person share.
        let shared = width.saturating_sub(fixed + owner);
        who = who.min(10.max(shared * 2 / 5));
        Columns {
            id,
            text: width.saturating_sub(fixed + who + owner),
            who_title,
            who,
            owner,
            status,
        }
    }
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
