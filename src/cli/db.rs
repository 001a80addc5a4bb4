//! Which database a command uses and how it is opened. Commands that only read never create
//! one; nothing makes the folders of a path someone typed (a typo is caught, not made into an
//! empty database); the default database, in the platform data folder, is made on first use,
//! folders included, by a command that writes or by the dashboard. The dashboard asks before
//! making a database at a path that was typed.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};

use super::args::{Command, Global};
use super::human::Human;
use super::{default_db_path, shell_quote};
use crate::store::{self, Store};

/// How a command needs its database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// It reads, or changes items that must already be there: the database must exist.
    Existing,
    /// It can start a database: made when missing (its folder must exist).
    Create,
}

/// What a command needs (commands that need no database, `demo` and `import --dry-run` are
/// handled before this is asked).
pub fn need(command: &Command) -> Need {
    match command {
        Command::Init { .. } | Command::Add { .. } | Command::Import { .. } => Need::Create,
        Command::Settings { changes } if !changes.is_empty() => Need::Create,
        _ => Need::Existing,
    }
}

/// For commands that can do without a database (`deadline`, `import --dry-run`): the named
/// one, which must exist (a typo would silently use the defaults), else the default one when
/// there is one.
pub fn optional(g: &Global) -> anyhow::Result<Option<Store>> {
    match (&g.db, default_db_path()) {
        (Some(_), _) => DbPath::of(g)?.open_existing().map(Some),
        (None, Ok(path)) if path.exists() => Ok(Some(told(Store::open_existing(&path)?))),
        (None, _) => Ok(None),
    }
}

/// A database file, and whether someone named it (`--db`, `OVERSIGHT_DB`) or it is the
/// default.
#[derive(Debug, Clone)]
pub struct DbPath {
    pub path: PathBuf,
    pub explicit: bool,
}

impl DbPath {
    /// The database the global options name.
    pub fn of(g: &Global) -> anyhow::Result<DbPath> {
        Ok(match &g.db {
            Some(p) => DbPath {
                path: p.clone(),
                explicit: true,
            },
            None => DbPath {
                path: default_db_path()?,
                explicit: false,
            },
        })
    }

    /// The demo's database: `--db`, or `demo.sqlite` beside the default database.
    pub fn demo(g: &Global) -> anyhow::Result<DbPath> {
        Ok(match &g.db {
            Some(_) => DbPath::of(g)?,
            None => DbPath {
                path: default_db_path()?.with_file_name("demo.sqlite"),
                explicit: false,
            },
        })
    }

    fn shown(&self) -> String {
        self.path.display().to_string()
    }

    /// Why there is nothing to open, and what to do.
    fn missing(&self) -> anyhow::Error {
        let folder = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists());
        match (self.explicit, folder) {
            (true, Some(folder)) => anyhow!(
                "no database at {}, and the folder {} does not exist: check the path given with \
                 --db (or OVERSIGHT_DB)",
                self.shown(),
                folder.display()
            ),
            (true, None) => anyhow!(
                "no database at {}; `oversight init --db {}` creates one",
                self.shown(),
                shell_quote(&self.path)
            ),
            (false, _) => anyhow!(
                "no database at {} yet; `oversight init` creates one (or give another file with \
                 --db)",
                self.shown()
            ),
        }
    }

    /// Opens a database that exists; never creates one.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        if !self.path.exists() {
            return Err(self.missing());
        }
        Ok(told(Store::open_existing(&self.path)?))
    }

    /// Opens the database, creating it when missing: the default one with its folders, a
    /// named one only in a folder that exists.
    pub fn open_or_create(&self) -> anyhow::Result<Store> {
        if !self.explicit && !self.path.exists() {
            if let Some(dir) = self.path.parent() {
                store::create_private_folders(dir).map_err(|e| {
                    anyhow!(
                        "cannot create the folder {} for the database: {e}",
                        dir.display()
                    )
                })?;
            }
        }
        Ok(told(Store::open(&self.path)?))
    }

    /// Opens with what `need` says.
    pub fn open(&self, need: Need) -> anyhow::Result<Store> {
        match need {
            Need::Existing => self.open_existing(),
            Need::Create => self.open_or_create(),
        }
    }

    /// For the dashboard: a named database that does not exist is made only if the person at
    /// the terminal says so (`input` and `out` are the terminal); `None` when they do not.
    pub fn open_asking(
        &self,
        input: &mut impl BufRead,
        out: &mut Human<impl Write>,
    ) -> anyhow::Result<Option<Store>> {
        if !self.explicit || self.path.exists() {
            return self.open_or_create().map(Some);
        }
        if let Some(folder) = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        {
            bail!(
                "the folder {} does not exist (for {}): create it first, or give another path",
                folder.display(),
                self.shown()
            );
        }
        if confirm_create(&self.path, input, out)? {
            self.open_or_create().map(Some)
        } else {
            writeln!(
                out,
                "Nothing created: there is still no database at {}.",
                self.shown()
            )?;
            Ok(None)
        }
    }
}

