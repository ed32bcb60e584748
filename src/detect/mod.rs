//! The detector registry and the text scanner every format ends in.
//!
//! Two mechanisms work together:
//! - **patterns**: formats specific enough to report on their own, each with
//!   its validator (SSN rules, Luhn, mod 97, VIN check digit, ...);
//! - **labels**: a label ("DOB:", `"memberId":`, `?patient_name=`) says what
//!   the value right after it is, so ambiguous values (a bare MRN, a first
//!   name, a 9-digit number) are caught when their context says so, and left
//!   alone when it doesn't.
//!
//! Families live in their own files; [`REGISTRY`] lists every detector id.

pub(crate) mod contact;
mod calendar;
pub(crate) mod dicom;
mod contact_match;
pub(crate) mod dates;
pub(crate) mod find;
pub(crate) mod financial;
mod hl7;
pub(crate) mod identifiers;
pub(crate) mod locations;
pub(crate) mod names;
mod names_data;
mod ncpdp;
mod records;
pub(crate) mod secrets;
pub(crate) mod shapes;
mod sql;
mod x12;

use crate::finding::{why, Hit, Why};
use crate::labels::{self, LabelHit, LabelKind};
use crate::PhiType;

/// Every built-in detector id with the family it belongs to and the types it
/// reports. Config `detectors.disable` takes these ids.
pub const REGISTRY: &[(&str, &str, &[PhiType])] = &[
    ("email", "contact", &[PhiType::Email]),
    ("phone", "contact", &[PhiType::Phone, PhiType::Fax]),
    ("url", "contact", &[PhiType::Url, PhiType::OtherId, PhiType::HealthPlanId, PhiType::Mrn, PhiType::DeviceId]),
    ("ip", "contact", &[PhiType::IpAddress]),
    ("ssn", "identifiers", &[PhiType::Ssn]),
    ("mbi", "identifiers", &[PhiType::HealthPlanId]),
    ("vin", "identifiers", &[PhiType::VehicleId]),
    ("dea", "identifiers", &[PhiType::LicenseNumber]),
    ("credit-card", "financial", &[PhiType::CreditCard]),
    ("iban", "financial", &[PhiType::Iban]),
    ("secret", "secrets", &[PhiType::Secret]),
    ("date", "dates", &[PhiType::Date]),
    ("age", "dates", &[PhiType::Age]),
    ("name", "names", &[PhiType::Name]),
    ("address", "locations", &[PhiType::Address, PhiType::ZipCode]),
    ("label", "context", &[]),
    ("json-key", "context", &[]),
    // HL7 v2 segments read by field (`hl7`): what a person's fields hold.
    ("hl7", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date, PhiType::Phone, PhiType::Fax, PhiType::Email, PhiType::Ssn, PhiType::Mrn, PhiType::HealthPlanId, PhiType::AccountNumber, PhiType::LicenseNumber, PhiType::OtherId]),
    // X12 EDI segments read by element (`x12`): what a person's loops hold.
    ("x12", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date, PhiType::Phone, PhiType::Fax, PhiType::Email, PhiType::Ssn, PhiType::Mrn, PhiType::HealthPlanId, PhiType::AccountNumber, PhiType::OtherId]),
    // Person records in header-less `|` flat files (`records`), by their
    // cells' shapes.
    ("records", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date, PhiType::Ssn, PhiType::HealthPlanId]),
    // iCalendar events and vCards read by property (`calendar`).
    ("calendar", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date]),
    // DICOM headers read by tag (`dicom`): dcmdump and pydicom prints, DICOM JSON keys.
    ("dicom", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date, PhiType::Age, PhiType::Phone, PhiType::Mrn, PhiType::OtherId]),
    // NCPDP D.0 pharmacy transactions read by field (`ncpdp`).
    ("ncpdp", "context", &[PhiType::Name, PhiType::Address, PhiType::ZipCode, PhiType::Date, PhiType::Phone, PhiType::Email, PhiType::HealthPlanId, PhiType::OtherId]),
];

/// Options the scanner consults; compiled from the user's config.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScanOptions {
    /// Bit `i` set: `REGISTRY[i]` is turned off.
    pub disabled: u32,
    pub disabled_types: Vec<PhiType>,
    pub flag_provider_npi: bool,
    /// The user's key rules (`Config::json_keys`), by normalised key
    /// (`labels::normalise`): a type, or `None` for `"ignore"`. Fx-hashed:
    /// its keys come from the config, and a key from the input only looks
    /// up, so it cannot crowd the table; SipHash's random keys also made
    /// the same input take different paths from one process to the next,
    /// which kept `make fuzz-short` from repeating.
    pub key_rules: crate::fast_hash::StaticMap<String, Option<PhiType>>,
}

impl ScanOptions {
    /// The `REGISTRY` bit of detector `id` (none for an unknown id). A
    /// `const fn`, so [`det!`] works it out at compile time.
    pub(crate) const fn bit(id: &str) -> u32 {
        const _: () = assert!(REGISTRY.len() <= 32, "ScanOptions::disabled is a u32 mask");
        let mut i = 0;
        while i < REGISTRY.len() {
            let (d, want) = (REGISTRY[i].0.as_bytes(), id.as_bytes());
            if d.len() == want.len() {
                let mut k = 0;
                while k < d.len() && d[k] == want[k] {
                    k += 1;
                }
                if k == d.len() {
                    return 1 << i;
                }
            }
            i += 1;
        }
        0
    }

    /// The mask of these detector ids.
    pub(crate) fn mask<'i>(ids: impl IntoIterator<Item = &'i String>) -> u32 {
        ids.into_iter().fold(0, |m, id| m | Self::bit(id))
    }

    /// What a JSON key or query parameter says about its value, after the
    /// user's key rules (`"ignore"`: nothing); `words` is the key as
    /// `labels::normalise` gives it.
    pub(crate) fn key_rule(&self, words: &str) -> Option<LabelKind> {
        self.user_key_rule(words).unwrap_or_else(|| crate::labels::lookup_key(words).or_else(|| dicom::key_rule(words).filter(|_| self.on(const { Self::bit("dicom") }))))
    }

    /// The user's own rule for a normalised key, if there is one:
    /// `Some(None)` for `"ignore"`.
    pub(crate) fn user_key_rule(&self, words: &str) -> Option<Option<LabelKind>> {
        self.key_rules.get(words).map(|t| t.map(LabelKind::Phi))
    }

    /// Whether the detector with this bit (`det!("email")`) is on: one mask
    /// test, called once per detector per segment.
    #[inline]
    pub(crate) fn on(&self, bit: u32) -> bool {
        self.disabled & bit == 0
    }
}

/// The [`ScanOptions`] bit of a detector id, at compile time; an id not in
/// [`REGISTRY`] does not compile.
macro_rules! det {
    ($id:literal) => {
        const {
            let bit = ScanOptions::bit($id);
            assert!(bit != 0, "not a REGISTRY detector id");
            bit
        }
    };
}

/// The text of one segment plus the labels found in it.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub bytes: &'a [u8],
    pub labels: Vec<LabelHit>,
    pub opts: &'a ScanOptions,
    /// Index in the output of the first finding of this segment.
    pub hits_from: usize,
    /// The positions the digit-led detectors start from, until they have
    /// run: [`scan_segment`] drops it then (on text dense with digits it is
    /// half the size of the text), and a later use panics.
    index: Option<Index>,
    /// How many ASCII digits the text has.
    pub digits: usize,
    /// Which of the bytes in [`has`] the text holds.
    pub has: u8,
    /// Whether the text may hold a Postgres failing row, `Failing row
    /// contains (` ([`in_failing_row`] looks back for one only then).
    pub failing_row: bool,
    /// Whether the text may hold an SQL `VALUES (` list (the column list
    /// before it is looked for only then, [`sql::bound_value`]).
    pub values_list: bool,
}

/// Bytes a detector cannot match without (one bit each in [`Ctx::has`],
/// from the digit index's pass): a detector that needs one skips a segment
/// without it, before any search of its own. Short JSON values are most of
/// the segments of a document, and most hold none of these.
pub(crate) mod has {
    /// `@`
    pub(crate) const AT: u8 = 1;
    /// `%` or `*`: one class, as the two share a high nibble (`find::HAS`
    /// has one class for each bit; it has room for eight). Emails need a
    /// `%` (or an `@`) and the star search a `*`: a text with either
    /// searches for both, and finds what it holds.
    pub(crate) const PERCENT_OR_STAR: u8 = 2;
    /// `:`
    pub(crate) const COLON: u8 = 4;
    /// `/`
    pub(crate) const SLASH: u8 = 8;
    /// `.`
    pub(crate) const DOT: u8 = 16;
    /// `[`
    pub(crate) const BRACKET: u8 = 32;
    /// An ASCII capital, `A..=Z`.
    pub(crate) const UPPER: u8 = 64;
    /// Two ASCII capitals and two ASCII digits, where an IBAN can start
    /// (not a byte: `find::digit_index` finds them from its masks).
    pub(crate) const IBAN_HEAD: u8 = 128;
}

/// The per-segment indexes, in one pass over the bytes.
pub(crate) struct Index {
    /// Per digit-led shape (`shapes::start`), the digit starts where its
    /// matcher can match (`shapes::start_shapes`; most digit starts have
    /// none). A list each, not a start with its shape bits: a `(u32, u8)`
    /// takes eight bytes, and each detector reads only its own starts.
    shaped: [Vec<u32>; shapes::start::COUNT],
    phone_marks: Vec<u32>,
    vin_runs: Vec<(u32, u32)>,
    digits: usize,
    /// The [`has`] bits of the text.
    has: u8,
    /// Whether the text holds a `|`, a 0x1C or a `\\`: only then may it
    /// hold HL7 v2 segments with the standard separators ([`hl7`]) or
    /// NCPDP fields, their separators raw or escaped ([`ncpdp`]).
    seps: bool,
    /// What only the index of a text of 1 KB or more holds: boxed, so that
    /// a short text's index (most JSON values) carries one pointer through
    /// its moves from the pass to the segment's context, not two empty
    /// vectors (each twelve bytes more to copy at every move).
    long: Option<Box<LongIndex>>,
}

/// The parts of an [`Index`] only a long text has.
pub(crate) struct LongIndex {
    /// The searched classes of each 32-byte chunk (`find::Marks`).
    pub(crate) marks: Vec<u8>,
    /// Where two ASCII capitals and two ASCII digits start, in order: the
    /// only places an IBAN can (`financial::ibans`). A shorter text
    /// searches for them itself if it has any ([`has::IBAN_HEAD`]): a
    /// vector each cost JSON values with a head (an id, a code) an
    /// allocation.
    pub(crate) iban_heads: Vec<u32>,
}

impl Index {
    /// The chunk marks (`find::Marks`), empty for a short text.
    pub(crate) fn marks(&self) -> &[u8] {
        self.long.as_ref().map_or(&[], |l| &l.marks)
    }

    /// The IBAN heads ([`LongIndex::iban_heads`]), empty for a short text.
    #[cfg(test)]
    pub(crate) fn iban_heads(&self) -> &[u32] {
        self.long.as_ref().map_or(&[], |l| &l.iban_heads)
    }
}

// One pass for [`Ctx::shape_starts`], [`Ctx::phone_marks`],
// [`Ctx::vin_runs`] and [`Ctx::digits`], 16 bytes a step.
use find::digit_index;

impl<'a> Ctx<'a> {
    /// A segment's context as [`scan_segment`] builds it before any
    /// detector runs (labels and digit index, no redaction tokens taken
    /// out), for tests that call one detector on its own.
    #[cfg(test)]
    pub(crate) fn indexed(text: &'a str, opts: &'a ScanOptions) -> Self {
        let index = find::digit_index(text.as_bytes());
        let (failing_row, values_list) = marked_details(text.as_bytes(), &index.phone_marks);
        Ctx { text, bytes: text.as_bytes(), labels: crate::labels::find_labels(text), opts, hits_from: 0, digits: index.digits, has: index.has, failing_row, values_list, index: Some(index) }
    }

    /// Whether the text holds one of the bytes of `bits` ([`has`]).
    #[inline]
    pub(crate) fn has(&self, bits: u8) -> bool {
        self.has & bits != 0
    }

    fn index(&self) -> &Index {
        self.index.as_ref().expect("the digit index is dropped once the digit-led detectors have run (scan_segment)")
    }

    /// The digit starts (ASCII digits not right after an ASCII letter or
    /// digit: a superset of the digit token starts) where the matcher of
    /// the digit-led `shape` (`shapes::start`) can match, in order: it
    /// fails at the others (`shapes::start_shapes`).
    ///
    /// # Panics
    /// After the credit-card detector's turn (the index is dropped then).
    pub(crate) fn shape_starts(&self, shape: usize) -> impl Iterator<Item = usize> + '_ {
        self.index().shaped[shape].iter().map(|&p| p as usize)
    }

    /// The `+` and `(` that start a token, in order: with the digit starts,
    /// where a kept phone number can begin.
    ///
    /// # Panics
    /// As [`Ctx::shape_starts`].
    pub(crate) fn phone_marks(&self) -> &[u32] {
        &self.index().phone_marks
    }

    /// The runs of exactly 17 VIN characters that are whole tokens
    /// (`shapes::exact_runs`, from the same pass).
    ///
    /// # Panics
    /// As [`Ctx::shape_starts`].
    pub(crate) fn vin_runs(&self) -> &[(u32, u32)] {
        &self.index().vin_runs
    }

    /// Which searched bytes (`@`, `%`, `*`, `[`) each 32-byte
    /// chunk of the text holds, for searches that skip the others
    /// (`find::Marks::find_any`).
    ///
    /// # Panics
    /// As [`Ctx::shape_starts`].
    pub(crate) fn marks(&self) -> find::Marks<'_> {
        find::Marks::of(self.index().marks())
    }

    /// Leftmost matches of `at`, the matcher of the digit-led `shape`
    /// (`shapes::start`), among the digit token starts:
    /// `shapes::token_matches` for digit-led shapes, without a pass over
    /// the text, tried only where the shape can start
    /// (`shapes::digit_token_matches`).
    ///
    /// # Panics
    /// As [`Ctx::shape_starts`].
    pub(crate) fn digit_token_matches(&self, shape: usize, at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<(usize, usize)> {
        shapes::digit_token_matches(self.bytes, self.shape_starts(shape), at)
    }

    /// The label, if any, that ends right before `pos` (only separators and
    /// markup in between, within a short distance).
    #[inline]
    pub(crate) fn label_before(&self, pos: usize) -> Option<LabelKind> {
        // Labels are sorted by start; find the last one ending at or before pos.
        let i = self.labels.partition_point(|l| l.end <= pos);
        let l = self.labels[..i].last()?;
        (skip_separators(self.bytes, l.end, pos + 1) == pos).then_some(l.kind)
    }

    /// Whether a label of `kind` appears within `window` bytes before `pos`
    /// on the same line (looser than [`Ctx::label_before`]).
    pub(crate) fn label_near(&self, pos: usize, window: usize, want: impl Fn(LabelKind) -> bool) -> bool {
        let from = pos.saturating_sub(window);
        let i = self.labels.partition_point(|l| l.end <= pos);
        self.labels[..i]
            .iter()
            .rev()
            .take_while(|l| l.start >= from)
            .any(|l| want(l.kind) && !self.bytes[l.end..pos].contains(&b'\n'))
    }
}

/// Skips what may sit between a label and its value: spaces, `:`, `=`, `#`,
/// quotes, brackets, HTML tags, JSON/RSC escapes, and filler words ("is",
/// "no.", "number", "of"). Returns the position of the value, stopping at
/// `limit`.
pub(crate) fn skip_separators(b: &[u8], mut i: usize, limit: usize) -> usize {
    let limit = limit.min(b.len()).min(i + 96);
    let mut newlines = 0;
    while i < limit {
        match b[i] {
            // A form's blank ("City: ________  State: ____"): the label has
            // no value, and what follows the blank is the next label.
            b'_' if b[i + 1..].starts_with(b"__") => return i,
            b' ' | b'\t' | b':' | b'=' | b'#' | b'"' | b'\'' | b'(' | b')' | b'{' | b'|' | b'>' | b',' | b'-' | b'.' | b'_' => i += 1,
            // A JSON/JS escape is skipped whole: a value never starts inside
            // one ("KEY-----\nMIIx…" in a raw JSON key starts at "MIIx").
            b'\\' => {
                i = limit.min(i + match b.get(i + 1) {
                    Some(b'n' | b't' | b'r' | b'"' | b'/' | b'\\' | b'b' | b'f') => 2,
                    Some(b'u') if b.len() >= i + 6 && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) => 6,
                    _ => 1,
                });
            }
            b'\r' | b'\n' => {
                newlines += 1;
                if newlines > 2 {
                    return i;
                }
                i += 1
            }
            // Sixteen bytes a step: tags are most of what lies between a
            // label and its value in HTML.
            b'<' => match find::find_any(&b[..limit], i, [b'>']) {
                Some(j) => i = j + 1,
                None => return i,
            },
            b'&' if b[i..].starts_with(b"&quot;") => i += 6,
            b'&' if b[i..].starts_with(b"&nbsp;") => i += 6,
            c if c.is_ascii_alphabetic() => match filler_end(b, i, limit) {
                Some(e) => i = e,
                None => return i,
            },
            _ => return i,
        }
    }
    i
}

/// The end of the filler word at `i` ("is", "no", "number": a whole word,
/// followed by something other than a letter or digit before `limit`),
/// which [`skip_separators`] passes over; or None.
fn filler_end(b: &[u8], i: usize, limit: usize) -> Option<usize> {
    // Every filler word begins with one of these letters (`b[i]` is one,
    // `| 0x20` its lowercase): most words after a label, values and other
    // labels, are turned down by their first.
    if !matches!(b[i] | 0x20, b'a' | b'i' | b'n' | b'o' | b'v' | b'w') {
        return None;
    }
    // No filler word is longer than six letters: a word is read no further
    // than its seventh (most values are longer words).
    let head = &b[i..limit.min(i + 7)];
    let end = head.iter().position(|c| !c.is_ascii_alphabetic()).map_or(i + head.len(), |j| i + j);
    let w = &b[i..end];
    if w.len() > 6 || end >= limit || b[end].is_ascii_alphanumeric() {
        return None;
    }
    // Lowercased into a buffer and matched once, not compared with each
    // filler word in turn (on text dense with labels, most words after a
    // label are short).
    let mut low = [0u8; 6];
    for (l, c) in low.iter_mut().zip(w) {
        *l = c.to_ascii_lowercase();
    }
    matches!(&low[..w.len()], b"is" | b"no" | b"nbr" | b"num" | b"number" | b"of" | b"was" | b"on" | b"at" | b"as" | b"id" | b"value" | b"val").then_some(end)
}

/// A redaction token we wrote ourselves (`[SSN]`, `[NAME:7f3a9c]`, `***`),
/// which must never be detected again (idempotence).
pub(crate) fn is_redaction_token(s: &[u8]) -> bool {
    if s.len() >= 3 && s[0] == b'[' {
        let inner = &s[1..s.iter().position(|&c| c == b']').unwrap_or(s.len())];
        let (tag, _) = inner.split_at(inner.iter().position(|&c| c == b':').unwrap_or(inner.len()));
        return !tag.is_empty() && tag.iter().all(|c| c.is_ascii_uppercase() || *c == b'_');
    }
    false
}

/// Whether `s` contains one of our redaction tokens.
pub(crate) fn has_redaction_token(s: &str) -> bool {
    s.contains('[') && !redaction_tokens(s.as_bytes(), find::Marks::NONE).is_empty()
}

