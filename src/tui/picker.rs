//! Choosing one of a closed list: a status of the selected item, or the kind of item to
//! add. The picker handles its own keys and says what it chose; the app carries it out.

use super::action::Action;
use super::effect::{Effect, Outcome};
use crate::domain::fields;
use crate::domain::fields::Field;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::vocab;

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// A status of this item, from its closed list.
    Status { id: ItemId, version: i64 },
    /// The kind of item to add (reports, boards and meetings have no pane of their own).
    NewItem,
    /// The meeting to hold in meeting mode, one a choice (`None`: a new one).
    Meeting { options: Vec<Option<ItemId>> },
}

/// Choosing one of a closed list.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub purpose: PickFor,
    /// Codes (a status word, a kind's plural), each with how it reads.
    pub choices: Vec<(&'static str, String)>,
    pub cursor: usize,
}

/// The kinds `A` offers to add, in the order an empty tracker needs them.
const NEW_KINDS: [Kind; 6] = [
    Kind::Report,
    Kind::Recommendation,
    Kind::Letter,
    Kind::Board,
    Kind::Meeting,
    Kind::Action,
];

impl Picker {
    /// The statuses of `item`'s kind, the current one chosen; `None` for a kind without.
    pub fn status(item: &Item) -> Option<Picker> {
        let v = fields::status_vocab(item.kind())?;
        Some(Picker {
            title: format!("Status of {}", item.id),
            purpose: PickFor::Status {
                id: item.id,
                version: item.version,
            },
            choices: v.words.iter().map(|w| (*w, vocab::label(w))).collect(),
            cursor: v
                .words
                .iter()
                .position(|w| Some(*w) == item.status())
                .unwrap_or(0),
        })
    }

    /// The kinds of item that can be added, `current` chosen.
    pub fn new_item(current: Kind) -> Picker {
        Picker {
            title: "Add a…".into(),
            purpose: PickFor::NewItem,
            choices: NEW_KINDS
                .iter()
                .map(|k| (k.plural(), k.singular().to_string()))
                .collect(),
            cursor: NEW_KINDS.iter().position(|k| *k == current).unwrap_or(0),
        }
    }

    /// Meetings to hold (nearest to today first), then "a new meeting".
    pub fn meeting(meetings: &[(Item, String)]) -> Picker {
        let mut choices: Vec<(&'static str, String)> = meetings
            .iter()
            .map(|(m, board)| {
                let day = m
                    .date(Field::HeldOn)
                    .map(crate::domain::dates::format_long)
                    .unwrap_or_default();
                ("", format!("{} {day} · {board}", m.id))
            })
            .collect();
        choices.push(("", "A new meeting…".into()));
        let mut options: Vec<Option<ItemId>> = meetings.iter().map(|(m, _)| Some(m.id)).collect();
        options.push(None);
        Picker {
            title: "Hold which meeting?".into(),
            purpose: PickFor::Meeting { options },
            choices,
            cursor: 0,
        }
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.choices.len().saturating_sub(1))
            }
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Cancel => return Outcome::Close(None),
            Action::Submit => {
                let Some(&(code, _)) = self.choices.get(self.cursor) else {
                    return Outcome::Stay;
                };
                return match &self.purpose {
                    PickFor::Meeting { options } => {
                        Outcome::Do(Effect::HoldMeeting(options[self.cursor]))
                    }
                    PickFor::NewItem => match Kind::parse(code) {
                        Some(kind) => Outcome::Do(Effect::Add(kind)),
                        None => Outcome::Stay,
                    },
                    PickFor::Status { id, version } => Outcome::Do(Effect::Status {
                        id: *id,
                        version: *version,
                        word: code,
                    }),
                };
            }
            _ => {}
        }
        Outcome::Stay
    }
}
