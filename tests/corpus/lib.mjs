// Shared helpers for the phi-guard corpus generator and validator.
// No dependencies; plain Node 20 ESM.

// ---------------------------------------------------------------------------
// Checksums (used both to generate and to validate)
// ---------------------------------------------------------------------------

export function luhnCheckDigit(partial) {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = partial.charCodeAt(partial.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(digits) {
  if (!/^\d+$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === +digits[digits.length - 1];
}

export function ssnValid(s) {
  const d = s.replace(/[- ]/g, '');
  if (!/^\d{9}$/.test(d)) return false;
  const area = d.slice(0, 3), group = d.slice(3, 5), serial = d.slice(5);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  return true;
}

export function mod97(numStr) {
  let r = 0;
  for (let i = 0; i < numStr.length; i += 7) r = Number(String(r) + numStr.slice(i, i + 7)) % 97;
  return r;
}

function ibanNumeric(s) {
  let out = '';
  for (const ch of s) out += /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
  return out;
}

export function ibanCheckDigits(cc, bban) {
  const r = mod97(ibanNumeric(bban + cc + '00'));
  return String(98 - r).padStart(2, '0');
}

export const IBAN_LENGTHS = { DE: 22, GB: 22, FR: 27, NL: 18, ES: 24, IT: 27, CH: 21, BE: 16, IE: 22, AT: 20, PT: 25 };

export function ibanValid(s) {
  const v = s.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v)) return false;
  const len = IBAN_LENGTHS[v.slice(0, 2)];
  if (len && v.length !== len) return false;
  return mod97(ibanNumeric(v.slice(4) + v.slice(0, 4))) === 1;
}

export function abaValid(s) {
  if (!/^\d{9}$/.test(s)) return false;
  const d = [...s].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}

const VIN_MAP = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
export function vinCheckChar(vin) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    const v = /\d/.test(c) ? +c : VIN_MAP[c];
    sum += v * VIN_W[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}
export function vinValid(vin) {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return false;
  return vinCheckChar(vin) === vin[8];
}

export const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
export const MBI_RE = /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/;
export function mbiValid(s) {
  return MBI_RE.test(s.replace(/-/g, ''));
}
// "looks like an MBI": 11 chars (dashes ignored), digit then letter, digit at pos 4.
export function looksLikeMbi(s) {
  const v = s.replace(/-/g, '');
  return v.length === 11 && /^[0-9][A-Z][A-Z0-9][0-9]/.test(v);
}

export function deaCheckDigit(six) {
  const d = [...six].map(Number);
  return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
}
export function deaValid(s) {
  if (!/^[A-Z][A-Z9]\d{7}$/.test(s)) return false;
  return deaCheckDigit(s.slice(2, 8)) === +s[8];
}

export function npiValid(s) {
  return /^\d{10}$/.test(s) && luhnValid('80840' + s);
}

// ---------------------------------------------------------------------------
// Fragment model: a text built from segments, some of them typed (PHI spans).
// Offsets are JS string indices = UTF-16 code units.
// ---------------------------------------------------------------------------

export class F {
  constructor(segs) { this.segs = segs; }
}

export const P = (type, v) => new F([{ s: String(v), type, num: typeof v === 'number' }]);

function addTo(segs, v) {
  if (v instanceof F) segs.push(...v.segs);
  else if (Array.isArray(v)) v.forEach((x) => addTo(segs, x));
  else if (v !== null && v !== undefined && v !== false) segs.push({ s: String(v) });
}

export function L(strs, ...vals) {
  const segs = [];
  strs.forEach((s, i) => {
    if (s) segs.push({ s });
    if (i < vals.length) addTo(segs, vals[i]);
  });
  return new F(segs);
}

export function cat(...vals) {
  const segs = [];
  addTo(segs, vals);
  return new F(segs);
}

export function join(arr, sep) {
  const segs = [];
  arr.forEach((x, i) => { if (i) addTo(segs, sep); addTo(segs, x); });
  return new F(segs);
}

export const toF = (v) => (v instanceof F ? v : cat(v));

export function fmap(v, fn) {
  return new F(toF(v).segs.map((x) => ({ ...x, s: fn(x.s) })));
}

export const plain = (v) => toF(v).segs.map((x) => x.s).join('');

// JSON serialisation that keeps track of typed segments.
// A typed number (P(type, 123)) is emitted as a bare number token.
export function J(v, style = 'compact') {
  const colon = style === 'spaced' ? ': ' : ':';
  const comma = style === 'spaced' ? ', ' : ',';
  if (v instanceof F) {
    if (v.segs.length === 1 && v.segs[0].num) return v;
    return cat('"', fmap(v, (s) => JSON.stringify(s).slice(1, -1)), '"');
  }
  if (v === null) return cat('null');
  if (typeof v === 'string') return cat(JSON.stringify(v));
  if (typeof v === 'number' || typeof v === 'boolean') return cat(String(v));
  if (Array.isArray(v)) return cat('[', join(v.map((x) => J(x, style)), comma), ']');
  const parts = [];
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    parts.push(cat(JSON.stringify(k), colon, J(val, style)));
  }
  return cat('{', join(parts, comma), '}');
}

export function finalize(v) {
  const f = toF(v);
  let text = '';
  const spans = [];
  for (const seg of f.segs) {
    const start = text.length;
    text += seg.s;
    if (seg.type) spans.push({ start, end: text.length, type: seg.type });
  }
  return { text, spans };
}

export const TYPES = ['NAME', 'ADDRESS', 'ZIP_CODE', 'DATE', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN',
  'HEALTH_PLAN_ID', 'ACCOUNT_NUMBER', 'LICENSE_NUMBER', 'VEHICLE_ID', 'DEVICE_ID', 'URL', 'IP_ADDRESS',
  'BIOMETRIC_ID', 'OTHER_ID', 'CREDIT_CARD', 'IBAN', 'BANK_ROUTING', 'SECRET'];
export const KINDS = ['log', 'json', 'html', 'url', 'text', 'error'];
