//! iCalendar events and vCards (RFC 5545, RFC 6350) read by property.
//!
//! The text scan finds most of what a calendar or a card holds (names in
//! `SUMMARY`, phones, e-mails, the street of an `ADR`), but not what only
//! the property says: an appointment's `DTSTART` (`20250314T093000`, no
//! date the date detector reads), the components of `N:Reddy;Sanjay;;;`
//! and of `ADR:;;street;City;ST;zip;US`, a `BDAY`. Nor does it know whose
//! a value is: an event `UID` (`appt-…@clinic.example`) is no mailbox,
//! the `ORGANIZER` and a room's or a group's `ATTENDEE` are the clinic's,
//! and so is a card with `KIND:org`, or with an `ORG` and no `N` (an
//! organisation's card): those are quiet, nothing the scan finds in them
//! is kept.
//!
//! An event's `DTSTART`, `DTEND` and `RECURRENCE-ID` are a person's dates
//! only where the event names someone: they are reported when something
//! else is found in the event (a name, a phone, an address), so a staff
//! huddle, a room booking, a free/busy block and a time zone's rules keep
//! their dates ([`Calendar::dates`]).
//!
//! A property line may be folded (a line break and a space): it is read
//! whole. A value the fold splits (`208-` / ` 555-0175`) is not found: a
//! scan of the line unfolded cost 650 bytes of the compressed wasm.

use super::hl7::piece;
use crate::finding::{why, Hit};
use crate::PhiType;

const WHY: crate::finding::Why = why!("calendar", "property of a person's calendar event or card");

/// What [`read`] found that waits for the text scan's findings.
#[derive(Default)]
pub(super) struct Calendar {
    /// The events (start, end) and their quiet ranges.
    events: Vec<(usize, usize)>,
    quiet: Vec<(usize, usize)>,
    /// The events' `DTSTART`, `DTEND` and `RECURRENCE-ID` values.
    dates: Vec<Hit>,
}

/// Whether `b` may hold a calendar or a card: it starts with one, or a
/// label `VCARD`, `VCALENDAR` or `VEVENT` (a role label, saying nothing
/// else) follows a `BEGIN:` (a card in a log line).
pub(super) fn may_hold(b: &[u8], labels: &[crate::labels::LabelHit]) -> bool {
    b.starts_with(b"BEGIN:V") || labels.iter().any(|l| l.kind == crate::labels::LabelKind::Role && b[..l.start].ends_with(b"BEGIN:"))
}

/// A property name or value as a number: its first eight bytes, ASCII
/// letters in capitals (0 for one longer than 13 bytes, which none of
/// ours is), compared at the cost of a number, not of a byte string.
#[inline(never)]
const fn key(v: &[u8]) -> u64 {
    let (mut n, mut i) = (0, 0);
    while i < v.len() && i < 8 {
        n = n << 8 | v[i].to_ascii_uppercase() as u64;
        i += 1;
    }
    if v.len() > 13 {
        0
    } else {
        n
    }
}

const BEGIN: u64 = key(b"BEGIN");
const END: u64 = key(b"END");
const VEVENT: u64 = key(b"VEVENT");
const VCARD: u64 = key(b"VCARD");
const UID: u64 = key(b"UID");
const ORGANIZER: u64 = key(b"ORGANIZER");
const ATTENDEE: u64 = key(b"ATTENDEE");

/// Each calendar or card in `b`, its properties read: what they say is
/// added to `hits`, the ranges whose findings are no one's to `quiet`
/// (in order).
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
pub(super) fn read(b: &[u8], hits: &mut Vec<Hit>, quiet: &mut Vec<(usize, usize)>) -> Calendar {
    let mut cal = Calendar::default();
    let mut from = 0;
    while let Some(at) = find(b, from, b.len(), b"BEGIN:V") {
        // A card logged as one line has its line breaks escaped (`\n`).
        let esc = at + b[at..].iter().take_while(|c| c.is_ascii_alphabetic() || **c == b':').count();
        from = block(b, at, b.get(esc) == Some(&b'\\'), &mut cal, hits);
    }
    for &q in &cal.quiet {
        quiet.insert(quiet.partition_point(|r| r.0 < q.0), q);
    }
    // Another reader's range (an X12 element's) may overlap one of ours:
    // overlapping ranges become one, as the text scan reads them in order
    // and apart.
    quiet.dedup_by(|next, last| {
        let overlap = next.0 < last.1;
        if overlap {
            last.1 = last.1.max(next.1);
        }
        overlap
    });
    cal
}

