//! What leaves the tool for other people: the board pack (`pack`), the minutes' action log
//! (`minutes`), the owners' digest (`digest`, also as `.eml` drafts) and the calendar of
//! deadlines (`calendar`). Each reads the store, builds its document as data, and writes it
//! in the conventions of where it goes; the same database and `--today` always give the same
//! bytes (no clock, no random names, no hash-map order).

pub mod calendar;
pub mod digest;
mod doc;
pub mod minutes;
pub mod pack;

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use chrono::NaiveDate;

use crate::domain::dates::format_day;
use crate::domain::sanitize::for_terminal;

/// Data text for a document: runs of white space (line breaks too) as one space, control
/// characters and bidi overrides made visible as the terminal shows them (`␛`,
/// `<U+202E>`), so nothing in a letter can act on whatever displays the document. Each
/// format's writer escapes the result.
pub fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for_terminal(&joined, false).into_owned()
}

/// A date as people write it: "28 Mar 2019".
pub fn uk(d: NaiveDate) -> String {
    format_day(d)
}

/// An optional date as people write it, or "no date".
pub fn uk_or(d: Option<NaiveDate>, none: &str) -> String {
    d.map(uk).unwrap_or_else(|| none.to_string())
}

/// "1 day", "3 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Writes `bytes` to `path`, or to standard output without one. A file is written whole or
/// not at all, private, and never over a file that exists ([`crate::files::NewFile`]).
pub fn write_output(path: Option<&Path>, bytes: &[u8], out: &mut impl Write) -> anyhow::Result<()> {
    match path {
        None => {
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
        Some(path) => write_new_file(path, bytes),
    }
}

/// See [`write_output`].
pub fn write_new_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let shown = path.display().to_string();
    if path.exists() {
        bail!("{shown} already exists: oversight never replaces a file; choose a new name");
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !folder.is_dir() {
        bail!(
            "the folder {} does not exist (for {shown}): create it first, or give another path",
            folder.display()
        );
    }
    // Whole or not at all, never over a file that appeared meanwhile: as exports are.
    let mut file = crate::files::NewFile::create(path)?;
    let written = file.file().write_all(bytes);
    written.map_err(|e| crate::files::FileError::new(path, e))?;
    match file.commit() {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{shown} already exists: oversight never replaces a file; choose a new name")
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_joins_lines_and_shows_controls() {
        assert_eq!(clean("a\n b\t c"), "a b c");
        assert_eq!(clean("x\u{1b}[2Jy"), "x␛[2Jy");
        assert_eq!(clean("a\u{202e}b"), "a<U+202E>b");
    }

    #[test]
    fn files_are_written_whole_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pack.html");
        write_new_file(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let err = write_new_file(&path, b"two").unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        // Nothing is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no/such/pack.html");
        assert!(write_new_file(&missing, b"x").is_err());
    }
}
