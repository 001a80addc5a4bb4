//! Whole-database export and import as JSON: every item (deleted ones too), the settings and
//! the full audit trail, so an export imported into an empty database and exported again is
//! byte-identical. Import is a restore: it refuses a database that already holds anything.
//!
//! Both stream: the export is written row by row as it is read (in `to_string_pretty`'s
//! layout, see `json_layout`), and the restore reads the file entry by entry as it inserts
//! (serde_json's deserializer driving a visitor), so neither holds the database in memory.

use std::io::{self, BufReader, Read, Write};

use rusqlite::{Transaction, params, params_from_iter};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json, json};

use super::audit::text;
use super::items::{columns, read_item, to_sql};
use super::{Result, Store, StoreError, schema, table, verify};
use crate::domain::fields;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::json_layout::{Members, Object, write_at};

/// Names the document so a stray JSON file is not mistaken for an export.
const FORMAT: &str = "oversight-export";

/// How much an import restored.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub items: usize,
    pub events: usize,
}

/// An item as the export writes it: `id`, `version`, `deleted`, then every field.
fn item_members(item: &Item) -> Vec<(&'static str, Json)> {
    let mut members = Vec::with_capacity(item.values.len() + 3);
    members.extend([
        ("id", json!(item.id.to_string())),
        ("version", json!(item.version)),
        ("deleted", json!(item.deleted)),
    ]);
    for (spec, value) in item.specs().iter().zip(&item.values) {
        members.push((spec.name, value.to_json()));
    }
    members
}

fn bad(message: impl Into<String>) -> StoreError {
    StoreError::NotAnExport(format!("import: {}", message.into()))
}

/// What the start of a file says it is, read only as far as it must be: an export names
/// itself in its first lines, so a file of any size is recognised at once.
#[derive(Debug)]
pub enum Sniffed {
    /// A JSON object whose "format" is an oversight export.
    Export { schema_version: Option<i64> },
    /// JSON, but not an export (another object, a list, a string...).
    OtherJson,
    /// Not JSON at all (a letter, a damaged file): why not.
    NotJson(serde_json::Error),
    /// The file could not be read.
    Unreadable(serde_json::Error),
}

/// Reads a document's "format" and "schema_version", stopping as soon as it has both.
pub fn sniff(reader: impl Read) -> Sniffed {
    #[derive(Default)]
    struct Found {
        format: Option<Json>,
        version: Option<Json>,
    }
    struct Header<'a>(&'a mut Found);
    impl<'de> Visitor<'de> for Header<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an oversight export")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "format" => self.0.format = Some(map.next_value()?),
                    "schema_version" => self.0.version = Some(map.next_value()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                let ours = self.0.format.as_ref().and_then(Json::as_str) == Some(FORMAT);
                if ours && self.0.version.is_some() {
                    // Enough: the caller ignores the error that stopping early leaves.
                    return Ok(());
                }
            }
            Ok(())
        }
    }
    let mut found = Found::default();
    let mut de = serde_json::Deserializer::from_reader(BufReader::new(reader));
    let read =
        de::Deserializer::deserialize_map(&mut de, Header(&mut found)).and_then(|()| de.end());
    if found.format.as_ref().and_then(Json::as_str) == Some(FORMAT) {
        return Sniffed::Export {
            schema_version: found.version.as_ref().map_or(Some(0), Json::as_i64),
        };
    }
    match read {
        Err(e) if e.is_io() => Sniffed::Unreadable(e),
        Err(e) if e.is_syntax() || e.is_eof() => Sniffed::NotJson(e),
        _ => Sniffed::OtherJson,
    }
}

/// A failed write (a full disk, a reader gone) stops the export.
fn put(written: io::Result<()>) -> Result<()> {
    written.map_err(StoreError::Write)
}

impl Store {
    /// Writes the whole database as one JSON document, in a fixed order (items of each kind
    /// by ID, then the changesets and events by ID), row by row as it is read, all from one
    /// snapshot. Byte for byte what pretty-printing the whole document gives, plus a newline.
    pub fn export_json_to(&self, out: &mut dyn Write) -> Result<()> {
        self.snapshot(|store| store.write_export(out))
    }

