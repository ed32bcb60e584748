//! JSON: walk the document iteratively (no recursion, so 100,000 levels of
//! nesting cannot overflow the stack), use each key as the label of its
//! value, and report findings inside string values and key-typed scalars.
//! Malformed JSON is reported as `Err` and the caller falls back to text.

use crate::detect::{holds_no_finding, scan_segment, whole_value, ScanOptions};
use crate::fast_hash::DirectCache;
use crate::finding::Hit;
use crate::labels::{self, LabelKind};
use crate::Guard;
use std::sync::{Arc, Mutex};

/// Keys whose value is generic ("value", "text"): their label comes from a
/// sibling such as `"system": "phone"` or `"name": "ssn"` (FHIR telecom and
/// identifier, form field arrays).
const GENERIC_VALUE_KEYS: &[&str] =
    &["value", "val", "text", "data", "answer", "content", "display", "v", "w", "string value", "int value", "double value", "bool value", "bytes value"];
const HINT_KEYS: &[&str] = &["system", "type", "code", "name", "field", "label", "key", "use", "kind", "id", "fieldname", "field name", "tab label", "question", "url", "reference"];

/// Parent keys whose objects are one person: their `id` identifies that person.
/// An error tracker's or a log's `user` (Sentry's `user`, Datadog's `usr`)
/// is the person signed in, in a patient portal a patient.
const PERSON_KEYS: &[&str] = &["patient", "member", "subscriber", "beneficiary", "person", "subject", "enrollee", "resident", "client", "insured", "dependent", "user", "usr"];

/// FHIR resource types that are one person (their `id` is a patient id).
const PERSON_RESOURCES: &[&str] = &["Patient", "Person", "RelatedPerson"];

/// FHIR resources about plans and organisations: their periods and dates are
/// administrative (plan years), not events in a person's care.
const ADMIN_RESOURCES: &[&str] = &["Coverage", "Contract", "Account", "Device", "Medication"];

/// FHIR resources of a directory: organisations, places, services and
/// clinicians. Administrative as [`ADMIN_RESOURCES`] are, and their names,
/// addresses and contacts are no patient's (a clinic's `name`, its
/// `address.city`, its `telecom`): a value whose key says it is one of
/// those is not scanned at all there (a street line or a phone would be
/// found by the text scan). Its other values are scanned as anywhere.
const DIRECTORY_RESOURCES: &[&str] =
    &["Organization", "Location", "HealthcareService", "Endpoint", "InsurancePlan", "OrganizationAffiliation", "Practitioner", "PractitionerRole"];

/// What a key says, worked out once per distinct key (see [`Keys`]): every
/// test `handle_scalar` makes of a key's words is answered here, so values
/// compare no strings.
struct KeyInfo {
    /// Distinct among the keys its [`KeyTable`] has given out: with the
    /// parent key's, what the table's pair cache is keyed by.
    serial: u64,
    /// The normalised words ("birth date").
    words: Box<str>,
    /// The guard's rule for the key.
    rule: Option<LabelKind>,
    /// The key's own findings (maps keyed by e-mail), offsets in the key.
    hits: Box<[Hit]>,
    /// The answers about `words`.
    is: KeyWords,
}

/// What a key's normalised words are, as the key of a value and as the
/// parent key of an object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct KeyWords {
    /// Generic ("value", FHIR `valueString`): labelled by a sibling hint.
    generic: bool,
    /// `resourceType`.
    resource_type: bool,
    /// Its value may say what a generic sibling is ("system", "code"...).
    hint: bool,
    /// `reference` ("Patient/P-0048213").
    reference: bool,
    /// Exactly `name`: needs a value shaped like a person's name.
    name: bool,
    /// `id`, `uuid`, `identifier` or `patient id`: a person's id inside a person object.
    id_like: bool,
    /// Exactly `id`.
    id: bool,
    /// Exactly `issued`: a date in a FHIR resource ([`issued_kind`]).
    issued: bool,
    /// As a parent key, an object under it is one person ("patient", "patients").
    person: bool,
    /// Its last word may end a label phrase ([`labels::may_end_with`]):
    /// only then may the parent key's words and these name one together
    /// ("period start"). Most keys' values have no kind of their own and
    /// a parent key, and most such pairs of keys cannot, so they are not
    /// looked up.
    pair_tail: bool,
    /// `alphabetic`, `ideographic` or `phonetic`: a part of a DICOM JSON
    /// person name (`{"Alphabetic": "DOE^JANE"}`), which its attribute's
    /// tag types as a `Value` array's strings are.
    name_part: bool,
    /// `v` or `w`: a SheetJS worksheet cell's value or formatted text
    /// ([`sheet_cell`]).
    cell: bool,
}

impl KeyWords {
    /// The answers for the normalised words `k`.
    fn of(k: &str) -> KeyWords {
        // "patients" → "patient", "families" → "family" (compared in
        // place: the plural's stem and a listed word ending in `y`).
        let plural = match k.strip_suffix("ies") {
            Some(stem) => PERSON_KEYS.iter().any(|w| w.strip_suffix('y') == Some(stem)),
            None => k.strip_suffix('s').is_some_and(|stem| PERSON_KEYS.contains(&stem)),
        };
        KeyWords {
            generic: GENERIC_VALUE_KEYS.contains(&k) || k.starts_with("value "),
            resource_type: k == "resource type",
            hint: HINT_KEYS.contains(&k),
            reference: k == "reference",
            name: k == "name",
            id_like: matches!(k, "id" | "uuid" | "identifier" | "patient id"),
            id: k == "id",
            issued: k == "issued",
            person: PERSON_KEYS.contains(&k) || plural,
            pair_tail: labels::may_end_with(pair_words(k).rsplit(' ').next().unwrap_or("")),
            name_part: matches!(k, "alphabetic" | "ideographic" | "phonetic"),
            cell: matches!(k, "v" | "w"),
        }
    }
}

/// The normalised words `k` as `lookup_exact` normalises them after a
/// parent's. A second pass changes no ASCII words (most keys: no String
/// made for them), only where a lowercase form is not all letters ("i̇").
fn pair_words(k: &str) -> std::borrow::Cow<'_, str> {
    if k.is_ascii() {
        k.into()
    } else {
        labels::normalise(k).into()
    }
}

/// The FHIR `resourceType` an object is in, as far as its ids and dates care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resource {
    /// None, or one that changes nothing.
    Other,
    /// One person ([`PERSON_RESOURCES`]).
    Person,
    /// A plan or an account ([`ADMIN_RESOURCES`]).
    Admin,
    /// An organisation, place or clinician ([`DIRECTORY_RESOURCES`]).
    Directory,
}

impl Resource {
    /// The class of the raw `resourceType` value `v`.
    fn of(v: &str) -> Resource {
        if PERSON_RESOURCES.contains(&v) {
            Resource::Person
        } else if ADMIN_RESOURCES.contains(&v) {
            Resource::Admin
        } else if DIRECTORY_RESOURCES.contains(&v) {
            Resource::Directory
        } else {
            Resource::Other
        }
    }

    /// Whether its periods and dates are administrative: a plan's, an
    /// account's or a directory's.
    fn is_admin(self) -> bool {
        matches!(self, Resource::Admin | Resource::Directory)
    }

    /// Whether a value of `kind` in this resource is its own name, place or
    /// contact, a directory's (see [`DIRECTORY_RESOURCES`]): not scanned.
    fn owns(self, kind: Option<LabelKind>) -> bool {
        use crate::PhiType as T;
        self == Resource::Directory && matches!(kind, Some(LabelKind::Phi(T::Name | T::Address | T::ZipCode | T::Phone | T::Fax | T::Email | T::Url)))
    }
}

/// An open object or array.
struct Frame {
    is_object: bool,
    /// Where in the walk's stack the object is whose current key this
    /// container is the value of (for arrays: their elements' label; see
    /// [`parent_key`]). An index, not a clone of the key: that object
    /// reads no other key while this container is open, and a clone per
    /// container cost a count up and a count down.
    parent: Option<usize>,
    /// The current key, looked up once when it is read (objects).
    key: Option<Arc<KeyInfo>>,
    /// Where this object's part of the walk's [`Waiting`] stacks starts.
    values_from: usize,
    hints_from: usize,
    /// The FHIR `resourceType` of this object or the nearest enclosing one, and whether it is this object's own.
    resource: Resource,
    own_resource: bool,
    /// Where the frame stands as a table's row or a table (see [`Row`]).
    row: Row,
}

/// A spreadsheet's rows as an array of objects keyed by column
/// (`[{"A": "MRN", "B": "DOB"}, {"A": "88421337", "B": "03/14/1962"}]`,
/// SheetJS's `header: "A"`): the first object is the header row, and its
/// labels are what the later rows' values under the same keys are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    /// An array with no element yet.
    Fresh,
    /// Nothing of the kind: an object that is no header row, an array
    /// whose first element was none.
    Plain,
    /// An array's first object, while its values may still be a header
    /// row's: strings under keys that say nothing themselves.
    Candidate,
    /// An array whose first object was a header row: its labels are in
    /// [`Waiting::columns`].
    Table,
}

/// What a scalar's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Scalar {
    /// A number, `true`, `false` or `null`.
    Bare,
    /// A string's raw content, without escapes.
    Plain,
    /// A string's raw content, with at least one escape (the walk saw it
    /// when it found the string's end, so the value is not searched again).
    Escaped,
}

impl Scalar {
    /// A string's raw content, `escaped` or not.
    fn string(escaped: bool) -> Scalar {
        if escaped {
            Scalar::Escaped
        } else {
            Scalar::Plain
        }
    }
}

/// What the open objects hold back until they close, in two stacks shared
/// by the walk (each [`Frame`] knows where its part starts).
#[derive(Default)]
struct Waiting {
    /// Generic values, waiting for a sibling hint: (start, end, what it
    /// is, whether it is a person's `display` or `text`, a name unless a
    /// sibling says otherwise: see [`handle_scalar`]).
    values: Vec<(usize, usize, Scalar, bool)>,
    /// The string values of hint keys, in order: (start, end, whether the
    /// key is `reference`). The first that says something is the object's
    /// hint; they are looked up only when the object closes with generic
    /// values waiting (most objects with a hint key, `"id"` or `"name"`,
    /// have none).
    hints: Vec<(usize, usize, bool)>,
    /// Values that are a person's id if the object at the frame index they
    /// carry turns out to be a person's FHIR resource, which its
    /// `resourceType` may say after them (Postgres `jsonb` writes shorter
    /// keys first: `id` and `identifier` before `resourceType`), or a date
    /// if they are an `issued` and it turns out to be a resource that is
    /// no plan's or organisation's: (frame, start, end, what it is,
    /// whether it is an `issued`). Decided when that object closes.
    person_ids: Vec<(usize, usize, usize, Scalar, bool)>,
    /// The string values of `text` keys: (frame, start, end). A
    /// QuestionnaireResponse item's `text` ("Date of birth") labels the
    /// values in its `answer` array, which close before it does.
    texts: Vec<(usize, usize, usize)>,
    /// The labels of the header rows of the open arrays ([`Row`]): (the
    /// array's frame index, the column key's serial, what its values are).
    columns: Vec<(usize, u64, LabelKind)>,
}

/// Scans `text` as JSON. `Err(())` if it is not well-formed JSON (and then
/// `out` is as it was).
pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>) -> Result<(), ()> {
    let mut keys = Keys::for_len(guard, text.len());
    let r = scan_with(guard, text, &mut keys, out);
    keys.give_back();
    r
}

/// [`scan`] with caches that outlive it: the JSON islands of one HTML page
/// repeat the same keys, and each island scanned with caches of its own
/// worked them out again. What the caches hold depends only on the text
/// cached and the guard, so sharing them changes no finding.
pub(crate) fn scan_with<'t>(guard: &Guard, text: &'t str, keys: &mut Keys<'t>, out: &mut Vec<Hit>) -> Result<(), ()> {
    let from = out.len();
    let r = walk(guard, text, keys, out);
    if r.is_err() {
        out.truncate(from);
    }
    r
}

