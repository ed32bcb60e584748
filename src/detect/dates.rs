//! Dates tied to a person (birth, admission, discharge, visit, death) and
//! ages over 89.
//!
//! A date on its own is not PHI: log timestamps, release dates and build
//! dates are everywhere. A date is reported when a label ties it to a person
//! ("DOB", "admitted", `birthDate`), or when it sits in person-centred prose
//! with no sign of being a system date. Timestamps with a time of day need a
//! label.

use super::{token_end, token_start, Ctx};
use crate::finding::Hit;
use crate::labels::LabelKind;
use crate::PhiType;
use regex::Regex;
use std::sync::OnceLock;

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

const MES: &str = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)";

fn date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        // Within each alternation the longer choices come first ("23" before
        // "2"): the regex is leftmost-first, so "2012/08/23" must not stop at "2012/08/2".
        let p = format!(
            r"(?xi)
            (?:19|20)[0-9]{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])        # ISO 1962-03-14
                (?:[T\ ][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\.[0-9]{{1,9}})?)?(?:Z|[+\-][0-9]{{2}}:?[0-9]{{2}})?)?
          | (?:19|20)[0-9]{{2}}/(?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])     # 1962/03/14
          | (?:1[0-2]|0?[1-9])/(?:[12][0-9]|3[01]|0?[1-9])/(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})  # US 3/14/1962, 3/14/62
          | (?:1[0-2]|0?[1-9])-(?:[12][0-9]|3[01]|0?[1-9])-(?:19|20)[0-9]{{2}}     # 03-14-1962
          | (?:[12][0-9]|3[01]|0?[1-9])[./](?:1[0-2]|0?[1-9])[./](?:19|20)[0-9]{{2}} # 14.03.1962, 14/03/1962
          | {m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\ (?:19|20)[0-9]{{2}}  # March 14, 1962
          | (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}\.?,?\ (?:19|20)[0-9]{{2}}  # 14 Mar 1962
          | (?:[12][0-9]|3[01]|0?[1-9])-{m}-(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})    # 14-MAR-1962
          | (?:19|20)[0-9]{{2}}年(?:1[0-2]|0?[1-9])月(?:[12][0-9]|3[01]|0?[1-9])日   # 1962年3月14日
          | (?:19|20)[0-9]{{2}}년\ ?(?:1[0-2]|0?[1-9])월\ ?(?:[12][0-9]|3[01]|0?[1-9])일   # 1962년 3월 14일
          | (?:[12][0-9]|3[01]|0?[1-9])\ de\ {es}\ (?:de\ |del\ )?(?:19|20)[0-9]{{2}}  # 14 de marzo de 1962
          | (?:19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])          # 19620314 (label only)
          | {m}\.?\ (?:19|20)[0-9]{{2}}                                              # March 1962 (label only)
          | {m}\.?\ (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?                   # March 14 (label only)
          | (?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\ (?:of\ )?{m}               # 14 March (label only)
            ",
            m = MONTH,
            es = MES
        );
        Regex::new(&p).unwrap()
    })
}

fn age_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?xi)
            ([0-9]{2,3})(?:</[a-z]{1,8}>)?(?:\ |-)?(?:years?|yrs?|yo|y/o|y\.o\.?|year)(?:[\ \-]old)?
          | (?:age|aged)\ ?(?:of\ )?[:=]?\ ?([0-9]{2,3})
          | ([0-9]{2,3})\ ?(?:yo|y/o)[MF]?
          | ([0-9]{2,3})-year-old
          | ([0-9]{2,3})\ ?歳
        ").unwrap()
    })
}

/// Words that say a nearby date belongs to a system, not a person.
const SYSTEM_WORDS: &[&str] = &[
    "release", "released", "version", "build", "deploy", "deployed", "copyright", "updated", "published", "generated",
    "created", "modified", "timestamp", "expires", "expiry", "expiration", "login", "logged", "commit", "changelog",
    "effective", "last modified", "cert", "certificate", "license", "renew", "billing period", "invoice", "report date",
    "ts", "time", "date:", "sent", "received", "fetched", "cached", "synced", "started", "finished", "uptime", "migration",
];

