//! Output formats of the read commands. JSON and CSV are for scripts and spreadsheets and are
//! stable (documented in the README); tables are for people and are written through
//! [`Human`], which passes all text through the terminal sanitiser. Every CSV the program
//! writes goes through the one [`Csv`] writer (formulas defused; controls shown on a
//! terminal), every JSON through [`JsonSafe`] (`\u` escapes for what a terminal obeys).
//!
//! Lists are written as the store reads them, a row at a time ([`JsonRows`], [`CsvRows`],
//! [`TableRows`]), so memory stays flat and the first rows reach a reader (`| head`) at once.

use crate::domain::fields::Field;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde_json::{Map, Value as Json, json};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::human::Human;
use crate::domain::fields::{self, FieldType, Value};
use crate::domain::history;
use crate::domain::ids::Kind;
use crate::domain::item::Item;
use crate::domain::sanitize::{JsonSafe, for_terminal, visible};
use crate::json_layout::{Members, Object};
use crate::store::{HistoryEntry, Listed};

/// On a terminal, an old or new value in the history is cut here (a letter's whole body
/// would fill the screen); `history --format json`, or the table piped, has it whole.
const HISTORY_VALUE_WIDTH: usize = 160;

/// How wide the tables may be: the terminal's width when standard output is one (`COLUMNS`,
/// when set to a number, wins, as for `ls`); `None` when it goes to a pipe or a file, where no
/// cell is cut so a script gets whole values.
pub fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c > 0)
        .or_else(|| terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0))
}

/// One item as a JSON object: the common keys first (`id`, `status`, `due_on`, `overdue`,
/// `days_overdue`, `version`), then the kind's own fields, then the chase facts.
pub fn item_json(listed: &Listed, today: NaiveDate) -> Map<String, Json> {
    item_members(listed, today)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// [`item_json`]'s members in order, without building a map: a list writes a million of
/// them, and hashing each key costs more than writing it.
fn item_members(listed: &Listed, today: NaiveDate) -> Vec<(&'static str, Json)> {
    let item = &listed.item;
    let days_overdue = item.days_overdue(today);
    let mut members: Vec<(&'static str, Json)> = Vec::with_capacity(item.values.len() + 9);
    members.extend([
        ("id", json!(item.id.to_string())),
        ("status", item.get(Field::Status).to_json()),
        ("due_on", item.get(Field::DueOn).to_json()),
        ("overdue", json!(days_overdue > 0)),
        ("days_overdue", json!(days_overdue)),
        ("version", json!(item.version)),
    ]);
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if !members.iter().any(|(k, _)| *k == spec.name) {
            members.push((spec.name, value.to_json()));
        }
    }
    members.extend([
        ("chases", json!(listed.chases)),
        (
            "last_chased_on",
            listed
                .last_chased_on
                .map_or(Json::Null, |d| json!(d.format("%Y-%m-%d").to_string())),
        ),
        (
            "days_since_chase",
            listed
                .last_chased_on
                .map_or(Json::Null, |d| json!((today - d).num_days())),
        ),
    ]);
    members
}

/// The CSV columns of a kind, in the order of [`item_json`].
pub fn csv_header(kind: Kind) -> Vec<String> {
    let mut cols: Vec<String> = [
        "id",
        "status",
        "due_on",
        "overdue",
        "days_overdue",
        "version",
    ]
    .map(String::from)
    .to_vec();
    for spec in fields::fields(kind) {
        if !cols.iter().any(|c| c == spec.name) {
            cols.push(spec.name.to_string());
        }
    }
    cols.extend(["chases", "last_chased_on", "days_since_chase"].map(String::from));
    cols
}

/// A JSON value as one CSV cell's text: null is empty, text as it is, numbers and flags as
/// JSON writes them.
fn cell_text(value: &Json) -> std::borrow::Cow<'_, str> {
    match value {
        Json::Null => "".into(),
        Json::String(s) => defused(s),
        other => other.to_string().into(),
    }
}