/// [`scan`]'s walk; on `Err` it may have pushed findings.
fn walk<'t>(guard: &Guard, text: &'t str, keys: &mut Keys<'t>, out: &mut Vec<Hit>) -> Result<(), ()> {
    let b = text.as_bytes();
    let start = skip_ws(b, 0);
    let mut i = start;
    // Room for the nesting of most documents: a short body grew it twice.
    let mut stack: Vec<Frame> = Vec::with_capacity(16);
    // Whether a key comes next (the walk knows it from the byte it just
    // passed, `{` or an object's `,`, and keeps it here, not in the frame).
    let mut in_obj_key = false;
    let mut waiting = Waiting::default();
    while i < b.len() {
        let c = b[i];
        match c {
            b'{' | b'[' => {
                if in_obj_key {
                    return Err(());
                }
                let (parent, resource) = match stack.last() {
                    Some(f) if f.is_object => (Some(stack.len() - 1), f.resource),
                    Some(f) => (f.parent, f.resource),
                    None => (None, Resource::Other),
                };
                // An array's first object may be a table's header row.
                let mut row = if c == b'{' { Row::Plain } else { Row::Fresh };
                if let Some(a) = stack.last_mut().filter(|a| a.row == Row::Fresh) {
                    a.row = Row::Plain;
                    if c == b'{' {
                        row = Row::Candidate;
                    }
                }
                stack.push(Frame {
                    is_object: c == b'{',
                    parent,
                    key: None,
                    values_from: waiting.values.len(),
                    hints_from: waiting.hints.len(),
                    resource,
                    own_resource: false,
                    row,
                });
                in_obj_key = c == b'{';
                i = skip_ws(b, i + 1);
                continue;
            }
            b'}' | b']' => {
                let f = stack.pop().ok_or(())?;
                if f.is_object != (c == b'}') {
                    return Err(());
                }
                // The ids that waited for this object's `resourceType`
                // (those of objects inside it were decided when they closed).
                while let Some(&(at, s, e, scalar, issued)) = waiting.person_ids.last() {
                    if at != stack.len() {
                        break;
                    }
                    waiting.person_ids.pop();
                    let kind = resource_kind(&f, issued);
                    memo_value(guard, keys, text, s, e, scalar, kind, out);
                }
                // Most objects have no generic value waiting: no hint, and
                // nothing to drain. An OpenTelemetry attribute's value,
                // {"key": "enduser.id", "value": {"stringValue": "P-0048213"}},
                // has no hint key of its own: its values are left waiting
                // for the `key` beside that `value`, as the enclosing
                // object's.
                let attribute = || waiting.hints.len() == f.hints_from && stack.last().is_some_and(|p| p.is_object && p.key.as_deref().is_some_and(|k| &*k.words == "value"));
                if waiting.values.len() > f.values_from && !attribute() {
                    let hints = &waiting.hints[f.hints_from..];
                    let mut hint = hints.iter().find_map(|&(s, e, reference)| keys.hint(&text[s..e], reference));
                    let answer = hint.is_none() && parent_key(&stack, &f).is_some_and(|p| &*p.words == "answer");
                    if let Some(at) = f.parent.filter(|_| answer) {
                        // {"text": "Date of birth", "answer": [{"valueDate": ...}]}: the item's question.
                        // Its last `text` (past the answer's own, which go when it closes).
                        let question = waiting.texts.iter().rev().find(|t| t.0 <= at).filter(|t| t.0 == at);
                        hint = question.and_then(|&(_, s, e)| keys.hint(&text[s..e], false));
                    }
                    // A person's `display` is a name unless a `reference` beside it says whose it is.
                    let person = (hint.is_none() && !hints.iter().any(|h| h.2)).then_some(LabelKind::Phi(crate::PhiType::Name));
                    // {"resourceType": "Patient", "identifier": [{"system": "urn:oid:…", "value": "88421337"}]}:
                    // whatever its system, an identifier of a person's
                    // resource identifies that person (an MRN, a licence, a
                    // member number), where a system that says nothing known
                    // left it unlabelled. When the resource has not said
                    // what it is yet, its values wait for it.
                    let owner = f.parent.filter(|_| hint.is_none() && parent_key(&stack, &f).is_some_and(|p| &*p.words == "identifier"));
                    let hint = match owner {
                        Some(_) if f.resource == Resource::Person => Some(LabelKind::Phi(crate::PhiType::OtherId)),
                        Some(at) if !stack[at].own_resource => {
                            waiting.person_ids.extend(waiting.values.drain(f.values_from..).map(|(s, e, scalar, _)| (at, s, e, scalar, false)));
                            None
                        }
                        _ => hint,
                    };
                    for (s, e, scalar, display) in waiting.values.drain(f.values_from..) {
                        let kind = if display { hint.or(person) } else { hint };
                        if !f.resource.owns(kind) {
                            memo_value(guard, keys, text, s, e, scalar, kind, out);
                        }
                    }
                }
                waiting.hints.truncate(f.hints_from);
                while waiting.texts.last().is_some_and(|t| t.0 == stack.len()) {
                    waiting.texts.pop();
                }
                if f.row != Row::Plain {
                    close_row(&mut stack, &mut waiting.columns, f.row);
                }
                (i, in_obj_key) = after_value(b, i + 1, &stack)?;
            }
            b'"' => {
                let (end, escaped) = string_end(b, i + 1).ok_or(())?;
                let (s, e) = (i + 1, end);
                if in_obj_key {
                    let f = stack.last_mut().unwrap();
                    let info = keys.get(guard, text, s, e, escaped);
                    // A key can itself be PHI (maps keyed by e-mail): its
                    // findings, worked out once per distinct key.
                    for h in info.hits.iter() {
                        let mut h = h.clone();
                        h.start += s;
                        h.end += s;
                        out.push(h);
                    }
                    f.key = Some(info);
                    in_obj_key = false;
                    i = skip_ws(b, end + 1);
                    if b.get(i) != Some(&b':') {
                        return Err(());
                    }
                    i = skip_ws(b, i + 1);
                    // A value must follow: `{"k":}` is not JSON, and the
                    // close would otherwise be taken for the object's.
                    if matches!(b.get(i), Some(b'}' | b']') | None) {
                        return Err(());
                    }
                    continue;
                }
                handle_scalar(guard, keys, text, &mut stack, &mut waiting, s, e, Scalar::string(escaped), out);
                (i, in_obj_key) = after_value(b, end + 1, &stack)?;
            }
            _ => {
                if in_obj_key {
                    return Err(());
                }
                let e = scalar_end(b, i).ok_or(())?;
                handle_scalar(guard, keys, text, &mut stack, &mut waiting, i, e, Scalar::Bare, out);
                (i, in_obj_key) = after_value(b, e, &stack)?;
            }
        }
    }
    // The stack is empty once the root value is done, and after_value
    // lets nothing but spaces follow it; no value at all is not JSON.
    if !stack.is_empty() || start == b.len() {
        return Err(());
    }
    Ok(())
}

/// What each distinct key says, worked out once per guard (API bodies
/// repeat the same few keys thousands of times, and every request the
/// same ones; see [`KeyCache`]), and once per document what hint values
/// and short values say. Direct-mapped caches: the keys come from the input, so a hash
/// map with chains could be made slow by keys crafted to collide.
pub(crate) struct Keys<'t> {
    /// Raw key → what it says: the guard's table, taken from its
    /// [`KeyCache`] for this document (a new one while another scan has
    /// it), given back by [`Keys::give_back`].
    key: KeyTable,
    /// Where `key` goes back.
    home: &'t KeyCache,
    /// (raw value of a hint key, whether the key is `reference`) → the hint.
    hint: DirectCache<(&'t str, bool), Option<LabelKind>>,
    /// Short values without a kind (codes, statuses, enums repeat across a document) →
    /// their findings: the range of [`Keys::value_hits`] they are in
    /// (empty: no findings).
    values: DirectCache<ValueKey<'t>, (usize, usize)>,
    /// The findings of the short values scanned so far, one after the
    /// other, offsets in each value. One buffer for the document: a value
    /// with findings allocated a `Vec` and an `Arc` of its own, and freeing
    /// them all with the cache was a fortieth of a 100 KB body's scan.
    /// (What an evicted value left here stays until the document is done:
    /// it is what its scan pushed, so no more than scanning the document
    /// without the memo pushes.)
    value_hits: Vec<Hit>,
    /// Values of `name` keys → whether they are shaped like a person's
    /// name (`names::plausible_name`, costly; lists of appointment or
    /// product types repeat theirs).
    names: DirectCache<&'t str, bool>,
}

/// A short value's bytes and what it is (values under a kind are not memoised).
type ValueKey<'t> = (&'t [u8], Scalar);

/// Values up to this many bytes without a kind are scanned once per document.
/// Long enough for user agents (a log body repeats a few of them, and each
/// costs a long scan); a slot holds only a slice of the text, so a longer
/// limit costs no memory, only the hash of a value that never repeats.
const MEMO_VALUE_LEN: usize = 160;

impl<'t> Keys<'t> {
    /// Caches sized to a document of `len` bytes, backed by `guard`'s [`KeyCache`].
    pub(crate) fn for_len(guard: &'t Guard, len: usize) -> Self {
        Keys {
            key: guard.json_keys.0.lock().ok().and_then(|mut t| t.take()).unwrap_or_else(KeyTable::new),
            home: &guard.json_keys,
            hint: DirectCache::with_slots(len / 512),
            values: DirectCache::with_slots(len / 64),
            // Room for a short body's findings (a 1 KB body grew it three
            // times); a long one's grow from there.
            value_hits: Vec::with_capacity(16),
            names: DirectCache::with_slots(len / 1024),
        }
    }

    /// What the key `text[s..e]` says (`escaped`: whether it has an escape).
    /// Looked up by its bytes: a `str` slice checks both ends for a
    /// character boundary, and every key of a document is looked up (the
    /// walk's `s` and `e` are at quotes, so a key that is worked out is
    /// sliced as text without a failure).
    fn get(&mut self, guard: &Guard, text: &str, s: usize, e: usize, escaped: bool) -> Arc<KeyInfo> {
        let t = &mut self.key;
        let bytes = &text.as_bytes()[s..e];
        let h = text_hash(bytes);
        match t.keys.find(h, bytes).or_else(|| t.spill.find(spill_hash(h), bytes)) {
            Some(info) => info,
            None => self.work_out(guard, text, s, e, escaped, h),
        }
    }

    /// [`Keys::get`] of a key the table does not hold (`h`: its
    /// [`text_hash`]): worked out, and kept if it may be. Out of line and
    /// cold: most look-ups find their key, and with this path inlined the
    /// look-up saved and restored the registers it needs at every key.
    #[cold]
    #[inline(never)]
    fn work_out(&mut self, guard: &Guard, text: &str, s: usize, e: usize, escaped: bool, h: u64) -> Arc<KeyInfo> {
        let t = &mut self.key;
        let bytes = &text.as_bytes()[s..e];
        let raw = &text[s..e];
        // Scanned like a string value: decoded when it has escapes, so a
        // finding never starts inside `\n` ("KEY-----\nMIIx…@…").
        let mut hits = Vec::new();
        value(raw, 0, raw.len(), Scalar::string(escaped), None, &guard.opts, &mut hits);
        let words = labels::normalise(raw);
        t.serial += 1;
        let rule = guard.opts.key_rule(&words);
        let info = Arc::new(KeyInfo { serial: t.serial, is: KeyWords::of(&words), words: words.into(), rule, hits: hits.into() });
        // A key that may not outlive the document is not kept at all:
        // worked out again where it repeats (rare, and no dearer than
        // scanning it as a value).
        if info.hits.is_empty() && raw.len() <= KeyCache::KEY_LEN {
            t.keys.put(h, bytes.into(), info.clone());
            t.spill.put(spill_hash(h), bytes.into(), info.clone());
        }
        info
    }

    /// Gives the key table back to the guard. (A table not given back is
    /// dropped: the next document starts a new one.)
    pub(crate) fn give_back(self) {
        if let Ok(mut home) = self.home.0.lock() {
            *home = Some(self.key);
        }
    }

    /// What the value `v` of a hint key says its generic siblings are.
    fn hint(&mut self, v: &'t str, reference: bool) -> Option<LabelKind> {
        self.hint.get_or_insert_with((v, reference), || hint_of(v, reference))
    }
}

/// What the keys of earlier documents said, kept on the [`Guard`] for the
/// next documents: a small API body spends most of its scan working out
/// its few dozen keys, the same in every request.
///
/// Keys stay in memory across requests, so what is kept is bounded and
/// holds no finding: only keys of at most [`KeyCache::KEY_LEN`] bytes in
/// which no detector found anything (a map keyed by e-mail addresses keeps
/// none of them), at most [`KeyCache::ENTRIES`] of them, the less recently
/// used of two sharing a bucket evicted (and again, in buckets of another
/// hash, in [`KeyTable::spill`]); the others are never put in it. A cached key's answers
/// are the ones working it out again gives (they depend only on the key
/// and the guard's options), so the cache changes no finding. A scan takes
/// the table for its document and gives it back after, two short locks a
/// document; a concurrent scan on the same guard starts a table of its
/// own. A clone of a guard starts with an empty cache. The table also
/// keeps what pairs of keys say ([`KeyTable::pairs`]).
pub(crate) struct KeyCache(Mutex<Option<KeyTable>>);

/// Keys and what they say, for one document at a time.
struct KeyTable {
    keys: DirectCache<Box<[u8]>, Arc<KeyInfo>>,
    /// The same keys in buckets of another hash ([`spill_hash`]), asked
    /// when `keys` has lost one. Three keys sharing a bucket of `keys`
    /// evict each other on every pass through them (the 208 keys of the
    /// bench bodies have such a triple, "class", "quantity" and
    /// "reasonCode": each of their occurrences scanned the key and gave it
    /// a new serial, so its pairs were worked out again too); the same
    /// three rarely share a bucket here as well.
    spill: DirectCache<Box<[u8]>, Arc<KeyInfo>>,
    /// (parent key serial, child key serial) → what "parent child" says
    /// ("period start"). Kept with the keys: the answer depends only on the
    /// two keys' words, and an API body's pairs are the same in every
    /// request (worked out per document, they were a sixth of a 1 KB
    /// body's scan). Holds serials and kinds only, no text.
    pairs: DirectCache<(u64, u64), Option<LabelKind>>,
    /// Serial of the last [`KeyInfo`] made in this table: a serial is
    /// never given out twice, so a pair of serials names one pair of
    /// keys for as long as the table lives (a key evicted and worked out
    /// again gets a new serial; the pairs under its old one are never
    /// asked for again).
    serial: u64,
}

impl KeyTable {
    fn new() -> Self {
        KeyTable { keys: DirectCache::with_slots(KeyCache::ENTRIES), spill: DirectCache::with_slots(KeyCache::SPILL), pairs: DirectCache::with_slots(KeyCache::PAIRS), serial: 0 }
    }
}

/// The hash of a raw key in [`KeyTable::keys`] and of a short value in
/// [`Keys::values`]: its length and its first, middle and last eight bytes
/// (under eight: its first and last four, or its first, middle and last
/// byte), mixed by one multiply. Every key and short value of a document
/// is looked up, and this reads one in three loads where
/// [`crate::fast_hash::hash`] steps through it. Texts that differ only
/// between those bytes share a bucket, which costs misses, never a wrong
/// answer (a slot's key is compared whole).
fn text_hash(b: &[u8]) -> u64 {
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let four = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
    let (first, middle, last) = match n {
        8.. => (word(0), word(n / 2 - 4), word(n - 8)),
        4..8 => (four(0), 0, four(n - 4)),
        1..4 => (u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16, 0, 0),
        0 => (0, 0, 0),
    };
    (first ^ middle.rotate_left(21) ^ last.rotate_left(42) ^ (n as u64) << 56).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95)
}

