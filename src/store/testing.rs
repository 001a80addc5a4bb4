//! What the store's unit tests share: a context on a fixed day and a quick way to add an
//! item from `name=value` pairs as a person would type them.

use chrono::NaiveDate;

use rusqlite::params_from_iter;
use rusqlite::types::Value as Sql;

use super::Store;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::DeadlineSettings;
use crate::domain::fields;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::rules::Context;

pub fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "t".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

pub fn add(store: &mut Store, kind: Kind, pairs: &[(&str, &str)]) -> ItemId {
    let c = ctx();
    let changes: Vec<_> = pairs
        .iter()
        .map(|(k, v)| {
            let spec = fields::field(kind, k).unwrap();
            (spec, spec.parse(v, c.today).unwrap())
        })
        .collect();
    store.create(kind, &changes, &c).unwrap().item.id
}

/// SQLite's plan for `sql` (EXPLAIN QUERY PLAN), one step a line: the tests that hold a
/// query to its index read it.
pub fn query_plan(store: &Store, sql: &str, params: &[Sql]) -> String {
    let mut stmt = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
}
