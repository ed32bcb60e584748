// The redacted text that Guard.scan and Guard.redactText build in JS from the
// core's findings and replacement pieces (src/wasm.rs `WasmGuard::scan`), or
// for a dense ASCII scan take whole from the core, against the built package. The reference splices the same pieces into the
// input's UTF-8 bytes, as the Rust core renders it (src/guard.rs `render`),
// and decodes the result, which is what the core used to return whole: it
// shares no code with the JS splice (UTF-16 slices, lone surrogates as
// U+FFFD by `toWellFormed`), nor its reading of the string table.
// Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createGuard } from 'phi-guard';
import { WasmGuard, wasmMemory } from '../dist/wasm/phi_guard.js';

const NONE = 0xffffffff;
/** Numbers before the findings, and the formats by number (src/wasm.rs `HEADER`, `FORMATS`). */
const HEADER = 12;
/** Set in a piece's number when it is a tag's id (src/wasm.rs `BOOK_PIECE`). */
const BOOK_PIECE = 0x80000000;
const FORMATS = ['auto', 'text', 'log', 'error', 'json', 'html', 'url', 'csv'];
const KEY = 'redacted-test-key-0123456789';
const CONFIGS = [
  {},
  ...['mask', 'partialMask', 'remove', 'pseudonym', 'generalize'].map((op) => ({ operators: { '*': op }, pseudonymKey: KEY })),
  // Per-type operators, and a custom pattern whose masked pieces keep any
  // character of the input (NUL, quotes, emoji): no separator is safe.
  { operators: { SSN: 'partialMask', DATE: 'generalize', NAME: 'pseudonym', OTHER_ID: 'mask' }, pseudonymKey: KEY, customPatterns: [{ id: 'any', pattern: 'X[^X]{1,8}X', type: 'OTHER_ID' }] },
];