/// Byte ranges of the redaction tokens in `b`: `[TYPE]` or `[TYPE:hex]`
/// (`marks`: `b`'s, or none).
fn redaction_tokens(b: &[u8], marks: find::Marks) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(s) = marks.find_any(b, i, [b'[']) {
        let tag = b[s + 1..].iter().take_while(|c| c.is_ascii_uppercase() || **c == b'_').count();
        let mut e = s + 1 + tag;
        if tag >= 2 && b.get(e) == Some(&b':') {
            let h = b[e + 1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            e += 1 + h;
        }
        if tag >= 2 && b.get(e) == Some(&b']') {
            out.push((s, e + 1));
            i = e + 1;
        } else {
            i = s + 1;
        }
    }
    out
}

/// Whether `start` follows a masked value ("***** ****** Khan, Fatima" is
/// what a partial mask left of "Maria Garcia Khan"): the kept tail of a
/// partial mask must not be detected again. A run of 3+ stars right before
/// (separators aside) and 4+ stars close by; markdown "**bold**" is not one.
/// Also a value that is all within the kept tail: a partial mask keeps the
/// last four letters or digits, which can span words ("Hiroshi Ab" leaves
/// "*****hi Ab", and "Ab" must not become a name on a second pass).
fn after_mask(b: &[u8], start: usize, end: usize) -> bool {
    let separator = |c: u8| matches!(c, b' ' | b'-' | b'.' | b'/' | b'@' | b',' | b'(' | b')');
    let mask_before = |i: usize| {
        let run = b[..i].iter().rev().take_while(|&&c| c == b'*').count();
        run >= 3 && b[i.saturating_sub(24)..i].iter().filter(|&&c| c == b'*').count() >= 4
    };
    let mut i = start;
    while i > 0 && start - i < 3 && separator(b[i - 1]) {
        i -= 1;
    }
    if mask_before(i) {
        return true;
    }
    // Chars (a UTF-8 lead byte or ASCII) that are letters or digits: only
    // whether there are more than four matters, so a long value is not
    // counted to its end.
    let alnum = |s: &[u8]| s.iter().filter(|&&c| c.is_ascii_alphanumeric() || c >= 0xC0).take(5).count();
    let mut kept = alnum(&b[start..end.min(b.len())]);
    let mut i = start;
    while i > 0 && kept <= 4 && start - i < 24 {
        let c = b[i - 1];
        if c == b'*' {
            return mask_before(i);
        }
        if c.is_ascii_alphanumeric() || c >= 0xC0 {
            kept += 1;
        } else if c < 0x80 && !separator(c) {
            return false;
        }
        i -= 1;
    }
    false
}

/// Whether `b` holds three stars in a row: without them [`after_mask`] is
/// false wherever a finding starts (it needs a run of three or more).
/// `marks`: `b`'s, or none.
fn has_star_run(b: &[u8], marks: find::Marks) -> bool {
    let mut i = 0;
    while let Some(s) = marks.find_any(b, i, [b'*']) {
        if b[s..].starts_with(b"***") {
            return true;
        }
        i = s + 1;
    }
    false
}

/// Whether [s, e) overlaps one of the sorted, disjoint `ranges` (binary search).
fn overlaps_any(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = ranges.partition_point(|r| r.0 < e);
    i > 0 && ranges[i - 1].1 > s
}

/// Whether [s, e) lies inside one of the sorted, disjoint `ranges` (binary search).
fn within_any(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = ranges.partition_point(|r| r.0 <= s);
    i > 0 && ranges[i - 1].1 >= e
}

/// Whether one of the `labels` (in order, none overlapping another, so
/// their ends are in order too) overlaps one of the sorted, disjoint
/// `tokens`: one search of the labels per token. A log with a few hundred
/// `[REDACTED]` has tens of thousands of labels, and a search of the tokens
/// per label cost more than the rest of the token handling; the labels are
/// filtered only where one of them is in a token.
fn any_in_tokens(labels: &[LabelHit], tokens: &[(usize, usize)]) -> bool {
    tokens.iter().any(|&(s, e)| {
        // The first label ending after the token starts is the only one that may begin before it ends.
        let i = labels.partition_point(|l| l.end <= s);
        labels.get(i).is_some_and(|l| l.start < e)
    })
}

/// The main entry: every finding in `text`, before overlap resolution.
/// `key` is the JSON key / query parameter the whole text is the value of.
pub(crate) fn scan_segment(text: &str, key: Option<LabelKind>, opts: &ScanOptions, out: &mut Vec<Hit>) {
    if text.is_empty() {
        return;
    }
    if let Some(k) = key {
        if whole_value(text, k, opts, out) {
            return;
        }
    }
    if holds_no_finding(text.as_bytes()) {
        return;
    }
    scan_text(text, opts, out);
}

/// [`scan_segment`] of a text with no key that [`holds_no_finding`] has
/// been asked of already, and said no (the JSON walk asks it of each
/// value before its memo): not asked again.
pub(crate) fn scan_asked_segment(text: &str, opts: &ScanOptions, out: &mut Vec<Hit>) {
    debug_assert!(!holds_no_finding(text.as_bytes()));
    if !text.is_empty() {
        scan_text(text, opts, out);
    }
}

/// Whether the full scan finds nothing in `b` as a whole text, whatever
/// the options, known from its shape alone: what [`scan_segment`] skips
/// after a value's key, and the JSON walk before it looks a value up.
///
/// No detector reports anything in a UUID (`uuid_ids_hold_no_finding`
/// holds this to the full scan), and the ids of a JSON document are
/// mostly UUIDs: with their digits and hex words, each cost the full
/// scan several thousand instructions. Nor in one short word of letters
/// (see `is_letter_word`): a document's codes and statuses; nor in a
/// date, a timestamp or a short number alone (`is_stamp_or_number`); nor
/// in a room or bed number, a LOINC code or an ICD-10 code
/// (`is_room_number`, `is_loinc_code`, `is_icd_code`).
///
/// Asked of every string value without a kind, so the shapes are tried
/// by the value's first byte: a word or an ICD-10 code starts with a
/// letter, a date, number, room or LOINC code with a digit, a UUID with
/// either. A value starting with anything else has none of the shapes.
pub(crate) fn holds_no_finding(b: &[u8]) -> bool {
    match b.first() {
        Some(c) if c.is_ascii_digit() => is_uuid_id(b) || is_stamp_or_number(b) || is_room_number(b) || is_loinc_code(b),
        Some(c) if c.is_ascii_alphabetic() => is_letter_word(b) || is_uuid_id(b) || is_icd_code(b),
        _ => false,
    }
}

/// The longest [`is_letter_word`]: the first letter-only secret formats
/// (AWS key ids, `AKIA` and 16 capitals) take 20 bytes.
const LETTER_WORD_LEN: usize = 19;

/// Whether `b` is one word of at most [`LETTER_WORD_LEN`] ASCII letters
/// ("active", "Encounter", "AMB", "patientName"), in which no detector
/// reports anything (`letter_words_hold_no_finding` holds this to the
/// full scan): every finding needs what such a word lacks. Numbers, ids,
/// dates and ages need a digit; e-mails, URLs, IPs and paths an `@`, `.`,
/// `:` or `/`; a name, a date in words or a labelled value at least two
/// words, a space or a separator between them (a label and its value run
/// together, "nameMaria", are not one); and the secrets of letters alone
/// twenty bytes or more. In a JSON document a fifth of the values the
/// full scan is left with are such words, each costing its fixed set-up
/// (the digit index, the label search, every detector's start).
///
/// Eight bytes at a time ([`all_letters`]): up to three loads, overlapping,
/// cover every byte (a loop over the bytes was most of the cost of asking
/// the question of every value). Under four bytes: the first, middle and
/// last byte are all of them.
fn is_letter_word(b: &[u8]) -> bool {
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let four = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
    // Letters in the bytes a short word does not fill.
    const FILL: u64 = 0x6161_6161_6161_6161;
    match n {
        0 => false,
        1..4 => all_letters(u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16 | FILL << 24),
        4..8 => all_letters(four(0) | four(n - 4) << 32),
        8..=16 => all_letters(word(0)) && all_letters(word(n - 8)),
        17..=LETTER_WORD_LEN => all_letters(word(0)) && all_letters(word(8)) && all_letters(word(n - 8)),
        _ => false,
    }
}

/// Whether each of the eight bytes of `w` is an ASCII letter. With bit 5
/// set (lowercase) a letter is 0x61..=0x7A and nothing else is; in a byte
/// under 0x80, adding 0x1F carries into its top bit from 0x61 on, and
/// adding 0x05 from 0x7B on, never into the next byte.
fn all_letters(w: u64) -> bool {
    const TOP: u64 = 0x8080_8080_8080_8080;
    let lower = w | 0x2020_2020_2020_2020;
    let from_a = lower.wrapping_add(0x1F1F_1F1F_1F1F_1F1F);
    let past_z = lower.wrapping_add(0x0505_0505_0505_0505);
    w & TOP == 0 && from_a & !past_z & TOP == TOP
}

/// Whether `b` is a UUID (`find::is_uuid`), bare or in a `urn:uuid:` reference.
fn is_uuid_id(b: &[u8]) -> bool {
    match b.len() {
        36 => find::is_uuid(b),
        45 => b.starts_with(b"urn:uuid:") && find::is_uuid(&b[9..]),
        _ => false,
    }
}

/// Whether `b` is, alone, an ISO date with or without a time of day
/// ("2024-09-19", "2024-09-19T16:15:00.000Z", "2024-09-19T16:15+05:30"),
/// a number of at most eight digits ("99213"), or two or three groups of
/// at most three digits ("14.2.5", "98.6"), in which no detector reports
/// anything (`stamps_and_numbers_hold_no_finding` holds this to the full
/// scan). A date alone is not PHI: the date detector reports one only near
/// a label, a name or words about a person, all of them letters (and a
/// time of day only near a label). The rest of these digits have no shape
/// a detector reports bare: no SSN's, phone number's or card's (their
/// groups of three and four, or nine digits and more), no IP address's
/// (four groups), no compact date's (eight digits without a label).
/// JSON documents are full of them: a timestamp per record.
fn is_stamp_or_number(b: &[u8]) -> bool {
    // The longest is a timestamp with nanoseconds and a zone (35 bytes):
    // a longer text (a page's, a log's) is not searched.
    if b.len() > 35 {
        return false;
    }
    let digits = |from: usize, n: usize| b.get(from..from + n).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let is = |at: usize, c: u8| b.get(at) == Some(&c);
    if b.len() >= 10 && digits(0, 4) && is(4, b'-') && digits(5, 2) && is(7, b'-') && digits(8, 2) {
        if b.len() == 10 {
            return true;
        }
        // A time of day: `THH:MM`, then `:SS` and a fraction, then a zone.
        if !(is(10, b'T') && digits(11, 2) && is(13, b':') && digits(14, 2)) {
            return false;
        }
        let mut i = 16;
        if is(i, b':') && digits(i + 1, 2) {
            i += 3;
            if is(i, b'.') {
                let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if !(1..=9).contains(&n) {
                    return false;
                }
                i += 1 + n;
            }
        }
        if is(i, b'Z') {
            i += 1;
        } else if (is(i, b'+') || is(i, b'-')) && digits(i + 1, 2) && is(i + 3, b':') && digits(i + 4, 2) {
            i += 6;
        }
        return i == b.len();
    }
    // A number, or a version: up to three groups of digits ("999.999.999"
    // at most).
    if b.len() > 11 {
        return false;
    }
    let mut groups = 0;
    let mut longest = 0;
    for g in b.split(|&c| c == b'.') {
        if g.is_empty() || !g.iter().all(u8::is_ascii_digit) {
            return false;
        }
        groups += 1;
        longest = longest.max(g.len());
    }
    match groups {
        1 => longest <= 8,
        2 | 3 => longest <= 3,
        _ => false,
    }
}

/// Whether `b` is a room or bed number: one to three digits and one
/// capital ("22B", "7A", "310C"), in which no detector reports anything
/// (`room_numbers_hold_no_finding` tries every one). Too few digits for
/// any number a detector reports, and no letter but the one; a lowercase
/// one is not taken ("94y" is an age).
fn is_room_number(b: &[u8]) -> bool {
    let Some((last, digits)) = b.split_last() else {
        return false;
    };
    (1..=3).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) && last.is_ascii_uppercase()
}

/// Whether `b` is a LOINC code: one to five digits, a dash and one check
/// digit ("4548-4", "8480-6"), in which no detector reports anything
/// (`loinc_codes_hold_no_finding` holds this to the full scan). No
/// detector's number ends in a group of one digit, and five digits are
/// no number a detector reports alone.
fn is_loinc_code(b: &[u8]) -> bool {
    let n = b.len();
    (3..=7).contains(&n) && b[n - 2] == b'-' && b[n - 1].is_ascii_digit() && b[..n - 2].iter().all(u8::is_ascii_digit)
}

/// Whether `b` is an ICD-10 code: a capital, two digits, and after a dot
/// one to four digits ("I10", "E11.9", "J45.909"), in which no detector
/// reports anything (`icd_codes_hold_no_finding` holds this to the full
/// scan): two digits and at most four after the dot are too few for any
/// number a detector reports. Codes with letters after the dot
/// ("S72.001A") are scanned: "A00.90YO" is an age.
fn is_icd_code(b: &[u8]) -> bool {
    let n = b.len();
    let head = n >= 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit();
    head && (n == 3 || ((5..=8).contains(&n) && b[3] == b'.' && b[4..].iter().all(u8::is_ascii_digit)))
}

/// The findings of [`dates::dates_and_ages`] and then of
/// [`locations::addresses`], their places found in one pass over the
/// segment: the two tables' look-ups share each step's loads
/// ([`find::tuple_mask_pair`]), where a pass of each cost 5.5 to 8 M wasm
/// instructions per MB of log. The dates' walk skips what lies before the
/// end of its last match, as its own pass does, by masking those places
/// off: the street lines' walk still needs the step.
fn dates_and_addresses(cx: &Ctx, date: bool, age: bool, out: &mut Vec<Hit>) {
    let ((date_matches, age_matches), places) = date_and_address_matches(cx.bytes, date, age);
    dates::dates_and_ages_of(cx, date_matches, age_matches, age, out);
    locations::addresses_of(cx, places, out);
}

/// The date and age matches and the street lines' places of `b`, as
/// `dates::date_and_age_matches` and `locations::places` give them, in one pass.
fn date_and_address_matches(b: &[u8], date: bool, age: bool) -> (dates::DateAndAgeMatches, locations::Places) {
    let mut walk = dates::PlaceWalk::new(date, age);
    let mut places = locations::Places::default();
    let mut i = 0;
    while i < b.len() {
        let (mut at_dates, at_streets) = find::tuple_mask_pair(b, i, &dates::PLACES, &locations::PLACES);
        let skip = walk.skip_to();
        if skip > i {
            at_dates &= if skip - i >= 16 { 0 } else { u16::MAX << (skip - i) };
        }
        walk.step(b, i, at_dates);
        places.step(b, i, at_streets);
        i += 16;
    }
    (walk.finish(), places)
}

/// Every finding in `text` by the detectors, for [`scan_segment`].
fn scan_text(text: &str, opts: &ScanOptions, out: &mut Vec<Hit>) {
    // The labels first, then the digit index: on text dense with labels,
    // the labels' vector doubles its way up the heap, and each move leaves
    // a hole below it, where the index's vectors then fit. (The other way
    // round, the labels climbed past the index, and the findings past
    // both: 0.13 MB more wasm memory for 1 MB of dense-1MB.) Held to the
    // end of the segment, while the findings grow: without the room left by
    // doubling (in place, no copy).
    let mut labels = labels::find_labels(text);
    labels.shrink_to_fit();
    // Tables inside the text (an export in a log line or a JSON string),
    // looked for from the labels that may be header cells: each read by
    // its columns (`csv::tables_in`), the text around them as text.
    let before = out.len();
    let tables = crate::formats::csv::tables_in(text, &labels, opts, out);
    if !tables.is_empty() {
        crate::config::out_of_line(|| around_tables(text, &tables, opts, before, out));
        return;
    }
    scan_plain(text, labels, opts, out);
}

/// [`scan_text`] of the text around `tables` (their findings are in
/// `out[before..]`), each piece on its own.
fn around_tables(text: &str, tables: &[(usize, usize)], opts: &ScanOptions, before: usize, out: &mut Vec<Hit>) {
    let mut at = 0;
    for &(s, e) in tables.iter().chain([&(text.len(), text.len())]) {
        // The piece with the table's header line, which the words around a
        // date at the piece's end reach into (a heading's date, then a
        // table whose header says "Patient"); what is found in that line
        // is dropped, as the table has read it (a `State` column is no place).
        let cut = text.as_bytes()[s..e].iter().position(|&c| c == b'\n').map_or(s, |n| s + n);
        let (piece, from) = (&text[at..cut], out.len());
        if !piece.is_empty() {
            scan_plain(piece, labels::find_labels(piece), opts, out);
        }
        let mut kept = from;
        for k in from..out.len() {
            let h = &mut out[k];
            (h.start, h.end) = (h.start + at, h.end + at);
            if h.end <= s {
                out.swap(kept, k);
                kept += 1;
            }
        }
        out.truncate(kept);
        at = e;
    }
    if text.len() <= SORTED_SEGMENT_LEN {
        out[before..].sort_by(by_start_then_longest);
    }
}

