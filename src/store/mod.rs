//! All SQL lives here. The rest of the program sees typed items, IDs and domain errors.
//!
//! One SQLite file: WAL (a dashboard can read while the CLI writes), foreign keys on, a busy
//! timeout, and every write in an IMMEDIATE transaction so two writers queue rather than
//! fail half-way. A team backend (PostgreSQL) would implement the same public methods.

mod access;
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
mod verify;
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
pub use window::{Anchor, Count, EVERY_OPEN_PART, PaneCounts, PaneRow, Part, RowKey, Rows, Source};

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
    /// A write to a database open for reading only; says why (the file's mode, its owner).
    #[error("{0}")]
    ReadOnly(String),
    /// What the user was shown changed before the write (a change undone meanwhile, a
    /// deletion's effects, a letter another import stored): nothing was written. The
    /// dashboard re-reads what it shows.
    #[error("{0}")]
    Changed(String),
    /// A file the store would write is already there; nothing is overwritten.
    #[error("{path} already exists: choose a new file name for the {what}")]
    Exists { path: String, what: &'static str },
    /// A file to restore is not an oversight export, or something in it does not fit.
    #[error("{0}")]
    NotAnExport(String),
    /// A letter's text longer than its field holds.
    #[error(
        "{what} is {len} characters long; a letter's text holds at most {max}: split it or \
         import a shorter extract"
    )]
    TooLong {
        what: String,
        len: usize,
        max: usize,
    },
    /// The database holds something oversight would not have written (an audit entry
    /// naming a table or field there is none of): `oversight check` names what.
    #[error("{0}")]
    Damaged(String),
    /// A database that holds work oversight was asked to replace (with the demo).
    #[error("{0}")]
    NotEmpty(String),
    /// The demo data shipped with oversight does not load: a fault of this build.
    #[error("the demo data does not load ({0}): this build of oversight is faulty")]
    Demo(String),
    /// A file written by an older oversight that the user may not write, so cannot upgrade.
    #[error(
        "{path} was made by an older oversight and must be upgraded before it can be read, \
         but it is read-only for you: ask its owner to open it once with this oversight, or \
         to copy it for you with `oversight backup`"
    )]
    CannotUpgrade { path: String },
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
    /// Set when the file is opened read-only (the user may read it but not write it): why
    /// every write is refused, in one sentence.
    read_only: Option<String>,
    /// What opening did that the user should hear about once (permissions tightened, or
    /// that could not be): the command line prints them on standard error.
    notices: Vec<String>,
}

/// What the start of a file says, read in one go (one snapshot) so a concurrent creator's
/// commit cannot fall between two of the reads.
struct Header {
    app_id: i64,
    tables: i64,
    version: i64,
}

