//! Letters as web pages and parliamentary papers publish them: the page's own lines (menus,
//! "Skip to content", breadcrumbs, "Published …", "Print this page", footers) that are not
//! the letter; an introduction that quotes the letter ("His letter states:"); a statement
//! that names its author only in the body ("… Commissioner Jo Bloggs said:"); and a heading
//! that names writer, addressee and date ("Letter from Jo Bloggs, Chair, to …, 3 May 2013").

use std::sync::LazyLock;

use regex::Regex;

use super::text::{Line, re};

/// Whole lines that belong to the page, not the letter.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?:skip to (?:main )?(?:content|menu|navigation)|skip content|text only|",
        r"accessibility(?: options)?|default text size\b.*|print (?:this )?(?:page|document)|",
        r"contents|share(?: this(?: page)?)?|menu|search|home|back to top|cookies?\b.*|",
        r"leave a (?:reply|comment)|post a comment|no comments:?.*|previous page\b.*|",
        r"next page\b.*|related (?:content|links)|download and share|banner image|",
        r"correspondence|corporate report|press release|news story|",
        r"(?:published|updated|last updated|first published)(?: on)?:?\s+\d{1,2}\s+\w+\s+\d{4}|",
        r"published on:?|applies to (?:england|wales|scotland|northern ireland)\b.*|",
        r"this was published under the\b.*|this is the archived version\b.*|",
        r"prepared \d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}|(?:©|copyright)\s.*|\(c\)\s+(?:\d{4}|crown|copyright)\b.*|",
        r"house of commons home page\b.*|get the free pdf reader\b.*|subscribe\b.*|",
        r"you are here:?.*|(?:[\w'’ -]{1,40}\s+(?:>|»|›)\s+){2,}[\w'’ -]+)$"
    ))
});

/// A line that is the page's, not the letter's.
pub(super) fn is_chrome(l: &Line) -> bool {
    !l.blank() && CHROME.is_match(&l.fold)
}

/// An introduction's last line before the letter it quotes: "His letter states:", "The
/// letter reads as follows:", "In full, the letter says:".
static QUOTES_LETTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bletter\b[^.]{0,40}\b(?:states|reads|says|said|follows|is below|in full)\b[^.]{0,20}:$")
});

/// The line that introduces a quoted letter, among the first lines.
pub(super) fn quoted_letter_start(lines: &[Line]) -> Option<usize> {
    lines
        .iter()
        .take(30)
        .position(|l| l.words() <= 12 && QUOTES_LETTER.is_match(&l.fold))
}

/// "… has written to the Chief Constable of Anyshire Police calling on him …": whom.
static WRITTEN_TO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:has|have|had)\s+(?:written|sent a letter|replied)\s+to\s+(?:the\s+)?(?P<who>[A-Z][^,.;:]*?)(?:\s+(?:calling|asking|to|about|regarding|following|after|setting|urging|seeking|requesting|demanding|and)\b|[,.;:]|$)",
    )
});

/// Whom an introduction says the letter was written to.
pub(super) fn written_to(intro: &str) -> Option<String> {
    let c = WRITTEN_TO.captures(intro)?;
    let who = c.name("who")?.as_str().trim();
    (who.split_whitespace().count() <= 12).then(|| who.to_string())
}

const ROLE: &str = r"(?:(?:deputy |acting |interim |assistant )?(?:police,? (?:fire )?and crime commissioner|police and crime commissioner|pcc|pfcc|chief constable|deputy chief constable|commissioner|mayor|deputy mayor(?: for policing and crime)?|home secretary|chair(?:man|woman)?|chief executive|director general|minister(?: for [a-z ]+)?|policing minister))";
const NAME: &str = r"(?P<name>(?:(?:dame|sir|lord|lady|baroness|dr|cllr|councillor|mr|mrs|ms|rt hon)\.?\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})";

/// "Anyshire’s Police and Crime Commissioner Jo Bloggs said:", "PCC Jo Bloggs said",
/// "Commenting on the report, Commissioner Jo Bloggs has commented …": role written before
/// the name, then a verb of saying.
static SAID: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:(?P<role>(?:[A-Z][\w'’]*\s+){{0,3}}?{ROLE}(?:\s+for\s+[A-Z][\w'’ -]*?)?))\s+{NAME}\s*,?\s+(?i:said|says|has said|commented|has commented|added|stated|explained|responded)\b"
    ))
});
/// "The PCC for Anyshire, Jo Bloggs, recognises …": role, name in commas.
static ROLE_COMMA_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:\b(?:the\s+)?(?P<role>{ROLE}(?:\s+for\s+[A-Z][\w'’ -]*?)?)),\s+{NAME},\s+[a-z]"
    ))
});
/// "As the Police and Crime Commissioner for West Mercia, I …": the writer by role only.
static AS_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:\bas\s+(?:the\s+)?)(?P<role>(?i:{ROLE})(?:\s+for\s+[A-Z][\w'’ -]*?)?),\s+I\b"
    ))
});

