//! One pane's state: its filter and the window of rows it shows. The window is exactly what
//! fits on screen; moving past its edge reads the next few rows by keyset, so a keystroke
//! costs the screen, not the table.

use crate::domain::fields::Field;
use chrono::NaiveDate;

use super::panes::PaneSpec;
use crate::domain::filter::{PaneFilter, Sort};
use crate::domain::ids::ItemId;
use std::collections::HashMap;

use crate::store::{Anchor, Count, PaneCounts, PaneRow, ReportProgress, Result, RowKey, Store};

/// What a report's row shows beyond the report: its recommendations' progress and the
/// day its response letter was sent.
#[derive(Debug, Clone, Default)]
pub struct RowExtra {
    pub progress: Option<ReportProgress>,
    pub response_sent: Option<NaiveDate>,
}

/// Counts a pane still owes: the header's (data changed), the filter's total (filter or
/// data changed) and the window's position in the list (the window was read around an
/// item).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pending {
    pub counts: bool,
    pub total: bool,
    pub position: bool,
    /// Rows in view whose figures (a report's progress) are not read yet.
    pub extras: bool,
}

impl Pending {
    pub fn any(self) -> bool {
        self.counts || self.total || self.position || self.extras
    }
}

pub struct Pane {
    /// What the pane lists and how it looks (an entry of `panes::PANES`, or a view's).
    pub spec: &'static PaneSpec,
    /// A title that says what a linked pane shows now ("RPT-4 recommendations").
    pub heading: Option<String>,
    pub filter: PaneFilter,
    /// The filter as typed (the words in `filter` are folded).
    pub filter_text: String,
    /// The visible rows, in order.
    pub rows: Vec<PaneRow>,
    /// Position (0-based, in the whole filtered list) of `rows[0]`; `None` when the filter
    /// is read row by row and the position is past where counting stops.
    pub top: Option<usize>,
    /// Index into `rows` of the selected row.
    pub cursor: usize,
    /// Rows the filter matches.
    pub total: Count,
    /// Open, overdue and due-soon counts without the filter, for the header.
    pub counts: PaneCounts,
    /// Rows that fit on screen (at least 1).
    pub height: usize,
    /// The widest ID the pane's kinds have ("REC-1010"): the ID column is as wide, so no
    /// ID is ever cut.
    pub id_width: usize,
    /// What is still to be counted: the rows are read and drawn first, counts (which grow
    /// with the table) are filled in when the dashboard is idle.
    pub pending: Pending,
    /// What the Reports view's rows show beyond the report itself, read with the window.
    pub extras: HashMap<ItemId, RowExtra>,
    /// How many rows of the filtered list are overdue, when known cheaply (in due order
    /// they come first, so those below the window can be counted: "↓ 3 more overdue").
    pub overdue: Option<usize>,
}

impl Pane {
    pub fn new(spec: &'static PaneSpec) -> Pane {
        Pane {
            spec,
            heading: None,
            filter: PaneFilter::default(),
            filter_text: String::new(),
            rows: Vec::new(),
            top: Some(0),
            cursor: 0,
            total: Count::Exact(0),
            counts: PaneCounts::default(),
            height: 1,
            id_width: 2,
            overdue: None,
            extras: HashMap::new(),
            pending: Pending::default(),
        }
    }

    pub fn title(&self) -> &str {
        self.heading.as_deref().unwrap_or(self.spec.title)
    }

    pub fn selected(&self) -> Option<&PaneRow> {
        self.rows.get(self.cursor)
    }

    pub fn selected_id(&self) -> Option<ItemId> {
        self.selected().map(|r| r.key.item)
    }

    /// Position of the selected row in the whole filtered list, when known.
    pub fn position(&self) -> Option<usize> {
        self.top.map(|top| top + self.cursor)
    }

