//! XML documents given as text (C-CDA, FHIR XML, NCPDP SCRIPT, SOAP):
//! each element's text, and its `value` attribute, is read under the
//! element's name as a JSON value is under its key, so `<birthTime
//! value="20121007"/>` is a date and `displayName="Aunt"` (a code's text,
//! in no element's value) is nothing. An element with no label of its own
//! (`<low>`, `<Date>`, `<Number>`) takes its parent's (`<effectiveTime>`,
//! `<DateOfBirth>`, `<PrimaryTelephone>`). Blocks that are an
//! organisation's or a clinician's (author, custodian, a pharmacy) hold
//! no patient's identifiers, and are not read.

use crate::detect::find::find_any;
use crate::detect::scan_segment;
use crate::finding::Hit;
use crate::labels::{normalise, LabelKind};
use crate::{Guard, PhiType as T};

/// Where the XML document in `text` starts, if there is one: at the first
/// `<` of its first 512 bytes (a log line's or an error's prefix before
/// it), opening a tag or a declaration (`<?xml`) that is no HTML page's or
/// fragment's, with an end tag or an empty one after it.
pub(crate) fn start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // Searched sixteen bytes at a time: every text scanned asks this
    // (a byte at a time, a log scanned a line a call cost 9% more).
    let p = find_any(&b[..b.len().min(512)], 0, [b'<'])?;
    let name = &b[p + 1..];
    let name = &name[..name.iter().position(|&c| !c.is_ascii_alphanumeric() && c != b':' && c != b'?').unwrap_or(name.len())];
    let html = HTML_TAGS.split(' ').any(|t| t.as_bytes().eq_ignore_ascii_case(name));
    (name.first().is_some_and(|&c| c.is_ascii_alphabetic() || c == b'?') && !html && (find(b, p, b"</") < b.len() || find(b, p, b"/>") < b.len())).then_some(p)
}

/// Tags that start HTML, not XML.
const HTML_TAGS: &str = "html head body div span p a b i u em strong br hr table tr td th ul ol li h1 h2 h3 h4 script style form input img pre code";

/// An open element: its local name's words (`cda:birthTime` → "birth
/// time"), its kind, and where it is.
struct Frame {
    words: String,
    kind: Option<LabelKind>,
    flags: u8,
}

/// In an organisation's or clinician's block: nothing in it is read.
const SKIP: u8 = 1;
/// In a C-CDA `patientRole`: its `<id extension>` is the patient's record number.
const PATIENT: u8 = 2;
/// In a C-CDA `participantRole` (a covered party): its `<id extension>` is a member id.
const COVERED: u8 = 4;
/// The element's own text and value are not read (a title, a software name).
const MUTE: u8 = 8;

/// The SSA's OID: an `<id>` with this root holds an SSN.
const SSA_ROOT: &str = "2.16.840.1.113883.4.1";

