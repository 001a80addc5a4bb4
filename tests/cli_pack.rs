//! `oversight pack`: the board pack, on the demo database with a few items added (a hostile
//! one among them). Every figure is computed again here from `list … --format json` and
//! compared with what the pack says: its tables, and the numbers its SVG charts carry. The
//! HTML is read with a real HTML parser (html5ever, through scraper).

mod common;
mod reports_common;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use common::Db;
use reports_common::{added, date, date_changes, loads, open_streams, s, today, uk};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const HOSTILE: &str =
    "<script>alert(1)</script> <img src=x onerror=alert(2)> | *star* [link](http://evil)";
const HOSTILE_OWNER: &str = "Evil <b>Owner</b> & Co";

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// The demo, plus: a hostile overdue recommendation rated red, a recommendation completed
/// and a board action done since the board's last meeting, a report answered in the year,
/// a letter replied to, and two more RAG ratings. Every change is dated 15 Jun 2026, so the
/// trend's months can be worked out from today's state.
fn fixture() -> Db {
    let db = Db::demo();
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-3",
        &format!("text={HOSTILE}"),
        &format!("owner={HOSTILE_OWNER}"),
        "due_on=-40d",
        "rag=red",
    ]);
    let open = db.list("recommendations", &["--open"]);
    let last = s(open.last().unwrap(), "id").to_string();
    db.ok(&[
        "complete",
        &last,
        "--evidence",
        "Audit report seen by the analyst",
        "--on",
        "-5d",
    ]);
    db.ok(&["complete", "ACT-3", "--on", "-3d"]);
    let report = added(&db.ok(&[
        "add",
        "report",
        "title=Custody inspection",
        "published_on=-100d",
    ]));
    let letter = added(&db.ok(&[
        "add",
        "letter",
        "subject=Response to the custody inspection",
        "direction=outgoing",
        "dated_on=-40d",
        "status=no reply needed",
    ]));
    db.ok(&["set", &report, &format!("response_letter_id={letter}")]);
    let asked = added(&db.ok(&[
        "add",
        "letter",
        "subject=Questions on custody",
        "sender=Cllr A",
        "received_on=-30d",
    ]));
    db.ok(&["complete", &asked, "--on", "-5d"]);
    let rated: Vec<String> = db
        .list("recommendations", &["--open"])
        .iter()
        .take(2)
        .map(|r| s(r, "id").to_string())
        .collect();
    db.ok(&["set", &rated[0], "rag=amber"]);
    db.ok(&["set", &rated[1], "rag=green"]);
    date_changes(&db.path, 0, "2026-06-15T10:00:00Z");
    db
}

/// The bucket an open item falls in (the order of the pack's age chart).
fn bucket(item: &Value) -> usize {
    let t = today();
    match date(&item["due_on"]) {
        None => 6,
        Some(due) if due < t => match (t - due).num_days() {
            d if d > 365 => 5,
            d if d > 90 => 4,
            d if d > 30 => 3,
            _ => 2,
        },
        Some(due) if due <= t + Duration::days(14) => 1,
        Some(_) => 0,
    }
}

fn rows_of(doc: &Html, table: &str) -> Vec<Vec<String>> {
    let t = doc
        .select(&sel("table"))
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text(c).starts_with(table))
        })
        .unwrap_or_else(|| panic!("no table captioned {table:?}"));
    t.select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect()
}

fn alt(doc: &Html, title: &str) -> String {
    doc.select(&sel("svg[role=img]"))
        .find(|s| s.value().attr("aria-label").unwrap().starts_with(title))
        .unwrap_or_else(|| panic!("no chart {title:?}"))
        .value()
        .attr("aria-label")
        .unwrap()
        .to_string()
}

