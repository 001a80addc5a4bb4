//! The dashboard's state and its one `update`: keys and mouse events become actions, actions
//! change the state and call the same store methods as the CLI. All reading from the
//! database happens here, never while drawing.

use std::path::PathBuf;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::{Position, Rect};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::confirm::{Confirm, Confirmed};
use super::detail::Detail;
use super::effect::{Outcome, check_form_links};
use super::form::Form;
use super::keymap::{self, Scope};
use super::layout::{self, Screen};
use super::meeting::Meeting;
use super::pane::Pane;
use super::panes::PANES;
use super::picker::Picker;
use super::prompt::PathPrompt;
use super::summary::Summary;
use super::views::{OwnersList, View};
use crate::domain::ids::ItemId;
use crate::domain::item::Item;
use crate::domain::rules::Context;
use crate::domain::sanitize::for_terminal;
use crate::domain::vocab;
use crate::import::Imported;
use crate::store::{Store, StoreError};

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
    pub panes: Vec<Pane>,
    pub focus: usize,
    pub mode: Mode,
    pub detail_open: bool,
    pub detail: Option<Detail>,
    pub detail_scroll: u16,
    /// How far the detail can scroll, as its last drawing found (set while drawing, which
    /// alone knows how its text wraps).
    pub detail_scroll_max: std::cell::Cell<u16>,
    /// Counts each reading of the detail, so drawing knows when its wrapped lines are stale.
    pub detail_generation: u64,
    /// The detail's lines, built and wrapped once per reading and width (drawing fills it).
    pub detail_cache: std::cell::RefCell<Option<super::ui::detail::DetailCache>>,
    /// Something changed since the last frame: the loop draws only then, so an idle
    /// dashboard does no work.
    pub needs_draw: bool,
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
    pub(super) pending_filter: Option<(String, Instant)>,
    seen_data_version: i64,
    /// Where relative paths typed in the import prompt start.
    pub cwd: PathBuf,
    /// The folder of the last path imported from: the next prompt starts there.
    pub(super) import_folder: String,
    /// "Today" follows the clock (it was not fixed with --today): it moves on at midnight.
    pub follow_clock: bool,
    /// Which view is on screen; the panes are its panes.
    pub view: View,
    /// The panes (and focus) of the views not on screen, kept for when they come back.
    pub(super) stash: Vec<(View, Vec<Pane>, usize)>,
    /// The Owners view's list of people.
    pub owners: OwnersList,
    /// The Summary view's figures and chosen bar.
    pub summary: Summary,
    /// What the import preview shows: the letters read from a file, not stored yet.
    pub import_reading: Option<crate::import::Reading>,
    /// Meeting mode, while a meeting is held.
    pub meeting: Option<Meeting>,
    /// A meeting being added from the meeting picker: meeting mode starts on it once saved.
    pub(super) meeting_to_add: bool,
}

impl App {
    pub fn new(store: Store, ctx: Context, db_label: String, area: Rect) -> anyhow::Result<App> {
        let seen_data_version = store.data_version()?;
        let mut app = App {
            store,
            ctx,
            db_label,
            panes: PANES.iter().map(Pane::new).collect(),
            focus: 0,
            mode: Mode::Normal,
            detail_open: false,
            detail: None,
            detail_scroll: 0,
            detail_scroll_max: std::cell::Cell::new(u16::MAX),
            detail_generation: 0,
            detail_cache: std::cell::RefCell::new(None),
            needs_draw: true,
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
            view: View::Dashboard,
            stash: Vec::new(),
            owners: OwnersList::default(),
            summary: Summary::default(),
            import_reading: None,
            meeting: None,
            meeting_to_add: false,
        };
        app.apply_layout();
        app.reload_all();
        Ok(app)
    }

    /// Which keys apply now: a dialog's, meeting mode's, or the dashboard's.
    pub fn scope(&self) -> Scope {
        match self.mode {
            Mode::Normal if self.meeting.is_some() => Scope::Meeting,
            Mode::Normal if self.summary_charts_focused() => Scope::Summary,
            _ => self.mode.scope(),
        }
    }

    pub fn screen(&self) -> Screen {
        layout::screen(
            self.area,
            layout::Plan {
                panes: self.panes.len(),
                focus: self.focus,
                detail_open: self.detail_open,
                owners_list: self.view == View::Owners,
                charts: self.view == View::Summary,
            },
        )
    }

    pub fn pane(&self) -> &Pane {
        &self.panes[self.focus]
    }

