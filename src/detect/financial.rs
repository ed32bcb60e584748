//! Financial identifiers: payment cards (Luhn + issuer prefix), IBAN
//! (mod 97), ABA routing numbers (3-7-1; reported only after a label, since
//! one 9-digit number in ten passes the checksum).

use super::{token_end, token_start, Ctx};
use crate::finding::{why, Hit};
use crate::validate;
use crate::PhiType;

/// `[A-Z]{2}[0-9]{2}(?:\ ?[A-Z0-9]{4}){2,7}(?:\ ?[A-Z0-9]{1,3})?`, the pattern
/// this replaced. Each group's optional space is decided by the next byte (a
/// space is not in `[A-Z0-9]`), so the greedy groups are taken as far as they
/// go, at most seven, and the tail takes up to three more characters.
pub(crate) fn iban_at(b: &[u8], p: usize) -> Option<usize> {
    let x = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let upper = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !(upper(p) && upper(p + 1) && digit(p + 2) && digit(p + 3)) {
        return None;
    }
    let after_space = |i: usize| i + usize::from(b.get(i) == Some(&b' '));
    let mut i = p + 4;
    let mut groups = 0;
    while groups < 7 {
        let s = after_space(i);
        if !(s..s + 4).all(x) {
            break;
        }
        i = s + 4;
        groups += 1;
    }
    if groups < 2 {
        return None;
    }
    let s = after_space(i);
    let tail = (s..s + 3).take_while(|&j| x(j)).count();
    Some(if tail > 0 { s + tail } else { i })
}

/// Leftmost matches of [`iban_at`], as `leftmost_matches` at every capital
/// gave them: `iban_at` fails wherever its four-byte head (two capitals,
/// two digits) is missing, so only `heads` are tried: where a head starts
/// in `b`, in order, as the digit index records them (`Index::iban_heads`;
/// the index reads every byte, and a pass of the detector's own cost 3.3 M
/// wasm instructions per MB of log).
fn iban_matches(b: &[u8], heads: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut next = 0;
    for &h in heads {
        let h = h as usize;
        if h < next {
            continue;
        }
        if let Some(e) = iban_at(b, h) {
            out.push((h, e));
            next = e.max(h + 1);
        }
    }
    out
}

/// [`iban_matches`] for a text the digit index records no heads of (one
/// under 1 KB, see `Index::iban_heads`), which finds them itself. Sixteen
/// bytes a step, one load each: the capitals of a step and the next, as
/// one 32-bit mask, give the places two capitals meet by a shift; only a
/// step with such a place loads its digits, two and three bytes on from
/// which make the heads.
fn searched_iban_matches(b: &[u8]) -> Vec<(usize, usize)> {
    let kinds = |i: usize| if i > b.len() { None } else { Some(super::find::byte_kinds(b, i)) };
    let capitals = |i: usize| kinds(i).map_or(0, |k| u32::from(k.upper));
    let digits = |i: usize| kinds(i).map_or(0, |k| u32::from(k.digit));
    let mut out = Vec::new();
    let (mut i, mut next) = (0, 0);
    let mut upper = capitals(0);
    while i < b.len() {
        let upper2 = capitals(i + 16);
        let u = upper | upper2 << 16;
        let pairs = (u & u >> 1) as u16;
        if pairs != 0 {
            let d = digits(i) | digits(i + 16) << 16;
            let mut heads = pairs & (d >> 2 & d >> 3) as u16;
            while heads != 0 {
                let h = i + heads.trailing_zeros() as usize;
                heads &= heads - 1;
                if h < next {
                    continue;
                }
                if let Some(e) = iban_at(b, h) {
                    out.push((h, e));
                    next = e.max(h + 1);
                }
            }
        }
        upper = upper2;
        i += 16;
    }
    out
}

