//! URLs: query values are percent-decoded and scanned with their parameter
//! name as the label; findings map back to the raw (encoded) text.

use crate::detect::{scan_segment, ScanOptions};
use crate::finding::Hit;
use crate::labels::{self, LabelKind};
use crate::PhiType;

/// Percent-decodes `s` (and `+` → space). Returns the decoded text and, for
/// each decoded byte plus one past the end, the raw byte offset it came from.
/// Invalid UTF-8 after decoding is replaced (U+FFFD) and then the map is
/// only approximate, so callers scan raw text in that case.
pub(crate) fn percent_decode(s: &str) -> (String, Vec<usize>, bool) {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut map = Vec::with_capacity(b.len() + 1);
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                map.push(i);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        map.push(i);
        i += 1;
    }
    map.push(b.len());
    match String::from_utf8(out) {
        Ok(s) => (s, map, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), map, false),
    }
}

/// Percent-encodes an operator's output for a query value. Unreserved
/// characters and the ones our tokens use (`[`, `]`, `:`, `*`) stay as they
/// are; `+`, `&`, `=`, `#`, `%`, spaces and non-ASCII are encoded, so
/// "90+" stays "90+" after decoding instead of becoming "90 ".
pub(crate) fn encode_query_value(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'[' | b']' | b':' | b'*' | b'@' | b'/' | b',' | b'!' | b'(' | b')') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// Scans a query string `q` that starts at byte `base` of the whole text.
/// `path` is the URL before the query: it gives context to generic
/// parameters (`/patients/P1.json?id=P1`, `/fax/send?to=…`).
pub(crate) fn scan_query(q: &str, base: usize, path: &str, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let record = crate::detect::contact::path_record_kind(path);
    let fax = labels::find_labels(path).iter().any(|l| l.kind == LabelKind::Phi(PhiType::Fax));
    let first = out.len();
    let mut off = 0;
    for pair in q.split(['&', ';']) {
        let pair_start = off;
        off += pair.len() + 1;
        let Some(eq) = pair.find('=') else { continue };
        let (k, v) = (&pair[..eq], &pair[eq + 1..]);
        if v.is_empty() {
            continue;
        }
        let v_start = base + pair_start + eq + 1;
        let (dk, _, _) = percent_decode(k);
        // The user's key rules first ("ignore" included), as for JSON keys.
        let words = labels::normalise(&dk);
        let kind = match opts.user_key_rule(&words) {
            Some(rule) => rule,
            None => match labels::lookup_normalised(&words) {
                None if words == "id" => record.map(LabelKind::Phi),
                k => k,
            },
        };
        let (dv, map, exact) = percent_decode(v);
        let from = out.len();
        if exact {
            scan_segment(&dv, kind, opts, out);
            for h in &mut out[from..] {
                h.start = v_start + map[h.start];
                h.end = v_start + map[h.end];
                h.flags |= Hit::URL_QUERY;
            }
        } else {
            scan_segment(v, kind, opts, out);
            for h in &mut out[from..] {
                h.start += v_start;
                h.end += v_start;
            }
        }
    }
    if fax {
        for h in &mut out[first..] {
            if h.kind == PhiType::Phone {
                h.kind = PhiType::Fax;
                h.why = h.why.in_fax_url();
            }
        }
    }
}

/// Scans a whole input that is a URL (or a path with a query).
pub(crate) fn scan(text: &str, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let t = text.trim_end();
    let (before_frag, frag) = t.split_once('#').map_or((t, None), |(a, f)| (a, Some(f)));
    let (path, query) = before_frag.split_once('?').map_or((before_frag, None), |(p, q)| (p, Some(q)));
    // The path (and host) as text: e-mails and ids in path segments, and the
    // person-URL check over the whole thing.
    scan_segment(path, None, opts, out);
    if let Some(q) = query {
        scan_query(q, path.len() + 1, path, opts, out);
    }
    if let Some(f) = frag {
        scan_query(f, before_frag.len() + 1, path, opts, out);
    }
    // Path-only input: apply the person-path rule the URL detector uses. Not
    // on text that already holds one of our tokens: the rule runs outside
    // scan_segment's token filter, and its span could end inside a token
    // ("…?member=[HEALTH_" + "PLAN_ID]"), splitting it (found by fuzz/scan_url).
    if !t.contains("://") && !crate::detect::has_redaction_token(t) {
        crate::detect::contact::path_person(text, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    #[test]
    fn query_values_are_decoded_and_mapped_back() {
        let u = "https://portal.example.com/search?email=maria.garcia%40example.com&dob=1962-03-14&page=2";
        let scan = Guard::default().scan(u, Format::Url);
        let got: Vec<(PhiType, &str)> = scan.findings.iter().map(|f| (f.kind, &u[f.start..f.end])).collect();
        assert!(got.contains(&(PhiType::Email, "maria.garcia%40example.com")), "{got:?}");
        assert!(got.contains(&(PhiType::Date, "1962-03-14")), "{got:?}");
        assert!(!scan.redacted.contains("maria"));
        assert!(scan.redacted.contains("page=2"));
    }

    #[test]
    fn plus_and_utf8() {
        let u = "/api/patients?patient_name=Jos%C3%A9+Garc%C3%ADa";
        let scan = Guard::default().scan(u, Format::Url);
        let f = scan.findings.iter().find(|f| f.kind == PhiType::Name).expect("name");
        assert_eq!(&u[f.start..f.end], "Jos%C3%A9+Garc%C3%ADa");
    }
}
