// The demo patients' synthetic PHI, and a finder that reports WHICH kind of
// value leaked and where, never the value itself: a failure message of this
// suite must not become a PHI leak of its own.
//
// The values mirror lib/server/patients.ts. The suite does not trust this
// copy blindly: run.mjs fetches the owner's own record through the
// authenticated route and fails if a value listed here is not in it, so a
// drifted list cannot make the PHI checks pass vacuously.

/** p-1001, the demo patient every scenario is about. Type → values. */
export const DEMO_PATIENT = {
  NAME: ['Maria Garcia'],
  DATE: ['1962-03-14'],
  MRN: ['00482913'],
  SSN: ['219-09-9999'],
  PHONE: ['(217) 384-2291'],
  EMAIL: ['maria.garcia@example.com'],
  ADDRESS: ['1420 Maple Avenue'],
  HEALTH_PLAN_ID: ['PHP-884213377'],
};

/** The other synthetic patient: its values must not leak either. */
export const OTHER_PATIENT = {
  NAME: ['David Thompson'],
  DATE: ['1978-11-02'],
  MRN: ['00517740'],
  SSN: ['512-44-7821'],
  PHONE: ['(207) 871-4420'],
  EMAIL: ['david.thompson@example.com'],
  ADDRESS: ['88 Harbor Street'],
  HEALTH_PLAN_ID: ['CCP-301958462'],
};

/**
 * The spellings a value can take on its way out: as is, percent-encoded
 * (URLs, logged request lines), form-encoded, digits only (SSN and phone
 * numbers reformatted), and the family name alone.
 */
function spellings(type, value) {
  const out = new Set([value, encodeURIComponent(value), value.replace(/ /g, '+')]);
  const digits = value.replace(/\D/g, '');
  if (['SSN', 'PHONE', 'MRN'].includes(type) && digits.length >= 8) out.add(digits);
  if (type === 'PHONE') out.add(digits.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1-$2-$3'));
  if (type === 'NAME') for (const part of value.split(' ')) if (part.length >= 5) out.add(part);
  return [...out];
}

/** [{ type, needle }] for every spelling of every value of the given patients. */
export function needles(...patients) {
  const list = [];
  for (const p of patients) {
    for (const [type, values] of Object.entries(p)) {
      for (const v of values) for (const needle of spellings(type, v)) list.push({ type, needle });
    }
  }
  return list;
}

const ALL = needles(DEMO_PATIENT, OTHER_PATIENT);

/**
 * Which PHI types occur in `text`, with a location hint (line number) but no
 * value. Empty array = clean.
 *
 * @example
 * findPhi('{"ssn":"[SSN]"}') // []
 */
export function findPhi(text, list = ALL) {
  const hits = [];
  const lines = text.split('\n');
  for (const { type, needle } of list) {
    const idx = text.indexOf(needle);
    if (idx < 0) continue;
    const line = text.slice(0, idx).split('\n').length;
    if (!hits.some((h) => h.type === type && h.line === line)) hits.push({ type, line, of: lines.length });
  }
  return hits;
}

/** "NAME (line 3), SSN (line 3)" — types and places only. */
export function describeHits(hits) {
  return hits.map((h) => `${h.type} (line ${h.line} of ${h.of})`).join(', ');
}

/** Replaces every known PHI spelling in `text` by `<TYPE>`: for unexpected error messages. */
export function scrub(text) {
  let out = String(text);
  for (const { type, needle } of [...ALL].sort((a, b) => b.needle.length - a.needle.length)) {
    out = out.split(needle).join(`<${type}>`);
  }
  return out;
}
