//! What dialogs ask for, carried out against the store in one place. A dialog (form,
//! picker, confirmation, import prompt) handles its own keys and returns an [`Outcome`]:
//! stay open, switch to another mode, or an [`Effect`] that [`App::carry_out`] performs
//! with the same store calls as the CLI. A refused effect leaves its dialog open with the
//! reason.

use crate::domain::fields::Field;
use chrono::NaiveDate;

use super::app::{App, Mode};
use super::confirm::Confirmed;
use super::form::{Form, Request, Slot, editable_text};
use crate::domain::fields::{self, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{self, Context};
use crate::domain::sanitize::for_terminal;
use crate::domain::vocab;
use crate::import;
use crate::store::{Store, StoreError, dependents};

/// What a dialog asks of the app after a key.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Stay open (the dialog changed itself, or nothing happened).
    Stay,
    /// Close, saying this.
    Close(Option<String>),
    /// Give way to another mode (a form a confirmation returns to), saying this.
    Switch(Mode, Option<String>),
    Do(Effect),
}

/// What a dialog asks to be carried out.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Enter in a form: save it, or go to what is missing.
    SubmitForm,
    /// A status picked for an item.
    Status {
        id: ItemId,
        version: i64,
        word: &'static str,
    },
    /// Open the add form for a kind.
    Add(Kind),
    /// Meeting mode on this meeting (`None`: add one first).
    HoldMeeting(Option<ItemId>),
    Confirmed(Confirmed),
    /// Import the letter at a path (and what was typed, for the next prompt's folder).
    Import {
        path: std::path::PathBuf,
        typed: String,
    },
}

