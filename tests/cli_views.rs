//! `list responses`, `list owners` and `list deadlines`: the dashboard's views on the
//! command line, on the demo database.

mod common;

use common::{Db, TODAY};
use serde_json::Value;

fn ids(rows: &Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn responses_list_every_reply_owed_statutory_ones_included() {
    let db = Db::demo();
    let rows = db.json(&["list", "responses", "--format", "json"]);
    let all = ids(&rows);
    assert!(all.contains(&"RPT-4".to_string()), "{all:?}");
    assert!(all.contains(&"LET-5".to_string()), "{all:?}");
    for r in rows.as_array().unwrap() {
        for key in ["id", "kind", "due_on", "overdue", "days_overdue"] {
            assert!(r.get(key).is_some(), "{key} missing: {r}");
        }
        assert!(
            ["letter", "report"].contains(&r["kind"].as_str().unwrap()),
            "{r}"
        );
    }
    let rpt = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "RPT-4")
        .unwrap();
    assert_eq!(rpt["overdue"], true);
    assert_eq!(rpt["days_overdue"], 15);
    assert!(rpt["what"].as_str().unwrap().starts_with("s55 response: "));
    // Most overdue first, the same order as the dashboard's pane.
    let dues: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["due_on"].as_str().unwrap_or("9999-12-31"))
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    // Only the overdue ones; the first one.
    let overdue = db.json(&["list", "responses", "--overdue", "--format", "json"]);
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["overdue"] == true)
    );
    assert_eq!(
        ids(&db.json(&["list", "responses", "--limit", "1", "--format", "json"])),
        [all[0].clone()]
    );
}

#[test]
fn deadlines_list_overdue_then_the_weeks_asked_for() {
    let db = Db::demo();
    let rows = db.json(&["list", "deadlines", "--weeks", "2", "--format", "json"]);
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let horizon = today + chrono::Duration::weeks(2);
    let kinds: std::collections::HashSet<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.len() >= 3, "{kinds:?}");
    for r in rows.as_array().unwrap() {
        let due =
            chrono::NaiveDate::parse_from_str(r["due_on"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert!(due <= horizon, "{r}");
    }
    let more = db.json(&["list", "deadlines", "--format", "json"]);
    assert!(more.as_array().unwrap().len() > rows.as_array().unwrap().len());
    let csv = db.ok(&["list", "deadlines", "--format", "csv"]);
    assert!(
        csv.starts_with("id,kind,due_on,overdue,days_overdue,status,what,waits_on,owner\n"),
        "{csv}"
    );
}

#[test]
fn owners_list_each_person_with_their_counts() {
    let db = Db::demo();
    let rows = db.json(&["list", "owners", "--format", "json"]);
    let ppc = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["owner"] == "Public Protection Commander")
        .expect("an owner of the demo");
    assert_eq!(ppc["overdue"], 1);
    assert_eq!(ppc["longest_overdue_id"], "REC-11");
    assert_eq!(ppc["longest_overdue_days"], 20);
    // Every open item with an owner is counted once, under its owner.
    let open: i64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["open"].as_i64().unwrap())
        .sum();
    let listed: usize = ["recommendations", "letters", "actions"]
        .iter()
        .map(|k| db.list(k, &["--open"]).len())
        .sum();
    assert_eq!(open as usize, listed);
    let table = db.ok(&["list", "owners"]);
    assert!(table.starts_with("OWNER"), "{table}");
    assert_eq!(
        db.json(&["list", "owners", "--limit", "2", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_view_refuses_what_it_does_not_take() {
    let db = Db::demo();
    for args in [
        &["list", "owners", "--status", "open"][..],
        &["list", "responses", "--search", "x"],
        &["list", "recommendations", "--weeks", "3"],
        &["list", "owners", "--overdue"],
    ] {
        let err = db.refuse(args);
        assert!(err.contains("--"), "{args:?}: {err}");
    }
}
