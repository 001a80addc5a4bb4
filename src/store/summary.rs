//! Aggregates for the board pack and the dashboard's summary view: open items by age, by
//! owner and by report; a 12-month trend rebuilt from the audit trail; how letters were
//! answered and statutory responses sent; what was finished in a period and the RAG ratings.
//!
//! **Scope.** Every figure is about the whole office, or, with [`Scope::board`], about that
//! board's actions: recommendations, letters and reports' responses belong to no board, so a
//! board's pack shows them whole beside its own actions.
//!
//! **Cost.** Counts are range counts over the partial due-order indexes of migrations 2 and 5
//! (`{table}_open_by_due` on `coalesce(due_on, '9999-12-31'), id`, holding open items only),
//! so they read index entries, never finished rows. Grouping by owner or by report reads the
//! open items' rows (the indexes do not hold the owner or the report). The trend adds to
//! those counts the period's events only (see [`Store::trend`]). Letters' replies, finished
//! items and RAG ratings have no index of their own and read their table (see each
//! function: the index that would bound it is named).

use crate::domain::fields::Field;
use crate::domain::filter::NO_DUE_DATE;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, params_from_iter};

use super::items::{columns, read_item};
use super::window::{Part, Rows, base_condition};
use super::{Result, Store, table};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::timeline::{Tracked, UkDays};

/// What a summary counts: the whole office, or one board's actions (with everything that
/// belongs to no board).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only this board's actions (`BRD-n`); recommendations, letters and responses are
    /// counted whole either way.
    pub board: Option<ItemId>,
}

/// The streams of work a summary counts, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stream {
    /// Open recommendations.
    Recommendations,
    /// Letters awaiting reply (either direction).
    Letters,
    /// Published reports whose s55, IOPC or Regulation 28 response is not yet sent.
    Responses,
    /// Open board actions.
    Actions,
}

impl Stream {
    pub const ALL: [Stream; 4] = [
        Stream::Recommendations,
        Stream::Letters,
        Stream::Responses,
        Stream::Actions,
    ];

    pub fn kind(self) -> Kind {
        match self {
            Stream::Recommendations => Kind::Recommendation,
            Stream::Letters => Kind::Letter,
            Stream::Responses => Kind::Report,
            Stream::Actions => Kind::Action,
        }
    }

    /// How the stream is headed in a pack: "Letters awaiting reply".
    pub fn label(self) -> &'static str {
        match self {
            Stream::Recommendations => "Recommendations",
            Stream::Letters => "Letters awaiting reply",
            Stream::Responses => "Responses owed",
            Stream::Actions => "Board actions",
        }
    }

    fn part(self) -> Part {
        Part {
            kind: self.kind(),
            rows: match self {
                Stream::Responses => Rows::ResponseOwed,
                _ => Rows::Open,
            },
        }
    }

    /// The partial index holding exactly this stream's open items in due order.
    fn index(self) -> &'static str {
        match self {
            Stream::Recommendations => "recommendation_open_by_due",
            Stream::Letters => "letter_open_by_due",
            Stream::Responses => "report_owed_by_due",
            Stream::Actions => "board_action_open_by_due",
        }
    }
}

/// Open items by how late they are. Days overdue are whole days past the due date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgeBuckets {
    /// Due more than the due-soon window ahead.
    pub not_yet_due: usize,
    /// Due today or within the due-soon window (14 days unless set otherwise).
    pub due_soon: usize,
    pub overdue_1_30: usize,
    pub overdue_31_90: usize,
    pub overdue_91_365: usize,
    pub overdue_over_365: usize,
    /// Open with no due date.
    pub undated: usize,
}

impl AgeBuckets {
    /// The buckets' names, in the order of [`counts`](AgeBuckets::counts), for a due-soon
    /// window of `soon` days.
    pub fn labels(soon: i64) -> [String; 7] {
        [
            "Not yet due".into(),
            format!("Due within {soon} days"),
            "1–30 days overdue".into(),
            "31–90 days overdue".into(),
            "91–365 days overdue".into(),
            "Over 365 days overdue".into(),
            "No due date".into(),
        ]
    }

    /// Each bucket's due dates, first and last day inclusive (`None`: open-ended), in the
    /// order of [`counts`](AgeBuckets::counts): whole days overdue, the due-soon window
    /// `soon` days long, "no due date" as [`NO_DUE_DATE`]. The counts and the Summary's
    /// bars (which list a bucket's items below) both read these, so they cannot disagree.
    pub fn bands(today: NaiveDate, soon: i64) -> [(Option<NaiveDate>, Option<NaiveDate>); 7] {
        let d = |n: i64| Some(today + Duration::days(n));
        [
            (d(soon.max(0) + 1), Some(NO_DUE_DATE - Duration::days(1))),
            (d(0), d(soon.max(0))),
            (d(-30), d(-1)),
            (d(-90), d(-31)),
            (d(-365), d(-91)),
            (None, d(-366)),
            (Some(NO_DUE_DATE), None),
        ]
    }

    fn from_counts(c: [usize; 7]) -> AgeBuckets {
        AgeBuckets {
            not_yet_due: c[0],
            due_soon: c[1],
            overdue_1_30: c[2],
            overdue_31_90: c[3],
            overdue_91_365: c[4],
            overdue_over_365: c[5],
            undated: c[6],
        }
    }

    pub fn counts(&self) -> [usize; 7] {
        [
            self.not_yet_due,
            self.due_soon,
            self.overdue_1_30,
            self.overdue_31_90,
            self.overdue_91_365,
            self.overdue_over_365,
            self.undated,
        ]
    }

    pub fn open(&self) -> usize {
        self.counts().iter().sum()
    }

    pub fn overdue(&self) -> usize {
        self.overdue_1_30 + self.overdue_31_90 + self.overdue_91_365 + self.overdue_over_365
    }

    fn add(&mut self, other: &AgeBuckets) {
        self.not_yet_due += other.not_yet_due;
        self.due_soon += other.due_soon;
        self.overdue_1_30 += other.overdue_1_30;
        self.overdue_31_90 += other.overdue_31_90;
        self.overdue_91_365 += other.overdue_91_365;
        self.overdue_over_365 += other.overdue_over_365;
        self.undated += other.undated;
    }
}

