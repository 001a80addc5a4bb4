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
    pub sort: Sort,
}

impl PaneFilter {
    /// Sets the words from what the user typed: split on spaces, case folded.
    pub fn set_words(&mut self, typed: &str) {
        self.words = typed.split_whitespace().map(str::to_lowercase).collect();
    }

    pub fn is_narrowed(&self) -> bool {
        !self.words.is_empty() || self.overdue_only
    }
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
