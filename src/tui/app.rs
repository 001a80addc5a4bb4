//! The dashboard's state and its one `update`: keys and mouse events become actions, actions
//! change the state and call the same store methods as the CLI. All reading from the
//! database happens here, never while drawing.

use std::path::PathBuf;

use chrono::NaiveDate;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::detail::Detail;
use super::form::{Form, Request, Slot, editable_text};
use super::keymap::{self, Scope};
use super::layout::{self, Screen};
use super::pane::Pane;
use super::prompt::PathPrompt;
use crate::domain::fields::{self, FieldError, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{self, Context};
use crate::domain::sanitize::for_terminal;
use crate::domain::vocab;
use crate::import::{self, Imported};
use crate::store::{ChangeInfo, Dependent, Store, StoreError, Whose, dependents};

/// The panes, in the order of their number keys.
pub const PANE_KINDS: [Kind; 3] = [Kind::Recommendation, Kind::Letter, Kind::Action];

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// A status of this item, from its closed list.
    Status { id: ItemId, version: i64 },
    /// The kind of item to add (reports, boards and meetings have no pane of their own).
    NewItem,
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

/// What a confirmation carries out when answered yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
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

/// A yes/no question before something drastic or surprising.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub question: String,
    /// What y and n do, in words ("delete", "keep it").
    pub yes: &'static str,
    pub no: &'static str,
    pub effect: Effect,
    /// Where "no" returns to (a form whose typing must not be lost).
    pub back: Box<Mode>,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Filter(Input),
    Help { scroll: u16 },
    Form(Form),
    Picker(Picker),
    Confirm(Confirm),
    Import(PathPrompt),
}

