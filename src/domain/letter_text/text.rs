//! The letter as lines: each kept as written and in a folded form for matching (lower case,
//! straight quotes, escape sequences and invisible characters removed), the layout
//! (salutation, valediction), lines that are not the letter's content (page marks, letterhead
//! contact lines), paragraphs of the body, and dates written in words or figures.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::domain::dates;

pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("letter_text pattern {pattern}: {e}"))
}

/// One line of the letter.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// As written, without surrounding white space.
    pub raw: String,
    /// For matching only: lower case, straight quotes and dashes, single spaces, no control,
    /// escape or invisible characters, common OCR slips mended ("yia" → "via").
    pub fold: String,
}

impl Line {
    /// A line made from a piece of text (for reading part of a line as a line).
    pub fn folded(raw: &str) -> Line {
        Line {
            raw: raw.trim().to_string(),
            fold: fold(raw),
        }
    }

    pub fn blank(&self) -> bool {
        self.fold.is_empty()
    }

    pub fn words(&self) -> usize {
        self.fold.split_whitespace().count()
    }
}

pub(super) fn lines(text: &str) -> Vec<Line> {
    text.split(['\n', '\x0c', '\r'])
        .map(|l| Line {
            raw: l
                .trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
                .to_string(),
            fold: fold(l),
        })
        .collect()
}

static ESCAPES: LazyLock<Regex> = LazyLock::new(|| {
    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and any other two-character escape.
    re(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\u{9b}[0-?]*[ -/]*[@-~]")
});

/// Characters that take no room or reorder text: bidi controls, zero-width, BOM.
pub(super) fn is_invisible(c: char) -> bool {
    let u = c as u32;
    (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x2069).contains(&u)
        || u == 0xfeff
        || u == 0x061c
        || u == 0xad
}

/// The matching form of a piece of text (see [`Line::fold`]).
pub(super) fn fold(s: &str) -> String {
    let s = ESCAPES.replace_all(s, "");
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2026}' => {
                out.push_str("...");
                space = false;
                continue;
            }
            c if c.is_whitespace() => ' ',
            c if c.is_control() || is_invisible(c) => continue,
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    let trimmed = out.trim_end().to_string();
    mend_ocr(trimmed)
}

/// OCR slips that would otherwise hide a keyword: words read with one wrong letter.
fn mend_ocr(s: String) -> String {
    const SLIPS: &[(&str, &str)] = &[("yia", "via"), ("dcar", "dear"), ("yonrs", "yours")];
    if !SLIPS.iter().any(|(bad, _)| s.contains(bad)) {
        return s;
    }
    s.split(' ')
        .map(|w| {
            SLIPS
                .iter()
                .find(|(bad, _)| *bad == w)
                .map_or(w, |(_, good)| good)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the parts of the letter are.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// The "Dear …" line.
    pub salutation: Option<usize>,
    /// Lines before this are the header (addresses, date, reference).
    pub header_end: usize,
    /// The first line of the body.
    pub body_start: usize,
    /// "Yours sincerely" or another closing.
    pub valediction: Option<usize>,
}

static SALUTATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:dear\b|to whom it may concern|my dear\b)"));
static VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:yours|your's)\s+(?:sincerely|faithfully|truly|ever|respectfully|aye)|sincerely(?:\s+yours)?|(?:with\s+)?(?:kind|kindest|best|warm|warmest|many)\s+(?:regards|wishes)|regards)\b",
    )
});

impl Layout {
    pub fn find(lines: &[Line]) -> Layout {
        let salutation = lines
            .iter()
            .position(|l| SALUTATION.is_match(&l.fold) && l.raw.chars().count() <= 120);
        let (header_end, body_start) = match salutation {
            Some(s) => (s, s + 1),
            None => {
                let prose = lines
                    .iter()
                    .position(|l| {
                        // A long heading ("Response – HMIC Inspection – Core Business: …") is
                        // not the prose.
                        let heading = (l.raw.contains(" – ") || l.raw.contains(" — "))
                            && !l.fold.ends_with(['.', '!', '?', ':']);
                        // Nor a long title without a full stop; a paragraph has one.
                        let sentence = l.fold.ends_with(['.', '!', '?', ':', '"', '”', ')', ';']);
                        l.words() >= 12 && l.fold.contains(". ")
                            || l.words() >= 20 && !heading && sentence
                            || l.words() >= 40
                    })
                    // Else a one-sentence paragraph of a dozen words or more.
                    .or_else(|| {
                        lines
                            .iter()
                            .position(|l| l.words() >= 12 && l.fold.ends_with(['.', '!', '?']))
                    })
                    .unwrap_or(0);
                (prose, prose)
            }
        };
        let valediction = lines
            .iter()
            .enumerate()
            .skip(body_start)
            .find(|(_, l)| is_valediction(l))
            .map(|(i, _)| i);
        Layout {
            salutation,
            header_end,
            body_start,
            valediction,
        }
    }
}

