//! The only way data reaches the screen, and the styles. Every text that came from the
//! database or a letter goes through [`data`] or [`data_lines`] (the sanitiser), so control
//! characters, escape sequences and bidi overrides show as visible markers.

use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

use crate::domain::sanitize;

/// One line of data text, safe to draw.
pub fn data(text: &str) -> String {
    sanitize::for_terminal(text, false).into_owned()
}

/// Data text with its line breaks kept, for wrapping in the detail view.
pub fn data_lines(text: &str) -> Vec<String> {
    sanitize::for_terminal(text, true)
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// Cuts text to `width` columns, ending with an ellipsis when it was longer.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    // "make …" reads as a gap: the ellipsis goes straight after the last word.
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Colours, or none when NO_COLOR is set: then urgency shows by marker, words and bold.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn overdue(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn due_soon(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_ends_in_an_ellipsis_within_its_width() {
        assert_eq!(fit("Crime Data Integrity", 9), "Crime Da…");
        assert_eq!(fit("short", 9), "short");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn escape_sequences_in_data_are_shown_not_sent() {
        let shown = data("\u{1b}[2Jwiped\u{202e}");
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.contains('␛'));
        assert!(shown.contains("<U+202E>"));
    }
}