impl App {
    /// Carries out what a dialog asked for.
    pub(super) fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::SubmitForm => self.submit_form(),
            Effect::Status { id, version, word } => self.pick_status(id, version, word),
            Effect::Add(kind) => {
                self.mode = Mode::Normal;
                let like = self.pane().selected().map(|r| r.listed.item.clone());
                self.open_add(kind, like);
            }
            Effect::Confirmed(then) => self.confirmed(then),
            Effect::HoldMeeting(meeting) => self.hold_meeting(meeting),
            Effect::Import { path, typed } => self.import(&path, &typed),
        }
    }

    /// A status chosen in the picker: completing opens the completion form (evidence,
    /// date), closing without the work asks why, anything else is saved at once.
    fn pick_status(&mut self, id: ItemId, version: i64, word: &'static str) {
        let item = match self.store.get(id) {
            Ok(item) => item,
            Err(e) => return self.error(format!("✗ {e}")),
        };
        let today = self.today();
        if item.status() != Some(word) && rules::completion_status(id.kind) == Some(word) {
            self.mode = Mode::Normal;
            return self.open_completion(&item);
        }
        if item.status() != Some(word) && rules::closing_needs_reason(id.kind, word) {
            self.mode = Mode::Form(Form::close(&item, word, today));
            return;
        }
        let ctx = self.ctx.clone();
        let result = fields::spec(id.kind, Field::Status)
            .map_err(StoreError::from)
            .and_then(|spec| {
                let change = vec![(spec, Value::Text(word.to_string()))];
                self.store.update(id, Some(version), &change, None, &ctx)
            });
        match result {
            Ok(_) => {
                self.mode = Mode::Normal;
                self.info(format!("{id} is now {}.", vocab::label(word)));
                self.reload_all();
            }
            // The picker stays open: the reason is shown and nothing was written.
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    /// Carries out what a confirmation was answered yes to.
    fn confirmed(&mut self, then: Confirmed) {
        self.mode = Mode::Normal;
        let ctx = self.ctx.clone();
        match then {
            Confirmed::Delete {
                id,
                version,
                dependents,
            } => match self
                .store
                .delete_confirmed(id, Some(version), &dependents, &ctx)
            {
                Ok(_) => {
                    let with = dependents::went_with(&dependents);
                    self.info(format!("Deleted {id}{with} (u brings it back)."));
                    self.reload_all();
                }
                Err(e) => self.refused(e),
            },
            Confirmed::UndoChange { id } => match self.store.undo_change(id, &ctx) {
                Ok(r) => self.after_revert("Undid", &r.change),
                Err(e) => self.refused(e),
            },
            Confirmed::Quit => self.running = false,
        }
    }

    /// Reads the letter at `path` (the CLI's reading: text, PDF, email) and shows what was
    /// read in the import preview; nothing is written until it is confirmed there. The
    /// prompt stays open with the reason when the file cannot be read.
    fn import(&mut self, path: &std::path::Path, typed: &str) {
        let ctx = self.ctx.clone();
        let read = import::read_file(path, Some(&self.store), &ctx).and_then(|r| {
            if r.letters.is_empty() {
                Err(import::FileError::Decode(
                    crate::domain::letter_text::DecodeError::BadEmail("no letter in it".into()),
                ))
            } else {
                Ok(r)
            }
        });
        match read {
            Ok(reading) => {
                self.import_folder = super::prompt::folder_of(typed);
                self.mode = Mode::Form(Form::import_preview(&reading, ctx.today));
                self.import_reading = Some(reading);
            }
            Err(e) => {
                if let Mode::Import(prompt) = &mut self.mode {
                    prompt.error = Some(e.to_string());
                }
            }
        }
    }

    /// Enter in the import preview: stores the letters read, with what was corrected, as
    /// the CLI's import does (one audited change each; `u` undoes it). The preview stays
    /// open with the reason when it cannot.
    fn store_import(&mut self, mut form: Form, corrections: &[import::Correction]) {
        let Some(reading) = self.import_reading.take() else {
            self.mode = Mode::Normal;
            return self.error("✗ Nothing to import: read the file again (i).");
        };
        let ctx = self.ctx.clone();
        match import::store_reading(&mut self.store, &ctx, &reading, corrections) {
            Ok(stored) => {
                self.mode = Mode::Normal;
                let n = stored.len();
                // Each letter is revealed in turn; the last one stays selected.
                let mut said = Vec::new();
                for (letter, imported) in stored {
                    self.show_import(&letter, imported);
                    said.extend(self.message.as_ref().map(|m| m.text.clone()));
                }
                if n > 1 {
                    self.info(format!("{n} letters: {}", said.join(" · ")));
                }
            }
            Err(e) => {
                // Another import stored the letter meanwhile: show what is there now.
                if matches!(e, import::FileError::Store(StoreError::Changed(_))) {
                    self.reload_all();
                }
                form.error = Some(format!("Nothing was imported: {e}"));
                self.import_reading = Some(reading);
                self.mode = Mode::Form(form);
            }
        }
    }

    /// Enter in a form: goes to the next field still to be filled in or put right, or,
    /// when there is none, saves through the store (keeping the form open with the reason
    /// when it cannot be saved).
    fn submit_form(&mut self) {
        let today = self.today();
        let Mode::Form(mut form) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return;
        };
        form.validate_all(today);
        check_form_links(&self.store, today, &mut form);
        if let Some(next) = form.next_to_fill() {
            // Enter on a wrong value stays and says so; on a right one it moves on to what
            // is still missing (which says why under it).
            form.error = (next == form.focus).then(|| {
                let f = &form.fields[next];
                format!(
                    "Nothing was saved: {}: {}",
                    f.label,
                    f.error.clone().unwrap_or_default()
                )
            });
            form.focus = next;
            self.mode = Mode::Form(form);
            return;
        }
        let request = match form.request(today) {
            Ok(r) => r,
            Err(e) => {
                form.show_error(&e);
                self.mode = Mode::Form(form);
                return;
            }
        };
        if let Request::Import { corrections } = &request {
            return self.store_import(form, corrections);
        }
        if !form.warned {
            if let Some(warning) = self.warning_before(&request) {
                form.warned = true;
                form.error = Some(format!(
                    "{warning}: Enter again saves it anyway, Esc cancels."
                ));
                self.mode = Mode::Form(form);
                return;
            }
        }
        let ctx = self.ctx.clone();
        match save(&mut self.store, &ctx, request) {
            Ok(done) => {
                self.reload_all();
                // In meeting mode the outcome is recorded and the next action comes up; a
                // meeting just added from the meeting picker is held at once.
                if done.changed {
                    self.meeting_saved(done.select);
                } else if let Some(m) = &mut self.meeting {
                    // Nothing was recorded: the action stays where it was, unmarked.
                    m.pending = None;
                }
                if std::mem::take(&mut self.meeting_to_add) {
                    if let Some(id) = done.select.filter(|id| id.kind == Kind::Meeting) {
                        self.info(done.message.clone());
                        return self.start_meeting(id);
                    }
                }
                // A new item is selected, where its pane's order puts it.
                if let Some(id) = done.select {
                    self.reveal(id, false);
                }
                self.info(done.message);
            }
            Err(StoreError::Stale { id, actual, .. }) => {
                let newer = self.store.get(id).ok();
                form.newer_version = Some(actual);
                form.error = Some(stale_message(&form, newer.as_ref()));
                self.mode = Mode::Form(form);
            }
            Err(StoreError::Field(e)) => {
                form.show_error(&e);
                self.mode = Mode::Form(form);
            }
            Err(e) => {
                form.error = Some(e.to_string());
                self.mode = Mode::Form(form);
            }
        }
    }

    /// Something to warn about before saving (not a refusal): a recommendation whose ref
    /// its report already has.
    fn warning_before(&self, request: &Request) -> Option<String> {
        let Request::Create {
            kind: Kind::Recommendation,
            changes,
        } = request
        else {
            return None;
        };
        let value = |field: Field| {
            changes
                .iter()
                .find(|(s, _)| s.field == field)
                .map(|(_, v)| v)
        };
        let report = value(Field::ReportId)?.as_link()?;
        let reference = value(Field::Ref)?.as_text()?;
        let same = self.store.same_ref(report, reference).ok()??;
        Some(format!(
            "{report} already has {same} with ref “{reference}”"
        ))
    }
}

