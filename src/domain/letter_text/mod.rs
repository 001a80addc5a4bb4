//! Reading a letter from plain text: its date, reference, sender, recipient, cc, subject,
//! numbered asks (with the answers when the letter is a reply) and the inspection report it
//! answers, with the s55 deadline. Pure: no SQL, no terminal.
//!
//! The rules are general, not fitted to particular letters: a letter is a header (addresses,
//! date, reference) down to the salutation, a body, a sign-off after the valediction, and
//! sometimes a tail (cc, or questions answered one by one). Page marks ("Cont.../2") and
//! letterhead lines repeated mid-body are dropped before the body is read. Whatever could not
//! be read is said in `warnings`; nothing is guessed silently.
//!
//! [`decode`] turns a file's bytes into text; [`extract`] reads the text.

mod asks;
mod decode;
pub mod email;
mod header;
pub mod pdf;
mod report;
mod signoff;
mod text;
mod web;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::HolidayCalendar;
use super::deadline::{self, DeadlineSettings, Rule};

pub use decode::{DecodeError, decode};
pub use report::same_report;

/// Everything read from one letter. Serialises to the `import --dry-run --format json`
/// object: exactly these field names, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtractedLetter {
    /// The letter's own date.
    pub date: Option<NaiveDate>,
    pub reference: Option<String>,
    /// The day the correspondence was received, from a dated reference (MOPAC080519-D2683).
    pub received_on: Option<NaiveDate>,
    /// Name and role from the sign-off: "Sophie Linden, Deputy Mayor for Policing and Crime".
    pub sender: Option<String>,
    /// Name and role/address block, lines joined with ", "; or the salutation's addressee.
    pub recipient: Option<String>,
    pub cc: Option<String>,
    /// The heading line after the salutation (or a "Re:" line).
    pub subject: Option<String>,
    pub salutation: Option<String>,
    pub asks: Vec<Ask>,
    pub report: Option<ReportMention>,
    pub s55: Option<S55>,
    /// What could not be read, one sentence each; and each field read with low confidence.
    pub warnings: Vec<String>,
    /// Where each field found came from and how sure the reading is (see [`Source`]).
    pub sources: BTreeMap<&'static str, Source>,
    /// Whether the letter comes from the oversight office (MOPAC, a PCC's office): outgoing.
    #[serde(skip)]
    pub direction: Direction,
}

/// How sure a reading of a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A guess from weak evidence (a name in the body, a letterhead, a salutation): check it.
    Low,
    /// Read from a layout that usually means this, but not its usual place.
    Medium,
    /// Read from its usual place (a date line, the sign-off, a Re: line, an email header).
    High,
}

impl Confidence {
    pub fn code(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Where a field was read: the line (1-based, of the text read: the letter, the PDF's text
/// layer, the email's body) or none (an email header, or made from other fields), how sure
/// the reading is, and how it was found, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub line: Option<usize>,
    pub confidence: Confidence,
    pub how: String,
}

impl Source {
    pub fn at(line: usize, confidence: Confidence, how: &str) -> Source {
        Source {
            line: Some(line + 1),
            confidence,
            how: how.to_string(),
        }
    }

    pub fn outside(confidence: Confidence, how: &str) -> Source {
        Source {
            line: None,
            confidence,
            how: how.to_string(),
        }
    }
}

/// A numbered question or request, with the answer that follows it in a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ask {
    pub number: u32,
    pub text: String,
    pub answer: Option<String>,
}

/// The inspection report a letter answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportMention {
    pub title: String,
    /// "force report", "thematic report", ... when the letter says.
    pub kind: Option<String>,
    /// As written: "Her Majesty's Inspectorate of Constabulary, Fire & Rescue".
    pub inspectorate: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// Recommendations the letter lists by label ("Recommendation 2", "AFI 3").
    pub recommendations: Vec<RecommendationMention>,
    /// The report source code (`hmicfrs`, `iopc`, `coroner`, `other`).
    #[serde(skip)]
    pub source: &'static str,
    /// Year and month when the letter gives only those ("published in December 2015").
    #[serde(skip)]
    pub published_month: Option<(i32, u32)>,
    /// The letter is the response to the report (it says so, or goes to the Home Secretary or
    /// the inspectorate), not a letter that only mentions it.
    #[serde(skip)]
    pub is_response: bool,
}

/// A recommendation named in a response letter, with the response written under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecommendationMention {
    /// "R2", "AFI 3", "CoC 1".
    #[serde(rename = "ref")]
    pub reference: String,
    /// `recommendation`, `area_for_improvement` or `cause_of_concern`.
    pub kind: &'static str,
    pub text: String,
    pub response: Option<String>,
}

