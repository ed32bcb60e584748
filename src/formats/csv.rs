//! CSV and TSV (RFC 4180): a header row of field names labels its columns,
//! and each cell is scanned as a JSON string value under its header key
//! would be (`json::column_value`), so `mrn,dob` labels `88421337` and
//! `1961-03-14` as `{"mrn": …, "dob": …}` does. A cell under a header that
//! names nothing is scanned as text.
//!
//! One pass, each byte read once (the header line's delimiters are counted
//! first, at most [`HEADER_LEN`] bytes). Anything this reader does not take
//! for a table (no header of field names, a quote not closed, a row of
//! another cell count, a control byte) before its first row is
//! [`Read::NotCsv`] or [`Read::Malformed`], and the caller scans the text
//! as text; after rows, the table ends there and the rest is scanned as
//! text (a footer such as `Total: 2 patients,,,`).

use super::json::{self, Column, Keys};
use crate::finding::Hit;
use crate::Guard;

/// The delimiters a header may use, in the order that breaks a tie.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];
/// The longest header line read.
const HEADER_LEN: usize = 4096;
/// The longest header cell: a field name, not a value.
const NAME_LEN: usize = 64;

/// What [`scan`] made of a text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Read {
    /// A table: its findings were pushed.
    Table,
    /// No header row of field names (nothing pushed).
    NotCsv,
    /// A header, then something no table holds (nothing pushed).
    Malformed,
}

/// One cell: its content `s..e` (inside the quotes of a quoted cell, spaces
/// around an unquoted one trimmed), whether it holds a `""`, whether it
/// ends its record, and where the next cell starts.
struct Cell {
    s: usize,
    e: usize,
    escaped: bool,
    last: bool,
    next: usize,
}

/// The cell that starts at `i`, delimited by `d`; `None` where no table
/// has one: a quote not closed or followed by other than a delimiter or a
/// line's end, or a control byte (binary, or not a table).
fn cell(b: &[u8], i: usize, d: u8) -> Option<Cell> {
    let mut j = i;
    while b.get(j) == Some(&b' ') {
        j += 1;
    }
    if b.get(j) == Some(&b'"') {
        let s = j + 1;
        let mut k = s;
        let mut escaped = false;
        let e = loop {
            match *b.get(k)? {
                b'"' if b.get(k + 1) == Some(&b'"') => {
                    escaped = true;
                    k += 2;
                }
                b'"' => break k,
                c if c < b' ' && !matches!(c, b'\t' | b'\r' | b'\n') => return None,
                _ => k += 1,
            }
        };
        k = e + 1;
        while b.get(k) == Some(&b' ') {
            k += 1;
        }
        let (last, next) = match b.get(k) {
            None => (true, k),
            Some(&c) if c == d => (false, k + 1),
            Some(b'\n') => (true, k + 1),
            Some(b'\r') if b.get(k + 1) == Some(&b'\n') => (true, k + 2),
            _ => return None,
        };
        #[cfg(test)]
        tests::READ.with(|r| r.set(r.get() + (next - i)));
        return Some(Cell { s, e, escaped, last, next });
    }
    let mut k = i;
    let (last, next) = loop {
        match b.get(k) {
            None => break (true, k),
            Some(&c) if c == d => break (false, k + 1),
            Some(b'\n') => break (true, k + 1),
            Some(&c) if c < b' ' && !matches!(c, b'\t' | b'\r') => return None,
            _ => k += 1,
        }
    };
    let mut e = k;
    if last && e > i && b[e - 1] == b'\r' {
        e -= 1;
    }
    while e > j && b[e - 1] == b' ' {
        e -= 1;
    }
    #[cfg(test)]
    tests::READ.with(|r| r.set(r.get() + (next - i)));
    Some(Cell { s: j, e, escaped: false, last, next })
}

/// Whether `text` may start with a header row (inlined into every `auto`
/// scan of text, so only its first line's first bytes are looked at):
/// a field name or a delimiter first, a line's end within [`HEADER_LEN`],
/// and a delimiter before it.
#[inline]
pub(crate) fn may_start(text: &str) -> bool {
    let b = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    let head = &b[..b.len().min(HEADER_LEN)];
    matches!(head.first(), Some(c) if c.is_ascii_alphabetic() || matches!(c, b'"' | b'_' | b',' | b';' | b'\t'))
        && head.iter().position(|&c| c == b'\n').is_some_and(|n| head[..n].iter().any(|c| DELIMITERS.contains(c)))
}

