//! SQLite's failures in words: what happened to which file, and what to do. The one place
//! SQLite's result codes become sentences (the store's error messages use it), so nobody
//! reads "disk I/O error: Error code 4874".

use rusqlite::{Connection, Transaction, ffi};

use super::{StoreError, kind_of_table};
use crate::domain::ids::ItemId;

/// `error` in words, naming `path` (the database, or the file being written) when it is known.
pub fn sqlite_words(error: &rusqlite::Error, path: Option<&str>) -> String {
    let Some(failure) = error.sqlite_error() else {
        // Not SQLite's own failure: a value of the wrong type, a query that returned no row.
        return format!(
            "the database could not be read as expected ({error}): `oversight check` tests it"
        );
    };
    let what = path.unwrap_or("the database");
    let extended = failure.extended_code;
    // What SQLite said beyond its code (a constraint's name), where it said more.
    let detail = match error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => Some(message.as_str()),
        _ => None,
    };
    match extended {
        // The shared-memory file beside the database could not grow: on a full disk.
        ffi::SQLITE_FULL | ffi::SQLITE_IOERR_SHMSIZE => {
            format!("the disk is full (writing {what}): free some space and try again")
        }
        ffi::SQLITE_IOERR_NOMEM | ffi::SQLITE_NOMEM => {
            "out of memory: close other programs and try again".into()
        }
        ffi::SQLITE_IOERR_READ | ffi::SQLITE_IOERR_SHORT_READ => format!(
            "could not read {what} (a disk error): check the disk, then try again; `oversight \
             check` tests the file"
        ),
        ffi::SQLITE_IOERR_WRITE
        | ffi::SQLITE_IOERR_FSYNC
        | ffi::SQLITE_IOERR_DIR_FSYNC
        | ffi::SQLITE_IOERR_TRUNCATE
        | ffi::SQLITE_IOERR_CLOSE
        | ffi::SQLITE_IOERR_DIR_CLOSE => format!(
            "could not write {what} (a disk error): check the disk and that it has room, then \
             try again"
        ),
        ffi::SQLITE_IOERR_LOCK
        | ffi::SQLITE_IOERR_RDLOCK
        | ffi::SQLITE_IOERR_UNLOCK
        | ffi::SQLITE_IOERR_SHMLOCK
        | ffi::SQLITE_IOERR_CHECKRESERVEDLOCK
        | ffi::SQLITE_IOERR_BLOCKED
        | ffi::SQLITE_PROTOCOL => format!(
            "could not lock {what}: a database on a network drive or a synced folder cannot be \
             shared safely; copy it to a local disk"
        ),
        ffi::SQLITE_IOERR_SHMOPEN | ffi::SQLITE_IOERR_SHMMAP => format!(
            "could not open the shared-memory file beside {what} (its name ends in -shm): its \
             folder must be writable; copy the database somewhere you can write"
        ),
        ffi::SQLITE_IOERR_DELETE
        | ffi::SQLITE_IOERR_DELETE_NOENT
        | ffi::SQLITE_IOERR_ACCESS
        | ffi::SQLITE_IOERR_FSTAT => format!(
            "could not reach {what} or the files beside it (a disk error): check the disk and \
             that the file is still there, then try again"
        ),
        ffi::SQLITE_IOERR_CORRUPTFS | ffi::SQLITE_IOERR_DATA => damaged(what),
        ffi::SQLITE_READONLY_DBMOVED => format!(
            "{what} was moved or deleted while it was open: run the command again on the file \
             where it is now"
        ),
        ffi::SQLITE_READONLY_DIRECTORY => format!(
            "the folder of {what} is read-only: make it writable, or copy the database \
             somewhere you can write"
        ),
        ffi::SQLITE_READONLY_RECOVERY
        | ffi::SQLITE_READONLY_CANTINIT
        | ffi::SQLITE_READONLY_CANTLOCK
        | ffi::SQLITE_READONLY_ROLLBACK => format!(
            "{what} needs finishing an interrupted write, but it cannot be written here: open \
             it once where it (and its folder) can be written"
        ),
        ffi::SQLITE_CANTOPEN_ISDIR => format!("{what} is a folder: give a database file"),
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
            "an item links to one that does not exist: nothing was written; `oversight check` \
             lists broken links"
                .into()
        }
        _ => match extended & 0xff {
            ffi::SQLITE_IOERR => format!(
                "a disk error while using {what}: check the disk and that it has room, then try \
                 again"
            ),
            ffi::SQLITE_READONLY => format!(
                "{what} is read-only (the file, its folder or its disk): check the permissions, \
                 or copy it somewhere you can write"
            ),
            ffi::SQLITE_CANTOPEN => format!(
                "cannot open {what}: check that it exists and that you may read and write it \
                 and its folder"
            ),
            ffi::SQLITE_CORRUPT => damaged(what),
            ffi::SQLITE_NOTADB => format!(
                "{what} is not a SQLite database, or is damaged: choose another file, or \
                 restore it from a backup"
            ),
            ffi::SQLITE_BUSY => {
                format!("{what} is busy: another program is writing to it; try again in a moment")
            }
            ffi::SQLITE_LOCKED => {
                format!("{what} is locked by another task in this program: try again in a moment")
            }
            ffi::SQLITE_PERM | ffi::SQLITE_AUTH => format!(
                "permission denied for {what}: check that you may read and write it and its \
                 folder"
            ),
            ffi::SQLITE_TOOBIG => {
                "a value is too large for the database: shorten it and try again".into()
            }
            ffi::SQLITE_CONSTRAINT => format!(
                "the database refused the change{}: nothing was written",
                detail.map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            ffi::SQLITE_INTERRUPT | ffi::SQLITE_ABORT => {
                "the operation was interrupted: nothing was written; try again".into()
            }
            // A failure no user can cause (an SQL mistake): SQLite's own words, without its
            // numbers, and where to take it.
            _ => format!(
                "the database failed ({}): this is a fault in oversight; please report it",
                detail.unwrap_or("an SQL error")
            ),
        },
    }
}

