// Family: claims-and-feeds. Healthcare integration traffic: ASC X12 EDI
// (270/271, 276/277, 837P/837I, 835, 834, acknowledgements) as full
// interchanges and as header-less fragments, HL7 v2 beyond a plain PID (NK1,
// GT1, IN1, PV1, ORU free text, SIU, MLLP framing, other separators), CSV/TSV
// and pipe-delimited exports, NCPDP pharmacy claims and a lab order API, and
// hard negatives of the same shapes (envelopes, acknowledgements, provider and
// payer data, operational exports, prose with asterisks).
// Each template returns its own kind (log, error, json, text).
import { P, L, J, cat, join, fmap } from './lib.mjs';
import * as V from './values.mjs';
const { pick, ri, chance, pad } = V;

const T = (kind, f, reason) => ({ kind, f, reason });
const plain = (f) => (typeof f === 'string' ? f : cat(f).segs.map((x) => x.s).join(''));

// ---------------------------------------------------------------------------
// shared values
// ---------------------------------------------------------------------------
const up = (s) => V.fold(s).toUpperCase();
const d8 = (d) => `${d.y}${pad(d.m, 2)}${pad(d.d, 2)}`;
const svcD = () => { const d = V.recentD(); return { ...d, y: Math.max(2023, d.y) }; };
const later = (d, n) => ({ ...d, d: Math.min(28, d.d + n) });
const yymmdd = (d) => d8(d).slice(2);
const hhmm = () => `${pad(ri(0, 23), 2)}${pad(ri(0, 59), 2)}`;
const ctlNo = () => pad(ri(1, 999999999), 9);
const stCtl = () => pad(ri(1, 9999), 4);
const sysD = () => ({ y: ri(2024, 2025), m: ri(1, 12), d: ri(1, 28) });
const amount = (a, b) => `${ri(a, b)}${chance(0.5) ? '' : '.' + pad(ri(0, 99), 2)}`;
const PAYERS = [
  ['AETNA', '60054'], ['UNITEDHEALTHCARE', '87726'], ['BLUE CROSS BLUE SHIELD OF ILLINOIS', '00621'], ['CIGNA', '62308'],
  ['HUMANA', '61101'], ['ANTHEM BLUE CROSS', '47198'], ['LAKESHORE MUTUAL HEALTH PLAN', '39026'], ['MEDICAID OF TEXAS', 'TXMCD'],
  ['MEDICARE PART B', '00952'],
];
const ORGS = [
  'NORTHSIDE FAMILY MEDICINE', 'LAKEVIEW PEDIATRICS PC', 'RIVERBEND ORTHOPEDICS LLC', 'ST ANNE COMMUNITY HOSPITAL', 'SUMMIT IMAGING CENTER',
  'MAPLE GROVE URGENT CARE', 'DESERT SKY CARDIOLOGY ASSOC', 'WASHINGTON HEIGHTS HEALTH CENTER', 'MERCY GENERAL HOSPITAL', 'HARRIS COUNTY DIALYSIS',
];
const CLEARING = [['AVAILITY', '030240928'], ['CHANGEHC', '133052274'], ['WAYSTAR', 'ZIRMED'], ['OFFICEALLY', '330897513'], ['TRIZETTO', 'TZ00411']];
const TAXID = () => `${ri(10, 99)}${V.digits(7)}`;
const orgStreet = () => `${ri(100, 9800)} ${pick(['MEDICAL PKWY', 'HOSPITAL DR', 'PROFESSIONAL PLZ STE ' + ri(100, 450), 'HEALTH CENTER BLVD', 'CORPORATE WOODS DR'])}`;
const cityUp = (c) => up(c[0]);
const ICD = () => pick(['J209', 'E119', 'I10', 'M5450', 'Z0000', 'R05', 'J45909', 'E785', 'N390', 'K219', 'F329', 'S8390XA']);
const CPT = () => pick(['99213', '99214', '99203', '80053', '36415', '93000', '71046', '97110', '90471', '87880']);
const xperson = () => { const p = V.person({ group: pick(['us', 'us', 'hisp', 'afam', 'euro', 'east', 'south']) }); return { p, last: up(p.last), first: up(p.first) }; };
const xaddr = () => { const c = V.city(); const street = up(V.street()); const z = V.zip(c); return { c, street, city: cityUp(c), st: c[1], zip: z.replace('-', ''), zipD: z }; };

// ---------------------------------------------------------------------------
// X12 builder. S: separators {e, c, r, s, nl, ver}
// ---------------------------------------------------------------------------
const SEPS = [
  { e: '*', c: ':', r: '^', s: '~', nl: '', ver: '00501' },
  { e: '*', c: ':', r: '^', s: '~', nl: '', ver: '00501' },
  { e: '*', c: ':', r: '^', s: '~', nl: '\n', ver: '00501' },
  { e: '*', c: '>', r: '^', s: '~', nl: '', ver: '00501' },
  { e: '|', c: '^', r: '{', s: '~', nl: '', ver: '00501' },
  { e: '*', c: '^', r: '{', s: '~', nl: '\n', ver: '00501' },
  { e: '*', c: ':', r: 'U', s: '\n', nl: '', ver: '00401' },
  { e: '|', c: ':', r: '^', s: '\n', nl: '', ver: '00501' },
];
const DEF = SEPS[0];
const anySeps = () => pick(SEPS);
// one element: F, string, array (components) or null/undefined (empty)
const el = (S, v) => (Array.isArray(v) ? join(v.map((x) => x ?? ''), S.c) : v ?? '');
function seg(S, id, ...els) {
  while (els.length && (els[els.length - 1] === '' || els[els.length - 1] == null)) els.pop();
  return cat(id, els.length ? S.e : '', join(els.map((v) => el(S, v)), S.e), S.s, S.nl);
}
function isa(S, o) {
  const d = o.d || sysD();
  const f = [
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), o.sq || 'ZZ', o.sender.padEnd(15), o.rq || 'ZZ', o.receiver.padEnd(15),
    yymmdd(d), o.t || hhmm(), S.r, S.ver, o.ctl, o.ack ?? pick(['0', '1']), o.usage || pick(['P', 'P', 'T']), S.c,
  ].join(S.e);
  return cat(f, S.s, S.nl);
}
const GS_CODE = { 270: 'HS', 271: 'HB', 276: 'HR', 277: 'HN', 837: 'HC', 835: 'HP', 834: 'BE', 999: 'FA' };
// Full interchange with one transaction set; body = array of segments between ST and SE.
function interchange(S, type, impl, body, o = {}) {
  const [sn, sid] = o.from || pick(CLEARING);
  const [rn, rid] = o.to || [pick(ORGS), String(ri(100000000, 999999999))];
  const d = sysD();
  const ctl = ctlNo();
  const gctl = String(ri(1, 99999));
  const st = stCtl();
  const ver = S.ver === '00401' ? impl.replace(/^005010/, '004010').replace(/A\d$/, '') : impl;
  const segs = [seg(S, 'ST', String(type), st, S.ver === '00401' ? undefined : ver), ...body];
  return cat(
    isa(S, { sender: o.sender || sid, receiver: o.receiver || (sn === 'AVAILITY' ? rid : rid.slice(0, 9)), ctl, d }),
    seg(S, 'GS', GS_CODE[type], o.sender || sid, o.receiver || rid.slice(0, 9), d8(d), hhmm(), gctl, 'X', ver),
    segs, seg(S, 'SE', String(segs.length + 1), st), seg(S, 'GE', '1', gctl), seg(S, 'IEA', '1', ctl),
  );
}
const bht = (S, purpose, trans) => { const d = sysD(); return seg(S, 'BHT', purpose, trans, `${V.upalnum(ri(6, 12))}`, d8(d), hhmm()); };

// loops -----------------------------------------------------------------------
const payerNm1 = (S, pr) => seg(S, 'NM1', 'PR', '2', pr[0], '', '', '', '', 'PI', pr[1]);
const provNm1 = (S, q = '1P', org = pick(ORGS), npi = V.npi()) => seg(S, 'NM1', q, '2', org, '', '', '', '', 'XX', npi);
const provAddr = (S) => { const c = V.city(); return [seg(S, 'N3', orgStreet()), seg(S, 'N4', cityUp(c), c[1], V.zip(c).replace('-', ''))]; };
// subscriber/patient NM1 with qualifier IL/QC/03, names labelled
function memberNm1(S, q, x, idQ, id) {
  return seg(S, 'NM1', q, '1', P('NAME', x.last), P('NAME', x.first), '', '', '', idQ, id);
}
const addrSegs = (S, a) => [seg(S, 'N3', P('ADDRESS', a.street)), seg(S, 'N4', P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zip))];
const dmg = (S, d) => seg(S, 'DMG', 'D8', P('DATE', d8(d)), pick(['F', 'M']));
const memberIdFor = (pr) => (pr[0].startsWith('MEDICARE') ? V.mbi(false) : V.memberId());

