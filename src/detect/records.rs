//! Person records in header-less `|`-delimited flat files: an eligibility
//! or enrolment file's detail rows (`D|W123456789|GARCIA|MARIA|19610314|
//! M|219099999|4417 WEXFORD LN|SPRINGFIELD|IL|62704|20250101|`), which name
//! no column, so neither a table's header (`formats::csv`) nor a label
//! says what a cell is. Read as prose, the row is capitals, digits and
//! bars, and the text scan finds little of it.
//!
//! A row is read by the shapes of its cells, wherever they stand: it is a
//! person's record when two cells in a row are name-shaped words that
//! read as a person's name together (a listed given name or surname among
//! their words, and `names::no_person` says no), the cell
//! after them (or the one after that: a middle initial, a sex) is a birth
//! date (`CCYYMMDD`, `CCYY-MM-DD` or `MM/DD/CCYY` of a year from 1880),
//! and at least two of these follow the date: a nine-
//! digit number that passes the SSN rules, a street line (a house number
//! and a word), a state code followed by a ZIP. Inventory, price lists,
//! facility directories and slot capacity rows have streets, states, ZIPs
//! and dates, but no name pair before a birth date, and stay clean.
//!
//! In such a row: the name cells (NAME), the birth date (DATE), the id
//! right before the names (an eligibility or enrolment file's member id:
//! HEALTH_PLAN_ID), and after the date the SSN, the street (ADDRESS), the
//! city before the state code (ADDRESS) and the ZIP after it (ZIP_CODE);
//! not the state, the sex, nor any later date (a coverage start is the
//! plan's, not the person's).
//!
//! The pass runs only on a text with a `|` (the digit index notes it), and
//! reads each line that holds one once: from a `|` to its line's end, then
//! on from there.

use super::find::HAS_PIPE;
use super::hl7::next_marked;
use crate::finding::{why, Hit};
use crate::PhiType::{Address, Date, HealthPlanId, Name, Ssn, ZipCode};

/// The most cells of a row read: a wider row is no person's record here.
const CELLS: usize = 40;

/// The score of a cell read as a record's: an HL7 field's, for the same
/// reasons (above the text scan's findings over part of it); an id's lower.
const SCORE: f32 = 0.93;
const ID_SCORE: f32 = 0.88;

