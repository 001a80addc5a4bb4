//! Closed vocabularies: statuses, kinds of recommendation, RAG, chase methods.
//!
//! Each word is stored as its snake_case code (checked by the schema too); people may type it
//! with spaces, hyphens or capitals ("Pending sign-off").

/// One closed list of words.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocab {
    /// What the list is, for error messages: "recommendation status".
    pub name: &'static str,
    pub words: &'static [&'static str],
    /// Words that mean the item needs no more work (never overdue).
    pub finished: &'static [&'static str],
}

impl Vocab {
    /// Finds the code for what someone typed: case, spaces and hyphens do not matter.
    pub fn parse(&self, input: &str) -> Option<&'static str> {
        let norm = normalise(input);
        self.words.iter().copied().find(|w| *w == norm)
    }

    pub fn is_finished(&self, code: &str) -> bool {
        self.finished.contains(&code)
    }

    /// The words as people read them, for help and errors.
    pub fn listing(&self) -> String {
        self.words
            .iter()
            .map(|w| label(w))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn normalise(input: &str) -> String {
    let lowered = input.trim().to_lowercase();
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        match c {
            ' ' | '-' | '_' => {
                if !out.ends_with('_') {
                    out.push('_')
                }
            }
            _ => out.push(c),
        }
    }
    // "sign off" and "signoff" are both common; the code is one word.
    out.replace("sign_off", "signoff")
}

/// How a code reads to people: `pending_signoff` -> "pending sign-off".
pub fn label(code: &str) -> String {
    match code {
        "hmicfrs" | "iopc" => code.to_uppercase(),
        "teams" => "Teams".to_string(),
        _ => code.replace("signoff", "sign-off").replace('_', " "),
    }
}

pub const RECOMMENDATION_STATUS: Vocab = Vocab {
    name: "recommendation status",
    words: &[
        "not_started",
        "in_progress",
        "pending_signoff",
        "complete",
        "superseded",
        "not_accepted",
        "withdrawn",
    ],
    finished: &["complete", "superseded", "not_accepted", "withdrawn"],
};

pub const RECOMMENDATION_KIND: Vocab = Vocab {
    name: "kind of recommendation",
    words: &["cause_of_concern", "recommendation", "area_for_improvement"],
    finished: &[],
};

pub const RAG: Vocab = Vocab {
    name: "RAG rating",
    words: &["red", "amber", "green"],
    finished: &[],
};

pub const REPORT_SOURCE: Vocab = Vocab {
    name: "report source",
    words: &["hmicfrs", "iopc", "coroner", "other"],
    finished: &[],
};

pub const REPORT_STATUS: Vocab = Vocab {
    name: "report status",
    words: &["awaiting_response", "responded", "closed"],
    finished: &["responded", "closed"],
};

pub const LETTER_DIRECTION: Vocab = Vocab {
    name: "letter direction",
    words: &["incoming", "outgoing"],
    finished: &[],
};

pub const LETTER_STATUS: Vocab = Vocab {
    name: "letter status",
    words: &["awaiting_reply", "replied", "no_reply_needed"],
    finished: &["replied", "no_reply_needed"],
};

pub const ASK_STATUS: Vocab = Vocab {
    name: "ask status",
    words: &["open", "answered", "declined"],
    finished: &["answered", "declined"],
};

pub const BOARD_STATUS: Vocab = Vocab {
    name: "board status",
    words: &["active", "closed"],
    finished: &["closed"],
};

pub const MEETING_STATUS: Vocab = Vocab {
    name: "meeting status",
    words: &["scheduled", "held", "cancelled"],
    finished: &["held", "cancelled"],
};

pub const ACTION_STATUS: Vocab = Vocab {
    name: "board action status",
    words: &["open", "in_progress", "done", "dropped"],
    finished: &["done", "dropped"],
};

pub const NOTE_KIND: Vocab = Vocab {
    name: "kind of note",
    words: &["note", "chase"],
    finished: &[],
};

pub const CHASE_METHOD: Vocab = Vocab {
    name: "chase method",
    words: &["email", "phone", "letter", "meeting", "teams", "in_person"],
    finished: &[],
};

/// How a chase was made, as it reads after "Chased BCU Commander": "by email", "on Teams",
/// "in person".
pub fn chase_how(code: &str) -> String {
    match code {
        "in_person" => "in person".to_string(),
        "teams" => "on Teams".to_string(),
        other => format!("by {}", label(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_however_typed() {
        let v = &RECOMMENDATION_STATUS;
        assert_eq!(v.parse("Pending sign-off"), Some("pending_signoff"));
        assert_eq!(v.parse("pending_signoff"), Some("pending_signoff"));
        assert_eq!(v.parse("  In Progress "), Some("in_progress"));
        assert_eq!(v.parse("not-started"), Some("not_started"));
        assert_eq!(v.parse("done"), None);
        assert_eq!(label("pending_signoff"), "pending sign-off");
    }

    #[test]
    fn chase_methods_read_as_people_say_them() {
        assert_eq!(CHASE_METHOD.parse("In person"), Some("in_person"));
        assert_eq!(CHASE_METHOD.parse("in-person"), Some("in_person"));
        assert_eq!(CHASE_METHOD.parse("Teams"), Some("teams"));
        assert_eq!(label("in_person"), "in person");
        assert_eq!(chase_how("in_person"), "in person");
        assert_eq!(chase_how("teams"), "on Teams");
        assert_eq!(chase_how("email"), "by email");
    }

    #[test]
    fn finished_words_are_words() {
        for v in [
            &RECOMMENDATION_STATUS,
            &REPORT_STATUS,
            &LETTER_STATUS,
            &ASK_STATUS,
            &BOARD_STATUS,
            &MEETING_STATUS,
            &ACTION_STATUS,
        ] {
            for f in v.finished {
                assert!(v.words.contains(f), "{f} in {}", v.name);
            }
        }
    }
}
