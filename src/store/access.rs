//! What the user may do with the database file: write it, or only read it (then it opens
//! read-only and edits are refused in one sentence), and keeping it private (0600).

use std::path::{Path, PathBuf};

/// The database's -wal or -shm file.
pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `None` when the user may write the database (the file, and the folder where SQLite keeps
/// its -wal and -shm files, unless both exist and are writable); otherwise the sentence that
/// refuses a change: "x.sqlite is read-only for you (owner root); ask its owner or copy it
/// with `oversight backup`".
pub(super) fn read_only_reason(path: &Path) -> Option<String> {
    let sidecars_writable = ["-wal", "-shm"]
        .iter()
        .all(|s| may_write(&sidecar(path, s)));
    if may_write(path) && (folder_writable(path) || sidecars_writable) {
        return None;
    }
    let owner = owner_name(path)
        .map(|o| format!(" (owner {o})"))
        .unwrap_or_default();
    Some(format!(
        "{} is read-only for you{owner}; ask its owner or copy it with `oversight backup`",
        path.display()
    ))
}

/// Whether the folder holding `path` lets the user make files (SQLite's -wal and -shm).
pub(super) fn folder_writable(path: &Path) -> bool {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    may_write(folder)
}

#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // access(2) asks the kernel, which knows about root, ACLs and read-only mounts.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// The login name of the file's owner (its uid when the name is unknown).
#[cfg(unix)]
fn owner_name(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata(path).ok()?.uid();
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return Some(format!("uid {uid}"));
    }
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

#[cfg(not(unix))]
fn owner_name(_: &Path) -> Option<String> {
    None
}

/// A `file:` URI for SQLite (bytes other than unreserved ones and `/` percent-encoded, so a
/// `?` or `#` in a folder's name is not read as the query), read-only, `immutable` when asked.
pub(super) fn file_uri(path: &Path, immutable: bool) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in absolute.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(*b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

/// Makes the database and its -wal and -shm files private (0600) where others may read
/// them, for a database opened for writing; says what it did, or that it could not (the
/// user may write the file but does not own it).
#[cfg(unix)]
pub(super) fn make_private(path: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut tightened = Vec::new();
    let mut notices = Vec::new();
    for file in [
        path.to_path_buf(),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
    ] {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 == 0 {
            continue;
        }
        match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => tightened.push(format!("{} ({mode:o})", file.display())),
            Err(e) => {
                let owner = owner_name(&file)
                    .map(|o| format!(" (owner {o})"))
                    .unwrap_or_default();
                notices.push(format!(
                    "warning: {} can be read by others (mode {mode:o}) and oversight cannot \
                     make it private ({e}): ask its owner{owner} to run `chmod 600` on it",
                    file.display()
                ));
            }
        }
    }
    if !tightened.is_empty() {
        notices.insert(
            0,
            format!(
                "note: made private (0600, readable by you only): {}",
                tightened.join(", ")
            ),
        );
    }
    notices
}

#[cfg(not(unix))]
pub(super) fn make_private(_: &Path) -> Vec<String> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_a_query() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e/x.sqlite"), true);
        assert_eq!(
            uri,
            "file:/tmp/a%20b%3Fc%23d%25e/x.sqlite?mode=ro&immutable=1"
        );
        assert!(file_uri(Path::new("/x"), false).ends_with("?mode=ro"));
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_database_is_made_private_once() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.sqlite");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let wal = sidecar(&db, "-wal");
        std::fs::write(&wal, b"").unwrap();
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o664)).unwrap();
        let said = make_private(&db);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("x.sqlite (644)"), "{said:?}");
        assert!(said[0].contains("x.sqlite-wal (664)"), "{said:?}");
        for f in [&db, &wal] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(make_private(&db).is_empty(), "said once");
    }
}
