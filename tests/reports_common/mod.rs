//! What the tests of the documents that leave the tool share (pack, minutes, digest,
//! calendar): dates as the documents write them, the items as `list --format json` gives
//! them, and dating the audit trail's changes (it records the real time of the test).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use crate::common::{Db, TODAY};

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

pub fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str()
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// "28 Mar 2019".
pub fn uk(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The ID in "Added REC-16 (version 1): …".
pub fn added(out: &str) -> String {
    out.split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no ID in {out:?}"))
        .to_string()
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Sets when every change made so far (or after changeset `after`) was made.
pub fn date_changes(path: &Path, after: i64, at: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE changeset SET at = ?1 WHERE id > ?2",
        rusqlite::params![at, after],
    )
    .unwrap();
}

/// The newest change's number.
pub fn last_change(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT coalesce(max(id), 0) FROM changeset", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Whom an item waits on, as the Owners view has it: its owner; a letter without one, the
/// recipient of one the office sent, else its sender.
pub fn waits_on(item: &Value) -> Option<String> {
    let owner = item["owner"].as_str();
    let letter = s(item, "id").starts_with("LET-");
    match owner {
        Some(o) => Some(o.to_string()),
        None if letter && s(item, "direction") == "outgoing" => {
            item["recipient"].as_str().map(str::to_string)
        }
        None if letter => item["sender"].as_str().map(str::to_string),
        None => None,
    }
}

/// The open items of each stream (recommendations, letters awaiting reply, responses owed,
/// board actions: of `board` only when given), as `list` prints them.
pub fn open_streams(db: &Db, board: Option<&str>) -> Vec<(&'static str, Vec<Value>)> {
    let reports: Vec<Value> = db
        .list("responses", &[])
        .into_iter()
        .filter(|r| r["kind"] == "report")
        .collect();
    let actions: Vec<Value> = db
        .list("actions", &["--open"])
        .into_iter()
        .filter(|a| board.is_none_or(|b| a["board_id"] == b))
        .collect();
    vec![
        ("Recommendations", db.list("recommendations", &["--open"])),
        ("Letters awaiting reply", db.list("letters", &["--open"])),
        ("Responses owed", reports),
        ("Board actions", actions),
    ]
}

/// Open and overdue per person (key: the name in lower case), with the first spelling.
pub fn loads(streams: &[(&str, Vec<Value>)]) -> BTreeMap<String, (String, usize, usize)> {
    let mut by: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    for (name, items) in streams {
        if *name == "Responses owed" {
            continue;
        }
        for i in items {
            let who = waits_on(i);
            let key = who
                .as_deref()
                .map(str::to_lowercase)
                .unwrap_or_else(|| "~".into());
            let shown = who.unwrap_or_else(|| "(no owner)".into());
            let e = by.entry(key).or_insert((shown.clone(), 0, 0));
            if shown < e.0 {
                e.0 = shown;
            }
            e.1 += 1;
            if i["overdue"] == true {
                e.2 += 1;
            }
        }
    }
    by
}