/** Findings with their piece (`null` when nested), read from a raw wasm handle. */
function rawScan(handle, text, format) {
  const bytes = encoder.encode(text);
  // The room first: it may grow the memory, which detaches an older buffer.
  const at = handle.inputAt(0, bytes.length);
  new Uint8Array(wasmMemory().buffer, at, bytes.length).set(bytes);
  // Holding no class or tag of the handle's: all of them sent.
  const size = handle.scan(bytes.length, FORMATS.indexOf(format), false, 0, 0);
  const n = new Uint32Array(wasmMemory().buffer, handle.numbersAt(), size).slice();
  const table = new TextDecoder().decode(new Uint8Array(wasmMemory().buffer, n[6], n[7]));
  const [count, classes, tags] = [n[2], n[3], n[10]];
  assert.deepEqual([n[9], n[11]], [0, 0], 'every class and tag sent, from the first');
  const ends = Array.from(n.subarray(HEADER + count * 4 + classes * 4 + tags));
  assert.equal(ends.at(-1) ?? 0, table.length, 'the last entry ends the table (no entry: an empty table)');
  const entry = (i) => {
    assert.ok(i < ends.length, 'an entry of the table');
    return table.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
  };
  const findings = [];
  assert.equal(n[4], Number(text.toWellFormed().includes('\uFFFD')), 'whether the bytes hold U+FFFD');
  for (let i = HEADER; i < HEADER + count * 4; i += 4) {
    assert.ok(n[i] < classes, 'a class of the scan');
    const klass = HEADER + count * 4 + n[i] * 4;
    const [type, score, detector, reason] = [entry(n[klass]), Number(entry(n[klass + 1])), entry(n[klass + 2]), entry(n[klass + 3])];
    const piece = n[i + 3];
    const tag = piece !== NONE && piece >= BOOK_PIECE ? piece - BOOK_PIECE : undefined;
    assert.ok(tag === undefined || tag < tags, 'a tag the handle sent');
    const text = piece === NONE ? null : tag === undefined ? entry(piece) : entry(n[HEADER + count * 4 + classes * 4 + tag]);
    // A tag, kept by the package for the handle's life, is the type's tag
    // and nothing of the input.
    if (tag !== undefined) assert.ok(text === `[${type}]` || text === `"[${type}]"`, `a tag piece is its type's tag: ${type}`);
    findings.push({ type, start: n[i + 1], end: n[i + 2], score, detector, reason, piece: text });
  }
  // The core's own rendering, sent for a scan dense with findings.
  const whole = n[5] === NONE ? undefined : entry(n[5]);
  return { findings, format: FORMATS[n[0]], fallback: n[1] === NONE ? undefined : entry(n[1]), whole };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 offset of each UTF-16 offset of `text` (a lone surrogate: the 3 bytes of U+FFFD). */
function utf8Offsets(text) {
  const at = new Array(text.length + 1).fill(-1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    at[i] = b;
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    b += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (pair) i++; // no offset may point inside the pair: it stays -1
  }
  at[text.length] = b;
  return at;
}

/** The core's render: each non-nested finding's bytes replaced by its piece, in UTF-8. */
function reference(text, findings) {
  const bytes = encoder.encode(text);
  const off = utf8Offsets(text);
  const parts = [];
  let pos = 0;
  for (const f of findings) {
    assert.ok(off[f.start] >= 0 && off[f.end] >= 0, 'offsets on character boundaries');
    if (f.piece === null) {
      assert.ok(off[f.start] >= 0 && off[f.end] <= pos, 'a finding without a piece is inside a replaced one');
      continue;
    }
    assert.ok(off[f.start] >= pos, 'replaced findings do not overlap');
    parts.push(bytes.subarray(pos, off[f.start]), encoder.encode(f.piece));
    pos = off[f.end];
  }
  parts.push(bytes.subarray(pos));
  return decoder.decode(Buffer.concat(parts));
}

/** Seeded adversarial inputs: PHI with astral characters, lone surrogates, JSON escapes and query values around and inside it. */
function adversarial(count) {
  let seed = 20260301;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const frags = [
    'ssn 219-09-9999', '219-09-9999', '(312) 555-0142', 'maria.garcia@example.com', 'maría@exämple.com', 'Patient: Maria Garcia', 'Patient: José García',
    'DOB 03/14/1962', 'March 14, 1962', 'age: 94', '62704', '4111 1111 1111 1111', 'MRN: 00123456', '10.0.0.12', 'X\u0000|"😀X', 'X\\u00e9\nX',
    'https://x.test/p?name=Mar%C3%ADa+Garc%C3%ADa&dob=03%2F14%2F1962&age=94', 'see https://portal.test/p/219-09-9999?ssn=219-09-9999 now',
    '{"name":"Jos\\u00e9 Garc\\u00eda","note":"x\\nDOB 03/14/1962\\t\\"q\\"","age":94}', '{"id":"P-0048213","q":{"id":"P-0048213"}}', '"\\ud83d\\ude00"', '"\\ud800"',
    '<p>Maria Garcia &amp; 219-09-9999</p>', '😀', '👩‍⚕️', '\uD83D', '\uDE00', 'é', '中文', '\n', ' ', '"', '\\', '%', '+', '&',
  ];
  const out = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    for (let j = 1 + Math.floor(rnd() * 10); j > 0; j--) t += pick(frags) + pick([' ', ' ', '', '😀', '\uD800', '"', 'é']);
    if (rnd() < 0.3) t = JSON.stringify({ a: t, b: [t.slice(0, 20), 94] });
    out.push([t, pick(['auto', 'text', 'json', 'html', 'url'])]);
  }
  return out;
}

function corpus() {
  const dir = new URL('../../tests/corpus/', import.meta.url);
  const kinds = { json: 'json', html: 'html', url: 'url' };
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').filter(Boolean).map((l) => {
    const c = JSON.parse(l);
    return [c.text, kinds[c.kind] ?? 'text'];
  }));
}

test('the redacted text built in JS is the core rendering, on the corpus and adversarial inputs, with every operator', async () => {
  const inputs = [...corpus(), ...adversarial(400)];
  assert.ok(inputs.length > 2000);
  const seen = { nested: 0, astralPieces: 0, surrogateInputs: 0, replaced: 0 };
  for (const config of CONFIGS) {
    const guard = await createGuard(config);
    const handle = WasmGuard.create(JSON.stringify(config));
    for (const [i, [text, format]] of inputs.entries()) {
      const raw = rawScan(handle, text, format);
      const want = reference(text, raw.findings);
      const scan = guard.scan(text, { format });
      const where = `${JSON.stringify(config).slice(0, 40)} ${format} input #${i}`;
      // Failure messages name the case, never the text (corpus PHI).
      assert.ok(scan.redacted === (raw.findings.length === 0 ? text : want), `scan().redacted differs: ${where}`);
      assert.ok(guard.redactText(text, format) === want, `redactText differs: ${where}`);
      // The guard's classes and tags were sent once, over all the inputs
      // before; the raw scan is sent them all every time.
      const said = (f) => [f.type, f.start, f.end, f.score, f.detector, f.reason];
      assert.deepEqual(scan.findings.map(said), raw.findings.map(said), where);
      assert.equal(scan.format, raw.format);
      assert.equal(scan.fallback, raw.fallback);
      seen.nested += raw.findings.filter((f) => f.piece === null).length;
      seen.astralPieces += raw.findings.filter((f) => /[\uD800-\uDFFF]/.test(f.piece ?? '')).length;
      if (raw.findings.length && /[\uD800-\uDFFF]/.test(text)) seen.surrogateInputs++;
      if (want !== text) seen.replaced++;
    }
    handle.free();
  }
  // The cases that make a splice hard did occur.
  assert.ok(seen.nested > 100 && seen.astralPieces > 10 && seen.surrogateInputs > 100 && seen.replaced > 5000, JSON.stringify(seen));
});

