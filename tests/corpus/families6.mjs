// Family: documents-and-exports. Document and interchange formats a
// telehealth app's routes, logs and error reports carry: XML clinical
// documents (C-CDA header and body fragments, FHIR XML, NCPDP SCRIPT
// e-prescriptions, SOAP envelopes from eligibility and PDMP queries),
// calendar and contact formats (iCalendar invites and feeds with folded
// lines, vCards, as files and inside JSON strings), text extracted from
// documents (PDF-to-text of intake forms, referral letters, lab reports and
// fax cover sheets, insurance-card OCR, AcroForm and DocuSign field dumps,
// DICOM header dumps), and structured notes and AI output (markdown visit
// summaries and AI-scribe drafts, LLM prompt and response logs, YAML front
// matter and fixtures, spreadsheet rows as JSON); with hard negatives of the
// same shapes (templates, OIDs and code systems, document ids, provider- and
// organisation-only headers, staff and room calendars, time-zone blocks, the
// clinic's own vCard, blank forms, equipment tags, placeholders, token counts).
// Each template returns its own kind (text, log, json, error).
// The first word or words of each reason name the shape (the report groups
// lines by them).
import { F, P, L, J, cat, join, fmap, toF, plain } from './lib.mjs';
import * as V from './values.mjs';
const { pick, ri, chance, pad } = V;

const T = (kind, f, reason) => ({ kind, f, reason });

// ---------------------------------------------------------------------------
// shared values (non-PHI unless wrapped in P)
// ---------------------------------------------------------------------------
const up = (s) => V.fold(s).toUpperCase();
const d8 = (d) => `${d.y}${pad(d.m, 2)}${pad(d.d, 2)}`;
const svcD = () => { const d = V.recentD(); return { ...d, y: Math.max(2023, d.y) }; };
const sysD = () => ({ y: ri(2024, 2025), m: ri(1, 12), d: ri(1, 28) });
const hms = () => `${pad(ri(7, 18), 2)}${pick(['00', '15', '30', '45'])}00`;
const tzOff = () => pick(['-0500', '-0600', '-0700', '-0800', '-0400']);
const sysStamp = () => `${d8(sysD())}${pad(ri(0, 23), 2)}${pad(ri(0, 59), 2)}${pad(ri(0, 59), 2)}`;
const gp = () => pick(['us', 'us', 'hisp', 'hisp', 'afam', 'euro', 'east', 'south']);
const per = () => V.person({ group: gp() });
const mdy = (d) => V.fmtDate(d, 0);
const telUri = () => { const [a, e, n] = V.phoneParts(); return pick([`+1-${a}-${e}-${n}`, `+1(${a})${e}-${n}`, `(${a})${e}-${n}`, `${a}-${e}-${n}`, `+1${a}${e}${n}`]); };
const digits10 = () => { const [a, e, n] = V.phoneParts(); return `${a}${e}${n}`; };

const ORGS = ['Northside Family Medicine', 'Lakeview Telehealth Group', 'Riverbend Internal Medicine', 'Summit Imaging Center', 'Maple Grove Pediatrics',
  'Desert Sky Cardiology', 'Harbor Behavioral Health', 'Lakeshore Heart & Vascular', 'St. Anne Community Hospital', 'Prairie Valley Clinic'];
const org = () => pick(ORGS);
const LABS = ['Lakeshore Reference Laboratory', 'Quantum Diagnostics', 'Midwest Clinical Labs', 'Pacific Pathology Partners'];
const PHARM = ['Main Street Pharmacy', 'CareRx #' + ri(100, 9999), 'Walgreens #' + ri(1000, 19999), 'Riverside Apothecary'];
const orgStreet = () => `${ri(100, 9800)} ${pick(['Medical Pkwy', 'Hospital Dr', 'Professional Plaza, Suite ' + ri(100, 450), 'Health Center Blvd', 'Corporate Woods Dr', 'Clinic Way'])}`;
const CLINIC_TEL = ['+1-833-555-0142', '+1-844-555-0119', '+1-888-555-0163', '+1-877-555-0108', '+1-866-555-0127'];
const clinicTel = () => pick(CLINIC_TEL);
const clinicFax = () => pick(['(312) 555-0188', '(415) 555-0179', '(713) 555-0191', '(617) 555-0166', '(206) 555-0172']);
const clinicMail = () => pick(['scheduling@clinic.example', 'noreply@clinic.example', 'referrals@northside-fm.example', 'telehealth@lakeview-th.example', 'records@clinic.example']);
const PAYERS = [['Aetna', '60054'], ['UnitedHealthcare', '87726'], ['Blue Cross Blue Shield of Illinois', '00621'], ['Cigna', '62308'], ['Humana', '61101'], ['Lakeshore Mutual Health Plan', '39026']];
const payer = () => pick(PAYERS);
const groupNo = () => pick([`${ri(10000, 999999)}`, `GRP-${V.upalnum(6)}`, `${V.upper(2)}${V.digits(5)}`]);
const rxBin = () => pick(['004336', '610014', '003858', '610502', '015581', '610279']);
const rxPcn = () => pick(['ADV', 'MEDDPRIME', 'A4', 'CTRXMEDD', '9999', 'WG']);
const ncpdpId = () => V.digits(7);
const oidOrg = () => `2.16.840.1.113883.3.${ri(1000, 9999)}`;
const uidRoot = () => pick(['1.2.840.113619.2.55.3', '1.3.12.2.1107.5.1.4', '1.2.826.0.1.3680043.8.498', '1.2.392.200036.9116.2.6.1.48']);
const dUid = () => `${uidRoot()}.${ri(1000000, 999999999)}.${ri(100, 99999)}.${V.digits(10)}`;
const accession = () => pick([`A${V.digits(8)}`, `${ri(2024, 2025)}${V.digits(6)}`, `CT-${V.digits(7)}`, `ACC${V.digits(9)}`]);
const model = () => pick(['gpt-4o-2024-08-06', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'claude-3-haiku-20240307', 'gemini-1.5-pro-002', 'llama-3.1-70b-instruct']);
const reqId = () => pick([`chatcmpl-${V.alnum(29)}`, `msg_${V.alnum(24)}`, `req_${V.lowalnum(24)}`]);
const ts = () => V.ts();

// XML text/attribute escaping; the apostrophe style is chosen per document.
const xesc = (ap) => (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, ap);
const apos = () => pick(["'", "'", '&#39;', '&apos;']);
// Pretty-printed XML to one line (typed values hold no newline).
const oneLine = (f) => fmap(f, (s) => s.replace(/\n\s*/g, ''));
// Namespace prefix on every element (not on <?xml or <![CDATA[).
const nsp = (f, pre) => fmap(f, (s) => s.replace(/<(\/?)([A-Za-z])/g, `<$1${pre}:$2`));

// iCalendar / vCard text escaping and 75-character line folding. A fold that
// falls inside a value stays inside its span (the span is the value as
// written); a fold before a value's first character goes to the text before.
const icsEsc = (s) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
function fold75(f, eol = '\r\n') {
  const segs = [];
  let col = 0;
  for (const seg of toF(f).segs) {
    let out = '';
    for (const ch of seg.s) {
      if (ch === '\n') { out += ch; col = 0; continue; }
      if (ch === '\r') { out += ch; continue; }
      if (col >= 75) {
        if (out === '' && seg.type && segs.length) segs[segs.length - 1].s += `${eol} `;
        else out += `${eol} `;
        col = 1;
      }
      out += ch; col++;
    }
    segs.push({ ...seg, s: out });
  }
  return new F(segs);
}
const crlf = (lines) => join(lines, '\r\n');

// OCR noise in a label (not in values): at most one character swapped.
const OCR = [[/o/g, '0'], [/O/g, '0'], [/l/g, '1'], [/I/g, 'l'], [/i/g, '1'], [/m/g, 'rn'], [/S/g, '5'], [/B/g, '8'], [/e/g, 'c']];
const ocr = (label, p = 0.4) => {
  if (!chance(p)) return label;
  const [re, r] = pick(OCR);
  let done = false;
  return label.replace(re, (m) => { if (done || chance(0.35)) return m; done = true; return r; });
};
// pad a fragment to a column width (PDF-to-text column layouts)
const colw = (f, w) => { const n = plain(f).length; return cat(f, ' '.repeat(Math.max(2, w - n))); };
const footer = (n, of) => pick([`Page ${n} of ${of}`, `Page ${n} of ${of}`, `- ${n} -`, `${n}/${of}`]);

