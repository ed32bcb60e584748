//! ASC X12 EDI interchanges (HIPAA 5010 and 4010 transactions: 270/271
//! eligibility, 276/277 claim status, 837 claims, 835 remittance, 834
//! enrolment): the PHI elements of the segments about people, by position.
//!
//! An interchange is a run of segments, each a two- or three-character id
//! and elements split by the element separator, ended by the segment
//! terminator. The ISA header declares the separators by position: the
//! byte after `ISA` is the element separator, ISA16 (the byte after the
//! sixteenth) the component separator, the byte after it the segment
//! terminator (`~`, sometimes `\n` or `~` and a line break), and ISA11 the
//! repetition separator (5010; 4010 has a `U` there, and none). Read as
//! prose, `NM1*IL*1*GARCIA*MARIA*L***MI*W123456789~` is capitals and
//! asterisks, and the text scan finds none of it.
//!
//! This pass is [`super::hl7`]'s sibling: it reports the elements that
//! hold PHI by their position, one finding per element (per component or
//! repetition of one), never over a separator, so a redacted interchange
//! still parses; `resolve` merges them with the text scan's by score as it
//! does HL7's (the same scores).
//!
//! Whose an element is: X12 loops are ordered, so the last `NM1` says
//! whose name, address, contact and ids follow. Its entity code (NM101)
//! in [`OTHERS`] (payer `PR`, billing `85`, rendering `82`, service
//! facility `77`, submitter `41`...), or an NM102 of `2` (an organisation),
//! makes the loop no person's: nothing in it is reported, its `NM1` name
//! and NPI included. A provider is not the individual the data is about,
//! and an NPI is a public registry number (the corpus labels neither). An
//! `N1` (835 and 834 parties: payer, payee, plan sponsor) opens such a
//! loop as well. Any other entity (subscriber `IL`, patient `QC`,
//! dependent `03`, responsible party `QD`, or one this list does not know)
//! is a person's, and so is everything after a segment that opens a loop
//! of the claim, service line or eligibility (`HL`, `CLM`, `LX`, `SBR`,
//! `PAT`, `INS`, `CLP`, `SVC`, `EB`, `LE`...) until the next `NM1`, and
//! an address or contact that follows no `NM1` at all (a fragment logged
//! alone is most likely the patient's: failing closed).
//!
//! In a person's loop ([`segment`]): NM103 to NM105 (last, first, middle
//! name; not the prefix and suffix) when NM102 is not `2`, and NM109 as
//! NM108 says (`34` SSN, `MI`, `II`, `N`, `MR`, `C` member ids, `XX` an NPI
//! and not reported, anything else another id); N301 and N302 (street),
//! N401 (city) and N403 (ZIP; the state and country codes are not);
//! DMG02 (birth); DTP03 and DTM02 when the qualifier is a date of the
//! person's care ([`CARE_DATES`]: service, admission, discharge, onset,
//! statement period...; not the eligibility, plan and benefit dates of a
//! 271 or 834, which are the plan's, nor the envelope's dates, as the
//! corpus labels them), each date of an `RD8` range apart; REF02 as REF01
//! says ([`REFS`]: SSN, member, subscriber and policy numbers, MRN,
//! patient account, claim and case numbers; not the group numbers `1L` and
//! `6P`, shared by a plan's members, nor a provider's ids); PER02 (the
//! contact's name) and PER04, 06 and 08 as PER03, 05 and 07 say (phone,
//! fax, e-mail); CLM01 and CLP01 (patient account number), CLP07 (the
//! payer's claim number); PAT06 and INS12 (date of death, with a `D8`
//! before them); an `HI` occurrence's date (`BH:11:D8:20231008`, or an
//! `RD8` range). The envelope (ISA, GS, ST, BHT, TRN: control numbers,
//! trading partners' ids, the transmission's dates) is not read.
//!
//! In an organisation's loop, a `PER` whose PER02 reads as a person's name
//! (`names::no_person` says no: an 837 submitter's contact) is a person's
//! contact all the same, and reported as above; a department's ("PATIENT
//! ACCOUNTS") is not. What is no one's but holds words the text scan takes
//! for a name or an id is `quiet` (an organisation's NM103 to NM105, N102,
//! a department's PER02, `HI`'s diagnosis codes; "FAMILY" in "NORTHSIDE
//! FAMILY MEDICINE" labels a surname): the scan drops what it finds inside
//! one. An implementation guide's placeholders (`LAST`, `FIRST`) are no
//! names.
//!
//! Which text is an interchange:
//! - after an ISA header whose separators are ASCII, neither letters,
//!   digits nor spaces, and distinct (the terminator may be a line break):
//!   the segments that follow, read with its separators, up to `IEA` or the
//!   first text that is no segment (an id of two or three capitals or
//!   digits and the element separator; white space between segments is
//!   passed over). A header is sought where the text starts, whatever its
//!   separators, and with `*` as its element separator after any byte that
//!   is no letter, digit or `*` (a log line's `response: ISA*00*...`);
//! - without a header (a fragment a developer logged): from a segment id of
//!   [`KNOWN`] and a `*` after a byte that is no letter, digit or `*`, read
//!   with the default separators (`*`, `:`, `^`, `~`), when the first two
//!   segments' ids are both of [`KNOWN`], or the first is an `NM1` whose
//!   entity code this module knows, or a `DMG` with a `D8` date of eight
//!   digits (a parser's error quoting a bad date of birth, the segment
//!   alone on its line): `*bold*`, `a*b*c`, `src/**/*.rs`,
//!   `SELECT * FROM` and `**REF**` in prose are none.
//!
//! A segment ends at its terminator, at a line's end, at a `"` or where a
//! tag starts (`<` before a letter, `/` or `!`); after a `"` or a tag the
//! interchange is over (a JSON string in a log line, a `<pre>` in a page).
//! A date, an id or an e-mail address ends at white space (a log line's
//! fields after an unterminated last segment), as in HL7.
//!
//! The pass runs only on a text that holds a `*` or a `%` (the digit index
//! notes the class as it reads every byte: `has::PERCENT_OR_STAR`, and the
//! chunks that hold one in its marks) or starts with `ISA`, so most texts
//! pay one test. Every byte is read a bounded number of times: a header is
//! read over at most [`HEADER_MAX`] bytes, and after a run of segments,
//! accepted or not, the search goes on from its end.

use super::find::find_any;
use super::hl7::{next_marked, until, value_len, value_type};
use crate::finding::{why, Hit};
use crate::PhiType;
use PhiType::{
    AccountNumber, Address, Date, Email, Fax, HealthPlanId, Mrn, Name, OtherId, Phone, Ssn, ZipCode,
};

/// The separators of an interchange. One the header does not declare
/// (ISA11 in 4010) is the element separator, which no element holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Separators {
    element: u8,
    component: u8,
    repetition: u8,
    terminator: u8,
}

impl Separators {
    /// What a fragment without a header is read with: `*`, `:`, `^`, `~`.
    const DEFAULT: Separators = Separators {
        element: b'*',
        component: b':',
        repetition: b'^',
        terminator: b'~',
    };

