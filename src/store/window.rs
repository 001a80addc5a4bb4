//! Windows of rows for the dashboard's panes. A pane never reads a whole table: it asks for
//! the N rows after (or before) the row it already shows, by keyset on the pane's sort key,
//! which partial indexes (migrations 2 and 5) hold for exactly the rows a pane lists. Counts
//! are indexed too. So the cost of a keystroke depends on the screen, not on the size of
//! the database.
//!
//! A pane lists a [`Source`]: one or more [`Part`]s, each the items of one kind that the
//! pane shows (open recommendations; letters awaiting reply and the responses owed for
//! published reports). Each part is read through its own index and the parts are merged in
//! the pane's order, so a window costs at most `limit` rows a part.
//!
//! Filter words are found through the trigram index of migration 3. When a filter has few
//! enough candidates, its matching rows and their sort keys are copied once into a temporary
//! table (one per pane and part), and windows and exact counts read that. A filter most rows
//! match is read straight from the pane's index, checking each row, and its counts stop at
//! [`COUNT_AT_MOST`] (counting a million matches exactly would cost a second per keystroke).

use crate::domain::fields::Field;
use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::fmt;

use chrono::{Duration, NaiveDate};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::items::{chase_columns, columns, read_listed};
use super::{Listed, Result, Store, table};
use crate::domain::fields;
use crate::domain::filter::{PaneFilter, Sort, holds_word, trigrams};
use crate::domain::ids::{ItemId, Kind};

/// Which items of a kind a pane part lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rows {
    /// Items still needing work (open recommendations, letters awaiting reply, open board
    /// actions); with finished items shown, every live item.
    Open,
    /// Published reports whose response (s55, IOPC, Regulation 28) is not yet sent; with
    /// finished items shown, every published report.
    ResponseOwed,
    /// Every live item, finished or not (the Reports view lists every report).
    Every,
}

/// The items of one kind a pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub kind: Kind,
    pub rows: Rows,
}

/// Every open item of every kind with a due date, as the dashboard's panes hold them: open
/// recommendations, letters and board actions, and the reports whose response is owed. The
/// board pack and the calendar read this.
pub const EVERY_OPEN_PART: &[Part] = &[
    Part {
        kind: Kind::Recommendation,
        rows: Rows::Open,
    },
    Part {
        kind: Kind::Letter,
        rows: Rows::Open,
    },
    Part {
        kind: Kind::Action,
        rows: Rows::Open,
    },
    Part {
        kind: Kind::Report,
        rows: Rows::ResponseOwed,
    },
];

/// What a pane lists: its parts, merged in the pane's order. The id names the pane's
/// cached filter plan and its copied matches, so two panes over one kind never share them.
/// Each kind appears in at most one part of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub id: &'static str,
    pub parts: &'static [Part],
}

impl Source {
    /// The part (and its place in the source) that lists items of `kind`.
    fn part_of(&self, kind: Kind) -> Option<(usize, Part)> {
        self.parts
            .iter()
            .copied()
            .enumerate()
            .find(|(_, p)| p.kind == kind)
    }
}

/// Where a row sits in its pane's order: the opaque cursor for the next window. Rows are
/// ordered by the sort key, then by their part's place in the source, then by ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    sort: String,
    rank: usize,
    pub item: ItemId,
}

impl RowKey {
    /// Display order in `sort`: newest first is by ID alone (highest first).
    fn cmp_in(&self, other: &RowKey, sort: Sort) -> Ordering {
        match sort {
            Sort::Newest => {
                (Reverse(self.item.num), self.rank).cmp(&(Reverse(other.item.num), other.rank))
            }
            _ => (&self.sort, self.rank, self.item.num).cmp(&(
                &other.sort,
                other.rank,
                other.item.num,
            )),
        }
    }
}

/// One row of a pane, with its position key.
#[derive(Debug, Clone)]
pub struct PaneRow {
    pub listed: Listed,
    pub key: RowKey,
}

/// Which window to read. Rows always come back in the pane's display order.
#[derive(Debug, Clone)]
pub enum Anchor {
    First,
    Last,
    After(RowKey),
    Before(RowKey),
    /// The row with this key if it still matches, else the next one.
    From(RowKey),
}

/// How many open items a pane has, and how many are overdue or due soon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaneCounts {
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
}

/// A count of rows, or a floor when counting stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(usize),
    AtLeast(usize),
}

impl Count {
    pub fn exact(self) -> Option<usize> {
        match self {
            Count::Exact(n) => Some(n),
            Count::AtLeast(_) => None,
        }
    }

    fn plus(self, other: Count) -> Count {
        match (self, other) {
            (Count::Exact(a), Count::Exact(b)) => Count::Exact(a + b),
            (a, b) => Count::AtLeast(a.floor() + b.floor()),
        }
    }

    fn floor(self) -> usize {
        match self {
            Count::Exact(n) | Count::AtLeast(n) => n,
        }
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Count::Exact(n) => write!(f, "{n}"),
            Count::AtLeast(n) => write!(f, "{n}+"),
        }
    }
}

/// Counts of a filter read row by row stop here.
pub const COUNT_AT_MOST: usize = 1_000;

/// A filter whose words have more candidate rows than this in the trigram index is read row
/// by row instead of copied (copying costs about 2 µs a row).
const COPY_AT_MOST: usize = 20_000;

const NO_DATE: &str = "'9999-12-31'";

fn finished_words(kind: Kind) -> String {
    fields::status_vocab(kind)
        .map(|v| v.finished)
        .unwrap_or_default()
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows a part lists, before any filter. Must match the partial indexes' WHERE clauses
/// term for term, or SQLite will not use them.
pub(super) fn base_condition(part: Part, finished: bool) -> String {
    match (part.rows, finished) {
        (Rows::Open, false) => format!(
            "t.deleted = 0 AND t.status NOT IN ({})",
            finished_words(part.kind)
        ),
        (Rows::Open, true) => "t.deleted = 0".into(),
        (Rows::ResponseOwed, false) => {
            "t.deleted = 0 AND t.published_on IS NOT NULL AND t.status = 'awaiting_response'".into()
        }
        (Rows::ResponseOwed, true) => "t.deleted = 0 AND t.published_on IS NOT NULL".into(),
        (Rows::Every, _) => "t.deleted = 0".into(),
    }
}

/// Not finished: what overdue and due soon count among.
fn unfinished(part: Part) -> String {
    match part.rows {
        Rows::Open => format!("t.status NOT IN ({})", finished_words(part.kind)),
        Rows::ResponseOwed => "t.status = 'awaiting_response'".into(),
        Rows::Every => match fields::status_vocab(part.kind) {
            Some(_) => format!("t.status NOT IN ({})", finished_words(part.kind)),
            None => "1".into(),
        },
    }
}

fn due_expr() -> String {
    format!("coalesce(t.due_on, {NO_DATE})")
}

/// Who a row is waiting on, as the owner order sorts it: the owner; a letter without one is
/// waiting on its recipient if the office sent it, else on its sender; a report on no one.
fn who_expr(kind: Kind) -> &'static str {
    match kind {
        Kind::Letter => {
            "coalesce(t.owner, CASE WHEN t.direction = 'outgoing' THEN t.recipient ELSE t.sender END)"
        }
        Kind::Report => "NULL",
        _ => "t.owner",
    }
}

