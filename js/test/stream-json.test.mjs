// Streamed JSON and NDJSON keep their structure: createRedactingStream with
// `format: 'json'` scans windows of whole array elements as JSON under their
// path, `format: 'ndjson'` each line as JSON, and wrapRouteHandler uses them
// for JSON over maxBufferBytes and for NDJSON types. Against the built
// package; synthetic PHI only (Zoltan Quibble, Ysolde; 219-09-9999 is a
// synthetic SSN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { wrapRouteHandler, createRedactingStream } from 'phi-guard/next';
import { rng, split } from './support/chunks.mjs';

const guard = await createGuard();
const SSN = '219-09-9999';
const NAMES = ['Zoltan', 'Quibble', 'Ysolde'];
const req = () => new Request('https://app.example.com/api/patients');
const never = { guard, route: '/api/patients', returnsPhi: 'never' };
const utf8 = (s) => new TextEncoder().encode(s);
const json = (text) => guard.scan(text, { format: 'json' }).redacted;
const noNames = (out) => { for (const n of [...NAMES, SSN]) assert.ok(!out.includes(n), `${n} was sent`); };

const source = (chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
const streamed = (chunks, options) => new Response(source(chunks).pipeThrough(createRedactingStream(guard, options))).text();

/**
 * Whether `out` is `input` with some stretches replaced by `[TYPE]` tags and
 * nothing else changed: every byte outside a redaction is kept, in order.
 */
function sameOutside(input, out) {
  const parts = out.split(/\[[A-Z_]+\]/);
  if (!input.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    const next = i === parts.length - 1 ? input.length - p.length : input.indexOf(p, at + 1);
    if (next <= at || !input.startsWith(p, next)) return false;
    at = next + p.length;
  }
  return at === input.length;
}

// --- The reviewer's reproductions ---------------------------------------------

test('route handler: a JSON array over maxBufferBytes (5.7 MB, 40,000 records) is redacted with its keys, as one shot would', { timeout: 120_000 }, async () => {
  const records = Array.from({ length: 40_000 }, (_, i) => ({
    id: `p${i}`, patient: { first: 'Zoltan', last: 'Quibble' }, status: 'active', visit: 'follow up in two weeks', ward: 'north',
    given: ['Ysolde'],
  }));
  const res = await wrapRouteHandler(() => Response.json(records), never)(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  const text = JSON.stringify(records);
  assert.ok(text.length > 5.5e6, 'over the default 5 MB buffer');
  const out = await res.text();
  noNames(out);
  assert.ok(out === json(text), 'the same as a one-shot JSON redaction of the whole body');
  assert.equal(JSON.parse(out).length, 40_000);
});

test('route handler: a FHIR Patient as application/fhir+ndjson is redacted as application/fhir+json redacts it', async () => {
  const patient = { resourceType: 'Patient', id: 'pt-1', name: [{ family: 'Quibble', given: ['Zoltan', 'Q'] }] };
  const one = await (await wrapRouteHandler(() => new Response(JSON.stringify(patient), { headers: { 'content-type': 'application/fhir+json' } }), never)(req(), {})).text();
  assert.match(one, /"given":\["\[NAME\]","\[NAME\]"\]/);
  for (const type of ['application/fhir+ndjson', 'application/x-ndjson', 'application/jsonl', 'application/x-ldjson']) {
    const lines = `${JSON.stringify(patient)}\n${JSON.stringify({ ...patient, id: 'pt-2' })}\n`;
    const res = await wrapRouteHandler(() => new Response(lines, { headers: { 'content-type': type } }), never)(req(), {});
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', type);
    const out = await res.text();
    noNames(out);
    assert.equal(out, `${one}\n${json(JSON.stringify({ ...patient, id: 'pt-2' }))}\n`, type);
  }
});

// --- JSON windows -------------------------------------------------------------

/** An array of records whose strings hold escapes, `\u` escapes, multi-byte characters and JSON punctuation. */
function tricky(count) {
  const items = [];
  for (let i = 0; i < count; i++) {
    items.push({
      id: i,
      note: `say "hi", [then] {leave}, \\ back é😀 ${i % 3 ? 'ok' : 'fine'}`,
      patient: { first: 'Zoltan', last: 'Quibble', ssn: SSN },
      given: ['Ysolde', `na\u00efve ${'日本'.repeat(i % 5)}`],
      tags: [[1, 2, [3, '4,5']], { 'key, with "quotes"': ['x', 'y'] }],
    });
  }
  // `\u00e9` written as an escape, not as the character, in half the records.
  return JSON.stringify(items).replace(/é/g, (m, at) => (at % 2 ? '\\u00e9' : m));
}

test('json: the same output whatever the chunks (splits in escapes, \\u escapes, surrogate pairs), equal to one shot', async () => {
  const text = tricky(60);
  const want = json(text);
  noNames(want);
  const bytes = utf8(text);
  const random = rng(7);
  for (const maxChunk of [1, 7, 64, 5000]) {
    const out = await streamed(split(bytes, random, maxChunk), { format: 'json', maxWindow: 1024 });
    assert.ok(out === want, `chunks up to ${maxChunk} bytes: not the one-shot redaction`);
  }
  // A surrogate pair split between two chunks, right at a window's end.
  const at = bytes.indexOf(0xf0, 1000);
  assert.ok(await streamed([bytes.slice(0, at + 2), bytes.slice(at + 2)], { format: 'json', maxWindow: 1024 }) === want);
});

test('json: a Bundle keeps its path: entries under "entry", values before and after the array scanned', async () => {
  const entry = (i) => ({ fullUrl: `urn:uuid:${i}`, resource: { resourceType: 'Patient', id: `pt-${i}`, name: [{ family: 'Quibble', given: ['Zoltan'] }], birthDate: '1962-03-14' } });
  const bundle = {
    resourceType: 'Bundle', type: 'searchset', total: 50, patient: { first: 'Ysolde', last: 'Quibble' },
    entry: Array.from({ length: 50 }, (_, i) => entry(i)),
    subject: { patient: { first: 'Zoltan' } },
  };
  const text = JSON.stringify(bundle, null, 2);
  const out = await streamed([utf8(text)], { format: 'json', maxWindow: 1024 });
  noNames(out);
  assert.ok(out === json(text), 'the same as one shot: each entry is whole in its window');
  assert.deepEqual(Object.keys(JSON.parse(out)), Object.keys(bundle));
});

test('json: deep nesting is cut at inner arrays under its path; past 1,000 levels it is text, nothing lost', async () => {
  // 150 levels of {"level":[...]} around an array of patients, cut inside it.
  const depth = 150;
  const inner = Array.from({ length: 40 }, (_, i) => ({ n: i, patient: { first: 'Zoltan', last: 'Quibble' }, ssn: SSN }));
  const text = '{"level":['.repeat(depth) + JSON.stringify(inner).slice(1, -1) + ']}'.repeat(depth);
  const out = await streamed(split(utf8(text), rng(3), 300), { format: 'json', maxWindow: 1024 });
  noNames(out);
  assert.ok(out === json(text));
  // Deeper than the tokenizer follows: the rest is text (the SSN is found as text), nothing dropped, no crash.
  const deep = `[${'['.repeat(3000)}"ssn ${SSN}"${']'.repeat(3000)}, "SSN: ${SSN}"]`;
  const deepOut = await streamed(split(utf8(deep), rng(4), 500), { format: 'json', maxWindow: 1024 });
  assert.ok(!deepOut.includes(SSN));
  assert.ok(sameOutside(deep, deepOut), 'only the values changed');
});

test('json: malformed bodies are redacted as text, with no crash and nothing lost', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => `{"n":${i},"note":"SSN ${SSN}","patient":{"first":"Zoltan"}}`);
  const bodies = [
    `[${rows.join(',')}]]]${rows.join(',')}`, // closes too often
    `[${rows.slice(0, 10).join(',')},{"a": }, ${rows.slice(10).join(',')}]`, // a value missing
    `[${rows.join(',')}`, // cut short
    `[${rows.join(',')}]\n[${rows.join(',')}]`, // two documents
    `{"a":{"b":"SSN ${SSN} ${'x'.repeat(3000)}`, // an unterminated string
    `{${rows.join(',')}}`, // objects where keys belong
  ];
  for (const body of bodies) {
    const out = await streamed(split(utf8(body), rng(body.length), 200), { format: 'json', maxWindow: 1024 });
    assert.ok(!out.includes(SSN), 'the SSNs are found as text');
    assert.ok(sameOutside(body, out), 'every byte outside a redaction is kept');
  }
});

