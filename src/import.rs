//! Turning a letter read from text into stored items: the letter, its asks, and the report
//! it answers (created, or linked when a stored report has the same title and date) with the
//! recommendations it lists. One file is one transaction and one changeset in the audit
//! trail, so `undo` takes the whole import back. Used by `oversight import` and the
//! dashboard's `i`.
//!
//! A letter already stored is not stored again: the same reference, or (without one) the same
//! date, sender and subject, is a duplicate and is skipped.

use crate::domain::fields::Field;
use std::path::{Path, PathBuf};

use crate::domain::fields::{self, FieldType, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::letter_text::{
    self, DecodeError, Direction, ExtractOptions, ExtractedLetter, S55, same_report,
};
use crate::domain::rules::{Change, Context};
use crate::store::{Batch, LetterKey, Result, Store, StoreError};

/// What importing one letter did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Created(Created),
    /// Already stored as this letter; nothing written.
    Duplicate {
        existing: ItemId,
        by: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub letter: ItemId,
    pub subject: String,
    pub direction: Direction,
    pub asks: Vec<ItemId>,
    pub report: Option<ReportLink>,
    pub recommendations: Vec<ItemId>,
    /// Whether the letter is stored awaiting a reply (either direction), and when that is due.
    pub awaiting_reply: bool,
    pub due_on: Option<chrono::NaiveDate>,
    /// Beyond the extraction's own warnings: what was cut or filled in to store it.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportLink {
    Created(ItemId),
    Linked(ItemId),
}

impl ReportLink {
    pub fn id(self) -> ItemId {
        match self {
            ReportLink::Created(id) | ReportLink::Linked(id) => id,
        }
    }
}

impl Created {
    /// What was stored besides the letter itself: `(incoming, 3 asks); reply due 2022-11-01`,
    /// `(outgoing); report RPT-2 created, 4 recommendations; s55 last day 2019-05-22: on time`.
    pub fn outcome(&self, letter: &ExtractedLetter) -> String {
        let mut parts = vec![format!("({}", self.direction.code())];
        if !self.asks.is_empty() {
            parts.push(format!(", {} asks", self.asks.len()));
        }
        parts.push(")".into());
        match (self.awaiting_reply, self.due_on) {
            (true, Some(day)) => parts.push(format!("; reply due {}", day.format("%Y-%m-%d"))),
            (true, None) => parts.push("; awaiting reply, no due date".into()),
            (false, _) => {}
        }
        match self.report {
            Some(ReportLink::Created(id)) => parts.push(format!("; report {id} created")),
            Some(ReportLink::Linked(id)) => parts.push(format!("; linked to report {id}")),
            None => {}
        }
        if !self.recommendations.is_empty() {
            parts.push(format!(", {} recommendations", self.recommendations.len()));
        }
        if let Some(s) = &letter.s55 {
            parts.push(format!("; {}", s55_words(s)));
        }
        parts.concat()
    }
}

/// "s55 last day 2019-05-22: LATE by 3 days".
pub fn s55_words(s: &S55) -> String {
    let last = s.last_day.format("%Y-%m-%d");
    match s.late_by_days {
        Some(0) => format!("s55 last day {last}: on time"),
        Some(n) => format!("s55 last day {last}: LATE by {n} days"),
        None => format!("s55 last day {last}"),
    }
}

/// Why a file could not be imported as a letter. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("it is a folder: choose a letter file in it")]
    Folder,
    #[error("cannot read it: {0}")]
    Read(std::io::Error),
    #[error(
        "it is a JSON export of oversight, not a letter: restore an export with \
         `oversight import FILE` into an empty database"
    )]
    Export,
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("{0}")]
    Correction(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The largest file read as a letter (a PDF with images, an email with attachments).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// What kind of file a letter came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Pdf,
    Email,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Email => "email",
        }
    }
}

/// What importing would do with the report a letter answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPlan {
    /// A stored report has its title and publication date: the letter is linked to it.
    Link(ItemId),
    /// No stored report is it: one is created.
    Create,
}