/// The hash of [`KeyTable::spill`], from a key's [`text_hash`] `h`:
/// its buckets come from the top bits, and this puts all of `h`'s bits
/// there, so keys whose top bits of `h` agree are spread apart.
fn spill_hash(h: u64) -> u64 {
    (h ^ h >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl KeyCache {
    /// The longest key kept, in bytes.
    const KEY_LEN: usize = 64;
    /// How many keys are kept at most (API bodies hold a few hundred
    /// distinct keys: with 1,024 slots, keys of the 1 MB bench body that
    /// shared a bucket evicted each other all along).
    const ENTRIES: usize = 2048;
    /// How many keys [`KeyTable::spill`] holds at most.
    const SPILL: usize = 1024;
    /// How many key pairs are kept at most.
    const PAIRS: usize = 1024;
}

impl Default for KeyCache {
    fn default() -> Self {
        KeyCache(Mutex::new(None))
    }
}

impl Clone for KeyCache {
    fn clone(&self) -> Self {
        KeyCache::default()
    }
}

/// What the string `v` of a hint key says, if it is a code or a field name
/// ("phone", "http://…/mrn", "Social Security Number"), not prose ("DOB:
/// 03/14/1962") and not something we redacted: the same sibling must mean
/// the same before and after redaction. A code or field name is short; an
/// HTTP URI may be longer (FHIR's
/// `http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName`,
/// whose extension's `valueString` is a name).
fn hint_of(v: &str, reference: bool) -> Option<LabelKind> {
    if v.len() > hint_len(v) || v.contains(": ") || crate::detect::has_redaction_token(v) {
        return None;
    }
    if reference {
        // "Patient/P-0048213": the resource type says who the sibling `display` is.
        v.split('/').next().and_then(labels::lookup).filter(|h| matches!(h, LabelKind::Phi(crate::PhiType::Name) | LabelKind::Provider))
    } else {
        labels::lookup(v)
            .or_else(|| {
                // URIs such as "http://hospital.example/mrn", FHIR extension urls
                // ".../fhir/age": what follows the last `/ : # .` (ASCII, so a
                // byte search finds them; `rsplit` with a char set is slow).
                let last = v.bytes().rposition(|c| matches!(c, b'/' | b':' | b'#' | b'.')).map_or(v, |i| &v[i + 1..]);
                // But a last word "name" alone: the whole phrase's look-up
                // has asked whether the words before it are a person's
                // (OpenTelemetry's `service.name`, `k8s.pod.name` and
                // `db.name` are no person's).
                labels::lookup(last).filter(|_| !is_bare_name(last))
            })
            // A role says something only before a colon in text, a cue
            // only before a name in text.
            .filter(|k| !matches!(k, LabelKind::Role | LabelKind::Cue | LabelKind::Payer))
    }
}

/// Whether `w` is the word "name" or "names" in any case.
fn is_bare_name(w: &str) -> bool {
    w.eq_ignore_ascii_case("name") || w.eq_ignore_ascii_case("names")
}

/// The longest hint value [`hint_of`] reads: 64 bytes, 256 for an HTTP URI.
fn hint_len(v: &str) -> usize {
    if v.starts_with("http://") || v.starts_with("https://") {
        256
    } else {
        64
    }
}

/// The words of no key (an array's element): what [`handle_scalar`] asks
/// of them, by reference (see there).
const NO_WORDS: KeyWords = KeyWords { generic: false, resource_type: false, hint: false, reference: false, name: false, id_like: false, id: false, issued: false, person: false, pair_tail: false, name_part: false, cell: false };

/// The scalar at `s..e`: what its key, parent key, resource and siblings
/// say it is, then its findings (generic values and hint values wait in
/// `waiting` for their object to close).
#[allow(clippy::too_many_arguments)]
fn handle_scalar<'t>(guard: &Guard, keys: &mut Keys<'t>, text: &'t str, stack: &mut [Frame], waiting: &mut Waiting, s: usize, e: usize, scalar: Scalar, out: &mut Vec<Hit>) {
    let is_str = scalar != Scalar::Bare;
    let Some((f, outer)) = stack.split_last_mut() else {
        // A bare scalar document.
        value(text, s, e, scalar, None, &guard.opts, out);
        return;
    };
    // The key of this value in an object (in an array: none, and the
    // array's own key gives the kind).
    let key = if f.is_object { f.key.as_deref() } else { None };
    let mut kind = if f.is_object { key } else { parent_key(outer, f) }.and_then(|i| i.rule);
    // DICOM JSON, {"00100020": {"vr": "LO", "Value": ["…"]}}: a value in
    // an attribute's `Value` array (a person name's `Alphabetic` in an
    // object there: see below) is what the attribute's tag says
    // (`dicom::key_rule`; its eight digits: no other key's `value` is read
    // so).
    if kind.is_none() && !f.is_object {
        if let Some(p) = f.parent.filter(|&p| outer[p].key.as_deref().is_some_and(|k| k.is.generic)) {
            kind = parent_key(outer, &outer[p]).filter(|t| t.words.len() == 8).and_then(|t| t.rule);
        }
    }
    // By reference, not copied: a copy read all nine answers for every
    // value before the first test (0.7% of a JSON body's instructions),
    // and most values ask two or three.
    let is = key.map_or(&NO_WORDS, |k| &k.is);
    if f.row == Row::Candidate && !header_cell(keys, text, outer.len() - 1, key, &mut waiting.columns, s, e, is_str) {
        f.row = Row::Plain;
    }
    // FHIR `valueString`, `valueInteger`...: generic, labelled by a sibling.
    if is.generic {
        // A worksheet's cell's value or text (`"v"`, `"w"`) under its
        // address's key (`"B2"`): what its column's label in the first row
        // says, if it says something.
        if let Some(p) = f.parent.filter(|_| is.cell && kind.is_none()) {
            match sheet_cell(keys, text, outer, &mut waiting.columns, p, s, e, is_str, out) {
                Some(None) => {}
                Some(kind) => return value(text, s, e, scalar, kind, &guard.opts, out),
                None => return,
            }
        }
        // But a HumanName's `text` ({"name": [{"use": "official", "text":
        // "Zoltan Quibble"}]}, a contact's {"name": {"text": ...}}) is the
        // whole name: in a person's resource always, elsewhere when shaped
        // like one, as the bare `name` key's value must be. Not every
        // `text` (a CodeableConcept's, under "code"); a Narrative's `text`
        // is an object, not a scalar, and never comes here.
        let text_key = key.filter(|k| is_str && &*k.words == "text");
        if let (Some(key), Some(parent)) = (text_key, parent_key(outer, f)) {
            if parent.is.name {
                let v = &text[s..e];
                let kind = (f.resource == Resource::Person || keys.names.get_or_insert_with(v, || crate::detect::names::plausible_name(v))).then_some(LabelKind::Phi(crate::PhiType::Name));
                if !f.resource.owns(kind) {
                    memo_value(guard, keys, text, s, e, scalar, kind, out);
                }
                return;
            }
            // An Address's `text` ({"address": [{"text": "1234 Quail
            // Hollow Rd, Springfield, IL 62704"}]}, an extension's
            // `valueAddress`) is the whole address: the two keys are a
            // label together, as `address district` is.
            if let kind @ Some(_) = pair_kind(keys, parent, key) {
                if !f.resource.owns(kind) {
                    memo_value(guard, keys, text, s, e, scalar, kind, out);
                }
                return;
            }
        }
        // {"subscriber": {"display": "Zoltan Quibble"}}: a person's
        // reference, named. And a question's text, for its answers.
        let words = key.map_or("", |k| &k.words);
        let display = is_str && matches!(words, "display" | "text") && parent_key(outer, f).is_some_and(|p| p.is.person);
        if is_str && words == "text" && f.is_object {
            waiting.texts.push((stack.len() - 1, s, e));
        }
        waiting.values.push((s, e, scalar, display));
        return;
    }
    if is_str && is.resource_type {
        f.resource = Resource::of(&text[s..e]);
        f.own_resource = true;
    }
    if is_str && is.hint {
        waiting.hints.push((s, e, is.reference));
        // A chat message's {"sender": {"type": "patient", "id": "9912860"}}:
        // an object whose type is "patient" is that patient, as a FHIR
        // Patient is (its `id` waits for this when it comes first).
        if !f.own_resource && text[s..e].eq_ignore_ascii_case("patient") && key.is_some_and(|k| &*k.words == "type") {
            f.resource = Resource::Person;
            f.own_resource = true;
        }
    }
    // {"name": "New patient"} in a list of appointment types is not a person:
    // the bare key "name" needs a value shaped like a person's name. In a
    // person's object or resource ({"patients": [{"name": "QUIBBLE, ZOLTAN
    // A"}]}) it is that person's name: whole when its letters and words are
    // a name's (`whole_value`), names off the lists and lowercase ones too.
    if is.name
        && kind == Some(LabelKind::Phi(crate::PhiType::Name))
        && !(f.resource == Resource::Person || parent_key(outer, f).is_some_and(|p| p.is.person))
        && !keys.names.get_or_insert_with(&text[s..e], || crate::detect::names::plausible_name(&text[s..e]))
    {
        kind = None;
    }
    if kind.is_none() {
        if let (Some(key), Some(parent)) = (key, parent_key(outer, f)) {
            if is.id_like && parent.is.person {
                // {"patient": {"id": "P-0048213"}}, {"patients": [{"id": ...}]}: an id inside a person object identifies that person.
                kind = Some(LabelKind::Phi(crate::PhiType::OtherId));
            } else if is.pair_tail && !f.resource.is_admin() {
                // {"period": {"start": ...}}: the parent key and the key together ("period start").
                kind = pair_kind(keys, parent, key);
            } else if is.name_part && parent.is.generic {
                // DICOM JSON's person name, {"00100010": {"vr": "PN", "Value":
                // [{"Alphabetic": "DOE^JANE"}]}}: what the tag says, as for a
                // string in the `Value` array (above). Told by the key's own
                // answer, so no other value looks at its parents' parent.
                kind = f.parent.and_then(|p| parent_key(outer, &outer[p])).filter(|t| t.words.len() == 8).and_then(|t| t.rule);
            }
        }
        // A table's row: its header row's label for the column.
        if let (None, Some(k), Some(_)) = (kind, key, outer.last().filter(|a| a.row == Row::Table)) {
            kind = column_kind(&waiting.columns, outer.len() - 1, k.serial);
        }
    }
    // {"resourceType": "Patient", "id": "P-0048213"}, {"resourceType":
    // "Observation", "issued": ...}: the resource says what its `id` and
    // its `issued` are; before the object says what it is, the value
    // waits for it to close.
    let issued = is.issued;
    if kind.is_none() && (is.id || issued) && f.is_object {
        if !f.own_resource {
            waiting.person_ids.push((stack.len() - 1, s, e, scalar, issued));
            return;
        }
        kind = resource_kind(f, issued);
    }
    if !f.resource.owns(kind) {
        memo_value(guard, keys, text, s, e, scalar, kind, out);
    }
}

/// Whether the value at `s..e` under `key`, in an array's first object
/// that may be a header row (see [`Row`]; its array the frame at `array`),
/// leaves it one: a short string without digits under a key that says
/// nothing itself (a column's letter or number). Its label, if it is one,
/// is noted for the column. Out of line: only an array's first object
/// comes here, and a record's (an id, a date, a URL) leaves at its first
/// value with a digit, before any look-up.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn header_cell<'t>(keys: &mut Keys<'t>, text: &'t str, array: usize, key: Option<&KeyInfo>, columns: &mut Vec<(usize, u64, LabelKind)>, s: usize, e: usize, is_str: bool) -> bool {
    let v = &text[s..e];
    let Some(k) = key.filter(|k| is_str && v.len() <= 64 && !v.bytes().any(|c| c.is_ascii_digit()) && k.rule.is_none() && k.is == KeyWords { pair_tail: k.is.pair_tail, ..NO_WORDS }) else {
        return false;
    };
    if let Some(kind @ LabelKind::Phi(_)) = keys.hint(v, false) {
        columns.push((array, k.serial, kind));
    }
    true
}

/// The label the header row of the table at frame `at` gives the column
/// `k` (a key's serial, or a worksheet's column from [`sheet_cell`]). Out
/// of line: only a table's rows come here.
#[inline(never)]
fn column_kind(columns: &[(usize, u64, LabelKind)], at: usize, k: u64) -> Option<LabelKind> {
    columns.iter().rev().find(|c| c.0 == at && c.1 == k).map(|c| c.2)
}

/// A SheetJS worksheet's cell, `{"A1":{"t":"s","v":"DOB"},"A2":{"t":"n",
/// "v":33659,"w":"2/25/92"}}`: the value `s..e` (its `v` or `w`) of the
/// cell whose address is the key of the frame at `cell` in `outer`
/// (normalised: "a2"), in the worksheet at the last frame of `outer`. A
/// first row's string labels its column, which is noted (the worksheet is
/// marked a table, so that the notes go when it closes); a later row's
/// value is what its column's label says,
/// and a date's `v`, its serial number (days from 1900, a bare number),
/// is pushed to `out` here: then None, the value read. Out of line: only
/// `v` and `w` keys under a key come here.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn sheet_cell<'t>(keys: &mut Keys<'t>, text: &'t str, outer: &mut [Frame], columns: &mut Vec<(usize, u64, LabelKind)>, cell: usize, s: usize, e: usize, is_str: bool, out: &mut Vec<Hit>) -> Option<Option<LabelKind>> {
    let Some(a) = outer[cell].key.as_deref().map(|k| k.words.as_bytes()) else { return Some(None) };
    let n = a.iter().take_while(|c| c.is_ascii_lowercase()).count();
    if !(1..=3).contains(&n) || !(n + 1..n + 8).contains(&a.len()) || a[n] == b'0' || !a[n..].iter().all(u8::is_ascii_digit) {
        return Some(None);
    }
    // The column's letters as a number no key's serial is.
    let (col, first_row) = (a[..n].iter().fold(1 << 63, |k, &c| k << 8 | u64::from(c)), a[n..] == *b"1");
    let sheet = outer.len() - 1;
    if !first_row {
        let kind = column_kind(columns, sheet, col);
        if kind == Some(LabelKind::Phi(crate::PhiType::Date)) && !is_str && e - s <= 6 && text.as_bytes()[s..e].iter().all(u8::is_ascii_digit) {
            let mut h = Hit::new(crate::PhiType::Date, s, e, 0.95, crate::finding::why!("json-key", "value under a key that names this identifier"));
            h.flags |= Hit::BARE_JSON;
            out.push(h);
            return None;
        }
        return Some(kind);
    }
    if let Some(kind @ LabelKind::Phi(_)) = keys.hint(&text[s..e], false).filter(|_| is_str) {
        columns.push((sheet, col, kind));
        outer[sheet].row = Row::Table;
    }
    Some(None)
}

/// The object or array `row` has closed (`stack` without it): a header
/// row with labels for at least two columns makes its array a table; one
/// that is not leaves nothing noted; a table's labels go with it.
#[inline(never)]
fn close_row(stack: &mut [Frame], columns: &mut Vec<(usize, u64, LabelKind)>, row: Row) {
    // The array: the frame the row was in, or the one that closed.
    let at = stack.len() - usize::from(row == Row::Candidate);
    let noted = columns.iter().rev().take_while(|c| c.0 == at).count();
    if row == Row::Candidate && noted >= 2 {
        stack[at].row = Row::Table;
    } else {
        columns.truncate(columns.len() - noted);
    }
}

