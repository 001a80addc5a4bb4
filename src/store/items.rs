//! Reading and writing items: one generic path for every kind, driven by the field tables
//! in `domain::fields`, so each write is validated, versioned and audited the same way.

use chrono::NaiveDate;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params_from_iter};

use super::audit::Recorder;
use super::{Result, Store, StoreError, table};
use crate::domain::fields::{self, FieldSpec, FieldType, Value};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{self, Change, Context, Facts};

/// What a write did.
#[derive(Debug, Clone)]
pub struct Saved {
    pub item: Item,
    pub warnings: Vec<String>,
}

/// A filter for `list`. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub open_only: bool,
    pub overdue_only: bool,
    /// Not finished and due on or before today + N (overdue included).
    pub due_within: Option<i64>,
    pub status: Option<String>,
    /// Case-insensitive part of the owner (or a letter's sender, a board's chair).
    pub owner: Option<String>,
    /// Words that must all appear in the item's text fields, in any case.
    pub search: Option<String>,
    /// Only the items that belong to this one (a letter's asks, a report's recommendations).
    pub parent: Option<ItemId>,
    pub include_deleted: bool,
}

/// An item in a list, with the chase facts rows show.
#[derive(Debug, Clone)]
pub struct Listed {
    pub item: Item,
    pub chases: i64,
    pub last_chased_on: Option<NaiveDate>,
}

pub(super) fn to_sql(spec: &FieldSpec, value: &Value) -> Sql {
    match value {
        Value::Null if spec.ty == FieldType::Flag => Sql::Integer(0),
        Value::Null => Sql::Null,
        Value::Text(s) => Sql::Text(s.clone()),
        Value::Date(d) => Sql::Text(d.format("%Y-%m-%d").to_string()),
        Value::Number(n) => Sql::Integer(*n),
        Value::Flag(b) => Sql::Integer(*b as i64),
        Value::Link(id) => Sql::Integer(id.num),
    }
}

fn from_sql(spec: &FieldSpec, raw: ValueRef<'_>) -> rusqlite::Result<Value> {
    let bad = || {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            raw.data_type(),
            format!("bad value in column {}", spec.name).into(),
        )
    };
    Ok(match (spec.ty, raw) {
        (FieldType::Flag, ValueRef::Integer(n)) => Value::Flag(n != 0),
        (_, ValueRef::Null) => Value::Null,
        (FieldType::Text { .. } | FieldType::Word(_), ValueRef::Text(t)) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
        (FieldType::Date, ValueRef::Text(t)) => {
            let s = std::str::from_utf8(t).map_err(|_| bad())?;
            Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?)
        }
        (FieldType::Number { .. }, ValueRef::Integer(n)) => Value::Number(n),
        (FieldType::Link(kind), ValueRef::Integer(n)) => Value::Link(ItemId::new(kind, n)),
        _ => return Err(bad()),
    })
}

pub(super) fn columns(kind: Kind) -> String {
    let mut cols = vec!["t.id", "t.version", "t.deleted"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    cols.extend(
        fields::fields(kind)
            .iter()
            .map(|f| format!("t.\"{}\"", f.name)),
    );
    cols.join(", ")
}

/// How often and when an item was last chased, as two columns after the item's own
/// (correlated, so a window of rows costs only its own chases).
pub(super) fn chase_columns(kind: Kind) -> String {
    let about = format!(
        "FROM note n WHERE n.item_id = '{}-' || t.id AND n.kind = 'chase' AND n.deleted = 0",
        kind.prefix()
    );
    format!("(SELECT count(*) {about}), (SELECT max(n.noted_on) {about})")
}

/// An item read with [`columns`] followed by [`chase_columns`].
pub(super) fn read_listed(kind: Kind, row: &Row<'_>) -> rusqlite::Result<Listed> {
    let n = fields::fields(kind).len() + 3;
    Ok(Listed {
        item: read_item(kind, row)?,
        chases: row.get(n)?,
        last_chased_on: row
            .get::<_, Option<String>>(n + 1)?
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
    })
}

fn read_item(kind: Kind, row: &Row<'_>) -> rusqlite::Result<Item> {
    let specs = fields::fields(kind);
    let mut values = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        values.push(from_sql(spec, row.get_ref(3 + i)?)?);
    }
    Ok(Item {
        id: ItemId::new(kind, row.get(0)?),
        version: row.get(1)?,
        deleted: row.get(2)?,
        values,
    })
}

