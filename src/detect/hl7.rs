//! HL7 v2 messages: the PHI fields of the segments about people, by
//! position.
//!
//! An HL7 v2 message is a run of segments, one a line (`\r`, `\n` or
//! `\r\n` between them; an MLLP frame's 0x0B and 0x1C around them; in a
//! log, often the text `<CR>` or a `\r` escape instead), each a
//! three-character id and fields split by the field separator. The MSH
//! header declares the separators: the byte after `MSH` is the field
//! separator (MSH-1), and the characters up to the next one (MSH-2) are
//! the component, repetition, escape and subcomponent separators, `^~\&`
//! by default. Read as prose, a PID segment is words and numbers without
//! labels, and the text scan misses most of it (the MRN, the given names,
//! the date of birth, the city and the ZIP code).
//!
//! This pass reads the segments that describe people (PID, NK1, GT1, IN1,
//! IN2, MRG) and the dates of their care (PV1's admission and discharge,
//! OBR's collection, SCH's and AIS's appointment), and reports the fields
//! that hold PHI by their position
//! ([`FIELDS`], HL7 v2.5 numbering): one finding per component, or per
//! subcomponent, never over a separator, so a redacted message still
//! parses. It adds to the text scan, and `resolve` merges the two by
//! score: a field's finding beats a name, street or date the text scan
//! found in part of it, and an identifier's yields to a more specific
//! finding over it (an SSN-shaped value in PID-18, the account number,
//! stays an SSN). A segment ends at its line's end, where a tag starts
//! (`<` before a letter, `/` or `!`: a message in a page; `<CR>` in a
//! log), at a `\r` or `\n` escape before the next segment, and in a
//! message whose separators are such escapes (a JSON string on a log
//! line) at an unescaped quote; and a date, an
//! identifier or an e-mail address at the first white space in it (a log
//! line's fields after the segment's last), a phone number at white space
//! before anything but a digit, `(` or `+`; a name or an address may hold
//! spaces. Escape sequences (`\T\`, `\F\`, `\X0D\`...) are left in
//! the value: they hold no separator, so `O\T\Brien` is one name.
//!
//! Which lines are segments of a message:
//! - after an MSH header whose separators are ASCII punctuation, distinct,
//!   two to five of them after the field separator: the segment lines that
//!   follow it, up to the first line that is not a segment (empty lines
//!   aside), read with its separators. A header is sought where the text
//!   starts (past white space and an MLLP start byte), whatever its
//!   separators, and, with `|` as its field separator, at a line's start
//!   or after a byte that is no letter or digit (a log line "inbound
//!   MSH|^~\&|..."). A header with another field separator later in a
//!   text is not sought: messages are found from their `|`.
//! - outside a message, a PID, NK1, GT1, IN1, PV1, OBR or AIS line with
//!   the standard separators whose first field is a set ID (empty or one
//!   to four digits), as every one of those segments has: a segment
//!   logged without its header is PHI all the same, and three capitals or
//!   digits, a `|` and a set ID at a line's start is a shape ordinary text
//!   rarely has. A table row such as `PID|PPID|CMD` is not one, nor a
//!   line of any other id (MRG, IN2 and SCH, whose field 1 is no set ID,
//!   are read only in a message).
//! - a line's start is also a separator written as text (`<CR>`, `<LF>`,
//!   a `\r` or `\n` escape) and spaces or tabs after one (a segment
//!   indented in an exception's message); not a space after other text.
//!
//! The pass runs only on a text that holds a `|` (the digit index notes
//! it as it reads every byte: `Index::pipe`, and the chunks that hold one
//! in its marks) or starts with `MSH`, so a log or a page without one
//! pays one test.

use super::find::HAS_PIPE;
use crate::finding::{why, Hit};
use crate::PhiType;
use PhiType::{AccountNumber, Address as Addr, Date as Dt, HealthPlanId, LicenseNumber, Mrn, Name as Nm, OtherId, Ssn, ZipCode};

/// How a field's components are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// CX: component 1 is the identifier, of the type its identifier type
    /// code (component 5) names ([`TYPE_CODES`]), else of this one.
    Id(PhiType),
    /// XPN: components 1 to 3 (family name, given name, further given
    /// names or initials, each subcomponent of them) are a name; the
    /// suffix, prefix, degree and codes after them are not.
    Name,
    /// XAD: the street, other designation, city and county (components 1,
    /// 2, 3 and 9) are an address and component 5 a ZIP code; the state,
    /// the country and the codes are not.
    Address,
    /// XTN: the number (component 1; 6 and 7, area code and local number;
    /// 12, unformatted), a fax number where the equipment type (3) is
    /// `FX`; the e-mail address (4), or component 1 holding an `@`.
    Phone,
    /// TS or DTM: component 1, when it has at least a year and a month.
    Date,
    /// A plain field (ST), or one whose first component is the value
    /// (the DLN of PID-20: number, state, expiry).
    Text(PhiType),
    /// TQ: the start and end dates (components 4 and 5).
    Timing,
}

use Kind::{Address, Date, Id, Name, Phone, Text, Timing};

/// The fields of a segment that are read: (field number, how it is
/// read), by field number.
type Fields = &'static [(u8, Kind)];