/// "Yours sincerely," (possibly followed by the name on the same line); not a sentence.
pub(super) fn is_valediction(l: &Line) -> bool {
    VALEDICTION.is_match(&l.fold) && l.words() <= 7 && !l.fold.contains(". ")
}

static PAGE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:cont(?:inued|'d|d)?\b[\s./]*\d*|\.+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3}|/\s*\d+|\d+\s*/\s*\d+|p\.?\s?t\.?\s?o\.?|overleaf|continued\s+(?:overleaf|on next page))$",
    )
});
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:tel(?:ephone)?|phone|fax|e-?mail|web(?:site)?|minicom|mob(?:ile)?|direct\s+(?:line|dial)|switchboard|textphone|twitter)\b\s*(?:no\.?)?\s*[:.]?\s*\S|^(?:https?://)?www\.[^\s/]+(?:/[^\s/]*)?/?$|^[^\s@:]+@[^\s@]+\.[a-z]{2,}$",
    )
});
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b"));
static LETTERHEAD_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:mayor|policing|police|crime|london|office|commissioner|yard|city hall|constabulary)\b",
    )
});

/// A page number or continuation mark ("Cont.../2", "Page 2 of 3", "- 2 -").
pub(super) fn is_page_mark(l: &Line) -> bool {
    !l.blank() && PAGE_MARK.is_match(&l.fold)
}

/// A telephone, e-mail or web line of a letterhead or footer.
pub(super) fn is_contact(l: &Line) -> bool {
    !l.blank() && CONTACT.is_match(&l.fold)
}

pub(super) fn has_postcode(s: &str) -> bool {
    POSTCODE.is_match(s)
}

/// A letterhead or footer line met in the middle of the body (a new page repeats it): an
/// address line with a postcode, or the office's name in capitals.
pub(super) fn is_letterhead_in_body(l: &Line) -> bool {
    if is_page_mark(l) || is_contact(l) {
        return true;
    }
    let short = l.raw.chars().count() <= 90;
    let address = short && has_postcode(&l.raw) && !l.fold.ends_with('.') && l.words() <= 12;
    let letters: Vec<char> = l.raw.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = short
        && letters.len() >= 6
        && letters.iter().all(|c| c.is_uppercase())
        && LETTERHEAD_WORDS.is_match(&l.fold);
    address || capitals
}

/// A line that starts a list item: "1.", "- 1.", "(a)", "Q3:", "•".
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<bullet>[-•*·–>]\s*)?(?:(?:q|question|ask|request)\s*(?P<q>\d{1,3})\s*[.):]?|\((?P<pn>\d{1,3})\)|(?P<n>\d{1,3})\s?[.)](?:\s|$)|\((?P<pl>[a-z])\)|(?P<l>[a-z])\)\s)",
    )
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^[-•*·–>]\s+\S"));
static REC_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[-•*·]\s*)?(?P<kind>recommendation|area for improvement|afi|cause of concern|coc)\s*(?P<n>\d{1,3})\b\s*[:.)-]?\s*",
    )
});

/// How a list item is numbered; items of one list share a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// 1. / 1) / - 1.
    Number { bullet: bool },
    /// (1)
    ParenNumber,
    /// Q1 / Question 1
    Question,
    /// (a) / a)
    Letter,
}

