//! Byte searches that detectors run over a whole segment, 16 bytes at a
//! time. In the wasm build (`+simd128`, see `.cargo/config.toml`) a
//! [`Lanes`] is one SIMD register and a step costs a handful of
//! instructions; elsewhere it is a `[u8; 16]` compared byte by byte. The
//! search logic around it (chunking, tails, offsets) is the same code in both
//! builds and is property-tested natively against `iter().position`; only
//! the five [`Lanes`] primitives differ, each one intrinsic.
//!
//! A search that visits every byte costs about 1 ms per MB in wasm; these
//! cost about a tenth of that while the bytes they look for are rare ('@',
//! '[', an IBAN's head). Dense searches (every digit, every word start) gain
//! little and stay byte loops.

/// The first position at or after `from` holding one of `needles`.
///
/// ```ignore
/// assert_eq!(find_any(b"name: x@y", 0, [b'@', b'%']), Some(7));
/// ```
pub(crate) fn find_any<const N: usize>(b: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    let mut i = from;
    while i + 16 <= b.len() {
        let v = Lanes::load(b, i);
        let mut hit = 0u16;
        for n in needles {
            hit |= v.eq(n);
        }
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    b.get(i..)?.iter().position(|c| needles.contains(c)).map(|j| i + j)
}

/// The first position `p` at or after `from` where `b[p]` and `b[p + 1]`
/// are ASCII capitals and `b[p + 2]` and `b[p + 3]` ASCII digits: where an
/// IBAN can start (`financial::iban_at` needs all four).
pub(crate) fn find_iban_head(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Four loads a step, at i..i + 3: the last needs i + 19 <= len.
    while i + 19 <= b.len() {
        let hit = Lanes::load(b, i).range(b'A', b'Z') & Lanes::load(b, i + 1).range(b'A', b'Z') & Lanes::load(b, i + 2).range(b'0', b'9') & Lanes::load(b, i + 3).range(b'0', b'9');
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize);
        }
        i += 16;
    }
    let head = |p: usize| b[p].is_ascii_uppercase() && b[p + 1].is_ascii_uppercase() && b[p + 2].is_ascii_digit() && b[p + 3].is_ascii_digit();
    (i..b.len().saturating_sub(3)).find(|&p| head(p))
}

/// The digit index of `b` (see `super::Index`): where digit runs start
/// (not after an ASCII letter or digit), the `+` and `(` that start a
/// token, whole-token runs of exactly 17 VIN characters, and the number of
/// digits. Sixteen bytes a step; per step only the positions that matter
/// (digit-run starts, marks, ends of VIN runs) are visited one by one.
pub(crate) fn digit_index(b: &[u8]) -> super::Index {
    use super::{token_end, token_start};
    // Counted first, so the digit starts are allocated once at their size:
    // on text dense with digits they are the largest buffer of a segment
    // (a quarter to a third of its size), and doubling to it held 1.5 times
    // that at once, with up to half of it unused after.
    let starts_len = count_digit_starts(b);
    let mut ix = super::Index { digit_starts: Vec::with_capacity(starts_len), phone_marks: Vec::new(), vin_runs: Vec::new(), digits: 0 };
    // Carried from the previous chunk: whether its last byte was
    // alphanumeric / a VIN character, and where the current VIN run began.
    let (mut prev_alnum, mut prev_vin, mut vin_from) = (0u16, 0u16, 0usize);
    let mut i = 0;
    // The last chunk (possibly empty) is copied into a zeroed buffer: a zero
    // byte is nothing, so a VIN run at the end of `b` ends at `b.len()`.
    while i <= b.len() {
        let v = if i + 16 <= b.len() {
            Lanes::load(b, i)
        } else {
            let mut pad = [0u8; 16];
            pad[..b.len() - i].copy_from_slice(&b[i..]);
            Lanes::load(&pad, 0)
        };
        let digit = v.range(b'0', b'9');
        let alnum = digit | v.alpha();
        let vin = digit | (v.range(b'A', b'Z') & !(v.eq(b'I') | v.eq(b'O') | v.eq(b'Q')));
        ix.digits += digit.count_ones() as usize;
        let mut starts = digit & !((alnum << 1) | prev_alnum);
        while starts != 0 {
            ix.digit_starts.push((i + starts.trailing_zeros() as usize) as u32);
            starts &= starts - 1;
        }
        let mut marks = v.eq(b'+') | v.eq(b'(');
        while marks != 0 {
            let p = i + marks.trailing_zeros() as usize;
            if token_start(b, p) {
                ix.phone_marks.push(p as u32);
            }
            marks &= marks - 1;
        }
        // VIN runs: where one starts (the previous byte is not a VIN
        // character) and where one ends (this byte is not, the previous was).
        let before = (vin << 1) | prev_vin;
        let run_starts = vin & !before;
        let run_ends = !vin & before;
        let mut edges = run_starts | run_ends;
        while edges != 0 {
            let k = edges.trailing_zeros();
            let p = i + k as usize;
            if run_starts & (1 << k) != 0 {
                vin_from = p;
            } else if p <= b.len() && p - vin_from == 17 && token_start(b, vin_from) && token_end(b, p) {
                ix.vin_runs.push((vin_from as u32, p as u32));
            }
            edges &= edges - 1;
        }
        prev_alnum = alnum >> 15;
        prev_vin = vin >> 15;
        i += 16;
    }
    debug_assert_eq!(ix.digit_starts.len(), starts_len);
    ix
}

