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
    pub(crate) fn utf16_at(&mut self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        if at < self.byte {
            self.unit -= utf16_len(&bytes[at..self.byte]);
        } else {
            self.unit += utf16_len(&bytes[self.byte..at]);
        }
        self.byte = at;
        self.unit
    }
}

/// UTF-16 length of a run of valid UTF-8 that starts and ends on char
/// boundaries: every byte that is not a continuation byte (`10xxxxxx`)
/// starts a char of one unit, and a four-byte lead (`11110xxx`) starts a
/// char of two. Counted eight bytes at a time (no branch per byte): this
/// runs over every byte before every finding.
fn utf16_len(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut units = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        if x & HIGH == 0 {
            units += 8;
            continue;
        }
        // Bit 7 of each byte: continuation (10) and four-byte lead (1111).
        // The shifts carry a byte's bit 7 into the next byte's bit 0, which
        // the mask drops.
        let continuation = x & !(x << 1) & HIGH;
        let lead4 = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
        units += 8 - continuation.count_ones() as usize + lead4.count_ones() as usize;
    }
    units + chunks.remainder().iter().map(|&c| usize::from(c & 0xC0 != 0x80) + usize::from(c >= 0xF0)).sum::<usize>()
}

/// Whether `b` holds U+FFFD (`EF BF BD`), which is what `TextEncoder`
/// writes for a lone surrogate. Without one, the string the bytes came from
/// had no lone surrogate, so JavaScript can splice pieces into its own string
/// as it is instead of a well-formed copy (`toWellFormed` reads every unit
/// of a two-byte string: 40–120 µs on a 100 KB body with one emoji, against
/// a few µs for this 16-byte search).
///
/// ```ignore
/// assert!(holds_replacement("a\u{FFFD}".as_bytes()) && !holds_replacement("é😀".as_bytes()));
/// ```
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn holds_replacement(b: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = crate::detect::find::find_any(b, from, [0xEF]) {
        if b[i + 1..].starts_with(&[0xBF, 0xBD]) {
            return true;
        }
        from = i + 1;
    }
    false
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
        assert_eq!(m.utf16_at(0), 0);
        assert_eq!(m.utf16_at(1), 1);
        assert_eq!(m.utf16_at(5), 3); // after the emoji: 2 units
        assert_eq!(m.utf16_at(7), 4); // after é
        assert_eq!(m.utf16_at(s.len()), 6);
        assert_eq!(utf16_to_byte(s, 3), Some(5));
        assert_eq!(utf16_to_byte(s, 2), None); // inside the surrogate pair
        assert_eq!(utf16_to_byte(s, 6), Some(s.len()));
    }

    proptest::proptest! {
        /// The word-at-a-time count agrees with std's per-char count at
        /// every char boundary, over mixes of 1-, 2-, 3- and 4-byte chars.
        #[test]
        fn utf16_len_matches_chars(chars in proptest::collection::vec(proptest::sample::select(vec!['a', '7', ' ', 'é', 'ß', '€', '中', '😀', '𝄞', '\u{7f}', '\u{80}', '\u{ffff}', '\u{10000}']), 0..80)) {
            let s: String = chars.into_iter().collect();
            let mut m = Utf16Map::new(&s);
            for (i, _) in s.char_indices().chain([(s.len(), ' ')]) {
                proptest::prop_assert_eq!(m.utf16_at(i), s[..i].encode_utf16().count());
                proptest::prop_assert_eq!(utf16_len(&s.as_bytes()[..i]), s[..i].encode_utf16().count());
            }
        }

        /// The search agrees with `str::contains` over mixes that hold other
        /// chars starting with `EF` and U+FFFD at any place, tails included.
        #[test]
        fn holds_replacement_is_contains(chars in proptest::collection::vec(proptest::sample::select(vec!['a', ' ', 'é', '\u{FFFD}', '\u{FFFC}', '\u{FEFF}', '\u{FFBD}', '\u{F000}', '中', '😀']), 0..60)) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(holds_replacement(s.as_bytes()), s.contains('\u{FFFD}'));
        }

        /// Any order of offsets, backwards included: the UTF-16 length of the text before.
        #[test]
        fn any_order_is_the_length_before(s in "[aé😀 ]{0,24}", picks in proptest::collection::vec(0usize..30, 0..12)) {
            let bounds: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            let mut m = Utf16Map::new(&s);
            for p in picks {
                let at = bounds[p % bounds.len()];
                proptest::prop_assert_eq!(m.utf16_at(at), s[..at].encode_utf16().count());
            }
        }
    }
}
