//! `oversight import FILE...`: letters from plain text (read by `domain::letter_text`, stored
//! by `crate::import`), or a JSON export restored into an empty database.
//!
//! Several files: each is read and written on its own (one transaction each). A file that
//! cannot be read is reported on standard error as `error: FILE: why` and nothing is written
//! for it; the others are still imported; the exit code is then 1. Every piece of letter text
//! printed goes through the terminal sanitiser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use serde_json::{Value as Json, json};

use super::args::{Global, ReadFormat};
use super::human::{self, Human, Out};
use super::{make_context, output};
use crate::domain::letter_text::{self, Direction, ExtractedLetter};
use crate::domain::rules::Context;
use crate::domain::sanitize::{error_line, for_terminal};
use crate::import::{self, Imported, ReportLink};
use crate::store::{self, Sniffed, Store};

/// What one file holds.
enum Input {
    /// Letters read (a text or PDF file holds one; an email its letter attachments, or
    /// itself), nothing written yet.
    Letters(Box<import::Reading>),
    /// A JSON export, restored from the file as it is read (it may be gigabytes).
    Export,
}

/// Reads a file: a JSON export (a `.json` name, or content that is our export), else a letter
/// through [`import::read_file`] (text, PDF or email; the same path as the dashboard's `i`).
/// Whether it is an export is told from its first lines, without reading it all.
fn read(path: &Path, store: Option<&Store>, ctx: &Context) -> anyhow::Result<Input> {
    let cannot = |e: &dyn std::fmt::Display| anyhow!("cannot read it: {e}");
    let named_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !path.is_dir() {
        let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
        match store::sniff(file) {
            Sniffed::Export { .. } => return Ok(Input::Export),
            Sniffed::Unreadable(e) => return Err(cannot(&e)),
            Sniffed::NotJson(e) if named_json => {
                return Err(anyhow!("it is not a JSON export of oversight ({e})"));
            }
            // Restoring says why it is not an export.
            Sniffed::OtherJson if named_json => return Ok(Input::Export),
            Sniffed::OtherJson | Sniffed::NotJson(_) => {}
        }
    }
    let reading = import::read_file(path, store, ctx).map_err(|e| match e {
        import::FileError::Decode(
            d @ (letter_text::DecodeError::Binary { .. } | letter_text::DecodeError::Document(_)),
        ) => anyhow!("it is not a JSON export of oversight, nor a letter: {d}"),
        other => anyhow!("{other}"),
    })?;
    Ok(Input::Letters(Box::new(reading)))
}

fn shown(path: &Path) -> String {
    for_terminal(&path.display().to_string(), false).into_owned()
}

fn fail(path: &Path, e: &anyhow::Error) {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !msg.contains(&text) {
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&text);
        }
    }
    // One line, each value it quotes cut short (a restored text may be a million characters).
    let _ = writeln!(
        human::stderr(),
        "error: {}: {}; nothing imported from it",
        shown(path),
        error_line(&msg)
    );
}

