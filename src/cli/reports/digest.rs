//! `oversight digest`: for each owner, what is overdue and what falls due within the window,
//! to paste into an email (text or Markdown), for a script (JSON), or as one `.eml` draft
//! per owner. Quiet when nothing is due, for cron. `--record-chase` records a chase of every
//! item in the digest as one change (one `undo` takes them all back).
//!
//! Whom an item is due from: its owner; an outgoing letter without one, its recipient (they
//! owe the office the answers). An incoming letter without an owner is the office's own
//! reply to write, due from nobody outside it: it is listed under "No owner named" in text,
//! Markdown and JSON, and gets no draft and no chase.
//!
//! The drafts (RFC 5322, MIME): `To:` carries the owner's name alone, as an empty group
//! (`"BCU Commander":;`), unless the owner field holds an email address, which is then the
//! address; no address is guessed. `From:` is left out (the mail client sets the sender
//! when the draft is sent; `X-Unsent: 1` makes Outlook open the file as a draft). `Date:` is
//! `--today` at midnight UTC, so a run is reproducible. The body is UTF-8, quoted-printable;
//! a name that is not plain ASCII goes into the header as RFC 2047 encoded-words, so no data
//! text can ever start a header.

use crate::domain::fields::Field;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;
use base64::Engine as _;
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value as Json, json};

use super::doc::md;
use super::{clean, days, uk, write_new_file};
use crate::cli::args::DigestFormat;
use crate::domain::dates::format_date;
use crate::domain::filter::{PaneFilter, Sort};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{self, Context};
use crate::domain::sanitize::json_for_terminal;
use crate::store::{Part, Rows, Source, Store};

/// The kinds whose items are due from someone.
const OWNED: Source = Source {
    id: "digest",
    parts: &[
        Part {
            kind: Kind::Recommendation,
            rows: Rows::Open,
        },
        Part {
            kind: Kind::Letter,
            rows: Rows::Open,
        },
        Part {
            kind: Kind::Action,
            rows: Rows::Open,
        },
    ],
};

pub struct DigestArgs {
    pub owner: Option<String>,
    pub within: Option<i64>,
    pub format: DigestFormat,
    pub output: Option<PathBuf>,
    pub record_chase: bool,
    pub verbose: bool,
}

/// One item in a digest.
#[derive(Debug, Clone)]
struct Entry {
    id: ItemId,
    what: String,
    due: NaiveDate,
    days_overdue: i64,
    chases: i64,
    last_chased: Option<NaiveDate>,
}

/// One person's digest (`name` None: items due from nobody outside the office).
#[derive(Debug, Clone)]
struct Group {
    name: Option<String>,
    overdue: Vec<Entry>,
    soon: Vec<Entry>,
}

/// Whom an item is due from (see the module's comment); `None` for the office's own.
fn due_from(item: &Item) -> Option<String> {
    match (item.kind(), item.text(Field::Owner)) {
        (_, Some(owner)) => Some(owner.to_string()),
        (Kind::Letter, None) if item.text(Field::Direction) == Some("outgoing") => {
            item.text(Field::Recipient).map(str::to_string)
        }
        _ => None,
    }
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Action => "board action",
        other => other.singular(),
    }
}

/// "this fortnight", "this week", "in the next 10 days".
fn window_words(within: i64) -> String {
    match within {
        14 => "this fortnight".into(),
        7 => "this week".into(),
        0 => "today".into(),
        1 => "by tomorrow".into(),
        n => format!("in the next {n} days"),
    }
}

fn subject(g: &Group, within: i64) -> String {
    format!(
        "Items due from you: {} overdue, {} due {}",
        g.overdue.len(),
        g.soon.len(),
        window_words(within)
    )
}

fn chase_words(e: &Entry) -> String {
    match (e.last_chased, e.chases) {
        (Some(on), 1) => format!("last chased {} (once)", uk(on)),
        (Some(on), n) => format!("last chased {} ({n} chases)", uk(on)),
        _ => "not chased before".into(),
    }
}

fn when_words(e: &Entry, today: NaiveDate) -> String {
    if e.days_overdue > 0 {
        format!("due {}, {} overdue", uk(e.due), days(e.days_overdue))
    } else if e.due == today {
        format!("due today, {}", uk(e.due))
    } else {
        format!("due {}, in {}", uk(e.due), days((e.due - today).num_days()))
    }
}