// transactions ------------------------------------------------------------------
function t270(S, o = {}) {
  const pr = o.payer || pick(PAYERS); const x = o.x || xperson(); const mid = memberIdFor(pr);
  const body = [
    bht(S, '0022', '13'), seg(S, 'HL', '1', '', '20', '1'), payerNm1(S, pr), seg(S, 'HL', '2', '1', '21', '1'), provNm1(S),
    seg(S, 'HL', '3', '2', '22', '0'), seg(S, 'TRN', '1', `${ri(10000000, 99999999)}`, `9${V.digits(9)}`),
    memberNm1(S, 'IL', x, 'MI', P('HEALTH_PLAN_ID', mid)),
  ];
  if (o.ssn) body.push(seg(S, 'REF', 'SY', P('SSN', V.ssn(2))));
  body.push(dmg(S, V.dobD()), seg(S, 'DTP', '291', 'D8', d8(sysD())), seg(S, 'EQ', pick(['30', '30', '1', '35', '47', 'UC'])));
  return body;
}
function t271(S, o = {}) {
  const pr = o.payer || pick(PAYERS); const x = xperson(); const mid = memberIdFor(pr); const a = xaddr();
  const body = [
    bht(S, '0022', '11'), seg(S, 'HL', '1', '', '20', '1'), payerNm1(S, pr), seg(S, 'PER', 'IC', 'PROVIDER SERVICES', 'TE', `800555${pad(ri(0, 199), 4)}`, 'UR', `WWW.${pr[0].split(' ')[0]}.COM`),
    seg(S, 'HL', '2', '1', '21', '1'), provNm1(S), seg(S, 'HL', '3', '2', '22', o.dep ? '1' : '0'), seg(S, 'TRN', '2', `${ri(10000000, 99999999)}`, `9${V.digits(9)}`),
    memberNm1(S, 'IL', x, 'MI', P('HEALTH_PLAN_ID', mid)), seg(S, 'REF', '6P', `GRP${ri(1000, 99999)}`, pick(['CHOICE POS II', 'GOLD PPO', 'HMO SELECT', 'BRONZE 6500'])),
    ...addrSegs(S, a), dmg(S, V.dobD()), seg(S, 'INS', 'Y', '18'), seg(S, 'DTP', '346', 'D8', `${ri(2023, 2025)}0101`),
    seg(S, 'EB', '1', 'IND', '30', pick(['PR', 'HM', 'HN', 'MB']), pick(['GOLD PPO', 'CHOICE POS II', 'HMO SELECT'])),
    seg(S, 'EB', 'C', 'IND', '30', '', '', '23', String(ri(5, 60) * 100)), seg(S, 'EB', 'B', 'IND', '98', '', '', '27', String(ri(1, 8) * 10)),
  ];
  if (o.dep) {
    const y = xperson();
    body.push(seg(S, 'HL', '4', '3', '23', '0'), seg(S, 'TRN', '2', `${ri(10000000, 99999999)}`, `9${V.digits(9)}`), seg(S, 'NM1', '03', '1', P('NAME', y.last), P('NAME', y.first)), dmg(S, V.dobD()), seg(S, 'INS', 'N', '19'), seg(S, 'EB', '1', 'FAM', '30'));
  }
  if (o.msg) body.push(seg(S, 'MSG', pick(['SUBSCRIBER IS ALSO COVERED UNDER A MEDICARE SUPPLEMENT', 'PRIOR AUTHORIZATION REQUIRED FOR ADVANCED IMAGING', 'COPAY WAIVED FOR PREVENTIVE CARE'])));
  return body;
}
function t276(S) {
  const pr = pick(PAYERS); const x = xperson(); const d = svcD();
  return [
    bht(S, '0010', '13'), seg(S, 'HL', '1', '', '20', '1'), payerNm1(S, pr), seg(S, 'HL', '2', '1', '21', '1'),
    seg(S, 'NM1', '41', '2', pick(ORGS), '', '', '', '', '46', V.upalnum(9)), seg(S, 'HL', '3', '2', '19', '1'), provNm1(S),
    seg(S, 'HL', '4', '3', '22', '0'), dmg(S, V.dobD()), memberNm1(S, 'IL', x, 'MI', P('HEALTH_PLAN_ID', memberIdFor(pr))),
    seg(S, 'TRN', '1', `${ri(100000, 999999)}`), seg(S, 'REF', '1K', P('OTHER_ID', `${V.digits(4)}${V.upper(1)}${V.digits(8)}`)),
    seg(S, 'REF', 'EJ', P('ACCOUNT_NUMBER', `${V.upper(2)}${V.digits(7)}`)), seg(S, 'AMT', 'T3', amount(60, 900)),
    seg(S, 'DTP', '472', 'RD8', cat(P('DATE', d8(d)), '-', P('DATE', d8(later(d, ri(0, 2)))))),
  ];
}
function t277(S) {
  const pr = pick(PAYERS); const x = xperson(); const d = svcD(); const sd = sysD();
  return [
    bht(S, '0010', '08'), seg(S, 'HL', '1', '', '20', '1'), payerNm1(S, pr), seg(S, 'PER', 'IC', '', 'TE', `800555${pad(ri(0, 199), 4)}`), seg(S, 'HL', '2', '1', '21', '1'),
    seg(S, 'NM1', '41', '2', pick(ORGS), '', '', '', '', '46', V.upalnum(9)), seg(S, 'HL', '3', '2', '19', '1'), provNm1(S),
    seg(S, 'HL', '4', '3', '22', '0'), memberNm1(S, 'IL', x, 'MI', P('HEALTH_PLAN_ID', memberIdFor(pr))),
    seg(S, 'TRN', '2', `${ri(100000, 999999)}`), seg(S, 'STC', [pick(['F1', 'F2', 'A1', 'P1', 'F4']), pick(['65', '20', '3', '107'])], d8(sd), '', amount(60, 900), amount(0, 600)),
    seg(S, 'REF', '1K', P('OTHER_ID', `${V.digits(4)}${V.upper(1)}${V.digits(8)}`)), seg(S, 'REF', 'EJ', P('ACCOUNT_NUMBER', `${V.upper(2)}${V.digits(7)}`)),
    seg(S, 'DTP', '472', 'D8', P('DATE', d8(d))),
  ];
}
function t837p(S, o = {}) {
  const pr = o.payer || pick(PAYERS); const sub = xperson(); const a = xaddr(); const d = svcD(); const contact = V.person({ group: pick(['us', 'hisp', 'afam']) });
  const org = pick(ORGS); const cpts = [CPT(), CPT()];
  const body = [
    seg(S, 'BHT', '0019', '00', V.upalnum(10), d8(sysD()), hhmm(), 'CH'),
    seg(S, 'NM1', '41', '2', org, '', '', '', '', '46', V.upalnum(9)),
    seg(S, 'PER', 'IC', P('NAME', `${up(contact.first)} ${up(contact.last)}`), 'TE', P('PHONE', `${pick(['312', '713', '602', '404'])}555${pad(ri(100, 199), 4)}`), ...(chance(0.5) ? ['EM', P('EMAIL', V.email(contact).toUpperCase())] : [])),
    seg(S, 'NM1', '40', '2', pick(CLEARING)[0], '', '', '', '', '46', V.upalnum(9)),
    seg(S, 'HL', '1', '', '20', '1'), seg(S, 'PRV', 'BI', 'PXC', pick(['207Q00000X', '208D00000X', '207R00000X', '261QU0200X'])),
    provNm1(S, '85', org), ...provAddr(S), seg(S, 'REF', 'EI', TAXID()),
    seg(S, 'HL', '2', '1', '22', o.dep ? '1' : '0'), seg(S, 'SBR', 'P', o.dep ? '' : '18', `GRP${ri(1000, 99999)}`, '', '', '', '', '', pr[0].startsWith('MEDICARE') ? 'MB' : 'CI'),
    memberNm1(S, 'IL', sub, 'MI', P('HEALTH_PLAN_ID', memberIdFor(pr))),
  ];
  let pat = sub;
  if (!o.dep) body.push(...addrSegs(S, a), dmg(S, V.dobD()));
  body.push(payerNm1(S, pr));
  if (o.dep) {
    pat = xperson();
    body.push(seg(S, 'HL', '3', '2', '23', '0'), seg(S, 'PAT', pick(['19', '01'])), seg(S, 'NM1', 'QC', '1', P('NAME', pat.last), P('NAME', pat.first)), ...addrSegs(S, a), dmg(S, V.dobD()));
  }
  const charges = cpts.map(() => ri(40, 400));
  body.push(
    seg(S, 'CLM', P('ACCOUNT_NUMBER', pick([`${V.upper(2)}${V.digits(7)}`, `${V.digits(6)}-${ri(1, 9)}`, `PCN${V.digits(8)}`])), String(charges[0] + charges[1]), '', '', ['11', 'B', '1'], 'Y', 'A', 'Y', 'Y'),
    seg(S, 'HI', ['ABK', ICD()], ['ABF', ICD()]),
  );
  cpts.forEach((c, i) => body.push(seg(S, 'LX', String(i + 1)), seg(S, 'SV1', ['HC', c], String(charges[i]), 'UN', '1', '', '', '1'), seg(S, 'DTP', '472', 'D8', P('DATE', d8(d)))));
  return body;
}
function t837i(S) {
  const pr = pick(PAYERS); const sub = xperson(); const a = xaddr(); const d = svcD(); const dis = later(d, ri(1, 6)); const org = pick(['ST ANNE COMMUNITY HOSPITAL', 'MERCY GENERAL HOSPITAL', 'HARRIS COUNTY DIALYSIS']);
  const body = [
    seg(S, 'BHT', '0019', '00', V.upalnum(10), d8(sysD()), hhmm(), 'CH'), seg(S, 'NM1', '41', '2', org, '', '', '', '', '46', V.upalnum(9)),
    seg(S, 'PER', 'IC', 'PATIENT ACCOUNTS', 'TE', `800555${pad(ri(0, 199), 4)}`), seg(S, 'NM1', '40', '2', pick(CLEARING)[0], '', '', '', '', '46', V.upalnum(9)),
    seg(S, 'HL', '1', '', '20', '1'), provNm1(S, '85', org), ...provAddr(S), seg(S, 'REF', 'EI', TAXID()),
    seg(S, 'HL', '2', '1', '22', '0'), seg(S, 'SBR', 'P', '18', '', '', '', '', '', '', 'CI'), memberNm1(S, 'IL', sub, 'MI', P('HEALTH_PLAN_ID', memberIdFor(pr))), ...addrSegs(S, a), dmg(S, V.dobD()), payerNm1(S, pr),
    seg(S, 'CLM', P('ACCOUNT_NUMBER', `${V.digits(9)}`), amount(2000, 40000), '', '', ['11', 'A', '1'], '', 'A', 'Y', 'Y'),
    seg(S, 'DTP', '434', 'RD8', cat(P('DATE', d8(d)), '-', P('DATE', d8(dis)))), seg(S, 'DTP', '435', 'DT', P('DATE', `${d8(d)}${hhmm()}`)),
    seg(S, 'CL1', String(ri(1, 3)), '7', '01'), seg(S, 'REF', 'EA', P('MRN', pick([`${V.upper(1)}${V.digits(7)}`, V.digits(8), `MR${V.digits(6)}`]))),
    seg(S, 'HI', ['ABK', ICD()]), seg(S, 'HI', ['ABJ', ICD()]), seg(S, 'HI', ['BH', '11', 'D8', P('DATE', d8(d))]),
    seg(S, 'LX', '1'), seg(S, 'SV2', pick(['0120', '0250', '0300', '0450']), ['HC', CPT()], amount(100, 3000), 'UN', String(ri(1, 5))),
  ];
  return body;
}
function t835(S, nClaims = 1) {
  const pr = pick(PAYERS); const c = V.city(); const chk = `${ri(10000000, 99999999)}`;
  const body = [
    seg(S, 'BPR', 'I', amount(100, 9000), 'C', 'CHK', '', '', '', '', '', '', '', '', '', '', '', d8(sysD())), seg(S, 'TRN', '1', chk, `1${V.digits(9)}`),
    seg(S, 'DTM', '405', d8(sysD())), seg(S, 'N1', 'PR', pr[0]), seg(S, 'N3', orgStreet()), seg(S, 'N4', cityUp(c), c[1], V.zip(c).replace('-', '')),
    seg(S, 'N1', 'PE', pick(ORGS), 'XX', V.npi()), seg(S, 'LX', '1'),
  ];
  for (let i = 0; i < nClaims; i++) {
    const x = xperson(); const d = svcD(); const ch = ri(80, 900); const paid = ri(10, ch);
    body.push(
      seg(S, 'CLP', P('ACCOUNT_NUMBER', `${V.upper(2)}${V.digits(7)}`), pick(['1', '1', '2', '4']), String(ch), String(paid), String(ri(0, 40)), '12', P('OTHER_ID', `${V.digits(4)}${V.upper(1)}${V.digits(8)}`), '11', '1'),
      memberNm1(S, 'QC', x, 'MI', P('HEALTH_PLAN_ID', memberIdFor(pr))), seg(S, 'DTM', '232', P('DATE', d8(d))),
      seg(S, 'SVC', ['HC', CPT()], String(ch), String(paid)), seg(S, 'DTM', '472', P('DATE', d8(d))), seg(S, 'CAS', 'CO', '45', String(ch - paid)), seg(S, 'AMT', 'B6', String(paid)),
    );
  }
  return body;
}
function t834(S, nMembers = 1) {
  const body = [
    seg(S, 'BGN', '00', V.upalnum(10), d8(sysD()), hhmm(), '', '', '', '2'), seg(S, 'N1', 'P5', pick(['CITY OF SPRINGFIELD', 'ACME LOGISTICS INC', 'STATE EMPLOYEES BENEFIT TRUST', 'RIVERSIDE SCHOOL DISTRICT']), 'FI', TAXID()),
    seg(S, 'N1', 'IN', pick(PAYERS)[0], 'FI', TAXID()),
  ];
  const subId = V.memberId(); const a = xaddr(); const grp = `GRP${ri(1000, 99999)}`;
  for (let i = 0; i < nMembers; i++) {
    const x = xperson(); const sub = i === 0;
    body.push(
      seg(S, 'INS', sub ? 'Y' : 'N', sub ? '18' : pick(['01', '19']), '021', '28', 'A', '', '', sub ? 'FT' : ''), seg(S, 'REF', '0F', P('HEALTH_PLAN_ID', subId)), seg(S, 'REF', '1L', grp),
      seg(S, 'DTP', '356', 'D8', `${ri(2024, 2025)}${pad(ri(1, 12), 2)}01`),
      seg(S, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first), '', '', '', '34', P('SSN', V.ssn(2))),
    );
    if (sub) {
      const em = V.email(x.p);
      body.push(seg(S, 'PER', 'IP', '', 'HP', P('PHONE', `${pick(['312', '773', '206', '505'])}${ri(200, 989)}${V.digits(4)}`), ...(chance(0.6) ? ['EM', P('EMAIL', em)] : [])), ...addrSegs(S, a));
    }
    body.push(seg(S, 'DMG', 'D8', P('DATE', d8(V.dobD())), pick(['F', 'M']), sub ? pick(['M', 'I', 'U']) : ''), seg(S, 'HD', '021', '', 'HLT', pick(['PPO 500', 'HMO GOLD', 'HDHP 3000']), pick(['FAM', 'ESP', 'IND'])), seg(S, 'DTP', '348', 'D8', `${ri(2024, 2025)}0101`));
  }
  return body;
}
const TX = {
  270: [t270, '005010X279A1'], 271: [t271, '005010X279A1'], 276: [t276, '005010X212'], 277: [t277, '005010X212'],
  837: [t837p, '005010X222A1'], '837I': [t837i, '005010X223A2'], 835: [t835, '005010X221A1'], 834: [t834, '005010X220A1'],
};
const full = (S, k, ...args) => { const [fn, impl] = TX[k]; return interchange(S, k === '837I' ? 837 : +k, impl, fn(S, ...args)); };

