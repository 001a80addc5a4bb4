//! The header: the letter's date, its reference (and the day received that a dated reference
//! carries), the salutation, the recipient's address block, and the subject line.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::text::{self, Layout, Line, Para, has_postcode, re};
use super::{Confidence, Source};

/// PREFIX + DDMMYY or DDMMYYYY + "-" + sequence: MOPAC030516-22423, MOPAC06092018-D2188.
/// OCR may read a 0 as O or a 1 as l or I inside the date.
static DATED_REF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<prefix>[A-Z]{2,12}?)(?P<date>[0-9OIl]{8}|[0-9OIl]{6})-(?P<seq>[A-Z]{0,3}[0-9]+[A-Z]?)\b",
    )
});
/// "Our ref: ABC/123" (their reference, "Your ref", is not this letter's).
static OUR_REF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:our|my)\s+ref(?:erence)?\b\.?\s*(?:no\.?|number)?\s*[:.]?\s*(?P<r>[A-Za-z0-9][A-Za-z0-9/_.-]*[A-Za-z0-9])",
    )
});
static YOUR_REF: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\byour\s+ref"));

pub(super) struct Header {
    pub date: Option<NaiveDate>,
    pub reference: Option<String>,
    pub received_on: Option<NaiveDate>,
    pub salutation: Option<String>,
    pub sources: Vec<(&'static str, Source)>,
}

pub(super) fn read(
    lines: &[Line],
    layout: &Layout,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) -> Header {
    let mut sources = Vec::new();
    let date = letter_date(lines, layout.header_end, today);
    if let Some((_, at, confidence, how)) = &date {
        sources.push(("date", Source::at(*at, *confidence, how)));
    } else {
        warnings.push("no date found".into());
    }
    let date = date.map(|(d, ..)| d);
    let head = &lines[..layout.header_end];
    let (reference, received_on, at) = reference(head, lines, date, warnings);
    if let Some(at) = at {
        sources.push((
            "reference",
            Source::at(at, Confidence::High, "a reference line"),
        ));
        if received_on.is_some() {
            sources.push((
                "received_on",
                Source::at(at, Confidence::High, "the date inside the reference"),
            ));
        }
    }
    let salutation = layout.salutation.map(|i| {
        sources.push((
            "salutation",
            Source::at(i, Confidence::High, "the Dear … line"),
        ));
        lines[i]
            .raw
            .trim_end_matches([',', ':', ';', '.', '-'])
            .trim_end()
            .to_string()
    });
    if salutation.is_none() {
        warnings.push("no salutation (Dear …) found".into());
    }
    Header {
        date,
        reference,
        received_on,
        salutation,
        sources,
    }
}

/// "Sent on: 10 February 2022", "Date: …", "Dated …" (the value on the line or the next).
static DATE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:sent(?:\s+on)?|date[d]?|written on)\s*:?\s*(?P<rest>.*)$"));
/// "Posted on Tuesday 3rd March 2020", "Published: …" starting a line (a web page's own date).
static POSTED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:first\s+)?(?:posted|published|issued)\s*(?:on\b)?\s*:?\s*(?P<rest>.*)$")
});