impl Mode {
    pub fn scope(&self) -> Scope {
        match self {
            Mode::Normal => Scope::Normal,
            Mode::Filter(_) => Scope::Filter,
            Mode::Help { .. } => Scope::Help,
            Mode::Form(_) => Scope::Form,
            Mode::Picker(_) => Scope::Picker,
            Mode::Confirm(_) => Scope::Confirm,
            Mode::Import(_) => Scope::Import,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub ctx: Context,
    /// The database as the header names it.
    pub db_label: String,
    pub panes: [Pane; 3],
    pub focus: usize,
    pub mode: Mode,
    pub detail_open: bool,
    pub detail: Option<Detail>,
    pub detail_scroll: u16,
    /// How far the detail can scroll, as its last drawing found (set while drawing, which
    /// alone knows how its text wraps).
    pub detail_scroll_max: std::cell::Cell<u16>,
    /// An item shown in the detail though no pane lists it (an imported letter that needs
    /// no reply), until the selection moves.
    pub detail_pinned: Option<ItemId>,
    pub message: Option<Message>,
    /// The database holds no items at all: the empty state explains how to start.
    pub empty_database: bool,
    pub area: Rect,
    pub running: bool,
    /// How long typing in the filter must pause before the pane is re-read (zero: at once).
    /// The dashboard waits a moment, so fast typing on a big database stays fluid.
    pub filter_delay: Duration,
    pending_filter: Option<(String, Instant)>,
    seen_data_version: i64,
    /// Where relative paths typed in the import prompt start.
    pub cwd: PathBuf,
    /// The folder of the last path imported from: the next prompt starts there.
    import_folder: String,
    /// "Today" follows the clock (it was not fixed with --today): it moves on at midnight.
    pub follow_clock: bool,
}

impl App {
    pub fn new(store: Store, ctx: Context, db_label: String, area: Rect) -> anyhow::Result<App> {
        let seen_data_version = store.data_version()?;
        let mut app = App {
            store,
            ctx,
            db_label,
            panes: PANE_KINDS.map(Pane::new),
            focus: 0,
            mode: Mode::Normal,
            detail_open: false,
            detail: None,
            detail_scroll: 0,
            detail_scroll_max: std::cell::Cell::new(u16::MAX),
            detail_pinned: None,
            message: None,
            empty_database: false,
            area,
            running: true,
            filter_delay: Duration::ZERO,
            pending_filter: None,
            seen_data_version,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            import_folder: String::new(),
            follow_clock: false,
        };
        app.apply_layout();
        app.reload_all();
        Ok(app)
    }

    pub fn screen(&self) -> Screen {
        layout::screen(self.area, self.focus, self.detail_open)
    }

    pub fn pane(&self) -> &Pane {
        &self.panes[self.focus]
    }

    pub fn selected_id(&self) -> Option<ItemId> {
        self.pane().selected_id()
    }

    fn today(&self) -> chrono::NaiveDate {
        self.ctx.today
    }

    fn soon(&self) -> i64 {
        self.ctx.settings.due_soon_days
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Runs a store read; a failure becomes the message line rather than a crash.
    fn try_store<T>(&mut self, f: impl FnOnce(&mut App) -> crate::store::Result<T>) -> Option<T> {
        match f(self) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(format!("✗ {e}"));
                None
            }
        }
    }

    /// Tells each pane how many rows it has room for.
    fn apply_layout(&mut self) {
        let screen = self.screen();
        let today = self.today();
        for i in 0..3 {
            let rows = if screen.too_small {
                1
            } else {
                layout::rows_in(screen.panes[i])
            };
            let App { panes, store, .. } = self;
            if let Err(e) = panes[i].resize(rows, store, today) {
                self.error(format!("✗ {e}"));
            }
        }
    }

    /// Re-reads every pane (keeping each selected item selected) and the detail. Returns
    /// the items that were selected but have left their pane.
    pub fn reload_all(&mut self) -> Vec<ItemId> {
        let (today, soon) = (self.today(), self.soon());
        let mut lost = Vec::new();
        for i in 0..3 {
            let App { panes, store, .. } = self;
            match panes[i].reload(store, today, soon) {
                Ok(Some(id)) => lost.push(id),
                Ok(None) => {}
                Err(e) => self.error(format!("✗ {e}")),
            }
        }
        self.empty_database = self.store.is_empty().unwrap_or(false);
        self.load_detail();
        if let Ok(v) = self.store.data_version() {
            self.seen_data_version = v;
        }
        lost
    }

    fn load_detail(&mut self) {
        if !self.detail_open {
            self.detail = None;
            return;
        }
        let Some(id) = self.detail_pinned.or_else(|| self.selected_id()) else {
            self.detail = None;
            return;
        };
        if self.detail.as_ref().map(|d| d.item.id) != Some(id) {
            self.detail_scroll = 0;
        }
        let today = self.today();
        self.detail = self.try_store(|app| Detail::load(&app.store, id, today));
    }

    /// Called between events: another process's commit (settings included) shows within a
    /// second, without touching the selection or a half-typed form; at midnight "today"
    /// moves on, unless it was fixed with --today.
    pub fn tick(&mut self) {
        let now = chrono::Local::now().date_naive();
        let new_day = self.follow_clock && now != self.ctx.today;
        if new_day {
            self.ctx.today = now;
        }
        match self.store.data_version() {
            Ok(v) if v != self.seen_data_version || new_day => {
                if let Ok(settings) = self.store.deadline_settings() {
                    self.ctx.settings = settings;
                }
                // The item the detail shows, so that it is not swapped for another.
                let shown = self
                    .detail
                    .as_ref()
                    .map(|d| d.item.id)
                    .filter(|_| self.detail_pinned.is_none());
                let lost = self.reload_all();
                let said = self.explain_lost(&lost, shown);
                if !said && matches!(self.mode, Mode::Normal) && self.message.is_none() {
                    self.info(if new_day {
                        "A new day: due dates are counted from today."
                    } else {
                        "Refreshed: the database was changed elsewhere."
                    });
                }
            }
            _ => {}
        }
    }

    /// Says why selected items left their panes (changed elsewhere). The detail keeps
    /// showing the item it showed, never another in its place. Says whether it said anything.
    fn explain_lost(&mut self, lost: &[ItemId], shown: Option<ItemId>) -> bool {
        let mut said = Vec::new();
        for id in lost {
            let why = match self.store.get(*id) {
                Ok(item) if item.deleted => "was deleted elsewhere".to_string(),
                Ok(item) if item.is_finished() => format!(
                    "is now {} (changed elsewhere) and has left its pane",
                    item.status().map(vocab::label).unwrap_or_default()
                ),
                Ok(_) => "was changed elsewhere and no longer matches its pane's filter".into(),
                Err(_) => "is no longer in the database".into(),
            };
            said.push(format!("{id} {why}"));
            if shown == Some(*id) {
                self.detail_pinned = Some(*id);
                self.load_detail();
            }
        }
        if said.is_empty() {
            return false;
        }
        let mut text = said.join("; ");
        if self.detail_pinned.is_some() {
            text.push_str(" (the detail still shows it until you move)");
        }
        self.info(format!("{text}."));
        true
    }

    /// Called while waiting for keys: applies a filter once typing pauses.
    pub fn idle(&mut self) {
        if let Some((_, at)) = &self.pending_filter {
            if at.elapsed() >= self.filter_delay {
                self.flush_filter();
            }
        }
    }

    fn flush_filter(&mut self) {
        if let Some((typed, _)) = self.pending_filter.take() {
            self.set_filter(&typed);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.apply_layout();
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key, event),
            Event::Mouse(m) => {
                let at = Position::new(m.column, m.row);
                match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => self.click(at),
                    MouseEventKind::ScrollDown => self.scroll(at, 3),
                    MouseEventKind::ScrollUp => self.scroll(at, -3),
                    _ => {}
                }
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
    }

    fn on_key(&mut self, key: &KeyEvent, event: &Event) {
        let scope = self.mode.scope();
        if let Some(action) = keymap::lookup(scope, key) {
            self.update(action);
            return;
        }
        let today = self.today();
        let typed_filter = match &mut self.mode {
            Mode::Filter(input) => input.handle_event(event).map(|_| input.value().to_string()),
            Mode::Form(form) => {
                if form.focused().input.handle_event(event).is_some() {
                    form.validate_all(today);
                    check_form_links(&self.store, today, form);
                    form.error = None;
                    form.warned = false;
                }
                None
            }
            Mode::Import(prompt) => {
                if prompt.input.handle_event(event).is_some() {
                    prompt.offered.clear();
                    prompt.error = None;
                }
                None
            }
            _ => None,
        };
        if let Some(typed) = typed_filter {
            if self.filter_delay.is_zero() {
                self.set_filter(&typed);
            } else {
                self.panes[self.focus].filter_text = typed.clone();
                self.pending_filter = Some((typed, Instant::now()));
            }
        }
    }

    fn paste(&mut self, text: &str) {
        // One line: a pasted newline would otherwise be a hidden Enter.
        let line: String = text
            .chars()
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        let today = self.today();
        match &mut self.mode {
            Mode::Filter(input) => {
                let value = format!("{}{line}", input.value());
                *input = Input::new(value.clone());
                self.set_filter(&value);
            }
            Mode::Form(form) => {
                let f = form.focused();
                f.input = Input::new(format!("{}{line}", f.input.value()));
                form.validate_all(today);
                check_form_links(&self.store, today, form);
            }
            Mode::Import(prompt) => {
                prompt.input = Input::new(format!("{}{line}", prompt.input.value()));
                prompt.offered.clear();
                prompt.error = None;
            }
            _ => {}
        }
    }

    fn set_filter(&mut self, typed: &str) {
        let today = self.today();
        let pane = &mut self.panes[self.focus];
        pane.filter_text = typed.to_string();
        pane.filter.set_words(typed);
        let App { panes, store, .. } = self;
        if let Err(e) = panes[self.focus].restart(store, today) {
            self.error(format!("✗ {e}"));
        }
        self.load_detail();
    }

    fn click(&mut self, at: Position) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let screen = self.screen();
        if screen.detail.is_some_and(|d| d.contains(at)) {
            return;
        }
        let Some(i) = screen.panes.iter().position(|p| p.contains(at)) else {
            return;
        };
        // Rows start under the border and the column titles. Focusing resizes the panes,
        // so note which row was under the pointer first.
        self.detail_pinned = None;
        let rect = screen.panes[i];
        let clicked =
            at.y.checked_sub(rect.y + 2)
                .and_then(|row| self.panes[i].rows.get(row as usize))
                .map(|r| r.key.clone());
        self.focus_pane(i);
        if let Some(key) = clicked {
            let pane = &mut self.panes[i];
            if let Some(row) = pane.rows.iter().position(|r| r.key == key) {
                pane.cursor = row;
            }
            self.load_detail();
        }
    }

