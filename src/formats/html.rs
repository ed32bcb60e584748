//! HTML: scanned as text with markup-aware labels (`<th>MRN</th><td>…`),
//! minus `<style>` blocks; JSON islands (`__NEXT_DATA__`,
//! `type="application/json"`) go through the JSON walker so their keys act
//! as labels. RSC payload scripts are scanned as (escaped) text.

use crate::detect::find::{find_any, find_tuple, ByteTuples, ANY_BYTE};
use crate::detect::scan_segment;
use crate::finding::Hit;
use crate::formats::json;
use crate::Guard;

/// Where `<script` and `<style` can start, in any case: at `<sc` or `<st`;
/// and every `&`, for [`Amps`]. Searched for sixteen bytes at a time, so
/// the scan stops at these rather than at every tag. (Three bytes, not two:
/// `find_tuple` for two bytes is also the date detector's, and a second
/// caller there costs it its inlining, 1% of a log scan.)
/// And `<th`, for [`tables`] (the same search: a class costs it nothing).
static OPEN_HEAD: ByteTuples<3> = ByteTuples::new().with([b"<", b"sS", b"cC"]).with([b"<", b"sS", b"tT"]).with([b"&", ANY_BYTE, ANY_BYTE]).with([b"<", b"tT", b"hH"]);

/// Where `</script` and `</style` can start: at `</s` or `</S`; and every `&`.
static CLOSE_HEAD: ByteTuples<3> = ByteTuples::new().with([b"<", b"/", b"sS"]).with([b"&", ANY_BYTE, ANY_BYTE]);

/// Every `&` of the text before `upto`, in order, gathered by the searches
/// for script and style tags (which read those bytes anyway): a segment
/// before `upto` finds its character references from these, not by a
/// search of its own for `&` (a second pass over most of a page).
struct Amps {
    at: Vec<usize>,
    /// Every `<th` (any case) the search for script and style tags passed
    /// over, in order: where a header cell may start.
    ths: Vec<usize>,
    upto: usize,
}

impl Amps {
    /// The search for `head` from `from`, as `find_tuple`'s, but an `&` is
    /// recorded and passed over; with nothing else found, the `&`s of the
    /// last two bytes (no three-byte place starts there) are recorded too.
    fn find(&mut self, b: &[u8], from: usize, head: &ByteTuples<3>) -> Option<usize> {
        debug_assert!(from >= self.upto, "each byte is searched once, in order");
        let mut i = from;
        while let Some(at) = find_tuple(b, i, head) {
            if b[at] == b'&' {
                self.at.push(at);
            } else if b[at + 1] | 0x20 == b't' {
                self.ths.push(at);
            } else {
                self.upto = at;
                return Some(at);
            }
            i = at + 1;
        }
        self.at.extend((i.max(b.len().saturating_sub(2))..b.len()).filter(|&p| b[p] == b'&'));
        self.upto = b.len();
        None
    }

    /// The `&`s of `b[from..to]`, recorded by a plain search: the bytes no
    /// tag search reads (an opening tag's own).
    fn search(&mut self, b: &[u8], from: usize, to: usize) {
        debug_assert!(from >= self.upto && to <= b.len());
        let mut i = from;
        while let Some(at) = find_any(&b[..to], i, [b'&']) {
            self.at.push(at);
            i = at + 1;
        }
        self.upto = to;
    }

    /// The `&`s of `b[s..e]`, if all of them are recorded.
    fn within(&self, s: usize, e: usize) -> Option<&[usize]> {
        (e <= self.upto).then(|| &self.at[self.at.partition_point(|&a| a < s)..self.at.partition_point(|&a| a < e)])
    }

    /// The recorded `<th`s of `b[s..e]`.
    fn ths(&self, s: usize, e: usize) -> &[usize] {
        &self.ths[self.ths.partition_point(|&a| a < s)..self.ths.partition_point(|&a| a < e)]
    }
}

