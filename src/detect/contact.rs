//! Contact identifiers: e-mail, phone and fax, URLs that identify a person,
//! IP addresses.

use super::{has, token_end, token_start, Ctx};
use crate::finding::{why, Hit, Why};
use crate::labels::LabelKind;
use crate::validate;
use crate::PhiType;

/// Role and machine mailboxes name a function, not a person: an
/// organisation's desks and its sending addresses (`billing@`,
/// `reminders@notify.clinic.example`) as well as machines.
const ROLE_MAILBOXES: &[&str] = &[
    "noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "hostmaster", "webmaster", "ci",
    "bot", "ci-bot", "build", "builds", "deploy", "github-actions", "dependabot", "root", "daemon", "notifications",
    "notification", "notify", "support", "billing", "reminders", "reminder", "info", "help", "helpdesk", "admin",
    "appointments", "appointment", "scheduling", "frontdesk", "front-desk", "ops", "alerts", "alert", "careteam",
    "care-team", "intake", "contact", "hello", "office", "security", "abuse", "privacy", "feedback", "bounces",
    "referrals", "referral", "records", "refills", "results", "fax",
];
/// The longest of [`ROLE_MAILBOXES`]: a longer local part is on no list
/// (most personal ones), and the list is not read for it, nor for one
/// with a byte none of them has (a dot, a digit, an underscore).
const LONGEST_ROLE: usize = 14;
/// Top-level domains that never reach a person's inbox.
const INTERNAL_TLDS: &[&str] = &["internal", "local", "localhost", "invalid", "lan", "corp", "home", "localdomain"];

// Hosts whose profile URLs name a person.
const SOCIAL_HOSTS: &[&str] = &[
    "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "linkedin.com", "tiktok.com", "youtube.com",
    "github.com", "reddit.com", "pinterest.com", "snapchat.com", "threads.net", "medium.com", "myspace.com", "tumblr.com",
    "mastodon.social", "bsky.app", "venmo.com", "cash.app", "paypal.me", "onlyfans.com", "patreon.com", "about.me", "vk.com",
];

/// First path segments on a social host that are the site's own pages, not a profile.
const SOCIAL_GENERIC: &[&str] = &[
    "", "about", "help", "login", "signup", "legal", "privacy", "terms", "policies", "docs", "settings", "explore", "home", "search", "hashtag",
    "share", "sharer", "intent", "watch", "embed", "features", "pricing", "business", "developers", "orgs", "marketplace", "topics", "sponsors",
    "enterprise", "pulls", "issues", "notifications", "vercel", "facebook", "nextjs",
];

// Path segments after which the next segment is a person's record id.
const PERSON_SEGMENTS: &[&str] = &[
    "patient", "patients", "member", "members", "user", "users", "profile", "profiles", "person", "people",
    "subscriber", "subscribers", "beneficiary", "client", "clients", "chart", "charts", "record", "records",
    "mrn", "residents", "resident", "account", "accounts", "u", "in", "pt", "enrollee", "enrollees", "customer", "customers", "p",
];

pub(crate) fn emails(cx: &Ctx, out: &mut Vec<Hit>) {
    // Every address holds an `@` or a `%`. The matcher searches for them
    // itself and reads only the local-part run before each, so the whole
    // text is one call (windows around each `@` were searched again, and
    // from 140 bytes before it).
    if !cx.has(has::AT | has::PERCENT_OR_STAR) {
        return;
    }
    crate::config::out_of_line(|| email_findings(cx, out));
}

/// [`emails`] past its test: out of line, so that V8 compiles it only
/// for a text with an `@` or a `%` (see `config::out_of_line`).
fn email_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    for (start, end) in super::contact_match::email_matches(cx.bytes, cx.marks()) {
        if !token_start(cx.bytes, start) && cx.bytes[start - 1] != b'_' {
            continue;
        }
        if is_machine_mailbox(&cx.text[start..end]) || names_no_mailbox(cx.bytes, start) {
            continue;
        }
        // "user@host:port" in a git remote, "pkg@1.2.3" versions: the TLD must be letters (matcher) and
        // must not be followed by more dotted digits.
        out.push(Hit::new(PhiType::Email, start, end, 0.97, why!("email", "e-mail address")));
    }
}

/// A role or machine mailbox, or an address at an internal TLD: an
/// address that reaches no person. Compared without case in place (a
/// lowercased copy was allocated per address), and the TLD is found once,
/// not once per listed TLD.
#[inline(never)]
fn is_machine_mailbox(v: &str) -> bool {
    let (local, domain) = v.split_once('@').or_else(|| v.split_once("%2540")).or_else(|| v.split_once("%40")).unwrap_or((v, ""));
    let tld = domain.rsplit('.').next().unwrap_or("");
    let ends_with = |s: &str, x: &str| s.len() >= x.len() && s.as_bytes()[s.len() - x.len()..].eq_ignore_ascii_case(x.as_bytes());
    (local.len() <= LONGEST_ROLE && local.bytes().all(|c| c.is_ascii_alphabetic() || c == b'-') && ROLE_MAILBOXES.iter().any(|r| local.eq_ignore_ascii_case(r)))
        || ends_with(local, "-bot")
        || ends_with(local, "[bot]")
        || INTERNAL_TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t))
}

/// Whether the address-shaped text at `start` is no mailbox by where it
/// stands: the user part of a URL (`https://<key>@o1.ingest.sentry.io/7`,
/// a DSN's public key) or the value of an e-mail header that holds
/// message ids (`Message-ID: <…@mail.gmail.com>`, `In-Reply-To:`,
/// `References:`, `Content-ID:`), which a mail server makes up.
#[inline(never)]
fn names_no_mailbox(b: &[u8], start: usize) -> bool {
    if b[..start].ends_with(b"://") {
        return true;
    }
    // The header's name starts its line a few bytes before the id (`<`
    // and spaces between): read back 16 bytes at most, never to the line's
    // start (a JSON document is one line, with many addresses).
    let from = start.saturating_sub(16);
    let Some(line) = b[from..start].iter().rposition(|&c| c == b'\n').map(|i| from + i + 1) else {
        return from == 0 && header_holds_ids(b, 0, start);
    };
    header_holds_ids(b, line, start)
}

/// Whether the line from `line` to `start` starts with the name of an
/// e-mail header whose value is message ids.
fn header_holds_ids(b: &[u8], line: usize, start: usize) -> bool {
    let head = &b[line..start];
    "message-id:,in-reply-to:,references:,content-id:".split(',').any(|h| head.len() >= h.len() && head[..h.len()].eq_ignore_ascii_case(h.as_bytes()))
}

