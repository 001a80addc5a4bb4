//! Reading a list (`oversight list`, the CSV export, a detail's items) a row at a time, in
//! list order, in flat memory: unfinished first, then by the kind's date (most overdue first),
//! undated last, then by ID.
//!
//! No index holds that order, and sorting it means reading every row before the first is
//! written. So a list is read in [`Part`]s, each in an order an index already has: the
//! unfinished items, then the finished; within each, the dated by date and ID, then the
//! undated by ID. A part is read one of two ways:
//!
//! - **by its index** (`INDEXED BY`, so the planner cannot choose to sort instead; the tests
//!   check the plans): SQLite hands over rows as it finds them, and `--overdue` reads only
//!   the overdue. Each row the index reads costs a look-up in the table, so this is the way
//!   when most of them are rows to write.
//! - **by sorted keys**, a chunk at a time: a scan of the table (cheap, in file order) keeps
//!   the next [`Tuning::chunk`] keys in order (SQLite's top-N sort), whose rows are then
//!   read by ID. This is the way when the index has none (reports, meetings, notes) or when a
//!   filter no index serves (`--status`, `--owner`, `--search`) matches few of the rows the
//!   index would read: looking each one up would cost far more than the scan. Which it is
//!   is judged from the first [`Tuning::sample`] rows the index would read; a chunk that
//!   comes back full shows the filter is not rare there, and the rest of the part is read by
//!   its index.
//!
//! Both ways give the same rows in the same order, and neither holds more than a chunk of
//! keys. All the reads of one list see one snapshot of the database.

use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value as Sql;

use super::items::{ListQuery, Listed, chase_columns, columns, read_listed};
use super::{Result, Store, StoreError, table};
use crate::domain::fields::{self, FieldType};
use crate::domain::ids::Kind;

/// A due date no real date sorts after: the partial indexes of migration 2 order undated
/// items by it (`coalesce(due_on, '9999-12-31')`), so a list read from them must take the
/// items dated exactly that day apart to keep "undated last".
const NO_DATE: &str = "'9999-12-31'";

/// How a list chooses between reading a part by its index and by sorted keys.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tuning {
    /// How many of the rows an index would read are looked at to judge a filter.
    pub sample: usize,
    /// A filter matching fewer than one in this many of them is read by sorted keys.
    pub rare: usize,
    /// Keys sorted per scan of the table.
    pub chunk: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        // At a million rows a scan of the table costs about as much as 100,000 look-ups, so
        // a filter writing fewer than one row in 20 of those the index reads is cheaper by
        // scans of 20,000 keys (about a megabyte to sort).
        Tuning {
            sample: 2_000,
            rare: 20,
            chunk: 20_000,
        }
    }
}

/// One part of a list: the rows meeting the query's conditions and `cond`, ordered by `keys`.
#[derive(Debug)]
struct Part {
    /// Conditions of this part, added to the query's (` AND ...`).
    cond: String,
    /// The order: expressions of the row, the last always `t.id`; never null in the part.
    keys: Vec<String>,
    /// The index that has this order: the table as FROM names it (with `INDEXED BY`), and
    /// the conditions that make the range it reads.
    index: Option<(String, String)>,
    /// Every row the index reads is one to write (or nearly): no need to judge.
    exact: bool,
}

/// Everything a list's reads share.
struct Reads {
    kind: Kind,
    /// The query's own conditions, and their parameters (`?1`...).
    where_sql: String,
    params: Vec<Sql>,
    parts: Vec<Part>,
    /// A list of one item's children, or with deleted items: one sorted read (small, or not
    /// in any index's order).
    sorted: Option<String>,
}

impl Store {
    /// Items of a kind in list order (see [`list_each`](Store::list_each)), gathered into a
    /// `Vec`: for the few rows of a detail or a check. Whole lists go through `list_each`.
    pub fn list(&self, kind: Kind, q: &ListQuery, today: NaiveDate) -> Result<Vec<Listed>> {
        let mut rows = Vec::new();
        self.list_each(kind, q, today, |row| {
            rows.push(row);
            Ok::<_, StoreError>(())
        })?;
        Ok(rows)
    }

