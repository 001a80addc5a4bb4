//! What `check` finds beyond SQLite's own checks, and what a restore refuses: every stored
//! value against its field's rules, links to items that exist, and the audit trail against
//! the data (each item's values are what its events say; events name items and fields that
//! exist).

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::items::{columns, from_sql, read_item};
use super::{Result, kind_of_table, lossy, table};
use crate::domain::deadline::DeadlineSettings;
use crate::domain::fields::{self, FieldType, Value, quoted};
use crate::domain::history::Touched;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::settings;

/// Problems found, at most `cap` of them written out; the rest are counted.
pub(super) struct Problems {
    pub list: Vec<String>,
    pub more: usize,
    cap: usize,
}

impl Problems {
    pub fn new(cap: usize) -> Problems {
        Problems {
            list: Vec::new(),
            more: 0,
            cap,
        }
    }

    pub fn push(&mut self, problem: String) {
        if self.list.len() < self.cap {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub fn full(&self) -> bool {
        self.list.len() >= self.cap
    }

    /// The problems as lines, the last saying how many more there are.
    pub fn lines(mut self) -> Vec<String> {
        if self.more > 0 {
            self.list.push(format!(
                "… and {} more problem(s) like these (repair the above, then check again)",
                self.more
            ));
        }
        self.list
    }
}

/// Every stored value of every item against its field's rules (type, vocabulary, length,
/// dates 1900–2200, range), and each row's version (a whole number from 1) and deleted flag
/// (0 or 1).
pub(super) fn values(conn: &Connection, out: &mut Problems) -> Result<()> {
    for kind in Kind::ALL {
        let specs = fields::fields(kind);
        let names: Vec<String> = specs.iter().map(|s| format!("t.\"{}\"", s.name)).collect();
        let sql = format!(
            "SELECT t.id, t.version, t.deleted, {} FROM \"{}\" t ORDER BY t.id",
            names.join(", "),
            table(kind)
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = ItemId::new(kind, r.get(0)?);
            match r.get_ref(1)? {
                ValueRef::Integer(n) if n >= 1 => {}
                other => out.push(format!(
                    "{id} version: {} is not a whole number from 1",
                    quoted(&lossy(other))
                )),
            }
            match r.get_ref(2)? {
                ValueRef::Integer(0 | 1) => {}
                other => out.push(format!(
                    "{id} deleted: {} is not 0 or 1",
                    quoted(&lossy(other))
                )),
            }
            for (i, spec) in specs.iter().enumerate() {
                let value = from_sql(spec, r.get_ref(3 + i)?);
                if let Err(e) = spec.validate(&value) {
                    out.push(format!("{id} {e}{}", repair(id, spec.name)));
                }
            }
        }
    }
    Ok(())
}

/// How a bad value is put right.
fn repair(id: ItemId, field: &str) -> String {
    format!(" (`oversight set {id} {field}=…` repairs it)")
}

/// Links to items that do not exist, notes about items that do not exist, and board actions
/// raised at a meeting of another board. At most `out`'s cap are listed.
pub(super) fn links(conn: &Connection, out: &mut Problems) -> Result<()> {
    for kind in Kind::ALL {
        for spec in fields::fields(kind) {
            let FieldType::Link(target) = spec.ty else {
                continue;
            };
            let sql = format!(
                "SELECT t.id, t.\"{f}\" FROM \"{t}\" t WHERE t.\"{f}\" IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM \"{x}\" x WHERE x.id = t.\"{f}\") ORDER BY t.id",
                f = spec.name,
                t = table(kind),
                x = table(target)
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id = ItemId::new(kind, r.get(0)?);
                let named = match r.get_ref(1)? {
                    ValueRef::Integer(n) => ItemId::new(target, n).to_string(),
                    other => lossy(other),
                };
                out.push(format!(
                    "{id} {}: {} does not exist",
                    spec.name,
                    quoted(&named)
                ));
                if out.full() {
                    return Ok(());
                }
            }
        }
    }
    let mut stmt = conn.prepare("SELECT id, item_id FROM note ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let note = ItemId::new(Kind::Note, r.get(0)?);
        let about = lossy(r.get_ref(1)?);
        match about.parse::<ItemId>() {
            Ok(item) if exists(conn, item)? => {}
            Ok(item) => out.push(format!("{note} item_id: {item} does not exist")),
            Err(_) => out.push(format!(
                "{note} item_id: {} is not an item ID",
                quoted(&about)
            )),
        }
        if out.full() {
            return Ok(());
        }
    }
    let mut stmt = conn.prepare(
        "SELECT a.id, a.meeting_id, m.board_id, a.board_id FROM board_action a
         JOIN meeting m ON m.id = a.meeting_id WHERE m.board_id IS NOT a.board_id ORDER BY a.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = ItemId::new(Kind::Action, r.get(0)?);
        out.push(format!(
            "{id} meeting_id: {} is a meeting of {}, not of the action's board {}",
            ItemId::new(Kind::Meeting, r.get(1)?),
            lossy(r.get_ref(2)?),
            lossy(r.get_ref(3)?)
        ));
    }
    Ok(())
}

fn exists(conn: &Connection, id: ItemId) -> Result<bool> {
    let sql = format!("SELECT 1 FROM \"{}\" WHERE id = ?1", table(id.kind));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id.num], |_| Ok(()))
        .map(|()| true)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(false),
            e => Err(e),
        })?)
}

