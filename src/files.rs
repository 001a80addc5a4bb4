//! New files (exports, backups) appear whole or not at all.
//!
//! A [`NewFile`] is written as a temporary file in the target's own folder (so the rename is
//! within one file system), readable by its owner only (the data is sensitive); committing
//! syncs it to the disk and renames it into place, never over a file that exists. A file that
//! fails half-way (a full disk) is removed, so no truncated export is left looking whole and a
//! retry is not refused because of it. [`commit_all`] does the same for a set of files.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Writing a file failed: which file, and why in words.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {}", .path.display(), io_words(.error))]
pub struct FileError {
    pub path: PathBuf,
    /// Not a `source`: the message already says it in words, and a cause printed after it
    /// would repeat it in the system's.
    pub error: io::Error,
}

impl FileError {
    pub fn new(path: &Path, error: io::Error) -> FileError {
        FileError {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// A file being written; it becomes `target` only on [`NewFile::commit`], and is removed if
/// dropped before.
pub struct NewFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl NewFile {
    /// Starts a new file at `target`, refusing at once if something is there already.
    pub fn create(target: &Path) -> Result<NewFile, FileError> {
        let fail = |e| FileError::new(target, e);
        if target.symlink_metadata().is_ok() {
            return Err(fail(io::ErrorKind::AlreadyExists.into()));
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(fail(io::ErrorKind::NotFound.into()));
        }
        let name = target
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        // Hidden, and named for what it will be, should a crash leave it behind.
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        let temp = builder.tempfile_in(folder).map_err(fail)?;
        Ok(NewFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Where the file is being written (for a writer that opens it by name: SQLite's backup).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Syncs the file to the disk and renames it to its target, unless a file appeared there
    /// meanwhile. On failure the temporary file is removed.
    pub fn commit(self) -> Result<PathBuf, FileError> {
        let NewFile { temp, target } = self;
        temp.as_file()
            .sync_all()
            .map_err(|e| FileError::new(&target, e))?;
        temp.persist_noclobber(&target)
            .map_err(|e| FileError::new(&target, e.error))?;
        sync_folder(&target);
        Ok(target)
    }
}

/// Commits every file or none: if one cannot be renamed into place, those already renamed
/// are removed again (and the rest, uncommitted, vanish with their temporary files).
pub fn commit_all(files: Vec<NewFile>) -> Result<(), FileError> {
    let mut done: Vec<PathBuf> = Vec::with_capacity(files.len());
    for file in files {
        match file.commit() {
            Ok(path) => done.push(path),
            Err(e) => {
                for path in done {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

/// The rename is durable once the folder itself is synced. Best effort: the file is whole
/// and in place either way, and not every system lets a folder be opened.
fn sync_folder(target: &Path) {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// What a failed write means, and what to do, in words (never "os error 28").
pub fn io_words(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let words = match e.kind() {
        K::StorageFull => "the disk is full: free some space and try again",
        K::QuotaExceeded => "your disk quota is used up: free some space and try again",
        K::FileTooLarge => {
            "the file would be larger than this system allows (see `ulimit -f`): write it to \
             another disk, or raise the limit"
        }
        K::AlreadyExists => "it already exists: choose a new name",
        K::NotFound => "its folder does not exist: create it first, or choose another place",
        K::PermissionDenied => "permission denied: choose a folder you may write to",
        K::ReadOnlyFilesystem => "the disk is read-only: choose another place",
        K::IsADirectory => "it is a folder: give a file name",
        _ => return without_os_code(&e.to_string()),
    };
    words.to_string()
}

/// The system's message without its " (os error 5)".
fn without_os_code(text: &str) -> String {
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_appears_only_when_committed_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let mut file = NewFile::create(&target).unwrap();
        file.file().write_all(b"{}").unwrap();
        assert!(!target.exists(), "not before it is whole");
        file.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
        assert_eq!(names(dir.path()), ["out.json"], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = target.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn dropped_files_leave_nothing_and_existing_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut file = NewFile::create(&target).unwrap();
        file.file().write_all(b"half").unwrap();
        drop(file);
        assert!(names(dir.path()).is_empty());

        std::fs::write(&target, "mine").unwrap();
        let err = NewFile::create(&target).err().unwrap();
        assert_eq!(err.error.kind(), io::ErrorKind::AlreadyExists);
        assert!(
            err.to_string().contains("out.csv: it already exists"),
            "{err}"
        );

        // One that appears while the new one is written is not replaced either.
        let late = dir.path().join("late.csv");
        let file = NewFile::create(&late).unwrap();
        std::fs::write(&late, "theirs").unwrap();
        assert!(file.commit().is_err());
        assert_eq!(std::fs::read_to_string(&late).unwrap(), "theirs");
        assert_eq!(names(dir.path()), ["late.csv", "out.csv"]);
    }

    #[test]
    fn a_set_of_files_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = NewFile::create(&dir.path().join("a.csv")).unwrap();
        let b = NewFile::create(&dir.path().join("b.csv")).unwrap();
        std::fs::write(dir.path().join("b.csv"), "in the way").unwrap();
        let err = commit_all(vec![a, b]).unwrap_err();
        assert!(err.path.ends_with("b.csv"));
        assert_eq!(names(dir.path()), ["b.csv"], "a.csv was taken back");
    }

    #[test]
    fn failures_are_told_in_words() {
        let full = FileError::new(Path::new("/x/out.json"), io::Error::from_raw_os_error(28));
        assert_eq!(
            full.to_string(),
            "cannot write /x/out.json: the disk is full: free some space and try again"
        );
        let other = io::Error::from_raw_os_error(5);
        assert!(
            !io_words(&other).contains("os error"),
            "{}",
            io_words(&other)
        );
        let err = NewFile::create(Path::new("/nonexistent-folder/x.json"))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("its folder does not exist"),
            "{err}"
        );
    }
}