/// Words that put prose about a person around a date.
const PERSON_WORDS: &[&str] = &[
    "patient", "pt", "pt.", "he", "she", "his", "her", "mr.", "mrs.", "ms.", "y/o", "year-old", "born", "admitted", "discharged",
    "seen", "visit", "diagnosed", "presented", "underwent", "surgery", "died", "passed", "mother", "father", "daughter", "son",
    "husband", "wife", "birthday", "dob", "appointment", "appt", "followup", "follow-up", "hospitalized", "injured", "treated",
    "reported", "since", "onset", "signed", "consent", "paciente", "nacimiento", "患者", "受診", "入院", "退院", "生年月日",
    "ingreso", "alta", "cita", "implanted", "vaccinated", "given", "pronounced", "nacido", "nacida", "환자", "생년월일",
];

fn window_lower(b: &[u8], from: usize, to: usize) -> String {
    let from = from.min(b.len());
    let to = to.min(b.len());
    String::from_utf8_lossy(&b[from..to]).to_ascii_lowercase()
}

/// Words of a list grouped by first byte, so that a window is read once
/// instead of once per word.
struct WordSet([Vec<&'static [u8]>; 256]);

impl WordSet {
    fn new(words: &[&'static str]) -> WordSet {
        let mut by_first: [Vec<&'static [u8]>; 256] = std::array::from_fn(|_| Vec::new());
        for w in words {
            by_first[usize::from(w.as_bytes()[0])].push(w.as_bytes());
        }
        WordSet(by_first)
    }
}

fn system_words() -> &'static WordSet {
    static S: OnceLock<WordSet> = OnceLock::new();
    S.get_or_init(|| WordSet::new(SYSTEM_WORDS))
}

fn person_words() -> &'static WordSet {
    static S: OnceLock<WordSet> = OnceLock::new();
    S.get_or_init(|| WordSet::new(PERSON_WORDS))
}

/// Whether one of the words occurs in `hay` as a whole word (no ASCII letter
/// or digit right before or after it).
fn has_word(hay: &str, words: &WordSet) -> bool {
    let hb = hay.as_bytes();
    (0..hb.len()).any(|i| {
        (i == 0 || !hb[i - 1].is_ascii_alphanumeric())
            && words.0[usize::from(hb[i])].iter().any(|w| hb[i..].starts_with(w) && hb.get(i + w.len()).is_none_or(|c| !c.is_ascii_alphanumeric()))
    })
}

pub(crate) fn dates(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if !b.iter().any(u8::is_ascii_digit) {
        return;
    }
    // Ends of the names found in this segment (the name detector runs first, left to right).
    let name_ends: Vec<usize> = out[cx.hits_from..].iter().filter(|h| h.finding.kind == PhiType::Name).map(Hit::end).collect();
    for m in date_re().find_iter(cx.text) {
        let (s, e) = (m.start(), m.end());
        if !token_start(b, s) || !token_end(b, e) || (s > 0 && matches!(b[s - 1], b'.' | b'/' | b'-' | b':')) || (e < b.len() && matches!(b[e], b'/' | b':') && b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
            continue;
        }
        let v = m.as_str();
        let has_time = v.contains(':');
        let compact = v.bytes().all(|c| c.is_ascii_digit());
        let month_year = is_month_year_only(v);
        let labelled = cx.label_near(s, 64, |k| k == LabelKind::Phi(PhiType::Date));
        if labelled {
            out.push(Hit::new(PhiType::Date, s, e, 0.9, "date", "date near a label tying it to a person"));
            continue;
        }
        if has_time || compact || month_year {
            continue;
        }
        let before = window_lower(b, s.saturating_sub(48), s);
        if has_word(&before, system_words()) {
            continue;
        }
        let around = window_lower(b, s.saturating_sub(96), (e + 64).min(b.len()));
        // A name found just before ("Maria Garcia 04/07/1998") ties the date to that person.
        let k = name_ends.partition_point(|&e| e <= s);
        let name_before = k > 0 && s - name_ends[k - 1] <= 48;
        if has_word(&around, person_words()) || name_before || cx.label_near(s, 120, |k| matches!(k, LabelKind::Phi(PhiType::Name))) {
            out.push(Hit::new(PhiType::Date, s, e, 0.75, "date", "date in prose about a person"));
        } else if rendered_content(&before) {
            out.push(Hit::new(PhiType::Date, s, e, 0.7, "date", "date the page rendered, quoted in a hydration error"));
        }
    }
}

/// React's hydration-mismatch errors quote what the server and the client
/// rendered (`Text content did not match. Server: "02/04/2017" Client:
/// "02/03/2017"`): page content, in a patient portal a birth or visit date,
/// often off by a day between the two (a time-zone bug). `before` is the
/// lowercased window before the date.
fn rendered_content(before: &str) -> bool {
    let quoted = before.trim_end().trim_end_matches(['"', '\'', '\\']).trim_end();
    let hydration = before.contains("did not match") || before.contains("hydrat");
    (quoted.ends_with("server:") && hydration) || (quoted.ends_with("client:") && (hydration || before.contains("server:")))
}

/// "March 1962", "March 14", "14th of March": too little of a date to report without a label.
fn is_month_year_only(v: &str) -> bool {
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let has_month = v.bytes().any(|c| c.is_ascii_alphabetic());
    (digits == 4 && has_month && !v.contains(',') && v.split(' ').count() == 2) || (has_month && digits <= 2)
}

/// A date at the start of `s` (after a date label). `strict`: whole JSON
/// values, where any of the formats including a full timestamp counts.
pub(crate) fn date_value(s: &str, strict: bool) -> Option<usize> {
    let m = date_re().find(s)?;
    if m.start() != 0 || !token_end(s.as_bytes(), m.end()) {
        return None;
    }
    let _ = strict;
    Some(m.end())
}

pub(crate) fn ages(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if !b.iter().any(u8::is_ascii_digit) {
        return;
    }
    for c in age_re().captures_iter(cx.text) {
        let whole = c.get(0).unwrap();
        let Some(n) = c.iter().skip(1).flatten().next() else { continue };
        if !token_start(b, whole.start()) || !(token_end(b, whole.end()) || whole.as_str().ends_with('歳')) || (n.end() < b.len() && b[n.end()] == b'.' && b.get(n.end() + 1).is_some_and(u8::is_ascii_digit)) {
            continue;
        }
        if b.get(n.end()) == Some(&b'+') {
            continue; // already generalised ("90+")
        }
        let v: u32 = n.as_str().parse().unwrap_or(0);
        if (90..=125).contains(&v) {
            out.push(Hit::new(PhiType::Age, n.start(), n.end(), 0.9, "age", "age over 89"));
        }
    }
}

/// An age value after an age label: a number over 89.
pub(crate) fn age_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 3 || !token_end(b, n) || b.get(n) == Some(&b'+') || b.get(n) == Some(&b'.') {
        return None;
    }
    let v: u32 = s[..n].parse().ok()?;
    (90..=125).contains(&v).then_some(n)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn person_dates() {
        for (s, v) in [
            ("DOB: 03/14/1962", "03/14/1962"),
            ("date of birth 1962-03-14", "1962-03-14"),
            ("born March 14, 1962", "March 14, 1962"),
            ("admitted 14 Mar 2024", "14 Mar 2024"),
            ("Discharge date: 14.03.2024", "14.03.2024"),
            ("The patient was seen on 3/14/24 for pain", "3/14/24"),
        ] {
            assert_eq!(found(s), [(PhiType::Date, v.to_string())], "{s}");
        }
    }

    #[test]
    fn system_dates_stay() {
        for s in ["2024-05-01T10:00:00.123Z INFO GET /api 200 12ms", "released 2024-05-01", "copyright 2024", "v14.2.3 built 2024-05-01"] {
            assert!(found(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn hydration_errors_quote_rendered_dates() {
        let s = r#"Error: Text content did not match. Server: "02/04/2017" Client: "02/03/2017""#;
        assert_eq!(found(s), [(PhiType::Date, "02/04/2017".into()), (PhiType::Date, "02/03/2017".into())]);
        // A server label alone is not a hydration error.
        assert!(found("server: 02/04/2017 build ok").is_empty());
        assert!(found(r#"{"server": "02/04/2017"}"#).is_empty());
    }

    #[test]
    fn ages() {
        assert_eq!(found("a 92-year-old woman"), [(PhiType::Age, "92".to_string())]);
        assert_eq!(found("age: 94"), [(PhiType::Age, "94".to_string())]);
        assert!(found("a 45-year-old man").is_empty());
        assert!(found("age: 90+").is_empty());
    }
}
