//! Issue 11 item 6: files oversight writes (`export -o FILE`, the CSV folder export,
//! `backup`) appear whole or not at all. Each is written to a temporary file in the same
//! folder, synced and renamed into place; a write that fails half-way (a full disk) leaves
//! nothing behind, the error names the file and says what to do, and the retry succeeds.
//!
//! The full disk is a file-size limit (`ulimit -f`, with SIGXFSZ ignored so the write fails
//! with EFBIG instead of killing the process), which works for any user; as root, where a
//! small tmpfs can be mounted, the disk is really full too (ENOSPC).

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{Db, assert_one_line_error, stderr, success};

/// The limit, in the shell's blocks (512 or 1024 bytes): room for SQLite's shared-memory file
/// (32 KiB) while the database is read, not for the export (over 200 KiB).
const LIMIT_BLOCKS: u32 = 128;

/// A database whose export is well over the limit.
fn big_db() -> Db {
    let db = Db::with_recommendation();
    let body = "Custody records, every one of them. ".repeat(1_700);
    for n in 0..4 {
        db.ok(&[
            "add",
            "letter",
            &format!("subject=Request {n}"),
            &format!("body={body}"),
            "received_on=2026-10-01",
        ]);
    }
    db
}

/// `oversight ARGS` on `db` with a file-size limit.
fn limited(db: &Db, args: &[&str]) -> Output {
    let cmd = db.cmd();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {LIMIT_BLOCKS}; exec \"$0\" \"$@\""
        ))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .args(args);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().expect("run sh")
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A failed write: exit 1, one line naming `path` and saying what to do; nothing left there
/// or beside it.
fn assert_failed_cleanly(out: &Output, what: &str, path: &Path, folder_before: &[String]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "`{what}` should fail: {err}");
    assert_one_line_error(&err, what);
    assert!(
        err.contains(path.to_str().unwrap()),
        "`{what}`: the error names the file: {err}"
    );
    assert!(
        !err.contains("os error") && !err.contains("Error code"),
        "`{what}`: in words: {err}"
    );
    assert!(!path.exists(), "`{what}` left {} behind", path.display());
    let folder = path.parent().unwrap();
    assert_eq!(
        names(folder),
        folder_before,
        "`{what}` left a temporary file behind"
    );
}

#[test]
fn an_export_that_fails_half_way_leaves_nothing_and_the_retry_succeeds() {
    let db = big_db();
    let before = names(db.dir.path());
    for (format, name) in [("json", "all.json"), ("csv", "letters.csv")] {
        let target = db.file(name);
        let mut args = vec!["export", "--format", format, "-o", target.to_str().unwrap()];
        if format == "csv" {
            args.extend(["--kind", "letters"]);
        }
        let what = args.join(" ");
        let out = limited(&db, &args);
        assert_failed_cleanly(&out, &what, &target, &before);
        assert!(
            stderr(&out).contains("larger than this system allows"),
            "{}",
            stderr(&out)
        );
        // The retry is not refused because of the failed one.
        success(&db.run(&args), &what);
        let text = std::fs::read_to_string(&target).unwrap();
        if format == "json" {
            let doc: serde_json::Value = serde_json::from_str(&text).expect("whole JSON");
            assert_eq!(doc["letters"].as_array().unwrap().len(), 4);
            assert_eq!(common::mode(&target), 0o600);
        } else {
            assert_eq!(
                csv::Reader::from_reader(text.as_bytes()).records().count(),
                4
            );
        }
        std::fs::remove_file(&target).unwrap();
    }
}

#[test]
fn a_csv_folder_export_is_all_or_nothing() {
    let db = big_db();
    let folder = db.file("csv");
    let args = ["export", "--format", "csv", "-o", folder.to_str().unwrap()];
    let out = limited(&db, &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_one_line_error(&err, "export csv folder");
    assert!(err.contains("letters.csv"), "names the file: {err}");
    assert!(!folder.exists(), "the folder it made is taken back");
    success(&db.run(&args), "export csv folder");
    let mut written = names(&folder);
    written.retain(|n| n.starts_with('.'));
    assert!(written.is_empty(), "temporary files left: {written:?}");
    let letters = std::fs::read_to_string(folder.join("letters.csv")).unwrap();
    assert_eq!(
        csv::Reader::from_reader(letters.as_bytes())
            .records()
            .count(),
        4
    );
}

#[test]
fn a_backup_that_fails_half_way_leaves_nothing_and_the_retry_succeeds() {
    let db = big_db();
    let before = names(db.dir.path());
    let target = db.file("copy.sqlite");
    let args = ["backup", target.to_str().unwrap()];
    let out = limited(&db, &args);
    assert_failed_cleanly(&out, "backup", &target, &before);
    success(&db.run(&args), "backup");
    let copy = Db {
        dir: tempfile::tempdir().unwrap(),
        path: target.clone(),
    };
    assert_eq!(copy.list("letters", &[]).len(), 4, "the copy is whole");
    assert_eq!(common::mode(&target), 0o600);
}

/// A small tmpfs mounted for the test (root only; `None` elsewhere), unmounted at the end.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("not root: the tmpfs test is skipped (the ulimit tests cover it)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("no tmpfs could be mounted: the tmpfs test is skipped");
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn grow(&self, size: &str) {
        let ok = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn on_a_full_disk_an_export_says_so_and_leaves_nothing() {
    let Some(disk) = SmallDisk::mount("64k") else {
        return;
    };
    let db = big_db();
    for name in ["all.json", "copy.sqlite"] {
        let target = disk.path().join(name);
        let args: Vec<&str> = if name.ends_with("json") {
            vec!["export", "-o", target.to_str().unwrap()]
        } else {
            vec!["backup", target.to_str().unwrap()]
        };
        let what = args.join(" ");
        let out = db.run(&args);
        assert_failed_cleanly(&out, &what, &target, &[]);
        assert!(
            stderr(&out).contains("the disk is full"),
            "{}",
            stderr(&out)
        );
    }
    disk.grow("8m");
    success(
        &db.run(&[
            "export",
            "-o",
            disk.path().join("all.json").to_str().unwrap(),
        ]),
        "export after space was freed",
    );
    success(
        &db.run(&["backup", disk.path().join("copy.sqlite").to_str().unwrap()]),
        "backup after space was freed",
    );
}
