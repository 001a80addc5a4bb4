//! The forms of the dashboard (edit in place, add, complete, note, chase): fields typed into
//! with tui-input and checked against the same field specs as the CLI as each key is typed.

use crate::domain::fields::Field;
use chrono::NaiveDate;
use tui_input::Input;

use super::action::Action;
use super::effect::{Effect, Outcome};
use crate::domain::dates;
use crate::domain::fields::{self, FieldError, FieldSpec, FieldType, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{self, Change};
use crate::domain::vocab;

/// What a form does when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Edit {
        id: ItemId,
        version: i64,
    },
    Add {
        kind: Kind,
    },
    /// Mark complete; a letter's open asks may be marked answered with it.
    Complete {
        id: ItemId,
        version: i64,
        open_asks: Vec<ItemId>,
    },
    /// Close with a status that needs a reason (withdrawn, dropped, ...).
    Close {
        id: ItemId,
        version: i64,
        status: &'static str,
    },
    Note {
        about: ItemId,
    },
    Chase {
        about: ItemId,
    },
    /// The import preview: what was read from a file (held by the app until stored), each
    /// field correctable before anything is written.
    ImportPreview,
}

/// What a form field holds: a field of the item, the reason for a change, or whether a
/// letter's open asks are answered by its reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Field(&'static FieldSpec),
    Reason,
    AsksAnswered,
    /// A field of a letter read from a file, not stored yet (the import preview): which
    /// letter of the file, and the field as `import::CORRECTABLE` names it.
    Letter {
        letter: usize,
        field: &'static str,
    },
}

/// What saving a form asks of the store: the app carries it out in one place.
#[derive(Debug, Clone)]
pub enum Request {
    Update {
        id: ItemId,
        version: i64,
        changes: Vec<Change>,
        reason: Option<String>,
    },
    Create {
        kind: Kind,
        changes: Vec<Change>,
    },
    /// Completion of `id`, and the asks its reply answers, as one change.
    Complete {
        id: ItemId,
        version: i64,
        changes: Vec<Change>,
        answered: Vec<ItemId>,
    },
    /// A note or chase about `about`.
    Note {
        about: ItemId,
        chase: bool,
        changes: Vec<Change>,
    },
    /// Store the letters read (the app holds them), with the analyst's corrections.
    Import {
        corrections: Vec<crate::import::Correction>,
    },
    /// Nothing to save (an edit that changed nothing).
    Nothing,
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
    /// How sure a reading is, when it is not ("medium: a heading above the letter, line
    /// 7"): shown while the value is as read.
    pub doubt: Option<String>,
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
            doubt: None,
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
        let spec = match self.slot {
            Slot::Field(spec) => spec,
            Slot::Letter { field, .. } => {
                match letter_value_error(field, typed, today) {
                    Err(e) => self.error = Some(e),
                    Ok(Some(d)) => self.hint = Some(dates::format_long(d)),
                    Ok(None) => {}
                }
                if self.error.is_none() {
                    if !self.changed() {
                        self.hint = self.doubt.clone().or(self.hint.take());
                    } else if self.doubt.is_some() {
                        self.hint = Some(format!(
                            "corrected{}",
                            self.hint
                                .as_ref()
                                .map(|h| format!(": {h}"))
                                .unwrap_or_default()
                        ));
                    }
                }
                return;
            }
            Slot::Reason => {
                if self.required && typed.is_empty() {
                    self.error = Some("required (kept in the history)".into());
                }
                return;
            }
            Slot::AsksAnswered => {
                match yes_or_no(typed) {
                    Some(true) => self.hint = Some("yes: they are marked answered".into()),
                    Some(false) => self.hint = Some("no: they stay open".into()),
                    None => self.error = Some("yes or no".into()),
                }
                return;
            }
        };
        if typed.is_empty() {
            if self.required {
                self.error = Some("required".into());
            } else if let FieldType::Word(v) = spec.ty {
                self.hint = Some(choices(v));
            }
            return;
        }
        // The day something was finished (completed, replied, done) or a note's day: what
        // happened, never after today (the rule the store keeps, said as it is typed).
        let happened = Kind::ALL
            .iter()
            .filter_map(|k| rules::completion_rule(*k).and_then(|c| c.dated_by))
            .chain([Field::NotedOn])
            .any(|f| f == spec.field);
        match spec.parse(typed, today) {
            // Only as typed: a date already stored (from the command line) stays editable.
            Ok(Value::Date(d)) if happened && d > today && self.changed() => {
                self.error = Some(format!(
                    "{} is after today: this records what happened",
                    dates::format_long(d)
                ));
            }
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
            Slot::Reason | Slot::AsksAnswered | Slot::Letter { .. } => {
                Some(Value::Text(self.value().trim().to_string()))
            }
        }
    }
}

