//! HTML: scanned as text with markup-aware labels (`<th>MRN</th><td>…`),
//! minus `<style>` blocks; JSON islands (`__NEXT_DATA__`,
//! `type="application/json"`) go through the JSON walker so their keys act
//! as labels. RSC payload scripts are scanned as (escaped) text.

use crate::detect::scan_segment;
use crate::finding::Hit;
use crate::Guard;

pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>) {
    let lower = text.to_ascii_lowercase();
    let mut pos = 0; // start of the current plain-text stretch
    let mut search = 0;
    while let Some(rel) = lower[search..].find('<') {
        let open = search + rel;
        let is_script = lower[open..].starts_with("<script");
        let is_style = lower[open..].starts_with("<style");
        if !is_script && !is_style {
            search = open + 1;
            continue;
        }
        let Some(tag_end_rel) = lower[open..].find('>') else { break };
        let body_start = open + tag_end_rel + 1;
        let close = if is_script { "</script" } else { "</style" };
        let body_end = lower[body_start..].find(close).map_or(text.len(), |r| body_start + r);
        // Scan the text before this block.
        segment(guard, text, pos, body_start, out);
        let tag = &lower[open..body_start];
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
    use crate::{Format, Guard, PhiType};

    #[test]
    fn tables_attributes_and_next_data() {
        let h = r#"<table><tr><th>MRN</th><td>00482913</td></tr></table><input value="maria@example.com"><script id="__NEXT_DATA__" type="application/json">{"props":{"patient":{"ssn":"219099999"}}}</script><style>.a{color:#123456}</style>"#;
        let scan = Guard::default().scan(h, Format::Html);
        let types: Vec<PhiType> = scan.findings.iter().map(|f| f.kind).collect();
        assert_eq!(types, [PhiType::Mrn, PhiType::Email, PhiType::Ssn]);
        assert!(scan.redacted.contains(r#""ssn":"[SSN]""#));
    }
}