/// What the parent key and the key together say their value is
/// ("period start"), worked out once per pair of keys.
fn pair_kind(keys: &mut Keys, parent: &KeyInfo, key: &KeyInfo) -> Option<LabelKind> {
    keys.key.pairs.get_or_insert_with((parent.serial, key.serial), || {
        labels::lookup_exact(&format!("{} {}", parent.words, key.words)).filter(|k| matches!(k, LabelKind::Phi(_)))
    })
}

/// What an `id` (or, with `issued`, an `issued`) of the object `f`, a
/// FHIR resource, is: a person's resource's id is an identifier of that
/// person ([`issued_kind`] for an `issued`).
fn resource_kind(f: &Frame, issued: bool) -> Option<LabelKind> {
    if issued {
        issued_kind(f)
    } else {
        (f.own_resource && f.resource == Resource::Person).then_some(LabelKind::Phi(crate::PhiType::OtherId))
    }
}

/// What the `issued` of the object `f` is: a date when the object is a
/// FHIR resource (its own `resourceType`) that is no plan's or
/// organisation's ([`Resource::Admin`]). An Observation's or
/// DiagnosticReport's `issued` is when its subject's result was released,
/// a date of that person's care, as its `effectiveDateTime` is; outside a
/// resource it is a record's timestamp, as `createdAt` is, and no label.
fn issued_kind(f: &Frame) -> Option<LabelKind> {
    (f.own_resource && !f.resource.is_admin()).then_some(LabelKind::Phi(crate::PhiType::Date))
}

/// The key the container `f` is the value of, from the frames `outer`
/// that enclose it ([`Frame::parent`]).
fn parent_key<'s>(outer: &'s [Frame], f: &Frame) -> Option<&'s KeyInfo> {
    f.parent.and_then(|p| outer[p].key.as_deref())
}

/// [`value`], through the document's memo for short values without a kind.
///
/// Inlined into its callers, and only its first tests: most values end
/// at them (numbers without a kind, UUIDs, codes, timestamps), and as a
/// call of its own each paid the call and its stack frame (0.7% of a JSON
/// body's instructions). The memo itself stays out of line
/// ([`memo_lookup`]): inlined whole, it cost more than the call.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn memo_value<'t>(guard: &Guard, keys: &mut Keys<'t>, text: &'t str, s: usize, e: usize, scalar: Scalar, kind: Option<LabelKind>, out: &mut Vec<Hit>) {
    // What `value` returns at once is not looked up: a number, `true` or
    // `false` without a kind (most of them), an empty string.
    if (scalar == Scalar::Bare && kind.is_none()) || s == e {
        return;
    }
    // Nor a string with no kind that `scan_segment` skips (a UUID, a word
    // of letters, a timestamp): a third of a document's values, each
    // otherwise hashed, looked up and put in the memo for no findings.
    // (One with an escape is never one of them: the check fails on `\`.)
    if kind.is_none() && holds_no_finding(&text.as_bytes()[s..e]) {
        return;
    }
    // A value under a kind is checked whole first, not memoised: it is
    // mostly an id, a date or a name of one record (of json-100KB's 904
    // such look-ups, 31 found their value; of json-1MB's 9,481, 823), so
    // the hash, the look-up and the put cost more than the checks they
    // save (json-100KB 0.977, json-1MB 0.982 of the instructions), and the
    // memo's slots are left to the values that repeat (codes, statuses,
    // units).
    if let Some(k) = kind {
        // But a plain string its kind does not take whole is scanned as
        // text, and the text scan does not depend on the key (see
        // `whole_value`): that scan goes through the memo, as for a value
        // without a kind. Such values repeat ("build": "next build",
        // "consentVersion": "2024-03"), and only they are hashed (json-100KB
        // 0.993, json-1MB 0.992 of the instructions).
        if scalar == Scalar::Plain {
            let from = out.len();
            if whole_value(&text[s..e], k, &guard.opts, out) {
                place_at(&mut out[from..], s, Hit::JSON_STRING);
                return;
            }
            // What the text scan skips is not hashed (a timestamp under a
            // date's key), as for a value without a kind above.
            if !holds_no_finding(&text.as_bytes()[s..e]) {
                memo_lookup(guard, keys, text, s, e, scalar, out);
            }
            return;
        }
        value(text, s, e, scalar, kind, &guard.opts, out);
        return;
    }
    memo_lookup(guard, keys, text, s, e, scalar, out);
}

/// [`memo_value`] of a value without a kind its first tests did not settle.
#[inline(never)]
fn memo_lookup<'t>(guard: &Guard, keys: &mut Keys<'t>, text: &'t str, s: usize, e: usize, scalar: Scalar, out: &mut Vec<Hit>) {
    if e - s > MEMO_VALUE_LEN {
        asked_value(text, s, e, scalar, &guard.opts, out);
        return;
    }
    // Looked up by its bytes (see `Keys::get`), sliced as text only to be scanned.
    let v = &text.as_bytes()[s..e];
    // Hashed by the text alone: the same text as a number shares its
    // bucket (and is told apart by the whole key).
    let (h, key) = (text_hash(v), (v, scalar));
    let (from, to) = keys.values.find(h, &key).unwrap_or_else(|| {
        let from = keys.value_hits.len();
        let v = &text[s..e];
        asked_value(v, 0, v.len(), scalar, &guard.opts, &mut keys.value_hits);
        let range = (from, keys.value_hits.len());
        keys.values.put(h, key, range);
        range
    });
    for h in &keys.value_hits[from..to] {
        let mut h = h.clone();
        h.start += s;
        h.end += s;
        out.push(h);
    }
}

/// [`value`] of a string without a kind that [`memo_value`] has asked
/// [`holds_no_finding`] of (and that said no): a plain one goes to the
/// text scan without the question asked again. (An escaped one is scanned
/// decoded, which the question was not asked of.)
fn asked_value(text: &str, s: usize, e: usize, scalar: Scalar, opts: &ScanOptions, out: &mut Vec<Hit>) {
    if scalar != Scalar::Plain {
        value(text, s, e, scalar, None, opts, out);
        return;
    }
    let from = out.len();
    crate::detect::scan_asked_segment(&text[s..e], opts, out);
    place_at(&mut out[from..], s, Hit::JSON_STRING);
}

/// A column of a CSV table: what its header cell says read as a JSON key
/// (src/formats/csv.rs), from the same key cache as the walk's keys.
pub(crate) struct Column(Arc<KeyInfo>);

impl Column {
    /// The guard's rule for the header, as for a JSON key.
    pub(crate) fn rule(&self) -> Option<LabelKind> {
        self.0.rule
    }
    /// Whether the header cell itself holds a finding (then it is a value, no header).
    pub(crate) fn has_findings(&self) -> bool {
        !self.0.hits.is_empty()
    }
    /// The kind of the cell value `v` under this column: the rule, but a
    /// bare `name` header's value must be shaped like a person's name, as
    /// under a JSON `name` key ([`handle_scalar`]).
    fn kind_of(&self, v: &str, plausible: impl FnOnce() -> bool) -> Option<LabelKind> {
        let kind = self.0.rule;
        if self.0.is.name && kind == Some(LabelKind::Phi(crate::PhiType::Name)) && !v.is_empty() && !plausible() {
            return None;
        }
        kind
    }
}

impl<'t> Keys<'t> {
    /// The column whose header cell is `text[s..e]` (no escape in it).
    /// Out of line: the walk's `get` inlined into each reader that makes
    /// columns cost the wasm about a kilobyte each.
    #[inline(never)]
    pub(crate) fn column(&mut self, guard: &Guard, text: &str, s: usize, e: usize) -> Column {
        Column(self.get(guard, text, s, e, false))
    }
}

/// Scans the CSV cell `text[s..e]` (no `""` in it) under `col` exactly as
/// the walk scans a plain string value under that key, memo included; its
/// findings carry no JSON flag (a piece in a cell is not JSON-escaped).
#[inline(never)]
pub(crate) fn column_value<'t>(guard: &Guard, keys: &mut Keys<'t>, text: &'t str, s: usize, e: usize, col: &Column, out: &mut Vec<Hit>) {
    let v = &text[s..e];
    let names = &mut keys.names;
    let kind = col.kind_of(v, || names.get_or_insert_with(v, || crate::detect::names::plausible_name(v)));
    let from = out.len();
    memo_value(guard, keys, text, s, e, Scalar::Plain, kind, out);
    for h in &mut out[from..] {
        h.flags &= !(Hit::JSON_STRING | Hit::BARE_JSON);
    }
}

/// [`column_value`] of a cell's decoded text `v` (a quoted cell with `""`
/// in it), with no memo: findings at offsets in `v`.
#[inline(never)]
pub(crate) fn column_decoded(opts: &ScanOptions, v: &str, col: &Column, out: &mut Vec<Hit>) {
    scan_segment(v, col.kind_of(v, || crate::detect::names::plausible_name(v)), opts, out);
}

/// Scans the scalar at `s..e` of `text`, under what its key says.
fn value(text: &str, s: usize, e: usize, scalar: Scalar, kind: Option<LabelKind>, opts: &ScanOptions, out: &mut Vec<Hit>) {
    if s == e {
        return;
    }
    let v = &text[s..e];
    if scalar == Scalar::Bare {
        // Numbers and literals are only PHI when their key says so ("ssn": 219099999, "age": 94).
        if kind.is_none() || !v.bytes().all(|c| c.is_ascii_digit()) {
            return;
        }
    }
    let from = out.len();
    // Escaped strings ("Jos\u00e9", "line\nPatient: ...") are scanned decoded,
    // and findings are mapped back to the raw text on escape boundaries, so a
    // replacement never cuts through `\uXXXX` or `\n`.
    // The walk lets through only escapes JSON has (`string_end`), and they
    // all decode: the raw scan below is never an escaped string's path.
    if scalar == Scalar::Escaped {
        if let Some((decoded, map)) = unescape(v) {
            scan_segment(&decoded, kind, opts, out);
            for h in &mut out[from..] {
                h.start = s + map[h.start];
                h.end = s + map[h.end];
                h.flags |= Hit::JSON_STRING;
            }
            return;
        }
        debug_assert!(false, "the JSON walk let through an escape that does not decode");
    }
    scan_segment(v, kind, opts, out);
    place_at(&mut out[from..], s, if scalar == Scalar::Bare { Hit::BARE_JSON } else { Hit::JSON_STRING });
}

/// Moves `hits`, found in a value scanned on its own, to where the value
/// starts in the document, `s`, marked with `flag` (what kind of JSON
/// scalar they are in).
#[inline(always)]
fn place_at(hits: &mut [Hit], s: usize, flag: u8) {
    for h in hits {
        h.start += s;
        h.end += s;
        h.flags |= flag;
    }
}

/// Decodes the escapes of a JSON string's raw content. Returns the decoded
/// text and, for each decoded byte plus one past the end, the raw offset of
/// the escape (or character) it came from. `None` for an invalid escape.
/// A lone surrogate decodes to U+FFFD.
pub(crate) fn unescape(raw: &str) -> Option<(String, Vec<usize>)> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    let hex4 = |at: usize| -> Option<u32> { u32::from_str_radix(raw.get(at..at + 4)?, 16).ok() };
    while i < b.len() {
        // A run without escapes is copied whole, each byte mapped to the
        // start of its character.
        let run_end = b[i..].iter().position(|&c| c == b'\\').map_or(b.len(), |j| i + j);
        if run_end > i {
            let run = &raw[i..run_end];
            out.push_str(run);
            if run.is_ascii() {
                map.extend(i..run_end);
            } else {
                let mut char_start = i;
                for (at, c) in (i..).zip(run.bytes()) {
                    if c & 0xC0 != 0x80 {
                        char_start = at;
                    }
                    map.push(char_start);
                }
            }
            i = run_end;
            continue;
        }
        // An escape at `i`.
        let start = i;
        let e = *b.get(i + 1)?;
        i += 2;
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(i)?;
                i += 4;
                if (0xD800..0xDC00).contains(&hi) && b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                    match hex4(i + 2) {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            i += 6;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}')
                        }
                        _ => '\u{FFFD}',
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            _ => return None,
        };
        out.push(c);
        map.extend(std::iter::repeat_n(start, c.len_utf8()));
    }
    map.push(b.len());
    Some((out, map))
}

/// Escapes `s` for use inside a JSON string literal.
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Past the value that ends at `i` in the innermost open container of
/// `stack`: where the next token starts, and whether it is a key (after
/// an object's `,`).
// A hint: at the inlining threshold of 180 it was left out of line
// (.cargo/config.toml).
#[inline]
fn after_value(b: &[u8], i: usize, stack: &[Frame]) -> Result<(usize, bool), ()> {
    let i = skip_ws(b, i);
    let Some(f) = stack.last() else {
        // The root value is done: only spaces may follow.
        return if i == b.len() { Ok((i, false)) } else { Err(()) };
    };
    match b.get(i) {
        Some(b',') => {
            let j = skip_ws(b, i + 1);
            if matches!(b.get(j), Some(b'}') | Some(b']') | None) {
                return Err(()); // trailing comma
            }
            Ok((j, f.is_object))
        }
        Some(b'}') | Some(b']') => Ok((i, false)),
        _ => Err(()),
    }
}