/// The plain-text body of one person's digest (also the `.eml` body).
fn text_body(g: &Group, within: i64, today: NaiveDate) -> String {
    let mut b = String::new();
    let mut list = |title: String, entries: &[Entry]| {
        if entries.is_empty() {
            return;
        }
        b.push_str(&title);
        b.push('\n');
        for e in entries {
            b.push_str(&format!(
                "- {} ({}): {}\n  {}; {}.\n",
                e.id,
                kind_words(e.id.kind),
                e.what,
                when_words(e, today),
                chase_words(e)
            ));
        }
        b.push('\n');
    };
    list("Overdue:".into(), &g.overdue);
    list(
        format!(
            "Due {} (by {}):",
            window_words(within),
            uk(today + Duration::days(within))
        ),
        &g.soon,
    );
    b
}

fn group_name(g: &Group) -> String {
    g.name.clone().unwrap_or_else(|| "No owner named".into())
}

fn entry_json(e: &Entry, today: NaiveDate) -> Json {
    json!({
        "id": e.id.to_string(),
        "kind": e.id.kind.singular(),
        "what": e.what,
        "due_on": format_date(e.due),
        "days_overdue": e.days_overdue,
        "days_until_due": (e.due - today).num_days().max(0),
        "chases": e.chases,
        "last_chased_on": e.last_chased.map(format_date),
    })
}

