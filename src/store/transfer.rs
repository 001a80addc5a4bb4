//! Whole-database export and import as JSON: every item (deleted ones too), the settings and
//! the full audit trail, so an export imported into an empty database and exported again is
//! byte-identical. Import is a restore: it refuses a database that already holds anything.

use rusqlite::{Transaction, params, params_from_iter};
use serde_json::{Map, Value as Json, json};

use super::items::{ListQuery, to_sql};
use super::{Result, Store, StoreError, schema, table};
use crate::domain::fields;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;

/// Names the document so a stray JSON file is not mistaken for an export.
const FORMAT: &str = "oversight-export";

/// How much an import restored.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub items: usize,
    pub events: usize,
}

fn item_json(item: &Item) -> Json {
    let mut obj = Map::new();
    obj.insert("id".into(), json!(item.id.to_string()));
    obj.insert("version".into(), json!(item.version));
    obj.insert("deleted".into(), json!(item.deleted));
    for (spec, value) in item.specs().iter().zip(&item.values) {
        obj.insert(spec.name.into(), value.to_json());
    }
    Json::Object(obj)
}

fn bad(message: impl Into<String>) -> StoreError {
    StoreError::Refused(format!("import: {}", message.into()))
}

impl Store {
    /// The whole database as one JSON document, in a fixed order.
    pub fn export_json(&self) -> Result<Json> {
        let mut doc = Map::new();
        doc.insert("format".into(), json!(FORMAT));
        doc.insert("schema_version".into(), json!(schema::latest_version()));
        let settings: Map<String, Json> = self
            .settings()?
            .into_iter()
            .map(|(k, v)| (k, Json::String(v)))
            .collect();
        doc.insert("settings".into(), Json::Object(settings));
        let everything = ListQuery {
            include_deleted: true,
            ..ListQuery::default()
        };
        for kind in Kind::ALL {
            let mut items: Vec<Item> = self
                .list(kind, &everything, chrono::NaiveDate::MIN)?
                .into_iter()
                .map(|l| l.item)
                .collect();
            items.sort_by_key(|i| i.id.num);
            doc.insert(kind.plural().into(), items.iter().map(item_json).collect());
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, kind, target, summary, undone FROM changeset ORDER BY id",
        )?;
        let changesets = stmt
            .query_map([], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "at": r.get::<_, String>(1)?,
                    "actor": r.get::<_, String>(2)?,
                    "kind": r.get::<_, String>(3)?,
                    "target": r.get::<_, Option<i64>>(4)?,
                    "summary": r.get::<_, String>(5)?,
                    "undone": r.get::<_, bool>(6)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        doc.insert("changesets".into(), Json::Array(changesets));
        let mut stmt = self.conn.prepare(
            "SELECT id, changeset_id, entity, item_id, field, old, new, reason FROM event ORDER BY id",
        )?;
        let events = stmt
            .query_map([], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "changeset": r.get::<_, i64>(1)?,
                    "entity": r.get::<_, String>(2)?,
                    "item_id": r.get::<_, i64>(3)?,
                    "field": r.get::<_, String>(4)?,
                    "old": r.get::<_, Option<String>>(5)?,
                    "new": r.get::<_, Option<String>>(6)?,
                    "reason": r.get::<_, Option<String>>(7)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        doc.insert("events".into(), Json::Array(events));
        Ok(Json::Object(doc))
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

    /// Restores an export into this (empty) database, all or nothing.
    pub fn import_json(&mut self, doc: &Json) -> Result<ImportSummary> {
        let obj = doc
            .as_object()
            .filter(|o| o.get("format") == Some(&json!(FORMAT)))
            .ok_or_else(|| {
                bad("this is not an oversight export (no \"format\": \"oversight-export\")")
            })?;
        let version = obj
            .get("schema_version")
            .and_then(Json::as_i64)
            .unwrap_or(0);
        if !(schema::OLDEST_SAME_DATA..=schema::latest_version()).contains(&version) {
            return Err(bad(format!(
                "the export is of schema version {version}; this oversight reads versions {} to {}",
                schema::OLDEST_SAME_DATA,
                schema::latest_version()
            )));
        }
        if !self.is_empty()? {
            return Err(bad(
                "the database already holds data; a JSON export is restored into an empty \
                 database (use --db with a new file)",
            ));
        }
        self.write(|tx| {
            // A report may name its response letter, which comes later in the file.
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            let mut summary = ImportSummary::default();
            if let Some(settings) = obj.get("settings").and_then(Json::as_object) {
                for (k, v) in settings {
                    let v = v
                        .as_str()
                        .ok_or_else(|| bad(format!("setting {k} is not text")))?;
                    tx.execute(
                        "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                        params![k, v],
                    )?;
                }
            }
            for kind in Kind::ALL {
                for row in array(obj, kind.plural())? {
                    insert_exported(tx, kind, row)?;
                    summary.items += 1;
                }
            }
            for c in array(obj, "changesets")? {
                tx.execute(
                    "INSERT INTO changeset (id, at, actor, kind, target, summary, undone)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        c["id"].as_i64(),
                        c["at"].as_str(),
                        c["actor"].as_str(),
                        c["kind"].as_str(),
                        c["target"].as_i64(),
                        c["summary"].as_str(),
                        c["undone"].as_bool(),
                    ],
                )
                .map_err(|e| bad(format!("changeset {}: {e}", c["id"])))?;
            }
            for e in array(obj, "events")? {
                tx.execute(
                    "INSERT INTO event (id, changeset_id, entity, item_id, field, old, new, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        e["id"].as_i64(),
                        e["changeset"].as_i64(),
                        e["entity"].as_str(),
                        e["item_id"].as_i64(),
                        e["field"].as_str(),
                        e["old"].as_str(),
                        e["new"].as_str(),
                        e["reason"].as_str(),
                    ],
                )
                .map_err(|err| bad(format!("event {}: {err}", e["id"])))?;
                summary.events += 1;
            }
            Ok(summary)
        })
    }
}

fn array<'a>(obj: &'a Map<String, Json>, key: &str) -> Result<&'a Vec<Json>> {
    match obj.get(key) {
        Some(Json::Array(a)) => Ok(a),
        None => Err(bad(format!("the export has no \"{key}\" list"))),
        Some(_) => Err(bad(format!("\"{key}\" is not a list"))),
    }
}

fn insert_exported(tx: &Transaction<'_>, kind: Kind, row: &Json) -> Result<()> {
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
    let mut values = vec![
        rusqlite::types::Value::Integer(id.num),
        rusqlite::types::Value::Integer(obj.get("version").and_then(Json::as_i64).unwrap_or(1)),
        rusqlite::types::Value::Integer(
            obj.get("deleted").and_then(Json::as_bool).unwrap_or(false) as i64,
        ),
    ];
    for spec in specs {
        let value = spec
            .from_json(obj.get(spec.name).unwrap_or(&Json::Null))
            .map_err(|e| bad(format!("{id}: {e}")))?;
        values.push(to_sql(spec, &value));
    }
    let names: Vec<String> = specs.iter().map(|s| format!("\"{}\"", s.name)).collect();
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO \"{}\" (id, version, deleted, {}) VALUES ({})",
        table(kind),
        names.join(", "),
        marks.join(", ")
    );
    tx.execute(&sql, params_from_iter(values))
        .map_err(|e| bad(format!("{id}: {e}")))?;
    Ok(())
}
