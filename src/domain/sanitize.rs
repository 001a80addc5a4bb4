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
    fn newlines_kept_only_where_asked() {
        assert_eq!(for_terminal("a\r\nb", false), "a⏎b");
        assert_eq!(for_terminal("a\r\nb", true), "a\nb");
        assert_eq!(for_terminal("a\tb", true), "a b");
    }
}