/// The header's delimiter: the one of `delimiters` its first line holds most of.
fn delimiter(line: &[u8], delimiters: &[u8]) -> Option<u8> {
    let count = |d: u8| line.iter().filter(|&&c| c == d).count();
    let (d, n) = delimiters.iter().map(|&d| (d, count(d))).fold((0, 0), |best, x| if x.1 > best.1 { x } else { best });
    (n > 0).then_some(d)
}

/// Whether a header cell's text is shaped like a field name: short, and no
/// value's punctuation or digit run (`MRN,88421337` is a label and its
/// value, not a header).
fn name_shaped(v: &[u8]) -> bool {
    v.len() <= NAME_LEN
        && v.iter().filter(|c| c.is_ascii_digit()).count() <= 2
        && v.iter().all(|&c| c >= 0x80 || c.is_ascii_alphanumeric() || matches!(c, b' ' | b'_' | b'-' | b'.' | b'/' | b'#' | b'(' | b')' | b'&' | b'\''))
}

/// Scans `text` as a table (see the module's docs). `sniffed`: the format
/// was `auto`, so a first data row that looks like a label and its value
/// (`MRN,88421337` then `DOB,1961-03-14`: a list of fields, not a table)
/// makes it [`Read::NotCsv`].
pub(crate) fn scan(guard: &Guard, text: &str, sniffed: bool, out: &mut Vec<Hit>) -> Read {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let b = text.as_bytes();
    let Some(line_end) = b[bom..b.len().min(bom + HEADER_LEN)].iter().position(|&c| c == b'\n').map(|n| bom + n) else { return Read::NotCsv };
    let Some(d) = delimiter(&b[bom..line_end], &DELIMITERS) else { return Read::NotCsv };
    // The header: every cell a field name, at least one a known key.
    let mut cells = Vec::new();
    let mut i = bom;
    loop {
        let Some(c) = cell(b, i, d) else { return Read::NotCsv };
        if c.escaped || c.e > line_end || !name_shaped(&b[c.s..c.e]) {
            return Read::NotCsv;
        }
        cells.push((c.s, c.e));
        i = c.next;
        if c.last {
            break;
        }
    }
    let mut keys = Keys::for_len(guard, text.len());
    let read = read_rows(guard, text, &mut keys, &cells, i, d, sniffed, out);
    keys.give_back();
    read
}

/// [`scan`] past the header cells `header`, from `i`.
#[allow(clippy::too_many_arguments)]
fn read_rows<'t>(guard: &Guard, text: &'t str, keys: &mut Keys<'t>, header: &[(usize, usize)], mut i: usize, d: u8, sniffed: bool, out: &mut Vec<Hit>) -> Read {
    let b = text.as_bytes();
    let columns: Vec<Column> = header.iter().map(|&(s, e)| keys.column(guard, text, s, e)).collect();
    if columns.iter().any(Column::has_findings) || !columns.iter().any(|c| matches!(c.rule(), Some(crate::labels::LabelKind::Phi(_)))) {
        return Read::NotCsv;
    }
    let from = out.len();
    let mut rows = 0;
    let mut decoded = Vec::new();
    while i < b.len() {
        // A blank line is no row.
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) == Some(&b'\n')) {
            i += if b[i] == b'\n' { 1 } else { 2 };
            continue;
        }
        let (row_start, row_from) = (i, out.len());
        for (n, col) in columns.iter().enumerate() {
            let Some(c) = cell(b, i, d).filter(|c| c.last == (n + 1 == columns.len())) else {
                if rows > 0 {
                    // The table ends at a row it cannot hold (a footer, a
                    // note, a quote not closed): its rows keep their
                    // columns, and the rest is text.
                    out.truncate(row_from);
                    scan_at(text, row_start, text.len(), None, &guard.opts, out);
                    return Read::Table;
                }
                out.truncate(from);
                return if sniffed { Read::NotCsv } else { Read::Malformed };
            };
            if sniffed && rows == 0 && n == 0 && !c.escaped && matches!(keys.column(guard, text, c.s, c.e).rule(), Some(crate::labels::LabelKind::Phi(_))) {
                return Read::NotCsv;
            }
            if c.escaped {
                quoted_cell(&text[c.s..c.e], c.s, &mut |v, found| json::column_decoded(&guard.opts, v, col, found), &mut decoded, out);
            } else {
                json::column_value(guard, keys, text, c.s, c.e, col, out);
            }
            i = c.next;
        }
        rows += 1;
    }
    if rows == 0 {
        return if sniffed { Read::NotCsv } else { Read::Malformed };
    }
    Read::Table
}

