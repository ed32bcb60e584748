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
static OPEN_HEAD: ByteTuples<3> = ByteTuples::new().with([b"<", b"sS", b"cC"]).with([b"<", b"sS", b"tT"]).with([b"&", ANY_BYTE, ANY_BYTE]);

/// Where `</script` and `</style` can start: at `</s` or `</S`; and every `&`.
static CLOSE_HEAD: ByteTuples<3> = ByteTuples::new().with([b"<", b"/", b"sS"]).with([b"&", ANY_BYTE, ANY_BYTE]);

/// Every `&` of the text before `upto`, in order, gathered by the searches
/// for script and style tags (which read those bytes anyway): a segment
/// before `upto` finds its character references from these, not by a
/// search of its own for `&` (a second pass over most of a page).
struct Amps {
    at: Vec<usize>,
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
            if b[at] != b'&' {
                self.upto = at;
                return Some(at);
            }
            self.at.push(at);
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
    let mut amps = Amps { at: Vec::new(), upto: 0 };
    while let Some((open, is_script)) = find_block(text, search, &mut amps) {
        let Some(tag_end_rel) = text[open..].find('>') else { break };
        let body_start = open + tag_end_rel + 1;
        amps.search(text.as_bytes(), open, body_start);
        let close = if is_script { "</script" } else { "</style" };
        let body_end = find_tag(text, body_start, close, &mut amps).unwrap_or(text.len());
        // Scan the text before this block.
        segment(guard, text, pos, body_start, out, &amps);
        if is_script && is_json_script(&text.as_bytes()[open..body_start]) {
            let body = &text[body_start..body_end];
            let lead = body.len() - body.trim_start().len();
            let mut sub = Vec::new();
            if json::scan_with(guard, body.trim(), json_keys.get_or_insert_with(|| json::Keys::for_len(guard, text.len() / 16)), &mut sub).is_ok() {
                out.extend(sub.into_iter().map(|h| h.shifted(body_start + lead)));
                islands.push((body_start + lead, body_start + lead + body.trim().len()));
            } else {
                segment(guard, text, body_start, body_end, out, &amps);
            }
        } else if is_script {
            segment(guard, text, body_start, body_end, out, &amps);
        }
        pos = body_end;
        search = body_end.max(open + 1);
    }
    segment(guard, text, pos, text.len(), out, &amps);
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

fn segment(guard: &Guard, text: &str, s: usize, e: usize, out: &mut Vec<Hit>, amps: &Amps) {
    if s >= e {
        return;
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
    if let Some(decoded) = decode_entities(raw, at.iter().map(|&a| a - s)) {
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

/// Decodes HTML character references, given every `&` of `raw` in order.
/// `None` when there is nothing to decode (no reference, or only unknown
/// ones, which stay as they are).
///
/// The text between two references is copied in one piece, and only a
/// reference costs a map entry.
fn decode_entities(raw: &str, amps: impl Iterator<Item = usize>) -> Option<Decoded> {
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut copied = 0; // raw[..copied] is decoded into `text`
    for amp in amps {
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
            match decode_entities(&raw, amps_in(raw.as_bytes(), 0).into_iter()) {
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
        let all = |raw: &str| decode_entities(raw, amps_in(raw.as_bytes(), 0).into_iter());
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
                prop_assert_eq!(find_tag(&text, from, tag, &mut Amps { at: Vec::new(), upto: 0 }), text.to_ascii_lowercase()[from..].find(tag).map(|r| from + r));
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
            prop_assert_eq!(find_block(&text, from, &mut Amps { at: Vec::new(), upto: 0 }), want);
        }

        /// The tag searches record every `&` they pass, up to where they
        /// stop, also in the last two bytes of the text.
        #[test]
        fn tag_searches_record_every_ampersand(parts in proptest::collection::vec(prop_oneof![Just("<script"), Just("</script"), Just("<style"), Just("</s"), Just("&"), Just("&amp;"), Just("<"), Just("x"), Just(">"), Just("é")], 0..14), from in 0usize..40) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for close in [false, true] {
                let mut amps = Amps { at: Vec::new(), upto: from };
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
}
