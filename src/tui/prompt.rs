//! The path prompt of `i` (import a letter): a line of text with Tab completion of file
//! names, as in a shell. Completion reads one folder listing per Tab, never while drawing.

use std::path::{Path, PathBuf};

use tui_input::Input;

use super::action::Action;
use super::effect::{Effect, Outcome};

/// How many offered names the prompt lists under the input.
pub const OFFERED_SHOWN: usize = 8;

#[derive(Debug, Clone)]
pub struct PathPrompt {
    pub input: Input,
    /// Names the last Tab offered (when several matched), folders ending in `/`.
    pub offered: Vec<String>,
    /// Why the last Tab or Enter did nothing; the prompt stays open to fix the path.
    pub error: Option<String>,
    /// Where relative paths start (the folder oversight was started in).
    pub cwd: PathBuf,
}

impl PathPrompt {
    pub fn new(start: &str, cwd: PathBuf) -> PathPrompt {
        PathPrompt {
            input: Input::new(start.to_string()),
            offered: Vec::new(),
            error: None,
            cwd,
        }
    }

    /// Tab: completes the last part of the path as far as it is unambiguous.
    pub fn complete(&mut self) {
        let home = home_dir();
        let done = complete(self.input.value(), &self.cwd, home.as_deref());
        self.error = done.none_because;
        self.offered = done.offered;
        if done.value != self.input.value() {
            self.input = Input::new(done.value);
        }
    }

    /// A key for the prompt: Tab completes; Enter asks the app to import the file named
    /// (the prompt stays open with the reason if it cannot); Esc closes it.
    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::CompletePath => self.complete(),
            Action::Cancel => {
                return Outcome::Close(Some("Cancelled: nothing was imported.".into()));
            }
            Action::Submit => match self.path() {
                Some(path) => {
                    return Outcome::Do(Effect::Import {
                        path,
                        typed: self.input.value().to_string(),
                    });
                }
                None => self.error = Some("type the path of a letter (a .txt file)".into()),
            },
            _ => {}
        }
        Outcome::Stay
    }

    /// The file the typed path names.
    pub fn path(&self) -> Option<PathBuf> {
        resolve(self.input.value(), &self.cwd, home_dir().as_deref())
    }
}

/// The folder part of a typed path, as the next prompt should start: unquoted (a pasted
/// path in quotes would otherwise leave a stray quote that nothing can complete).
pub fn folder_of(typed: &str) -> String {
    let plain = unquote(typed);
    plain
        .rfind('/')
        .map(|i| plain[..=i].to_string())
        .unwrap_or_default()
}

fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// What a Tab makes of the typed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub value: String,
    pub offered: Vec<String>,
    pub none_because: Option<String>,
}

/// The typed path as the user means it: surrounding quotes (a pasted or dropped path) and
/// backslash-escaped spaces undone, `~` for the home folder, relative to `cwd`.
pub fn resolve(typed: &str, cwd: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let unquoted = unquote(typed);
    if unquoted.is_empty() {
        return None;
    }
    let expanded = match (unquoted.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(&unquoted),
    };
    Some(if expanded.is_absolute() {
        expanded
    } else {
        cwd.join(expanded)
    })
}

fn unquote(typed: &str) -> String {
    let t = typed.trim();
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return t[1..t.len() - 1].to_string();
        }
    }
    t.replace("\\ ", " ")
}

/// Completes the last part of `typed` against the names in its folder: one match is
/// completed whole (a folder gains its `/`), several to their longest common start and
/// offered. Hidden names are offered only when the typed part starts with a dot.
pub fn complete(typed: &str, cwd: &Path, home: Option<&Path>) -> Completion {
    let unchanged = |offered: Vec<String>, why: Option<String>| Completion {
        value: typed.to_string(),
        offered,
        none_because: why,
    };
    let (folder_part, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let folder = if folder_part.is_empty() {
        cwd.to_path_buf()
    } else {
        match resolve(folder_part, cwd, home) {
            Some(p) => p,
            None => return unchanged(vec![], None),
        }
    };
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) => {
            return unchanged(
                vec![],
                Some(format!("cannot list {}: {e}", folder.display())),
            );
        }
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        // A name that is not UTF-8 could not be typed back; it is left out.
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let is_dir = e.path().is_dir();
            Some((name, is_dir))
        })
        .filter(|(n, _)| !n.starts_with('.') || prefix.starts_with('.'))
        .collect();
    let exact: Vec<_> = names
        .iter()
        .filter(|(n, _)| n.starts_with(prefix))
        .cloned()
        .collect();
    // No name starts with it as typed: try any case ("let" finds "Letters/").
    names = if exact.is_empty() {
        let lower = prefix.to_lowercase();
        names
            .into_iter()
            .filter(|(n, _)| n.to_lowercase().starts_with(&lower))
            .collect()
    } else {
        exact
    };
    names.sort();
    let shown = |(n, dir): &(String, bool)| if *dir { format!("{n}/") } else { n.clone() };
    match names.len() {
        0 => unchanged(
            vec![],
            Some(if prefix.is_empty() {
                "the folder is empty".to_string()
            } else {
                format!("nothing here starts with “{prefix}”")
            }),
        ),
        1 => Completion {
            value: format!("{folder_part}{}", shown(&names[0])),
            offered: vec![],
            none_because: None,
        },
        _ => {
            let common = common_start(names.iter().map(|(n, _)| n.as_str()));
            let value = if common.chars().count() > prefix.chars().count() {
                format!("{folder_part}{common}")
            } else {
                typed.to_string()
            };
            Completion {
                value,
                offered: names.iter().map(shown).collect(),
                none_because: None,
            }
        }
    }
}