/// [`scan_text`] of a text without tables, its `labels` found.
fn scan_plain(text: &str, mut labels: Vec<LabelHit>, opts: &ScanOptions, out: &mut Vec<Hit>) {
    let before = out.len();
    let index = digit_index(text.as_bytes());
    // Our own tokens (`[NAME:7f3a9c]`) contain label words ("NAME", "MRN");
    // nothing inside them is a label or a value (idempotence).
    let tokens = if index.has & has::BRACKET != 0 { redaction_tokens(text.as_bytes(), find::Marks::of(index.marks())) } else { Vec::new() };
    if any_in_tokens(&labels, &tokens) {
        labels.retain(|l| !overlaps_any(&tokens, l.start, l.end));
        labels.shrink_to_fit();
    }
    // HL7 v2 segments, read by field: only in a text with a `|` or whose
    // first byte may start a header (most texts have neither), out of
    // line past that test. Before the detectors, so that the digit index
    // and its chunk marks are at hand, but held apart and added after the
    // names, dates and addresses: those passes read `out[hits_from..]` as
    // their own findings, in order (the names before a date), and a
    // message's names further on in the text broke that order (a date
    // after a name in prose was left).
    let mut hl7_hits = Vec::new();
    // The `|` itself: a text with a separator's byte may hold only a `\\`.
    let pipe = index.seps && hl7::next_marked(text.as_bytes(), 0, index.marks(), find::HAS_PIPE, [b'|'; 2]).is_some();
    if (pipe || hl7::may_start_with_header(text.as_bytes())) && opts.on(det!("hl7")) {
        crate::config::out_of_line(|| hl7::segments(text.as_bytes(), pipe, index.marks(), &mut hl7_hits));
    }
    // Person records in a header-less `|` flat file, likewise.
    if pipe && opts.on(det!("records")) {
        crate::config::out_of_line(|| records::records(text.as_bytes(), index.marks(), &mut hl7_hits));
    }
    // X12 interchanges, read by element, likewise: only in a text with a
    // `*` (or a `%`, its class in the index) or that starts with `ISA`.
    // Their findings join HL7's (another sorted run).
    // The elements it reads as no one's (an organisation's name, a
    // department's, a diagnosis code) are `quiet`: nothing the text scan
    // finds inside one is kept.
    let star = index.has & has::PERCENT_OR_STAR != 0;
    let mut quiet = Vec::new();
    if (star || x12::may_start_with_header(text.as_bytes())) && opts.on(det!("x12")) {
        crate::config::out_of_line(|| x12::interchanges(text.as_bytes(), star, index.marks(), &mut hl7_hits, &mut quiet));
    }
    // iCalendar events and vCards, read by property: only in a text that
    // starts with one or has a role label `VCARD` after `BEGIN:`. Their
    // findings join HL7's; their quiet ranges X12's.
    let cal = (opts.on(det!("calendar")) && calendar::may_hold(text.as_bytes(), &labels))
        .then(|| calendar::read(text.as_bytes(), &mut hl7_hits, &mut quiet));
    // DICOM headers printed by tag: only in a text that starts with a tag
    // or has a label where a print puts one (its places looked at, no
    // pass over the text). Likewise.
    if opts.on(det!("dicom")) && dicom::may_hold(text.as_bytes(), &labels) {
        crate::config::out_of_line(|| dicom::read(text, opts, &mut hl7_hits, &mut quiet));
    }
    // NCPDP pharmacy transactions, read by field: only in a text with a
    // 0x1C or a `\\` (their separators, raw or escaped). Likewise.
    if index.seps && opts.on(det!("ncpdp")) {
        ncpdp::transactions(text.as_bytes(), index.marks(), &mut hl7_hits);
    }
    let (failing_row, values_list) = marked_details(text.as_bytes(), &index.phone_marks);
    let mut cx = Ctx { text, bytes: text.as_bytes(), labels, opts, hits_from: before, digits: index.digits, has: index.has, failing_row, values_list, index: Some(index) };

    if opts.on(det!("email")) {
        contact::emails(&cx, out);
    }
    if opts.on(det!("phone")) {
        contact::phones(&cx, out);
    }
    if opts.on(det!("url")) {
        contact::urls(&cx, out);
        contact::path_ids(&cx, out);
    }
    if opts.on(det!("ip")) {
        contact::ips(&cx, out);
    }
    if opts.on(det!("ssn")) {
        identifiers::ssns(&cx, out);
    }
    if opts.on(det!("mbi")) {
        identifiers::mbis(&cx, out);
    }
    if opts.on(det!("vin")) {
        identifiers::vins(&cx, out);
    }
    if opts.on(det!("credit-card")) {
        financial::cards(&cx, out);
    }
    // The digit-led detectors have run: their index goes before the
    // findings grow further (the label pass comes last), but for a long
    // text's chunk marks (a 32nd of the text) for the star search at the
    // end, and its IBAN heads (a few) for the IBANs next.
    let long = cx.index.take().and_then(|ix| ix.long);
    let (marks, iban_heads) = long.as_deref().map_or((&[][..], &[][..]), |l| (&l.marks[..], &l.iban_heads[..]));
    if opts.on(det!("iban")) {
        financial::ibans(&cx, iban_heads, out);
    }
    if opts.on(det!("secret")) {
        secrets::secrets(&cx, out);
    }
    // Names before dates: a date right after a name is that person's.
    if opts.on(det!("name")) {
        names::names(&cx, out);
    }
    let (date, age, address) = (opts.on(det!("date")), opts.on(det!("age")), opts.on(det!("address")));
    if address && dates::wanted(&cx, date, age) && locations::wanted(&cx) {
        dates_and_addresses(&cx, date, age, out);
    } else {
        dates::dates_and_ages(&cx, date, age, out);
        if address {
            locations::addresses(&cx, out);
        }
    }
    if cx.failing_row && opts.on(det!("label")) {
        failing_row_ids(&cx, out);
    }
    // The label pass looks its findings up in the sorted runs of `out`
    // ([`FoundAlready`]): these are one more.
    out.append(&mut hl7_hits);
    if opts.on(det!("label")) {
        labelled_values(&cx, out);
    }
    // An event's dates, if the event names someone (by what all the
    // passes found in it).
    if let Some(cal) = &cal {
        cal.dates(out, before);
    }
    // Drop anything that landed on one of our own redaction tokens.
    let bytes = text.as_bytes();
    // Whether the text has what the checks of a finding below look for: a
    // `[` (a token starts with one) and a run of three stars (a mask ends
    // with one, see `after_mask`). Without them no finding's check reads
    // the text. The findings come detector by detector, each detector's
    // from the text's start again: on a long text, past the cache, each
    // check's read of it missed. So a long text with no `[` is searched
    // for stars once (one pass in order), instead; with a `[` every check
    // reads the text anyway, and a short one is in the cache.
    let brackets = cx.has(has::BRACKET);
    let masks = brackets || text.len() < MASK_SEARCH_LEN || out.len() == before || has_star_run(bytes, find::Marks::of(marks));
    // In place and in order: which of two findings of one span `resolve`
    // keeps, when neither scores higher, is the one found first (a swap
    // with the last one made it depend on which findings came last).
    debug_assert!(quiet.windows(2).all(|w| w[0].1 <= w[1].0), "quiet ranges in order, disjoint");
    let mut kept = before;
    for i in before..out.len() {
        let h = &out[i];
        // Most texts hold no token: not even a search of none per finding.
        let in_token = (!tokens.is_empty() && overlaps_any(&tokens, h.start(), h.end())) || (masks && after_mask(bytes, h.start(), h.end()));
        let in_quiet = !quiet.is_empty() && within_any(&quiet, h.start(), h.end());
        if !(h.start() >= bytes.len() || in_token || in_quiet || (brackets && is_redaction_token(&bytes[h.start()..])) || opts.disabled_types.contains(&h.kind)) {
            out.swap(kept, i);
            kept += 1;
        }
    }
    out.truncate(kept);
    // Sorted here for `resolve`, as it will sort them all: a document's
    // segments (JSON values, HTML text) come in order, so their findings
    // sorted one segment at a time are sorted runs, and resolve's sort
    // merges a few runs instead of sorting thousands of findings from
    // scratch (2.5% of a JSON document's instructions, 1.8% of a page's).
    // Both sorts are stable, so same-span findings keep their order. A
    // long text is most likely the whole input, one segment: sorted here,
    // it would be sorted twice (0.1% more on a megabyte of log, 0.2% on
    // adversarial text). Whether they are sorted depends on the text
    // alone, not on what `out` held before (a JSON value's memoised
    // findings are the scanned ones).
    if text.len() <= SORTED_SEGMENT_LEN && out.len() - before > 1 {
        out[before..].sort_by(by_start_then_longest);
    }
}

/// The longest segment whose findings [`scan_text`] sorts (see there):
/// at 4 KB the benchmark page kept a third of the gain (some of its texts
/// are longer), and a log scanned whole is far longer.
const SORTED_SEGMENT_LEN: usize = 64 * 1024;

/// The shortest text that [`scan_text`] searches for stars (see there)
/// before it checks its findings: a segment of a document is in the cache.
const MASK_SEARCH_LEN: usize = 64 * 1024;

/// The order [`resolve`] sorts findings in: by start, the longer first.
fn by_start_then_longest(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    a.start().cmp(&b.start()).then(b.end().cmp(&a.end()))
}

/// A value whose key says what it is (`"ssn": "..."`, `?dob=...`). Returns
/// true when the whole value was reported, so the text scan is skipped.
///
/// [`scan_segment`] under `key` is this and then, when it returns false,
/// [`scan_segment`] of the text with no key: what the text scan finds
/// does not depend on the key. The JSON walk relies on that to share the
/// text scan of a value between its occurrences under any key.
pub(crate) fn whole_value(text: &str, key: LabelKind, opts: &ScanOptions, out: &mut Vec<Hit>) -> bool {
    // The checks on the key first: they cost no pass over the value.
    let LabelKind::Phi(ty) = key else {
        return false;
    };
    if !opts.on(det!("json-key")) || opts.disabled_types.contains(&ty) {
        return false;
    }
    let mut t = text.trim();
    if t.is_empty() || t.len() > 256 {
        return false;
    }
    // A value already (partly) redacted is scanned as text, never taken
    // whole again. A mask has a `*` and a token a `[`: most values have
    // neither, found so by one search instead of two.
    if find::find_any(t.as_bytes(), 0, [b'*', b'[']).is_some() && (is_masked(t) || !redaction_tokens(t.as_bytes(), find::Marks::NONE).is_empty()) {
        return false;
    }
    let mut lead = text.len() - text.trim_start().len();
    // A FHIR search's comparison prefix ("birthdate=ge1961-03-14"): the
    // date after it is the value.
    if ty == PhiType::Date && t.len() > 2 && t.as_bytes()[2].is_ascii_digit() && ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"].contains(&&t[..2]) {
        lead += 2;
        t = &t[2..];
    }
    let (start, mut end) = (lead, lead + t.len());
    let mut zip = None;
    let ok = match ty {
        // "96F" under `ageSex`: the age is the number, the sex stays.
        PhiType::Age if dates::sex_age_at(t.as_bytes(), 0) == Some(t.len()) => {
            end = start + t.bytes().take_while(u8::is_ascii_digit).count();
            true
        }
        // Types with a grammar must match it in full (and pass validators).
        PhiType::Ssn | PhiType::Date | PhiType::Age | PhiType::Phone | PhiType::Fax | PhiType::Email | PhiType::CreditCard
        | PhiType::Iban | PhiType::BankRouting | PhiType::ZipCode | PhiType::IpAddress => {
            value_len(ty, t.as_bytes(), t, true) == Some(t.len())
        }
        // A DICOM (or HL7) name, `FAMILY^GIVEN`: its parts apart, as
        // HL7's XPN is read (`hl7::person_name`).
        PhiType::Name if t.contains('^') => {
            let n = out.len();
            hl7::person_name(text.as_bytes(), start, end, out);
            for h in &mut out[n..] {
                h.why = why!("json-key", "value under a key that names this identifier");
            }
            return out.len() > n;
        }
        // Names have no digits ("DOB: 3/14/62 SSN …" under a name key is text).
        // Names are letters, spaces and ' - . , only ("DOB: 3/14/62", "age: **" under a name key are text).
        PhiType::Name => {
            // Spaces may be percent-encoded, in a value copied from a URL
            // (`"x-patient-name": "Haruto%20Tran"`).
            let t = if t.contains("%20") { std::borrow::Cow::Owned(t.replace("%20", " ")) } else { std::borrow::Cow::Borrowed(t) };
            t.chars().any(|c| c.is_alphabetic())
                && t.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '.' | ',' | '·'))
                && t.split_whitespace().count() <= 6
                && !is_placeholder(&t)
        }
        PhiType::Address => {
            // Its ZIP apart (`ending_zip`), the rest up to the space before it.
            zip = locations::ending_zip(t.as_bytes()).filter(|_| !opts.disabled_types.contains(&PhiType::ZipCode));
            if let Some(z) = zip {
                end = start + z - 1;
            }
            t.chars().any(|c| c.is_alphabetic()) && !is_placeholder(t)
        }
        PhiType::Url => t.contains('/') || t.contains('.'),
        PhiType::VehicleId if identifiers::plate_value(t) == Some(t.len()) => true,
        PhiType::Secret => !is_placeholder(t) && t.len() >= 3 && !secrets::is_no_secret(t.as_bytes()),
        _ if identifiers::names_a_product(ty, t.as_bytes(), t.len()) => false,
        _ => t.bytes().any(|b| b.is_ascii_digit()) && !t.contains(' ') || (t.len() >= 4 && !t.contains(' ') && !is_placeholder(t) && t.bytes().any(|b| b.is_ascii_uppercase())),
    };
    if ok {
        out.push(Hit::new(ty, start, end, 0.95, why!("json-key", "value under a key that names this identifier")));
        if let Some(z) = zip {
            out.push(Hit::new(PhiType::ZipCode, start + z, lead + t.len(), 0.95, why!("json-key", "value under a key that names this identifier")));
        }
    }
    ok
}

/// Output of our mask and partial-mask operators ("***-**-9999",
/// "*****.*******@******e.com"): at least 4 stars, and no fewer stars than
/// letters and digits.
fn is_masked(t: &str) -> bool {
    // Most values have no star: found so by one search, not a count of
    // every byte (every value under a key that names a type asks, twice).
    let b = t.as_bytes();
    let Some(first) = find::find_any(b, 0, [b'*']) else {
        return false;
    };
    let stars = b[first..].iter().filter(|&&c| c == b'*').count();
    stars >= 4 && stars >= t.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Filler written where a value would be ("n/a", "Unknown", "xxx-xx"), or a
/// masked value.
fn is_placeholder(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "none", "n/a", "na", "unknown", "true", "false", "undefined", "redacted", "<redacted>", "***", "xxx", "string", "text", "-",
        "example", "test", "todo", "tbd", "pending", "anonymous", "hidden", "masked",
    ];
    // Compared in place: lowercasing a copy allocated per value.
    is_masked(t) || WORDS.iter().any(|w| t.eq_ignore_ascii_case(w)) || t.bytes().all(|b| b == b'*' || b == b'x' || b == b'X' || b == b'#' || b == b'-')
}

/// What the id after a person label is: a card's or a policy's holder's
/// (`cardholder=MP6527443-05` in a pharmacy claim's rejection) is a
/// health plan id, anyone else's an other id.
fn holders_id(label: &[u8]) -> PhiType {
    let l = label.len();
    let holder = l >= 10 && label[l - 6..].eq_ignore_ascii_case(b"holder") && matches!(label[0] | 0x20, b'c' | b'p');
    if holder {
        PhiType::HealthPlanId
    } else {
        PhiType::OtherId
    }
}

/// Whether the address label `label` may take `value` as its value: any,
/// unless it names a street line only ("street", "line", "address line 2",
/// "line1"), which takes a street line (a house number first), not a
/// city's name.
#[inline(never)]
fn street_labels_value(label: &[u8], value: &[u8]) -> bool {
    let l = label.trim_ascii_end();
    let l = &l[..l.len() - l.iter().rev().take_while(|c| c.is_ascii_digit() || **c == b' ').count()];
    let street = [&b"line"[..], b"street"].iter().any(|w| l.len() >= w.len() && l[l.len() - w.len()..].eq_ignore_ascii_case(w));
    !street || value.first().is_some_and(u8::is_ascii_digit)
}

/// Length of a value of type `ty` at the start of `s` (its grammar), or None.
/// `strict` is set for whole JSON values, where the grammar must cover all.
pub(crate) fn value_len(ty: PhiType, b: &[u8], s: &str, strict: bool) -> Option<usize> {
    // The value patterns search unanchored and then require a match at 0:
    // over the whole rest of the text, once per label, that is quadratic
    // ("ssn=%ssn=%…" took 10 s for 200 KB). No value is longer than this
    // window (PEM blocks and URLs get a larger one), so search only the window.
    let cap = if matches!(ty, PhiType::Secret | PhiType::Url) { 16 * 1024 } else { 1024 };
    let mut n = s.len().min(cap);
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    let (b, s) = (&b[..n.min(b.len())], &s[..n]);
    match ty {
        PhiType::Ssn => identifiers::ssn_value(s),
        PhiType::Date => dates::date_value(s, strict),
        PhiType::Age => dates::age_value(s),
        PhiType::Phone | PhiType::Fax => contact::phone_value(s),
        PhiType::Email => contact::email_value(s),
        PhiType::Url => contact::url_value(s),
        PhiType::IpAddress => contact::ip_value(s),
        PhiType::CreditCard => financial::card_value(s),
        PhiType::Iban => financial::iban_value(s),
        PhiType::BankRouting => financial::aba_value(s),
        PhiType::ZipCode => locations::zip_value(b),
        PhiType::Address => locations::street_value(s).or_else(|| locations::city_value(s)),
        PhiType::Name => names::name_value(s).or_else(|| names::lowercase_name(s)),
        PhiType::Secret => secrets::secret_value(s),
        PhiType::VehicleId => identifiers::plate_value(s).or_else(|| identifiers::id_value(s)),
        PhiType::LicenseNumber | PhiType::DeviceId | PhiType::AccountNumber => identifiers::id_value(s).filter(|&n| !identifiers::names_a_product(ty, s.as_bytes(), n)),
        PhiType::HealthPlanId | PhiType::Mrn | PhiType::BiometricId | PhiType::OtherId => identifiers::id_value(s),
    }
}

/// The fewest findings of a segment from which [`labelled_values`] looks
/// its values up among them (see there): below it the findings are few,
/// and so are the copies it would leave out.
const SAME_SPAN_LOOKUP: usize = 1024;

/// [`SAME_SPAN_LOOKUP`], or in tests what the test set.
fn same_span_lookup() -> usize {
    #[cfg(test)]
    return tests::SAME_SPAN_FEWEST.get();
    #[cfg(not(test))]
    SAME_SPAN_LOOKUP
}

/// The most sorted runs of a segment's findings [`labelled_values`]
/// keeps a cursor in; with more, it sorts them into one.
const RUNS_LOOKED_UP: usize = 32;

/// The fewest findings of a segment that [`labelled_values`] looks up in
/// their runs rather than sorting them: with fewer, the sort's scratch
/// copy of them is at most 256 KB, and the sort takes fewer instructions
/// than a cursor in each run (on the 1 MB log, whose 8,000 findings come in
/// a few dozen runs, the cursors cost 0.6% more).
const RUNS_FEWEST: usize = 16 * 1024;

/// ([`RUNS_FEWEST`], [`RUNS_LOOKED_UP`]), or in tests what the test set.
fn runs_looked_up() -> (usize, usize) {
    #[cfg(test)]
    return tests::RUNS.get();
    #[cfg(not(test))]
    (RUNS_FEWEST, RUNS_LOOKED_UP)
}

/// A segment's findings as the detectors left them, looked up by span in
/// the order [`labelled_values`] comes to its values. Each detector finds
/// its own in order, so they are a few runs, each sorted by
/// [`by_start_then_longest`]: a cursor in each run. (Sorting them all
/// first took a scratch copy of them, 737 KB on dense-1MB, at the peak of
/// the scan; `resolve` sorts them later, where the labels and the digit
/// index have left room.)
struct FoundAlready {
    runs: Vec<Run>,
}

/// One sorted run of a segment's findings, `from..to` among them.
struct Run {
    from: usize,
    to: usize,
    /// The types of its findings (bit `kind as u32`): a run is searched
    /// only for a value of a type it holds. Most runs are one detector's,
    /// of one or two types; searching each for every value cost the 1 MB
    /// log 2.7% of its instructions.
    kinds: u64,
    cursor: Cursor,
}

impl FoundAlready {
    /// The runs of `hits`, if there are [`RUNS_FEWEST`] findings or more,
    /// in at most [`RUNS_LOOKED_UP`] runs.
    fn of(hits: &[Hit]) -> Option<Self> {
        let (fewest, most) = runs_looked_up();
        if hits.len() < fewest {
            return None;
        }
        let mut runs = Vec::new();
        let mut run = Run { from: 0, to: 0, kinds: 0, cursor: Cursor { at: 0 } };
        for (i, h) in hits.iter().enumerate() {
            if i > 0 && by_start_then_longest(&hits[i - 1], h).is_gt() {
                runs.push(Run { to: i, ..run });
                run = Run { from: i, to: 0, kinds: 0, cursor: Cursor { at: 0 } };
                if runs.len() >= most {
                    return None;
                }
            }
            run.kinds |= kind_bit(h.kind);
        }
        runs.push(Run { to: hits.len(), ..run });
        Some(FoundAlready { runs })
    }

    /// All of `hits` as one run, sorted by [`by_start_then_longest`].
    fn sorted(hits: &[Hit]) -> Self {
        FoundAlready { runs: vec![Run { from: 0, to: hits.len(), kinds: u64::MAX, cursor: Cursor { at: 0 } }] }
    }

    /// Whether `hits` (the same findings at every call) hold one of `kind`
    /// over `start..end` scored at least `score`.
    fn covers(&mut self, hits: &[Hit], kind: PhiType, start: usize, end: usize, score: f32) -> bool {
        let bit = kind_bit(kind);
        self.runs.iter_mut().any(|r| r.kinds & bit != 0 && r.cursor.covers(&hits[r.from..r.to], kind, start, end, score))
    }
}

/// `kind`'s bit in [`Run::kinds`].
fn kind_bit(kind: PhiType) -> u64 {
    const _: () = assert!(PhiType::ALL.len() <= 64, "a type's bit must fit in a u64");
    1 << (kind as u32)
}

