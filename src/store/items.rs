//! Reading and writing items: one generic path for every kind, driven by the field tables
//! in `domain::fields`, so each write is validated, versioned and audited the same way.

use crate::domain::fields::Field;
use crate::domain::history::Touched;
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
    /// Case-insensitive part of the owner (or a letter's sender, an outgoing letter's
    /// recipient, a board's chair).
    pub owner: Option<String>,
    /// Words that must all appear in the item's text fields, in any case.
    pub search: Option<String>,
    /// Only the items that belong to this one (a letter's asks, a report's recommendations).
    pub parent: Option<ItemId>,
    pub include_deleted: bool,
    /// At most this many rows (`list --limit`); all when `None`.
    pub limit: Option<u64>,
}

/// An item in a list, with the chase facts rows show.
#[derive(Debug, Clone)]
pub struct Listed {
    pub item: Item,
    pub chases: i64,
    pub last_chased_on: Option<NaiveDate>,
}

/// What deleting an item does to another item that points at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// It cannot stand without the deleted item (a report's recommendation, a letter's ask,
    /// a board's meeting or action): soft-deleted with it, in the same change.
    Deleted,
    /// Its optional link to an item being deleted is cleared: `field` is the link's name
    /// (`report_id`), `label` how it is shown ("Report").
    LinkCleared { field: Field, label: &'static str },
}

/// An item that deleting another would change (see [`Store::dependents`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    pub id: ItemId,
    /// The line that names it in a row (raw data text: sanitise before showing it).
    pub headline: String,
    pub effect: Effect,
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
        // Written back as it was read (an undo of a repair puts the bad value back).
        Value::Invalid(raw) => Sql::Text(raw.clone()),
    }
}

/// A stored value, typed by its field. Never fails: a value the field cannot hold (another
/// tool wrote it, a disk damaged it) is kept as [`Value::Invalid`] with the text stored, so
/// one bad value never stops a list, an export or the dashboard; `check` names it and `set`
/// repairs it.
pub(super) fn from_sql(spec: &FieldSpec, raw: ValueRef<'_>) -> Value {
    let typed = match (spec.ty, raw) {
        (_, ValueRef::Null) => Some(Value::Null),
        (FieldType::Flag, ValueRef::Integer(n @ (0 | 1))) => Some(Value::Flag(n == 1)),
        (FieldType::Text { .. }, ValueRef::Text(t)) => std::str::from_utf8(t)
            .ok()
            .map(|s| Value::Text(s.to_string())),
        (FieldType::Word(v), ValueRef::Text(t)) => std::str::from_utf8(t)
            .ok()
            .filter(|s| v.words.contains(s))
            .map(|s| Value::Text(s.to_string())),
        (FieldType::Date, ValueRef::Text(t)) => std::str::from_utf8(t)
            .ok()
            .and_then(fields::iso_date)
            .map(Value::Date),
        (FieldType::Number { .. }, ValueRef::Integer(n)) => Some(Value::Number(n)),
        (FieldType::Link(kind), ValueRef::Integer(n)) => Some(Value::Link(ItemId::new(kind, n))),
        _ => None,
    };
    typed.unwrap_or_else(|| Value::Invalid(super::lossy(raw)))
}

