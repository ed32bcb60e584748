//! The strict JSON reader for what callers write to us: the config
//! ([`crate::Config`]) and exposure events. Each value is decoded straight
//! into the type its place in the schema asks for.
//!
//! It accepts exactly what serde_json with the derived `Deserialize` accepted
//! (the tests compare the two on generated documents), including serde's
//! lesser-known forms: a struct written as an array of its fields in order,
//! and a unit variant written as `{"name": null}`. Why not serde: its
//! deserialisation code was about 77 KB of the wasm, a third of what is left
//! after gzip for everything else.
//!
//! Messages name the key path (`customPatterns[2].score: expected a number`)
//! and never quote a value from the input, which could be PHI; only unknown
//! field names are repeated, because they are the user's own config keys.
//! There is no code that skips a value of unknown shape, so the reader
//! recurses no deeper than the schema (three levels): a deeply nested
//! document is refused at its first unexpected bracket.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A decoding failure: its message, prefixed with the key path.
pub(crate) type Result<T> = std::result::Result<T, String>;

/// A number as serde_json's parser reads it (its `ParserNumber`): a
/// non-negative integer, a negative one, or anything else as an `f64`.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// One step of the key path, for messages.
enum Step {
    Field(&'static str),
    Index(usize),
    /// A map's value; the key is the user's and is not repeated.
    Value,
}

/// A cursor over a JSON document that decodes typed values.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
    path: Vec<Step>,
}

/// Decodes `text` with `decode`, then requires that only whitespace follows.
pub(crate) fn parse<T>(text: &str, decode: impl FnOnce(&mut Reader) -> Result<T>) -> Result<T> {
    let mut r = Reader { text, at: 0, path: Vec::new() };
    let value = decode(&mut r)?;
    match r.peek() {
        None => Ok(value),
        Some(_) => Err("trailing characters after the document".into()),
    }
}

/// `` `a`, `b`, `c` ``: the names a message says were expected.
fn names<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let mut s = String::new();
    for (i, n) in names.enumerate() {
        let _ = write!(s, "{}`{n}`", if i == 0 { "" } else { ", " });
    }
    s
}

/// Whether `key` is a near miss of the field name `field`: at most two
/// single-byte edits apart (a typo such as `operatorz`), and short.
fn near(key: &str, field: &str) -> bool {
    let (a, b) = (key.as_bytes(), field.as_bytes());
    if a.len() > 64 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Edit distance, one row at a time.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diag + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()] <= 2
}

/// 10^n rounded to the nearest `f64` (ties to even), which is what the
/// literal `1e{n}` is: 5^n exactly, in 64-bit limbs, cut to its top 64 bits
/// with a sticky bit for the rest (so the conversion rounds once, right),
/// then scaled by 2^n exactly. serde_json divides and multiplies by a table
/// of these literals; this is the table without its 2.5 KB.
fn pow10(n: u32) -> f64 {
    let mut limbs: Vec<u64> = vec![1];
    for _ in 0..n {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let v = u128::from(*l) * 5 + u128::from(carry);
            *l = v as u64;
            carry = (v >> 64) as u64;
        }
        if carry != 0 {
            limbs.push(carry);
        }
    }
    let (top, rest) = limbs.split_last().expect("at least one limb");
    let (top64, shift) = match rest.split_last() {
        None => (*top, 0),
        Some((next, low)) => {
            let lz = top.leading_zeros();
            let both = (u128::from(*top) << 64 | u128::from(*next)) << lz;
            let sticky = both as u64 != 0 || low.iter().any(|&l| l != 0);
            (((both >> 64) as u64) | u64::from(sticky), rest.len() as u32 * 64 - lz)
        }
    };
    // 2^(shift + n) is at most 2^960 (for n = 308): a normal f64.
    top64 as f64 * f64::from_bits(u64::from(1023 + shift + n) << 52)
}

