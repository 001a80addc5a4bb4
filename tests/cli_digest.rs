//! `oversight digest`: each owner's overdue items and those due within the window, as text,
//! JSON and `.eml` drafts (read back with a real mail parser), quiet when nothing is due,
//! and `--record-chase` as one change that one `undo` takes back. Figures are computed again
//! from `list … --format json`.

mod common;
mod reports_common;

use std::collections::BTreeMap;

use chrono::Duration;
use common::Db;
use mail_parser::{Address, MessageParser, MimeHeaders};
use reports_common::{date, s, today};
use serde_json::Value;

/// Whom an item is due from: its owner; an outgoing letter's recipient; else nobody.
fn due_from(item: &Value) -> Option<String> {
    match item["owner"].as_str() {
        Some(o) => Some(o.to_string()),
        None if s(item, "id").starts_with("LET-") && item["direction"] == "outgoing" => {
            item["recipient"].as_str().map(str::to_string)
        }
        None => None,
    }
}

/// Per owner (lower case): name, overdue IDs, due-soon IDs.
fn expected(db: &Db, within: i64) -> BTreeMap<String, (String, Vec<String>, Vec<String>)> {
    let until = today() + Duration::days(within);
    let mut by: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
    for kind in ["recommendations", "letters", "actions"] {
        for i in db.list(kind, &["--open"]) {
            let Some(due) = date(&i["due_on"]) else {
                continue;
            };
            if due > until {
                continue;
            }
            let Some(who) = due_from(&i) else { continue };
            // As the drafts write it: runs of white space as one space.
            let who = who.split_whitespace().collect::<Vec<_>>().join(" ");
            let e = by
                .entry(who.to_lowercase())
                .or_insert((who.clone(), vec![], vec![]));
            if i["overdue"] == true {
                e.1.push(s(&i, "id").to_string());
            } else {
                e.2.push(s(&i, "id").to_string());
            }
        }
    }
    by
}

fn hostile(db: &Db) {
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-3",
        "text=Check <b>this</b>\r\nX-Injected: body",
        "owner=Zoë Ó Briain\r\nX-Injected: yes",
        "due_on=-3d",
    ]);
}

#[test]
fn each_owner_gets_their_overdue_and_due_soon_items() {
    let db = Db::demo();
    let want = expected(&db, 14);
    let json = db.json(&["digest", "--format", "json"]);
    let got: Vec<&Value> = json.as_array().unwrap().iter().collect();
    let named: Vec<&&Value> = got.iter().filter(|g| !g["owner"].is_null()).collect();
    assert_eq!(named.len(), want.len());
    for g in named {
        let owner = s(g, "owner");
        let (_, overdue, soon) = &want[&owner.to_lowercase()];
        let ids = |key: &str| -> Vec<String> {
            let mut v: Vec<String> = g[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| s(i, "id").to_string())
                .collect();
            v.sort();
            v
        };
        let mut o = overdue.clone();
        o.sort();
        let mut d = soon.clone();
        d.sort();
        assert_eq!(ids("overdue"), o, "{owner}");
        assert_eq!(ids("due_soon"), d, "{owner}");
        assert_eq!(
            s(g, "subject"),
            format!(
                "Items due from you: {} overdue, {} due this fortnight",
                o.len(),
                d.len()
            )
        );
        for i in g["overdue"].as_array().unwrap() {
            let listed = ["recommendations", "letters", "actions"]
                .iter()
                .flat_map(|k| db.list(k, &[]))
                .find(|l| l["id"] == i["id"])
                .unwrap();
            assert_eq!(i["days_overdue"], listed["days_overdue"]);
            assert_eq!(i["last_chased_on"], listed["last_chased_on"]);
        }
    }
    assert!(want.len() >= 5, "{want:?}");
    // The text form names each person with their subject line.
    let text = db.ok(&["digest"]);
    for (name, overdue, soon) in want.values() {
        assert!(
            text.contains(&format!(
                "To: {name}\nSubject: Items due from you: {} overdue, {} due this fortnight\n",
                overdue.len(),
                soon.len()
            )),
            "{name}"
        );
    }
    assert_eq!(text, db.ok(&["digest"]), "the same bytes again");
    // One person only; a shorter window.
    let one = db.json(&[
        "digest",
        "--owner",
        "custody and detention lead",
        "--format",
        "json",
    ]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    let week = expected(&db, 7);
    let seven = db.json(&["digest", "--within", "7", "--format", "json"]);
    let soon: usize = seven
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| !g["owner"].is_null())
        .map(|g| g["due_soon"].as_array().unwrap().len())
        .sum();
    assert_eq!(soon, week.values().map(|w| w.2.len()).sum::<usize>());
    let md = db.ok(&["digest", "--format", "markdown"]);
    assert!(md.contains("| ID | What | Due | Days overdue | Last chased |"));
}