#[test]
fn every_figure_in_the_pack_is_the_databases() {
    let db = fixture();
    let out = db.ok(&["pack", "--board", "BRD-1"]);
    let doc = Html::parse_document(&out);
    let t = today();
    let streams = open_streams(&db, Some("BRD-1"));

    // Headline figures.
    let rows = rows_of(&doc, "Open items as at");
    let mut all = [0usize; 4];
    for (i, (name, items)) in streams.iter().enumerate() {
        let overdue = items.iter().filter(|i| i["overdue"] == true).count();
        let soon = items
            .iter()
            .filter(|i| date(&i["due_on"]).is_some_and(|d| d >= t && d <= t + Duration::days(14)))
            .count();
        let undated = items.iter().filter(|i| i["due_on"].is_null()).count();
        let want = [items.len(), overdue, soon, undated];
        for (a, w) in all.iter_mut().zip(want) {
            *a += w;
        }
        let mut expected = vec![name.to_string()];
        expected.extend(want.iter().map(usize::to_string));
        assert_eq!(rows[i], expected);
    }
    let mut expected = vec!["All".to_string()];
    expected.extend(all.iter().map(usize::to_string));
    assert_eq!(rows[4], expected);
    assert!(all[1] > 5 && all[0] > 15, "a realistic mix: {all:?}");

    // The age chart carries each bucket's numbers.
    let labels = [
        "Not yet due",
        "Due within 14 days",
        "1–30 days overdue",
        "31–90 days overdue",
        "91–365 days overdue",
        "Over 365 days overdue",
        "No due date",
    ];
    let mut counts = [[0usize; 4]; 7];
    for (s, (_, items)) in streams.iter().enumerate() {
        for i in items {
            counts[bucket(i)][s] += 1;
        }
    }
    let names: Vec<&str> = streams.iter().map(|(n, _)| *n).collect();
    let parts: Vec<String> = labels
        .iter()
        .zip(counts)
        .map(|(l, c)| {
            let each: Vec<String> = names
                .iter()
                .zip(c)
                .map(|(n, v)| format!("{n} {v}"))
                .collect();
            format!("{l}: {}", each.join(", "))
        })
        .collect();
    assert_eq!(
        alt(&doc, "Open items by age"),
        format!("Open items by age. {}.", parts.join("; "))
    );
    // Each bar segment names its number.
    let titles: Vec<String> = doc.select(&sel("svg rect title")).map(text).collect();
    assert!(
        titles.contains(&format!(
            "31–90 days overdue, Recommendations: {}",
            counts[3][0]
        )),
        "{titles:?}"
    );

    // By owner: the ten with most overdue, then most open.
    let mut people: Vec<(String, (String, usize, usize))> = loads(&streams).into_iter().collect();
    people.sort_by(|a, b| (b.1.2, b.1.1).cmp(&(a.1.2, a.1.1)).then(a.0.cmp(&b.0)));
    let top: Vec<String> = people
        .iter()
        .take(10)
        .map(|(_, (name, open, overdue))| {
            format!(
                "{name}: Overdue {overdue}, Open, not overdue {}",
                open - overdue
            )
        })
        .collect();
    assert_eq!(
        alt(&doc, "Open items by owner"),
        format!(
            "Open items by owner (the {} with most overdue). {}.",
            top.len(),
            top.join("; ")
        )
    );
    let others = people.iter().skip(10);
    let (n, open, overdue) = others.fold((0, 0, 0), |(n, o, d), (_, (_, open, od))| {
        (n + 1, o + open, d + od)
    });
    if n > 0 {
        assert!(
            out.contains(&format!(
                "The other {n} people have {open} open items, {overdue} overdue."
            )),
            "the rest are added up"
        );
    }

    // By report: open recommendations.
    let mut by_report: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &streams[0].1 {
        let e = by_report.entry(s(r, "report_id").to_string()).or_default();
        e.0 += 1;
        e.1 += (r["overdue"] == true) as usize;
    }
    let reports = db.list("reports", &[]);
    let title = |id: &str| s(reports.iter().find(|r| r["id"] == id).unwrap(), "title").to_string();
    let mut by_report: Vec<(String, (usize, usize))> = by_report.into_iter().collect();
    by_report.sort_by(|a, b| (b.1.1, b.1.0).cmp(&(a.1.1, a.1.0)).then(a.0.cmp(&b.0)));
    let parts: Vec<String> = by_report
        .iter()
        .take(10)
        .map(|(id, (open, overdue))| {
            format!(
                "{id} {}: Overdue {overdue}, Open, not overdue {}",
                title(id),
                open - overdue
            )
        })
        .collect();
    assert_eq!(
        alt(&doc, "Open recommendations by report"),
        format!(
            "Open recommendations by report (the {} with most overdue). {}.",
            parts.len(),
            parts.join("; ")
        )
    );

    // Every overdue item, by owner, with its days overdue.
    let mut want: Vec<(String, String)> = streams
        .iter()
        .flat_map(|(_, items)| items.iter())
        .filter(|i| i["overdue"] == true)
        .map(|i| (s(i, "id").to_string(), i["days_overdue"].to_string()))
        .collect();
    want.sort();
    let section = doc.select(&sel("section#overdue")).next().unwrap();
    let mut got: Vec<(String, String)> = section
        .select(&sel("tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr.select(&sel("th, td")).map(text).collect();
            (cells[0].clone(), cells[3].clone())
        })
        .collect();
    got.sort();
    assert_eq!(got, want);
    assert!(text(section).contains(&format!("{} overdue items", want.len())));
    // Grouped by owner: each group's heading counts its rows.
    for h3 in section.select(&sel("h3")) {
        let heading = text(h3);
        let (name, n) = heading.rsplit_once(": ").unwrap();
        let n: usize = n.trim_end_matches(" overdue").parse().unwrap();
        let key = name.to_lowercase();
        let expected = streams
            .iter()
            .flat_map(|(_, items)| items.iter())
            .filter(|i| i["overdue"] == true)
            .filter(|i| {
                reports_common::waits_on(i)
                    .map(|w| w.to_lowercase())
                    .unwrap_or_else(|| "no owner named".into())
                    == key
            })
            .count();
        assert_eq!(n, expected, "{heading}");
    }

    // Completed since the last meeting: the day after MTG-2, the board's latest held.
    let meetings = db.list("meetings", &[]);
    let mtg2 = meetings.iter().find(|m| m["id"] == "MTG-2").unwrap();
    let since = date(&mtg2["held_on"]).unwrap() + Duration::days(1);
    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= since && d <= t);
    let mut done: Vec<String> = Vec::new();
    for r in db.list("recommendations", &[]) {
        if r["status"] == "complete" && in_period(date(&r["completed_on"])) {
            done.push(s(&r, "id").into());
        }
    }
    for l in db.list("letters", &[]) {
        if l["status"] == "replied" && in_period(date(&l["replied_on"])) {
            done.push(s(&l, "id").into());
        }
    }
    for a in db.list("actions", &[]) {
        if a["status"] == "done" && a["board_id"] == "BRD-1" && in_period(date(&a["done_on"])) {
            done.push(s(&a, "id").into());
        }
    }
    done.sort();
    // The fixture's recommendation, letter and ACT-3, and whatever the demo finished then.
    assert!(
        done.len() >= 3 && done.iter().any(|d| d == "ACT-3"),
        "a recommendation, a letter and ACT-3 at least: {done:?}"
    );
    let heading = format!("Completed since {}", uk(since));
    assert!(out.contains(&heading), "{heading}");
    let mut got: Vec<String> = rows_of(&doc, "Recommendations completed")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    got.sort();
    assert_eq!(got, done);
    let evidence = rows_of(&doc, "Recommendations completed")
        .into_iter()
        .find(|r| r[0].starts_with("REC-"))
        .unwrap();
    assert_eq!(evidence[4], "Audit report seen by the analyst");

    // The last meeting's actions, with their status.
    let actions = db.list("actions", &[]);
    let mut raised: Vec<(String, String)> = actions
        .iter()
        .filter(|a| a["meeting_id"] == "MTG-2")
        .map(|a| {
            let status = match s(a, "status") {
                "done" => format!("done {}", uk(date(&a["done_on"]).unwrap())),
                other => other.replace('_', " "),
            };
            (s(a, "id").to_string(), status)
        })
        .collect();
    raised.sort();
    let mut got: Vec<(String, String)> = rows_of(&doc, "Actions raised at the meeting on")
        .into_iter()
        .map(|r| (r[0].clone(), r[4].split(',').next().unwrap().to_string()))
        .collect();
    got.sort();
    assert_eq!(got, raised);

    // RAG ratings, red first.
    let mut rated: Vec<(usize, i64, i64, String, String)> = db
        .list("recommendations", &[])
        .iter()
        .filter(|r| !r["rag"].is_null())
        .map(|r| {
            let rank = ["red", "amber", "green"]
                .iter()
                .position(|c| r["rag"] == *c)
                .unwrap();
            let num = |v: &str| v.rsplit('-').next().unwrap().parse::<i64>().unwrap();
            (
                rank,
                num(s(r, "report_id")),
                num(s(r, "id")),
                s(r, "id").to_string(),
                s(r, "rag").to_string(),
            )
        })
        .collect();
    rated.sort();
    let got: Vec<(String, String)> = rows_of(&doc, "Recommendations with a RAG rating")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].to_lowercase()))
        .collect();
    let want: Vec<(String, String)> = rated.into_iter().map(|r| (r.3, r.4)).collect();
    assert_eq!(got, want);
    assert!(want.len() >= 3);
}

