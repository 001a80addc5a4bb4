//! The sign-off (who wrote the letter: the typed name and role under the valediction, not a
//! signature OCR read as words), the cc lines, and whether the letter is from the office.

use std::sync::LazyLock;

use regex::Regex;

use super::Direction;
use super::text::{self, Layout, Line, Para, re};

pub(super) struct SignOff {
    pub name: Option<String>,
    pub roles: Vec<String>,
    /// "Name, Role, Organisation".
    pub text: Option<String>,
    /// Lines the sign-off took (valediction included), kept out of the body.
    pub used: Vec<usize>,
}

impl SignOff {
    /// The organisation part of the role ("Mayor's Office for Policing and Crime").
    pub fn organisation(&self) -> Option<String> {
        self.roles
            .iter()
            .flat_map(|r| r.split(','))
            .map(str::trim)
            .rfind(|part| is_organisation(&text::fold(part)))
            .map(str::to_string)
    }
}

/// Words of job titles and organisations. Compared with one slip allowed in long words, so
/// "Superindendent" still reads as a rank.
const ROLE_WORDS: &[&str] = &[
    "mayor",
    "deputy",
    "commissioner",
    "officer",
    "director",
    "chief",
    "head",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "secretary",
    "superintendent",
    "inspector",
    "constable",
    "commander",
    "minister",
    "councillor",
    "member",
    "assembly",
    "policing",
    "crime",
    "office",
    "manager",
    "lead",
    "leader",
    "executive",
    "president",
    "coroner",
    "clerk",
    "adviser",
    "advisor",
    "sergeant",
    "detective",
    "assistant",
    "team",
    "unit",
    "service",
    "services",
    "board",
    "committee",
    "council",
    "police",
    "borough",
    "authority",
    "department",
    "directorate",
    "inspectorate",
    "partnership",
    "trust",
    "association",
    "federation",
    "governor",
    "governance",
    "operating",
    "general",
    "private",
    "principal",
    "senior",
    "policy",
    "programme",
    "project",
    "coordinator",
    "co-ordinator",
    "representative",
    "spokesperson",
    "mp",
    "am",
    "qpm",
    "ceo",
    "coo",
    "cfo",
    "bcu",
    "ocu",
    "mps",
];

const ORGANISATION_WORDS: &[&str] = &[
    "office",
    "service",
    "services",
    "council",
    "authority",
    "police",
    "inspectorate",
    "department",
    "directorate",
    "committee",
    "board",
    "assembly",
    "trust",
    "association",
    "federation",
    "unit",
    "team",
    "partnership",
    "constabulary",
    "bcu",
    "ocu",
    "mps",
    "association",
];

fn words(fold: &str) -> impl Iterator<Item = &str> {
    fold.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_end_matches("'s"))
        .filter(|w| !w.is_empty())
}

fn near(word: &str, target: &str) -> bool {
    word == target
        || (target.len() >= 8
            && word.len().abs_diff(target.len()) <= 1
            && edit_distance(word, target) <= 2)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

pub(super) fn is_role(fold: &str) -> bool {
    words(fold).any(|w| ROLE_WORDS.iter().any(|r| near(w, r))) || fold.contains("on behalf of")
}

pub(super) fn is_organisation(fold: &str) -> bool {
    words(fold).any(|w| ORGANISATION_WORDS.contains(&w))
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "rt",
    "hon",
    "right",
    "honourable",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "professor",
    "prof",
    "cllr",
    "rev",
    "revd",
    "pp",
    "p.p",
    "dci",
    "dcs",
    "ds",
    "di",
    "supt",
    "ch",
    "det",
    "insp",
];
const POSTNOMINALS: &[&str] = &[
    "mp", "am", "msp", "ms", "mla", "qpm", "kpm", "obe", "mbe", "cbe", "kbe", "dbe", "jp", "dl",
    "kc", "qc", "phd", "ma", "msc", "ba", "llb",
];

/// A person's name as typed: two to five words, each capitalised (initials allowed), after
/// any title and before any post-nominals. "Expue hunder" (a signature read as words) is not.
pub(super) fn is_name(raw: &str) -> bool {
    let tokens: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let core: Vec<&str> = tokens
        .iter()
        .copied()
        .skip_while(|t| TITLES.contains(&t.to_lowercase().trim_end_matches('.')))
        .filter(|t| !POSTNOMINALS.contains(&t.to_lowercase().trim_end_matches('.')))
        .collect();
    if !(2..=5).contains(&core.len()) || tokens.len() > 9 {
        return false;
    }
    let connectors = [
        "of", "de", "van", "von", "la", "le", "du", "da", "der", "den",
    ];
    core.iter().enumerate().all(|(i, t)| {
        if i > 0 && connectors.contains(t) {
            return true;
        }
        let letters: String = t.chars().filter(|c| *c != '.').collect();
        let initials = !letters.is_empty()
            && letters.chars().count() <= 2
            && letters.chars().all(char::is_uppercase);
        let mut chars = t.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let rest: String = chars.collect();
        let word = first_upper
            && rest.chars().any(char::is_lowercase)
            && rest
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && rest.chars().filter(|c| c.is_uppercase()).count() <= 2;
        initials || word
    })
}

static CC: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:cc|c\.c\.?|copy to|copies to|copied to)(?:[\s.:]|$)"));