/// An address taken whole (a key's value): a role or machine mailbox
/// (`{"email":"billing@clinic.example"}`, a send's `from`) is none.
pub(crate) fn email_value(s: &str) -> Option<usize> {
    super::contact_match::email_at_start(s.as_bytes()).filter(|&n| !is_machine_mailbox(&s[..n]))
}

/// The nearest phone/fax label before `pos` on the same line (within 64
/// bytes) decides: "Fax: …, Phone: …" labels each number correctly.
fn is_fax_context(cx: &Ctx, pos: usize) -> bool {
    let from = pos.saturating_sub(64);
    let i = cx.labels.partition_point(|l| l.end <= pos);
    cx.labels[..i]
        .iter()
        .rev()
        .take_while(|l| l.start >= from && !cx.bytes[l.end..pos].contains(&b'\n'))
        .find(|l| matches!(l.kind, LabelKind::Phi(PhiType::Phone | PhiType::Fax)))
        .is_some_and(|l| l.kind == LabelKind::Phi(PhiType::Fax))
}

/// The phone pattern's matches tried only where the detector keeps one: a
/// token start at a digit of `digits` (digit starts, in order), at a `+`
/// or at a `(` (`marks`; the segment's indexes, no pass of its own).
/// `contact_match::phone_matches` tries every position, as the pattern
/// did; the two differ only where a match inside a token hid a later one
/// at a token start, which is now found (`detect::tests`).
pub(crate) fn phone_token_matches(b: &[u8], digits: impl Iterator<Item = usize>, marks: &[u32]) -> Vec<(usize, usize)> {
    // Both lists are in order: merged, not sorted (a sort was 10% of a log scan).
    let digits = digits.filter(|&p| super::shapes::digit_starts_token(b, p));
    super::shapes::matches_at(b, merge_sorted(digits, marks.iter().map(|&p| p as usize)), super::contact_match::phone_at)
}

/// The items of two increasing sequences, in increasing order.
fn merge_sorted(a: impl Iterator<Item = usize>, b: impl Iterator<Item = usize>) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