/// The fields read, per segment id. HL7 v2.5 numbering (the field after
/// the id is 1).
const FIELDS: &[(&[u8; 3], Fields)] = &[
    // Patient: ids (external, list, alternate), name, mother's maiden
    // name, birth, alias, address, home and business phones, account,
    // SSN, driver's licence, mother's id, birth place, death.
    (
        b"PID",
        &[
            (2, Id(OtherId)),
            (3, Id(OtherId)),
            (4, Id(OtherId)),
            (5, Name),
            (6, Name),
            (7, Date),
            (9, Name),
            (11, Address),
            (13, Phone),
            (14, Phone),
            (18, Id(AccountNumber)),
            (19, Text(Ssn)),
            (20, Text(LicenseNumber)),
            (21, Id(OtherId)),
            (23, Text(Addr)),
            (29, Date),
        ],
    ),
    // Next of kin: name, address, phones, birth, mother's maiden name,
    // contact person's name, phone and address, the party's ids, the
    // contact person's SSN.
    (
        b"NK1",
        &[(2, Name), (4, Address), (5, Phone), (6, Phone), (16, Date), (26, Name), (30, Name), (31, Phone), (32, Address), (33, Id(OtherId)), (37, Text(Ssn))],
    ),
    // Guarantor: number, name, spouse's name, address, phones, birth, SSN.
    (b"GT1", &[(2, Id(OtherId)), (3, Name), (4, Name), (5, Address), (6, Phone), (7, Phone), (8, Date), (12, Text(Ssn))]),
    // Insurance: the insured's name, birth and address, the policy number,
    // the insured's id.
    (b"IN1", &[(16, Name), (18, Date), (19, Address), (36, Text(HealthPlanId)), (49, Id(HealthPlanId))]),
    // Insurance, additional: the insured's employee id, SSN, Medicare
    // and Medicaid numbers (field 1 is no set ID: read in a message only).
    // IN2-1, the insured's employee id, is where feeds put the SSN: an
    // SSN when it is a valid one, another id otherwise (`field`).
    (b"IN2", &[(1, Id(Ssn)), (2, Text(Ssn)), (6, Text(HealthPlanId)), (8, Text(HealthPlanId))]),
    // Merge: the patient's prior ids, account and name (field 1 is no set
    // ID: only ever read inside a message).
    (b"MRG", &[(1, Id(OtherId)), (2, Id(OtherId)), (3, Id(AccountNumber)), (4, Id(OtherId)), (7, Name)]),
    // Order: when the specimen was collected (observation date and end),
    // a date of the patient's care as a visit's is. The ordering
    // provider is not read (a provider's name is no patient's PHI).
    (b"OBR", &[(7, Date), (8, Date)]),
    // Visit: the admission and discharge dates. The attending, referring
    // and consulting doctors (fields 7 to 9) are providers, not read.
    (b"PV1", &[(44, Date), (45, Date)]),
    // Schedule: the appointment's start and end in its timing (SCH-11,
    // TQ components 4 and 5; field 1 is no set ID: read in a message only).
    (b"SCH", &[(11, Timing)]),
    // A scheduled service: its start.
    (b"AIS", &[(4, Date)]),
];

/// Identifier type codes (HL7 table 0203) that name a more specific type
/// than the field's: medical record, Social Security, driver's licence,
/// account, and the plan's member, Medicare, Medicaid and subscriber
/// numbers.
const TYPE_CODES: &[([u8; 2], PhiType)] = &[
    (*b"MR", Mrn),
    (*b"SS", Ssn),
    (*b"DL", LicenseNumber),
    (*b"AN", AccountNumber),
    (*b"MB", HealthPlanId),
    (*b"MC", HealthPlanId),
    (*b"MA", HealthPlanId),
    (*b"SN", HealthPlanId),
];

/// The score of an identifier found by its field: above the label
/// detector's capitalised name (0.85) that a type code such as `MR` can
/// set off over the next field, below the detectors of a more specific
/// shape that may find it (SSN, phone, MBI 0.9; VIN, card, IBAN higher).
const ID_SCORE: f32 = 0.88;

/// The score of any other value found by its field (a name, an address,
/// a date, a phone number): above what the text scan gives a part of such
/// a value (names 0.6 to 0.85, street lines, phones and dates 0.9), below
/// an e-mail address (0.97), which is the same type.
const SCORE: f32 = 0.93;

/// The separators of a message (MSH-1 and MSH-2). A separator the header
/// does not declare is the field separator, which no field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Separators {
    field: u8,
    component: u8,
    repetition: u8,
    subcomponent: u8,
}

impl Separators {
    /// `|^~\&`.
    const STANDARD: Separators = Separators { field: b'|', component: b'^', repetition: b'~', subcomponent: b'&' };

    /// The separators of an MSH header at `at` (its `M`): the byte after
    /// `MSH` and the two to five before the next one (or the end of `b`),
    /// all ASCII punctuation and distinct. None if it is no header. It
    /// reads at most the ten bytes from `at` (a line's end is no
    /// punctuation), never to the line's end: a line of invalid headers
    /// (` MSH||` repeated) is read once, not once from each header.
    fn of_header(b: &[u8], at: usize) -> Option<Separators> {
        let field = *b.get(at + 3)?;
        let from = at + 4;
        // Up to the next field separator or the line's end, six bytes at
        // most: more than five encoding characters is no header.
        let to = b.len().min(from + 6);
        let n = b[from..to].iter().position(|&c| c == field || is_line_end(c)).unwrap_or(to - from);
        #[cfg(test)]
        tests::count_read(from, from + n);
        let chars = &b[from..from + n];
        let punct = |c: u8| c.is_ascii_punctuation();
        let distinct = chars.iter().enumerate().all(|(i, c)| *c != field && !chars[..i].contains(c));
        if !(2..=5).contains(&n) || !punct(field) || !chars.iter().all(|&c| punct(c)) || !distinct {
            return None;
        }
        Some(Separators { field, component: chars[0], repetition: chars[1], subcomponent: chars.get(3).copied().unwrap_or(field) })
    }
}

/// Whether `b` may start with an MSH header ([`header_start`]), by its
/// first byte alone: what the scan tests of a text without a `|`.
#[inline]
pub(crate) fn may_start_with_header(b: &[u8]) -> bool {
    b.first().is_some_and(|&c| c == b'M' || c <= b' ')
}

/// Where the MSH header that `b` starts with begins, past an MLLP start
/// byte (0x0B) and white space, if it starts with one: a message with
/// separators other than `|` is read only there (see the module's docs).
fn header_start(b: &[u8]) -> Option<usize> {
    // Most texts fail at the first byte, with one or two tests.
    let i = match *b.first()? {
        b'M' => 0,
        c if c <= b' ' => b.iter().position(|c| !(c.is_ascii_whitespace() || *c == 0x0B))?,
        _ => return None,
    };
    b[i..].starts_with(b"MSH").then_some(i)
}

/// The findings of the HL7 v2 segments of `b` (see the module's docs):
/// the message `b` starts with, if it does, then those found from the `|`
/// that follows three capitals or digits at a line's start (or `MSH` after
/// any byte that is no letter or digit). `pipe`: whether `b` holds a `|`
/// at all; `marks`: its chunk marks (`find::Marks`), empty for a short text.
pub(crate) fn segments(b: &[u8], pipe: bool, marks: &[u8], out: &mut Vec<Hit>) {
    // (The scan tries this only for a text with a `|`, or that may start
    // with a header: [`may_start_with_header`].)
    let mut from = header_start(b).map_or(0, |at| message(b, at, out));
    if !pipe {
        return;
    }
    while let Some(q) = next_pipe(b, from, marks) {
        from = q + 1;
        let Some(s) = q.checked_sub(3).filter(|&s| is_id(&b[s..q])) else {
            continue;
        };
        let before = s.checked_sub(1).map(|p| b[p]);
        if line_start(b, s) || (&b[s..q] == b"MSH" && !before.is_some_and(|c| c.is_ascii_alphanumeric())) {
            from = message(b, s, out).max(from);
        }
    }
}

