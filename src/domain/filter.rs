//! What a dashboard pane shows: which open items, in which order. Pure description; the
//! store turns it into an indexed query.

/// The orders a pane can be sorted in (`S` cycles through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Most overdue first, then soonest due, undated last: the triage order.
    #[default]
    Due,
    /// By owner (a letter's sender when it has no owner), then due date: for chasing.
    Owner,
    /// Newest first: what just arrived.
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Due, Sort::Owner, Sort::Newest];

    pub fn next(self) -> Sort {
        match self {
            Sort::Due => Sort::Owner,
            Sort::Owner => Sort::Newest,
            Sort::Newest => Sort::Due,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Due => "by due date",
            Sort::Owner => "by owner",
            Sort::Newest => "newest first",
        }
    }
}

/// A pane's filter: open items only, optionally overdue only, containing every word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaneFilter {
    /// Lower-cased words that must all appear (in any order) in the item's text, ID,
    /// owner, sender, reference or status.
    pub words: Vec<String>,
    pub overdue_only: bool,
    /// Finished items (complete, replied, done, withdrawn…) are listed too, marked as such.
    pub finished: bool,
    pub sort: Sort,
    /// Only the items this person is to act on (lower-cased): the Owners view's drill-down.
    pub owner: Option<String>,
    /// Only the recommendations of this report (its number): the Reports view's drill-down.
    pub report: Option<i64>,
    /// Only items due on or before this day (overdue ones included): the Deadlines view.
    pub until: Option<chrono::NaiveDate>,
    /// Only items due on or after this day: with `until`, the Summary view's age bars.
    /// [`NO_DUE_DATE`] means the items with no due date (they sort after every day).
    pub from: Option<chrono::NaiveDate>,
}

/// Where an item with no due date sorts among due dates: after every real one.
pub const NO_DUE_DATE: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();

impl PaneFilter {
    /// Sets the words from what the user typed: split on spaces, case folded.
    pub fn set_words(&mut self, typed: &str) {
        self.words = typed.split_whitespace().map(str::to_lowercase).collect();
    }

    pub fn is_narrowed(&self) -> bool {
        !self.words.is_empty() || self.overdue_only
    }

    /// No person, report or band of due dates chosen: the pane holds all its open items.
    pub fn is_whole(&self) -> bool {
        self.owner.is_none() && self.report.is_none() && self.until.is_none() && self.from.is_none()
    }
}

/// Whether `text` holds `word` (already lower-cased) in any letter case: "Émile" holds
/// "émile". ASCII text, nearly all of it, is compared without allocating.
pub fn holds_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    if text.is_ascii() && word.is_ascii() {
        let (text, word) = (text.as_bytes(), word.as_bytes());
        return text
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word));
    }
    text.to_lowercase().contains(word)
}

/// A word as the three-character pieces a trigram index holds, each once. A row that
/// holds the word holds every piece; words shorter than three characters have none.
pub fn trigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut pieces: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_split_and_folded() {
        let mut f = PaneFilter::default();
        f.set_words("  Crime   DATA ");
        assert_eq!(f.words, ["crime", "data"]);
        f.set_words("");
        assert!(f.words.is_empty());
        assert!(!f.is_narrowed());
    }

    #[test]
    fn words_are_found_in_any_case_in_any_script() {
        assert!(holds_word("Review of CUSTODY deaths", "custody"));
        assert!(holds_word("Letter from Émile Zoë", "émile"));
        assert!(holds_word("ÉMILE", "émile"));
        assert!(!holds_word("custod", "custody"));
        assert!(!holds_word("", "a"));
        assert!(holds_word("anything", ""));
        // ASCII text with a non-ASCII word, and the other way round.
        assert!(!holds_word("emile", "émile"));
        assert!(holds_word("Zoë on REC-12", "rec-1"));
    }

    #[test]
    fn trigrams_are_the_pieces_of_three_characters() {
        assert_eq!(trigrams("abcd"), ["abc", "bcd"]);
        assert_eq!(trigrams("aaaa"), ["aaa"]);
        assert_eq!(trigrams("zoë!"), ["oë!", "zoë"]);
        assert!(trigrams("ab").is_empty());
    }

    #[test]
    fn sort_cycles_through_every_order() {
        let mut s = Sort::default();
        let mut seen = vec![];
        for _ in 0..3 {
            seen.push(s);
            s = s.next();
        }
        assert_eq!(seen, Sort::ALL);
        assert_eq!(s, Sort::Due);
    }
}