pub(crate) fn phones(cx: &Ctx, out: &mut Vec<Hit>) {
    let phone_label = |l: &&crate::labels::LabelHit| matches!(l.kind, LabelKind::Phi(PhiType::Phone | PhiType::Fax));
    // A phone is tried only at the index's phone starts and marks, or after
    // a phone label: most JSON values with a digit (ids, counts, dates)
    // have none of them.
    let labelled = cx.labels.iter().any(|l| phone_label(&l));
    if cx.digits == 0 || (cx.shape_starts(super::shapes::start::PHONE).next().is_none() && cx.phone_marks().is_empty() && !labelled) {
        return;
    }
    // At a digit only the first alternative of `phone_at` can match, and
    // only where the digit index marks a phone start (a three-digit area
    // code or a country code `1`, and a separator): the other digit starts
    // (years, times, counts) are not tried.
    for (s, e) in phone_token_matches(cx.bytes, cx.shape_starts(super::shapes::start::PHONE), cx.phone_marks()) {
        if !token_start(cx.bytes, s) || !token_end(cx.bytes, e) {
            continue;
        }
        // Don't take the tail of a longer dotted/dashed number (versions, IPs, dates).
        if s > 0 && matches!(cx.bytes[s - 1], b'.' | b'-' | b'/') && s > 1 && cx.bytes[s - 2].is_ascii_digit() {
            continue;
        }
        if e < cx.bytes.len() && matches!(cx.bytes[e], b'.' | b'-' | b'/') && cx.bytes.get(e + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let v = &cx.text[s..e];
        if is_placeholder_phone(v) || is_toll_free(v) || matches!(cx.label_before(s), Some(LabelKind::Ignore)) {
            continue; // "(555) 555-5555", "order 747-978-3280"
        }
        if v.starts_with('+') && !v.starts_with("+1") {
            // International numbers need more evidence: a label, or at least 9 digits with grouping.
            let labelled = cx.label_near(s, 32, |k| matches!(k, LabelKind::Phi(PhiType::Phone | PhiType::Fax)));
            let digits = v.bytes().filter(u8::is_ascii_digit).count();
            if !(labelled || (digits >= 9 && v.contains(' '))) {
                continue;
            }
        }
        // Dotted groups like 555.123.4567 are phones; 1.555.123 are not (handled by the matcher's shape).
        let ty = if is_fax_context(cx, s) { PhiType::Fax } else { PhiType::Phone };
        out.push(Hit::new(ty, s, e, 0.9, if ty == PhiType::Fax { why!("phone", "phone number after a fax label") } else { why!("phone", "phone number in a standard written form") }));
    }

    // "registered for phone check-ins from 7205550107": bare digits with a phone label close before.
    if !labelled {
        return; // no phone label anywhere, so no bare number can be near one
    }
    // A kept number has a phone label ending at or before it and starting
    // at most 48 bytes before it (`label_near` below): only the digit
    // starts that close after a phone label are tried, not every one.
    let near = digits_near(cx.bytes, cx.labels.iter().filter(phone_label).map(|l| (l.start, l.end)), 48);
    for (s, e) in bare_phone_matches(cx.bytes, near) {
        let v = &cx.text[s..e];
        if !token_start(cx.bytes, s) || !token_end(cx.bytes, e) || (s > 0 && cx.bytes[s - 1] == b'+' && !v.starts_with('1')) || is_placeholder_phone(v) || is_toll_free(v) {
            continue;
        }
        if cx.label_near(s, 48, |k| matches!(k, LabelKind::Phi(PhiType::Phone | PhiType::Fax))) {
            let ty = if is_fax_context(cx, s) { PhiType::Fax } else { PhiType::Phone };
            out.push(Hit::new(ty, s, e, 0.8, why!("phone", "ten-digit number near a phone label")));
        }
    }
}

/// Leftmost matches of ten NANP digits (`shapes::nanp10_at`) at the digit
/// starts `digits` that start a token, or at a `+` right before one (kept
/// matches start a token). A match never reaches the next digit start
/// (it is one run of digits), so each start's matches are its own: those
/// of a subset of the digit starts are the matches of all of them that
/// start at one of that subset (or at its `+`).
fn bare_phone_matches(b: &[u8], digits: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let starts = digits.flat_map(|d| {
        let plus = d > 0 && b[d - 1] == b'+' && token_start(b, d - 1);
        plus.then(|| d - 1).into_iter().chain(token_start(b, d).then_some(d))
    });
    super::shapes::matches_at(b, starts, super::shapes::nanp10_at)
}

/// The digit starts `d` (digits not right after an ASCII letter or digit,
/// in order) with a label `(start, end)` (in order of start) such that
/// `end <= d <= start + window + 1`: every start where
/// `Ctx::label_near(pos, window, …)` can hold for `pos` = `d`, or for the
/// `+` right before `d`. Read off the bytes of each label's window (a few
/// dozen), each byte once: the digit index keeps no list of every digit
/// start, only those of the digit-led shapes.
fn digits_near<'a>(b: &'a [u8], labels: impl Iterator<Item = (usize, usize)> + 'a, window: usize) -> impl Iterator<Item = usize> + 'a {
    let mut taken = 0;
    labels.flat_map(move |(start, end)| {
        // Labels in order of start: the upper ends never decrease, so the
        // bytes read for one label are never read again for a later one.
        let from = taken.max(end);
        let to = from.max((start + window + 2).min(b.len()));
        taken = to;
        (from..to).filter(move |&d| b[d].is_ascii_digit() && (d == 0 || !b[d - 1].is_ascii_alphanumeric()))
    })
}

/// Fill-in patterns, not numbers: "(555) 555-5555", "555-555-1234", one digit repeated.
fn is_placeholder_phone(v: &str) -> bool {
    // Read from the text twice rather than collected (a Vec per number).
    let digits = || v.bytes().filter(u8::is_ascii_digit);
    let country = digits().next() == Some(b'1') && digits().count() == 11;
    let mut d = digits().skip(usize::from(country));
    let first = d.clone().next();
    d.clone().take(6).eq(*b"555555") || d.all(|c| Some(c) == first)
}

/// A North American toll-free number (area code 800, 833, 844, 855, 866,
/// 877 or 888, with or without the country code): an organisation's line
/// (a clinic's sending number, "call (833) 555-0142 to reschedule"),
/// which no subscriber's home or mobile number is.
#[inline(never)]
fn is_toll_free(v: &str) -> bool {
    let mut d = v.bytes().filter(u8::is_ascii_digit);
    let n = d.clone().count();
    if !(n == 10 || (n == 11 && d.next() == Some(b'1'))) {
        return false;
    }
    let (a, b, c) = (d.next(), d.next(), d.next());
    a == Some(b'8') && b == c && matches!(b, Some(b'0' | b'3'..=b'8'))
}

pub(crate) fn phone_value(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let e = super::contact_match::phone_value_at(b)?;
    let digits = b[..e].iter().filter(|c| c.is_ascii_digit()).count();
    (token_end(b, e) && (10..=15).contains(&digits) && !is_placeholder_phone(&s[..e]) && !is_toll_free(&s[..e])).then_some(e)
}

// "/patients/P-0048213", "/api/v1/members/W2938475610", "Patient/123": a record
// collection and the id of one record in it.
/// The type of the id that follows a record-collection path segment.
fn segment_kind(seg: &str) -> PhiType {
    let seg = seg.to_ascii_lowercase();
    if seg.starts_with("member") || seg.starts_with("subscriber") || seg.starts_with("beneficiar") {
        PhiType::HealthPlanId
    } else if seg.starts_with("mrn") || seg.starts_with("chart") {
        PhiType::Mrn
    } else if seg.starts_with("device") {
        PhiType::DeviceId
    } else {
        PhiType::OtherId
    }
}

/// "maria-garcia-1962", "latoya.freeman": words joined into a slug name a
/// person as a whole (the URL is the identifier), unlike an id ("P-0048213").
pub(crate) fn is_name_slug(seg: &str) -> bool {
    seg.split(['.', '-', '_']).filter(|p| p.len() >= 2 && p.bytes().all(|c| c.is_ascii_alphabetic())).count() >= 2
}

/// A record id in a path segment: has a digit (or is a vendor id such as
/// `pat_83uhm2xq`), is not a route placeholder or a name slug. The file
/// extension of `/_next/data/…/patients/P1.json` is not part of it.
fn path_id(seg: &str) -> Option<&str> {
    let seg = [".json", ".html", ".xml", ".pdf", ".txt", ".csv"].iter().find_map(|x| seg.strip_suffix(x)).unwrap_or(seg);
    let vendor = seg.split_once('_').is_some_and(|(p, r)| (2..=5).contains(&p.len()) && r.len() >= 8 && p.bytes().all(|c| c.is_ascii_lowercase()));
    (seg.len() >= 3 && (seg.bytes().any(|c| c.is_ascii_digit()) || vendor) && !is_name_slug(seg)).then_some(seg)
}

/// Ids after record-collection segments in paths and URLs anywhere in the text.
pub(crate) fn path_ids(cx: &Ctx, out: &mut Vec<Hit>) {
    if !cx.has(has::SLASH) {
        return;
    }
    crate::config::out_of_line(|| path_id_findings(cx, out));
}

/// [`path_ids`] past its test, out of line (see [`email_findings`]).
fn path_id_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    for ((ss, se), (is, ie)) in super::contact_match::path_id_matches(cx.bytes) {
        // The collection must be a whole path segment ("/api/patients/", not "/outpatients/").
        if !token_end(cx.bytes, ie) && !matches!(cx.bytes[ie], b'_') {
            continue;
        }
        if let Some(v) = path_id(&cx.text[is..ie]) {
            let ty = segment_kind(&cx.text[ss..se]);
            if !cx.opts.disabled_types.contains(&ty) {
                out.push(Hit::new(ty, is, is + v.len(), 0.85, why!("url", "record id after a record-collection path segment")));
            }
        }
    }
}

/// The id type a path points at (`/patients/P1` → OTHER_ID), which a generic
/// `id` query parameter of the same URL shares (`/_next/data/…/patients/P1.json?id=P1`).
pub(crate) fn path_record_kind(path: &str) -> Option<PhiType> {
    let matches = super::contact_match::path_id_matches(path.as_bytes());
    matches.into_iter().rev().find(|&(_, (is, ie))| path_id(&path[is..ie]).is_some()).map(|((ss, se), _)| segment_kind(&path[ss..se]))
}

