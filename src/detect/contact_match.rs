//! Hand-written matchers for the contact patterns (phone, IPv6, URL, record
//! path, e-mail). Each gives exactly the matches `Regex::find_iter` (or
//! `captures_iter`) gave for the pattern it replaced: leftmost start first,
//! then the alternative and the repetition counts a backtracking engine
//! would prefer, non-overlapping. The differential tests below compare them
//! with the old patterns, kept verbatim there.

/// Length of the run of ASCII digits at `p`, counting at most `cap`.
fn digits(b: &[u8], p: usize, cap: usize) -> usize {
    b.get(p..).map_or(0, |r| r.iter().take(cap).take_while(|c| c.is_ascii_digit()).count())
}

/// `p` moved past `c` if `b[p]` is `c` (an optional single byte, `c?`).
fn opt(b: &[u8], p: usize, c: u8) -> usize {
    p + usize::from(b.get(p) == Some(&c))
}

/// `p` moved past one of `set` if `b[p]` is in it (`[set]?`). A greedy
/// optional byte followed by something that cannot start with that byte
/// never backtracks, so "take it if it is there" is the whole semantics.
fn opt_of(b: &[u8], p: usize, set: &[u8]) -> usize {
    p + usize::from(b.get(p).is_some_and(|c| set.contains(c)))
}

fn is(b: &[u8], p: usize, f: impl Fn(u8) -> bool) -> bool {
    b.get(p).is_some_and(|&c| f(c))
}

fn nxx_digit(c: u8) -> bool {
    matches!(c, b'2'..=b'9')
}

const SEP: &[u8] = b" .-";

// ---------------------------------------------------------------- phones --

/// All matches of the old `phone_re`, in order.
pub(crate) fn phone_matches(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        let c = b[p];
        if c.is_ascii_digit() {
            // Inside a run of digits only the last four positions can start a
            // match (`1` + area code + separator, or area code + separator).
            let run_end = p + b[p..].iter().take_while(|c| c.is_ascii_digit()).count();
            let found = (p.max(run_end.saturating_sub(4))..run_end).find_map(|q| phone_at(b, q).map(|e| (q, e)));
            p = match found {
                Some(m) => {
                    out.push(m);
                    m.1
                }
                None => run_end,
            };
        } else if c == b'+' || c == b'(' {
            match phone_at(b, p) {
                Some(e) => {
                    out.push((p, e));
                    p = e;
                }
                None => p += 1,
            }
        } else {
            p += 1;
        }
    }
    out
}

/// The end of the `phone_re` match starting at `p`: its three alternatives in order.
pub(crate) fn phone_at(b: &[u8], p: usize) -> Option<usize> {
    nanp_written_at(b, p).or_else(|| e164_nanp_at(b, p)).or_else(|| intl_at(b, p, b'2', false))
}

/// `(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)[ -]?|[2-9][0-9]{2}[ .-])[0-9]{3}[ .-][0-9]{4}(?:\ ?(?:x|ext\.?|extension)\ ?[0-9]{1,5})?`
///
/// The country code is taken whenever the text starts with `+1` or `1` (an
/// area code never starts with either), and every optional separator whenever
/// it is there (skipping it would leave a separator where a digit is needed).
fn nanp_written_at(b: &[u8], p: usize) -> Option<usize> {
    let mut q = p;
    if b.get(q) == Some(&b'+') {
        q += 1;
        if b.get(q) != Some(&b'1') {
            return None;
        }
    }
    if b.get(q) == Some(&b'1') {
        q = opt_of(b, q + 1, SEP);
    }
    q = area_code_at(b, q, b" -", false)?;
    if !(digits(b, q, 3) == 3 && is(b, q + 3, |c| SEP.contains(&c)) && digits(b, q + 4, 4) == 4) {
        return None;
    }
    q += 8;
    Some(extension_at(b, q, true).unwrap_or(q))
}

/// `\([2-9][0-9]{2}\)[after_paren]?|[2-9][0-9]{2}[ .-]` (the separator after
/// the bare form optional if `sep_optional`): the end of the area code.
fn area_code_at(b: &[u8], q: usize, after_paren: &[u8], sep_optional: bool) -> Option<usize> {
    if b.get(q) == Some(&b'(') {
        (is(b, q + 1, nxx_digit) && digits(b, q + 2, 2) == 2 && b.get(q + 4) == Some(&b')')).then(|| opt_of(b, q + 5, after_paren))
    } else if is(b, q, nxx_digit) && digits(b, q + 1, 2) == 2 {
        let e = opt_of(b, q + 3, SEP);
        (sep_optional || e > q + 3).then_some(e)
    } else {
        None
    }
}

