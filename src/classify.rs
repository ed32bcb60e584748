//! Exposure classification: what kind of exposure this is, how severe, how
//! many people, and which notification deadlines run from discovery.
//!
//! An assessment aid, not legal advice: it encodes the HIPAA Breach
//! Notification Rule's defaults (45 CFR 164.400–414) and GDPR Art. 33 so a
//! compliance team starts from facts instead of a blank page.

use crate::config_json::{self, Reader};
use crate::finding::Finding;
use crate::redact::{hex, keyed_hash, Key};
use crate::{Error, Format, Guard, PhiType};
#[cfg(test)]
use serde::{Deserialize, Serialize};
#[cfg(test)]
use serde_json::json;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;

/// An instant as `chrono::DateTime<Utc>` held it here, without chrono (~28 KB
/// of the wasm): whole seconds since the Unix epoch, UTC, and whether it is a
/// leap second (`:60`, which chrono keeps and prints). Fractions of a second
/// are dropped: every output has whole seconds, and adding whole days or
/// hours never carries a fraction into them. The offset it was written with
/// is kept for one thing: the calendar year there (see `end_of_year_plus_60`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    secs: i64,
    leap: bool,
    /// Seconds east of UTC as written (`-05:00` is -18000; `Z` is 0).
    offset: i32,
}

/// chrono's date range: years -262143..=262142.
const MIN_YEAR: i64 = -262_143;
const MAX_YEAR: i64 = 262_142;

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 as (year, month, day) (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a timestamp was refused, with chrono's `ParseError` messages (the
/// event error shows them, and only them, as before).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TimeError {
    OutOfRange,
    Impossible,
    Invalid,
    TooShort,
    TooLong,
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            TimeError::OutOfRange => "input is out of range",
            TimeError::Impossible => "no possible date and time matching input",
            TimeError::Invalid => "input contains invalid characters",
            TimeError::TooShort => "premature end of input",
            TimeError::TooLong => "trailing input",
        })
    }
}

/// Up to `max` ASCII digits (at least one) at the start of `s`, as chrono's `scan::number`.
fn number(s: &str, max: usize) -> Result<(&str, i64), TimeError> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if s.is_empty() {
        return Err(TimeError::TooShort);
    }
    if n == 0 {
        return Err(TimeError::Invalid);
    }
    let v = s.bytes().take(n).try_fold(0i64, |v, c| v.checked_mul(10)?.checked_add(i64::from(c - b'0'))).ok_or(TimeError::OutOfRange)?;
    Ok((&s[n..], v))
}

/// Optional whitespace, then `sep`.
fn separator(s: &str, sep: char) -> Result<&str, TimeError> {
    let s = s.trim_start();
    match s.strip_prefix(sep) {
        Some(rest) => Ok(rest),
        None if s.is_empty() => Err(TimeError::TooShort),
        None => Err(TimeError::Invalid),
    }
}

/// Optional whitespace, then a number of at most two digits in `range`.
fn field(s: &str, range: std::ops::RangeInclusive<i64>) -> Result<(&str, i64), TimeError> {
    let (s, v) = number(s.trim_start(), 2)?;
    if range.contains(&v) { Ok((s, v)) } else { Err(TimeError::OutOfRange) }
}

/// `Z`, `z` or `±hh[:]mm` (also U+2212 MINUS SIGN; any colons or whitespace
/// between hours and minutes), in seconds east of UTC: chrono's `scan::timezone_offset`.
fn offset(s: &str) -> Result<(&str, i64), TimeError> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        return Ok((rest, 0));
    }
    let (negative, s) = match s.chars().next() {
        Some('+') => (false, &s[1..]),
        Some('-') => (true, &s[1..]),
        Some('\u{2212}') => (true, &s['\u{2212}'.len_utf8()..]),
        Some(_) => return Err(TimeError::Invalid),
        None => return Err(TimeError::TooShort),
    };
    let two = |s: &str| s.as_bytes().get(..2).map(|d| (d[0], d[1])).ok_or(TimeError::TooShort);
    let hours = match two(s)? {
        (h1 @ b'0'..=b'9', h2 @ b'0'..=b'9') => i64::from((h1 - b'0') * 10 + (h2 - b'0')),
        _ => return Err(TimeError::Invalid),
    };
    let s = s[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let minutes = match two(s)? {
        (m1 @ b'0'..=b'5', m2 @ b'0'..=b'9') => i64::from((m1 - b'0') * 10 + (m2 - b'0')),
        (b'6'..=b'9', b'0'..=b'9') => return Err(TimeError::OutOfRange),
        _ => return Err(TimeError::Invalid),
    };
    let secs = hours * 3600 + minutes * 60;
    Ok((&s[2..], if negative { -secs } else { secs }))
}

impl Timestamp {
    /// Parses what `DateTime<Utc>`'s `Deserialize` (chrono's `FromStr` for
    /// `DateTime<FixedOffset>`) accepted: RFC 3339 relaxed as chrono relaxes
    /// it: `T`, `t` or a space between date and time; `Z`, `z`, `UTC` (any
    /// case) or an offset; whitespace between the parts and at the end;
    /// one- or two-digit fields; a signed year of any length; a leap second
    /// (`:60`). Errors are chrono's, in chrono's order.
    fn parse(s: &str) -> Result<Timestamp, TimeError> {
        // Date: year (four digits, or a sign and any number), month, day.
        let s = s.trim_start();
        let (s, year) = match s.as_bytes().first() {
            Some(b'-') => number(&s[1..], usize::MAX).map(|(s, v)| (s, -v))?,
            Some(b'+') => number(&s[1..], usize::MAX)?,
            _ => number(s, 4)?,
        };
        if i32::try_from(year).is_err() {
            return Err(TimeError::OutOfRange);
        }
        let (s, month) = field(separator(s, '-')?, 1..=12)?;
        let (s, day) = field(separator(s, '-')?, 1..=31)?;
        let s = match s.as_bytes().first() {
            Some(b'T' | b't' | b' ') => &s[1..],
            Some(_) => return Err(TimeError::Invalid),
            None => return Err(TimeError::TooShort),
        };
        // Time: hour, minute, second (60 is a leap second), optional fraction.
        let (s, hour) = field(s, 0..=23)?;
        let (s, minute) = field(separator(s, ':')?, 0..=59)?;
        let (mut s, second) = field(separator(s, ':')?, 0..=60)?;
        if let Some(frac) = s.strip_prefix('.') {
            s = number(frac, 9)?.0.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        let s = s.trim_start();
        let (s, off) = match s.get(..3) {
            Some(utc) if utc.eq_ignore_ascii_case("UTC") => (&s[3..], 0),
            _ => offset(s)?,
        };
        if !s.trim_start().is_empty() {
            return Err(TimeError::TooLong);
        }
        // The local date must exist, the offset be under a day, and the UTC date in range.
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || day > days_in_month(year, month) {
            return Err(TimeError::OutOfRange);
        }
        if off.abs() >= 86_400 {
            return Err(TimeError::OutOfRange);
        }
        let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59) - off;
        if !(days_from_civil(MIN_YEAR, 1, 1)..=days_from_civil(MAX_YEAR, 12, 31)).contains(&secs.div_euclid(86_400)) {
            return Err(TimeError::Impossible);
        }
        Ok(Timestamp { secs, leap: second == 60, offset: off as i32 })
    }

    /// `n` whole seconds later. As chrono, a leap second moved by a non-zero
    /// amount lands on the second it followed (23:59:60 + 1 day = 23:59:59).
    fn plus_seconds(self, n: i64) -> Timestamp {
        if n == 0 { self } else { Timestamp { secs: self.secs + n, leap: false, ..self } }
    }

    fn plus_days(self, n: i64) -> Timestamp {
        self.plus_seconds(n * 86_400)
    }

    fn year(self) -> i64 {
        civil_from_days(self.secs.div_euclid(86_400)).0
    }

    /// The calendar year at the offset it was written with.
    fn year_there(self) -> i64 {
        civil_from_days((self.secs + i64::from(self.offset)).div_euclid(86_400)).0
    }
}

/// What chrono's `to_rfc3339_opts(SecondsFormat::Secs, true)` printed:
/// `2026-04-30T12:00:00Z`; years outside 0..=9999 signed (`+10000`, `-0001`).
impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.secs.div_euclid(86_400));
        let t = self.secs.rem_euclid(86_400);
        let sec = t % 60 + i64::from(self.leap);
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}")?;
        } else {
            write!(f, "{y:+05}")?;
        }
        write!(f, "-{m:02}-{d:02}T{:02}:{:02}:{sec:02}Z", t / 3600, t / 60 % 60)
    }
}

/// For the tests, which compare with chrono's `Deserialize`.
#[cfg(test)]
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 formatted date and time string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Timestamp, E> {
                Timestamp::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Where the exposure was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize), serde(rename_all = "snake_case"))]
pub enum Channel {
    ResponseBody,
    RequestUrl,
    RequestBody,
    ServerLog,
    ServerError,
    ClientError,
    EdgeMiddleware,
    GuardFailure,
}

/// The route's declared policy for PHI in responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(Deserialize), serde(rename_all = "snake_case"))]
pub enum RoutePolicy {
    NoPhi,
    #[default]
    OwnerOnly,
    Authenticated,
    Allow,
}

