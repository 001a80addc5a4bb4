//! serde_json's pretty layout (`to_string_pretty`: two-space indent, `": "`, one value a
//! line), written a piece at a time, so a list or an export of any size is written as it is
//! read and is byte for byte what pretty-printing the whole document would give.
//!
//! Each element is pretty-printed on its own and shifted to its depth. That is exact because
//! a pretty document's line breaks all sit between tokens (a string's newline is written `\n`),
//! so indenting every line of an element by its depth is what the whole-document printer does.

use serde::Serialize;

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// `value` pretty-printed as it reads inside a container `depth` levels deep (its first line
/// not indented: the caller has written the indent or the key before it).
pub fn pretty_at(value: &impl Serialize, depth: usize) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    if depth == 0 || !text.contains('\n') {
        return Ok(text);
    }
    Ok(text.replace('\n', &format!("\n{}", indent(depth))))
}

/// An array or object being written: what goes before each member and after the last.
/// `depth` is the level of the container's own bracket (0 for the top level).
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

    /// What goes before the next member: a new line (after a comma from the second on) and
    /// the member's indent.
    pub fn next(&mut self) -> String {
        self.len += 1;
        let sep = if self.len == 1 { "\n" } else { ",\n" };
        format!("{sep}{}", indent(self.depth + 1))
    }

    /// An array element: its separator, indent and pretty text.
    pub fn element(&mut self, value: &impl Serialize) -> serde_json::Result<String> {
        let before = self.next();
        Ok(before + &pretty_at(value, self.depth + 1)?)
    }

    /// An object member's key with its separator and indent, up to the value: `"key": `.
    pub fn key(&mut self, key: &str) -> serde_json::Result<String> {
        let before = self.next();
        Ok(format!("{before}{}: ", serde_json::to_string(key)?))
    }

    /// What closes the container: `]` or `}` right after the opening one when empty, else on
    /// a line of its own at the container's indent.
    pub fn close(&self, bracket: char) -> String {
        if self.len == 0 {
            bracket.to_string()
        } else {
            format!("\n{}{bracket}", indent(self.depth))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Written piece by piece, as `to_string_pretty` writes the whole.
    fn pieces(doc: &Value) -> String {
        let obj = doc.as_object().unwrap();
        let mut out = String::from("{");
        let mut top = Members::new(0);
        for (k, v) in obj {
            out.push_str(&top.key(k).unwrap());
            match v {
                Value::Array(items) => {
                    out.push('[');
                    let mut arr = Members::new(1);
                    for item in items {
                        out.push_str(&arr.element(item).unwrap());
                    }
                    out.push_str(&arr.close(']'));
                }
                other => out.push_str(&pretty_at(other, 1).unwrap()),
            }
        }
        out.push_str(&top.close('}'));
        out
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
        let empty = json!({});
        assert_eq!(pieces(&empty), "{}");
    }

    #[test]
    fn a_top_level_array_element_by_element() {
        let items = vec![json!({"a": 1, "b": [true]}), json!({"a": 2})];
        let mut out = String::from("[");
        let mut arr = Members::new(0);
        for item in &items {
            out.push_str(&arr.element(item).unwrap());
        }
        out.push_str(&arr.close(']'));
        assert_eq!(out, serde_json::to_string_pretty(&items).unwrap());
        let none: Vec<Value> = vec![];
        assert_eq!(
            format!("[{}", Members::new(0).close(']')),
            serde_json::to_string_pretty(&none).unwrap()
        );
    }
}