#[test]
fn the_trend_is_rebuilt_from_the_audit_trail() {
    // Every change of the fixture is dated 15 Jun 2026: the months before count nothing,
    // those after count today's open items, overdue against each month's last day.
    let db = fixture();
    let doc = Html::parse_document(&db.ok(&["pack", "--board", "BRD-1"]));
    let t = today();
    let open: Vec<Option<NaiveDate>> = open_streams(&db, Some("BRD-1"))
        .iter()
        .flat_map(|(_, items)| items.iter().map(|i| date(&i["due_on"])))
        .collect();
    let made = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let mut parts = Vec::new();
    for back in (0..12).rev() {
        let first = NaiveDate::from_ymd_opt(t.year(), t.month(), 1)
            .unwrap()
            .checked_sub_months(chrono::Months::new(back))
            .unwrap();
        let (label, on) = if back == 0 {
            ("Today".to_string(), t)
        } else {
            let end = first.checked_add_months(chrono::Months::new(1)).unwrap() - Duration::days(1);
            (first.format("%b %Y").to_string(), end)
        };
        let (n, late) = if on < made {
            (0, 0)
        } else {
            (
                open.len(),
                open.iter().filter(|d| d.is_some_and(|d| d < on)).count(),
            )
        };
        parts.push(format!("{label}: Open {n}, Overdue {late}"));
    }
    assert_eq!(
        alt(&doc, "Open and overdue items at each month"),
        format!(
            "Open and overdue items at each month's end. {}.",
            parts.join("; ")
        )
    );
    assert!(parts[0].ends_with("Open 0, Overdue 0"));
}

