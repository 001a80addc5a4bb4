//! The audit trail and undo.
//!
//! Every user action is one changeset; each field it touched is one event (old and new as
//! canonical text). Undo reverts the newest changeset not yet undone by writing a new
//! changeset, so undo itself is in the trail; redo reverts that undo.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::items::{load, write_diff};
use super::{Result, Store, StoreError, kind_of_table, table};
use crate::domain::fields;
use crate::domain::ids::ItemId;
use crate::domain::rules::Context;

/// Writes the events of one changeset.
pub(super) struct Recorder {
    changeset: i64,
    /// Written beside each event while set (the reason for a revised due date).
    pub(super) reason: Option<String>,
    events: usize,
}

impl Recorder {
    pub(super) fn start(tx: &Transaction<'_>, ctx: &Context, summary: &str) -> Result<Recorder> {
        Recorder::start_kind(tx, ctx, "change", None, summary)
    }

    fn start_kind(
        tx: &Transaction<'_>,
        ctx: &Context,
        kind: &str,
        target: Option<i64>,
        summary: &str,
    ) -> Result<Recorder> {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        tx.execute(
            "INSERT INTO changeset (at, actor, kind, target, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![at, ctx.actor, kind, target, summary],
        )?;
        Ok(Recorder {
            changeset: tx.last_insert_rowid(),
            reason: None,
            events: 0,
        })
    }

    fn insert(
        &mut self,
        tx: &Transaction<'_>,
        entity: &str,
        item: i64,
        field: &str,
        (old, new): (Option<&str>, Option<&str>),
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO event (changeset_id, entity, item_id, field, old, new, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![self.changeset, entity, item, field, old, new, self.reason],
        )?;
        self.events += 1;
        Ok(())
    }

    fn setting(
        &mut self,
        tx: &Transaction<'_>,
        key: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.insert(tx, "setting", 0, key, (old, new))
    }

    /// Ends the changeset: one that changed nothing is dropped, so undo never lands on it.
    pub(super) fn finish(self, tx: &Transaction<'_>) -> Result<()> {
        if self.events == 0 {
            tx.execute("DELETE FROM changeset WHERE id = ?1", [self.changeset])?;
        }
        Ok(())
    }

    pub(super) fn event(
        &mut self,
        tx: &Transaction<'_>,
        id: ItemId,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.insert(tx, table(id.kind), id.num, field, (old, new))
    }
}

/// One line of an item's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub at: String,
    pub who: String,
    /// "change", "undo" or "redo".
    pub change: String,
    /// A field name, or "created" / "deleted".
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<String>,
}

/// What an undo or redo reverted.
#[derive(Debug, Clone)]
pub struct Reverted {
    /// The summary of the reverted changeset ("set REC-3 owner").
    pub summary: String,
    pub items: Vec<ItemId>,
}

struct PastEvent {
    entity: String,
    item: i64,
    field: String,
    old: Option<String>,
    new: Option<String>,
}