/// One letter read from a file: a text or PDF file holds one; an email holds its letter
/// attachments, or is itself the letter.
#[derive(Debug, Clone)]
pub struct ReadLetter {
    /// Where it came from: "letter.pdf", or "message.eml: letter.pdf" for an attachment.
    pub source: String,
    pub format: Format,
    /// The text read (stored as the letter's body).
    pub text: String,
    /// Every field read, with where it came from (`letter.sources`) and the warnings.
    pub letter: ExtractedLetter,
    /// A stored letter this one repeats (storing it would skip it), and how that was told.
    pub duplicate: Option<(ItemId, &'static str)>,
    /// What storing would do with its report.
    pub report: Option<ReportPlan>,
}

/// Everything read from one file, nothing written: the first step of an import, and what the
/// dashboard's import preview shows. [`store_reading`] is the second.
#[derive(Debug, Clone)]
pub struct Reading {
    pub file: PathBuf,
    pub format: Format,
    pub letters: Vec<ReadLetter>,
}

/// An analyst's correction of one field of one letter of a [`Reading`] before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// Which letter of the reading (0 for a text or PDF file).
    pub letter: usize,
    /// The field as the dry-run JSON names it: date, reference, received_on, sender,
    /// recipient, cc, subject, direction, report.title, report.published_on.
    pub field: String,
    /// The new value as typed ("" clears the field; dates as the date parser reads them;
    /// direction incoming or outgoing).
    pub value: String,
}

/// The fields a [`Correction`] may name.
pub const CORRECTABLE: &[&str] = &[
    "date",
    "reference",
    "received_on",
    "sender",
    "recipient",
    "cc",
    "subject",
    "direction",
    "report.title",
    "report.published_on",
];

/// Whether these bytes are a JSON export of oversight (which `import` restores).
pub fn is_export(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|doc| doc.get("format").and_then(|f| f.as_str()) == Some("oversight-export"))
}

/// The options extraction takes from the context (and the stored reports' titles).
fn options<'a>(ctx: &'a Context, titles: &'a [String]) -> ExtractOptions<'a> {
    ExtractOptions {
        today: ctx.today,
        settings: &ctx.settings,
        calendar: &ctx.calendar,
        known_titles: titles,
    }
}

/// A letter's text (UTF-8, UTF-16 or Latin-1) and what was read from it.
pub fn read_letter(bytes: &[u8], ctx: &Context) -> Result<(String, ExtractedLetter), DecodeError> {
    let text = letter_text::decode(bytes)?;
    let letter = letter_text::extract(&text, options(ctx, &[]));
    Ok((text, letter))
}

/// Step one: reads a file (text, PDF or email) and says what storing it would do: decode,
/// extract, the duplicate and report look-ups. Writes nothing. `store` may be absent (a dry
/// run without a database): no look-ups then.
pub fn read_file(path: &Path, store: Option<&Store>, ctx: &Context) -> Result<Reading, FileError> {
    if path.is_dir() {
        return Err(FileError::Folder);
    }
    let size = std::fs::metadata(path).map_err(FileError::Read)?.len();
    if size > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge {
            size,
            max: MAX_FILE_BYTES,
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(FileError::Read)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut reading = read_bytes(&name, &bytes, store, ctx)?;
    reading.file = path.to_path_buf();
    Ok(reading)
}

/// [`read_file`] on bytes already read; `name` is the file's name (its extension counts).
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    store: Option<&Store>,
    ctx: &Context,
) -> Result<Reading, FileError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge {
            size: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        }
        .into());
    }
    if is_export(bytes) {
        return Err(FileError::Export);
    }
    let titles = match store {
        Some(s) => s
            .report_candidates(None, None)?
            .iter()
            .filter_map(|r| r.text(Field::Title).map(str::to_string))
            .collect(),
        None => Vec::new(),
    };
    let opts = options(ctx, &titles);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (format, mut letters) = if bytes.starts_with(b"\xd0\xcf\x11\xe0") && ext == "msg" {
        return Err(DecodeError::Outlook.into());
    } else if bytes.starts_with(b"%PDF") || (ext == "pdf" && find_pdf_header(bytes)) {
        let letter = pdf_letter(name, bytes, opts)?;
        (Format::Pdf, vec![letter])
    } else if ext == "pdf" {
        return Err(DecodeError::BadPdf(not_a_pdf(bytes)).into());
    } else if ext == "eml" || letter_text::email::looks_like_email(bytes) {
        (Format::Email, email_letters(name, bytes, opts)?)
    } else {
        let text = letter_text::decode(bytes)?;
        let letter = letter_text::extract(&text, opts);
        (
            Format::Text,
            vec![plain(name.to_string(), Format::Text, text, letter)],
        )
    };
    if let Some(store) = store {
        for l in &mut letters {
            l.duplicate = find_duplicate(store, &l.letter)?;
            l.report = match &l.letter.report {
                Some(_) => Some(match existing_report(store, &l.letter)? {
                    Some(item) => ReportPlan::Link(item.id),
                    None => ReportPlan::Create,
                }),
                None => None,
            };
        }
    } else {
        for l in &mut letters {
            l.report = l.letter.report.as_ref().map(|_| ReportPlan::Create);
        }
    }
    Ok(Reading {
        file: PathBuf::from(name),
        format,
        letters,
    })
}