    /// What is typed and not saved, if anything ("Edit REC-3"): a signal stopping the
    /// dashboard says it is lost rather than leave the user to wonder.
    pub fn half_typed(&self) -> Option<String> {
        match &self.mode {
            Mode::Form(form) if form.fields.iter().any(|f| f.changed()) => Some(form.title.clone()),
            Mode::Confirm(c) => match &*c.back {
                Mode::Form(form) if form.fields.iter().any(|f| f.changed()) => {
                    Some(form.title.clone())
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The first pane that lists items of `kind`.
    pub(super) fn pane_listing(&self, kind: crate::domain::ids::Kind) -> Option<usize> {
        self.panes
            .iter()
            .position(|p| p.spec.source.parts.iter().any(|part| part.kind == kind))
    }

    /// The item the keys act on: the focused pane's selected row (none while the Owners
    /// view's list of people or the Summary view's charts have the keys).
    pub fn selected_id(&self) -> Option<ItemId> {
        if (self.view == View::Owners && self.owners.focused) || self.summary_charts_focused() {
            return None;
        }
        self.pane().selected_id()
    }

    pub(super) fn today(&self) -> chrono::NaiveDate {
        self.ctx.today
    }

    pub(super) fn soon(&self) -> i64 {
        self.ctx.settings.due_soon_days
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Says why the store refused a change. When what the user was shown changed before the
    /// write (someone undid that change, a deletion's effects moved), the panes are re-read
    /// first, so the screen shows what is there now and the next try acts on it.
    pub(super) fn refused(&mut self, e: StoreError) {
        if matches!(e, StoreError::Changed(_)) {
            self.reload_all();
        }
        self.error(format!("✗ {e}"));
    }

    /// Runs a store read; a failure becomes the message line rather than a crash.
    pub(super) fn try_store<T>(
        &mut self,
        f: impl FnOnce(&mut App) -> crate::store::Result<T>,
    ) -> Option<T> {
        match f(self) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(format!("✗ {e}"));
                None
            }
        }
    }

    /// Tells each pane how many rows it has room for.
    pub(super) fn apply_layout(&mut self) {
        let screen = self.screen();
        self.size_owners(&screen);
        let today = self.today();
        for i in 0..self.panes.len() {
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
        for i in 0..self.panes.len() {
            let App { panes, store, .. } = self;
            match panes[i].reload(store, today, soon) {
                Ok(Some(id)) => lost.push(id),
                Ok(None) => {}
                Err(e) => self.error(format!("✗ {e}")),
            }
        }
        self.empty_database = self.store.holds_no_items().unwrap_or(false);
        if self.view == View::Owners {
            self.refresh_owners();
            self.sync_linked();
        }
        if self.view == View::Summary {
            // The figures are counted again (on a thread): they follow every change.
            self.count_summary();
        }
        self.load_detail();
        if let Ok(v) = self.store.data_version() {
            self.seen_data_version = v;
        }
        lost
    }

    pub(super) fn load_detail(&mut self) {
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
        self.detail_generation += 1;
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
                self.needs_draw = true;
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

    /// Called while waiting for keys: applies a filter once typing pauses, then fills in
    /// one pane's pending counts (they grow with the table, so they come after the rows are
    /// on screen, a pane at a time between keys).
    pub fn idle(&mut self) {
        if let Some((_, at)) = &self.pending_filter {
            if at.elapsed() >= self.filter_delay {
                self.flush_filter();
                self.needs_draw = true;
            }
        }
        if self.count_one_pane() {
            self.needs_draw = true;
        }
        if self.poll_summary(false) {
            self.needs_draw = true;
        }
    }

    /// Counts the first pane that owes counts; says whether one did.
    fn count_one_pane(&mut self) -> bool {
        let (today, soon) = (self.today(), self.soon());
        let Some(i) = self.panes.iter().position(|p| p.pending.any()) else {
            return false;
        };
        let App { panes, store, .. } = self;
        if let Err(e) = panes[i].settle(store, today, soon) {
            // Not tried again and again between keys: the counts stay unknown ("…").
            panes[i].pending = Default::default();
            self.error(format!("✗ {e}"));
        }
        true
    }

    /// Fills in every pending count at once (as the pauses between keys do).
    pub fn settle(&mut self) {
        self.poll_summary(true);
        while self.count_one_pane() {}
    }

    pub(super) fn flush_filter(&mut self) {
        if let Some((typed, _)) = self.pending_filter.take() {
            self.set_filter(&typed);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        self.apply_layout();
    }

    pub fn handle_event(&mut self, event: &Event) {
        self.needs_draw = true;
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
        let scope = self.scope();
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

    pub(super) fn set_filter(&mut self, typed: &str) {
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

    pub(super) fn scroll_detail(&mut self, by: isize) {
        let most = self.detail_scroll_max.get() as isize;
        self.detail_scroll = (self.detail_scroll as isize + by).clamp(0, most) as u16;
    }

    pub(super) fn focus_pane(&mut self, i: usize) {
        if self.focus != i {
            self.focus = i;
            // The focused pane is taller: each pane's window changes size.
            self.apply_layout();
            self.load_detail();
        }
    }

    pub(super) fn move_selection(&mut self, by: isize) {
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
        self.sync_linked();
        self.load_detail();
    }

    /// The selected item as it is in the database now (not as the row was read).
    pub(super) fn fresh_selected(&mut self) -> Option<Item> {
        let Some(id) = self.selected_id() else {
            self.info(format!("Nothing selected in {}.", self.pane().title()));
            return None;
        };
        self.try_store(|app| app.store.get(id))
    }

    pub fn update(&mut self, action: Action) {
        if action == Action::Quit && !matches!(self.scope(), Scope::Normal | Scope::Summary) {
            return self.quit_asking();
        }
        let today = self.today();
        // Dialogs handle their own keys and say what they need.
        let outcome = match &mut self.mode {
            Mode::Normal if self.meeting.is_some() => return self.update_meeting(action),
            Mode::Normal => return self.update_normal(action),
            Mode::Filter(_) => return self.update_filter(action),
            Mode::Help { scroll } => match action {
                Action::Back => Outcome::Close(None),
                Action::Down => {
                    *scroll = scroll.saturating_add(1);
                    Outcome::Stay
                }
                Action::Up => {
                    *scroll = scroll.saturating_sub(1);
                    Outcome::Stay
                }
                _ => Outcome::Stay,
            },
            Mode::Form(form) => form.update(action, today),
            Mode::Picker(picker) => picker.update(action),
            Mode::Confirm(confirm) => confirm.update(action),
            Mode::Import(prompt) => prompt.update(action),
        };
        match outcome {
            Outcome::Stay => {}
            Outcome::Close(message) => {
                self.mode = Mode::Normal;
                // A form of meeting mode closed unsaved records nothing.
                if let Some(m) = &mut self.meeting {
                    m.pending = None;
                }
                if let Some(m) = message {
                    self.info(m);
                }
            }
            Outcome::Switch(mode, message) => {
                self.mode = mode;
                if let Some(m) = message {
                    self.info(m);
                }
            }
            Outcome::Do(effect) => self.carry_out(effect),
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
                    then: Confirmed::Quit,
                    back: Box::new(back),
                });
            }
            None => self.running = false,
        }
    }

    /// Selects `id` in its pane when the pane (as filtered) lists it; says whether it did.
    pub(super) fn select_if_listed(&mut self, id: ItemId) -> bool {
        let today = self.today();
        let Some(i) = self.pane_listing(id.kind) else {
            return false;
        };
        let key =
            match self
                .store
                .row_key(&self.panes[i].spec.source, &self.panes[i].filter, today, id)
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

    /// Re-reads the focused pane after its order or what it shows changed. The selection
    /// follows the item when it is still listed (sorted another way, it is elsewhere);
    /// otherwise the pane starts at its top.
    pub(super) fn restart_focused(&mut self, done: String) {
        let today = self.today();
        let App {
            panes,
            store,
            focus,
            ..
        } = self;
        let pane = &mut panes[*focus];
        // Where the selected item stands under the new filter or order, if it is listed.
        let key = pane
            .selected_id()
            .map(|id| store.row_key(&pane.spec.source, &pane.filter, today, id))
            .transpose()
            .map(Option::flatten);
        let result = key.and_then(|key| match key {
            Some(key) => pane.show(key, store, today),
            None => pane.restart(store, today),
        });
        match result {
            Ok(()) => self.info(done),
            Err(e) => self.error(format!("✗ {e}")),
        }
        // A report's recommendations (or a person's items) follow the selection.
        self.sync_linked();
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

    /// After an import: the letter selected in its pane with the detail open on its asks,
    /// or, when it needs no reply (so no pane lists it), shown in the detail on its own.
    pub(super) fn show_import(
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
    pub(super) fn reveal(&mut self, id: ItemId, open_detail: bool) -> bool {
        let today = self.today();
        let mut listed = false;
        if let Some(i) = self.pane_listing(id.kind) {
            let pane = &self.panes[i];
            let mut key = self
                .store
                .row_key(&pane.spec.source, &pane.filter, today, id)
                .ok()
                .flatten();
            if key.is_none() && pane.filter.is_narrowed() {
                let plain = crate::domain::filter::PaneFilter {
                    sort: pane.filter.sort,
                    ..Default::default()
                };
                key = self
                    .store
                    .row_key(&self.panes[i].spec.source, &plain, today, id)
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
}
