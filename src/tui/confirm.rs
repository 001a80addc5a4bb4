//! A yes/no question before something drastic or surprising. It carries what it confirms
//! and where "no" returns to; its key hints come from the binding table.

use super::action::Action;
use super::app::Mode;
use super::effect::{Effect, Outcome};
use crate::domain::ids::ItemId;
use crate::store::Dependent;

/// What a confirmation carries out when answered yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// Delete the item and what goes with it (as shown in the question).
    Delete {
        id: ItemId,
        version: i64,
        dependents: Vec<Dependent>,
    },
    /// Undo a change someone else made (the user's own are undone without asking).
    UndoChange { id: i64 },
    /// Leave the dashboard, losing what is half-typed.
    Quit,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub question: String,
    /// What y and n do, in words ("delete", "keep it").
    pub yes: &'static str,
    pub no: &'static str,
    pub then: Confirmed,
    /// Where "no" returns to (a form whose typing must not be lost).
    pub back: Box<Mode>,
}

impl Confirm {
    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Yes => Outcome::Do(Effect::Confirmed(self.then.clone())),
            Action::No => {
                let said = match self.then {
                    Confirmed::Delete { .. } => "Nothing deleted.",
                    Confirmed::UndoChange { .. } => "Nothing undone.",
                    Confirmed::Quit => "Still here.",
                };
                let back = std::mem::replace(&mut *self.back, Mode::Normal);
                // Back to a form: its own state says enough.
                let message = matches!(back, Mode::Normal).then(|| said.to_string());
                Outcome::Switch(back, message)
            }
            _ => Outcome::Stay,
        }
    }
}
