//! Byte offsets (what Rust slices with) to UTF-16 code-unit offsets (what
//! JavaScript's `String.prototype.slice` takes).

/// Converts a sorted-or-not list of byte offsets into UTF-16 offsets in one
/// pass over `text`. Every offset must fall on a char boundary.
pub(crate) struct Utf16Map<'a> {
    text: &'a str,
    // (byte offset, utf16 offset) checkpoints, monotonically increasing.
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Map<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Utf16Map { text, byte: 0, unit: 0 }
    }

    /// UTF-16 offset of byte offset `at`. Cheapest when called with
    /// increasing offsets; a smaller offset restarts from the beginning.
    pub(crate) fn to_utf16(&mut self, at: usize) -> usize {
        if at < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        let bytes = self.text.as_bytes();
        // Fast path: ASCII runs count one unit per byte.
        while self.byte < at {
            let b = bytes[self.byte];
            if b < 0x80 {
                self.byte += 1;
                self.unit += 1;
            } else {
                let ch = self.text[self.byte..].chars().next().expect("char boundary");
                self.byte += ch.len_utf8();
                self.unit += ch.len_utf16();
            }
        }
        self.unit
    }
}

/// Byte offset of UTF-16 offset `unit` in `text`, or `None` when it falls
/// inside a surrogate pair or past the end.
pub fn utf16_to_byte(text: &str, unit: usize) -> Option<usize> {
    let mut u = 0;
    for (i, ch) in text.char_indices() {
        if u == unit {
            return Some(i);
        }
        u += ch.len_utf16();
        if u > unit {
            return None;
        }
    }
    (u == unit).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_astral() {
        let s = "a😀é b";
        let mut m = Utf16Map::new(s);
        assert_eq!(m.to_utf16(0), 0);
        assert_eq!(m.to_utf16(1), 1);
        assert_eq!(m.to_utf16(5), 3); // after the emoji: 2 units
        assert_eq!(m.to_utf16(7), 4); // after é
        assert_eq!(m.to_utf16(s.len()), 6);
        assert_eq!(utf16_to_byte(s, 3), Some(5));
        assert_eq!(utf16_to_byte(s, 2), None); // inside the surrogate pair
        assert_eq!(utf16_to_byte(s, 6), Some(s.len()));
    }
}