/// The first `tag` (`</script` or `</style`, lowercase) at or after `from`,
/// in any case. (Not a lowercased copy of the whole text: that was as large
/// as the input, held for the whole scan.)
fn find_tag(text: &str, from: usize, tag: &str, amps: &mut Amps) -> Option<usize> {
    debug_assert!(tag.starts_with("</s"), "CLOSE_HEAD finds the start of {tag}");
    let mut i = from;
    while let Some(at) = amps.find(text.as_bytes(), i, &CLOSE_HEAD) {
        if starts_with_tag(text, at, tag) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn starts_with_tag(text: &str, at: usize, tag: &str) -> bool {
    text.as_bytes().get(at..at + tag.len()).is_some_and(|w| w.eq_ignore_ascii_case(tag.as_bytes()))
}

/// The first `<script` or `<style` at or after `from`, in any case, and
/// whether it is a script.
fn find_block(text: &str, from: usize, amps: &mut Amps) -> Option<(usize, bool)> {
    let mut i = from;
    while let Some(at) = amps.find(text.as_bytes(), i, &OPEN_HEAD) {
        if starts_with_tag(text, at, "<script") {
            return Some((at, true));
        }
        if starts_with_tag(text, at, "<style") {
            return Some((at, false));
        }
        i = at + 1;
    }
    None
}

/// Scans a page: its text and attributes, and its JSON scripts with the JSON
/// walker; pushes the span of each script read as JSON to `islands`, where
/// findings made later (repeats, custom patterns) follow JSON's rules.
pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>, islands: &mut Vec<(usize, usize)>) {
    let mut pos = 0; // start of the current plain-text stretch
    let mut search = 0;
    // One set of JSON caches for all the islands of the page, made at the
    // first, sized for a sixteenth of it: islands are a small part of a
    // page (5% of html-1MB). Sized for the whole page they held 200 KB more
    // at the peak of a 1 MB scan for 0.1% fewer instructions; a
    // sixty-fourth cost 1% more instructions for no less memory.
    let mut json_keys = None;
    let mut amps = Amps { at: Vec::new(), ths: Vec::new(), upto: 0 };
    while let Some((open, is_script)) = find_block(text, search, &mut amps) {
        let Some(tag_end_rel) = text[open..].find('>') else { break };
        let body_start = open + tag_end_rel + 1;
        amps.search(text.as_bytes(), open, body_start);
        let close = if is_script { "</script" } else { "</style" };
        let body_end = find_tag(text, body_start, close, &mut amps).unwrap_or(text.len());
        // Scan the text before this block.
        segment(guard, text, pos, body_start, out, &amps, &mut json_keys);
        if is_script && is_json_script(&text.as_bytes()[open..body_start]) {
            let body = &text[body_start..body_end];
            let lead = body.len() - body.trim_start().len();
            let mut sub = Vec::new();
            if json::scan_with(guard, body.trim(), keys_for(guard, text, &mut json_keys), &mut sub).is_ok() {
                out.extend(sub.into_iter().map(|h| h.shifted(body_start + lead)));
                islands.push((body_start + lead, body_start + lead + body.trim().len()));
            } else {
                segment(guard, text, body_start, body_end, out, &amps, &mut json_keys);
            }
        } else if is_script {
            segment(guard, text, body_start, body_end, out, &amps, &mut json_keys);
        }
        pos = body_end;
        search = body_end.max(open + 1);
    }
    segment(guard, text, pos, text.len(), out, &amps, &mut json_keys);
    if let Some(keys) = json_keys {
        keys.give_back();
    }
}

/// Whether a script's opening tag (`<script …>`) marks its body as JSON:
/// it holds `application/json`, `__next_data__` or `application/ld+json`,
/// in any case. (Not `contains` on a lowercased copy: a copy and a
/// substring searcher set up per tag of a page.)
fn is_json_script(tag: &[u8]) -> bool {
    (0..tag.len()).any(|i| match tag[i] {
        b'a' | b'A' => [&b"application/json"[..], b"application/ld+json"].iter().any(|n| tag[i..].get(..n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n))),
        b'_' => tag[i..].get(..13).is_some_and(|w| w.eq_ignore_ascii_case(b"__next_data__")),
        _ => false,
    })
}

/// The page's JSON caches, made at first use: for its JSON islands and
/// the columns of its tables.
fn keys_for<'k, 't>(guard: &'t Guard, text: &str, keys: &'k mut Option<json::Keys<'t>>) -> &'k mut json::Keys<'t> {
    keys.get_or_insert_with(|| json::Keys::for_len(guard, text.len() / 16))
}