/// What the guard did before anything left the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(Deserialize), serde(rename_all = "snake_case"))]
pub enum Mitigation {
    #[default]
    None,
    Redacted,
    Blocked,
    Stripped,
}

/// The chain state kept by one emitter.
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(Deserialize), serde(deny_unknown_fields, rename_all = "camelCase"))]
pub struct Chain {
    pub emitter_id: String,
    pub seq: u64,
    pub prev_hash: Option<String>,
}

/// One exposure event, as the wrappers (or the CLI) describe it. Strict.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(Deserialize), serde(deny_unknown_fields, rename_all = "camelCase"))]
pub struct ExposureEvent {
    #[cfg_attr(test, serde(default))]
    pub text: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub format: Option<Format>,
    pub channel: Channel,
    #[cfg_attr(test, serde(default))]
    pub route: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub runtime: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub authenticated: bool,
    #[cfg_attr(test, serde(default))]
    pub role: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub subject_is_caller: Option<bool>,
    #[cfg_attr(test, serde(default))]
    pub policy: Option<RoutePolicy>,
    #[cfg_attr(test, serde(default))]
    pub mitigation: Mitigation,
    pub discovered_at: Timestamp,
    #[cfg_attr(test, serde(default))]
    pub occurred_at: Option<Timestamp>,
    #[cfg_attr(test, serde(default))]
    pub eu_subjects: bool,
    #[cfg_attr(test, serde(default))]
    pub resident_states: BTreeMap<String, u64>,
    #[cfg_attr(test, serde(default))]
    pub drill: bool,
    #[cfg_attr(test, serde(default))]
    pub deployment: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub region: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub signal_id: Option<String>,
    #[cfg_attr(test, serde(default))]
    pub chain: Option<Chain>,
    #[cfg_attr(test, serde(default))]
    pub failure: Option<String>,
}

/// The names of the enums in an event, as they serialise.
const FORMATS: &[(&str, Format)] =
    &[("auto", Format::Auto), ("text", Format::Text), ("log", Format::Log), ("error", Format::Error), ("json", Format::Json), ("html", Format::Html), ("url", Format::Url), ("csv", Format::Csv)];
const CHANNELS: &[(&str, Channel)] = &[
    ("response_body", Channel::ResponseBody),
    ("request_url", Channel::RequestUrl),
    ("request_body", Channel::RequestBody),
    ("server_log", Channel::ServerLog),
    ("server_error", Channel::ServerError),
    ("client_error", Channel::ClientError),
    ("edge_middleware", Channel::EdgeMiddleware),
    ("guard_failure", Channel::GuardFailure),
];
const POLICIES: &[(&str, RoutePolicy)] =
    &[("no_phi", RoutePolicy::NoPhi), ("owner_only", RoutePolicy::OwnerOnly), ("authenticated", RoutePolicy::Authenticated), ("allow", RoutePolicy::Allow)];
const MITIGATIONS: &[(&str, Mitigation)] =
    &[("none", Mitigation::None), ("redacted", Mitigation::Redacted), ("blocked", Mitigation::Blocked), ("stripped", Mitigation::Stripped)];

impl Timestamp {
    /// A string [`Timestamp::parse`] accepts; its error is chrono's message.
    #[cfg_attr(phi_guard_small, optimize(size))]
    fn decode(r: &mut Reader) -> config_json::Result<Timestamp> {
        let s = r.string()?;
        Timestamp::parse(&s).map_err(|e| r.fail(&e.to_string()))
    }
}

impl Chain {
    #[cfg_attr(phi_guard_small, optimize(size))]
    fn decode(r: &mut Reader) -> config_json::Result<Chain> {
        let (mut emitter_id, mut seq, mut prev_hash) = (None, None, None);
        // All three count in the array form: `prevHash` has no serde default.
        r.object(&["emitterId", "seq", "prevHash"], 3, |r, i| {
            match i {
                0 => emitter_id = Some(r.string()?),
                1 => seq = Some(r.u64()?),
                _ => prev_hash = r.option(Reader::string)?,
            }
            Ok(())
        })?;
        Ok(Chain { emitter_id: r.required(emitter_id, "emitterId")?, seq: r.required(seq, "seq")?, prev_hash })
    }
}

impl ExposureEvent {
    /// Parses an event from JSON text, strictly (see [`crate::config_json`]).
    pub(crate) fn from_json(json: &str) -> config_json::Result<ExposureEvent> {
        config_json::parse(json, ExposureEvent::decode)
    }

    #[cfg_attr(phi_guard_small, optimize(size))]
    fn decode(r: &mut Reader) -> config_json::Result<ExposureEvent> {
        const FIELDS: &[&str] = &[
            "text",
            "format",
            "channel",
            "route",
            "runtime",
            "authenticated",
            "role",
            "subjectIsCaller",
            "policy",
            "mitigation",
            "discoveredAt",
            "occurredAt",
            "euSubjects",
            "residentStates",
            "drill",
            "deployment",
            "region",
            "signalId",
            "chain",
            "failure",
        ];
        let (mut channel, mut discovered_at) = (None, None);
        // `channel` and `discoveredAt` have no default: these two are
        // placeholders, replaced below or refused as missing.
        let mut ev = ExposureEvent {
            text: None,
            format: None,
            channel: Channel::GuardFailure,
            route: None,
            runtime: None,
            authenticated: false,
            role: None,
            subject_is_caller: None,
            policy: None,
            mitigation: Mitigation::None,
            discovered_at: Timestamp { secs: 0, leap: false, offset: 0 },
            occurred_at: None,
            eu_subjects: false,
            resident_states: BTreeMap::new(),
            drill: false,
            deployment: None,
            region: None,
            signal_id: None,
            chain: None,
            failure: None,
        };
        // The array form needs every field up to `discoveredAt`, the last without a default.
        r.object(FIELDS, 11, |r, i| ev.decode_field(r, i, &mut channel, &mut discovered_at))?;
        ev.channel = r.required(channel, "channel")?;
        ev.discovered_at = r.required(discovered_at, "discoveredAt")?;
        Ok(ev)
    }

    /// Reads the value of field `i` of [`ExposureEvent::decode`]'s
    /// `FIELDS` (`channel` and `discoveredAt` into the two given). A method,
    /// not the closure's body, so that it is compiled for size too (an
    /// attribute on `decode` leaves its closures at opt-level 2), and out of
    /// line, so that the closure does not take it back.
    #[cfg_attr(phi_guard_small, optimize(size))]
    #[inline(never)]
    fn decode_field(&mut self, r: &mut Reader, i: usize, channel: &mut Option<Channel>, discovered_at: &mut Option<Timestamp>) -> config_json::Result<()> {
        let ev = self;
        // One call per type of field, not one per field: smaller wasm.
        let text = match i {
            0 => Some(&mut ev.text),
            3 => Some(&mut ev.route),
            4 => Some(&mut ev.runtime),
            6 => Some(&mut ev.role),
            15 => Some(&mut ev.deployment),
            16 => Some(&mut ev.region),
            17 => Some(&mut ev.signal_id),
            19 => Some(&mut ev.failure),
            _ => None,
        };
        if let Some(field) = text {
            *field = r.option(Reader::string)?;
            return Ok(());
        }
        let flag = match i {
            5 => Some(&mut ev.authenticated),
            12 => Some(&mut ev.eu_subjects),
            14 => Some(&mut ev.drill),
            _ => None,
        };
        if let Some(field) = flag {
            *field = r.bool()?;
            return Ok(());
        }
        match i {
            1 => ev.format = r.option(|r| r.variant(FORMATS))?,
            2 => *channel = Some(r.variant(CHANNELS)?),
            7 => ev.subject_is_caller = r.option(Reader::bool)?,
            8 => ev.policy = r.option(|r| r.variant(POLICIES))?,
            9 => ev.mitigation = r.variant(MITIGATIONS)?,
            10 => *discovered_at = Some(Timestamp::decode(r)?),
            11 => ev.occurred_at = r.option(Timestamp::decode)?,
            13 => ev.resident_states = r.map(Reader::u64)?,
            _ => ev.chain = r.option(Chain::decode)?,
        }
        Ok(())
    }
}

/// Severity, ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(Serialize), serde(rename_all = "lowercase"))]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// One notification obligation with its due time.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Obligation {
    pub kind: &'static str,
    pub due_by: String,
    pub required: bool,
    pub basis: &'static str,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub state: Option<String>,
}

/// Types whose exposure is high-harm on its own (identity theft, fraud, credentials).
const SENSITIVE: &[PhiType] = &[PhiType::Ssn, PhiType::CreditCard, PhiType::Iban, PhiType::BankRouting, PhiType::AccountNumber, PhiType::Secret, PhiType::HealthPlanId, PhiType::LicenseNumber, PhiType::BiometricId];

/// Order in which a type is used to count individuals (the most specific first).
const ANCHORS: &[PhiType] = &[PhiType::Ssn, PhiType::Mrn, PhiType::HealthPlanId, PhiType::OtherId, PhiType::Name, PhiType::Email, PhiType::Phone, PhiType::AccountNumber, PhiType::CreditCard, PhiType::LicenseNumber, PhiType::DeviceId, PhiType::BiometricId, PhiType::VehicleId, PhiType::Iban, PhiType::Fax, PhiType::Address];