pub(super) fn load(conn: &Connection, id: ItemId) -> Result<Item> {
    let sql = format!(
        "SELECT {} FROM \"{}\" t WHERE t.id = ?1",
        columns(id.kind),
        table(id.kind)
    );
    conn.query_row(&sql, [id.num], |r| read_item(id.kind, r))
        .optional()?
        .ok_or(StoreError::NotFound(id))
}

/// A live item: exists and is not deleted.
fn load_live(conn: &Connection, id: ItemId) -> Result<Item> {
    let item = load(conn, id)?;
    if item.deleted {
        return Err(StoreError::Deleted(id));
    }
    Ok(item)
}

/// Links must name live items of the right kind; a note's item must exist.
fn check_links(conn: &Connection, item: &Item) -> Result<()> {
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if let Value::Link(id) = value {
            load_live(conn, *id).map_err(|e| refuse_link(spec, e))?;
        }
        if item.kind() == Kind::Note && spec.name == "item_id" {
            let about: ItemId = value
                .as_text()
                .unwrap_or_default()
                .parse()
                .map_err(|e: crate::domain::ids::BadId| StoreError::Refused(e.to_string()))?;
            load_live(conn, about).map_err(|e| refuse_link(spec, e))?;
        }
    }
    Ok(())
}

fn refuse_link(spec: &FieldSpec, e: StoreError) -> StoreError {
    match e {
        StoreError::NotFound(_) | StoreError::Deleted(_) => {
            StoreError::Refused(format!("{}: {e}", spec.name))
        }
        other => other,
    }
}

fn facts_for(conn: &Connection, item: &Item, today: NaiveDate) -> Result<Facts> {
    let mut facts = Facts::default();
    if let (Kind::Action, Some(board)) = (item.kind(), item.get("board_id").as_link()) {
        facts.next_meeting_on = conn
            .query_row(
                "SELECT min(held_on) FROM meeting
                 WHERE board_id = ?1 AND deleted = 0 AND status = 'scheduled' AND held_on > ?2",
                rusqlite::params![board.num, today.format("%Y-%m-%d").to_string()],
                |r| r.get::<_, Option<String>>(0),
            )?
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    }
    Ok(facts)
}

/// Inserts a new item as given (rules already applied) and records its creation.
pub(super) fn insert(tx: &Transaction<'_>, rec: &mut Recorder, item: &Item) -> Result<ItemId> {
    let kind = item.kind();
    let specs = fields::fields(kind);
    let names: Vec<String> = specs.iter().map(|f| format!("\"{}\"", f.name)).collect();
    let marks: Vec<String> = (1..=specs.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ({})",
        table(kind),
        names.join(", "),
        marks.join(", ")
    );
    let values: Vec<Sql> = specs
        .iter()
        .zip(&item.values)
        .map(|(s, v)| to_sql(s, v))
        .collect();
    tx.execute(&sql, params_from_iter(values))?;
    let id = ItemId::new(kind, tx.last_insert_rowid());
    rec.event(tx, id, "created", None, None)?;
    for (spec, value) in specs.iter().zip(&item.values) {
        if !value.is_null() && value != &Value::Flag(false) {
            rec.event(tx, id, spec.name, None, value.canonical().as_deref())?;
        }
    }
    Ok(id)
}

