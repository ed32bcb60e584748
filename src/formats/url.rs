//! URLs: query values are percent-decoded and scanned with their parameter
//! name as the label; findings map back to the raw (encoded) text.

use crate::detect::{scan_segment, ScanOptions};
use crate::finding::Hit;
use crate::labels::{self, LabelKind};
use crate::PhiType;

/// Percent-decodes `s` (and `+` → space). Returns the decoded text, for
/// each byte of it plus one past the end the raw byte offset it came from,
/// and whether the decoded bytes were UTF-8. Bytes that are not (`%E0` then
/// `219`) are replaced by U+FFFD, each of whose three bytes maps to the raw
/// offset of the first byte it replaces, so the map stays exact at every
/// char boundary and the rest of the text is scanned as it reads
/// (`?ssn=%E0219-09-9999` reaches an app as U+FFFD then `219-09-9999`).
pub(crate) fn percent_decode(s: &str) -> (String, Vec<usize>, bool) {
    percent_decode_with(s, true)
}

/// [`percent_decode`], with `+` a space only where `plus_is_space` (a query;
/// in a path `+` is itself).
pub(crate) fn percent_decode_with(s: &str, plus_is_space: bool) -> (String, Vec<usize>, bool) {
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
        out.push(if b[i] == b'+' && plus_is_space { b' ' } else { b[i] });
        map.push(i);
        i += 1;
    }
    map.push(b.len());
    match String::from_utf8(out) {
        Ok(s) => (s, map, true),
        Err(e) => {
            let out = e.into_bytes();
            let (mut text, mut at) = (String::with_capacity(out.len() + 8), Vec::with_capacity(map.len() + 8));
            let mut i = 0;
            for chunk in out.utf8_chunks() {
                text.push_str(chunk.valid());
                at.extend_from_slice(&map[i..i + chunk.valid().len()]);
                i += chunk.valid().len();
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    at.extend_from_slice(&[map[i]; 3]);
                    i += chunk.invalid().len();
                }
            }
            at.push(b.len());
            (text, at, false)
        }
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
        // A pair without `=` (`?219-09-9999`) is a value without a key.
        let (kind, v, v_start) = match pair.find('=') {
            Some(eq) => {
                let (dk, _, _) = percent_decode(&pair[..eq]);
                // The user's key rules first ("ignore" included), as for JSON keys.
                let words = labels::normalise(&dk);
                let kind = match opts.user_key_rule(&words) {
                    Some(rule) => rule,
                    None => match labels::lookup_normalised(&words) {
                        None if words == "id" => record.map(LabelKind::Phi),
                        k => k,
                    },
                };
                (kind, &pair[eq + 1..], base + pair_start + eq + 1)
            }
            None => (None, pair, base + pair_start),
        };
        if v.is_empty() {
            continue;
        }
        scan_decoded(v, v_start, kind, true, opts, out);
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

/// Scans `raw` (which starts at byte `at` of the whole text) percent-decoded,
/// under the label `kind`, mapping the findings back to the raw text. Where
/// the decoded bytes are UTF-8 a finding is marked [`Hit::URL_QUERY`] (and
/// [`Hit::URL_PATH`] outside a query), so its replacement is percent-encoded
/// again; where they are not (a malformed escape), the replacement is
/// written as it is.
fn scan_decoded(raw: &str, at: usize, kind: Option<LabelKind>, in_query: bool, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let (decoded, map, exact) = percent_decode_with(raw, in_query);
    let from = out.len();
    let depth = DEPTH.get();
    DEPTH.set(depth + 1);
    scan_segment(&decoded, kind, opts, out);
    DEPTH.set(depth);
    for h in &mut out[from..] {
        h.start = at + map[h.start];
        h.end = at + map[h.end];
        if exact {
            h.flags |= if in_query { Hit::URL_QUERY } else { Hit::URL_QUERY | Hit::URL_PATH };
        }
    }
}

