//! HTML: scanned as text with markup-aware labels (`<th>MRN</th><td>…`),
//! minus `<style>` blocks; JSON islands (`__NEXT_DATA__`,
//! `type="application/json"`) go through the JSON walker so their keys act
//! as labels. RSC payload scripts are scanned as (escaped) text.

use crate::detect::scan_segment;
use crate::finding::Hit;
use crate::Guard;

/// The first `tag` (ASCII, lowercase, starting with `<`) at or after
/// `from`, in any case. (Not a lowercased copy of the whole text: that was
/// as large as the input, held for the whole scan.)
fn find_tag(text: &str, from: usize, tag: &str) -> Option<usize> {
    let mut i = from;
    while let Some(rel) = text[i..].find('<') {
        let at = i + rel;
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

pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>) {
    let mut pos = 0; // start of the current plain-text stretch
    let mut search = 0;
    while let Some(rel) = text[search..].find('<') {
        let open = search + rel;
        let is_script = starts_with_tag(text, open, "<script");
        let is_style = starts_with_tag(text, open, "<style");
        if !is_script && !is_style {
            search = open + 1;
            continue;
        }
        let Some(tag_end_rel) = text[open..].find('>') else { break };
        let body_start = open + tag_end_rel + 1;
        let close = if is_script { "</script" } else { "</style" };
        let body_end = find_tag(text, body_start, close).unwrap_or(text.len());
        // Scan the text before this block.
        segment(guard, text, pos, body_start, out);
        let tag = text[open..body_start].to_ascii_lowercase();
        if is_script && (tag.contains("application/json") || tag.contains("__next_data__") || tag.contains("application/ld+json")) {
            let body = &text[body_start..body_end];
            let lead = body.len() - body.trim_start().len();
            let mut sub = Vec::new();
            if crate::formats::json::scan(guard, body.trim(), &mut sub).is_ok() {
                out.extend(sub.into_iter().map(|h| h.shifted(body_start + lead)));
            } else {
                segment(guard, text, body_start, body_end, out);
            }
        } else if is_script {
            segment(guard, text, body_start, body_end, out);
        }
        pos = body_end;
        search = body_end.max(open + 1);
    }
    segment(guard, text, pos, text.len(), out);
}

fn segment(guard: &Guard, text: &str, s: usize, e: usize, out: &mut Vec<Hit>) {
    if s >= e {
        return;
    }
    let from = out.len();
    let raw = &text[s..e];
    // Character references ("O&#x27;Brien", "&quot;") are scanned decoded and
    // findings mapped back, so an escaped apostrophe stays inside the name.
    if let Some((decoded, map)) = decode_entities(raw) {
        scan_segment(&decoded, None, &guard.opts, out);
        for h in &mut out[from..] {
            h.start = s + map[h.start];
            h.end = s + map[h.end];
        }
        return;
    }
    scan_segment(raw, None, &guard.opts, out);
    for h in &mut out[from..] {
        h.start += s;
        h.end += s;
    }
}

/// Decodes HTML character references. Returns the text and, for each decoded
/// byte plus one past the end, the raw offset of the reference it came from;
/// `None` when there is nothing to decode. Unknown references stay as they are.
pub(crate) fn decode_entities(raw: &str) -> Option<(String, Vec<usize>)> {
    if !raw.contains('&') {
        return None;
    }
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    while i < b.len() {
        let (c, len) = if b[i] == b'&' { entity(&raw[i..]).unwrap_or(('&', 1)) } else {
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
    use super::find_tag;
    use crate::{Format, Guard, PhiType};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The search the scan made in a lowercased copy of the text.
        #[test]
        fn find_tag_is_a_search_in_the_lowercased_text(parts in proptest::collection::vec(prop_oneof![Just("</script"), Just("</SCRIPT"), Just("</Style"), Just("</scrip"), Just("<"), Just("é"), Just("x"), Just(">")], 0..12), from in 0usize..40) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            for tag in ["</script", "</style"] {
                prop_assert_eq!(find_tag(&text, from, tag), text.to_ascii_lowercase()[from..].find(tag).map(|r| from + r));
            }
        }
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