fn plain(source: String, format: Format, text: String, letter: ExtractedLetter) -> ReadLetter {
    ReadLetter {
        source,
        format,
        text,
        letter,
        duplicate: None,
        report: None,
    }
}

/// A "%PDF" header within the first kilobyte (some files have bytes before it).
fn find_pdf_header(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(4)
        .any(|w| w == b"%PDF")
}

/// What a file named .pdf is instead.
fn not_a_pdf(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "the file is empty".into();
    }
    match letter_text::decode(bytes) {
        Err(DecodeError::Document(what)) => format!("it is {what} named .pdf"),
        Err(DecodeError::Binary { .. }) => "it holds binary data without a PDF header".into(),
        _ => "it has no PDF header (it may be text named .pdf)".into(),
    }
}

fn pdf_letter(name: &str, bytes: &[u8], opts: ExtractOptions<'_>) -> Result<ReadLetter, FileError> {
    let (text, notes) = letter_text::pdf::text(bytes)?;
    let mut letter = letter_text::extract(&text, opts);
    letter.warnings.extend(notes);
    Ok(plain(name.to_string(), Format::Pdf, text, letter))
}

/// An email's letters: each PDF or text attachment that reads as a letter (received the day
/// the email was sent), or else the email itself, its headers filling the fields.
fn email_letters(
    name: &str,
    bytes: &[u8],
    opts: ExtractOptions<'_>,
) -> Result<Vec<ReadLetter>, FileError> {
    let email = letter_text::email::parse(bytes)?;
    let mut letters = Vec::new();
    let mut notes = Vec::new();
    for a in &email.attachments {
        let lower = a.name.to_ascii_lowercase();
        let is_pdf = a.bytes.starts_with(b"%PDF") || lower.ends_with(".pdf");
        let is_text = lower.ends_with(".txt") || lower.ends_with(".text");
        if !(is_pdf || is_text) {
            continue;
        }
        let source = format!("{name}: {}", a.name);
        let read = if is_pdf {
            pdf_letter(&source, &a.bytes, opts)
        } else {
            letter_text::decode(&a.bytes)
                .map(|text| {
                    let letter = letter_text::extract(&text, opts);
                    plain(source.clone(), Format::Text, text, letter)
                })
                .map_err(FileError::from)
        };
        match read {
            Ok(mut l) if is_a_letter(&l.letter) => {
                letter_text::email::fill_from_attachment_email(&mut l.letter, &email, opts);
                l.format = if is_pdf { Format::Pdf } else { Format::Text };
                letters.push(l);
            }
            Ok(_) => notes.push(format!(
                "attachment {} does not read as a letter (no date, salutation or sign-off): \
                 not imported",
                a.name
            )),
            Err(e) => notes.push(format!("attachment {} not read: {e}", a.name)),
        }
    }
    if letters.is_empty() {
        let body = email.body.trim();
        if body.is_empty() {
            let why = notes
                .first()
                .cloned()
                .unwrap_or_else(|| "it has no body text and no letter attached".into());
            return Err(DecodeError::BadEmail(why).into());
        }
        let text = email.body.clone();
        let mut letter = letter_text::extract(&text, opts);
        letter_text::email::fill_from_email(&mut letter, &email, opts);
        letters.push(plain(name.to_string(), Format::Email, text, letter));
    }
    if let Some(first) = letters.first_mut() {
        first.letter.warnings.extend(notes);
    }
    Ok(letters)
}

/// Whether an attachment reads as a letter: a date, a salutation or a sender was found.
fn is_a_letter(l: &ExtractedLetter) -> bool {
    l.salutation.is_some() || l.sender.is_some() || (l.date.is_some() && l.subject.is_some())
}

