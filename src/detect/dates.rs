//! Dates tied to a person (birth, admission, discharge, visit, death) and
//! ages over 89.
//!
//! A date on its own is not PHI: log timestamps, release dates and build
//! dates are everywhere. A date is reported when a label ties it to a person
//! ("DOB", "admitted", `birthDate`), or when it sits in person-centred prose
//! with no sign of being a system date. Timestamps with a time of day need a
//! label.

use super::find::{byte_kinds, tuple_mask, ByteTuples, ANY_BYTE, DIGITS};
use super::{token_end, token_start, Ctx};
use crate::finding::{why, Hit};
use crate::labels::{LabelHit, LabelKind};
use crate::PhiType;
use std::sync::OnceLock;

// The date and age patterns, as hand-written matchers. Each gives exactly
// the matches the regex it replaced gave (leftmost first, non-overlapping,
// the pattern's preferred alternative; the patterns are kept verbatim in the
// tests, which check the two against each other). In the date pattern each
// number alternation put the longer choices first ("23" before "2"), so that
// "2012/08/23" did not stop at "2012/08/2": the matchers below take the
// two-digit form when it is valid.
//
// Every piece after a number, a month name or an optional piece starts with
// a byte that piece cannot end with (a separator, a letter after digits, a
// non-letter after a month name), so the regex never had to backtrack into
// an earlier choice once it had made the preferred one: each matcher is a
// single left-to-right parse. The one exception, `age` before `aged` and
// the optional pieces after it, is searched in the regex's order.

/// Byte `i` of `b`, or 0 past the end.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Length of the run of ASCII digits at `p`, counting at most `cap`.
fn digits(b: &[u8], p: usize, cap: usize) -> usize {
    b.get(p..).map_or(0, |r| r.iter().take(cap).take_while(|c| c.is_ascii_digit()).count())
}

/// End of byte `x` at `i`.
fn byte(b: &[u8], i: usize, x: u8) -> Option<usize> {
    (at(b, i) == x).then_some(i + 1)
}

/// Whether bytes `i` and `i + 1` are both ASCII digits: `digits(b, i, 2) == 2`
/// without the iterator (the time after an ISO date has five such pairs).
fn two_digits(b: &[u8], i: usize) -> bool {
    at(b, i).is_ascii_digit() && at(b, i + 1).is_ascii_digit()
}

/// `x?`: past byte `x` if it is at `i`.
fn opt(b: &[u8], i: usize, x: u8) -> usize {
    i + usize::from(at(b, i) == x)
}

/// `word` (lowercase ASCII) at `i`, compared as `(?i)` did: ASCII letters in
/// either case, plus the two non-ASCII letters Unicode case folding maps to
/// ASCII ones, `ſ` (U+017F) for s and the Kelvin sign (U+212A) for k.
fn lit(b: &[u8], mut i: usize, word: &[u8]) -> Option<usize> {
    for &w in word {
        let c = at(b, i);
        if c == w || (w.is_ascii_lowercase() && c == w.to_ascii_uppercase()) {
            i += 1;
        } else if w == b's' && b.get(i..i + 2) == Some("\u{17F}".as_bytes()) {
            i += 2;
        } else if w == b'k' && b.get(i..i + 3) == Some("\u{212A}".as_bytes()) {
            i += 3;
        } else {
            return None;
        }
    }
    Some(i)
}

/// `(?:19|20)[0-9]{2}`
fn year(b: &[u8], i: usize) -> Option<usize> {
    (matches!((at(b, i), at(b, i + 1)), (b'1', b'9') | (b'2', b'0')) && two_digits(b, i + 2)).then_some(i + 4)
}

/// `(?:(?:19|20)[0-9]{2}|[0-9]{2})`
fn year_or_two_digits(b: &[u8], i: usize) -> Option<usize> {
    year(b, i).or_else(|| two_digits(b, i).then_some(i + 2))
}

/// The two digits at `i` as a number (`None` when either byte is no ASCII
/// digit), and the first alone as a digit (past 9 when it is none): the
/// month and day readers below test ranges of them, where a test per
/// alternative of their patterns took several times the code at each of
/// their inlined calls.
fn digits_at(b: &[u8], i: usize) -> (Option<u8>, u8) {
    let (c, d) = (at(b, i).wrapping_sub(b'0'), at(b, i + 1).wrapping_sub(b'0'));
    ((c < 10 && d < 10).then(|| 10 * c + d), c)
}

/// `(?:1[0-2]|0?[1-9])`, the two-digit form first.
fn month_number(b: &[u8], i: usize) -> Option<usize> {
    match digits_at(b, i) {
        (Some(1..=12), _) => Some(i + 2),
        (_, c) => (1..=9).contains(&c).then_some(i + 1),
    }
}

/// `(?:[12][0-9]|3[01]|0?[1-9])`, the two-digit form first.
fn day_number(b: &[u8], i: usize) -> Option<usize> {
    match digits_at(b, i) {
        (Some(1..=31), _) => Some(i + 2),
        (_, c) => (1..=9).contains(&c).then_some(i + 1),
    }
}

/// `(?:0[1-9]|1[0-2])`: the ISO month, always two digits.
fn iso_month(b: &[u8], i: usize) -> Option<usize> {
    matches!(digits_at(b, i).0, Some(1..=12)).then_some(i + 2)
}

/// `(?:0[1-9]|[12][0-9]|3[01])`: the ISO day, always two digits.
fn iso_day(b: &[u8], i: usize) -> Option<usize> {
    matches!(digits_at(b, i).0, Some(1..=31)).then_some(i + 2)
}

/// `(?:st|nd|rd|th)?`
fn ordinal(b: &[u8], i: usize) -> usize {
    [b"st", b"nd", b"rd", b"th"].iter().find_map(|w| lit(b, i, *w)).unwrap_or(i)
}

/// The forms of the month names starting with `c`, each name's longest form first:
/// `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`.
fn month_forms(c: u8) -> &'static [&'static [u8]] {
    match c | 0x20 {
        b'j' => &[b"january", b"jan", b"june", b"jun", b"july", b"jul"],
        b'f' => &[b"february", b"feb"],
        b'm' => &[b"march", b"mar", b"may"],
        b'a' => &[b"april", b"apr", b"august", b"aug"],
        b's' => &[b"september", b"sept", b"sep"],
        b'o' => &[b"october", b"oct"],
        b'n' => &[b"november", b"nov"],
        b'd' => &[b"december", b"dec"],
        // The first byte of `ſ`, which `(?i)` read as s.
        0xE5 if c == 0xC5 => &[b"september", b"sept", b"sep"],
        _ => &[],
    }
}

/// Whether a month name can start at `p`: its first three letters, a cheap
/// test before `month_name` (only `sep` can start with `ſ`, two bytes).
fn month_start(b: &[u8], p: usize) -> bool {
    let c = at(b, p);
    if c == 0xC5 {
        return lit(b, p, b"sep").is_some();
    }
    let stem = [c | 0x20, at(b, p + 1) | 0x20, at(b, p + 2) | 0x20];
    matches!(&stem, b"jan" | b"feb" | b"mar" | b"apr" | b"may" | b"jun" | b"jul" | b"aug" | b"sep" | b"oct" | b"nov" | b"dec")
}

/// The English month name at `i` (the old `MONTH`), its longest form: what
/// follows a month name in the pattern is never a letter, so a shorter form
/// of a name that continues could not have matched.
fn month_name(b: &[u8], i: usize) -> Option<usize> {
    month_forms(at(b, i)).iter().find_map(|w| lit(b, i, w))
}

/// `enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre` (the old `MES`).
fn mes(b: &[u8], i: usize) -> Option<usize> {
    const MES: [&[u8]; 13] = [
        b"enero", b"febrero", b"marzo", b"abril", b"mayo", b"junio", b"julio", b"agosto", b"septiembre", b"setiembre", b"octubre", b"noviembre",
        b"diciembre",
    ];
    MES.iter().find_map(|w| lit(b, i, w))
}

/// `(?:[T\ ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+\-][0-9]{2}:?[0-9]{2})?)?`:
/// the time after an ISO date, if there is one.
fn iso_time(b: &[u8], i: usize) -> usize {
    // "T10:00", its six bytes at once: no time without all of them.
    let Some(hm) = b.get(i..i + 6) else { return i };
    if !(matches!(hm[0], b'T' | b't' | b' ') && two_digits(hm, 1) && hm[3] == b':' && two_digits(hm, 4)) {
        return i;
    }
    let mut j = i + 6;
    if b.get(j..j + 3).is_some_and(|s| s[0] == b':' && two_digits(s, 1)) {
        j += 3;
        if at(b, j) == b'.' {
            let f = digits(b, j + 1, 9);
            if f > 0 {
                j += 1 + f;
            }
        }
    }
    match at(b, j) {
        b'Z' | b'z' => j + 1,
        b'+' | b'-' if two_digits(b, j + 1) => {
            let k = j + 3;
            if at(b, k) == b':' && two_digits(b, k + 1) {
                k + 3
            } else if two_digits(b, k) {
                k + 2
            } else {
                j
            }
        }
        _ => j,
    }
}

/// `(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])` and the optional time: ISO 1962-03-14.
fn iso_at(b: &[u8], p: usize) -> Option<usize> {
    // A log's timestamp, `2024-06-13T02:05:21.899Z`, is read as three
    // words: [`iso_at_parsed`] reading it piece by piece cost about 340
    // wasm instructions, on nearly every line of a log.
    match machine_timestamp_at(b, p) {
        Some(valid) => valid.then_some(p + 24),
        None => iso_at_parsed(b, p),
    }
}

/// Whether the 24 bytes at `p` have the shape of a timestamp with
/// milliseconds in UTC, `DDDD-DD-DDTDD:DD:DD.DDDZ` (`D` any ASCII digit),
/// and if so whether their date is one [`iso_at_parsed`] reads (the year
/// 19xx or 20xx, the month and the day in range): then its match ends
/// after the `Z`, since a byte after that ends every piece. `None` for any
/// other shape, which the caller reads piece by piece.
#[inline(always)]
fn machine_timestamp_at(b: &[u8], p: usize) -> Option<bool> {
    const DIGIT: u64 = 0x3030_3030_3030_3030;
    // Per word: the bytes that must be digits (0xFF), and the separators
    // expected in the others.
    const DIGITS_AT: [u64; 3] = [0x00FF_FF00_FFFF_FFFF, 0xFFFF_00FF_FF00_FFFF, 0x00FF_FFFF_00FF_FF00];
    const SEPARATORS: [u64; 3] = [0x2D00_002D_0000_0000, 0x0000_3A00_0054_0000, 0x5A00_0000_2E00_003A];
    let d: &[u8; 24] = b.get(p..p + 24)?.try_into().ok()?;
    // The middle word first: a date with no time (or another) leaves
    // there, at its 'T'.
    for k in [1, 0, 2] {
        let w = u64::from_le_bytes(d[8 * k..8 * k + 8].try_into().expect("eight bytes"));
        // A digit is 0x30 to 0x39: after the xor its high nibble is 0 and
        // adding 6 leaves it so (no carry between bytes once every high
        // nibble is 0).
        let x = (w ^ DIGIT) & DIGITS_AT[k];
        let digits = x & 0xF0F0_F0F0_F0F0_F0F0 == 0 && (x + 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0;
        if !(digits && w & !DIGITS_AT[k] == SEPARATORS[k]) {
            return None;
        }
    }
    Some(year(d, 0) == Some(4) && iso_month(d, 5) == Some(7) && iso_day(d, 8) == Some(10))
}

/// [`iso_at`], each piece read in turn.
fn iso_at_parsed(b: &[u8], p: usize) -> Option<usize> {
    // Its ten bytes at once (no date without all of them), each piece
    // then read at a fixed place with no bounds check of its own: a log
    // has an ISO date on nearly every line.
    let d: &[u8; 10] = b.get(p..p + 10)?.try_into().ok()?;
    let date = year(d, 0) == Some(4) && d[4] == b'-' && iso_month(d, 5) == Some(7) && d[7] == b'-' && iso_day(d, 8) == Some(10);
    date.then(|| iso_time(b, p + 10))
}

/// `(?:19|20)[0-9]{2}/(?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])`: 1962/03/14.
fn year_slash_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, year(b, p)?, b'/')?;
    day_number(b, byte(b, month_number(b, i)?, b'/')?)
}

/// `(?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])/(?:(?:19|20)[0-9]{2}|[0-9]{2})`: US 3/14/1962, 3/14/62.
fn us_slash_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, month_number(b, p)?, b'/')?;
    year_or_two_digits(b, byte(b, day_number(b, i)?, b'/')?)
}

/// `(?:1[0-2]|0?[1-9])-(?:[12][0-9]|3[01]|0?[1-9])-(?:19|20)[0-9]{2}`: 03-14-1962.
fn us_dash_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, month_number(b, p)?, b'-')?;
    year(b, byte(b, day_number(b, i)?, b'-')?)
}

/// `(?:[12][0-9]|3[01]|0?[1-9])[./](?:1[0-2]|0?[1-9])[./](?:19|20)[0-9]{2}`: 14.03.1962, 14/03/1962.
fn european_at(b: &[u8], p: usize) -> Option<usize> {
    let sep = |i: usize| matches!(at(b, i), b'.' | b'/').then_some(i + 1);
    let i = sep(day_number(b, p)?)?;
    year(b, sep(month_number(b, i)?)?)
}

/// `(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}`: 14 March, 14th of March
/// (label only), and the start of "14 Mar 1962".
fn day_of_month_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, ordinal(b, day_number(b, p)?), b' ')?;
    month_name(b, lit(b, i, b"of ").unwrap_or(i))
}