/// How many digit runs of `b` start after no ASCII letter or digit: the
/// length of [`digit_index`]'s digit starts, by the same 16-byte steps.
fn count_digit_starts(b: &[u8]) -> usize {
    let (mut n, mut prev_alnum, mut i) = (0, 0u16, 0);
    while i < b.len() {
        let v = if i + 16 <= b.len() {
            Lanes::load(b, i)
        } else {
            let mut pad = [0u8; 16];
            pad[..b.len() - i].copy_from_slice(&b[i..]);
            Lanes::load(&pad, 0)
        };
        let digit = v.range(b'0', b'9');
        let alnum = digit | v.alpha();
        n += (digit & !((alnum << 1) | prev_alnum)).count_ones() as usize;
        prev_alnum = alnum >> 15;
        i += 16;
    }
    n
}

/// Sixteen bytes and the comparisons the searches need, each giving one
/// bit a byte (bit k for byte k).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy)]
struct Lanes(core::arch::wasm32::v128);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes {
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> Lanes {
        let chunk = &b[i..i + 16];
        // SAFETY: `chunk` is 16 bytes in bounds (the slice above panics
        // otherwise), and `v128_load` has no alignment requirement.
        Lanes(unsafe { core::arch::wasm32::v128_load(chunk.as_ptr().cast()) })
    }

    #[inline(always)]
    fn eq(self, c: u8) -> u16 {
        use core::arch::wasm32::*;
        u8x16_bitmask(u8x16_eq(self.0, u8x16_splat(c)))
    }