test('json: a path whose key is itself PHI falls back to text for those windows, never sending the key', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `{"n":${i},"note":"SSN ${SSN}"}`);
  const body = `{"${SSN}":[${rows.join(',')}]}`;
  const out = await streamed([utf8(body)], { format: 'json', maxWindow: 1024 });
  assert.ok(!out.includes(SSN));
  assert.ok(sameOutside(body, out));
});

test('json: no array boundary within the window (a long object, a long string) is scanned as text up to the next one', async () => {
  const big = { note: `seen by Dr. Who. SSN ${SSN}. ${'lorem ipsum '.repeat(400)}`, more: 'x' };
  const text = JSON.stringify([big, { patient: { first: 'Zoltan', last: 'Quibble' } }, { patient: { first: 'Zoltan' } }, big]);
  const out = await streamed(split(utf8(text), rng(9), 100), { format: 'json', maxWindow: 1024 });
  assert.ok(!out.includes(SSN));
  assert.ok(sameOutside(text, out));
  assert.doesNotThrow(() => JSON.parse(out));
});

test('json: a 10 MB body streams in bounded memory and comes out byte for byte outside the redactions', { timeout: 120_000 }, async () => {
  const record = (i) => `{"id":"p${i}","patient":{"first":"Zoltan","last":"Quibble"},"note":"SSN ${SSN}, call 555-0142","given":["Ysolde"]}`;
  const redacted = (i) => json(record(i));
  const count = Math.ceil(10 * 1024 * 1024 / record(0).length);
  // Pulled 64 KB at a time, as the response is read: what has been pulled but
  // not yet come out is what the pipe holds.
  let i = 0;
  let pulled = 0;
  let held = 0;
  const enc = new TextEncoder();
  const body = new ReadableStream({
    pull(c) {
      if (i >= count) { c.close(); return; }
      let s = i === 0 ? '[' : '';
      while (s.length < 64 * 1024 && i < count) { s += record(i) + (i === count - 1 ? ']' : ','); i++; }
      const b = enc.encode(s);
      pulled += b.length;
      c.enqueue(b);
    },
  });
  // Streamed past 256 KB (the buffering before that is the wrapper's, not the stream's).
  const res = await wrapRouteHandler(() => new Response(body, { headers: { 'content-type': 'application/json' } }), { ...never, maxBufferBytes: 256 * 1024 })(req(), {});
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  // Input bytes whose redaction has come out whole (ASCII: a byte a character).
  let done = 1;
  // Compared as it comes, against each record redacted alone: the output is never held whole.
  let expect = '[';
  let next = 0;
  let mismatch = false;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    const piece = dec.decode(r.value, { stream: true });
    let k = 0;
    while (k < piece.length) {
      if (expect.length === 0) { expect = redacted(next) + (next === count - 1 ? ']' : ','); next++; }
      const n = Math.min(expect.length, piece.length - k);
      if (piece.slice(k, k + n) !== expect.slice(0, n)) mismatch = true;
      expect = expect.slice(n);
      k += n;
      if (expect.length === 0 && next > 0) done += record(next - 1).length + 1;
    }
    held = Math.max(held, pulled - done);
  }
  assert.equal(pulled > 10 * 1024 * 1024, true);
  assert.ok(!mismatch && next === count && expect === '', 'the output is each record redacted alone, and nothing else');
  assert.ok(held < 1024 * 1024, `the pipe held ${held} bytes at once`);
  assert.ok(held > 0);
});