/// The expression a sort orders by (then by part and id); `None` orders by id alone.
fn sort_expr(kind: Kind, sort: Sort) -> Option<String> {
    match sort {
        Sort::Due => Some(due_expr()),
        Sort::Owner => Some(format!(
            "coalesce(lower({}), '~') || '|' || {}",
            who_expr(kind),
            due_expr()
        )),
        Sort::Newest => None,
    }
}

/// The columns the filter words are looked for in, besides the ID. Migration 3's search
/// index holds the same columns (reports have none: there are few of them).
fn searched_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Recommendation => &["ref", "text", "owner", "status"],
        Kind::Letter => &["reference", "subject", "sender", "owner", "status"],
        Kind::Action => &["text", "owner", "status"],
        Kind::Report => &["title", "force", "source", "status"],
        _ => &["status"],
    }
}

/// Kinds with a trigram search index (migration 3).
fn has_search_index(kind: Kind) -> bool {
    matches!(kind, Kind::Recommendation | Kind::Letter | Kind::Action)
}

/// Registers `holds_word(word, text...)`: true when any text holds the word in any case.
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "holds_word",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| match ctx.get_raw(i) {
                ValueRef::Text(t) => String::from_utf8_lossy(t),
                ValueRef::Integer(n) => n.to_string().into(),
                _ => "".into(),
            };
            let word = text(0);
            Ok((1..ctx.len()).any(|i| holds_word(&text(i), &word)))
        },
    )
}

/// The WHERE clause for a part under a pane's filter (without any keyset condition): the
/// part's rows, unfinished and due before today if asked, holding every word.
fn filter_clause(part: Part, f: &PaneFilter, today: NaiveDate, params: &mut Vec<Sql>) -> String {
    let kind = part.kind;
    let mut terms = vec![base_condition(part, f.finished)];
    if f.overdue_only {
        params.push(Sql::Text(today.format("%Y-%m-%d").to_string()));
        terms.push(format!("{} < ?{}", due_expr(), params.len()));
        if f.finished {
            terms.push(unfinished(part));
        }
    }
    if let Some(owner) = &f.owner {
        // The person's range of the owner order (`name|due`): an index range in that order.
        let key = sort_expr(kind, Sort::Owner).unwrap_or_default();
        params.push(Sql::Text(format!("{owner}|")));
        params.push(Sql::Text(format!("{owner}|~")));
        let (from, to) = (params.len() - 1, params.len());
        terms.push(format!("{key} >= ?{from} AND {key} < ?{to}"));
    }
    if let Some(report) = f.report {
        if fields::spec(kind, Field::ReportId).is_ok() {
            params.push(Sql::Integer(report));
            terms.push(format!("t.report_id = ?{}", params.len()));
        } else {
            // Nothing of this kind belongs to a report. An empty range of the due order
            // rather than a constant: the planner drops a constant-false WHERE and then
            // cannot honour the pane's INDEXED BY ("no query solution").
            terms.push(format!("{} < ''", due_expr()));
        }
    }
    if let Some(until) = f.until {
        params.push(Sql::Text(until.format("%Y-%m-%d").to_string()));
        terms.push(format!("{} <= ?{}", due_expr(), params.len()));
    }
    if let Some(from) = f.from {
        params.push(Sql::Text(from.format("%Y-%m-%d").to_string()));
        terms.push(format!("{} >= ?{}", due_expr(), params.len()));
    }
    let mut searched = vec![format!("'{}-' || t.id", kind.prefix())];
    searched.extend(
        searched_columns(kind)
            .iter()
            .filter(|c| fields::field(kind, c).is_ok())
            .map(|c| format!("t.\"{c}\"")),
    );
    for word in &f.words {
        params.push(Sql::Text(word.clone()));
        terms.push(format!(
            "holds_word(?{}, {})",
            params.len(),
            searched.join(", ")
        ));
    }
    terms.join(" AND ")
}

/// The trigram-index query for the filter's words of three characters or more: a row must
/// hold every piece of every such word. `None` when no word is that long.
fn search_query(f: &PaneFilter) -> Option<String> {
    let mut pieces: Vec<String> = f.words.iter().flat_map(|w| trigrams(w)).collect();
    pieces.sort();
    pieces.dedup();
    if pieces.is_empty() {
        return None;
    }
    let quoted: Vec<String> = pieces
        .iter()
        .map(|p| format!("\"{}\"", p.replace('"', "\"\"")))
        .collect();
    Some(quoted.join(" AND "))
}

/// Which side of an anchor a keyset condition asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    After,
    /// The anchor itself, then after.
    From,
    Before,
}

/// A pane's order, over one part's items (`t`) or over its copied matches (`m`).
struct Order {
    /// The sort key expression; `None` orders newest first by id.
    key: Option<String>,
    id: &'static str,
    /// The part's place in its source: rows with the same key are ordered by it.
    rank: usize,
}

impl Order {
    fn of_items(kind: Kind, sort: Sort, rank: usize) -> Order {
        Order {
            key: sort_expr(kind, sort),
            id: "t.id",
            rank,
        }
    }

    fn of_matches(sort: Sort, rank: usize) -> Order {
        Order {
            key: (sort != Sort::Newest).then(|| "m.key".to_string()),
            id: "m.id",
            rank,
        }
    }

    fn key_column(&self) -> String {
        self.key.clone().unwrap_or_else(|| "''".into())
    }

    /// This part's rows on `side` of `anchor` in display order. Written as a range on the
    /// sort expression plus a tie-break, because SQLite will not search an expression index
    /// by a row value `(expr, id) > (?, ?)`. Rows of another part with the same key come
    /// before or after the anchor by the parts' places.
    fn keyset(&self, side: Side, anchor: &RowKey, params: &mut Vec<Sql>) -> String {
        let id = self.id;
        let same_part = self.rank == anchor.rank;
        // In display order, does this part come after the anchor's among equal keys?
        let later_part = self.rank > anchor.rank;
        params.push(Sql::Integer(anchor.item.num));
        let i = params.len();
        match &self.key {
            Some(expr) => {
                params.push(Sql::Text(anchor.sort.clone()));
                let k = params.len();
                let (range, strict, tie) = match side {
                    Side::After => (">=", ">", ">"),
                    Side::From => (">=", ">", ">="),
                    Side::Before => ("<=", "<", "<"),
                };
                let includes_equal = match side {
                    Side::After | Side::From => later_part,
                    Side::Before => !later_part,
                };
                if same_part {
                    format!("{expr} {range} ?{k} AND ({expr} {strict} ?{k} OR {id} {tie} ?{i})")
                } else if includes_equal {
                    format!("{expr} {range} ?{k}")
                } else {
                    format!("{expr} {strict} ?{k}")
                }
            }
            None => {
                // Newest first: "after" in display order is a smaller id (then a later part).
                let op = match (side, same_part, later_part) {
                    (Side::After, true, _) => "<",
                    (Side::From, true, _) => "<=",
                    (Side::Before, true, _) => ">",
                    (Side::After | Side::From, false, true) => "<=",
                    (Side::After | Side::From, false, false) => "<",
                    (Side::Before, false, true) => ">",
                    (Side::Before, false, false) => ">=",
                };
                format!("{id} {op} ?{i}")
            }
        }
    }

