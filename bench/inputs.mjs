// Benchmark inputs, generated at run time from a fixed seed (nothing large is
// committed). The PHI in them comes from the corpus value generators
// (tests/corpus/values.mjs and the family templates), so it is synthetic and
// passes the same format and checksum rules as the labelled corpus.
//
//   node bench/inputs.mjs <dir>   writes every input plus manifest.json
//
// Each input is built by drawing from a seeded stream of lines or records
// until the byte target is reached, so a 10 KB and a 10 MB input of the same
// family have the same mix and the cost curve compares like with like.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finalize } from '../tests/corpus/lib.mjs';
import * as V from '../tests/corpus/values.mjs';
import { logs, json, html } from '../tests/corpus/families1.mjs';
import { negatives } from '../tests/corpus/negatives.mjs';

export const KB = 1024;
export const MB = 1024 * KB;

/**
 * Bytes of distinct text a timed loop goes through. A CPU's branch predictor
 * learns the branches of a short input scanned over and over: natively, one
 * 10 KB slice of log-1MB scanned again and again ran at 110 MB/s, and the
 * hundred different 10 KB slices of it, each scanned once, at 60. Real
 * traffic does not repeat itself, so an input under VARIETY bytes comes with
 * `variants`: more inputs of its size, drawn on from the same stream, that
 * the timed loops cycle through (1,024 texts of 1 KB, 11 of 100 KB). The first
 * text is the one in the input's file, the one memory, fuel and accuracy use.
 */
export const VARIETY = MB;

const textOf = (t) => finalize(t.f).text;
const cleanLogs = negatives.filter((n) => { V.seed(1); return n().kind === 'log'; });

/** One log line: about a third carry PHI (corpus log templates), the rest are clean service logs. */
function logLine() {
  if (V.chance(0.35)) return textOf(V.pick(logs)()).replace(/\n/g, '\\n');
  if (V.chance(0.5)) return V.pick(cleanLogs)().text.replace(/\n/g, '\\n');
  return `${V.ts()} ${V.pick(['INFO', 'DEBUG', 'WARN'])} ${V.pick(['GET', 'POST'])} ${V.pick(['/api/health', '/api/appointments/slots', '/dashboard', '/_next/data/build/index.json'])} ${V.pick([200, 200, 304, 404])} ${V.ms()} req=${V.reqId()}`;
}

/** A JSON body: a FHIR-style searchset Bundle whose entries are corpus JSON records (Patient, Encounter, Coverage, app shapes). */
function jsonBody(target) {
  const entries = [];
  let size = 64;
  do {
    const rec = JSON.parse(textOf(V.pick(json)()));
    const entry = { fullUrl: `urn:uuid:${V.uuid()}`, resource: rec, search: { mode: 'match' } };
    entries.push(entry);
    size += JSON.stringify(entry).length + 1;
  } while (size < target);
  return JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: entries.length, entry: entries });
}

/** A server-rendered page: corpus HTML fragments inside clean layout markup. */
function htmlPage(target) {
  const head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Patient portal</title><link rel="stylesheet" href="/_next/static/css/app.css"></head><body><nav class="nav"><a href="/">Home</a><a href="/appointments">Appointments</a><a href="/messages">Messages</a></nav><main>';
  const tail = '</main><footer>© 2025 Example Health · <a href="/privacy">Privacy</a></footer></body></html>';
  const parts = [head];
  let size = head.length + tail.length;
  while (size < target) {
    const p = V.chance(0.6)
      ? `<section class="card">${textOf(V.pick(html)())}</section>`
      : `<div class="row"><span class="label">Visit type</span><span class="value">${V.pick(['Follow-up', 'Annual physical', 'Telehealth'])}</span><button type="button" class="btn btn-primary" data-testid="btn-${V.hex(6)}">Details</button></div>`;
    parts.push(p);
    size += p.length;
  }
  parts.push(tail);
  return parts.join('\n');
}

const LABEL_WORDS = ['patient', 'name', 'DOB', 'SSN', 'MRN', 'phone', 'fax', 'email', 'address', 'member id', 'account', 'policy', 'DEA', 'VIN', 'date of birth', 'social security number', 'insurance id', 'zip'];

/**
 * The adversarial stream: long digit runs, near-miss tokens (checksum
 * failures, invalid SSNs, version strings), label words without values, and
 * dense runs of real findings. It exercises every detector's slow path.
 */