/// The letter's date and the line it is on: a line that is only a date, in the header; a
/// labelled date ("Sent on:", "Date:"); else the first date in the header; else a line that
/// is only a date anywhere (some letters put it under the signature); else the date a web
/// page says it was posted on.
fn letter_date(
    all: &[Line],
    header_end: usize,
    today: NaiveDate,
) -> Option<(NaiveDate, usize, Confidence, &'static str)> {
    let head = &all[..header_end];
    let labelled = |i: usize, l: &Line| -> Option<NaiveDate> {
        let c = DATE_LABEL.captures(&l.fold)?;
        let rest = c.name("rest").map_or("", |m| m.as_str()).trim();
        if rest.is_empty() {
            let next = all.get(i + 1)?;
            return text::line_date(next, today);
        }
        text::line_date(&Line::folded(rest), today)
    };
    if let Some(found) = head
        .iter()
        .enumerate()
        .find_map(|(i, l)| text::line_date(l, today).map(|d| (d, i)))
    {
        return Some((
            found.0,
            found.1,
            Confidence::High,
            "a date line in the header",
        ));
    }
    if let Some((d, i)) = all
        .iter()
        .enumerate()
        .take(header_end.max(40).min(all.len()))
        .find_map(|(i, l)| labelled(i, l).map(|d| (d, i)))
    {
        return Some((d, i, Confidence::High, "a labelled date (Sent on:, Date:)"));
    }
    if let Some((d, i)) = head
        .iter()
        .enumerate()
        .filter(|(_, l)| !YOUR_REF.is_match(&l.fold) && !l.fold.contains("your letter"))
        .filter(|(_, l)| !POSTED.is_match(&l.fold) && !l.fold.starts_with("updated"))
        .find_map(|(i, l)| text::dates_in(&l.fold, today).first().map(|(_, d)| (*d, i)))
    {
        return Some((d, i, Confidence::Medium, "a date in a header line"));
    }
    if let Some((d, i)) = all
        .iter()
        .enumerate()
        .find_map(|(i, l)| text::line_date(l, today).map(|d| (d, i)))
    {
        return Some((d, i, Confidence::Medium, "a date line below the header"));
    }
    all.iter().enumerate().rev().find_map(|(i, l)| {
        let c = POSTED.captures(&l.fold)?;
        let rest = c.name("rest")?.as_str();
        // The date itself follows ("Posted on Tuesday 3rd March 2020"), not a sentence
        // that mentions one ("published by HMICFRS on …").
        let (range, d) = text::dates_in(rest, today).into_iter().next()?;
        if range.start > 0 {
            return None;
        }
        Some((
            d,
            i,
            Confidence::Medium,
            "the date the page says it was posted on",
        ))
    })
}

fn reference(
    head: &[Line],
    all: &[Line],
    date: Option<NaiveDate>,
    warnings: &mut Vec<String>,
) -> (Option<String>, Option<NaiveDate>, Option<usize>) {
    let ours = |(_, l): &(usize, &Line)| !YOUR_REF.is_match(&l.fold);
    let dated = head
        .iter()
        .enumerate()
        .filter(ours)
        .chain(all.iter().enumerate().filter(ours))
        .find_map(|(i, l)| DATED_REF.captures(&l.raw).map(|c| (i, c)));
    if let Some((at, c)) = dated {
        let reference = c.get(0).map(|m| m.as_str().to_string());
        let digits = c.name("date").map_or("", |m| m.as_str());
        let received = received_from(digits, reference.as_deref().unwrap_or(""), date, warnings);
        return (reference, received, Some(at));
    }
    let labelled = head
        .iter()
        .enumerate()
        .chain(all.iter().enumerate())
        .find_map(|(i, l)| {
            OUR_REF
                .captures(&l.raw)
                .and_then(|c| c.name("r").map(|m| (i, m.as_str().to_string())))
        });
    match labelled {
        Some((i, r)) => (Some(r), None, Some(i)),
        None => (None, None, None),
    }
}

/// The day a dated reference holds: DDMMYY (20YY) or DDMMYYYY.
fn received_from(
    digits: &str,
    reference: &str,
    dated: Option<NaiveDate>,
    warnings: &mut Vec<String>,
) -> Option<NaiveDate> {
    let mended: String = digits
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'l' => '1',
            c => c,
        })
        .collect();
    if mended != digits {
        warnings.push(format!(
            "reference {reference}: read the letters in its date part as figures ({mended})"
        ));
    }
    let n = |r: std::ops::Range<usize>| mended.get(r).and_then(|s| s.parse::<u32>().ok());
    let (day, month) = (n(0..2)?, n(2..4)?);
    let year = match mended.len() {
        8 => n(4..8)? as i32,
        _ => 2000 + n(4..6)? as i32,
    };
    let Some(received) = NaiveDate::from_ymd_opt(year, month, day) else {
        warnings.push(format!(
            "reference {reference}: {mended} is not a day (DDMMYY or DDMMYYYY), so no received date"
        ));
        return None;
    };
    if let Some(dated) = dated {
        let gap = (dated - received).num_days();
        if !(-31..=366).contains(&gap) {
            warnings.push(format!(
                "reference {reference} says received {}, far from the letter's date {}: check it",
                received.format("%Y-%m-%d"),
                dated.format("%Y-%m-%d")
            ));
        }
    }
    Some(received)
}

static DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:sent\s+)?(?:by|via)\s+(?:e-?mail|post|hand|courier|fax|recorded|first class|special)\b|^(?:private\s*(?:&|and)\s*confidential|strictly private|confidential|official(?:\s*-\s*sensitive)?|not protectively marked|restricted|protect|urgent|personal)\b",
    )
});
static REF_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:our|your|my)?\s*ref(?:erence)?\b|^(?:date|dated)\b\s*[:.]"));
static SUBJECT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:re|subject|subj|title)\s*[:.-]\s*\S|^re\s+\S"));

/// An address block (several lines) or a one-line address.
fn address_text(block: &[&Line]) -> String {
    let mut out = String::new();
    for (i, l) in block.iter().enumerate() {
        let part = l.raw.trim_end_matches([',', ';']).trim();
        if part.is_empty() {
            continue;
        }
        if i > 0 {
            let prev = block[i - 1].fold.trim_end_matches([',', ';']);
            let connector = ["of", "the", "of the", "and", "for", "to", "&", "in"]
                .iter()
                .any(|w| prev.ends_with(&format!(" {w}")) || prev == *w);
            out.push_str(if connector { " " } else { ", " });
        }
        out.push_str(part);
    }
    if block.len() == 1 && !out.contains(',') && out.split_whitespace().count() >= 6 {
        return split_one_line_address(&out);
    }
    out
}

/// "Rt Hon Sajid Javid MP Home Secretary 2 Marsham Street London SW1P 4DF" → commas after
/// post-nominals and street names and before house numbers.
fn split_one_line_address(s: &str) -> String {
    const POSTNOMINALS: &[&str] = &[
        "MP", "AM", "MSP", "MS", "MLA", "QPM", "KPM", "OBE", "MBE", "CBE", "KBE", "DBE", "JP",
        "DL", "KC", "QC", "PC",
    ];
    const STREETS: &[&str] = &[
        "street",
        "road",
        "lane",
        "avenue",
        "way",
        "place",
        "square",
        "embankment",
        "walk",
        "row",
        "hill",
        "court",
        "gardens",
        "terrace",
        "close",
        "drive",
        "crescent",
        "yard",
        "parade",
        "wharf",
        "quay",
        "house",
        "building",
        "buildings",
    ];
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(t);
        let Some(next) = tokens.get(i + 1) else {
            break;
        };
        let after_postnominal = POSTNOMINALS.contains(t)
            && !POSTNOMINALS.contains(next)
            && next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        let house_number = next
            .strip_suffix(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(next)
            .chars()
            .all(|c| c.is_ascii_digit())
            && i > 0;
        let after_street = STREETS.contains(&t.to_lowercase().as_str())
            && next.starts_with(|c: char| c.is_uppercase());
        out.push_str(if after_postnominal || house_number || after_street {
            ", "
        } else {
            " "
        });
    }
    out
}

/// A header line that is a heading (a page's or a letter's title), not an address line: it
/// has a title's separator (" – ", ": ") or a title's words, no postcode, and is not a
/// name, a role or a date.
pub(super) fn is_heading_line(l: &Line) -> bool {
    let words = l.words();
    if words < 3 || has_postcode(&l.raw) || text::is_contact(l) || l.raw.chars().count() > 220 {
        return false;
    }
    let separator = l.raw.contains(" – ")
        || l.raw.contains(" - ")
        || l.raw.contains(" — ")
        || l.fold.contains(": ");
    let titled = HEADING_WORDS.is_match(&l.fold) || super::web::headed(&l.raw).is_some();
    (separator || titled)
        && !LABEL.is_match(&l.fold)
        && !REF_LINE.is_match(&l.fold)
        && !DATED_REF.is_match(&l.raw)
}

static HEADING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:response to|responds? to|responding to|letter (?:to|from)|open letter|statement|update on|inquiry (?:into|report)|inspection of|report:|\(accessible(?: version)?\))",
    )
});
/// "From:", "To:", "Cc:", "Sent on:", "Subject:" header labels.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?P<label>from|to|cc|bcc|sent(?: on)?|date|subject|re)\s*:\s*(?P<rest>.*)$")
});

/// A labelled field of the header ("From:", "To:", "Cc:", "Subject:"): its value (on the
/// label's line, or the lines under it down to a blank line or the next label) and the line.
pub(super) struct Labelled {
    pub from: Option<(String, usize)>,
    pub to: Option<(String, usize)>,
    pub cc: Option<(String, usize)>,
    pub subject: Option<(String, usize)>,
    /// Lines the labelled fields took.
    pub used: Vec<usize>,
}

