//! Hand-written matchers for the contact patterns (phone, IPv6, URL, record
//! path, e-mail). Each gives exactly the matches `Regex::find_iter` (or
//! `captures_iter`) gave for the pattern it replaced: leftmost start first,
//! then the alternative and the repetition counts a backtracking engine
//! would prefer, non-overlapping. The differential tests below compare them
//! with the old patterns, kept verbatim there.

use super::find::{tuple_mask, ByteTuples, Marks};
use super::shapes::digits;

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

/// All matches of the old `phone_re`, in order. The detector tries only
/// token starts (`contact::phone_token_matches`); this is its reference.
#[cfg(test)]
pub(crate) fn phone_matches(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 0;
    while let Some(i) = b[p..].iter().position(|&c| c.is_ascii_digit() || c == b'+' || c == b'(') {
        p += i;
        if b[p].is_ascii_digit() {
            // A match starting at a digit begins with `1` + separator or `(`,
            // `1` + area code + separator, or area code + separator: within a
            // run of digits, only the last four positions can start one, and
            // only if a separator or `(` follows the run.
            let run_end = p + b[p..].iter().take_while(|c| c.is_ascii_digit()).count();
            let found = if is(b, run_end, |c| SEP.contains(&c) || c == b'(') {
                (p.max(run_end.saturating_sub(4))..run_end).find_map(|q| phone_at(b, q).map(|e| (q, e)))
            } else {
                None
            };
            p = match found {
                Some(m) => {
                    out.push(m);
                    m.1
                }
                None => run_end,
            };
        } else {
            match phone_at(b, p) {
                Some(e) => {
                    out.push((p, e));
                    p = e;
                }
                None => p += 1,
            }
        }
    }
    out
}

/// The end of the `phone_re` match starting at `p`: its three alternatives in order.
pub(crate) fn phone_at(b: &[u8], p: usize) -> Option<usize> {
    // The last two alternatives start with `+`: at a digit (most of the
    // places tried) only the first is tried.
    if b.get(p) != Some(&b'+') {
        return nanp_written_at(b, p);
    }
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

/// The end of the old `phone_value_re` match (anchored at the start of `b`):
/// the number after a phone or fax label, written loosely.
pub(crate) fn phone_value_at(b: &[u8]) -> Option<usize> {
    nanp_loose_at(b).or_else(|| intl_at(b, 0, b'1', true))
}

/// `^(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)\ ?|[2-9][0-9]{2}[ .-]?)[0-9]{3}[ .-]?[0-9]{4}(?:\ ?(?:x|ext\.?)\ ?[0-9]{1,5})?`:
/// the separators are optional, which (with fixed digit counts) still leaves
/// no choice: each is taken when it is there.
fn nanp_loose_at(b: &[u8]) -> Option<usize> {
    let mut q = 0;
    if b.first() == Some(&b'+') {
        q = 1;
        if b.get(1) != Some(&b'1') {
            return None;
        }
    }
    if b.get(q) == Some(&b'1') {
        q = opt_of(b, q + 1, SEP);
    }
    q = area_code_at(b, q, b" ", true)?;
    if digits(b, q, 3) != 3 {
        return None;
    }
    q = opt_of(b, q + 3, SEP);
    if digits(b, q, 4) != 4 {
        return None;
    }
    q += 4;
    Some(extension_at(b, q, false).unwrap_or(q))
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

// ------------------------------------------------------------------ IPv6 --

/// The matches of `(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::[0-9]{1,3}(?:\.[0-9]{1,3}){3})?`,
/// in order as `find_iter` gives them, that are written like an address: with
/// `::` compression or eight groups. The others (in logs, mostly times of
/// day such as `12:30:45`) can never parse as one; they are passed over once
/// their groups are read, with no start worked out and nothing collected, and
/// the search goes on after them as it would after a match.
///
/// A match starts at a colon or at most four hex digits before one, and what
/// follows that colon decides alone whether there is a match: so each colon
/// is looked at once, and the match starts as far back as the hex digits
/// before it allow (more than four: the last four, as the greedy `{0,4}`
/// must be followed by a colon), but not before the end of the last match.
pub(crate) fn ipv6_addresses(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let mut at = from;
        while let Some(c) = super::find::find_any(b, at, [b':']) {
            // Most colons ("key: value", "https://") are followed by neither
            // a hex digit nor a colon, and take one group only.
            if ipv6_byte(b, c + 1) == 0 {
                at = c + 1;
                continue;
            }
            let (end, groups, compressed) = match minutes_and_seconds(b, c) {
                Some(end) => (end, 2, false),
                None => ipv6_groups(b, c),
            };
            if groups < 2 {
                // No colon in the group taken.
                at = end;
                continue;
            }
            let start = from;
            (from, at) = (end, end);
            if compressed || groups == 7 {
                let hex_before = b[start..c].iter().rev().take(4).take_while(|c| c.is_ascii_hexdigit()).count();
                return Some((c - hex_before, end));
            }
        }
        None
    })
}

/// `(?::[0-9a-f]{0,4}){2,7}(?::[0-9]{1,3}(?:\.[0-9]{1,3}){3})?` from the
/// colon at `c`: the end, the number of groups taken, and whether an empty
/// group is followed by another (`::`, which a match of fewer than seven
/// groups has nowhere else). Every group and the tail are optional once two
/// groups are in, so the greedy choice (as many groups as there are, as many
/// hex digits as fit) is the match; the dotted tail can only follow a
/// seventh group.
fn ipv6_groups(b: &[u8], c: usize) -> (usize, usize, bool) {
    let (mut q, mut n, mut compressed) = (c, 0, false);
    while n < 7 && ipv6_byte(b, q) == IPV6_COLON {
        let group = q + 1;
        q = group;
        while q < group + 4 && ipv6_byte(b, q) == IPV6_HEX {
            q += 1;
        }
        compressed |= q == group && ipv6_byte(b, q) == IPV6_COLON;
        n += 1;
    }
    if n == 7 && b.get(q) == Some(&b':') {
        if let Some(e) = super::shapes::ipv4_at(b, q + 1) {
            q = e;
        }
    }
    (q, n, compressed)
}

/// [`ipv6_groups`] from the colon at `c` where it is a time of day's
/// `:MM:SS` (two digits, a colon, two digits, then a byte that is neither
/// a hex digit nor a colon): its end, two groups, no `::`. Most colons of
/// a log that are followed by a hex digit are these; eight bytes looked
/// at with no loop, about half what the loop costs.
#[inline]
fn minutes_and_seconds(b: &[u8], c: usize) -> Option<usize> {
    let &[_, m1, m2, b':', s1, s2, after] = b.get(c..c + 7)? else { return None };
    let digit = |x: u8| x.is_ascii_digit();
    (digit(m1) && digit(m2) && digit(s1) && digit(s2) && IPV6_BYTES[usize::from(after)] == 0).then_some(c + 6)
}

