//! Government and health identifiers with a fixed shape: SSN, Medicare MBI,
//! VIN, DEA; plus the generic "id after a label" grammar (MRN, member ids,
//! account, licence, device, claim numbers).

use super::{shapes, token_end, token_start, Ctx};
use crate::finding::{why, Hit};
use crate::labels::LabelKind;
use crate::validate;
use crate::PhiType;

pub(crate) fn ssns(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if cx.digits < 9 {
        return;
    }
    // Nine bare digits and the spaced form are kept only near an SSN label
    // (below): in a segment with none, only starts of the dashed form are
    // tried (most nine-digit numbers are ids, and each cost a match, a
    // check and a list). A start left out matches its own digits or a
    // spaced form, which hold no other SSN start, so it hid nothing.
    // A failing row ([`super::in_failing_row`]) is a person's record:
    // nine bare digits in it that pass the SSN rules are its SSN column,
    // so a text with one tries every start too.
    let ssn_label = cx.labels.iter().any(|l| l.kind == LabelKind::Phi(PhiType::Ssn));
    let starts = cx.shape_starts(shapes::start::SSN).filter(|&p| ssn_label || cx.failing_row || b.get(p + 3) == Some(&b'-'));
    for (s, e) in shapes::digit_token_matches(b, starts, shapes::ssn_at) {
        // Part of a longer dashed/dotted number (phone-like, dates, ids):
        // told from a few bytes, so before the checksum. A `/` before it
        // makes it part of a number only after a digit (`12/219-09-9999`);
        // after a word it is a path segment (`/records/219-09-9999`).
        if (s > 0 && (matches!(b[s - 1], b'-' | b'.' | b'+') || (b[s - 1] == b'/' && s > 1 && b[s - 2].is_ascii_digit()))) || (e < b.len() && matches!(b[e], b'-' | b'/') && b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
            continue;
        }
        let v = &cx.text[s..e];
        if !token_start(b, s) || !token_end(b, e) || !validate::ssn(v) {
            continue;
        }
        // The label look-ups are made only where they decide: with no SSN
        // label in the segment none is near, and one near keeps the match
        // whatever the label before it is.
        // A validator's message quotes the pattern the value failed between
        // the field and the value (`field "ssn" failed pattern
        // /^\d{3}-\d{2}-\d{4}$/ (value "219503621")`): past the pattern,
        // the label reaches further.
        let is_ssn = |k| k == LabelKind::Phi(PhiType::Ssn);
        // (The label first: searched for the pattern first, every match
        // in text dense with SSN shapes paid for it, the 1 MB adversarial
        // input 0.6% more wasm instructions.)
        let labelled = ssn_label && (cx.label_near(s, 40, is_ssn) || (cx.label_near(s, 80, is_ssn) && b[s.saturating_sub(40)..s].windows(5).any(|w| w == br"\d{4}")));
        if !labelled {
            // Nine bare digits and the spaced form need an SSN label.
            let (bare, spaced) = (!v.contains(['-', ' ']), v.contains(' '));
            // "Member ID: 123-45-6789" is that label's type.
            if (bare && !super::in_failing_row(cx, s)) || spaced || cx.label_before(s).is_some_and(|k| k != LabelKind::Phi(PhiType::Ssn)) {
                continue;
            }
        }
        let (score, why) = if labelled {
            (0.97, why!("ssn", "SSN after an SSN label, valid area/group/serial"))
        } else if b[s + 3].is_ascii_digit() {
            // Nine bare digits with no label: kept above only in a failing row.
            (0.85, why!("ssn", "nine digits in a rejected database row, valid area/group/serial"))
        } else {
            (0.9, why!("ssn", "dashed SSN shape with valid area/group/serial"))
        };
        out.push(Hit::new(PhiType::Ssn, s, e, score, why));
    }
}

pub(crate) fn ssn_value(s: &str) -> Option<usize> {
    let e = shapes::ssn_at(s.as_bytes(), 0)?;
    (token_end(s.as_bytes(), e) && validate::ssn(&s[..e])).then_some(e)
}

