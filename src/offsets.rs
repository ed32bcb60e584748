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

    /// UTF-16 offset of byte offset `at`. Costs the distance from the
    /// previous offset asked: findings come by start, so a finding nested
    /// in the previous one steps back inside it. (Restarting from the
    /// beginning there made text full of URLs with a finding inside
    /// quadratic: 4 s for 640 KB.)
    pub(crate) fn to_utf16(&mut self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        while self.byte > at {
            if bytes[self.byte - 1] < 0x80 {
                self.byte -= 1;
                self.unit -= 1;
            } else {
                let ch = self.text[..self.byte].chars().next_back().expect("char boundary");
                self.byte -= ch.len_utf8();
                self.unit -= ch.len_utf16();
            }
        }
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

    proptest::proptest! {
        /// Any order of offsets, backwards included: the UTF-16 length of the text before.
        #[test]
        fn any_order_is_the_length_before(s in "[aé😀 ]{0,24}", picks in proptest::collection::vec(0usize..30, 0..12)) {
            let bounds: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            let mut m = Utf16Map::new(&s);
            for p in picks {
                let at = bounds[p % bounds.len()];
                proptest::prop_assert_eq!(m.to_utf16(at), s[..at].encode_utf16().count());
            }
        }
    }
}