/// Writes the fields that differ between `before` and `after`, bumps the version (refusing
/// if someone else bumped it first) and records each change.
pub(super) fn write_diff(
    tx: &Transaction<'_>,
    rec: &mut Recorder,
    before: &Item,
    after: &Item,
) -> Result<()> {
    let kind = before.kind();
    let mut sets = Vec::new();
    let mut values = Vec::new();
    for (i, spec) in fields::fields(kind).iter().enumerate() {
        if before.values[i] != after.values[i] {
            sets.push(format!("\"{}\" = ?{}", spec.name, values.len() + 3));
            values.push(to_sql(spec, &after.values[i]));
            rec.event(
                tx,
                before.id,
                spec.name,
                before.values[i].canonical().as_deref(),
                after.values[i].canonical().as_deref(),
            )?;
        }
    }
    if before.deleted != after.deleted {
        sets.push(format!("deleted = ?{}", values.len() + 3));
        values.push(Sql::Integer(after.deleted as i64));
        rec.event(
            tx,
            before.id,
            "deleted",
            Some(&before.deleted.to_string()),
            Some(&after.deleted.to_string()),
        )?;
    }
    if sets.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE \"{}\" SET version = version + 1, {} WHERE id = ?1 AND version = ?2",
        table(kind),
        sets.join(", ")
    );
    let mut all = vec![Sql::Integer(before.id.num), Sql::Integer(before.version)];
    all.extend(values);
    if tx.execute(&sql, params_from_iter(all))? == 0 {
        let actual = load(tx, before.id)?.version;
        return Err(StoreError::Stale {
            id: before.id,
            expected: before.version,
            actual,
        });
    }
    Ok(())
}

fn check_version(item: &Item, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != item.version => Err(StoreError::Stale {
            id: item.id,
            expected: v,
            actual: item.version,
        }),
        _ => Ok(()),
    }
}

impl Store {
    /// One item, deleted or not.
    pub fn get(&self, id: ItemId) -> Result<Item> {
        load(&self.conn, id)
    }

    /// Creates one item as its own change.
    pub fn create(&mut self, kind: Kind, changes: &[Change], ctx: &Context) -> Result<Saved> {
        self.batch(ctx, &format!("add {kind}"), |b| b.create(kind, changes))
    }