    fn order_by(&self, reverse: bool) -> String {
        let (asc, desc) = if reverse {
            ("DESC", "ASC")
        } else {
            ("ASC", "DESC")
        };
        match &self.key {
            Some(expr) => format!("{expr} {asc}, {} {asc}", self.id),
            None => format!("{} {desc}", self.id),
        }
    }
}

/// The index a part reads in a sort, named so the planner cannot pick a worse one (on a
/// small or unanalysed table it would sort the whole table instead). `None`: the table
/// itself (newest first is by rowid; reports sorted by owner are few).
fn index_of(part: Part, filter: &PaneFilter) -> Option<String> {
    let (finished, sort) = (filter.finished, filter.sort);
    let t = table(part.kind);
    if filter.report.is_some() && part.kind == Kind::Recommendation && sort == Sort::Due {
        return Some("recommendation_by_report_due".into());
    }
    match (part.rows, sort) {
        (_, Sort::Newest) | (Rows::ResponseOwed | Rows::Every, Sort::Owner) => None,
        (Rows::Every, Sort::Due) => Some(format!("{t}_live_by_due")),
        (Rows::Open, sort) => Some(format!(
            "{t}_{}_by_{}",
            if finished { "live" } else { "open" },
            if sort == Sort::Due { "due" } else { "owner" }
        )),
        (Rows::ResponseOwed, Sort::Due) => Some(
            if finished {
                "report_published_by_due"
            } else {
                "report_owed_by_due"
            }
            .into(),
        ),
    }
}

fn from_indexed(part: Part, filter: &PaneFilter) -> String {
    match index_of(part, filter) {
        Some(index) => format!("\"{}\" t INDEXED BY {index}", table(part.kind)),
        None => format!("\"{}\" t", table(part.kind)),
    }
}

fn matches_table(source: &Source, kind: Kind) -> String {
    format!("temp.\"{}_{}_matches\"", source.id, table(kind))
}

/// How a pane part's rows are read for its current filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// From the part's index, each row checked against the filter. Exact counts when the
    /// filter has no words; with words, counts stop at [`COUNT_AT_MOST`].
    Index { counts_stop: bool },
    /// From the filter's matches, copied with their sort keys into a temporary table.
    Copied,
}

/// The last plan made for each pane and part, valid while nothing has been written since.
#[derive(Default)]
pub(super) struct FilterCache(RefCell<Vec<Planned>>);

struct Planned {
    source: &'static str,
    kind: Kind,
    filter: PaneFilter,
    today: NaiveDate,
    /// `PRAGMA data_version` (other connections' commits) and this connection's total
    /// changes when the plan was made.
    stamp: (i64, u64),
    plan: Plan,
}

/// Where a part's rows are read from under `plan`: the FROM clause, the order, and the
/// filter's terms. The copied matches are joined to their items only when `items` is set
/// (counting needs just the copy).
fn rows_of(
    source: &Source,
    (rank, part): (usize, Part),
    filter: &PaneFilter,
    today: NaiveDate,
    plan: Plan,
    items: bool,
    params: &mut Vec<Sql>,
) -> (String, Order, Vec<String>) {
    match plan {
        Plan::Copied => {
            let m = matches_table(source, part.kind);
            let from = if items {
                format!("{m} m CROSS JOIN \"{}\" t ON t.id = m.id", table(part.kind))
            } else {
                format!("{m} m")
            };
            (from, Order::of_matches(filter.sort, rank), vec![])
        }
        Plan::Index { .. } => (
            // Newest first is rowid order, read from the table's end to the window's last
            // row; left to itself the planner may take a partial index that matches the
            // WHERE (schema 7's loads) and sort every open row instead (3 s at a million).
            // A pane narrowed to a report, a person or a due band keeps its index: those
            // rows are few, and the table's end may hold none of them.
            if items
                && filter.sort == Sort::Newest
                && filter.is_whole()
                && index_of(part, filter).is_none()
            {
                format!("\"{}\" t NOT INDEXED", table(part.kind))
            } else {
                from_indexed(part, filter)
            },
            Order::of_items(part.kind, filter.sort, rank),
            vec![filter_clause(part, filter, today, params)],
        ),
    }
}

