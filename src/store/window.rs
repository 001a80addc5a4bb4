//! Windows of rows for the dashboard's panes. A pane never reads a whole table: it asks for
//! the N rows after (or before) the row it already shows, by keyset on the pane's sort key,
//! which the partial indexes of migration 2 hold for open items only. Counts are indexed
//! too. So the cost of a keystroke depends on the screen, not on the size of the database.
//!
//! Filter words are found through the trigram index of migration 3. When a filter has few
//! enough candidates, its matching rows and their sort keys are copied once into a temporary
//! table, and windows and exact counts read that. A filter most rows match is read straight
//! from the open-item index, checking each row, and its counts stop at [`COUNT_AT_MOST`]
//! (counting a million matches exactly would cost a second per keystroke).

use std::cell::RefCell;
use std::fmt;

use chrono::{Duration, NaiveDate};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::items::{chase_columns, columns, read_listed};
use super::{Listed, Result, Store, table};
use crate::domain::fields;
use crate::domain::filter::{PaneFilter, Sort, holds_word, trigrams};
use crate::domain::ids::Kind;

/// Where a row sits in its pane's order: the opaque cursor for the next window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    sort: String,
    pub id: i64,
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

/// Items of this kind that still need work. Must match the partial indexes' WHERE clause
/// term for term, or SQLite will not use them.
fn open_condition(kind: Kind) -> String {
    let finished = fields::status_vocab(kind)
        .map(|v| v.finished)
        .unwrap_or_default()
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("t.deleted = 0 AND t.status NOT IN ({finished})")
}

fn due_expr() -> String {
    format!("coalesce(t.due_on, {NO_DATE})")
}

/// The expression a sort orders by (then by id); `None` orders by id alone.
fn sort_expr(kind: Kind, sort: Sort) -> Option<String> {
    match sort {
        Sort::Due => Some(due_expr()),
        Sort::Owner => {
            let who = match kind {
                Kind::Letter => "coalesce(t.owner, t.sender)",
                _ => "t.owner",
            };
            Some(format!(
                "coalesce(lower({who}), '~') || '|' || {}",
                due_expr()
            ))
        }
        Sort::Newest => None,
    }
}

/// The columns the filter words are looked for in, besides the ID. Migration 3's search
/// index holds the same columns.
fn searched_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Recommendation => &["ref", "text", "owner", "status"],
        Kind::Letter => &["reference", "subject", "sender", "owner", "status"],
        Kind::Action => &["text", "owner", "status"],
        _ => &["status"],
    }
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