/// The first `|` of `b` at or after `from` ([`next_marked`]).
fn next_pipe(b: &[u8], from: usize, marks: &[u8]) -> Option<usize> {
    next_marked(b, from, marks, HAS_PIPE, [b'|'; 2])
}

/// The first of `bytes` (either; one byte given twice) in `b` at or after
/// `from`, byte by byte in the 32-byte chunks whose mark has `class` (the
/// bytes' class in `find::Marks`),
/// passing over the others (eight marks a step where they start a chunk).
/// Rare in most texts (the `|` here, the `*` of X12 in `super::x12`, the
/// field separators of `super::ncpdp`);
/// compact rather than sixteen bytes a step (`find::Marks::find_any`
/// inlined here was 1 KB of the wasm). A short text has no marks: it is
/// searched sixteen bytes a step (`find::find_any`).
#[inline(never)]
pub(super) fn next_marked(b: &[u8], mut from: usize, marks: &[u8], class: u8, bytes: [u8; 2]) -> Option<usize> {
    if marks.is_empty() {
        return super::find::find_any(b, from, bytes);
    }
    let eight = u64::from_le_bytes([class; 8]);
    while from < b.len() {
        let c = from / 32;
        match marks.get(c..c + 8) {
            Some(m) if from % 32 == 0 && u64::from_le_bytes(m.try_into().expect("8 marks")) & eight == 0 => from += 256,
            _ if marks.get(c).is_some_and(|m| m & class == 0) => from = 32 * (c + 1),
            _ if b[from] == bytes[0] || b[from] == bytes[1] => return Some(from),
            _ => from += 1,
        }
    }
    None
}

/// Whether a segment id at `s` starts a line: the text's start, a line's
/// end (or an MLLP start or end byte) before it, or a segment separator
/// as a log writes it ([`soft_break_len`]: `<CR>`, `\r`), with spaces or
/// tabs between (a segment indented in an exception's message).
fn line_start(b: &[u8], s: usize) -> bool {
    let t = s - b[..s].iter().rev().take_while(|&&c| c == b' ' || c == b'\t').count();
    match t.checked_sub(1).map(|p| b[p]) {
        None | Some(b'\r' | b'\n' | 0x0B | 0x1C) => true,
        Some(b'>') => t >= 4 && soft_break_len(b, t - 4) == 4,
        Some(b'r' | b'n') => t >= 2 && soft_break_len(b, t - 2) == 2,
        _ => false,
    }
}

/// The length of the segment separator at `at` as a log writes it: 4 for
/// `<CR>` or `<LF>`, 2 for a `\r` or `\n` escape (two bytes: HL7's own
/// escapes are capitals between backslashes, `\R\`), else 0.
fn soft_break_len(b: &[u8], at: usize) -> usize {
    match b.get(at..at + 4) {
        Some(b"<CR>" | b"<LF>") => 4,
        _ if matches!(b.get(at..at + 2), Some(b"\\r" | b"\\n")) => 2,
        _ => 0,
    }
}