/// Link fields (a report, a board, a meeting) are looked up as they are typed: the
/// item's name is shown, or why it cannot be used; a meeting must be of the board.
pub(super) fn check_form_links(store: &Store, today: NaiveDate, form: &mut Form) {
    let board = form
        .fields
        .iter()
        .find_map(|f| match (f.slot, f.parsed(today)) {
            (Slot::Field(s), Some(Value::Link(id))) if s.field == Field::BoardId => Some(id),
            _ => None,
        });
    for f in &mut form.fields {
        let (Slot::Field(spec), Some(Value::Link(id))) = (f.slot, f.parsed(today)) else {
            continue;
        };
        match store.get(id) {
            Ok(item) if item.deleted => f.error = Some(format!("{id} is deleted")),
            Ok(item) => {
                let of_board = item.get(Field::BoardId).as_link();
                if spec.field == Field::MeetingId && board.is_some() && of_board != board {
                    f.error = Some(format!(
                        "{id} is a meeting of {}, not of {}",
                        of_board.map(|b| b.to_string()).unwrap_or_default(),
                        board.map(|b| b.to_string()).unwrap_or_default()
                    ));
                } else {
                    f.hint = Some(for_terminal(&item.headline(), false).into_owned());
                }
            }
            Err(_) => f.error = Some(format!("{id} does not exist")),
        }
    }
}

/// What a saved form did: the message, and the item to select.
struct Done {
    message: String,
    select: Option<ItemId>,
    /// Something was written (an edit to the values the item already has writes nothing).
    changed: bool,
}

/// Saves what a form asks, through the same store calls as the CLI.
fn save(store: &mut Store, ctx: &Context, request: Request) -> Result<Done, StoreError> {
    let done = |message: String| Done {
        message,
        select: None,
        changed: true,
    };
    let nothing = Done {
        message: "Nothing changed.".into(),
        select: None,
        changed: false,
    };
    match request {
        Request::Nothing => Ok(nothing),
        // Stored by the app, which holds the letters read (see `store_import`).
        Request::Import { .. } => Ok(Done {
            message: "Nothing imported.".into(),
            ..nothing
        }),
        Request::Update {
            id,
            version,
            changes,
            reason,
        } => {
            let before = store.get(id)?;
            let saved = store.update(id, Some(version), &changes, reason.as_deref(), ctx)?;
            if saved.item.version == before.version {
                // The values typed are the ones it has ("17 Dec" for 2026-12-17).
                return Ok(nothing);
            }
            Ok(done(update_message(&before, &saved, reason.is_some())))
        }
        Request::Create { kind, changes } => store.create(kind, &changes, ctx).map(|saved| Done {
            message: saved_message("Added", &saved),
            select: Some(saved.item.id),
            changed: true,
        }),
        Request::Complete {
            id,
            version,
            changes,
            answered,
        } => {
            let saved = store.complete(id, Some(version), &changes, &answered, ctx)?;
            let now = saved.item.status().map(vocab::label).unwrap_or_default();
            let mut m = format!("{id} is now {now}.");
            // A report's response: on time or late, by the letter's date.
            let letter = saved.item.get(Field::ResponseLetterId).as_link();
            if let (Some(due), Some(letter)) = (saved.item.due_on(), letter) {
                if let Some(sent) = store.get(letter).ok().and_then(|l| l.date(Field::DatedOn)) {
                    m = format!(
                        "{id} is now {now}: {letter} dated {}, {}.",
                        crate::domain::dates::format_long(sent),
                        crate::domain::deadline::timeliness(due, sent)
                    );
                }
            }
            match answered.len() {
                0 => {}
                1 => m.push_str(" Its open ask is marked answered."),
                n => m.push_str(&format!(" Its {n} open asks are marked answered.")),
            }
            for w in &saved.warnings {
                m.push_str(&format!(" Note: {w}"));
            }
            Ok(done(m))
        }
        Request::Note {
            about,
            chase,
            changes,
        } => store.create(Kind::Note, &changes, ctx).map(|saved| {
            done(if chase {
                format!("Recorded chase {} of {about}.", saved.item.id)
            } else {
                format!("Added {} to {about}.", saved.item.id)
            })
        }),
    }
}

