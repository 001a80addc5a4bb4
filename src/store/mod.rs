//! All SQL lives here. The rest of the program sees typed items, IDs and domain errors.
//!
//! One SQLite file: WAL (a dashboard can read while the CLI writes), foreign keys on, a busy
//! timeout, and every write in an IMMEDIATE transaction so two writers queue rather than
//! fail half-way. A team backend (PostgreSQL) would implement the same public methods.

mod audit;
pub mod dependents;
mod items;
mod list;
mod lookup;
mod messages;
mod owners;
mod reports;
mod reset;
mod schema;
pub mod summary;
#[cfg(test)]
mod testing;
mod transfer;
mod window;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::fields::FieldError;
use crate::domain::ids::{ItemId, Kind};

pub use audit::{ChangeInfo, HistoryEntry, Reverted, Whose};
pub use items::{Batch, Dependent, Effect, ListQuery, Listed, Saved};
pub use lookup::LetterKey;
pub use messages::sqlite_words;
pub use owners::{OwnerRow, OwnersFrom};
pub use reports::{PROGRESS_AT_MOST, ReportProgress};
pub use reset::Contents;
pub use schema::latest_version as schema_version;
pub use transfer::{ImportSummary, Sniffed, sniff};
pub use window::{Anchor, Count, PaneCounts, PaneRow, Part, RowKey, Rows, Source};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} does not exist (`oversight list {plural}` shows the IDs there are)", plural = .0.kind.plural())]
    NotFound(ItemId),
    #[error("{0} is deleted (`oversight undo` restores it if that was the last change)")]
    Deleted(ItemId),
    #[error(
        "{id} changed since you loaded it (you had version {expected}, it is now version \
         {actual}): nothing was saved; look at it again and redo your change"
    )]
    Stale {
        id: ItemId,
        expected: i64,
        actual: i64,
    },
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error("{0}")]
    Refused(String),
    #[error("{path} is not an oversight database ({detail}): choose another file with --db")]
    NotOurs { path: String, detail: String },
    #[error("no database at {path}; `oversight init --db {path}` creates one")]
    Missing { path: String },
    #[error(
        "{path} is an empty file, not yet an oversight database; `oversight init --db {path}` \
         makes it one"
    )]
    Blank { path: String },
    #[error(
        "the folder {folder} does not exist (for {path}): create it first, or give another path"
    )]
    NoFolder { path: String, folder: String },
    #[error(
        "{path} was written by a newer oversight (schema version {found}; this one knows up \
         to {known}): upgrade oversight to open it"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Writing out what was read failed (a full disk; a reader that stopped, as `| head`).
    #[error("cannot write: {0}")]
    Write(#[source] std::io::Error),
    /// SQLite failed; said in words by [`sqlite_words`] (not a `source`: its "Error code N"
    /// would follow the words).
    #[error("{}", sqlite_words(.0, None))]
    Sqlite(rusqlite::Error),
    /// SQLite failed on a file the message can name (the database, a backup being written).
    #[error("{}", sqlite_words(.error, Some(.path)))]
    SqliteAt {
        path: String,
        error: rusqlite::Error,
    },
    /// A new file (a backup) could not be written.
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    /// A link to an item that is not there (SQLite's foreign-key failure, 787), named: what
    /// links, by which field, to what.
    #[error(
        "{item}'s {field} is {target}, which does not exist: nothing was written; correct or \
         clear that link"
    )]
    BrokenLink {
        item: ItemId,
        field: String,
        target: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// This error naming `path` where it is SQLite's about a file: the command line knows
    /// which database it opened, the store's `?` does not.
    pub fn at(self, path: &str) -> StoreError {
        match self {
            StoreError::Sqlite(error) => StoreError::SqliteAt {
                path: path.to_string(),
                error,
            },
            other => other,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The summary of the first change of a demo database (it marks the file as a demo).
pub const DEMO_SUMMARY: &str = "load the demo data";

/// The tracker's database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// What each pane's filter last matched, so moving through its rows does not search again.
    filters: window::FilterCache,
}

impl Store {
    /// Opens (creating the file if needed, readable by the owner only) and upgrades the
    /// database: for commands that write. The file's folder must exist: a mistyped path is
    /// refused rather than made ([`create_private_folders`] makes the default one).
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            if let Some(folder) = missing_folder(path) {
                return Err(StoreError::NoFolder {
                    path: shown,
                    folder: folder.display().to_string(),
                });
            }
            create_private_file(path).map_err(|source| StoreError::Io {
                path: shown.clone(),
                source,
            })?;
        }
        Store::open_file(path, false)
    }

    /// Opens a database that must already exist, never creating one: for commands that only
    /// read. It is upgraded if its schema is older (the one write a read may cause); an empty
    /// file is refused, not made into a database.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        Store::open_file(path, true)
    }

    fn open_file(path: &Path, existing: bool) -> Result<Store> {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(StoreError::NotOurs {
                path: shown,
                detail: "it is a folder".into(),
            });
        }
        // No SQLITE_OPEN_CREATE: the file exists (or was just made private above), and a
        // file deleted meanwhile must not come back empty.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::CannotOpen) if !path.exists() => StoreError::Missing {
                    path: shown.clone(),
                },
                _ => StoreError::Sqlite(e),
            })?;
        Store::setup(conn, Some(path.to_path_buf()), &shown, existing)
    }

    /// A private database that vanishes when dropped: for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, None, ":memory:", false)
    }

    /// `existing`: the file must already be a database (a blank one is refused, not set up).
    fn setup(
        mut conn: Connection,
        path: Option<PathBuf>,
        shown: &str,
        existing: bool,
    ) -> Result<Store> {
        let not_ours = |detail: String| StoreError::NotOurs {
            path: shown.to_string(),
            detail,
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        // The first read tells a non-SQLite file from a database.
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => {
                    not_ours("the file is not a SQLite database".into())
                }
                _ => StoreError::Sqlite(e),
            })?;
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(not_ours(
                "it is a SQLite database of another program".into(),
            ));
        }
        if existing && app_id == 0 && tables == 0 {
            return Err(StoreError::Blank {
                path: shown.to_string(),
            });
        }
        // Refuse a newer database before changing anything in it (even its journal mode).
        schema::refuse_newer(&conn, shown)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn, shown)?;
        // The panes' filter matches live in memory, never in the file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        window::register_functions(&conn)?;
        Ok(Store {
            conn,
            path,
            filters: window::FilterCache::default(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in an IMMEDIATE transaction: all of it is written, or none.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        messages::commit(tx)?;
        Ok(out)
    }

    /// Runs `f` on one snapshot of the database: every read inside sees the same commit, however
    /// long it takes (a list read in parts, an export), while other connections go on writing
    /// (WAL). A savepoint, so it nests inside another snapshot or a transaction.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn
            .execute_batch("SAVEPOINT snapshot")
            .map_err(StoreError::from)?;
        let out = f(self);
        // Only reads happened: releasing ends the snapshot and writes nothing.
        let released = self.conn.execute_batch("RELEASE snapshot");
        let out = out?;
        released.map_err(StoreError::from)?;
        Ok(out)
    }

    /// Changes whenever another connection commits: the dashboard polls it to refresh.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// SQLite's own integrity and foreign-key checks; an empty list means all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        // The filter's search index must hold exactly what its table holds.
        for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
            let t = table(kind);
            if let Err(e) = self.conn.execute(
                &format!("INSERT INTO {t}_search ({t}_search, rank) VALUES ('integrity-check', 1)"),
                [],
            ) {
                problems.push(format!(
                    "the search index of {} is out of step ({e}): the dashboard's filter may \
                     miss some; exporting to JSON and restoring into a new database rebuilds it",
                    kind.plural()
                ));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// A consistent copy of the live database (SQLite's online backup), safe while others
    /// write. The copy is made in a temporary file beside `to` and renamed into place when
    /// whole, so a failed backup (a full disk) leaves nothing. Refuses to overwrite a file.
    pub fn backup(&self, to: &Path) -> Result<()> {
        let shown = to.display().to_string();
        if to.exists() {
            return Err(StoreError::Refused(format!(
                "{shown} already exists: choose a new file name for the backup"
            )));
        }
        if let Some(folder) = missing_folder(to) {
            return Err(StoreError::NoFolder {
                path: shown,
                folder: folder.display().to_string(),
            });
        }
        let file = crate::files::NewFile::create(to)?;
        // The file exists (made private above): SQLite opens it, never creates another.
        let copied = Connection::open_with_flags(
            file.temp_path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|mut dest| {
            rusqlite::backup::Backup::new(&self.conn, &mut dest).and_then(|b| copy_all(&b))?;
            dest.close().map_err(|(_, e)| e)
        });
        if let Err(error) = copied {
            // Dropping `file` removes what was written.
            return Err(StoreError::SqliteAt { path: shown, error });
        }
        file.commit()?;
        Ok(())
    }

    /// The deadline settings with the stored values applied over the defaults.
    pub fn deadline_settings(&self) -> Result<crate::domain::deadline::DeadlineSettings> {
        let mut settings = crate::domain::deadline::DeadlineSettings::default();
        for (key, value) in self.settings()? {
            crate::domain::settings::apply(&mut settings, &key, &value)
                .map_err(|e| StoreError::Refused(format!("stored setting: {e}")))?;
        }
        Ok(settings)
    }

    /// The stored settings (deadline rules, due-soon window), by key.
    pub fn settings(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM setting ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Copies every page in one step: the source is read in one read transaction (in WAL mode
/// that never blocks a writer, and the copy is of one commit), instead of a few pages at a
/// time with a pause between (SQLite's example for rollback journals, where a reader blocks
/// writers; a commit between steps would also restart the copy). Retries while the source
/// is busy (a writer checkpointing) or locked.
fn copy_all(backup: &rusqlite::backup::Backup<'_, '_>) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Busy or locked.
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Report => "report",
        Kind::Recommendation => "recommendation",
        Kind::Letter => "letter",
        Kind::Ask => "ask",
        Kind::Board => "board",
        Kind::Meeting => "meeting",
        Kind::Action => "board_action",
        Kind::Note => "note",
    }
}

fn kind_of_table(name: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| table(*k) == name)
}

/// The folder a new file at `path` would go in, when it does not exist.
fn missing_folder(path: &Path) -> Option<&Path> {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
}

/// Makes a folder and any missing parents, readable by their owner only: for the default
/// database's place (the platform data folder), never for a path someone typed.
pub fn create_private_folders(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty file only its owner can read: the data is sensitive. Its folder must
/// exist.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}
