//! From the bytes of a file to text: a byte-order mark (UTF-8 or UTF-16), UTF-8, or else
//! Windows-1252 (Latin-1 with the printable 0x80–0x9F range Windows adds: curly quotes, en
//! dash, euro). Line endings become `\n`. Binary files (Word, PDF, images) and empty ones are
//! refused with a message that says what to do, before anything is read from them.

/// Why a file could not be read as a letter. Each message is one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty: there is no letter to read")]
    Empty,
    #[error("the file holds only blank lines: there is no letter to read")]
    Blank,
    #[error("it is {0}, not plain text: save the letter as plain text (.txt) and import that")]
    Document(&'static str),
    #[error(
        "it holds binary data, not text (found {what} at byte {offset}): save the letter as \
         plain text (.txt) and import that"
    )]
    Binary { what: String, offset: usize },
    #[error(
        "the PDF is password-protected: open it with its password, save or print an \
         unprotected copy as PDF, and import that"
    )]
    Encrypted,
    #[error(
        "the PDF has no text layer (a scanned page or an image) and oversight does no OCR: \
         make a searchable copy with OCR software (for example `ocrmypdf letter.pdf out.pdf`) \
         or type the letter into a .txt file, and import that"
    )]
    Scanned,
    #[error(
        "it is not a readable PDF: {0}; open it in a PDF reader and save a new copy (or save \
         the letter as text), and import that"
    )]
    BadPdf(String),
    #[error(
        "it is not a readable email: {0}; save the message again as .eml (or save its \
         attachment) and import that"
    )]
    BadEmail(String),
    #[error(
        "it is an Outlook .msg file, which oversight does not read: save the message as \
         .eml (File, Save As; or drag it from the mail program to a folder), or save its PDF \
         attachment, and import that"
    )]
    Outlook,
    #[error(
        "it is {:.1} MB; a letter file may be at most {} MB: import the letter alone (not a \
         whole mailbox or a scanned bundle)",
        *size as f64 / 1_048_576.0,
        max / 1_048_576
    )]
    TooLarge { size: u64, max: u64 },
}

/// Known kinds of document by their first bytes, so the message can name what was given.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (a Word .docx or similar)"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Word or Outlook file (.doc/.msg)",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "a SQLite database"),
];

/// More than this share of control characters (other than tab, newline, carriage return,
/// form feed and escape) means the bytes are not text.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Reads a file's bytes as text with `\n` line endings.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(DecodeError::Document(what));
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        utf8_or_1252(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        utf16(rest, u16::from_be_bytes)
    } else {
        if let Some(offset) = bytes.iter().position(|b| *b == 0) {
            return Err(DecodeError::Binary {
                what: "a NUL byte".into(),
                offset,
            });
        }
        utf8_or_1252(bytes)
    };
    check_text(&text)?;
    let text = normalise_newlines(&text);
    if text.trim().is_empty() {
        return Err(if text.is_empty() {
            DecodeError::Empty
        } else {
            DecodeError::Blank
        });
    }
    Ok(text)
}

fn utf8_or_1252(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
    }
}

/// UTF-16 after its byte-order mark; an odd last byte or a lone surrogate reads as U+FFFD.
fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => word([*a, *b]),
        _ => 0xfffd,
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One byte of Windows-1252; the five bytes it leaves undefined read as Latin-1 does.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Refuses text that is mostly control characters (a binary file that happens to decode).
/// Escape is allowed: hostile text is stored as written and shown made visible.
fn check_text(text: &str) -> Result<(), DecodeError> {
    let mut total = 0usize;
    let mut controls = 0usize;
    let mut first: Option<(usize, char)> = None;
    for (offset, c) in text.char_indices() {
        total += 1;
        let control =
            c == '\0' || ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b'));
        if control {
            controls += 1;
            first.get_or_insert((offset, c));
        }
    }
    match first {
        Some((offset, c)) if c == '\0' || controls as f64 > total as f64 * MAX_CONTROL_SHARE => {
            Err(DecodeError::Binary {
                what: if c == '\0' {
                    "a NUL character".to_string()
                } else {
                    format!(
                        "{controls} control characters, the first U+{:04X},",
                        c as u32
                    )
                },
                offset,
            })
        }
        _ => Ok(()),
    }
}

/// CRLF and lone CR become LF.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let bytes = b"\xef\xbb\xbfDear Sir\r\n\r\nThe \xe2\x80\x9creport\xe2\x80\x9d\r\n";
        assert_eq!(decode(bytes).unwrap(), "Dear Sir\n\nThe “report”\n");
    }

    #[test]
    fn latin1_and_windows_1252() {
        // "Mayor’s café" in Windows-1252: 0x92 is the right single quote, 0xe9 é.
        assert_eq!(decode(b"Mayor\x92s caf\xe9\n").unwrap(), "Mayor’s café\n");
        assert_eq!(decode(b"\xa3100\r").unwrap(), "£100\n");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Dear “Sir”\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Dear “Sir”\n");
    }

    #[test]
    fn empty_blank_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xef\xbb\xbf"), Err(DecodeError::Empty));
        assert_eq!(decode(b" \r\n\t\n"), Err(DecodeError::Blank));
        assert!(matches!(
            decode(b"Dear\x00Sir"),
            Err(DecodeError::Binary { offset: 4, .. })
        ));
        assert!(matches!(
            decode(b"%PDF-1.7 ..."),
            Err(DecodeError::Document("a PDF file"))
        ));
        let noise: Vec<u8> = (0..200u8).map(|i| i % 31 + 1).collect();
        assert!(matches!(decode(&noise), Err(DecodeError::Binary { .. })));
        let msg = decode(b"PK\x03\x04rest").unwrap_err().to_string();
        assert!(msg.contains("Word") && msg.contains(".txt"), "{msg}");
    }

    #[test]
    fn escapes_are_text_not_binary() {
        let text = "Subject \x1b[2J\x1b]0;x\x07 here, and a long enough letter body to dilute it.";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
    }
}
