//! The views beyond the dashboard, one key away (F1–F5, `v` cycles) and listed in a tab
//! line: Reports (every report, its response and progress, above the selected report's
//! recommendations), Owners (one row per person, above that person's items) and Deadlines
//! (the coming weeks across every kind, grouped by week and day) and Summary (charts above the chosen bar's items). Each view is a set of
//! panes, so moving, filtering, the detail and every item key work the same in all of them;
//! a view's panes are kept while another is shown.

use chrono::{Duration, NaiveDate};

use super::app::App;
use super::layout;
use super::pane::Pane;
use super::panes::{DEADLINES, PANES, REPORT_RECOMMENDATIONS, REPORTS};
use crate::domain::ids::ItemId;
use crate::store::{OwnerRow, OwnersFrom, Store};

/// How far ahead the Deadlines view looks.
pub const DEADLINE_WEEKS: i64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Reports,
    Owners,
    Deadlines,
    Summary,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Dashboard,
        View::Reports,
        View::Owners,
        View::Deadlines,
        View::Summary,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "Dashboard",
            View::Reports => "Reports",
            View::Owners => "Owners",
            View::Deadlines => "Deadlines",
            View::Summary => "Summary",
        }
    }

    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }

    /// The panes a view opens with.
    fn panes(self, today: NaiveDate) -> Vec<Pane> {
        match self {
            View::Dashboard => PANES.iter().map(Pane::new).collect(),
            View::Reports => {
                let mut recs = Pane::new(&REPORT_RECOMMENDATIONS);
                recs.filter.finished = true;
                // Until a report is selected, none of them.
                recs.filter.report = Some(0);
                vec![Pane::new(&REPORTS), recs]
            }
            View::Owners => PANES
                .iter()
                .map(|spec| {
                    let mut p = Pane::new(spec);
                    p.filter = Store::owner_filter("");
                    p
                })
                .collect(),
            View::Deadlines => {
                let mut p = Pane::new(&DEADLINES);
                p.filter.until = Some(today + Duration::weeks(DEADLINE_WEEKS));
                vec![p]
            }
            // The selected bar's items; the charts fill in the filters.
            View::Summary => PANES.iter().map(Pane::new).collect(),
        }
    }
}

/// The Owners view's list of people: a window of rows, read a screen at a time.
#[derive(Debug, Clone, Default)]
pub struct OwnersList {
    pub rows: Vec<OwnerRow>,
    pub cursor: usize,
    /// Rows that fit (at least 1).
    pub height: usize,
    /// The list has the keys (else the selected person's items do).
    pub focused: bool,
    /// Whether people come before the first shown, or after the last (said on the border:
    /// the whole list is not counted, it is read a screen at a time).
    pub more_above: bool,
    pub more_below: bool,
}

impl OwnersList {
    pub fn selected(&self) -> Option<&OwnerRow> {
        self.rows.get(self.cursor)
    }
}

impl App {
    /// Shows `view`, keeping the panes of the one left (selection, filter, order) for when
    /// it is shown again.
    pub(super) fn show_view(&mut self, view: View) {
        if view == self.view {
            return;
        }
        let today = self.ctx.today;
        let left = std::mem::take(&mut self.panes);
        self.stash.push((self.view, left, self.focus));
        let (panes, focus) = match self.stash.iter().position(|(v, ..)| *v == view) {
            Some(i) => {
                let (_, panes, focus) = self.stash.remove(i);
                (panes, focus)
            }
            None => (view.panes(today), 0),
        };
        self.view = view;
        self.panes = panes;
        self.focus = focus;
        self.detail_pinned = None;
        self.owners.focused = view == View::Owners;
        self.summary.focused = view == View::Summary;
        self.apply_layout();
        if view == View::Owners {
            self.read_owners(OwnersFrom::First);
        }
        self.reload_all();
        self.sync_linked();
        self.info(match view {
            View::Dashboard => "Dashboard: open items, replies owed and board actions.",
            View::Reports => {
                "Reports: every report, its response and progress; its recommendations below \
                 (Tab moves there)."
            }
            View::Owners => "Owners: who has what open; Enter shows a person's items.",
            View::Deadlines => "Deadlines: what is overdue, then the next 8 weeks by week and day.",
            View::Summary => {
                "Summary: ←→ or j/k choose a bar, Tab the next chart; its items are below (Enter)."
            }
        });
    }