/// The s55 deadline of the report the letter answers, and whether the letter met it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct S55 {
    pub last_day: NaiveDate,
    /// 0 when the letter is dated on or before the last day; null when it has no date.
    pub late_by_days: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// From outside to the office (the default when the sender is not the office).
    #[default]
    Incoming,
    /// From the office (MOPAC, the Deputy Mayor, a PCC) to someone else.
    Outgoing,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Incoming => "incoming",
            Direction::Outgoing => "outgoing",
        }
    }
}

/// What extraction needs besides the text.
#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions<'a> {
    pub today: NaiveDate,
    pub settings: &'a DeadlineSettings,
    pub calendar: &'a HolidayCalendar,
    /// Titles of reports already stored: a letter naming one without quotes is matched
    /// against them.
    pub known_titles: &'a [String],
}

/// Reads a letter. Never fails and never panics: what cannot be read is left empty and
/// named in `warnings`; each field found says where it came from (`sources`).
pub fn extract(input: &str, opts: ExtractOptions<'_>) -> ExtractedLetter {
    let mut lines = text::lines(input);
    let mut sources: BTreeMap<&'static str, Source> = BTreeMap::new();
    // The page's own lines (menus, "Published …", footers) are not the letter.
    for l in lines.iter_mut() {
        if web::is_chrome(l) {
            *l = text::Line::folded("");
        }
    }
    // A page that quotes the letter: its introduction says whom it was written to.
    let mut intro_recipient = None;
    if let Some(q) = web::quoted_letter_start(&lines) {
        let intro = lines[..q]
            .iter()
            .map(|l| l.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let first = lines[..q].iter().position(|l| !l.blank()).unwrap_or(0);
        intro_recipient = web::written_to(&intro).map(|r| (r, first));
        for l in &mut lines[..=q] {
            *l = text::Line::folded("");
        }
    }
    let mut warnings = Vec::new();
    let layout = text::Layout::find(&lines);
    let labelled = header::labelled(&lines, layout.header_end);
    let headed = lines
        .iter()
        .enumerate()
        .take((layout.header_end + 1).max(3).min(lines.len()))
        .find_map(|(i, l)| web::headed(&l.raw).map(|h| (h, i)));
    let mut head = header::read(&lines, &layout, opts.today, &mut warnings);
    // "Letter from …, 3 May 2013": the heading's date, when the letter has none of its own.
    if head.date.is_none() {
        if let Some((_, at)) = &headed {
            if let Some((_, d)) = text::dates_in(&lines[*at].fold, opts.today).pop() {
                head.date = Some(d);
                warnings.retain(|w| w != "no date found");
                head.sources.push((
                    "date",
                    Source::at(
                        *at,
                        Confidence::Medium,
                        "the date in a heading naming the writer",
                    ),
                ));
            }
        }
    }
    sources.extend(head.sources.iter().cloned());
    let mut sign_warnings = Vec::new();
    let sign = signoff::read(&lines, &layout, &mut sign_warnings);
    let cc = signoff::cc(&lines, &layout);
    let paragraphs = text::body_paragraphs(&lines, &layout, &sign.used, &cc.used);
    let (subject, first_body) = header::subject(&lines, &layout, &paragraphs, &labelled.used);
    let subject = match (labelled.subject.clone(), subject) {
        (Some((s, at)), _) => {
            sources.insert(
                "subject",
                Source::at(at, Confidence::High, "a Subject: line"),
            );
            Some(s)
        }
        (None, Some((s, at, confidence, how))) => {
            sources.insert("subject", Source::at(at, confidence, how));
            Some(s)
        }
        (None, None) => {
            warnings
                .push("no subject line found (a heading after the salutation, or Re: …)".into());
            None
        }
    };
    let body = &paragraphs[first_body.min(paragraphs.len())..];
    let items = asks::read(&lines, body, &mut warnings);
    if !items.asks.is_empty() {
        if let Some(p) = body
            .iter()
            .find(|p| text::marker(p.first_line(&lines)).is_some())
        {
            sources.insert(
                "asks",
                Source::at(
                    p.lines[0],
                    Confidence::High,
                    "numbered questions or requests",
                ),
            );
        }
    }

    // Who wrote it: the sign-off; a From: line; a name ending the letter without a closing
    // phrase; a heading naming the writer; the writer named in a statement's body; the
    // letterhead.
    let mut sender = sign.text.clone();
    if sender.is_some() {
        let at = sign.used.get(1).or(sign.used.first()).copied().unwrap_or(0);
        sources.insert(
            "sender",
            Source::at(at, Confidence::High, "the name and role under the closing"),
        );
    }
    if sender.is_none() {
        if let Some((from, at)) = &labelled.from {
            sources.insert("sender", Source::at(*at, Confidence::High, "a From: line"));
            sender = Some(from.clone());
        }
    }
    if sender.is_none() && layout.valediction.is_none() {
        if let Some((s, at)) = signoff::tail(&lines, layout.body_start) {
            sources.insert(
                "sender",
                Source::at(at, Confidence::Medium, "a name and role ending the letter"),
            );
            sender = Some(s);
        }
    }
    if sender.is_none() {
        if let Some(((Some(from), _), at)) = &headed {
            sources.insert(
                "sender",
                Source::at(*at, Confidence::Medium, "a heading naming the writer"),
            );
            sender = Some(from.clone());
        }
    }
    if sender.is_none() {
        // The lines above the prose too: a statement's "… Jo Bloggs said:" may stand alone
        // before the quote.
        let places: Vec<(&str, usize)> = lines[..layout.body_start.min(lines.len())]
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.blank())
            .map(|(i, l)| (l.raw.as_str(), i))
            .chain(paragraphs.iter().map(|p| (p.text.as_str(), p.lines[0])))
            .collect();
        let texts: Vec<&str> = places.iter().map(|(t, _)| *t).collect();
        if let Some(s) = web::named_in_body(&texts) {
            let at = places
                .iter()
                .find(|(t, _)| web::named_in_body(&[t]).is_some())
                .map_or(0, |(_, i)| *i);
            sources.insert(
                "sender",
                Source::at(at, Confidence::Low, "the writer named in the body"),
            );
            sender = Some(s);
        }
    }
    let addresses = header::addresses(
        &lines,
        &layout,
        &labelled.used,
        sign.name.as_deref(),
        sign.organisation().as_deref(),
        head.salutation.as_deref(),
    );
    if sender.is_none() {
        if let Some((s, at)) = &addresses.letterhead {
            sources.insert(
                "sender",
                Source::at(*at, Confidence::Low, "the letterhead (no sign-off)"),
            );
            sender = Some(s.clone());
        }
    }
    if sender.is_some() && sign.text.is_none() {
        sign_warnings.retain(|w| !w.starts_with("no sign-off") && !w.starts_with("no sender"));
    }
    warnings.extend(sign_warnings);

    // To whom: a To: line; the address block; a heading naming the addressee; whom an
    // introduction says it was written to; the salutation's addressee.
    let recipient = if let Some((to, at)) = &labelled.to {
        sources.insert("recipient", Source::at(*at, Confidence::High, "a To: line"));
        Some(to.clone())
    } else {
        let from_block = addresses
            .recipient
            .clone()
            .filter(|(_, _, c, _)| *c > Confidence::Low);
        let headed_to = headed
            .as_ref()
            .and_then(|((_, to), at)| to.clone().map(|t| (t, *at)));
        match (
            from_block,
            headed_to,
            &intro_recipient,
            &addresses.recipient,
        ) {
            (Some((r, at, c, how)), ..) => {
                sources.insert("recipient", Source::at(at, c, how));
                Some(r)
            }
            (None, Some((r, at)), ..) => {
                sources.insert(
                    "recipient",
                    Source::at(at, Confidence::Medium, "a heading naming the addressee"),
                );
                Some(r)
            }
            (None, None, Some((r, at)), _) => {
                sources.insert(
                    "recipient",
                    Source::at(
                        *at,
                        Confidence::Low,
                        "whom the introduction says it went to",
                    ),
                );
                Some(r.clone())
            }
            (None, None, None, Some((r, at, c, how))) => {
                sources.insert("recipient", Source::at(*at, *c, how));
                Some(r.clone())
            }
            (None, None, None, None) => {
                warnings.push("no recipient found (no address block and no salutation)".into());
                None
            }
        }
    };
    let cc_text = match (&cc.text, &labelled.cc) {
        (Some(c), _) => {
            sources.insert("cc", Source::at(cc.used[0], Confidence::High, "a cc: line"));
            Some(c.clone())
        }
        (None, Some((c, at))) => {
            sources.insert(
                "cc",
                Source::at(*at, Confidence::High, "a Cc: line in the header"),
            );
            Some(c.clone())
        }
        (None, None) => None,
    };

    let mut asks = items.asks;
    let answered_recs = items.recommendations.iter().any(|r| r.response.is_some());
    let context = report::Context {
        letter_date: head.date,
        known_titles: opts.known_titles,
    };
    let mut report = match report::read(&lines, body, subject.as_deref(), &context) {
        Some(found) if found.grounded || answered_recs => {
            warnings.extend(found.warnings);
            if let Some((at, confidence, how)) = found.title_source {
                sources.insert("report", Source::at(at, confidence, how));
            }
            Some(found.mention)
        }
        // A passing mention ("what has the force done about the HMICFRS report?") names
        // nothing that could be tracked: making a report of it would invent one.
        Some(_) => {
            warnings.push(
                "mentions an inspection report but names no title and date: not linked".into(),
            );
            None
        }
        None => None,
    };
    match (&mut report, items.recommendations) {
        (Some(r), recs) => r.recommendations = recs,
        (None, recs) if !recs.is_empty() => {
            warnings.push(
                "recommendations are listed but no report is named: they are read as asks".into(),
            );
            asks.extend(recs.into_iter().enumerate().map(|(i, r)| Ask {
                number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                text: format!("{}: {}", r.reference, r.text),
                answer: r.response,
            }));
        }
        _ => {}
    }
    if let Some(r) = &mut report {
        let addressed = [&recipient, &cc_text]
            .into_iter()
            .flatten()
            .any(|a| RESPONSE_TO.is_match(&text::fold(a)));
        r.is_response = r.is_response || addressed;
    }
    let s55 = report
        .as_ref()
        .filter(|r| r.is_response)
        .and_then(|r| s55_for(r, head.date, opts, &mut warnings));
    let direction = signoff::direction(
        sender.as_deref(),
        recipient.as_deref(),
        &paragraphs,
        &lines,
        &layout,
    );
    let mut received_on = head.received_on;
    if awaits_reply(direction, &asks) {
        match direction {
            // The reply is due from the day received: never leave it without one.
            Direction::Incoming if received_on.is_none() => {
                let (day, what) = match head.date {
                    Some(d) => (d, "the letter's date"),
                    None => (opts.today, "today, the day of import,"),
                };
                received_on = Some(day);
                sources.insert(
                    "received_on",
                    Source::outside(Confidence::Low, "taken as the letter's date or today"),
                );
                warnings.push(format!(
                    "received date not found: taken as {what} {}; check it",
                    day.format("%-d %b %Y")
                ));
            }
            Direction::Outgoing if head.date.is_none() => warnings.push(
                "the answers it asks for have no due date (the letter's date was not found): \
                 set one by hand"
                    .into(),
            ),
            _ => {}
        }
    }
    let mut letter = ExtractedLetter {
        date: head.date,
        reference: head.reference,
        received_on,
        sender,
        recipient,
        cc: cc_text,
        subject,
        salutation: head.salutation,
        asks,
        report,
        s55,
        warnings,
        sources,
        direction,
    };
    letter.warn_weak();
    letter
}

