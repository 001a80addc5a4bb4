//! `list responses`, `list owners`, `list deadlines`: the dashboard's views on the command
//! line, read through the same store calls (a pane's source a page at a time; owners a
//! window at a time) and written as they are read.

use crate::domain::fields::Field;
use std::io::Write;

use anyhow::bail;
use chrono::{Duration, NaiveDate};
use serde_json::{Value as Json, json};

use super::args::{ListArgs, ListFormat};
use super::human::{Human, Out};
use super::output::{self, Csv, JsonRows, cut};
use crate::domain::filter::PaneFilter;
use crate::domain::item::Item;
use crate::domain::rules::Context;
use crate::domain::sanitize::JsonSafe;
use crate::domain::sanitize::for_terminal;
use crate::store::{OwnerRow, OwnersFrom, PaneRow, Store};
use crate::tui::panes::{DEADLINES, PANES};
use crate::tui::views::DEADLINE_WEEKS;

/// A view `list` shows instead of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every reply the office owes: letters awaiting reply and reports' responses.
    Responses,
    Owners,
    Deadlines,
}

impl View {
    pub fn parse(word: &str) -> Option<View> {
        match word.trim().to_ascii_lowercase().as_str() {
            "responses" | "replies" | "owed" | "replies-owed" => Some(View::Responses),
            "owners" | "people" => Some(View::Owners),
            "deadlines" | "calendar" => Some(View::Deadlines),
            _ => None,
        }
    }
}

pub fn list(
    store: &Store,
    ctx: &Context,
    view: View,
    a: &ListArgs,
    out: &mut Out<impl Write>,
) -> anyhow::Result<()> {
    let name = match view {
        View::Responses => "responses",
        View::Owners => "owners",
        View::Deadlines => "deadlines",
    };
    for (given, option) in [
        (a.due_within.is_some(), "--due-within"),
        (a.open, "--open"),
        (a.status.is_some(), "--status"),
        (a.owner.is_some(), "--owner"),
        (a.search.is_some(), "--search"),
        (a.weeks.is_some() && view != View::Deadlines, "--weeks"),
        (a.overdue && view == View::Owners, "--overdue"),
    ] {
        if given {
            bail!(
                "{option} is not for `list {name}` (it takes --limit and --format{})",
                match view {
                    View::Deadlines => ", --weeks and --overdue",
                    View::Responses => " and --overdue",
                    View::Owners => "",
                }
            );
        }
    }
    let limit = a.limit.map(|n| n as usize);
    match view {
        View::Owners => owners(store, ctx, limit, Sink::new(a.format, out))?,
        View::Responses | View::Deadlines => {
            let (source, mut filter) = match view {
                View::Responses => (
                    PANES
                        .iter()
                        .find(|p| p.id == "replies")
                        .expect("the replies pane")
                        .source,
                    PaneFilter::default(),
                ),
                _ => {
                    let weeks = a.weeks.unwrap_or(DEADLINE_WEEKS as u32);
                    let filter = PaneFilter {
                        until: Some(ctx.today + Duration::weeks(weeks as i64)),
                        ..PaneFilter::default()
                    };
                    (DEADLINES.source, filter)
                }
            };
            filter.overdue_only = a.overdue;
            let mut rows = Rows::new(Sink::new(a.format, out), ctx);
            store.each_row(&source, &filter, ctx.today, limit, |row| {
                rows.row(row).map_err(|e| crate::store::StoreError::Io {
                    path: "standard output".into(),
                    source: e,
                })?;
                Ok(true)
            })?;
            rows.finish()?;
        }
    }
    Ok(())
}