/// `import --dry-run`: what each letter would become; opens the database only to read its
/// settings and look for duplicates, and never creates one.
pub(super) fn dry_run(
    g: &Global,
    files: &[PathBuf],
    format: ReadFormat,
) -> anyhow::Result<ExitCode> {
    let store = super::db::optional(g)?;
    let ctx = make_context(g, store.as_ref())?;
    let mut out = Out::stdout();
    let mut failed = false;
    for path in files {
        match read(path, store.as_ref(), &ctx) {
            Ok(Input::Letters(reading)) => {
                for l in &reading.letters {
                    match format {
                        ReadFormat::Json => json_line(&mut out, &l.letter)?,
                        ReadFormat::Table => write_preview(&mut out.human(), path, &reading, l)?,
                    }
                }
            }
            Ok(Input::Export) => {
                failed = true;
                fail(
                    path,
                    &anyhow!(
                        "it is a JSON export; --dry-run reads letters only (restore an export \
                         without --dry-run, into an empty database)"
                    ),
                );
            }
            Err(e) => {
                failed = true;
                fail(path, &e);
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `import FILE...`: stores each letter (or restores an export).
pub(super) fn run(
    store: &mut Store,
    ctx: &Context,
    files: &[PathBuf],
    format: ReadFormat,
    out: &mut Out<impl Write>,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in files {
        let result = read(path, Some(store), ctx).and_then(|input| match input {
            Input::Export => {
                let summary = store.restore_json(|| std::fs::File::open(path))?;
                Ok(vec![Done::Restored(summary.items, summary.events)])
            }
            Input::Letters(reading) => Ok(import::store_reading(store, ctx, &reading, &[])?
                .into_iter()
                .zip(&reading.letters)
                .map(|((letter, imported), read)| {
                    Done::Letter(Box::new(letter), imported, read.source.clone())
                })
                .collect()),
        });
        match result {
            Ok(done) => {
                for d in done {
                    match format {
                        ReadFormat::Json => json_line(out, &d.json(path))?,
                        ReadFormat::Table => d.write_line(&mut out.human(), path)?,
                    }
                }
            }
            Err(e) => {
                failed = true;
                fail(path, &e);
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One JSON object on a line of its own, out at once (the next file may take a while).
fn json_line(out: &mut Out<impl Write>, value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut json = out.json();
    writeln!(json, "{}", serde_json::to_string(value)?)?;
    json.flush()?;
    Ok(())
}

enum Done {
    Restored(usize, usize),
    /// The letter, what it became, and where in the file it was (an email's attachment).
    Letter(Box<ExtractedLetter>, Imported, String),
}

impl Done {
    fn write_line(&self, out: &mut Human<impl Write>, path: &Path) -> anyhow::Result<()> {
        let file = match self {
            Done::Letter(_, _, source) => within(path, source),
            Done::Restored(..) => shown(path),
        };
        match self {
            Done::Restored(items, events) => writeln!(
                out,
                "Imported {items} items and {events} history events from {file}"
            )?,
            Done::Letter(_, Imported::Duplicate { existing, by }, _) => {
                writeln!(out, "{file}: already stored as {existing} ({by}): skipped")?
            }
            Done::Letter(letter, Imported::Created(c), _) => {
                writeln!(
                    out,
                    "{file}: created {} \"{}\" {}",
                    c.letter,
                    output::cut(&c.subject, 60),
                    c.outcome(letter)
                )?;
                for w in letter.warnings.iter().chain(&c.warnings) {
                    writeln!(out, "  warning: {}", for_terminal(w, false))?;
                }
            }
        }
        Ok(())
    }

    fn json(&self, path: &Path) -> Json {
        let file = path.display().to_string();
        match self {
            Done::Restored(items, events) => {
                json!({"file": file, "outcome": "restored", "items": items, "events": events})
            }
            Done::Letter(letter, Imported::Duplicate { existing, by }, source) => json!({
                "file": file, "source": source, "outcome": "duplicate", "letter_id": existing.to_string(),
                "duplicate_by": by, "warnings": letter.warnings,
            }),
            Done::Letter(letter, Imported::Created(c), source) => {
                let ids = |v: &[crate::domain::ids::ItemId]| {
                    v.iter().map(ToString::to_string).collect::<Vec<_>>()
                };
                let mut warnings = letter.warnings.clone();
                warnings.extend(c.warnings.iter().cloned());
                json!({
                    "file": file,
                    "source": source,
                    "outcome": "created",
                    "letter_id": c.letter.to_string(),
                    "direction": c.direction.code(),
                    "status": if c.awaiting_reply { "awaiting_reply" } else { "no_reply_needed" },
                    "due_on": c.due_on.map(|d| d.format("%Y-%m-%d").to_string()),
                    "ask_ids": ids(&c.asks),
                    "report_id": c.report.map(|r| r.id().to_string()),
                    "report": c.report.map(|r| match r {
                        ReportLink::Created(_) => "created",
                        ReportLink::Linked(_) => "linked",
                    }),
                    "recommendation_ids": ids(&c.recommendations),
                    "s55": letter.s55,
                    "warnings": warnings,
                })
            }
        }
    }
}

/// The file as shown, with the attachment a letter came from ("mail.eml: letter.pdf").
fn within(path: &Path, source: &str) -> String {
    match source.split_once(": ") {
        Some((_, attachment)) => format!("{}: {}", shown(path), for_terminal(attachment, false)),
        None => shown(path),
    }
}

/// The dry-run view of one letter, for people: each field, and after it how it was read
/// when that is not sure ("(medium: a heading above the letter, line 7)").
fn write_preview(
    out: &mut Human<impl Write>,
    path: &Path,
    reading: &import::Reading,
    read: &import::ReadLetter,
) -> anyhow::Result<()> {
    let l = &read.letter;
    let show = |v: &Option<String>| {
        v.as_deref()
            .map_or("-".to_string(), |s| for_terminal(s, false).into_owned())
    };
    let date = |d: Option<chrono::NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
    let how = |field: &str| match l.sources.get(field) {
        Some(s) if s.confidence != letter_text::Confidence::High => {
            let at = s.line.map(|n| format!(", line {n}")).unwrap_or_default();
            format!("  ({}: {}{at})", s.confidence.code(), s.how)
        }
        _ => String::new(),
    };
    writeln!(
        out,
        "{} ({})",
        within(path, &read.source),
        read.format.code()
    )?;
    if reading.letters.len() > 1 {
        writeln!(
            out,
            "  one of {} letters in this file",
            reading.letters.len()
        )?;
    }
    if let Some((id, by)) = read.duplicate {
        writeln!(out, "  already stored as {id} ({by}): would be skipped")?;
    }
    let direction = match l.direction {
        Direction::Incoming => "incoming",
        Direction::Outgoing => "outgoing",
    };
    let rows = [
        ("date", "date", date(l.date)),
        ("reference", "reference", show(&l.reference)),
        ("received on", "received_on", date(l.received_on)),
        ("direction", "direction", direction.to_string()),
        ("sender", "sender", show(&l.sender)),
        ("recipient", "recipient", show(&l.recipient)),
        ("cc", "cc", show(&l.cc)),
        ("salutation", "salutation", show(&l.salutation)),
        ("subject", "subject", show(&l.subject)),
    ];
    for (label, field, value) in rows {
        writeln!(out, "  {:<13}{value}{}", format!("{label}:"), how(field))?;
    }
    if let Some(r) = &l.report {
        writeln!(
            out,
            "  {:<13}{} ({}; {}; published {})",
            "report:",
            for_terminal(&r.title, false),
            r.kind
                .as_deref()
                .map_or("-".into(), |k| for_terminal(k, false)),
            r.inspectorate
                .as_deref()
                .map_or("-".into(), |i| for_terminal(i, false)),
            date(r.published_on)
        )?;
        let plan = match read.report {
            Some(import::ReportPlan::Link(id)) => format!("would be linked to {id}"),
            Some(import::ReportPlan::Create) | None => "would be created".to_string(),
        };
        writeln!(out, "  {:<13}{plan}{}", "", how("report"))?;
        for rec in &r.recommendations {
            writeln!(
                out,
                "    {} {}",
                for_terminal(&rec.reference, false),
                output::cut(&rec.text, 70)
            )?;
        }
    }
    if let Some(s) = &l.s55 {
        writeln!(out, "  {:<13}{}", "s55:", import::s55_words(s))?;
    }
    for a in &l.asks {
        let answered = if a.answer.is_some() {
            " [answered]"
        } else {
            ""
        };
        writeln!(
            out,
            "  ask {}.{answered} {}",
            a.number,
            output::cut(&a.text, 70)
        )?;
    }
    for w in &l.warnings {
        writeln!(out, "  warning: {}", for_terminal(w, false))?;
    }
    Ok(())
}