pub(super) fn labelled(lines: &[Line], header_end: usize) -> Labelled {
    let mut out = Labelled {
        from: None,
        to: None,
        cc: None,
        subject: None,
        used: Vec::new(),
    };
    let mut i = 0;
    while i < header_end {
        let Some(c) = LABEL.captures(&lines[i].fold) else {
            i += 1;
            continue;
        };
        let label = c.name("label").map_or("", |m| m.as_str()).to_string();
        let start = i;
        let raw = &lines[i].raw;
        let rest = raw
            .find(':')
            .map_or("", |k| raw[k + 1..].trim())
            .to_string();
        let mut parts: Vec<String> = Vec::new();
        if !rest.is_empty() {
            parts.push(rest.trim_end_matches([',', ';']).to_string());
        }
        out.used.push(i);
        i += 1;
        if parts.is_empty() || label == "to" || label == "cc" {
            loop {
                while i < header_end && !lines[i].blank() && !LABEL.is_match(&lines[i].fold) {
                    if parts.is_empty() || !lines[i].fold.starts_with("by ") {
                        parts.push(lines[i].raw.trim_end_matches([',', ';']).to_string());
                        out.used.push(i);
                    }
                    i += 1;
                }
                // Several addressees, a blank line between them: the next block is theirs too
                // when another label ("Sent on:") follows it.
                if !(label == "to" || label == "cc") {
                    break;
                }
                let next = (i..header_end).find(|&k| !lines[k].blank());
                let Some(start) = next else { break };
                let end = (start..header_end)
                    .find(|&k| lines[k].blank() || LABEL.is_match(&lines[k].fold))
                    .unwrap_or(header_end);
                let after = (end..header_end).find(|&k| !lines[k].blank());
                let labelled_after = after.is_some_and(|k| LABEL.is_match(&lines[k].fold));
                if start == end || !labelled_after || LABEL.is_match(&lines[start].fold) {
                    break;
                }
                i = start;
            }
        }
        if parts.is_empty() {
            continue;
        }
        let block: Vec<Line> = parts.iter().map(|p| Line::folded(p)).collect();
        let refs: Vec<&Line> = block.iter().collect();
        let value = address_text(&refs);
        let slot = match label.as_str() {
            "from" => &mut out.from,
            "to" => &mut out.to,
            "cc" | "bcc" => &mut out.cc,
            "subject" | "re" => &mut out.subject,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some((value, start));
        }
    }
    out
}