/// Commits `tx`. A link checked only at the commit (a restore defers them: a report may name
/// a letter that comes later in the file) fails there as SQLite's bare "FOREIGN KEY
/// constraint failed" (787); the transaction is still open then, so the first broken link is
/// found and named before it is rolled back.
pub(super) fn commit(tx: Transaction<'_>) -> super::Result<()> {
    match tx.execute_batch("COMMIT") {
        Ok(()) => Ok(()),
        Err(e)
            if e.sqlite_error().map(|f| f.extended_code)
                == Some(ffi::SQLITE_CONSTRAINT_FOREIGNKEY) =>
        {
            let named = broken_link(&tx).ok().flatten();
            // Dropping `tx` rolls the transaction back: nothing was written.
            drop(tx);
            Err(named.unwrap_or(StoreError::Sqlite(e)))
        }
        // A commit that failed otherwise (a full disk): `tx` rolls back what is left.
        Err(e) => Err(StoreError::Sqlite(e)),
    }
}

/// The first link in the database to something that is not there, named: which item, by
/// which field, to what.
fn broken_link(conn: &Connection) -> rusqlite::Result<Option<StoreError>> {
    let found = conn
        .query_row("PRAGMA foreign_key_check", [], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let Some((table, rowid, parent, fk)) = found else {
        return Ok(None);
    };
    // The column of the failing link (its number in `foreign_key_list`).
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?;
    let column = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, String>("from")?))
        })?
        .filter_map(|r| r.ok())
        .find(|(id, _)| *id == fk)
        .map(|(_, from)| from);
    let Some(column) = column else {
        return Ok(None);
    };
    let value: rusqlite::types::Value = conn.query_row(
        &format!("SELECT \"{column}\" FROM \"{table}\" WHERE rowid = ?1"),
        [rowid],
        |r| r.get(0),
    )?;
    let target = match (&value, kind_of_table(&parent)) {
        (rusqlite::types::Value::Integer(n), Some(kind)) => ItemId::new(kind, *n).to_string(),
        (rusqlite::types::Value::Integer(n), None) => format!("{parent} {n}"),
        (other, _) => format!("{other:?}"),
    };
    Ok(Some(match kind_of_table(&table) {
        Some(kind) => StoreError::BrokenLink {
            item: ItemId::new(kind, rowid),
            field: column,
            target,
        },
        // The audit trail's own links (an event's changeset).
        None => StoreError::Damaged(format!(
            "{table} {rowid}'s {column} is {target}, which does not exist: nothing was \
             written; correct or remove that entry"
        )),
    }))
}