pub(crate) fn cards(cx: &Ctx, out: &mut Vec<Hit>) {
    // Tried only at the index's card starts (below): a text with none
    // makes no call.
    if cx.digits < 13 || cx.shape_starts(super::shapes::start::CARD).next().is_none() {
        return;
    }
    crate::config::out_of_line(|| card_findings(cx, out));
}

/// [`cards`] past its test, out of line (see `contact::email_findings`).
fn card_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // Only token starts can start a kept match (the filter below), so only
    // those are tried: the segment's digit index, no pass of its own.
    for (s, e) in cx.digit_token_matches(super::shapes::start::CARD, super::shapes::card_at) {
        if !token_start(b, s) || !token_end(b, e) || (s > 0 && matches!(b[s - 1], b'.' | b'-')) {
            continue;
        }
        if validate::credit_card(&cx.text[s..e]) {
            out.push(Hit::new(PhiType::CreditCard, s, e, 0.95, why!("credit-card", "card number with a valid issuer prefix and Luhn check")));
        }
    }
}

pub(crate) fn card_value(s: &str) -> Option<usize> {
    let e = super::shapes::card_at(s.as_bytes(), 0)?;
    (token_end(s.as_bytes(), e) && validate::credit_card(&s[..e])).then_some(e)
}

/// The IBANs of a segment, tried at `heads`, the places its digit index
/// found two capitals and two digits (`Index::iban_heads`; none recorded
/// for a short text).
pub(crate) fn ibans(cx: &Ctx, heads: &[u32], out: &mut Vec<Hit>) {
    if !cx.has(super::has::IBAN_HEAD) {
        return;
    }
    let b = cx.bytes;
    // A text with a head has them recorded, or is short.
    let matches = if heads.is_empty() { searched_iban_matches(b) } else { iban_matches(b, heads) };
    for (s, e) in matches {
        if !token_start(b, s) {
            continue;
        }
        // The match may take one group too many (the next word); back off to a valid IBAN.
        let Some(n) = iban_in(&cx.text[s..e]) else { continue };
        let e = s + n;
        if token_end(b, e) {
            out.push(Hit::new(PhiType::Iban, s, e, 0.97, why!("iban", "IBAN with a valid country length and mod-97 check")));
        }
    }
}

pub(crate) fn iban_value(s: &str) -> Option<usize> {
    iban_in(&s[..iban_at(s.as_bytes(), 0)?])
}

/// The length of the IBAN a match `m` of [`iban_at`] holds: `m`, or the
/// prefix the back-off reaches (to the last space, or one byte when there is
/// none, down to 15 bytes) that first passes [`validate::iban`].
///
/// Only the prefix with as many characters as the country's IBAN length can
/// pass, and each cut drops at least one character (a match neither ends in
/// a space nor holds two in a row), so that prefix is the one validated, and
/// a cut below the length ends the search. Validating every prefix cost
/// about ten checks per rejected 22-digit number.
fn iban_in(m: &str) -> Option<usize> {
    let b = m.as_bytes();
    let want = validate::iban_length(b.get(..2)?)?;
    let mut chars = b.iter().filter(|&&c| c != b' ').count();
    let mut len = b.len();
    loop {
        if chars == want {
            return validate::iban(&m[..len]).then_some(len);
        }
        if chars < want || len <= 15 {
            return None;
        }
        let cut = b[..len].iter().rposition(|&c| c == b' ').unwrap_or(len - 1);
        chars -= b[cut..len].iter().filter(|&&c| c != b' ').count();
        len = cut;
    }
}