/// "www.meerachowdhury.com", "mariagarcia.me": a personal site named after a
/// listed given name and surname.
fn personal_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() == 2 && ["com", "me", "net", "org", "io", "co", "info", "name", "us"].contains(&labels[1]) && super::names::joined_person_name(labels[0])
}

/// Does this URL point at one person? Profile pages, person-record paths with
/// an id, or query parameters whose names are identifier labels.
fn url_identifies_person(u: &str) -> Option<Why> {
    // Most URLs are written in lower case already: copied only when not.
    let lower: std::borrow::Cow<str> = if u.bytes().any(|c| c.is_ascii_uppercase()) { u.to_ascii_lowercase().into() } else { u.into() };
    let rest = after_scheme(&lower);
    let (hostpath, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = hostpath.split_once('/').unwrap_or((hostpath, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    // Walked, not collected: a Vec per URL was a fifth of this function.
    let segs = path.split(['/', '#']).filter(|s| !s.is_empty());
    // A social host is never a personal domain (`tests`), so the host is
    // looked up in the name lists only when it is not one.
    let social = SOCIAL_HOSTS.iter().any(|h| host.strip_suffix(h).is_some_and(|sub| sub.is_empty() || sub.ends_with('.')));
    if !social && personal_domain(host) {
        return Some(why!("url", "personal website named after a person"));
    }
    if social {
        let first = segs.clone().next().unwrap_or("");
        if !SOCIAL_GENERIC.contains(&first) && !first.ends_with(".php") {
            return Some(why!("url", "profile URL on a social or payment site"));
        }
    }
    let pairs = segs.clone().zip(segs.skip(1));
    for w in pairs.map(|(a, b)| [a, b]) {
        // Ids after these segments are reported with their own type (path_ids); a name slug names the person as a whole.
        // (Worked out only for person segments: a format! per segment pair was a hot spot.)
        let typed_id = || !super::contact_match::path_id_matches(format!("/{}/{}", w[0], w[1]).as_bytes()).is_empty() && path_id(w[1]).is_some();
        if PERSON_SEGMENTS.contains(&w[0]) && !typed_id() && w[1].bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b'.' || b == b'-') && !w[1].starts_with('[') && !w[1].starts_with(':') && !w[1].contains('@') && !w[1].contains("%40") {
            return Some(why!("url", "URL path to one person's record"));
        }
    }
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if v.is_empty() || v.starts_with('[') {
            continue;
        }
        if let Some(LabelKind::Phi(t)) = crate::labels::lookup(&crate::formats::url::percent_decode(k).0) {
            if t != PhiType::Url {
                return Some(why!("url", "URL with a personal identifier in its query"));
            }
        }
    }
    None
}

/// `u` after its first `://`, or the whole of `u`: `split_once("://")`'s
/// second part, found from the colons (one search of a byte), not by a
/// substring searcher set up anew for each URL.
fn after_scheme(u: &str) -> &str {
    let b = u.as_bytes();
    let mut from = 0;
    while let Some(i) = b[from..].iter().position(|&c| c == b':') {
        let c = from + i;
        if b[c + 1..].starts_with(b"//") {
            return &u[c + 3..];
        }
        from = c + 1;
    }
    u
}

fn trim_url_end(u: &str) -> &str {
    // Trailing punctuation belongs to the sentence, not the URL.
    let mut e = u.len();
    let b = u.as_bytes();
    while e > 0 && matches!(b[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\'' | b'"') {
        if b[e - 1] == b')' && u[..e].contains('(') {
            break;
        }
        e -= 1;
    }
    &u[..e]
}

pub(crate) fn urls(cx: &Ctx, out: &mut Vec<Hit>) {
    // A match holds `://` or `www.`, a request target a `/`, a form body a
    // `%` or a `+` (no class of `has`: searched for); `links` searches
    // for them all at once.
    if !cx.has(has::COLON | has::DOT | has::SLASH | has::PERCENT_OR_STAR) && super::find::find_any(cx.bytes, 0, [b'+']).is_none() {
        return;
    }
    crate::config::out_of_line(|| url_findings(cx, out));
}

/// [`urls`] past its test, out of line (see [`email_findings`]).
fn url_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    let parts = crate::formats::url::may_read_parts();
    for (s, e, target) in super::contact_match::links(cx.bytes) {
        let u = trim_url_end(&cx.text[s..e]);
        // A form body in text (`name=Maria+Garcia&dob=…`): a query without its path.
        if target && !u.starts_with('/') {
            if parts {
                crate::formats::url::scan_query(u, s, "", cx.opts, out);
            }
            continue;
        }
        let (path, query) = u.split_once('?').map_or((u, None), |(p, q)| (p, Some(q)));
        // A request target (`GET /api/search?name=… 200`) is read as the
        // path and query of a URL are; it names a route, not one person.
        if target {
            if !(path.contains('%') || query.is_some_and(|q| q.contains('='))) {
                continue;
            }
        } else if let Some(why) = url_identifies_person(u) {
            out.push(Hit::new(PhiType::Url, s, s + u.len(), 0.8, why));
        }
        // Escaped path segments as an app reads them (`/patients/Maria%20Garcia`),
        // query values with their parameter names as labels.
        if !parts {
            continue;
        }
        if path.contains('%') {
            crate::formats::url::scan_segments(path, s, true, cx.opts, out);
        }
        if let Some(q) = query {
            crate::formats::url::scan_query(q, s + path.len() + 1, path, cx.opts, out);
        }
    }
}

/// A path-only URL input ("/patients/12345?x=1") that points at one person.
/// The span starts after the input's leading white space (a span from 0
/// of the trimmed length ended inside a last multi-byte char; found by
/// fuzz/classify).
pub(crate) fn path_person(text: &str, out: &mut Vec<Hit>) {
    let lead = text.len() - text.trim_start().len();
    let t = trim_url_end(text[lead..].trim_end());
    if let Some(why) = url_identifies_person(&format!("h{t}")) {
        out.push(Hit::new(PhiType::Url, lead, lead + t.len(), 0.8, why));
    }
}

pub(crate) fn url_value(s: &str) -> Option<usize> {
    let e = super::contact_match::url_at(s.as_bytes(), 0)?;
    Some(trim_url_end(&s[..e]).len())
}

pub(crate) fn ips(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // Tried only at the index's IPv4 starts: a text with none (most with
    // a `.`) makes no call.
    if cx.has(has::DOT) && cx.shape_starts(super::shapes::start::IPV4).next().is_some() {
        crate::config::out_of_line(|| ipv4_findings(cx, out));
    }
    let find = super::find::find_any;
    if cx.has(has::COLON) && find(b, 0, [b':']).and_then(|c| find(b, c + 1, [b':'])).is_some() {
        crate::config::out_of_line(|| ipv6_findings(cx, out));
    }
}

/// [`ips`]' IPv4 addresses, in a text with a `.`: out of line (see
/// [`email_findings`]).
fn ipv4_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // Only the starts the filter below keeps are tried (not after a letter, digit or dot),
    // and only those `ipv4_at` does not reject on its first group (the index's IPv4 starts).
    let starts = cx.shape_starts(super::shapes::start::IPV4).filter(|&p| p == 0 || b[p - 1] != b'.');
    for (s, e) in super::shapes::matches_at(b, starts, super::shapes::ipv4_at) {
        // Part of a longer dotted run (OIDs, versions 1.2.3.4.5) or a word.
        if (s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'.'))
            || (e < b.len() && (b[e].is_ascii_alphanumeric() || (b[e] == b'.' && b.get(e + 1).is_some_and(u8::is_ascii_digit))))
        {
            continue;
        }
        let Some(oct) = ipv4_octets(&b[s..e]) else { continue };
        if validate::ipv4_is_internal(oct) {
            continue; // infrastructure, not a person
        }
        if version_context(b, s) {
            continue;
        }
        let labelled = cx.label_near(s, 32, |k| k == LabelKind::Phi(PhiType::IpAddress));
        out.push(Hit::new(PhiType::IpAddress, s, e, if labelled { 0.95 } else { 0.85 }, why!("ip", "public IPv4 address")));
    }
}

