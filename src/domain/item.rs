//! One tracked item as the rest of the program sees it: typed ID, version, and its field
//! values in the order of [`fields`](super::fields::fields).

use chrono::NaiveDate;

use super::deadline::{self, Urgency};
use super::fields::{self, Field, FieldSpec, Value};
use super::ids::{ItemId, Kind};
use super::vocab;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    /// Bumped by every change; an edit based on an older version is refused.
    pub version: i64,
    /// Soft-deleted items are kept (undo restores them) but hidden from lists.
    pub deleted: bool,
    /// One value per field of the kind, in declaration order.
    pub values: Vec<Value>,
}

static NULL: Value = Value::Null;

impl Item {
    /// A new, unsaved item: every field empty.
    pub fn blank(kind: Kind) -> Item {
        Item {
            id: ItemId::new(kind, 0),
            version: 0,
            deleted: false,
            values: vec![Value::Null; fields::fields(kind).len()],
        }
    }

    pub fn kind(&self) -> Kind {
        self.id.kind
    }

    pub fn specs(&self) -> &'static [FieldSpec] {
        fields::fields(self.id.kind)
    }

    fn index(&self, field: Field) -> Option<usize> {
        self.specs().iter().position(|f| f.field == field)
    }

    /// The value of a field; `Null` for a field this kind does not have (a board has no
    /// owner), which lets code that reads across kinds ask without matching on the kind.
    pub fn get(&self, field: Field) -> &Value {
        self.index(field).map_or(&NULL, |i| &self.values[i])
    }

    /// Sets a field's value; a field this kind does not have is left alone (the rules'
    /// table test checks that the rules only set fields their kinds have).
    pub fn set(&mut self, field: Field, value: Value) {
        if let Some(i) = self.index(field) {
            self.values[i] = value;
        }
    }

    pub fn text(&self, field: Field) -> Option<&str> {
        self.get(field).as_text()
    }

    pub fn date(&self, field: Field) -> Option<NaiveDate> {
        self.get(field).as_date()
    }

    pub fn status(&self) -> Option<&str> {
        self.text(Field::Status)
    }

    pub fn due_on(&self) -> Option<NaiveDate> {
        self.date(Field::DueOn)
    }

    /// The day it was finished (completed, replied, done), for the kinds that keep one.
    pub fn finished_on(&self) -> Option<NaiveDate> {
        super::rules::completion_rule(self.kind())
            .and_then(|c| c.dated_by)
            .and_then(|field| self.date(field))
    }

    /// Needs no more work: never overdue, not in the dashboard's open panes.
    pub fn is_finished(&self) -> bool {
        match (fields::status_vocab(self.kind()), self.status()) {
            (Some(v), Some(s)) => v.is_finished(s),
            _ => false,
        }
    }

    /// Who must act: the owner, or for a letter without one, who owes the reply: the sender
    /// of an incoming letter, the recipient of an outgoing one (the office awaits the answer).
    pub fn owner(&self) -> Option<&str> {
        self.text(Field::Owner).or_else(|| match self.kind() {
            Kind::Letter if self.text(Field::Direction) == Some("outgoing") => {
                self.text(Field::Recipient)
            }
            Kind::Letter => self.text(Field::Sender),
            Kind::Board => self.text(Field::Chair),
            Kind::Note => self.text(Field::Author),
            _ => None,
        })
    }

    /// The one line that names the item in a row.
    pub fn headline(&self) -> String {
        let main = match self.kind() {
            Kind::Report => self.text(Field::Title),
            Kind::Letter => self.text(Field::Subject),
            Kind::Board => self.text(Field::Name),
            Kind::Meeting => None,
            _ => self.text(Field::Text),
        };
        let prefix = match self.kind() {
            Kind::Recommendation => self.text(Field::Ref).map(str::to_string),
            Kind::Ask => self.get(Field::Number).canonical().map(|n| format!("{n}.")),
            _ => None,
        };
        match (prefix, main) {
            (Some(p), Some(m)) => format!("{p} {m}"),
            (None, Some(m)) => m.to_string(),
            _ => match self.kind() {
                Kind::Meeting => format!(
                    "Meeting on {}",
                    self.get(Field::HeldOn).canonical().unwrap_or_default()
                ),
                _ => String::new(),
            },
        }
    }

    /// Whom the item waits on, in words: its owner; a letter's sender, or "to" the
    /// recipient of one the office sent; a report's inspectorate ("HMICFRS", "Coroner").
    pub fn waits_on(&self) -> String {
        match self.kind() {
            Kind::Letter if self.text(Field::Direction) == Some("outgoing") => {
                format!("to {}", self.text(Field::Recipient).unwrap_or_default())
            }
            Kind::Letter => self.text(Field::Sender).unwrap_or_default().to_string(),
            Kind::Report => {
                let source = self
                    .text(Field::Source)
                    .map(vocab::label)
                    .unwrap_or_default();
                let mut chars = source.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            _ => self.text(Field::Owner).unwrap_or_default().to_string(),
        }
    }

    /// For a report: the response it is owed, by its source's rule ("s55 response").
    pub fn owed_response(&self) -> Option<&'static str> {
        (self.kind() == Kind::Report).then(|| match self.text(Field::Source) {
            Some("hmicfrs") => "s55 response",
            Some("iopc") => "IOPC response",
            Some("coroner") => "Reg 28 response",
            _ => "Response",
        })
    }

    pub fn urgency(&self, today: NaiveDate, due_soon_days: i64) -> Urgency {
        deadline::urgency(self.due_on(), self.is_finished(), today, due_soon_days)
    }

    /// Urgency in words, so it never rests on colour alone: "20d overdue", "due today",
    /// "due in 4d"; empty when on track, undated or finished.
    pub fn due_words(&self, today: NaiveDate, due_soon_days: i64) -> String {
        match (self.urgency(today, due_soon_days), self.due_on()) {
            (Urgency::Overdue, _) => format!("{}d overdue", self.days_overdue(today)),
            (Urgency::DueSoon, Some(due)) => match (due - today).num_days() {
                0 => "due today".into(),
                n => format!("due in {n}d"),
            },
            _ => String::new(),
        }
    }

    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        deadline::days_overdue(self.due_on(), self.is_finished(), today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letters_owner_is_who_owes_the_reply() {
        let mut letter = Item::blank(Kind::Letter);
        letter.set(Field::Sender, Value::Text("Cllr Amina Rahman".into()));
        letter.set(
            Field::Recipient,
            Value::Text("BCU Commander, North West".into()),
        );
        letter.set(Field::Direction, Value::Text("incoming".into()));
        assert_eq!(letter.owner(), Some("Cllr Amina Rahman"));
        letter.set(Field::Direction, Value::Text("outgoing".into()));
        assert_eq!(letter.owner(), Some("BCU Commander, North West"));
        letter.set(Field::Owner, Value::Text("Head of Oversight".into()));
        assert_eq!(letter.owner(), Some("Head of Oversight"), "an owner wins");
    }
}