// ---------------------------------------------------------------------------
// HL7 v2 builder. H: {f, c, r, esc, sub}
// ---------------------------------------------------------------------------
const HSEPS = [
  { f: '|', c: '^', r: '~' }, { f: '|', c: '^', r: '~' }, { f: '|', c: '^', r: '~' }, { f: '|', c: '^', r: '~' },
  { f: '#', c: '^', r: '~' }, { f: '|', c: '$', r: '~' }, { f: '|', c: '^', r: '@' },
];
const hComp = (H, v) => (Array.isArray(v) ? join(v.map((x) => (Array.isArray(x) ? join(x, H.r) : x ?? '')), H.c) : v ?? '');
// fields: object {index: value} (1-based after the segment name)
function hseg(H, id, fields) {
  const n = Math.max(0, ...Object.keys(fields).map(Number));
  const out = [];
  for (let i = 1; i <= n; i++) out.push(hComp(H, fields[i]));
  return cat(id, H.f, join(out, H.f));
}
const hts = (d, time = true) => `${d8(d)}${time ? `${pad(ri(0, 23), 2)}${pad(ri(0, 59), 2)}${chance(0.5) ? pad(ri(0, 59), 2) : ''}` : ''}`;
function msh(H, type, o = {}) {
  const enc = `${H.c}${H.r}\\&`;
  const [sa, sf] = pick([['EPIC', 'NORTHSIDE'], ['CERNER', 'MERCYGEN'], ['MEDITECH', 'STANNE'], ['ATHENA', 'LAKEVIEW'], ['LAB', 'LABCORP']]);
  const [ra, rf] = pick([['RHAPSODY', 'HIE'], ['PORTAL', 'NEXTAPP'], ['MIRTH', 'INTEGRATION'], ['BILLING', 'RCM']]);
  return cat('MSH', H.f, enc, H.f, join([sa, sf, ra, rf, hts(sysD()), '', join(type, H.c), o.ctl || `${V.upalnum(ri(8, 14))}`, 'P', pick(['2.3', '2.4', '2.5.1'])], H.f));
}
function pid(H, x, o = {}) {
  const a = o.a || xaddr(); const mrn = o.mrn || V.mrn().replace(/[^A-Z0-9-]/g, '');
  const ids = o.withSsn ? [[P('MRN', mrn), '', '', pick(['HOSP', 'MERCY', 'NSFM']), 'MR'], [P('SSN', V.ssn(2)), '', '', 'SSA', 'SS']] : null;
  const f = {
    1: '1',
    3: ids ? join(ids.map((c) => join(c, H.c)), H.r) : [P('MRN', mrn), '', '', pick(['HOSP', 'MERCY', 'NSFM']), 'MR'],
    5: [P('NAME', o.caseFn ? o.caseFn(x.p.last) : x.last), P('NAME', o.caseFn ? o.caseFn(x.p.first) : x.first), ''],
    7: P('DATE', o.dobTime ? `${d8(V.dobD())}0000` : d8(V.dobD())), 8: pick(['F', 'M', 'U']),
    11: [P('ADDRESS', a.street), '', P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zipD), 'USA'],
    13: o.phone === false ? '' : P('PHONE', V.phone(pick([0, 0, 1, 8]))),
  };
  if (o.acct) f[18] = P('ACCOUNT_NUMBER', `${V.digits(ri(8, 10))}`.replace(/^0/, '7'));
  if (o.ssn19) f[19] = P('SSN', V.ssn(pick([0, 2])));
  return hseg(H, 'PID', f);
}
function nk1(H, i = 1) {
  const x = xperson(); const a = xaddr(); const rel = pick([['SPO', 'Spouse'], ['MTH', 'Mother'], ['DAU', 'Daughter'], ['SON', 'Son'], ['FTH', 'Father'], ['SIS', 'Sister']]);
  return hseg(H, 'NK1', { 1: String(i), 2: [P('NAME', x.last), P('NAME', x.first)], 3: rel, 4: [P('ADDRESS', a.street), '', P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zipD)], 5: P('PHONE', V.phone(pick([0, 1]))), 7: ['EC', 'Emergency Contact'] });
}
function gt1(H) {
  const x = xperson(); const a = xaddr();
  return hseg(H, 'GT1', { 1: '1', 3: [P('NAME', x.last), P('NAME', x.first)], 5: [P('ADDRESS', a.street), '', P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zipD)], 6: P('PHONE', V.phone(pick([0, 1, 8]))), 8: P('DATE', d8(V.dobD())), 9: pick(['F', 'M']), 11: pick(['SEL', 'SPO', 'PAR']), 12: P('SSN', V.ssn(0)) });
}
function in1(H, x) {
  const pr = pick(PAYERS); const c = V.city(); const ins = x || xperson(); const a = xaddr();
  return hseg(H, 'IN1', {
    1: '1', 2: pick(['BCPPO', 'AETHMO', 'UHC01', 'MCDTX', 'CIGPPO']), 3: pr[1], 4: pr[0], 5: [orgStreet(), '', cityUp(c), c[1], V.zip(c).replace('-', '')],
    7: `800555${pad(ri(0, 199), 4)}`, 8: `GRP${ri(1000, 99999)}`, 12: d8({ y: ri(2023, 2025), m: 1, d: 1 }),
    16: [P('NAME', ins.last), P('NAME', ins.first)], 17: pick(['SEL', 'SPO', 'CHD']), 18: P('DATE', d8(V.dobD())), 19: [P('ADDRESS', a.street), '', P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zipD)],
    36: P('HEALTH_PLAN_ID', V.memberId()),
  });
}
function pv1(H, o = {}) {
  const adm = svcD(); const f = {
    1: '1', 2: o.cls || pick(['I', 'O', 'E']), 3: [pick(['4W', 'ICU', 'ED', 'MED2', 'ONC']), String(ri(100, 499)), pick(['A', 'B', '1']), pick(['MERCY', 'STANNE', 'NSFM'])],
    4: pick(['R', 'E', 'U']), 7: [V.npi(), '', '', '', '', '', '', '', 'NPI'], 10: pick(['MED', 'SUR', 'CAR', 'ONC']), 18: pick(['INP', 'OUT']),
    19: `V${V.digits(8)}`, 44: P('DATE', hts(adm)),
  };
  if (o.dis) f[45] = P('DATE', hts(later(adm, ri(1, 5))));
  return hseg(H, 'PV1', f);
}
const evn = (H, code) => hseg(H, 'EVN', { 1: code, 2: hts(sysD()) });
const hjoin = (segs, sep = '\r') => join(segs, sep);