#[test]
fn replies_and_statutory_responses_are_judged_against_their_days() {
    let db = fixture();
    let doc = Html::parse_document(&db.ok(&["pack"]));
    let t = today();
    let from = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let letters = db.list("letters", &[]);
    let mut counts = BTreeMap::new();
    let mut took: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for l in &letters {
        let replied = date(&l["replied_on"]);
        if l["status"] != "replied" || !replied.is_some_and(|d| d >= from && d <= t) {
            continue;
        }
        let who = if l["direction"] == "outgoing" {
            "to"
        } else {
            "by"
        };
        let e = counts.entry(who).or_insert([0usize; 3]);
        match (date(&l["due_on"]), replied) {
            (Some(due), Some(on)) if on <= due => e[0] += 1,
            (Some(_), Some(_)) => e[1] += 1,
            _ => e[2] += 1,
        }
        let start = if who == "to" {
            date(&l["dated_on"])
        } else {
            date(&l["received_on"]).or(date(&l["dated_on"]))
        };
        if let (Some(a), Some(b)) = (start, replied) {
            took.entry(who).or_default().push((b - a).num_days());
        }
    }
    let mut sent = [0usize; 3];
    let mut late_rows = Vec::new();
    for r in db.list("reports", &[]) {
        let Some(letter) = r["response_letter_id"].as_str() else {
            continue;
        };
        let l = letters.iter().find(|l| l["id"] == letter).unwrap();
        let Some(on) = date(&l["dated_on"]).filter(|d| *d >= from && *d <= t) else {
            continue;
        };
        match date(&r["due_on"]) {
            Some(due) if on <= due => sent[0] += 1,
            Some(due) => {
                sent[1] += 1;
                late_rows.push((s(&r, "id").to_string(), (on - due).num_days()));
            }
            None => sent[2] += 1,
        }
    }
    assert_eq!(
        sent.iter().sum::<usize>(),
        1,
        "the custody inspection's response"
    );
    let c = |w: &str| counts.get(w).copied().unwrap_or_default();
    let period = format!("{} to {}", uk(from), uk(t));
    assert_eq!(
        alt(&doc, "Replies and responses sent"),
        format!(
            "Replies and responses sent, {period}. Replies by the office: On time {}, Late {}, \
             No due date {}; Answers to the office's letters: On time {}, Late {}, No due date \
             {}; Statutory responses: On time {}, Late {}, No due date {}.",
            c("by")[0],
            c("by")[1],
            c("by")[2],
            c("to")[0],
            c("to")[1],
            c("to")[2],
            sent[0],
            sent[1],
            sent[2]
        )
    );
    let median = |v: Option<&Vec<i64>>| {
        let mut v = v.cloned().unwrap_or_default();
        v.sort();
        match v.len() {
            0 => "none replied".to_string(),
            n if n % 2 == 1 => format!("{} days", v[n / 2]),
            n => {
                let m = (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0;
                if m.fract() == 0.0 {
                    format!("{} days", m as i64)
                } else {
                    format!("{m:.1} days")
                }
            }
        }
    };
    let para = format!(
        "Median time to reply: {} for the office's replies",
        median(took.get("by"))
    );
    assert!(
        doc.root_element()
            .text()
            .collect::<String>()
            .contains(&para),
        "{para}"
    );
    // Each report's days late.
    let rows = rows_of(&doc, "Responses to reports sent");
    for (id, late) in late_rows {
        let row = rows.iter().find(|r| r[0] == id).unwrap();
        assert_eq!(row[5], late.to_string());
    }
}

#[test]
fn the_html_is_one_accessible_printable_file_and_hostile_text_stays_text() {
    let db = fixture();
    let out = db.ok(&["pack", "--board", "BRD-1"]);
    let doc = Html::parse_document(&out);
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("en-GB")
    );
    // Self-contained: no scripts, nothing fetched.
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("img, link, iframe, object")).count(), 0);
    let css = text(doc.select(&sel("style")).next().unwrap());
    for rule in [
        "size: A4",
        "thead { display: table-header-group; }",
        "break-before: page",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    // Headings in order: one h1, then h2s, an h3 only under an h2.
    let levels: Vec<u8> = doc
        .select(&sel("h1, h2, h3, h4"))
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect();
    assert_eq!(levels[0], 1);
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    for w in levels.windows(2) {
        assert!(w[1] <= w[0] + 1, "a heading level skipped: {levels:?}");
    }
    // Tables: header cells scoped; charts: images with alt text and a title.
    for th in doc.select(&sel("th")) {
        assert!(th.value().attr("scope").is_some());
    }
    let charts: Vec<ElementRef<'_>> = doc.select(&sel("svg")).collect();
    assert_eq!(charts.len(), 5);
    for svg in charts {
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(svg.value().attr("aria-label").unwrap().len() > 20);
        assert!(svg.select(&sel("title")).next().is_some());
    }
    // The hostile recommendation reads as written, as text, in its table cell and chart.
    let cells: Vec<String> = doc.select(&sel("td")).map(text).collect();
    assert!(
        cells.iter().any(|c| c == HOSTILE),
        "{HOSTILE} as a cell's text"
    );
    assert_eq!(doc.select(&sel("b")).count(), 0);
    let labels: Vec<String> = doc.select(&sel("svg text title")).map(text).collect();
    assert!(labels.iter().any(|l| l == HOSTILE_OWNER), "{labels:?}");
    assert!(out.contains("Evil &lt;b&gt;Owner&lt;/b&gt; &amp; Co"));
}

