//! The one way text from data reaches a terminal.
//!
//! Letters are imported from outside; a letter could carry escape sequences that move the
//! cursor or retitle the window, or bidi overrides that make text read differently from how
//! it is stored. Stored text is kept as written; only what is shown is made visible.
//!
//! - [`for_terminal`]: one cell or value of data, made visible (the tables, `show`, the
//!   dashboard).
//! - [`visible`]: whole lines of output (the command line's human writer and CSV on a
//!   terminal): line breaks and tabs stay, everything else a terminal would obey is shown.
//! - [`json_for_terminal`] and [`JsonSafe`]: JSON with those characters as `\u` escapes, so it
//!   reads back as the same text.
//! - [`error_line`]: an error message on one line, each quoted value cut short.

use std::borrow::Cow;
use std::io::{self, Write};

/// What happens to line breaks and tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// One line: a newline shows as `⏎`, a tab as a space.
    Marked,
    /// Newlines kept (a detail view that wraps), tabs as a space.
    Newlines,
    /// Newlines and tabs kept: the layout of whole lines of output.
    Layout,
}

/// Text safe to print: control characters become Unicode control pictures (␛, ␇) or `\u{..}`,
/// bidi controls and other invisible format characters become `<U+202E>`-style markers.
/// Newlines and tabs are kept only when `keep_newlines` (detail views that wrap); otherwise
/// they become `⏎` and a space.
pub fn for_terminal(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let breaks = if keep_newlines {
        Breaks::Newlines
    } else {
        Breaks::Marked
    };
    made_visible(text, breaks)
}

/// Whole lines of output made safe to print: as [`for_terminal`], but newlines and tabs are
/// kept (they are the output's own layout, and a terminal obeys nothing else in them).
pub fn visible(text: &str) -> Cow<'_, str> {
    made_visible(text, Breaks::Layout)
}

fn made_visible(text: &str, breaks: Breaks) -> Cow<'_, str> {
    let kept = |c: char| match c {
        '\n' => breaks != Breaks::Marked,
        '\t' => breaks == Breaks::Layout,
        c => is_plain(c),
    };
    // Nearly all text is plain ASCII: one pass over the bytes says so.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') || (b == b'\n' || b == b'\t') && kept(b as char))
        || text.chars().all(kept)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if kept(c) => out.push(c),
            '\n' => out.push('⏎'),
            // A carriage return would move back over what is shown (a CRLF's is not needed).
            '\r' => {}
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c => out.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it) safe to print: the characters JSON leaves raw but a
/// terminal would obey or hide (DEL, C1 controls, bidi overrides, zero-width marks, line and
/// paragraph separators) are written as `\uXXXX` escapes, which read back as the same string.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if json.chars().all(json_keeps) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if json_keeps(c) {
            out.push(c);
        } else {
            push_json_escape(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// What JSON text may hold as it is. serde_json escapes every control below U+0020 inside a
/// string, so a raw newline or tab is the layout between values.
fn json_keeps(c: char) -> bool {
    is_plain(c) || c == '\n' || c == '\t'
}

fn push_json_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{u:04x}"));
    }
}

/// A writer of JSON text that writes what [`json_for_terminal`] escapes as `\u` escapes, as
/// the text passes: for JSON written a piece at a time (a list, the whole export). Outside
/// strings JSON holds only ASCII punctuation and white space, so escaping every such
/// character wherever it is keeps the document's meaning. Text that is not UTF-8 is refused.
pub struct JsonSafe<W: Write> {
    out: W,
    /// The start of a character whose other bytes have not come yet.
    pending: Vec<u8>,
}

impl<W: Write> JsonSafe<W> {
    pub fn new(out: W) -> JsonSafe<W> {
        JsonSafe {
            out,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for JsonSafe<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty()
            && bytes
                .iter()
                .all(|b| matches!(b, b' '..=b'~' | b'\n' | b'\t'))
        {
            self.out.write_all(bytes)?;
            return Ok(bytes.len());
        }
        let mut joined = std::mem::take(&mut self.pending);
        joined.extend_from_slice(bytes);
        let whole = match std::str::from_utf8(&joined) {
            Ok(_) => joined.len(),
            // A character cut between two writes: its start waits for the rest.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "JSON text that is not UTF-8",
                ));
            }
        };
        let text = std::str::from_utf8(&joined[..whole]).expect("checked above");
        self.out.write_all(json_for_terminal(text).as_bytes())?;
        self.pending = joined[whole..].to_vec();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "JSON text ends inside a character",
            ));
        }
        self.out.flush()
    }
}