/// Where a look-up stood in a run of findings sorted by
/// [`by_start_then_longest`]: the values come by start, almost always, so
/// it moves on through them (a binary search for each cost the 1 MB log
/// 0.7% of its instructions).
struct Cursor {
    /// Where the last look-up's span stood among the findings.
    at: usize,
}

impl Cursor {
    /// Whether `hits` (the same sorted findings at every call) hold one of
    /// `kind` over `start..end` scored at least `score`.
    fn covers(&mut self, hits: &[Hit], kind: PhiType, start: usize, end: usize, score: f32) -> bool {
        let before = |h: &Hit| h.start < start || (h.start == start && h.end > end);
        if self.at > 0 && !before(&hits[self.at - 1]) {
            // Back from the last one (a value before the last value): searched.
            self.at = hits[..self.at].partition_point(before);
        }
        while hits.get(self.at).is_some_and(before) {
            self.at += 1;
        }
        hits[self.at..].iter().take_while(|h| h.start == start && h.end == end).any(|h| h.kind == kind && h.score >= score)
    }
}

/// Values right after a label: "MRN: 00482913", "Member ID W2938475610".
///
/// On a segment with many findings, a value that a detector found already
/// (the same span and type, a score no lower: "mail a@b.co", "ssn
/// 219-09-9999") is left out. [`resolve`] would drop it: its stable sort
/// puts it after the detector's finding, which it cannot beat (not longer,
/// not a higher score), and whatever beats or loses to that finding does
/// the same with it. On text dense with labelled values these copies were
/// half the findings held before resolution (and so half of its sort's
/// scratch copy of them). The detectors' findings are looked up in the
/// sorted runs they come in ([`FoundAlready`]); with more runs than
/// [`RUNS_LOOKED_UP`] or fewer findings than [`RUNS_FEWEST`], they are
/// sorted first, stably and in the order
/// `resolve` sorts in, so its result is the same. No index of them is
/// built.
fn labelled_values(cx: &Ctx, out: &mut Vec<Hit>) {
    let (from, found) = (cx.hits_from, out.len());
    let mut already = (found - from >= same_span_lookup()).then(|| {
        FoundAlready::of(&out[from..]).unwrap_or_else(|| {
            out[from..].sort_by(by_start_then_longest);
            FoundAlready::sorted(&out[from..])
        })
    });
    for (li, l) in cx.labels.iter().enumerate() {
        if l.kind == LabelKind::Payer && !cx.opts.disabled_types.contains(&PhiType::HealthPlanId) {
            payer_member_id(cx, li, out);
        }
        let ty = match l.kind {
            LabelKind::Phi(ty) => ty,
            LabelKind::ProviderNpi if cx.opts.flag_provider_npi => PhiType::OtherId,
            _ => continue,
        };
        if l.kind == LabelKind::ProviderNpi {
            let pos = skip_separators(cx.bytes, l.end, cx.text.len());
            let n = cx.bytes[pos..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 10 && crate::validate::npi(&cx.text[pos..pos + 10]) {
                out.push(Hit::new(ty, pos, pos + 10, 0.8, why!("label", "provider NPI (flagProviderNpi is on)")));
            }
            continue;
        }
        if cx.opts.disabled_types.contains(&ty) {
            continue;
        }
        let key_at = key_value_at(cx, l);
        // A markdown label's closing `**` (`**MRN:** H992538`, `**MRN**
        // 92-353431`) sits between it and its value as a colon does (a
        // closing `__` is skipped as separators are).
        let colon = l.end + usize::from(cx.bytes.get(l.end) == Some(&b':'));
        let after = if cx.bytes.get(colon..colon + 2) == Some(b"**") { colon + 2 } else { l.end };
        let pos = key_at.unwrap_or_else(|| skip_separators(cx.bytes, after, cx.text.len()));
        if pos >= cx.text.len() {
            continue;
        }
        // The next label at or after the value. Labels inside skipped markup
        // (`class="text-sm"` between `<dt>Phone</dt>` and its `<dd>`) don't count.
        let next = cx.labels[li + 1..].iter().find(|n| n.start >= pos);
        let next_label = next.map_or(cx.text.len(), |n| n.start);
        let sep = &cx.bytes[l.end..pos];
        // `acct_1NvX3k2eZvKYlo2C` (a Stripe account's id): a label that
        // prefixes a vendor's id with letters in it is part of the id
        // (`mrn_123`, `mrn_00482913` are still a label and its value).
        if sep == b"_" && vendor_id(&cx.text[l.start..]).is_some_and(|n| cx.bytes[pos..l.start + n].iter().any(u8::is_ascii_alphabetic)) {
            continue;
        }
        // A cookie header's first pair: its name says what its value is,
        // not the header (`Cookie: recent_mrn=…`, an MRN; a session
        // token's name is a label of its own), and an analytics cookie's
        // value (`_ga=GA1.1.…`) is no secret. A pair whose name says
        // nothing (`sid=…`) stays a secret.
        if ty == PhiType::Secret && cookie_names_its_value(cx, li, pos) {
            continue;
        }
        // "Component: 1 (Street Address) of Field 11": a label in
        // parentheses followed by " of " names a part of what follows, not
        // its value ("(MRN) 12345678", "(MRN) is 12345678" still are).
        if sep == b") of " && cx.bytes[..l.start].last() == Some(&b'(') {
            continue;
        }
        // A line that starts with `--` and a token is a multipart body's
        // boundary (`--xYzZY85fcf17b` between the parts of a form or an
        // e-mail), not the value of a label on the line before it (a part
        // named "SPF" whose body is `pass`).
        if sep.len() >= 3 && sep.ends_with(b"--") && boundary_line(sep) {
            continue;
        }
        // A label that ends a URL path names a route, not the value after
        // it: "GET /api/account 200 in 31ms", "/patients/p-1001/chart 200".
        if l.start > 0 && cx.bytes[l.start - 1] == b'/' && sep.first().is_some_and(u8::is_ascii_whitespace) && ends_url_path(cx.bytes, l.start) {
            continue;
        }
        if pos == l.end {
            // FHIR references "Patient/P-0048213": the id after the resource type.
            // (In a URL path, "/patient/<id>" is path_ids' job, and a name slug makes the URL the identifier.)
            let in_path = l.start > 0 && cx.bytes[l.start - 1] == b'/';
            if ty == PhiType::Name && cx.bytes[pos] == b'/' && is_person_resource(&cx.text[l.start..l.end]) {
                let rest = &cx.text[pos + 1..];
                if let Some(n) = identifiers::id_value(rest).filter(|&n| n >= 3 && !in_path && !contact::is_name_slug(&rest[..n])) {
                    out.push(Hit::new(PhiType::OtherId, pos + 1, pos + 1 + n, 0.85, why!("label", "id in a reference to a patient record")));
                }
                continue;
            }
            // "PatientHeader", "nameInput", "passwordMinLength": a label glued
            // to the next word is part of an identifier in code; and so is
            // a secret's label glued to the word before it
            // (`ExponentPushToken[…]`, an Expo push token).
            if ty == PhiType::Name || cx.bytes[pos].is_ascii_alphanumeric() || (ty == PhiType::Secret && l.start > 0 && cx.bytes[l.start - 1].is_ascii_alphabetic()) {
                continue;
            }
        }
        // "VitalsChart.tsx:51:26", "userProfile.ts": a label glued to the
        // word before it and to a lowercase word after a dot is part of a
        // file's or a property's name in code.
        if sep == b"." && l.start > 0 && cx.bytes[l.start - 1].is_ascii_alphabetic() && cx.bytes[pos].is_ascii_lowercase() {
            continue;
        }
        // `k8s.pod.name=…`, `service_name: …`: a last word "name" joined
        // to the key's words before it is a person's only when they are a
        // person label, as a JSON key's is (`patient.name` is).
        if ty == PhiType::Name && l.start > 0 && matches!(cx.bytes[l.start - 1], b'.' | b'_') && cx.bytes[l.start..l.end].eq_ignore_ascii_case(b"name") && !key_names_a_person(cx.bytes, l.start - 1) {
            continue;
        }
        // "given APAP 1000 mg", "given Tylenol": in prose the verb, not a
        // given name ("Given: Ana", `"given": […]` still label one).
        // Nor at a sentence's and line's end ("diet counselling given.",
        // then a note's footer; "daughter." still labels a name on the
        // next line).
        if ty == PhiType::Name && (sep == b" " || sep.starts_with(b".\n")) && cx.bytes[l.start..l.end].eq_ignore_ascii_case(b"given") {
            continue;
        }
        // Titles ("Ms.", "Mr") are not the unit in "32663 ms: Mark-Compact".
        if ty == PhiType::Name && is_title(&cx.text[l.start..l.end]) {
            let before_digit = cx.bytes[..l.start].iter().rev().find(|c| **c != b' ').is_some_and(u8::is_ascii_digit);
            if before_digit || sep.contains(&b':') || sep.contains(&b'=') {
                continue;
            }
        }
        // A label followed directly by another label ("Name Phone Email"
        // headers) is not a value, unless that label only prefixes an id
        // ("face template id RTN-50162190").
        if pos == next_label && ty != PhiType::Name {
            let n = next.unwrap();
            let prefix = cx.bytes.get(n.end) == Some(&b'-') && cx.bytes.get(n.end + 1).is_some_and(u8::is_ascii_digit);
            if !prefix {
                continue;
            }
        }
        let mut rest = &cx.text[pos..];
        // A key's column before its last: the value ends at the comma where
        // the next column's starts (`key_value_after`), so `(Maria, Garcia)`
        // under `(first_name, last_name)` is two names, not one "Surname, Given".
        if key_at.is_some() && cx.bytes[l.end] == b',' {
            rest = &rest[..rest.find(',').unwrap_or(rest.len())];
        }
        // In a `|` delimited field a `^` separates components, which the
        // HL7 reader reads: a name there ends at one (`MR|Quibble^Zed`, an
        // id's type code before a name, gave one name over the `^`).
        if ty == PhiType::Name && sep.contains(&b'|') {
            rest = &rest[..rest.find('^').unwrap_or(rest.len())];
        }
        if is_redaction_token(rest.as_bytes()) {
            continue;
        }
        // "patient-card-12", "patient_list": joined by a bare hyphen or underscore, a label is a word in a code name.
        let code_joined = matches!(sep, b"-" | b"_");
        let (ty, len) = match value_len(ty, rest.as_bytes(), rest, false) {
            Some(n) if ty == PhiType::Secret && !looks_secret(&rest[..n]) => continue,
            Some(n) => (ty, n),
            // "patient P-0048213", "member pat_83uhm2": a person label followed by an id.
            // Not a chat's clock ("Patient (12:47): …"), nor a parent's
            // id: in code and traces that is a tree's parent (a span's,
            // a comment's, a folder's), not a person's.
            None if ty == PhiType::Name && !code_joined && !cx.bytes[l.start..l.end].eq_ignore_ascii_case(b"parent") => match identifiers::id_value(rest).or_else(|| vendor_id(rest)) {
                Some(n) if is_clock(&rest.as_bytes()[..n]) => continue,
                Some(n) if (rest.as_bytes()[..n].iter().filter(|c| c.is_ascii_digit()).count() >= 2 && n >= 5) || vendor_id(rest) == Some(n) => (holders_id(&cx.bytes[l.start..l.end]), n),
                _ => continue,
            },
            None => continue,
        };
        // "| Line |" over "| Mon–Fri |" (a table of hours), "Main Street
        // Pharmacy": a line's or a street's label takes a street line, not
        // a city's name.
        if ty == PhiType::Address && !street_labels_value(&cx.bytes[l.start..l.end], rest.as_bytes()) {
            continue;
        }
        // "PATIENT-API-W41" (an issue's short id), "POST /api/portal/login"
        // (a span's name): a label joined to a code by a hyphen, or a word
        // in capitals before a path, is no name.
        if ty == PhiType::Name && (code_joined || (rest.as_bytes()[len..].starts_with(b" /") && rest.as_bytes().get(len + 2).is_some_and(u8::is_ascii_alphabetic) && !rest.as_bytes()[..len].iter().any(u8::is_ascii_lowercase))) {
            continue;
        }
        let (start, end) = (pos, pos + len);
        let (ty, score, why) = refine(ty, cx, l, &cx.text[start..end]);
        let Some(ty) = ty else { continue };
        if already.as_mut().is_some_and(|a| a.covers(&out[from..found], ty, start, end, score)) {
            continue;
        }
        out.push(Hit::new(ty, start, end, score, why));
    }
}

/// The member id after the insurer's name that the insurer's label
/// `cx.labels[li]` starts, pushed to `out` (`Insurance: Cigna
/// (VGG768972519)`, `| Insurance | Lakeshore Mutual Health Plan
/// 78176542000 |`): within 96 bytes, before the next label (a group
/// number's: "group 449102") and on the label's line, up to eight words
/// of letters, then the first word with a digit, taken when it has six
/// digits or more. Not a date or a time (`/`, `.` or `:` inside), nor
/// digits with two hyphens or more (a phone number, an SSN, an ISO date:
/// their own detectors read them). Nothing is taken past a shorter
/// number ("Aetna PPO 2"); a plan's contract number ("H1036-077") would
/// be taken, as a member id is. A pass over a few dozen bytes a label,
/// out of line: few texts have the label.
#[inline(never)]
fn payer_member_id(cx: &Ctx, li: usize, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    let end = cx.labels.get(li + 1).map_or(b.len(), |n| n.start).min(cx.labels[li].end + 96);
    let (mut at, mut words) = (cx.labels[li].end, 0);
    while at < end {
        // A token of letters, digits and hyphens, in one pass.
        let (mut n, mut digits, mut letters) = (0, 0, 0);
        while at + n < end {
            match b[at + n] {
                b'0'..=b'9' => digits += 1,
                b'-' => {}
                c if c.is_ascii_alphabetic() => letters += 1,
                _ => break,
            }
            n += 1;
        }
        if digits > 0 {
            let part = matches!(b.get(at + n), Some(b'/' | b'.' | b':')) && b.get(at + n + 1).is_some_and(u8::is_ascii_alphanumeric);
            if digits >= 6 && !part && !(letters == 0 && n - digits >= 2) {
                out.push(Hit::new(PhiType::HealthPlanId, at, at + n, 0.8, why!("label", "member id after the insurer's name")));
            }
            return;
        }
        if n == 0 && !matches!(b[at], b' ' | b'\t' | b'(' | b'#' | b',' | b'&' | b'\'' | b'.' | b':' | b'|' | b'*') {
            return;
        }
        words += usize::from(n > 0);
        if words > 8 {
            return;
        }
        at += n.max(1);
    }
}

/// Whether the label `cx.labels[li]` is a cookie header's and its value
/// at `pos` a cookie pair whose name says what its value is: a label
/// inside the name (`recent_mrn`, `next-auth.csrf-token`), or the name of
/// an analytics cookie (`_ga`, `_gid`, `_gcl_au`, `_fbp`, `_hjSessionUser_…`),
/// whose value is a visitor's random id and a time.
#[inline(never)]
fn cookie_names_its_value(cx: &Ctx, li: usize, pos: usize) -> bool {
    let (b, l) = (cx.bytes, &cx.labels[li]);
    if l.end - l.start < 6 || !b[l.end - 6..l.end].eq_ignore_ascii_case(b"cookie") {
        return false;
    }
    let mut eq = pos;
    while eq < b.len() && (b[eq].is_ascii_alphanumeric() || matches!(b[eq], b'_' | b'-' | b'.')) {
        eq += 1;
    }
    if b.get(eq) != Some(&b'=') {
        return false;
    }
    for n in &cx.labels[li + 1..] {
        if n.start >= eq {
            break;
        }
        if n.start >= pos {
            return true;
        }
    }
    let name = &b[pos..eq];
    let head = name.split(|&c| c == b'_').next().unwrap_or(name);
    b[pos - 1] == b'_' && (matches!(head, b"ga" | b"gid" | b"gat" | b"gcl" | b"fbp" | b"fbc") || name.starts_with(b"hj"))
}

/// Whether the separators `sep` between a label and its value end with a
/// line break and nothing but dashes after it: the value starts a
/// multipart boundary line (`\r\n--xYzZY85fcf17b`).
#[inline(never)]
fn boundary_line(sep: &[u8]) -> bool {
    sep.iter().rposition(|&c| c == b'\n').is_some_and(|i| sep[i + 1..].iter().all(|&c| c == b'-'))
}

/// Where the value of the label `l` starts when the label is a column of
/// Postgres's detail of a key that a row breaks,
/// `Key (email, dob)=(x@example.com, 1961-03-14) already exists.`: the
/// value in the column's place (`ssn=…` labels its value, and the columns
/// here label the values in order), or None.
fn key_value_at(cx: &Ctx, l: &LabelHit) -> Option<usize> {
    let b = cx.bytes;
    // Most labels are followed by a separator or a value: one byte tells.
    match b.get(l.end) {
        Some(b',' | b')') => key_value_after(b, l).or_else(|| sql::bound_value(b, l, cx.values_list)),
        // A column compared with a placeholder (`dob = $2`), or quoted.
        Some(b' ' | b'=' | b'"' | b'`') => sql::bound_value(b, l, cx.values_list),
        _ => None,
    }
}

/// [`key_value_at`] past its test, out of line (inlined, it cost about
/// 400 zlib bytes of the wasm).
#[inline(never)]
fn key_value_after(b: &[u8], l: &LabelHit) -> Option<usize> {
    let column = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b',' | b' ');
    let open = l.start - b[l.start.saturating_sub(256)..l.start].iter().rev().take_while(|c| column(c)).count();
    let close = l.end + b[l.end..].iter().take(256).take_while(|c| column(c)).count();
    if open < 5 || &b[open - 5..open] != b"Key (" || b.get(close..close + 3)? != b")=(" {
        return None;
    }
    // A value on for each column before this one.
    let mut at = close + 3;
    for &c in &b[open..l.start] {
        if c == b',' {
            let i = at + b[at..b.len().min(at + 1024)].iter().position(|&c| matches!(c, b',' | b')'))?;
            if b[i] == b')' {
                return None;
            }
            at = i + 1 + usize::from(b.get(i + 1) == Some(&b' '));
        }
    }
    Some(at)
}

/// Whether byte `i` is inside the tuple of Postgres's detail of a row a
/// constraint rejected, `Failing row contains (42, Maria, Garcia,
/// 1961-03-14, …).`: a row of the table, in its columns' order, so a
/// first and last name side by side and a date there are a person's. The
/// tuple's `(` is at most 128 bytes back (a person table's names and
/// birth date come in its first columns), with no `)` or line end
/// between. Asked of each date nothing else ties to a person: 512 bytes
/// back cost a text of label soup and dates 9% of its scan. A text with
/// no such detail ([`Ctx::failing_row`]) is not looked at: the look back
/// cost a text of label soup and dates (adversarial-1MB) 3.2% of its
/// scan, for the few texts that have one.
pub(crate) fn in_failing_row(cx: &Ctx, i: usize) -> bool {
    let b = cx.bytes;
    let from = i.saturating_sub(128);
    cx.failing_row && b[from..i].iter().rposition(|&c| matches!(c, b'(' | b')' | b'\n')).is_some_and(|p| b[from + p] == b'(' && b[..from + p].ends_with(FAILING_ROW))
}

/// What comes before the `(` of a failing row's tuple.
pub(crate) const FAILING_ROW: &[u8] = b"Failing row contains ";