function adversarialSegment() {
  switch (V.ri(0, 5)) {
    case 0: return V.digits(V.ri(200, 4000)); // one long digit run, no separators
    case 1: return Array.from({ length: V.ri(20, 200) }, () => V.digits(V.ri(2, 5))).join(V.pick([' ', '-', '.', '/'])); // digit groups that almost form phones, SSNs, cards, dates
    // IBAN-shaped digits with random check digits (fail mod 97 96 times in 97). Not
    // V.badIban: it loops forever when an IBAN's last ten characters are letters.
    case 2: return Array.from({ length: V.ri(20, 120) }, () => V.pick([V.badCard, V.badSsn, () => `DE${V.digits(20)}`, V.badAba, () => `v${V.ri(1, 20)}.${V.ri(0, 40)}.${V.ri(0, 99)}`, () => `13/45/${V.ri(1900, 2100)}`, () => `${V.ri(1000, 9999)}-${V.ri(10, 99)}-${V.ri(1000, 9999)}`])()).join(' ');
    case 3: return Array.from({ length: V.ri(30, 200) }, () => V.pick(LABEL_WORDS) + V.pick([':', ' ', '=', ': ', '#'])).join(' '); // labels with no values
    // A finding every few bytes; profile links among them (each URL finding is
    // checked against every other finding: once quadratic).
    case 4: return Array.from({ length: V.ri(50, 300) }, () => V.pick([V.ssn, V.email, () => V.phone(), V.card, () => V.dob(2), () => `https://facebook.com/${V.pick(['jane.doe', 'm.garcia', 'jsmith77', 'ana.r'])}`])()).join(' ');
    default: return Array.from({ length: V.ri(50, 300) }, () => V.pick(['Maria', 'Garcia', 'John', 'Smith', 'Dr.', 'Mr.', 'Street', 'Ave', 'Suite', 'IL', 'CA'])).join(' '); // capitalised name and address words without structure
  }
}

/**
 * The dense stream: labelled values back to back, a finding every 20 to 30
 * bytes. Real text is far sparser (the 1 MB log holds a finding every 210
 * bytes); this is the input that holds the most findings, and with them the
 * most memory, per byte of input, so the memory table shows the worst case.
 */
function denseEntry() {
  const ip = () => `${V.ri(11, 223)}.${V.ri(0, 255)}.${V.ri(0, 255)}.${V.ri(1, 254)}`;
  return V.pick([() => `ssn ${V.ssn()}`, () => `mail ${V.email()}`, () => `ip ${ip()}`, () => `DOB ${V.dob(2)}`, () => `phone ${V.phone()}`, () => `MRN ${V.digits(8)}`])();
}

function stream(next, target, sep = '\n') {
  const parts = [];
  let size = 0;
  while (size < target) {
    const s = next();
    parts.push(s);
    size += Buffer.byteLength(s) + sep.length;
  }
  const s = parts.join(sep).slice(0, target);
  // Never end on half a surrogate pair.
  return /[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s;
}

/**
 * Every input: `{ name, family, format, bytes, text }`. `family` groups the
 * cost curve; `format` is the hint phi-guard gets (peers get plain text).
 */
export function buildInputs() {
  const out = [];
  const add = (name, family, format, seedN, make) => {
    V.seed(seedN);
    const text = make();
    // More inputs of the same size from the same stream, until VARIETY bytes.
    const variants = [];
    for (let total = Buffer.byteLength(text); total < VARIETY; ) {
      const v = make();
      variants.push(v);
      total += Buffer.byteLength(v);
    }
    out.push({ name, family, format, bytes: Buffer.byteLength(text), text, variants });
  };
  // Mixed log text, and its cost curve from 1 KB to 10 MB.
  for (const [label, n] of [['1KB', KB], ['10KB', 10 * KB], ['100KB', 100 * KB], ['1MB', MB], ['10MB', 10 * MB]]) {
    add(`log-${label}`, 'log', 'text', 7001, () => stream(logLine, n));
  }
  for (const [label, n] of [['1KB', KB], ['100KB', 100 * KB], ['1MB', MB]]) add(`json-${label}`, 'json', 'json', 7002, () => jsonBody(n));
  for (const [label, n] of [['100KB', 100 * KB], ['1MB', MB]]) add(`html-${label}`, 'html', 'html', 7003, () => htmlPage(n));
  for (const [label, n] of [['1KB', KB], ['10KB', 10 * KB], ['100KB', 100 * KB], ['1MB', MB], ['10MB', 10 * MB]]) {
    add(`adversarial-${label}`, 'adversarial', 'text', 7004, () => stream(adversarialSegment, n));
  }
  // The 100 KB logs again, scanned a call a line as a logger's wrapper
  // does (`lines`): what each call costs beyond its bytes.
  const logs100 = out.find((i) => i.name === 'log-100KB');
  out.push({ ...logs100, name: 'log-100KB-lines', family: 'lines', lines: true });
  // Past the target and cut: the stream stops up to a separator short of it.
  add('dense-1MB', 'dense', 'text', 7005, () => stream(denseEntry, MB + 2, '; ').slice(0, MB));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'bench/out/inputs';
  mkdirSync(dir, { recursive: true });
  const manifest = [];
  for (const inp of buildInputs()) {
    const file = join(dir, `${inp.name}.${inp.format === 'text' ? 'txt' : inp.format}`);
    writeFileSync(file, inp.text);
    const entry = { name: inp.name, family: inp.family, format: inp.format, bytes: inp.bytes, file, ...(inp.lines && { lines: true }) };
    if (inp.variants.length) {
      entry.variants = join(dir, `${inp.name}.variants.json`);
      writeFileSync(entry.variants, JSON.stringify(inp.variants));
    }
    manifest.push(entry);
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  console.log(`[bench] ${manifest.length} inputs in ${dir}`);
}
