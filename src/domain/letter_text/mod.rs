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
mod header;
mod report;
mod signoff;
mod text;

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
    /// What could not be read, one sentence each.
    pub warnings: Vec<String>,
    /// Whether the letter comes from the oversight office (MOPAC, a PCC's office): outgoing.
    #[serde(skip)]
    pub direction: Direction,
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
}

/// Reads a letter. Never fails and never panics: what cannot be read is left empty and
/// named in `warnings`.
pub fn extract(input: &str, opts: ExtractOptions<'_>) -> ExtractedLetter {
    let lines = text::lines(input);
    let mut warnings = Vec::new();
    let layout = text::Layout::find(&lines);

    let head = header::read(&lines, &layout, opts.today, &mut warnings);
    let sign = signoff::read(&lines, &layout, &mut warnings);
    let cc = signoff::cc(&lines, &layout);
    let paragraphs = text::body_paragraphs(&lines, &layout, &sign.used, &cc.used);
    let (subject, first_body) = header::subject(&lines, &layout, &paragraphs);
    if subject.is_none() {
        warnings.push("no subject line found (a heading after the salutation, or Re: …)".into());
    }
    let body = &paragraphs[first_body..];
    let items = asks::read(&lines, body, &mut warnings);
    let recipient = header::recipient(
        &lines,
        &layout,
        sign.name.as_deref(),
        sign.organisation().as_deref(),
        head.salutation.as_deref(),
        &mut warnings,
    );
    let mut asks = items.asks;
    let answered_recs = items.recommendations.iter().any(|r| r.response.is_some());
    let mut report = match report::read(&lines, body, subject.as_deref()) {
        Some(found) if found.grounded || answered_recs => {
            warnings.extend(found.warnings);
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
        let addressed = [&recipient, &cc.text]
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
        sign.text.as_deref(),
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
    ExtractedLetter {
        date: head.date,
        reference: head.reference,
        received_on,
        sender: sign.text,
        recipient,
        cc: cc.text,
        subject,
        salutation: head.salutation,
        asks,
        report,
        s55,
        warnings,
        direction,
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