fn is_cc(l: &Line) -> bool {
    CC.is_match(&l.fold)
}

/// Reads the sign-off after the valediction: the typed name is the name-like line nearest
/// above the first role line (a signature read by OCR sits above it, or under the role, and
/// is skipped); the roles are the lines from there that read as job titles or organisations.
pub(super) fn read(lines: &[Line], layout: &Layout, warnings: &mut Vec<String>) -> SignOff {
    let mut none = SignOff {
        name: None,
        roles: Vec::new(),
        text: None,
        used: Vec::new(),
    };
    let Some(v) = layout.valediction else {
        warnings.push("no sign-off (Yours sincerely …) found, so no sender".into());
        return none;
    };
    none.used.push(v);
    // Text after the valediction on its own line: "Yours sincerely, Sophie Linden".
    let same_line = after_valediction(&lines[v]);
    let mut window: Vec<(usize, String)> = Vec::new();
    if let Some(rest) = same_line {
        window.push((v, rest));
    }
    for (i, l) in lines.iter().enumerate().skip(v + 1) {
        if l.blank() {
            continue;
        }
        let sentence = l.words() >= 14
            || (l.words() >= 6 && l.fold.ends_with(['.', '?', '!']))
            || (l.words() >= 9 && !is_role(&l.fold));
        if is_cc(l) || text::marker(l).is_some() || sentence || window.len() >= 8 {
            break;
        }
        none.used.push(i);
        if text::is_page_mark(l) || text::is_contact(l) {
            continue;
        }
        window.push((i, l.raw.clone()));
    }
    // The first role line; a name-like line with a role word ("Richard Head") is the name
    // when no name came before it and a line follows it.
    let role_at = (0..window.len()).find(|&i| {
        let raw = &window[i].1;
        let name_first = is_name(raw)
            && i + 1 < window.len()
            && !window[..i]
                .iter()
                .any(|(_, r)| is_name(r) && !is_role(&text::fold(r)));
        is_role(&text::fold(raw)) && !name_first
    });
    let (name, roles) = match role_at {
        Some(r) => {
            let name = window[..r]
                .iter()
                .rev()
                .find(|(_, raw)| is_name(raw))
                .or_else(|| window[..r].last())
                .map(|(_, raw)| strip_pp(raw));
            let roles: Vec<String> = window[r..]
                .iter()
                .take_while(|(_, raw)| {
                    let f = text::fold(raw);
                    is_role(&f) || is_organisation(&f) || text::has_postcode(raw)
                })
                .map(|(_, raw)| raw.trim_end_matches(',').trim().to_string())
                .collect();
            (name, roles)
        }
        None => (
            window
                .iter()
                .rev()
                .find(|(_, raw)| is_name(raw))
                .map(|(_, raw)| strip_pp(raw)),
            Vec::new(),
        ),
    };
    if name.is_none() {
        warnings.push("no sender's name found under the sign-off".into());
    } else if roles.is_empty() {
        warnings.push("no role found under the sender's name".into());
    }
    let mut parts: Vec<String> = name.iter().cloned().collect();
    parts.extend(roles.iter().cloned());
    SignOff {
        text: (!parts.is_empty()).then(|| parts.join(", ")),
        name,
        roles,
        used: none.used,
    }
}

/// A sign-off without a closing phrase: the letter ends with a name (a title and
/// post-nominals allowed) and the role lines under it, or "Name, Role" on one line, apart
/// from the last paragraph. Returns "Name, Role" and the name's line.
pub(super) fn tail(lines: &[Line], from: usize) -> Option<(String, usize)> {
    let mut block: Vec<usize> = Vec::new();
    for i in (from..lines.len()).rev() {
        let l = &lines[i];
        if l.blank() {
            if block.is_empty() {
                continue;
            }
            break;
        }
        if l.words() > 12 || l.fold.ends_with(['.', '?', '!', ':']) || block.len() >= 5 {
            break;
        }
        block.push(i);
    }
    block.reverse();
    // The name is the first line of the block, or "Name, Role" on it.
    let &first = block.first()?;
    let raw = lines[first].raw.trim_end_matches(',').trim();
    let (name, mut roles): (String, Vec<String>) = if is_name(raw) {
        (strip_pp(raw), Vec::new())
    } else {
        let (n, r) = raw.split_once(", ")?;
        if !(is_name(n) && is_role(&text::fold(r))) {
            return None;
        }
        (strip_pp(n), vec![r.trim().to_string()])
    };
    for &i in &block[1..] {
        let f = &lines[i].fold;
        if !(is_role(f) || is_organisation(f)) {
            return None;
        }
        roles.push(lines[i].raw.trim_end_matches(',').trim().to_string());
    }
    let mut parts = vec![name];
    parts.extend(roles);
    Some((parts.join(", "), first))
}