test('a scan dense with findings gets its redacted text whole from the core, and it is the core rendering', async () => {
  // Glued adversarial inputs: thousands of findings, one every few dozen
  // bytes, nested findings among them. ASCII, the core renders them itself
  // (NUL, quotes, JSON escapes and query values included); with lone
  // surrogates and astral characters, or spread out by filler, JS splices.
  const parts = adversarial(3000).map(([t]) => t);
  const ascii = parts.map((t) => t.replace(/[^\x00-\x7f]/g, '~'));
  const denseAscii = ascii.join(' ');
  const sparse = ascii.join(' ' + 'lorem ipsum dolor sit amet '.repeat(40));
  const cases = [[denseAscii, 'text', true], [JSON.stringify(ascii), 'json', true], [denseAscii, 'auto', true], [parts.join(' '), 'text', false], [sparse, 'text', false]];
  const seen = { whole: 0, spliced: 0, surrogates: 0 };
  for (const config of CONFIGS) {
    const guard = await createGuard(config);
    const handle = WasmGuard.create(JSON.stringify(config));
    for (const [text, format, wantWhole] of cases) {
      const raw = rawScan(handle, text, format);
      const want = reference(text, raw.findings);
      const where = `${JSON.stringify(config).slice(0, 40)} ${format} ${raw.findings.length} findings in ${text.length} units`;
      assert.ok(raw.findings.length >= 1024, where);
      assert.equal(raw.whole !== undefined, wantWhole, `whole text sent: ${where}`);
      if (raw.whole !== undefined) assert.ok(raw.whole === want, `the core's rendering: ${where}`);
      assert.ok(guard.scan(text, { format }).redacted === want, `scan().redacted differs: ${where}`);
      assert.ok(guard.redactText(text, format) === want, `redactText differs: ${where}`);
      seen[raw.whole === undefined ? 'spliced' : 'whole']++;
      if (want.includes('\uFFFD')) seen.surrogates++;
    }
    handle.free();
  }
  assert.equal(seen.whole, 3 * CONFIGS.length);
  assert.equal(seen.spliced, 2 * CONFIGS.length);
  assert.ok(seen.surrogates >= CONFIGS.length, JSON.stringify(seen));
});

test('the package takes a dense scan\'s redacted text from the core, not from its own splice', async () => {
  // The core's entry is swapped for a marker of the same length on its way
  // out: a guard that read it returns the marker, one that spliced returns
  // the real redacted text.
  const text = adversarial(3000).map(([t]) => t.replace(/[^\x00-\x7f]/g, '~')).join(' ');
  const guard = await createGuard();
  const { scan } = WasmGuard.prototype;
  let whole = NONE;
  try {
    // After the real scan, the core's entry is overwritten in the module's
    // memory, where the package reads it.
    WasmGuard.prototype.scan = function (...args) {
      const size = scan.apply(this, args);
      const n = new Uint32Array(wasmMemory().buffer, this.numbersAt(), size);
      whole = n[5];
      if (whole !== NONE) {
        const ends = n.subarray(HEADER + n[2] * 4 + (n[3] - n[9]) * 4 + (n[10] - n[11]));
        const from = whole === 0 ? 0 : ends[whole - 1];
        // An ASCII table: units are bytes.
        new Uint8Array(wasmMemory().buffer, n[6] + from, ends[whole] - from).fill('Z'.charCodeAt(0));
      }
      return size;
    };
    const res = guard.scan(text, { format: 'text' });
    assert.notEqual(whole, NONE, 'the scan was dense');
    assert.ok(res.findings.length >= 1024);
    assert.ok(/^Z+$/.test(res.redacted), 'scan() returned the core\'s entry');
    assert.ok(/^Z+$/.test(guard.redactText(text, 'text')), 'redactText() returned the core\'s entry');
  } finally {
    Object.assign(WasmGuard.prototype, { scan });
  }
  // Unpatched, the same text again: the real rendering.
  assert.ok(!/^Z+$/.test(guard.scan(text, { format: 'text' }).redacted));
});

