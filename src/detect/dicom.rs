//! DICOM headers printed as text, read by tag: dcmdump's lines
//! (`(0010,0010) PN [NOVAK^SIOBHAN]  #  14, 1 PatientName`) and
//! pydicom's (`(0010, 0010) Patient's Name  PN: 'WATANABE^KENJI'`).
//!
//! The text scan reads neither: a name in capitals with a `^` between
//! its parts, a record number or a date with no label before it (the
//! keyword comes after the value), and the words around a value are
//! labels of the wrong one (`Patient's Address  LO: …` made `LO` an
//! address). So a line's tag says what its value is ([`TAGS`]); the
//! tag, description, VR and comment around the value are quiet; and a
//! line of the equipment's, the study's or the file's groups (the
//! institution, the station, the model, UIDs, descriptions: no one's)
//! is quiet whole. A tag of another group that [`TAGS`] does not list
//! (the patient's sex, comments) has its value scanned as text.

use super::hl7::until;
use crate::finding::{why, Hit, Why};
use crate::labels::{LabelHit, LabelKind};
use crate::PhiType::{self, Address, Age, Date, Mrn, Name, OtherId, Phone};

const WHY: Why = why!("dicom", "patient attribute by its DICOM tag");

/// The attributes that hold a patient's PHI, by tag (group << 16 |
/// element), in order: what their value is. Name values are `PN`
/// (`FAMILY^GIVEN^MIDDLE`), read as HL7's XPN; an age `AS` (`093Y`).
static TAGS: [(u32, PhiType); 13] = [
    (0x0008_0020, Date),    // StudyDate
    (0x0008_0021, Date),    // SeriesDate
    (0x0008_0022, Date),    // AcquisitionDate
    (0x0008_0023, Date),    // ContentDate
    (0x0010_0010, Name),    // PatientName
    (0x0010_0020, Mrn),     // PatientID
    (0x0010_0030, Date),    // PatientBirthDate
    (0x0010_1000, OtherId), // OtherPatientIDs
    (0x0010_1001, Name),    // OtherPatientNames
    (0x0010_1005, Name),    // PatientBirthName
    (0x0010_1010, Age),     // PatientAge
    (0x0010_1040, Address), // PatientAddress
    (0x0010_2154, Phone),   // PatientTelephoneNumbers
];

/// What the attribute `tag` holds, if it is a patient's.
fn kind(tag: u32) -> Option<PhiType> {
    // A loop over the table, not the switch LLVM makes of it (286 bytes).
    std::hint::black_box(&TAGS[..]).iter().find(|t| t.0 == tag).map(|t| t.1)
}

/// Whether a line of group `tag >> 16` that [`TAGS`] does not list is no
/// one's: the file meta (0002), the study's and equipment's (0008), the
/// acquisition's (0018), the UIDs and numbers (0020), the image's (0028).
fn no_ones(tag: u32) -> bool {
    matches!(tag >> 16, 0x0002 | 0x0008 | 0x0018 | 0x0020 | 0x0028)
}

/// The hex digits `r` as a number, if they all are.
#[inline(never)]
fn hex(r: &[u8]) -> Option<u32> {
    r.iter().try_fold(0, |n, &c| Some(n << 4 | char::from(c).to_digit(16)?))
}

/// What a DICOM JSON key says its value is (PS3.18 F.2): an attribute
/// of [`TAGS`], as eight hex digits (`"00100010"`). The JSON walk gives
/// it to the values in the attribute's `Value` array.
pub(crate) fn key_rule(words: &str) -> Option<LabelKind> {
    hex(words.as_bytes()).filter(|_| words.len() == 8).and_then(kind).map(LabelKind::Phi)
}

/// The tag at `i` in `b`, `(gggg,eeee)` or `(gggg, eeee)`, and where it
/// ends.
fn tag_at(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let t = b.get(i..i + 13)?;
    let sp = usize::from(t[6] == b' ');
    if t[0] != b'(' || t[5] != b',' || t[10 + sp] != b')' {
        return None;
    }
    Some((hex(&t[1..5])? << 16 | hex(&t[6 + sp..10 + sp])?, i + 11 + sp))
}

