//! The panes, described as data in the style of the key bindings: what each lists (its
//! source: one or more parts, each the items of one kind), its title and short name, its
//! columns, what it says when empty, what `a` adds and which key focuses it. The app holds
//! one `Pane` per entry and lays out however many there are; the store keys a pane's cached
//! filter and copied matches by its id. Adding a pane over an existing kind is one entry
//! here (plus, where its rows need one, an index in a migration).
//!
//! The fields the forms offer are per kind (a pane may list several kinds), in [`FORMS`].

use crate::domain::fields::Field;
use crate::domain::ids::Kind;
use crate::store::{Part, Rows, Source};

/// A column of a pane's table (drawn by `ui::pane`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `!` overdue, `~` due soon, `✓` finished.
    Marker,
    Id,
    /// The headline, with `↻N` for chases.
    Text,
    /// Whom the row waits on: an owner; a letter's sender (or "to" its recipient); the
    /// inspectorate of a report whose response is owed.
    Who,
    /// A letter's owner beside its sender, where there is room.
    Owner,
    Due,
    /// Shown from 90 columns.
    Status,
    /// "12d overdue", "due in 4d", "done 3 Nov".
    Urgency,
    /// A report's publication day.
    Published,
    /// A report's response: when sent and whether on time, or outstanding.
    Response,
    /// A report's recommendations: complete of total, overdue, RAG.
    Progress,
    /// The week a deadline falls in, on its first row ("w/c 30 Nov").
    Week,
    /// The day, on its first row, marked when not a working day.
    Day,
}

pub struct PaneSpec {
    pub id: &'static str,
    pub source: Source,
    pub title: &'static str,
    /// In the header's counts.
    pub short: &'static str,
    /// Nothing open here (no filter).
    pub empty: &'static str,
    /// What the pane says on a tracker that holds nothing at all.
    pub first_use: &'static str,
    /// The kind `a` adds.
    pub adds: Kind,
    pub columns: &'static [Column],
    /// The key that focuses it.
    pub key: char,
}

use Column::*;

pub const PANES: &[PaneSpec] = &[
    PaneSpec {
        id: "recommendations",
        source: Source {
            id: "recommendations",
            parts: &[Part {
                kind: Kind::Recommendation,
                rows: Rows::Open,
            }],
        },
        title: "Recommendations",
        short: "Recs",
        empty: "No open recommendations. Press a to add one.",
        first_use: "Nothing tracked yet. Press a to add a recommendation (its report comes \
                    first), A to add a report or a board, i to import a letter (or \
                    `oversight import FILE...`), or try the sample data: `oversight demo`.",
        adds: Kind::Recommendation,
        columns: &[Marker, Id, Text, Who, Due, Status, Urgency],
        key: '1',
    },
    PaneSpec {
        id: "replies",
        source: Source {
            id: "replies",
            parts: &[
                Part {
                    kind: Kind::Letter,
                    rows: Rows::Open,
                },
                Part {
                    kind: Kind::Report,
                    rows: Rows::ResponseOwed,
                },
            ],
        },
        title: "Replies owed",
        short: "Replies",
        empty: "No replies owed: no letter awaits a reply and every published report has its \
                response. Press i to import a letter, a to log one.",
        first_use: "Empty: press i to import a letter, or a to log one.",
        adds: Kind::Letter,
        columns: &[Marker, Id, Text, Who, Owner, Due, Urgency],
        key: '2',
    },
    PaneSpec {
        id: "actions",
        source: Source {
            id: "actions",
            parts: &[Part {
                kind: Kind::Action,
                rows: Rows::Open,
            }],
        },
        title: "Board actions",
        short: "Actions",
        empty: "No open board actions. Press a to add one.",
        first_use: "Empty: press a to add one (A adds a board first).",
        adds: Kind::Action,
        columns: &[Marker, Id, Text, Who, Due, Status, Urgency],
        key: '3',
    },
];

/// The Reports view: every report, its response and its recommendations' progress.
pub const REPORTS: PaneSpec = PaneSpec {
    id: "reports",
    source: Source {
        id: "reports",
        parts: &[Part {
            kind: Kind::Report,
            rows: Rows::Every,
        }],
    },
    title: "Reports",
    short: "Reports",
    empty: "No reports yet. Press a to add one, or i to import a response letter.",
    first_use: "No reports yet. Press a to add one, or i to import a response letter.",
    adds: Kind::Report,
    columns: &[Marker, Id, Text, Who, Published, Due, Response, Progress],
    key: 'R',
};

/// Below the Reports view's list: the selected report's recommendations, in every status.
pub const REPORT_RECOMMENDATIONS: PaneSpec = PaneSpec {
    id: "report-recommendations",
    source: Source {
        id: "report-recommendations",
        parts: &[Part {
            kind: Kind::Recommendation,
            rows: Rows::Open,
        }],
    },
    title: "Its recommendations",
    short: "Recs",
    empty: "This report has no recommendations yet. Press a to add one.",
    first_use: "This report has no recommendations yet. Press a to add one.",
    adds: Kind::Recommendation,
    columns: &[Marker, Id, Text, Who, Due, Status, Urgency],
    key: 'r',
};