/// The identifiers of each failing row ([`in_failing_row`]): an item of
/// letters and digits, or of digits with a leading zero or a hyphen (6
/// digits or more, 7 to 16 bytes, one hyphen at most) is the row's own key
/// when it comes first, which in a person table is the person's record
/// number, an MRN (`U4319916`, `08831315`, `20-602570`), and another
/// record's key later (`P-1720760`, a patient's id in a table of visits).
/// A plain integer is a serial key, a date has two hyphens, and a UUID or
/// a CUID is longer. The items are what the columns' names would have
/// labelled.
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
fn failing_row_ids(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    for (open, _) in b.iter().enumerate().filter(|&(i, &c)| c == b'(' && b[..i].ends_with(FAILING_ROW)) {
        // One pass over the row: each item's digits, hyphens and other
        // bytes (past a space after the comma), weighed at its end. A `(`
        // ends the row too: a text of failing rows that never close
        // (`Failing row contains (Failing row contains (…`) was read to its
        // line's end from each, its cost growing with the square of the
        // line (256 KB: 8 s).
        let (mut s, mut digits, mut hyphens, mut other) = (open + 1, 0, 0, false);
        for (e, &c) in b.iter().enumerate().skip(open + 1) {
            if matches!(c, b',' | b')' | b'\n' | b'(') {
                let n = e - s;
                if !other && hyphens <= 1 && (7..=16).contains(&n) && digits >= 6 && (digits < n || b[s] == b'0') {
                    out.push(Hit::new(if s == open + 1 { PhiType::Mrn } else { PhiType::OtherId }, s, e, 0.8, why!("label", "id in a rejected database row")));
                }
                if c != b',' {
                    break;
                }
                (s, digits, hyphens, other) = (e + 1 + usize::from(b.get(e + 1) == Some(&b' ')), 0, 0, false);
            } else if e >= s {
                digits += usize::from(c.is_ascii_digit());
                hyphens += usize::from(c == b'-');
                other |= !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
            }
        }
    }
}

/// Whether one of `marks`, the `(` and `+` that start a token (the digit
/// index's phone marks), is the `(` of a failing row ([`in_failing_row`]),
/// and whether one is that of an SQL `VALUES (` list (any case, one space
/// before the `(`, as ORMs write it; [`sql::bound_value`]): a look at the
/// few marks of a text, not a search of it (a search of every text for
/// the words cost a log 3.1% of its scan).
fn marked_details(b: &[u8], marks: &[u32]) -> (bool, bool) {
    let (mut failing_row, mut values) = (false, false);
    for &p in marks {
        let before = &b[..p as usize];
        if b[p as usize] == b'(' {
            failing_row |= before.ends_with(FAILING_ROW);
            values |= before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"values ");
        }
    }
    (failing_row, values)
}

/// Whether the token that ends at `end` (back to white space or a quote,
/// at most 2 KB) is a URL path: it starts with `/` and has two segments or
/// more, or holds a `://` ("Name/MRN" is two labels, "/MRN" may be one).
fn ends_url_path(b: &[u8], end: usize) -> bool {
    let from = end.saturating_sub(2048);
    let start = b[from..end].iter().rposition(|c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'`')).map_or(from, |i| from + i + 1);
    let token = &b[start..end];
    (token.starts_with(b"/") && token[1..].contains(&b'/')) || token.windows(3).any(|w| w == b"://")
}

/// "Patient", "Person", "RelatedPerson": resource types whose references name one person.
// Compared in place: lowercasing a copy allocated once per person label.
fn is_person_resource(label: &str) -> bool {
    ["patient", "person", "relatedperson", "patients", "subject"].iter().any(|w| label.eq_ignore_ascii_case(w))
}

/// Whether the key word that ends at `end` (letters and digits back to
/// the byte before `end`) is a person label ([`labels::names_a_person`]).
#[inline(never)]
fn key_names_a_person(b: &[u8], end: usize) -> bool {
    let start = end - b[end.saturating_sub(32)..end].iter().rev().take_while(|c| c.is_ascii_alphanumeric()).count();
    std::str::from_utf8(&b[start..end]).is_ok_and(|w| labels::names_a_person(&w.to_ascii_lowercase()))
}

/// Whether `v` is a clock's time, `H:MM` or `HH:MM` (a chat's or a log's
/// time of day).
fn is_clock(v: &[u8]) -> bool {
    matches!(v, [h @ .., b':', m1, m2] if (1..=2).contains(&h.len()) && h.iter().all(u8::is_ascii_digit) && (b'0'..=b'5').contains(m1) && m2.is_ascii_digit())
}

fn is_title(label: &str) -> bool {
    ["mr", "mrs", "ms", "mx", "miss"].iter().any(|w| label.eq_ignore_ascii_case(w))
}

/// A vendor-style id with a short prefix and an underscore, `pat_83uhm2xq`
/// (no digits needed: the prefix and length say it is an id).
fn vendor_id(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let p = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    if !(2..=5).contains(&p) || b.get(p) != Some(&b'_') {
        return None;
    }
    let n = b[p + 1..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    (n >= 8 && token_end(b, p + 1 + n)).then_some(p + 1 + n)
}

/// After a label in prose, "password reset" or "credentials from env" are
/// words, not secrets: a secret written in text has a digit, a capital or a
/// symbol somewhere.
fn looks_secret(v: &str) -> bool {
    // A URL without credentials in it ("proxy_pass http://10.0.0.5:3000/api") is an address, not a secret.
    let plain_url = v.contains("://") && !v.contains('@');
    !v.bytes().all(|c| c.is_ascii_lowercase()) && !plain_url
}

/// Label-specific checks: "DEA" values must pass the DEA check digit, "VIN"
/// values the VIN check digit, a Medicare label with an MBI-shaped value is
/// scored higher.
fn refine(ty: PhiType, cx: &Ctx, l: &LabelHit, v: &str) -> (Option<PhiType>, f32, Why) {
    // Compared in place: a lowercased copy of the label allocated once per value found.
    let label = &cx.bytes[l.start..l.end];
    let starts = |p: &str| label.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()));
    match ty {
        PhiType::LicenseNumber if starts("dea") => {
            if crate::validate::dea(v) {
                (Some(ty), 0.95, why!("label", "DEA number after a DEA label, check digit valid"))
            } else {
                (None, 0.0, Why::NONE)
            }
        }
        PhiType::VehicleId if starts("vin") || starts("vehicle ident") => {
            if crate::validate::vin(v) {
                (Some(ty), 0.95, why!("label", "VIN after a VIN label, check digit valid"))
            } else {
                (None, 0.0, Why::NONE)
            }
        }
        // DICOM's keyword for the chart number (0010,0020), as a PACS logs it.
        PhiType::OtherId if label == b"PatientID" => (Some(PhiType::Mrn), 0.9, why!("label", "value after a label that names this identifier")),
        PhiType::HealthPlanId if crate::validate::mbi(v) => (Some(ty), 0.95, why!("label", "Medicare MBI after a health plan label")),
        PhiType::Name => (Some(ty), 0.85, why!("label", "capitalised name after a person label")),
        PhiType::Date => (Some(ty), 0.9, why!("label", "date after a label tying it to a person")),
        _ => (Some(ty), 0.9, why!("label", "value after a label that names this identifier")),
    }
}

/// Resolves overlaps: when two findings overlap, the higher score wins (then
/// the longer). A URL finding may contain others (it is redacted whole).
pub(crate) fn resolve(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(by_start_then_longest);
    // In place, so the findings are never held twice (on text dense with
    // findings they are the largest thing a scan holds): the kept ones are
    // the prefix `hits[..kept]`, and the URLs are moved out to `urls`,
    // leaving a placeholder that is dropped with the other losers.
    let mut urls: Vec<Hit> = Vec::new();
    let mut kept: usize = 0;
    for r in 0..hits.len() {
        if hits[r].kind == PhiType::Url {
            urls.push(std::mem::replace(&mut hits[r], Hit::EMPTY));
            continue;
        }
        let h = &hits[r];
        if h.end() <= h.start() {
            continue;
        }
        let keep = match kept.checked_sub(1).map(|l| &hits[l]) {
            Some(last) if h.start() < last.end() => {
                let better = h.score > last.score
                    || (h.score == last.score && h.end() - h.start() > last.end() - last.start());
                if better {
                    // Drop every kept finding the winner overlaps.
                    while kept > 0 && h.start() < hits[kept - 1].end() {
                        if hits[kept - 1].score > h.score {
                            break;
                        }
                        kept -= 1;
                    }
                    kept == 0 || h.start() >= hits[kept - 1].end()
                } else {
                    false
                }
            }
            _ => true,
        };
        if keep {
            hits.swap(kept, r);
            kept += 1;
        }
    }
    hits.truncate(kept);
    // The room of those lost, and what the vector's doubling left unused,
    // goes back (in place) before propagation's tables are made: on text
    // dense with findings, the findings' room was the largest thing those
    // tables were held with, and the vector is often the last block of the
    // heap, so the tables then take its tail (on dense-1MB, room for 65,536
    // findings held 54,127: 0.3 MB of wasm memory). When fewer than half
    // were lost it was kept before, so that propagation's repeats would
    // fit; those are few, and a vector at the top grows in place
    // (src/wasm/heap.rs).
    hits.shrink_to_fit();
    let mut kept = hits;
    // URLs: keep those that don't cut through another finding: one that
    // overlaps the URL without lying inside it. The other findings are
    // sorted and disjoint, so only the first and the last overlapping one
    // can stick out (two binary searches, not a scan per URL: that was
    // quadratic on text full of profile links). Earlier kept URLs start at
    // or before this one; one sticks out iff it starts before and ends
    // after this start, or starts here and ends after this end.
    let others = kept.len();
    let (mut before_end, mut here, mut here_end) = (0, usize::MAX, 0);
    for u in urls {
        let (s, e) = (u.start(), u.end());
        if s != here {
            before_end = before_end.max(here_end);
            (here, here_end) = (s, 0);
        }
        let ks = &kept[..others];
        let first = ks.partition_point(|k| k.end() <= s);
        let last = ks.partition_point(|k| k.start() < e);
        let sticks_out = |k: &Hit| !(s <= k.start() && k.end() <= e);
        let cuts_other = first < last && (sticks_out(&ks[first]) || sticks_out(&ks[last - 1]));
        let cuts_url = before_end > s || (e > s && here_end > e);
        if !cuts_other && !cuts_url {
            here_end = here_end.max(e);
            kept.push(u);
        }
    }
    // Without a URL the kept findings are sorted already (sorting would
    // allocate scratch as large as them).
    if kept.len() > others {
        kept.sort_by(by_start_then_longest);
    }
    kept.dedup_by(|b, a| a.start() == b.start() && a.end() == b.end() && a.kind == b.kind);
    kept
}

/// True if byte `i` of `b` starts a token (no letter or digit right before it).
/// One of our redaction tokens counts as a word: it stands for the value that
/// was glued there ("Johnson05/21/1976" → "[NAME]05/21/1976"), so a second
/// pass sees the same boundaries as the first (idempotence).
pub(crate) fn token_start(b: &[u8], i: usize) -> bool {
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || (b[i - 1] == b']' && ends_with_token(&b[..i])))
}

/// True if byte `i` of `b` ends a token (no letter or digit at `i`; a redaction token counts as a word).
pub(crate) fn token_end(b: &[u8], i: usize) -> bool {
    i >= b.len() || !(b[i].is_ascii_alphanumeric() || b[i] == b'_' || (b[i] == b'[' && is_redaction_token(&b[i..]) && b[i..].contains(&b']')))
}

/// Whether `b` ends with a redaction token (`…[NAME]`, `…[SSN:4be0a1]`).
fn ends_with_token(b: &[u8]) -> bool {
    let from = b.len().saturating_sub(48);
    b[from..].iter().rposition(|&c| c == b'[').is_some_and(|j| is_redaction_token(&b[from + j..]))
}