/// Events about items that do not exist, tables that are not oversight's, or fields the
/// item's kind does not have. At most `out`'s cap are listed.
pub(super) fn events(conn: &Connection, out: &mut Problems) -> Result<()> {
    let mut stmt = conn.prepare("SELECT DISTINCT entity FROM event ORDER BY entity")?;
    let entities: Vec<String> = stmt
        .query_map([], |r| Ok(lossy(r.get_ref(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for entity in entities {
        if entity == "setting" {
            continue;
        }
        let Some(kind) = kind_of_table(&entity) else {
            out.push(format!(
                "the audit trail has events about {}, which is not a kind of item",
                quoted(&entity)
            ));
            continue;
        };
        let sql = format!(
            "SELECT e.id, e.item_id FROM event e WHERE e.entity = ?1
             AND NOT EXISTS (SELECT 1 FROM \"{}\" t WHERE t.id = e.item_id) ORDER BY e.id",
            table(kind)
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([&entity])?;
        while let Some(r) = rows.next()? {
            out.push(format!(
                "event {} is about {}, which does not exist",
                r.get::<_, i64>(0)?,
                ItemId::new(kind, r.get(1)?)
            ));
            if out.full() {
                return Ok(());
            }
        }
    }
    let mut stmt = conn.prepare("SELECT id, entity, field FROM event ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let entity = lossy(r.get_ref(1)?);
        let field = lossy(r.get_ref(2)?);
        if !known_field(&entity, &field) {
            out.push(format!(
                "event {} names {}, which {entity} does not have",
                r.get::<_, i64>(0)?,
                quoted(&field)
            ));
            if out.full() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Whether an event may name `field` of `entity` (a table, or "setting").
pub(super) fn known_field(entity: &str, field: &str) -> bool {
    match kind_of_table(entity) {
        Some(kind) => !matches!(
            crate::domain::history::Touched::read(kind, field),
            crate::domain::history::Touched::Other(_)
        ),
        None => entity == "setting" && settings::KEYS.iter().any(|(k, _)| *k == field),
    }
}

/// What one item's events say: the newest value of each field they touched.
#[derive(Default)]
struct Said {
    created: bool,
    last: HashMap<String, Option<String>>,
}

/// The audit trail against the data: each item's current values must be the newest values
/// its events recorded (an item created through oversight has every value in its trail;
/// one loaded in bulk, without a "created" event, is compared only on the fields its trail
/// touched). Text in the trail that is not UTF-8 is named too.
pub(super) fn trail(conn: &Connection, out: &mut Problems) -> Result<()> {
    for kind in Kind::ALL {
        let mut items = conn.prepare(&format!(
            "SELECT {} FROM \"{}\" t ORDER BY t.id",
            columns(kind),
            table(kind)
        ))?;
        let mut items = items.query([])?;
        // event_by_item holds (entity, item_id) in rowid order: the events come item by
        // item, oldest first, without sorting.
        let mut events = conn.prepare(
            "SELECT item_id, field, new, id, old, reason FROM event
             INDEXED BY event_by_item WHERE entity = ?1 ORDER BY item_id, id",
        )?;
        let mut events = events.query([table(kind)])?;
        let mut pending = next_event(&mut events, out)?;
        while let Some(r) = items.next()? {
            let item = read_item(kind, r)?;
            let mut said = Said::default();
            while let Some((num, field, new)) = pending.take() {
                if num > item.id.num {
                    pending = Some((num, field, new));
                    break;
                }
                if num == item.id.num {
                    said.created |= field == Touched::Created.stored();
                    said.last.insert(field, new);
                }
                pending = next_event(&mut events, out)?;
            }
            compare(&item, &said, out);
        }
    }
    let mut stmt =
        conn.prepare("SELECT id, at, actor, kind, summary FROM changeset ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if (1..5).any(
            |i| matches!(r.get_ref(i), Ok(ValueRef::Text(t)) if std::str::from_utf8(t).is_err()),
        ) {
            out.push(format!(
                "change {} holds text that is not valid UTF-8 (shown with �)",
                r.get::<_, i64>(0)?
            ));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT key, value, (SELECT new FROM event WHERE entity = 'setting' AND field = s.key
                             ORDER BY id DESC LIMIT 1)
         FROM setting s ORDER BY key",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = lossy(r.get_ref(0)?);
        let value = lossy(r.get_ref(1)?);
        if let Err(e) = settings::apply(&mut DeadlineSettings::default(), &key, &value) {
            out.push(format!(
                "setting {key}: {e} (`oversight settings {key}=…` repairs it)"
            ));
        }
        if let ValueRef::Text(t) = r.get_ref(2)? {
            if t != value.as_bytes() {
                out.push(format!(
                    "setting {key} is {} but its history says {}",
                    quoted(&value),
                    quoted(&String::from_utf8_lossy(t))
                ));
            }
        }
    }
    Ok(())
}

/// The next event of the merge (item, field, new value); an event whose text is not UTF-8
/// is named as it passes.
fn next_event(
    events: &mut rusqlite::Rows<'_>,
    out: &mut Problems,
) -> Result<Option<(i64, String, Option<String>)>> {
    let Some(r) = events.next()? else {
        return Ok(None);
    };
    let bad_text = [1, 2, 4, 5]
        .iter()
        .any(|i| matches!(r.get_ref(*i), Ok(ValueRef::Text(t)) if std::str::from_utf8(t).is_err()));
    if bad_text {
        out.push(format!(
            "event {} holds text that is not valid UTF-8 (shown with �)",
            r.get::<_, i64>(3)?
        ));
    }
    let new = match r.get_ref(2)? {
        ValueRef::Null => None,
        other => Some(lossy(other)),
    };
    Ok(Some((r.get(0)?, lossy(r.get_ref(1)?), new)))
}

/// One item's values against what its events said.
fn compare(item: &crate::domain::item::Item, said: &Said, out: &mut Problems) {
    if said.last.is_empty() {
        return;
    }
    for (spec, value) in item.specs().iter().zip(&item.values) {
        let recorded = match said.last.get(spec.name) {
            Some(v) => v.clone(),
            None if said.created => None,
            None => continue,
        };
        let mut actual = value.canonical();
        // A flag that is off is not written at creation.
        if spec.ty == FieldType::Flag && matches!(value, Value::Flag(false)) {
            actual = recorded.clone().filter(|r| r == "false");
        }
        if actual != recorded {
            out.push(format!(
                "{} {} is {} but its history says {}",
                item.id,
                spec.name,
                actual.as_deref().map_or("empty".into(), quoted),
                recorded.as_deref().map_or("empty".into(), quoted)
            ));
        }
    }
    let deleted = match said.last.get("deleted") {
        Some(v) => Some(v.as_deref() == Some("true")),
        None if said.created => Some(false),
        None => None,
    };
    if let Some(deleted) = deleted.filter(|d| *d != item.deleted) {
        out.push(format!(
            "{} is {} but its history says it is {}",
            item.id,
            if item.deleted {
                "deleted"
            } else {
                "not deleted"
            },
            if deleted { "deleted" } else { "not deleted" }
        ));
    }
}
