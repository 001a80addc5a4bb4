//! The audit trail and undo.
//!
//! Every user action is one changeset; each field it touched is one event (old and new as
//! canonical text). Undo reverts the newest changeset not yet undone by writing a new
//! changeset, so undo itself is in the trail; redo reverts that undo.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::items::{load, write_diff};
use super::{Result, Store, StoreError, kind_of_table, table};
use crate::domain::fields;
use crate::domain::history::Touched;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::rules::Context;

/// Column `i` as text, tolerant of what another tool may have stored: `None` for NULL, text
/// that is not UTF-8 with U+FFFD in place of the bad bytes.
pub(super) fn text(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    let v = r.get_ref(i)?;
    Ok(match v {
        rusqlite::types::ValueRef::Null => None,
        other => Some(super::lossy(other)),
    })
}

/// Writes the events of one changeset.
pub(super) struct Recorder {
    changeset: i64,
    /// Written beside each event while set (the reason for a revised due date).
    pub(super) reason: Option<String>,
    events: usize,
}

impl Recorder {
    pub(super) fn start(tx: &Transaction<'_>, ctx: &Context, summary: &str) -> Result<Recorder> {
        let meeting = ctx.meeting.map(|m| m.num);
        Recorder::start_kind(tx, ctx, ("change", None, meeting), summary)
    }

    /// `kind`: change, undo or redo; `target`: the change an undo or redo reverts;
    /// `meeting`: the meeting it is recorded at.
    fn start_kind(
        tx: &Transaction<'_>,
        ctx: &Context,
        (kind, target, meeting): (&str, Option<i64>, Option<i64>),
        summary: &str,
    ) -> Result<Recorder> {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        tx.execute(
            "INSERT INTO changeset (at, actor, kind, target, summary, meeting_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![at, ctx.actor, kind, target, summary, meeting],
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
        touched: &Touched,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.insert(tx, table(id.kind), id.num, touched.stored(), (old, new))
    }
}

/// One line of an item's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub at: String,
    pub who: String,
    /// "change", "undo" or "redo".
    pub change: String,
    /// A field, or the item's creation or deletion (stored, and in JSON, as its name).
    #[serde(rename = "field")]
    pub touched: Touched,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<String>,
    /// The board meeting the change was recorded at (meeting mode), if any.
    pub meeting: Option<ItemId>,
    /// The change (changeset) this entry is part of: the entries of one change share it.
    #[serde(skip)]
    pub changeset: i64,
}

/// What an undo or redo reverted.
#[derive(Debug, Clone)]
pub struct Reverted {
    /// The change that was reverted, as people name it.
    pub change: ChangeInfo,
}

/// Whose changes undo and redo look at: by default a person undoes only their own, so a
/// colleague's change made from another window is never taken back by surprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Mine,
    Anyone,
}

/// One change (changeset) of the audit trail, described in the analyst's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    pub id: i64,
    pub actor: String,
    /// When, as stored (RFC 3339, UTC).
    pub at: String,
    /// "note on REC-7", "change to ACT-5 (Due)", "deletion of REC-3", "addition of LET-9 with 3
    /// asks".
    pub what: String,
    /// The items it touched, in the order first touched.
    pub items: Vec<ItemId>,
}