/// What an edit did, in the history's words: "ACT-4: Due: 3 Dec 2026 → 17 Dec 2026 (reason
/// kept)". The first three fields changed are named; the rest counted.
fn update_message(before: &Item, saved: &crate::store::Saved, reason: bool) -> String {
    use crate::domain::history::{self, Touched};
    let after = &saved.item;
    let changed: Vec<String> = before
        .specs()
        .iter()
        .zip(before.values.iter().zip(&after.values))
        // Kept by the rules (the original due date, set by hand): not what was typed.
        .filter(|(s, (b, a))| b != a && s.edit != fields::Edit::Derived)
        .map(|(s, (b, a))| {
            history::describe(
                after.kind(),
                &Touched::Field(s.field),
                b.canonical().as_deref(),
                a.canonical().as_deref(),
            )
            .phrase(|v| {
                let mut cut: String = v.chars().take(40).collect();
                if v.chars().count() > 40 {
                    cut.push('…');
                }
                cut
            })
        })
        .collect();
    let mut m = format!("Saved {}", after.id);
    if !changed.is_empty() {
        m.push_str(": ");
        m.push_str(
            &changed
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
        );
        if changed.len() > 3 {
            m.push_str(&format!(" and {} more", changed.len() - 3));
        }
    }
    if reason {
        m.push_str(" (reason kept in the history)");
    }
    m.push('.');
    for w in &saved.warnings {
        m.push_str(&format!(" Note: {w}"));
    }
    m
}

fn saved_message(verb: &str, saved: &crate::store::Saved) -> String {
    let mut m = format!("{verb} {}.", saved.item.id);
    for w in &saved.warnings {
        m.push_str(&format!(" Note: {w}"));
    }
    m
}

/// Says what changed underneath, with the newer values, and that the typing is kept.
fn stale_message(form: &Form, newer: Option<&Item>) -> String {
    let Some(newer) = newer else {
        return "The item changed elsewhere and could not be read again; nothing was saved.".into();
    };
    let changes: Vec<String> = form
        .fields
        .iter()
        .filter_map(|f| match f.slot {
            Slot::Field(spec) => {
                let now = editable_text(spec, newer.get(spec.field));
                (now.trim() != f.original.trim()).then(|| {
                    // Dates as the rest of the screen says them ("Thu 7 Jan 2027").
                    let now = match newer.get(spec.field).as_date() {
                        Some(d) => crate::domain::dates::format_long(d),
                        None => now,
                    };
                    let shown: String = now.chars().take(60).collect();
                    format!("{} is now “{shown}”", spec.label)
                })
            }
            Slot::Reason | Slot::AsksAnswered | Slot::Letter { .. } => None,
        })
        .collect();
    let what = if changes.is_empty() {
        "(in fields not in this form)".to_string()
    } else {
        changes.join("; ")
    };
    format!(
        "{} was changed elsewhere since you opened it: {what}. Nothing was saved and your \
         typing is kept: Enter saves yours over it, Esc cancels.",
        newer.id
    )
}