/// Applies corrections to a reading (all or none: a bad value refuses them all).
pub fn correct(
    reading: &mut Reading,
    corrections: &[Correction],
    ctx: &Context,
) -> Result<(), FileError> {
    let mut copy = reading.clone();
    for c in corrections {
        let count = copy.letters.len();
        let Some(l) = copy.letters.get_mut(c.letter) else {
            return Err(FileError::Correction(format!(
                "there is no letter {} in this file (it holds {count})",
                c.letter + 1
            )));
        };
        letter_text::correct(&mut l.letter, &c.field, &c.value, options(ctx, &[]))
            .map_err(FileError::Correction)?;
    }
    *reading = copy;
    Ok(())
}

/// Step two: stores what [`read_file`] read, with the analyst's corrections: each letter in
/// one transaction and one change of the history (a duplicate is skipped). Returns what each
/// letter became, in order.
pub fn store_reading(
    store: &mut Store,
    ctx: &Context,
    reading: &Reading,
    corrections: &[Correction],
) -> Result<Vec<(ExtractedLetter, Imported)>, FileError> {
    let mut reading = reading.clone();
    correct(&mut reading, corrections, ctx)?;
    let body_max = text_max(Kind::Letter, Field::Body);
    for l in &reading.letters {
        let len = l.text.chars().count();
        if len > body_max {
            return Err(StoreError::TooLong {
                what: l.source.clone(),
                len,
                max: body_max,
            }
            .into());
        }
    }
    let mut out = Vec::new();
    for l in &reading.letters {
        let imported = import_letter(store, ctx, &l.letter, &l.text, &l.source)?;
        out.push((l.letter.clone(), imported));
    }
    Ok(out)
}

/// Reads, extracts and stores the letters in one file (the dashboard's `i`): the CLI's two
/// steps without corrections. Returns the first letter and what it became.
pub fn import_file(
    store: &mut Store,
    ctx: &Context,
    path: &Path,
) -> Result<(ExtractedLetter, Imported), FileError> {
    let reading = read_file(path, Some(store), ctx)?;
    let mut stored = store_reading(store, ctx, &reading, &[])?;
    if stored.is_empty() {
        return Err(DecodeError::BadEmail("no letter in it".into()).into());
    }
    Ok(stored.swap_remove(0))
}

/// The stored report a letter's report is (same title, same publication day or month).
fn existing_report(
    store: &Store,
    letter: &ExtractedLetter,
) -> Result<Option<crate::domain::item::Item>> {
    Ok(match &letter.report {
        Some(r) => store
            .report_candidates(r.published_on, r.published_month)?
            .into_iter()
            .find(|item| {
                item.text(Field::Title)
                    .is_some_and(|t| same_report(t, &r.title))
            }),
        None => None,
    })
}

/// The subject stored for a letter: its own, or (subject being required) one made from what
/// is known, so that a re-import makes the same one and is recognised.
pub fn stored_subject(letter: &ExtractedLetter) -> String {
    if let Some(s) = &letter.subject {
        return s.clone();
    }
    if let Some(r) = &letter.report {
        return format!("Response to {}", r.title);
    }
    let who = letter
        .sender
        .as_deref()
        .and_then(|s| s.split(',').next())
        .map(|name| format!(" from {name}"))
        .unwrap_or_default();
    let when = letter
        .date
        .map(|d| format!(" of {}", d.format("%-d %B %Y")))
        .unwrap_or_default();
    format!("Letter{who}{when} (no subject line)")
}

/// The stored text that identifies a letter: its reference, else its date, sender and
/// subject as they would be stored.
struct Identity {
    reference: Option<String>,
    sender: Option<String>,
    subject: String,
}

impl Identity {
    fn of(letter: &ExtractedLetter) -> Identity {
        Identity {
            reference: letter.reference.clone(),
            sender: letter
                .sender
                .as_deref()
                .map(|s| cut(Field::Sender, s, &mut Vec::new())),
            subject: cut(Field::Subject, &stored_subject(letter), &mut Vec::new()),
        }
    }

    fn key<'a>(&'a self, letter: &ExtractedLetter) -> LetterKey<'a> {
        LetterKey {
            reference: self.reference.as_deref(),
            dated_on: letter.date,
            sender: self.sender.as_deref(),
            subject: &self.subject,
        }
    }
}

/// The stored letter this one duplicates, and how that was recognised.
pub fn find_duplicate(
    store: &Store,
    letter: &ExtractedLetter,
) -> Result<Option<(ItemId, &'static str)>> {
    let identity = Identity::of(letter);
    store.find_letter(&identity.key(letter))
}