thread_local! {
    /// How many decoded values (query values, path segments) the text
    /// being scanned is inside.
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether the text being scanned may have the URLs and forms in it read
/// as a URL's parts are ([`scan_query`], [`scan_segments`]): at the top,
/// and in a value of that (`?next=%2Fp%3Fssn%3D…`), not deeper. Each
/// level's values are scanned as text, which reads their URLs again: a
/// value of `/p?a=` repeated went a level deeper per repeat, until the
/// stack ran out.
pub(crate) fn may_read_parts() -> bool {
    DEPTH.get() < 2
}

/// Where the path of `path` starts: after its scheme and host, if any.
fn after_host(path: &str) -> usize {
    path.find("://").map_or(0, |s| path[s + 3..].find('/').map_or(path.len(), |p| s + 3 + p))
}

/// Scans each segment of `path` (which starts at byte `base` of the whole
/// text) after its scheme and host, percent-decoded, as an app reads it
/// (`params.id`): a segment that is an identifier by itself
/// (`/a/219-09-9999`: in running text a `/` before a number makes it part
/// of a longer one) or only once decoded (`/patients/%32%31%39-09-9999`,
/// `/patients/Mary%20Smith`). With `escaped_only`, only the segments with
/// a `%` (in running text the others were scanned where they stand).
pub(crate) fn scan_segments(path: &str, base: usize, escaped_only: bool, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let mut seg_start = after_host(path);
    for seg in path[seg_start..].split('/') {
        if !seg.is_empty() && seg.len() < path.len() && (!escaped_only || seg.contains('%')) {
            scan_decoded(seg, base + seg_start, None, false, opts, out);
        }
        seg_start += seg.len() + 1;
    }
}

/// Whether `t` is a form body (`application/x-www-form-urlencoded`):
/// `key=value` pairs joined by `&` (an empty last one allowed), keys of
/// word bytes and escapes, no white space, and neither a `?` nor a `://`,
/// so no URL or path with a query is taken for one.
pub(crate) fn is_form(t: &str) -> bool {
    let b = t.as_bytes();
    let key = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'%' | b'[' | b']' | b'+' | b'*' | b'~');
    let pair = |p: &[u8]| p.iter().position(|&c| c == b'=').is_some_and(|k| k > 0 && p[..k].iter().all(key));
    let body = b.strip_suffix(b"&").unwrap_or(b);
    !body.is_empty() && b.iter().all(|&c| c > b' ' && c != b'?' && c != 0x7f) && !t.contains("://") && body.split(|&c| c == b'&').all(pair)
}

