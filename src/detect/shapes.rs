//! Hand-written matchers for the fixed-shape identifiers (SSN, card, MBI,
//! VIN, IPv4, ten-digit NANP numbers). Each gives exactly the matches `Regex::find_iter` gave for the
//! pattern it replaced (leftmost first, non-overlapping, the pattern's
//! preferred alternative), checked against that pattern by the differential
//! tests below, at a fraction of the cost: a regex pass over the whole text
//! per detector was most of the scan time.

/// Length of the run of ASCII digits at `p`, counting at most `cap`.
/// (A plain loop: every digit-led matcher starts with it, at every digit
/// start, and the iterator chain it replaced cost several times more in
/// the wasm build.)
pub(crate) fn digits(b: &[u8], p: usize, cap: usize) -> usize {
    let mut n = 0;
    while n < cap && p + n < b.len() && b[p + n].is_ascii_digit() {
        n += 1;
    }
    n
}

/// Leftmost, non-overlapping matches: `at(b, p)` is the end of the match
/// that starts at `p`, if one does; only bytes passing `first` are tried.
/// The semantics of the old patterns' `find_iter`, which the detectors'
/// differential tests hold their faster searches to.
#[cfg(test)]
pub(crate) fn leftmost_matches(b: &[u8], first: impl Fn(u8) -> bool, at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        if first(b[p]) {
            if let Some(e) = at(b, p) {
                out.push((p, e));
                p = e.max(p + 1);
                continue;
            }
        }
        p += 1;
    }
    out
}

/// Leftmost, non-overlapping matches of `at` tried only at `starts` (in
/// increasing order): a start inside an earlier match is skipped.
pub(crate) fn matches_at(b: &[u8], starts: impl Iterator<Item = usize>, at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut next = 0;
    for p in starts {
        if p < next {
            continue;
        }
        if let Some(e) = at(b, p) {
            out.push((p, e));
            next = e.max(p + 1);
        }
    }
    out
}

/// The digit-led shapes. The digit index keeps the digit starts where one
/// of their matchers can match, with the shapes that can (`Ctx::shape_starts`,
/// from [`start_shapes`]), so a detector visits only those, not every
/// number of the text.
pub(crate) mod start {
    /// [`super::ssn_at`]
    pub(crate) const SSN: usize = 0;
    /// [`super::card_at`]
    pub(crate) const CARD: usize = 1;
    /// [`super::ipv4_at`]
    pub(crate) const IPV4: usize = 2;
    /// [`super::mbi_at`]
    pub(crate) const MBI: usize = 3;
    /// `contact_match::phone_at` at a digit
    pub(crate) const PHONE: usize = 4;
    /// How many there are.
    pub(crate) const COUNT: usize = 5;
}

/// The shapes ([`start`], bit `1 << shape`) whose matcher can match at the
/// digit start `p`, whose run of digits ends at `e` (the first byte after
/// it that is not a digit, or `b.len()`). A bit is clear only where its
/// matcher fails, which the run's length and the bytes after it decide:
/// - SSN: nine digits (or more: the match is their first nine), or three,
///   a `-` or space, two digits and the same separator;
/// - card: thirteen digits or more, or four, a `-` or space and four more
///   digits (the start of the second group of either grouped form);
/// - IPv4: one to three digits, a dot, one to three digits and a dot;
/// - MBI: one digit but `0`, then a capital;
/// - phone: three digits (the area code, not starting with `0` or `1`),
///   a separator and three digits, or a `1` (the country code) alone
///   before a separator or `(`, or before an area code, a separator and
///   three digits.
///
/// Most digit starts of a log (times, dates, counts, ids) have none, and
/// are told from the length and the next byte alone; the rest mostly by
/// the digits after that byte (`12:30:45.123`, `2024-01-18` have no shape).
#[inline]
pub(crate) fn start_shapes(b: &[u8], p: usize, e: usize) -> u8 {
    use start::*;
    let n = e - p;
    if n >= 9 {
        return if n >= 13 { 1 << SSN | 1 << CARD } else { 1 << SSN };
    }
    let next = b.get(e).copied().unwrap_or(0);
    if n > 4 || SHAPE_NEXT[usize::from(next)] >> n & 1 == 0 {
        return 0;
    }
    let bit = |shape: usize, yes: bool| u8::from(yes) << shape;
    let sep = matches!(next, b' ' | b'.' | b'-');
    let dash_or_space = matches!(next, b' ' | b'-');
    let first = b[p];
    // The four bytes after the byte after the run (zero past the end), and
    // how many digits lead them: one load and a few operations, where a
    // byte loop with its bounds tests cost most of a run's tests.
    let after = four_after(b, e + 1);
    let more = leading_digits(after);
    let ipv4 = next == b'.' && (1..=3).contains(&more) && (after >> (8 * more)) as u8 == b'.';
    match n {
        1 => bit(IPV4, ipv4) | bit(MBI, first != b'0' && next.is_ascii_uppercase()) | bit(PHONE, first == b'1' && (sep || next == b'(')),
        2 => bit(IPV4, ipv4),
        // `b[e + 3]` is the third byte of `after`.
        3 => bit(IPV4, ipv4) | bit(SSN, dash_or_space && more == 2 && (after >> 16) as u8 == next) | bit(PHONE, sep && first >= b'2' && more == 3),
        _ => bit(CARD, dash_or_space && more == 4) | bit(PHONE, sep && first == b'1' && more == 3),
    }
}

