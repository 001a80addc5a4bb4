//! Meeting mode: during a board meeting, walk the board's open actions one at a time and
//! record each one's outcome with a key (done, progress, a new due date with its reason,
//! dropped with its reason, a new owner); add the actions the meeting raises without
//! leaving. Every outcome is an ordinary audited change through the usual forms, so the
//! minutes (`oversight minutes MTG-n`) can be written from the data. Leaving says what was
//! recorded.

use super::action::{Action, MeetKey};
use super::app::{App, Mode};
use super::form::{Form, Slot};
use super::picker::Picker;
use crate::domain::fields::Field;
use crate::domain::history::Touched;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::store::ListQuery;

/// What was recorded for an action in the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Progress,
    Moved,
    Dropped,
    NewOwner,
    /// Raised at this meeting.
    Raised,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Progress => "progress noted",
            Outcome::Moved => "due date moved",
            Outcome::Dropped => "dropped",
            Outcome::NewOwner => "new owner",
            Outcome::Raised => "raised",
        }
    }
}

/// The meeting being held.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub meeting: Item,
    pub board: Item,
    /// The board's actions open when the meeting began, in due order, then those raised.
    pub actions: Vec<ItemId>,
    pub cursor: usize,
    /// Every action of the meeting as it is now (read again after each outcome).
    pub items: Vec<Item>,
    /// The action under the cursor as it is now, and its latest note.
    pub current: Option<Item>,
    pub latest_note: Option<Item>,
    /// What was recorded, in order.
    pub recorded: Vec<(ItemId, Outcome)>,
    /// The outcome the form now open records when it is saved.
    pub pending: Option<(ItemId, Outcome)>,
}

impl Meeting {
    pub fn selected(&self) -> Option<ItemId> {
        self.actions.get(self.cursor).copied()
    }

    /// The outcomes recorded for an action, in order.
    pub fn outcomes(&self, id: ItemId) -> Vec<Outcome> {
        self.recorded
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, o)| *o)
            .collect()
    }
}

/// How far from today a meeting may be to be offered.
const NEAR_DAYS: i64 = 45;