// ---------------------------------------------------------------------------
// CSV helpers
// ---------------------------------------------------------------------------
const needsQ = (s, d) => s.includes(d) || s.includes('"') || /[\r\n]/.test(s);
const csvF = (v, d, forceQ = false) => {
  const s = plain(v);
  if (!forceQ && !needsQ(s, d)) return v;
  return cat('"', v instanceof Object && v.segs ? fmap(v, (t) => t.replace(/"/g, '""')) : s.replace(/"/g, '""'), '"');
};
const csvRow = (vals, d = ',', forceQ = false) => join(vals.map((v) => csvF(v, d, forceQ)), d);
const mdy = (d) => `${pad(d.m, 2)}/${pad(d.d, 2)}/${d.y}`;
const ymd = (d) => V.isoDate(d);
const phone10 = () => V.phone(5);

// ---------------------------------------------------------------------------
// NCPDP helpers (control characters as pharmacy switches log them)
// ---------------------------------------------------------------------------
const NC = [
  { fs: '\u001c', gs: '\u001d', rs: '\u001e' },
  { fs: '<FS>', gs: '<GS>', rs: '<RS>' },
  { fs: '\\x1c', gs: '\\x1d', rs: '\\x1e' },
];
const ndc = () => `${pad(ri(0, 99999), 5)}${pad(ri(0, 9999), 4)}${pad(ri(0, 99), 2)}`;

// ---------------------------------------------------------------------------
// templates
// ---------------------------------------------------------------------------
export const claimsAndFeeds = [
  // ======== X12: full interchanges ========
  () => { const S = anySeps(); return T('text', full(S, 270, { ssn: chance(0.4) }), `270 eligibility inquiry interchange (element ${S.e}, component ${S.c}, terminator ${JSON.stringify(S.s + S.nl)}): subscriber NM1*IL names, member id${''}, DMG DOB labelled; payer/provider orgs, NPI, TRN trace, ISA/GS ids and dates, DTP*291 eligibility date clean`); },
  () => { const S = anySeps(); return T('text', full(S, 271, { dep: chance(0.4), msg: chance(0.5) }), '271 eligibility response: subscriber (and dependent NM1*03) names, member id, N3/N4 street, city and ZIP, DMG DOB labelled; payer PER phone, group REF*6P, DTP*346 plan date, EB benefits and amounts clean'); },
  () => { const S = anySeps(); return T('text', full(S, 276), '276 claim status request: member name and id, DOB, payer claim number REF*1K, patient account REF*EJ, service date range labelled; submitter/provider orgs, TRN and amount clean'); },
  () => { const S = anySeps(); return T('text', full(S, 277), '277 claim status response: member name and id, REF*1K claim number, REF*EJ account, DTP*472 service date labelled; STC status codes, status date and amounts clean'); },
  () => { const S = anySeps(); return T('text', full(S, 837, { dep: chance(0.4) }), '837P professional claim: submitter contact name/phone/email in PER, subscriber (or patient NM1*QC) names, member id, street/city/ZIP, DOB, CLM01 account, DTP*472 service dates labelled; billing provider org, NPI, its N3/N4, tax id, HI diagnosis and SV1 procedure codes, amounts clean'); },
  () => { const S = anySeps(); return T('text', full(S, '837I'), '837I institutional claim: subscriber names, member id, address, DOB, CLM01 account, DTP*434 statement dates, DTP*435 admission datetime, REF*EA medical record number, HI occurrence date labelled; hospital org, its address, revenue codes, department PER clean'); },
  () => { const S = anySeps(); return T('text', full(S, 835, ri(1, 3)), '835 remittance: per claim CLP01 patient control number (account), CLP07 payer claim number, NM1*QC patient names and member id, DTM*232/472 service dates labelled; check number, production date, payer/payee names and addresses, NPI, amounts clean'); },
  () => { const S = anySeps(); return T('text', full(S, 834, ri(1, 3)), '834 enrolment: member names, SSN in NM109 (qualifier 34), subscriber id REF*0F, home phone/email in PER*IP, address, DOB labelled; sponsor and insurer names, tax ids, group REF*1L, DTP*356/348 coverage dates, plan codes clean'); },
  // ======== X12 inside JSON strings ========
  () => { const S = pick([DEF, SEPS[2]]); const k = pick([270, 276, 837]); return T('json', J({ id: `edi_${V.lowalnum(12)}`, direction: 'outbound', type: String(k), status: pick(['queued', 'sent', 'accepted']), x12: full(S, k) }), `clearinghouse API record holding a ${k} interchange in a JSON string (newlines escaped): values labelled inside the string`); },
  () => { const S = DEF; const k = pick([271, 277, 835]); return T('json', J({ transactionId: V.uuid(), payerId: pick(PAYERS)[1], receivedAt: V.ts(), format: 'X12', version: '005010', rawResponse: full(S, k) }, chance(0.3) ? 'spaced' : 'compact'), `webhook body with the raw ${k} response in rawResponse; receivedAt, payer id and transaction UUID clean`); },
  () => { const S = DEF; const x = xperson(); const mid = V.memberId(); const d = V.dobD(); return T('json', J({ request: { tradingPartnerServiceId: pick(PAYERS)[1], provider: { organizationName: pick(ORGS), npi: V.npi() }, subscriber: { memberId: P('HEALTH_PLAN_ID', mid), firstName: P('NAME', x.first), lastName: P('NAME', x.last), dateOfBirth: P('DATE', d8(d)) }, encounter: { serviceTypeCodes: ['30'] } }, x12Request: cat(seg(S, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first), '', '', '', 'MI', P('HEALTH_PLAN_ID', mid)), seg(S, 'DMG', 'D8', P('DATE', d8(d))), seg(S, 'EQ', '30')) }), 'eligibility API request: the same subscriber in JSON fields and in the generated X12 fragment; organisation name and NPI clean'); },
  // ======== X12 in log lines ========
  () => { const S = DEF; return T('log', cat(`${V.ts()} INFO clearinghouse 271 response: `, full(S, 271)), 'log line with a full 271 interchange after a prefix: subscriber values labelled, log timestamp and envelope clean'); },
  () => { const S = pick([DEF, SEPS[3]]); return T('log', cat(`[edi-gateway] ${pick(['sending', 'POST /v1/claims', 'sftp put'])} 837P (${ri(900, 4000)} bytes) `, full(S, 837)), 'gateway log with an outbound 837P: patient values labelled, byte count and provider data clean'); },
  () => { const S = DEF; const x = xperson(); const a = xaddr(); const d = V.dobD(); return T('log', L`${V.ts()} DEBUG x12 loop 2010BA ${seg(S, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first), '', '', '', 'MI', P('HEALTH_PLAN_ID', V.memberId()))}${addrSegs(S, a)}${seg(S, 'DMG', 'D8', P('DATE', d8(d)), pick(['F', 'M']))}`, 'header-less subscriber loop fragment as a developer logs it (NM1/N3/N4/DMG run together)'); },
  () => { const S = pick([DEF, { ...DEF, nl: '\n' }]); const x = xperson(); const d = svcD(); return T('log', L`edi.parse seg=${ri(8, 60)} ${seg(S, 'NM1', 'QC', '1', P('NAME', x.last), P('NAME', x.first))}${seg(S, 'DMG', 'D8', P('DATE', d8(V.dobD())))}${seg(S, 'CLM', P('ACCOUNT_NUMBER', `${V.upper(2)}${V.digits(7)}`), amount(50, 600), '', '', ['11', 'B', '1'], 'Y', 'A', 'Y', 'Y')}${seg(S, 'DTP', '472', 'D8', P('DATE', d8(d)))}`, 'patient loop and claim fragment: NM1*QC names, DOB, CLM01 account and service date'); },
  () => { const S = DEF; const x = xperson(); return T('log', L`${V.ts()} WARN eligibility: payer returned AAA*N**75*C for ${seg(S, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first), '', '', '', 'MI', P('HEALTH_PLAN_ID', V.memberId()))}retrying with REF*SY`, 'subscriber-not-found warning quoting the NM1 segment; AAA reject codes clean'); },
  () => { const S = DEF; const x = xperson(); const ssn = V.ssn(2); return T('log', L`${V.ts()} info 270 built member=${P('HEALTH_PLAN_ID', V.memberId())} segs="${seg(S, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first))}${seg(S, 'REF', 'SY', P('SSN', ssn))}${seg(S, 'DMG', 'D8', P('DATE', d8(V.dobD())))}"`, 'logfmt-ish line with a member id key and an inline fragment carrying REF*SY SSN'); },
  () => { const S = DEF; const a = xaddr(); const x = xperson(); return T('log', L`[834-import] member ${ri(1, 400)}/${ri(400, 900)}: INS*Y*18*030*XN*A~REF*0F*${P('HEALTH_PLAN_ID', V.memberId())}~NM1*IL*1*${P('NAME', x.last)}*${P('NAME', x.first)}~PER*IP**HP*${P('PHONE', `${pick(['312', '415', '602'])}${ri(200, 989)}${V.digits(4)}`)}~N3*${P('ADDRESS', a.street)}~N4*${P('ADDRESS', a.city)}*${a.st}*${P('ZIP_CODE', a.zip)}~DMG*D8*${P('DATE', d8(V.dobD()))}*${pick(['F', 'M'])}~ skipped: termination date before effective date`, '834 import log quoting one member loop (INS/REF/NM1/PER/N3/N4/DMG)'); },
  () => { const S = DEF; const x = xperson(); const d = svcD(); return T('log', L`remit: CLP*${P('ACCOUNT_NUMBER', `${V.upper(2)}${V.digits(7)}`)}*4*${ri(100, 900)}*0*0*12*${P('OTHER_ID', `${V.digits(4)}${V.upper(1)}${V.digits(8)}`)}*11*1~NM1*QC*1*${P('NAME', x.last)}*${P('NAME', x.first)}****MI*${P('HEALTH_PLAN_ID', V.memberId())}~DTM*232*${P('DATE', d8(d))}~ denied (CARC ${pick(['16', '27', '29', '197', '50'])}), routed to work queue ${pick(['DENIALS', 'ELIG-REWORK', 'TIMELY-FILING'])}`, 'denial log quoting a CLP claim with patient NM1 and statement date; CARC code and queue name clean'); },
  // ======== X12 in errors ========
  () => { const S = DEF; const x = xperson(); const bad = { ...V.dobD(), d: 31, m: pick([2, 4, 6, 9, 11]) }; return T('error', L`X12ParseError: invalid date in DMG02 at segment ${ri(10, 40)} (loop 2010BA)\n  segment: ${seg({ ...S, s: '' }, 'DMG', 'D8', P('DATE', d8(bad)), 'M')}\n  context: ${seg({ ...S, s: '' }, 'NM1', 'IL', '1', P('NAME', x.last), P('NAME', x.first), '', '', '', 'MI', P('HEALTH_PLAN_ID', V.memberId()))}\n    at parseSegment (/app/node_modules/x12-parser/lib/segment.js:${ri(40, 200)}:${ri(5, 30)})`, 'parser error quoting the bad DMG (an impossible date is still the DOB as written) and the NM1 context'); },
  () => { const S = DEF; const x = xperson(); return T('error', L`Error: 999 rejected ST*837*${stCtl()}: IK3*NM1*${ri(10, 60)}*2010BA*8~IK4*9*67*7*${P('HEALTH_PLAN_ID', V.memberId())}~CTX*SITUATIONAL TRIGGER*NM1*${ri(10, 60)}**8~ (subscriber ${P('NAME', x.last)}, ${P('NAME', x.first)})`, '999 implementation ack with IK4 copying the bad member id; our error appends the subscriber name'); },
  () => { const x = xperson(); const d = V.dobD(); return T('error', L`ValidationError: 837P CLM01=${P('ACCOUNT_NUMBER', `PCN${V.digits(8)}`)} failed SNIP level 4: NM1*IL*1*${P('NAME', x.last)}*${P('NAME', x.first)}****MI*${P('HEALTH_PLAN_ID', V.memberId())}~DMG*D8*${P('DATE', d8(d))}*F~ — subscriber DOB after service date\n    at validateClaim (/app/.next/server/chunks/${ri(100, 999)}.js:1:${ri(1000, 9999)})`, 'validation error naming the claim account number and quoting the subscriber segments'); },
  () => { const x = xperson(); return T('error', L`AxiosError: Request failed with status code 422\n  response.data: {"errors":[{"field":"subscriber.memberId","description":"Invalid member id ${P('HEALTH_PLAN_ID', V.memberId())} for ${P('NAME', x.last)}/${P('NAME', x.first)}","location":"Loop 2100C NM109"}]}`, 'eligibility API 422: member id and subscriber name in the error description; loop reference clean'); },
  // ======== X12 hard negatives ========
  () => { const S = anySeps(); const body = [seg(S, 'AK1', 'HC', String(ri(1, 99999)), '005010X222A1'), seg(S, 'AK2', '837', stCtl(), '005010X222A1'), seg(S, 'IK5', pick(['A', 'E'])), seg(S, 'AK9', 'A', '1', '1', '1')]; return T('text', interchange(S, 999, '005010X231A1', body), '999 acknowledgement interchange: envelope ids, control numbers, transmission dates and codes only: no PHI'); },
  () => { const S = DEF; const d = sysD(); const ctl = ctlNo(); return T('text', cat(isa(S, { sender: pick(CLEARING)[1], receiver: String(ri(100000000, 999999999)), ctl, d }), `TA1*${ctl}*${yymmdd(d)}*${hhmm()}*A*000~IEA*0*${ctl}~`), 'TA1 interchange acknowledgement: ISA header and control numbers only: no PHI'); },
  () => { const S = DEF; const c = V.city(); const body = [seg(S, 'BPR', 'H', '0', 'C', 'NON', '', '', '', '', '', '', '', '', '', '', '', d8(sysD())), seg(S, 'TRN', '1', `${ri(10000000, 99999999)}`, `1${V.digits(9)}`), seg(S, 'N1', 'PR', pick(PAYERS)[0]), seg(S, 'N3', orgStreet()), seg(S, 'N4', cityUp(c), c[1], V.zip(c).replace('-', '')), seg(S, 'N1', 'PE', pick(ORGS), 'XX', V.npi()), seg(S, 'PLB', V.npi(), `${ri(2024, 2025)}1231`, ['WO', V.upalnum(10)], String(ri(10, 900)))]; return T('text', interchange(S, 835, '005010X221A1', body), '835 with only a provider-level adjustment (PLB): payer and payee names, their addresses, NPI, amounts: no PHI'); },
  () => { const S = DEF; const body = [seg(S, 'BHT', '0022', '13', V.upalnum(10), d8(sysD()), hhmm()), seg(S, 'HL', '1', '', '20', '1'), payerNm1(S, pick(PAYERS)), seg(S, 'HL', '2', '1', '21', '0'), provNm1(S), ...provAddr(S), seg(S, 'PRV', 'PE', 'PXC', '207Q00000X')]; return T('text', interchange(S, 270, '005010X279A1', body), 'truncated 270 holding only the payer and provider loops (org names, NPI, provider address, taxonomy): no PHI'); },
  () => T('log', cat(`${V.ts()} INFO 837 batch ${pad(ri(1, 999999), 6)} accepted, ${ri(2, 400)} claims, ${ri(0, 9)} rejected (ISA13 ${ctlNo()}, GS06 ${ri(1, 99999)})`), 'log about an EDI batch without its data: counts and control numbers: no PHI'),
  () => T('log', cat(`${V.ts()} WARN edi: ISA13 control number ${ctlNo()} does not match IEA02 ${ctlNo()}; interchange from ${pick(CLEARING)[1]} quarantined`), 'envelope control-number mismatch naming a sender id: no PHI'),
  () => T('log', cat(`sftp ${pick(['get', 'put'])} /outbound/${pick(['835', '277CA', '999', '271'])}_${d8(sysD())}_${pad(ri(1, 99), 4)}.x12 ${ri(2, 900)}KB ${V.ms()}`), 'clearinghouse SFTP transfer of an EDI file named by type and date: no PHI'),
  () => T('log', cat(`[${pick(['remit-worker', 'era-sync'])}] posted ERA check ${ri(10000000, 99999999)} from ${pick(PAYERS)[0]}: ${ri(1, 60)} claims, paid $${ri(100, 40000)}.${pad(ri(0, 99), 2)}, adjustments $${ri(0, 900)}.${pad(ri(0, 99), 2)}`), 'ERA posting summary: check number, payer name, counts and amounts: no PHI'),
  () => T('text', pick([
    `Use *bold* for the payer name and _italics_ for codes; a*b*c is parsed as three elements when the separator is *.`,
    `**Note:** run \`SELECT * FROM claims WHERE status = 'denied'\` before re-submitting the 837 batch.`,
    `lint-staged: prettier --write "src/**/*.ts" "app/**/*.{tsx,mdx}"`,
    `The ISA segment is fixed width: ISA01 (2) … ISA16 (1), 106 characters with the terminator; elements are split on the 4th byte (usually *).`,
    `const total = qty * unitPrice * (1 - discount); // ${ri(2, 9)} * ${ri(10, 99)} * 0.${ri(1, 9)}`,
    `* Step ${ri(1, 5)}: map loop 2010BA to Subscriber\n* Step ${ri(6, 9)}: map loop 2300 to Claim\n* Step ${ri(10, 12)}: map SV1 to ServiceLine`,
    `int main(int argc, char **argv) { return *argv[0] == '*' ? ${ri(1, 9)} : 0; }`,
  ]), 'prose, markdown and code with asterisks, globs and SQL: no PHI'),
  () => T('json', J({ segment: 'NM1', loop: pick(['2010BA', '2010CA', '2100C', '2100D']), version: pick(['005010X279A1', '005010X222A1', '005010X212']), elements: ['NM101 Entity Identifier Code', 'NM102 Entity Type Qualifier', 'NM103 Name Last', 'NM104 Name First', 'NM108 Identification Code Qualifier', 'NM109 Identification Code'], example: 'NM1*IL*1*LAST*FIRST****MI*MEMBERID~' }), 'X12 mapping documentation with placeholder element values: no PHI'),
  // ======== HL7 v2 ========
  () => { const H = pick(HSEPS); const x = xperson(); return T('text', hjoin([msh(H, ['ADT', 'A01']), evn(H, 'A01'), pid(H, x, { acct: true, withSsn: chance(0.4) }), nk1(H), pv1(H, { cls: 'I' }), in1(H, chance(0.5) ? x : null)], pick(['\r', '\n', '\r\n'])), `ADT^A01 with NK1, PV1 and IN1 (field ${H.f}, component ${H.c}): patient, next of kin, insured names, addresses, phones, DOBs, MRN, account, policy number, admit datetime labelled; MSH/EVN times, attending NPI, visit number, payer name/address, group clean`); },
  () => { const H = HSEPS[0]; const x = xperson(); return T('text', hjoin([msh(H, ['ADT', 'A03']), evn(H, 'A03'), pid(H, x, {}), pv1(H, { cls: 'I', dis: true }), gt1(H)], '\r'), 'ADT^A03 discharge with GT1 guarantor: patient and guarantor names, addresses, phones, DOB, guarantor SSN, admit and discharge datetimes labelled'); },
  () => { const H = HSEPS[0]; const x = xperson(); const d = svcD(); const y = pick([x.p.first, `${x.p.first} ${x.p.last}`]); return T('text', hjoin([msh(H, ['ORU', 'R01']), pid(H, x, { phone: false }), hseg(H, 'OBR', { 1: '1', 2: `ORD${V.digits(7)}`, 3: `F${V.digits(8)}`, 4: ['57021-8', 'CBC W Auto Differential panel', 'LN'], 7: P('DATE', hts(d)) }), hseg(H, 'OBX', { 1: '1', 2: 'NM', 3: ['718-7', 'Hemoglobin', 'LN'], 5: `${ri(90, 170) / 10}`, 6: 'g/dL', 7: '12.0-16.0', 8: pick(['N', 'L']), 11: 'F' }), hseg(H, 'OBX', { 1: '2', 2: 'TX', 3: ['18842-5', 'Comment', 'LN'], 5: L`Called ${P('NAME', y)} at ${P('PHONE', V.phone(1))} with results; ${pick(['she', 'he'])} will repeat labs on ${P('DATE', V.fmtDate(later(d, 7), pick([0, 7])))}.`, 11: 'F' })], pick(['\r', '\n'])), 'ORU^R01 with a TX OBX whose free text names the patient, a phone and a follow-up date; LOINC codes, values and ranges clean'); },
  () => { const H = pick(HSEPS); const x = xperson(); const d = svcD(); const t = `${d8(d)}${pick(['0800', '0915', '1030', '1345', '1500'])}`; return T('text', hjoin([msh(H, ['SIU', 'S12']), hseg(H, 'SCH', { 1: `${ri(100000, 999999)}`, 2: `${ri(100000, 999999)}`, 7: ['FU', 'Follow up'], 8: 'OFFICE', 9: String(pick([15, 20, 30, 45])), 10: 'MIN', 11: ['', '', '', P('DATE', t)], 25: 'Booked' }), pid(H, x, {}), hseg(H, 'RGS', { 1: '1' }), hseg(H, 'AIL', { 1: '1', 3: [pick(['NSFM', 'LAKEVIEW', 'SUMMIT']), pick(['EXAM3', 'RM12', 'MRI1'])] }), hseg(H, 'AIP', { 1: '1', 3: [V.npi(), '', '', '', '', '', '', '', 'NPI'], 4: 'ATT' })], '\r'), 'SIU^S12 scheduling: appointment start in SCH-11 and the patient labelled; appointment ids, location, resource NPI clean'); },
  () => { const H = HSEPS[0]; const x = xperson(); const fr = pick([['<VT>', '<FS><CR>'], ['\\x0b', '\\x1c\\r'], ['\u000b', '\u001c\r']]); return T('log', cat(`${V.ts()} mllp ${pick(['rx', 'recv'])} ${V.privateIP()}:${pick([2575, 6661, 7001])} ${ri(300, 2000)}B `, fr[0], hjoin([msh(H, ['ADT', pick(['A04', 'A08'])]), evn(H, 'A08'), pid(H, x, { acct: chance(0.5), ssn19: chance(0.5) }), pv1(H, { cls: 'O' })], pick(['\r', '<CR>', '\\r'])), fr[1]), 'MLLP-framed ADT in an interface-engine log (start block, end block, segment separators as raw bytes or escapes); private peer address clean'); },
  () => { const H = HSEPS[0]; const x = xperson(); return T('json', J({ channel: pick(['ADT_IN', 'LAB_RESULTS', 'SCHED_OUT']), messageId: `${V.upalnum(12)}`, receivedAt: V.ts(), hl7: hjoin([msh(H, ['ADT', 'A31']), evn(H, 'A31'), pid(H, x, { withSsn: true }), nk1(H)], '\r') }), 'Mirth-style JSON envelope with a \\r-separated message in a string: PID and NK1 values labelled'); },
  () => { const H = HSEPS[0]; const x = xperson(); return T('json', J({ level: 50, time: V.epochMs(), msg: 'HL7 parse failed', err: { message: L`PID-7 is not a valid TS: '${P('DATE', `${pad(ri(1, 12), 2)}/${pad(ri(1, 28), 2)}/${ri(1930, 2010)}`)}'`, segment: hjoin([pid(H, x, { phone: false })]) } }), 'pino error with a bad PID-7 (slash date) echoed and the whole PID in err.segment'); },
  () => { const x = xperson(); const H = HSEPS[0]; return T('error', L`HL7Exception: Failed validation rule: Maxlength: Component: 1 (Street Address) of Field 11 (Patient Address) in Segment PID\n  ${pid(H, x, { caseFn: (s) => s, phone: chance(0.5) })}\n    at ca.uhn.hl7v2.validation.impl.MessageRuleBinding.validate`, 'HAPI validation exception printing the PID (mixed-case names) that failed'); },
  () => { const H = HSEPS[0]; const x = xperson(); return T('text', hjoin([msh(H, ['ADT', 'A08']), pid(H, x, {}), in1(H, null), hseg(H, 'IN2', { 1: P('SSN', V.ssn(2)), 6: P('HEALTH_PLAN_ID', V.mbi(false)) })], '\n'), 'ADT^A08 with IN1 and IN2 (insured SSN, Medicare MBI) written with \\n separators'); },
  // HL7 hard negatives
  () => { const H = HSEPS[0]; return T('text', hjoin([msh(H, ['ACK', pick(['A01', 'A08', 'R01'])]), hseg(H, 'MSA', { 1: pick(['AA', 'AE', 'AR']), 2: V.upalnum(12), 3: pick(['Message accepted', 'Required field missing: PID-5', 'Unknown event type']) })], '\r'), 'HL7 ACK: MSH application/facility codes, control id, timestamp and MSA: no PHI'); },
  () => { const H = HSEPS[0]; const c = V.city(); return T('text', hjoin([msh(H, ['MFN', 'M05']), hseg(H, 'MFI', { 1: 'LOC', 3: 'UPD', 6: 'AL' }), hseg(H, 'MFE', { 1: 'MAD', 4: [pick(['4W', 'ICU', 'MRI1']), pick(['MERCY', 'STANNE'])] }), hseg(H, 'LOC', { 1: [pick(['4W', 'ICU']), '', '', pick(['MERCY', 'STANNE'])], 2: pick(['4 West Medical', 'Intensive Care Unit', 'MRI Suite 1']), 3: 'N', 4: pick(ORGS) }), hseg(H, 'LCH', { 1: [pick(['4W', 'ICU'])], 4: ['ADDR', 'Address'], 5: [orgStreet(), '', cityUp(c), c[1], V.zip(c).replace('-', '')] })], '\r'), 'MFN^M05 location master file: facility name and facility address: no PHI'); },
  () => T('log', cat(`${V.ts()} INFO mllp ${V.privateIP()}:${pick([2575, 6661])} connected; ${ri(0, 900)} messages in queue, last ACK ${pick(['AA', 'AA', 'AE'])} control id ${V.upalnum(12)}, heartbeat ${ri(10, 60)}s`), 'interface-engine status log without message content: no PHI'),
  // ======== CSV / TSV exports ========
  () => { const rows = ri(2, 4); const hdr = 'PatLName,PatFName,DOB (MM/DD/YYYY),Sex,MBR_ID,Phone,Address,City,State,Zip'; const out = [hdr]; for (let i = 0; i < rows; i++) { const p = V.person(); const c = V.city(); out.push(csvRow([P('NAME', p.last), P('NAME', p.first), P('DATE', mdy(V.dobD())), pick(['F', 'M']), P('HEALTH_PLAN_ID', V.memberId()), P('PHONE', V.phone(pick([1, 0]))), P('ADDRESS', V.street()), P('ADDRESS', c[0]), c[1], P('ZIP_CODE', V.zip(c))])); } return T('text', join(out, '\r\n'), 'roster export with \\r\\n line ends and vendor column names: streets with commas or apostrophe names quoted, values inside the quotes labelled; state clean'); },
  () => { const out = ['"pt_last","pt_first","pt_dob","mrn","last_visit","notes"']; for (let i = 0; i < ri(2, 3); i++) { const p = V.person({ group: pick(['euro', 'us', 'afam']) }); out.push(csvRow([P('NAME', p.last), P('NAME', p.first), P('DATE', ymd(V.dobD())), P('MRN', V.mrn()), P('DATE', mdy(svcD())), pick(['prefers "text only", no voicemail', 'needs interpreter (Spanish)', '', 'balance due, see "billing" tab'])], ',', true)); } return T('text', join(out, '\r\n'), 'fully quoted CSV (every field in quotes, embedded quotes doubled in notes): names, DOB, MRN, last visit labelled; notes clean'); },
  () => { const out = ['mbr_id\tpt_first\tpt_last\tbirth_dt\tzip5\tsvc_dt\tcpt\tallowed_amt']; for (let i = 0; i < ri(3, 5); i++) { const p = V.person(); const c = V.city(); out.push(join([P('HEALTH_PLAN_ID', V.memberId()), P('NAME', up(p.first)), P('NAME', up(p.last)), P('DATE', ymd(V.dobD())), P('ZIP_CODE', V.zip(c).slice(0, 5)), P('DATE', ymd(svcD())), CPT(), `${ri(20, 400)}.${pad(ri(0, 99), 2)}`], '\t')); } return T('text', join(out, '\n'), 'TSV from a claims data warehouse: member id, names, birth date, ZIP, service date labelled; CPT and amounts clean'); },
  () => { const out = [`H|${pick(ORGS)}|ELIG|${d8(sysD())}|${pad(ri(1, 999), 6)}`]; let n = ri(2, 4); for (let i = 0; i < n; i++) { const p = V.person(); const a = xaddr(); out.push(join(['D', P('HEALTH_PLAN_ID', V.memberId()), P('NAME', up(p.last)), P('NAME', up(p.first)), P('DATE', d8(V.dobD())), pick(['F', 'M']), P('SSN', V.ssn(2)), P('ADDRESS', a.street), P('ADDRESS', a.city), a.st, P('ZIP_CODE', a.zip), `${ri(2024, 2025)}0101`, ''], '|')); } out.push(`T|${n}`); return T('text', join(out, '\n'), 'pipe-delimited eligibility flat file: header/trailer records clean; detail records with member id, names, DOB, SSN, address labelled; coverage start date clean'); },
  () => { const p = V.person(); const c = V.city(); const st = `${ri(10, 999)} ${pick(['Oak', 'Main', 'Lake'])} St, Apt ${ri(1, 40)}`; return T('log', L`${V.ts()} WARN csv-import row ${ri(2, 900)}: could not parse DOB (MM/DD/YYYY) in ${csvRow([P('NAME', `${p.last}, ${p.first}`), P('DATE', `${V.dobD().y}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}`), P('ADDRESS', st), P('ADDRESS', c[0]), c[1], P('ZIP_CODE', V.zip(c))])}`, 'import warning echoing one CSV row ("Last, First" and the street with a comma quoted)'); },
  () => { const out = ['PatientID;Nachname;Vorname;Geburtsdatum;PLZ;Telefon']; for (let i = 0; i < ri(2, 3); i++) { const p = V.person({ group: 'euro' }); out.push(join([P('OTHER_ID', `P-${pad(ri(1, 9999999), 7)}`), P('NAME', p.last), P('NAME', p.first), P('DATE', V.fmtDate(V.dobD(), 3)), P('ZIP_CODE', V.zip()), P('PHONE', V.phone(1))], ';')); } return T('text', join(out, '\r\n'), 'semicolon-separated export with German headers (Excel locale): patient id, names, DOB dd.mm.yyyy, ZIP and phone labelled'); },
  () => { const p = V.person(); const q = V.person(); return T('json', J({ export: 'roster', format: 'csv', rows: 2, data: cat('first_name,last_name,dob,email\n', join([[P('NAME', p.first), P('NAME', p.last), P('DATE', ymd(V.dobD())), P('EMAIL', V.email(p))], [P('NAME', q.first), P('NAME', q.last), P('DATE', ymd(V.dobD())), P('EMAIL', V.email(q))]].map((r) => csvRow(r)), '\n')) }), 'CSV inside a JSON string (export API response): \\n-escaped rows with names, DOB and email'); },
  () => { const p = V.person(); return T('text', cat(csvRow(['Account #', 'Guarantor', 'Guarantor DOB', 'Balance', 'Last Stmt']), '\r\n', csvRow([P('ACCOUNT_NUMBER', V.accountNumber()), P('NAME', V.lastFirst(p)), P('DATE', mdy(V.dobD())), `$${ri(10, 9000)}.${pad(ri(0, 99), 2)}`, mdy(sysD())])), 'A/R export row: account number, guarantor "Last, First" (quoted) and DOB labelled; balance and statement date clean'); },
  // CSV / TSV hard negatives
  () => { const out = ['sku,description,lot,expiry,qty_on_hand,reorder_point']; for (let i = 0; i < ri(3, 5); i++) out.push(csvRow([`SKU-${V.digits(6)}`, pick(['Nitrile gloves, M, box/100', 'Syringe 3 mL Luer-Lok', 'Gauze pad 4"x4" sterile', 'Alcohol prep pad', 'Face shield, adjustable']), `L${V.digits(6)}`, ymd({ y: ri(2025, 2028), m: ri(1, 12), d: ri(1, 28) }), String(ri(0, 900)), String(ri(10, 100))])); return T('text', join(out, '\r\n'), 'supply inventory CSV: SKUs, lot numbers, expiry dates and quantities: no PHI'); },
  () => { const out = ['cpt\tdescription\tcash_price\tmedicare_rate\teffective']; for (let i = 0; i < ri(3, 5); i++) out.push([CPT(), pick(['Office visit est. pt, 15 min', 'Venipuncture', 'Comprehensive metabolic panel', 'ECG 12-lead', 'Chest x-ray 2 views']), `${ri(20, 400)}.00`, `${ri(10, 200)}.${pad(ri(0, 99), 2)}`, `${ri(2024, 2026)}-01-01`].join('\t')); return T('text', out.join('\n'), 'price transparency TSV: codes, prices and effective dates: no PHI'); },
  () => { const out = ['clinic_id,date,slot_start,slot_end,capacity,booked,provider_npi']; const d = { y: ri(2024, 2025), m: ri(1, 12), d: ri(1, 20) }; const npi = V.npi(); for (let i = 0; i < ri(3, 5); i++) { const h = 8 + i; out.push(`${ri(1, 40)},${ymd(d)},${pad(h, 2)}:00,${pad(h, 2)}:30,${ri(2, 6)},${ri(0, 6)},${npi}`); } return T('text', out.join('\r\n'), 'appointment slot capacity export: clinic ids, slot dates and times, counts, provider NPI: no PHI'); },
  () => T('text', ['Name|Type|Street|City|State|Zip|Phone', ...Array.from({ length: ri(2, 3) }, () => { const c = V.city(); return [pick(ORGS), pick(['Hospital', 'Clinic', 'Imaging', 'Lab']), orgStreet(), cityUp(c), c[1], V.zip(c), `800-555-${pad(ri(100, 199), 4)}`].join('|'); })].join('\n'), 'facility directory flat file: organisation names, addresses and main lines: no PHI'),
  () => T('log', cat(`${V.ts()} INFO export roster.csv: ${ri(100, 9000)} rows, ${ri(10, 14)} columns (PatLName, PatFName, DOB, MBR_ID, …) written to s3://exports-${V.lowalnum(6)}/roster-${d8(sysD())}.csv in ${V.ms()}`), 'export job log listing column names and a dated file name, no values: no PHI'),
  // ======== NCPDP / pharmacy ========
  () => { const n = pick(NC); const x = xperson(); const c = V.city(); const d = svcD(); const bin = pick(['610014', '004336', '610020', '003858', '015581']); const hdr = `${bin}D0B1${pick(['ADV', 'MEDDADV', 'A4', '9999'])}`.padEnd(20) + `101${V.npi()}`.padEnd(18); return T('log', L`${V.ts()} switch B1 req bin=${bin}: ${hdr}${P('DATE', d8(d))}${pad(ri(1000000, 9999999), 10)}${n.rs}${n.fs}AM04${n.fs}C2${P('HEALTH_PLAN_ID', V.memberId())}${n.fs}C1${`GRP${ri(100, 9999)}`}${n.fs}CC${P('NAME', x.first)}${n.fs}CD${P('NAME', x.last)}${n.fs}C301${n.rs}${n.fs}AM01${n.fs}C4${P('DATE', d8(V.dobD()))}${n.fs}C5${pick(['1', '2'])}${n.fs}CA${P('NAME', x.first)}${n.fs}CB${P('NAME', x.last)}${n.fs}CP${P('ZIP_CODE', V.zip(c).replace('-', ''))}${n.gs}${n.rs}${n.fs}AM07${n.fs}EM1${n.fs}D2${pad(ri(1, 99999999), 12)}${n.fs}E103${n.fs}D7${ndc()}${n.fs}E7${ri(1, 90)}000${n.fs}D5${pick([7, 30, 90])}`, 'NCPDP D.0 B1 claim as a switch logs it: header date of service, cardholder id C2, cardholder and patient names, DOB C4, ZIP CP labelled; BIN/PCN, pharmacy NPI, group C1, Rx number D2, NDC, quantities clean'); },
  () => { const x = xperson(); return T('json', J({ bin: pick(['610014', '004336', '610020']), pcn: pick(['ADV', 'MEDDADV', '9999']), group: `RX${ri(1000, 9999)}`, cardholderId: P('HEALTH_PLAN_ID', V.memberId()), personCode: pick(['01', '02', '03']), patient: { firstName: P('NAME', x.p.first), lastName: P('NAME', x.p.last), dateOfBirth: P('DATE', ymd(V.dobD())) }, ndc: ndc(), quantity: ri(14, 90), daysSupply: pick([7, 30, 90]), status: pick(['PAID', 'REJECTED']), rejectCodes: pick([[], ['75'], ['79', 'M5']]) }), 'pharmacy claim JSON: cardholder id, patient names, DOB labelled; BIN, PCN, group, NDC, person code, reject codes clean'); },
  () => { const x = xperson(); return T('log', L`${V.ts()} WARN pbm: claim rejected 65 (Patient Not Covered) cardholder=${P('HEALTH_PLAN_ID', V.memberId())} dob=${P('DATE', d8(V.dobD()))} patient=${P('NAME', x.last)},${P('NAME', x.first)} rx=${pad(ri(1, 9999999), 7)} ndc=${ndc()} bin=${pick(['610014', '004336'])}`, 'pharmacy reject log: cardholder id, DOB, LAST,FIRST labelled; Rx number, NDC, BIN clean'); },
  () => T('log', cat(`${V.ts()} INFO ncpdp: ${ri(100, 9000)} B1 transactions, ${ri(0, 300)} rejects (top: 75 PA required, 79 refill too soon, 70 NDC not covered), avg ${V.ms()} to switch ${pick(['RELAYHEALTH', 'CHANGEHC', 'SURESCRIPTS'])}`), 'pharmacy switch summary with reject codes and counts: no PHI'),
  // ======== lab order API ========
  () => { const p = V.person(); const c = V.city(); const d = svcD(); return T('json', J({ order: { requisitionId: `REQ-${V.digits(8)}`, status: 'submitted', patient: { firstName: P('NAME', p.first), lastName: P('NAME', p.last), dob: P('DATE', ymd(V.dobD())), sex: pick(['F', 'M']), phone: P('PHONE', V.phone(1)), address: { line1: P('ADDRESS', V.street()), city: P('ADDRESS', c[0]), state: c[1], zip: P('ZIP_CODE', V.zip(c)) } }, insurance: { payer: pick(PAYERS)[0], memberId: P('HEALTH_PLAN_ID', V.memberId()), groupNumber: `GRP${ri(1000, 99999)}`, relationship: 'self' }, orderingProvider: { npi: V.npi() }, tests: [{ code: pick(['322000', '005009', '001453', '083935']), name: pick(['Comprehensive Metabolic Panel', 'CBC With Differential', 'Hemoglobin A1c', 'Lipid Panel']) }], collectionDate: P('DATE', ymd(d)), icd10: [ICD()] } }, chance(0.3) ? 'spaced' : 'compact'), 'lab vendor order API body: patient names, DOB, phone, address, member id, collection date labelled; requisition id, payer, group, NPI, test and ICD codes clean'); },
  () => { const p = V.person(); return T('json', J({ event: 'result.available', requisitionId: `REQ-${V.digits(8)}`, accession: `${V.upper(2)}${V.digits(9)}`, patient: { name: P('NAME', `${up(p.last)},${up(p.first)}`), dob: P('DATE', mdy(V.dobD())), mrn: P('MRN', V.mrn()) }, collectedAt: P('DATE', V.isoDateTime(svcD())), reportedAt: V.ts(), abnormal: chance(0.5) }), 'lab result webhook: patient LAST,FIRST, DOB, MRN and collection datetime labelled; accession, requisition and reportedAt clean'); },
  () => T('json', J({ requisitionId: `REQ-${V.digits(8)}`, status: pick(['in_transit', 'received', 'resulted']), lab: pick(['LabCorp', 'Quest', 'Sonic']), specimenCount: ri(1, 4), updatedAt: V.ts(), tracking: `1Z${V.upalnum(16)}` }), 'lab order status update without patient data: ids, statuses, tracking number: no PHI'),
];