    fn scroll(&mut self, at: Position, by: isize) {
        let screen = self.screen();
        if let Some(d) = screen.detail {
            if d.contains(at) {
                self.scroll_detail(by);
                return;
            }
        }
        if let Some(i) = screen.panes.iter().position(|p| p.contains(at)) {
            if i != self.focus && matches!(self.mode, Mode::Normal) {
                self.focus_pane(i);
            }
            self.move_selection(by);
        }
    }

    fn scroll_detail(&mut self, by: isize) {
        let most = self.detail_scroll_max.get() as isize;
        self.detail_scroll = (self.detail_scroll as isize + by).clamp(0, most) as u16;
    }

    fn focus_pane(&mut self, i: usize) {
        if self.focus != i {
            self.focus = i;
            // The focused pane is taller: each pane's window changes size.
            self.apply_layout();
            self.load_detail();
        }
    }

    fn move_selection(&mut self, by: isize) {
        let today = self.today();
        let App {
            panes,
            store,
            focus,
            ..
        } = self;
        if let Err(e) = panes[*focus].move_by(store, today, by) {
            self.error(format!("✗ {e}"));
        }
        self.load_detail();
    }

    /// The selected item as it is in the database now (not as the row was read).
    fn fresh_selected(&mut self) -> Option<Item> {
        let Some(id) = self.selected_id() else {
            self.info(format!("No {} selected.", self.pane().kind.singular()));
            return None;
        };
        self.try_store(|app| app.store.get(id))
    }