    fn write_export(&self, out: &mut dyn Write) -> Result<()> {
        let mut top = Members::new(0);
        put(out.write_all(b"{"))?;
        put(top.key(out, "format"))?;
        put(write_at(out, &FORMAT, 1))?;
        put(top.key(out, "schema_version"))?;
        put(write_at(out, &schema::latest_version(), 1))?;
        let settings: Map<String, Json> = self
            .settings()?
            .into_iter()
            .map(|(k, v)| (k, Json::String(v)))
            .collect();
        put(top.key(out, "settings"))?;
        put(write_at(out, &settings, 1))?;
        for kind in Kind::ALL {
            put(top.key(out, kind.plural()))?;
            let sql = format!(
                "SELECT {} FROM \"{}\" t ORDER BY t.id",
                columns(kind),
                table(kind)
            );
            self.write_rows(out, &sql, |r, out| {
                let members = item_members(&read_item(kind, r)?);
                Ok(write_at(out, &Object(&members), 2))
            })?;
        }
        put(top.key(out, "changesets"))?;
        self.write_rows(
            out,
            "SELECT id, at, actor, kind, target, summary, undone, meeting_id FROM changeset \
             ORDER BY id",
            |r, out| {
                // The trail is history, not data to repair: text that is not UTF-8 goes out
                // with U+FFFD in place of the bad bytes (`check` names it).
                let members = [
                    ("id", json!(r.get::<_, i64>(0)?)),
                    ("at", json!(text(r, 1)?)),
                    ("actor", json!(text(r, 2)?)),
                    ("kind", json!(text(r, 3)?)),
                    ("target", json!(r.get::<_, Option<i64>>(4)?)),
                    ("summary", json!(text(r, 5)?)),
                    ("undone", json!(r.get::<_, bool>(6)?)),
                    // Another tool's value there is not a meeting: exported as none.
                    (
                        "meeting_id",
                        json!(r.get::<_, Option<i64>>(7).ok().flatten()),
                    ),
                ];
                Ok(write_at(out, &Object(&members), 2))
            },
        )?;
        put(top.key(out, "events"))?;
        self.write_rows(
            out,
            "SELECT id, changeset_id, entity, item_id, field, old, new, reason FROM event ORDER BY id",
            |r, out| {
                let members = [
                    ("id", json!(r.get::<_, i64>(0)?)),
                    ("changeset", json!(r.get::<_, i64>(1)?)),
                    ("entity", json!(text(r, 2)?)),
                    ("item_id", json!(r.get::<_, i64>(3)?)),
                    ("field", json!(text(r, 4)?)),
                    ("old", json!(text(r, 5)?)),
                    ("new", json!(text(r, 6)?)),
                    ("reason", json!(text(r, 7)?)),
                ];
                Ok(write_at(out, &Object(&members), 2))
            },
        )?;
        put(top.close(out, b'}'))?;
        put(out.write_all(b"\n"))
    }

    /// One list of the export, one level in: each row written as it is read by `row`, which
    /// writes the element's value (the indent and commas are written here).
    fn write_rows(
        &self,
        out: &mut dyn Write,
        sql: &str,
        row: impl Fn(&rusqlite::Row<'_>, &mut dyn Write) -> rusqlite::Result<io::Result<()>>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut list = Members::new(1);
        put(out.write_all(b"["))?;
        while let Some(r) = rows.next()? {
            put(list.before_element(out))?;
            put(row(r, out)?)?;
        }
        put(list.close(out, b']'))
    }

    /// True when the database holds no items, settings or history.
    pub fn is_empty(&self) -> Result<bool> {
        let mut total = 0i64;
        for name in Kind::ALL
            .map(table)
            .into_iter()
            .chain(["changeset", "setting"])
        {
            total += self
                .conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get::<_, i64>(0)
                })?;
        }
        Ok(total == 0)
    }

    /// Restores an export into this (empty) database, all or nothing, reading it as it goes:
    /// `open` gives the file from its start, once to check what it is, once to restore it.
    /// One transaction: the rows are inserted with statements prepared once, the search
    /// index's insert triggers are set aside and the index is rebuilt once at the end.
    pub fn restore_json<R: Read>(
        &mut self,
        mut open: impl FnMut() -> io::Result<R>,
    ) -> Result<ImportSummary> {
        let unreadable =
            |e: &dyn std::fmt::Display| StoreError::NotAnExport(format!("cannot read it: {e}"));
        let version = match sniff(open().map_err(|e| unreadable(&e))?) {
            Sniffed::Export { schema_version } => schema_version.unwrap_or(0),
            Sniffed::Unreadable(e) => return Err(unreadable(&e)),
            Sniffed::NotJson(e) => return Err(not_json(&e)),
            Sniffed::OtherJson => {
                return Err(bad(
                    "this is not an oversight export (no \"format\": \"oversight-export\")",
                ));
            }
        };
        if !(schema::OLDEST_SAME_DATA..=schema::latest_version()).contains(&version) {
            return Err(bad(format!(
                "the export is of schema version {version}; this oversight reads versions {} to {}",
                schema::OLDEST_SAME_DATA,
                schema::latest_version()
            )));
        }
        if !self.is_empty()? {
            return Err(StoreError::NotEmpty(
                "import: the database already holds data; a JSON export is restored into an \
                 empty database (use --db with a new file)"
                    .into(),
            ));
        }
        let reader = BufReader::with_capacity(256 * 1024, open().map_err(|e| unreadable(&e))?);
        self.write(|tx| {
            // A report may name its response letter, which comes later in the file.
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            let triggers = set_aside_search_triggers(tx)?;
            let mut restore = Restore::new(tx);
            let mut de = serde_json::Deserializer::from_reader(reader);
            let read =
                de::Deserializer::deserialize_map(&mut de, &mut restore).and_then(|()| de.end());
            if let Some(failed) = restore.failed.take() {
                return Err(failed);
            }
            read.map_err(|e| match e.classify() {
                serde_json::error::Category::Io => unreadable(&e),
                serde_json::error::Category::Data => bad(e.to_string()),
                _ => not_json(&e),
            })?;
            restore.check_complete()?;
            // What one entry cannot show: links and notes naming items that exist, events
            // about items that exist.
            let mut problems = verify::Problems::new(1);
            verify::links(tx, &mut problems)?;
            verify::events(tx, &mut problems)?;
            if let Some(first) = problems.list.into_iter().next() {
                return Err(bad(first));
            }
            rebuild_search(tx, &triggers)?;
            Ok(restore.summary)
        })
    }
}