fn segment<'t>(guard: &'t Guard, text: &'t str, s: usize, e: usize, out: &mut Vec<Hit>, amps: &Amps, keys: &mut Option<json::Keys<'t>>) {
    if s >= e {
        return;
    }
    let ths = amps.ths(s, e);
    if !ths.is_empty() {
        tables(guard, text, e, ths, keys, out);
    }
    let from = out.len();
    let raw = &text[s..e];
    // Where the tag searches did not read (a tag with no `>`), a search of
    // its own.
    let searched;
    let at = match amps.within(s, e) {
        Some(at) => at,
        None => {
            searched = amps_in(raw.as_bytes(), s);
            &searched[..]
        }
    };
    debug_assert_eq!(at, amps_in(raw.as_bytes(), s), "every & of the segment, in order");
    // Character references ("O&#x27;Brien", "&quot;") are scanned decoded and
    // findings mapped back, so an escaped apostrophe stays inside the name.
    if let Some(decoded) = decode_entities(raw, at, s) {
        scan_segment(&decoded.text, None, &guard.opts, out);
        for h in &mut out[from..] {
            h.start = s + decoded.raw_offset(h.start);
            h.end = s + decoded.raw_offset(h.end);
        }
        return;
    }
    scan_segment(raw, None, &guard.opts, out);
    for h in &mut out[from..] {
        h.start += s;
        h.end += s;
    }
}

/// Tables whose first row names their columns (`<tr><th>DOB</th><th>MRN</th>`),
/// read up to `e`: each cell of the rows after it is read under its
/// column's header as a CSV cell is under its header row
/// (`json::column_value`), so `<td>03/02/1955</td>` three rows below
/// `<th>DOB</th>` is a date where the text scan, which reads a label only
/// just before its value, sees a bare number. `ths` are the `<th` places
/// of the text before `e`. Cells read as text besides; a cell's findings
/// and the text scan's overlap and are resolved as any others are.
///
/// Each byte of a table is read a bounded number of times: a header row
/// is read once, and its rows once, up to `</table`; a `<th` inside a
/// table already read (a row's own header cell) starts nothing.
#[inline(never)]
fn tables<'t>(guard: &'t Guard, text: &'t str, e: usize, ths: &[usize], keys: &mut Option<json::Keys<'t>>, out: &mut Vec<Hit>) {
    let b = &text.as_bytes()[..e];
    let mut done = 0;
    for &th in ths {
        if th < done {
            continue;
        }
        // The header row: header cells only, two or more.
        let mut header = Vec::new();
        let mut at = th;
        let rows_from = loop {
            while b.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            match cell(b, at) {
                Some(c) if c.header => {
                    // A header over several columns names none of them.
                    let one = if c.span == 1 { (c.s, c.e) } else { (c.s, c.s) };
                    header.extend(std::iter::repeat_n(one, c.span));
                    at = c.next;
                }
                Some(_) => break None,
                None => break Some(at),
            }
        };
        let Some(mut i) = rows_from.filter(|_| header.len() >= 2) else {
            done = at;
            continue;
        };
        let keys = keys_for(guard, text, keys);
        let columns: Vec<json::Column> = header.iter().map(|&(s, e)| keys.column(guard, text, s, e)).collect();
        if !columns.iter().any(|c| matches!(c.rule(), Some(crate::labels::LabelKind::Phi(_)))) {
            done = i;
            continue;
        }
        let mut n = 0;
        while let Some(lt) = find_any(b, i, [b'<']) {
            match tag_at(b, lt) {
                Some((TABLE, true)) => {
                    i = lt;
                    break;
                }
                Some((TR, _)) => n = 0,
                _ => {}
            }
            let Some(c) = cell(b, lt) else {
                i = lt + 1;
                continue;
            };
            // A cell over several columns is under none of them.
            if let Some(col) = columns.get(n).filter(|_| c.e > c.s && c.span == 1) {
                let raw = &text[c.s..c.e];
                match decode_entities(raw, &amps_in(raw.as_bytes(), 0), 0) {
                    Some(decoded) => {
                        let from = out.len();
                        json::column_decoded(&guard.opts, &decoded.text, col, out);
                        for h in &mut out[from..] {
                            h.start = c.s + decoded.raw_offset(h.start);
                            h.end = c.s + decoded.raw_offset(h.end);
                        }
                    }
                    None => json::column_value(guard, keys, text, c.s, c.e, col, out),
                }
            }
            n += c.span;
            i = c.next;
        }
        done = i.max(at);
    }
}

/// A table cell (`<th …>` or `<td …>`) starting at `lt` of `b`: its text,
/// without white space or markup around it (`<td><a href="…">Jane
/// Doe</a></td>`), or empty where markup is inside it; and where the text
/// after it starts.
struct TableCell {
    header: bool,
    /// Its `colspan` (1 without one).
    span: usize,
    s: usize,
    e: usize,
    next: usize,
}