/// The four bytes of `b` from `at`, the first in the low byte, zero past
/// the end of `b`.
#[inline]
fn four_after(b: &[u8], at: usize) -> u32 {
    match b.get(at..at + 4) {
        Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
        None => last_bytes(b, at),
    }
}

/// [`four_after`] within four bytes of the end of `b`. Not inlined: in the
/// digit index's loop its byte loop made the compiler step extra addresses
/// along with every 16-byte step.
#[cold]
#[inline(never)]
fn last_bytes(b: &[u8], at: usize) -> u32 {
    b.get(at..).unwrap_or_default().iter().rev().fold(0, |w, &c| w << 8 | u32::from(c))
}

/// How many ASCII digits lead the four bytes of `w` (the first in the low
/// byte): 0 to 4. A byte is a digit when its high nibble is 3 and stays 3
/// after adding 6 (its low nibble is at most 9). The carry out of a byte
/// from 0xFA up corrupts the test of the bytes after it, but that byte is
/// no digit (its high nibble is F), so the count has stopped before them.
#[inline]
fn leading_digits(w: u32) -> usize {
    let high = |x: u32| (x & 0xF0F0_F0F0) ^ 0x3030_3030;
    ((high(w) | high(w.wrapping_add(0x0606_0606))).trailing_zeros() / 8) as usize
}

/// Per byte after a run of one to four digits, a bit per run length
/// (`1 << n`) where some shape may follow ([`start_shapes`]): a dot after
/// any; a space or `-` after one, three or four; `(` or a capital after
/// one. Times, dates and ids (`10-`, `18T`, `123Z`, `12 `) are told from
/// this one load, not the tests of each shape.
const SHAPE_NEXT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'.' => 0b11110,
            b' ' | b'-' => 0b11010,
            b'(' | b'A'..=b'Z' => 0b00010,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// Leftmost matches of `at` among `starts` (digit starts, in order: those