    /// The separators of the ISA header at `at` (its `I`), and where its
    /// segment ends (past the terminator); None if it is none. Reads at
    /// most [`HEADER_MAX`] bytes: the sixteen element separators must come
    /// before a line's end.
    fn of_header(b: &[u8], at: usize) -> Option<(Separators, usize)> {
        if !b[at..].starts_with(b"ISA") {
            return None;
        }
        let element = *b.get(at + 3)?;
        let to = b.len().min(at + HEADER_MAX);
        // The sixteen separators, ISA11 between the 11th and the 12th.
        let (mut n, mut i, mut isa11) = (0, at + 3, (0, 0));
        while n < 16 {
            while i < to && b[i] != element && !is_line_end(b[i]) {
                i += 1;
            }
            if i == to || b[i] != element {
                return None;
            }
            n += 1;
            match n {
                11 => isa11.0 = i + 1,
                12 => isa11.1 = i,
                _ => {}
            }
            i += 1;
        }
        #[cfg(test)]
        tests::count_read(at, i + 2);
        let (component, terminator) = (*b.get(i)?, *b.get(i + 1)?);
        let seps = [element, component, terminator];
        let distinct = seps.iter().enumerate().all(|(k, c)| !seps[..k].contains(c));
        if !(is_sep(element)
            && is_sep(component)
            && (is_sep(terminator) || is_line_end(terminator))
            && distinct)
        {
            return None;
        }
        let repetition = match b[isa11.0..isa11.1] {
            [r] if is_sep(r) && !seps.contains(&r) => r,
            _ => element,
        };
        Some((
            Separators {
                element,
                component,
                repetition,
                terminator,
            },
            i + 2,
        ))
    }
}

/// The most bytes an ISA header is read over: 106 in the standard's fixed
/// widths, fewer where a sender trims its padding.
const HEADER_MAX: usize = 128;

/// Whether `c` may be a separator: ASCII, and no letter, digit or space
/// (a control byte may be one; a byte of a character beyond ASCII may
/// not, or a finding could start inside a character).
fn is_sep(c: u8) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric() && c != b' ' && !is_line_end(c)
}

/// Whether `c` ends a line.
fn is_line_end(c: u8) -> bool {
    matches!(c, b'\r' | b'\n')
}

/// Whether `b` starts with an ISA header's id: what the scan tests of a
/// text without a `*` or `%`.
#[inline]
pub(crate) fn may_start_with_header(b: &[u8]) -> bool {
    b.starts_with(b"ISA")
}

/// A segment id or a qualifier of at most three bytes as a number (its
/// bytes, the first lowest), for tables and comparisons that cost a few
/// bytes of wasm each (byte strings cost a length test and a comparison
/// call); `u32::MAX` for a longer one, which none equals.
const fn t(v: &[u8]) -> u32 {
    if v.len() > 3 {
        return u32::MAX;
    }
    let (mut n, mut i) = (0, v.len());
    while i > 0 {
        i -= 1;
        n = n << 8 | v[i] as u32;
    }
    n
}

/// [`t`] of a literal, at compile time.
macro_rules! q {
    ($s:literal) => {
        const { t($s) }
    };
}

/// The segment ids matched on.
const ISA: u32 = t(b"ISA");
const IEA: u32 = t(b"IEA");
const NM1: u32 = t(b"NM1");
const N1: u32 = t(b"N1");
const N3: u32 = t(b"N3");
const N4: u32 = t(b"N4");
const DMG: u32 = t(b"DMG");
const DTP: u32 = t(b"DTP");
const DTM: u32 = t(b"DTM");
const REF: u32 = t(b"REF");
const PER: u32 = t(b"PER");
const CLM: u32 = t(b"CLM");
const CLP: u32 = t(b"CLP");
const PAT: u32 = t(b"PAT");
const INS: u32 = t(b"INS");
const HI: u32 = t(b"HI");
const IK4: u32 = t(b"IK4");

/// The segment ids a fragment without a header may start with, and its
/// second segment must have (see the module's docs).
const KNOWN: &[u32] = &[
    t(b"ISA"),
    t(b"GS"),
    t(b"ST"),
    t(b"BHT"),
    t(b"HL"),
    t(b"TRN"),
    t(b"NM1"),
    t(b"N1"),
    t(b"N3"),
    t(b"N4"),
    t(b"DMG"),
    t(b"DTP"),
    t(b"DTM"),
    t(b"REF"),
    t(b"PER"),
    t(b"PRV"),
    t(b"SBR"),
    t(b"PAT"),
    t(b"INS"),
    t(b"HD"),
    t(b"CLM"),
    t(b"CLP"),
    t(b"SVC"),
    t(b"CAS"),
    t(b"HI"),
    t(b"LX"),
    t(b"SV1"),
    t(b"SV2"),
    t(b"EQ"),
    t(b"EB"),
    t(b"AMT"),
    t(b"BPR"),
    t(b"SE"),
    t(b"GE"),
    t(b"IEA"),
    t(b"IK3"),
    IK4,
    t(b"CTX"),
];

/// Segments that open a loop of the claim, service line or eligibility:
/// a person's until the next `NM1`.
const LOOPS: &[u32] = &[
    t(b"HL"),
    CLM,
    t(b"LX"),
    t(b"SBR"),
    PAT,
    INS,
    CLP,
    t(b"SVC"),
    t(b"EB"),
    t(b"EQ"),
    t(b"LE"),
    t(b"ST"),
    t(b"TRN"),
];

/// NM108 qualifiers of a member id: member, standard unique health
/// identifier, insured's unique, Medicaid recipient and insured's changed
/// unique ids.
const MEMBER_IDS: &[u32] = &[t(b"MI"), t(b"II"), t(b"N"), t(b"MR"), t(b"C")];

/// PER qualifiers of a phone number: telephone, home, work, cell, beeper.
const PHONES: &[u32] = &[t(b"TE"), t(b"HP"), t(b"WP"), t(b"CP"), t(b"BN")];

/// Entity codes (NM101) of loops that are no person's: payer, billing,
/// pay-to, rendering, referring, ordering, supervising, attending,
/// operating and primary care providers, service facility, submitter,
/// receiver, third-party administrator, employer, plan sponsor, insurer,
/// payee, ambulance pick-up and drop-off.
const OTHERS: &[u32] = &[
    t(b"PR"),
    t(b"85"),
    t(b"87"),
    t(b"82"),
    t(b"77"),
    t(b"1P"),
    t(b"DN"),
    t(b"DK"),
    t(b"DQ"),
    t(b"P3"),
    t(b"71"),
    t(b"72"),
    t(b"ZZ"),
    t(b"FA"),
    t(b"40"),
    t(b"41"),
    t(b"2B"),
    t(b"36"),
    t(b"P5"),
    t(b"IN"),
    t(b"PE"),
    t(b"TV"),
    t(b"PW"),
    t(b"45"),
    t(b"SJ"),
    t(b"80"),
    t(b"13"),
];

/// Entity codes of a person: subscriber or insured, patient, dependent,
/// corrected insured and patient, prior insured, mailing address,
/// responsible party, custodial parent, guardian, legally responsible
/// person. (An NM1 with one of these or of [`OTHERS`] is a fragment alone.)
const PERSONS: &[u32] = &[
    t(b"IL"),
    t(b"QC"),
    t(b"03"),
    t(b"74"),
    t(b"70"),
    t(b"31"),
    t(b"QD"),
    t(b"S3"),
    t(b"GD"),
    t(b"E1"),
    t(b"J6"),
    t(b"EXS"),
];