/// The text scan of `text[s..e]` under `kind`, its findings placed in `text`.
fn scan_at(text: &str, s: usize, e: usize, kind: Option<crate::labels::LabelKind>, opts: &crate::detect::ScanOptions, out: &mut Vec<Hit>) {
    let from = out.len();
    crate::detect::scan_segment(&text[s..e], kind, opts, out);
    for h in &mut out[from..] {
        h.start += s;
        h.end += s;
    }
}

/// A quoted cell's content `raw` (at `at` in the text) with `""` in it:
/// scanned decoded by `scan`, its findings mapped back onto the raw text
/// (a finding never starts or ends between the two quotes of a `""`).
fn quoted_cell(raw: &str, at: usize, scan: &mut dyn FnMut(&str, &mut Vec<Hit>), found: &mut Vec<Hit>, out: &mut Vec<Hit>) {
    let v = raw.replace("\"\"", "\"");
    // The raw offset of each decoded byte, and of the end.
    let mut map = Vec::with_capacity(v.len() + 1);
    let rb = raw.as_bytes();
    let mut k = 0;
    while k < rb.len() {
        map.push(k);
        k += if rb[k] == b'"' { 2 } else { 1 };
    }
    map.push(rb.len());
    found.clear();
    scan(&v, found);
    for mut h in found.drain(..) {
        h.start = at + map[h.start];
        h.end = at + map[h.end];
        out.push(h);
    }
}

/// How far a header cell reaches either side of a label inside it
/// (`pt_first`, `DOB (MM/DD/YYYY)`, `Guarantor DOB`): [`REACH`] bytes, far
/// less than a cell's [`NAME_LEN`], as this runs for every label of a
/// text, and in prose a label's words run on (64 bytes cost log-1MB about
/// 4% of its instructions).
fn in_cell(b: &[u8], s: usize, e: usize) -> bool {
    const REACH: usize = 24;
    let cell_byte = |c: u8| c >= 0x80 || c.is_ascii_alphanumeric() || matches!(c, b' ' | b'_' | b'-' | b'.' | b'/' | b'#' | b'(' | b')' | b'&' | b'\'' | b'"');
    let ends = |c: Option<&u8>| matches!(c, None | Some(b',' | b'\t' | b';' | b'|' | b'\n' | b'\r'));
    // After the label first: most labels in text have a `:` or `=` next,
    // which ends the test at its first byte.
    let after = b[e..].iter().take(REACH).position(|&c| !cell_byte(c)).map_or(b.len().min(e + REACH), |n| e + n);
    if !ends(b.get(after)) {
        return false;
    }
    let before = b[..s].iter().rev().take(REACH).position(|&c| !cell_byte(c)).map_or(s.saturating_sub(REACH), |n| s - n);
    (before == 0 || ends(b.get(before - 1))) && b[before..after].iter().filter(|c| c.is_ascii_digit()).count() <= 2
}

/// The tables inside a text scanned as text (a log line's export, the CSV
/// in a JSON string): each a header line of field names, then rows of its
/// cell count, read as [`scan`] reads a whole table, but with the guard's
/// key rules alone (no JSON key cache; each cell through the text scan).
/// Their findings are pushed; returns where each table is, header to its
/// last row, in order.
///
/// Surer of its header than [`scan`], as a text is mostly not a table: a
/// line of its own of two cells or more, each a field name of at most four
/// words, none empty, at least two of them keys that name PHI
/// (`MRN,88421337` has one), and a next line of the same cell count. A
/// markdown table's lines (`| a | b |`) are read between their opening and
/// closing `|`; its delimiter row (`|---|:-:|`) is read as a row, whose
/// cells are no value under any key. Only a line
/// that holds one of the text's `labels` as (part of) a cell is looked at,
/// so a text without one costs a test per label; each line once at most.
pub(crate) fn tables_in(text: &str, labels: &[crate::labels::LabelHit], opts: &crate::detect::ScanOptions, out: &mut Vec<Hit>) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // Labels before this are in a line looked at, or in a table.
    let mut seen = 0;
    for l in labels {
        if l.start < seen || !in_cell(b, l.start, l.end) {
            continue;
        }
        let ls = b[seen..l.start].iter().rposition(|&c| c == b'\n').map_or(seen, |n| seen + n + 1);
        let Some(le) = b[l.end..b.len().min(l.end + HEADER_LEN)].iter().position(|&c| c == b'\n').map(|n| l.end + n) else {
            seen = l.end + HEADER_LEN;
            continue;
        };
        seen = le + 1;
        if le - ls > HEADER_LEN {
            continue;
        }
        if let Some(end) = table_at(text, ls, le, opts, out) {
            found.push((ls, end));
            seen = end;
        }
    }
    found
}