/// of one shape, `Ctx::shape_starts`) that start a token
/// ([`digit_starts_token`]).
pub(crate) fn digit_token_matches(b: &[u8], starts: impl Iterator<Item = usize>, at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<(usize, usize)> {
    matches_at(b, starts.filter(|&p| digit_starts_token(b, p)), at)
}

/// [`super::token_start`] at a digit start: no letter or digit is before
/// it, so only a `_` or the `]` of a redaction token can make it fail.
#[inline]
pub(crate) fn digit_starts_token(b: &[u8], p: usize) -> bool {
    p == 0 || !matches!(b[p - 1], b'_' | b']') || super::token_start(b, p)
}

/// Like [`leftmost_matches`], but only tries positions that start a token
/// ([`super::token_start`]). For detectors that drop every match not
/// starting a token anyway (SSN, MBI) this is the same but for one case:
/// when a match starting inside a token overlaps one starting at a later
/// token start, the former would have been dropped and have hidden the
/// latter, which is now found. (The detectors get these from
/// `Ctx::digit_token_matches`, which needs no pass over the text.)
#[cfg(test)]
pub(crate) fn token_matches(b: &[u8], first: impl Fn(u8) -> bool, at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<(usize, usize)> {
    matches_at(b, (0..b.len()).filter(|&p| first(b[p]) && super::token_start(b, p)), at)
}

/// The runs of exactly `len` bytes of class `class` that start and end a
/// token. For a pattern `class{len}` whose class is letters and digits only,
/// these are the only matches a token-bounded detector keeps: a longer run
/// has no match that is a whole token.
/// (The VIN detector gets these from the segment index, `Ctx::vin_runs`;
/// this is their reference, for the tests.)
#[cfg(test)]
pub(crate) fn exact_runs(b: &[u8], len: usize, class: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        if !class(b[p]) {
            p += 1;
            continue;
        }
        let s = p;
        while p < b.len() && class(b[p]) {
            p += 1;
        }
        if p - s == len && super::token_start(b, s) && super::token_end(b, p) {
            out.push((s, p));
        }
    }
    out
}

/// `[0-9]{3}-[0-9]{2}-[0-9]{4} | [0-9]{3} [0-9]{2} [0-9]{4} | [0-9]{9}`
pub(crate) fn ssn_at(b: &[u8], p: usize) -> Option<usize> {
    // Both forms have three digits and then a separator or a fourth digit:
    // most digit starts (years, counts, times) fail on these four bytes.
    if !(b.len() > p + 3 && b[p + 1].is_ascii_digit() && b[p + 2].is_ascii_digit() && matches!(b[p + 3], b'-' | b' ' | b'0'..=b'9')) {
        return None;
    }
    match digits(b, p, 9) {
        9 => Some(p + 9),
        3 => {
            let sep = *b.get(p + 3)?;
            (matches!(sep, b'-' | b' ') && digits(b, p + 4, 3) == 2 && b.get(p + 6) == Some(&sep) && digits(b, p + 7, 4) == 4).then_some(p + 11)
        }
        _ => None,
    }
}

/// `[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})? | [0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5} | [0-9]{13,19}`
pub(crate) fn card_at(b: &[u8], p: usize) -> Option<usize> {
    let sep = |i: usize| matches!(b.get(i), Some(b' ' | b'-'));
    // Every form starts with four digits and a separator or a fifth digit.
    if !(b.len() > p + 4 && digits(b, p + 1, 3) == 3 && matches!(b[p + 4], b' ' | b'-' | b'0'..=b'9')) {
        return None;
    }
    match digits(b, p, 19) {
        d if d >= 13 => Some(p + d),
        4 => {
            // Three more groups of four, each group but the last followed by a separator.
            if sep(p + 4) && digits(b, p + 5, 5) == 4 && sep(p + 9) && digits(b, p + 10, 5) == 4 && sep(p + 14) && digits(b, p + 15, 4) == 4 {
                let tail = if sep(p + 19) { digits(b, p + 20, 3) } else { 0 };
                return Some(if tail > 0 { p + 20 + tail } else { p + 19 });
            }
            // Amex / Diners 4-6-4(5).
            if sep(p + 4) && digits(b, p + 5, 7) == 6 && sep(p + 11) {
                let last = digits(b, p + 12, 5);
                return (last >= 4).then_some(p + 12 + last);
            }
            None
        }
        _ => None,
    }
}

/// MBI letters: A-Z without S, L, O, I, B, Z.
fn mbi_letter(c: u8) -> bool {
    c.is_ascii_uppercase() && !matches!(c, b'S' | b'L' | b'O' | b'I' | b'B' | b'Z')
}

/// `[1-9] L (L|digit) digit -? L (L|digit) digit -? L L digit digit`
pub(crate) fn mbi_at(b: &[u8], p: usize) -> Option<usize> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let ld = |c: u8| mbi_letter(c) || c.is_ascii_digit();
    if !(matches!(at(p), b'1'..=b'9') && mbi_letter(at(p + 1)) && ld(at(p + 2)) && at(p + 3).is_ascii_digit()) {
        return None;
    }
    let mut i = p + 4 + usize::from(at(p + 4) == b'-');
    if !(mbi_letter(at(i)) && ld(at(i + 1)) && at(i + 2).is_ascii_digit()) {
        return None;
    }
    i += 3;
    i += usize::from(at(i) == b'-');
    (mbi_letter(at(i)) && mbi_letter(at(i + 1)) && at(i + 2).is_ascii_digit() && at(i + 3).is_ascii_digit()).then_some(i + 4)
}

/// A VIN character: `[A-HJ-NPR-Z0-9]`.
pub(crate) fn vin_char(c: u8) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'Q'))
}

/// `[A-HJ-NPR-Z0-9]{17}` (the detector uses [`exact_runs`]; this is the
/// pattern's reference, for the tests).
#[cfg(test)]
pub(crate) fn vin_at(b: &[u8], p: usize) -> Option<usize> {
    (b.len() >= p + 17 && b[p..p + 17].iter().all(|&c| vin_char(c))).then_some(p + 17)
}