/// Scans the XML document `text`.
pub(crate) fn scan(guard: &Guard, text: &str, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let lt = find(b, i, b"<");
        node(guard, text, i, lt, stack.last(), out);
        if lt >= b.len() {
            break;
        }
        let rest = &b[lt..];
        if rest.starts_with(b"<![CDATA[") {
            let end = find(b, lt + 9, b"]]>");
            node(guard, text, lt + 9, end, stack.last(), out);
            i = end + 3;
            continue;
        }
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->") + 3;
            continue;
        }
        let gt = find(b, lt, b">");
        let name_end = lt + 1 + rest[1..].iter().position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/').unwrap_or(rest.len() - 1);
        i = gt + 1;
        if rest.get(1) == Some(&b'/') {
            // An end tag: closes its element (and any left open inside
            // it), looked for among the innermost 64 open elements only:
            // an end tag that closes nothing open would otherwise search
            // the whole stack, and a run of them under deep nesting is
            // quadratic.
            let words = normalise(local(&text[lt + 2..gt]));
            let from = stack.len().saturating_sub(64);
            if let Some(k) = stack[from..].iter().rposition(|f| f.words == words) {
                stack.truncate(from + k);
            }
            continue;
        }
        if matches!(rest.get(1), Some(b'?' | b'!')) || name_end == lt + 1 {
            continue;
        }
        let mut frame = open(guard, &text[lt + 1..name_end], stack.last());
        let attr = |name: &[u8]| attr(b, name_end, gt, name);
        if let Some((vs, ve)) = attr(b"value") {
            // A FHIR identifier's system says what its value is (the SSA's:
            // an SSN).
            let v = &text[vs..ve];
            if let Some(id) = stack.last_mut().filter(|p| frame.words == "system" && p.words == "identifier") {
                if v.ends_with("us-ssn") || v.ends_with(SSA_ROOT) {
                    id.kind = Some(LabelKind::Phi(T::Ssn));
                }
            }
            node(guard, text, vs, ve, Some(&frame), out);
        }
        // A C-CDA `<id root extension>`: the root says whose id it is.
        if let Some((vs, ve)) = attr(b"extension").filter(|_| frame.words == "id") {
            let root = attr(b"root").map_or("", |(s, e)| &text[s..e]);
            frame.kind = if frame.flags & PATIENT != 0 {
                (root == SSA_ROOT).then_some(T::Ssn).or((root != "2.16.840.1.113883.4.6").then_some(T::Mrn))
            } else {
                (frame.flags & COVERED != 0).then_some(T::HealthPlanId)
            }
            .map(LabelKind::Phi);
            if frame.kind.is_some() {
                node(guard, text, vs, ve, Some(&frame), out);
            }
        }
        if b[gt - 1] != b'/' {
            stack.push(frame);
        }
    }
}

/// Where the value of the attribute `name` (after any prefix) is in the
/// tag `b[s..e]`: `name="…"` or `name='…'`.
fn attr(b: &[u8], s: usize, e: usize, name: &[u8]) -> Option<(usize, usize)> {
    let b = &b[..e];
    let mut i = s;
    loop {
        let at = find(b, i, name);
        let after = at + name.len();
        let q = *b.get(after + 1)?;
        if matches!(b[at - 1], b' ' | b'\t' | b'\n' | b'\r' | b':') && b[after] == b'=' && matches!(q, b'"' | b'\'') {
            return Some((after + 2, find(b, after + 2, &[q])));
        }
        i = at + 1;
    }
}

/// A name without its namespace prefix (`cda:given` → `given`).
fn local(name: &str) -> &str {
    &name[name.bytes().rposition(|c| c == b':').map_or(0, |k| k + 1)..]
}

/// Where `pat` next starts in `b` at or after `from`, or `b.len()`.
#[inline(never)]
fn find(b: &[u8], mut from: usize, pat: &[u8]) -> usize {
    while let Some(at) = find_any(b, from, [pat[0]]) {
        if b[at..].starts_with(pat) {
            return at;
        }
        from = at + 1;
    }
    b.len()
}

/// What some elements are, by their words (or `parent>words`), each
/// after its code, first match first: `S` a block that is an organisation's, a clinician's or
/// software's, or a query's range (nothing in it is read); `P` a C-CDA
/// `patientRole` or a FHIR Patient (an `<id extension>` or identifier in
/// it is the patient's); `C` a covered party (its `<id extension>` is a
/// member id); `M` an element whose own text is no one's (a document's
/// title, an authoring device's, a pharmacy's, practice's, payer's or
/// plan's name and ids); `-` no label; `D` DATE, `R` MRN, `H`
/// HEALTH_PLAN_ID, `O` OTHER_ID, `A` ADDRESS; `I` a FHIR identifier's
/// value (what its system says, or in a Patient an MRN). A C-CDA
/// document's own `effectiveTime` and a CapabilityStatement's `date` are
/// no one's; a person is born, seen or observed at the others.
const ELEMENTS: &str = "-clinical document>effective time,-capability statement>date,Opatient>id,Dappointment>start,Dappointment>end,\
Iidentifier>value,Dbirth time,Deffective time,Rmedical record identification number ehr,Hcardholder id,\
Alocation city name,Ppatient role,Cparticipant role,Sauthor,Scustodian,Slegal authenticator,Sauthenticator,\
Srepresented organization,Sprovider organization,Sservice provider organization,Sassigned entity,Spharmacy,\
Sprescriber,Ssoftware,Simplementation,Sprescription date range,Mtitle,Msoftware name,Mmanufacturer model name,\
Mbusiness name,Mdrug description,Mpayer name,Mplan name,Mpayer id,Mncpdpid,Mcoverage begin,Mcoverage end,\
Musername";