/// Whether `b` may hold a DICOM header print: it starts with a tag, or a
/// label sits where dcmdump puts the keyword (after the comment's length
/// and multiplicity, `#  14, 1 PatientName`) or pydicom the description
/// (after `(0010, 0010) `). Only the labels' places are looked at.
#[inline(never)]
pub(super) fn may_hold(b: &[u8], labels: &[LabelHit]) -> bool {
    b.first() == Some(&b'(') || labels.iter().any(|l| (l.start >= 13 && b[l.start - 13] == b'(' && b[l.start - 2] == b')') || (l.start >= 10 && b[l.start - 4] == b',' && b[l.start - 2].is_ascii_digit() && b[l.start - 10..l.start - 4].contains(&b'#')))
}

/// Whether a line starts at `i`: at the text's start or after a line
/// break, raw or escaped (`\n` in a JSON string), and any indent.
fn line_start(b: &[u8], i: usize) -> bool {
    let j = i - b[..i].iter().rev().take_while(|c| matches!(c, b' ' | b'\t')).count();
    j == 0 || matches!(b[j - 1], b'\n' | b'\r') || (j >= 2 && b[j - 2] == b'\\' && matches!(b[j - 1], b'n' | b'r'))
}

/// Where the line from `i` ends: at a line break, raw or escaped.
fn line_end(b: &[u8], i: usize) -> usize {
    let nl = until(b, i, b.len(), b'\n');
    super::calendar::find(b, i, nl, b"\\n").unwrap_or(nl)
}

/// The value of the line `from..end` after its tag: dcmdump's `[…]`
/// after the VR, or pydicom's after `VR: `, in quotes or bare. None for
/// no value (`(no value available)`, `=MRImageStorage`, an empty string).
fn value(b: &[u8], from: usize, end: usize) -> Option<(usize, usize)> {
    let k = until(b, from, end, b'[').min(until(b, from, end, b':'));
    if k >= end {
        return None;
    }
    let s = k + 1 + b[k + 1..end].iter().take_while(|c| **c == b' ').count();
    let (s, e) = match b.get(s) {
        _ if b.get(k) == Some(&b'[') => (k + 1, until(b, k + 1, end, b']')),
        Some(&q @ (b'\'' | b'"')) => (s + 1, until(b, s + 1, end, q)),
        _ => (s, s + b[s..end].trim_ascii_end().len()),
    };
    (s < e).then_some((s, e))
}

/// Reads each tag line of `text`: its value's findings to `hits`, the
/// ranges whose findings are no one's to `quiet` (in order).
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
pub(super) fn read(text: &str, opts: &super::ScanOptions, hits: &mut Vec<Hit>, quiet: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(at) = super::find::find_any(b, i, [b'(']) else { break };
        i = at + 1;
        let Some((tag, after)) = tag_at(b, at).filter(|_| line_start(b, at)) else { continue };
        let end = line_end(b, after);
        i = end;
        let ty = kind(tag);
        // A line with no value, or of a group that is no one's, is quiet
        // whole; else the tag, VR and comment around its value.
        let Some((s, e)) = value(b, after, end).filter(|_| ty.is_some() || !no_ones(tag)) else {
            push_quiet(quiet, at, end);
            continue;
        };
        push_quiet(quiet, at, s);
        push_quiet(quiet, e, end);
        let (v, from) = (&text[s..e], hits.len());
        match ty {
            Some(Name) => super::hl7::person_name(v.as_bytes(), 0, v.len(), hits),
            // `093Y`: the years' digits, over 89 only.
            Some(Age) => {
                if let [d @ .., b'Y'] = v.as_bytes() {
                    if d.len() == 3 && d.iter().all(u8::is_ascii_digit) && d > b"089" {
                        hits.push(Hit::new(Age, 0, 3, 0.9, WHY));
                    }
                }
            }
            Some(ty) => {
                super::scan_segment(v, Some(LabelKind::Phi(ty)), opts, hits);
            }
            None => {}
        }
        for h in &mut hits[from..] {
            h.start += s;
            h.end += s;
            h.why = WHY;
        }
    }
}

/// Adds `s..e` to the ranges `quiet` if not empty and past them (else
/// not: another reader's quiet range is there, and a range left out only
/// keeps findings).
#[inline(never)]
fn push_quiet(quiet: &mut Vec<(usize, usize)>, s: usize, e: usize) {
    if s < e && quiet.last().is_none_or(|l| l.1 <= s) {
        quiet.push((s, e));
    }
}
