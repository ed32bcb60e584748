//! NCPDP Telecommunication Standard D.0 transactions (pharmacy claims and
//! their responses, as a switch or a PBM's service logs them), read by
//! field: `…202306240005667160<RS><FS>AM04<FS>C2M36633784<FS>CCMEERA…`.
//!
//! A transaction is a fixed header, then segments: a segment separator
//! (0x1E), then fields, each a field separator (0x1C), a two-byte field
//! id and its value (0x1D separates a transmission's transactions). The
//! first field of a segment is `AM` and the segment's id (`AM01` the
//! patient, `AM04` the insurance). The text scan reads none of it: a name
//! in capitals glued to its id (`CCMEERA`), a member id or a birth date
//! with no label. So a field's id says what its value is ([`FIELDS`]),
//! and the header's date of service is a date.
//!
//! A log writes the separators raw, as a bytes literal writes them
//! (`\x1c`) or as JSON does (`\u001c`); all three are read. What a field
//! holds that [`FIELDS`] does not list (the group, the Rx number, the
//! NDC, quantities, the pharmacy's and prescriber's ids) is left to the
//! text scan, which finds nothing there.

use super::find::HAS_PIPE;
use super::hl7::{next_marked, value_type};
use crate::finding::{why, Hit, Why};
use crate::PhiType::{self, Address, Date, Email, HealthPlanId, Name, OtherId, Phone, ZipCode};

const WHY: Why = why!("ncpdp", "PHI field of an NCPDP pharmacy transaction");
const ID_SCORE: f32 = 0.88;
const SCORE: f32 = 0.93;

/// The field separator (FS) and segment separator (RS).
const FS: u8 = 0x1C;
const RS: u8 = 0x1E;

/// The fields that hold a patient's or cardholder's PHI, by id (the
/// two-byte "field identifier" of the D.0 data dictionary, the same in
/// every segment and in responses): what their value is.
static FIELDS: [([u8; 2], PhiType); 17] = [
    (*b"C2", HealthPlanId), // 302-C2 cardholder id
    (*b"N5", HealthPlanId), // 115-N5 Medicaid id number
    (*b"2A", HealthPlanId), // 359-2A Medigap id
    (*b"CY", OtherId),      // 332-CY patient id
    (*b"CC", Name),         // 312-CC cardholder first name
    (*b"CD", Name),         // 313-CD cardholder last name
    (*b"CA", Name),         // 310-CA patient first name
    (*b"CB", Name),         // 311-CB patient last name
    (*b"C4", Date),         // 304-C4 date of birth
    (*b"DE", Date),         // 414-DE date prescription written
    (*b"DY", Date),         // 434-DY date of injury
    (*b"E8", Date),         // 443-E8 other payer date
    (*b"CM", Address),      // 322-CM patient street address
    (*b"CN", Address),      // 323-CN patient city
    (*b"CP", ZipCode),      // 325-CP patient ZIP/postal zone
    (*b"CQ", Phone),        // 326-CQ patient phone number
    (*b"HN", Email),        // 350-HN patient e-mail address
];

/// What the field `id` holds, if it is a person's.
fn kind(id: &[u8]) -> Option<PhiType> {
    // A loop over the table, not the switch LLVM would make of it.
    std::hint::black_box(&FIELDS[..]).iter().find(|f| f.0 == id).map(|f| f.1)
}

/// The separator at `i`: raw (0x1C to 0x1E), as a bytes literal writes it
/// (`\x1c`) or as JSON does (`\u001c`), hex digits in either case. Its
/// byte and length. Not inlined: three callers, on a rare path.
#[inline(never)]
fn separator(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let (hex, n) = match *b.get(i)? {
        c @ FS..=RS => return Some((c, 1)),
        b'\\' => match (b.get(i + 1), b.get(i + 2..i + 4)) {
            (Some(b'x'), Some(h)) => (h, 4),
            (Some(b'u'), Some(b"00")) => (b.get(i + 4..i + 6)?, 6),
            _ => return None,
        },
        _ => return None,
    };
    let c = match hex {
        [b'1', c @ (b'c'..=b'e' | b'C'..=b'E')] => 0x10 | (c.to_ascii_lowercase() - b'a' + 10),
        _ => return None,
    };
    Some((c, n))
}

