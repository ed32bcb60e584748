//! Checksums and structural rules. A candidate that fails its validator is
//! never reported as that type. Each function takes the raw matched text and
//! ignores separators (spaces, dashes, dots) itself.

/// Calls `push` with the value of each ASCII digit of `s`, in order.
/// `None` if `s` holds anything other than digits and the separators ` `,
/// `-`, `.`, or as soon as `push` returns `None`.
fn each_digit(s: &str, mut push: impl FnMut(u8) -> Option<()>) -> Option<()> {
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => push(b - b'0')?,
            b' ' | b'-' | b'.' => {}
            _ => return None,
        }
    }
    Some(())
}

/// The values of the ASCII digits of `s`, or `None` as [`each_digit`].
fn digits(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    each_digit(s, |d| {
        out.push(d);
        Some(())
    })?;
    Some(out)
}

/// [`digits`] into `buf`, for the validators that take a fixed number of
/// digits (no allocation per candidate): `None` also when there are more
/// than `N`, which none of them accepts.
fn digits_upto<'b, const N: usize>(s: &str, buf: &'b mut [u8; N]) -> Option<&'b [u8]> {
    let mut n = 0;
    each_digit(s, |d| {
        *buf.get_mut(n)? = d;
        n += 1;
        Some(())
    })?;
    Some(&buf[..n])
}

