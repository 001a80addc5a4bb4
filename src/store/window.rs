//! Windows of rows for the dashboard's panes. A pane never reads a whole table: it asks for
//! the N rows after (or before) the row it already shows, by keyset on the pane's sort key,
//! which the partial indexes of migration 2 hold for open items only. Counts are indexed
//! too. So the cost of a keystroke depends on the screen, not on the size of the database.

use chrono::{Duration, NaiveDate};
use rusqlite::params_from_iter;
use rusqlite::types::Value as Sql;

use super::items::{chase_columns, columns, read_listed};
use super::{Listed, Result, Store, table};
use crate::domain::fields;
use crate::domain::filter::{PaneFilter, Sort};
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

/// The columns the filter words are looked for in, besides the ID.
fn searched_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Recommendation => &["ref", "text", "owner", "status"],
        Kind::Letter => &["reference", "subject", "sender", "owner", "status"],
        Kind::Action => &["text", "owner", "status"],
        _ => &["status"],
    }
}

/// A word as a LIKE pattern that matches it anywhere, its wildcards taken literally.
fn like_pattern(word: &str) -> String {
    let mut p = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The WHERE clause for a pane's filter (without any keyset condition). LIKE is
/// case-insensitive for ASCII without building a lower-cased copy of every row.
fn filter_clause(kind: Kind, f: &PaneFilter, today: NaiveDate, params: &mut Vec<Sql>) -> String {
    let mut terms = vec![open_condition(kind)];
    if f.overdue_only {
        params.push(Sql::Text(today.format("%Y-%m-%d").to_string()));
        terms.push(format!("{} < ?{}", due_expr(), params.len()));
    }
    for word in &f.words {
        params.push(Sql::Text(like_pattern(word)));
        let n = params.len();
        let mut alternatives = vec![format!(
            "('{}-' || t.id) LIKE ?{n} ESCAPE '\\'",
            kind.prefix()
        )];
        alternatives.extend(
            searched_columns(kind)
                .iter()
                .filter(|c| fields::field(kind, c).is_ok())
                .map(|c| format!("t.\"{c}\" LIKE ?{n} ESCAPE '\\'")),
        );
        terms.push(format!("({})", alternatives.join(" OR ")));
    }
    terms.join(" AND ")
}

/// `key` compared with the anchor in display order: `>` means "after". Written as a range
/// on the sort expression plus a tie-break, because SQLite will not search an expression
/// index by a row value `(expr, id) > (?, ?)`.
fn keyset(kind: Kind, sort: Sort, op: &str, key: &RowKey, params: &mut Vec<Sql>) -> String {
    match sort_expr(kind, sort) {
        Some(expr) => {
            params.push(Sql::Text(key.sort.clone()));
            params.push(Sql::Integer(key.id));
            let (k, id) = (params.len() - 1, params.len());
            let (range, strict) = match op {
                ">" | ">=" => (">=", ">"),
                _ => ("<=", "<"),
            };
            format!("{expr} {range} ?{k} AND ({expr} {strict} ?{k} OR t.id {op} ?{id})")
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
            format!("t.id {flipped} ?{}", params.len())
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

fn order_by(kind: Kind, sort: Sort, reverse: bool) -> String {
    let (asc, desc) = if reverse {
        ("DESC", "ASC")
    } else {
        ("ASC", "DESC")
    };
    match sort_expr(kind, sort) {
        Some(expr) => format!("{expr} {asc}, t.id {asc}"),
        None => format!("t.id {desc}"),
    }
}

impl Store {
    /// Up to `limit` open rows of a pane, in display order, around `anchor`.
    pub fn window(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<PaneRow>> {
        let mut params = Vec::new();
        let mut clause = filter_clause(kind, filter, today, &mut params);
        let sort = filter.sort;
        let reverse = matches!(anchor, Anchor::Last | Anchor::Before(_));
        match anchor {
            Anchor::First | Anchor::Last => {}
            Anchor::After(k) => {
                clause += &format!(" AND {}", keyset(kind, sort, ">", k, &mut params))
            }
            Anchor::Before(k) => {
                clause += &format!(" AND {}", keyset(kind, sort, "<", k, &mut params))
            }
            Anchor::From(k) => {
                clause += &format!(" AND {}", keyset(kind, sort, ">=", k, &mut params))
            }
        }
        params.push(Sql::Integer(limit as i64));
        let sql = format!(
            "SELECT {cols}, {chases}, {key} FROM {from} WHERE {clause}
             ORDER BY {order} LIMIT ?{limit}",
            cols = columns(kind),
            chases = chase_columns(kind),
            key = sort_expr(kind, sort).unwrap_or_else(|| "''".into()),
            from = from_indexed(kind, sort),
            order = order_by(kind, sort, reverse),
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

    /// How many rows the pane's filter matches.
    pub fn window_count(&self, kind: Kind, filter: &PaneFilter, today: NaiveDate) -> Result<usize> {
        let mut params = Vec::new();
        let clause = filter_clause(kind, filter, today, &mut params);
        self.count_where(kind, filter.sort, &clause, params)
    }

    /// How many rows come before `key` in the pane's order: the row's position.
    pub fn window_position(
        &self,
        kind: Kind,
        filter: &PaneFilter,
        today: NaiveDate,
        key: &RowKey,
    ) -> Result<usize> {
        let mut params = Vec::new();
        let mut clause = filter_clause(kind, filter, today, &mut params);
        clause += &format!(" AND {}", keyset(kind, filter.sort, "<", key, &mut params));
        self.count_where(kind, filter.sort, &clause, params)
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

    fn count_where(&self, kind: Kind, sort: Sort, clause: &str, params: Vec<Sql>) -> Result<usize> {
        let sql = format!(
            "SELECT count(*) FROM {} WHERE {clause}",
            from_indexed(kind, sort)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let n: i64 = stmt.query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                clause += &format!(" AND {}", keyset(kind, sort, ">", &key, &mut params));
                let sql = format!(
                    "SELECT t.id FROM {} WHERE {clause} ORDER BY {} LIMIT 10",
                    from_indexed(kind, sort),
                    order_by(kind, sort, false)
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
            4
        );
        assert_eq!(
            store.window_count(Kind::Recommendation, &f, today).unwrap(),
            7
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
            1
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
}