/// Open and overdue items of one person (or of a group of people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// The owner as the owner order keys them (lower case; `~` nobody); a report's ID for
    /// a report's load.
    pub key: String,
    /// As written (the first spelling in sort order), or a report's title.
    pub name: String,
    pub open: usize,
    pub overdue: usize,
}

/// The heaviest loads first, and what the rest add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loads {
    /// The top N by overdue, then by open, then by key.
    pub top: Vec<Load>,
    /// How many owners (or reports) are not in `top`, and their open and overdue items.
    pub others: usize,
    pub others_open: usize,
    pub others_overdue: usize,
}

/// One month's end (or today) in the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendPoint {
    /// The last day of the month; the last point is today.
    pub on: NaiveDate,
    pub open: usize,
    pub overdue: usize,
}

/// Open and overdue items at each month's end, rebuilt from the audit trail (see
/// [`Store::trend`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
    /// Events of the period read (and undone) to rebuild the months before today.
    pub events: usize,
}

/// How replies went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplyCounts {
    pub replied: usize,
    /// Replied on or before the reply due date.
    pub on_time: usize,
    pub late: usize,
    /// Replied, but with no due date or no reply day to judge by.
    pub not_judged: usize,
    /// Median whole days from receipt (an incoming letter; its date when no receipt day) or
    /// from its date (the office's own letter) to the reply.
    pub median_days: Option<f64>,
}

/// Replies made in a period: the office's to incoming letters, and those the office's own
/// letters got.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplyPerformance {
    pub by_office: ReplyCounts,
    pub to_office: ReplyCounts,
}

/// A statutory response sent: a report's response letter against the report's last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseSent {
    pub report: ItemId,
    pub title: String,
    /// `hmicfrs`, `iopc`, `coroner`, `other`.
    pub source: String,
    pub last_day: Option<NaiveDate>,
    pub letter: ItemId,
    pub sent_on: NaiveDate,
    /// Days after the last day it was sent (0 on time); `None` with no last day.
    pub days_late: Option<i64>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Who an item waits on, as the owner order has it (the Owners view's key).
fn who_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Letter => {
            "coalesce(t.owner, CASE WHEN t.direction = 'outgoing' THEN t.recipient ELSE t.sender END)"
        }
        _ => "t.owner",
    }
}

const DUE: &str = "coalesce(t.due_on, '9999-12-31')";

/// Open and overdue recommendations by report, from the index alone (schema 7), in report
/// order: nothing to sort.
fn report_load_query(today: NaiveDate) -> (String, Vec<Sql>) {
    let open = base_condition(Stream::Recommendations.part(), false);
    let sql = format!(
        "SELECT t.report_id, count(*), coalesce(sum({DUE} < ?1), 0)
         FROM recommendation t INDEXED BY recommendation_open_report_load
         WHERE {open} GROUP BY t.report_id"
    );
    (sql, vec![Sql::Text(day(today))])
}

/// The median of whole numbers (the mean of the middle two for an even count).
fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

/// The last day of the month `back` months before the month of `today`.
fn month_end(today: NaiveDate, back: u32) -> NaiveDate {
    let months = today.year() * 12 + today.month0() as i32 - back as i32;
    let (y, m0) = (months.div_euclid(12), months.rem_euclid(12) as u32);
    let next = if m0 == 11 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m0 + 2, 1)
    };
    next.expect("a month in range") - Duration::days(1)
}

impl Store {
    /// The FROM clause and conditions that read a stream's open items in `scope`: the
    /// stream's own due-order index, or for one board's actions the board's rows
    /// (`board_action_by_board`: a board's actions, open or not).
    fn stream_rows(&self, stream: Stream, scope: Scope, params: &mut Vec<Sql>) -> (String, String) {
        let t = table(stream.kind());
        let open = base_condition(stream.part(), false);
        match (stream, scope.board) {
            (Stream::Actions, Some(board)) => {
                params.push(Sql::Integer(board.num));
                (
                    format!("\"{t}\" t INDEXED BY board_action_by_board"),
                    format!("t.board_id = ?{} AND {open}", params.len()),
                )
            }
            _ => (format!("\"{t}\" t INDEXED BY {}", stream.index()), open),
        }
    }

