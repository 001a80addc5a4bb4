//! The Summary view (F5): charts of the whole picture above the three panes. Open items by
//! age, by owner and by report are bar charts whose selected bar fills the panes below with
//! those items; the 12-month trend (rebuilt from the audit trail) and how letters and
//! statutory responses were answered are figures to read.
//!
//! The figures come from `store::summary`'s aggregate queries. Some of them read every open
//! row or the whole audit trail (seconds at a million items), so they are computed on a
//! thread with its own connection and arrive part by part: keys never wait for them, and
//! each chart says "counting…" until its part is in. A database in memory (tests) is
//! counted on the spot.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{Duration, NaiveDate};

use super::app::App;
use super::views::View;
use crate::domain::ids::ItemId;
use crate::store::Store;
use crate::store::summary::{
    AgeBuckets, Loads, ReplyPerformance, ResponseSent, Scope, Stream, Trend,
};

/// Bars in the owners and reports charts (the rest are summed in the chart's title).
pub const TOP: usize = 8;
/// Months in the trend, this one included.
pub const MONTHS: u32 = 12;

/// The charts whose bars select items, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chart {
    #[default]
    Age,
    Owners,
    Reports,
}

impl Chart {
    pub const ALL: [Chart; 3] = [Chart::Age, Chart::Owners, Chart::Reports];

    fn index(self) -> usize {
        Chart::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// The figures, each `None` until it has been counted.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub age: Option<Vec<(Stream, AgeBuckets)>>,
    pub owners: Option<Loads>,
    pub reports: Option<Loads>,
    pub replies: Option<ReplyPerformance>,
    pub responses: Option<Vec<ResponseSent>>,
    pub trend: Option<Trend>,
}

/// One figure counted (or the counting failed).
enum Part {
    Age(Vec<(Stream, AgeBuckets)>),
    Owners(Loads),
    Reports(Loads),
    Replies(ReplyPerformance),
    Responses(Vec<ResponseSent>),
    Trend(Trend),
    Failed(String),
}

/// The Summary view's state: the figures, which bar is selected, and the counting under way.
#[derive(Debug, Default)]
pub struct Summary {
    pub figures: Figures,
    pub chart: Chart,
    /// The selected bar of each chart (by `Chart::ALL` order).
    pub bar: [usize; 3],
    /// The charts have the keys (else the panes below do).
    pub focused: bool,
    /// Counting failed: why (shown in place of the missing charts).
    pub failed: Option<String>,
    /// The day the figures are counted against (they are counted again when it changes).
    pub counted_on: Option<NaiveDate>,
    job: Option<Receiver<Part>>,
    /// The data changed while a count was under way: count again when it ends (one count
    /// at a time, however often another process writes).
    stale: bool,
}

/// The first day of the period replies are judged over: the last twelve months.
pub fn replies_since(today: NaiveDate) -> NaiveDate {
    today - Duration::days(364)
}

/// Counts every figure, the quick ones first, handing each to `send` as it is done; stops
/// when `send` says nobody is listening any more.
fn count(store: &Store, today: NaiveDate, soon: i64, mut send: impl FnMut(Part) -> bool) {
    let all = Scope::default();
    let since = replies_since(today);
    let steps: [&dyn Fn() -> crate::store::Result<Part>; 6] = [
        &|| store.age_buckets(all, today, soon).map(Part::Age),
        &|| store.owner_loads(all, today, TOP).map(Part::Owners),
        &|| store.report_loads(today, TOP).map(Part::Reports),
        &|| store.reply_performance(since, today).map(Part::Replies),
        &|| store.responses_sent(since, today).map(Part::Responses),
        &|| store.trend(all, today, MONTHS).map(Part::Trend),
    ];
    for step in steps {
        let part = step().unwrap_or_else(|e| Part::Failed(e.to_string()));
        let failed = matches!(part, Part::Failed(_));
        if !send(part) || failed {
            return;
        }
    }
}

impl Summary {
    /// The selected bar of the focused chart.
    pub fn selected_bar(&self, chart: Chart) -> usize {
        self.bar[chart.index()]
    }