/// The number and style of a list item's marker, and where its text starts (in `raw`).
pub(super) fn marker(l: &Line) -> Option<(u32, Style, usize)> {
    let caps = MARKER.captures(&l.fold)?;
    let whole = caps.get(0)?;
    let bullet = caps.name("bullet").is_some();
    let (n, style) = if let Some(m) = caps.name("q") {
        (m.as_str().parse().ok()?, Style::Question)
    } else if let Some(m) = caps.name("pn") {
        (m.as_str().parse().ok()?, Style::ParenNumber)
    } else if let Some(m) = caps.name("n") {
        (m.as_str().parse().ok()?, Style::Number { bullet })
    } else {
        let letter = caps.name("pl").or_else(|| caps.name("l"))?.as_str();
        let c = letter.chars().next()?;
        (c as u32 - 'a' as u32 + 1, Style::Letter)
    };
    Some((n, style, raw_offset(&l.raw, &l.fold, whole.end())))
}

pub(super) fn is_bullet(l: &Line) -> bool {
    BULLET.is_match(&l.fold) && marker(l).is_none()
}

/// A labelled recommendation: kind code, ref ("R2", "AFI 3", "CoC 1"), text offset in `raw`.
pub(super) fn rec_label(l: &Line) -> Option<(&'static str, String, usize)> {
    let caps = REC_LABEL.captures(&l.fold)?;
    let n: u32 = caps.name("n")?.as_str().parse().ok()?;
    let (kind, reference) = match caps.name("kind")?.as_str() {
        "recommendation" => ("recommendation", format!("R{n}")),
        "area for improvement" | "afi" => ("area_for_improvement", format!("AFI {n}")),
        _ => ("cause_of_concern", format!("CoC {n}")),
    };
    let end = caps.get(0)?.end();
    Some((kind, reference, raw_offset(&l.raw, &l.fold, end)))
}

/// The byte offset in `raw` that corresponds to `fold_bytes` of its fold, found by folding
/// growing prefixes of `raw` (folding is not one-to-one: escapes and invisibles vanish).
pub(super) fn raw_offset(raw: &str, fold_form: &str, fold_bytes: usize) -> usize {
    let target = fold_form.get(..fold_bytes).unwrap_or(fold_form).trim_end();
    let target_len = target.chars().count();
    for (i, _) in raw.char_indices().chain(std::iter::once((raw.len(), ' '))) {
        if fold(&raw[..i]).chars().count() >= target_len {
            // Skip the spaces after the marker.
            let rest = &raw[i..];
            return i + (rest.len() - rest.trim_start().len());
        }
    }
    raw.len()
}

/// A paragraph of the body: consecutive content lines, or one list item.
#[derive(Debug, Clone)]
pub(super) struct Para {
    /// Line indexes, in order.
    pub lines: Vec<usize>,
    /// The lines joined (a line ending in a hyphen joins the next without a space).
    pub text: String,
    /// Folded form of `text`.
    pub fold: String,
    /// A blank line came before it.
    pub gap_before: bool,
    /// 0 before the valediction, 1 after it (answers never run across it).
    pub section: u8,
}

impl Para {
    pub fn first_line<'a>(&self, lines: &'a [Line]) -> &'a Line {
        &lines[self.lines[0]]
    }
}

/// The body's paragraphs, without the sign-off, cc lines, page marks and letterhead lines.
pub(super) fn body_paragraphs(
    lines: &[Line],
    layout: &Layout,
    signoff: &[usize],
    cc: &[usize],
) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut gap = true;
    let mut gap_of_current = true;
    let mut section = 0u8;
    let flush = |paras: &mut Vec<Para>, current: &mut Vec<usize>, gap: bool, section: u8| {
        if !current.is_empty() {
            let text = join(current.iter().map(|i| lines[*i].raw.as_str()));
            paras.push(Para {
                lines: std::mem::take(current),
                fold: fold(&text),
                text,
                gap_before: gap,
                section,
            });
        }
    };
    for (i, line) in lines.iter().enumerate().skip(layout.body_start) {
        if Some(i) == layout.valediction {
            flush(&mut paras, &mut current, gap_of_current, section);
            section = 1;
            gap = true;
            continue;
        }
        if signoff.contains(&i) || cc.contains(&i) || is_boundary(line) {
            flush(&mut paras, &mut current, gap_of_current, section);
            gap = true;
            continue;
        }
        if line.blank() {
            flush(&mut paras, &mut current, gap_of_current, section);
            gap = true;
            continue;
        }
        if is_letterhead_in_body(line) {
            continue;
        }
        let starts_item = marker(line).is_some() || rec_label(line).is_some() || is_bullet(line);
        if starts_item || current.is_empty() {
            flush(&mut paras, &mut current, gap_of_current, section);
            gap_of_current = gap;
        }
        current.push(i);
        gap = false;
    }
    flush(&mut paras, &mut current, gap_of_current, section);
    paras
}