    /// Several creations as one change: all written or none, undone together.
    pub fn batch<T>(
        &mut self,
        ctx: &Context,
        summary: &str,
        f: impl FnOnce(&mut Batch<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.write(|tx| run_batch(tx, ctx, summary, f))
    }

    /// Changes fields of an item. `expected_version` guards against editing a stale copy.
    pub fn update(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        changes: &[Change],
        reason: Option<&str>,
        ctx: &Context,
    ) -> Result<Saved> {
        let names: Vec<&str> = changes.iter().map(|(s, _)| s.name).collect();
        let summary = format!("set {id} {}", names.join(", "));
        self.batch(ctx, &summary, |b| {
            b.update(id, expected_version, changes, reason)
        })
    }

    /// Soft-deletes an item; undo restores it.
    pub fn delete(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        ctx: &Context,
    ) -> Result<Saved> {
        self.batch(ctx, &format!("delete {id}"), |b| {
            b.delete(id, expected_version)
        })
    }

    /// Items of a kind, most overdue first, then soonest due, then undated.
    pub fn list(&self, kind: Kind, q: &ListQuery, today: NaiveDate) -> Result<Vec<Listed>> {
        let (where_sql, params) = where_clause(kind, q, today);
        let sql = format!(
            "SELECT {cols}, {chases}
             FROM \"{table}\" t
             WHERE {where_sql}
             ORDER BY {finished_last} t.{order} IS NULL, t.{order}, t.id",
            cols = columns(kind),
            chases = chase_columns(kind),
            table = table(kind),
            order = order_column(kind),
            finished_last = finished_list(kind)
                .map(|f| format!("t.status IN ({f}),"))
                .unwrap_or_default(),
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| read_listed(kind, r))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The items that belong to one: a report's recommendations and letters, a letter's
    /// asks, a board's meetings and actions.
    pub fn children(&self, id: ItemId, today: NaiveDate) -> Result<Vec<(Kind, Vec<Listed>)>> {
        let kinds: &[Kind] = match id.kind {
            Kind::Report => &[Kind::Recommendation, Kind::Letter],
            Kind::Letter => &[Kind::Ask],
            Kind::Board => &[Kind::Meeting, Kind::Action],
            Kind::Meeting | Kind::Recommendation => &[Kind::Action],
            _ => &[],
        };
        kinds
            .iter()
            .map(|k| {
                let q = ListQuery {
                    parent: Some(id),
                    ..ListQuery::default()
                };
                Ok((*k, self.list(*k, &q, today)?))
            })
            .collect()
    }

    /// What the first change to this database was ("load the demo data" marks a demo).
    pub fn first_change_summary(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT summary FROM changeset ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The notes and chases about an item, oldest first.
    pub fn notes(&self, id: ItemId) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {} FROM note t WHERE t.item_id = ?1 AND t.deleted = 0 ORDER BY t.noted_on, t.id",
            columns(Kind::Note)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([id.to_string()], |r| read_item(Kind::Note, r))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Runs `f` as one changeset inside the transaction `tx` (see [`Store::batch`]).
pub(super) fn run_batch<T>(
    tx: &Transaction<'_>,
    ctx: &Context,
    summary: &str,
    f: impl FnOnce(&mut Batch<'_, '_>) -> Result<T>,
) -> Result<T> {
    let rec = Recorder::start(tx, ctx, summary)?;
    let mut batch = Batch { tx, rec, ctx };
    let out = f(&mut batch)?;
    batch.rec.finish(tx)?;
    Ok(out)
}

/// Changes inside one transaction and changeset (see [`Store::batch`]): all or nothing,
/// undone together.
pub struct Batch<'a, 'c> {
    pub(super) tx: &'a Transaction<'c>,
    rec: Recorder,
    ctx: &'a Context,
}

impl Batch<'_, '_> {
    /// Creates an item from typed field values, after the rules (defaults, derived dates).
    pub fn create(&mut self, kind: Kind, changes: &[Change]) -> Result<Saved> {
        let mut draft = Item::blank(kind);
        for (spec, value) in changes {
            draft.set(spec.name, value.clone());
        }
        let facts = facts_for(self.tx, &draft, self.ctx.today)?;
        let outcome = rules::apply(&Item::blank(kind), changes, None, &facts, self.ctx)?;
        check_links(self.tx, &outcome.after)?;
        let id = insert(self.tx, &mut self.rec, &outcome.after)?;
        Ok(Saved {
            item: load(self.tx, id)?,
            warnings: outcome.warnings,
        })
    }

    /// Changes fields; `expected_version` refuses an edit made from a stale copy.
    pub fn update(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        changes: &[Change],
        reason: Option<&str>,
    ) -> Result<Saved> {
        let before = load_live(self.tx, id)?;
        check_version(&before, expected_version)?;
        let facts = facts_for(self.tx, &before, self.ctx.today)?;
        let outcome = rules::apply(&before, changes, reason, &facts, self.ctx)?;
        check_links(self.tx, &outcome.after)?;
        self.rec.reason = reason.map(str::to_string);
        let written = write_diff(self.tx, &mut self.rec, &before, &outcome.after);
        self.rec.reason = None;
        written?;
        Ok(Saved {
            item: load(self.tx, id)?,
            warnings: outcome.warnings,
        })
    }

    pub fn delete(&mut self, id: ItemId, expected_version: Option<i64>) -> Result<Saved> {
        let before = load_live(self.tx, id)?;
        check_version(&before, expected_version)?;
        let after = Item {
            deleted: true,
            ..before.clone()
        };
        write_diff(self.tx, &mut self.rec, &before, &after)?;
        Ok(Saved {
            item: load(self.tx, id)?,
            warnings: Vec::new(),
        })
    }
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
    let has_due = fields::fields(kind).iter().any(|f| f.name == "due_on");
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
        let limit = today
            .checked_add_signed(chrono::Duration::days(days.clamp(-100_000, 100_000)))
            .unwrap_or(today);
        let p = param(&mut params, Sql::Text(limit.format("%Y-%m-%d").to_string()));
        conds.push(format!("t.due_on <= {p}"));
    }
    if let Some(status) = &q.status {
        let p = param(&mut params, Sql::Text(status.clone()));
        conds.push(format!("t.status = {p}"));
    }
    if let Some(owner) = &q.owner {
        let who: Vec<&str> = ["owner", "sender", "chair", "author"]
            .into_iter()
            .filter(|n| fields::fields(kind).iter().any(|f| f.name == *n))
            .collect();
        let p = param(&mut params, Sql::Text(like_pattern(owner)));
        let ors: Vec<String> = who
            .iter()
            .map(|c| format!("t.\"{c}\" LIKE {p} ESCAPE '\\'"))
            .collect();
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

/// A LIKE pattern matching `text` anywhere, with % and _ taken literally.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