/// How long a value quoted in an error may be: enough to recognise it, short enough that the
/// message stays one readable line.
pub const QUOTED_MAX: usize = 80;

/// An error message as one line safe to print: made visible, and each quoted value ('…',
/// "…", “…”) longer than [`QUOTED_MAX`] characters cut there with `…`; a word outside quotes
/// longer than [`LONG_WORD`] characters (a value quoted some other way) is cut the same. The
/// message's own words, and paths of ordinary length, are kept whole.
pub fn error_line(text: &str) -> String {
    let text = for_terminal(text, false);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len().min(4 * 1024));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = match c {
            '"' | '\'' => i == 0 || !chars[i - 1].is_alphanumeric(),
            '“' => true,
            _ => false,
        };
        if opens {
            let close = if c == '“' { '”' } else { c };
            if let Some(end) = closing_quote(&chars, i + 1, close) {
                out.push(c);
                push_cut(&mut out, &chars[i + 1..end], QUOTED_MAX);
                out.push(close);
                i = end + 1;
                continue;
            }
        }
        // A word: up to the next space or quote.
        let start = i;
        i += 1;
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '"' | '“') {
            if chars[i] == '\'' && !chars[i - 1].is_alphanumeric() {
                break;
            }
            i += 1;
        }
        let word = &chars[start..i];
        if word.len() > LONG_WORD {
            push_cut(&mut out, word, QUOTED_MAX);
        } else {
            out.extend(word);
        }
    }
    // The last resort, for a value whose quotes could not be told apart: the start (what
    // failed) and the end (what to do) are kept.
    let count = out.chars().count();
    if count > LINE_MAX {
        let head: String = out.chars().take(LINE_MAX * 2 / 3).collect();
        let tail: String = out.chars().skip(count - LINE_MAX / 4).collect();
        out = format!("{head} … {tail}");
    }
    out
}

/// The longest error line, whatever it quotes.
const LINE_MAX: usize = 1_000;

/// A word longer than this is a value, not part of the message (paths included).
const LONG_WORD: usize = 200;

/// Where a quote opened before `from` closes: a `close` not inside a word (`it's`), and for
/// `"` not escaped (`\"` inside JSON text).
fn closing_quote(chars: &[char], from: usize, close: char) -> Option<usize> {
    (from..chars.len()).find(|&j| {
        chars[j] == close
            && match close {
                '"' => chars[j - 1] != '\\',
                '\'' => chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()),
                _ => true,
            }
    })
}

fn push_cut(out: &mut String, value: &[char], max: usize) {
    if value.len() <= max {
        out.extend(value);
    } else {
        out.extend(&value[..max - 1]);
        out.push('…');
    }
}

/// Printable without side effects or hidden reordering.
fn is_plain(c: char) -> bool {
    let u = c as u32;
    !(u < 0x20
        || (0x7f..=0x9f).contains(&u)
        // Bidi embeddings, overrides and isolates; zero-width and direction marks.
        || (0x200b..=0x200f).contains(&u)
        // The line and paragraph separators: a terminal may break the line there.
        || u == 0x2028
        || u == 0x2029
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x2069).contains(&u)
        || u == 0xfeff
        || u == 0x061c
        || (0xfff9..=0xfffb).contains(&u))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(
            for_terminal("Sophie Linden – “Deputy Mayor”", false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_and_bidi_are_made_visible() {
        assert_eq!(for_terminal("a\x1b[2Jb", false), "a␛[2Jb");
        assert_eq!(for_terminal("x\u{202e}y", false), "x<U+202E>y");
        assert_eq!(for_terminal("bell\x07", false), "bell␇");
        assert_eq!(for_terminal("c1\u{9b}31m", false), "c1<U+009B>31m");
    }

    #[test]
    fn json_keeps_its_meaning_but_not_raw_controls() {
        let value = serde_json::json!({"s": "a\u{1b}[2J\u{202e}b\u{9b}c"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = json_for_terminal(&text);
        assert!(!safe.contains('\u{202e}') && !safe.contains('\u{9b}') && !safe.contains('\u{1b}'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn newlines_kept_only_where_asked() {
        assert_eq!(for_terminal("a\r\nb", false), "a⏎b");
        assert_eq!(for_terminal("a\r\nb", true), "a\nb");
        assert_eq!(for_terminal("a\tb", true), "a b");
    }
}
