//! The text layer of a PDF letter, laid out as a person reads the page.
//!
//! `lopdf` parses the file (and decrypts one protected only against editing); `pdf-extract`
//! decodes each font and hands over every character with its position on the page. The
//! lines are rebuilt here from those positions: characters on one baseline make a line, a
//! wide gap splits a line into blocks, and where blocks stand side by side for several lines
//! (a two-column letterhead: the recipient's address on the left, the sender's on the right)
//! each column is written out whole, left before right, so that an address block stays one
//! block instead of being run together line by line with its neighbour.
//!
//! `pdf-extract` panics on some malformed files rather than returning an error, so it runs on
//! a thread of its own, with any panic caught, silenced and reported as "damaged".

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use super::DecodeError;

/// A letter has a few pages; more are not read (and said).
pub const MAX_PAGES: usize = 60;

/// Fewer visible characters than this over all pages: no text layer (a scan).
const MIN_TEXT_CHARS: usize = 20;

/// The text of a PDF's pages, pages separated by a form feed. Refuses encrypted, damaged,
/// empty and scanned (no text layer) files with a message that says what to do.
pub fn text(bytes: &[u8]) -> Result<(String, Vec<String>), DecodeError> {
    let owned = bytes.to_vec();
    let worker = std::thread::Builder::new()
        .name("pdf-text".into())
        .stack_size(64 << 20)
        .spawn(move || quietly(|| read(&owned)));
    match worker {
        Ok(handle) => handle.join().unwrap_or(Err(DecodeError::BadPdf(
            "its content could not be read".into(),
        ))),
        Err(e) => Err(DecodeError::BadPdf(format!("no thread to read it: {e}"))),
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` catching any panic, with the panic message kept off the terminal (the hook that
/// prints it, and the dashboard's hook that restores the screen, are skipped on this thread
/// only).
fn quietly<T>(f: impl FnOnce() -> Result<T, DecodeError>) -> Result<T, DecodeError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|_| {
        Err(DecodeError::BadPdf(
            "its content is malformed and could not be read".into(),
        ))
    })
}

fn read(bytes: &[u8]) -> Result<(String, Vec<String>), DecodeError> {
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let why = match e {
            lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::UnsupportedSecurityHandler(_) => return DecodeError::Encrypted,
            lopdf::Error::Parse(_)
            | lopdf::Error::Xref(_)
            | lopdf::Error::MissingXrefEntry
            | lopdf::Error::InvalidOffset(_)
            | lopdf::Error::IndirectObject { .. } => "it is damaged or cut short".to_string(),
            other => format!("it is damaged ({})", first_line(&other.to_string())),
        };
        DecodeError::BadPdf(why)
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(DecodeError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(DecodeError::BadPdf("it has no pages".into()));
    }
    let mut notes = Vec::new();
    if pages.len() > MAX_PAGES {
        notes.push(format!(
            "the PDF has {} pages: only the first {MAX_PAGES} were read",
            pages.len()
        ));
    }
    let mut out = String::new();
    let mut unreadable = 0;
    for &number in pages.keys().take(MAX_PAGES) {
        let mut page = Page::default();
        match pdf_extract::output_doc_page(&doc, &mut page, number) {
            Ok(()) => {}
            Err(_) => unreadable += 1,
        }
        if !out.is_empty() {
            out.push('\x0c');
        }
        out.push_str(&page.layout());
    }
    if unreadable > 0 {
        notes.push(format!(
            "{unreadable} page(s) of the PDF could not be read; check the letter"
        ));
    }
    let visible = out.chars().filter(|c| !c.is_whitespace()).count();
    if visible < MIN_TEXT_CHARS {
        return Err(DecodeError::Scanned);
    }
    Ok((out, notes))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(80).collect()
}

/// One character as placed on the page (y grows downwards from the top).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Page {
    /// The page's height: y is measured down from its top.
    top: f64,
    glyphs: Vec<Glyph>,
}

impl pdf_extract::OutputDev for Page {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.top = media_box.ury - media_box.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        // The font size as drawn: the text matrix scales it (as pdf-extract's own text
        // output measures it).
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt();
        let size = if size.is_finite() && size > 0.1 {
            size
        } else {
            10.
        };
        let (x, y) = (trm.m31, self.top - trm.m32);
        if !(x.is_finite() && y.is_finite()) || self.glyphs.len() > 2_000_000 {
            return Ok(());
        }
        let w = width * size;
        self.glyphs.push(Glyph {
            x,
            end: x + if w.is_finite() { w.max(0.) } else { 0. },
            y,
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// A run of text on one line, apart from its neighbours by a wide gap.
#[derive(Debug, Clone)]
struct Block {
    x: f64,
    end: f64,
    text: String,
}

#[derive(Debug, Clone)]
struct TextLine {
    y: f64,
    size: f64,
    blocks: Vec<Block>,
}

/// A gap wider than this many font sizes splits a line into blocks.
const BLOCK_GAP: f64 = 2.5;

impl Page {
    fn layout(&self) -> String {
        lay_out(lines_of(self.glyphs.clone()))
    }
}

/// Glyphs to lines (one baseline each, top to bottom), each line's glyphs left to right,
/// words split where the gap is wider than a fifth of the font size.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<TextLine> {
    glyphs.retain(|g| !g.text.is_empty());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row)
                if (row[0].y - g.y).abs() <= 0.4 * row[0].size.max(g.size)
                    || (row
                        .last()
                        .is_some_and(|l| (l.y - g.y).abs() <= 0.2 * l.size)) =>
            {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = row.iter().map(|g| g.size).fold(0., f64::max);
            let y = row[0].y;
            let mut blocks: Vec<Block> = Vec::new();
            for g in row {
                let glyph_is_space = g.text.trim().is_empty();
                match blocks.last_mut() {
                    Some(b) if g.x - b.end <= BLOCK_GAP * size => {
                        let gap = g.x - b.end;
                        if gap > 0.2 * g.size && !b.text.ends_with(' ') && !glyph_is_space {
                            b.text.push(' ');
                        }
                        if !(glyph_is_space && b.text.ends_with(' ')) {
                            b.text.push_str(&g.text);
                        }
                        b.end = b.end.max(g.end);
                    }
                    _ if glyph_is_space => {}
                    _ => blocks.push(Block {
                        x: g.x,
                        end: g.end,
                        text: g.text.clone(),
                    }),
                }
            }
            for b in &mut blocks {
                b.text = b.text.trim().to_string();
            }
            blocks.retain(|b| !b.text.is_empty());
            TextLine { y, size, blocks }
        })
        .filter(|l| !l.blocks.is_empty())
        .collect()
}

/// Lines to text. Runs of lines that a vertical gutter divides into columns are written a
/// column at a time; a blank line marks a paragraph gap (more than about one and a half
/// lines of space) and the end of each column.
fn lay_out(lines: Vec<TextLine>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let gap_before = |lines: &[TextLine], k: usize| {
        k > 0 && lines[k].y - lines[k - 1].y > 1.8 * lines[k].size.max(lines[k - 1].size)
    };
    while i < lines.len() {
        if let Some((gutter, end)) = columns_from(&lines, i) {
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (k, line) in lines.iter().enumerate().take(end).skip(i) {
                let gap = k > i && gap_before(&lines, k);
                let l: Vec<&str> = line
                    .blocks
                    .iter()
                    .filter(|b| b.end <= gutter)
                    .map(|b| b.text.as_str())
                    .collect();
                let r: Vec<&str> = line
                    .blocks
                    .iter()
                    .filter(|b| b.x >= gutter)
                    .map(|b| b.text.as_str())
                    .collect();
                for (side, parts) in [(&mut left, l), (&mut right, r)] {
                    if parts.is_empty() {
                        continue;
                    }
                    if gap && !side.is_empty() {
                        side.push(String::new());
                    }
                    side.push(parts.join(" "));
                }
            }
            if i > 0 {
                out.push(String::new());
            }
            out.extend(left);
            out.push(String::new());
            out.extend(right);
            out.push(String::new());
            i = end;
            continue;
        }
        if gap_before(&lines, i) {
            out.push(String::new());
        }
        out.push(
            lines[i]
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("   "),
        );
        i += 1;
    }
    let mut text = out.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim_matches('\n').to_string() + "\n"
}

/// Whether line `start` begins a run of lines in two columns: it has two blocks or more,
/// and the lines around it (no wide vertical gap between them) cross no gutter between its
/// first block and the next. Returns the gutter's x and the end of the run.
fn columns_from(lines: &[TextLine], start: usize) -> Option<(f64, usize)> {
    let first = &lines[start];
    if first.blocks.len() < 2 {
        return None;
    }
    let (a, b) = (&first.blocks[0], &first.blocks[1]);
    // The gutter: the middle of the gap between the first two blocks.
    let gutter = (a.end + b.x) / 2.;
    let crosses = |l: &TextLine| l.blocks.iter().any(|bl| bl.x < gutter && bl.end > gutter);
    let mut end = start + 1;
    let mut two_sided = 1;
    while end < lines.len() {
        let l = &lines[end];
        let near = l.y - lines[end - 1].y <= 2.6 * l.size.max(lines[end - 1].size);
        if !near || crosses(l) {
            break;
        }
        if l.blocks.iter().any(|bl| bl.end <= gutter) && l.blocks.iter().any(|bl| bl.x >= gutter) {
            two_sided += 1;
        }
        end += 1;
    }
    // One line with two blocks is a line with a wide space in it (a date on the right of a
    // reference), not columns.
    (two_sided >= 2 || end - start >= 3).then_some((gutter, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, blocks: &[(f64, &str)]) -> TextLine {
        TextLine {
            y,
            size: 10.,
            blocks: blocks
                .iter()
                .map(|(x, t)| Block {
                    x: *x,
                    end: x + 5. * t.len() as f64,
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn side_by_side_blocks_are_written_a_column_at_a_time() {
        let lines = vec![
            line(50., &[(50., "Jo Bloggs"), (350., "Office of the PCC")]),
            line(62., &[(50., "Chief Constable"), (350., "1 High Street")]),
            line(74., &[(50., "Anyshire Police"), (350., "Anytown AN1 1AA")]),
            line(110., &[(50., "4 May 2021")]),
            line(
                134.,
                &[(
                    50.,
                    "Dear Jo, this line runs right across the page to the far margin",
                )],
            ),
        ];
        assert_eq!(
            lay_out(lines),
            "Jo Bloggs\nChief Constable\nAnyshire Police\n\nOffice of the PCC\n1 High Street\nAnytown AN1 1AA\n\n4 May 2021\n\nDear Jo, this line runs right across the page to the far margin\n"
        );
    }

    #[test]
    fn one_wide_space_is_not_columns() {
        let lines = vec![
            line(50., &[(50., "Our ref: AB/1"), (400., "4 May 2021")]),
            line(
                80.,
                &[(
                    50.,
                    "Dear Jo, this line runs right across the page to the far margin",
                )],
            ),
        ];
        assert_eq!(
            lay_out(lines),
            "Our ref: AB/1   4 May 2021\n\nDear Jo, this line runs right across the page to the far margin\n"
        );
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        for bytes in [
            &b"%PDF-1.4\n"[..],
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"not a pdf at all",
        ] {
            assert!(matches!(text(bytes), Err(DecodeError::BadPdf(_))), "{bytes:?}");
        }
    }
}
