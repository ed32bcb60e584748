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
            self.unit -= utf16_len(bytes, at, self.byte);
        } else {
            self.unit += utf16_len(bytes, self.byte, at);
        }
        self.byte = at;
        self.unit
    }
}

/// The high bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// UTF-16 length of `b[from..to]`, valid UTF-8 that starts and ends on
/// char boundaries: every byte that is not a continuation byte
/// (`10xxxxxx`) starts a char of one unit, and a four-byte lead
/// (`11110xxx`) starts a char of two. Counted 32 bytes a step while they
/// are ASCII and a word (eight bytes) a step otherwise, with no branch per
/// byte, the last few bytes too: this runs over every byte before every
/// finding, and `to` is a finding's start or end, so each call has a tail.
fn utf16_len(b: &[u8], from: usize, to: usize) -> usize {
    let run = &b[from..to];
    let mut blocks = run.chunks_exact(32);
    let mut units = 0;
    for c in &mut blocks {
        let w = |k: usize| u64::from_le_bytes(c[k..k + 8].try_into().expect("8 bytes"));
        let (w0, w1, w2, w3) = (w(0), w(8), w(16), w(24));
        units += if (w0 | w1 | w2 | w3) & HIGH == 0 { 32 } else { word_units(w0) + word_units(w1) + word_units(w2) + word_units(w3) };
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for c in &mut words {
        units += word_units(u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let tail = words.remainder().len();
    if tail == 0 {
        units
    } else if to >= 8 {
        // The word that ends at `to`, shifted so that only its last `tail`
        // bytes are left, under zero bytes that count one unit each.
        let last = u64::from_le_bytes(b[to - 8..to].try_into().expect("8 bytes"));
        units + word_units(last >> (8 * (8 - tail))) - (8 - tail)
    } else {
        units + words.remainder().iter().map(|&c| usize::from(c & 0xC0 != 0x80) + usize::from(c >= 0xF0)).sum::<usize>()
    }
}

/// UTF-16 units begun by the eight bytes of `x` (a little-endian word of
/// UTF-8), as [`utf16_len`] counts them.
fn word_units(x: u64) -> usize {
    if x & HIGH == 0 {
        return 8;
    }
    // Bit 7 of each byte: continuation (10) and four-byte lead (1111).
    // The shifts carry a byte's top bits into the next byte's low bits,
    // which the mask drops.
    let continuation = x & !(x << 1) & HIGH;
    let lead4 = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
    8 - continuation.count_ones() as usize + lead4.count_ones() as usize
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

/// `bytes` as a `&str` when they are UTF-8, as [`std::str::from_utf8`]
/// decides, in less time on text that is mostly ASCII: stretches of ASCII go
/// 32 bytes a step, and only each run of bytes from 0x80 is handed to the
/// standard check. In wasm32 the standard check's ASCII path takes two
/// 4-byte words a step, about 3 instructions a byte: 2-3% of a scan.
///
/// Sound because an ASCII byte is never part of a multi-byte sequence: the
/// bytes are UTF-8 exactly when every maximal run of bytes from 0x80 is
/// UTF-8 on its own (it starts after an ASCII byte or at the start, so at a
/// character's first byte, and ends before one, so at a character's end).
///
/// ```
/// assert_eq!(phi_guard::text_from_utf8("Ana María 😀".as_bytes()), Some("Ana María 😀"));
/// assert_eq!(phi_guard::text_from_utf8(b"Ana Mar\xEDa"), None);
/// ```
pub fn text_from_utf8(bytes: &[u8]) -> Option<&str> {
    let mut i = 0;
    loop {
        i = next_non_ascii(bytes, i);
        if i == bytes.len() {
            break;
        }
        let run_end = bytes[i..].iter().position(|&c| c < 0x80).map_or(bytes.len(), |k| i + k);
        std::str::from_utf8(&bytes[i..run_end]).ok()?;
        i = run_end;
    }
    // SAFETY: every run of bytes from 0x80 was checked above and the rest is
    // ASCII, so `bytes` is UTF-8 (see the doc comment; `text_from_utf8_is_from_utf8`
    // holds it to the standard check).
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// The first byte at or after `i` that is not ASCII, or the length.
fn next_non_ascii(b: &[u8], mut i: usize) -> usize {
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("8 bytes"));
    while let Some(step) = b.get(i..i + 32) {
        let step: &[u8; 32] = step.try_into().expect("32 bytes");
        let (w0, w1, w2, w3) = (word(&step[..8]), word(&step[8..16]), word(&step[16..24]), word(&step[24..]));
        if (w0 | w1 | w2 | w3) & HIGH != 0 {
            break;
        }
        i += 32;
    }
    b[i..].iter().position(|&c| c >= 0x80).map_or(b.len(), |k| i + k)
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, ..proptest::prelude::ProptestConfig::default() })]
        /// The same answer as `std::str::from_utf8` on bytes made of ASCII,
        /// whole characters, and the bytes of broken ones (lone
        /// continuations, cut sequences, overlong forms, surrogates, 0xF5
        /// and up), at any place of texts longer than a step.
        #[test]
        fn text_from_utf8_is_from_utf8(parts in proptest::collection::vec(proptest::prop_oneof![
            4 => proptest::sample::select(vec![&b"a"[..], b"Ana Maria Lopez, MRN 00482913 ", b" ", b"\x7F", b"\x00"]),
            2 => proptest::sample::select(vec!["é".as_bytes(), "中".as_bytes(), "😀".as_bytes(), "\u{FFFD}".as_bytes()]),
            1 => proptest::sample::select(vec![&b"\x80"[..], b"\xBF", b"\xC3", b"\xE4\xB8", b"\xF0\x9F\x98", b"\xC0\xAF", b"\xE0\x80\xAF", b"\xED\xA0\x80", b"\xF5\x80\x80\x80", b"\xFF"]),
        ], 0..40)) {
            let b = parts.concat();
            proptest::prop_assert_eq!(text_from_utf8(&b), std::str::from_utf8(&b).ok());
        }
    }

    #[test]
    fn text_from_utf8_finds_a_bad_byte_anywhere() {
        // One bad or good non-ASCII sequence at every place of an ASCII text
        // of a few steps, so each word of a step and the tail are tried.
        let ascii = b"2024-06-13T02:05:21.899Z INFO patient=Ana MRN=00482913 ok".repeat(2);
        for at in 0..=ascii.len() {
            for (insert, ok) in [(&b"\xFF"[..], false), (b"\xC3", false), (b"\xA9", false), ("é".as_bytes(), true), ("😀".as_bytes(), true)] {
                let mut b = ascii.clone();
                b.splice(at..at, insert.iter().copied());
                assert_eq!(text_from_utf8(&b).is_some(), ok, "{insert:?} at {at}");
            }
        }
        assert_eq!(text_from_utf8(b""), Some(""));
    }

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

    #[test]
    fn utf16_len_edges() {
        // Empty runs, at the start, inside and at the end.
        let s = "ab😀cd";
        for k in [0, 2, 6, s.len()] {
            assert_eq!(utf16_len(s.as_bytes(), k, k), 0);
        }
        // Runs that end before byte 8 (no whole word behind them).
        assert_eq!(utf16_len(s.as_bytes(), 0, 6), 4);
        assert_eq!(utf16_len(s.as_bytes(), 2, 6), 2);
        // A tail whose word holds non-ASCII bytes before `from`: shifted out.
        let t = "😀é中x😀yz";
        let at = "😀é中x".len();
        assert_eq!(utf16_len(t.as_bytes(), at, t.len()), 4);
        // A four-byte char across a word edge and across a 32-byte block edge.
        for pad in 0..40 {
            let u = format!("{}😀é{}", "a".repeat(pad), "b".repeat(pad % 9));
            let b = u.as_bytes();
            assert_eq!(utf16_len(b, 0, b.len()), u.encode_utf16().count(), "{pad}");
            assert_eq!(utf16_len(b, pad, b.len()), u[pad..].encode_utf16().count(), "{pad}");
            assert_eq!(utf16_len(b, 0, pad + 4), pad + 2, "{pad}");
        }
        assert_eq!(word_units(0), 8);
        assert_eq!(word_units(u64::from_le_bytes(*b"\xF0\x9F\x98\x80\xC3\xA9ab")), 5);
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
                proptest::prop_assert_eq!(utf16_len(s.as_bytes(), 0, i), s[..i].encode_utf16().count());
            }
        }

        /// Any run between char boundaries, 32-byte blocks, words and tails
        /// of every length: the UTF-16 length of its text.
        #[test]
        fn any_run_is_its_length(chars in proptest::collection::vec(proptest::sample::select(vec!['a', ' ', 'é', '中', '😀', '\u{ffff}', '\u{10000}']), 0..90), x in 0usize..200, y in 0usize..200) {
            let s: String = chars.into_iter().collect();
            let bounds: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            let (a, b) = (bounds[x % bounds.len()], bounds[y % bounds.len()]);
            let (from, to) = (a.min(b), a.max(b));
            proptest::prop_assert_eq!(utf16_len(s.as_bytes(), from, to), s[from..to].encode_utf16().count());
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