fn luhn_digits(ds: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in ds.iter().rev().enumerate() {
        let mut v = d as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Luhn (mod 10) over the digits of `s`.
///
/// ```
/// assert!(phi_guard::validate::luhn("4111 1111 1111 1111"));
/// assert!(!phi_guard::validate::luhn("4111 1111 1111 1112"));
/// ```
pub fn luhn(s: &str) -> bool {
    digits(s).is_some_and(|d| !d.is_empty() && luhn_digits(&d))
}

/// A payment card: 13–19 digits, a known issuer prefix, and Luhn.
/// Issuer prefixes rule out epoch milliseconds and order numbers that happen
/// to pass Luhn one time in ten.
pub fn credit_card(s: &str) -> bool {
    let mut buf = [0; 19];
    let Some(d) = digits_upto(s, &mut buf) else { return false };
    if !(13..=19).contains(&d.len()) || !luhn_digits(d) {
        return false;
    }
    let p = |n: usize| d[..n].iter().fold(0u32, |a, &x| a * 10 + x as u32);
    let len = d.len();
    match d[0] {
        4 => matches!(len, 13 | 16 | 19),                                    // Visa
        5 => (51..=55).contains(&p(2)) && len == 16,                         // Mastercard
        2 => (2221..=2720).contains(&p(4)) && len == 16,                     // Mastercard 2-series
        3 => (matches!(p(2), 34 | 37) && len == 15)                          // Amex
            || ((3528..=3589).contains(&p(4)) && (16..=19).contains(&len))   // JCB
            || (matches!(p(2), 36 | 38 | 39) && (14..=19).contains(&len))    // Diners
            || ((300..=305).contains(&p(3)) && (14..=19).contains(&len)),
        6 => p(4) == 6011 || p(2) == 65 || (644..=649).contains(&p(3)) || p(2) == 62, // Discover, UnionPay
        _ => false,
    }
}

/// US Social Security number rules: 9 digits; area not 000, 666 or 900–999;
/// group not 00; serial not 0000.
///
/// ```
/// assert!(phi_guard::validate::ssn("123-45-6789"));
/// assert!(!phi_guard::validate::ssn("666-45-6789"));
/// assert!(!phi_guard::validate::ssn("900-45-6789"));
/// ```
pub fn ssn(s: &str) -> bool {
    let mut buf = [0; 9];
    let Some(d) = digits_upto(s, &mut buf) else { return false };
    if d.len() != 9 {
        return false;
    }
    let area = d[0] as u32 * 100 + d[1] as u32 * 10 + d[2] as u32;
    let group = d[3] * 10 + d[4];
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + x as u32);
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        // Well-known advertising / placeholder numbers.
        && !(area == 78 && group == 5 && serial == 1120)
        && !d.iter().all(|&x| x == d[0])
}

/// National Provider Identifier: 10 digits, Luhn over "80840" + the number.
pub fn npi(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 10 || !(d[0] == 1 || d[0] == 2) {
        return false;
    }
    let mut all = vec![8, 0, 8, 4, 0];
    all.extend_from_slice(&d);
    luhn_digits(&all)
}

/// DEA registration number: two letters then seven digits; the last digit is
/// (d1 + d3 + d5 + 2 × (d2 + d4 + d6)) mod 10.
pub fn dea(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 || !b[0].is_ascii_alphabetic() || !(b[1].is_ascii_alphabetic() || b[1] == b'9') {
        return false;
    }
    // Registrant type letters in use.
    if !b"ABCDEFGHJKLMPRSTUX".contains(&b[0].to_ascii_uppercase()) {
        return false;
    }
    let Some(d) = digits(&s[2..]) else { return false };
    if d.len() != 7 {
        return false;
    }
    let sum = d[0] as u32 + d[2] as u32 + d[4] as u32 + 2 * (d[1] as u32 + d[3] as u32 + d[5] as u32);
    sum % 10 == d[6] as u32
}

/// Medicare Beneficiary Identifier: 11 characters (dashes ignored), by
/// position: 1 digit 1–9; 2,5,8,9 letter; 3,6 letter or digit; 4,7,10,11
/// digit. Letters exclude S, L, O, I, B, Z.
pub fn mbi(s: &str) -> bool {
    let c: Vec<u8> = s.bytes().filter(|&b| b != b'-').map(|b| b.to_ascii_uppercase()).collect();
    if c.len() != 11 {
        return false;
    }
    let letter = |b: u8| b.is_ascii_uppercase() && !b"SLOIBZ".contains(&b);
    let digit = |b: u8| b.is_ascii_digit();
    (b'1'..=b'9').contains(&c[0])
        && [1, 4, 7, 8].iter().all(|&i| letter(c[i]))
        && [2, 5].iter().all(|&i| letter(c[i]) || digit(c[i]))
        && [3, 6, 9, 10].iter().all(|&i| digit(c[i]))
}

/// IBAN length for each country that issues them (ISO 13616 registry).
pub(crate) fn iban_length(cc: &[u8]) -> Option<usize> {
    // Two letters and a length each, with no pointer to the letters: a
    // `&[u8; 2]` cost the wasm 4 bytes of address per country.
    const T: &[([u8; 2], u8)] = &[
        (*b"AD", 24), (*b"AE", 23), (*b"AL", 28), (*b"AT", 20), (*b"AZ", 28), (*b"BA", 20), (*b"BE", 16),
        (*b"BG", 22), (*b"BH", 22), (*b"BR", 29), (*b"BY", 28), (*b"CH", 21), (*b"CR", 22), (*b"CY", 28),
        (*b"CZ", 24), (*b"DE", 22), (*b"DK", 18), (*b"DO", 28), (*b"EE", 20), (*b"EG", 29), (*b"ES", 24),
        (*b"FI", 18), (*b"FO", 18), (*b"FR", 27), (*b"GB", 22), (*b"GE", 22), (*b"GI", 23), (*b"GL", 18),
        (*b"GR", 27), (*b"GT", 28), (*b"HR", 21), (*b"HU", 28), (*b"IE", 22), (*b"IL", 23), (*b"IQ", 23),
        (*b"IS", 26), (*b"IT", 27), (*b"JO", 30), (*b"KW", 30), (*b"KZ", 20), (*b"LB", 28), (*b"LC", 32),
        (*b"LI", 21), (*b"LT", 20), (*b"LU", 20), (*b"LV", 21), (*b"MC", 27), (*b"MD", 24), (*b"ME", 22),
        (*b"MK", 19), (*b"MR", 27), (*b"MT", 31), (*b"MU", 30), (*b"NL", 18), (*b"NO", 15), (*b"PK", 24),
        (*b"PL", 28), (*b"PS", 29), (*b"PT", 25), (*b"QA", 29), (*b"RO", 24), (*b"RS", 22), (*b"SA", 24),
        (*b"SC", 31), (*b"SE", 24), (*b"SI", 19), (*b"SK", 24), (*b"SM", 27), (*b"TN", 24), (*b"TR", 26),
        (*b"UA", 29), (*b"VA", 22), (*b"VG", 24), (*b"XK", 20),
    ];
    T.iter().find(|(c, _)| c[..] == *cc).map(|&(_, n)| usize::from(n))
}

/// IBAN: known country, its exact length, and ISO 7064 mod 97 == 1.
///
/// ```
/// assert!(phi_guard::validate::iban("GB82 WEST 1234 5698 7654 32"));
/// assert!(!phi_guard::validate::iban("GB82 WEST 1234 5698 7654 33"));
/// ```
pub fn iban(s: &str) -> bool {
    // The characters are read from `s` each time, not collected: no
    // allocation per candidate, and the length check rejects most of them.
    let c = || s.bytes().filter(|&b| b != b' ').map(|b| b.to_ascii_uppercase());
    let n = c().count();
    if n < 15 {
        return false;
    }
    let mut head = c();
    let (c0, c1, c2, c3) = (head.next(), head.next(), head.next(), head.next());
    if iban_length(&[c0.unwrap_or(0), c1.unwrap_or(0)]) != Some(n) || !c().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    if !c2.is_some_and(|d| d.is_ascii_digit()) || !c3.is_some_and(|d| d.is_ascii_digit()) {
        return false;
    }
    let mut rem = 0u32;
    for b in c().skip(4).chain(c().take(4)) {
        if b.is_ascii_digit() {
            rem = (rem * 10 + (b - b'0') as u32) % 97;
        } else {
            rem = (rem * 100 + (b - b'A' + 10) as u32) % 97;
        }
    }
    rem == 1
}

/// ABA routing number: 9 digits, 3-7-1 weighted sum divisible by 10, and a
/// first two digits in a Federal Reserve range.
pub fn aba(s: &str) -> bool {
    let mut buf = [0; 9];
    let Some(d) = digits_upto(s, &mut buf) else { return false };
    if d.len() != 9 {
        return false;
    }
    let prefix = d[0] * 10 + d[1];
    if !(prefix <= 12 || (21..=32).contains(&prefix) || (61..=72).contains(&prefix) || prefix == 80) {
        return false;
    }
    let w = [3u32, 7, 1];
    let sum: u32 = d.iter().enumerate().map(|(i, &x)| x as u32 * w[i % 3]).sum();
    sum % 10 == 0 && sum != 0
}

/// VIN: 17 characters without I, O, Q, with a valid check digit at position 9.
///
/// ```
/// assert!(phi_guard::validate::vin("1M8GDM9AXKP042788"));
/// assert!(!phi_guard::validate::vin("1M8GDM9A1KP042788"));
/// ```
pub fn vin(s: &str) -> bool {
    let c: Vec<u8> = s.bytes().map(|b| b.to_ascii_uppercase()).collect();
    if c.len() != 17 {
        return false;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'0'..=b'9' => (b - b'0') as u32,
            b'A' | b'J' => 1,
            b'B' | b'K' | b'S' => 2,
            b'C' | b'L' | b'T' => 3,
            b'D' | b'M' | b'U' => 4,
            b'E' | b'N' | b'V' => 5,
            b'F' | b'W' => 6,
            b'G' | b'P' | b'X' => 7,
            b'H' | b'Y' => 8,
            b'R' | b'Z' => 9,
            _ => return None, // I, O, Q and non-alphanumerics
        })
    };
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    for (i, &b) in c.iter().enumerate() {
        let Some(v) = value(b) else { return false };
        sum += v * W[i];
    }
    // A VIN always mixes letters and digits; this rules out digit runs.
    if !c.iter().any(|b| b.is_ascii_alphabetic()) || c.iter().filter(|b| b.is_ascii_digit()).count() < 5 {
        return false;
    }
    let check = sum % 11;
    (check == 10 && c[8] == b'X') || (check < 10 && c[8] == b'0' + check as u8)
}