/// The Deadlines view: what falls due in the coming weeks across every kind (and what is
/// overdue, above it), grouped by week and day.
pub const DEADLINES: PaneSpec = PaneSpec {
    id: "deadlines",
    source: Source {
        id: "deadlines",
        parts: &[
            Part {
                kind: Kind::Recommendation,
                rows: Rows::Open,
            },
            Part {
                kind: Kind::Letter,
                rows: Rows::Open,
            },
            Part {
                kind: Kind::Report,
                rows: Rows::ResponseOwed,
            },
            Part {
                kind: Kind::Action,
                rows: Rows::Open,
            },
        ],
    },
    title: "Deadlines",
    short: "Due",
    empty: "Nothing is overdue and nothing falls due in the coming weeks.",
    first_use: "Nothing tracked yet: nothing falls due.",
    adds: Kind::Action,
    columns: &[Week, Day, Marker, Id, Text, Who, Urgency],
    key: 'D',
};

/// The fields a form offers for a kind: `a` (add) and `e` (edit), and the ones `a` insists
/// on beyond those the kind requires (an action nobody owns is not chased).
pub struct Forms {
    pub kind: Kind,
    pub add: &'static [Field],
    pub add_requires: &'static [Field],
    pub edit: &'static [Field],
}

pub const FORMS: &[Forms] = &[
    Forms {
        kind: Kind::Recommendation,
        add: &[
            Field::ReportId,
            Field::Ref,
            Field::Kind,
            Field::Text,
            Field::Owner,
            Field::DueOn,
        ],
        add_requires: &[Field::Owner],
        edit: &[
            Field::Ref,
            Field::Text,
            Field::Owner,
            Field::DueOn,
            Field::Status,
            Field::Rag,
            Field::Evidence,
        ],
    },
    Forms {
        kind: Kind::Letter,
        add: &[
            Field::Direction,
            Field::Subject,
            Field::Sender,
            Field::Recipient,
            Field::Reference,
            Field::DatedOn,
            Field::ReceivedOn,
            Field::Owner,
        ],
        add_requires: &[],
        edit: &[
            Field::Subject,
            Field::Sender,
            Field::Reference,
            Field::ReceivedOn,
            Field::Owner,
            Field::DueOn,
            Field::Status,
        ],
    },
    Forms {
        kind: Kind::Action,
        add: &[
            Field::BoardId,
            Field::MeetingId,
            Field::Text,
            Field::Owner,
            Field::DueOn,
        ],
        add_requires: &[Field::Owner],
        edit: &[Field::Text, Field::Owner, Field::DueOn, Field::Status],
    },
    Forms {
        kind: Kind::Report,
        add: &[
            Field::Title,
            Field::Source,
            Field::Force,
            Field::PublishedOn,
            Field::Link,
        ],
        add_requires: &[],
        edit: &[
            Field::Title,
            Field::Source,
            Field::Force,
            Field::PublishedOn,
            Field::DueOn,
            Field::ResponseLetterId,
            Field::Status,
        ],
    },
    Forms {
        kind: Kind::Board,
        add: &[Field::Name, Field::Chair],
        add_requires: &[],
        edit: &[Field::Name, Field::Chair, Field::Status],
    },
    Forms {
        kind: Kind::Meeting,
        add: &[Field::BoardId, Field::HeldOn],
        add_requires: &[],
        edit: &[Field::HeldOn, Field::Status],
    },
];

/// The form fields of a kind (none for asks and notes, which are edited from the CLI).
pub fn forms(kind: Kind) -> Option<&'static Forms> {
    FORMS.iter().find(|f| f.kind == kind)
}

/// The pane a key focuses.
pub fn focused_by(key: char) -> Option<usize> {
    PANES.iter().position(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields;

    #[test]
    fn every_form_field_is_a_field_of_its_kind() {
        for f in FORMS {
            for name in f.add.iter().chain(f.edit).chain(f.add_requires) {
                assert!(fields::spec(f.kind, *name).is_ok(), "{:?} {name}", f.kind);
            }
            for name in f.add_requires {
                assert!(f.add.contains(name), "{name} is required but not offered");
            }
        }
    }

    #[test]
    fn panes_have_distinct_ids_and_keys_and_each_kind_once_a_source() {
        for (i, a) in PANES.iter().enumerate() {
            assert_eq!(a.id, a.source.id);
            assert!(forms(a.adds).is_some());
            for b in &PANES[i + 1..] {
                assert_ne!(a.id, b.id);
                assert_ne!(a.key, b.key);
            }
            for (j, p) in a.source.parts.iter().enumerate() {
                assert!(a.source.parts[j + 1..].iter().all(|q| q.kind != p.kind));
            }
        }
    }
}