fn not_json(e: &serde_json::Error) -> StoreError {
    StoreError::NotAnExport(format!("it is not a JSON export of oversight ({e})"))
}

/// The search index's insert triggers (migration 3: `{table}_search_insert`), with the SQL
/// that made them. Dropped inside the restore's transaction, so a failed restore keeps them:
/// indexing a row at a time costs more than the rest of the restore together.
fn set_aside_search_triggers(tx: &Transaction<'_>) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.prepare(
        "SELECT tbl_name, sql FROM sqlite_master
         WHERE type = 'trigger' AND name = tbl_name || '_search_insert' ORDER BY name",
    )?;
    let triggers = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (t, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{t}_search_insert\""))?;
    }
    Ok(triggers)
}

/// Puts the triggers back as they were and indexes every restored row in one pass.
fn rebuild_search(tx: &Transaction<'_>, triggers: &[(String, String)]) -> Result<()> {
    for (t, sql) in triggers {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "INSERT INTO \"{t}_search\" (\"{t}_search\") VALUES ('rebuild')"
        ))?;
    }
    Ok(())
}

/// The top-level lists of an export, each required.
fn required_lists() -> impl Iterator<Item = &'static str> {
    Kind::ALL
        .into_iter()
        .map(|k| k.plural())
        .chain(["changesets", "events"])
}

/// A restore under way: the export's members as they are read, each list's entries inserted
/// one at a time. Errors of the store are kept here (serde's error type cannot carry them)
/// and stop the read.
struct Restore<'t, 'c> {
    tx: &'t Transaction<'c>,
    summary: ImportSummary,
    seen: Vec<String>,
    failed: Option<StoreError>,
    /// Each kind's INSERT, made once.
    inserts: Vec<(Kind, String)>,
}

/// Which list an array holds.
#[derive(Clone, Copy)]
enum List {
    Items(Kind),
    Changesets,
    Events,
}

