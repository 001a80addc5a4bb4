//! The one binding table. Key handling, the footer and the `?` help overlay all read it,
//! so help cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, MeetKey};

/// Where a binding applies: dialogs consume keys before the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Keys that mean the same everywhere (Ctrl-c), looked up after the current scope's.
    Anywhere,
    Normal,
    /// Meeting mode: walking a board's actions.
    Meeting,
    /// The Summary view's charts (the panes below have the dashboard's keys).
    Summary,
    Filter,
    Form,
    Picker,
    Confirm,
    Import,
    Help,
}

impl Scope {
    /// In the order `?` help lists them.
    pub const ALL: [Scope; 10] = [
        Scope::Normal,
        Scope::Summary,
        Scope::Meeting,
        Scope::Filter,
        Scope::Form,
        Scope::Picker,
        Scope::Confirm,
        Scope::Import,
        Scope::Help,
        Scope::Anywhere,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Anywhere => "Anywhere",
            Scope::Meeting => "Meeting mode (walking a board's actions)",
            Scope::Summary => "Summary view: the charts (the items below: as the dashboard)",
            Scope::Normal => "Dashboard",
            Scope::Filter => "Filtering (type words)",
            Scope::Form => "Forms (edit, add, complete, note, chase)",
            Scope::Picker => "Choosing from a list (status, kind of item)",
            Scope::Confirm => "Confirmation",
            Scope::Import => "Importing a letter (type its path)",
            Scope::Help => "This help",
        }
    }

    /// In these scopes printable keys are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Scope::Filter | Scope::Form | Scope::Import)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// How the key is written in the footer and help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    /// The label in the footer, where room is short: Enter is "↵".
    pub fn short_label(&self) -> String {
        match (self.code, self.ctrl) {
            (KeyCode::Enter, false) => "↵".into(),
            _ => self.label(),
        }
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        // Shift is already in the character ('G') or the code (BackTab).
        self.code == ev.code && self.ctrl == ctrl && !alt
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// The word in the footer; empty keeps it out of the footer (help still lists it).
    pub short: &'static str,
    pub help: &'static str,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    short: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        short,
        help,
    }
}

use Scope::*;