pub(crate) fn mbis(cx: &Ctx, out: &mut Vec<Hit>) {
    // An MBI has capitals in five places (`shapes::mbi_at`).
    if !cx.has(super::has::UPPER) {
        return;
    }
    let b = cx.bytes;
    for (s, e) in cx.digit_token_matches(shapes::start::MBI, shapes::mbi_at) {
        let v = &cx.text[s..e];
        if !token_start(b, s) || !token_end(b, e) || !validate::mbi(v) {
            continue;
        }
        // Hex hashes and similar: an MBI has letters in 4 fixed places; require at least 3 letters.
        let letters = v.bytes().filter(u8::is_ascii_uppercase).count();
        if letters < 4 && !cx.label_near(s, 40, |k| k == LabelKind::Phi(PhiType::HealthPlanId)) {
            continue;
        }
        out.push(Hit::new(PhiType::HealthPlanId, s, e, 0.9, why!("mbi", "Medicare Beneficiary Identifier (MBI character classes)")));
    }
}

pub(crate) fn vins(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if b.len() < 17 {
        return;
    }
    for &(s, e) in cx.vin_runs() {
        let (s, e) = (s as usize, e as usize);
        if !validate::vin(&cx.text[s..e]) {
            continue;
        }
        out.push(Hit::new(PhiType::VehicleId, s, e, 0.92, why!("vin", "VIN with a valid check digit")));
    }
}

/// A licence plate after a plate label, written with one space or dash
/// between two groups ("TEO 242", "058-YNP", "7ABC123"): 5–8 letters and
/// digits with at least one of each.
pub(crate) fn plate_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let group = |at: usize| b[at.min(b.len())..].iter().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit()).count();
    let g1 = group(0);
    if !(1..=4).contains(&g1) || !matches!(b.get(g1), Some(b' ' | b'-')) {
        return None;
    }
    let g2 = group(g1 + 1);
    let end = g1 + 1 + g2;
    let v = &b[..end];
    let alnum = g1 + g2;
    ((1..=4).contains(&g2) && (5..=8).contains(&alnum) && v.iter().any(u8::is_ascii_digit) && v.iter().any(u8::is_ascii_uppercase) && token_end(b, end)).then_some(end)
}