// YAML scalar: quote when needed.
const yq = (f) => { const s = plain(f); return /^[\d.-]+$|[:#'"]|^\s|\s$/.test(s) && !/^\d{4}-\d\d-\d\d$/.test(s) ? (s.includes("'") ? cat('"', f, '"') : cat("'", f, "'")) : f; };

// ---------------------------------------------------------------------------
// C-CDA pieces
// ---------------------------------------------------------------------------
const ccdaAddr = (x, use, c, street, zipv, typed = true) => {
  const T2 = (t, v) => (typed ? P(t, x(v)) : x(v));
  return L`<addr use="${use}">\n  <streetAddressLine>${T2('ADDRESS', street)}</streetAddressLine>\n  <city>${T2('ADDRESS', c[0])}</city>\n  <state>${c[1]}</state>\n  <postalCode>${typed ? P('ZIP_CODE', zipv) : zipv}</postalCode>\n  <country>US</country>\n</addr>`;
};
const ccdaName = (x, p, use = 'L') => L`<name use="${use}"><given>${P('NAME', x(p.first))}</given><family>${P('NAME', x(p.last))}</family></name>`;
const ccdaOrg = (x) => {
  const c = V.city();
  return L`<providerOrganization>\n  <id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/>\n  <name>${x(org())}</name>\n  <telecom use="WP" value="tel:${clinicTel()}"/>\n  ${indent(ccdaAddr(x, 'WP', c, orgStreet(), V.zip(c), false), 2)}\n</providerOrganization>`;
};
const indent = (f, n) => fmap(f, (s) => s.replace(/\n/g, '\n' + ' '.repeat(n)));
const RACE = [['2106-3', 'White'], ['2054-5', 'Black or African American'], ['2028-9', 'Asian'], ['1002-5', 'American Indian or Alaska Native'], ['2131-1', 'Other Race']];
const LOINC_DOCS = [['34133-9', 'Summarization of Episode Note'], ['11488-4', 'Consult note'], ['57133-1', 'Referral note'], ['18842-5', 'Discharge summary'], ['11506-3', 'Progress note']];
const PROBLEMS = [['38341003', 'Hypertensive disorder, systemic arterial'], ['44054006', 'Diabetes mellitus type 2'], ['195967001', 'Asthma'], ['35489007', 'Depressive disorder'], ['13645005', 'Chronic obstructive lung disease'], ['55822004', 'Hyperlipidemia']];
const MEDS = [['197361', 'Amlodipine 5 MG Oral Tablet'], ['860975', 'Metformin hydrochloride 500 MG Extended Release Oral Tablet'], ['314076', 'Lisinopril 10 MG Oral Tablet'], ['617312', 'Atorvastatin 10 MG Oral Tablet'], ['745679', 'Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'], ['312938', 'Sertraline 50 MG Oral Tablet']];
const LABS_L = [['4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', () => `${ri(5, 11)}.${ri(0, 9)}`], ['2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', () => `${ri(70, 240)}`], ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', () => `${ri(0, 2)}.${ri(1, 9)}`], ['718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', () => `${ri(9, 16)}.${ri(0, 9)}`], ['2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'mg/dL', () => `${ri(120, 290)}`]];

// ---------------------------------------------------------------------------
// DICOM pieces
// ---------------------------------------------------------------------------
const dcmLen = (v) => v.length + (v.length % 2);
// dcmdump: (gggg,eeee) VR [value]   # len, vm Keyword
const dcm = (tag, vr, val, kw) => {
  if (val === null) return cat(colw(`(${tag}) ${vr} (no value available)`, 56), `#   0, 0 ${kw}`);
  const v = plain(val);
  const shown = vr === 'UI' && v.startsWith('=') ? cat(val) : cat('[', val, ']');
  return cat(colw(cat(`(${tag}) ${vr} `, shown), 56), `# ${String(dcmLen(v)).padStart(3)}, 1 ${kw}`);
};
// pydicom: (gggg, eeee) Name   VR: 'value'
const pyd = (tag, name, vr, val) => cat(colw(`(${tag.replace(',', ', ')}) ${name}`, 50), `${vr}: `, val === null ? "''" : ['US', 'DS', 'IS', 'UL'].includes(vr) ? val : cat("'", val, "'"));
const pnF = (p) => L`${P('NAME', up(p.last))}^${P('NAME', up(p.first))}`;
const MODALITY = [['CT', 'CT Image Storage', '1.2.840.10008.5.1.4.1.1.2', 'CTImageStorage'], ['MR', 'MR Image Storage', '1.2.840.10008.5.1.4.1.1.4', 'MRImageStorage'], ['CR', 'Computed Radiography Image Storage', '1.2.840.10008.5.1.4.1.1.1', 'ComputedRadiographyImageStorage'], ['US', 'Ultrasound Image Storage', '1.2.840.10008.5.1.4.1.1.6.1', 'UltrasoundImageStorage'], ['DX', 'Digital X-Ray Image Storage - For Presentation', '1.2.840.10008.5.1.4.1.1.1.1', 'DigitalXRayImageStorageForPresentation']];
const EQUIP = [['SIEMENS', 'SOMATOM go.Up', 'syngo CT VA40A'], ['GE MEDICAL SYSTEMS', 'Revolution EVO', 'revo_evo.67'], ['Philips', 'Ingenia', '5.7.1'], ['FUJIFILM Corporation', 'FDR D-EVO II', 'V10.2'], ['Canon Medical Systems', 'Aquilion Lightning', 'V10.6 SP0400']];
const STUDY = ['CT CHEST W/O CONTRAST', 'MRI LUMBAR SPINE WO', 'XR CHEST 2 VIEWS', 'US ABDOMEN COMPLETE', 'CT HEAD WO CONTRAST', 'MR BRAIN W WO'];
const ageStr = (a) => `${pad(a, 3)}Y`;

// ---------------------------------------------------------------------------
// markdown / LLM pieces
// ---------------------------------------------------------------------------
const CC = ['follow-up of hypertension', 'cough for 2 weeks', 'medication refill', 'low back pain', 'anxiety and poor sleep', 'rash on forearm', 'diabetes follow-up', 'knee pain after a fall'];
const PLAN = ['Continue lisinopril 10 mg daily; recheck BMP in 2 weeks.', 'Start albuterol inhaler PRN; return if fever.', 'Increase sertraline to 100 mg; PHQ-9 at next visit.', 'Ibuprofen 400 mg TID with food x 7 days; PT referral.', 'A1c ordered; diet counselling given.'];
const SYSPROMPT = ['You are a clinical documentation assistant. Draft a concise SOAP note from the transcript. Do not invent findings.', 'You are a medical scribe. Summarise the visit for the chart in markdown with the headings Subjective, Objective, Assessment, Plan.', 'Extract structured fields (name, dob, mrn, medications) from the referral text as JSON.'];

// ===========================================================================
// templates
// ===========================================================================
export const documentsAndExports = [
  // ======== C-CDA ========
  () => {
    const ap = apos(); const x = xesc(ap);
    const p = per(); const c = V.city(); const d = V.dobD(); const m = V.mrn(); const r = pick(RACE); const mrnRoot = pick(['2.16.840.1.113883.19.5.99999.2', `${oidOrg()}.2`]);
    const ssnId = chance(0.4) ? L`\n    <id root="2.16.840.1.113883.4.1" extension="${P('SSN', V.ssn(0))}"/>` : '';
    const tels = [L`<telecom value="tel:${P('PHONE', telUri())}" use="${pick(['HP', 'MC'])}"/>`];
    if (chance(0.6)) tels.push(L`<telecom value="mailto:${P('EMAIL', V.email(p))}"/>`);
    let f = L`<recordTarget>\n  <patientRole>\n    <id root="${mrnRoot}" extension="${P('MRN', m)}"/>${ssnId}\n    ${indent(ccdaAddr(x, 'HP', c, V.street(), V.zip(c)), 4)}\n    ${join(tels, '\n    ')}\n    <patient>\n      ${ccdaName(x, p)}\n      <administrativeGenderCode code="${pick(['F', 'M'])}" codeSystem="2.16.840.1.113883.5.1" codeSystemName="AdministrativeGender"/>\n      <birthTime value="${P('DATE', d8(d))}"/>\n      <raceCode code="${r[0]}" codeSystem="2.16.840.1.113883.6.238" codeSystemName="Race &amp; Ethnicity - CDC" displayName="${r[1]}"/>\n      <languageCommunication><languageCode code="${pick(['en', 'es', 'en-US'])}"/><preferenceInd value="true"/></languageCommunication>\n    </patient>\n    ${indent(ccdaOrg(x), 4)}\n  </patientRole>\n</recordTarget>`;
    const style = ri(0, 3);
    if (style === 1) f = oneLine(f);
    if (style === 2) f = nsp(f, pick(['cda', 'v3', 'hl7']));
    return T('text', f, `C-CDA recordTarget/patientRole (${['pretty', 'single-line', 'namespaced', 'pretty'][style]}): MRN id extension, SSN id with the SSA root, street, city, ZIP, tel: and mailto: values, given and family, birthTime labelled; state, code systems, race, provider organisation (NPI, name, work phone, address) clean`);
  },
  () => {
    const x = xesc(apos()); const p = V.person({ group: pick(['us', 'hisp', 'east', 'afam']) }); const g = per(); g.last = chance(0.6) ? p.last : g.last;
    const d = { y: ri(2010, 2022), m: ri(1, 12), d: ri(1, 28) }; const c = V.city();
    const rel = pick([['MTH', 'Mother'], ['FTH', 'Father'], ['GRMTH', 'Grandmother'], ['AUNT', 'Aunt']]);
    const f = L`<patient>\n  ${ccdaName(x, p)}\n  <administrativeGenderCode code="${pick(['F', 'M'])}" codeSystem="2.16.840.1.113883.5.1"/>\n  <birthTime value="${P('DATE', d8(d))}"/>\n  <guardian>\n    <code code="${rel[0]}" codeSystem="2.16.840.1.113883.5.111" displayName="${rel[1]}"/>\n    ${indent(ccdaAddr(x, 'HP', c, V.street(true), V.zip(c)), 4)}\n    <telecom value="tel:${P('PHONE', telUri())}" use="MC"/>\n    <guardianPerson>\n      ${ccdaName(x, g)}\n    </guardianPerson>\n  </guardian>\n</patient>`;
    return T('text', chance(0.3) ? oneLine(f) : f, 'C-CDA guardian block of a minor: the child\'s and the guardian\'s given and family names, birthTime, guardian address, phone labelled; relationship code and code system OID clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const c = V.city(); const rel = pick([['SPS', 'Spouse'], ['DAU', 'Daughter'], ['SON', 'Son'], ['SIS', 'Sister'], ['FRND', 'Friend']]);
    const f = L`<participant typeCode="IND">\n  <associatedEntity classCode="${pick(['ECON', 'NOK'])}">\n    <code code="${rel[0]}" codeSystem="2.16.840.1.113883.5.111" displayName="${rel[1]}"/>\n    ${indent(ccdaAddr(x, 'HP', c, V.street(true), V.zip(c)), 4)}\n    <telecom value="tel:${P('PHONE', telUri())}" use="HP"/>\n${chance(0.5) ? L`    <telecom value="mailto:${P('EMAIL', V.email(p))}"/>\n` : ''}    <associatedPerson>\n      ${ccdaName(x, p)}\n    </associatedPerson>\n  </associatedEntity>\n</participant>`;
    return T('text', f, 'C-CDA participant (emergency contact / next of kin): relative\'s address, phone, e-mail and name labelled; role codes clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const m = V.mrn(); const vd = svcD(); const docT = sysD();
    const loc = x(org());
    const f = L`<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<realmCode code="US"/>\n<typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>\n<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>\n<id root="${V.uuid()}"/>\n<code code="11488-4" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Consult note"/>\n<title>Telehealth Consult Note</title>\n<effectiveTime value="${d8(docT)}${hms()}${tzOff()}"/>\n<recordTarget><patientRole><id root="${oidOrg()}.2" extension="${P('MRN', m)}"/><patient>${ccdaName(x, p)}<birthTime value="${P('DATE', d8(V.dobD()))}"/></patient></patientRole></recordTarget>\n<componentOf>\n  <encompassingEncounter>\n    <id root="${oidOrg()}.7" extension="${ri(1000000, 9999999)}"/>\n    <code code="${pick(['AMB', 'VR'])}" codeSystem="2.16.840.1.113883.5.4" displayName="${pick(['ambulatory', 'virtual'])}"/>\n    <effectiveTime>\n      <low value="${P('DATE', `${d8(vd)}${hms()}${tzOff()}`)}"/>\n      <high value="${P('DATE', `${d8(vd)}${hms()}${tzOff()}`)}"/>\n    </effectiveTime>\n    <location><healthCareFacility><serviceProviderOrganization><name>${loc}</name></serviceProviderOrganization></healthCareFacility></location>\n  </encompassingEncounter>\n</componentOf>`;
    return T('text', f, 'C-CDA header with encompassingEncounter: MRN, name and birthTime labelled, the encounter effectiveTime low/high (visit date) labelled; document id, encounter id, the document effectiveTime, template ids and facility name clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const d = V.oldDobD(); const age = 2025 - d.y; const vd = svcD();
    const narrative = L`${pick(['Ms.', 'Mr.', ''])} ${P('NAME', x(p.last))} is a ${P('AGE', age)}-year-old ${pick(['woman', 'man'])} seen by video on ${P('DATE', mdy(vd))} for ${pick(CC)}. Lives with ${pick(['daughter', 'son', 'niece'])} ${P('NAME', x(per().first))} at ${P('ADDRESS', x(V.street(true)))}; callback ${P('PHONE', V.phone(1))}.`;
    const cdata = chance(0.5);
    const f = L`<section>\n  <templateId root="2.16.840.1.113883.10.20.22.2.${pick(['65', '10', '12'])}"/>\n  <code code="${pick(['42349-1', '10164-2', '29299-5'])}" codeSystem="2.16.840.1.113883.6.1"/>\n  <title>${pick(['Reason for Referral', 'History of Present Illness', 'Reason for Visit'])}</title>\n  <text>${cdata ? cat('<![CDATA[', fmap(narrative, (s) => s.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'")), ']]>') : cat('<paragraph>', narrative, '</paragraph>')}</text>\n</section>`;
    return T('text', f, `C-CDA narrative section (${cdata ? 'CDATA' : 'paragraph with entities'}): surname, age over 89, visit date, relative's first name, street and phone labelled; section template and LOINC code clean`);
  },
  () => {
    const x = xesc(apos()); const p = per(); const mid = V.memberId(); const py = payer();
    const f = L`<entry typeCode="DRIV"><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.60" extension="2015-08-01"/><id root="${V.uuid()}"/><code code="48768-6" codeSystem="2.16.840.1.113883.6.1" displayName="Payment sources"/><statusCode code="completed"/><entryRelationship typeCode="COMP"><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.61" extension="2015-08-01"/><id root="${oidOrg()}.${ri(1, 9)}" extension="${groupNo()}"/><code code="${pick(['PPO', 'HMO', 'MCPOL'])}" codeSystem="2.16.840.1.113883.5.4"/><performer typeCode="PRF"><assignedEntity><id root="2.16.840.1.113883.6.300" extension="${py[1]}"/><representedOrganization><name>${x(py[0])}</name></representedOrganization></assignedEntity></performer><participant typeCode="COV"><participantRole classCode="PAT"><id root="${oidOrg()}.${ri(1, 9)}" extension="${P('HEALTH_PLAN_ID', mid)}"/><code code="${pick(['SELF', 'SPS', 'CHILD'])}" codeSystem="2.16.840.1.113883.5.111"/><playingEntity><name><given>${P('NAME', x(p.first))}</given><family>${P('NAME', x(p.last))}</family></name><sdtc:birthTime value="${P('DATE', d8(V.dobD()))}"/></playingEntity></participantRole></participant></act></entryRelationship></act></entry>`;
    return T('text', f, 'C-CDA payers section entry (single line): covered party member id, name and sdtc:birthTime labelled; group-number id, payer id and name, act ids and codes clean');
  },
  () => {
    const lab = pick(LABS_L); const vd = svcD();
    const f = L`<observation classCode="OBS" moodCode="EVN">\n  <templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>\n  <id root="${V.uuid()}"/>\n  <code code="${lab[0]}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="${lab[1]}"/>\n  <statusCode code="completed"/>\n  <effectiveTime value="${P('DATE', `${d8(vd)}${hms()}${tzOff()}`)}"/>\n  <value xsi:type="PQ" value="${lab[3]()}" unit="${lab[2]}"/>\n  <interpretationCode code="${pick(['N', 'H', 'L'])}" codeSystem="2.16.840.1.113883.5.83"/>\n  <author><time value="${sysStamp()}${tzOff()}"/><assignedAuthor><id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/></assignedAuthor></author>\n</observation>`;
    return T('text', f, 'C-CDA result observation: the observation effectiveTime (collection date) labelled; LOINC code and display name, value, units, author time and NPI clean');
  },
  // C-CDA negatives
  () => {
    const dt = pick(LOINC_DOCS); const st = V.uuid();
    return T('text', cat(`<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="CDA.xsl"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc" xmlns:voc="urn:hl7-org:v3/voc">\n  <realmCode code="US"/>\n  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>\n  <templateId root="2.16.840.1.113883.10.20.22.1.1"/>\n  <templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>\n  <templateId root="2.16.840.1.113883.10.20.22.1.${pick([2, 4, 8, 9])}" extension="2015-08-01"/>\n  <id root="${oidOrg()}.${ri(1, 9)}" extension="${V.digits(9)}"/>\n  <code code="${dt[0]}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="${dt[1]}"/>\n  <title>${dt[1]}</title>\n  <effectiveTime value="${sysStamp()}${tzOff()}"/>\n  <confidentialityCode code="${pick(['N', 'R'])}" codeSystem="2.16.840.1.113883.5.25"/>\n  <languageCode code="en-US"/>\n  <setId root="${st}" extension="${ri(1, 99)}"/>\n  <versionNumber value="${ri(1, 6)}"/>`), 'C-CDA document header with no recordTarget: template ids, document id (OID root and extension), LOINC document code, effectiveTime, setId, version: no PHI');
  },
  () => {
    const x = xesc(apos()); const c = V.city(); const c2 = V.city();
    return T('text', oneLine(L`<author>\n  <time value="${sysStamp()}${tzOff()}"/>\n  <assignedAuthor>\n    <id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/>\n    <code code="${pick(['207Q00000X', '208D00000X', '363LF0000X'])}" codeSystem="2.16.840.1.113883.6.101" displayName="${pick(['Family Medicine', 'General Practice', 'Family Nurse Practitioner'])}"/>\n    ${ccdaAddr(x, 'WP', c, orgStreet(), V.zip(c), false)}\n    <telecom use="WP" value="tel:${clinicTel()}"/>\n    <representedOrganization><id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/><name>${x(org())}</name></representedOrganization>\n  </assignedAuthor>\n</author>\n<custodian><assignedCustodian><representedCustodianOrganization><id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/><name>${x(org())}</name><telecom use="WP" value="tel:${clinicTel()}"/>${ccdaAddr(x, 'WP', c2, orgStreet(), V.zip(c2), false)}</representedCustodianOrganization></assignedCustodian></custodian>\n<legalAuthenticator><time value="${sysStamp()}${tzOff()}"/><signatureCode code="S"/><assignedEntity><id root="2.16.840.1.113883.4.6" extension="${V.npi()}"/><representedOrganization><name>${x(org())}</name></representedOrganization></assignedEntity></legalAuthenticator>`), 'C-CDA author, custodian and legalAuthenticator (provider and organisation only: NPIs, taxonomy code, work address and phone, organisation names, signing times): no PHI');
  },
  () => {
    const pr = pick(PROBLEMS); const md = pick(MEDS);
    return T('text', cat(`<section>\n  <templateId root="2.16.840.1.113883.10.20.22.2.5.1" extension="2015-08-01"/>\n  <code code="11450-4" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Problem list - Reported"/>\n  <title>Problems</title>\n  <entry>\n    <act classCode="ACT" moodCode="EVN">\n      <templateId root="2.16.840.1.113883.10.20.22.4.3" extension="2015-08-01"/>\n      <id root="${V.uuid()}"/>\n      <code code="CONC" codeSystem="2.16.840.1.113883.5.6"/>\n      <statusCode code="active"/>\n      <effectiveTime><low nullFlavor="UNK"/></effectiveTime>\n      <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><code code="55607006" codeSystem="2.16.840.1.113883.6.96" displayName="Problem"/><value xsi:type="CD" code="${pr[0]}" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="${pr[1]}"/></observation></entryRelationship>\n    </act>\n  </entry>\n  <entry><substanceAdministration classCode="SBADM" moodCode="INT"><consumable><manufacturedProduct><manufacturedMaterial><code code="${md[0]}" codeSystem="2.16.840.1.113883.6.88" codeSystemName="RxNorm" displayName="${md[1]}"/></manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>\n</section>`), 'C-CDA problem and medication entries: SNOMED and RxNorm codes and display names, template OIDs, UUID ids, nullFlavor onset: no PHI');
  },
  () => T('text', cat(`<assignedAuthor>\n  <id nullFlavor="NA"/>\n  <addr nullFlavor="NA"/>\n  <telecom nullFlavor="NA"/>\n  <assignedAuthoringDevice>\n    <manufacturerModelName>${pick(['Example EHR', 'OpenChart', 'CareBridge'])}</manufacturerModelName>\n    <softwareName>${pick(['Example EHR', 'OpenChart', 'CareBridge'])} ${ri(20, 25)}.${ri(1, 4)}.${ri(0, 9)}</softwareName>\n  </assignedAuthoringDevice>\n  <representedOrganization><id root="${oidOrg()}"/><name>${xesc("'")(org())}</name></representedOrganization>\n</assignedAuthor>`), 'C-CDA author that is a device (software name and version, organisation OID): no PHI'),

  // ======== FHIR XML ========
  () => {
    const x = xesc(apos()); const p = per(); const c = V.city(); const d = V.dobD(); const id = V.patientId(); const m = V.mrn();
    const parts = [
      L`<id value="${P('OTHER_ID', id)}"/>`,
      `<meta><versionId value="${ri(1, 9)}"/><lastUpdated value="${ts()}"/></meta>`,
      L`<identifier><use value="usual"/><type><coding><system value="http://terminology.hl7.org/CodeSystem/v2-0203"/><code value="MR"/></coding></type><system value="urn:oid:${oidOrg()}.2"/><value value="${P('MRN', m)}"/></identifier>`,
      chance(0.4) ? L`<identifier><system value="http://hl7.org/fhir/sid/us-ssn"/><value value="${P('SSN', V.ssn(0))}"/></identifier>` : '',
      `<active value="true"/>`,
      L`<name><use value="official"/><family value="${P('NAME', x(p.last))}"/><given value="${P('NAME', x(p.first))}"/></name>`,
      L`<telecom><system value="phone"/><value value="${P('PHONE', V.phone(pick([0, 1, 4])))}"/><use value="${pick(['mobile', 'home'])}"/></telecom>`,
      chance(0.5) ? L`<telecom><system value="email"/><value value="${P('EMAIL', V.email(p))}"/></telecom>` : '',
      `<gender value="${pick(['female', 'male'])}"/>`,
      L`<birthDate value="${P('DATE', V.isoDate(d))}"/>`,
      L`<address><use value="home"/><line value="${P('ADDRESS', x(V.street()))}"/><city value="${P('ADDRESS', x(c[0]))}"/><state value="${c[1]}"/><postalCode value="${P('ZIP_CODE', V.zip(c))}"/></address>`,
    ].filter(Boolean);
    const pretty = chance(0.5);
    const f = pretty ? cat('<Patient xmlns="http://hl7.org/fhir">\n  ', join(parts, '\n  '), '\n</Patient>') : cat('<Patient xmlns="http://hl7.org/fhir">', join(parts, ''), '</Patient>');
    return T('text', f, `FHIR XML Patient (${pretty ? 'pretty' : 'single-line'}): id value, MRN and SSN identifiers, family and given, phone, e-mail, birthDate, address line, city and postalCode labelled; meta.lastUpdated, code systems and state clean`);
  },
  () => {
    const x = xesc(apos()); const p = per(); const id = V.patientId(); const mid = V.memberId(); const py = payer();
    return T('log', L`${ts()} DEBUG fhir POST /Coverage content-type=application/fhir+xml body=<Coverage xmlns="http://hl7.org/fhir"><status value="active"/><subscriberId value="${P('HEALTH_PLAN_ID', mid)}"/><beneficiary><reference value="Patient/${P('OTHER_ID', id)}"/><display value="${P('NAME', x(V.fullName(p, false)))}"/></beneficiary><relationship><coding><code value="self"/></coding></relationship><period><start value="${ri(2024, 2025)}-01-01"/></period><payor><display value="${x(py[0])}"/></payor><class><type><coding><code value="group"/></coding></type><value value="${groupNo()}"/></class></Coverage>`, 'FHIR XML Coverage in a debug log: subscriberId, the Patient/{id} reference id and beneficiary display name labelled; coverage period start, payer and group value clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const id = V.patientId(); const vd = svcD();
    return T('text', L`<Bundle xmlns="http://hl7.org/fhir">\n  <type value="searchset"/>\n  <total value="1"/>\n  <entry>\n    <fullUrl value="https://fhir.example-health.com/r4/Appointment/${ri(10000, 99999)}"/>\n    <resource>\n      <Appointment>\n        <id value="${ri(10000, 99999)}"/>\n        <status value="booked"/>\n        <serviceType><coding><system value="http://snomed.info/sct"/><code value="${pick(['185389009', '394814009'])}"/></coding></serviceType>\n        <start value="${P('DATE', `${V.isoDate(vd)}T${pad(ri(8, 17), 2)}:${pick(['00', '30'])}:00-05:00`)}"/>\n        <minutesDuration value="${pick([15, 20, 30])}"/>\n        <participant><actor><reference value="Patient/${P('OTHER_ID', id)}"/><display value="${P('NAME', x(V.lastFirst(p)))}"/></actor><status value="accepted"/></participant>\n        <participant><actor><reference value="Practitioner/${ri(100, 9999)}"/></actor><status value="accepted"/></participant>\n      </Appointment>\n    </resource>\n  </entry>\n</Bundle>`, 'FHIR XML searchset Bundle with an Appointment: start (appointment date), Patient/{id} and patient display labelled; appointment id, Practitioner reference, SNOMED service type clean');
  },
  () => T('text', cat(`<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="${pick(['invalid', 'required', 'value'])}"/><details><text value="${pick(['Patient.birthDate: value is not a valid date', 'Element Patient.name is required', 'Unknown code system http://loinc.org version 2.77'])}"/></details><expression value="${pick(['Patient.birthDate', 'Patient.name[0]', 'Observation.code'])}"/><location value="/f:Patient/f:${pick(['birthDate', 'name'])}"/></issue></OperationOutcome>`), 'FHIR XML OperationOutcome naming elements (birthDate, name) without their values: no PHI'),
  () => T('text', cat(`<CapabilityStatement xmlns="http://hl7.org/fhir">\n  <status value="active"/>\n  <date value="${ri(2023, 2025)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}"/>\n  <publisher value="${xesc("'")(org())}"/>\n  <kind value="instance"/>\n  <software><name value="${pick(['HAPI FHIR Server', 'Example FHIR Gateway'])}"/><version value="${ri(5, 7)}.${ri(0, 9)}.${ri(0, 9)}"/></software>\n  <fhirVersion value="4.0.1"/>\n  <format value="application/fhir+xml"/>\n  <rest><mode value="server"/><resource><type value="Patient"/><searchParam><name value="birthdate"/><type value="date"/></searchParam><searchParam><name value="family"/><type value="string"/></searchParam></resource></rest>\n</CapabilityStatement>`), 'FHIR XML CapabilityStatement: publication date, publisher organisation, software version, search parameter names: no PHI'),

  // ======== NCPDP SCRIPT ========
  () => {
    const x = xesc(apos()); const p = per(); const c = V.city(); const d = V.dobD(); const wd = svcD(); const md = pick(MEDS); const ctl = chance(0.4);
    const f = L`<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" DatatypesVersion="20170715" TransportVersion="20170715" TransactionDomain="SCRIPT" TransactionVersion="20170715" StructuresVersion="20170715" ECLVersion="20170715">\n  <Header>\n    <To Qualifier="P">${ncpdpId()}</To>\n    <From Qualifier="C">${V.digits(10)}</From>\n    <MessageID>${V.hex(32)}</MessageID>\n    <SentTime>${ts()}</SentTime>\n    <PrescriberOrderNumber>${V.upalnum(12)}</PrescriberOrderNumber>\n  </Header>\n  <Body>\n    <NewRx>\n      <Patient>\n        <HumanPatient>\n          <Identification><MedicalRecordIdentificationNumberEHR>${P('MRN', V.mrn())}</MedicalRecordIdentificationNumberEHR></Identification>\n          <Name><LastName>${P('NAME', x(p.last))}</LastName><FirstName>${P('NAME', x(p.first))}</FirstName></Name>\n          <Gender>${pick(['F', 'M'])}</Gender>\n          <DateOfBirth><Date>${P('DATE', V.isoDate(d))}</Date></DateOfBirth>\n          <Address><AddressLine1>${P('ADDRESS', x(V.street()))}</AddressLine1><City>${P('ADDRESS', x(c[0]))}</City><StateProvince>${c[1]}</StateProvince><PostalCode>${P('ZIP_CODE', V.zip(c).replace('-', ''))}</PostalCode><CountryCode>US</CountryCode></Address>\n          <CommunicationNumbers><PrimaryTelephone><Number>${P('PHONE', digits10())}</Number></PrimaryTelephone></CommunicationNumbers>\n        </HumanPatient>\n      </Patient>\n      <Pharmacy><Identification><NCPDPID>${ncpdpId()}</NCPDPID><NPI>${V.npi()}</NPI></Identification><BusinessName>${x(pick(PHARM))}</BusinessName><CommunicationNumbers><PrimaryTelephone><Number>${digits10()}</Number></PrimaryTelephone></CommunicationNumbers></Pharmacy>\n      <Prescriber><NonVeterinarian><Identification><NPI>${V.npi()}</NPI>${ctl ? L`<DEANumber>${P('LICENSE_NUMBER', V.dea())}</DEANumber>` : ''}</Identification><PracticeLocation><BusinessName>${x(org())}</BusinessName></PracticeLocation></NonVeterinarian></Prescriber>\n      <MedicationPrescribed>\n        <DrugDescription>${md[1]}</DrugDescription>\n        <DrugCoded><ProductCode><Code>${V.digits(11)}</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded>\n        <Quantity><Value>${pick([30, 60, 90])}</Value><CodeListQualifier>38</CodeListQualifier></Quantity>\n        <WrittenDate><Date>${P('DATE', V.isoDate(wd))}</Date></WrittenDate>\n        <Sig><SigText>${pick(['Take 1 tablet by mouth daily', 'Take 1 tablet by mouth twice daily with meals', 'Inhale 2 puffs every 4 hours as needed'])}</SigText></Sig>\n      </MedicationPrescribed>\n    </NewRx>\n  </Body>\n</Message>`;
    return T('text', chance(0.35) ? oneLine(f) : f, `NCPDP SCRIPT NewRx: patient MRN, LastName, FirstName, DateOfBirth, address, city, postal code, telephone and WrittenDate labelled${ctl ? ', prescriber DEANumber (LICENSE_NUMBER)' : ''}; message id, sent time, NCPDPID, NPIs, pharmacy phone and name, NDC clean`);
  },
  () => {
    const x = xesc(apos()); const p = per(); const d = V.dobD(); const py = payer();
    return T('log', L`${ts()} WARN surescripts RxChangeRequest rejected (code ${pick(['900', '601', '602'])}): <Patient><HumanPatient><Name><LastName>${P('NAME', x(up(p.last)))}</LastName><FirstName>${P('NAME', x(up(p.first)))}</FirstName></Name><DateOfBirth><Date>${P('DATE', V.isoDate(d))}</Date></DateOfBirth></HumanPatient></Patient><BenefitsCoordination><PayerIdentification><PayerID>${py[1]}</PayerID><ProcessorIdentificationNumber>${rxPcn()}</ProcessorIdentificationNumber><IINNumber>${rxBin()}</IINNumber></PayerIdentification><PayerName>${x(py[0])}</PayerName><CardholderID>${P('HEALTH_PLAN_ID', V.memberId())}</CardholderID><GroupID>${groupNo()}</GroupID></BenefitsCoordination>`, 'NCPDP SCRIPT fragment in a warning log: upper-case names, DOB and CardholderID labelled; BIN (IIN), PCN, payer id and name, group id, reject code clean');
  },
  () => T('text', cat(`<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" TransactionVersion="20170715"><Header><To Qualifier="C">${V.digits(10)}</To><From Qualifier="P">${ncpdpId()}</From><MessageID>${V.hex(32)}</MessageID><RelatesToMessageID>${V.hex(32)}</RelatesToMessageID><SentTime>${ts()}</SentTime></Header><Body>${pick([`<Status><Code>000</Code></Status>`, `<Verify><VerifyStatus><Code>010</Code><Description>Successful</Description></VerifyStatus></Verify>`, `<Error><Code>${pick(['600', '601', '900'])}</Code><DescriptionCode>${pick(['1000', '2000', '220'])}</DescriptionCode><Description>${pick(['Communication problem - try again later', 'Receiver unable to process', 'Prescriber not found in directory'])}</Description></Error>`])}</Body></Message>`), 'NCPDP SCRIPT Status/Verify/Error (header ids, sent time, codes): no PHI'),

  // ======== SOAP envelopes ========
  () => {
    const p = per(); const d = V.dobD(); const mid = V.memberId(); const sd = svcD(); const py = payer(); const pw = V.password();
    const x = xesc(apos());
    const f = L`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:elig="urn:example:eligibility:v2">\n  <soapenv:Header>\n    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">\n      <wsse:UsernameToken>\n        <wsse:Username>${pick(['svc-portal-elig', 'telehealth_api', 'elig-gw'])}</wsse:Username>\n        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${P('SECRET', x(pw))}</wsse:Password>\n      </wsse:UsernameToken>\n    </wsse:Security>\n  </soapenv:Header>\n  <soapenv:Body>\n    <elig:EligibilityRequest>\n      <elig:PayerId>${py[1]}</elig:PayerId>\n      <elig:ProviderNPI>${V.npi()}</elig:ProviderNPI>\n      <elig:Subscriber>\n        <elig:MemberId>${P('HEALTH_PLAN_ID', mid)}</elig:MemberId>\n        <elig:LastName>${P('NAME', x(p.last))}</elig:LastName>\n        <elig:FirstName>${P('NAME', x(p.first))}</elig:FirstName>\n        <elig:DateOfBirth>${P('DATE', V.isoDate(d))}</elig:DateOfBirth>\n      </elig:Subscriber>\n      <elig:ServiceDate>${P('DATE', V.isoDate(sd))}</elig:ServiceDate>\n      <elig:ServiceTypeCode>${pick(['30', '98', 'MH'])}</elig:ServiceTypeCode>\n    </elig:EligibilityRequest>\n  </soapenv:Body>\n</soapenv:Envelope>`;
    return T('log', cat(`${ts()} DEBUG [soap] >>> POST https://gw.${pick(['payer', 'clearinghouse'])}.example/EligibilityService.svc\n`, f), 'SOAP eligibility request in a debug log: WS-Security password (SECRET), member id, names, DOB and service date labelled; username, payer id, NPI, service type clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const c = V.city(); const d = V.dobD(); const from = svcD();
    const f = L`<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><pmp:PatientRequest xmlns:pmp="http://www.pmix.org/pmix/2.0" xmlns:nc="http://niem.gov/niem/niem-core/2.0"><pmp:RequestID>${V.uuid()}</pmp:RequestID><pmp:Requester><pmp:DEANumber>${P('LICENSE_NUMBER', V.dea())}</pmp:DEANumber><pmp:NPI>${V.npi()}</pmp:NPI><pmp:RoleCode>PRESCRIBER</pmp:RoleCode></pmp:Requester><pmp:Patient><nc:PersonName><nc:PersonGivenName>${P('NAME', x(p.first))}</nc:PersonGivenName><nc:PersonSurName>${P('NAME', x(p.last))}</nc:PersonSurName></nc:PersonName><nc:PersonBirthDate><nc:Date>${P('DATE', V.isoDate(d))}</nc:Date></nc:PersonBirthDate><nc:PersonSexCode>${pick(['F', 'M'])}</nc:PersonSexCode><nc:ContactMailingAddress><nc:LocationCityName>${P('ADDRESS', x(c[0]))}</nc:LocationCityName><nc:LocationStateUSPostalServiceCode>${c[1]}</nc:LocationStateUSPostalServiceCode><nc:LocationPostalCode>${P('ZIP_CODE', V.zip(c).slice(0, 5))}</nc:LocationPostalCode></nc:ContactMailingAddress></pmp:Patient><pmp:PrescriptionDateRange><nc:StartDate><nc:Date>${V.isoDate({ ...from, y: from.y - 1 })}</nc:Date></nc:StartDate><nc:EndDate><nc:Date>${V.isoDate(from)}</nc:Date></nc:EndDate></pmp:PrescriptionDateRange></pmp:PatientRequest></soap:Body></soap:Envelope>`;
    return T('text', f, 'SOAP PDMP (PMIX/NIEM) patient request, single line: given and surname, birth date, city, postal code and the requester DEA number labelled; request id, NPI, state and the query\'s date range clean');
  },
  () => {
    const x = xesc(apos()); const p = per(); const c = V.city(); const mid = V.memberId();
    return T('text', L`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><EligibilityResponse xmlns="urn:example:eligibility:v2"><Status>${pick(['ACTIVE', 'ACTIVE', 'INACTIVE'])}</Status><Subscriber><MemberId>${P('HEALTH_PLAN_ID', mid)}</MemberId><Name>${P('NAME', x(up(V.lastFirst(p)).replace(/ [A-Z]$/, '')))}</Name><Address1>${P('ADDRESS', x(up(V.street(true))))}</Address1><City>${P('ADDRESS', x(up(c[0])))}</City><State>${c[1]}</State><Zip>${P('ZIP_CODE', V.zip(c))}</Zip></Subscriber><Plan><GroupNumber>${groupNo()}</GroupNumber><PlanName>${x(payer()[0])} ${pick(['PPO', 'HMO', 'EPO'])}</PlanName><CoverageBegin>${ri(2024, 2025)}-01-01</CoverageBegin><Copay type="OfficeVisit">${pick([20, 25, 40])}.00</Copay></Plan><TraceNumber>${V.digits(15)}</TraceNumber></EligibilityResponse></s:Body></s:Envelope>`, 'SOAP eligibility response: member id, LAST, FIRST name, street, city and ZIP labelled; group number, plan, coverage begin date, copay, trace number clean');
  },
  () => T('error', cat(`SoapFault: soap:Client: ${pick(['Security token could not be authenticated or authorized', 'Invalid ServiceTypeCode', 'Message expired'])}\n<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value><soap:Subcode><soap:Value>wsse:${pick(['FailedAuthentication', 'InvalidSecurityToken', 'MessageExpired'])}</soap:Value></soap:Subcode></soap:Code><soap:Reason><soap:Text xml:lang="en">${pick(['The security token could not be authenticated', 'Timestamp expired'])}</soap:Text></soap:Reason><soap:Detail><TraceId>${V.uuid()}</TraceId><Created>${ts()}</Created></soap:Detail></soap:Fault></soap:Body></soap:Envelope>\n    at SoapClient.callAsync (/app/node_modules/soap/lib/client.js:${ri(100, 600)}:${ri(5, 40)})`), 'SOAP fault with WS-Security subcodes, trace id and created timestamp: no PHI'),

  // ======== iCalendar ========
  () => {
    const p = per(); const em = V.email(p); const d = svcD(); const h = ri(8, 16); const tz = pick(['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles']);
    const st = `${d8(d)}T${pad(h, 2)}${pick(['00', '30'])}00`; const en = `${d8(d)}T${pad(h, 2)}${pick(['20', '45'])}00`;
    const desc = fmap(L`Telehealth visit for ${P('NAME', V.fullName(p, false))} (DOB ${P('DATE', V.fmtDate(V.dobD(), pick([0, 7])))}).\nJoin: https://visit.examplecare.io/j/${V.lowalnum(10)}\nIf you cannot join\, call the clinic at ${clinicTel()}.`, (s) => s.replace(/\n/g, '\\n'));
    const lines = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//Example Health//Scheduler ${ri(2, 5)}.${ri(0, 9)}//EN`, 'METHOD:REQUEST', 'BEGIN:VEVENT',
      `UID:appt-${V.lowalnum(12)}@clinic.example`, `DTSTAMP:${sysStamp()}Z`, L`DTSTART;TZID=${tz}:${P('DATE', st)}`, L`DTEND;TZID=${tz}:${P('DATE', en)}`,
      L`SUMMARY:Telehealth visit - ${P('NAME', V.fullName(p, false))}`, L`DESCRIPTION:${desc}`,
      `ORGANIZER;CN=Example Health Scheduling:mailto:${clinicMail()}`,
      L`ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=${P('NAME', V.fullName(p, false))}:mailto:${P('EMAIL', em)}`,
      'STATUS:CONFIRMED', `SEQUENCE:${ri(0, 3)}`, 'BEGIN:VALARM', 'TRIGGER:-PT30M', 'ACTION:DISPLAY', 'DESCRIPTION:Reminder', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR',
    ];
    return T('text', fold75(crlf(lines)), 'iCalendar invite (METHOD:REQUEST, CRLF, folded at 75 columns): DTSTART/DTEND of the appointment, the name in SUMMARY, DESCRIPTION and ATTENDEE CN, DOB and attendee e-mail labelled; DTSTAMP, UID, PRODID, organiser mailbox, clinic number and alarm clean');
  },
  () => {
    const p = per(); const c = V.city(); const d = svcD(); const ph = V.phone(pick([0, 1]));
    const lines = [
      'BEGIN:VEVENT', `UID:${V.uuid()}`, `DTSTAMP:${sysStamp()}Z`, `CREATED:${sysStamp()}Z`, `LAST-MODIFIED:${sysStamp()}Z`,
      L`DTSTART:${P('DATE', `${d8(d)}T${pad(ri(13, 22), 2)}0000Z`)}`, `DURATION:PT${pick([45, 60, 90])}M`,
      L`SUMMARY:Home visit: ${P('NAME', V.lastFirst(p))}`,
      L`LOCATION:${P('ADDRESS', icsEsc(V.street(true)))}\\, ${P('ADDRESS', icsEsc(V.cityState(c, 0)))} ${P('ZIP_CODE', V.zip(c))}`,
      L`DESCRIPTION:${fmap(L`Wound care follow-up. Patient phone ${P('PHONE', ph)}. Gate code ${ri(1000, 9999)}. Park on street; dog in yard.`, icsEsc)}`,
      `GEO:${ri(25, 47)}.${V.digits(6)};-${ri(71, 122)}.${V.digits(6)}`, `CATEGORIES:HOME VISIT,NURSING`, 'TRANSP:OPAQUE', 'END:VEVENT',
    ];
    return T('text', fold75(crlf(lines)), 'iCalendar home-visit event: DTSTART, the name in SUMMARY, the home address in LOCATION (escaped commas), ZIP and the phone in DESCRIPTION labelled; DTSTAMP, CREATED, LAST-MODIFIED, UID, gate code, categories clean');
  },
  () => {
    const evs = []; const n = ri(2, 3); const dd = svcD();
    for (let i = 0; i < n; i++) {
      const p = per(); const h = 8 + i * 2;
      evs.push(crlf(['BEGIN:VEVENT', `UID:${V.hex(16)}@portal.example-health.com`, `DTSTAMP:${sysStamp()}Z`, L`DTSTART;TZID=America/Chicago:${P('DATE', `${d8(dd)}T${pad(h, 2)}0000`)}`, L`DTEND;TZID=America/Chicago:${P('DATE', `${d8(dd)}T${pad(h, 2)}3000`)}`, L`SUMMARY:${pick(['Video', 'Phone', 'F/U'])} - ${P('NAME', `${up(p.last)}, ${up(p.first)}`)}${chance(0.5) ? L` (MRN ${P('MRN', V.mrn())})` : ''}`, `STATUS:${pick(['CONFIRMED', 'TENTATIVE'])}`, 'CLASS:PRIVATE', 'END:VEVENT']));
    }
    return T('text', cat(crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Health//Provider Feed//EN', `X-WR-CALNAME:${pick(['Telehealth clinic', 'Provider schedule', 'Virtual visits'])}`, 'X-WR-TIMEZONE:America/Chicago', 'BEGIN:VTIMEZONE', 'TZID:America/Chicago', 'BEGIN:STANDARD', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0600', 'END:STANDARD', 'END:VTIMEZONE']), '\r\n', join(evs, '\r\n'), '\r\nEND:VCALENDAR'), 'iCalendar provider feed (subscribed ICS) of patient appointments: DTSTART/DTEND, upper-case names and MRNs in SUMMARY labelled; VTIMEZONE block (its DTSTART and RRULE), DTSTAMP, UIDs, calendar name clean');
  },
  () => {
    const p = per(); const em = V.email(p); const d = svcD(); const tz = pick(['America/New_York', 'America/Phoenix']);
    const ics = fold75(crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:CANCEL', 'BEGIN:VEVENT', `UID:appt-${V.lowalnum(12)}@clinic.example`, `DTSTAMP:${sysStamp()}Z`, L`DTSTART;TZID=${tz}:${P('DATE', `${d8(d)}T${pad(ri(8, 16), 2)}0000`)}`, L`SUMMARY:Cancelled: Telehealth visit - ${P('NAME', V.fullName(p, false))}`, L`ATTENDEE;CN="${P('NAME', V.lastFirst(p))}";PARTSTAT=DECLINED:mailto:${P('EMAIL', em)}`, 'STATUS:CANCELLED', 'SEQUENCE:2', 'END:VEVENT', 'END:VCALENDAR']), '\n');
    return T('json', J({ personalizations: [{ to: [{ email: P('EMAIL', em) }] }], from: { email: clinicMail(), name: 'Example Health' }, subject: 'Appointment cancelled', attachments: [{ filename: 'cancel.ics', type: 'text/calendar; method=CANCEL', disposition: 'attachment', content_raw: ics }] }), 'iCalendar METHOD:CANCEL inside a JSON mail-send body (LF lines, folded, escaped in the JSON string): recipient e-mail, DTSTART, names in SUMMARY and quoted ATTENDEE CN labelled; sender, UID, DTSTAMP clean');
  },
  () => {
    const p = per(); const d = svcD(); const rec = { ...d, d: Math.min(28, d.d + 7) };
    return T('text', fold75(crlf(['BEGIN:VEVENT', `UID:series-${V.lowalnum(10)}@clinic.example`, `DTSTAMP:${sysStamp()}Z`, L`DTSTART;TZID=America/Denver:${P('DATE', `${d8(d)}T100000`)}`, 'RRULE:FREQ=WEEKLY;COUNT=8;BYDAY=' + pick(['MO', 'TU', 'WE', 'TH']), L`RECURRENCE-ID;TZID=America/Denver:${P('DATE', `${d8(rec)}T100000`)}`, L`SUMMARY:PT session (${P('NAME', `${p.first} ${p.last[0]}.`)})`, L`DESCRIPTION:${fmap(L`Weekly physical therapy by video. Emergency contact: ${P('NAME', per().first)} ${P('PHONE', V.phone(1))}`, icsEsc)}`, 'END:VEVENT'])), 'iCalendar recurring therapy series with a moved occurrence: DTSTART, RECURRENCE-ID, first name with last initial, contact first name and phone labelled; RRULE, UID, DTSTAMP clean');
  },
  // iCalendar negatives
  () => T('text', fold75(crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Health//Rooms//EN', 'BEGIN:VEVENT', `UID:${V.uuid()}`, `DTSTAMP:${sysStamp()}Z`, `DTSTART;TZID=America/Chicago:${d8(svcD())}T${pad(ri(7, 16), 2)}0000`, `DTEND;TZID=America/Chicago:${d8(svcD())}T${pad(ri(7, 16), 2)}3000`, `SUMMARY:${pick(['Staff huddle', 'Room VR-2 blocked: camera service', 'Provider admin time', 'Clinic closed - training', 'On-call handoff'])}`, `LOCATION:${pick(['Telehealth Room 3', 'Conference B', 'Exam 4', 'Zoom (internal)'])}`, `ORGANIZER;CN=Clinic Operations:mailto:${clinicMail()}`, `ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;CN=Telehealth Room ${ri(1, 6)}:mailto:room${ri(1, 6)}@clinic.example`, `ATTENDEE;CUTYPE=GROUP;CN=Front desk:mailto:frontdesk@clinic.example`, 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=' + `${ri(2025, 2026)}1231T235959Z`, 'END:VEVENT', 'END:VCALENDAR'])), 'iCalendar staff and room calendar (rooms, groups, operations mailbox, RRULE with UNTIL): no PHI'),
  () => {
    const z = pick([['America/New_York', '-0500', '-0400', 'EST', 'EDT'], ['America/Chicago', '-0600', '-0500', 'CST', 'CDT'], ['America/Denver', '-0700', '-0600', 'MST', 'MDT'], ['America/Los_Angeles', '-0800', '-0700', 'PST', 'PDT']]);
    return T('text', crlf(['BEGIN:VTIMEZONE', `TZID:${z[0]}`, `X-LIC-LOCATION:${z[0]}`, 'BEGIN:DAYLIGHT', `TZOFFSETFROM:${z[1]}`, `TZOFFSETTO:${z[2]}`, `TZNAME:${z[4]}`, 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT', 'BEGIN:STANDARD', `TZOFFSETFROM:${z[2]}`, `TZOFFSETTO:${z[1]}`, `TZNAME:${z[3]}`, 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD', 'END:VTIMEZONE']), 'iCalendar VTIMEZONE block (rule onsets 1970, RRULEs, offsets): no PHI');
  },
  () => T('text', fold75(crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Health//Availability//EN', 'METHOD:PUBLISH', 'BEGIN:VFREEBUSY', `UID:${V.uuid()}`, `DTSTAMP:${sysStamp()}Z`, `DTSTART:${d8(svcD())}T130000Z`, `DTEND:${d8(svcD())}T230000Z`, `ORGANIZER;CN=Provider NPI ${V.npi()}:mailto:${clinicMail()}`, `FREEBUSY;FBTYPE=BUSY:${d8(svcD())}T140000Z/PT30M,${d8(svcD())}T153000Z/PT1H`, `FREEBUSY;FBTYPE=BUSY-TENTATIVE:${d8(svcD())}T190000Z/PT30M`, 'END:VFREEBUSY', 'END:VCALENDAR'])), 'iCalendar VFREEBUSY of a provider (NPI, busy periods, no patient): no PHI'),

  // ======== vCard ========
  () => {
    const p = per(); const c = V.city(); const em = V.email(p); const v4 = chance(0.4);
    const lines = [
      'BEGIN:VCARD', v4 ? 'VERSION:4.0' : 'VERSION:3.0', L`N:${P('NAME', icsEsc(p.last))};${P('NAME', icsEsc(p.first))};;;`, L`FN:${P('NAME', icsEsc(V.fullName(p, false)))}`,
      L`TEL;TYPE=${v4 ? '"cell,voice"' : 'cell'}:${P('PHONE', V.phone(pick([0, 1, 4])))}`, chance(0.5) ? L`TEL;TYPE=home:${P('PHONE', V.phone(pick([0, 1])))}` : null,
      L`EMAIL;TYPE=home:${P('EMAIL', em)}`, L`ADR;TYPE=home:;;${P('ADDRESS', icsEsc(V.street()))};${P('ADDRESS', icsEsc(c[0]))};${c[1]};${P('ZIP_CODE', V.zip(c))};US`,
      L`BDAY:${P('DATE', v4 ? d8(V.dobD()) : V.isoDate(V.dobD()))}`, `NOTE:Imported from intake ${ri(2024, 2025)}`, `REV:${ts().replace(/\.\d+Z$/, 'Z')}`, `UID:urn:uuid:${V.uuid()}`, 'END:VCARD',
    ].filter(Boolean);
    return T('text', fold75(crlf(lines)), `vCard ${v4 ? '4.0' : '3.0'} contact export of a patient: N last and first, FN, TEL, EMAIL, ADR street, city and ZIP, BDAY labelled; state, country, REV, UID, import note year clean`);
  },
  () => {
    const p = per(); const q = per(); q.last = chance(0.5) ? p.last : q.last; const c = V.city();
    const card = crlf(['BEGIN:VCARD', 'VERSION:3.0', L`N:${P('NAME', q.last)};${P('NAME', q.first)};;;`, L`FN:${P('NAME', V.fullName(q, false))}`, L`TEL;TYPE=cell:${P('PHONE', V.phone(pick([1, 6])))}`, L`ADR;TYPE=home:;;${P('ADDRESS', icsEsc(V.street(true)))};${P('ADDRESS', c[0])};${c[1]};${P('ZIP_CODE', V.zip(c))};USA`, `X-RELATIONSHIP:${pick(['mother', 'spouse', 'son', 'daughter'])}`, 'END:VCARD']);
    return T('json', J({ patientId: P('OTHER_ID', V.patientId()), emergencyContact: { format: 'text/vcard', data: card }, updatedAt: ts() }), 'vCard of an emergency contact embedded in a JSON string (\\r\\n escapes): relative\'s N, FN, TEL, ADR street, city, ZIP and the patient id labelled; updatedAt and relationship clean');
  },
  () => {
    const p = per(); const em = V.email(p);
    return T('log', L`${ts()} INFO contacts.import source=${pick(['ios-share', 'android-contacts', 'upload'])} bytes=${ri(180, 900)} card="BEGIN:VCARD\\nVERSION:3.0\\nFN:${P('NAME', V.fullName(p))}\\nN:${P('NAME', p.last)};${P('NAME', p.first)};${p.middle || ''};;\\nEMAIL;TYPE=INTERNET:${P('EMAIL', em)}\\nTEL;TYPE=CELL:${P('PHONE', V.e164())}\\nEND:VCARD" result=${pick(['created', 'merged', 'duplicate'])}`, 'vCard logged as an escaped one-line string: FN, N last and first, EMAIL and TEL labelled (the middle initial component is not a span); byte count, source and result clean');
  },
  () => {
    const c = V.city(); const o = org();
    return T('text', fold75(crlf(['BEGIN:VCARD', 'VERSION:3.0', `ORG:${icsEsc(o)}`, `FN:${icsEsc(o)}`, 'KIND:org', `TEL;TYPE=work,voice:${clinicTel()}`, `TEL;TYPE=work,fax:${clinicFax()}`, `EMAIL;TYPE=work:${clinicMail()}`, `ADR;TYPE=work:;;${icsEsc(orgStreet())};${icsEsc(c[0])};${c[1]};${V.zip(c)};US`, `URL:https://www.${V.fold(o).toLowerCase().replace(/[^a-z]+/g, '')}.example`, `NOTE:Telehealth hours Mon-Fri 8-6 CT. NPI ${V.npi()}`, `REV:${ts().replace(/\.\d+Z$/, 'Z')}`, 'END:VCARD'])), 'vCard of the clinic itself (ORG, work phone and fax, mailbox, work address, website, NPI): no PHI');
  },

  // ======== PDF-to-text ========
  () => {
    const p = per(); const c = V.city(); const d = V.dobD(); const em = V.email(p); const ph = V.phone(pick([0, 1]));
    const W = pick([44, 48, 52]);
    const rows = [
      `${pick(['NEW PATIENT INTAKE FORM', 'Patient Registration', 'TELEHEALTH INTAKE'])}${' '.repeat(ri(10, 24))}${org()}`,
      '',
      cat(colw(L`${ocr('Patient Name')}: ${P('NAME', V.fullName(p))}`, W), L`${ocr('Date of Birth')}: ${P('DATE', V.fmtDate(d, pick([0, 7, 4])))}`),
      cat(colw(L`${ocr('Address')}: ${P('ADDRESS', V.street())}`, W), L`${ocr('Home Phone')}: ${chance(0.5) ? P('PHONE', V.phone(0)) : '______________'}`),
      cat(colw(L`${ocr('City/State')}: ${P('ADDRESS', V.cityState(c, 0))}`, W), L`${ocr('Cell')}: ${P('PHONE', ph)}`),
      cat(colw(L`${ocr('Zip')}: ${P('ZIP_CODE', V.zip(c))}`, W), L`${ocr('Email')}: ${P('EMAIL', em)}`),
      cat(colw(L`${ocr('Sex')}: ${pick(['F', 'M', 'X'])}`, W), L`${ocr('SSN')} (optional): ${chance(0.5) ? P('SSN', V.ssn(0)) : '___-__-____'}`),
      '',
      `${ocr('Preferred pharmacy')}: ${pick(PHARM)}    ${ocr('Referred by')}: ${pick(['self', 'website', 'insurance'])}`,
      '',
      `${' '.repeat(30)}${footer(1, pick([2, 3]))}`,
    ];
    return T('text', join(rows, '\n'), 'PDF text of an intake form (two-column layout with runs of spaces, OCR-swapped labels, blank-field underscores, page footer): name, DOB, street, city/state, ZIP, phones, e-mail and SSN when filled labelled; form title, clinic, pharmacy, footer clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn(); const mid = V.memberId();
    const pairs = [[ocr('Patient Name'), P('NAME', V.lastFirst(p))], [ocr('Date of Birth'), P('DATE', V.fmtDate(d, pick([0, 8])))], [ocr('Medical Record #'), P('MRN', m)], [ocr('Insurance Member ID'), P('HEALTH_PLAN_ID', mid)], [ocr('Primary Language'), pick(['English', 'Spanish', 'Vietnamese'])], [ocr('Emergency Contact'), L`${P('NAME', V.fullName(per(), false))} (${pick(['spouse', 'son', 'daughter'])}) ${P('PHONE', V.phone(0))}`]];
    const sep = pick(['\n', '\n\n']);
    return T('text', cat(`${pick(['Patient Demographics', 'PATIENT INFORMATION', 'Registration Summary'])}\n\n`, join(pairs.map(([k, v]) => cat(k, sep, v)), '\n\n'), `\n\n${org()} · ${footer(1, 2)}`), 'PDF text with labels and values on separate lines (OCR-swapped labels): name, DOB, MRN, member id, emergency contact name and phone labelled; language, clinic, footer clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const vd = svcD(); const ttl = pick(['Ms.', 'Mr.', 'Mrs.']);
    const hy = pick([['hyper-', 'tension'], ['medi-', 'cation'], ['ortho-', 'pedic'], ['pulmo-', 'nary'], ['neph-', 'rology']]);
    const body = L`${org()}\n${orgStreet()}\n${V.cityState(V.city(), 0)}\n\n${V.fmtDate({ ...vd, d: Math.min(28, vd.d + ri(0, 3)) }, 4)}\n\nRe: ${P('NAME', V.fullName(p, false))}\n    DOB: ${P('DATE', mdy(d))}\n\nDear Colleague,\n\nThank you for seeing my patient, ${ttl} ${P('NAME', p.last)}, whom I evaluated by video on ${P('DATE', V.fmtDate(vd, 4))}. ${ttl.startsWith('Mr.') ? 'He' : 'She'} has a history of ${hy[0]}\n${hy[1]} and ${pick(['chronic kidney disease', 'type 2 diabetes', 'asthma', 'osteoarthritis'])}, and I would appreciate your assess-\nment regarding ${pick(['further work-up', 'management options', 'surgical candidacy'])}. ${ttl.startsWith('Mr.') ? 'He' : 'She'} can be reached at ${P('PHONE', V.phone(0))}.\n\nSincerely,\n\n______________________\nReferring provider (NPI ${V.npi()})\n\n${footer(1, 1)}`;
    return T('text', body, 'PDF text of a referral letter (letterhead, words hyphenated across line breaks, signature line): Re: name, DOB, surname after a title, visit date and phone labelled; letterhead address, letter date, NPI, footer clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn(); const cd = svcD(); const lab = pick(LABS);
    const tests = [['Glucose', `${ri(70, 240)}`, 'mg/dL', '70-99'], ['BUN', `${ri(6, 40)}`, 'mg/dL', '7-20'], ['Creatinine', `${ri(0, 2)}.${ri(1, 9)}`, 'mg/dL', '0.6-1.2'], ['Sodium', `${ri(130, 148)}`, 'mmol/L', '135-145'], ['Potassium', `${ri(3, 5)}.${ri(0, 9)}`, 'mmol/L', '3.5-5.1'], ['Hemoglobin A1c', `${ri(5, 11)}.${ri(0, 9)}`, '%', '<5.7']];
    const tbl = tests.slice(0, ri(3, 6)).map(([t, v, u, r]) => `${t.padEnd(22)}${v.padEnd(10)}${u.padEnd(10)}${r}`).join('\n');
    const rows = L`${lab}                    CLIA #${ri(10, 99)}D${V.digits(7)}\n\n${ocr('PATIENT')}: ${P('NAME', `${up(p.last)}, ${up(p.first)}`)}          ${ocr('DOB')}: ${P('DATE', mdy(d))}    ${ocr('SEX')}: ${pick(['F', 'M'])}\n${ocr('MRN')}: ${P('MRN', m)}                 ${ocr('ACCESSION')}: ${accession()}\n${ocr('COLLECTED')}: ${P('DATE', `${mdy(cd)} ${pad(ri(6, 11), 2)}:${pad(ri(0, 59), 2)}`)}   ${ocr('RECEIVED')}: ${mdy(cd)} ${pad(ri(12, 18), 2)}:${pad(ri(0, 59), 2)}   ${ocr('REPORTED')}: ${mdy({ ...cd, d: Math.min(28, cd.d + ri(1, 3)) })}\n\nTEST                  RESULT    UNITS     REFERENCE\n${tbl}\n\nOrdering: NPI ${V.npi()}\n${footer(1, pick([1, 2]))}`;
    return T('text', rows, 'PDF text of a lab report (column layout, OCR-swapped labels): patient LAST, FIRST, DOB, MRN and collection date labelled; CLIA number, accession, received and reported dates, results, reference ranges, NPI clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const pages = ri(2, 12);
    const rows = L`${pick(['FAX', 'F A X', 'Facsimile Transmittal'])}\n\n${ocr('Date')}: ${mdy(sysD())}          ${ocr('Pages')} (incl. cover): ${pages}\n${ocr('To')}: ${org()}        ${ocr('Fax')}: ${clinicFax()}\n${ocr('From')}: ${org()}      ${ocr('Phone')}: ${clinicTel()}\n\n${ocr('Re')}: ${pick(['Records request', 'Prior authorization', 'Referral', 'Lab results'])} - ${P('NAME', V.lastFirst(p))}  ${ocr('DOB')} ${P('DATE', mdy(d))}\n${chance(0.5) ? L`${ocr('Patient callback')}: ${P('PHONE', V.phone(0))}\n` : ''}\n[${pick(['X', ' '])}] Urgent  [${pick(['X', ' '])}] For Review  [ ] Please Reply\n\nCONFIDENTIALITY NOTICE: This facsimile contains protected health information that is privileged and confidential. If you have received this fax in error, please notify the sender at ${clinicTel()} and destroy the documents.`;
    return T('text', rows, 'PDF text of a fax cover sheet: the patient name, DOB and callback phone in Re: labelled; the clinics\' fax and phone numbers, fax date, page count and confidentiality notice clean');
  },
  () => {
    const p = per(); const mid = V.memberId(); const py = payer(); const deps = ri(0, 2); const dl = [];
    for (let i = 0; i < deps; i++) dl.push(L`${pad(i + 1, 2)} ${P('NAME', up(V.fullName({ ...per(), last: p.last }, false)))}`);
    const rows = L`${py[0].toUpperCase()}\n${pick(['PPO', 'HMO', 'Choice POS II', 'EPO'])}\n\n${ocr('Member')}: ${P('NAME', up(V.fullName(p)))}\n${ocr('Member ID')}: ${P('HEALTH_PLAN_ID', mid)}\n${ocr('Group No')}: ${groupNo()}\n${deps ? L`${ocr('Dependents')}: ${join(dl, '  ')}\n` : ''}RxBIN: ${rxBin()}   RxPCN: ${rxPcn()}   RxGrp: ${V.upalnum(6)}\nPCP Copay $${pick([20, 25, 30])}   Spec $${pick([40, 50, 60])}   ER $${pick([150, 250])}\n${ocr('Effective')}: 01/01/${ri(2024, 2025)}\n${ocr('Customer Service')}: 1-800-555-01${ri(10, 99)}`;
    return T('text', rows, 'insurance card OCR (front): member name, member id and dependent names labelled; payer, plan, group number, RxBIN/RxPCN/RxGrp, copays, effective date and payer customer-service number clean');
  },
  () => {
    const p = per(); const mid = V.memberId();
    const flds = [{ key: 'Subscriber', value: P('NAME', up(V.fullName(p, false))), confidence: ri(900, 999) / 10 }, { key: pick(['ID', 'Member ID', 'Identification Number']), value: P('HEALTH_PLAN_ID', mid), confidence: ri(900, 999) / 10 }, { key: 'Group', value: groupNo(), confidence: ri(800, 999) / 10 }, { key: 'RxBIN', value: rxBin(), confidence: ri(850, 999) / 10 }, { key: 'RxPCN', value: rxPcn(), confidence: ri(800, 999) / 10 }, { key: 'Payer ID', value: payer()[1], confidence: ri(700, 999) / 10 }];
    return T('json', J({ documentId: V.uuid(), side: 'front', ocrEngine: pick(['textract', 'azure-di', 'tesseract-5.3']), fields: flds, pageCount: 1 }), 'insurance card OCR as JSON key/value pairs with confidences: subscriber name and member id labelled; group, RxBIN, RxPCN, payer id, document id clean');
  },
  // PDF / OCR negatives
  () => T('text', cat(`${pick(['NEW PATIENT INTAKE FORM', 'Patient Registration', 'Health History Questionnaire'])}\n\n${ocr('Patient Name')}: ______________________________   ${ocr('Date of Birth')}: ____/____/________\n${ocr('Address')}: ___________________________________________________\n${ocr('City')}: __________________  ${ocr('State')}: ____  ${ocr('Zip')}: __________\n${ocr('Phone')}: (____) _____-________   ${ocr('Email')}: _______________________\n${ocr('SSN')}: ___-__-____   ${ocr('Insurance ID')}: ____________________\n\n${ocr('Signature')}: ______________________   ${ocr('Date')}: __________\n\nForm ${pick(['REG', 'INT', 'HHQ'])}-${ri(100, 999)} rev. ${pad(ri(1, 12), 2)}/${ri(2019, 2024)}     ${footer(1, pick([1, 2, 4]))}`), 'PDF text of a blank intake form (labels, underscores, form revision date, footer): no PHI'),
  () => T('text', cat(`${LABS[ri(0, 3)]}\nCLIA #${ri(10, 99)}D${V.digits(7)}    CAP #${V.digits(7)}\nLaboratory Director: see lab website\n${orgStreet()}, ${V.cityState(V.city(), 0)}\n\nTEST                  UNITS     REFERENCE RANGE     METHOD\nGlucose               mg/dL     70-99               Hexokinase\nCreatinine            mg/dL     0.6-1.2             Enzymatic\nHemoglobin A1c        %         <5.7                HPLC\nTSH                   mIU/L     0.45-4.50           ECLIA\n\nLOINC: 2345-7, 2160-0, 4548-4, 3016-3     Effective ${pad(ri(1, 12), 2)}/${ri(2022, 2025)}\n${footer(ri(2, 3), 3)}`), 'PDF text of a lab reference-range page (CLIA/CAP numbers, lab address, LOINC codes, effective date): no PHI'),
  () => { const py = payer(); return T('text', cat(`${ocr('Members')}: visit ${py[0].replace(/ /g, '').toLowerCase()}.example or call ${pick(['1-800-555-0131', '1-866-555-0102', '1-888-555-0150'])}\n${ocr('Providers')}: submit claims to PO Box ${ri(1000, 99999)}, ${V.cityState(V.city(), 0)} ${ri(10000, 99999)}\n${ocr('Pharmacists')}: RxBIN ${rxBin()} RxPCN ${rxPcn()} Help desk 1-800-555-01${ri(10, 99)}\n${ocr('Payer ID')}: ${py[1]}   EDI: ${pick(['Availity', 'Change Healthcare', 'Waystar'])}\nPrecertification required for inpatient admissions. Behavioral health: 1-877-555-01${ri(10, 99)}\nThis card does not guarantee coverage.`), 'insurance card OCR (back): payer phone lines, claims PO box, BIN/PCN, payer id: no PHI'); },
  () => T('text', cat(`FACSIMILE COVER SHEET\n\n${ocr('Date')}: ______________   ${ocr('Pages')}: ____\n${ocr('To')}: ______________________   ${ocr('Fax')}: ______________\n${ocr('From')}: ${org()}   ${ocr('Fax')}: ${clinicFax()}   ${ocr('Phone')}: ${clinicTel()}\n${ocr('Re')}: __________________________\n\nCONFIDENTIALITY NOTICE: The documents accompanying this transmission contain confidential health information that is legally privileged. If you are not the intended recipient, call ${clinicTel()}.`), 'PDF text of a blank fax cover template with the clinic\'s own fax and phone: no PHI'),

  // ======== AcroForm / DocuSign ========
  () => {
    const p = per(); const d = V.dobD(); const c = V.city();
    const fields = { pt_name: P('NAME', V.fullName(p)), pt_dob: P('DATE', V.fmtDate(d, pick([0, 7, 2]))), pt_phone: P('PHONE', V.phone(pick([0, 1]))), pt_addr1: P('ADDRESS', V.street()), pt_city: P('ADDRESS', c[0]), pt_state: c[1], pt_zip: P('ZIP_CODE', V.zip(c)), ins_member_id: P('HEALTH_PLAN_ID', V.memberId()), ins_group: groupNo(), consent_tele: pick(['/Yes', '/Off']), sig_date: mdy(sysD()), 'Check Box 12': '/Off' };
    return T('json', J({ form: pick(['intake_v7.pdf', 'telehealth-consent-2024.pdf', 'new-patient-packet.pdf']), pages: ri(2, 6), fields }), 'AcroForm field dump (pdf-lib style JSON): pt_name, pt_dob, pt_phone, address, city, ZIP and member id labelled; state, group, checkbox states, signature date and form name clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn();
    const f = (name, val, type = 'Text') => cat(`---\nFieldType: ${type}\nFieldName: ${name}\nFieldFlags: 0\n`, val === null ? '' : cat('FieldValue: ', val, '\n'), 'FieldJustification: Left');
    return T('text', cat(join([f('PatientName', P('NAME', V.lastFirst(p))), f('DOB', P('DATE', mdy(d))), f('MRN', P('MRN', m)), f('ReleaseTo', org()), f('Purpose', pick(['Continuity of care', 'Personal use', 'Insurance'])), f('AuthExpires', pick(['One year from signing', `12/31/${ri(2025, 2026)}`])), f('Signature1', null, 'Signature'), f('Consent', pick(['Yes', 'Off']), 'Button')], '\n'), '\n'), 'AcroForm pdftk dump_data_fields of a records release: PatientName, DOB and MRN values labelled; release-to organisation, purpose, expiry, empty signature field clean');
  },
  () => {
    const p = per(); const em = V.email(p); const d = V.dobD(); const ph = V.phone(pick([1, 6]));
    return T('json', J({ envelopeId: V.uuid(), status: 'completed', emailSubject: pick(['Please sign: Telehealth consent', 'New patient paperwork', 'Financial responsibility form']), sentDateTime: ts(), completedDateTime: ts(), sender: { userName: 'Example Health Intake', email: clinicMail() }, recipients: { signers: [{ recipientId: '1', routingOrder: '1', name: P('NAME', V.fullName(p, false)), email: P('EMAIL', em), status: 'completed', signedDateTime: ts(), tabs: { textTabs: [{ tabLabel: 'PatientName', value: P('NAME', V.fullName(p, false)) }, { tabLabel: 'pt_dob', value: P('DATE', mdy(d)) }, { tabLabel: 'MobilePhone', value: P('PHONE', ph) }, { tabLabel: 'PharmacyName', value: pick(PHARM) }], dateSignedTabs: [{ tabLabel: 'DateSigned', value: mdy(sysD()) }], checkboxTabs: [{ tabLabel: 'ConsentTelehealth', selected: 'true' }] } }] } }), 'DocuSign envelope with signer and tab values (textTabs, dateSignedTabs): signer name and e-mail, PatientName, pt_dob and phone tab values labelled; envelope id, sender mailbox, sent/completed/signed times, date-signed tab, pharmacy clean');
  },
  () => {
    const p = per(); const ssn = V.ssn(pick([0, 2])); const mid = V.memberId();
    return T('error', L`FormValidationError: field "${pick(['ssn', 'pt_ssn', 'SSN_1'])}" failed pattern /^\\d{3}-\\d{2}-\\d{4}$/ (value "${P('SSN', ssn)}") on page ${ri(1, 4)} of ${pick(['intake_v7.pdf', 'new-patient-packet.pdf'])}\n    at validateAcroFields (/app/lib/forms/acro.ts:${ri(20, 200)}:${ri(5, 30)})\n    at async POST (/app/app/api/forms/submit/route.ts:${ri(10, 80)}:${ri(5, 30)})\n  fields: { pt_name: '${P('NAME', V.fullName(p, false))}', member_id: '${P('HEALTH_PLAN_ID', mid)}', tab: '${pick(['Insurance', 'Demographics'])}' }`, 'AcroForm validation error: the failing SSN value, patient name and member id in the logged field map labelled; pattern, file, page, tab name clean');
  },
  // AcroForm / DocuSign negatives
  () => T('json', J({ form: pick(['intake_v7.pdf', 'telehealth-consent-2024.pdf', 'hipaa-notice-ack.pdf']), fields: [{ name: 'pt_name', type: 'PDFTextField', page: 1, rect: [ri(40, 90), ri(600, 700), ri(300, 400), ri(620, 720)], maxLength: 60, required: true }, { name: 'pt_dob', type: 'PDFTextField', page: 1, format: 'mm/dd/yyyy', required: true }, { name: 'pt_ssn', type: 'PDFTextField', page: 1, format: '999-99-9999', required: false }, { name: 'consent_tele', type: 'PDFCheckBox', page: ri(1, 3), exportValue: 'Yes' }, { name: 'sig_patient', type: 'PDFSignature', page: ri(2, 4) }], producer: `pdf-lib ${ri(1, 1)}.${ri(15, 17)}.${ri(0, 2)}` }), 'AcroForm field definitions (names, types, rectangles, formats, no values): no PHI'),
  () => T('json', J({ event: pick(['envelope-sent', 'envelope-delivered', 'envelope-completed', 'envelope-voided']), apiVersion: 'v2.1', uri: `/restapi/v2.1/accounts/${V.uuid()}/envelopes/${V.uuid()}`, retryCount: ri(0, 3), configurationId: ri(10000000, 99999999), generatedDateTime: ts(), data: { accountId: V.uuid(), userId: V.uuid(), envelopeId: V.uuid(), envelopeSummary: { status: pick(['sent', 'delivered', 'completed']), emailSubject: 'Please sign: Telehealth consent', templateId: V.uuid(), sender: { userName: 'Example Health Intake', email: clinicMail() } } } }), 'DocuSign Connect webhook with envelope, account and template ids, the clinic sender and timestamps: no PHI'),

  // ======== DICOM ========
  () => {
    const p = per(); const d = V.dobD(); const sd = svcD(); const mo = pick(MODALITY); const eq = pick(EQUIP); const m = V.mrn(); const old = chance(0.25);
    const bd = old ? V.oldDobD() : { ...d, y: ri(1935, sd.y - 1) }; const age = sd.y - bd.y;
    const rows = [
      '# Dicom-File-Format', '', '# Dicom-Meta-Information-Header', '# Used TransferSyntax: Little Endian Explicit',
      dcm('0002,0002', 'UI', `=${mo[3]}`, 'MediaStorageSOPClassUID'), dcm('0002,0003', 'UI', dUid(), 'MediaStorageSOPInstanceUID'), dcm('0002,0010', 'UI', '=LittleEndianExplicit', 'TransferSyntaxUID'),
      '', '# Dicom-Data-Set', '# Used TransferSyntax: Little Endian Explicit',
      dcm('0008,0020', 'DA', P('DATE', d8(sd)), 'StudyDate'), dcm('0008,0030', 'TM', hms(), 'StudyTime'), dcm('0008,0050', 'SH', accession(), 'AccessionNumber'), dcm('0008,0060', 'CS', mo[0], 'Modality'),
      dcm('0008,0070', 'LO', eq[0], 'Manufacturer'), dcm('0008,0080', 'LO', up(org()), 'InstitutionName'), dcm('0008,0090', 'PN', null, 'ReferringPhysicianName'), dcm('0008,1030', 'LO', pick(STUDY), 'StudyDescription'),
      dcm('0010,0010', 'PN', pnF(p), 'PatientName'), dcm('0010,0020', 'LO', P('MRN', m), 'PatientID'), dcm('0010,0030', 'DA', P('DATE', d8(bd)), 'PatientBirthDate'), dcm('0010,0040', 'CS', pick(['F', 'M']), 'PatientSex'),
      dcm('0010,1010', 'AS', age > 89 ? cat(P('AGE', pad(age, 3)), 'Y') : ageStr(Math.max(1, age)), 'PatientAge'),
      dcm('0020,000d', 'UI', dUid(), 'StudyInstanceUID'), dcm('0020,000e', 'UI', dUid(), 'SeriesInstanceUID'),
    ];
    return T('text', join(rows, '\n'), 'DICOM dcmdump header: StudyDate, PatientName family^given (two spans), PatientID (MRN), PatientBirthDate and an age over 89 labelled; study time, accession number, UIDs, modality, manufacturer, institution, empty referring physician clean');
  },
  () => {
    const p = per(); const sd = svcD(); const c = V.city(); const mo = pick(MODALITY);
    const rows = [
      'Dataset.file_meta -------------------------------', pyd('0002,0002', 'Media Storage SOP Class UID', 'UI', mo[1]), pyd('0002,0003', 'Media Storage SOP Inst UID', 'UI', dUid()), pyd('0002,0010', 'Transfer Syntax UID', 'UI', 'Explicit VR Little Endian'), '-------------------------------------------------',
      pyd('0008,0020', 'Study Date', 'DA', P('DATE', d8(sd))), pyd('0008,0021', 'Series Date', 'DA', P('DATE', d8(sd))), pyd('0008,0050', 'Accession Number', 'SH', accession()), pyd('0008,0080', 'Institution Name', 'LO', org()), pyd('0008,0090', "Referring Physician's Name", 'PN', null),
      pyd('0010,0010', "Patient's Name", 'PN', pnF(p)), pyd('0010,0020', 'Patient ID', 'LO', P('MRN', V.mrn())), pyd('0010,0030', "Patient's Birth Date", 'DA', P('DATE', d8(V.dobD()))), pyd('0010,0040', "Patient's Sex", 'CS', pick(['F', 'M', 'O'])),
      chance(0.5) ? pyd('0010,1040', "Patient's Address", 'LO', L`${P('ADDRESS', up(V.street(true)))}, ${P('ADDRESS', `${up(c[0])} ${c[1]}`)} ${P('ZIP_CODE', V.zip(c).slice(0, 5))}`) : pyd('0010,2154', "Patient's Telephone Numbers", 'SH', P('PHONE', digits10())),
      pyd('0018,0015', 'Body Part Examined', 'CS', pick(['CHEST', 'LSPINE', 'HEAD', 'ABDOMEN'])), pyd('0020,000d', 'Study Instance UID', 'UI', dUid()), pyd('0020,0011', 'Series Number', 'IS', String(ri(1, 12))),
    ];
    return T('text', join(rows, '\n'), 'DICOM pydicom dataset print: StudyDate, SeriesDate, Patient\'s Name family^given, Patient ID, birth date and the patient address or telephone labelled; UIDs, accession number, institution, body part, series number clean');
  },
  () => {
    const p = per(); const sd = svcD(); const mo = pick(MODALITY);
    const o = { '00080020': { vr: 'DA', Value: [P('DATE', d8(sd))] }, '00080050': { vr: 'SH', Value: [accession()] }, '00080061': { vr: 'CS', Value: [mo[0]] }, '00080090': { vr: 'PN' }, '00100010': { vr: 'PN', Value: [{ Alphabetic: pnF(p) }] }, '00100020': { vr: 'LO', Value: [P('MRN', V.mrn())] }, '00100030': { vr: 'DA', Value: [P('DATE', d8(V.dobD()))] }, '0020000D': { vr: 'UI', Value: [dUid()] }, '00201208': { vr: 'IS', Value: [ri(1, 900)] } };
    return T('json', J([o]), 'DICOM JSON (DICOMweb QIDO-RS study result): StudyDate, PatientName Alphabetic family^given, PatientID and birth date labelled; accession, modality, StudyInstanceUID, instance count, empty referring physician clean');
  },
  () => {
    const p = per(); const ex = chance(0.5) ? `${up(p.last)}^${up(p.first)}` : null; const m = V.mrn();
    return T('log', L`${ts()} ERROR orthanc: C-STORE from AE ${pick(['CT_SCANNER_1', 'MODALITY01', 'US-ROOM2'])} rejected: PatientID ${P('MRN', m)} already linked to PatientName "${P('NAME', up(p.last))}^${P('NAME', up(p.first))}"${ex ? '' : L`, incoming "${P('NAME', up(per().last))}^${P('NAME', up(p.first))}"`} (StudyInstanceUID ${dUid()})`, 'DICOM store error log: PatientID (MRN) and PatientName components labelled; AE title and StudyInstanceUID clean');
  },
  // DICOM negatives
  () => {
    const eq = pick(EQUIP); const mo = pick(MODALITY);
    const rows = [
      dcm('0008,0016', 'UI', `=${mo[3]}`, 'SOPClassUID'), dcm('0008,0018', 'UI', dUid(), 'SOPInstanceUID'), dcm('0008,0060', 'CS', mo[0], 'Modality'), dcm('0008,0070', 'LO', eq[0], 'Manufacturer'), dcm('0008,0080', 'LO', up(org()), 'InstitutionName'),
      dcm('0008,0081', 'ST', `${up(orgStreet())}, ${up(V.city()[0])}`, 'InstitutionAddress'), dcm('0008,1010', 'SH', `${mo[0]}${pick(['-1', 'ROOM2', 'STN03', 'OC0'])}`, 'StationName'), dcm('0008,1040', 'LO', pick(['RADIOLOGY', 'IMAGING', 'CT']), 'InstitutionalDepartmentName'),
      dcm('0008,1090', 'LO', eq[1], 'ManufacturerModelName'), dcm('0018,1000', 'LO', V.digits(ri(5, 8)), 'DeviceSerialNumber'), dcm('0018,1020', 'LO', eq[2], 'SoftwareVersions'), dcm('0018,1200', 'DA', d8(sysD()), 'DateOfLastCalibration'), dcm('0018,1201', 'TM', hms(), 'TimeOfLastCalibration'),
      dcm('0018,0050', 'DS', `${pick(['0.625', '1.25', '2.5', '5'])}`, 'SliceThickness'), dcm('0018,0060', 'DS', String(pick([80, 100, 120, 140])), 'KVP'), dcm('0028,0010', 'US', '512', 'Rows'),
    ];
    return T('text', join(rows, '\n'), 'DICOM equipment and acquisition tags (manufacturer, model, station, institution and its address, scanner serial, software versions, calibration date, UIDs, technique): no PHI');
  },
  () => T('text', cat(`# Dicom-Meta-Information-Header\n`, join([dcm('0002,0001', 'OB', '00\\01', 'FileMetaInformationVersion'), dcm('0002,0002', 'UI', '=SecondaryCaptureImageStorage', 'MediaStorageSOPClassUID'), dcm('0002,0003', 'UI', dUid(), 'MediaStorageSOPInstanceUID'), dcm('0002,0010', 'UI', pick(['=JPEG2000LosslessOnly', '=LittleEndianExplicit', '=JPEGLossless:Non-hierarchical-1stOrderPrediction']), 'TransferSyntaxUID'), dcm('0002,0012', 'UI', `1.2.276.0.7230010.3.0.3.6.${ri(1, 8)}`, 'ImplementationClassUID'), dcm('0002,0013', 'SH', `OFFIS_DCMTK_36${ri(0, 8)}`, 'ImplementationVersionName'), dcm('0002,0016', 'AE', pick(['STORESCU', 'ORTHANC', 'PACS01']), 'SourceApplicationEntityTitle')], '\n')), 'DICOM file meta header (transfer syntax, implementation class UID 1.2.276…, version name, AE title): no PHI'),
  () => T('log', cat(`${ts()} INFO dicom-anon: study ${dUid()} de-identified with profile ${pick(['BasicProfile', 'RetainLongModifDatesOption', 'CleanDescOption'])} (PS3.15 E.1); removed ${ri(12, 40)} tags (0010,0010) (0010,0020) (0010,0030) (0008,0090), replaced UIDs under root ${uidRoot()}, PatientIdentityRemoved=YES, DeidentificationMethod="${pick(['Basic Application Confidentiality Profile', 'DCM:113100'])}"`), 'DICOM de-identification log listing tag numbers it removed, UID root and method: no PHI'),

  // ======== markdown visit summaries / AI scribe ========
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn(); const vd = svcD(); const age = vd.y - d.y;
    const cc = pick(CC);
    const md = L`# ${pick(['Visit summary', 'Telehealth visit note (AI draft)', 'Encounter summary'])}\n\n## Patient\n- **Name:** ${P('NAME', V.fullName(p))}\n- **DOB:** ${P('DATE', V.fmtDate(d, pick([0, 2, 4])))} (${age > 89 ? P('AGE', age) : age} y)\n- **MRN:** ${P('MRN', m)}\n- **Visit date:** ${P('DATE', V.fmtDate(vd, pick([0, 2, 4])))}\n- **Visit type:** ${pick(['Video', 'Phone', 'Async message'])}\n\n## Subjective\n${cc[0].toUpperCase()}${cc.slice(1)}. ${pick(['No fever.', 'Sleeping poorly.', 'Taking meds as prescribed.'])}\n\n## Plan\n${PLAN[ri(0, PLAN.length - 1)]}\n\n> _Draft generated by ${pick(['the AI scribe', 'Ambient Notes v2', 'ScribeBot'])}; review before signing._`;
    return T('text', md, 'markdown AI-scribe draft with a ## Patient list (- **Name:**, **DOB:**, **MRN:**, **Visit date:**): name, DOB, MRN and visit date labelled; age under 90, plan text and scribe name clean');
  },
  () => {
    const rows = []; const n = ri(2, 4);
    for (let i = 0; i < n; i++) { const p = per(); const old = chance(0.3); const d = old ? V.oldDobD() : V.dobD(); const a = 2025 - d.y; rows.push(L`| ${P('NAME', V.lastFirst(p))} | ${P('DATE', V.fmtDate(d, 0))} | ${a > 89 ? P('AGE', a) : String(a)} | ${P('PHONE', V.phone(1))} | ${pick(['video', 'phone'])} | ${pick(['F/U HTN', 'refill', 'new pt', 'labs review'])} |`); }
    return T('text', cat(L`### Today's telehealth list (${P('DATE', V.fmtDate(svcD(), 4))})\n\n| Patient | DOB | Age | Phone | Mode | Reason |\n|---|---|---:|---|---|---|\n`, join(rows, '\n')), 'markdown table of a day\'s visit list: the list date (every listed patient\'s visit date), names, DOBs, ages over 89 and phones in cells labelled; header row, mode and reasons clean');
  },
  () => {
    const p = per(); const m = V.mrn(); const d = V.dobD(); const c = V.city();
    const md = L`**Patient:** ${P('NAME', V.fullName(p, false))} · **MRN** ${P('MRN', m)} · **DOB** ${P('DATE', mdy(d))}\n\n| Field | Value |\n|---|---|\n| Address | ${P('ADDRESS', V.street())}, ${P('ADDRESS', V.cityState(c, 0))} ${P('ZIP_CODE', V.zip(c))} |\n| Preferred phone | ${P('PHONE', V.phone(0))} |\n| Email | ${P('EMAIL', V.email(p))} |\n| Insurance | ${payer()[0]} (${P('HEALTH_PLAN_ID', V.memberId())}) |\n| PCP | NPI ${V.npi()} |`;
    return T('json', J({ ticketId: `TH-${ri(1000, 9999)}`, body_markdown: md, labels: ['demographics', pick(['address-change', 'insurance-update'])] }), 'markdown demographics table inside a JSON ticket body: name, MRN, DOB, street, city/state, ZIP, phone, e-mail and member id labelled; payer, PCP NPI, ticket id clean');
  },
  // markdown negatives
  () => T('text', cat(pick([
    `# Visit summary\n\n## Patient\n- **Name:** {{patient.fullName}}\n- **DOB:** {{patient.dob | date: "MM/dd/yyyy"}}\n- **MRN:** {{patient.mrn}}\n- **Visit date:** {{visit.date}}\n\n## Plan\n{{#each plan}}- {{this}}\n{{/each}}`,
    `## Patient\n| Field | Value |\n|---|---|\n| Name | \${patient.name} |\n| DOB | \${patient.birthDate} |\n| Phone | \${patient.phone} |\n\n_Template v${ri(2, 9)} — do not edit in production._`,
    `---\ntemplate: soap-note\nversion: ${ri(1, 5)}.${ri(0, 9)}\nfields: [patient_name, dob, mrn, visit_date]\n---\n# SOAP note for <%= patient_name %>\n**DOB:** <%= dob %>  **MRN:** <%= mrn %>`,
  ])), 'markdown note template with placeholders (Handlebars, template literals, ERB): no PHI'),
  () => T('text', cat(`## ${org()} — telehealth hours\n\n| Day | Hours (CT) | Line |\n|---|---|---|\n| Mon–Fri | 8:00–18:00 | ${clinicTel()} |\n| Sat | 9:00–13:00 | ${clinicTel()} |\n| Holidays | closed on ${pick(['Jan 1', 'Jul 4', 'Dec 25'])} | — |\n\nAfter hours: nurse line ${clinicTel()}. Updated ${V.fmtDate(sysD(), 4)}.`), 'markdown table of clinic hours, nurse line, holiday and update date: no PHI'),

  // ======== LLM prompt / response logs ========
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn(); const rel = per();
    const transcript = L`Transcript:\nClinician: How have you been since the last visit?\nPatient: Not great, the cough is back. My ${pick(['daughter', 'son', 'husband', 'wife'])} ${P('NAME', rel.first)} had to drive me to urgent care on ${P('DATE', V.fmtDate(svcD(), pick([4, 7])))}.\nClinician: Any fever?\nPatient: ${pick(['No.', 'A little, 100.2 last night.', 'Not that I noticed.'])}\n\nPatient: ${P('NAME', V.fullName(p, false))}, DOB ${P('DATE', mdy(d))}, MRN ${P('MRN', m)}.`;
    return T('json', J({ ts: ts(), level: 'info', msg: 'llm.request', provider: pick(['openai', 'azure-openai']), model: model(), request: { messages: [{ role: 'system', content: pick(SYSPROMPT) }, { role: 'user', content: transcript }], temperature: pick([0, 0.2, 0.3]), max_tokens: pick([800, 1200]) }, usage: { prompt_tokens: ri(400, 4000), completion_tokens: ri(100, 900), total_tokens: ri(600, 5000) }, latency_ms: ri(800, 9000) }), 'LLM prompt log (OpenAI-style messages[].content): relative\'s first name, urgent-care date, patient name, DOB and MRN inside the user message labelled; model, system prompt, token counts, latency clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const vd = svcD(); const m = V.mrn();
    const txt = L`## Patient\n- **Name:** ${P('NAME', V.fullName(p, false))}\n- **DOB:** ${P('DATE', V.fmtDate(d, 2))}\n- **MRN:** ${P('MRN', m)}\n\n## Assessment\n${pick(PROBLEMS)[1]}, ${pick(['stable', 'worsening', 'improving'])}.\n\n## Plan\n${pick(PLAN)} Follow up ${P('DATE', V.fmtDate(vd, 4))}.`;
    return T('json', J({ id: `msg_${V.alnum(24)}`, type: 'message', role: 'assistant', model: pick(['claude-3-5-sonnet-20241022', 'claude-3-haiku-20240307']), content: [{ type: 'text', text: txt }], stop_reason: 'end_turn', usage: { input_tokens: ri(500, 6000), output_tokens: ri(100, 900) } }), 'LLM response body (Anthropic-style content[].text) holding a markdown note: name, DOB, MRN and follow-up date labelled; message id, model, stop reason, token usage clean');
  },
  () => {
    const p = per(); const c = V.city(); const d = V.dobD(); const ph = V.phone(0);
    const refTxt = L`REFERRAL\\nPatient: ${P('NAME', `${up(p.last)}, ${up(p.first)}`)}  DOB: ${P('DATE', mdy(d))}\\nAddress: ${P('ADDRESS', V.street())}, ${P('ADDRESS', V.cityState(c, 0))} ${P('ZIP_CODE', V.zip(c))}\\nPhone: ${P('PHONE', ph)}\\nReason: ${pick(CC)}`;
    const out = J({ name: P('NAME', V.fullName(p, false)), dob: P('DATE', V.isoDate(d)), phone: P('PHONE', ph), reason: pick(CC) });
    return T('log', L`${ts()} DEBUG [extract] model=${model()} prompt_tokens=${ri(300, 2000)} input="${refTxt}" output=${out} ms=${ri(400, 6000)}`, 'LLM extraction log with the escaped input text and the JSON output: names, DOB, street, city/state, ZIP and phone in both labelled; model, token count, duration clean');
  },
  () => {
    const p = per(); const em = V.email(p);
    return T('error', L`BadRequestError: 400 ${pick(["This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.", 'Invalid content: messages[3].content must be a string'])}\n    at APIError.generate (/app/node_modules/openai/error.js:${ri(40, 90)}:${ri(5, 30)})\n  request: { model: '${model()}', messages: [ { role: 'user', content: 'Summarise the chart of ${P('NAME', V.fullName(p, false))} (${P('EMAIL', em)}) …' } ] }`, 'LLM client error that echoes the request: the name and e-mail in the message content labelled; error text, model, stack clean');
  },
  // LLM negatives
  () => T('json', J({ ts: ts(), level: 'info', msg: 'llm.usage', model: model(), requestId: reqId(), feature: pick(['scribe', 'inbox-triage', 'referral-extract']), usage: { prompt_tokens: ri(100, 9000), completion_tokens: ri(10, 2000), total_tokens: ri(200, 11000), cached_tokens: ri(0, 4000) }, cost_usd: Number(`0.0${ri(10, 999)}`), latency_ms: ri(200, 15000), finish_reason: pick(['stop', 'length', 'tool_calls']) }), 'LLM usage log (model, request id, token counts, cost, latency, finish reason): no PHI'),
  () => T('json', J({ model: model(), messages: [{ role: 'system', content: pick(SYSPROMPT) }, { role: 'user', content: pick(['Summarise the key points of the 2024 ADA standards of care for type 2 diabetes.', 'Rewrite this reminder to be friendlier: "Your visit is tomorrow. Bring your insurance card."', 'List ICD-10 codes for essential hypertension and hyperlipidemia.', 'Translate to Spanish: "Please arrive 10 minutes early for your video visit."']) }], temperature: 0.2 }), 'LLM prompt with a system prompt and a generic question (no patient context): no PHI'),
  () => T('log', cat(`${ts()} WARN llm: ${pick(['rate limited (429), retry in', 'timeout after', 'fallback to secondary model after'])} ${ri(1, 30)}s; model=${model()} region=${pick(['eastus2', 'us-west-2', 'us-central1'])} deployment=${pick(['scribe-prod', 'triage-v3'])} tokens_in=${ri(100, 9000)} prompt_hash=${V.hex(16)}`), 'LLM retry log with model, region, deployment, tokens and a prompt hash: no PHI'),

  // ======== YAML ========
  () => {
    const p = per(); const d = V.dobD(); const m = V.mrn(); const vd = svcD();
    const y = L`---\npatient: ${P('NAME', V.fullName(p, false))}\ndob: ${P('DATE', V.isoDate(d))}\nmrn: "${P('MRN', m)}"\nvisit: ${P('DATE', V.isoDate(vd))}\nprovider_npi: ${V.npi()}\ntemplate: ${pick(['soap-v3', 'follow-up', 'intake'])}\ntags: [${pick(['telehealth', 'video', 'phone'])}, ${pick(['htn', 'dm2', 'asthma'])}]\ncreated: ${ts()}\n---\n\n## Subjective\n${pick(CC)}.`;
    return T('text', y, 'YAML front matter of a markdown note: patient, dob, quoted mrn and visit date labelled; provider NPI, template, tags and created timestamp clean');
  },
  () => {
    const items = []; const n = ri(1, 2);
    for (let i = 0; i < n; i++) {
      const p = per(); const c = V.city(); const d = V.dobD();
      items.push(L`  - id: ${P('OTHER_ID', V.patientId())}\n    name:\n      given: ${yq(P('NAME', p.first))}\n      family: ${yq(P('NAME', p.last))}\n    birthDate: ${P('DATE', V.isoDate(d))}\n    phone: "${P('PHONE', V.phone(pick([1, 4])))}"\n    address:\n      line: ${yq(P('ADDRESS', V.street()))}\n      city: ${yq(P('ADDRESS', c[0]))}\n      state: ${c[1]}\n      zip: "${P('ZIP_CODE', V.zip(c))}"`);
    }
    return T('text', cat(`# ${pick(['seed/patients.yaml', 'fixtures/demo-patients.yml', 'e2e/fixtures/patients.yaml'])} (synthetic demo data)\npatients:\n`, join(items, '\n')), 'YAML fixture with patient records: id, given, family, birthDate, phone, address line, city and zip labelled; state and file comment clean');
  },
  () => {
    const p = per(); const ssn = V.ssn(0);
    return T('error', L`YAMLException: bad indentation of a mapping entry (${ri(3, 30)}:${ri(3, 12)})\n\n  ${ri(2, 29)} | subscriber:\n  ${ri(30, 40)} |   name: ${P('NAME', V.fullName(p, false))}\n  ${ri(41, 50)} |  ssn: ${P('SSN', ssn)}\n-------------^\n    at generateError (/app/node_modules/js-yaml/lib/loader.js:${ri(180, 190)}:${ri(5, 15)})`, 'YAML parse error with the source excerpt: name and SSN in the quoted lines labelled; line numbers and stack clean');
  },
  // YAML negatives
  () => T('text', cat(`# config/coding.yaml\ncode_systems:\n  loinc: http://loinc.org\n  snomed: http://snomed.info/sct\n  rxnorm: http://www.nlm.nih.gov/research/umls/rxnorm\n  cda_doc_root: 2.16.840.1.113883.10.20.22.1.1\nvisit_types:\n  - code: ${pick(['99213', '99214'])}\n    label: Established, ${pick([20, 30])} min\n  - code: ${pick(['99203', '99204'])}\n    label: New patient\nretention_days: ${pick([365, 2555])}\nphi_fields: [name, dob, mrn, ssn, phone, email, address]\nreleased: ${ri(2023, 2025)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}`), 'YAML config with code-system URIs, a template OID, CPT codes, retention and PHI field names: no PHI'),

  // ======== spreadsheet rows as JSON ========
  () => {
    const rows = [{ A: 'MRN', B: 'Patient', C: 'DOB', D: 'Phone', E: 'Last visit' }]; const n = ri(1, 3);
    for (let i = 0; i < n; i++) { const p = per(); rows.push({ A: P('MRN', V.mrn()), B: P('NAME', V.lastFirst(p)), C: P('DATE', V.fmtDate(V.dobD(), pick([0, 7]))), D: P('PHONE', V.phone(pick([1, 0]))), E: P('DATE', V.fmtDate(svcD(), 0)) }); }
    return T('json', J(rows), 'spreadsheet rows as JSON (SheetJS header:"A" cell maps): MRN, name, DOB, phone and last-visit cells labelled; the header row clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const serial = Math.round((Date.UTC(d.y, d.m - 1, d.d) - Date.UTC(1899, 11, 30)) / 86400000);
    const cells = { '!ref': 'A1:D2', A1: { t: 's', v: 'Name' }, B1: { t: 's', v: 'DOB' }, C1: { t: 's', v: 'Member ID' }, D1: { t: 's', v: 'Copay' }, A2: { t: 's', v: P('NAME', V.fullName(p, false)) }, B2: { t: 'n', v: P('DATE', serial), z: 'm/d/yy', w: P('DATE', `${d.m}/${d.d}/${String(d.y).slice(2)}`) }, C2: { t: 's', v: P('HEALTH_PLAN_ID', V.memberId()) }, D2: { t: 'n', v: pick([20, 25, 40]), w: '$' + pick([20, 25, 40]) + '.00' } };
    return T('json', J({ SheetNames: ['Sheet1'], Sheets: { Sheet1: cells } }), 'spreadsheet worksheet as a SheetJS cell object: the name, the DOB as an Excel serial number and as formatted text (both DATE), and the member id labelled; header cells, range, copay clean');
  },
  () => {
    const p = per(); const d = V.dobD(); const r = ri(2, 400);
    return T('error', L`ImportError: ${pick(['Sheet1', 'Patients', 'Export'])}!C${r}: expected a date in MM/DD/YYYY, got "${P('DATE', V.fmtDate(d, pick([3, 5, 10])))}" (row ${r}: ${P('NAME', V.lastFirst(p))}, MRN ${P('MRN', V.mrn())})\n    at parseRow (/app/lib/import/xlsx.ts:${ri(20, 200)}:${ri(5, 30)})`, 'spreadsheet import error with a Sheet1!C4 reference: the DOB value, name and MRN labelled; cell reference and row number clean');
  },
  // spreadsheet negatives
  () => { const rows = [{ A: 'NDC', B: 'Drug', C: 'Tier', D: 'Copay' }]; for (let i = 0; i < ri(2, 4); i++) { const md = pick(MEDS); rows.push({ A: V.digits(11), B: md[1], C: ri(1, 4), D: pick([0, 10, 35, 70]) }); } return T('json', J(rows), 'spreadsheet rows as JSON of a formulary (NDC, drug names, tiers, copays): no PHI'); },
  () => T('json', J({ '!ref': `A1:C${ri(3, 40)}`, A1: { t: 's', v: 'CPT' }, B1: { t: 's', v: 'Description' }, C1: { t: 's', v: 'Fee' }, A2: { t: 's', v: pick(['99213', '99214', '99203']) }, B2: { t: 's', v: 'Office/outpatient visit est' }, C2: { t: 'n', v: ri(80, 250), w: `$${ri(80, 250)}.00` }, A3: { t: 's', v: '36415' }, B3: { t: 's', v: 'Routine venipuncture' }, C3: { t: 'n', v: ri(10, 30) }, '!merges': [], '!margins': { left: 0.7, right: 0.7 }, updated: `Sheet1!A1 (${ts()})` }), 'spreadsheet cell map of a fee schedule (CPT codes, fees, range, margins, Sheet1!A1 reference): no PHI'),
];