test('redacted text on tricky inputs, literally', async () => {
  const tag = await createGuard();
  const mask = await createGuard({ operators: { '*': 'mask' }, customPatterns: [{ id: 'any', pattern: 'X[^X]{1,8}X', type: 'OTHER_ID' }] });
  const pseudonym = await createGuard({ operators: { '*': 'pseudonym' }, pseudonymKey: KEY });
  const json = '{"name":"Jos\\u00e9 Garc\\u00eda","note":"x\\nssn 219-09-9999","age":94}';
  const url = 'https://x.test/p?name=Mar%C3%ADa+Garc%C3%ADa&age=94&ssn=219-09-9999';
  const cases = [
    // Astral characters before and between findings: UTF-16 offsets.
    [tag, '😀 ssn 219-09-9999 👩‍⚕️ call (312) 555-0142', 'text', '😀 ssn [SSN] 👩‍⚕️ call [PHONE]'],
    // JSON string spans get the piece escaped, bare scalars quoted.
    [tag, json, 'json', '{"name":"[NAME]","note":"x\\nssn [SSN]","age":"[AGE]"}'],
    [mask, json, 'json', '{"name":"**** ******","note":"x\\nssn ***-**-****","age":"**"}'],
    // Query values are percent-encoded again.
    [tag, url, 'url', 'https://x.test/p?name=[NAME]&age=[AGE]&ssn=[SSN]'],
    [mask, url, 'url', 'https://x.test/p?name=*****%20******&age=**&ssn=***-**-****'],
    // A piece holding NUL, a quote and an emoji.
    [mask, 'id X\u0000|;\u001f😀"X and ssn 219-09-9999', 'text', 'id *\u0000|;\u001f😀"* and ssn ***-**-****'],
    // Findings nested in a URL are not rendered twice.
    [tag, 'see https://portal.test/p/219-09-9999?ssn=219-09-9999 now', 'text', 'see [URL] now'],
    [pseudonym, 'ssn 219-09-9999 and 219-09-9999', 'text', 'ssn [SSN:80c6e3] and [SSN:80c6e3]'],
  ];
  for (const [guard, text, format, want] of cases) {
    assert.equal(guard.scan(text, { format }).redacted, want);
    assert.equal(guard.redactText(text, format), want);
  }
  assert.deepEqual(tag.scan(cases[0][1]).findings.map((f) => [f.type, f.start, f.end, f.score]), [['SSN', 7, 18, 0.97], ['PHONE', 30, 44, 0.9]], 'scores as the core wrote them, not widened from f32');
  // Lone surrogates: the core sees U+FFFD. With findings, the redacted text
  // has it; without, scan returns the input itself and redactText the core's view.
  assert.equal(tag.scan('\uD800 ssn 219-09-9999 \uDC00').redacted, '\uFFFD ssn [SSN] \uFFFD');
  assert.equal(tag.redactText('\uD800 ssn 219-09-9999 \uDC00'), '\uFFFD ssn [SSN] \uFFFD');
  const clean = 'lone \uD800 only';
  assert.equal(tag.scan(clean).redacted, clean);
  assert.equal(tag.redactText(clean), 'lone \uFFFD only');
});

test('each format reaches the core as the format it names', async () => {
  // The package passes a format as its number in a list the core holds in
  // the same order (src/wasm.rs `FORMATS`): an order that differed would
  // scan as another format, and the scan says which it used.
  const guard = await createGuard();
  const text = '{"ssn":"219-09-9999"}';
  const table = 'mrn,note\n88421337,ok\n';
  for (const format of FORMATS.slice(1)) assert.equal(guard.scan(format === 'csv' ? table : text, { format }).format, format);
  assert.equal(guard.scan(text).format, 'json', 'auto sniffs');
  assert.equal(guard.scan(table).format, 'csv', 'auto reads a table');
  assert.deepEqual([guard.scan(text, { format: 'csv' }).format, guard.scan(text, { format: 'csv' }).fallback], ['text', 'malformed_csv']);
  for (const format of ['jsonn', 'JSON', '', 7]) {
    assert.throws(() => guard.scan(text, { format }), (e) => e.code === 'input' && /unknown format/.test(e.message), String(format));
  }
});