    /// Re-reads counts and the window, keeping the selected item selected (found again by
    /// its ID: an edit may have moved it in the order) at the same height on screen. When
    /// the item has left the pane (deleted, finished, no longer matching), the row now in
    /// its place is selected and the item's ID is returned so the caller can say so.
    pub fn reload(
        &mut self,
        store: &Store,
        today: NaiveDate,
        _soon: i64,
    ) -> Result<Option<ItemId>> {
        let source = &self.spec.source;
        self.pending.counts = true;
        self.pending.total = true;
        // The data changed: every row's figures are read again.
        self.extras.clear();
        self.id_width = 2;
        for part in source.parts {
            let widest = ItemId::new(part.kind, store.max_id(part.kind)?.max(1));
            self.id_width = self.id_width.max(widest.to_string().len());
        }
        let Some(old) = self.selected().map(|r| r.key.clone()) else {
            self.window_around(None, store, today)?;
            return Ok(None);
        };
        match store.row_key(&self.spec.source, &self.filter, today, old.item)? {
            Some(now) => {
                self.window_around(Some(now), store, today)?;
                Ok(None)
            }
            None => {
                self.window_around(Some(old.clone()), store, today)?;
                Ok(Some(old.item))
            }
        }
    }

    /// Reads the window around `key` (the counts are unchanged: nothing was written).
    fn window_around(
        &mut self,
        key: Option<RowKey>,
        store: &Store,
        today: NaiveDate,
    ) -> Result<()> {
        let Some(key) = key else {
            return self.load_first(store, today);
        };
        let h = self.height.max(1);
        let above = store.window(
            &self.spec.source,
            &self.filter,
            today,
            &Anchor::Before(key.clone()),
            h - 1,
        )?;
        let below = store.window(
            &self.spec.source,
            &self.filter,
            today,
            &Anchor::From(key.clone()),
            h,
        )?;
        if below.is_empty() && above.is_empty() {
            return self.load_first(store, today);
        }
        let selected_at = if below.is_empty() {
            above.len() - 1
        } else {
            above.len()
        };
        let mut rows = above;
        rows.extend(below);
        // Keep the selection where it was on screen, but never leave space at the bottom.
        let mut start = selected_at.saturating_sub(self.cursor);
        if start + h > rows.len() {
            start = rows.len().saturating_sub(h);
        }
        let first_key = rows[start].key.clone();
        rows.truncate(start + h);
        rows.drain(..start);
        self.cursor = selected_at - start;
        self.rows = rows;
        // Where the window starts in the list is counted later: it costs the rows above.
        let _ = first_key;
        self.top = None;
        self.pending.position = true;
        self.rows_changed();
        Ok(())
    }

    fn load_first(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        self.rows = store.window(
            &self.spec.source,
            &self.filter,
            today,
            &Anchor::First,
            self.height.max(1),
        )?;
        self.top = Some(0);
        self.cursor = 0;
        self.rows_changed();
        Ok(())
    }

    /// Selects the row with `key` (which the filter shows), reading the window around it.
    pub fn show(&mut self, key: RowKey, store: &Store, today: NaiveDate) -> Result<()> {
        self.pending.total = true;
        self.window_around(Some(key), store, today)
    }

    /// After the filter changed: back to the first row.
    pub fn restart(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        self.pending.total = true;
        self.load_first(store, today)
    }

    /// Counts what is pending (header counts, the filter's total, the window's position);
    /// says whether there was anything to count.
    pub fn settle(&mut self, store: &Store, today: NaiveDate, soon: i64) -> Result<bool> {
        if !self.pending.any() {
            return Ok(false);
        }
        let source = &self.spec.source;
        if self.pending.counts {
            self.counts = store.pane_counts(source, today, soon)?;
        }
        if self.pending.total || self.pending.counts {
            self.total = store.window_count(source, &self.filter, today)?;
        }
        if self.pending.position {
            self.top = match self.rows.first() {
                Some(first) => store
                    .window_position(source, &self.filter, today, &first.key)?
                    .exact(),
                None => Some(0),
            };
        }
        self.count_overdue(store, today)?;
        if self.pending.extras {
            self.read_extras(store, today)?;
        }
        self.pending = Pending::default();
        Ok(true)
    }

    /// Overdue rows in the filtered list, from counts already made where possible.
    fn count_overdue(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        self.overdue = match (self.filter.sort, self.filter.words.is_empty()) {
            // With finished rows shown, overdue rows are no longer the first ones.
            _ if self.filter.finished => None,
            // The pane's own counts are of all its open items: only without a person, a
            // report or a band of due dates chosen are they this list's.
            (Sort::Due, true) if self.filter.is_whole() => Some(self.counts.overdue),
            _ => store.overdue_matches(&self.spec.source, &self.filter, today)?,
        };
        Ok(())
    }