/// DTP01 and DTM01 qualifiers of a date of the person's care: service,
/// admission, discharge, statement (and claim statement period start and
/// end), onset, initial treatment, last seen, acute manifestation,
/// accident, last menstrual period, last X-ray, prescription, disability
/// start and end, last worked, return to work, first visit, service
/// period start and end.
const CARE_DATES: &[u32] = &[
    t(b"472"),
    t(b"435"),
    t(b"096"),
    t(b"434"),
    t(b"232"),
    t(b"233"),
    t(b"431"),
    t(b"454"),
    t(b"304"),
    t(b"453"),
    t(b"439"),
    t(b"484"),
    t(b"455"),
    t(b"471"),
    t(b"360"),
    t(b"361"),
    t(b"297"),
    t(b"296"),
    t(b"444"),
    t(b"150"),
    t(b"151"),
];

/// REF01 qualifiers of the individual's identifiers (their types in
/// [`REF_TYPES`]):
/// SSN, medical record, patient account, subscriber, member, policy,
/// identity card and Medicaid recipient numbers, then the claim's (payer's
/// and clearinghouse's claim numbers, original reference), case, prior
/// authorisation, referral, prior identifier and family unit numbers.
const REFS: &[u32] = &[
    t(b"SY"),
    t(b"EA"),
    t(b"EJ"),
    t(b"0F"),
    t(b"1W"),
    t(b"IG"),
    t(b"HJ"),
    t(b"NQ"),
    t(b"F8"),
    t(b"D9"),
    t(b"1K"),
    t(b"3H"),
    t(b"G1"),
    t(b"9F"),
    t(b"Q4"),
    t(b"49"),
];

/// The types of the identifiers of [`REFS`], in its order.
const REF_TYPES: &[PhiType] = &[
    Ssn,
    Mrn,
    AccountNumber,
    HealthPlanId,
    HealthPlanId,
    HealthPlanId,
    HealthPlanId,
    HealthPlanId,
    OtherId,
    OtherId,
    OtherId,
    OtherId,
    OtherId,
    OtherId,
    OtherId,
    OtherId,
];
const _: () = assert!(REFS.len() == REF_TYPES.len());

/// The score of an identifier found by its element, and of any other
/// value: HL7's (`super::hl7`), for the same reasons.
const ID_SCORE: f32 = 0.88;
const SCORE: f32 = 0.93;

/// The findings of the X12 segments of `b` (see the module's docs): the
/// interchange `b` starts with, if it does, then those found from its
/// `*`s. `star`: whether `b` holds a `*` or `%` at all; `marks`: its chunk
/// marks (`find::Marks`), empty for a short text.
pub(crate) fn interchanges(
    b: &[u8],
    star: bool,
    marks: &[u8],
    out: &mut Vec<Hit>,
    quiet: &mut Vec<(usize, usize)>,
) {
    let mut from = Separators::of_header(b, 0)
        .map_or(0, |(seps, at)| segments(b, at, seps, true, out, quiet));
    if !star {
        return;
    }
    // A short text (no marks) is searched sixteen bytes a step: byte by
    // byte, 20 log lines with a `%` cost a log scanned a call a line 0.9%.
    let next = |from| {
        if marks.is_empty() {
            find_any(b, from, [b'*'])
        } else {
            next_marked(b, from, marks, super::has::PERCENT_OR_STAR, [b'*'; 2])
        }
    };
    while let Some(q) = next(from) {
        from = q + 1;
        // A two- or three-byte id before the `*`, after a byte that is no
        // letter, digit or `*` (or the text's start).
        let Some(s) = [3, 2]
            .into_iter()
            .filter_map(|n| q.checked_sub(n))
            .find(|&s| {
                b[s..q]
                    .iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    && s.checked_sub(1)
                        .is_none_or(|p| !b[p].is_ascii_alphanumeric() && b[p] != b'*')
            })
        else {
            continue;
        };
        let id = t(&b[s..q]);
        let at = if id == ISA {
            match Separators::of_header(b, s) {
                Some((seps, at)) => segments(b, at, seps, true, out, quiet),
                None => continue,
            }
        } else if among(KNOWN, id) {
            segments(b, s, Separators::DEFAULT, false, out, quiet)
        } else {
            continue;
        };
        from = from.max(at);
    }
}

/// Reads the segments from `at` (past an ISA header when `header`), up to
/// `IEA` or the first text that is no segment; returns where it stopped.
/// Without a header, the findings are kept only if the run has the shape
/// of X12 (see the module's docs).
fn segments(
    b: &[u8],
    mut at: usize,
    seps: Separators,
    header: bool,
    out: &mut Vec<Hit>,
    quiet: &mut Vec<(usize, usize)>,
) -> usize {
    let (kept, kept_quiet) = (out.len(), quiet.len());
    let mut accepted = header;
    let mut person = true;
    let mut n = 0;
    loop {
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        let id_len = b[at..]
            .iter()
            .take(3)
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            .count();
        // An id and its first element separator (or its terminator: a
        // segment with no elements).
        if id_len < 2
            || !b
                .get(at + id_len)
                .is_some_and(|&c| c == seps.element || c == seps.terminator)
        {
            break;
        }
        let id = t(&b[at..at + id_len]);
        if !accepted && n == 1 && !among(KNOWN, id) {
            break;
        }
        let end = segment_end(b, at + id_len, seps);
        let alone = segment(b, id, at + id_len, end, seps, &mut person, out, quiet);
        n += 1;
        accepted |= n == 2 || alone;
        at = end;
        match b.get(end) {
            Some(&c) if c == seps.terminator => at += 1,
            Some(b'\r' | b'\n') => {}
            _ => break,
        }
        if id == IEA {
            break;
        }
    }
    if !accepted {
        out.truncate(kept);
        quiet.truncate(kept_quiet);
    }
    at
}

/// Where the segment whose id ends at `from` ends: its terminator, a
/// line's end, a `"` or a tag's start (unless the `"` or `<` is one of the
/// separators); else the end of `b`.
fn segment_end(b: &[u8], from: usize, seps: Separators) -> usize {
    let ours = |c: u8| c == seps.element || c == seps.component || c == seps.repetition;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        let tag = c == b'<'
            && b.get(i + 1)
                .is_some_and(|&d| d.is_ascii_alphabetic() || d == b'/' || d == b'!');
        if c == seps.terminator || is_line_end(c) || ((c == b'"' || tag) && !ours(c)) {
            break;
        }
        i += 1;
    }
    #[cfg(test)]
    tests::count_read(from, i);
    i
}

/// The most elements of a segment read (INS12 is the last one reported).
const ELEMENTS: usize = 12;