/// [`ipv6_byte`] of a hex digit (either case).
const IPV6_HEX: u8 = 1;

/// [`ipv6_byte`] of a colon.
const IPV6_COLON: u8 = 2;

/// Each byte's part in an IPv6 address: [`IPV6_HEX`], [`IPV6_COLON`], or
/// 0 for any other byte.
const IPV6_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => IPV6_HEX,
            b':' => IPV6_COLON,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// [`IPV6_BYTES`] of byte `q` of `b`, 0 past its end: one load, not the
/// three range tests of a hex digit, for each byte of the groups read
/// after every colon (most of them times of day in a log).
#[inline]
fn ipv6_byte(b: &[u8], q: usize) -> u8 {
    b.get(q).map_or(0, |&x| IPV6_BYTES[usize::from(x)])
}

// ------------------------------------------------------------------ URLs --

/// Bytes of `[^ \t\r\n<>"'`\\\]\[{}|^]`: any character but these ASCII ones
/// (the bytes of a multi-byte character are all allowed).
fn url_byte(c: u8) -> bool {
    !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'<' | b'>' | b'"' | b'\'' | b'`' | b'\\' | b']' | b'[' | b'{' | b'}' | b'|' | b'^')
}

/// Whether byte `i` of `b` is part of a URL: a [`url_byte`], or an
/// apostrophe between two ASCII letters, as a name in a query has one
/// (`?name=Maria%20D'Angelo&dob=…`: the parameters after it were left out).
/// A quote that closes a URL (`'https://a.b/p?a=b'`, `href='/x?q=1'`) has
/// no letter after it.
fn url_continues(b: &[u8], i: usize) -> bool {
    url_byte(b[i]) || (b[i] == b'\'' && i > 0 && b[i - 1].is_ascii_alphabetic() && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
}

fn url_run_end(b: &[u8], q: usize) -> usize {
    (q..b.len()).find(|&i| !url_continues(b, i)).unwrap_or(b.len())
}

/// All matches of the old `url_re`, in order: [`links`] that are no
/// request target.
#[cfg(test)]
pub(crate) fn url_matches(b: &[u8]) -> Vec<(usize, usize)> {
    links(b).into_iter().filter(|l| !l.2).map(|(s, e, _)| (s, e)).collect()
}

/// All matches of the old `url_re`, in order, and among them the request
/// targets (`true`): runs of URL bytes that start with one `/` after white
/// space, a quote or the text's start, and hold a `?` or a `%`
/// (`GET /api/search?name=… 200`). Every `url_re` match holds a `://`
/// (after its scheme) or starts at a `www.`, and no `w` is in a scheme: a
/// match found from an earlier mark starts earlier. So the marks are
/// looked at in order, one search for all (`:/` and `ww`, which text
/// has far fewer of than `:` and `w`, and the `?` and `%`), and the first
/// that starts a match not before the end of the last one gives the next
/// match. A target is found from its first `?`, `%` or `+`, and its run
/// read once (back to its start, on to its end); it does not move that
/// search, so the `url_re` matches are the same with or without it.
/// Among the targets too, runs that are a query on its own, a form body
/// (`name=Maria+Garcia&dob=…`, see [`form_run`]).
pub(crate) fn links(b: &[u8]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    // `run_end`: the end of the run of the last `?`, `%` or `+` read.
    let (mut at, mut from, mut run_end) = (0, 0, 0);
    while let Some(n) = super::find::find_pairs(b, at, [*b":/", *b"ww"], [b'?', b'%', b'+', b'&']) {
        at = n + 1;
        let start = match b[n] {
            b':' => {
                if b.get(n + 2) != Some(&b'/') {
                    continue;
                }
                scheme_url_start(b, n)
            }
            b'w' => Some(n),
            _ => {
                if n >= run_end {
                    let s = (0..n).rev().find(|&i| !url_continues(b, i)).map_or(0, |i| i + 1);
                    run_end = url_run_end(b, n);
                    let after_space = s == 0 || matches!(b[s - 1], b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'`');
                    // A path from its first `?` or `%` (a `+` comes first
                    // only where one of them follows it in the run).
                    let path = b[s] == b'/' && b.get(s + 1) != Some(&b'/') && (b[n] != b'+' || b[n..run_end].iter().any(|&c| c == b'?' || c == b'%'));
                    if after_space && (path || b[s] != b'/' && form_run(&b[s..run_end])) {
                        out.push((s, run_end, true));
                    }
                }
                continue;
            }
        };
        if let Some(m) = start.filter(|&s| s >= from).and_then(|s| url_at(b, s).map(|e| (s, e))) {
            out.push((m.0, m.1, false));
            (at, from) = (m.1, m.1);
        }
    }
    out
}

/// Whether the run of URL bytes `r` is a query on its own, as a form body
/// is (`name=Maria+Garcia&dob=…`, `q=Maria%20Garcia`,
/// `first=Maria&last=Garcia`): `key=value` pairs
/// ([`crate::formats::url::is_form`]) with, after the first `=`, a `+`
/// between two letters or digits or a `%` and two hex digits, a value
/// that the app reads decoded, or an `&` after it (pairs joined, a body
/// written unencoded, as `curl --data "first=…&last=…"` sends it). Not `a+b=c`,
/// whose value is as written, nor a log's `to=+12145550157`, whose plus an
/// encoded form would have written `%2B`.
fn form_run(r: &[u8]) -> bool {
    let Some(eq) = r.iter().position(|&c| c == b'=') else {
        return false;
    };
    let coded = |w: &[u8]| (w[1] == b'+' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric()) || (w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    (r[eq..].contains(&b'&') || r[eq..].windows(3).any(coded)) && std::str::from_utf8(r).is_ok_and(crate::formats::url::is_form)
}

/// Where the scheme before the `://` at `c` starts (only one of the three can end there).
fn scheme_url_start(b: &[u8], c: usize) -> Option<usize> {
    [b"https".as_slice(), b"http", b"ftp"].iter().find(|s| c >= s.len() && &b[c - s.len()..c] == **s).map(|s| c - s.len())
}

/// The end of the `url_re` match starting at `p`: its two alternatives in order.
pub(crate) fn url_at(b: &[u8], p: usize) -> Option<usize> {
    scheme_url_at(b, p).or_else(|| www_url_at(b, p))
}

/// `(?:https?|ftp)://[^ …]+`, with an apostrophe between letters among
/// the bytes allowed ([`url_continues`]).
fn scheme_url_at(b: &[u8], p: usize) -> Option<usize> {
    let r = &b[p..];
    let n = [b"https://".as_slice(), b"http://", b"ftp://"].iter().find(|s| r.starts_with(s))?.len();
    let e = url_run_end(b, p + n);
    (e > p + n).then_some(e)
}

/// `www\.[A-Za-z0-9\-]+\.[A-Za-z]{2,}[^ …]*`: the host label is the whole
/// run of label bytes (none of them is a dot), and the letters of the TLD
/// and the rest are all allowed bytes (an apostrophe between letters
/// too), so the match ends where they stop.
fn www_url_at(b: &[u8], p: usize) -> Option<usize> {
    if !b[p..].starts_with(b"www.") {
        return None;
    }
    let label = b[p + 4..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
    let tld = p + 4 + label + 1;
    let ok = label > 0 && b.get(tld - 1) == Some(&b'.') && b.get(tld..tld + 2).is_some_and(|t| t.iter().all(u8::is_ascii_alphabetic));
    ok.then(|| url_run_end(b, tld))
}

// ---------------------------------------------------------- record paths --

/// The collection words of `path_id_re`, lower case.
const COLLECTIONS: &[&[u8]] = &[
    b"patient", b"patients", b"p", b"pt", b"person", b"persons", b"people", b"enrollee", b"enrollees", b"resident", b"residents", b"client",
    b"clients", b"claim", b"claims", b"case", b"cases", b"member", b"members", b"subscriber", b"subscribers", b"beneficiary", b"beneficiaries",
    b"mrn", b"mrns", b"chart", b"charts", b"device", b"devices",
];

/// A bit per letter (`a` the lowest) that begins a word of [`COLLECTIONS`]:
/// one shift for the first byte after every `/` of a text, where a search
/// of the letters (`b"bcdemprs".contains`) cost about 100 instructions.
const COLLECTION_FIRSTS: u32 = {
    let mut bits = 0u32;
    let mut k = 0;
    while k < COLLECTIONS.len() {
        bits |= 1 << (COLLECTIONS[k][0] - b'a');
        k += 1;
    }
    bits
};

/// Per first letter of [`COLLECTIONS`] (`a` at 0), the [`second_bit`]s of
/// the bytes that can follow it in one: its second letter, or the `/`
/// after a word of one letter ("p").
const COLLECTION_SECONDS: [u32; 26] = {
    let mut t = [0u32; 26];
    let mut k = 0;
    while k < COLLECTIONS.len() {
        let w = COLLECTIONS[k];
        t[(w[0] - b'a') as usize] |= if w.len() == 1 { 1 << 26 } else { 1 << (w[1] - b'a') };
        k += 1;
    }
    t
};

/// The bit of the byte after a collection word's first letter in
/// [`COLLECTION_SECONDS`]: an ASCII letter's lower case (`a` the lowest),
/// bit 26 for `/`, none for any other byte or none at all. The letters
/// `(?i)` also takes from beyond ASCII (`ſ` for `s`, `K` for `k`) need no
/// bit: no collection word has an `s` or a `k` second.
fn second_bit(c: Option<u8>) -> u32 {
    match c {
        Some(c) if c.is_ascii_alphabetic() => 1 << (c.to_ascii_lowercase() - b'a'),
        Some(b'/') => 1 << 26,
        _ => 0,
    }
}

/// The character at `i` if it is an ASCII letter or digit, or one of the two
/// non-ASCII characters `(?i)` matches with an ASCII letter (U+017F LONG S
/// for `s`, U+212A KELVIN SIGN for `k`): (lower-case ASCII form, length).
fn folded_alnum(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let r = b.get(i..)?;
    match r.first()? {
        c if c.is_ascii_alphanumeric() => Some((c.to_ascii_lowercase(), 1)),
        0xC5 if r.get(1) == Some(&0xBF) => Some((b's', 2)),
        0xE2 if r.get(1..3) == Some(&[0x84, 0xAA]) => Some((b'k', 3)),
        _ => None,
    }
}

/// A match of the old `path_id_re`: (collection segment, id), byte spans.
pub(crate) type PathId = ((usize, usize), (usize, usize));

/// All matches of the old `path_id_re`
/// (`(?i)/(patients?|p|pt|…|devices?)/([A-Za-z0-9][A-Za-z0-9._~\-]{2,63})`), in order.
pub(crate) fn path_id_matches(b: &[u8]) -> Vec<PathId> {
    let mut out = Vec::new();
    // From each `/` found, the sixteen places there: each that may start a
    // match a bit of a mask, walked without a new search after each; a
    // match's end or the seventeenth place starts the next search.
    let mut at = 0;
    while let Some(i) = super::find::find_any(b, at, [b'/']) {
        let mut mask = tuple_mask(b, i, &PATH_HEAD);
        at = i + 16;
        while mask != 0 {
            let p = i + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if let Some(m) = path_id_at(b, p) {
                out.push(m);
                at = m.1 .1;
                break;
            }
        }
    }
    out
}

/// Where [`path_id_at`] may find a match: a `/`, a collection word's first
/// letter and the byte after it (its second letter, or the `/` after `p`),
/// in either case; `ſ` (C5 BF) folds to `s`. A superset, by the nibble
/// tables' hulls: `path_id_at` still tests every place. A search for the
/// `/` alone stopped at every closing tag of a page (`</span>`,
/// `</section>`, `</div>`), each stop a new search; these three bytes pass
/// almost none of them.
static PATH_HEAD: ByteTuples<3> = ByteTuples::new()
    .with([b"/", b"pP", b"aAtTeE/"])
    .with([b"/", b"bBdDeEmMrR", b"eE"])
    .with([b"/", b"eE", b"nN"])
    .with([b"/", b"mM", b"rR"])
    .with([b"/", b"cC", b"aAhHlL"])
    .with([b"/", b"sS", b"uU"])
    .with([b"/", b"\xC5", b"\xBF"]);

/// The `path_id_re` match at the `/` at `p`. The collection word must be
/// followed by `/`, so it is the whole segment (case-folded), and no two
/// alternatives accept the same segment.
fn path_id_at(b: &[u8], p: usize) -> Option<PathId> {
    // Every collection word starts with one of these letters: most path
    // segments are rejected on their first byte, before they are read.
    let (first, len) = folded_alnum(b, p + 1).filter(|&(c, _)| c.is_ascii_lowercase() && COLLECTION_FIRSTS >> (c - b'a') & 1 != 0)?;
    // And most of the rest on their second: a page's closing tags
    // (`</div>`, `</span>`, `</section>`) start with a collection's first
    // letter but with no collection's first two.
    if COLLECTION_SECONDS[usize::from(first - b'a')] & second_bit(b.get(p + 1 + len).copied()) == 0 {
        return None;
    }
    let mut word = [0u8; 16];
    let (mut n, mut q) = (0, p + 1);
    while let Some((c, len)) = folded_alnum(b, q).filter(|(c, _)| c.is_ascii_lowercase()) {
        if n == word.len() {
            return None;
        }
        word[n] = c;
        n += 1;
        q += len;
    }
    if b.get(q) != Some(&b'/') || !COLLECTIONS.contains(&&word[..n]) {
        return None;
    }
    let id = q + 1;
    let mut e = id + folded_alnum(b, id)?.1;
    let mut more = 0;
    while more < 63 {
        let len = match b.get(e) {
            Some(b'.' | b'_' | b'~' | b'-') => 1,
            _ => match folded_alnum(b, e) {
                Some((_, len)) => len,
                None => break,
            },
        };
        e += len;
        more += 1;
    }
    (more >= 2).then_some(((p + 1, q), (id, e)))
}

// ---------------------------------------------------------------- e-mail --

/// The length of the local-part character at `i`: `[A-Za-z0-9\x{C0}-\x{24F}]`,
/// plus `[._%+\-]` unless `first`. U+00C0..U+024F are the two-byte
/// sequences C3 80 .. C9 8F.
fn local_char(b: &[u8], i: usize, first: bool) -> Option<usize> {
    let c = *b.get(i)?;
    let class = LOCAL_CLASS[usize::from(c)];
    if class & if first { LOCAL_FIRST } else { LOCAL_REST } != 0 {
        return Some(1);
    }
    let next = *b.get(i + 1)?;
    (class & LOCAL_LEAD != 0 || (c == 0xC9 && next <= 0x8F)).then_some(2)
}

/// [`LOCAL_CLASS`] bits: an ASCII byte that may start a local part, one
/// that may be in the rest of it, and the lead bytes C3..C8 of the two-byte
/// letters (C9 is a lead only up to U+024F, so its next byte decides).
const LOCAL_FIRST: u8 = 1;
const LOCAL_REST: u8 = 2;
const LOCAL_LEAD: u8 = 4;

/// The [`local_char`] class of each byte, looked up once per byte instead
/// of a chain of comparisons (every byte of an e-mail window is read).
static LOCAL_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphanumeric() {
            LOCAL_FIRST | LOCAL_REST
        } else if matches!(b, b'.' | b'_' | b'%' | b'+' | b'-') {
            LOCAL_REST
        } else if matches!(b, 0xC3..=0xC8) {
            LOCAL_LEAD
        } else {
            0
        };
        c += 1;
    }
    t
};

/// `[first][rest]{0,63}` at `p`: where the longest local part ends, and
/// whether it stopped at a byte that cannot be in one (rather than at 64
/// characters).
// A hint: at the inlining threshold of 180 it was left out of line
// (.cargo/config.toml).
#[inline]
fn local_part_end(b: &[u8], p: usize) -> Option<(usize, bool)> {
    let mut e = p + local_char(b, p, true)?;
    for _ in 0..63 {
        // An ASCII character is one look-up; `local_char` for the others.
        if b.get(e).is_some_and(|&c| LOCAL_CLASS[usize::from(c)] & LOCAL_REST != 0) {
            e += 1;
            continue;
        }
        match local_char(b, e, false) {
            Some(len) => e += len,
            None => return Some((e, true)),
        }
    }
    Some((e, false))
}

/// `@|%40|%2540` at `s`: its length.
fn email_separator(b: &[u8], s: usize) -> Option<usize> {
    let r = &b[s..];
    [b"@".as_slice(), b"%40", b"%2540"].iter().find(|x| r.starts_with(x)).map(|x| x.len())
}

/// `(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}` at
/// `q`: the end of the domain. A label holds no dot, so each label is the
/// whole run of label bytes before a dot; the greedy `+` then keeps the
/// last label after which a TLD (2 to 24 letters, as many as there are)
/// fits.
fn email_domain_end(b: &[u8], q: usize) -> Option<usize> {
    let mut t = q;
    let mut end = None;
    loop {
        let label = b[t..].iter().take(64).take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        if !(1..=63).contains(&label) || b[t] == b'-' || b[t + label - 1] == b'-' || b.get(t + label) != Some(&b'.') {
            return end;
        }
        t += label + 1;
        let tld = b[t..].iter().take(24).take_while(|c| c.is_ascii_alphabetic()).count();
        if tld >= 2 {
            end = Some(t + tld);
        }
    }
}

/// All matches of the old `email_re`, in order:
/// `[A-Za-z0-9\x{C0}-\x{24F}][A-Za-z0-9\x{C0}-\x{24F}._%+\-]{0,63}(?:@|%40|%2540)` + domain.
///
/// The separators whose domain matches are found first (each domain is read
/// once). A match then starts at the first place whose local part reaches
/// one of them, and takes the last one it reaches: the greedy local part
/// backs off from 64 characters to the first separator that works.
/// `marks`: `b`'s chunk marks, or none.
pub(crate) fn email_matches(b: &[u8], marks: Marks) -> Vec<(usize, usize)> {
    let mut seps = Vec::new();
    let mut from = 0;
    while let Some(s) = marks.find_any(b, from, [b'@', b'%']) {
        if let Some(e) = email_separator(b, s).and_then(|len| email_domain_end(b, s + len)) {
            seps.push((s, e));
        }
        from = s + 1;
    }
    let mut out = Vec::new();
    let (mut p, mut k) = (0, 0);
    // The separator whose local-part run `p` was last moved up to.
    let mut run_of = usize::MAX;
    while p < b.len() {
        while k < seps.len() && seps[k].0 <= p {
            k += 1;
        }
        let Some(&(next, _)) = seps.get(k) else { break };
        // No match starts before the run of local-part bytes that ends at
        // the next separator: one that reached a later separator would
        // cross this one's run too (`@` ends a run; a `%` is in one).
        if run_of != k {
            run_of = k;
            p = p.max(local_run_start(b, next));
        }
        let Some((run_end, stopped)) = local_part_end(b, p) else {
            p += 1;
            continue;
        };
        match seps[k..].iter().take_while(|m| m.0 <= run_end).last() {
            Some(&(_, e)) => {
                out.push((p, e));
                p = e;
            }
            // Every start up to a byte that ends the local part ends it
            // there too, and that byte starts none (it is in no local part).
            None if stopped => p = run_end + 1,
            None => p += 1,
        }
    }
    out
}

/// Where the bytes before `s` that can be in a local part begin (ASCII
/// local-part bytes and every byte from 0x80, a superset of its two-byte
/// letters), at most 128 bytes back (64 characters of at most two bytes)
/// and moved on to a character boundary: no local part that ends at `s`
/// starts before it.
fn local_run_start(b: &[u8], s: usize) -> usize {
    let floor = s.saturating_sub(128);
    let mut p = s;
    while p > floor && (b[p - 1] >= 0x80 || LOCAL_CLASS[usize::from(b[p - 1])] & LOCAL_REST != 0) {
        p -= 1;
    }
    while p < s && (b[p] & 0xC0) == 0x80 {
        p += 1;
    }
    p
}

/// The end of the first of [`email_matches`] if it starts at 0 (the value
/// after an "Email:" label). Only the separators the local part at 0
/// reaches are read: `email_matches` reads every one in `b`, and the value
/// after a label is given a window of 1 KB.
pub(crate) fn email_at_start(b: &[u8]) -> Option<usize> {
    let (run_end, _) = local_part_end(b, 0)?;
    // The greedy local part takes the last separator it reaches.
    (1..(run_end + 1).min(b.len()))
        .rev()
        .filter(|&s| matches!(b[s], b'@' | b'%'))
        .find_map(|s| email_separator(b, s).and_then(|len| email_domain_end(b, s + len)))
}

#[cfg(test)]
mod tests {
    use super::super::shapes::{oracle as compiled, regex_matches};
    use super::*;
    use proptest::prelude::*;

    /// The chunk marks `find::digit_index` gives a long text, for any text.
    fn marks_of(b: &[u8]) -> Vec<u8> {
        super::super::find::marks_bytewise(b)
    }

    /// [`super::email_matches`] with no marks, checked to be the same with the text's.
    fn email_matches(b: &[u8]) -> Vec<(usize, usize)> {
        let plain = super::email_matches(b, Marks::NONE);
        assert_eq!(super::email_matches(b, Marks::of(&marks_of(b))), plain, "{b:?}");
        plain
    }

    // The patterns these matchers replaced, verbatim.
    const PHONE: &str = r"(?x)
    (?:\+?1[\ .\-]?)?                      # country code
    (?:\([2-9][0-9]{2}\)[\ \-]?|[2-9][0-9]{2}[\ .\-])   # area code, written with a separator
    [0-9]{3}[\ .\-][0-9]{4}
    (?:\ ?(?:x|ext\.?|extension)\ ?[0-9]{1,5})?
  | \+1[2-9][0-9]{2}[2-9][0-9]{6}          # E.164 NANP, no separators
  | \+(?:[2-9][0-9]{0,2})[\ .\-]?(?:[0-9]{1,4}[\ .\-]?){2,4}[0-9]{2,4}   # international, + prefixed
";

    const IPV6: &str = r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::[0-9]{1,3}(?:\.[0-9]{1,3}){3})?";

    const URL: &str = r"(?x)
    (?:https?|ftp)://(?:[A-Za-z](?:'[A-Za-z])*|[^\ \t\r\n<>\x22'`\\\]\[{}|^])+
  | www\.[A-Za-z0-9\-]+\.[A-Za-z]{2,}(?:'[A-Za-z])*(?:[A-Za-z](?:'[A-Za-z])*|[^\ \t\r\n<>\x22'`\\\]\[{}|^])*
";

    const PATH_ID: &str = r"(?i)/(patients?|p|pt|persons?|people|enrollees?|residents?|clients?|claims?|cases?|members?|subscribers?|beneficiar(?:y|ies)|mrns?|charts?|devices?)/([A-Za-z0-9][A-Za-z0-9._~\-]{2,63})";

    const EMAIL: &str = r"(?x)
    [A-Za-z0-9\x{C0}-\x{24F}][A-Za-z0-9\x{C0}-\x{24F}._%+\-]{0,63}   # local part (Latin letters with accents too)
    (?:@|%40|%2540)                        # plain, or percent-encoded once or twice in a raw URL
    (?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+  # labels
    [A-Za-z]{2,24}                         # TLD
";

    const PHONE_VALUE: &str = r"(?x)^(?:
    (?:\+?1[\ .\-]?)?(?:\([2-9][0-9]{2}\)\ ?|[2-9][0-9]{2}[\ .\-]?)[0-9]{3}[\ .\-]?[0-9]{4}(?:\ ?(?:x|ext\.?)\ ?[0-9]{1,5})?
  | \+[1-9][0-9]{0,2}[\ .\-]?(?:\(?[0-9]{1,4}\)?[\ .\-]?){2,4}[0-9]{2,4}
)";


    fn check_phone(s: &str) -> Result<(), TestCaseError> {
        prop_assert_eq!(phone_matches(s.as_bytes()), regex_matches(PHONE, s), "phone on {:?}", s);
        let value = regex_matches(PHONE_VALUE, s).first().map(|m| m.1);
        prop_assert_eq!(phone_value_at(s.as_bytes()), value, "phone value on {:?}", s);
        Ok(())
    }

    const PHONE_SHAPES: &[&str] = &[
        "call (312) 555-0142", "312-555-0199", "+1 312 555 0199", "1-312-555-0199", "1.312.555.0199", "+1(312)555-0199", "(312)-555-0199",
        "(312).555-0199", "312-555-0199 x12", "312-555-0199x123456", "312-555-0199 ext. 5", "312-555-0199 ext5", "312-555-0199 extension 55",
        "312-555-0199 ext", "312-555-0199 exte 5", "312-555-0199 ext ension 5", "312-555-0199  x5", "+17205550107", "+1720555010", "+27205550107",
        "+44 20 7946 0958", "+49-30-1234567", "+353 1 234 5678", "+2 1 1 1 1 1", "+222 2222222222222222 1", "+91.98765.43210", "+9", "+91 1",
        "12125551234 555-1234", "212-555-12345", "1212-555-1234", "11 212 555 1234", "++1 212 555 1234", "+1-+1 212", "(212) 555 1234 (313)",
        "+33 1 23 45 67 89 01 23", "2125551234", "212 5551234", "(212)5551234", "(212)-5551234", "+1 (212) 555 1234 ext.12", "+44 (20) 7946 0958",
        "+1 2125551234", "+12125551234", "+1(2) 3", "+1 (12) (34) 567", "+9 (1)(2)(3)(4)56", "1 212 555 1234 extension 5", "2125551234x", "+(1)", "+1 1 212 555 1234", "+123-4567-8901-2345-6789-0123", "5 5 5", "+3--1", "+30 ", "2125551234", "+1212555123",
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
        "+44 ", "+49-", "+353 ", "(20) ", "(1)", "20 ", "7946 ", "(30)", "1234", "0958", "+2", "+22 ", "+91.",
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
        fn phone_same_as_the_pattern_on_international_shapes(s in "(\\+[0-9]{1,4}[ .\\-]?(\\(?[0-9]{1,5}\\)?[ .\\-]{0,2}){1,6}[0-9]{0,5}[ x]?){1,3}") {
            check_phone(&s)?;
        }

        #[test]
        fn phone_same_as_the_pattern_on_digit_heavy_text(s in "([+(]?[0-9]{1,5}[)]?[ .\\-]{0,2}(x|ext|ext\\.|extension|e)?){0,8}") {
            check_phone(&s)?;
        }
    }

    fn check_ipv6(s: &str) -> Result<(), TestCaseError> {
        let (want, others): (Vec<_>, Vec<_>) = regex_matches(IPV6, s).into_iter().partition(|&(a, e)| {
            let v = &s[a..e];
            // The test `ips` made of every match before parsing it.
            v.contains("::") || v.matches(':').count() + 1 >= 8
        });
        prop_assert_eq!(ipv6_addresses(s.as_bytes()).collect::<Vec<_>>(), want, "ipv6 on {:?}", s);
        // So `ip_value` may look at the first address only.
        for (a, e) in others {
            prop_assert!(s[a..e].parse::<std::net::Ipv6Addr>().is_err(), "{:?} parses", &s[a..e]);
        }
        Ok(())
    }

    const IPV6_SHAPES: &[&str] = &[
        "from 2601:646:8c02:1e0::5f", "::", "a:b:c", "a:b", ":", "::1", "fe80::1%eth0", "::ffff:192.168.2.24", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6:7::1.2.3.4", "0:0:0:0:0:0:0:1234.5.6.7", "a:b:cdefab", "abcdef:1:2",
        "abcdef:1", "ABCD:EF01::", "12:30:45", "at 12:30:45 build", "x:y:z", "::::::::::", "gabcd:1:2", "deadbeef:cafe:babe:f00d", ":abcdef:",
        "2001:db8::1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:255.255.255.2555", "é:1:2", "ab:", "ab::", "a::b::c",
    ];

    const IPV6_PIECES: &[&str] = &[":", ":", "::", "a", "f", "F", "g", "1", "ab", "abcd", "abcde", "ffff", "db8", "2001", ".", "1.2.3.4", "192.168", " ", "x", "é"];

    #[test]
    fn collection_firsts_are_the_first_letters() {
        for c in b'a'..=b'z' {
            assert_eq!(COLLECTION_FIRSTS >> (c - b'a') & 1 != 0, b"bcdemprs".contains(&c), "{}", c as char);
        }
        // Only the collections' first letters lead to a look at the segment
        // (a digit, a capital folded, the long s of U+017F, a byte past the end).
        assert_eq!(path_id_matches(b"/9/abc /Patient/abc /\xC5\xBFx/abc /"), vec![((8, 15), (16, 19))]);
        assert_eq!(path_id_matches("/ſubscriber/a12 /p/".as_bytes()), vec![((1, 12), (13, 16))]);
    }

    #[test]
    fn minutes_and_seconds_are_the_groups() {
        for s in ["12:30:45", "12:30:45.123Z", "t=12:30:45 x", "12:30:4", "12:30:45:1", "12:30:45a", "12:3a:45 ", "12:30:456", "12:30::5 ", ":30:45\u{e9}", "", ":"] {
            let b = s.as_bytes();
            for c in (0..b.len()).filter(|&c| b[c] == b':') {
                let (end, groups, compressed) = ipv6_groups(b, c);
                if let Some(e) = minutes_and_seconds(b, c) {
                    assert_eq!((e, groups, compressed), (end, 2, false), "{s:?} at {c}");
                }
            }
        }
        // The seven bytes must all be there: at the end of the text, the loop decides.
        assert_eq!(minutes_and_seconds(b"12:30:45", 2), None);
        assert_eq!(minutes_and_seconds(b"12:30:45 ", 2), Some(8));
        assert_eq!(minutes_and_seconds("12:30:45é".as_bytes(), 2), Some(8));
        assert_eq!(minutes_and_seconds(b"12:30:45f", 2), None);
    }

    #[test]
    fn ipv6_byte_is_the_byte_rule() {
        for x in 0..=255u8 {
            let want = if x.is_ascii_hexdigit() { IPV6_HEX } else if x == b':' { IPV6_COLON } else { 0 };
            assert_eq!(ipv6_byte(&[x], 0), want, "{x:#x}");
        }
        // Past the end, on an empty text, and on the bytes of a multi-byte
        // character ("ä" is C3 A4; no hex digit though `A`..`F` is near).
        assert_eq!((ipv6_byte(b"", 0), ipv6_byte(b"f:", 2), ipv6_byte(b"f:", usize::MAX)), (0, 0, 0));
        assert_eq!((ipv6_byte(b"f:", 0), ipv6_byte(b"f:", 1)), (IPV6_HEX, IPV6_COLON));
        assert!("ä".bytes().all(|x| ipv6_byte(&[x], 0) == 0));
    }

    #[test]
    fn ipv6_same_as_the_pattern_on_known_shapes() {
        for s in IPV6_SHAPES {
            check_ipv6(s).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn ipv6_same_as_the_pattern(s in pieces(IPV6_PIECES, 16)) {
            check_ipv6(&s)?;
        }

        #[test]
        fn ipv6_same_as_the_pattern_on_address_shapes(s in proptest::collection::vec(("[0-9a-fA-F]{0,5}", proptest::collection::vec("[0-9a-f]{0,5}", 1..10), "(:[0-9]{1,4}(\\.[0-9]{1,4}){0,4})?", pieces(IPV6_PIECES, 2)), 0..3)) {
            let s: String = s.into_iter().map(|(h, g, t, j)| h + ":" + &g.join(":") + &t + &j).collect();
            check_ipv6(&s)?;
        }

        #[test]
        fn ipv6_same_as_the_pattern_on_any_bytes(s in "[0-9a-gA-G:. ]{0,40}") {
            check_ipv6(&s)?;
        }
    }

    fn check_url(s: &str) -> Result<(), TestCaseError> {
        let want = regex_matches(URL, s);
        prop_assert_eq!(url_matches(s.as_bytes()), want.clone(), "url on {:?}", s);
        // url_value: the first match, when it starts at 0.
        let at0 = url_at(s.as_bytes(), 0).map(|e| (0, e));
        prop_assert_eq!(at0, want.first().copied().filter(|m| m.0 == 0), "url at 0 on {:?}", s);
        Ok(())
    }

    const URL_SHAPES: &[&str] = &[
        "see https://facebook.com/maria.garcia.5.", "http://x", "http://", "http:// x", "https//x", "ftp://a/b?c=d", "hTTp://x", "httpss://x",
        "xhttps://y", "www.example.com/a", "www.example.c", "wwww.example.com", "www..com", "www.a-b.co.uk", "www.a_b.com", "www.a.1com",
        "http://www.example.com www.b.org", "www.http://x", "<https://a.b/c>", "'http://a' \"www.b.cc\"", "https://é.com/ü path", "http://a|b",
        "www.exa mple.com", "://", "ftp:/x", "www.ab.cd^x", "http://a\tb", "[http://a]{www.b.cd}", "www.a.bc.http://x.y", "https://x.y://z",
        "http://a.b/p?n=D'Angelo&d=1", "'https://example.com/p?a=b'", "http://a'", "http://a'b'c", "http://a''b", "http://1'a", "http://a'1",
        "http://'a", "www.ab.cd'e", "www.ab.c'd", "http://é'a",
    ];

    const URL_PIECES: &[&str] = &[
        "http", "https", "ftp", "://", "://", "www.", "www", "w", ".", "com", "a", "-", "_", "/", "?", "=", "é", " ", "<", "'", "|", "1", "h", "s",
    ];

    /// An apostrophe between letters does not end a URL; a closing quote does.
    #[test]
    fn urls_end_at_a_closing_quote_only() {
        let q = "https://example.com/p?name=Maria%20D'Angelo&dob=03%2F14%2F1961";
        assert_eq!(url_matches(q.as_bytes()), vec![(0, q.len())]);
        assert_eq!(url_matches(b"'https://example.com/p?a=b' x"), vec![(1, 26)]);
        assert_eq!(links(b"href='/x?q=1' x"), vec![(6, 12, true)]);
        assert_eq!(links(b"GET /s?n=D'Angelo&d=1 200"), vec![(4, 21, true)]);
    }

    #[test]
    fn url_same_as_the_pattern_on_known_shapes() {
        for s in URL_SHAPES {
            check_url(s).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn url_same_as_the_pattern(s in pieces(URL_PIECES, 16)) {
            check_url(&s)?;
        }

        #[test]
        fn url_same_as_the_pattern_on_any_bytes(s in "[htpsfw:/. a\\-<|é]{0,40}") {
            check_url(&s)?;
        }
    }

    fn check_path_id(s: &str) -> Result<(), TestCaseError> {
        let span = |m: Option<regex::Match>| m.map(|m| (m.start(), m.end())).unwrap();
        let want: Vec<PathId> = compiled(PATH_ID).captures_iter(s).map(|c| (span(c.get(1)), span(c.get(2)))).collect();
        prop_assert_eq!(path_id_matches(s.as_bytes()), want, "path id on {:?}", s);
        Ok(())
    }

    const PATH_ID_SHAPES: &[&str] = &[
        "GET /api/patients/P-0048213 200", "/api/v1/members/W2938475610/eligibility", "Patient/123", "/Patient/123", "/PATIENTS/ab", "/patients/abc",
        "/outpatients/12345", "/p/1234", "/pt/x.y~z", "/pts/1234", "/beneficiary/123", "/beneficiaries/123", "/beneficiarys/123", "/mrns//123",
        "/patients/_123", "/patients/-123", "/patients/a\u{17f}\u{212a}", "/patient\u{17f}/1234", "/\u{212a}/123", "/patients/P1.json?id=P1",
        "/devices/abc/def", "/people/0123456789012345678901234567890123456789012345678901234567890123456789", "/case/12/cases/34/claim/567",
        "/patients/patients/patients/123", "/p/p/p/p/12", "/clients/é12", "/members/12é", "//p/123", "/chart/ab", "/chart/abc",
    ];

    const PATH_ID_PIECES: &[&str] = &[
        "/", "/", "/", "patient", "Patients", "p", "PT", "persons", "people", "enrollee", "residents", "clients", "claim", "cases", "member",
        "subscribers", "beneficiar", "y", "ies", "mrn", "charts", "device", "s", "\u{17f}", "\u{212a}", "é", "-", ".", "_", "~", "?", " ", "ab", "P-",
    ];

    #[test]
    fn path_id_same_as_the_pattern_on_known_shapes() {
        for s in PATH_ID_SHAPES {
            check_path_id(s).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn path_id_same_as_the_pattern(s in pieces(PATH_ID_PIECES, 16)) {
            check_path_id(&s)?;
        }

        #[test]
        fn path_id_same_as_the_pattern_on_long_ids(s in "(/(patients|Pt|MRNS|chart)/[A-Za-z0-9._~\\-\u{17f}\u{212a}é/]{0,80}){1,3}") {
            check_path_id(&s)?;
        }
    }

    /// `path_id_matches` as it was before [`PATH_HEAD`]: a new search from
    /// every `/` that starts no match.
    fn path_id_matches_at_every_slash(b: &[u8]) -> Vec<PathId> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(p) = super::super::find::find_any(b, at, [b'/']) {
            match path_id_at(b, p) {
                Some(m) => {
                    out.push(m);
                    at = m.1 .1;
                }
                None => at = p + 1,
            }
        }
        out
    }

    /// Markup and paths: closing tags, collection words cut short or in
    /// either case, folded letters, ids of every length.
    const PATH_MARKUP_PIECES: &[&str] = &[
        "/", "/", "/", "</", "<", ">", "span", "section", "div", "button", "p", "P", "pt", "Pa", "patients", "Patient", "members", "MRN", "mrns",
        "subscriber", "\u{17f}ubscriber", "\u{17f}", "\u{212a}", "chart", "claims", "cases", "device", "people", "enrollee", "residents",
        "beneficiaries", "clients", "c", "e", "s", "u", "12", "P-0048213", "ab", "x.y", "_", "-", " ", "é", "\"",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        /// The search by [`PATH_HEAD`] finds what a search from every `/`
        /// found, also past a match's end and across sixteen-byte steps.
        #[test]
        fn path_head_finds_what_every_slash_found(s in pieces(PATH_MARKUP_PIECES, 40)) {
            prop_assert_eq!(path_id_matches(s.as_bytes()), path_id_matches_at_every_slash(s.as_bytes()), "{:?}", s);
        }

        #[test]
        fn path_head_finds_what_every_slash_found_in_any_bytes(b in proptest::collection::vec(prop::sample::select(b"/pPtTaAeEsSuU<>1-.\xC5\xBF\xE2\x84\xAAxz".to_vec()), 0..120)) {
            prop_assert_eq!(path_id_matches(&b), path_id_matches_at_every_slash(&b));
        }
    }

    /// [`PATH_HEAD`] lets through the first three bytes of every collection
    /// segment, in either case and with `ſ` for `s`.
    #[test]
    fn path_head_admits_every_collection() {
        for w in COLLECTIONS {
            let second = w.get(1).copied().unwrap_or(b'/');
            for first in [vec![w[0]], vec![w[0].to_ascii_uppercase()]].into_iter().chain((w[0] == b's').then(|| vec![0xC5, 0xBF])) {
                for c in [second, second.to_ascii_uppercase()] {
                    let head: Vec<u8> = [b'/'].into_iter().chain(first.iter().copied()).chain([c]).collect();
                    assert_eq!(tuple_mask(&head, 0, &PATH_HEAD) & 1, 1, "{:?}", String::from_utf8_lossy(&head));
                }
            }
        }
        // And not a page's closing tags.
        for tag in ["</span>", "</section>", "</div>", "</button>", "</p>", "</strong>"] {
            assert_eq!(tuple_mask(tag.as_bytes(), 0, &PATH_HEAD), 0, "{tag}");
        }
    }

    /// `path_id_at` rejects a segment on its first letter.
    #[test]
    fn collections_start_with_the_letters_path_id_at_takes() {
        assert!(COLLECTIONS.iter().all(|w| b"bcdemprs".contains(&w[0])));
    }

    /// `path_id_at`'s second-letter test passes every collection word,
    /// in either case and after a folded first letter, and no second byte
    /// that starts none.
    #[test]
    fn collection_seconds_are_the_words_second_bytes() {
        assert!(COLLECTIONS.iter().all(|w| w.len() == 1 || !matches!(w[1], b's' | b'k')), "a folded second letter would need a bit");
        for w in COLLECTIONS {
            let second = w.get(1).copied().unwrap_or(b'/');
            for c in [second, second.to_ascii_uppercase()] {
                assert_ne!(COLLECTION_SECONDS[usize::from(w[0] - b'a')] & second_bit(Some(c)), 0, "{:?}", String::from_utf8_lossy(w));
            }
        }
        assert_eq!(path_id_matches("/ſubscriber/a12 /Subscriber/a12".as_bytes()), vec![((1, 12), (13, 16)), ((18, 28), (29, 32))]);
        for c in 0..=255u8 {
            let starts_one = COLLECTIONS.iter().any(|w| w[0] == b's' && w.get(1).copied().unwrap_or(b'/') == c.to_ascii_lowercase());
            assert_eq!(COLLECTION_SECONDS[usize::from(b's' - b'a')] & second_bit(Some(c)) != 0, starts_one, "{c}");
        }
        assert_eq!(second_bit(None), 0);
        assert_eq!(second_bit(Some(0xC5)), 0);
        // A word cut off after its first letter, at the end of the text.
        assert_eq!(path_id_matches(b"/p"), vec![]);
        assert_eq!(path_id_matches(b"/p/"), vec![]);
        assert_eq!(path_id_matches(b"</section></button></pre> /p/123"), vec![((27, 28), (29, 32))]);
    }

    /// The table holds the classes as they were written out.
    #[test]
    fn local_char_is_the_class_comparisons() {
        for c in 0..=255u8 {
            for next in [None, Some(0x80), Some(0x8F), Some(0x90), Some(b'a')] {
                let b: Vec<u8> = [c].into_iter().chain(next).collect();
                for first in [false, true] {
                    let want = if c.is_ascii_alphanumeric() || (!first && matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')) {
                        Some(1)
                    } else {
                        next.and_then(|n| (matches!(c, 0xC3..=0xC8) || (c == 0xC9 && n <= 0x8F)).then_some(2))
                    };
                    assert_eq!(local_char(&b, 0, first), want, "{c:#x} {next:?} {first}");
                }
            }
        }
    }

    fn check_email(s: &str) -> Result<(), TestCaseError> {
        let all = email_matches(s.as_bytes());
        prop_assert_eq!(&all, &regex_matches(EMAIL, s), "email on {:?}", s);
        let first_at_0 = all.first().filter(|m| m.0 == 0).map(|m| m.1);
        prop_assert_eq!(email_at_start(s.as_bytes()), first_at_0, "email at 0 on {:?}", s);
        Ok(())
    }

    const EMAIL_SHAPES: &[&str] = &[
        "mail maria.garcia@example.com now", "a@b.co", "a@b.c", "a@b.c.d1", "a@b.example.com", "a@b.commmmmmmmmmmmmmmmmmmmmmmmmmmmmm", "a@b.com-x",
        "a%40example.com", "a%40b%40example.com", "c.d%2540example.com", "x%2540y.com", "a%25x@b.co", "a@-b.co", "a@b-.co", "a@b--c.co",
        "a@1.2.3.4", "pkg@1.2.3", "user@host:22", ".a@b.co", "-a@b.co", "é@b.co", "Ã×÷ɏ@b.co", "ɐ@b.co", "aɐ@b.co", "a@b.co@c.de", "a@@b.co",
        "a@b..co", "a@b.co.", "a@b.co.uk", "a@b.co.u", "a@b.co.1k", "maria@example.com,c.d%2540example.com", "a@ab.cd.ef.gh.ij.x", "%40b.co",
        "a.b@c.d@e.fg", "ab%40cd%2540ef.gh", "a@b.c%40d.ef", "a@b.c@d.ef",
    ];

    const EMAIL_PIECES: &[&str] = &[
        "@", "@", "%40", "%2540", "%", "25", "40", ".", ".", "a", "ab", "com", "co", "x1", "-", "_", "+", "é", "ɐ", "Ü", " ", ":", "1", "b.c", "dd",
    ];

    #[test]
    fn email_same_as_the_pattern_on_known_shapes() {
        let long = |n: usize, c: &str| c.repeat(n);
        let mut owned = vec![
            format!("{}@example.com", long(64, "a")),
            format!("{}@example.com", long(65, "a")),
            format!("{}@example.com", long(64, "é")),
            format!("{}@example.com", long(65, "é")),
            format!("{}%40b%40example.com", long(62, "a")),
            format!("a@{}.com", long(63, "b")),
            format!("a@{}.com", long(64, "b")),
            format!("a@{}com", long(40, "b.")),
            format!("{} a@b.co", long(200, "é")),
        ];
        owned.extend(EMAIL_SHAPES.iter().map(|s| s.to_string()));
        for s in &owned {
            check_email(s).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn email_same_as_the_pattern(s in pieces(EMAIL_PIECES, 20)) {
            check_email(&s)?;
        }

        #[test]
        fn email_same_as_the_pattern_on_long_parts(s in proptest::collection::vec(("[a-z%.ɐé]{0,70}", "@|%40|%2540|%25", "([a-z\\-]{0,66}\\.){0,4}[a-z0-9]{0,26}"), 1..4)) {
            check_email(&s.into_iter().map(|(a, b, c)| a + &b + &c).collect::<String>())?;
        }
    }
}