    /// Open items of each stream by age (see [`AgeBuckets`]), in [`Stream::ALL`] order.
    /// Each bucket is a range count over the stream's due-order index: `due_soon_days` is
    /// the due-soon window (the `due_soon_days` setting, 14 unless changed).
    pub fn age_buckets(
        &self,
        scope: Scope,
        today: NaiveDate,
        due_soon_days: i64,
    ) -> Result<Vec<(Stream, AgeBuckets)>> {
        let bands = AgeBuckets::bands(today, due_soon_days);
        let mut out = Vec::new();
        for stream in Stream::ALL {
            let mut params = Vec::new();
            let (from, open) = self.stream_rows(stream, scope, &mut params);
            let counts: Vec<String> = bands
                .iter()
                .map(|(first, last)| {
                    // Up to the day after the last, not to the last: a stored due date that
                    // is not a date ("2026-11-2") still falls in exactly one bucket.
                    let after_last = last.map(|d| d + Duration::days(1));
                    let mut terms = vec![open.clone()];
                    for (bound, op) in [(first, ">="), (&after_last, "<")] {
                        if let Some(day_) = bound {
                            params.push(Sql::Text(day(*day_)));
                            terms.push(format!("{DUE} {op} ?{}", params.len()));
                        }
                    }
                    format!(
                        "(SELECT count(*) FROM {from} WHERE {})",
                        terms.join(" AND ")
                    )
                })
                .collect();
            let sql = format!("SELECT {}", counts.join(", "));
            let n = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(params), |r| {
                    let mut c = [0usize; 7];
                    for (i, v) in c.iter_mut().enumerate() {
                        *v = r.get::<_, i64>(i)? as usize;
                    }
                    Ok(AgeBuckets::from_counts(c))
                })?;
            out.push((stream, n));
        }
        Ok(out)
    }

    /// Open and overdue items by the person they wait on (as the Owners view: the owner; a
    /// letter without one, its sender, or the recipient of one the office sent), across
    /// recommendations, letters awaiting reply and board actions: the `top` by overdue, then
    /// open. Reads schema 7's owner-load indexes alone (see [`Store::owner_load_query`]).
    pub fn owner_loads(&self, scope: Scope, today: NaiveDate, top: usize) -> Result<Loads> {
        let mut by_owner: BTreeMap<String, Load> = BTreeMap::new();
        for stream in [Stream::Recommendations, Stream::Letters, Stream::Actions] {
            let (sql, params) = self.owner_load_query(stream, scope, today);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, i64>(1)? as usize,
                    r.get::<_, i64>(2)? as usize,
                ))
            })?;
            for row in rows {
                let (name, open, overdue) = row?;
                let key = name
                    .as_deref()
                    .map_or_else(|| "~".to_string(), str::to_ascii_lowercase);
                let name = name.unwrap_or_else(|| "(no owner)".into());
                let load = by_owner.entry(key.clone()).or_insert_with(|| Load {
                    key,
                    name: name.clone(),
                    open: 0,
                    overdue: 0,
                });
                // The first spelling in sort order, whichever kind it came from.
                if name < load.name {
                    load.name = name;
                }
                load.open += open;
                load.overdue += overdue;
            }
        }
        Ok(heaviest(by_owner.into_values().collect(), top))
    }

    /// Open and overdue items of a stream by who they wait on, as written (names that differ
    /// only in case are one person, joined by the caller: SQLite's lower() folds ASCII only,
    /// as the caller does). Read from the index alone (schema 7's `*_open_owner_load`); one
    /// board's actions from the board's rows.
    fn owner_load_query(
        &self,
        stream: Stream,
        scope: Scope,
        today: NaiveDate,
    ) -> (String, Vec<Sql>) {
        let mut params = vec![Sql::Text(day(today))];
        let (from, open) = match (stream, scope.board) {
            // One board's actions: the board's rows (a board has a few dozen).
            (Stream::Actions, Some(_)) => self.stream_rows(stream, scope, &mut params),
            _ => (
                format!(
                    "\"{t}\" t INDEXED BY {t}_open_owner_load",
                    t = table(stream.kind())
                ),
                base_condition(stream.part(), false),
            ),
        };
        let who = who_expr(stream.kind());
        let sql = format!(
            "SELECT {who} AS w, count(*), coalesce(sum({DUE} < ?1), 0)
             FROM {from} WHERE {open} GROUP BY w"
        );
        (sql, params)
    }

    /// Open and overdue recommendations by report: the `top` reports by overdue, then open.
    /// Reads schema 7's `recommendation_open_report_load` alone.
    pub fn report_loads(&self, today: NaiveDate, top: usize) -> Result<Loads> {
        let (sql, params) = report_load_query(today);
        let mut loads = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)? as usize,
                    r.get::<_, i64>(2)? as usize,
                ))
            })?;
            for row in rows {
                let (report, open, overdue) = row?;
                loads.push(Load {
                    key: ItemId::new(Kind::Report, report).to_string(),
                    name: String::new(),
                    open,
                    overdue,
                });
            }
        }
        let mut loads = heaviest(loads, top);
        for load in &mut loads.top {
            let id: ItemId = load.key.parse().expect("a report's ID");
            load.name = self
                .get(id)?
                .text(Field::Title)
                .unwrap_or_default()
                .to_string();
        }
        Ok(loads)
    }

    /// Open and overdue items at the end of each of the last `months` months, the last
    /// point being today, **rebuilt from the audit trail**.
    ///
    /// How: the last point is today's tables (so it always agrees with
    /// [`age_buckets`](Store::age_buckets)). Each month's end before it is today's tables
    /// with every change recorded after that day undone: the trail's events since the first
    /// month's end are read once, newest first, and each one that bears on whether an item
    /// is open or overdue (`created`, `deleted` and its undoing, and changes of `status`,
    /// `due_on`, a report's `published_on`, an action's `board_id`) is undone into that
    /// item's state ([`Tracked::undo`]); an item created after the day did not exist then.
    /// Days are UK days (see `domain::timeline`). Open is the dashboard's: not deleted, not
    /// finished, a report published and awaiting its response; with a board, only that
    /// board's actions; overdue is open and due before the point's day.
    ///
    /// Cost: range counts over the due-order indexes (one per point and stream), the
    /// changesets and events of the period (found from the newest back, through
    /// `event_by_changeset`), and one row by ID for each item those events touch. It does
    /// not depend on how many items there are or how long the trail is, only on how much
    /// was changed in the period.
    ///
    /// What it cannot know: a row written without an audit trail (by another tool,
    /// straight into SQLite) has no events, so it is taken to have stood as it stands today
    /// for the whole period. Changes are taken in the order they were written: a clock set
    /// wrong on the machine that wrote them is not detected.
    pub fn trend(&self, scope: Scope, today: NaiveDate, months: u32) -> Result<Trend> {
        let months = months.max(1) as usize;
        let mut ons: Vec<NaiveDate> = (1..months as u32)
            .rev()
            .map(|back| month_end(today, back))
            .collect();
        ons.push(today);

        // Today's tables: open now, and open now and due before each point's day.
        let mut open_now = 0usize;
        let mut due_before = vec![0usize; ons.len()];
        for stream in Stream::ALL {
            let mut params = Vec::new();
            let (from, open) = self.stream_rows(stream, scope, &mut params);
            let mut counts = vec![format!("(SELECT count(*) FROM {from} WHERE {open})")];
            for on in &ons {
                params.push(Sql::Text(day(*on)));
                counts.push(format!(
                    "(SELECT count(*) FROM {from} WHERE {open} AND {DUE} < ?{})",
                    params.len()
                ));
            }
            let sql = format!("SELECT {}", counts.join(", "));
            let row: Vec<i64> = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(params), |r| {
                    (0..=ons.len()).map(|i| r.get(i)).collect()
                })?;
            open_now += row[0] as usize;
            for (d, n) in due_before.iter_mut().zip(&row[1..]) {
                *d += *n as usize;
            }
        }

        // The first changeset after the first month's end: the changesets are read from
        // the newest back, so only the period's are.
        let days = UkDays::default();
        let mut after = None;
        if months > 1 {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, at FROM changeset ORDER BY id DESC")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let at = row.get_ref(1)?.as_str().unwrap_or_default();
                if days.day(at).is_some_and(|d| d <= ons[0]) {
                    break;
                }
                after = Some(row.get::<_, i64>(0)?);
            }
        }

        let kinds = [
            Kind::Recommendation,
            Kind::Letter,
            Kind::Report,
            Kind::Action,
        ];
        let kind_of = |entity: &str| kinds.iter().copied().find(|k| table(*k) == entity);
        let in_scope = |kind: Kind, t: &Tracked| {
            kind != Kind::Action || scope.board.is_none_or(|b| t.board == Some(b.num))
        };
        // Each touched item as it is now, and as it was at the point being rebuilt.
        let mut touched: HashMap<(Kind, i64), (Tracked, Tracked)> = HashMap::new();
        let point = |touched: &HashMap<(Kind, i64), (Tracked, Tracked)>, i: usize| {
            let on = ons[i];
            let (mut open, mut overdue) = (open_now as i64, due_before[i] as i64);
            for ((kind, _), (now, then)) in touched {
                let was = in_scope(*kind, then);
                let is = in_scope(*kind, now);
                open += (was && then.is_open(*kind)) as i64 - (is && now.is_open(*kind)) as i64;
                overdue += (was && then.is_overdue(*kind, on)) as i64
                    - (is && now.is_overdue(*kind, on)) as i64;
            }
            TrendPoint {
                on,
                open: open.max(0) as usize,
                overdue: overdue.max(0) as usize,
            }
        };
        let mut points: Vec<TrendPoint> = Vec::with_capacity(ons.len());
        points.push(point(&touched, ons.len() - 1));
        // The month's end rebuilt next, from the newest back.
        let mut next = ons.len() - 1;
        let mut events = 0;
        if let Some(first) = after {
            let entities: Vec<String> = kinds.iter().map(|k| format!("'{}'", table(*k))).collect();
            let fields: Vec<String> = Tracked::FIELDS.iter().map(|f| format!("'{f}'")).collect();
            let sql = format!(
                "SELECT e.entity, e.item_id, e.field, e.old, c.at
                 FROM event e INDEXED BY event_by_changeset
                 JOIN changeset c ON c.id = e.changeset_id
                 WHERE e.changeset_id >= ?1 AND e.entity IN ({}) AND e.field IN ({})
                 ORDER BY e.changeset_id DESC, e.id DESC",
                entities.join(", "),
                fields.join(", ")
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([first])?;
            // The day of the changeset last read: consecutive events share one.
            let mut last_at = (String::new(), None);
            while let Some(row) = rows.next()? {
                events += 1;
                let at = row.get_ref(4)?.as_str().unwrap_or_default();
                if at != last_at.0 {
                    last_at = (at.to_string(), days.day(at));
                }
                if let Some(on) = last_at.1 {
                    // Every change after the month's end is undone: that is the month's end.
                    while next > 0 && on <= ons[next - 1] {
                        next -= 1;
                        points.push(point(&touched, next));
                    }
                }
                let entity = row.get_ref(0)?.as_str().unwrap_or_default();
                let Some(kind) = kind_of(entity) else {
                    continue;
                };
                let num: i64 = row.get(1)?;
                let field = row.get_ref(2)?.as_str().unwrap_or_default();
                let old = match row.get_ref(3)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                    _ => None,
                };
                let then = match touched.entry((kind, num)) {
                    std::collections::hash_map::Entry::Occupied(e) => &mut e.into_mut().1,
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let now = self.tracked_now(kind, num)?;
                        &mut e.insert((now.clone(), now)).1
                    }
                };
                then.undo(field, old);
            }
        }
        while next > 0 {
            next -= 1;
            points.push(point(&touched, next));
        }
        points.reverse();
        Ok(Trend { points, events })
    }

    /// An item's facts that say whether it is open and overdue, from its row as it is now
    /// (not created when there is no such row).
    fn tracked_now(&self, kind: Kind, num: i64) -> Result<Tracked> {
        let extra = match kind {
            Kind::Report => "t.published_on IS NOT NULL, NULL",
            Kind::Action => "0, t.board_id",
            _ => "0, NULL",
        };
        let sql = format!(
            "SELECT t.deleted, t.status, t.due_on, {extra} FROM \"{}\" t WHERE t.id = ?1",
            table(kind)
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([num], |r| {
                Ok(Tracked {
                    created: true,
                    deleted: r.get::<_, i64>(0)? != 0,
                    status: r.get(1)?,
                    due_on: parse_day(r.get(2)?),
                    published: r.get::<_, i64>(3)? != 0,
                    board: r.get(4)?,
                })
            })
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    /// Letters replied to between `from` and `to` (inclusive, by the day replied): on time
    /// against their reply due date, late, and the median days taken. Reads the letter
    /// table (no index holds replies by day; `CREATE INDEX letter_replied_by_day ON letter
    /// (replied_on) WHERE deleted = 0 AND status = 'replied'` would bound it).
    pub fn reply_performance(&self, from: NaiveDate, to: NaiveDate) -> Result<ReplyPerformance> {
        let sql = "SELECT t.direction, t.due_on, t.replied_on, coalesce(t.received_on, t.dated_on),
                          t.dated_on
                   FROM letter t
                   WHERE t.deleted = 0 AND t.status = 'replied'
                     AND t.replied_on >= ?1 AND t.replied_on <= ?2";
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                parse_day(r.get(1)?),
                parse_day(r.get(2)?),
                parse_day(r.get(3)?),
                parse_day(r.get(4)?),
            ))
        })?;
        let mut perf = ReplyPerformance::default();
        let (mut by_office, mut to_office) = (Vec::new(), Vec::new());
        for row in rows {
            let (direction, due, replied, received, dated) = row?;
            let outgoing = direction == "outgoing";
            let (counts, took, start) = if outgoing {
                (&mut perf.to_office, &mut to_office, dated)
            } else {
                (&mut perf.by_office, &mut by_office, received)
            };
            counts.replied += 1;
            match (due, replied) {
                (Some(due), Some(on)) if on <= due => counts.on_time += 1,
                (Some(_), Some(_)) => counts.late += 1,
                _ => counts.not_judged += 1,
            }
            if let (Some(start), Some(on)) = (start, replied) {
                took.push((on - start).num_days());
            }
        }
        perf.by_office.median_days = median(&mut by_office);
        perf.to_office.median_days = median(&mut to_office);
        Ok(perf)
    }

    /// Reports whose response letter is dated between `from` and `to` (inclusive), oldest
    /// first, each against its last day (s55, IOPC, Regulation 28, or set by hand). Reads
    /// the published reports through `report_published_by_due` (reports are few).
    pub fn responses_sent(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ResponseSent>> {
        let sql = "SELECT t.id, t.title, t.source, t.due_on, l.id, l.dated_on
                   FROM report t INDEXED BY report_published_by_due
                   JOIN letter l ON l.id = t.response_letter_id
                   WHERE t.deleted = 0 AND t.published_on IS NOT NULL AND l.deleted = 0
                     AND l.dated_on >= ?1 AND l.dated_on <= ?2
                   ORDER BY l.dated_on, t.id";
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([day(from), day(to)], |r| {
            let last_day = parse_day(r.get(3)?);
            let sent_on = parse_day(r.get(5)?).unwrap_or(from);
            Ok(ResponseSent {
                report: ItemId::new(Kind::Report, r.get(0)?),
                title: r.get(1)?,
                source: r.get(2)?,
                last_day,
                letter: ItemId::new(Kind::Letter, r.get(4)?),
                sent_on,
                days_late: last_day.map(|due| (sent_on - due).num_days().max(0)),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What was finished between `from` and `to` (inclusive): recommendations completed
    /// (by `completed_on`), letters replied to (`replied_on`) and board actions done
    /// (`done_on`; with a board, only its own), oldest first. Reads each table (no index
    /// holds finished items by day; `CREATE INDEX recommendation_done_by_day ON
    /// recommendation (completed_on) WHERE deleted = 0 AND completed_on IS NOT NULL`, and
    /// the same on `letter (replied_on)` and `board_action (done_on)`, would bound it).
    pub fn finished_between(
        &self,
        scope: Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Item>> {
        let mut found: Vec<(NaiveDate, Item)> = Vec::new();
        // The kinds finished on a day, by the one completion table.
        for kind in Kind::ALL {
            let Some((done, Some(on))) =
                crate::domain::rules::completion_rule(kind).map(|c| (c.status, c.dated_by))
            else {
                continue;
            };
            let mut params = vec![
                Sql::Text(day(from)),
                Sql::Text(day(to)),
                Sql::Text(done.into()),
            ];
            let mut cond =
                format!("t.deleted = 0 AND t.status = ?3 AND t.{on} >= ?1 AND t.{on} <= ?2");
            if let (Kind::Action, Some(board)) = (kind, scope.board) {
                params.push(Sql::Integer(board.num));
                cond.push_str(" AND t.board_id = ?4");
            }
            let sql = format!(
                "SELECT {} FROM \"{}\" t WHERE {cond} ORDER BY t.{on}, t.id",
                columns(kind),
                table(kind)
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| read_item(kind, r))?;
            for item in rows {
                let item = item?;
                let on = item.finished_on().unwrap_or(from);
                found.push((on, item));
            }
        }
        found.sort_by_key(|a| (a.0, a.1.id));
        Ok(found.into_iter().map(|(_, item)| item).collect())
    }

    /// Every live recommendation with a RAG rating, red first, then amber, then green; by
    /// report and ID within each. Reads the recommendation table (`CREATE INDEX
    /// recommendation_rated ON recommendation (rag, report_id, id) WHERE deleted = 0 AND rag
    /// IS NOT NULL` would bound it).
    pub fn rag_rated(&self) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {} FROM recommendation t WHERE t.deleted = 0 AND t.rag IS NOT NULL
             ORDER BY CASE t.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END,
                      t.report_id, t.id",
            columns(Kind::Recommendation)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| read_item(Kind::Recommendation, r))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The `top` loads by overdue, then open, then key; the rest summed.
fn heaviest(mut all: Vec<Load>, top: usize) -> Loads {
    all.sort_by(|a, b| {
        (b.overdue, b.open)
            .cmp(&(a.overdue, a.open))
            .then_with(|| a.key.cmp(&b.key))
    });
    let rest = if all.len() > top {
        all.split_off(top)
    } else {
        Vec::new()
    };
    Loads {
        top: all,
        others: rest.len(),
        others_open: rest.iter().map(|l| l.open).sum(),
        others_overdue: rest.iter().map(|l| l.overdue).sum(),
    }
}

/// The sum of several streams' buckets.
pub fn total(buckets: &[(Stream, AgeBuckets)]) -> AgeBuckets {
    let mut all = AgeBuckets::default();
    for (_, b) in buckets {
        all.add(b);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{add, ctx};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn id(s: &str) -> ItemId {
        s.parse().unwrap()
    }

    /// Recommendations at each edge of each bucket, one finished, one deleted; letters and
    /// a report owed; two boards' actions.
    fn tracker() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let today = ctx().today; // 2026-11-23
        add(&mut s, Kind::Report, &[("title", "PEEL")]);
        let rec = |s: &mut Store, days: Option<i64>, extra: &[(&str, &str)]| {
            let due = days.map(|n| day(today + Duration::days(n)));
            let mut pairs = vec![("report_id", "RPT-1"), ("text", "x"), ("owner", "Ann")];
            if let Some(due) = &due {
                pairs.push(("due_on", due));
            }
            pairs.extend_from_slice(extra);
            add(s, Kind::Recommendation, &pairs)
        };
        for days in [-366, -365, -91, -90, -31, -30, -1, 0, 14, 15] {
            rec(&mut s, Some(days), &[]);
        }
        rec(&mut s, None, &[]);
        rec(
            &mut s,
            Some(-400),
            &[("status", "complete"), ("evidence", "seen")],
        );
        let gone = rec(&mut s, Some(-5), &[]);
        s.delete(gone, None, &ctx()).unwrap();
        add(
            &mut s,
            Kind::Letter,
            &[
                ("subject", "Q"),
                ("sender", "Bob"),
                ("due_on", "2026-11-01"),
            ],
        );
        add(
            &mut s,
            Kind::Letter,
            &[
                ("subject", "R"),
                ("sender", "Bob"),
                ("owner", "ann"),
                ("due_on", "2026-12-01"),
            ],
        );
        add(
            &mut s,
            Kind::Report,
            &[
                ("title", "CDI"),
                ("published_on", "2026-09-01"),
                ("due_on", "2026-10-26"),
            ],
        );
        add(&mut s, Kind::Board, &[("name", "One")]);
        add(&mut s, Kind::Board, &[("name", "Two")]);
        for (board, due) in [("BRD-1", "2026-11-01"), ("BRD-2", "2026-11-02")] {
            add(
                &mut s,
                Kind::Action,
                &[
                    ("board_id", board),
                    ("text", "y"),
                    ("owner", "Cat"),
                    ("due_on", due),
                ],
            );
        }
        s
    }

    #[test]
    fn age_buckets_count_each_edge_in_its_bucket() {
        let s = tracker();
        let today = ctx().today;
        let all = s.age_buckets(Scope::default(), today, 14).unwrap();
        let recs = all[0];
        assert_eq!(recs.0, Stream::Recommendations);
        assert_eq!(
            recs.1,
            AgeBuckets {
                overdue_over_365: 1,
                overdue_91_365: 2,
                overdue_31_90: 2,
                overdue_1_30: 2,
                due_soon: 2,
                not_yet_due: 1,
                undated: 1,
            }
        );
        assert_eq!(recs.1.open(), 11);
        assert_eq!(recs.1.overdue(), 7);
        // 22 days overdue; due in 8 days.
        assert_eq!(all[1].1.overdue_1_30, 1);
        assert_eq!(all[1].1.due_soon, 1);
        assert_eq!(
            all[2].1.overdue_1_30, 1,
            "the report's response, 28 days late"
        );
        assert_eq!(all[3].1.overdue_1_30, 2);
        let one = s
            .age_buckets(
                Scope {
                    board: Some(id("BRD-2")),
                },
                today,
                14,
            )
            .unwrap();
        assert_eq!(one[3].1.open(), 1, "only BRD-2's action");
        assert_eq!(one[0].1, recs.1, "recommendations belong to no board");
        assert_eq!(total(&all).open(), 11 + 2 + 1 + 2);
    }

    /// The loads read their indexes alone, not every open row. The plan says "USING INDEX"
    /// (the partial index's WHERE columns are not in it), but every column the query reads
    /// is, so SQLite's deferred seek to the table row is never taken: at a million items
    /// 0.2 s against 4 s. If a query drifts from the migration's index, INDEXED BY refuses.
    #[test]
    fn loads_read_their_indexes_alone() {
        let s = tracker();
        let today = d(2026, 11, 23);
        let plan = |(sql, params): (String, Vec<Sql>)| {
            crate::store::testing::query_plan(&s, &sql, &params)
        };
        for stream in [Stream::Recommendations, Stream::Letters, Stream::Actions] {
            let p = plan(s.owner_load_query(stream, Scope::default(), today));
            let index = format!("USING INDEX {}_open_owner_load", table(stream.kind()));
            assert!(p.contains(&index), "{stream:?}: {p}");
        }
        let p = plan(report_load_query(today));
        assert!(
            p.contains("USING INDEX recommendation_open_report_load"),
            "{p}"
        );
        assert!(!p.contains("TEMP B-TREE"), "in report order: {p}");
    }

    #[test]
    fn loads_by_owner_and_by_report_heaviest_first() {
        let s = tracker();
        let today = ctx().today;
        let owners = s.owner_loads(Scope::default(), today, 2).unwrap();
        // Ann: 11 recommendations (7 overdue) and a letter she owns; Cat: 2 actions, both
        // overdue; Bob: the letter without an owner waits on him.
        assert_eq!(
            owners.top,
            [
                Load {
                    key: "ann".into(),
                    name: "Ann".into(),
                    open: 12,
                    overdue: 7
                },
                Load {
                    key: "cat".into(),
                    name: "Cat".into(),
                    open: 2,
                    overdue: 2
                },
            ]
        );
        assert_eq!(
            (owners.others, owners.others_open, owners.others_overdue),
            (1, 1, 1)
        );
        let board = s
            .owner_loads(
                Scope {
                    board: Some(id("BRD-1")),
                },
                today,
                5,
            )
            .unwrap();
        // Bob and Cat have one overdue item each: by name.
        assert_eq!(board.top[2].key, "cat");
        assert_eq!(board.top[2].open, 1);
        let reports = s.report_loads(today, 5).unwrap();
        assert_eq!(reports.top.len(), 1);
        assert_eq!(
            (reports.top[0].name.as_str(), reports.top[0].open),
            ("PEEL", 11)
        );
    }

    #[test]
    fn month_ends_step_back_across_years() {
        assert_eq!(month_end(d(2026, 11, 23), 0), d(2026, 11, 30));
        assert_eq!(month_end(d(2026, 11, 23), 1), d(2026, 10, 31));
        assert_eq!(month_end(d(2026, 3, 5), 1), d(2026, 2, 28));
        assert_eq!(month_end(d(2026, 1, 5), 11), d(2025, 2, 28));
        assert_eq!(month_end(d(2024, 3, 1), 1), d(2024, 2, 29));
    }

    /// Sets when each change was made (the trail records the real time of the test).
    fn date_changes(s: &Store, ats: &[(i64, &str)]) {
        for (changeset, at) in ats {
            s.conn
                .execute(
                    "UPDATE changeset SET at = ?2 WHERE id = ?1",
                    rusqlite::params![changeset, at],
                )
                .unwrap();
        }
    }

    #[test]
    fn the_trend_replays_the_trail_month_by_month() {
        let mut s = Store::open_in_memory().unwrap();
        let c = ctx();
        // 1: the report; 2: REC-1 due 15 Sep; 3: REC-2 due 31 Dec; 4: REC-3 due 1 Oct;
        // 5: REC-2 deleted; 6: that deletion undone; 7: REC-1 completed; 8: REC-3 deleted.
        add(&mut s, Kind::Report, &[("title", "PEEL")]);
        for (text, due) in [
            ("a", "2026-09-15"),
            ("b", "2026-12-31"),
            ("c", "2026-10-01"),
        ] {
            add(
                &mut s,
                Kind::Recommendation,
                &[("report_id", "RPT-1"), ("text", text), ("due_on", due)],
            );
        }
        s.delete(id("REC-2"), None, &c).unwrap();
        s.undo(&c, crate::store::Whose::Mine).unwrap();
        let done = crate::domain::rules::completion(
            Kind::Recommendation,
            Some("seen"),
            Some(d(2026, 10, 20)),
        )
        .unwrap();
        s.complete(id("REC-1"), None, &done, &[], &c).unwrap();
        s.delete(id("REC-3"), None, &c).unwrap();
        date_changes(
            &s,
            &[
                (1, "2026-08-01T09:00:00Z"),
                (2, "2026-08-01T09:00:00Z"),
                (3, "2026-08-20T09:00:00Z"),
                (4, "2026-09-10T09:00:00Z"),
                // 23:30 UTC on 30 Sep is 00:30 on 1 Oct in London: October's.
                (5, "2026-09-30T23:30:00Z"),
                (6, "2026-10-02T09:00:00Z"),
                (7, "2026-10-20T09:00:00Z"),
                (8, "2026-11-02T09:00:00Z"),
            ],
        );
        let t = s.trend(Scope::default(), c.today, 5).unwrap();
        let points: Vec<(NaiveDate, usize, usize)> =
            t.points.iter().map(|p| (p.on, p.open, p.overdue)).collect();
        assert_eq!(
            points,
            [
                (d(2026, 7, 31), 0, 0),
                // REC-1 and REC-2 open, neither yet late.
                (d(2026, 8, 31), 2, 0),
                // REC-1 late since 15 Sep; REC-3 added.
                (d(2026, 9, 30), 3, 1),
                // REC-1 complete; REC-2 deleted and restored; REC-3 late.
                (d(2026, 10, 31), 2, 1),
                // Today: REC-3 deleted; REC-2 not yet due.
                (d(2026, 11, 23), 1, 0),
            ]
        );
        assert!(t.events > 10);
        // Only the period's changes are read: from 1 Sep, the report and REC-1's creation
        // (changesets 1 and 2) are not.
        let short = s.trend(Scope::default(), c.today, 3).unwrap();
        assert_eq!(&short.points[..], &t.points[2..]);
        assert!(short.events < t.events);
        // A row written straight into SQLite has no trail: it is taken as it stands today
        // for the whole period.
        s.conn
            .execute(
                "INSERT INTO recommendation (report_id, kind, text, status, due_on)
                 VALUES (1, 'recommendation', 'no trail', 'not_started', '2026-01-01')",
                [],
            )
            .unwrap();
        let t = s.trend(Scope::default(), c.today, 5).unwrap();
        let with: Vec<(usize, usize)> = t.points.iter().map(|p| (p.open, p.overdue)).collect();
        assert_eq!(with, [(1, 1), (3, 1), (4, 2), (3, 2), (2, 1)]);
    }

    #[test]
    fn the_trend_of_one_board_counts_its_actions_only() {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, Kind::Board, &[("name", "One")]);
        add(&mut s, Kind::Board, &[("name", "Two")]);
        for board in ["BRD-1", "BRD-2", "BRD-2"] {
            add(
                &mut s,
                Kind::Action,
                &[("board_id", board), ("text", "y"), ("due_on", "2026-11-01")],
            );
        }
        let scope = Scope {
            board: Some(id("BRD-2")),
        };
        let t = s.trend(scope, ctx().today, 1).unwrap();
        assert_eq!(t.points.len(), 1);
        assert_eq!((t.points[0].open, t.points[0].overdue), (2, 2));
        // Moved to the other board after the first month's end: counted where it was.
        let board = crate::domain::fields::field(Kind::Action, "board_id").unwrap();
        s.update(
            id("ACT-1"),
            None,
            &[(board, crate::domain::fields::Value::Link(id("BRD-2")))],
            None,
            &ctx(),
        )
        .unwrap();
        s.conn
            .execute(
                "UPDATE changeset SET at = CASE WHEN id < 6 THEN '2026-09-01T09:00:00Z'
                 ELSE '2026-11-02T09:00:00Z' END",
                [],
            )
            .unwrap();
        let t = s.trend(scope, ctx().today, 2).unwrap();
        let points: Vec<(usize, usize)> = t.points.iter().map(|p| (p.open, p.overdue)).collect();
        assert_eq!(points, [(2, 0), (3, 3)]);
    }

    #[test]
    fn replies_on_time_late_and_the_median() {
        let mut s = Store::open_in_memory().unwrap();
        let letter = |s: &mut Store, pairs: &[(&str, &str)]| {
            let mut all = vec![("subject", "Q"), ("status", "replied")];
            all.extend_from_slice(pairs);
            add(s, Kind::Letter, &all)
        };
        // Received 1 Oct, due 29 Oct: replied in 10, 28 (on the day) and 40 days.
        for (replied, due) in [
            ("2026-10-11", "2026-10-29"),
            ("2026-10-29", "2026-10-29"),
            ("2026-11-10", "2026-10-29"),
        ] {
            letter(
                &mut s,
                &[
                    ("direction", "incoming"),
                    ("received_on", "2026-10-01"),
                    ("replied_on", replied),
                    ("due_on", due),
                ],
            );
        }
        // Before the period; and one with no due date.
        letter(
            &mut s,
            &[("received_on", "2026-01-01"), ("replied_on", "2026-01-05")],
        );
        letter(
            &mut s,
            &[
                ("direction", "outgoing"),
                ("dated_on", "2026-10-01"),
                ("replied_on", "2026-10-06"),
                ("due_on", "2026-10-02"),
            ],
        );
        let p = s.reply_performance(d(2026, 2, 1), d(2026, 11, 23)).unwrap();
        assert_eq!(
            p.by_office,
            ReplyCounts {
                replied: 3,
                on_time: 2,
                late: 1,
                not_judged: 0,
                median_days: Some(28.0)
            }
        );
        assert_eq!((p.to_office.late, p.to_office.median_days), (1, Some(5.0)));
        assert_eq!(median(&mut [1, 4, 2, 10]), Some(3.0));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn responses_are_judged_against_each_reports_last_day() {
        let mut s = Store::open_in_memory().unwrap();
        let c = ctx();
        for (published, sent) in [("2026-08-01", "2026-09-20"), ("2026-07-01", "2026-09-10")] {
            let r = add(
                &mut s,
                Kind::Report,
                &[("title", "R"), ("published_on", published)],
            );
            let l = add(
                &mut s,
                Kind::Letter,
                &[
                    ("subject", "Response"),
                    ("direction", "outgoing"),
                    ("dated_on", sent),
                    ("status", "no reply needed"),
                ],
            );
            let link = crate::domain::fields::field(Kind::Report, "response_letter_id").unwrap();
            s.update(
                r,
                None,
                &[(link, crate::domain::fields::Value::Link(l))],
                None,
                &c,
            )
            .unwrap();
        }
        let sent = s.responses_sent(d(2026, 1, 1), d(2026, 12, 31)).unwrap();
        // s55: 1 Aug + 55 = 25 Sep (on time); 1 Jul + 55 = 25 Aug (16 days late).
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].report, id("RPT-2"));
        assert_eq!(sent[0].last_day, Some(d(2026, 8, 25)));
        assert_eq!(sent[0].days_late, Some(16));
        assert_eq!(sent[1].days_late, Some(0));
        assert!(
            s.responses_sent(d(2026, 9, 15), d(2026, 9, 30))
                .unwrap()
                .len()
                == 1
        );
    }

    #[test]
    fn finished_items_in_a_period_and_rag_ratings() {
        let s = {
            let mut s = tracker();
            let c = ctx();
            let done = crate::domain::rules::completion(
                Kind::Recommendation,
                Some("seen"),
                Some(d(2026, 11, 2)),
            )
            .unwrap();
            s.complete(id("REC-2"), None, &done, &[], &c).unwrap();
            let done = crate::domain::rules::completion(Kind::Action, None, Some(d(2026, 11, 20)))
                .unwrap();
            s.complete(id("ACT-1"), None, &done, &[], &c).unwrap();
            s.complete(id("ACT-2"), None, &done, &[], &c).unwrap();
            let rag = crate::domain::fields::field(Kind::Recommendation, "rag").unwrap();
            for (rec, colour) in [("REC-3", "green"), ("REC-4", "red"), ("REC-5", "amber")] {
                s.update(
                    id(rec),
                    None,
                    &[(rag, crate::domain::fields::Value::Text(colour.into()))],
                    None,
                    &c,
                )
                .unwrap();
            }
            s
        };
        let all = s
            .finished_between(Scope::default(), d(2026, 11, 1), d(2026, 11, 23))
            .unwrap();
        let ids: Vec<String> = all.iter().map(|i| i.id.to_string()).collect();
        // REC-12 was added complete, so completed today (23 Nov), the window's last day.
        assert_eq!(ids, ["REC-2", "ACT-1", "ACT-2", "REC-12"]);
        let one = s
            .finished_between(
                Scope {
                    board: Some(id("BRD-2")),
                },
                d(2026, 11, 1),
                d(2026, 11, 23),
            )
            .unwrap();
        assert_eq!(one.len(), 3, "REC-2, REC-12 and BRD-2's action");
        let rated: Vec<String> = s
            .rag_rated()
            .unwrap()
            .iter()
            .map(|i| i.id.to_string())
            .collect();
        assert_eq!(rated, ["REC-4", "REC-5", "REC-3"]);
    }

    /// The trend on a generated database of about 100,000 events (10,000 recommendations
    /// made over a year, then half of them moved or completed): how long one reading of
    /// the event table takes. `cargo test --lib trend_reads_100k_events -- --ignored
    /// --nocapture` prints it.
    #[test]
    #[ignore]
    fn trend_reads_100k_events() {
        let mut s = Store::open_in_memory().unwrap();
        let c = ctx();
        add(&mut s, Kind::Report, &[("title", "PEEL")]);
        let report = crate::domain::fields::field(Kind::Recommendation, "report_id").unwrap();
        let text = crate::domain::fields::field(Kind::Recommendation, "text").unwrap();
        let owner = crate::domain::fields::field(Kind::Recommendation, "owner").unwrap();
        let due = crate::domain::fields::field(Kind::Recommendation, "due_on").unwrap();
        use crate::domain::fields::Value;
        for chunk in 0..100 {
            s.batch(&c, "bulk", |b| {
                for i in 0..100 {
                    let n = chunk * 100 + i;
                    b.create(
                        Kind::Recommendation,
                        &[
                            (report, Value::Link(id("RPT-1"))),
                            (text, Value::Text(format!("Recommendation {n}"))),
                            (owner, Value::Text(format!("Owner {}", n % 97))),
                            (
                                due,
                                Value::Date(d(2026, 1, 1) + Duration::days((n % 400) as i64)),
                            ),
                        ],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        }
        for n in (1..=10_000).step_by(2) {
            let rec = ItemId::new(Kind::Recommendation, n);
            if n % 4 == 1 {
                let done = crate::domain::rules::completion(
                    Kind::Recommendation,
                    Some("seen"),
                    Some(d(2026, 11, 1)),
                )
                .unwrap();
                s.complete(rec, None, &done, &[], &c).unwrap();
            } else {
                s.update(
                    rec,
                    None,
                    &[(due, Value::Date(d(2027, 1, 1)))],
                    Some("moved"),
                    &c,
                )
                .unwrap();
            }
        }
        // Spread the changes over the year.
        s.conn
            .execute(
                "UPDATE changeset SET at = strftime('%Y-%m-%dT%H:%M:%SZ',
                     '2025-12-01', '+' || (id * 86400 * 350 / (SELECT max(id) FROM changeset))
                     || ' seconds')",
                [],
            )
            .unwrap();
        let events: i64 = s
            .conn
            .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
            .unwrap();
        let started = std::time::Instant::now();
        let t = s.trend(Scope::default(), c.today, 12).unwrap();
        let took = started.elapsed();
        println!(
            "trend over {events} events ({} read): {took:?}; points {:?}",
            t.events,
            t.points
                .iter()
                .map(|p| (p.open, p.overdue))
                .collect::<Vec<_>>()
        );
        assert!(events >= 90_000, "{events}");
        let started = std::time::Instant::now();
        let b = s.age_buckets(Scope::default(), c.today, 14).unwrap();
        println!("age buckets: {:?}", started.elapsed());
        assert_eq!(total(&b).open(), t.points.last().unwrap().open);
    }
}