impl<'t, 'c> Restore<'t, 'c> {
    fn new(tx: &'t Transaction<'c>) -> Restore<'t, 'c> {
        let inserts = Kind::ALL
            .into_iter()
            .map(|kind| {
                let specs = fields::fields(kind);
                let names: Vec<String> = specs.iter().map(|s| format!("\"{}\"", s.name)).collect();
                let marks: Vec<String> = (1..=specs.len() + 3).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO \"{}\" (id, version, deleted, {}) VALUES ({})",
                    table(kind),
                    names.join(", "),
                    marks.join(", ")
                );
                (kind, sql)
            })
            .collect();
        Restore {
            tx,
            summary: ImportSummary::default(),
            seen: Vec::new(),
            failed: None,
            inserts,
        }
    }

    /// Keeps the store's error and returns the one that stops serde.
    fn fail<E: de::Error>(&mut self, e: StoreError) -> E {
        self.failed = Some(e);
        E::custom("the restore stopped")
    }

    fn check_complete(&self) -> Result<()> {
        match required_lists().find(|k| !self.seen.iter().any(|s| s == k)) {
            Some(missing) => Err(bad(format!("the export has no \"{missing}\" list"))),
            None => Ok(()),
        }
    }

    fn settings(&mut self, value: Json) -> Result<()> {
        let settings = match value {
            Json::Object(settings) => settings,
            Json::Null => return Ok(()),
            other => {
                return Err(bad(format!(
                    "\"settings\" is {}, not an object of settings",
                    fields::quoted(&other.to_string())
                )));
            }
        };
        for (k, v) in settings {
            let v = v
                .as_str()
                .ok_or_else(|| bad(format!("setting {k} is not text")))?;
            // The rule `oversight settings` applies: a bad setting would stop every command.
            crate::domain::settings::apply(&mut Default::default(), &k, v)
                .map_err(|e| bad(format!("setting {k}: {e}")))?;
            self.tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        Ok(())
    }

    fn entry(&mut self, list: List, row: &Json) -> Result<()> {
        match list {
            List::Items(kind) => {
                let sql = &self
                    .inserts
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .expect("every kind")
                    .1;
                insert_exported(self.tx, sql, kind, row)?;
                self.summary.items += 1;
            }
            List::Changesets => {
                let c = Entry::of(row, "a change")?;
                let id = c.id()?;
                let what = format!("change {id}");
                let kind = c.text(&what, "kind")?;
                if !["change", "undo", "redo"].contains(&kind.as_str()) {
                    return Err(bad(format!(
                        "{what} kind: {} is not change, undo or redo",
                        fields::quoted(&kind)
                    )));
                }
                self.tx
                    .prepare_cached(
                        "INSERT INTO changeset
                         (id, at, actor, kind, target, summary, undone, meeting_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        id,
                        c.text(&what, "at")?,
                        c.text(&what, "actor")?,
                        kind,
                        c.optional_number(&what, "target")?,
                        c.text(&what, "summary")?,
                        c.flag(&what, "undone")?,
                        // Exports before schema 6 have none.
                        c.optional_number(&what, "meeting_id")?,
                    ])
                    .map_err(|e| bad(format!("{what}: {e}")))?;
            }
            List::Events => {
                let e = Entry::of(row, "an event")?;
                let id = e.id()?;
                let what = format!("event {id}");
                let entity = e.text(&what, "entity")?;
                let field = e.text(&what, "field")?;
                if !verify::known_field(&entity, &field) {
                    return Err(bad(format!(
                        "{what} names the field {} of {}, which oversight does not have",
                        fields::quoted(&field),
                        fields::quoted(&entity)
                    )));
                }
                self.tx
                    .prepare_cached(
                        "INSERT INTO event (id, changeset_id, entity, item_id, field, old, new, reason)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        id,
                        e.number(&what, "changeset")?,
                        entity,
                        e.number(&what, "item_id")?,
                        field,
                        e.optional_text(&what, "old")?,
                        e.optional_text(&what, "new")?,
                        e.optional_text(&what, "reason")?,
                    ])
                    .map_err(|err| bad(format!("{what}: {err}")))?;
                self.summary.events += 1;
            }
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for &mut Restore<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an oversight export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            if self.seen.contains(&name) {
                return Err(self.fail(bad(format!("the export has \"{name}\" twice"))));
            }
            self.seen.push(name.clone());
            let list = match name.as_str() {
                "changesets" => Some(List::Changesets),
                "events" => Some(List::Events),
                other => Kind::ALL
                    .into_iter()
                    .find(|k| k.plural() == other)
                    .map(List::Items),
            };
            match list {
                Some(list) => map.next_value_seed(Entries {
                    restore: &mut *self,
                    list,
                    name: &name,
                })?,
                None if name == "settings" => {
                    let value: Json = map.next_value()?;
                    if let Err(e) = self.settings(value) {
                        return Err(self.fail(e));
                    }
                }
                // "format" and "schema_version" were checked before; anything else is not ours.
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One list of the export, each entry inserted as soon as it is read.
struct Entries<'r, 't, 'c, 'n> {
    restore: &'r mut Restore<'t, 'c>,
    list: List,
    name: &'n str,
}

impl Entries<'_, '_, '_, '_> {
    fn not_a_list<E: de::Error>(self) -> Result<(), E> {
        Err(self
            .restore
            .fail(bad(format!("\"{}\" is not a list", self.name))))
    }
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "the list \"{}\"", self.name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Json>()? {
            if let Err(e) = self.restore.entry(self.list, &row) {
                return Err(self.restore.fail(e));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        self.not_a_list()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.not_a_list()
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.not_a_list()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.not_a_list()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.not_a_list()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.not_a_list()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_a_list()
    }
}

fn insert_exported(tx: &Transaction<'_>, sql: &str, kind: Kind, row: &Json) -> Result<()> {
    let obj = row
        .as_object()
        .ok_or_else(|| bad(format!("a {kind} entry is not an object")))?;
    let id: ItemId = obj
        .get("id")
        .and_then(Json::as_str)
        .and_then(|s| s.parse().ok())
        .filter(|id: &ItemId| id.kind == kind)
        .ok_or_else(|| bad(format!("a {kind} has no {}-N id", kind.prefix())))?;
    let specs = fields::fields(kind);
    for key in obj.keys() {
        if !["id", "version", "deleted"].contains(&key.as_str())
            && !specs.iter().any(|s| s.name == key)
        {
            return Err(bad(format!("{id} has an unknown field \"{key}\"")));
        }
    }
    // Every value meets the rules `set` enforces, so nothing restored can stop a command
    // later; links are checked once every item is in (they may point forward).
    let version = match obj.get("version") {
        None => 1,
        Some(v) => v.as_i64().filter(|n| *n >= 1).ok_or_else(|| {
            bad(format!(
                "{id} version: {} is not a whole number from 1",
                fields::quoted(&v.to_string())
            ))
        })?,
    };
    let deleted = match obj.get("deleted") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            bad(format!(
                "{id} deleted: {} is not true or false",
                fields::quoted(&v.to_string())
            ))
        })?,
    };
    let mut values = vec![
        rusqlite::types::Value::Integer(id.num),
        rusqlite::types::Value::Integer(version),
        rusqlite::types::Value::Integer(deleted as i64),
    ];
    for spec in specs {
        let value = spec
            .from_json(obj.get(spec.name).unwrap_or(&Json::Null))
            .and_then(|v| spec.validate(&v).map(|()| v))
            .map_err(|e| bad(format!("{id} {e}")))?;
        values.push(to_sql(spec, &value));
    }
    tx.prepare_cached(sql)?
        .execute(params_from_iter(values))
        .map_err(|e| bad(format!("{id}: {e}")))?;
    Ok(())
}

/// One changeset or event of an export, its members read strictly: each has the type the
/// export writes, or the restore stops naming it.
struct Entry<'a>(&'a Map<String, Json>);

