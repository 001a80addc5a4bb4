//! The Owners view: one row per person who has open items to act on, read a window at a
//! time. Owners are found by skipping along the owner-order indexes of the dashboard's kinds
//! (`name|due`), so a window of N owners costs N index seeks per kind plus, per owner,
//! range counts over that owner's own items: never the whole table.

use chrono::{Duration, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::window::{Part, Rows, base_condition};
use super::{Result, Store, table};
use crate::domain::filter::{PaneFilter, Sort};
use crate::domain::ids::{ItemId, Kind};

/// The kinds whose open items have owners (a report's response has none).
const OWNED: [Kind; 3] = [Kind::Recommendation, Kind::Letter, Kind::Action];

/// One person's open items, across kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRow {
    /// The owner as the owner order keys it (lower case; `~` for items nobody owns).
    pub key: String,
    /// As written on their items (`None`: nobody owns them).
    pub name: Option<String>,
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// The longest overdue of their items, and its due day.
    pub oldest_overdue: Option<(ItemId, NaiveDate)>,
    /// The last time anyone recorded chasing them (by the name chased).
    pub last_chased: Option<NaiveDate>,
}

/// Which way to read owners from a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnersFrom<'a> {
    First,
    After(&'a str),
    Before(&'a str),
    Last,
}

fn owner_key_expr(kind: Kind) -> String {
    let who = match kind {
        Kind::Letter => {
            "coalesce(t.owner, CASE WHEN t.direction = 'outgoing' THEN t.recipient ELSE t.sender END)"
        }
        _ => "t.owner",
    };
    format!("coalesce(lower({who}), '~') || '|' || coalesce(t.due_on, '9999-12-31')")
}

fn open_part(kind: Kind) -> Part {
    Part {
        kind,
        rows: Rows::Open,
    }
}

impl Store {
    /// Up to `limit` owners in name order from `from` (in display order).
    pub fn owners(
        &self,
        from: OwnersFrom<'_>,
        limit: usize,
        today: NaiveDate,
        due_soon_days: i64,
    ) -> Result<Vec<OwnerRow>> {
        let backwards = matches!(from, OwnersFrom::Before(_) | OwnersFrom::Last);
        let mut keys: Vec<String> = Vec::new();
        let mut at: Option<String> = match from {
            OwnersFrom::After(k) | OwnersFrom::Before(k) => Some(k.to_string()),
            OwnersFrom::First | OwnersFrom::Last => None,
        };
        while keys.len() < limit {
            let Some(next) = self.next_owner(at.as_deref(), backwards)? else {
                break;
            };
            at = Some(next.clone());
            keys.push(next);
        }
        if backwards {
            keys.reverse();
        }
        keys.iter()
            .map(|k| self.owner_row(k, today, due_soon_days))
            .collect()
    }

    /// The next owner key after (or, `backwards`, before) `at` (from the start or end when
    /// `None`) across the owned kinds' open items.
    fn next_owner(&self, at: Option<&str>, backwards: bool) -> Result<Option<String>> {
        let mut best: Option<String> = None;
        for kind in OWNED {
            let key = owner_key_expr(kind);
            let from = format!("\"{t}\" t INDEXED BY {t}_open_by_owner", t = table(kind));
            let open = base_condition(open_part(kind), false);
            // Past every row of that owner: `name|` + a due date sorts below `name|~`.
            let (cond, order, bound) = match (at, backwards) {
                (None, false) => ("1".to_string(), "ASC", None),
                (None, true) => ("1".to_string(), "DESC", None),
                (Some(o), false) => (format!("{key} >= ?1"), "ASC", Some(format!("{o}|~"))),
                (Some(o), true) => (format!("{key} < ?1"), "DESC", Some(format!("{o}|"))),
            };
            let sql = format!(
                "SELECT {key} FROM {from} WHERE {open} AND {cond} ORDER BY {key} {order} LIMIT 1"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let found: Option<String> = match &bound {
                None => stmt.query_row([], |r| r.get(0)).optional()?,
                Some(b) => stmt.query_row([b], |r| r.get(0)).optional()?,
            };
            let Some(found) = found else { continue };
            let owner = found
                .rsplit_once('|')
                .map_or(found.clone(), |(o, _)| o.to_string());
            let better = match &best {
                None => true,
                Some(b) if backwards => owner > *b,
                Some(b) => owner < *b,
            };
            if better {
                best = Some(owner);
            }
        }
        Ok(best)
    }

    /// One owner's counts, oldest overdue item and last chase: range counts over the
    /// owner's own rows of each kind's owner-order index.
    fn owner_row(&self, key: &str, today: NaiveDate, due_soon_days: i64) -> Result<OwnerRow> {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let start = format!("{key}|");
        let end = format!("{key}|~");
        let overdue_end = format!("{key}|{}", day(today));
        let soon_end = format!(
            "{key}|{}",
            day(today + Duration::days(due_soon_days.max(0)))
        );
        let mut row = OwnerRow {
            key: key.to_string(),
            name: None,
            open: 0,
            overdue: 0,
            due_soon: 0,
            oldest_overdue: None,
            last_chased: None,
        };
        for kind in OWNED {
            let part = open_part(kind);
            let k = owner_key_expr(kind);
            let from = format!("\"{t}\" t INDEXED BY {t}_open_by_owner", t = table(kind));
            let open = base_condition(part, false);
            let who = match kind {
                Kind::Letter => {
                    "coalesce(t.owner, CASE WHEN t.direction = 'outgoing' THEN t.recipient ELSE t.sender END)"
                }
                _ => "t.owner",
            };
            let sql = format!(
                "SELECT (SELECT count(*) FROM {from} WHERE {open} AND {k} >= ?1 AND {k} < ?2),
                        (SELECT count(*) FROM {from} WHERE {open} AND {k} >= ?1 AND {k} < ?3),
                        (SELECT count(*) FROM {from} WHERE {open} AND {k} >= ?3 AND {k} <= ?4)"
            );
            let (open_n, overdue, soon): (i64, i64, i64) = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params![start, end, overdue_end, soon_end], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            row.open += open_n as usize;
            row.overdue += overdue as usize;
            row.due_soon += soon as usize;
            let first = format!(
                "SELECT t.id, t.due_on, {who} FROM {from} WHERE {open} AND {k} >= ?1 AND {k} < ?2
                 ORDER BY {k} LIMIT 1"
            );
            let found: Option<(i64, Option<String>, Option<String>)> = self
                .conn
                .prepare_cached(&first)?
                .query_row(params![start, end], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            if let Some((id, due, name)) = found {
                if row.name.is_none() {
                    row.name = name;
                }
                let due = due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
                if let Some(due) = due.filter(|d| *d < today) {
                    if row.oldest_overdue.is_none_or(|(_, was)| due < was) {
                        row.oldest_overdue = Some((ItemId::new(kind, id), due));
                    }
                }
            }
        }
        if key != "~" {
            row.last_chased = self
                .conn
                .prepare_cached(
                    "SELECT max(noted_on) FROM note INDEXED BY note_chase_by_whom
                     WHERE kind = 'chase' AND deleted = 0 AND lower(chased) = ?1",
                )?
                .query_row([key], |r| r.get::<_, Option<String>>(0))?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        }
        Ok(row)
    }

    /// The filter that shows one owner's items in the dashboard's panes (their own range
    /// of the owner order).
    pub fn owner_filter(key: &str) -> PaneFilter {
        PaneFilter {
            owner: Some(key.to_string()),
            sort: Sort::Owner,
            ..PaneFilter::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{add, ctx};

    #[test]
    fn owners_are_read_a_window_at_a_time_with_their_counts_across_kinds() {
        let mut s = Store::open_in_memory().unwrap();
        let rpt = add(&mut s, Kind::Report, &[("title", "PEEL")]).to_string();
        let brd = add(&mut s, Kind::Board, &[("name", "Board")]).to_string();
        let rec = |s: &mut Store, owner: &str, due: &str| {
            add(
                s,
                Kind::Recommendation,
                &[
                    ("report_id", &rpt),
                    ("text", "x"),
                    ("owner", owner),
                    ("due_on", due),
                ],
            )
        };
        let late = rec(&mut s, "Ann", "2026-11-01");
        rec(&mut s, "Ann", "2026-12-30");
        rec(&mut s, "Cat", "2026-11-30");
        add(
            &mut s,
            Kind::Action,
            &[
                ("board_id", &brd),
                ("text", "y"),
                ("owner", "ann"),
                ("due_on", "2026-10-01"),
            ],
        );
        let oldest = ItemId::new(Kind::Action, 1);
        add(&mut s, Kind::Letter, &[("subject", "Q"), ("sender", "Bob")]);
        add(
            &mut s,
            Kind::Note,
            &[
                ("item_id", &late.to_string()),
                ("kind", "chase"),
                ("chased", "ANN"),
                ("chase_method", "email"),
                ("text", "chased"),
                ("noted_on", "2026-11-20"),
            ],
        );
        let today = ctx().today;
        let all = s.owners(OwnersFrom::First, 10, today, 14).unwrap();
        let keys: Vec<&str> = all.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["ann", "bob", "cat"]);
        let ann = &all[0];
        assert_eq!((ann.open, ann.overdue, ann.due_soon), (3, 2, 0));
        assert_eq!(ann.oldest_overdue.map(|(id, _)| id), Some(oldest));
        assert_eq!(ann.last_chased, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(all[2].due_soon, 1);
        assert_eq!(
            all[1].name.as_deref(),
            Some("Bob"),
            "a letter waits on its sender"
        );
        // A window at a time, either way.
        let first = s.owners(OwnersFrom::First, 2, today, 14).unwrap();
        assert_eq!(first.len(), 2);
        let next = s.owners(OwnersFrom::After("bob"), 2, today, 14).unwrap();
        assert_eq!(
            next.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(),
            ["cat"]
        );
        let back = s.owners(OwnersFrom::Before("cat"), 5, today, 14).unwrap();
        assert_eq!(
            back.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(),
            ["ann", "bob"]
        );
        let last = s.owners(OwnersFrom::Last, 1, today, 14).unwrap();
        assert_eq!(last[0].key, "cat");
    }
}