/// What the header's address blocks say: the recipient (with its line and how sure), and the
/// sender's letterhead when one stands apart from it.
pub(super) struct Addresses {
    pub recipient: Option<(String, usize, Confidence, &'static str)>,
    /// The letterhead's first line when it names an office or role ("Home Secretary").
    pub letterhead: Option<(String, usize)>,
}

/// The recipient's address block: header lines that are not the date, references, delivery
/// or contact lines, grouped into addresses (an address ends at its postcode). Page titles
/// and what stands above them are not addresses. A block that names the sender is the
/// sender's letterhead, and so is the first of two blocks when a contact line (web, phone)
/// follows it. Without a recipient's block, the salutation's addressee.
pub(super) fn addresses(
    lines: &[Line],
    layout: &Layout,
    skip: &[usize],
    sender_name: Option<&str>,
    sender_org: Option<&str>,
    salutation: Option<&str>,
) -> Addresses {
    // (lines, followed by a contact line)
    let mut addresses: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut after_blank = false;
    let close = |addresses: &mut Vec<(Vec<usize>, bool)>, current: &mut Vec<usize>| {
        if !current.is_empty() {
            addresses.push((std::mem::take(current), false));
        }
    };
    for (i, l) in lines[..layout.header_end].iter().enumerate() {
        if skip.contains(&i) {
            close(&mut addresses, &mut current);
            continue;
        }
        let structural = text::line_date(l, chrono::NaiveDate::MIN).is_some()
            || DATED_REF.is_match(&l.raw)
            || REF_LINE.is_match(&l.fold)
            || DELIVERY.is_match(&l.fold)
            || SUBJECT_LABEL.is_match(&l.fold);
        if structural {
            close(&mut addresses, &mut current);
            continue;
        }
        if is_heading_line(l) {
            // A page's or letter's title: what came above it is the page's, not an address.
            current.clear();
            addresses.clear();
            continue;
        }
        if l.blank() {
            after_blank = true;
            continue;
        }
        if text::is_contact(l) {
            close(&mut addresses, &mut current);
            if let Some(last) = addresses.last_mut() {
                last.1 = true;
            }
            continue;
        }
        if text::is_page_mark(l) {
            continue;
        }
        // A sentence, a long title or a lead-in ("… Jo Bloggs said:") is no address line.
        if l.words() > 14 || (l.fold.ends_with(':') && l.words() >= 3) {
            close(&mut addresses, &mut current);
            continue;
        }
        // A postcode ends an address: a line after it (blank between or not) starts another,
        // unless it is the postcode's own line continued.
        let after_postcode = current.last().is_some_and(|p| {
            let p = &lines[*p];
            has_postcode(&p.raw) && ends_with_postcode(&p.raw)
        });
        if after_postcode || (after_blank && current.len() >= 6) {
            close(&mut addresses, &mut current);
        }
        after_blank = false;
        current.push(i);
    }
    close(&mut addresses, &mut current);

    let text_of = |block: &[usize]| -> String {
        // A one-line block run together (a PDF's two columns): the part up to its first
        // postcode is one address.
        if let [only] = block {
            let raw = &lines[*only].raw;
            let pieces = split_at_postcodes(raw);
            if pieces.len() >= 2 {
                let first = Line::folded(&pieces[0]);
                return address_text(&[&first]);
            }
        }
        let refs: Vec<&Line> = block.iter().map(|i| &lines[*i]).collect();
        address_text(&refs)
    };
    let sender_name = sender_name.map(text::fold).filter(|s| s.len() >= 4);
    let sender_org = sender_org.map(text::fold).filter(|s| s.len() >= 6);
    let names_sender = |block: &[usize]| {
        let joined = block
            .iter()
            .map(|i| lines[*i].fold.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        sender_name.as_deref().is_some_and(|n| joined.contains(n))
            || sender_org.as_deref().is_some_and(|o| joined.contains(o))
    };
    let from_salutation = salutation.and_then(|s| {
        let fold = text::fold(s);
        let start = ["my dear ", "dear "]
            .iter()
            .find_map(|p| fold.strip_prefix(p).map(|_| p.len()))?;
        let name = s.get(start..)?.trim();
        (!name.is_empty()).then(|| name.to_string())
    });
    let named: Vec<String> = from_salutation
        .as_deref()
        .map(text::fold)
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !GENERIC.contains(w))
        .map(str::to_string)
        .collect();
    let mentions = |block: &[usize]| {
        block.iter().any(|i| {
            lines[*i]
                .fold
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| named.iter().any(|n| n == w))
        })
    };
    // The sender's letterhead: a block naming the sender; or, of two blocks or more, the first
    // when a contact line follows it.
    let letterhead_at = addresses
        .iter()
        .position(|(b, _)| names_sender(b))
        .or_else(|| (addresses.len() >= 2 && addresses[0].1).then_some(0))
        .or_else(|| {
            // Of two blocks, the first when it ends with a postcode and the second names the
            // salutation's addressee or is the last before the date.
            (addresses.len() >= 2
                && addresses[0]
                    .0
                    .last()
                    .is_some_and(|i| has_postcode(&lines[*i].raw)))
            .then_some(0)
        });
    let letterhead = letterhead_at.and_then(|k| {
        let first = *addresses[k].0.first()?;
        let l = &lines[first];
        (super::signoff::is_role(&l.fold) || super::signoff::is_organisation(&l.fold))
            .then(|| (l.raw.trim_end_matches(',').trim().to_string(), first))
    });
    let candidates: Vec<&Vec<usize>> = addresses
        .iter()
        .enumerate()
        .filter(|(k, (b, _))| Some(*k) != letterhead_at && !names_sender(b))
        .map(|(_, (b, _))| b)
        .collect();
    let recipient = if let Some(block) = candidates.iter().rev().find(|b| mentions(b)) {
        Some((
            text_of(block),
            block[0],
            Confidence::High,
            "the address block naming the salutation's addressee",
        ))
    } else if let Some(block) = candidates.last().filter(|block| {
        let l = &lines[block[0]];
        let organisation_first =
            super::signoff::is_organisation(&l.fold) && !super::signoff::is_name(&l.raw);
        // After the sender's letterhead, the block that follows is the addressee's, though
        // it names an office rather than the person greeted ("Mayor of Anytown", "Dear Sam").
        let after_letterhead = letterhead_at.is_some_and(|k| addresses[k].0[0] < block[0]);
        named.is_empty() || !organisation_first || after_letterhead
    }) {
        Some((
            text_of(block),
            block[0],
            Confidence::Medium,
            "the address block above the salutation",
        ))
    } else {
        from_salutation.map(|s| {
            (
                s,
                layout.salutation.unwrap_or(0),
                Confidence::Low,
                "the salutation's addressee (no address block)",
            )
        })
    };
    Addresses {
        recipient,
        letterhead,
    }
}