pub(crate) fn aba_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (n == 9 && token_end(b, 9) && validate::aba(&s[..9])).then_some(9)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..proptest::prelude::ProptestConfig::default() })]
        /// `cards` calls its matcher only for a text with a card start in
        /// the digit index: it finds what calling it for every text of 13
        /// digits or more found.
        #[test]
        fn cards_are_those_of_every_text_with_13_digits(parts in proptest::collection::vec(proptest::sample::select(vec!["4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "378282246310005", "6011000990139424", "1234567890123", "card:", " ", "-", ".", "x", "\n", "4111", "1111", "123456789"]), 0..8)) {
            let text = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx::indexed(&text, &opts);
            let (mut got, mut want) = (Vec::new(), Vec::new());
            super::cards(&cx, &mut got);
            if cx.digits >= 13 {
                super::card_findings(&cx, &mut want);
            }
            let spans = |h: &[crate::finding::Hit]| h.iter().map(|h| (h.kind, h.start, h.end, h.score.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&got), spans(&want), "{:?}", text);
        }
    }

    fn types(s: &str) -> Vec<PhiType> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn cards_ibans_routing() {
        assert_eq!(types("card 4111 1111 1111 1111 ok"), [PhiType::CreditCard]);
        assert_eq!(types("amex 3782 822463 10005"), [PhiType::CreditCard]);
        assert!(types("card 4111 1111 1111 1112").is_empty(), "Luhn fails");
        assert!(types("ts 1717171717171").is_empty(), "epoch millis");
        assert_eq!(types("IBAN DE89 3704 0044 0532 0130 00 paid"), [PhiType::Iban]);
        assert!(types("IBAN DE89 3704 0044 0532 0130 01").is_empty());
        assert_eq!(types("routing number: 021000021"), [PhiType::BankRouting]);
        assert!(types("routing number: 021000022").is_empty());
        assert!(types("rows 021000021").is_empty(), "no label");
    }

    mod iban_back_off {
        use super::super::{iban_at, iban_in};
        use crate::validate;
        use proptest::prelude::*;

        /// The back-off [`iban_in`] replaced: validate every prefix it cuts to.
        fn backed_off(m: &str) -> Option<usize> {
            let mut v = m;
            while !validate::iban(v) && v.len() > 15 {
                v = &v[..v.rfind(' ').unwrap_or(v.len() - 1)];
            }
            validate::iban(v).then_some(v.len())
        }

        /// Both on the match of `iban_at` at the start of `s`, if any.
        fn check(s: &str) -> Result<(), TestCaseError> {
            if let Some(e) = iban_at(s.as_bytes(), 0) {
                prop_assert_eq!(iban_in(&s[..e]), backed_off(&s[..e]), "on {:?}", &s[..e]);
            }
            Ok(())
        }

        #[test]
        fn edges() {
            // Whole, with one group too many, glued digits past the end.
            assert_eq!(iban_in("DE89 3704 0044 0532 0130 00"), Some(27));
            assert_eq!(iban_in("DE89 3704 0044 0532 0130 00 1234"), Some(27));
            assert_eq!(iban_in("DE8937040044053201300012"), Some(22));
            assert_eq!(iban_in("DE89 3704 0044 0532 0130 0012"), None, "the cut takes the whole last group");
            assert_eq!(iban_in("DE89 3704 0044 0532 0130 01"), None, "mod 97");
            // Norway's 15 characters: the shortest prefix the back-off reaches.
            assert_eq!(iban_in("NO9386011117947"), Some(15));
            assert_eq!(iban_in("NO93860111179471"), Some(15));
            assert_eq!(iban_in("NO93 8601 1117 947"), Some(18));
            assert_eq!(iban_in("ZZ89 3704 0044 0532 0130 00"), None, "no such country");
            assert_eq!(iban_in("DE89 3704 0044"), None, "too short");
            for s in ["DE89 3704 0044 0532 0130 00 1234", "DE8937040044053201300012", "NO93860111179471", "NO93 8601 1117 9471 2"] {
                check(s).unwrap();
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
            #[test]
            fn same_as_validating_every_prefix(s in "(DE89370400440532013000|DE89 3704 0044 0532 0130 00|GB82 WEST 1234 5698 7654 32|NL91ABNA0417164300|NO93 8601 1117 947|NO9386011117947|[A-Z]{2}[0-9]{2})( ?[A-Z0-9]{1,5}){0,9}") {
                check(&s)?;
            }
        }
    }

    mod iban_matcher {
        use super::super::iban_at;
        use crate::detect::shapes::leftmost_matches;
        use proptest::prelude::*;
        use regex::Regex;
        use std::sync::OnceLock;

        /// The pattern `iban_at` replaced, verbatim.
        fn old() -> &'static Regex {
            static R: OnceLock<Regex> = OnceLock::new();
            R.get_or_init(|| Regex::new(r"[A-Z]{2}[0-9]{2}(?:\ ?[A-Z0-9]{4}){2,7}(?:\ ?[A-Z0-9]{1,3})?").unwrap())
        }

        /// The length of the text [`long`] puts first.
        const LONG: usize = 1024;

        /// `b` after `LONG` bytes of words with no capital: a text whose
        /// heads the digit index records (short ones search for theirs).
        fn long(b: &[u8]) -> Vec<u8> {
            let mut t = b"ab ".repeat(LONG / 3 + 1);
            t.truncate(LONG);
            t.extend_from_slice(b);
            t
        }

        /// What `ibans` runs: the matches at the heads the digit index
        /// records for the text.
        fn indexed_matches(b: &[u8]) -> Vec<(usize, usize)> {
            let ix = crate::detect::find::digit_index(b);
            if ix.has & crate::detect::has::IBAN_HEAD == 0 {
                return Vec::new();
            }
            if ix.iban_heads().is_empty() { super::super::searched_iban_matches(b) } else { super::super::iban_matches(b, ix.iban_heads()) }
        }

        fn check(s: &str) -> Result<(), TestCaseError> {
            let want: Vec<_> = old().find_iter(s).map(|m| (m.start(), m.end())).collect();
            let got = leftmost_matches(s.as_bytes(), |c| c.is_ascii_uppercase(), iban_at);
            prop_assert_eq!(&got, &want, "on {:?}", s);
            // What `ibans` runs: only the heads the digit index records are tried.
            prop_assert_eq!(indexed_matches(s.as_bytes()), want.clone(), "on {:?}", s);
            // After 1 KB, where the index records where the heads are.
            let want: Vec<_> = want.iter().map(|&(s, e)| (s + LONG, e + LONG)).collect();
            prop_assert_eq!(indexed_matches(&long(s.as_bytes())), want, "on {:?}", s);
            Ok(())
        }

        #[test]
        fn same_matches_as_the_pattern_on_known_shapes() {
            for s in [
                "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "DE89 3704", "DE89 3704 0044",
                "DE89 3704 0044 0", "DE89 3704 0044  0044", "XDE89 3704 0044 0532 0130 00 paid", "DE89 3704 0044 0532 0130 0000 1111 2222 3333 4444",
                "DE8937040044053201300011112222333344445555", "DE89 37040044 0532", "DE89 3704 004 0532", "DE89 3704 0044 0532 AB CD",
                "DEE89 3704 0044", "DE891 3704 0044", "AB12 CD34 EF56 GH78 IJ90 KL12 MN34 OP56 QR78", "de89 3704 0044", "DE89 3704 0044 ",
            ] {
                check(s).unwrap();
            }
        }

        /// A match at every offset across the 16-byte steps, with the head
        /// split between two steps, after multi-byte chars, and at the end.
        #[test]
        fn same_matches_at_every_step_offset() {
            check("").unwrap();
            for at in 0..40 {
                let pad = "x".repeat(at);
                for s in [
                    format!("{pad}DE89370400440532013000"),
                    format!("{pad}DE89 3704 0044 0532 0130 00 paid DE89 3704 0044"),
                    format!("{pad}\u{e9}\u{e9}DE89 3704 0044 0532 0130 00"),
                    format!("{pad}DE8"),
                    format!("{pad}DE89"),
                ] {
                    check(&s).unwrap();
                }
            }
        }

        /// The IBAN detector's own pass as it was before the digit index
        /// recorded the heads, loading the capitals and the digits of every
        /// step: the heads the index records must be the same.
        fn every_step_loaded(b: &[u8]) -> Vec<(usize, usize)> {
            let kinds = |i: usize| {
                if i > b.len() {
                    return (0u32, 0u32);
                }
                let k = crate::detect::find::byte_kinds(b, i);
                (u32::from(k.upper), u32::from(k.digit))
            };
            let mut out = Vec::new();
            let (mut i, mut next) = (0, 0);
            let (mut upper, mut digit) = kinds(0);
            while i < b.len() {
                let (upper2, digit2) = kinds(i + 16);
                let (u, d) = (upper | upper2 << 16, digit | digit2 << 16);
                let mut heads = (u & u >> 1 & d >> 2 & d >> 3) as u16;
                while heads != 0 {
                    let h = i + heads.trailing_zeros() as usize;
                    heads &= heads - 1;
                    if h < next {
                        continue;
                    }
                    if let Some(e) = iban_at(b, h) {
                        out.push((h, e));
                        next = e.max(h + 1);
                    }
                }
                (upper, digit) = (upper2, digit2);
                i += 16;
            }
            out
        }

        /// Capitals that meet right at a step's edge (the second the next
        /// step's first byte), their digits in the next step, and capitals
        /// with no digits after them, at every offset.
        #[test]
        fn capitals_at_the_step_edge() {
            for at in 0..36 {
                let pad = "x".repeat(at);
                for s in [format!("{pad}DE89370400440532013000"), format!("{pad}AB cd DE89 3704 0044 0532 0130 00"), format!("{pad}ABCD EF12 GH"), format!("{pad}\u{e9}D")] {
                    assert_eq!(indexed_matches(s.as_bytes()), every_step_loaded(s.as_bytes()), "on {s:?}");
                    assert_eq!(indexed_matches(&long(s.as_bytes())), every_step_loaded(&long(s.as_bytes())), "on {s:?}");
                }
            }
            assert_eq!(indexed_matches(b"xxxxxxxxxxxxxxxDE89370400440532013000"), vec![(15, 37)]);
            assert_eq!(indexed_matches(b""), vec![]);
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
            #[test]
            fn heads_are_those_found_one_at_a_time(s in "([A-Z]{1,3}[0-9]{1,3}|[a ]|\u{e9}){0,30}") {
                // The heads `find::find_iban_head` finds one after another,
                // each tried: `iban_matches` without the index's heads.
                let b = s.as_bytes();
                let (mut want, mut p) = (Vec::new(), 0);
                while let Some(h) = crate::detect::find::find_iban_head(b, p) {
                    match iban_at(b, h) {
                        Some(e) => {
                            want.push((h, e));
                            p = e.max(h + 1);
                        }
                        None => p = h + 1,
                    }
                }
                prop_assert_eq!(indexed_matches(b), want, "on {:?}", s);
            }

            #[test]
            fn same_heads_as_loading_every_step(s in "([A-Z]{1,4}|[0-9]{1,4}|[a ]|\u{e9}){0,40}") {
                prop_assert_eq!(indexed_matches(s.as_bytes()), every_step_loaded(s.as_bytes()), "on {:?}", s);
                prop_assert_eq!(indexed_matches(&long(s.as_bytes())), every_step_loaded(&long(s.as_bytes())), "on {:?}", s);
            }

            #[test]
            fn same_matches_as_the_pattern(s in "[A-Z0-9 a]{0,70}") {
                check(&s)?;
            }

            #[test]
            fn same_matches_on_iban_like_text(s in "([A-Z]{1,3}[0-9]{1,3}( ?[A-Z0-9]{1,5}){0,9} ?){1,4}") {
                check(&s)?;
            }
        }
    }
}