/// `\ ?(?:x|ext\.?|extension)\ ?[0-9]{1,5}` (without `extension` unless
/// `long_word`): the end of the extension at `q`, if there is one.
fn extension_at(b: &[u8], q: usize, long_word: bool) -> Option<usize> {
    let q = opt(b, q, b' ');
    let r = &b[q.min(b.len())..];
    let after_word = if r.starts_with(b"x") {
        q + 1
    } else if r.starts_with(b"ext") && (r.get(3).is_some_and(|&c| c == b'.' || c == b' ' || c.is_ascii_digit()) || !long_word) {
        // `ext\.?` is tried before `extension`; it only fails when "ext" is
        // followed by something other than `.`, a space or a digit.
        opt(b, q + 3, b'.')
    } else if long_word && r.starts_with(b"extension") {
        q + 9
    } else {
        return None;
    };
    let s = opt(b, after_word, b' ');
    let d = digits(b, s, 5);
    (d > 0).then_some(s + d)
}

/// `\+1[2-9][0-9]{2}[2-9][0-9]{6}`: E.164 NANP, no separators.
fn e164_nanp_at(b: &[u8], p: usize) -> Option<usize> {
    let ok = b.get(p..p + 2) == Some(b"+1") && is(b, p + 2, nxx_digit) && digits(b, p + 3, 2) == 2 && is(b, p + 5, nxx_digit) && digits(b, p + 6, 6) == 6;
    ok.then_some(p + 12)
}

/// International numbers, `+` prefixed:
/// `\+[cc_first-9][0-9]{0,2}[ .-]?(?:G[ .-]?){2,4}[0-9]{2,4}` where the group
/// `G` is `[0-9]{1,4}`, or `\(?[0-9]{1,4}\)?` if `parens`.
///
/// The digit counts are where a backtracking engine has choices; this tries
/// them in its order (more digits first, one more group before stopping) and
/// remembers the (position, groups) states that already failed, so the work
/// per candidate is bounded by the ~40 bytes a match can span.
fn intl_at(b: &[u8], p: usize, cc_first: u8, parens: bool) -> Option<usize> {
    if b.get(p) != Some(&b'+') || !is(b, p + 1, |c| (cc_first..=b'9').contains(&c)) {
        return None;
    }
    let mut failed = [0u64; 5];
    let more = digits(b, p + 2, 2);
    (0..=more).rev().find_map(|k| intl_groups(b, p, opt_of(b, p + 2 + k, SEP), 0, parens, &mut failed))
}