/// Whether a line ends with its postcode (so a following line starts a new address).
fn ends_with_postcode(raw: &str) -> bool {
    POSTCODE_END.is_match(raw.trim_end_matches(['.', ',']))
}

static POSTCODE_END: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$"));
static POSTCODE_ANY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b"));

/// A line cut after each postcode ("… London SW1P 4DF Office of … AN1 1AA").
fn split_at_postcodes(raw: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for m in POSTCODE_ANY.find_iter(raw) {
        let piece = raw[start..m.end()].trim().trim_matches(',').trim();
        if !piece.is_empty() {
            pieces.push(piece.to_string());
        }
        start = m.end();
    }
    let rest = raw[start..].trim().trim_matches(',').trim();
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// Salutation words that name nobody in particular.
const GENERIC: &[&str] = &[
    "sir",
    "madam",
    "colleague",
    "colleagues",
    "all",
    "team",
    "friend",
    "friends",
    "and",
    "the",
    "mrs",
    "miss",
    "cllr",
    "whom",
    "may",
    "concern",
    "chair",
    "members",
];

/// The subject: a "Re:" line in the header, or the first body paragraph if it is a heading
/// (short, one sentence at most, not an opening like "Thank you for …"). Returns it and the
/// index of the first body paragraph after it.
pub(super) fn subject(
    lines: &[Line],
    layout: &Layout,
    paras: &[Para],
    skip: &[usize],
) -> (Option<(String, usize, Confidence, &'static str)>, usize) {
    let labelled = |l: &Line| {
        SUBJECT_LABEL.is_match(&l.fold).then(|| {
            let raw = l.raw.as_str();
            let start = raw.find([':', '.', '-', ' ']).map_or(raw.len(), |i| i + 1);
            clean_subject(&raw[start..])
        })
    };
    if let Some((i, s)) = lines[..layout.header_end]
        .iter()
        .enumerate()
        .find_map(|(i, l)| labelled(l).map(|s| (i, s)))
    {
        return (Some((s, i, Confidence::High, "a Re: or Subject: line")), 0);
    }
    if let Some(first) = paras.first() {
        let first_line = first.first_line(lines);
        if first.section == 0 && layout.salutation.is_some() {
            if SUBJECT_LABEL.is_match(&first_line.fold) {
                let s = labelled(&Line {
                    raw: first.text.clone(),
                    fold: first.fold.clone(),
                });
                return (
                    s.map(|s| (s, first.lines[0], Confidence::High, "a Re: line")),
                    1,
                );
            }
            let capital = first
                .text
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| !c.is_lowercase());
            if capital && is_heading(first, first_line) {
                return (
                    Some((
                        clean_subject(&first.text),
                        first.lines[0],
                        Confidence::High,
                        "the heading under the salutation",
                    )),
                    1,
                );
            }
            // Text without blank lines between paragraphs: a short first line standing over
            // a much longer one is a heading.
            if let [a, b, ..] = first.lines[..] {
                let (head, next) = (&lines[a], &lines[b]);
                let first_word = head.fold.split_whitespace().next().unwrap_or("");
                if capital
                    && (2..=15).contains(&head.words())
                    && !head.fold.ends_with(['.', ',', ';', ':', '!', '?'])
                    && !OPENERS.contains(&first_word)
                    && text::marker(head).is_none()
                    && !text::is_bullet(head)
                    && next.raw.chars().count() * 2 > head.raw.chars().count() * 3
                    && next.words() >= 12
                {
                    return (
                        Some((
                            clean_subject(&head.raw),
                            a,
                            Confidence::Medium,
                            "a short first line under the salutation",
                        )),
                        0,
                    );
                }
            }
        }
    }
    // A heading above the salutation (or, with none, above the first paragraph): the last
    // one, below any heading that names writer and addressee.
    let head_start = lines[..(layout.header_end + 1).min(lines.len())]
        .iter()
        .rposition(|l| super::web::headed(&l.raw).is_some())
        .map_or(0, |i| i + 1);
    let found = (head_start..layout.header_end).rev().find(|&i| {
        let l = &lines[i];
        if l.blank() || skip.contains(&i) {
            return false;
        }
        if layout.salutation.is_some() {
            return is_heading_line(l);
        }
        let words = l.words();
        (3..=30).contains(&words)
            && !l.fold.ends_with([':', ','])
            && !l.fold.trim_end_matches('.').contains(". ")
            && text::line_date(l, chrono::NaiveDate::MIN).is_none()
            && !has_postcode(&l.raw)
            && !text::is_contact(l)
            && !DELIVERY.is_match(&l.fold)
            && !REF_LINE.is_match(&l.fold)
            && !LABEL.is_match(&l.fold)
    });
    (
        found.map(|i| {
            (
                clean_subject(&lines[i].raw),
                i,
                Confidence::Medium,
                "a heading above the letter",
            )
        }),
        0,
    )
}

fn clean_subject(s: &str) -> String {
    let s = s.trim();
    // A web page's "(accessible version)" is not part of the letter's subject.
    let s = ACCESSIBLE.replace(s, "");
    let s = s
        .trim()
        .trim_start_matches([':', '-', '.', ' '])
        .trim_end_matches(['.', ':', ';', ','])
        .trim();
    // "*Title*" or "_Title_" as a whole: emphasis, not part of the subject.
    for mark in ['*', '_'] {
        if let Some(inner) = s.strip_prefix(mark).and_then(|r| r.strip_suffix(mark)) {
            if !inner.contains(mark) {
                return inner.trim().to_string();
            }
        }
    }
    s.to_string()
}

static ACCESSIBLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\s*\(accessible(?:\s+version)?\)\s*$"));

static OPENERS: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "we",
    "we're",
    "we've",
    "we'd",
    "you",
    "thank",
    "thanks",
    "further",
    "following",
    "many",
    "please",
    "it",
    "my",
    "as",
    "apologies",
    "sorry",
    "hello",
    "hope",
    "there",
    "here",
    "firstly",
    "first",
];