/// Reports the PHI elements of segment `id`, whose first element
/// separator is at `at`, up to `end`; `person`: whether the loop is a
/// person's (updated by the segments that open a loop). Adds to `quiet`
/// the elements that hold no PHI but words the text scan would take for
/// a name or an id: an organisation's name, a department's, the codes of
/// `HI`. Returns whether it is X12 on its own (a fragment of one
/// segment): an NM1 whose entity code is known, or a `D8` date of birth.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
#[cfg_attr(phi_guard_small, optimize(size))]
fn segment(
    b: &[u8],
    id: u32,
    at: usize,
    end: usize,
    seps: Separators,
    person: &mut bool,
    out: &mut Vec<Hit>,
    quiet: &mut Vec<(usize, usize)>,
) -> bool {
    // Element k at `el[k]` (empty past the last).
    let mut el = [(0, 0); ELEMENTS + 1];
    let (mut k, mut i) = (0, at);
    while i < end && k < ELEMENTS {
        k += 1;
        let from = i + 1;
        i = until(b, from, end, seps.element);
        el[k] = (from, i);
    }
    // Element k as a qualifier ([`t`]).
    let e = |k: usize| qualifier(b, el[k]);
    let mut put = |r: (usize, usize), ty: PhiType| element(b, r, ty, seps, out);
    // A quiet range, unless it is empty (an element past the segment's
    // last is `(0, 0)`, which would break the ranges' order).
    let hush = |quiet: &mut Vec<(usize, usize)>, r: (usize, usize)| {
        if r.0 < r.1 {
            quiet.push(r);
        }
    };
    match id {
        NM1 => {
            let code = e(1);
            *person = !among(OTHERS, code) && e(2) != q!(b"2");
            if !*person {
                // An organisation's name ("NORTHSIDE FAMILY MEDICINE":
                // `FAMILY` is a surname's label to the text scan).
                hush(quiet, (el[3].0, el[5].1.max(el[3].1)));
            }
            if *person {
                for &r in &el[3..=5] {
                    put(r, Name);
                }
                let q = e(8);
                let ty = if q == q!(b"34") {
                    Ssn
                } else if among(MEMBER_IDS, q) {
                    HealthPlanId
                } else {
                    OtherId
                };
                if q != q!(b"XX") && q != q!(b"") {
                    put(el[9], ty);
                }
            }
            return (among(OTHERS, code) || among(PERSONS, code))
                && (e(2) == q!(b"1") || e(2) == q!(b"2"));
        }
        N1 => {
            *person = false;
            hush(quiet, el[2]);
        }
        _ if among(LOOPS, id) => *person = true,
        _ => {}
    }
    if !*person {
        // A contact in an organisation's loop (an 837's submitter) is a
        // person's when PER02 reads as a person's name; a department's
        // ("PATIENT ACCOUNTS", "PROVIDER SERVICES") or none is not.
        if id == PER {
            let (from, to) = el[2];
            let v = std::str::from_utf8(&b[from..to]).unwrap_or("");
            if v.trim().is_empty() || super::names::no_person(v) {
                hush(quiet, el[2]);
                return false;
            }
            contact(b, &el, &mut |r, ty| element(b, r, ty, seps, out));
        }
        return false;
    }
    // The elements read by position alone.
    let wanted: &[(usize, PhiType)] = match id {
        N3 => &[(1, Address), (2, Address)],
        N4 => &[(1, Address), (3, ZipCode)],
        DMG => &[(2, Date)],
        CLM => &[(1, AccountNumber)],
        CLP => &[(1, AccountNumber), (7, OtherId)],
        PAT if e(5) == q!(b"D8") => &[(6, Date)],
        INS if e(11) == q!(b"D8") => &[(12, Date)],
        DTP | DTM if among(CARE_DATES, e(1)) => {
            let k = if id == DTP { 3 } else { 2 };
            let (from, to) = el[k];
            // A range (`RD8`: CCYYMMDD-CCYYMMDD): each date apart.
            let d = until(b, from, to, b'-');
            if d < to && e(2) & 0xFFFF == q!(b"RD") {
                put((from, d), Date);
                put((d + 1, to), Date);
            } else {
                put(el[k], Date);
            }
            &[]
        }
        REF => {
            if let Some(i) = index_of(REFS, e(1)) {
                put(el[2], REF_TYPES[i]);
            }
            &[]
        }
        PER => {
            contact(b, &el, &mut put);
            &[]
        }
        // A 999's element error: IK404 copies the bad element, which
        // IK402 names by its number in the X12 dictionary
        // (`IK4*9*67*7*M59948119`: 67, an NM109's id).
        IK4 => {
            if let Some(ty) = copied(&b[el[2].0..el[2].1]) {
                put(el[4], ty);
            }
            &[]
        }
        HI => {
            // Each element a code list's qualifier and code, or (an
            // occurrence, `BH:11:D8:20231008`) a date after its format:
            // the date is the care's, the codes no one's.
            for &(from, to) in &el[1..] {
                if from >= to {
                    continue;
                }
                let mut parts = [(to, to); 4];
                let mut s = from;
                for p in &mut parts {
                    let e = until(b, s, to, seps.component);
                    *p = (s, e);
                    s = (e + 1).min(to);
                }
                let f = qualifier(b, parts[2]);
                let date = f == q!(b"D8") || f == q!(b"RD8");
                hush(quiet, (from, if date { parts[2].1 } else { to }));
                if f == q!(b"D8") {
                    put(parts[3], Date);
                } else if f == q!(b"RD8") {
                    let (from, to) = parts[3];
                    let d = until(b, from, to, b'-');
                    put((from, d), Date);
                    put(((d + 1).min(to), to), Date);
                }
            }
            &[]
        }
        _ => &[],
    };
    for &(k, ty) in wanted {
        put(el[k], ty);
    }
    // A date of birth as X12 writes it, `DMG*D8*` and eight digits (valid
    // or not: a parser's error quotes the bad one), is X12 on its own.
    id == DMG && e(1) == q!(b"D8") && b[el[2].0..el[2].1].len() == 8 && b[el[2].0..el[2].1].iter().all(u8::is_ascii_digit)
}

/// The type of an IK4's copy of the element whose X12 dictionary number
/// is `number`: 1035 to 1037 (last, first, middle name), 67 (NM109's
/// id, a member id in a person's loop), 1251 (DMG02's or DTP03's date),
/// 166 and 19 (street line, city), 116 (postal code), 127 (REF02), 1028
/// (CLM01's patient account number).
fn copied(number: &[u8]) -> Option<PhiType> {
    Some(match number {
        b"1035" | b"1036" | b"1037" => Name,
        b"67" => HealthPlanId,
        b"1251" => Date,
        b"166" | b"19" => Address,
        b"116" => ZipCode,
        b"127" => OtherId,
        b"1028" => AccountNumber,
        _ => return None,
    })
}

/// Reports a `PER` contact: PER02, the contact's name, and PER04, 06 and
/// 08 as PER03, 05 and 07 say (phone, fax, e-mail).
fn contact(b: &[u8], el: &[(usize, usize); ELEMENTS + 1], put: &mut dyn FnMut((usize, usize), PhiType)) {
    put(el[2], Name);
    for k in [4, 6, 8] {
        let q = qualifier(b, el[k - 1]);
        let ty = if q == q!(b"FX") {
            Fax
        } else if q == q!(b"EM") {
            Email
        } else if among(PHONES, q) {
            Phone
        } else {
            continue;
        };
        put(el[k], ty);
    }
}

/// Where `list` holds `x`: out of line, one loop (LLVM unrolled each
/// table's `contains` into a chain of compares, 1 KB of the wasm).
#[inline(never)]
fn index_of(list: &[u32], x: u32) -> Option<usize> {
    list.iter().position(|&y| y == x)
}

