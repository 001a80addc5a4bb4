//! The inspection report a letter answers: named by an inspectorate and "report" in one
//! sentence. Its title (quoted or emphasised, or "the X programme", else the subject), kind
//! ("force report"), inspectorate as written, and the publication day when the text gives it.
//!
//! A mention is not enough to make or link a report: the letter must respond to it (its
//! subject or opening says so) or name it by title and publication date; `extract` also
//! keeps it when the letter lists its recommendations with responses. A question about "the
//! HMICFRS report" names no report that could be tracked.

use std::sync::LazyLock;

use regex::Regex;

use chrono::{Datelike, NaiveDate};

use super::text::{self, Line, Para, re};
use super::{Confidence, ReportMention};

/// What reading a report needs besides the letter: its date (for "published today") and
/// the titles of reports already stored (a title named without quotes is found by them).
pub(super) struct Context<'a> {
    pub letter_date: Option<NaiveDate>,
    pub known_titles: &'a [String],
}

static INSPECTORATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:her|his)\s+majesty['’]?s|hm)\s+inspectorate\s+of\s+constabulary(?:\s*(?:,|and|&)?\s*(?:fire\s*(?:&|and)\s*rescue(?:\s+services)?))?|\bhmicfrs\b|\bhmic\b|\bindependent\s+office\s+(?:for|of)\s+police\s+conduct\b|\biopc\b|\b(?:hm\s+|senior\s+|assistant\s+|area\s+)?coroner\b|\bregulation\s+28\b|\bprevent(?:ion of)?\s+future\s+deaths\b",
    )
});
static KIND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(force|thematic|joint|national|inspection|peel|spotlight|progress|follow-up|revisit|annual|prevention of future deaths|regulation 28)\s+(?:inspection\s+)?report\b",
    )
});
static PROGRAMME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b[Tt]he\s+(?P<t>(?:[A-Z0-9][\w&'’/-]*\s+){0,6}[A-Z0-9][\w&'’/-]*)\s+(?:programme|program|inspection programme)\b",
    )
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\breport\s+(?:entitled|titled|called|named)\s*[:,]?\s*(?P<t>[^.;]{3,150})")
});
/// Response wording about a report: "in response to the PEEL report", "with regard to the
/// report", "our comments on the inspection", "I welcome this report", "section 55". The
/// word before it is captured: "your response to the report" asks for one, it is not one.
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?P<pre>[\w']+)\s+)?\b(?:(?:in )?response to|respond(?:s|ing)? to|with regard to|(?:our|my) comments on)\s+(?:[^\s.;:?!]+\s+){0,5}?(?:report|inspection|recommendations|hmicfrs|hmic)\b|\bi welcome (?:this|the) (?:report|inspection)|\bsection 55\b|\bs\.?\s?55\b",
    )
});
/// Words before "response to" that make it someone else's response, or one asked for.
const NOT_OURS: &[&str] = &[
    "your", "yours", "a", "an", "any", "their", "his", "her", "its", "for", "please",
];

/// Whether folded text says it responds to the report (see [`RESPONSE`]): not when the
/// response is asked for or someone else's ("your response to", "the force's response to").
fn says_response(fold: &str) -> bool {
    RESPONSE.captures_iter(fold).any(|c| {
        c.name("pre").is_none_or(|pre| {
            let pre = pre.as_str();
            !NOT_OURS.contains(&pre) && !pre.ends_with("'s") && !pre.ends_with("s'")
        })
    })
}