impl Store {
    /// Every change to one item, oldest first.
    pub fn history(&self, id: ItemId) -> Result<Vec<HistoryEntry>> {
        load(&self.conn, id)?;
        let mut stmt = self.conn.prepare(
            "SELECT c.at, c.actor, c.kind, e.field, e.old, e.new, e.reason
             FROM event e JOIN changeset c ON c.id = e.changeset_id
             WHERE e.entity = ?1 AND e.item_id = ?2 ORDER BY e.id",
        )?;
        let rows = stmt.query_map(params![table(id.kind), id.num], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                change: r.get(2)?,
                field: r.get(3)?,
                old: r.get(4)?,
                new: r.get(5)?,
                reason: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reverts the most recent change not yet undone. `None` when there is nothing to undo.
    pub fn undo(&mut self, ctx: &Context) -> Result<Option<Reverted>> {
        self.write(|tx| {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT id FROM changeset WHERE kind IN ('change', 'redo') AND undone = 0
                     ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            target.map(|t| revert(tx, ctx, t, "undo")).transpose()
        })
    }

    /// Reverts the most recent undo, if nothing has been changed since.
    pub fn redo(&mut self, ctx: &Context) -> Result<Option<Reverted>> {
        self.write(|tx| {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT id FROM changeset WHERE kind = 'undo' AND undone = 0
                       AND id > coalesce((SELECT max(id) FROM changeset WHERE kind = 'change'), 0)
                     ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            target.map(|t| revert(tx, ctx, t, "redo")).transpose()
        })
    }

    /// Stores settings as one change (so one undo restores them all).
    pub fn set_settings(&mut self, pairs: &[(&str, String)], ctx: &Context) -> Result<()> {
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        let summary = format!("settings {}", keys.join(", "));
        self.write(|tx| {
            let mut rec = Recorder::start(tx, ctx, &summary)?;
            for (key, value) in pairs {
                let old: Option<String> = tx
                    .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if old.as_deref() != Some(value.as_str()) {
                    write_setting(tx, key, Some(value))?;
                    rec.setting(tx, key, old.as_deref(), Some(value))?;
                }
            }
            rec.finish(tx)
        })
    }
}

fn write_setting(tx: &Transaction<'_>, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, v],
        )?,
        None => tx.execute("DELETE FROM setting WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// Writes the inverse of changeset `target` as a new changeset of kind `kind`.
fn revert(tx: &Transaction<'_>, ctx: &Context, target: i64, kind: &str) -> Result<Reverted> {
    let summary: String = tx.query_row(
        "SELECT summary FROM changeset WHERE id = ?1",
        [target],
        |r| r.get(0),
    )?;
    let mut stmt = tx.prepare(
        "SELECT entity, item_id, field, old, new FROM event WHERE changeset_id = ?1 ORDER BY id DESC",
    )?;
    let events = stmt
        .query_map([target], |r| {
            Ok(PastEvent {
                entity: r.get(0)?,
                item: r.get(1)?,
                field: r.get(2)?,
                old: r.get(3)?,
                new: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rec = Recorder::start_kind(tx, ctx, kind, Some(target), &summary)?;
    let mut items: Vec<ItemId> = Vec::new();
    for ev in &events {
        if ev.entity == "setting" {
            write_setting(tx, &ev.field, ev.old.as_deref())?;
            rec.setting(tx, &ev.field, ev.new.as_deref(), ev.old.as_deref())?;
            continue;
        }
        let kind = kind_of_table(&ev.entity).ok_or_else(|| {
            StoreError::Refused(format!(
                "the audit trail names an unknown table {}",
                ev.entity
            ))
        })?;
        let id = ItemId::new(kind, ev.item);
        if !items.contains(&id) {
            items.push(id);
        }
    }
    // Per item, fold all of its events into one write, newest first.
    for id in &items {
        let before = load(tx, *id)?;
        let mut after = before.clone();
        let mine = || {
            events
                .iter()
                .filter(|e| e.entity == table(id.kind) && e.item == id.num)
        };
        // Undoing a creation hides the item; its first values stay as they were.
        let created = mine().any(|e| e.field == "created");
        for ev in mine().filter(|e| !created || e.field == "created") {
            match ev.field.as_str() {
                "created" => after.deleted = true,
                "deleted" => after.deleted = ev.old.as_deref() == Some("true"),
                name => {
                    let spec = fields::field(id.kind, name)?;
                    let current = after.get(name).canonical();
                    if current != ev.new {
                        return Err(StoreError::Refused(format!(
                            "cannot {kind} \"{summary}\": {id} {name} has changed since \
                             (it is now {}); nothing was changed",
                            current.as_deref().unwrap_or("empty")
                        )));
                    }
                    after.set(name, spec.from_canonical(ev.old.as_deref())?);
                }
            }
        }
        write_diff(tx, &mut rec, &before, &after)?;
    }
    tx.execute("UPDATE changeset SET undone = 1 WHERE id = ?1", [target])?;
    Ok(Reverted { summary, items })
}