/// Dotted-quad IPv4 with every octet in 0–255 and no leading zeros.
pub fn ipv4(s: &str) -> Option<[u8; 4]> {
    // On the bytes, with no `str::split` or `u32::from_str` per part: a
    // log's every address is parsed here. A part is what `from_str` takes
    // in one to three bytes not led by a `0` (unless it is one byte): one
    // to three digits, or a `+` and one or two ("+7", "+25" parse).
    let mut out = [0u8; 4];
    let mut n = 0;
    for part in s.as_bytes().split(|&c| c == b'.') {
        let digits = match part {
            [b'+', rest @ ..] => rest,
            _ => part,
        };
        if n == 4 || digits.is_empty() || part.len() > 3 || (part.len() > 1 && part[0] == b'0') || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        out[n] = u8::try_from(digits.iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'))).ok()?;
        n += 1;
    }
    (n == 4).then_some(out)
}

/// The address `s` spells, as `std::net::Ipv6Addr`'s `FromStr` reads one
/// (the same grammar and the same steps, on the bytes: the standard
/// library's parser was 3.2 KB of the wasm for the IPv6 detector's two
/// calls). Eight groups of one to four hex digits between `:`s, or fewer
/// on either side of one `::` (at least one zero group); the last two
/// groups may be a dotted quad (`::ffff:192.0.2.1`) whose parts have no
/// leading zero.
pub(crate) fn ipv6(s: &[u8]) -> Option<std::net::Ipv6Addr> {
    let mut head = [0u16; 8];
    let mut at = 0;
    let (n, quad) = ipv6_groups(s, &mut at, &mut head);
    if n < 8 {
        if quad || s.get(at..at + 2) != Some(b"::") {
            return None;
        }
        at += 2;
        let mut tail = [0u16; 7];
        let (m, _) = ipv6_groups(s, &mut at, &mut tail[..7 - n]);
        head[8 - m..].copy_from_slice(&tail[..m]);
    }
    (at == s.len()).then(|| head.into())
}

/// The groups of an IPv6 address from `s[*at..]`, as many as fit in
/// `groups` (each after a `:` but the first), `*at` moved past them: their
/// count, and whether the last two were a dotted quad (which ends them).
fn ipv6_groups(s: &[u8], at: &mut usize, groups: &mut [u16]) -> (usize, bool) {
    let limit = groups.len();
    for i in 0..limit {
        let from = match i {
            0 => *at,
            _ if s.get(*at) == Some(&b':') => *at + 1,
            _ => return (i, false),
        };
        // A dotted quad, where two groups are left for it.
        if i + 1 < limit {
            if let Some((o, end)) = dotted_quad(s, from) {
                (groups[i], groups[i + 1], *at) = (u16::from_be_bytes([o[0], o[1]]), u16::from_be_bytes([o[2], o[3]]), end);
                return (i + 2, true);
            }
        }
        let n = s[from..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if n == 0 || n > 4 {
            return (i, false);
        }
        groups[i] = s[from..from + n].iter().fold(0, |g, &c| g << 4 | (c as char).to_digit(16).unwrap_or(0) as u16);
        *at = from + n;
    }
    (limit, false)
}

/// The dotted quad at `s[from..]` inside an IPv6 address, and where it
/// ends: four parts of one to three digits between `.`s, each at most 255
/// and led by no `0` unless it is one digit.
fn dotted_quad(s: &[u8], from: usize) -> Option<([u8; 4], usize)> {
    let (mut o, mut at) = ([0u8; 4], from);
    for (k, part) in o.iter_mut().enumerate() {
        if k > 0 {
            (s.get(at) == Some(&b'.')).then_some(())?;
            at += 1;
        }
        let n = s[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 3 || (n > 1 && s[at] == b'0') {
            return None;
        }
        *part = u8::try_from(s[at..at + n].iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'))).ok()?;
        at += n;
    }
    Some((o, at))
}

/// Loopback, private (RFC 1918), link-local, CGNAT, unspecified or broadcast:
/// addresses that name infrastructure rather than a person.
pub fn ipv4_is_internal(o: [u8; 4]) -> bool {
    matches!(o, [10, ..] | [127, ..] | [0, ..] | [169, 254, ..] | [192, 168, ..] | [255, 255, 255, 255])
        || (o[0] == 172 && (16..=31).contains(&o[1]))
        || (o[0] == 100 && (64..=127).contains(&o[1]))
        || o[0] >= 224
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `iban` as it was, collecting the characters first.
    fn iban_collected(s: &str) -> bool {
        let c: Vec<u8> = s.bytes().filter(|&b| b != b' ').map(|b| b.to_ascii_uppercase()).collect();
        if c.len() < 15 || !c.iter().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        if iban_length(&c[..2]) != Some(c.len()) || !c[2].is_ascii_digit() || !c[3].is_ascii_digit() {
            return false;
        }
        let mut rem = 0u32;
        for &b in c[4..].iter().chain(c[..4].iter()) {
            rem = if b.is_ascii_digit() { (rem * 10 + (b - b'0') as u32) % 97 } else { (rem * 100 + (b - b'A' + 10) as u32) % 97 };
        }
        rem == 1
    }

    /// `ipv4` as it was, on `str::split` and `u32::from_str`.
    fn ipv4_parsed(s: &str) -> Option<[u8; 4]> {
        let mut out = [0u8; 4];
        let mut n = 0;
        for part in s.split('.') {
            if n == 4 || part.is_empty() || part.len() > 3 || (part.len() > 1 && part.starts_with('0')) {
                return None;
            }
            let v: u32 = part.parse().ok()?;
            if v > 255 {
                return None;
            }
            out[n] = v as u8;
            n += 1;
        }
        (n == 4).then_some(out)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn digits_upto_is_digits_up_to_its_size(s in "[0-9 .\\-a]{0,24}") {
            let want = digits(&s).filter(|d| d.len() <= 9);
            prop_assert_eq!(digits_upto(&s, &mut [0; 9]).map(<[u8]>::to_vec), want);
        }

        #[test]
        fn ipv4_is_the_parsed_ipv4(s in "([+0]?[0-9]{0,3}\\.?|[.+\\-]|é|a){0,8}") {
            prop_assert_eq!(ipv4(&s), ipv4_parsed(&s), "{:?}", s);
        }

        /// The IPv6 reader gives what the standard library's parser does,
        /// on mixes of groups, separators, dotted parts, leading zeros,
        /// long runs and non-hex bytes.
        #[test]
        fn ipv6_is_the_parsed_ipv6(s in "([0-9a-fA-F]{0,5}|:|::|\\.|0[0-9]{0,3}|[12][0-9]{0,3}\\.|25[0-9]|g|é| ){0,14}") {
            prop_assert_eq!(ipv6(s.as_bytes()), s.parse::<std::net::Ipv6Addr>().ok(), "{:?}", s);
        }

        #[test]
        fn iban_is_the_collected_check(s in "(GB82 WEST 1234 5698 7654 32|DE89370400440532013000|NL91 ABNA 0417 1643 00|[A-Za-z]{2}[0-9]{2}|[A-Z0-9 ]{1,6}|é|-)+") {
            for n in (0..=s.len()).filter(|&n| s.is_char_boundary(n)) {
                prop_assert_eq!(iban(&s[..n]), iban_collected(&s[..n]), "{:?}", &s[..n]);
            }
        }
    }

    #[test]
    fn ipv6_edges_are_the_parsed_ipv6() {
        let cases = [
            "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "1::2::3", ":::", ":1::", "1:::2", "::ffff:192.0.2.1", "::192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
            "1:2:3:4:5:1.2.3.4", "::1.2.3.4:5", "::1.2.3", "::1.2.3.04", "::1.2.3.256", "::1.2.3.4.5", "::01.2.3.4", "::0.0.0.0",
            "fe80::1%eth0", "FE80::ABCD", "2001:db8::12345", "2001:0db8::0001", "2001:db8:0:0:0:0:2:1", ":", "", "1", "1.2.3.4",
            "::1.2.3.4", "1::1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "1:2:3:4:5:6:7::1.2.3.4", "::fFfF:1.2.3.4", "::1:", "::1 ",
        ];
        for s in cases {
            assert_eq!(ipv6(s.as_bytes()), s.parse::<std::net::Ipv6Addr>().ok(), "{s:?}");
        }
    }

    #[test]
    fn cards() {
        assert!(credit_card("4111111111111111"));
        assert!(credit_card("5555-5555-5555-4444"));
        assert!(credit_card("3782 822463 10005"));
        assert!(credit_card("6011111111111117"));
        assert!(!credit_card("4111111111111112"), "fails Luhn");
        assert!(!credit_card("1717171717171"), "epoch-like, no issuer");
    }

    #[test]
    fn ssn_rules() {
        assert!(ssn("219-09-9999"));
        assert!(ssn("123 45 6789"));
        for bad in ["000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000", "078-05-1120", "111-11-1111"] {
            assert!(!ssn(bad), "{bad}");
        }
    }

    #[test]
    fn npi_dea_mbi() {
        assert!(npi("1234567893"));
        assert!(!npi("1234567890"));
        assert!(dea("AB1234563"));
        assert!(!dea("AB1234567"));
        assert!(mbi("1EG4-TE5-MK73"));
        assert!(mbi("1EG4TE5MK73"));
        assert!(!mbi("1SG4TE5MK73"), "S is excluded");
        assert!(!mbi("0EG4TE5MK73"), "first digit 1-9");
    }

    #[test]
    fn iban_aba_vin_ip() {
        assert!(iban("DE89370400440532013000"));
        assert!(iban("NL91 ABNA 0417 1643 00"));
        assert!(!iban("DE89370400440532013001"));
        assert!(aba("021000021"));
        assert!(aba("011000015"));
        assert!(!aba("021000022"));
        assert!(!vin("11111111111111111"));
        assert!(vin("1HGCM82633A004352"));
        assert_eq!(ipv4("73.162.44.19"), Some([73, 162, 44, 19]));
        assert_eq!(ipv4("256.1.1.1"), None);
        assert_eq!(ipv4("01.2.3.4"), None);
        assert_eq!(ipv4("+7.+25.0.+0"), Some([7, 25, 0, 0]), "u32::from_str takes a leading +");
        for bad in ["1.2.3", "1.2.3.4.5", "1..2.3", "+.1.2.3", "+255.1.1.1", "1.2.3.-4", "1.2.3.4a", "00.1.2.3", "+1+.2.3.4"] {
            assert_eq!(ipv4(bad), None, "{bad}");
        }
        assert!(ipv4_is_internal([10, 0, 3, 7]));
        assert!(!ipv4_is_internal([73, 162, 44, 19]));
    }
}
