//! Byte offsets (what Rust slices with) to UTF-16 code-unit offsets (what
//! JavaScript's `String.prototype.slice` takes).

/// Converts a sorted-or-not list of byte offsets into UTF-16 offsets in one
/// pass over `text`. Every offset must fall on a char boundary.
pub(crate) struct Utf16Map<'a> {
    text: &'a str,
    // (byte offset, utf16 offset) checkpoints, monotonically increasing.
    byte: usize,
    unit: usize,
    /// The text's [`Marks`], when it came with them: then the offsets are
    /// looked up there, not counted over the text.
    marks: Option<&'a [(u32, u32)]>,
    /// How many marks end at or before the offset asked last.
    mark: usize,
}

/// Where a text's UTF-8 and UTF-16 offsets part: the end of each char that
/// is not ASCII, as a UTF-8 offset and the UTF-16 offset it stands for, in
/// order. Between two, every char is ASCII, so any offset is a look-up
/// away (see [`Utf16Map::with_marks`]). [`FromUtf16`]
/// records them as it goes.
pub(crate) type Marks = Vec<(u32, u32)>;

impl<'a> Utf16Map<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Utf16Map { text, byte: 0, unit: 0, marks: None, mark: 0 }
    }

    /// A map of `text` that looks its offsets up in `marks` (which must be
    /// the text's own) instead of counting the bytes before each: from the
    /// mark of the offset asked before, stepping on (findings come in
    /// order), or by a binary search among the marks before it for one
    /// asked out of order, where counting read every byte of the text once
    /// more. (A binary search for every offset was 2.6% of a 100 KB JSON
    /// body's scan in wasm.)
    #[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
    pub(crate) fn with_marks(text: &'a str, marks: &'a [(u32, u32)]) -> Self {
        Utf16Map { text, byte: 0, unit: 0, marks: Some(marks), mark: 0 }
    }

    /// UTF-16 offset of byte offset `at`. Costs the distance from the
    /// previous offset asked: findings come by start, so a finding nested
    /// in the previous one steps back inside it. (Restarting from the
    /// beginning there made text full of URLs with a finding inside
    /// quadratic: 4 s for 640 KB.)
    pub(crate) fn utf16_at(&mut self, at: usize) -> usize {
        if let Some(marks) = self.marks {
            let mut i = self.mark;
            if i > 0 && marks[i - 1].0 as usize > at {
                i = marks[..i - 1].partition_point(|&(byte, _)| byte as usize <= at);
            } else {
                while marks.get(i).is_some_and(|&(byte, _)| byte as usize <= at) {
                    i += 1;
                }
            }
            self.mark = i;
            return if i == 0 { at } else { marks[i - 1].1 as usize + (at - marks[i - 1].0 as usize) };
        }
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

/// Makes UTF-8 of `units` UTF-16 code units in one buffer: the units are
/// read little-endian from `buf[lead..lead + 2 * units]` and their UTF-8 is
/// written from `buf[0]`; returns its length in bytes, or `None` when it
/// would overtake the units not yet read. Each lone surrogate becomes
/// U+FFFD, as `TextEncoder` and [`String::from_utf16_lossy`] make it.
/// [`FromUtf16`] with the whole text as one chunk (see there for the
/// `lead` a text needs, and the marks).
#[cfg(test)]
pub(crate) fn utf8_from_utf16_in_place(buf: &mut [u8], lead: usize, units: usize, marks: &mut Marks) -> Option<(usize, bool)> {
    let mut t = FromUtf16::new(units, marks);
    t.chunk(buf, lead, units, marks).then(|| (t.written(), t.marked()))
}

/// The UTF-8 of a text's UTF-16 code units, made a chunk of units at a
/// time in one buffer, each chunk's after what the chunks before it made.
///
/// What the wasm binding's `fromUtf16` runs: under Node, JavaScript copies a
/// string's units into the module's memory (`Buffer.write(…, 'utf16le')`,
/// a copy) in a tenth of what `TextEncoder.encodeInto` takes for a string
/// that is not all ASCII, and this makes the UTF-8 of 32 ASCII units a step.
/// A chunk at a time (JavaScript copies the next chunk's units where the
/// last one's UTF-8 ends, and a lead after it), the buffer needs room for
/// the UTF-8 and one chunk's units, not for all the units: about a byte a
/// unit for mostly ASCII text, not two.
///
/// Each chunk is made in place, written as it is read, behind the reading:
/// an ASCII unit takes two bytes and makes one, so the gap between them
/// grows by one; a two-byte char, or a pair of units (four bytes, one char
/// of four), keeps it; only a char of three bytes from one unit (U+0800 and
/// up: CJK, `€`, curly quotes) narrows it, by one. So a lead of one byte a
/// unit of the chunk (or more) always suffices; with a shorter one, a chunk whose
/// three-byte chars outnumber its ASCII ones by more than the lead in some
/// prefix is refused, and the text must be encoded another way.
///
/// Also records the text's [`Marks`], for the findings' UTF-16 offsets,
/// and says whether they are all there: a text with more than one char in
/// eight not ASCII (CJK, say) gets none, and its offsets are counted over
/// the text instead, so the marks take about the text's size at most
/// (eight bytes a mark, and the vector's doubling).
///
/// A pair of surrogates split between two chunks is two lone ones: the
/// caller ends a chunk before a high surrogate that has units after it.
// Only the wasm binding calls it (and the tests).
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
pub(crate) struct FromUtf16 {
    /// Bytes of UTF-8 made so far, from the buffer's start.
    written: usize,
    /// Units read so far.
    read: usize,
    /// Whether the marks hold every mark so far.
    marked: bool,
    /// The most marks kept: one for every eight units of the whole text, and sixteen.
    most: usize,
}

#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
impl FromUtf16 {
    /// The start of a text of `units` units in all; `marks` is emptied.
    pub(crate) fn new(units: usize, marks: &mut Marks) -> Self {
        marks.clear();
        FromUtf16 { written: 0, read: 0, marked: true, most: units / 8 + 16 }
    }

    /// Bytes of UTF-8 made so far: where the next chunk's lead begins.
    pub(crate) fn written(&self) -> usize {
        self.written
    }

    /// Units read so far.
    pub(crate) fn read_units(&self) -> usize {
        self.read
    }

    /// Whether `marks` holds every [`Marks`] entry of the text made so far.
    pub(crate) fn marked(&self) -> bool {
        self.marked
    }

    /// Makes the UTF-8 of the next `units` units, read little-endian from
    /// `buf[w + lead..w + lead + 2 * units]` where `w` is [`written`]
    /// (`FromUtf16::written`), written from `buf[w]` on. False when it
    /// would overtake the units not yet read (see above: never with a
    /// `lead` of `units`); the buffer and the marks are then undefined.
    ///
    /// # Panics
    /// If `buf` is shorter than `w + lead + 2 * units`.
    pub(crate) fn chunk(&mut self, buf: &mut [u8], lead: usize, units: usize, marks: &mut Marks) -> bool {
        let start = self.written + lead;
        assert!(buf.len() >= start + 2 * units, "room for the units after the lead");
        let end = start + 2 * units;
        let (mut r, mut w) = (start, self.written);
        while r < end {
            // ASCII 32 units a step.
            while r + 64 <= end && ascii_step(buf, r, w) {
                (r, w) = (r + 64, w + 32);
            }
            // Then a unit at a time until the next ASCII step (or the end).
            let stop = (r + 64).min(end);
            while r < stop {
                let u = u32::from(u16::from_le_bytes([buf[r], buf[r + 1]]));
                r += 2;
                if u < 0x80 {
                    buf[w] = u as u8;
                    w += 1;
                    continue;
                }
                let c = if (0xD800..0xDC00).contains(&u) && r < end {
                    let v = u32::from(u16::from_le_bytes([buf[r], buf[r + 1]]));
                    if (0xDC00..0xE000).contains(&v) {
                        r += 2;
                        0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00)
                    } else {
                        0xFFFD
                    }
                } else if (0xD800..0xE000).contains(&u) {
                    0xFFFD
                } else {
                    u
                };
                // Only a char of three bytes from one unit narrows the gap.
                if (0x800..0x10000).contains(&c) && w + 3 > r {
                    return false;
                }
                let c = char::from_u32(c).expect("a scalar value: surrogates were replaced");
                // Through a copy: the last char's four bytes of room may pass
                // the buffer's end. Byte by byte, not `copy_from_slice`: a copy
                // of a length not known at compile time is a call to
                // `memory.copy` in V8 (with that call for every unit, and no
                // branch for ASCII units above, the 100 KB body took 33 us
                // against 14.5).
                let mut utf8 = [0u8; 4];
                let n = c.encode_utf8(&mut utf8).len();
                for &byte in &utf8[..n] {
                    buf[w] = byte;
                    w += 1;
                }
                if self.marked {
                    if marks.len() == self.most {
                        self.marked = false;
                        *marks = Vec::new();
                    } else {
                        marks.push((w as u32, (self.read + (r - start) / 2) as u32));
                    }
                }
            }
        }
        (self.written, self.read) = (w, self.read + units);
        true
    }
}

