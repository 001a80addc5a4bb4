//! The forms of the dashboard (edit in place, add, complete, note, chase): fields typed into
//! with tui-input and checked against the same field specs as the CLI as each key is typed.

use chrono::NaiveDate;
use tui_input::Input;

use crate::domain::dates;
use crate::domain::fields::{self, FieldSpec, FieldType, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::vocab;

/// What a form does when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Edit { id: ItemId, version: i64 },
    Add { kind: Kind },
    Complete { id: ItemId, version: i64 },
    Note { about: ItemId },
    Chase { about: ItemId },
}

/// What a form field holds: a field of the item, or the reason for a revised due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Field(&'static FieldSpec),
    Reason,
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub slot: Slot,
    pub label: String,
    pub input: Input,
    /// The value the form opened with: only fields that differ are saved.
    pub original: String,
    pub required: bool,
    /// Why the value cannot be saved, shown beside the field.
    pub error: Option<String>,
    /// How the value reads once understood ("Mon 7 Dec 2026" for "+2w").
    pub hint: Option<String>,
}

impl FormField {
    fn new(slot: Slot, label: &str, value: String, required: bool) -> FormField {
        FormField {
            slot,
            label: label.to_string(),
            input: Input::new(value.clone()),
            original: value,
            required,
            error: None,
            hint: None,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn changed(&self) -> bool {
        self.value().trim() != self.original.trim()
    }

    /// Checks the value as typed: sets `error` or `hint`.
    pub fn validate(&mut self, today: NaiveDate) {
        self.error = None;
        self.hint = None;
        let typed = self.value().trim();
        let Slot::Field(spec) = self.slot else {
            return;
        };
        if typed.is_empty() {
            if self.required {
                self.error = Some("required".into());
            } else if let FieldType::Word(v) = spec.ty {
                self.hint = Some(choices(v));
            }
            return;
        }
        match spec.parse(typed, today) {
            Ok(Value::Date(d)) => self.hint = Some(dates::format_long(d)),
            Ok(Value::Text(code)) if matches!(spec.ty, FieldType::Word(_)) => {
                self.hint = Some(vocab::label(&code))
            }
            Ok(_) => {}
            Err(e) => self.error = Some(short_error(&e.to_string(), spec.name)),
        }
    }

    /// The typed value for saving, when valid.
    pub fn parsed(&self, today: NaiveDate) -> Option<Value> {
        match self.slot {
            Slot::Field(spec) => spec.parse(self.value(), today).ok(),
            Slot::Reason => Some(Value::Text(self.value().trim().to_string())),
        }
    }
}

/// "one of: not started, in progress, …"
fn choices(v: &vocab::Vocab) -> String {
    let words: Vec<String> = v.words.iter().map(|w| vocab::label(w)).collect();
    format!("one of: {}", words.join(", "))
}

/// Field errors read "due_on: …"; beside the field the name is already shown.
fn short_error(message: &str, field: &str) -> String {
    message
        .strip_prefix(&format!("{field}: "))
        .unwrap_or(message)
        .to_string()
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub purpose: Purpose,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// A problem with the whole form (the store refused it), shown above the keys.
    pub error: Option<String>,
    /// Set when saving found the item changed underneath: the newer version, which the
    /// next save overwrites knowingly.
    pub newer_version: Option<i64>,
}

impl Form {
    fn new(title: String, purpose: Purpose, fields: Vec<FormField>, today: NaiveDate) -> Form {
        let mut form = Form {
            title,
            purpose,
            fields,
            focus: 0,
            error: None,
            newer_version: None,
        };
        form.validate_all(today);
        form
    }

    /// Edit in place: the fields an analyst changes day to day.
    pub fn edit(item: &Item, today: NaiveDate) -> Form {
        let names: &[&str] = match item.kind() {
            Kind::Recommendation => &[
                "ref", "text", "owner", "due_on", "status", "rag", "evidence",
            ],
            Kind::Letter => &[
                "subject",
                "sender",
                "reference",
                "received_on",
                "owner",
                "due_on",
                "status",
            ],
            Kind::Action => &["text", "owner", "due_on", "status"],
            _ => &[],
        };
        let mut list: Vec<FormField> = names
            .iter()
            .filter_map(|n| fields::field(item.kind(), n).ok())
            .map(|spec| {
                let value = editable_text(spec, item.get(spec.name));
                FormField::new(Slot::Field(spec), spec.label, value, spec.required)
            })
            .collect();
        if matches!(item.kind(), Kind::Recommendation | Kind::Action) {
            list.push(FormField::new(
                Slot::Reason,
                "Why the due date moves",
                String::new(),
                false,
            ));
        }
        Form::new(
            format!("Edit {}", item.id),
            Purpose::Edit {
                id: item.id,
                version: item.version,
            },
            list,
            today,
        )
    }

    /// A new item in a pane, with the links it needs filled from the selected item.
    pub fn add(kind: Kind, like: Option<&Item>, today: NaiveDate) -> Form {
        let names: &[&str] = match kind {
            Kind::Recommendation => &["report_id", "ref", "text", "owner", "due_on"],
            Kind::Letter => &["subject", "sender", "reference", "received_on", "owner"],
            _ => &["board_id", "text", "owner", "due_on"],
        };
        let list = names
            .iter()
            .filter_map(|n| fields::field(kind, n).ok())
            .map(|spec| {
                let value = match (spec.ty, like) {
                    (FieldType::Link(_), Some(item)) => editable_text(spec, item.get(spec.name)),
                    _ => String::new(),
                };
                let mut f = FormField::new(Slot::Field(spec), spec.label, value, spec.required);
                f.original = String::new();
                f
            })
            .collect();
        Form::new(
            format!("Add a {}", kind.singular()),
            Purpose::Add { kind },
            list,
            today,
        )
    }

    /// Completion: the date (today unless changed) and, for a recommendation, its evidence.
    pub fn complete(item: &Item, today: NaiveDate) -> Option<Form> {
        let (date_field, evidence) = match item.kind() {
            Kind::Recommendation => ("completed_on", true),
            Kind::Letter => ("replied_on", false),
            Kind::Action => ("done_on", false),
            _ => return None,
        };
        let mut list = Vec::new();
        if evidence {
            let spec = fields::field(item.kind(), "evidence").ok()?;
            let current = editable_text(spec, item.get("evidence"));
            list.push(FormField::new(Slot::Field(spec), "Evidence", current, true));
        }
        let spec = fields::field(item.kind(), date_field).ok()?;
        let mut date = FormField::new(Slot::Field(spec), spec.label, "today".into(), true);
        date.original = String::new();
        list.push(date);
        Some(Form::new(
            format!("Complete {}", item.id),
            Purpose::Complete {
                id: item.id,
                version: item.version,
            },
            list,
            today,
        ))
    }

    pub fn note(about: ItemId, today: NaiveDate) -> Form {
        let spec = fields::field(Kind::Note, "text").expect("notes have text");
        let f = FormField::new(Slot::Field(spec), "Note", String::new(), true);
        Form::new(
            format!("Note on {about}"),
            Purpose::Note { about },
            vec![f],
            today,
        )
    }

    pub fn chase(about: &Item, today: NaiveDate) -> Form {
        let spec = |n| fields::field(Kind::Note, n).expect("notes have chase fields");
        let whom = about.owner().unwrap_or_default().to_string();
        let mut list = vec![
            FormField::new(Slot::Field(spec("chased")), "Chased whom", whom, true),
            FormField::new(
                Slot::Field(spec("chase_method")),
                "How",
                "email".into(),
                true,
            ),
            FormField::new(
                Slot::Field(spec("text")),
                "Note (optional)",
                String::new(),
                false,
            ),
        ];
        for f in &mut list {
            f.original = String::new();
        }
        Form::new(
            format!("Chase {}", about.id),
            Purpose::Chase { about: about.id },
            list,
            today,
        )
    }

    pub fn focused(&mut self) -> &mut FormField {
        &mut self.fields[self.focus]
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev_field(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Checks that span fields: moving a due date that was set needs a reason (the rule
    /// the store enforces, shown as soon as it applies).
    pub fn validate_all(&mut self, today: NaiveDate) {
        for f in &mut self.fields {
            f.validate(today);
        }
        let due_moved = self.fields.iter().any(|f| {
            matches!(f.slot, Slot::Field(s) if s.name == "due_on")
                && !f.original.trim().is_empty()
                && f.changed()
        });
        if let Some(reason) = self.fields.iter_mut().find(|f| f.slot == Slot::Reason) {
            if due_moved && reason.value().trim().is_empty() {
                reason.error =
                    Some("required when the due date moves (kept in the history)".into());
            }
        }
    }

    pub fn is_valid(&self) -> bool {
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// Puts an error the store gave about a field beside that field; else on the form.
    pub fn show_error(&mut self, field: Option<&str>, message: String) {
        // The store names the due date when a reason is missing; the reason field is where
        // the fix goes.
        let field = match field {
            Some("due_on") if message.contains("reason") => Some("reason"),
            other => other,
        };
        let slot = self.fields.iter_mut().find(|f| match (f.slot, field) {
            (Slot::Field(spec), Some(name)) => spec.name == name,
            (Slot::Reason, Some("reason")) => true,
            _ => false,
        });
        match slot {
            Some(f) => {
                f.error = Some(short_error(&message, field.unwrap_or_default()));
                self.focus = self
                    .fields
                    .iter()
                    .position(|g| g.error.is_some())
                    .unwrap_or(0);
            }
            None => self.error = Some(message),
        }
    }
}

/// A stored value as it is typed back: words as words ("in progress"), dates as ISO.
pub fn editable_text(spec: &FieldSpec, value: &Value) -> String {
    match spec.ty {
        FieldType::Word(_) => spec.display(value),
        _ => value.canonical().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_date_field_reads_every_form_and_says_what_it_understood() {
        let mut form = Form::add(Kind::Action, None, today());
        let due = form
            .fields
            .iter()
            .position(|f| matches!(f.slot, Slot::Field(s) if s.name == "due_on"))
            .unwrap();
        let f = &mut form.fields[due];
        for (typed, reads) in [
            ("+2w", "Mon 7 Dec 2026"),
            ("30/06/2027", "Wed 30 Jun 2027"),
            ("28 Mar 2027", "Sun 28 Mar 2027"),
        ] {
            f.input = Input::new(typed.into());
            f.validate(today());
            assert_eq!(f.hint.as_deref(), Some(reads), "{typed}");
            assert!(f.error.is_none());
        }
        f.input = Input::new("31/02/2027".into());
        f.validate(today());
        assert!(f.error.is_some());
    }

    #[test]
    fn required_fields_start_invalid_and_statuses_list_their_choices() {
        let form = Form::add(Kind::Recommendation, None, today());
        assert!(!form.is_valid());
        let text = form.fields.iter().find(|f| f.label == "Text").unwrap();
        assert_eq!(text.error.as_deref(), Some("required"));
    }
}