/// Whether a segment starts at the field separator at `i` (of length
/// `n`): its first field is `AM` and two digits.
fn segment_at(b: &[u8], i: usize, n: usize) -> bool {
    matches!(b.get(i + n..i + n + 4), Some([b'A', b'M', d, e]) if d.is_ascii_digit() && e.is_ascii_digit())
}

/// The findings of the NCPDP transactions of `b`, in order: each
/// transaction's fields from its first segment on, and its header's date
/// of service. The scan calls it only for a text with a field separator's
/// byte (0x1C or a `\\`, `Index::seps`); a segment (`AM` and two digits
/// after a field separator) is sought from each. `marks`: the text's chunk
/// marks (`find::Marks`), empty for a short text.
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
pub(super) fn transactions(b: &[u8], marks: &[u8], out: &mut Vec<Hit>) {
    let mut i = 0;
    // Where the fields read last end: a segment there continues them.
    let mut read_to = 0;
    // Byte by byte in a long text's chunks that hold a `|`, 0x1C or `\\`
    // (a log's backslashes are few), or a short text's bytes.
    while let Some(at) = next_marked(b, i, marks, HAS_PIPE, [FS, b'\\']) {
        i = at + 1;
        let Some((FS, n)) = separator(b, at) else { continue };
        if !segment_at(b, at, n) {
            continue;
        }
        if at > read_to {
            header(b, at, out);
        }
        read_to = fields(b, at, out);
        i = read_to;
    }
}

/// The date of service in the header before the segment separator that
/// ends right before the field separator at `fs`: a request's header is
/// 56 bytes (BIN, `D0`, …, the date at 38), a response's 31 (`D0`, …, the
/// date at 23).
#[cfg_attr(phi_guard_small, optimize(size))]
fn header(b: &[u8], fs: usize, out: &mut Vec<Hit>) {
    let Some(rs) = [1, 4, 6].into_iter().filter_map(|n| fs.checked_sub(n)).find(|&r| separator(b, r) == Some((RS, fs - r))) else { return };
    let request = rs >= 56 && b[rs - 56..rs - 50].iter().all(u8::is_ascii_digit) && &b[rs - 50..rs - 48] == b"D0";
    let date = if request {
        rs - 56 + 38
    } else if rs >= 31 && &b[rs - 31..rs - 29] == b"D0" {
        rs - 31 + 23
    } else {
        return;
    };
    if b[date..date + 8].iter().all(u8::is_ascii_digit) {
        out.push(Hit::new(Date, date, date + 8, SCORE, WHY));
    }
}