/// The author of a statement named only in its body: "Name, Role" (or the role alone when
/// the writer names only that), from the first paragraphs.
pub(super) fn named_in_body(paragraphs: &[&str]) -> Option<String> {
    for p in paragraphs.iter().take(12) {
        if let Some(c) = SAID.captures(p) {
            let role = tidy_role(c.name("role")?.as_str());
            return Some(format!("{}, {role}", c.name("name")?.as_str().trim()));
        }
        if let Some(c) = ROLE_COMMA_NAME.captures(p) {
            let role = tidy_role(c.name("role")?.as_str());
            return Some(format!("{}, {role}", c.name("name")?.as_str().trim()));
        }
        if let Some(c) = AS_ROLE.captures(p) {
            return Some(tidy_role(c.name("role")?.as_str()));
        }
    }
    None
}

/// A role as written, without a leading "the" or a lead-in ("Commenting on the report,").
fn tidy_role(role: &str) -> String {
    let role = role.trim().trim_end_matches(',');
    let role = role.rsplit(", ").next().unwrap_or(role);
    let role = role
        .strip_prefix("the ")
        .or_else(|| role.strip_prefix("The "))
        .unwrap_or(role);
    role.trim().to_string()
}

/// "Letter from Jo Bloggs, Deputy Chair, Anyshire Panel, 3 May 2013", "Letter to X, 8 March
/// 2013", "Correspondence submitted by X to Y, 16 January 2009": who wrote, to whom.
static HEADED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:letter|correspondence|e-?mail|memorandum)(?:\s+(?:submitted|sent|written))?\s+(?:(?:from|by)\s+(?:the\s+)?(?P<from>.+?)(?:\s+to\s+(?:the\s+)?(?P<to1>.+?))?|to\s+(?:the\s+)?(?P<to2>.+?)(?:\s+from\s+(?:the\s+)?(?P<from2>.+?))?),\s*(?:dated\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s*$",
    )
});

/// Writer and addressee from a heading that names them (see [`HEADED`]).
pub(super) fn headed(raw: &str) -> Option<(Option<String>, Option<String>)> {
    let c = HEADED.captures(raw)?;
    let clean = |m: Option<regex::Match<'_>>| {
        m.map(|m| m.as_str().trim().trim_end_matches(',').to_string())
            .filter(|s| !s.is_empty())
    };
    let from = clean(c.name("from")).or_else(|| clean(c.name("from2")));
    let to = clean(c.name("to1")).or_else(|| clean(c.name("to2")));
    (from.is_some() || to.is_some()).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_name_their_author_in_the_body() {
        assert_eq!(
            named_in_body(&[
                "Commenting on the report, Anyshire’s Police and Crime Commissioner Jo Bloggs said:"
            ]),
            Some("Jo Bloggs, Anyshire’s Police and Crime Commissioner".into())
        );
        assert_eq!(
            named_in_body(&["The PCC for Anyshire, Jo Bloggs, welcomes the report."]),
            Some("Jo Bloggs, PCC for Anyshire".into())
        );
        assert_eq!(
            named_in_body(&["As the Police and Crime Commissioner for Anyshire, I welcome it."]),
            Some("Police and Crime Commissioner for Anyshire".into())
        );
        assert_eq!(named_in_body(&["The report was published today."]), None);
    }

    #[test]
    fn headings_name_writer_and_addressee() {
        assert_eq!(
            headed("Letter from Jo Bloggs, Chair, Anyshire Panel, 3 May 2013"),
            Some((Some("Jo Bloggs, Chair, Anyshire Panel".into()), None))
        );
        assert_eq!(
            headed(
                "Correspondence submitted by the Anyshire Federation to the Chair of the Committee, 16 January 2009"
            ),
            Some((
                Some("Anyshire Federation".into()),
                Some("Chair of the Committee".into())
            ))
        );
        assert_eq!(headed("Dear Sir"), None);
    }

    #[test]
    fn page_chrome() {
        for l in [
            "Skip to main content",
            "Home > News > Statements",
            "Published 3 March 2020",
            "Leave a Reply",
            "Text Only",
        ] {
            assert!(is_chrome(&Line::folded(l)), "{l}");
        }
        for l in [
            "Dear Chief Constable",
            "Home Secretary",
            "3 March 2020",
            "Published by HMICFRS today",
            "(c) Will ward panels continue?",
        ] {
            assert!(!is_chrome(&Line::folded(l)), "{l}");
        }
    }
}