/// The frame of the element `name`, opened inside `parent`.
fn open(guard: &Guard, name: &str, parent: Option<&Frame>) -> Frame {
    let words = normalise(local(name));
    let up = parent.map_or("", |p| p.words.as_str());
    let mut flags = parent.map_or(0, |p| p.flags & !MUTE);
    let code = ELEMENTS.split(',').find_map(|e| {
        let k = &e[1..];
        (k.strip_prefix(up).and_then(|k| k.strip_prefix('>')).unwrap_or(k) == words).then_some(e.as_bytes()[0])
    });
    let phi = |t| Some(LabelKind::Phi(t));
    let kind = match code {
        Some(b'D') => phi(T::Date),
        Some(b'R') => phi(T::Mrn),
        Some(b'H') => phi(T::HealthPlanId),
        Some(b'O') => phi(T::OtherId),
        Some(b'A') => phi(T::Address),
        Some(b'I') if flags & PATIENT != 0 => parent.and_then(|p| p.kind).or(phi(T::Mrn)),
        Some(c) => {
            flags |= match c {
                b'S' => SKIP,
                b'P' => PATIENT,
                b'C' => COVERED,
                b'M' => MUTE,
                _ => 0,
            };
            None
        }
        None => guard.opts.key_rule(&words).or_else(|| {
            // No label of its own: its parent's (`<low>` of an
            // `<effectiveTime>`, `<Date>` of a `<DateOfBirth>`).
            matches!(words.as_str(), "low" | "high" | "center" | "date" | "value" | "number").then(|| parent.and_then(|p| p.kind)).flatten()
        }),
    };
    // A FHIR Patient, alone or a bundle entry's resource.
    if words == "patient" && matches!(up, "" | "resource") {
        flags |= PATIENT;
    }
    Frame { words, kind, flags }
}