pub const BINDINGS: &[Binding] = &[
    b(
        Anywhere,
        &[ctrl('c')],
        Action::Quit,
        "",
        "Quit (asks first when a form holds typing that would be lost)",
    ),
    // The panes.
    b(
        Normal,
        &[k('q')],
        Action::Quit,
        "quit",
        "Quit (Esc first backs out of whatever is open)",
    ),
    b(
        Normal,
        &[code(KeyCode::Esc)],
        Action::Back,
        "",
        "Back out: close the detail, clear the filter",
    ),
    b(Normal, &[k('?')], Action::Help, "help", "Show every key"),
    b(
        Normal,
        &[code(KeyCode::F(1))],
        Action::ShowView(0),
        "",
        "Dashboard: recommendations, replies owed, board actions",
    ),
    b(
        Normal,
        &[code(KeyCode::F(2))],
        Action::ShowView(1),
        "",
        "Reports: each report's response, progress, recommendations",
    ),
    b(
        Normal,
        &[code(KeyCode::F(3))],
        Action::ShowView(2),
        "",
        "Owners: who has what open and overdue; Enter: their items",
    ),
    b(
        Normal,
        &[code(KeyCode::F(4))],
        Action::ShowView(3),
        "",
        "Deadlines: overdue, then the next 8 weeks by week and day",
    ),
    b(
        Normal,
        &[code(KeyCode::F(5))],
        Action::ShowView(4),
        "",
        "Summary: charts by age, owner, report; the trend; replies",
    ),
    b(
        Normal,
        &[k('M')],
        Action::MeetingMode,
        "",
        "Meeting mode: walk a meeting's actions, record outcomes",
    ),
    b(
        Normal,
        &[k('v')],
        Action::NextView,
        "views",
        "The next view (F1 to F5 in turn)",
    ),
    b(
        Normal,
        &[code(KeyCode::Tab)],
        Action::FocusNext,
        "",
        "Focus the next pane",
    ),
    b(
        Normal,
        &[code(KeyCode::BackTab)],
        Action::FocusPrev,
        "",
        "Focus the previous pane",
    ),
    b(
        Normal,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "",
        "Next row",
    ),
    b(
        Normal,
        &[k('k'), code(KeyCode::Up)],
        Action::Up,
        "",
        "Previous row",
    ),
    b(
        Normal,
        &[k('g'), code(KeyCode::Home)],
        Action::Top,
        "",
        "First row",
    ),
    b(
        Normal,
        &[k('G'), code(KeyCode::End)],
        Action::Bottom,
        "",
        "Last row",
    ),
    b(
        Normal,
        &[code(KeyCode::PageDown), ctrl('d')],
        Action::PageDown,
        "",
        "Page down",
    ),
    b(
        Normal,
        &[code(KeyCode::PageUp), ctrl('u')],
        Action::PageUp,
        "",
        "Page up",
    ),
    b(
        Normal,
        &[code(KeyCode::Enter)],
        Action::ToggleDetail,
        "detail",
        "Open or close the detail of the selected item",
    ),
    b(
        Normal,
        &[k('J')],
        Action::DetailDown,
        "",
        "Scroll the detail down",
    ),
    b(
        Normal,
        &[k('K')],
        Action::DetailUp,
        "",
        "Scroll the detail up",
    ),
    b(
        Normal,
        &[k('/')],
        Action::StartFilter,
        "filter",
        "Filter the pane as you type (every word must match)",
    ),
    b(
        Normal,
        &[k('o')],
        Action::ToggleOverdue,
        "overdue",
        "Show only overdue items (again: all open items)",
    ),
    b(
        Normal,
        &[k('f')],
        Action::ToggleFinished,
        "finished",
        "Show finished items too, marked ✓ with the day (again: hide them)",
    ),
    b(
        Normal,
        &[k('S')],
        Action::CycleSort,
        "sort",
        "Sort by due date, by owner, or newest first",
    ),
    b(
        Normal,
        &[k('e')],
        Action::Edit,
        "edit",
        "Edit the selected item's fields in place",
    ),
    b(
        Normal,
        &[k('c')],
        Action::Complete,
        "complete",
        "Mark complete (asks for evidence and the date)",
    ),
    b(
        Normal,
        &[k('s')],
        Action::PickStatus,
        "status",
        "Pick a status from the list",
    ),
    b(
        Normal,
        &[k('n')],
        Action::Note,
        "note",
        "Add a progress note",
    ),
    b(
        Normal,
        &[k('C')],
        Action::Chase,
        "chase",
        "Record a chase (whom, how)",
    ),
    b(
        Normal,
        &[k('a')],
        Action::Add,
        "add",
        "Add a new item to the focused pane",
    ),
    b(
        Normal,
        &[k('A')],
        Action::AddOther,
        "",
        "Add a report, board, meeting or any other item (choose which)",
    ),
    b(
        Normal,
        &[k('i')],
        Action::Import,
        "import",
        "Import a letter from a text file (a path prompt; Tab completes)",
    ),
    b(
        Normal,
        &[k('d')],
        Action::Delete,
        "delete",
        "Delete the selected item (asks first; undo restores it)",
    ),
    b(
        Normal,
        &[k('u')],
        Action::Undo,
        "undo",
        "Undo the last change (yours or the CLI's)",
    ),
    b(
        Normal,
        &[ctrl('r')],
        Action::Redo,
        "",
        "Redo what was undone",
    ),
    b(
        Normal,
        &[ctrl('l')],
        Action::Refresh,
        "",
        "Re-read the database now",
    ),
    // Typing a filter.
    b(
        Filter,
        &[code(KeyCode::Enter)],
        Action::Submit,
        "keep",
        "Keep the filter and go back to the rows",
    ),
    b(
        Filter,
        &[code(KeyCode::Esc)],
        Action::Cancel,
        "clear",
        "Clear the filter",
    ),
    b(
        Filter,
        &[code(KeyCode::Down)],
        Action::Down,
        "",
        "Next row while filtering",
    ),
    b(
        Filter,
        &[code(KeyCode::Up)],
        Action::Up,
        "",
        "Previous row while filtering",
    ),
    // Forms.
    b(
        Form,
        &[code(KeyCode::Enter)],
        Action::Submit,
        "save",
        "Save (only when every field is valid)",
    ),
    b(
        Form,
        &[code(KeyCode::Esc)],
        Action::Cancel,
        "cancel",
        "Cancel: nothing is written",
    ),
    b(
        Form,
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        Action::NextField,
        "next field",
        "Next field",
    ),
    b(
        Form,
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        Action::PrevField,
        "previous",
        "Previous field",
    ),
    // The import path prompt.
    b(
        Import,
        &[code(KeyCode::Enter)],
        Action::Submit,
        "import",
        "Import the letter in this file",
    ),
    b(
        Import,
        &[code(KeyCode::Tab)],
        Action::CompletePath,
        "complete",
        "Complete the file or folder name (again lists the choices)",
    ),
    b(
        Import,
        &[code(KeyCode::Esc)],
        Action::Cancel,
        "cancel",
        "Cancel: nothing is imported",
    ),
    // The Summary view's charts.
    b(
        Summary,
        &[k('l'), code(KeyCode::Right), k('j'), code(KeyCode::Down)],
        Action::Down,
        "",
        "The next bar: its items fill the panes below",
    ),
    b(
        Summary,
        &[k('h'), code(KeyCode::Left), k('k'), code(KeyCode::Up)],
        Action::Up,
        "",
        "The previous bar",
    ),
    b(
        Summary,
        &[code(KeyCode::Tab)],
        Action::FocusNext,
        "next chart",
        "The next chart (age, owners, reports)",
    ),
    b(
        Summary,
        &[code(KeyCode::BackTab)],
        Action::FocusPrev,
        "",
        "The previous chart",
    ),
    b(
        Summary,
        &[code(KeyCode::Enter)],
        Action::ToggleDetail,
        "items",
        "Into the bar's items (Esc comes back to the charts)",
    ),
    b(
        Summary,
        &[k('v')],
        Action::NextView,
        "views",
        "The next view",
    ),
    b(Summary, &[k('q')], Action::Quit, "quit", "Quit"),
    b(Summary, &[k('?')], Action::Help, "help", "Show every key"),
    // Meeting mode.
    b(
        Meeting,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "",
        "The next action",
    ),
    b(
        Meeting,
        &[k('k'), code(KeyCode::Up)],
        Action::Up,
        "",
        "The previous action",
    ),
    b(
        Meeting,
        &[k('d')],
        Action::Meet(MeetKey::Done),
        "done",
        "Done (with the date)",
    ),
    b(
        Meeting,
        &[k('p')],
        Action::Meet(MeetKey::Progress),
        "progress",
        "A progress note",
    ),
    b(
        Meeting,
        &[k('m')],
        Action::Meet(MeetKey::Move),
        "move",
        "A new due date, with its reason",
    ),
    b(
        Meeting,
        &[k('x')],
        Action::Meet(MeetKey::Drop),
        "drop",
        "Dropped, with its reason",
    ),
    b(
        Meeting,
        &[k('o')],
        Action::Meet(MeetKey::Owner),
        "owner",
        "A new owner",
    ),
    b(
        Meeting,
        &[k('a')],
        Action::Meet(MeetKey::Raise),
        "new action",
        "A new action raised at the meeting (due by default at the board's next)",
    ),
    b(
        Meeting,
        &[code(KeyCode::Esc), k('q')],
        Action::Meet(MeetKey::End),
        "end meeting",
        "End the meeting: say what was recorded",
    ),
    b(Meeting, &[k('?')], Action::Help, "help", "Show every key"),
    // Pickers.
    b(
        Picker,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "",
        "Next choice",
    ),
    b(
        Picker,
        &[k('k'), code(KeyCode::Up)],
        Action::Up,
        "",
        "Previous choice",
    ),
    b(
        Picker,
        &[code(KeyCode::Enter)],
        Action::Submit,
        "choose",
        "Choose",
    ),
    b(
        Picker,
        &[code(KeyCode::Esc), k('q')],
        Action::Cancel,
        "cancel",
        "Cancel",
    ),
    // Confirmations.
    b(Confirm, &[k('y')], Action::Yes, "yes", "Yes, do it"),
    b(
        Confirm,
        &[k('n'), code(KeyCode::Esc)],
        Action::No,
        "no",
        "No",
    ),
    // Help.
    b(
        Help,
        &[code(KeyCode::Esc), k('?'), k('q')],
        Action::Back,
        "close",
        "Close the help",
    ),
    b(
        Help,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "",
        "Scroll down",
    ),
    b(
        Help,
        &[k('k'), code(KeyCode::Up)],
        Action::Up,
        "",
        "Scroll up",
    ),
];

