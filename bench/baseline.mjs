// The baseline peer: the regex redactor a team would write in an afternoon.
// Seven patterns (SSN, phone, e-mail, card, date, IP, ZIP), a Luhn check on
// cards, no context, no labels, no formats. It is fair, not a straw man: each
// pattern is the common one from style guides and Q&A answers, with word
// boundaries so digits inside longer numbers are not matched.

const PATTERNS = [
  ['EMAIL', /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g],
  ['SSN', /\b(?!000|666|9\d\d)\d{3}[- ]?(?!00)\d{2}[- ]?(?!0000)\d{4}\b/g],
  ['CREDIT_CARD', /\b(?:\d[ -]?){12,18}\d\b/g],
  ['PHONE', /(?:\+?1[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{4}\b/g],
  ['DATE', /\b(?:\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4})\b/g],
  ['IP_ADDRESS', /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g],
  ['ZIP_CODE', /\b\d{5}(?:-\d{4})?\b/g],
];

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Findings `{type, start, end}` (UTF-16 offsets), earlier patterns winning
 * overlaps (so an SSN is not also reported as a ZIP).
 */
export function findBaseline(text) {
  const found = [];
  // One byte per code unit marks what is already claimed: linear, not a scan of every finding.
  const claimed = new Uint8Array(text.length);
  const taken = (s, e) => { for (let i = s; i < e; i++) if (claimed[i]) return true; claimed.fill(1, s, e); return false; };
  for (const [type, re] of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index, end = start + m[0].length;
      if (type === 'CREDIT_CARD' && !luhn(m[0].replace(/\D/g, ''))) continue;
      if (!taken(start, end)) found.push({ type, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Findings plus the text with each finding replaced by `[TYPE]` (same work as a scan). */
export function redactBaseline(text) {
  const findings = findBaseline(text);
  let out = '', at = 0;
  for (const f of findings) { out += text.slice(at, f.start) + `[${f.type}]`; at = f.end; }
  return { findings, redacted: out + text.slice(at) };
}