impl<'a> Entry<'a> {
    fn of(row: &'a Json, what: &str) -> Result<Entry<'a>> {
        row.as_object()
            .map(Entry)
            .ok_or_else(|| bad(format!("{what} is not an object")))
    }

    fn wrong(what: &str, key: &str, v: Option<&Json>, wanted: &str) -> StoreError {
        let shown = v.map_or("missing".to_string(), |v| fields::quoted(&v.to_string()));
        bad(format!("{what} {key}: {shown} is not {wanted}"))
    }

    fn id(&self) -> Result<i64> {
        self.0
            .get("id")
            .and_then(Json::as_i64)
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                Entry::wrong("an entry", "id", self.0.get("id"), "a whole number from 1")
            })
    }

    fn number(&self, what: &str, key: &str) -> Result<i64> {
        let v = self.0.get(key);
        v.and_then(Json::as_i64)
            .ok_or_else(|| Entry::wrong(what, key, v, "a whole number"))
    }

    fn optional_number(&self, what: &str, key: &str) -> Result<Option<i64>> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            v => v
                .and_then(Json::as_i64)
                .map(Some)
                .ok_or_else(|| Entry::wrong(what, key, v, "a whole number")),
        }
    }

    fn text(&self, what: &str, key: &str) -> Result<String> {
        let v = self.0.get(key);
        v.and_then(Json::as_str)
            .map(str::to_string)
            .ok_or_else(|| Entry::wrong(what, key, v, "text"))
    }

    fn optional_text(&self, what: &str, key: &str) -> Result<Option<String>> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            v => v
                .and_then(Json::as_str)
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| Entry::wrong(what, key, v, "text")),
        }
    }

    fn flag(&self, what: &str, key: &str) -> Result<bool> {
        match self.0.get(key) {
            None => Ok(false),
            v => v
                .and_then(Json::as_bool)
                .ok_or_else(|| Entry::wrong(what, key, v, "true or false")),
        }
    }
}