/// The action a key means in a scope (or anywhere), if any. A pane's own key (in the pane
/// table) focuses it.
pub fn lookup(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    if let (Scope::Normal, KeyCode::Char(c), KeyModifiers::NONE) = (scope, ev.code, ev.modifiers) {
        if let Some(i) = super::panes::focused_by(c) {
            return Some(Action::Focus(i));
        }
    }
    // The charts of the Summary view take the dashboard's other keys as they are.
    let fallback = if scope == Scope::Summary {
        Scope::Normal
    } else {
        Scope::Anywhere
    };
    [scope, fallback, Scope::Anywhere]
        .into_iter()
        .find_map(|s| {
            BINDINGS
                .iter()
                .filter(|b| b.scope == s)
                .find(|b| b.keys.iter().any(|k| k.matches(ev)))
                .map(|b| b.action)
        })
}

/// "j/↓" for a binding's keys.
pub fn keys_label(b: &Binding) -> String {
    b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
}

/// "n/Esc": the keys bound to `action` in `scope`, for hints drawn beside a dialog.
pub fn keys_for(scope: Scope, action: Action) -> String {
    BINDINGS
        .iter()
        .find(|b| b.scope == scope && b.action == action)
        .map(keys_label)
        .unwrap_or_default()
}

/// How much a key earns its place in a narrow footer (lower first): what a person needs to
/// find their way (help, quit) and to act on the selected item comes before the rest.
fn footer_rank(action: Action) -> u8 {
    match action {
        Action::Help | Action::Quit | Action::Submit | Action::Cancel | Action::Yes => 0,
        Action::Meet(_) => 1,
        Action::No | Action::Back | Action::NextField | Action::CompletePath => 0,
        Action::ToggleDetail | Action::Edit | Action::Complete | Action::Undo => 1,
        Action::StartFilter | Action::PickStatus | Action::Note | Action::Add => 2,
        Action::Chase | Action::Import | Action::Delete => 3,
        _ => 4,
    }
}