/// The WHERE clause for a pane's filter (without any keyset condition): open items, due
/// before today if asked, holding every word.
fn filter_clause(kind: Kind, f: &PaneFilter, today: NaiveDate, params: &mut Vec<Sql>) -> String {
    let mut terms = vec![open_condition(kind)];
    if f.overdue_only {
        params.push(Sql::Text(today.format("%Y-%m-%d").to_string()));
        terms.push(format!("{} < ?{}", due_expr(), params.len()));
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

/// A pane's order, over the item table (`t`) or over a filter's copied matches (`m`).
struct Order {
    /// The sort key expression; `None` orders newest first by id.
    key: Option<String>,
    id: &'static str,
}

impl Order {
    fn of_items(kind: Kind, sort: Sort) -> Order {
        Order {
            key: sort_expr(kind, sort),
            id: "t.id",
        }
    }

    fn of_matches(sort: Sort) -> Order {
        Order {
            key: (sort != Sort::Newest).then(|| "m.key".to_string()),
            id: "m.id",
        }
    }

    fn key_column(&self) -> String {
        self.key.clone().unwrap_or_else(|| "''".into())
    }

    /// `key` compared with the anchor in display order: `>` means "after". Written as a
    /// range on the sort expression plus a tie-break, because SQLite will not search an
    /// expression index by a row value `(expr, id) > (?, ?)`.
    fn keyset(&self, op: &str, key: &RowKey, params: &mut Vec<Sql>) -> String {
        let id = self.id;
        match &self.key {
            Some(expr) => {
                params.push(Sql::Text(key.sort.clone()));
                params.push(Sql::Integer(key.id));
                let (k, i) = (params.len() - 1, params.len());
                let (range, strict) = match op {
                    ">" | ">=" => (">=", ">"),
                    _ => ("<=", "<"),
                };
                format!("{expr} {range} ?{k} AND ({expr} {strict} ?{k} OR {id} {op} ?{i})")
            }
            None => {
                // Newest first: "after" in display order is a smaller id.
                let flipped = match op {
                    ">" => "<",
                    ">=" => "<=",
                    "<" => ">",
                    other => other,
                };
                params.push(Sql::Integer(key.id));
                format!("{id} {flipped} ?{}", params.len())
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

/// The table with the index a sort reads, named so the planner cannot pick a worse one
/// (on a small or unanalysed table it would sort the whole table instead).
fn from_indexed(kind: Kind, sort: Sort) -> String {
    let index = match sort {
        Sort::Due => "due",
        Sort::Owner => "owner",
        Sort::Newest => return format!("\"{}\" t", table(kind)),
    };
    format!("\"{t}\" t INDEXED BY {t}_open_by_{index}", t = table(kind))
}

fn matches_table(kind: Kind) -> String {
    format!("temp.\"{}_matches\"", table(kind))
}

/// How a pane's rows are read for its current filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// From the open-item index, each row checked against the filter. Exact counts when
    /// the filter has no words; with words, counts stop at [`COUNT_AT_MOST`].
    Index { counts_stop: bool },
    /// From the filter's matches, copied with their sort keys into a temporary table.
    Copied,
}

/// The last plan made for each pane kind, valid while nothing has been written since.
#[derive(Default)]
pub(super) struct FilterCache(RefCell<Vec<Planned>>);

struct Planned {
    kind: Kind,
    filter: PaneFilter,
    today: NaiveDate,
    /// `PRAGMA data_version` (other connections' commits) and this connection's total
    /// changes when the plan was made.
    stamp: (i64, u64),
    plan: Plan,
}

/// Where a pane's rows are read from under `plan`: the FROM clause, the order, and the
/// filter's terms. The copied matches are joined to their items only when `items` is set
/// (counting needs just the copy).
fn rows_of(
    kind: Kind,
    filter: &PaneFilter,
    today: NaiveDate,
    plan: Plan,
    items: bool,
    params: &mut Vec<Sql>,
) -> (String, Order, Vec<String>) {
    match plan {
        Plan::Copied => {
            let m = matches_table(kind);
            let from = if items {
                format!("{m} m CROSS JOIN \"{}\" t ON t.id = m.id", table(kind))
            } else {
                format!("{m} m")
            };
            (from, Order::of_matches(filter.sort), vec![])
        }
        Plan::Index { .. } => (
            from_indexed(kind, filter.sort),
            Order::of_items(kind, filter.sort),
            vec![filter_clause(kind, filter, today, params)],
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

    /// How to read `filter`'s rows: found through the search index and copied when the
    /// words have few candidates, else checked row by row along the open-item index.
    fn plan(&self, kind: Kind, filter: &PaneFilter, today: NaiveDate) -> Result<Plan> {
        if filter.words.is_empty() {
            return Ok(Plan::Index { counts_stop: false });
        }
        let stamp = self.stamp()?;
        if let Some(p) =
            self.filters.0.borrow().iter().find(|p| {
                p.kind == kind && p.filter == *filter && p.today == today && p.stamp == stamp
            })
        {
            return Ok(p.plan);
        }
        let plan = match search_query(filter) {
            Some(query) if self.candidates(kind, &query)? <= COPY_AT_MOST => {
                self.copy_matches(kind, filter, today, Some(&query))?;
                Plan::Copied
            }
            // No index helps: one pass along the open rows copies up to just past where
            // counts stop. Fewer than that is every match, counted exactly; more means most
            // rows match, and windows find theirs at once reading the index.
            _ if self.copy_matches(kind, filter, today, None)? <= COUNT_AT_MOST => Plan::Copied,
            _ => Plan::Index { counts_stop: true },
        };
        let mut cache = self.filters.0.borrow_mut();
        cache.retain(|p| p.kind != kind);
        cache.push(Planned {
            kind,
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

    /// Replaces the kind's temporary matches with the rows `filter` matches, each with its
    /// sort key, and says how many there are. With a search `query`, the candidates are
    /// looked up by rowid (never by scanning the table); without, the table is read and the
    /// copy stops just past [`COUNT_AT_MOST`].
    fn copy_matches(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        query: Option<&str>,
    ) -> Result<usize> {
        let m = matches_table(kind);
        let t = table(kind);
        self.conn.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {m} (id INTEGER PRIMARY KEY, key TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS temp.\"{t}_matches_by_key\" ON \"{t}_matches\" (key, id);
             DELETE FROM {m};"
        ))?;
        let key = Order::of_items(kind, filter.sort).key_column();
        let mut params = Vec::new();
        let sql = match query {
            Some(query) => {
                params.push(Sql::Text(query.to_string()));
                let clause = filter_clause(kind, filter, today, &mut params);
                format!(
                    "INSERT INTO {m} (id, key)
                     SELECT t.id, {key} FROM {t}_search s CROSS JOIN \"{t}\" t ON t.id = s.rowid
                     WHERE {t}_search MATCH ?1 AND {clause}"
                )
            }
            None => {
                let clause = filter_clause(kind, filter, today, &mut params);
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

    /// Up to `limit` open rows of a pane, in display order, around `anchor`.
    pub fn window(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<PaneRow>> {
        let plan = self.plan(kind, filter, today)?;
        let mut params = Vec::new();
        let (from, order, mut terms) = rows_of(kind, filter, today, plan, true, &mut params);
        let reverse = matches!(anchor, Anchor::Last | Anchor::Before(_));
        match anchor {
            Anchor::First | Anchor::Last => {}
            Anchor::After(k) => terms.push(order.keyset(">", k, &mut params)),
            Anchor::Before(k) => terms.push(order.keyset("<", k, &mut params)),
            Anchor::From(k) => terms.push(order.keyset(">=", k, &mut params)),
        }
        terms.push("1".into());
        params.push(Sql::Integer(limit as i64));
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
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let listed = read_listed(kind, r)?;
            let key = RowKey {
                sort: r.get(key_col)?,
                id: listed.item.id.num,
            };
            Ok(PaneRow { listed, key })
        })?;
        let mut rows = rows.collect::<Result<Vec<_>, _>>()?;
        if reverse {
            rows.reverse();
        }
        Ok(rows)
    }

    /// Where item `id` sits in the pane's order, if the filter shows it.
    pub fn row_key(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        id: i64,
    ) -> Result<Option<RowKey>> {
        let mut params = vec![Sql::Integer(id)];
        let clause = filter_clause(kind, filter, today, &mut params);
        let sql = format!(
            "SELECT {key} FROM \"{t}\" t WHERE t.id = ?1 AND {clause}",
            key = Order::of_items(kind, filter.sort).key_column(),
            t = table(kind),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        Ok(match rows.next()? {
            Some(row) => Some(RowKey {
                sort: row.get(0)?,
                id,
            }),
            None => None,
        })
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
    /// due order and the matches were copied (then it is a range of the copy's index, since
    /// overdue rows come first); `None` otherwise, rather than count along a big table.
    pub fn overdue_matches(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
    ) -> Result<Option<usize>> {
        if filter.sort != Sort::Due || filter.words.is_empty() {
            return Ok(None);
        }
        if self.plan(kind, filter, today)? != Plan::Copied {
            return Ok(None);
        }
        let sql = format!(
            "SELECT count(*) FROM {} m WHERE m.key < ?1",
            matches_table(kind)
        );
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([today.format("%Y-%m-%d").to_string()], |r| r.get(0))?;
        Ok(Some(n as usize))
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
        id.map(|n| self.get(crate::domain::ids::ItemId::new(kind, n)))
            .transpose()
    }

    /// A live recommendation of `report` with the same ref (ignoring case and spaces).
    pub fn same_ref(
        &self,
        report: crate::domain::ids::ItemId,
        reference: &str,
    ) -> Result<Option<crate::domain::ids::ItemId>> {
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
        Ok(id.map(|n| crate::domain::ids::ItemId::new(Kind::Recommendation, n)))
    }

    /// How many rows the pane's filter matches.
    pub fn window_count(&self, kind: Kind, filter: &PaneFilter, today: NaiveDate) -> Result<Count> {
        self.count_before(kind, filter, today, None)
    }

    /// How many rows come before `key` in the pane's order: the row's position.
    pub fn window_position(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        key: &RowKey,
    ) -> Result<Count> {
        self.count_before(kind, filter, today, Some(key))
    }

    fn count_before(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        key: Option<&RowKey>,
    ) -> Result<Count> {
        let plan = self.plan(kind, filter, today)?;
        if key.is_none() && plan == (Plan::Index { counts_stop: true }) {
            // Making the plan counted this far.
            return Ok(Count::AtLeast(COUNT_AT_MOST));
        }
        let mut params = Vec::new();
        let (from, order, mut terms) = rows_of(kind, filter, today, plan, false, &mut params);
        if let Some(key) = key {
            terms.push(order.keyset("<", key, &mut params));
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

    /// Open, overdue and due-soon counts of a pane (without its filter), for the header.
    pub fn pane_counts(
        &self,
        kind: Kind,
        today: NaiveDate,
        due_soon_days: i64,
    ) -> Result<PaneCounts> {
        let day = |d: NaiveDate| Sql::Text(d.format("%Y-%m-%d").to_string());
        let soon_end = today + Duration::days(due_soon_days.max(0));
        let sql = format!(
            "SELECT count(*), coalesce(sum(d < ?1), 0), coalesce(sum(d >= ?1 AND d <= ?2), 0)
             FROM (SELECT {due} AS d FROM {from} WHERE {open})",
            due = due_expr(),
            from = from_indexed(kind, Sort::Due),
            open = open_condition(kind),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let counts = stmt.query_row(params_from_iter([day(today), day(soon_end)]), |r| {
            Ok(PaneCounts {
                open: r.get::<_, i64>(0)? as usize,
                overdue: r.get::<_, i64>(1)? as usize,
                due_soon: r.get::<_, i64>(2)? as usize,
            })
        })?;
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
        }
    }

    fn plan(store: &Store, sql: &str, params: Vec<Sql>) -> String {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt
            .query_map(params_from_iter(params), |r| r.get::<_, String>(3))
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// If the query's WHERE or ORDER BY drifts from the migration's index definitions,
    /// SQLite silently falls back to scanning and sorting the whole table.
    #[test]
    fn pane_queries_use_the_open_item_indexes() {
        let store = Store::open_in_memory().unwrap();
        let today = ctx().today;
        for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
            for sort in [Sort::Due, Sort::Owner] {
                let f = PaneFilter {
                    sort,
                    ..PaneFilter::default()
                };
                let mut params = Vec::new();
                let mut clause = filter_clause(kind, &f, today, &mut params);
                let key = RowKey {
                    sort: "2026-01-01".into(),
                    id: 5,
                };
                let order = Order::of_items(kind, sort);
                clause += &format!(" AND {}", order.keyset(">", &key, &mut params));
                let sql = format!(
                    "SELECT t.id FROM {} WHERE {clause} ORDER BY {} LIMIT 10",
                    from_indexed(kind, sort),
                    order.order_by(false)
                );
                let p = plan(&store, &sql, params);
                let index = format!(
                    "{}_open_by_{}",
                    table(kind),
                    if sort == Sort::Due { "due" } else { "owner" }
                );
                assert!(
                    p.contains(&format!("SEARCH t USING INDEX {index}")),
                    "{kind:?} {sort:?}: {p}"
                );
                assert!(!p.contains("TEMP B-TREE"), "{kind:?} {sort:?} sorts: {p}");
            }
            let sql = format!(
                "SELECT count(*) FROM {} WHERE {}",
                from_indexed(kind, Sort::Due),
                open_condition(kind)
            );
            let p = plan(&store, &sql, vec![]);
            assert!(p.contains("_open_by_"), "{kind:?} count: {p}");
        }
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
        rows.iter().map(|r| r.key.id).collect()
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
        let all = store
            .window(Kind::Recommendation, &f, today, &Anchor::First, 100)
            .unwrap();
        // Most overdue first (ties by id), then soonest due, undated last.
        assert_eq!(ids(&all), [3, 6, 4, 1, 7, 2, 5]);
        let first = store
            .window(Kind::Recommendation, &f, today, &Anchor::First, 3)
            .unwrap();
        assert_eq!(ids(&first), [3, 6, 4]);
        let next = store
            .window(
                Kind::Recommendation,
                &f,
                today,
                &Anchor::After(first[2].key.clone()),
                3,
            )
            .unwrap();
        assert_eq!(ids(&next), [1, 7, 2]);
        let back = store
            .window(
                Kind::Recommendation,
                &f,
                today,
                &Anchor::Before(next[0].key.clone()),
                2,
            )
            .unwrap();
        assert_eq!(ids(&back), [6, 4]);
        let last = store
            .window(Kind::Recommendation, &f, today, &Anchor::Last, 2)
            .unwrap();
        assert_eq!(ids(&last), [2, 5]);
        let from = store
            .window(
                Kind::Recommendation,
                &f,
                today,
                &Anchor::From(next[1].key.clone()),
                2,
            )
            .unwrap();
        assert_eq!(ids(&from), [7, 2]);
        assert_eq!(
            store
                .window_position(Kind::Recommendation, &f, today, &next[1].key)
                .unwrap(),
            Count::Exact(4)
        );
        assert_eq!(
            store.window_count(Kind::Recommendation, &f, today).unwrap(),
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
            .window(Kind::Recommendation, &newest, today, &Anchor::First, 2)
            .unwrap();
        assert_eq!(ids(&w), [4, 3]);
        let w2 = store
            .window(
                Kind::Recommendation,
                &newest,
                today,
                &Anchor::After(w[1].key.clone()),
                5,
            )
            .unwrap();
        assert_eq!(ids(&w2), [2, 1]);
        let owner = PaneFilter {
            sort: Sort::Owner,
            ..PaneFilter::default()
        };
        let w = store
            .window(Kind::Recommendation, &owner, today, &Anchor::First, 10)
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
        let w = store
            .window(Kind::Recommendation, &f, today, &Anchor::First, 10)
            .unwrap();
        assert_eq!(ids(&w), [4, 1]);
        f.set_words("rec-3");
        assert_eq!(
            store.window_count(Kind::Recommendation, &f, today).unwrap(),
            Count::Exact(1)
        );
        f.set_words("");
        f.overdue_only = true;
        let w = store
            .window(Kind::Recommendation, &f, today, &Anchor::First, 10)
            .unwrap();
        assert_eq!(ids(&w), [3, 4]);
        let counts = store.pane_counts(Kind::Recommendation, today, 14).unwrap();
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
        store.plan(Kind::Recommendation, f, ctx().today).unwrap()
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
        let w = store
            .window(Kind::Recommendation, &f, today, &Anchor::First, 10)
            .unwrap();
        assert_eq!(ids(&w), [3, 2]);
        assert_eq!(
            store.window_count(Kind::Recommendation, &f, today).unwrap(),
            Count::Exact(2)
        );
        // Every order pages over the copied matches as over the table.
        for sort in Sort::ALL {
            let f = PaneFilter {
                sort,
                ..words("number")
            };
            let all = store
                .window(Kind::Recommendation, &f, today, &Anchor::First, 10)
                .unwrap();
            let plain = store
                .window(
                    Kind::Recommendation,
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
                .window(
                    Kind::Recommendation,
                    &f,
                    today,
                    &Anchor::After(all[0].key.clone()),
                    10,
                )
                .unwrap();
            assert_eq!(ids(&after), ids(&all[1..]), "{sort:?}");
            let before = store
                .window(
                    Kind::Recommendation,
                    &f,
                    today,
                    &Anchor::Before(all[2].key.clone()),
                    10,
                )
                .unwrap();
            assert_eq!(ids(&before), ids(&all[..2]), "{sort:?}");
            assert_eq!(
                store
                    .window_position(Kind::Recommendation, &f, today, &all[2].key)
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
        let count = |store: &Store| store.window_count(Kind::Recommendation, &f, today).unwrap();
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
            store
                .window_count(Kind::Recommendation, &words("someone"), today)
                .unwrap(),
            Count::Exact(1)
        );
        // The ID is searched too.
        assert_eq!(
            store
                .window_count(Kind::Recommendation, &words("rec-2"), today)
                .unwrap(),
            Count::Exact(1)
        );
        store.delete(rec(2), None, &ctx()).unwrap();
        assert_eq!(
            store
                .window_count(Kind::Recommendation, &words("someone"), today)
                .unwrap(),
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
                store.window_count(Kind::Recommendation, &f, today).unwrap(),
                Count::AtLeast(COUNT_AT_MOST),
                "{typed}"
            );
            let w = store
                .window(Kind::Recommendation, &f, today, &Anchor::Last, 2)
                .unwrap();
            assert_eq!(w.len(), 2);
            assert_eq!(
                store
                    .window_position(Kind::Recommendation, &f, today, &w[1].key)
                    .unwrap(),
                Count::AtLeast(COUNT_AT_MOST),
                "past the count's stop the position is unknown"
            );
        }
        // A rare word among them is still copied and counted exactly.
        let f = words("case 1234 ");
        assert_eq!(plan_of(&store, &f), Plan::Copied);
        assert_eq!(
            store.window_count(Kind::Recommendation, &f, today).unwrap(),
            Count::Exact(12), // 1234, 11234 and 12340..=12349
        );
        // A short word that matches little is copied in one pass and counted exactly.
        assert_eq!(plan_of(&store, &words("zz")), Plan::Copied);
        assert_eq!(
            store
                .window_count(Kind::Recommendation, &words("zz"), today)
                .unwrap(),
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
            let clause = filter_clause(Kind::Recommendation, &f, today, &mut params);
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
            store.plan(Kind::Recommendation, &f, today).unwrap();
            let order = Order::of_matches(sort);
            let mut params = vec![];
            let key = RowKey {
                sort: "x".into(),
                id: 3,
            };
            let sql = format!(
                "SELECT t.id FROM {} m CROSS JOIN recommendation t ON t.id = m.id WHERE {} ORDER BY {} LIMIT 5",
                matches_table(Kind::Recommendation),
                order.keyset(">", &key, &mut params),
                order.order_by(false)
            );
            let p = plan(&store, &sql, params);
            assert!(p.contains("recommendation_matches_by_key"), "{p}");
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
}