/// What [`read`] found: the report, whether the letter gives grounds to make or link it,
/// and the warnings that matter only if it is kept.
pub(super) struct Found {
    pub mention: ReportMention,
    /// The letter responds to the report (subject or opening), or names it by a title and a
    /// publication date (a day, or a month and year).
    pub grounded: bool,
    pub warnings: Vec<String>,
    /// The line of the sentence the title was read from, how sure, and how.
    pub title_source: Option<(usize, Confidence, &'static str)>,
}

static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| re(r#"[.!?]["'”’)*_]*\s+"#));

pub(super) fn read(
    lines: &[Line],
    paras: &[Para],
    subject: Option<&str>,
    context: &Context<'_>,
) -> Option<Found> {
    let mut warnings = Vec::new();
    let sentences: Vec<&str> = paras.iter().flat_map(|p| sentences(&p.text)).collect();
    let inspectorate_in = |s: &str| {
        INSPECTORATE
            .find_iter(s)
            .find(|m| !s[..m.start()].ends_with(['@', '.', '/']))
            .map(|m| m.as_str().trim().to_string())
    };
    let subject_fold = subject.map(text::fold).unwrap_or_default();
    let is_report_sentence = |s: &str| {
        let f = text::fold(s);
        (f.contains("report") || f.contains("inspection"))
            && (inspectorate_in(s).is_some() || f.contains("published"))
    };
    let report_sentences: Vec<&str> = sentences
        .iter()
        .copied()
        .filter(|s| is_report_sentence(s))
        .collect();
    // The sentence that names the report best: one with a title or response wording, else
    // the first that mentions one.
    let about = report_sentences
        .iter()
        .copied()
        .find(|s| title_in(s).is_some() || says_response(&text::fold(s)))
        .or_else(|| report_sentences.first().copied());
    let subject_says = subject_fold.contains("report") || subject_fold.contains("inspection");
    let inspectorate = about
        .and_then(inspectorate_in)
        .or_else(|| sentences.iter().find_map(|s| inspectorate_in(s)));
    let about = match (about, subject_says, &inspectorate) {
        (Some(s), _, _) => s,
        (None, true, Some(_)) => sentences
            .iter()
            .copied()
            .find(|s| inspectorate_in(s).is_some())
            .unwrap_or(""),
        _ => return None,
    };
    let about_fold = text::fold(about);

    // Publication: a full date in a sentence that says "published", else a month and year.
    let publishing: Vec<&str> = std::iter::once(about)
        .chain(report_sentences.iter().copied())
        .chain(
            sentences
                .iter()
                .copied()
                .filter(|s| text::fold(s).contains("publish")),
        )
        .collect();
    let mut published_on = None;
    let mut published_month = None;
    for s in &publishing {
        let f = text::fold(s);
        if !(f.contains("publish")
            || f.contains("publication")
            || f.contains("report of")
            || f.contains("dated")
            || f.contains("reported on"))
        {
            continue;
        }
        if let Some((_, d)) = text::dates_in(&f, chrono::NaiveDate::MIN).first() {
            published_on = Some(*d);
            break;
        }
        if let Some(d) = day_without_year(&f, context.letter_date) {
            published_on = Some(d);
            break;
        }
        if TODAY.is_match(&f) {
            if let Some(d) = context.letter_date {
                published_on = Some(d);
                break;
            }
        }
        if published_month.is_none() {
            published_month = text::month_year_in(&f);
        }
    }
    if published_on.is_none() {
        published_month = published_month.or_else(|| text::month_year_in(&about_fold));
    }

    let known = known_title(&sentences, context.known_titles);
    let quoted = title_in(about);
    let patterned = quoted
        .is_none()
        .then(|| titled_unquoted(about).or_else(|| subject.and_then(titled_unquoted)))
        .flatten();
    let has_title = quoted.is_some() || known.is_some() || patterned.is_some();
    let about_line = paras
        .iter()
        .find(|p| p.text.contains(about.trim()))
        .map_or(0, |p| p.lines[0]);
    let (title, title_source) = match (quoted, known, patterned, subject) {
        (Some(t), _, _, Some(s)) if starts_like(s, &t) => (
            s.to_string(),
            Some((
                about_line,
                Confidence::High,
                "the subject, which begins with the quoted title",
            )),
        ),
        (Some(t), ..) => (
            t,
            Some((about_line, Confidence::High, "a quoted or emphasised title")),
        ),
        (None, Some(t), ..) => (
            t,
            Some((about_line, Confidence::High, "the title of a stored report")),
        ),
        (None, None, Some(t), Some(s)) if title_words(s).starts_with(&title_words(&t)) => (
            s.to_string(),
            Some((
                about_line,
                Confidence::High,
                "the subject, in the form of a report's title",
            )),
        ),
        (None, None, Some(t), _) => (
            t,
            Some((
                about_line,
                Confidence::Medium,
                "an unquoted title after the inspectorate",
            )),
        ),
        // "Response to HMICFRS report: Title": the part after the colon.
        (None, None, None, Some(s))
            if SUBJECT_PREFIX.is_match(s) && !SUBJECT_PREFIX.replace(s, "").trim().is_empty() =>
        {
            (
                SUBJECT_PREFIX.replace(s, "").trim().to_string(),
                Some((
                    about_line,
                    Confidence::Medium,
                    "the subject after \"Response to … report:\"",
                )),
            )
        }
        // A subject about the report ("PCC responds to HMIC report") is not its title.
        (None, None, None, Some(s)) if !s.is_empty() && !ABOUT_A_REPORT.is_match(s) => (
            s.to_string(),
            Some((
                about_line,
                Confidence::Low,
                "the letter's subject (no title named)",
            )),
        ),
        _ => {
            warnings.push("the report's title was not found".into());
            ("Inspection report (title not found)".to_string(), None)
        }
    };
    let kind = subject
        .and_then(|s| KIND.find(s))
        .or_else(|| KIND.find(about))
        .map(|m| m.as_str().to_string());
    let source = match inspectorate.as_deref().map(text::fold) {
        Some(i) if i.contains("constabulary") || i.contains("hmic") => "hmicfrs",
        Some(i) if i.contains("conduct") || i.contains("iopc") => "iopc",
        Some(i) if i.contains("coroner") || i.contains("28") || i.contains("deaths") => "coroner",
        _ => "other",
    };
    if inspectorate.is_none() {
        warnings.push("the report's inspectorate is not named".into());
    }
    // The opening: the first paragraphs before any numbered item (an ask that mentions the
    // report says nothing about what the letter is).
    let opening = paras
        .iter()
        .take_while(|p| {
            let first = p.first_line(lines);
            text::marker(first).is_none() && text::rec_label(first).is_none()
        })
        .take(3);
    let responds =
        says_response(&subject_fold) || opening.into_iter().any(|p| says_response(&p.fold));
    let dated = published_on.is_some() || published_month.is_some();
    Some(Found {
        mention: ReportMention {
            title,
            kind,
            inspectorate,
            published_on,
            recommendations: Vec::new(),
            source,
            published_month: published_on.is_none().then_some(published_month).flatten(),
            is_response: responds,
        },
        grounded: responds || (has_title && dated),
        warnings,
        title_source,
    })
}

/// Splits a paragraph into sentences (after . ! ? and any closing quote or emphasis).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(text) {
        // A sentence ends before a capital, a figure or a quote, not inside a quoted title
        // ("Who cares?" published by …).
        let next = text[m.end()..].chars().next();
        if !next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'*_(".contains(c))
        {
            continue;
        }
        out.push(&text[start..m.end()]);
        start = m.end();
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A title in the sentence: *emphasised*, "quoted", ‘quoted’, "the X programme" (read as
/// "X inspection"), or "report entitled X".
fn title_in(sentence: &str) -> Option<String> {
    for (open, close) in [('*', '*'), ('_', '_'), ('“', '”'), ('"', '"'), ('‘', '’')] {
        if let Some(t) = delimited(sentence, open, close) {
            return Some(t);
        }
    }
    if let Some(c) = NAMED.captures(sentence) {
        return c.name("t").map(|m| m.as_str().trim().to_string());
    }
    PROGRAMME
        .captures(sentence)
        .and_then(|c| c.name("t"))
        .map(|m| format!("{} inspection", m.as_str().trim()))
}

/// Text between `open` and `close` that begins a word and is 3 to 150 characters.
fn delimited(s: &str, open: char, close: char) -> Option<String> {
    let mut search = 0;
    while let Some(rel) = s[search..].find(open) {
        let start = search + rel;
        let before_ok = s[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let inner_start = start + open.len_utf8();
        if let Some(len) = s[inner_start..].find(close) {
            let inner = s[inner_start..inner_start + len].trim();
            let after = s[inner_start + len + close.len_utf8()..].chars().next();
            let after_ok = after.is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok && (3..=150).contains(&inner.chars().count()) {
                return Some(inner.to_string());
            }
            search = inner_start;
        } else {
            return None;
        }
    }
    None
}

static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bpublished (?:\w+ ){0,4}?today\b|\btoday's publication\b|\bpublished today\b")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)\b",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:19|20)\d{2}\b"));

/// "reported on 18 July" (a year elsewhere in the sentence, "in 2013"), "published today
/// (March 3)": the day, its year from the sentence or else the letter's date (the latest such
/// day not after it).
fn day_without_year(folded: &str, letter: Option<NaiveDate>) -> Option<NaiveDate> {
    let c = DAY_MONTH.captures(folded)?;
    let day: u32 = c.name("d1").or(c.name("d2"))?.as_str().parse().ok()?;
    let month_word = c.name("m1").or(c.name("m2"))?.as_str();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month_word)? as u32 + 1;
    if let Some(y) = YEAR
        .find(folded)
        .and_then(|m| m.as_str().parse::<i32>().ok())
    {
        return NaiveDate::from_ymd_opt(y, month, day);
    }
    let letter = letter?;
    let this = NaiveDate::from_ymd_opt(letter.year(), month, day)?;
    if this <= letter {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(letter.year() - 1, month, day)
    }
}

/// A stored report's title that the letter names (its significant words in one sentence).
fn known_title(sentences: &[&str], known: &[String]) -> Option<String> {
    known
        .iter()
        .filter(|t| title_words(t).len() >= 2)
        .find(|t| sentences.iter().any(|s| contains_title(s, t)))
        .cloned()
}

/// Whether the sentence holds the title's words in order, together.
fn contains_title(sentence: &str, title: &str) -> bool {
    let words = title_words(title);
    let hay = title_words(sentence);
    !words.is_empty() && hay.windows(words.len()).any(|w| w == words.as_slice())
}

/// A title named without quotes, by the forms inspection reports take: "the HMICFRS report
/// Core Business: An inspection into … published on …", "the inspection of X, published …",
/// "An inspection of how forces …", "PEEL: …", "the X Y inspection".
fn titled_unquoted(sentence: &str) -> Option<String> {
    for pattern in [
        &*AFTER_REPORT,
        &*INSPECTION_OF,
        &*PEEL_TITLE,
        &*NAMED_INSPECTION,
    ] {
        if let Some(c) = pattern.captures(sentence) {
            let t = c
                .name("t")?
                .as_str()
                .trim()
                .trim_end_matches([',', ':', ';', '–', '-']);
            // A clause after the title is not part of it ("…, which was published").
            let t = CLAUSE.split(t).next().unwrap_or(t).trim();
            if t.split_whitespace().count() >= 2 && t.chars().count() <= 200 && !generic(t) {
                let mut chars = t.chars();
                let first = chars.next()?;
                return Some(first.to_uppercase().chain(chars).collect());
            }
        }
    }
    None
}

/// "Response to HMICFRS report: ", "Formal response to the HMIC inspection – ".
static SUBJECT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[\w'’]+\s+){0,3}?respon\w*\s+to\s+(?:the\s+)?(?:[A-Z&]{3,10}\s+)?(?:report|inspection)\s*[:–—-]\s*",
    )
});
/// A subject that says what the letter does about a report, not what the report is called.
static ABOUT_A_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:respon\w*|reply|replies|replying|letter|statement|comments?|welcomes?)\b")
});

static CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i),?\s+\b(?:which|that|who|as)\s+(?:was|were|is|has|had)\b"));

/// A "title" made only of the words every report has ("HMICFRS inspection", "the joint
/// report"): no title.
fn generic(title: &str) -> bool {
    const WORDS: &[&str] = &[
        "hmicfrs",
        "hmic",
        "hmi",
        "hmip",
        "hmicfrs's",
        "his",
        "her",
        "majesty's",
        "majesty’s",
        "inspectorate",
        "inspectorates",
        "of",
        "constabulary",
        "and",
        "fire",
        "rescue",
        "services",
        "inspection",
        "inspections",
        "report",
        "joint",
        "the",
        "an",
        "a",
        "this",
        "recent",
        "latest",
        "new",
        "national",
        "thematic",
        "force",
        "police",
    ];
    title.split_whitespace().all(|w| {
        WORDS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .to_lowercase()
                .as_str(),
        )
    })
}

/// "report Core Business: An inspection into … published", "Report – Policing in Austerity:
/// Rising to the Challenge" (a title in capitals straight after the word report).
static AFTER_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\breport)\s*(?:(?i:entitled|titled|called)\s+)?[–:-]?\s*(?P<t>[A-Z0-9][^.;()“”\x22]*?)\s*(?:,\s*)?(?:\((?i:published|pub)|\b(?i:published|which|that|dated|released)\b|\(|$|\.\s)",
    )
});
/// "inspection of police involvement in …, published on …"
static INSPECTION_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<t>(?:an\s+)?inspection\s+(?:of|into)\s+[^.;()]*?)\s*,?\s*(?:\(|\b(?:published|dated|released)\b)",
    )
});
static PEEL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<t>PEEL(?:\s*[:–-]|\s+\d)[^.;()]*?)\s*,?\s*(?:\(|\b(?i:published|dated|released)\b|$|\.\s)",
    )
});
static NAMED_INSPECTION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b[Tt]he\s+(?:HMICFRS\s+|HMIC\s+)?(?P<t>(?:[A-Z][\w&'’-]*\s+){1,6}(?i:inspection))\b")
});

/// Whether `longer` begins with `shorter`, ignoring case, punctuation and a leading "The".
fn starts_like(longer: &str, shorter: &str) -> bool {
    let a = title_words(longer);
    let b = title_words(shorter);
    !b.is_empty() && a.len() > b.len() && a.starts_with(&b)
}

fn title_words(s: &str) -> Vec<String> {
    let words: Vec<String> = text::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    match words.first().map(String::as_str) {
        Some("the") => words[1..].to_vec(),
        _ => words,
    }
}

/// Whether two report titles name the same report: the significant words of one are all
/// in the other ("Crime Data Integrity inspection" and "Crime Data Integrity inspection:
/// Metropolitan Police Service").
pub fn same_report(a: &str, b: &str) -> bool {
    const SMALL: &[&str] = &[
        "the", "a", "an", "of", "and", "for", "on", "in", "to", "report",
    ];
    let significant = |s: &str| -> Vec<String> {
        title_words(s)
            .into_iter()
            .filter(|w| !SMALL.contains(&w.as_str()))
            .collect()
    };
    let (a, b) = (significant(a), significant(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_by_their_significant_words() {
        assert!(same_report(
            "Crime Data Integrity inspection",
            "Crime Data Integrity inspection: Metropolitan Police Service"
        ));
        assert!(same_report(
            "The depths of dishonour: Hidden voices and shameful crimes",
            "the Depths of Dishonour"
        ));
        assert!(!same_report("PEEL 2021", "Crime Data Integrity inspection"));
        assert!(!same_report("The report", "Another report"));
    }

    #[test]
    fn titles_in_sentences() {
        assert_eq!(
            title_in("the report published in December 2015 *The depths of Dishonour*."),
            Some("The depths of Dishonour".into())
        );
        assert_eq!(
            title_in(
                "published on 17 July 2018 as part of the Crime Data Integrity programme of inspections."
            ),
            Some("Crime Data Integrity inspection".into())
        );
        assert_eq!(
            title_in("the Mayor's office and the Commissioner's report"),
            None,
            "apostrophes are not quotes"
        );
    }
}