/// How long opening waits for another process that holds the database (creating, migrating,
/// a long restore), beyond SQLite's busy handler: journal-mode changes do not always call it.
const OPEN_PATIENCE: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating the file if needed, readable by the owner only) and upgrades the
    /// database: for commands that write. The file's folder must exist: a mistyped path is
    /// refused rather than made ([`create_private_folders`] makes the default one). A file
    /// the user may read but not write opens read-only (see [`Store::read_only`]).
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            if let Some(folder) = missing_folder(path) {
                return Err(StoreError::NoFolder {
                    path: shown,
                    folder: folder.display().to_string(),
                });
            }
            match create_private_file(path) {
                // Another process made it first: it is set up under the lock below.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                other => other.map_err(|source| StoreError::Io {
                    path: shown.clone(),
                    source,
                })?,
            }
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
        if let Some(why) = access::read_only_reason(path) {
            return Store::open_read_only(path, why);
        }
        let notices = access::make_private(path);
        // No SQLITE_OPEN_CREATE: the file exists (or was just made private above), and a
        // file deleted meanwhile must not come back empty.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| opening(e, path))?;
        let mut store = Store::setup(conn, Some(path.to_path_buf()), &shown, existing)?;
        store.notices = notices;
        Ok(store)
    }

    /// A file the user may read but not write: opened for browsing. SQLite reads a WAL
    /// database through its -shm file; where that does not exist and cannot be made (the
    /// folder is not writable either), the file is opened `immutable`: SQLite then takes no
    /// locks and assumes nobody changes it while it is open (what is shown is the file as it
    /// was when opened). See RELIABILITY.md.
    fn open_read_only(path: &Path, why: String) -> Result<Store> {
        let shown = path.display().to_string();
        let immutable = !access::sidecar(path, "-shm").exists() && !access::folder_writable(path);
        let uri = access::file_uri(path, immutable);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&uri, flags).map_err(|e| opening(e, path))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let header = read_header(&conn, &shown)?;
        if judge(&header, &shown, true)? {
            return Err(StoreError::CannotUpgrade { path: shown });
        }
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        window::register_functions(&conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            filters: window::FilterCache::default(),
            read_only: Some(why),
            notices: Vec::new(),
        })
    }

    /// A private database that vanishes when dropped: for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, None, ":memory:", false)
    }

    /// `existing`: the file must already be a database (a blank one is refused, not set up).
    ///
    /// Race-free: several processes may open a file that does not exist yet, or an older
    /// schema, at once. What the file holds is judged from one snapshot, and again after
    /// taking the write lock (an IMMEDIATE transaction), inside which every migration runs:
    /// the one that takes the lock first sets the database up, the others find it done.
    fn setup(
        mut conn: Connection,
        path: Option<PathBuf>,
        shown: &str,
        existing: bool,
    ) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Before anything is written: a foreign file, a blank one for a reader, or a newer
        // schema is refused without changing it (even its journal mode).
        let header = read_header(&conn, shown)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if judge(&header, shown, existing)? {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let header = read_header(&tx, shown)?;
            if judge(&header, shown, existing)? {
                schema::migrate(&tx, header.version)?;
            }
            tx.commit()?;
        }
        patiently(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
        // FULL: a commit reaches the disk before oversight says it is done, so a power cut
        // cannot take back a change already reported (RELIABILITY.md has the cost).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // The panes' filter matches live in memory, never in the file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        window::register_functions(&conn)?;
        Ok(Store {
            conn,
            path,
            filters: window::FilterCache::default(),
            read_only: None,
            notices: Vec::new(),
        })
    }

    /// `Some(why)` when the file was opened read-only: every write is refused with `why`
    /// ("x.sqlite is read-only for you (owner root); ask its owner or copy it with
    /// `oversight backup`").
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// For the durability benchmark (`bench/durability.rs`) only: commit with SQLite's
    /// `synchronous=NORMAL` instead of FULL, to measure what FULL costs.
    #[doc(hidden)]
    pub fn set_synchronous_normal_for_benchmark(&self) -> Result<()> {
        Ok(self.conn.pragma_update(None, "synchronous", "NORMAL")?)
    }

    /// What opening did that the user should be told once (see [`Store::open`]).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in an IMMEDIATE transaction: all of it is written, or none.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
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

    /// SQLite's own integrity and foreign-key checks, then oversight's: every stored value
    /// against its field's rules, links and notes naming items that exist, the settings, and
    /// the audit trail against the data (see `verify`). An empty list means all is well; at
    /// most 200 problems are listed, the last line counting the rest.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = verify::Problems::new(200);
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| Ok(lossy(r.get_ref(0)?)))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        // The filter's search index must hold exactly what its table holds. (A read-only
        // connection cannot run this command; SQLite's integrity_check covers FTS5 too.)
        for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
            if self.read_only.is_some() {
                break;
            }
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
                lossy(r.get_ref(0)?),
                lossy(r.get_ref(1)?),
                lossy(r.get_ref(2)?)
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        self.snapshot(|store| {
            verify::values(&store.conn, &mut problems)?;
            verify::links(&store.conn, &mut problems)?;
            verify::events(&store.conn, &mut problems)?;
            verify::trail(&store.conn, &mut problems)
        })?;
        Ok(problems.lines())
    }

    /// A consistent copy of the live database (SQLite's online backup), safe while others
    /// write. The copy is made in a temporary file beside `to` and renamed into place when
    /// whole, so a failed backup (a full disk) leaves nothing. Refuses to overwrite a file.
    pub fn backup(&self, to: &Path) -> Result<()> {
        let shown = to.display().to_string();
        if to.exists() {
            return Err(StoreError::Exists {
                path: shown,
                what: "backup",
            });
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

    /// The deadline settings with the stored values applied over the defaults. A stored
    /// value that is not valid (written by another tool, or an older bug) is left at its
    /// default, so one bad setting never stops the database from opening; see
    /// [`Store::deadline_settings_said`] for the warnings.
    pub fn deadline_settings(&self) -> Result<crate::domain::deadline::DeadlineSettings> {
        Ok(self.deadline_settings_said()?.0)
    }

    /// As [`Store::deadline_settings`], with a warning for each stored setting that was not
    /// valid and what repairs it.
    pub fn deadline_settings_said(
        &self,
    ) -> Result<(crate::domain::deadline::DeadlineSettings, Vec<String>)> {
        let defaults = crate::domain::deadline::DeadlineSettings::default();
        let mut settings = defaults.clone();
        let mut warnings = Vec::new();
        for (key, value) in self.settings()? {
            if let Err(e) = crate::domain::settings::apply(&mut settings, &key, &value) {
                let default = crate::domain::settings::values(&defaults)
                    .into_iter()
                    .find(|(k, _)| *k == key);
                warnings.push(match default {
                    Some((_, d)) => format!(
                        "the stored setting {key} is not valid ({e}): using the default {d}; \
                         `oversight settings {key}={d}` (or another value) repairs it"
                    ),
                    None => format!("the stored setting {key} is not one oversight knows: ignored"),
                });
            }
        }
        Ok((settings, warnings))
    }

    /// The stored settings (deadline rules, due-soon window), by key.
    pub fn settings(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM setting ORDER BY key")?;
        // Read as text whatever was stored (a number, bytes that are not UTF-8), so a bad
        // value is reported rather than stopping every command.
        let rows = stmt.query_map([], |r| Ok((lossy(r.get_ref(0)?), lossy(r.get_ref(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A stored value as text, whatever its type: text with any bytes that are not UTF-8
/// replaced (U+FFFD), numbers in decimal, bytes in hex, NULL as "".
pub(crate) fn lossy(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}'")
        }
    }
}

/// Reads what the file is: its application id, how many tables, its schema version, from
/// one snapshot. A file that is not SQLite is refused here, at the first read.
fn read_header(conn: &Connection, shown: &str) -> Result<Header> {
    let read = || -> rusqlite::Result<Header> {
        // A savepoint: one snapshot outside a transaction, nothing inside one.
        conn.execute_batch("SAVEPOINT header")?;
        let header: rusqlite::Result<Header> = (|| {
            Ok(Header {
                app_id: conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
                tables: conn.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )?,
                version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            })
        })();
        // A failed read (a disk error) may have ended the transaction already: its own
        // error is the one to report, not the savepoint's.
        let released = conn.execute_batch("RELEASE header");
        let header = header?;
        released?;
        Ok(header)
    };
    read().map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotOurs {
            path: shown.to_string(),
            detail: "the file is not a SQLite database".into(),
        },
        _ => StoreError::Sqlite(e),
    })
}

/// Whether the file needs setting up or upgrading (`Ok(true)`), is ready (`Ok(false)`), or
/// must be refused: another program's database, a blank file where one must exist, a schema
/// from a newer oversight.
fn judge(h: &Header, shown: &str, existing: bool) -> Result<bool> {
    if h.app_id != schema::APPLICATION_ID && (h.app_id != 0 || h.tables > 0) {
        return Err(StoreError::NotOurs {
            path: shown.to_string(),
            detail: "it is a SQLite database of another program".into(),
        });
    }
    if existing && h.app_id == 0 && h.tables == 0 {
        return Err(StoreError::Blank {
            path: shown.to_string(),
        });
    }
    if h.version > schema::latest_version() {
        return Err(StoreError::Newer {
            path: shown.to_string(),
            found: h.version,
            known: schema::latest_version(),
        });
    }
    Ok(h.version < schema::latest_version())
}

/// Retries `f` while another connection holds the lock it needs, up to [`OPEN_PATIENCE`].
fn patiently<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && start.elapsed() < OPEN_PATIENCE =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// SQLite's refusal to open a file, in the store's terms.
fn opening(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen) if !path.exists() => StoreError::Missing {
            path: path.display().to_string(),
        },
        _ => StoreError::Sqlite(e),
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

#[cfg(test)]
mod tests {
    use super::testing::{add, ctx};
    use super::*;

    /// Each refusal is its own case, so a caller can act on it: a bad link is said beside
    /// its field, a change undone meanwhile makes the dashboard look again, an existing
    /// backup file is not overwritten.
    #[test]
    fn refusals_say_which_case_they_are() {
        let mut s = Store::open_in_memory().unwrap();
        let c = ctx();
        let rec = |report: &str| {
            let spec = |n| crate::domain::fields::field(Kind::Recommendation, n).unwrap();
            vec![
                (
                    spec("report_id"),
                    spec("report_id").parse(report, c.today).unwrap(),
                ),
                (spec("text"), spec("text").parse("Do it", c.today).unwrap()),
            ]
        };
        match s.create(Kind::Recommendation, &rec("RPT-9"), &c) {
            Err(StoreError::Field(FieldError::Invalid { field, message })) => {
                assert_eq!(field, crate::domain::fields::Field::ReportId);
                assert!(message.contains("RPT-9 does not exist"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        add(&mut s, Kind::Report, &[("title", "PEEL")]);
        s.create(Kind::Recommendation, &rec("RPT-1"), &c).unwrap();
        let undone = s.undo(&c, Whose::Mine).unwrap().unwrap().change.id;
        match s.undo_change(undone, &c) {
            Err(StoreError::Changed(m)) => {
                assert!(
                    m.contains("your addition of REC-1 was undone meanwhile"),
                    "{m}"
                )
            }
            other => panic!("{other:?}"),
        }
        // A change whose field someone changed again since: named in words, as shown.
        s.create(Kind::Recommendation, &rec("RPT-1"), &c).unwrap();
        let owner = crate::domain::fields::field(Kind::Recommendation, "owner").unwrap();
        let by = |actor: &str| crate::domain::rules::Context {
            actor: actor.into(),
            ..ctx()
        };
        let id: ItemId = "REC-2".parse().unwrap();
        let set = |s: &mut Store, who: &str, to: &str| {
            let value = crate::domain::fields::Value::Text(to.into());
            s.update(id, None, &[(owner, value)], None, &by(who))
                .unwrap();
        };
        set(&mut s, "priya", "MPS");
        let priyas = s.undoable(Whose::Anyone, &c).unwrap().unwrap().id;
        set(&mut s, "sam", "Custody Lead");
        match s.undo_change(priyas, &c) {
            Err(StoreError::Changed(m)) => assert!(
                m.contains(
                    "cannot undo priya's change to REC-2 (Owner): REC-2's Owner has \
                            changed since (it is now 'Custody Lead')"
                ),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
        let folder = tempfile::tempdir().unwrap();
        let to = folder.path().join("copy.sqlite");
        std::fs::write(&to, "mine").unwrap();
        assert!(matches!(
            s.backup(&to),
            Err(StoreError::Exists { what: "backup", .. })
        ));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "mine");
    }
}