/// `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`
pub(crate) fn ipv4_at(b: &[u8], p: usize) -> Option<usize> {
    let mut i = p;
    for _ in 0..3 {
        let d = digits(b, i, 4);
        if !(1..=3).contains(&d) || b.get(i + d) != Some(&b'.') {
            return None;
        }
        i += d + 1;
    }
    let d = digits(b, i, 3);
    (d >= 1).then_some(i + d)
}

/// `(?:\+?1)?[2-9][0-9]{2}[2-9][0-9]{6}`: ten NANP digits, optionally after 1 or +1.
pub(crate) fn nanp10_at(b: &[u8], p: usize) -> Option<usize> {
    let rest = |q: usize| {
        let ok = matches!(b.get(q), Some(b'2'..=b'9')) && digits(b, q + 1, 2) == 2 && matches!(b.get(q + 3), Some(b'2'..=b'9')) && digits(b, q + 4, 6) == 6;
        ok.then_some(q + 10)
    };
    match b.get(p) {
        Some(b'+') if b.get(p + 1) == Some(&b'1') => rest(p + 2),
        Some(b'+') => None,
        Some(b'1') => rest(p + 1),
        _ => rest(p),
    }
}

/// The test oracle of every differential matcher test: a replaced pattern,
/// compiled with `regex` once per test binary.
#[cfg(test)]
pub(crate) fn oracle(re: &str) -> regex::Regex {
    static COMPILED: std::sync::Mutex<Vec<(String, regex::Regex)>> = std::sync::Mutex::new(Vec::new());
    let mut compiled = COMPILED.lock().unwrap();
    if !compiled.iter().any(|(p, _)| p == re) {
        compiled.push((re.to_string(), regex::Regex::new(re).unwrap()));
    }
    compiled.iter().find(|(p, _)| p == re).unwrap().1.clone()
}

