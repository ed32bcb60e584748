//! Financial identifiers: payment cards (Luhn + issuer prefix), IBAN
//! (mod 97), ABA routing numbers (3-7-1; reported only after a label, since
//! one 9-digit number in ten passes the checksum).

use super::{token_end, token_start, Ctx};
use crate::finding::Hit;
use crate::validate;
use crate::PhiType;
use regex::Regex;
use std::sync::OnceLock;


fn iban_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?x)
            [A-Z]{2}[0-9]{2}(?:\ ?[A-Z0-9]{4}){2,7}(?:\ ?[A-Z0-9]{1,3})?
        ").unwrap()
    })
}

pub(crate) fn cards(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    if b.iter().filter(|c| c.is_ascii_digit()).count() < 13 {
        return;
    }
    for (s, e) in super::shapes::leftmost_matches(b, |c| c.is_ascii_digit(), super::shapes::card_at) {
        if !token_start(b, s) || !token_end(b, e) || (s > 0 && matches!(b[s - 1], b'.' | b'-')) {
            continue;
        }
        if validate::credit_card(&cx.text[s..e]) {
            out.push(Hit::new(PhiType::CreditCard, s, e, 0.95, "credit-card", "card number with a valid issuer prefix and Luhn check"));
        }
    }
}

pub(crate) fn card_value(s: &str) -> Option<usize> {
    let e = super::shapes::card_at(s.as_bytes(), 0)?;
    (token_end(s.as_bytes(), e) && validate::credit_card(&s[..e])).then_some(e)
}

pub(crate) fn ibans(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    for m in iban_re().find_iter(cx.text) {
        let (s, mut e) = (m.start(), m.end());
        if !token_start(b, s) {
            continue;
        }
        // The regex may take one group too many (the next word); back off to a valid IBAN.
        let mut v = m.as_str();
        while !validate::iban(v) && v.len() > 15 {
            let cut = v.rfind(' ').unwrap_or(v.len() - 1);
            v = &v[..cut];
            e = s + v.len();
        }
        if validate::iban(v) && token_end(b, e) {
            out.push(Hit::new(PhiType::Iban, s, e, 0.97, "iban", "IBAN with a valid country length and mod-97 check"));
        }
    }
}

pub(crate) fn iban_value(s: &str) -> Option<usize> {
    let m = iban_re().find(s)?;
    if m.start() != 0 {
        return None;
    }
    let mut v = m.as_str();
    while !validate::iban(v) && v.len() > 15 {
        v = &v[..v.rfind(' ').unwrap_or(v.len() - 1)];
    }
    validate::iban(v).then_some(v.len())
}

pub(crate) fn aba_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (n == 9 && token_end(b, 9) && validate::aba(&s[..9])).then_some(9)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    fn types(s: &str) -> Vec<PhiType> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn cards_ibans_routing() {
        assert_eq!(types("card 4111 1111 1111 1111 ok"), [PhiType::CreditCard]);
        assert_eq!(types("amex 3782 822463 10005"), [PhiType::CreditCard]);
        assert!(types("card 4111 1111 1111 1112").is_empty(), "Luhn fails");
        assert!(types("ts 1717171717171").is_empty(), "epoch millis");
        assert_eq!(types("IBAN DE89 3704 0044 0532 0130 00 paid"), [PhiType::Iban]);
        assert!(types("IBAN DE89 3704 0044 0532 0130 01").is_empty());
        assert_eq!(types("routing number: 021000021"), [PhiType::BankRouting]);
        assert!(types("routing number: 021000022").is_empty());
        assert!(types("rows 021000021").is_empty(), "no label");
    }
}