fn damaged(what: &str) -> String {
    format!("{what} is damaged: restore it from a backup (`oversight check` lists what is wrong)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(extended: i32) -> String {
        let e = rusqlite::Error::SqliteFailure(ffi::Error::new(extended), None);
        sqlite_words(&e, Some("/data/o.sqlite"))
    }

    #[test]
    fn codes_a_user_can_meet_are_sentences_saying_what_to_do() {
        let cases: &[(i32, &str)] = &[
            (
                ffi::SQLITE_FULL,
                "the disk is full (writing /data/o.sqlite): free some space",
            ),
            (4874, "the disk is full (writing /data/o.sqlite)"),
            (ffi::SQLITE_IOERR, "a disk error while using /data/o.sqlite"),
            (ffi::SQLITE_IOERR_READ, "could not read /data/o.sqlite"),
            (ffi::SQLITE_IOERR_SHORT_READ, "could not read"),
            (ffi::SQLITE_IOERR_WRITE, "could not write /data/o.sqlite"),
            (ffi::SQLITE_IOERR_FSYNC, "could not write"),
            (ffi::SQLITE_IOERR_LOCK, "could not lock /data/o.sqlite"),
            (ffi::SQLITE_IOERR_SHMOPEN, "-shm"),
            (ffi::SQLITE_IOERR_NOMEM, "out of memory"),
            (ffi::SQLITE_IOERR_CORRUPTFS, "is damaged"),
            (ffi::SQLITE_READONLY, "/data/o.sqlite is read-only"),
            (
                ffi::SQLITE_READONLY_DIRECTORY,
                "the folder of /data/o.sqlite is read-only",
            ),
            (ffi::SQLITE_READONLY_DBMOVED, "was moved or deleted"),
            (ffi::SQLITE_READONLY_RECOVERY, "interrupted write"),
            (ffi::SQLITE_READONLY_CANTINIT, "interrupted write"),
            (ffi::SQLITE_CANTOPEN, "cannot open /data/o.sqlite"),
            (ffi::SQLITE_CANTOPEN_ISDIR, "is a folder"),
            (
                ffi::SQLITE_CORRUPT,
                "/data/o.sqlite is damaged: restore it from a backup",
            ),
            (ffi::SQLITE_CORRUPT_INDEX, "is damaged"),
            (ffi::SQLITE_NOTADB, "is not a SQLite database"),
            (ffi::SQLITE_BUSY, "/data/o.sqlite is busy"),
            (ffi::SQLITE_BUSY_SNAPSHOT, "is busy"),
            (ffi::SQLITE_LOCKED, "is locked"),
            (
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY,
                "links to one that does not exist",
            ),
            (ffi::SQLITE_ERROR, "please report it"),
        ];
        for &(code, want) in cases {
            let said = words(code);
            assert!(said.contains(want), "{code}: {said}");
            assert!(!said.contains("Error code"), "{code}: {said}");
            assert!(!said.contains(&code.to_string()), "{code}: {said}");
        }
        let unnamed = rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_FULL), None);
        assert!(sqlite_words(&unnamed, None).contains("(writing the database)"));
    }

    #[test]
    fn a_read_only_database_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.sqlite");
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let ro = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let e = ro.execute("INSERT INTO t VALUES (1)", []).unwrap_err();
        let said = sqlite_words(&e, Some("ro.sqlite"));
        assert!(said.starts_with("ro.sqlite is read-only"), "{said}");
    }
}