/// Scans a whole input that is a URL (or a path with a query), or a form body.
pub(crate) fn scan(text: &str, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let t = text.trim_end();
    // A form body is a query without its `?` (`firstName=Maria&dob=…`),
    // not a path to split at its `/`.
    if is_form(t.trim_start()) {
        scan_query(t.trim_start(), text.len() - text.trim_start().len(), "", opts, out);
        return;
    }
    let (before_frag, frag) = t.split_once('#').map_or((t, None), |(a, f)| (a, Some(f)));
    let (path, query) = before_frag.split_once('?').map_or((before_frag, None), |(p, q)| (p, Some(q)));
    // The path (and host) as text: e-mails and ids in path segments, and the
    // person-URL check over the whole thing.
    let from = out.len();
    scan_segment(path, None, opts, out);
    // Then each segment of the path alone, percent-decoded, as an app reads
    // it (`params.id`): a segment that is an identifier by itself
    // (`/a/219-09-9999`: in running text a `/` before a number makes it part
    // of a longer one) or only once decoded (`/patients/%32%31%39-09-9999`,
    // `/patients/Mary%20Smith`). A finding here and from the path above at
    // one span is one finding after `resolve`. Not the scheme and host.
    let after_host = after_host(path);
    // A finding inside one segment is written as the segment scan below
    // writes it (`resolve` keeps the first of two at one span, this one):
    // its operator sees the value the app reads, `zoltan+intake%40…` as
    // `zoltan+intake@…`, which gets the pseudonym it gets anywhere else.
    for h in &mut out[from..] {
        let raw = &path[h.start..h.end];
        if h.start >= after_host && !raw.contains('/') && raw.contains('%') && percent_decode_with(raw, false).2 {
            h.flags |= Hit::URL_QUERY | Hit::URL_PATH;
        }
    }
    scan_segments(path, 0, false, opts, out);
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

    /// A FHIR search's date takes a comparison prefix (`eq`, `ge`, `lt`,
    /// ...): under a date key, the date after it is the value.
    #[test]
    fn fhir_search_prefix_before_a_date() {
        let dates = |u: &str| -> Vec<String> {
            let scan = Guard::default().scan(u, Format::Url);
            scan.findings.iter().filter(|f| f.kind == PhiType::Date).map(|f| u[f.start..f.end].to_string()).collect()
        };
        assert_eq!(dates("/api/fhir/Patient?birthdate=eq1988-04-25&_count=20"), ["1988-04-25"]);
        assert_eq!(dates("/fhir/Patient?birthdate=ge1950-01-01&birthdate=lt1960-01-01"), ["1950-01-01", "1960-01-01"]);
        assert!(dates("/fhir/Patient?birthdate=xy1988-04-25").is_empty());
        assert!(dates("/fhir/Patient?birthdate=eq&n=2").is_empty());
    }

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

    /// What an app reads from a URL is scanned as it reads it: a value after
    /// a malformed escape, a query item without `=`, a path segment that is
    /// an identifier by itself (a `/` before a number hides it in running
    /// text) or only once decoded. Each is redacted whole in the raw text.
    #[test]
    fn what_an_app_reads_is_scanned() {
        let g = Guard::default();
        for (u, kind, raw) in [
            ("/appointments?ssn=%E0219-09-9999", PhiType::Ssn, "219-09-9999"),
            ("/appointments?219-09-9999", PhiType::Ssn, "219-09-9999"),
            ("/appointments?x=1&maria.garcia%40example.com", PhiType::Email, "maria.garcia%40example.com"),
            ("/a/219-09-9999", PhiType::Ssn, "219-09-9999"),
            ("/a/219-09-9999/chart", PhiType::Ssn, "219-09-9999"),
            ("/patients/%32%31%39-09-9999", PhiType::Ssn, "%32%31%39-09-9999"),
            ("https://x.example.com/patients/219%2D09%2D9999", PhiType::Ssn, "219%2D09%2D9999"),
            ("/p/555%2D123%2D4567", PhiType::Phone, "555%2D123%2D4567"),
            ("/patients/Mary%20Smith", PhiType::Name, "Mary%20Smith"),
            ("/find?q=Mary+Smith", PhiType::Name, "Mary+Smith"),
        ] {
            let scan = g.scan(u, Format::Url);
            let got: Vec<(PhiType, &str)> = scan.findings.iter().map(|f| (f.kind, &u[f.start..f.end])).collect();
            assert!(got.contains(&(kind, raw)), "{u}: {got:?}");
            let digits = raw.trim_start_matches(['%', '3']).get(..3).unwrap_or(raw);
            assert!(!scan.redacted.contains("9999") && !scan.redacted.contains("Smith") && !scan.redacted.contains("garcia") && !scan.redacted.contains("4567"), "{u} → {} ({digits})", scan.redacted);
        }
        // Templates and plain paths stay as they are; in a path `+` is itself
        // (`/tags/Mary+Smith` reaches an app as that), in a query a space.
        for u in ["/api/v1/patients/[id]", "/reports/2024/summary", "/blog/2024/01/15/post", "/search?q=flu+shots&page=2", "/health?verbose", "/tags/Mary+Smith"] {
            let scan = g.scan(u, Format::Url);
            assert!(scan.findings.is_empty(), "{u}: {:?}", scan.findings);
        }
    }

    /// A path-only URL that points at one person is found after the
    /// input's leading white space: its span started at 0 with the trimmed
    /// length, so it ended one char early, inside a last multi-byte char
    /// (a panic when redacting; found by fuzz/classify).
    #[test]
    fn a_person_path_after_white_space_spans_the_url() {
        let g = Guard::default();
        for (u, lead) in [(" ?name=\u{FFFD}", 1), ("\t ?name=a\u{e9}", 2), ("  ?name=\u{FFFD} ", 2)] {
            let scan = g.scan(u, Format::Url);
            let url = scan.findings.iter().find(|f| f.kind == PhiType::Url).unwrap_or_else(|| panic!("{u:?}: {:?}", scan.findings));
            assert_eq!((url.start, url.end), (lead, u.trim_end().len()), "{u:?}");
            assert!(scan.redacted.starts_with(&u[..lead]) && scan.redacted.contains("[URL]"), "{u:?} → {}", scan.redacted);
        }
    }

    /// Decoded bytes that are not UTF-8 become U+FFFD, mapped to the raw
    /// offset of what they replace; every other byte maps exactly.
    #[test]
    fn malformed_escapes_map_exactly() {
        let raw = "a%E0b%FF%FEc%41";
        let (text, map, exact) = super::percent_decode(raw);
        assert!(!exact);
        // As `String::from_utf8_lossy`: one U+FFFD for each byte that starts no sequence.
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}\u{FFFD}cA");
        assert_eq!(map.len(), text.len() + 1);
        let at = |c: char| map[text.find(c).unwrap()];
        assert_eq!((at('a'), at('b'), at('c'), at('A')), (0, 4, 11, 12));
        assert_eq!(map[1..4], [1, 1, 1]);
        assert_eq!(map[5..11], [5, 5, 5, 8, 8, 8]);
        assert_eq!(*map.last().unwrap(), raw.len());
    }

    /// In a path `+` is itself, also for the operator: a value found in a
    /// path segment gets the pseudonym and the mask it gets anywhere else,
    /// not those of the value with a space for its `+`.
    #[test]
    fn path_values_keep_their_plus_for_the_operator() {
        let g = Guard::from_json(r#"{"operators":{"*":"pseudonym"},"pseudonymKey":"url-test-key-0123456789abcdef"}"#).unwrap();
        let email = "zoltan+intake@example.com";
        let in_text = g.scan(&format!("write to {email} today"), Format::Text);
        let f = in_text.findings.iter().find(|f| f.kind == PhiType::Email).expect("e-mail in text");
        let token = &in_text.redacted[f.start..in_text.redacted.len() - " today".len()];
        let encoded = email.replace('@', "%40");
        for u in [format!("/inbox/{email}"), format!("/inbox/{email}/messages"), format!("/inbox/{encoded}"), format!("/inbox/{encoded}/messages")] {
            let scan = g.scan(&u, Format::Url);
            assert!(scan.findings.iter().any(|f| f.kind == PhiType::Email && (&u[f.start..f.end] == email || u[f.start..f.end] == encoded)), "{u}: {:?}", scan.findings);
            assert!(scan.redacted.contains(token), "{u} → {} (the text's pseudonym {token})", scan.redacted);
        }
        // In a query `+` is a space, as the app reads it; `%2B` is the plus.
        let q = g.scan("/inbox?to=zoltan%2Bintake%40example.com", Format::Url);
        assert!(q.redacted.contains(token), "{}", q.redacted);
    }

    /// A form body is read as a query: each value decoded (`+` a space)
    /// under its key, in `url` and, for two pairs or more, in `auto`.
    #[test]
    fn form_bodies_are_queries() {
        let g = Guard::default();
        let body = "firstName=Maria&lastName=Garcia&dob=03%2F14%2F1961&email=maria.garcia%40example.com&phone=%2B1+555+867+5309&reason=chest+pain";
        let want = "firstName=[NAME]&lastName=[NAME]&dob=[DATE]&email=[EMAIL]&phone=[PHONE]&reason=chest+pain";
        for format in [Format::Url, Format::Auto] {
            let scan = g.scan(body, format);
            assert_eq!(scan.redacted, want, "{format:?}");
        }
        assert_eq!(g.scan("q=Maria+Garcia&page=2&", Format::Url).redacted, "q=[NAME]&page=2&");
        assert_eq!(Format::sniff(body), Format::Url);
        for t in ["a=1", "/a=1&b=2", "a=1 &b=2", "x/y=1&b=2", "a=1&b", "=1&b=2", "&", "a=1&&b=2", "a?=1&b=2"] {
            assert_ne!(Format::sniff(t), Format::Url, "{t}");
        }
        for t in ["a=1", "a=1&", "a[0]=x&b.c=%2F&d="] {
            assert!(super::is_form(t), "{t}");
        }
        for t in ["", "a", "a=1&b", "/a=1", "a b=1", "a=https://x", "p?a=1"] {
            assert!(!super::is_form(t), "{t}");
        }
    }

    /// In text, a run that is a query on its own (a form body in a log
    /// line) is read as one: its values decoded, `+` a space, so a name
    /// joined by `+` is one name. A `+` in a key, or no `=`, is no query.
    /// A body written unencoded (`curl --data "first=…&last=…"`) is one
    /// when its pairs are joined by `&`; one pair alone is a log's key=value.
    #[test]
    fn form_bodies_in_text_are_queries() {
        crate::detect::assert_redacts(Format::Text, &[
            (
                "curl -X POST 'https://x.example/intake' --data \"first=Maria&last=Garcia&dob=03/14/1961&phone=414-665-4633\"",
                "curl -X POST 'https://x.example/intake' --data \"first=[NAME]&last=[NAME]&dob=[DATE]&phone=[PHONE]\"",
            ),
            ("curl -d 'first=Maria&last=Garcia' https://x.example", "curl -d 'first=[NAME]&last=[NAME]' https://x.example"),
            ("first=Maria done", "first=Maria done"),
            ("sync ok status=200&dur=15&retries=0", "sync ok status=200&dur=15&retries=0"),
            ("name=Maria+Garcia&dob=1961-03-14&ssn=219099999", "name=[NAME]&dob=[DATE]&ssn=[SSN]"),
            ("POST /api/intake body: name=Maria+Garcia&dob=1961-03-14.", "POST /api/intake body: name=[NAME]&dob=[DATE]."),
            ("q=Maria+Garcia", "q=[NAME]"),
            ("patient_name=Maria+D%27Angelo+Garcia", "patient_name=[NAME]"),
            ("a+b=c", "a+b=c"),
            ("C++ and x = a+b=c&d=e", "C++ and x = a+b=c&d=e"),
            ("ts=2024-01-01T10:00:00+00:00 progress=50%", "ts=2024-01-01T10:00:00+00:00 progress=50%"),
            // A log's key=value with a plus that no form would leave unencoded.
            ("sms.sent to=+12145550157 sid=SM9d11", "sms.sent to=[PHONE] sid=SM9d11"),
            ("fax-worker to=+1-305-555-0161 pages=7", "fax-worker to=[FAX] pages=7"),
        ]);
    }

    /// A value that is itself a URL or a form is read as one, a level
    /// down; a value of such values nested a level per repeat is not read
    /// without end (the stack ran out).
    #[test]
    fn values_inside_values_are_read_to_a_depth() {
        crate::detect::assert_redacts(Format::Text, &[("GET /login?next=%2Fpatients%3Fssn%3D219-09-9999 302", "GET /login?next=%2Fpatients%3Fssn%3D[SSN] 302")]);
        let g = Guard::default();
        for text in [format!(" /p?a={}x", "/p?a=".repeat(20_000)), format!("ssn={}%", "ssn=".repeat(20_000))] {
            assert!(g.scan(&text, Format::Text).redacted.len() >= text.len() - 16);
        }
    }

    #[test]
    fn plus_and_utf8() {
        let u = "/api/patients?patient_name=Jos%C3%A9+Garc%C3%ADa";
        let scan = Guard::default().scan(u, Format::Url);
        let f = scan.findings.iter().find(|f| f.kind == PhiType::Name).expect("name");
        assert_eq!(&u[f.start..f.end], "Jos%C3%A9+Garc%C3%ADa");
    }
}