/// The cell at `lt`, if a `<th` or `<td` tag starts there. It ends at the
/// next `</th`, `</td`, `<th`, `<td`, `</tr`, `<tr` or `</table`, in any
/// case (end tags may be left out), or at the end of `b`.
fn cell(b: &[u8], lt: usize) -> Option<TableCell> {
    let header = match tag_at(b, lt)? {
        (TH, false) => true,
        (TD, false) => false,
        _ => return None,
    };
    let open_end = lt + find_any(&b[lt..], 0, [b'>'])? + 1;
    let span = b[lt..open_end].windows(8).position(|w| w.eq_ignore_ascii_case(b"colspan=")).map_or(1, |k| {
        let v = b[lt + k + 8..open_end].iter().skip_while(|&&c| c == b'"' || c == b'\'');
        v.take_while(|c| c.is_ascii_digit()).take(3).fold(0, |n, &c| n * 10 + usize::from(c - b'0')).max(1)
    });
    let mut end = open_end;
    let close = loop {
        match find_any(b, end, [b'<']) {
            None => break b.len(),
            Some(p) if matches!(tag_at(b, p), Some((TH | TD | TR | TABLE, _))) => break p,
            Some(p) => end = p + 1,
        }
    };
    // The text between the markup at either end.
    let (mut s, mut e) = (open_end, close);
    loop {
        while s < e && b[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && b[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        if s < e && b[s] == b'<' {
            s = b[s..e].iter().position(|&c| c == b'>').map_or(e, |k| s + k + 1);
        } else if e > s && b[e - 1] == b'>' {
            e = b[s..e].iter().rposition(|&c| c == b'<').map_or(s, |k| s + k);
        } else {
            break;
        }
    }
    if b[s..e].contains(&b'<') {
        e = s;
    }
    let next = if close < b.len() && b[close + 1] == b'/' { close + find_any(&b[close..], 0, [b'>']).map_or(b.len() - close, |k| k + 1) } else { close };
    Some(TableCell { header, span, s, e, next })
}

/// A tag name's lower-cased letters (the last eight), in the low bytes of a `u64`.
const fn tag_name(name: &[u8]) -> u64 {
    let mut n = 0;
    let mut k = 0;
    while k < name.len() {
        n = n << 8 | name[k] as u64;
        k += 1;
    }
    n
}

const TH: u64 = tag_name(b"th");
const TD: u64 = tag_name(b"td");
const TR: u64 = tag_name(b"tr");
const TABLE: u64 = tag_name(b"table");

/// The tag at `lt`, if a `<` is there: its name as [`tag_name`] writes it
/// (in any case; 0 for a name over six letters), and whether it is an end tag.
fn tag_at(b: &[u8], lt: usize) -> Option<(u64, bool)> {
    if b.get(lt) != Some(&b'<') {
        return None;
    }
    let end = b.get(lt + 1) == Some(&b'/');
    let mut name = 0;
    for (k, &c) in b[lt + 1 + usize::from(end)..].iter().take(7).enumerate() {
        if !c.is_ascii_alphanumeric() {
            break;
        }
        name = if k == 6 { 0 } else { name << 8 | u64::from(c.to_ascii_lowercase()) };
    }
    Some((name, end))
}

/// A text with its character references decoded, and where each decoded
/// reference came from, to map offsets in `text` back to the raw text.
struct Decoded {
    text: String,
    /// The decoded references, in order. Between two of them the decoded
    /// and the raw text are the same bytes, so one entry per reference (not
    /// one per byte) is enough to map an offset back.
    refs: Vec<Reference>,
}

/// One decoded character reference.
#[derive(Clone, Copy)]
struct Reference {
    /// Where its character starts in the decoded text.
    at: usize,
    /// Where its `&` is in the raw text.
    raw: usize,
    /// Bytes of its character in the decoded text (1 to 4).
    len: u8,
    /// Bytes of the reference in the raw text (at most 12: see [`entity`]).
    raw_len: u8,
}

impl Decoded {
    /// The raw offset of decoded offset `p` (at most `text.len()`): a byte
    /// of a decoded reference maps to its `&`, any other byte to the start
    /// of its character in the raw text, the end to the raw end.
    fn raw_offset(&self, mut p: usize) -> usize {
        debug_assert!(p <= self.text.len());
        // Within a run of unchanged text, characters are the same in both;
        // within a reference's character, its first byte maps like the rest.
        while !self.text.is_char_boundary(p) {
            p -= 1;
        }
        let k = self.refs.partition_point(|r| r.at <= p);
        let Some(r) = k.checked_sub(1).map(|k| self.refs[k]) else { return p };
        let (end, raw_end) = (r.at + usize::from(r.len), r.raw + usize::from(r.raw_len));
        if p < end { r.raw } else { raw_end + (p - end) }
    }
}

/// The `&`s of `b`, each plus `base`, in order.
fn amps_in(b: &[u8], base: usize) -> Vec<usize> {
    let mut at = Vec::new();
    let mut i = 0;
    while let Some(p) = find_any(b, i, [b'&']) {
        at.push(base + p);
        i = p + 1;
    }
    at
}

/// Decodes HTML character references, given every `&` of `raw` in order,
/// each plus `base`.
/// `None` when there is nothing to decode (no reference, or only unknown
/// ones, which stay as they are).
///
/// The text between two references is copied in one piece, and only a
/// reference costs a map entry.
fn decode_entities(raw: &str, amps: &[usize], base: usize) -> Option<Decoded> {
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut copied = 0; // raw[..copied] is decoded into `text`
    for amp in amps.iter().map(|&a| a - base) {
        // No reference holds an `&`; an `&` inside one is passed over all the same.
        if amp < copied {
            continue;
        }
        let Some((c, len)) = entity(&raw[amp..]) else {
            continue;
        };
        if refs.is_empty() {
            text.reserve(raw.len());
        }
        text.push_str(&raw[copied..amp]);
        // `entity` reads at most 12 bytes, and a char is at most 4.
        refs.push(Reference { at: text.len(), raw: amp, len: c.len_utf8() as u8, raw_len: len as u8 });
        text.push(c);
        copied = amp + len;
    }
    if refs.is_empty() {
        return None;
    }
    text.push_str(&raw[copied..]);
    Some(Decoded { text, refs })
}

/// One character reference at the start of `s`: the character and the length of the reference.
fn entity(s: &str) -> Option<(char, usize)> {
    // Bytes, not `&s[..12]`: byte 12 may fall inside a multi-byte character.
    let end = s.as_bytes()[..s.len().min(12)].iter().position(|&b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v).filter(|c| *c != '\0')?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::{amps_in, decode_entities, entity, find_block, find_tag, is_json_script, Amps};
    use crate::formats::json;
    use crate::{Format, Guard, PhiType};
    use proptest::prelude::*;

    /// `decode_entities` as it was written before the bulk copy and the
    /// sparse map: char by char, the raw offset of every decoded byte (and
    /// one past the end); `None` only when there is no `&`.
    fn decode_entities_reference(raw: &str) -> Option<(String, Vec<usize>)> {
        if !raw.contains('&') {
            return None;
        }
        let b = raw.as_bytes();
        let mut out = String::with_capacity(raw.len());
        let mut map = Vec::with_capacity(raw.len() + 1);
        let mut i = 0;
        while i < b.len() {
            let (c, len) = if b[i] == b'&' {
                entity(&raw[i..]).unwrap_or(('&', 1))
            } else {
                let c = raw[i..].chars().next()?;
                (c, c.len_utf8())
            };
            out.push(c);
            map.extend(std::iter::repeat_n(i, c.len_utf8()));
            i += len;
        }
        map.push(b.len());
        Some((out, map))
    }

    /// Text rich in references, near misses and multi-byte characters.
    fn entity_soup() -> impl Strategy<Value = String> {
        let part = prop::sample::select(vec![
            "&", ";", "#", "x", "X", "0", "3", "9", "2", "7", "f", "F", "a", "m", "p", "O", "Brien", " ", "amp", "lt", "quot", "apos", "nbsp",
            "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&#x27;", "&#X27;", "&#39;", "&#0;", "&#x4e2d;", "&#128512;", "&#xD800;",
            "&#x110000;", "&#00000000039;", "&#x;", "&#;", "&;", "&amp", "&AMP;", "é", "中", "😀", "&é;", "&#x27中;",
        ]);
        prop::collection::vec(part, 0..24).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        /// Same decoded text, and every decoded offset maps to the same raw
        /// offset (`segment` maps character boundaries only; with something
        /// decoded, every byte is compared). `None` means the raw text is
        /// scanned as it is, offsets unchanged.
        #[test]
        fn decode_entities_is_the_per_byte_map(raw in entity_soup()) {
            let reference = decode_entities_reference(&raw);
            match decode_entities(&raw, &amps_in(raw.as_bytes(), 0), 0) {
                Some(d) => {
                    let (text, map) = reference.expect("a reference needs an `&`");
                    prop_assert_eq!(&d.text, &text);
                    for (p, &want) in map.iter().enumerate() {
                        prop_assert_eq!(d.raw_offset(p), want, "decoded offset {}", p);
                    }
                }
                None => {
                    if let Some((text, map)) = reference {
                        prop_assert_eq!(&text, &raw);
                        for p in (0..=raw.len()).filter(|&p| raw.is_char_boundary(p)) {
                            prop_assert_eq!(map[p], p);
                        }
                    }
                }
            }
        }
    }

    /// JSON documents that repeat keys, short values and hint values, as a
    /// page's islands do.
    fn islands() -> impl Strategy<Value = Vec<String>> {
        let key = prop::sample::select(vec!["ssn", "name", "patient", "birthDate", "phone", "mrn", "system", "value", "code", "status", "display", "reference", "id"]);
        let value = prop::sample::select(vec![
            r#""219-09-9999""#, r#""Maria Garcia""#, r#""1986-08-10""#, r#""http://hospital.example/mrn""#, r#""N2143321""#, r#""active""#,
            "219099999", r#""Patient/P-0048213""#, r#""(713) 523-8834""#, "true", r#""O\u0027Brien""#,
        ]);
        let member = (key.clone(), value.clone(), key, value, any::<bool>())
            .prop_map(|(k, v, k2, v2, nested)| if nested { format!(r#""{k}":{{"{k2}":{v2},"{k}":{v}}}"#) } else { format!(r#""{k}":{v}"#) });
        let doc = prop::collection::vec(member, 0..6).prop_map(|m| format!("{{{}}}", m.join(",")));
        prop::collection::vec(doc, 1..6)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
        /// A page's JSON islands share one set of caches: the findings are
        /// those of each island scanned on its own. The smallest caches, so
        /// entries are also evicted and worked out again.
        #[test]
        fn islands_sharing_caches_find_what_each_finds_alone(docs in islands()) {
            let guard = Guard::default();
            let (mut shared, mut alone) = (Vec::new(), Vec::new());
            let mut keys = json::Keys::for_len(&guard, 0);
            for d in &docs {
                prop_assert!(json::scan_with(&guard, d, &mut keys, &mut shared).is_ok());
                prop_assert!(json::scan(&guard, d, &mut alone).is_ok());
            }
            prop_assert_eq!(format!("{shared:?}"), format!("{alone:?}"));
        }
    }

    #[test]
    fn references_map_back_to_their_ampersand() {
        let all = |raw: &str| decode_entities(raw, &amps_in(raw.as_bytes(), 0), 0);
        let d = all("O&#x27;Brien &amp; &#x4e2d;&").unwrap();
        assert_eq!(d.text, "O'Brien & 中&");
        // "O" 0, "'" 1 → 1, "B" 2 → 7, " " 7 → 12, "&" 8 → 13, "中" 10..13 → 19, "&" 13 → 27, end 14 → 28.
        let raw: Vec<usize> = [0, 1, 2, 7, 8, 10, 11, 13, 14].iter().map(|&p| d.raw_offset(p)).collect();
        assert_eq!(raw, [0, 1, 7, 12, 13, 19, 19, 27, 28]);
        assert!(all("AT&T &unknown; a&b").is_none());
    }

    #[test]
    fn a_name_with_an_escaped_apostrophe_is_found_whole() {
        let h = "<td>Patient: Siobhan O&#x27;Brien</td>";
        let scan = Guard::default().scan(h, Format::Html);
        let names: Vec<&str> = scan.findings.iter().filter(|f| f.kind == PhiType::Name).map(|f| &h[f.start..f.end]).collect();
        assert_eq!(names, ["Siobhan O&#x27;Brien"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The search the scan made in a lowercased copy of the text.
        #[test]
        fn find_tag_is_a_search_in_the_lowercased_text(parts in proptest::collection::vec(prop_oneof![Just("</script"), Just("</SCRIPT"), Just("</Style"), Just("</scrip"), Just("<"), Just("é"), Just("x"), Just(">")], 0..12), from in 0usize..40) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for tag in ["</script", "</style"] {
                prop_assert_eq!(find_tag(&text, from, tag, &mut Amps { at: Vec::new(), ths: Vec::new(), upto: 0 }), text.to_ascii_lowercase()[from..].find(tag).map(|r| from + r));
            }
        }

        /// The scan's first look at every `<` from `from` on.
        #[test]
        fn find_block_is_the_first_open_tag(parts in proptest::collection::vec(prop_oneof![Just("<script"), Just("<SCRIPT"), Just("<Style"), Just("<sTyLe"), Just("<scrip"), Just("<sty"), Just("<sc"), Just("<st"), Just("<s"), Just("<"), Just("s"), Just("t"), Just("é"), Just("x"), Just(">")], 0..12), from in 0usize..40) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let lower = text.to_ascii_lowercase();
            let want = (from..text.len()).find_map(|i| match &lower.as_bytes()[i..] {
                t if t.starts_with(b"<script") => Some((i, true)),
                t if t.starts_with(b"<style") => Some((i, false)),
                _ => None,
            });
            prop_assert_eq!(find_block(&text, from, &mut Amps { at: Vec::new(), ths: Vec::new(), upto: 0 }), want);
        }

        /// The tag searches record every `&` they pass, up to where they
        /// stop, also in the last two bytes of the text.
        #[test]
        fn tag_searches_record_every_ampersand(parts in proptest::collection::vec(prop_oneof![Just("<script"), Just("</script"), Just("<style"), Just("</s"), Just("&"), Just("&amp;"), Just("<"), Just("x"), Just(">"), Just("é")], 0..14), from in 0usize..40) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for close in [false, true] {
                let mut amps = Amps { at: Vec::new(), ths: Vec::new(), upto: from };
                let found = if close { find_tag(&text, from, "</script", &mut amps) } else { find_block(&text, from, &mut amps).map(|(at, _)| at) };
                prop_assert_eq!(amps.upto, found.unwrap_or(text.len()));
                prop_assert_eq!(amps.within(from, amps.upto), Some(&amps_in(&text.as_bytes()[from..amps.upto], from)[..]));
            }
        }

        /// A page's segments find their references from the recorded `&`s:
        /// `segment` asserts they are every `&` of the segment (the scans
        /// here are debug builds), on pages with scripts, styles, JSON
        /// islands, tags with no `>`, and references everywhere.
        #[test]
        fn segments_get_every_ampersand(parts in proptest::collection::vec(prop_oneof![
            Just("<script>"), Just("<script type=\"application/json\">"), Just("<SCRIPT id=\"__NEXT_DATA__\">"), Just("{\"a\":\"&amp;\"}"), Just("</script>"),
            Just("<style>"), Just("</style>"), Just("<script src=\"/a?b=1&amp;c=2\""), Just("<span>"), Just("</span>"), Just("&amp;"), Just("&#x27;"), Just("&"),
            Just("O"), Just("Brien"), Just(" "), Just(">"), Just("é"), Just("<th>MRN</th><td>00482913</td>"),
        ], 0..16)) {
            let text: String = parts.concat();
            let _ = crate::Guard::default().scan(&text, crate::Format::Html);
        }
    }

    /// Script tags whose body is JSON, in any case, and ones that only come close.
    #[test]
    fn json_scripts_by_their_tag() {
        for tag in [r#"<script type="application/json">"#, r#"<SCRIPT TYPE="Application/JSON">"#, r#"<script id="__NEXT_DATA__" type="x">"#, r#"<script type="application/ld+json">"#, "<script __next_data__>"] {
            assert!(is_json_script(tag.as_bytes()), "{tag}");
        }
        for tag in [r#"<script type="application/js">"#, r#"<script type="application/ld+jso">"#, "<script _next_data__>", "<script>", "<script application/jso", "a", ""] {
            assert!(!is_json_script(tag.as_bytes()), "{tag}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The search the scan made in a lowercased copy of the tag.
        #[test]
        fn is_json_script_is_contains_on_the_lowercased_tag(parts in proptest::collection::vec(prop_oneof![Just("application/json"), Just("APPLICATION/LD+JSON"), Just("__next_data__"), Just("__NEXT_data__"), Just("application/"), Just("ld+"), Just("json"), Just("_"), Just("a"), Just("é"), Just("<script "), Just(">")], 0..8)) {
            let tag: String = parts.concat();
            let lower = tag.to_ascii_lowercase();
            prop_assert_eq!(is_json_script(tag.as_bytes()), lower.contains("application/json") || lower.contains("__next_data__") || lower.contains("application/ld+json"));
        }
    }

    /// A closing tag ends an element and labels nothing after it; the
    /// opening tag still labels what it holds.
    #[test]
    fn closing_tags_label_nothing() {
        let h = "<address>6152 Magnolia Terrace</address><p>Loading</p><dl><dt>Plan</dt><dd>Gold</dd></dl><p>Ref B4471829</p>";
        let scan = Guard::default().scan(h, Format::Html);
        let found: Vec<(PhiType, &str)> = scan.findings.iter().map(|f| (f.kind, &h[f.start..f.end])).collect();
        assert!(found.contains(&(PhiType::Address, "6152 Magnolia Terrace")), "{found:?}");
        assert!(!found.iter().any(|&(_, v)| v.contains("Loading") || v.contains("B4471829")), "{found:?}");
        // The same page as a JSON string writes it, `<\/address>`.
        let escaped = h.replace("</", "<\\/");
        let scan = Guard::default().scan(&escaped, Format::Text);
        assert!(!scan.findings.iter().any(|f| escaped[f.start..f.end].contains("Loading") || escaped[f.start..f.end].contains("B4471829")), "{:?}", scan.findings);
    }

    #[test]
    fn tables_attributes_and_next_data() {
        let h = r#"<table><tr><th>MRN</th><td>00482913</td></tr></table><input value="maria@example.com"><script id="__NEXT_DATA__" type="application/json">{"props":{"patient":{"ssn":"219099999"}}}</script><style>.a{color:#123456}</style>"#;
        let scan = Guard::default().scan(h, Format::Html);
        let types: Vec<PhiType> = scan.findings.iter().map(|f| f.kind).collect();
        assert_eq!(types, [PhiType::Mrn, PhiType::Email, PhiType::Ssn]);
        assert!(scan.redacted.contains(r#""ssn":"[SSN]""#));
    }

    /// A header row names its columns for every row after it, markup and
    /// character references in a cell or not; a table whose header is no
    /// label, a row-header table and what follows the table are read as text.
    #[test]
    fn column_headers_label_their_cells() {
        let h = "<table><thead><tr><th>Patient</th><th scope=\"col\">DOB</th><th>MRN</th><th>Member ID</th><th>Phone</th><th>Visit</th></tr></thead>\n\
                 <tbody><TR><TD>Hortense Vandermeer</TD><td> 03/02/1955 </td><td><a href=\"/p/1\">00482914</a></td><td>W987654321</td><td>5558675309</td><td>Annual physical</td></TR>\n\
                 <tr><th scope=row>Zoltan O&#x27;Quibble</th><td>11/30/1948</td><td><b>00482915</b></td><td></td><td>555 867 5310</td><td>Follow-up</td>\n\
                 <tr><td colspan=6>No more results</td></tr></tbody></table><p>Ref 00482916, seen 03/04/2025</p>";
        let redacted = Guard::default().scan(h, Format::Html).redacted;
        assert_eq!(
            redacted,
            "<table><thead><tr><th>Patient</th><th scope=\"col\">DOB</th><th>MRN</th><th>Member ID</th><th>Phone</th><th>Visit</th></tr></thead>\n\
             <tbody><TR><TD>[NAME]</TD><td> [DATE] </td><td><a href=\"/p/1\">[MRN]</a></td><td>[HEALTH_PLAN_ID]</td><td>[PHONE]</td><td>Annual physical</td></TR>\n\
             <tr><th scope=row>[NAME]</th><td>[DATE]</td><td><b>[MRN]</b></td><td></td><td>[PHONE]</td><td>Follow-up</td>\n\
             <tr><td colspan=6>No more results</td></tr></tbody></table><p>Ref 00482916, seen [DATE]</p>"
        );
        // Headers that label nothing, and a row-header table: as before.
        for h in ["<table><tr><th>Item</th><th>Code</th></tr><tr><td>Gauze</td><td>00482914</td></tr></table>", "<table><tr><th>Plan</th><td>00482914</td></tr></table>"] {
            assert_eq!(Guard::default().scan(h, Format::Html).redacted, h);
        }
    }

    /// Header cells on lines of their own and over two columns; a page of
    /// unclosed header cells, each a column.
    #[test]
    fn header_rows_as_pages_write_them() {
        let h = "<table>\n  <tr>\n    <th colspan=\"2\">Name</th>\n    <th>MRN</th>\n  </tr>\n  <tr>\n    <td>Ref</td><td>00482914</td>\n    <td>00482915</td>\n  </tr>\n</table>";
        let redacted = Guard::default().scan(h, Format::Html).redacted;
        assert_eq!(redacted, h.replace("00482915", "[MRN]"));
        for n in [2_000, 8_000] {
            let h = "<th>DOB".repeat(n) + &"<tr><td>03/02/1955".repeat(n);
            let scan = Guard::default().scan(&h, Format::Html);
            assert_eq!(scan.findings.len(), n, "one date a row");
        }
    }
}