    /// How many bars a chart has now.
    pub fn bars(&self, chart: Chart) -> usize {
        match chart {
            Chart::Age => 7,
            Chart::Owners => self.figures.owners.as_ref().map_or(0, |l| l.top.len()),
            Chart::Reports => self.figures.reports.as_ref().map_or(0, |l| l.top.len()),
        }
    }

    /// Whether counting is still under way.
    pub fn counting(&self) -> bool {
        self.job.is_some()
    }

    fn take(&mut self, part: Part) {
        let f = &mut self.figures;
        match part {
            Part::Age(v) => f.age = Some(v),
            Part::Owners(v) => f.owners = Some(v),
            Part::Reports(v) => f.reports = Some(v),
            Part::Replies(v) => f.replies = Some(v),
            Part::Responses(v) => f.responses = Some(v),
            Part::Trend(v) => f.trend = Some(v),
            Part::Failed(why) => self.failed = Some(why),
        }
        // Bars may have gone (an owner's last item finished): keep the selection in range.
        for chart in Chart::ALL {
            let n = self.bars(chart);
            let i = chart.index();
            self.bar[i] = self.bar[i].min(n.saturating_sub(1));
        }
    }

    /// What the selected bar stands for, as a pane filter: a band of due dates, a person,
    /// or a report. `None` while the chart's figures are not in yet.
    pub fn selection(&self, today: NaiveDate, soon: i64) -> Option<Selection> {
        let i = self.selected_bar(self.chart);
        match self.chart {
            Chart::Age => Some(age_band(i, today, soon)),
            Chart::Owners => {
                let load = self.figures.owners.as_ref()?.top.get(i)?;
                Some(Selection {
                    owner: Some(load.key.clone()),
                    heading: load.name.clone(),
                    ..Selection::default()
                })
            }
            Chart::Reports => {
                let load = self.figures.reports.as_ref()?.top.get(i)?;
                let id: ItemId = load.key.parse().ok()?;
                Some(Selection {
                    report: Some(id.num),
                    heading: format!("{id} {}", load.name),
                    ..Selection::default()
                })
            }
        }
    }
}

/// The items a bar stands for, as the panes' filter fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub owner: Option<String>,
    pub report: Option<i64>,
    /// How the panes' titles say it ("1–30 days overdue").
    pub heading: String,
}

/// The due dates of age bar `i` (in `AgeBuckets::counts` order), as the store's buckets
/// draw them: whole days overdue, the due-soon window `soon` days long.
pub fn age_band(i: usize, today: NaiveDate, soon: i64) -> Selection {
    let (from, until) = AgeBuckets::bands(today, soon)
        .get(i)
        .copied()
        .unwrap_or((None, None));
    let heading = AgeBuckets::labels(soon)
        .get(i)
        .cloned()
        .unwrap_or_default()
        .to_lowercase();
    Selection {
        from,
        until,
        heading,
        ..Selection::default()
    }
}

impl App {
    /// Starts counting the figures afresh (the view was opened, the data or the day
    /// changed). On a database in a file this happens on a thread; in memory, at once.
    pub(super) fn count_summary(&mut self) {
        if self.summary.job.is_some() {
            self.summary.stale = true;
            return;
        }
        self.summary.stale = false;
        let (today, soon) = (self.ctx.today, self.ctx.settings.due_soon_days);
        self.summary.failed = None;
        self.summary.counted_on = Some(today);
        match self.store.path().map(|p| p.to_path_buf()) {
            Some(path) => {
                let (tx, rx) = channel();
                self.summary.job = Some(rx);
                std::thread::spawn(move || match Store::open_existing(&path) {
                    Ok(store) => count(&store, today, soon, |part| tx.send(part).is_ok()),
                    Err(e) => {
                        let _ = tx.send(Part::Failed(e.to_string()));
                    }
                });
            }
            None => {
                let mut parts = Vec::new();
                count(&self.store, today, soon, |part| {
                    parts.push(part);
                    true
                });
                for part in parts {
                    self.summary.take(part);
                }
                self.sync_linked();
            }
        }
    }