static SENTENCE_BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"[.!?]\s+\S"));

fn is_heading(p: &Para, first_line: &Line) -> bool {
    let words = p.fold.split_whitespace().count();
    let first_word = p
        .fold
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    let ends_sentence = p.fold.ends_with(['.', '!', '?']);
    p.text.chars().count() <= 200
        && (1..=25).contains(&words)
        && p.lines.len() <= 3
        && !p.fold.ends_with(':')
        && !SENTENCE_BREAK.is_match(p.fold.trim_end_matches(['.', '!', '?']))
        && !OPENERS.contains(&first_word)
        && (!ends_sentence || words <= 15)
        && text::marker(first_line).is_none()
        && !text::is_bullet(first_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_addresses_are_split_where_a_person_would() {
        assert_eq!(
            split_one_line_address(
                "Rt Hon Sajid Javid MP Home Secretary 2 Marsham Street London SW1P 4DF"
            ),
            "Rt Hon Sajid Javid MP, Home Secretary, 2 Marsham Street, London SW1P 4DF"
        );
    }

    #[test]
    fn dated_references() {
        let mut w = Vec::new();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(received_from("080519", "X", None, &mut w), d(2019, 5, 8));
        assert_eq!(received_from("06092018", "X", None, &mut w), d(2018, 9, 6));
        assert!(w.is_empty());
        assert_eq!(received_from("O30516", "X", None, &mut w), d(2016, 5, 3));
        assert_eq!(w.len(), 1, "the O read as 0 is said");
        assert_eq!(received_from("310219", "X", None, &mut w), None);
        assert!(w[1].contains("not a day"), "{w:?}");
    }
}