/// `\.?,?\ (?:19|20)[0-9]{2}`: the year after a day and month ending at `i`,
/// completing `(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}\.?,?\ (?:19|20)[0-9]{2}`:
/// 14 Mar 1962 (the day and month are [`day_of_month_at`]'s, which its caller
/// also needs when no year follows).
fn year_after_day_month(b: &[u8], i: usize) -> Option<usize> {
    let i = opt(b, opt(b, i, b'.'), b',');
    year(b, byte(b, i, b' ')?)
}

/// `(?:[12][0-9]|3[01]|0?[1-9])-{m}-(?:(?:19|20)[0-9]{2}|[0-9]{2})`: 14-MAR-1962.
fn day_mon_dash_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, day_number(b, p)?, b'-')?;
    year_or_two_digits(b, byte(b, month_name(b, i)?, b'-')?)
}

/// `(?:19|20)[0-9]{2}年(?:1[0-2]|0?[1-9])月(?:[12][0-9]|3[01]|0?[1-9])日`: 1962年3月14日.
fn cjk_at(b: &[u8], p: usize) -> Option<usize> {
    let i = lit(b, year(b, p)?, "年".as_bytes())?;
    let i = lit(b, month_number(b, i)?, "月".as_bytes())?;
    lit(b, day_number(b, i)?, "日".as_bytes())
}

/// `(?:19|20)[0-9]{2}년\ ?(?:1[0-2]|0?[1-9])월\ ?(?:[12][0-9]|3[01]|0?[1-9])일`: 1962년 3월 14일.
fn korean_at(b: &[u8], p: usize) -> Option<usize> {
    let i = opt(b, lit(b, year(b, p)?, "년".as_bytes())?, b' ');
    let i = opt(b, lit(b, month_number(b, i)?, "월".as_bytes())?, b' ');
    lit(b, day_number(b, i)?, "일".as_bytes())
}

/// `(?:[12][0-9]|3[01]|0?[1-9])\ de\ {es}\ (?:de\ |del\ )?(?:19|20)[0-9]{2}`: 14 de marzo de 1962.
fn spanish_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, mes(b, lit(b, day_number(b, p)?, b" de ")?)?, b' ')?;
    year(b, lit(b, i, b"de ").or_else(|| lit(b, i, b"del ")).unwrap_or(i))
}

/// `(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])`: 19620314 (label only).
fn compact_at(b: &[u8], p: usize) -> Option<usize> {
    // Its eight bytes at once, as in `iso_at`.
    let d: &[u8; 8] = b.get(p..p + 8)?.try_into().ok()?;
    (year(d, 0) == Some(4) && iso_month(d, 4) == Some(6) && iso_day(d, 6) == Some(8)).then_some(p + 8)
}

/// Whether a month name, "of " or "de " may start at `i`: what follows the
/// space after a day in the dates that have one.
fn month_of_or_de(b: &[u8], i: usize) -> bool {
    month_start(b, i) || lit(b, i, b"of ").is_some() || lit(b, i, b"de ").is_some()
}

/// The date starting at digit `p`, `run` being the length of the run of
/// digits there. What follows a day, a month number or a year in the
/// pattern is never a digit, so the run decides which alternatives can
/// match: one or two digits start a day or a month, four a year, eight or
/// more the compact form. The alternatives are tried in the pattern's order.
fn digit_date_at(b: &[u8], p: usize, run: usize) -> Option<usize> {
    // The byte after the run decides which alternatives can match; they are tried in the pattern's order.
    match (run, at(b, p + run)) {
        (1 | 2, b'/') => us_slash_at(b, p).or_else(|| european_at(b, p)),
        (1 | 2, b'-') => us_dash_at(b, p).or_else(|| day_mon_dash_at(b, p)),
        (1 | 2, b'.') => european_at(b, p),
        (1 | 2, b' ') => {
            let day_month = day_of_month_at(b, p);
            day_month.and_then(|i| year_after_day_month(b, i)).or_else(|| spanish_at(b, p)).or(day_month)
        }
        // An ordinal's first letter (or the first byte of `ſ`).
        (1 | 2, b's' | b'S' | b'n' | b'N' | b'r' | b'R' | b't' | b'T' | 0xC5) => {
            let day_month = day_of_month_at(b, p);
            day_month.and_then(|i| year_after_day_month(b, i)).or(day_month)
        }
        (4, b'-') => iso_at(b, p),
        (4, b'/') => year_slash_at(b, p),
        (4, 0xE5) => cjk_at(b, p),
        (4, 0xEB) => korean_at(b, p),
        (8.., _) => compact_at(b, p),
        _ => None,
    }
}

/// The dates starting with a month name, in the pattern's order:
/// `{m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\ (?:19|20)[0-9]{2}` (March 14, 1962),
/// `{m}\.?\ (?:19|20)[0-9]{2}` (March 1962, label only) and
/// `{m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?` (March 14, label only).
fn month_date_at(b: &[u8], p: usize) -> Option<usize> {
    let i = byte(b, opt(b, month_name(b, p)?, b'.'), b' ')?;
    let day = day_number(b, i);
    let day_comma_year = || year(b, byte(b, opt(b, ordinal(b, day?), b','), b' ')?);
    day_comma_year().or_else(|| year(b, i)).or_else(|| day.map(|d| ordinal(b, d)))
}

/// The date starting at `p`, the match the old pattern preferred there.
fn date_at(b: &[u8], p: usize) -> Option<usize> {
    match at(b, p) {
        c if c.is_ascii_digit() => digit_date_at(b, p, digits(b, p, usize::MAX)),
        _ if month_start(b, p) => month_date_at(b, p),
        _ => None,
    }
}