#[test]
fn nothing_due_prints_nothing_for_cron() {
    let db = Db::with_recommendation();
    let out = db.run(&["digest"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let said = db.ok(&["digest", "--verbose"]);
    assert!(
        said.starts_with("Nothing is overdue or due by 7 Dec 2026"),
        "{said}"
    );
    let demo = Db::demo();
    let out = demo.run(&["digest", "--owner", "Nobody At All", "--record-chase"]);
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn drafts_are_mail_a_real_parser_reads_and_hostile_names_stay_in_their_header() {
    let db = Db::demo();
    hostile(&db);
    let dir = db.file("drafts");
    std::fs::create_dir(&dir).unwrap();
    let out = db.ok(&["digest", "--format", "eml", "-o", dir.to_str().unwrap()]);
    let want = expected(&db, 14);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), want.len(), "{out}");
    assert!(out.starts_with(&format!("Wrote {} drafts to ", want.len())));
    let mut seen = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
            "CRLF line ends"
        );
        let msg = MessageParser::default().parse(&bytes[..]).unwrap();
        // The owner's name, and no address made up.
        let to = match msg.to().unwrap() {
            Address::Group(groups) => {
                assert!(groups[0].addresses.is_empty());
                groups[0].name.as_deref().unwrap().to_string()
            }
            Address::List(list) => panic!("an address was guessed: {list:?}"),
        };
        let (name, overdue, soon) = &want[&to.to_lowercase()];
        assert_eq!(&to, name);
        assert_eq!(
            msg.subject().unwrap(),
            format!(
                "Items due from you: {} overdue, {} due this fortnight",
                overdue.len(),
                soon.len()
            )
        );
        assert_eq!(
            msg.header_raw("X-Unsent").map(str::trim),
            Some("1"),
            "opens as a draft"
        );
        assert_eq!(msg.header_raw("MIME-Version").map(str::trim), Some("1.0"));
        let ct = msg.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
        assert_eq!(ct.attribute("charset"), Some("utf-8"));
        // Only the headers written: nothing from the data became one.
        let names: Vec<String> = msg
            .headers()
            .iter()
            .map(|h| h.name().to_lowercase())
            .collect();
        assert_eq!(
            names,
            [
                "date",
                "to",
                "subject",
                "mime-version",
                "content-type",
                "content-transfer-encoding",
                "x-unsent"
            ]
        );
        let body = msg.body_text(0).unwrap();
        for id in overdue.iter().chain(soon) {
            assert!(body.contains(&format!("- {id} (")), "{id} in {body}");
        }
        seen.push(to);
    }
    let zoe = "Zoë Ó Briain X-Injected: yes";
    assert!(seen.iter().any(|n| n == zoe), "{seen:?}");
    // Never replaces: a second run refuses before writing anything.
    let err = db.refuse(&["digest", "--format", "eml", "-o", dir.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    let again = db.file("again");
    std::fs::create_dir(&again).unwrap();
    db.ok(&["digest", "--format", "eml", "-o", again.to_str().unwrap()]);
    for path in &files {
        let twin = again.join(path.file_name().unwrap());
        assert_eq!(std::fs::read(path).unwrap(), std::fs::read(twin).unwrap());
    }
}

#[test]
fn record_chase_is_one_change_and_one_undo() {
    let db = Db::demo();
    let want = expected(&db, 14);
    let items: usize = want.values().map(|w| w.1.len() + w.2.len()).sum();
    let chases = |db: &Db| {
        db.list("notes", &[])
            .iter()
            .filter(|n| n["kind"] == "chase")
            .count()
    };
    let before = chases(&db);
    let out = db.run(&["digest", "--record-chase"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("Recorded {items} chases by email in one change")),
        "{err}"
    );
    assert_eq!(chases(&db), before + items);
    let notes = db.list("notes", &[]);
    let one = want.values().next().unwrap();
    let id = one.1.first().or(one.2.first()).unwrap();
    let chase = notes
        .iter()
        .rfind(|n| n["item_id"] == id.as_str() && n["kind"] == "chase")
        .unwrap();
    assert_eq!(chase["chased"], one.0.as_str());
    assert_eq!(chase["chase_method"], "email");
    let undone = db.ok(&["undo"]);
    assert!(
        undone.starts_with("Undid your addition of NOTE-"),
        "{undone}"
    );
    assert_eq!(chases(&db), before);
}