fn iso(t: Timestamp) -> String {
    t.to_string()
}

/// The HHS deadline for fewer than 500: 60 days after the end of the
/// calendar year of discovery (end of year = 1 January 00:00 UTC next year).
/// The year is the earlier of the UTC one and the one at the offset
/// `discoveredAt` was written with: 20:00 on 31 December in New York is
/// 2027 in UTC, but the breach was discovered in 2026 there, and for a
/// deadline the earlier reading is the safe one.
fn end_of_year_plus_60(t: Timestamp) -> Timestamp {
    Timestamp { secs: days_from_civil(t.year().min(t.year_there()) + 1, 1, 1) * 86_400, leap: false, offset: 0 }.plus_days(60)
}

/// Notification obligations and due times, from discovery.
#[cfg_attr(phi_guard_small, optimize(size))]
pub(crate) fn obligations(discovered: Timestamp, individuals: u64, residents: &BTreeMap<String, u64>, eu: bool, required: bool, state_days: &BTreeMap<String, u32>) -> Vec<Obligation> {
    let mut v = vec![Obligation { kind: "individual_notice", due_by: iso(discovered.plus_days(60)), required, basis: "45 CFR 164.404(b): without unreasonable delay, no later than 60 days after discovery", state: None }];
    if individuals >= 500 {
        v.push(Obligation { kind: "hhs_notice", due_by: iso(discovered.plus_days(60)), required, basis: "45 CFR 164.408(b): 500 or more individuals, contemporaneously with individual notice", state: None });
    } else {
        v.push(Obligation { kind: "hhs_notice", due_by: iso(end_of_year_plus_60(discovered)), required, basis: "45 CFR 164.408(c): fewer than 500, within 60 days of the end of the calendar year", state: None });
    }
    for (state, n) in residents {
        if *n >= 500 {
            v.push(Obligation { kind: "media_notice", due_by: iso(discovered.plus_days(60)), required, basis: "45 CFR 164.406: more than 500 residents of a State", state: Some(state.clone()) });
        }
    }
    if eu {
        v.push(Obligation { kind: "gdpr_art33", due_by: iso(discovered.plus_seconds(72 * 3600)), required, basis: "GDPR Art. 33(1): supervisory authority within 72 hours", state: None });
    }
    for (state, _) in residents.iter().filter(|(_, n)| **n > 0) {
        if let Some(days) = state_days.get(state) {
            if *days < 60 {
                v.push(Obligation { kind: "state_notice", due_by: iso(discovered.plus_days(i64::from(*days))), required, basis: "state breach law deadline from the configured table", state: Some(state.clone()) });
            }
        }
    }
    v
}

/// Classifies an event and builds its signal, as JSON text
/// `{"classification":…,"signal":…}`. See DESIGN.md.
#[cfg_attr(phi_guard_small, optimize(size))]
pub(crate) fn classify(guard: &Guard, ev: &ExposureEvent) -> Result<String, Error> {
    assess(guard, ev).map(|a| a.to_json())
}

/// What [`classify`] decided about an event, before it is written out.
struct Assessment<'a> {
    ev: &'a ExposureEvent,
    route: String,
    /// The event's, or else the guard's config's.
    deployment: Option<&'a str>,
    region: Option<&'a str>,
    kind: &'static str,
    severity: Severity,
    notification: &'static str,
    reasons: Vec<String>,
    name_with_id: bool,
    sensitive: bool,
    /// Findings per type name, in name order.
    type_counts: Vec<(&'static str, u64)>,
    findings: usize,
    individuals: u64,
    records: u64,
    individual_fps: Vec<String>,
    identifier_fps: Vec<String>,
    obligations: Vec<Obligation>,
}