    /// Bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    fn range(self, lo: u8, hi: u8) -> u16 {
        use core::arch::wasm32::*;
        u8x16_bitmask(v128_and(u8x16_ge(self.0, u8x16_splat(lo)), u8x16_le(self.0, u8x16_splat(hi))))
    }

    /// ASCII letters: `A..=Z` after setting bit 5 (`a..=z`), one compare.
    #[inline(always)]
    fn alpha(self) -> u16 {
        use core::arch::wasm32::*;
        let folded = v128_or(self.0, u8x16_splat(0x20));
        u8x16_bitmask(v128_and(u8x16_ge(folded, u8x16_splat(b'a')), u8x16_le(folded, u8x16_splat(b'z'))))
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[derive(Clone, Copy)]
struct Lanes([u8; 16]);

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl Lanes {
    #[inline(always)]
    fn load(b: &[u8], i: usize) -> Lanes {
        Lanes(b[i..i + 16].try_into().expect("16 bytes"))
    }

    #[inline(always)]
    fn mask(self, f: impl Fn(u8) -> bool) -> u16 {
        self.0.iter().enumerate().fold(0, |m, (k, &c)| m | (u16::from(f(c)) << k))
    }

    #[inline(always)]
    fn eq(self, c: u8) -> u16 {
        self.mask(|x| x == c)
    }

    /// Bytes in `lo..=hi` (unsigned).
    #[inline(always)]
    fn range(self, lo: u8, hi: u8) -> u16 {
        self.mask(|x| (lo..=hi).contains(&x))
    }

    /// ASCII letters.
    #[inline(always)]
    fn alpha(self) -> u16 {
        self.mask(|x| x.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes drawn mostly from the ones the searches care about.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop_oneof![Just(b'@'), Just(b'%'), Just(b'['), Just(b'D'), Just(b'E'), Just(b'8'), Just(b'9'), Just(b' '), any::<u8>()], 0..80)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn find_any_is_position(b in text(), from in 0usize..90) {
            let from = from.min(b.len());
            let want = b[from..].iter().position(|&c| c == b'@' || c == b'%').map(|j| from + j);
            prop_assert_eq!(find_any(&b, from, [b'@', b'%']), want);
            prop_assert_eq!(find_any(&b, from, [b'[']), b[from..].iter().position(|&c| c == b'[').map(|j| from + j));
        }

        #[test]
        fn find_iban_head_is_the_first_head(b in text(), from in 0usize..90) {
            let from = from.min(b.len());
            let head = |p: usize| p + 4 <= b.len() && b[p].is_ascii_uppercase() && b[p + 1].is_ascii_uppercase() && b[p + 2].is_ascii_digit() && b[p + 3].is_ascii_digit();
            prop_assert_eq!(find_iban_head(&b, from), (from..b.len()).find(|&p| head(p)));
        }
    }

    /// The digit index one byte at a time, as it was computed before
    /// [`digit_index`] took 16 bytes a step.
    fn digit_index_bytewise(b: &[u8]) -> (Vec<u32>, Vec<u32>, Vec<(u32, u32)>, usize) {
        use crate::detect::{shapes::vin_char, token_end, token_start};
        let (mut starts, mut marks, mut vins, mut digits) = (Vec::new(), Vec::new(), Vec::new(), 0);
        let mut prev_alnum = false;
        let mut vin_from = 0;
        for (i, &c) in b.iter().enumerate() {
            let digit = c.is_ascii_digit();
            if digit {
                digits += 1;
                if !prev_alnum {
                    starts.push(i as u32);
                }
            } else if (c == b'+' || c == b'(') && token_start(b, i) {
                marks.push(i as u32);
            }
            if !vin_char(c) {
                if i - vin_from == 17 && token_start(b, vin_from) && token_end(b, i) {
                    vins.push((vin_from as u32, i as u32));
                }
                vin_from = i + 1;
            }
            prev_alnum = digit || c.is_ascii_alphabetic();
        }
        if b.len() - vin_from == 17 && token_start(b, vin_from) {
            vins.push((vin_from as u32, b.len() as u32));
        }
        (starts, marks, vins, digits)
    }

    fn index_text() -> impl Strategy<Value = Vec<u8>> {
        let vin = "[A-HJ-NPR-Z0-9]{15,19}".prop_map(String::into_bytes);
        let piece = prop_oneof![vin, "[0-9]{1,4}".prop_map(String::into_bytes), "[ a-zA-Z_+(\\[\\]:.é]{1,3}".prop_map(String::into_bytes), Just(b"[SSN]".to_vec())];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn digit_index_is_the_bytewise_index(b in index_text()) {
            let ix = digit_index(&b);
            prop_assert_eq!((ix.digit_starts, ix.phone_marks, ix.vin_runs, ix.digits), digit_index_bytewise(&b));
        }
    }

    #[test]
    fn heads_across_chunk_edges() {
        for at in 0..40 {
            let mut b = vec![b'x'; 48];
            b[at..at + 4].copy_from_slice(b"DE89");
            assert_eq!(find_iban_head(&b, 0), (at + 4 <= 48).then_some(at), "at {at}");
            assert_eq!(find_any(&b, 0, [b'8']), Some(at + 2));
            assert_eq!(find_any(&b, at + 3, [b'8']), None);
        }
    }
}