/// Whether `list` holds `x` ([`index_of`]).
fn among(list: &[u32], x: u32) -> bool {
    index_of(list, x).is_some()
}

/// The element at `from..to` as a qualifier ([`t`]): out of line, as
/// most segments read several.
#[inline(never)]
fn qualifier(b: &[u8], (from, to): (usize, usize)) -> u32 {
    t(&b[from..to])
}

/// The words an example segment holds where a name goes.
const PLACEHOLDERS: &[&[u8]] = &[b"LAST", b"FIRST", b"MIDDLE", b"NAME", b"LASTNAME", b"FIRSTNAME"];

/// Reports each component or repetition of the element at `from..to` that
/// holds a value of type `ty` (`hl7::value_type`), white space trimmed.
#[cfg_attr(phi_guard_small, optimize(size))]
fn element(
    b: &[u8],
    (mut from, to): (usize, usize),
    ty: PhiType,
    seps: Separators,
    out: &mut Vec<Hit>,
) {
    while from < to {
        let mut e = from;
        while e < to && b[e] != seps.component && b[e] != seps.repetition {
            e += 1;
        }
        let piece = &b[from..e];
        let vs = from + piece.len() - piece.trim_ascii_start().len();
        let v = piece.trim_ascii();
        let v = &v[..value_len(ty, v)];
        // An implementation guide's placeholder (`NM1*IL*1*LAST*FIRST`).
        let placeholder = ty == Name && PLACEHOLDERS.iter().any(|p| v.eq_ignore_ascii_case(p));
        if let Some(ty) = value_type(ty, v).filter(|_| !placeholder) {
            let score = if matches!(ty, Mrn | OtherId | AccountNumber | HealthPlanId) {
                ID_SCORE
            } else {
                SCORE
            };
            out.push(Hit::new(
                ty,
                vs,
                vs + v.len(),
                score,
                why!("x12", "PHI element of an X12 segment about a person"),
            ));
        }
        from = e + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::find::digit_index;
    use proptest::prelude::*;

    thread_local! {
        /// The bytes this thread's reads of a segment's end or a header
        /// have passed over ([`segment_end`], [`Separators::of_header`]).
        static READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Counts the bytes `from..to` as read.
    pub(super) fn count_read(from: usize, to: usize) {
        READ.set(READ.get() + to.saturating_sub(from));
    }

    /// The findings of [`interchanges`] in `text`, as a scan makes them
    /// (its `*` class and chunk marks from the digit index), with their
    /// values.
    fn found(text: &str) -> Vec<(PhiType, &str)> {
        let b = text.as_bytes();
        let ix = digit_index(b);
        let mut out = Vec::new();
        interchanges(
            b,
            ix.has & crate::detect::has::PERCENT_OR_STAR != 0,
            ix.marks(),
            &mut out,
            &mut Vec::new(),
        );
        out.iter()
            .map(|h| (h.kind, &text[h.start..h.end]))
            .collect()
    }

    /// The findings of `s` after [`ISA`] (which holds none).
    fn after_header(s: &str) -> Vec<(PhiType, &str)> {
        let text = format!("{ISA}{s}");
        found(&text)
            .into_iter()
            .map(|(ty, v)| {
                let at = v.as_ptr() as usize - text.as_ptr() as usize - ISA.len();
                (ty, &s[at..at + v.len()])
            })
            .collect()
    }

    /// An ISA header of the standard's fixed widths: `*`, repetition `^`,
    /// component `:`, terminator `~`.
    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*:~";

    /// An 837P claim (synthetic): submitter and receiver, billing provider,
    /// subscriber (the patient), payer, claim, rendering provider, one
    /// service line.
    pub(crate) const CLAIM_837P: &[&str] = &[
        "GS*HC*SUBMITTERID*RECEIVERID*20261123*1200*1*X*005010X222A1",
        "ST*837*0001*005010X222A1",
        "BHT*0019*00*244579*20261123*1200*CH",
        "NM1*41*2*ACME BILLING SERVICE*****46*TGJ23",
        "PER*IC*JERRY KOWALSKI*TE*3055552222*EX*231",
        "NM1*40*2*ACME CLEARINGHOUSE*****46*66783JJT",
        "HL*1**20*1",
        "NM1*85*2*SPRINGFIELD MEDICAL GROUP*****XX*1234567893",
        "N3*200 CLINIC DR",
        "N4*SPRINGFIELD*IL*62701",
        "REF*EI*587654321",
        "HL*2*1*22*0",
        "SBR*P*18*GRP12345******CI",
        "NM1*IL*1*QUIBBLE*ZOLTAN*F***MI*W123456789",
        "N3*4417 WEXFORD LN",
        "N4*SPRINGFIELD*IL*62704",
        "DMG*D8*19610314*M",
        "REF*SY*219099999",
        "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
        "N3*PO BOX 1000",
        "N4*CHICAGO*IL*60601",
        "CLM*PCN88421337*125***11:B:1*Y*A*Y*Y",
        "DTP*431*D8*20261101",
        "REF*EA*88421337",
        "HI*ABK:J449",
        "NM1*82*1*KILDARE*JAMES****XX*1234567893",
        "LX*1",
        "SV1*HC:99213*125*UN*1***1",
        "DTP*472*D8*20261115",
        "SE*29*0001",
        "GE*1*1",
        "IEA*1*000000001",
    ];

    pub(crate) fn claim_found() -> Vec<(PhiType, &'static str)> {
        vec![
            // The submitter's contact, a person in an organisation's loop.
            (Name, "JERRY KOWALSKI"),
            (Phone, "3055552222"),
            (Name, "QUIBBLE"),
            (Name, "ZOLTAN"),
            (Name, "F"),
            (HealthPlanId, "W123456789"),
            (Address, "4417 WEXFORD LN"),
            (Address, "SPRINGFIELD"),
            (ZipCode, "62704"),
            (Date, "19610314"),
            (Ssn, "219099999"),
            (AccountNumber, "PCN88421337"),
            (Date, "20261101"),
            (Mrn, "88421337"),
            (Date, "20261115"),
        ]
    }

    /// A 271 eligibility response (synthetic): payer, provider, the
    /// subscriber with group and member ids, address, contact, birth, a
    /// plan date, a benefit with a service period and its primary care
    /// provider.
    const ELIGIBILITY_271: &[&str] = &[
        "GS*HB*ACMEHEALTH*SPRINGFIELDMG*20261123*1201*2*X*005010X279A1",
        "ST*271*0002*005010X279A1",
        "BHT*0022*11*10001234*20261123*1201",
        "HL*1**20*1",
        "NM1*PR*2*ACME HEALTH PLAN*****PI*00435",
        "PER*IC*PROVIDER SERVICES*TE*8005550100",
        "HL*2*1*21*1",
        "NM1*1P*2*SPRINGFIELD MEDICAL GROUP*****XX*1234567893",
        "HL*3*2*22*0",
        "TRN*2*93175-012547*9877281234",
        "NM1*IL*1*QUIBBLE*ILONA****MI*W987654321",
        "REF*6P*GRP12345",
        "REF*0F*S55501234",
        "N3*4417 WEXFORD LN*APT 2",
        "N4*SPRINGFIELD*IL*627041234",
        "PER*IC*ILONA QUIBBLE*HP*3125550188*EM*iq@example.com",
        "DMG*D8*19630521*F",
        "DTP*291*D8*20260101",
        "EB*1**30**GOLD PLAN",
        "DTP*472*RD8*20261101-20261105",
        "LS*2120",
        "NM1*P3*1*KILDARE*JAMES****XX*1234567893",
        "N3*200 CLINIC DR",
        "LE*2120",
        "SE*22*0002",
        "GE*1*2",
        "IEA*1*000000002",
    ];

    fn eligibility_found() -> Vec<(PhiType, &'static str)> {
        vec![
            (Name, "QUIBBLE"),
            (Name, "ILONA"),
            (HealthPlanId, "W987654321"),
            (HealthPlanId, "S55501234"),
            (Address, "4417 WEXFORD LN"),
            (Address, "APT 2"),
            (Address, "SPRINGFIELD"),
            (ZipCode, "627041234"),
            (Name, "ILONA QUIBBLE"),
            (Phone, "3125550188"),
            (Email, "iq@example.com"),
            (Date, "19630521"),
            (Date, "20261101"),
            (Date, "20261105"),
        ]
    }

    fn interchange(segments: &[&str], eol: &str) -> String {
        let mut s = String::from(ISA);
        for seg in segments {
            s += eol;
            s += seg;
            s.push('~');
        }
        s
    }

    #[test]
    fn an_837p_claim_and_a_271_response_end_to_end() {
        for eol in ["", "\n", "\r\n"] {
            assert_eq!(
                found(&interchange(CLAIM_837P, eol)),
                claim_found(),
                "{eol:?}"
            );
            assert_eq!(
                found(&interchange(ELIGIBILITY_271, eol)),
                eligibility_found(),
                "{eol:?}"
            );
            // In a log line, after a prefix, and with more log after it.
            let log = format!("2026-11-23T12:00:00Z INFO clearinghouse response: {} took=12ms\n2026-11-23T12:00:01Z INFO done", interchange(ELIGIBILITY_271, eol));
            assert_eq!(found(&log), eligibility_found(), "{eol:?}");
        }
    }

    #[test]
    fn the_red_team_fragment_without_a_header() {
        let text = "NM1*IL*1*GARCIA*MARIA*L***MI*W123456789~N3*123 MAIN ST~N4*SPRINGFIELD*IL*62701~DMG*D8*19610314*F~";
        let want = [
            (Name, "GARCIA"),
            (Name, "MARIA"),
            (Name, "L"),
            (HealthPlanId, "W123456789"),
            (Address, "123 MAIN ST"),
            (Address, "SPRINGFIELD"),
            (ZipCode, "62701"),
            (Date, "19610314"),
        ];
        assert_eq!(found(text), want);
        assert_eq!(found(&text.replace('~', "~\n")), want);
        assert_eq!(found(&text.replace('~', "\n")), want);
        assert_eq!(
            found(&format!("error: eligibility failed for {text} (AAA*N**72)")),
            want
        );
        // An NM1 of a known entity alone is one; two known segments are one.
        assert_eq!(
            found("NM1*QC*1*QUIBBLE*ZOLTAN"),
            [(Name, "QUIBBLE"), (Name, "ZOLTAN")]
        );
        assert_eq!(found("ST*270*0001~DMG*D8*19610314"), [(Date, "19610314")]);
        // So is a date of birth as X12 writes it, alone on its line (a
        // parser's error quoting it; an impossible date is still the one
        // written), but not a `DMG` without its eight digits.
        assert_eq!(
            found("invalid date in DMG02\n  segment: DMG*D8*19260631*M\n  context: none"),
            [(Date, "19260631")]
        );
        assert_eq!(found("segment: DMG*D8*1926063*M"), []);
        assert_eq!(found("segment: DMG*RD8*19260601-19260630"), []);
    }

    #[test]
    fn separators_declared_in_the_header() {
        let isa = |e: char, rep: char, comp: char, term: &str| {
            format!("ISA{e}00{e}          {e}00{e}          {e}ZZ{e}SUBMITTERID    {e}ZZ{e}RECEIVERID     {e}261123{e}1200{e}{rep}{e}00501{e}000000001{e}0{e}P{e}{comp}{term}")
        };
        let body = |e: char, comp: char, rep: char, term: &str| {
            [
                format!("NM1{e}IL{e}1{e}QUIBBLE{rep}QUIBBLE-ZED{e}ZOLTAN{comp}Z{e}{e}{e}{e}34{e}219099999"),
                format!("DMG{e}D8{e}19610314"),
                format!("IEA{e}1{e}000000001"),
            ]
            .join(term)
                + term
        };
        let want = [
            (Name, "QUIBBLE"),
            (Name, "QUIBBLE-ZED"),
            (Name, "ZOLTAN"),
            (Name, "Z"),
            (Ssn, "219099999"),
            (Date, "19610314"),
        ];
        for (e, rep, comp, term) in [
            ('*', '^', ':', "~"),
            ('|', '^', '>', "~\n"),
            ('|', '{', '}', "\n"),
            ('!', '^', '\\', "'"),
            ('\x1d', '\x1f', '\x1e', "\x1c"),
            ('+', '`', '<', "\r\n"),
        ] {
            let text = isa(e, rep, comp, term) + &body(e, comp, rep, term);
            assert_eq!(found(&text), want, "{text:?}");
        }
        // 4010: ISA11 is `U`, no repetition separator (`^` is text then).
        let text = isa('*', 'U', ':', "~") + "NM1*IL*1*QUIBBLE^ZED*ZOLTAN~";
        assert_eq!(found(&text), [(Name, "QUIBBLE^ZED"), (Name, "ZOLTAN")]);
        // A header with separators other than `*` is read at the text's
        // start only (a `*` search finds the others).
        assert_eq!(
            found(&format!(
                "note {}",
                isa('|', '^', ':', "~") + "NM1|IL|1|QUIBBLE~"
            )),
            []
        );
    }

    #[test]
    fn ids_by_qualifier_and_whose_loop_it_is() {
        let f = after_header;
        assert_eq!(
            f("NM1*IL*1*QUIBBLE*ZOLTAN****34*219099999~"),
            [(Name, "QUIBBLE"), (Name, "ZOLTAN"), (Ssn, "219099999")]
        );
        assert_eq!(
            f("NM1*QC*1*QUIBBLE*ZOLTAN****ZZ*P-4412~"),
            [(Name, "QUIBBLE"), (Name, "ZOLTAN"), (OtherId, "P-4412")]
        );
        assert_eq!(
            f("NM1*03*1*QUIBBLE*ZED****II*U7701234~"),
            [(Name, "QUIBBLE"), (Name, "ZED"), (HealthPlanId, "U7701234")]
        );
        // An NPI is no patient's: not reported even in a person's loop.
        assert_eq!(
            f("NM1*QC*1*QUIBBLE*ZOLTAN****XX*1234567893~"),
            [(Name, "QUIBBLE"), (Name, "ZOLTAN")]
        );
        // Payers, providers, facilities, organisations: nothing, nor in
        // their addresses, contacts and references.
        for s in [
            "NM1*PR*2*ACME HEALTH PLAN*****PI*00435~N3*PO BOX 1000~N4*CHICAGO*IL*60601~PER*IC*CLAIMS*TE*8005550100~REF*2U*00435~",
            "NM1*85*2*SPRINGFIELD MEDICAL GROUP*****XX*1234567893~N3*200 CLINIC DR~N4*SPRINGFIELD*IL*62701~REF*EI*587654321~",
            "NM1*82*1*KILDARE*JAMES****XX*1234567893~PRV*PE*PXC*207Q00000X~REF*0B*MD12345~",
            "NM1*77*2*SPRINGFIELD CLINIC*****XX*1234567893~N3*200 CLINIC DR~N4*SPRINGFIELD*IL*62701~",
            "NM1*1P*1*KILDARE*JAMES****XX*1234567893~N3*200 CLINIC DR~",
            "NM1*IL*2*ACME WIDGETS INC*****MI*G7700~N3*1 INDUSTRIAL WAY~",
            "N1*PE*SPRINGFIELD MEDICAL GROUP*XX*1234567893~N3*200 CLINIC DR~N4*SPRINGFIELD*IL*62701~",
        ] {
            assert_eq!(f(s), [], "{s}");
        }
        // A loop of the claim (CLM, LX, HL...) is the patient's again.
        assert_eq!(
            f("NM1*PR*2*ACME*****PI*00435~CLM*PCN7001*125~DTP*472*D8*20261115~REF*D9*CLM-4412~"),
            [
                (AccountNumber, "PCN7001"),
                (Date, "20261115"),
                (OtherId, "CLM-4412")
            ]
        );
    }

    #[test]
    fn references_contacts_dates_and_claim_numbers() {
        let f = after_header;
        let refs = "REF*SY*219099999~REF*0F*S555~REF*1W*M777~REF*IG*POL-88~REF*EA*88421337~REF*EJ*A-7001~REF*F8*CLM-1~REF*1L*GRP-1~REF*6P*GRP-2~REF*EI*587654321~";
        assert_eq!(
            f(refs),
            [
                (Ssn, "219099999"),
                (HealthPlanId, "S555"),
                (HealthPlanId, "M777"),
                (HealthPlanId, "POL-88"),
                (Mrn, "88421337"),
                (AccountNumber, "A-7001"),
                (OtherId, "CLM-1")
            ]
        );
        assert_eq!(
            f("PER*IC*ILONA QUIBBLE*TE*3125550188*FX*3125550199*EM*iq@example.com~PER*IP**HP*3125550177*EX*22~"),
            [(Name, "ILONA QUIBBLE"), (Phone, "3125550188"), (Fax, "3125550199"), (Email, "iq@example.com"), (Phone, "3125550177")]
        );
        // Care dates, each date of a range apart; the plan's and the
        // envelope's dates are not.
        assert_eq!(
            f("DTP*435*DT*202611010830~DTP*096*D8*20261105~DTP*434*RD8*20261101-20261105~DTP*291*D8*20260101~DTP*356*D8*20260101~DTP*348*RD8*20260101-20261231~"),
            [(Date, "202611010830"), (Date, "20261105"), (Date, "20261101"), (Date, "20261105")]
        );
        // 835: the patient control and payer claim numbers, the patient,
        // the statement dates (not the received date).
        assert_eq!(
            f("CLP*PCN88421337*1*125*100**12*PAYCLM7788~NM1*QC*1*QUIBBLE*ZOLTAN****MI*W123456789~DTM*232*20261101~DTM*050*20261120~"),
            [(AccountNumber, "PCN88421337"), (OtherId, "PAYCLM7788"), (Name, "QUIBBLE"), (Name, "ZOLTAN"), (HealthPlanId, "W123456789"), (Date, "20261101")]
        );
        // Dates of death: PAT06 and INS12 after a `D8`.
        assert_eq!(
            f("PAT*19****D8*20261120~INS*Y*18*030*XN*A*E*****D8*20261121~PAT*19*****20261122~"),
            [(Date, "20261120"), (Date, "20261121")]
        );
        // Addresses and contacts that follow no NM1 are taken as a person's.
        assert_eq!(
            found("N3*4417 WEXFORD LN~N4*SPRINGFIELD*IL*62704"),
            [
                (Address, "4417 WEXFORD LN"),
                (Address, "SPRINGFIELD"),
                (ZipCode, "62704")
            ]
        );
    }

    /// The last element of an unterminated segment: a log line's fields
    /// after a date or id, a page's markup, a JSON string's closing quote.
    #[test]
    fn log_text_markup_and_quotes_after_the_last_segment() {
        let frag = "NM1*IL*1*QUIBBLE*ZOLTAN****MI*W123456789~DMG*D8*19610314";
        let want = [
            (Name, "QUIBBLE"),
            (Name, "ZOLTAN"),
            (HealthPlanId, "W123456789"),
            (Date, "19610314"),
        ];
        assert_eq!(found(&format!("{frag} took=3ms status=200")), want);
        assert_eq!(found(&format!("<pre>{frag}</pre><p>Help</p>")), want);
        assert_eq!(found(&format!(r#"{{"x12":"{frag}","status":"ok"}}"#)), want);
        assert_eq!(
            found(&format!("{frag}\n2026-11-23T12:00:01Z INFO next")),
            want
        );
    }

    /// A 999's element error copies the bad element into IK404: reported
    /// as the element its number in the X12 dictionary (IK402) names, a
    /// fragment of IK3 and IK4 included. An envelope's element (BHT04's
    /// date, 373) and a code are left.
    #[test]
    fn a_999s_ik4_copy_is_typed_by_its_element_number() {
        assert_eq!(
            found("999 rejected ST*837*0125: IK3*NM1*23*2010BA*8~IK4*9*67*7*M59948119~CTX*SITUATIONAL TRIGGER*NM1*10**8~"),
            [(HealthPlanId, "M59948119")]
        );
        assert_eq!(
            found("IK3*NM1*9*2010BA*8~IK4*3*1035*6*QUIBBLE~IK3*DMG*14*2010BA*8~IK4*2*1251*8*19260631~IK3*N4*9**8~IK4*3*116*6*85703~"),
            [(Name, "QUIBBLE"), (Date, "19260631"), (ZipCode, "85703")]
        );
        assert_eq!(found("IK3*BHT*2**8~IK4*4*373*8*20261301~IK4*1*98*7*QQ~"), []);
    }

    /// Prose, code and tables with asterisks: no X12 there.
    #[test]
    fn asterisks_in_prose_are_no_interchange() {
        for text in [
            "Some *bold* text and **more bold** here",
            "a*b*c = 2*3*4",
            "ls src/**/*.rs && rm -rf target/*",
            "SELECT * FROM patients WHERE id = 7",
            "**REF** see the docs *NM1* for names",
            "ST*ABC one segment only",
            "REF*SY*1234 alone",
            "NM1*XY*1*QUIBBLE*ZOLTAN~",
            "NM1*IL*3*QUIBBLE*ZOLTAN",
            "ZNM1*IL*1*QUIBBLE*ZOLTAN~N3*4417 WEXFORD LN~",
            "*NM1*IL*1*QUIBBLE*ZOLTAN~N3*4417 WEXFORD LN~",
            "nm1*IL*1*QUIBBLE*ZOLTAN~n3*4417 WEXFORD LN~",
            "DMG*D8*19610314 then XX*YY",
            "N3*4417 WEXFORD LN then prose",
            "ISA*00*short~NM1*XY*1*QUIBBLE",
            "ISA",
            "ISA*",
            "~~~*~*~",
            "",
        ] {
            assert_eq!(found(text), [], "{text:?}");
        }
    }

    #[test]
    fn hostile_headers_and_segments() {
        // Multibyte separators are none; nothing panics, every finding
        // is on character boundaries (`found` slices the text).
        for text in [
            "ISAé00é          é00é          éZZéSUBMITTERID    éZZéRECEIVERID     é261123é1200é^é00501é000000001é0éPé:~NM1éILé1éQUIBBLE~",
            "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*é~NM1*IL*1*QUIBBLE~",
            "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*:",
            "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *261123*1200*^*00501*000000001*0*P*",
            "ISA*1*2*3*4*5*6*7*8*9*10*11*12*13*14*15*:~NM1*IL*1*QUIBBLE",
            "NM1*IL*1*QUIBBLÉ*ZÖLTAN~N3*名前*😀~",
            "NM1*IL*1*~~~~N3~*~",
        ] {
            let _ = found(text);
        }
        // A short ISA (trimmed padding) is a header all the same.
        assert_eq!(
            found("ISA*00**00**ZZ*S*ZZ*R*261123*1200*^*00501*1*0*P*:~NM1*IL*1*QUIBBLE~"),
            [(Name, "QUIBBLE")]
        );
    }

    /// Headers and segments that are not, many on one line: every byte is
    /// read a bounded number of times (a fragment's first segment is read
    /// to its end once, not once from each id in it).
    #[test]
    fn many_ids_and_headers_on_one_line_are_read_in_linear_work() {
        for unit in [
            " ISA*",
            " NM1*",
            " NM1*IL*1*QUIBBLE",
            "NM1*IL*1*QUIBBLE*ZOLTAN~",
            " ISA*00*0*0*0*0*0*0*0*0*0*^*0*0*0*0*:~",
            " REF*",
            "~N3*",
        ] {
            for len in [64 * 1024, 256 * 1024] {
                let text = unit.repeat(len / unit.len());
                READ.set(0);
                let found = found(&text);
                let read = READ.get();
                assert!(
                    read <= 24 * text.len(),
                    "{unit:?} x {}: {read} bytes read for {}",
                    len / unit.len(),
                    text.len()
                );
                let _ = found;
            }
        }
    }

    /// Separators for an interchange: ASCII, no letter, digit or space,
    /// distinct; the terminator may be a line break.
    fn separators() -> impl Strategy<Value = (char, char, char, String)> {
        // (Not the `@`, `-` and `.` of the values: a value never holds one.)
        let pool = b"!\"#$%&'()*+,/:;<=>?[\\]^_`{|}~\x1c\x1d\x1e\x1f".to_vec();
        (
            Just(pool).prop_shuffle(),
            prop::sample::select(vec!["", "\n", "\r\n"]),
        )
            .prop_map(|(v, eol)| {
                let c = |i: usize| char::from(v[i]);
                let term = if eol == "\n" && v[3] == b'"' {
                    "\n".to_string()
                } else {
                    format!("{}{eol}", c(3))
                };
                (c(0), c(1), c(2), term)
            })
    }

    /// Values as the elements hold them: names (some beyond ASCII), ids,
    /// dates and ranges, phones, codes, qualifiers, white space, nothing.
    fn value() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "QUIBBLE",
            "ZOLTAN",
            "Zoë",
            "名前",
            "😀",
            "W123456789",
            "219099999",
            "19610314",
            "20261101-20261105",
            "3125550188",
            "iq@example.com",
            "4417 WEXFORD LN",
            "62704",
            "IL",
            "QC",
            "PR",
            "85",
            "1",
            "2",
            "MI",
            "34",
            "XX",
            "SY",
            "EA",
            "D8",
            "RD8",
            "472",
            "TE",
            "EM",
            " ",
            "",
        ])
        .prop_map(String::from)
    }

    /// An interchange (a header or none) of segments of every id read and
    /// some others, their elements of components and repetitions of
    /// [`value`]s.
    fn interchange_strategy() -> impl Strategy<Value = (String, [char; 3], String)> {
        let id = prop::sample::select(vec![
            "NM1", "N3", "N4", "DMG", "DTP", "DTM", "REF", "PER", "CLM", "CLP", "PAT", "INS", "HL",
            "N1", "SV1", "ZZ9",
        ]);
        let piece = (0u8..3, value());
        let element = proptest::collection::vec(piece, 0..3);
        let segment = (id, proptest::collection::vec(element, 0..14));
        (separators(), any::<bool>(), proptest::collection::vec(segment, 1..6)).prop_map(|((e, c, r, t), header, segs)| {
            let (e, c, r, t) = if header { (e, c, r, t) } else { ('*', ':', '^', "~".to_string()) };
            let mut out = if header { format!("ISA{e}00{e}{e}00{e}{e}ZZ{e}S{e}ZZ{e}R{e}261123{e}1200{e}{r}{e}00501{e}1{e}0{e}P{e}{c}{t}") } else { String::new() };
            for (id, elements) in segs {
                out += id;
                for el in elements {
                    out.push(e);
                    for (sep, v) in el {
                        match sep {
                            1 => out.push(c),
                            2 => out.push(r),
                            _ => {}
                        }
                        out += &v;
                    }
                }
                out += &t;
            }
            (out, [e, c, r], t)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// No finding covers a separator or a line's end, is empty, or
        /// starts or ends inside a character; each is within the text.
        #[test]
        fn findings_cover_no_separator((text, seps, term) in interchange_strategy(), prefix in prop::sample::select(vec!["", "log: ", "é\n", "x*y\n"])) {
            let text = format!("{prefix}{text}");
            let b = text.as_bytes();
            let ix = digit_index(b);
            let mut out = Vec::new();
            interchanges(b, ix.has & crate::detect::has::PERCENT_OR_STAR != 0, ix.marks(), &mut out, &mut Vec::new());
            let mut stops: Vec<u8> = seps.iter().map(|&c| c as u8).chain(term.bytes()).collect();
            stops.extend(b"\r\n");
            for h in &out {
                prop_assert!(h.start < h.end && h.end <= b.len(), "{:?} in {:?}", (h.start, h.end), text);
                prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{:?} in {:?}", (h.start, h.end), text);
                prop_assert!(!b[h.start..h.end].iter().any(|c| stops.contains(c)), "{:?} in {:?}", &text[h.start..h.end], text);
            }
        }

        /// Any text at all: no panic, findings within the text on
        /// character boundaries.
        #[test]
        fn any_text_is_read_without_panic(text in "(ISA|NM1|N3|DMG|REF|\\*|~|:|\\^|\n|é|😀|[A-Z0-9 ]){0,80}") {
            let b = text.as_bytes();
            let ix = digit_index(b);
            let mut out = Vec::new();
            interchanges(b, ix.has & crate::detect::has::PERCENT_OR_STAR != 0, ix.marks(), &mut out, &mut Vec::new());
            for h in &out {
                prop_assert!(h.start < h.end && h.end <= b.len() && text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            }
        }
    }
}
