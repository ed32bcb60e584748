// Synthetic value generators (seeded). All PHI here is fabricated from common
// name lists and format/checksum rules.
import {
  luhnCheckDigit, ibanCheckDigits, vinCheckChar, MBI_LETTERS, deaCheckDigit, P, L, cat,
} from './lib.mjs';

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let R = mulberry32(1);
export function seed(n) { R = mulberry32(n); }
export const rnd = () => R();
export const ri = (a, b) => a + Math.floor(R() * (b - a + 1));
export const pick = (a) => a[Math.floor(R() * a.length)];
export const chance = (p) => R() < p;
export const pad = (n, w) => String(n).padStart(w, '0');
export function shuffle(a) {
  const b = a.slice();
  for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(R() * (i + 1)); [b[i], b[j]] = [b[j], b[i]]; }
  return b;
}
const fromSet = (set, n) => { let s = ''; for (let i = 0; i < n; i++) s += set[Math.floor(R() * set.length)]; return s; };
export const digits = (n) => fromSet('0123456789', n);
export const hex = (n) => fromSet('0123456789abcdef', n);
export const HEX = (n) => fromSet('0123456789ABCDEF', n);
export const alnum = (n) => fromSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
export const lowalnum = (n) => fromSet('abcdefghijklmnopqrstuvwxyz0123456789', n);
export const upalnum = (n) => fromSet('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n);
export const upper = (n) => fromSet('ABCDEFGHIJKLMNOPQRSTUVWXYZ', n);
export const b64 = (n) => fromSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
export const b64url = (n) => fromSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', n);

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------
const G = {
  us: {
    f: ['John', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Jennifer', 'James', 'Susan', 'Margaret', 'Dorothy', 'Harold', 'Barbara', 'Richard', 'Karen', 'Thomas', 'Nancy', 'Joseph', 'Betty', 'Charles', 'Helen', 'Emily', 'Olivia', 'Ethan', 'Noah'],
    l: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Allen', 'Wright', 'Hill', 'Scott', 'Green', 'Baker', 'Nelson'],
  },
  hisp: {
    f: ['José', 'María', 'Juan', 'Ana', 'Luis', 'Sofía', 'Carlos', 'Lucía', 'Jesús', 'Guadalupe', 'Alejandro', 'Valentina', 'Andrés', 'Camila', 'Raúl', 'Ximena', 'Jorge', 'Rosa', 'Héctor', 'Inés', 'Ramón', 'Mónica'],
    l: ['García', 'López', 'Martínez', 'Hernández', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Núñez', 'Ortiz', 'Castillo', 'Jiménez', 'Peña', 'Vargas', 'Morales', 'Gutiérrez', 'Domínguez', 'Ibáñez', 'Cruz'],
  },
  east: {
    f: ['Wei', 'Mei', 'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'Thanh', 'Linh', 'Xiaoling', 'Haruto', 'Jun', 'Soo-ah', 'Kenji', 'Akiko', 'Hyun-woo', 'Jing', 'Duc', 'Hoa'],
    l: ['Zhang', 'Wang', 'Li', 'Chen', 'Tanaka', 'Sato', 'Kim', 'Park', 'Nguyen', 'Tran', 'Liu', 'Yamamoto', 'Choi', 'Huang', 'Pham', 'Lee', 'Watanabe', 'Zhao'],
  },
  south: {
    f: ['Priya', 'Arjun', 'Ananya', 'Rohan', 'Sanjay', 'Deepika', 'Imran', 'Fatima', 'Vikram', 'Lakshmi', 'Aarav', 'Kavya', 'Sunita', 'Rajesh', 'Nusrat', 'Harpreet', 'Meera', 'Arvind'],
    l: ['Patel', 'Sharma', 'Gupta', 'Singh', 'Reddy', 'Iyer', 'Khan', 'Chowdhury', 'Nair', 'Desai', 'Mehta', 'Banerjee', 'Krishnan', 'Rahman', 'Kaur', 'Joshi', 'Venkataraman', 'Bhattacharya'],
  },
  euro: {
    f: ['Hans', 'Zoë', 'Søren', 'Chloé', 'Luca', 'Ingrid', 'Pierre', 'Aoife', 'Björn', 'Małgorzata', 'François', 'Giulia', 'Siobhan', 'Eamon', 'Jürgen', 'Anneliese', 'Niamh', 'Stanisław', 'Renée', 'Matteo'],
    l: ["O'Brien", "D'Angelo", 'Müller', 'Dubois', 'Nielsen', 'Rossi', 'Kowalski', 'Schmidt', 'Fitzgerald', 'Larsen', 'MacDonald', 'Novák', "O'Connor", 'Van der Berg', 'Lefèvre', 'Østergaard', 'Brennan', 'Wiśniewski', 'Moretti', 'McAllister'],
  },
  afam: {
    f: ['DeShawn', 'Latoya', 'Tyrone', 'Keisha', 'Jamal', 'Imani', 'Darnell', 'Shanice', 'Malik', 'Aaliyah', 'Terrence', 'Ebony', 'Marquis', 'Tanisha', 'Jalen', "Da'Quan", 'Precious', 'Cornelius'],
    l: ['Washington', 'Jackson', 'Jefferson', 'Robinson', 'Harris', 'Banks', 'Booker', 'Mosley', 'Freeman', 'Coleman', 'Gaines', 'Dorsey', 'Pettaway', 'Okafor', 'Mensah', 'Adeyemi'],
  },
};
// Names written in CJK / Hangul script, with romanisation for handles.
const SCRIPT_NAMES = [
  { full: '王伟', first: '伟', last: '王', rom: ['wei', 'wang'] },
  { full: '李娜', first: '娜', last: '李', rom: ['na', 'li'] },
  { full: '张敏', first: '敏', last: '张', rom: ['min', 'zhang'] },
  { full: '陈静', first: '静', last: '陈', rom: ['jing', 'chen'] },
  { full: '佐藤 健', first: '健', last: '佐藤', rom: ['ken', 'sato'] },
  { full: '田中 美咲', first: '美咲', last: '田中', rom: ['misaki', 'tanaka'] },
  { full: '김민준', first: '민준', last: '김', rom: ['minjun', 'kim'] },
  { full: '박서연', first: '서연', last: '박', rom: ['seoyeon', 'park'] },
];
const GROUPS = ['us', 'us', 'hisp', 'hisp', 'east', 'south', 'euro', 'afam', 'afam'];

export const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ø/g, 'o').replace(/Ø/g, 'O');

export function person(opts = {}) {
  if (opts.script || (opts.allowScript && chance(0.08))) {
    const s = pick(SCRIPT_NAMES);
    return { ...s, script: true, middle: null, group: 'script' };
  }
  const group = opts.group || pick(GROUPS);
  const g = G[group];
  const first = pick(g.f);
  let last = pick(g.l);
  if (group === 'hisp' && chance(0.5)) { let l2 = pick(g.l); if (l2 !== last) last += ' ' + l2; }
  else if (chance(0.1)) { const l2 = pick(G[pick(['us', 'hisp', 'afam', 'euro'])].l); if (!/[ ']/.test(l2) && l2 !== last && !/[ '-]/.test(last)) last += '-' + l2; }
  const middle = chance(0.2) ? pick([...'ABCDEFGHJKLMNPRSTW']) : null;
  const f0 = fold(first).toLowerCase().replace(/[^a-z]/g, '');
  const l0 = fold(last).toLowerCase().replace(/[^a-z]/g, '');
  return { first, last, middle, group, script: false, rom: [f0, l0] };
}

export function fullName(p, withMiddle = true) {
  if (p.script) return p.full;
  return p.first + (withMiddle && p.middle ? ` ${p.middle}.` : '') + ' ' + p.last;
}
export function lastFirst(p) {
  if (p.script) return p.full;
  return `${p.last}, ${p.first}` + (p.middle ? ` ${p.middle}` : '');
}
export function nameVariant(p) {
  if (p.script) return p.full;
  const r = rnd();
  if (r < 0.55) return fullName(p);
  if (r < 0.8) return lastFirst(p);
  if (r < 0.9) return `${p.last.toUpperCase()}, ${p.first.toUpperCase()}`;
  return fullName(p, false);
}
export const initials = (p) => p.script ? p.full : `${fold(p.first)[0]}.${fold(p.last)[0]}.`;

// ---------------------------------------------------------------------------
// Email, phone
// ---------------------------------------------------------------------------
const MAIL = ['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'proton.me', 'example.com', 'example.org', 'comcast.net', 'att.net'];
export function email(p) {
  p = p || person();
  const [f, l] = p.rom;
  const fm = pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}.${l}${ri(1, 99)}`, `${f}${ri(1950, 2005)}`, `${l}.${f}`, `${f}${l[0]}${ri(10, 999)}`]);
  return `${fm}@${pick(MAIL)}`;
}
const AREAS = ['312', '773', '415', '212', '646', '713', '602', '206', '617', '305', '404', '503', '720', '214', '818', '505', '808', '907', '208', '615', '901', '414', '702', '919'];
export function phoneParts() {
  const a = pick(AREAS);
  if (chance(0.7)) return [a, '555', '01' + digits(2)];
  return [a, String(ri(2, 9)) + digits(1) + String(ri(2, 9)), digits(4)].map((x, i) => (i === 1 && x === '555' ? '556' : x));
}
export function fmtPhone(parts, style) {
  const [a, e, n] = parts;
  style = style ?? ri(0, 8);
  switch (style) {
    case 0: return `(${a}) ${e}-${n}`;
    case 1: return `${a}-${e}-${n}`;
    case 2: return `${a}.${e}.${n}`;
    case 3: return `+1 ${a} ${e} ${n}`;
    case 4: return `+1-${a}-${e}-${n}`;
    case 5: return `${a}${e}${n}`;
    case 6: return `+1${a}${e}${n}`;
    case 7: return `1-${a}-${e}-${n}`;
    default: return `(${a})${e}-${n}`;
  }
}
export const phone = (style) => fmtPhone(phoneParts(), style);
export const e164 = () => fmtPhone(phoneParts(), 6);

// ---------------------------------------------------------------------------
// Address
// ---------------------------------------------------------------------------
export const CITIES = [
  ['Springfield', 'IL', 'Illinois', '627'], ['Chicago', 'IL', 'Illinois', '606'], ['Houston', 'TX', 'Texas', '770'],
  ['Phoenix', 'AZ', 'Arizona', '850'], ['Philadelphia', 'PA', 'Pennsylvania', '191'], ['San Antonio', 'TX', 'Texas', '782'],
  ['San Diego', 'CA', 'California', '921'], ['Dallas', 'TX', 'Texas', '752'], ['San José', 'CA', 'California', '951'],
  ['Austin', 'TX', 'Texas', '787'], ['Jacksonville', 'FL', 'Florida', '322'], ['Columbus', 'OH', 'Ohio', '432'],
  ['Charlotte', 'NC', 'North Carolina', '282'], ['Seattle', 'WA', 'Washington', '981'], ['Denver', 'CO', 'Colorado', '802'],
  ['Boston', 'MA', 'Massachusetts', '021'], ['Detroit', 'MI', 'Michigan', '482'], ['Nashville', 'TN', 'Tennessee', '372'],
  ['Portland', 'OR', 'Oregon', '972'], ['Las Vegas', 'NV', 'Nevada', '891'], ['Memphis', 'TN', 'Tennessee', '381'],
  ['Baltimore', 'MD', 'Maryland', '212'], ['Milwaukee', 'WI', 'Wisconsin', '532'], ['Albuquerque', 'NM', 'New Mexico', '871'],
  ['Tucson', 'AZ', 'Arizona', '857'], ['Fresno', 'CA', 'California', '937'], ['Sacramento', 'CA', 'California', '958'],
  ['Atlanta', 'GA', 'Georgia', '303'], ['Miami', 'FL', 'Florida', '331'], ['Oakland', 'CA', 'California', '946'],
  ['Minneapolis', 'MN', 'Minnesota', '554'], ['Tulsa', 'OK', 'Oklahoma', '741'], ['New Orleans', 'LA', 'Louisiana', '701'],
  ['Honolulu', 'HI', 'Hawaii', '968'], ['Anchorage', 'AK', 'Alaska', '995'], ['Boise', 'ID', 'Idaho', '837'],
  ['Burlington', 'VT', 'Vermont', '054'], ['Española', 'NM', 'New Mexico', '875'], ["Coeur d'Alene", 'ID', 'Idaho', '838'],
  ['St. Louis', 'MO', 'Missouri', '631'], ['Winston-Salem', 'NC', 'North Carolina', '271'], ['Brooklyn', 'NY', 'New York', '112'],
];
const STREETS = ['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Main', 'Park', '3rd', '5th', '12th', 'Martin Luther King Jr', 'Cesar Chavez', 'Peachtree', 'Mission', 'Sunset', 'Willow', 'Chestnut', 'Highland', 'Riverside', 'Magnolia', 'Lincoln', 'Jefferson', 'Meadowbrook', 'Kalākaua', 'Sepúlveda', 'Prospect', 'Walnut'];
const SUFFIX = ['Street', 'St', 'St.', 'Ave', 'Avenue', 'Blvd', 'Rd', 'Road', 'Lane', 'Ln', 'Dr', 'Drive', 'Ct', 'Way', 'Pl', 'Terrace', 'Circle'];
export function street(noBox = false) {
  const r = noBox ? 1 : rnd();
  if (r < 0.08) return `PO Box ${ri(10, 9999)}`;
  if (r < 0.1) return `P.O. Box ${ri(10, 999)}`;
  let s = `${ri(1, 9899)} `;
  if (chance(0.25)) s += pick(['N', 'S', 'E', 'W', 'NE', 'SW']) + ' ';
  s += pick(STREETS) + ' ' + pick(SUFFIX);
  if (chance(0.3)) s += pick([' Apt ', ' Apt. ', ' Unit ', ' #', ', Apt ', ' Ste ']) + pick([`${ri(1, 40)}${pick(['A', 'B', 'C', 'D', ''])}`, `${ri(100, 1299)}`]);
  return s;
}
export function city() { return pick(CITIES); }
export function cityState(c, style) {
  c = c || city();
  style = style ?? ri(0, 3);
  if (style === 0 || style === 1) return `${c[0]}, ${c[1]}`;
  if (style === 2) return `${c[0]}, ${c[2]}`;
  return `${c[0]} ${c[1]}`;
}
export function zip(c) {
  c = c || city();
  return c[3] + pad(ri(1, 99), 2) + (chance(0.2) ? '-' + pad(ri(1, 9999), 4) : '');
}
// Full address fragment: street, city+state, zip.
export function addressF(sep = ', ', noBox = false) {
  const c = city();
  return L`${P('ADDRESS', street(noBox))}${sep}${P('ADDRESS', cityState(c))} ${P('ZIP_CODE', zip(c))}`;
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const MON = MONTHS.map((m) => m.slice(0, 3));
export function dobD() { return { y: ri(1926, 2019), m: ri(1, 12), d: ri(1, 28) }; }
export function oldDobD() { return { y: ri(1926, 1934), m: ri(1, 12), d: ri(1, 28) }; }
export function recentD() { return { y: ri(2019, 2025), m: ri(1, 12), d: ri(1, 28) }; }
export function fmtDate(dt, style) {
  const { y, m, d } = dt;
  style = style ?? ri(0, 11);
  switch (style) {
    case 0: return `${pad(m, 2)}/${pad(d, 2)}/${y}`;
    case 1: return `${m}/${d}/${String(y).slice(2)}`;
    case 2: return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    case 3: return `${pad(d, 2)}.${pad(m, 2)}.${y}`;
    case 4: return `${MONTHS[m - 1]} ${d}, ${y}`;
    case 5: return `${d} ${MON[m - 1]} ${y}`;
    case 6: return `${MON[m - 1]} ${d} ${y}`;
    case 7: return `${m}/${d}/${y}`;
    case 8: return `${pad(m, 2)}-${pad(d, 2)}-${y}`;
    case 9: return `${MON[m - 1]}. ${d}, ${y}`;
    case 10: return `${d}-${MON[m - 1].toUpperCase()}-${y}`;
    default: return `${y}/${pad(m, 2)}/${pad(d, 2)}`;
  }
}
export const isoDate = (dt) => fmtDate(dt, 2);
export const isoDateTime = (dt, z = true) => `${isoDate(dt)}T${pad(ri(6, 20), 2)}:${pick(['00', '15', '30', '45', pad(ri(0, 59), 2)])}:00${z ? pick(['Z', '.000Z', '-05:00', '']) : ''}`;
export const dob = (style) => fmtDate(dobD(), style);
export const visit = (style) => fmtDate(recentD(), style);

// Non-PHI timestamps (log lines etc.)
export function ts() { const d = recentD(); return `${isoDate({ ...d, y: ri(2024, 2025) })}T${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}Z`; }
export const epochMs = () => 1704067200000 + ri(0, 59999999) * 1000 + ri(0, 999);
export const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
export const reqId = () => pick([() => `req_${lowalnum(12)}`, () => uuid(), () => `${hex(16)}`, () => `iad1::${lowalnum(5)}-${epochMs()}-${hex(12)}`])();
export const host = () => pick([`web-${hex(6)}-${lowalnum(5)}`, `ip-10-0-${ri(0, 9)}-${ri(2, 250)}`, `api-${ri(1, 9)}`, 'portal-prod-2', `next-${hex(9)}-${lowalnum(5)}`]);

// ---------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------
export function ssnDigits() {
  let area;
  do { area = ri(1, 899); } while (area === 666);
  return [pad(area, 3), pad(ri(1, 99), 2), pad(ri(1, 9999), 4)];
}
export function ssn(style) {
  const [a, g, s] = ssnDigits();
  style = style ?? pick([0, 0, 0, 1, 2]);
  return style === 0 ? `${a}-${g}-${s}` : style === 1 ? `${a} ${g} ${s}` : `${a}${g}${s}`;
}
export function badSsn() {
  const k = ri(0, 4);
  const [a, g, s] = ssnDigits();
  if (k === 0) return `000-${g}-${s}`;
  if (k === 1) return `666-${g}-${s}`;
  if (k === 2) return `${ri(900, 999)}-${g}-${s}`;
  if (k === 3) return `${a}-00-${s}`;
  return `${a}-${g}-0000`;
}
export function mrn() {
  return pick([() => pad(ri(100000, 9999999), 8), () => `MRN-${ri(1000000, 9999999)}`, () => `${upper(1)}${digits(7)}`, () => `${ri(10, 99)}-${digits(6)}`, () => `E${digits(9)}`, () => digits(7), () => `H${digits(6)}`])();
}
export const mrnNum = () => ri(1000000, 99999999);
export function mbi(dashes) {
  const Lt = () => pick([...MBI_LETTERS]);
  const AN = () => (chance(0.5) ? String(ri(0, 9)) : Lt());
  const s = `${ri(1, 9)}${Lt()}${AN()}${ri(0, 9)}${Lt()}${AN()}${ri(0, 9)}${Lt()}${Lt()}${ri(0, 9)}${ri(0, 9)}`;
  dashes = dashes ?? chance(0.3);
  return dashes ? `${s.slice(0, 4)}-${s.slice(4, 7)}-${s.slice(7)}` : s;
}
export function memberId() {
  return pick([() => `${upper(3)}${digits(9)}`, () => `W${digits(10)}`, () => `${digits(9)}${pick(['01', '02', '00'])}`, () => `U${digits(8)}`, () => `${upper(2)}${digits(7)}-${pad(ri(1, 9), 2)}`, () => `M${digits(8)}`, () => `ZGP${digits(9)}`])();
}
export function accountNumber() {
  return pick([() => digits(ri(8, 12)).replace(/^0/, '4'), () => `${upper(2)}-${digits(8)}`, () => `ACCT${digits(8)}`, () => `${digits(4)}-${digits(6)}`])();
}
export function driversLicense() {
  return pick([() => `${upper(1)}${digits(7)}`, () => `${upper(1)}${digits(3)}-${digits(4)}-${digits(4)}`, () => digits(9), () => `${upper(1)}${digits(12)}`, () => `${digits(3)}-${digits(3)}-${digits(3)}`, () => `${upper(2)}${digits(6)}`])();
}
export function dea() {
  const six = digits(6);
  return `${pick([...'ABFGMPRX'])}${upper(1)}${six}${deaCheckDigit(six)}`;
}
export function npi() {
  const nine = String(ri(1, 2)) + digits(8);
  return nine + luhnCheckDigit('80840' + nine);
}
const WMI = ['1HG', '1FT', '5YJ', 'JTD', 'WBA', '3VW', '1G1', '2T3', 'KMH', '4T1', '1C4', 'JN8', 'WDD', '5FN', '1N4', 'YV1'];
const VINCH = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export function vin() {
  let v = pick(WMI);
  for (let i = 0; i < 5; i++) v += pick([...VINCH]);
  v += '0';
  v += pick([...'ABCDEFGHJKLMNPRSTVWXY123456789']);
  v += pick([...VINCH]);
  v += digits(6);
  const c = vinCheckChar(v);
  return v.slice(0, 8) + c + v.slice(9);
}
export function plate() {
  return pick([() => `${ri(1, 9)}${upper(3)}${digits(3)}`, () => `${upper(3)}-${digits(4)}`, () => `${upper(3)} ${digits(3)}`, () => `${digits(3)} ${upper(3)}`, () => `${upper(2)}${digits(2)}${upper(3)}`])();
}
export function deviceSerial() {
  return pick([() => `PJN${digits(6)}${upper(1)}`, () => `RNB${digits(6)}H`, () => `SN-${upalnum(10)}`, () => `${upper(3)}${digits(7)}`, () => `C02${upalnum(9)}`, () => `PZX${digits(6)}S`, () => `A${digits(2)}-${upalnum(6)}`])();
}
export function udi() {
  return `(01)${digits(14)}(17)${pad(ri(25, 29), 2)}${pad(ri(1, 12), 2)}${pad(ri(1, 28), 2)}(21)${upalnum(8)}`;
}
export function biometricId() {
  return pick([() => `FP-${hex(12)}`, () => `RTN-${digits(8)}`, () => `VP${upalnum(10)}`, () => `FT-${uuid()}`, () => `bio_${lowalnum(16)}`, () => `IRIS-${HEX(8)}`])();
}
export function patientId() {
  return pick([() => `P-${pad(ri(1, 9999999), 7)}`, () => `PT${digits(8)}`, () => `pat_${lowalnum(10)}`, () => `${digits(7)}`, () => `P${digits(6)}`])();
}
export function claimNumber() {
  return pick([() => `CLM-${ri(2019, 2025)}-${pad(ri(1, 9999999), 7)}`, () => `${digits(4)}${upper(1)}${digits(8)}`, () => `C${digits(11)}`, () => `CL${digits(9)}`])();
}
export const caseNumber = () => pick([() => `CASE-${digits(6)}`, () => `${ri(2020, 2025)}-CV-${digits(5)}`, () => `INC${digits(7)}`, () => `AP-${digits(8)}`])();
export function publicIPv4() {
  for (;;) {
    const a = ri(1, 223);
    if ([10, 127, 100, 169, 172, 192, 0].includes(a)) continue;
    return `${a}.${ri(0, 255)}.${ri(0, 255)}.${ri(1, 254)}`;
  }
}
export function publicIPv6() {
  return pick([
    () => `2601:${hex(3)}:${hex(4)}:${hex(3)}::${hex(2)}`,
    () => `2a02:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`,
    () => `2600:1700:${hex(4)}:${hex(4)}::${hex(3)}`,
    () => `2607:fb90:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`,
  ])().replace(/:0+([0-9a-f])/g, ':$1');
}
export const privateIP = () => pick([() => `10.0.${ri(0, 9)}.${ri(2, 250)}`, () => `172.${ri(16, 31)}.${ri(0, 255)}.${ri(2, 250)}`, () => `192.168.${ri(0, 20)}.${ri(2, 250)}`, () => '127.0.0.1'])();
export function card(style) {
  const brand = pick(['visa', 'visa', 'mc', 'mc2', 'amex', 'disc']);
  let pre, len;
  if (brand === 'visa') { pre = '4'; len = 16; }
  else if (brand === 'mc') { pre = String(ri(51, 55)); len = 16; }
  else if (brand === 'mc2') { pre = String(ri(2221, 2720)); len = 16; }
  else if (brand === 'amex') { pre = pick(['34', '37']); len = 15; }
  else { pre = '6011'; len = 16; }
  let body = pre + digits(len - 1 - pre.length);
  const num = body + luhnCheckDigit(body);
  style = style ?? ri(0, 2);
  const sep = ['', ' ', '-'][style];
  if (len === 15) return sep ? [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep) : num;
  return sep ? num.match(/.{4}/g).join(sep) : num;
}
export function badCard() {
  const c = card(ri(0, 2));
  const d = +c[c.length - 1];
  return c.slice(0, -1) + ((d + ri(1, 9)) % 10);
}
const IBAN_FMT = {
  DE: () => digits(8) + digits(10),
  GB: () => pick(['NWBK', 'BARC', 'HBUK', 'LOYD', 'MIDL']) + digits(6) + digits(8),
  FR: () => digits(5) + digits(5) + digits(11) + digits(2),
  NL: () => pick(['ABNA', 'RABO', 'INGB', 'TRIO', 'SNSB']) + digits(10),
  ES: () => digits(20),
  IT: () => upper(1) + digits(10) + upalnum(12).replace(/[IO]/g, '7'),
  CH: () => digits(5) + digits(12),
  BE: () => digits(12),
  IE: () => pick(['AIBK', 'BOFI']) + digits(6) + digits(8),
};
export function iban(spaced) {
  const cc = pick(Object.keys(IBAN_FMT));
  const bban = IBAN_FMT[cc]();
  const raw = cc + ibanCheckDigits(cc, bban) + bban;
  spaced = spaced ?? chance(0.5);
  return spaced ? raw.match(/.{1,4}/g).join(' ') : raw;
}
export function badIban() {
  const v = iban(false);
  // flip one BBAN digit: always breaks mod-97. The position must hold a digit:
  // Italian and other BBANs end in letters, and "flipping" a letter left a valid IBAN.
  let idx;
  do { idx = v.length - 1 - ri(0, 9); } while (!/\d/.test(v[idx]));
  const d = v[idx];
  const nd = String((+d + ri(1, 9)) % 10);
  const out = v.slice(0, idx) + nd + v.slice(idx + 1);
  return chance(0.5) ? out.match(/.{1,4}/g).join(' ') : out;
}
const ABA_PRE = [...Array.from({ length: 12 }, (_, i) => i + 1), ...Array.from({ length: 12 }, (_, i) => i + 21), ...Array.from({ length: 12 }, (_, i) => i + 61), 80];
export function aba() {
  const s = pad(pick(ABA_PRE), 2) + digits(6);
  const d = [...s].map(Number);
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
  return s + ((10 - (sum % 10)) % 10);
}
export function badAba() {
  const v = aba();
  return v.slice(0, 8) + ((+v[8] + ri(1, 9)) % 10);
}
export function jwt() {
  const header = Buffer.from(JSON.stringify({ alg: pick(['HS256', 'RS256']), typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: `usr_${lowalnum(10)}`, iat: Math.floor(epochMs() / 1000), scope: 'patient.read' })).toString('base64url');
  return `${header}.${payload}.${b64url(43)}`;
}
export function apiKey() {
  return pick([
    () => `sk_live_${alnum(24)}`, () => `sk_live_${alnum(99)}`.slice(0, 107), () => `AKIA${upalnum(16)}`, () => `ghp_${alnum(36)}`,
    () => `xoxb-${digits(11)}-${digits(13)}-${alnum(24)}`, () => `sk-proj-${b64url(48)}`, () => `rk_live_${alnum(24)}`, () => `github_pat_11${upalnum(20)}_${alnum(59)}`,
    () => `SG.${b64url(22)}.${b64url(43)}`,
  ])();
}
export const awsSecret = () => b64(40).replace(/\+/g, 'k');
export function password() {
  return pick([() => `${pick(['Summer', 'Winter', 'Hunter', 'Dragon', 'Sunshine', 'Monkey', 'Letmein', 'Baseball'])}${ri(1, 2025)}${pick(['!', '#', '$', '', '@'])}`, () => alnum(ri(12, 20)), () => `${pick(['correct', 'purple', 'maple', 'rocket'])}-${pick(['horse', 'battery', 'staple', 'llama'])}-${ri(10, 99)}`, () => `P@ssw0rd${ri(1, 99)}`])();
}
export function pem() {
  const kind = pick(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
  const lines = [];
  const n = kind === 'EC PRIVATE KEY' ? 3 : ri(4, 7);
  lines.push('MII' + b64(61));
  for (let i = 1; i < n; i++) lines.push(b64(64));
  lines.push(b64(ri(8, 40)) + pick(['=', '==', '']));
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----`;
}
export function socialUrl(p) {
  const [f, l] = p.rom;
  return pick([
    () => `https://www.facebook.com/${f}.${l}.${ri(1, 99)}`, () => `https://facebook.com/${f}.${l}`, () => `https://www.linkedin.com/in/${f}-${l}-${hex(6)}/`,
    () => `https://instagram.com/${f}.${l[0]}${ri(70, 99)}`, () => `https://x.com/${f}${l}${ri(1, 99)}`, () => `https://www.${f}${l}.com`, () => `https://${f}${l}.me/about`,
    () => `https://www.tiktok.com/@${f}_${l}`,
  ])();
}
export function portalUrl(p) {
  const [f, l] = p.rom;
  return pick([
    () => `https://mychart.example-health.org/patient/${f}-${l}-${ri(1930, 2010)}`,
    () => `https://portal.example-clinic.com/p/${f}.${l}/summary`,
    () => `https://care.example.org/u/${f[0]}${l}${ri(1, 99)}/visits`,
  ])();
}
export const statusLevel = () => pick(['info', 'INFO', 'warn', 'WARN', 'error', 'debug']);
export const ms = () => `${ri(1, 2400)}ms`;
export const ua = () => pick([
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'node-fetch/1.0', 'Vercelbot/0.1', 'curl/8.4.0', 'okhttp/4.12.0',
]);
export { cat };
