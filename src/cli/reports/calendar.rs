//! `oversight calendar`: every open item's due date, and the last day of each report's
//! response still owed (s55, IOPC, Regulation 28), as all-day events of an iCalendar file
//! (RFC 5545) for Outlook or any calendar.
//!
//! Each event's `UID` is the item's ID (`REC-12@oversight`) and its `SEQUENCE` the item's
//! version, so importing a newer file updates the events rather than adding copies.
//! `DTSTAMP` is `--today` at midnight UTC, so the same database and day give the same bytes.
//! Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text is
//! escaped (`\\`, `\;`, `\,`, `\n`) after control characters are made visible.

use std::io::Write;
use std::path::Path;

use chrono::{Duration, NaiveDate};

use super::{clean, write_output};
use crate::domain::fields::Field;
use crate::domain::filter::PaneFilter;
use crate::domain::ids::Kind;
use crate::domain::item::Item;
use crate::domain::rules::Context;
use crate::domain::vocab;
use crate::store::{EVERY_OPEN_PART, Source, Store};

/// Everything with a deadline that is still to be met.
const DEADLINES: Source = Source {
    id: "calendar",
    parts: EVERY_OPEN_PART,
};

/// TEXT as RFC 5545 writes it (3.3.11).
pub fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (3.1), with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // A continuation line starts with a space, which counts.
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn ics_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// "REC-12 due: R1 Within six months…"; "RPT-4 s55 response due: PEEL 2025".
fn summary(item: &Item) -> String {
    let what = clean(&item.headline());
    match item.owed_response() {
        Some(rule) => format!("{} {rule} due: {what}", item.id),
        None => format!("{} due: {what}", item.id),
    }
}

fn description(item: &Item) -> String {
    let mut lines = vec![format!("{} {}", kind_word(item.kind()), item.id)];
    let who = clean(&item.waits_on());
    if !who.is_empty() {
        lines.push(format!("Waits on: {who}"));
    }
    if let Some(status) = item.status() {
        lines.push(format!("Status: {}", vocab::label(status)));
    }
    for (field, label) in [(Field::ReportId, "Report"), (Field::BoardId, "Board")] {
        if let Some(link) = item.get(field).as_link() {
            lines.push(format!("{label}: {link}"));
        }
    }
    lines.join("\n")
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Recommendation => "Recommendation",
        Kind::Letter => "Letter awaiting reply",
        Kind::Action => "Board action",
        Kind::Report => "Response owed to report",
        _ => "Item",
    }
}

pub fn run(
    store: &Store,
    ctx: &Context,
    output: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let stamp = format!("{}T000000Z", ics_date(ctx.today));
    let mut ics = String::with_capacity(16 * 1024);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//oversight//deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Oversight deadlines",
    ] {
        fold(line, &mut ics);
    }
    store.each_row(&DEADLINES, &PaneFilter::default(), ctx.today, None, |row| {
        let item = &row.listed.item;
        let Some(due) = item.due_on() else {
            // Undated items come last in due order: nothing more to write.
            return Ok(false);
        };
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@oversight", item.id),
            format!("DTSTAMP:{stamp}"),
            format!("SEQUENCE:{}", item.version),
            format!("DTSTART;VALUE=DATE:{}", ics_date(due)),
            format!("DTEND;VALUE=DATE:{}", ics_date(due + Duration::days(1))),
            format!("SUMMARY:{}", ics_text(&summary(item))),
            format!("DESCRIPTION:{}", ics_text(&description(item))),
            format!("CATEGORIES:{}", ics_text(kind_word(item.kind()))),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ] {
            fold(&line, &mut ics);
        }
        Ok(true)
    })?;
    fold("END:VCALENDAR", &mut ics);
    write_output(output, ics.as_bytes(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_folded_at_75_octets() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.trim_end().replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}", "é".repeat(60)));
    }
}