/// Where a view's rows go: each format's own safe writer on standard output.
enum Sink<'o, W: Write> {
    Json(JsonRows, JsonSafe<std::io::BufWriter<&'o mut W>>),
    // One per command: its size does not matter.
    Csv(Box<Csv<&'o mut W>>),
    Table(Human<std::io::BufWriter<&'o mut W>>),
}

impl<'o, W: Write> Sink<'o, W> {
    fn new(format: ListFormat, out: &'o mut Out<W>) -> Sink<'o, W> {
        match format {
            ListFormat::Json => Sink::Json(JsonRows::default(), out.json()),
            ListFormat::Csv => Sink::Csv(Box::new(out.csv())),
            ListFormat::Table => Sink::Table(out.human_buffered()),
        }
    }

    /// One row: its members for JSON and CSV (the header first), the table line otherwise.
    fn row(
        &mut self,
        first: bool,
        members: &[(&'static str, Json)],
        table: impl FnOnce(&mut Human<std::io::BufWriter<&'o mut W>>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match self {
            Sink::Json(rows, out) => rows.object(out, members),
            Sink::Csv(csv) => {
                if first {
                    csv.names(members.iter().map(|(k, _)| *k))?;
                }
                csv.values(members.iter().map(|(_, v)| v))
            }
            Sink::Table(out) => table(out),
        }
    }

    /// Ends the output; a table with no rows says `empty`.
    fn finish(self, any: bool, empty: &str) -> std::io::Result<()> {
        match self {
            Sink::Json(rows, mut out) => {
                rows.finish(&mut out)?;
                out.flush()
            }
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Table(mut out) => {
                if !any {
                    writeln!(out, "{empty}")?;
                }
                out.flush()
            }
        }
    }
}

/// The members every row of a mixed view has (the JSON keys and CSV columns, in order).
fn members(item: &Item, today: NaiveDate) -> Vec<(&'static str, Json)> {
    let days = item.days_overdue(today);
    vec![
        ("id", json!(item.id.to_string())),
        ("kind", json!(item.kind().singular())),
        ("due_on", item.get(Field::DueOn).to_json()),
        ("overdue", json!(days > 0)),
        ("days_overdue", json!(days)),
        ("status", item.get(Field::Status).to_json()),
        ("what", json!(row_text(item))),
        ("waits_on", json!(item.waits_on())),
        ("owner", item.get(Field::Owner).to_json()),
    ]
}

/// The row's text: the headline; a report says which response it is owed.
fn row_text(item: &Item) -> String {
    match item.owed_response() {
        Some(rule) => format!("{rule}: {}", item.headline()),
        None => item.headline(),
    }
}

/// Rows of a mixed view in the asked format, written as they come.
struct Rows<'a, 'o, W: Write> {
    sink: Sink<'o, W>,
    ctx: &'a Context,
    width: Option<u16>,
    any: bool,
}

impl<'a, 'o, W: Write> Rows<'a, 'o, W> {
    fn new(sink: Sink<'o, W>, ctx: &'a Context) -> Rows<'a, 'o, W> {
        Rows {
            sink,
            ctx,
            width: output::terminal_width(),
            any: false,
        }
    }

    fn row(&mut self, row: &PaneRow) -> std::io::Result<()> {
        let item = &row.listed.item;
        let (today, soon, width) = (self.ctx.today, self.ctx.settings.due_soon_days, self.width);
        let first = !self.any;
        self.any = true;
        self.sink.row(first, &members(item, today), |out| {
            if first {
                let header = ["ID", "DUE", "", "WAITS ON", "WHAT"];
                let line = match width {
                    Some(_) => format!(
                        "{:<9}{:<11}{:<13}{:<25}{}",
                        header[0], header[1], header[2], header[3], header[4]
                    ),
                    None => header.join("\t"),
                };
                writeln!(out, "{}", line.trim_end())?;
            }
            let due = item.get(Field::DueOn).canonical().unwrap_or_default();
            let words = item.due_words(today, soon);
            let who = item.waits_on();
            let text = row_text(item);
            let line = match width {
                // On a terminal: the person and the text give way; IDs and dates never.
                Some(w) => {
                    let rest = (w as usize).saturating_sub(9 + 11 + 13 + 25);
                    format!(
                        "{:<9}{:<11}{:<13}{:<25}{}",
                        item.id.to_string(),
                        due,
                        words,
                        cut(&who, 24),
                        cut(&text, rest.max(10))
                    )
                }
                None => format!(
                    "{}\t{due}\t{words}\t{}\t{}",
                    item.id,
                    for_terminal(&who, false),
                    for_terminal(&text, false)
                ),
            };
            writeln!(out, "{}", line.trim_end())
        })
    }

    fn finish(self) -> std::io::Result<()> {
        self.sink.finish(self.any, "Nothing here.")
    }
}

fn owner_members(o: &OwnerRow, today: NaiveDate) -> Vec<(&'static str, Json)> {
    vec![
        ("owner", json!(o.name)),
        ("open", json!(o.open)),
        ("overdue", json!(o.overdue)),
        ("due_soon", json!(o.due_soon)),
        (
            "longest_overdue_id",
            json!(o.oldest_overdue.map(|(id, _)| id.to_string())),
        ),
        (
            "longest_overdue_days",
            json!(o.oldest_overdue.map(|(_, due)| (today - due).num_days())),
        ),
        (
            "last_chased_on",
            json!(o.last_chased.map(crate::domain::dates::format_date)),
        ),
    ]
}

/// Every person with open items, a window at a time.
fn owners<W: Write>(
    store: &Store,
    ctx: &Context,
    limit: Option<usize>,
    mut sink: Sink<'_, W>,
) -> anyhow::Result<()> {
    const PAGE: usize = 100;
    let (today, soon) = (ctx.today, ctx.settings.due_soon_days);
    let mut left = limit.unwrap_or(usize::MAX);
    let mut after: Option<String> = None;
    let mut any = false;
    while left > 0 {
        let from = match &after {
            Some(k) => OwnersFrom::After(k),
            None => OwnersFrom::First,
        };
        let asked = PAGE.min(left);
        let page = store.owners(from, asked, today, soon)?;
        for o in &page {
            let first = !any;
            sink.row(first, &owner_members(o, today), |out| {
                if first {
                    writeln!(
                        out,
                        "{:<32}{:>6}{:>9}{:>10}  {:<18}LAST CHASED",
                        "OWNER", "OPEN", "OVERDUE", "DUE SOON", "LONGEST OVERDUE"
                    )?;
                }
                let name = o.name.as_deref().unwrap_or("(nobody)");
                let longest = o
                    .oldest_overdue
                    .map(|(id, due)| format!("{id}, {}d", (today - due).num_days()))
                    .unwrap_or_default();
                let chased = o
                    .last_chased
                    .map(crate::domain::dates::format_date)
                    .unwrap_or_else(|| "never".into());
                writeln!(
                    out,
                    "{:<32}{:>6}{:>9}{:>10}  {:<18}{chased}",
                    cut(name, 31),
                    o.open,
                    o.overdue,
                    o.due_soon,
                    longest
                )
            })?;
            any = true;
        }
        left -= page.len();
        match page.last() {
            // A short page is the end of the list.
            Some(last) if page.len() == asked => after = Some(last.key.clone()),
            _ => break,
        }
    }
    sink.finish(any, "Nobody has an open item.")?;
    Ok(())
}