/// If the 32 little-endian UTF-16 units at `buf[r..r + 64]` are all ASCII,
/// writes their 32 bytes at `buf[w..w + 32]` and says so. `w <= r`: the
/// units are read before their bytes are written.
#[inline]
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn ascii_step(buf: &mut [u8], r: usize, w: usize) -> bool {
    assert!(w <= r && r + 64 <= buf.len(), "a step within the buffer, written behind where it reads");
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{u16x8_splat, u8x16_narrow_i16x8, v128, v128_and, v128_any_true, v128_load, v128_or, v128_store};
        // SAFETY: reads of buf[r..r + 64] and writes of buf[w..w + 32],
        // inside `buf` by the assertion above (wasm loads and stores have no
        // alignment requirement); all four loads come before the stores.
        unsafe {
            let p = buf.as_mut_ptr();
            let (a, b, c, d) = (v128_load(p.add(r).cast()), v128_load(p.add(r + 16).cast()), v128_load(p.add(r + 32).cast()), v128_load(p.add(r + 48).cast::<v128>()));
            if v128_any_true(v128_and(v128_or(v128_or(a, b), v128_or(c, d)), u16x8_splat(0xFF80))) {
                return false;
            }
            v128_store(p.add(w).cast(), u8x16_narrow_i16x8(a, b));
            v128_store(p.add(w + 16).cast(), u8x16_narrow_i16x8(c, d));
        }
        true
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let word = |i: usize| u64::from_le_bytes(buf[i..i + 8].try_into().expect("8 bytes"));
        if (r..r + 64).step_by(8).fold(0, |m, i| m | word(i)) & 0xFF80_FF80_FF80_FF80 != 0 {
            return false;
        }
        for k in 0..32 {
            buf[w + k] = buf[r + 2 * k];
        }
        true
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
    use proptest::strategy::Strategy;

    /// `units` in a buffer laid out as `utf8_from_utf16_in_place` reads it,
    /// after `lead` bytes, with ASCII units after them (a room kept from a
    /// longer input), which must not be read; `None` when the output would
    /// overtake them, which must be exactly when [`fits`] says so.
    fn transcoded_after(units: &[u16], lead: usize) -> Option<Vec<u8>> {
        // ASCII units after a text of odd length, lone low halves after
        // one of even length: a read past the end would show as either.
        let filler = if units.len() % 2 == 1 { [b'a', 0] } else { 0xDC00u16.to_le_bytes() };
        let mut buf: Vec<u8> = std::iter::repeat_n(filler, lead + units.len() + 40).flatten().collect();
        for (k, u) in units.iter().enumerate() {
            buf[lead + 2 * k..lead + 2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        let mut marks = Marks::new();
        let out = utf8_from_utf16_in_place(&mut buf, lead, units.len(), &mut marks);
        assert_eq!(out.is_some(), fits(units, lead), "{units:x?} after {lead}");
        let (n, marked) = out?;
        buf.truncate(n);
        // The marks give every char boundary's UTF-16 offset, as counting does.
        let text = std::str::from_utf8(&buf).expect("UTF-8");
        assert_eq!(marked, marks.len() == text.chars().filter(|c| !c.is_ascii()).count(), "all the marks, or none");
        if marked {
            let (mut counted, mut looked_up) = (Utf16Map::new(text), Utf16Map::with_marks(text, &marks));
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(looked_up.utf16_at(at), counted.utf16_at(at), "{at} in {text:?}");
            }
        } else {
            assert!(marks.is_empty() && text.chars().filter(|c| !c.is_ascii()).count() > units.len() / 8 + 16);
        }
        Some(buf)
    }

    /// Whether the UTF-8 of `units`, written from the start of a buffer
    /// whose units start at byte `lead`, stays behind the unit being read:
    /// counted char by char (lone surrogates as U+FFFD, three bytes).
    fn fits(units: &[u16], lead: usize) -> bool {
        let mut gap = lead as isize;
        for c in std::char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or('\u{FFFD}')) {
            let (read, written) = (2 * c.len_utf16() as isize, c.len_utf8() as isize);
            if gap + read < written {
                return false;
            }
            gap += read - written;
        }
        true
    }

    /// With the lead of half the units' bytes, as much as the output can
    /// outgrow them: always there.
    fn transcoded(units: &[u16]) -> Vec<u8> {
        transcoded_after(units, units.len()).expect("a lead of one byte a unit is always enough")
    }

    #[test]
    fn utf8_from_utf16_cases() {
        for s in ["", "a", "é", "中", "😀", "Ana María López, MRN 00482913; 中文 😀 end", &"x".repeat(200), &format!("{}é{}", "a".repeat(63), "b".repeat(70))] {
            let units: Vec<u16> = s.encode_utf16().collect();
            assert_eq!(transcoded(&units), s.as_bytes(), "{s:?}");
        }
        // Lone surrogates, alone, at either end, and a pair reversed.
        for units in [&[0xD800u16][..], &[0xDC00], &[0x61, 0xD83D], &[0xDE00, 0x61], &[0xDE00, 0xD83D], &[0xD83D, 0xD83D, 0xDE00]] {
            assert_eq!(transcoded(units), String::from_utf16_lossy(units).as_bytes(), "{units:x?}");
        }
        // More than one char in eight not ASCII: no marks.
        let cjk: Vec<u16> = "中文 ".repeat(40).encode_utf16().collect();
        assert_eq!(transcoded(&cjk), "中文 ".repeat(40).as_bytes());
        // A short lead: enough for ASCII first, not for CJK first.
        let units: Vec<u16> = format!("{}中文", "a".repeat(3)).encode_utf16().collect();
        assert_eq!(transcoded_after(&units, 0).as_deref(), Some(format!("{}中文", "a".repeat(3)).as_bytes()));
        assert_eq!(transcoded_after(&"中".encode_utf16().collect::<Vec<_>>(), 0), None);
        assert_eq!(transcoded_after(&[0xD800], 0), None, "a lone surrogate makes three bytes");
        assert!(transcoded_after(&"中".repeat(9).encode_utf16().collect::<Vec<_>>(), 8).is_none());
        assert!(transcoded_after(&"中".repeat(9).encode_utf16().collect::<Vec<_>>(), 9).is_some());
    }

    /// `units` made a chunk at a time as the wasm binding lays them out:
    /// each chunk's units written after the UTF-8 made so far and a lead as
    /// long as the chunk, over bytes of earlier texts (ASCII units, lone low
    /// halves), the chunks ending at `ends`. The UTF-8, and whether every
    /// mark is there, the marks checked against counting.
    fn transcoded_in_chunks(units: &[u16], ends: &[usize]) -> (Vec<u8>, bool) {
        let mut buf: Vec<u8> = std::iter::repeat_n([b'a', 0, 0x00, 0xDC], 2 * units.len() + 64).flatten().collect();
        let mut marks = Marks::new();
        let mut t = FromUtf16::new(units.len(), &mut marks);
        let mut from = 0;
        for &end in ends {
            let (k, w) = (end - from, t.written());
            for (i, u) in units[from..end].iter().enumerate() {
                buf[w + k + 2 * i..w + k + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            assert!(t.chunk(&mut buf, k, k, &mut marks), "a lead of one byte a unit is always enough");
            assert_eq!(t.read_units(), end);
            from = end;
        }
        buf.truncate(t.written());
        let text = std::str::from_utf8(&buf).expect("UTF-8");
        if t.marked() {
            assert_eq!(marks.len(), text.chars().filter(|c| !c.is_ascii()).count(), "all the marks");
            let (mut counted, mut looked_up) = (Utf16Map::new(text), Utf16Map::with_marks(text, &marks));
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for &at in &bounds {
                assert_eq!(looked_up.utf16_at(at), counted.utf16_at(at), "{at} in {text:?}");
            }
            // Out of order too, as nested findings ask: back to the start,
            // then every third, every other one back, and each one again.
            let shuffled = bounds.iter().rev().chain(bounds.iter().step_by(3)).chain(bounds.iter().rev().step_by(2)).chain(bounds.iter().flat_map(|b| [b, b]));
            for &at in shuffled {
                assert_eq!(looked_up.utf16_at(at), counted.utf16_at(at), "{at} out of order in {text:?}");
            }
        }
        (buf, t.marked())
    }

    /// `ends` without those that fall after a high surrogate, but the
    /// text's own end: the chunks JavaScript cuts (js/src/common/guard.ts
    /// `chunkEnd`) never end there.
    fn whole_pairs(units: &[u16], mut ends: Vec<usize>) -> Vec<usize> {
        ends.retain(|&e| e == units.len() || !(0xD800..0xDC00).contains(&units[e - 1]));
        ends
    }

    #[test]
    fn chunks_make_the_text_the_whole_does() {
        let s = format!("{}中文 é 😀 {}", "Ana María López, MRN 00482913; ".repeat(5), "x".repeat(90));
        let units: Vec<u16> = s.encode_utf16().collect();
        for ends in [vec![units.len()], vec![1, units.len()], vec![64, 65, 130, units.len()], (1..=units.len()).collect()] {
            let ends = whole_pairs(&units, ends);
            assert_eq!(transcoded_in_chunks(&units, &ends).0, s.as_bytes(), "{ends:?}");
        }
        // All CJK, chunk after chunk: the lead of a chunk's length holds.
        let cjk: Vec<u16> = "中".repeat(300).encode_utf16().collect();
        assert_eq!(transcoded_in_chunks(&cjk, &[100, 200, 300]).0, "中".repeat(300).as_bytes());
        // A pair cut between two chunks is two lone halves (the caller's
        // to avoid): each its own U+FFFD.
        let pair: Vec<u16> = "a😀b".encode_utf16().collect();
        assert_eq!(transcoded_in_chunks(&pair, &[2, 4]).0, "a\u{FFFD}\u{FFFD}b".as_bytes());
        // The marks' cap counts the whole text's units, not a chunk's.
        let sparse: Vec<u16> = format!("{}{}", "é".repeat(20), "a".repeat(2000)).encode_utf16().collect();
        assert!(transcoded_in_chunks(&sparse, &[10, 20, sparse.len()]).1, "20 marks, 16 + 2,020 / 8 kept");
        let dense: Vec<u16> = "éa".repeat(300).encode_utf16().collect();
        assert!(!transcoded_in_chunks(&dense, &[100, 600]).1, "300 marks, more than 16 + 600 / 8");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, ..proptest::prelude::ProptestConfig::default() })]

        /// The UTF-8 of any units, lone surrogates as U+FFFD: ASCII runs
        /// long enough for the 32-unit steps, broken at any place by
        /// two- and three-byte chars, pairs (split across a step's edge
        /// too) and lone halves.
        #[test]
        fn utf8_from_utf16_is_from_utf16_lossy(parts in proptest::collection::vec(proptest::prop_oneof![
            4 => (1usize..80).prop_map(|n| vec![u16::from(b'a'); n]),
            2 => proptest::sample::select(vec![vec![0xE9u16], vec![0x7F], vec![0x80], vec![0x7FF], vec![0x800], vec![0x4E2D], vec![0xFFFF], vec![0xD83D, 0xDE00]]),
            1 => proptest::sample::select(vec![vec![0xD800u16], vec![0xDBFF], vec![0xDC00], vec![0xDFFF]]),
        ], 0..40)) {
            let units: Vec<u16> = parts.concat();
            proptest::prop_assert_eq!(transcoded(&units), String::from_utf16_lossy(&units).into_bytes());
            // Any lead: the same bytes, or none exactly when they would overtake the units.
            for lead in [0, 1, 3, 16] {
                if let Some(out) = transcoded_after(&units, lead) {
                    proptest::prop_assert_eq!(out, String::from_utf16_lossy(&units).into_bytes());
                }
            }
            // In chunks, cut where the parts meet (never inside a pair):
            // every other meeting, and every one.
            let meets: Vec<usize> = parts.iter().scan(0, |at, p| { *at += p.len(); Some(*at) }).collect();
            for ends in [meets.iter().copied().skip(1).step_by(2).chain(meets.last().copied()).collect::<Vec<_>>(), meets.clone()] {
                let mut ends = whole_pairs(&units, ends);
                ends.dedup();
                ends.retain(|&e| e > 0);
                proptest::prop_assert_eq!(transcoded_in_chunks(&units, &ends).0, String::from_utf16_lossy(&units).into_bytes());
            }
        }
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