fn common_start<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut common: Vec<char> = first.chars().collect();
    for name in names {
        let same = common
            .iter()
            .zip(name.chars())
            .take_while(|(a, b)| *a == b)
            .count();
        common.truncate(same);
    }
    common.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "letter-may.txt",
            "letter-june.txt",
            "notes.md",
            ".hidden.txt",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("Inbox")).unwrap();
        std::fs::write(dir.path().join("Inbox").join("reply.txt"), "x").unwrap();
        dir
    }

    #[test]
    fn one_match_is_completed_and_a_folder_gains_its_slash() {
        let dir = folder();
        let c = complete("no", dir.path(), None);
        assert_eq!(c.value, "notes.md");
        assert!(c.offered.is_empty());
        assert_eq!(complete("In", dir.path(), None).value, "Inbox/");
        assert_eq!(
            complete("Inbox/r", dir.path(), None).value,
            "Inbox/reply.txt"
        );
        // Any case, when nothing matches as typed.
        assert_eq!(complete("inb", dir.path(), None).value, "Inbox/");
    }

    #[test]
    fn several_matches_complete_their_common_start_and_are_offered() {
        let dir = folder();
        let c = complete("l", dir.path(), None);
        assert_eq!(c.value, "letter-");
        assert_eq!(c.offered, ["letter-june.txt", "letter-may.txt"]);
        let all = complete("", dir.path(), None);
        assert_eq!(all.value, "");
        assert_eq!(
            all.offered,
            ["Inbox/", "letter-june.txt", "letter-may.txt", "notes.md"],
            "hidden names are left out"
        );
        assert_eq!(complete(".h", dir.path(), None).value, ".hidden.txt");
    }

    #[test]
    fn absolute_home_and_missing_folders() {
        let dir = folder();
        let abs = format!("{}/letter-m", dir.path().display());
        assert_eq!(
            complete(&abs, Path::new("/"), None).value,
            format!("{}/letter-may.txt", dir.path().display())
        );
        assert_eq!(
            complete("~/Inb", Path::new("/"), Some(dir.path())).value,
            "~/Inbox/"
        );
        let c = complete("zz", dir.path(), None);
        assert_eq!(c.value, "zz");
        assert!(c.none_because.unwrap().contains("nothing here starts with"));
        let c = complete("missing/x", dir.path(), None);
        assert!(c.none_because.unwrap().starts_with("cannot list"));
    }

    #[test]
    fn the_next_prompt_starts_in_the_folder_unquoted() {
        assert_eq!(folder_of("'~/letters/inbox/a b.txt'"), "~/letters/inbox/");
        assert_eq!(folder_of("\"/tmp/x y/l.txt\""), "/tmp/x y/");
        assert_eq!(folder_of("/tmp/x\\ y/l.txt"), "/tmp/x y/");
        assert_eq!(folder_of("letter.txt"), "");
        let dir = folder();
        let start = folder_of(&format!("'{}/notes.md'", dir.path().display()));
        assert!(
            resolve(&format!("{start}notes.md"), Path::new("/"), None)
                .unwrap()
                .exists()
        );
    }

    #[test]
    fn pasted_and_dropped_paths_are_understood() {
        let cwd = Path::new("/work");
        let home = Path::new("/home/analyst");
        assert_eq!(
            resolve("'/tmp/My letter.txt'", cwd, None),
            Some(PathBuf::from("/tmp/My letter.txt"))
        );
        assert_eq!(
            resolve("/tmp/My\\ letter.txt ", cwd, None),
            Some(PathBuf::from("/tmp/My letter.txt"))
        );
        assert_eq!(
            resolve("~/a.txt", cwd, Some(home)),
            Some(PathBuf::from("/home/analyst/a.txt"))
        );
        assert_eq!(
            resolve("in/a.txt", cwd, Some(home)),
            Some(PathBuf::from("/work/in/a.txt"))
        );
        assert_eq!(resolve("  ", cwd, Some(home)), None);
    }
}