impl ExtractedLetter {
    /// Adds a warning for each field read with low confidence (once).
    pub fn warn_weak(&mut self) {
        for (field, source) in &self.sources {
            if source.confidence != Confidence::Low || *field == "received_on" {
                continue;
            }
            let at = source
                .line
                .map(|l| format!(", line {l}"))
                .unwrap_or_default();
            let w = format!(
                "{field} read with low confidence (from {}{at}): check it",
                source.how
            );
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }
}

/// Whether a letter waits for a reply: an incoming one unless it answers every ask it lists
/// (it is itself a reply); an outgoing one when it asks questions it does not answer.
fn awaits_reply(direction: Direction, asks: &[Ask]) -> bool {
    let answers_all = !asks.is_empty() && asks.iter().all(|a| a.answer.is_some());
    match direction {
        Direction::Incoming => !answers_all,
        Direction::Outgoing => !asks.is_empty() && !answers_all,
    }
}

impl ExtractedLetter {
    /// Whether the letter, once stored, waits for a reply (status awaiting reply): see
    /// [`awaits_reply`].
    pub fn awaits_reply(&self) -> bool {
        awaits_reply(self.direction, &self.asks)
    }
}

/// Whom a response to an inspection report goes to: the Home Secretary and the inspectorate.
static RESPONSE_TO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    text::re(
        r"home secretary|secretary of state|\bhmicfrs\b|\bhmic\b|inspector(?:ate)? of constabulary",
    )
});