impl Reader<'_> {
    /// The message `what`, prefixed with the current key path.
    pub(crate) fn fail(&self, what: &str) -> String {
        let mut s = String::new();
        for step in &self.path {
            match step {
                Step::Field(f) if s.is_empty() => s.push_str(f),
                Step::Field(f) => {
                    s.push('.');
                    s.push_str(f);
                }
                Step::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
                Step::Value => s.push_str(".*"),
            }
        }
        if s.is_empty() { what.to_string() } else { format!("{s}: {what}") }
    }

    /// The byte at the cursor (0 at the end), without skipping whitespace.
    fn byte(&self) -> u8 {
        self.text.as_bytes().get(self.at).copied().unwrap_or(0)
    }

    /// The next byte after JSON whitespace, which is skipped.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.text.as_bytes().get(self.at) {
            self.at += 1;
        }
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips whitespace and `c`, or fails with `what`.
    fn expect(&mut self, c: u8, what: &str) -> Result<()> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.fail(what))
        }
    }

    /// Skips whitespace and the literal `word` (`null`, `true`, `false`) if it is next.
    fn literal(&mut self, word: &str) -> bool {
        let _ = self.peek();
        let found = self.text[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    /// `null` as `None`, anything else decoded by `value`.
    pub(crate) fn option<T>(&mut self, value: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.peek() == Some(b'n') {
            return if self.literal("null") { Ok(None) } else { Err(self.fail("expected null or a value")) };
        }
        value(self).map(Some)
    }

    pub(crate) fn bool(&mut self) -> Result<bool> {
        if self.literal("true") {
            Ok(true)
        } else if self.literal("false") {
            Ok(false)
        } else {
            Err(self.fail("expected a boolean"))
        }
    }

    /// A string with its escapes decoded. Strict JSON: no raw control
    /// characters, and a `\u` surrogate only as half of a pair.
    pub(crate) fn string(&mut self) -> Result<String> {
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a string"));
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.byte(), b'"' | b'\\' | 0..=0x1f) {
                self.at += 1;
            }
            // Cut at an ASCII byte, so on a char boundary.
            out.push_str(&self.text[start..self.at]);
            if self.at == self.text.len() {
                return Err(self.fail("unterminated string"));
            }
            let c = self.byte();
            self.at += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {}
                _ => return Err(self.fail("control character in a string")),
            }
            let e = self.byte();
            self.at += 1;
            out.push(match e {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\x08',
                b'f' => '\x0c',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hi = self.hex4()?;
                    let code = match hi {
                        0xd800..=0xdbff => {
                            let lo = if self.text[self.at..].starts_with("\\u") {
                                self.at += 2;
                                self.hex4()?
                            } else {
                                0
                            };
                            if !(0xdc00..=0xdfff).contains(&lo) {
                                return Err(self.fail("unpaired surrogate in a \\u escape"));
                            }
                            0x10000 + ((hi - 0xd800) << 10 | (lo - 0xdc00))
                        }
                        0xdc00..=0xdfff => return Err(self.fail("unpaired surrogate in a \\u escape")),
                        _ => hi,
                    };
                    char::from_u32(code).ok_or_else(|| self.fail("invalid \\u escape"))?
                }
                _ => return Err(self.fail("invalid escape in a string")),
            });
        }
    }

    /// The four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = (self.byte() as char).to_digit(16).ok_or_else(|| self.fail("invalid \\u escape"))?;
            v = v * 16 + d;
            self.at += 1;
        }
        Ok(v)
    }

    /// A unit variant: `"name"` or `{"name": null}`, one of `table`'s names.
    pub(crate) fn variant<T: Copy>(&mut self, table: &[(&'static str, T)]) -> Result<T> {
        let i = self.variant_index(&|i| table.get(i).map(|(n, _)| *n))?;
        Ok(table[i].1)
    }

    /// [`Reader::variant`] without the type, so it is compiled once: the
    /// index of the name among `name(0)`, `name(1)`, … (to the first `None`).
    fn variant_index(&mut self, name: &dyn Fn(usize) -> Option<&'static str>) -> Result<usize> {
        let braced = self.peek() == Some(b'{');
        if braced {
            self.at += 1;
        }
        let s = self.string()?;
        let all = || (0..).map_while(name);
        let Some(i) = all().position(|n| n == s) else {
            return Err(self.fail(&format!("unknown variant, expected one of {}", names(all()))));
        };
        if braced {
            self.expect(b':', "expected `:`")?;
            if !self.literal("null") {
                return Err(self.fail("expected null after a variant name"));
            }
            self.expect(b'}', "expected `}`")?;
        }
        Ok(i)
    }

    /// A number, read as serde_json reads it (the same grammar, the same
    /// `f64` rounding, the same out-of-range errors); `expected` if the next
    /// value is not a number.
    fn number(&mut self, expected: &str) -> Result<Number> {
        let positive = match self.peek() {
            Some(b'-') => {
                self.at += 1;
                false
            }
            Some(b'0'..=b'9') => true,
            _ => return Err(self.fail(expected)),
        };
        let mut sig = match self.byte() {
            b'0' if self.text.as_bytes().get(self.at + 1).is_some_and(u8::is_ascii_digit) => return Err(self.fail("invalid number")),
            c @ b'0'..=b'9' => u64::from(c - b'0'),
            _ => return Err(self.fail("invalid number")),
        };
        self.at += 1;
        if sig != 0 {
            while let c @ b'0'..=b'9' = self.byte() {
                match sig.checked_mul(10).and_then(|v| v.checked_add(u64::from(c - b'0'))) {
                    Some(v) => sig = v,
                    None => {
                        // Past u64: the rest of the digits only scale it.
                        let mut exponent = 0i32;
                        while self.byte().is_ascii_digit() {
                            self.at += 1;
                            exponent += 1;
                        }
                        return self.fraction(positive, sig, exponent).map(Number::F64);
                    }
                }
                self.at += 1;
            }
        }
        Ok(match self.byte() {
            b'.' | b'e' | b'E' => Number::F64(self.fraction(positive, sig, 0)?),
            _ if positive => Number::U64(sig),
            // As serde_json: `-0` and integers below i64::MIN are floats.
            _ => match (sig as i64).wrapping_neg() {
                neg if neg >= 0 => Number::F64(-(sig as f64)),
                neg => Number::I64(neg),
            },
        })
    }

    /// The optional `.digits` and `e±digits` after the integer part (whose
    /// digits are `sig` × 10^`exponent`), as serde_json's `parse_decimal`
    /// and `parse_exponent`: digits past u64 are dropped, an exponent past
    /// i32 is 0 or out of range.
    fn fraction(&mut self, positive: bool, mut sig: u64, mut exponent: i32) -> Result<f64> {
        if self.byte() == b'.' {
            self.at += 1;
            let mut digits = 0;
            while let c @ b'0'..=b'9' = self.byte() {
                self.at += 1;
                digits += 1;
                match sig.checked_mul(10).and_then(|v| v.checked_add(u64::from(c - b'0'))) {
                    Some(v) => {
                        sig = v;
                        exponent -= 1;
                    }
                    None => {
                        while self.byte().is_ascii_digit() {
                            self.at += 1;
                        }
                    }
                }
            }
            if digits == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let b'e' | b'E' = self.byte() {
            self.at += 1;
            let negative = match self.byte() {
                b'+' => {
                    self.at += 1;
                    false
                }
                b'-' => {
                    self.at += 1;
                    true
                }
                _ => false,
            };
            if !self.byte().is_ascii_digit() {
                return Err(self.fail("invalid number"));
            }
            let mut exp = 0i32;
            while let c @ b'0'..=b'9' = self.byte() {
                self.at += 1;
                match exp.checked_mul(10).and_then(|v| v.checked_add(i32::from(c - b'0'))) {
                    Some(v) => exp = v,
                    None if sig != 0 && !negative => return Err(self.fail("number out of range")),
                    None => {
                        while self.byte().is_ascii_digit() {
                            self.at += 1;
                        }
                        return Ok(if positive { 0.0 } else { -0.0 });
                    }
                }
            }
            exponent = if negative { exponent.saturating_sub(exp) } else { exponent.saturating_add(exp) };
        }
        // serde_json's `f64_from_parts`: one multiplication or division by
        // a power of ten, below 1e-308 in steps.
        let mut f = sig as f64;
        loop {
            match exponent.unsigned_abs() {
                n @ 0..=308 if exponent >= 0 => {
                    f *= pow10(n);
                    if f.is_infinite() {
                        return Err(self.fail("number out of range"));
                    }
                    break;
                }
                n @ 0..=308 => {
                    f /= pow10(n);
                    break;
                }
                _ if f == 0.0 => break,
                _ if exponent >= 0 => return Err(self.fail("number out of range")),
                _ => {
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(if positive { f } else { -f })
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        match self.number("expected a non-negative integer")? {
            Number::U64(v) => Ok(v),
            _ => Err(self.fail("expected a non-negative integer")),
        }
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.u64()?).map_err(|_| self.fail("integer out of range (at most 4294967295)"))
    }

    /// Any number, rounded to `f32` as serde does (from the `u64`, `i64` or
    /// `f64` serde_json read).
    pub(crate) fn f32(&mut self) -> Result<f32> {
        Ok(match self.number("expected a number")? {
            Number::U64(v) => v as f32,
            Number::I64(v) => v as f32,
            Number::F64(v) => v as f32,
        })
    }

    /// Before an array element: `false` at the closing `]` (not consumed),
    /// else the element follows (after the comma, unless it is the first).
    fn next_element(&mut self, first: bool) -> Result<bool> {
        match self.peek() {
            Some(b']') => return Ok(false),
            // A `]` after the comma is refused by the element's decoder.
            Some(b',') if !first => self.at += 1,
            Some(_) if first => {}
            _ => return Err(self.fail("expected `,` or `]`")),
        }
        Ok(true)
    }

    /// Before an object entry: the key, with its `:` consumed, or `None`
    /// after the closing `}` (consumed).
    fn next_key(&mut self, first: bool) -> Result<Option<String>> {
        match self.peek() {
            Some(b'}') => {
                self.at += 1;
                return Ok(None);
            }
            Some(b',') if !first => self.at += 1,
            Some(_) if first => {}
            _ => return Err(self.fail("expected `,` or `}`")),
        }
        let key = self.string()?;
        self.expect(b':', "expected `:`")?;
        Ok(Some(key))
    }

    /// An array of values decoded by `item`.
    pub(crate) fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.expect(b'[', "expected an array")?;
        let mut out = Vec::new();
        while self.next_element(out.is_empty())? {
            self.path.push(Step::Index(out.len()));
            out.push(item(self)?);
            self.path.pop();
        }
        self.at += 1;
        Ok(out)
    }

    /// An object of string keys and values decoded by `value`; a repeated
    /// key keeps its last value (as serde's map).
    pub(crate) fn map<T>(&mut self, mut value: impl FnMut(&mut Self) -> Result<T>) -> Result<BTreeMap<String, T>> {
        self.expect(b'{', "expected an object")?;
        let mut out = BTreeMap::new();
        while let Some(key) = self.next_key(out.is_empty())? {
            self.path.push(Step::Value);
            let v = value(self)?;
            self.path.pop();
            out.insert(key, v);
        }
        Ok(out)
    }

    /// A struct with the (at most 32) `fields`, each decoded by
    /// `field(reader, index)`. As serde's derive with `deny_unknown_fields`:
    /// an object whose keys are field names, none repeated; or an array of
    /// the fields in order, of at least `min_len` (the fields serde has no
    /// default for come first). Required fields of the object form are the
    /// caller's to check, with [`Reader::required`].
    pub(crate) fn object(&mut self, fields: &'static [&'static str], min_len: usize, mut field: impl FnMut(&mut Self, usize) -> Result<()>) -> Result<()> {
        self.object_of(fields, min_len, &mut field)
    }

    /// [`Reader::object`], with `field` called through a pointer: one copy
    /// of the object and array walk in the wasm, not one per struct.
    fn object_of(&mut self, fields: &'static [&'static str], min_len: usize, field: &mut dyn FnMut(&mut Self, usize) -> Result<()>) -> Result<()> {
        let mut decode = |r: &mut Self, i: usize| -> Result<()> {
            r.path.push(Step::Field(fields[i]));
            field(r, i)?;
            r.path.pop();
            Ok(())
        };
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut seen = 0u32;
                while let Some(key) = self.next_key(seen == 0)? {
                    let Some(i) = fields.iter().position(|f| *f == key) else {
                        // Not named: a key may be data (an exposure event's
                        // keys come from the caller; `Cole` is one edit from
                        // `role`), and an error never carries what it is
                        // about. A near miss of a field gets that field.
                        let known = names(fields.iter().copied());
                        let hint = fields.iter().find(|f| near(&key, f)).map_or(String::new(), |f| format!("; did you mean `{f}`?"));
                        return Err(self.fail(&format!("unknown field (a key of {} bytes, not shown{hint}), expected one of {known}", key.len())));
                    };
                    if seen & 1 << i != 0 {
                        return Err(self.fail(&format!("duplicate field `{}`", fields[i])));
                    }
                    seen |= 1 << i;
                    decode(self, i)?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.at += 1;
                let mut n = 0;
                while n < fields.len() && self.next_element(n == 0)? {
                    decode(self, n)?;
                    n += 1;
                }
                if n < min_len {
                    return Err(self.fail(&format!("expected an array of at least {min_len} fields")));
                }
                self.expect(b']', "expected `]`")
            }
            _ => Err(self.fail("expected an object")),
        }
    }

    /// The value of a required field, or a "missing field" error.
    pub(crate) fn required<T>(&self, value: Option<T>, name: &str) -> Result<T> {
        value.ok_or_else(|| self.fail(&format!("missing field `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    //! The reader against serde_json with the derived `Deserialize` (which
    //! it replaced): the same documents accepted, with the same values.

    use super::*;
    use crate::classify::ExposureEvent;
    use crate::Config;
    use proptest::prelude::*;
    use proptest::sample::select;
    use proptest::string::string_regex;

    /// Both accept `json` with the same value (compared by `Debug`, which
    /// shows every field), or both refuse it.
    fn same<T: std::fmt::Debug + serde::de::DeserializeOwned>(json: &str, ours: Result<T>) -> std::result::Result<(), TestCaseError> {
        match (serde_json::from_str::<T>(json), ours) {
            (Ok(a), Ok(b)) => prop_assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", json),
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "{}: serde {:?}, ours {:?}", json, a, b),
        }
        Ok(())
    }

    fn same_config(json: &str) -> std::result::Result<(), TestCaseError> {
        same::<Config>(json, Config::from_json(json))
    }

    fn same_event(json: &str) -> std::result::Result<(), TestCaseError> {
        same::<ExposureEvent>(json, ExposureEvent::from_json(json))
    }

    /// Number tokens: JSON's grammar with long digit runs and big exponents,
    /// and near misses.
    fn number() -> BoxedStrategy<String> {
        prop_oneof![
            4 => string_regex(r"-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,24})?([eE][+-]?[0-9]{1,11})?").unwrap(),
            2 => select(vec![
                "0", "-0", "1", "-1", "0.95", "1.0", "1e0", "0.5e1", "4294967295", "4294967296", "18446744073709551615", "18446744073709551616",
                "-9223372036854775808", "-9223372036854775809", "1e308", "1.8e308", "1e309", "1e-400", "-1e-400", "0e999999999999", "1e999999999999",
                "1e-999999999999", "123456789012345678901234567890", "1844674407370955161.0", "0.000000000000000000000000000000000000000001",
                "3.4028235e38", "3.4028236e38", "1.17549435e-38", "1e-45", "7e-46", "0.1e-310", "00", "01", "-", "1.", ".5", "1e", "1e+", "+1", "- 1", "0x1", "1.5.", "NaN", "Infinity",
            ]).prop_map(String::from),
        ]
        .boxed()
    }

    /// String tokens: plain, escaped, and broken ones.
    fn string() -> BoxedStrategy<String> {
        prop_oneof![
            2 => string_regex("[a-zA-Z_*é]{0,6}").unwrap().prop_map(|s| format!("\"{s}\"")),
            3 => select(vec![
                r#""""#, r#""SSN""#, r#""MRN""#, r#""*""#, r#""tag""#, r#""partialMask""#, r#""pseudonym""#, r#""Tag""#, r#""email""#, r#""server_log""#,
                r#""response_body""#, r#""json""#, r#""JSON""#, r#""no_phi""#, r#""redacted""#, r#""/api/x""#, r#""2026-03-01T12:00:00Z""#,
                r#""2026-03-01 12:00:00+05:30""#, r#""2026-12-31T23:59:60Z""#, r#""2026-13-01T00:00:00Z""#, r#""0123456789abcdef0123""#,
                r#""a\"b""#, r#""\\\/\b\f\n\r\t""#, r#""\u0041\u00e9\u65e5""#, r#""\ud83d\ude00""#, r#""\uD83D\uDE00""#, r#""\u0000""#,
                r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, r#""\ud800x""#, r#""\ud800\n""#, r#""\ud800\ud800\udc00""#, r#""\x""#,
                r#""\u12""#, r#""\uzzzz""#, r#""\u+123""#, "\"tab\there\"", "\"\u{7f}\u{1f600}\"", r#""unterminated"#, r#""oper\u0061tors""#,
            ]).prop_map(String::from),
        ]
        .boxed()
    }

    fn scalar() -> BoxedStrategy<String> {
        prop_oneof![number(), string(), select(vec!["true", "false", "null", "nul", "truex", "True", "[]", "{}"]).prop_map(String::from)].boxed()
    }

    /// `open` items joined by commas and `close`, with whitespace, and
    /// sometimes a trailing or doubled comma.
    fn join(open: &str, items: Vec<String>, close: &str, ws: &str, glitch: u8) -> String {
        let mut s = format!("{open}{ws}{}", items.join(&format!(",{ws}")));
        match glitch {
            0 if !items.is_empty() => s.push(','),
            1 if !items.is_empty() => s.push_str(",,"),
            _ => {}
        }
        s + ws + close
    }

    fn ws() -> BoxedStrategy<&'static str> {
        select(vec!["", "", " ", "\n\t ", "\r"]).boxed()
    }

    fn glitch() -> BoxedStrategy<u8> {
        (0u8..24).boxed()
    }

    fn array(item: BoxedStrategy<String>, max: usize) -> BoxedStrategy<String> {
        (prop::collection::vec(item, 0..max), ws(), glitch()).prop_map(|(v, ws, g)| join("[", v, "]", ws, g)).boxed()
    }

    fn object(key: BoxedStrategy<String>, value: BoxedStrategy<String>, max: usize) -> BoxedStrategy<String> {
        (prop::collection::vec((key, value), 0..max), ws(), glitch())
            .prop_map(|(v, ws, g)| join("{", v.into_iter().map(|(k, v)| format!("{k}{ws}:{ws}{v}")).collect(), "}", ws, g))
            .boxed()
    }

    /// A struct of `fields` (name, value): an object of some of them (names
    /// repeated or unknown now and then; the `required` ones first, mostly),
    /// or the array form.
    fn structure(fields: Vec<(&'static str, BoxedStrategy<String>)>, required: &'static [usize]) -> BoxedStrategy<String> {
        let n = fields.len();
        let names: Vec<String> = fields.iter().map(|(k, _)| format!("\"{k}\"")).chain(["\"bogus\"".into(), "\"Type\"".into(), "\"drill \"".into()]).collect();
        let values: Vec<BoxedStrategy<String>> = fields.into_iter().map(|(_, v)| prop_oneof![8 => v, 1 => scalar()].boxed()).collect();
        let as_object = (prop::collection::vec(0..n + 3, 0..7), any::<bool>(), values.clone(), ws(), glitch()).prop_map(move |(picks, skip, vals, ws, g)| {
            let picks = required.iter().filter(|_| !skip || picks.len() % 4 != 0).chain(&picks);
            let items = picks.map(|&k| format!("{}{ws}:{ws}{}", names[k], vals.get(k).map_or("1", |v| v))).collect();
            join("{", items, "}", ws, g)
        });
        let as_array = (values, 0..n + 2, ws(), glitch()).prop_map(|(vals, len, ws, g)| join("[", vals.into_iter().cycle().take(len).collect(), "]", ws, g));
        prop_oneof![6 => as_object, 1 => as_array].boxed()
    }

    fn variant(names: &'static [&'static str]) -> BoxedStrategy<String> {
        let name = prop_oneof![4 => select(names).prop_map(|n| format!("\"{n}\"")), 1 => string()];
        (name, 0u8..8).prop_map(|(n, form)| if form == 0 { format!("{{{n}:null}}") } else if form == 1 { format!("{{{n}:1}}") } else { n }).boxed()
    }

    fn or_null(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
        prop_oneof![4 => s, 1 => Just("null".to_string())].boxed()
    }

    fn boolean() -> BoxedStrategy<String> {
        select(vec!["true", "false"]).prop_map(String::from).boxed()
    }

    fn config() -> BoxedStrategy<String> {
        const OPS: &[&str] = &["tag", "mask", "partialMask", "remove", "pseudonym", "generalize", "Tag", "partial_mask"];
        let pattern = structure(vec![("id", string()), ("pattern", string()), ("type", string()), ("score", or_null(number()))], &[0, 1, 2]);
        structure(vec![
            ("operators", object(string(), variant(OPS), 4)),
            ("disableDetectors", array(string(), 3)),
            ("disableTypes", array(string(), 3)),
            ("allow", array(string(), 3)),
            ("customPatterns", array(pattern, 3)),
            ("jsonKeys", object(string(), string(), 3)),
            ("pseudonymKey", or_null(string())),
            ("flagProviderNpi", boolean()),
            ("fingerprintKey", or_null(string())),
            ("stateDeadlineDays", or_null(object(string(), number(), 3))),
            ("deployment", or_null(string())),
            ("region", or_null(string())),
        ], &[])
    }

    fn event() -> BoxedStrategy<String> {
        const FORMATS: &[&str] = &["auto", "text", "log", "error", "json", "html", "url", "csv", ""];
        const CHANNELS: &[&str] = &["response_body", "request_url", "request_body", "server_log", "server_error", "client_error", "edge_middleware", "guard_failure"];
        let time = prop_oneof![
            3 => select(vec!["2026-03-01T12:00:00Z", "2026-03-01 12:00:00+05:30", "2026-12-31T23:59:60Z", "+262142-12-31T23:59:59Z", "2026-02-30T00:00:00Z"]).prop_map(|t| format!("\"{t}\"")),
            1 => string(),
        ]
        .boxed();
        let chain = structure(vec![("emitterId", string()), ("seq", number()), ("prevHash", or_null(string()))], &[0, 1]);
        structure(vec![
            ("text", or_null(string())),
            ("format", or_null(variant(FORMATS))),
            ("channel", variant(CHANNELS)),
            ("route", or_null(string())),
            ("runtime", or_null(string())),
            ("authenticated", boolean()),
            ("role", or_null(string())),
            ("subjectIsCaller", or_null(boolean())),
            ("policy", or_null(variant(&["no_phi", "owner_only", "authenticated", "allow"]))),
            ("mitigation", variant(&["none", "redacted", "blocked", "stripped"])),
            ("discoveredAt", time.clone()),
            ("occurredAt", or_null(time)),
            ("euSubjects", boolean()),
            ("residentStates", object(string(), number(), 3)),
            ("drill", boolean()),
            ("deployment", or_null(string())),
            ("region", or_null(string())),
            ("signalId", or_null(string())),
            ("chain", or_null(chain)),
            ("failure", or_null(string())),
        ], &[2, 10])
    }

    /// `doc` with one byte-level edit at `at` (a share of its length):
    /// a character deleted, or one of JSON's punctuation inserted.
    fn mutate(doc: &str, edit: u8, at: prop::sample::Index) -> String {
        let bounds: Vec<usize> = (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)).collect();
        let i = bounds[at.index(bounds.len())];
        let mut s = doc.to_string();
        match edit {
            0 if i < doc.len() => {
                s.remove(i);
            }
            1..=12 => s.insert(i, b",]}[{\"\\: -0n"[edit as usize - 1] as char),
            _ => {}
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn configs_as_serde_read_them(doc in config(), edit in 0u8..30, at in any::<prop::sample::Index>()) {
            same_config(&doc)?;
            same_config(&mutate(&doc, edit, at))?;
        }

        #[test]
        fn events_as_serde_read_them(doc in event(), edit in 0u8..30, at in any::<prop::sample::Index>()) {
            same_event(&doc)?;
            same_event(&mutate(&doc, edit, at))?;
        }

        #[test]
        fn numbers_as_serde_read_them(n in number(), ws in ws()) {
            let doc = format!("{ws}{n}{ws}");
            let bits = |r: Result<f32>| r.map(f32::to_bits);
            match (serde_json::from_str::<f32>(&doc), bits(parse(&doc, |r| r.f32()))) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.to_bits(), b, "{}", doc),
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{}: serde {:?}, ours {:?}", doc, a, b),
            }
            let wide = parse(&doc, |r| r.number("").map(|n| match n { Number::U64(v) => v as f64, Number::I64(v) => v as f64, Number::F64(v) => v }));
            match (serde_json::from_str::<f64>(&doc), wide) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a.to_bits(), b.to_bits(), "{}", doc),
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{}: serde {:?}, ours {:?}", doc, a, b),
            }
            same::<u64>(&doc, parse(&doc, |r| r.u64()))?;
            same::<u32>(&doc, parse(&doc, |r| r.u32()))?;
        }

        #[test]
        fn strings_as_serde_read_them(parts in prop::collection::vec(string(), 1..4)) {
            let glued = parts.iter().map(|p| p.trim_matches('"')).collect::<String>();
            for doc in [format!("\"{glued}\""), parts[0].clone()] {
                same::<String>(&doc, parse(&doc, |r| r.string()))?;
            }
        }
    }

    #[test]
    fn powers_of_ten_are_the_literals() {
        for n in 0..=308 {
            assert_eq!(pow10(n), format!("1e{n}").parse::<f64>().unwrap(), "1e{n}");
        }
    }

    #[test]
    fn serde_forms_and_edge_cases() {
        for doc in [
            "{}",
            "[]",
            r#"{"operators":{"SSN":{"partialMask":null}}}"#,
            r#"{"operators":{"SSN":{"partialMask":null,"x":null}}}"#,
            r#"{"customPatterns":[["acme","ACME-[0-9]{6}","MRN"]]}"#,
            r#"{"customPatterns":[["acme","ACME-[0-9]{6}"]]}"#,
            r#"{"customPatterns":[{"id":"a","pattern":"b","type":"MRN","score":0.95}]}"#,
            r#"{"customPatterns":[{"id":"a","pattern":"b","type":"MRN","score":1}]}"#,
            r#"{"customPatterns":[{"id":"a","pattern":"b","type":"MRN","score":-1}]}"#,
            r#"{"customPatterns":[{"id":"a","pattern":"b"}]}"#,
            r#"{"stateDeadlineDays":{"CO":4294967295}}"#,
            r#"{"stateDeadlineDays":{"CO":4294967296}}"#,
            r#"{"stateDeadlineDays":{"CO":30,"CO":31}}"#,
            r#"{"allow":[],"allow":[]}"#,
            r#"{"region":null,"region":null}"#,
            r#"{"pseudonymKey":"\ud800"}"#,
            "\u{feff}{}",
        ] {
            same_config(doc).unwrap();
        }
        for doc in [
            r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","chain":{"emitterId":"e","seq":1}}"#,
            r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","chain":["e",1]}"#,
            r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","chain":["e",1,null]}"#,
            r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","residentStates":{"CA":-1}}"#,
            r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","residentStates":{"CA":18446744073709551616}}"#,
            r#"[null,null,"server_log",null,null,false,null,null,null,"none","2026-03-01T12:00:00Z"]"#,
            r#"[null,null,"server_log",null,null,false,null,null,null,"none"]"#,
            r#"{"channel":"server_log"}"#,
        ] {
            same_event(doc).unwrap();
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let deep_objects = r#"{"operators":"#.repeat(10_000);
        let big = format!(r#"{{"allow":["{}"]}}"#, "x".repeat(10 << 20));
        assert!(Config::from_json(&deep).is_err());
        assert!(Config::from_json(&deep_objects).is_err());
        assert!(ExposureEvent::from_json(&deep).is_err());
        assert_eq!(Config::from_json(&big).unwrap().allow[0].len(), 10 << 20);
        assert!(Config::from_json("\u{0}\u{1}\u{ff}").is_err());
    }

    #[test]
    fn messages_name_the_path_and_no_value() {
        let err = |doc: &str| Config::from_json(doc).unwrap_err();
        assert_eq!(err(r#"{"customPatterns":[{"id":"a","pattern":"b","type":"MRN"},{"id":"a","pattern":"b","type":"MRN","score":"219-09-9999"}]}"#), "customPatterns[1].score: expected a number");
        assert_eq!(err(r#"{"operatorz":{}}"#), "unknown field (a key of 9 bytes, not shown; did you mean `operators`?), expected one of `operators`, `disableDetectors`, `disableTypes`, `allow`, `customPatterns`, `jsonKeys`, `pseudonymKey`, `flagProviderNpi`, `fingerprintKey`, `stateDeadlineDays`, `deployment`, `region`");
        assert_eq!(err(r#"{"operators":{"SSN":"219-09-9999"}}"#), "operators.*: unknown variant, expected one of `tag`, `mask`, `partialMask`, `remove`, `pseudonym`, `generalize`");
        // A key that is no near miss of a field may be data: not shown, in a
        // config or in an exposure event (its keys come from the caller).
        assert!(err(r#"{"Zoltan Quibble 219-09-9999":1}"#).starts_with("unknown field (a key of 26 bytes, not shown), expected one of `operators`"));
        assert!(err(r#"{"opera":1}"#).starts_with("unknown field (a key of 5 bytes, not shown), expected"));
        assert!(err(r#"{"regoin":1}"#).starts_with("unknown field (a key of 6 bytes, not shown; did you mean `region`?)"));
        for key in ["Zoltan Quibble 219-09-9999", "Cole", "Rolf"] {
            let event = ExposureEvent::from_json(&format!(r#"{{"channel":"server_log","discoveredAt":"2026-01-01T00:00:00Z","{key}":1}}"#)).unwrap_err();
            assert!(!event.contains(key) && event.contains("unknown field"), "{event}");
        }
        assert_eq!(err(r#"{"allow":[],"allow":[]}"#), "duplicate field `allow`");
        assert_eq!(err(r#"{"customPatterns":[{"id":"Maria Garcia"}]}"#), "customPatterns[0]: missing field `pattern`");
        assert_eq!(err(r#"{"allow":["Maria Garcia"]} x"#), "trailing characters after the document");
        let ev = ExposureEvent::from_json(r#"{"channel":"server_log","discoveredAt":"2026-02-30T12:00:00Z"}"#).unwrap_err();
        assert_eq!(ev, "discoveredAt: input is out of range");
    }
}