    /// Panes that follow a selection elsewhere: a report's recommendations under the
    /// Reports view's list; a person's items under the Owners view's list.
    pub(super) fn sync_linked(&mut self) {
        let today = self.ctx.today;
        match self.view {
            View::Reports if self.panes.len() == 2 => {
                let report = self.panes[0].selected_id().map_or(0, |id: ItemId| id.num);
                if self.panes[1].filter.report != Some(report) {
                    self.panes[1].filter.report = Some(report);
                    self.panes[1].heading = self.panes[0]
                        .selected()
                        .map(|r| format!("{} recommendations", r.listed.item.id));
                    let App { panes, store, .. } = self;
                    if let Err(e) = panes[1].restart(store, today) {
                        self.error(format!("✗ {e}"));
                    }
                }
            }
            View::Owners => {
                let Some(owner) = self.owners.selected().map(|o| o.key.clone()) else {
                    return;
                };
                for i in 0..self.panes.len() {
                    if self.panes[i].filter.owner.as_deref() != Some(owner.as_str()) {
                        self.panes[i].filter.owner = Some(owner.clone());
                        let App { panes, store, .. } = self;
                        if let Err(e) = panes[i].restart(store, today) {
                            self.error(format!("✗ {e}"));
                        }
                    }
                }
            }
            View::Summary => self.sync_summary_panes(),
            _ => {}
        }
    }

    /// Reads a screen of owners from `from`, the cursor on the first (or, reading
    /// backwards, the last) of them.
    pub(super) fn read_owners(&mut self, from: OwnersFrom<'_>) {
        let (today, soon) = (self.ctx.today, self.ctx.settings.due_soon_days);
        let h = self.owners.height.max(1);
        match self.store.owners(from, h, today, soon) {
            Ok(rows) if rows.is_empty() && !matches!(from, OwnersFrom::First) => {}
            Ok(rows) => {
                self.owners.cursor = match from {
                    OwnersFrom::Before(_) | OwnersFrom::Last => rows.len().saturating_sub(1),
                    _ => 0,
                };
                let beyond = |from: OwnersFrom<'_>| {
                    self.store
                        .owners(from, 1, today, soon)
                        .is_ok_and(|r| !r.is_empty())
                };
                self.owners.more_above = rows
                    .first()
                    .is_some_and(|r| beyond(OwnersFrom::Before(&r.key)));
                self.owners.more_below = rows
                    .last()
                    .is_some_and(|r| beyond(OwnersFrom::After(&r.key)));
                self.owners.rows = rows;
            }
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    /// Moves in the owners list, reading the next screen past its edges.
    pub(super) fn move_owner(&mut self, by: isize) {
        let target = self.owners.cursor as isize + by;
        if target >= 0 && (target as usize) < self.owners.rows.len() {
            self.owners.cursor = target as usize;
        } else if target < 0 {
            if let Some(first) = self.owners.rows.first().map(|r| r.key.clone()) {
                self.read_owners(OwnersFrom::Before(&first));
            }
        } else if let Some(last) = self.owners.rows.last().map(|r| r.key.clone()) {
            self.read_owners(OwnersFrom::After(&last));
        }
        self.sync_linked();
        self.load_detail();
    }

    /// The owners list's size follows the layout.
    pub(super) fn size_owners(&mut self, screen: &layout::Screen) {
        if let Some(area) = screen.owners {
            let h = layout::rows_in(area).max(1);
            if h != self.owners.height {
                self.owners.height = h;
                self.refresh_owners();
            }
        }
    }

    /// Re-reads the owners list from the first person shown (their counts may have
    /// changed), keeping the cursor on the same person where they are still listed.
    pub(super) fn refresh_owners(&mut self) {
        let Some(first) = self.owners.rows.first().map(|r| r.key.clone()) else {
            return self.read_owners(OwnersFrom::First);
        };
        let chosen = self.owners.selected().map(|r| r.key.clone());
        let (today, soon) = (self.ctx.today, self.ctx.settings.due_soon_days);
        // From the first person shown: after the one before them.
        let before = self
            .store
            .owners(OwnersFrom::Before(&first), 1, today, soon)
            .ok()
            .and_then(|r| r.first().map(|o| o.key.clone()));
        match before {
            Some(b) => self.read_owners(OwnersFrom::After(&b)),
            None => self.read_owners(OwnersFrom::First),
        }
        if let Some(i) = chosen.and_then(|c| self.owners.rows.iter().position(|r| r.key == c)) {
            self.owners.cursor = i;
        }
    }
}