impl App {
    /// `M`: choose the meeting to hold (nearest to today first), or a new one.
    pub(super) fn choose_meeting(&mut self) {
        match self.store.meetings_near(self.ctx.today, NEAR_DAYS) {
            Ok(meetings) => self.mode = Mode::Picker(Picker::meeting(&meetings)),
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    /// Holds `meeting`, or (`None`) opens the form for a new meeting first.
    pub(super) fn hold_meeting(&mut self, meeting: Option<ItemId>) {
        self.mode = Mode::Normal;
        match meeting {
            Some(id) => self.start_meeting(id),
            None => {
                self.meeting_to_add = true;
                self.open_add(Kind::Meeting, None);
            }
        }
    }

    pub(super) fn start_meeting(&mut self, id: ItemId) {
        let today = self.ctx.today;
        let read = (|| {
            let meeting = self.store.get(id)?;
            let board_id = meeting
                .get(Field::BoardId)
                .as_link()
                .ok_or(crate::store::StoreError::NotFound(id))?;
            let board = self.store.get(board_id)?;
            // Every action of the board (a board has a few dozen), each with its trail.
            let q = ListQuery {
                parent: Some(board_id),
                ..ListQuery::default()
            };
            let held = meeting.date(Field::HeldOn);
            let mut walk = Vec::new();
            let mut raised_here = Vec::new();
            let mut recorded = Vec::new();
            for listed in self.store.list(Kind::Action, &q, today)? {
                let action = listed.item;
                let history = self.store.history(action.id)?;
                let here = outcomes_at(&history, id);
                let mut notes_here = 0;
                for note in self.store.notes(action.id)? {
                    let trail = self.store.history(note.id)?;
                    if trail.first().is_some_and(|e| e.meeting == Some(id)) {
                        notes_here += 1;
                    }
                }
                let raised_at = action.get(Field::MeetingId).as_link();
                if raised_at == Some(id) {
                    // Its new actions: listed after the walk, marked raised.
                    raised_here.push(action.id);
                    continue;
                }
                // Raised at a later meeting, or (with no meeting named) entered after this
                // one's day: it did not exist at this meeting.
                let raised_on = match raised_at {
                    Some(m) => self.store.get(m).ok().and_then(|m| m.date(Field::HeldOn)),
                    None => history
                        .first()
                        .and_then(|e| crate::domain::timeline::uk_day(&e.at)),
                };
                let later = matches!((raised_on, held), (Some(r), Some(h)) if r > h);
                // Open now, or already walked here (done or dropped at a first sitting).
                let walked = !here.is_empty() || notes_here > 0;
                if (action.is_finished() || later) && !walked {
                    continue;
                }
                walk.push((action.due_on(), action.id));
                recorded.extend(here.into_iter().map(|o| (action.id, o)));
                recorded.extend((0..notes_here).map(|_| (action.id, Outcome::Progress)));
            }
            // In due order (undated last), whether open or closed since.
            walk.sort_by_key(|(due, id)| (due.is_none(), *due, id.num));
            let actions: Vec<ItemId> = walk
                .iter()
                .map(|(_, id)| *id)
                .chain(raised_here.iter().copied())
                .collect();
            recorded.extend(raised_here.iter().map(|r| (*r, Outcome::Raised)));
            Ok::<_, crate::store::StoreError>((meeting, board, actions, recorded))
        })();
        match read {
            Ok((meeting, board, actions, recorded)) => {
                let n = actions.len();
                // Every change made until the meeting ends is recorded as made at it.
                self.ctx.meeting = Some(meeting.id);
                self.meeting = Some(Meeting {
                    meeting,
                    board,
                    actions,
                    cursor: 0,
                    items: Vec::new(),
                    current: None,
                    latest_note: None,
                    recorded,
                    pending: None,
                });
                self.read_meeting_action();
                let actions = if n == 1 { "action" } else { "actions" };
                self.info(format!(
                    "Meeting mode: {n} open {actions} to walk through; j/k moves between them, \
                     Esc ends the meeting."
                ));
            }
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    /// Reads the meeting's actions afresh (a board has a few dozen at most), the one under
    /// the cursor with its latest note.
    pub(super) fn read_meeting_action(&mut self) {
        let Some(m) = &self.meeting else {
            return;
        };
        let items: Vec<Item> = m
            .actions
            .iter()
            .filter_map(|id| self.store.get(*id).ok())
            .collect();
        let id = m.selected();
        let note = id.and_then(|id| self.store.notes(id).ok().and_then(|n| n.into_iter().last()));
        if let Some(m) = &mut self.meeting {
            m.current = id.and_then(|id| items.iter().find(|i| i.id == id).cloned());
            m.items = items;
            m.latest_note = note;
        }
        self.needs_draw = true;
    }

    /// A key in meeting mode (no dialog open).
    pub(super) fn update_meeting(&mut self, action: Action) {
        let today = self.ctx.today;
        let Some(m) = &mut self.meeting else {
            return;
        };
        self.message = None;
        match action {
            Action::Down => {
                m.cursor = (m.cursor + 1).min(m.actions.len().saturating_sub(1));
                self.read_meeting_action();
            }
            Action::Up => {
                m.cursor = m.cursor.saturating_sub(1);
                self.read_meeting_action();
            }
            Action::Meet(MeetKey::End) => self.end_meeting(),
            Action::Meet(MeetKey::Raise) => {
                let meeting = m.meeting.clone();
                m.pending = Some((meeting.id, Outcome::Raised));
                // The board and meeting come from the meeting; the due date, left empty,
                // is the board's next meeting.
                let mut form = Form::add(Kind::Action, Some(&meeting), today);
                form.title = format!("A new action raised at {}", meeting.id);
                self.mode = Mode::Form(form);
            }
            Action::Meet(key) => {
                let Some(item) = m.current.clone().filter(|i| !i.deleted) else {
                    self.info("No action here: a raises one.");
                    return;
                };
                let (outcome, form) = match key {
                    MeetKey::Done => (Outcome::Done, Form::complete(&item, Vec::new(), today)),
                    MeetKey::Progress => (Outcome::Progress, Some(Form::note(item.id, today))),
                    MeetKey::Move => (
                        Outcome::Moved,
                        Some(Form::edit_fields(
                            &item,
                            &[Field::DueOn],
                            format!("New due date for {}", item.id),
                            today,
                        )),
                    ),
                    MeetKey::Drop => (Outcome::Dropped, Some(Form::close(&item, "dropped", today))),
                    MeetKey::Owner => (
                        Outcome::NewOwner,
                        Some(Form::edit_fields(
                            &item,
                            &[Field::Owner],
                            format!("New owner of {}", item.id),
                            today,
                        )),
                    ),
                    MeetKey::End | MeetKey::Raise => unreachable!("handled above"),
                };
                if let Some(mut form) = form {
                    dated_at_meeting(&mut form, m.meeting.date(Field::HeldOn), today);
                    m.pending = Some((item.id, outcome));
                    self.mode = Mode::Form(form);
                }
            }
            _ => {}
        }
    }

    /// After a form opened in meeting mode is saved: the outcome is recorded and the next
    /// action comes up (a raised action joins the list at its end).
    pub(super) fn meeting_saved(&mut self, added: Option<ItemId>) {
        let Some(m) = &mut self.meeting else {
            return;
        };
        let Some((id, outcome)) = m.pending.take() else {
            return;
        };
        match (outcome, added) {
            (Outcome::Raised, Some(new)) => {
                m.recorded.push((new, Outcome::Raised));
                m.actions.push(new);
            }
            (Outcome::Raised, None) => {}
            _ => {
                m.recorded.push((id, outcome));
                if m.cursor + 1 < m.actions.len() {
                    m.cursor += 1;
                }
            }
        }
        self.read_meeting_action();
    }

    /// Leaves meeting mode, saying what was recorded.
    pub(super) fn end_meeting(&mut self) {
        let Some(m) = self.meeting.take() else {
            return;
        };
        // A scheduled meeting whose day has come, with outcomes recorded, was held: it is
        // marked so (an ordinary change, undone with u like any other), and said.
        let mut held = String::new();
        // As it is now (another window may have moved or cancelled it meanwhile).
        let now = self.store.get(m.meeting.id).ok();
        let due = now
            .as_ref()
            .and_then(|n| n.date(Field::HeldOn))
            .is_some_and(|d| d <= self.ctx.today);
        let scheduled = now.as_ref().and_then(|n| n.status()) == Some("scheduled");
        if let (Some(now), true, true, false) = (&now, due, scheduled, m.recorded.is_empty()) {
            let ctx = self.ctx.clone();
            let status = crate::domain::fields::spec(Kind::Meeting, Field::Status)
                .map(|s| (s, crate::domain::fields::Value::Text("held".into())));
            held = match status
                .map_err(crate::store::StoreError::from)
                .and_then(|change| {
                    self.store
                        .update(now.id, Some(now.version), &[change], None, &ctx)
                }) {
                Ok(_) => format!(" {} is marked held.", now.id),
                Err(e) => format!(" {} could not be marked held: {e}", now.id),
            };
        }
        self.ctx.meeting = None;
        let count = |o: Outcome| m.recorded.iter().filter(|(_, r)| *r == o).count();
        let mut parts = Vec::new();
        for o in [
            Outcome::Done,
            Outcome::Progress,
            Outcome::Moved,
            Outcome::Dropped,
            Outcome::NewOwner,
        ] {
            let n = count(o);
            if n > 0 {
                parts.push(format!("{n} {}", o.word()));
            }
        }
        let raised: Vec<String> = m
            .recorded
            .iter()
            .filter(|(_, o)| *o == Outcome::Raised)
            .map(|(id, _)| id.to_string())
            .collect();
        if !raised.is_empty() {
            parts.push(format!("{} new ({})", raised.len(), raised.join(", ")));
        }
        let walked = m
            .actions
            .iter()
            .filter(|id| m.recorded.iter().any(|(r, _)| r == *id))
            .count();
        let summary = if parts.is_empty() {
            "nothing recorded".to_string()
        } else {
            parts.join(", ")
        };
        self.reload_all();
        // The pointer to the minutes first: on a narrow line the tally is what gets cut.
        self.info(format!(
            "{} ended; `oversight minutes {}` writes its action log. {walked} of {} {}: \
             {summary}.{held}",
            m.meeting.id,
            m.meeting.id,
            m.actions.len(),
            if m.actions.len() == 1 {
                "action"
            } else {
                "actions"
            },
        ));
    }
}

/// Walking a meeting after its day (typing up the notes), what was reported there is dated
/// the meeting's day, not the day it is typed: a form's date starts at the meeting's.
fn dated_at_meeting(form: &mut Form, held_on: Option<chrono::NaiveDate>, today: chrono::NaiveDate) {
    let Some(day) = held_on.filter(|d| *d < today) else {
        return;
    };
    for f in &mut form.fields {
        if matches!(f.slot, Slot::Field(s) if s.ty == crate::domain::fields::FieldType::Date)
            && f.value().trim() == "today"
        {
            f.input = tui_input::Input::new(crate::domain::dates::format_date(day));
            f.validate(today);
        }
    }
}

/// The outcomes an action's trail records at `meeting` (held again: marked as recorded), less
/// those undone since; the change that created it is not an outcome.
fn outcomes_at(history: &[crate::store::HistoryEntry], meeting: ItemId) -> Vec<Outcome> {
    let created = history.first().map(|e| e.changeset);
    let mut found = Vec::new();
    for e in history {
        if e.meeting != Some(meeting) || Some(e.changeset) == created {
            continue;
        }
        // An undo takes back the outcome it reverts (of the same field).
        let undo = e.change == "undo";
        let value = if undo {
            e.old.as_deref()
        } else {
            e.new.as_deref()
        };
        let outcome = match (&e.touched, value) {
            (Touched::Field(Field::Status), Some("done")) => Outcome::Done,
            (Touched::Field(Field::Status), Some("dropped")) => Outcome::Dropped,
            (Touched::Field(Field::DueOn), _) => Outcome::Moved,
            (Touched::Field(Field::Owner), _) => Outcome::NewOwner,
            _ => continue,
        };
        if undo {
            if let Some(i) = found.iter().rposition(|o| *o == outcome) {
                found.remove(i);
            }
        } else {
            found.push(outcome);
        }
    }
    found
}