/// The generic identifier grammar after a label: one token of letters,
/// digits and inner `-` `/` `.` `_`, 3–40 long, with at least one digit, or
/// groups of as many digits joined by single spaces ("S530 4417 9921").
/// Not a status code (`MRN: 403 Forbidden`, see [`reads_as_status`]).
pub(crate) fn id_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let inner = |c: u8, next: Option<&u8>| matches!(c, b'-' | b'/' | b'.' | b'_' | b':') && next.is_some_and(u8::is_ascii_alphanumeric);
    let mut e = 0;
    while e < b.len() && e < 48 {
        let c = b[e];
        if c.is_ascii_alphanumeric() || (inner(c, b.get(e + 1)) && e > 0) {
            e += 1;
        } else if c == b' ' && e > 0 && b[e - 1].is_ascii_digit() && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
            // Digit groups joined by single spaces, only where they read as
            // one grouped number: a whole group of digits as long as the one
            // before it. Not an id and then a date ("00482913 2025-03-14"),
            // a status ("00482913 200 OK") or a count.
            let group = b[..e].iter().rev().take_while(|c| c.is_ascii_alphanumeric()).count();
            let run = b[e + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let after = e + 1 + run;
            let whole = token_end(b, after) && !(after < b.len() && inner(b[after], b.get(after + 1)));
            if run >= 3 && run == group && whole && !reads_as_status(&b[e + 1..]) {
                e = after;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    let v = &b[..e];
    let digits = v.iter().filter(|c| c.is_ascii_digit()).count();
    if !(3..=40).contains(&e) || digits == 0 || !token_end(b, e) || super::is_redaction_token(b) || (digits == 3 && e == 3 && reads_as_status(b)) {
        return None;
    }
    if digits < 2 && e < 8 {
        return None;
    }
    // Not a date or a plain year, not a money amount.
    if digits == e && e == 4 {
        return None;
    }
    // Not a count of a batch ("member 349/580", "record 12/40"): two
    // numbers of at most six digits around a `/`, the first no greater.
    if let Some(k) = v.iter().position(|&c| c == b'/') {
        let num = |d: &[u8]| (!d.is_empty() && d.len() <= 6 && d.iter().all(u8::is_ascii_digit)).then(|| d.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')));
        if let (Some(x), Some(y)) = (num(&v[..k]), num(&v[k + 1..])) {
            if x <= y {
                return None;
            }
        }
    }
    Some(e)
}

/// Whether the value at the start of `b` (the identifier grammar took
/// `n` bytes of it) names a product, not one person's licence, device or
/// account: a software licence (`Apache-2.0`, `BSD-3-Clause`,
/// `GPL-3.0-or-later`: two letters first, a `-`, no run of more than two
/// digits; a driver's licence or a DEA number has a longer one) or a
/// package's licence word (`UNLICENSED`, `Proprietary`: no digit, which
/// every licence number has); a device model (`iPhone15,2`, `iPad13,4`:
/// letters, one or two digits, a comma, one or two digits); a vendor's
/// token for an account (Plaid's `account_id`, 37 letters and digits in
/// both cases: an account number is digits, with capitals at most).
#[inline(never)]
pub(crate) fn names_a_product(ty: PhiType, b: &[u8], n: usize) -> bool {
    let run = |from: usize, f: fn(&u8) -> bool| b[from.min(b.len())..].iter().take_while(|c| f(c)).count();
    let v = &b[..n];
    match ty {
        PhiType::LicenseNumber => {
            let (mut digits, mut dash) = (0, false);
            for &c in v {
                digits = if c.is_ascii_digit() { digits + 1 } else { 0 };
                dash |= c == b'-';
                if digits > 2 {
                    return false;
                }
            }
            !v.iter().any(u8::is_ascii_digit) || dash && run(0, u8::is_ascii_alphabetic) >= 2
        }
        PhiType::AccountNumber => n >= 20 && v.iter().any(u8::is_ascii_lowercase) && v.iter().any(u8::is_ascii_uppercase),
        PhiType::DeviceId => {
            let letters = run(0, u8::is_ascii_alphabetic);
            let d = run(letters, u8::is_ascii_digit);
            let d2 = run(letters + d + 1, u8::is_ascii_digit);
            let end = letters + d + 1 + d2;
            letters >= 2 && (1..=2).contains(&d) && b.get(letters + d) == Some(&b',') && (1..=2).contains(&d2) && token_end(b, end)
        }
        _ => false,
    }
}

/// First words of HTTP reason phrases (`OK`, `Not Found`, `Service
/// Unavailable`), lower case.
const REASON_WORDS: [&[u8]; 21] = [
    b"ok", b"created", b"accepted", b"no", b"moved", b"found", b"see", b"not", b"temporary", b"permanent", b"bad", b"unauthorized", b"payment",
    b"forbidden", b"method", b"conflict", b"gone", b"unprocessable", b"too", b"internal", b"service",
];

/// Whether `s` starts with what reads as an HTTP status, not an id: a code
/// from 100 to 599 that a reason phrase (`403 Forbidden`) or a request
/// log's duration (`200 in 31ms`) follows. A code that ends its line
/// after a label (`MRN 123`, `account 404`) is the label's value: a
/// request log's status after a route is told from the path
/// (`GET /api/account 200`, see `labelled_values`).
pub(crate) fn reads_as_status(s: &[u8]) -> bool {
    let code = s.len() >= 3 && (b'1'..=b'5').contains(&s[0]) && s[1].is_ascii_digit() && s[2].is_ascii_digit();
    if !code || !token_end(s, 3) {
        return false;
    }
    let rest = &s[3..];
    let rest = &rest[rest.iter().take_while(|&&c| c == b' ' || c == b'\t').count()..];
    let word = &rest[..rest.iter().take_while(|c| c.is_ascii_alphabetic()).count()];
    match rest.first() {
        None | Some(b'\n' | b'\r') => false,
        _ if word == b"in" => rest.get(2) == Some(&b' ') && rest.get(3).is_some_and(u8::is_ascii_digit),
        _ => REASON_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};
    use proptest::prelude::*;

    /// [`super::ssns`] as it was, trying every SSN start.
    fn ssns_reference(cx: &super::Ctx, out: &mut Vec<crate::finding::Hit>) {
        use super::{shapes, token_end, token_start, validate, LabelKind};
        let b = cx.bytes;
        for (s, e) in cx.digit_token_matches(shapes::start::SSN, shapes::ssn_at) {
            let v = &cx.text[s..e];
            if !token_start(b, s) || !token_end(b, e) || !validate::ssn(v) {
                continue;
            }
            if (s > 0 && (matches!(b[s - 1], b'-' | b'.' | b'+') || (b[s - 1] == b'/' && s > 1 && b[s - 2].is_ascii_digit()))) || (e < b.len() && matches!(b[e], b'-' | b'/') && b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
                continue;
            }
            let labelled = cx.label_near(s, 40, |k| k == LabelKind::Phi(PhiType::Ssn));
            let other_label = cx.label_before(s).is_some_and(|k| k != LabelKind::Phi(PhiType::Ssn));
            let (bare, spaced) = (!v.contains(['-', ' ']), v.contains(' '));
            if (bare || spaced || other_label) && !labelled {
                continue;
            }
            out.push(crate::finding::Hit::new(PhiType::Ssn, s, e, if labelled { 0.97 } else { 0.9 }, crate::finding::Why::NONE));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        /// The SSNs found are those of trying every SSN start.
        #[test]
        fn ssns_are_those_of_every_start(parts in proptest::collection::vec(prop::sample::select(vec!["219-09-9999", "219 09 9999", "219099999", "2190999991", "078-05-1120", "219-09-999", "ssn", "SSN:", "Member ID:", "tax id", " ", "-", "/", "x", "\n", "123", "45", "6789"]), 0..12)) {
            let text = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx::indexed(&text, &opts);
            let (mut got, mut want) = (Vec::new(), Vec::new());
            super::ssns(&cx, &mut got);
            ssns_reference(&cx, &mut want);
            let spans = |h: &[crate::finding::Hit]| h.iter().map(|h| (h.start, h.end, h.score.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(spans(&got), spans(&want), "{:?}", text);
        }
    }

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn positives() {
        assert_eq!(found("SSN: 219-09-9999"), [(PhiType::Ssn, "219-09-9999".into())]);
        assert_eq!(found("ssn=219099999"), [(PhiType::Ssn, "219099999".into())]);
        assert_eq!(found("MBI 1EG4-TE5-MK73"), [(PhiType::HealthPlanId, "1EG4-TE5-MK73".into())]);
        assert_eq!(found("VIN 1HGCM82633A004352"), [(PhiType::VehicleId, "1HGCM82633A004352".into())]);
        assert_eq!(found("MRN: 00482913"), [(PhiType::Mrn, "00482913".into())]);
        assert_eq!(found("DEA AB1234563"), [(PhiType::LicenseNumber, "AB1234563".into())]);
        assert_eq!(found("Member ID: W2938475610"), [(PhiType::HealthPlanId, "W2938475610".into())]);
    }

    /// A batch's progress after an id label ("member 349/580:") is a
    /// count, not an id; an id with a `/` in it still is one.
    #[test]
    fn a_count_of_a_batch_is_no_id() {
        for s in ["[834-import] member 349/580: skipped", "member 12/12 done", "MRN 7/400"] {
            assert!(found(s).is_empty(), "{s}: {:?}", found(s));
        }
        assert_eq!(found("member 580/349"), [(PhiType::HealthPlanId, "580/349".into())]);
        assert_eq!(found("MRN: 88/421337-A"), [(PhiType::Mrn, "88/421337-A".into())]);
    }

    #[test]
    fn negatives() {
        assert!(found("ssn 666-12-3456").is_empty(), "invalid area");
        assert!(found("id 219099999 processed").is_empty(), "bare 9 digits need an SSN label");
        assert!(found("DEA AB1234567").is_empty(), "DEA check digit fails");
        assert!(found("VIN 1HGCM82633A004353").is_empty(), "VIN check digit fails");
        assert!(found("the public license").is_empty());
    }

    /// Status codes and the numbers after an id are not identifiers: a
    /// label ending a URL path labels nothing after white space, a code
    /// that reads as a status is none, and digit groups join only as one
    /// grouped number. Each line's redaction, exactly.
    #[test]
    fn statuses_and_following_numbers_are_not_identifiers() {
        crate::detect::assert_redacts(Format::Log, &[
            (" GET /api/account 200 in 31ms", " GET /api/account 200 in 31ms"),
            (" GET /api/chart 200 in 31ms", " GET /api/chart 200 in 31ms"),
            (" GET /api/member 404 in 5ms", " GET /api/member 404 in 5ms"),
            (" GET /api/device 200 in 31ms", " GET /api/device 200 in 31ms"),
            (" GET /api/license 500 in 2ms", " GET /api/license 500 in 2ms"),
            (" GET https://app.example.com/api/mrn 200 in 31ms", " GET https://app.example.com/api/mrn 200 in 31ms"),
            (" GET /patients/p-1001/chart 200 in 31ms", " GET /patients/[OTHER_ID]/chart 200 in 31ms"),
            ("\"GET /api/account HTTP/1.1\" 200 512", "\"GET /api/account HTTP/1.1\" 200 512"),
            (" POST /api/member 201 12.3 ms", " POST /api/member 201 12.3 ms"),
            ("account: 403 Forbidden", "account: 403 Forbidden"),
            ("MRN: 00482913 200 OK", "MRN: [MRN] 200 OK"),
            ("patient mrn 00482913 2025-03-14 visit", "patient mrn [MRN] [DATE] visit"),
            ("MRN: 00482913 1234 left", "MRN: [MRN] 1234 left"),
            // Still identifiers: grouped numbers, a label before a path
            // word that is no URL, a short id in a sentence.
            ("MRN: 1234 5678 9012", "MRN: [MRN]"),
            ("Member ID: S530 4417 9921", "Member ID: [HEALTH_PLAN_ID]"),
            ("MRN 123 456 789 seen", "MRN [MRN] seen"),
            ("Name/MRN 00482913", "Name/MRN [MRN]"),
            ("see /MRN 00482913", "see /MRN [MRN]"),
            ("MRN: 482 at intake", "MRN: [MRN] at intake"),
            ("account: 600 Forbidden", "account: [ACCOUNT_NUMBER] Forbidden"),
            // Three digits that end the line after a label are the value.
            ("account 404", "account [ACCOUNT_NUMBER]"),
            ("patient MRN 123", "patient MRN [MRN]"),
            ("MRN: 123\nnext", "MRN: [MRN]\nnext"),
            ("MRN 123 456", "MRN [MRN]"),
        ]);
    }

    #[test]
    fn statuses_read_as_such() {
        for s in ["404 Not Found", "403 forbidden", "200 OK", "503 Service Unavailable", "200 in 31ms", "301 Moved"] {
            assert!(super::reads_as_status(s.as_bytes()), "{s}");
        }
        for s in ["200", "200\nnext", "200\r\n", "600", "099", "2000", "200 patients", "200 in total", "20", "200x", "404-1", "200 inches"] {
            assert!(!super::reads_as_status(s.as_bytes()), "{s}");
        }
    }
}
