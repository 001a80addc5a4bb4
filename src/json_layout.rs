//! serde_json's pretty layout (`to_string_pretty`: two-space indent, `": "`, one value a
//! line), written a piece at a time, so a list or an export of any size is written as it is
//! read and is byte for byte what pretty-printing the whole document would give.
//!
//! [`Pretty`] is serde_json's `PrettyFormatter` started at a depth: a member of a container
//! written on its own comes out as it would inside the whole document. [`Members`] writes the
//! container's punctuation around them.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

fn indent<W: ?Sized + Write>(out: &mut W, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// serde_json's `PrettyFormatter` (same code, same bytes), starting `depth` levels deep.
#[derive(Debug, Clone, Copy)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    pub fn at(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        indent(out, self.depth)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        indent(out, self.depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` as it reads `depth` levels deep (its first line not indented: the caller
/// has written the indent or the key before it).
pub fn write_at<W: ?Sized + Write>(
    out: &mut W,
    value: &impl Serialize,
    depth: usize,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::at(depth));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// An array or object being written: what goes before each member and after the last.
/// `depth` is the level of the container's own bracket (0 for the top level); the opening
/// bracket is the caller's.
#[derive(Debug)]
pub struct Members {
    depth: usize,
    len: usize,
}

impl Members {
    pub fn new(depth: usize) -> Members {
        Members { depth, len: 0 }
    }

    /// How many members were written.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Before the next member: a new line (after a comma from the second on) and its indent.
    /// The element's value follows, written at depth + 1 (see [`write_at`]).
    pub fn before_element<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.len += 1;
        out.write_all(if self.len == 1 { b"\n" } else { b",\n" })?;
        indent(out, self.depth + 1)
    }

    /// An array element.
    pub fn element<W: Write>(&mut self, out: &mut W, value: &impl Serialize) -> io::Result<()> {
        self.before_element(out)?;
        write_at(out, value, self.depth + 1)
    }

    /// An object member's key, up to its value: `"key": `.
    pub fn key<W: ?Sized + Write>(&mut self, out: &mut W, key: &str) -> io::Result<()> {
        self.before_element(out)?;
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b": ")
    }

    /// Closes the container: `]` or `}` right after the opening one when empty, else on a
    /// line of its own at the container's indent.
    pub fn close<W: ?Sized + Write>(&self, out: &mut W, bracket: u8) -> io::Result<()> {
        if self.len > 0 {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(&[bracket])
    }
}

/// Members written as a JSON object, in their order: what a `serde_json::Map` writes,
/// without building one (hashing each key costs more than writing it).
pub struct Object<'a>(pub &'a [(&'a str, serde_json::Value)]);

impl Serialize for Object<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Written piece by piece, as `to_string_pretty` writes the whole.
    fn pieces(doc: &Value) -> String {
        let obj = doc.as_object().unwrap();
        let mut out = b"{".to_vec();
        let mut top = Members::new(0);
        for (k, v) in obj {
            top.key(&mut out, k).unwrap();
            match v {
                Value::Array(items) => {
                    out.push(b'[');
                    let mut arr = Members::new(1);
                    for item in items {
                        arr.element(&mut out, item).unwrap();
                    }
                    arr.close(&mut out, b']').unwrap();
                }
                other => write_at(&mut out, other, 1).unwrap(),
            }
        }
        top.close(&mut out, b'}').unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pieces_are_the_pretty_printers_bytes() {
        let doc = json!({
            "format": "x",
            "n": 4,
            "empty": {},
            "settings": {"a": "1", "b": "line\nbreak"},
            "none": [],
            "items": [
                {"id": "REC-1", "text": "Say \"hi\"\n\tand go", "due_on": null, "ok": true},
                {"id": "REC-2", "nested": {"a": [1, 2, {}], "b": []}, "n": -1.5},
                [], "plain", 3
            ],
            "last": [null]
        });
        assert_eq!(pieces(&doc), serde_json::to_string_pretty(&doc).unwrap());
        assert_eq!(pieces(&json!({})), "{}");
    }

    #[test]
    fn a_top_level_array_element_by_element() {
        let items = vec![json!({"a": 1, "b": [true]}), json!({"a": 2})];
        let mut out = b"[".to_vec();
        let mut arr = Members::new(0);
        for item in &items {
            arr.element(&mut out, item).unwrap();
        }
        arr.close(&mut out, b']').unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&items).unwrap()
        );
        let mut empty = b"[".to_vec();
        Members::new(0).close(&mut empty, b']').unwrap();
        assert_eq!(empty, b"[]");
    }

    #[test]
    fn an_object_from_members_is_the_maps_bytes() {
        let members = [
            ("id", json!("REC-1")),
            ("due_on", Value::Null),
            ("n", json!(3)),
        ];
        let map: serde_json::Map<String, Value> = members
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let mut out = Vec::new();
        write_at(&mut out, &Object(&members), 0).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&map).unwrap()
        );
    }
}