/// Text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, which spreadsheets take as "this is text"
/// and do not show. Text from letters comes from outside: `=HYPERLINK(...)` must stay text.
/// A leading `|` is left alone: no spreadsheet starts a formula with it (the DDE payloads
/// that use it, `=cmd|...`, start with `=`). Numbers are our own and never defused.
pub fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The one CSV writer: `list`, `export` (one kind, or a folder of them) and the views all
/// write through it. Text cells are [`defused`]; on a terminal, control characters, escape
/// sequences and bidi overrides in them are shown as the tables show them (␛, `<U+202E>`;
/// line breaks and tabs kept), while a file or a pipe gets the text as stored.
pub struct Csv<W: Write> {
    w: csv::Writer<W>,
    terminal: bool,
    cells: Vec<String>,
    pace: Pace,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W, terminal: bool) -> Csv<W> {
        Csv {
            w: csv::Writer::from_writer(out),
            terminal,
            cells: Vec::new(),
            pace: Pace::new(),
        }
    }

    /// The line of column names.
    pub fn names<'n>(&mut self, names: impl IntoIterator<Item = &'n str>) -> io::Result<()> {
        let names: Vec<Json> = names.into_iter().map(Json::from).collect();
        self.values(&names)
    }

    /// A line of values, in the columns' order.
    pub fn values<'v>(&mut self, values: impl IntoIterator<Item = &'v Json>) -> io::Result<()> {
        self.cells.clear();
        for value in values {
            let text = cell_text(value);
            self.cells.push(if self.terminal {
                visible(&text).into_owned()
            } else {
                text.into_owned()
            });
        }
        self.w.write_record(&self.cells).map_err(csv_io)?;
        if self.pace.due() {
            self.w.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// When rows already written should be pushed out of the buffer: the first at once, then at
/// least every 100 ms. Output is buffered (a write per line would cost more than the read),
/// but a reader waiting on a list whose matches are few and far between still sees each
/// soon after it is found.
pub struct Pace(Option<Instant>);

impl Pace {
    const EVERY: Duration = Duration::from_millis(100);

    pub fn new() -> Pace {
        Pace(None)
    }

    /// Called after each row; true when the output should be flushed now.
    pub fn due(&mut self) -> bool {
        let now = Instant::now();
        match self.0 {
            Some(last) if now.duration_since(last) < Self::EVERY => false,
            _ => {
                self.0 = Some(now);
                true
            }
        }
    }
}

impl Default for Pace {
    fn default() -> Pace {
        Pace::new()
    }
}

/// `list --format json`: one array of [`item_json`] objects, written element by element in
/// exactly `serde_json::to_string_pretty`'s layout, through the terminal-safe JSON writer.
#[derive(Default)]
pub struct JsonRows {
    members: Option<Members>,
    /// One element's text (reused from row to row), written in one piece.
    buf: Vec<u8>,
    pace: Pace,
}

impl JsonRows {
    pub fn row<W: Write>(
        &mut self,
        out: &mut JsonSafe<W>,
        row: &Listed,
        today: NaiveDate,
    ) -> io::Result<()> {
        self.object(out, &item_members(row, today))
    }

    /// One element of the array: an object with these members, in this order.
    pub fn object<W: Write>(
        &mut self,
        out: &mut JsonSafe<W>,
        object: &[(&str, Json)],
    ) -> io::Result<()> {
        let first = self.members.is_none();
        let members = self.members.get_or_insert_with(|| Members::new(0));
        self.buf.clear();
        if first {
            self.buf.push(b'[');
        }
        members.element(&mut self.buf, &Object(object))?;
        out.write_all(&self.buf)?;
        if self.pace.due() {
            out.flush()?;
        }
        Ok(())
    }

    /// Closes the array (`[]` when there were no rows) and ends the line.
    pub fn finish<W: Write>(self, out: &mut JsonSafe<W>) -> io::Result<()> {
        match self.members {
            Some(m) => m.close(out, b']')?,
            None => out.write_all(b"[]")?,
        }
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// Items of one kind as CSV (through [`Csv`]): the header, then a row per item, written as
/// they come. Nothing is written until the first row or the end, so a list refused by the
/// store prints nothing.
pub struct CsvRows<W: Write> {
    csv: Csv<W>,
    header: Vec<String>,
    started: bool,
}

impl<W: Write> CsvRows<W> {
    pub fn new(csv: Csv<W>, kind: Kind) -> CsvRows<W> {
        CsvRows {
            csv,
            header: csv_header(kind),
            started: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.csv.names(self.header.iter().map(String::as_str))?;
        }
        Ok(())
    }

    pub fn row(&mut self, row: &Listed, today: NaiveDate) -> io::Result<()> {
        self.start()?;
        // The members are in the header's order (both follow the kind's fields).
        let members = item_members(row, today);
        debug_assert!(members.iter().map(|(k, _)| k).eq(self.header.iter()));
        self.csv.values(members.iter().map(|(_, v)| v))
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.start()?;
        self.csv.flush()
    }
}

/// The I/O error inside a CSV writer's error, so a reader that went away (`| head`) is seen
/// as a broken pipe (csv's own conversion hides it in an error of kind Other).
fn csv_io(e: csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => io::Error::other("the CSV writer failed"),
    }
}

/// A table for people. Without a width every cell is whole and on one line. With a width the
/// table fits it: the columns marked `fixed` (IDs, dates, statuses) keep their full width and
/// the others give way, wrapping within the width.
fn new_table(header: &[&str], fixed: &[usize], width: Option<u16>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        // Width is decided here (`terminal_width`), never guessed by comfy-table.
        .force_no_tty()
        .set_truncation_indicator("…")
        .set_header(header.to_vec());
    match width {
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
        Some(w) => {
            // The first column's left padding is trimmed away (`trim_lines`), one column more.
            // Narrower than 60 the wrapped columns would hold a letter or two a line: better
            // the terminal wraps whole lines.
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w.max(60).saturating_add(1));
            for &i in fixed {
                if let Some(column) = table.column_mut(i) {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
    }
    table
}

/// Cuts text to `width` terminal columns, ending with an ellipsis when cut, on one line.
pub fn cut(text: &str, width: usize) -> String {
    let clean = for_terminal(text, false);
    if clean.width() <= width {
        return clean.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn chase_words(row: &Listed, today: NaiveDate) -> String {
    match row.last_chased_on {
        Some(d) if row.chases > 0 => format!("{}x, {}d ago", row.chases, (today - d).num_days()),
        _ => String::new(),
    }
}

fn status_words(item: &Item) -> String {
    let spec = fields::spec(item.kind(), Field::Status).ok();
    match spec {
        Some(s) => s.display(item.get(Field::Status)),
        None => String::new(),
    }
}

/// The list columns that give way on a narrow terminal: OWNER and TEXT.
const OWNER: usize = 4;
const TEXT: usize = 6;
/// Narrower than this, the owner or text would say nothing; the line runs over instead.
const MIN_OWNER: usize = 8;
const MIN_TEXT: usize = 12;

/// Rows of a table for people are laid out a page at a time: enough to fit the columns to
/// what they hold, little enough to keep memory flat and the first page quick.
const TABLE_PAGE: usize = 1_000;

/// Items as a table for people, one line each, written a page ([`TABLE_PAGE`] rows) at a
/// time. A list of up to a page is laid out as a whole: each column as wide as its widest
/// cell. The first page decides the columns; a later page keeps them and widens a column
/// only for a longer cell, so they never move left. With a width (a terminal) the owner and
/// text are cut with an ellipsis so each line fits it (on a terminal too narrow for both, the
/// owner is left out); the ID, dates, status and chases are never cut. Without one (a pipe),
/// nothing is cut.
pub struct TableRows {
    kind: Kind,
    today: NaiveDate,
    due_soon_days: i64,
    width: Option<u16>,
    page: Vec<Vec<String>>,
    /// Once the first page is out: the columns' printed widths, whether the owner is shown,
    /// and how wide the owner and text may be on a terminal.
    layout: Option<Layout>,
    pace: Pace,
}

struct Layout {
    /// Each printed column's width.
    widths: Vec<usize>,
    /// On a terminal: how wide the owner (`None`: left out) and the text may be.
    fit: Option<(Option<usize>, usize)>,
}

const HEADER: [&str; 7] = ["ID", "DUE", "", "STATUS", "OWNER", "CHASED", "TEXT"];

impl TableRows {
    pub fn new(kind: Kind, today: NaiveDate, due_soon_days: i64, width: Option<u16>) -> TableRows {
        TableRows {
            kind,
            today,
            due_soon_days,
            width,
            page: Vec::new(),
            layout: None,
            pace: Pace::new(),
        }
    }

    pub fn row<W: Write>(&mut self, out: &mut Human<W>, row: &Listed) -> io::Result<()> {
        let item = &row.item;
        self.page.push(vec![
            item.id.to_string(),
            item.get(Field::DueOn).canonical().unwrap_or_default(),
            item.due_words(self.today, self.due_soon_days),
            status_words(item),
            for_terminal(item.owner().unwrap_or(""), false).into_owned(),
            chase_words(row, self.today),
            for_terminal(&item.headline(), false).into_owned(),
        ]);
        if self.page.len() == TABLE_PAGE {
            self.write_page(out)?;
        }
        Ok(())
    }

    /// Writes what is left; "No recommendations match." when there was nothing.
    pub fn finish<W: Write>(mut self, out: &mut Human<W>) -> io::Result<()> {
        if self.layout.is_none() && self.page.is_empty() {
            writeln!(out, "No {} match.", self.kind.plural())?;
        } else {
            self.write_page(out)?;
        }
        out.flush()
    }

    fn write_page<W: Write>(&mut self, out: &mut Human<W>) -> io::Result<()> {
        let widest = |cells: &[Vec<String>], col: usize| {
            cells.iter().map(|r| r[col].width()).max().unwrap_or(0)
        };
        let mut page = std::mem::take(&mut self.page);
        let first = self.layout.is_none();
        let layout = self.layout.get_or_insert_with(|| {
            let widths: Vec<usize> = (0..HEADER.len())
                .map(|col| widest(&page, col).max(HEADER[col].width()))
                .collect();
            Layout {
                widths: Vec::new(),
                fit: self.width.map(|w| give_way(usize::from(w), &widths)),
            }
        });
        let mut header: Vec<&str> = HEADER.to_vec();
        if let Some((owner, text)) = layout.fit {
            for row in &mut page {
                row[TEXT] = cut(&row[TEXT], text);
                match owner {
                    Some(owner) => row[OWNER] = cut(&row[OWNER], owner),
                    None => {
                        row.remove(OWNER);
                    }
                }
            }
            if owner.is_none() {
                header.remove(OWNER);
            }
        }
        // As comfy-table lays a table out: each column at least one wide, two spaces between
        // columns, no blanks at the end of a line.
        let columns = header.len();
        if first {
            layout.widths = (0..columns)
                .map(|col| widest(&page, col).max(header[col].width()).max(1))
                .collect();
        } else {
            for (col, w) in layout.widths.iter_mut().enumerate() {
                *w = (*w).max(widest(&page, col));
            }
        }
        let mut line = String::new();
        let mut write_line = |out: &mut Human<W>, cells: &mut dyn Iterator<Item = &str>| {
            line.clear();
            for (col, cell) in cells.enumerate() {
                if col > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                let pad = layout.widths[col].saturating_sub(cell.width());
                line.extend(std::iter::repeat_n(' ', pad));
            }
            writeln!(out, "{}", line.trim_end())
        };
        if first {
            write_line(out, &mut header.iter().copied())?;
        }
        for row in &page {
            write_line(out, &mut row.iter().map(String::as_str))?;
            if self.pace.due() {
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// Items as a table (see [`TableRows`]): for the few rows of a detail (`show`'s
/// recommendations of a report).
pub fn list_table<W: Write>(
    out: &mut Human<W>,
    kind: Kind,
    rows: &[Listed],
    today: NaiveDate,
    due_soon_days: i64,
    width: Option<u16>,
) -> io::Result<()> {
    let mut table = TableRows::new(kind, today, due_soon_days, width);
    for row in rows {
        table.row(out, row)?;
    }
    table.finish(out)
}

/// How wide OWNER and TEXT may be for a line of `width` columns, given each column's widest
/// cell: what the other columns leave (two spaces between columns), the text taking at least
/// two thirds of it when both must give way. `None` for the owner when there is no room for
/// both: the column is left out and its room goes to the text.
fn give_way(width: usize, widths: &[usize]) -> (Option<usize>, usize) {
    let gaps = 2 * (widths.len() - 1);
    let fixed: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| ![OWNER, TEXT].contains(i))
        .map(|(_, w)| w)
        .sum();
    let room = width.saturating_sub(gaps + fixed);
    let (owner, text) = (widths[OWNER], widths[TEXT]);
    if owner + text <= room {
        return (Some(owner), text);
    }
    if room < MIN_OWNER + MIN_TEXT {
        // The owner's column and the gap before it go to the text.
        return (None, (room + 2).max(MIN_TEXT));
    }
    let owner = owner.min((room / 3).max(MIN_OWNER));
    (Some(owner), room - owner)
}

/// comfy-table pads every cell; trailing blanks only get in the way of diffs and greps.
fn trim_lines(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_end().strip_prefix(' ').unwrap_or(l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fields that hold long free text (a letter's body, a recommendation's text and evidence, an
/// ask's answer): `show` prints them last, so the short facts come first.
fn holds_long_text(spec: &fields::FieldSpec) -> bool {
    matches!(spec.ty, FieldType::Text { max } if max >= 8_000)
}

/// The values of an item worth showing, with their specs.
fn shown_values(item: &Item) -> impl Iterator<Item = (&'static fields::FieldSpec, &Value)> {
    item.specs()
        .iter()
        .zip(&item.values)
        .filter(|(_, v)| !v.is_null() && !matches!(v, Value::Flag(false)))
}

/// One item's short fields as "Label: value" lines (a value too long for one line goes under
/// its label); the long text is [`long_text`]'s.
pub fn item_block(item: &Item, today: NaiveDate, due_soon_days: i64) -> String {
    let mut out = format!("{}  {}", item.id, item.kind());
    if item.deleted {
        out.push_str("  (deleted)");
    }
    out.push_str(&format!("  version {}\n", item.version));
    let urgency = item.due_words(today, due_soon_days);
    for (spec, value) in shown_values(item).filter(|(spec, _)| !holds_long_text(spec)) {
        let shown = for_terminal(&spec.display(value), true).into_owned();
        let extra = if spec.field == Field::DueOn && !urgency.is_empty() {
            format!("  ({urgency})")
        } else {
            String::new()
        };
        if shown.contains('\n') || shown.chars().count() > 70 {
            out.push_str(&format!("{}:\n", spec.label));
            out.push_str(&indented(&shown));
        } else {
            out.push_str(&format!(
                "{:<18}{shown}{extra}\n",
                format!("{}:", spec.label)
            ));
        }
    }
    out
}

/// An item's long text, each under its label, with a blank line before each ("" for none).
pub fn long_text(item: &Item) -> String {
    let mut out = String::new();
    for (spec, value) in shown_values(item).filter(|(spec, _)| holds_long_text(spec)) {
        out.push_str(&format!("\n{}:\n", spec.label));
        out.push_str(&indented(&for_terminal(&spec.display(value), true)));
    }
    out
}

fn indented(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// An item's history for people: labels, values in words, local times.
///
/// Piped (no width): one line per change, every value whole, in the columns WHEN, WHO,
/// CHANGE (change, undo, redo), FIELD, OLD, NEW, REASON. On a terminal the table fits its
/// width: WHEN, WHO, and the change as one phrase ("Due: 31 Mar 2016 → 17 Dec 2026") with its
/// reason under it, wrapped whole; an old or new value longer than a few lines is cut there.
pub fn history_table(
    kind: Kind,
    entries: &[HistoryEntry],
    zone: &jiff::tz::TimeZone,
    width: Option<u16>,
) -> String {
    if entries.is_empty() {
        return "No changes recorded.".into();
    }
    let rows = entries.iter().map(|e| {
        let said = history::describe(kind, &e.touched, e.old.as_deref(), e.new.as_deref());
        let when = history::when(&e.at, zone);
        let who = for_terminal(&e.who, false).into_owned();
        let reason = for_terminal(e.reason.as_deref().unwrap_or(""), false).into_owned();
        (e, said, when, who, reason)
    });
    let table = match width {
        None => {
            let mut table = new_table(
                &["WHEN", "WHO", "CHANGE", "FIELD", "OLD", "NEW", "REASON"],
                &[],
                None,
            );
            for (e, said, when, who, reason) in rows {
                let at = e.meeting.map(|m| format!(" at {m}")).unwrap_or_default();
                table.add_row(vec![
                    when,
                    who,
                    format!("{}{at}", e.change),
                    for_terminal(&said.what, false).into_owned(),
                    for_terminal(&said.old, false).into_owned(),
                    for_terminal(&said.new, false).into_owned(),
                    reason,
                ]);
            }
            table
        }
        Some(_) => {
            let mut table = new_table(&["WHEN", "WHO", "CHANGE"], &[0], width);
            if let Some(who) = table.column_mut(1) {
                who.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(16)));
            }
            for (e, said, when, who, reason) in rows {
                let mut change = match e.change.as_str() {
                    "change" => String::new(),
                    other => format!("({other}) "),
                };
                change.push_str(&for_terminal(
                    &said.phrase(|v| cut(v, HISTORY_VALUE_WIDTH)),
                    false,
                ));
                if let Some(m) = e.meeting {
                    change.push_str(&format!(" (at {m})"));
                }
                if !reason.is_empty() {
                    change.push_str(&format!("\nReason: {reason}"));
                }
                table.add_row(vec![when, who, change]);
            }
            table
        }
    };
    trim_lines(&table.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ID, DUE, urgency, STATUS, OWNER, CHASED, TEXT widest cells, as the demo's
    /// recommendations have them.
    const DEMO: [usize; 7] = [6, 10, 11, 16, 44, 10, 130];

    fn line(widths: &[usize], owner: Option<usize>, text: usize) -> usize {
        let fixed: usize = [0, 1, 2, 3, 5].iter().map(|&i| widths[i]).sum();
        let columns = if owner.is_some() { 7 } else { 6 };
        fixed + owner.unwrap_or(0) + text + 2 * (columns - 1)
    }

    #[test]
    fn the_owner_and_text_give_way_to_fit_the_width() {
        for width in [100, 120, 160, 200] {
            let (owner, text) = give_way(width, &DEMO);
            assert_eq!(line(&DEMO, owner, text), width, "{width}: {owner:?} {text}");
            let owner = owner.unwrap();
            assert!(
                text >= 2 * owner,
                "the text gets the larger share at {width}"
            );
        }
    }

    #[test]
    fn what_fits_is_not_cut() {
        assert_eq!(give_way(300, &DEMO), (Some(44), 130));
        assert_eq!(give_way(65 + 44 + 130, &DEMO), (Some(44), 130));
    }

    #[test]
    fn too_narrow_for_both_the_owner_is_left_out() {
        let (owner, text) = give_way(80, &DEMO);
        assert_eq!(owner, None);
        assert_eq!(line(&DEMO, owner, text), 80);
        // Narrower than the columns that are never cut: the text keeps a few words.
        assert_eq!(give_way(40, &DEMO), (None, MIN_TEXT));
    }

    #[test]
    fn a_short_owner_is_kept_whole() {
        let widths = [6, 10, 11, 16, 9, 10, 130];
        let (owner, text) = give_way(120, &widths);
        assert_eq!(owner, Some(9));
        assert_eq!(line(&widths, owner, text), 120);
    }

    #[test]
    fn cut_counts_terminal_columns_and_makes_controls_visible() {
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("日本語です", 5), "日本…");
        assert_eq!(cut("a\u{1b}[2Jb", 10), "a␛[2Jb");
    }
}