/// [`ips`]' IPv6 addresses, in a text with two `:`: out of line (see
/// [`email_findings`]).
fn ipv6_findings(cx: &Ctx, out: &mut Vec<Hit>) {
    let b = cx.bytes;
    // Only matches with `::` or eight groups come out: times (12:30:45) never parse.
    for (s, e) in super::contact_match::ipv6_addresses(b) {
        // "::ffff:192.168.2.24" stops before the dotted part: that is an IPv4-mapped address.
        if !token_start(b, s) || !token_end(b, e) || b.get(e) == Some(&b'.') {
            continue;
        }
        let Some(addr) = validate::ipv6(&b[s..e]) else { continue };
        if addr.is_loopback() || addr.is_unspecified() || (addr.segments()[0] & 0xffc0) == 0xfe80 {
            continue;
        }
        out.push(Hit::new(PhiType::IpAddress, s, e, 0.85, why!("ip", "IPv6 address")));
    }
}

/// The octets of `q`, a dotted quad as `shapes::ipv4_at` matches one (four
/// groups of one to three digits): `validate::ipv4`'s answer on it, read
/// in one pass (no split into parts, each read again), as a log's every
/// address is.
fn ipv4_octets(q: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let (mut n, mut value, mut len) = (0, 0u32, 0);
    for &c in q.iter().chain([b'.'].iter()) {
        if c != b'.' {
            // A group of two or three digits led by `0` is no octet.
            if len == 1 && value == 0 {
                return None;
            }
            (value, len) = (value * 10 + u32::from(c - b'0'), len + 1);
            continue;
        }
        if len == 0 || n == 4 {
            return None;
        }
        out[n] = u8::try_from(value).ok()?;
        (n, value, len) = (n + 1, 0, 0);
    }
    (n == 4).then_some(out)
}

/// "version 1.2.3.4", "v1.2.3.4", "build 10.0.19041.1".
fn version_context(b: &[u8], s: usize) -> bool {
    // Compared without case on the bytes themselves (a lossily decoded,
    // lowercased copy was allocated per address): the words are ASCII, and
    // decoding keeps every ASCII byte and the order of all of them. The
    // words are tried only where one's first letter is (`| 0x20` lowercases
    // a capital and makes no other byte a lowercase letter), which most
    // places are not; "version=" is not looked for, as "version" finds it.
    const WORDS: [&[u8]; 9] = [b"version", b"ver ", b"ver.", b"build", b"release", b"v=", b"firmware", b"chrome/", b"os "];
    // Bit `c - b'a'` for the first letter `c` of each word.
    const FIRSTS: u32 = {
        let (mut m, mut i) = (0u32, 0);
        while i < WORDS.len() {
            m |= 1 << (WORDS[i][0] - b'a');
            i += 1;
        }
        m
    };
    let w = &b[s.saturating_sub(12)..s];
    w.last().is_some_and(|c| c.eq_ignore_ascii_case(&b'v'))
        || (0..w.len()).any(|i| {
            let c = w[i] | 0x20;
            c.is_ascii_lowercase() && FIRSTS >> (c - b'a') & 1 != 0 && WORDS.iter().any(|k| c == k[0] && w[i..].get(..k.len()).is_some_and(|x| x.eq_ignore_ascii_case(k)))
        })
}

pub(crate) fn ip_value(s: &str) -> Option<usize> {
    // Most labelled values are no address ("ip: unknown"), and the IPv6
    // search below reads the whole window before it looks where a match
    // starts: a value whose head is neither form is not searched at all.
    if !ip_may_start(s.as_bytes()) {
        return None;
    }
    ip_at_start(s)
}