static BOUNDARY: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:enc|encl|enclosures?|attachments?|annex(?:es)?)\b\s*[:.]"));

/// An enclosures or attachments line: the letter's content has ended.
fn is_boundary(l: &Line) -> bool {
    BOUNDARY.is_match(&l.fold)
}

/// Lines joined into one: spaces between, a hyphen at a line end joins directly.
pub(super) fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let hyphen_break = out.ends_with('-')
            && out.chars().rev().nth(1).is_some_and(|c| c.is_alphabetic())
            && part.chars().next().is_some_and(|c| c.is_lowercase());
        if !out.is_empty() && !hyphen_break {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Paragraphs as one text: blank lines between, but list items that followed each other
/// without a blank line stay on consecutive lines.
pub(super) fn join_paragraphs<'a>(paras: impl Iterator<Item = &'a Para>) -> String {
    let mut out = String::new();
    for p in paras {
        if !out.is_empty() {
            out.push_str(if p.gap_before { "\n\n" } else { "\n" });
        }
        out.push_str(&p.text);
    }
    out
}

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS},?\s+(?:\d{{4}}|\d{{2}})|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}})\b"
    ))
});
/// A two-digit year after a month written in words ("14th Mar 21").
static SHORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?P<head>{MONTHS},?\s+)(?P<yy>\d{{2}})$")));

/// "14th mar 21" → "14th mar 2021": within a year after `today` the century is this one,
/// else the last.
fn full_year(found: &str, today: NaiveDate) -> std::borrow::Cow<'_, str> {
    let Some(c) = SHORT_YEAR.captures(found) else {
        return found.into();
    };
    let yy: i32 = c["yy"].parse().unwrap_or(0);
    let this = chrono::Datelike::year(&today);
    let this = if (1900..=2200).contains(&this) {
        this
    } else {
        2069
    };
    let year = if 2000 + yy <= this + 1 {
        2000 + yy
    } else {
        1900 + yy
    };
    let head_end = c.name("head").map_or(0, |m| m.end());
    format!("{}{year}", &found[..head_end]).into()
}
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b(?P<m>{MONTHS})\s+(?P<y>\d{{4}})\b")));

/// Every date written in a folded text, with where it is, in order.
pub(super) fn dates_in(folded: &str, today: NaiveDate) -> Vec<(std::ops::Range<usize>, NaiveDate)> {
    DATE.find_iter(folded)
        .filter_map(|m| {
            dates::parse_date(&full_year(m.as_str(), today), today)
                .ok()
                .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
                .map(|d| (m.range(), d))
        })
        .collect()
}

/// A month and year not part of a full date ("in December 2015").
pub(super) fn month_year_in(folded: &str) -> Option<(i32, u32)> {
    MONTH_YEAR.captures_iter(folded).find_map(|c| {
        let whole = c.get(0)?;
        let before = folded[..whole.start()].trim_end();
        if before
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || w == "of")
        {
            return None;
        }
        let month = dates::parse_date(&format!("1 {} 2000", c.name("m")?.as_str()), NaiveDate::MIN)
            .ok()
            .map(|d| chrono::Datelike::month(&d))?;
        let year: i32 = c.name("y")?.as_str().parse().ok()?;
        (1900..=2200).contains(&year).then_some((year, month))
    })
}

/// The date a whole line holds ("4 May 2016", "Date: 15th December 2014"), if it holds only
/// that.
pub(super) fn line_date(l: &Line, today: NaiveDate) -> Option<NaiveDate> {
    let s = l.fold.trim_start_matches(|c: char| !c.is_alphanumeric());
    let s = s
        .strip_prefix("date")
        .map(|r| r.trim_start_matches([':', '.', ' ', 'd']))
        .unwrap_or(s);
    let s = s.trim_end_matches(['.', ',', ' ']);
    let found = dates_in(s, today);
    match found.as_slice() {
        [(range, date)] if range.start == 0 && range.end == s.len() => Some(*date),
        _ => None,
    }
}