    pub fn update(&mut self, action: Action) {
        if action == Action::Quit && self.mode.scope() != Scope::Normal {
            return self.quit_asking();
        }
        match self.mode.scope() {
            Scope::Normal => self.update_normal(action),
            Scope::Filter => self.update_filter(action),
            Scope::Form => self.update_form(action),
            Scope::Picker => self.update_picker(action),
            Scope::Confirm => self.update_confirm(action),
            Scope::Import => self.update_import(action),
            Scope::Help => self.update_help(action),
            Scope::Anywhere => {}
        }
    }

    fn update_normal(&mut self, action: Action) {
        if !matches!(action, Action::Up | Action::Down) {
            self.message = None;
        }
        // A pinned detail gives way to the selection as soon as the user does anything
        // but read it.
        let keeps_pin = matches!(
            action,
            Action::DetailDown | Action::DetailUp | Action::Help | Action::Refresh | Action::Import
        );
        if !keeps_pin && self.detail_pinned.take().is_some() {
            self.load_detail();
        }
        let today = self.today();
        let page = self.pane().height as isize;
        match action {
            Action::Quit => self.running = false,
            Action::Back => {
                let pane = self.pane();
                if self.detail_open {
                    self.detail_open = false;
                    self.apply_layout();
                    self.load_detail();
                } else if !pane.filter_text.is_empty() {
                    self.set_filter("");
                } else if pane.filter.overdue_only {
                    self.update_normal(Action::ToggleOverdue);
                }
            }
            Action::FocusNext => self.focus_pane((self.focus + 1) % 3),
            Action::FocusPrev => self.focus_pane((self.focus + 2) % 3),
            Action::Focus(i) => self.focus_pane(i.min(2)),
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::PageDown => self.move_selection(page),
            Action::PageUp => self.move_selection(-page),
            Action::Top | Action::Bottom => {
                let App {
                    panes,
                    store,
                    focus,
                    ..
                } = self;
                let r = if action == Action::Top {
                    panes[*focus].first(store, today)
                } else {
                    panes[*focus].last(store, today)
                };
                if let Err(e) = r {
                    self.error(format!("✗ {e}"));
                }
                self.load_detail();
            }
            Action::ToggleDetail => {
                self.detail_open = !self.detail_open;
                self.apply_layout();
                self.load_detail();
            }
            Action::DetailDown => self.scroll_detail(3),
            Action::DetailUp => self.scroll_detail(-3),
            Action::StartFilter => {
                let typed = self.pane().filter_text.clone();
                self.mode = Mode::Filter(Input::new(typed));
            }
            Action::ToggleOverdue => {
                let pane = &mut self.panes[self.focus];
                pane.filter.overdue_only = !pane.filter.overdue_only;
                let done = if pane.filter.overdue_only {
                    "Showing overdue items only (o again shows all open items)."
                } else {
                    "Showing all open items."
                };
                self.restart_focused(done.to_string());
            }
            Action::CycleSort => {
                let pane = &mut self.panes[self.focus];
                pane.filter.sort = pane.filter.sort.next();
                let done = format!("Sorted {}.", pane.filter.sort.label());
                self.restart_focused(done);
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Edit => {
                if let Some(item) = self.fresh_selected() {
                    self.mode = Mode::Form(Form::edit(&item, today));
                }
            }
            Action::Complete => {
                if let Some(item) = self.fresh_selected() {
                    self.open_completion(&item);
                }
            }
            Action::PickStatus => {
                if let Some(item) = self.fresh_selected() {
                    if let Some(v) = fields::status_vocab(item.kind()) {
                        let cursor = v
                            .words
                            .iter()
                            .position(|w| Some(*w) == item.status())
                            .unwrap_or(0);
                        self.mode = Mode::Picker(Picker {
                            title: format!("Status of {}", item.id),
                            purpose: PickFor::Status {
                                id: item.id,
                                version: item.version,
                            },
                            choices: v.words.iter().map(|w| (*w, vocab::label(w))).collect(),
                            cursor,
                        });
                    }
                }
            }
            Action::Note => {
                if let Some(id) = self.selected_id() {
                    self.mode = Mode::Form(Form::note(id, today));
                }
            }
            Action::Chase => {
                if let Some(item) = self.fresh_selected() {
                    self.mode = Mode::Form(Form::chase(&item, today));
                }
            }
            Action::Add => {
                let kind = self.pane().kind;
                let like = self.pane().selected().map(|r| r.listed.item.clone());
                self.open_add(kind, like);
            }
            Action::AddOther => {
                let kind = self.pane().kind;
                self.mode = Mode::Picker(Picker {
                    title: "Add a…".into(),
                    purpose: PickFor::NewItem,
                    choices: NEW_KINDS
                        .iter()
                        .map(|k| (k.plural(), k.singular().to_string()))
                        .collect(),
                    cursor: NEW_KINDS.iter().position(|k| *k == kind).unwrap_or(0),
                });
            }
            Action::Import => {
                self.mode = Mode::Import(PathPrompt::new(&self.import_folder, self.cwd.clone()));
            }
            Action::Delete => {
                if let Some(item) = self.fresh_selected() {
                    let Some(dependents) = self.try_store(|app| app.store.dependents(item.id))
                    else {
                        return;
                    };
                    // What goes with it is named before anything is deleted.
                    let (with, back, yes) = if dependents.is_empty() {
                        (String::new(), "`u` (undo) brings it back", "delete")
                    } else {
                        (
                            format!(" {}.", dependents::summary(item.id, &dependents)),
                            "`u` (undo) brings it all back",
                            "delete them all",
                        )
                    };
                    self.mode = Mode::Confirm(Confirm {
                        title: format!("Delete {}?", item.id),
                        question: format!(
                            "Delete {} “{}”?{with} It leaves the lists; {back}.",
                            item.id,
                            item.headline()
                        ),
                        yes,
                        no: "keep it",
                        effect: Effect::Delete {
                            id: item.id,
                            version: item.version,
                            dependents,
                        },
                        back: Box::new(Mode::Normal),
                    });
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => {
                let ctx = self.ctx.clone();
                match self.store.redo(&ctx, Whose::Mine) {
                    Ok(Some(r)) => self.after_revert("Redid", &r.change),
                    Ok(None) => self.info("Nothing of yours to redo."),
                    Err(e) => self.error(format!("✗ {e}")),
                }
            }
            Action::Refresh => {
                self.reload_all();
                self.info("Re-read the database.");
            }
            _ => {}
        }
    }

    /// Ctrl-c from inside a dialog: quits, but asks first when a form holds typing that
    /// would be lost (nothing half-typed is thrown away without a word).
    fn quit_asking(&mut self) {
        let typed = match &self.mode {
            Mode::Form(form) if form.fields.iter().any(|f| f.changed()) => Some(form.title.clone()),
            _ => None,
        };
        match typed {
            Some(title) => {
                let back = std::mem::replace(&mut self.mode, Mode::Normal);
                self.mode = Mode::Confirm(Confirm {
                    title: "Quit?".into(),
                    question: format!(
                        "Quit and lose what you typed in “{title}”? None of it is saved."
                    ),
                    yes: "quit",
                    no: "back to the form",
                    effect: Effect::Quit,
                    back: Box::new(back),
                });
            }
            None => self.running = false,
        }
    }

    /// Undoes the user's own newest change; when they have none, offers (asking first)
    /// to undo the newest change someone else made.
    fn undo(&mut self) {
        let ctx = self.ctx.clone();
        match self.store.undo(&ctx, Whose::Mine) {
            Ok(Some(r)) => self.after_revert("Undid", &r.change),
            Ok(None) => match self.store.undoable(Whose::Anyone, &ctx) {
                Ok(Some(other)) => {
                    self.mode = Mode::Confirm(Confirm {
                        title: "Undo someone else's change?".into(),
                        question: format!(
                            "You have no change of yours to undo. The newest change is {}. \
                             Undo it?",
                            other.whose(&ctx.actor)
                        ),
                        yes: "undo it",
                        no: "leave it",
                        effect: Effect::UndoChange { id: other.id },
                        back: Box::new(Mode::Normal),
                    })
                }
                Ok(None) => self.info("Nothing to undo."),
                Err(e) => self.error(format!("✗ {e}")),
            },
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    /// After an undo or redo: the panes re-read, the item it was about selected where a
    /// pane lists it, and a message naming the change, the item and whose it was.
    fn after_revert(&mut self, verb: &str, change: &ChangeInfo) {
        self.reload_all();
        for id in &change.items {
            // A note is about another item: select that one.
            let id = match id.kind {
                Kind::Note => match self
                    .store
                    .get(*id)
                    .ok()
                    .and_then(|n| n.text("item_id").and_then(|t| t.parse::<ItemId>().ok()))
                {
                    Some(about) => about,
                    None => continue,
                },
                _ => *id,
            };
            if self.select_if_listed(id) {
                break;
            }
        }
        self.info(format!(
            "{verb} {} (u undoes, Ctrl-r redoes).",
            change.whose(&self.ctx.actor)
        ));
    }

    /// Selects `id` in its pane when the pane (as filtered) lists it; says whether it did.
    fn select_if_listed(&mut self, id: ItemId) -> bool {
        let today = self.today();
        let Some(i) = PANE_KINDS.iter().position(|k| *k == id.kind) else {
            return false;
        };
        let key = match self
            .store
            .row_key(id.kind, &self.panes[i].filter, today, id.num)
        {
            Ok(Some(key)) => key,
            _ => return false,
        };
        self.focus_pane(i);
        let App { panes, store, .. } = self;
        if let Err(e) = panes[i].show(key, store, today) {
            self.error(format!("✗ {e}"));
        }
        self.load_detail();
        true
    }

    /// Re-reads the focused pane from its first row after its filter or order changed.
    fn restart_focused(&mut self, done: String) {
        let today = self.today();
        let App {
            panes,
            store,
            focus,
            ..
        } = self;
        match panes[*focus].restart(store, today) {
            Ok(()) => self.info(done),
            Err(e) => self.error(format!("✗ {e}")),
        }
        self.load_detail();
    }

    fn update_filter(&mut self, action: Action) {
        match action {
            Action::Submit => {
                self.flush_filter();
                self.mode = Mode::Normal;
            }
            Action::Cancel => {
                self.pending_filter = None;
                self.mode = Mode::Normal;
                self.set_filter("");
            }
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            _ => {}
        }
    }

    fn update_help(&mut self, action: Action) {
        if let Mode::Help { scroll } = &mut self.mode {
            match action {
                Action::Back => self.mode = Mode::Normal,
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::Up => *scroll = scroll.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Mode::Picker(p) = &mut self.mode else {
            return;
        };
        match action {
            Action::Down => p.cursor = (p.cursor + 1).min(p.choices.len().saturating_sub(1)),
            Action::Up => p.cursor = p.cursor.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Normal,
            Action::Submit => {
                let p = p.clone();
                let Some(&(code, _)) = p.choices.get(p.cursor) else {
                    return;
                };
                match p.purpose {
                    PickFor::NewItem => {
                        self.mode = Mode::Normal;
                        if let Some(kind) = Kind::parse(code) {
                            let like = self.pane().selected().map(|r| r.listed.item.clone());
                            self.open_add(kind, like);
                        }
                    }
                    PickFor::Status { id, version } => self.pick_status(id, version, code),
                }
            }
            _ => {}
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
        let result = fields::field(id.kind, "status")
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

    /// The completion form; a letter's open asks are offered to be marked answered.
    fn open_completion(&mut self, item: &Item) {
        let today = self.today();
        let open_asks = if item.kind() == Kind::Letter {
            self.store
                .children(item.id, today)
                .unwrap_or_default()
                .into_iter()
                .flat_map(|(_, rows)| rows)
                .filter(|r| r.item.kind() == Kind::Ask && !r.item.is_finished())
                .map(|r| r.item.id)
                .collect()
        } else {
            Vec::new()
        };
        match Form::complete(item, open_asks, today) {
            Some(form) => self.mode = Mode::Form(form),
            None => self.error(format!("✗ a {} cannot be completed", item.kind())),
        }
    }

    /// The add form for `kind`, its links filled from `like` or else the newest report or
    /// board. A recommendation needs a report: with none yet, the report comes first.
    fn open_add(&mut self, kind: Kind, like: Option<Item>) {
        let today = self.today();
        let needs = match kind {
            Kind::Recommendation => Some(Kind::Report),
            Kind::Action | Kind::Meeting => Some(Kind::Board),
            _ => None,
        };
        let mut like = like;
        if let Some(parent) = needs {
            let link = if parent == Kind::Report {
                "report_id"
            } else {
                "board_id"
            };
            let fits = like
                .as_ref()
                .is_some_and(|l| l.kind() == parent || l.get(link).as_link().is_some());
            if !fits {
                match self.store.newest_live(parent) {
                    Ok(Some(item)) => like = Some(item),
                    Ok(None) => {
                        self.mode = Mode::Form(Form::add(parent, None, today));
                        self.info(format!(
                            "A {} belongs to a {}, and there is none yet: add the {} first.",
                            kind.singular(),
                            parent.singular(),
                            parent.singular()
                        ));
                        return;
                    }
                    Err(e) => return self.error(format!("✗ {e}")),
                }
            }
        }
        let mut form = Form::add(kind, like.as_ref(), today);
        check_form_links(&self.store, today, &mut form);
        self.mode = Mode::Form(form);
    }

    fn update_confirm(&mut self, action: Action) {
        let Mode::Confirm(c) = &self.mode else {
            return;
        };
        let c = c.clone();
        if action != Action::Yes {
            self.mode = *c.back;
            if self.mode.scope() == Scope::Normal {
                self.info(match c.effect {
                    Effect::Delete { .. } => "Nothing deleted.",
                    Effect::UndoChange { .. } => "Nothing undone.",
                    Effect::Quit => "Still here.",
                });
            }
            return;
        }
        self.mode = Mode::Normal;
        let ctx = self.ctx.clone();
        match c.effect {
            Effect::Delete {
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
                Err(e) => self.error(format!("✗ {e}")),
            },
            Effect::UndoChange { id } => match self.store.undo_change(id, &ctx) {
                Ok(r) => self.after_revert("Undid", &r.change),
                Err(e) => self.error(format!("✗ {e}")),
            },
            Effect::Quit => self.running = false,
        }
    }

    fn update_import(&mut self, action: Action) {
        let Mode::Import(prompt) = &mut self.mode else {
            return;
        };
        match action {
            Action::CompletePath => prompt.complete(),
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.info("Cancelled: nothing was imported.");
            }
            Action::Submit => {
                let Some(path) = prompt.path() else {
                    prompt.error = Some("type the path of a letter (a .txt file)".into());
                    return;
                };
                let typed = prompt.input.value().to_string();
                let ctx = self.ctx.clone();
                match import::import_file(&mut self.store, &ctx, &path) {
                    Ok((letter, imported)) => {
                        self.import_folder = super::prompt::folder_of(&typed);
                        self.mode = Mode::Normal;
                        self.show_import(&letter, imported);
                    }
                    // The prompt stays open with the reason; nothing was written.
                    Err(e) => prompt.error = Some(e.to_string()),
                }
            }
            _ => {}
        }
    }

    /// After an import: the letter selected in its pane with the detail open on its asks,
    /// or, when it needs no reply (so no pane lists it), shown in the detail on its own.
    fn show_import(
        &mut self,
        letter: &crate::domain::letter_text::ExtractedLetter,
        imported: Imported,
    ) {
        self.reload_all();
        match imported {
            Imported::Created(c) => {
                // The subject is in the detail beside the message.
                let listed = self.reveal(c.letter, true);
                let mut text = format!("Imported {} {}", c.letter, c.outcome(letter));
                if !listed {
                    text.push_str(" · needs no reply: shown in the detail, in no pane");
                }
                let warnings: Vec<&String> = letter.warnings.iter().chain(&c.warnings).collect();
                if let Some(first) = warnings.first() {
                    text.push_str(&format!(" · warning: {first}"));
                    if warnings.len() > 1 {
                        text.push_str(&format!(" (+{} more)", warnings.len() - 1));
                    }
                }
                text.push_str(" · u undoes it");
                self.info(for_terminal(&text, false).into_owned());
            }
            Imported::Duplicate { existing, by } => {
                self.reveal(existing, true);
                self.info(format!(
                    "Already stored as {existing} ({by}): nothing imported."
                ));
            }
        }
    }

    /// Selects `id` in its pane (clearing a filter that hides it); an item no pane lists
    /// (finished, or not a pane's kind) is pinned in the detail instead. Says whether a
    /// pane lists it.
    fn reveal(&mut self, id: ItemId, open_detail: bool) -> bool {
        let today = self.today();
        let mut listed = false;
        if let Some(i) = PANE_KINDS.iter().position(|k| *k == id.kind) {
            let pane = &self.panes[i];
            let mut key = self
                .store
                .row_key(id.kind, &pane.filter, today, id.num)
                .ok()
                .flatten();
            if key.is_none() && pane.filter.is_narrowed() {
                let plain = crate::domain::filter::PaneFilter {
                    sort: pane.filter.sort,
                    ..Default::default()
                };
                key = self
                    .store
                    .row_key(id.kind, &plain, today, id.num)
                    .ok()
                    .flatten();
                if key.is_some() {
                    let pane = &mut self.panes[i];
                    pane.filter = plain;
                    pane.filter_text.clear();
                }
            }
            if let Some(key) = key {
                self.focus_pane(i);
                let App { panes, store, .. } = self;
                if let Err(e) = panes[i].show(key, store, today) {
                    self.error(format!("✗ {e}"));
                }
                listed = true;
            }
        }
        self.detail_pinned = (!listed).then_some(id);
        if open_detail && !self.detail_open {
            self.detail_open = true;
            self.apply_layout();
        }
        self.load_detail();
        listed
    }

    fn update_form(&mut self, action: Action) {
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        match action {
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.info("Cancelled: nothing was written.");
            }
            Action::Submit => self.submit_form(),
            _ => {}
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
                form.show_error(field_of(&e), e.to_string());
                self.mode = Mode::Form(form);
                return;
            }
        };
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
        match carry_out(&mut self.store, &ctx, request) {
            Ok(done) => {
                self.reload_all();
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
                form.show_error(field_of(&e), e.to_string());
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
        let value = |name: &str| changes.iter().find(|(s, _)| s.name == name).map(|(_, v)| v);
        let report = value("report_id")?.as_link()?;
        let reference = value("ref")?.as_text()?;
        let same = self.store.same_ref(report, reference).ok()??;
        Some(format!(
            "{report} already has {same} with ref “{reference}”"
        ))
    }
}

/// Link fields (a report, a board, a meeting) are looked up as they are typed: the
/// item's name is shown, or why it cannot be used; a meeting must be of the board.
fn check_form_links(store: &Store, today: NaiveDate, form: &mut Form) {
    let board = form
        .fields
        .iter()
        .find_map(|f| match (f.slot, f.parsed(today)) {
            (Slot::Field(s), Some(Value::Link(id))) if s.name == "board_id" => Some(id),
            _ => None,
        });
    for f in &mut form.fields {
        let (Slot::Field(spec), Some(Value::Link(id))) = (f.slot, f.parsed(today)) else {
            continue;
        };
        match store.get(id) {
            Ok(item) if item.deleted => f.error = Some(format!("{id} is deleted")),
            Ok(item) => {
                let of_board = item.get("board_id").as_link();
                if spec.name == "meeting_id" && board.is_some() && of_board != board {
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
}

/// Carries out what a form asks, through the same store calls as the CLI.
fn carry_out(store: &mut Store, ctx: &Context, request: Request) -> Result<Done, StoreError> {
    let done = |message: String| Done {
        message,
        select: None,
    };
    match request {
        Request::Nothing => Ok(done("Nothing changed.".into())),
        Request::Update {
            id,
            version,
            changes,
            reason,
        } => store
            .update(id, Some(version), &changes, reason.as_deref(), ctx)
            .map(|saved| done(saved_message("Saved", &saved))),
        Request::Create { kind, changes } => store.create(kind, &changes, ctx).map(|saved| Done {
            message: saved_message("Added", &saved),
            select: Some(saved.item.id),
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

fn saved_message(verb: &str, saved: &crate::store::Saved) -> String {
    let mut m = format!("{verb} {}.", saved.item.id);
    for w in &saved.warnings {
        m.push_str(&format!(" Note: {w}"));
    }
    m
}

fn field_of(e: &FieldError) -> Option<&str> {
    match e {
        FieldError::Invalid { field, .. } | FieldError::Date { field, .. } => Some(field),
        FieldError::Unknown { .. } => None,
    }
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
                let now = editable_text(spec, newer.get(spec.name));
                (now.trim() != f.original.trim()).then(|| {
                    let shown: String = now.chars().take(60).collect();
                    format!("{} is now “{shown}”", spec.label)
                })
            }
            Slot::Reason | Slot::AsksAnswered => None,
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