/// `(start, end)` of every match of the pattern `re` in `s`, as `find_iter` gives them.
#[cfg(test)]
pub(crate) fn regex_matches(re: &str, s: &str) -> Vec<(usize, usize)> {
    oracle(re).find_iter(s).map(|m| (m.start(), m.end())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The patterns these matchers replaced, verbatim.
    const SSN: &str = r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3}\ [0-9]{2}\ [0-9]{4}|[0-9]{9}";
    const CARD: &str = r"[0-9]{4}(?:[\ \-][0-9]{4}){3}(?:[\ \-][0-9]{1,3})?|[0-9]{4}[\ \-][0-9]{6}[\ \-][0-9]{4,5}|[0-9]{13,19}";
    const MBI: &str = r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}";
    const VIN: &str = r"[A-HJ-NPR-Z0-9]{17}";
    const IPV4: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}";
    const NANP10: &str = r"(?:\+?1)?[2-9][0-9]{2}[2-9][0-9]{6}";


    /// A shape's matcher: the end of its match at a position.
    type Matcher = fn(&[u8], usize) -> Option<usize>;

    /// (what the old pattern matched, what the matcher matches).
    type Pair = (Vec<(usize, usize)>, Vec<(usize, usize)>);

    fn all(s: &str) -> [Pair; 6] {
        let b = s.as_bytes();
        let digit = |c: u8| c.is_ascii_digit();
        [
            (regex_matches(SSN, s), leftmost_matches(b, digit, ssn_at)),
            (regex_matches(CARD, s), leftmost_matches(b, digit, card_at)),
            (regex_matches(MBI, s), leftmost_matches(b, |c| matches!(c, b'1'..=b'9'), mbi_at)),
            (regex_matches(VIN, s), leftmost_matches(b, |c| c.is_ascii_alphanumeric(), vin_at)),
            (regex_matches(IPV4, s), leftmost_matches(b, digit, ipv4_at)),
            (regex_matches(NANP10, s), leftmost_matches(b, |c| c == b'+' || c.is_ascii_digit(), nanp10_at)),
        ]
    }

    #[test]
    fn same_matches_as_the_patterns_on_known_shapes() {
        for s in [
            "219-09-9999", "219 09 9999", "219099999", "219-09 9999", "2190-09-9999", "12-345-67-8901", "1234567890123",
            "4111 1111 1111 1111", "4111-1111-1111-1111-123", "4111 1111 1111 11112", "3782 822463 10005", "3782 822463 100",
            "41111111111111111111111", "1EG4-TE5-MK73", "1EG4TE5MK73", "1EG4-TE5MK73-", "1HGCM82633A004352", "1HGCM82633A0043521HGCM82633A004352",
            "a 4111 1111 1111 1111 1 2", "9999 999999 99999 9", "73.162.44.19", "1234.5.6.7", "1.2.3.4567", "10.0.0", "+17205550107",
            "+27205550107", "17205550107", "112125550107", "7205550107", "+1+17205550107",
        ] {
            for (i, (want, got)) in all(s).into_iter().enumerate() {
                assert_eq!(got, want, "matcher {i} on {s:?}");
            }
        }
    }

    /// `leftmost_matches` kept to matches that start and end a token, as the
    /// SSN, MBI and VIN detectors keep them.
    fn bounded(b: &[u8], m: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        m.into_iter().filter(|&(s, e)| super::super::token_start(b, s) && super::super::token_end(b, e)).collect()
    }

    /// `token_matches` finds every token-bounded match `leftmost_matches`
    /// finds, and more only where a match inside a token hid it.
    fn check_token_matches(s: &str) -> Result<(), String> {
        let b = s.as_bytes();
        type Shape<'f> = (&'f dyn Fn(u8) -> bool, &'f dyn Fn(&[u8], usize) -> Option<usize>);
        let shapes: [Shape; 2] = [(&|c: u8| c.is_ascii_digit(), &ssn_at), (&|c: u8| matches!(c, b'1'..=b'9'), &mbi_at)];
        for (i, (first, at)) in shapes.into_iter().enumerate() {
            let all = leftmost_matches(b, first, at);
            let old = bounded(b, all.clone());
            let new = bounded(b, token_matches(b, first, at));
            if let Some(m) = old.iter().find(|m| !new.contains(m)) {
                return Err(format!("shape {i}: {m:?} lost on {s:?}"));
            }
            for m in new.iter().filter(|m| !old.contains(m)) {
                if !all.iter().any(|o| o.0 < m.0 && o.1 > m.0) {
                    return Err(format!("shape {i}: {m:?} new on {s:?} without a hiding match"));
                }
            }
        }
        let vins = bounded(b, leftmost_matches(b, |c| c.is_ascii_alphanumeric(), vin_at));
        if exact_runs(b, 17, vin_char) != vins {
            return Err(format!("vin runs differ on {s:?}"));
        }
        Ok(())
    }

    #[test]
    fn token_matches_on_known_shapes() {
        for s in ["x219-09-9999 219-09-9999", "1219-09-9999", "a1EG4-TE5-MK73 1EG4TE5MK73", "1HGCM82633A004352", "X1HGCM82633A004352 1HGCM82633A004352_", "[SSN]219-09-9999"] {
            check_token_matches(s).unwrap();
        }
        assert_eq!(exact_runs(b"vin 1HGCM82633A004352.", 17, vin_char), vec![(4, 21)]);
        assert_eq!(token_matches(b"id a219-09-9999 b 219-09-9999", |c| c.is_ascii_digit(), ssn_at), vec![(18, 29)]);
    }

    /// Every byte at every one of the four places, the others drawn from
    /// bytes around the digits' nibbles (`/`, `:`, 0xFA..0xFF, whose
    /// carry crosses into the next byte).
    #[test]
    fn leading_digits_is_the_byte_count() {
        let around = [0u8, b'/', b'0', b'5', b'9', b':', b'?', b'@', 0x39 + 0x10, 0xF9, 0xFA, 0xFF];
        let naive = |w: [u8; 4]| w.iter().take_while(|c| c.is_ascii_digit()).count();
        for at in 0..4 {
            for c in 0..=255u8 {
                for &o in &around {
                    for &p in &around {
                        let mut w = [o, p, o, p];
                        w[at] = c;
                        assert_eq!(leading_digits(u32::from_le_bytes(w)), naive(w), "{w:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn four_after_is_zero_past_the_end() {
        let b = b"12.345";
        assert_eq!(four_after(b, 0), u32::from_le_bytes(*b"12.3"));
        assert_eq!(four_after(b, 2), u32::from_le_bytes(*b".345"));
        assert_eq!(four_after(b, 3), u32::from_le_bytes(*b"345\0"));
        assert_eq!(four_after(b, 5), u32::from(b'5'));
        assert_eq!(four_after(b, 6), 0);
        assert_eq!(four_after(b, 7), 0);
        assert_eq!(four_after(b"", 0), 0);
        // "é" (C3 A9) right at the end: bytes, not characters.
        assert_eq!(four_after("1.é".as_bytes(), 2), 0xA9C3);
    }

    /// A clear bit of [`SHAPE_NEXT`] is a run and next byte no matcher
    /// matches after, whatever follows; a set one some shape may follow.
    #[test]
    fn shape_next_is_where_a_shape_may_follow() {
        let shapes_at = [ssn_at as Matcher, card_at, ipv4_at, mbi_at, crate::detect::contact_match::phone_at];
        let tails = ["", "1.1.", "12", "12-", "123", "1234", "123 4567", "555-1234", "555.1234", "212) 555-1234", "212 555 1234"];
        for n in 1..=4 {
            // The run ends at `next`: any byte but a digit.
            for next in (0..=255u8).filter(|c| !c.is_ascii_digit()) {
                let mut any = false;
                for first in [b'0', b'1', b'2'] {
                    for tail in tails {
                        let mut t = vec![first; n];
                        t.push(next);
                        t.extend_from_slice(tail.as_bytes());
                        let (b, e) = (t.as_slice(), n);
                        let found = shapes_at.iter().any(|at| at(b, 0).is_some());
                        assert!(SHAPE_NEXT[usize::from(next)] >> n & 1 != 0 || !found, "{:?}", String::from_utf8_lossy(b));
                        any |= start_shapes(b, 0, e) != 0;
                    }
                }
                assert_eq!(any, SHAPE_NEXT[usize::from(next)] >> n & 1 != 0, "{n} digits then {next:#x}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn token_matches_keep_every_token_match(s in "[0-9 \\-A-Z_a\\]\\[]{0,60}") {
            prop_assert!(check_token_matches(&s).is_ok(), "{}", check_token_matches(&s).unwrap_err());
        }

        /// Each matcher fails at every digit start without its bit.
        #[test]
        fn start_shapes_hold_every_match(s in "([0-9]{1,20}|[ .\\-(A-Za]){0,16}") {
            let b = s.as_bytes();
            for p in (0..b.len()).filter(|&p| b[p].is_ascii_digit() && (p == 0 || !b[p - 1].is_ascii_alphanumeric())) {
                let shapes = start_shapes(b, p, p + digits(b, p, usize::MAX));
                let shapes_at = [(start::SSN, ssn_at as Matcher), (start::CARD, card_at), (start::IPV4, ipv4_at), (start::MBI, mbi_at), (start::PHONE, crate::detect::contact_match::phone_at)];
                for (shape, at) in shapes_at {
                    prop_assert!(shapes & 1 << shape != 0 || at(b, p).is_none(), "shape {} at {} of {:?}", shape, p, s);
                }
            }
        }

        /// From the digit starts, with the cut token test: the matches
        /// `token_matches` finds at every digit.
        #[test]
        fn digit_token_matches_are_the_token_matches(s in "([0-9]{1,20}|[ .\\-_a\\]A-Z]|\\[SSN\\]){0,24}") {
            let b = s.as_bytes();
            let starts: Vec<u32> = (0..b.len()).filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric())).map(|i| i as u32).collect();
            for (shape, at) in [(start::SSN, ssn_at as Matcher), (start::CARD, card_at), (start::MBI, mbi_at), (start::IPV4, ipv4_at)] {
                let of_shape = starts.iter().map(|&p| p as usize).filter(|&p| start_shapes(b, p, p + digits(b, p, usize::MAX)) & 1 << shape != 0);
                prop_assert_eq!(digit_token_matches(b, of_shape, at), token_matches(b, |c| c.is_ascii_digit(), at), "shape {} on {:?}", shape, s);
            }
        }

        #[test]
        fn same_matches_as_the_patterns(s in "[0-9 \\-A-Z.a+]{0,60}") {
            for (i, (want, got)) in all(&s).into_iter().enumerate() {
                prop_assert_eq!(got, want, "matcher {} on {:?}", i, s);
            }
        }

        #[test]
        fn same_matches_on_digit_heavy_text(s in "(\\+?[0-9]{1,6}[ .\\-]?){0,12}") {
            for (i, (want, got)) in all(&s).into_iter().enumerate() {
                prop_assert_eq!(got, want, "matcher {} on {:?}", i, s);
            }
        }
    }
}