/// Says on standard error, once, what opening did to the file (made it private) or could
/// not do (see `Store::notices`).
fn told(store: Store) -> Store {
    for notice in store.notices() {
        eprintln!("{}", crate::domain::sanitize::for_terminal(notice, false));
    }
    store
}

/// For a database opened read-only (the user may read it but not write it): refuses a
/// command that would change it, up front, in one sentence that names what was not done,
/// why, and what to do ("REC-3 was not changed: x.sqlite is read-only for you (owner root);
/// ask its owner or copy it with `oversight backup`"), rather than SQLite's wording halfway.
pub fn refuse_if_read_only(command: &Command, store: &Store) -> anyhow::Result<()> {
    let Some(why) = store.read_only() else {
        return Ok(());
    };
    let id = |typed: &str| {
        typed
            .parse::<crate::domain::ids::ItemId>()
            .map_or_else(|_| typed.to_string(), |id| id.to_string())
    };
    let not_done = match command {
        Command::Init { .. } => "nothing was set up".to_string(),
        Command::Add { .. } => "nothing was added".to_string(),
        Command::Set { id: i, .. }
        | Command::Complete { id: i, .. }
        | Command::Delete { id: i, .. } => {
            format!("{} was not changed", id(i))
        }
        Command::Note { id: i, .. } | Command::Chase { id: i, .. } => {
            format!("nothing was added to {}", id(i))
        }
        Command::Undo { .. } => "nothing was undone".to_string(),
        Command::Redo { .. } => "nothing was redone".to_string(),
        Command::Import { .. } => "nothing was imported".to_string(),
        Command::Settings { changes } if !changes.is_empty() => {
            "the settings were not changed".to_string()
        }
        _ => return Ok(()),
    };
    bail!("{not_done}: {why}")
}

/// Asks whether to create a database at `path`; only "y" or "yes" (any case) is a yes, and
/// anything else, an empty line or the end of input included, is a no.
pub fn confirm_create(
    path: &Path,
    input: &mut impl BufRead,
    out: &mut Human<impl Write>,
) -> std::io::Result<bool> {
    write!(out, "No database at {}. Create it? [y/N] ", path.display())?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(typed: &str) -> (bool, String) {
        let mut out = Vec::new();
        let yes = confirm_create(
            Path::new("x.sqlite"),
            &mut typed.as_bytes(),
            &mut Human::new(&mut out),
        )
        .unwrap();
        (yes, String::from_utf8(out).unwrap())
    }

    #[test]
    fn only_y_or_yes_creates() {
        for typed in ["y\n", "Y\n", "yes\n", " YES \n", "y"] {
            assert!(ask(typed).0, "{typed:?}");
        }
        for typed in [
            "\n",
            "",
            "n\n",
            "no\n",
            "yess\n",
            "y es\n",
            "ok\n",
            "\u{1b}[A\n",
        ] {
            assert!(!ask(typed).0, "{typed:?}");
        }
        assert_eq!(ask("n\n").1, "No database at x.sqlite. Create it? [y/N] ");
    }

    #[test]
    fn a_missing_named_database_is_made_only_on_yes() {
        let dir = tempfile::tempdir().unwrap();
        let db = DbPath {
            path: dir.path().join("new.sqlite"),
            explicit: true,
        };
        let mut out = Vec::new();
        assert!(
            db.open_asking(&mut "n\n".as_bytes(), &mut Human::new(&mut out))
                .unwrap()
                .is_none()
        );
        assert!(!db.path.exists());
        let said = String::from_utf8(out).unwrap();
        assert!(said.starts_with("No database at "), "{said}");
        assert!(
            said.contains("Create it? [y/N] Nothing created: there is still no database at"),
            "{said}"
        );
        let mut out = Vec::new();
        assert!(
            db.open_asking(&mut "yes\n".as_bytes(), &mut Human::new(&mut out))
                .unwrap()
                .is_some()
        );
        assert!(db.path.exists());
        // Once it exists, nothing is asked.
        let mut out = Vec::new();
        assert!(
            db.open_asking(&mut "".as_bytes(), &mut Human::new(&mut out))
                .unwrap()
                .is_some()
        );
        assert!(out.is_empty());
    }

    #[test]
    fn a_missing_folder_is_refused_before_asking() {
        let dir = tempfile::tempdir().unwrap();
        let db = DbPath {
            path: dir.path().join("nodir/sub/x.sqlite"),
            explicit: true,
        };
        let mut out = Vec::new();
        let err = db
            .open_asking(&mut "y\n".as_bytes(), &mut Human::new(&mut out))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("the folder") && err.contains("does not exist"),
            "{err}"
        );
        assert!(out.is_empty(), "nothing asked");
        assert!(!dir.path().join("nodir").exists());
    }
}
