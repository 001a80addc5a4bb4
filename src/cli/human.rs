//! Where the command line's output goes, so that no text from data reaches a terminal raw.
//!
//! Standard output is an [`Out`]: it hands its writer only to a writer that makes text safe,
//! one per format. People's output (tables, `show`, `history`, messages) is a [`Human`], whose
//! only way to write is `write!`/`writeln!` through the sanitiser; JSON is a
//! [`JsonSafe`](crate::domain::sanitize::JsonSafe); CSV is [`Csv`](super::output::Csv).
//! Standard error (messages, questions) is a [`Human`] too.

use std::fmt;
use std::io::{self, BufWriter, IsTerminal, Write};

use super::output::Csv;
use crate::domain::sanitize::{self, JsonSafe};

/// Output for people. It has no `io::Write`: the only way in is `write!`/`writeln!`, whose
/// whole text goes through [`sanitize::visible`], so data interpolated anywhere in a line is
/// shown (␛, `<U+202E>`), never obeyed. Cells are made visible (and cut) before they are laid
/// out, so widths count what is shown; this is the gate that nothing passes raw.
pub struct Human<W: Write> {
    out: W,
    line: String,
}

impl<W: Write> Human<W> {
    pub fn new(out: W) -> Human<W> {
        Human {
            out,
            line: String::new(),
        }
    }

    /// What `write!` and `writeln!` call.
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> io::Result<()> {
        let text = match args.as_str() {
            Some(text) => text,
            None => {
                self.line.clear();
                fmt::Write::write_fmt(&mut self.line, args)
                    .map_err(|_| io::Error::other("a value could not be formatted"))?;
                &self.line
            }
        };
        self.out.write_all(sanitize::visible(text).as_bytes())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Standard error for people.
pub fn stderr() -> Human<io::StderrLock<'static>> {
    Human::new(io::stderr().lock())
}

/// Standard output (or, in tests, any writer), handed out only as a safe writer.
pub struct Out<W: Write> {
    raw: W,
    terminal: bool,
}

/// Lists and exports are written through a buffer this size (a write per line would cost
/// more than reading the row).
const BUFFER: usize = 64 * 1024;

impl Out<io::StdoutLock<'static>> {
    pub fn stdout() -> Self {
        let stdout = io::stdout();
        Out {
            terminal: stdout.is_terminal(),
            raw: stdout.lock(),
        }
    }
}

impl<W: Write> Out<W> {
    #[cfg(test)]
    pub fn new(raw: W, terminal: bool) -> Out<W> {
        Out { raw, terminal }
    }

    /// A few lines for people, each out as soon as it is written.
    pub fn human(&mut self) -> Human<&mut W> {
        Human::new(&mut self.raw)
    }

    /// Many lines for people (a table): buffered; flush at the end.
    pub fn human_buffered(&mut self) -> Human<BufWriter<&mut W>> {
        Human::new(BufWriter::with_capacity(BUFFER, &mut self.raw))
    }

    /// JSON, buffered: flush at the end.
    pub fn json(&mut self) -> JsonSafe<BufWriter<&mut W>> {
        JsonSafe::new(BufWriter::with_capacity(BUFFER, &mut self.raw))
    }

    /// CSV: on a terminal with its control characters shown, not obeyed.
    pub fn csv(&mut self) -> Csv<&mut W> {
        Csv::new(&mut self.raw, self.terminal)
    }

    /// A finished document (a board pack, minutes, a digest, a calendar).
    pub fn document(&mut self) -> Document<&mut W> {
        Document {
            out: &mut self.raw,
            terminal: self.terminal,
        }
    }
}

/// A document whose writer has already made its data text safe for its format (HTML
/// escaped, Markdown escaped, iCalendar escaped): to a file or a pipe it goes as it is; to a
/// terminal, through the sanitiser like everything people read there.
pub struct Document<W: Write> {
    out: W,
    terminal: bool,
}

impl<W: Write> Write for Document<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.terminal {
            let text = String::from_utf8_lossy(buf);
            self.out.write_all(sanitize::visible(&text).as_bytes())?;
        } else {
            self.out.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_written_for_people_is_obeyed() {
        let mut bytes = Vec::new();
        let mut human = Human::new(&mut bytes);
        let data = "a\u{1b}]2;x\u{7}b\u{9b}c\u{7f}\u{202e}\u{2066}\u{2028}\u{2029}";
        writeln!(human, "Subject:\t{data}").unwrap();
        write!(human, "\u{1b}[2J").unwrap();
        drop(human);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "Subject:\ta␛]2;x␇b<U+009B>c␡<U+202E><U+2066><U+2028><U+2029>\n␛[2J"
        );
    }

    #[test]
    fn standard_output_is_only_handed_out_safe() {
        let mut out = Out::new(Vec::new(), true);
        let data = "\u{1b}[31m";
        writeln!(out.human(), "{data}").unwrap();
        let mut json = out.json();
        writeln!(json, "{}", serde_json::json!("\u{9b}\u{202e}")).unwrap();
        json.flush().unwrap();
        drop(json);
        let mut csv = out.csv();
        csv.values([&serde_json::json!("\u{1b}]0;x\u{7}")]).unwrap();
        csv.flush().unwrap();
        drop(csv);
        let text = String::from_utf8(out.raw).unwrap();
        assert_eq!(text, "␛[31m\n\"\\u009b\\u202e\"\n␛]0;x␇\n");
    }
}
