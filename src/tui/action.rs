//! Everything a user can ask of the dashboard. Keys and mouse events become actions (through
//! the one binding table in `keymap`); `App::update` carries them out.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Esc: close the innermost thing open (dialog, help, filter, detail).
    Back,
    FocusNext,
    FocusPrev,
    Focus(usize),
    /// Show a view (its place in `View::ALL`): F1–F5.
    ShowView(u8),
    /// The next view: v.
    NextView,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    ToggleDetail,
    DetailDown,
    DetailUp,
    StartFilter,
    ToggleOverdue,
    /// Show finished items too (complete, replied, done…), or hide them again.
    ToggleFinished,
    CycleSort,
    Help,
    /// Choose a meeting and walk its board's actions (meeting mode).
    MeetingMode,
    /// A key of meeting mode.
    Meet(MeetKey),
    Edit,
    Complete,
    PickStatus,
    Note,
    Chase,
    Add,
    /// Add an item of a kind chosen from a list (reports, boards and meetings included).
    AddOther,
    Delete,
    /// Open the path prompt to import a letter.
    Import,
    /// In the path prompt: complete the name typed so far.
    CompletePath,
    Undo,
    Redo,
    Refresh,
    /// In a form: the next or previous field.
    NextField,
    PrevField,
    /// Save a form, choose in a picker, keep the filter.
    Submit,
    /// Leave a form, picker or filter without saving.
    Cancel,
    Yes,
    No,
}

impl Action {
    /// Keys that act on the selected item (edit it, complete it, note it, delete it...):
    /// views whose list is not of items (the Summary's bars, the Owners list) say so.
    pub fn acts_on_item(self) -> bool {
        matches!(
            self,
            Action::Edit
                | Action::Complete
                | Action::PickStatus
                | Action::Note
                | Action::Chase
                | Action::Delete
        )
    }
}

/// What a key records in meeting mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetKey {
    Done,
    Progress,
    Move,
    Drop,
    Owner,
    /// A new action raised at the meeting.
    Raise,
    End,
}
