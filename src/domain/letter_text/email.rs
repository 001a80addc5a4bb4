//! An email (RFC 5322 with MIME, as saved to a `.eml` file) read with `mail-parser`: its own
//! From, To, Cc, Date and Subject, its body as text, and its attachments.

use chrono::NaiveDate;
use mail_parser::{Address, MessageParser, MimeHeaders};

use super::{Confidence, DecodeError, ExtractOptions, ExtractedLetter, Source};

/// What an email holds, as far as a letter is concerned.
#[derive(Debug, Clone, Default)]
pub struct Email {
    /// "Jo Bloggs <jo@example.org>" as "Jo Bloggs"; an address alone when no name is given.
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    /// The day it was sent, in the sender's own time zone.
    pub date: Option<NaiveDate>,
    /// The subject without "RE:" / "FW:" prefixes.
    pub subject: Option<String>,
    /// The body as plain text (an HTML-only body converted).
    pub body: String,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Whether these bytes look like an email: a block of header fields at the very start (each
/// line "Name: value" or a folded continuation) naming at least two of From, To, Date,
/// Subject, Message-ID, MIME-Version, Received, Return-Path. A letter that begins "From:"
/// with the name on the next line is not one.
pub fn looks_like_email(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    const KNOWN: &[&str] = &[
        "from",
        "to",
        "date",
        "subject",
        "message-id",
        "mime-version",
        "received",
        "return-path",
    ];
    let mut known = 0;
    let mut lines = 0;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        lines += 1;
        if line.starts_with([' ', '\t']) && lines > 1 {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            return false;
        }
        if KNOWN.contains(&name.to_ascii_lowercase().as_str()) && !value.trim().is_empty() {
            known += 1;
        }
    }
    known >= 2
}

/// Reads an email. Refuses bytes that hold no message.
pub fn parse(bytes: &[u8]) -> Result<Email, DecodeError> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| DecodeError::BadEmail("it holds no message headers".into()))?;
    if message.from().is_none() && message.subject().is_none() && message.date().is_none() {
        return Err(DecodeError::BadEmail(
            "it has no From, Subject or Date header".into(),
        ));
    }
    let date = message.date().and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    let body = message
        .body_text(0)
        .map(|b| b.replace("\r\n", "\n"))
        .unwrap_or_default();
    let attachments = message
        .attachments()
        .filter(|part| !part.is_message())
        .map(|part| Attachment {
            name: part
                .attachment_name()
                .map(str::to_string)
                .unwrap_or_else(|| {
                    match part.content_type().map(|c| {
                        (
                            c.ctype().to_ascii_lowercase(),
                            c.subtype().unwrap_or("").to_ascii_lowercase(),
                        )
                    }) {
                        Some((t, s)) if t == "application" && s == "pdf" => "attachment.pdf".into(),
                        Some((t, _)) if t == "text" => "attachment.txt".into(),
                        _ => "attachment".into(),
                    }
                }),
            bytes: part.contents().to_vec(),
        })
        .collect();
    Ok(Email {
        from: message.from().and_then(first_person),
        to: message.to().and_then(people),
        cc: message.cc().and_then(people),
        date,
        subject: message
            .subject()
            .map(strip_reply_prefixes)
            .filter(|s| !s.is_empty()),
        body,
        attachments,
    })
}

/// The email is the letter: its headers fill the fields (the body's own sign-off stays the
/// sender when it names the same person, for the role it adds), its date is the day received.
pub fn fill_from_email(letter: &mut ExtractedLetter, email: &Email, _opts: ExtractOptions<'_>) {
    let header = |how: &str| Source::outside(Confidence::High, how);
    if let Some(d) = email.date {
        letter.date = Some(d);
        letter
            .sources
            .insert("date", header("the email's Date header"));
        if letter.received_on.is_none() || letter.direction == super::Direction::Incoming {
            letter.received_on = Some(d);
            letter
                .sources
                .insert("received_on", header("the day the email was sent"));
        }
    }
    if let Some(from) = &email.from {
        let same = letter
            .sender
            .as_deref()
            .is_some_and(|s| super::text::fold(s).starts_with(&super::text::fold(from)));
        if !same {
            letter.sender = Some(from.clone());
            letter
                .sources
                .insert("sender", header("the email's From header"));
        }
    }
    if let Some(to) = &email.to {
        letter.recipient = Some(to.clone());
        letter
            .sources
            .insert("recipient", header("the email's To header"));
    }
    if let Some(cc) = &email.cc {
        letter.cc = Some(cc.clone());
        letter.sources.insert("cc", header("the email's Cc header"));
    }
    if let Some(subject) = &email.subject {
        letter.subject = Some(subject.clone());
        letter
            .sources
            .insert("subject", header("the email's Subject header"));
    }
    letter.warnings.retain(|w| {
        let w = w.as_str();
        !(w == "no date found"
            || w.starts_with("no subject line found")
            || w.starts_with("no sign-off")
            || w.starts_with("no sender")
            || w.starts_with("no recipient")
            || w.starts_with("received date not found")
            || w.contains("read with low confidence"))
    });
    letter.warn_weak();
}