/// `(?:G[ .-]?){2,4}[0-9]{2,4}` from `q`, with `n` groups already taken.
fn intl_groups(b: &[u8], p: usize, q: usize, n: usize, parens: bool, failed: &mut [u64; 5]) -> Option<usize> {
    let bit = 1u64 << (q - p);
    if failed[n] & bit != 0 {
        return None;
    }
    if n < 4 {
        let open = if parens { opt(b, q, b'(') } else { q };
        for k in (1..=digits(b, open, 4)).rev() {
            let close = if parens { opt(b, open + k, b')') } else { open + k };
            if let Some(e) = intl_groups(b, p, opt_of(b, close, SEP), n + 1, parens, failed) {
                return Some(e);
            }
        }
    }
    if n >= 2 {
        let d = digits(b, q, 4);
        if d >= 2 {
            return Some(q + d);
        }
    }
    failed[n] |= bit;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    // The patterns these matchers replaced, verbatim.
    const PHONE: &str = r"(?x)
    (?:\+?1[\ .\-]?)?                      # country code
    (?:\([2-9][0-9]{2}\)[\ \-]?|[2-9][0-9]{2}[\ .\-])   # area code, written with a separator
    [0-9]{3}[\ .\-][0-9]{4}
    (?:\ ?(?:x|ext\.?|extension)\ ?[0-9]{1,5})?
  | \+1[2-9][0-9]{2}[2-9][0-9]{6}          # E.164 NANP, no separators
  | \+(?:[2-9][0-9]{0,2})[\ .\-]?(?:[0-9]{1,4}[\ .\-]?){2,4}[0-9]{2,4}   # international, + prefixed
";

    fn compiled(re: &str) -> Regex {
        static COMPILED: std::sync::Mutex<Vec<(String, Regex)>> = std::sync::Mutex::new(Vec::new());
        let mut c = COMPILED.lock().unwrap();
        if !c.iter().any(|(p, _)| p == re) {
            c.push((re.to_string(), Regex::new(re).unwrap()));
        }
        c.iter().find(|(p, _)| p == re).unwrap().1.clone()
    }

    fn regex_matches(re: &str, s: &str) -> Vec<(usize, usize)> {
        compiled(re).find_iter(s).map(|m| (m.start(), m.end())).collect()
    }

    fn check_phone(s: &str) -> Result<(), TestCaseError> {
        prop_assert_eq!(phone_matches(s.as_bytes()), regex_matches(PHONE, s), "phone on {:?}", s);
        Ok(())
    }

    const PHONE_SHAPES: &[&str] = &[
        "call (312) 555-0142", "312-555-0199", "+1 312 555 0199", "1-312-555-0199", "1.312.555.0199", "+1(312)555-0199", "(312)-555-0199",
        "(312).555-0199", "312-555-0199 x12", "312-555-0199x123456", "312-555-0199 ext. 5", "312-555-0199 ext5", "312-555-0199 extension 55",
        "312-555-0199 ext", "312-555-0199 exte 5", "312-555-0199 ext ension 5", "312-555-0199  x5", "+17205550107", "+1720555010", "+27205550107",
        "+44 20 7946 0958", "+49-30-1234567", "+353 1 234 5678", "+2 1 1 1 1 1", "+222 2222222222222222 1", "+91.98765.43210", "+9", "+91 1",
        "12125551234 555-1234", "212-555-12345", "1212-555-1234", "11 212 555 1234", "++1 212 555 1234", "+1-+1 212", "(212) 555 1234 (313)",
        "+33 1 23 45 67 89 01 23", "+1 1 212 555 1234", "+123-4567-8901-2345-6789-0123", "5 5 5", "+3--1", "+30 ", "2125551234", "+1212555123",
    ];

    #[test]
    fn phone_same_as_the_pattern_on_known_shapes() {
        for s in PHONE_SHAPES {
            check_phone(s).unwrap();
        }
    }

    /// Text made of the given pieces and short digit runs: the pieces a
    /// pattern is built from, so that generated text matches often and
    /// near-misses are common.
    fn pieces(list: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![3 => proptest::sample::select(list).prop_map(str::to_string), 2 => "[0-9]{1,5}"];
        proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
    }

    /// A NANP number in one of its written forms, or one part of it off.
    fn nanp_shaped() -> impl Strategy<Value = String> {
        use proptest::sample::select;
        let prefix = select(&["", "", "+", "+1", "+1 ", "1", "1-", "1.", "+1-", "11", "+2"][..]);
        let area = select(&["(212)", "(212) ", "(212)-", "(212).", "212-", "212.", "212 ", "212", "(112)", "112-", "2125", "(21)"][..]);
        let main = select(&["555-0199", "555.0199", "555 0199", "5550199", "555-019", "555--0199", "555-01999", "55-0199"][..]);
        let ext = select(&["", "", " x12", "x123456", " ext. 5", "ext5", " extension 55", " ext", "extension", "  x5", " x", "ext.", " ext 1"][..]);
        (prefix, area, main, ext).prop_map(|(a, b, c, d)| [a, b, c, d].concat())
    }

    const PHONE_PIECES: &[&str] = &[
        "+", "+1", "+1 ", "1", "1-", "(", ")", "212", "212-", "212.", "212 ", "(212)", "(212) ", "(212)-", "555-0199", "555 0199", "555.0199",
        "5550199", "555-019", "0199", "2", "12", " ", " ", "-", ".", "x", " x12", "ext", " ext. 5", "ext5", "extension", " extension 55", "e", "a",
        "+44 ", "+49-", "+353 ", "20 ", "7946 ", "(30)", "1234", "0958", "+2", "+22 ", "+91.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn phone_same_as_the_pattern(s in pieces(PHONE_PIECES, 14)) {
            check_phone(&s)?;
        }

        #[test]
        fn phone_same_as_the_pattern_on_phone_shapes(s in proptest::collection::vec((nanp_shaped(), pieces(PHONE_PIECES, 3)), 0..4)) {
            check_phone(&s.into_iter().map(|(a, b)| a + &b).collect::<String>())?;
        }

        #[test]
        fn phone_same_as_the_pattern_on_digit_heavy_text(s in "([+(]?[0-9]{1,5}[)]?[ .\\-]{0,2}(x|ext|ext\\.|extension|e)?){0,8}") {
            check_phone(&s)?;
        }
    }
}