test('json: a key read across chunks while text had taken over still labels the array under it', async () => {
  // The note has no array boundary within the window, so text takes over up to
  // the `[` after "mrn", a key cut into pieces by 1-3 byte chunks; the MRNs
  // are found only through that key (a bare 00482913 is no identifier).
  const mrns = Array.from({ length: 300 }, (_, i) => `"${String(482_913 + i).padStart(8, '0')}"`);
  const text = `{"note":"${'plain words '.repeat(250)}","medical record number":[${mrns.join(',')}]}`;
  assert.ok(!json(`[${mrns[0]}]`).includes('[MRN]'), 'a bare number is not found');
  for (const seed of [1, 2, 3]) {
    const out = await streamed(split(utf8(text), rng(seed), 3), { format: 'json', maxWindow: 1024 });
    assert.ok(out === json(text), `seed ${seed}: not the one-shot redaction`);
    assert.equal(out.split('[MRN]').length - 1, 300);
  }
});

// --- NDJSON -------------------------------------------------------------------

test('ndjson: CRLF, blank lines, record separators and a last line without a newline are kept, each line scanned as JSON', async () => {
  const line = (i) => JSON.stringify({ n: i, patient: { first: 'Zoltan', last: 'Quibble' }, given: ['Ysolde'] });
  const body = `${line(0)}\r\n\r\n  \n\u001e${line(1)}\n${line(2)}\r\n${line(3)}`;
  const want = `${json(line(0))}\r\n\r\n  \n\u001e${json(line(1))}\n${json(line(2))}\r\n${json(line(3))}`;
  for (const maxChunk of [1, 5, 1000]) {
    const out = await streamed(split(utf8(body), rng(maxChunk), maxChunk), { format: 'ndjson' });
    assert.equal(out, want, `chunks up to ${maxChunk} bytes`);
  }
  noNames(want);
});