/// The s55 last day of an HMICFRS report with a known publication day, and how late the
/// letter was. Uses the deadline rule itself (publication day + 55, none before the setting
/// `s55_time_limit_from`).
fn s55_for(
    report: &ReportMention,
    dated: Option<NaiveDate>,
    opts: ExtractOptions<'_>,
    warnings: &mut Vec<String>,
) -> Option<S55> {
    if report.source != "hmicfrs" {
        return None;
    }
    let Some(published) = report.published_on else {
        if let Some((y, m)) = report.published_month {
            let month_end = NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt());
            if month_end.is_some_and(|end| end < opts.settings.s55_time_limit_from) {
                warnings.push(format!(
                    "the report was published before {}, when the s55 56-day limit began: no \
                     s55 deadline",
                    opts.settings.s55_time_limit_from.format("%Y-%m-%d")
                ));
            } else {
                warnings.push(
                    "the report's publication day is not given (only the month): no s55 \
                     deadline computed"
                        .into(),
                );
            }
        } else {
            warnings.push(
                "the report's publication date is not given: no s55 deadline computed".into(),
            );
        }
        return None;
    };
    let d = deadline::deadline(Rule::S55, published, opts.calendar, opts.settings);
    warnings.extend(d.warnings.into_iter().map(|w| format!("s55: {w}")));
    let last_day = d.last_day?;
    Some(S55 {
        last_day,
        late_by_days: dated.map(|day| (day - last_day).num_days().max(0)),
    })
}