    /// Hands `each` the items of a kind one at a time, as they are read, in list order:
    /// unfinished first, then by due date (most overdue first), undated last, then by ID.
    /// Memory stays flat whatever the size, and the first row comes at once (see the module's
    /// comment). All the reads see one snapshot. Stops after `q.limit` rows, or at `each`'s
    /// first error.
    pub fn list_each<E: From<StoreError>>(
        &self,
        kind: Kind,
        q: &ListQuery,
        today: NaiveDate,
        each: impl FnMut(Listed) -> Result<(), E>,
    ) -> Result<(), E> {
        self.list_tuned(kind, q, today, Tuning::default(), each)
    }

    pub(super) fn list_tuned<E: From<StoreError>>(
        &self,
        kind: Kind,
        q: &ListQuery,
        today: NaiveDate,
        tuning: Tuning,
        mut each: impl FnMut(Listed) -> Result<(), E>,
    ) -> Result<(), E> {
        let reads = list_reads(kind, q, today);
        let mut left = q.limit.unwrap_or(u64::MAX);
        self.snapshot(|store| {
            let mut write = |row: Listed| -> Result<bool, E> {
                each(row)?;
                left -= 1;
                Ok(left > 0)
            };
            if let Some(sql) = &reads.sorted {
                let mut stmt = store.conn.prepare(sql).map_err(StoreError::from)?;
                let mut rows = stmt
                    .query(params_from_iter(&reads.params))
                    .map_err(StoreError::from)?;
                while let Some(row) = rows.next().map_err(StoreError::from)? {
                    if !write(read_listed(kind, row).map_err(StoreError::from)?)? {
                        break;
                    }
                }
                return Ok(());
            }
            for part in &reads.parts {
                if !store.read_part(&reads, part, tuning, &mut write)? {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Reads one part, by its index or by sorted keys (see the module's comment). `write`
    /// says whether to go on; so does the result.
    fn read_part<E: From<StoreError>>(
        &self,
        reads: &Reads,
        part: &Part,
        tuning: Tuning,
        write: &mut impl FnMut(Listed) -> Result<bool, E>,
    ) -> Result<bool, E> {
        let kind = reads.kind;
        let mut by_index = match &part.index {
            None => false,
            Some(_) if part.exact => true,
            Some(index) => self.common(reads, part, index, tuning)?,
        };
        // The key of the last row written, to go on after it.
        let mut after: Option<Vec<Sql>> = None;
        loop {
            let (after_sql, params) = after_keys(reads, part, after.as_deref());
            if by_index {
                let sql = index_sql(reads, part, &after_sql);
                let mut stmt = self.conn.prepare(&sql).map_err(db)?;
                let mut rows = stmt.query(params_from_iter(&params)).map_err(db)?;
                while let Some(row) = rows.next().map_err(db)? {
                    if !write(read_listed(kind, row).map_err(db)?)? {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            let sql = keys_sql(reads, part, &after_sql, tuning.chunk);
            let mut keys: Vec<Vec<Sql>> = Vec::new();
            {
                let mut stmt = self.conn.prepare(&sql).map_err(db)?;
                let mut rows = stmt.query(params_from_iter(&params)).map_err(db)?;
                while let Some(row) = rows.next().map_err(db)? {
                    let key = (0..part.keys.len())
                        .map(|i| row.get::<_, Sql>(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map_err(db)?;
                    keys.push(key);
                }
            }
            let one = format!(
                "SELECT {}, {} FROM \"{}\" t WHERE t.id = ?1",
                columns(kind),
                chase_columns(kind),
                table(kind)
            );
            let mut stmt = self.conn.prepare_cached(&one).map_err(db)?;
            for key in &keys {
                let id = key.last().expect("the ID is the last key");
                let row = stmt.query_row([id], |r| read_listed(kind, r)).map_err(db)?;
                if !write(row)? {
                    return Ok(false);
                }
            }
            if keys.len() < tuning.chunk {
                return Ok(true);
            }
            // A full chunk: the filter is not rare here; the index reads on, if there is one.
            by_index = part.index.is_some();
            after = keys.pop();
        }
    }

    /// Whether a part's filter holds for enough of the rows its index reads to read it there:
    /// judged from the first `tuning.sample` of them.
    fn common(
        &self,
        reads: &Reads,
        part: &Part,
        (from, range): &(String, String),
        tuning: Tuning,
    ) -> Result<bool> {
        let sql = sample_sql(reads, part, from, range, tuning.sample);
        let (read, hits): (i64, i64) =
            self.conn
                .query_row(&sql, params_from_iter(&reads.params), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        // A range smaller than the sample costs no more than the sample did.
        Ok((read as usize) < tuning.sample || hits as usize * tuning.rare >= read as usize)
    }
}

/// A part read by its index, after `after_sql` (see [`after_keys`]).
fn index_sql(reads: &Reads, part: &Part, after_sql: &str) -> String {
    let (from, _) = part.index.as_ref().expect("a part with an index");
    format!(
        "SELECT {}, {} FROM {from} WHERE {}{}{after_sql} ORDER BY {}",
        columns(reads.kind),
        chase_columns(reads.kind),
        reads.where_sql,
        part.cond,
        part.keys.join(", ")
    )
}

/// The next `chunk` keys of a part in order, by a scan of the table.
fn keys_sql(reads: &Reads, part: &Part, after_sql: &str, chunk: usize) -> String {
    format!(
        "SELECT {keys} FROM \"{}\" t NOT INDEXED WHERE {}{}{after_sql} ORDER BY {keys} LIMIT {chunk}",
        table(reads.kind),
        reads.where_sql,
        part.cond,
        keys = part.keys.join(", "),
    )
}

/// How many of the first `sample` rows a part's index reads there are, and how many of them
/// meet the part's conditions.
fn sample_sql(reads: &Reads, part: &Part, from: &str, range: &str, sample: usize) -> String {
    format!(
        "SELECT count(*), coalesce(sum(hit), 0) FROM (SELECT ({}{}) AS hit FROM {from} \
         WHERE {range} ORDER BY {} LIMIT {sample})",
        reads.where_sql,
        part.cond,
        part.keys.join(", ")
    )
}

/// A SQLite error as the caller's error.
fn db<E: From<StoreError>>(e: rusqlite::Error) -> E {
    StoreError::from(e).into()
}

/// The condition that goes on after `key` in a part's order, and the parameters with its
/// values after the query's own. As the dashboard's windows do it, so an index reads on from
/// there: `k >= ?a AND (k > ?a OR t.id > ?b)`.
fn after_keys(reads: &Reads, part: &Part, key: Option<&[Sql]>) -> (String, Vec<Sql>) {
    let mut params = reads.params.clone();
    let Some(key) = key else {
        return (String::new(), params);
    };
    let n = params.len();
    params.extend(key.iter().cloned());
    let sql = match part.keys.as_slice() {
        [id] => format!(" AND {id} > ?{}", n + 1),
        [k, id] => format!(
            " AND {k} >= ?{a} AND ({k} > ?{a} OR {id} > ?{b})",
            a = n + 1,
            b = n + 2
        ),
        other => unreachable!("a part is ordered by one or two keys, not {other:?}"),
    };
    (sql, params)
}

fn order_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Meeting => "held_on",
        Kind::Note => "noted_on",
        Kind::Board | Kind::Ask => "id",
        _ => "due_on",
    }
}

fn finished_list(kind: Kind) -> Option<String> {
    fields::status_vocab(kind).map(|v| {
        v.finished
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The kinds whose lists are read from migrations 1 and 2's due-date indexes: the open items'
/// `{table}_open_by_due (coalesce(due_on, '9999-12-31'), id)` and every item's
/// `{table}_by_due (deleted, due_on, id)`.
fn has_due_indexes(kind: Kind) -> bool {
    matches!(kind, Kind::Recommendation | Kind::Letter | Kind::Action)
}

/// How a list is read: its parts in order (see the module's comment).
fn list_reads(kind: Kind, q: &ListQuery, today: NaiveDate) -> Reads {
    let (where_sql, params) = where_clause(kind, q, today);
    let t = table(kind);
    let col = order_column(kind);
    let mut reads = Reads {
        kind,
        where_sql,
        params,
        parts: Vec::new(),
        sorted: None,
    };
    if q.parent.is_some() || q.include_deleted {
        let finished_last = finished_list(kind)
            .map(|f| format!("t.status IN ({f}),"))
            .unwrap_or_default();
        reads.sorted = Some(format!(
            "SELECT {}, {} FROM \"{t}\" t WHERE {} ORDER BY {finished_last} t.{col} IS NULL, \
             t.{col}, t.id",
            columns(kind),
            chase_columns(kind),
            reads.where_sql
        ));
        return reads;
    }
    // Filters no index serves: a part read by its index checks them row by row.
    let filtered = q.status.is_some() || q.owner.is_some() || q.search.is_some();
    // Which of the two status parts can hold rows at all.
    let only_open = q.open_only || q.overdue_only || q.due_within.is_some();
    let status_finished = q
        .status
        .as_deref()
        .zip(fields::status_vocab(kind))
        .map(|(s, v)| v.is_finished(s));
    let open_part = status_finished != Some(true);
    let finished_part = !only_open && status_finished != Some(false);
    let (open, finished) = match finished_list(kind) {
        Some(f) => (
            format!(" AND t.status NOT IN ({f})"),
            Some(format!(" AND t.status IN ({f})")),
        ),
        None => (String::new(), None),
    };
    let id = || vec!["t.id".to_string()];
    if has_due_indexes(kind) {
        let open_index = format!("\"{t}\" t INDEXED BY {t}_open_by_due");
        let due_index = format!("\"{t}\" t INDEXED BY {t}_by_due");
        let key = format!("coalesce(t.due_on, {NO_DATE})");
        if open_part {
            // The same bounds on the index's own expression, so SQLite stops reading there.
            let mut bound = format!(" AND {key} < {NO_DATE}");
            if q.overdue_only {
                bound.push_str(&format!(" AND {key} < '{}'", today.format("%Y-%m-%d")));
            }
            if let Some(days) = q.due_within {
                let last = due_within_limit(today, days);
                bound.push_str(&format!(" AND {key} <= '{}'", last.format("%Y-%m-%d")));
            }
            reads.parts.push(Part {
                cond: format!("{open}{bound}"),
                keys: vec![key.clone(), "t.id".into()],
                index: Some((open_index.clone(), format!("t.deleted = 0{open}{bound}"))),
                exact: !filtered,
            });
            // Dated the indexes' "no date": after every other date, before the undated.
            reads.parts.push(Part {
                cond: format!("{open} AND t.due_on = {NO_DATE}"),
                keys: id(),
                index: Some((
                    due_index.clone(),
                    format!("t.deleted = 0 AND t.due_on = {NO_DATE}"),
                )),
                exact: true,
            });
            if !(q.overdue_only || q.due_within.is_some()) {
                // A due date stored invalid ("not a date", written by another tool) sorts
                // after every date as text: listed there, never lost between the parts.
                let past = format!("{open} AND {key} > {NO_DATE}");
                reads.parts.push(Part {
                    cond: past.clone(),
                    keys: vec![key.clone(), "t.id".into()],
                    index: Some((open_index.clone(), format!("t.deleted = 0{past}"))),
                    exact: !filtered,
                });
                let range = format!("{open} AND {key} = {NO_DATE}");
                reads.parts.push(Part {
                    cond: format!("{range} AND t.due_on IS NULL"),
                    keys: id(),
                    index: Some((open_index, format!("t.deleted = 0{range}"))),
                    exact: !filtered,
                });
            }
        }
        if let Some(finished) = finished.filter(|_| finished_part) {
            for (dated, keys) in [
                ("IS NOT NULL", vec!["t.due_on".to_string(), "t.id".into()]),
                ("IS NULL", id()),
            ] {
                reads.parts.push(Part {
                    cond: format!("{finished} AND t.due_on {dated}"),
                    keys,
                    index: Some((
                        due_index.clone(),
                        format!("t.deleted = 0 AND t.due_on {dated}"),
                    )),
                    // The index reads the unfinished too.
                    exact: false,
                });
            }
        }
        return reads;
    }
    let mut statuses = Vec::new();
    if open_part {
        statuses.push(open);
    }
    if let Some(finished) = finished.filter(|_| finished_part) {
        statuses.push(finished);
    }
    // In ID order the table is its own index, read in file order: a rare filter costs one
    // scan either way.
    let by_id = || Some((format!("\"{t}\" t"), "1".to_string()));
    for status in statuses {
        if col == "id" {
            reads.parts.push(Part {
                cond: status,
                keys: id(),
                index: by_id(),
                exact: true,
            });
        } else {
            reads.parts.push(Part {
                cond: format!("{status} AND t.{col} IS NOT NULL"),
                keys: vec![format!("t.{col}"), "t.id".into()],
                index: None,
                exact: false,
            });
            reads.parts.push(Part {
                cond: format!("{status} AND t.{col} IS NULL"),
                keys: id(),
                index: by_id(),
                exact: true,
            });
        }
    }
    reads
}

fn where_clause(kind: Kind, q: &ListQuery, today: NaiveDate) -> (String, Vec<Sql>) {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Sql> = Vec::new();
    let param = |params: &mut Vec<Sql>, v: Sql| {
        params.push(v);
        format!("?{}", params.len())
    };
    if !q.include_deleted {
        conds.push("t.deleted = 0".into());
    }
    let open = finished_list(kind).map(|f| format!("t.status NOT IN ({f})"));
    let has_due = fields::fields(kind)
        .iter()
        .any(|f| f.field == fields::Field::DueOn);
    if q.open_only || q.overdue_only || q.due_within.is_some() {
        conds.extend(open.clone());
    }
    // Kinds without a due date are never overdue or due soon.
    if (q.overdue_only || q.due_within.is_some()) && !has_due {
        conds.push("0".into());
    }
    if q.overdue_only && has_due {
        let p = param(&mut params, Sql::Text(today.format("%Y-%m-%d").to_string()));
        conds.push(format!("t.due_on < {p}"));
    }
    if let Some(days) = q.due_within.filter(|_| has_due) {
        let limit = due_within_limit(today, days);
        let p = param(&mut params, Sql::Text(limit.format("%Y-%m-%d").to_string()));
        conds.push(format!("t.due_on <= {p}"));
    }
    if let Some(status) = &q.status {
        let p = param(&mut params, Sql::Text(status.clone()));
        conds.push(format!("t.status = {p}"));
    }
    if let Some(owner) = &q.owner {
        use fields::Field;
        let who: Vec<&str> = [Field::Owner, Field::Sender, Field::Chair, Field::Author]
            .into_iter()
            .filter(|f| fields::spec(kind, *f).is_ok())
            .map(Field::name)
            .collect();
        // A kind with no one to name (asks, meetings) has no rows for it; its pattern is not
        // bound, as no condition would use it.
        let p = if who.is_empty() {
            String::new()
        } else {
            param(&mut params, Sql::Text(like_pattern(owner)))
        };
        let mut ors: Vec<String> = who
            .iter()
            .map(|c| format!("t.\"{c}\" LIKE {p} ESCAPE '\\'"))
            .collect();
        // The office's own letter awaits its recipient's answer: the recipient owes it.
        if kind == Kind::Letter {
            ors.push(format!(
                "(t.direction = 'outgoing' AND t.recipient LIKE {p} ESCAPE '\\')"
            ));
        }
        conds.push(if ors.is_empty() {
            "0".into()
        } else {
            format!("({})", ors.join(" OR "))
        });
    }
    if let Some(search) = &q.search {
        let texts: Vec<&str> = fields::fields(kind)
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Text { .. }))
            .map(|f| f.name)
            .collect();
        for word in search.split_whitespace() {
            let p = param(&mut params, Sql::Text(like_pattern(word)));
            let mut ors: Vec<String> = texts
                .iter()
                .map(|c| format!("t.\"{c}\" LIKE {p} ESCAPE '\\'"))
                .collect();
            ors.push(format!("'{}-' || t.id LIKE {p} ESCAPE '\\'", kind.prefix()));
            conds.push(format!("({})", ors.join(" OR ")));
        }
    }
    if let Some(parent) = q.parent {
        let link = fields::fields(kind)
            .iter()
            .find(|f| f.ty == FieldType::Link(parent.kind));
        match link {
            Some(f) => {
                let p = param(&mut params, Sql::Integer(parent.num));
                conds.push(format!("t.\"{}\" = {p}", f.name));
            }
            None if kind == Kind::Note => {
                let p = param(&mut params, Sql::Text(parent.to_string()));
                conds.push(format!("t.item_id = {p}"));
            }
            None => conds.push("0".into()),
        }
    }
    if conds.is_empty() {
        conds.push("1".into());
    }
    (conds.join(" AND "), params)
}

/// The last due date `--due-within DAYS` takes.
fn due_within_limit(today: NaiveDate, days: i64) -> NaiveDate {
    today
        .checked_add_signed(chrono::Duration::days(days.clamp(-100_000, 100_000)))
        .unwrap_or(today)
}

/// A LIKE pattern matching `text` anywhere, with % and _ taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Value;
    use crate::domain::ids::ItemId;
    use crate::store::testing::{add, ctx};
    use chrono::Datelike;

    use crate::store::testing::query_plan as plan;

    fn queries() -> Vec<ListQuery> {
        vec![
            ListQuery::default(),
            ListQuery {
                overdue_only: true,
                ..ListQuery::default()
            },
            ListQuery {
                open_only: true,
                owner: Some("bcu".into()),
                ..ListQuery::default()
            },
            ListQuery {
                due_within: Some(14),
                ..ListQuery::default()
            },
            ListQuery {
                status: Some("complete".into()),
                search: Some("custody".into()),
                ..ListQuery::default()
            },
        ]
    }

    /// A list is written as it is read only while no part read by its index is sorted: each
    /// must read its index in order (from the start, and going on after a key), its sample
    /// too, and the chase counts must look notes up by item, not scan them.
    #[test]
    fn parts_read_by_index_use_it_and_never_sort() {
        let store = Store::open_in_memory().unwrap();
        let today = ctx().today;
        for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
            for q in queries() {
                let reads = list_reads(kind, &q, today);
                for part in &reads.parts {
                    let (from, range) = part.index.as_ref().unwrap();
                    let key = [Sql::Text("2026-01-01".into()), Sql::Integer(7)];
                    let (after, params) = after_keys(&reads, part, Some(&key[..part.keys.len()]));
                    for (sql, params) in [
                        (index_sql(&reads, part, ""), &reads.params),
                        (index_sql(&reads, part, &after), &params),
                    ] {
                        let plan = plan(&store, &sql, params);
                        assert!(!plan.contains("TEMP B-TREE"), "{kind} {q:?} sorts:\n{plan}");
                        assert!(!plan.contains("SCAN t"), "{kind} {q:?} scans:\n{plan}");
                        let lookups = plan.matches("SEARCH n USING INDEX note_by_item").count();
                        assert_eq!(lookups, 2, "{kind} {q:?} chases:\n{plan}");
                    }
                    let sample = plan(
                        &store,
                        &sample_sql(&reads, part, from, range, 10),
                        &reads.params,
                    );
                    assert!(!sample.contains("TEMP B-TREE"), "{kind} {q:?}:\n{sample}");
                }
            }
        }
        // The overdue read stops at today: a range on the open items' index.
        let overdue = ListQuery {
            overdue_only: true,
            ..ListQuery::default()
        };
        let reads = list_reads(Kind::Recommendation, &overdue, today);
        let sql = index_sql(&reads, &reads.parts[0], "");
        let first = plan(&store, &sql, &reads.params);
        assert!(
            first.contains("recommendation_open_by_due (<expr><?)"),
            "{first}"
        );
        // Boards and asks are read in ID order, which the table has.
        for kind in [Kind::Board, Kind::Ask] {
            let reads = list_reads(kind, &ListQuery::default(), today);
            for part in &reads.parts {
                let plan = plan(&store, &index_sql(&reads, part, ""), &reads.params);
                assert!(!plan.contains("TEMP B-TREE"), "{kind}:\n{plan}");
            }
        }
    }

    /// A report, recommendations due on various days (one on 31 Dec 9999, the indexes'
    /// stand-in for "no date", two undated), some complete; owners and chases; reports,
    /// meetings and notes with and without dates.
    fn tracker() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, Kind::Report, &[("title", "PEEL")]);
        add(&mut s, Kind::Board, &[("name", "Board")]);
        let due = [
            None,
            Some("2027-01-05"),
            // Typed dates stop at 2200; 31 Dec 9999 is written below as older data has it.
            Some("2199-12-31"),
            Some("2026-01-01"),
            None,
            Some("2027-01-05"),
            Some("2025-06-30"),
        ];
        for i in 0..42 {
            let text = format!("R{i} custody case {}", i % 5);
            let owner = format!("Owner {}", i % 4);
            let mut pairs = vec![
                ("report_id", "RPT-1"),
                ("text", text.as_str()),
                ("owner", owner.as_str()),
            ];
            if let Some(d) = due[i % due.len()] {
                pairs.push(("due_on", d));
            }
            add(&mut s, Kind::Recommendation, &pairs);
            if i % 3 == 0 {
                add(
                    &mut s,
                    Kind::Meeting,
                    &[("board_id", "BRD-1"), ("held_on", "2026-12-01")],
                );
                let about = format!("REC-{}", i + 1);
                add(
                    &mut s,
                    Kind::Note,
                    &[("item_id", about.as_str()), ("text", "Noted")],
                );
            }
        }
        let status = fields::field(Kind::Recommendation, "status").unwrap();
        let evidence = fields::field(Kind::Recommendation, "evidence").unwrap();
        for n in (2..=42).step_by(3) {
            let changes = [
                (status, Value::Text("complete".into())),
                (evidence, Value::Text("Done".into())),
            ];
            s.update(
                ItemId::new(Kind::Recommendation, n),
                None,
                &changes,
                None,
                &ctx(),
            )
            .unwrap();
        }
        s.conn
            .execute(
                "UPDATE recommendation SET due_on = '9999-12-31' WHERE due_on = '2199-12-31'",
                [],
            )
            .unwrap();
        s
    }

    fn ids(s: &Store, kind: Kind, q: &ListQuery, tuning: Tuning) -> Vec<i64> {
        let mut ids = Vec::new();
        s.list_tuned(kind, q, ctx().today, tuning, |l| {
            ids.push(l.item.id.num);
            Ok::<_, StoreError>(())
        })
        .unwrap();
        ids
    }

    /// The parts together are the order one sorted query gives (the form used for a parent's
    /// items): unfinished first, then by due date (the one due on 31 Dec 9999 before the
    /// undated), then by ID; and --limit stops where it says.
    #[test]
    fn a_list_read_in_parts_is_in_list_order() {
        let s = tracker();
        let every = ListQuery::default();
        let sorted = ListQuery {
            parent: Some(ItemId::new(Kind::Report, 1)),
            ..ListQuery::default()
        };
        let all = ids(&s, Kind::Recommendation, &every, Tuning::default());
        assert_eq!(all.len(), 42);
        assert_eq!(
            all,
            ids(&s, Kind::Recommendation, &sorted, Tuning::default())
        );
        let rows = s.list(Kind::Recommendation, &every, ctx().today).unwrap();
        let key = |l: &Listed| {
            let due = l.item.due_on();
            (l.item.is_finished(), due.is_none(), due, l.item.id.num)
        };
        assert!(
            rows.windows(2).all(|w| key(&w[0]) < key(&w[1])),
            "in list order"
        );
        let dated_9999 = rows
            .iter()
            .position(|l| l.item.due_on().is_some_and(|d| d.year() == 9999));
        let first_undated = rows.iter().position(|l| l.item.due_on().is_none());
        assert!(
            dated_9999 < first_undated,
            "31 Dec 9999 is a date: before the undated"
        );
        let limited = ListQuery {
            limit: Some(4),
            ..ListQuery::default()
        };
        assert_eq!(
            ids(&s, Kind::Recommendation, &limited, Tuning::default()),
            all[..4]
        );
    }

    /// Read by sorted keys a few at a time (going on by key, and back to the index after a
    /// full chunk), or all by the index, a list is the same rows in the same order.
    #[test]
    fn by_sorted_keys_or_by_index_the_rows_are_the_same() {
        let s = tracker();
        // A sample larger than any range: every part is read by its index.
        let by_index = Tuning {
            sample: 1_000_000,
            ..Tuning::default()
        };
        let by_keys = Tuning {
            sample: 1,
            rare: 0,
            chunk: 2,
        };
        let mut queries = queries();
        queries.extend([
            ListQuery {
                owner: Some("owner 3".into()),
                ..ListQuery::default()
            },
            ListQuery {
                status: Some("in_progress".into()),
                limit: Some(9),
                ..ListQuery::default()
            },
        ]);
        for kind in [Kind::Recommendation, Kind::Meeting, Kind::Note, Kind::Board] {
            // Notes have no status to filter by (the command line says so first).
            for q in queries
                .iter()
                .filter(|q| q.status.is_none() || kind != Kind::Note)
            {
                let expected = ids(&s, kind, q, by_index);
                assert_eq!(ids(&s, kind, q, by_keys), expected, "{kind} {q:?}");
                assert_eq!(
                    ids(&s, kind, q, Tuning::default()),
                    expected,
                    "{kind} {q:?}"
                );
            }
        }
        let owned = ListQuery {
            owner: Some("owner 3".into()),
            ..ListQuery::default()
        };
        assert_eq!(ids(&s, Kind::Recommendation, &owned, by_keys).len(), 10);
    }

    /// A filter few rows meet is read by sorted keys, one most rows meet by its index.
    #[test]
    fn a_rare_filter_is_read_by_sorted_keys() {
        let s = tracker();
        // The unfinished dated recommendations: more than the sample of 10.
        let first_part = |q: &ListQuery| -> bool {
            let reads = list_reads(Kind::Recommendation, q, ctx().today);
            let part = &reads.parts[0];
            let small = Tuning {
                sample: 10,
                rare: 20,
                chunk: 100,
            };
            s.common(&reads, part, part.index.as_ref().unwrap(), small)
                .unwrap()
        };
        let nowhere = ListQuery {
            search: Some("nowhere".into()),
            ..ListQuery::default()
        };
        assert!(!first_part(&nowhere));
        let everywhere = ListQuery {
            search: Some("custody".into()),
            ..ListQuery::default()
        };
        assert!(first_part(&everywhere));
    }
}