/// Scans `text[s..e]`, an element's text or value, under `f`. (Out of
/// line: it has four callers.)
#[inline(never)]
fn node(guard: &Guard, text: &str, s: usize, e: usize, f: Option<&Frame>, out: &mut Vec<Hit>) {
    let v = &text[s..e.min(text.len())];
    let t = v.trim_ascii();
    if t.is_empty() || f.is_some_and(|f| f.flags & (SKIP | MUTE) != 0) {
        return;
    }
    let mut kind = f.and_then(|f| f.kind);
    // The bare `name` needs a value shaped like a person's name, as a JSON `name` key's does.
    if f.is_some_and(|f| f.words == "name") && !crate::detect::names::plausible_name(t) {
        kind = None;
    }
    // An HL7 timestamp (`20230521154500-0700`) under a date's name, and a
    // ZIP+4 without its hyphen (`112200336`) under a postal code's.
    let b = t.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let ok = match kind {
        Some(LabelKind::Phi(T::Date)) => n >= 8 && b[n..].iter().all(|&c| c.is_ascii_digit() || c == b'+' || c == b'-') && &t[4..6] < "13",
        Some(LabelKind::Phi(T::ZipCode)) => n == 9 && n == b.len(),
        _ => false,
    };
    if let (true, Some(LabelKind::Phi(ty))) = (ok, kind) {
        let lead = t.as_ptr() as usize - text.as_ptr() as usize;
        out.push(Hit::new(ty, lead, lead + t.len(), 0.95, crate::finding::why!("json-key", "value under a key that names this identifier")));
        return;
    }
    let from = out.len();
    scan_segment(v, kind, &guard.opts, out);
    for h in &mut out[from..] {
        h.start += s;
        h.end += s;
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Guard, PhiType as T};

    fn found(s: &str) -> Vec<(T, &str)> {
        Guard::default().scan(s, Format::Text).findings.iter().map(|f| (f.kind, &s[f.start..f.end])).collect()
    }

    /// A C-CDA header: the patient's ids by their roots, birth time and
    /// visit; the document's own ids, title and time, code display names
    /// and the organisation's block are no one's.
    #[test]
    fn clinical_document_values_by_their_elements() {
        let doc = r#"<?xml version="1.0"?>
<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="9b377971-fca6-4737-8492-bda4aff2fe7c"/>
<code code="11488-4" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Consult note"/>
<title>Telehealth Consult Note</title><effectiveTime value="20240724080000-0800"/>
<recordTarget><cda:patientRole><cda:id root="2.16.840.1.113883.3.5778.2" extension="H162200"/><id root="2.16.840.1.113883.4.1" extension="219099999"/>
<patient><name><given>Zoltan</given><family>Quibble</family></name><sdtc:birthTime value="19931105"/>
<raceCode code="2054-5" codeSystemName="Race &amp; Ethnicity - CDC" displayName="Black or African American"/></patient>
<providerOrganization><id root="2.16.840.1.113883.4.6" extension="1480067259"/><name>Northside Family Medicine</name>
<addr use="WP"><streetAddressLine>7658 Health Center Blvd</streetAddressLine><city>Tucson</city><postalCode>85711</postalCode></addr></providerOrganization></cda:patientRole></recordTarget>
<componentOf><encompassingEncounter><id root="2.16.840.1.113883.3.8467.7" extension="8415093"/><effectiveTime><low value="20230521154500-0700"/></effectiveTime></encompassingEncounter></componentOf>
<participant typeCode="COV"><participantRole classCode="PAT"><id root="2.16.840.1.113883.3.2481.1" extension="U38237413"/><code code="SELF" displayName="Self"/></participantRole></participant>
<author><time value="20250416155908-0600"/><assignedAuthor><addr><streetAddressLine>12 Elm St</streetAddressLine></addr></assignedAuthor></author></ClinicalDocument>"#;
        let got = found(doc);
        for want in [(T::Mrn, "H162200"), (T::Ssn, "219099999"), (T::Name, "Zoltan"), (T::Name, "Quibble"), (T::Date, "19931105"), (T::Date, "20230521154500-0700"), (T::HealthPlanId, "U38237413")] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        assert_eq!(got.len(), 7, "{got:?}");
    }

    /// FHIR XML follows FHIR JSON: a Patient's id, its identifiers by
    /// their systems, an Appointment's start; a CapabilityStatement's date
    /// and software name are not a person's.
    #[test]
    fn fhir_values_by_their_elements() {
        let patient = r#"<Patient xmlns="http://hl7.org/fhir"><id value="PT58064711"/><meta><lastUpdated value="2024-12-08T12:45:21.601Z"/></meta>
<identifier><system value="urn:oid:2.16.840.1.113883.3.7990.2"/><value value="01440572"/></identifier>
<identifier><system value="http://hl7.org/fhir/sid/us-ssn"/><value value="219-09-9999"/></identifier><birthDate value="1996-11-15"/></Patient>"#;
        let got = found(patient);
        for want in [(T::OtherId, "PT58064711"), (T::Mrn, "01440572"), (T::Ssn, "219-09-9999"), (T::Date, "1996-11-15")] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        assert_eq!(got.len(), 4, "{got:?}");
        let appt = r#"<Appointment xmlns="http://hl7.org/fhir"><status value="booked"/><start value="2023-06-08T14:30:00-05:00"/></Appointment>"#;
        assert_eq!(found(appt), [(T::Date, "2023-06-08T14:30:00-05:00")]);
        let cap = r#"<CapabilityStatement xmlns="http://hl7.org/fhir"><status value="active"/><date value="2025-01-20"/><software><name value="HAPI FHIR Server"/></software></CapabilityStatement>"#;
        assert_eq!(found(cap), []);
        // Sniffed (`Format::Auto`, a logger's or a wrapper's default) an
        // XML document is read as one too, not as a page.
        for doc in [patient, appt, cap] {
            let auto: Vec<_> = Guard::default().scan(doc, Format::Auto).findings.iter().map(|f| (f.kind, &doc[f.start..f.end])).collect();
            assert_eq!(auto, found(doc), "{doc}");
        }
    }

    /// NCPDP SCRIPT after a log line's prefix: the patient's record
    /// number, member id and ZIP+4 written without its hyphen; the
    /// pharmacy's and payer's names, ids and phone are not a patient's.
    #[test]
    fn script_and_soap_after_a_log_prefix() {
        let rx = "2024-11-03T01:47:26Z WARN surescripts rejected: <Patient><HumanPatient><Identification><MedicalRecordIdentificationNumberEHR>5870428</MedicalRecordIdentificationNumberEHR></Identification>\
<Address><PostalCode>112200336</PostalCode></Address></HumanPatient></Patient><Pharmacy><Identification><NCPDPID>8794612</NCPDPID></Identification><BusinessName>Riverside Apothecary</BusinessName>\
<CommunicationNumbers><PrimaryTelephone><Number>9015550191</Number></PrimaryTelephone></CommunicationNumbers></Pharmacy><BenefitsCoordination><PayerIdentification><PayerID>60054</PayerID></PayerIdentification><PayerName>Aetna</PayerName><CardholderID>KUG316496473</CardholderID></BenefitsCoordination>";
        assert_eq!(found(rx), [(T::Mrn, "5870428"), (T::ZipCode, "112200336"), (T::HealthPlanId, "KUG316496473")]);
        let soap = "DEBUG [soap] >>> POST\n<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><wsse:UsernameToken><wsse:Username>elig-gw</wsse:Username>\
<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">rocket-horse-64</wsse:Password></wsse:UsernameToken>\
<pmp:PrescriptionDateRange><nc:StartDate><nc:Date>2022-03-16</nc:Date></nc:StartDate></pmp:PrescriptionDateRange></soapenv:Envelope>";
        assert_eq!(found(soap), [(T::Secret, "rocket-horse-64")]);
    }

    /// HTML, and text with a `<` in it, is not read as XML.
    /// An end tag closes an element up to 64 levels out, and the elements
    /// left open inside it; past that it closes nothing (an author's
    /// block, not read, then holds the text after it).
    #[test]
    fn end_tags_close_elements_up_to_64_levels_out() {
        let deep = |n: usize| format!("<?xml version=\"1.0\"?><doc><author>{}</author><note>SSN 219-09-9999</note></doc>", "<y>".repeat(n));
        assert_eq!(found(&deep(60)), [(T::Ssn, "219-09-9999")]);
        assert_eq!(found(&deep(70)), []);
    }

    #[test]
    fn html_and_comparisons_are_no_xml() {
        for t in ["<div>Patient: <b>Jane Doe</b></div>", "if a < b then </x>", "<p>DOB:</p>", "<3 thanks </3"] {
            assert_eq!(super::start(t), None, "{t}");
        }
        assert_eq!(super::start("ERROR rejected: <Patient><Name>X</Name></Patient>"), Some(16));
        // A label in one element and its value in the next stay together in HTML given as text.
        assert_eq!(found("<p>DOB: <b>03/14/1961</b></p>"), [(T::Date, "03/14/1961")]);
    }
}