/// A letter attached to an email: received the day the email was sent; what the letter does
/// not say of its sender, recipient and subject, the email's headers say (less surely).
pub fn fill_from_attachment_email(
    letter: &mut ExtractedLetter,
    email: &Email,
    _opts: ExtractOptions<'_>,
) {
    let medium = |how: &str| Source::outside(Confidence::Medium, how);
    if let Some(d) = email.date {
        letter.received_on = Some(d);
        letter.sources.insert(
            "received_on",
            Source::outside(Confidence::High, "the day the email was sent"),
        );
        letter
            .warnings
            .retain(|w| !w.starts_with("received date not found"));
        if letter.date.is_none() {
            letter.date = Some(d);
            letter
                .sources
                .insert("date", medium("the email's Date header"));
            letter.warnings.retain(|w| w != "no date found");
        }
    }
    let weak = |letter: &ExtractedLetter, key: &str| {
        letter
            .sources
            .get(key)
            .is_none_or(|s| s.confidence == Confidence::Low)
    };
    if letter.sender.is_none() || weak(letter, "sender") {
        if let Some(from) = &email.from {
            letter.sender = Some(from.clone());
            letter
                .sources
                .insert("sender", medium("the email's From header"));
        }
    }
    if letter.recipient.is_none() || weak(letter, "recipient") {
        if let Some(to) = &email.to {
            letter.recipient = Some(to.clone());
            letter
                .sources
                .insert("recipient", medium("the email's To header"));
        }
    }
    if letter.subject.is_none() {
        if let Some(subject) = &email.subject {
            letter.subject = Some(subject.clone());
            letter
                .sources
                .insert("subject", medium("the email's Subject header"));
            letter
                .warnings
                .retain(|w| !w.starts_with("no subject line found"));
        }
    }
    letter
        .warnings
        .retain(|w| !w.contains("read with low confidence"));
    letter.warn_weak();
}

fn person(name: Option<&str>, address: Option<&str>) -> Option<String> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let address = address.map(str::trim).filter(|a| !a.is_empty());
    name.or(address).map(|s| s.trim_matches('"').to_string())
}

fn first_person(a: &Address<'_>) -> Option<String> {
    a.first().and_then(|p| person(p.name(), p.address()))
}

fn people(a: &Address<'_>) -> Option<String> {
    let all: Vec<String> = a
        .iter()
        .filter_map(|p| person(p.name(), p.address()))
        .collect();
    (!all.is_empty()).then(|| all.join(", "))
}

/// "RE: FW: Subject" → "Subject".
fn strip_reply_prefixes(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        let cut = ["re:", "fw:", "fwd:", "aw:", "sv:"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| p.len());
        match cut {
            Some(n) => s = s[n..].trim_start(),
            None => return s.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_told_from_a_letter_with_a_from_line() {
        assert!(looks_like_email(
            b"From: Jo <jo@x.org>\r\nTo: a@b.org\r\nSubject: Hi\r\n\r\nBody"
        ));
        assert!(!looks_like_email(
            b"From:\nSir Thomas Winsor\n\nTo:\nThe Chair\n"
        ));
        assert!(!looks_like_email(b"Dear Sir\n\nFrom: me\nTo: you\n"));
        assert!(!looks_like_email(b"Subject: only one\n\nBody"));
    }

    #[test]
    fn headers_and_body() {
        let raw = b"From: \"Jo Bloggs\" <jo@anyshire-pcc.gov.uk>\r\nTo: Chief Constable <cc@anyshire.police.uk>, b@x.org\r\nCc: Ann Other <ann@x.org>\r\nDate: Tue, 3 Mar 2020 09:15:00 +0000\r\nSubject: RE: Fw: Custody review\r\n\r\nDear Chief Constable,\r\n\r\nText.\r\n";
        let e = parse(raw).unwrap();
        assert_eq!(e.from.as_deref(), Some("Jo Bloggs"));
        assert_eq!(e.to.as_deref(), Some("Chief Constable, b@x.org"));
        assert_eq!(e.cc.as_deref(), Some("Ann Other"));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2020, 3, 3));
        assert_eq!(e.subject.as_deref(), Some("Custody review"));
        assert!(
            e.body.starts_with("Dear Chief Constable,\n"),
            "{:?}",
            e.body
        );
        assert!(e.attachments.is_empty());
    }

    #[test]
    fn nothing_is_refused() {
        assert!(parse(b"").is_err());
        assert!(parse(b"\r\n\r\n").is_err());
    }
}