/// Reads the fields from the separator at `i` on, to `out`, as long as
/// separators follow each other; returns where they stop. A value runs
/// to the next separator, or to a byte no value holds (a control byte, a
/// quote or a backslash that starts no separator): the end of what the
/// log quoted.
#[cfg_attr(phi_guard_small, optimize(size))]
fn fields(b: &[u8], mut i: usize, out: &mut Vec<Hit>) -> usize {
    while let Some((c, n)) = separator(b, i) {
        i += n;
        if c != FS {
            continue;
        }
        let Some(id) = b.get(i..i + 2).filter(|id| id.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())) else { break };
        let s = i + 2;
        i = s + b[s..].iter().take_while(|&&c| c >= 0x20 && c != b'"' && c != b'\\').count();
        let v = b[s..i].trim_ascii_end();
        if let Some(ty) = kind(id).and_then(|ty| value_type(ty, v)) {
            let score = if matches!(ty, HealthPlanId | OtherId) { ID_SCORE } else { SCORE };
            out.push(Hit::new(ty, s, s + v.len(), score, WHY));
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(PhiType, &str)> {
        let mut out = Vec::new();
        transactions(text.as_bytes(), &crate::detect::find::marks_bytewise(text.as_bytes()), &mut out);
        out.iter().map(|h| (h.kind, &text[h.start()..h.end()])).collect()
    }

    /// A B1 request (synthetic values), its separators written `sep(FS, RS, GS)`.
    fn claim(fs: &str, rs: &str, gs: &str) -> String {
        format!(
            "610020D0B1ADV       1012493603908     202306240005667160{rs}{fs}AM04{fs}C2ZQ4471920{fs}C1GRP3762{fs}CCTOMASZ{fs}CDKOWALCZYK{fs}C301\
             {rs}{fs}AM01{fs}C419820313{fs}C52{fs}CATOMASZ{fs}CBKOWALCZYK{fs}CM41 BIRCH HOLLOW RD  {fs}CP99522{fs}CQ5095550187{gs}{rs}{fs}AM07{fs}EM1{fs}D2000034645307{fs}E103{fs}D769689898991{fs}E73000"
        )
    }

    const WANT: [(PhiType, &str); 10] = [
        (Date, "20230624"),
        (HealthPlanId, "ZQ4471920"),
        (Name, "TOMASZ"),
        (Name, "KOWALCZYK"),
        (Date, "19820313"),
        (Name, "TOMASZ"),
        (Name, "KOWALCZYK"),
        (Address, "41 BIRCH HOLLOW RD"),
        (ZipCode, "99522"),
        (Phone, "5095550187"),
        // (the claim segment's Rx number, NDC and quantities: nothing)
    ];

    #[test]
    fn fields_by_id_with_raw_and_escaped_separators() {
        let want = &WANT[..];
        assert_eq!(found(&claim("\x1c", "\x1e", "\x1d")), want);
        assert_eq!(found(&claim("\\x1c", "\\x1e", "\\x1d")), want);
        assert_eq!(found(&claim("\\x1C", "\\x1E", "\\x1D")), want);
        assert_eq!(found(&claim("\\u001c", "\\u001e", "\\u001d")), want);
        // In a log line, as a JSON string: the value ends at the quote.
        let line = format!(r#"{{"msg":"B1 request","payload":"{}","bin":"610020"}}"#, claim("\\u001c", "\\u001e", "\\u001d"));
        assert_eq!(found(&line), want);
    }

    #[test]
    fn a_response_header_and_segments() {
        // A paid response: header `D0B11A011234567893     20230624`, then
        // the response's patient segment (AM29).
        let text = "D0B11A011234567893     20230624\x1e\x1cAM20\x1cF4PAID\x1e\x1cAM29\x1cCATOMASZ\x1cCBKOWALCZYK\x1cC419820313";
        assert_eq!(found(text), [(Date, "20230624"), (Name, "TOMASZ"), (Name, "KOWALCZYK"), (Date, "19820313")]);
    }

    #[test]
    fn no_segment_no_finding() {
        // Separators without an `AM` segment, a header with no segment,
        // a field id that is not the D.0 one, paths and escapes.
        for text in [
            "a\x1cCCTOMASZ\x1cCDKOWALCZYK",
            "610020D0B1ADV       1012493603908     202306240005667160",
            "C:\\x1cAMIGO\\users\\CCTOMASZ",
            "\\x1cAM0\\x1cCCTOMASZ",
            "\\x1cam04\\x1cCCTOMASZ",
            "\\x2cAM04\\x1cCCTOMASZ",
        ] {
            assert_eq!(found(text), [], "{text:?}");
        }
        // A segment is read; a value that is only spaces, or a name with
        // no letter, is not a finding.
        assert_eq!(found("\x1cAM04\x1cCC   \x1cCD0000\x1cC2W2352288308"), [(HealthPlanId, "W2352288308")]);
    }

    #[test]
    fn separators() {
        assert_eq!(separator(b"\x1c", 0), Some((FS, 1)));
        assert_eq!(separator(b"\\x1E", 0), Some((RS, 4)));
        assert_eq!(separator(b"\\u001d", 0), Some((0x1D, 6)));
        for s in ["\\x1f", "\\x1b", "\\u0010c", "\\u01c", "\\x1", "\\n", "x1c", "\x1f"] {
            assert_eq!(separator(s.as_bytes(), 0), None, "{s:?}");
        }
    }
}