fn after_valediction(l: &Line) -> Option<String> {
    let raw = l.raw.as_str();
    let cut = raw.find([',', '.', '!'])?;
    let rest = raw[cut + 1..].trim();
    (!rest.is_empty() && is_name(rest)).then(|| rest.to_string())
}

fn strip_pp(raw: &str) -> String {
    let t = raw.trim().trim_end_matches(',');
    for p in ["pp ", "p.p. ", "p.p ", "PP ", "P.P. "] {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

pub(super) struct Cc {
    pub text: Option<String>,
    pub used: Vec<usize>,
}

/// "cc: PCC@hmic.gsi.gov.uk", "cc. …", "Copy to: …", with continuation lines.
pub(super) fn cc(lines: &[Line], layout: &Layout) -> Cc {
    let mut parts: Vec<String> = Vec::new();
    let mut used = Vec::new();
    let mut i = layout.body_start;
    while i < lines.len() {
        let l = &lines[i];
        if !is_cc(l) {
            i += 1;
            continue;
        }
        used.push(i);
        let raw = l.raw.as_str();
        let label_end = raw
            .char_indices()
            .find(|(_, c)| !(c.is_alphabetic() || *c == '.' || *c == ' ' || *c == ':'))
            .map_or(raw.len(), |(b, _)| b);
        let label = &raw[..label_end];
        // "cc: Name" — the label ends at the colon or full stop after the label word.
        let start = label
            .find([':', '.'])
            .map(|b| b + 1)
            .unwrap_or_else(|| raw.find(' ').unwrap_or(raw.len()));
        let first = raw[start.min(raw.len())..]
            .trim()
            .trim_start_matches([':', '.'])
            .trim();
        if !first.is_empty() {
            parts.push(first.trim_end_matches([',', ';']).to_string());
        }
        i += 1;
        while i < lines.len() && !lines[i].blank() && !is_cc(&lines[i]) {
            if text::marker(&lines[i]).is_some() || lines[i].words() > 12 {
                break;
            }
            used.push(i);
            parts.push(lines[i].raw.trim_end_matches([',', ';']).to_string());
            i += 1;
        }
    }
    Cc {
        text: (!parts.is_empty()).then(|| parts.join(", ")),
        used,
    }
}

static OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"mayor's office for policing and crime|\bmopac\b|deputy mayor for policing and crime|police and crime commissioner|police, fire and crime commissioner|\bopcc\b|\bmayor of london\b",
    )
});
static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:write|writing|respond|responding|reply|replying)\s+on behalf of (?:the )?(?:deputy mayor|mayor|police and crime commissioner|commissioner for police and crime|pcc)",
    )
});

/// Outgoing when the sender (or the opening, "I write on behalf of the Deputy Mayor…") is the
/// office; incoming otherwise.
pub(super) fn direction(
    sender: Option<&str>,
    _recipient: Option<&str>,
    paras: &[Para],
    _lines: &[Line],
    _layout: &Layout,
) -> Direction {
    let from_office = sender.is_some_and(|s| OFFICE.is_match(&text::fold(s)))
        || paras.iter().take(3).any(|p| ON_BEHALF.is_match(&p.fold));
    if from_office {
        Direction::Outgoing
    } else {
        Direction::Incoming
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_signature_noise() {
        for name in [
            "Sophie Linden",
            "Cressida Dick",
            "Helen Bailey",
            "Dr Jane O'Neill-Smith",
            "J. R. Hartley",
            "Rt Hon Sir Keir Starmer KC MP",
            "Baroness Casey of Blackstock",
            "DCS Amy McDonald",
            "Zoë Ågren",
            "Cllr Amina Rahman",
        ] {
            assert!(is_name(name), "{name}");
        }
        for noise in [
            "Expue hunder",
            "Dave huder",
            "Deputy Mayor for Policing and Crime is here",
            "I",
            "Yours",
            "SOPHIE LINDEN WAS HERE TODAY NOW",
        ] {
            assert!(!is_name(noise), "{noise}");
        }
    }

    #[test]
    fn roles_survive_ocr_slips() {
        assert!(is_role(&text::fold("Detective Chief Superindendent")));
        assert!(is_role(&text::fold("Deputy Mayor for Policing and Crime")));
        assert!(!is_role(&text::fold("Expue hunder")));
        assert_eq!(edit_distance("superindendent", "superintendent"), 1);
    }
}