#[test]
fn markdown_reads_in_an_editor_with_no_html_and_the_same_figures() {
    let db = fixture();
    let md = db.ok(&["pack", "--board", "BRD-1", "--format", "markdown"]);
    let streams = open_streams(&db, Some("BRD-1"));
    let recs = &streams[0].1;
    let overdue = recs.iter().filter(|r| r["overdue"] == true).count();
    assert!(
        md.lines()
            .any(|l| l.starts_with(&format!("| Recommendations | {} | {overdue} |", recs.len()))),
        "{md}"
    );
    assert!(md.starts_with("# Child Protection Improvement Oversight Board: board pack\n"));
    // Hostile text is escaped, never live: every '<' has a backslash before it.
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    for (i, _) in md.match_indices('<') {
        assert_eq!(&md[i - 1..i], "\\", "a bare '<' at {i}");
    }
    assert!(md.contains("\\| \\*star\\* \\[link\\](http://evil)"));
    // Charts are tables of their numbers.
    assert!(md.contains("| Age | Recommendations | Letters awaiting reply | Responses owed | Board actions | Total |"));
}

#[test]
fn the_same_database_and_day_give_the_same_bytes_and_files_are_never_replaced() {
    let db = fixture();
    let a = db.file("a.html");
    let b = db.file("b.html");
    for path in [&a, &b] {
        let out = db.ok(&["pack", "--board", "BRD-1", "-o", path.to_str().unwrap()]);
        assert_eq!(out, "", "nothing printed when written to a file");
    }
    let first = std::fs::read(&a).unwrap();
    assert_eq!(first, std::fs::read(&b).unwrap());
    assert_eq!(
        db.ok(&["pack", "--format", "markdown"]),
        db.ok(&["pack", "--format", "markdown"])
    );
    let err = db.refuse(&["pack", "-o", a.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&a).unwrap(), first, "the file is untouched");
    // Another day, other figures.
    assert_ne!(
        db.ok_on("2026-12-23", &["pack", "--board", "BRD-1"])
            .as_bytes(),
        &first[..]
    );
    let err = db.refuse(&["pack", "--board", "MTG-1"]);
    assert!(err.contains("--board takes a board's ID"), "{err}");
    let err = db.refuse(&["pack", "--board", "BRD-2", "--meeting", "MTG-1"]);
    assert!(err.contains("MTG-1 is a meeting of BRD-1"), "{err}");
}