/// Asserts that each text of `cases`, scanned as `format` by the default
/// guard, is redacted as its pair says.
#[cfg(test)]
pub(crate) fn assert_redacts(format: crate::Format, cases: &[(&str, &str)]) {
    let g = crate::Guard::default();
    for (text, want) in cases {
        assert_eq!(g.scan(text, format).redacted, *want, "{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    thread_local! {
        /// [`SAME_SPAN_LOOKUP`] as [`same_span_lookup`] reads it in tests, so
        /// that a test can scan with the look-up always on or always off.
        pub(super) static SAME_SPAN_FEWEST: std::cell::Cell<usize> = const { std::cell::Cell::new(SAME_SPAN_LOOKUP) };
        /// ([`RUNS_FEWEST`], [`RUNS_LOOKED_UP`]) as [`runs_looked_up`]
        /// reads them in tests, so that a test can have the findings of
        /// short texts looked up in their runs, or sorted first.
        pub(super) static RUNS: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((RUNS_FEWEST, RUNS_LOOKED_UP)) };
    }

    /// An id after a card's or a policy's holder is a health plan id (the
    /// member id of a pharmacy claim's rejection); after another person
    /// label, an other id.
    #[test]
    fn a_holders_id_is_a_health_plan_id() {
        super::assert_redacts(crate::Format::Text, &[
            ("rejected 65 cardholder=MP6527443-05 dob=19300103", "rejected 65 cardholder=[HEALTH_PLAN_ID] dob=[DATE]"),
            ("policy holder: ZGP784173466", "policy holder: [HEALTH_PLAN_ID]"),
            ("account holder AC-77812345 locked", "account holder [OTHER_ID] locked"),
            ("patient P-0048213 admitted", "patient [OTHER_ID] admitted"),
        ]);
    }

    /// A validator's message names the field, quotes the pattern the value
    /// failed, then the value: the field's SSN label reaches past the
    /// pattern. Without the pattern between, the label reaches 40 bytes as
    /// before; nine bare digits without a label stay.
    #[test]
    fn a_validators_message_quotes_the_pattern_between_field_and_value() {
        super::assert_redacts(crate::Format::Text, &[
            (
                r#"FormValidationError: field "ssn" failed pattern /^\d{3}-\d{2}-\d{4}$/ (value "219503621") on page 3"#,
                r#"FormValidationError: field "ssn" failed pattern /^\d{3}-\d{2}-\d{4}$/ (value "[SSN]") on page 3"#,
            ),
            (
                r#"field "SSN" does not match /^\d{9}|\d{3}-\d{2}-\d{4}$/, got "219503621""#,
                r#"field "SSN" does not match /^\d{9}|\d{3}-\d{2}-\d{4}$/, got "[SSN]""#,
            ),
            // As far from its label with no pattern between: not an SSN.
            (
                r#"field "ssn" was skipped because the form was incomplete (value "219503621")"#,
                r#"field "ssn" was skipped because the form was incomplete (value "219503621")"#,
            ),
            (r#"pattern /^\d{3}-\d{2}-\d{4}$/ (value "219503621")"#, r#"pattern /^\d{3}-\d{2}-\d{4}$/ (value "219503621")"#),
        ]);
    }

    /// Postgres's `Key (columns)=(values)` detail: each value is read under
    /// its column's name, as a JSON value under its key. Each line's
    /// redaction, exactly.
    #[test]
    fn postgres_key_details_label_each_value_by_its_column() {
        super::assert_redacts(crate::Format::Text, &[
            ("DETAIL:  Key (ssn)=(219099999) already exists.", "DETAIL:  Key (ssn)=([SSN]) already exists."),
            ("DETAIL:  Key (mrn, ssn)=(00482913, 219099999) already exists.", "DETAIL:  Key (mrn, ssn)=([MRN], [SSN]) already exists."),
            ("DETAIL:  Key (email, dob)=(x@example.com, 1961-03-14) already exists.", "DETAIL:  Key (email, dob)=([EMAIL], [DATE]) already exists."),
            ("DETAIL:  Key (dob, mrn)=(1961-03-14, 00482913) already exists.", "DETAIL:  Key (dob, mrn)=([DATE], [MRN]) already exists."),
            (
                "DETAIL:  Key (first_name, last_name, dob)=(Maria, Garcia, 1961-03-14) already exists.",
                // Each name under its own column, not the first read on over the last.
                "DETAIL:  Key (first_name, last_name, dob)=([NAME], [NAME], [DATE]) already exists.",
            ),
            ("DETAIL:  Key (first_name, last_name)=(Maria, Garcia) already exists.", "DETAIL:  Key (first_name, last_name)=([NAME], [NAME]) already exists."),
            ("DETAIL:  Key (tenant_id, mrn)=(7, 00482913) is not present in table \"patients\".", "DETAIL:  Key (tenant_id, mrn)=(7, [MRN]) is not present in table \"patients\"."),
            // Columns that name no identifier label nothing.
            ("DETAIL:  Key (id)=(42) already exists.", "DETAIL:  Key (id)=(42) already exists."),
        ]);
    }

    /// Postgres's `Failing row contains (…)` detail: a row of a person
    /// table, whose first and last name side by side and whose dates are
    /// a person's; its bare integers are not.
    #[test]
    fn postgres_failing_rows_hold_names_and_dates() {
        super::assert_redacts(crate::Format::Text, &[
            (
                "DETAIL:  Failing row contains (42, Maria, Garcia, 1961-03-14, 219-09-9999, maria.garcia@example.com).",
                "DETAIL:  Failing row contains (42, [NAME], [DATE], [SSN], [EMAIL]).",
            ),
            (
                "DETAIL:  Failing row contains (7, Garcia, Maria, 03/14/1961, 219-09-9999, maria.garcia@example.com).",
                "DETAIL:  Failing row contains (7, [NAME], [DATE], [SSN], [EMAIL]).",
            ),
            // A surname off the lists before the given name.
            ("DETAIL:  Failing row contains (42, Quibble, Maria, 1961-03-14, null).", "DETAIL:  Failing row contains (42, [NAME], [DATE], null)."),
            ("DETAIL:  Failing row contains (42, 1961-03-14, 7).", "DETAIL:  Failing row contains (42, [DATE], 7)."),
            ("DETAIL:  Failing row contains (42, Quibble, 7, null).", "DETAIL:  Failing row contains (42, Quibble, 7, null)."),
            // Outside such a tuple, a given name before or after a comma is no pair.
            ("Checked by Maria, Garcia and others on 1961-03-14.", "Checked by Maria, Garcia and others on 1961-03-14."),
            ("Checked by Quibble, Maria and others on 1961-03-14.", "Checked by Quibble, Maria and others on 1961-03-14."),
            ("DETAIL:  Failing row contains (42, null, t).", "DETAIL:  Failing row contains (42, null, t)."),
            // A word off the lists before a listed surname: first and last.
            ("DETAIL:  Failing row contains (42, Ke'Andre, Garcia, null).", "DETAIL:  Failing row contains (42, [NAME], null)."),
            // A date column written as a timestamp, at midnight; the row's
            // own time stamps (and midnight outside a row) stay.
            (
                "detail: Some(\"Failing row contains (ckx1, 1961-03-14 00:00:00, 2025-03-11 15:11:42.237).\")",
                "detail: Some(\"Failing row contains (ckx1, [DATE], 2025-03-11 15:11:42.237).\")",
            ),
            ("Maria Garcia 1961-03-14 00:00:00", "[NAME] 1961-03-14 00:00:00"),
            // The row's identifiers: its own key first, an MRN; a later
            // one, another record's key.
            ("DETAIL:  Failing row contains (K7730214, Garcia, Maria, null).", "DETAIL:  Failing row contains ([MRN], [NAME], null)."),
            ("DETAIL:  Failing row contains (00482913, null).", "DETAIL:  Failing row contains ([MRN], null)."),
            // Nine bare digits that pass the SSN rules: its SSN column
            // (an area of 900 or more fails them).
            ("DETAIL:  Failing row contains (42, Garcia, Maria, 219099999, null).", "DETAIL:  Failing row contains (42, [NAME], [SSN], null)."),
            ("DETAIL:  Failing row contains (42, 900099999, t).", "DETAIL:  Failing row contains (42, 900099999, t)."),
            ("order 219099999 shipped", "order 219099999 shipped"),
            ("DETAIL:  Failing row contains (5120, pt_88213047, 2025-01-02, null).", "DETAIL:  Failing row contains (5120, [OTHER_ID], [DATE], null)."),
            // A serial key, a short code, an invoice number of two
            // hyphens, a UUID: no identifier of a person.
            (
                "DETAIL:  Failing row contains (1234567, GRP4010, INV-2025-2165, 4073f6a3-a4cf-48dd-a571-80ae45bf803c, t).",
                "DETAIL:  Failing row contains (1234567, GRP4010, INV-2025-2165, 4073f6a3-a4cf-48dd-a571-80ae45bf803c, t).",
            ),
            ("Error (K7730214, x)", "Error (K7730214, x)"),
        ]);
    }

    /// [`marked_details`] reads the digit index's phone marks: the `(` of
    /// every failing row and every `VALUES (` is one, wherever the words
    /// stand (at the start, after a line, past a long text's first chunks).
    #[test]
    fn failing_rows_and_values_lists_are_among_the_phone_marks() {
        let long = format!("{}\nERROR: null value\nDETAIL:  Failing row contains (42, null).", "a (b) +c ".repeat(400));
        let long_values = format!("{}\nINSERT INTO t (a) values ($1)", "a (b) +c ".repeat(400));
        for t in ["Failing row contains (1, 2).", "x\nDETAIL:  Failing row contains (42", "Failing row contains(42)", "Failing row contains  (42)", "row contains (42)", "(42) Failing row contains ", "", &long, "INSERT INTO t (a) VALUES ($1)", "VALUES ('x')", "VALUES('x')", "values  (1)", "invalues (1)", &long_values] {
            let b = t.as_bytes();
            let plain = |p: &[u8], fold: bool| (0..b.len()).any(|i| b[i] == b'(' && b[..i].len() >= p.len() && if fold { b[i - p.len()..i].eq_ignore_ascii_case(p) } else { b[..i].ends_with(p) });
            assert_eq!(marked_details(b, &digit_index(b).phone_marks), (plain(FAILING_ROW, false), plain(b"values ", true)), "{t}");
        }
    }

    /// Software licences, device models and vendors' ids are no licence,
    /// device or account of a person; the identifiers next to them are.
    /// Each redaction, exactly.
    #[test]
    fn products_and_vendor_ids_are_not_identifiers() {
        super::assert_redacts(crate::Format::Text, &[
            ("license: Apache-2.0", "license: Apache-2.0"),
            ("license: BSD-3-Clause", "license: BSD-3-Clause"),
            ("License: GPL-3.0-or-later", "License: GPL-3.0-or-later"),
            ("license: CC0-1.0", "license: CC0-1.0"),
            ("device: iPhone15,2", "device: iPhone15,2"),
            ("device=MacBookPro18,3 ok", "device=MacBookPro18,3 ok"),
            ("id acct_1NvX3k2eZvKYlo2C", "id acct_1NvX3k2eZvKYlo2C"),
            ("license: D1234567", "license: [LICENSE_NUMBER]"),
            ("Driver's license: D1234567", "Driver's license: [LICENSE_NUMBER]"),
            ("license: DL-4831977", "license: [LICENSE_NUMBER]"),
            ("device: SN-4471-0093", "device: [DEVICE_ID]"),
            ("device: PX12,345678", "device: [DEVICE_ID],345678"),
            ("account: 12345678", "account: [ACCOUNT_NUMBER]"),
            ("mrn_123 seen", "mrn_[MRN] seen"),
            ("acct_00482913", "acct_[ACCOUNT_NUMBER]"),
        ]);
        super::assert_redacts(crate::Format::Json, &[
            (r#"{"license":"Apache-2.0","device":"iPhone15,2"}"#, r#"{"license":"Apache-2.0","device":"iPhone15,2"}"#),
            (r#"{"license":"D1234567","device":"SN-4471-0093"}"#, r#"{"license":"[LICENSE_NUMBER]","device":"[DEVICE_ID]"}"#),
        ]);
    }

    /// A package's licence word (`UNLICENSED`) is no licence number, a
    /// bank-link vendor's token (mixed case, 20 bytes or more) no account
    /// number, and "given" in prose (a drug given) labels no name; the
    /// values of the same keys and labels that are still are.
    #[test]
    fn licence_words_vendor_tokens_and_doses_are_not_identifiers() {
        super::assert_redacts(crate::Format::Json, &[
            (r#"{"version":"4.20.6","license":"UNLICENSED"}"#, r#"{"version":"4.20.6","license":"UNLICENSED"}"#),
            (r#"{"license":"Proprietary"}"#, r#"{"license":"Proprietary"}"#),
            (r#"{"license":"WDLABCD1234"}"#, r#"{"license":"[LICENSE_NUMBER]"}"#),
            (r#"{"account_id":"PZEJesRwtOGTKLiJYmZ9V9Ynhv4DpR0mbh29c","mask":"1248"}"#, r#"{"account_id":"PZEJesRwtOGTKLiJYmZ9V9Ynhv4DpR0mbh29c","mask":"1248"}"#),
            (r#"{"account_id":"5407278889"}"#, r#"{"account_id":"[ACCOUNT_NUMBER]"}"#),
            (r#"{"accountNumber":"ACCT01211957"}"#, r#"{"accountNumber":"[ACCOUNT_NUMBER]"}"#),
        ]);
        super::assert_redacts(crate::Format::Text, &[
            ("ED triage: 59F c/o fever, HR 100; given APAP 1000 mg.", "ED triage: 59F c/o fever, HR 100; given APAP 1000 mg."),
            ("given Tylenol 650 mg PO", "given Tylenol 650 mg PO"),
            ("Given: Zoltan Quibble", "Given: [NAME]"),
            // Nor "given" at a sentence's and line's end; a relative there
            // still labels the name on the next line.
            ("A1c ordered; diet counselling given.\n\n> _Draft generated by the AI scribe._", "A1c ordered; diet counselling given.\n\n> _Draft generated by the AI scribe._"),
            ("Seen with her daughter.\nTeresa will drive her home.", "Seen with her daughter.\n[NAME] will drive her home."),
        ]);
    }

    /// `f` with [`runs_looked_up`] at (`fewest`, `most`).
    fn with_runs<T>(fewest: usize, most: usize, f: impl FnOnce() -> T) -> T {
        let old = RUNS.replace((fewest, most));
        let out = f();
        RUNS.set(old);
        out
    }

    /// `f` with [`labelled_values`] looking values up from `fewest` findings on.
    fn with_same_span_fewest<T>(fewest: usize, f: impl FnOnce() -> T) -> T {
        let old = SAME_SPAN_FEWEST.replace(fewest);
        let out = f();
        SAME_SPAN_FEWEST.set(old);
        out
    }

    /// The raw findings of `text` before resolution (`scan_text`'s own).
    fn raw_hits(text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        scan_text(text, &ScanOptions::default(), &mut out);
        out
    }

    /// What a default guard's text scan of `t` finds, with the values.
    fn found(t: &str) -> Vec<(PhiType, String)> {
        crate::Guard::default().scan(t, crate::Format::Text).findings.iter().map(|f| (f.kind, t[f.start..f.end].to_string())).collect()
    }

    /// An X12 validator's message names a claim's patient control number
    /// by its element, `CLM01=`: an account number. "PCN" alone is not a
    /// label: on a pharmacy card it is the plan's processor control number.
    #[test]
    fn a_claims_clm01_labels_an_account_number() {
        let acct = |v: &str| vec![(PhiType::AccountNumber, v.to_string())];
        assert_eq!(found("ValidationError: 837P CLM01=PCN79707411 failed SNIP level 4"), acct("PCN79707411"));
        assert_eq!(found("RxBIN 610014 PCN MEDDPRIME"), []);
    }

    /// An insurer's label ("Insurance", "Payer") is followed by the
    /// insurer's name, then the member id: the id is a health plan id,
    /// in parentheses or not, in a markdown table's cell or after a `#`.
    /// Not a group number (its own label), a date, a phone number, a
    /// plan's name with a short number, nor an id past the line's end or
    /// eight words on.
    #[test]
    fn an_insurers_name_then_an_id_is_a_member_id() {
        let plan = |v: &str| vec![(PhiType::HealthPlanId, v.to_string())];
        assert_eq!(found("Insurance: Cigna (VGG768972519)"), plan("VGG768972519"));
        assert_eq!(found("| Insurance | Lakeshore Mutual Health Plan (78176542000) |"), plan("78176542000"));
        assert_eq!(found("**Insurance:** Aetna W123456789, verified"), plan("W123456789"));
        assert_eq!(found("Primary insurance carrier: Blue Cross & Blue Shield - XOF123456789"), plan("XOF123456789"));
        assert_eq!(found("payer: UnitedHealthcare #912345678-01"), plan("912345678-01"));
        assert_eq!(found("Primary insurance: Blue Cross Blue Shield of Texas, ID XOF123456789"), plan("XOF123456789"));
        for t in [
            "Insurance: Aetna PPO, group 449102",
            "Insurance: BCBS verified 03/14/2024 by front desk",
            "Insurance: Aetna 800-555-0100",
            "Insurance: Humana Gold Plus 2",
            "Insurance: self-pay\n00482913 visits",
            "Insurance: Blue Cross Blue Shield of the Greater Lakes Region 778120034",
            "insurance claim denied: 3 of 12 lines",
        ] {
            assert_eq!(found(t), [], "{t}");
        }
    }

    /// A PACS logs a study's patient by DICOM's keyword, `PatientID`
    /// (0010,0020), the chart number: an MRN. Written any other way
    /// ("patientId", "Patient ID") it is the other id it was.
    #[test]
    fn a_pacs_logs_patient_id_is_the_chart_number() {
        let log = "C-STORE from AE CT_SCANNER_1 rejected: PatientID 91-506228 already linked";
        assert_eq!(found(log), [(PhiType::Mrn, "91-506228".to_string())]);
        for t in ["patientId: 91-506228", "Patient ID: 91-506228", "PATIENTID 91-506228"] {
            assert_eq!(found(t), [(PhiType::OtherId, "91-506228".to_string())], "{t}");
        }
    }

    /// A Spanish chat's "mi cel es 4147069731": "cel" labels a phone, as
    /// "celular" does.
    #[test]
    fn a_spanish_cel_es_labels_a_phone() {
        let phone = |v: &str| vec![(PhiType::Phone, v.to_string())];
        assert_eq!(found("[14:06] Paciente: mi cel es 4147069731"), phone("4147069731"));
        assert_eq!(found("mi celular es 4147069731"), phone("4147069731"));
    }

    /// An interface engine's parse error names HL7's date of birth by its
    /// field, `PID-7` (or `PID.7`): a date after it is the patient's. A
    /// process written "pid 7" (in any other case or joining) is no field,
    /// and a timestamp after it no one's.
    #[test]
    fn hl7s_pid_7_labels_a_date_and_a_process_7_does_not() {
        let date = |v: &str| vec![(PhiType::Date, v.to_string())];
        assert_eq!(found("HL7 parse failed: PID-7 is not a valid TS: '06/18/2001'"), date("06/18/2001"));
        assert_eq!(found("PID.7 must be a TS, got 06/18/2001"), date("06/18/2001"));
        for log in ["worker pid 7 exited at 2026-01-01T10:00:00Z", "[pid 7] 01/02/2026 job done", "Pid-7 started 2026-01-01", "pid_7 2026-01-01", "PID 7 2026-01-01"] {
            assert_eq!(found(log), [], "{log}");
        }
    }

    /// A printed form's blank fields (a run of underscores after a label)
    /// have no value: the next label is not taken for one. A filled field
    /// and a value in markdown's underscores still are values.
    #[test]
    fn blank_form_fields_have_no_value() {
        assert_eq!(found("City: __________________  State: ____  Zip: _______"), []);
        assert_eq!(found("MRN: ________ DOB: ___/___/____ Patient Name: ______________"), []);
        assert_eq!(found("City: ____  State: ____  MRN: 00376844"), [(PhiType::Mrn, "00376844".to_string())]);
        assert_eq!(found("Name: _Anouk Ferro_"), [(PhiType::Name, "Anouk Ferro".to_string())]);
    }

    /// Words of document headings and letters are no names after a person
    /// label ("Dear Colleague", "Patient Demographics", a clinic's "Family
    /// Medicine", a form field's "Signature").
    #[test]
    fn heading_words_are_no_names() {
        for t in ["Dear Colleague,", "Patient Demographics", "NEW PATIENT INTAKE FORM", "Northside Family Medicine", "FieldType: Signature", "FieldName: Purpose", "FieldName: Consent"] {
            assert_eq!(found(t), [], "{t}");
        }
        assert_eq!(found("Dear Anouk Ferro,"), [(PhiType::Name, "Anouk Ferro".to_string())]);
    }

    /// A markdown label in bold: its closing `**` (after the colon or
    /// before it) sits between the label and its value as a colon does;
    /// the value of a label that a mask follows is still no value.
    #[test]
    fn markdown_bold_labels_label_their_values() {
        assert!(found("- **MRN:** Q5520187\n- **Visit date:** 03/04/2025").contains(&(PhiType::Mrn, "Q5520187".to_string())));
        assert!(found("**Patient:** Ana Ruiz · **MRN** 71-204418 · **DOB** 05/19/1961").contains(&(PhiType::Mrn, "71-204418".to_string())));
        assert!(found("__MRN:__ Q5520187").contains(&(PhiType::Mrn, "Q5520187".to_string())));
        assert_eq!(found("**Plan:** **** recheck in two weeks"), []);
        // Past many findings (the label pass looks them up by span).
        let text = format!("{}- **MRN:** Q5520187", "call 312-555-0142 or ".repeat(80));
        assert!(found(&text).contains(&(PhiType::Mrn, "Q5520187".to_string())));
    }

    /// A label inside a file's name in a stack frame, a chat's clock after
    /// a person label and a trace's parent id are no values of theirs; a
    /// person label's id and a label after a dot in prose still are.
    #[test]
    fn code_names_clocks_and_parent_ids_are_no_values() {
        assert_eq!(found("    at VitalsChart (webpack-internal:///./src/components/VitalsChart.tsx:51:26)"), []);
        assert_eq!(found("Patient (12:47): hi, running late"), []);
        assert_eq!(found("{\n  traceId: 'a4c1b0e2d9f3', parentId: 'fcc4def7edefec27',\n}"), []);
        assert_eq!(found("Patient (P-0048213): hi, running late"), [(PhiType::OtherId, "P-0048213".to_string())]);
        assert_eq!(found("Called back. Chart: 00482913"), [(PhiType::Mrn, "00482913".to_string())]);
        // A dotted key's last word "name" after a thing's word, and after a person's.
        assert_eq!(found("attributes: { http.status_code=200, k8s.pod.name=patient-api-de21572fb-vexdn }"), []);
        assert_eq!(found("service_name: Notify Worker"), []);
        assert_eq!(found("patient.name=Maria Garcia"), [(PhiType::Name, "Maria Garcia".to_string())]);
        assert!(is_clock(b"9:05") && is_clock(b"12:47") && !is_clock(b"12:67") && !is_clock(b"123:45") && !is_clock(b"12:4"));
    }

    /// A cookie header's first pair is read by its name: analytics and
    /// CSRF cookies are no secret, an MRN cookie's value is an MRN; a
    /// session cookie's value, and a pair whose name says nothing, are
    /// secrets.
    #[test]
    fn cookie_pairs_are_read_by_their_names() {
        assert_eq!(found("Cookie: _ga=GA1.1.644585326.1711013237; theme=dark"), []);
        assert_eq!(found("set-cookie: next-auth.csrf-token=e670c28f17da83de34d158db06351d43%7Cbe0b3caab2879fba; Path=/"), []);
        assert_eq!(found("Set-Cookie: recent_mrn=E628893923; Path=/"), [(PhiType::Mrn, "E628893923".to_string())]);
        assert_eq!(found("Cookie: sid=s3cr3tSessi0nVal"), [(PhiType::Secret, "sid=s3cr3tSessi0nVal".to_string())]);
        assert_eq!(found("Cookie: _gazelle=Zx81Kq0PpW2mN7"), [(PhiType::Secret, "gazelle=Zx81Kq0PpW2mN7".to_string())]);
        let session = found("Cookie: next-auth.session-token=Zx81Kq0PpW2mN7rT; _ga=GA1.1.1.2");
        assert_eq!(session, [(PhiType::Secret, "Zx81Kq0PpW2mN7rT".to_string())]);
    }

    /// A span's name that is a route, and an issue's short id after a
    /// person label, are no names; a name after a label still is.
    #[test]
    fn routes_and_codes_after_name_labels_are_no_names() {
        assert_eq!(found("  name: 'POST /api/portal/login',"), []);
        assert_eq!(found(r#"{"shortId":"PATIENT-API-W41"}"#), []);
        assert_eq!(found("  name: 'Maria Garcia',"), [(PhiType::Name, "Maria Garcia".to_string())]);
        assert_eq!(found("Patient: MARIA GARCIA / MRN 00482913"), [(PhiType::Name, "MARIA GARCIA".to_string()), (PhiType::Mrn, "00482913".to_string())]);
    }

    /// A multipart body's boundary line is not the value of a label that
    /// ends the part before it (`pass`, the body of a part named "SPF"); a
    /// password on the line after its label, or after `--` on its own
    /// line, still is.
    #[test]
    fn multipart_boundaries_are_no_label_values() {
        let part = |name: &str, body: &str| format!("--xYzZY85fcf17b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{body}\r\n");
        let body = [part("SPF", "pass"), part("spam_score", "0.1"), "--xYzZY85fcf17b--\r\n".into()].concat();
        assert_eq!(found(&body), []);
        let secret = |v: &str| vec![(PhiType::Secret, v.to_string())];
        assert_eq!(found("password:\r\nHunter2Secret!"), secret("Hunter2Secret!"));
        assert_eq!(found("pass: xYzZY85fcf17b"), secret("xYzZY85fcf17b"));
        assert_eq!(found("password\n--\nHunter2Secret!"), secret("Hunter2Secret!"));
    }

    /// A label in parentheses followed by "of" names a part of what
    /// follows (an X12 or HL7 validator's "Component: 1 (Street Address) of
    /// Field 11" gave the address "Field"); with a value after it, it is
    /// still that value's label.
    #[test]
    fn a_label_in_parentheses_before_of_takes_no_value() {
        assert_eq!(found("Invalid length: Component: 1 (Street Address) of Field 11 (Patient Address)"), []);
        assert_eq!(found("the (MRN) is 12345678"), [(PhiType::Mrn, "12345678".to_string())]);
        assert_eq!(found("patient (MRN) 12345678"), [(PhiType::Mrn, "12345678".to_string())]);
        assert_eq!(found("Address of 4417 Wexford Ln"), [(PhiType::Address, "4417 Wexford Ln".to_string())]);
        assert_eq!(found("MRN) of 12345678"), [(PhiType::Mrn, "12345678".to_string())]);
    }

    #[test]
    fn the_label_pass_leaves_out_values_a_detector_found() {
        // A value after a label that a detector found at the same span with
        // a higher score: "mail a@b.co" (e-mail detector 0.97, label 0.9).
        // Looked up in the detectors' runs, and in the findings sorted first.
        let text = "mail a@b.co; ssn 219-09-9999, ".repeat(2000);
        let without = with_same_span_fewest(usize::MAX, || raw_hits(&text));
        let labelled = |hs: &[Hit]| hs.iter().filter(|h| h.why.pair().is_ok_and(|(d, _)| d == "label")).count();
        assert!(labelled(&without) >= 4000, "{} label findings", labelled(&without));
        let resolved = |hs: Vec<Hit>| resolve(hs).iter().map(|h| (h.kind, h.start, h.end, h.why)).collect::<Vec<_>>();
        let want = resolved(without.clone());
        for fewest in [0, usize::MAX] {
            let with = with_same_span_fewest(0, || with_runs(fewest, RUNS_LOOKED_UP, || raw_hits(&text)));
            assert_eq!(labelled(&with), 0, "of {}, runs from {fewest}", labelled(&without));
            assert_eq!(resolved(with), want, "runs from {fewest}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// Leaving out the label pass's copies of detector findings changes
        /// no finding and no redacted text, in text and in JSON, whether
        /// they are looked up in their runs or sorted first.
        #[test]
        fn leaving_out_label_copies_changes_no_result(
            parts in proptest::collection::vec(prop::sample::select(vec![
                "mail a@b.co", "email maria.garcia@example.com", "ssn 219-09-9999", "SSN: 219-09-9999", "ip 10.0.0.1", "ip 203.0.113.9",
                "DOB: 03/14/1962", "dob 1962-03-14", "phone 312-555-0142", "fax: (312) 555-0199", "MRN: 00482913", "mrn 4821934",
                "Patient: Maria Garcia", "patient Maria Garcia", "card 4111 1111 1111 1111", "url https://portal.example.com/patients/48213",
                "address 8121 N 12th Circle, Brooklyn NY 11252", "zip 60614", "age 93", "member id W2938475610", "npi 1234567893",
                "VIN 1HGCM82633A004352", "1HGCM82633A004352", "DEA: AB1234563", "medicare 1EG4-TE5-MK73", "1EG4-TE5-MK73",
                "219-09-9999", "a@b.co", "Maria Garcia", "note", ";", ",", "\n", " ", "[SSN]", "***-**-9999",
            ]), 1..40),
            seps in proptest::collection::vec(prop::sample::select(vec![" ", "; ", ", ", "\n", ": ", "="]), 40),
        ) {
            let text: String = parts.iter().zip(&seps).map(|(p, s)| format!("{p}{s}")).collect();
            let json = format!("{{\"notes\":{:?},\"list\":{:?}}}", text, parts);
            let g = crate::Guard::default();
            for (t, f) in [(&text, crate::Format::Text), (&json, crate::Format::Json)] {
                let key = |s: crate::Scan| (s.findings.iter().map(|f| (f.kind, f.start, f.end, f.score, f.detector.to_string(), f.reason)).collect::<Vec<_>>(), s.redacted);
                let with = with_same_span_fewest(0, || with_runs(0, RUNS_LOOKED_UP, || key(g.scan(t, f))));
                let sorted_first = with_same_span_fewest(0, || with_runs(0, 1, || key(g.scan(t, f))));
                let without = with_same_span_fewest(usize::MAX, || key(g.scan(t, f)));
                prop_assert_eq!(&with, &without, "{:?}", t);
                prop_assert_eq!(&sorted_first, &without, "sorted first: {:?}", t);
            }
        }
    }

    /// The filler words of [`filler_end`].
    const FILLER: [&[u8]; 13] = [b"is", b"no", b"nbr", b"num", b"number", b"of", b"was", b"on", b"at", b"as", b"id", b"value", b"val"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Same as reading the whole word at `i` and comparing it with
        /// every filler word.
        #[test]
        fn filler_end_reads_whole_words(
            words in proptest::collection::vec(prop_oneof![
                prop::sample::select(FILLER.iter().map(|w| String::from_utf8(w.to_vec()).unwrap()).collect::<Vec<_>>()),
                "[a-zA-Z]{1,9}", "[ :1_#.é]{1,2}", Just("NUMBER".to_string()), Just("numbers".to_string()), Just("Values".to_string()),
            ], 1..6),
            i in 0usize..40, cut in 0usize..50,
        ) {
            let s = words.concat();
            let b = s.as_bytes();
            let i = i.min(b.len().saturating_sub(1));
            prop_assume!(i < b.len() && b[i].is_ascii_alphabetic());
            let limit = (i + 1 + cut).min(b.len());
            let end = b[i..limit].iter().position(|c| !c.is_ascii_alphabetic()).map_or(limit, |j| i + j);
            let w = &b[i..end];
            let want = (FILLER.iter().any(|f| w.eq_ignore_ascii_case(f)) && end < limit && !b[end].is_ascii_alphanumeric()).then_some(end);
            prop_assert_eq!(filler_end(b, i, limit), want, "{:?} at {} limit {}", s, i, limit);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// One search per token answers as a search of the tokens per label.
        #[test]
        fn any_in_tokens_is_a_search_per_label(
            label_gaps in proptest::collection::vec((0usize..6, 1usize..6), 0..12),
            token_gaps in proptest::collection::vec((0usize..8, 1usize..8), 0..6),
        ) {
            // Labels and tokens in order, neither overlapping its own kind.
            let (mut labels, mut at) = (Vec::new(), 0);
            for (gap, len) in label_gaps {
                labels.push(LabelHit { start: at + gap, end: at + gap + len, kind: LabelKind::Phi(PhiType::Name) });
                at += gap + len;
            }
            let (mut tokens, mut at) = (Vec::new(), 0);
            for (gap, len) in token_gaps {
                tokens.push((at + gap, at + gap + len));
                at += gap + len;
            }
            let want = labels.iter().any(|l| overlaps_any(&tokens, l.start, l.end));
            prop_assert_eq!(any_in_tokens(&labels, &tokens), want, "{:?} {:?}", labels, tokens);
        }
    }

    /// A partial mask keeps four letters or digits, across words: a second
    /// pass finds nothing in that tail (found by the idempotence property).
    #[test]
    fn partial_mask_tail_across_words_is_not_found_again() {
        let g = crate::Guard::from_json(r#"{"operators":{"*":"partialMask"}}"#).unwrap();
        for input in ["daughter Hiroshi Ab", "<p>daughter Hiroshi A\u{1000}</p>", "daughter Hiroshi Ab, MRN 00482913"] {
            let once = g.redact_text(input);
            assert_eq!(g.redact_text(&once), once, "{input:?}");
        }
        // Only the tail: a name after it is still found.
        assert!(after_mask(b"*****hi Ab", 8, 10));
        assert!(!after_mask(b"*****hi Ab Maria", 11, 16));
        assert!(!after_mask(b"see hi Ab", 7, 9));
        // Five letters or digits are more than a tail (counted no further).
        assert!(!after_mask(b"*****----Abcde", 9, 14));
        assert!(!after_mask(b"*****----Abcdefghij", 9, 19));
        assert!(after_mask(b"*****----Abcd", 9, 13));
    }

    /// [`has_star_run`] with no marks, checked to be the same with the
    /// text's marks (`find::marks_bytewise`, as `digit_index` marks a long text).
    fn star_run(b: &[u8]) -> bool {
        let plain = has_star_run(b, find::Marks::NONE);
        assert_eq!(has_star_run(b, find::Marks::of(&find::marks_bytewise(b))), plain, "{b:?}");
        plain
    }

    #[test]
    fn star_runs_are_three_stars_in_a_row_anywhere() {
        let has_star_run = star_run;
        assert!(!has_star_run(b""));
        assert!(!has_star_run(b"**"));
        assert!(!has_star_run(b"** ** **a*"));
        assert!(has_star_run(b"***"));
        assert!(has_star_run(b"ab ***-**-1234"));
        // At the edges of find_any's 16-byte steps, and at the very end.
        for at in 0..40 {
            let mut t = vec![b'x'; 40];
            t[at..(at + 3).min(40)].fill(b'*');
            assert_eq!(has_star_run(&t), at + 3 <= 40, "run at {at}");
            // Two stars, a multi-byte character, then one: no run.
            let mut t = "é".repeat(20).into_bytes();
            t.splice(at..at, *b"**\xC3\xA9*");
            assert!(!has_star_run(&t), "broken run at {at}");
        }
    }

    /// A text of [`MASK_SEARCH_LEN`] or more (searched for stars once, its
    /// findings then checked for a mask only if it has some) keeps and
    /// drops the same findings as a short one: padding that holds none
    /// changes nothing but their offsets. With and without stars and `[`.
    #[test]
    fn long_texts_drop_the_findings_short_ones_do() {
        let g = crate::Guard::from_json(r#"{"operators":{"*":"partialMask"}}"#).unwrap();
        let pad = "lorem ipsum dolor sit amet\n".repeat(MASK_SEARCH_LEN / 27 + 1);
        let spans = |text: &str, shift: usize| {
            let found = g.scan(text, crate::Format::Text).findings;
            found.iter().map(|f| (f.kind, f.start - shift, f.end - shift, f.score.to_bits(), f.detector.to_string())).collect::<Vec<_>>()
        };
        for input in ["daughter Hiroshi Ab", "daughter Hiroshi Ab, MRN 00482913 [SSN] 219-09-9999", "call 555-123-4567 or mail maria.garcia@example.com"] {
            let once = g.redact_text(input);
            assert!(once.contains("***"), "{once:?}");
            for text in [input, &once] {
                let short = spans(text, 0);
                assert!(!short.is_empty() || text == once, "{text:?}");
                assert_eq!(spans(&format!("{pad}{text}"), pad.len()), short, "{text:?}");
            }
        }
    }

    proptest! {
        /// Without three stars in a row in the text, no finding follows a
        /// mask, wherever it starts and ends: what lets `scan_text` skip
        /// `after_mask` on such a text.
        #[test]
        fn no_star_run_no_mask(t in "([*]{1,2}|é|-|[ .,/@()]|[a-zA-Z0-9]{1,6}){0,40}", cut in 0usize..400, len in 0usize..40) {
            let b = t.as_bytes();
            prop_assume!(!star_run(b));
            let start = cut.min(b.len());
            prop_assert!(!after_mask(b, start, (start + len).min(b.len())));
        }
    }

    proptest! {
        /// The same answers as lowercasing a copy and matching it.
        #[test]
        fn placeholders_are_the_lowercased_match(t in "(N/A|n/a|Unknown|NULL|none|x|X|\\*|#|-|<Redacted>|tbd|é|İ|K|a|1| ){0,4}") {
            let l = t.to_ascii_lowercase();
            let want = is_masked(&t) || matches!(
                l.as_str(),
                "null" | "none" | "n/a" | "na" | "unknown" | "true" | "false" | "undefined" | "redacted" | "<redacted>" | "***" | "xxx"
                    | "string" | "text" | "-" | "example" | "test" | "todo" | "tbd" | "pending" | "anonymous" | "hidden" | "masked"
            ) || t.bytes().all(|b| b == b'*' || b == b'x' || b == b'X' || b == b'#' || b == b'-');
            prop_assert_eq!(is_placeholder(&t), want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        /// The index holds exactly the digits after a non-alphanumeric byte, and the digit count.
        #[test]
        fn digit_index_is_the_token_start_rule(s in "([0-9]{1,4}|[a-z_]{1,3}|[A-Z0-9]{15,18}|\\[SSN\\]|\\[NAME:7f3a9c\\]|[ .\\-+()\\]])*") {
            let b = s.as_bytes();
            let Index { shaped, phone_marks: marks, vin_runs, digits: n, .. } = digit_index(b);
            let want_vins: Vec<(u32, u32)> = shapes::exact_runs(b, 17, shapes::vin_char).into_iter().map(|(s, e)| (s as u32, e as u32)).collect();
            prop_assert_eq!(vin_runs, want_vins);
            let want_marks: Vec<u32> = (0..b.len()).filter(|&i| matches!(b[i], b'+' | b'(') && token_start(b, i)).map(|i| i as u32).collect();
            prop_assert_eq!(marks, want_marks);
            let starts: Vec<u32> = (0..b.len()).filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric())).map(|i| i as u32).collect();
            for (shape, of_shape) in shaped.iter().enumerate() {
                prop_assert!(of_shape.iter().all(|p| starts.contains(p)), "shape {} off a digit start", shape);
            }
            prop_assert_eq!(n, b.iter().filter(|c| c.is_ascii_digit()).count());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Phone matches from the indexes keep every token-start match the
        /// whole-text matcher finds, and add only ones a match inside a
        /// token hid.
        #[test]
        fn phone_token_matches_keep_every_kept_match(s in "([0-9]{1,4}|\\+1?|\\(|\\)|[ .\\-]|x|ext|[a-z_]{1,2}){0,24}") {
            let b = s.as_bytes();
            let Index { shaped, phone_marks: marks, .. } = digit_index(b);
            let all = contact_match::phone_matches(b);
            let old: Vec<_> = all.iter().copied().filter(|&(p, _)| token_start(b, p)).collect();
            let new: Vec<_> = contact::phone_token_matches(b, shaped[shapes::start::PHONE].iter().map(|&p| p as usize), &marks).into_iter().filter(|&(p, _)| token_start(b, p)).collect();
            for m in &old {
                prop_assert!(new.contains(m), "{:?} lost on {:?}", m, s);
            }
            for m in new.iter().filter(|m| !old.contains(m)) {
                prop_assert!(all.iter().any(|o| o.0 < m.0 && o.1 > m.0), "{:?} new on {:?} without a hiding match", m, s);
            }
        }
    }

    /// `resolve` as it was before the URL check used binary searches.
    fn resolve_reference(mut hits: Vec<Hit>) -> Vec<Hit> {
        hits.sort_by(|a, b| a.start().cmp(&b.start()).then(b.end().cmp(&a.end())));
        let (urls, rest): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(|h| h.kind == PhiType::Url);
        let mut kept: Vec<Hit> = Vec::new();
        for h in rest {
            if h.end() <= h.start() {
                continue;
            }
            match kept.last_mut() {
                Some(last) if h.start() < last.end() => {
                    let better = h.score > last.score || (h.score == last.score && h.end() - h.start() > last.end() - last.start());
                    if better {
                        while kept.last().is_some_and(|k| h.start() < k.end()) {
                            if kept.last().unwrap().score > h.score {
                                break;
                            }
                            kept.pop();
                        }
                        if kept.last().is_none_or(|k| h.start() >= k.end()) {
                            kept.push(h);
                        }
                    }
                }
                _ => kept.push(h),
            }
        }
        for u in urls {
            let cuts = kept.iter().any(|k| k.start() < u.end() && u.start() < k.end() && !(u.start() <= k.start() && k.end() <= u.end()));
            if !cuts {
                kept.push(u);
            }
        }
        kept.sort_by(|a, b| a.start().cmp(&b.start()).then(b.end().cmp(&a.end())));
        kept.dedup_by(|b, a| a.start() == b.start() && a.end() == b.end() && a.kind == b.kind);
        kept
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Same kept findings as the reference, URLs nested, cut and repeated included.
        #[test]
        fn resolve_is_the_reference(spans in proptest::collection::vec((0usize..40, 0usize..12, proptest::bool::ANY, 0u8..4), 0..24)) {
            let hits: Vec<Hit> = spans.iter().map(|&(s, n, url, score)| {
                Hit::new(if url { PhiType::Url } else { PhiType::Ssn }, s, s + n, f32::from(score) / 4.0, why!("ssn", "dashed SSN shape with valid area/group/serial"))
            }).collect();
            let key = |v: Vec<Hit>| v.into_iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(key(resolve(hits.clone())), key(resolve_reference(hits)));
        }

        /// What `labelled_values` leaves out changes nothing `resolve`
        /// keeps: a finding of the same span and type, scored no higher,
        /// anywhere after the one it copies (other findings, URLs and ties
        /// between them). Each copy's position, type and score come from
        /// `copies`; a copy of a `Url` is one too.
        #[test]
        fn copies_after_their_finding_resolve_the_same(
            spans in proptest::collection::vec((0usize..30, 0usize..6, 0u8..3, 0u8..4), 1..20),
            copies in proptest::collection::vec((0usize..20, 0usize..40, 0u8..4), 0..12),
        ) {
            const KINDS: [PhiType; 3] = [PhiType::Ssn, PhiType::Name, PhiType::Url];
            let why = [why!("ssn", "dashed SSN shape with valid area/group/serial"), why!("label", "value after a label that names this identifier")];
            let hits: Vec<Hit> = spans.iter().map(|&(s, n, k, score)| Hit::new(KINDS[usize::from(k)], s, s + n, f32::from(score) / 4.0, why[0])).collect();
            // Finding `j` at place 1000 j; a copy of finding `i` anywhere after it.
            let mut placed: Vec<(usize, Hit)> = hits.iter().enumerate().map(|(j, h)| (1000 * j, h.clone())).collect();
            for &(of, at, lower) in &copies {
                let i = of % hits.len();
                let h = &hits[i];
                let copy = Hit::new(h.kind, h.start, h.end, (h.score - f32::from(lower) / 4.0).max(0.0), why[1]);
                placed.push((1000 * i + 1 + at * 1000 * (hits.len() - i) / 40, copy));
            }
            placed.sort_by_key(|p| p.0);
            let with: Vec<Hit> = placed.into_iter().map(|p| p.1).collect();
            let key = |v: Vec<Hit>| v.into_iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits(), h.why)).collect::<Vec<_>>();
            prop_assert_eq!(key(resolve(with)), key(resolve(hits)));
        }

        /// [`FoundAlready::covers`] against a search of every finding, with
        /// findings in runs sorted a few at a time (as the detectors leave
        /// them) or in any order, and values in any order (so each cursor's
        /// search back is taken too); and [`FoundAlready::of`] keeps the
        /// runs up to its limit, and none past it.
        #[test]
        fn found_already_is_a_search_of_every_finding(
            spans in proptest::collection::vec((0usize..20, 0usize..4, 0u8..2, 0u8..3), 0..30),
            cuts in proptest::collection::vec(0usize..30, 0..4),
            asks in proptest::collection::vec((0usize..22, 0usize..5, 0u8..2, 0u8..3), 1..30),
        ) {
            const KINDS: [PhiType; 2] = [PhiType::Ssn, PhiType::Email];
            let why = why!("ssn", "dashed SSN shape with valid area/group/serial");
            let unsorted: Vec<Hit> = spans.iter().map(|&(s, n, k, score)| Hit::new(KINDS[usize::from(k)], s, s + n, f32::from(score) / 2.0, why)).collect();
            let mut runs = unsorted.clone();
            let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(runs.len())).chain([0, runs.len()]).collect();
            bounds.sort_unstable();
            for w in bounds.windows(2) {
                runs[w[0]..w[1]].sort_by(by_start_then_longest);
            }
            for (hits, in_runs) in [(&unsorted, false), (&runs, true)] {
                // Runs are split where a finding sorts before the one ahead
                // of it: kept up to `most` of them, else none.
                let descents = hits.windows(2).filter(|w| by_start_then_longest(&w[0], &w[1]).is_gt()).count();
                for most in [1, 2, 3] {
                    prop_assert_eq!(with_runs(0, most, || FoundAlready::of(hits)).map(|a| a.runs.len()), (descents < most).then_some(descents + 1));
                }
                let Some(mut already) = with_runs(0, RUNS_LOOKED_UP, || FoundAlready::of(hits)) else {
                    prop_assert!(hits.len() > RUNS_LOOKED_UP);
                    continue;
                };
                prop_assert!(!in_runs || already.runs.len() <= cuts.len() + 1);
                for &(s, n, k, score) in &asks {
                    let (kind, score) = (KINDS[usize::from(k)], f32::from(score) / 2.0);
                    let want = hits.iter().any(|h| h.start == s && h.end == s + n && h.kind == kind && h.score >= score);
                    prop_assert_eq!(already.covers(hits, kind, s, s + n, score), want, "{:?} in {:?}", (s, n, kind, score), hits.iter().map(|h| (h.start, h.end, h.kind, h.score)).collect::<Vec<_>>());
                }
            }
        }

        /// `scan_text` sorts each later segment's findings before `resolve`
        /// sorts them all: both sorts are stable, so findings with the same
        /// span keep their order (which one wins a tie), and the resolved
        /// findings are the same as from the unsorted segments.
        #[test]
        fn segments_sorted_first_resolve_the_same(spans in proptest::collection::vec((0usize..30, 0usize..6, 0u8..3, 0u8..3), 0..24), cuts in proptest::collection::vec(0usize..24, 0..4)) {
            const KINDS: [PhiType; 3] = [PhiType::Ssn, PhiType::Name, PhiType::Url];
            let hits: Vec<Hit> = spans.iter().map(|&(s, n, kind, score)| {
                Hit::new(KINDS[usize::from(kind)], s, s + n, f32::from(score) / 4.0, why!("ssn", "dashed SSN shape with valid area/group/serial"))
            }).collect();
            let mut segmented = hits.clone();
            let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(hits.len())).chain([0, hits.len()]).collect();
            bounds.sort_unstable();
            for w in bounds.windows(2) {
                segmented[w[0]..w[1]].sort_by(by_start_then_longest);
            }
            let key = |v: Vec<Hit>| v.into_iter().map(|h| (h.start(), h.end(), h.kind, h.score.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(key(resolve(segmented)), key(resolve(hits)));
        }
    }

    /// Groups of UUIDs as documents give them, and ones made of what the
    /// detectors look for: digits only (runs that are dates, years, area
    /// codes, an SSN's nine), hex words ("dead", "face", "dea").
    fn uuid_group(n: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9a-f]{1,4}",
            "[0-9]{1,4}",
            "(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])",
            prop::sample::select(vec!["dea", "ada", "abe", "bea", "dee", "ed", "ace", "bad", "bed", "fed", "cafe", "face", "fade", "dead", "beef", "deaf", "decade", "facade", "1e3", "555", "911", "000", "123456789", "0000"]).prop_map(String::from),
        ];
        proptest::collection::vec(piece, 1..6).prop_map(move |p| format!("{:0<n$}", p.concat()).chars().take(n).collect())
    }

    /// What the full scan finds in `text` with every detector on (the NPI
    /// flag too): the shapes `scan_segment` skips must give nothing.
    fn full_scan(text: &str) -> Vec<(PhiType, usize, usize)> {
        let opts = ScanOptions { flag_provider_npi: true, ..ScanOptions::default() };
        let mut out = Vec::new();
        scan_text(text, &opts, &mut out);
        out.iter().map(|h| (h.kind, h.start(), h.end())).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The full scan finds nothing in a UUID, bare or in a `urn:uuid:`
        /// reference, with every detector on: what `scan_segment` skips.
        #[test]
        fn uuid_ids_hold_no_finding(groups in (uuid_group(8), uuid_group(4), uuid_group(4), uuid_group(4), uuid_group(12)), urn in proptest::bool::ANY) {
            let (a, b, c, d, e) = groups;
            let id = format!("{}{a}-{b}-{c}-{d}-{e}", if urn { "urn:uuid:" } else { "" });
            prop_assert!(is_uuid_id(id.as_bytes()), "{:?}", id);
            let found = full_scan(&id);
            prop_assert!(found.is_empty(), "{:?}: {:?}", id, found);
        }
    }

    /// A UUID in other text, or one not in the lowercase form, is scanned.
    #[test]
    fn uuid_ids_are_whole_values_only() {
        for id in ["0d64224d-3434-48a1-aee9-f8ef6a5f4bd9", "urn:uuid:0d64224d-3434-48a1-aee9-f8ef6a5f4bd9"] {
            assert!(is_uuid_id(id.as_bytes()));
        }
        for id in ["0D64224D-3434-48A1-AEE9-F8EF6A5F4BD9", "urn:uuid:0d64224d-3434-48a1-aee9-f8ef6a5f4bd", "id 0d64224d-3434-48a1-aee9-f8ef6a5f4bd9", "urn:uuix:0d64224d-3434-48a1-aee9-f8ef6a5f4bd9"] {
            assert!(!is_uuid_id(id.as_bytes()), "{id}");
        }
    }

    /// Words of letters as documents give them (codes, statuses, camelCase
    /// keys) and ones made of what the detectors look for: given names and
    /// surnames, label words, month and number words, secret prefixes
    /// ("AKIA", "ghp", "xoxb", "eyJ"), Bearer schemes, in every case.
    fn letter_word() -> impl Strategy<Value = String> {
        let listed = prop::sample::select(vec![
            "maria", "garcia", "james", "smith", "nguyen", "patient", "name", "first", "last", "dob", "birth", "ssn", "mrn", "member", "phone", "fax",
            "email", "age", "aged", "years", "old", "yo", "march", "may", "june", "jan", "today", "admitted", "born", "dr", "mr", "mrs", "ms", "st",
            "street", "ave", "apt", "city", "zip", "state", "ca", "ny", "akia", "asia", "agpa", "aida", "aroa", "aiza", "sk", "rk", "ghp", "gho",
            "github", "glpat", "xoxb", "xoxp", "npm", "eyj", "sg", "bearer", "basic", "token", "password", "secret", "key", "redacted", "na", "x",
            "iban", "gb", "de", "vin", "npi", "dea", "mbi", "id", "identifier", "account", "url", "http", "www", "com", "ninety", "hundred",
        ]);
        let piece = prop_oneof![
            3 => (listed, 0u8..3).prop_map(|(w, case)| match case {
                0 => w.to_string(),
                1 => w[..1].to_ascii_uppercase() + &w[1..],
                _ => w.to_ascii_uppercase(),
            }),
            1 => "[a-z]{1,12}",
            1 => "[A-Z]{1,12}",
            1 => "[a-zA-Z]{1,12}",
        ];
        proptest::collection::vec(piece, 1..4).prop_map(|p| p.concat().chars().take(LETTER_WORD_LEN).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        /// The full scan finds nothing in a word of letters, with every
        /// detector on: what `scan_segment` skips.
        #[test]
        fn letter_words_hold_no_finding(word in letter_word()) {
            prop_assert!(is_letter_word(word.as_bytes()), "{:?}", word);
            let found = full_scan(&word);
            prop_assert!(found.is_empty(), "{:?}: {:?}", word, found);
        }
    }

    /// Digits as dates, times, years, area codes, SSNs' and phone numbers'
    /// groups, card prefixes and repeated digits make them.
    fn digit_run(min: usize, max: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,4}",
            "(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])",
            prop::sample::select(vec!["555", "0142", "219", "09", "9999", "078", "4111", "911", "000", "1962", "0314", "94", "90", "12", "31", "60614", "10", "192", "168", "255"]).prop_map(String::from),
        ];
        proptest::collection::vec(piece, 1..4).prop_map(move |p| {
            let s = p.concat();
            let n = s.len().clamp(min, max);
            format!("{s:0<n$}")[..n].to_string()
        })
    }

    /// ISO dates and timestamps, numbers and versions of what
    /// [`digit_run`] makes, months and days out of range included.
    fn stamp_or_number() -> impl Strategy<Value = String> {
        let time = (digit_run(2, 2), digit_run(2, 2), proptest::option::of((digit_run(2, 2), proptest::option::of(digit_run(1, 9)))), 0u8..4, digit_run(2, 2), digit_run(2, 2));
        let stamp = (digit_run(4, 4), digit_run(2, 2), digit_run(2, 2), proptest::option::of(time)).prop_map(|(y, m, d, t)| {
            let mut s = format!("{y}-{m}-{d}");
            if let Some((h, mi, sec, zone, zh, zm)) = t {
                s += &format!("T{h}:{mi}");
                if let Some((sec, frac)) = sec {
                    s += &format!(":{sec}");
                    if let Some(f) = frac {
                        s += &format!(".{f}");
                    }
                }
                s += &match zone {
                    0 => String::new(),
                    1 => "Z".into(),
                    2 => format!("+{zh}:{zm}"),
                    _ => format!("-{zh}:{zm}"),
                };
            }
            s
        });
        prop_oneof![
            2 => stamp,
            1 => digit_run(1, 8),
            1 => proptest::collection::vec(digit_run(1, 3), 2..4).prop_map(|g| g.join(".")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        /// The full scan finds nothing in a date, a timestamp, a short
        /// number or a version alone, with every detector on: what
        /// `scan_segment` skips.
        #[test]
        fn stamps_and_numbers_hold_no_finding(v in stamp_or_number()) {
            prop_assert!(is_stamp_or_number(v.as_bytes()), "{:?}", v);
            let found = full_scan(&v);
            prop_assert!(found.is_empty(), "{:?}: {:?}", v, found);
        }
    }

    /// Only those exact shapes are skipped: longer numbers, more or longer
    /// groups, a date in other text, a partial time, a stray byte.
    #[test]
    fn stamps_and_numbers_are_exact_shapes() {
        for v in ["0", "99213", "12345678", "98.6", "14.2.5", "999.999.999", "2024-09-19", "2024-09-19T16:15", "2024-09-19T16:15:00", "2024-09-19T16:15:00Z", "2024-09-19T16:15:00.123456789Z", "2024-09-19T16:15:00.000+05:30", "2024-09-19T16:15-08:00"] {
            assert!(is_stamp_or_number(v.as_bytes()), "{v}");
        }
        for v in [
            "", ".", "1.", ".5", "1..2", "123456789", "1234.5", "1.2.3.4", "10.0.0.1", "219-09-9999", "312-555-0142", "2024-09-19 ", " 2024-09-19", "2024-09-19T", "2024-09-19T16",
            "2024-09-19T16:1", "2024-09-19T16:15:0", "2024-09-19T16:15:00.", "2024-09-19T16:15:00.1234567890Z", "2024-09-19T16:15:00Zx", "2024-09-19T16:15+05", "2024-9-19", "2024/09/19", "2024-09-19T16:15:00.000Zé", "9é", "١٢٣",
        ] {
            assert!(!is_stamp_or_number(v.as_bytes()), "{v}");
        }
    }

    /// Bytes around the edges of the letter ranges (`@` `[` `` ` `` `{`,
    /// the bytes with bit 5 set or cleared), digits, bytes of 0x80 and
    /// up and the letters themselves, at every length to past the limit.
    fn letter_edge_bytes() -> impl Strategy<Value = Vec<u8>> {
        let edge = prop::sample::select(b"@AZ[`az{ \x00\x01_-09\x80\xC3\xA9\xDA\xFA\xFF\xC1\xE1\x7F".to_vec());
        let letter = prop::sample::select(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec());
        proptest::collection::vec(prop_oneof![6 => letter, 1 => edge, 1 => any::<u8>()], 0..24)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20000, ..ProptestConfig::default() })]
        /// The word-at-a-time test is the bytewise one.
        #[test]
        fn letter_words_are_the_bytewise_check(b in letter_edge_bytes()) {
            let want = !b.is_empty() && b.len() <= LETTER_WORD_LEN && b.iter().all(u8::is_ascii_alphabetic);
            prop_assert_eq!(is_letter_word(&b), want, "{:?}", b);
        }

        /// Trying the shapes by the first byte tries every shape that may
        /// hold: the answer is the union of them all.
        #[test]
        fn holds_no_finding_is_any_shape(b in prop_oneof![letter_edge_bytes(), "[0-9A-Za-z.:TZ+-]{0,40}".prop_map(String::into_bytes)]) {
            let any = is_uuid_id(&b) || is_letter_word(&b) || is_stamp_or_number(&b) || is_room_number(&b) || is_loinc_code(&b) || is_icd_code(&b);
            prop_assert_eq!(holds_no_finding(&b), any, "{:?}", b);
        }
    }

    /// Every room or bed number: the full scan finds nothing in any.
    #[test]
    fn room_numbers_hold_no_finding() {
        for digits in 1..=3 {
            for n in 0..10usize.pow(digits) {
                for c in b'A'..=b'Z' {
                    let v = format!("{n:0w$}{}", char::from(c), w = digits as usize);
                    assert!(is_room_number(v.as_bytes()), "{v}");
                    assert!(full_scan(&v).is_empty(), "{v}: {:?}", full_scan(&v));
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        /// The full scan finds nothing in a LOINC code, with every detector on.
        #[test]
        fn loinc_codes_hold_no_finding(number in digit_run(1, 5), check in 0u8..10) {
            let v = format!("{number}-{check}");
            prop_assert!(is_loinc_code(v.as_bytes()), "{:?}", v);
            let found = full_scan(&v);
            prop_assert!(found.is_empty(), "{:?}: {:?}", v, found);
        }

        /// The full scan finds nothing in an ICD-10 code, with every
        /// detector on: its letter any capital (label initials, "I", "V"),
        /// its digits what `digit_run` makes.
        #[test]
        fn icd_codes_hold_no_finding(letter in b'A'..=b'Z', head in digit_run(2, 2), tail in proptest::option::of(digit_run(1, 4))) {
            let v = format!("{}{head}{}", char::from(letter), tail.map_or(String::new(), |t| format!(".{t}")));
            prop_assert!(is_icd_code(v.as_bytes()), "{:?}", v);
            let found = full_scan(&v);
            prop_assert!(found.is_empty(), "{:?}: {:?}", v, found);
        }
    }

    /// Only those exact shapes are skipped: more digits, a lowercase or
    /// second letter, a longer check or tail, a stray or multi-byte byte
    /// at either end.
    #[test]
    fn rooms_loinc_and_icd_codes_are_exact_shapes() {
        for v in ["1A", "22B", "310C"] {
            assert!(is_room_number(v.as_bytes()) && holds_no_finding(v.as_bytes()), "{v}");
        }
        for v in ["", "A", "B2", "1234B", "22b", "94y", "22BB", "2-B", "22É", "é2B", "22B "] {
            assert!(!is_room_number(v.as_bytes()), "{v}");
        }
        for v in ["1-2", "4548-4", "12345-6"] {
            assert!(is_loinc_code(v.as_bytes()) && holds_no_finding(v.as_bytes()), "{v}");
        }
        for v in ["", "-4", "4548-", "4548-45", "123456-7", "45a8-4", "4548–4", "4548-4é", "4548_4", "219-09-9999", "60614-1234"] {
            assert!(!is_loinc_code(v.as_bytes()), "{v}");
        }
        for v in ["I10", "E11.9", "J45.909", "Z00.00", "Z79.4"] {
            assert!(is_icd_code(v.as_bytes()) && holds_no_finding(v.as_bytes()), "{v}");
        }
        for v in ["", "I1", "i10", "I10.", "I10.12345", "IA0", "I1A", "I10.9a", "I10.9A", "S72.001A", "A00.90YO", "I10.9é", "I10-9", "I109", "II10", "I10.9 "] {
            assert!(!is_icd_code(v.as_bytes()), "{v}");
        }
        // Neither shape reaches another: a LOINC code with a letter, an ICD code without one.
        assert!(!holds_no_finding(b"4548-4A") && !holds_no_finding(b"11.9A"));
    }

    /// Only whole words of at most `LETTER_WORD_LEN` ASCII letters are
    /// skipped: a letter-only AWS key id one byte longer is found.
    #[test]
    fn letter_words_are_short_ascii_letters_only() {
        for w in ["a", "Z", "active", "patientName", "ABCDEFGHIJKLMNOPQRS"] {
            assert!(is_letter_word(w.as_bytes()), "{w}");
        }
        for w in ["", "ABCDEFGHIJKLMNOPQRST", "maria garcia", "clinic_3", "I10", "é", "Josés", "名前", "a.b", "x@y", "sk-live", r"AKIA\u0041"] {
            assert!(!is_letter_word(w.as_bytes()), "{w}");
        }
        // One multi-byte character right past the limit, and one inside it.
        assert!(!is_letter_word(format!("{}é", "a".repeat(LETTER_WORD_LEN - 2)).as_bytes()));
        assert!(!is_letter_word(format!("{}é", "a".repeat(LETTER_WORD_LEN - 1)).as_bytes()));
        let key = "AKIAABCDEFGHIJKLMNOP";
        let mut out = Vec::new();
        scan_segment(key, None, &ScanOptions::default(), &mut out);
        assert_eq!(out.iter().map(|h| (h.kind, h.start(), h.end())).collect::<Vec<_>>(), [(PhiType::Secret, 0, 20)]);
    }

    /// A value under a key that names its type is taken whole unless it is
    /// masked or holds a redaction token, wherever the `*` or `[` sits.
    #[test]
    fn whole_values_skip_masks_and_tokens_only() {
        let whole = |v: &str| {
            let mut out = Vec::new();
            whole_value(v, LabelKind::Phi(PhiType::Ssn), &ScanOptions::default(), &mut out)
        };
        assert!(whole("219-09-9999") && whole(" 219-09-9999 "));
        for v in ["***-**-9999", "[SSN]", "219-09-9999 [SSN]", "", "   "] {
            assert!(!whole(v), "{v}");
        }
        // A lone `*` or `[` is neither a mask nor a token: the grammar decides.
        let name = |v: &str| {
            let mut out = Vec::new();
            whole_value(v, LabelKind::Phi(PhiType::Name), &ScanOptions::default(), &mut out)
        };
        assert!(name("Maria Garcia") && !name("Maria [NAME]") && !name("*****"));
        let long = format!("{}[NAME]", "a".repeat(20));
        assert!(!name(&long), "a token past the first sixteen bytes");
    }

    /// A bare ten-digit number has no phone start or mark in the index: the
    /// phone detector's early exit still tries it after a phone label.
    #[test]
    fn bare_number_after_a_phone_label_is_found() {
        // The label pass alone would find it too.
        let opts = ScanOptions { disabled: det!("label"), ..ScanOptions::default() };
        let mut out = Vec::new();
        scan_segment("reach her by phone 7205550107", None, &opts, &mut out);
        assert_eq!(out.iter().map(|h| (h.kind, h.start(), h.end())).collect::<Vec<_>>(), [(PhiType::Phone, 19, 29)]);
    }

    #[test]
    fn shape_starts_skip_digits_inside_words() {
        let b = b"a1 22.7.1.4 x_3.7.1.4 [SSN]44.7.1.4 (55";
        let ix = digit_index(b);
        assert_eq!((&ix.shaped[shapes::start::IPV4], ix.phone_marks, ix.digits), (&vec![3, 6, 14, 16, 27, 30], vec![36], 17));
        let v = b"vin 1HGCM82633A004352, not 1HGCM82633A0043521 or x1HGCM82633A004352; 1HGCM82633A004352";
        assert_eq!(digit_index(v).vin_runs, vec![(4, 21), (69, 86)]);
    }

    /// Pieces of logs, pages and prose where dates, ages and street lines
    /// start, end, overlap and cross a step's sixteen bytes.
    fn date_and_address_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "2026-03-14T09:12:55.123Z ", "2026-03-14 ", "09:12:55", "03/04/2021", "3.4.21", "March 3, 2020", "14th of March", "Mar 2019",
            "12 Oak St", "1234 N Main Street Apt 4B", "12-34 Broadway", "P.O. Box 12", ", Springfield, IL 62704", ", NY 10001", "Salem, OR 97301",
            "age 42", "42 yo", "42-year-old", "7 y/o", "42 歳", "42</", "4Z ", "5Z Main St", " ", ", ", "-", ".", "/", "x", "Suite 9 ", "\n", "1", "12345",
        ]);
        proptest::collection::vec(prop_oneof![3 => piece.prop_map(String::from), 1 => "[0-9A-Za-z ,./-]{1,6}"], 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The shared pass gives the dates, the ages and the street lines'
        /// places that their own passes give, with either date detector off.
        #[test]
        fn shared_date_and_address_pass_is_both_passes(s in date_and_address_text(), date in any::<bool>(), age in any::<bool>()) {
            let b = s.as_bytes();
            prop_assert_eq!(date_and_address_matches(b, date, age), (dates::date_and_age_matches(b, date, age), locations::places(b)), "in {:?}", s);
        }
    }

    #[test]
    fn shared_date_and_address_pass_on_a_log() {
        let s = "2026-03-14T09:12:55.123Z INFO patient seen 03/04/2021 at 1234 N Main Street Apt 4B, Springfield, IL 62704; age 42.\n".repeat(3);
        let ((dates, ages), places) = date_and_address_matches(s.as_bytes(), true, true);
        assert_eq!(((dates.clone(), ages.clone()), &places), (dates::date_and_age_matches(s.as_bytes(), true, true), &locations::places(s.as_bytes())));
        assert_eq!((dates.len(), ages.len()), (6, 3));
        assert_ne!(places, locations::Places::default());
    }
}