/// What a scan's findings count and, with a key, fingerprint.
#[derive(Debug, PartialEq)]
struct Tally {
    /// The types with a finding, in `PhiType` order.
    present: Vec<PhiType>,
    /// Findings per type name, in name order.
    type_counts: Vec<(&'static str, u64)>,
    /// Distinct values of the first type in [`ANCHORS`] present.
    individuals: u64,
    /// The most distinct values of any one type.
    records: u64,
    /// The fingerprints of those individuals, in value order.
    individual_fps: Vec<String>,
    /// The fingerprints of every distinct direct identifier, sorted, once each.
    identifier_fps: Vec<String>,
}

/// A type's number ([`PhiType::ALL`] order, which is `PhiType`'s) as one
/// byte below 0x80: a one-byte char that sorts as the type does.
fn type_byte(t: PhiType) -> u8 {
    const _: () = assert!(PhiType::ALL.len() < 0x80);
    t as u8
}

/// A value of [`tally`]'s as its type and its text (after the [`type_byte`]).
fn typed(v: &str) -> (PhiType, &str) {
    (PhiType::ALL[usize::from(v.as_bytes()[0])], &v[1..])
}

/// The types in the order of their names ([`Tally::type_counts`]' order),
/// sorted when compiled: the counts need no sort in the wasm.
const BY_NAME: [PhiType; PhiType::ALL.len()] = {
    const fn before(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut i = 0;
        while i < a.len() && i < b.len() {
            if a[i] != b[i] {
                return a[i] < b[i];
            }
            i += 1;
        }
        a.len() < b.len()
    }
    let mut t = PhiType::ALL;
    let mut i = 1;
    while i < t.len() {
        let mut j = i;
        while j > 0 && before(t[j].as_str(), t[j - 1].as_str()) {
            let x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
            j -= 1;
        }
        i += 1;
    }
    t
};

/// Counts `findings` of `text` and, with a `key`, fingerprints their values.
fn tally(findings: &[Finding], text: &str, key: Option<&Key>) -> Tally {
    // Distinct normalised values sorted by type, then value: the order of
    // the BTreeMap of BTreeSets this once was, with less code in the wasm.
    // Each is its type's number as one byte (`type_byte`) and then the
    // value, so sorting the strings sorts by type and then value, and the
    // sort is the fingerprints' below (one instantiation in the wasm, where
    // a `(PhiType, String)` had one of its own).
    let mut counts = [0u64; PhiType::ALL.len()];
    let mut values: Vec<String> = Vec::with_capacity(findings.len());
    for f in findings {
        counts[f.kind as usize] += 1;
        let mut v = crate::redact::normalise(f.kind, &text[f.start..f.end]);
        v.insert(0, char::from(type_byte(f.kind)));
        values.push(v);
    }
    values.sort_unstable();
    values.dedup();
    let present: Vec<PhiType> = PhiType::ALL.into_iter().filter(|t| counts[*t as usize] > 0).collect();
    let type_counts: Vec<(&'static str, u64)> = BY_NAME.iter().filter(|t| counts[**t as usize] > 0).map(|t| (t.as_str(), counts[*t as usize])).collect();
    let of = |t: PhiType| values.iter().map(|v| typed(v)).filter(move |(k, _)| *k == t).map(|(_, v)| v);
    let anchor = ANCHORS.iter().copied().find(|t| present.contains(t));
    let individuals = anchor.map_or(0, |t| of(t).count() as u64);
    let records = values.chunk_by(|a, b| a.as_bytes()[0] == b.as_bytes()[0]).map(|run| run.len() as u64).max().unwrap_or(0);
    let fp = |t: PhiType, v: &str| key.map(|k| keyed_hash(k, t, v)[..32].to_string());
    let individual_fps = anchor.map_or(vec![], |t| of(t).filter_map(|v| fp(t, v)).collect());
    let mut identifier_fps: Vec<String> = values.iter().map(|v| typed(v)).filter(|(t, _)| t.is_direct_identifier()).filter_map(|(t, v)| fp(t, v)).collect();
    // The hash covers the type and values are distinct per type, so only
    // two truncated hashes that collide repeat; as in the set this was, once.
    identifier_fps.sort_unstable();
    identifier_fps.dedup();
    Tally { present, type_counts, individuals, records, individual_fps, identifier_fps }
}

/// Checks the event, scans its text and applies the rules.
#[cfg_attr(phi_guard_small, optimize(size))]
fn assess<'a>(guard: &'a Guard, ev: &'a ExposureEvent) -> Result<Assessment<'a>, Error> {
    let route = ev.route.clone().unwrap_or_else(|| "unknown".into());
    if route.contains('?') || route.contains('#') || route.contains("://") {
        return Err(Error::event("route must be a route template such as /api/patients/[id], not a raw URL"));
    }
    // A raw pathname (`/patients/maria.garcia@example.com`) would carry PHI
    // into every signal: a route that itself holds an identifier is refused.
    // Nor does a segment with five digits or more (`/a/MR884213`,
    // `/a/219099999`): an id the detectors need a label for. A template's
    // static segments (`v2`, `oauth2`, `2024`) have fewer.
    let id_like = |seg: &str| crate::formats::url::percent_decode(seg).0.bytes().filter(u8::is_ascii_digit).count() >= 5;
    if route.split('/').any(id_like) || guard.scan(&route, Format::Url).findings.iter().any(|f| f.kind != PhiType::Url) {
        return Err(Error::event("route contains an identifier; pass the route template (e.g. /api/patients/[id]), not the request path"));
    }
    // Ids and labels are copied into the signal: tokens only, as the schema
    // (schema/breach-signal.v1.json) says, so no free text can ride along.
    let token = |s: &str, max: usize, extra: &[u8]| {
        !s.is_empty() && s.len() <= max && s.as_bytes()[0].is_ascii_alphanumeric() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b) || extra.contains(&b))
    };
    let ids = [("signalId", ev.signal_id.as_deref()), ("chain.emitterId", ev.chain.as_ref().map(|c| c.emitter_id.as_str()))];
    for (name, v) in ids {
        if v.is_some_and(|v| !token(v, 128, b"")) {
            return Err(Error::event(format!("{name} must be 1-128 letters, digits, '.', '_', ':' or '-'")));
        }
    }
    // From the event or, when it has none, the guard's config.
    let (deployment, region) = (ev.deployment.as_deref().or(guard.deployment()), ev.region.as_deref().or(guard.region()));
    for (name, v) in [("deployment", deployment), ("region", region)] {
        if v.is_some_and(|v| !token(v, 64, b"/")) {
            return Err(Error::event(format!("{name} must be 1-64 letters, digits, '.', '_', ':', '/' or '-'")));
        }
    }
    if let Some(r) = &ev.runtime {
        if r.is_empty() || r.len() > 32 || !r.as_bytes()[0].is_ascii_lowercase() || !r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') {
            return Err(Error::event("runtime must be a short lowercase name such as edge, nodejs, browser or cli"));
        }
    }
    if ev.chain.as_ref().is_some_and(|c| c.seq == 0 || c.prev_hash.as_ref().is_some_and(|h| h.len() != 64 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))) {
        return Err(Error::event("chain.seq starts at 1 and chain.prevHash is null or 64 lowercase hex digits"));
    }
    if route.len() > 512 || route.contains(char::is_whitespace) || route.contains('@') || (route != "unknown" && !route.starts_with('/')) || route.starts_with("//") {
        return Err(Error::event("route must be a route template such as /api/patients/[id] (starting with '/', no whitespace or '@', at most 512 bytes)"));
    }
    // `failure` is copied into the signal's reasons: only a short code.
    if let Some(code) = &ev.failure {
        if code.is_empty() || code.len() > 64 || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')) {
            return Err(Error::event("failure must be a short error code such as trap or init (a-z, 0-9, _ - . only)"));
        }
    }
    let format = ev.format.unwrap_or(match ev.channel {
        Channel::RequestUrl | Channel::EdgeMiddleware => Format::Url,
        _ => Format::Auto,
    });
    let text = ev.text.as_deref().unwrap_or("");
    let scan = guard.scan(text, format);
    let findings: &[Finding] = &scan.findings;

    let Tally { present, type_counts, individuals, records, individual_fps, identifier_fps } = tally(findings, text, guard.fingerprint_key());
    let name_with_id = present.contains(&PhiType::Name) && present.iter().any(|t| *t != PhiType::Name && t.is_direct_identifier() || matches!(t, PhiType::Date | PhiType::Address));
    let sensitive = present.iter().any(|t| SENSITIVE.contains(t));

    // --- the rules (documented in DESIGN.md) ---
    let policy = ev.policy.unwrap_or_default();
    let role = ev.role.as_deref().unwrap_or("");
    let privileged = matches!(role, "clinician" | "provider" | "admin" | "staff" | "nurse" | "physician");
    let owner = ev.subject_is_caller.unwrap_or(false);
    let mut reasons: Vec<String> = Vec::new();
    let (kind, mut severity): (&str, Severity) = if ev.channel == Channel::GuardFailure {
        reasons.push(format!("the guard failed ({}); content was not scanned", ev.failure.as_deref().unwrap_or("unknown")));
        ("guard_failure", Severity::Medium)
    } else if findings.is_empty() {
        ("no_phi", Severity::Info)
    } else {
        match ev.channel {
            Channel::ResponseBody => {
                let authorised = match policy {
                    RoutePolicy::NoPhi => false,
                    RoutePolicy::OwnerOnly => ev.authenticated && (owner || privileged),
                    RoutePolicy::Authenticated => ev.authenticated,
                    RoutePolicy::Allow => true,
                };
                if authorised {
                    reasons.push("PHI returned to a caller the route policy allows".into());
                    ("authorized_access", Severity::Info)
                } else if !ev.authenticated {
                    reasons.push("PHI in a response to an unauthenticated caller".into());
                    ("unauthorized_disclosure", if sensitive || name_with_id || individuals >= 10 { Severity::Critical } else { Severity::High })
                } else if policy == RoutePolicy::NoPhi {
                    reasons.push("PHI in a response from a route declared to never return PHI".into());
                    ("policy_violation", if sensitive || name_with_id { Severity::High } else { Severity::Medium })
                } else {
                    reasons.push("PHI of another person returned to an authenticated caller".into());
                    ("unauthorized_disclosure", if sensitive || name_with_id { Severity::Critical } else { Severity::High })
                }
            }
            Channel::RequestUrl | Channel::EdgeMiddleware => {
                reasons.push("PHI in a request URL leaks to CDN, proxy, analytics and server logs".into());
                ("phi_in_url", if sensitive || name_with_id { Severity::High } else { Severity::Medium })
            }
            Channel::ServerLog => {
                reasons.push("PHI written to server logs, readable by log pipelines and vendors".into());
                ("phi_in_logs", if sensitive || name_with_id { Severity::High } else if present.iter().all(|t| !t.is_direct_identifier()) { Severity::Low } else { Severity::Medium })
            }
            Channel::ServerError | Channel::ClientError => {
                reasons.push("PHI in an error report, which flows to error trackers and logs".into());
                ("phi_in_error", if sensitive || name_with_id { Severity::High } else { Severity::Medium })
            }
            Channel::RequestBody => {
                if policy == RoutePolicy::NoPhi {
                    reasons.push("PHI sent to a route declared to never receive PHI".into());
                    ("policy_violation", Severity::Low)
                } else {
                    reasons.push("PHI submitted by the caller".into());
                    ("authorized_access", Severity::Info)
                }
            }
            Channel::GuardFailure => unreachable!(),
        }
    };
    if name_with_id {
        reasons.push("a name appears with another identifier (re-identification is direct)".into());
    }
    if sensitive {
        reasons.push("high-harm identifiers present (SSN, financial, plan id, credentials or biometrics)".into());
    }
    // Mitigation lowers the chance the PHI was acquired, not the nature of the event.
    let mitigated = ev.mitigation != Mitigation::None;
    if mitigated && severity > Severity::Low && kind != "guard_failure" {
        reasons.push(format!("the guard {} the content before it left the app", name(MITIGATIONS, ev.mitigation)));
        severity = match severity {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            s => s,
        };
    }
    if ev.drill {
        reasons.push("breach drill".into());
    }
    let disclosure = matches!(kind, "unauthorized_disclosure" | "policy_violation" | "phi_in_url" | "phi_in_logs" | "phi_in_error");
    let notification = if !disclosure {
        "not_required"
    } else if kind == "unauthorized_disclosure" && !mitigated {
        "presumed_breach"
    } else {
        "risk_assessment"
    };
    let required = notification == "presumed_breach";
    let state_days = guard.state_deadline_days();
    let obligations = if disclosure { obligations(ev.discovered_at, individuals, &ev.resident_states, ev.eu_subjects, required, state_days) } else { vec![] };
    Ok(Assessment {
        ev,
        route,
        deployment,
        region,
        kind,
        severity,
        notification,
        reasons,
        name_with_id,
        sensitive,
        type_counts,
        findings: findings.len(),
        individuals,
        records,
        individual_fps,
        identifier_fps,
        obligations,
    })
}


