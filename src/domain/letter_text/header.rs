//! The header: the letter's date, its reference (and the day received that a dated reference
//! carries), the salutation, the recipient's address block, and the subject line.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::text::{self, Layout, Line, Para, has_postcode, re};

pub(super) struct Header {
    pub date: Option<NaiveDate>,
    pub reference: Option<String>,
    pub received_on: Option<NaiveDate>,
    pub salutation: Option<String>,
}

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

pub(super) fn read(
    lines: &[Line],
    layout: &Layout,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) -> Header {
    let head = &lines[..layout.header_end];
    let date = letter_date(lines, head, today);
    if date.is_none() {
        warnings.push("no date found".into());
    }
    let (reference, received_on) = reference(head, lines, date, warnings);
    let salutation = layout.salutation.map(|i| {
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
    }
}

/// A line that is only a date, in the header; else the first date in the header; else a line
/// that is only a date anywhere (some letters put it under the signature).
fn letter_date(all: &[Line], head: &[Line], today: NaiveDate) -> Option<NaiveDate> {
    head.iter()
        .find_map(|l| text::line_date(l, today))
        .or_else(|| {
            head.iter()
                .filter(|l| !YOUR_REF.is_match(&l.fold) && !l.fold.contains("your letter"))
                .find_map(|l| text::dates_in(&l.fold, today).first().map(|(_, d)| *d))
        })
        .or_else(|| all.iter().find_map(|l| text::line_date(l, today)))
}

fn reference(
    head: &[Line],
    all: &[Line],
    date: Option<NaiveDate>,
    warnings: &mut Vec<String>,
) -> (Option<String>, Option<NaiveDate>) {
    let ours = |l: &&Line| !YOUR_REF.is_match(&l.fold);
    let dated = head
        .iter()
        .filter(ours)
        .chain(all.iter().filter(ours))
        .find_map(|l| DATED_REF.captures(&l.raw));
    if let Some(c) = dated {
        let reference = c.get(0).map(|m| m.as_str().to_string());
        let digits = c.name("date").map_or("", |m| m.as_str());
        let received = received_from(digits, reference.as_deref().unwrap_or(""), date, warnings);
        return (reference, received);
    }
    let labelled = head
        .iter()
        .chain(all.iter())
        .find_map(|l| OUR_REF.captures(&l.raw))
        .and_then(|c| c.name("r").map(|m| m.as_str().to_string()));
    (labelled, None)
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

/// The recipient's address block: header lines that are not the date, references, delivery
/// or contact lines, grouped into addresses (an address ends at its postcode). A block that
/// names the sender is the sender's letterhead. Without one, the salutation's addressee.
pub(super) fn recipient(
    lines: &[Line],
    layout: &Layout,
    sender_name: Option<&str>,
    sender_org: Option<&str>,
    salutation: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let mut addresses: Vec<Vec<&Line>> = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let mut after_blank = false;
    for l in &lines[..layout.header_end] {
        let structural = text::line_date(l, chrono::NaiveDate::MIN).is_some()
            || DATED_REF.is_match(&l.raw)
            || REF_LINE.is_match(&l.fold)
            || DELIVERY.is_match(&l.fold)
            || SUBJECT_LABEL.is_match(&l.fold);
        if structural {
            if !current.is_empty() {
                addresses.push(std::mem::take(&mut current));
            }
            continue;
        }
        if l.blank() {
            after_blank = true;
            continue;
        }
        if text::is_contact(l) || text::is_page_mark(l) {
            continue;
        }
        // A blank line after a postcode ends that address.
        if after_blank && current.last().is_some_and(|p| has_postcode(&p.raw)) {
            addresses.push(std::mem::take(&mut current));
        }
        after_blank = false;
        current.push(l);
    }
    if !current.is_empty() {
        addresses.push(current);
    }
    let sender_name = sender_name.map(text::fold).filter(|s| s.len() >= 4);
    let sender_org = sender_org.map(text::fold).filter(|s| s.len() >= 6);
    let is_letterhead = |block: &Vec<&Line>| {
        let joined = block
            .iter()
            .map(|l| l.fold.as_str())
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
    // The block that names the salutation's addressee ("Dear Sajid"); else the last one, unless
    // it is an organisation's letterhead and the salutation names a person not in it (a
    // letter from the IOPC to "Ms Linden" under the IOPC's own address).
    let named: Vec<String> = from_salutation
        .as_deref()
        .map(text::fold)
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !GENERIC.contains(w))
        .map(str::to_string)
        .collect();
    let candidates: Vec<&Vec<&Line>> = addresses.iter().filter(|b| !is_letterhead(b)).collect();
    let mentions = |block: &Vec<&Line>| {
        block.iter().any(|l| {
            l.fold
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| named.iter().any(|n| n == w))
        })
    };
    if let Some(block) = candidates.iter().rev().find(|b| mentions(b)) {
        return Some(address_text(block));
    }
    if let Some(block) = candidates.last() {
        let organisation_first = block.first().is_some_and(|l| {
            super::signoff::is_organisation(&l.fold) && !super::signoff::is_name(&l.raw)
        });
        if named.is_empty() || !organisation_first {
            return Some(address_text(block));
        }
    }
    if from_salutation.is_none() {
        warnings.push("no recipient found (no address block and no salutation)".into());
    }
    from_salutation
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
pub(super) fn subject(lines: &[Line], layout: &Layout, paras: &[Para]) -> (Option<String>, usize) {
    let labelled = |l: &Line| {
        SUBJECT_LABEL.is_match(&l.fold).then(|| {
            let raw = l.raw.as_str();
            let start = raw.find([':', '.', '-', ' ']).map_or(raw.len(), |i| i + 1);
            clean_subject(&raw[start..])
        })
    };
    if let Some(s) = lines[..layout.header_end].iter().find_map(labelled) {
        return (Some(s), 0);
    }
    let Some(first) = paras.first() else {
        return (None, 0);
    };
    let first_line = first.first_line(lines);
    if first.section == 0 {
        if SUBJECT_LABEL.is_match(&first_line.fold) {
            return (
                labelled(&Line {
                    raw: first.text.clone(),
                    fold: first.fold.clone(),
                }),
                1,
            );
        }
        let capital = first
            .text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| !c.is_lowercase());
        if capital && is_heading(first, first_line) {
            return (Some(clean_subject(&first.text)), 1);
        }
    }
    (None, 0)
}

fn clean_subject(s: &str) -> String {
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