pub(super) fn columns(kind: Kind) -> String {
    // A version or deleted flag another tool stored as text reads as a number (0 for
    // "abc"), so the row still reads; `check` names it.
    let mut cols = vec![
        "t.id",
        "CAST(t.version AS INTEGER)",
        "CAST(t.deleted AS INTEGER) != 0",
    ]
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

pub(super) fn read_item(kind: Kind, row: &Row<'_>) -> rusqlite::Result<Item> {
    let specs = fields::fields(kind);
    let mut values = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        values.push(from_sql(spec, row.get_ref(3 + i)?));
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

/// The live items that point at `root` through `spec` (a link field of `kind`).
fn live_linking(
    conn: &Connection,
    kind: Kind,
    spec: &FieldSpec,
    root: ItemId,
) -> Result<Vec<Item>> {
    let sql = format!(
        "SELECT {} FROM \"{}\" t WHERE t.\"{}\" = ?1 AND t.deleted = 0 ORDER BY t.id",
        columns(kind),
        table(kind),
        spec.name
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([root.num], |r| read_item(kind, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What deleting `root` takes with it, from the field tables: every live item whose
/// required link points at something deleted goes too (recursively: a board's meetings and
/// actions), and every optional link to something deleted is cleared (an action linked to a
/// recommendation deleted with its report). Deleted items first, in the order found, then
/// the cleared links; an item deleted anyway has none of its links cleared.
fn dependents_of(conn: &Connection, root: ItemId) -> Result<Vec<Dependent>> {
    let mut gone = vec![root];
    let mut deleted = Vec::new();
    let mut cleared = Vec::new();
    let mut next = 0;
    while let Some(&target) = gone.get(next) {
        next += 1;
        for kind in Kind::ALL {
            for spec in fields::fields(kind) {
                if spec.ty != FieldType::Link(target.kind) {
                    continue;
                }
                for item in live_linking(conn, kind, spec, target)? {
                    let effect = if spec.required {
                        if gone.contains(&item.id) {
                            continue;
                        }
                        gone.push(item.id);
                        Effect::Deleted
                    } else {
                        Effect::LinkCleared {
                            field: spec.field,
                            label: spec.label,
                        }
                    };
                    let dependent = Dependent {
                        id: item.id,
                        headline: item.headline(),
                        effect,
                    };
                    match effect {
                        Effect::Deleted => deleted.push(dependent),
                        Effect::LinkCleared { .. } => cleared.push(dependent),
                    }
                }
            }
        }
    }
    cleared.retain(|d| !gone.contains(&d.id));
    deleted.extend(cleared);
    Ok(deleted)
}

/// The same changes, whatever their order.
fn same_effects(a: &[Dependent], b: &[Dependent]) -> bool {
    let key = |v: &[Dependent]| {
        let mut k: Vec<(ItemId, Option<Field>)> = v
            .iter()
            .map(|d| match d.effect {
                Effect::Deleted => (d.id, None),
                Effect::LinkCleared { field, .. } => (d.id, Some(field)),
            })
            .collect();
        k.sort_unstable();
        k
    };
    key(a) == key(b)
}

/// Links must name live items of the right kind; a note's item must exist.
fn check_links(conn: &Connection, item: &Item) -> Result<()> {
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if let Value::Link(id) = value {
            load_live(conn, *id).map_err(|e| refuse_link(spec, e))?;
        }
        if item.kind() == Kind::Note && spec.field == Field::ItemId {
            let about: ItemId = value
                .as_text()
                .unwrap_or_default()
                .parse()
                .map_err(|e: crate::domain::ids::BadId| spec.invalid(e.to_string()))?;
            load_live(conn, about).map_err(|e| refuse_link(spec, e))?;
        }
    }
    if item.kind() == Kind::Action {
        check_meeting_board(conn, item)?;
    }
    Ok(())
}

/// A board action raised at a meeting: the meeting must be one of the action's board.
fn check_meeting_board(conn: &Connection, item: &Item) -> Result<()> {
    let (Some(meeting), Some(board)) = (
        item.get(Field::MeetingId).as_link(),
        item.get(Field::BoardId).as_link(),
    ) else {
        return Ok(());
    };
    let of = load(conn, meeting)?.get(Field::BoardId).as_link();
    if of != Some(board) {
        return Err(crate::domain::fields::FieldError::Invalid {
            field: Field::MeetingId,
            message: format!(
                "{meeting} is a meeting of {}, not of {board}: choose one of {board}'s meetings",
                of.map(|b| b.to_string())
                    .unwrap_or_else(|| "no board".into())
            ),
        }
        .into());
    }
    Ok(())
}

fn refuse_link(spec: &FieldSpec, e: StoreError) -> StoreError {
    match e {
        // Said beside the link's field (a form shows it there).
        StoreError::NotFound(_) | StoreError::Deleted(_) => spec.invalid(e.to_string()).into(),
        other => other,
    }
}

fn facts_for(conn: &Connection, item: &Item, today: NaiveDate) -> Result<Facts> {
    let mut facts = Facts::default();
    if let (Kind::Action, Some(board)) = (item.kind(), item.get(Field::BoardId).as_link()) {
        // The board's next meeting after today, or after the meeting the action was raised
        // at when that is later (raised at next week's meeting: due at the one after).
        let raised_at = match item.get(Field::MeetingId).as_link() {
            // A meeting that is not there is said by the link check, on its field.
            Some(m) => load(conn, m).ok().and_then(|m| m.date(Field::HeldOn)),
            None => None,
        };
        let after = raised_at.map_or(today, |d| d.max(today));
        facts.next_meeting_on = conn
            .query_row(
                "SELECT min(held_on) FROM meeting
                 WHERE board_id = ?1 AND deleted = 0 AND status = 'scheduled' AND held_on > ?2",
                rusqlite::params![board.num, after.format("%Y-%m-%d").to_string()],
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
    rec.event(tx, id, &Touched::Created, None, None)?;
    for (spec, value) in specs.iter().zip(&item.values) {
        if !value.is_null() && value != &Value::Flag(false) {
            rec.event(
                tx,
                id,
                &Touched::Field(spec.field),
                None,
                value.canonical().as_deref(),
            )?;
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
                &Touched::Field(spec.field),
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
            &Touched::Deleted,
            Some(&before.deleted.to_string()),
            Some(&after.deleted.to_string()),
        )?;
    }
    if sets.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE \"{}\" SET version = CAST(version AS INTEGER) + 1, {} \
         WHERE id = ?1 AND CAST(version AS INTEGER) = ?2",
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

    /// What deleting `id` would also change: the live items deleted with it and the links
    /// cleared (see [`Dependent`]); empty when nothing points at it. For naming what will
    /// happen before asking (the CLI's `delete`, the dashboard's confirm dialog). Refuses an
    /// item that does not exist or is already deleted, as `delete` would.
    pub fn dependents(&self, id: ItemId) -> Result<Vec<Dependent>> {
        load_live(&self.conn, id)?;
        dependents_of(&self.conn, id)
    }

    /// Marks an item complete with `changes` (see `rules::completion`) and, for a letter's
    /// reply, the asks it answers, as one change (one undo reopens them all).
    pub fn complete(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        changes: &[Change],
        answered: &[ItemId],
        ctx: &Context,
    ) -> Result<Saved> {
        let status = fields::spec(Kind::Ask, Field::Status)?;
        self.batch(ctx, &format!("complete {id}"), |b| {
            let saved = b.update(id, expected_version, changes, None)?;
            for ask in answered {
                b.update(
                    *ask,
                    None,
                    &[(status, Value::Text("answered".into()))],
                    None,
                )?;
            }
            Ok(saved)
        })
    }

    /// A letter's asks still open, in their order.
    pub fn open_asks(&self, letter: ItemId, today: NaiveDate) -> Result<Vec<ItemId>> {
        let q = ListQuery {
            parent: Some(letter),
            open_only: true,
            ..ListQuery::default()
        };
        Ok(self
            .list(Kind::Ask, &q, today)?
            .into_iter()
            .map(|l| l.item.id)
            .collect())
    }

    /// Soft-deletes an item with its [`dependents`](Store::dependents) (items deleted with
    /// it, links to it cleared), as one change: one `undo` restores the whole.
    pub fn delete(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        ctx: &Context,
    ) -> Result<Saved> {
        self.batch(ctx, &format!("delete {id}"), |b| {
            b.delete(id, expected_version, None)
        })
    }

    /// As [`delete`](Store::delete), once the user has agreed to `shown` (what
    /// [`dependents`](Store::dependents) said): refused, nothing written, when what the
    /// delete would take with it has changed since (another window added a recommendation).
    pub fn delete_confirmed(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        shown: &[Dependent],
        ctx: &Context,
    ) -> Result<Saved> {
        self.batch(ctx, &format!("delete {id}"), |b| {
            b.delete(id, expected_version, Some(shown))
        })
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
            draft.set(spec.field, value.clone());
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

    /// Soft-deletes `id` with its dependents: links to anything deleted are cleared, items
    /// that cannot stand without it are deleted. With `shown`, refuses when the dependents
    /// are no longer those.
    pub fn delete(
        &mut self,
        id: ItemId,
        expected_version: Option<i64>,
        shown: Option<&[Dependent]>,
    ) -> Result<Saved> {
        let before = load_live(self.tx, id)?;
        check_version(&before, expected_version)?;
        let plan = dependents_of(self.tx, id)?;
        if let Some(shown) = shown.filter(|s| !same_effects(s, &plan)) {
            let ids = |v: &[Dependent]| {
                let mut ids: Vec<String> = Vec::new();
                for d in v {
                    let id = d.id.to_string();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                if ids.is_empty() {
                    "nothing".to_string()
                } else {
                    ids.join(", ")
                }
            };
            return Err(StoreError::Changed(format!(
                "what deleting {id} changes is no longer what you were shown (then: {}; now: \
                 {}): nothing was deleted; look again and confirm",
                ids(shown),
                ids(&plan)
            )));
        }
        // One write per item, so an item with two links cleared changes once.
        let mut touched: Vec<ItemId> = Vec::new();
        for d in &plan {
            if !touched.contains(&d.id) {
                touched.push(d.id);
            }
        }
        for dep in touched {
            let before = load_live(self.tx, dep)?;
            let mut after = before.clone();
            for d in plan.iter().filter(|d| d.id == dep) {
                match d.effect {
                    Effect::Deleted => after.deleted = true,
                    Effect::LinkCleared { field, .. } => after.set(field, Value::Null),
                }
            }
            write_diff(self.tx, &mut self.rec, &before, &after)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{add, ctx};

    fn effects(deps: &[Dependent]) -> Vec<(String, Option<&'static str>)> {
        deps.iter()
            .map(|d| match d.effect {
                Effect::Deleted => (d.id.to_string(), None),
                Effect::LinkCleared { field, .. } => (d.id.to_string(), Some(field.name())),
            })
            .collect()
    }

    /// A board with a meeting, a report with two recommendations, a letter about the report
    /// (with an ask), and an action raised at the meeting on the first recommendation.
    fn tracker() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        add(&mut s, Kind::Report, &[("title", "PEEL 2026")]);
        add(
            &mut s,
            Kind::Recommendation,
            &[("report_id", "RPT-1"), ("text", "One")],
        );
        add(
            &mut s,
            Kind::Recommendation,
            &[("report_id", "RPT-1"), ("text", "Two")],
        );
        add(
            &mut s,
            Kind::Letter,
            &[("subject", "About PEEL"), ("report_id", "RPT-1")],
        );
        add(
            &mut s,
            Kind::Ask,
            &[("letter_id", "LET-1"), ("text", "When?")],
        );
        add(&mut s, Kind::Board, &[("name", "Oversight board")]);
        add(
            &mut s,
            Kind::Meeting,
            &[("board_id", "BRD-1"), ("held_on", "2026-12-01")],
        );
        add(
            &mut s,
            Kind::Action,
            &[
                ("board_id", "BRD-1"),
                ("meeting_id", "MTG-1"),
                ("recommendation_id", "REC-1"),
                ("text", "Check one"),
            ],
        );
        s
    }

    #[test]
    fn dependents_follow_the_links_recursively() {
        let s = tracker();
        let id = |t: &str| t.parse::<ItemId>().unwrap();
        let deps = s.dependents(id("RPT-1")).unwrap();
        assert_eq!(
            effects(&deps),
            [
                ("REC-1".into(), None),
                ("REC-2".into(), None),
                ("LET-1".into(), Some("report_id")),
                ("ACT-1".into(), Some("recommendation_id")),
            ]
        );
        assert_eq!(deps[0].headline, "One");
        assert_eq!(
            deps[2].effect,
            Effect::LinkCleared {
                field: Field::ReportId,
                label: "Report"
            }
        );
        // A board's action goes with it, so its link to the meeting is not "cleared".
        assert_eq!(
            effects(&s.dependents(id("BRD-1")).unwrap()),
            [("MTG-1".into(), None), ("ACT-1".into(), None)]
        );
        assert_eq!(
            effects(&s.dependents(id("LET-1")).unwrap()),
            [("ASK-1".into(), None)]
        );
        assert!(s.dependents(id("ACT-1")).unwrap().is_empty());
        assert!(matches!(
            s.dependents(id("RPT-9")),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn deleting_takes_the_dependents_and_one_undo_brings_all_back() {
        let mut s = tracker();
        let id = |t: &str| t.parse::<ItemId>().unwrap();
        s.delete(id("RPT-1"), None, &ctx()).unwrap();
        for gone in ["RPT-1", "REC-1", "REC-2"] {
            assert!(s.get(id(gone)).unwrap().deleted, "{gone}");
        }
        let letter = s.get(id("LET-1")).unwrap();
        assert!(!letter.deleted);
        assert!(letter.get(Field::ReportId).is_null());
        let action = s.get(id("ACT-1")).unwrap();
        assert!(action.get(Field::RecommendationId).is_null());
        assert_eq!(action.get(Field::MeetingId), &Value::Link(id("MTG-1")));
        // The letter can be edited again: it no longer points at a deleted report.
        let subject = fields::field(Kind::Letter, "subject").unwrap();
        s.update(
            id("LET-1"),
            None,
            &[(subject, Value::Text("About PEEL 2026".into()))],
            None,
            &ctx(),
        )
        .unwrap();
        s.undo(&ctx(), crate::store::Whose::Mine).unwrap();
        let undone = s.undo(&ctx(), crate::store::Whose::Mine).unwrap().unwrap();
        assert_eq!(
            undone.change.what,
            "deletion of RPT-1 with 2 recommendations"
        );
        for back in ["RPT-1", "REC-1", "REC-2"] {
            assert!(!s.get(id(back)).unwrap().deleted, "{back}");
        }
        assert_eq!(
            s.get(id("LET-1")).unwrap().get(Field::ReportId),
            &Value::Link(id("RPT-1"))
        );
        assert_eq!(
            s.get(id("ACT-1")).unwrap().get(Field::RecommendationId),
            &Value::Link(id("REC-1"))
        );
        assert!(s.check().unwrap().is_empty());
    }

    #[test]
    fn a_confirmed_delete_is_refused_when_the_dependents_changed() {
        let mut s = tracker();
        let id = |t: &str| t.parse::<ItemId>().unwrap();
        let shown = s.dependents(id("RPT-1")).unwrap();
        add(
            &mut s,
            Kind::Recommendation,
            &[("report_id", "RPT-1"), ("text", "Three")],
        );
        let err = s
            .delete_confirmed(id("RPT-1"), None, &shown, &ctx())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("REC-3") && err.contains("nothing was deleted"),
            "{err}"
        );
        assert!(!s.get(id("RPT-1")).unwrap().deleted);
        assert!(!s.get(id("REC-1")).unwrap().deleted);
        let now = s.dependents(id("RPT-1")).unwrap();
        s.delete_confirmed(id("RPT-1"), None, &now, &ctx()).unwrap();
        assert!(s.get(id("REC-3")).unwrap().deleted);
    }
}
