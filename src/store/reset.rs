//! Replacing a whole database in place (the demo): what it holds is judged and, if allowed,
//! everything is cleared and filled again in one IMMEDIATE transaction. The file is never
//! deleted, so a dashboard open on it sees one more commit and re-reads, instead of writing
//! on into a deleted file.

use rusqlite::{Connection, OptionalExtension};

use super::items::{Batch, run_batch};
use super::{Result, Store, table};
use crate::domain::ids::Kind;
use crate::domain::rules::Context;

/// What a database holds, for deciding whether it may be replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// Items not deleted, of every kind.
    pub items: i64,
    /// Rows of every kind, deleted or not, changes and settings: 0 for an empty database.
    pub rows: i64,
    /// The summary of the first change ("load the demo data" marks a demo).
    pub first_change: Option<String>,
    /// Changes (undo and redo too) made after the first.
    pub changes_since_first: i64,
    /// When (UTC, RFC 3339) and by whom the latest change was made.
    pub latest: Option<(String, String)>,
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

fn contents(conn: &Connection) -> Result<Contents> {
    let mut c = Contents::default();
    for kind in Kind::ALL {
        let t = table(kind);
        c.items += count(
            conn,
            &format!("SELECT count(*) FROM \"{t}\" WHERE deleted = 0"),
        )?;
        c.rows += count(conn, &format!("SELECT count(*) FROM \"{t}\""))?;
    }
    c.rows += count(conn, "SELECT count(*) FROM changeset")?;
    c.rows += count(conn, "SELECT count(*) FROM setting")?;
    c.first_change = conn
        .query_row(
            "SELECT summary FROM changeset ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    c.changes_since_first = count(
        conn,
        "SELECT count(*) FROM changeset WHERE id > (SELECT min(id) FROM changeset)",
    )?;
    c.latest = conn
        .query_row(
            "SELECT at, actor FROM changeset ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(c)
}

impl Store {
    /// What this database holds (see [`Contents`]).
    pub fn contents(&self) -> Result<Contents> {
        contents(&self.conn)
    }

    /// Empties the database and fills it again, all in one IMMEDIATE transaction: `allowed`
    /// first judges what is there (an error from it changes nothing), then every table is
    /// cleared (items, the audit trail, settings) and `fill` runs as the first change.
    pub fn replace_all<T>(
        &mut self,
        ctx: &Context,
        summary: &str,
        allowed: impl FnOnce(&Contents) -> Result<()>,
        fill: impl FnOnce(&mut Batch<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.write(|tx| {
            allowed(&contents(tx)?)?;
            // Items refer to each other both ways (a report to its response letter, the
            // letter to its report): the links are checked once, at commit.
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            for kind in Kind::ALL {
                tx.execute(&format!("DELETE FROM \"{}\"", table(kind)), [])?;
            }
            tx.execute_batch("DELETE FROM event; DELETE FROM changeset; DELETE FROM setting;")?;
            run_batch(tx, ctx, summary, fill)
        })
    }
}