/// Stores one letter (see the module notes). `source` names the file in the audit trail.
pub fn import_letter(
    store: &mut Store,
    ctx: &Context,
    letter: &ExtractedLetter,
    body: &str,
    source: &str,
) -> Result<Imported> {
    let body_max = text_max(Kind::Letter, Field::Body);
    let body_len = body.chars().count();
    if body_len > body_max {
        return Err(StoreError::TooLong {
            what: "the letter".into(),
            len: body_len,
            max: body_max,
        });
    }
    if let Some((existing, by)) = find_duplicate(store, letter)? {
        return Ok(Imported::Duplicate { existing, by });
    }
    let existing_report = existing_report(store, letter)?;
    let existing_recs = match &existing_report {
        Some(r) => {
            let q = crate::store::ListQuery {
                parent: Some(r.id),
                ..Default::default()
            };
            store
                .list(Kind::Recommendation, &q, ctx.today)?
                .into_iter()
                .map(|l| l.item)
                .collect()
        }
        None => Vec::new(),
    };
    let summary = format!(
        "import letter {}",
        letter
            .reference
            .clone()
            .unwrap_or_else(|| format!("from {source}"))
    );
    let identity = Identity::of(letter);
    store.batch(ctx, &summary, |b| {
        // Checked again inside the write: another import may have stored it just now.
        if let Some((existing, by)) = b.find_letter(&identity.key(letter))? {
            return Err(StoreError::Changed(format!(
                "another import stored this letter as {existing} a moment ago ({by}): \
                 nothing written"
            )));
        }
        let mut warnings = Vec::new();
        let report = match (&letter.report, &existing_report) {
            (_, Some(item)) => Some(ReportLink::Linked(item.id)),
            (Some(r), None) => {
                let mut changes = vec![
                    text_change(Kind::Report, Field::Title, &r.title, &mut warnings),
                    word(Kind::Report, Field::Source, r.source),
                ];
                if let Some(day) = r.published_on {
                    changes.push((field(Kind::Report, Field::PublishedOn), Value::Date(day)));
                }
                Some(ReportLink::Created(
                    b.create(Kind::Report, &changes)?.item.id,
                ))
            }
            (None, None) => None,
        };

        let subject = stored_subject(letter);
        if letter.subject.is_none() {
            warnings.push(format!("stored with the subject \"{subject}\""));
        }
        let mut changes = vec![
            word(Kind::Letter, Field::Direction, letter.direction.code()),
            text_change(Kind::Letter, Field::Subject, &subject, &mut warnings),
            (
                field(Kind::Letter, Field::Body),
                Value::Text(body.to_string()),
            ),
        ];
        for (name, value) in [
            (Field::Reference, &letter.reference),
            (Field::Sender, &letter.sender),
            (Field::Recipient, &letter.recipient),
            (Field::Cc, &letter.cc),
        ] {
            if let Some(v) = value {
                changes.push(text_change(Kind::Letter, name, v, &mut warnings));
            }
        }
        for (name, value) in [
            (Field::DatedOn, letter.date),
            (Field::ReceivedOn, letter.received_on),
        ] {
            if let Some(day) = value {
                changes.push((field(Kind::Letter, name), Value::Date(day)));
            }
        }
        if let Some(link) = report {
            changes.push((field(Kind::Letter, Field::ReportId), Value::Link(link.id())));
        }
        // Either way round: an incoming letter unless it answers every ask, an outgoing one
        // that asks what the office now waits to hear.
        let status = if letter.awaits_reply() {
            "awaiting_reply"
        } else {
            "no_reply_needed"
        };
        changes.push(word(Kind::Letter, Field::Status, status));
        let stored = b.create(Kind::Letter, &changes)?.item;
        let letter_id = stored.id;

        let mut asks = Vec::new();
        for ask in &letter.asks {
            let mut changes = vec![
                (field(Kind::Ask, Field::LetterId), Value::Link(letter_id)),
                (
                    field(Kind::Ask, Field::Number),
                    Value::Number(i64::from(ask.number.min(9_999))),
                ),
                text_change(Kind::Ask, Field::Text, &ask.text, &mut warnings),
            ];
            if let Some(answer) = &ask.answer {
                changes.push(text_change(Kind::Ask, Field::Answer, answer, &mut warnings));
                changes.push(word(Kind::Ask, Field::Status, "answered"));
            }
            asks.push(b.create(Kind::Ask, &changes)?.item.id);
        }

        let mut recommendations = Vec::new();
        if let (Some(link), Some(r)) = (report, &letter.report) {
            if letter.direction == Direction::Outgoing && r.is_response {
                answer_report(b, link, existing_report.as_ref(), letter_id)?;
            }
            for rec in &r.recommendations {
                let known = existing_recs.iter().find(|item| {
                    item.text(Field::Ref)
                        .is_some_and(|x| x.eq_ignore_ascii_case(&rec.reference))
                        || item.text(Field::Text) == Some(rec.text.as_str())
                });
                let rec_id = match known {
                    Some(item) => item.id,
                    None => {
                        let changes = vec![
                            (
                                field(Kind::Recommendation, Field::ReportId),
                                Value::Link(link.id()),
                            ),
                            text_change(
                                Kind::Recommendation,
                                Field::Ref,
                                &rec.reference,
                                &mut warnings,
                            ),
                            word(Kind::Recommendation, Field::Kind, rec.kind),
                            text_change(
                                Kind::Recommendation,
                                Field::Text,
                                &rec.text,
                                &mut warnings,
                            ),
                        ];
                        let id = b.create(Kind::Recommendation, &changes)?.item.id;
                        recommendations.push(id);
                        id
                    }
                };
                if let Some(response) = &rec.response {
                    let note = format!("Response in {letter_id}: {response}");
                    let changes = vec![
                        (
                            field(Kind::Note, Field::ItemId),
                            Value::Text(rec_id.to_string()),
                        ),
                        text_change(Kind::Note, Field::Text, &note, &mut warnings),
                    ];
                    b.create(Kind::Note, &changes)?;
                }
            }
        }
        Ok(Imported::Created(Created {
            letter: letter_id,
            subject,
            direction: letter.direction,
            asks,
            report,
            recommendations,
            awaiting_reply: stored.status() == Some("awaiting_reply"),
            due_on: stored.due_on(),
            warnings,
        }))
    })
}