impl Store {
    fn stamp(&self) -> Result<(i64, u64)> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((version, self.conn.total_changes()))
    }

    /// How to read a part's rows under `filter`: found through the search index and copied
    /// when the words have few candidates, else checked row by row along the part's index.
    fn plan(
        &self,
        source: &Source,
        part: Part,
        filter: &PaneFilter,
        today: NaiveDate,
    ) -> Result<Plan> {
        if filter.words.is_empty() {
            return Ok(Plan::Index { counts_stop: false });
        }
        let stamp = self.stamp()?;
        if let Some(p) = self.filters.0.borrow().iter().find(|p| {
            p.source == source.id
                && p.kind == part.kind
                && p.filter == *filter
                && p.today == today
                && p.stamp == stamp
        }) {
            return Ok(p.plan);
        }
        let query = search_query(filter).filter(|_| has_search_index(part.kind));
        let plan = match query {
            Some(query) if self.candidates(part.kind, &query)? <= COPY_AT_MOST => {
                self.copy_matches(source, part, filter, today, Some(&query))?;
                Plan::Copied
            }
            // No index helps: one pass along the rows copies up to just past where counts
            // stop. Fewer than that is every match, counted exactly; more means most rows
            // match, and windows find theirs at once reading the index.
            _ if self.copy_matches(source, part, filter, today, None)? <= COUNT_AT_MOST => {
                Plan::Copied
            }
            _ => Plan::Index { counts_stop: true },
        };
        let mut cache = self.filters.0.borrow_mut();
        cache.retain(|p| !(p.source == source.id && p.kind == part.kind));
        cache.push(Planned {
            source: source.id,
            kind: part.kind,
            filter: filter.clone(),
            today,
            stamp: self.stamp()?,
            plan,
        });
        Ok(plan)
    }

    /// How many rows the search index offers for `query`, counting no further than just
    /// past [`COPY_AT_MOST`].
    fn candidates(&self, kind: Kind, query: &str) -> Result<usize> {
        let sql = format!(
            "SELECT count(*) FROM (SELECT rowid FROM {t}_search WHERE {t}_search MATCH ?1 LIMIT ?2)",
            t = table(kind)
        );
        let n: i64 = self.conn.query_row(
            &sql,
            rusqlite::params![query, COPY_AT_MOST as i64 + 1],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Replaces the pane part's temporary matches with the rows `filter` matches, each with
    /// its sort key, and says how many there are. With a search `query`, the candidates are
    /// looked up by rowid (never by scanning the table); without, the table is read and the
    /// copy stops just past [`COUNT_AT_MOST`].
    fn copy_matches(
        &self,
        source: &Source,
        part: Part,
        filter: &PaneFilter,
        today: NaiveDate,
        query: Option<&str>,
    ) -> Result<usize> {
        let m = matches_table(source, part.kind);
        let t = table(part.kind);
        let plain = format!("{}_{t}_matches", source.id);
        self.conn.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {m} (id INTEGER PRIMARY KEY, key TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS temp.\"{plain}_by_key\" ON \"{plain}\" (key, id);
             DELETE FROM {m};"
        ))?;
        let key = Order::of_items(part.kind, filter.sort, 0).key_column();
        let mut params = Vec::new();
        let sql = match query {
            Some(query) => {
                params.push(Sql::Text(query.to_string()));
                let clause = filter_clause(part, filter, today, &mut params);
                format!(
                    "INSERT INTO {m} (id, key)
                     SELECT t.id, {key} FROM {t}_search s CROSS JOIN \"{t}\" t ON t.id = s.rowid
                     WHERE {t}_search MATCH ?1 AND {clause}"
                )
            }
            None => {
                let clause = filter_clause(part, filter, today, &mut params);
                // In table order: reading the whole table straight through is several
                // times faster than following an index, and the order does not matter here.
                format!(
                    "INSERT INTO {m} (id, key)
                     SELECT t.id, {key} FROM \"{t}\" t NOT INDEXED WHERE {clause} LIMIT {limit}",
                    limit = COUNT_AT_MOST + 1
                )
            }
        };
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?)
    }

    /// Up to `limit` rows of a pane, in display order, around `anchor`: up to `limit` from
    /// each part, merged.
    pub fn window(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<PaneRow>> {
        let reverse = matches!(anchor, Anchor::Last | Anchor::Before(_));
        let mut rows = Vec::new();
        for (rank, part) in source.parts.iter().copied().enumerate() {
            let plan = self.plan(source, part, filter, today)?;
            let mut params = Vec::new();
            let (from, order, mut terms) =
                rows_of(source, (rank, part), filter, today, plan, true, &mut params);
            match anchor {
                Anchor::First | Anchor::Last => {}
                Anchor::After(k) => terms.push(order.keyset(Side::After, k, &mut params)),
                Anchor::Before(k) => terms.push(order.keyset(Side::Before, k, &mut params)),
                Anchor::From(k) => terms.push(order.keyset(Side::From, k, &mut params)),
            }
            terms.push("1".into());
            params.push(Sql::Integer(limit as i64));
            let kind = part.kind;
            let sql = format!(
                "SELECT {cols}, {chases}, {key} FROM {from} WHERE {clause}
                 ORDER BY {order} LIMIT ?{limit}",
                cols = columns(kind),
                chases = chase_columns(kind),
                key = order.key_column(),
                clause = terms.join(" AND "),
                order = order.order_by(reverse),
                limit = params.len(),
            );
            let key_col = fields::fields(kind).len() + 5;
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found = stmt.query_map(params_from_iter(params), |r| {
                let listed = read_listed(kind, r)?;
                let key = RowKey {
                    sort: r.get(key_col)?,
                    rank,
                    item: listed.item.id,
                };
                Ok(PaneRow { listed, key })
            })?;
            for row in found {
                rows.push(row?);
            }
        }
        rows.sort_by(|a, b| a.key.cmp_in(&b.key, filter.sort));
        if reverse {
            let extra = rows.len().saturating_sub(limit);
            rows.drain(..extra);
        } else {
            rows.truncate(limit);
        }
        Ok(rows)
    }

    /// Every row of a pane's source under `filter`, in the pane's order, read a page at a
    /// time and handed to `each` as it comes (the command line's views stream at any size).
    /// Stops after `limit` rows when given, or when `each` says so (returns false).
    pub fn each_row(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
        limit: Option<usize>,
        mut each: impl FnMut(&PaneRow) -> Result<bool>,
    ) -> Result<()> {
        const PAGE: usize = 500;
        let mut anchor = Anchor::First;
        let mut left = limit.unwrap_or(usize::MAX);
        while left > 0 {
            let asked = PAGE.min(left);
            let rows = self.window(source, filter, today, &anchor, asked)?;
            for row in &rows {
                if !each(row)? {
                    return Ok(());
                }
            }
            left -= rows.len();
            match rows.last() {
                // A short page is the end of the list.
                Some(last) if rows.len() == asked => anchor = Anchor::After(last.key.clone()),
                _ => break,
            }
        }
        Ok(())
    }

    /// Where `item` sits in the pane's order, if the pane (as filtered) lists it.
    pub fn row_key(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
        item: ItemId,
    ) -> Result<Option<RowKey>> {
        let Some((rank, part)) = source.part_of(item.kind) else {
            return Ok(None);
        };
        let mut params = vec![Sql::Integer(item.num)];
        let clause = filter_clause(part, filter, today, &mut params);
        let sql = format!(
            "SELECT {key} FROM \"{t}\" t WHERE t.id = ?1 AND {clause}",
            key = Order::of_items(part.kind, filter.sort, rank).key_column(),
            t = table(part.kind),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        Ok(match rows.next()? {
            Some(row) => Some(RowKey {
                sort: row.get(0)?,
                rank,
                item,
            }),
            None => None,
        })
    }

    /// Whether the tracker holds no item of any kind (the dashboard's first-use texts): one
    /// row looked for in each table, not a count of them.
    pub fn holds_no_items(&self) -> Result<bool> {
        for kind in Kind::ALL {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM \"{}\")", table(kind));
            let any: bool = self
                .conn
                .prepare_cached(&sql)?
                .query_row([], |r| r.get(0))?;
            if any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The largest ID the kind has ever had (deleted rows included): one step down the
    /// rowid b-tree.
    pub fn max_id(&self, kind: Kind) -> Result<i64> {
        let sql = format!("SELECT coalesce(max(id), 0) FROM \"{}\"", table(kind));
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([], |r| r.get(0))?)
    }

    /// How many of the rows a filter with words matches are overdue, when the pane is in
    /// due order and every part's matches were copied (then it is a range of each copy's
    /// index, since overdue rows come first); `None` otherwise, rather than count along a
    /// big table.
    pub fn overdue_matches(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
    ) -> Result<Option<usize>> {
        if filter.sort != Sort::Due || filter.words.is_empty() || filter.finished {
            return Ok(None);
        }
        let mut total = 0;
        for part in source.parts {
            if self.plan(source, *part, filter, today)? != Plan::Copied {
                return Ok(None);
            }
            let sql = format!(
                "SELECT count(*) FROM {} m WHERE m.key < ?1",
                matches_table(source, part.kind)
            );
            let n: i64 = self
                .conn
                .prepare_cached(&sql)?
                .query_row([today.format("%Y-%m-%d").to_string()], |r| r.get(0))?;
            total += n as usize;
        }
        Ok(Some(total))
    }

    /// Meetings of active boards held or scheduled within `days` of today, nearest first,
    /// each with its board's name (meeting mode offers them). Meetings are few: a board
    /// meets every few weeks.
    pub fn meetings_near(
        &self,
        today: NaiveDate,
        days: i64,
    ) -> Result<Vec<(crate::domain::item::Item, String)>> {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT m.id FROM meeting m JOIN board b ON b.id = m.board_id
                 WHERE m.deleted = 0 AND b.deleted = 0 AND b.status = 'active'
                   AND m.status != 'cancelled' AND m.held_on BETWEEN ?1 AND ?2
                 ORDER BY abs(julianday(m.held_on) - julianday(?3)), m.id LIMIT 20",
            )?
            .query_map(
                rusqlite::params![
                    day(today - Duration::days(days)),
                    day(today + Duration::days(days)),
                    day(today)
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|n| {
                let meeting = self.get(ItemId::new(Kind::Meeting, n))?;
                let board = match meeting.get(Field::BoardId).as_link() {
                    Some(b) => self.get(b)?.headline(),
                    None => String::new(),
                };
                Ok((meeting, board))
            })
            .collect()
    }

    /// The newest live item of a kind (the report or board a new item most likely
    /// belongs to).
    pub fn newest_live(&self, kind: Kind) -> Result<Option<crate::domain::item::Item>> {
        let sql = format!(
            "SELECT id FROM \"{}\" WHERE deleted = 0 ORDER BY id DESC LIMIT 1",
            table(kind)
        );
        let id: Option<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_row([], |r| r.get(0))
            .optional()?;
        id.map(|n| self.get(ItemId::new(kind, n))).transpose()
    }

    /// A live recommendation of `report` with the same ref (ignoring case and spaces).
    pub fn same_ref(&self, report: ItemId, reference: &str) -> Result<Option<ItemId>> {
        let id: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM recommendation INDEXED BY recommendation_by_report
                 WHERE report_id = ?1 AND deleted = 0
                   AND lower(replace(ref, ' ', '')) = lower(replace(?2, ' ', ''))
                 ORDER BY id LIMIT 1",
            )?
            .query_row(rusqlite::params![report.num, reference], |r| r.get(0))
            .optional()?;
        Ok(id.map(|n| ItemId::new(Kind::Recommendation, n)))
    }

    /// How many rows the pane's filter matches.
    pub fn window_count(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
    ) -> Result<Count> {
        self.count_before(source, filter, today, None)
    }

    /// How many rows come before `key` in the pane's order: the row's position.
    pub fn window_position(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
        key: &RowKey,
    ) -> Result<Count> {
        self.count_before(source, filter, today, Some(key))
    }

    fn count_before(
        &self,
        source: &Source,
        filter: &PaneFilter,
        today: NaiveDate,
        key: Option<&RowKey>,
    ) -> Result<Count> {
        let mut total = Count::Exact(0);
        for (rank, part) in source.parts.iter().copied().enumerate() {
            total = total.plus(self.part_count_before(source, (rank, part), filter, today, key)?);
        }
        Ok(total)
    }

    fn part_count_before(
        &self,
        source: &Source,
        (rank, part): (usize, Part),
        filter: &PaneFilter,
        today: NaiveDate,
        key: Option<&RowKey>,
    ) -> Result<Count> {
        let plan = self.plan(source, part, filter, today)?;
        if key.is_none() && plan == (Plan::Index { counts_stop: true }) {
            // Making the plan counted this far.
            return Ok(Count::AtLeast(COUNT_AT_MOST));
        }
        let mut params = Vec::new();
        let (from, order, mut terms) = rows_of(
            source,
            (rank, part),
            filter,
            today,
            plan,
            false,
            &mut params,
        );
        if let Some(key) = key {
            terms.push(order.keyset(Side::Before, key, &mut params));
        }
        terms.push("1".into());
        let rows = format!("SELECT 1 FROM {from} WHERE {}", terms.join(" AND "));
        let stop = matches!(plan, Plan::Index { counts_stop: true });
        let sql = if stop {
            format!("SELECT count(*) FROM ({rows} LIMIT {})", COUNT_AT_MOST + 1)
        } else {
            format!("SELECT count(*) FROM ({rows})")
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let n = stmt.query_row(params_from_iter(params), |r| r.get::<_, i64>(0))? as usize;
        Ok(if stop && n > COUNT_AT_MOST {
            Count::AtLeast(COUNT_AT_MOST)
        } else {
            Count::Exact(n)
        })
    }

    /// Open, overdue and due-soon counts of a pane (without its filter), for the header:
    /// each a count of a range of the pane's due-order index.
    pub fn pane_counts(
        &self,
        source: &Source,
        today: NaiveDate,
        due_soon_days: i64,
    ) -> Result<PaneCounts> {
        let day = |d: NaiveDate| Sql::Text(d.format("%Y-%m-%d").to_string());
        let soon_end = today + Duration::days(due_soon_days.max(0));
        let mut counts = PaneCounts::default();
        let plain = PaneFilter::default();
        for part in source.parts {
            let from = from_indexed(*part, &plain);
            let open = format!("{} AND {}", base_condition(*part, false), unfinished(*part));
            let due = due_expr();
            let sql = format!(
                "SELECT (SELECT count(*) FROM {from} WHERE {open}),
                        (SELECT count(*) FROM {from} WHERE {open} AND {due} < ?1),
                        (SELECT count(*) FROM {from} WHERE {open} AND {due} >= ?1 AND {due} <= ?2)"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.query_row(params_from_iter([day(today), day(soon_end)]), |r| {
                counts.open += r.get::<_, i64>(0)? as usize;
                counts.overdue += r.get::<_, i64>(1)? as usize;
                counts.due_soon += r.get::<_, i64>(2)? as usize;
                Ok(())
            })?;
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ItemId;
    use crate::domain::rules::Context;
    use crate::domain::{calendar::HolidayCalendar, deadline::DeadlineSettings};

    fn ctx() -> Context {
        Context {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            actor: "test".into(),
            settings: DeadlineSettings::default(),
            calendar: HolidayCalendar::new(),
            meeting: None,
        }
    }

    fn plan(store: &Store, sql: &str, params: Vec<Sql>) -> String {
        crate::store::testing::query_plan(store, sql, &params)
    }

    const REC_PART: Part = Part {
        kind: Kind::Recommendation,
        rows: Rows::Open,
    };
    const RECS: Source = Source {
        id: "recs",
        parts: &[REC_PART],
    };

    /// If the query's WHERE or ORDER BY drifts from the migration's index definitions,
    /// SQLite silently falls back to scanning and sorting the whole table.
    #[test]
    fn pane_queries_use_their_indexes() {
        let store = Store::open_in_memory().unwrap();
        let today = ctx().today;
        let parts = EVERY_OPEN_PART.iter().copied();
        for part in parts {
            for finished in [false, true] {
                for sort in [Sort::Due, Sort::Owner] {
                    let f = PaneFilter {
                        sort,
                        finished,
                        ..PaneFilter::default()
                    };
                    let Some(index) = index_of(part, &f) else {
                        continue;
                    };
                    let mut params = Vec::new();
                    let mut clause = filter_clause(part, &f, today, &mut params);
                    let key = RowKey {
                        sort: "2026-01-01".into(),
                        rank: 0,
                        item: ItemId::new(part.kind, 5),
                    };
                    let order = Order::of_items(part.kind, sort, 0);
                    clause += &format!(" AND {}", order.keyset(Side::After, &key, &mut params));
                    let sql = format!(
                        "SELECT t.id FROM {} WHERE {clause} ORDER BY {} LIMIT 10",
                        from_indexed(part, &f),
                        order.order_by(false)
                    );
                    let p = plan(&store, &sql, params);
                    let what = format!("{part:?} finished={finished} {sort:?}");
                    assert!(
                        p.contains(&format!("SEARCH t USING INDEX {index}")),
                        "{what}: {p}"
                    );
                    assert!(!p.contains("TEMP B-TREE"), "{what} sorts: {p}");
                }
            }
            let sql = format!(
                "SELECT count(*) FROM {} WHERE {}",
                from_indexed(part, &PaneFilter::default()),
                base_condition(part, false)
            );
            let p = plan(&store, &sql, vec![]);
            assert!(p.contains("_by_due"), "{part:?} count: {p}");
        }
    }

    /// Newest first reads the table from its end (rowid order), never sorting the open
    /// rows, even when a partial index matches the pane's WHERE.
    #[test]
    fn newest_first_reads_from_the_tables_end() {
        let store = Store::open_in_memory().unwrap();
        let f = PaneFilter {
            sort: Sort::Newest,
            ..PaneFilter::default()
        };
        let mut params = Vec::new();
        let plan_of = Plan::Index { counts_stop: false };
        let (from, order, terms) = rows_of(
            &RECS,
            (0, REC_PART),
            &f,
            ctx().today,
            plan_of,
            true,
            &mut params,
        );
        let sql = format!(
            "SELECT t.id FROM {from} WHERE {} ORDER BY {} LIMIT 10",
            terms.join(" AND "),
            order.order_by(false)
        );
        let p = plan(&store, &sql, params);
        assert!(!p.contains("TEMP B-TREE"), "{p}");
    }

    fn add_recs(store: &mut Store, dues: &[Option<&str>]) {
        let c = ctx();
        let spec = |k, n| fields::field(k, n).unwrap();
        let report = store
            .create(
                Kind::Report,
                &[(spec(Kind::Report, "title"), fields::Value::Text("R".into()))],
                &c,
            )
            .unwrap()
            .item
            .id;
        for (i, due) in dues.iter().enumerate() {
            let mut changes = vec![
                (
                    spec(Kind::Recommendation, "report_id"),
                    fields::Value::Link(report),
                ),
                (
                    spec(Kind::Recommendation, "text"),
                    fields::Value::Text(format!("Recommendation number {i}")),
                ),
                (
                    spec(Kind::Recommendation, "owner"),
                    fields::Value::Text(format!("Owner {}", i % 3)),
                ),
            ];
            if let Some(d) = due {
                changes.push((
                    spec(Kind::Recommendation, "due_on"),
                    fields::Value::Date(d.parse().unwrap()),
                ));
            }
            store.create(Kind::Recommendation, &changes, &c).unwrap();
        }
    }

    fn ids(rows: &[PaneRow]) -> Vec<i64> {
        rows.iter().map(|r| r.key.item.num).collect()
    }

    #[test]
    fn windows_page_forwards_and_backwards_in_display_order() {
        let mut store = Store::open_in_memory().unwrap();
        let dues = [
            Some("2026-12-01"),
            None,
            Some("2026-10-01"),
            Some("2026-11-30"),
            None,
            Some("2026-10-01"),
            Some("2027-01-01"),
        ];
        add_recs(&mut store, &dues);
        let today = ctx().today;
        let f = PaneFilter::default();
        let all = store.window(&RECS, &f, today, &Anchor::First, 100).unwrap();
        // Most overdue first (ties by id), then soonest due, undated last.
        assert_eq!(ids(&all), [3, 6, 4, 1, 7, 2, 5]);
        let first = store.window(&RECS, &f, today, &Anchor::First, 3).unwrap();
        assert_eq!(ids(&first), [3, 6, 4]);
        let next = store
            .window(&RECS, &f, today, &Anchor::After(first[2].key.clone()), 3)
            .unwrap();
        assert_eq!(ids(&next), [1, 7, 2]);
        let back = store
            .window(&RECS, &f, today, &Anchor::Before(next[0].key.clone()), 2)
            .unwrap();
        assert_eq!(ids(&back), [6, 4]);
        let last = store.window(&RECS, &f, today, &Anchor::Last, 2).unwrap();
        assert_eq!(ids(&last), [2, 5]);
        let from = store
            .window(&RECS, &f, today, &Anchor::From(next[1].key.clone()), 2)
            .unwrap();
        assert_eq!(ids(&from), [7, 2]);
        assert_eq!(
            store
                .window_position(&RECS, &f, today, &next[1].key)
                .unwrap(),
            Count::Exact(4)
        );
        assert_eq!(
            store.window_count(&RECS, &f, today).unwrap(),
            Count::Exact(7)
        );
    }

    #[test]
    fn newest_first_and_owner_orders_page_too() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(
            &mut store,
            &[Some("2026-12-01"), None, Some("2026-10-01"), None],
        );
        let today = ctx().today;
        let newest = PaneFilter {
            sort: Sort::Newest,
            ..PaneFilter::default()
        };
        let w = store
            .window(&RECS, &newest, today, &Anchor::First, 2)
            .unwrap();
        assert_eq!(ids(&w), [4, 3]);
        let w2 = store
            .window(&RECS, &newest, today, &Anchor::After(w[1].key.clone()), 5)
            .unwrap();
        assert_eq!(ids(&w2), [2, 1]);
        let owner = PaneFilter {
            sort: Sort::Owner,
            ..PaneFilter::default()
        };
        let w = store
            .window(&RECS, &owner, today, &Anchor::First, 10)
            .unwrap();
        // Owner 0: #1 (Dec), #4 (undated); Owner 1: #2; Owner 2: #3.
        assert_eq!(ids(&w), [1, 4, 2, 3]);
    }

    #[test]
    fn filters_need_every_word_in_any_case_and_counts_follow() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(
            &mut store,
            &[
                Some("2026-12-01"),
                None,
                Some("2026-10-01"),
                Some("2026-11-01"),
            ],
        );
        let today = ctx().today;
        let mut f = PaneFilter::default();
        f.set_words("NUMBER owner 0");
        let w = store.window(&RECS, &f, today, &Anchor::First, 10).unwrap();
        assert_eq!(ids(&w), [4, 1]);
        f.set_words("rec-3");
        assert_eq!(
            store.window_count(&RECS, &f, today).unwrap(),
            Count::Exact(1)
        );
        f.set_words("");
        f.overdue_only = true;
        let w = store.window(&RECS, &f, today, &Anchor::First, 10).unwrap();
        assert_eq!(ids(&w), [3, 4]);
        let counts = store.pane_counts(&RECS, today, 14).unwrap();
        assert_eq!(
            counts,
            PaneCounts {
                open: 4,
                overdue: 2,
                due_soon: 1
            }
        );
    }

    fn plan_of(store: &Store, f: &PaneFilter) -> Plan {
        store.plan(&RECS, REC_PART, f, ctx().today).unwrap()
    }

    fn words(typed: &str) -> PaneFilter {
        let mut f = PaneFilter::default();
        f.set_words(typed);
        f
    }

    #[test]
    fn a_selective_filter_is_found_through_the_search_index_and_counted_exactly() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(&mut store, &[Some("2026-12-01"), None, Some("2026-10-01")]);
        let today = ctx().today;
        // "2" is in #3's text and in #2's ID.
        let f = words("NUMBER 2");
        assert_eq!(plan_of(&store, &f), Plan::Copied);
        let w = store.window(&RECS, &f, today, &Anchor::First, 10).unwrap();
        assert_eq!(ids(&w), [3, 2]);
        assert_eq!(
            store.window_count(&RECS, &f, today).unwrap(),
            Count::Exact(2)
        );
        // Every order pages over the copied matches as over the table.
        for sort in Sort::ALL {
            let f = PaneFilter {
                sort,
                ..words("number")
            };
            let all = store.window(&RECS, &f, today, &Anchor::First, 10).unwrap();
            let plain = store
                .window(
                    &RECS,
                    &PaneFilter {
                        sort,
                        ..PaneFilter::default()
                    },
                    today,
                    &Anchor::First,
                    10,
                )
                .unwrap();
            assert_eq!(ids(&all), ids(&plain), "{sort:?}");
            let after = store
                .window(&RECS, &f, today, &Anchor::After(all[0].key.clone()), 10)
                .unwrap();
            assert_eq!(ids(&after), ids(&all[1..]), "{sort:?}");
            let before = store
                .window(&RECS, &f, today, &Anchor::Before(all[2].key.clone()), 10)
                .unwrap();
            assert_eq!(ids(&before), ids(&all[..2]), "{sort:?}");
            assert_eq!(
                store
                    .window_position(&RECS, &f, today, &all[2].key)
                    .unwrap(),
                Count::Exact(2)
            );
        }
    }

    #[test]
    fn the_search_index_follows_edits_and_the_filter_sees_them_at_once() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(&mut store, &[None, None]);
        let today = ctx().today;
        let f = words("émile");
        let count = |store: &Store| store.window_count(&RECS, &f, today).unwrap();
        assert_eq!(count(&store), Count::Exact(0));
        let owner = fields::field(Kind::Recommendation, "owner").unwrap();
        let rec = |n| ItemId {
            kind: Kind::Recommendation,
            num: n,
        };
        store
            .update(
                rec(2),
                None,
                &[(owner, fields::Value::Text("ÉMILE Durand".into()))],
                None,
                &ctx(),
            )
            .unwrap();
        assert_eq!(count(&store), Count::Exact(1), "a new owner is found");
        store
            .update(
                rec(2),
                None,
                &[(owner, fields::Value::Text("Someone else".into()))],
                None,
                &ctx(),
            )
            .unwrap();
        assert_eq!(count(&store), Count::Exact(0), "the old owner is gone");
        assert_eq!(
            store.window_count(&RECS, &words("someone"), today).unwrap(),
            Count::Exact(1)
        );
        // The ID is searched too.
        assert_eq!(
            store.window_count(&RECS, &words("rec-2"), today).unwrap(),
            Count::Exact(1)
        );
        store.delete(rec(2), None, &ctx()).unwrap();
        assert_eq!(
            store.window_count(&RECS, &words("someone"), today).unwrap(),
            Count::Exact(0),
            "deleted items are not open"
        );
    }

    /// Many rows: enough that the search offers more candidates than are worth copying.
    fn add_many_recs(store: &Store, n: usize) {
        store
            .conn
            .execute_batch(&format!(
                "INSERT INTO report (title, source, status) VALUES ('R', 'hmicfrs', 'awaiting_response');
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
                 INSERT INTO recommendation (report_id, kind, text, owner, status)
                 SELECT 1, 'recommendation', 'Case ' || i || ' of victims', 'Owner ' || (i % 7),
                        'in_progress' FROM n;"
            ))
            .unwrap();
    }

    #[test]
    fn a_filter_most_rows_match_is_read_row_by_row_and_its_count_stops() {
        let store = Store::open_in_memory().unwrap();
        add_many_recs(&store, COPY_AT_MOST + 10);
        let today = ctx().today;
        for typed in ["victims", "of", "owner 3"] {
            let f = words(typed);
            assert_eq!(
                plan_of(&store, &f),
                Plan::Index { counts_stop: true },
                "{typed}"
            );
            assert_eq!(
                store.window_count(&RECS, &f, today).unwrap(),
                Count::AtLeast(COUNT_AT_MOST),
                "{typed}"
            );
            let w = store.window(&RECS, &f, today, &Anchor::Last, 2).unwrap();
            assert_eq!(w.len(), 2);
            assert_eq!(
                store.window_position(&RECS, &f, today, &w[1].key).unwrap(),
                Count::AtLeast(COUNT_AT_MOST),
                "past the count's stop the position is unknown"
            );
        }
        // A rare word among them is still copied and counted exactly.
        let f = words("case 1234 ");
        assert_eq!(plan_of(&store, &f), Plan::Copied);
        assert_eq!(
            store.window_count(&RECS, &f, today).unwrap(),
            Count::Exact(12), // 1234, 11234 and 12340..=12349
        );
        // A short word that matches little is copied in one pass and counted exactly.
        assert_eq!(plan_of(&store, &words("zz")), Plan::Copied);
        assert_eq!(
            store.window_count(&RECS, &words("zz"), today).unwrap(),
            Count::Exact(0)
        );
    }

    #[test]
    fn copying_matches_looks_rows_up_by_id_and_windows_read_the_copy_in_order() {
        let store = Store::open_in_memory().unwrap();
        add_many_recs(&store, 50);
        let today = ctx().today;
        for sort in [Sort::Due, Sort::Owner] {
            let f = PaneFilter {
                sort,
                ..words("case 12")
            };
            let mut params = vec![Sql::Text(search_query(&f).unwrap())];
            let clause = filter_clause(REC_PART, &f, today, &mut params);
            let p = plan(
                &store,
                &format!(
                    "SELECT t.id FROM recommendation_search s CROSS JOIN recommendation t \
                     ON t.id = s.rowid WHERE recommendation_search MATCH ?1 AND {clause}"
                ),
                params,
            );
            assert!(p.contains("INTEGER PRIMARY KEY"), "{p}");
            assert!(!p.contains("SCAN t"), "{p}");
            store.plan(&RECS, REC_PART, &f, today).unwrap();
            let order = Order::of_matches(sort, 0);
            let mut params = vec![];
            let key = RowKey {
                sort: "x".into(),
                rank: 0,
                item: ItemId::new(Kind::Recommendation, 3),
            };
            let sql = format!(
                "SELECT t.id FROM {} m CROSS JOIN recommendation t ON t.id = m.id WHERE {} ORDER BY {} LIMIT 5",
                matches_table(&RECS, Kind::Recommendation),
                order.keyset(Side::After, &key, &mut params),
                order.order_by(false)
            );
            let p = plan(&store, &sql, params);
            assert!(p.contains("recs_recommendation_matches_by_key"), "{p}");
            assert!(!p.contains("TEMP B-TREE"), "{p}");
        }
    }

    #[test]
    fn check_notices_a_search_index_out_of_step_with_its_table() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(&mut store, &[None]);
        assert!(store.check().unwrap().is_empty());
        store
            .conn
            .execute_batch(
                "DROP TRIGGER recommendation_search_update;
                 UPDATE recommendation SET owner = 'Changed behind the index' WHERE id = 1;",
            )
            .unwrap();
        let problems = store.check().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("search index of recommendations")),
            "{problems:?}"
        );
    }

    #[test]
    fn two_panes_over_one_kind_keep_their_own_filters() {
        let mut store = Store::open_in_memory().unwrap();
        add_recs(&mut store, &[Some("2026-12-01"), None, Some("2026-10-01")]);
        let today = ctx().today;
        const OTHER: Source = Source {
            id: "other",
            parts: &[REC_PART],
        };
        let a = words("number 2");
        let b = words("number 0");
        // Interleaved, as two panes on screen re-read in turn: neither clobbers the other's
        // copied matches or cached plan.
        for _ in 0..2 {
            let wa = store.window(&RECS, &a, today, &Anchor::First, 10).unwrap();
            let wb = store.window(&OTHER, &b, today, &Anchor::First, 10).unwrap();
            assert_eq!(ids(&wa), [3, 2]);
            assert_eq!(ids(&wb), [1]);
            assert_eq!(
                store.window_count(&RECS, &a, today).unwrap(),
                Count::Exact(2)
            );
            assert_eq!(
                store.window_count(&OTHER, &b, today).unwrap(),
                Count::Exact(1)
            );
        }
    }

    const REPLIES: Source = Source {
        id: "replies",
        parts: &[
            Part {
                kind: Kind::Letter,
                rows: Rows::Open,
            },
            Part {
                kind: Kind::Report,
                rows: Rows::ResponseOwed,
            },
        ],
    };

    /// Letters awaiting reply and reports whose response is owed, in one order.
    fn replies_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        use crate::store::testing::add;
        // Reports: s55 last days 2026-11-15 (published 2026-09-21), 2026-12-20
        // (published 2026-10-26); one responded; one not published.
        add(
            &mut store,
            Kind::Report,
            &[("title", "PEEL"), ("published_on", "2026-09-21")],
        );
        add(
            &mut store,
            Kind::Report,
            &[("title", "Custody"), ("published_on", "2026-10-26")],
        );
        let done = add(
            &mut store,
            Kind::Report,
            &[
                ("title", "Done"),
                ("published_on", "2026-09-01"),
                ("status", "responded"),
            ],
        );
        add(&mut store, Kind::Report, &[("title", "Draft")]);
        // Letters due 2026-11-15 (same day as RPT-1), 2026-12-01, undated.
        for (subject, due) in [("A", "2026-11-15"), ("B", "2026-12-01"), ("C", "")] {
            let mut pairs = vec![("subject", subject)];
            if !due.is_empty() {
                pairs.push(("due_on", due));
            }
            add(&mut store, Kind::Letter, &pairs);
        }
        assert_eq!(done.num, 3);
        store
    }

    fn item_ids(rows: &[PaneRow]) -> Vec<String> {
        rows.iter().map(|r| r.key.item.to_string()).collect()
    }

    #[test]
    fn a_pane_of_letters_and_reports_pages_through_both_in_one_order() {
        let store = replies_store();
        let today = ctx().today;
        let f = PaneFilter::default();
        let all = store
            .window(&REPLIES, &f, today, &Anchor::First, 100)
            .unwrap();
        // Same day: the letter part comes first; undated last; responded and unpublished
        // reports are not owed.
        let order = ["LET-1", "RPT-1", "LET-2", "RPT-2", "LET-3"];
        assert_eq!(item_ids(&all), order);
        for n in 1..order.len() {
            let before = store
                .window(
                    &REPLIES,
                    &f,
                    today,
                    &Anchor::Before(all[n].key.clone()),
                    100,
                )
                .unwrap();
            assert_eq!(item_ids(&before), order[..n], "before {}", order[n]);
            let after = store
                .window(
                    &REPLIES,
                    &f,
                    today,
                    &Anchor::After(all[n - 1].key.clone()),
                    2,
                )
                .unwrap();
            assert_eq!(item_ids(&after), order[n..(n + 2).min(order.len())]);
            assert_eq!(
                store
                    .window_position(&REPLIES, &f, today, &all[n].key)
                    .unwrap(),
                Count::Exact(n)
            );
        }
        let last = store.window(&REPLIES, &f, today, &Anchor::Last, 2).unwrap();
        assert_eq!(item_ids(&last), ["RPT-2", "LET-3"]);
        assert_eq!(
            store.window_count(&REPLIES, &f, today).unwrap(),
            Count::Exact(5)
        );
        let key = store
            .row_key(&REPLIES, &f, today, ItemId::new(Kind::Report, 2))
            .unwrap()
            .unwrap();
        assert_eq!(key, all[3].key);
        assert_eq!(
            store.pane_counts(&REPLIES, today, 14).unwrap(),
            PaneCounts {
                open: 5,
                overdue: 2,
                due_soon: 1
            }
        );
        // Newest first, and a filter across both kinds.
        let newest = PaneFilter {
            sort: Sort::Newest,
            ..PaneFilter::default()
        };
        let w = store
            .window(&REPLIES, &newest, today, &Anchor::First, 100)
            .unwrap();
        assert_eq!(item_ids(&w), ["LET-3", "LET-2", "RPT-2", "LET-1", "RPT-1"]);
        let next = store
            .window(
                &REPLIES,
                &newest,
                today,
                &Anchor::After(w[1].key.clone()),
                2,
            )
            .unwrap();
        assert_eq!(item_ids(&next), ["RPT-2", "LET-1"]);
        let f = words("peel");
        let w = store
            .window(&REPLIES, &f, today, &Anchor::First, 100)
            .unwrap();
        assert_eq!(item_ids(&w), ["RPT-1"]);
    }

    #[test]
    fn finished_items_are_listed_when_asked_for() {
        let store = replies_store();
        let today = ctx().today;
        let f = PaneFilter {
            finished: true,
            ..PaneFilter::default()
        };
        let all = store
            .window(&REPLIES, &f, today, &Anchor::First, 100)
            .unwrap();
        assert_eq!(
            item_ids(&all),
            ["RPT-3", "LET-1", "RPT-1", "LET-2", "RPT-2", "LET-3"],
            "the responded report, by its due date"
        );
        // Overdue only means unfinished, finished shown or not.
        let f = PaneFilter {
            finished: true,
            overdue_only: true,
            ..PaneFilter::default()
        };
        let w = store
            .window(&REPLIES, &f, today, &Anchor::First, 100)
            .unwrap();
        assert_eq!(item_ids(&w), ["LET-1", "RPT-1"]);
    }

    #[test]
    fn every_row_of_a_source_comes_a_page_at_a_time_in_order() {
        let store = Store::open_in_memory().unwrap();
        add_many_recs(&store, 1_234);
        let today = ctx().today;
        let f = PaneFilter::default();
        let mut seen = Vec::new();
        store
            .each_row(&RECS, &f, today, None, |r| {
                seen.push(r.key.item.num);
                Ok(true)
            })
            .unwrap();
        let all = store
            .window(&RECS, &f, today, &Anchor::First, 2_000)
            .unwrap();
        assert_eq!(seen, ids(&all));
        let mut few = 0;
        store
            .each_row(&RECS, &f, today, Some(7), |_| {
                few += 1;
                Ok(true)
            })
            .unwrap();
        assert_eq!(few, 7);
    }
}
