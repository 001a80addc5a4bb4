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
use super::detail::Detail;
use super::form::{Form, Purpose, Slot, editable_text};
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
use crate::store::{Store, StoreError};

/// The panes, in the order of their number keys.
pub const PANE_KINDS: [Kind; 3] = [Kind::Recommendation, Kind::Letter, Kind::Action];

/// Choosing a status from the closed list.
#[derive(Debug, Clone)]
pub struct Picker {
    pub id: ItemId,
    pub version: i64,
    pub choices: &'static [&'static str],
    pub cursor: usize,
}

/// A yes/no question before something drastic.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub id: ItemId,
    pub version: i64,
    pub question: String,
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

    /// Re-reads every pane (keeping selections) and the detail.
    pub fn reload_all(&mut self) {
        let (today, soon) = (self.today(), self.soon());
        for i in 0..3 {
            let App { panes, store, .. } = self;
            if let Err(e) = panes[i].reload(store, today, soon) {
                self.error(format!("✗ {e}"));
            }
        }
        self.empty_database = self.store.is_empty().unwrap_or(false);
        self.load_detail();
        if let Ok(v) = self.store.data_version() {
            self.seen_data_version = v;
        }
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

    /// Called between events: another process's commit shows within a second, without
    /// touching the selection or a half-typed form.
    pub fn tick(&mut self) {
        match self.store.data_version() {
            Ok(v) if v != self.seen_data_version => {
                self.reload_all();
                if matches!(self.mode, Mode::Normal) && self.message.is_none() {
                    self.info("Refreshed: the database was changed elsewhere.");
                }
            }
            _ => {}
        }
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
                    form.error = None;
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
        self.detail_scroll = (self.detail_scroll as isize + by).clamp(0, u16::MAX as isize) as u16;
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
        match self.mode.scope() {
            Scope::Normal => self.update_normal(action),
            Scope::Filter => self.update_filter(action),
            Scope::Form => self.update_form(action),
            Scope::Picker => self.update_picker(action),
            Scope::Confirm => self.update_confirm(action),
            Scope::Import => self.update_import(action),
            Scope::Help => self.update_help(action),
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
                    match Form::complete(&item, today) {
                        Some(form) => self.mode = Mode::Form(form),
                        None => self.error(format!("✗ a {} cannot be completed", item.kind())),
                    }
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
                            id: item.id,
                            version: item.version,
                            choices: v.words,
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
                self.mode = Mode::Form(Form::add(kind, like.as_ref(), today));
            }
            Action::Import => {
                self.mode = Mode::Import(PathPrompt::new(&self.import_folder, self.cwd.clone()));
            }
            Action::Delete => {
                if let Some(item) = self.fresh_selected() {
                    self.mode = Mode::Confirm(Confirm {
                        id: item.id,
                        version: item.version,
                        question: format!(
                            "Delete {} “{}”? It leaves the lists; `u` (undo) brings it back.",
                            item.id,
                            item.headline()
                        ),
                    });
                }
            }
            Action::Undo | Action::Redo => {
                let ctx = self.ctx.clone();
                let undo = action == Action::Undo;
                let result = if undo {
                    self.store.undo(&ctx)
                } else {
                    self.store.redo(&ctx)
                };
                match result {
                    Ok(Some(r)) => {
                        let verb = if undo { "Undid" } else { "Redid" };
                        self.info(format!("{verb} “{}” (u undoes, Ctrl-r redoes).", r.summary));
                        self.reload_all();
                    }
                    Ok(None) => self.info(if undo {
                        "Nothing to undo."
                    } else {
                        "Nothing to redo."
                    }),
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
            Action::Down => p.cursor = (p.cursor + 1).min(p.choices.len() - 1),
            Action::Up => p.cursor = p.cursor.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Normal,
            Action::Submit => {
                let p = p.clone();
                let word = p.choices[p.cursor];
                let ctx = self.ctx.clone();
                let result = fields::field(p.id.kind, "status")
                    .map_err(StoreError::from)
                    .and_then(|spec| {
                        let change = vec![(spec, Value::Text(word.to_string()))];
                        self.store
                            .update(p.id, Some(p.version), &change, None, &ctx)
                    });
                match result {
                    Ok(_) => {
                        self.mode = Mode::Normal;
                        self.info(format!("{} is now {}.", p.id, vocab::label(word)));
                        self.reload_all();
                    }
                    // The picker stays open: the reason is shown and nothing was written.
                    Err(e) => self.error(format!("✗ {e}")),
                }
            }
            _ => {}
        }
    }

    fn update_confirm(&mut self, action: Action) {
        let Mode::Confirm(c) = &self.mode else {
            return;
        };
        let c = c.clone();
        self.mode = Mode::Normal;
        if action != Action::Yes {
            self.info("Nothing deleted.");
            return;
        }
        let ctx = self.ctx.clone();
        match self.store.delete(c.id, Some(c.version), &ctx) {
            Ok(_) => {
                self.info(format!("Deleted {} (u brings it back).", c.id));
                self.reload_all();
            }
            Err(e) => self.error(format!("✗ {e}")),
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
                        self.import_folder = typed
                            .rfind('/')
                            .map(|i| typed[..=i].to_string())
                            .unwrap_or_default();
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

    /// Saves a form through the store, or keeps it open with the reason it cannot be saved.
    fn submit_form(&mut self) {
        let today = self.today();
        let ctx = self.ctx.clone();
        let App { mode, store, .. } = self;
        let Mode::Form(form) = mode else {
            return;
        };
        form.validate_all(today);
        if !form.is_valid() {
            form.focus = form
                .fields
                .iter()
                .position(|f| f.error.is_some())
                .unwrap_or(0);
            form.error = Some("Fix the field marked ✗ first: nothing was saved.".into());
            return;
        }
        let value_of = |name: &str| {
            form.fields.iter().find_map(|f| match f.slot {
                Slot::Field(s) if s.name == name => f.parsed(today),
                _ => None,
            })
        };
        let text_of = |name: &str| value_of(name).and_then(|v| v.as_text().map(str::to_string));
        let mut added = None;
        let result: Result<String, StoreError> = match form.purpose.clone() {
            Purpose::Edit { id, version } => {
                let changes: Vec<_> = form
                    .fields
                    .iter()
                    .filter(|f| f.changed())
                    .filter_map(|f| match f.slot {
                        Slot::Field(spec) => f.parsed(today).map(|v| (spec, v)),
                        Slot::Reason => None,
                    })
                    .collect();
                let reason = form
                    .fields
                    .iter()
                    .find(|f| f.slot == Slot::Reason && !f.value().trim().is_empty())
                    .map(|f| f.value().trim().to_string());
                if changes.is_empty() {
                    Ok("Nothing changed.".to_string())
                } else {
                    let version = form.newer_version.unwrap_or(version);
                    store
                        .update(id, Some(version), &changes, reason.as_deref(), &ctx)
                        .map(|saved| saved_message("Saved", &saved))
                }
            }
            Purpose::Add { kind } => {
                let changes: Vec<_> = form
                    .fields
                    .iter()
                    .filter(|f| !f.value().trim().is_empty())
                    .filter_map(|f| match f.slot {
                        Slot::Field(spec) => f.parsed(today).map(|v| (spec, v)),
                        Slot::Reason => None,
                    })
                    .collect();
                store.create(kind, &changes, &ctx).map(|saved| {
                    added = Some(saved.item.id);
                    saved_message("Added", &saved)
                })
            }
            Purpose::Complete { id, version } => {
                let evidence = text_of("evidence");
                let on = form.fields.iter().find_map(|f| match f.parsed(today) {
                    Some(Value::Date(d)) => Some(d),
                    _ => None,
                });
                let version = form.newer_version.unwrap_or(version);
                rules::completion(id.kind, evidence.as_deref(), on)
                    .map_err(StoreError::from)
                    .and_then(|changes| store.update(id, Some(version), &changes, None, &ctx))
                    .map(|saved| {
                        let status = saved.item.get("status").canonical().unwrap_or_default();
                        let mut m = format!("{id} is now {}.", vocab::label(&status));
                        for w in &saved.warnings {
                            m.push_str(&format!(" Note: {w}"));
                        }
                        m
                    })
            }
            Purpose::Note { about } => {
                let text = text_of("text").unwrap_or_default();
                rules::note(about, &text, None, today)
                    .map_err(StoreError::from)
                    .and_then(|changes| store.create(Kind::Note, &changes, &ctx))
                    .map(|saved| format!("Added {} to {about}.", saved.item.id))
            }
            Purpose::Chase { about } => {
                let whom = text_of("chased").unwrap_or_default();
                let how = text_of("chase_method").unwrap_or_else(|| "email".into());
                let text = text_of("text")
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| format!("Chased {whom} by {how}"));
                rules::note(about, &text, Some((&whom, &how)), today)
                    .map_err(StoreError::from)
                    .and_then(|changes| store.create(Kind::Note, &changes, &ctx))
                    .map(|saved| format!("Recorded chase {} of {about}.", saved.item.id))
            }
        };
        match result {
            Ok(message) => {
                self.mode = Mode::Normal;
                self.reload_all();
                // A new item is selected, where its pane's order puts it.
                if let Some(id) = added {
                    self.reveal(id, false);
                }
                self.info(message);
            }
            Err(StoreError::Stale { id, actual, .. }) => {
                let newer = store.get(id).ok();
                form.newer_version = Some(actual);
                form.error = Some(stale_message(form, newer.as_ref()));
            }
            Err(StoreError::Field(e)) => form.show_error(field_of(&e), e.to_string()),
            Err(e) => form.error = Some(e.to_string()),
        }
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
            Slot::Reason => None,
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