/// An outgoing letter about a report is its response: link it from the report (unless the
/// report already has one) and mark the report responded.
fn answer_report(
    b: &mut Batch<'_, '_>,
    link: ReportLink,
    existing: Option<&crate::domain::item::Item>,
    letter: ItemId,
) -> Result<()> {
    let has_response = existing.is_some_and(|r| !r.get(Field::ResponseLetterId).is_null());
    if has_response {
        return Ok(());
    }
    let mut changes = vec![(
        field(Kind::Report, Field::ResponseLetterId),
        Value::Link(letter),
    )];
    let awaiting = existing.is_none_or(|r| r.text(Field::Status) == Some("awaiting_response"));
    if awaiting {
        changes.push(word(Kind::Report, Field::Status, "responded"));
    }
    b.update(link.id(), None, &changes, None)?;
    Ok(())
}

/// The spec of a field an import writes. Which fields of which kinds it writes is fixed in
/// this file; every one is written by the import tests, so a wrong pairing fails them.
fn field(kind: Kind, name: Field) -> &'static fields::FieldSpec {
    fields::spec(kind, name).unwrap_or_else(|_| panic!("{kind} has a field {name}"))
}

fn word(kind: Kind, name: Field, code: &str) -> Change {
    (field(kind, name), Value::Text(code.to_string()))
}

fn text_max(kind: Kind, name: Field) -> usize {
    match field(kind, name).ty {
        FieldType::Text { max } => max,
        _ => usize::MAX,
    }
}

/// A text value cut to what the field holds (the cut is said).
fn text_change(kind: Kind, name: Field, value: &str, warnings: &mut Vec<String>) -> Change {
    let spec = field(kind, name);
    let max = text_max(kind, name);
    let value = value.trim();
    let stored = if value.chars().count() > max {
        warnings.push(format!(
            "{kind} {name} is longer than the {max} characters it holds: cut"
        ));
        let mut s: String = value.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        value.to_string()
    };
    (spec, Value::Text(stored))
}

/// The letter's text as stored in a field of at most its size (for duplicate look-ups).
fn cut(name: Field, value: &str, warnings: &mut Vec<String>) -> String {
    match text_change(Kind::Letter, name, value, warnings).1 {
        Value::Text(s) => s,
        _ => String::new(),
    }
}