/// Inlined: most JSON is minified, and at most places the walk asks
/// there is no space to skip; the call cost more than the test. Every
/// byte the walk stops at (quotes, brackets, `:`, `,`, digits) is above
/// a space, so one comparison passes it.
#[inline(always)]
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] <= b' ' && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Index of the closing quote of a string whose content starts at `i`, and
/// whether the content has an escape. `None` if the string does not end, or
/// holds a control character or an escape JSON has not (`\!`, `\x41`,
/// `\u12`): the document is malformed and is scanned as text. A string
/// with such an escape could not be decoded, and its findings, mapped onto
/// its raw bytes, could start between the backslash and the byte it
/// escapes, where no repeat of them may (`place_in_json`).
fn string_end(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        let p = crate::detect::find::find_json_string_stop(b, i)?;
        match b[p] {
            b'"' => return Some((p, escaped)),
            b'\\' => {
                escaped = true;
                i = p + 2;
                match *b.get(p + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' if b.get(i..i + 4)?.iter().all(u8::is_ascii_hexdigit) => i += 4,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
}

/// End of a number / true / false / null starting at `i`.
fn scalar_end(b: &[u8], i: usize) -> Option<usize> {
    // A literal by its first byte: a number compares none.
    let lit: &[u8] = match b[i] {
        b't' => b"true",
        b'f' => b"false",
        b'n' => b"null",
        _ => b"",
    };
    if !lit.is_empty() {
        return b[i..].starts_with(lit).then_some(i + lit.len());
    }
    let mut j = i;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let digits_start = j;
    while j < b.len() && (b[j].is_ascii_digit() || matches!(b[j], b'.' | b'e' | b'E' | b'+' | b'-')) {
        j += 1;
    }
    (j > digits_start && b[digits_start].is_ascii_digit()).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, PhiType};
    use proptest::prelude::*;

    fn found(s: &str) -> Vec<(PhiType, String)> {
        let scan = Guard::default().scan(s, Format::Json);
        scan.findings.iter().map(|f| (f.kind, s[f.start..f.end].to_string())).collect()
    }

    /// The id of an error tracker's or a log's user is that person's; a
    /// user id key at the top of a record, and an actor's id, are not
    /// taken for one.
    #[test]
    fn telemetry_users_are_people() {
        assert_eq!(found(r#"{"user":{"id":"P939764","ip_address":"{{auto}}"}}"#), [(PhiType::OtherId, "P939764".into())]);
        assert_eq!(found(r#"{"usr":{"id":"PT40511681"},"service":"portal"}"#), [(PhiType::OtherId, "PT40511681".into())]);
        assert_eq!(found(r#"{"userId":"u_8f3k2x","actor":{"id":"stf_6526"}}"#), []);
        assert_eq!(found(r#"{"variables":{"guardianId":"PT79994430"}}"#), [(PhiType::OtherId, "PT79994430".into())]);
        let text = "    'enduser.id': '6548676',\n    'user_agent.original': 'curl/8.4.0'";
        let otel = Guard::default().scan(text, Format::Text).findings.iter().map(|f| (f.kind, &text[f.start..f.end])).collect::<Vec<_>>();
        assert_eq!(otel, [(PhiType::OtherId, "6548676")]);
    }

    #[test]
    fn keys_are_labels() {
        assert_eq!(found(r#"{"ssn":"219099999","ok":true}"#), [(PhiType::Ssn, "219099999".into())]);
        assert_eq!(found(r#"{"patientName":"maria garcia"}"#), [(PhiType::Name, "maria garcia".into())]);
        assert_eq!(found(r#"{"age": 94, "count": 94}"#), [(PhiType::Age, "94".into())]);
        assert_eq!(
            found(r#"{"telecom":[{"system":"phone","value":"3125550142"}]}"#),
            [(PhiType::Phone, "3125550142".into())]
        );
        assert_eq!(found(r#"{"name":[{"family":"Nguyen","given":["Linh"]}]}"#).len(), 2);
    }

    /// A person's event as a timestamp key (`collectedAt`, `admitted_at`) is
    /// a date label; a record's own timestamps and a chat's read receipt
    /// are not.
    #[test]
    fn event_timestamp_keys_are_dates() {
        let doc = r#"{"specimen":{"collectedAt":"2023-03-18T06:45:00.000Z"},"encounter":{"admitted_at":"2023-10-24T11:45:00-05:00"},"createdAt":"2023-03-19T08:00:00Z","updatedAt":"2023-03-19T09:00:00Z","seenAt":"2023-03-19T09:30:00Z"}"#;
        assert_eq!(found(doc), [(PhiType::Date, "2023-03-18T06:45:00.000Z".into()), (PhiType::Date, "2023-10-24T11:45:00-05:00".into())]);
    }

    /// A HumanName's `text` is the person's whole name, in an array or an
    /// object under `name`; other `text` keys keep their treatment.
    #[test]
    fn human_name_text_is_a_name() {
        let patient = r#"{"resourceType":"Patient","id":"p1","name":[{"use":"official","text":"Zoltan Quibble"}],"contact":[{"name":{"text":"Ysolde Pembrook"}}]}"#;
        let got = found(patient);
        assert!(got.contains(&(PhiType::Name, "Zoltan Quibble".into())), "{got:?}");
        assert!(got.contains(&(PhiType::Name, "Ysolde Pembrook".into())), "{got:?}");
        // Outside a person's resource, when the value is shaped like a name.
        assert_eq!(found(r#"{"name":{"use":"usual","text":"Zoltan Quibble"}}"#), [(PhiType::Name, "Zoltan Quibble".into())]);
        assert!(found(r#"{"name":{"text":"Save"}}"#).is_empty());
        // A CodeableConcept's text, a `text` beside a `name` string, a Narrative.
        assert!(found(r#"{"code":{"text":"Hypertension"}}"#).is_empty());
        assert!(found(r#"{"name":"glucose","text":"Fasting Glucose"}"#).is_empty());
        let narrative = r#"{"resourceType":"Patient","text":{"status":"generated","div":"<div>Chart reviewed</div>"}}"#;
        assert!(found(narrative).is_empty());
    }

    fn redacted(s: &str) -> String {
        Guard::default().scan(s, Format::Json).redacted
    }

    /// A bare `name` in a person's object or resource is that person's
    /// name when it is shaped like one, on the name lists or not, in any
    /// case, with initials, titles and suffixes; elsewhere it still needs
    /// `plausible_name`.
    #[test]
    fn names_of_people_need_no_list() {
        for v in ["Zoltan A. Quibble Jr.", "QUIBBLE, ZOLTAN A", "zoltan quibble", "Dr. Zoltan Quibble"] {
            let doc = format!(r#"{{"patients":[{{"name":"{v}","mrn":"00482913"}}]}}"#);
            assert_eq!(redacted(&doc), r#"{"patients":[{"name":"[NAME]","mrn":"[MRN]"}]}"#, "{v}");
        }
        assert_eq!(redacted(r#"{"resourceType":"Patient","name":"zoltan a. quibble"}"#), r#"{"resourceType":"Patient","name":"[NAME]"}"#);
        assert_eq!(redacted(r#"{"subscriber":{"name":"Zoltan A. Quibble"}}"#), r#"{"subscriber":{"name":"[NAME]"}}"#);
        // Not a person's object: a list of visit types keeps its names.
        assert_eq!(redacted(r#"{"items":[{"name":"Annual physical"}]}"#), r#"{"items":[{"name":"Annual physical"}]}"#);
        assert_eq!(redacted(r#"{"visitTypes":[{"name":"zoltan quibble"}]}"#), r#"{"visitTypes":[{"name":"zoltan quibble"}]}"#);
        // Nor what is no name's shape, in a person's object.
        assert_eq!(redacted(r#"{"patients":[{"name":"unknown"},{"name":"Bed 4"}]}"#), r#"{"patients":[{"name":"unknown"},{"name":"Bed 4"}]}"#);
    }

    /// A SheetJS worksheet's cells (`XLSX.read`'s `Sheets`), each under
    /// its address: the first row's labels say what the later rows'
    /// values (`v`) and formatted texts (`w`) in the same columns are; a
    /// date's `v` is its serial number (a bare number, written as a
    /// string once redacted).
    #[test]
    fn worksheet_cells_are_read_by_their_columns_first_row() {
        let sheet = r#"{"Sheet1":{"!ref":"A1:AB3","A1":{"t":"s","v":"Patient"},"B1":{"t":"s","v":"DOB"},"AB1":{"t":"s","v":"Member ID"},"C1":{"t":"s","v":"Copay"},"A2":{"t":"s","v":"quibble, zoltan"},"B2":{"t":"n","v":22741,"z":"m/d/yy","w":"4/5/62"},"AB2":{"t":"s","v":"VJ0249046-06"},"C2":{"t":"n","v":40,"w":"$40.00"},"AB3":{"t":"s","v":"XK7710321-01"}}}"#;
        assert_eq!(redacted(sheet), r#"{"Sheet1":{"!ref":"A1:AB3","A1":{"t":"s","v":"Patient"},"B1":{"t":"s","v":"DOB"},"AB1":{"t":"s","v":"Member ID"},"C1":{"t":"s","v":"Copay"},"A2":{"t":"s","v":"[NAME]"},"B2":{"t":"n","v":"[DATE]","z":"m/d/yy","w":"[DATE]"},"AB2":{"t":"s","v":"[HEALTH_PLAN_ID]"},"C2":{"t":"n","v":40,"w":"$40.00"},"AB3":{"t":"s","v":"[HEALTH_PLAN_ID]"}}}"#);
        // A column's label holds in its own worksheet only; keys that are
        // no cell's address (`A0`, `ABCD2`, `A1B`) take none.
        for doc in [
            r#"{"S1":{"A1":{"v":"Member ID"},"B1":{"v":"DOB"}},"S2":{"A2":{"v":"VJ0249046-06"}}}"#,
            r#"{"S1":{"A1":{"v":"Member ID"},"A0":{"v":"VJ0249046-06"},"ABCD2":{"v":"VJ0249046-06"},"A1B":{"v":"VJ0249046-06"}}}"#,
        ] {
            assert_eq!(found(doc), vec![], "{doc}");
        }
    }

    /// A spreadsheet's rows as objects keyed by column, under a header row.
    #[test]
    fn header_rows_label_their_columns() {
        // SheetJS's `header: "A"` rows: the first row's labels say what the
        // later rows' values under the same column keys are.
        let doc = r#"[{"A":"MRN","B":"Patient","C":"DOB","D":"Notes"},{"A":"L6825909","B":"Quibble, Zoltan","C":"7/20/1957","D":"follow-up"},{"A":"00376844","B":"Ferro, Anouk","C":"06/23/1943","D":"new"}]"#;
        assert_eq!(redacted(doc), r#"[{"A":"MRN","B":"Patient","C":"DOB","D":"Notes"},{"A":"[MRN]","B":"[NAME]","C":"[DATE]","D":"follow-up"},{"A":"[MRN]","B":"[NAME]","C":"[DATE]","D":"new"}]"#);
        // Nested tables keep their own columns, and the outer rows theirs.
        let nested = r#"[{"x":"MRN","y":"DOB"},{"x":"00376844","y":[{"p":"DOB","q":"MRN"},{"p":"06/23/1943","q":"L6825909"}]},{"x":"L6825909","y":"7/20/1957"}]"#;
        assert_eq!(redacted(nested), r#"[{"x":"MRN","y":"DOB"},{"x":"[MRN]","y":[{"p":"DOB","q":"MRN"},{"p":"[DATE]","q":"[MRN]"}]},{"x":"[MRN]","y":"[DATE]"}]"#);
        // Not a header row: one label only; keys that say something
        // themselves (a schema's `field` and `type`); a number among the
        // values; an object that is not the array's first.
        for doc in [
            r#"[{"A":"MRN","B":"Notes"},{"A":"00376844","B":"x"}]"#,
            r#"[{"field":"mrn","type":"dob"},{"field":"00376844","type":"06/23/1943"}]"#,
            r#"[{"A":"MRN","B":"DOB","C":3},{"A":"00376844","B":"06/23/1943"}]"#,
            r#"[{"A":"x"},{"A":"MRN","B":"DOB"},{"A":"00376844","B":"06/23/1943"}]"#,
        ] {
            assert_eq!(found(doc), vec![], "{doc}");
        }
    }

    /// Date columns' keys as exports write them ("birth_dt", "DISCH_DT",
    /// "dobString"), in JSON and as CSV headers.
    #[test]
    fn date_column_keys_label_their_dates() {
        let doc = r#"{"birth_dt":"1961-03-14","DOB_DT":"03/14/1961","admit_dt":"2024-03-14","discharge_dt":"2024-03-15","DISCH_DT":"2024-03-15","death_dt":"2024-03-16","dob_str":"1961-03-14","dobString":"1961-03-14","dob_iso":"1961-03-14","dt":"2024-05-01","status_dt":"2024-03-16"}"#;
        let want = r#"{"birth_dt":"[DATE]","DOB_DT":"[DATE]","admit_dt":"[DATE]","discharge_dt":"[DATE]","DISCH_DT":"[DATE]","death_dt":"[DATE]","dob_str":"[DATE]","dobString":"[DATE]","dob_iso":"[DATE]","dt":"2024-05-01","status_dt":"[DATE]"}"#;
        assert_eq!(redacted(doc), want);
        let csv = "id,birth_dt,DISCH_DT,dob_iso,dt\n7,1961-03-14,2024-03-15,1961-03-14,2024-03-16\n";
        assert_eq!(Guard::default().scan(csv, Format::Csv).redacted, "id,birth_dt,DISCH_DT,dob_iso,dt\n7,[DATE],[DATE],[DATE],2024-03-16\n");
    }

    /// A `display` (or `text`) under a person's key is that person's name,
    /// unless a `reference` beside it says whose it is; a
    /// QuestionnaireResponse item's `text` labels the values of its answers.
    #[test]
    fn person_displays_and_questionnaire_answers() {
        for (doc, want) in [
            (
                r#"{"resourceType":"Coverage","subscriberId":"W123456789","subscriber":{"display":"Zoltan Quibble"},"beneficiary":{"display":"zoltan quibble"}}"#,
                r#"{"resourceType":"Coverage","subscriberId":"[HEALTH_PLAN_ID]","subscriber":{"display":"[NAME]"},"beneficiary":{"display":"[NAME]"}}"#,
            ),
            (r#"{"resourceType":"Claim","patient":{"display":"Zoltan A. Quibble"}}"#, r#"{"resourceType":"Claim","patient":{"display":"[NAME]"}}"#),
            (r#"{"resourceType":"MedicationRequest","subject":{"display":"Zoltan Quibble"}}"#, r#"{"resourceType":"MedicationRequest","subject":{"display":"[NAME]"}}"#),
            // A reference says whose: a group's display is no person's name.
            (r#"{"subject":{"reference":"Group/g1","display":"Diabetes cohort"}}"#, r#"{"subject":{"reference":"[OTHER_ID]","display":"Diabetes cohort"}}"#),
            (r#"{"subject":{"reference":"Patient/p1","display":"Zoltan Quibble"}}"#, r#"{"subject":{"reference":"[OTHER_ID]","display":"[NAME]"}}"#),
            // Not under another key, nor what is no name's shape.
            (r#"{"performer":{"display":"Zoltan Quibble"},"patient":{"display":"n/a"}}"#, r#"{"performer":{"display":"Zoltan Quibble"},"patient":{"display":"n/a"}}"#),
            (
                r#"{"resourceType":"QuestionnaireResponse","item":[{"linkId":"1","text":"Full name","answer":[{"valueString":"Zoltan Quibble"}]},{"linkId":"2","text":"Date of birth","answer":[{"valueDate":"1961-03-14"}]},{"linkId":"3","text":"Favourite colour","answer":[{"valueString":"teal, 1961"}]}]}"#,
                r#"{"resourceType":"QuestionnaireResponse","item":[{"linkId":"1","text":"Full name","answer":[{"valueString":"[NAME]"}]},{"linkId":"2","text":"Date of birth","answer":[{"valueDate":"[DATE]"}]},{"linkId":"3","text":"Favourite colour","answer":[{"valueString":"teal, 1961"}]}]}"#,
            ),
        ] {
            assert_eq!(redacted(doc), want, "{doc}");
        }
    }

    /// A container's key ([`parent_key`]) reaches through nested arrays,
    /// stays its own after a sibling container closed, and is gone at the
    /// root.
    #[test]
    fn parent_keys_reach_through_arrays_and_siblings() {
        assert_eq!(found(r#"{"patients":[[{"id":"P-0048213"}]]}"#), [(PhiType::OtherId, "P-0048213".into())]);
        assert_eq!(found(r#"{"patient":{"meta":{"v":[1]},"id":"P-0048213"}}"#), [(PhiType::OtherId, "P-0048213".into())]);
        assert_eq!(found(r#"{"patient":{},"id":"P-0048213"}"#), []);
    }

    /// A user name is an account's handle, an id (Sentry's
    /// `user.username`), not a person's name: typed as an id when shaped
    /// like one, and a service's account (`postgres`, `telehealth_api`) or
    /// a team's display name ("Example Health Intake") is neither.
    #[test]
    fn a_user_name_is_an_accounts_id() {
        assert_eq!(found(r#"{"user":{"username":"hoachoi5","ip_address":"{{auto}}"}}"#), [(PhiType::OtherId, "hoachoi5".into())]);
        assert_eq!(found(r#"{"userName":"jsmith42"}"#), [(PhiType::OtherId, "jsmith42".into())]);
        for doc in [r#"{"db":{"username":"postgres"}}"#, r#"{"user_name":"telehealth_api"}"#, r#"{"sender":{"userName":"Example Health Intake"}}"#] {
            assert_eq!(found(doc), [], "{doc}");
        }
    }

    /// A FHIR Address's `district` (a county) is an address part under
    /// `address` or an extension's `valueAddress`; a bare `district` is not.
    #[test]
    fn address_districts_are_addresses() {
        let patient = r#"{"resourceType":"Patient","address":[{"line":["742 Evergreen Terrace"],"city":"Springfield","district":"Lane County","state":"OR","postalCode":"97403"}]}"#;
        let want = r#"{"resourceType":"Patient","address":[{"line":["[ADDRESS]"],"city":"[ADDRESS]","district":"[ADDRESS]","state":"OR","postalCode":"[ZIP_CODE]"}]}"#;
        assert_eq!(redacted(patient), want);
        assert_eq!(redacted(r#"{"valueAddress":{"district":"Lane County"}}"#), r#"{"valueAddress":{"district":"[ADDRESS]"}}"#);
        assert_eq!(redacted(r#"{"school":{"district":"Lane County"}}"#), r#"{"school":{"district":"Lane County"}}"#);
        assert_eq!(redacted(r#"{"district":"Lane County"}"#), r#"{"district":"Lane County"}"#);
    }

    /// A directory's resource (an Organization, a Location, a
    /// Practitioner) has a name, an address and a telecom of its own, no
    /// patient's: its keys do not make them PHI. Text a patient's value
    /// would be found in is still found there, and a Patient contained in
    /// one is still a patient.
    #[test]
    fn a_directory_resources_names_and_addresses_are_not_a_patients() {
        let clinic = r#"{"resourceType":"Location","name":"Quibble Family Medicine","address":[{"use":"work","line":["370 Medical Center Dr"],"city":"Coeur d'Alene","district":"Kootenai","state":"ID","postalCode":"83800"}],"telecom":[{"system":"phone","value":"208-555-0142"}]}"#;
        assert!(!redacted(clinic).contains("[ZIP_CODE]"), "{}", redacted(clinic));
        assert!(!redacted(clinic).contains("[NAME]") && !redacted(clinic).contains("[PHONE]"), "{}", redacted(clinic));
        assert!(redacted(clinic).contains("Coeur d'Alene"));
        for ty in ["Organization", "Practitioner", "HealthcareService"] {
            let doc = format!(r#"{{"resourceType":"{ty}","name":[{{"family":"Quibble","given":["Zoltan"]}}],"address":[{{"city":"Springfield","postalCode":"62704"}}]}}"#);
            assert_eq!(redacted(&doc), doc);
        }
        // A value holding what the text scan finds (an SSN) is still found.
        let note = r#"{"resourceType":"Organization","name":"Clinic","alias":["ssn 219-09-9999"]}"#;
        assert!(redacted(note).contains("[SSN]"));
        // The same keys in a patient's resource, and in one contained in a directory's, are PHI.
        let patient = r#"{"resourceType":"Patient","address":[{"city":"Springfield","postalCode":"62704"}]}"#;
        assert_eq!(redacted(patient), r#"{"resourceType":"Patient","address":[{"city":"[ADDRESS]","postalCode":"[ZIP_CODE]"}]}"#);
        let contained = r#"{"resourceType":"Organization","contained":[{"resourceType":"Patient","address":[{"postalCode":"62704"}]}]}"#;
        assert!(redacted(contained).contains("[ZIP_CODE]"));
    }

    /// A FHIR Address's `text` is the whole address, one finding, under
    /// `address` or an extension's `valueAddress`, but for the ZIP that
    /// ends it after a state's code, a finding of its own, by the same
    /// detector (unless ZIP codes are off); the `text` of a code, a note or
    /// a narrative is not an address.
    #[test]
    fn address_texts_are_whole_addresses() {
        let patient = r#"{"resourceType":"Patient","address":[{"text":"1234 Quail Hollow Rd, Springfield, IL 62704"}]}"#;
        assert_eq!(redacted(patient), r#"{"resourceType":"Patient","address":[{"text":"[ADDRESS] [ZIP_CODE]"}]}"#);
        assert_eq!(found(patient)[1], (PhiType::ZipCode, "62704".into()));
        // Found by the key, as the address is: `disableDetectors: ["json-key"]` turns both off.
        assert_eq!(Guard::default().scan(patient, Format::Json).findings[1].detector, "json-key");
        let plus4 = r#"{"address":[{"text":"1234 Quail Hollow Rd, Springfield, IL 62704-0101"}]}"#;
        assert_eq!(redacted(plus4), r#"{"address":[{"text":"[ADDRESS] [ZIP_CODE]"}]}"#);
        // No state's code before the digits, or ZIP codes off: one finding.
        for text in ["1234 Quail Hollow Rd, Suite 62704", "Springfield IL62704", "PO BOX IX 62704", "ZZ 62704"] {
            let doc = format!(r#"{{"address":[{{"text":"{text}"}}]}}"#);
            assert_eq!(redacted(&doc), r#"{"address":[{"text":"[ADDRESS]"}]}"#, "{text}");
        }
        let no_zip = Guard::from_json(r#"{"disableTypes":["ZIP_CODE"]}"#).unwrap();
        assert_eq!(no_zip.scan(patient, Format::Json).redacted, r#"{"resourceType":"Patient","address":[{"text":"[ADDRESS]"}]}"#);
        let ext = r#"{"extension":[{"url":"x","valueAddress":{"text":"1234 Quail Hollow Rd, Springfield"}}]}"#;
        assert_eq!(redacted(ext), r#"{"extension":[{"url":"x","valueAddress":{"text":"[ADDRESS]"}}]}"#);
        for doc in [
            r#"{"code":{"text":"Springfield clinic visit"}}"#,
            r#"{"note":[{"text":"Moved to Springfield"}]}"#,
            r#"{"text":{"status":"generated","div":"<div>Springfield</div>"}}"#,
            r#"{"text":"Springfield"}"#,
        ] {
            assert_eq!(redacted(doc), doc);
        }
    }

    /// A FHIR resource's `issued` is a date, as its `effectiveDateTime` is,
    /// also when `resourceType` comes after it (Postgres `jsonb` order);
    /// outside a resource, or in a plan's, it is a record's timestamp and
    /// no label, as `createdAt` and `updatedAt` are.
    #[test]
    fn resource_issued_dates() {
        let obs = r#"{"resourceType":"Observation","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-03-14T09:30:00Z","issued":"2025-03-14T11:02:00Z"}"#;
        let want = r#"{"resourceType":"Observation","subject":{"reference":"[OTHER_ID]"},"effectiveDateTime":"[DATE]","issued":"[DATE]"}"#;
        assert_eq!(redacted(obs), want);
        assert_eq!(redacted(r#"{"issued":"2025-03-14T11:02:00Z","resourceType":"DiagnosticReport"}"#), r#"{"issued":"[DATE]","resourceType":"DiagnosticReport"}"#);
        for doc in [
            r#"{"issued":"2025-03-14T11:02:00Z","createdAt":"2025-03-14T11:02:00Z","updatedAt":"2025-03-14T11:02:00Z"}"#,
            r#"{"issued":"2025-03-14T11:02:00Z","resourceType":"Coverage"}"#,
            r#"{"resourceType":"Observation","code":{"issued":"2025-03-14T11:02:00Z"}}"#,
        ] {
            assert_eq!(redacted(doc), doc);
        }
    }

    /// A FHIR extension's canonical url labels its `value[x]` as a code
    /// system does, past the 64 bytes a code or field name is held to.
    #[test]
    fn extension_urls_label_their_values() {
        let maiden = r#"{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName","valueString":"Quibble"}]}"#;
        assert_eq!(redacted(maiden), maiden.replace("Quibble", "[NAME]"));
        // birthPlace says nothing of its own: its `valueAddress`'s parts are labelled by their keys.
        let place = r#"{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Springfield","district":"Lane County","state":"OR"}}]}"#;
        assert_eq!(redacted(place), place.replace("Springfield", "[ADDRESS]").replace("Lane County", "[ADDRESS]"));
        // Prose past 64 bytes is still no hint.
        let prose = format!(r#"{{"label":"{} maiden name","value":"Quibble"}}"#, "x".repeat(60));
        assert_eq!(redacted(&prose), prose);
    }

    #[test]
    fn redaction_keeps_json_valid() {
        let g = Guard::default();
        let out = g.scan(r#"{"ssn": 219099999, "note": "call 312-555-0142"}"#, Format::Json).redacted;
        assert_eq!(out, r#"{"ssn": "[SSN]", "note": "call [PHONE]"}"#);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v.is_object());
    }

    /// The per-key answers against the tests `handle_scalar` made of the
    /// key's words for every value before they were worked out per key.
    fn key_words_reference(k: &str) -> KeyWords {
        let singular = || k.strip_suffix("ies").map(|p| format!("{p}y")).or_else(|| k.strip_suffix('s').map(str::to_string)).unwrap_or_else(|| k.to_string());
        KeyWords {
            generic: GENERIC_VALUE_KEYS.contains(&k) || k.starts_with("value "),
            resource_type: k == "resource type",
            hint: HINT_KEYS.contains(&k),
            reference: k == "reference",
            name: k == "name",
            id_like: matches!(k, "id" | "uuid" | "identifier" | "patient id"),
            id: k == "id",
            issued: k == "issued",
            person: PERSON_KEYS.contains(&k) || PERSON_KEYS.contains(&singular().as_str()),
            // Held to the pair lookups by `pairs_skipped_name_nothing`.
            pair_tail: KeyWords::of(k).pair_tail,
            name_part: ["alphabetic", "ideographic", "phonetic"].contains(&k),
            cell: k == "v" || k == "w",
        }
    }

    /// Words built from the lists' own words, plural endings and noise.
    fn key_words() -> impl Strategy<Value = String> {
        let listed: Vec<String> = GENERIC_VALUE_KEYS.iter().chain(HINT_KEYS).chain(PERSON_KEYS).copied().chain(["resource type", "uuid", "identifier", "patient id", "family", "value", "issued", ""]).map(String::from).collect();
        let word = prop_oneof![prop::sample::select(listed), "[a-z]{0,6}"];
        (word, prop::sample::select(vec!["", "s", "ies", "y", " x", " "]), prop::sample::select(vec!["", "value ", "x "]))
            .prop_map(|(w, suffix, prefix)| format!("{prefix}{w}{suffix}"))
    }

    proptest! {
        #[test]
        fn key_words_agree_with_the_per_value_tests(k in key_words()) {
            prop_assert_eq!(KeyWords::of(&k), key_words_reference(&k));
        }
    }

    proptest! {
        /// A pair of keys is looked up only when the child's `pair_tail`
        /// is set: where it is not, the lookup finds nothing.
        #[test]
        fn pairs_skipped_name_nothing(
            parent in prop_oneof![key_words(), prop::sample::select(vec!["period", "birth", "date of", "patient", "member", "home", "emergency contact", "social security", "İ"]).prop_map(String::from)],
            child in prop_oneof![key_words(), prop::sample::select(vec!["start", "end", "date", "birth", "of birth", "phone", "number", "id", "name", "contact name", "İ", "xİ", "i̇"]).prop_map(String::from)],
        ) {
            let child = labels::normalise(&child);
            if !child.is_empty() && !KeyWords::of(&child).pair_tail {
                prop_assert_eq!(labels::lookup_exact(&format!("{} {}", labels::normalise(&parent), child)), None);
            }
        }
    }

    #[test]
    fn no_words_are_the_default() {
        assert_eq!(NO_WORDS, KeyWords::default());
    }

    #[test]
    fn key_words_of_the_listed_keys() {
        for k in GENERIC_VALUE_KEYS.iter().chain(HINT_KEYS).chain(PERSON_KEYS) {
            for k in [k.to_string(), format!("{k}s"), format!("{}ies", k.trim_end_matches('y')), format!("value {k}")] {
                assert_eq!(KeyWords::of(&k), key_words_reference(&k), "{k:?}");
            }
        }
        assert!(KeyWords::of("patients").person && KeyWords::of("beneficiaries").person && !KeyWords::of("patientss").person);
        assert_eq!(Resource::of("Patient"), Resource::Person);
        assert_eq!(Resource::of("Coverage"), Resource::Admin);
        assert_eq!(Resource::of("patient"), Resource::Other);
    }

    #[test]
    fn first_hint_labels_generic_siblings() {
        // The first hint of an object counts, before or after the value.
        assert_eq!(found(r#"{"value":"3125550142","system":"phone","code":"email"}"#), [(PhiType::Phone, "3125550142".into())]);
        assert_eq!(found(r#"{"system":"phone","value":"3125550142"}"#), [(PhiType::Phone, "3125550142".into())]);
        // A redacted or prose hint is no hint.
        assert!(found(r#"{"system":"[PHONE]","value":"3125550142"}"#).is_empty());
        // Nested objects keep their own deferred values and hints.
        let nested = r#"{"value":"3125550142","x":{"value":"maria garcia","type":"name"},"system":"phone"}"#;
        assert_eq!(found(nested), [(PhiType::Phone, "3125550142".into()), (PhiType::Name, "maria garcia".into())]);
        // Hints are looked up when the object closes, the first one that
        // says something counting; a hint inside a nested object is that
        // object's only.
        assert_eq!(found(r#"{"system":"http://x.example/unknown","value":"3125550142","code":"phone","type":"email"}"#), [(PhiType::Phone, "3125550142".into())]);
        assert!(found(r#"{"x":{"system":"phone","id":"a"},"value":"3125550142"}"#).is_empty());
        assert!(found(r#"{"value":"3125550142","x":[{"system":"phone"}]}"#).is_empty());
        assert_eq!(found(r#"[{"system":"phone"},{"value":"3125550142","code":"phone"},{"value":"3125550199"}]"#), [(PhiType::Phone, "3125550142".into())]);
    }

    /// An e-signature envelope's tab (DocuSign's `textTabs`) is labelled
    /// by its `tabLabel`; a tab whose label says nothing is left.
    #[test]
    fn a_signature_tabs_value_takes_its_tab_label() {
        let tabs = r#"{"textTabs":[{"tabLabel":"pt_dob","value":"06/05/1980"},{"tabLabel":"MobilePhone","value":"615-555-0178"},{"tabLabel":"PharmacyName","value":"Main Street Pharmacy"},{"tabLabel":"Field12","value":"P-0048213"}]}"#;
        assert_eq!(found(tabs), [(PhiType::Date, "06/05/1980".into()), (PhiType::Phone, "615-555-0178".into())]);
    }

    /// A message's cue as a value ("Thanks", "its") hints at nothing, as a
    /// role does: it says something only before a name in text.
    #[test]
    fn cues_are_no_hints() {
        for v in ["Thanks", "its", "this is", "client"] {
            assert_eq!(hint_of(v, false), None, "{v}");
        }
    }

    /// An object whose `type` is "patient" is that patient: its `id`,
    /// before or after the type, identifies them; another type's does not.
    #[test]
    fn patient_typed_objects_are_a_person() {
        assert_eq!(found(r#"{"sender":{"type":"patient","id":"9912860"},"text":"hi"}"#), [(PhiType::OtherId, "9912860".into())]);
        assert_eq!(found(r#"{"sender":{"id":"P-9852098","type":"Patient"}}"#), [(PhiType::OtherId, "P-9852098".into())]);
        assert!(found(r#"{"sender":{"type":"staff","id":"9912860"}}"#).is_empty());
    }

    /// An OpenTelemetry attribute's value is labelled by the `key` beside
    /// it, through the object under `value`; a key that names a thing
    /// ("service.name", "k8s.pod.name") labels nothing.
    #[test]
    fn attribute_values_take_their_key() {
        let attrs = r#"{"attributes":[{"key":"enduser.id","value":{"stringValue":"P-0048213"}},{"key":"patient.dob","value":{"stringValue":"1962-03-14"}},{"key":"service.name","value":{"stringValue":"patient-api"}},{"key":"k8s.pod.name","value":{"stringValue":"maria-web-7c9d"}},{"key":"db.name","value":{"stringValue":"portal"}},{"key":"http.status_code","value":{"intValue":"200"}}]}"#;
        assert_eq!(found(attrs), [(PhiType::OtherId, "P-0048213".into()), (PhiType::Date, "1962-03-14".into())]);
        // The object under `value` with a hint of its own keeps it.
        assert_eq!(found(r#"{"key":"enduser.id","value":{"system":"phone","value":"3125550142"}}"#), [(PhiType::Phone, "3125550142".into())]);
        // Under any other key, its values wait for no one else.
        assert!(found(r#"{"key":"enduser.id","body":{"stringValue":"P-0048213"}}"#).is_empty());
    }

    #[test]
    fn person_objects_and_resources() {
        assert_eq!(found(r#"{"patients":[{"id":"P-0048213"}]}"#), [(PhiType::OtherId, "P-0048213".into())]);
        assert!(found(r#"{"orders":[{"id":"P-0048213"}]}"#).is_empty());
        assert_eq!(found(r#"{"resourceType":"Patient","id":"P-0048213"}"#), [(PhiType::OtherId, "P-0048213".into())]);
        assert!(found(r#"{"resourceType":"Encounter","id":"P-0048213"}"#).is_empty());
        // The parent and the key together, except in administrative resources.
        assert_eq!(found(r#"{"period":{"start":"2024-09-19"}}"#), [(PhiType::Date, "2024-09-19".into())]);
        assert!(found(r#"{"resourceType":"Coverage","period":{"start":"2024-09-19"}}"#).is_empty());
        // A person's identifiers, whatever their system says; a hint that
        // says more still wins. Not those of an administrative resource or
        // of an object that is no identifier.
        let mrn = r#"{"resourceType":"Patient","identifier":[{"type":{"coding":[{"code":"MR"}]},"system":"urn:oid:1.2.36.146.595.217.0.1","value":"88421337"}]}"#;
        assert_eq!(found(mrn), [(PhiType::OtherId, "88421337".into())]);
        assert_eq!(found(r#"{"resourceType":"RelatedPerson","identifier":[{"value":"X7-11-4420"}]}"#), [(PhiType::OtherId, "X7-11-4420".into())]);
        assert_eq!(found(r#"{"resourceType":"Patient","identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"219099999"}]}"#), [(PhiType::Ssn, "219099999".into())]);
        assert!(found(r#"{"resourceType":"Practitioner","identifier":[{"system":"urn:oid:2.16.840.1.113883.4.6","value":"88421337"}]}"#).is_empty());
        assert!(found(r#"{"resourceType":"Patient","extension":[{"url":"http://x.example/rank","value":"88421337"}]}"#).is_empty());
        assert!(found(r#"{"resourceType":"Patient","contained":[{"resourceType":"Organization","identifier":[{"value":"88421337"}]}]}"#).is_empty());
        // In any key order: Postgres `jsonb` writes `id` and `identifier`
        // before `resourceType` (shorter keys first).
        assert_eq!(found(r#"{"id":"P-0048213","identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"88421337"}],"resourceType":"Patient"}"#), [(PhiType::OtherId, "P-0048213".into()), (PhiType::OtherId, "88421337".into())]);
        assert!(found(r#"{"id":"P-0048213","identifier":[{"value":"88421337"}],"resourceType":"Practitioner"}"#).is_empty());
        assert!(found(r#"{"id":"P-0048213","identifier":[{"value":"88421337"}]}"#).is_empty());
        assert_eq!(found(r#"{"entry":[{"resource":{"id":"P-0048213","resourceType":"Patient"}},{"resource":{"id":"P-0048214","resourceType":"Encounter"}}]}"#), [(PhiType::OtherId, "P-0048213".into())]);
        // An id that is PHI by itself is found whatever the object turns out to be.
        assert_eq!(found(r#"{"id":"219-09-9999","resourceType":"Encounter"}"#), [(PhiType::Ssn, "219-09-9999".into())]);
    }

    /// `unescape` as it was written before runs without escapes were copied whole.
    fn unescape_reference(raw: &str) -> Option<(String, Vec<usize>)> {
        let b = raw.as_bytes();
        let mut out = String::with_capacity(raw.len());
        let mut map = Vec::with_capacity(raw.len() + 1);
        let mut i = 0;
        let hex4 = |at: usize| -> Option<u32> { u32::from_str_radix(raw.get(at..at + 4)?, 16).ok() };
        while i < b.len() {
            let start = i;
            let c = if b[i] == b'\\' {
                let e = *b.get(i + 1)?;
                i += 2;
                match e {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let hi = hex4(i)?;
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi) && b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                            match hex4(i + 2) {
                                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                    i += 6;
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}')
                                }
                                _ => '\u{FFFD}',
                            }
                        } else {
                            char::from_u32(hi).unwrap_or('\u{FFFD}')
                        }
                    }
                    _ => return None,
                }
            } else {
                let c = raw[i..].chars().next()?;
                i += c.len_utf8();
                c
            };
            out.push(c);
            map.extend(std::iter::repeat_n(start, c.len_utf8()));
        }
        map.push(b.len());
        Some((out, map))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn unescape_is_the_reference(raw in "(a|Z|0|é|名|😀| |\\\\[\"\\\\/bfnrtx]|\\\\u[0-9a-fA-F+]{0,4}|\\\\u[dD][89abAB][0-9a-f]{2}(\\\\u[dD][c-fC-F][0-9a-f]{2})?|\\\\){0,12}") {
            prop_assert_eq!(super::unescape(&raw), unescape_reference(&raw));
        }

        /// `string_end` against a walk of the string byte by byte, JSON's
        /// grammar for escapes and control characters, on strings with valid
        /// and invalid escapes (`\x`, `\u12`, a backslash at the end).
        #[test]
        fn string_end_is_the_reference(raw in "(a|é| |\t|\\\\[\"\\\\/bfnrtx!]|\\\\u00e9|\\\\u0[0-9a-fA-FgG]{0,3}|\"|\\\\){0,10}") {
            let b = raw.as_bytes();
            let reference = || {
                let (mut i, mut escaped) = (0, false);
                loop {
                    match *b.get(i)? {
                        b'"' => return Some((i, escaped)),
                        b'\\' => {
                            escaped = true;
                            i += match *b.get(i + 1)? {
                                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                                b'u' if b.len() >= i + 6 && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) => 6,
                                _ => return None,
                            };
                        }
                        c if c < 0x20 => return None,
                        _ => i += 1,
                    }
                }
            };
            prop_assert_eq!(string_end(b, 0), reference());
        }

        /// `scalar_end` against its form that tried each literal in turn.
        #[test]
        fn scalar_end_is_the_reference(raw in "(true|false|null|tru|nul|-|0|9|[.eE+]|t|f|n|x|,| ){1,6}") {
            let b = raw.as_bytes();
            let reference = || {
                for lit in [&b"true"[..], b"false", b"null"] {
                    if b.starts_with(lit) {
                        return Some(lit.len());
                    }
                }
                let j = usize::from(b[0] == b'-');
                let end = j + b[j..].iter().take_while(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')).count();
                (end > j && b[j].is_ascii_digit()).then_some(end)
            };
            prop_assert_eq!(scalar_end(b, 0), reference());
        }

        #[test]
        fn hints_are_the_reference(v in "(http://)?((phone|mrn|ssn|Social Security Number|dob|http|x|P-1|Patient|Practitioner|é|name|Names|service|guardian)[/:#. ]{0,2}){0,12}", reference: bool) {
            let want = if v.len() > if v.starts_with("http://") { 256 } else { 64 } || v.contains(": ") || crate::detect::has_redaction_token(&v) {
                None
            } else if reference {
                v.split('/').next().and_then(labels::lookup).filter(|h| matches!(h, LabelKind::Phi(crate::PhiType::Name) | LabelKind::Provider))
            } else {
                labels::lookup(&v).or_else(|| v.rsplit(['/', ':', '#', '.']).next().filter(|w| !["name", "names"].contains(&w.to_lowercase().as_str())).and_then(labels::lookup))
            };
            prop_assert_eq!(hint_of(&v, reference), want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// The memo gives each occurrence of a value what scanning that
        /// occurrence gives, at every length up to the limit and past it
        /// (a value repeated at other offsets, under other kinds).
        #[test]
        fn memoised_values_are_the_scanned_ones(
            words in proptest::collection::vec(prop::sample::select(vec!["call", "312-555-0142", "maria garcia", "ssn", "219-09-9999", "Mozilla/5.0", "x", "(KHTML, like Gecko)", "1962-03-14", "é"]), 1..24),
            kinds in proptest::collection::vec(prop::sample::select(vec![None, Some(LabelKind::Phi(crate::PhiType::Phone)), Some(LabelKind::Phi(crate::PhiType::Name)), Some(LabelKind::Phi(crate::PhiType::Date)), Some(LabelKind::Phi(crate::PhiType::OtherId)), Some(LabelKind::Provider)]), 3),
        ) {
            let v = words.join(" ");
            let text = format!("{v}|{v}|{v}");
            let guard = Guard::default();
            let mut keys = Keys::for_len(&guard, text.len());
            let seen = |hits: &[Hit]| hits.iter().map(|h| (h.start, h.end, h.kind, h.score.to_bits(), h.flags, format!("{:?}", h.why))).collect::<Vec<_>>();
            for (n, kind) in kinds.into_iter().enumerate() {
                let s = n * (v.len() + 1);
                let (mut memo, mut direct) = (Vec::new(), Vec::new());
                memo_value(&guard, &mut keys, &text, s, s + v.len(), Scalar::Plain, kind, &mut memo);
                value(&text, s, s + v.len(), Scalar::Plain, kind, &guard.opts, &mut direct);
                prop_assert_eq!(seen(&memo), seen(&direct));
            }
        }
    }

    /// Values with no kind that the full scan skips by their shape are not
    /// put in the memo, and give what scanning them gives (nothing); an
    /// escaped one, or one under a kind, is scanned.
    #[test]
    fn values_holding_no_finding_skip_the_memo() {
        let text = r#"0d64224d-3434-48a1-aee9-f8ef6a5f4bd9|active|2024-09-19T16:15:00.000Z|99213|act\u0069ve|219099999"#;
        let guard = Guard::default();
        let mut keys = Keys::for_len(&guard, text.len());
        let mut s = 0;
        for v in text.split('|') {
            let (e, scalar) = (s + v.len(), Scalar::string(v.contains('\\')));
            let (mut memo, mut direct) = (Vec::new(), Vec::new());
            memo_value(&guard, &mut keys, text, s, e, scalar, None, &mut memo);
            value(text, s, e, scalar, None, &guard.opts, &mut direct);
            let seen = |hits: &[Hit]| hits.iter().map(|h| (h.start, h.end, h.kind, h.score.to_bits(), h.flags, format!("{:?}", h.why))).collect::<Vec<_>>();
            assert_eq!(seen(&memo), seen(&direct), "{v}");
            let kept = keys.values.find(text_hash(v.as_bytes()), &(v.as_bytes(), scalar)).is_some();
            assert_eq!(kept, !crate::detect::holds_no_finding(v.as_bytes()), "{v}");
            s = e + 1;
        }
        // Under a kind the value is taken whole, and checked each time,
        // never put in the memo (a value of one record rarely repeats).
        // (A table of its own: the loop above memoised it without a kind.)
        let mut keys = Keys::for_len(&guard, text.len());
        let (s, e) = (text.len() - 9, text.len());
        for _ in 0..2 {
            let mut out = Vec::new();
            memo_value(&guard, &mut keys, text, s, e, Scalar::Plain, Some(LabelKind::Phi(crate::PhiType::Ssn)), &mut out);
            assert_eq!(out.iter().map(|h| (h.kind, h.start, h.end)).collect::<Vec<_>>(), [(crate::PhiType::Ssn, s, e)]);
            assert!(keys.values.find(text_hash(&text.as_bytes()[s..e]), &(&text.as_bytes()[s..e], Scalar::Plain)).is_none());
        }
    }

    /// A plain string its kind does not take whole is scanned as text
    /// through the memo: put there under one kind, found there under
    /// another kind or none, each occurrence given what scanning it under
    /// its own kind gives. What the text scan skips by its shape is not put
    /// there; an escaped string or a number under a kind is scanned.
    #[test]
    fn kinded_values_not_taken_whole_share_the_memo() {
        use crate::PhiType::{Date, Name, OtherId, Phone};
        // Not a phone number: scanned as text (a name inside), then found in
        // the memo under other kinds and under none.
        let v = "Maria Garcia called back";
        let text = format!(r"{v}|{v}|{v}|{v}|2024-09-19T16:15:00.000Z|next build|next build|2024-09-19T16:15:00.000Z|n\u0065xt build|n\u0065xt build|active|active|21909999");
        let guard = Guard::default();
        let mut keys = Keys::for_len(&guard, text.len());
        let seen = |hits: &[Hit]| hits.iter().map(|h| (h.start, h.end, h.kind, h.score.to_bits(), h.flags, format!("{:?}", h.why))).collect::<Vec<_>>();
        let kinds = [Some(Phone), Some(OtherId), None, Some(Name), Some(Date), Some(OtherId), Some(Date), Some(Date), Some(OtherId), Some(OtherId), Some(OtherId), Some(Phone), Some(Phone)];
        let (mut s, mut earlier) = (0, Vec::new());
        for (v, kind) in text.split('|').zip(kinds) {
            let (e, scalar) = (s + v.len(), if v == "21909999" { Scalar::Bare } else { Scalar::string(v.contains('\\')) });
            let kind = kind.map(LabelKind::Phi);
            let before = keys.values.find(text_hash(v.as_bytes()), &(v.as_bytes(), scalar)).is_some();
            let (mut memo, mut direct) = (Vec::new(), Vec::new());
            memo_value(&guard, &mut keys, &text, s, e, scalar, kind, &mut memo);
            value(&text, s, e, scalar, kind, &guard.opts, &mut direct);
            assert_eq!(seen(&memo), seen(&direct), "{v} under {kind:?}");
            let kept = keys.values.find(text_hash(v.as_bytes()), &(v.as_bytes(), scalar)).is_some();
            let texts = scalar == Scalar::Plain && !crate::detect::holds_no_finding(v.as_bytes());
            assert_eq!(kept, texts, "{v} under {kind:?}");
            // Found there from its second occurrence on.
            if texts {
                assert_eq!(before, earlier.contains(&v), "{v} under {kind:?}");
                earlier.push(v);
            }
            s = e + 1;
        }
        // The name in the first value was found by the text scan, under a
        // phone number's kind.
        let mut out = Vec::new();
        memo_value(&guard, &mut keys, &text, 0, v.len(), Scalar::Plain, Some(LabelKind::Phi(Phone)), &mut out);
        assert_eq!(out.iter().map(|h| (h.kind, h.start, h.end)).collect::<Vec<_>>(), [(Name, 0, 12)]);
    }

    /// Keys, nested objects and values that make every kind of key
    /// answer: rules, pairs ("period start"), person parents, hints,
    /// generic values, keys that are PHI, keys too long to keep, escapes.
    fn docs() -> impl Strategy<Value = String> {
        let long = "k".repeat(KeyCache::KEY_LEN + 1);
        let key = prop::sample::select(vec!["ssn", "dob", "name", "value", "system", "period", "start", "patient", "id", "resourceType", "maria.garcia@example.com", "a\\u00e9b", "x", "notes"]).prop_map(String::from);
        let key = prop_oneof![4 => key, 1 => Just(long)];
        let scalar = prop::sample::select(vec!["\"219-09-9999\"", "\"phone\"", "\"Patient\"", "\"maria garcia\"", "\"2024-09-19\"", "94", "\"P-0048213\""]).prop_map(String::from);
        let pairs = |v: BoxedStrategy<String>| proptest::collection::vec((key.clone(), v), 0..5).prop_map(|kv| format!("{{{}}}", kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")));
        let inner = pairs(scalar.clone().boxed());
        pairs(prop_oneof![scalar, inner.clone(), inner.prop_map(|o| format!("[{o}]"))].boxed())
    }

    /// What `cache` keeps for the key `k`.
    fn kept(guard: &Guard, k: &str) -> Option<Arc<KeyInfo>> {
        let mut table = guard.json_keys.0.lock().unwrap();
        let t = table.as_mut()?;
        let h = text_hash(k.as_bytes());
        t.keys.find(h, k.as_bytes()).or_else(|| t.spill.find(spill_hash(h), k.as_bytes()))
    }

    /// Keys that differ only between the bytes [`text_hash`] reads share
    /// it, and are still told apart.
    #[test]
    fn keys_sharing_a_hash_are_told_apart() {
        let (a, b) = ("________ssn_____________________", "________xyz_____________________");
        assert_eq!(text_hash(a.as_bytes()), text_hash(b.as_bytes()));
        let warm = Guard::default();
        for doc in [format!(r#"{{"{a}":219099999,"{b}":219099998}}"#), format!(r#"{{"{b}":219099998,"{a}":219099999}}"#)] {
            let fresh = Guard::default().scan(&doc, Format::Json);
            assert_eq!(fresh.findings.len(), 1, "{doc}");
            for _ in 0..2 {
                assert_eq!(warm.scan(&doc, Format::Json).findings, fresh.findings);
            }
        }
    }

    /// Keys that fill the key table until three share a bucket of
    /// `KeyTable::keys` (one of them evicted there) are each worked out
    /// once: a second pass through them gives out no new serial.
    #[test]
    fn three_keys_sharing_a_bucket_stay() {
        let mut keys: DirectCache<Box<[u8]>, ()> = DirectCache::with_slots(KeyCache::ENTRIES);
        let mut names: Vec<String> = Vec::new();
        while names.iter().all(|k| keys.find(text_hash(k.as_bytes()), k.as_bytes()).is_some()) {
            let k = format!("field{}", names.len());
            keys.put(text_hash(k.as_bytes()), k.as_bytes().into(), ());
            names.push(k);
        }
        let doc = format!("{{{}}}", names.iter().map(|k| format!("\"{k}\":1")).collect::<Vec<_>>().join(","));
        let guard = Guard::default();
        guard.scan(&doc, Format::Json);
        let serial = || guard.json_keys.0.lock().unwrap().as_ref().unwrap().serial;
        let first = serial();
        guard.scan(&doc, Format::Json);
        assert_eq!(serial(), first, "{} keys", names.len());
        assert!(names.iter().all(|k| kept(&guard, k).is_some()));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        /// A guard whose key cache earlier documents filled finds what a
        /// new guard, which works every key out, finds.
        #[test]
        fn cached_keys_classify_as_uncached_ones(docs in proptest::collection::vec(docs(), 1..5)) {
            let warm = Guard::default();
            for d in docs.iter().chain(&docs) {
                let want = Guard::default().scan(d, Format::Json);
                let got = warm.scan(d, Format::Json);
                prop_assert_eq!(&got.findings, &want.findings, "{}", d);
                prop_assert_eq!(got.redacted, want.redacted);
            }
            // What is kept is what working the key out again gives.
            for k in docs.iter().flat_map(|d| d.split('"')) {
                if let Some(info) = kept(&warm, k) {
                    let fresh = Guard::default();
                    let again = Keys::for_len(&fresh, 0).get(&fresh, k, 0, k.len(), k.contains('\\'));
                    prop_assert_eq!((&info.words, info.rule, info.is), (&again.words, again.rule, again.is));
                    prop_assert!(info.hits.is_empty() && again.hits.is_empty() && k.len() <= KeyCache::KEY_LEN);
                }
            }
        }
    }

    /// Keys worked out in this document and keys from the cache never
    /// share a serial: "period start" is a date, "<e-mail> start" is not.
    #[test]
    fn cached_and_new_keys_pair_apart() {
        let warm = Guard::default();
        warm.scan(r#"{"period":{"start":"x"}}"#, Format::Json);
        let doc = r#"{"maria.garcia@example.com":{"start":"2024-09-19"},"period":{"start":"2024-09-19"}}"#;
        assert_eq!(warm.scan(doc, Format::Json).findings, Guard::default().scan(doc, Format::Json).findings);
    }

    #[test]
    fn keys_with_findings_or_too_long_are_not_kept() {
        let guard = Guard::default();
        let long = "k".repeat(KeyCache::KEY_LEN + 1);
        let doc = format!(r#"{{"maria.garcia@example.com":{{"ssn":"219-09-9999"}},"{long}":1,"dob":"1962-03-14"}}"#);
        let scan = guard.scan(&doc, Format::Json);
        assert_eq!(scan.findings.len(), 3, "the e-mail key, the SSN and the date");
        assert!(kept(&guard, "maria.garcia@example.com").is_none());
        assert!(kept(&guard, &long).is_none());
        assert!(kept(&guard, "ssn").is_some() && kept(&guard, "dob").is_some());
    }

    #[test]
    fn guards_stay_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<Guard>();
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The walk accepts what a JSON parser accepts: it keeps whether a
        /// key comes next in a local, not in each frame, and knows the root
        /// is done by the stack alone. Token soups of brackets, keys,
        /// separators and scalars, most of them malformed (two roots,
        /// trailing commas, a value where a key goes, nothing at all), and
        /// strings with escapes JSON has and has not (`\x`, `\u12`).
        #[test]
        fn the_walk_accepts_what_serde_json_accepts(toks in proptest::collection::vec(prop_oneof![Just("{"), Just("}"), Just("["), Just("]"), Just("\"k\""), Just(":"), Just(","), Just("1"), Just("true"), Just(" "), Just(r#""a\n""#), Just(r#""\u00e9""#), Just(r#""\x41""#), Just(r#""\u12""#), Just(r#""\!""#)], 0..24)) {
            let doc = toks.concat();
            let ok = serde_json::from_str::<serde::de::IgnoredAny>(&doc).is_ok();
            prop_assert_eq!(super::scan(&Guard::default(), &doc, &mut Vec::new()).is_ok(), ok, "{}", doc);
        }
    }

    /// A key with no value before the close (the proptest above found it
    /// with a random seed; serde rejects these).
    #[test]
    fn a_key_without_a_value_is_malformed() {
        for doc in [r#"{"k":}"#, r#"{"ssn": "219-09-9999", "k": }"#, r#"[{"k":]"#, r#"{"k":"#, r#"{"a": {"k": }}"#] {
            assert!(super::scan(&Guard::default(), doc, &mut Vec::new()).is_err(), "{doc}");
        }
        assert!(super::scan(&Guard::default(), r#"{"k": {}, "j": []}"#, &mut Vec::new()).is_ok());
    }

    #[test]
    fn malformed_leaves_the_output_as_it_was() {
        let mut out = Vec::new();
        assert!(super::scan(&Guard::default(), r#"{"ssn": "219-09-9999", "x": [}"#, &mut out).is_err());
        assert!(out.is_empty());
    }

    /// A key with an escape right before a value: the finding is mapped
    /// back on escape boundaries and the redacted document still parses
    /// (found by `make fuzz-short`: the key was scanned raw, "n…@…com" began
    /// inside `\n` and the tag left a bare backslash).
    #[test]
    fn findings_in_escaped_keys_keep_json_valid() {
        let doc = r#"{"t RSA PRIVATE KEY-----\nMIIxenI3ADu4NdDCNT0arI99T4pgjF@mX4pfPHZk7x.com4Zevg":8443, "a\u00e9 maria.garcia@example.com":1}"#;
        let scan = Guard::default().scan(doc, Format::Json);
        assert_eq!(scan.format, Format::Json);
        let v: serde_json::Value = serde_json::from_str(&scan.redacted).expect("redacted JSON parses");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert!(keys.iter().any(|k| k.contains("[EMAIL]")), "{keys:?}");
        assert!(!scan.redacted.contains("maria.garcia"));
        for f in &scan.findings {
            assert!(!doc[..f.start].ends_with('\\'), "a finding starts inside an escape: {f:?}");
        }
    }

    /// A string with an escape JSON has not (`\!`) makes the document
    /// malformed: it is scanned as text, where a value found after the
    /// backslash is found again at its other places (found by `make
    /// fuzz-short`: the walk scanned the string raw, its finding started
    /// between `\` and `!`, and its repeat, placed the same way, was
    /// dropped as cutting an escape).
    #[test]
    fn an_unknown_escape_is_malformed_json() {
        let doc = r#"{"a":"-----BEGIN EC PRIVATE KEY-----\!MII8Jn4LSMW/KLbZaKqwxeoH0JpOHWAl/aA4Z9KvFIjgB+KMaI4THX6oykzhNgUk\n-----END EC PRIVATE KEY-----","b":"KEY-----\!MII8Jn4LSMW/KLbZaKqwxeoH0JpOHWAl/aA4Z9KvFIjgB+KMaI4THX6oykzhNgUk"}"#;
        let scan = Guard::default().scan(doc, Format::Json);
        assert_eq!((scan.format, scan.fallback), (Format::Text, Some("malformed_json")));
        assert!(!scan.redacted.contains("MII8Jn4LSMW"), "{}", scan.redacted);
        for bad in [r#"["\x41"]"#, r#"["\u12"]"#, r#"["\u12g4"]"#, r#"["\"]"#, r#"{"\q":1}"#] {
            assert!(super::scan(&Guard::default(), bad, &mut Vec::new()).is_err(), "{bad}");
        }
        assert!(super::scan(&Guard::default(), r#"["\u00e9\n\/\"\\"]"#, &mut Vec::new()).is_ok());
    }

    #[test]
    fn deep_nesting_and_malformed() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(Guard::default().scan(&deep, Format::Json).findings.is_empty());
        let bad = r#"{"ssn": "219-09-9999", "#;
        let scan = Guard::default().scan(bad, Format::Json);
        assert_eq!(scan.format, Format::Text);
        assert_eq!(scan.findings.len(), 1);
    }
}