/// Whether an IP address may start at the start of `b`, as [`ip_at_start`]
/// reads one: one to three digits and a '.' (IPv4), or at most four hex
/// digits and a ':' (IPv6: its match starts at most four hex digits before
/// its first colon).
fn ip_may_start(b: &[u8]) -> bool {
    let hex = b.iter().take(5).take_while(|c| c.is_ascii_hexdigit()).count();
    match b.get(hex) {
        Some(b':') => hex <= 4,
        Some(b'.') => (1..=3).contains(&hex) && b[..hex].iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// [`ip_value`] without its look at the head.
fn ip_at_start(s: &str) -> Option<usize> {
    if let Some(e) = super::shapes::ipv4_at(s.as_bytes(), 0) {
        if token_end(s.as_bytes(), e) {
            // Private, loopback and link-local addresses name infrastructure, not a person.
            return validate::ipv4(&s[..e]).filter(|o| !validate::ipv4_is_internal(*o)).map(|_| e);
        }
    }
    // The first match that could parse: one without `::` and with fewer than
    // eight groups never does (the tests hold this), and a later one cannot start at 0.
    let (start, end) = super::contact_match::ipv6_addresses(s.as_bytes()).next()?;
    (start == 0 && validate::ipv6(&s.as_bytes()[..end]).is_some()).then_some(end)
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..proptest::prelude::ProptestConfig::default() })]
        /// `ips` calls its IPv4 matcher only for a text with an IPv4 start
        /// in the digit index: it finds what calling it for every text with
        /// a `.` found (the IPv6 half is unchanged).
        #[test]
        fn ips_are_those_of_every_dotted_text(parts in proptest::collection::vec(proptest::sample::select(vec!["8.8.8.8", "203.0.113.7", "10.0.0.1", "1.2.3.4.5", "v1.2.3.4", "2001:db8::1", "fe80::1", "IP:", "ip address", " ", ".", ":", "x", "\n", "123", "45", "256"]), 0..12)) {
            let text = parts.concat();
            let opts = super::super::ScanOptions::default();
            let cx = super::Ctx::indexed(&text, &opts);
            let (mut got, mut want) = (Vec::new(), Vec::new());
            super::ips(&cx, &mut got);
            if cx.has(super::has::DOT) {
                super::ipv4_findings(&cx, &mut want);
            }
            let find = super::super::find::find_any;
            if cx.has(super::has::COLON) && find(cx.bytes, 0, [b':']).and_then(|c| find(cx.bytes, c + 1, [b':'])).is_some() {
                super::ipv6_findings(&cx, &mut want);
            }
            let spans = |h: &[crate::finding::Hit]| h.iter().map(|h| (h.kind, h.start, h.end, h.score.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&got), spans(&want), "{:?}", text);
        }
    }

    fn types(s: &str) -> Vec<PhiType> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| f.kind).collect()
    }

    proptest::proptest! {
        #[test]
        fn merge_sorted_is_a_sorted_union(mut a in proptest::collection::vec(0usize..500, 0..40), mut b in proptest::collection::vec(0usize..500, 0..40)) {
            a.sort_unstable();
            b.sort_unstable();
            let merged: Vec<usize> = super::merge_sorted(a.iter().copied(), b.iter().copied()).collect();
            let mut want = [a, b].concat();
            want.sort_unstable();
            proptest::prop_assert_eq!(merged, want);
        }
    }

    /// The digit starts of `b`: digits not right after a letter or digit.
    fn digit_starts(b: &[u8]) -> Vec<u32> {
        (0..b.len()).filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric())).map(|i| i as u32).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..proptest::prelude::ProptestConfig::default() })]
        /// Bare ten-digit numbers tried only at the digit starts near a
        /// label (`digits_near`) are those tried at every digit start that
        /// `Ctx::label_near` keeps. Each `L` is a one-byte label.
        #[test]
        fn bare_phones_near_labels_are_those_of_every_start(
            s in "([0-9]{1,12}|\\+1?|\\+|[ \n_a.]|\\[SSN\\]|L|LL){0,40}", window in 0usize..64,
        ) {
            let b = s.as_bytes();
            let labels: Vec<(usize, usize)> = (0..b.len()).filter(|&i| b[i] == b'L').map(|i| (i, i + 1)).collect();
            // `Ctx::label_near(pos, window, …)` over these labels.
            let near = |pos: usize| labels.iter().any(|&(ls, le)| le <= pos && ls >= pos.saturating_sub(window) && !b[le..pos].contains(&b'\n'));
            let starts = digit_starts(b);
            let all: Vec<_> = super::bare_phone_matches(b, starts.iter().map(|&d| d as usize)).into_iter().filter(|m| near(m.0)).collect();
            let tried: Vec<_> = super::bare_phone_matches(b, super::digits_near(b, labels.iter().copied(), window)).into_iter().filter(|m| near(m.0)).collect();
            proptest::prop_assert_eq!(tried, all);
        }

        /// The same answer as lowercasing a copy and comparing it.
        #[test]
        fn machine_mailboxes_are_the_lowercased_comparison(
            local in "(noreply|No-Reply|CI|ci-BOT|x-bot|a\\[Bot\\]|root|Root1|maria|é)", sep in "(@|%40|%2540)", domain in "(example|build|a\\.b|)\\.(com|Internal|LOCAL|corp|x|)",
        ) {
            let v = format!("{local}{sep}{domain}");
            let l = v.to_ascii_lowercase();
            let (local, domain) = l.split_once('@').or_else(|| l.split_once("%2540")).or_else(|| l.split_once("%40")).unwrap_or((&l, ""));
            let want = super::ROLE_MAILBOXES.contains(&local) || local.ends_with("-bot") || local.ends_with("[bot]") || super::INTERNAL_TLDS.iter().any(|t| domain.rsplit('.').next() == Some(t));
            proptest::prop_assert_eq!(super::is_machine_mailbox(&v), want, "{:?}", v);
        }

        /// The same answer as decoding and lowercasing the bytes before.
        #[test]
        fn version_context_is_the_lowercased_window(s in "(Version|VER |ver\\.|vEr|Build|buil|v=|V|OS |o|Chrome/|chrom|RELEASE|releas|Firmware|firmwar|é|\\xff|x| |1\\.|=|/){0,6}", cut in 0usize..3) {
            let b = s.as_bytes();
            let end = b.len().saturating_sub(cut);
            let w = String::from_utf8_lossy(&b[end.saturating_sub(12)..end]).to_ascii_lowercase();
            let want = w.ends_with('v') || ["version", "ver ", "ver.", "build", "release", "v=", "version=", "firmware", "chrome/", "os "].iter().any(|k| w.contains(k));
            proptest::prop_assert_eq!(super::version_context(b, end), want, "{:?}", s);
        }

        /// Wherever the full parse finds an address, `ip_may_start` lets it look.
        #[test]
        fn ip_may_start_wherever_an_address_parses(s in "([0-9a-fA-F]{0,6}[:.]){0,9}[0-9a-fA-Fx :.]{0,5}") {
            if super::ip_at_start(&s).is_some() {
                proptest::prop_assert!(super::ip_may_start(s.as_bytes()), "{:?}", s);
            }
            proptest::prop_assert_eq!(super::ip_value(&s), super::ip_at_start(&s), "{:?}", s);
        }

        /// `validate::ipv4` on every dotted quad `shapes::ipv4_at` matches.
        #[test]
        fn ipv4_octets_are_the_validated_parts(q in "(0|00|01|[0-9]{1,3}|25[5-9]|2[6-9][0-9])(\\.(0|00|010|[0-9]{1,3}|256|999)){3}") {
            proptest::prop_assert_eq!(crate::detect::shapes::ipv4_at(q.as_bytes(), 0), Some(q.len()));
            proptest::prop_assert_eq!(super::ipv4_octets(q.as_bytes()), crate::validate::ipv4(&q), "{:?}", q);
        }

        /// `split_once("://")`'s second part, or the whole text.
        #[test]
        fn after_scheme_is_split_once(u in "[a-z:/é ]{0,14}") {
            proptest::prop_assert_eq!(super::after_scheme(&u), u.split_once("://").map_or(&*u, |(_, r)| r), "{:?}", u);
        }

        /// The same answer as collecting the digits.
        #[test]
        fn placeholder_phones_are_the_collected_digits(v in "(\\+?1[ .\\-]?)?\\(?[0-9]{0,4}\\)?[ .\\-]?(555|[0-9]{1,3})[ .\\-]?([0-9]{1,4}|5555|1111)") {
            let d: Vec<u8> = v.bytes().filter(u8::is_ascii_digit).collect();
            let d = d.strip_prefix(b"1").filter(|r| r.len() == 10).unwrap_or(&d);
            let want = d.starts_with(b"555555") || d.iter().all(|&c| c == d[0]);
            proptest::prop_assert_eq!(super::is_placeholder_phone(&v), want, "{:?}", v);
        }
    }

    /// The first `://` wins; a colon without two slashes after it, one at
    /// the very end, or an `é` before it changes nothing.
    #[test]
    fn after_scheme_edges() {
        for u in ["", ":", ":/", "://", "https://x", "a:b://c", "x::://y", "http:/x://y", "é://z", "no scheme", "a://b://c", "end:"] {
            assert_eq!(super::after_scheme(u), u.split_once("://").map_or(u, |(_, r)| r), "{u}");
        }
        assert_eq!(super::after_scheme("https://x.com/a"), "x.com/a");
        assert_eq!(super::after_scheme("x:/"), "x:/");
    }

    /// `url_identifies_person` tries the name lists only off social hosts:
    /// no social host (nor a subdomain of one) is a personal domain.
    #[test]
    fn no_social_host_is_a_personal_domain() {
        for h in super::SOCIAL_HOSTS {
            assert!(!super::personal_domain(h), "{h}");
        }
    }

    #[test]
    fn longest_role_is_the_longest_listed() {
        assert_eq!(super::ROLE_MAILBOXES.iter().map(|r| r.len()).max(), Some(super::LONGEST_ROLE));
    }

    #[test]
    fn positives() {
        assert_eq!(types("mail maria.garcia@example.com now"), [PhiType::Email]);
        assert_eq!(types("call (312) 555-0142"), [PhiType::Phone]);
        assert_eq!(types("Fax: 312-555-0199"), [PhiType::Fax]);
        assert_eq!(types("client_ip=73.162.44.19"), [PhiType::IpAddress]);
        assert_eq!(types("from 2601:646:8c02:1e0::5f"), [PhiType::IpAddress]);
        assert!(types("see https://facebook.com/maria.garcia.5").contains(&PhiType::Url));
        assert_eq!(types("sms to=+17205550107 sent"), [PhiType::Phone]);
        assert_eq!(types("GET /lookup?email=maria.garcia%40example.com 200"), [PhiType::Email]);
        assert_eq!(types("GET /api/patients/P-0048213 200"), [PhiType::OtherId]);
        assert_eq!(types("GET /api/v1/members/W2938475610/eligibility"), [PhiType::HealthPlanId]);
        assert_eq!(types("https://www.mariagarcia.com"), [PhiType::Url]);
    }

    /// Toll-free numbers are an organisation's; the look-alikes (a
    /// patient's 415, 858 or 880 number, eleven digits with another
    /// country code) are still found.
    #[test]
    fn toll_free_numbers_are_no_persons() {
        for v in ["call (833) 555-0142 to reschedule", "from +18665550127 (30 undelivered)", "To=%2B18445550119&Body=hi", "call 888-555-0163", "1-800-555-0199", "877.555.0108"] {
            assert!(types(v).is_empty(), "{v}");
        }
        for v in ["call (415) 555-0142 today", "from +18585550127 (30 undelivered)", "call 880-555-0163", "call (838) 555-0142", "call 808-555-0163"] {
            assert_eq!(types(v), [PhiType::Phone], "{v}");
        }
        let json = Guard::default().scan(r#"{"phone":"+18335550142","mobile":"+14155550142"}"#, Format::Json);
        assert_eq!(json.findings.iter().map(|f| f.kind).collect::<Vec<_>>(), [PhiType::Phone]);
    }

    /// The look-alikes of the mailboxes and ids above: a person's address
    /// at the clinic's domain, in a `To:` line after a message id's line,
    /// a person's address in a URL's query, a key's value.
    #[test]
    fn personal_mailboxes_beside_role_ones_are_found() {
        assert!(types("To: Maria Garcia <maria.garcia@clinic.example>").contains(&PhiType::Email));
        assert_eq!(types("Message-ID: <a1@mail.gmail.com>\r\nFrom: jmosley@example.org"), [PhiType::Email]);
        assert_eq!(types("mail from supporter.jo@example.com"), [PhiType::Email]);
        assert!(types("https://portal.example.com/?email=ana.ruiz@example.com").contains(&PhiType::Email));
        let json = Guard::default().scan(r#"{"email":"ana.ruiz@clinic.example"}"#, Format::Json);
        assert_eq!(json.findings.iter().map(|f| f.kind).collect::<Vec<_>>(), [PhiType::Email]);
    }

    #[test]
    fn emails_found_wherever_their_window_falls() {
        let spans = |s: &str| -> Vec<String> {
            Guard::default().scan(s, Format::Text).findings.iter().filter(|f| f.kind == PhiType::Email).map(|f| s[f.start..f.end].to_string()).collect()
        };
        // A 60-letter local part of 2-byte letters, after 5,000 digits.
        let local: String = "é".repeat(30) + &"a".repeat(30);
        let text = format!("{} {local}@example.org and jo.ann@example.com", "7".repeat(5000));
        assert_eq!(spans(&text), [format!("{local}@example.org"), "jo.ann@example.com".to_string()]);
        // Two addresses in one window, one percent-encoded twice.
        assert_eq!(spans("a.b@example.com,c.d%2540example.com"), ["a.b@example.com", "c.d%2540example.com"]);
        // A local part longer than 64 characters is not an address start.
        assert!(spans(&format!("{}@example.com", "x".repeat(100))).is_empty());
    }

    #[test]
    fn ip_may_start_at_address_heads_only() {
        use super::{ip_at_start, ip_may_start};
        for s in ["192.168.0.1", "8.8.8.8", "::1", "::", "fe80::1", "2001:db8::ff00:42:8329", "abcd:", "1.", "ABC:"] {
            assert!(ip_may_start(s.as_bytes()), "{s}");
        }
        for s in ["", "unknown", "1234.5.6.7", "abcde:1::", "1a.2.3.4", ".1.2.3", "é::1", "12", "x::1"] {
            assert!(!ip_may_start(s.as_bytes()), "{s}");
        }
        // Every address the full parse takes starts where ip_may_start says one may.
        for s in ["1.2.3.4", "8.8.8.8 x", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1%eth0"] {
            if ip_at_start(s).is_some() {
                assert!(ip_may_start(s.as_bytes()), "{s}");
            }
        }
    }

    #[test]
    fn ipv4_octets_edges() {
        assert_eq!(super::ipv4_octets(b"0.0.0.0"), Some([0, 0, 0, 0]));
        assert_eq!(super::ipv4_octets(b"255.255.255.255"), Some([255; 4]));
        assert_eq!(super::ipv4_octets(b"73.162.44.19"), Some([73, 162, 44, 19]));
        assert_eq!(super::ipv4_octets(b"256.1.2.3"), None);
        assert_eq!(super::ipv4_octets(b"1.2.3.256"), None);
        assert_eq!(super::ipv4_octets(b"01.2.3.4"), None);
        assert_eq!(super::ipv4_octets(b"1.2.3.00"), None);
        assert_eq!(super::ipv4_octets(b""), None);
    }

    /// A request target in a log line (a run starting with `/` after white
    /// space or a quote, with a query or an escaped segment) is read as an
    /// absolute URL's path and query are. Each line's redaction, exactly.
    #[test]
    fn request_targets_are_read_as_urls() {
        crate::detect::assert_redacts(Format::Log, &[
            (" GET /api/search?name=Maria%20Garcia&dob=03%2F14%2F1961 200 in 31ms", " GET /api/search?name=[NAME]&dob=[DATE] 200 in 31ms"),
            (" GET /patients/search?q=Maria+Garcia 200 in 31ms", " GET /patients/search?q=[NAME] 200 in 31ms"),
            (" GET /api/visits?phone=%28555%29%20867-5309 200 in 31ms", " GET /api/visits?phone=[PHONE] 200 in 31ms"),
            (" GET /patients/Maria%20Garcia/chart 200 in 31ms", " GET /patients/[NAME]/chart 200 in 31ms"),
            ("\"GET /lookup?ssn=219%2D09%2D9999 HTTP/1.1\" 200 512", "\"GET /lookup?ssn=[SSN] HTTP/1.1\" 200 512"),
            // An absolute URL's escaped path segments too.
            (" GET https://app.example.com/patients/Maria%20Garcia/chart 200", " GET https://app.example.com/patients/[NAME]/chart 200"),
            // Routes without PHI, and runs that are no request target.
            (" GET /api/health 200 in 31ms", " GET /api/health 200 in 31ms"),
            (" GET /search?q=flu+shots&page=2 200 in 4ms", " GET /search?q=flu+shots&page=2 200 in 4ms"),
            (" GET /_next/image?url=%2Flogo.png&w=256&q=75 200 in 3ms", " GET /_next/image?url=%2Flogo.png&w=256&q=75 200 in 3ms"),
            ("disk /var at 93% after /tmp? cleanup", "disk /var at 93% after /tmp? cleanup"),
            // Not a request target; the label's name takes its encoded space.
            ("a/b?name=Maria%20Garcia", "a/b?name=[NAME]"),
            // An apostrophe between letters is part of the value, not the
            // end of the target; a quote around a URL still ends it.
            (" GET /api/search?name=Maria%20D'Angelo&dob=03%2F14%2F1961 200 in 31ms", " GET /api/search?name=[NAME]&dob=[DATE] 200 in 31ms"),
            ("see https://example.com/p?name=Maria%20D'Angelo&dob=03%2F14%2F1961 now", "see [URL] now"),
            ("url='https://example.com/p?dob=03%2F14%2F1961' x", "url='[URL]' x"),
            ("<a href='/x?dob=03%2F14%2F1961'>", "<a href='/x?dob=[DATE]'>"),
        ]);
    }

    #[test]
    fn negatives() {
        assert!(types("upstream 10.0.3.7:8080 took 12ms").is_empty());
        assert!(types("version 1.2.3.4").is_empty());
        assert!(types("at 12:30:45 build 2024.05.01").is_empty());
        assert!(types("docs at https://nextjs.org/docs/app").is_empty());
        assert!(types("order 1234567890 shipped").is_empty());
        assert!(types("ip 256.1.2.3").is_empty());
        assert!(types("Phone: (555) 555-5555 placeholder").is_empty());
        assert!(types("order 747-978-3280 shipped").is_empty());
        assert!(types("Author: ci-bot <ci@build.internal>").is_empty());
        // An organisation's desks and senders, message ids and a DSN's key.
        assert!(types("To: Care Team <careteam@clinic.example>, billing@clinic.example").is_empty());
        assert!(types("mail from reminders@notify.clinic.example, http 202").is_empty());
        // A practice's referral, records, refill, results and fax desks.
        assert!(types("sent to referrals@northside-fm.example; cc records@clinic.example, Refills@rx.example, results@lab.example, fax@clinic.example").is_empty());
        assert!(types("Message-ID: <CARingzKCoGPDxN9i9twebBCWkXGjOzj@mail.gmail.com>").is_empty());
        assert!(types("In-Reply-To: <f709bfd5-9d11-4d98-8973-ced77b597593@notify.clinic.example>").is_empty());
        assert!(types(r#"dsn: "https://2ff3556b4652535219c40dfbee0a31a9@o351696.ingest.us.sentry.io/5617515321052383""#).is_empty());
        assert!(Guard::default().scan(r#"{"email":"billing@clinic.example","event":"delivered"}"#, Format::Json).findings.is_empty());
        assert!(types("GET /api/patients/[id] 404").is_empty());
        assert!(types("GET /api/patients/search?page=2").is_empty());
    }
}