    /// Overdue rows below the window (in due order, where they can be known).
    pub fn overdue_below(&self) -> usize {
        match (self.overdue, self.top) {
            (Some(overdue), Some(top)) => overdue.saturating_sub(top + self.rows.len()),
            _ => 0,
        }
    }

    /// Moves the selection by `delta` rows (clamped), reading rows past the window's edges.
    pub fn move_by(&mut self, store: &Store, today: NaiveDate, delta: isize) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let h = self.height.max(1);
        let target = self.cursor as isize + delta;
        if target >= 0 && (target as usize) < self.rows.len() {
            self.cursor = target as usize;
            return Ok(());
        }
        if target < 0 {
            let need = target.unsigned_abs();
            let first = self.rows[0].key.clone();
            let mut rows = store.window(
                &self.spec.source,
                &self.filter,
                today,
                &Anchor::Before(first),
                need,
            )?;
            let got = rows.len();
            rows.append(&mut self.rows);
            rows.truncate(h);
            self.rows = rows;
            // Fewer rows than asked for: this is the top of the list.
            self.top = if got < need {
                Some(0)
            } else {
                self.top.map(|top| top.saturating_sub(got))
            };
            self.cursor = (got as isize + target).max(0) as usize;
        } else {
            let need = target as usize + 1 - self.rows.len();
            let last = self.rows[self.rows.len() - 1].key.clone();
            let after = store.window(
                &self.spec.source,
                &self.filter,
                today,
                &Anchor::After(last),
                need,
            )?;
            let at_end = after.len() < need;
            self.rows.extend(after);
            let target = (target as usize).min(self.rows.len() - 1);
            let drop = self.rows.len().saturating_sub(h);
            self.rows.drain(..drop);
            self.top = self.top.map(|top| top + drop);
            self.cursor = target - drop;
            // A count that stopped early learns from the rows seen past it.
            if let (Count::AtLeast(floor), Some(top)) = (self.total, self.top) {
                let seen = top + self.rows.len();
                self.total = if at_end {
                    Count::Exact(seen)
                } else {
                    Count::AtLeast(floor.max(seen))
                };
            }
        }
        self.rows_changed();
        Ok(())
    }

    pub fn first(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        self.load_first(store, today)
    }

    pub fn last(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        let h = self.height.max(1);
        self.rows = store.window(&self.spec.source, &self.filter, today, &Anchor::Last, h)?;
        self.top = match (self.pending.total, self.total.exact()) {
            (false, Some(total)) => Some(total.saturating_sub(self.rows.len())),
            _ => {
                self.pending.position = true;
                None
            }
        };
        self.cursor = self.rows.len().saturating_sub(1);
        self.rows_changed();
        Ok(())
    }

    /// New rows came into view: their figures, if the pane shows any, are read between keys.
    fn rows_changed(&mut self) {
        use super::panes::Column;
        let shows = self
            .spec
            .columns
            .iter()
            .any(|c| matches!(c, Column::Progress | Column::Response));
        if shows
            && self
                .rows
                .iter()
                .any(|r| !self.extras.contains_key(&r.key.item))
        {
            self.pending.extras = true;
        }
    }

    /// For a pane that shows reports' progress or response: those figures for the rows in
    /// view (a bounded count a row), kept from earlier reads until the data changes.
    fn read_extras(&mut self, store: &Store, today: NaiveDate) -> Result<()> {
        let mut extras = HashMap::new();
        for row in &self.rows {
            let item = &row.listed.item;
            if item.kind() != crate::domain::ids::Kind::Report {
                continue;
            }
            if let Some(known) = self.extras.remove(&item.id) {
                extras.insert(item.id, known);
                continue;
            }
            let sent = match item.get(Field::ResponseLetterId).as_link() {
                Some(letter) => store.get(letter)?.date(Field::DatedOn),
                None => None,
            };
            extras.insert(
                item.id,
                RowExtra {
                    progress: Some(store.report_progress(item.id, today)?),
                    response_sent: sent,
                },
            );
        }
        self.extras = extras;
        Ok(())
    }

    /// A new height (the terminal was resized): re-read around the selection.
    pub fn resize(&mut self, height: usize, store: &Store, today: NaiveDate) -> Result<()> {
        if height.max(1) != self.height {
            let key = self.selected().map(|r| r.key.clone());
            self.height = height.max(1);
            self.cursor = self.cursor.min(self.height - 1);
            self.window_around(key, store, today)?;
        }
        Ok(())
    }
}