/// Three bytes at a place where a date may be found, each class's nibble
/// hull admitting few others (a digit before 'b', 'c' or 'd' is common in
/// hex ids):
/// - a digit, then what can follow a date's first number and begin the
///   rest: `/ . -` and a digit; a space or `-` and a month name's first
///   letter (or `ſ`'s first byte, or "of"/"de"); an ordinal (`st nd rd th`,
///   `ſt`); 年 or 년 (first bytes);
/// - 19 or 20 and a digit: where a compact 19620314 may start;
/// - a letter or `.`, a space and a digit: a month name (or its '.') and the
///   day or year after it.
///
/// The scan takes these places from [`PLACES`]; the tests hold the two to each other.
#[cfg(test)]
static DATE_TUPLES: ByteTuples<3> = ByteTuples::new()
    .with([DIGITS, b"/.-", DIGITS])
    .with([DIGITS, b" -", b"jfmasondJFMASOND\xC5"])
    .with([DIGITS, b"sStT", b"tThH"])
    .with([DIGITS, b"rRnN", b"dD"])
    .with([DIGITS, b"\xC5\xE5\xEB", ANY_BYTE])
    .with([b"1", b"9", DIGITS])
    .with([b"2", b"0", DIGITS])
    .with([b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.", b" ", DIGITS]);

/// The date found at place `t` of [`DATE_TUPLES`], `p` being the end of
/// the last date, before which none starts. The starts a place allows are
/// tried, leftmost first: at a letter or '.' before a space and a digit, a
/// month name at most 12 bytes before the digit ("ſeptember. 14"); at the
/// end of a run of digits, the starts four, two and one digits from its
/// end; at 19 or 20, the compact form. Every match has such a place, and of
/// two matches the one that starts first has the earlier place: tried at
/// the places in order, each from the end of the last match, this finds the
/// dates leftmost first and not overlapping, as `date_re().find_iter` gave
/// them.
// Always inlined: in the walk shared with the street lines the compiler
// left it out of line, a call per place (1.012 of a log's instructions
// against 0.994 with this and the helpers marked below inlined).
#[inline(always)]
fn date_at_place(b: &[u8], t: usize, p: usize) -> Option<(usize, usize)> {
    Some(if !b[t].is_ascii_digit() {
        // `b[t + 1]` is the space. A match found here has its month name
        // end at `t + 1`, or at `t` where that is its '.': one whose
        // name ends before an earlier space was found at that space's
        // place, or starts before `p`. Its name is 3 to 10 bytes long,
        // all ASCII letters or bytes of `ſ` (which takes two), and ends
        // in one of these letters: it starts within the run of such
        // bytes before `end` ("in 2024" has too short a run).
        let end = if b[t] == b'.' { t } else { t + 1 };
        // The name's end first: it rules out most words before a number.
        if end < 3 || !month_may_end_at(b, end) {
            return None;
        }
        let run = b[p.max(end.saturating_sub(10))..end].iter().rev().take_while(|&&c| c.is_ascii_alphabetic() || c >= 0x80).count();
        if run < 3 {
            return None;
        }
        (end - run..=end - 3).find_map(|q| Some((q, month_start(b, q).then(|| month_date_at(b, q))??)))?
    } else if b[t + 1].is_ascii_digit() {
        // "19" or "20" and a digit: the compact form, whose month starts
        // with 0 or 1 four bytes in, looked at before the year; or the year
        // of an ISO date (most such places in a log), whose match is the
        // one the place at the year's last digit would find first (its
        // start four digits back, which no earlier place reaches): found
        // here, that place's tests are spared, and it is skipped as inside
        // the date.
        match at(b, t + 4) {
            b'0' | b'1' => (t, compact_at(b, t)?),
            b'-' => (t, iso_at(b, t)?),
            _ => return None,
        }
    } else {
        let end = t + 1;
        if !rest_may_follow_digits(b, end) {
            return None;
        }
        // Starts at or after `p`, among the digits before `end`.
        let room = end - p.max(end - digits_before(b, end, 4));
        [4, 2, 1].into_iter().filter(|&n| n <= room).find_map(|n| Some((end - n, digit_date_at(b, end - n, n)?)))?
    })
}

/// Whether a month name may end at `end` (`end >= 3`): false only where
/// none can. A name's last three bytes are, lowercased, those of one of
/// its forms (all end in ASCII letters); where they are not all ASCII
/// letters, an `ſ` may be among them, and the caller tries every start.
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn month_may_end_at(b: &[u8], end: usize) -> bool {
    // Every form ends in one of these ASCII letters (an `ſ` is never last):
    // one compare rules out most words before the others are read.
    if !matches!(b[end - 1] | 0x20, b'n' | b'y' | b'b' | b'r' | b'h' | b'l' | b'e' | b'g' | b't' | b'p' | b'v' | b'c') {
        return false;
    }
    let tail = [b[end - 3], b[end - 2], b[end - 1]];
    if !tail.iter().all(u8::is_ascii_alphabetic) {
        return true;
    }
    matches!(
        &tail.map(|c| c | 0x20),
        b"jan" | b"ary" | b"feb" | b"mar" | b"rch" | b"apr" | b"ril" | b"may" | b"jun" | b"une" | b"jul" | b"uly" | b"aug" | b"ust" | b"sep"
            | b"ept" | b"ber" | b"oct" | b"nov" | b"dec"
    )
}

/// Whether a date can start among the digits ending at `end` (the byte
/// there is no digit), as far as the bytes from `end` on tell: false only
/// where [`digit_date_at`] finds none at any start. What follows the
/// number decides (see there): `/ . -` and a digit, as
/// [`numeric_rest_may_follow`] tells; `-` and a month name (14-MAR-1962);
/// a space and a month name, "of " or "de "; an ordinal's first letter
/// (or `ſ`'s first byte); 年 or 년 (their first bytes). Nothing else: a
/// `/` or `.` before no digit, a letter of a hex id.
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn rest_may_follow_digits(b: &[u8], end: usize) -> bool {
    let c = at(b, end);
    // After any other byte a digit ends every form that might follow.
    if at(b, end + 1).is_ascii_digit() {
        return matches!(c, b'/' | b'.' | b'-') && numeric_rest_may_follow(b, end);
    }
    match c {
        b'-' => month_start(b, end + 1),
        b' ' => month_of_or_de(b, end + 1),
        b's' | b'S' | b'n' | b'N' | b'r' | b'R' | b't' | b'T' | 0xC5 | 0xE5 | 0xEB => true,
        _ => false,
    }
}

/// Whether a date can start among the digits ending at `end`, where one
/// of `/ . -` and a digit follow them: false only where none can. In every
/// form but one, a number of one or two digits and one of `/ . -` again
/// come next (a day, a month or the ISO month; the match stops at no
/// digit); the exception, `14-MAR-1962`, has a letter after the '-'
/// ([`rest_may_follow_digits`] asks about it). Most runs of digits and
/// dots or dashes (addresses, versions, ids) fail this test.
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn numeric_rest_may_follow(b: &[u8], end: usize) -> bool {
    // The end of the middle number: one digit, or two, never three.
    let mut second = end + 2;
    if at(b, second).is_ascii_digit() {
        second += 1;
        if at(b, second).is_ascii_digit() {
            return false;
        }
    }
    // The middle number is a day or a month (the ISO month among them),
    // every one of its digits: a valid day, as `day_number` reads it
    // (1 to 31, with or without a leading 0), which takes in every month.
    // The separators pair up as the forms have them ('-' with '-', each of
    // '/' and '.' with either), and the last number starts with a digit.
    // "0.0.0.0", "13/45/2053" and "123-45-6789" stop here.
    let sep = at(b, second);
    let paired = match at(b, end) {
        b'-' => sep == b'-',
        _ => matches!(sep, b'/' | b'.'),
    };
    paired && day_number(b, end + 1) == Some(second) && at(b, second + 1).is_ascii_digit()
}

/// Length of the run of ASCII digits ending at `end`, counting at most `cap`.
fn digits_before(b: &[u8], end: usize, cap: usize) -> usize {
    b[..end].iter().rev().take(cap).take_while(|c| c.is_ascii_digit()).count()
}

/// An age the old pattern found: the whole match and the number in it (its capture group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AgeMatch {
    start: usize,
    end: usize,
    num: (usize, usize),
}

/// `(?:</[a-z]{1,8}>)?` (an inline closing tag, `(?i)` letters, `ſ` and the Kelvin sign among them).
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn closing_tag(b: &[u8], i: usize) -> usize {
    let Some(mut j) = lit(b, i, b"</") else { return i };
    let mut n = 0;
    while n < 8 {
        let c = at(b, j);
        j += if c.is_ascii_alphabetic() {
            1
        } else if b.get(j..j + 2) == Some("\u{17F}".as_bytes()) {
            2
        } else if b.get(j..j + 3) == Some("\u{212A}".as_bytes()) {
            3
        } else {
            break;
        };
        n += 1;
    }
    if n > 0 && at(b, j) == b'>' {
        j + 1
    } else {
        i
    }
}

/// `([0-9]{2,3})(?:</[a-z]{1,8}>)?(?:\ |-)?(?:years?|yrs?|yo|y/o|y\.o\.?|year)(?:[\ \-]old)?`:
/// 92 years old, 92-year-old, 92 yo, 92 y/o: the end of the match, the
/// number ending at `num_end` (nothing after it is a digit, so what
/// follows does not depend on where it starts, two or three digits back). This
/// alternative also matches wherever the old third and fourth ones,
/// `([0-9]{2,3})\ ?(?:yo|y/o)[MF]?` and `([0-9]{2,3})-year-old`, did, and
/// came first, so those never matched and have no matcher.
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn age_years_at(b: &[u8], num_end: usize) -> Option<usize> {
    let i = closing_tag(b, num_end);
    let i = if matches!(at(b, i), b' ' | b'-') { i + 1 } else { i };
    if at(b, i) | 0x20 != b'y' {
        return None;
    }
    let units: [&[u8]; 8] = [b"years", b"year", b"yrs", b"yr", b"yo", b"y/o", b"y.o.", b"y.o"];
    let i = units.iter().find_map(|u| lit(b, i, u))?;
    Some(if matches!(at(b, i), b' ' | b'-') { lit(b, i + 1, b"old").unwrap_or(i) } else { i })
}

/// `([0-9]{2,3})\ ?歳`: 92歳, the number ending at `num_end`.
fn age_sai_at(b: &[u8], num_end: usize) -> Option<usize> {
    lit(b, opt(b, num_end, b' '), "歳".as_bytes())
}

/// `(?:age|aged)\ ?(?:of\ )?[:=]?\ ?([0-9]{2,3})`: age 92, aged 92, age of 92, age: 92.
fn age_label_at(b: &[u8], p: usize) -> Option<AgeMatch> {
    let (from, num_end) = [&b"age"[..], b"aged"].iter().find_map(|w| age_label_rest(b, lit(b, p, w)?, 0))?;
    Some(AgeMatch { start: p, end: num_end, num: (from, num_end) })
}

/// ` ?(?:of\ )?[:=]? ?([0-9]{2,3})` from its optional piece `k` on, each
/// piece tried taken before skipped, as the regex backtracked: the number's start and end.
fn age_label_rest(b: &[u8], i: usize, k: usize) -> Option<(usize, usize)> {
    let piece = match k {
        0 | 3 => byte(b, i, b' '),
        1 => lit(b, i, b"of "),
        2 => matches!(at(b, i), b':' | b'=').then_some(i + 1),
        _ => {
            let n = digits(b, i, 3);
            return (n >= 2).then_some((i, i + n));
        }
    };
    piece.and_then(|j| age_label_rest(b, j, k + 1)).or_else(|| age_label_rest(b, i, k + 1))
}

/// Three bytes at a place where an age may be found: `age` (any case)
/// where the label alternative starts, or the last digit of a number
/// followed by what can begin the rest of an age: a space or dash and the
/// unit's y, the y, a closing tag's `</`, 歳 (its first byte) or a space and
/// 歳. Each class's nibble hull admits only its own bytes (apart from the
/// any-byte position).
///
/// The scan takes these places from [`PLACES`] ([`age_place`] tells them
/// apart); the tests hold the three to each other.
#[cfg(test)]
static AGE_TUPLES: ByteTuples<3> = ByteTuples::new()
    .with([b"aA", b"gG", b"eE"])
    .with([DIGITS, b" -", b"yY"])
    .with([DIGITS, b"yY", ANY_BYTE])
    .with([DIGITS, b"<", b"/"])
    .with([DIGITS, b"\xE6", ANY_BYTE])
    .with([DIGITS, b" ", b"\xE6"]);

/// The age found at place `t` of [`AGE_TUPLES`], `p` being the end of the
/// last age, before which none starts: at `age`, the label alternative; at
/// a number's last digit, the numbers of three and two digits ending there
/// (the number is never followed by a digit). Every match has such a place,
/// at its start or at its number's last digit, and of two matches the one
/// that starts first has the earlier place (or the same, "192 years" and
/// "92 years", where three digits are tried first): tried at the places in
/// order, each from the end of the last match, this finds the ages leftmost
/// first and not overlapping, as `age_re().captures_iter` gave them.
// Always inlined: in the walk shared with the street lines the compiler
// left it out of line, a call per place (1.012 of a log's instructions
// against 0.994 with this and the helpers marked below inlined).
#[inline(always)]
fn age_at_place(b: &[u8], t: usize, p: usize) -> Option<AgeMatch> {
    Some(if !b[t].is_ascii_digit() {
        age_label_at(b, t)?
    } else {
        let end = t + 1;
        // The number: the longest of three or two digits before `end`
        // starting at or after `p` (the regex's leftmost start). What
        // follows it is the same for both, so it is read once.
        let n = end - p.max(end - digits_before(b, end, 3));
        if n < 2 {
            return None;
        }
        let e = age_years_at(b, end).or_else(|| age_sai_at(b, end))?;
        AgeMatch { start: end - n, end: e, num: (end - n, end) }
    })
}

/// The places of [`DATE_TUPLES`] and of [`AGE_TUPLES`] in one table of
/// eight classes, for one pass over a segment: their fourteen classes,
/// merged where they share the first two positions' bytes or the first
/// byte is a digit in both (the ages' y classes and 歳 with the dates'
/// month letters and lead bytes, the two ordinal classes, 19 and 20). The
/// merged classes' nibble hulls admit a few more places than the two
/// tables: a date is never found at one (as at the extra places
/// [`DATE_TUPLES`]'s own hulls admit), and [`age_place`] gives the ages
/// only their own.
pub(crate) static PLACES: ByteTuples<3> = ByteTuples::new()
    .with([DIGITS, b"/.-", DIGITS])
    .with([DIGITS, b" -", b"jfmasondJFMASOND\xC5yY\xE6"])
    .with([DIGITS, b"sStTrRnN", b"tThHdD"])
    .with([DIGITS, b"\xC5\xE5\xE6\xEByY", ANY_BYTE])
    .with([b"12", b"90", DIGITS])
    .with([b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.", b" ", DIGITS])
    .with([b"aA", b"gG", b"eE"])
    .with([DIGITS, b"<", b"/"]);

/// Whether the place `t` of [`PLACES`] (three bytes in `b`) is one of
/// [`AGE_TUPLES`]: those are the ages' places, and the others the dates'
/// (no place is one of both tables).
// Always inlined into the place walk (see `date_at_place`).
#[inline(always)]
fn age_place(b: &[u8], t: usize) -> bool {
    let &[c0, c1, c2] = &b[t..t + 3] else { unreachable!("three bytes") };
    // The second byte first: it rules out most places (the dates' `/ . -`
    // and digits).
    let unit = matches!(c2, b'y' | b'Y');
    match c1 {
        b'-' => unit && c0.is_ascii_digit(),
        b' ' => (unit || c2 == 0xE6) && c0.is_ascii_digit(),
        b'y' | b'Y' | 0xE6 => c0.is_ascii_digit(),
        b'<' => c2 == b'/' && c0.is_ascii_digit(),
        b'g' | b'G' => matches!(c0, b'a' | b'A') && matches!(c2, b'e' | b'E'),
        _ => false,
    }
}

/// The dates and the ages in `b` (none for a detector that is off), in one
/// pass over [`PLACES`]: each detector tries its own places, skipping those
/// before the end of its last match, as [`each_place`] does for one table.
/// A pass of their own cost the ages about 5 M wasm instructions per MB of
/// log, for a few hundred places.
pub(crate) fn date_and_age_matches(b: &[u8], date: bool, age: bool) -> DateAndAgeMatches {
    let mut walk = PlaceWalk::new(date, age);
    let mut i = 0;
    while i < b.len() {
        walk.step(b, i, tuple_mask(b, i, &PLACES));
        // Both skip what lies before the nearer of the two ends.
        i = (i + 16).max(walk.skip_to());
    }
    walk.finish()
}

/// The date and the age matches of a segment, in order.
pub(crate) type DateAndAgeMatches = (Vec<(usize, usize)>, Vec<AgeMatch>);

/// The walk of [`date_and_age_matches`] over the places of [`PLACES`], a
/// step at a time: with its own pass, or driven by a pass shared with the
/// street lines' places ([`super::locations`]).
pub(crate) struct PlaceWalk {
    dates: Vec<(usize, usize)>,
    ages: Vec<AgeMatch>,
    /// The end of the last date and of the last age, before which none
    /// starts; for a detector that is off, past every place.
    date_end: usize,
    age_end: usize,
}

impl PlaceWalk {
    pub(crate) fn new(date: bool, age: bool) -> PlaceWalk {
        let off = |on: bool| if on { 0 } else { usize::MAX };
        PlaceWalk { dates: Vec::new(), ages: Vec::new(), date_end: off(date), age_end: off(age) }
    }

    /// Tries the places `places` (bit `k` for `i + k`) of a step at `i`,
    /// in order: each detector its own, from the end of its last match.
    #[inline(always)]
    pub(crate) fn step(&mut self, b: &[u8], i: usize, mut places: u16) {
        while places != 0 {
            let t = i + places.trailing_zeros() as usize;
            places &= places - 1;
            if age_place(b, t) {
                if t >= self.age_end {
                    if let Some(m) = age_at_place(b, t, self.age_end) {
                        self.ages.push(m);
                        self.age_end = m.end;
                    }
                }
            } else if t >= self.date_end {
                if let Some(m) = date_at_place(b, t, self.date_end) {
                    self.dates.push(m);
                    self.date_end = m.1;
                }
            }
        }
    }

    /// Where the next place may be: before the nearer of the two ends, no
    /// place is tried by either detector.
    #[inline(always)]
    pub(crate) fn skip_to(&self) -> usize {
        self.date_end.min(self.age_end)
    }

    /// The date matches and the age matches, in order.
    pub(crate) fn finish(self) -> DateAndAgeMatches {
        (self.dates, self.ages)
    }
}

/// Words that say a nearby date belongs to a system, not a person.
///
/// Comma-separated, as the word lists of `names_data` are: a `&[&str]`
/// cost 8 bytes of pointer and length per word in the wasm, on top of its
/// text. Split once, by [`WordSet::new`].
const SYSTEM_WORDS: &str = concat!(
    "release,released,version,build,deploy,deployed,copyright,updated,published,generated,created,",
    "modified,timestamp,expires,expiry,expiration,login,logged,commit,changelog,effective,last modified,",
    "cert,certificate,license,renew,billing period,invoice,report date,ts,time,date:,sent,received,",
    "fetched,cached,synced,started,finished,uptime,migration,slots",
);

/// Words that put prose about a person around a date (comma-separated, as
/// [`SYSTEM_WORDS`]).
const PERSON_WORDS: &str = concat!(
    "patient,pt,pt.,he,she,his,her,mr.,mrs.,ms.,y/o,year-old,born,admitted,discharged,seen,visit,",
    "diagnosed,presented,underwent,surgery,died,passed,mother,father,daughter,son,husband,wife,birthday,",
    "dob,appointment,appt,followup,follow-up,hospitalized,injured,treated,reported,since,onset,signed,",
    "consent,paciente,nacimiento,患者,受診,入院,退院,生年月日,ingreso,alta,cita,implanted,vaccinated,given,",
    "pronounced,nacido,nacida,환자,생년월일",
);

/// Words of a list grouped by first byte, so that a window is read once
/// instead of once per word.
struct WordSet {
    by_first: [Vec<&'static [u8]>; 256],
    /// For each first byte (an ASCII letter in either case), bit `c % 64`
    /// for each second byte `c` of its words, a letter in either case:
    /// most places a word could start are ruled out by their second byte
    /// before any word is compared ("https", "gmail", "yahoo"). Both cases
    /// are in the table, so the text is read as it is, not lowercased.
    seconds: [u64; 256],
    /// The same for each word's third byte, all bits for a first byte
    /// that has a word of two bytes ("pt", "he", "ts"): the second byte
    /// lets through many places the third rules out ("com" for
    /// "copyright", "facebook" for "father"), each a comparison of words.
    thirds: [u64; 256],
    /// The length in bytes of the longest word.
    longest: usize,
}

/// Bit `c % 64` for `c` and, for an ASCII letter, its other case.
fn case_bits(c: u8) -> u64 {
    (1 << (c.to_ascii_lowercase() % 64)) | (1 << (c.to_ascii_uppercase() % 64))
}

impl WordSet {
    /// The set of the comma-separated `words`.
    #[cfg_attr(phi_guard_small, optimize(size))]
    fn new(words: &'static str) -> WordSet {
        let mut set = WordSet { by_first: std::array::from_fn(|_| Vec::new()), seconds: [0; 256], thirds: [0; 256], longest: 0 };
        for w in words.split(',') {
            let w = w.as_bytes();
            set.longest = set.longest.max(w.len());
            set.by_first[usize::from(w[0])].push(w);
            for first in [w[0], w[0].to_ascii_uppercase()] {
                set.seconds[usize::from(first)] |= case_bits(w[1]);
                set.thirds[usize::from(first)] |= w.get(2).map_or(u64::MAX, |&c| case_bits(c));
            }
        }
        set
    }

    /// Whether a word may start at `j`: false where the second or the
    /// third byte rules out every word with its first byte (a word's bytes
    /// are all in the text, whatever window the caller reads: the third
    /// byte is looked at past a window's end). Three bytes and two table
    /// entries, in the caller's loop: most word starts stop here.
    #[inline(always)]
    fn may_start(&self, b: &[u8], j: usize) -> bool {
        let first = usize::from(b[j]);
        (self.seconds[first] >> (at(b, j + 1) % 64)) & (self.thirds[first] >> (at(b, j + 2) % 64)) & 1 != 0
    }
}

fn system_words() -> &'static WordSet {
    static S: OnceLock<WordSet> = OnceLock::new();
    S.get_or_init(|| WordSet::new(SYSTEM_WORDS))
}

fn person_words() -> &'static WordSet {
    static S: OnceLock<WordSet> = OnceLock::new();
    S.get_or_init(|| WordSet::new(PERSON_WORDS))
}

/// Whether one of the words (lowercase) occurs in `b[from..to]`, ASCII
/// letters in either case, as a whole word (no ASCII letter or digit right
/// before or after it inside the window). Read in place: the window is not
/// copied or lowercased first. A window edge may cut a UTF-8 character;
/// its stray bytes are no ASCII letter or digit and begin no word (every
/// word starts with an ASCII letter or a UTF-8 lead byte), so they count as
/// what a lossy decoding would have made of them, a non-word character.
/// Sixteen bytes a step: only where a letter or a lead byte follows no
/// ASCII letter or digit (or starts the window), and the next byte does not
/// rule them out, are the words compared.
///
/// Where the caller knows that no word starts in `b[from + 1..skip]`, only
/// `from` itself and the starts from `skip` on are compared (`skip` at or
/// before `from`: all of them).
fn has_word(b: &[u8], from: usize, skip: usize, to: usize, words: &WordSet) -> bool {
    let (from, to) = (from.min(b.len()), to.min(b.len()));
    let skip = skip.clamp(from, to);
    if skip > from && word_at(b, from, to, words) {
        return true;
    }
    // Bit 0: the byte before the step is an ASCII letter or digit (never at `from`).
    let mut carry = u16::from(skip > from && b[skip - 1].is_ascii_alphanumeric());
    let mut i = skip;
    while i < to {
        let k = byte_kinds(b, i);
        let alnum = k.upper | k.lower | k.digit;
        let mut starts = (k.upper | k.lower | k.lead) & !((alnum << 1) | carry);
        if to - i < 16 {
            starts &= (1 << (to - i)) - 1;
        }
        while starts != 0 {
            let j = i + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if word_at(b, j, to, words) {
                return true;
            }
        }
        carry = alnum >> 15;
        i += 16;
    }
    false
}

/// Whether one of the words starts at `j` and ends at or before `to`, not
/// followed by an ASCII letter or digit before `to` (the caller has looked
/// at the byte before `j`). Inlined: most starts are ruled out by
/// [`WordSet::may_start`] without a call.
#[inline(always)]
fn word_at(b: &[u8], j: usize, to: usize, words: &WordSet) -> bool {
    words.may_start(b, j) && word_in(&b[j..to], &words.by_first[usize::from(b[j].to_ascii_lowercase())])
}

/// Whether `hay` starts with one of `words`, ASCII letters in either
/// case, not followed by an ASCII letter or digit.
fn word_in(hay: &[u8], words: &[&'static [u8]]) -> bool {
    words.iter().any(|w| {
        hay.len() >= w.len() && hay.iter().zip(w.iter()).all(|(c, w)| c.to_ascii_lowercase() == *w) && hay.get(w.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// [`has_word`] for one word list, asked over windows whose two ends never
/// move back (around the dates of a segment, in order). After a window
/// `[from, to)` with none of the words, a later one `[from2, to2)` needs
/// only its own first byte and the starts from `to - longest` on compared:
/// a word starting between those ends before `to`, where the two windows
/// read the same bytes around it, so the first window would have found it.
/// Dates close together (a list of them on a line) have windows that
/// overlap by most of their length.
struct WordsAround {
    words: &'static WordSet,
    /// The last window found to hold none of the words, clamped to the text
    /// (empty at first).
    clear: (usize, usize),
}

impl WordsAround {
    fn new(words: &'static WordSet) -> Self {
        WordsAround { words, clear: (0, 0) }
    }

    /// `has_word(b, from, from, to, words)`.
    fn found(&mut self, b: &[u8], from: usize, to: usize) -> bool {
        let (from, to) = (from.min(b.len()), to.min(b.len()));
        let (clear_from, clear_to) = self.clear;
        let skip = if clear_from <= from && clear_to <= to { clear_to.saturating_sub(self.words.longest) } else { from };
        let hit = has_word(b, from, skip, to, self.words);
        if !hit {
            self.clear = (from, to);
        }
        hit
    }
}

/// [`Ctx::label_near`] for one kind of label, asked at positions that
/// never go back (the dates of a segment, in order): the labels ending at
/// or before the position are counted as it moves on, instead of a binary
/// search over all of them per date (a log has a date on every line).
/// Labels do not overlap and come in order, so their ends are in order too.
struct LabelsBefore<'a> {
    labels: &'a [LabelHit],
    kind: LabelKind,
    /// How many labels end at or before the last position asked about.
    ended: usize,
}

impl<'a> LabelsBefore<'a> {
    fn new(cx: &'a Ctx, kind: LabelKind) -> Self {
        LabelsBefore { labels: &cx.labels, kind, ended: 0 }
    }

    /// `cx.label_near(pos, window, |k| k == kind)`; `pos` at least the last one asked about.
    fn near(&mut self, b: &[u8], pos: usize, window: usize) -> bool {
        // Over all the dates of a segment, one walk over its labels at most.
        while self.labels.get(self.ended).is_some_and(|l| l.end <= pos) {
            self.ended += 1;
        }
        let from = pos.saturating_sub(window);
        self.labels[..self.ended].iter().rev().take_while(|l| l.start >= from).any(|l| l.kind == self.kind && !b[l.end..pos].contains(&b'\n'))
    }
}

/// The date findings of a segment, then its age findings, of the
/// detectors that are on (`date`, `age`): both take their matches from one
/// pass over the segment ([`date_and_age_matches`]).
pub(crate) fn dates_and_ages(cx: &Ctx, date: bool, age: bool, out: &mut Vec<Hit>) {
    if !wanted(cx, date, age) {
        return;
    }
    let (date_matches, age_matches) = date_and_age_matches(cx.bytes, date, age);
    dates_and_ages_of(cx, date_matches, age_matches, age, out);
}

/// Whether [`dates_and_ages`] looks for anything in the segment.
pub(crate) fn wanted(cx: &Ctx, date: bool, age: bool) -> bool {
    cx.digits != 0 && (date || age)
}

/// The findings of [`dates_and_ages`] from its matches, found by a
/// [`PlaceWalk`] over the whole segment.
pub(crate) fn dates_and_ages_of(cx: &Ctx, date_matches: Vec<(usize, usize)>, age_matches: Vec<AgeMatch>, age: bool, out: &mut Vec<Hit>) {
    dates(cx, date_matches, out);
    ages(cx, age_matches, out);
    // The sex's capital, M or F, is one.
    if age && cx.has(super::has::UPPER) {
        sex_ages(cx, out);
    }
}

/// The findings among the date `matches` of a segment.
fn dates(cx: &Ctx, matches: Vec<(usize, usize)>, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // Most segments of a document have no date: nothing more to set up.
    if matches.is_empty() {
        return;
    }
    // Ends of the names found in this segment (the name detector runs first,
    // left to right), gathered the first time a date needs them.
    let names_to = out.len();
    let mut name_ends: Option<Vec<usize>> = None;
    let mut date_labels = LabelsBefore::new(cx, LabelKind::Phi(PhiType::Date));
    let mut name_labels = LabelsBefore::new(cx, LabelKind::Phi(PhiType::Name));
    let (mut system, mut person) = (WordsAround::new(system_words()), WordsAround::new(person_words()));
    for (s, e) in matches {
        // A timestamp (most dates in a log have a time) is reported only
        // near a label, whatever bytes stand around it: with no label, it
        // is passed over before its edges are looked at. The label cursor
        // may be asked about a date the edges then rule out: the dates
        // still come in order.
        let labelled = date_labels.near(b, s, 64);
        let time = has_time(b, s, e);
        // But midnight in a rejected row (`1979-02-06 00:00:00`) is a
        // date column's value written as a timestamp: a birth date.
        if time && !labelled && !(cx.failing_row && b.get(s + 11..s + 19) == Some(b"00:00:00") && crate::detect::in_failing_row(cx, s)) {
            continue;
        }
        if !token_start(b, s) || !token_end(b, e) || (s > 0 && matches!(b[s - 1], b'.' | b'/' | b'-' | b':')) || (e < b.len() && matches!(b[e], b'/' | b':') && b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
            continue;
        }
        if internet_stamp(b, s, e) {
            continue;
        }
        if labelled {
            out.push(Hit::new(PhiType::Date, s, e, 0.9, why!("date", "date near a label tying it to a person")));
            continue;
        }
        // Without a label: not a timestamp (passed over above), not the
        // compact form, not a month and a year only.
        // A query parameter's value (`?since=2023-01-01`) is read by its
        // key where the URL is read; a person word near it is no tie.
        let v = &cx.text[s..e];
        if (e - s == 8 && v.bytes().all(|c| c.is_ascii_digit())) || is_month_year_only(v) || (s > 0 && b[s - 1] == b'=') {
            continue;
        }
        // A name found just before ("Maria Garcia 04/07/1998") ties the date to that person.
        let name_ends = name_ends.get_or_insert_with(|| out[cx.hits_from..names_to].iter().filter(|h| h.kind == PhiType::Name).map(Hit::end).collect());
        let k = name_ends.partition_point(|&e| e <= s);
        let name_before = k > 0 && s - name_ends[k - 1] <= 48;
        let from = s.saturating_sub(48);
        // Of the word searches, the person words' first.
        let hit = if name_before || name_labels.near(b, s, 120) || person.found(b, s.saturating_sub(96), e + 64) || crate::detect::in_failing_row(cx, s) {
            Hit::new(PhiType::Date, s, e, 0.75, why!("date", "date in prose about a person"))
        } else if may_end_in_colon(&b[from..s]) && rendered_content(&String::from_utf8_lossy(&b[from..s]).to_ascii_lowercase()) {
            Hit::new(PhiType::Date, s, e, 0.7, why!("date", "date the page rendered, quoted in a hydration error"))
        } else {
            continue;
        };
        // A system word just before overrules both, but only a date that
        // would be reported needs it looked for: most dates with no label
        // are in neither kind of text (a list of ids and dates).
        if !system.found(b, from, s) {
            out.push(hit);
        }
    }
}

/// Whether the date `b[s..e]` is the date of an Internet timestamp as
/// e-mail and HTTP write one (RFC 5322 and 7231: `Date: Wed, 23 Feb 2025
/// 14:57:29 -0700`, `Last-Modified: Mon, 28 Sep 2025 00:18:47 GMT`): a
/// weekday's abbreviation and a comma before it, a time with seconds
/// after it. A message's or a page's time, never a person's date.
fn internet_stamp(b: &[u8], s: usize, e: usize) -> bool {
    let time = |i: usize| b.len() >= i + 8 && b[i + 2] == b':' && b[i + 5] == b':' && [0, 1, 3, 4, 6, 7].iter().all(|&k| b[i + k].is_ascii_digit());
    s >= 5 && &b[s - 2..s] == b", " && b[s - 5..s - 2].iter().all(u8::is_ascii_alphabetic) && b.get(e) == Some(&b' ') && time(e + 1)
}

/// Whether the date `b[s..e]` has a time of day (a ':'): only an ISO date
/// can ([`iso_at`]), and its time's first ':' is then 13 bytes in
/// ("1962-03-14T10:00"). One compare instead of a search of the date.
fn has_time(b: &[u8], s: usize, e: usize) -> bool {
    e - s > 13 && b[s + 13] == b':'
}

/// React's hydration-mismatch errors quote what the server and the client
/// rendered (`Text content did not match. Server: "02/04/2017" Client:
/// "02/03/2017"`): page content, in a patient portal a birth or visit date,
/// often off by a day between the two (a time-zone bug). `before` is the
/// lowercased window before the date.
fn rendered_content(before: &str) -> bool {
    let quoted = before.trim_end().trim_end_matches(['"', '\'', '\\']).trim_end();
    let hydration = before.contains("did not match") || before.contains("hydrat");
    (quoted.ends_with("server:") && hydration) || (quoted.ends_with("client:") && (hydration || before.contains("server:")))
}

/// Whether `before`, trimmed as [`rendered_content`] trims it, may end in
/// ':' (as "server:" and "client:" do): false only where it cannot. Every
/// byte trimmed there is an ASCII space or control byte, a quote, a
/// backslash or part of a non-ASCII character; past them, the last byte
/// must be the ':'.
fn may_end_in_colon(before: &[u8]) -> bool {
    before.iter().rev().find(|&&c| !(c <= b' ' || c >= 0x80 || matches!(c, b'"' | b'\'' | b'\\'))) == Some(&b':')
}

/// "March 1962", "March 14", "14th of March": too little of a date to report without a label.
fn is_month_year_only(v: &str) -> bool {
    // Only a month name has letters (most dates have none).
    if !v.bytes().any(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    (digits == 4 && !v.contains(',') && v.split(' ').count() == 2) || digits <= 2
}

/// A date at the start of `s` (after a date label). `strict`: whole JSON
/// values, where any of the formats including a full timestamp counts.
pub(crate) fn date_value(s: &str, strict: bool) -> Option<usize> {
    let b = s.as_bytes();
    let e = date_at(b, 0).or_else(|| labelled_date_at(b))?;
    if !token_end(b, e) {
        return None;
    }
    let _ = strict;
    Some(e)
}

/// The numeric dates only a label makes dates (they are ids, versions and
/// amounts often enough in free text), at the start of `b`: a day and a
/// month either way round then the year, `-` or `.` between them
/// (31-12-1961, 3-14-61, 03.14.1961) or a space (14 03 1961, a four-digit
/// year); the year first with dots (1961.03.14); eight digits, the year
/// last (03141961, 14031961); the day, the month's name and the year
/// run together (03SEP1991). Day and month in their ranges.
fn labelled_date_at(b: &[u8]) -> Option<usize> {
    let two = |i: usize, n: usize| -> u32 { b[i..i + n].iter().fold(0, |v, c| v * 10 + u32::from(c - b'0')) };
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let n1 = digits(b, 0, 9);
    match (n1, at(b, n1)) {
        (8, _) => (year(b, 4) == Some(8) && (day_month(two(2, 2), two(0, 2)) || day_month(two(0, 2), two(2, 2)))).then_some(8),
        (4, b'.') => day_number(b, byte(b, month_number(b, byte(b, year(b, 0)?, b'.')?)?, b'.')?),
        // "03SEP1991": the month's name run in.
        (1 | 2, c) if c.is_ascii_alphabetic() && day_number(b, 0) == Some(n1) => year(b, month_name(b, n1)?),
        (1 | 2, sep @ (b'-' | b'.' | b' ')) => {
            let n2 = digits(b, n1 + 1, 3);
            let y = n1 + 1 + n2 + 1;
            if !(1..=2).contains(&n2) || at(b, y - 1) != sep {
                return None;
            }
            let end = match digits(b, y, 5) {
                4 => year(b, y)?,
                2 if sep != b' ' => y + 2,
                _ => return None,
            };
            let (a, c) = (two(0, n1), two(n1 + 1, n2));
            (day_month(a, c) || day_month(c, a)).then_some(end)
        }
        _ => None,
    }
}

/// The findings among the age `matches` of a segment: ages over 89.
fn ages(cx: &Ctx, matches: Vec<AgeMatch>, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    for m in matches {
        let (ns, ne) = m.num;
        // "92yoF": the sex after `yo` or `y/o`.
        let sex_after = at(b, m.end - 1) | 0x20 == b'o' && matches!(at(b, m.end), b'M' | b'F') && token_end(b, m.end + 1);
        if !token_start(b, m.start) || !(token_end(b, m.end) || sex_after || cx.text[m.start..m.end].ends_with('歳')) || (ne < b.len() && b[ne] == b'.' && b.get(ne + 1).is_some_and(u8::is_ascii_digit)) {
            continue;
        }
        if b.get(ne) == Some(&b'+') {
            continue; // already generalised ("90+")
        }
        let v: u32 = cx.text[ns..ne].parse().unwrap_or(0);
        if (90..=125).contains(&v) {
            out.push(Hit::new(PhiType::Age, ns, ne, 0.9, why!("age", "age over 89")));
        }
    }
}

/// Ages over 89 with the sex in clinical shorthand, "92F", "92 M", "93/F",
/// where a person is being described: after a person label or a name
/// found ("Pt Jane Doe, 92F", "Patient (92 M)", `pt=97M`), past
/// capitalised words and `, ( : =` between; after an age label, and its
/// sex if it names one ("Age/Sex: 93/F", "Age: 93F"); "93/F" opening the
/// segment, or any of them after a heading that opens it ("ED triage:
/// 91F"). Not a temperature ("temp 102F", "T 101.2F", "fever of 103 F"):
/// lowercase words end the way, a temperature word ends it, and a number
/// after a `.` is no age.
fn sex_ages(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    let names = out[cx.hits_from..].iter().filter(|h| h.kind == PhiType::Name).map(|h| (h.end(), false));
    let labels = cx.labels.iter().filter_map(|l| match l.kind {
        LabelKind::Phi(PhiType::Name) => Some((l.end, false)),
        LabelKind::Phi(PhiType::Age) => Some((l.end, true)),
        _ => None,
    });
    // A heading has its colon (most short values have none).
    let heading = || if cx.has(super::has::COLON) { sex_age_after(b, opening_heading(b)?, false) } else { None };
    let opening = sex_age_at(b, 0).is_some_and(|e| at(b, e - 2) == b'/').then_some(0).or_else(heading);
    // Each age once (a label and the name after it lead to the same one).
    let from = out.len();
    for s in labels.chain(names).filter_map(|(p, age_label)| sex_age_after(b, p, age_label)).chain(opening).collect::<Vec<_>>() {
        if !out[from..].iter().any(|h| h.start() == s) {
            out.push(Hit::new(PhiType::Age, s, s + digits(b, s, 3), 0.9, why!("age", "age over 89")));
        }
    }
}

/// Where the age with the sex after position `p` starts ([`sex_ages`]):
/// after an age label, its "/Sex" first if it has one ("Age/Sex: 93/F",
/// "Age: 93F"); a person label's `=` in a log (`pt=97M`).
fn sex_age_after(b: &[u8], p: usize, age_label: bool) -> Option<usize> {
    let mut i = p;
    if age_label {
        i = [&b"/sex"[..], b"/gender", b" / sex"].iter().find_map(|w| lit(b, i, w)).unwrap_or(i);
    }
    while i < b.len() && i < p + 64 {
        match b[i] {
            b' ' | b',' | b'(' | b':' | b'=' => i += 1,
            c if c.is_ascii_uppercase() => {
                let n = b[i..].iter().take_while(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'\'' | b'-')).count();
                if names_a_temperature(&b[i..i + n]) {
                    return None;
                }
                i += n;
            }
            _ => break,
        }
    }
    sex_age_at(b, i).map(|_| i)
}

/// Whether the word `w` (a `.` after it allowed) names a temperature or
/// the vital signs, in any case: a number with F after it is degrees.
fn names_a_temperature(w: &[u8]) -> bool {
    let w = w.strip_suffix(b".").unwrap_or(w);
    ["t", "temp", "tmax", "temperature", "fever", "vitals"].iter().any(|t| w.eq_ignore_ascii_case(t.as_bytes()))
}

/// The colon that ends a heading opening the segment ("ED triage:",
/// "A/S:"): words of letters and `/`, none [`names_a_temperature`]
/// ("Max temp:"), within 32 bytes.
fn opening_heading(b: &[u8]) -> Option<usize> {
    let c = b.iter().take(32).position(|&c| c == b':')?;
    let word = |w: &[u8]| !w.is_empty() && w.iter().all(|c| c.is_ascii_alphabetic() || *c == b'/') && !names_a_temperature(w);
    b[..c].split(|&c| c == b' ').all(word).then_some(c)
}

/// The end of an age over 89 and its sex at `i` ("92F", "92 M", "93/F"),
/// the sex a whole token.
pub(crate) fn sex_age_at(b: &[u8], i: usize) -> Option<usize> {
    let n = digits(b, i, 4);
    if !(2..=3).contains(&n) || (i > 0 && matches!(b[i - 1], b'.' | b'-' | b'/') ) {
        return None;
    }
    let j = i + n + usize::from(matches!(at(b, i + n), b' ' | b'/'));
    let v = b[i..i + n].iter().fold(0u32, |v, c| v * 10 + u32::from(c - b'0'));
    ((90..=125).contains(&v) && matches!(at(b, j), b'M' | b'F') && token_end(b, j + 1)).then_some(j + 1)
}

/// An age value after an age label: a number over 89, not a share or a
/// measure ("im 100% sure", "she's 90 min away").
pub(crate) fn age_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 3 || !token_end(b, n) || matches!(b.get(n), Some(b'+' | b'.' | b'%')) {
        return None;
    }
    let w = b[n..].strip_prefix(b" ").unwrap_or(&b[n..]);
    let w = &w[..w.iter().take_while(|c| c.is_ascii_alphabetic()).count()];
    if !w.is_empty() && "min,mins,minutes,hrs,hours,days,mi,miles,km,lb,lbs,pounds,kg,percent".split(',').any(|u| w.eq_ignore_ascii_case(u.as_bytes())) {
        return None;
    }
    let v: u32 = s[..n].parse().ok()?;
    (90..=125).contains(&v).then_some(n)
}

#[cfg(test)]
mod labelled_forms {
    /// After a date label or under a date key, the day-first and
    /// two-digit-year dashed forms, the year first with dots, eight
    /// digits and spaced numbers are dates; without one they stay as
    /// they were, and days and months out of range are no dates.
    #[test]
    fn labelled_numeric_dates() {
        const DATES: [&str; 9] = ["31-12-1961", "14-03-1961", "3-14-61", "03-14-61", "1961.03.14", "03141961", "14031961", "14 03 1961", "03.14.1961"];
        let text: Vec<String> = DATES.iter().map(|d| format!("DOB: {d}")).collect();
        let json: Vec<String> = DATES.iter().map(|d| format!("{{\"dob\":\"{d}\"}}")).collect();
        super::super::assert_redacts(crate::Format::Text, &text.iter().map(|t| (t.as_str(), "DOB: [DATE]")).collect::<Vec<_>>());
        super::super::assert_redacts(crate::Format::Json, &json.iter().map(|t| (t.as_str(), r#"{"dob":"[DATE]"}"#)).collect::<Vec<_>>());
        super::super::assert_redacts(crate::Format::Text, &[
            ("ref 03141961 and 14-03-1961 build 1961.03.14", "ref 03141961 and 14-03-1961 build 1961.03.14"),
            ("DOB: 32-13-1961", "DOB: 32-13-1961"),
            ("DOB: 13141961", "DOB: 13141961"),
            ("DOB: 14 03 61", "DOB: 14 03 61"),
            ("Admitted 3 14 days ago", "Admitted 3 14 days ago"),
        ]);
    }

    /// After a date label, the day, the month's abbreviation and the year
    /// run together (03SEP1991, a pharmacy's and an HL7 feed's form); a
    /// label's value may follow "as" ("date of birth as 12 02 1977").
    #[test]
    fn labelled_dates_with_the_month_run_in_and_after_as() {
        super::super::assert_redacts(crate::Format::Log, &[
            ("INFO registration: matched dob=03SEP1991 score=0.92", "INFO registration: matched dob=[DATE] score=0.92"),
        ]);
        super::super::assert_redacts(crate::Format::Text, &[
            ("Rx label: D.O.B. 19OCT1943  sertraline 50 mg #30", "Rx label: D.O.B. [DATE]  sertraline 50 mg #30"),
            ("DOB: 3Jan1961", "DOB: [DATE]"),
            ("gave the pt's date of birth as 12 02 1977 and callback", "gave the pt's date of birth as [DATE] and callback"),
            ("DOB: 32SEP1991", "DOB: 32SEP1991"),
            ("lot 03SEP1991 and 19OCT1943", "lot 03SEP1991 and 19OCT1943"),
            ("DOB: 03SEPX1991", "DOB: 03SEPX1991"),
        ]);
        super::super::assert_redacts(crate::Format::Json, &[(r#"{"dob":"03SEP1991"}"#, r#"{"dob":"[DATE]"}"#)]);
    }
}

#[cfg(test)]
mod sex_ages {
    /// Ages over 89 with the sex in clinical shorthand, where a person is
    /// described; temperatures in Fahrenheit and ages up to 89 are not.
    #[test]
    fn ages_with_the_sex() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("Pt Jane Doe, 92F, seen today", "Pt [NAME], [AGE]F, seen today"),
            ("92yoF with CHF", "[AGE]yoF with CHF"),
            ("Patient (92 M) presents", "Patient ([AGE] M) presents"),
            ("Age/Sex: 93/F", "Age/Sex: [AGE]/F"),
            ("93/F with dementia", "[AGE]/F with dementia"),
            ("Patient Zoltan Quibble, 101M, hx CHF", "Patient [NAME], [AGE]M, hx CHF"),
            ("Pt Jane Doe, 72F, seen today", "Pt [NAME], 72F, seen today"),
            ("temp 102F", "temp 102F"),
            ("T 101.2F", "T 101.2F"),
            ("fever of 103 F", "fever of 103 F"),
            ("Patient temp 102F", "Patient temp 102F"),
            ("Patient T 102F", "Patient T 102F"),
            ("Pt Jane Doe, Tmax 102 F overnight", "Pt [NAME], Tmax 102 F overnight"),
            ("Pt Jane Doe, 92 Main St", "Pt [NAME], [ADDRESS]"),
        ]);
    }

    /// After a heading that opens the segment ("ED triage:", "A/S:"), a
    /// person label and `=` (`pt=97M`), or an age label and no sex
    /// ("Age: 93F"), an age with the sex is an age; under a heading or a
    /// key that names a temperature it is not.
    #[test]
    fn ages_with_the_sex_after_a_heading_or_key() {
        super::super::assert_redacts(crate::Format::Text, &[
            ("ED triage: 91F BIBA from SNF, c/o fall; temp 103F, HR 120", "ED triage: [AGE]F BIBA from SNF, c/o fall; temp 103F, HR 120"),
            ("ED triage: 100M BIBA from ALF", "ED triage: [AGE]M BIBA from ALF"),
            ("A/S: 94 F | Temp 102.5F | wt 95 kg", "A/S: [AGE] F | Temp 102.5F | wt 95 kg"),
            ("Age: 93F, lives alone", "Age: [AGE]F, lives alone"),
            ("ED triage: 59F c/o fever, temp 104F, T 103.3F on recheck", "ED triage: 59F c/o fever, temp 104F, T 103.3F on recheck"),
            ("Temp: 102F", "Temp: 102F"),
            ("Max temp: 103F overnight", "Max temp: 103F overnight"),
            ("Triage vitals: 102F, HR 110", "Triage vitals: 102F, HR 110"),
            ("Vitals: T 102F, HR 110", "Vitals: T 102F, HR 110"),
        ]);
        super::super::assert_redacts(crate::Format::Log, &[
            ("INFO trackboard bed=ED-35 pt=97M cc=\"AMS\" temp=99F acuity=3", "INFO trackboard bed=ED-35 pt=[AGE]M cc=\"AMS\" temp=99F acuity=3"),
            ("INFO trackboard bed=H19 pt=68F cc=\"CP\" temp=102F acuity=1", "INFO trackboard bed=H19 pt=68F cc=\"CP\" temp=102F acuity=1"),
            ("INFO vitals temp=102F pulse=110", "INFO vitals temp=102F pulse=110"),
        ]);
        super::super::assert_redacts(crate::Format::Json, &[
            (r#"{"encounter":{"ageSex":"96F","vitals":{"tempF":102.9,"hr":75}}}"#, r#"{"encounter":{"ageSex":"[AGE]F","vitals":{"tempF":102.9,"hr":75}}}"#),
            (r#"{"age_sex":"94 M"}"#, r#"{"age_sex":"[AGE] M"}"#),
            (r#"{"ageSex":"72F","temp":"102F"}"#, r#"{"ageSex":"72F","temp":"102F"}"#),
        ]);
    }
}

#[cfg(test)]
mod differential {
    use super::super::find::each_place;
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    // The patterns the matchers replaced, verbatim.
    const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    const MES: &str = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)";

    fn date_re() -> &'static Regex {
        static R: OnceLock<Regex> = OnceLock::new();
        R.get_or_init(|| {
            let p = format!(
                r"(?xi)
            (?:19|20)[0-9]{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])        # ISO 1962-03-14
                (?:[T\ ][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\.[0-9]{{1,9}})?)?(?:Z|[+\-][0-9]{{2}}:?[0-9]{{2}})?)?
          | (?:19|20)[0-9]{{2}}/(?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])     # 1962/03/14
          | (?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])/(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})  # US 3/14/1962, 3/14/62
          | (?:1[0-2]|0?[1-9])-(?:[12][0-9]|3[01]|0?[1-9])-(?:19|20)[0-9]{{2}}     # 03-14-1962
          | (?:[12][0-9]|3[01]|0?[1-9])[./](?:1[0-2]|0?[1-9])[./](?:19|20)[0-9]{{2}} # 14.03.1962, 14/03/1962
          | {m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\ (?:19|20)[0-9]{{2}}  # March 14, 1962
          | (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}\.?,?\ (?:19|20)[0-9]{{2}}  # 14 Mar 1962
          | (?:[12][0-9]|3[01]|0?[1-9])-{m}-(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})    # 14-MAR-1962
          | (?:19|20)[0-9]{{2}}年(?:1[0-2]|0?[1-9])月(?:[12][0-9]|3[01]|0?[1-9])日   # 1962年3月14日
          | (?:19|20)[0-9]{{2}}년\ ?(?:1[0-2]|0?[1-9])월\ ?(?:[12][0-9]|3[01]|0?[1-9])일   # 1962년 3월 14일
          | (?:[12][0-9]|3[01]|0?[1-9])\ de\ {es}\ (?:de\ |del\ )?(?:19|20)[0-9]{{2}}  # 14 de marzo de 1962
          | (?:19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])          # 19620314 (label only)
          | {m}\.?\ (?:19|20)[0-9]{{2}}                                              # March 1962 (label only)
          | {m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?                   # March 14 (label only)
          | (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}               # 14 March (label only)
            ",
                m = MONTH,
                es = MES
            );
            Regex::new(&p).unwrap()
        })
    }

    fn age_re() -> &'static Regex {
        static R: OnceLock<Regex> = OnceLock::new();
        R.get_or_init(|| {
            Regex::new(r"(?xi)
            ([0-9]{2,3})(?:</[a-z]{1,8}>)?(?:\ |-)?(?:years?|yrs?|yo|y/o|y\.o\.?|year)(?:[\ \-]old)?
          | (?:age|aged)\ ?(?:of\ )?[:=]?\ ?([0-9]{2,3})
          | ([0-9]{2,3})\ ?(?:yo|y/o)[MF]?
          | ([0-9]{2,3})-year-old
          | ([0-9]{2,3})\ ?歳
        ").unwrap()
        })
    }

    /// The dates in `b`: a pass of their own over [`DATE_TUPLES`].
    fn date_matches(b: &[u8]) -> Vec<(usize, usize)> {
        let (mut out, mut p) = (Vec::new(), 0);
        each_place(b, &DATE_TUPLES, |t| {
            let m = date_at_place(b, t, p)?;
            out.push(m);
            p = m.1;
            Some(p)
        });
        out
    }

    /// The ages in `b`: a pass of their own over [`AGE_TUPLES`].
    fn age_matches(b: &[u8]) -> Vec<AgeMatch> {
        let (mut out, mut p) = (Vec::new(), 0);
        each_place(b, &AGE_TUPLES, |t| {
            let m = age_at_place(b, t, p)?;
            out.push(m);
            p = m.end;
            Some(p)
        });
        out
    }

    /// The shared pass gives what the two passes of their own give, with
    /// either detector off too.
    fn check_shared(b: &[u8]) -> Result<(), TestCaseError> {
        let (dates, ages) = (date_matches(b), age_matches(b));
        prop_assert_eq!(date_and_age_matches(b, true, true), (dates.clone(), ages.clone()), "shared pass on {:?}", b);
        prop_assert_eq!(date_and_age_matches(b, true, false), (dates, vec![]), "dates alone on {:?}", b);
        prop_assert_eq!(date_and_age_matches(b, false, true), (vec![], ages), "ages alone on {:?}", b);
        Ok(())
    }

    /// Whether table `t` allows the three bytes at 0.
    fn allows(t: &ByteTuples<3>, b: [u8; 3]) -> bool {
        tuple_mask(&b, 0, t) & 1 != 0
    }

    /// Every triple of bytes that matter to the tables (and some that do
    /// not): [`PLACES`] allows every place of the dates and of the ages, no
    /// triple is a place of both, and [`age_place`] is exactly the ages'.
    #[test]
    fn places_hold_both_tables() {
        let mut bytes: Vec<u8> = b" -./<019259aAgGeEyYsStTrRnNhHdDjJfFmMoOcCuUvViIx:,".to_vec();
        bytes.extend([0x80, 0x85, 0xB9, 0xBF, 0xC5, 0xC9, 0xE5, 0xE6, 0xE9, 0xEB, 0xFF]);
        for &c0 in &bytes {
            for &c1 in &bytes {
                for &c2 in &bytes {
                    let b = [c0, c1, c2];
                    let (date, age) = (allows(&DATE_TUPLES, b), allows(&AGE_TUPLES, b));
                    assert!(!(date && age), "{b:?} is a place of both");
                    assert!(allows(&PLACES, b) || !(date || age), "{b:?} is not a place");
                    assert_eq!(age_place(&b, 0), age, "{b:?}");
                }
            }
        }
    }

    /// At the places [`PLACES`] admits beyond the two tables', no date
    /// starts, whatever the bytes after them.
    fn check_extra_places(b: &[u8]) -> Result<(), TestCaseError> {
        for t in 0..b.len().saturating_sub(2) {
            let triple = [b[t], b[t + 1], b[t + 2]];
            if allows(&PLACES, triple) && !allows(&DATE_TUPLES, triple) && !age_place(b, t) {
                prop_assert_eq!(date_at_place(b, t, 0), None, "date at extra place {} of {:?}", t, b);
            }
        }
        Ok(())
    }

    fn check(s: &str) -> Result<(), TestCaseError> {
        let b = s.as_bytes();
        check_shared(b)?;
        check_extra_places(b)?;
        let want: Vec<(usize, usize)> = date_re().find_iter(s).map(|m| (m.start(), m.end())).collect();
        prop_assert_eq!(date_matches(b), want, "dates in {:?}", s);
        // `date_value`: the match the pattern found if it started at 0.
        let first = date_re().find(s).filter(|m| m.start() == 0).map(|m| m.end());
        prop_assert_eq!(date_at(b, 0), first, "date at the start of {:?}", s);
        let want: Vec<AgeMatch> = age_re()
            .captures_iter(s)
            .map(|c| {
                let (whole, n) = (c.get(0).unwrap(), c.iter().skip(1).flatten().next().unwrap());
                AgeMatch { start: whole.start(), end: whole.end(), num: (n.start(), n.end()) }
            })
            .collect();
        prop_assert_eq!(age_matches(b), want, "ages in {:?}", s);
        Ok(())
    }

    #[test]
    fn same_matches_as_the_patterns_on_known_shapes() {
        for s in [
            "1962-03-14", "1962-03-14T10:00", "1962-03-14 10:00:05.123456789123Z", "1962-03-14t10:00:05+01:00", "1962-03-14T10:00:05-0100",
            "1962-03-14T10:00+01:", "1962-03-14T10:0", "1962-03-14T10:00:05.Z", "2024-13-01", "2024-1-01", "12024-05-01", "2012/08/23",
            "2012/8/3", "2012/08/32", "2012/13/01", "2012/1/05", "3/14/1962", "03/14/62", "3/14/196", "12/31/2099", "13/14/1962",
            "0/14/1962", "03-14-1962", "3-4-2024", "14.03.1962", "14/03.1962", "31.12.2024", "32.12.2024", "March 14, 1962", "mar. 3rd 1962",
            "SEPT. 1st, 2024", "Sept 31st 2024", "september 1962", "sep 1962", "june 5", "jun. 5th", "junee 5", "Mayo 5", "May 2024",
            "March 32, 1962", "March 19991", "14 Mar 1962", "14th of March, 1962", "1st OF Sept. 2024", "14 march", "14th of march",
            "14 of oct", "14-MAR-1962", "14-Mar-62", "14-mar-1", "1962年3月14日", "1962年03月31日", "1962년 3월 14일", "1962년3월14일",
            "14 de marzo de 1962", "14 DE Septiembre del 2024", "1 de setiembre 2024", "19620314", "196203141", "1962031419620314",
            "11962-03-14", "xmar 14 March 1962", "remar 14, 1962", "\u{17F}ept 14, 1962", "auǵust 1962", "augu\u{17F}t 1962",
            "14 \u{17F}eptiembre", "1\u{17F}t March 1962", "92 years old", "92-year-old", "92 yo", "92yoF", "92 y/o M", "92 y.o.", "92 y.o",
            "92</b> years", "92</\u{17F}pan>years", "92</abcdefghi>years", "92</\u{212A}>yrs", "1234 years", "age 92", "aged 92",
            "age of 92", "age: 92", "age  92", "age of: 92", "age:92", "age 1234", "AGED OF = 101", "92歳", "92 歳", "1992 歳",
            "92 YEARS-OLD", "92 yrs", "92yr", "a 100-year-old", "92\u{17F}", "ages 92", "page 92",
            "\u{17F}eptember. 14", "x\u{17F}eptember. 14, 1962", "September. 1962", "aged of: 92", "aged of: 92 years", "xage 92 yo",
            "March 1 2 3 4", "age 9 age 92 y/o", "Jun 12345678 x",
        ] {
            check(s).unwrap();
        }
    }

    #[test]
    fn iso_date_is_found_at_its_years_place() {
        // The place at "20" finds the whole ISO date, time and all, and
        // the place at the year's last digit then lies inside it.
        assert_eq!(date_at_place(b"2024-05-01T10:00Z x", 0, 0), Some((0, 17)));
        assert_eq!(date_at_place(b"1962-03-14", 0, 0), Some((0, 10)));
        // No ISO date there: nothing at the year's place (the place at its
        // last digit tries the shorter starts, as the pattern did).
        for s in ["2024-13-01", "2024-05-", "2024-5-01", "1024-05-01", "2924-05-01", "2024-", "2024-24-05-2024"] {
            assert_eq!(date_at_place(s.as_bytes(), 0, 0), None, "{s}");
        }
        check("2024-24-05-2024").unwrap();
        // At the text's end and before a multi-byte character.
        assert_eq!(date_at_place("2024-05-01\u{e9}".as_bytes(), 0, 0), Some((0, 10)));
    }

    #[test]
    fn machine_timestamp_is_read_whole() {
        let ts = b"2024-06-13T02:05:21.899Z";
        assert_eq!(machine_timestamp_at(ts, 0), Some(true));
        assert_eq!(iso_at(b"x 2024-06-13T02:05:21.899Z INFO", 2), Some(26));
        // A date out of range in the shape: no date, as read piece by piece.
        for s in ["2024-13-13T02:05:21.899Z", "2024-00-13T02:05:21.899Z", "2024-06-32T02:05:21.899Z", "2124-06-13T02:05:21.899Z", "1824-06-13T02:05:21.899Z"] {
            assert_eq!(machine_timestamp_at(s.as_bytes(), 0), Some(false), "{s}");
            assert_eq!(iso_at(s.as_bytes(), 0), None, "{s}");
        }
        // Every byte changed in turn: a non-digit for a digit or another
        // separator, a shape only the parse reads (or none).
        for k in 0..ts.len() {
            for c in [b'0' - 1, b'9' + 1, b'z', b' ', b'-', b'0'] {
                let mut s = *ts;
                s[k] = c;
                if s[k] == ts[k] || (ts[k].is_ascii_digit() && c.is_ascii_digit()) {
                    continue;
                }
                assert_eq!(machine_timestamp_at(&s, 0), None, "{}", String::from_utf8_lossy(&s));
                assert_eq!(iso_at(&s, 0), iso_at_parsed(&s, 0), "{}", String::from_utf8_lossy(&s));
            }
        }
        // Too short, or the fraction longer or shorter: read by the parse.
        assert_eq!(machine_timestamp_at(&ts[..23], 0), None);
        assert_eq!(iso_at(&ts[..23], 0), Some(23));
        assert_eq!(iso_at(b"2024-06-13T02:05:21.8991Z", 0), Some(25));
        assert_eq!(iso_at(b"2024-06-13T02:05:21.89Z", 0), Some(23));
    }

    #[test]
    fn two_digits_reads_two_bytes_in_the_text() {
        assert!(two_digits(b"12", 0));
        assert!(!two_digits(b"1", 0), "one digit at the end");
        assert!(!two_digits(b"", 0), "empty");
        assert!(!two_digits(b"12", 1), "past the end");
        assert!(!two_digits(b"1a", 0));
        assert!(!two_digits("1\u{661}".as_bytes(), 0), "a non-ASCII digit is not one");
        assert!(two_digits(b"x123", 2));
    }

    #[test]
    fn has_time_is_a_colon_in_the_date() {
        for s in ["1962-03-14", "1962-03-14T10:00", "1962-03-14 10:00:05.123Z", "March 14, 1962", "14th of September, 2024", "1962년 3월 14일", "14 de marzo de 1962", "19620314"] {
            let b = s.as_bytes();
            let e = date_at(b, 0).unwrap();
            assert_eq!(has_time(b, 0, e), s[..e].contains(':'), "{s}");
        }
        // Only the date's own bytes count: a ':' just past its end is not its time.
        assert!(!has_time(b"1962-03-14 x:", 0, 10));
        assert!(!has_time(b"", 0, 0));
    }

    #[test]
    fn numeric_rest_rules_out_only_what_cannot_be_a_date() {
        // Each with one of `/ . -` and a digit at `end`, as the callers ask.
        let may = |s: &str, end: usize| numeric_rest_may_follow(s.as_bytes(), end);
        for (s, end) in [("1962-03-14", 4), ("3/14/62", 1), ("14.3.1962", 2), ("14/03.1962", 2), ("2012/1/05", 4), ("1.1.1", 1)] {
            assert!(may(s, end), "{s}");
        }
        // A middle number that is no day (0, 00, 32, 45), three digits, separators that do not pair, no digit after the second.
        for (s, end) in [("0.0.0.0", 1), ("1.00.2024", 1), ("3/32/62", 1), ("13/45/2053", 2), ("1.123.1962", 1), ("123-45-6789", 3), ("3-14/62", 1), ("3/14-62", 1), ("3/14/x", 1), ("3/14/", 1), ("3/14", 1), ("1.2", 1), ("3/1\u{661}/1", 1)] {
            assert!(!may(s, end), "{s}");
        }
        // The second number's last digit at the very end of the text.
        assert!(!may("3/1", 1));
        assert!(!may("3/14", 1));
    }

    #[test]
    fn rest_after_digits_rules_out_only_what_cannot_be_a_date() {
        let may = |s: &str, end: usize| rest_may_follow_digits(s.as_bytes(), end);
        // A numeric rest, a month after '-' or a space, "of " or "de ", an ordinal, 年 or 년, `ſ` (as "ſt").
        for (s, end) in [
            ("1962-03-14", 4), ("3/14/62", 1), ("14.3.1962", 2), ("14-MAR-1962", 2), ("14-\u{17F}ep-62", 2), ("14 Mar", 2), ("14 of march", 2),
            ("14 de marzo", 2), ("1st", 1), ("3RD", 1), ("2nd", 1), ("4th", 1), ("1962年", 4), ("1962년", 4), ("1\u{17F}t", 1),
        ] {
            assert!(may(s, end), "{s}");
        }
        // The end of the text, a '/' or '.' before no digit, a hex id, a word that is no month, other bytes, a numeric rest that fails.
        for (s, end) in [
            ("3", 1), ("3/", 1), ("3/x", 1), ("3.x", 1), ("13-45-2053", 2), ("1751456404482-bee04e3a8d3c", 13), ("92-year", 2), ("4054 and", 4),
            ("14 o", 2), ("3:14", 1), ("12ms", 2), ("3\u{e9}", 1), ("3 \u{17F}", 1), ("3x5", 1), ("3s5", 1), ("3 5", 1), ("", 0),
        ] {
            assert!(!may(s, end), "{s}");
        }
    }

    #[test]
    fn age_number_is_the_longest_start_after_the_last_age() {
        // The place at the number's last digit, `p` the end of the last age.
        let num = |s: &str, p: usize| {
            let b = s.as_bytes();
            age_at_place(b, b.iter().rposition(u8::is_ascii_digit).unwrap(), p).map(|m| (m.start, m.num))
        };
        assert_eq!(num("92 years", 0), Some((0, (0, 2))));
        assert_eq!(num("1234 years", 0), Some((1, (1, 4))), "three digits at most");
        assert_eq!(num("192 years", 1), Some((1, (1, 3))), "none before the last age's end");
        assert_eq!(num("192 years", 2), None, "one digit is no age");
        assert_eq!(num("5 years", 0), None);
        assert_eq!(num("92 yes", 0), None);
        assert_eq!(num("92</b>years", 0), Some((0, (0, 2))));
        assert_eq!(num("92</b>\u{6B73}", 0), None, "no tag before 歳");
        assert_eq!(num("92 \u{6B73}", 0), Some((0, (0, 2))));
    }

    #[test]
    fn month_may_end_at_every_form() {
        for m in ["january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun", "july", "jul", "august", "aug", "september", "sept", "sep", "october", "oct", "november", "nov", "december", "dec", "SEPT", "\u{17F}ept", "Augu\u{17F}t"] {
            assert!(month_may_end_at(m.as_bytes(), m.len()), "{m}");
        }
        for w in ["req", "on", "at", "and", "ms", "INFO", "abc"] {
            if w.len() >= 3 {
                assert!(!month_may_end_at(w.as_bytes(), w.len()), "{w}");
            }
        }
    }

    /// Pieces of dates and ages, their near misses and separators, to be strung together.
    const PIECES: &[&str] = &[
        "1", "3", "03", "12", "13", "14", "19", "20", "23", "29", "30", "31", "32", "00", "0", "9", "62", "92", "101", "1962", "2024",
        "2099", "1899", "19620314", "20241231", "196", "12345", "/", "-", ".", " ", ", ", ",", ":", "T", "t", "Z", "z", "+", "年", "月",
        "日", "년", "월", "일", "歳", "March", "mar", "Mar.", "MAR", "sept", "Sept.", "september", "sep", "\u{17F}ep", "june", "jun", "Jul",
        "july", "may", "Mayo", "aug", "augu\u{17F}t", "dec", "December", "nov", "octo", "ja", "of", "OF", "of ", "st", "nd", "rd", "th",
        "TH", "\u{17F}t", "de", " de ", "del", "marzo", "septiembre", "setiembre", "enero", "y", "yo", "y/o", "y.o.", "y.o", "years",
        "year", "yrs", "yr", "old", "-old", " old", "age", "aged", "=", "</b>", "</", ">", "\u{212A}", "M", "F", "a", "x", "é",
    ];

    fn joined() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..14).prop_map(|v| v.concat())
    }

    /// `has_word` as it was: the window decoded (lossily, where its
    /// edges cut a character), lowercased, then searched.
    fn has_word_in_lowercased_copy(b: &[u8], from: usize, to: usize, words: &WordSet) -> bool {
        let hay = String::from_utf8_lossy(&b[from.min(b.len())..to.min(b.len())]).to_ascii_lowercase();
        let hb = hay.as_bytes();
        (0..hb.len()).any(|i| {
            (i == 0 || !hb[i - 1].is_ascii_alphanumeric())
                && words.by_first[usize::from(hb[i])].iter().any(|w| hb[i..].starts_with(w) && hb.get(i + w.len()).is_none_or(|c| !c.is_ascii_alphanumeric()))
        })
    }

    /// The month and day readers against their patterns, on every pair
    /// of bytes (and a pair cut short by the end of the text).
    #[test]
    fn month_and_day_readers_are_their_patterns() {
        type Reader = fn(&[u8], usize) -> Option<usize>;
        let readers: [(Reader, &str); 4] = [
            (month_number, r"^(?:1[0-2]|0?[1-9])"),
            (day_number, r"^(?:[12][0-9]|3[01]|0?[1-9])"),
            (iso_month, r"^(?:0[1-9]|1[0-2])"),
            (iso_day, r"^(?:0[1-9]|[12][0-9]|3[01])"),
        ];
        for (read, pattern) in readers {
            let re = regex::bytes::Regex::new(pattern).unwrap();
            for c in 0..=255u8 {
                for d in 0..=255u8 {
                    let b = [b'x', c, d];
                    assert_eq!(read(&b, 1), re.find(&b[1..]).map(|m| 1 + m.end()), "{pattern} {b:?}");
                }
                let b = [b'x', c];
                assert_eq!(read(&b, 1), re.find(&b[1..]).map(|m| 1 + m.end()), "{pattern} {b:?}");
            }
        }
    }

    #[test]
    fn every_word_starts_where_has_word_compares() {
        for w in SYSTEM_WORDS.split(',').chain(PERSON_WORDS.split(',')) {
            let c = w.as_bytes()[0];
            assert!(c.is_ascii_lowercase() || c >= 0xC0, "{w}");
            assert_eq!(w.to_ascii_lowercase(), w);
            // `WordSet::at` reads each word's second byte.
            assert!(w.len() >= 2, "{w}");
        }
    }

    #[test]
    fn word_set_rules_out_by_second_and_third_byte() {
        let (system, person) = (system_words(), person_words());
        // "cox": 'c' and 'o' pass ("copyright", "commit"), 'x' does not.
        assert!(!system.may_start(b"cox", 0));
        assert!(system.may_start(b"copyright", 0));
        // "fac": "father" has 'a' second and 't' third.
        assert!(!person.may_start(b"facebook", 0));
        // Any case, in any byte: the table has both.
        for w in ["FATHER", "Father", "fAtHer", "faTHER"] {
            assert!(person.may_start(w.as_bytes(), 0), "{w}");
        }
        assert!(!person.may_start(b"FACEBOOK", 0));
        // A first byte with a two-byte word ("pt", "he") lets any third byte through, the end of the text too.
        assert!(person.may_start(b"pt", 0));
        assert!(person.may_start(b"PT", 0));
        assert!(person.may_start(b"he!", 0));
        assert!(system.may_start(b"ts", 0));
        // Two bytes of a longer word at the end of the text: nothing may start there.
        assert!(!system.may_start(b"co", 0));
        assert!(!system.may_start(b"xco", 1));
        // Not a word's first byte at all, and an empty rest.
        assert!(!person.may_start(b"@pt", 0));
        assert!(!person.may_start(b"x", 0));
        // A multi-byte word: its third byte is its first character's last (患 U+60A3, not U+60A0).
        assert!(person.may_start("患者".as_bytes(), 0));
        assert!(!person.may_start("\u{60A0}".as_bytes(), 0));
        // Cut at the end of the text after its first two bytes.
        assert!(!person.may_start(&"患者".as_bytes()[..2], 0));
    }

    #[test]
    fn case_bits_take_both_cases_of_a_letter_only() {
        assert_eq!(case_bits(b'a'), (1 << (b'a' % 64)) | (1 << (b'A' % 64)));
        assert_eq!(case_bits(b'Z'), case_bits(b'z'));
        assert_eq!(case_bits(b'/'), 1 << b'/');
        assert_eq!(case_bits(0xA3), 1 << (0xA3 % 64));
        assert_eq!(case_bits(0), 1);
    }

    proptest! {
        /// `may_start` rules out no place where a word of the list starts,
        /// in any case (the lowercased text compared with each word). Every
        /// place of the text is tried: drawing one and rejecting those past
        /// the end once made proptest give up ("too many global rejects").
        #[test]
        fn may_start_keeps_every_word_start(b in prop::collection::vec(prop::sample::select(WINDOW_PIECES), 0..8).prop_map(|v| v.concat())) {
            let b = b.as_bytes();
            let lower = b.to_ascii_lowercase();
            for j in 0..b.len() {
                for set in [system_words(), person_words()] {
                    let starts = set.by_first[usize::from(lower[j])].iter().any(|w| lower[j..].starts_with(w));
                    prop_assert!(!starts || set.may_start(b, j), "{:?} at {}", String::from_utf8_lossy(b), j);
                }
            }
        }
    }

    /// Words of both lists, their near misses and what may cut them.
    const WINDOW_PIECES: &[&str] = &[
        "Patient", "pt", "PT.", "born", "she", "Mr.", "y/o", "year-old", "build", "Released", "date:", "last modified", "ts", "患者", "환자",
        "생년월일", "入院", "her", "HTTPS", "ho", "y.o", "x", "1", " ", ".", "-", "/", ":", "é", "患", "者", "€", "ſ",
    ];

    /// What may stand before a date quoted in a hydration error, and near misses.
    const QUOTE_PIECES: &[&str] = &[
        "server:", "Server:", "client:", "CLIENT:", "did not match", "hydrat", " ", "\t", "\u{b}", "\u{1f}", "\u{a0}", "\u{3000}", "\u{2028}", "\"", "'",
        "\\", "x", ":", "é", "server", ": ", "\u{85}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn may_end_in_colon_wherever_rendered_content_holds(v in prop::collection::vec(prop::sample::select(QUOTE_PIECES), 0..10), from in 0..24usize) {
            let s = v.concat();
            let b = &s.as_bytes()[from.min(s.len())..];
            if rendered_content(&String::from_utf8_lossy(b).to_ascii_lowercase()) {
                prop_assert!(may_end_in_colon(b), "{:?}", s);
            }
        }

        #[test]
        fn has_word_reads_the_window_as_its_lowercased_copy(v in prop::collection::vec(prop::sample::select(WINDOW_PIECES), 0..12), from in 0..80usize, len in 0..80usize) {
            let s = v.concat();
            let b = s.as_bytes();
            for words in [system_words(), person_words()] {
                prop_assert_eq!(has_word(b, from, from, from + len, words), has_word_in_lowercased_copy(b, from, from + len, words), "{:?} [{}..{}]", s, from, from + len);
            }
        }

        /// Over windows whose ends never move back, as the dates ask,
        /// `WordsAround` answers as a search of each whole window.
        #[test]
        fn words_around_is_has_word_per_window(v in prop::collection::vec(prop::sample::select(WINDOW_PIECES), 0..30), steps in prop::collection::vec((0usize..24, 0usize..24), 1..12), width in 0usize..40) {
            let s = v.concat();
            let b = s.as_bytes();
            for words in [system_words(), person_words()] {
                let mut around = WordsAround::new(words);
                let (mut from, mut to) = (0, width);
                for &(df, dt) in &steps {
                    from += df;
                    to = (to + dt).max(from);
                    prop_assert_eq!(around.found(b, from, to), has_word(b, from, from, to, words), "{:?} [{}..{}]", s, from, to);
                }
            }
        }
    }

    /// Label words of both kinds the dates ask about, others, and what lies between.
    const LABEL_PIECES: &[&str] = &[
        "DOB", "dob:", "date of birth", "admitted", "name:", "Patient", "pt", "MRN", "ssn", "phone", "x", "03/14/1962", "1962", " ", " ", ": ",
        "\n", "é", "=",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The cursor answers as `Ctx::label_near` at every position in order.
        #[test]
        fn labels_before_is_label_near(v in prop::collection::vec(prop::sample::select(LABEL_PIECES), 0..30), steps in prop::collection::vec(0usize..12, 1..40)) {
            let text = v.concat();
            let opts = super::super::ScanOptions::default();
            let cx = Ctx { text: &text, bytes: text.as_bytes(), labels: crate::labels::find_labels(&text), opts: &opts, hits_from: 0, index: None, digits: 0, has: u8::MAX, failing_row: true, values_list: true };
            for (kind, window) in [(PhiType::Date, 64), (PhiType::Name, 120), (PhiType::Date, 7)] {
                let kind = LabelKind::Phi(kind);
                let mut cursor = LabelsBefore::new(&cx, kind);
                let mut pos = 0;
                for &step in &steps {
                    pos += step;
                    if pos > text.len() {
                        break;
                    }
                    prop_assert_eq!(cursor.near(cx.bytes, pos, window), cx.label_near(pos, window, |k| k == kind), "{:?} at {}", text, pos);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6000, ..ProptestConfig::default() })]
        /// `iso_at`, its timestamp read whole where it can be, is the old
        /// piece-by-piece parse, on timestamps with any byte changed and on
        /// strings of their bytes.
        #[test]
        fn iso_at_is_the_parse(
            ts in "(19|20|21|18)[0-9]{2}-[0-3][0-9]-[0-3][0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z[0-9Z .:]?",
            k in 0usize..26,
            c in prop::sample::select(&b"09-T:.Z z/\x00\xff\x2f\x3a"[..]),
            noise in "[0-9T:.Z\\- ]{0,30}",
            p in 0usize..4,
        ) {
            let mut s = ts.into_bytes();
            if k < s.len() {
                s[k] = c;
            }
            for b in [&s[..], noise.as_bytes()] {
                for p in [0, p.min(b.len())] {
                    prop_assert_eq!(iso_at(b, p), iso_at_parsed(b, p), "{:?} at {}", String::from_utf8_lossy(b), p);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6000, ..ProptestConfig::default() })]
        #[test]
        fn same_matches_on_strung_pieces(s in joined()) {
            check(&s)?;
        }

        /// Where [`rest_may_follow_digits`] rules a run's end out, none of
        /// the starts `date_at_place` tries there (four, two and one digits
        /// before it) begins a date.
        #[test]
        fn rest_after_digits_rules_out_no_date(s in joined()) {
            let b = s.as_bytes();
            for end in 1..=b.len() {
                if b[end - 1].is_ascii_digit() && !at(b, end).is_ascii_digit() && !rest_may_follow_digits(b, end) {
                    for n in [4, 2, 1].into_iter().filter(|&n| n <= digits_before(b, end, 4)) {
                        prop_assert_eq!(digit_date_at(b, end - n, n), None, "{:?} from {}", s, end - n);
                    }
                }
            }
        }

        /// Over many steps of sixteen bytes, where one detector's last
        /// match ends past the other's next places.
        #[test]
        fn shared_pass_is_the_two_passes_on_long_text(v in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
            let s = v.concat();
            check_shared(s.as_bytes())?;
            check_extra_places(s.as_bytes())?;
        }

        #[test]
        fn same_matches_on_month_phrases(
            pre in "[a-z]{0,2}",
            day in "[0-9]{1,3}",
            ord in "(st|nd|rd|th|ST|TH|x)?",
            of in "( of| OF|)",
            month in prop::sample::select(&["January", "jan", "Jan.", "feb", "FEBRUARY", "mar", "March", "apr", "April", "may", "May.", "jun", "june", "jul", "JULY", "aug", "august", "sep", "sept", "Sept.", "september", "oct", "october", "nov", "Nov.", "november", "dec", "december", "ma", "septem", "\u{17F}ept"][..]),
            comma in "(,|\\.|\\.,|)",
            year in "(19|20|18)?[0-9]{0,3}",
            order in 0..3usize,
        ) {
            let s = match order {
                0 => format!("{pre}{month} {day}{ord}{comma} {year}"),
                1 => format!("{pre}{day}{ord}{of} {month}{comma} {year}"),
                _ => format!("{pre}{day}-{month}-{year}"),
            };
            check(&s)?;
        }

        #[test]
        fn same_matches_on_date_alphabet(s in "[0-9/.\\- :TZ+年月日년월일歳a-zA-Z,=<>]{0,40}") {
            check(&s)?;
        }

        #[test]
        fn same_matches_on_numeric_dates(s in "((0?[0-9]|1[0-3]|3[0-2]|[12][0-9]|19[0-9]{2}|20[0-9]{2}|[0-9]{1,9})([/.\\-]|[/.\\-]|[: Tt+Zz年月日년월일]| [0-9]{2}:|[+\\-][0-9]{2}:?)?){0,8}") {
            check(&s)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{date_and_age_matches, dates, Ctx};
    use crate::{Format, Guard, PhiType};

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    /// Timestamps of messages, tracker times, a query's range start and a
    /// provider's slot date are no person's dates; an appointment with its
    /// weekday, a date of birth beside a `Date:` header and a visit date
    /// in prose still are.
    #[test]
    fn timestamps_and_range_starts_are_no_dates() {
        let date = |v: &str| vec![(PhiType::Date, v.to_string())];
        assert_eq!(found("Date: Wed, 23 Feb 2025 14:57:29 -0700\r\nSubject: hi"), []);
        assert_eq!(found("Last-Modified: Mon, 28 Sep 2025 00:18:47 GMT"), []);
        assert_eq!(found(r#"{"url":"/api/labs?page=2&since=2023-01-01","note":"patient labs"}"#), []);
        assert_eq!(found("Provider schedule: 11 telehealth slots on 2026-05-19 (08:00-12:00 CT), visit types URG"), []);
        let sentry = Guard::default().scan(r#"{"firstSeen":"2025-09-01T16:16:08.536Z","lastSeen":"2025-04-15T16:53:47.559Z","lastVisit":"2025-04-15"}"#, Format::Json);
        assert_eq!(sentry.findings.iter().map(|f| f.kind).collect::<Vec<_>>(), [PhiType::Date]);
        assert_eq!(found("Appointment: Wed, 23 Feb 2025 at 14:57"), date("23 Feb 2025"));
        assert_eq!(found("Appointment: Wed, 23 Feb 2025 2:57 pm"), date("23 Feb 2025"));
        assert_eq!(found("Patient was last seen 03/14/2024 for a follow-up"), date("03/14/2024"));
        assert_eq!(found("Subject: DOB 07/07/1986\r\nDate: Wed, 23 Feb 2025 14:57:29 -0700"), date("07/07/1986"));
    }

    #[test]
    fn person_dates() {
        for (s, v) in [
            ("DOB: 03/14/1962", "03/14/1962"),
            ("date of birth 1962-03-14", "1962-03-14"),
            ("born March 14, 1962", "March 14, 1962"),
            ("admitted 14 Mar 2024", "14 Mar 2024"),
            ("Discharge date: 14.03.2024", "14.03.2024"),
            ("The patient was seen on 3/14/24 for pain", "3/14/24"),
        ] {
            assert_eq!(found(s), [(PhiType::Date, v.to_string())], "{s}");
        }
    }

    /// The date findings of `s` alone (no other detector's, no label
    /// detector's): its dates' `(start, end, score)`.
    fn date_findings(s: &str) -> Vec<(usize, usize, f32)> {
        let opts = super::super::ScanOptions::default();
        let cx = Ctx { text: s, bytes: s.as_bytes(), labels: crate::labels::find_labels(s), opts: &opts, hits_from: 0, index: None, digits: 1, has: u8::MAX, failing_row: true, values_list: true };
        let mut out = Vec::new();
        dates(&cx, date_and_age_matches(s.as_bytes(), true, false).0, &mut out);
        out.iter().map(|h| (h.start, h.end, h.score)).collect()
    }

    #[test]
    fn timestamps_need_a_label_and_clean_edges() {
        let ts = "2024-06-13T02:05:21.899Z";
        assert_eq!(date_findings(&format!("DOB: {ts} x")), [(5, 29, 0.9)]);
        assert_eq!(date_findings(&format!("DOB: {ts}")), [(5, 29, 0.9)]);
        // Passed over without a label, whatever is around it.
        for s in [format!("{ts} INFO"), format!("she {ts}"), format!("x{ts}")] {
            assert_eq!(date_findings(&s), [], "{s}");
        }
        // With a label, the edges still rule it out.
        for s in [format!("DOB: x{ts}"), format!("DOB: {ts}x"), format!("DOB: /{ts}"), format!("DOB: {ts}:5")] {
            assert_eq!(date_findings(&s), [], "{s}");
        }
        // A date with no time, after a timestamp the edges rule out: the
        // label cursor was asked about both, in order.
        assert_eq!(date_findings(&format!("DOB: x{ts} 1962-03-14")), [(31, 41, 0.9)]);
    }

    #[test]
    fn system_dates_stay() {
        for s in ["2024-05-01T10:00:00.123Z INFO GET /api 200 12ms", "released 2024-05-01", "copyright 2024", "v14.2.3 built 2024-05-01"] {
            assert!(found(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn system_words_overrule_person_words() {
        // Looked for after the person words, they still win over them and over a hydration error.
        assert_eq!(found("she was seen 03/14/2024 for pain"), [(PhiType::Date, "03/14/2024".to_string())]);
        for s in ["her chart was updated 03/14/2024 by the patient", r#"Text content did not match. build ok. Server: "02/04/2017" Client: x"#] {
            assert!(found(s).iter().all(|(k, _)| *k != PhiType::Date), "{s}");
        }
        // Only the 48 bytes before the date: a system word further back does not count.
        let far = format!("updated{}she was seen 03/14/2024", " ".repeat(48));
        assert!(found(&far).contains(&(PhiType::Date, "03/14/2024".to_string())), "{far}");
    }

    #[test]
    fn hydration_errors_quote_rendered_dates() {
        let s = r#"Error: Text content did not match. Server: "02/04/2017" Client: "02/03/2017""#;
        assert_eq!(found(s), [(PhiType::Date, "02/04/2017".into()), (PhiType::Date, "02/03/2017".into())]);
        // A server label alone is not a hydration error.
        assert!(found("server: 02/04/2017 build ok").is_empty());
        assert!(found(r#"{"server": "02/04/2017"}"#).is_empty());
    }

    #[test]
    fn ages() {
        assert_eq!(found("a 92-year-old woman"), [(PhiType::Age, "92".to_string())]);
        assert_eq!(found("age: 94"), [(PhiType::Age, "94".to_string())]);
        assert!(found("a 45-year-old man").is_empty());
        assert!(found("age: 90+").is_empty());
    }

    /// In a chat, a number over 89 after "shes", "she's", "hes", "im" or
    /// "I'm" is the writer's or the patient's age; not a share or a measure
    /// after one, nor an age under 90 ("I am" and "she is" are not labels:
    /// their joined forms cost the label scan more than they found).
    #[test]
    fn a_chats_pronoun_and_a_number_over_89_is_an_age() {
        for (text, age) in [("shes 95 👍", "95"), ("im 91 and my hip is killing me", "91"), ("I'm 91 and my hip", "91"), ("he's 90", "90")] {
            assert_eq!(found(text), [(PhiType::Age, age.to_string())], "{text}");
        }
        for text in ["im 100% sure", "she's 90 min away", "im 95 miles out", "I am 100 percent sure", "I am 45", "im 120 lbs", "she is 98.6F"] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}