/// The name of `v` in one of the tables above.
fn name<T: Copy + PartialEq>(table: &[(&'static str, T)], v: T) -> &'static str {
    table.iter().find(|(_, t)| *t == v).map_or("", |(n, _)| n)
}

/// JSON text written as serde_json wrote the `serde_json::Value` the output
/// used to be built as (that was about 40 KB of the wasm, 16 KB gzipped):
/// compact, with the same numbers and string escapes. `Value`'s maps are
/// BTreeMaps, so the callers write each object's keys in sorted (byte)
/// order, which the signal's hash depends on. The tests keep the `Value`
/// construction as the oracle.
struct Json(String);

impl Json {
    /// `"name":`, after a comma unless it is the object's first key.
    fn key(&mut self, name: &str) -> &mut Json {
        if !self.0.ends_with('{') {
            self.0.push(',');
        }
        self.str(name);
        self.0.push(':');
        self
    }

    /// `s` as a string literal, escaped as serde_json escapes: `"`, `\` and
    /// the control characters only, with the short forms JSON has.
    ///
    /// The runs between escapes are copied whole (every escaped byte is
    /// ASCII, so the cuts fall on char boundaries): a char at a time, the
    /// escaping was a fifth of what `classify` costs.
    fn str(&mut self, s: &str) {
        self.0.push('"');
        let mut from = 0;
        for (i, &c) in s.as_bytes().iter().enumerate() {
            let short = match c {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x0c => "\\f",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..0x20 => "",
                _ => continue,
            };
            self.0.push_str(&s[from..i]);
            if short.is_empty() {
                let _ = write!(self.0, "\\u{:04x}", c);
            } else {
                self.0.push_str(short);
            }
            from = i + 1;
        }
        self.0.push_str(&s[from..]);
        self.0.push('"');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.0.push_str("null"),
        }
    }

    /// A number or a bool: its `Display` is its JSON.
    fn raw(&mut self, v: impl std::fmt::Display) {
        let _ = write!(self.0, "{v}");
    }

    fn strs(&mut self, v: &[String]) {
        self.0.push('[');
        for (i, s) in v.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.str(s);
        }
        self.0.push(']');
    }

    fn counts(&mut self, counts: &[(&'static str, u64)]) {
        self.0.push('{');
        for (t, n) in counts {
            self.key(t).raw(n);
        }
        self.0.push('}');
    }

    fn obligations(&mut self, v: &[Obligation]) {
        self.0.push('[');
        for (i, o) in v.iter().enumerate() {
            self.0.push_str(if i > 0 { ",{" } else { "{" });
            self.key("basis").str(o.basis);
            self.key("dueBy").str(&o.due_by);
            self.key("kind").str(o.kind);
            self.key("required").raw(o.required);
            if let Some(state) = &o.state {
                self.key("state").str(state);
            }
            self.0.push('}');
        }
        self.0.push(']');
    }
}

impl Assessment<'_> {
    /// `{"classification":…,"signal":…}`, keys sorted at every level.
    fn to_json(&self) -> String {
        let ev = self.ev;
        let mitigation = name(MITIGATIONS, ev.mitigation);
        let severity = self.severity.as_str();
        let mut w = Json(String::with_capacity(4096));
        w.0.push('{');
        w.key("classification").0.push('{');
        w.key("affectedIndividuals").raw(self.individuals);
        w.key("disclaimer").str("assessment aid, not legal advice");
        w.key("exposureKind").str(self.kind);
        w.key("fourFactor").0.push('{');
        w.key("acquiredOrViewed").str(acquired_or_viewed(ev.mitigation));
        w.key("mitigation").str(mitigation);
        w.key("natureAndExtent").str(&self.nature_and_extent());
        w.key("unauthorizedPerson").str(unauthorized_person(ev));
        w.0.push('}');
        w.key("identifierTypes").counts(&self.type_counts);
        w.key("nameWithIdentifier").raw(self.name_with_id);
        w.key("notification").str(self.notification);
        w.key("obligations").obligations(&self.obligations);
        w.key("reasons").strs(&self.reasons);
        w.key("records").raw(self.records);
        w.key("severity").str(severity);
        w.0.push('}');

        // The signal: its keys before `hash`, then those after. `hash` is
        // of the signal's JSON without it, so it goes in last.
        let chain = ev.chain.clone().unwrap_or(Chain { emitter_id: "cli".into(), seq: 1, prev_hash: None });
        w.key("signal");
        let start = w.0.len();
        w.0.push('{');
        w.key("channel").str(name(CHANNELS, ev.channel));
        w.key("counts").0.push('{');
        w.key("findings").raw(self.findings);
        w.key("individuals").raw(self.individuals);
        w.key("records").raw(self.records);
        w.0.push('}');
        w.key("deployment").opt_str(self.deployment);
        w.key("discoveredAt").str(&iso(ev.discovered_at));
        w.key("drill").raw(ev.drill);
        w.key("emitterId").str(&chain.emitter_id);
        w.key("fingerprints").0.push('{');
        w.key("identifiers").strs(&self.identifier_fps);
        w.key("individuals").strs(&self.individual_fps);
        w.0.push('}');
        let hash_at = w.0.len();
        match &ev.signal_id {
            Some(id) => w.key("id").str(id),
            None => w.key("id").str(&format!("{}-{}", chain.emitter_id, chain.seq)),
        }
        w.key("identifierTypes").counts(&self.type_counts);
        w.key("kind").str(self.kind);
        w.key("mitigation").str(mitigation);
        w.key("notification").str(self.notification);
        w.key("obligations").obligations(&self.obligations);
        w.key("occurredAt").str(&iso(ev.occurred_at.unwrap_or(ev.discovered_at)));
        w.key("prevHash").opt_str(chain.prev_hash.as_deref());
        w.key("reasons").strs(&self.reasons);
        w.key("region").opt_str(self.region);
        w.key("route").str(&self.route);
        w.key("runtime").str(ev.runtime.as_deref().unwrap_or("unknown"));
        w.key("schema").str("phi-guard.breach-signal/v1");
        w.key("seq").raw(chain.seq);
        w.key("severity").str(severity);
        w.0.push('}');
        let hash = hex(&Sha256::digest(&w.0.as_bytes()[start..]));
        w.0.insert_str(hash_at, &format!(",\"hash\":\"{hash}\""));
        w.0.push('}');
        w.0
    }
}

/// Hex SHA-256 of the canonical JSON of `signal` without its `hash` field:
/// compact, keys sorted at every level (as serde_json writes a `Value`),
/// which is what a signal's `hash` holds.
pub fn signal_hash(signal: &Value) -> String {
    let mut v = signal.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("hash");
    }
    hex(&Sha256::digest(serde_json::to_string(&v).expect("serialisable").as_bytes()))
}

/// The four-factor assessment's second factor: who may have seen it.
fn unauthorized_person(ev: &ExposureEvent) -> &'static str {
    match ev.channel {
        Channel::ResponseBody if !ev.authenticated => "unauthenticated client",
        Channel::ResponseBody => "authenticated user who is not the subject",
        Channel::RequestUrl | Channel::EdgeMiddleware => "intermediaries that record URLs (CDN, proxies, analytics, logs)",
        Channel::ServerLog => "log pipeline and its vendors",
        Channel::ServerError | Channel::ClientError => "error tracking and logs",
        _ => "none identified",
    }
}

/// The four-factor assessment's third factor: whether it was acquired or viewed.
fn acquired_or_viewed(m: Mitigation) -> &'static str {
    match m {
        Mitigation::None => "content left the app unredacted",
        Mitigation::Redacted => "redacted before it left the app",
        Mitigation::Blocked => "blocked before it left the app",
        Mitigation::Stripped => "PHI stripped from the URL before it was forwarded",
    }
}

impl Assessment<'_> {
    /// The four-factor assessment's first factor: the nature and extent of the PHI.
    fn nature_and_extent(&self) -> String {
        format!(
            "{} identifier type(s); {}{}",
            self.type_counts.len(),
            if self.name_with_id { "name with identifier; " } else { "" },
            if self.sensitive { "high-harm types present" } else { "no high-harm types" }
        )
    }
}