/// The findings of the person records among the `|`-delimited lines of
/// `b`; `marks`: its chunk marks (`find::Marks`), empty for a short text.
pub(crate) fn records(b: &[u8], marks: &[u8], out: &mut Vec<Hit>) {
    let mut from = 0;
    while let Some(q) = next_marked(b, from, marks, HAS_PIPE, [b'|'; 2]) {
        let start = b[..q].iter().rposition(|&c| c == b'\n').map_or(0, |n| n + 1);
        let end = b[q..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(b.len(), |n| q + n);
        row(b, start, end, out);
        from = end + 1;
    }
}

/// Reports the cells of the row `start..end` if it is a person's record.
fn row(b: &[u8], start: usize, end: usize, out: &mut Vec<Hit>) {
    let mut cells = [(0, 0); CELLS];
    let (mut n, mut i) = (0, start);
    loop {
        if n == CELLS {
            return;
        }
        let e = b[i..end].iter().position(|&c| c == b'|').map_or(end, |k| i + k);
        cells[n] = trim(b, i, e);
        n += 1;
        if e == end {
            break;
        }
        i = e + 1;
    }
    let cells = &cells[..n];
    let cell = |k: usize| &b[cells[k].0..cells[k].1];
    // The name pair and the birth date after it.
    let Some((k, d)) = (0..n.saturating_sub(2)).find_map(|k| {
        let date = (k + 2..n.min(k + 4)).find(|&d| birth_date(cell(d)))?;
        (date == k + 2 || short(cell(k + 2))).then_some(())?;
        (name_cell(cell(k)) && name_cell(cell(k + 1)) && person(cell(k), cell(k + 1))).then_some((k, date))
    }) else {
        return;
    };
    // What follows the date: an SSN, a street, a state code and a ZIP.
    let (mut ssn, mut street, mut state) = (None, None, None);
    for j in d + 1..n {
        let v = cell(j);
        if ssn.is_none() && is_ssn(v) {
            ssn = Some(j);
        } else if street.is_none() && is_street(v) {
            street = Some(j);
        } else if state.is_none() && j > d + 1 && j + 1 < n && is_state(v) && is_zip(cell(j + 1)) {
            state = Some(j);
        }
    }
    if usize::from(ssn.is_some()) + usize::from(street.is_some()) + usize::from(state.is_some()) < 2 {
        return;
    }
    // Each cell's type, then the findings in the row's order: the label
    // pass reads each detector's findings as a sorted run.
    let mut types = [None; CELLS];
    if k > 0 && is_id(cell(k - 1)) {
        types[k - 1] = Some(HealthPlanId);
    }
    types[k] = Some(Name);
    types[k + 1] = Some(Name);
    types[d] = Some(Date);
    if let Some(j) = ssn {
        types[j] = Some(Ssn);
    }
    if let Some(j) = street {
        types[j] = Some(Address);
    }
    if let Some(j) = state {
        if types[j - 1].is_none() && name_cell(cell(j - 1)) {
            types[j - 1] = Some(Address);
        }
        types[j + 1] = Some(ZipCode);
    }
    for (&(s, e), ty) in cells.iter().zip(types) {
        if let Some(ty) = ty.filter(|_| s < e) {
            let score = if ty == HealthPlanId { ID_SCORE } else { SCORE };
            out.push(Hit::new(ty, s, e, score, why!("records", "cell of a person's record in a delimited file")));
        }
    }
}

/// `from..to` without the white space at its ends.
fn trim(b: &[u8], mut from: usize, mut to: usize) -> (usize, usize) {
    while from < to && b[from].is_ascii_whitespace() {
        from += 1;
    }
    while to > from && b[to - 1].is_ascii_whitespace() {
        to -= 1;
    }
    (from, to)
}

/// One to three words of letters (a byte from 0x80 is one), `'` or `-`,
/// each of two bytes or more, and not all of them a state code alone.
fn name_cell(v: &[u8]) -> bool {
    let words = v.split(|&c| c == b' ').filter(|w| !w.is_empty());
    let mut n = 0;
    for w in words {
        n += 1;
        if n > 3 || w.len() < 2 || !w[0].is_ascii_alphabetic() && w[0] < 0x80 {
            return false;
        }
        if !w.iter().all(|&c| c.is_ascii_alphabetic() || c >= 0x80 || c == b'\'' || c == b'-') {
            return false;
        }
    }
    n > 0 && !(v.len() == 2 && is_state(v))
}

/// Whether the two name cells read as a person's name.
fn person(a: &[u8], b: &[u8]) -> bool {
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else {
        return false;
    };
    let mut v = String::with_capacity(a.len() + b.len() + 1);
    v.push_str(b);
    v.push(' ');
    v.push_str(a);
    super::names::has_listed_name(&v) && !super::names::no_person(&v)
}

/// A cell of at most one letter (a middle initial, a sex code) or empty.
fn short(v: &[u8]) -> bool {
    v.len() <= 1
}

/// A birth date: `CCYYMMDD`, `CCYY-MM-DD` or `MM/DD/CCYY`, of a year from
/// 1880 to 2099.
fn birth_date(v: &[u8]) -> bool {
    let n = |r: std::ops::Range<usize>| v[r].iter().try_fold(0u32, |a, &c| c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0')));
    let (y, m, d) = match v.len() {
        8 => (n(0..4), n(4..6), n(6..8)),
        10 if v[4] == b'-' && v[7] == b'-' => (n(0..4), n(5..7), n(8..10)),
        10 if v[2] == b'/' && v[5] == b'/' => (n(6..10), n(0..2), n(3..5)),
        _ => return false,
    };
    matches!((y, m, d), (Some(1880..=2099), Some(1..=12), Some(1..=31)))
}

/// Nine digits (or `ddd-dd-dddd`) that pass the SSN rules.
fn is_ssn(v: &[u8]) -> bool {
    let shaped = (v.len() == 9 && v.iter().all(u8::is_ascii_digit)) || (v.len() == 11 && v[3] == b'-' && v[6] == b'-');
    shaped && std::str::from_utf8(v).is_ok_and(crate::validate::ssn)
}

/// A house number of one to six digits (a letter may follow), a space and
/// a word with a letter.
fn is_street(v: &[u8]) -> bool {
    let d = v.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &v[d..];
    let rest = rest.strip_prefix(&[b' '][..]).or_else(|| rest.get(1..).and_then(|r| r.strip_prefix(&[b' '][..])).filter(|_| rest[0].is_ascii_alphabetic()));
    (1..=6).contains(&d) && rest.is_some_and(|r| r.first().is_some_and(|c| c.is_ascii_alphanumeric()) && r.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
}

/// A US state's two-letter code.
fn is_state(v: &[u8]) -> bool {
    v.len() == 2 && super::locations::state_code(v)
}

/// A ZIP: five digits, `ddddd-dddd` or nine digits.
fn is_zip(v: &[u8]) -> bool {
    let digits = v.iter().all(u8::is_ascii_digit);
    (digits && (v.len() == 5 || v.len() == 9)) || (v.len() == 10 && v[5] == b'-' && v[..5].iter().chain(&v[6..]).all(u8::is_ascii_digit))
}

/// An id: 6 to 20 letters, digits and `-`, with at least four digits.
fn is_id(v: &[u8]) -> bool {
    (6..=20).contains(&v.len()) && v.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-') && v.iter().filter(|c| c.is_ascii_digit()).count() >= 4
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    fn found(text: &str) -> Vec<(PhiType, &str)> {
        Guard::default().scan(text, Format::Text).findings.iter().map(|f| (f.kind, &text[f.start..f.end])).collect()
    }

    /// An eligibility file's detail rows: each person's cells by their
    /// shapes, not the coverage date after the ZIP nor the state.
    #[test]
    fn a_header_less_eligibility_file_is_read_by_its_cells_shapes() {
        let text = "H|LAKESIDE CLINIC|ELIG|20260102|000017\n\
                    D|W123456789|GARCIA|MARIA|19610314|M|219099999|4417 WEXFORD LN|SPRINGFIELD|IL|62704|20250101|\n\
                    D|ZX88421337-01|DE LA CRUZ|ILONA|19550621|F|321549876|12 ORCHARD AVENUE, APT 4B|SANTA FE|NM|875011234|20240101|\n\
                    T|2";
        let f = found(text);
        for want in [
            (PhiType::HealthPlanId, "W123456789"),
            (PhiType::Name, "GARCIA"),
            (PhiType::Name, "MARIA"),
            (PhiType::Date, "19610314"),
            (PhiType::Ssn, "219099999"),
            (PhiType::Address, "4417 WEXFORD LN"),
            (PhiType::Address, "SPRINGFIELD"),
            (PhiType::ZipCode, "62704"),
            (PhiType::HealthPlanId, "ZX88421337-01"),
            (PhiType::Name, "DE LA CRUZ"),
            (PhiType::Name, "ILONA"),
            (PhiType::Date, "19550621"),
            (PhiType::Ssn, "321549876"),
            (PhiType::Address, "12 ORCHARD AVENUE, APT 4B"),
            (PhiType::Address, "SANTA FE"),
            (PhiType::ZipCode, "875011234"),
        ] {
            assert!(f.contains(&want), "{want:?} in {f:?}");
        }
        assert!(f.iter().all(|&(_, v)| !["20250101", "20240101", "IL", "NM", "M", "F"].contains(&v)), "{f:?}");
    }

    /// Rows of the same shapes that are no person's: a facility
    /// directory, an inventory, a price list, slot capacity.
    #[test]
    fn operational_rows_of_the_same_shapes_stay_clean() {
        for text in [
            "MERCY GENERAL HOSPITAL|Hospital|829 HOSPITAL DR|PHILADELPHIA|PA|19180|800-555-0176\nLAKESIDE IMAGING CENTER|Imaging|5991 HEALTH CENTER BLVD|SEATTLE|WA|98114|800-555-0171",
            "SKU-10442|GAUZE PADS|STERILE|20250101|CS|144|12 MAIN WAREHOUSE|DALLAS|TX|75233",
            "99213|OFFICE VISIT|EST PATIENT|20260101|146.00|137.36\n80053|METABOLIC PANEL|COMPREHENSIVE|20250101|307.00|182.96",
            "CARDIOLOGY|NORTH CAMPUS|20260115|0800|12|4|200 CLINIC DR|DECATUR|IL|62521",
        ] {
            assert!(found(text).iter().all(|&(ty, _)| ty != PhiType::Ssn), "{text:?}");
            let b = text.as_bytes();
            let mut out = Vec::new();
            super::records(b, &[], &mut out);
            assert!(out.is_empty(), "{text:?}: {out:?}");
        }
    }
}
