//! The dashboard's own keys (no dialog open): moving, filtering, and the item actions,
//! which open a dialog (form, picker, confirmation, prompt) or act at once (undo).

use crate::domain::fields::Field;
use tui_input::Input;

use super::action::Action;
use super::app::{App, Mode};
use super::confirm::{Confirm, Confirmed};
use super::effect::check_form_links;
use super::form::Form;
use super::picker::Picker;
use super::prompt::PathPrompt;
use super::views::View;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::store::{ChangeInfo, OwnersFrom, Whose, dependents};

impl App {
    pub(super) fn update_normal(&mut self, action: Action) {
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
        if self.view == View::Owners && self.owners.focused && self.update_owners_list(action) {
            return;
        }
        if self.summary_charts_focused() && self.update_summary_charts(action) {
            return;
        }
        if self.refused_read_only(action) {
            return;
        }
        let today = self.today();
        let page = self.pane().height as isize;
        match action {
            Action::Quit => self.running = false,
            Action::ShowView(i) => {
                if let Some(view) = View::ALL.get(i as usize) {
                    self.show_view(*view);
                }
            }
            Action::NextView => self.show_view(self.view.next()),
            Action::MeetingMode => self.choose_meeting(),
            Action::Back => {
                let pane = self.pane();
                if self.view == View::Owners && !self.detail_open && pane.filter_text.is_empty() {
                    // Back from a person's items to the list of people.
                    self.owners.focused = true;
                    self.load_detail();
                    return;
                }
                if self.view == View::Summary && !self.detail_open && pane.filter_text.is_empty() {
                    // Back from a bar's items to the charts.
                    self.summary.focused = true;
                    self.load_detail();
                    return;
                }
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
            // In the Owners view the list of people is part of the round.
            Action::FocusNext
                if self.view == View::Owners && self.focus + 1 == self.panes.len() =>
            {
                self.owners.focused = true;
                self.load_detail();
            }
            Action::FocusPrev if self.view == View::Owners && self.focus == 0 => {
                self.owners.focused = true;
                self.load_detail();
            }
            // In the Summary view the charts are part of the round.
            Action::FocusNext
                if self.view == View::Summary && self.focus + 1 == self.panes.len() =>
            {
                self.summary.focused = true;
                self.load_detail();
            }
            Action::FocusPrev if self.view == View::Summary && self.focus == 0 => {
                self.summary.focused = true;
                self.load_detail();
            }
            Action::FocusNext => self.focus_pane((self.focus + 1) % self.panes.len()),
            Action::FocusPrev => {
                let n = self.panes.len();
                self.focus_pane((self.focus + n - 1) % n)
            }
            Action::Focus(i) => self.focus_pane(i.min(self.panes.len() - 1)),
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
                self.sync_linked();
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
            Action::ToggleFinished => {
                let pane = &mut self.panes[self.focus];
                pane.filter.finished = !pane.filter.finished;
                let done = if pane.filter.finished {
                    "Showing finished items too, marked ✓ with the day they were finished \
                     (f again hides them)."
                } else {
                    "Showing open items only."
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
                    if let Some(picker) = Picker::status(&item) {
                        self.mode = Mode::Picker(picker);
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
                let kind = self.pane().spec.adds;
                let like = self.pane().selected().map(|r| r.listed.item.clone());
                self.open_add(kind, like);
            }
            Action::AddOther => {
                self.mode = Mode::Picker(Picker::new_item(self.pane().spec.adds));
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
                        then: Confirmed::Delete {
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
                    Err(e) => self.refused(e),
                }
            }
            Action::Refresh => {
                self.reload_all();
                self.info("Re-read the database.");
            }
            _ => {}
        }
    }

    /// On a database the user may only read: refuses a key that would change it, before any
    /// dialog opens, in one sentence (the header says "read-only" throughout).
    fn refused_read_only(&mut self, action: Action) -> bool {
        let writes = matches!(
            action,
            Action::Edit
                | Action::Complete
                | Action::PickStatus
                | Action::Note
                | Action::Chase
                | Action::Add
                | Action::AddOther
                | Action::Import
                | Action::Delete
                | Action::Undo
                | Action::Redo
                | Action::MeetingMode
        );
        let Some(why) = self.store.read_only().filter(|_| writes) else {
            return false;
        };
        let why = why.to_string();
        self.error(format!("✗ Nothing was changed: {why}."));
        true
    }

    /// Keys for the Owners view's list of people; false for a key the list leaves to the
    /// rest of the dashboard (quit, help, views…).
    fn update_owners_list(&mut self, action: Action) -> bool {
        let page = self.owners.height.max(1) as isize;
        match action {
            Action::Down => self.move_owner(1),
            Action::Up => self.move_owner(-1),
            Action::PageDown => self.move_owner(page),
            Action::PageUp => self.move_owner(-page),
            Action::Top => {
                self.read_owners(OwnersFrom::First);
                self.sync_linked();
            }
            Action::Bottom => {
                self.read_owners(OwnersFrom::Last);
                self.sync_linked();
            }
            // Into the person's items: the first pane that has any.
            Action::ToggleDetail | Action::FocusNext => {
                let first = self.panes.iter().position(|p| !p.rows.is_empty());
                self.owners.focused = false;
                self.focus_pane(first.unwrap_or(0));
                self.load_detail();
            }
            Action::FocusPrev => {
                self.owners.focused = false;
                self.focus_pane(self.panes.len() - 1);
                self.load_detail();
            }
            a if a.acts_on_item() => {
                self.info("These keys act on an item: Enter moves into this person's items.");
            }
            _ => return false,
        }
        true
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
                        then: Confirmed::UndoChange { id: other.id },
                        back: Box::new(Mode::Normal),
                    })
                }
                Ok(None) => self.info("Nothing to undo."),
                Err(e) => self.error(format!("✗ {e}")),
            },
            Err(e) => self.refused(e),
        }
    }

    /// After an undo or redo: the panes re-read, the item it was about selected where a
    /// pane lists it, and a message naming the change, the item and whose it was.
    pub(super) fn after_revert(&mut self, verb: &str, change: &ChangeInfo) {
        self.reload_all();
        for id in &change.items {
            // A note is about another item: select that one.
            let id = match id.kind {
                Kind::Note => match self
                    .store
                    .get(*id)
                    .ok()
                    .and_then(|n| n.text(Field::ItemId).and_then(|t| t.parse::<ItemId>().ok()))
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

    /// The completion form; a letter's open asks are offered to be marked answered.
    pub(super) fn open_completion(&mut self, item: &Item) {
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
    pub(super) fn open_add(&mut self, kind: Kind, like: Option<Item>) {
        let today = self.today();
        // Under the Reports view's list, a new recommendation is the selected report's.
        let like = match (self.view, kind) {
            (View::Reports, Kind::Recommendation) => self
                .panes
                .first()
                .and_then(|p| p.selected())
                .map(|r| r.listed.item.clone())
                .or(like),
            _ => like,
        };
        let needs = match kind {
            Kind::Recommendation => Some(Kind::Report),
            Kind::Action | Kind::Meeting => Some(Kind::Board),
            _ => None,
        };
        let mut like = like;
        if let Some(parent) = needs {
            let link = if parent == Kind::Report {
                Field::ReportId
            } else {
                Field::BoardId
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
}