/// The output as it was built before [`Json`]: the oracle of its tests
/// (of the writing: the four-factor texts come from the same functions).
#[cfg(test)]
fn reference(guard: &Guard, a: &Assessment) -> Value {
    let Assessment { ev, route, kind, severity, notification, reasons, name_with_id, type_counts, individuals, records, individual_fps, identifier_fps, obligations, .. } = a;
    let (kind, severity, notification, name_with_id, individuals, records) = (*kind, *severity, *notification, *name_with_id, *individuals, *records);
    let type_counts: BTreeMap<&str, u64> = type_counts.iter().copied().collect();
    let findings_len = a.findings;
    let four_factor = json!({
        "natureAndExtent": a.nature_and_extent(),
        "unauthorizedPerson": unauthorized_person(ev),
        "acquiredOrViewed": acquired_or_viewed(ev.mitigation),
        "mitigation": format!("{:?}", ev.mitigation).to_lowercase(),
    });
    let classification = json!({
        "exposureKind": kind,
        "severity": severity,
        "notification": notification,
        "reasons": reasons,
        "nameWithIdentifier": name_with_id,
        "identifierTypes": type_counts,
        "affectedIndividuals": individuals,
        "records": records,
        "fourFactor": four_factor,
        "obligations": obligations,
        "disclaimer": "assessment aid, not legal advice",
    });

    let chain = ev.chain.clone().unwrap_or(Chain { emitter_id: "cli".into(), seq: 1, prev_hash: None });
    let occurred = ev.occurred_at.unwrap_or(ev.discovered_at);
    let mut signal = json!({
        "schema": "phi-guard.breach-signal/v1",
        "id": ev.signal_id.clone().unwrap_or_else(|| format!("{}-{}", chain.emitter_id, chain.seq)),
        "seq": chain.seq,
        "emitterId": chain.emitter_id,
        "prevHash": chain.prev_hash,
        "occurredAt": iso(occurred),
        "discoveredAt": iso(ev.discovered_at),
        "drill": ev.drill,
        "channel": ev.channel,
        "route": route,
        "runtime": ev.runtime.clone().unwrap_or_else(|| "unknown".into()),
        "deployment": ev.deployment.clone().or_else(|| guard.deployment().map(str::to_string)),
        "region": ev.region.clone().or_else(|| guard.region().map(str::to_string)),
        "kind": kind,
        "severity": severity,
        "notification": notification,
        "mitigation": format!("{:?}", ev.mitigation).to_lowercase(),
        "reasons": classification["reasons"].clone(),
        "identifierTypes": type_counts,
        "counts": { "findings": findings_len, "individuals": individuals, "records": records },
        "fingerprints": { "individuals": individual_fps, "identifiers": identifier_fps },
        "obligations": classification["obligations"].clone(),
    });
    let h = signal_hash(&signal);
    signal["hash"] = Value::String(h);
    json!({ "classification": classification, "signal": signal })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn deadlines_from_discovery() {
        let none = BTreeMap::new();
        let o = obligations(at("2026-03-01T12:00:00Z"), 3, &none, false, true, &BTreeMap::new());
        assert_eq!(o[0].due_by, "2026-04-30T12:00:00Z");
        assert_eq!(o[1].kind, "hhs_notice");
        assert_eq!(o[1].due_by, "2027-03-02T00:00:00Z", "fewer than 500: 60 days after year end");
        // Year-end edge: discovered on 31 December.
        let o = obligations(at("2026-12-31T23:59:59Z"), 499, &none, false, true, &BTreeMap::new());
        assert_eq!(o[0].due_by, "2027-03-01T23:59:59Z");
        assert_eq!(o[1].due_by, "2027-03-02T00:00:00Z");
        // Leap year: 2028.
        let o = obligations(at("2027-06-01T00:00:00Z"), 1, &none, false, true, &BTreeMap::new());
        assert_eq!(o[1].due_by, "2028-03-01T00:00:00Z");
        // The calendar year where it was discovered, when that is the earlier one.
        let o = obligations(at("2026-12-31T20:00:00-05:00"), 1, &none, false, true, &BTreeMap::new());
        assert_eq!(o[1].due_by, "2027-03-02T00:00:00Z", "2026 in New York, 2027 in UTC");
        let o = obligations(at("2027-01-01T00:30:00+01:00"), 1, &none, false, true, &BTreeMap::new());
        assert_eq!(o[1].due_by, "2027-03-02T00:00:00Z", "2027 in Paris, 2026 in UTC");
        // 500 threshold: HHS contemporaneous.
        let o = obligations(at("2026-03-01T12:00:00Z"), 500, &none, false, true, &BTreeMap::new());
        assert_eq!(o[1].due_by, "2026-04-30T12:00:00Z");
    }

    #[test]
    fn media_gdpr_and_state() {
        let mut res = BTreeMap::new();
        res.insert("CA".to_string(), 501u64);
        res.insert("NV".to_string(), 499u64);
        let mut days = BTreeMap::new();
        days.insert("CA".to_string(), 15u32);
        let o = obligations(at("2026-03-01T12:00:00Z"), 1000, &res, true, true, &days);
        let kinds: Vec<(&str, Option<&str>)> = o.iter().map(|x| (x.kind, x.state.as_deref())).collect();
        assert!(kinds.contains(&("media_notice", Some("CA"))));
        assert!(!kinds.contains(&("media_notice", Some("NV"))));
        let gdpr = o.iter().find(|x| x.kind == "gdpr_art33").unwrap();
        assert_eq!(gdpr.due_by, "2026-03-04T12:00:00Z");
        let ca = o.iter().find(|x| x.kind == "state_notice").unwrap();
        assert_eq!(ca.due_by, "2026-03-16T12:00:00Z");
    }

    /// The output, parsed.
    fn classified(guard: &Guard, ev: &ExposureEvent) -> Result<Value, Error> {
        classify(guard, ev).map(|s| serde_json::from_str(&s).expect("classify writes JSON"))
    }

    fn event(json: &str) -> ExposureEvent {
        ExposureEvent::from_json(json).unwrap()
    }

    #[test]
    fn unauthenticated_response_is_critical_and_has_no_phi() {
        let g = Guard::from_json(r#"{"fingerprintKey":"0123456789abcdef0123456789abcdef"}"#).unwrap();
        let ev = event(r#"{"text":"{\"patientName\":\"Maria Garcia\",\"ssn\":\"219-09-9999\"}","channel":"response_body","route":"/api/patients/[id]","discoveredAt":"2026-03-01T12:00:00Z","authenticated":false}"#);
        let out = classified(&g, &ev).unwrap();
        assert_eq!(out["classification"]["exposureKind"], "unauthorized_disclosure");
        assert_eq!(out["classification"]["severity"], "critical");
        assert_eq!(out["classification"]["notification"], "presumed_breach");
        assert_eq!(out["classification"]["obligations"][0]["dueBy"], "2026-04-30T12:00:00Z");
        let s = out.to_string();
        assert!(!s.contains("Garcia") && !s.contains("219-09") && !s.contains("2190"), "{s}");
        assert_eq!(out["signal"]["hash"].as_str().unwrap(), signal_hash(&out["signal"]));
        assert_eq!(out["signal"]["fingerprints"]["individuals"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn same_person_same_fingerprint_across_events() {
        let g = Guard::from_json(r#"{"fingerprintKey":"0123456789abcdef0123456789abcdef"}"#).unwrap();
        let a = classified(&g, &event(r#"{"text":"ssn 219-09-9999","channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap();
        let b = classified(&g, &event(r#"{"text":"{\"ssn\":\"219099999\"}","channel":"response_body","discoveredAt":"2026-03-02T12:00:00Z"}"#)).unwrap();
        assert_eq!(a["signal"]["fingerprints"]["individuals"], b["signal"]["fingerprints"]["individuals"]);
        let other = Guard::from_json(r#"{"fingerprintKey":"another-key-another-key-another"}"#).unwrap();
        let c = classified(&other, &event(r#"{"text":"ssn 219-09-9999","channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap();
        assert_ne!(a["signal"]["fingerprints"]["individuals"], c["signal"]["fingerprints"]["individuals"], "keyed");
    }

    #[test]
    fn authorised_owner_and_raw_url_rejected() {
        let g = Guard::default();
        let ok = classified(&g, &event(r#"{"text":"ssn 219-09-9999","channel":"response_body","authenticated":true,"subjectIsCaller":true,"discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap();
        assert_eq!(ok["classification"]["severity"], "info");
        assert!(ok["signal"]["fingerprints"]["individuals"].as_array().unwrap().is_empty(), "no key, no fingerprints");
        let err = classified(&g, &event(r#"{"channel":"request_url","route":"/p?ssn=1","discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap_err();
        assert_eq!(err.code(), "event");
        let err = classified(&g, &event(r#"{"channel":"response_body","route":"/patients/maria.garcia@example.com/chart","discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap_err();
        assert_eq!(err.code(), "event");
        assert!(!err.to_string().contains("garcia"), "{err}");
        for route in ["/api/patients/[id]", "/visits/[visitId]/notes", "/", "/api/phi-guard/relay", "unknown", "/api/v2/oauth2/callback", "/reports/2024/[month]", "/(auth)/[[...slug]]"] {
            let ok = classified(&g, &event(&format!(r#"{{"channel":"server_log","route":"{route}","discoveredAt":"2026-03-01T12:00:00Z"}}"#)));
            assert!(ok.is_ok(), "{route} is a template");
        }
        // A request path holding an identifier, whatever segment it sits in
        // (a `/` before a dashed SSN hid it), percent-encoded or not, or an
        // id of five digits or more that no detector takes without a label:
        // the signal would carry it.
        for route in ["/a/219-09-9999", "/api/219-09-9999/chart", "/patients/%32%31%39-09-9999", "/a/219099999", "/a/MR884213", "/p/555%2D123%2D4567"] {
            let err = classified(&g, &event(&format!(r#"{{"text":"ssn 219-09-9999","channel":"server_log","route":"{route}","discoveredAt":"2026-03-01T12:00:00Z"}}"#))).unwrap_err();
            assert_eq!(err.code(), "event", "{route}");
            assert!(!err.to_string().contains("09-9999") && !err.to_string().contains("884213"), "{err}");
        }
        let bad = classified(&g, &event(r#"{"channel":"guard_failure","failure":"Maria Garcia","discoveredAt":"2026-03-01T12:00:00Z"}"#)).unwrap_err();
        assert_eq!(bad.code(), "event");
        assert!(classified(&g, &event(r#"{"channel":"guard_failure","failure":"trap","discoveredAt":"2026-03-01T12:00:00Z"}"#)).is_ok());
        assert!(ExposureEvent::from_json(r#"{"channel":"server_log","discoveredAt":"2026-03-01T12:00:00Z","bogus":1}"#).is_err());
    }

    // --- Timestamp against chrono's DateTime<Utc>, which it replaced ---

    use chrono::{Datelike, SecondsFormat, TimeZone, Utc};
    use proptest::prelude::*;

    type Chrono = chrono::DateTime<Utc>;

    fn chrono_iso(t: Chrono) -> String {
        t.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The deadlines the old code computed with chrono (`None` where chrono
    /// panicked: a due time past its last year, 262142).
    fn chrono_obligations(t: Chrono, year_there: i32, individuals: u64, state_days: u32) -> Option<Vec<String>> {
        let plus = |d: chrono::Duration| t.checked_add_signed(d).map(chrono_iso);
        let days60 = plus(chrono::Duration::days(60))?;
        let hhs = if individuals >= 500 {
            days60.clone()
        } else {
            // Since 2026-12-05 the earlier of the UTC year and the year at the written offset.
            chrono_iso(Utc.with_ymd_and_hms(t.year().min(year_there).checked_add(1)?, 1, 1, 0, 0, 0).single()?.checked_add_signed(chrono::Duration::days(60))?)
        };
        Some(vec![days60.clone(), hhs, days60, plus(chrono::Duration::hours(72))?, plus(chrono::Duration::days(i64::from(state_days)))?])
    }

    /// `json` gives the same `Timestamp` as it gave `DateTime<Utc>` (the same
    /// output, the same deadlines), or the same error.
    fn same_as_chrono(json: &str) -> Result<(), TestCaseError> {
        match (serde_json::from_str::<Chrono>(json), serde_json::from_str::<Timestamp>(json)) {
            (Ok(old), Ok(new)) => {
                prop_assert_eq!(iso(new), chrono_iso(old), "{}", json);
                for individuals in [3, 500] {
                    for state_days in [0, 1, 15, 59] {
                        let there = serde_json::from_str::<chrono::DateTime<chrono::FixedOffset>>(json).map_or(old.year(), |t| t.year());
                        let Some(want) = chrono_obligations(old, there, individuals, state_days) else { continue };
                        let residents = BTreeMap::from([("CA".to_string(), 501u64)]);
                        let days = BTreeMap::from([("CA".to_string(), state_days)]);
                        let got: Vec<String> = obligations(new, individuals, &residents, true, true, &days).into_iter().map(|o| o.due_by).collect();
                        prop_assert_eq!(got, want, "{} with {} individuals, {} state days", json, individuals, state_days);
                    }
                }
            }
            (Err(old), Err(new)) => prop_assert_eq!(new.to_string(), old.to_string(), "{}", json),
            (old, new) => prop_assert!(false, "{}: chrono {:?}, Timestamp {:?}", json, old, new),
        }
        Ok(())
    }

    fn same_as_chrono_str(s: &str) -> Result<(), TestCaseError> {
        same_as_chrono(&serde_json::to_string(s).unwrap())
    }

    #[test]
    fn timestamps_as_chrono_read_and_wrote_them() {
        for json in ["5", "null", "{}", "[]", "true", "1.5", "\"\""] {
            same_as_chrono(json).unwrap();
        }
        for s in [
            "2026-03-01T12:00:00Z", "2026-03-01t12:00:00z", "2026-03-01 12:00:00Z", "2026-03-01  12:00:00Z", "2026-03-01\t12:00:00Z",
            "2026-03-01T12:00:00.123456789Z", "2026-03-01T12:00:00.1234567891234Z", "2026-03-01T12:00:00.Z", "2026-03-01T12:00:00.xZ",
            "2026-03-01T12:00:00+05:30", "2026-03-01T12:00:00-05:30", "2026-03-01T12:00:00+0530", "2026-03-01T12:00:00+05 30",
            "2026-03-01T12:00:00+05::  30", "2026-03-01T12:00:00\u{2212}05:00", "2026-03-01T12:00:00+24:00", "2026-03-01T12:00:00+23:59",
            "2026-03-01T12:00:00+05:60", "2026-03-01T12:00:00+05:6x", "2026-03-01T12:00:00+5:00", "2026-03-01T12:00:00+05", "2026-03-01T12:00:00+05:3",
            "2026-03-01T12:00:00UTC", "2026-03-01T12:00:00 utc", "2026-03-01T12:00:00 Z ", "2026-03-01T12:00:00Z x", "2026-03-01T12:00:00GMT",
            "2026-03-01T12:00:00", "2026-03-01T12:00Z", "2026-03-01", "2026-03-01T", "", " ", "x", "2026", "2026-", "20260-03-01T12:00:00Z",
            " 2026 - 3 - 1 T 1 : 2 : 3 Z", "2026-3-1T1:2:3Z", "2026-003-01T12:00:00Z", "2026-13-01T12:00:00Z", "2026-00-01T12:00:00Z",
            "2026-02-29T12:00:00Z", "2028-02-29T12:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-12-31T23:59:60Z", "2026-06-30T12:34:60.5+01:00", "2026-03-01T24:00:00Z", "2026-03-01T12:60:00Z", "2026-03-01T12:00:61Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "-1-01-01T00:00:00Z",
            "+262142-12-31T23:59:59Z", "+262142-12-31T23:59:59-01:00", "+262143-01-01T00:00:00Z", "-262143-01-01T00:00:00Z",
            "-262143-01-01T00:00:00+01:00", "-262144-12-31T23:00:00-01:00", "+2147483648-01-01T00:00:00Z", "+99999999999999999999-01-01T00:00:00Z",
            "+-2026-01-01T00:00:00Z", "+", "-", "2026-03-01T12:00:00+", "\u{3000}2026-03-01T12:00:00Z\u{3000}", "2026-03-01T12:00:00 +05:00",
            "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2027-06-01T00:00:00Z", "219-09-9999", "2026-03-01T12:00:00.123Z",
        ] {
            same_as_chrono_str(s).unwrap();
        }
    }

    /// A number field: in `range` (one or two digits) most of the time,
    /// else any digits, a sign, or nothing.
    fn num(range: std::ops::RangeInclusive<u32>) -> impl Strategy<Value = String> {
        prop_oneof![
            8 => (range, any::<bool>()).prop_map(|(v, pad)| if pad { format!("{v:02}") } else { v.to_string() }),
            1 => proptest::string::string_regex("[0-9]{1,3}").unwrap(),
            1 => proptest::string::string_regex("[+\\-]?[0-9]{0,21}").unwrap(),
        ]
    }

    /// One of `common` most of the time, else one of `rare`.
    fn pick(common: &'static [&'static str], rare: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
        prop_oneof![9 => prop::sample::select(common), 1 => prop::sample::select(rare)]
    }

    /// Near-RFC 3339 text: each part well formed most of the time, with
    /// chrono's relaxations and the mistakes it refuses mixed in.
    fn near_rfc3339() -> impl Strategy<Value = String> {
        let ws = || pick(&["", "", "", " "], &["\t", "\u{3000}", "  "]);
        let sep = |c: &'static [&'static str]| pick(c, &["", "/", ".", " ", "x"]);
        let year = prop_oneof![
            6 => proptest::string::string_regex("(19|20)[0-9]{2}").unwrap(),
            1 => proptest::string::string_regex("[+\\-][0-9]{1,7}").unwrap(),
            1 => proptest::string::string_regex("[+\\-]?[0-9]{0,21}").unwrap(),
        ];
        let frac = pick(&["", "", ".5", ".123456789", ".0001"], &[".1234567890123", ".", ".x", ":", ". 5"]);
        let tz = pick(
            &["Z", "z", "UTC", "utc", "+00:00", "-05:30", "+0530", "+05 30", "\u{2212}01:00", "+23:59", "-23:59", "+14:00"],
            &["+24:00", "+05:60", "+5:00", "+05", "", "GMT", "+99:99", "Z Z", "+01:00x", "+05:6x", "U", "+"],
        );
        let t = pick(&["T", "T", "t", " "], &["  ", "x", "", "\t"]);
        let date = (ws(), year, sep(&["-"]), num(1..=12), sep(&["-"]), num(1..=31), t).prop_map(|p| [p.0, &p.1, p.2, &p.3, p.4, &p.5, p.6].concat());
        let time = (num(0..=23), sep(&[":"]), num(0..=59), sep(&[":"]), num(0..=60), frac, ws(), tz, ws())
            .prop_map(|p| [&p.0, p.1, &p.2, p.3, &p.4, p.5, p.6, p.7, p.8].concat());
        (date, time).prop_map(|(d, t)| d + &t)
    }

    /// Well-formed fields over chrono's whole range (and a little past it),
    /// day 29-31 in every month, leap seconds, offsets up to a day.
    fn any_instant() -> impl Strategy<Value = String> {
        let year = prop_oneof![1900i64..2200, -262_145i64..262_145, prop::sample::select(vec![-262_144i64, -262_143, 262_142, 262_143, -1, 0, 9999, 10000])];
        (year, 1u32..=12, 1u32..=31, 0u32..24, 0u32..60, 0u32..=60, -1441i32..=1441)
            .prop_map(|(y, mo, d, h, mi, s, off)| {
                let y = if (0..=9999).contains(&y) { format!("{y:04}") } else { format!("{y:+05}") };
                let tz = if off == 0 { "Z".to_string() } else { format!("{}{:02}:{:02}", if off < 0 { '-' } else { '+' }, off.abs() / 60, off.abs() % 60) };
                format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{tz}")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]
        #[test]
        fn timestamps_parse_as_chrono_parsed_them(s in near_rfc3339()) {
            same_as_chrono_str(&s)?;
        }

        #[test]
        fn deadlines_as_chrono_computed_them(s in any_instant()) {
            same_as_chrono_str(&s)?;
        }
    }

    // --- The JSON writer against the `Value` construction it replaced ---

    #[test]
    fn mitigation_names_are_the_lowercase_debug_names() {
        for (_, m) in MITIGATIONS {
            assert_eq!(name(MITIGATIONS, *m), format!("{m:?}").to_lowercase());
        }
    }

    /// Text with identifiers of most types, some of them twice.
    const SNIPPETS: &[&str] = &[
        "Maria Garcia",
        "John Smith",
        "ssn 219-09-9999",
        "SSN 078-05-1120",
        "maria.garcia@example.com",
        "call (312) 555-0142",
        "MRN 00482137",
        "DOB 03/14/1962",
        "card 4111 1111 1111 1111",
        "from 192.168.14.2",
        "1200 Main Street, Springfield, IL 62704",
        "age 94",
        "plan ID: XYZ123456789",
        "{\"patientName\":\"Maria Garcia\",\"ssn\":\"219-09-9999\"}",
        "nothing here",
        " ",
        "\n",
    ];

    /// Strings with what JSON must escape (quotes, backslashes, every kind
    /// of control character) and what it must not (DEL, non-ASCII).
    const ODD: &str = "[a-zA-Z\"\\\\\\x00-\\x1f\\x7fé😀]{0,6}";

    fn token(extra: &'static str) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[a-zA-Z0-9][a-zA-Z0-9._:{extra}-]{{0,12}}")).unwrap()
    }

    fn instant() -> impl Strategy<Value = Timestamp> {
        let (first, last) = (days_from_civil(MIN_YEAR, 1, 1) * 86_400, days_from_civil(MAX_YEAR, 12, 31) * 86_400 + 86_399);
        let near = days_from_civil(2026, 1, 1) * 86_400;
        (prop_oneof![3 => near..near + 3 * 366 * 86_400, 1 => first..=last], any::<bool>()).prop_map(|(secs, leap)| Timestamp { secs, leap: leap && secs % 60 == 59, offset: 0 })
    }

    /// Events over every field: channels, policies, roles and mitigations
    /// for each rule, odd state names and routes for the escapes.
    fn events() -> impl Strategy<Value = ExposureEvent> {
        let text = prop::option::weighted(0.9, proptest::collection::vec(prop::sample::select(SNIPPETS), 0..6).prop_map(|v| v.join(", ")));
        let format = prop::option::weighted(0.2, prop::sample::select(FORMATS).prop_map(|(_, f)| f));
        let route = prop::option::of(prop_oneof![
            prop::sample::select(vec!["/api/patients/[id]", "/", "unknown", "/visits/[visitId]/notes"]).prop_map(String::from),
            proptest::string::string_regex(ODD).unwrap().prop_map(|s| format!("/r/{s}")),
        ]);
        let who = (
            prop::option::of(prop::sample::select(vec!["edge", "nodejs", "browser", "cli"]).prop_map(String::from)),
            any::<bool>(),
            prop::option::of(prop::sample::select(vec!["clinician", "patient", "admin", ""]).prop_map(String::from)),
            prop::option::of(any::<bool>()),
            prop::option::of(prop::sample::select(POLICIES).prop_map(|(_, p)| p)),
        );
        let state = prop_oneof![prop::sample::select(vec!["CA", "NV", "TX", "NY", "a\"b\\\u{8}\u{c}\u{1f}\u{7f}é😀"]).prop_map(String::from), proptest::string::string_regex(ODD).unwrap()];
        let residents = proptest::collection::btree_map(state, prop::sample::select(vec![0u64, 1, 499, 500, 501, 100_000, u64::MAX]), 0..4);
        let chain = prop::option::of((token(""), prop_oneof![1u64..5, Just(u64::MAX)], prop::option::of("[0-9a-f]{64}")).prop_map(|(emitter_id, seq, prev_hash)| Chain { emitter_id, seq, prev_hash }));
        let ids = (prop::option::of(token("/")), prop::option::of(token("/")), prop::option::of(token("")), chain, prop::option::of(prop::sample::select(vec!["trap", "init", "a.b-c_9"]).prop_map(String::from)));
        let what = (prop::sample::select(CHANNELS).prop_map(|(_, c)| c), prop::sample::select(MITIGATIONS).prop_map(|(_, m)| m), instant(), prop::option::of(instant()), any::<bool>(), any::<bool>(), residents);
        (text, format, route, who, ids, what).prop_map(|(text, format, route, who, ids, what)| ExposureEvent {
            text,
            format,
            channel: what.0,
            route,
            runtime: who.0,
            authenticated: who.1,
            role: who.2,
            subject_is_caller: who.3,
            policy: who.4,
            mitigation: what.1,
            discovered_at: what.2,
            occurred_at: what.3,
            eu_subjects: what.4,
            resident_states: what.6,
            drill: what.5,
            deployment: ids.0,
            region: ids.1,
            signal_id: ids.2,
            chain: ids.3,
            failure: ids.4,
        })
    }

    /// Guards without and with a fingerprint key, deployment, region and
    /// deadlines for odd state names.
    fn guards() -> Vec<Guard> {
        let config = json!({
            "fingerprintKey": "0123456789abcdef0123456789abcdef",
            "deployment": "prod-1",
            "region": "us-east/1",
            "stateDeadlineDays": { "CA": 15, "NV": 59, "TX": 60, "a\"b\\\u{8}\u{c}\u{1f}\u{7f}é😀": 10 },
        });
        vec![Guard::default(), Guard::from_json(&config.to_string()).unwrap()]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
        #[test]
        fn json_is_what_the_value_construction_wrote(ev in events(), g in 0usize..2) {
            let guard = &guards()[g];
            if let Ok(a) = assess(guard, &ev) {
                prop_assert_eq!(a.to_json(), reference(guard, &a).to_string());
            }
        }

        /// A string literal as serde_json writes it, for any string: runs
        /// of plain chars, every escape, and escapes next to each other
        /// and at either end.
        #[test]
        fn json_str_is_serde_jsons(s in prop_oneof![any::<String>(), "[\"\\\\\u{0}-\u{1f}aé😀]{0,12}"]) {
            let mut w = Json(String::new());
            w.str(&s);
            prop_assert_eq!(w.0, serde_json::to_string(&s).unwrap());
        }
    }

    // --- tally against the BTreeMap of BTreeSets it replaced ---

    /// `tally` reads a value's type back from its first byte as an index
    /// of `PhiType::ALL`, and counts by name in `BY_NAME` order.
    #[test]
    fn type_bytes_and_name_order() {
        for (i, t) in PhiType::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(type_byte(t)), i, "{t:?}");
        }
        let mut by_name = PhiType::ALL;
        by_name.sort_by_key(|t| t.as_str());
        assert_eq!(BY_NAME, by_name);
    }

    fn reference_tally(findings: &[Finding], text: &str, key: Option<&[u8]>) -> Tally {
        use std::collections::BTreeSet;
        // Counts per type and distinct normalised values per type.
        let mut type_counts: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut distinct: BTreeMap<PhiType, BTreeSet<String>> = BTreeMap::new();
        for f in findings {
            *type_counts.entry(f.kind.as_str()).or_default() += 1;
            distinct.entry(f.kind).or_default().insert(crate::redact::normalise(f.kind, &text[f.start..f.end]));
        }
        let present: BTreeSet<PhiType> = distinct.keys().copied().collect();
        let anchor = ANCHORS.iter().copied().find(|t| present.contains(t));
        let individuals = anchor.map_or(0, |t| distinct[&t].len() as u64);
        let records = distinct.values().map(|s| s.len() as u64).max().unwrap_or(0);

        // Fingerprints: keyed only, each HMAC keyed from the key's bytes
        // (not through a prepared `Key`).
        let fp = |t: PhiType, v: &str| {
            key.map(|k| {
                use hmac::Mac;
                let mut mac = hmac::Hmac::<Sha256>::new_from_slice(k).expect("any key length");
                mac.update(format!("{}:{}", t.as_str(), crate::redact::normalise(t, v)).as_bytes());
                hex(&mac.finalize().into_bytes())[..32].to_string()
            })
        };
        let individual_fps: Vec<String> = match (anchor, key) {
            (Some(t), Some(_)) => distinct[&t].iter().filter_map(|v| fp(t, v)).collect(),
            _ => vec![],
        };
        let identifier_fps: Vec<String> = if key.is_some() {
            distinct.iter().filter(|(t, _)| t.is_direct_identifier()).flat_map(|(t, vs)| vs.iter().filter_map(move |v| fp(*t, v))).collect::<BTreeSet<_>>().into_iter().collect()
        } else {
            vec![]
        };
        Tally { present: present.into_iter().collect(), type_counts: type_counts.into_iter().collect(), individuals, records, individual_fps, identifier_fps }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn tally_is_the_reference(
            spans in proptest::collection::vec((prop::sample::select(&PhiType::ALL[..]), prop::sample::select(vec!["219-09-9999", "219099999", "Maria Garcia", "maria  garcia,", "a@b.co", "A@B.CO", "x", "12", "é 1", ""])), 0..12),
            some_types in any::<bool>(),
            keyed in any::<bool>(),
        ) {
            // Few types, so that values repeat within a type, or any type.
            let few = [PhiType::Ssn, PhiType::Name, PhiType::Email, PhiType::Date];
            let (mut text, mut findings) = (String::new(), Vec::new());
            for (kind, value) in spans {
                let kind = if some_types { few[kind as usize % few.len()] } else { kind };
                text.push(' ');
                findings.push(Finding { kind, start: text.len(), end: text.len() + value.len(), score: 0.9, detector: "test".into(), reason: "" });
                text.push_str(value);
            }
            let key = keyed.then_some(&b"0123456789abcdef"[..]);
            prop_assert_eq!(tally(&findings, &text, key.map(Key::new).as_ref()), reference_tally(&findings, &text, key));
        }
    }
}