/// A letter's field as typed in the import preview: a date field's day, or why the value
/// cannot be used (the rules `import::store_reading` applies).
fn letter_value_error(
    field: &str,
    typed: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    if typed.is_empty() {
        return Ok(None);
    }
    match field {
        "date" | "received_on" | "report.published_on" => dates::parse_date(typed, today)
            .map(Some)
            .map_err(|e| e.to_string()),
        "direction" => match typed.to_ascii_lowercase().as_str() {
            "incoming" | "in" | "outgoing" | "out" => Ok(None),
            _ => Err("incoming (to the office) or outgoing (from it)".into()),
        },
        _ => Ok(None),
    }
}

/// The fields of a letter the import preview shows, as `import::CORRECTABLE` names them.
const LETTER_FIELDS: &[(&str, &str)] = &[
    ("date", "Dated"),
    ("reference", "Reference"),
    ("received_on", "Received"),
    ("sender", "From"),
    ("recipient", "To"),
    ("cc", "Cc"),
    ("subject", "Subject"),
    ("direction", "Direction"),
    ("report.title", "Report"),
    ("report.published_on", "Published"),
];

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

fn yes_or_no(typed: &str) -> Option<bool> {
    match typed.to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
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
    /// A warning was shown (a duplicate ref); Enter again saves anyway.
    pub warned: bool,
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
            warned: false,
        };
        form.validate_all(today);
        form
    }

    /// Edit in place: the fields an analyst changes day to day.
    pub fn edit(item: &Item, today: NaiveDate) -> Form {
        let names = super::panes::forms(item.kind()).map_or(&[][..], |f| f.edit);
        Form::edit_fields(item, names, format!("Edit {}", item.id), today)
    }

    /// Editing just these fields of an item (meeting mode: the due date with its reason;
    /// the owner), under `title`.
    pub fn edit_fields(item: &Item, names: &[Field], title: String, today: NaiveDate) -> Form {
        let mut list: Vec<FormField> = names
            .iter()
            .filter_map(|n| fields::spec(item.kind(), *n).ok())
            .map(|spec| {
                let value = editable_text(spec, item.get(spec.field));
                FormField::new(Slot::Field(spec), spec.label, value, spec.required)
            })
            .collect();
        let dated = names.contains(&Field::DueOn) || names.contains(&Field::Status);
        if dated
            && matches!(
                item.kind(),
                Kind::Recommendation | Kind::Action | Kind::Report
            )
        {
            list.push(FormField::new(Slot::Reason, "Reason", String::new(), false));
        }
        Form::new(
            title,
            Purpose::Edit {
                id: item.id,
                version: item.version,
            },
            list,
            today,
        )
    }

    /// A new item, with the links it needs filled from `like` (the selected item, or the
    /// newest report or board). Owners are asked for: an action nobody owns is not chased.
    pub fn add(kind: Kind, like: Option<&Item>, today: NaiveDate) -> Form {
        let (names, must) =
            super::panes::forms(kind).map_or((&[][..], &[][..]), |f| (f.add, f.add_requires));
        let list = names
            .iter()
            .filter_map(|n| fields::spec(kind, *n).ok())
            .map(|spec| {
                let value = match (spec.ty, like) {
                    (FieldType::Link(target), Some(item)) if item.kind() == target => {
                        item.id.to_string()
                    }
                    (FieldType::Link(_), Some(item)) => editable_text(spec, item.get(spec.field)),
                    _ => String::new(),
                };
                let required = spec.required || must.contains(&spec.field);
                let mut f = FormField::new(Slot::Field(spec), spec.label, value, required);
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

    /// Completion: the date (today unless changed) and, for a recommendation, its evidence;
    /// for a letter with open asks, whether its reply answers them.
    pub fn complete(item: &Item, open_asks: Vec<ItemId>, today: NaiveDate) -> Option<Form> {
        if item.kind() == Kind::Report {
            return Some(Form::respond(item, today));
        }
        // The kinds finished on a day (recommendation, letter, board action) are completed
        // through this form; the others by their status alone.
        let rule = rules::completion_rule(item.kind())?;
        let date_field = rule.dated_by?;
        let mut list = Vec::new();
        if let Some(field) = rule.evidence.filter(|_| rule.evidence_required) {
            let spec = fields::spec(item.kind(), field).ok()?;
            let current = editable_text(spec, item.get(field));
            list.push(FormField::new(Slot::Field(spec), spec.label, current, true));
        }
        let spec = fields::spec(item.kind(), date_field).ok()?;
        let mut date = FormField::new(Slot::Field(spec), spec.label, "today".into(), true);
        date.original = String::new();
        list.push(date);
        if !open_asks.is_empty() {
            let label = format!("Its {} open asks answered?", open_asks.len());
            list.push(FormField::new(
                Slot::AsksAnswered,
                &label,
                "yes".into(),
                true,
            ));
        }
        Some(Form::new(
            format!("Complete {}", item.id),
            Purpose::Complete {
                id: item.id,
                version: item.version,
                open_asks,
            },
            list,
            today,
        ))
    }

    /// Recording a report's response: the letter that answered it (its date says whether
    /// the response met the last day). `i` imports a response letter instead.
    fn respond(item: &Item, today: NaiveDate) -> Form {
        let spec = fields::spec(Kind::Report, Field::ResponseLetterId).expect("reports link it");
        let current = editable_text(spec, item.get(spec.field));
        let letter = FormField::new(Slot::Field(spec), "Response letter", current, true);
        Form::new(
            format!("Response to {}: the letter that answered it", item.id),
            Purpose::Complete {
                id: item.id,
                version: item.version,
                open_asks: Vec::new(),
            },
            vec![letter],
            today,
        )
    }

    /// Closing with a status that needs a reason ("why is REC-3 withdrawn?").
    pub fn close(item: &Item, status: &'static str, today: NaiveDate) -> Form {
        let label = format!("Why {}", vocab::label(status));
        let mut reason = FormField::new(Slot::Reason, &label, String::new(), true);
        reason.original = String::new();
        Form::new(
            format!("Close {} as {}", item.id, vocab::label(status)),
            Purpose::Close {
                id: item.id,
                version: item.version,
                status,
            },
            vec![reason],
            today,
        )
    }

    pub fn note(about: ItemId, today: NaiveDate) -> Form {
        let spec = |n| fields::spec(Kind::Note, n).expect("notes have text and a date");
        let mut list = vec![
            FormField::new(Slot::Field(spec(Field::Text)), "Note", String::new(), true),
            FormField::new(
                Slot::Field(spec(Field::NotedOn)),
                "Date",
                "today".into(),
                true,
            ),
        ];
        for f in &mut list {
            f.original = String::new();
        }
        Form::new(
            format!("Note on {about}"),
            Purpose::Note { about },
            list,
            today,
        )
    }

    pub fn chase(about: &Item, today: NaiveDate) -> Form {
        let spec = |n| fields::spec(Kind::Note, n).expect("notes have chase fields");
        let whom = about.owner().unwrap_or_default().to_string();
        let mut list = vec![
            FormField::new(Slot::Field(spec(Field::Chased)), "Chased whom", whom, true),
            FormField::new(
                Slot::Field(spec(Field::ChaseMethod)),
                "How",
                "email".into(),
                true,
            ),
            FormField::new(
                Slot::Field(spec(Field::NotedOn)),
                "Date",
                "today".into(),
                true,
            ),
            FormField::new(
                Slot::Field(spec(Field::Text)),
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

    /// The import preview: every field read from each letter of the file, weak readings
    /// marked with how they were read; correcting one is typing over it. Nothing is written
    /// until Enter; Esc writes nothing.
    pub fn import_preview(reading: &crate::import::Reading, today: NaiveDate) -> Form {
        use crate::domain::letter_text::{Confidence, Direction};
        let many = reading.letters.len() > 1;
        let mut list = Vec::new();
        let mut notes = Vec::new();
        for (i, read) in reading.letters.iter().enumerate() {
            let l = &read.letter;
            let day = |d: Option<NaiveDate>| d.map(dates::format_date).unwrap_or_default();
            let text = |t: &Option<String>| t.clone().unwrap_or_default();
            for &(field, label) in LETTER_FIELDS {
                let value = match field {
                    "date" => day(l.date),
                    "reference" => text(&l.reference),
                    "received_on" => day(l.received_on),
                    "sender" => text(&l.sender),
                    "recipient" => text(&l.recipient),
                    "cc" => text(&l.cc),
                    "subject" => text(&l.subject),
                    "direction" => match l.direction {
                        Direction::Incoming => "incoming".into(),
                        Direction::Outgoing => "outgoing".into(),
                    },
                    "report.title" => l
                        .report
                        .as_ref()
                        .map(|r| r.title.clone())
                        .unwrap_or_default(),
                    _ => day(l.report.as_ref().and_then(|r| r.published_on)),
                };
                // The sources are keyed by the stored field ("report" for its title).
                let key = match field {
                    "report.title" => "report",
                    other => other,
                };
                let doubt = l.sources.get(key).and_then(|s| {
                    (s.confidence != Confidence::High).then(|| {
                        let at = s.line.map(|n| format!(", line {n}")).unwrap_or_default();
                        format!("? {}: {}{at}", s.confidence.code(), s.how)
                    })
                });
                let label = match (many, &doubt) {
                    (true, Some(_)) => format!("{} {label} ?", i + 1),
                    (true, None) => format!("{} {label}", i + 1),
                    (false, Some(_)) => format!("{label} ?"),
                    (false, None) => label.to_string(),
                };
                let mut f = FormField::new(Slot::Letter { letter: i, field }, &label, value, false);
                f.doubt = doubt;
                list.push(f);
            }
            if let Some((id, by)) = read.duplicate {
                notes.push(format!(
                    "already stored as {id} ({by}): Enter stores nothing new"
                ));
            }
        }
        let name = reading.file.file_name().map_or_else(
            || reading.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let letters = if many {
            format!("{} letters", reading.letters.len())
        } else {
            "a letter".to_string()
        };
        let title = format!("Import {name} ({letters}): check, correct, Enter stores");
        let mut form = Form::new(title, Purpose::ImportPreview, list, today);
        // Said below the fields, where a long message wraps.
        form.error = notes.first().map(|n| format!("Note: {n}."));
        // Start on the first reading in doubt: that is what needs looking at.
        form.focus = form
            .fields
            .iter()
            .position(|f| f.doubt.is_some())
            .unwrap_or(0);
        form
    }

    /// A key for the form: Tab and S-Tab move between fields; Enter asks the app to save
    /// (it checks links against the store first); Esc closes it, writing nothing.
    pub fn update(&mut self, action: Action, _today: NaiveDate) -> Outcome {
        match action {
            Action::NextField => self.next_field(),
            Action::PrevField => self.prev_field(),
            Action::Cancel => {
                return Outcome::Close(Some("Cancelled: nothing was written.".into()));
            }
            Action::Submit => return Outcome::Do(Effect::SubmitForm),
            _ => {}
        }
        Outcome::Stay
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

    /// Checks that span fields: whether the change needs a reason, by the same rule the
    /// store enforces ([`rules::reason_needed`]), shown as soon as it applies.
    pub fn validate_all(&mut self, today: NaiveDate) {
        for f in &mut self.fields {
            f.validate(today);
        }
        let why = match self.purpose {
            Purpose::Edit { id, .. } => {
                // A changed field as (what it was, what it is now), both as values.
                let changed = |field: Field| {
                    self.fields.iter().find_map(|f| match f.slot {
                        // A stored value that does not read (shown as stored) counts as
                        // empty, as the store takes it.
                        Slot::Field(s) if s.field == field && f.changed() => Some((
                            s.parse(&f.original, today).unwrap_or(Value::Null),
                            f.parsed(today)?,
                        )),
                        _ => None,
                    })
                };
                let status = changed(Field::Status);
                rules::reason_needed(&rules::Revision {
                    kind: id.kind,
                    due: changed(Field::DueOn).map(|(was, now)| (was.as_date(), now.as_date())),
                    status: status
                        .as_ref()
                        .map(|(was, now)| (was.as_text(), now.as_text())),
                })
            }
            _ => None,
        };
        if let Some(reason) = self.fields.iter_mut().find(|f| f.slot == Slot::Reason) {
            if let (Some(why), true) = (why, reason.value().trim().is_empty()) {
                reason.error = Some(why.hint());
            }
        }
    }

    pub fn is_valid(&self) -> bool {
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// The field that must still be filled in or put right: the focused one if it must,
    /// else the next (round). Enter goes there rather than saving, so a form is never
    /// saved half-filled.
    pub fn next_to_fill(&self) -> Option<usize> {
        let n = self.fields.len();
        (0..n)
            .map(|step| (self.focus + step) % n)
            .find(|&i| self.fields[i].error.is_some())
    }

    fn value_of(&self, field: Field, today: NaiveDate) -> Option<Value> {
        self.fields.iter().find_map(|f| match f.slot {
            Slot::Field(s) if s.field == field => f.parsed(today),
            _ => None,
        })
    }

    fn text_of(&self, field: Field, today: NaiveDate) -> Option<String> {
        self.value_of(field, today)
            .and_then(|v| v.as_text().map(str::to_string))
    }

    fn reason(&self) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.slot == Slot::Reason && !f.value().trim().is_empty())
            .map(|f| f.value().trim().to_string())
    }

    /// What saving asks of the store (call once the form is valid).
    pub fn request(&self, today: NaiveDate) -> Result<Request, FieldError> {
        let field_changes = |only_changed: bool| -> Vec<Change> {
            self.fields
                .iter()
                .filter(|f| {
                    if only_changed {
                        f.changed()
                    } else {
                        !f.value().trim().is_empty()
                    }
                })
                .filter_map(|f| match f.slot {
                    Slot::Field(spec) => f.parsed(today).map(|v| (spec, v)),
                    _ => None,
                })
                .collect()
        };
        Ok(match self.purpose.clone() {
            Purpose::Edit { id, version } => {
                let changes = field_changes(true);
                if changes.is_empty() {
                    Request::Nothing
                } else {
                    Request::Update {
                        id,
                        version: self.newer_version.unwrap_or(version),
                        changes,
                        reason: self.reason(),
                    }
                }
            }
            Purpose::Add { kind } => Request::Create {
                kind,
                changes: field_changes(false),
            },
            Purpose::Complete {
                id,
                version,
                open_asks,
            } => {
                let evidence = rules::completion_rule(id.kind)
                    .and_then(|rule| rule.evidence)
                    .and_then(|field| self.text_of(field, today));
                let on = self.fields.iter().find_map(|f| match f.parsed(today) {
                    Some(Value::Date(d)) => Some(d),
                    _ => None,
                });
                let answered = self
                    .fields
                    .iter()
                    .find(|f| f.slot == Slot::AsksAnswered)
                    .is_some_and(|f| yes_or_no(f.value().trim()) == Some(true));
                let mut changes = rules::completion(id.kind, evidence.as_deref(), on)?;
                // A report is answered by its response letter.
                if let Some(letter) = self.value_of(Field::ResponseLetterId, today) {
                    changes.push((fields::spec(id.kind, Field::ResponseLetterId)?, letter));
                }
                Request::Complete {
                    id,
                    version: self.newer_version.unwrap_or(version),
                    changes,
                    answered: if answered { open_asks } else { Vec::new() },
                }
            }
            Purpose::Close {
                id,
                version,
                status,
            } => {
                let spec = fields::spec(id.kind, Field::Status)?;
                Request::Update {
                    id,
                    version: self.newer_version.unwrap_or(version),
                    changes: vec![(spec, Value::Text(status.to_string()))],
                    reason: self.reason(),
                }
            }
            Purpose::Note { about } => Request::Note {
                about,
                chase: false,
                changes: rules::note(
                    about,
                    &self.text_of(Field::Text, today).unwrap_or_default(),
                    None,
                    self.value_of(Field::NotedOn, today)
                        .and_then(|v| v.as_date()),
                    today,
                )?,
            },
            Purpose::Chase { about } => {
                let whom = self.text_of(Field::Chased, today).unwrap_or_default();
                let how = self
                    .text_of(Field::ChaseMethod, today)
                    .unwrap_or_else(|| "email".into());
                let text = self
                    .text_of(Field::Text, today)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| format!("Chased {whom} {}", vocab::chase_how(&how)));
                Request::Note {
                    about,
                    chase: true,
                    changes: rules::note(
                        about,
                        &text,
                        Some((&whom, &how)),
                        self.value_of(Field::NotedOn, today)
                            .and_then(|v| v.as_date()),
                        today,
                    )?,
                }
            }
            Purpose::ImportPreview => Request::Import {
                corrections: self
                    .fields
                    .iter()
                    .filter(|f| f.changed())
                    .filter_map(|f| match f.slot {
                        Slot::Letter { letter, field } => Some(crate::import::Correction {
                            letter,
                            field: field.to_string(),
                            value: f.value().trim().to_string(),
                        }),
                        _ => None,
                    })
                    .collect(),
            },
        })
    }

    /// Puts an error the store gave about a field beside that field; else on the form.
    pub fn show_error(&mut self, e: &FieldError) {
        // A missing reason is about the due date or the status, but the reason field is
        // where the fix goes.
        let (slot, said) = match e {
            FieldError::NeedsReason { why, .. } => (
                self.fields.iter_mut().find(|f| f.slot == Slot::Reason),
                why.hint(),
            ),
            _ => (
                self.fields
                    .iter_mut()
                    .find(|f| matches!(f.slot, Slot::Field(spec) if Some(spec.field) == e.field())),
                short_error(&e.to_string(), e.field().map_or("", Field::name)),
            ),
        };
        match slot {
            Some(f) => {
                f.error = Some(said);
                self.focus = self
                    .fields
                    .iter()
                    .position(|g| g.error.is_some())
                    .unwrap_or(0);
            }
            None => self.error = Some(e.to_string()),
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
            .position(|f| matches!(f.slot, Slot::Field(s) if s.field == Field::DueOn))
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

    /// The form asks for a reason exactly when the store would refuse the change without
    /// one (both read `rules::reason_needed`), and the store's refusal lands on the reason.
    #[test]
    fn the_form_asks_for_a_reason_when_the_store_would() {
        use crate::domain::calendar::HolidayCalendar;
        use crate::domain::rules::{Context, Facts};
        let ctx = Context {
            today: today(),
            actor: "analyst".into(),
            settings: Default::default(),
            calendar: HolidayCalendar::new(),
            meeting: None,
        };
        let mut item = Item::blank(Kind::Recommendation);
        let set = |item: &mut Item, f: Field, typed: &str| {
            let spec = fields::spec(item.kind(), f).unwrap();
            item.set(f, spec.parse(typed, today()).unwrap());
        };
        set(&mut item, Field::ReportId, "RPT-1");
        set(&mut item, Field::Text, "Do it");
        item = rules::apply(&item, &[], None, &Facts::default(), &ctx)
            .unwrap()
            .after;
        item.id = ItemId::new(Kind::Recommendation, 3);
        item.version = 1;
        let cases: &[(&str, &str, &str)] = &[
            // (due before, due typed, status typed)
            ("2026-12-01", "2027-01-31", "not started"),
            ("2026-12-01", "1 Dec 2026", "not started"),
            ("", "2027-01-31", "not started"),
            ("2026-12-01", "2026-12-01", "withdrawn"),
            ("2026-12-01", "2026-12-01", "in progress"),
        ];
        for (before, typed, status) in cases {
            let mut item = item.clone();
            set(&mut item, Field::DueOn, before);
            let mut form = Form::edit(&item, today());
            for f in &mut form.fields {
                match f.slot {
                    Slot::Field(s) if s.field == Field::DueOn => {
                        f.input = Input::new(typed.to_string())
                    }
                    Slot::Field(s) if s.field == Field::Status => {
                        f.input = Input::new(status.to_string())
                    }
                    _ => {}
                }
            }
            form.validate_all(today());
            let asked = form
                .fields
                .iter()
                .find(|f| f.slot == Slot::Reason)
                .and_then(|f| f.error.clone());
            let Request::Update { changes, .. } = form.request(today()).unwrap() else {
                assert!(asked.is_none(), "{before} {typed} {status}");
                continue;
            };
            let stored = rules::apply(&item, &changes, None, &Facts::default(), &ctx);
            match stored {
                Err(e) if matches!(e, FieldError::NeedsReason { .. }) => {
                    let FieldError::NeedsReason { why, .. } = &e else {
                        unreachable!()
                    };
                    assert_eq!(asked, Some(why.hint()), "{before} {typed} {status}");
                    let mut shown = form.clone();
                    for f in &mut shown.fields {
                        f.error = None;
                    }
                    shown.show_error(&e);
                    let reason = shown
                        .fields
                        .iter()
                        .find(|f| f.slot == Slot::Reason)
                        .unwrap();
                    assert_eq!(reason.error, Some(why.hint()));
                }
                other => {
                    assert!(other.is_ok(), "{other:?}");
                    assert_eq!(asked, None, "{before} {typed} {status}");
                }
            }
        }
    }
}