    /// Takes in what the counting thread has finished; says whether anything came.
    /// `wait`: block until it has finished everything (tests, `settle`).
    pub(super) fn poll_summary(&mut self, wait: bool) -> bool {
        let Some(rx) = self.summary.job.take() else {
            return false;
        };
        let mut got = false;
        let mut done = false;
        loop {
            let next = if wait {
                rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            };
            match next {
                Ok(part) => {
                    let chart_part =
                        matches!(part, Part::Age(_) | Part::Owners(_) | Part::Reports(_));
                    self.summary.take(part);
                    got = true;
                    if chart_part {
                        self.sync_linked();
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    done = true;
                    break;
                }
            }
        }
        if !done {
            self.summary.job = Some(rx);
        } else if self.summary.stale && self.view == View::Summary {
            self.count_summary();
            if wait {
                got |= self.poll_summary(true);
            }
        }
        got
    }

    /// Keys while the charts have them; false for a key they leave to the rest of the
    /// dashboard (quit, help, views…).
    pub(super) fn update_summary_charts(&mut self, action: super::action::Action) -> bool {
        use super::action::Action;
        let chart = self.summary.chart;
        let i = chart.index();
        let n = self.summary.bars(chart);
        match action {
            Action::Down => {
                self.summary.bar[i] = (self.summary.bar[i] + 1).min(n.saturating_sub(1))
            }
            Action::Up => self.summary.bar[i] = self.summary.bar[i].saturating_sub(1),
            Action::Top => self.summary.bar[i] = 0,
            Action::Bottom => self.summary.bar[i] = n.saturating_sub(1),
            Action::FocusNext => {
                let next = (i + 1) % Chart::ALL.len();
                self.summary.chart = Chart::ALL[next];
            }
            Action::FocusPrev => {
                let prev = (i + Chart::ALL.len() - 1) % Chart::ALL.len();
                self.summary.chart = Chart::ALL[prev];
            }
            // Into the bar's items: the first pane that has any.
            Action::ToggleDetail => {
                let first = self.panes.iter().position(|p| !p.rows.is_empty());
                match first {
                    Some(p) => {
                        self.summary.focused = false;
                        self.focus_pane(p);
                        self.load_detail();
                    }
                    None => self.info("No open items here."),
                }
                return true;
            }
            a if a.acts_on_item() => {
                self.info("These keys act on an item: Enter moves into the bar's items.");
                return true;
            }
            _ => return false,
        }
        self.sync_linked();
        true
    }

    /// The panes show the selected bar's items.
    pub(super) fn sync_summary_panes(&mut self) {
        let (today, soon) = (self.ctx.today, self.ctx.settings.due_soon_days);
        let Some(sel) = self.summary.selection(today, soon) else {
            return;
        };
        for i in 0..self.panes.len() {
            let f = &self.panes[i].filter;
            if (f.from, f.until, &f.owner, f.report)
                == (sel.from, sel.until, &sel.owner, sel.report)
            {
                continue;
            }
            let pane = &mut self.panes[i];
            pane.filter.from = sel.from;
            pane.filter.until = sel.until;
            pane.filter.owner = sel.owner.clone();
            // Only recommendations belong to a report: with one chosen, the others show none.
            pane.filter.report = sel.report;
            pane.heading = Some(format!("{} · {}", pane.spec.title, sel.heading));
            let App { panes, store, .. } = self;
            if let Err(e) = panes[i].restart(store, today) {
                self.error(format!("✗ {e}"));
            }
        }
    }

    /// Whether the Summary view's charts have the keys.
    pub fn summary_charts_focused(&self) -> bool {
        self.view == View::Summary && self.summary.focused
    }
}