/// The column of a table inside text: its header's key rule, and whether
/// the header is exactly `name` (a value must look like a person's name).
struct Col(Option<crate::labels::LabelKind>, bool);

/// [`tables_in`] for the header line `ls..le`: where the table ends, if
/// there is one (its findings pushed).
fn table_at(text: &str, ls: usize, le: usize, opts: &crate::detect::ScanOptions, out: &mut Vec<Hit>) -> Option<usize> {
    let b = text.as_bytes();
    let line = &b[ls..le];
    let d = delimiter(line, b",\t;|")?;
    // A markdown table (`| Name | DOB |`): each line between an opening
    // and a closing `|`, read as the cells between them.
    let md = line[0] == b'|';
    // Up to its line end: a header cell's quote is closed on its line.
    let head = &b[..=le];
    let (mut cols, mut i, mut phi) = (Vec::new(), ls + usize::from(md), 0);
    loop {
        let c = cell(head, i, d)?;
        let v = &text[c.s..c.e];
        // The empty cell after a markdown line's closing `|`.
        if md && c.last && v.is_empty() {
            break;
        }
        if c.escaped || v.is_empty() || !name_shaped(v.as_bytes()) || v.bytes().filter(|&c| c == b' ').count() > 3 {
            return None;
        }
        let words = crate::labels::normalise(v);
        let rule = opts.key_rule(&words);
        phi += matches!(rule, Some(crate::labels::LabelKind::Phi(_))) as usize;
        cols.push(Col(rule, words == "name"));
        i = c.next;
        if c.last {
            break;
        }
    }
    if cols.len() < 2 || phi < 2 {
        return None;
    }
    i = le + 1;
    let (mut end, mut found, mut cells) = (None, Vec::new(), Vec::new());
    // Rows up to a blank line, a line of another cell count or a quote not
    // closed: the table ends before it. A markdown row is its cells between
    // an opening `|` and a closing one (the last cell, empty).
    while i < b.len() && !matches!(b[i], b'\n' | b'\r') && (!md || b[i] == b'|') {
        let mut j = i + usize::from(md);
        cells.clear();
        for n in 0..cols.len() + usize::from(md) {
            let c = cell(b, j, d).filter(|c| c.last == (n + 1 == cols.len() + usize::from(md)));
            let Some(c) = c else { return end };
            j = c.next;
            cells.push(c);
        }
        if md && cells.pop().is_some_and(|c| c.e > c.s) {
            return end;
        }
        // A row whose `name` is no person's (a facility, a product) is not
        // read by its columns: its street and phone are no patient's.
        if cols.iter().zip(&cells).any(|(col, c)| col.1 && c.e > c.s && crate::detect::names::no_person(&text[c.s..c.e])) {
            scan_at(text, i, j, None, opts, out);
        } else {
            for (col, c) in cols.iter().zip(&cells) {
                let v = &text[c.s..c.e];
                let kind = col.0.filter(|_| !col.1 || crate::detect::names::plausible_name(v));
                if c.escaped {
                    quoted_cell(v, c.s, &mut |v, hits| crate::detect::scan_segment(v, kind, opts, hits), &mut found, out);
                } else {
                    scan_at(text, c.s, c.e, kind, opts, out);
                }
            }
        }
        end = Some(j);
        i = j;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, PhiType};
    use std::cell::Cell as Count;

    thread_local! {
        /// Bytes the cells read (from a cell's start to the next one's).
        pub(super) static READ: Count<usize> = const { Count::new(0) };
    }

    fn found(s: &str) -> Vec<(PhiType, &str)> {
        Guard::default().scan(s, Format::Csv).findings.iter().map(|f| (f.kind, &s[f.start..f.end])).collect()
    }

    #[test]
    fn cells_quoted_and_not() {
        let b = br#"a, "b ""q"", c" ,d"#;
        let c = cell(b, 0, b',').unwrap();
        assert_eq!((c.s, c.e, c.last, c.next), (0, 1, false, 2));
        let c = cell(b, 2, b',').unwrap();
        assert_eq!((&b[c.s..c.e], c.escaped, c.last), (&br#"b ""q"", c"#[..], true, false));
        let c = cell(b, c.next, b',').unwrap();
        assert_eq!((&b[c.s..c.e], c.last, c.next), (&b"d"[..], true, b.len()));
        assert_eq!(cell(b"x\r\ny", 0, b',').map(|c| (c.e, c.last, c.next)), Some((1, true, 3)));
        // Not closed, text after a closing quote, a control byte.
        assert!(cell(br#""abc"#, 0, b',').is_none());
        assert!(cell(br#""abc"x,y"#, 0, b',').is_none());
        assert!(cell(b"a\0b", 0, b',').is_none());
    }

    #[test]
    fn header_names_the_columns() {
        let t = "first_name,last_name,dob,mrn\nZoltan,Quibble,1961-03-14,88421337\n";
        assert_eq!(found(t), [(PhiType::Name, "Zoltan"), (PhiType::Name, "Quibble"), (PhiType::Date, "1961-03-14"), (PhiType::Mrn, "88421337")]);
        // The delimiter is the header's: tabs, semicolons.
        assert_eq!(found("mrn\tnote\n88421337\tok\n"), [(PhiType::Mrn, "88421337")]);
        assert_eq!(found("mrn;note\r\n88421337;ok"), [(PhiType::Mrn, "88421337")]);
    }

    /// Each cell is what the JSON walk makes of a string value under its
    /// header key, the text findings of a cell under an unknown header
    /// included, at the cell's place.
    #[test]
    fn a_cell_is_a_json_value_under_its_header() {
        let g = Guard::default();
        let rows = [("patient_name", "Zoltan Quibble"), ("name", "New patient"), ("email", "zq@example.com"), ("notes", "ssn 219-09-9999, call 312-555-0142"), ("ssn", "219099999"), ("status", "active"), ("dob", "03/14/1961")];
        for (key, v) in rows {
            let csv = format!("{key},id\n{v},1\n");
            let json = format!(r#"{{"{key}":"{v}"}}"#);
            let of = |s: &str, f: Format, at: usize| g.scan(s, f).findings.iter().map(|x| (x.kind, x.start - at, x.end - at, x.detector.to_string())).collect::<Vec<_>>();
            assert_eq!(of(&csv, Format::Csv, key.len() + 4), of(&json, Format::Json, key.len() + 5), "{key}");
        }
    }

    #[test]
    fn quoted_cells_and_non_ascii() {
        let t = "name,mrn,note\r\n\"Quibble, Zoltan\",88421337,\"said \"\"hi\"\"\nssn 219-09-9999\"\r\nJosé Núñez,77,x\r\n";
        let got = found(t);
        assert!(got.contains(&(PhiType::Name, "Quibble, Zoltan")), "{got:?}");
        assert!(got.contains(&(PhiType::Ssn, "219-09-9999")), "{got:?}");
        assert!(got.contains(&(PhiType::Name, "José Núñez")), "{got:?}");
        let out = Guard::default().scan(t, Format::Csv).redacted;
        assert!(out.starts_with("name,mrn,note\r\n\"[NAME]\",[MRN],\"said \"\"hi\"\"\nssn [SSN]\"\r\n[NAME],"), "{out}");
    }

    #[test]
    fn auto_reads_a_table_and_nothing_else() {
        let g = Guard::default();
        let scan = g.scan("\u{feff}first_name,last_name,mrn\nZoltan,Quibble,88421337\n", Format::Auto);
        assert_eq!((scan.format, scan.fallback), (Format::Csv, None));
        assert_eq!(scan.redacted, "\u{feff}first_name,last_name,mrn\n[NAME],[NAME],[MRN]\n");
        // Not tables: a log, a label and its value on each line, a header
        // that names nothing, a lone header, prose with commas.
        for t in ["INFO a,b\nINFO c,d\n", "MRN,88421337\nDOB,1961-03-14\n", "colour,size\nred,10\n", "mrn,dob\n", "Patient: Zoltan Quibble, DOB 1961-03-14\nSeen, stable\n"] {
            let scan = g.scan(t, Format::Auto);
            assert_eq!((scan.format, scan.fallback), (Format::Text, None), "{t:?}");
        }
        // The label and its value are found as text.
        assert_eq!(g.scan("MRN,88421337\nDOB,1961-03-14\n", Format::Auto).redacted, "MRN,[MRN]\nDOB,[DATE]\n");
    }

    #[test]
    fn malformed_tables_fall_back_to_text() {
        let g = Guard::default();
        for t in ["mrn,note\n88421337,ok,extra\n", "mrn,note\n88421337\n", "mrn,note\n\"88421337,ok\n", "mrn,note\n8842\0,ok\n", "mrn,note\n"] {
            for f in [Format::Csv, Format::Auto] {
                let scan = g.scan(t, f);
                assert_eq!(scan.format, Format::Text, "{t:?}");
                if f == Format::Csv {
                    assert_eq!(scan.fallback, Some("malformed_csv"), "{t:?}");
                }
            }
        }
        // A row the table cannot hold after good ones (a footer): the table
        // ends there, its rows keep their columns and the rest is text.
        for f in [Format::Csv, Format::Auto] {
            let scan = g.scan("mrn,note\n88421337,ok\n1,2,3\nssn 219-09-9999\n", f);
            assert_eq!((scan.format, scan.fallback), (Format::Csv, None));
            assert_eq!(scan.redacted, "mrn,note\n[MRN],ok\n1,2,3\nssn [SSN]\n");
            let export = "name,mrn,dob\nZoltan Quibble,88421337,1961-04-12\nOrrin Thackeray,88421338,1970-01-01\n\nTotal: 2 patients,,,\n";
            assert_eq!(g.scan(export, f).redacted, "name,mrn,dob\n[NAME],[MRN],[DATE]\n[NAME],[MRN],[DATE]\n\nTotal: 2 patients,,,\n");
        }
    }

    /// Each byte is read once by the cells, whatever the quoting.
    #[test]
    fn bytes_read_are_linear() {
        for row in ["88421337,\"a \"\"b\"\", c\"\n", "\"\"\"\"\"\"\",\"\"\r\n", ",\n", "1,\"unclosed\n"] {
            let t = format!("mrn,note\n{}", row.repeat(20_000));
            READ.with(|r| r.set(0));
            let _ = Guard::default().scan(&t, Format::Csv);
            let read = READ.with(Count::get);
            assert!(read <= t.len(), "{row:?}: {read} bytes read of {}", t.len());
        }
    }

    fn in_text(t: &str, f: Format) -> Vec<(PhiType, &str)> {
        Guard::default().scan(t, f).findings.iter().map(|x| (x.kind, &t[x.start..x.end])).collect()
    }

    fn tables(t: &str) -> Vec<(usize, usize)> {
        tables_in(t, &crate::labels::find_labels(t), &Guard::default().opts, &mut Vec::new())
    }

    /// A table inside a text scanned as text is read by its columns, as a
    /// whole table is; the text around it is scanned as text.
    #[test]
    fn tables_inside_text() {
        // At the text's start, vendor headers, CRLF, quoted cells with a
        // delimiter and `""`; a note after it stays text.
        let t = "PatLName,PatFName,DOB (MM/DD/YYYY),MBR_ID,City,State,Zip,Notes\r\nQuibble,Zoltan,03/14/1961,ZGP639825534,\"Tucson\",AZ,85703,\r\n\"Thackeray, Jr\",Orrin,01/02/1970,U36775986,Boise,ID,83760,\"said \"\"call 312-555-0142\"\"\"\r\nnote: ssn 219-09-9999\r\n";
        let got = in_text(t, Format::Text);
        for want in [(PhiType::Name, "Quibble"), (PhiType::Name, "Zoltan"), (PhiType::Date, "03/14/1961"), (PhiType::HealthPlanId, "ZGP639825534"), (PhiType::Address, "Tucson"), (PhiType::ZipCode, "85703"), (PhiType::Name, "Thackeray, Jr"), (PhiType::HealthPlanId, "U36775986"), (PhiType::ZipCode, "83760"), (PhiType::Phone, "312-555-0142"), (PhiType::Ssn, "219-09-9999")] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        // The header's words are field names, and a state is no address.
        assert!(!got.iter().any(|&(_, v)| v == "State" || v == "AZ"), "{got:?}");
        // After a log line; tabs; German headers; pipes.
        let t = "2025-02-07T06:49:12Z INFO warehouse extract:\nmbr_id\tpt_first\tpt_last\tbirth_dt\tzip5\tcpt\nZGP639825534\tCAMILA\tCASTILLO NUNEZ\t1971-12-01\t11286\t99203\n";
        assert_eq!(in_text(t, Format::Text), [(PhiType::HealthPlanId, "ZGP639825534"), (PhiType::Name, "CAMILA"), (PhiType::Name, "CASTILLO NUNEZ"), (PhiType::Date, "1971-12-01"), (PhiType::ZipCode, "11286")]);
        let t = "PatientID;Nachname;Vorname;Geburtsdatum;PLZ;Telefon\r\nP-6871056;Quibble;Zoltan;15.04.1959;94684;773-555-0160";
        assert_eq!(in_text(t, Format::Text), [(PhiType::OtherId, "P-6871056"), (PhiType::Name, "Quibble"), (PhiType::Name, "Zoltan"), (PhiType::Date, "15.04.1959"), (PhiType::ZipCode, "94684"), (PhiType::Phone, "773-555-0160")]);
        let t = "Account #|Guarantor|Guarantor DOB|Balance\nACCT95093722|Quibble, Zoltan|11/19/1950|$3525.76\n";
        assert_eq!(in_text(t, Format::Text), [(PhiType::AccountNumber, "ACCT95093722"), (PhiType::Name, "Quibble, Zoltan"), (PhiType::Date, "11/19/1950")]);
        // In a JSON string, its rows `\n`-escaped.
        let t = r#"{"export":"roster","data":"first_name,last_name,dob\nZoltan,Quibble,1970-08-18\nOrrin,Thackeray,1928-01-15"}"#;
        assert_eq!(in_text(t, Format::Json), [(PhiType::Name, "Zoltan"), (PhiType::Name, "Quibble"), (PhiType::Date, "1970-08-18"), (PhiType::Name, "Orrin"), (PhiType::Name, "Thackeray"), (PhiType::Date, "1928-01-15")]);
        // A facility's row (its `name` no person's) is read as text.
        let t = "Name|Type|Street|City|State|Zip\nMERCY GENERAL HOSPITAL|Clinic|829 HOSPITAL DR|PHILADELPHIA|PA|19180\n";
        assert_eq!(tables(t), [(0, t.len())]);
        assert!(!in_text(t, Format::Text).iter().any(|&(k, _)| matches!(k, PhiType::Address | PhiType::ZipCode)), "{:?}", in_text(t, Format::Text));
    }

    /// A markdown table (an AI scribe's note, a ticket) is read by its
    /// columns: each line between an opening and a closing `|`, the
    /// delimiter row no row; the table ends at a line of another shape.
    #[test]
    fn markdown_tables_inside_text() {
        let t = "Summary of today's visits:\n\n| Name | Age | DOB | MRN |\n|------|-----|-----|-----|\n| Zoltan Quibble | 93 | 1931-03-14 | 88421337 |\n| Orrin Vexley | 95 | 1929-01-02 | 88421338 |\n\nBoth stable.\n";
        assert_eq!(
            in_text(t, Format::Text),
            [(PhiType::Name, "Zoltan Quibble"), (PhiType::Age, "93"), (PhiType::Date, "1931-03-14"), (PhiType::Mrn, "88421337"), (PhiType::Name, "Orrin Vexley"), (PhiType::Age, "95"), (PhiType::Date, "1929-01-02"), (PhiType::Mrn, "88421338")]
        );
        let (s, e) = tables(t)[0];
        assert_eq!(&t[s..e], &t[t.find("| Name").unwrap()..t.find("\n\nBoth").unwrap() + 1]);
        // A heading's date before a table of patients: the header's
        // "Patient" ties it to them, as it does with no table read.
        let t = "### Today's telehealth list (August 11, 2023)\n\n| Patient | DOB | Age |\n|---|---|---:|\n| Sharma, Priya | 12/15/1964 | 91 |\n";
        assert_eq!(in_text(t, Format::Text), [(PhiType::Date, "August 11, 2023"), (PhiType::Name, "Sharma, Priya"), (PhiType::Date, "12/15/1964"), (PhiType::Age, "91")]);
        // Aligned columns, CRLF, a line after it that is no row: text.
        let t = "| Patient Name | Date of Birth | Member ID |\r\n| :--- | :---: | ---: |\r\n| Zoltan Quibble | 1931-03-14 | ZGP639825534 |\r\nCall back 312-555-0142\r\n";
        assert_eq!(in_text(t, Format::Text), [(PhiType::Name, "Zoltan Quibble"), (PhiType::Date, "1931-03-14"), (PhiType::HealthPlanId, "ZGP639825534"), (PhiType::Phone, "312-555-0142")]);
        // The delimiter row is read as a row, and is no value under any
        // column's key.
        let head = "| SSN | Phone | Email | Address | City | Zip | Account # | Insurance ID | Provider | Age | Notes |\n";
        let t = format!("{head}|:--|--:|:-:|---|-|---|----|:---:|--|--|---|\n| 219-09-9999 | 312-555-0142 | zq@example.com | 829 Oak St | Tucson | 85703 | ACCT95093722 | ZGP639825534 | Dr. Orrin Vexley | 91 | ok |\n");
        let g = Guard::default().scan(&t, Format::Text);
        assert_eq!(tables(&t), [(0, t.len())]);
        let rows = head.len() + t[head.len()..].find('\n').unwrap();
        assert!(g.findings.iter().all(|f| f.start > rows), "{:?}", g.findings);
        // Every cell but the provider and the note.
        assert_eq!(g.findings.len(), 9, "{:?}", g.findings);
        // A row without its closing `|`, or of another cell count, ends it.
        for row in ["| Orrin Vexley | 95 | 1929-01-02 | 88421338\n", "| Orrin Vexley | 95 | 1929-01-02 |\n"] {
            let t = format!("| Name | Age | DOB | MRN |\n|---|---|---|---|\n| Zoltan Quibble | 93 | 1931-03-14 | 88421337 |\n{row}");
            assert_eq!(tables(&t), [(0, t.len() - row.len())], "{row:?}");
        }
    }

    /// What is no table: prose, code, markdown of no PHI keys, `k=v` logs, a lone header,
    /// a label and its value on each line, fewer than two PHI keys.
    #[test]
    fn no_tables_inside_text() {
        for t in [
            "Patient seen today, stable, follow up\nVitals normal, afebrile, discharged home\n",
            "| Medication | Dose | Route |\n|---|---|---|\n| Lisinopril | 10 mg | PO |\n",
            "fn row(first_name, last_name, dob) {\n    (first_name, last_name, dob)\n}\n",
            "INFO mrn=88421337, dob=1961-03-14, name=Zoltan\nINFO mrn=88421338, dob=1961-03-15, name=Orrin\n",
            "first_name,last_name,dob\n",
            "MRN,88421337\nDOB,1961-03-14\n",
            "cpt\tdescription\tdob\n99213\tOffice visit\t2024-01-01\n",
            "name, dob\nZoltan Quibble, 1961-03-14, 88421337\n",
            "first_name,,dob\nZoltan,x,1961-03-14\n",
        ] {
            assert_eq!(tables(t), [], "{t:?}");
        }
    }

    /// Hostile texts: linear in the bytes the cells read, no panic.
    #[test]
    fn tables_inside_text_stay_linear() {
        let header = (0..10_000).map(|i| if i % 2 == 0 { "dob" } else { "mrn" }).collect::<Vec<_>>().join(",");
        for t in [
            ",\n".repeat(5_000_000),
            format!("{header}\n{}\n", ",".repeat(9_999)),
            format!("first_name,dob\n{}", "Zoltan,1961-03-14\n".repeat(100_000)),
            format!("first_name,dob\n{}", "Zoltan,1961-03-14,x\nZoltan\n".repeat(50_000)),
            format!("first_name,dob\n\"Zoltan,1961-03-14\n{}", "first_name,dob\nx,\"y\n".repeat(50_000)),
            "first_name,dob\n".repeat(200_000),
        ] {
            READ.with(|r| r.set(0));
            let _ = Guard::default().scan(&t, Format::Text);
            let read = READ.with(Count::get);
            assert!(read <= 3 * t.len(), "{read} bytes read of {}", t.len());
        }
    }
}