impl ChangeInfo {
    /// "your note on REC-7" for the current actor, "priya's note on REC-7" for anyone else.
    pub fn whose(&self, me: &str) -> String {
        if self.actor == me {
            format!("your {}", self.what)
        } else {
            format!("{}'s {}", self.actor, self.what)
        }
    }
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
            "SELECT c.at, c.actor, c.kind, e.field, e.old, e.new, e.reason, c.meeting_id, c.id
             FROM event e JOIN changeset c ON c.id = e.changeset_id
             WHERE e.entity = ?1 AND e.item_id = ?2 ORDER BY e.id",
        )?;
        // Text that is not UTF-8 (another tool, a damaged disk) is shown with U+FFFD rather
        // than stopping the history; `check` names it.
        let rows = stmt.query_map(params![table(id.kind), id.num], |r| {
            Ok(HistoryEntry {
                at: text(r, 0)?.unwrap_or_default(),
                who: text(r, 1)?.unwrap_or_default(),
                change: text(r, 2)?.unwrap_or_default(),
                touched: Touched::read(id.kind, &text(r, 3)?.unwrap_or_default()),
                old: text(r, 4)?,
                new: text(r, 5)?,
                reason: text(r, 6)?,
                // A value another tool wrote there is not a meeting: left out, not fatal.
                meeting: r
                    .get::<_, Option<i64>>(7)
                    .ok()
                    .flatten()
                    .map(|n| ItemId::new(Kind::Meeting, n)),
                changeset: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The change `undo` would revert: the newest one not yet undone (of `whose`).
    pub fn undoable(&self, whose: Whose, ctx: &Context) -> Result<Option<ChangeInfo>> {
        newest_undoable(&self.conn, whose, ctx)?
            .map(|id| describe(&self.conn, id))
            .transpose()
    }

    /// Reverts the newest change not yet undone: the actor's own unless `whose` is
    /// `Anyone`. `None` when there is nothing to undo.
    pub fn undo(&mut self, ctx: &Context, whose: Whose) -> Result<Option<Reverted>> {
        self.write(|tx| {
            newest_undoable(tx, whose, ctx)?
                .map(|t| revert(tx, ctx, t, "undo"))
                .transpose()
        })
    }

    /// Reverts exactly change `id` (one the user was shown and agreed to undo), refusing
    /// if it was undone meanwhile.
    pub fn undo_change(&mut self, id: i64, ctx: &Context) -> Result<Reverted> {
        self.write(|tx| {
            let open: Option<bool> = tx
                .query_row(
                    "SELECT kind IN ('change', 'redo') AND undone = 0 FROM changeset WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if open != Some(true) {
                let what = match open {
                    Some(_) => describe(tx, id)
                        .map(|c| c.whose(&ctx.actor))
                        .unwrap_or_else(|_| "that change".into()),
                    None => "that change".into(),
                };
                return Err(StoreError::Changed(format!(
                    "{what} was undone meanwhile (or is not there): nothing was changed"
                )));
            }
            revert(tx, ctx, id, "undo")
        })
    }

    /// Reverts the most recent undo (the actor's own unless `whose` is `Anyone`), if that
    /// person has changed nothing since.
    pub fn redo(&mut self, ctx: &Context, whose: Whose) -> Result<Option<Reverted>> {
        self.write(|tx| {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT id FROM changeset WHERE kind = 'undo' AND undone = 0
                       AND (?1 IS NULL OR actor = ?1)
                       AND id > coalesce((SELECT max(id) FROM changeset
                                          WHERE kind = 'change' AND (?1 IS NULL OR actor = ?1)), 0)
                     ORDER BY id DESC LIMIT 1",
                    [actor_filter(whose, ctx)],
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
        |r| Ok(text(r, 0)?.unwrap_or_default()),
    )?;
    // An undo is named by the change it undid ("redo of your note on REC-7" reads worse).
    let named: i64 = tx.query_row(
        "SELECT CASE WHEN kind = 'undo' THEN target ELSE id END FROM changeset WHERE id = ?1",
        [target],
        |r| r.get(0),
    )?;
    let mut change = describe(tx, named)?;
    let mut stmt = tx.prepare(
        "SELECT entity, item_id, field, old, new FROM event WHERE changeset_id = ?1 ORDER BY id DESC",
    )?;
    let events = stmt
        .query_map([target], |r| {
            Ok(PastEvent {
                entity: text(r, 0)?.unwrap_or_default(),
                item: r.get(1)?,
                field: text(r, 2)?.unwrap_or_default(),
                old: text(r, 3)?,
                new: text(r, 4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    // Undoing (or redoing) an outcome recorded at a meeting is the meeting's too: its
    // minutes then read the outcome as taken back, whenever the undo was made.
    let meeting: Option<i64> = tx
        .query_row(
            "SELECT meeting_id FROM changeset WHERE id = ?1",
            [target],
            |r| r.get(0),
        )
        .ok()
        .flatten()
        .or(ctx.meeting.map(|m| m.num));
    let mut rec = Recorder::start_kind(tx, ctx, (kind, Some(target), meeting), &summary)?;
    let mut items: Vec<ItemId> = Vec::new();
    for ev in &events {
        if ev.entity == "setting" {
            write_setting(tx, &ev.field, ev.old.as_deref())?;
            rec.setting(tx, &ev.field, ev.new.as_deref(), ev.old.as_deref())?;
            continue;
        }
        let kind = kind_of_table(&ev.entity).ok_or_else(|| {
            StoreError::Damaged(format!(
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
        let touched = |e: &PastEvent| Touched::read(id.kind, &e.field);
        let created = mine().any(|e| touched(e) == Touched::Created);
        for ev in mine().filter(|e| !created || touched(e) == Touched::Created) {
            match touched(ev) {
                Touched::Created => after.deleted = true,
                Touched::Deleted => after.deleted = ev.old.as_deref() == Some("true"),
                Touched::Field(field) => {
                    let spec = fields::spec(id.kind, field)?;
                    let current = after.get(field).canonical();
                    if current != ev.new {
                        let now = crate::domain::history::value(id.kind, field, current.as_deref());
                        return Err(StoreError::Changed(format!(
                            "cannot {kind} {}: {id}'s {} has changed since (it is now {}); \
                             nothing was changed",
                            change.whose(&ctx.actor),
                            spec.label,
                            if now.is_empty() {
                                "empty".to_string()
                            } else {
                                fields::quoted(&now)
                            }
                        )));
                    }
                    // A value that was stored invalid (and since repaired) goes back as it was.
                    let old = spec.from_canonical(ev.old.as_deref()).unwrap_or_else(|_| {
                        fields::Value::Invalid(ev.old.clone().unwrap_or_default())
                    });
                    after.set(field, old);
                }
                // Another tool's entry, or a field since removed: nothing here to put back.
                Touched::Other(name) => {
                    return Err(StoreError::Damaged(format!(
                        "cannot {kind} \"{summary}\": the change names {id}'s field {}, \
                         which it does not have; nothing was changed",
                        fields::quoted(&name)
                    )));
                }
            }
        }
        write_diff(tx, &mut rec, &before, &after)?;
    }
    tx.execute("UPDATE changeset SET undone = 1 WHERE id = ?1", [target])?;
    change.id = target;
    Ok(Reverted { change })
}

/// The newest change (or redo) not yet undone, of `whose`.
fn newest_undoable(conn: &Connection, whose: Whose, ctx: &Context) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM changeset WHERE kind IN ('change', 'redo') AND undone = 0
               AND (?1 IS NULL OR actor = ?1)
             ORDER BY id DESC LIMIT 1",
            [actor_filter(whose, ctx)],
            |r| r.get(0),
        )
        .optional()?)
}

fn actor_filter(whose: Whose, ctx: &Context) -> Option<String> {
    match whose {
        Whose::Mine => Some(ctx.actor.clone()),
        Whose::Anyone => None,
    }
}

/// Names change `id` as the analyst would: what it did, to which item, by whom.
fn describe(conn: &Connection, id: i64) -> Result<ChangeInfo> {
    let (actor, at, summary): (String, String, String) = conn.query_row(
        "SELECT actor, at, summary FROM changeset WHERE id = ?1",
        [id],
        |r| {
            Ok((
                text(r, 0)?.unwrap_or_default(),
                text(r, 1)?.unwrap_or_default(),
                text(r, 2)?.unwrap_or_default(),
            ))
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT entity, item_id, field, new FROM event WHERE changeset_id = ?1 ORDER BY id",
    )?;
    let events: Vec<(String, i64, String, Option<String>)> = stmt
        .query_map([id], |r| {
            Ok((
                text(r, 0)?.unwrap_or_default(),
                r.get(1)?,
                text(r, 2)?.unwrap_or_default(),
                text(r, 3)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut items: Vec<ItemId> = Vec::new();
    let mut created: Vec<ItemId> = Vec::new();
    let mut deleted: Vec<ItemId> = Vec::new();
    let mut fields_changed: Vec<&'static str> = Vec::new();
    let mut settings: Vec<&str> = Vec::new();
    let value_of = |item: ItemId, name: &str| {
        events
            .iter()
            .find(|(e, n, f, _)| kind_of_table(e) == Some(item.kind) && *n == item.num && f == name)
            .and_then(|(.., new)| new.clone())
    };
    for (entity, num, field, new) in &events {
        let Some(kind) = kind_of_table(entity) else {
            if entity == "setting" {
                settings.push(field);
            }
            continue;
        };
        let item = ItemId::new(kind, *num);
        if !items.contains(&item) {
            items.push(item);
        }
        match Touched::read(kind, field) {
            Touched::Created => created.push(item),
            Touched::Deleted if new.as_deref() == Some("true") => deleted.push(item),
            Touched::Deleted | Touched::Other(_) => {}
            Touched::Field(f) => {
                if let Ok(spec) = fields::spec(kind, f) {
                    if !created.contains(&item) && !fields_changed.contains(&spec.label) {
                        fields_changed.push(spec.label);
                    }
                }
            }
        }
    }
    // "LET-9 with 3 asks and 1 report": what came with the first item, by kind.
    let more = |list: &[ItemId]| {
        let mut counts: Vec<(Kind, usize)> = Vec::new();
        for id in list.iter().skip(1) {
            match counts.iter_mut().find(|(k, _)| *k == id.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((id.kind, 1)),
            }
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(k, n)| match n {
                1 => format!("1 {}", k.singular()),
                n => format!("{n} {}", k.plural()),
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" with {}", parts.join(" and "))
        }
    };
    let what = if !settings.is_empty() {
        format!("settings change ({})", settings.join(", "))
    } else if summary == super::DEMO_SUMMARY {
        // One change of dozens of items: named as what it was.
        format!("loading of the demo data ({} items)", created.len())
    } else if !created.is_empty() {
        // An import is named by its letter, whatever was made before it (its report).
        if summary.starts_with("import") {
            if let Some(i) = created.iter().position(|id| id.kind == Kind::Letter) {
                let letter = created.remove(i);
                created.insert(0, letter);
            }
        }
        let first = created[0];
        let about = value_of(first, "item_id");
        match (first.kind, about, created.len()) {
            (Kind::Note, Some(about), 1) => match value_of(first, "kind").as_deref() {
                Some("chase") => format!("chase of {about}"),
                _ => format!("note on {about}"),
            },
            _ if summary.starts_with("import") => format!("import of {first}{}", more(&created)),
            _ => format!("addition of {first}{}", more(&created)),
        }
    } else if !deleted.is_empty() {
        // What the user deleted comes first; what went with it follows ("deletion of
        // RPT-7 with 5 recommendations").
        let asked = summary
            .strip_prefix("delete ")
            .and_then(|s| s.parse::<ItemId>().ok());
        if let Some(i) = deleted.iter().position(|d| Some(*d) == asked) {
            let item = deleted.remove(i);
            deleted.insert(0, item);
        }
        format!("deletion of {}{}", deleted[0], more(&deleted))
    } else if let Some(first) = items.first() {
        let fields = if fields_changed.is_empty() {
            String::new()
        } else {
            format!(" ({})", fields_changed.join(", "))
        };
        format!("change to {first}{}{fields}", more(&items))
    } else {
        summary
    };
    Ok(ChangeInfo {
        id,
        actor,
        at,
        what,
        items,
    })
}