pub fn run(
    store: &mut Store,
    ctx: &Context,
    a: &DigestArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = ctx.today;
    let within = a.within.unwrap_or(ctx.settings.due_soon_days);
    if within < 0 {
        bail!("--within takes a number of days, 0 or more");
    }
    if a.format == DigestFormat::Eml && a.output.is_none() {
        bail!("--format eml writes one draft per owner into a folder: give it with -o DIR");
    }
    if a.format != DigestFormat::Eml && a.output.is_some() {
        bail!("-o DIR is for --format eml (the other formats are printed)");
    }
    let until = today + Duration::days(within);
    let filter = PaneFilter {
        until: Some(until),
        sort: Sort::Owner,
        owner: a.owner.as_ref().map(|o| o.trim().to_lowercase()),
        ..PaneFilter::default()
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut nobody = Group {
        name: None,
        overdue: Vec::new(),
        soon: Vec::new(),
    };
    let mut last_key: Option<String> = None;
    store.each_row(&OWNED, &filter, today, None, |row| {
        let item = &row.listed.item;
        let Some(due) = item.due_on() else {
            return Ok(true);
        };
        let entry = Entry {
            id: item.id,
            what: clean(&item.headline()),
            due,
            days_overdue: item.days_overdue(today),
            chases: row.listed.chases,
            last_chased: row.listed.last_chased_on,
        };
        let group = match due_from(item) {
            None => &mut nobody,
            Some(name) => {
                let key = name.to_lowercase();
                if last_key.as_deref() != Some(key.as_str()) {
                    last_key = Some(key);
                    groups.push(Group {
                        name: Some(name),
                        overdue: Vec::new(),
                        soon: Vec::new(),
                    });
                }
                groups.last_mut().expect("a group")
            }
        };
        if entry.days_overdue > 0 {
            group.overdue.push(entry);
        } else {
            group.soon.push(entry);
        }
        Ok(true)
    })?;
    if a.owner.is_some() {
        // Asked for one person: the office's own replies are not theirs.
        nobody.overdue.clear();
        nobody.soon.clear();
    }
    let any = !groups.is_empty() || !nobody.overdue.is_empty() || !nobody.soon.is_empty();
    if !any {
        if a.verbose {
            writeln!(
                out,
                "Nothing is overdue or due by {}{}.",
                uk(until),
                a.owner
                    .as_ref()
                    .map(|o| format!(" from {}", clean(o)))
                    .unwrap_or_default()
            )?;
        }
        return Ok(());
    }
    let mut shown = groups.clone();
    if !nobody.overdue.is_empty() || !nobody.soon.is_empty() {
        shown.push(nobody.clone());
    }
    match a.format {
        DigestFormat::Text => {
            for (i, g) in shown.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "{}\n", "-".repeat(72))?;
                }
                writeln!(out, "To: {}", clean(&group_name(g)))?;
                writeln!(out, "Subject: {}\n", subject(g, within))?;
                write!(out, "{}", text_body(g, within, today))?;
            }
        }
        DigestFormat::Markdown => {
            writeln!(out, "# Items due, {}\n", uk(today))?;
            for g in &shown {
                writeln!(out, "## {}\n", md(&clean(&group_name(g))))?;
                writeln!(out, "**{}**\n", md(&subject(g, within)))?;
                for (title, entries) in [
                    ("Overdue".to_string(), &g.overdue),
                    (format!("Due by {}", uk(until)), &g.soon),
                ] {
                    if entries.is_empty() {
                        continue;
                    }
                    writeln!(out, "### {title}\n")?;
                    writeln!(out, "| ID | What | Due | Days overdue | Last chased |")?;
                    writeln!(out, "| --- | --- | --- | ---: | --- |")?;
                    for e in entries.iter() {
                        writeln!(
                            out,
                            "| {} | {} | {} | {} | {} |",
                            e.id,
                            md(&e.what),
                            uk(e.due),
                            e.days_overdue,
                            md(&chase_words(e))
                        )?;
                    }
                    writeln!(out)?;
                }
            }
        }
        DigestFormat::Json => {
            let all: Vec<Json> = shown
                .iter()
                .map(|g| {
                    json!({
                        "owner": g.name,
                        "address": g.name.as_deref().and_then(address_in),
                        "subject": g.name.as_ref().map(|_| subject(g, within)),
                        "overdue": g.overdue.iter().map(|e| entry_json(e, today)).collect::<Vec<_>>(),
                        "due_soon": g.soon.iter().map(|e| entry_json(e, today)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&all)?;
            writeln!(out, "{}", json_for_terminal(&text))?;
        }
        DigestFormat::Eml => {
            let dir = a.output.as_deref().expect("checked above");
            write_drafts(dir, &groups, within, today, out)?;
            if !nobody.overdue.is_empty() || !nobody.soon.is_empty() {
                let ids: Vec<String> = nobody
                    .overdue
                    .iter()
                    .chain(&nobody.soon)
                    .map(|e| e.id.to_string())
                    .collect();
                writeln!(
                    out,
                    "No draft for {} (no owner named: the office's own).",
                    ids.join(", ")
                )?;
            }
        }
    }
    if a.record_chase {
        record_chases(store, ctx, &groups)?;
    }
    Ok(())
}

/// One chase per item (to its owner, by email), all in one change.
fn record_chases(store: &mut Store, ctx: &Context, groups: &[Group]) -> anyhow::Result<()> {
    let mut planned = Vec::new();
    for g in groups {
        let Some(name) = &g.name else { continue };
        for e in g.overdue.iter().chain(&g.soon) {
            let text = format!("Sent the digest of items due ({})", uk(ctx.today));
            planned.push(rules::note(
                e.id,
                &text,
                Some((name.as_str(), "email")),
                None,
                ctx.today,
            )?);
        }
    }
    if planned.is_empty() {
        return Ok(());
    }
    let n = planned.len();
    store.batch(ctx, &format!("digest chases ({n} items)"), |b| {
        for changes in &planned {
            b.create(Kind::Note, changes)?;
        }
        Ok(())
    })?;
    eprintln!(
        "Recorded {n} {} by email in one change (`oversight undo` takes {} back).",
        if n == 1 { "chase" } else { "chases" },
        if n == 1 { "it" } else { "them all" }
    );
    Ok(())
}

/// An email address written in the owner field ("Jo Bloggs <jo@example.org>"), if any.
fn address_in(owner: &str) -> Option<String> {
    let re = regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("a valid pattern");
    re.find(owner).map(|m| m.as_str().to_string())
}

/// A file name for a person's draft: the day, then their name in lower-case letters, digits
/// and hyphens.
fn file_name(name: &str, today: NaiveDate) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() {
        "owner".into()
    } else {
        slug
    };
    format!("{}-{slug}.eml", format_date(today))
}

fn write_drafts(
    dir: &Path,
    groups: &[Group],
    within: i64,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: create it first, or give another with -o",
            dir.display()
        );
    }
    let mut planned: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for g in groups {
        let Some(name) = &g.name else { continue };
        let mut file = file_name(name, today);
        let mut n = 2;
        while planned
            .iter()
            .any(|(p, _)| p.file_name() == Some(file.as_ref()))
        {
            file = file_name(&format!("{name} {n}"), today);
            n += 1;
        }
        let path = dir.join(&file);
        if path.exists() {
            bail!(
                "{} already exists: oversight never replaces a file; nothing was written",
                path.display()
            );
        }
        planned.push((
            path,
            eml(
                name,
                &subject(g, within),
                &text_body(g, within, today),
                today,
            ),
        ));
    }
    for (path, bytes) in &planned {
        write_new_file(path, bytes)?;
    }
    writeln!(
        out,
        "Wrote {} {} to {}:",
        planned.len(),
        if planned.len() == 1 {
            "draft"
        } else {
            "drafts"
        },
        clean(&dir.display().to_string())
    )?;
    for (path, _) in &planned {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        writeln!(out, "  {}", clean(&name.unwrap_or_default()))?;
    }
    Ok(())
}

