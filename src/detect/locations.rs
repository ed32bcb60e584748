//! Street addresses, city-in-address and ZIP codes.
//!
//! A street line ("1234 Oak Street Apt 4B", "PO Box 112") is specific
//! enough to report alone. A city is reported when it is part of an address
//! ("…, Springfield, IL 62704") or under a city label/key. A 5-digit number
//! is a ZIP only after a state in an address or a ZIP label.

use super::{token_end, Ctx};
use crate::finding::Hit;
use crate::PhiType;
use regex::Regex;
use std::sync::OnceLock;

const SUFFIX: &str = r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Alley|Row|Pike|Crescent|Cres|Close|Plaza|Point|Ridge|Run|Path|Walk|Commons|Heights|Hts|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Grove|Park|Crossing|Xing|Hollow|Bend|Landing|Meadow|Meadows|Glen|Estates|Manor|View|Vista|Harbor|Creek|Hill|Hills)";
const UNIT: &str = r"(?:,?\ (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|Lot|\#)\.?\ ?\#?[A-Za-z0-9][A-Za-z0-9\-]{0,6})?";
const STATES: &str = r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\ Hampshire|New\ Jersey|New\ Mexico|New\ York|North\ Carolina|North\ Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\ Island|South\ Carolina|South\ Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\ Virginia|Wisconsin|Wyoming|Puerto\ Rico)";
// Letters include Latin-1 and Latin Extended-A/B ("San José", "Española", "Kalākaua").
const ZIP: &str = r"[0-9]{5}(?:-[0-9]{4})?";
// Lowercase particles inside a city name: "Coeur d'Alene", "Isle of Palms", "Cañon de la Plata".
const CITY: &str = r"[A-Z][a-zA-Z\x{C0}-\x{24F}'\.\-]+(?:\ (?:(?:de|del|la|las|los|le|du|of)\ )?(?:d')?[A-Z][a-zA-Z\x{C0}-\x{24F}'\.\-]+){0,2}";

fn street_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?x)
            [0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,4}})?\ 
            (?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\ )?
            (?:(?:[A-Z][A-Za-z\x{{C0}}-\x{{24F}}'\-]*|[0-9]{{1,3}}(?:st|nd|rd|th))\ |[A-Z][a-z]{{0,2}}\.\ ){{1,4}}   # a period only after abbreviations (Jr., St., Mt.), never a sentence end
            {SUFFIX}(?-u:\b)\.?(?:\ (?:N|S|E|W|NE|NW|SE|SW)(?-u:\b))?
            {UNIT}
          | P\.?\ ?O\.?\ Box\ [0-9]{{1,6}}
          | [0-9]{{1,6}}\ Broadway{UNIT}
            "
        ))
        .unwrap()
    })
}

/// ", Springfield, IL 62704" / " Springfield, Illinois" right after a street line,
/// or "Springfield, IL 62704" on its own.
fn city_state_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // Without a comma between city and state, a ZIP must follow ("Portland OR 97227"),
    // so "… Drive. Neighbor Marquis Washington" is not a city and a state.
    R.get_or_init(|| {
        Regex::new(&format!(
            r"^(?:,\ ?({CITY}),?\ {STATES}(?-u:\b)(?:,?\ ({ZIP}))?|(?:\n|\ )\ ?({CITY})(?:,\ {STATES}(?-u:\b)(?:,?\ ({ZIP}))?|\ {STATES},?\ ({ZIP})))(?-u:\b)"
        ))
        .unwrap()
    })
}

fn city_state_zip_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!(r"({CITY}),\ {STATES},?\ ([0-9]{{5}}(?:-[0-9]{{4}})?)(?-u:\b)")).unwrap())
}

pub(crate) fn addresses(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if !b.iter().any(u8::is_ascii_digit) {
        return;
    }
    let mut last_end = 0;
    for m in street_re().find_iter(cx.text) {
        let (s, e) = (m.start(), m.end());
        if (s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'.' | b'-' | b'/' | b'$'))) || !token_end(b, e) {
            continue;
        }
        out.push(Hit::new(PhiType::Address, s, e, 0.9, "address", "street line: number, street name and suffix"));
        if let Some(c) = city_state_re().captures(&cx.text[e..]) {
            let city = c.get(0).unwrap();
            let zip = c.get(2).or_else(|| c.get(4)).or_else(|| c.get(5));
            let city_end = zip.map_or(city.end(), |z| {
                // Trim the ZIP and the separator before it off the city/state span.
                let before = &cx.text[e..e + z.start()];
                before.trim_end_matches([' ', ',']).len()
            });
            let cs = e + c.get(1).or_else(|| c.get(3)).unwrap().start();
            out.push(Hit::new(PhiType::Address, cs, e + city_end, 0.85, "address", "city and state following a street line"));
            if let Some(z) = zip {
                out.push(Hit::new(PhiType::ZipCode, e + z.start(), e + z.end(), 0.9, "address", "ZIP code in a postal address"));
            }
            last_end = e + city.end();
        }
    }
    for c in city_state_zip_re().captures_iter(cx.text) {
        let whole = c.get(0).unwrap();
        if whole.start() < last_end {
            continue;
        }
        let (city, zip) = (c.get(1).unwrap(), c.get(2).unwrap());
        let state_end = cx.text[..zip.start()].trim_end_matches([' ', ',']).len();
        out.push(Hit::new(PhiType::Address, city.start(), state_end, 0.8, "address", "city and state followed by a ZIP code"));
        out.push(Hit::new(PhiType::ZipCode, zip.start(), zip.end(), 0.9, "address", "ZIP code after a city and state"));
    }
}

pub(crate) fn street_value(s: &str) -> Option<usize> {
    let m = street_re().find(s)?;
    (m.start() == 0).then_some(m.end())
}

/// City after a city label: up to three capitalised words.
pub(crate) fn city_value(s: &str) -> Option<usize> {
    let (mut end, mut pos) = (0, 0);
    for _ in 0..3 {
        let rest = &s[pos..];
        let n = rest.find(|c: char| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))).unwrap_or(rest.len());
        let w = &rest[..n];
        if w.len() < 2 || !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = pos + n;
        if !rest[n..].starts_with(' ') {
            break;
        }
        pos = end + 1;
    }
    (end > 0).then_some(end)
}

pub(crate) fn zip_value(b: &[u8]) -> Option<usize> {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n != 5 {
        return None;
    }
    if b.get(5) == Some(&b'-') && b.len() >= 10 && b[6..10].iter().all(u8::is_ascii_digit) && token_end(b, 10) {
        return Some(10);
    }
    token_end(b, 5).then_some(5).filter(|_| b.get(5) != Some(&b'.'))
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    fn found(s: &str) -> Vec<(PhiType, String)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(
            found("lives at 1234 Oak Street Apt 4B, Springfield, IL 62704."),
            [
                (PhiType::Address, "1234 Oak Street Apt 4B".to_string()),
                (PhiType::Address, "Springfield, IL".to_string()),
                (PhiType::ZipCode, "62704".to_string())
            ]
        );
        assert_eq!(found("PO Box 112"), [(PhiType::Address, "PO Box 112".to_string())]);
        assert_eq!(found("zip: 62704"), [(PhiType::ZipCode, "62704".to_string())]);
        assert!(found("processed 12345 rows").is_empty());
        assert!(found("took 300 ms on 2 Workers").is_empty());
    }
}