/// The footer's (key, word) pairs for a scope that fit in `width` columns (each pair takes
/// its key, its word and three spaces), the most needed first kept, shown in table order.
pub fn footer(scope: Scope, width: usize) -> Vec<(String, &'static str)> {
    let all: Vec<(usize, &Binding)> = BINDINGS
        .iter()
        .filter(|b| b.scope == scope && !b.short.is_empty())
        .enumerate()
        .collect();
    let cost = |b: &Binding| b.keys[0].short_label().chars().count() + b.short.chars().count() + 3;
    let mut by_rank = all.clone();
    by_rank.sort_by_key(|(i, b)| (footer_rank(b.action), *i));
    let mut used = 0;
    let mut kept: Vec<usize> = Vec::new();
    for (i, b) in by_rank {
        if used + cost(b) <= width {
            used += cost(b);
            kept.push(i);
        }
    }
    all.into_iter()
        .filter(|(i, _)| kept.contains(i))
        .map(|(_, b)| (b.keys[0].short_label(), b.short))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn no_key_means_two_things_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.scope == b.scope {
                    for key in a.keys {
                        assert!(
                            !b.keys.contains(key),
                            "{} is bound twice in {:?}",
                            key.label(),
                            a.scope
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_panes_key_is_not_bound_to_anything_else() {
        for pane in super::super::panes::PANES {
            let ev = ev(KeyCode::Char(pane.key), KeyModifiers::NONE);
            assert!(
                BINDINGS
                    .iter()
                    .filter(|b| b.scope == Normal)
                    .all(|b| !b.keys.iter().any(|k| k.matches(&ev))),
                "{} is a pane's key and a binding",
                pane.key
            );
        }
    }

    #[test]
    fn shifted_letters_and_control_keys_are_told_apart() {
        assert_eq!(
            lookup(Normal, &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Normal, &ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Redo)
        );
        assert_eq!(
            lookup(Normal, &ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(Normal, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
    }

    #[test]
    fn the_footer_comes_from_the_table() {
        let f = footer(Normal, 500);
        assert!(f.contains(&("q".to_string(), "quit")));
        assert!(f.contains(&("e".to_string(), "edit")));
        assert!(footer(Form, 500).contains(&("↵".to_string(), "save")));
        // Narrow: what is most needed stays, in table order.
        let narrow = footer(Normal, 60);
        assert!(narrow.contains(&("?".to_string(), "help")));
        assert!(narrow.contains(&("u".to_string(), "undo")));
        assert!(!narrow.contains(&("S".to_string(), "sort")));
        let used: usize = narrow
            .iter()
            .map(|(k, w)| k.chars().count() + w.len() + 3)
            .sum();
        assert!(used <= 60);
    }
}
