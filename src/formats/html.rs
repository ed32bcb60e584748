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
    scan_segment(&text[s..e], None, &guard.opts, out);
    for h in &mut out[from..] {
        h.finding.start += s;
        h.finding.end += s;
    }
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