/// Where `what` is first in `b[from..to]`.
#[inline(never)]
pub(super) fn find(b: &[u8], from: usize, to: usize, what: &[u8]) -> Option<usize> {
    (from..to.saturating_sub(what.len() - 1)).find(|&k| b[k..].starts_with(what))
}

/// The end of the line break at `i` (`\n`, `\r\n`, or escaped as two
/// bytes each), or `None` if none starts there.
#[inline(never)]
fn line_break(b: &[u8], i: usize, esc: bool) -> Option<usize> {
    let unit = |j: usize, [c, raw]: [u8; 2]| {
        if esc {
            (b.get(j) == Some(&b'\\') && b.get(j + 1) == Some(&c)).then_some(j + 2)
        } else {
            (b.get(j) == Some(&raw)).then_some(j + 1)
        }
    };
    unit(unit(i, *b"r\r").unwrap_or(i), *b"n\n")
}

/// Reads the block whose `BEGIN` is at `at` to its last `END` (nested
/// blocks included), and returns where it ends.
#[cfg_attr(phi_guard_small, optimize(size))]
fn block(b: &[u8], at: usize, esc: bool, cal: &mut Calendar, hits: &mut Vec<Hit>) -> usize {
    let (mut i, mut depth) = (at, 0u32);
    // The open event's start, and the open card's: its start, what it
    // says it is (bit 1 `KIND:org`, 2 an `ORG`, 4 an `N`) and where its
    // values start in `hits`.
    let (mut event, mut card) = (None, None);
    while i < b.len() {
        // The logical line [i, e): up to a break not followed by a fold.
        let (mut e, mut next) = (i, b.len());
        while e < b.len() {
            match line_break(b, e, esc) {
                Some(n) if matches!(b.get(n), Some(b' ' | b'\t')) => e = n + 1,
                Some(n) => {
                    next = n;
                    break;
                }
                // A card logged as a quoted string ends with it.
                None if esc && b[e] == b'"' && b[e - 1] != b'\\' => {
                    next = e;
                    break;
                }
                None => e += 1,
            }
        }
        let line = &b[i..e];
        let name = key(&line[..line.iter().position(|&c| c == b';' || c == b':').unwrap_or(line.len())]);
        // The value: after the first `:` outside a quoted parameter
        // (`CN="Doe, Jane":mailto:…`).
        let mut quoted = false;
        let value = i + line.iter().position(|&c| {
            quoted ^= c == b'"';
            c == b':' && !quoted
        }).map_or(line.len(), |k| k + 1);
        let v = key(&b[value..e]);
        match name {
            BEGIN => {
                depth += 1;
                if v == VEVENT {
                    event = Some(i);
                } else if v == VCARD {
                    card = Some((i, 0, hits.len()));
                }
            }
            END => {
                if let (Some(s), VEVENT) = (event, v) {
                    cal.events.push((s, e));
                    event = None;
                }
                if let (Some((s, kind, from)), VCARD) = (card, v) {
                    card = None;
                    // An organisation's card: quiet, its values not reported.
                    if kind & 1 != 0 || kind & 6 == 2 {
                        hits.truncate(from);
                        while cal.quiet.last().is_some_and(|q| q.0 >= s) {
                            cal.quiet.pop();
                        }
                        cal.quiet.push((s, e));
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return next.max(i + 1);
                }
            }
            // An event's id, its organiser, a room or a group: no one's.
            UID | ORGANIZER => cal.quiet.push((i, e)),
            ATTENDEE if find(b, i, value, b"CUTYPE=").is_some_and(|k| !b[k + 7..].starts_with(b"INDIVIDUAL")) => cal.quiet.push((i, e)),
            _ => {
                if let Some((_, kind, _)) = card.as_mut() {
                    *kind |= card_property(b, name, value, e, hits);
                } else if event.is_some() {
                    event_property(b, name, value, e, cal, hits);
                }
            }
        }
        i = next.max(i + 1);
    }
    b.len()
}

/// Pushes the value `s..e` as `ty`, if not empty.
fn push(hits: &mut Vec<Hit>, ty: PhiType, s: usize, e: usize) {
    if s < e {
        hits.push(Hit::new(ty, s, e, 0.9, WHY));
    }
}

/// Reads an event's property: its dates wait for [`Calendar::dates`]; a
/// home address in `LOCATION`, its commas escaped (`1910 Washington
/// Street #525\, Austin\, TX 78764`), gives the city and state (escaped
/// comma inside) and the ZIP when the value starts with a house number
/// and ends with a state and a ZIP (the street is the text scan's).
#[cfg_attr(phi_guard_small, optimize(size))]
fn event_property(b: &[u8], name: u64, s: usize, e: usize, cal: &mut Calendar, hits: &mut Vec<Hit>) {
    const DTSTART: u64 = key(b"DTSTART");
    const DTEND: u64 = key(b"DTEND");
    const RECURRENCE_ID: u64 = key(b"RECURRENCE-ID");
    const LOCATION: u64 = key(b"LOCATION");
    let v = &b[s..e];
    match name {
        DTSTART | DTEND | RECURRENCE_ID if v.iter().all(|c| c.is_ascii_digit() || matches!(c, b'T' | b'Z')) => push(&mut cal.dates, PhiType::Date, s, e),
        LOCATION => {
            // The last two escaped commas.
            let (mut city, mut last, mut k) = (None, None, s);
            while let Some(c) = find(b, k, e, b"\\, ") {
                (city, last, k) = (last, Some(c), c + 1);
            }
            let (Some(city), Some(last), true) = (city, last, v.first().is_some_and(u8::is_ascii_digit)) else { return };
            let (city, last) = (city + 3, last - s);
            let tail = &v[last + 3..];
            let zip = tail.len().wrapping_sub(3);
            if (zip == 5 || (zip == 10 && tail[8] == b'-')) && tail[..2].iter().all(u8::is_ascii_uppercase) && tail[2] == b' ' && tail[3..8].iter().all(u8::is_ascii_digit) {
                push(hits, PhiType::Address, city, s + last + 5);
                push(hits, PhiType::ZipCode, s + last + 6, e);
            }
        }
        _ => {}
    }
}

/// Reads a card's property: `N` (family and given names), `ADR` (street,
/// locality, postal code), `BDAY`; returns what it says the card is
/// (bit 1 `KIND:org`, 2 an `ORG`, 4 an `N`).
#[cfg_attr(phi_guard_small, optimize(size))]
fn card_property(b: &[u8], name: u64, s: usize, e: usize, hits: &mut Vec<Hit>) -> u8 {
    let mut part = |k: usize, ty: PhiType| {
        let p = piece(b, s, e, b';', k);
        let at = (p.as_ptr() as usize).wrapping_sub(b.as_ptr() as usize);
        push(hits, ty, at, at + p.len());
    };
    const KIND: u64 = key(b"KIND");
    const ORG: u64 = key(b"ORG");
    const ORGANIZATION: u64 = key(b"ORGANIZATION");
    const N: u64 = key(b"N");
    const BDAY: u64 = key(b"BDAY");
    const ADR: u64 = key(b"ADR");
    match name {
        KIND => return u8::from(matches!(key(&b[s..e]), ORG | ORGANIZATION)),
        ORG => return 2,
        N => {
            part(1, PhiType::Name);
            part(2, PhiType::Name);
            return 4;
        }
        BDAY => push(hits, PhiType::Date, s, e),
        ADR => {
            part(3, PhiType::Address);
            part(4, PhiType::Address);
            part(6, PhiType::ZipCode);
        }
        _ => {}
    }
    0
}

impl Calendar {
    /// After the text scan (its findings `out[from..]`): the dates of each
    /// event in which something is found outside the quiet ranges (the
    /// event names someone).
    ///
    /// One pass over the findings, each placed in its event and tested
    /// against the quiet ranges by binary search (both are in order and
    /// disjoint, as the blocks are read), then the named events' dates,
    /// also in order: a feed of thousands of events, each with findings
    /// and a quiet `UID`, costs no event times findings times ranges.
    #[inline(never)]
    #[cfg_attr(phi_guard_small, optimize(size))]
    pub(super) fn dates(&self, out: &mut Vec<Hit>, from: usize) {
        let mut named = vec![false; self.events.len()];
        for h in &out[from..] {
            let i = self.events.partition_point(|ev| ev.0 <= h.start);
            if h.kind != PhiType::Date && i > 0 && h.end <= self.events[i - 1].1 && !super::within_any(&self.quiet, h.start, h.end) {
                named[i - 1] = true;
            }
        }
        for d in &self.dates {
            let i = self.events.partition_point(|ev| ev.0 <= d.start);
            if i > 0 && named[i - 1] && d.end <= self.events[i - 1].1 {
                out.push(d.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};
    use PhiType::*;

    fn found(text: &str) -> Vec<(PhiType, &str)> {
        Guard::default().scan(text, Format::Text).findings.iter().map(|f| (f.kind, &text[f.start..f.end])).collect()
    }

    fn has(text: &str, want: &[(PhiType, &str)]) {
        let f = found(text);
        for w in want {
            assert!(f.contains(w), "{w:?} not in {f:?}");
        }
    }

    /// Another reader's quiet range (an X12 element's, in a text holding
    /// both) may overlap the calendar's own: the ranges come out merged,
    /// in order and apart, as the text scan reads them.
    #[test]
    fn quiet_ranges_that_overlap_another_readers_are_merged() {
        let text = b"BEGIN:VEVENT\r\nUID:appt-x7k2@clinic.example\r\nEND:VEVENT\r\nNM1*IL*1*DOE";
        let uid = text.windows(4).position(|w| w == b"UID:").unwrap();
        let theirs = [(2, 5), (uid + 6, uid + 40), (text.len() - 3, text.len())];
        let mut quiet = theirs.to_vec();
        super::read(text, &mut Vec::new(), &mut quiet);
        for w in quiet.windows(2) {
            assert!(w[0].1 <= w[1].0, "{quiet:?}");
        }
        let covered = |at: usize| quiet.iter().any(|&(s, e)| s <= at && at < e);
        assert!(covered(uid) && theirs.iter().all(|&(s, e)| (s..e).all(covered)), "{quiet:?}");
    }

    /// A patient's appointment: its start, end and moved occurrence are
    /// dates, its UID and organiser no one's; an alarm inside the event
    /// does not end it.
    #[test]
    fn an_appointments_dates_are_a_persons_and_its_uid_no_mailbox() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:appt-x7k2@clinic.example\r\nDTSTAMP:20250211135955Z\r\n\
                    DTSTART;TZID=America/Chicago:20230222T080000\r\nBEGIN:VALARM\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\n\
                    DTEND;TZID=America/Chicago:20230222T083000\r\nRECURRENCE-ID:20230301T080000Z\r\n\
                    SUMMARY:F/U - GARCIA, MARIA\r\nORGANIZER;CN=Scheduling:mailto:scheduling@lakeside-clinic.example\r\n\
                    END:VEVENT\r\nEND:VCALENDAR";
        has(text, &[(Date, "20230222T080000"), (Date, "20230222T083000"), (Date, "20230301T080000Z")]);
        assert!(found(text).iter().all(|f| f.0 != Email), "{:?}", found(text));
    }

    /// In a feed, each event's dates go by what is found in that event:
    /// a patient's visit between two staff events keeps only its own
    /// dates, and a finding in one event's quiet `UID` names no one.
    #[test]
    fn a_feeds_events_are_decided_one_by_one() {
        let event = |uid: &str, day: &str, summary: &str| format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{day}T150000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n");
        let text = format!(
            "BEGIN:VCALENDAR\r\n{}{}{}{}END:VCALENDAR",
            event("s1", "20230307", "Staff huddle"),
            event("p1", "20230308", "Telehealth visit - GARCIA, MARIA"),
            event("219-09-9999@clinic.example", "20230309", "Room check"),
            event("s2", "20230310", "Staff huddle"),
        );
        let dates: Vec<_> = found(&text).into_iter().filter(|f| f.0 == Date).map(|f| f.1).collect();
        assert_eq!(dates, ["20230308T150000Z"]);
    }

    /// A staff meeting and a provider's free/busy name no one: their
    /// dates, the room's mailbox (folded) and the organiser stay clean.
    #[test]
    fn a_staff_event_and_free_busy_keep_their_dates() {
        let staff = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:c6443b18\r\nDTSTART;TZID=America/Chicago:20230307T150000\r\n\
                     SUMMARY:Staff huddle\r\nORGANIZER;CN=Clinic Operations:mailto:ops@lakeside-clinic.example\r\n\
                     ATTENDEE;CUTYPE=ROOM;CN=Room 2:mailto:room5\r\n @lakeside-clinic.example\r\nEND:VEVENT\r\nEND:VCALENDAR";
        assert_eq!(found(staff), []);
        let busy = "BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nDTSTART:20230625T130000Z\r\nDTEND:20240310T230000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR";
        assert_eq!(found(busy), []);
    }

    /// A home visit's location with escaped commas: the city and state,
    /// and the ZIP; a room's location is none.
    #[test]
    fn a_home_visits_location_gives_its_city_and_zip() {
        let text = "BEGIN:VEVENT\r\nDTSTART:20231121T220000Z\r\nSUMMARY:Home visit: Garcia, Maria\r\n\
                    LOCATION:4417 Wexford Lane #5\\, Springfield\\, IL 62704\r\nEND:VEVENT";
        has(text, &[(Address, "Springfield\\, IL"), (ZipCode, "62704"), (Date, "20231121T220000Z")]);
        let room = "BEGIN:VEVENT\r\nSUMMARY:Huddle\r\nLOCATION:Exam 4\\, Floor 2\\, IL 62704\r\nEND:VEVENT";
        assert_eq!(found(room), []);
    }

    /// A person's card: N gives family and given names, ADR its
    /// locality and postal code, BDAY the date; as a file and logged on
    /// one line with escaped breaks.
    #[test]
    fn a_persons_vcard_is_read_by_property() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Garcia Lopez;Maria;;;\r\nFN:Maria Garcia Lopez\r\n\
                    ADR;TYPE=home:;;4417 Wexford Ln;Springfield;IL;62704-1234;US\r\nBDAY:19610314\r\n\
                    UID:urn:uuid:114eea0d-24aa-4139-b105-db158553e548\r\nEND:VCARD";
        has(text, &[(Name, "Garcia Lopez"), (Name, "Maria"), (Address, "Springfield"), (ZipCode, "62704-1234"), (Date, "19610314")]);
        let log = r#"INFO contacts.import bytes=200 card="BEGIN:VCARD\nVERSION:3.0\nN:Reddy;Sanjay;C;;\nEND:VCARD" result=created"#;
        has(log, &[(Name, "Reddy"), (Name, "Sanjay")]);
    }

    /// The clinic's own card (`KIND:org`, or an `ORG` and no `N`): its
    /// fax, mailbox and address are no one's.
    #[test]
    fn an_organisations_vcard_is_no_ones() {
        for kind in ["KIND:org\r\n", ""] {
            let text = format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Lakeside Clinic\r\nFN:Lakeside Clinic\r\n{kind}TEL;TYPE=work,fax:(206) 555-0172\r\n\
                 EMAIL;TYPE=work:frontdesk@lakeside-clinic.example\r\nADR;TYPE=work:;;7097 Hospital Dr;Phoenix;AZ;85099;US\r\nEND:VCARD"
            );
            assert_eq!(found(&text), [], "{kind}");
        }
        // With an N, an ORG is the person's employer.
        let person = "BEGIN:VCARD\r\nN:Garcia;Maria;;;\r\nORG:Acme Corp\r\nEND:VCARD";
        has(person, &[(Name, "Garcia"), (Name, "Maria")]);
    }
}