/// RFC 2047 encoded-words (UTF-8, base64) for `text`, each at most 75 characters, joined by
/// folding white space.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes encode to 60 characters: with "=?utf-8?B?" and "?=" that is 72.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?utf-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// A display name as an RFC 5322 phrase: a quoted string when it is short printable ASCII,
/// else encoded-words.
fn phrase(name: &str) -> String {
    let plain = name.chars().all(|c| (' '..='~').contains(&c));
    if plain && name.len() <= 60 {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        encoded_words(name)
    }
}

/// A header value of free text (the subject): as it is when it is short printable ASCII.
fn unstructured(text: &str) -> String {
    let plain = text.chars().all(|c| (' '..='~').contains(&c));
    if plain && text.len() <= 66 {
        text.to_string()
    } else {
        encoded_words(text)
    }
}

/// One draft: headers, a blank line, the body as quoted-printable UTF-8, CRLF throughout.
fn eml(owner: &str, subject: &str, body: &str, today: NaiveDate) -> Vec<u8> {
    let name = clean(owner);
    let to = match address_in(&name) {
        Some(addr) => {
            let rest = name.replace(&addr, "");
            let rest = rest
                .trim_matches(|c: char| c.is_whitespace() || "<>,;\"".contains(c))
                .to_string();
            if rest.is_empty() {
                format!("<{addr}>")
            } else {
                format!("{} <{addr}>", phrase(&rest))
            }
        }
        None => format!("{}:;", phrase(&name)),
    };
    let date = format!(
        "{}, {} {} {} 00:00:00 +0000",
        today.format("%a"),
        today.day(),
        today.format("%b"),
        today.year()
    );
    let mut head = String::new();
    head.push_str(&format!("Date: {date}\r\n"));
    head.push_str(&format!("To: {to}\r\n"));
    head.push_str(&format!("Subject: {}\r\n", unstructured(subject)));
    head.push_str("MIME-Version: 1.0\r\n");
    head.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    head.push_str("Content-Transfer-Encoding: quoted-printable\r\n");
    head.push_str("X-Unsent: 1\r\n\r\n");
    let greeting = format!("Dear colleague,\r\n\r\n{subject}.\r\n\r\n");
    let text = format!(
        "{greeting}{}\r\nPlease reply with an update on each, or the evidence for any that is \
         done.\r\n",
        body.replace('\n', "\r\n")
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(quoted_printable::encode_to_str(text.as_bytes()).as_bytes());
    bytes.extend_from_slice(b"\r\n");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_carry_names_as_quoted_strings_or_encoded_words() {
        assert_eq!(phrase("BCU Commander"), "\"BCU Commander\"");
        assert_eq!(phrase("A \"B\" \\ C"), "\"A \\\"B\\\" \\\\ C\"");
        let zoe = phrase("Zoë");
        assert!(
            zoe.starts_with("=?utf-8?B?") && zoe.ends_with("?="),
            "{zoe}"
        );
        let long = encoded_words(&"é".repeat(60));
        for word in long.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
        }
        assert_eq!(
            address_in("Jo Bloggs <jo.bloggs@met.police.uk>").as_deref(),
            Some("jo.bloggs@met.police.uk")
        );
        assert_eq!(address_in("BCU Commander"), None);
    }

    #[test]
    fn file_names_are_safe_and_dated() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            file_name("Detective Superintendent, Child Safeguarding", today),
            "2026-11-23-detective-superintendent-child-safeguarding.eml"
        );
        assert_eq!(
            file_name("../../etc/passwd", today),
            "2026-11-23-etc-passwd.eml"
        );
        assert_eq!(file_name("Zoë", today), "2026-11-23-zo.eml");
        assert_eq!(file_name("—", today), "2026-11-23-owner.eml");
    }
}