#[cfg(test)]
mod tests;

/// Sets one field of a letter as an analyst corrects it (see `import::Correction`): the value
/// as typed, "" to clear. The field's source becomes "corrected by hand"; the s55 check is
/// made again when the date or the report's publication changes.
pub fn correct(
    letter: &mut ExtractedLetter,
    field: &str,
    value: &str,
    opts: ExtractOptions<'_>,
) -> Result<(), String> {
    let value = value.trim();
    let text = || (!value.is_empty()).then(|| value.to_string());
    let day = || -> Result<Option<NaiveDate>, String> {
        if value.is_empty() {
            return Ok(None);
        }
        crate::domain::dates::parse_date(value, opts.today)
            .map(Some)
            .map_err(|e| format!("{field}: {e}"))
    };
    let key: &'static str = match field {
        "date" => {
            letter.date = day()?;
            "date"
        }
        "reference" => {
            letter.reference = text();
            "reference"
        }
        "received_on" => {
            letter.received_on = day()?;
            "received_on"
        }
        "sender" => {
            letter.sender = text();
            "sender"
        }
        "recipient" => {
            letter.recipient = text();
            "recipient"
        }
        "cc" => {
            letter.cc = text();
            "cc"
        }
        "subject" => {
            letter.subject = text();
            "subject"
        }
        "direction" => {
            letter.direction = match value.to_ascii_lowercase().as_str() {
                "incoming" | "in" => Direction::Incoming,
                "outgoing" | "out" => Direction::Outgoing,
                _ => return Err(format!("direction: {value:?} is not incoming or outgoing")),
            };
            "direction"
        }
        "report.title" => {
            match (text(), &mut letter.report) {
                (None, _) => letter.report = None,
                (Some(t), Some(r)) => r.title = t,
                (Some(t), None) => {
                    letter.report = Some(ReportMention {
                        title: t,
                        kind: None,
                        inspectorate: None,
                        published_on: None,
                        recommendations: Vec::new(),
                        source: "other",
                        published_month: None,
                        is_response: false,
                    })
                }
            }
            "report"
        }
        "report.published_on" => {
            let d = day()?;
            match &mut letter.report {
                Some(r) => {
                    r.published_on = d;
                    r.published_month = None;
                }
                None => {
                    return Err(
                        "report.published_on: the letter names no report (set report.title first)"
                            .into(),
                    );
                }
            }
            "report.published_on"
        }
        other => {
            return Err(format!(
                "{other:?} is not a field that can be corrected (date, reference, received_on, \
                 sender, recipient, cc, subject, direction, report.title, report.published_on)"
            ));
        }
    };
    letter
        .sources
        .insert(key, Source::outside(Confidence::High, "corrected by hand"));
    letter
        .warnings
        .retain(|w| !w.starts_with(&format!("{key} read with low confidence")));
    let mut warnings = Vec::new();
    letter.s55 = letter
        .report
        .as_ref()
        .filter(|r| r.is_response)
        .and_then(|r| s55_for(r, letter.date, opts, &mut warnings));
    Ok(())
}
