//! The one way text from data reaches a terminal.
//!
//! Letters are imported from outside; a letter could carry escape sequences that move the
//! cursor or retitle the window, or bidi overrides that make text read differently from how
//! it is stored. Stored text is kept as written; only what is shown is made visible.

use std::borrow::Cow;

/// Text safe to print: control characters become Unicode control pictures (␛, ␇) or `\u{..}`,
/// bidi controls and other invisible format characters become `<U+202E>`-style markers.
/// Newlines and tabs are kept only when `keep_newlines` (detail views that wrap); otherwise
/// they become `⏎` and a space.
pub fn for_terminal(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if text
        .chars()
        .all(|c| is_plain(c) && c != '\n' && c != '\t' || (keep_newlines && c == '\n'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push('⏎'),
            '\r' => {}
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c if is_plain(c) => out.push(c),
            c => out.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it) safe to print: the characters JSON leaves raw but a
/// terminal would obey or hide (C1 controls, bidi overrides, zero-width marks) are written as
/// `\uXXXX` escapes, which read back as the same string.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if json.chars().all(|c| is_plain(c) || c == '\n' || c == '\t') {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_plain(c) || c == '\n' || c == '\t' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        }
    }
    Cow::Owned(out)
}

/// Printable without side effects or hidden reordering.
fn is_plain(c: char) -> bool {
    let u = c as u32;
    !(u < 0x20
        || (0x7f..=0x9f).contains(&u)
        // Bidi embeddings, overrides and isolates; zero-width and direction marks.
        || (0x200b..=0x200f).contains(&u)
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