/// Whether `id` is a segment id: three ASCII capitals or digits.
fn is_id(id: &[u8]) -> bool {
    id.len() == 3 && id.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Reads the segments from `at` (a line's start, or a header's within a
/// line) to the first line that is not one; returns where that line
/// starts (the end of `b` if none).
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
fn message(b: &[u8], mut at: usize, out: &mut Vec<Hit>) -> usize {
    // The separators of the message read, after its header.
    let mut seps: Option<Separators> = None;
    // The end of the line `at` is on, once sought: one line may hold many
    // segments, separated as a log writes them (`<CR>`, `\r`).
    let mut line: Option<usize> = None;
    // Whether a segment separator was an escape (`\r`): the message is in
    // a quoted string, which ends at a quote ([`segment_end`]).
    let mut quoted = at >= 2 && soft_break_len(b, at - 2) == 2;
    while at < b.len() {
        // Empty lines (between `\r` and `\n`) are passed over, and the
        // separators a log writes as text (`<CR><LF>`).
        if is_line_end(b[at]) {
            at += 1;
            continue;
        }
        let soft = soft_break_len(b, at);
        if soft > 0 {
            quoted |= soft == 2;
            at += soft;
            continue;
        }
        // Whether the line is a segment is told by its first bytes: its
        // end (a `\r`, a `\n` or the end of an MLLP frame, 0x1C) is sought
        // only for a segment, which is then read, so every byte of the text
        // is sought past once (a line of headers that are not, or a log
        // line of JSON-escaped messages, is not read again from each).
        let Some(id) = b.get(at..at + 3).filter(|id| is_id(id)) else {
            return at;
        };
        let sep = b.get(at + 3).copied();
        // The line's end, sought for a segment only, once a line.
        let mut end = || {
            let e = line.filter(|&e| at <= e).unwrap_or_else(|| line_end(b, at));
            line = Some(e);
            e
        };
        if id == b"MSH" {
            let s = match Separators::of_header(b, at) {
                Some(s) => s,
                None => return at,
            };
            seps = Some(s);
            let end = end();
            at = next_segment(b, segment_end(b, at + 3, end, s.field, quoted), end);
            continue;
        }
        // A segment of no fields (`PID` and its line's end) in a message
        // is of the message: the lines after it keep its separators.
        if seps.is_some() && matches!(sep, None | Some(b'\r' | b'\n')) {
            at = next_segment(b, at + 3, end());
            continue;
        }
        // A segment of the message, or else one outside any with the
        // standard separators (and the message, if any, is over).
        let alone = seps.is_none_or(|s| sep != Some(s.field));
        if alone {
            if sep != Some(b'|') {
                return at;
            }
            seps = None;
        }
        // A segment in a page ends where a tag starts (`Zoltan</pre>...`):
        // no field holds the markup after it. One in a log line may end at
        // a separator written as text, and the next start after it.
        let s = seps.unwrap_or(Separators::STANDARD);
        let end = end();
        let stop = segment_end(b, at + 3, end, s.field, quoted);
        fields(b, id, at + 3, stop, s, alone, out);
        at = next_segment(b, stop, end);
    }
    b.len()
}

/// Where the segment whose fields start at `from` ends, on a line that
/// ends at `to`: where a tag starts (a `<` before a letter, `/` or `!`;
/// `<CR>` too), at a `\r` or `\n` escape followed by a segment id and the
/// field separator `field` (elsewhere such an escape is part of a value,
/// as free text logged with its line breaks escaped has one), and in a
/// `quoted` message (its separators escaped: a JSON string in a log line)
/// at a quote that no backslash escapes, the string's end. One pass that
/// stops there: a line of many segments is read once.
#[inline(never)]
fn segment_end(b: &[u8], from: usize, to: usize, field: u8, quoted: bool) -> usize {
    let mut i = from;
    while i < to {
        match b[i] {
            b'<' if i + 1 < to && (b[i + 1].is_ascii_alphabetic() || matches!(b[i + 1], b'/' | b'!')) => break,
            b'\\' if soft_break_len(b, i) == 2 && b.get(i + 2..i + 5).is_some_and(is_id) && b.get(i + 5) == Some(&field) => break,
            // Past the escaped byte (`\\`, `\"`).
            b'\\' if quoted => i += 1,
            b'"' if quoted => break,
            _ => {}
        }
        i += 1;
    }
    let at = i.min(to);
    #[cfg(test)]
    tests::count_read(from, at);
    at
}

/// Where the next segment after one that ended at `stop` may start: past
/// a separator written as text there, else past the line's end `end`.
fn next_segment(b: &[u8], stop: usize, end: usize) -> usize {
    match soft_break_len(b, stop) {
        0 => end + 1,
        n => stop + n,
    }
}

/// Reads the fields of segment `seg` whose field separator is at `at`,
/// up to `end`; `alone`: outside a message, where field 1 must be a set ID.
fn fields(b: &[u8], seg: &[u8], mut at: usize, end: usize, seps: Separators, alone: bool, out: &mut Vec<Hit>) {
    let Some(&(_, wanted)) = FIELDS.iter().find(|(id, _)| id[..] == *seg) else {
        return;
    };
    let last = wanted.last().map_or(0, |w| w.0);
    let mut n = 0u8;
    while at < end && b[at] == seps.field && n < last {
        n += 1;
        let from = at + 1;
        at = until(b, from, end, seps.field);
        if alone && n == 1 && !(at - from <= 4 && b[from..at].iter().all(u8::is_ascii_digit)) {
            return;
        }
        if let Some(&(_, kind)) = wanted.iter().find(|w| w.0 == n) {
            field(b, from, at, kind, seps, out);
        }
    }
}

/// Where the first `sep` at or after `from` is, before `to`; else `to`.
/// A byte loop out of line (fields are short), not a search inlined at
/// each split.
#[inline(never)]
pub(super) fn until(b: &[u8], from: usize, to: usize, sep: u8) -> usize {
    #[cfg(test)]
    tests::count_read(from, until_inner(b, from, to, sep));
    until_inner(b, from, to, sep)
}

/// [`until`]'s loop (counted apart in tests).
#[inline(always)]
fn until_inner(b: &[u8], mut from: usize, to: usize, sep: u8) -> usize {
    while from < to && b[from] != sep {
        from += 1;
    }
    from
}

/// Where the line from `at` ends: at a `\r`, a `\n`, the end of an MLLP
/// frame (0x1C) or the end of `b`.
#[inline(never)]
fn line_end(b: &[u8], at: usize) -> usize {
    let end = b[at..].iter().position(|&c| is_line_end(c)).map_or(b.len(), |i| at + i);
    #[cfg(test)]
    tests::count_read(at, end);
    end
}

/// Where the value of type `ty` that starts `v` (white space trimmed)
/// ends: a name or an address may hold spaces, a phone number spaces
/// between its groups of digits, any other value (a date, an id, an
/// e-mail address) none: what follows a space is other text, as a log
/// line's fields after the segment's last (`19610314 took=12ms`).
#[inline(never)]
pub(super) fn value_len(ty: PhiType, v: &[u8]) -> usize {
    let phone = matches!(ty, PhiType::Phone | PhiType::Fax);
    let mut i = 0;
    while i < v.len() {
        if v[i].is_ascii_whitespace() && !matches!(ty, Nm | Addr) {
            let next = v[i..].iter().position(|c| !c.is_ascii_whitespace()).map_or(v.len(), |k| i + k);
            if !(phone && next < v.len() && (v[next].is_ascii_digit() || matches!(v[next], b'(' | b'+'))) {
                return i;
            }
            i = next;
            continue;
        }
        i += 1;
    }
    v.len()
}

/// Whether `c` ends a line: `\r`, `\n`, or the end of an MLLP frame (0x1C).
#[inline]
fn is_line_end(c: u8) -> bool {
    matches!(c, b'\r' | b'\n' | 0x1C)
}

/// The `k`-th piece (from 1) of `from..to` split at `sep`; empty past the last.
#[inline(never)]
pub(super) fn piece(b: &[u8], mut from: usize, to: usize, sep: u8, k: usize) -> &[u8] {
    for _ in 1..k {
        from = until(b, from, to, sep) + 1;
        if from > to {
            return &[];
        }
    }
    &b[from..until(b, from, to, sep)]
}

/// The most components of a repetition read (XTN's unformatted number is 12).
const COMPONENTS: usize = 12;

/// Reports the values of the field `from..to` read as `kind`: each
/// repetition's components.
fn field(b: &[u8], from: usize, to: usize, kind: Kind, seps: Separators, out: &mut Vec<Hit>) {
    let mut rep = from;
    while rep <= to {
        let rep_end = until(b, rep, to, seps.repetition);
        // What a component after the value says of it: the identifier's
        // type code (CX.5), the phone's equipment type (XTN.3).
        let ty = match kind {
            Id(ty) => {
                let code = piece(b, rep, rep_end, seps.component, 5);
                let ty = TYPE_CODES.iter().find(|(tc, _)| tc[..] == *code).map_or(ty, |t| t.1);
                // An id field that may hold an SSN holds one only if it is valid.
                let id = piece(b, rep, rep_end, seps.component, 1);
                if ty == Ssn && !(matches!(id.len(), 9 | 11) && std::str::from_utf8(id).is_ok_and(crate::validate::ssn)) {
                    OtherId
                } else {
                    ty
                }
            }
            Phone if piece(b, rep, rep_end, seps.component, 3) == b"FX" => PhiType::Fax,
            Phone => PhiType::Phone,
            Text(ty) => ty,
            Name => Nm,
            Address => Addr,
            Date | Timing => Dt,
        };
        let mut c = rep;
        for k in 1..=COMPONENTS {
            let e = until(b, c, rep_end, seps.component);
            let ty = match (kind, k) {
                (Id(_) | Date | Text(_), 1) | (Name, 1..=3) | (Address, 1..=3 | 9) | (Phone, 1 | 6 | 7 | 12) | (Timing, 4 | 5) => Some(ty),
                (Address, 5) => Some(ZipCode),
                (Phone, 4) => Some(PhiType::Email),
                _ => None,
            };
            if let Some(ty) = ty {
                component(b, c, e, ty, seps.subcomponent, out);
            }
            if e >= rep_end {
                break;
            }
            c = e + 1;
        }
        rep = rep_end + 1;
    }
}

/// Reports the names of a DICOM person name `from..to` (`PN`), which is
/// XPN with DICOM's separators: `FAMILY^GIVEN^MIDDLE`, values apart by
/// `\`, the alphabetic, ideographic and phonetic groups by `=`.
pub(super) fn person_name(b: &[u8], from: usize, to: usize, out: &mut Vec<Hit>) {
    field(b, from, to, Name, Separators { field: b'|', component: b'^', repetition: b'\\', subcomponent: b'=' }, out);
}

/// Reports each subcomponent of the component at `from..to` that holds a
/// value of type `ty` ([`value_type`]), white space trimmed.
fn component(b: &[u8], mut from: usize, to: usize, ty: PhiType, sub: u8, out: &mut Vec<Hit>) {
    while from <= to {
        let e = until(b, from, to, sub);
        let v = b[from..e].trim_ascii();
        let vs = from + b[from..e].len() - b[from..e].trim_ascii_start().len();
        let v = &v[..value_len(ty, v)];
        if let Some(ty) = value_type(ty, v) {
            let score = if matches!(ty, Mrn | OtherId | AccountNumber | LicenseNumber | HealthPlanId) { ID_SCORE } else { SCORE };
            out.push(Hit::new(ty, vs, vs + v.len(), score, why!("hl7", "PHI field of an HL7 v2 person segment")));
        }
        from = e + 1;
    }
}

/// The type of `v` in a field of type `ty`, if it is a value: not empty,
/// not HL7's explicit null `""`, not a mask (`*`) from an earlier
/// redaction, and of the type's shape as far as its bytes' classes tell (a
/// name or address has a letter, a number a digit, a date six leading
/// digits). A phone field's value with an `@` is an e-mail address.
pub(super) fn value_type(ty: PhiType, v: &[u8]) -> Option<PhiType> {
    // One pass: the digits, the leading ones, whether a letter (or a byte
    // of a character beyond ASCII), an `@` or a `*`.
    let (mut digits, mut lead, mut letter, mut at, mut star) = (0, 0, false, false, false);
    for (i, &c) in v.iter().enumerate() {
        let digit = c.is_ascii_digit();
        digits += usize::from(digit);
        lead += usize::from(digit && lead == i);
        letter |= c.is_ascii_alphabetic() || c >= 0x80;
        at |= c == b'@';
        star |= c == b'*';
    }
    let ok = match ty {
        _ if star || v == b"\"\"" => false,
        Nm => letter,
        Addr => letter || digits > 0,
        Dt => lead >= 6,
        PhiType::Email => at,
        PhiType::Phone | PhiType::Fax if at => return Some(PhiType::Email),
        PhiType::Phone | PhiType::Fax => digits >= 3,
        _ => digits > 0,
    };
    ok.then_some(ty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::find::digit_index;
    use proptest::prelude::*;

    thread_local! {
        /// The bytes this thread's reads of a line's end, a field or a
        /// header's separators have passed over ([`line_end`], [`until`],
        /// [`Separators::of_header`]).
        static READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Counts the bytes `from..to` as read.
    pub(super) fn count_read(from: usize, to: usize) {
        READ.set(READ.get() + to.saturating_sub(from));
    }

    /// The findings of [`segments`] in `text`, as a scan makes them (its
    /// `|` and chunk marks from the digit index), with their values.
    fn found(text: &str) -> Vec<(PhiType, &str)> {
        let b = text.as_bytes();
        let ix = digit_index(b);
        let mut out = Vec::new();
        segments(b, ix.seps, ix.marks(), &mut out);
        out.iter().map(|h| (h.kind, &text[h.start..h.end])).collect()
    }

    const MSH: &str = r"MSH|^~\&|EPIC|HOSP|LAB|HOSP|202611231200||ADT^A01|MSG00001|P|2.5";
    const PID: &str = "PID|1||88421337^^^HOSP^MR||Quibble^Zoltan^F||19610314|M|||4417 Wexford Ln^^Springfield^IL^62704||(312)555-0142|||||219-09-9999";
    const NK1: &str = "NK1|1|Quibble^Ilona|SPO|||(312)555-0188";

    /// The brief's example: PID-18 holds an SSN-shaped account number (the
    /// SSN detector's finding wins over it in a scan, see `tests/hl7.rs`).
    fn example_found() -> Vec<(PhiType, &'static str)> {
        use PhiType::*;
        vec![
            (Mrn, "88421337"),
            (Name, "Quibble"),
            (Name, "Zoltan"),
            (Name, "F"),
            (Date, "19610314"),
            (Address, "4417 Wexford Ln"),
            (Address, "Springfield"),
            (ZipCode, "62704"),
            (Phone, "(312)555-0142"),
            (AccountNumber, "219-09-9999"),
            (Name, "Quibble"),
            (Name, "Ilona"),
            (Phone, "(312)555-0188"),
        ]
    }

    #[test]
    fn example_with_every_segment_separator() {
        for sep in ["\r", "\n", "\r\n", "\n\n", "\r\r\n"] {
            let text = [MSH, PID, NK1].join(sep);
            assert_eq!(found(&text), example_found(), "{sep:?}");
            // With a trailing separator, in MLLP framing, and after white space.
            assert_eq!(found(&format!("{text}{sep}")), example_found(), "{sep:?}");
            assert_eq!(found(&format!("\x0b{text}\x1c\r")), example_found(), "{sep:?}");
            assert_eq!(found(&format!("\n  {text}")), example_found(), "{sep:?}");
        }
    }

    #[test]
    fn separators_declared_in_the_header() {
        // Field `#`, component `$`, repetition `!`, escape `\`, subcomponent `%`.
        let text = "MSH#$!\\%#EPIC#HOSP\rPID#1##88421337$$$HOSP$MR!5550001$$$HOSP$PI##Quibble%Zed$Zoltan##19610314\rNK1#1#Quibble$Ilona##^|~";
        use PhiType::*;
        assert_eq!(found(text), [(Mrn, "88421337"), (OtherId, "5550001"), (Name, "Quibble"), (Name, "Zed"), (Name, "Zoltan"), (Date, "19610314"), (Name, "Quibble"), (Name, "Ilona")]);
        // Three encoding characters (no subcomponent separator): `&` is text.
        assert_eq!(found("MSH|^~\\|A\rPID|1||||Quibble&Zed^Zoltan"), [(Name, "Quibble&Zed"), (Name, "Zoltan")]);
        // A segment of no fields is of the message: the segments after it
        // keep the header's separators (a proptest's case: they were read
        // as segments alone, with the standard ones).
        assert_eq!(found("MSH#$!\\%#A\rPV1\rPID#1##88421337$$$HOSP$MR##Quibble$Zoltan"), [(Mrn, "88421337"), (Name, "Quibble"), (Name, "Zoltan")]);
        assert_eq!(found("MSH|:;/_|A|B\rPID\rPID||:/X0D0A/"), []);
        // A header with other separators is read at the start of the text
        // only; further on, its segments are not (documented).
        assert_eq!(found("note\nMSH#$!\\%#A\rPID#1##88421337$$$HOSP$MR"), []);
    }

    #[test]
    fn repetitions_escapes_subcomponents_and_empty_components() {
        use PhiType::*;
        let pid = r#"PID|1|X-1^^^A|88421337^^^HOSP^MR~219099999^^^SSA^SS~Q1234567^^^IL^DL~W123456789^^^PLAN^MB~7001^^^HOSP^AN||O\T\Quibble&van&Quibble^Zoltan\F\Zed^^JR^DR^MD^L~Quibble^Zed||""|M"#;
        assert_eq!(
            found(&format!("{MSH}\r{pid}")),
            [
                (OtherId, "X-1"),
                (Mrn, "88421337"),
                (Ssn, "219099999"),
                (LicenseNumber, "Q1234567"),
                (HealthPlanId, "W123456789"),
                (AccountNumber, "7001"),
                (Name, r"O\T\Quibble"),
                (Name, "van"),
                (Name, "Quibble"),
                (Name, r"Zoltan\F\Zed"),
                (Name, "Quibble"),
                (Name, "Zed"),
            ]
        );
        // Empty components, HL7's explicit null, white space, a mask left by
        // an earlier redaction, components without a letter or digit.
        let pid = r#"PID|1||""^^^HOSP^MR||^ Zoltan ^""||2026||||^^ ^IL^""~***** Wexford Ln^^Springfield^IL^627**||-^^^^^^|||||"""#;
        assert_eq!(found(&format!("{MSH}\r{pid}")), [(Name, "Zoltan"), (Address, "Springfield")]);
    }

    #[test]
    fn phones_faxes_and_emails() {
        use PhiType::*;
        let pid = "PID|1||||Quibble||||||||(312)555-0142^PRN^PH~^NET^Internet^zoltan.quibble@example.com~^PRN^FX^^1^312^5550199~zq@example.com|^WPN^PH^^^312^5550111^22^^^^3125550111";
        assert_eq!(
            found(&format!("{MSH}\r{pid}")),
            [
                (Name, "Quibble"),
                (Phone, "(312)555-0142"),
                (Email, "zoltan.quibble@example.com"),
                (Fax, "312"),
                (Fax, "5550199"),
                (Email, "zq@example.com"),
                (Phone, "312"),
                (Phone, "5550111"),
                (Phone, "3125550111"),
            ]
        );
    }

    #[test]
    fn guarantor_insurance_next_of_kin_and_merge_fields() {
        use PhiType::*;
        let gt1 = "GT1|1|G-4412^^^HOSP|Quibble^Ilona||4417 Wexford Ln^^Springfield^IL^62704|(312)555-0188||19630521|F||SPO|219-09-9998";
        let mut in1 = vec!["IN1", "1", "PPO", "ACME1", "Acme Health"];
        in1.resize(50, "");
        in1[16] = "Quibble^Zoltan";
        in1[18] = "19610314";
        in1[19] = "4417 Wexford Ln^^Springfield^IL^62704";
        in1[36] = "POL-88421";
        in1[49] = "W123456789^^^ACME^MR";
        let in1 = in1.join("|");
        let nk1 = "NK1|2|Quibble^Ilona|SPO|4417 Wexford Ln^^Springfield^IL^62704|(312)555-0188|(312)555-0177|||||||||F|19630521";
        let mrg = "MRG|77410022^^^HOSP^MR|||77410022^^^HOSP^PI|||Quibble^Zoltan";
        let text = [MSH, gt1, &in1, nk1, mrg].join("\r");
        let address = [(Address, "4417 Wexford Ln"), (Address, "Springfield"), (ZipCode, "62704")];
        let mut want = vec![(OtherId, "G-4412"), (Name, "Quibble"), (Name, "Ilona")];
        want.extend(address);
        want.extend([(Phone, "(312)555-0188"), (Date, "19630521"), (Ssn, "219-09-9998")]);
        want.extend([(Name, "Quibble"), (Name, "Zoltan"), (Date, "19610314")]);
        want.extend(address);
        want.extend([(HealthPlanId, "POL-88421"), (Mrn, "W123456789")]);
        want.extend([(Name, "Quibble"), (Name, "Ilona")]);
        want.extend(address);
        want.extend([(Phone, "(312)555-0188"), (Phone, "(312)555-0177"), (Date, "19630521")]);
        want.extend([(Mrn, "77410022"), (OtherId, "77410022"), (Name, "Quibble"), (Name, "Zoltan")]);
        assert_eq!(found(&text), want);
    }

    #[test]
    fn headers_within_a_line_and_segments_without_one() {
        use PhiType::*;
        // A log line holding a message, its segments after `\r`.
        let log = format!("2026-11-23T12:00:00Z INFO inbound {MSH}\r{PID}\r{NK1}\n2026-11-23T12:00:01Z INFO ack sent");
        assert_eq!(found(&log), example_found());
        // Segments logged without their header: taken with the standard
        // separators where field 1 is a set ID.
        assert_eq!(found(&format!("{PID}\n{NK1}")), example_found());
        assert_eq!(found("PID|||88421337^^^HOSP^MR"), [(Mrn, "88421337")]);
        // After a line that is no segment, the message is over: a merge
        // segment (no set ID) is not read there.
        assert_eq!(found(&format!("{MSH}\rMRG|77410022^^^HOSP^MR")), [(Mrn, "77410022")]);
        assert_eq!(found(&format!("{MSH}\nnote\nMRG|77410022^^^HOSP^MR")), []);
    }

    /// A segment's last field runs to its line's end: in a page, the
    /// markup after it, in a log line the fields after it, are no part of
    /// its value. A tag ends the segment; a space ends a date, an id or an
    /// e-mail address (not a name, an address or a phone number).
    #[test]
    fn markup_and_log_text_after_the_last_field() {
        use PhiType::*;
        let page = "<pre>MSH|^~\\&amp;|A|B\nPID|1||88421337^^^HOSP^MR||Quibble^Zoltan</pre><p><a href=\"/help\">Help</a></p></body></html>";
        assert_eq!(found(page), [(Mrn, "88421337"), (Name, "Quibble"), (Name, "Zoltan")]);
        assert_eq!(found("PID|1||||Quibble^Zoltan<br>NK1|1|Quibble^Ilona"), [(Name, "Quibble"), (Name, "Zoltan")]);
        let log = format!("{MSH}\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan||19610314 took=12ms status=200 route=/api/adt");
        assert_eq!(found(&log), [(Mrn, "88421337"), (Name, "Quibble"), (Name, "Zoltan"), (Date, "19610314")]);
        assert_eq!(found("PID|1||88421337 took=3ms"), [(OtherId, "88421337")]);
        assert_eq!(found("PID|1|||||||||||||zq@example.com sent"), [(Email, "zq@example.com")]);
        // Spaces inside a name, an address, a phone number; `<` not
        // starting a tag.
        let pid = "PID|1||||van der Quibble^Zoltan Zed|Quibble <3 Zed|||||4417 Wexford Ln Apt 2^^Springfield^IL^62704||(312) 555-0142 ext 7|+1 312 555 0111";
        assert_eq!(
            found(&format!("{MSH}\r{pid}")),
            [
                (Name, "van der Quibble"),
                (Name, "Zoltan Zed"),
                (Name, "Quibble <3 Zed"),
                (Address, "4417 Wexford Ln Apt 2"),
                (Address, "Springfield"),
                (ZipCode, "62704"),
                (Phone, "(312) 555-0142"),
                (Phone, "+1 312 555 0111"),
            ]
        );
    }

    /// Lines shaped like segments that are not: tables and logs with `|`,
    /// ids not at a line's start, fields 1 that are no set ID, headers that
    /// declare no separators, segments whose fields are not read
    /// (providers in PV1, free text in OBX and NTE).
    #[test]
    fn lines_that_are_not_person_segments() {
        for text in [
            "ABC|def|ghi\nXYZ|123|Quibble^Zoltan",
            "PID|PPID|CMD|USER|NAME\n4242|1|bash|root|Quibble^Zoltan",
            "PID|12345||88421337^^^HOSP^MR||Quibble^Zoltan",
            "PID|1a||88421337^^^HOSP^MR||Quibble^Zoltan",
            "| PID | NK1 |\n|---|---|\n| 1 | Quibble^Zoltan |",
            "xPID|1||88421337^^^HOSP^MR||Quibble^Zoltan",
            "note PID|1||88421337^^^HOSP^MR||Quibble^Zoltan",
            "r\\ PID|1||88421337^^^HOSP^MR||Quibble^Zoltan",
            "<CR PID|1||88421337^^^HOSP^MR||Quibble^Zoltan",
            "MSH|^~\\&|A\rOBX|1|TX|NOTE||line one\\nQuibble Zoltan\\nline three",
            "pid|1||88421337^^^HOSP^MR||Quibble^Zoltan",
            "level=info|pid=42|user=Quibble^Zoltan|ssn=x",
            "MSH|header|x\rMRG|88421337^^^HOSP^MR||||||Quibble^Zoltan",
            "MSH|^^|x\rMRG|88421337^^^HOSP^MR||||||Quibble^Zoltan",
            "MSH|^a|x\rMRG|88421337^^^HOSP^MR||||||Quibble^Zoltan",
            "XMSH|^~\\&|A\rMRG|88421337^^^HOSP^MR||||||Quibble^Zoltan",
            "MSH|^~\\&|A\rPV1|1|I|W^389^1|||||1234^Quibble^Zoltan^^^DR|5678^Quibble^Ilona",
            "MSH|^~\\&|A\rOBX|1|TX|NOTE||Zoltan Quibble, 19610314, 88421337\rNTE|1||Quibble^Zoltan",
            "MSH",
            "PID|",
            "PID",
            "",
        ] {
            assert_eq!(found(text), [], "{text:?}");
        }
    }

    /// The dates of a visit, an order and an appointment, and the
    /// insured's further ids: PV1-44/45, OBR-7/8, SCH-11 (TQ start and
    /// end), AIS-4, IN2-1/2/6/8. Not the providers of PV1 or OBR.
    #[test]
    fn visit_order_schedule_and_insurance_fields() {
        use PhiType::*;
        let mut pv1 = vec!["PV1", "1", "I", "W^389^1", "", "", "", "1234^Quibble^Ilona^^^DR"];
        pv1.resize(47, "");
        pv1[44] = "20261101083000";
        pv1[45] = "202611031415";
        let pv1 = pv1.join("|");
        let obr = "OBR|1|PL-1|FL-2|CBC^Complete blood count|||202611021130|202611021145||||||||1234^Quibble^Ilona";
        let sch = "SCH|A-77|F-88|||||FU^Follow up|OFFICE|20|MIN|^^^202612011500^202612011520||||||||||||||Booked";
        let ais = "AIS|1|A|99213^Visit|202612011500|0|MIN|20|MIN";
        let in2 = "IN2|E-4412|219099999||||1EG4TE5MK73||Q77712345";
        let text = [MSH, &pv1, obr, sch, ais, in2].join("\r");
        assert_eq!(
            found(&text),
            [
                (Date, "20261101083000"),
                (Date, "202611031415"),
                (Date, "202611021130"),
                (Date, "202611021145"),
                (Date, "202612011500"),
                (Date, "202612011520"),
                (Date, "202612011500"),
                (OtherId, "E-4412"),
                (Ssn, "219099999"),
                (HealthPlanId, "1EG4TE5MK73"),
                (HealthPlanId, "Q77712345"),
            ]
        );
        // Outside a message a PV1, OBR or AIS (field 1 a set ID) is read
        // as a PID is; a SCH or IN2 (field 1 an id) is not.
        assert_eq!(found(&pv1), [(Date, "20261101083000"), (Date, "202611031415")]);
        assert_eq!(found(&format!("{sch}\n{in2}")), []);
    }

    /// Segment separators as a log writes them: `<CR>` (an interface
    /// engine's trace), `\r` escapes (a message in a JSON string on a log
    /// line, which ends at the string's closing quote), and a segment
    /// indented in an exception's message.
    #[test]
    fn separators_written_as_text_and_indented_segments() {
        use PhiType::*;
        let trace = format!("2026-11-23 12:00:00 INFO MLLP rx <VT>{MSH}<CR>EVN|A08|202611231200<CR>{PID}<CR>{NK1}<FS><CR> from 10.0.0.7");
        assert_eq!(found(&trace), example_found());
        let escaped = format!("{{\"level\":\"error\",\"hl7\":\"{}\",\"msg\":\"Zoltan rejected\"}}", [MSH, PID, NK1].join("\\r").replace('\\', "\\\\").replace("\\\\r", "\\r"));
        assert_eq!(found(&escaped), example_found(), "{escaped}");
        let hapi = format!("ca.uhn.hl7v2.HL7Exception: Failed validation rule: Maxumum length exceeded\n  Segment: PID\n  {PID}\n    at ca.uhn.hl7v2.validation.impl.MessageRuleBinding(Binding.java:42)");
        assert_eq!(found(&hapi)[..3], [(Mrn, "88421337"), (Name, "Quibble"), (Name, "Zoltan")]);
        assert_eq!(found(&hapi).len(), 10);
        // An escape inside a value, not before a segment, is part of it.
        let note = format!("{MSH}\rNK1|1|Quibble\\nIlona^Z");
        assert_eq!(found(&note), [(Name, "Quibble\\nIlona"), (Name, "Z")]);
    }

    /// A text of at least 1 KB (the digit index marks its chunks) finds
    /// the same with the marks as with a plain search for `|`.
    #[test]
    fn long_texts_find_the_same_with_and_without_marks() {
        let filler = "2026-11-23T12:00:00Z INFO a line of a log with no pipe in it at all\n".repeat(40);
        let text = format!("{filler}x|y\n{filler}{MSH}\r{PID}\r{NK1}\n{filler}@ [x] % | * \n{PID}");
        let b = text.as_bytes();
        let ix = digit_index(b);
        assert!(!ix.marks().is_empty());
        let (mut marked, mut plain) = (Vec::new(), Vec::new());
        segments(b, true, ix.marks(), &mut marked);
        segments(b, true, &[], &mut plain);
        let spans = |h: &[Hit]| h.iter().map(|h| (h.kind, h.start, h.end)).collect::<Vec<_>>();
        assert_eq!(spans(&marked), spans(&plain));
        assert_eq!(marked.len(), 2 * example_found().len() - 3);
    }

    /// Headers that are not, or messages whose header is not read, many on
    /// one line: every byte of the line is read a bounded number of times,
    /// not once from each header (` MSH||` repeated over 1 MB took 25.7 s;
    /// JSON-escaped messages on one log line, MSH-2 `^~\\&`, 2.6 s).
    #[test]
    fn headers_on_one_line_are_read_in_linear_work() {
        let escaped = r#""MSH|^~\\&|A|B\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan","#;
        for unit in [" MSH||", escaped, " MSH|^~\\&|A", "|MSH|^", "MSH|^~\\&|A|B\rPID|1||88421337^^^HOSP^MR||Quibble^Zoltan "] {
            for len in [64 * 1024, 256 * 1024] {
                let text = unit.repeat(len / unit.len());
                let b = text.as_bytes();
                let ix = digit_index(b);
                READ.set(0);
                let mut out = Vec::new();
                segments(b, ix.seps, ix.marks(), &mut out);
                let read = READ.get();
                assert!(read <= 8 * b.len(), "{unit:?} x {}: {read} bytes read for {}", len / unit.len(), b.len());
            }
        }
    }

    /// Distinct ASCII punctuation for the separators of a message: the
    /// standard set, or another.
    fn separators() -> impl Strategy<Value = [u8; 5]> {
        prop_oneof![
            1 => Just(*b"|^~\\&"),
            1 => Just(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".to_vec()).prop_shuffle().prop_map(|v| [v[0], v[1], v[2], v[3], v[4]]),
        ]
    }

    /// Values as a message's fields hold them: names (with escapes and
    /// characters beyond ASCII), ids, dates, phones, e-mails, codes, white
    /// space, nulls.
    fn value() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Quibble", "Zoltan", "F", "Zoë", "Quíbblé", "名前", "O{E}T{E}Brien", "Zoltan{E}F{E}Zed", "{E}X0D0A{E}", "88421337", "219-09-9999", "19610314",
            "196103141200", "(312)555-0142", "zq@example.com", "4417 Wexford Ln", "62704", "MR", "SS", "FX", "IL", " ", "", "\"\"", "***", "1", "😀",
        ])
        .prop_map(String::from)
    }

    /// A message (or its segments alone) in the separators `s`: segments of
    /// every id read and some others, fields of components, subcomponents
    /// and repetitions of [`value`]s, between `\r`, `\n` or `\r\n`.
    fn message() -> impl Strategy<Value = (String, [u8; 5])> {
        let id = prop::sample::select(vec!["PID", "NK1", "GT1", "IN1", "MRG", "PV1", "OBX", "ZX1"]);
        let piece = (0u8..4, value());
        let field = proptest::collection::vec(piece, 0..8);
        let segment = (id, proptest::collection::vec(field, 0..40));
        (separators(), any::<bool>(), prop::sample::select(vec!["\r", "\n", "\r\n"]), proptest::collection::vec(segment, 1..5)).prop_map(|(s, header, eol, segs)| {
            // Segments without a header have the standard separators.
            let s = if header { s } else { *b"|^~\\&" };
            let c = |i: usize| char::from(s[i]);
            let mut out = if header { format!("MSH{}{}{}{}{}{}A{}B", c(0), c(1), c(2), c(3), c(4), c(0), c(0)) } else { String::new() };
            for (id, fields) in segs {
                if !out.is_empty() {
                    out += eol;
                }
                out += id;
                for f in fields {
                    out.push(c(0));
                    for (sep, v) in f {
                        // Before each value: nothing, or a component, repetition or subcomponent separator.
                        if sep > 0 {
                            out.push(c([1, 2, 4][usize::from(sep) - 1]));
                        }
                        out += &v.replace("{E}", &c(3).to_string());
                    }
                }
            }
            (out, s)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// No finding covers a separator or a line's end, is empty, or
        /// starts or ends inside a character; each is within the text.
        #[test]
        fn findings_cover_no_separator((text, seps) in message(), prefix in prop::sample::select(vec!["", "log: ", "é\n", "x|y\n"])) {
            let text = format!("{prefix}{text}");
            let b = text.as_bytes();
            let ix = digit_index(b);
            let mut out = Vec::new();
            segments(b, ix.seps, ix.marks(), &mut out);
            for h in &out {
                prop_assert!(h.start < h.end && h.end <= b.len(), "{:?} in {:?}", (h.start, h.end), text);
                prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{:?} in {:?}", (h.start, h.end), text);
                let covered = &b[h.start..h.end];
                prop_assert!(!covered.iter().any(|c| [seps[0], seps[1], seps[2], seps[4], b'\r', b'\n'].contains(c)), "{:?} in {:?}", &text[h.start..h.end], text);
            }
        }
    }
}