test('ndjson: a line longer than the window is scanned as text up to its newline; the lines around it as JSON', async () => {
  const short = JSON.stringify({ patient: { first: 'Zoltan', last: 'Quibble' } });
  const long = JSON.stringify({ note: `SSN ${SSN} ${'word '.repeat(600)} SSN ${SSN}` });
  const body = `${short}\n${long}\n${short}\n`;
  const out = await streamed(split(utf8(body), rng(2), 300), { format: 'ndjson', maxWindow: 1024 });
  const [a, b, c] = out.split('\n');
  assert.equal(a, json(short));
  assert.equal(c, json(short));
  assert.ok(!b.includes(SSN) && sameOutside(long, b));
});

// --- Failures -------------------------------------------------------------------

test('a guard failing mid-stream under onGuardError "open" sends the rest as it came: no byte lost', async () => {
  for (const format of ['json', 'ndjson', 'text']) {
    let calls = 0;
    const failing = { scan: (text, o) => { if (++calls === 4) throw new PhiGuardError('trap', 'trap'); return guard.scan(text, o); } };
    const rows = Array.from({ length: 200 }, (_, i) => `{"n":${i},"note":"SSN ${SSN}"}`);
    const body = format === 'ndjson' ? rows.join('\n') : `[${rows.join(',')}]`;
    const stream = source(split(utf8(body), rng(1), 700)).pipeThrough(createRedactingStream(failing, { format, lookbehind: 64, maxWindow: 1024, onGuardError: () => 'open' }));
    const out = await new Response(stream).text();
    assert.ok(out.includes('[SSN]') && out.includes(SSN), `${format}: redacted, then unscanned`);
    assert.ok(sameOutside(body, out), `${format}: every byte kept`);
  }
});
