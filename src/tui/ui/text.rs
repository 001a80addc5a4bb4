//! The only way data reaches the screen, and the styles. Every text that came from the
//! database or a letter goes through [`data`] or [`data_lines`] (the sanitiser), so control
//! characters, escape sequences and bidi overrides show as visible markers.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
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

/// Lines cut to `width` columns, at the last space where there is one (as word wrapping
/// does, a long word is cut), each piece keeping its spans' styles.
pub fn wrap(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = width.max(1) as usize;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line);
            continue;
        }
        let cells: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| {
                let style = line.style.patch(s.style);
                s.content.chars().map(move |c| (c, style))
            })
            .collect();
        let mut start = 0;
        while start < cells.len() {
            let (mut used, mut end, mut space) = (0, start, None);
            while end < cells.len() {
                let w = unicode_width::UnicodeWidthChar::width(cells[end].0).unwrap_or(0);
                if used + w > width {
                    break;
                }
                if cells[end].0 == ' ' {
                    space = Some(end);
                }
                used += w;
                end += 1;
            }
            // A character wider than the line still moves on.
            let end = end.max(start + 1);
            // A word that ends at the edge stays; the space after it goes with the break.
            if end < cells.len() && cells[end].0 == ' ' {
                out.push(styled_line(&cells[start..end]));
                start = end + 1;
                continue;
            }
            let cut = match space {
                Some(sp) if end < cells.len() && sp > start => sp + 1,
                _ => end,
            };
            out.push(styled_line(&cells[start..cut]));
            start = cut;
        }
    }
    out
}

/// Characters with their styles as a line of spans, one span a run of one style.
fn styled_line(cells: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = cells.first().map(|c| c.1).unwrap_or_default();
    for (c, s) in cells {
        if *s != style && !text.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut text), style));
        }
        style = *s;
        text.push(*c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
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
    fn long_lines_wrap_at_spaces_keeping_their_styles() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Notes ", bold),
            Span::raw("the quick brown fox jumps"),
        ]);
        let out = wrap(vec![line, Line::raw("short")], 12);
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["Notes the ", "quick brown ", "fox jumps", "short"]);
        assert_eq!(out[0].spans[0].style, bold);
        assert!(out.iter().all(|l| l.width() <= 12));
        let long = wrap(vec![Line::raw("x".repeat(30))], 10);
        assert_eq!(long.len(), 3);
    }

    #[test]
    fn escape_sequences_in_data_are_shown_not_sent() {
        let shown = data("\u{1b}[2Jwiped\u{202e}");
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.contains('␛'));
        assert!(shown.contains("<U+202E>"));
    }
}
