//! `list responses`, `list owners`, `list deadlines`: the dashboard's views on the command
//! line, read through the same store calls (a pane's source a page at a time; owners a
//! window at a time) and written as they are read.

use std::io::Write;

use anyhow::bail;
use chrono::{Duration, NaiveDate};
use serde_json::{Value as Json, json};

use super::args::{ListArgs, ListFormat};
use super::output::{self, JsonRows, cut};
use crate::domain::filter::PaneFilter;
use crate::domain::item::Item;
use crate::domain::rules::Context;
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
    out: &mut impl Write,
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
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let limit = a.limit.map(|n| n as usize);
    match view {
        View::Owners => owners(store, ctx, limit, a.format, &mut out)?,
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
            let mut rows = Rows::new(a.format, ctx);
            store.each_row(&source, &filter, ctx.today, limit, |row| {
                rows.row(&mut out, row)
                    .map_err(|e| crate::store::StoreError::Io {
                        path: "standard output".into(),
                        source: e,
                    })?;
                Ok(true)
            })?;
            rows.finish(&mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The members every row of a mixed view has (the JSON keys and CSV columns, in order).
fn members(item: &Item, today: NaiveDate) -> Vec<(&'static str, Json)> {
    let days = item.days_overdue(today);
    vec![
        ("id", json!(item.id.to_string())),
        ("kind", json!(item.kind().singular())),
        ("due_on", item.get("due_on").to_json()),
        ("overdue", json!(days > 0)),
        ("days_overdue", json!(days)),
        ("status", item.get("status").to_json()),
        ("what", json!(row_text(item))),
        ("waits_on", json!(item.waits_on())),
        ("owner", item.get("owner").to_json()),
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
struct Rows<'a> {
    format: ListFormat,
    ctx: &'a Context,
    json: JsonRows,
    csv_started: bool,
    width: Option<u16>,
    any: bool,
    /// The row being written is the first (the table's header goes above it).
    first: bool,
}

impl<'a> Rows<'a> {
    fn new(format: ListFormat, ctx: &'a Context) -> Rows<'a> {
        Rows {
            format,
            ctx,
            json: JsonRows::default(),
            csv_started: false,
            width: output::terminal_width(),
            any: false,
            first: false,
        }
    }

    fn row(&mut self, out: &mut impl Write, row: &PaneRow) -> std::io::Result<()> {
        let item = &row.listed.item;
        let today = self.ctx.today;
        self.first = !self.any;
        self.any = true;
        match self.format {
            ListFormat::Json => self.json.object(out, &members(item, today)),
            ListFormat::Csv => {
                let m = members(item, today);
                if !self.csv_started {
                    self.csv_started = true;
                    csv_line(out, m.iter().map(|(k, _)| Json::from(*k)))?;
                }
                csv_line(out, m.into_iter().map(|(_, v)| v))
            }
            ListFormat::Table => {
                if self.first {
                    let header = ["ID", "DUE", "", "WAITS ON", "WHAT"];
                    let line = match self.width {
                        Some(_) => format!(
                            "{:<9}{:<11}{:<13}{:<25}{}",
                            header[0], header[1], header[2], header[3], header[4]
                        ),
                        None => header.join("\t"),
                    };
                    writeln!(out, "{}", line.trim_end())?;
                }
                let due = item.get("due_on").canonical().unwrap_or_default();
                let words = item.due_words(today, self.ctx.settings.due_soon_days);
                let who = item.waits_on();
                let text = row_text(item);
                let line = match self.width {
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
            }
        }
    }

    fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        match self.format {
            ListFormat::Json => self.json.finish(out),
            ListFormat::Table if !self.any => writeln!(out, "Nothing here."),
            _ => Ok(()),
        }
    }
}

/// One CSV line, each cell defused for spreadsheets (the text comes from letters).
fn csv_line(out: &mut impl Write, cells: impl Iterator<Item = Json>) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let cells: Vec<String> = cells.map(|c| output::csv_cell(&c, true)).collect();
    w.write_record(&cells).map_err(std::io::Error::other)?;
    let bytes = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
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
fn owners(
    store: &Store,
    ctx: &Context,
    limit: Option<usize>,
    format: ListFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    const PAGE: usize = 100;
    let (today, soon) = (ctx.today, ctx.settings.due_soon_days);
    let mut json = JsonRows::default();
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
            let m = owner_members(o, today);
            match format {
                ListFormat::Json => json.object(out, &m)?,
                ListFormat::Csv => {
                    if !any {
                        csv_line(out, m.iter().map(|(k, _)| Json::from(*k)))?;
                    }
                    csv_line(out, m.into_iter().map(|(_, v)| v))?;
                }
                ListFormat::Table => {
                    if !any {
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
                    )?;
                }
            }
            any = true;
        }
        left -= page.len();
        match page.last() {
            // A short page is the end of the list.
            Some(last) if page.len() == asked => after = Some(last.key.clone()),
            _ => break,
        }
    }
    match format {
        ListFormat::Json => json.finish(out)?,
        ListFormat::Table if !any => writeln!(out, "Nobody has an open item.")?,
        _ => {}
    }
    Ok(())
}
